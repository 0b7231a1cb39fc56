use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Employees as the HR system knows them: a personnel number (the key of the CSV import) and a
/// job family that selects the target profile.
#[derive(DeriveIden)]
enum Users {
    Table,
    PersonnelNumber,
    JobFamily,
}

/// The HR system's code of an organisational unit (e.g. `FB 20`), used to match import rows.
#[derive(DeriveIden)]
enum Department {
    Table,
    Code,
}

/// An uploaded employee list: kept between the preview and "apply", applied at most once.
#[derive(DeriveIden)]
enum EmployeeImport {
    Table,
    Id,
    CreatedBy,
    CreatedAt,
    FileName,
    /// The file's text after decoding; the preview and the application both read it from here.
    Content,
    Encoding,
    AppliedAt,
    AppliedBy,
    /// JSON: counts of what the application changed.
    Summary,
}

/// Which report types are switched on (a service agreement may switch some off).
#[derive(DeriveIden)]
enum ReportSetting {
    Table,
    Report,
    Enabled,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE and no constraints there: unique indexes below.
        for column in [
            ColumnDef::new(Users::PersonnelNumber)
                .string_len(32)
                .null()
                .to_owned(),
            ColumnDef::new(Users::JobFamily)
                .string_len(64)
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Department::Table)
                    .add_column(ColumnDef::new(Department::Code).string_len(32).null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_users_personnel_number")
                    .table(Users::Table)
                    .col(Users::PersonnelNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_department_code")
                    .table(Department::Table)
                    .col(Department::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmployeeImport::Table)
                    .if_not_exists()
                    .col(pk_uuid(EmployeeImport::Id))
                    .col(uuid_null(EmployeeImport::CreatedBy))
                    .col(timestamp_with_time_zone(EmployeeImport::CreatedAt))
                    .col(string_len(EmployeeImport::FileName, 255))
                    .col(text(EmployeeImport::Content))
                    .col(string_len(EmployeeImport::Encoding, 32))
                    .col(timestamp_with_time_zone_null(EmployeeImport::AppliedAt))
                    .col(uuid_null(EmployeeImport::AppliedBy))
                    .col(text_null(EmployeeImport::Summary))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportSetting::Table)
                    .if_not_exists()
                    .col(string_len(ReportSetting::Report, 32).primary_key())
                    .col(boolean(ReportSetting::Enabled))
                    .col(timestamp_with_time_zone(ReportSetting::UpdatedAt))
                    .col(uuid_null(ReportSetting::UpdatedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReportSetting::Table.into_iden(),
            EmployeeImport::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_department_code")
                    .table(Department::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_users_personnel_number")
                    .table(Users::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Department::Table)
                    .drop_column(Department::Code)
                    .to_owned(),
            )
            .await?;
        for column in [Users::PersonnelNumber, Users::JobFamily] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
