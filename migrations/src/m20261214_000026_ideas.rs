//! The ideas scheme ("Ideenbörse", issue 21, point 1):
//!
//! - `idea`: an idea of a member of staff, with its current status. A named idea holds its
//!   author in `author_id`. An anonymous idea holds no author at all: `author_id` stays empty and
//!   `author_tag` holds a keyed digest (HMAC-SHA256 under a server secret) of the idea's id and
//!   the author's account id, so that the platform can recognise the author when they are at
//!   hand (their own list, their data export) and find them to send a status mail, without the
//!   table saying who it is. `submitted_on` is a calendar day (`YYYY-MM-DD`, Berlin), for every
//!   idea alike: an anonymous idea's time of day could be matched against other records.
//! - `idea_status`: the history of status changes by the coordination office, with the office's
//!   message (the reason, for a declined idea). It names no person: the office speaks as one;
//!   who in the office acted is in the audit log.
//! - `idea_support`: who supports which idea (once per person). Only the count is ever shown.
//! - `idea_comment`: comments by name; the office may hide one with a reason.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Idea {
    Table,
    Id,
    Title,
    /// What is wrong today.
    Problem,
    Proposal,
    /// The unit concerned, from the organisation tree; optional.
    DepartmentId,
    /// The process concerned, as text; may be empty.
    Process,
    Anonymous,
    AuthorId,
    AuthorTag,
    /// `received`, `examining`, `accepted`, `implemented` or `declined`.
    Status,
    SubmittedOn,
    /// When the office last changed the status (for the newsletter's month); empty until then.
    StatusChangedAt,
}

#[derive(DeriveIden)]
enum IdeaStatus {
    Table,
    Id,
    IdeaId,
    Status,
    Message,
    ChangedAt,
}

#[derive(DeriveIden)]
enum IdeaSupport {
    Table,
    IdeaId,
    SupporterId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdeaComment {
    Table,
    Id,
    IdeaId,
    AuthorId,
    Body,
    CreatedAt,
    HiddenAt,
    HiddenReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Idea::Table)
                    .if_not_exists()
                    .col(pk_uuid(Idea::Id))
                    .col(string_len(Idea::Title, 200))
                    .col(text(Idea::Problem))
                    .col(text(Idea::Proposal))
                    .col(uuid_null(Idea::DepartmentId))
                    .col(string_len(Idea::Process, 200))
                    .col(boolean(Idea::Anonymous))
                    .col(uuid_null(Idea::AuthorId))
                    .col(string_len_null(Idea::AuthorTag, 64))
                    .col(string_len(Idea::Status, 16))
                    .col(string_len(Idea::SubmittedOn, 10))
                    .col(timestamp_with_time_zone_null(Idea::StatusChangedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_idea_status", Idea::Status),
            ("idx_idea_author", Idea::AuthorId),
            ("idx_idea_department", Idea::DepartmentId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Idea::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(IdeaStatus::Table)
                    .if_not_exists()
                    .col(pk_uuid(IdeaStatus::Id))
                    .col(uuid(IdeaStatus::IdeaId))
                    .col(string_len(IdeaStatus::Status, 16))
                    .col(text(IdeaStatus::Message))
                    .col(timestamp_with_time_zone(IdeaStatus::ChangedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idea_status_idea")
                    .table(IdeaStatus::Table)
                    .col(IdeaStatus::IdeaId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdeaSupport::Table)
                    .if_not_exists()
                    .col(uuid(IdeaSupport::IdeaId))
                    .col(uuid(IdeaSupport::SupporterId))
                    .col(timestamp_with_time_zone(IdeaSupport::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(IdeaSupport::IdeaId)
                            .col(IdeaSupport::SupporterId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idea_support_supporter")
                    .table(IdeaSupport::Table)
                    .col(IdeaSupport::SupporterId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(IdeaComment::Table)
                    .if_not_exists()
                    .col(pk_uuid(IdeaComment::Id))
                    .col(uuid(IdeaComment::IdeaId))
                    .col(uuid(IdeaComment::AuthorId))
                    .col(text(IdeaComment::Body))
                    .col(timestamp_with_time_zone(IdeaComment::CreatedAt))
                    .col(timestamp_with_time_zone_null(IdeaComment::HiddenAt))
                    .col(text_null(IdeaComment::HiddenReason))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_idea_comment_idea", IdeaComment::IdeaId),
            ("idx_idea_comment_author", IdeaComment::AuthorId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(IdeaComment::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdeaComment::Table.into_iden(),
            IdeaSupport::Table.into_iden(),
            IdeaStatus::Table.into_iden(),
            Idea::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
