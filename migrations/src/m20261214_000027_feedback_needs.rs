//! Feedback on the offers and training needs named by staff (issue 21, points 2 and 3):
//!
//! - `feedback_given`: that a person rated an offer (a module or a workshop), without the
//!   rating and without a time: it allows one rating per person and offer and shows in the
//!   person's data export.
//! - `feedback_rating`: one rating (1–5) with its optional comment, without the person and
//!   without a time, under a random id, so that no row can be matched to `feedback_given`.
//! - `feedback_snapshot`: what the editors and the coordination office see of an offer: the
//!   figures and comments as of the last step. A new snapshot is taken only once at least k
//!   (the minimum group size) new ratings have come in since the last one, so that comparing two
//!   views never isolates one rating.
//! - `training_need`: a need a person reported ("Bildungsbedarf melden"): topic, competence,
//!   urgency, and for a team lead the number of people concerned. Withdrawing deletes the row.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FeedbackGiven {
    Table,
    UserId,
    OfferKind,
    OfferId,
}

#[derive(DeriveIden)]
enum FeedbackRating {
    Table,
    Id,
    OfferKind,
    OfferId,
    Rating,
    Comment,
}

#[derive(DeriveIden)]
enum FeedbackSnapshot {
    Table,
    OfferKind,
    OfferId,
    Ratings,
    Rated1,
    Rated2,
    Rated3,
    Rated4,
    Rated5,
    Comments,
}

#[derive(DeriveIden)]
enum TrainingNeed {
    Table,
    Id,
    UserId,
    Topic,
    Competence,
    Urgency,
    TeamSize,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FeedbackGiven::Table)
                    .if_not_exists()
                    .col(uuid(FeedbackGiven::UserId))
                    .col(string_len(FeedbackGiven::OfferKind, 16))
                    .col(string_len(FeedbackGiven::OfferId, 100))
                    .primary_key(
                        Index::create()
                            .col(FeedbackGiven::UserId)
                            .col(FeedbackGiven::OfferKind)
                            .col(FeedbackGiven::OfferId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_feedback_given_user")
                            .from(FeedbackGiven::Table, FeedbackGiven::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackRating::Table)
                    .if_not_exists()
                    .col(uuid(FeedbackRating::Id).primary_key())
                    .col(string_len(FeedbackRating::OfferKind, 16))
                    .col(string_len(FeedbackRating::OfferId, 100))
                    .col(small_integer(FeedbackRating::Rating))
                    .col(text_null(FeedbackRating::Comment))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_feedback_rating_offer")
                    .table(FeedbackRating::Table)
                    .col(FeedbackRating::OfferKind)
                    .col(FeedbackRating::OfferId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeedbackSnapshot::Table)
                    .if_not_exists()
                    .col(string_len(FeedbackSnapshot::OfferKind, 16))
                    .col(string_len(FeedbackSnapshot::OfferId, 100))
                    .col(big_integer(FeedbackSnapshot::Ratings))
                    .col(big_integer(FeedbackSnapshot::Rated1))
                    .col(big_integer(FeedbackSnapshot::Rated2))
                    .col(big_integer(FeedbackSnapshot::Rated3))
                    .col(big_integer(FeedbackSnapshot::Rated4))
                    .col(big_integer(FeedbackSnapshot::Rated5))
                    .col(text(FeedbackSnapshot::Comments))
                    .primary_key(
                        Index::create()
                            .col(FeedbackSnapshot::OfferKind)
                            .col(FeedbackSnapshot::OfferId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TrainingNeed::Table)
                    .if_not_exists()
                    .col(uuid(TrainingNeed::Id).primary_key())
                    .col(uuid(TrainingNeed::UserId))
                    .col(string_len(TrainingNeed::Topic, 200))
                    .col(string_len(TrainingNeed::Competence, 100))
                    .col(string_len(TrainingNeed::Urgency, 16))
                    .col(integer_null(TrainingNeed::TeamSize))
                    .col(timestamp_with_time_zone(TrainingNeed::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_training_need_user")
                            .from(TrainingNeed::Table, TrainingNeed::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_training_need_user")
                    .table(TrainingNeed::Table)
                    .col(TrainingNeed::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TrainingNeed::Table.into_iden(),
            FeedbackSnapshot::Table.into_iden(),
            FeedbackRating::Table.into_iden(),
            FeedbackGiven::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
