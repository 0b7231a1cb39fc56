//! `content_conflict`: the text an editor sent for a file of a draft that another editor had
//! saved in the meantime. It is not written into the draft (that would throw away the other
//! change); it waits here, for that editor only, on the file's page beside the saved text, until
//! the editor saves the file again.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContentConflict {
    Table,
    Id,
    VersionId,
    /// The file in the draft, as in `content_version.files`.
    Path,
    UserId,
    /// The text as the editor sent it.
    Text,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ContentVersion {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContentConflict::Table)
                    .if_not_exists()
                    .col(pk_uuid(ContentConflict::Id))
                    .col(uuid(ContentConflict::VersionId))
                    .col(string_len(ContentConflict::Path, 255))
                    .col(uuid(ContentConflict::UserId))
                    .col(text(ContentConflict::Text))
                    .col(timestamp_with_time_zone(ContentConflict::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_content_conflict_version")
                            .from(ContentConflict::Table, ContentConflict::VersionId)
                            .to(ContentVersion::Table, ContentVersion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_content_conflict_user")
                            .from(ContentConflict::Table, ContentConflict::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_conflict_file")
                    .table(ContentConflict::Table)
                    .col(ContentConflict::VersionId)
                    .col(ContentConflict::Path)
                    .col(ContentConflict::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContentConflict::Table).to_owned())
            .await
    }
}
