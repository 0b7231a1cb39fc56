//! Structured logs via tracing. What is logged never contains personal data: no names, no
//! addresses, no query strings; mail is identified by recipient domain and Message-ID.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;

use crate::config::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    // Logs go to stderr; stdout is for what a command prints for its user (demo logins,
    // links from `admin create`).
    let builder = fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        // When stderr is a pipe whose reader has gone (`serve 2>&1 | head`), a line that cannot
        // be written is dropped; reporting that would `eprintln!` into the same closed pipe and
        // panic in whichever request was logging.
        .log_internal_errors(false);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
}
