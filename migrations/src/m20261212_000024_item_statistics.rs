//! Item statistics of the quizzes and the questions learners report (issue 20, point 2):
//!
//! - `item_statistic`: running sums per question of a module version, updated in the
//!   transaction that grades an attempt: how many graded attempts drew it (`attempts`), and
//!   Σx, Σx², Σy, Σy², Σxy with x the question's score (0…1) and y the rest of the attempt's
//!   score (total minus x). Facility and discrimination follow from these in constant time.
//! - `item_option_pick`: how often each option of a single- or multiple-choice question was
//!   chosen, by its index in the content (not the shuffled display position).
//! - `item_statistic_module`: how many graded attempts of a module version were counted.
//! - `item_statistic_rebuild`: one row (id 1) once the sums were rebuilt from the stored
//!   attempts; without it the next start rebuilds them (installations with attempts from before
//!   this migration).
//! - `shard` (0…15) in the keys of the sums: a submission adds to the rows of one shard, chosen by
//!   its attempt, so that concurrent submissions of one module (on PostgreSQL, where they run
//!   side by side) seldom wait for the same rows; a page adds the shards up.
//! - `question_report`: a question a learner reported ("Frage melden"), with the comment. It
//!   does not say who reported: the editors who read it must not learn it.
//!
//! Nothing here names a person.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ItemStatistic {
    Table,
    ModuleId,
    ModuleVersion,
    Shard,
    QuestionId,
    Attempts,
    SumX,
    SumX2,
    SumY,
    SumY2,
    SumXy,
}

#[derive(DeriveIden)]
enum ItemOptionPick {
    Table,
    ModuleId,
    ModuleVersion,
    Shard,
    QuestionId,
    OptionIndex,
    Picks,
}

#[derive(DeriveIden)]
enum ItemStatisticModule {
    Table,
    ModuleId,
    ModuleVersion,
    Shard,
    Attempts,
}

#[derive(DeriveIden)]
enum ItemStatisticRebuild {
    Table,
    Id,
    RebuiltAt,
}

#[derive(DeriveIden)]
enum QuestionReport {
    Table,
    Id,
    ModuleId,
    ModuleVersion,
    QuestionId,
    Comment,
    CreatedAt,
    ResolvedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ItemStatistic::Table)
                    .if_not_exists()
                    .col(string_len(ItemStatistic::ModuleId, 100))
                    .col(string_len(ItemStatistic::ModuleVersion, 64))
                    .col(integer(ItemStatistic::Shard))
                    .col(string_len(ItemStatistic::QuestionId, 200))
                    .col(big_integer(ItemStatistic::Attempts))
                    .col(double(ItemStatistic::SumX))
                    .col(double(ItemStatistic::SumX2))
                    .col(double(ItemStatistic::SumY))
                    .col(double(ItemStatistic::SumY2))
                    .col(double(ItemStatistic::SumXy))
                    .primary_key(
                        Index::create()
                            .col(ItemStatistic::ModuleId)
                            .col(ItemStatistic::ModuleVersion)
                            .col(ItemStatistic::QuestionId)
                            .col(ItemStatistic::Shard),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ItemOptionPick::Table)
                    .if_not_exists()
                    .col(string_len(ItemOptionPick::ModuleId, 100))
                    .col(string_len(ItemOptionPick::ModuleVersion, 64))
                    .col(integer(ItemOptionPick::Shard))
                    .col(string_len(ItemOptionPick::QuestionId, 200))
                    .col(integer(ItemOptionPick::OptionIndex))
                    .col(big_integer(ItemOptionPick::Picks))
                    .primary_key(
                        Index::create()
                            .col(ItemOptionPick::ModuleId)
                            .col(ItemOptionPick::ModuleVersion)
                            .col(ItemOptionPick::QuestionId)
                            .col(ItemOptionPick::OptionIndex)
                            .col(ItemOptionPick::Shard),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ItemStatisticModule::Table)
                    .if_not_exists()
                    .col(string_len(ItemStatisticModule::ModuleId, 100))
                    .col(string_len(ItemStatisticModule::ModuleVersion, 64))
                    .col(integer(ItemStatisticModule::Shard))
                    .col(big_integer(ItemStatisticModule::Attempts))
                    .primary_key(
                        Index::create()
                            .col(ItemStatisticModule::ModuleId)
                            .col(ItemStatisticModule::ModuleVersion)
                            .col(ItemStatisticModule::Shard),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ItemStatisticRebuild::Table)
                    .if_not_exists()
                    .col(integer(ItemStatisticRebuild::Id).primary_key())
                    .col(timestamp_with_time_zone(ItemStatisticRebuild::RebuiltAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuestionReport::Table)
                    .if_not_exists()
                    .col(uuid(QuestionReport::Id).primary_key())
                    .col(string_len(QuestionReport::ModuleId, 100))
                    .col(string_len(QuestionReport::ModuleVersion, 64))
                    .col(string_len(QuestionReport::QuestionId, 200))
                    .col(text(QuestionReport::Comment))
                    .col(timestamp_with_time_zone(QuestionReport::CreatedAt))
                    .col(timestamp_with_time_zone_null(QuestionReport::ResolvedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_question_report_module")
                    .table(QuestionReport::Table)
                    .col(QuestionReport::ModuleId)
                    .col(QuestionReport::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            QuestionReport::Table.into_iden(),
            ItemStatisticRebuild::Table.into_iden(),
            ItemStatisticModule::Table.into_iden(),
            ItemOptionPick::Table.into_iden(),
            ItemStatistic::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
