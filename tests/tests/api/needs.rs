//! Training needs named by staff (issue 21, point 3): an employee reports a need and can
//! withdraw it; HR's report shows the needs per competence beside the measured gaps, only from
//! k people on, released once per period, never a topic, a unit or a date of a request.

use app::auth::Role;
use app::content::HasContent;
use app::db::{audit_log, training_need, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::Value;
use tests::TestApp;
use uuid::Uuid;

use crate::reports::add_department;

const K: u32 = 3;

/// (name, form, fields refused in the form's order)
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>);

async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| c.reports.min_group_size = K).await
}

/// The first two competences of the target profiles (the heatmap's columns).
fn competences(app: &TestApp) -> (String, String) {
    let content = app.ctx.content();
    let list = content.profiles.target_competences(&content);
    assert!(list.len() >= 2, "the curriculum has target competences");
    (list[0].id.clone(), list[1].id.clone())
}

/// An employee of a unit, logged in.
async fn employee(app: &TestApp, email: &str, unit: Uuid) -> reqwest::Client {
    let (client, id) = app.logged_in(email, &[Role::Employee]).await;
    let mut account: user::ActiveModel = user::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    account.department_id = Set(Some(unit));
    account.update(&app.db).await.unwrap();
    client
}

async fn report(
    app: &TestApp,
    client: &reqwest::Client,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.call(client, "needs/report", form).await
}

async fn needs_report(app: &TestApp, hr: &reqwest::Client) -> Value {
    let response = app.call(hr, "reports/needs", &[]).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn row<'a>(report: &'a Value, competence: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["competence"] == competence)
        .expect("a row per competence")
}

#[tokio::test]
async fn a_training_need_reaches_the_hr_report_at_k_and_not_below() {
    let app = spawn().await;
    let (competence, other) = competences(&app);
    let unit = add_department(&app, "Fachbereich 32 – Bürgerdienste", Some("FB 32"), None).await;
    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;
    let anna = employee(&app, "anna@stadt.example", unit).await;
    let ben = employee(&app, "ben@stadt.example", unit).await;
    let carla = employee(&app, "carla@stadt.example", unit).await;
    let ok = |r: &reqwest::Response| r.status().is_success() || r.status().is_redirection();

    // Two people: one for herself, one as a team's lead for 40 people (counted as 10).
    let r = report(
        &app,
        &anna,
        &[
            ("topic", "Serienbriefe in der E-Akte"),
            ("competence", &competence),
            ("urgency", "high"),
            ("scope", "self"),
        ],
    )
    .await;
    assert!(ok(&r), "{}", r.status());
    let r = report(
        &app,
        &ben,
        &[
            ("topic", "Videokonferenzen moderieren"),
            ("competence", &competence),
            ("urgency", "medium"),
            ("scope", "team"),
            ("team_size", "40"),
        ],
    )
    .await;
    assert!(ok(&r), "{}", r.status());
    let below = needs_report(&app, &hr).await;
    assert_eq!(row(&below, &competence)["reporters"], "Hidden", "{below}");
    assert_eq!(row(&below, &competence)["people"], "Hidden");

    // The third request in the same period changes nothing shown: the period's figures were
    // released at the first view, so comparing views tells nothing about one request.
    let r = report(
        &app,
        &carla,
        &[
            ("topic", "Tabellen auswerten"),
            ("competence", &competence),
            ("urgency", "high"),
        ],
    )
    .await;
    assert!(ok(&r), "{}", r.status());
    assert_eq!(needs_report(&app, &hr).await["rows"], below["rows"]);

    // In the next period: at k, shown.
    app.clock.advance(chrono::Duration::days(32));
    let response = app
        .login(&hr, "personal@stadt.example", tests::PASSWORD)
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let shown = needs_report(&app, &hr).await;
    let line = row(&shown, &competence);
    assert_eq!(line["reporters"]["About"]["value"], 3, "{shown}");
    assert_eq!(
        line["people"]["About"]["value"], 12,
        "1 + 10 (40 clipped) + 1"
    );
    // Urgent (2) is below k: hidden, even though the row is shown.
    assert_eq!(line["urgent"], "Hidden");
    assert_eq!(row(&shown, &other)["reporters"], "Hidden");
    // Beside the measured gap of the same competence (the heatmap is on).
    assert!(line["measured"].is_object(), "{line}");
    // Never a topic, a unit or a name.
    let text = shown.to_string();
    for secret in [
        "Serienbriefe",
        "Videokonferenzen",
        "Tabellen",
        "Bürgerdienste",
        "anna@",
        "Person",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let (status, page) = app.page(&hr, "/reports/needs").await;
    assert_eq!(status, 200);
    assert!(page.contains("Gemeldeter Bildungsbedarf"));
    assert!(!page.contains("Serienbriefe") && !page.contains("Bürgerdienste"));
    let (_, gaps) = app.page(&hr, "/reports/gaps").await;
    assert!(
        gaps.contains(r#"href="/reports/needs""#),
        "the gap report points to it"
    );

    // Every view and the exports are in the audit log.
    let response = app.get(&hr, "/reports/needs/export.csv").await;
    assert_eq!(response.status(), 200);
    let csv = response.text().await.unwrap();
    assert!(csv.contains("Betroffene Personen"), "{csv}");
    assert!(!csv.contains("Serienbriefe"));
    let response = app.get(&hr, "/reports/needs/export.xlsx").await;
    assert_eq!(response.status(), 200);
    let logged = |action: &'static str| {
        audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq(action))
            .filter(audit_log::Column::TargetId.eq("needs"))
            .count(&app.db)
    };
    assert!(logged("report.viewed").await.unwrap() >= 4);
    assert_eq!(logged("report.exported").await.unwrap(), 2);
    // Asking for a need is not itself logged with the person: the log names no competence.
    let entries = audit_log::Entity::find().all(&app.db).await.unwrap();
    assert!(entries.iter().all(|e| !e.details.contains(&competence)));
}

#[tokio::test]
async fn a_need_is_listed_withdrawn_and_bad_input_is_refused() {
    let app = spawn().await;
    let (competence, _) = competences(&app);
    let unit = add_department(&app, "Fachbereich 10", None, None).await;
    let anna = employee(&app, "anna@stadt.example", unit).await;
    let ben = employee(&app, "ben@stadt.example", unit).await;
    let long = "x".repeat(121);
    let cases: Vec<Case> = vec![
        (
            "everything missing",
            vec![],
            vec!["topic", "competence", "urgency"],
        ),
        (
            "a topic that is too long",
            vec![
                ("topic", &long),
                ("competence", &competence),
                ("urgency", "low"),
            ],
            vec!["topic"],
        ),
        (
            "an unknown competence",
            vec![
                ("topic", "A"),
                ("competence", "erfunden"),
                ("urgency", "low"),
            ],
            vec!["competence"],
        ),
        (
            "an unknown urgency",
            vec![
                ("topic", "A"),
                ("competence", &competence),
                ("urgency", "sofort"),
            ],
            vec!["urgency"],
        ),
        (
            "a team of one",
            vec![
                ("topic", "A"),
                ("competence", &competence),
                ("urgency", "low"),
                ("scope", "team"),
                ("team_size", "1"),
            ],
            vec!["team_size"],
        ),
        (
            "a team size that is no number",
            vec![
                ("topic", "A"),
                ("competence", &competence),
                ("urgency", "low"),
                ("scope", "team"),
                ("team_size", "viele"),
            ],
            vec!["team_size"],
        ),
        (
            "a team larger than the bound",
            vec![
                ("topic", "A"),
                ("competence", &competence),
                ("urgency", "low"),
                ("scope", "team"),
                ("team_size", "501"),
            ],
            vec!["team_size"],
        ),
        (
            "an unknown scope",
            vec![
                ("topic", "A"),
                ("competence", &competence),
                ("urgency", "low"),
                ("scope", "chef"),
            ],
            vec!["scope"],
        ),
    ];
    for (name, form, fields) in cases {
        let response = report(&app, &anna, &form).await;
        assert_eq!(response.status(), 422, "case: {name}");
        let body: Value = response.json().await.unwrap();
        let got: Vec<&str> = body["detail"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(got, fields, "case: {name}: {body}");
    }
    assert_eq!(
        training_need::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    // Without JavaScript: back to the form, with the errors at the fields.
    let response = app
        .post_form(
            &anna,
            "/api/needs/report",
            "/bildungsbedarf",
            &[("topic", "Excel")],
        )
        .await;
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        "/bildungsbedarf#form-errors"
    );
    let (_, page) = app.page(&anna, "/bildungsbedarf").await;
    assert!(page.contains(r#"id="form-errors""#));
    assert!(page.contains(r#"id="field-competence-error""#));
    assert!(page.contains(r#"id="field-urgency-error""#));

    let response = app
        .post_form(
            &anna,
            "/api/needs/report",
            "/bildungsbedarf",
            &[
                ("topic", "Barrierefreie PDF"),
                ("competence", &competence),
                ("urgency", "medium"),
                ("scope", "self"),
            ],
        )
        .await;
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        "/bildungsbedarf?gespeichert=1"
    );
    let mine: Value = app
        .call(&anna, "needs/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["needs"][0]["topic"], "Barrierefreie PDF");
    assert_eq!(mine["needs"][0]["urgency"], "Medium");
    let id = mine["needs"][0]["id"].as_str().unwrap().to_owned();
    let (_, page) = app.page(&anna, "/bildungsbedarf").await;
    assert!(page.contains("Barrierefreie PDF"));
    // Nobody else sees or withdraws it.
    let theirs: Value = app
        .call(&ben, "needs/mine", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["needs"], Value::Array(vec![]));
    assert_eq!(
        app.call(&ben, "needs/withdraw", &[("id", &id)])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.call(&anna, "needs/withdraw", &[("id", "kaputt")])
            .await
            .status(),
        404
    );
    let response = app
        .post_form(
            &anna,
            "/api/needs/withdraw",
            "/bildungsbedarf",
            &[("id", &id)],
        )
        .await;
    assert_eq!(
        response.headers()["location"].to_str().unwrap(),
        "/bildungsbedarf?zurueckgezogen=1"
    );
    assert_eq!(
        training_need::Entity::find().count(&app.db).await.unwrap(),
        0
    );
}

#[tokio::test]
async fn only_hr_reads_the_needs_report_and_the_admin_can_switch_it_off() {
    let app = spawn().await;
    for (email, role) in [
        ("lernende@stadt.example", Role::Employee),
        ("redaktion@stadt.example", Role::Editor),
        ("change@stadt.example", Role::Coordinator),
        ("rat@stadt.example", Role::Auditor),
    ] {
        let (client, _) = app.logged_in(email, &[role]).await;
        assert_eq!(
            app.call(&client, "reports/needs", &[]).await.status(),
            403,
            "{email}"
        );
        assert_eq!(
            app.get(&client, "/reports/needs/export.csv").await.status(),
            403,
            "{email}"
        );
    }
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    assert_eq!(app.call(&admin, "reports/needs", &[]).await.status(), 403);
    let response = app
        .call(
            &admin,
            "reports/settings/set",
            &[("report", "needs"), ("enabled", "false")],
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    let (hr, _) = app.logged_in("personal@stadt.example", &[Role::Hr]).await;
    assert_eq!(app.call(&hr, "reports/needs", &[]).await.status(), 409);
    assert_eq!(
        app.get(&hr, "/reports/needs/export.csv").await.status(),
        409
    );
}
