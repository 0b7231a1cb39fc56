//! Page views while a write is under way: on SQLite the pages read through a pool of read-only
//! connections (WAL), so a transaction held open on the single writer connection (a long import
//! or report) never makes them wait. On PostgreSQL the same holds through its pool.
//!
//! The transaction is held open on purpose while pages are requested; a timeout far beyond any
//! page's time turns a request that queues behind the writer into a failure instead of a hang.

use std::time::Duration;

use app::auth::Role;
use app::content::HasContent;
use app::db::session;
use chrono::Duration as Span;
use sea_orm::{EntityTrait, TransactionTrait};
use tests::TestApp;

const MODULE: &str = "grundlagen-digitaler-arbeitsplatz";
const MODULE_TITLE: &str = "Grundlagen am digitalen Arbeitsplatz";

/// Far beyond the time of any page, short of the writer's 30 s acquire timeout.
const PATIENCE: Duration = Duration::from_secs(5);

/// Holds a write transaction open on the writer: a row is written and not committed, so on
/// SQLite the database's write lock is taken (BEGIN alone takes none) and the writer's one
/// connection is busy. Returns the transaction; dropping or rolling it back ends it.
async fn hold_the_writer(app: &TestApp) -> sea_orm::DatabaseTransaction {
    let txn = app.db.begin().await.expect("begin");
    app::audit::server::record(
        &txn,
        app.clock.now(),
        None,
        "department.created",
        "department",
        Some("held-open".into()),
        serde_json::json!({ "test": "a write transaction held open" }),
    )
    .await
    .expect("write inside the held transaction");
    txn
}

async fn page_while_held(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    tokio::time::timeout(PATIENCE, app.page(client, path))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "{path} was not served within {} s while a write transaction was open: it waits \
                 for the writer",
                PATIENCE.as_secs()
            )
        })
}

#[tokio::test]
async fn learners_pages_are_served_while_a_write_transaction_is_open() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let lesson = app.ctx.content().module(MODULE).unwrap().lessons[0]
        .slug
        .clone();
    // A quiz in progress, started before the writer is taken (starting one writes).
    let attempt = tests::learning::start(&app, &client, MODULE, false).await;
    let module_page = format!("/modules/{MODULE}");
    let pages = [
        module_page.clone(),
        "/learn".to_owned(),
        format!("/modules/{MODULE}/lessons/{lesson}"),
        "/evidence".to_owned(),
        "/certificate".to_owned(),
        format!("/quiz/{attempt}"),
        format!("/quiz/{attempt}/question/1"),
    ];

    let txn = hold_the_writer(&app).await;
    let mut served = Vec::new();
    for path in &pages {
        served.push((path, page_while_held(&app, &client, path).await));
    }
    txn.rollback().await.expect("rollback");

    for (path, (status, page)) in &served {
        assert_eq!(*status, 200, "{path}: {page}");
    }
    let (_, module) = &served[0].1;
    assert!(module.contains(MODULE_TITLE), "{module}");
    assert!(module.contains("Person erika@stadt.example"), "{module}");
}

/// The session look-up reads through the pool; the idle timer's touch is a write and goes to the
/// writer, but the request does not wait for it while the writer is taken: the touch lands once
/// the writer is free, and the session stays alive.
#[tokio::test]
async fn a_session_due_for_its_touch_is_served_while_a_write_transaction_is_open() {
    let app = TestApp::spawn().await;
    let (client, _) = app
        .logged_in("erika@stadt.example", &[Role::Employee])
        .await;
    let touched_at = |rows: Vec<session::Model>| rows.into_iter().map(|s| s.last_seen_at).max();
    let logged_in_at = touched_at(session::Entity::find().all(&app.db).await.unwrap());
    // Past the touch interval, well within the idle timeout.
    app.clock.advance(Span::minutes(5));

    let txn = hold_the_writer(&app).await;
    let (status, page) = page_while_held(&app, &client, &format!("/modules/{MODULE}")).await;
    txn.rollback().await.expect("rollback");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(MODULE_TITLE), "{page}");

    // The touch waited for the writer and then ran.
    let mut last_seen = logged_in_at;
    for _ in 0..100 {
        last_seen = touched_at(session::Entity::find().all(&app.db).await.unwrap());
        if last_seen == Some(app.clock.now()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        last_seen,
        Some(app.clock.now()),
        "the touch reaches the database once the writer is free (logged in at {logged_in_at:?})"
    );
    // 29 more minutes: alive only because of that touch.
    app.clock.advance(Span::minutes(29));
    assert!(app.whoami(&client).await.is_some());
}

/// On SQLite the reader is a pool of its own that refuses to write (a write routed to it by
/// mistake fails loudly instead of taking a second write lock), and it reads what the writer
/// has committed the moment the commit returns.
#[tokio::test]
async fn the_reader_refuses_writes_and_reads_every_commit() {
    use sea_orm::{ConnectionTrait, PaginatorTrait};
    let app = TestApp::spawn().await;
    app.create_user("erika@stadt.example", &[Role::Employee])
        .await;
    let accounts = || app::db::user::Entity::find().count(&app.ctx.read);
    assert_eq!(accounts().await.unwrap(), 1, "committed before the read");

    let txn = hold_the_writer(&app).await;
    app::auth::server::create_account(
        &txn,
        app.clock.now(),
        app::auth::server::NewAccount {
            email: Some("max@stadt.example".into()),
            display_name: "Max".into(),
            department_id: None,
            roles: vec![Role::Employee],
            locale: app::i18n::Locale::De,
            password_hash: None,
            is_demo: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(accounts().await.unwrap(), 1, "not yet committed");
    txn.commit().await.unwrap();
    assert_eq!(accounts().await.unwrap(), 2, "committed");

    if !app.database.is_postgres() {
        let written = app.ctx.read.execute_unprepared("DELETE FROM session").await;
        let err = written.expect_err("the SQLite reader refuses to write");
        assert!(err.to_string().contains("readonly"), "{err}");
    }
}
