//! The ideas scheme ("Ideenbörse") over HTTP: ideas by name and anonymous, support and
//! comments, the coordination office's status steps with a mail to the submitter at each one,
//! refused input and transitions, the filter, the newsletter's figures, and the proof that an
//! anonymous idea cannot be traced to its author by a coordinator or an administrator.

use std::sync::Arc;
use std::time::Duration;

use app::auth::Role;
use app::context::Clock;
use app::db::{department, idea, idea_comment, idea_status, idea_support, user};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, JsonValue, PaginatorTrait,
    QueryFilter, Set, Statement,
};
use tests::{SmtpServer, TestApp, TestDatabase, mail_bodies, start_time};
use uuid::Uuid;

async fn spawn(smtp: Option<&SmtpServer>) -> TestApp {
    let database = Arc::new(TestDatabase::create().await);
    TestApp::spawn_on(database, Clock::manual(start_time()), |c| {
        if let Some(smtp) = smtp {
            smtp.configure(c);
        }
    })
    .await
    .expect("app starts")
}

/// Dezernat II → Bürgeramt, Ordnungsamt. Returns (dezernat, buergeramt, ordnungsamt).
async fn units(app: &TestApp) -> (Uuid, Uuid, Uuid) {
    let mut ids = Vec::new();
    for (name, parent) in [
        ("Dezernat II", None),
        ("Bürgeramt", Some(0)),
        ("Ordnungsamt", Some(0)),
    ] {
        ids.push(unit(app, name, parent.map(|p: usize| ids[p])).await);
    }
    (ids[0], ids[1], ids[2])
}

async fn unit(app: &TestApp, name: &str, parent: Option<Uuid>) -> Uuid {
    let id = Uuid::new_v4();
    department::ActiveModel {
        id: Set(id),
        parent_id: Set(parent),
        name: Set(name.to_owned()),
        kind: Set("amt".to_owned()),
        created_at: Set(Utc::now()),
        code: Set(None),
    }
    .insert(&app.db)
    .await
    .expect("department");
    id
}

/// A logged-in person with a name, a unit and a language.
async fn person(
    app: &TestApp,
    email: &str,
    name: &str,
    roles: &[Role],
    unit: Option<Uuid>,
    locale: &str,
) -> (reqwest::Client, Uuid) {
    let (client, id) = app.logged_in(email, roles).await;
    let account = user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("user");
    let mut account: user::ActiveModel = account.into();
    account.display_name = Set(name.to_owned());
    account.department_id = Set(unit);
    account.locale = Set(locale.to_owned());
    account.update(&app.db).await.expect("update user");
    (client, id)
}

/// A form case: (what it is, the form, the field refused).
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
/// A server function with its form, and whether the author's unit is checked in its answer.
type Call<'a> = (&'a str, Vec<(&'a str, &'a str)>, bool);

fn ok(response: &reqwest::Response, what: &str) {
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{what}: {}",
        response.status()
    );
}

async fn submit(
    app: &TestApp,
    client: &reqwest::Client,
    title: &str,
    unit: Option<Uuid>,
    anonymous: bool,
) -> Uuid {
    let unit = unit.map(|u| u.to_string()).unwrap_or_default();
    let mut form = vec![
        ("title", title),
        (
            "problem",
            "Heute drucken wir jeden Antrag aus und tragen ihn von Zimmer zu Zimmer.",
        ),
        (
            "proposal",
            "Anträge digital weiterleiten und in der E-Akte ablegen.",
        ),
        ("department", unit.as_str()),
        ("process", "Antragsbearbeitung"),
    ];
    if anonymous {
        form.push(("anonymous", "on"));
    }
    let response = app.call(client, "ideas/submit", &form).await;
    ok(&response, "submit");
    idea::Entity::find()
        .filter(idea::Column::Title.eq(title))
        .one(&app.db)
        .await
        .expect("query")
        .expect("the idea is stored")
        .id
}

async fn row(app: &TestApp, id: Uuid) -> idea::Model {
    idea::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("idea")
}

async fn detail(app: &TestApp, client: &reqwest::Client, id: Uuid) -> serde_json::Value {
    let response = app
        .call(client, "ideas/get", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status(), 200, "ideas/get");
    response.json().await.expect("json")
}

async fn set_status(
    app: &TestApp,
    client: &reqwest::Client,
    id: Uuid,
    status: &str,
    message: &str,
) -> reqwest::Response {
    app.call(
        client,
        "ideas/status",
        &[
            ("id", &id.to_string()),
            ("status", status),
            ("message", message),
        ],
    )
    .await
}

async fn refused(response: reqwest::Response, status: u16, needle: &str, what: &str) {
    assert_eq!(response.status().as_u16(), status, "{what}");
    let body = response.text().await.unwrap_or_default();
    assert!(body.contains(needle), "{what}: {body}");
}

fn mails_to<'a>(messages: &'a [Vec<u8>], to: &str) -> Vec<&'a Vec<u8>> {
    messages
        .iter()
        .filter(|raw| {
            mailparse::parse_mail(raw).is_ok_and(|m| {
                use mailparse::MailHeaderMap;
                m.headers
                    .get_first_value("To")
                    .is_some_and(|v| v.contains(to))
            })
        })
        .collect()
}

fn subject(raw: &[u8]) -> String {
    use mailparse::MailHeaderMap;
    mailparse::parse_mail(raw)
        .ok()
        .and_then(|m| m.headers.get_first_value("Subject"))
        .unwrap_or_default()
}

#[tokio::test]
async fn ideas_by_name_and_anonymous_are_supported_once_and_discussed() {
    let app = spawn(None).await;
    let (_, buergeramt, _) = units(&app).await;
    let (anna, anna_id) = person(
        &app,
        "anna@stadt.example",
        "Anna Albers",
        &[Role::Employee],
        Some(buergeramt),
        "de",
    )
    .await;
    let (ben, ben_id) = person(
        &app,
        "ben@stadt.example",
        "Ben Brandt",
        &[Role::Employee],
        None,
        "de",
    )
    .await;
    let (carla, _) = person(
        &app,
        "carla@stadt.example",
        "Carla Conrad",
        &[Role::Employee],
        None,
        "de",
    )
    .await;
    let (office, _) = person(
        &app,
        "change@stadt.example",
        "Clara Change",
        &[Role::Employee, Role::Coordinator],
        None,
        "de",
    )
    .await;

    let named = submit(
        &app,
        &anna,
        "Digitale Urlaubsanträge",
        Some(buergeramt),
        false,
    )
    .await;
    let anonymous = submit(&app, &ben, "Weniger Papier im Posteingang", None, true).await;

    // Stored: the named idea with its author, the anonymous one without; both only by the day.
    let named_row = row(&app, named).await;
    assert_eq!(named_row.author_id, Some(anna_id));
    assert_eq!(named_row.author_tag, None);
    assert_eq!(named_row.submitted_on, "2026-03-02");
    let anonymous_row = row(&app, anonymous).await;
    assert!(anonymous_row.anonymous);
    assert_eq!(anonymous_row.author_id, None);
    let tag = anonymous_row.author_tag.clone().expect("a tag");
    assert_eq!(tag.len(), 64);
    assert!(!tag.contains(&ben_id.simple().to_string()));
    assert_eq!(anonymous_row.submitted_on, "2026-03-02");

    // The list names Anna and nobody for the anonymous idea.
    let list: serde_json::Value = app
        .call(&carla, "ideas/list", &[])
        .await
        .json()
        .await
        .expect("json");
    let ideas = list["ideas"].as_array().expect("ideas");
    assert_eq!(ideas.len(), 2);
    let of = |id: Uuid| {
        ideas
            .iter()
            .find(|i| i["id"] == id.to_string())
            .cloned()
            .expect("listed")
    };
    assert_eq!(of(named)["author"], "Anna Albers");
    assert_eq!(of(named)["unit"], "Bürgeramt");
    assert!(of(anonymous)["author"].is_null());
    let (status, html) = app.page(&carla, "/ideen").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Digitale Urlaubsanträge") && html.contains("anonym"),
        "{html}"
    );
    assert!(!html.contains("Ben Brandt"));

    // "Meine Ideen": each their own, the anonymous one too; nobody else sees it there.
    let mine: serde_json::Value = app
        .call(&ben, "ideas/mine", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
    assert_eq!(mine[0]["id"], anonymous.to_string());
    let theirs: serde_json::Value = app
        .call(&carla, "ideas/mine", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(theirs.as_array().map(Vec::len), Some(0));
    assert_eq!(detail(&app, &ben, anonymous).await["mine"], true);
    assert_eq!(detail(&app, &carla, anonymous).await["mine"], false);
    assert_eq!(detail(&app, &office, anonymous).await["mine"], false);

    // Support: once per person, never one's own (named or anonymous), and it can be withdrawn.
    let support = |client: &reqwest::Client, id: Uuid, on: bool| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call(
                &client,
                "ideas/support",
                &[
                    ("id", &id.to_string()),
                    ("support", if on { "true" } else { "false" }),
                ],
            )
            .await
        }
    };
    ok(&support(&carla, named, true).await, "carla supports");
    refused(
        support(&carla, named, true).await,
        409,
        "ideas-support-twice",
        "twice",
    )
    .await;
    refused(
        support(&anna, named, true).await,
        409,
        "ideas-support-own",
        "own named",
    )
    .await;
    refused(
        support(&ben, anonymous, true).await,
        409,
        "ideas-support-own",
        "own anonymous",
    )
    .await;
    ok(
        &support(&anna, anonymous, true).await,
        "anna supports the anonymous idea",
    );
    ok(&support(&ben, named, true).await, "ben supports");
    assert_eq!(detail(&app, &carla, named).await["supporters"], 2);
    assert_eq!(detail(&app, &carla, named).await["supported"], true);
    ok(&support(&carla, named, false).await, "carla withdraws");
    assert_eq!(detail(&app, &carla, named).await["supporters"], 1);
    assert_eq!(detail(&app, &carla, named).await["supported"], false);
    assert_eq!(
        idea_support::Entity::find()
            .filter(idea_support::Column::IdeaId.eq(named))
            .count(&app.db)
            .await
            .expect("count"),
        1
    );

    // Comments: by name, with a size limit; the writer deletes their own, nobody else's.
    let comment = |client: &reqwest::Client, id: Uuid, body: String| {
        let client = client.clone();
        let app = &app;
        async move {
            app.call(
                &client,
                "ideas/comment",
                &[("id", &id.to_string()), ("body", &body)],
            )
            .await
        }
    };
    ok(
        &comment(&carla, named, "Gute Idee, das spart Wege.".into()).await,
        "comment",
    );
    refused(
        comment(&carla, named, "   ".into()).await,
        422,
        "body",
        "empty comment",
    )
    .await;
    refused(
        comment(&carla, named, "x".repeat(2001)).await,
        422,
        "field-too-long",
        "long comment",
    )
    .await;
    // The anonymous author comments on their own idea by name: the comment is not marked as
    // the author's in any way.
    ok(
        &comment(&ben, anonymous, "Ich finde das auch wichtig.".into()).await,
        "ben comments",
    );
    let seen = detail(&app, &office, anonymous).await;
    let fields: std::collections::BTreeSet<String> = seen["comments"][0]
        .as_object()
        .expect("comment")
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        fields,
        [
            "author",
            "body",
            "can_delete",
            "can_hide",
            "created",
            "hidden_reason",
            "id"
        ]
        .into_iter()
        .map(String::from)
        .collect()
    );
    assert_eq!(seen["comments"][0]["author"], "Ben Brandt");
    let comments = detail(&app, &carla, named).await["comments"].clone();
    assert_eq!(comments.as_array().map(Vec::len), Some(1));
    assert_eq!(comments[0]["author"], "Carla Conrad");
    let comment_id = comments[0]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        app.call(&anna, "ideas/comment/delete", &[("id", &comment_id)])
            .await
            .status(),
        403,
        "someone else's comment"
    );

    // The office hides an abusive comment with a reason; others cannot.
    ok(
        &comment(&anna, named, "Unsachlicher Beitrag".into()).await,
        "another comment",
    );
    let by_body = |comments: &serde_json::Value, body: &str| {
        comments
            .as_array()
            .expect("comments")
            .iter()
            .find(|c| c["body"] == body)
            .and_then(|c| c["id"].as_str())
            .expect("the comment")
            .to_owned()
    };
    let abusive = by_body(
        &detail(&app, &carla, named).await["comments"],
        "Unsachlicher Beitrag",
    );
    assert_eq!(
        app.call(
            &carla,
            "ideas/comment/hide",
            &[("id", &abusive), ("reason", "Beleidigend")]
        )
        .await
        .status(),
        403
    );
    refused(
        app.call(
            &office,
            "ideas/comment/hide",
            &[("id", &abusive), ("reason", " ")],
        )
        .await,
        422,
        "reason",
        "no reason",
    )
    .await;
    ok(
        &app.call(
            &office,
            "ideas/comment/hide",
            &[("id", &abusive), ("reason", "Beleidigend")],
        )
        .await,
        "hide",
    );
    let shown = detail(&app, &carla, named).await["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .find(|c| c["id"] == abusive.as_str())
        .cloned()
        .expect("the hidden comment");
    assert!(shown["body"].is_null());
    assert_eq!(shown["author"], "");
    assert_eq!(shown["hidden_reason"], "Beleidigend");
    let (_, html) = app.page(&carla, &format!("/ideen/{named}")).await;
    assert!(!html.contains("Unsachlicher Beitrag") && html.contains("Beleidigend"));
    let hidden_audit = app::db::audit_log::Entity::find()
        .filter(app::db::audit_log::Column::Action.eq("idea.comment_hidden"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(hidden_audit, 1);

    ok(
        &app.call(&carla, "ideas/comment/delete", &[("id", &comment_id)])
            .await,
        "delete own",
    );
    assert!(
        idea_comment::Entity::find_by_id(comment_id.parse::<Uuid>().expect("uuid"))
            .one(&app.db)
            .await
            .expect("q")
            .is_none()
    );

    // Unknown ideas are not found.
    assert_eq!(
        app.call(&carla, "ideas/get", &[("id", "nicht-da")])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.call(&carla, "ideas/get", &[("id", &Uuid::new_v4().to_string())])
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn every_status_step_is_mailed_to_the_submitter_and_shown_in_the_history() {
    let smtp = SmtpServer::start();
    let app = spawn(Some(&smtp)).await;
    let (anna, _) = person(
        &app,
        "anna@stadt.example",
        "Anna Albers",
        &[Role::Employee],
        None,
        "en",
    )
    .await;
    let (ben, _) = person(
        &app,
        "ben@stadt.example",
        "Ben Brandt",
        &[Role::Employee],
        None,
        "de",
    )
    .await;
    let (office, _) = person(
        &app,
        "change@stadt.example",
        "Clara Change",
        &[Role::Employee, Role::Coordinator],
        None,
        "de",
    )
    .await;

    let id = submit(&app, &anna, "Online appointments", None, false).await;
    let other = submit(&app, &ben, "Fax abschaffen", None, true).await;

    // Only the office moves ideas.
    assert_eq!(
        set_status(&app, &ben, id, "examining", "").await.status(),
        403
    );
    // Invalid steps and input: a translated 4xx, and nothing changes.
    refused(
        set_status(&app, &office, id, "implemented", "").await,
        409,
        "ideas-transition-invalid",
        "skip ahead",
    )
    .await;
    refused(
        set_status(&app, &office, id, "received", "").await,
        409,
        "ideas-transition-invalid",
        "stand still",
    )
    .await;
    refused(
        set_status(&app, &office, id, "erledigt", "").await,
        422,
        "status",
        "unknown status",
    )
    .await;
    refused(
        set_status(&app, &office, id, "declined", "  ").await,
        422,
        "ideas-reason-required",
        "decline without reason",
    )
    .await;
    refused(
        set_status(&app, &office, id, "examining", &"x".repeat(2001)).await,
        422,
        "field-too-long",
        "long message",
    )
    .await;
    assert_eq!(
        app.call(
            &office,
            "ideas/status",
            &[("id", "kaputt"), ("status", "examining"), ("message", "")]
        )
        .await
        .status(),
        404
    );
    assert_eq!(row(&app, id).await.status, "received");

    for (status, message) in [
        ("examining", "Wir sehen uns das an."),
        ("accepted", "Das machen wir."),
        ("implemented", "Seit heute online."),
    ] {
        app.clock.advance(chrono::Duration::days(1));
        ok(
            &app.login(&office, "change@stadt.example", tests::PASSWORD)
                .await,
            "login again",
        );
        ok(
            &set_status(&app, &office, id, status, message).await,
            status,
        );
        assert_eq!(row(&app, id).await.status, status);
    }
    refused(
        set_status(&app, &office, id, "declined", "Doch nicht").await,
        409,
        "ideas-transition-invalid",
        "after implemented",
    )
    .await;
    ok(
        &app.login(&ben, "ben@stadt.example", tests::PASSWORD).await,
        "login again",
    );
    ok(
        &set_status(
            &app,
            &office,
            other,
            "declined",
            "Das Gesetz verlangt das Fax noch.",
        )
        .await,
        "decline",
    );
    refused(
        set_status(&app, &office, other, "examining", "").await,
        409,
        "ideas-transition-invalid",
        "after declined",
    )
    .await;

    // The history on the page: each step with its day and the office's message, not a name.
    let seen = detail(&app, &ben, id).await;
    let history = seen["history"].as_array().expect("history").clone();
    let steps: Vec<&str> = history
        .iter()
        .map(|h| h["status"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(steps, ["Received", "Examining", "Accepted", "Implemented"]);
    assert_eq!(history[2]["message"], "Das machen wir.");
    assert_eq!(history[3]["on"], "05.03.2026");
    let (_, html) = app.page(&ben, &format!("/ideen/{id}")).await;
    assert!(
        html.contains("Seit heute online.") && html.contains("umgesetzt"),
        "{html}"
    );
    assert!(!html.contains("Clara Change"), "the office speaks as one");
    assert_eq!(
        idea_status::Entity::find()
            .filter(idea_status::Column::IdeaId.eq(id))
            .count(&app.db)
            .await
            .expect("count"),
        3
    );
    let audited = app::db::audit_log::Entity::find()
        .filter(app::db::audit_log::Column::Action.eq("idea.status_changed"))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(audited, 4);

    // A mail at every step, in the submitter's language, with the link to the idea.
    app.deliver_mail().await;
    let messages = smtp.messages();
    let to_anna = mails_to(&messages, "anna@stadt.example");
    let subjects: Vec<String> = to_anna.iter().map(|m| subject(m)).collect();
    assert_eq!(to_anna.len(), 4, "{subjects:?}");
    for expected in ["received", "being examined", "accepted", "implemented"] {
        assert!(
            subjects.iter().any(|s| s.contains(expected)),
            "{expected} in {subjects:?}"
        );
    }
    for raw in &to_anna {
        let (text, html, _) = mail_bodies(raw);
        assert!(text.contains(&format!("/ideen/{id}")), "{text}");
        assert!(html.contains(&format!("/ideen/{id}")));
        assert!(text.contains("Hello Anna Albers"), "English: {text}");
    }
    assert!(
        to_anna
            .iter()
            .any(|m| mail_bodies(m).0.contains("Seit heute online."))
    );
    let to_ben = mails_to(&messages, "ben@stadt.example");
    assert_eq!(to_ben.len(), 2, "received and declined, though anonymous");
    let declined = to_ben
        .iter()
        .map(|m| mail_bodies(m).0)
        .find(|t| t.contains("abgelehnt"))
        .expect("the declined mail");
    assert!(
        declined.contains("Begründung") && declined.contains("Das Gesetz verlangt das Fax noch."),
        "{declined}"
    );
    assert!(mails_to(&messages, "change@stadt.example").is_empty());
}

#[tokio::test]
async fn bad_input_is_refused_with_field_errors_and_nothing_is_saved() {
    let app = spawn(None).await;
    let (anna, _) = person(
        &app,
        "anna@stadt.example",
        "Anna Albers",
        &[Role::Employee],
        None,
        "de",
    )
    .await;
    let long_title = "T".repeat(201);
    let long_text = "x".repeat(5001);
    let bad_unit = Uuid::new_v4().to_string();
    let cases: Vec<Case> = vec![
        (
            "no title",
            vec![("title", " "), ("problem", "p"), ("proposal", "v")],
            "title",
        ),
        (
            "long title",
            vec![("title", &long_title), ("problem", "p"), ("proposal", "v")],
            "title",
        ),
        (
            "no problem",
            vec![("title", "t"), ("problem", ""), ("proposal", "v")],
            "problem",
        ),
        (
            "long proposal",
            vec![("title", "t"), ("problem", "p"), ("proposal", &long_text)],
            "proposal",
        ),
        (
            "unknown unit",
            vec![
                ("title", "t"),
                ("problem", "p"),
                ("proposal", "v"),
                ("department", &bad_unit),
            ],
            "department",
        ),
        (
            "unit not an id",
            vec![
                ("title", "t"),
                ("problem", "p"),
                ("proposal", "v"),
                ("department", "Bürgeramt"),
            ],
            "department",
        ),
        (
            "long process",
            vec![
                ("title", "t"),
                ("problem", "p"),
                ("proposal", "v"),
                ("process", &long_title),
            ],
            "process",
        ),
    ];
    for (case, form, field) in cases {
        let response = app.call(&anna, "ideas/submit", &form).await;
        assert_eq!(response.status(), 422, "{case}");
        let body = response.text().await.unwrap_or_default();
        assert!(
            body.contains(&format!("\"field\":\"{field}\"")),
            "{case}: {body}"
        );
    }
    assert_eq!(idea::Entity::find().count(&app.db).await.expect("count"), 0);

    // Without JavaScript: back to the form, with the error; nothing saved.
    let response = app
        .post_form(
            &anna,
            "/api/ideas/submit",
            "/ideen/neu",
            &[("title", ""), ("problem", "Text bleibt"), ("proposal", "v")],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(location.starts_with("/ideen/neu"), "{location}");
    let (status, html) = app.page(&anna, &location).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("form-errors") && html.contains("field-title"),
        "{html}"
    );
    assert_eq!(idea::Entity::find().count(&app.db).await.expect("count"), 0);

    // A comment refused keeps the idea and its other comments.
    let id = submit(&app, &anna, "Bleibt", None, false).await;
    ok(
        &app.call(
            &anna,
            "ideas/comment",
            &[("id", &id.to_string()), ("body", "Erster")],
        )
        .await,
        "comment",
    );
    assert_eq!(
        app.call(
            &anna,
            "ideas/comment",
            &[("id", &id.to_string()), ("body", "")]
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        detail(&app, &anna, id).await["comments"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // At most ten ideas a day per person, anonymous ones counted too.
    for n in 1..10 {
        submit(&app, &anna, &format!("Idee {n}"), None, n % 2 == 0).await;
    }
    let response = app
        .call(
            &anna,
            "ideas/submit",
            &[
                ("title", "Elf"),
                ("problem", "p"),
                ("proposal", "v"),
                ("anonymous", "on"),
            ],
        )
        .await;
    refused(response, 409, "ideas-too-many", "limit").await;
    app.clock.advance(chrono::Duration::days(1));
    ok(
        &app.login(&anna, "anna@stadt.example", tests::PASSWORD)
            .await,
        "login again",
    );
    submit(&app, &anna, "Am nächsten Tag", None, true).await;
}

#[tokio::test]
async fn the_list_is_filtered_by_status_and_unit_without_javascript() {
    let app = spawn(None).await;
    let (dezernat, buergeramt, ordnungsamt) = units(&app).await;
    let (anna, _) = person(
        &app,
        "anna@stadt.example",
        "Anna Albers",
        &[Role::Employee],
        None,
        "de",
    )
    .await;
    let (office, _) = person(
        &app,
        "change@stadt.example",
        "Clara Change",
        &[Role::Employee, Role::Coordinator],
        None,
        "de",
    )
    .await;
    let a = submit(&app, &anna, "Idee Bürgeramt", Some(buergeramt), false).await;
    submit(&app, &anna, "Idee Ordnungsamt", Some(ordnungsamt), true).await;
    submit(&app, &anna, "Idee ohne Einheit", None, false).await;
    ok(
        &set_status(&app, &office, a, "examining", "").await,
        "examining",
    );

    let titles = |list: serde_json::Value| -> Vec<String> {
        let mut t: Vec<String> = list["ideas"]
            .as_array()
            .expect("ideas")
            .iter()
            .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
            .collect();
        t.sort();
        t
    };
    let list = |form: Vec<(&'static str, String)>| {
        let app = &app;
        let anna = anna.clone();
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let response = app.call(&anna, "ideas/list", &form).await;
            assert_eq!(response.status(), 200);
            response.json::<serde_json::Value>().await.expect("json")
        }
    };
    assert_eq!(titles(list(vec![]).await).len(), 3);
    assert_eq!(
        titles(list(vec![("status", "examining".into())]).await),
        ["Idee Bürgeramt"]
    );
    assert_eq!(
        titles(list(vec![("status", "received".into())]).await),
        ["Idee Ordnungsamt", "Idee ohne Einheit"]
    );
    assert_eq!(
        titles(list(vec![("unit", ordnungsamt.to_string())]).await),
        ["Idee Ordnungsamt"]
    );
    assert_eq!(
        titles(list(vec![("unit", dezernat.to_string())]).await),
        ["Idee Bürgeramt", "Idee Ordnungsamt"],
        "units below count"
    );
    assert_eq!(
        titles(
            list(vec![
                ("unit", dezernat.to_string()),
                ("status", "received".into())
            ])
            .await
        ),
        ["Idee Ordnungsamt"]
    );
    assert!(titles(list(vec![("status", "declined".into())]).await).is_empty());
    // Support counts travel with the list.
    assert_eq!(list(vec![]).await["ideas"][0]["supporters"], 0);

    // A filter the server cannot read: 422 on its field, never a 500.
    for (field, value) in [
        ("status", "fertig"),
        ("unit", "kein-amt"),
        ("unit", &Uuid::new_v4().to_string() as &str),
    ] {
        let response = app.call(&anna, "ideas/list", &[(field, value)]).await;
        assert_eq!(response.status(), 422, "{field}={value}");
        let body = response.text().await.unwrap_or_default();
        assert!(body.contains(&format!("\"field\":\"{field}\"")), "{body}");
    }

    // The GET form's address, as a browser without JavaScript sends it.
    let (status, html) = app
        .page(&anna, &format!("/ideen?status=received&unit={dezernat}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Idee Ordnungsamt"));
    assert!(!html.contains("Idee Bürgeramt") && !html.contains("Idee ohne Einheit"));
    assert!(
        html.contains(r#"<form method="get" action="/ideen""#),
        "a GET form"
    );
    let (status, html) = app.page(&anna, "/ideen?status=fertig").await;
    assert_eq!(status, 200, "the page explains a bad filter");
    assert!(html.contains("form-errors"), "{html}");

    // The office's view lists what waits, only for the office.
    let view: serde_json::Value = app
        .call(&office, "ideas/office", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(view["received"].as_array().map(Vec::len), Some(2));
    assert_eq!(view["examining"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.call(&anna, "ideas/office", &[]).await.status(), 403);
    assert_eq!(app.page(&anna, "/ideen/koordination").await.0, 403);
    for path in [
        "/ideen",
        "/ideen/neu",
        "/ideen/meine",
        &format!("/ideen/{a}"),
    ] {
        assert_eq!(app.page(&anna, path).await.0, 200, "{path}");
    }
    // Not logged in: to the login.
    let response = app.get(&app.client(), "/ideen").await;
    assert_eq!(response.status(), 302);
}

async fn wait_for_installation_month(app: &TestApp) {
    for _ in 0..100 {
        if app::db::newsletter_issue::Entity::find()
            .one(&app.db)
            .await
            .expect("query")
            .is_some()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_newsletter_counts_the_ideas_of_the_past_month() {
    let smtp = SmtpServer::start();
    let app = spawn(Some(&smtp)).await;
    wait_for_installation_month(&app).await;
    assert_eq!(
        app::scouts::newsletter::send_due(&app.ctx)
            .await
            .expect("send"),
        0
    );
    let (anna, _) = person(
        &app,
        "anna@stadt.example",
        "Anna Albers",
        &[Role::Employee],
        None,
        "de",
    )
    .await;
    let (ben, _) = person(
        &app,
        "ben@stadt.example",
        "Ben Geheim",
        &[Role::Employee],
        None,
        "en",
    )
    .await;
    let (office, _) = person(
        &app,
        "change@stadt.example",
        "Clara Change",
        &[Role::Employee, Role::Coordinator],
        None,
        "de",
    )
    .await;
    let done = submit(&app, &anna, "E-Rechnung einführen", None, false).await;
    let secret = submit(&app, &ben, "Papierlose Sitzungen", None, true).await;
    submit(&app, &anna, "Dritte Idee", None, false).await;
    for status in ["examining", "accepted", "implemented"] {
        ok(&set_status(&app, &office, done, status, "").await, status);
    }
    ok(
        &set_status(&app, &office, secret, "declined", "Zu teuer").await,
        "declined",
    );
    app.deliver_mail().await;
    let before = smtp.messages().len();

    // April: the newsletter tells March's figures.
    app.clock.advance(chrono::Duration::days(31));
    assert_eq!(
        app::scouts::newsletter::send_due(&app.ctx)
            .await
            .expect("send"),
        3
    );
    app.deliver_mail().await;
    let messages = smtp.messages();
    assert_eq!(messages.len(), before + 3);
    let newsletter = |to: &str| {
        mails_to(&messages, to)
            .into_iter()
            .map(|m| mail_bodies(m))
            .find(|(text, _, _)| text.contains("/newsletter/leave/"))
            .map(|(text, html, _)| (text, html))
            .expect("a newsletter")
    };
    let (text, html) = newsletter("change@stadt.example");
    assert!(
        text.contains(
            "Ideenbörse im März 2026: 3 eingegangen, 1 angenommen, 1 umgesetzt, 1 abgelehnt."
        ),
        "{text}"
    );
    assert!(text.contains("- E-Rechnung einführen"), "{text}");
    assert!(
        !text.contains("Papierlose Sitzungen"),
        "only implemented ideas are named"
    );
    assert!(html.contains("Ideenbörse im März 2026") && html.contains("/ideen"));
    for secret_words in ["Ben Geheim", "ben@stadt.example"] {
        assert!(!text.contains(secret_words) && !html.contains(secret_words));
    }
    let (text, _) = newsletter("ben@stadt.example");
    assert!(
        text.contains("Ideas exchange in March 2026: 3 received"),
        "{text}"
    );
}

/// Every row of `table` as JSON text, for a search for a value in any column.
async fn table_text(app: &TestApp, table: &str) -> String {
    let backend = app.db.get_database_backend();
    let rows = JsonValue::find_by_statement(Statement::from_string(
        backend,
        format!("SELECT * FROM {table}"),
    ))
    .all(&app.db)
    .await
    .expect("rows");
    serde_json::to_string(&rows).expect("json")
}

fn uuid_forms(id: Uuid) -> Vec<String> {
    let bytes: Vec<String> = id.as_bytes().iter().map(|b| b.to_string()).collect();
    vec![
        id.to_string(),
        id.simple().to_string(),
        id.to_string().to_uppercase(),
        // SQLite hands identifiers over as 16 bytes.
        format!("[{}]", bytes.join(",")),
    ]
}

#[tokio::test]
async fn an_anonymous_idea_cannot_be_traced_to_its_author() {
    let smtp = SmtpServer::start();
    let app = spawn(Some(&smtp)).await;
    wait_for_installation_month(&app).await;
    let (dezernat, buergeramt, _) = units(&app).await;
    let secret_unit = unit(&app, "Amt für Quellensteuer Zwölf", Some(dezernat)).await;
    let (author, author_id) = person(
        &app,
        "zacharias.quendel@stadt.example",
        "Zacharias Quendel",
        &[Role::Employee],
        Some(secret_unit),
        "de",
    )
    .await;
    let (anna, _) = person(
        &app,
        "anna@stadt.example",
        "Anna Albers",
        &[Role::Employee],
        Some(buergeramt),
        "de",
    )
    .await;
    let (carla, _) = person(
        &app,
        "carla@stadt.example",
        "Carla Conrad",
        &[Role::Employee],
        None,
        "de",
    )
    .await;
    let (office, _) = person(
        &app,
        "change@stadt.example",
        "Clara Change",
        &[Role::Employee, Role::Coordinator],
        None,
        "de",
    )
    .await;
    let (admin, admin_id) = person(
        &app,
        "admin@stadt.example",
        "Adam Admin",
        &[Role::Employee, Role::Admin, Role::Hr, Role::Auditor],
        None,
        "de",
    )
    .await;

    // The author submits anonymously (about another unit than their own); colleagues support
    // and comment; the office moves it through every step.
    let id = submit(
        &app,
        &author,
        "Formulare online ausfüllen",
        Some(buergeramt),
        true,
    )
    .await;
    for client in [&anna, &carla] {
        ok(
            &app.call(
                client,
                "ideas/support",
                &[("id", &id.to_string()), ("support", "true")],
            )
            .await,
            "support",
        );
    }
    ok(
        &app.call(
            &anna,
            "ideas/comment",
            &[("id", &id.to_string()), ("body", "Unbedingt!")],
        )
        .await,
        "comment",
    );
    ok(
        &app.call(
            &carla,
            "ideas/comment",
            &[("id", &id.to_string()), ("body", "Wer hatte die Idee?")],
        )
        .await,
        "comment",
    );
    let comment = detail(&app, &office, id).await["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .find(|c| c["body"] == "Wer hatte die Idee?")
        .and_then(|c| c["id"].as_str())
        .expect("the comment")
        .to_owned();
    ok(
        &app.call(
            &office,
            "ideas/comment/hide",
            &[("id", &comment), ("reason", "Bitte keine Spekulationen")],
        )
        .await,
        "hide",
    );
    for (status, message) in [
        ("examining", "Wir prüfen."),
        ("accepted", "Angenommen."),
        ("implemented", "Umgesetzt!"),
    ] {
        app.clock.advance(chrono::Duration::minutes(10));
        ok(
            &set_status(&app, &office, id, status, message).await,
            status,
        );
    }
    // A month later the newsletter goes out (the idea was implemented in March).
    app.clock.advance(chrono::Duration::days(31));
    for (client, email) in [
        (&office, "change@stadt.example"),
        (&admin, "admin@stadt.example"),
        (&author, "zacharias.quendel@stadt.example"),
        (&anna, "anna@stadt.example"),
    ] {
        ok(
            &app.login(client, email, tests::PASSWORD).await,
            "login again",
        );
    }
    app::scouts::newsletter::send_due(&app.ctx)
        .await
        .expect("newsletter");
    app.deliver_mail().await;

    // What would give the author away: their name, address and account id anywhere; their
    // unit wherever it is not simply one of the organisation's units offered in a filter.
    let mut secrets: Vec<String> = vec![
        "Zacharias".into(),
        "Quendel".into(),
        "zacharias.quendel".into(),
    ];
    secrets.extend(uuid_forms(author_id));
    let unit_secrets: Vec<String> = vec!["Quellensteuer".into(), secret_unit.to_string()];
    let betrays = |text: &str, with_unit: bool| {
        secrets
            .iter()
            .chain(unit_secrets.iter().filter(|_| with_unit))
            .find(|s| text.contains(s.as_str()))
            .cloned()
    };
    let title = "Formulare online ausfüllen";

    // Every page, export and server function a coordinator or an administrator can reach.
    // Those about ideas (and the log, the newsletter) must not name the author at all; the
    // others may name people (the account list names everyone) but must not tie anyone to the
    // idea: no view shows the author and the idea together. (path, whether the unit is checked:
    // not where a filter offers every unit.)
    let id_text = id.to_string();
    let idea_pages: Vec<(String, bool)> = vec![
        ("/".into(), true),
        ("/ideen".into(), false),
        ("/ideen?status=implemented".into(), false),
        (format!("/ideen?unit={buergeramt}"), false),
        (format!("/ideen?unit={secret_unit}"), false),
        ("/ideen/neu".into(), false),
        (format!("/ideen/{id}"), true),
        ("/ideen/meine".into(), true),
        ("/ideen/koordination".into(), true),
        ("/audit".into(), true),
        ("/audit?action=idea.status_changed".into(), true),
        ("/audit/export.csv".into(), true),
        ("/audit/export.csv?action=idea.comment_hidden".into(), true),
        ("/suche?q=Formulare".into(), false),
    ];
    let other_pages: Vec<String> = vec![
        "/admin/users".into(),
        "/admin/users?q=Quendel".into(),
        format!("/admin/users/{author_id}"),
        "/admin/data-requests".into(),
        "/admin/certificates".into(),
        "/admin/barriers".into(),
        "/admin/site-pages".into(),
        "/admin/sign-in".into(),
        "/organisation".into(),
        format!("/organisation/{secret_unit}"),
        "/letters".into(),
        "/reports".into(),
        "/reports/heatmap".into(),
        "/reports/gaps".into(),
        "/reports/certification".into(),
        "/reports/trend".into(),
        "/reports/settings".into(),
        "/reports/heatmap/export.csv".into(),
        "/reports/gaps/export.csv".into(),
        "/reports/certification/export.csv".into(),
        "/reports/trend/export.csv".into(),
        "/reports/scouts/export.csv".into(),
        "/reports/needs/export.csv".into(),
        "/reports/heatmap/export.xlsx".into(),
        "/scouts/coverage".into(),
        "/scouts/impact".into(),
        "/privacy".into(),
        "/my-data".into(),
        "/my-data/export.json".into(),
        "/my-data/export.html".into(),
        "/kennzahlen".into(),
        "/kennzahlen.json".into(),
        "/kennzahlen.csv".into(),
        "/redaktion/inhalte".into(),
        "/redaktion/statistik".into(),
        "/scouts".into(),
        "/scouts/board".into(),
        "/settings".into(),
        "/hilfe".into(),
    ];
    let idea_functions: Vec<Call> = vec![
        ("ideas/list", vec![], false),
        ("ideas/list", vec![("status", "implemented")], false),
        ("ideas/get", vec![("id", &id_text)], true),
        ("ideas/office", vec![], true),
        ("ideas/mine", vec![], true),
        ("ideas/units", vec![], false),
        ("audit/list", vec![], true),
        ("audit/list", vec![("action", "idea.status_changed")], true),
        ("dashboard", vec![], true),
        ("notices/mine", vec![], true),
        ("search", vec![("q", "Formulare")], false),
    ];
    let author_text = author_id.to_string();
    let other_functions: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("admin/users/list", vec![]),
        ("admin/users/list", vec![("q", "Quendel")]),
        ("admin/users/get", vec![("id", &author_text)]),
        ("admin/data-requests/list", vec![]),
        ("admin/certificates", vec![]),
        ("admin/barriers/list", vec![]),
        ("organisation/list", vec![]),
        ("letters/candidates", vec![]),
        ("privacy/overview", vec![]),
        ("my-data/get", vec![]),
        ("reports/heatmap", vec![]),
        ("reports/gaps", vec![]),
        ("reports/certification", vec![]),
        ("reports/trend", vec![]),
        ("reports/needs", vec![]),
        ("reports/settings", vec![]),
        ("scouts/coverage", vec![]),
        ("scouts/impact", vec![]),
        ("feedback/results", vec![]),
        ("knowledge/desk", vec![]),
        ("session/info", vec![]),
    ];
    let mut seen_idea = 0;
    for (who, client) in [("coordinator", &office), ("admin", &admin)] {
        for (path, with_unit) in &idea_pages {
            let (status, body) = app.page(client, path).await;
            assert!(status < 500, "{who} {path}: {status}");
            assert_eq!(
                betrays(&body, *with_unit),
                None,
                "{who} {path} names the author"
            );
            seen_idea += usize::from(body.contains(title));
        }
        for path in &other_pages {
            let (status, body) = app.page(client, path).await;
            assert!(status < 500, "{who} {path}: {status}");
            if body.contains(title) || body.contains(&id_text) {
                assert_eq!(
                    betrays(&body, true),
                    None,
                    "{who} {path} shows the idea and its author together"
                );
            }
        }
        for (function, form, with_unit) in &idea_functions {
            let response = app.call(client, function, form).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert!(status < 500, "{who} {function}: {status}");
            assert_eq!(
                betrays(&body, *with_unit),
                None,
                "{who} {function} names the author: {body}"
            );
            if *function == "ideas/list" {
                let list: serde_json::Value = serde_json::from_str(&body).expect("json");
                assert_eq!(
                    betrays(&list["ideas"].to_string(), true),
                    None,
                    "{who} the listed ideas"
                );
            }
        }
        for (function, form) in &other_functions {
            let response = app.call(client, function, form).await;
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert!(status < 500, "{who} {function}: {status}");
            if body.contains(title) || body.contains(&id_text) {
                assert_eq!(
                    betrays(&body, true),
                    None,
                    "{who} {function} shows the idea and its author together"
                );
            }
        }
    }
    assert!(seen_idea >= 8, "the idea was in view: {seen_idea}");
    // The account page of the author does not mention the idea.
    let (_, page) = app.page(&admin, &format!("/admin/users/{author_id}")).await;
    assert!(
        page.contains("Quendel") && !page.contains(title),
        "the account page is about the account only"
    );

    // The newsletters to the office and the admin count the idea and name nobody.
    let messages = smtp.messages();
    for to in ["change@stadt.example", "admin@stadt.example"] {
        let mails = mails_to(&messages, to);
        assert!(!mails.is_empty(), "{to} got the newsletter");
        for raw in mails {
            let (text, html, _) = mail_bodies(raw);
            assert_eq!(betrays(&text, true), None, "mail to {to}");
            assert_eq!(betrays(&html, true), None, "mail to {to}");
        }
    }

    // The database row holds no author id in any column, and nothing about ideas does.
    let stored = row(&app, id).await;
    assert_eq!(stored.author_id, None);
    assert!(stored.author_tag.is_some());
    assert_eq!(stored.submitted_on, "2026-03-02", "the day, not the time");
    for table in ["idea", "idea_status", "idea_support", "idea_comment"] {
        let text = table_text(&app, table).await;
        for form in uuid_forms(author_id) {
            assert!(!text.contains(&form), "{table} holds the author's id");
        }
        assert!(!text.contains("Quendel"), "{table}");
    }
    // The audit log: the office's steps, none by or about the author.
    let audit = table_text(&app, "audit_log").await;
    for form in uuid_forms(author_id) {
        assert!(
            !audit.contains(&form),
            "the audit log holds the author's id"
        );
    }

    // The author still got every status mail.
    let to_author: Vec<String> = mails_to(&messages, "zacharias.quendel@stadt.example")
        .iter()
        .map(|m| subject(m))
        .collect();
    for step in ["eingegangen", "in Prüfung", "angenommen", "umgesetzt"] {
        assert!(
            to_author.iter().any(|s| s.contains(step)),
            "{step} in {to_author:?}"
        );
    }

    // The author sees the idea as theirs; their own export holds it; nobody else's does.
    assert_eq!(detail(&app, &author, id).await["mine"], true);
    let (_, export) = app.page(&author, "/my-data/export.json").await;
    assert!(
        export.contains(title) && export.contains("author_tag"),
        "the author's own export"
    );
    let (_, export) = app.page(&anna, "/my-data/export.json").await;
    assert!(
        !export.contains(title) || !export.contains("author_tag"),
        "not in a supporter's export as theirs"
    );
    let _ = admin_id;

    // Erasure takes the tag: afterwards not even the platform knows whose the idea was.
    app::personal_data::server::erase::erase(&app.ctx, author_id, None)
        .await
        .expect("erase");
    assert_eq!(row(&app, id).await.author_tag, None);
    assert!(
        idea::Entity::find_by_id(id)
            .one(&app.db)
            .await
            .expect("q")
            .is_some(),
        "the idea stays"
    );
}
