//! The knowledge base ("Wissen"): short how-to articles that scouts and editors write and a
//! second one of them reviews before they are published.
//!
//! - `knowledge_article`: one row per article: its address, which revision readers see, and
//!   when and by whom it was last checked (knowledge retention), with the due date whose
//!   reminder went out.
//! - `knowledge_revision`: every text of an article: draft, in review, sent back, published or
//!   replaced. A change to a published article is a new revision; the published one stays
//!   visible until the new one is approved.
//! - `knowledge_tag`: the published revision's competences and units, for the readers' filters
//!   and the lesson pages.
//! - `knowledge_setting`: after how many months an article asks to be checked again.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KnowledgeArticle {
    Table,
    Id,
    /// The address: `/wissen/<slug>`, fixed when the article is started.
    Slug,
    AuthorId,
    PublishedRevisionId,
    CreatedAt,
    UpdatedAt,
    CheckedAt,
    CheckedBy,
    /// The due date (`checked_at` plus the interval) whose reminder was queued.
    RemindedDueAt,
}

#[derive(DeriveIden)]
enum KnowledgeRevision {
    Table,
    Id,
    ArticleId,
    Number,
    /// `draft`, `review`, `returned`, `published` or `replaced`.
    Status,
    Title,
    Summary,
    /// Markdown as written; rendered without raw HTML.
    Body,
    /// Competence ids, separated by spaces.
    Competences,
    /// Department ids, separated by spaces.
    Departments,
    AuthorId,
    ReviewerId,
    ReviewComment,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum KnowledgeTag {
    Table,
    ArticleId,
    /// `competence` or `unit`.
    Kind,
    Value,
}

#[derive(DeriveIden)]
enum KnowledgeSetting {
    Table,
    Id,
    RecheckMonths,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(KnowledgeArticle::Table)
                    .if_not_exists()
                    .col(pk_uuid(KnowledgeArticle::Id))
                    .col(string_len_uniq(KnowledgeArticle::Slug, 100))
                    .col(uuid_null(KnowledgeArticle::AuthorId))
                    .col(uuid_null(KnowledgeArticle::PublishedRevisionId))
                    .col(timestamp_with_time_zone(KnowledgeArticle::CreatedAt))
                    .col(timestamp_with_time_zone(KnowledgeArticle::UpdatedAt))
                    .col(timestamp_with_time_zone_null(KnowledgeArticle::CheckedAt))
                    .col(uuid_null(KnowledgeArticle::CheckedBy))
                    .col(timestamp_with_time_zone_null(
                        KnowledgeArticle::RemindedDueAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KnowledgeRevision::Table)
                    .if_not_exists()
                    .col(pk_uuid(KnowledgeRevision::Id))
                    .col(uuid(KnowledgeRevision::ArticleId))
                    .col(integer(KnowledgeRevision::Number))
                    .col(string_len(KnowledgeRevision::Status, 16))
                    .col(string_len(KnowledgeRevision::Title, 200))
                    .col(string_len(KnowledgeRevision::Summary, 400))
                    .col(text(KnowledgeRevision::Body))
                    .col(text(KnowledgeRevision::Competences))
                    .col(text(KnowledgeRevision::Departments))
                    .col(uuid_null(KnowledgeRevision::AuthorId))
                    .col(uuid_null(KnowledgeRevision::ReviewerId))
                    .col(text_null(KnowledgeRevision::ReviewComment))
                    .col(timestamp_with_time_zone(KnowledgeRevision::CreatedAt))
                    .col(timestamp_with_time_zone(KnowledgeRevision::UpdatedAt))
                    .col(timestamp_with_time_zone_null(
                        KnowledgeRevision::SubmittedAt,
                    ))
                    .col(timestamp_with_time_zone_null(KnowledgeRevision::DecidedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_knowledge_revision_number")
                    .table(KnowledgeRevision::Table)
                    .col(KnowledgeRevision::ArticleId)
                    .col(KnowledgeRevision::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KnowledgeTag::Table)
                    .if_not_exists()
                    .col(uuid(KnowledgeTag::ArticleId))
                    .col(string_len(KnowledgeTag::Kind, 16))
                    .col(string_len(KnowledgeTag::Value, 64))
                    .primary_key(
                        Index::create()
                            .col(KnowledgeTag::ArticleId)
                            .col(KnowledgeTag::Kind)
                            .col(KnowledgeTag::Value),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_knowledge_tag_value")
                    .table(KnowledgeTag::Table)
                    .col(KnowledgeTag::Kind)
                    .col(KnowledgeTag::Value)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(KnowledgeSetting::Table)
                    .if_not_exists()
                    .col(integer(KnowledgeSetting::Id).primary_key())
                    .col(integer(KnowledgeSetting::RecheckMonths))
                    .col(timestamp_with_time_zone(KnowledgeSetting::UpdatedAt))
                    .col(uuid_null(KnowledgeSetting::UpdatedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            KnowledgeSetting::Table.into_iden(),
            KnowledgeTag::Table.into_iden(),
            KnowledgeRevision::Table.into_iden(),
            KnowledgeArticle::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
