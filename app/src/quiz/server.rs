//! Attempts on the server: start, save, submit exactly once, grade, record evidence.

use crate::content::HasContent;
use std::sync::Arc;

use rand::seq::SliceRandom;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::grading::{self, DrawnQuestion};
use super::{AttemptView, QuestionType, QuestionView, ResultQuestion, ResultView};
use crate::auth::CurrentUser;
use crate::content::{Module, NextTry, PastAttempt, Question, QuestionKind};
use crate::context::AppContext;
use crate::db::{attempt_answer, evidence, lesson_progress, quiz_attempt};
use crate::error::AppError;
use crate::i18n::{I18n, Locale};
use crate::learning::CompetenceRef;
use crate::learning::server::{find_module, find_module_version, passed_modules};

/// Answers may arrive this long after the deadline (a slow connection, a click at the last
/// second) and still count.
const DEADLINE_GRACE_SECONDS: i64 = 30;

/// A permutation of `0..n`, different from the identity where possible so that the right order
/// never shows through.
fn shuffled(n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = rand::rng();
    for _ in 0..8 {
        order.shuffle(&mut rng);
        if n < 2 || order.iter().enumerate().any(|(i, v)| i != *v) {
            break;
        }
    }
    order
}

/// Draws the questions of a new attempt and fixes their display order: first one question of
/// every lesson (of as many lessons as the draw allows, chosen at random), then the rest at
/// random from the whole pool, so that no attempt skips a lesson.
pub fn draw(module: &Module) -> Vec<DrawnQuestion> {
    let size = module.quiz.draw;
    let mut rng = rand::rng();
    let mut pool: Vec<&Question> = module.quiz.questions.iter().collect();
    pool.shuffle(&mut rng);
    let mut lessons: Vec<&str> = module.lessons.iter().map(|l| l.slug.as_str()).collect();
    lessons.shuffle(&mut rng);
    let mut chosen: Vec<&Question> = Vec::with_capacity(size);
    for lesson in lessons {
        if chosen.len() == size {
            break;
        }
        if let Some(i) = pool.iter().position(|q| q.lesson == lesson) {
            chosen.push(pool.swap_remove(i));
        }
    }
    let missing = size.saturating_sub(chosen.len());
    chosen.extend(pool.into_iter().take(missing));
    chosen.shuffle(&mut rng);
    chosen
        .into_iter()
        .map(|q| {
            let order = match &q.kind {
                QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                    let mut order: Vec<usize> = (0..options.len()).collect();
                    order.shuffle(&mut rng);
                    order
                }
                QuestionKind::Ordering { items } => shuffled(items.len()),
                QuestionKind::Matching { pairs } => shuffled(pairs.len()),
                _ => Vec::new(),
            };
            DrawnQuestion {
                id: q.id.clone(),
                order,
            }
        })
        .collect()
}

fn layout_of(attempt: &quiz_attempt::Model) -> Result<Vec<DrawnQuestion>, AppError> {
    serde_json::from_str(&attempt.layout).map_err(|err| {
        tracing::error!(error = %err, "unreadable attempt layout");
        AppError::Internal
    })
}

/// The learner's own attempt, read through `db`: the reader for the pages, the writer where the
/// attempt decides a write.
async fn own_attempt(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: &str,
) -> Result<quiz_attempt::Model, AppError> {
    let id = AppError::parse_id(id)?;
    let attempt = quiz_attempt::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Someone else's attempt does not exist for this user, not even as "forbidden".
    if attempt.user_id != me.id {
        return Err(AppError::NotFound);
    }
    Ok(attempt)
}

fn question_of<'m>(module: &'m Module, drawn: &DrawnQuestion) -> Result<&'m Question, AppError> {
    module.question(&drawn.id).ok_or_else(|| {
        tracing::error!(module = %module.id, "a drawn question is no longer in the curriculum");
        AppError::Internal
    })
}

pub async fn start(
    ctx: &AppContext,
    me: &CurrentUser,
    module_id: String,
    placement: bool,
) -> Result<String, AppError> {
    let module = find_module(ctx, &module_id)?;
    let attempts = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(me.id))
        .filter(quiz_attempt::Column::ModuleId.eq(module.id.as_str()))
        .order_by_desc(quiz_attempt::Column::StartedAt)
        .all(&ctx.db)
        .await?;
    if let Some(open) = attempts
        .iter()
        .find(|a| a.status == quiz_attempt::STATUS_OPEN)
    {
        return Ok(format!("/quiz/{}/question/1", open.id));
    }
    let now = ctx.now();
    let passed = passed_modules(&ctx.db, me.id).await?.contains(&module.id);
    if placement {
        let started_reading = lesson_progress::Entity::find()
            .filter(lesson_progress::Column::UserId.eq(me.id))
            .filter(lesson_progress::Column::ModuleId.eq(module.id.as_str()))
            .one(&ctx.db)
            .await?
            .is_some();
        if passed || started_reading || attempts.iter().any(|a| a.module_version == module.version)
        {
            return Err(AppError::Conflict("placement-not-available".into()));
        }
    } else if !passed {
        let history: Vec<PastAttempt> = attempts
            .iter()
            .map(|a| past_attempt(a, &module.version))
            .collect();
        match module.quiz.next_try(&history, now) {
            NextTry::Now => {}
            NextTry::After(_) => return Err(AppError::Conflict("quiz-cooldown".into())),
            NextTry::Tomorrow(_) => return Err(AppError::Conflict("quiz-daily-limit".into())),
            NextTry::Exhausted => return Err(AppError::Conflict("quiz-attempts-used".into())),
        }
    }
    let layout = serde_json::to_string(&draw(&module)).map_err(|_| AppError::Internal)?;
    let id = Uuid::new_v4();
    let inserted = quiz_attempt::ActiveModel {
        id: Set(id),
        user_id: Set(me.id),
        module_id: Set(module.id.clone()),
        module_version: Set(module.version.clone()),
        kind: Set(if placement {
            quiz_attempt::KIND_PLACEMENT
        } else {
            quiz_attempt::KIND_QUIZ
        }
        .to_owned()),
        status: Set(quiz_attempt::STATUS_OPEN.to_owned()),
        started_at: Set(now),
        deadline_at: Set(module
            .quiz
            .time_limit_minutes
            .map(|m| now + chrono::Duration::minutes(m.into()))),
        submitted_at: Set(None),
        score_percent: Set(None),
        passed: Set(None),
        layout: Set(layout),
    }
    .insert(&ctx.db)
    .await;
    match inserted {
        Ok(_) => Ok(format!("/quiz/{id}/question/1")),
        // Two clicks at once: the database allows one open attempt per module; use that one.
        Err(err) if is_unique_violation(&err) => {
            let open = quiz_attempt::Entity::find()
                .filter(quiz_attempt::Column::UserId.eq(me.id))
                .filter(quiz_attempt::Column::ModuleId.eq(module.id.as_str()))
                .filter(quiz_attempt::Column::Status.eq(quiz_attempt::STATUS_OPEN))
                .one(&ctx.db)
                .await?
                .ok_or(AppError::Internal)?;
            Ok(format!("/quiz/{}/question/1", open.id))
        }
        Err(err) => Err(err.into()),
    }
}

/// What the attempt policy needs to know of an attempt.
pub fn past_attempt(a: &quiz_attempt::Model, version: &str) -> PastAttempt {
    PastAttempt {
        counts: a.kind == quiz_attempt::KIND_QUIZ,
        current_version: a.module_version == version,
        started_at: a.started_at,
        submitted_at: a.submitted_at,
        passed: a.passed,
    }
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

fn view_of(question: &Question, drawn: &DrawnQuestion, saved: Option<String>) -> QuestionView {
    let pick = |texts: Vec<String>| {
        drawn
            .order
            .iter()
            .filter_map(|i| texts.get(*i).cloned())
            .collect::<Vec<_>>()
    };
    let mut view = QuestionView {
        kind: QuestionType::Single,
        text: question.text.clone(),
        options: Vec::new(),
        items: Vec::new(),
        lefts: Vec::new(),
        rights: Vec::new(),
        unit: None,
        saved,
    };
    match &question.kind {
        QuestionKind::Single { options } => {
            view.options = pick(options.iter().map(|o| o.text.clone()).collect());
        }
        QuestionKind::Multiple { options } => {
            view.kind = QuestionType::Multiple;
            view.options = pick(options.iter().map(|o| o.text.clone()).collect());
        }
        QuestionKind::TrueFalse { .. } => view.kind = QuestionType::TrueFalse,
        QuestionKind::Ordering { items } => {
            view.kind = QuestionType::Ordering;
            view.items = pick(items.clone());
        }
        QuestionKind::Matching { pairs } => {
            view.kind = QuestionType::Matching;
            view.lefts = pairs.iter().map(|(l, _)| l.clone()).collect();
            view.rights = pick(pairs.iter().map(|(_, r)| r.clone()).collect());
        }
        QuestionKind::ShortText { .. } => view.kind = QuestionType::ShortText,
        QuestionKind::Numeric { unit, .. } => {
            view.kind = QuestionType::Numeric;
            view.unit = unit.clone();
        }
    }
    view
}

pub async fn attempt(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    position: usize,
) -> Result<AttemptView, AppError> {
    let attempt = own_attempt(&ctx.read, me, &id).await?;
    let module = find_module_version(ctx, &attempt.module_id, &attempt.module_version)?;
    let layout = layout_of(&attempt)?;
    let answers = attempt_answer::Entity::find()
        .filter(attempt_answer::Column::AttemptId.eq(attempt.id))
        .all(&ctx.read)
        .await?;
    let answered: Vec<bool> = (0..layout.len())
        .map(|p| {
            answers
                .iter()
                .any(|a| a.position == p as i32 && !a.answer.is_empty())
        })
        .collect();
    let question = if position == 0 {
        None
    } else {
        let drawn = layout.get(position - 1).ok_or(AppError::NotFound)?;
        let saved = answers
            .iter()
            .find(|a| a.position == (position - 1) as i32)
            .map(|a| a.answer.clone());
        question_of(&module, drawn)?;
        let shown = module.question_in(&drawn.id, me.locale);
        Some(view_of(shown.ok_or(AppError::Internal)?, drawn, saved))
    };
    // Only the overview lists the questions; a question's page carries no other question's
    // words (one question's text may name another's answer).
    let previews = if position == 0 {
        layout
            .iter()
            .map(|drawn| {
                module
                    .question_in(&drawn.id, me.locale)
                    .map(|q| first_words(&q.text, PREVIEW_CHARS))
                    .unwrap_or_default()
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AttemptView {
        id: attempt.id,
        module_id: module.id.clone(),
        module_title: module.title.get(me.locale).to_owned(),
        placement: attempt.kind == quiz_attempt::KIND_PLACEMENT,
        german_only: me.locale == Locale::En && module.quiz.german_only(),
        total: layout.len(),
        previews,
        answered,
        deadline: attempt.deadline_at,
        submitted: attempt.status == quiz_attempt::STATUS_SUBMITTED,
        question,
    })
}

/// How much of a question the overview shows.
const PREVIEW_CHARS: usize = 70;

/// The start of `text` up to a word boundary within `max` characters, with "…" if cut.
fn first_words(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max).collect();
    }
    out.push('…');
    out
}

/// Stores the answer to the question at `position` (1-based) from the form fields.
pub async fn save(
    ctx: &AppContext,
    me: &CurrentUser,
    id: &str,
    position: usize,
    fields: &[(String, String)],
) -> Result<(), AppError> {
    let attempt = own_attempt(&ctx.db, me, id).await?;
    if attempt.status != quiz_attempt::STATUS_OPEN {
        return Err(AppError::Conflict("quiz-already-submitted".into()));
    }
    let now = ctx.now();
    if let Some(deadline) = attempt.deadline_at
        && now > deadline + chrono::Duration::seconds(DEADLINE_GRACE_SECONDS)
    {
        return Err(AppError::Conflict("quiz-time-over".into()));
    }
    let module = find_module_version(ctx, &attempt.module_id, &attempt.module_version)?;
    let layout = layout_of(&attempt)?;
    let drawn = position
        .checked_sub(1)
        .and_then(|p| layout.get(p))
        .ok_or(AppError::NotFound)?;
    let question = question_of(&module, drawn)?;
    let answer = grading::answer_from_fields(question, drawn, fields);
    // The answer is written only while the attempt is still open, and the attempt's row stays
    // locked until it is: a submission racing this save either waits and grades this answer,
    // or has already closed the attempt, and then this save is refused. The stored answers are
    // always the graded ones.
    let txn = ctx.db.begin().await?;
    let still_open = quiz_attempt::Entity::update_many()
        .col_expr(
            quiz_attempt::Column::Status,
            Expr::value(quiz_attempt::STATUS_OPEN),
        )
        .filter(quiz_attempt::Column::Id.eq(attempt.id))
        .filter(quiz_attempt::Column::Status.eq(quiz_attempt::STATUS_OPEN))
        .exec(&txn)
        .await?;
    if still_open.rows_affected != 1 {
        txn.rollback().await?;
        return Err(AppError::Conflict("quiz-already-submitted".into()));
    }
    attempt_answer::Entity::insert(attempt_answer::ActiveModel {
        attempt_id: Set(attempt.id),
        position: Set((position - 1) as i32),
        answer: Set(answer),
        saved_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            attempt_answer::Column::AttemptId,
            attempt_answer::Column::Position,
        ])
        .update_columns([
            attempt_answer::Column::Answer,
            attempt_answer::Column::SavedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Where the plain form of a question leads after saving: the previous or next question, or
/// the overview.
pub fn next_location(id: &str, position: usize, total: usize, go: Option<&str>) -> String {
    match go {
        Some("previous") if position > 1 => format!("/quiz/{id}/question/{}", position - 1),
        Some("next") if position < total => format!("/quiz/{id}/question/{}", position + 1),
        _ => format!("/quiz/{id}"),
    }
}

/// The number of questions of an attempt, for the form handler.
pub async fn question_count(
    ctx: &AppContext,
    me: &CurrentUser,
    id: &str,
) -> Result<usize, AppError> {
    let attempt = own_attempt(&ctx.db, me, id).await?;
    Ok(layout_of(&attempt)?.len())
}

/// Submits an attempt; the learner goes on to the returned result page.
pub async fn submit(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    // Through the reader: what `submit_attempt` uses of the row never changes, and on SQLite a
    // read through the writer would wait for the group being written.
    let attempt = own_attempt(&ctx.read, me, &id).await?;
    submit_attempt(ctx, &attempt).await?;
    Ok(format!("/quiz/{}/result", attempt.id))
}

/// Grades and closes an attempt exactly once: the status change from open to submitted is a
/// conditional update inside the transaction, so of two racing submissions only one grades and
/// records evidence; the other finds nothing left to do. `attempt` is the attempt as read before;
/// only its id, owner, module and layout are used, which never change.
///
/// On SQLite the submissions of this instance are committed in groups (`SubmitQueue`); on
/// PostgreSQL each has a transaction of its own, and the server groups the flushes itself.
pub async fn submit_attempt(
    ctx: &AppContext,
    attempt: &quiz_attempt::Model,
) -> Result<bool, AppError> {
    if ctx.db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        return ctx
            .part::<SubmitQueue>()
            .submit(ctx.clone(), attempt.clone())
            .await;
    }
    let txn = ctx.db.begin().await?;
    let graded = grade(&txn, ctx, attempt).await?;
    let Some(issued) = graded else {
        txn.rollback().await?;
        return Ok(false);
    };
    txn.commit().await?;
    if issued > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(true)
}

/// The grading of one submission inside `txn`: `None` when the attempt was no longer open (the
/// caller rolls back), else the number of certificates it completed.
async fn grade(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    attempt: &quiz_attempt::Model,
) -> Result<Option<usize>, AppError> {
    let now = ctx.now();
    let module = find_module_version(ctx, &attempt.module_id, &attempt.module_version)?;
    let layout = layout_of(attempt)?;
    // The learner's row is locked before anything is written: a learner's submissions take turns
    // (one of them may complete a certificate level), and no lock waits on another transaction's
    // foreign-key check of the same row, which would deadlock on PostgreSQL.
    crate::db::user::Entity::find_by_id(attempt.user_id)
        .lock_exclusive()
        .one(txn)
        .await?;
    let claimed = quiz_attempt::Entity::update_many()
        .col_expr(
            quiz_attempt::Column::Status,
            Expr::value(quiz_attempt::STATUS_SUBMITTED),
        )
        .col_expr(quiz_attempt::Column::SubmittedAt, Expr::value(now))
        .filter(quiz_attempt::Column::Id.eq(attempt.id))
        .filter(quiz_attempt::Column::Status.eq(quiz_attempt::STATUS_OPEN))
        .exec(txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(None);
    }
    let answers = attempt_answer::Entity::find()
        .filter(attempt_answer::Column::AttemptId.eq(attempt.id))
        .all(txn)
        .await?;
    let total: f64 = layout
        .iter()
        .enumerate()
        .map(|(p, drawn)| {
            let answer = answers
                .iter()
                .find(|a| a.position == p as i32)
                .map(|a| a.answer.as_str())
                .unwrap_or("");
            module
                .question(&drawn.id)
                .map(|q| grading::score(q, drawn, answer, module.quiz.scoring))
                .unwrap_or(0.0)
        })
        .sum();
    let percent = grading::percent(total, layout.len());
    let passed = percent >= i32::from(module.quiz.pass_mark);
    quiz_attempt::Entity::update_many()
        .col_expr(quiz_attempt::Column::ScorePercent, Expr::value(percent))
        .col_expr(quiz_attempt::Column::Passed, Expr::value(passed))
        .filter(quiz_attempt::Column::Id.eq(attempt.id))
        .exec(txn)
        .await?;
    let mut issued = 0;
    if passed {
        record_evidence(txn, attempt, &module, now).await?;
        if !module.proves.is_empty() {
            // The reports' summary of this person, in the same transaction as the pass.
            crate::reports::summary::refresh_person(
                txn,
                &ctx.content().certificates.refresh,
                attempt.user_id,
            )
            .await?;
        }
        // In the same transaction, under the learner's lock taken above: the certificate exists
        // exactly when the deciding result does.
        issued = crate::certificate::server::issue_due(txn, ctx, attempt.user_id)
            .await?
            .len();
    }
    // The item statistics last: their rows are shared by every learner of the module, so they
    // are locked after everything else and held shortest.
    super::statistics::record(txn, &module, attempt, &layout, &answers).await?;
    tracing::info!(passed, "quiz submitted");
    Ok(Some(issued))
}

/// Group commit for SQLite. SQLite has one writer, and each commit waits until the disk has its
/// log (`synchronous = FULL`; about 0.7 ms on the benchmark machine, more than the grading
/// itself), so one transaction per submission caps a city hall's end-of-course rush at about
/// 700 per second. Here one task writes the submissions that arrive while the previous group is
/// being written: one transaction per group, each submission in a savepoint of its own (a
/// failing one is rolled back alone), one wait for the disk. Every submitter learns its outcome
/// only after that commit, so an answer never reports a result the disk does not have yet.
#[derive(Default)]
pub struct SubmitQueue {
    sender: std::sync::OnceLock<tokio::sync::mpsc::UnboundedSender<SubmitJob>>,
}

/// One submission waiting for its group. It carries its own context, so the writing task holds
/// none and ends with the last context of the instance.
struct SubmitJob {
    ctx: AppContext,
    attempt: quiz_attempt::Model,
    answer: tokio::sync::oneshot::Sender<Result<bool, AppError>>,
}

/// The most submissions in one transaction.
const SUBMIT_GROUP: usize = 64;

impl SubmitQueue {
    async fn submit(
        &self,
        ctx: AppContext,
        attempt: quiz_attempt::Model,
    ) -> Result<bool, AppError> {
        let sender = self.sender.get_or_init(|| {
            let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
            tokio::spawn(write_groups(receiver));
            sender
        });
        let (answer, outcome) = tokio::sync::oneshot::channel();
        sender
            .send(SubmitJob {
                ctx,
                attempt,
                answer,
            })
            .map_err(|_| {
                tracing::error!("the submission writer has stopped");
                AppError::Internal
            })?;
        outcome.await.map_err(|_| {
            tracing::error!("the submission writer dropped a submission");
            AppError::Internal
        })?
    }
}

async fn write_groups(mut receiver: tokio::sync::mpsc::UnboundedReceiver<SubmitJob>) {
    let mut group = Vec::with_capacity(SUBMIT_GROUP);
    while receiver.recv_many(&mut group, SUBMIT_GROUP).await > 0 {
        let jobs = std::mem::take(&mut group);
        match write_group(&jobs).await {
            Ok(outcomes) => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.answer.send(outcome);
                }
            }
            Err(err) => {
                tracing::error!(error = %err, submissions = jobs.len(), "a group of submissions could not be written");
                for job in jobs {
                    let _ = job.answer.send(Err(AppError::Internal));
                }
            }
        }
    }
}

/// One transaction for the group; the outcomes in the order of `jobs`, valid once it returns
/// `Ok` (the commit is done).
async fn write_group(jobs: &[SubmitJob]) -> Result<Vec<Result<bool, AppError>>, DbErr> {
    let Some(first) = jobs.first() else {
        return Ok(Vec::new());
    };
    let txn = first.ctx.db.begin().await?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    let mut issued = 0;
    for job in jobs {
        let savepoint = txn.begin().await?;
        match grade(&savepoint, &job.ctx, &job.attempt).await {
            Ok(Some(certificates)) => {
                savepoint.commit().await?;
                issued += certificates;
                outcomes.push(Ok(true));
            }
            Ok(None) => {
                savepoint.rollback().await?;
                outcomes.push(Ok(false));
            }
            Err(err) => {
                savepoint.rollback().await?;
                outcomes.push(Err(err));
            }
        }
    }
    txn.commit().await?;
    if issued > 0 {
        first.ctx.mail_wakeup.notify_one();
    }
    Ok(outcomes)
}

async fn record_evidence(
    txn: &impl ConnectionTrait,
    attempt: &quiz_attempt::Model,
    module: &Arc<Module>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    if module.proves.is_empty() {
        return Ok(());
    }
    evidence::Entity::insert_many(module.proves.iter().map(|(competence, level)| {
        evidence::ActiveModel {
            id: Set(Uuid::new_v4()),
            user_id: Set(attempt.user_id),
            competence_id: Set(competence.clone()),
            level: Set(i32::from(*level)),
            module_id: Set(module.id.clone()),
            module_version: Set(attempt.module_version.clone()),
            attempt_id: Set(attempt.id),
            achieved_at: Set(now),
        }
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The answer as display texts, for the result page.
fn describe(question: &Question, drawn: &DrawnQuestion, answer: &str, i18n: I18n) -> Vec<String> {
    let shown =
        |texts: &[String], d: usize| drawn.order.get(d).and_then(|i| texts.get(*i)).cloned();
    match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            let texts: Vec<String> = options.iter().map(|o| o.text.clone()).collect();
            grading::positions(answer)
                .into_iter()
                .flatten()
                .filter_map(|d| shown(&texts, d))
                .collect()
        }
        QuestionKind::TrueFalse { .. } => match answer {
            "true" => vec![i18n.t("quiz-true")],
            "false" => vec![i18n.t("quiz-false")],
            _ => Vec::new(),
        },
        QuestionKind::Ordering { items } => {
            let ranks = grading::positions(answer);
            let mut placed: Vec<(usize, String)> = ranks
                .iter()
                .enumerate()
                .filter_map(|(d, r)| Some(((*r)?, shown(items, d)?)))
                .collect();
            placed.sort_by_key(|(r, _)| *r);
            placed
                .into_iter()
                .map(|(r, text)| format!("{r}. {text}"))
                .collect()
        }
        QuestionKind::Matching { pairs } => {
            let rights: Vec<String> = pairs.iter().map(|(_, r)| r.clone()).collect();
            let chosen = grading::positions(answer);
            pairs
                .iter()
                .enumerate()
                .filter_map(|(i, (left, _))| {
                    let right = chosen
                        .get(i)
                        .copied()
                        .flatten()
                        .and_then(|r| shown(&rights, r))?;
                    Some(format!("{left} → {right}"))
                })
                .collect()
        }
        QuestionKind::ShortText { .. } | QuestionKind::Numeric { .. } => {
            if answer.is_empty() {
                Vec::new()
            } else {
                vec![answer.to_owned()]
            }
        }
    }
}

fn correct_answer(question: &Question, i18n: I18n) -> Vec<String> {
    match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => options
            .iter()
            .filter(|o| o.correct)
            .map(|o| o.text.clone())
            .collect(),
        QuestionKind::TrueFalse { answer } => vec![if *answer {
            i18n.t("quiz-true")
        } else {
            i18n.t("quiz-false")
        }],
        QuestionKind::Ordering { items } => items
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{}. {t}", i + 1))
            .collect(),
        QuestionKind::Matching { pairs } => {
            pairs.iter().map(|(l, r)| format!("{l} → {r}")).collect()
        }
        QuestionKind::ShortText { accepted, .. } => accepted.first().cloned().into_iter().collect(),
        QuestionKind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            let number = crate::i18n::format::number(i18n.locale, *answer);
            let mut text = if *tolerance > 0.0 {
                format!(
                    "{number} ± {}",
                    crate::i18n::format::number(i18n.locale, *tolerance)
                )
            } else {
                number
            };
            if let Some(unit) = unit {
                text.push(' ');
                text.push_str(unit);
            }
            vec![text]
        }
    }
}

pub async fn result(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<ResultView, AppError> {
    // Read through the reader; an attempt whose time ran out is submitted through the writer,
    // and read again after that commit.
    let mut attempt = own_attempt(&ctx.read, me, &id).await?;
    if attempt.status == quiz_attempt::STATUS_OPEN {
        // An attempt whose time ran out is graded with what was saved.
        match attempt.deadline_at {
            Some(deadline)
                if ctx.now() > deadline + chrono::Duration::seconds(DEADLINE_GRACE_SECONDS) =>
            {
                submit_attempt(ctx, &attempt).await?;
                attempt = own_attempt(&ctx.read, me, &id).await?;
            }
            _ => return Err(AppError::Conflict("quiz-not-submitted".into())),
        }
    }
    let i18n = I18n { locale: me.locale };
    // The questions as the learner saw them, in the version the attempt was taken on.
    let module = find_module_version(ctx, &attempt.module_id, &attempt.module_version)?;
    let current = find_module(ctx, &attempt.module_id)?;
    let current_version = current.version.clone();
    let layout = layout_of(&attempt)?;
    let answers = attempt_answer::Entity::find()
        .filter(attempt_answer::Column::AttemptId.eq(attempt.id))
        .all(&ctx.read)
        .await?;
    let passed = attempt.passed.unwrap_or(false);
    let placement = attempt.kind == quiz_attempt::KIND_PLACEMENT;
    // The attempt policy decides what a failed result shows and when the next try can start.
    let history: Vec<PastAttempt> = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(me.id))
        .filter(quiz_attempt::Column::ModuleId.eq(module.id.as_str()))
        .all(&ctx.read)
        .await?
        .iter()
        .map(|a| past_attempt(a, &current_version))
        .collect();
    let passed_ever = history.iter().any(|a| a.passed == Some(true));
    let failures_so_far = history
        .iter()
        .filter(|a| {
            a.counts
                && a.current_version
                && a.passed == Some(false)
                && a.submitted_at <= attempt.submitted_at
        })
        .count();
    let answers_shown = passed
        || (attempt.module_version == current_version
            && module.quiz.answers_shown(passed, failures_so_far));
    let next_try =
        (!passed && !passed_ever && !placement).then(|| current.quiz.next_try(&history, ctx.now()));
    let mut questions = Vec::new();
    for (p, drawn) in layout.iter().enumerate() {
        let Some(question) = module.question(&drawn.id) else {
            continue;
        };
        // Graded in German (the English accepted answers count there too), shown in the
        // learner's language.
        let shown = module
            .question_in(&drawn.id, i18n.locale)
            .unwrap_or(question);
        let answer = answers
            .iter()
            .find(|a| a.position == p as i32)
            .map(|a| a.answer.clone())
            .unwrap_or_default();
        let score = grading::score(question, drawn, &answer, module.quiz.scoring);
        let mut feedback = Vec::new();
        let general = if score >= 1.0 {
            &shown.feedback_correct
        } else {
            &shown.feedback_incorrect
        };
        feedback.extend(general.clone());
        // The feedback of single options says which were right: only with the answers.
        if answers_shown
            && let QuestionKind::Single { options } | QuestionKind::Multiple { options } =
                &shown.kind
        {
            for d in grading::positions(&answer).into_iter().flatten() {
                if let Some(option) = drawn.order.get(d).and_then(|i| options.get(*i))
                    && let Some(text) = &option.feedback
                {
                    feedback.push(text.clone());
                }
            }
        }
        let lesson = module.lesson(&question.lesson);
        let anchor = question
            .anchor
            .as_ref()
            .map(|a| format!("#{a}"))
            .unwrap_or_default();
        questions.push(ResultQuestion {
            position: p,
            text: shown.text.clone(),
            your_answer: describe(shown, drawn, &answer, i18n),
            correct_answer: if answers_shown {
                correct_answer(shown, i18n)
            } else {
                Vec::new()
            },
            score,
            feedback,
            lesson_href: format!("/modules/{}/lessons/{}{anchor}", module.id, question.lesson),
            lesson_title: lesson
                .map(|l| {
                    if i18n.locale == Locale::En && !l.title.en.is_empty() {
                        l.title.en.clone()
                    } else {
                        l.title.de.clone()
                    }
                })
                .unwrap_or_default(),
        });
    }
    let evidence = if passed {
        module
            .proves
            .iter()
            .map(|(id, level)| CompetenceRef {
                id: id.clone(),
                title: ctx
                    .content()
                    .competence(id)
                    .map(|c| c.title.get(i18n.locale).to_owned())
                    .unwrap_or_else(|| id.clone()),
                level: *level,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ResultView {
        id: attempt.id,
        module_id: module.id.clone(),
        module_title: module.title.get(i18n.locale).to_owned(),
        module_version: attempt.module_version.clone(),
        placement,
        score_percent: attempt.score_percent.unwrap_or(0),
        pass_mark: module.quiz.pass_mark,
        passed,
        submitted_at: attempt.submitted_at.unwrap_or(attempt.started_at),
        questions,
        evidence,
        equivalents: if passed {
            crate::learning::equivalents::equivalents_of(
                &ctx.content(),
                &module.proves,
                i18n.locale,
            )
        } else {
            Vec::new()
        },
        answers_shown,
        retry_at: next_try.and_then(NextTry::at),
        attempts_used: next_try == Some(NextTry::Exhausted),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Lesson, Quiz, Scoring, ShowAnswers, Text};

    /// A module of four lessons whose pool leans on the first: 20 questions on lesson 1 and
    /// one each on lessons 2 to 4.
    fn lopsided() -> Module {
        let lessons: Vec<Lesson> = (1..=4)
            .map(|n| Lesson {
                slug: format!("0{n}-l"),
                title: Text::default(),
                sections: Vec::new(),
                html_de: String::new(),
                html_en: None,
                words: 0,
            })
            .collect();
        let question = |id: String, lesson: usize| Question {
            id,
            kind: QuestionKind::TrueFalse { answer: true },
            scenario: true,
            text: String::new(),
            lesson: format!("0{lesson}-l"),
            anchor: None,
            feedback_correct: None,
            feedback_incorrect: None,
            line: 1,
        };
        let mut questions: Vec<Question> = (0..20).map(|i| question(format!("a{i}"), 1)).collect();
        questions.extend((2..=4).map(|l| question(format!("b{l}"), l)));
        Module {
            id: "m".into(),
            version: "1".into(),
            title: Text::default(),
            summary: Text::default(),
            audience: Text::default(),
            duration_minutes: 10,
            mandatory: false,
            prerequisites: Vec::new(),
            proves: Vec::new(),
            lessons,
            quiz: Quiz {
                pass_mark: 75,
                draw: 6,
                time_limit_minutes: None,
                cooldown_minutes: vec![0],
                daily_limit: 0,
                max_attempts: 0,
                show_answers: ShowAnswers::AfterPass,
                scoring: Scoring::Proportional,
                questions,
                english: None,
            },
            dir: std::path::PathBuf::new(),
        }
    }

    #[test]
    fn every_draw_covers_every_lesson_and_repeats_no_question() {
        let module = lopsided();
        for _ in 0..500 {
            let drawn = draw(&module);
            assert_eq!(drawn.len(), 6);
            let ids: std::collections::HashSet<&str> =
                drawn.iter().map(|d| d.id.as_str()).collect();
            assert_eq!(ids.len(), 6, "a question drawn twice");
            for lesson in ["b2", "b3", "b4"] {
                assert!(
                    ids.contains(lesson),
                    "no question on the lesson of {lesson}"
                );
            }
        }
    }

    #[test]
    fn a_draw_smaller_than_the_lessons_takes_one_question_each_from_different_lessons() {
        let mut module = lopsided();
        module.quiz.draw = 3;
        let mut seen = std::collections::HashSet::new();
        for _ in 0..300 {
            let drawn = draw(&module);
            let lessons: std::collections::HashSet<String> = drawn
                .iter()
                .filter_map(|d| module.question(&d.id).map(|q| q.lesson.clone()))
                .collect();
            assert_eq!(lessons.len(), 3, "two questions of one lesson");
            seen.extend(lessons);
        }
        // Over many draws, every lesson gets its turn.
        assert_eq!(seen.len(), 4);
    }
}
