//! What one page costs the server itself (`cargo bench -p tests --bench render`): requests go
//! to the application's router in this process, one after another on one thread, without a
//! socket, so the figure is the CPU of routing, middleware, session lookup, queries and the
//! render alone. Made to be read under a profiler, too:
//! `valgrind --tool=callgrind target/release/deps/render-… --bench` with `RENDER_REQUESTS=200`
//! counts instructions per function, the same on a busy machine as on an idle one.
//!
//! `RENDER_PAGES=/login` measures only the pages named (comma-separated). Prints, per page, microseconds per request (the median of five rounds). Informative: the load
//! benchmark carries the budgets.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use app::auth::Role;
use app::auth::server::{NewAccount, SignInMethod, create_account, create_session, hash_password};
use app::context::Clock;
use app::i18n::Locale;
use axum::body::Body;
use http_body_util::BodyExt;
use tests::{PASSWORD, TestDatabase};
use tower::ServiceExt;

const PAGES: &[(&str, &str, bool)] = &[
    (
        "/healthz",
        "health check (router and middleware only)",
        false,
    ),
    ("/login", "login page, no session", false),
    ("/learn", "catalogue, logged in", true),
    (
        "/modules/grundlagen-digitaler-arbeitsplatz",
        "module page, logged in",
        true,
    ),
];

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("render benchmark: run it with `cargo bench -p tests --bench render`");
        return;
    }
    let requests: usize = std::env::var("RENDER_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run(requests));
}

async fn run(requests: usize) {
    let database = TestDatabase::create().await;
    let config = tests::test_config(&database.url);
    let application = server::startup::Application::build(config, Clock::System)
        .await
        .expect("application builds");
    let ctx = application.context();
    let hash = hash_password(PASSWORD.to_owned()).await.expect("hash");
    let account = create_account(
        &ctx.db,
        ctx.now(),
        NewAccount {
            email: Some("lernende@bench.example".into()),
            display_name: "Lernende".into(),
            department_id: None,
            roles: vec![Role::Employee],
            locale: Locale::De,
            password_hash: Some(hash),
            is_demo: false,
        },
    )
    .await
    .expect("learner");
    let token = create_session(&ctx, account.id, SignInMethod::Password, false)
        .await
        .expect("session");
    let cookie = format!("{}={token}", ctx.settings.session_cookie_name());
    let router = application.router();

    println!("render benchmark: {requests} requests per page and round, in-process, one thread");
    println!("| page | µs per request (median of 5 rounds) | response bytes |");
    println!("|---|---|---|");
    // `RENDER_PAGES=/login,/learn`: only these (e.g. to profile one page).
    let only: Option<Vec<String>> = std::env::var("RENDER_PAGES")
        .ok()
        .map(|v| v.split(',').map(str::to_owned).collect());
    for (path, name, logged_in) in PAGES {
        if only
            .as_ref()
            .is_some_and(|only| !only.iter().any(|p| p == path))
        {
            continue;
        }
        let request = || {
            let mut builder = axum::http::Request::get(*path)
                .header("accept", "text/html,application/xhtml+xml")
                .header("host", "127.0.0.1");
            if *logged_in {
                builder = builder.header("cookie", cookie.as_str());
            }
            builder.body(Body::empty()).expect("request")
        };
        let mut bytes = 0;
        let mut rounds = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            for _ in 0..requests {
                let response = router.clone().oneshot(request()).await.expect("response");
                assert!(
                    response.status().is_success(),
                    "{path}: {}",
                    response.status()
                );
                bytes = response
                    .into_body()
                    .collect()
                    .await
                    .expect("body")
                    .to_bytes()
                    .len();
            }
            rounds.push(started.elapsed().as_secs_f64() * 1e6 / requests.max(1) as f64);
        }
        rounds.sort_by(f64::total_cmp);
        println!("| {name} (`{path}`) | {:.0} | {bytes} |", rounds[2]);
    }
}
