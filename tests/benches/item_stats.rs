//! The editors' question statistics over 10,000 submitted attempts of one module (`cargo bench
//! -p tests --bench item_stats`; `ITEM_STATS_ATTEMPTS` changes the number, `TEST_DATABASE_URL`
//! runs it on PostgreSQL). The data generator is the demo's simulated cohort
//! (`server::cohort`): real draws, stored answers, graded by the quiz's grading; the running sums
//! come from the rebuild, which gives what the submissions would have added up.
//!
//! Measures, in-process and one request after another: the server function's logic
//! (`item_stats::server::module_figures`) and the whole page (`/redaktion/statistik/<module>`,
//! routing, session, queries and render), each as median and slowest of 50 requests. Budget
//! (issue 20): the page opens in ≤ 100 ms; the run exits with status 1 when it is missed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use app::auth::server::{NewAccount, SignInMethod, create_account, create_session};
use app::auth::{CurrentUser, Role};
use app::content::HasContent;
use app::context::Clock;
use app::i18n::Locale;
use axum::body::Body;
use http_body_util::BodyExt;
use tests::TestDatabase;
use tower::ServiceExt;

const BUDGET: Duration = Duration::from_millis(100);
const REQUESTS: usize = 50;
const LEARNERS: usize = 500;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!(
            "item statistics benchmark: run it with `cargo bench -p tests --bench item_stats`"
        );
        return;
    }
    let attempts: usize = std::env::var("ITEM_STATS_ATTEMPTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if !runtime.block_on(run(attempts)) {
        std::process::exit(1);
    }
}

/// Median and slowest of `times`.
fn summary(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn run(attempts: usize) -> bool {
    let database = TestDatabase::create().await;
    let config = tests::test_config(&database.url);
    let application = server::startup::Application::build(config, Clock::System)
        .await
        .expect("application builds");
    let ctx = application.context();
    let content = ctx.content();
    let module = content.modules[0].clone();
    let now = ctx.now();

    let mut learners = Vec::with_capacity(LEARNERS);
    for n in 0..LEARNERS {
        let account = create_account(
            &ctx.db,
            now,
            NewAccount {
                email: Some(format!("lernende{n}@bench.example")),
                display_name: format!("Lernende {n}"),
                department_id: None,
                roles: vec![Role::Employee],
                locale: Locale::De,
                password_hash: None,
                is_demo: false,
            },
        )
        .await
        .expect("learner");
        learners.push(account.id);
    }
    let started = Instant::now();
    server::cohort::simulate(&ctx.db, &module, &learners, attempts, 20, now)
        .await
        .expect("cohort");
    let generated = started.elapsed();
    let started = Instant::now();
    let counted = app::quiz::statistics::rebuild(&ctx.db, &content, now, 365)
        .await
        .expect("rebuild");
    let rebuilt = started.elapsed();
    assert_eq!(counted as usize, attempts, "every attempt counted");

    let editor = create_account(
        &ctx.db,
        now,
        NewAccount {
            email: Some("redaktion@bench.example".into()),
            display_name: "Redaktion".into(),
            department_id: None,
            roles: vec![Role::Employee, Role::Editor],
            locale: Locale::De,
            password_hash: None,
            is_demo: false,
        },
    )
    .await
    .expect("editor");
    let me = CurrentUser {
        id: editor.id,
        display_name: editor.display_name.clone(),
        email: editor.email.clone(),
        roles: vec![Role::Employee, Role::Editor],
        department: None,
        locale: Locale::De,
        kiosk: false,
    };
    let token = create_session(&ctx, editor.id, SignInMethod::Password, false)
        .await
        .expect("session");
    let cookie = format!("{}={token}", ctx.settings.session_cookie_name());
    let router = application.router();
    let path = format!("/redaktion/statistik/{}", module.id);

    let mut logic = Vec::with_capacity(REQUESTS);
    let mut with_figures = 0;
    for _ in 0..REQUESTS {
        let started = Instant::now();
        let figures = app::item_stats::server::module_figures(&ctx, &me, &module.id, None)
            .await
            .expect("figures");
        logic.push(started.elapsed());
        with_figures = figures
            .questions
            .iter()
            .filter(|q| q.figures.is_some())
            .count();
    }
    let mut page = Vec::with_capacity(REQUESTS);
    let mut bytes = 0;
    for _ in 0..REQUESTS {
        let request = axum::http::Request::get(path.as_str())
            .header("accept", "text/html,application/xhtml+xml")
            .header("host", "127.0.0.1")
            .header("cookie", cookie.as_str())
            .body(Body::empty())
            .expect("request");
        let started = Instant::now();
        let response = router.clone().oneshot(request).await.expect("response");
        assert!(response.status().is_success(), "{}", response.status());
        bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .len();
        page.push(started.elapsed());
    }
    let (logic_median, logic_max) = summary(logic);
    let (page_median, page_max) = summary(page);
    let met = page_median <= BUDGET;
    println!(
        "item statistics benchmark: module `{}`, {attempts} submitted attempts ({} on {})",
        module.id,
        if database.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        std::env::consts::ARCH
    );
    println!(
        "  generated in {:.1} s, running sums rebuilt in {}; {with_figures} questions with figures",
        generated.as_secs_f64(),
        ms(rebuilt)
    );
    println!("| what | median | slowest of {REQUESTS} | budget |");
    println!("|---|---|---|---|");
    println!(
        "| server function (`module_figures`) | {} | {} | |",
        ms(logic_median),
        ms(logic_max)
    );
    println!(
        "| whole page (`{path}`, {bytes} bytes) | {} | {} | ≤ {} {} |",
        ms(page_median),
        ms(page_max),
        ms(BUDGET),
        if met { "met" } else { "MISSED" }
    );
    met
}
