//! Every table of a database, found by introspection (`sqlite_master`, `information_schema`),
//! its columns and its rows: for the tests that must not forget a table (backup and restore,
//! upgrades). A table added tomorrow is covered without anyone remembering it.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// The tables of the database, sorted, including the migrations table; on SQLite without its
/// own (`sqlite_sequence`, `sqlite_stat1`).
pub async fn names(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1"
        }
    };
    strings(db, sql).await
}

/// A column as the database declares it.
#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    /// Lower case: SQLite's declared type (`uuid_text`, `timestamp_with_timezone_text`,
    /// `boolean`, `varchar(254)` …), PostgreSQL's `data_type` (`uuid`, `timestamp with time
    /// zone`, `boolean`, `character varying` …).
    pub kind: String,
}

pub async fn columns(db: &DatabaseConnection, table: &str) -> Vec<Column> {
    let backend = db.get_database_backend();
    let statement = match backend {
        DbBackend::Postgres => Statement::from_sql_and_values(
            backend,
            "SELECT column_name::text, data_type::text \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 \
             ORDER BY ordinal_position",
            [table.into()],
        ),
        _ => Statement::from_sql_and_values(
            backend,
            "SELECT name, lower(type) FROM pragma_table_info(?) ORDER BY cid",
            [table.into()],
        ),
    };
    db.query_all_raw(statement)
        .await
        .unwrap()
        .iter()
        .map(|row| Column {
            name: row.try_get_by_index(0).unwrap(),
            kind: row.try_get_by_index::<String>(1).unwrap().to_lowercase(),
        })
        .collect()
}

/// `"name"`, quoted for SQL.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Every row of `table` as exact text, sorted: on SQLite each value as `quote()` writes it
/// (type and bytes), on PostgreSQL the row as `row_to_json` writes it. Two databases of one
/// backend hold the same rows exactly when these lists are equal.
pub async fn raw_rows(db: &DatabaseConnection, table: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => format!("SELECT row_to_json(t)::text FROM {} t", quoted(table)),
        _ => {
            let values: Vec<String> = columns(db, table)
                .await
                .iter()
                .map(|c| format!("'{}=' || quote({})", c.name, quoted(&c.name)))
                .collect();
            format!(
                "SELECT {} FROM {}",
                values.join(" || ', ' || "),
                quoted(table)
            )
        }
    };
    let mut rows = strings(db, &sql).await;
    rows.sort();
    rows
}

pub async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let backend = db.get_database_backend();
    db.query_one_raw(Statement::from_string(
        backend,
        format!("SELECT COUNT(*) FROM {}", quoted(table)),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get_by_index::<i64>(0)
    .unwrap()
}

/// The first column of every row of `sql`, as text.
pub async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
    .iter()
    .map(|row| row.try_get_by_index::<String>(0).unwrap())
    .collect()
}

/// Tables whose rows differ, with a few of the rows that only one side has.
pub async fn differences(a: &DatabaseConnection, b: &DatabaseConnection) -> Vec<String> {
    let mut found = Vec::new();
    let (names_a, names_b) = (names(a).await, names(b).await);
    if names_a != names_b {
        found.push(format!("tables differ: {names_a:?} / {names_b:?}"));
        return found;
    }
    for table in names_a {
        let (rows_a, rows_b) = (raw_rows(a, &table).await, raw_rows(b, &table).await);
        if rows_a != rows_b {
            let only_a: Vec<&String> = rows_a.iter().filter(|r| !rows_b.contains(r)).collect();
            let only_b: Vec<&String> = rows_b.iter().filter(|r| !rows_a.contains(r)).collect();
            found.push(format!(
                "{table}: {} / {} rows; only in the first: {:?}; only in the second: {:?}",
                rows_a.len(),
                rows_b.len(),
                &only_a[..only_a.len().min(3)],
                &only_b[..only_b.len().min(3)],
            ));
        }
    }
    found
}
