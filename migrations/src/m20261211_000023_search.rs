//! The site search's index (`/suche`): one row per module, lesson and help entry per language,
//! written at start-up from the files the instance loaded, never by hand.
//!
//! - `search_version`: which versions of the indexed texts the index holds. An instance inserts
//!   its version's row first, in the transaction that writes that version's documents; a second
//!   instance of the same version finds the row (on PostgreSQL it waits for the first one's
//!   commit) and writes nothing.
//! - `search_document`: what a hit shows (title, the plain text for the excerpt, the link), per
//!   version and language.
//! - The full-text index: on PostgreSQL a `tsvector` column (`german` or `english`
//!   configuration, title weighted above text) with a GIN index; on SQLite an FTS5 table without
//!   content of its own (`search_fts`, rowid = the document's id) over the words as the
//!   application stems them, because FTS5's own stemmer knows only English.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SearchVersion {
    Table,
    Version,
    BuiltAt,
}

#[derive(DeriveIden)]
enum SearchDocument {
    Table,
    Id,
    Version,
    /// `de` or `en`.
    Locale,
    /// `module`, `lesson` or `help`.
    Kind,
    Title,
    /// Plain text, for the excerpt around a hit.
    Body,
    Url,
    /// Order of the texts in the curriculum and the help, for hits that rank the same.
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchVersion::Table)
                    .if_not_exists()
                    .col(string_len(SearchVersion::Version, 64).primary_key())
                    .col(timestamp_with_time_zone(SearchVersion::BuiltAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchDocument::Table)
                    .if_not_exists()
                    .col(
                        big_integer(SearchDocument::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(string_len(SearchDocument::Version, 64))
                    .col(string_len(SearchDocument::Locale, 5))
                    .col(string_len(SearchDocument::Kind, 10))
                    .col(text(SearchDocument::Title))
                    .col(text(SearchDocument::Body))
                    .col(text(SearchDocument::Url))
                    .col(integer(SearchDocument::Position))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_document_version")
                    .table(SearchDocument::Table)
                    .col(SearchDocument::Version)
                    .col(SearchDocument::Locale)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE search_document ADD COLUMN terms tsvector NOT NULL DEFAULT ''::tsvector",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_search_document_terms ON search_document USING GIN (terms)",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='', \
                     contentless_delete=1, tokenize='unicode61 remove_diacritics 2')",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS search_fts")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SearchDocument::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SearchVersion::Table).to_owned())
            .await
    }
}
