//! The command line: `admin create` makes the first administrator of a production installation.

use std::process::ExitCode;

use app::auth::Role;
use app::db::{audit_log, one_time_token, user};
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter};
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
