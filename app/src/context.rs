//! What server functions and server-side rendering need from the running server: database,
//! settings, clock, the outbox wake-up and the features' per-instance parts. Built by the `server`
//! crate and handed to Leptos through context, never through globals. A leaf: it names no feature.
//!
//! Two database handles, chosen explicitly at each call, never routed behind one's back:
//!
//! - `db`, the writer. Everything that writes, every transaction, and every read whose answer
//!   decides a write (read, check, then write) uses it. On SQLite it is a single connection, so
//!   our own transactions never meet "database is locked" from each other.
//! - `read`, for what only reads: the pages' data, the session look-up of every request, the
//!   reports' population and exports. On SQLite it is a pool of several read-only connections to
//!   the same file in WAL mode, so a page view never queues behind a long write (an import, a
//!   report's release): readers see the last commit and never wait for the writer. On
//!   PostgreSQL, and on an in-memory SQLite database that a second pool could not open, it is
//!   the writer's pool itself.
//!
//! The reader never sees uncommitted writes, also not those of the same request: nothing that
//! runs inside a write transaction, or must see what it has just written before committing,
//! reads from it. After a commit a new read sees it (WAL starts every read at the last commit),
//! so a page shown after a form's redirect shows what the form saved.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use chrono::{DateTime, Duration, DurationRound, Utc};
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use crate::error::AppError;

/// Settings the application logic needs; the server derives them from its configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Public base URL without trailing slash, e.g. `https://lernen.musterstadt.de`.
    pub base_url: String,
    /// Cookies get `Secure` and the `__Host-` prefix (true when `base_url` is https).
    pub secure_cookies: bool,
    pub organisation_name: String,
    pub session_idle_timeout: Duration,
    /// The idle timeout of a session on a shared device ("kiosk"): 10 minutes by default.
    pub kiosk_idle_timeout: Duration,
    pub session_absolute_timeout: Duration,
    /// Failed logins per account and address before a lock-out.
    pub login_max_failures: u32,
    /// Failed logins per client address, across accounts, before that address is locked out.
    pub login_max_failures_per_address: u32,
    /// Failures older than this are forgotten.
    pub login_window: Duration,
    /// The first lock-out; every further failure doubles it up to `login_lockout_max`.
    pub login_lockout_base: Duration,
    pub login_lockout_max: Duration,
    pub invitation_valid_for: Duration,
    pub password_reset_valid_for: Duration,
    /// Right-hand side of generated Message-IDs.
    pub mail_domain: String,
    /// Report figures resting on fewer people are hidden.
    pub report_min_group_size: u64,
    /// How long an instance reuses the data behind the reports (0: never).
    pub report_cache_seconds: u64,
    /// Differential privacy of every released figure: ε per count and the release period.
    pub privacy: PrivacyBudget,
}

/// How long a released figure stays the same: within one period every request gets the value
/// drawn first; the next period draws anew (and spends that period's budget).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReleasePeriod {
    Week,
    Month,
    Quarter,
}

/// The privacy budget, in one place: ε for one released count of each figure family per period.
/// Smaller is more private and noisier. `f64::INFINITY` releases exact counts; only tests use it,
/// the server's configuration accepts 0.05 to 10.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrivacyBudget {
    pub period: ReleasePeriod,
    pub heatmap: f64,
    pub gaps: f64,
    pub certification: f64,
    pub trend: f64,
    pub scouts: f64,
    pub public: f64,
    /// Training needs named by staff (`reports::needs`).
    pub needs: f64,
}

impl Default for PrivacyBudget {
    fn default() -> Self {
        PrivacyBudget {
            period: ReleasePeriod::Month,
            heatmap: 1.0,
            gaps: 1.0,
            certification: 1.0,
            trend: 1.0,
            scouts: 1.0,
            public: 0.5,
            needs: 1.0,
        }
    }
}

impl PrivacyBudget {
    /// Exact figures, for tests of everything but the noise.
    pub fn exact() -> Self {
        PrivacyBudget {
            period: ReleasePeriod::Month,
            heatmap: f64::INFINITY,
            gaps: f64::INFINITY,
            certification: f64::INFINITY,
            trend: f64::INFINITY,
            scouts: f64::INFINITY,
            public: f64::INFINITY,
            needs: f64::INFINITY,
        }
    }
}

impl Settings {
    /// Defaults suitable for tests and development; the server overrides them from configuration.
    pub fn for_base_url(base_url: &str) -> Self {
        let base_url = base_url.trim_end_matches('/').to_owned();
        let mail_domain = base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .filter(|host| !host.is_empty())
            .unwrap_or("localhost")
            .to_owned();
        Settings {
            secure_cookies: base_url.starts_with("https://"),
            base_url,
            organisation_name: "Stadt Musterstadt".to_owned(),
            session_idle_timeout: Duration::minutes(30),
            kiosk_idle_timeout: Duration::minutes(10),
            session_absolute_timeout: Duration::hours(10),
            login_max_failures: 5,
            login_max_failures_per_address: 30,
            login_window: Duration::minutes(15),
            login_lockout_base: Duration::minutes(1),
            login_lockout_max: Duration::minutes(30),
            invitation_valid_for: Duration::days(7),
            password_reset_valid_for: Duration::hours(2),
            mail_domain,
            report_min_group_size: 5,
            report_cache_seconds: 60,
            privacy: PrivacyBudget::default(),
        }
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-fs_session"
        } else {
            "fs_session"
        }
    }
}

/// The source of "now". Tests replace it to step through timeouts and expiry without sleeping.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn manual(start: DateTime<Utc>) -> Self {
        Clock::Manual(Arc::new(Mutex::new(start)))
    }

    /// The current time, truncated to microseconds because that is what PostgreSQL stores.
    pub fn now(&self) -> DateTime<Utc> {
        let now = match self {
            Clock::System => Utc::now(),
            Clock::Manual(at) => *at.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        };
        now.duration_trunc(Duration::microseconds(1)).unwrap_or(now)
    }

    /// Moves a manual clock forward; the system clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(at) = self {
            let mut at = at.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *at += by;
        }
    }
}

/// What every feature's logic is given: database, settings, clock, the outbox wake-up, and the
/// parts features keep per instance (the curriculum, caches), found by their type. This module
/// names no feature: a feature provides its part at start (`provide`) or has it made on first use
/// (`part`, from `Default`).
#[derive(Clone)]
pub struct AppContext {
    /// The writer: writes, transactions, and reads that decide a write.
    pub db: DatabaseConnection,
    /// Read-only work outside any transaction (see the module's documentation). The same pool
    /// as `db` unless `with_reader` gave it one of its own.
    pub read: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    /// Wakes the outbox worker of this instance after a commit that queued mail.
    pub mail_wakeup: Arc<Notify>,
    parts: Parts,
}

/// One value per type, shared by every clone of the context.
type Parts = Arc<RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>>;

impl AppContext {
    /// A context whose reads use the writer's connection too; `with_reader` gives them a pool
    /// of their own.
    pub fn new(db: DatabaseConnection, settings: Settings, clock: Clock) -> Self {
        AppContext {
            read: db.clone(),
            db,
            settings: Arc::new(settings),
            clock,
            mail_wakeup: Arc::new(Notify::new()),
            parts: Parts::default(),
        }
    }

    /// Reads go to `read`, a pool of read-only connections to the same database.
    pub fn with_reader(mut self, read: DatabaseConnection) -> Self {
        self.read = read;
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Puts a feature's part in place, replacing the one there was.
    pub fn provide<T: Send + Sync + 'static>(&self, part: Arc<T>) {
        let mut parts = self
            .parts
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        parts.insert(TypeId::of::<T>(), part);
    }

    /// A feature's part: the one provided, or a new `T::default()` kept from now on.
    pub fn part<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let found = {
            let parts = self
                .parts
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            parts.get(&TypeId::of::<T>()).cloned()
        };
        if let Some(part) = found.and_then(|part| part.downcast::<T>().ok()) {
            return part;
        }
        let mut parts = self
            .parts
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = parts
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        match Arc::clone(entry).downcast::<T>() {
            Ok(part) => part,
            // Unreachable: entries are keyed by their own type. Repaired rather than panicking.
            Err(_) => {
                let part = Arc::new(T::default());
                *entry = part.clone();
                part
            }
        }
    }
}

/// The application context inside a server function or during server-side rendering.
pub fn app_context() -> Result<AppContext, AppError> {
    use_context::<AppContext>().ok_or_else(|| {
        tracing::error!("AppContext missing from the Leptos context");
        AppError::Internal
    })
}

/// Sends the browser on to `path` after a server function: a 302 for a plain form post, a
/// redirect header for the hydrated page. `leptos_axum::redirect` panics on a value that cannot
/// be an HTTP header (a newline, say, taken from a form field); here such a target, and any
/// target that is not a path on this site, becomes the start page. The only way the app
/// redirects (clippy's `disallowed-methods` refuses the direct call).
pub fn redirect(path: &str) {
    let target = if path.starts_with('/')
        && !path.starts_with("//")
        && axum::http::HeaderValue::from_str(path).is_ok()
        && !path.bytes().any(|b| b.is_ascii_control() || b == b'\\')
    {
        path
    } else {
        tracing::warn!("redirect target refused");
        "/"
    };
    #[allow(clippy::disallowed_methods)]
    leptos_axum::redirect(target);
}

/// Sends the browser to `url` on another site after a server function: only for an address that
/// the configuration names (the OpenID provider's end-session endpoint); a local path goes
/// through `redirect`.
pub fn redirect_anywhere(url: &str) {
    let external = (url.starts_with("https://") || url.starts_with("http://"))
        && axum::http::HeaderValue::from_str(url).is_ok()
        && !url.bytes().any(|b| b.is_ascii_control() || b == b'\\');
    if external {
        #[allow(clippy::disallowed_methods)]
        leptos_axum::redirect(url);
    } else {
        redirect(url);
    }
}
