//! Signing in with the city's account, and without a mail address:
//!
//! - `users.email` may be empty (NULL): staff without a mail address (building yard, day care,
//!   cleaning) get sign-in letters instead of mails, and their reminders on the start page.
//! - `external_identity`: which account of the city's OpenID provider or directory is which
//!   person (the provider's stable subject), nothing else of the directory.
//! - `sign_in_request`: the state of a sign-in at the OpenID provider (state, nonce, PKCE
//!   verifier), used once, so that a replayed answer is refused on every instance.
//! - `sign_in_setting`: whether local passwords work for everyone or only for one break-glass
//!   administrator.
//! - `session.kiosk` (a shared device: short idle timeout, nothing remembered) and
//!   `session.method` (how the session was opened: the sign-out goes back to the provider).
//! - `notice`: what would have been a mail, for people without a mail address.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
}

#[derive(DeriveIden)]
enum ExternalIdentity {
    Table,
    /// `oidc:<issuer>` or `ldap:<server>`.
    Provider,
    Subject,
    UserId,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum SignInRequest {
    Table,
    StateHash,
    Nonce,
    PkceVerifier,
    Next,
    Kiosk,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum SignInSetting {
    Table,
    Id,
    LocalPasswords,
    BreakGlassUserId,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Kiosk,
    Method,
}

#[derive(DeriveIden)]
enum Notice {
    Table,
    Id,
    UserId,
    Subject,
    Body,
    CreatedAt,
    ReadAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        email_may_be_empty(manager).await?;
        manager
            .create_table(
                Table::create()
                    .table(ExternalIdentity::Table)
                    .if_not_exists()
                    .col(string_len(ExternalIdentity::Provider, 300))
                    .col(string_len(ExternalIdentity::Subject, 255))
                    .col(uuid(ExternalIdentity::UserId))
                    .col(timestamp_with_time_zone(ExternalIdentity::CreatedAt))
                    .col(timestamp_with_time_zone(ExternalIdentity::LastUsedAt))
                    .primary_key(
                        Index::create()
                            .col(ExternalIdentity::Provider)
                            .col(ExternalIdentity::Subject),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_external_identity_user")
                            .from(ExternalIdentity::Table, ExternalIdentity::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_external_identity_user")
                    .table(ExternalIdentity::Table)
                    .col(ExternalIdentity::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInRequest::Table)
                    .if_not_exists()
                    .col(string_len(SignInRequest::StateHash, 64).primary_key())
                    .col(string_len(SignInRequest::Nonce, 128))
                    .col(string_len(SignInRequest::PkceVerifier, 128))
                    .col(string_len(SignInRequest::Next, 2048))
                    .col(boolean(SignInRequest::Kiosk).default(false))
                    .col(timestamp_with_time_zone(SignInRequest::CreatedAt))
                    .col(timestamp_with_time_zone(SignInRequest::ExpiresAt))
                    .col(timestamp_with_time_zone_null(SignInRequest::UsedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SignInSetting::Table)
                    .if_not_exists()
                    .col(integer(SignInSetting::Id).primary_key())
                    .col(boolean(SignInSetting::LocalPasswords).default(true))
                    .col(uuid_null(SignInSetting::BreakGlassUserId))
                    .col(timestamp_with_time_zone(SignInSetting::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sign_in_setting_break_glass")
                            .from(SignInSetting::Table, SignInSetting::BreakGlassUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Session::Kiosk)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new(Session::Method)
                .string_len(16)
                .not_null()
                .default("password")
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Session::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Notice::Table)
                    .if_not_exists()
                    .col(pk_uuid(Notice::Id))
                    .col(uuid(Notice::UserId))
                    .col(string_len(Notice::Subject, 300))
                    .col(text(Notice::Body))
                    .col(timestamp_with_time_zone(Notice::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notice::ReadAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notice_user")
                            .from(Notice::Table, Notice::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notice_user")
                    .table(Notice::Table)
                    .col(Notice::UserId)
                    .col(Notice::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notice::Table.into_iden(),
            SignInSetting::Table.into_iden(),
            SignInRequest::Table.into_iden(),
            ExternalIdentity::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for column in [Session::Kiosk.into_iden(), Session::Method.into_iden()] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Session::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // People without a mail address cannot be kept by the older schema.
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM users WHERE email IS NULL")
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .modify_column(ColumnDef::new(Users::Email).string_len(254).not_null())
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// `users.email` loses its NOT NULL. PostgreSQL alters the column. SQLite cannot alter a column:
/// the table is rebuilt as SQLite's documentation describes (foreign keys off, a new table from
/// the stored definition without that one NOT NULL, rows copied, the old table dropped, the new
/// one renamed, its indexes recreated, the foreign keys checked, all in one transaction). The
/// writer is one connection, so the pragma applies to the connection that does the work.
async fn email_may_be_empty(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    if manager.get_database_backend() == DbBackend::Postgres {
        return manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .modify_column(ColumnDef::new(Users::Email).string_len(254).null())
                    .to_owned(),
            )
            .await;
    }
    let sqlite = |sql: &str| Statement::from_string(DbBackend::Sqlite, sql.to_owned());
    let table = db
        .query_one_raw(sqlite(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'",
        ))
        .await?
        .ok_or_else(|| DbErr::Migration("table users not found".into()))?;
    let create: String = table.try_get("", "sql")?;
    let rebuilt = without_email_not_null(&create)
        .ok_or_else(|| DbErr::Migration(format!("unexpected definition of users: {create}")))?;
    let indexes = db
        .query_all_raw(sqlite(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' \
             AND sql IS NOT NULL",
        ))
        .await?
        .into_iter()
        .map(|row| row.try_get::<String>("", "sql"))
        .collect::<Result<Vec<_>, _>>()?;
    db.execute_unprepared("PRAGMA foreign_keys = OFF").await?;
    let result = async {
        db.execute_unprepared("BEGIN").await?;
        let work = async {
            db.execute_unprepared(&rebuilt).await?;
            db.execute_unprepared("INSERT INTO users_rebuilt SELECT * FROM users")
                .await?;
            db.execute_unprepared("DROP TABLE users").await?;
            db.execute_unprepared("ALTER TABLE users_rebuilt RENAME TO users")
                .await?;
            for index in &indexes {
                db.execute_unprepared(index).await?;
            }
            let broken = db.query_all_raw(sqlite("PRAGMA foreign_key_check")).await?;
            if !broken.is_empty() {
                return Err(DbErr::Migration(format!(
                    "{} rows refer to missing rows after rebuilding users",
                    broken.len()
                )));
            }
            Ok(())
        }
        .await;
        match work {
            Ok(()) => db.execute_unprepared("COMMIT").await.map(|_| ()),
            Err(err) => {
                db.execute_unprepared("ROLLBACK").await?;
                Err(err)
            }
        }
    }
    .await;
    db.execute_unprepared("PRAGMA foreign_keys = ON").await?;
    result
}

/// The stored `CREATE TABLE users (...)` as `CREATE TABLE users_rebuilt (...)` in which the
/// `email` column has no NOT NULL; `None` when the definition is not the expected one.
fn without_email_not_null(create: &str) -> Option<String> {
    let open = create.find('(')?;
    let (head, body) = create.split_at(open);
    if !head.contains("users") {
        return None;
    }
    let start = body.find("\"email\"")?;
    let end = start + body[start..].find(',')?;
    let column = &body[start..end];
    if !column.contains("NOT NULL") {
        return None;
    }
    let column = column.replacen(" NOT NULL", "", 1);
    Some(format!(
        "CREATE TABLE \"users_rebuilt\" {}{}{}",
        &body[..start],
        column,
        &body[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::without_email_not_null;

    #[test]
    fn only_the_email_column_loses_not_null() {
        let create = "CREATE TABLE \"users\" ( \"id\" uuid_text NOT NULL PRIMARY KEY, \"email\" \
                      varchar(254) NOT NULL UNIQUE, \"display_name\" varchar(200) NOT NULL )";
        assert_eq!(
            without_email_not_null(create).as_deref(),
            Some(
                "CREATE TABLE \"users_rebuilt\" ( \"id\" uuid_text NOT NULL PRIMARY KEY, \
                 \"email\" varchar(254) UNIQUE, \"display_name\" varchar(200) NOT NULL )"
            )
        );
        assert_eq!(
            without_email_not_null("CREATE TABLE \"users\" (\"id\" int)"),
            None
        );
    }
}
