//! Configuration: built-in defaults, then an optional TOML file, then environment variables
//! (`FUEHRERSCHEIN_<KEY>`, nested keys joined by `__`, plus the conventional `DATABASE_URL`).
//! Every value is checked before anything starts; a wrong or missing value stops the start with
//! a message that names the key. `fuehrerschein.example.toml` documents every key.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

pub const ENV_PREFIX: &str = "FUEHRERSCHEIN_";
/// The database unless one is configured: a SQLite file in `data_dir` (the default's form).
const DEFAULT_DATABASE_URL: &str = "sqlite://data/fuehrerschein.db?mode=rwc";
pub const DEFAULT_CONFIG_FILE: &str = "fuehrerschein.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Parse(String),
    #[error("configuration key `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
}

fn invalid(key: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        message: message.into(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Demo municipality and demo accounts on an empty database, mail into files.
    Development,
    /// No demo data; refuses to start if demo accounts exist.
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailBackendKind {
    Smtp,
    File,
    Memory,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (usually port 587).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption: only for a relay on the same host or in tests.
    None,
}

/// A secret that never appears in logs or debug output.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub profile: Profile,
    /// Create the demo municipality on an empty database (development profile only).
    pub demo_data: bool,
    /// Address and port the HTTP server listens on.
    pub bind: String,
    /// Public address of the platform, used in links in mails and for cookie security.
    pub base_url: String,
    pub database_url: String,
    /// Where SQLite, mail files and keys live.
    pub data_dir: PathBuf,
    /// The built browser bundle (JavaScript, WebAssembly, CSS) and static files.
    pub site_root: PathBuf,
    /// The curriculum: competences, modules, lessons, quizzes.
    pub content_dir: PathBuf,
    pub organisation_name: String,
    pub log_format: LogFormat,
    /// Take the client address from `X-Forwarded-For` (only behind a reverse proxy you run).
    /// The same as `trusted_proxies = 1` when that is not set.
    pub trust_forwarded_for: bool,
    /// How many reverse proxies of your own stand before the platform, each appending the
    /// address it saw to `X-Forwarded-For`. The client address is the entry that the outermost
    /// of them added (counted from the right); entries further left were written by the client
    /// and are ignored. 0: use the connection's address.
    pub trusted_proxies: u8,
    pub session: SessionConfig,
    pub login: LoginConfig,
    pub mail: MailConfig,
    pub reports: ReportsConfig,
    pub privacy: PrivacyConfig,
    /// Signing in with the city's accounts: an OpenID provider, a directory, or both.
    pub sign_in: SignInSection,
    /// How many days each kind of personal data is kept (see the README, "Retention").
    pub retention: RetentionConfig,
    /// Whom people can ask about the platform, shown on the help page.
    pub help: app::help::server::HelpContact,
}

/// `[retention]`: days per kind of data (the application's rules, read as they are); the
/// daily job deletes what is older.
pub type RetentionConfig = app::personal_data::server::RetentionRules;

/// Every period lies between a day and a hundred years.
fn check_retention(r: &RetentionConfig) -> Result<(), ConfigError> {
    let periods = [
        ("retention.quiz_attempts_days", r.quiz_attempts_days),
        ("retention.evidence_days", r.evidence_days),
        ("retention.certificates_days", r.certificates_days),
        ("retention.help_requests_days", r.help_requests_days),
        ("retention.audit_log_days", r.audit_log_days),
        ("retention.mail_days", r.mail_days),
        ("retention.notices_days", r.notices_days),
        ("retention.employee_imports_days", r.employee_imports_days),
        ("retention.data_requests_days", r.data_requests_days),
        (
            "retention.deactivated_people_days",
            r.deactivated_people_days,
        ),
    ];
    for (key, days) in periods {
        if !(1..=36_500).contains(&days) {
            return Err(invalid(key, "must be between 1 and 36500 days"));
        }
    }
    Ok(())
}

/// `[sign_in.oidc]` and `[sign_in.ldap]` (see `fuehrerschein.example.toml` and the README).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignInSection {
    pub oidc: app::auth::server::OidcConfig,
    pub ldap: app::auth::server::LdapConfig,
    /// The idle timeout of a session on a shared device.
    pub kiosk_idle_minutes: u32,
}

/// The privacy budget of the reports, in one place (see `app::privacy`): ε for one released
/// count of each report type, and how long released figures stay the same. Agree it with the
/// staff council; the auditor page `/privacy` explains it in plain German.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConfig {
    /// `week`, `month` or `quarter`.
    pub period: String,
    pub heatmap: f64,
    pub gaps: f64,
    pub certification: f64,
    pub trend: f64,
    pub scouts: f64,
    pub public: f64,
    pub needs: f64,
    /// Exact figures without noise, for tests of everything but the noise. No configuration
    /// file or environment variable can set it.
    #[serde(skip)]
    pub exact_for_tests: bool,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        let budget = app::context::PrivacyBudget::default();
        PrivacyConfig {
            period: "month".into(),
            heatmap: budget.heatmap,
            gaps: budget.gaps,
            certification: budget.certification,
            trend: budget.trend,
            scouts: budget.scouts,
            public: budget.public,
            needs: budget.needs,
            exact_for_tests: false,
        }
    }
}

impl PrivacyConfig {
    /// The smallest and largest ε accepted: below, figures would be noise; above, the
    /// guarantee would be empty.
    pub const EPSILON_RANGE: std::ops::RangeInclusive<f64> = 0.05..=10.0;

    fn period(&self) -> Option<app::context::ReleasePeriod> {
        use app::context::ReleasePeriod;
        match self.period.trim() {
            "week" => Some(ReleasePeriod::Week),
            "month" => Some(ReleasePeriod::Month),
            "quarter" => Some(ReleasePeriod::Quarter),
            _ => None,
        }
    }

    fn epsilons(&self) -> [(&'static str, f64); 7] {
        [
            ("privacy.heatmap", self.heatmap),
            ("privacy.gaps", self.gaps),
            ("privacy.certification", self.certification),
            ("privacy.trend", self.trend),
            ("privacy.scouts", self.scouts),
            ("privacy.public", self.public),
            ("privacy.needs", self.needs),
        ]
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportsConfig {
    /// Figures resting on fewer people are hidden (k-anonymity). At least 3; 5 by default, as
    /// staff councils usually agree.
    pub min_group_size: u32,
    /// Seconds an instance reuses the data behind the reports before reading it again. The
    /// pages say as of when their figures are.
    pub cache_seconds: u32,
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            min_group_size: 5,
            cache_seconds: 60,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionConfig {
    pub idle_timeout_minutes: u32,
    pub absolute_timeout_hours: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoginConfig {
    pub max_failures: u32,
    /// Failed logins from one client address, whatever the accounts, before that address is
    /// locked out too (password spraying: one password tried on many accounts).
    pub max_failures_per_address: u32,
    pub window_minutes: u32,
    pub lockout_base_minutes: u32,
    pub lockout_max_minutes: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    pub backend: MailBackendKind,
    pub from: String,
    pub file_dir: Option<PathBuf>,
    pub poll_interval_seconds: u32,
    pub retry_base_seconds: u32,
    pub retry_max_seconds: u32,
    pub max_attempts: u32,
    /// How long a worker may hold a mail before another instance may take it over.
    pub lease_seconds: u32,
    pub smtp: SmtpConfig,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub timeout_seconds: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            profile: Profile::Development,
            demo_data: true,
            bind: "127.0.0.1:3000".into(),
            base_url: "http://127.0.0.1:3000".into(),
            database_url: DEFAULT_DATABASE_URL.into(),
            data_dir: PathBuf::from("data"),
            site_root: PathBuf::from("target/site"),
            content_dir: PathBuf::from("content"),
            organisation_name: "Stadt Musterstadt".into(),
            log_format: LogFormat::Pretty,
            trust_forwarded_for: false,
            trusted_proxies: 0,
            session: SessionConfig::default(),
            login: LoginConfig::default(),
            mail: MailConfig::default(),
            reports: ReportsConfig::default(),
            privacy: PrivacyConfig::default(),
            sign_in: SignInSection {
                kiosk_idle_minutes: 10,
                ..SignInSection::default()
            },
            retention: RetentionConfig::default(),
            help: app::help::server::HelpContact::default(),
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            idle_timeout_minutes: 30,
            absolute_timeout_hours: 10,
        }
    }
}

impl Default for LoginConfig {
    fn default() -> Self {
        LoginConfig {
            max_failures: 5,
            max_failures_per_address: 30,
            window_minutes: 15,
            lockout_base_minutes: 1,
            lockout_max_minutes: 30,
        }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            backend: MailBackendKind::File,
            from: "Digitaler Führerschein <noreply@musterstadt.example>".into(),
            file_dir: None,
            poll_interval_seconds: 5,
            retry_base_seconds: 30,
            retry_max_seconds: 3600,
            max_attempts: 12,
            lease_seconds: 300,
            smtp: SmtpConfig::default(),
        }
    }
}

impl Default for SmtpConfig {
    fn default() -> Self {
        SmtpConfig {
            host: None,
            port: None,
            security: SmtpSecurity::Starttls,
            username: None,
            password: None,
            timeout_seconds: 30,
        }
    }
}

impl Config {
    /// Loads defaults, the file (if given, or `fuehrerschein.toml` if present) and the
    /// environment, then validates.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.to_owned())),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => {
                figment = figment.merge(Toml::file_exact(DEFAULT_CONFIG_FILE))
            }
            None => {}
        }
        figment = figment
            .merge(
                // FUEHRERSCHEIN_CONFIG names the file (`--config`); it is no key of the
                // configuration. `ignore` compares without case, as figment keeps the
                // variable's upper case until later (a plain `!= "config"` let it through).
                Env::prefixed(ENV_PREFIX).split("__").ignore(&["config"]),
            )
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database_url".into()),
            );
        let mut config: Config = figment
            .extract()
            .map_err(|err| ConfigError::Parse(describe(err)))?;
        config.place_database_in_data_dir();
        config.validate()?;
        Ok(config)
    }

    /// Without a configured database the SQLite file lives in `data_dir`, as the README says:
    /// moving `data_dir` moves the database with the mail files and keys.
    fn place_database_in_data_dir(&mut self) {
        if self.database_url == DEFAULT_DATABASE_URL {
            self.database_url = format!(
                "sqlite://{}/fuehrerschein.db?mode=rwc",
                self.data_dir.display()
            );
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.bind_addr()?;
        // Refused, not quietly raised: whoever wrote 2 must learn that it does not hold.
        if self.reports.min_group_size < 3 {
            return Err(invalid(
                "reports.min_group_size",
                "must be at least 3: below, a figure together with what a person knows of \
                 themselves singles out someone else",
            ));
        }
        self.sign_in
            .oidc
            .check()
            .map_err(|(key, message)| invalid(key, message))?;
        self.sign_in
            .ldap
            .check()
            .map_err(|(key, message)| invalid(key, message))?;
        if !(1..=60).contains(&self.sign_in.kiosk_idle_minutes) {
            return Err(invalid(
                "sign_in.kiosk_idle_minutes",
                "must be between 1 and 60",
            ));
        }
        let base = url::Url::parse(&self.base_url)
            .map_err(|e| invalid("base_url", format!("not a URL: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(invalid(
                "base_url",
                "must start with http:// or https:// and name a host",
            ));
        }
        if base.path() != "/" && !base.path().is_empty() {
            return Err(invalid(
                "base_url",
                "must not contain a path; the platform runs at the root of its host",
            ));
        }
        if !(self.database_url.starts_with("sqlite:")
            || self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://"))
        {
            return Err(invalid(
                "database_url",
                "must start with sqlite: or postgres://",
            ));
        }
        check_retention(&self.retention)?;
        self.help
            .check()
            .map_err(|(key, message)| invalid(key, message))?;
        if self.privacy.period().is_none() {
            return Err(invalid("privacy.period", "must be week, month or quarter"));
        }
        for (key, epsilon) in self.privacy.epsilons() {
            if !PrivacyConfig::EPSILON_RANGE.contains(&epsilon) {
                return Err(invalid(key, "must be between 0.05 and 10"));
            }
        }
        if self.trusted_proxies > 10 {
            return Err(invalid("trusted_proxies", "must be between 0 and 10"));
        }
        if self.organisation_name.trim().is_empty() {
            return Err(invalid("organisation_name", "must not be empty"));
        }
        if self.session.idle_timeout_minutes == 0 {
            return Err(invalid(
                "session.idle_timeout_minutes",
                "must be at least 1",
            ));
        }
        if self.session.absolute_timeout_hours == 0 {
            return Err(invalid(
                "session.absolute_timeout_hours",
                "must be at least 1",
            ));
        }
        if (self.session.idle_timeout_minutes as u64)
            > (self.session.absolute_timeout_hours as u64) * 60
        {
            return Err(invalid(
                "session.idle_timeout_minutes",
                "must not exceed session.absolute_timeout_hours",
            ));
        }
        if self.login.max_failures_per_address < self.login.max_failures {
            return Err(invalid(
                "login.max_failures_per_address",
                "must be at least login.max_failures",
            ));
        }
        if self.login.max_failures == 0 {
            return Err(invalid("login.max_failures", "must be at least 1"));
        }
        if self.login.lockout_base_minutes == 0
            || self.login.lockout_max_minutes < self.login.lockout_base_minutes
        {
            return Err(invalid(
                "login.lockout_max_minutes",
                "must be at least login.lockout_base_minutes, which must be at least 1",
            ));
        }
        self.mail
            .from
            .parse::<Mailbox>()
            .map_err(|e| invalid("mail.from", format!("not a mail address: {e}")))?;
        if self.mail.max_attempts == 0 {
            return Err(invalid("mail.max_attempts", "must be at least 1"));
        }
        if self.mail.lease_seconds < 10 {
            return Err(invalid("mail.lease_seconds", "must be at least 10"));
        }
        if self.mail.backend == MailBackendKind::Smtp {
            match &self.mail.smtp.host {
                Some(host) if !host.trim().is_empty() => {}
                _ => {
                    return Err(invalid(
                        "mail.smtp.host",
                        "is required when mail.backend = \"smtp\"",
                    ));
                }
            }
            if self.mail.smtp.username.is_some() != self.mail.smtp.password.is_some() {
                return Err(invalid(
                    "mail.smtp.password",
                    "username and password must be given together",
                ));
            }
        }
        if self.profile == Profile::Production && self.mail.backend == MailBackendKind::Memory {
            return Err(invalid(
                "mail.backend",
                "\"memory\" loses every mail; use \"smtp\" or \"file\" in production",
            ));
        }
        Ok(())
    }

    pub fn bind_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.bind
            .parse()
            .map_err(|e| invalid("bind", format!("not an address:port: {e}")))
    }

    /// After binding: a `bind` or `base_url` on port 0 names the port the system picked.
    pub fn take_bound_port(&mut self, port: u16) {
        if let Ok(mut addr) = self.bind_addr()
            && addr.port() == 0
        {
            addr.set_port(port);
            self.bind = addr.to_string();
        }
        if let Ok(mut url) = url::Url::parse(&self.base_url)
            && url.port() == Some(0)
            && url.set_port(Some(port)).is_ok()
        {
            self.base_url = url.as_str().trim_end_matches('/').to_owned();
        }
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.mail
            .file_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("mail"))
    }

    /// The settings the application logic needs.
    /// The number of proxies whose `X-Forwarded-For` entries are believed.
    pub fn proxies_trusted(&self) -> usize {
        match (self.trusted_proxies, self.trust_forwarded_for) {
            (0, true) => 1,
            (n, _) => usize::from(n),
        }
    }

    /// The ways of signing in, for the application context.
    pub fn sign_in(&self) -> app::auth::server::SignInConfig {
        app::auth::server::SignInConfig {
            oidc: self.sign_in.oidc.clone(),
            ldap: self.sign_in.ldap.clone(),
        }
    }

    pub fn app_settings(&self) -> app::context::Settings {
        use chrono::Duration;
        let mut settings = app::context::Settings::for_base_url(&self.base_url);
        settings.organisation_name = self.organisation_name.clone();
        settings.session_idle_timeout = Duration::minutes(self.session.idle_timeout_minutes.into());
        settings.kiosk_idle_timeout = Duration::minutes(self.sign_in.kiosk_idle_minutes.into());
        settings.session_absolute_timeout =
            Duration::hours(self.session.absolute_timeout_hours.into());
        settings.login_max_failures = self.login.max_failures;
        settings.login_max_failures_per_address = self.login.max_failures_per_address;
        settings.login_window = Duration::minutes(self.login.window_minutes.into());
        settings.login_lockout_base = Duration::minutes(self.login.lockout_base_minutes.into());
        settings.login_lockout_max = Duration::minutes(self.login.lockout_max_minutes.into());
        // Below 3 a figure and the person's own knowledge would single out the other one.
        settings.report_min_group_size = u64::from(self.reports.min_group_size);
        settings.report_cache_seconds = u64::from(self.reports.cache_seconds);
        let period = self
            .privacy
            .period()
            .unwrap_or(app::context::ReleasePeriod::Month);
        settings.privacy = if self.privacy.exact_for_tests {
            app::context::PrivacyBudget {
                period,
                ..app::context::PrivacyBudget::exact()
            }
        } else {
            app::context::PrivacyBudget {
                period,
                heatmap: self.privacy.heatmap,
                gaps: self.privacy.gaps,
                certification: self.privacy.certification,
                trend: self.privacy.trend,
                scouts: self.privacy.scouts,
                public: self.privacy.public,
                needs: self.privacy.needs,
            }
        };
        settings
    }
}

/// Figment's messages name the key and where the value came from; keep them, one per line.
fn describe(err: figment::Error) -> String {
    err.into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let source = e
                .metadata
                .as_ref()
                .map(|m| m.name.to_string())
                .unwrap_or_default();
            let kind = e.kind.to_string();
            match (key.is_empty(), source.is_empty()) {
                (true, _) => kind,
                (false, true) => format!("key `{key}`: {kind}"),
                (false, false) => format!("key `{key}` (from {source}): {kind}"),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(Config::default().validate().is_ok());
    }

    type Change = Box<dyn Fn(&mut Config)>;

    #[test]
    fn invalid_values_name_their_key() {
        let cases: Vec<(&str, Change)> = vec![
            ("bind", Box::new(|c| c.bind = "localhost".into())),
            (
                "retention.mail_days",
                Box::new(|c| c.retention.mail_days = 0),
            ),
            (
                "retention.deactivated_people_days",
                Box::new(|c| c.retention.deactivated_people_days = 40_000),
            ),
            ("base_url", Box::new(|c| c.base_url = "ftp://x".into())),
            (
                "base_url",
                Box::new(|c| c.base_url = "https://x.de/lernen".into()),
            ),
            (
                "database_url",
                Box::new(|c| c.database_url = "mysql://x".into()),
            ),
            (
                "session.idle_timeout_minutes",
                Box::new(|c| c.session.idle_timeout_minutes = 0),
            ),
            ("mail.from", Box::new(|c| c.mail.from = "nobody".into())),
            (
                "mail.smtp.host",
                Box::new(|c| c.mail.backend = MailBackendKind::Smtp),
            ),
            (
                "mail.backend",
                Box::new(|c| {
                    c.profile = Profile::Production;
                    c.mail.backend = MailBackendKind::Memory;
                }),
            ),
        ];
        for (key, change) in cases {
            let mut config = Config::default();
            config.place_database_in_data_dir();
            change(&mut config);
            let err = config
                .validate()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(&format!("`{key}`")), "case {key}: got {err:?}");
        }
    }

    #[test]
    fn the_documented_example_file_is_valid_and_complete() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuehrerschein.example.toml");
        let loaded = Config::load(Some(&example));
        assert!(loaded.is_ok(), "{:?}", loaded.err());
        // Every key of the configuration appears in the example, commented or not.
        let text = std::fs::read_to_string(&example).unwrap_or_default();
        let defaults = serde_json::to_value(Config::default()).unwrap_or_default();
        let mut missing = Vec::new();
        fn walk(value: &serde_json::Value, text: &str, missing: &mut Vec<String>) {
            if let Some(map) = value.as_object() {
                for (key, inner) in map {
                    if !text.contains(&format!("{key} ="))
                        && !text.contains(&format!("[{key}]"))
                        && !text.contains(&format!(".{key}]"))
                    {
                        missing.push(key.clone());
                    }
                    walk(inner, text, missing);
                }
            }
        }
        walk(&defaults, &text, &mut missing);
        assert!(
            missing.is_empty(),
            "keys missing from fuehrerschein.example.toml: {missing:?}"
        );
    }

    #[test]
    fn a_wrongly_typed_file_value_names_its_key() {
        let dir = std::env::temp_dir().join(format!("fs-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let file = dir.join("c.toml");
        std::fs::write(&file, "[session]\nidle_timeout_minutes = \"soon\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = Config::load(Some(&file))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("session.idle_timeout_minutes"), "{err}");
        std::fs::write(&file, "sesion = 3\n").unwrap_or_else(|e| panic!("{e}"));
        let err = Config::load(Some(&file))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("sesion"), "{err}");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_sqlite_file_moves_with_data_dir_unless_a_database_is_configured() {
        let mut config = Config {
            data_dir: PathBuf::from("/var/lib/fuehrerschein"),
            ..Config::default()
        };
        config.place_database_in_data_dir();
        assert_eq!(
            config.database_url,
            "sqlite:///var/lib/fuehrerschein/fuehrerschein.db?mode=rwc"
        );
        let mut configured = Config {
            data_dir: PathBuf::from("/var/lib/fuehrerschein"),
            database_url: "postgres://db.intern/fuehrerschein".into(),
            ..Config::default()
        };
        configured.place_database_in_data_dir();
        assert_eq!(
            configured.database_url,
            "postgres://db.intern/fuehrerschein"
        );
        let mut default = Config::default();
        default.place_database_in_data_dir();
        assert_eq!(
            default.database_url, DEFAULT_DATABASE_URL,
            "data/ stays data/"
        );
    }

    /// Every leaf key of the configuration as a dotted path (`mail.smtp.host`).
    fn leaf_keys(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        match value.as_object() {
            Some(map) if !map.is_empty() => {
                for (key, inner) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    leaf_keys(inner, &path, out);
                }
            }
            _ => out.push(prefix.to_owned()),
        }
    }

    /// The keys the README's configuration table names: the first cell's code spans; a span
    /// without a dot after a dotted one is a sibling (`privacy.heatmap` / `gaps`), `a.*` names
    /// everything under `a`, and upper-case names are environment variables.
    fn documented_keys(readme: &str) -> Vec<String> {
        let mut keys = Vec::new();
        let table = readme
            .split("| key | default | meaning |")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .unwrap_or_default();
        for row in table.lines().filter(|l| l.starts_with("| `")) {
            let cell = row.split(" | ").next().unwrap_or_default();
            let mut parent = String::new();
            for span in cell.split('`').skip(1).step_by(2) {
                if span.chars().any(|c| c.is_ascii_uppercase()) {
                    continue;
                }
                let key = if span.contains('.') || parent.is_empty() {
                    span.to_owned()
                } else {
                    format!("{parent}.{span}")
                };
                parent = key
                    .rsplit_once('.')
                    .map(|(p, _)| p.to_owned())
                    .unwrap_or_default();
                keys.push(key);
            }
        }
        keys
    }

    #[test]
    fn the_readme_table_and_the_configuration_name_the_same_keys() {
        let readme =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
                .unwrap_or_default();
        let documented = documented_keys(&readme);
        assert!(
            documented.len() > 20,
            "the table was not found: {documented:?}"
        );
        let mut keys = Vec::new();
        leaf_keys(
            &serde_json::to_value(Config::default()).unwrap_or_default(),
            "",
            &mut keys,
        );
        let covered = |key: &str| {
            documented.iter().any(|d| match d.strip_suffix(".*") {
                Some(under) => key.starts_with(&format!("{under}.")),
                None => d == key,
            })
        };
        let undocumented: Vec<&String> = keys.iter().filter(|k| !covered(k)).collect();
        assert!(
            undocumented.is_empty(),
            "keys missing from the README's table: {undocumented:?}"
        );
        let unknown: Vec<&String> = documented
            .iter()
            .filter(|d| match d.strip_suffix(".*") {
                Some(under) => !keys.iter().any(|k| k.starts_with(&format!("{under}."))),
                None => !keys.contains(d),
            })
            .collect();
        assert!(
            unknown.is_empty(),
            "the README's table names keys the configuration lacks: {unknown:?}"
        );
    }
}
