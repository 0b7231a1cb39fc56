//! Several server instances on one database: a session opened on one works on the other, and
//! ends everywhere at once.

use std::sync::Arc;

use app::auth::Role;
use app::context::Clock;
use tests::{PASSWORD, TestApp, TestDatabase, session_cookie};

#[tokio::test]
async fn sessions_are_shared_between_instances() {
    let database = Arc::new(TestDatabase::create().await);
    let clock = Clock::manual(tests::start_time());
    let first = TestApp::spawn_on(database.clone(), clock.clone(), |_| {})
        .await
        .unwrap();
    let second = TestApp::spawn_on(database.clone(), clock.clone(), |_| {})
        .await
        .unwrap();
    first
        .create_user("erika@stadt.example", &[Role::Employee])
        .await;

    let response = first
        .login(&first.client(), "erika@stadt.example", PASSWORD)
        .await;
    let cookie = session_cookie(response.headers()).unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let ask = |app: &TestApp| {
        let url = app.url("/api/session/info");
        let cookie = cookie.clone();
        async move {
            let info: serde_json::Value = reqwest::Client::new()
                .post(url)
                .header("Cookie", cookie)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            info["user"]["email"].as_str().map(str::to_owned)
        }
    };
    assert_eq!(ask(&second).await.as_deref(), Some("erika@stadt.example"));

    // Logging out on the second instance ends the session on the first.
    let response = reqwest::Client::new()
        .post(second.url("/api/logout"))
        .header("Cookie", &cookie)
        .header("Sec-Fetch-Site", "same-origin")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(ask(&first).await, None);
}
