//! `fuehrerschein backup FILE` and `fuehrerschein restore FILE`: a consistent copy of the
//! database taken while the server keeps serving, and putting such a copy back into an empty
//! database, after which the migrations bring an older backup up to this release.
//!
//! - SQLite: `VACUUM INTO`, which SQLite runs inside one read transaction, so the copy is the
//!   database as of one commit while the server goes on writing (WAL: readers never block the
//!   writer). It is preferred over the online backup API (which sqlx does not expose; rusqlite
//!   would, sharing sqlx's libsqlite3-sys only while both name the same version) because the
//!   copy holds no free pages: rows deleted for a data subject's erasure leave no trace in the
//!   backup. Restore copies the file next to the database, checks it (`PRAGMA
//!   integrity_check`, the migrations table, no migration this release does not know) and
//!   renames it into place, so the database file is either the old one or the whole backup.
//! - PostgreSQL: `pg_dump --format=custom --no-owner --no-privileges`, which reads in one
//!   snapshot; restore is `pg_restore --no-owner --no-privileges --single-transaction
//!   --exit-on-error` into a database without tables. The password of `database_url` travels in
//!   `PGPASSWORD`, never on the command line where other users' `ps` would show it.
//!
//! A backup never overwrites a file: it is written under a hidden name in the same folder and
//! linked to FILE only when complete (a link fails when FILE has appeared meanwhile). A restore
//! never goes into a database that holds data. This module knows nothing of the tables beyond
//! "are there any, and do they hold rows", and the migrations table.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::str::FromStr;
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};

use crate::config::Config;
use crate::startup::{self, StartupError};

/// The table in which sea-orm records the applied migrations. A database without it is not one
/// of this platform, and a backup without it could not be upgraded.
const MIGRATIONS_TABLE: &str = "seaql_migrations";

/// `pg_dump`'s options. Custom format: compressed, and `pg_restore` can list and check it.
/// No owner and no privileges: the backup can be restored by another role (a new server, a
/// different database user) without editing it.
pub const PG_DUMP_OPTIONS: [&str; 3] = ["--format=custom", "--no-owner", "--no-privileges"];

/// `pg_restore`'s options: the restored objects belong to the connecting role; one transaction
/// and stop at the first error, so a failed restore leaves the database as empty as it was.
pub const PG_RESTORE_OPTIONS: [&str; 4] = [
    "--no-owner",
    "--no-privileges",
    "--single-transaction",
    "--exit-on-error",
];

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "{0} exists already; a backup never overwrites a file. Choose another name or move the \
         old file away."
    )]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("the database is in memory ({0}); there is no file to back up or restore")]
    InMemory(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error(
        "the configured database has no table {MIGRATIONS_TABLE}: it is not a database of this \
         platform (check database_url)"
    )]
    NotOurs,
    #[error("{path} is not a backup that can be restored: {reason}")]
    BadBackup { path: PathBuf, reason: String },
    #[error(
        "{path} was made by a newer release: this one does not know its migration(s) {names}. \
         Restore it with that release or a later one."
    )]
    NewerRelease { path: PathBuf, names: String },
    #[error(
        "the database {what} is not empty: {detail}. A restore goes only into an empty database: \
         {advice}"
    )]
    NotEmpty {
        what: String,
        detail: String,
        advice: &'static str,
    },
    #[error(
        "{0} exists: a program (a running server?) has the database open. Stop it before \
         restoring."
    )]
    InUse(PathBuf),
    #[error(
        "{0} was not found. Install the PostgreSQL client tools of the server's major version \
         (Debian: apt-get install postgresql-client) or put them on PATH."
    )]
    ToolMissing(&'static str),
    #[error("{tool} failed ({status}): {message}")]
    Tool {
        tool: &'static str,
        status: String,
        message: String,
    },
    #[error("database_url: {0}")]
    Url(String),
    #[error("{0}")]
    Startup(#[from] StartupError),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

/// A backup that was written.
#[derive(Debug)]
pub struct Written {
    pub bytes: u64,
}

/// A restore that was done.
#[derive(Debug)]
pub struct Restored {
    /// Migrations the backup had applied.
    pub in_backup: usize,
    /// Migrations applied after restoring it (the backup came from an older release).
    pub applied_since: usize,
}

/// Writes a consistent copy of the configured database to `file`, which must not exist.
pub async fn backup(config: &Config, file: &Path) -> Result<Written, BackupError> {
    refuse_existing(file)?;
    let partial = hidden_sibling(file, "partial")?;
    let made = if config.is_sqlite() {
        sqlite_backup(&config.database_url, &partial).await
    } else {
        pg_backup(&config.database_url, &partial).await
    };
    let published = made.and_then(|()| publish(&partial, file));
    // Under both names after the link; only the final name stays.
    let _ = std::fs::remove_file(&partial);
    published?;
    let bytes = std::fs::metadata(file).map_err(io_error(file))?.len();
    Ok(Written { bytes })
}

/// Puts the backup `file` into the configured database, which must be empty, and applies the
/// migrations this release has and the backup has not.
pub async fn restore(config: &Config, file: &Path) -> Result<Restored, BackupError> {
    if !file.is_file() {
        return Err(BackupError::Missing(file.to_owned()));
    }
    let in_backup = if config.is_sqlite() {
        sqlite_restore(&config.database_url, file).await?
    } else {
        pg_restore(&config.database_url, file).await?
    };
    // The same start as the server's: migrations (on PostgreSQL under the advisory lock), and on
    // SQLite the switch to WAL.
    let db = startup::connect(config).await?;
    let now = applied_migrations(&db).await?.len();
    db.close().await?;
    Ok(Restored {
        in_backup,
        applied_since: now.saturating_sub(in_backup),
    })
}

fn refuse_existing(file: &Path) -> Result<(), BackupError> {
    match std::fs::symlink_metadata(file) {
        Ok(_) => Err(BackupError::Exists(file.to_owned())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(io_error(file)(err)),
    }
}

/// `.<name>.<purpose>-<random>` in the folder of `file`: on the same file system, so that a
/// link or rename moves it into place in one step.
fn hidden_sibling(file: &Path, purpose: &str) -> Result<PathBuf, BackupError> {
    let name = file
        .file_name()
        .ok_or_else(|| BackupError::Io {
            path: file.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
        })?
        .to_string_lossy();
    let dir = folder_of(file);
    if !dir.is_dir() {
        return Err(BackupError::Io {
            path: dir.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
        });
    }
    Ok(dir.join(format!(
        ".{name}.{purpose}-{}",
        uuid::Uuid::new_v4().simple()
    )))
}

fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Makes the complete `partial` file durable and gives it the name `file`, failing if `file`
/// exists by now: a hard link never replaces a file, unlike a rename.
fn publish(partial: &Path, file: &Path) -> Result<(), BackupError> {
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(io_error(partial))?;
    std::fs::hard_link(partial, file).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::Exists(file.to_owned())
        } else {
            io_error(file)(err)
        }
    })?;
    sync_folder(folder_of(file));
    Ok(())
}

/// Makes a new name in `dir` durable. Best effort: not every file system can sync a folder.
fn sync_folder(dir: &Path) {
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

fn path_text(path: &Path) -> Result<&str, BackupError> {
    path.to_str().ok_or_else(|| BackupError::Io {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the name is not UTF-8"),
    })
}

// --- SQLite ---------------------------------------------------------------------------------

/// The file behind a SQLite `database_url`, as sqlx reads the URL (percent-decoded).
fn sqlite_path(url: &str) -> Result<PathBuf, BackupError> {
    if startup::sqlite_in_memory(url) {
        return Err(BackupError::InMemory(url.to_owned()));
    }
    let options =
        SqliteConnectOptions::from_str(url).map_err(|e| BackupError::Url(e.to_string()))?;
    Ok(options.get_filename().to_owned())
}

/// One connection to an existing SQLite file, without migrating it.
async fn open_sqlite(path: &Path) -> Result<DatabaseConnection, BackupError> {
    let file = path.to_owned();
    // The URL only selects the driver; the file is set below (a path is not a URL).
    let mut options = ConnectOptions::new("sqlite://fuehrerschein-backup.db");
    options
        .sqlx_logging(false)
        .max_connections(1)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .map_sqlx_sqlite_opts(move |o| {
            o.filename(&file)
                .in_memory(false)
                .create_if_missing(false)
                // The server may hold the write lock for a moment; wait for it.
                .busy_timeout(Duration::from_secs(30))
        });
    Ok(Database::connect(options).await?)
}

async fn sqlite_backup(url: &str, partial: &Path) -> Result<(), BackupError> {
    let source = sqlite_path(url)?;
    if !source.is_file() {
        return Err(BackupError::Missing(source));
    }
    let db = open_sqlite(&source).await?;
    if !sqlite_tables(&db)
        .await?
        .iter()
        .any(|t| t == MIGRATIONS_TABLE)
    {
        db.close().await?;
        return Err(BackupError::NotOurs);
    }
    // The target is a bound value: any file name works, no quoting.
    let vacuum = db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "VACUUM INTO ?",
            [path_text(partial)?.into()],
        ))
        .await;
    db.close().await?;
    vacuum?;
    // Checked now rather than on the day it is needed.
    check_sqlite_backup(partial, partial).await.map(|_| ())
}

async fn sqlite_tables(db: &DatabaseConnection) -> Result<Vec<String>, BackupError> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' \
             ESCAPE '\\' ORDER BY name",
        ))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect())
}

/// Checks a SQLite backup: a database file SQLite finds intact, of this platform, made by this
/// release or an older one. Returns the migrations it has applied. `shown` is the name for
/// messages.
async fn check_sqlite_backup(path: &Path, shown: &Path) -> Result<usize, BackupError> {
    let bad = |reason: String| BackupError::BadBackup {
        path: shown.to_owned(),
        reason,
    };
    let db = open_sqlite(path).await.map_err(|e| bad(e.to_string()))?;
    let checked = async {
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await
            .map_err(|e| bad(e.to_string()))?;
        let findings: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get_by_index::<String>(0).ok())
            .collect();
        if findings != ["ok"] {
            let shown: Vec<&str> = findings.iter().take(5).map(String::as_str).collect();
            return Err(bad(format!(
                "SQLite's integrity check failed: {}",
                shown.join("; ")
            )));
        }
        if !sqlite_tables(&db)
            .await?
            .iter()
            .any(|t| t == MIGRATIONS_TABLE)
        {
            return Err(bad(format!(
                "it has no table {MIGRATIONS_TABLE}, so it is no database of this platform"
            )));
        }
        applied_migrations(&db).await
    }
    .await;
    db.close().await?;
    let applied = checked?;
    refuse_newer(&applied, shown)?;
    Ok(applied.len())
}

/// The versions in the migrations table.
async fn applied_migrations(db: &DatabaseConnection) -> Result<Vec<String>, BackupError> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT version FROM {MIGRATIONS_TABLE}"),
        ))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect())
}

/// A backup with migrations this release does not have cannot be migrated by it.
fn refuse_newer(applied: &[String], shown: &Path) -> Result<(), BackupError> {
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let unknown: Vec<&str> = applied
        .iter()
        .filter(|v| !known.contains(v))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(BackupError::NewerRelease {
            path: shown.to_owned(),
            names: unknown.join(", "),
        })
    }
}

/// A SQLite database counts as empty when its file does not exist, or it has no table with a
/// row (a database that was only migrated). Returns the name of a table with rows otherwise.
async fn sqlite_refuse_non_empty(target: &Path) -> Result<(), BackupError> {
    let advice = "stop the server, move the database file away (keep it until the restored data \
                  is checked), and run restore again";
    let exists = match std::fs::metadata(target) {
        Ok(meta) => meta.len() > 0,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => false,
        Err(err) => return Err(io_error(target)(err)),
    };
    if exists {
        let db = open_sqlite(target).await?;
        let found = async {
            for table in sqlite_tables(&db).await? {
                // The search index is written at every start from the content files; a database
                // that holds only it holds nothing of its own.
                if table == MIGRATIONS_TABLE || app::search::server::is_index_table(&table) {
                    continue;
                }
                let row = db
                    .query_one_raw(Statement::from_string(
                        DbBackend::Sqlite,
                        format!("SELECT 1 FROM \"{}\" LIMIT 1", table.replace('"', "\"\"")),
                    ))
                    .await?;
                if row.is_some() {
                    return Ok::<_, BackupError>(Some(table));
                }
            }
            Ok(None)
        }
        .await;
        db.close().await?;
        if let Some(table) = found? {
            return Err(BackupError::NotEmpty {
                what: target.display().to_string(),
                detail: format!("table {table} has rows"),
                advice,
            });
        }
    }
    // Closing the last connection removes the write-ahead log; one that is left belongs to a
    // connection of another process, which would go on using the replaced file.
    let wal = suffixed(target, "-wal");
    if wal.exists() {
        return Err(BackupError::InUse(wal));
    }
    Ok(())
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

async fn sqlite_restore(url: &str, file: &Path) -> Result<usize, BackupError> {
    let target = sqlite_path(url)?;
    sqlite_refuse_non_empty(&target).await?;
    let dir = folder_of(&target);
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let staged = hidden_sibling(&target, "restore")?;
    let placed = async {
        std::fs::copy(file, &staged).map_err(io_error(file))?;
        let in_backup = check_sqlite_backup(&staged, file).await?;
        std::fs::File::open(&staged)
            .and_then(|f| f.sync_all())
            .map_err(io_error(&staged))?;
        // The shared-memory index of a database that is gone; SQLite would rebuild it anyway.
        let _ = std::fs::remove_file(suffixed(&target, "-shm"));
        std::fs::rename(&staged, &target).map_err(io_error(&target))?;
        sync_folder(dir);
        Ok::<_, BackupError>(in_backup)
    }
    .await;
    if placed.is_err() {
        for leftover in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(suffixed(&staged, leftover));
        }
    }
    placed
}

// --- PostgreSQL -----------------------------------------------------------------------------

/// A PostgreSQL `database_url` split for the client tools: the URL without its password (safe
/// to show in a process listing) and the password for `PGPASSWORD`. Without a password in the
/// URL, libpq's usual sources apply (`~/.pgpass`, `PGPASSWORD` of the caller).
struct PgTarget {
    url: String,
    password: Option<String>,
}

fn pg_target(url: &str) -> Result<PgTarget, BackupError> {
    let mut parsed = url::Url::parse(url).map_err(|e| BackupError::Url(e.to_string()))?;
    let password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    parsed
        .set_password(None)
        .map_err(|()| BackupError::Url("cannot take the password out of the URL".into()))?;
    Ok(PgTarget {
        url: parsed.to_string(),
        password,
    })
}

/// Runs a PostgreSQL client tool; its standard output, or its own error message.
async fn pg_tool(
    tool: &'static str,
    args: &[&OsStr],
    target: &PgTarget,
) -> Result<Vec<u8>, BackupError> {
    let mut command = tokio::process::Command::new(tool);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if let Some(password) = &target.password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().await.map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            BackupError::ToolMissing(tool)
        } else {
            io_error(Path::new(tool))(err)
        }
    })?;
    if !output.status.success() {
        return Err(BackupError::Tool {
            tool,
            status: output.status.to_string(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        });
    }
    Ok(output.stdout)
}

async fn open_postgres(url: &str) -> Result<DatabaseConnection, BackupError> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(1)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10));
    Ok(Database::connect(options).await?)
}

async fn pg_tables(db: &DatabaseConnection) -> Result<Vec<String>, BackupError> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' \
             ORDER BY table_name",
        ))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect())
}

async fn pg_backup(url: &str, partial: &Path) -> Result<(), BackupError> {
    let db = open_postgres(url).await?;
    let tables = pg_tables(&db).await;
    db.close().await?;
    if !tables?.iter().any(|t| t == MIGRATIONS_TABLE) {
        return Err(BackupError::NotOurs);
    }
    let target = pg_target(url)?;
    let file = format!("--file={}", path_text(partial)?);
    let dbname = format!("--dbname={}", target.url);
    let mut args: Vec<&OsStr> = PG_DUMP_OPTIONS.iter().map(OsStr::new).collect();
    args.push(OsStr::new(&file));
    args.push(OsStr::new(&dbname));
    pg_tool("pg_dump", &args, &target).await?;
    Ok(())
}

/// The migration versions in a `pg_dump` archive, read with `pg_restore` without touching any
/// database: the data of the migrations table as the SQL it would run.
async fn pg_archive_migrations(file: &Path, target: &PgTarget) -> Result<Vec<String>, BackupError> {
    let bad = |reason: String| BackupError::BadBackup {
        path: file.to_owned(),
        reason,
    };
    let table = format!("--table={MIGRATIONS_TABLE}");
    let args = [
        OsStr::new("--data-only"),
        OsStr::new(&table),
        OsStr::new("--file=-"),
        file.as_os_str(),
    ];
    let sql = match pg_tool("pg_restore", &args, target).await {
        Ok(sql) => String::from_utf8_lossy(&sql).into_owned(),
        Err(BackupError::Tool { message, .. }) => return Err(bad(message)),
        Err(other) => return Err(other),
    };
    // COPY public.seaql_migrations (version, applied_at) FROM stdin;
    // m20261122_000001_create_departments	1767225600
    // \.
    let mut lines = sql.lines();
    if !lines.any(|l| l.starts_with(&format!("COPY public.{MIGRATIONS_TABLE} "))) {
        return Err(bad(format!(
            "it holds no table {MIGRATIONS_TABLE}, so it is no backup of this platform"
        )));
    }
    Ok(lines
        .take_while(|l| *l != "\\.")
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect())
}

async fn pg_restore(url: &str, file: &Path) -> Result<usize, BackupError> {
    let target = pg_target(url)?;
    let applied = pg_archive_migrations(file, &target).await?;
    refuse_newer(&applied, file)?;
    let db = open_postgres(url).await?;
    let tables = pg_tables(&db).await;
    db.close().await?;
    let tables = tables?;
    if !tables.is_empty() {
        let shown: Vec<&str> = tables.iter().take(3).map(String::as_str).collect();
        return Err(BackupError::NotEmpty {
            what: target.url.clone(),
            detail: format!(
                "its schema public has {} table(s), e.g. {}",
                tables.len(),
                shown.join(", ")
            ),
            advice: "create a new database (createdb) and point database_url at it",
        });
    }
    let dbname = format!("--dbname={}", target.url);
    let mut args: Vec<&OsStr> = PG_RESTORE_OPTIONS.iter().map(OsStr::new).collect();
    args.push(OsStr::new(&dbname));
    args.push(file.as_os_str());
    pg_tool("pg_restore", &args, &target).await?;
    Ok(applied.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        let target =
            pg_target("postgres://fs:p%40ss%3Aw0rd@db.intern:5433/fuehrerschein?sslmode=require")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            target.url,
            "postgres://fs@db.intern:5433/fuehrerschein?sslmode=require"
        );
        assert_eq!(target.password.as_deref(), Some("p@ss:w0rd"));
        let without =
            pg_target("postgres://postgres@127.0.0.1/x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(without.password, None);
    }

    #[test]
    fn a_sqlite_url_names_its_file_and_memory_has_none() {
        let path = sqlite_path("sqlite://data/fuehrerschein.db?mode=rwc")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(path, Path::new("data/fuehrerschein.db"));
        assert!(matches!(
            sqlite_path("sqlite::memory:"),
            Err(BackupError::InMemory(_))
        ));
    }
}
