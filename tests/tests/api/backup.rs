//! Backup and restore through the command line (`fuehrerschein backup FILE`, `restore FILE`):
//! a backup taken while the server is writing restores into a fresh database as the source was
//! at one moment, every table compared row by row; a restore never goes into a database that
//! holds data, and a backup never overwrites a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use app::auth::Role;
use app::auth::server::{NewAccount, PURPOSE_INVITATION, create_account, queue_set_password_mail};
use app::content::HasContent;
use app::db::{audit_log, certificate_counter, outbox, user};
use app::i18n::Locale;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use tests::{TestApp, TestDatabase};
use uuid::Uuid;

use crate::tables;

/// The counter every invitation of the load raises in its own transaction: an aggregate that
/// must match its rows in any consistent copy.
const COUNTER: &str = "backup-test-invitations";
const WRITERS: usize = 3;

pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fs-backup-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A configuration file for the command line against `database_url`.
pub fn cli_config(database_url: &str, dir: &Path) -> String {
    let data = dir.join(format!("data-{}", Uuid::new_v4().simple()));
    let config = dir.join(format!("fuehrerschein-{}.toml", Uuid::new_v4().simple()));
    std::fs::write(
        &config,
        format!(
            "database_url = \"{database_url}\"\ndata_dir = \"{}\"\ndemo_data = false\n\
             [mail]\nbackend = \"file\"\n",
            data.display()
        ),
    )
    .unwrap();
    config.display().to_string()
}

pub async fn run(config: &str, command: &str, file: &Path) -> ExitCode {
    server::cli::run_from([
        "fuehrerschein",
        "--config",
        config,
        command,
        &file.display().to_string(),
    ])
    .await
}

/// The address of invitation `n` of writer `w`.
fn address(w: usize, n: usize) -> String {
    format!("op-{w}-{n}@backup.example")
}

/// One unit of the load, in one transaction as an administrator's invitation is: the account
/// and its role, the one-time link, the mail in the outbox, the audit entry, and the counter.
async fn invite(app: &TestApp, w: usize, n: usize) {
    let now = app.clock.now();
    let txn = app.db.begin().await.unwrap();
    let account = create_account(
        &txn,
        now,
        NewAccount {
            email: Some(address(w, n)),
            display_name: format!("Neu {w}-{n}"),
            department_id: None,
            roles: vec![Role::Employee],
            locale: Locale::De,
            password_hash: None,
            is_demo: false,
        },
    )
    .await
    .unwrap();
    queue_set_password_mail(&txn, &app.ctx, &account, PURPOSE_INVITATION)
        .await
        .unwrap();
    app::audit::server::record(
        &txn,
        now,
        None,
        "user.created",
        "user",
        Some(account.id.to_string()),
        serde_json::json!({ "load": [w, n] }),
    )
    .await
    .unwrap();
    certificate_counter::Entity::update_many()
        .col_expr(
            certificate_counter::Column::Value,
            Expr::col(certificate_counter::Column::Value).add(1),
        )
        .filter(certificate_counter::Column::Name.eq(COUNTER))
        .exec(&txn)
        .await
        .unwrap();
    txn.commit().await.unwrap();
}

/// Per writer: invitations begun and committed so far.
#[derive(Default)]
struct Progress {
    begun: [AtomicUsize; WRITERS],
    committed: [AtomicUsize; WRITERS],
}

impl Progress {
    fn committed(&self) -> Vec<usize> {
        self.committed
            .iter()
            .map(|c| c.load(Ordering::SeqCst))
            .collect()
    }
    fn begun(&self) -> Vec<usize> {
        self.begun
            .iter()
            .map(|c| c.load(Ordering::SeqCst))
            .collect()
    }
    async fn wait_until_each_committed(&self, at_least: &[usize]) {
        for _ in 0..600 {
            if self.committed().iter().zip(at_least).all(|(c, n)| c >= n) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the writers stalled: {:?}", self.committed());
    }
}

/// Which invitations a database holds, per writer.
async fn invitations(db: &DatabaseConnection) -> Vec<Vec<usize>> {
    let mut found = vec![Vec::new(); WRITERS];
    let people = user::Entity::find()
        .filter(user::Column::Email.like("op-%@backup.example"))
        .all(db)
        .await
        .unwrap();
    for person in people {
        let email = person.email.unwrap();
        let (w, n) = email
            .trim_start_matches("op-")
            .trim_end_matches("@backup.example")
            .split_once('-')
            .unwrap();
        found[w.parse::<usize>().unwrap()].push(n.parse().unwrap());
    }
    for list in &mut found {
        list.sort_unstable();
    }
    found
}

async fn counter(db: &DatabaseConnection) -> i64 {
    certificate_counter::Entity::find_by_id(COUNTER.to_owned())
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .value
}

/// Takes back the invitations a snapshot does not hold, so that the source is as it was at the
/// snapshot: nothing else wrote meanwhile (no requests, the outbox worker asleep).
async fn take_back(db: &DatabaseConnection, invitations: &[(usize, usize)], kept: i64) {
    let txn = db.begin().await.unwrap();
    for &(w, n) in invitations {
        let person = user::Entity::find()
            .filter(user::Column::Email.eq(address(w, n)))
            .one(&txn)
            .await
            .unwrap()
            .unwrap();
        outbox::Entity::delete_many()
            .filter(outbox::Column::Recipient.eq(address(w, n)))
            .exec(&txn)
            .await
            .unwrap();
        audit_log::Entity::delete_many()
            .filter(audit_log::Column::TargetId.eq(person.id.to_string()))
            .exec(&txn)
            .await
            .unwrap();
        // The role and the one-time link go with the account (ON DELETE CASCADE).
        user::Entity::delete_by_id(person.id)
            .exec(&txn)
            .await
            .unwrap();
    }
    certificate_counter::ActiveModel {
        name: Set(COUNTER.to_owned()),
        value: Set(kept),
    }
    .update(&txn)
    .await
    .unwrap();
    txn.commit().await.unwrap();
}

#[tokio::test]
async fn a_backup_taken_while_the_server_writes_restores_as_the_database_was_at_one_moment() {
    tokio::time::timeout(Duration::from_secs(120), backup_under_load())
        .await
        .expect("backup and restore under load take well under two minutes");
}

async fn backup_under_load() {
    // Arrange: a database with what learning leaves behind (accounts, sessions, attempts,
    // answers, evidence, summaries, delivered mail), served by a running instance whose outbox
    // worker only works when asked to (so nothing but the load writes during the backup).
    let app = TestApp::spawn_with(|c| c.mail.poll_interval_seconds = 3600).await;
    let module = app.ctx.content().modules[0].id.clone();
    for n in 0..2 {
        let (client, _) = app
            .logged_in(&format!("lernende-{n}@stadt.example"), &[Role::Employee])
            .await;
        tests::learning::pass(&app, &client, &module).await;
    }
    certificate_counter::ActiveModel {
        name: Set(COUNTER.to_owned()),
        value: Set(0),
    }
    .insert(&app.db)
    .await
    .unwrap();
    app.deliver_mail().await;
    let dir = temp_dir();
    let file = dir.join("fuehrerschein.backup");

    // Act: writers invite people without pause while the command line takes the backup.
    let progress = Arc::new(Progress::default());
    let stop = Arc::new(AtomicBool::new(false));
    let app = Arc::new(app);
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (app, progress, stop) = (app.clone(), progress.clone(), stop.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    progress.begun[w].fetch_add(1, Ordering::SeqCst);
                    invite(&app, w, n).await;
                    progress.committed[w].fetch_add(1, Ordering::SeqCst);
                    n += 1;
                }
            })
        })
        .collect();
    progress.wait_until_each_committed(&[3; WRITERS]).await;
    let committed_before = progress.committed();
    let source_config = cli_config(&app.database.url, &dir);
    let code = run(&source_config, "backup", &file).await;
    let begun_after = progress.begun();
    let more: Vec<usize> = begun_after.iter().map(|b| b + 3).collect();
    progress.wait_until_each_committed(&more).await;
    stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }
    assert_eq!(code, ExitCode::SUCCESS, "backup");

    let target = TestDatabase::create().await;
    let target_config = cli_config(&target.url, &dir);
    assert_eq!(
        run(&target_config, "restore", &file).await,
        ExitCode::SUCCESS,
        "restore into an empty database"
    );

    // Assert: the restored database is the source at one moment of the load.
    let restored = Database::connect(&target.url).await.unwrap();
    let held = invitations(&restored).await;
    let mut missing = Vec::new();
    for w in 0..WRITERS {
        let count = held[w].len();
        assert_eq!(
            held[w],
            (0..count).collect::<Vec<_>>(),
            "writer {w}: a snapshot holds each writer's first invitations, without gaps"
        );
        assert!(
            count >= committed_before[w],
            "writer {w}: {count} invitations, but {} were committed before the backup began",
            committed_before[w]
        );
        assert!(
            count <= begun_after[w],
            "writer {w}: {count} invitations, but only {} had begun when the backup ended",
            begun_after[w]
        );
        let done = progress.committed()[w];
        missing.extend((count..done).map(|n| (w, n)));
    }
    assert!(
        !missing.is_empty(),
        "the load went on after the snapshot, so the test saw a backup in the middle of writes"
    );
    let in_snapshot = held.iter().map(Vec::len).sum::<usize>() as i64;
    assert_eq!(
        counter(&restored).await,
        in_snapshot,
        "the counter matches the invitations it counted"
    );
    assert_eq!(
        audit_log::Entity::find()
            .filter(audit_log::Column::Details.like("{\"load\":%"))
            .count(&restored)
            .await
            .unwrap() as i64,
        in_snapshot,
        "one audit entry per invitation"
    );
    if restored.get_database_backend() == sea_orm::DbBackend::Sqlite {
        let dangling = tables::strings(
            &restored,
            "SELECT \"table\" || ' -> ' || parent FROM pragma_foreign_key_check",
        )
        .await;
        assert!(
            dangling.is_empty(),
            "references without a row: {dangling:?}"
        );
    }
    // (On PostgreSQL pg_restore adds the foreign keys after the data, which checks every row.)

    let database = app.database.clone();
    Arc::try_unwrap(app)
        .unwrap_or_else(|_| panic!("the writers are done"))
        .shutdown()
        .await;
    let source = Database::connect(&database.url).await.unwrap();
    take_back(&source, &missing, in_snapshot).await;
    let migrations = tables::names(&source).await;
    assert!(migrations.iter().any(|t| t == "seaql_migrations"));
    let differences = tables::differences(&source, &restored).await;
    assert!(
        differences.is_empty(),
        "the restored database differs from the source at the snapshot:\n{}",
        differences.join("\n")
    );
    // Every table was compared, and the learning left rows in the tables that matter.
    for table in [
        "users",
        "quiz_attempt",
        "evidence",
        "person_summary",
        "outbox",
        "session",
    ] {
        assert!(
            tables::count(&restored, table).await > 0,
            "{table} has rows in the backup"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn restore_refuses_a_database_with_data_and_backup_refuses_an_existing_file() {
    let app = TestApp::spawn().await;
    app.create_user("kai@stadt.example", &[Role::Employee])
        .await;
    let dir = temp_dir();
    let config = cli_config(&app.database.url, &dir);
    let file = dir.join("erste.backup");
    assert_eq!(run(&config, "backup", &file).await, ExitCode::SUCCESS);
    let written = std::fs::read(&file).unwrap();

    // A second backup to the same name leaves the first alone.
    assert_eq!(run(&config, "backup", &file).await, ExitCode::FAILURE);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        written,
        "the file is unchanged"
    );

    // Restoring into the database that holds the data is refused, and changes nothing.
    let people = user::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(run(&config, "restore", &file).await, ExitCode::FAILURE);
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), people);
    assert!(
        app.whoami(&app.client()).await.is_none(),
        "the server still answers"
    );

    // A file that is not a backup is refused before anything is put in place.
    let garbage = dir.join("kein.backup");
    std::fs::write(&garbage, b"das ist keine Sicherung").unwrap();
    let empty = TestDatabase::create().await;
    let empty_config = cli_config(&empty.url, &dir);
    assert_eq!(
        run(&empty_config, "restore", &garbage).await,
        ExitCode::FAILURE
    );
    assert_eq!(
        run(&empty_config, "restore", &dir.join("fehlt.backup")).await,
        ExitCode::FAILURE,
        "a missing file"
    );
    // The empty database is still empty: the real backup goes in now.
    assert_eq!(
        run(&empty_config, "restore", &file).await,
        ExitCode::SUCCESS
    );
    let restored = Database::connect(&empty.url).await.unwrap();
    assert_eq!(user::Entity::find().count(&restored).await.unwrap(), people);
    // Nothing half-written is left beside the files.
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = std::fs::remove_dir_all(dir);
}
