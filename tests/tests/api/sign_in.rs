//! Signing in with the city's account: a real OpenID provider (npm `oidc-provider`) and a real
//! directory (Debian's `slapd`) on loopback, every refusal, local passwords switched off, and
//! the sign-in letters for staff without a mail address.

use app::auth::Role;
use app::auth::server::{NewAccount, create_account};
use app::context::Clock;
use app::db::{notice, outbox, user, user_role};
use app::i18n::Locale;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tests::idp::{CLIENT_ID, CLIENT_SECRET, Directory, OidcProvider};
use tests::{PASSWORD, TestApp, TestDatabase, error_kind, session_cookie};
use uuid::Uuid;

/// An app with single sign-on at a freshly started provider; the provider is restarted once
/// the app's address (and so its redirect URI) is known.
async fn app_with_provider(create_accounts: bool) -> (TestApp, OidcProvider) {
    let mut provider = OidcProvider::start("http://127.0.0.1:1");
    let issuer = provider.issuer();
    let database = std::sync::Arc::new(TestDatabase::create().await);
    // The provider's tokens carry real times: the app's clock starts now.
    let app = TestApp::spawn_on(database, Clock::manual(chrono::Utc::now()), |config| {
        let oidc = &mut config.sign_in.oidc;
        oidc.issuer = issuer;
        oidc.client_id = CLIENT_ID.into();
        oidc.client_secret = CLIENT_SECRET.into();
        oidc.scopes = vec!["profile".into(), "email".into(), "fuehrerschein".into()];
        oidc.create_accounts = create_accounts;
        oidc.roles = [("fs-hr".to_owned(), "hr".to_owned())]
            .into_iter()
            .collect();
    })
    .await
    .expect("app starts");
    provider.restart(&app.address, false);
    (app, provider)
}

/// Petra Schneider as the import knows her: the provider's address and personnel number.
async fn petra(app: &TestApp) -> Uuid {
    employee(
        app,
        Some("petra.schneider@stadt.example"),
        "1001",
        "Petra Schneider",
    )
    .await
}

/// An employee as the import would have created them.
async fn employee(app: &TestApp, email: Option<&str>, number: &str, name: &str) -> Uuid {
    let account = create_account(
        &app.db,
        app.clock.now(),
        NewAccount {
            email: email.map(str::to_owned),
            display_name: name.to_owned(),
            department_id: None,
            roles: vec![Role::Employee],
            locale: Locale::De,
            password_hash: None,
            is_demo: false,
        },
    )
    .await
    .expect("account");
    user::Entity::update_many()
        .col_expr(
            user::Column::PersonnelNumber,
            sea_orm::sea_query::Expr::value(number),
        )
        .filter(user::Column::Id.eq(account.id))
        .exec(&app.db)
        .await
        .expect("personnel number");
    account.id
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http") {
        location.to_owned()
    } else {
        format!("{base}{location}")
    }
}

/// Goes through the provider: from the app's start to the answer for the app's redirect URI,
/// signing in at the provider's own login form. Returns the callback URL (not yet visited).
async fn through_provider(
    app: &TestApp,
    provider: &OidcProvider,
    client: &reqwest::Client,
    login: &str,
    password: &str,
) -> String {
    let start = client
        .get(app.url("/auth/oidc/start?next=/learn"))
        .send()
        .await
        .expect("start");
    assert_eq!(start.status(), 303, "start");
    let mut url = location(&start);
    assert!(
        url.starts_with(&provider.issuer()),
        "to the provider: {url}"
    );
    assert!(url.contains("code_challenge_method=S256"), "PKCE: {url}");
    assert!(url.contains("nonce="), "nonce: {url}");
    for _ in 0..12 {
        if url.starts_with(&app.address) {
            return url;
        }
        if let Some(uid) = url
            .split("/interaction/")
            .nth(1)
            .filter(|_| url.starts_with(&provider.issuer()))
        {
            let uid = uid.split(['?', '/']).next().unwrap_or_default().to_owned();
            let answer = client
                .post(format!("{}/interaction/{uid}/login", provider.issuer()))
                .form(&[("login", login), ("password", password)])
                .send()
                .await
                .expect("provider login");
            assert!(
                answer.status().is_redirection(),
                "the provider refused the login: {}",
                answer.status()
            );
            url = absolute(&provider.issuer(), &location(&answer));
            continue;
        }
        let next = client.get(&url).send().await.expect("provider step");
        assert!(
            next.status().is_redirection(),
            "provider step {url}: {}",
            next.status()
        );
        url = absolute(&provider.issuer(), &location(&next));
    }
    panic!("the provider never sent the browser back: {url}");
}

/// Visits the callback; returns the status and where it sends the browser.
async fn callback(client: &reqwest::Client, url: &str) -> (u16, String) {
    let response = client.get(url).send().await.expect("callback");
    (response.status().as_u16(), location(&response))
}

/// The refusal a callback led to: its reason in the address, and the page's status and text.
async fn refusal(app: &TestApp, client: &reqwest::Client, location: &str) -> (String, u16, String) {
    let reason = location
        .split("reason=")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let (status, html) = app.page(client, location).await;
    (reason, status, tests::visible_text(&html))
}

#[tokio::test]
async fn signing_in_at_the_city_provider_opens_a_session_with_the_mapped_roles() {
    let (app, provider) = app_with_provider(false).await;
    // Known by personnel number; the provider's address differs from the imported one.
    let petra = employee(
        &app,
        Some("p.schneider@stadt.example"),
        "1001",
        "Petra Schneider",
    )
    .await;
    let client = app.client();
    // Browsers apply the policy's form-action to the redirects of the sign-in and sign-out
    // forms: the provider must be named there, and nothing else.
    let login = app.get(&client, "/login").await;
    let policy = login.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains(&format!("form-action 'self' {};", provider.issuer())),
        "{policy}"
    );

    let back = through_provider(&app, &provider, &client, "pschneider", "Sommer2026!").await;
    assert!(back.contains("state=") && back.contains("code="), "{back}");
    let (status, to) = callback(&client, &back).await;

    assert_eq!(
        (status, to.as_str()),
        (303, "/learn"),
        "signed in, on to `next`"
    );
    assert_eq!(
        app.whoami(&client).await.as_deref(),
        Some("p.schneider@stadt.example")
    );
    let roles: Vec<String> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(petra))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.role)
        .collect();
    assert!(
        roles.contains(&"hr".to_owned()),
        "fs-hr maps to hr: {roles:?}"
    );
    assert!(roles.contains(&"employee".to_owned()), "{roles:?}");

    // The same answer a second time: the state was used.
    let (status, to) = callback(&app.client(), &back).await;
    assert_eq!(status, 303);
    let (reason, status, text) = refusal(&app, &app.client(), &to).await;
    assert_eq!(reason, "state-invalid");
    assert_eq!(status, 400);
    assert!(
        text.contains("abgelaufen oder wurde schon benutzt"),
        "{text}"
    );

    // Signing out also ends the session at the provider (RP-initiated logout).
    let response = app.post_form(&client, "/api/logout", "/", &[]).await;
    let to = location(&response);
    assert!(
        to.starts_with(&format!("{}/session/end", provider.issuer())),
        "{to}"
    );
    assert!(to.contains(&format!("client_id={CLIENT_ID}")), "{to}");
    assert!(to.contains("post_logout_redirect_uri="), "{to}");
    assert_eq!(app.whoami(&client).await, None);
}

#[tokio::test]
async fn the_provider_answers_that_must_be_refused_are_refused() {
    let (app, provider) = app_with_provider(false).await;
    petra(&app).await;
    let cases = [
        (
            "wrong audience",
            serde_json::json!({"claims": {"aud": "someone-else"}}),
        ),
        (
            "expired token",
            serde_json::json!({"claims": {"exp": 1000}}),
        ),
        (
            "changed nonce",
            serde_json::json!({"claims": {"nonce": "changed"}}),
        ),
        (
            "other issuer",
            serde_json::json!({"claims": {"iss": "http://127.0.0.1:9"}}),
        ),
        ("unpublished key", serde_json::json!({"unsigned_kid": true})),
    ];
    for (case, change) in cases {
        let client = app.client();
        let back = through_provider(&app, &provider, &client, "pschneider", "Sommer2026!").await;
        provider.tamper(change).await;
        let (status, to) = callback(&client, &back).await;
        assert_eq!(status, 303, "{case}");
        let (reason, status, text) = refusal(&app, &client, &to).await;
        assert_eq!(reason, "token-invalid", "{case}");
        assert_eq!(status, 400, "{case}");
        assert!(text.contains("nicht gültig"), "{case}: {text}");
        assert_eq!(app.whoami(&client).await, None, "{case}: no session");
    }

    // An answer without state, one with an unknown state, and the provider's own error.
    let client = app.client();
    for (case, query, expected) in [
        ("no state", "code=abc", "state-invalid"),
        ("unknown state", "code=abc&state=erfunden", "state-invalid"),
    ] {
        let (_, to) = callback(&client, &app.url(&format!("/auth/oidc/callback?{query}"))).await;
        let (reason, status, _) = refusal(&app, &client, &to).await;
        assert_eq!((reason.as_str(), status), (expected, 400), "{case}");
    }
}

#[tokio::test]
async fn an_answer_carried_into_another_browser_is_refused() {
    let (app, provider) = app_with_provider(false).await;
    petra(&app).await;
    // Someone signs in and sends the address the provider answered with to a colleague, to
    // have the colleague work in the sender's account (login CSRF).
    let sender = app.client();
    let back = through_provider(&app, &provider, &sender, "pschneider", "Sommer2026!").await;
    let colleague = app.client();
    let (_, to) = callback(&colleague, &back).await;
    let (reason, status, _) = refusal(&app, &colleague, &to).await;
    assert_eq!((reason.as_str(), status), ("state-invalid", 400));
    assert_eq!(app.whoami(&colleague).await, None);
    // The browser that started it still finishes it: the colleague's try used nothing up.
    assert_eq!(callback(&sender, &back).await, (303, "/learn".to_owned()));
    assert!(app.whoami(&sender).await.is_some());
}

#[tokio::test]
async fn a_rotated_provider_key_is_fetched_again_and_accepted() {
    let (app, mut provider) = app_with_provider(false).await;
    petra(&app).await;
    let client = app.client();
    let back = through_provider(&app, &provider, &client, "pschneider", "Sommer2026!").await;
    assert_eq!(callback(&client, &back).await.0, 303);
    assert!(app.whoami(&client).await.is_some(), "first sign-in");

    // The provider rotates its key; the app still holds the old key set.
    provider.restart(&app.address, true);
    let client = app.client();
    let back = through_provider(&app, &provider, &client, "pschneider", "Sommer2026!").await;
    let (status, to) = callback(&client, &back).await;
    assert_eq!(
        (status, to.as_str()),
        (303, "/learn"),
        "signed with the new key"
    );
    assert!(app.whoami(&client).await.is_some(), "after the rotation");
}

#[tokio::test]
async fn people_the_platform_does_not_know_are_refused_or_created_as_configured() {
    let (app, provider) = app_with_provider(false).await;
    let client = app.client();
    let back = through_provider(&app, &provider, &client, "mneu", "Fruehling2026!").await;
    let (_, to) = callback(&client, &back).await;
    let (reason, status, text) = refusal(&app, &client, &to).await;
    assert_eq!((reason.as_str(), status), ("unknown-person", 403));
    assert!(text.contains("noch nicht bekannt"), "{text}");

    // A deactivated person is refused too.
    let aylin = employee(&app, None, "1003", "Aylin Kaya").await;
    user::Entity::update_many()
        .col_expr(user::Column::Active, sea_orm::sea_query::Expr::value(false))
        .filter(user::Column::Id.eq(aylin))
        .exec(&app.db)
        .await
        .unwrap();
    // A new browser: the provider would otherwise still know the previous person.
    let client = app.client();
    let back = through_provider(&app, &provider, &client, "akaya", "Winter2026!").await;
    let (_, to) = callback(&client, &back).await;
    assert_eq!(refusal(&app, &client, &to).await.0, "account-inactive");

    // With `create_accounts` the unknown person gets an account at first sign-in.
    let (app, provider) = app_with_provider(true).await;
    let client = app.client();
    let back = through_provider(&app, &provider, &client, "mneu", "Fruehling2026!").await;
    assert_eq!(callback(&client, &back).await, (303, "/learn".to_owned()));
    let created = user::Entity::find()
        .filter(user::Column::PersonnelNumber.eq("2001"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("created");
    assert_eq!(created.display_name, "Max Neu");
    assert_eq!(created.email.as_deref(), Some("max.neu@stadt.example"));
}

#[tokio::test]
async fn an_address_reused_by_someone_else_does_not_open_a_colleagues_account() {
    let (app, provider) = app_with_provider(false).await;
    // The imported account holds Petra's provider address but another personnel number.
    employee(
        &app,
        Some("petra.schneider@stadt.example"),
        "7777",
        "Petra Schneider (alt)",
    )
    .await;
    let client = app.client();
    let back = through_provider(&app, &provider, &client, "pschneider", "Sommer2026!").await;
    let (_, to) = callback(&client, &back).await;
    let (reason, status, _) = refusal(&app, &client, &to).await;
    assert_eq!((reason.as_str(), status), ("identity-conflict", 403));
}

#[tokio::test]
async fn local_passwords_switched_off_leave_only_the_break_glass_administrator() {
    let (app, _provider) = app_with_provider(false).await;
    let (admin_client, admin) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let (_, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;

    // Without a break-glass account the switch is refused.
    let response = app
        .call(&admin_client, "admin/sign-in/save", &[("break_glass", "")])
        .await;
    assert_eq!(response.status(), 422);
    let response = app
        .call(
            &admin_client,
            "admin/sign-in/save",
            &[("break_glass", &admin.to_string())],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());

    let client = app.client();
    let response = app.login(&client, "erika@stadt.example", PASSWORD).await;
    assert_eq!(response.status(), 403);
    assert_eq!(error_kind(response).await, "SignInRefused");
    assert_eq!(app.whoami(&client).await, None);
    // A wrong password says nothing about the switch.
    let response = app
        .login(&client, "erika@stadt.example", "falsch-falsch")
        .await;
    assert_eq!(response.status(), 401);

    let response = app.login(&client, "admin@stadt.example", PASSWORD).await;
    assert!(response.status().is_success(), "break-glass admin");

    // The setting is in the audit log.
    let (status, html) = app.page(&admin_client, "/audit").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Einstellungen zur Anmeldung geändert"),
        "audit"
    );
}

#[tokio::test]
async fn switching_local_passwords_off_needs_another_way_in() {
    let app = TestApp::spawn().await;
    let (admin_client, admin) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let response = app
        .call(
            &admin_client,
            "admin/sign-in/save",
            &[("break_glass", &admin.to_string())],
        )
        .await;
    assert_eq!(response.status(), 422, "no provider and no directory");
    let (_, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
}

#[tokio::test]
async fn directory_sign_in_over_starttls_and_ldaps_maps_groups_to_roles() {
    let directory = Directory::start();
    for ldaps in [false, true] {
        let app = TestApp::spawn_with(|config| directory.configure(config, ldaps)).await;
        let petra = employee(
            &app,
            Some("p.schneider@stadt.example"),
            "1001",
            "Petra Schneider",
        )
        .await;
        let aylin = employee(&app, None, "1003", "Aylin Kaya").await;
        let client = app.client();
        let response = app
            .call(
                &client,
                "login/directory",
                &[
                    ("login", "pschneider"),
                    ("password", &directory.password("pschneider")),
                ],
            )
            .await;
        assert!(
            response.status().is_success(),
            "ldaps={ldaps}: {}",
            response.status()
        );
        assert!(session_cookie(response.headers()).is_some());
        assert_eq!(
            app.whoami(&client).await.as_deref(),
            Some("p.schneider@stadt.example")
        );
        let roles = app::auth::server::roles_of(&app.db, petra).await.unwrap();
        assert!(roles.contains(&Role::Hr), "{roles:?}");

        // A person without a mail address, found by personnel number.
        let client = app.client();
        let response = app
            .call(
                &client,
                "login/directory",
                &[
                    ("login", "akaya"),
                    ("password", &directory.password("akaya")),
                ],
            )
            .await;
        assert!(response.status().is_success(), "{}", response.status());
        let info: serde_json::Value = app
            .call(&client, "session/info", &[])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(info["user"]["id"], aylin.to_string());

        // Refusals: a wrong password, an unknown name, a filter injection, a person who is
        // in the directory but not on the platform.
        for (case, login, password, status) in [
            ("wrong password", "pschneider", "falsch".to_owned(), 401),
            ("unknown name", "niemand", "egal".to_owned(), 401),
            ("filter injection", "*)(uid=*", "egal".to_owned(), 401),
            (
                "not on the platform",
                "jweber",
                directory.password("jweber"),
                403,
            ),
        ] {
            let client = app.client();
            let response = app
                .call(
                    &client,
                    "login/directory",
                    &[("login", login), ("password", &password)],
                )
                .await;
            assert_eq!(response.status(), status, "{case}");
            assert_eq!(app.whoami(&client).await, None, "{case}");
        }
    }
}

#[tokio::test]
async fn a_directory_without_tls_is_refused_in_the_configuration() {
    let mut config = tests::test_config("sqlite::memory:");
    config.sign_in.ldap.url = "ldap://127.0.0.1:389".into();
    config.sign_in.ldap.starttls = false;
    config.sign_in.ldap.base_dn = "dc=x".into();
    let error = config.validate().expect_err("refused").to_string();
    assert!(error.contains("sign_in.ldap.starttls"), "{error}");
}

/// The one-time code printed in a letter, read from the PDF as a person would read it.
fn code_in(pdf: &[u8]) -> String {
    let file = std::env::temp_dir().join(format!("fs-letter-{}.pdf", Uuid::new_v4().simple()));
    std::fs::write(&file, pdf).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; ./dev test installs it)");
    let _ = std::fs::remove_file(&file);
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    text.split_whitespace()
        .find(|word| word.len() == 19 && word.matches('-').count() == 3)
        .unwrap_or_else(|| panic!("no code in the letter: {text}"))
        .to_owned()
}

async fn print_letter(app: &TestApp, client: &reqwest::Client, person: Uuid) -> reqwest::Response {
    client
        .post(app.url(&format!("/letters/{person}")))
        .header("Origin", &app.address)
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await
        .expect("letter")
}

#[tokio::test]
async fn a_sign_in_letter_works_once_within_fourteen_days_on_a_shared_device() {
    let app = TestApp::spawn().await;
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    let aylin = employee(&app, None, "1003", "Aylin Kaya").await;

    // Employees cannot print letters.
    let (someone, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    assert_eq!(print_letter(&app, &someone, aylin).await.status(), 403);

    let response = print_letter(&app, &hr, aylin).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let first = code_in(&response.bytes().await.unwrap());
    // A second letter makes the first void.
    let second = code_in(&print_letter(&app, &hr, aylin).await.bytes().await.unwrap());
    assert_ne!(first, second);

    let device = app.client();
    let response = app
        .call(&device, "login/code", &[("code", &first), ("kiosk", "1")])
        .await;
    assert_eq!(response.status(), 422, "the older letter is void");
    assert_eq!(error_kind(response).await, "Invalid");

    // Typed the way people type: lower case, spaces instead of dashes.
    let typed = second.to_lowercase().replace('-', " ");
    let response = app
        .call(&device, "login/code", &[("code", &typed), ("kiosk", "1")])
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let info: serde_json::Value = app
        .call(&device, "session/info", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["user"]["id"], aylin.to_string());
    assert_eq!(info["user"]["kiosk"], true);
    // The page of a shared device shows the large sign-out and is not kept by the browser.
    let response = app.get(&device, "/").await;
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let html = response.text().await.unwrap();
    assert!(html.contains("button-logout"), "large Abmelden");

    // The kiosk session ends after ten idle minutes.
    app.clock.advance(chrono::Duration::minutes(11));
    assert_eq!(app.whoami(&device).await, None, "idle kiosk session ended");

    // Used once: the same code again is refused.
    let other = app.client();
    let response = app.call(&other, "login/code", &[("code", &second)]).await;
    assert_eq!(response.status(), 422, "reused");

    // An unused code expires after fourteen days.
    let third = code_in(&print_letter(&app, &hr, aylin).await.bytes().await.unwrap());
    app.clock.advance(chrono::Duration::days(15));
    let response = app
        .call(&app.client(), "login/code", &[("code", &third)])
        .await;
    assert_eq!(response.status(), 422, "expired");
}

/// The people the letters page lists for a client, as JSON.
async fn candidates(
    app: &TestApp,
    client: &reqwest::Client,
    search: Option<&str>,
) -> Vec<serde_json::Value> {
    let form: Vec<(&str, &str)> = search.map(|s| ("search", s)).into_iter().collect();
    app.call(client, "letters/candidates", &form)
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_letter_never_opens_more_than_its_printer_could_give() {
    let app = TestApp::spawn().await;
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    let (admin, admin_id) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let other_admin = app
        .create_user("admin2@stadt.example", &[Role::Admin])
        .await;
    let auditor = app.create_user("rat@stadt.example", &[Role::Auditor]).await;
    let colleague = employee(&app, None, "1003", "Aylin Kaya").await;

    // HR: employees only; nobody: administrators, also not themselves.
    let cases = [
        ("HR for an auditor", &hr, auditor, 403),
        ("HR for an admin", &hr, other_admin, 403),
        ("admin for an admin", &admin, other_admin, 403),
        ("admin for themselves", &admin, admin_id, 403),
        ("admin for an auditor", &admin, auditor, 200),
        ("HR for an employee", &hr, colleague, 200),
    ];
    for (case, printer, person, status) in cases {
        assert_eq!(
            print_letter(&app, printer, person).await.status(),
            status,
            "{case}"
        );
    }

    // The list shows HR only the people it may print for.
    let listed = candidates(&app, &hr, Some("@")).await;
    assert!(
        listed.is_empty(),
        "a search matches names and numbers only: {listed:?}"
    );
    let listed = candidates(&app, &hr, Some("Person")).await;
    assert!(
        listed.is_empty(),
        "no privileged account is offered to HR: {listed:?}"
    );
    let listed = candidates(&app, &hr, None).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], colleague.to_string());
}

#[tokio::test]
async fn an_ordinary_session_keeps_its_longer_idle_timeout() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    app.clock.advance(chrono::Duration::minutes(11));
    assert!(
        app.whoami(&client).await.is_some(),
        "30 minutes for an office PC"
    );
}

#[tokio::test]
async fn people_without_a_mail_address_get_their_mails_on_the_start_page() {
    let app = TestApp::spawn().await;
    let aylin = employee(&app, None, "1003", "Aylin Kaya").await;
    let (hr, _) = app.logged_in("hr@stadt.example", &[Role::Hr]).await;
    let before = outbox::Entity::find().count(&app.db).await.unwrap();

    // An invitation needs an address: refused with a pointer to the letter.
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let response = app
        .call(
            &admin,
            "admin/users/access-mail",
            &[("id", &aylin.to_string())],
        )
        .await;
    assert_eq!(response.status(), 422, "{}", response.status());

    // A mail of the platform to her (here: a help request answered by a scout's meeting would
    // do; the email-change notice is the simplest) becomes a notice, not an outbox row.
    let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
    app::mail::enqueue(
        &txn,
        &app.ctx,
        app::mail::OutgoingMail {
            to: None,
            person: aylin,
            locale: Locale::De,
            template: "certificate_reminder",
            context: serde_json::json!({"name": "Aylin Kaya", "level": "Basis", "number": "DF-1",
                "valid_until": "01.01.2027", "days": 30, "modules": ["Datenschutz"],
                "link": "http://x/certificate", "organisation": "Stadt"}),
            idempotency_key: Some("reminder:test".into()),
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(outbox::Entity::find().count(&app.db).await.unwrap(), before);
    assert_eq!(
        notice::Entity::find()
            .filter(notice::Column::UserId.eq(aylin))
            .count(&app.db)
            .await
            .unwrap(),
        1
    );
    let _ = hr;

    // She signs in with a letter and reads it on her start page, then marks it read.
    let (hr2, _) = app.logged_in("hr2@stadt.example", &[Role::Hr]).await;
    let code = code_in(&print_letter(&app, &hr2, aylin).await.bytes().await.unwrap());
    let client = app.client();
    assert!(
        app.call(&client, "login/code", &[("code", &code)])
            .await
            .status()
            .is_success()
    );
    let (status, html) = app.page(&client, "/").await;
    assert_eq!(status, 200);
    let text = tests::visible_text(&html);
    assert!(text.contains("Nachrichten für Sie"), "{text}");
    assert!(text.contains("Datenschutz"), "{text}");
    let id = notice::Entity::find()
        .filter(notice::Column::UserId.eq(aylin))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let response = app
        .post_form(
            &client,
            "/api/notices/read",
            "/",
            &[("id", &id.to_string())],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let (_, html) = app.page(&client, "/").await;
    assert!(!tests::visible_text(&html).contains("Nachrichten für Sie"));
    // Nobody marks someone else's notice.
    let response = app
        .call(&hr2, "notices/read", &[("id", &id.to_string())])
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn staff_without_a_mail_address_can_be_imported_and_sign_in_by_personnel_number() {
    let app = TestApp::spawn().await;
    let id = employee(&app, None, "4711", "Kai Bauhof").await;
    let hash = app::auth::server::hash_password(PASSWORD.to_owned())
        .await
        .unwrap();
    user::Entity::update(user::ActiveModel {
        id: Set(id),
        password_hash: Set(Some(hash)),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();
    let client = app.client();
    let response = app.login(&client, "4711", PASSWORD).await;
    assert!(response.status().is_success(), "{}", response.status());
    let info: serde_json::Value = app
        .call(&client, "session/info", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(info["user"]["id"], id.to_string());
    assert!(info["user"]["email"].is_null());
}
