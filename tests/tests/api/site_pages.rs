//! The legal pages: the accessibility statement with "Barriere melden" (every administrator and
//! the reporter get a mail through a real SMTP server), the Impressum and the
//! Datenschutzerklärung that administrators edit (audited, Markdown made harmless), and bad
//! input answered with a translated 4xx, never a 500.

use std::sync::Arc;

use app::auth::Role;
use app::context::Clock;
use app::db::{audit_log, barrier_report, outbox};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use tests::{PASSWORD, SmtpServer, TestApp, TestDatabase, error_kind, mail_bodies};

async fn spawn_with_smtp(smtp: &SmtpServer) -> TestApp {
    let database = Arc::new(TestDatabase::create().await);
    TestApp::spawn_on(database, Clock::System, |c| smtp.configure(c))
        .await
        .expect("app starts")
}

fn header(raw: &[u8], name: &str) -> String {
    use mailparse::MailHeaderMap;
    mailparse::parse_mail(raw)
        .ok()
        .and_then(|m| m.headers.get_first_value(name))
        .unwrap_or_default()
}

/// Follows a plain form post's redirect (without its fragment) and returns the page.
async fn follow(app: &TestApp, client: &reqwest::Client, response: reqwest::Response) -> String {
    let status = response.status().as_u16();
    assert!(
        (300..400).contains(&status),
        "a plain form post is redirected, not {status}"
    );
    let location = response.headers()["location"]
        .to_str()
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_owned();
    let (status, page) = app.page(client, &location).await;
    assert_eq!(status, 200, "{location}");
    page
}

#[tokio::test]
async fn a_barrier_reported_without_an_account_reaches_every_administrator_and_the_reporter() {
    // Arrange: two administrators (one writes English), an employee who gets nothing.
    let smtp = SmtpServer::start();
    let app = spawn_with_smtp(&smtp).await;
    app.create_user("admin1@stadt.example", &[Role::Admin])
        .await;
    let second = app
        .create_user("admin2@stadt.example", &[Role::Admin, Role::Employee])
        .await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let mut english: app::db::user::ActiveModel = app::db::user::Entity::find_by_id(second)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
        english.locale = Set("en".to_owned());
        english.update(&app.db).await.unwrap();
    }
    let visitor = app.client();

    // Act: the form as a browser without JavaScript sends it, from the footer's link.
    let (status, form) = app.page(&visitor, "/barriere-melden?page=/learn").await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"/learn\""), "the page is filled in");
    let response = app
        .post_form(
            &visitor,
            "/api/site-pages/report",
            "/barriere-melden?page=/learn",
            &[
                ("page", "/learn"),
                (
                    "problem",
                    "Der Knopf „Weiter“ ist mit der Tastatur nicht erreichbar.",
                ),
                ("email", "Besucher@Example.org"),
            ],
        )
        .await;
    let page = follow(&app, &visitor, response).await;
    assert!(page.contains("Ihre Meldung ist angekommen"), "{page}");

    // Assert: one mail to each administrator in their language, one confirmation with the
    // answer period, nothing to the employee.
    app.deliver_mail().await;
    let messages = smtp.messages();
    let to = |address: &str| {
        messages
            .iter()
            .filter(|m| header(m, "To").contains(address))
            .collect::<Vec<_>>()
    };
    assert_eq!(messages.len(), 3, "two administrators and the reporter");
    let first = to("admin1@stadt.example");
    assert_eq!(first.len(), 1);
    assert_eq!(header(first[0], "Subject"), "Neue Meldung einer Barriere");
    let (text, html, _) = mail_bodies(first[0]);
    assert!(text.contains("/admin/barriers"), "{text}");
    assert!(text.contains("„/learn“"), "{text}");
    assert!(html.contains("/admin/barriers"));
    let second = to("admin2@stadt.example");
    assert_eq!(second.len(), 1);
    assert_eq!(header(second[0], "Subject"), "New report of a barrier");
    let reporter = to("besucher@example.org");
    assert_eq!(reporter.len(), 1, "the address is normalised");
    let (text, _, _) = mail_bodies(reporter[0]);
    assert!(text.contains("innerhalb von 30 Tagen"), "{text}");
    assert!(to("erika@stadt.example").is_empty());
    let stored = barrier_report::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].user_id, None);
    assert_eq!(
        stored[0].contact_email.as_deref(),
        Some("besucher@example.org")
    );
    assert_eq!(stored[0].due_at - stored[0].created_at, Duration::days(30));
}

#[tokio::test]
async fn an_administrator_answers_a_report_the_reporter_gets_the_answer_and_it_is_audited() {
    let app = TestApp::spawn().await;
    let (admin, admin_id) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let (erika, erika_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let response = app
        .call(
            &erika,
            "site-pages/report",
            &[
                ("page", "Lektion Passwörter"),
                ("problem", "Das Bild hat keinen Alternativtext."),
            ],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let report = barrier_report::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.user_id, Some(erika_id));
    let confirmation = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("erika@stadt.example"))
        .filter(outbox::Column::Template.eq("barrier_report_received"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(confirmation, 1, "the reporter gets the confirmation");

    // Past the answer period the report is overdue, with its due date (a new session: the
    // old one has long ended).
    app.clock.advance(Duration::days(31));
    let relogin = app.login(&admin, "admin@stadt.example", PASSWORD).await;
    assert!(relogin.status().is_success(), "{}", relogin.status());
    app.login(&erika, "erika@stadt.example", PASSWORD).await;
    let (_, page) = app.page(&admin, "/admin/barriers").await;
    assert!(page.contains("überfällig seit"), "{page}");
    assert!(page.contains("card-overdue"));
    assert!(page.contains("Das Bild hat keinen Alternativtext."));
    let (_, overview) = app.page(&admin, "/admin/site-pages").await;
    assert!(
        overview.contains("Offen: 1, davon überfällig: 1"),
        "{overview}"
    );

    let id = report.id.to_string();
    let employee_tries = app
        .call(
            &erika,
            "admin/barriers/answer",
            &[("id", &id), ("answer", "Selbst beantwortet")],
        )
        .await;
    assert_eq!(employee_tries.status(), 403);
    let answered = app
        .call(
            &admin,
            "admin/barriers/answer",
            &[("id", &id), ("answer", "Der Alternativtext ist ergänzt.")],
        )
        .await;
    assert!(answered.status().is_success(), "{}", answered.status());
    let again = app
        .call(
            &admin,
            "admin/barriers/answer",
            &[("id", &id), ("answer", "Noch einmal")],
        )
        .await;
    assert_eq!(again.status(), 422, "answered once");
    let mail = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("erika@stadt.example"))
        .filter(outbox::Column::Template.eq("barrier_report_answered"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the answer is mailed");
    assert!(mail.body_text.contains("Der Alternativtext ist ergänzt."));
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("barrier_report.answered"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_id, Some(admin_id));
    assert!(
        !audited[0].details.contains("Alternativtext"),
        "the audit log keeps no text"
    );
    let (_, page) = app.page(&admin, "/admin/barriers").await;
    assert!(page.contains("beantwortet"));
    assert!(!page.contains("card-overdue"));
}

#[tokio::test]
async fn only_administrators_edit_the_pages_and_every_edit_is_audited() {
    let app = TestApp::spawn().await;
    let (admin, admin_id) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    let visitor = app.client();

    // The shipped texts are there for everyone, with their blanks marked.
    for path in [
        "/impressum",
        "/datenschutz",
        "/barrierefreiheit",
        "/barriere-melden",
    ] {
        let (status, page) = app.page(&visitor, path).await;
        assert_eq!(status, 200, "{path}");
        for link in [
            "/barrierefreiheit",
            "/barriere-melden?page=",
            "/impressum",
            "/datenschutz",
        ] {
            assert!(page.contains(link), "{path} links {link} in the footer");
        }
    }
    let (_, imprint) = app.page(&visitor, "/impressum").await;
    assert!(imprint.contains("[[Name der Kommune"));
    let (_, statement) = app.page(&visitor, "/barrierefreiheit").await;
    assert!(statement.contains("teilweise vereinbar"));
    assert!(statement.contains("Ombudsstelle für barrierefreie Informationstechnik"));
    assert!(statement.contains("https://www.lbbp.nrw.de/ombudsstelle"));
    assert!(statement.contains("innerhalb von 30 Tagen"));
    assert!(statement.contains("axe-core"));

    let text = [
        ("page", "impressum"),
        ("body_de", "# Impressum\n\nStadt Teststadt, Rathausplatz 1"),
        ("body_en", ""),
        ("step", "publish"),
    ];
    for (who, client, status) in [("visitor", &visitor, 401), ("HR", &hr, 403)] {
        let response = app.call(client, "admin/site-pages/page", &text).await;
        assert_eq!(response.status(), status, "{who}");
        let statement = app
            .call(
                client,
                "admin/site-pages/statement",
                &statement_form("full", "20"),
            )
            .await;
        assert_eq!(statement.status(), status, "{who}");
        let (_, page) = app.page(client, "/admin/site-pages").await;
        assert!(!page.contains("Erklärung speichern"), "{who}");
    }
    assert_eq!(
        audit_log::Entity::find().count(&app.db).await.unwrap(),
        0,
        "nothing changed"
    );

    // A preview changes nothing public and is not audited.
    let mut preview = text;
    preview[3] = ("step", "preview");
    let response = app.call(&admin, "admin/site-pages/page", &preview).await;
    assert!(response.status().is_success(), "{}", response.status());
    let (_, page) = app.page(&visitor, "/impressum").await;
    assert!(!page.contains("Stadt Teststadt"));
    let (_, edit) = app.page(&admin, "/admin/site-pages/impressum").await;
    assert!(edit.contains("Vorschau (noch nicht veröffentlicht)"));
    assert!(edit.contains("Stadt Teststadt"));

    let response = app.call(&admin, "admin/site-pages/page", &text).await;
    assert!(response.status().is_success(), "{}", response.status());
    let (_, page) = app.page(&visitor, "/impressum").await;
    assert!(page.contains("Stadt Teststadt, Rathausplatz 1"));
    // English falls back to the German text, marked as German.
    let (_, english) = {
        let response = visitor
            .get(app.url("/impressum"))
            .header("Accept", "text/html")
            .header("Accept-Language", "en")
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert!(english.contains("Legal notice"), "{english}");
    assert!(english.contains("lang=\"de\""));
    assert!(english.contains("Stadt Teststadt"));

    let response = app
        .call(
            &admin,
            "admin/site-pages/statement",
            &statement_form("full", "20"),
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let (_, statement) = app.page(&visitor, "/barrierefreiheit").await;
    assert!(statement.contains("vollständig vereinbar"));
    assert!(statement.contains("Schlichtungsstelle Musterland"));
    assert!(statement.contains("innerhalb von 20 Tagen"));
    assert!(statement.contains("barrierefreiheit@stadt.example"));

    let actions: Vec<(String, Option<uuid::Uuid>)> = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.actor_id))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("site_page.imprint_changed".to_owned(), Some(admin_id)),
            ("site_page.statement_changed".to_owned(), Some(admin_id)),
        ]
    );
    let (_, log) = app.page(&admin, "/audit").await;
    assert!(log.contains("hat das Impressum geändert"), "{log}");
}

fn statement_form<'a>(conformity: &'a str, days: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("conformity", conformity),
        ("non_accessible_de", "- Keine bekannten Mängel."),
        ("non_accessible_en", ""),
        ("prepared_on", "2026-12-01"),
        ("reviewed_on", "2026-12-05"),
        ("contact_email", "barrierefreiheit@stadt.example"),
        ("contact_phone", "0211 123-456"),
        ("answer_days", days),
        ("enforcement_name", "Schlichtungsstelle Musterland"),
        ("enforcement_address", "Musterweg 1\n12345 Musterstadt"),
        ("enforcement_url", "https://schlichtung.example"),
    ]
}

#[tokio::test]
async fn markdown_cannot_put_script_or_markup_on_the_page() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let hostile = "# Datenschutz\n\n<script>alert('a')</script>\n\n\
                   Text <img src=x onerror=alert('b')> [Klick](javascript:alert('c')) \
                   [gut](https://datenschutz.example)\n\n</textarea><script>alert('d')</script>\n";
    for step in ["preview", "publish"] {
        let response = app
            .call(
                &admin,
                "admin/site-pages/page",
                &[
                    ("page", "datenschutz"),
                    ("body_de", hostile),
                    ("body_en", hostile),
                    ("step", step),
                ],
            )
            .await;
        assert!(
            response.status().is_success(),
            "{step}: {}",
            response.status()
        );
        let (_, edit) = app.page(&admin, "/admin/site-pages/datenschutz").await;
        for page in [edit, app.page(&app.client(), "/datenschutz").await.1] {
            assert!(!page.contains("<script>alert"), "{step}");
            assert!(!page.contains("<img src=x"), "{step}");
            assert!(!page.contains("href=\"javascript:"), "{step}");
            assert!(!page.contains("</textarea><script"), "{step}");
        }
    }
    let (_, page) = app.page(&app.client(), "/datenschutz").await;
    assert!(page.contains("&lt;script&gt;alert"), "shown as text");
    assert!(page.contains("<a href=\"https://datenschutz.example\">gut</a>"));
    assert!(
        page.contains("<h2>Datenschutz</h2>"),
        "below the page's title"
    );
}

/// (what is wrong, who sends it, the server function, the form, the status expected)
type Case<'a> = (
    &'a str,
    &'a reqwest::Client,
    &'a str,
    Vec<(&'a str, &'a str)>,
    u16,
);

#[tokio::test]
async fn bad_input_is_refused_with_a_translated_4xx_and_never_a_500() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let visitor = app.client();
    let long_text = "x".repeat(4001);
    let long_markdown = "x".repeat(60_001);
    let statement = statement_form("partial", "30");
    let with = |field: &'static str, value: &'static str| {
        statement
            .iter()
            .map(|(k, v)| (*k, if *k == field { value } else { *v }))
            .collect::<Vec<_>>()
    };
    let cases: Vec<Case> = vec![
        (
            "no problem",
            &visitor,
            "site-pages/report",
            vec![("page", "/learn"), ("problem", " ")],
            422,
        ),
        (
            "no page",
            &visitor,
            "site-pages/report",
            vec![("page", ""), ("problem", "kaputt")],
            422,
        ),
        (
            "a line break in the page",
            &visitor,
            "site-pages/report",
            vec![("page", "/a\nb"), ("problem", "kaputt")],
            422,
        ),
        (
            "a problem too long",
            &visitor,
            "site-pages/report",
            vec![("page", "/learn"), ("problem", long_text.as_str())],
            422,
        ),
        (
            "a bad address",
            &visitor,
            "site-pages/report",
            vec![
                ("page", "/learn"),
                ("problem", "kaputt"),
                ("email", "keine adresse"),
            ],
            422,
        ),
        ("no arguments", &visitor, "site-pages/report", vec![], 400),
        (
            "an unknown report",
            &admin,
            "admin/barriers/answer",
            vec![("id", "nicht-da"), ("answer", "x")],
            404,
        ),
        (
            "an empty answer",
            &admin,
            "admin/barriers/answer",
            vec![
                ("id", "00000000-0000-0000-0000-000000000001"),
                ("answer", ""),
            ],
            422,
        ),
        (
            "no days",
            &admin,
            "admin/site-pages/statement",
            with("answer_days", "0"),
            422,
        ),
        (
            "days as words",
            &admin,
            "admin/site-pages/statement",
            with("answer_days", "dreißig"),
            422,
        ),
        (
            "an impossible date",
            &admin,
            "admin/site-pages/statement",
            with("prepared_on", "2026-02-30"),
            422,
        ),
        (
            "a review before the preparation",
            &admin,
            "admin/site-pages/statement",
            with("reviewed_on", "2026-11-01"),
            422,
        ),
        (
            "a script address",
            &admin,
            "admin/site-pages/statement",
            with("enforcement_url", "javascript:alert(1)"),
            422,
        ),
        (
            "an unknown status",
            &admin,
            "admin/site-pages/statement",
            with("conformity", "bestens"),
            422,
        ),
        (
            "an unknown page",
            &admin,
            "admin/site-pages/page",
            vec![
                ("page", "agb"),
                ("body_de", "x"),
                ("body_en", ""),
                ("step", "publish"),
            ],
            422,
        ),
        (
            "an unknown step",
            &admin,
            "admin/site-pages/page",
            vec![
                ("page", "impressum"),
                ("body_de", "x"),
                ("body_en", ""),
                ("step", "löschen"),
            ],
            422,
        ),
        (
            "an empty text",
            &admin,
            "admin/site-pages/page",
            vec![
                ("page", "impressum"),
                ("body_de", ""),
                ("body_en", ""),
                ("step", "publish"),
            ],
            422,
        ),
        (
            "a text too long",
            &admin,
            "admin/site-pages/page",
            vec![
                ("page", "impressum"),
                ("body_de", long_markdown.as_str()),
                ("body_en", ""),
                ("step", "publish"),
            ],
            422,
        ),
        (
            "an unknown public page",
            &visitor,
            "site-pages/page",
            vec![("page", "agb")],
            404,
        ),
    ];
    for (case, client, function, form, status) in cases {
        let response = app.call(client, function, &form).await;
        assert_eq!(response.status().as_u16(), status, "{case}");
        let kind = error_kind(response).await;
        assert!(
            ["Invalid", "NotFound", "BadRequest"].contains(&kind.as_str()),
            "{case}: {kind}"
        );
    }
    assert_eq!(
        barrier_report::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    assert_eq!(audit_log::Entity::find().count(&app.db).await.unwrap(), 0);

    // Without JavaScript the form comes back with the message in words.
    let response = app
        .post_form(
            &visitor,
            "/api/site-pages/report",
            "/barriere-melden",
            &[("page", "/learn"), ("problem", "")],
        )
        .await;
    let page = follow(&app, &visitor, response).await;
    assert!(page.contains("Bitte füllen Sie dieses Feld aus."), "{page}");
}

#[tokio::test]
async fn reports_without_an_account_are_limited_per_address() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    for n in 0..5 {
        let response = app
            .call(
                &visitor,
                "site-pages/report",
                &[
                    ("page", "/learn"),
                    ("problem", "Der Kontrast ist zu schwach."),
                ],
            )
            .await;
        assert!(
            response.status().is_success(),
            "report {n}: {}",
            response.status()
        );
    }
    let refused = app
        .call(
            &visitor,
            "site-pages/report",
            &[("page", "/learn"), ("problem", "Noch einmal.")],
        )
        .await;
    assert_eq!(refused.status(), 429);
    assert_eq!(error_kind(refused).await, "TooManyAttempts");
    let (erika, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let logged_in = app
        .call(
            &erika,
            "site-pages/report",
            &[("page", "/learn"), ("problem", "Mit Konto geht es weiter.")],
        )
        .await;
    assert!(
        logged_in.status().is_success(),
        "a logged-in person is not limited by it"
    );
    assert_eq!(
        barrier_report::Entity::find().count(&app.db).await.unwrap(),
        6
    );
}
