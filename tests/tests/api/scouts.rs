//! The digital scouts network over HTTP: asking for help, matching, mail with calendar
//! invitations at a real SMTP server, passing on after three working days, consent to share
//! progress, inert payloads, and who may read what.

use std::sync::Arc;
use std::time::Duration;

use app::auth::Role;
use app::context::Clock;
use app::db::{audit_log, department, help_request, user};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
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

/// Dezernat → Fachbereich A, Fachbereich B. Returns (dezernat, a, b).
async fn units(app: &TestApp) -> (Uuid, Uuid, Uuid) {
    let mut ids = Vec::new();
    for (name, parent) in [("Dezernat I", None), ("FB 10", Some(0)), ("FB 20", Some(0))] {
        let id = Uuid::new_v4();
        department::ActiveModel {
            id: Set(id),
            parent_id: Set(parent.map(|p: usize| ids[p])),
            name: Set(name.to_owned()),
            kind: Set("fachbereich".to_owned()),
            created_at: Set(Utc::now()),
            code: Set(None),
        }
        .insert(&app.db)
        .await
        .expect("department");
        ids.push(id);
    }
    (ids[0], ids[1], ids[2])
}

async fn place(app: &TestApp, person: Uuid, unit: Uuid, name: &str) {
    let account = user::Entity::find_by_id(person)
        .one(&app.db)
        .await
        .expect("query")
        .expect("user");
    let mut account: user::ActiveModel = account.into();
    account.department_id = Set(Some(unit));
    account.display_name = Set(name.to_owned());
    account.update(&app.db).await.expect("update user");
}

fn ok(response: &reqwest::Response, what: &str) {
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{what}: {}",
        response.status()
    );
}

/// A scout with a profile: serves `unit`, helps with `topics`.
async fn scout(
    app: &TestApp,
    email: &str,
    name: &str,
    unit: Uuid,
    topics: &[&str],
) -> (reqwest::Client, Uuid) {
    let (client, id) = app.logged_in(email, &[Role::Employee, Role::Scout]).await;
    place(app, id, unit, name).await;
    let unit = unit.to_string();
    let mut form = vec![
        ("about", "Ich helfe gern."),
        ("channels[]", "in_person"),
        ("channels[]", "video"),
        ("languages", "Deutsch"),
        ("capacity", "3"),
        ("office_hours", "dienstags 10–12 Uhr"),
        ("departments[]", unit.as_str()),
    ];
    for topic in topics {
        form.push(("topics[]", topic));
    }
    let response = app.call(&client, "scouts/profile/save", &form).await;
    ok(&response, "profile saved");
    (client, id)
}

async fn ask(app: &TestApp, client: &reqwest::Client, topic: &str, scout: &str) -> Uuid {
    let response = app
        .call(
            client,
            "scouts/ask",
            &[
                ("topic", topic),
                (
                    "description",
                    "Ich finde meine Vorgänge in der E-Akte nicht.",
                ),
                ("channel", "in_person"),
                ("preferred_times", "vormittags"),
                ("scout", scout),
            ],
        )
        .await;
    ok(&response, "ask");
    help_request::Entity::find()
        .all(&app.db)
        .await
        .expect("requests")
        .into_iter()
        .max_by_key(|r| r.created_at)
        .expect("a request")
        .id
}

async fn request(app: &TestApp, id: Uuid) -> help_request::Model {
    help_request::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("request")
}

/// The text/calendar part of a raw mail.
fn calendar_part(raw: &[u8]) -> Option<String> {
    let parsed = mailparse::parse_mail(raw).ok()?;
    parsed
        .parts()
        .find(|p| p.ctype.mimetype == "text/calendar")
        .and_then(|p| p.get_body().ok())
}

/// Parses an invitation with Python's icalendar and returns (tzid, local start, UTC start,
/// sequence, organizer, attendee).
fn parse_ics(text: &str) -> serde_json::Value {
    let python = std::env::var("FS_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = r#"
import sys, json, icalendar, datetime
cal = icalendar.Calendar.from_ical(sys.stdin.read())
zones = [str(c.get("TZID")) for c in cal.walk("VTIMEZONE")]
event = cal.walk("VEVENT")[0]
start = event.decoded("DTSTART")
end = event.decoded("DTEND")
print(json.dumps({
    "zones": zones,
    "tzid": str(event["DTSTART"].params.get("TZID")),
    "local": start.strftime("%Y-%m-%d %H:%M"),
    "utc": start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
    "minutes": int((end - start).total_seconds() // 60),
    "sequence": int(event.get("SEQUENCE", 0)),
    "uid": str(event["UID"]),
    "organizer": str(event["ORGANIZER"]),
    "attendee": str(event["ATTENDEE"]),
    "location": str(event["LOCATION"]),
    "method": str(cal.get("METHOD")),
}))
"#;
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python (./dev test installs icalendar)");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write ics");
    let output = child.wait_with_output().expect("python runs");
    assert!(
        output.status.success(),
        "icalendar refused the invitation: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json from python")
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

#[tokio::test]
async fn a_request_goes_from_asking_to_feedback_with_invitations_a_calendar_reads() {
    let smtp = SmtpServer::start();
    let app = spawn(Some(&smtp)).await;
    let (_, fb10, fb20) = units(&app).await;
    let (scout_client, scout_id) = scout(
        &app,
        "scout@stadt.example",
        "Samir Scout",
        fb10,
        &["kommunal-2026/e-akte"],
    )
    .await;
    // A scout of the sister unit without the topic: matching prefers the first.
    scout(&app, "andere@stadt.example", "Andrea Anders", fb20, &[]).await;
    let (employee, employee_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    place(&app, employee_id, fb10, "Erika Muster").await;

    let id = ask(&app, &employee, "kommunal-2026/e-akte", "auto").await;
    assert_eq!(request(&app, id).await.scout_id, Some(scout_id));

    app.deliver_mail().await;
    let messages = smtp.messages();
    let to_scout = mails_to(&messages, "scout@stadt.example");
    assert_eq!(to_scout.len(), 1, "one mail to the scout");
    let (text, _, _) = mail_bodies(to_scout[0]);
    assert!(text.contains(&format!("/help/{id}")), "{text}");
    assert!(
        text.contains("Erika Muster") && text.contains("E-Akte"),
        "{text}"
    );
    // Due in three working days: Monday 2 March 09:00 → Thursday 5 March 09:00.
    assert!(text.contains("05.03.2026, 09:00 Uhr"), "{text}");

    // The scout sees the request page with the description.
    let (status, page) = app.page(&scout_client, &format!("/help/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ich finde meine Vorgänge"), "request page");

    // Accept with a time in winter, then move it into summer time.
    for (date, utc, sequence) in [
        ("2026-03-10", "2026-03-10 09:30", 0),
        ("2026-04-14", "2026-04-14 08:30", 1),
    ] {
        let response = app
            .call(
                &scout_client,
                "scouts/schedule",
                &[
                    ("id", &id.to_string()),
                    ("date", date),
                    ("time", "10:30"),
                    ("minutes", "45"),
                    ("place", "Raum 2.14, Rathaus"),
                ],
            )
            .await;
        ok(&response, "schedule");
        app.deliver_mail().await;
        let expected = 1 + 2 * (sequence + 1);
        let messages = smtp.messages();
        assert_eq!(messages.len(), expected, "two invitations per time");
        for person in ["scout@stadt.example", "erika@stadt.example"] {
            let invitations: Vec<serde_json::Value> = mails_to(&messages, person)
                .into_iter()
                .filter_map(|raw| calendar_part(raw))
                .map(|ics| parse_ics(&ics))
                .collect();
            let latest = invitations
                .iter()
                .find(|i| i["sequence"] == sequence)
                .unwrap_or_else(|| panic!("{person}: invitation {sequence} in {invitations:?}"));
            assert_eq!(latest["tzid"], "Europe/Berlin");
            assert_eq!(latest["zones"], serde_json::json!(["Europe/Berlin"]));
            assert_eq!(latest["local"], format!("{date} 10:30"));
            assert_eq!(latest["utc"], utc);
            assert_eq!(latest["minutes"], 45);
            assert_eq!(latest["method"], "REQUEST");
            assert_eq!(latest["location"], "Raum 2.14, Rathaus");
            assert_eq!(latest["organizer"], "mailto:scout@stadt.example");
            assert_eq!(latest["attendee"], "mailto:erika@stadt.example");
            assert!(
                latest["uid"]
                    .as_str()
                    .is_some_and(|u| u.starts_with(&id.to_string()))
            );
        }
    }
    let stored = request(&app, id).await;
    assert_eq!(stored.status, "accepted");
    assert!(stored.first_answer_at.is_some());

    // Feedback is possible only after closing.
    let early = app
        .call(
            &employee,
            "scouts/feedback",
            &[("id", &id.to_string()), ("rating", "5"), ("comment", "")],
        )
        .await;
    assert_eq!(early.status().as_u16(), 409);
    ok(
        &app.call(&scout_client, "scouts/close", &[("id", &id.to_string())])
            .await,
        "close",
    );
    app.deliver_mail().await;
    let messages = smtp.messages();
    let feedback_mail = mails_to(&messages, "erika@stadt.example")
        .into_iter()
        .map(|raw| mail_bodies(raw).0)
        .find(|text| text.contains("#feedback"))
        .expect("a feedback mail to the employee");
    assert!(feedback_mail.contains(&format!("/help/{id}#feedback")));

    let bad = app
        .call(
            &employee,
            "scouts/feedback",
            &[("id", &id.to_string()), ("rating", "9"), ("comment", "")],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422, "a rating outside 1–5");
    ok(
        &app.call(
            &employee,
            "scouts/feedback",
            &[
                ("id", &id.to_string()),
                ("rating", "4"),
                ("comment", "Sehr geduldig."),
            ],
        )
        .await,
        "feedback",
    );
    let stored = request(&app, id).await;
    assert_eq!((stored.status.as_str(), stored.rating), ("closed", Some(4)));
    let again = app
        .call(
            &employee,
            "scouts/feedback",
            &[("id", &id.to_string()), ("rating", "1"), ("comment", "")],
        )
        .await;
    assert_eq!(again.status().as_u16(), 409, "feedback once");
    assert_eq!(
        request(&app, id).await.rating,
        Some(4),
        "the first feedback stays"
    );
}

#[tokio::test]
async fn a_request_passes_on_after_a_decline_and_after_three_working_days() {
    let app = spawn(None).await;
    let (dezernat, fb10, fb20) = units(&app).await;
    let (first, first_id) = scout(
        &app,
        "a@stadt.example",
        "A",
        fb10,
        &["kommunal-2026/e-akte"],
    )
    .await;
    let (_, second_id) = scout(
        &app,
        "b@stadt.example",
        "B",
        fb20,
        &["kommunal-2026/e-akte"],
    )
    .await;
    let (_, third_id) = scout(&app, "c@stadt.example", "C", dezernat, &[]).await;
    let (employee, employee_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    place(&app, employee_id, fb10, "Erika").await;
    let id = ask(&app, &employee, "kommunal-2026/e-akte", "auto").await;
    assert_eq!(
        request(&app, id).await.scout_id,
        Some(first_id),
        "own unit and topic first"
    );

    ok(
        &app.call(&first, "scouts/decline", &[("id", &id.to_string())])
            .await,
        "decline",
    );
    let after_decline = request(&app, id).await;
    assert_eq!(
        after_decline.scout_id,
        Some(second_id),
        "topic beats closeness"
    );
    let declined_at = after_decline.assigned_at;
    // The one who declined cannot act on it any more.
    let response = app
        .call(&first, "scouts/decline", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status().as_u16(), 404);

    // Monday 09:00 + 3 working days = Thursday 09:00. A minute before: nothing happens.
    let pass = || app::scouts::server::pass_overdue_requests(&app.ctx);
    app.clock
        .advance(chrono::Duration::days(3) - chrono::Duration::minutes(1));
    assert_eq!(pass().await.expect("pass"), 0);
    assert_eq!(request(&app, id).await.scout_id, Some(second_id));
    app.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(pass().await.expect("pass"), 1);
    let moved = request(&app, id).await;
    assert_eq!(moved.scout_id, Some(third_id));
    assert!(moved.assigned_at > declined_at);
    assert_eq!(pass().await.expect("pass"), 0, "once");

    // Over a weekend: Thursday 09:00 + 3 working days = Tuesday 09:00.
    app.clock
        .advance(chrono::Duration::days(4) + chrono::Duration::hours(23));
    assert_eq!(pass().await.expect("pass"), 0, "Monday evening: not yet");
    app.clock.advance(chrono::Duration::hours(1));
    assert_eq!(pass().await.expect("pass"), 1);
    let last = request(&app, id).await;
    assert_eq!((last.status.as_str(), last.scout_id), ("unassigned", None));
    let passed: Vec<Uuid> = serde_json::from_str(&last.passed_over).expect("json");
    assert_eq!(passed, vec![first_id, second_id, third_id]);
}

#[tokio::test]
async fn shared_progress_shows_until_revoked_and_only_to_that_scout() {
    let app = spawn(None).await;
    let (_, fb10, _) = units(&app).await;
    let (scout_client, scout_id) = scout(&app, "a@stadt.example", "A", fb10, &[]).await;
    let (other_scout, _) = scout(&app, "b@stadt.example", "B", fb10, &[]).await;
    let (employee, employee_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    place(&app, employee_id, fb10, "Erika").await;
    let id = ask(
        &app,
        &employee,
        "kommunal-2026/e-akte",
        &scout_id.to_string(),
    )
    .await;
    assert_eq!(
        request(&app, id).await.scout_id,
        Some(scout_id),
        "the chosen scout"
    );

    let detail = |client: reqwest::Client| {
        let app = &app;
        async move {
            let response = app
                .call(&client, "scouts/request", &[("id", &id.to_string())])
                .await;
            assert!(response.status().is_success(), "{}", response.status());
            response.json::<serde_json::Value>().await.expect("json")
        }
    };
    assert!(
        detail(scout_client.clone()).await["progress"].is_null(),
        "not shared yet"
    );

    let share = [
        ("scout", scout_id.to_string()),
        ("share", "true".to_owned()),
    ];
    let share: Vec<(&str, &str)> = share.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ok(&app.call(&employee, "scouts/share", &share).await, "share");
    let shown = detail(scout_client.clone()).await;
    assert!(
        shown["progress"].as_array().is_some_and(|m| !m.is_empty()),
        "{shown}"
    );

    // Another scout reads nothing of the request, shared or not.
    let response = app
        .call(&other_scout, "scouts/request", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status().as_u16(), 404);
    let (status, _) = app.page(&other_scout, &format!("/help/{id}")).await;
    assert_eq!(status, 404);
    let response = app
        .call(
            &other_scout,
            "scouts/schedule",
            &[
                ("id", &id.to_string()),
                ("date", "2026-03-10"),
                ("time", "10:00"),
                ("minutes", "30"),
                ("place", "x"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 404);

    let revoke = [
        ("scout", scout_id.to_string()),
        ("share", "false".to_owned()),
    ];
    let revoke: Vec<(&str, &str)> = revoke.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ok(
        &app.call(&employee, "scouts/share", &revoke).await,
        "revoke",
    );
    assert!(
        detail(scout_client).await["progress"].is_null(),
        "hidden at once"
    );

    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::ActorId.eq(employee_id))
        .all(&app.db)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, vec!["progress.shared", "progress.share_revoked"]);
}

#[tokio::test]
async fn script_and_html_in_profiles_and_requests_stay_text() {
    let app = spawn(None).await;
    let (_, fb10, _) = units(&app).await;
    let payload = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let (scout_client, scout_id) = app
        .logged_in("a@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    place(&app, scout_id, fb10, "A").await;
    let unit = fb10.to_string();
    ok(
        &app.call(
            &scout_client,
            "scouts/profile/save",
            &[
                ("about", payload),
                ("channels[]", "phone"),
                ("languages", payload),
                ("capacity", "2"),
                ("office_hours", payload),
                ("departments[]", unit.as_str()),
            ],
        )
        .await,
        "profile",
    );
    let (employee, employee_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    place(&app, employee_id, fb10, "Erika").await;
    let response = app
        .call(
            &employee,
            "scouts/ask",
            &[
                ("topic", "kommunal-2026/e-akte"),
                ("description", payload),
                ("channel", "phone"),
                ("preferred_times", payload),
                ("scout", "auto"),
            ],
        )
        .await;
    ok(&response, "ask");
    let id = help_request::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("request")
        .id;
    for (client, path) in [
        (&employee, "/scouts".to_owned()),
        (&scout_client, format!("/help/{id}")),
    ] {
        let (status, html) = app.page(client, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!html.contains("<script>alert"), "{path}: script element");
        assert!(!html.contains("<img src=x"), "{path}: img element");
        assert!(
            html.contains("&lt;script&gt;alert("),
            "{path}: shown as text"
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_field_errors_and_keeps_what_was_saved() {
    let app = spawn(None).await;
    let (_, fb10, _) = units(&app).await;
    let (scout_client, _) = scout(&app, "a@stadt.example", "A", fb10, &[]).await;
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let cases: [Case; 4] = [
        (
            "no channel",
            vec![
                ("about", "neu"),
                ("capacity", "3"),
                ("languages", ""),
                ("office_hours", ""),
            ],
            "channels",
        ),
        (
            "capacity 0",
            vec![
                ("about", "neu"),
                ("channels[]", "phone"),
                ("capacity", "0"),
                ("languages", ""),
                ("office_hours", ""),
            ],
            "capacity",
        ),
        (
            "capacity text",
            vec![
                ("about", "neu"),
                ("channels[]", "phone"),
                ("capacity", "viele"),
                ("languages", ""),
                ("office_hours", ""),
            ],
            "capacity",
        ),
        (
            "unknown unit",
            vec![
                ("about", "neu"),
                ("channels[]", "phone"),
                ("capacity", "3"),
                ("languages", ""),
                ("office_hours", ""),
                ("departments[]", "not-a-unit"),
            ],
            "departments",
        ),
    ];
    for (case, form, field) in cases {
        let response = app.call(&scout_client, "scouts/profile/save", &form).await;
        assert_eq!(response.status().as_u16(), 422, "{case}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["detail"][0]["field"], field, "{case}: {body}");
    }
    let profile: serde_json::Value = app
        .call(&scout_client, "scouts/profile", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        profile["about"], "Ich helfe gern.",
        "the saved profile is unchanged"
    );

    let (employee, _) = app.logged_in("e@stadt.example", &[Role::Employee]).await;
    for (case, topic, description, channel, field) in [
        ("unknown topic", "gibt-es-nicht", "Hilfe", "phone", "topic"),
        (
            "empty description",
            "kommunal-2026/e-akte",
            "  ",
            "phone",
            "description",
        ),
        (
            "unknown channel",
            "kommunal-2026/e-akte",
            "Hilfe",
            "brieftaube",
            "channel",
        ),
    ] {
        let response = app
            .call(
                &employee,
                "scouts/ask",
                &[
                    ("topic", topic),
                    ("description", description),
                    ("channel", channel),
                    ("preferred_times", ""),
                    ("scout", "auto"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422, "{case}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["detail"][0]["field"], field, "{case}: {body}");
    }
    assert!(
        help_request::Entity::find()
            .all(&app.db)
            .await
            .expect("query")
            .is_empty()
    );
}

#[tokio::test]
async fn only_scouts_answer_and_only_hr_and_admins_see_coverage() {
    let app = spawn(None).await;
    let (_, fb10, _) = units(&app).await;
    let (employee, _) = app.logged_in("e@stadt.example", &[Role::Employee]).await;
    for function in [
        "scouts/profile",
        "scouts/decline",
        "scouts/close",
        "scouts/schedule",
    ] {
        let id = Uuid::new_v4().to_string();
        let form = [
            ("id", id.as_str()),
            ("date", "2026-03-10"),
            ("time", "10:00"),
            ("minutes", "30"),
            ("place", "Raum 1"),
        ];
        let response = app.call(&employee, function, &form).await;
        assert_eq!(response.status().as_u16(), 403, "{function}");
    }
    for roles in [&[Role::Employee][..], &[Role::Scout], &[Role::Auditor]] {
        let email = format!("{}@stadt.example", Uuid::new_v4().simple());
        let (client, _) = app.logged_in(&email, roles).await;
        for function in ["scouts/coverage", "scouts/appoint", "scouts/dismiss"] {
            let response = app
                .call(&client, function, &[("id", "x"), ("email", "x")])
                .await;
            assert_eq!(response.status().as_u16(), 403, "{function} as {roles:?}");
        }
        let (status, _) = app.page(&client, "/scouts/coverage").await;
        assert_eq!(status, 403, "coverage page as {roles:?}");
    }

    // HR appoints a colleague; coverage shows the unit as covered; dismissing reverses it.
    let (hr, _) = app
        .logged_in("hr@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    let (_, colleague) = app.logged_in("k@stadt.example", &[Role::Employee]).await;
    place(&app, colleague, fb10, "Kim").await;
    ok(
        &app.call(&hr, "scouts/appoint", &[("email", "k@stadt.example")])
            .await,
        "appoint",
    );
    let coverage: serde_json::Value = app
        .call(&hr, "scouts/coverage", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(coverage["uncovered"], 2, "{coverage}");
    let unknown = app
        .call(&hr, "scouts/appoint", &[("email", "niemand@stadt.example")])
        .await;
    assert_eq!(unknown.status().as_u16(), 422);
    ok(
        &app.call(
            &hr,
            "scouts/dismiss",
            &[("id", &colleague.to_string()), ("confirm", "on")],
        )
        .await,
        "dismiss",
    );
    let coverage: serde_json::Value = app
        .call(&hr, "scouts/coverage", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(coverage["uncovered"], 3, "{coverage}");
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Action.is_in(["scout.appointed", "scout.dismissed"]))
        .all(&app.db)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, vec!["scout.appointed", "scout.dismissed"]);
}

/// Colleagues in each unit ask once, are answered 20 minutes later, get their request closed
/// and rate it 5 or 4 in turn.
async fn asked_and_rated(app: &TestApp, units: &[(Uuid, usize, &str)]) {
    let (scout_client, _) = scout(
        app,
        "s@stadt.example",
        "S",
        units[0].0,
        &["kommunal-2026/e-akte"],
    )
    .await;
    for &(unit, count, tag) in units {
        for n in 0..count {
            let (client, id) = app
                .logged_in(&format!("{tag}{n}@stadt.example"), &[Role::Employee])
                .await;
            place(app, id, unit, &format!("{tag}{n}")).await;
            let request = ask(app, &client, "kommunal-2026/e-akte", "auto").await;
            let rid = request.to_string();
            // Within the session's idle timeout, so the scout stays logged in.
            app.clock.advance(chrono::Duration::minutes(20));
            ok(
                &app.call(
                    &scout_client,
                    "scouts/schedule",
                    &[
                        ("id", &rid),
                        ("date", "2026-03-30"),
                        ("time", "10:00"),
                        ("minutes", "30"),
                        ("place", "Raum 1"),
                    ],
                )
                .await,
                "schedule",
            );
            ok(
                &app.call(&scout_client, "scouts/close", &[("id", &rid)])
                    .await,
                "close",
            );
            let rating = if n % 2 == 0 { "5" } else { "4" };
            ok(
                &app.call(
                    &client,
                    "scouts/feedback",
                    &[("id", &rid), ("rating", rating), ("comment", "")],
                )
                .await,
                "feedback",
            );
        }
    }
}

async fn impact_of(app: &TestApp, client: &reqwest::Client, quarter: &str) -> serde_json::Value {
    app.call(client, "scouts/impact", &[("quarter", quarter)])
        .await
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn impact_per_unit_shows_only_groups_of_at_least_k_and_is_audited() {
    let app = spawn(None).await;
    let (_, fb10, fb20) = units(&app).await;
    // Five colleagues in FB 10, four in FB 20; each asks once and rates 4 or 5.
    asked_and_rated(&app, &[(fb10, 5, "a"), (fb20, 4, "b")]).await;
    let (hr, _) = app
        .logged_in("hr@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    // During the quarter nothing of it shows: only complete quarters are reported.
    let now: serde_json::Value = app
        .call(&hr, "scouts/impact", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(now["quarter"], "2025-Q4", "{now}");
    assert_eq!(now["rows"], serde_json::json!([]));

    app.clock.advance(chrono::Duration::days(31));
    let hr = app.client();
    ok(
        &app.login(&hr, "hr@stadt.example", tests::PASSWORD).await,
        "login again",
    );
    let impact: serde_json::Value = app
        .call(&hr, "scouts/impact", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(impact["quarter"], "2026-Q1", "{impact}");
    assert_eq!(impact["clip"], 5, "{impact}");
    let rows = impact["rows"].as_array().expect("rows");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["department"] == name)
            .cloned()
            .expect(name)
    };
    // Exact figures in tests: every margin is 0.
    let exact = |value: u64| serde_json::json!({ "About": { "value": value, "margin": 0 } });
    let fb10_row = row("FB 10");
    assert_eq!(fb10_row["requesters"], exact(5), "{impact}");
    assert_eq!(fb10_row["requests"], exact(5), "{impact}");
    assert_eq!(fb10_row["closed"], exact(5), "{impact}");
    // Answered after 20 minutes: all within 24 hours.
    assert_eq!(
        fb10_row["answered_within_day"],
        serde_json::json!({ "Percent": { "value": 100, "margin": 0 } })
    );
    assert_eq!(
        fb10_row["satisfaction"],
        serde_json::json!({ "Average": { "value": 4.6, "margin": 0.0 } })
    );
    // Four people asked in FB 20: the unit does not appear at all, not even as a row of hidden
    // figures (that alone would tell that somebody there asked), and four are too few to be
    // pooled into "other units".
    assert!(
        rows.iter().all(|r| r["department"] != "FB 20"),
        "FB 20 must not be listed: {impact}"
    );
    assert_eq!(rows.len(), 1, "only FB 10: {impact}");
    let (status, page) = app.page(&hr, "/scouts/impact?quarter=2026-Q1").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("FB 10") && !page.contains("FB 20"),
        "the page lists FB 20"
    );
    assert!(page.contains("100 %"), "share answered within a day");
    let (employee, _) = app.logged_in("e@stadt.example", &[Role::Employee]).await;
    assert_eq!(
        app.call(&employee, "scouts/impact", &[])
            .await
            .status()
            .as_u16(),
        403
    );
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.viewed"))
        .filter(audit_log::Column::TargetId.eq("scouts"))
        .all(&app.db)
        .await
        .expect("audit");
    assert_eq!(audited.len(), 3, "two calls and one page view");
}

/// The impact report follows the reports' minimum group size: with k = 4, the four people of
/// FB 20 make a row of their own, rating included (with the default 5 they do not, see above).
#[tokio::test]
async fn impact_uses_the_minimum_group_size_of_the_reports() {
    let database = Arc::new(TestDatabase::create().await);
    let app = TestApp::spawn_on(database, Clock::manual(start_time()), |c| {
        c.reports.min_group_size = 4;
    })
    .await
    .expect("app starts");
    let (_, fb10, fb20) = units(&app).await;
    asked_and_rated(&app, &[(fb10, 5, "a"), (fb20, 4, "b")]).await;
    app.clock.advance(chrono::Duration::days(31));
    let (hr, _) = app
        .logged_in("hr@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    let impact = impact_of(&app, &hr, "2026-Q1").await;
    assert_eq!(impact["min_group_size"], 4, "{impact}");
    let fb20_row = impact["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["department"] == "FB 20")
        .cloned()
        .unwrap_or_else(|| panic!("FB 20 has four people who asked: {impact}"));
    assert_eq!(
        fb20_row["requesters"],
        serde_json::json!({ "About": { "value": 4, "margin": 0 } })
    );
    assert_eq!(
        fb20_row["satisfaction"],
        serde_json::json!({ "Average": { "value": 4.5, "margin": 0.0 } }),
        "four ratings reach k = 4"
    );
}

/// The impact report is a report like the others: the admin switches it off and on on the
/// report settings page, and while it is off nobody can open it.
#[tokio::test]
async fn the_impact_report_is_switched_off_and_on_like_every_report() {
    let app = spawn(None).await;
    let (hr, _) = app
        .logged_in("hr@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    assert_eq!(
        app.call(&hr, "scouts/impact", &[]).await.status(),
        200,
        "on until switched off"
    );
    let settings: serde_json::Value = app
        .call(&admin, "reports/settings", &[])
        .await
        .json()
        .await
        .expect("json");
    assert!(
        settings["enabled"]
            .as_array()
            .expect("switches")
            .contains(&serde_json::json!(["Scouts", true])),
        "{settings}"
    );
    let (status, page) = app.page(&admin, "/reports/settings").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Wirkung der Digitalscouts ausschalten"),
        "the settings page has the switch"
    );

    let response = app
        .call(
            &admin,
            "reports/settings/set",
            &[("report", "scouts"), ("enabled", "false")],
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    for (who, client) in [("HR", &hr), ("admin", &admin)] {
        let response = app.call(client, "scouts/impact", &[]).await;
        assert_eq!(response.status(), 409, "{who} while switched off");
        assert_eq!(tests::error_kind(response).await, "Conflict");
    }
    let (_, page) = app.page(&hr, "/scouts/impact").await;
    assert!(
        page.contains("Dieser Bericht ist ausgeschaltet"),
        "the page says it is switched off"
    );
    let (_, overview) = app.page(&hr, "/reports").await;
    assert!(
        overview.contains("Wirkung der Digitalscouts – ausgeschaltet"),
        "the overview says so too"
    );

    let response = app
        .call(
            &admin,
            "reports/settings/set",
            &[("report", "scouts"), ("enabled", "true")],
        )
        .await;
    assert!(response.status().is_success() || response.status().is_redirection());
    assert_eq!(app.call(&hr, "scouts/impact", &[]).await.status(), 200);
    let switched = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.setting_changed"))
        .filter(audit_log::Column::TargetId.eq("scouts"))
        .count(&app.db)
        .await
        .expect("audit");
    assert_eq!(switched, 2, "both switches are logged");
    let viewed = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("report.viewed"))
        .filter(audit_log::Column::TargetId.eq("scouts"))
        .count(&app.db)
        .await
        .expect("audit");
    assert_eq!(viewed, 2, "only the views while it was on");
}

#[tokio::test]
async fn impact_figures_are_noisy_and_stay_the_same_for_the_quarter() {
    let app = TestApp::spawn_with(|config| {
        tests::noisy(config);
        // Few people and a larger ε, so that a row shows whatever the noise.
        config.reports.min_group_size = 3;
        config.privacy.scouts = 2.0;
    })
    .await;
    let (_, fb10, fb20) = units(&app).await;
    asked_and_rated(&app, &[(fb10, 5, "a"), (fb20, 4, "b")]).await;
    app.clock.advance(chrono::Duration::days(31));
    let (hr, _) = app
        .logged_in("hr@stadt.example", &[Role::Employee, Role::Hr])
        .await;
    let first = impact_of(&app, &hr, "2026-Q1").await;
    let rows = first["rows"].as_array().expect("rows");
    assert!(!rows.is_empty(), "{first}");
    for row in rows {
        let margin = row["requesters"]["About"]["margin"]
            .as_u64()
            .expect("count");
        assert!(margin > 0, "a released count carries its margin: {first}");
    }
    // A change inside the quarter (one rating withdrawn, one request moved to FB 20) does not
    // show: the quarter's figures were drawn once and are read back.
    let request = help_request::Entity::find()
        .filter(help_request::Column::DepartmentId.eq(fb10))
        .one(&app.db)
        .await
        .expect("query")
        .expect("a request");
    let mut request: help_request::ActiveModel = request.into();
    request.rating = Set(None);
    request.department_id = Set(Some(fb20));
    request.update(&app.db).await.expect("update");
    let again = impact_of(&app, &hr, "2026-Q1").await;
    assert_eq!(
        first["rows"], again["rows"],
        "the same figures on every view"
    );
    let (status, page) = app.page(&hr, "/scouts/impact?quarter=2026-Q1").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("≈"),
        "the page shows the figures as approximate"
    );
}

#[tokio::test]
async fn board_posts_render_markdown_keep_html_inert_and_only_scouts_post() {
    let app = spawn(None).await;
    let (scout_client, _) = app
        .logged_in("s@stadt.example", &[Role::Employee, Role::Scout])
        .await;
    let (employee, _) = app.logged_in("e@stadt.example", &[Role::Employee]).await;
    let body = "Mit **Strg+F** suchen.\n\n<script>alert('x')</script>\n\n[klick](javascript:alert(1)) <img src=x onerror=alert(1)>";
    ok(
        &app.call(
            &scout_client,
            "scouts/board/post",
            &[
                ("kind", "tip"),
                ("title", "<b>Suchen</b> in der E-Akte"),
                ("body", body),
            ],
        )
        .await,
        "post",
    );
    let refused = app
        .call(
            &employee,
            "scouts/board/post",
            &[("kind", "tip"), ("title", "x"), ("body", "y")],
        )
        .await;
    assert_eq!(
        refused.status().as_u16(),
        403,
        "employees read, scouts post"
    );
    let empty = app
        .call(
            &scout_client,
            "scouts/board/post",
            &[("kind", "tip"), ("title", " "), ("body", "")],
        )
        .await;
    assert_eq!(empty.status().as_u16(), 422);

    let (status, html) = app.page(&employee, "/scouts/board").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("<strong>Strg+F</strong>"),
        "Markdown rendered"
    );
    assert!(
        html.contains("&lt;b&gt;Suchen&lt;/b&gt; in der E-Akte"),
        "title as text"
    );
    assert!(html.contains("&lt;script&gt;alert("), "script as text");
    assert!(!html.contains("<script>alert"), "no script element");
    assert!(!html.contains("<img src=x"), "no img element");
    assert!(!html.contains("javascript:alert"), "no javascript link");

    // Only the author (or an admin) removes a post.
    let board: serde_json::Value = app
        .call(&employee, "scouts/board", &[])
        .await
        .json()
        .await
        .expect("json");
    let id = board["posts"][0]["id"]
        .as_str()
        .expect("post id")
        .to_owned();
    assert_eq!(board["posts"][0]["can_remove"], false);
    let response = app
        .call(&employee, "scouts/board/remove", &[("id", &id)])
        .await;
    assert_eq!(response.status().as_u16(), 403);
    ok(
        &app.call(&scout_client, "scouts/board/remove", &[("id", &id)])
            .await,
        "remove",
    );
    let board: serde_json::Value = app
        .call(&employee, "scouts/board", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(board["posts"], serde_json::json!([]));
}

fn header(raw: &[u8], name: &str) -> Option<String> {
    use mailparse::MailHeaderMap;
    mailparse::parse_mail(raw)
        .ok()?
        .headers
        .get_first_value(name)
}

#[tokio::test]
async fn the_newsletter_goes_out_once_a_month_and_its_link_ends_it_only_for_its_owner() {
    let smtp = SmtpServer::start();
    let app = spawn(Some(&smtp)).await;
    let (_, fb10, _) = units(&app).await;
    let (scout_client, _) = scout(&app, "s@stadt.example", "Samir Scout", fb10, &[]).await;
    // The server's own hourly task records the month of installation at start; wait for it, so
    // that it cannot run after the clock moves on.
    for _ in 0..100 {
        if app::db::newsletter_issue::Entity::find()
            .one(&app.db)
            .await
            .expect("query")
            .is_some()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let send = || app::scouts::newsletter::send_due(&app.ctx);
    assert_eq!(
        send().await.expect("send"),
        0,
        "not in the month of installation"
    );
    app.clock.advance(chrono::Duration::days(31));
    ok(
        &app.login(&scout_client, "s@stadt.example", tests::PASSWORD)
            .await,
        "login again",
    );
    let (anna, _) = app.logged_in("anna@stadt.example", &[Role::Employee]).await;
    app.logged_in("ben@stadt.example", &[Role::Employee]).await;
    ok(
        &app.call(
            &scout_client,
            "scouts/board/post",
            &[
                ("kind", "tip"),
                ("title", "Strg+F in der E-Akte"),
                ("body", "Suchen geht schnell."),
            ],
        )
        .await,
        "post",
    );
    ok(
        &app.call(
            &scout_client,
            "meetings/workshop/announce",
            &[
                ("module", "e-akte"),
                ("title", "E-Akte kompakt"),
                ("description", ""),
                ("date", "2026-04-20"),
                ("time", "14:00"),
                ("minutes", "90"),
                ("place", "Schulungsraum"),
                ("department", ""),
                ("capacity", "12"),
            ],
        )
        .await,
        "workshop",
    );
    assert_eq!(send().await.expect("send"), 3, "everyone active");
    assert_eq!(send().await.expect("send"), 0, "once a month");
    app.deliver_mail().await;
    let messages = smtp.messages();
    assert_eq!(messages.len(), 3);
    let anna_mail = mails_to(&messages, "anna@stadt.example")[0].clone();
    let (text, _, _) = mail_bodies(&anna_mail);
    assert!(text.contains("Strg+F in der E-Akte"), "the tip: {text}");
    assert!(
        text.contains("Samir Scout: dienstags 10–12 Uhr"),
        "office hours: {text}"
    );
    assert_eq!(
        header(&anna_mail, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let one_click = header(&anna_mail, "List-Unsubscribe").expect("List-Unsubscribe");
    let one_click = one_click
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned();
    let token = one_click.rsplit('/').next().expect("token").to_owned();
    assert!(
        text.contains(&format!("/newsletter/leave/{token}")),
        "the link in the text"
    );
    let ben_mail = mails_to(&messages, "ben@stadt.example")[0].clone();
    let ben_link = header(&ben_mail, "List-Unsubscribe").expect("List-Unsubscribe");
    let ben_token = ben_link
        .trim_end_matches('>')
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned();
    assert_ne!(token, ben_token);
    // The secrets are stored only as digests: reading the database gives nobody the links.
    let stored: Vec<String> = app::db::one_time_token::Entity::find()
        .all(&app.db)
        .await
        .expect("tokens")
        .into_iter()
        .map(|t| t.token_hash)
        .collect();
    assert!(
        stored.contains(&app::auth::server::digest(&token)),
        "digest stored"
    );
    assert!(!stored.contains(&token), "the plain secret is not stored");
    let plain = user::Entity::find()
        .filter(user::Column::NewsletterToken.is_not_null())
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(plain, 0, "no plain secret in users");
    // A leave link is no password link.
    let (status, page) = app
        .page(&reqwest::Client::new(), &format!("/password/set/{token}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("id=\"field-password\""),
        "a leave link opens no account"
    );

    let subscribed = |email: &'static str| {
        let db = app.db.clone();
        async move {
            user::Entity::find()
                .filter(user::Column::Email.eq(email))
                .one(&db)
                .await
                .expect("query")
                .expect("user")
                .newsletter
        }
    };
    // A mail program's one-click POST: no login, no browser headers.
    let anonymous = reqwest::Client::new();
    let response = anonymous
        .post(app.url(&format!("/newsletter/unsubscribe/{token}x")))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .expect("post");
    assert_eq!(
        response.status().as_u16(),
        404,
        "a wrong token ends nothing"
    );
    let response = anonymous
        .post(&one_click)
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .expect("post");
    assert_eq!(response.status().as_u16(), 200);
    assert!(!subscribed("anna@stadt.example").await);
    assert!(
        subscribed("ben@stadt.example").await,
        "only the owner's subscription ends"
    );

    // The page behind the link in the text, without login: Ben leaves with its one button.
    let browser = app.client();
    let (status, page) = app
        .page(&browser, &format!("/newsletter/leave/{ben_token}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Newsletter abbestellen"), "the button");
    let (status, _) = app.page(&browser, "/newsletter/leave/unbekannt").await;
    assert_eq!(status, 404);
    ok(
        &app.call(&browser, "newsletter/leave", &[("token", &ben_token)])
            .await,
        "leave",
    );
    assert!(!subscribed("ben@stadt.example").await);

    // Anna rejoins on "Mein Konto"; next month she gets it again, Ben does not.
    ok(
        &app.call(&anna, "newsletter/set", &[("on", "true")]).await,
        "rejoin",
    );
    let (status, settings) = app.page(&anna, "/settings").await;
    assert_eq!(status, 200);
    assert!(
        settings.contains("Newsletter abbestellen"),
        "the switch on Mein Konto"
    );
    assert!(subscribed("anna@stadt.example").await);
    app.clock.advance(chrono::Duration::days(31));
    assert_eq!(send().await.expect("send"), 2, "the scout and Anna");
}

#[tokio::test]
async fn office_hours_are_booked_reminded_and_cancelled_and_workshops_take_registrations() {
    let smtp = SmtpServer::start();
    let app = spawn(Some(&smtp)).await;
    let (_, fb10, fb20) = units(&app).await;
    let (scout_client, _) = scout(&app, "s@stadt.example", "Samir Scout", fb10, &[]).await;
    // Wednesdays 10:00, one place. The clock stands on Monday 2 March 2026, 09:00 in Berlin.
    ok(
        &app.call(
            &scout_client,
            "meetings/office-hour/add",
            &[
                ("weekday", "3"),
                ("time", "10:00"),
                ("minutes", "60"),
                ("capacity", "1"),
                ("place", "Raum 2.14"),
            ],
        )
        .await,
        "office hour",
    );
    let bad = app
        .call(
            &scout_client,
            "meetings/office-hour/add",
            &[
                ("weekday", "9"),
                ("time", "25:00"),
                ("minutes", "5"),
                ("capacity", "0"),
                ("place", ""),
            ],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let body: serde_json::Value = bad.json().await.expect("json");
    let fields: Vec<&str> = body["detail"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        vec!["weekday", "time", "minutes", "capacity", "place"],
        "every field named"
    );

    let (anna, anna_id) = app.logged_in("anna@stadt.example", &[Role::Employee]).await;
    place(&app, anna_id, fb10, "Anna").await;
    let (ben, ben_id) = app.logged_in("ben@stadt.example", &[Role::Employee]).await;
    place(&app, ben_id, fb20, "Ben").await;
    let meetings: serde_json::Value = app
        .call(&anna, "meetings/mine", &[])
        .await
        .json()
        .await
        .expect("json");
    let sessions = meetings["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 2, "this week's and next week's: {meetings}");
    let first = sessions[0]["starts_at"].as_str().expect("start").to_owned();
    assert_eq!(first, "2026-03-04T09:00:00+00:00");
    let slot = sessions[0]["office_hour"]
        .as_str()
        .expect("slot")
        .to_owned();
    let book = [
        ("office_hour", slot.as_str()),
        ("starts_at", first.as_str()),
    ];
    ok(&app.call(&anna, "meetings/book", &book).await, "book");
    assert_eq!(
        app.call(&anna, "meetings/book", &book)
            .await
            .status()
            .as_u16(),
        409,
        "twice"
    );
    assert_eq!(
        app.call(&ben, "meetings/book", &book)
            .await
            .status()
            .as_u16(),
        409,
        "full"
    );
    let made_up = [
        ("office_hour", slot.as_str()),
        ("starts_at", "2026-03-05T09:00:00+00:00"),
    ];
    assert_eq!(
        app.call(&ben, "meetings/book", &made_up)
            .await
            .status()
            .as_u16(),
        409,
        "not a session"
    );

    app.deliver_mail().await;
    let messages = smtp.messages();
    let booked = mails_to(&messages, "anna@stadt.example");
    assert_eq!(booked.len(), 1);
    let invitation = parse_ics(&calendar_part(booked[0]).expect("an invitation"));
    assert_eq!(invitation["local"], "2026-03-04 10:00");
    assert_eq!(invitation["tzid"], "Europe/Berlin");
    assert_eq!(invitation["method"], "REQUEST");

    // The reminder goes out the day before, once.
    let remind = || app::scouts::meetings::server::send_session_reminders(&app.ctx);
    assert_eq!(remind().await.expect("remind"), 0, "Monday: not yet");
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(remind().await.expect("remind"), 1, "Tuesday");
    assert_eq!(remind().await.expect("remind"), 0, "once");
    app.deliver_mail().await;
    let messages = smtp.messages();
    let subjects: Vec<String> = mails_to(&messages, "anna@stadt.example")
        .into_iter()
        .filter_map(|raw| header(raw, "Subject"))
        .collect();
    assert!(
        subjects.iter().any(|s| s.starts_with("Erinnerung")),
        "{subjects:?}"
    );

    // Anna cancels: her calendar gets a cancellation, and Ben gets the place.
    ok(
        &app.login(&anna, "anna@stadt.example", tests::PASSWORD)
            .await,
        "login",
    );
    ok(
        &app.login(&ben, "ben@stadt.example", tests::PASSWORD).await,
        "login",
    );
    let mine: serde_json::Value = app
        .call(&anna, "meetings/mine", &[])
        .await
        .json()
        .await
        .expect("json");
    let booking = mine["sessions"][0]["booking"]
        .as_str()
        .expect("booking")
        .to_owned();
    ok(
        &app.call(&anna, "meetings/cancel-booking", &[("id", &booking)])
            .await,
        "cancel",
    );
    assert_eq!(
        app.call(&ben, "meetings/cancel-booking", &[("id", &booking)])
            .await
            .status()
            .as_u16(),
        404,
        "nobody cancels someone else's place"
    );
    ok(
        &app.call(&ben, "meetings/book", &book).await,
        "the free place",
    );
    app.deliver_mail().await;
    let messages = smtp.messages();
    let cancellation = mails_to(&messages, "anna@stadt.example")
        .into_iter()
        .filter_map(|raw| calendar_part(raw))
        .map(|ics| parse_ics(&ics))
        .find(|i| i["method"] == "CANCEL")
        .expect("a cancellation");
    assert_eq!(cancellation["sequence"], 1);

    // The scout stops offering the office hour: Ben's place is cancelled and he is told.
    ok(
        &app.login(&scout_client, "s@stadt.example", tests::PASSWORD)
            .await,
        "login",
    );
    let unconfirmed = app
        .call(
            &scout_client,
            "meetings/office-hour/remove",
            &[("id", &slot)],
        )
        .await;
    assert_eq!(unconfirmed.status().as_u16(), 422, "the box must be ticked");
    ok(
        &app.call(
            &scout_client,
            "meetings/office-hour/remove",
            &[("id", &slot), ("confirm", "on")],
        )
        .await,
        "remove",
    );
    let ben_view: serde_json::Value = app
        .call(&ben, "meetings/mine", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        ben_view["sessions"],
        serde_json::json!([]),
        "no sessions left"
    );
    app.deliver_mail().await;
    let messages = smtp.messages();
    let to_ben: Vec<String> = mails_to(&messages, "ben@stadt.example")
        .into_iter()
        .filter_map(|raw| header(raw, "Subject"))
        .collect();
    assert!(
        to_ben.iter().any(|s| s.starts_with("Fällt aus")),
        "{to_ben:?}"
    );

    // A workshop for FB 20 only, one place.
    ok(
        &app.login(&scout_client, "s@stadt.example", tests::PASSWORD)
            .await,
        "login",
    );
    let fb20_id = fb20.to_string();
    ok(
        &app.call(
            &scout_client,
            "meetings/workshop/announce",
            &[
                ("module", "e-akte"),
                ("title", "E-Akte kompakt"),
                ("description", "Die wichtigsten Handgriffe."),
                ("date", "2026-03-20"),
                ("time", "14:00"),
                ("minutes", "90"),
                ("place", "Schulungsraum"),
                ("department", fb20_id.as_str()),
                ("capacity", "1"),
            ],
        )
        .await,
        "announce",
    );
    let anna_view: serde_json::Value = app
        .call(&anna, "meetings/mine", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        anna_view["workshops"],
        serde_json::json!([]),
        "not for FB 10"
    );
    let ben_view: serde_json::Value = app
        .call(&ben, "meetings/mine", &[])
        .await
        .json()
        .await
        .expect("json");
    let workshop = ben_view["workshops"][0]["id"]
        .as_str()
        .expect("workshop")
        .to_owned();
    assert_eq!(
        app.call(&anna, "meetings/register", &[("id", &workshop)])
            .await
            .status()
            .as_u16(),
        404
    );
    ok(
        &app.call(&ben, "meetings/register", &[("id", &workshop)])
            .await,
        "register",
    );
    let (carla, carla_id) = app
        .logged_in("carla@stadt.example", &[Role::Employee])
        .await;
    place(&app, carla_id, fb20, "Carla").await;
    assert_eq!(
        app.call(&carla, "meetings/register", &[("id", &workshop)])
            .await
            .status()
            .as_u16(),
        409,
        "full"
    );
    let scout_view: serde_json::Value = app
        .call(&scout_client, "meetings/scout", &[])
        .await
        .json()
        .await
        .expect("json");
    let registration = scout_view["workshops"][0]["registrants"][0]["registration"]
        .as_str()
        .expect("registration")
        .to_owned();
    let early = app
        .call(
            &scout_client,
            "meetings/workshop/attendance",
            &[("id", &workshop), ("attended[]", &registration)],
        )
        .await;
    assert_eq!(early.status().as_u16(), 409, "not before it begins");
    app.clock
        .advance(chrono::Duration::days(17) + chrono::Duration::hours(6));
    ok(
        &app.login(&scout_client, "s@stadt.example", tests::PASSWORD)
            .await,
        "login",
    );
    ok(
        &app.call(
            &scout_client,
            "meetings/workshop/attendance",
            &[("id", &workshop), ("attended[]", &registration)],
        )
        .await,
        "attendance",
    );
    let scout_view: serde_json::Value = app
        .call(&scout_client, "meetings/scout", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        scout_view["workshops"][0]["registrants"][0]["attended"],
        true
    );
}
