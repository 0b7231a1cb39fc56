//! The reports' per-person summary: what a person's passes amount to over time, one row per
//! person, kept current by the transaction that records a pass. The reports read 20,000 of these
//! rows instead of every evidence row ever recorded (about 1.8 million at 1,000,000 attempts).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PersonSummary {
    Table,
    UserId,
    /// The periods in which the person held each competence level, one per line
    /// (`level from until competence`, Unix seconds, `-` for no end).
    Spans,
    /// What the spans were computed with (the modules' refresh intervals and the format); a row
    /// with another basis is computed afresh from the evidence when it is read.
    Basis,
}

/// One row: the basis every person's summary was last rebuilt with (empty until the first
/// rebuild, which the first start after this migration does).
#[derive(DeriveIden)]
enum PersonSummaryBasis {
    Table,
    Id,
    Basis,
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
                    .table(PersonSummary::Table)
                    .if_not_exists()
                    .col(pk_uuid(PersonSummary::UserId))
                    .col(text(PersonSummary::Spans))
                    .col(string_len(PersonSummary::Basis, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_summary_user")
                            .from(PersonSummary::Table, PersonSummary::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PersonSummaryBasis::Table)
                    .if_not_exists()
                    .col(integer(PersonSummaryBasis::Id).primary_key())
                    .col(string_len(PersonSummaryBasis::Basis, 64))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersonSummaryBasis::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PersonSummary::Table).to_owned())
            .await
    }
}
