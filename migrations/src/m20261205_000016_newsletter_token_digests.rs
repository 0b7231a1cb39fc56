//! The newsletter's leave links: their secrets were stored as they are, so anyone who could read
//! the database could end anybody's subscription. From now on only a SHA-256 digest is kept, in
//! `one_time_token` like every other link's. Secrets already sent in mails keep working: each is
//! moved there as its digest, and the plain column is emptied.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement, Value};
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The purpose of a leave link in `one_time_token` (the app's `PURPOSE_NEWSLETTER_LEAVE`).
const PURPOSE: &str = "newsletter_leave";
/// Links in mails already sent stay usable this long.
const VALID_DAYS: i64 = 400;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, newsletter_token FROM users WHERE newsletter_token IS NOT NULL",
            ))
            .await?;
        let now = chrono::Utc::now();
        for row in rows {
            let user_id: uuid::Uuid = row.try_get("", "id")?;
            let token: String = row.try_get("", "newsletter_token")?;
            let digest: String = Sha256::digest(token.trim().as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let mut insert = Query::insert();
            insert
                .into_table(Alias::new("one_time_token"))
                .columns([
                    Alias::new("id"),
                    Alias::new("token_hash"),
                    Alias::new("user_id"),
                    Alias::new("purpose"),
                    Alias::new("created_at"),
                    Alias::new("expires_at"),
                ])
                .values([
                    Value::from(uuid::Uuid::new_v4()).into(),
                    Value::from(digest).into(),
                    Value::from(user_id).into(),
                    Value::from(PURPOSE).into(),
                    Value::from(now).into(),
                    Value::from(now + chrono::Duration::days(VALID_DAYS)).into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
            manager.exec_stmt(insert).await?;
        }
        db.execute_raw(Statement::from_string(
            backend,
            "UPDATE users SET newsletter_token = NULL",
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The plain secrets are gone by design; the digests stay where they are.
        Ok(())
    }
}
