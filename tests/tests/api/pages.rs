//! Server-rendered pages: language, redirects, status codes, forms without JavaScript.

use app::auth::Role;
use tests::{PASSWORD, TestApp};

#[tokio::test]
async fn the_login_page_is_german_by_default_and_english_on_request() {
    let app = TestApp::spawn().await;
    let (status, page) = app.page(&app.client(), "/login").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"de\""), "{}", &page[..200]);
    assert!(page.contains("<title>Anmelden – Digitaler Führerschein</title>"));

    let response = app
        .client()
        .get(app.url("/login"))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let page = response.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\""));
    assert!(page.contains("<title>Log in – Digital Driving Licence</title>"));
}

#[tokio::test]
async fn the_language_switch_works_without_javascript_and_persists() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = app
        .post_form(
            &client,
            "/api/preferences/language",
            "/login",
            &[("locale", "en"), ("back", "/login")],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/login");
    let (_, page) = app.page(&client, "/login").await;
    assert!(page.contains("<html lang=\"en\""));

    let response = app
        .post_form(
            &client,
            "/api/preferences/language",
            "/login",
            &[("locale", "fr"), ("back", "/login")],
        )
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location, "/login#form-errors",
        "an unknown language comes back as an error"
    );
    let (_, page) = app.page(&client, "/login").await;
    assert!(
        !page.contains("<title>Error: "),
        "no page shows that form, so no title says it failed"
    );
    assert!(
        page.contains("<html lang=\"en\""),
        "the saved choice is kept"
    );
}

#[tokio::test]
async fn display_preferences_persist_as_classes_on_the_page() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = app
        .post_form(
            &client,
            "/api/preferences/display",
            "/display",
            &[
                ("font_size", "larger"),
                ("contrast", "high"),
                ("back", "/display?saved=1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    let (_, page) = app.page(&client, "/login").await;
    assert!(
        page.contains("class=\"font-larger contrast-high\""),
        "{}",
        &page[..300]
    );
}

#[tokio::test]
async fn protected_pages_send_visitors_to_the_login_and_back() {
    let app = TestApp::spawn().await;
    let response = app.get(&app.client(), "/admin/users?status=active").await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        response.headers()["location"],
        "/login?next=/admin/users%3Fstatus%3Dactive"
    );

    app.create_user("admin@stadt.example", &[Role::Admin]).await;
    let client = app.client();
    let response = app
        .post_form(
            &client,
            "/api/login",
            "/login?next=/admin/users",
            &[
                ("email", "admin@stadt.example"),
                ("password", PASSWORD),
                ("next", "/admin/users"),
            ],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/admin/users");
    let (status, page) = app.page(&client, "/admin/users").await;
    assert_eq!(status, 200);
    assert!(page.contains("admin@stadt.example"));
}

#[tokio::test]
async fn login_redirects_only_within_the_site() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    for next in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
    ] {
        let response = app
            .post_form(
                &app.client(),
                "/api/login",
                "/login",
                &[
                    ("email", "erika@stadt.example"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(response.headers()["location"], "/", "next = {next}");
    }
}

#[tokio::test]
async fn a_failed_login_without_javascript_shows_the_translated_error_on_the_form() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();
    let response = app
        .post_form(
            &client,
            "/api/login",
            "/login",
            &[("email", "erika@stadt.example"), ("password", "falsch")],
        )
        .await;
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let (status, page) = app
        .page(&client, location.trim_start_matches(&app.address))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("E-Mail-Adresse oder Passwort stimmen nicht."),
        "the error is on the page"
    );
    assert!(page.contains("role=\"alert\""));
}

#[tokio::test]
async fn every_role_sees_its_own_navigation() {
    let app = TestApp::spawn().await;
    let expectations: [(Role, &[&str], &[&str]); 5] = [
        (
            Role::Employee,
            &["/settings"],
            &["/organisation", "/admin/users", "/audit"],
        ),
        (Role::Scout, &["/organisation"], &["/admin/users", "/audit"]),
        (Role::Hr, &["/organisation"], &["/admin/users", "/audit"]),
        (
            Role::Auditor,
            &["/audit"],
            &["/organisation", "/admin/users"],
        ),
        (
            Role::Admin,
            &["/admin/users", "/audit", "/organisation"],
            &[],
        ),
    ];
    for (role, visible, hidden) in expectations {
        let (client, _) = app
            .logged_in(&format!("{}@stadt.example", role.as_str()), &[role])
            .await;
        let (status, page) = app.page(&client, "/").await;
        assert_eq!(status, 200, "{role:?}");
        let nav = page
            .split("class=\"main-nav")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .expect("navigation");
        for href in visible {
            assert!(
                nav.contains(&format!("href=\"{href}\"")),
                "{role:?} should see {href}"
            );
        }
        for href in hidden {
            assert!(
                !nav.contains(&format!("href=\"{href}\"")),
                "{role:?} should not see {href}"
            );
        }
        for page_path in visible {
            assert_eq!(
                app.page(&client, page_path).await.0,
                200,
                "{role:?} opens {page_path}"
            );
        }
        for page_path in hidden {
            assert_eq!(
                app.page(&client, page_path).await.0,
                403,
                "{role:?} is refused {page_path}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_pages_are_404() {
    let app = TestApp::spawn().await;
    let (status, page) = app.page(&app.client(), "/gibt-es-nicht").await;
    assert_eq!(status, 404);
    assert!(page.contains("Seite nicht gefunden"));
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_with_the_scripts_nonce() {
    let app = TestApp::spawn().await;
    let response = app.get(&app.client(), "/login").await;
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let page = response.text().await.unwrap();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    assert!(
        page.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")),
        "the hydration script carries it"
    );
    assert!(
        policy.contains("frame-ancestors 'none'") && policy.contains("style-src 'self';"),
        "{policy}"
    );
    assert!(
        !page.contains(" style=\""),
        "no inline styles, which the policy would block"
    );
}

/// One time zone on every page, Europe/Berlin: a pass at 08:00 UTC on 2 March (winter time)
/// shows as 09:00, on the learner's evidence, the quiz's attempts, "Meine Daten" and the audit log.
#[tokio::test]
async fn pages_write_times_in_berlin_time() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let module = {
        use app::content::HasContent;
        app.ctx.content().modules[0].id.clone()
    };
    tests::learning::pass(&app, &client, &module).await;
    for path in [
        "/evidence".to_owned(),
        format!("/modules/{module}"),
        "/my-data".to_owned(),
    ] {
        let (status, page) = app.page(&client, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains(" UTC"), "{path} writes UTC");
        assert!(
            page.contains("02.03.2026, 09:00 Uhr"),
            "{path} shows the time in Berlin"
        );
    }
    // Something for the audit log: Erika corrects her name.
    let renamed = app
        .call(&client, "my-data/name", &[("display_name", "Erika Muster")])
        .await;
    assert!(renamed.status().is_success());
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let (status, page) = app.page(&admin, "/audit").await;
    assert_eq!(status, 200);
    assert!(!page.contains(" UTC"));
    assert!(
        page.contains("02.03.2026, 09:00 Uhr"),
        "the audit log in Berlin time"
    );
}

/// The help form files no topic the person did not choose: the list starts with "Bitte wählen",
/// and the server refuses the form without a topic.
#[tokio::test]
async fn the_help_form_starts_without_a_topic() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let (status, page) = app.page(&client, "/scouts").await;
    assert_eq!(status, 200);
    let select = page
        .split("id=\"field-topic\"")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the topic list");
    let first = select.split("<option").nth(1).expect("an option");
    assert!(
        first.contains("value=\"\"")
            && first.contains("selected")
            && first.contains("Bitte wählen"),
        "the first option: {first}"
    );
    let response = app
        .call(
            &client,
            "scouts/ask",
            &[
                ("topic", ""),
                ("description", "Wie geht das?"),
                ("channel", "phone"),
                ("preferred_times", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
}

/// A scout's card names topics in words: the demo scout helps with a whole area of competences,
/// which the card showed as its code (`kommunal-2026/verwaltung`).
#[tokio::test]
async fn scout_cards_name_topics_in_words() {
    let app = TestApp::spawn_with(|c| c.demo_data = true).await;
    let client = app.client();
    app.login(
        &client,
        "beschaeftigte@musterstadt.example",
        server::demo::DEMO_PASSWORD,
    )
    .await;
    let (status, page) = app.page(&client, "/scouts").await;
    assert_eq!(status, 200);
    // What a person reads (the topic list's values are codes, which nobody sees).
    let cards = tests::visible_text(&page);
    assert!(
        !cards.contains("kommunal-2026/"),
        "a topic's code on the page"
    );
    assert!(
        !cards.contains("digcomp-2.2/"),
        "a topic's code on the page"
    );
    assert!(cards.contains("Digitale Verwaltung"), "the area's title");
}
