//! Faults lose nothing (issue 17): the server killed with SIGKILL in the middle of 500 quiz
//! submissions, the SMTP server down across an application restart, and an instance killed
//! while it sends a mail that another instance then delivers after the lease.
//!
//! A server that must be killed runs in a process of its own: this test binary started again
//! with `FS_FAULT_SERVER` set, which makes `server_process` below build and serve the
//! application with the configuration it names (`ServerProcess`). Each test has a hard time
//! limit (`within`); waits poll the database with a deadline, no sleep decides an outcome.

use std::collections::HashMap;
use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::auth::Role;
use app::auth::server::{NewAccount, SignInMethod, create_account, create_session};
use app::content::{HasContent, Module};
use app::context::{AppContext, Clock};
use app::db::{attempt_answer, evidence, outbox, quiz_attempt};
use app::i18n::Locale;
use app::mail::{OutgoingMail, enqueue};
use app::quiz::grading;
use sea_orm::{
    ColumnTrait, Database, DatabaseConnection, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use server::{Application, Config};
use tests::{SmtpServer, TestApp, TestDatabase, message_id, test_config};
use uuid::Uuid;

/// The hard limit of each test here; they take 5–25 s on two cores.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// Names the configuration (JSON) of the server a child process of this binary runs.
const SERVER_PROCESS: &str = "FS_FAULT_SERVER";
/// The line the child prints once its listener is bound, followed by the port.
const PORT_LINE: &str = "fault test server listening on port ";

/// Runs a test with the hard time limit: a hung server or a lost wake-up fails the test
/// instead of holding up CI. The server processes are killed when the test's values drop.
async fn within<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(TIME_LIMIT, test)
        .await
        .unwrap_or_else(|_| panic!("the test did not finish within {TIME_LIMIT:?}"))
}

/// The child side of `ServerProcess` (does nothing when run as a test of its own): the
/// application as the `serve` command runs it, on the system clock, until it is killed.
#[test]
fn server_process() {
    let Some(config) = std::env::var_os(SERVER_PROCESS) else {
        return;
    };
    let mut config: Config =
        serde_json::from_str(&config.to_string_lossy()).expect("the configuration of the child");
    config.privacy.exact_for_tests = true;
    if std::env::var_os("FS_TEST_LOG").is_some() {
        server::telemetry::init(config.log_format);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let application = Application::build(config, Clock::System)
            .await
            .expect("the application starts");
        println!("{PORT_LINE}{}", application.port());
        std::io::stdout().flush().expect("stdout");
        application
            .run_until(std::future::pending())
            .await
            .expect("the server runs");
    });
}

/// The application in a process of its own, to be killed with SIGKILL as a crash (or the OOM
/// killer, or a power cut of the container) would. Killed when dropped.
struct ServerProcess {
    child: Mutex<Child>,
    address: String,
    log: PathBuf,
}

impl ServerProcess {
    /// Starts the server and returns once its listener is bound (requests wait in the backlog
    /// until it serves). The database is migrated by then.
    async fn start(config: &Config) -> ServerProcess {
        let log = std::env::temp_dir().join(format!("fs-fault-{}.log", Uuid::new_v4().simple()));
        let mut child = Command::new(std::env::current_exe().expect("the test binary"))
            .args([
                "--exact",
                "faults::server_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                SERVER_PROCESS,
                serde_json::to_string(config).expect("configuration as JSON"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("server log"))
            .spawn()
            .expect("start the server process");
        let stdout = child.stdout.take().expect("the server's stdout");
        let (port_sender, port) = tokio::sync::oneshot::channel();
        // Reads the port, then keeps draining what the test harness prints after it.
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout);
            let mut line = String::new();
            let mut sender = Some(port_sender);
            while lines.read_line(&mut line).unwrap_or(0) > 0 {
                // The test harness has printed the test's name on the same line.
                if let Some((_, port)) = line.trim().split_once(PORT_LINE)
                    && let Some(sender) = sender.take()
                {
                    let _ = sender.send(port.parse::<u16>().ok());
                }
                line.clear();
            }
            let _ = io_sink(lines);
        });
        let port = match tokio::time::timeout(Duration::from_secs(60), port).await {
            Ok(Ok(Some(port))) => port,
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                let output = std::fs::read_to_string(&log).unwrap_or_default();
                let _ = std::fs::remove_file(&log);
                panic!("the server process did not start: {output}");
            }
        };
        ServerProcess {
            child: Mutex::new(child),
            address: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// SIGKILL, and waits until the process is gone. Harmless when it is gone already.
    fn kill(&self) {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_file(&self.log);
    }
}

fn io_sink(mut reader: impl Read) -> std::io::Result<u64> {
    std::io::copy(&mut reader, &mut std::io::sink())
}

// ---------------------------------------------------------------------------------------------
// 500 submissions and a SIGKILL

const LEARNERS: usize = 500;
/// The server is killed the moment this many submissions have been acknowledged.
const KILL_AFTER: usize = LEARNERS / 2;

/// An open attempt and what grading it must give.
struct Planned {
    id: Uuid,
    cookie: String,
    module: Arc<Module>,
    percent: i32,
    passed: bool,
}

/// `LEARNERS` people, a session each and an open attempt each, spread over the curriculum's
/// modules, written straight into the database. Three in four have answered every question
/// right; the fourth left every other question unanswered, so grading takes both the pass
/// (evidence) and the fail path. The expected score comes from the server's own grading rules.
async fn prepare(config: &Config) -> Vec<Planned> {
    let db = server::startup::connect(config).await.expect("database");
    let content = server::startup::load_content(config).expect("curriculum");
    let ctx = AppContext::new(db.clone(), config.app_settings(), Clock::System);
    ctx.provide(content);
    let modules = ctx.content().modules.clone();
    let now = ctx.now();
    let txn = db.begin().await.expect("begin");
    let mut people = Vec::with_capacity(LEARNERS);
    let mut attempts = Vec::with_capacity(LEARNERS);
    let mut answers = Vec::new();
    let mut planned = Vec::with_capacity(LEARNERS);
    for n in 0..LEARNERS {
        let person = create_account(
            &txn,
            now,
            NewAccount {
                email: Some(format!("lernende-{n}@stadt.example")),
                display_name: format!("Lernende {n}"),
                department_id: None,
                roles: vec![Role::Employee],
                locale: Locale::De,
                password_hash: None,
                is_demo: false,
            },
        )
        .await
        .expect("create a learner")
        .id;
        people.push(person);
        let module = modules[n % modules.len()].clone();
        let layout = app::quiz::server::draw(&module);
        let id = Uuid::new_v4();
        let mut total = 0.0;
        for (position, drawn) in layout.iter().enumerate() {
            if n % 4 == 3 && position % 2 == 0 {
                continue;
            }
            let question = module.question(&drawn.id).expect("drawn question");
            let fields = tests::learning::right_fields(question, drawn);
            let answer = grading::answer_from_fields(question, drawn, &fields);
            total += grading::score(question, drawn, &answer, module.quiz.scoring);
            answers.push(attempt_answer::ActiveModel {
                attempt_id: Set(id),
                position: Set(position as i32),
                answer: Set(answer),
                saved_at: Set(now),
            });
        }
        let percent = grading::percent(total, layout.len());
        attempts.push(quiz_attempt::ActiveModel {
            id: Set(id),
            user_id: Set(person),
            module_id: Set(module.id.clone()),
            module_version: Set(module.version.clone()),
            kind: Set(quiz_attempt::KIND_QUIZ.to_owned()),
            status: Set(quiz_attempt::STATUS_OPEN.to_owned()),
            started_at: Set(now),
            deadline_at: Set(None),
            submitted_at: Set(None),
            score_percent: Set(None),
            passed: Set(None),
            layout: Set(serde_json::to_string(&layout).expect("layout")),
        });
        planned.push(Planned {
            id,
            cookie: String::new(),
            passed: percent >= i32::from(module.quiz.pass_mark),
            percent,
            module,
        });
    }
    for chunk in attempts.chunks(200) {
        quiz_attempt::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .expect("attempts");
    }
    for chunk in answers.chunks(500) {
        attempt_answer::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await
            .expect("answers");
    }
    txn.commit().await.expect("commit");
    let cookie_name = ctx.settings.session_cookie_name();
    for (plan, person) in planned.iter_mut().zip(people) {
        let token = create_session(&ctx, person, SignInMethod::Password, false)
            .await
            .expect("session");
        plan.cookie = format!("{cookie_name}={token}");
    }
    assert!(
        planned.iter().any(|p| p.passed) && planned.iter().any(|p| !p.passed),
        "both outcomes are planned"
    );
    db.close().await.expect("close");
    planned
}

/// Submits every planned attempt `times` times at once; returns per attempt whether one of its
/// submissions was acknowledged (HTTP success). `on_ack` runs with the running count of
/// acknowledgements, in the task that received it.
async fn submit_all(
    server: &ServerProcess,
    plans: &[Planned],
    times: usize,
    on_ack: impl Fn(usize) + Send + Sync + 'static,
) -> Vec<bool> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let on_ack = Arc::new(on_ack);
    let mut submissions = tokio::task::JoinSet::new();
    for (n, plan) in plans.iter().enumerate() {
        for _ in 0..times {
            let request = client
                .post(server.url("/api/quiz/submit"))
                .header("Origin", &server.address)
                .header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", &plan.cookie)
                .form(&[("id", plan.id.to_string())]);
            let (acknowledged, on_ack) = (acknowledged.clone(), on_ack.clone());
            submissions.spawn(async move {
                let acked = request
                    .send()
                    .await
                    .is_ok_and(|response| response.status().is_success());
                if acked {
                    on_ack(acknowledged.fetch_add(1, Ordering::SeqCst) + 1);
                }
                (n, acked)
            });
        }
    }
    let mut acked = vec![false; plans.len()];
    while let Some(outcome) = submissions.join_next().await {
        let (n, ok) = outcome.expect("submission task");
        acked[n] |= ok;
    }
    acked
}

/// What the database says about the planned attempts: the submission time of each graded one,
/// and every violation found. An attempt is either open and untouched (no score, no evidence)
/// or submitted with the score its saved answers earn and exactly the evidence its module
/// proves when passed; anything in between is half graded, more evidence is a second grading.
async fn audit(
    db: &DatabaseConnection,
    plans: &[Planned],
) -> (HashMap<Uuid, chrono::DateTime<chrono::Utc>>, Vec<String>) {
    let rows: HashMap<Uuid, quiz_attempt::Model> = quiz_attempt::Entity::find()
        .all(db)
        .await
        .expect("attempts")
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    let mut proofs: HashMap<Uuid, Vec<(String, i32, String)>> = HashMap::new();
    for row in evidence::Entity::find().all(db).await.expect("evidence") {
        proofs.entry(row.attempt_id).or_default().push((
            row.competence_id,
            row.level,
            row.module_version,
        ));
    }
    let mut graded = HashMap::new();
    let mut problems = Vec::new();
    if rows.len() != plans.len() {
        problems.push(format!("{} attempts, {} planned", rows.len(), plans.len()));
    }
    for plan in plans {
        let Some(row) = rows.get(&plan.id) else {
            problems.push(format!("attempt {} is gone", plan.id));
            continue;
        };
        let mut found = proofs.remove(&plan.id).unwrap_or_default();
        found.sort();
        let untouched = (
            quiz_attempt::STATUS_OPEN,
            None,
            None,
            Vec::<(String, i32, String)>::new(),
        );
        let mut expected_proofs: Vec<(String, i32, String)> = if plan.passed {
            plan.module
                .proves
                .iter()
                .map(|(competence, level)| {
                    (
                        competence.clone(),
                        i32::from(*level),
                        plan.module.version.clone(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        expected_proofs.sort();
        let state = (
            row.status.as_str(),
            row.score_percent,
            row.passed,
            found.clone(),
        );
        if state == untouched && row.submitted_at.is_none() {
            continue;
        }
        let complete = (
            quiz_attempt::STATUS_SUBMITTED,
            Some(plan.percent),
            Some(plan.passed),
            expected_proofs,
        );
        match row.submitted_at {
            Some(at) if state == complete => {
                graded.insert(plan.id, at);
            }
            _ => problems.push(format!(
                "attempt {} is half graded or graded twice: {:?} submitted {:?}, expected \
                 open and untouched or {complete:?}",
                plan.id, state, row.submitted_at
            )),
        }
    }
    if !proofs.is_empty() {
        problems.push(format!(
            "evidence for {} attempts that were not planned",
            proofs.len()
        ));
    }
    (graded, problems)
}

/// The server is killed (SIGKILL) when half of 500 concurrent submissions have been
/// acknowledged. After a restart on the same database every acknowledged submission is stored
/// and graded exactly once, every other one is graded completely or not at all, and submitting
/// everything again grades the rest, each once, without touching what was graded before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_during_500_submissions_loses_no_acknowledged_one_and_grades_each_once() {
    within(async {
        let database = TestDatabase::create().await;
        let config = test_config(&database.url);
        let plans = Arc::new(prepare(&config).await);

        let first = Arc::new(ServerProcess::start(&config).await);
        let killer = first.clone();
        let acked = submit_all(&first, &plans, 1, move |count| {
            if count == KILL_AFTER {
                killer.kill();
            }
        })
        .await;
        // Killed already; again, in case fewer than half were acknowledged.
        first.kill();
        let acknowledged = acked.iter().filter(|a| **a).count();
        assert!(
            acknowledged >= KILL_AFTER,
            "only {acknowledged} of {LEARNERS} submissions were acknowledged before the kill: {}",
            std::fs::read_to_string(&first.log).unwrap_or_default()
        );
        assert!(
            acknowledged < LEARNERS,
            "the server answered all {LEARNERS} submissions before it was killed, so the kill \
             hit none in flight"
        );

        let second = ServerProcess::start(&config).await;
        let db = Database::connect(&database.url).await.expect("database");
        let (graded, problems) = audit(&db, &plans).await;
        assert!(problems.is_empty(), "after the crash: {problems:#?}");
        let lost: Vec<Uuid> = plans
            .iter()
            .zip(&acked)
            .filter(|(plan, acked)| **acked && !graded.contains_key(&plan.id))
            .map(|(plan, _)| plan.id)
            .collect();
        assert!(
            lost.is_empty(),
            "{} acknowledged submissions are not stored, e.g. {:?}",
            lost.len(),
            &lost[..lost.len().min(5)]
        );
        eprintln!(
            "killed during the submissions: {acknowledged} acknowledged, {} more stored without \
             an answer reaching the client, {} not stored",
            graded.len() - acknowledged,
            LEARNERS - graded.len()
        );

        // The learners whose answer never came submit again, twice at once (some of them were
        // graded already): every submission is graded now, each once.
        let again = submit_all(&second, &plans, 2, |_| {}).await;
        assert!(
            again.iter().all(|a| *a),
            "a submission after the restart failed: {}",
            std::fs::read_to_string(&second.log).unwrap_or_default()
        );
        let (regraded, problems) = audit(&db, &plans).await;
        assert!(problems.is_empty(), "after submitting again: {problems:#?}");
        assert_eq!(regraded.len(), LEARNERS, "every attempt is graded");
        for (id, at) in &graded {
            assert_eq!(
                regraded.get(id),
                Some(at),
                "attempt {id}, graded before the restart, was graded again"
            );
        }
        db.close().await.ok();
        second.kill();
        let _ = std::fs::remove_dir_all(&config.data_dir);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Mail

/// Queues one password-reset mail for each `n` (to `person{n}@stadt.example`) in one
/// transaction and wakes the instance's worker; returns each recipient with the Message-ID
/// given to its mail when it was queued.
async fn queue_mails(ctx: &AppContext, numbers: std::ops::Range<usize>) -> Vec<(String, String)> {
    let txn = ctx.db.begin().await.expect("begin");
    let mut recipients = Vec::new();
    for n in numbers {
        let to = format!("person{n}@stadt.example");
        let queued = enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: Some(to.clone()),
                person: Uuid::nil(),
                locale: Locale::De,
                template: "password_reset",
                context: serde_json::json!({ "name": format!("Person {n}"),
                    "link": format!("http://127.0.0.1/password/set/token{n}"),
                    "organisation": "Stadt", "valid_hours": 2, "valid_days": 7 }),
                idempotency_key: None,
                list_unsubscribe: None,
                attachment: None,
            },
        )
        .await
        .expect("enqueue");
        assert!(queued);
        recipients.push(to);
    }
    txn.commit().await.expect("commit");
    ctx.mail_wakeup.notify_one();
    let rows = outbox::Entity::find()
        .filter(outbox::Column::Recipient.is_in(recipients.clone()))
        .all(&ctx.db)
        .await
        .expect("outbox");
    recipients
        .into_iter()
        .map(|to| {
            let row = rows.iter().find(|r| r.recipient == to).expect("queued row");
            (to, row.message_id.clone())
        })
        .collect()
}

/// What `wait_for_rows` waits for.
#[derive(Clone, Copy, Debug)]
enum Until {
    /// Every mail sent.
    Sent,
    /// Every mail tried and kept for a retry, while the SMTP server is down: a mail that leaves
    /// the queue then is lost (or was never tried), and fails the wait at once.
    TriedAndKept,
}

/// Polls the outbox until every given mail has reached `until` (at most 60 s); fails as soon
/// as one can no longer reach it.
async fn wait_for_rows(
    db: &DatabaseConnection,
    mails: &[(String, String)],
    until: Until,
) -> Vec<outbox::Model> {
    let ids: Vec<String> = mails.iter().map(|(_, id)| id.clone()).collect();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let rows = outbox::Entity::find()
            .filter(outbox::Column::MessageId.is_in(ids.clone()))
            .all(db)
            .await
            .expect("outbox");
        let states: Vec<_> = rows
            .iter()
            .map(|r| (&r.recipient, &r.status, r.attempts, &r.last_error))
            .collect();
        let (done, lost) = match until {
            Until::Sent => (
                rows.iter().all(|r| r.status == outbox::STATUS_SENT),
                rows.iter().any(|r| r.status == outbox::STATUS_FAILED),
            ),
            Until::TriedAndKept => (
                rows.iter()
                    .all(|r| r.attempts >= 1 && r.last_error.is_some()),
                rows.iter().any(|r| r.status != outbox::STATUS_PENDING),
            ),
        };
        assert!(
            rows.len() == ids.len() && !lost,
            "waiting until {until:?}, a mail left the queue: {states:?}"
        );
        if done {
            return rows;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited 60 s until {until:?}: {states:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How often each Message-ID arrived at the SMTP server.
fn arrivals(smtp: &SmtpServer) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for raw in smtp.messages() {
        let id = message_id(&raw).expect("every message has a Message-ID");
        *counts.entry(id).or_default() += 1;
    }
    counts
}

/// The SMTP server goes away while the application has a connection to it and mail queued;
/// the application is restarted while it is down and queues more; then the SMTP server comes
/// back. Every mail arrives exactly once, with the Message-ID it got when it was queued.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_queued_while_the_smtp_server_is_down_arrives_once_across_an_application_restart() {
    within(async {
        let mut smtp = SmtpServer::start();
        let (port, dir) = (smtp.port, smtp.dir.clone());
        let database = Arc::new(TestDatabase::create().await);
        let first = TestApp::spawn_on(database.clone(), Clock::System, |c| smtp.configure(c))
            .await
            .expect("first start");

        // Before the outage: mail goes out (and the instance's SMTP pool may keep a connection).
        let mut mails = queue_mails(&first.ctx, 0..5).await;
        wait_for_rows(&first.db, &mails, Until::Sent).await;

        // The SMTP server goes down; mail queued now is tried, fails and is kept.
        smtp.stop();
        let during = queue_mails(&first.ctx, 5..15).await;
        wait_for_rows(&first.db, &during, Until::TriedAndKept).await;
        mails.extend(during);

        // The application restarts while the SMTP server is still down, and queues more.
        first.shutdown().await;
        let second = TestApp::spawn_on(database.clone(), Clock::System, |c| smtp.configure(c))
            .await
            .expect("second start");
        let after_restart = queue_mails(&second.ctx, 15..20).await;
        wait_for_rows(&second.db, &after_restart, Until::TriedAndKept).await;
        mails.extend(after_restart);

        // The SMTP server comes back on its address.
        let smtp = SmtpServer::start_on(port, dir);
        let rows = wait_for_rows(&second.db, &mails, Until::Sent).await;
        let during_outage: Vec<&String> = mails[5..].iter().map(|(_, id)| id).collect();
        assert!(
            rows.iter()
                .filter(|r| during_outage.contains(&&r.message_id))
                .all(|r| r.attempts >= 2),
            "each mail queued during the outage failed before it was sent"
        );
        // With the instance stopped, no worker is left that could send a duplicate: the Maildir
        // holds every message there will be.
        second.shutdown().await;
        let arrived = arrivals(&smtp);
        for (to, id) in &mails {
            assert_eq!(
                arrived.get(id),
                Some(&1),
                "the mail to {to} arrives exactly once with the Message-ID it was queued with"
            );
        }
        assert_eq!(
            arrived.values().sum::<usize>(),
            mails.len(),
            "nothing else arrived: {arrived:?}"
        );
    })
    .await;
}

/// A live instance whose relay stalls gives the attempt up before its lease ends, so that no
/// other instance, taking the mail over after the lease, sends it while the first still does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_instance_gives_a_stalled_send_up_before_its_lease_ends() {
    within(async {
        let stalling = StallingSmtp::start();
        let app = TestApp::spawn_with(|config| {
            config.mail.backend = server::config::MailBackendKind::Smtp;
            config.mail.smtp.host = Some("127.0.0.1".to_owned());
            config.mail.smtp.port = Some(stalling.port);
            config.mail.smtp.security = server::config::SmtpSecurity::None;
            config.mail.smtp.timeout_seconds = 120;
            config.mail.lease_seconds = 10;
        })
        .await;
        let mails = queue_mails(&app.ctx, 0..1).await;
        let (_held, _stalling) = stalling.next_message().await;
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let row = loop {
            let row = outbox::Entity::find()
                .filter(outbox::Column::MessageId.eq(mails[0].1.clone()))
                .one(&app.db)
                .await
                .expect("outbox")
                .expect("row");
            if row.attempts == 1 {
                break row;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the stalled attempt was not given up: {row:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(row.status, outbox::STATUS_PENDING, "kept for a retry");
        assert_eq!(row.lease_owner, None, "the lease is given back");
        assert!(
            row.last_error
                .as_deref()
                .unwrap_or_default()
                .contains("lease"),
            "{:?}",
            row.last_error
        );
    })
    .await
}

/// An SMTP server that takes a message and never confirms it: it answers everything up to the
/// end of the message's data, then holds the connection without the final reply, like a relay
/// that is slow to accept. Nothing it takes is delivered; each message it took is reported.
struct StallingSmtp {
    port: u16,
    taken: std::sync::mpsc::Receiver<Vec<u8>>,
}

impl StallingSmtp {
    fn start() -> StallingSmtp {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let (sender, taken) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for socket in listener.incoming().flatten() {
                let sender = sender.clone();
                std::thread::spawn(move || {
                    let _ = stall(socket, sender);
                });
            }
        });
        StallingSmtp { port, taken }
    }

    /// The next message it took, waiting at most 30 s.
    async fn next_message(self) -> (Vec<u8>, StallingSmtp) {
        tokio::task::spawn_blocking(move || {
            let message = self
                .taken
                .recv_timeout(Duration::from_secs(30))
                .expect("a message reached the stalling SMTP server within 30 s");
            (message, self)
        })
        .await
        .expect("join")
    }
}

fn stall(
    socket: std::net::TcpStream,
    taken: std::sync::mpsc::Sender<Vec<u8>>,
) -> std::io::Result<()> {
    let mut writer = socket.try_clone()?;
    let mut reader = BufReader::new(socket);
    writer.write_all(b"220 stall.example ESMTP\r\n")?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let command = String::from_utf8_lossy(&line).to_ascii_uppercase();
        if command.starts_with("EHLO") {
            writer.write_all(b"250-stall.example\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")?;
        } else if command.starts_with("DATA") {
            writer.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
            let mut data = Vec::new();
            loop {
                line.clear();
                if reader.read_until(b'\n', &mut line)? == 0 {
                    return Ok(());
                }
                if line == b".\r\n" {
                    break;
                }
                data.extend_from_slice(&line);
            }
            let _ = taken.send(data);
            // No reply: the connection is held until the sender goes away.
            io_sink(reader)?;
            return Ok(());
        } else if command.starts_with("QUIT") {
            writer.write_all(b"221 Bye\r\n")?;
            return Ok(());
        } else {
            writer.write_all(b"250 OK\r\n")?;
        }
    }
}

/// Two instances on one PostgreSQL database. One claims a mail and is killed (SIGKILL) while it
/// sends it, its lease left in the outbox; the other leaves the mail alone until that lease
/// expires, then delivers it exactly once, with the same Message-ID.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_held_by_a_killed_instance_is_delivered_once_by_another_after_its_lease() {
    within(async {
        let database = Arc::new(TestDatabase::create().await);
        if !database.is_postgres() {
            eprintln!(
                "a_mail_held_by_a_killed_instance_is_delivered_once_by_another_after_its_lease: \
                 several instances need PostgreSQL; this test runs with TEST_DATABASE_URL."
            );
            return;
        }
        let smtp = SmtpServer::start();
        let stalling = StallingSmtp::start();

        // The first instance sends to a relay that never confirms. Its SMTP timeout outlasts
        // the test's wait for the kill; its lease of 20 s gives it 16 s before it would give the
        // attempt up itself (`WorkerSettings::send_deadline`), time enough to be killed first.
        let mut config = test_config(&database.url);
        smtp.configure(&mut config);
        config.mail.smtp.port = Some(stalling.port);
        config.mail.smtp.timeout_seconds = 120;
        config.mail.lease_seconds = 20;
        let first = ServerProcess::start(&config).await;

        let db = Database::connect(&database.url).await.expect("database");
        let ctx = AppContext::new(db.clone(), config.app_settings(), Clock::System);
        let mails = queue_mails(&ctx, 0..3).await;

        // The first instance is sending one of them.
        let (held, _stalling) = stalling.next_message().await;
        let held_id = message_id(&held).expect("the held mail's Message-ID");
        let row = outbox::Entity::find()
            .filter(outbox::Column::MessageId.eq(held_id.clone()))
            .one(&db)
            .await
            .expect("outbox")
            .expect("the held mail is a queued one");
        assert_eq!(
            (row.status.as_str(), row.attempts),
            (outbox::STATUS_PENDING, 0)
        );
        let lease_end = row
            .lease_expires_at
            .expect("the first instance holds a lease");
        assert!(row.lease_owner.is_some());

        // The second instance runs beside it, then the first is killed mid-send.
        let second = TestApp::spawn_on(database.clone(), Clock::System, |c| smtp.configure(c))
            .await
            .expect("second instance");
        first.kill();

        let rows = wait_for_rows(&db, &mails, Until::Sent).await;
        let taken_over = rows
            .iter()
            .find(|r| r.message_id == held_id)
            .expect("held row");
        assert!(
            taken_over.sent_at.expect("sent") >= lease_end,
            "the held mail was sent at {:?}, before the lease of the killed instance ended at \
             {lease_end}",
            taken_over.sent_at
        );
        assert_eq!(
            taken_over.attempts, 1,
            "the killed instance's attempt never finished; the delivery is the first attempt"
        );
        // Stopped: nothing is being sent any more, the Maildir is complete.
        second.shutdown().await;
        let arrived = arrivals(&smtp);
        for (to, id) in &mails {
            assert_eq!(
                arrived.get(id),
                Some(&1),
                "the mail to {to} arrives exactly once with the Message-ID it was queued with"
            );
        }
        assert_eq!(arrived.values().sum::<usize>(), mails.len(), "{arrived:?}");
        db.close().await.ok();
        let _ = std::fs::remove_dir_all(&config.data_dir);
    })
    .await;
}
