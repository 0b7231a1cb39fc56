//! A person's own data (DSGVO Art. 15–17, 20) and its retention:
//!
//! - `users.erased_at`: when the person's data was erased. The row stays, without anything that
//!   names the person, so that what others did with them (a scout's answered requests, a board
//!   thread) and the figures already released stay whole.
//! - `data_request`: a person's request to correct or erase their data, and the answer of the
//!   administrator who handled it (kept as proof that it was handled, Art. 5(2)).
//! - `job_run`: which instance ran a daily job on which day. The first instance to insert the
//!   day's row runs the job; every other instance finds it and skips, so a job runs once a day
//!   however many instances serve.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    ErasedAt,
}

#[derive(DeriveIden)]
enum DataRequest {
    Table,
    Id,
    UserId,
    /// `erasure` or `correction`.
    Kind,
    Message,
    /// `open`, `done` or `refused`.
    Status,
    CreatedAt,
    DecidedAt,
    DecidedBy,
    Answer,
}

#[derive(DeriveIden)]
enum JobRun {
    Table,
    Job,
    /// The day (`YYYY-MM-DD`, Europe/Berlin) the run is for.
    Day,
    Instance,
    StartedAt,
    FinishedAt,
    /// What the run did, as JSON counts (no personal data).
    Summary,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(Users::ErasedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DataRequest::Table)
                    .if_not_exists()
                    .col(uuid(DataRequest::Id).primary_key())
                    .col(uuid(DataRequest::UserId))
                    .col(string_len(DataRequest::Kind, 20))
                    .col(text(DataRequest::Message))
                    .col(string_len(DataRequest::Status, 20))
                    .col(timestamp_with_time_zone(DataRequest::CreatedAt))
                    .col(timestamp_with_time_zone_null(DataRequest::DecidedAt))
                    .col(uuid_null(DataRequest::DecidedBy))
                    .col(text_null(DataRequest::Answer))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_data_request_user")
                            .from(DataRequest::Table, DataRequest::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_data_request_decided_by")
                            .from(DataRequest::Table, DataRequest::DecidedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_data_request_user")
                    .table(DataRequest::Table)
                    .col(DataRequest::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_data_request_status")
                    .table(DataRequest::Table)
                    .col(DataRequest::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobRun::Table)
                    .if_not_exists()
                    .col(string_len(JobRun::Job, 40))
                    .col(string_len(JobRun::Day, 10))
                    .col(string_len(JobRun::Instance, 100))
                    .col(timestamp_with_time_zone(JobRun::StartedAt))
                    .col(timestamp_with_time_zone_null(JobRun::FinishedAt))
                    .col(text_null(JobRun::Summary))
                    .primary_key(Index::create().col(JobRun::Job).col(JobRun::Day))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobRun::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(DataRequest::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::ErasedAt)
                    .to_owned(),
            )
            .await
    }
}
