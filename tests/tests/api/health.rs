use tests::TestApp;

#[tokio::test]
async fn healthz_answers_while_the_process_runs() {
    let app = TestApp::spawn().await;
    let response = app.get(&app.client(), "/healthz").await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn readyz_reports_database_and_migrations() {
    let app = TestApp::spawn().await;
    let response = app.get(&app.client(), "/readyz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["migrations"], "ok");
}

#[tokio::test]
async fn readyz_fails_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.db.clone().close().await.unwrap();
    let response = app.get(&app.client(), "/readyz").await;
    assert_eq!(response.status(), 503);
}
