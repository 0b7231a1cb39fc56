//! Login, logout, passwords, throttling and the cross-site guard.

use std::net::{IpAddr, Ipv4Addr};

use app::auth::Role;
use app::db::user;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tests::{PASSWORD, TestApp, error_kind, session_cookie, set_password_path};

#[tokio::test]
async fn login_with_the_right_password_opens_a_session() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();

    let response = app.login(&client, "Erika@Stadt.example ", PASSWORD).await;

    assert!(
        response.status().is_success(),
        "status {}",
        response.status()
    );
    let cookie = session_cookie(response.headers()).expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain-http base URL must not set Secure: {cookie}"
    );
    assert_eq!(
        app.whoami(&client).await.as_deref(),
        Some("erika@stadt.example")
    );
}

#[tokio::test]
async fn login_failures_say_why_and_open_no_session() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let cases = [
        (
            "wrong password",
            "erika@stadt.example",
            "falsches Passwort",
            401,
            "InvalidCredentials",
        ),
        (
            "unknown account",
            "niemand@stadt.example",
            PASSWORD,
            401,
            "InvalidCredentials",
        ),
        ("empty password", "erika@stadt.example", "", 422, "Invalid"),
        ("empty email", "", PASSWORD, 422, "Invalid"),
    ];
    for (case, email, password, status, kind) in cases {
        let client = app.client();
        let response = app.login(&client, email, password).await;
        assert_eq!(response.status().as_u16(), status, "case: {case}");
        assert!(
            session_cookie(response.headers()).is_none(),
            "case {case}: no cookie expected"
        );
        assert_eq!(error_kind(response).await, kind, "case: {case}");
        assert_eq!(app.whoami(&client).await, None, "case: {case}");
    }
}

#[tokio::test]
async fn a_deactivated_account_cannot_log_in() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let id = app
        .create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let response = app
        .call(
            &admin,
            "admin/users/active",
            &[
                ("id", &id.to_string()),
                ("active", "false"),
                ("confirm", "on"),
            ],
        )
        .await;
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );

    let response = app
        .login(&app.client(), "erika@stadt.example", PASSWORD)
        .await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_stored_hash_is_argon2id_with_owasp_parameters() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let account = user::Entity::find()
        .filter(user::Column::Email.eq("erika@stadt.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let hash = account.password_hash.unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
}

#[tokio::test]
async fn a_cross_site_post_to_a_server_function_is_refused() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let cases: [(&str, &[(&str, &str)]); 3] = [
        (
            "fetch metadata says cross-site",
            &[("Sec-Fetch-Site", "cross-site")],
        ),
        (
            "other origin, old browser",
            &[("Origin", "https://evil.example")],
        ),
        ("opaque origin", &[("Origin", "null")]),
    ];
    for (case, headers) in cases {
        let mut request = client.post(app.url("/api/logout"));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 403, "case: {case}");
    }
    // The session survived every attempt.
    assert_eq!(
        app.whoami(&client).await.as_deref(),
        Some("erika@stadt.example")
    );

    let response = client
        .post(app.url("/api/admin/users/create"))
        .header("Sec-Fetch-Site", "same-site")
        .form(&[
            ("display_name", "X"),
            ("email", "x@stadt.example"),
            ("locale", "de"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "same-site is not same-origin");
}

#[tokio::test]
async fn server_functions_do_not_answer_get() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    for function in [
        "logout",
        "login",
        "password/forgot",
        "admin/users/active",
        "preferences/language",
    ] {
        let response = app.get(&client, &format!("/api/{function}")).await;
        assert!(
            !response.status().is_success(),
            "GET /api/{function} answered {}",
            response.status()
        );
    }
    assert_eq!(
        app.whoami(&client).await.as_deref(),
        Some("erika@stadt.example")
    );
}

#[tokio::test]
async fn failed_logins_lock_only_the_pair_of_account_and_address() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    app.create_user("kollege@stadt.example", &[Role::Employee])
        .await;
    let attacker = app.client();
    for attempt in 1..=5 {
        let response = app.login(&attacker, "erika@stadt.example", "falsch").await;
        assert_eq!(response.status(), 401, "attempt {attempt}");
    }

    // Now even the right password is refused from this address, with a retry time.
    let response = app.login(&attacker, "erika@stadt.example", PASSWORD).await;
    assert_eq!(response.status(), 429);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "TooManyAttempts");
    assert!(body["detail"]["retry_after_minutes"].as_u64().unwrap() >= 1);

    // A colleague behind the same address logs in as usual.
    let colleague = app.client();
    assert!(
        app.login(&colleague, "kollege@stadt.example", PASSWORD)
            .await
            .status()
            .is_success()
    );

    // Erika herself, from another machine, logs in as usual.
    let elsewhere = app.client_from(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)));
    assert!(
        app.login(&elsewhere, "erika@stadt.example", PASSWORD)
            .await
            .status()
            .is_success()
    );

    // After the lock-out the attacker's address may try again.
    app.clock.advance(chrono::Duration::minutes(2));
    assert!(
        app.login(&attacker, "erika@stadt.example", PASSWORD)
            .await
            .status()
            .is_success()
    );
}

#[tokio::test]
async fn repeated_lockouts_grow_longer() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();
    for _ in 0..5 {
        app.login(&client, "erika@stadt.example", "falsch").await;
    }
    // Locked for the base minute; one more failure after it doubles the lock.
    app.clock.advance(chrono::Duration::seconds(61));
    assert_eq!(
        app.login(&client, "erika@stadt.example", "falsch")
            .await
            .status(),
        401
    );
    app.clock.advance(chrono::Duration::seconds(61));
    let response = app.login(&client, "erika@stadt.example", PASSWORD).await;
    assert_eq!(response.status(), 429, "the second lock lasts two minutes");
}

#[tokio::test]
async fn password_reset_by_mail_sets_a_new_password_once() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let (old_session, _) = (app.client(), ());
    app.login(&old_session, "erika@stadt.example", PASSWORD)
        .await;

    let response = app
        .call(
            &app.client(),
            "password/forgot",
            &[("email", "erika@stadt.example")],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    app.deliver_mail().await;
    let mails = app.mailbox.as_ref().unwrap().messages();
    assert_eq!(mails.len(), 1);
    let (text, html, _) = tests::mail_bodies(&mails[0].raw);
    let path = set_password_path(&text).expect("link in text body");
    assert_eq!(
        set_password_path(&html).as_deref(),
        Some(path.as_str()),
        "same link in html"
    );
    let token = path.rsplit('/').next().unwrap().to_owned();

    let new_password = "neues Passwort für Erika";
    let response = app
        .call(
            &app.client(),
            "password/set",
            &[
                ("token", &token),
                ("password", new_password),
                ("password_repeat", new_password),
            ],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());

    assert_eq!(
        app.login(&app.client(), "erika@stadt.example", PASSWORD)
            .await
            .status(),
        401
    );
    assert!(
        app.login(&app.client(), "erika@stadt.example", new_password)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        app.whoami(&old_session).await,
        None,
        "sessions opened with the old password end"
    );

    let again = app
        .call(
            &app.client(),
            "password/set",
            &[
                ("token", &token),
                ("password", "noch ein Passwort"),
                ("password_repeat", "noch ein Passwort"),
            ],
        )
        .await;
    assert_eq!(error_kind(again).await, "LinkInvalid");
}

#[tokio::test]
async fn a_reset_request_reveals_nothing_about_unknown_addresses() {
    let app = TestApp::spawn().await;
    let known = app
        .call(
            &app.client(),
            "password/forgot",
            &[("email", "niemand@stadt.example")],
        )
        .await;
    assert!(known.status().is_success());
    app.deliver_mail().await;
    assert!(app.mailbox.as_ref().unwrap().messages().is_empty());

    let invalid = app
        .call(
            &app.client(),
            "password/forgot",
            &[("email", "kein-at-zeichen")],
        )
        .await;
    assert_eq!(invalid.status(), 422);
}

#[tokio::test]
async fn reset_links_expire() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    app.call(
        &app.client(),
        "password/forgot",
        &[("email", "erika@stadt.example")],
    )
    .await;
    app.deliver_mail().await;
    let mail = app.mailbox.as_ref().unwrap().messages().remove(0);
    let (text, _, _) = tests::mail_bodies(&mail.raw);
    let token = set_password_path(&text)
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();

    app.clock
        .advance(chrono::Duration::hours(2) + chrono::Duration::seconds(1));
    let response = app
        .call(
            &app.client(),
            "password/set",
            &[
                ("token", &token),
                ("password", "neues Passwort 123"),
                ("password_repeat", "neues Passwort 123"),
            ],
        )
        .await;
    assert_eq!(error_kind(response).await, "LinkInvalid");
}

#[tokio::test]
async fn new_passwords_are_checked() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let cases = [
        (
            "too short",
            PASSWORD,
            "kurz",
            "kurz",
            "new_password",
            "password-too-short",
        ),
        (
            "mismatch",
            PASSWORD,
            "ein neues langes Passwort",
            "ein anderes langes Passwort",
            "new_password_repeat",
            "password-mismatch",
        ),
        (
            "wrong current",
            "falsch",
            "ein neues langes Passwort",
            "ein neues langes Passwort",
            "current_password",
            "password-current-wrong",
        ),
    ];
    for (case, current, new, repeat, field, message) in cases {
        let response = app
            .call(
                &client,
                "password/change",
                &[
                    ("current_password", current),
                    ("new_password", new),
                    ("new_password_repeat", repeat),
                ],
            )
            .await;
        assert_eq!(response.status(), 422, "case: {case}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["detail"][0]["field"], field, "case: {case}");
        assert_eq!(body["detail"][0]["message"], message, "case: {case}");
    }
    // Nothing changed: the old password still works.
    assert!(
        app.login(&app.client(), "erika@stadt.example", PASSWORD)
            .await
            .status()
            .is_success()
    );
}

#[tokio::test]
async fn changing_the_password_logs_out_other_devices_only() {
    let app = TestApp::spawn().await;
    let (laptop, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let phone = app.client();
    app.login(&phone, "erika@stadt.example", PASSWORD).await;

    let new = "ein neues langes Passwort";
    let response = app
        .call(
            &laptop,
            "password/change",
            &[
                ("current_password", PASSWORD),
                ("new_password", new),
                ("new_password_repeat", new),
            ],
        )
        .await;
    assert!(response.status().is_success(), "{}", response.status());

    assert_eq!(
        app.whoami(&laptop).await.as_deref(),
        Some("erika@stadt.example")
    );
    assert_eq!(app.whoami(&phone).await, None);
    assert!(
        app.login(&app.client(), "erika@stadt.example", new)
            .await
            .status()
            .is_success()
    );
}
