//! Differential privacy for the reports: every figure family's counts are released once per
//! period with calibrated noise and kept, so that asking again (on this instance or another)
//! gives the same value and the noise cannot be averaged away.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One released series of counts: a measure (e.g. "meets the target in competence X") in one
/// period, with the noise it was released with. Inserted once; the primary key decides which
/// instance's draw wins.
#[derive(DeriveIden)]
enum ReleasedMeasure {
    Table,
    Period,
    Measure,
    /// The figure family whose privacy budget pays for it (`heatmap`, `gaps`, ...).
    Family,
    Epsilon,
    /// How much one person can change a count of this measure.
    Sensitivity,
    ReleasedAt,
}

/// The released counts of a measure, one per group (unit and job family, or the whole
/// organisation): how many people the group had then, and the noisy count. No person appears.
#[derive(DeriveIden)]
enum ReleasedCount {
    Table,
    Period,
    Measure,
    /// `unit id/job family` (`-` for none), or `*` for the whole organisation.
    Cell,
    Total,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReleasedMeasure::Table)
                    .if_not_exists()
                    .col(string_len(ReleasedMeasure::Period, 16))
                    .col(string_len(ReleasedMeasure::Measure, 160))
                    .col(string_len(ReleasedMeasure::Family, 32))
                    .col(double(ReleasedMeasure::Epsilon))
                    .col(integer(ReleasedMeasure::Sensitivity))
                    .col(timestamp_with_time_zone(ReleasedMeasure::ReleasedAt))
                    .primary_key(
                        Index::create()
                            .col(ReleasedMeasure::Period)
                            .col(ReleasedMeasure::Measure),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReleasedCount::Table)
                    .if_not_exists()
                    .col(string_len(ReleasedCount::Period, 16))
                    .col(string_len(ReleasedCount::Measure, 160))
                    .col(string_len(ReleasedCount::Cell, 120))
                    .col(big_integer(ReleasedCount::Total))
                    .col(big_integer(ReleasedCount::Value))
                    .primary_key(
                        Index::create()
                            .col(ReleasedCount::Period)
                            .col(ReleasedCount::Measure)
                            .col(ReleasedCount::Cell),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReleasedCount::Table.into_iden(),
            ReleasedMeasure::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
