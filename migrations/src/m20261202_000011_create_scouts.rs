use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What a digital scout tells colleagues about themselves. One row per scout; the role itself
/// lives in `user_role`.
#[derive(DeriveIden)]
enum ScoutProfile {
    Table,
    UserId,
    /// A short text in the scout's own words; shown as plain text.
    About,
    /// Comma-separated: `in_person`, `phone`, `video`.
    Channels,
    /// Free text, e.g. "Deutsch, Türkisch".
    Languages,
    /// The most requests the scout works on at a time; matching skips a full scout.
    Capacity,
    /// Free text, e.g. "dienstags 10–12 Uhr, Raum 2.14".
    OfficeHours,
    UpdatedAt,
}

/// The units a scout serves (one scout can serve several, one unit can have several scouts).
#[derive(DeriveIden)]
enum ScoutDepartment {
    Table,
    ScoutId,
    DepartmentId,
}

/// The competences a scout helps with (ids from content/competences.toml).
#[derive(DeriveIden)]
enum ScoutTopic {
    Table,
    ScoutId,
    Competence,
}

/// A colleague's request for help. It is addressed to one scout at a time; a decline or three
/// working days without an answer pass it to the next match (`passed_over`).
#[derive(DeriveIden)]
enum HelpRequest {
    Table,
    Id,
    RequesterId,
    /// The requester's unit when they asked: the impact figures group by it.
    DepartmentId,
    /// The scout it is addressed to now; empty when no scout is left.
    ScoutId,
    /// A competence id.
    Topic,
    Description,
    /// `in_person`, `phone` or `video`.
    Channel,
    PreferredTimes,
    /// `open`, `accepted`, `closed`, `unassigned`, `withdrawn`.
    Status,
    CreatedAt,
    /// When the current scout got it; the three working days count from here.
    AssignedAt,
    /// The first answer of any scout (accept, decline or a proposed time).
    FirstAnswerAt,
    /// JSON array of the scouts who declined it or let it lie.
    PassedOver,
    MeetingAt,
    MeetingMinutes,
    /// Where or how to meet, as the scout wrote it.
    MeetingPlace,
    /// Raised with every new time, so calendars replace the earlier invitation (RFC 5545).
    MeetingSequence,
    ClosedAt,
    Rating,
    FeedbackComment,
    FeedbackAt,
}

/// An employee lets one scout see their module progress, until they revoke it.
#[derive(DeriveIden)]
enum ProgressShare {
    Table,
    Id,
    UserId,
    ScoutId,
    GrantedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ScoutProfile::Table)
                    .if_not_exists()
                    .col(uuid(ScoutProfile::UserId).primary_key())
                    .col(text(ScoutProfile::About))
                    .col(string_len(ScoutProfile::Channels, 64))
                    .col(string_len(ScoutProfile::Languages, 200))
                    .col(integer(ScoutProfile::Capacity))
                    .col(text(ScoutProfile::OfficeHours))
                    .col(timestamp_with_time_zone(ScoutProfile::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScoutDepartment::Table)
                    .if_not_exists()
                    .col(uuid(ScoutDepartment::ScoutId))
                    .col(uuid(ScoutDepartment::DepartmentId))
                    .primary_key(
                        Index::create()
                            .col(ScoutDepartment::ScoutId)
                            .col(ScoutDepartment::DepartmentId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ScoutTopic::Table)
                    .if_not_exists()
                    .col(uuid(ScoutTopic::ScoutId))
                    .col(string_len(ScoutTopic::Competence, 64))
                    .primary_key(
                        Index::create()
                            .col(ScoutTopic::ScoutId)
                            .col(ScoutTopic::Competence),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(HelpRequest::Table)
                    .if_not_exists()
                    .col(pk_uuid(HelpRequest::Id))
                    .col(uuid(HelpRequest::RequesterId))
                    .col(uuid_null(HelpRequest::DepartmentId))
                    .col(uuid_null(HelpRequest::ScoutId))
                    .col(string_len(HelpRequest::Topic, 64))
                    .col(text(HelpRequest::Description))
                    .col(string_len(HelpRequest::Channel, 16))
                    .col(text(HelpRequest::PreferredTimes))
                    .col(string_len(HelpRequest::Status, 16))
                    .col(timestamp_with_time_zone(HelpRequest::CreatedAt))
                    .col(timestamp_with_time_zone(HelpRequest::AssignedAt))
                    .col(timestamp_with_time_zone_null(HelpRequest::FirstAnswerAt))
                    .col(text(HelpRequest::PassedOver))
                    .col(timestamp_with_time_zone_null(HelpRequest::MeetingAt))
                    .col(integer_null(HelpRequest::MeetingMinutes))
                    .col(text_null(HelpRequest::MeetingPlace))
                    .col(integer(HelpRequest::MeetingSequence))
                    .col(timestamp_with_time_zone_null(HelpRequest::ClosedAt))
                    .col(integer_null(HelpRequest::Rating))
                    .col(text_null(HelpRequest::FeedbackComment))
                    .col(timestamp_with_time_zone_null(HelpRequest::FeedbackAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_help_request_scout", HelpRequest::ScoutId),
            ("idx_help_request_requester", HelpRequest::RequesterId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(HelpRequest::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ProgressShare::Table)
                    .if_not_exists()
                    .col(pk_uuid(ProgressShare::Id))
                    .col(uuid(ProgressShare::UserId))
                    .col(uuid(ProgressShare::ScoutId))
                    .col(timestamp_with_time_zone(ProgressShare::GrantedAt))
                    .col(timestamp_with_time_zone_null(ProgressShare::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_progress_share_user_scout")
                    .table(ProgressShare::Table)
                    .col(ProgressShare::UserId)
                    .col(ProgressShare::ScoutId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProgressShare::Table.into_iden(),
            HelpRequest::Table.into_iden(),
            ScoutTopic::Table.into_iden(),
            ScoutDepartment::Table.into_iden(),
            ScoutProfile::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
