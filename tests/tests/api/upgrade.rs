//! Upgrades: a database made by the previous release's schema, holding representative rows in
//! every one of its tables, goes through every later migration (and through a backup restored by
//! this release) and keeps every row with its values. The fixture is checked against the
//! schema by introspection, so a table or column it forgets fails the test.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, QueryResult,
    Statement, Value,
};
use serde_json::Value as Json;
use tests::TestDatabase;
use uuid::Uuid;

use crate::tables::{self, Column};

/// The release before this one, whose databases this release must upgrade: how many migrations
/// its schema had and the last of them, and the fixture of rows for that schema.
///
/// At the next release, bump it to the release being made: `migrations` to the number of
/// migrations it ships, `last` to the name of its newest migration, and `fixture` to a new file
/// `tests/fixtures/upgrade/release-<migrations>.json`, best started as a copy of the current
/// one. `the_fixture_fills_every_table_and_column_of_the_previous_release` then names each table
/// and column the new migrations added that has no rows or values yet; add them.
const PREVIOUS_RELEASE: Release = Release {
    migrations: 20,
    last: "m20261209_000020_sign_in",
    fixture: "release-20.json",
};

struct Release {
    migrations: u32,
    last: &'static str,
    fixture: &'static str,
}

/// The migrations table is written by the migrator, not by the fixture.
const MIGRATIONS_TABLE: &str = "seaql_migrations";

/// One table's rows as the fixture gives them, in the fixture's order (the order satisfies the
/// foreign keys).
struct FixtureTable {
    table: String,
    rows: Vec<serde_json::Map<String, Json>>,
}

fn fixture() -> Vec<FixtureTable> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/upgrade")
        .join(PREVIOUS_RELEASE.fixture);
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed: Json = serde_json::from_str(&text).unwrap();
    parsed["tables"]
        .as_array()
        .expect("tables: a list")
        .iter()
        .map(|entry| FixtureTable {
            table: entry["table"].as_str().expect("table").to_owned(),
            rows: entry["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|row| row.as_object().expect("a row is an object").clone())
                .collect(),
        })
        .collect()
}

/// How a column's values are written and read, from the type the database declares (SQLite's
/// declared names are sea-query's, e.g. `uuid_text`; PostgreSQL's `data_type`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Uuid,
    Timestamp,
    Bool,
    Int32,
    Int64,
    Float,
    Bytes,
    Text,
}

fn kind(column: &Column, backend: DbBackend) -> Kind {
    let declared = column.kind.as_str();
    if declared.contains("uuid") {
        Kind::Uuid
    } else if declared.contains("timestamp") {
        Kind::Timestamp
    } else if declared.contains("bool") {
        Kind::Bool
    } else if declared.contains("double") || declared.contains("real") || declared == "float" {
        Kind::Float
    } else if declared.contains("blob") || declared == "bytea" {
        Kind::Bytes
    } else if declared == "bigint" || (declared.contains("int") && backend == DbBackend::Sqlite) {
        // SQLite has one integer type, read as 64 bits.
        Kind::Int64
    } else if declared.contains("int") {
        Kind::Int32
    } else {
        Kind::Text
    }
}

/// A fixture value as a database value of the column's type.
fn to_value(kind: Kind, value: &Json, what: &str) -> Value {
    let null = value.is_null();
    match kind {
        Kind::Uuid => Value::from((!null).then(|| {
            Uuid::parse_str(value.as_str().expect(what)).unwrap_or_else(|e| panic!("{what}: {e}"))
        })),
        Kind::Timestamp => Value::from((!null).then(|| timestamp(value, what))),
        Kind::Bool => Value::from(value.as_bool()),
        Kind::Int32 => Value::from(
            value
                .as_i64()
                .map(|v| i32::try_from(v).unwrap_or_else(|e| panic!("{what}: {e}"))),
        ),
        Kind::Int64 => Value::from(value.as_i64()),
        Kind::Float => Value::from(value.as_f64()),
        Kind::Bytes => Value::from((!null).then(|| bytes(value, what))),
        Kind::Text => Value::from(value.as_str().map(str::to_owned)),
    }
}

fn timestamp(value: &Json, what: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().expect(what))
        .unwrap_or_else(|e| panic!("{what}: {e}"))
        .with_timezone(&Utc)
}

fn bytes(value: &Json, what: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(value.as_str().expect(what))
        .unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// The one form in which a value is compared, whether it came from the fixture or the database.
fn canonical(kind: Kind, value: &Json, what: &str) -> Json {
    if value.is_null() {
        return Json::Null;
    }
    match kind {
        Kind::Uuid => Json::from(
            Uuid::parse_str(value.as_str().expect(what))
                .unwrap_or_else(|e| panic!("{what}: {e}"))
                .to_string(),
        ),
        Kind::Timestamp => {
            Json::from(timestamp(value, what).to_rfc3339_opts(SecondsFormat::AutoSi, true))
        }
        _ => value.clone(),
    }
}

/// A value read from the database, in the fixture's form.
fn read(row: &QueryResult, column: &str, kind: Kind) -> Json {
    fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Option<T> {
        row.try_get::<Option<T>>("", column)
            .unwrap_or_else(|e| panic!("{column}: {e}"))
    }
    let value = match kind {
        Kind::Uuid => get::<Uuid>(row, column).map(|v| Json::from(v.to_string())),
        Kind::Timestamp => get::<DateTime<Utc>>(row, column)
            .map(|v| Json::from(v.to_rfc3339_opts(SecondsFormat::AutoSi, true))),
        Kind::Bool => get::<bool>(row, column).map(Json::from),
        Kind::Int32 => get::<i32>(row, column).map(Json::from),
        Kind::Int64 => get::<i64>(row, column).map(Json::from),
        Kind::Float => get::<f64>(row, column).map(Json::from),
        Kind::Bytes => get::<Vec<u8>>(row, column)
            .map(|v| Json::from(base64::engine::general_purpose::STANDARD.encode(v))),
        Kind::Text => get::<String>(row, column).map(Json::from),
    };
    value.unwrap_or_default()
}

/// One connection: the SQLite table rebuilds of the migrations switch foreign keys off for
/// their connection, which must be the one that migrates.
async fn connect(url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(url.to_owned());
    options.max_connections(1).sqlx_logging(false);
    Database::connect(options).await.unwrap()
}

/// A database at the previous release's schema, holding the fixture.
async fn previous_release(database: &TestDatabase) -> DatabaseConnection {
    let migrations = Migrator::migrations();
    assert_eq!(
        migrations[PREVIOUS_RELEASE.migrations as usize - 1].name(),
        PREVIOUS_RELEASE.last,
        "PREVIOUS_RELEASE.migrations counts up to its last migration"
    );
    let db = connect(&database.url).await;
    Migrator::up(&db, Some(PREVIOUS_RELEASE.migrations))
        .await
        .unwrap();
    load(&db).await;
    db
}

async fn load(db: &DatabaseConnection) {
    let backend = db.get_database_backend();
    for entry in fixture() {
        let columns = tables::columns(db, &entry.table).await;
        for (n, row) in entry.rows.iter().enumerate() {
            let mut insert = Query::insert();
            insert.into_table(Alias::new(entry.table.as_str()));
            let mut names = Vec::new();
            let mut values = Vec::new();
            for (name, value) in row {
                let what = format!("{}[{n}].{name}", entry.table);
                let column = columns
                    .iter()
                    .find(|c| &c.name == name)
                    .unwrap_or_else(|| panic!("{what}: no such column in the schema"));
                names.push(Alias::new(name.as_str()));
                values.push(to_value(kind(column, backend), value, &what).into());
            }
            insert.columns(names).values_panic(values);
            db.execute_raw(backend.build(&insert))
                .await
                .unwrap_or_else(|e| panic!("{}[{n}]: {e}", entry.table));
        }
    }
}

/// The fixture's rows of each table and the database's rows, both in the one form, restricted
/// to the fixture's columns (later migrations may add columns).
async fn compare(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let mut differences = Vec::new();
    for entry in fixture() {
        let columns = tables::columns(db, &entry.table).await;
        let names: Vec<&String> = entry.rows[0].keys().collect();
        let kinds: Vec<Kind> = names
            .iter()
            .map(|name| {
                let column = columns
                    .iter()
                    .find(|c| &&c.name == name)
                    .unwrap_or_else(|| {
                        panic!("{}.{name} is gone after the migrations", entry.table)
                    });
                kind(column, backend)
            })
            .collect();
        let mut expected: Vec<BTreeMap<&str, Json>> = entry
            .rows
            .iter()
            .map(|row| {
                names
                    .iter()
                    .zip(&kinds)
                    .map(|(name, kind)| {
                        let what = format!("{}.{name}", entry.table);
                        (name.as_str(), canonical(*kind, &row[name.as_str()], &what))
                    })
                    .collect()
            })
            .collect();
        let select = format!(
            "SELECT {} FROM {}",
            names
                .iter()
                .map(|n| tables::quoted(n))
                .collect::<Vec<_>>()
                .join(", "),
            tables::quoted(&entry.table)
        );
        let rows = db
            .query_all_raw(Statement::from_string(backend, select))
            .await
            .unwrap();
        let mut found: Vec<BTreeMap<&str, Json>> = rows
            .iter()
            .map(|row| {
                names
                    .iter()
                    .zip(&kinds)
                    .map(|(name, kind)| (name.as_str(), read(row, name, *kind)))
                    .collect()
            })
            .collect();
        let key = |row: &BTreeMap<&str, Json>| serde_json::to_string(row).unwrap_or_default();
        expected.sort_by_key(key);
        found.sort_by_key(key);
        if expected != found {
            differences.push(format!(
                "{}:\n  expected {}\n  found    {}",
                entry.table,
                serde_json::to_string(&expected).unwrap_or_default(),
                serde_json::to_string(&found).unwrap_or_default()
            ));
        }
    }
    differences
}

#[tokio::test]
async fn the_fixture_fills_every_table_and_column_of_the_previous_release() {
    let database = TestDatabase::create().await;
    let db = previous_release(&database).await;
    let fixture = fixture();
    let mut gaps = Vec::new();
    for table in tables::names(&db).await {
        if table == MIGRATIONS_TABLE {
            continue;
        }
        let Some(entry) = fixture.iter().find(|e| e.table == table) else {
            gaps.push(format!("table {table} has no rows in the fixture"));
            continue;
        };
        for column in tables::columns(&db, &table).await {
            let filled = entry
                .rows
                .iter()
                .any(|row| row.get(&column.name).is_some_and(|v| !v.is_null()));
            if !filled {
                gaps.push(format!("{table}.{} has a value in no row", column.name));
            }
        }
        // Every row names every column, so that the comparison reads each of them.
        let names: Vec<&String> = entry.rows[0].keys().collect();
        for (n, row) in entry.rows.iter().enumerate() {
            if row.keys().collect::<Vec<_>>() != names {
                gaps.push(format!("{table}[{n}] names other columns than {table}[0]"));
            }
        }
    }
    let schema = tables::names(&db).await;
    for entry in &fixture {
        if !schema.contains(&entry.table) {
            gaps.push(format!("{} is no table of that schema", entry.table));
        }
    }
    assert!(
        gaps.is_empty(),
        "the fixture {} does not cover the schema of {}:\n{}",
        PREVIOUS_RELEASE.fixture,
        PREVIOUS_RELEASE.last,
        gaps.join("\n")
    );
    // The fixture reads back unchanged before any migration, so the comparison below is sound.
    let differences = compare(&db).await;
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[tokio::test]
async fn a_database_of_the_previous_release_keeps_every_row_through_the_later_migrations() {
    let database = TestDatabase::create().await;
    let db = previous_release(&database).await;

    Migrator::up(&db, None).await.unwrap();

    let pending = Migrator::get_pending_migrations(&db).await.unwrap();
    assert!(pending.is_empty(), "every migration applied");
    let differences = compare(&db).await;
    assert!(
        differences.is_empty(),
        "rows changed or went missing on the way from {}:\n{}",
        PREVIOUS_RELEASE.last,
        differences.join("\n")
    );
    if db.get_database_backend() == DbBackend::Sqlite {
        let dangling = tables::strings(
            &db,
            "SELECT \"table\" || ' -> ' || parent FROM pragma_foreign_key_check",
        )
        .await;
        assert!(
            dangling.is_empty(),
            "references without a row: {dangling:?}"
        );
    }
}

#[tokio::test]
async fn a_backup_of_the_previous_release_is_restored_and_upgraded_by_this_one() {
    let source = TestDatabase::create().await;
    let db = previous_release(&source).await;
    db.close().await.unwrap();
    let dir = crate::backup::temp_dir();
    let file = dir.join("vorgaenger.backup");
    assert_eq!(
        crate::backup::run(
            &crate::backup::cli_config(&source.url, &dir),
            "backup",
            &file
        )
        .await,
        ExitCode::SUCCESS
    );

    let target = TestDatabase::create().await;
    assert_eq!(
        crate::backup::run(
            &crate::backup::cli_config(&target.url, &dir),
            "restore",
            &file
        )
        .await,
        ExitCode::SUCCESS
    );

    let restored = connect(&target.url).await;
    let pending = Migrator::get_pending_migrations(&restored).await.unwrap();
    assert!(
        pending.is_empty(),
        "the restore applied the later migrations"
    );
    let differences = compare(&restored).await;
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    let _ = std::fs::remove_dir_all(dir);
}
