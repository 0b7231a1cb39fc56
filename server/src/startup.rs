//! Building and running the application: database, migrations, demo data, mail, the outbox
//! worker and the HTTP server. Tests build the same `Application` on port 0.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::context::{AppContext, Clock};
use axum::Router;
use leptos::config::LeptosOptions;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::{Config, ConfigError, Profile};
use crate::demo;
use crate::email::{MailTransport, MemoryMailbox, OutboxWorker, WorkerSettings};
pub use crate::http::router::router;
pub use crate::http::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("database {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("cannot create data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error(transparent)]
    Mail(#[from] crate::email::TransportError),
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
    #[error(
        "this database contains demo accounts, and the production profile refuses to run with them. \
         Remove them with `fuehrerschein demo remove` or use a fresh database."
    )]
    DemoAccountsInProduction,
    #[error("the issuer key for the digital credentials could not be created or read")]
    IssuerKey,
    #[error("creating the demo data failed: {0}")]
    Demo(String),
    #[error(
        "site_root = {root} lacks the browser bundle ({missing}): every page would be served \
         without its style sheet and JavaScript. Build it with `./dev site` (it writes \
         target/site; `./dev run` does it too) and start from the folder that holds target/, or \
         set site_root to where the built bundle is."
    )]
    SiteMissing { root: String, missing: String },
    #[error("the curriculum in {dir} has {count} problem(s):\n{list}")]
    Content {
        dir: String,
        count: usize,
        list: String,
    },
}

/// Connects the writer and applies the migrations. SQLite gets WAL and a single connection:
/// SQLite has one writer anyway, and a single connection rules out "database is locked" when two
/// transactions both read and then write. Reads that need no transaction go to the pool that
/// `connect_reader` opens. Several instances need PostgreSQL.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, StartupError> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| StartupError::DataDir(config.data_dir.display().to_string(), e))?;
        if let Some(path) = sqlite_file(&config.database_url)
            && let Some(parent) = std::path::Path::new(&path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| StartupError::DataDir(parent.display().to_string(), e))?;
        }
    }
    let mut options = ConnectOptions::new(config.database_url.clone());
    // Statements carry values such as email addresses: they stay out of the logs.
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if config.is_sqlite() {
        options.max_connections(1).min_connections(1);
    } else {
        options.max_connections(20).min_connections(1);
    }
    let db = Database::connect(options).await?;
    if config.is_sqlite() {
        db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
        db.execute_unprepared("PRAGMA busy_timeout = 10000").await?;
        db.execute_unprepared("PRAGMA foreign_keys = ON").await?;
    }
    migrate(&db).await?;
    Ok(db)
}

/// Any number, the same in every instance: the PostgreSQL advisory lock under which migrations
/// run.
const MIGRATION_LOCK: i64 = 0x4675_6568_7265_7273;

/// Applies the migrations. On PostgreSQL under an advisory lock held by a transaction of its
/// own: instances started together on a fresh database take turns (the second finds the work
/// done) instead of racing each other into duplicate keys. SQLite has one writer anyway.
async fn migrate(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    if db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let lock = db.begin().await?;
    lock.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    let migrated = Migrator::up(db, None).await;
    // Committing ends the transaction and with it the lock, also after a failed migration.
    lock.commit().await?;
    migrated
}

/// Read-only connections on SQLite: enough for the page views of one instance, each one a thread
/// of SQLite's own (reads are CPU work in this process).
pub const SQLITE_READ_CONNECTIONS: u32 = 4;

/// The pool for reads (`AppContext::read`), opened after `connect` has put the file into WAL mode
/// and migrated it. On SQLite: `SQLITE_READ_CONNECTIONS` connections to the same file that refuse
/// to write (`query_only`), so a page view reads the last commit while the writer holds a long
/// transaction, instead of queueing for the writer's one connection. On PostgreSQL, whose pool
/// serves both, and on an in-memory SQLite database (a second pool would open another, empty
/// database), the writer itself.
pub async fn connect_reader(
    config: &Config,
    writer: &DatabaseConnection,
) -> Result<DatabaseConnection, StartupError> {
    if !config.is_sqlite() || sqlite_in_memory(&config.database_url) {
        return Ok(writer.clone());
    }
    let mut options = ConnectOptions::new(config.database_url.clone());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .max_connections(SQLITE_READ_CONNECTIONS)
        .min_connections(1)
        // Set on every connection of the pool as it opens (a PRAGMA sent through the pool would
        // reach one connection only). The journal mode is left alone: WAL is the file's own,
        // and switching it needs an exclusive lock.
        .map_sqlx_sqlite_opts(|opts| {
            opts.create_if_missing(false)
                .pragma("query_only", "ON")
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    Ok(Database::connect(options).await?)
}

/// `sqlite::memory:`, `sqlite://:memory:` or `…?mode=memory`: a database that lives in its
/// connection and that no second pool can reach.
pub(crate) fn sqlite_in_memory(url: &str) -> bool {
    sqlite_file(url).is_none()
        || url
            .split_once('?')
            .is_some_and(|(_, query)| query.split('&').any(|p| p == "mode=memory"))
}

/// Loads and checks the curriculum; every problem is reported, as `file:line: message`.
pub fn load_content(config: &Config) -> Result<Arc<app::content::ContentStore>, StartupError> {
    app::content::load(&config.content_dir)
        .inspect(|store| {
            if !store.lints.is_empty() {
                tracing::warn!(
                    findings = store.lints.len(),
                    "some quizzes would not prove competence; `fuehrerschein content check` lists them"
                );
            }
        })
        .map(Arc::new)
        .map_err(|problems| StartupError::Content {
            dir: config.content_dir.display().to_string(),
            count: problems.len(),
            list: problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        })
}

/// Brings the shipped modules into the database (`authoring`) and loads the published
/// curriculum from there: what every instance serves, the city's own changes included.
pub async fn curriculum_from_database(
    config: &Config,
    db: &DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Arc<app::content::ContentStore>, StartupError> {
    let content_error = |list: Vec<String>| StartupError::Content {
        dir: config.content_dir.display().to_string(),
        count: list.len(),
        list: list.join("\n"),
    };
    app::authoring::server::update_from_folder(db, &config.content_dir, now)
        .await
        .map_err(|err| match err {
            app::authoring::server::UpdateError::Db(err) => StartupError::Database(err),
            app::authoring::server::UpdateError::Folder(message) => content_error(vec![message]),
        })?;
    app::authoring::server::load_published(db, &config.content_dir)
        .await
        .map(Arc::new)
        .map_err(|err| match err {
            app::authoring::server::LoadError::Db(err) => StartupError::Database(err),
            app::authoring::server::LoadError::Content(problems) => {
                content_error(problems.iter().map(|p| p.to_string()).collect())
            }
        })
}

/// Loads and checks the help page's questions (`help/faq.toml` in the content folder), as the
/// curriculum: every problem is reported.
pub fn load_help(config: &Config) -> Result<Arc<app::help::server::HelpContent>, StartupError> {
    app::help::server::load(&config.content_dir)
        .map(Arc::new)
        .map_err(|problems| StartupError::Content {
            dir: config.content_dir.display().to_string(),
            count: problems.len(),
            list: problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        })
}

/// The files of the browser bundle in `site_root` that pages link to: the style sheet, and the
/// loader and WebAssembly module of the islands (`./dev site` builds them).
pub const SITE_FILES: [&str; 3] = [
    "pkg/fuehrerschein.css",
    "pkg/fuehrerschein.js",
    "pkg/fuehrerschein_bg.wasm",
];

/// Checks at start that `site_root` holds the built bundle. Without it the server would serve
/// every page unstyled and without JavaScript, and say nothing: the production profile refuses
/// to start; in development the start goes on (work on the server alone, which needs no
/// browser) with the same words logged as a warning.
pub fn check_site_root(config: &Config) -> Result<(), StartupError> {
    let missing: Vec<&str> = SITE_FILES
        .iter()
        .copied()
        .filter(|file| !config.site_root.join(file).is_file())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let problem = StartupError::SiteMissing {
        root: config.site_root.display().to_string(),
        missing: missing.join(", "),
    };
    match config.profile {
        Profile::Production => Err(problem),
        Profile::Development => {
            tracing::warn!("{problem}");
            Ok(())
        }
    }
}

fn sqlite_file(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    ctx: AppContext,
    worker: OutboxWorker,
    mailbox: Option<MemoryMailbox>,
    demo_seeded: bool,
}

impl Application {
    /// Everything up to a bound listener; nothing is served yet.
    pub async fn build(mut config: Config, clock: Clock) -> Result<Application, StartupError> {
        config.validate()?;
        // Bound first: with `bind` on port 0 the system picks a free port, and a base URL on
        // port 0 takes that port before anything (links, the credential issuer, the origin
        // check) is derived from it. Nobody can take the port between choosing and binding.
        let bind = config.bind_addr()?;
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|e| StartupError::Bind(config.bind.clone(), e))?;
        let address = listener
            .local_addr()
            .map_err(|e| StartupError::Bind(config.bind.clone(), e))?;
        config.take_bound_port(address.port());
        // The shipped folder must pass the checks before any of it reaches the database.
        load_content(&config)?;
        let help = load_help(&config)?;
        let db = connect(&config).await?;
        let content = curriculum_from_database(&config, &db, clock.now()).await?;
        let demo_seeded = match config.profile {
            Profile::Production => {
                if demo::has_demo_accounts(&db).await? {
                    return Err(StartupError::DemoAccountsInProduction);
                }
                false
            }
            Profile::Development if config.demo_data => {
                demo::seed_if_empty(&db, &content, clock.now())
                    .await
                    .map_err(|e| StartupError::Demo(e.to_string()))?
            }
            Profile::Development => false,
        };
        // The reports' per-person summaries, rebuilt once after the migration that adds them or
        // after the content changed a refresh interval.
        app::reports::summary::ensure_current(&db, &content.certificates.refresh).await?;
        // The item statistics' running sums, rebuilt from the stored attempts once after the
        // migration that adds them (and so after the demo's simulated cohort).
        app::quiz::statistics::ensure_rebuilt(
            &db,
            &content,
            clock.now(),
            config.retention.quiz_attempts_days,
        )
        .await?;
        // The search index of exactly these texts, written once whichever instance starts first.
        let search_index = app::search::server::build(&db, &content, &help, clock.now()).await?;

        let issuer_key = app::certificate::credential::issuer_key(&db, clock.now())
            .await
            .map(Arc::new)
            .map_err(|_| StartupError::IssuerKey)?;

        let transport = MailTransport::from_config(&config)?;
        let mailbox = transport.memory();
        let read = connect_reader(&config, &db).await?;
        let ctx =
            AppContext::new(db.clone(), config.app_settings(), clock.clone()).with_reader(read);
        ctx.provide(content);
        ctx.provide(help);
        ctx.provide(Arc::new(config.help.clone()));
        ctx.provide(Arc::new(search_index));
        ctx.provide(config.sign_in().shared());
        ctx.provide(Arc::new(config.retention));
        // The bundle's files under content-hashed names, for the pages and `/pkg`.
        ctx.provide(Arc::new(app::shell::assets::Assets::from_dir(
            &config.site_root.join("pkg"),
            "fuehrerschein",
        )));
        let from = config.mail.from.parse().map_err(|e| ConfigError::Invalid {
            key: "mail.from",
            message: format!("{e}"),
        })?;
        let worker = OutboxWorker::new(
            ctx.clone(),
            Arc::new(transport),
            from,
            WorkerSettings::from_config(&config),
        );

        let leptos_options = LeptosOptions::builder()
            .output_name("fuehrerschein")
            .site_root(config.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        let base_origin = {
            let url = url::Url::parse(&config.base_url).map_err(|e| ConfigError::Invalid {
                key: "base_url",
                message: e.to_string(),
            })?;
            url.origin().ascii_serialization()
        };
        let state = AppState::new(crate::http::state::EdgeState {
            leptos_options: leptos_options.clone(),
            ctx: ctx.clone(),
            base_origin,
            trusted_proxies: config.proxies_trusted(),
            content_dir: config.content_dir.clone(),
            form_error_key: crate::http::form_errors::FormErrorKey::new(
                issuer_key.derive_secret("form-errors"),
            ),
            issuer_key,
        });
        let router = router(state);
        Ok(Application {
            listener,
            router,
            ctx,
            worker,
            mailbox,
            demo_seeded,
        })
    }

    /// The base URL in use: as configured, with the bound port where it named port 0.
    pub fn base_url(&self) -> String {
        self.ctx.settings.base_url.clone()
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    pub fn context(&self) -> AppContext {
        self.ctx.clone()
    }

    /// The route table with its middleware, to serve requests in-process (the render benchmark).
    pub fn router(&self) -> axum::Router {
        self.router.clone()
    }

    pub fn db(&self) -> DatabaseConnection {
        self.ctx.db.clone()
    }

    /// The in-memory mailbox when `mail.backend = "memory"`.
    pub fn mailbox(&self) -> Option<MemoryMailbox> {
        self.mailbox.clone()
    }

    /// A handle on this instance's outbox worker, e.g. to drain it in a test.
    pub fn worker(&self) -> OutboxWorker {
        self.worker.clone()
    }

    pub fn demo_seeded(&self) -> bool {
        self.demo_seeded
    }

    /// Serves until Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `signal` completes, then stops taking requests, lets running requests end
    /// and lets the outbox worker finish the mail it is sending.
    pub async fn run_until(
        self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop_worker, worker_stop) = watch::channel(false);
        let reminders = tokio::spawn(run_reminders(self.ctx.clone(), worker_stop.clone()));
        // A publication on another instance reaches this one within seconds.
        let curriculum = tokio::spawn(app::authoring::server::watch(
            self.ctx.clone(),
            worker_stop.clone(),
        ));
        let worker = tokio::spawn(self.worker.run(worker_stop));
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(signal)
            .await;
        tracing::info!("HTTP server stopped; waiting for the outbox worker");
        let _ = stop_worker.send(true);
        let _ = reminders.await;
        let _ = curriculum.await;
        if tokio::time::timeout(Duration::from_secs(60), worker)
            .await
            .is_err()
        {
            tracing::warn!("outbox worker did not stop within 60 s");
        }
        served
    }
}

/// How often each instance looks for certificates whose reminder mail is due and for help
/// requests unanswered for three working days. Both are counted in days; each reminder goes out
/// once and each request moves once, whichever instance finds it first.
const REMINDER_INTERVAL: Duration = Duration::from_secs(3600);

async fn run_reminders(ctx: AppContext, mut stop: watch::Receiver<bool>) {
    // Names this instance in the daily jobs' record.
    let instance = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4());
    loop {
        match app::certificate::server::send_due_reminders(&ctx).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "certificate reminders queued"),
            Err(err) => {
                tracing::warn!(error = %err, "certificate reminders failed; retrying later")
            }
        }
        match app::scouts::newsletter::send_due(&ctx).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "monthly newsletter queued"),
            Err(err) => tracing::warn!(error = %err, "newsletter failed; retrying later"),
        }
        match app::scouts::meetings::server::send_session_reminders(&ctx).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "office hour reminders queued"),
            Err(err) => {
                tracing::warn!(error = %err, "office hour reminders failed; retrying later")
            }
        }
        // Once a day across all instances; the other rounds of the day find it done.
        match app::personal_data::server::retention::run_daily(&ctx, &instance).await {
            Ok(Some(report)) => tracing::info!(?report, "retention applied"),
            Ok(None) => {}
            Err(err) => tracing::warn!(error = %err, "retention failed; retrying later"),
        }
        // One reminder per article and due date, whichever instance finds it first.
        match app::knowledge::server::send_due_reminders(&ctx).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "knowledge re-check reminders queued"),
            Err(err) => {
                tracing::warn!(error = %err, "knowledge re-check reminders failed; retrying later")
            }
        }
        match app::scouts::server::pass_overdue_requests(&ctx).await {
            Ok(0) => {}
            Ok(passed) => tracing::info!(passed, "unanswered help requests passed on"),
            Err(err) => {
                tracing::warn!(error = %err, "passing on help requests failed; retrying later")
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(REMINDER_INTERVAL) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutdown requested");
}

#[cfg(test)]
mod tests {
    use super::sqlite_in_memory;

    #[test]
    fn only_a_database_file_gets_a_pool_of_readers() {
        for url in [
            "sqlite::memory:",
            "sqlite://:memory:",
            "sqlite:",
            "sqlite://file:shared?mode=memory&cache=shared",
        ] {
            assert!(sqlite_in_memory(url), "{url}");
        }
        for url in [
            "sqlite://data/fuehrerschein.db?mode=rwc",
            "sqlite:/var/lib/fs/fs.db",
            "sqlite://x.db?cache=shared&mode=rwc",
        ] {
            assert!(!sqlite_in_memory(url), "{url}");
        }
    }
}
