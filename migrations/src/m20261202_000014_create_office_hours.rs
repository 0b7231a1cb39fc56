use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A scout's weekly office hour (e.g. Tuesdays 10:00, 60 minutes, room 2.14, 4 places).
#[derive(DeriveIden)]
enum OfficeHour {
    Table,
    Id,
    ScoutId,
    /// 1 = Monday … 7 = Sunday.
    Weekday,
    /// Minutes after midnight, Berlin time.
    StartMinute,
    Minutes,
    Capacity,
    Place,
    CreatedAt,
    RemovedAt,
}

/// A place in one session of an office hour.
#[derive(DeriveIden)]
enum OfficeHourBooking {
    Table,
    Id,
    OfficeHourId,
    UserId,
    /// The session's start.
    StartsAt,
    CreatedAt,
    CancelledAt,
    RemindedAt,
}

/// A workshop a scout announces on a module, for one unit or everyone.
#[derive(DeriveIden)]
enum Workshop {
    Table,
    Id,
    ScoutId,
    ModuleId,
    Title,
    Description,
    StartsAt,
    Minutes,
    Place,
    /// Empty: everyone may register.
    DepartmentId,
    Capacity,
    CreatedAt,
    CancelledAt,
}

#[derive(DeriveIden)]
enum WorkshopRegistration {
    Table,
    Id,
    WorkshopId,
    UserId,
    RegisteredAt,
    CancelledAt,
    /// Set by the scout after the workshop.
    Attended,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OfficeHour::Table)
                    .if_not_exists()
                    .col(pk_uuid(OfficeHour::Id))
                    .col(uuid(OfficeHour::ScoutId))
                    .col(integer(OfficeHour::Weekday))
                    .col(integer(OfficeHour::StartMinute))
                    .col(integer(OfficeHour::Minutes))
                    .col(integer(OfficeHour::Capacity))
                    .col(string_len(OfficeHour::Place, 200))
                    .col(timestamp_with_time_zone(OfficeHour::CreatedAt))
                    .col(timestamp_with_time_zone_null(OfficeHour::RemovedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfficeHourBooking::Table)
                    .if_not_exists()
                    .col(pk_uuid(OfficeHourBooking::Id))
                    .col(uuid(OfficeHourBooking::OfficeHourId))
                    .col(uuid(OfficeHourBooking::UserId))
                    .col(timestamp_with_time_zone(OfficeHourBooking::StartsAt))
                    .col(timestamp_with_time_zone(OfficeHourBooking::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        OfficeHourBooking::CancelledAt,
                    ))
                    .col(timestamp_with_time_zone_null(OfficeHourBooking::RemindedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_office_hour_booking_session")
                    .table(OfficeHourBooking::Table)
                    .col(OfficeHourBooking::OfficeHourId)
                    .col(OfficeHourBooking::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Workshop::Table)
                    .if_not_exists()
                    .col(pk_uuid(Workshop::Id))
                    .col(uuid(Workshop::ScoutId))
                    .col(string_len(Workshop::ModuleId, 64))
                    .col(string_len(Workshop::Title, 200))
                    .col(text(Workshop::Description))
                    .col(timestamp_with_time_zone(Workshop::StartsAt))
                    .col(integer(Workshop::Minutes))
                    .col(string_len(Workshop::Place, 200))
                    .col(uuid_null(Workshop::DepartmentId))
                    .col(integer(Workshop::Capacity))
                    .col(timestamp_with_time_zone(Workshop::CreatedAt))
                    .col(timestamp_with_time_zone_null(Workshop::CancelledAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkshopRegistration::Table)
                    .if_not_exists()
                    .col(pk_uuid(WorkshopRegistration::Id))
                    .col(uuid(WorkshopRegistration::WorkshopId))
                    .col(uuid(WorkshopRegistration::UserId))
                    .col(timestamp_with_time_zone(WorkshopRegistration::RegisteredAt))
                    .col(timestamp_with_time_zone_null(
                        WorkshopRegistration::CancelledAt,
                    ))
                    .col(boolean_null(WorkshopRegistration::Attended))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WorkshopRegistration::Table.into_iden(),
            Workshop::Table.into_iden(),
            OfficeHourBooking::Table.into_iden(),
            OfficeHour::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
