//! Upgrading a database that holds data: the migration that lets a person have no mail address
//! rebuilds `users` on SQLite; nothing that refers to a person may be lost or change on the way.

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DbBackend, Statement};
use tests::{TestDatabase, start_time};

/// Migrations before the one that makes `users.email` optional.
const BEFORE_SIGN_IN: u32 = 19;

#[tokio::test]
async fn people_and_everything_that_refers_to_them_survive_the_email_migration() {
    let database = TestDatabase::create().await;
    let mut options = ConnectOptions::new(database.url.clone());
    options.max_connections(1).sqlx_logging(false);
    let db = Database::connect(options).await.unwrap();
    let backend = db.get_database_backend();
    if backend == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA foreign_keys = ON")
            .await
            .unwrap();
    }
    Migrator::up(&db, Some(BEFORE_SIGN_IN)).await.unwrap();

    let at = start_time().to_rfc3339();
    let person = "0b3e8e84-9a3b-4a6b-9b57-3a1f2f7c0001";
    let other = "0b3e8e84-9a3b-4a6b-9b57-3a1f2f7c0002";
    let department = "0b3e8e84-9a3b-4a6b-9b57-3a1f2f7c0003";
    let exec = |sql: String| {
        let db = &db;
        async move {
            db.execute_raw(Statement::from_string(backend, sql))
                .await
                .map(|_| ())
        }
    };
    let uuid = |id: &str| match backend {
        DbBackend::Postgres => format!("'{id}'::uuid"),
        _ => format!("'{id}'"),
    };
    let time = |at: &str| match backend {
        DbBackend::Postgres => format!("'{at}'::timestamptz"),
        _ => format!("'{at}'"),
    };
    exec(format!(
        "INSERT INTO department (id, name, kind, created_at) VALUES ({}, 'Bauhof', 'unit', {})",
        uuid(department),
        time(&at)
    ))
    .await
    .unwrap();
    for (id, email, number) in [
        (person, "kai@stadt.example", "4711"),
        (other, "eva@stadt.example", "4712"),
    ] {
        exec(format!(
            "INSERT INTO users (id, email, display_name, department_id, active, is_demo, locale, \
             created_at, updated_at, personnel_number, newsletter) VALUES ({}, '{email}', 'P {number}', {}, \
             true, false, 'de', {t}, {t}, '{number}', true)",
            uuid(id),
            uuid(department),
            t = time(&at)
        ))
        .await
        .unwrap();
        exec(format!(
            "INSERT INTO user_role (user_id, role) VALUES ({}, 'employee')",
            uuid(id)
        ))
        .await
        .unwrap();
    }
    exec(format!(
        "INSERT INTO session (id_hash, user_id, created_at, last_seen_at, absolute_expires_at) \
         VALUES ('abc', {}, {t}, {t}, {t})",
        uuid(person),
        t = time(&at)
    ))
    .await
    .unwrap();

    Migrator::up(&db, None).await.unwrap();

    let count = |sql: &'static str| {
        let db = &db;
        async move {
            let row = db
                .query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM users").await, 2);
    assert_eq!(
        count("SELECT COUNT(*) FROM user_role").await,
        2,
        "roles kept"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM session").await,
        1,
        "sessions kept"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM users WHERE department_id IS NOT NULL").await,
        2
    );
    // A person without an address can now be stored …
    exec(format!(
        "INSERT INTO users (id, email, display_name, active, is_demo, locale, created_at, \
         updated_at, newsletter) VALUES ({}, NULL, 'Ohne Mail', true, false, 'de', {t}, {t}, true)",
        uuid("0b3e8e84-9a3b-4a6b-9b57-3a1f2f7c0004"),
        t = time(&at)
    ))
    .await
    .expect("email may be empty");
    // … while addresses and personnel numbers stay unique, and references stay checked.
    let duplicate_email = exec(format!(
        "INSERT INTO users (id, email, display_name, active, is_demo, locale, created_at, \
         updated_at, newsletter) VALUES ({}, 'kai@stadt.example', 'X', true, false, 'de', {t}, {t}, true)",
        uuid("0b3e8e84-9a3b-4a6b-9b57-3a1f2f7c0005"),
        t = time(&at)
    ))
    .await;
    assert!(duplicate_email.is_err(), "email stays unique");
    let duplicate_number = exec(format!(
        "INSERT INTO users (id, email, display_name, active, is_demo, locale, created_at, \
         updated_at, newsletter, personnel_number) VALUES ({}, NULL, 'Y', true, false, 'de', {t}, {t}, true, '4711')",
        uuid("0b3e8e84-9a3b-4a6b-9b57-3a1f2f7c0006"),
        t = time(&at)
    ))
    .await;
    assert!(duplicate_number.is_err(), "personnel number stays unique");
    let dangling = exec(format!(
        "INSERT INTO user_role (user_id, role) VALUES ({}, 'hr')",
        uuid("0b3e8e84-9a3b-4a6b-9b57-3a1f2f7c0009")
    ))
    .await;
    assert!(dangling.is_err(), "foreign keys still checked");
    // Deleting a person still removes what refers to them.
    exec(format!("DELETE FROM users WHERE id = {}", uuid(person)))
        .await
        .unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM session").await, 0, "cascade");
    assert_eq!(count("SELECT COUNT(*) FROM user_role").await, 1, "cascade");
}
