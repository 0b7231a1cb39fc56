use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Tips and announcements that digital scouts post for everyone.
#[derive(DeriveIden)]
enum BoardPost {
    Table,
    Id,
    AuthorId,
    /// `tip` or `announcement`.
    Kind,
    Title,
    /// Markdown as the author wrote it; rendered without raw HTML when shown.
    Body,
    CreatedAt,
    /// Set when the author or an admin removes the post; it then no longer shows.
    RemovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BoardPost::Table)
                    .if_not_exists()
                    .col(pk_uuid(BoardPost::Id))
                    .col(uuid(BoardPost::AuthorId))
                    .col(string_len(BoardPost::Kind, 16))
                    .col(string_len(BoardPost::Title, 200))
                    .col(text(BoardPost::Body))
                    .col(timestamp_with_time_zone(BoardPost::CreatedAt))
                    .col(timestamp_with_time_zone_null(BoardPost::RemovedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BoardPost::Table).to_owned())
            .await
    }
}
