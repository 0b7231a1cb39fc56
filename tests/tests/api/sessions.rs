//! Server-side sessions: ids, renewal on login, logout, timeouts, deactivation.

use app::auth::Role;
use app::db::session;
use chrono::Duration;
use sea_orm::{EntityTrait, PaginatorTrait};
use tests::{PASSWORD, TestApp, session_cookie};

fn token_of(cookie: &str) -> String {
    cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}

#[tokio::test]
async fn every_login_gets_a_new_random_session_id() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let client = app.client();
    let first = token_of(
        &session_cookie(
            app.login(&client, "erika@stadt.example", PASSWORD)
                .await
                .headers(),
        )
        .unwrap(),
    );
    let second = token_of(
        &session_cookie(
            app.login(&client, "erika@stadt.example", PASSWORD)
                .await
                .headers(),
        )
        .unwrap(),
    );

    assert_ne!(first, second);
    // 32 random bytes, URL-safe base64: 256 bits.
    assert_eq!(first.len(), 43);
    // Logging in again on the same browser ends the earlier session.
    let stale = reqwest::Client::new();
    let response = stale
        .post(app.url("/api/session/info"))
        .header("Cookie", format!("fs_session={first}"))
        .send()
        .await
        .unwrap();
    let info: serde_json::Value = response.json().await.unwrap();
    assert!(
        info["user"].is_null(),
        "the old id must not work after a new login"
    );
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn the_database_never_holds_the_session_id_itself() {
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let cookie = session_cookie(
        app.login(&app.client(), "erika@stadt.example", PASSWORD)
            .await
            .headers(),
    )
    .unwrap();
    let token = token_of(&cookie);
    let stored = session::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].id_hash, token);
    assert_eq!(stored[0].id_hash.len(), 64);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let cookie = client.get(app.url("/healthz")).send().await.unwrap();
    drop(cookie);
    let response = app.call(&client, "logout", &[]).await;
    assert!(response.status().is_success(), "{}", response.status());
    let cleared = session_cookie(response.headers()).unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(app.whoami(&client).await, None);
    assert_eq!(session::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn deactivating_an_account_ends_its_open_sessions() {
    let app = TestApp::spawn().await;
    let (admin, _) = app.logged_in("admin@stadt.example", &[Role::Admin]).await;
    let (erika, erika_id) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let erika_phone = app.client();
    app.login(&erika_phone, "erika@stadt.example", PASSWORD)
        .await;
    assert_eq!(
        app.whoami(&erika).await.as_deref(),
        Some("erika@stadt.example")
    );

    let response = app
        .call(
            &admin,
            "admin/users/active",
            &[
                ("id", &erika_id.to_string()),
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

    assert_eq!(app.whoami(&erika).await, None);
    assert_eq!(app.whoami(&erika_phone).await, None);
    let (status, _) = app.page(&erika, "/settings").await;
    assert_eq!(status, 302, "a protected page now sends to the login");
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    app.clock.advance(Duration::minutes(29));
    assert!(
        app.whoami(&client).await.is_some(),
        "29 idle minutes are fine"
    );
    app.clock.advance(Duration::minutes(29));
    assert!(
        app.whoami(&client).await.is_some(),
        "activity restarts the idle timer"
    );
    app.clock.advance(Duration::minutes(31));
    assert_eq!(
        app.whoami(&client).await,
        None,
        "31 idle minutes end the session"
    );
}

/// The idle timeout counts from the last request, not from the last time the session's
/// bookkeeping happened to be written (once a minute, before).
#[tokio::test]
async fn the_idle_timeout_counts_from_the_last_request() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    app.clock.advance(Duration::seconds(50));
    assert!(app.whoami(&client).await.is_some());
    app.clock
        .advance(Duration::minutes(29) + Duration::seconds(50));
    assert!(
        app.whoami(&client).await.is_some(),
        "29:50 idle after the last request is within the 30 minutes"
    );
    app.clock.advance(Duration::minutes(30));
    assert_eq!(
        app.whoami(&client).await,
        None,
        "30 idle minutes end the session"
    );
}

#[tokio::test]
async fn an_active_session_still_ends_at_the_absolute_timeout() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    for _ in 0..((10 * 60) / 20 - 1) {
        app.clock.advance(Duration::minutes(20));
        assert!(app.whoami(&client).await.is_some());
    }
    app.clock.advance(Duration::minutes(21));
    assert_eq!(
        app.whoami(&client).await,
        None,
        "10 hours after login the session ends"
    );
}

#[tokio::test]
async fn https_base_urls_get_secure_host_prefixed_cookies() {
    let app = TestApp::spawn_with(|c| c.base_url = "https://lernen.stadt.example".into()).await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let response = app
        .login(&app.client(), "erika@stadt.example", PASSWORD)
        .await;
    let cookie = session_cookie(response.headers()).unwrap();
    assert!(cookie.starts_with("__Host-fs_session="), "{cookie}");
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("; Path=/"), "{cookie}");
    assert!(!cookie.contains("Domain="), "{cookie}");
}

#[tokio::test]
async fn forged_or_stale_cookies_are_ignored_and_cleared() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for value in ["nonsense", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        let response = client
            .post(app.url("/api/session/info"))
            .header("Cookie", format!("fs_session={value}"))
            .send()
            .await
            .unwrap();
        let cleared = session_cookie(response.headers()).expect("cookie cleared");
        assert!(cleared.contains("Max-Age=0"));
        let info: serde_json::Value = response.json().await.unwrap();
        assert!(info["user"].is_null());
    }
}

#[tokio::test]
async fn logging_in_again_after_the_session_expired_keeps_the_new_session() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    app.clock.advance(Duration::hours(11));
    assert_eq!(app.whoami(&client).await, None, "the old session ended");
    // The browser still sends the stale cookie with the login; the new one must win.
    let response = app.login(&client, "erika@stadt.example", PASSWORD).await;
    assert!(response.status().is_success());
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter(|v| v.starts_with("fs_session="))
        .collect();
    assert_eq!(cookies.len(), 1, "only the new session cookie: {cookies:?}");
    assert_eq!(
        app.whoami(&client).await.as_deref(),
        Some("erika@stadt.example")
    );
}

/// A plain form post without a session goes to the login, and after it back to the page the form
/// was sent from: the post's own address only takes posts. The same extractor serves every such
/// handler; the import upload also requires its roles.
#[tokio::test]
async fn a_form_post_without_a_session_leads_back_to_the_form_page_after_login() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let attempt = uuid::Uuid::new_v4();
    let question = format!("/quiz/{attempt}/question/2");
    for (post, page) in [
        (format!("{question}/answer"), question.clone()),
        (
            "/organisation/import/upload".to_owned(),
            "/organisation/import".to_owned(),
        ),
    ] {
        let send = |referer: Option<String>| {
            let mut request = client
                .post(app.url(&post))
                .header("Sec-Fetch-Site", "same-origin")
                .form(&[("go", "next")]);
            if let Some(referer) = referer {
                request = request.header("Referer", referer);
            }
            request.send()
        };
        let response = send(Some(app.url(&page))).await.unwrap();
        assert_eq!(response.status(), 303, "{post}");
        assert_eq!(
            response.headers()["location"],
            format!("/login?next={page}").as_str(),
            "{post}"
        );
        // Without a referrer the login leads to the start page, never to the post address.
        let response = send(None).await.unwrap();
        assert_eq!(response.status(), 303, "{post}");
        assert_eq!(response.headers()["location"], "/login?next=/", "{post}");
    }
}
