//! Test harness: spawns the real application on a free port against a fresh, migrated database
//! (a temporary SQLite file, or a new PostgreSQL database when `TEST_DATABASE_URL` names a
//! PostgreSQL server), and a real SMTP server (Python's aiosmtpd) for the mail tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod idp;
pub mod learning;
pub mod table;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use app::auth::Role;
use app::auth::server::{NewAccount, create_account, hash_password};
use app::context::{AppContext, Clock};
use app::i18n::Locale;
use chrono::{TimeZone, Utc};
use reqwest::header::HeaderMap;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use server::config::{Config, MailBackendKind, SmtpSecurity};
use server::email::{MemoryMailbox, OutboxWorker};
use server::{Application, StartupError};
use uuid::Uuid;

pub const PASSWORD: &str = "ein langes Testpasswort";

/// A fixed start for the manual clock, so that timeouts are tested without sleeping.
pub fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
        .single()
        .expect("valid date")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Which database the suite runs on: `TEST_DATABASE_URL=postgres://…` or SQLite.
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

/// A test's database need not survive a crash of the PostgreSQL server: its commits return
/// without waiting for the disk (`synchronous_commit = off`, for this database only; the
/// server's other databases keep their setting). Settings of a database are not copied from its
/// template, so each database gets it.
async fn no_waiting_for_the_disk(admin: &DatabaseConnection, name: &str) {
    admin
        .execute_unprepared(&format!(
            "ALTER DATABASE {name} SET synchronous_commit = off"
        ))
        .await
        .expect("set synchronous_commit");
}

/// The templates of `TestDatabase::prepared`, one per content folder.
static TEMPLATES: std::sync::Mutex<
    std::collections::BTreeMap<PathBuf, std::sync::Arc<tokio::sync::OnceCell<Template>>>,
> = std::sync::Mutex::new(std::collections::BTreeMap::new());

/// A database left by a first start, kept for the rest of the test process (its name carries
/// the process id: a later run removes those of processes that have ended).
enum Template {
    File(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Template {
    async fn make(content: PathBuf) -> Template {
        Template::remove_stale().await;
        let mut database = TestDatabase::create().await;
        let template = match &database.cleanup {
            Cleanup::None | Cleanup::File(_) => Template::File(std::env::temp_dir().join(format!(
                "fs-template-{}-{}.db",
                std::process::id(),
                Uuid::new_v4().simple()
            ))),
            Cleanup::Postgres { admin_url, .. } => Template::Postgres {
                admin_url: admin_url.clone(),
                name: format!(
                    "fs_template_{}_{}",
                    std::process::id(),
                    Uuid::new_v4().simple()
                ),
            },
        };
        // First start on the (so far empty) database, then it becomes the template.
        let mut config = test_config(&database.url);
        config.content_dir = content;
        let first = TestApp::start(
            std::sync::Arc::new(TestDatabase {
                url: database.url.clone(),
                cleanup: Cleanup::None,
            }),
            Clock::manual(start_time()),
            config,
        )
        .await
        .expect("first start for the template database");
        first.shutdown().await;
        match &template {
            Template::File(path) => {
                let source = Database::connect(&database.url).await.expect("template");
                source
                    .execute_unprepared(&format!("VACUUM INTO '{}'", path.display()))
                    .await
                    .expect("write the template");
                source.close().await.ok();
            }
            Template::Postgres { admin_url, name } => {
                let Cleanup::Postgres { name: first, .. } = &database.cleanup else {
                    unreachable!("a PostgreSQL template comes from a PostgreSQL database")
                };
                let admin = Database::connect(admin_url).await.expect("connect");
                admin
                    .execute_unprepared(&format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = '{first}' AND pid <> pg_backend_pid()"
                    ))
                    .await
                    .expect("end the first start's connections");
                admin
                    .execute_unprepared(&format!("ALTER DATABASE {first} RENAME TO {name}"))
                    .await
                    .expect("keep the template");
                admin.close().await.ok();
                database.cleanup = Cleanup::None;
            }
        }
        template
    }

    async fn copy(&self) -> TestDatabase {
        match self {
            Template::File(path) => {
                let copy =
                    std::env::temp_dir().join(format!("fs-test-{}.db", Uuid::new_v4().simple()));
                std::fs::copy(path, &copy).expect("copy the template database");
                TestDatabase {
                    url: format!("sqlite://{}?mode=rwc", copy.display()),
                    cleanup: Cleanup::File(copy),
                }
            }
            Template::Postgres { admin_url, name } => {
                let copy = format!("fs_test_{}", Uuid::new_v4().simple());
                let admin = Database::connect(admin_url).await.expect("connect");
                // The template must have no connection while it is copied; several copies at
                // once may each wait for the other's.
                let mut tries = 0;
                while let Err(err) = admin
                    .execute_unprepared(&format!("CREATE DATABASE {copy} TEMPLATE {name}"))
                    .await
                {
                    tries += 1;
                    assert!(tries < 100, "copy the template database: {err}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                no_waiting_for_the_disk(&admin, &copy).await;
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .unwrap_or(admin_url);
                TestDatabase {
                    url: format!("{base}/{copy}"),
                    cleanup: Cleanup::Postgres {
                        admin_url: admin_url.clone(),
                        name: copy,
                    },
                }
            }
        }
    }

    /// Removes the templates of test processes that have ended (found by their process id, on
    /// systems with `/proc`).
    async fn remove_stale() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let ended = |pid: &str| {
            pid.parse::<u32>()
                .is_ok_and(|p| !Path::new(&format!("/proc/{p}")).exists())
        };
        if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Some(rest) = name.strip_prefix("fs-template-")
                    && rest.split('-').next().is_some_and(ended)
                {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        if let Some(admin_url) = postgres_admin_url()
            && let Ok(admin) = Database::connect(&admin_url).await
        {
            let rows = admin
                .query_all_raw(sea_orm::Statement::from_string(
                    admin.get_database_backend(),
                    "SELECT datname::text FROM pg_database WHERE datname LIKE 'fs\\_template\\_%'",
                ))
                .await
                .unwrap_or_default();
            for row in rows {
                let Ok(name) = row.try_get_by_index::<String>(0) else {
                    continue;
                };
                if name
                    .strip_prefix("fs_template_")
                    .and_then(|rest| rest.split('_').next())
                    .is_some_and(ended)
                {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                }
            }
            admin.close().await.ok();
        }
    }
}

/// A database that exists for one test and is dropped afterwards.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// Nothing to remove (the template's first start, or the template itself).
    None,
    File(PathBuf),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        match postgres_admin_url() {
            Some(admin_url) => {
                let name = format!("fs_test_{}", Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect to TEST_DATABASE_URL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                no_waiting_for_the_disk(&admin, &name).await;
                admin.close().await.ok();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(base, _)| base)
                    .unwrap_or(&admin_url);
                TestDatabase {
                    url: format!("{base}/{name}"),
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
            None => {
                let path =
                    std::env::temp_dir().join(format!("fs-test-{}.db", Uuid::new_v4().simple()));
                TestDatabase {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    cleanup: Cleanup::File(path),
                }
            }
        }
    }

    /// A database as the application's first start leaves it for the content folder `content`:
    /// migrated, the curriculum and its search index written. Copied from a template made once
    /// per test process and folder (SQLite `VACUUM INTO`, PostgreSQL `CREATE DATABASE …
    /// TEMPLATE`), so that a test does not spend about a second of its own on that first start.
    /// Folders outside the repository (a test's temporary copy) and the tests of the first start
    /// itself get an empty database (`create`), and so does every test with `FS_TEST_FRESH` set
    /// (to compare, or to rule the templates out).
    pub async fn prepared(content: &Path) -> TestDatabase {
        if !content.starts_with(workspace_root()) || std::env::var_os("FS_TEST_FRESH").is_some() {
            return TestDatabase::create().await;
        }
        let cell = {
            let mut templates = TEMPLATES.lock().unwrap_or_else(|e| e.into_inner());
            templates.entry(content.to_owned()).or_default().clone()
        };
        let template = cell
            .get_or_init(|| Template::make(content.to_owned()))
            .await;
        template.copy().await
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.cleanup, Cleanup::Postgres { .. })
    }

    /// For tests of concurrent requests: on SQLite an instance writes through a single
    /// connection (only reads have a pool), so the requests' writes run one after the other and
    /// such a test checks only their sequential outcome.
    /// Says so in the test output; the race itself is exercised by the PostgreSQL run of the
    /// suite (`TEST_DATABASE_URL`, as `./dev test` does), where the pool lets them overlap.
    /// Returns whether the requests can really overlap.
    pub fn can_race(&self, test: &str) -> bool {
        if !self.is_postgres() {
            eprintln!(
                "{test}: on SQLite the concurrent requests are serialised by the single writer \
                 connection; only their sequential outcome is checked here. The race runs with \
                 TEST_DATABASE_URL (PostgreSQL)."
            );
        }
        self.is_postgres()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::None => {}
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; the cleanup needs a runtime of its own.
                let _ = std::thread::spawn(move || {
                    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    runtime.block_on(async move {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// The configuration every test app starts from: memory mail, no demo data, a temporary data
/// directory, the given database.
/// The application binds port 0: the system picks a free port, and the base URL on port 0 takes
/// it, so no other process can take the port between choosing and binding.
pub fn test_config(database_url: &str) -> Config {
    let mut config = Config {
        demo_data: false,
        bind: "127.0.0.1:0".to_owned(),
        base_url: "http://127.0.0.1:0".to_owned(),
        database_url: database_url.to_owned(),
        data_dir: std::env::temp_dir().join(format!("fs-test-data-{}", Uuid::new_v4().simple())),
        site_root: workspace_root().join("target/site"),
        content_dir: workspace_root().join("content"),
        ..Config::default()
    };
    config.mail.backend = MailBackendKind::Memory;
    // Reports read fresh data in tests, which change it between two requests.
    config.reports.cache_seconds = 0;
    // Exact figures: the tests of reports check counts and suppression; the privacy tests
    // switch the noise back on (`noisy`).
    config.privacy.exact_for_tests = true;
    config.mail.poll_interval_seconds = 1;
    config.mail.retry_base_seconds = 1;
    config.mail.retry_max_seconds = 2;
    config
}

pub struct TestApp {
    pub address: String,
    pub config: Config,
    pub ctx: AppContext,
    pub db: DatabaseConnection,
    pub mailbox: Option<MemoryMailbox>,
    pub worker: OutboxWorker,
    pub clock: Clock,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<std::thread::JoinHandle<()>>,
    // Declared last: dropped after the server has been told to stop.
    pub database: std::sync::Arc<TestDatabase>,
}

/// The configured privacy budget instead of exact figures: for the tests of the noise.
pub fn noisy(config: &mut Config) {
    config.privacy.exact_for_tests = false;
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// On a database as the first start for the (changed) configuration's content folder leaves
    /// it (`TestDatabase::prepared`).
    pub async fn spawn_with(change: impl FnOnce(&mut Config)) -> TestApp {
        if std::env::var_os("FS_TEST_LOG").is_some() {
            server::telemetry::init(server::config::LogFormat::Pretty);
        }
        let mut config = test_config("");
        change(&mut config);
        let database = std::sync::Arc::new(TestDatabase::prepared(&config.content_dir).await);
        config.database_url = database.url.clone();
        TestApp::start(database, Clock::manual(start_time()), config)
            .await
            .expect("application starts")
    }

    /// Another instance (or the first) on an existing database.
    pub async fn spawn_on(
        database: std::sync::Arc<TestDatabase>,
        clock: Clock,
        change: impl FnOnce(&mut Config),
    ) -> Result<TestApp, StartupError> {
        if std::env::var_os("FS_TEST_LOG").is_some() {
            server::telemetry::init(server::config::LogFormat::Pretty);
        }
        let mut config = test_config(&database.url);
        change(&mut config);
        TestApp::start(database, clock, config).await
    }

    async fn start(
        database: std::sync::Arc<TestDatabase>,
        clock: Clock,
        config: Config,
    ) -> Result<TestApp, StartupError> {
        // Each instance runs on a runtime of its own in a thread of its own, as a server process
        // would: servers of tests running side by side in one process never share a scheduler.
        let (ready, started) = tokio::sync::oneshot::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = {
            let (config, clock) = (config.clone(), clock.clone());
            std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(async move {
                    match Application::build(config, clock).await {
                        Ok(application) => {
                            let handles = (
                                application.port(),
                                application.base_url(),
                                application.context(),
                                application.db(),
                                application.mailbox(),
                                application.worker(),
                            );
                            if ready.send(Ok(handles)).is_ok() {
                                let _ = application
                                    .run_until(async move {
                                        let _ = stopped.await;
                                    })
                                    .await;
                            }
                        }
                        Err(err) => {
                            let _ = ready.send(Err(err));
                        }
                    }
                });
            })
        };
        let (port, base_url, ctx, db, mailbox, worker) = started.await.expect("server thread")?;
        let address = format!("http://127.0.0.1:{port}");
        // What the instance uses, with the port it bound.
        let mut config = config;
        config.bind = format!("127.0.0.1:{port}");
        config.base_url = base_url;
        Ok(TestApp {
            address,
            config,
            ctx,
            db,
            mailbox,
            worker,
            clock,
            stop: Some(stop),
            server: Some(server),
            database,
        })
    }

    /// Stops the server the way a SIGTERM would and waits for it: afterwards no request is
    /// served and its outbox worker has ended (after finishing the mail it was sending).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let joined = tokio::task::spawn_blocking(move || server.join());
            tokio::time::timeout(Duration::from_secs(90), joined)
                .await
                .expect("the server stops within 90 s")
                .expect("join")
                .expect("the server thread does not panic");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    pub fn client(&self) -> reqwest::Client {
        client_from(None)
    }

    /// A client whose requests leave from another loopback address, i.e. another machine.
    pub fn client_from(&self, address: IpAddr) -> reqwest::Client {
        client_from(Some(address))
    }

    /// Calls a server function the way hydrated JavaScript does: same-origin fetch, form body.
    pub async fn call(
        &self,
        client: &reqwest::Client,
        function: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(&format!("/api/{function}")))
            .header("Origin", &self.address)
            .header("Sec-Fetch-Site", "same-origin")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Posts a form the way a browser without JavaScript does: Accept text/html and a Referer.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
        action: &str,
        referer: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(action))
            .header("Origin", &self.address)
            .header("Sec-Fetch-Site", "same-origin")
            .header("Accept", "text/html,application/xhtml+xml")
            .header("Referer", self.url(referer))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// A page request as a browser sends it.
    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client
            .get(self.url(path))
            .header("Accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("request")
    }

    pub async fn page(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let response = self.get(client, path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// Creates an account with a password directly in the database.
    pub async fn create_user(&self, email: &str, roles: &[Role]) -> Uuid {
        let hash = hash_password(PASSWORD.to_owned()).await.expect("hash");
        let account = create_account(
            &self.db,
            self.clock.now(),
            NewAccount {
                email: Some(email.to_owned()),
                display_name: format!("Person {email}"),
                department_id: None,
                roles: roles.to_vec(),
                locale: Locale::De,
                password_hash: Some(hash),
                is_demo: false,
            },
        )
        .await
        .expect("create user");
        account.id
    }

    /// Logs in with the test password; returns the response of the login server function.
    pub async fn login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.call(client, "login", &[("email", email), ("password", password)])
            .await
    }

    /// A logged-in client for a new account with the given roles.
    pub async fn logged_in(&self, email: &str, roles: &[Role]) -> (reqwest::Client, Uuid) {
        let id = self.create_user(email, roles).await;
        let client = self.client();
        let response = self.login(&client, email, PASSWORD).await;
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "login of {email} failed: {}",
            response.status()
        );
        (client, id)
    }

    /// Delivers every mail that is due, waiting for this instance's background worker if it
    /// holds one: afterwards no due mail is pending.
    pub async fn deliver_mail(&self) {
        use app::db::outbox;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        for _ in 0..200 {
            self.worker.drain().await.expect("outbox drain");
            let due = outbox::Entity::find()
                .filter(outbox::Column::Status.eq(outbox::STATUS_PENDING))
                .filter(outbox::Column::NextAttemptAt.lte(self.clock.now()))
                .count(&self.db)
                .await
                .expect("outbox count");
            if due == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the outbox did not empty within 10 s");
    }

    /// Who the server thinks is logged in on this client.
    pub async fn whoami(&self, client: &reqwest::Client) -> Option<String> {
        let response = self.call(client, "session/info", &[]).await;
        let info: serde_json::Value = response.json().await.expect("session info json");
        info["user"]["email"].as_str().map(str::to_owned)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // The server thread stops on its own once told to; a test does not wait for it.
        self.server.take();
        let _ = std::fs::remove_dir_all(&self.config.data_dir);
    }
}

fn client_from(address: Option<IpAddr>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60));
    if let Some(address) = address {
        builder = builder.local_address(address);
    }
    builder.build().expect("http client")
}

/// The value of the session cookie a response sets, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("fs_session=") || v.starts_with("__Host-fs_session="))
        .map(str::to_owned)
}

/// The error kind of a server function's JSON error body, e.g. `InvalidCredentials`.
pub async fn error_kind(response: reqwest::Response) -> String {
    let body = response.text().await.unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["error"].as_str().map(str::to_owned))
        .unwrap_or(body)
}

/// The first `http…/password/set/<token>` link in a text.
pub fn set_password_path(text: &str) -> Option<String> {
    let start = text.find("/password/set/")?;
    let token: String = text[start + "/password/set/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!token.is_empty()).then(|| format!("/password/set/{token}"))
}

/// Text and HTML parts of a raw RFC 5322 message, decoded.
pub fn mail_bodies(raw: &[u8]) -> (String, String, mailparse::ParsedMail<'_>) {
    let parsed = mailparse::parse_mail(raw).expect("parseable mail");
    let mut text = String::new();
    let mut html = String::new();
    for part in parsed.parts() {
        match part.ctype.mimetype.as_str() {
            "text/plain" => text = part.get_body().unwrap_or_default(),
            "text/html" => html = part.get_body().unwrap_or_default(),
            _ => {}
        }
    }
    (text, html, parsed)
}

/// A real SMTP server (Python's aiosmtpd) on loopback that stores what it receives as a Maildir.
pub struct SmtpServer {
    pub port: u16,
    pub dir: PathBuf,
    child: Option<Child>,
}

impl SmtpServer {
    /// Starts on a port the operating system picks (port 0): no other process can take it
    /// between choosing and binding, as it could with a port probed beforehand.
    pub fn start() -> SmtpServer {
        let dir = std::env::temp_dir().join(format!("fs-smtp-{}", Uuid::new_v4().simple()));
        SmtpServer::start_on(0, dir)
    }

    /// (Re)starts on a given port and directory, e.g. after `stop`; port 0 picks a free one.
    /// Returns once the server accepts connections: it prints its port only after binding.
    pub fn start_on(port: u16, dir: PathBuf) -> SmtpServer {
        use std::io::BufRead;
        // aiosmtpd's Mailbox only creates the Maildir layout for a directory that does not exist
        // yet; create it completely so that a restart on the same directory works too.
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(dir.join(sub)).expect("maildir");
        }
        let python = std::env::var("FS_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let log = dir.with_extension("log");
        let mut child = Command::new(&python)
            .arg(workspace_root().join("tests/tools/smtp_capture.py"))
            .arg(port.to_string())
            .arg(&dir)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("smtp log"))
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start aiosmtpd with {python} (./dev test installs it): {e}")
            });
        let mut line = String::new();
        let stdout = child.stdout.take().expect("smtp server's stdout");
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let Ok(port) = line.trim().parse::<u16>() else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the SMTP server did not start (is aiosmtpd installed in {python}?): {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        };
        SmtpServer {
            port,
            dir,
            child: Some(child),
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message received so far, raw. Each message is stored before the server acknowledges
    /// it, so after `TestApp::deliver_mail` (or once the sending instances have shut down) this is
    /// everything that was sent: tests count on it instead of waiting for more to arrive.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let mut messages = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.dir.join(sub)) {
                for entry in entries.flatten() {
                    if let Ok(raw) = std::fs::read(entry.path()) {
                        messages.push(raw);
                    }
                }
            }
        }
        messages
    }

    /// Points a configuration at this server.
    pub fn configure(&self, config: &mut Config) {
        config.mail.backend = MailBackendKind::Smtp;
        config.mail.smtp.host = Some("127.0.0.1".into());
        config.mail.smtp.port = Some(self.port);
        config.mail.smtp.security = SmtpSecurity::None;
        config.mail.smtp.timeout_seconds = 5;
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
        let _ = std::fs::remove_file(self.dir.with_extension("log"));
    }
}

/// The Message-ID header of a raw message.
pub fn message_id(raw: &[u8]) -> Option<String> {
    let parsed = mailparse::parse_mail(raw).ok()?;
    use mailparse::MailHeaderMap;
    parsed.headers.get_first_value("Message-ID")
}

/// The visible text of a page: tags and scripts removed.
pub fn visible_text(html: &str) -> String {
    let without_scripts = html
        .split("<script")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_owned()
            } else {
                part.split_once("</script>")
                    .map(|(_, rest)| rest.to_owned())
                    .unwrap_or_default()
            }
        })
        .collect::<String>();
    let mut text = String::new();
    let mut in_tag = false;
    for c in without_scripts.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Copies the folder `from` with everything in it to `to` (a scratch copy of a fixture).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
