//! Differential privacy of the reports: the before/after attack of the probe over HTTP, and a
//! property test in which an attacker who knows everybody else plays across time.

use app::auth::Role;
use app::content::HasContent;
use app::db::{department, evidence, quiz_attempt, user};
use app::i18n::Locale;
use app::reports::export;
use app::reports::server::{
    build_certification, build_gaps, build_heatmap, build_public_figures, build_trend,
};
use app::reports::{Cell, UnitReport};
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use tests::TestApp;
use uuid::Uuid;

use crate::reports::{add_department, preview, upload};

const FAMILY: &str = "sachbearbeitung";
/// A target of every person in the family (`target-profiles.toml`, profile "sachbearbeitung").
const COMPETENCE: &str = "kommunal-2026/ozg";

/// A module whose pass proves `COMPETENCE` at level 3 or more.
fn proving_module(app: &TestApp) -> String {
    app.ctx
        .content()
        .modules
        .iter()
        .find(|m| m.proves.iter().any(|(c, l)| c == COMPETENCE && *l >= 3))
        .map(|m| m.id.clone())
        .expect("a module proves the OZG competence")
}

/// A passed attempt and the evidence it gave, as the quiz stores them.
fn pass(
    person: Uuid,
    module: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> (quiz_attempt::ActiveModel, evidence::ActiveModel) {
    let attempt = Uuid::new_v4();
    (
        quiz_attempt::ActiveModel {
            id: Set(attempt),
            user_id: Set(person),
            module_id: Set(module.to_owned()),
            module_version: Set("1".into()),
            kind: Set(quiz_attempt::KIND_QUIZ.into()),
            status: Set(quiz_attempt::STATUS_SUBMITTED.into()),
            started_at: Set(at),
            deadline_at: Set(None),
            submitted_at: Set(Some(at)),
            score_percent: Set(Some(100)),
            passed: Set(Some(true)),
            layout: Set("[]".into()),
        },
        evidence::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(person),
            competence_id: Set(COMPETENCE.to_owned()),
            level: Set(3),
            module_id: Set(module.to_owned()),
            module_version: Set("1".into()),
            attempt_id: Set(attempt),
            achieved_at: Set(at),
        },
    )
}

async fn record_pass(app: &TestApp, person: Uuid, module: &str, at: chrono::DateTime<chrono::Utc>) {
    let (attempt, evidence) = pass(person, module, at);
    attempt.insert(&app.db).await.unwrap();
    evidence.insert(&app.db).await.unwrap();
}

fn employee(
    id: Uuid,
    unit: Uuid,
    tag: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> user::ActiveModel {
    user::ActiveModel {
        id: Set(id),
        email: Set(Some(format!("{tag}@stadt.example"))),
        display_name: Set(format!("Geheim {tag}")),
        department_id: Set(Some(unit)),
        password_hash: Set(None),
        active: Set(true),
        is_demo: Set(false),
        locale: Set("de".into()),
        created_at: Set(now),
        updated_at: Set(now),
        deactivated_at: Set(None),
        personnel_number: Set(Some(tag.to_owned())),
        job_family: Set(Some(FAMILY.to_owned())),
        newsletter: Set(false),
        newsletter_token: Set(None),
        last_login_at: Set(None),
        erased_at: Set(None),
    }
}

/// The employee list of the probe: 28 people in FB 10, Sachbearbeitung; `moved` has no job
/// family.
fn staff_list(moved: bool) -> Vec<u8> {
    let mut csv = String::from(
        "Personalnummer,Nachname,Vorname,E-Mail,Organisationseinheit,Tätigkeitsgruppe,Aktiv\n",
    );
    for n in 0..28 {
        let family = if n == 0 && moved {
            ""
        } else {
            "Sachbearbeitung"
        };
        csv.push_str(&format!(
            "{},Person{n},Geheim,p{n}@stadt.example,FB 10,{family},ja\n",
            3000 + n
        ));
    }
    csv.into_bytes()
}

async fn import(app: &TestApp, hr: &reqwest::Client, moved: bool) {
    let location = upload(app, hr, "liste.csv", staff_list(moved)).await;
    let plan = preview(app, hr, &location).await;
    assert_eq!(plan["problems"], Value::Array(vec![]), "{plan}");
    let id = location.rsplit('/').next().unwrap();
    let response = app
        .call(hr, "organisation/import/apply", &[("id", id)])
        .await;
    assert!(response.status().is_success(), "{}", response.status());
}

async fn views(app: &TestApp, hr: &reqwest::Client) -> Vec<Value> {
    let mut out = Vec::new();
    for (function, family) in [
        ("reports/heatmap", FAMILY),
        ("reports/heatmap", ""),
        ("reports/certification", FAMILY),
        ("reports/gaps", FAMILY),
        ("reports/trend", FAMILY),
    ] {
        let response = app.call(hr, function, &[("family", family)]).await;
        assert_eq!(response.status(), 200, "{function}");
        let mut json: Value = response.json().await.unwrap();
        // The frame says when the data was read; the figures are what matters.
        json["frame"]["as_of"] = Value::Null;
        out.push(json);
    }
    let csv = hr
        .get(app.url("/reports/heatmap/export.csv?family=sachbearbeitung"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    out.push(Value::String(
        csv.lines()
            .filter(|l| !l.contains("Stand"))
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    out
}

/// The probe's attack: one named person passed; an import moves her to no job family, and the
/// family's figures dropped by exactly her results (14/28 → 13/27). Now every figure of the
/// period stays as released, on this instance and on another; the move shows in the next period
/// only, with fresh noise.
#[tokio::test]
async fn an_import_between_two_views_changes_no_released_figure() {
    let app = TestApp::spawn_with(tests::noisy).await;
    add_department(&app, "Fachbereich 10", Some("FB 10"), None).await;
    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;
    import(&app, &hr, false).await;
    let people = user::Entity::find()
        .filter(user::Column::PersonnelNumber.is_not_null())
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(people.len(), 28);
    let module = proving_module(&app);
    let now = app.clock.now();
    // Half of them passed; the first person of the list among them.
    for person in people.iter().filter(|p| {
        p.personnel_number
            .as_deref()
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n % 2 == 0)
    }) {
        record_pass(&app, person.id, &module, now).await;
    }
    let before = views(&app, &hr).await;

    import(&app, &hr, true).await;
    let moved = user::Entity::find()
        .filter(user::Column::PersonnelNumber.eq("3000"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.job_family, None, "the import moved her");
    let after = views(&app, &hr).await;
    assert_eq!(before, after, "no figure of the period changes");

    // Another instance on the same database reads the same released figures.
    let other = TestApp::spawn_on(app.database.clone(), app.clock.clone(), |config| {
        tests::noisy(config)
    })
    .await
    .unwrap();
    let (hr_other, _) = other
        .logged_in("personal2@stadt.example", &[Role::Hr])
        .await;
    assert_eq!(
        views(&other, &hr_other).await,
        before,
        "the same on every instance"
    );
    other.shutdown().await;

    // Next month: released anew. The family now has 27 people (the staff list is not secret),
    // and the share carries its margin.
    app.clock.advance(chrono::Duration::days(32));
    // A month later the session has long ended.
    let (hr, _) = app.logged_in("personal3@stadt.example", &[Role::Hr]).await;
    let family: UnitReport = app
        .call(&hr, "reports/heatmap", &[("family", FAMILY)])
        .await
        .json()
        .await
        .unwrap();
    // 27 with the family and 1 without: the family's figure would give away the one, so the
    // snapshot suppression hides it, as before.
    assert_eq!(family.rows[0].cells[0], Cell::Suppressed);
    let everyone: UnitReport = app
        .call(&hr, "reports/heatmap", &[])
        .await
        .json()
        .await
        .unwrap();
    match everyone.rows[0].cells[0] {
        Cell::Share { total, margin, .. } => {
            assert!(margin > 0, "noisy figures say how far off they may be");
            assert_eq!(total, 28);
        }
        other => panic!("the organisation's figure is shown: {other:?}"),
    }
    let (status, page) = app
        .page(&hr, "/reports/heatmap?family=sachbearbeitung")
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("≈") && page.contains("(± "),
        "the page shows the margin"
    );
    assert!(
        page.contains("href=\"/privacy\""),
        "and links the explanation"
    );
}

/// The heatmap's row of the auditor overview.
async fn heatmap_budget(app: &TestApp, auditor: &reqwest::Client) -> Value {
    let overview: Value = app
        .call(auditor, "privacy/overview", &[])
        .await
        .json()
        .await
        .unwrap();
    overview["families"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["family"] == "Heatmap")
        .unwrap()
        .clone()
}

/// The staff council's page states the guarantee, the configured ε and what has been spent.
#[tokio::test]
async fn the_auditor_sees_the_guarantee_the_budget_and_its_use() {
    let app = TestApp::spawn_with(tests::noisy).await;
    let a = add_department(&app, "Amt A", Some("A"), None).await;
    let now = app.clock.now();
    for n in 0..6 {
        employee(Uuid::new_v4(), a, &format!("a{n}"), now)
            .insert(&app.db)
            .await
            .unwrap();
    }
    let (auditor, _) = app
        .logged_in("personalrat@stadt.example", &[Role::Auditor])
        .await;
    let heatmap = heatmap_budget(&app, &auditor).await;
    assert_eq!(heatmap["epsilon"], 1.0);
    assert_eq!(
        heatmap["periods"],
        Value::Array(vec![]),
        "nothing drawn yet"
    );

    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;
    assert_eq!(app.call(&hr, "reports/heatmap", &[]).await.status(), 200);
    assert_eq!(app.call(&hr, "reports/heatmap", &[]).await.status(), 200);
    let heatmap = heatmap_budget(&app, &auditor).await;
    let series = heatmap["series"].as_u64().unwrap();
    assert_eq!(heatmap["periods"][0]["period"], "2026-03");
    assert_eq!(
        heatmap["periods"][0]["measures"].as_u64(),
        Some(series),
        "a full heatmap draws each series once, however often it is opened"
    );
    let (status, page) = app.page(&auditor, "/privacy").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Schutz der Berichtszahlen") && page.contains("73 von 100"),
        "{page}"
    );
    let (employee_client, _) = app.logged_in("e@stadt.example", &[Role::Employee]).await;
    assert_eq!(
        app.call(&employee_client, "privacy/overview", &[])
            .await
            .status(),
        403
    );
}

/// ε per released count in the property test; small, so that the bound it implies is far from
/// certainty and the exact figures of old fail it.
const TRIAL_EPSILON: f64 = 0.25;
/// Organisations per round: independent units side by side, released together.
const ORGANISATIONS: usize = 50;
const ROUNDS: usize = 20;

struct Trial {
    unit: Uuid,
    target: Uuid,
    /// Whether the target passed (what the attacker wants to know).
    passed: bool,
    /// Everyone else in the unit and family who passed, before and after the change: the
    /// attacker knows them exactly.
    others_before: u64,
    others_after: u64,
}

fn figure(report: &UnitReport, unit: Uuid) -> Option<i64> {
    let column = report.columns.iter().position(|c| c.id == COMPETENCE)?;
    let row = report
        .rows
        .iter()
        .find(|r| r.unit.as_ref().is_some_and(|u| u.id == unit))?;
    match row.cells[column] {
        Cell::Share { met, .. } => Some(met as i64),
        _ => None,
    }
}

/// All views and their exports, as HR would take them. The attacker reads the heatmap's figure
/// for the target's unit and family: the one view that shows her competence per unit (the gap
/// list names only the five units with most need, the key figures are organisation-wide, and
/// "all targets" is one series whichever report shows it, which the test checks).
async fn take_views(app: &TestApp) -> UnitReport {
    let ctx = &app.ctx;
    let heatmap = build_heatmap(ctx, None, Some(FAMILY.into()), Locale::De)
        .await
        .unwrap();
    let again = build_heatmap(ctx, None, Some(FAMILY.into()), Locale::De)
        .await
        .unwrap();
    assert_eq!(heatmap.rows, again.rows, "asked again: the same values");
    let certification = build_certification(ctx, None, Some(FAMILY.into()), Locale::De)
        .await
        .unwrap();
    // "All targets met" is one released series, whichever report shows it.
    let all = |r: &UnitReport| -> Vec<Cell> {
        let column = r.columns.iter().position(|c| c.id == "all").unwrap();
        r.rows.iter().map(|row| row.cells[column]).collect()
    };
    assert_eq!(all(&heatmap), all(&certification));
    let trend = build_trend(ctx, None, Some(FAMILY.into()), Locale::De)
        .await
        .unwrap();
    let gaps = build_gaps(ctx, None, Some(FAMILY.into()), Locale::De)
        .await
        .unwrap();
    let public = build_public_figures(ctx, Locale::De).await.unwrap();
    let _ = export::to_csv(&export::gap_table(Locale::De, "Bedarf", &gaps)).unwrap();
    let _ = export::to_csv(&export::public_table(Locale::De, &public)).unwrap();
    let _ = export::to_csv(&export::unit_table(Locale::De, "Heatmap", &heatmap)).unwrap();
    let _ = export::to_csv(&export::unit_table(Locale::De, "Quote", &certification)).unwrap();
    let _ = export::to_csv(&export::trend_table(Locale::De, "Verlauf", &trend)).unwrap();
    heatmap
}

/// An attacker who knows every other person exactly compares every view before and after a
/// change (an import that moves the target to no family or another unit, a deactivation, other
/// people's new passes) and guesses whether the target passed. Over 1,000 trials the share of
/// correct guesses must stay within what ε allows: the target is in at most one released count
/// of the series per period, two periods, so ε_total = 2ε and the bound is
/// e^ε_total / (1 + e^ε_total), plus 3.3 standard deviations of a binomial share. With the
/// exact figures of old the attacker is always right.
#[tokio::test]
async fn an_attacker_across_time_guesses_no_better_than_epsilon_allows() {
    let app = TestApp::spawn_with(|config| {
        tests::noisy(config);
        config.privacy.heatmap = TRIAL_EPSILON;
        config.privacy.certification = TRIAL_EPSILON;
        config.privacy.trend = TRIAL_EPSILON;
        config.privacy.gaps = TRIAL_EPSILON;
        config.privacy.public = TRIAL_EPSILON;
    })
    .await;
    // Every view, the published key figures too.
    app::db::report_setting::ActiveModel {
        report: Set("public".into()),
        enabled: Set(true),
        updated_at: Set(app.clock.now()),
        updated_by: Set(None),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let module = proving_module(&app);
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed_d1ff);
    let (mut correct, mut trials) = (0u64, 0u64);
    for round in 0..ROUNDS {
        let now = app.clock.now();
        let mut list = Vec::new();
        let mut users = Vec::new();
        let mut passes = Vec::new();
        let mut departments = Vec::new();
        for org in 0..ORGANISATIONS {
            let unit = Uuid::new_v4();
            departments.push(department::ActiveModel {
                id: Set(unit),
                parent_id: Set(None),
                name: Set(format!("Amt {round}-{org}")),
                kind: Set("fachbereich".into()),
                created_at: Set(now),
                code: Set(None),
            });
            let size = rng.random_range(6..16);
            let target = Uuid::new_v4();
            let passed = rng.random_bool(0.5);
            users.push(employee(target, unit, &format!("t{round}-{org}"), now));
            if passed {
                passes.push(pass(target, &module, now));
            }
            let mut others = 0;
            for n in 0..size {
                let id = Uuid::new_v4();
                users.push(employee(id, unit, &format!("o{round}-{org}-{n}"), now));
                if rng.random_bool(0.4) {
                    passes.push(pass(id, &module, now));
                    others += 1;
                }
            }
            list.push(Trial {
                unit,
                target,
                passed,
                others_before: others,
                others_after: others,
            });
        }
        department::Entity::insert_many(departments)
            .exec(&app.db)
            .await
            .unwrap();
        for chunk in users.chunks(200) {
            user::Entity::insert_many(chunk.to_vec())
                .exec(&app.db)
                .await
                .unwrap();
        }
        let (attempts, passes): (Vec<_>, Vec<_>) = passes.into_iter().unzip();
        for chunk in attempts.chunks(200) {
            quiz_attempt::Entity::insert_many(chunk.to_vec())
                .exec(&app.db)
                .await
                .unwrap();
        }
        for chunk in passes.chunks(200) {
            evidence::Entity::insert_many(chunk.to_vec())
                .exec(&app.db)
                .await
                .unwrap();
        }
        let before = take_views(&app).await;

        // The changes: the target leaves the group in one of three ways; some others pass.
        let later = now + chrono::Duration::days(1);
        let mut moved = Vec::new();
        for trial in &mut list {
            let target = user::Entity::find_by_id(trial.target)
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            let mut target: user::ActiveModel = target.into();
            match rng.random_range(0..3) {
                0 => target.job_family = Set(None),
                1 => {
                    target.active = Set(false);
                    target.deactivated_at = Set(Some(later));
                }
                _ => {
                    // A unit of her own, so that no other trial's counts change.
                    let moved_to = Uuid::new_v4();
                    department::ActiveModel {
                        id: Set(moved_to),
                        parent_id: Set(None),
                        name: Set(format!("Neu {}", trial.unit.simple())),
                        kind: Set("fachbereich".into()),
                        created_at: Set(later),
                        code: Set(None),
                    }
                    .insert(&app.db)
                    .await
                    .unwrap();
                    target.department_id = Set(Some(moved_to));
                    moved.push(moved_to);
                }
            }
            target.update(&app.db).await.unwrap();
            let newcomers = rng.random_range(0..3);
            let others: Vec<Uuid> = user::Entity::find()
                .filter(user::Column::DepartmentId.eq(trial.unit))
                .filter(user::Column::Id.ne(trial.target))
                .all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .map(|u| u.id)
                .collect();
            for id in others.iter().take(newcomers) {
                let already = evidence::Entity::find()
                    .filter(evidence::Column::UserId.eq(*id))
                    .one(&app.db)
                    .await
                    .unwrap()
                    .is_some();
                if !already {
                    record_pass(&app, *id, &module, later).await;
                    trial.others_after += 1;
                }
            }
        }
        app.clock.advance(chrono::Duration::days(32));
        let after = take_views(&app).await;

        for trial in &list {
            let (Some(b), Some(a)) = (figure(&before, trial.unit), figure(&after, trial.unit))
            else {
                continue;
            };
            // Her share of the change, with everyone else's change taken out.
            let signal = (b - trial.others_before as i64) - (a - trial.others_after as i64);
            let guess = signal * 2 >= 1;
            trials += 1;
            if guess == trial.passed {
                correct += 1;
            }
        }
        // The next round starts on an empty organisation: everyone of this round leaves.
        let units: Vec<Uuid> = list.iter().map(|t| t.unit).chain(moved).collect();
        user::Entity::update_many()
            .col_expr(user::Column::Active, sea_orm::sea_query::Expr::value(false))
            .col_expr(
                user::Column::DepartmentId,
                sea_orm::sea_query::Expr::value(Option::<Uuid>::None),
            )
            .filter(
                sea_orm::Condition::any()
                    .add(user::Column::DepartmentId.is_in(units.clone()))
                    .add(user::Column::Id.is_in(list.iter().map(|t| t.target))),
            )
            .exec(&app.db)
            .await
            .unwrap();
        department::Entity::delete_many()
            .filter(department::Column::Id.is_in(units))
            .exec(&app.db)
            .await
            .unwrap();
        app.clock.advance(chrono::Duration::days(32));
    }
    assert!(trials >= 1000, "{trials} trials");
    let rate = correct as f64 / trials as f64;
    eprintln!("attacker: {correct} of {trials} correct ({rate:.3})");
    let bound = app::privacy::guess_bound(2.0 * TRIAL_EPSILON);
    let tolerance = 3.3 * (bound * (1.0 - bound) / trials as f64).sqrt();
    assert!(
        rate <= bound + tolerance,
        "the attacker guessed {correct} of {trials} ({rate:.3}); ε allows {bound:.3} + {tolerance:.3}"
    );
}
