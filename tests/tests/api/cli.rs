//! The command line: `admin create` makes the first administrator of a production installation.

use std::process::ExitCode;

use app::auth::Role;
use app::db::{audit_log, department, one_time_token, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Database, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use tests::TestDatabase;

#[tokio::test]
async fn admin_create_makes_an_administrator_with_a_set_password_link() {
    let database = TestDatabase::create().await;
    let dir = std::env::temp_dir().join(format!("fs-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("fuehrerschein.toml");
    std::fs::write(
        &config,
        format!(
            "profile = \"production\"\ndatabase_url = \"{}\"\ndata_dir = \"{}\"\nbase_url = \"https://lernen.stadt.example\"\n[mail]\nbackend = \"file\"\n",
            database.url,
            dir.display()
        ),
    )
    .unwrap();
    let config = config.display().to_string();

    let code = server::cli::run_from([
        "fuehrerschein",
        "--config",
        &config,
        "admin",
        "create",
        "--email",
        "It-Leitung@Stadt.example",
        "--name",
        "Iris Tan",
    ])
    .await;
    assert_eq!(code, ExitCode::SUCCESS);

    let db = Database::connect(&database.url).await.unwrap();
    let admin = user::Entity::find()
        .filter(user::Column::Email.eq("it-leitung@stadt.example"))
        .one(&db)
        .await
        .unwrap()
        .expect("admin");
    assert!(admin.active && !admin.is_demo && admin.password_hash.is_none());
    assert_eq!(
        app::auth::server::roles_of(&db, admin.id).await.unwrap(),
        vec![Role::Employee, Role::Admin]
    );
    let tokens = one_time_token::Entity::find()
        .filter(one_time_token::Column::UserId.eq(admin.id))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(tokens.len(), 1, "a set-password link was issued");
    let audit = audit_log::Entity::find().all(&db).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "user.created");
    assert_eq!(audit[0].actor_id, None);

    // The same address twice is refused.
    let again = server::cli::run_from([
        "fuehrerschein",
        "--config",
        &config,
        "admin",
        "create",
        "--email",
        "it-leitung@stadt.example",
        "--name",
        "Iris Tan",
    ])
    .await;
    assert_eq!(again, ExitCode::FAILURE);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_broken_configuration_stops_with_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("fs-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("bad.toml");
    std::fs::write(&config, "bind = \"nirgendwo\"\n").unwrap();
    let code = server::cli::run_from([
        "fuehrerschein",
        "--config",
        &config.display().to_string(),
        "migrate",
    ])
    .await;
    assert_eq!(code, ExitCode::from(2));
    let missing = server::cli::run_from([
        "fuehrerschein",
        "--config",
        "/does/not/exist.toml",
        "migrate",
    ])
    .await;
    assert_eq!(missing, ExitCode::from(2));
    let _ = std::fs::remove_dir_all(dir);
}

/// A configuration file for the command line against `database`, with the shipped content.
fn cli_config(database: &TestDatabase, dir: &std::path::Path) -> String {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let config = dir.join("fuehrerschein.toml");
    std::fs::write(
        &config,
        format!(
            "database_url = \"{}\"\ndata_dir = \"{}\"\ncontent_dir = \"{}\"\ndemo_data = false\n[mail]\nbackend = \"file\"\n",
            database.url,
            dir.display(),
            content.display()
        ),
    )
    .unwrap();
    config.display().to_string()
}

#[tokio::test]
async fn import_employees_previews_then_applies_and_refuses_a_broken_file() {
    let database = TestDatabase::create().await;
    let dir = std::env::temp_dir().join(format!("fs-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = cli_config(&database, &dir);
    // Migrate, then the units the file names.
    assert_eq!(
        server::cli::run_from(["fuehrerschein", "--config", &config, "migrate"]).await,
        ExitCode::SUCCESS
    );
    let db = Database::connect(&database.url).await.unwrap();
    let mut fb10 = None;
    for (name, code, parent) in [
        ("Fachbereich 10 – Personal", "FB 10", None),
        ("Fachbereich 20 – Ordnung", "FB 20", None),
        ("Abteilung 10.1", "10.1", Some(0)),
    ] {
        let id = uuid::Uuid::new_v4();
        department::ActiveModel {
            id: Set(id),
            parent_id: Set(parent.and(fb10)),
            name: Set(name.to_owned()),
            kind: Set("fachbereich".to_owned()),
            created_at: Set(chrono::Utc::now()),
            code: Set(Some(code.to_owned())),
        }
        .insert(&db)
        .await
        .unwrap();
        fb10.get_or_insert(id);
    }
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/employees/good.csv")
        .display()
        .to_string();
    let people = || async { user::Entity::find().count(&db).await.unwrap() };

    let preview = server::cli::run_from([
        "fuehrerschein",
        "--config",
        &config,
        "import",
        "employees",
        &good,
    ])
    .await;
    assert_eq!(preview, ExitCode::SUCCESS);
    assert_eq!(people().await, 0, "a preview changes nothing");

    let applied = server::cli::run_from([
        "fuehrerschein",
        "--config",
        &config,
        "import",
        "employees",
        &good,
        "--apply",
    ])
    .await;
    assert_eq!(applied, ExitCode::SUCCESS);
    let imported = people().await;
    assert!(imported >= 4, "{imported} people imported");

    let broken = dir.join("broken.csv");
    std::fs::write(
        &broken,
        "Personalnummer;Nachname;Vorname;E-Mail\n1;A;B;a@stadt.example\n",
    )
    .unwrap();
    let refused = server::cli::run_from([
        "fuehrerschein",
        "--config",
        &config,
        "import",
        "employees",
        &broken.display().to_string(),
        "--apply",
    ])
    .await;
    assert_eq!(
        refused,
        ExitCode::FAILURE,
        "a missing column refuses the file"
    );
    assert_eq!(people().await, imported, "and nothing changed");

    // A list with one of the four people deactivates three: only with the explicit flag.
    let short = dir.join("short.csv");
    std::fs::write(
        &short,
        "Personalnummer;Nachname;Vorname;E-Mail;Organisationseinheit\n\
         1001;Müller;Jürgen;juergen.mueller@stadt.example;FB 10\n",
    )
    .unwrap();
    let short = short.display().to_string();
    let active = || async {
        user::Entity::find()
            .filter(user::Column::Active.eq(true))
            .count(&db)
            .await
            .unwrap()
    };
    let before = active().await;
    let mut args = vec![
        "fuehrerschein",
        "--config",
        &config,
        "import",
        "employees",
        &short,
        "--apply",
    ];
    assert_eq!(
        server::cli::run_from(args.clone()).await,
        ExitCode::FAILURE,
        "a mass deactivation without --confirm-mass-deactivation is refused"
    );
    assert_eq!(active().await, before, "and nothing changed");
    args.push("--confirm-mass-deactivation");
    assert_eq!(server::cli::run_from(args).await, ExitCode::SUCCESS);
    assert_eq!(active().await, before - 3);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn bench_data_fills_an_empty_database_and_refuses_a_used_one() {
    let database = TestDatabase::create().await;
    let dir = std::env::temp_dir().join(format!("fs-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = cli_config(&database, &dir);
    let run = |extra: &'static [&'static str]| {
        let config = config.clone();
        async move {
            let mut args = vec!["fuehrerschein", "--config", config.as_str(), "bench-data"];
            args.extend_from_slice(extra);
            server::cli::run_from(args).await
        }
    };
    let small: &[&str] = &[
        "--employees",
        "60",
        "--departments",
        "6",
        "--attempts",
        "300",
    ];
    assert_eq!(run(small).await, ExitCode::SUCCESS);
    let db = Database::connect(&database.url).await.unwrap();
    assert_eq!(user::Entity::find().count(&db).await.unwrap(), 60);
    assert_eq!(department::Entity::find().count(&db).await.unwrap(), 6);
    assert_eq!(
        app::db::quiz_attempt::Entity::find()
            .count(&db)
            .await
            .unwrap(),
        300
    );
    assert_eq!(
        run(small).await,
        ExitCode::FAILURE,
        "not on a database with accounts"
    );
    assert_eq!(user::Entity::find().count(&db).await.unwrap(), 60);
    assert_eq!(run(&["--employees", "0"]).await, ExitCode::FAILURE);
    let _ = std::fs::remove_dir_all(dir);
}

/// `FUEHRERSCHEIN_CONFIG` names the configuration file (`--help` says so). It shares the prefix
/// of the configuration's environment variables and must not be read as a key. Environment
/// variables belong to the whole process, so the check runs in a child process of this test
/// binary: `config_named_by_the_environment_in_a_child` below, which does nothing elsewhere.
#[test]
fn the_configuration_file_can_be_named_by_an_environment_variable() {
    let dir = std::env::temp_dir().join(format!("fs-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("stadt.toml");
    std::fs::write(&config, "organisation_name = \"Stadt aus der Datei\"\n").unwrap();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "cli::config_named_by_the_environment_in_a_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FS_CONFIG_CHILD", "1")
        .env("FUEHRERSCHEIN_CONFIG", &config)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("organisation: Stadt aus der Datei"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The child of the test above (a no-op when run on its own).
#[test]
fn config_named_by_the_environment_in_a_child() {
    if std::env::var_os("FS_CONFIG_CHILD").is_none() {
        return;
    }
    let file = std::env::var("FUEHRERSCHEIN_CONFIG").unwrap();
    let config = server::config::Config::load(Some(std::path::Path::new(&file)))
        .expect("the configuration loads while FUEHRERSCHEIN_CONFIG is set");
    println!("organisation: {}", config.organisation_name);
}

#[test]
fn a_minimum_group_size_below_three_is_refused_not_raised() {
    let mut config = tests::test_config("sqlite::memory:");
    config.reports.min_group_size = 2;
    let error = config.validate().expect_err("refused").to_string();
    assert!(error.contains("reports.min_group_size"), "{error}");
    config.reports.min_group_size = 3;
    config.validate().expect("3 is the smallest allowed");
}
