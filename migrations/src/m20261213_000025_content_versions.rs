//! The curriculum in the database (issue 20, point 1):
//!
//! - `content_version`: one version of a module, all its text files as JSON (`ModuleFiles`),
//!   with its state in four-eyes publishing: `draft` → `review` → `published`; a published
//!   version that a newer one replaced becomes `retired` and stays, unchanged, for the attempts
//!   and certificates taken on it; a draft thrown away is `discarded`. `origin` says whether the
//!   version came with the release (`shipped`) or is the city's own change (`city`);
//!   `shipped_version` names the released version it rests on. `number` counts a module's
//!   versions (1, 2, …) and is unique, so that two instances seeding at once cannot both write.
//! - `content_contributor`: everyone who changed a version while it was a draft; none of them
//!   may approve it (four eyes).
//! - `content_media`: the images of the modules, by module and file name. A name is never
//!   reused for other bytes, so an old version's images stay what they were.
//! - `content_revision`: one row (id 1) whose counter grows with every publication; each
//!   instance watches it and reloads the curriculum when it changes.
//! - `content_upload`: the report of a question bank or module folder uploaded in the browser.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContentVersion {
    Table,
    Id,
    ModuleId,
    Number,
    Version,
    Status,
    Origin,
    ShippedVersion,
    BasedOn,
    Files,
    Digest,
    AuthorId,
    ReviewerId,
    Note,
    ReviewComment,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum ContentContributor {
    Table,
    VersionId,
    UserId,
}

#[derive(DeriveIden)]
enum ContentMedia {
    Table,
    ModuleId,
    Name,
    ContentType,
    Data,
    Digest,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ContentRevision {
    Table,
    Id,
    Revision,
    ChangedAt,
}

#[derive(DeriveIden)]
enum ContentUpload {
    Table,
    Id,
    ModuleId,
    VersionId,
    Format,
    FileName,
    Report,
    CreatedAt,
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
                    .table(ContentVersion::Table)
                    .if_not_exists()
                    .col(uuid(ContentVersion::Id).primary_key())
                    .col(string_len(ContentVersion::ModuleId, 100))
                    .col(integer(ContentVersion::Number))
                    .col(string_len(ContentVersion::Version, 64))
                    .col(string_len(ContentVersion::Status, 16))
                    .col(string_len(ContentVersion::Origin, 16))
                    .col(string_len_null(ContentVersion::ShippedVersion, 64))
                    .col(uuid_null(ContentVersion::BasedOn))
                    .col(text(ContentVersion::Files))
                    .col(string_len(ContentVersion::Digest, 64))
                    .col(uuid_null(ContentVersion::AuthorId))
                    .col(uuid_null(ContentVersion::ReviewerId))
                    .col(text_null(ContentVersion::Note))
                    .col(text_null(ContentVersion::ReviewComment))
                    .col(timestamp_with_time_zone(ContentVersion::CreatedAt))
                    .col(timestamp_with_time_zone(ContentVersion::UpdatedAt))
                    .col(timestamp_with_time_zone_null(ContentVersion::SubmittedAt))
                    .col(timestamp_with_time_zone_null(ContentVersion::PublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_content_version_author")
                            .from(ContentVersion::Table, ContentVersion::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_content_version_reviewer")
                            .from(ContentVersion::Table, ContentVersion::ReviewerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_version_number")
                    .table(ContentVersion::Table)
                    .col(ContentVersion::ModuleId)
                    .col(ContentVersion::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_content_version_status")
                    .table(ContentVersion::Table)
                    .col(ContentVersion::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentContributor::Table)
                    .if_not_exists()
                    .col(uuid(ContentContributor::VersionId))
                    .col(uuid(ContentContributor::UserId))
                    .primary_key(
                        Index::create()
                            .col(ContentContributor::VersionId)
                            .col(ContentContributor::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_content_contributor_version")
                            .from(ContentContributor::Table, ContentContributor::VersionId)
                            .to(ContentVersion::Table, ContentVersion::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_content_contributor_user")
                            .from(ContentContributor::Table, ContentContributor::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentMedia::Table)
                    .if_not_exists()
                    .col(string_len(ContentMedia::ModuleId, 100))
                    .col(string_len(ContentMedia::Name, 128))
                    .col(string_len(ContentMedia::ContentType, 64))
                    .col(ColumnDef::new(ContentMedia::Data).blob().not_null())
                    .col(string_len(ContentMedia::Digest, 64))
                    .col(timestamp_with_time_zone(ContentMedia::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ContentMedia::ModuleId)
                            .col(ContentMedia::Name),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentRevision::Table)
                    .if_not_exists()
                    .col(integer(ContentRevision::Id).primary_key())
                    .col(big_integer(ContentRevision::Revision))
                    .col(timestamp_with_time_zone(ContentRevision::ChangedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ContentUpload::Table)
                    .if_not_exists()
                    .col(uuid(ContentUpload::Id).primary_key())
                    .col(string_len(ContentUpload::ModuleId, 100))
                    .col(uuid(ContentUpload::VersionId))
                    .col(string_len(ContentUpload::Format, 16))
                    .col(string_len(ContentUpload::FileName, 255))
                    .col(text(ContentUpload::Report))
                    .col(timestamp_with_time_zone(ContentUpload::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ContentUpload::Table.into_iden(),
            ContentRevision::Table.into_iden(),
            ContentMedia::Table.into_iden(),
            ContentContributor::Table.into_iden(),
            ContentVersion::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
