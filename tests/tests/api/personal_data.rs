//! "Meine Daten": the export holds every row that refers to the person (checked against the
//! live schema, so that a new table or column cannot be forgotten), erasure removes or
//! anonymises all of it and leaves the reports' data consistent, and the retention job deletes
//! what is old, once a day across instances.

use std::collections::{BTreeMap, BTreeSet};

use app::content::HasContent;
use app::db::{audit_log, outbox, person_summary, user};
use app::personal_data::server::registry::{
    Match, OnErase, REFERENCES, SQLITE_ONLY, WITHOUT_PERSON, may_name_a_person,
};
use app::personal_data::server::retention;
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DbBackend, EntityTrait, PaginatorTrait, QueryFilter, Statement,
};
use server::demo::DEMO_PASSWORD;
use tests::TestApp;
use uuid::Uuid;

async fn strings(db: &DatabaseConnection, sql: &str, columns: &[&str]) -> Vec<Vec<String>> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| row.try_get::<String>("", c).unwrap())
                .collect()
        })
        .collect()
}

/// The live schema: table → columns, and the (table, column) pairs with a foreign key to
/// `users`.
async fn schema(
    db: &DatabaseConnection,
) -> (
    BTreeMap<String, BTreeSet<String>>,
    BTreeSet<(String, String)>,
) {
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut to_users = BTreeSet::new();
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let names = strings(
                db,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                &["name"],
            )
            .await;
            for name in names.into_iter().map(|mut r| r.remove(0)) {
                let columns = strings(
                    db,
                    &format!("SELECT name FROM pragma_table_info('{name}')"),
                    &["name"],
                )
                .await;
                tables.insert(
                    name.clone(),
                    columns.into_iter().map(|mut r| r.remove(0)).collect(),
                );
                for fk in strings(
                    db,
                    &format!("SELECT \"from\" AS col, \"table\" AS target FROM pragma_foreign_key_list('{name}')"),
                    &["col", "target"],
                )
                .await
                {
                    if fk[1] == "users" {
                        to_users.insert((name.clone(), fk[0].clone()));
                    }
                }
            }
        }
        _ => {
            for row in strings(
                db,
                "SELECT c.table_name::text AS t, c.column_name::text AS c \
                 FROM information_schema.columns c JOIN information_schema.tables t \
                 ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
                 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'",
                &["t", "c"],
            )
            .await
            {
                tables
                    .entry(row[0].clone())
                    .or_default()
                    .insert(row[1].clone());
            }
            for row in strings(
                db,
                "SELECT kcu.table_name::text AS t, kcu.column_name::text AS c, ccu.table_name::text AS r \
                 FROM information_schema.table_constraints tc \
                 JOIN information_schema.key_column_usage kcu \
                   ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema \
                 JOIN information_schema.constraint_column_usage ccu \
                   ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
                 WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
                &["t", "c", "r"],
            )
            .await
            {
                if row[2] == "users" {
                    to_users.insert((row[0].clone(), row[1].clone()));
                }
            }
        }
    }
    (tables, to_users)
}

#[tokio::test]
async fn every_table_and_column_that_can_name_a_person_is_covered() {
    let app = TestApp::spawn().await;
    let (tables, to_users) = schema(&app.db).await;
    assert!(tables.len() > 30, "the schema was read: {tables:?}");
    let covered: BTreeSet<(String, String)> = REFERENCES
        .iter()
        .map(|r| (r.table.to_owned(), r.column.to_owned()))
        .collect();
    let person_tables: BTreeSet<&str> = REFERENCES.iter().map(|r| r.table).collect();
    let mut without: BTreeSet<&str> = WITHOUT_PERSON.iter().map(|(t, _)| *t).collect();
    if app.db.get_database_backend() == DbBackend::Sqlite {
        without.extend(SQLITE_ONLY);
    }
    let mut problems = Vec::new();
    for (table, columns) in &tables {
        if !person_tables.contains(table.as_str()) && !without.contains(table.as_str()) {
            problems.push(format!(
                "table {table} is neither in REFERENCES nor in WITHOUT_PERSON"
            ));
        }
        for column in columns {
            if may_name_a_person(column) && !covered.contains(&(table.clone(), column.clone())) {
                problems.push(format!(
                    "column {table}.{column} can name a person but is not in REFERENCES"
                ));
            }
        }
    }
    for (table, column) in &to_users {
        if !covered.contains(&(table.clone(), column.clone())) {
            problems.push(format!(
                "{table}.{column} refers to users but is not in REFERENCES"
            ));
        }
    }
    for (table, column) in &covered {
        if !tables.get(table).is_some_and(|c| c.contains(column)) {
            problems.push(format!(
                "REFERENCES names {table}.{column}, which does not exist"
            ));
        }
    }
    for table in &without {
        if !tables.contains_key(*table) {
            problems.push(format!(
                "WITHOUT_PERSON names {table}, which does not exist"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[derive(sea_orm::FromQueryResult)]
struct IdRow {
    id: Uuid,
}

/// A literal of a person's id in SQL, as each database stores it.
fn id_literal(backend: DbBackend, id: Uuid) -> String {
    match backend {
        DbBackend::Postgres => format!("'{id}'::uuid"),
        _ => format!("x'{}'", id.simple()),
    }
}

/// How many rows of each reference name the person, counted in SQL written here (not with the
/// export's own queries).
async fn rows_about(
    db: &DatabaseConnection,
    person: Uuid,
    email: Option<&str>,
) -> BTreeMap<String, u64> {
    let backend = db.get_database_backend();
    let id = id_literal(backend, person);
    let mut counts = BTreeMap::new();
    for r in REFERENCES {
        let condition = match r.matching {
            Match::Person => format!("{} = {id}", r.column),
            Match::PersonText => format!("{} = '{person}'", r.column),
            Match::Address => match email {
                Some(email) => format!("{} = '{}'", r.column, email.replace('\'', "''")),
                None => "1 = 0".to_owned(),
            },
            Match::Via {
                table,
                key,
                person: column,
            } => {
                format!(
                    "{} IN (SELECT {key} FROM {table} WHERE {column} = {id})",
                    r.column
                )
            }
            // The tags this person would have on each row, computed here and looked up in SQL.
            Match::Keyed => {
                let secret = app::certificate::credential::issuer_key(db, chrono::Utc::now())
                    .await
                    .unwrap()
                    .derive_secret("idea-authors");
                let ids: Vec<(Uuid,)> = sea_orm::FromQueryResult::find_by_statement(
                    Statement::from_string(backend, format!("SELECT id FROM {}", r.table)),
                )
                .all(db)
                .await
                .map(|rows: Vec<IdRow>| rows.into_iter().map(|r| (r.id,)).collect())
                .unwrap();
                let tags: Vec<String> = ids
                    .into_iter()
                    .map(|(row,)| {
                        format!("'{}'", app::ideas::server::author_tag(&secret, row, person))
                    })
                    .collect();
                if tags.is_empty() {
                    "1 = 0".to_owned()
                } else {
                    format!("{} IN ({})", r.column, tags.join(", "))
                }
            }
        };
        let sql = format!("SELECT COUNT(*) AS n FROM {} WHERE {condition}", r.table);
        let row = db
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .unwrap();
        counts.insert(
            format!("{}.{}", r.table, r.column),
            row.try_get::<i64>("", "n").unwrap() as u64,
        );
    }
    counts
}

/// The reports' stored summaries are exactly what a full recomputation from the evidence gives.
async fn summaries_agree_with_the_evidence(app: &TestApp) {
    let rows = || async {
        person_summary::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| (s.user_id, s.spans))
            .collect::<BTreeSet<(Uuid, String)>>()
    };
    let stored = rows().await;
    app::reports::summary::rebuild_all(&app.db, &app.ctx.content().certificates.refresh)
        .await
        .unwrap();
    assert_eq!(
        stored,
        rows().await,
        "the summaries agree with the evidence left"
    );
}

/// Waits until the instance's own retention round at start has finished: a test that moves the
/// clock or applies the rules itself while that round still runs would race it.
async fn startup_round_done(app: &TestApp) {
    let today = retention::job_day(app.clock.now());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app::db::job_run::Entity::find_by_id((retention::JOB.to_owned(), today.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .is_none_or(|run| run.finished_at.is_none())
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the start-up round ran"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn demo_login(app: &TestApp, email: &str) -> reqwest::Client {
    let client = app.client();
    let response = app.login(&client, email, DEMO_PASSWORD).await;
    assert!(response.status().is_success() || response.status().is_redirection());
    client
}

#[tokio::test]
async fn the_demo_employee_gets_every_row_about_them_and_erasure_leaves_the_reports_consistent() {
    let app = TestApp::spawn_with(|c| c.demo_data = true).await;
    let employee_email = "beschaeftigte@musterstadt.example";
    let employee = user::Entity::find()
        .filter(user::Column::Email.eq(employee_email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let client = demo_login(&app, employee_email).await;
    // Some of everything a learner does: a lesson, a passed quiz, a request.
    let module = app.ctx.content().modules[0].id.clone();
    let lesson = app.ctx.content().modules[0].lessons[0].slug.clone();
    let read = app
        .call(
            &client,
            "learning/lesson-read",
            &[("module", &module), ("slug", &lesson)],
        )
        .await;
    assert!(read.status().is_success(), "{}", read.status());
    tests::learning::pass(&app, &client, &module).await;
    let response = app
        .call(
            &client,
            "my-data/correction",
            &[("message", "Ich arbeite jetzt im Bürgerbüro.")],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    // The page shows the request and what is stored.
    let (status, page) = app.page(&client, "/my-data").await;
    assert_eq!(status, 200);
    assert!(page.contains("Ich arbeite jetzt im Bürgerbüro."));

    let response = app.get(&client, "/my-data/export.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"].to_str().unwrap(),
        "private, no-store"
    );
    let text = response.text().await.unwrap();
    let export: serde_json::Value = serde_json::from_str(&text).unwrap();
    let in_export: BTreeMap<String, u64> = export["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                format!(
                    "{}.{}",
                    s["table"].as_str().unwrap(),
                    s["column"].as_str().unwrap()
                ),
                s["rows"].as_array().unwrap().len() as u64,
            )
        })
        .collect();
    let in_database = rows_about(&app.db, employee.id, Some(employee_email)).await;
    for (key, n) in &in_database {
        assert_eq!(
            in_export.get(key).copied().unwrap_or(0),
            *n,
            "{key}: the export must hold every row about the person"
        );
    }
    for key in [
        "users.id",
        "user_role.user_id",
        "session.user_id",
        "lesson_progress.user_id",
        "quiz_attempt.user_id",
        "attempt_answer.attempt_id",
        "evidence.user_id",
        "person_summary.user_id",
        "data_request.user_id",
    ] {
        assert!(
            in_database[key] > 0,
            "the test gave the employee rows in {key}"
        );
    }
    // Every column of the person's row, secrets only as stored.
    let person_row = &export["sections"][0]["rows"][0];
    assert_eq!(person_row["email"], employee_email);
    assert!(
        person_row.get("erased_at").is_some(),
        "every column: {person_row}"
    );
    let hash = employee.password_hash.clone().unwrap();
    assert!(!text.contains(&hash), "the password hash is not exported");
    // The readable form.
    let html = app.get(&client, "/my-data/export.html").await;
    assert_eq!(html.status(), 200);
    let html = html.text().await.unwrap();
    assert!(html.contains("<html lang=\"de\">") && html.contains("Nachweise"));
    assert!(!html.contains(&hash));

    // Erasure: asked for by the employee, carried out by an administrator.
    let response = app
        .call(&client, "my-data/erasure", &[("confirm", "1")])
        .await;
    assert!(response.status().is_success());
    let request: Uuid = {
        let rows = app::db::data_request::Entity::find()
            .filter(app::db::data_request::Column::Kind.eq("erasure"))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        rows[0].id
    };
    let admin = demo_login(&app, "admin@musterstadt.example").await;
    // Without the confirmation nothing happens.
    let refused = app
        .call(
            &admin,
            "admin/data-requests/answer",
            &[("id", &request.to_string()), ("decision", "erase")],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(rows_about(&app.db, employee.id, Some(employee_email)).await["evidence.user_id"] > 0);
    // Sent mail to a colleague that names the employee goes with the erasure; mail still to be
    // sent stays (nobody misses a message) and goes with the mail retention.
    let mention = |status: &str| outbox::ActiveModel {
        id: Set(Uuid::new_v4()),
        message_id: Set(format!("<{}@test>", Uuid::new_v4())),
        idempotency_key: Set(None),
        recipient: Set("scout@musterstadt.example".to_owned()),
        template: Set("help_request".to_owned()),
        locale: Set("de".to_owned()),
        subject: Set("Anfrage".to_owned()),
        body_text: Set(format!("{} bittet um Hilfe.", employee.display_name)),
        body_html: Set(String::new()),
        status: Set(status.to_owned()),
        attempts: Set(1),
        // Not due: the outbox worker must not send it while the test looks.
        next_attempt_at: Set(app.clock.now() + Duration::days(1)),
        lease_owner: Set(None),
        lease_expires_at: Set(None),
        last_error: Set(None),
        created_at: Set(app.clock.now()),
        sent_at: Set(None),
        attachment_name: Set(None),
        attachment_type: Set(None),
        attachment: Set(None),
        attachment_source: Set(None),
        list_unsubscribe: Set(None),
    };
    let sent = mention(outbox::STATUS_SENT)
        .insert(&app.db)
        .await
        .unwrap()
        .id;
    let pending = mention(outbox::STATUS_PENDING)
        .insert(&app.db)
        .await
        .unwrap()
        .id;
    let summaries_before = person_summary::Entity::find().count(&app.db).await.unwrap();
    let erased = app
        .call(
            &admin,
            "admin/data-requests/answer",
            &[
                ("id", &request.to_string()),
                ("decision", "erase"),
                ("confirm", "1"),
            ],
        )
        .await;
    assert!(erased.status().is_success(), "{}", erased.status());

    let after = rows_about(&app.db, employee.id, Some(employee_email)).await;
    for r in REFERENCES {
        let key = format!("{}.{}", r.table, r.column);
        match r.erase {
            // The one mail left is the confirmation of the erasure, queued after it (it goes
            // with the mail retention).
            OnErase::Delete if key == "outbox.recipient" => {
                let left = outbox::Entity::find()
                    .filter(outbox::Column::Recipient.eq(employee_email))
                    .all(&app.db)
                    .await
                    .unwrap();
                assert_eq!(left.len(), 1, "{key} after the erasure");
                assert_eq!(left[0].template, "data_request_answered");
                assert!(!left[0].body_text.contains(&employee.display_name));
            }
            OnErase::Delete | OnErase::Nullify => {
                assert_eq!(after[&key], 0, "{key} after the erasure")
            }
            OnErase::Anonymise | OnErase::Keep { .. } => {}
        }
    }
    assert!(
        outbox::Entity::find_by_id(sent)
            .one(&app.db)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        outbox::Entity::find_by_id(pending)
            .one(&app.db)
            .await
            .unwrap()
            .is_some()
    );
    let account = user::Entity::find_by_id(employee.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(account.erased_at.is_some() && !account.active);
    assert_eq!(account.email, None);
    assert_eq!(account.password_hash, None);
    assert_ne!(account.display_name, employee.display_name);
    assert_eq!(account.personnel_number, None);
    // Nothing the person wrote stays readable.
    let kept = app::db::data_request::Entity::find()
        .filter(app::db::data_request::Column::UserId.eq(employee.id))
        .all(&app.db)
        .await
        .unwrap();
    assert!(kept.iter().all(|r| r.message.is_empty()));
    // The erased employee is logged out and cannot log in again.
    assert_eq!(app.whoami(&client).await, None);
    let again = app
        .login(&app.client(), employee_email, DEMO_PASSWORD)
        .await;
    assert!(!again.status().is_success() && again.status() != 303);

    // The reports' data: one summary fewer, and what is stored is what the evidence gives.
    let summaries_after = person_summary::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(summaries_after + 1, summaries_before);
    summaries_agree_with_the_evidence(&app).await;
    // The erasure is in the audit log, without a name.
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.erased"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!entry.details.contains(&employee.display_name));
}

#[tokio::test]
async fn requests_are_checked_and_only_administrators_answer_them() {
    let app = TestApp::spawn().await;
    let (erika, _) = app
        .logged_in("erika@stadt.example", &[app::auth::Role::Employee])
        .await;
    let (admin, _) = app
        .logged_in("admin@stadt.example", &[app::auth::Role::Admin])
        .await;
    // A correction must say what; an erasure needs the confirmation; one open request per kind.
    for (function, form, field) in [
        ("my-data/correction", vec![("message", "  ")], "message"),
        ("my-data/erasure", vec![("note", "bitte")], "confirm"),
    ] {
        let response = app.call(&erika, function, &form).await;
        assert_eq!(response.status(), 422, "{form:?}");
        assert!(response.text().await.unwrap().contains(field));
    }
    let long = "x".repeat(5000);
    let response = app
        .call(&erika, "my-data/correction", &[("message", &long)])
        .await;
    assert_eq!(response.status(), 422);
    let ok = app
        .call(&erika, "my-data/correction", &[("message", "Name falsch")])
        .await;
    assert!(ok.status().is_success());
    let twice = app
        .call(&erika, "my-data/correction", &[("message", "noch mal")])
        .await;
    assert_eq!(twice.status(), 422);
    // An employee cannot see or answer requests.
    let list = app.call(&erika, "admin/data-requests/list", &[]).await;
    assert_eq!(list.status(), 403);
    let (status, _) = app.page(&erika, "/admin/data-requests").await;
    assert_eq!(status, 403);
    let id = app::db::data_request::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let answer = app
        .call(
            &erika,
            "admin/data-requests/answer",
            &[("id", &id), ("decision", "done")],
        )
        .await;
    assert_eq!(answer.status(), 403);
    // An administrator refuses only with a reason; the person learns the answer by mail.
    let (status, page) = app.page(&admin, "/admin/data-requests").await;
    assert_eq!(status, 200);
    assert!(page.contains("Name falsch") && page.contains("erika@stadt.example"));
    let no_reason = app
        .call(
            &admin,
            "admin/data-requests/answer",
            &[("id", &id), ("decision", "refused")],
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    let erase_correction = app
        .call(
            &admin,
            "admin/data-requests/answer",
            &[("id", &id), ("decision", "erase"), ("confirm", "1")],
        )
        .await;
    assert_eq!(
        erase_correction.status(),
        422,
        "only an erasure request erases"
    );
    let done = app
        .call(
            &admin,
            "admin/data-requests/answer",
            &[
                ("id", &id),
                ("decision", "done"),
                ("answer", "Ist berichtigt."),
            ],
        )
        .await;
    assert!(done.status().is_success());
    let again = app
        .call(
            &admin,
            "admin/data-requests/answer",
            &[("id", &id), ("decision", "done")],
        )
        .await;
    assert_eq!(again.status(), 422, "answered once");
    let mails = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("erika@stadt.example"))
        .filter(outbox::Column::Template.eq("data_request_answered"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(mails, 1);
    let admin_mails = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("admin@stadt.example"))
        .filter(outbox::Column::Template.eq("data_request"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(admin_mails, 1, "the administrators learn of the request");
    // Erika corrects her own name (it comes from nowhere else).
    let renamed = app
        .call(
            &erika,
            "my-data/name",
            &[("display_name", "Erika Muster-Schulz")],
        )
        .await;
    assert!(renamed.status().is_success());
    let (_, page) = app.page(&erika, "/my-data").await;
    assert!(page.contains("Erika Muster-Schulz"));
    let (_, page) = app.page(&erika, "/my-data").await;
    assert!(
        page.contains("Ist berichtigt."),
        "the answer is on the page"
    );
}

#[tokio::test]
async fn retention_deletes_what_is_old_and_erases_long_deactivated_people() {
    let app = TestApp::spawn().await;
    startup_round_done(&app).await;
    let (erika, erika_id) = app
        .logged_in("erika@stadt.example", &[app::auth::Role::Employee])
        .await;
    let (_, leaver) = app
        .logged_in("leaver@stadt.example", &[app::auth::Role::Employee])
        .await;
    let (_, recent) = app
        .logged_in("recent@stadt.example", &[app::auth::Role::Employee])
        .await;
    let module = app.ctx.content().modules[0].id.clone();
    // A pass now, and another a long time later: the first evidence is replaced.
    tests::learning::pass(&app, &erika, &module).await;
    let rules = retention::RetentionRules::default();
    let now = app.clock.now();
    for (person, days) in [
        (leaver, rules.deactivated_people_days + 1),
        (recent, rules.deactivated_people_days - 1),
    ] {
        let mut active: user::ActiveModel = user::Entity::find_by_id(person)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
        active.active = Set(false);
        active.deactivated_at = Set(Some(now - Duration::days(i64::from(days))));
        active.update(&app.db).await.unwrap();
    }
    app.clock
        .advance(Duration::days(i64::from(rules.evidence_days) + 10));
    let erika = app.client();
    app.login(&erika, "erika@stadt.example", tests::PASSWORD)
        .await;
    tests::learning::pass(&app, &erika, &module).await;
    let evidence_before = app::db::evidence::Entity::find()
        .filter(app::db::evidence::Column::UserId.eq(erika_id))
        .count(&app.db)
        .await
        .unwrap();
    assert!(evidence_before >= 2);

    let report = retention::apply(&app.ctx).await.unwrap();
    assert_eq!(
        report.people_erased, 2,
        "both deactivated long enough ago by now"
    );
    let evidence_after = app::db::evidence::Entity::find()
        .filter(app::db::evidence::Column::UserId.eq(erika_id))
        .count(&app.db)
        .await
        .unwrap();
    assert!(report.evidence > 0);
    assert_eq!(evidence_after + report.evidence, evidence_before);
    assert!(
        report.quiz_answers > 0,
        "the old attempt's answers are gone"
    );
    // The replaced evidence took its summary with it: the stored summaries are the rebuilt ones.
    summaries_agree_with_the_evidence(&app).await;
    // A second run has nothing left to do.
    let again = retention::apply(&app.ctx).await.unwrap();
    assert_eq!(again.people_erased, 0);
    assert_eq!(again.evidence, 0);
}

#[tokio::test]
async fn deactivated_people_are_erased_only_after_their_retention() {
    let app = TestApp::spawn().await;
    startup_round_done(&app).await;
    let (_, leaver) = app
        .logged_in("leaver@stadt.example", &[app::auth::Role::Employee])
        .await;
    let days = retention::RetentionRules::default().deactivated_people_days;
    let mut active: user::ActiveModel = user::Entity::find_by_id(leaver)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    active.active = Set(false);
    active.deactivated_at = Set(Some(app.clock.now()));
    active.update(&app.db).await.unwrap();
    app.clock
        .advance(Duration::days(i64::from(days)) - Duration::hours(1));
    assert_eq!(retention::apply(&app.ctx).await.unwrap().people_erased, 0);
    app.clock.advance(Duration::hours(2));
    assert_eq!(retention::apply(&app.ctx).await.unwrap().people_erased, 1);
    let account = user::Entity::find_by_id(leaver)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(account.erased_at.is_some() && account.email.is_none());
}

#[tokio::test]
async fn the_daily_job_runs_once_a_day_across_instances() {
    let app = TestApp::spawn().await;
    startup_round_done(&app).await;
    assert_eq!(retention::run_daily(&app.ctx, "test").await.unwrap(), None);
    app.clock.advance(Duration::days(1));
    let (a, b) = tokio::join!(
        retention::run_daily(&app.ctx, "a"),
        retention::run_daily(&app.ctx, "b")
    );
    let ran = [a.unwrap(), b.unwrap()];
    assert_eq!(ran.iter().filter(|r| r.is_some()).count(), 1, "{ran:?}");
    let runs = app::db::job_run::Entity::find()
        .filter(app::db::job_run::Column::Job.eq(retention::JOB))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(runs.len(), 2, "one row per day");
    assert!(runs.iter().all(|r| r.finished_at.is_some()));
}
