//! Start-up rules: demo data only in development; production refuses demo accounts.

use std::sync::Arc;

use app::context::Clock;
use app::db::{department, user};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use server::StartupError;
use server::config::{MailBackendKind, Profile};
use tests::{TestApp, TestDatabase};

#[tokio::test]
async fn development_seeds_a_demo_municipality_once() {
    let database = Arc::new(TestDatabase::create().await);
    let app = TestApp::spawn_on(database.clone(), Clock::System, |c| c.demo_data = true)
        .await
        .unwrap();
    // The logins and their generated colleagues, who cannot log in but fill the reports.
    let people = user::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(people, server::demo::DEMO_LOGINS.len() as u64 + 140);
    let without_login = user::Entity::find()
        .filter(user::Column::PasswordHash.is_null())
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(without_login, 140);
    // A simulated cohort per module, graded into the editors' question statistics.
    let with_figures = app::db::item_statistic::Entity::find()
        .filter(app::db::item_statistic::Column::Attempts.gte(20))
        .count(&app.db)
        .await
        .unwrap();
    assert!(with_figures >= 10, "questions with figures: {with_figures}");
    let departments = department::Entity::find().count(&app.db).await.unwrap();
    assert!(departments >= 8, "about eight departments: {departments}");
    for login in server::demo::DEMO_LOGINS {
        let client = app.client();
        let response = app
            .login(&client, login.email, server::demo::DEMO_PASSWORD)
            .await;
        assert!(response.status().is_success(), "{} logs in", login.email);
    }
    app.shutdown().await;

    // A second start does not seed again.
    let again = TestApp::spawn_on(database.clone(), Clock::System, |c| c.demo_data = true)
        .await
        .unwrap();
    assert_eq!(user::Entity::find().count(&again.db).await.unwrap(), people);
    again.shutdown().await;

    // Production refuses to run with demo accounts in the database.
    let refused = TestApp::spawn_on(database.clone(), Clock::System, |c| {
        c.profile = Profile::Production;
        c.mail.backend = MailBackendKind::File;
    })
    .await;
    assert!(
        matches!(refused, Err(StartupError::DemoAccountsInProduction)),
        "production must refuse demo accounts"
    );

    // After `demo remove` a development start works and does not bring the demo back.
    let db = sea_orm::Database::connect(&database.url).await.unwrap();
    let removed = server::demo::remove(&db).await.unwrap();
    assert!(removed >= 5, "removed {removed}");
    db.close().await.unwrap();
    let after = TestApp::spawn_on(database.clone(), Clock::System, |c| c.demo_data = true)
        .await
        .expect("a development start after demo remove");
    let demo_left = user::Entity::find()
        .filter(user::Column::IsDemo.eq(true))
        .count(&after.db)
        .await
        .unwrap();
    assert_eq!(demo_left, 0, "the demo stays removed");
    after.shutdown().await;
}

#[tokio::test]
async fn production_starts_without_demo_data() {
    let database = Arc::new(TestDatabase::create().await);
    let app = TestApp::spawn_on(database, Clock::System, |c| {
        c.profile = Profile::Production;
        c.demo_data = true;
        c.mail.backend = MailBackendKind::File;
    })
    .await
    .unwrap();
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), 0);
}

#[tokio::test]
async fn shutdown_lets_the_server_stop_cleanly() {
    let app = TestApp::spawn().await;
    let address = app.address.clone();
    app.shutdown().await;
    let refused = reqwest::Client::new()
        .get(format!("{address}/healthz"))
        .send()
        .await;
    assert!(refused.is_err(), "nothing listens after shutdown");
}

#[tokio::test]
async fn instances_started_together_on_a_fresh_database_take_turns_at_the_migrations() {
    let database = Arc::new(TestDatabase::create().await);
    if !database.can_race("instances_started_together") {
        return;
    }
    // Each instance starts on a thread of its own; the three migrate at the same moment.
    let start = || TestApp::spawn_on(database.clone(), Clock::System, |_| {});
    let (first, second, third) = tokio::join!(start(), start(), start());
    for (n, app) in [first, second, third].into_iter().enumerate() {
        let app = app.unwrap_or_else(|e| panic!("instance {n} did not start: {e}"));
        app.shutdown().await;
    }
}
