//! Load benchmark against the real server on 127.0.0.1 (`cargo bench -p tests --bench load`).
//!
//! Measures, on the database the integration tests use (SQLite, or PostgreSQL with
//! `TEST_DATABASE_URL=postgres://…`):
//!
//! 1. a bare axum hello world, served in the same run, as the reference for what this machine's
//!    HTTP stack and load generator can do at all;
//! 2. the module page of a logged-in learner (session cookie, `Accept: text/html`, full
//!    server-side render): peak requests/s in a closed loop, then p50/p99 in an open loop at
//!    half that peak, with latency counted from each request's scheduled start so that a slow
//!    server cannot hide its queue (no coordinated omission); budgets: peak ≥ 10 % of the hello
//!    world's requests/s, p99 ≤ 20 ms at half of peak;
//! 3. the same two rows for the login page of a visitor without a session (peak ≥ 25 % of the
//!    hello world's);
//! 4. the module page again, in the same open loop, while HR applies an import of 20,000 new
//!    people over HTTP (`organisation/import/apply`: planning off the runtime, then one write
//!    transaction of batched inserts on the server): page views read through the reader pool
//!    and must not queue behind the writer, so their p99 stays within 4 × the idle p99 (or
//!    under 100 ms);
//! 5. quiz submissions (≥ 1,000 per second): many learners with open attempts whose answers are all saved, every
//!    attempt submitted exactly once with high concurrency; afterwards the database must hold
//!    every attempt graded with the expected score and exactly the expected evidence rows.
//!
//! The server runs on its own multi-thread runtime (as in production); the load generator on
//! another, with plain HTTP/1 keep-alive connections (hyper) to keep its own cost low. Both
//! share this machine's cores, which is why the hello world is measured the same way.
//!
//! The run exits with status 1 when a budget is missed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::content::HasContent;
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use app::auth::Role;
use app::auth::server::{NewAccount, SignInMethod, create_account, create_session, hash_password};
use app::content::{Module, Question, QuestionKind};
use app::context::Clock;
use app::db::{attempt_answer, evidence, lesson_progress, quiz_attempt};
use app::i18n::Locale;
use app::organisation::import;
use app::quiz::grading::{self, DrawnQuestion};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use tests::{PASSWORD, TestApp, TestDatabase};
use tokio::time::Instant;
use uuid::Uuid;

const MODULE: &str = "grundlagen-digitaler-arbeitsplatz";
const MODULE_TITLE: &str = "Grundlagen am digitalen Arbeitsplatz";

/// Budgets.
/// The module page of a logged-in learner: peak requests/s as a share of the hello world's.
const PAGE_SHARE_OF_HELLO: f64 = 0.10;
/// The login page of a visitor without a session.
const LOGIN_SHARE_OF_HELLO: f64 = 0.25;
/// Both pages at half of their peak.
const PAGE_P99_LIMIT: Duration = Duration::from_millis(20);
const SUBMISSIONS_PER_SECOND: f64 = 1000.0;
/// The module page's p99 while an import is applied: at most this many times the idle p99 …
const IMPORT_P99_FACTOR: u32 = 4;
/// … or at most this (on a machine whose idle p99 is tiny, a multiple of it means nothing).
const IMPORT_P99_LIMIT: Duration = Duration::from_millis(100);

/// Sizes and durations; each can be overridden with an environment variable of the same name.
struct Settings {
    /// Concurrent keep-alive connections of the page runs (closed and open loop).
    connections: usize,
    /// Concurrent connections submitting quizzes.
    submit_connections: usize,
    /// Measured seconds of each page run, after one second of warm-up.
    seconds: u64,
    learners: usize,
    attempts: usize,
    /// People in the HR file applied while the module page is measured.
    import_rows: usize,
    /// `BENCH_BREAKDOWN=1`: also measure the parts of a page request (informative rows).
    breakdown: bool,
}

impl Settings {
    fn from_env() -> Settings {
        let get = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .filter(|v| *v > 0)
                .unwrap_or(default)
        };
        Settings {
            connections: get("BENCH_CONNECTIONS", 32),
            submit_connections: get("BENCH_SUBMIT_CONNECTIONS", 64),
            seconds: get("BENCH_SECONDS", 8) as u64,
            learners: get("BENCH_LEARNERS", 375),
            attempts: get("BENCH_ATTEMPTS", 3000),
            import_rows: get("BENCH_IMPORT_ROWS", 20_000),
            breakdown: std::env::var("BENCH_BREAKDOWN").is_ok_and(|v| v == "1"),
        }
    }

    fn warmup(&self) -> Duration {
        Duration::from_secs(1)
    }

    fn measure(&self) -> Duration {
        Duration::from_secs(self.seconds)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and a load run in the
    // debug profile would measure nothing useful.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("load benchmark: run it with `cargo bench -p tests --bench load`");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("load-generator")
        .enable_all()
        .build()
        .expect("load generator runtime");
    let all_passed = runtime.block_on(run(Settings::from_env()));
    drop(runtime);
    if !all_passed {
        std::process::exit(1);
    }
}

async fn run(settings: Settings) -> bool {
    let mut report = Report::default();
    // Server, load generator and database share this machine: say how busy it was before.
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let one_minute = load.split_whitespace().next().unwrap_or("?");
        report.note(format!(
            "{cores} cores; load average before the run {one_minute}"
        ));
    }

    // 1. The reference.
    let hello = HelloServer::start();
    progress("hello world: closed loop");
    report.phase();
    let hello_target = Arc::new(Target::get(hello.addr, "/", Vec::new()));
    let hello_peak = closed_loop(
        hello.addr,
        {
            let target = hello_target.clone();
            move |_| target.request()
        },
        settings.connections,
        settings.warmup(),
        settings.measure(),
    )
    .await;
    hello.stop();
    report.row(
        format!(
            "hello world (axum), closed loop, {} connections",
            settings.connections
        ),
        format!("{} req/s", whole(hello_peak.rate())),
        "reference".into(),
        None,
    );
    report.errors("hello world", &hello_peak);

    // The application on a fresh database, with the system clock as in production.
    let database = Arc::new(TestDatabase::create().await);
    let label = database_label(&database).await;
    let app = TestApp::spawn_on(database, Clock::System, |_| {})
        .await
        .expect("application starts");
    let app_addr: SocketAddr = app
        .address
        .trim_start_matches("http://")
        .parse()
        .expect("server address");

    progress(&format!(
        "generating {} learners and {} open attempts with saved answers",
        settings.learners, settings.attempts
    ));
    let generated = Instant::now();
    let plan = generate(&app, &settings).await;
    progress(&format!(
        "data generated in {:.1} s",
        generated.elapsed().as_secs_f64()
    ));

    // 2. The module page of logged-in learners: every connection is another learner.
    let page_path = format!("/modules/{MODULE}");
    let page_targets: Arc<Vec<Target>> = Arc::new(
        plan.cookies
            .iter()
            .map(|cookie| {
                Target::get(
                    app_addr,
                    &page_path,
                    vec![
                        ("accept", "text/html,application/xhtml+xml".into()),
                        ("cookie", cookie.clone()),
                    ],
                )
            })
            .collect(),
    );
    let page_bytes = check_module_page(app_addr, &page_targets[0]).await;
    let (rate, p50, p99) = page_rows(
        &mut report,
        &settings,
        app_addr,
        &format!("module page ({} KiB HTML)", page_bytes / 1024),
        page_targets.clone(),
        hello_peak.rate(),
        PAGE_SHARE_OF_HELLO,
    )
    .await;

    // The login page of a visitor (no cookie): what every day starts with.
    let login_targets = Arc::new(vec![Target::get(
        app_addr,
        "/login",
        vec![("accept", "text/html,application/xhtml+xml".into())],
    )]);
    page_rows(
        &mut report,
        &settings,
        app_addr,
        "login page (no session)",
        login_targets,
        hello_peak.rate(),
        LOGIN_SHARE_OF_HELLO,
    )
    .await;

    // 3. The same open loop while an import of many people is applied.
    progress(&format!(
        "preparing an HR file of {} people",
        settings.import_rows
    ));
    let import = prepare_import(&app, app_addr, settings.import_rows).await;
    progress(&format!(
        "module page: open loop at {} req/s while the import is applied",
        whole(rate)
    ));
    report.phase();
    let (during, import_took) = while_importing(
        app_addr,
        {
            let targets = page_targets.clone();
            move |connection| targets[connection % targets.len()].request()
        },
        &app,
        import,
        settings.import_rows,
        settings.connections,
        rate,
        settings.warmup(),
    )
    .await;
    let during_p99 = during.percentile(0.99);
    let import_budget = (p99 * IMPORT_P99_FACTOR).max(IMPORT_P99_LIMIT);
    report.row(
        format!(
            "module page while HR applies an import of {} people ({:.1} s), open loop at {} req/s",
            settings.import_rows,
            import_took.as_secs_f64(),
            whole(rate)
        ),
        format!(
            "p50 {} ms, p99 {} ms, {} req/s (idle: p50 {} ms, p99 {} ms)",
            millis(during.percentile(0.5)),
            millis(during_p99),
            whole(during.rate()),
            millis(p50),
            millis(p99)
        ),
        format!(
            "p99 ≤ {IMPORT_P99_FACTOR} × idle p99 or ≤ {} ms",
            IMPORT_P99_LIMIT.as_millis()
        ),
        Some(during_p99 <= import_budget && during.errors == 0),
    );
    report.errors("module page during the import", &during);

    if settings.breakdown {
        breakdown(app_addr, &app.address, &plan, &settings, &mut report).await;
    }

    // 4. Quiz submissions, each attempt exactly once.
    progress(&format!(
        "submitting {} attempts over {} connections",
        plan.attempts.len(),
        settings.submit_connections
    ));
    report.phase();
    let submissions = submit_all(app_addr, &app.address, &plan, settings.submit_connections).await;
    report.row(
        format!(
            "quiz submissions, {} attempts, {} connections",
            plan.attempts.len(),
            settings.submit_connections
        ),
        format!(
            "{} /s (p50 {} ms, p99 {} ms)",
            whole(submissions.rate()),
            millis(submissions.percentile(0.5)),
            millis(submissions.percentile(0.99))
        ),
        format!("≥ {} /s", whole(SUBMISSIONS_PER_SECOND)),
        Some(submissions.rate() >= SUBMISSIONS_PER_SECOND),
    );
    if !submissions.statuses.is_empty() {
        report.note(format!(
            "submission responses other than success: {:?}",
            submissions.statuses
        ));
    }

    let audit = audit_submissions(&app, &plan).await;
    report.row(
        "submissions lost (database afterwards)".into(),
        format!(
            "{} of {} ({} passed, {} evidence rows, expected {})",
            audit.lost,
            plan.attempts.len(),
            audit.passed,
            audit.evidence_rows,
            plan.expected_evidence_rows()
        ),
        "0, evidence exact".into(),
        Some(audit.lost == 0 && audit.problems.is_empty()),
    );
    for problem in audit.problems.iter().take(10) {
        report.note(problem.clone());
    }

    app.shutdown().await;
    report.print(&label);
    report.all_passed()
}

/// A page's two rows: peak requests/s in a closed loop as a share of the hello world's, then
/// p50/p99 in an open loop at half that peak. Returns the half-peak rate, the p50 and the p99.
async fn page_rows(
    report: &mut Report,
    settings: &Settings,
    addr: SocketAddr,
    name: &str,
    targets: Arc<Vec<Target>>,
    hello_rate: f64,
    share_budget: f64,
) -> (f64, Duration, Duration) {
    progress(&format!("{name}: closed loop"));
    report.phase();
    let peak = closed_loop(
        addr,
        {
            let targets = targets.clone();
            move |connection| targets[connection % targets.len()].request()
        },
        settings.connections,
        settings.warmup(),
        settings.measure(),
    )
    .await;
    let share = peak.rate() / hello_rate.max(1.0);
    report.row(
        format!("{name}, closed loop, {} connections", settings.connections),
        format!(
            "{} req/s = {:.1} % of hello world",
            whole(peak.rate()),
            share * 100.0
        ),
        format!("≥ {:.0} % of hello world", share_budget * 100.0),
        Some(share >= share_budget && peak.errors == 0),
    );
    report.errors(&format!("{name}, closed loop"), &peak);

    let rate = (peak.rate() / 2.0).max(1.0);
    progress(&format!("{name}: open loop at {} req/s", whole(rate)));
    report.phase();
    let open = open_loop(
        addr,
        move |connection| targets[connection % targets.len()].request(),
        settings.connections,
        rate,
        settings.warmup(),
        settings.measure(),
    )
    .await;
    let p99 = open.percentile(0.99);
    report.row(
        format!("{name}, open loop at {} req/s (half of peak)", whole(rate)),
        format!(
            "p50 {} ms, p99 {} ms",
            millis(open.percentile(0.5)),
            millis(p99)
        ),
        format!("p99 ≤ {} ms", PAGE_P99_LIMIT.as_millis()),
        Some(p99 <= PAGE_P99_LIMIT && open.errors == 0),
    );
    report.errors(&format!("{name}, open loop"), &open);
    (rate, open.percentile(0.5), p99)
}

fn progress(message: &str) {
    eprintln!("load: {message}");
}

async fn database_label(database: &TestDatabase) -> String {
    if database.is_postgres() {
        let version = async {
            let db = sea_orm::Database::connect(&database.url).await.ok()?;
            let row = sea_orm::ConnectionTrait::query_one_raw(
                &db,
                sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Postgres,
                    "SHOW server_version",
                ),
            )
            .await
            .ok()??;
            let version: String = row.try_get_by_index(0).ok()?;
            db.close().await.ok();
            Some(version)
        }
        .await
        .unwrap_or_else(|| "?".into());
        format!("PostgreSQL {version} on 127.0.0.1 (pool of 20 connections)")
    } else {
        format!(
            "SQLite (file in the temp directory, WAL, one writer connection and a pool of {} \
             readers)",
            server::startup::SQLITE_READ_CONNECTIONS
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The reference server

struct HelloServer {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl HelloServer {
    /// A Router with one GET route, on a runtime of its own shaped like the application's.
    fn start() -> HelloServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("hello runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let router =
                    axum::Router::new().route("/", axum::routing::get(|| async { "Hallo, Welt!" }));
                axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await
                    .expect("hello world serves");
            });
        });
        HelloServer { addr, stop, thread }
    }

    fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

// ---------------------------------------------------------------------------------------------
// Test data

struct PlannedAttempt {
    id: Uuid,
    learner: usize,
    module: Arc<Module>,
    percent: i32,
    passed: bool,
}

struct Plan {
    /// `Cookie` header value per learner.
    cookies: Vec<String>,
    attempts: Vec<PlannedAttempt>,
}

impl Plan {
    fn expected_evidence_rows(&self) -> usize {
        self.attempts
            .iter()
            .filter(|a| a.passed)
            .map(|a| a.module.proves.len())
            .sum()
    }
}

/// Learners (one shared password hash), a session each, and open attempts spread over learners
/// and modules (at most one open attempt per learner and module, as the schema demands) with
/// every answer saved in the canonical form the server's save handler stores. Three in four
/// attempts are answered right; the fourth gets every other question wrong, so grading takes
/// both the pass (evidence) and the fail path. The expected score is computed with the
/// server's own grading rules.
async fn generate(app: &TestApp, settings: &Settings) -> Plan {
    let modules = app.ctx.content().modules.clone();
    let learners = settings.learners;
    assert!(
        settings.attempts <= learners * modules.len(),
        "{} attempts need at least {} learners ({} modules, one open attempt each)",
        settings.attempts,
        settings.attempts.div_ceil(modules.len()),
        modules.len()
    );
    let page_module = app
        .ctx
        .content()
        .module(MODULE)
        .expect("the benchmarked module exists")
        .clone();
    let hash = hash_password(PASSWORD.to_owned()).await.expect("hash");
    let now = app.ctx.now();

    let txn = app.db.begin().await.expect("begin");
    let mut ids = Vec::with_capacity(learners);
    for n in 0..learners {
        let account = create_account(
            &txn,
            now,
            NewAccount {
                email: Some(format!("lernende-{n}@bench.example")),
                display_name: format!("Lernende {n}"),
                department_id: None,
                roles: vec![Role::Employee],
                locale: Locale::De,
                password_hash: Some(hash.clone()),
                is_demo: false,
            },
        )
        .await
        .expect("create learner");
        ids.push(account.id);
    }
    // Every learner has read the first lessons of the benchmarked module.
    let read: Vec<lesson_progress::ActiveModel> = ids
        .iter()
        .flat_map(|id| {
            page_module
                .lessons
                .iter()
                .take(2)
                .map(move |lesson| lesson_progress::ActiveModel {
                    user_id: Set(*id),
                    module_id: Set(MODULE.to_owned()),
                    lesson_slug: Set(lesson.slug.clone()),
                    read_at: Set(now),
                })
        })
        .collect();
    for chunk in read.chunks(1000) {
        lesson_progress::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .expect("lesson progress");
    }

    let started_at = now - chrono::Duration::minutes(5);
    let mut attempts = Vec::with_capacity(settings.attempts);
    let mut attempt_rows = Vec::with_capacity(settings.attempts);
    let mut answer_rows = Vec::new();
    for k in 0..settings.attempts {
        let learner = k % learners;
        // Learner n gets modules n, n+1, … (mod the number of modules): never one twice.
        let module = modules[(k / learners + learner) % modules.len()].clone();
        let layout = app::quiz::server::draw(&module);
        let half_wrong = k % 4 == 3;
        let id = Uuid::new_v4();
        let mut total = 0.0;
        for (position, drawn) in layout.iter().enumerate() {
            let question = module.question(&drawn.id).expect("drawn question exists");
            let fields = if half_wrong && position % 2 == 0 {
                wrong_fields(question, drawn)
            } else {
                right_fields(question, drawn)
            };
            let answer = grading::answer_from_fields(question, drawn, &fields);
            assert!(!answer.is_empty(), "{}: an empty answer", question.id);
            total += grading::score(question, drawn, &answer, module.quiz.scoring);
            answer_rows.push(attempt_answer::ActiveModel {
                attempt_id: Set(id),
                position: Set(position as i32),
                answer: Set(answer),
                saved_at: Set(now),
            });
        }
        let percent = grading::percent(total, layout.len());
        attempt_rows.push(quiz_attempt::ActiveModel {
            id: Set(id),
            user_id: Set(ids[learner]),
            module_id: Set(module.id.clone()),
            module_version: Set(module.version.clone()),
            kind: Set(quiz_attempt::KIND_QUIZ.to_owned()),
            status: Set(quiz_attempt::STATUS_OPEN.to_owned()),
            started_at: Set(started_at),
            deadline_at: Set(module
                .quiz
                .time_limit_minutes
                .map(|m| now + chrono::Duration::minutes(m.into()))),
            submitted_at: Set(None),
            score_percent: Set(None),
            passed: Set(None),
            layout: Set(serde_json::to_string(&layout).expect("layout json")),
        });
        attempts.push(PlannedAttempt {
            id,
            learner,
            passed: percent >= i32::from(module.quiz.pass_mark),
            percent,
            module,
        });
    }
    for chunk in attempt_rows.chunks(500) {
        quiz_attempt::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .expect("attempts");
    }
    for chunk in answer_rows.chunks(2000) {
        attempt_answer::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .expect("answers");
    }
    txn.commit().await.expect("commit");

    let cookie_name = app.ctx.settings.session_cookie_name();
    let mut cookies = Vec::with_capacity(learners);
    for id in ids {
        let token = create_session(&app.ctx, id, SignInMethod::Password, false)
            .await
            .expect("session");
        cookies.push(format!("{cookie_name}={token}"));
    }
    Plan { cookies, attempts }
}

/// The form fields of the right answer, as a learner fills them in.
fn right_fields(question: &Question, drawn: &DrawnQuestion) -> Vec<(String, String)> {
    let order = &drawn.order;
    match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => order
            .iter()
            .enumerate()
            .filter(|(_, i)| options[**i].correct)
            .map(|(d, _)| ("choice".to_owned(), d.to_string()))
            .collect(),
        QuestionKind::TrueFalse { answer } => vec![("choice".into(), answer.to_string())],
        QuestionKind::Ordering { .. } => order
            .iter()
            .enumerate()
            .map(|(d, i)| (format!("rank_{d}"), (i + 1).to_string()))
            .collect(),
        QuestionKind::Matching { pairs } => (0..pairs.len())
            .map(|i| {
                let shown = order.iter().position(|p| *p == i).expect("pair shown");
                (format!("match_{i}"), shown.to_string())
            })
            .collect(),
        QuestionKind::ShortText { accepted, .. } => vec![("text".into(), accepted[0].clone())],
        QuestionKind::Numeric { answer, .. } => {
            vec![("text".into(), answer.to_string().replace('.', ","))]
        }
    }
}

/// The form fields of a wrong (but well-formed) answer.
fn wrong_fields(question: &Question, drawn: &DrawnQuestion) -> Vec<(String, String)> {
    let order = &drawn.order;
    match &question.kind {
        QuestionKind::Single { options } => order
            .iter()
            .position(|i| !options[*i].correct)
            .map(|d| vec![("choice".to_owned(), d.to_string())])
            .unwrap_or_default(),
        QuestionKind::Multiple { options } => order
            .iter()
            .enumerate()
            .filter(|(_, i)| !options[**i].correct)
            .map(|(d, _)| ("choice".to_owned(), d.to_string()))
            .collect(),
        QuestionKind::TrueFalse { answer } => vec![("choice".into(), (!answer).to_string())],
        QuestionKind::Ordering { items } => order
            .iter()
            .enumerate()
            .map(|(d, i)| (format!("rank_{d}"), (items.len() - i).to_string()))
            .collect(),
        QuestionKind::Matching { pairs } => (0..pairs.len())
            .map(|i| {
                let other = (i + 1) % pairs.len();
                let shown = order.iter().position(|p| *p == other).expect("pair shown");
                (format!("match_{i}"), shown.to_string())
            })
            .collect(),
        QuestionKind::ShortText { .. } => vec![("text".into(), "keine Ahnung".into())],
        QuestionKind::Numeric { answer, .. } => {
            vec![("text".into(), (answer + 1000.0).to_string())]
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The import

/// 150 units and an HR file of `rows` new people in them, stored for applying by an HR user:
/// the request that applies it.
async fn prepare_import(app: &TestApp, addr: SocketAddr, rows: usize) -> Target {
    let now = app.ctx.now();
    server::generate::departments(&app.db, 150, now)
        .await
        .expect("units");
    let units: Vec<String> = app::db::department::Entity::find()
        .all(&app.db)
        .await
        .expect("units")
        .into_iter()
        .filter_map(|d| d.code)
        .collect();
    let mut text = String::with_capacity(rows * 60);
    text.push_str("Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit;Aktiv\r\n");
    for i in 0..rows {
        text.push_str(&format!(
            "{};Nachname{i};Vorname{};person-{i}@import.example;{};ja\r\n",
            200_000 + i,
            i % 977,
            units[i % units.len()]
        ));
    }
    let hr = create_account(
        &app.db,
        now,
        NewAccount {
            email: Some("personal@bench.example".into()),
            display_name: "Personalamt".into(),
            department_id: None,
            roles: vec![Role::Hr],
            locale: Locale::De,
            password_hash: None,
            is_demo: false,
        },
    )
    .await
    .expect("HR account");
    let token = create_session(&app.ctx, hr.id, SignInMethod::Password, false)
        .await
        .expect("HR session");
    let decoded = import::decode(text.as_bytes()).expect("the HR file decodes");
    let id = import::store(&app.db, now, Some(hr.id), "bench.csv", decoded)
        .await
        .expect("the HR file is stored");
    Target {
        method: Method::POST,
        path: "/api/organisation/import/apply".into(),
        headers: vec![
            ("host", addr.to_string()),
            ("origin", app.address.clone()),
            ("sec-fetch-site", "same-origin".into()),
            ("content-type", "application/x-www-form-urlencoded".into()),
            (
                "cookie",
                format!("{}={token}", app.ctx.settings.session_cookie_name()),
            ),
        ],
        body: Bytes::from(format!("id={id}")),
    }
}

/// The open loop of `open_loop` while HR's request `apply` applies the stored import on the
/// server: the loop runs `warmup` first, the request is sent when measuring starts, and
/// measuring ends with its answer. Returns the page figures and the import's time.
#[allow(clippy::too_many_arguments)]
async fn while_importing(
    addr: SocketAddr,
    make: impl Fn(usize) -> Request<Full<Bytes>> + Send + Sync + 'static,
    app: &TestApp,
    apply: Target,
    rows: usize,
    connections: usize,
    rate: f64,
    warmup: Duration,
) -> (LoadResult, Duration) {
    let mut hr = connect(addr).await;
    let done = Arc::new(AtomicBool::new(false));
    let t0 = Instant::now() + Duration::from_millis(10);
    let counted_from = t0 + warmup;
    let tasks = scheduled_senders(
        addr,
        make,
        connections,
        Schedule {
            rate,
            t0,
            counted_from,
            total: usize::MAX,
            stop: Some(done.clone()),
        },
    )
    .await;
    tokio::time::sleep_until(counted_from).await;
    let started = Instant::now();
    let answer = send(&mut hr, apply.request()).await;
    let took = started.elapsed();
    done.store(true, Ordering::Release);
    assert!(
        matches!(answer, Ok((status, _)) if (200..400).contains(&status)),
        "the import applies: {answer:?}"
    );
    let imported = app::db::user::Entity::find()
        .filter(app::db::user::Column::PersonnelNumber.is_not_null())
        .count(&app.db)
        .await
        .expect("count imported accounts");
    assert_eq!(imported, rows as u64, "the import creates everyone");
    let mut parts = Vec::with_capacity(connections);
    for task in tasks {
        parts.push(task.await.expect("load task"));
    }
    (LoadResult::merge(parts, took.as_secs_f64()), took)
}

// ---------------------------------------------------------------------------------------------
// The load generator

/// A request to send again and again.
#[derive(Clone)]
struct Target {
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
}

impl Target {
    fn get(addr: SocketAddr, path: &str, headers: Vec<(&'static str, String)>) -> Target {
        let mut all = vec![("host", addr.to_string())];
        all.extend(headers);
        Target {
            method: Method::GET,
            path: path.to_owned(),
            headers: all,
            body: Bytes::new(),
        }
    }

    fn request(&self) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.path.as_str());
        for (name, value) in &self.headers {
            builder = builder.header(*name, value.as_str());
        }
        builder
            .body(Full::new(self.body.clone()))
            .expect("valid request")
    }
}

type Sender = SendRequest<Full<Bytes>>;

/// One keep-alive HTTP/1 connection.
async fn connect(addr: SocketAddr) -> Sender {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connect to the server");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1 handshake");
    tokio::spawn(async move {
        let _ = connection.await;
    });
    sender
}

/// Sends one request and reads the whole body; the status and the body's length.
async fn send(sender: &mut Sender, request: Request<Full<Bytes>>) -> Result<(u16, usize), String> {
    sender.ready().await.map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    Ok((status, body.len()))
}

#[derive(Default)]
struct LoadResult {
    /// Successful responses in the measured window.
    completed: u64,
    /// Failed requests or unexpected statuses in the measured window.
    errors: u64,
    /// Seconds the rate refers to.
    seconds: f64,
    /// Latencies of the successful responses, in microseconds, sorted.
    latencies: Vec<u32>,
}

impl LoadResult {
    fn rate(&self) -> f64 {
        self.completed as f64 / self.seconds.max(1e-9)
    }

    /// Nearest-rank percentile.
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank =
            ((p * self.latencies.len() as f64).ceil() as usize).clamp(1, self.latencies.len());
        Duration::from_micros(u64::from(self.latencies[rank - 1]))
    }

    fn merge(parts: Vec<LoadResult>, seconds: f64) -> LoadResult {
        let mut merged = LoadResult {
            seconds,
            ..LoadResult::default()
        };
        for part in parts {
            merged.completed += part.completed;
            merged.errors += part.errors;
            merged.latencies.extend(part.latencies);
        }
        merged.latencies.sort_unstable();
        merged
    }
}

fn micros(elapsed: Duration) -> u32 {
    u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX)
}

/// Closed loop: each connection sends its next request as soon as the previous one is answered.
/// Counts what completes within the measured window after the warm-up.
async fn closed_loop(
    addr: SocketAddr,
    make: impl Fn(usize) -> Request<Full<Bytes>> + Send + Sync + 'static,
    connections: usize,
    warmup: Duration,
    measure: Duration,
) -> LoadResult {
    let make = Arc::new(make);
    let mut senders = Vec::with_capacity(connections);
    for _ in 0..connections {
        senders.push(connect(addr).await);
    }
    let start = Instant::now() + warmup;
    let end = start + measure;
    let mut tasks = Vec::with_capacity(connections);
    for (connection, mut sender) in senders.into_iter().enumerate() {
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let mut result = LoadResult::default();
            while Instant::now() < end {
                let sent = Instant::now();
                let outcome = send(&mut sender, make(connection)).await;
                let done = Instant::now();
                let counted = done >= start && done < end;
                match outcome {
                    Ok((200, _)) if counted => {
                        result.completed += 1;
                        result.latencies.push(micros(done - sent));
                    }
                    Ok((200, _)) => {}
                    Ok(_) => result.errors += u64::from(counted),
                    Err(_) => {
                        result.errors += u64::from(counted);
                        sender = connect(addr).await;
                    }
                }
            }
            result
        }));
    }
    let mut parts = Vec::with_capacity(connections);
    for task in tasks {
        parts.push(task.await.expect("load task"));
    }
    LoadResult::merge(parts, measure.as_secs_f64())
}

/// Open loop: requests start on a fixed schedule (`rate` per second, spread round-robin over the
/// connections, as wrk2 does); a request's latency runs from its scheduled start, so time spent
/// waiting behind a slow response counts. Requests scheduled in the warm-up are not counted.
async fn open_loop(
    addr: SocketAddr,
    make: impl Fn(usize) -> Request<Full<Bytes>> + Send + Sync + 'static,
    connections: usize,
    rate: f64,
    warmup: Duration,
    measure: Duration,
) -> LoadResult {
    let t0 = Instant::now() + Duration::from_millis(10);
    let schedule = Schedule {
        rate,
        t0,
        counted_from: t0 + warmup,
        total: ((warmup + measure).as_secs_f64() * rate) as usize,
        stop: None,
    };
    let tasks = scheduled_senders(addr, make, connections, schedule).await;
    let mut parts = Vec::with_capacity(connections);
    for task in tasks {
        parts.push(task.await.expect("load task"));
    }
    LoadResult::merge(parts, measure.as_secs_f64())
}

/// When the requests of an open loop start.
struct Schedule {
    /// Requests per second, spread round-robin over the connections.
    rate: f64,
    /// The start of request 0.
    t0: Instant,
    /// Requests scheduled before this are the warm-up and not counted.
    counted_from: Instant,
    /// How many requests in all (`usize::MAX`: until `stop`).
    total: usize,
    /// Set when the run should end (no request is started after it).
    stop: Option<Arc<AtomicBool>>,
}

/// The open loop's senders, one task per connection, each returning what it counted.
async fn scheduled_senders(
    addr: SocketAddr,
    make: impl Fn(usize) -> Request<Full<Bytes>> + Send + Sync + 'static,
    connections: usize,
    schedule: Schedule,
) -> Vec<tokio::task::JoinHandle<LoadResult>> {
    let make = Arc::new(make);
    let schedule = Arc::new(schedule);
    let mut senders = Vec::with_capacity(connections);
    for _ in 0..connections {
        senders.push(connect(addr).await);
    }
    let mut tasks = Vec::with_capacity(connections);
    for (connection, mut sender) in senders.into_iter().enumerate() {
        let (make, schedule) = (make.clone(), schedule.clone());
        tasks.push(tokio::spawn(async move {
            let mut result = LoadResult::default();
            for k in (connection..schedule.total).step_by(connections) {
                let scheduled = schedule.t0 + Duration::from_secs_f64(k as f64 / schedule.rate);
                tokio::time::sleep_until(scheduled).await;
                if schedule
                    .stop
                    .as_ref()
                    .is_some_and(|stop| stop.load(Ordering::Acquire))
                {
                    break;
                }
                let outcome = send(&mut sender, make(connection)).await;
                let latency = micros(Instant::now() - scheduled);
                let counted = scheduled >= schedule.counted_from;
                match outcome {
                    Ok((200, _)) if counted => {
                        result.completed += 1;
                        result.latencies.push(latency);
                    }
                    Ok((200, _)) => {}
                    Ok(_) => result.errors += u64::from(counted),
                    Err(_) => {
                        result.errors += u64::from(counted);
                        sender = connect(addr).await;
                    }
                }
            }
            result
        }));
    }
    tasks
}

/// One request before the runs: the page must be the learner's module page, not a login form or
/// an error. Returns the size of the HTML.
async fn check_module_page(addr: SocketAddr, target: &Target) -> usize {
    let mut sender = connect(addr).await;
    sender.ready().await.expect("connection ready");
    let response = sender
        .send_request(target.request())
        .await
        .expect("module page");
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("module page body")
        .to_bytes();
    let html = String::from_utf8_lossy(&body);
    assert_eq!(status, 200, "module page: {html}");
    assert!(
        html.contains(MODULE_TITLE) && html.contains("Lernende 0"),
        "the module page does not show the module to the logged-in learner:\n{html}"
    );
    body.len()
}

/// Peak rates of the parts of a page request, to see where its time goes: the router and
/// middleware alone, a server-side render without database work, the session lookup, the module
/// data without HTML, and the full page once more with gzip as browsers ask for it.
async fn breakdown(
    addr: SocketAddr,
    origin: &str,
    plan: &Plan,
    settings: &Settings,
    report: &mut Report,
) {
    let cookie = |connection: usize| plan.cookies[connection % plan.cookies.len()].clone();
    let server_fn = |path: &str, body: &str, connection: usize| Target {
        method: Method::POST,
        path: path.to_owned(),
        headers: vec![
            ("host", addr.to_string()),
            ("origin", origin.to_owned()),
            ("sec-fetch-site", "same-origin".into()),
            ("content-type", "application/x-www-form-urlencoded".into()),
            ("cookie", cookie(connection)),
        ],
        body: Bytes::from(body.to_owned()),
    };
    let html = "text/html,application/xhtml+xml";
    let probes: Vec<(&str, Vec<Target>)> = vec![
        (
            "GET /healthz (router and layers, no session)",
            vec![Target::get(addr, "/healthz", Vec::new())],
        ),
        (
            "POST /api/session/info (session lookup only)",
            (0..settings.connections)
                .map(|c| server_fn("/api/session/info", "", c))
                .collect(),
        ),
        (
            "POST /api/learning/module (session + module data, JSON)",
            (0..settings.connections)
                .map(|c| server_fn("/api/learning/module", &format!("id={MODULE}"), c))
                .collect(),
        ),
        (
            "GET module page with Accept-Encoding: gzip",
            (0..settings.connections)
                .map(|c| {
                    Target::get(
                        addr,
                        &format!("/modules/{MODULE}"),
                        vec![
                            ("accept", html.into()),
                            ("accept-encoding", "gzip".into()),
                            ("cookie", cookie(c)),
                        ],
                    )
                })
                .collect(),
        ),
    ];
    for (name, targets) in probes {
        progress(&format!("breakdown: {name}"));
        report.phase();
        let targets = Arc::new(targets);
        let result = closed_loop(
            addr,
            move |connection| targets[connection % targets.len()].request(),
            settings.connections,
            settings.warmup(),
            settings.measure() / 2,
        )
        .await;
        report.row(
            format!("breakdown: {name}"),
            format!(
                "{} req/s ({} µs each)",
                whole(result.rate()),
                whole(1e6 / result.rate().max(1e-9))
            ),
            "informative".into(),
            None,
        );
        report.errors(name, &result);
    }
}

struct Submissions {
    result: LoadResult,
    /// Statuses other than success, and transport errors, with their counts.
    statuses: BTreeMap<String, usize>,
}

impl std::ops::Deref for Submissions {
    type Target = LoadResult;
    fn deref(&self) -> &LoadResult {
        &self.result
    }
}

/// Submits every planned attempt exactly once, as the hydrated page does (same-origin fetch,
/// form body), with the cookie of the attempt's learner. The rate runs from the first request
/// to the last response.
async fn submit_all(
    addr: SocketAddr,
    origin: &str,
    plan: &Plan,
    connections: usize,
) -> Submissions {
    let requests: Arc<Vec<Target>> = Arc::new(
        plan.attempts
            .iter()
            .map(|attempt| Target {
                method: Method::POST,
                path: "/api/quiz/submit".into(),
                headers: vec![
                    ("host", addr.to_string()),
                    ("origin", origin.to_owned()),
                    ("sec-fetch-site", "same-origin".into()),
                    ("content-type", "application/x-www-form-urlencoded".into()),
                    ("cookie", plan.cookies[attempt.learner].clone()),
                ],
                body: Bytes::from(format!("id={}", attempt.id)),
            })
            .collect(),
    );
    let mut senders = Vec::with_capacity(connections);
    for _ in 0..connections {
        senders.push(connect(addr).await);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(connections);
    for mut sender in senders {
        let (requests, next) = (requests.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut result = LoadResult::default();
            let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
            let mut last = Instant::now();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(target) = requests.get(index) else {
                    break;
                };
                let sent = Instant::now();
                // Exactly once: a failed request is counted, never repeated.
                match send(&mut sender, target.request()).await {
                    Ok((status, _)) if (200..400).contains(&status) => {
                        result.completed += 1;
                        result.latencies.push(micros(sent.elapsed()));
                    }
                    Ok((status, _)) => {
                        result.errors += 1;
                        *statuses.entry(format!("HTTP {status}")).or_default() += 1;
                    }
                    Err(err) => {
                        result.errors += 1;
                        *statuses.entry(err).or_default() += 1;
                        sender = connect(addr).await;
                    }
                }
                last = Instant::now();
            }
            (result, statuses, last)
        }));
    }
    let mut parts = Vec::with_capacity(connections);
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut finished = started;
    for task in tasks {
        let (part, part_statuses, last) = task.await.expect("submission task");
        parts.push(part);
        for (status, count) in part_statuses {
            *statuses.entry(status).or_default() += count;
        }
        finished = finished.max(last);
    }
    Submissions {
        result: LoadResult::merge(parts, (finished - started).as_secs_f64()),
        statuses,
    }
}

struct Audit {
    /// Attempts not submitted with a score.
    lost: usize,
    passed: usize,
    evidence_rows: usize,
    problems: Vec<String>,
}

/// Reads back every attempt and every evidence row: each attempt submitted exactly once, with
/// the score its saved answers earn, and evidence exactly for the passed ones.
async fn audit_submissions(app: &TestApp, plan: &Plan) -> Audit {
    let rows: HashMap<Uuid, quiz_attempt::Model> = quiz_attempt::Entity::find()
        .all(&app.db)
        .await
        .expect("attempts")
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let mut evidence_by_attempt: HashMap<Uuid, Vec<evidence::Model>> = HashMap::new();
    let mut evidence_rows = 0;
    for row in evidence::Entity::find()
        .all(&app.db)
        .await
        .expect("evidence")
    {
        evidence_rows += 1;
        evidence_by_attempt
            .entry(row.attempt_id)
            .or_default()
            .push(row);
    }
    let mut audit = Audit {
        lost: 0,
        passed: 0,
        evidence_rows,
        problems: Vec::new(),
    };
    if rows.len() != plan.attempts.len() {
        audit.problems.push(format!(
            "{} attempts in the database, {} planned",
            rows.len(),
            plan.attempts.len()
        ));
    }
    for planned in &plan.attempts {
        let Some(row) = rows.get(&planned.id) else {
            audit.lost += 1;
            audit
                .problems
                .push(format!("attempt {} is missing", planned.id));
            continue;
        };
        let graded = row.status == quiz_attempt::STATUS_SUBMITTED
            && row.submitted_at.is_some()
            && row.score_percent.is_some()
            && row.passed.is_some();
        if !graded {
            audit.lost += 1;
            audit.problems.push(format!(
                "attempt {} is {} with score {:?}",
                planned.id, row.status, row.score_percent
            ));
            continue;
        }
        if row.passed == Some(true) {
            audit.passed += 1;
        }
        if row.score_percent != Some(planned.percent) || row.passed != Some(planned.passed) {
            audit.problems.push(format!(
                "attempt {}: score {:?} passed {:?}, expected {} {}",
                planned.id, row.score_percent, row.passed, planned.percent, planned.passed
            ));
        }
        let mut found: Vec<(String, i32, String)> = evidence_by_attempt
            .remove(&planned.id)
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.competence_id, e.level, e.module_version))
            .collect();
        found.sort();
        let mut expected: Vec<(String, i32, String)> = if planned.passed {
            planned
                .module
                .proves
                .iter()
                .map(|(competence, level)| {
                    (
                        competence.clone(),
                        i32::from(*level),
                        planned.module.version.clone(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        expected.sort();
        if found != expected {
            audit.problems.push(format!(
                "attempt {}: evidence {found:?}, expected {expected:?}",
                planned.id
            ));
        }
    }
    if !evidence_by_attempt.is_empty() {
        audit.problems.push(format!(
            "evidence for {} attempts that were not planned",
            evidence_by_attempt.len()
        ));
    }
    audit
}

// ---------------------------------------------------------------------------------------------
// The report

#[derive(Default)]
struct Report {
    rows: Vec<[String; 5]>,
    notes: Vec<String>,
    failed: bool,
    /// CPU counters at the start of the measurement the next row reports.
    phase: Option<CpuSnapshot>,
}

impl Report {
    /// Marks the start of a measurement: its row shows how much CPU went elsewhere meanwhile.
    fn phase(&mut self) {
        self.phase = CpuSnapshot::now();
    }

    fn row(&mut self, what: String, result: String, budget: String, passed: Option<bool>) {
        let verdict = match passed {
            Some(true) => "PASS",
            Some(false) => {
                self.failed = true;
                "FAIL"
            }
            None => "–",
        };
        let elsewhere = self
            .phase
            .take()
            .zip(CpuSnapshot::now())
            .map(|(before, after)| {
                let (own, elsewhere) = after.usage_since(&before);
                format!("{own:.0} % / {elsewhere:.0} %")
            })
            .unwrap_or_default();
        self.rows
            .push([what, result, elsewhere, budget, verdict.into()]);
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn errors(&mut self, what: &str, result: &LoadResult) {
        if result.errors > 0 {
            self.note(format!(
                "{what}: {} failed requests or unexpected statuses",
                result.errors
            ));
        }
    }

    fn all_passed(&self) -> bool {
        !self.failed
    }

    fn print(&self, database: &str) {
        tests::table::print(
            &format!("Load benchmark – database: {database}"),
            [
                "measurement",
                "result",
                "CPU bench / other",
                "budget",
                "verdict",
            ],
            &self.rows,
            &self.notes,
        );
        println!(
            "CPU bench / other: shares of the machine's CPU time during the measurement taken by \
             this process (server, load generator, SQLite) and by everything else (the PostgreSQL \
             server, other processes, the hypervisor)."
        );
    }
}

/// Jiffies from `/proc`: the whole machine's and this process's (all its threads).
#[derive(Clone, Copy)]
struct CpuSnapshot {
    total: u64,
    busy: u64,
    own: u64,
}

impl CpuSnapshot {
    fn now() -> Option<CpuSnapshot> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        // cpu user nice system idle iowait irq softirq steal
        let fields: Vec<u64> = stat
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .take(8)
            .map(|f| f.parse().ok())
            .collect::<Option<_>>()?;
        let total: u64 = fields.iter().sum();
        // Interrupt time is left out of "busy": most of it is this benchmark's own loopback
        // traffic, which the kernel does not charge to the process.
        let idle = fields.get(3)? + fields.get(4)? + fields.get(5)? + fields.get(6)?;
        let own_stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let after_name: Vec<&str> = own_stat.rsplit_once(')')?.1.split_whitespace().collect();
        let own =
            after_name.get(11)?.parse::<u64>().ok()? + after_name.get(12)?.parse::<u64>().ok()?;
        Some(CpuSnapshot {
            total,
            busy: total - idle,
            own,
        })
    }

    /// Percent of the machine's capacity used by this process and by everything else since
    /// `before`.
    fn usage_since(&self, before: &CpuSnapshot) -> (f64, f64) {
        let total = self.total.saturating_sub(before.total).max(1) as f64;
        let busy = self.busy.saturating_sub(before.busy);
        let own = self.own.saturating_sub(before.own);
        (
            100.0 * own as f64 / total,
            100.0 * busy.saturating_sub(own) as f64 / total,
        )
    }
}

fn whole(value: f64) -> String {
    format!("{value:.0}")
}

fn millis(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}
