//! What a graded attempt contributes to the item statistics (`item_stats`): each drawn
//! question's score and, for choice questions, the options chosen (by their index in the
//! content). Used by the grading, in its transaction, and by the rebuild from the stored
//! attempts (`fuehrerschein item-stats rebuild`, and once at the first start after the
//! migration that adds the statistics).
//!
//! Placement tests are not counted (see `item_stats`). A rebuild grades the stored answers with
//! the questions of the current content, so it counts only attempts of each module's current
//! version (an older version's questions may have been different), and only attempts whose
//! answers are still kept: retention deletes them after `retention.quiz_attempts_days`, while
//! the running sums, which name nobody, stay.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::grading::{self, DrawnQuestion};
use crate::content::{ContentStore, Module, QuestionKind};
use crate::db::{attempt_answer, quiz_attempt};
use crate::item_stats::server::{Accumulator, ItemOutcome};

/// The outcome of every drawn question that is still in the content.
pub fn outcomes(
    module: &Module,
    layout: &[DrawnQuestion],
    answers: &[attempt_answer::Model],
) -> Vec<ItemOutcome> {
    layout
        .iter()
        .enumerate()
        .filter_map(|(p, drawn)| {
            let question = module.question(&drawn.id)?;
            let answer = answers
                .iter()
                .find(|a| a.position == p as i32)
                .map(|a| a.answer.as_str())
                .unwrap_or("");
            let picked = match &question.kind {
                QuestionKind::Single { .. } | QuestionKind::Multiple { .. } => {
                    grading::positions(answer)
                        .into_iter()
                        .flatten()
                        .filter_map(|d| drawn.order.get(d).copied())
                        .collect()
                }
                _ => Vec::new(),
            };
            Some(ItemOutcome {
                question_id: drawn.id.clone(),
                score: grading::score(question, drawn, answer, module.quiz.scoring),
                picked,
            })
        })
        .collect()
}

/// Adds a just-graded attempt to the running sums, inside the grading's transaction.
pub async fn record(
    txn: &impl ConnectionTrait,
    module: &Module,
    attempt: &quiz_attempt::Model,
    layout: &[DrawnQuestion],
    answers: &[attempt_answer::Model],
) -> Result<(), DbErr> {
    if attempt.kind != quiz_attempt::KIND_QUIZ {
        return Ok(());
    }
    let outcomes = outcomes(module, layout, answers);
    crate::item_stats::server::record(
        txn,
        &module.id,
        &attempt.module_version,
        crate::item_stats::server::shard_of(attempt.id),
        &outcomes,
    )
    .await
}

/// Attempts read per query during a rebuild.
const CHUNK: usize = 500;

/// Rebuilds all running sums from the stored, graded quiz attempts of every module's current
/// version. `answers_kept_days` is the retention of answers (`retention.quiz_attempts_days`):
/// an older attempt without answers lost them to retention and is left out, while a newer one
/// was submitted blank and counts with nothing right. Returns the number of attempts counted.
pub async fn rebuild(
    db: &sea_orm::DatabaseConnection,
    content: &ContentStore,
    now: chrono::DateTime<chrono::Utc>,
    answers_kept_days: u32,
) -> Result<u64, DbErr> {
    let answers_kept_since = now - chrono::Duration::days(i64::from(answers_kept_days));
    let mut sums = Accumulator::default();
    for module in &content.modules {
        let attempts = quiz_attempt::Entity::find()
            .filter(quiz_attempt::Column::ModuleId.eq(module.id.as_str()))
            .filter(quiz_attempt::Column::ModuleVersion.eq(module.version.as_str()))
            .filter(quiz_attempt::Column::Kind.eq(quiz_attempt::KIND_QUIZ))
            .filter(quiz_attempt::Column::Status.eq(quiz_attempt::STATUS_SUBMITTED))
            .all(db)
            .await?;
        for chunk in attempts.chunks(CHUNK) {
            let mut answers = attempt_answer::Entity::find()
                .filter(attempt_answer::Column::AttemptId.is_in(chunk.iter().map(|a| a.id)))
                .all(db)
                .await?;
            answers.sort_by_key(|a| a.attempt_id);
            for attempt in chunk {
                let Ok(layout) = serde_json::from_str::<Vec<DrawnQuestion>>(&attempt.layout) else {
                    tracing::warn!(module = %module.id, "attempt with an unreadable layout skipped");
                    continue;
                };
                let start = answers.partition_point(|a| a.attempt_id < attempt.id);
                let end = answers.partition_point(|a| a.attempt_id <= attempt.id);
                // Retention deleted its answers: the attempt cannot be graded again.
                if start == end && attempt.started_at < answers_kept_since {
                    continue;
                }
                sums.add(
                    &module.id,
                    &attempt.module_version,
                    &outcomes(module, &layout, &answers[start..end]),
                );
            }
        }
    }
    let counted = sums.attempts();
    crate::item_stats::server::replace_all(db, sums, now).await?;
    Ok(counted)
}

/// Rebuilds the sums once, when they never were (the first start after the migration that adds
/// them, on an installation that may already have attempts). Returns whether it did.
pub async fn ensure_rebuilt(
    db: &sea_orm::DatabaseConnection,
    content: &ContentStore,
    now: chrono::DateTime<chrono::Utc>,
    answers_kept_days: u32,
) -> Result<bool, DbErr> {
    if crate::item_stats::server::was_rebuilt(db).await? {
        return Ok(false);
    }
    let counted = rebuild(db, content, now, answers_kept_days).await?;
    tracing::info!(
        attempts = counted,
        "item statistics rebuilt from the stored attempts"
    );
    Ok(true)
}
