use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Which lessons a learner has marked as read.
#[derive(DeriveIden)]
enum LessonProgress {
    Table,
    UserId,
    ModuleId,
    LessonSlug,
    ReadAt,
}

/// One quiz or placement attempt: the drawn questions and their shuffled order are fixed when it
/// starts (`layout`), so a reload shows the same quiz.
#[derive(DeriveIden)]
enum QuizAttempt {
    Table,
    Id,
    UserId,
    ModuleId,
    ModuleVersion,
    Kind,
    Status,
    StartedAt,
    DeadlineAt,
    SubmittedAt,
    ScorePercent,
    Passed,
    Layout,
}

/// The learner's answer to one question of an attempt, saved as they go.
#[derive(DeriveIden)]
enum AttemptAnswer {
    Table,
    AttemptId,
    Position,
    Answer,
    SavedAt,
}

/// A competence at a level, proven by a passed attempt of a module version.
#[derive(DeriveIden)]
enum Evidence {
    Table,
    Id,
    UserId,
    CompetenceId,
    Level,
    ModuleId,
    ModuleVersion,
    AttemptId,
    AchievedAt,
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
                    .table(LessonProgress::Table)
                    .if_not_exists()
                    .col(uuid(LessonProgress::UserId))
                    .col(string_len(LessonProgress::ModuleId, 64))
                    .col(string_len(LessonProgress::LessonSlug, 128))
                    .col(timestamp_with_time_zone(LessonProgress::ReadAt))
                    .primary_key(
                        Index::create()
                            .col(LessonProgress::UserId)
                            .col(LessonProgress::ModuleId)
                            .col(LessonProgress::LessonSlug),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lesson_progress_user")
                            .from(LessonProgress::Table, LessonProgress::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QuizAttempt::Table)
                    .if_not_exists()
                    .col(pk_uuid(QuizAttempt::Id))
                    .col(uuid(QuizAttempt::UserId))
                    .col(string_len(QuizAttempt::ModuleId, 64))
                    .col(string_len(QuizAttempt::ModuleVersion, 32))
                    .col(string_len(QuizAttempt::Kind, 16))
                    .col(string_len(QuizAttempt::Status, 16))
                    .col(timestamp_with_time_zone(QuizAttempt::StartedAt))
                    .col(timestamp_with_time_zone_null(QuizAttempt::DeadlineAt))
                    .col(timestamp_with_time_zone_null(QuizAttempt::SubmittedAt))
                    .col(integer_null(QuizAttempt::ScorePercent))
                    .col(boolean_null(QuizAttempt::Passed))
                    .col(text(QuizAttempt::Layout))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_quiz_attempt_user")
                            .from(QuizAttempt::Table, QuizAttempt::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_quiz_attempt_user_module")
                    .table(QuizAttempt::Table)
                    .col(QuizAttempt::UserId)
                    .col(QuizAttempt::ModuleId)
                    .to_owned(),
            )
            .await?;
        // One open attempt per learner and module, even when two clicks race: a partial unique
        // index, which SQLite and PostgreSQL both understand.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX IF NOT EXISTS idx_quiz_attempt_one_open \
                 ON quiz_attempt (user_id, module_id) WHERE status = 'open'",
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AttemptAnswer::Table)
                    .if_not_exists()
                    .col(uuid(AttemptAnswer::AttemptId))
                    .col(integer(AttemptAnswer::Position))
                    .col(text(AttemptAnswer::Answer))
                    .col(timestamp_with_time_zone(AttemptAnswer::SavedAt))
                    .primary_key(
                        Index::create()
                            .col(AttemptAnswer::AttemptId)
                            .col(AttemptAnswer::Position),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attempt_answer_attempt")
                            .from(AttemptAnswer::Table, AttemptAnswer::AttemptId)
                            .to(QuizAttempt::Table, QuizAttempt::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Evidence::Table)
                    .if_not_exists()
                    .col(pk_uuid(Evidence::Id))
                    .col(uuid(Evidence::UserId))
                    .col(string_len(Evidence::CompetenceId, 64))
                    .col(integer(Evidence::Level))
                    .col(string_len(Evidence::ModuleId, 64))
                    .col(string_len(Evidence::ModuleVersion, 32))
                    .col(uuid(Evidence::AttemptId))
                    .col(timestamp_with_time_zone(Evidence::AchievedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_user")
                            .from(Evidence::Table, Evidence::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_attempt")
                            .from(Evidence::Table, Evidence::AttemptId)
                            .to(QuizAttempt::Table, QuizAttempt::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_evidence_attempt_competence")
                    .table(Evidence::Table)
                    .col(Evidence::AttemptId)
                    .col(Evidence::CompetenceId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_evidence_user")
                    .table(Evidence::Table)
                    .col(Evidence::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Evidence::Table.into_iden(),
            AttemptAnswer::Table.into_iden(),
            QuizAttempt::Table.into_iden(),
            LessonProgress::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
