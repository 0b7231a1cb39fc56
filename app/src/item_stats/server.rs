//! The item statistics on the server: adding an attempt's outcomes to the running sums, storing
//! a rebuilt set of sums, the figures computed from the sums, and the reported questions.
//!
//! Which score an attempt gave each question is the quiz's business (`quiz::statistics`); this
//! module only adds up what it is handed.

use std::collections::{BTreeMap, HashMap};

use chrono::Duration;
use sea_orm::sea_query::{Alias, Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{
    FACILITY_HIGH, FACILITY_LOW, Figures, Flag, MAX_COMMENT, MIN_ATTEMPTS, ModuleFigures,
    ModuleSummary, OptionFigure, QuestionFigures, ReportView, StatsOverview, WEAK_DISCRIMINATION,
};
use crate::auth::{CurrentUser, Role};
use crate::content::{HasContent, Module, Question, QuestionKind};
use crate::context::AppContext;
use crate::db::{
    item_option_pick, item_statistic, item_statistic_module, item_statistic_rebuild,
    question_report, quiz_attempt, user, user_role,
};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::mail::{self, OutgoingMail};

/// Partial sums per question: a submission adds to one shard (by its attempt), so that
/// concurrent submissions of a module seldom wait for each other's row locks.
pub const SHARDS: u128 = 16;

/// The shard an attempt adds to.
pub fn shard_of(attempt: Uuid) -> i32 {
    (attempt.as_u128() % SHARDS) as i32
}

/// Who may read the statistics and the reports.
pub const READERS: &[Role] = &[Role::Editor];

/// What one graded attempt says about one of its questions.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemOutcome {
    pub question_id: String,
    /// 0.0 … 1.0
    pub score: f64,
    /// The options chosen, by their index in the content (single and multiple choice only).
    pub picked: Vec<usize>,
}

/// The running sums of one question.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sums {
    pub n: u64,
    pub sum_x: f64,
    pub sum_x2: f64,
    pub sum_y: f64,
    pub sum_y2: f64,
    pub sum_xy: f64,
}

impl Sums {
    fn add(&mut self, x: f64, y: f64) {
        self.n += 1;
        self.sum_x += x;
        self.sum_x2 += x * x;
        self.sum_y += y;
        self.sum_y2 += y * y;
        self.sum_xy += x * y;
    }

    /// Adds a shard's row.
    fn merge(&mut self, row: &item_statistic::Model) {
        self.n += row.attempts.max(0) as u64;
        self.sum_x += row.sum_x;
        self.sum_x2 += row.sum_x2;
        self.sum_y += row.sum_y;
        self.sum_y2 += row.sum_y2;
        self.sum_xy += row.sum_xy;
    }

    /// The mean score in percent.
    pub fn facility(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum_x / self.n as f64 * 100.0)
    }

    /// Pearson's correlation of the question's score with the rest score (for a question
    /// scored right or wrong, the point-biserial correlation), from the sums alone. `None`
    /// when either side does not vary.
    pub fn discrimination(&self) -> Option<f64> {
        let n = self.n as f64;
        let var_x = n * self.sum_x2 - self.sum_x * self.sum_x;
        let var_y = n * self.sum_y2 - self.sum_y * self.sum_y;
        // Rounding leaves a tiny rest where there is no variance at all.
        let tiny = 1e-9 * n * n;
        if self.n < 2 || var_x <= tiny || var_y <= tiny {
            return None;
        }
        let r = (n * self.sum_xy - self.sum_x * self.sum_y) / (var_x * var_y).sqrt();
        Some(r.clamp(-1.0, 1.0))
    }
}

/// The outcomes of one attempt as rows of sums: y is the rest of the attempt's score.
fn rows_of(outcomes: &[ItemOutcome]) -> Vec<(&str, f64, f64)> {
    let total: f64 = outcomes.iter().map(|o| o.score).sum();
    let mut rows: Vec<(&str, f64, f64)> = outcomes
        .iter()
        .map(|o| (o.question_id.as_str(), o.score, total - o.score))
        .collect();
    // Always the same order of rows, so that concurrent submissions lock them in the same order.
    rows.sort_by(|a, b| a.0.cmp(b.0));
    rows.dedup_by(|a, b| a.0 == b.0);
    rows
}

fn picks_of(outcomes: &[ItemOutcome]) -> Vec<(&str, usize)> {
    let mut picks: Vec<(&str, usize)> = outcomes
        .iter()
        .flat_map(|o| o.picked.iter().map(|p| (o.question_id.as_str(), *p)))
        .collect();
    picks.sort_unstable();
    picks.dedup();
    picks
}

/// `table.column + excluded.column`, for the running sums' upserts.
fn plus_excluded(table: &str, column: impl sea_orm::sea_query::IntoIden + Copy) -> Expr {
    // Called by its path: the trait in scope would make `Ord::max` on numbers ambiguous.
    sea_orm::sea_query::ExprTrait::add(
        Expr::col((Alias::new(table), column)),
        Expr::col((Alias::new("excluded"), column)),
    )
}

fn statistic_upsert() -> OnConflict {
    use item_statistic::Column as C;
    let t = "item_statistic";
    OnConflict::columns([C::ModuleId, C::ModuleVersion, C::QuestionId, C::Shard])
        .values([
            (C::Attempts, plus_excluded(t, C::Attempts)),
            (C::SumX, plus_excluded(t, C::SumX)),
            (C::SumX2, plus_excluded(t, C::SumX2)),
            (C::SumY, plus_excluded(t, C::SumY)),
            (C::SumY2, plus_excluded(t, C::SumY2)),
            (C::SumXy, plus_excluded(t, C::SumXy)),
        ])
        .to_owned()
}

/// Adds one graded attempt to the running sums, inside the transaction that grades it. The
/// module's row first, then the questions' and options' rows in a fixed order: concurrent
/// submissions take the same locks in the same order (after everything else the grading
/// locks), so they wait for each other but never deadlock.
pub async fn record(
    txn: &impl ConnectionTrait,
    module_id: &str,
    version: &str,
    shard: i32,
    outcomes: &[ItemOutcome],
) -> Result<(), DbErr> {
    if outcomes.is_empty() {
        return Ok(());
    }
    item_statistic_module::Entity::insert(item_statistic_module::ActiveModel {
        module_id: Set(module_id.to_owned()),
        module_version: Set(version.to_owned()),
        shard: Set(shard),
        attempts: Set(1),
    })
    .on_conflict(
        OnConflict::columns([
            item_statistic_module::Column::ModuleId,
            item_statistic_module::Column::ModuleVersion,
            item_statistic_module::Column::Shard,
        ])
        .values([(
            item_statistic_module::Column::Attempts,
            plus_excluded(
                "item_statistic_module",
                item_statistic_module::Column::Attempts,
            ),
        )])
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    let rows = rows_of(outcomes)
        .into_iter()
        .map(|(question, x, y)| item_statistic::ActiveModel {
            module_id: Set(module_id.to_owned()),
            module_version: Set(version.to_owned()),
            question_id: Set(question.to_owned()),
            shard: Set(shard),
            attempts: Set(1),
            sum_x: Set(x),
            sum_x2: Set(x * x),
            sum_y: Set(y),
            sum_y2: Set(y * y),
            sum_xy: Set(x * y),
        });
    item_statistic::Entity::insert_many(rows)
        .on_conflict(statistic_upsert())
        .exec_without_returning(txn)
        .await?;
    let picks = picks_of(outcomes);
    if !picks.is_empty() {
        item_option_pick::Entity::insert_many(picks.into_iter().map(|(question, option)| {
            item_option_pick::ActiveModel {
                module_id: Set(module_id.to_owned()),
                module_version: Set(version.to_owned()),
                question_id: Set(question.to_owned()),
                option_index: Set(option as i32),
                shard: Set(shard),
                picks: Set(1),
            }
        }))
        .on_conflict(
            OnConflict::columns([
                item_option_pick::Column::ModuleId,
                item_option_pick::Column::ModuleVersion,
                item_option_pick::Column::QuestionId,
                item_option_pick::Column::OptionIndex,
                item_option_pick::Column::Shard,
            ])
            .values([(
                item_option_pick::Column::Picks,
                plus_excluded("item_option_pick", item_option_pick::Column::Picks),
            )])
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    }
    Ok(())
}

/// Sums added up in memory, for a rebuild from the stored attempts.
#[derive(Default)]
pub struct Accumulator {
    modules: HashMap<(String, String), u64>,
    items: HashMap<(String, String, String), Sums>,
    picks: HashMap<(String, String, String, usize), u64>,
}

impl Accumulator {
    pub fn add(&mut self, module_id: &str, version: &str, outcomes: &[ItemOutcome]) {
        if outcomes.is_empty() {
            return;
        }
        *self
            .modules
            .entry((module_id.to_owned(), version.to_owned()))
            .or_default() += 1;
        for (question, x, y) in rows_of(outcomes) {
            self.items
                .entry((
                    module_id.to_owned(),
                    version.to_owned(),
                    question.to_owned(),
                ))
                .or_default()
                .add(x, y);
        }
        for (question, option) in picks_of(outcomes) {
            *self
                .picks
                .entry((
                    module_id.to_owned(),
                    version.to_owned(),
                    question.to_owned(),
                    option,
                ))
                .or_default() += 1;
        }
    }

    /// Attempts added.
    pub fn attempts(&self) -> u64 {
        self.modules.values().sum()
    }
}

/// Rows per INSERT, well below PostgreSQL's limit of parameters.
const BATCH: usize = 500;

/// Replaces all running sums with `sums` and marks the statistics as rebuilt, in one
/// transaction.
pub async fn replace_all(
    db: &sea_orm::DatabaseConnection,
    sums: Accumulator,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    // The marker first: its row lock makes a second instance rebuilding at the same time wait
    // for this commit, and then replace these rows instead of colliding with them.
    item_statistic_rebuild::Entity::insert(item_statistic_rebuild::ActiveModel {
        id: Set(1),
        rebuilt_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(item_statistic_rebuild::Column::Id)
            .update_column(item_statistic_rebuild::Column::RebuiltAt)
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    item_option_pick::Entity::delete_many().exec(&txn).await?;
    item_statistic::Entity::delete_many().exec(&txn).await?;
    item_statistic_module::Entity::delete_many()
        .exec(&txn)
        .await?;
    let modules: Vec<_> = sums
        .modules
        .into_iter()
        .map(
            |((module_id, version), n)| item_statistic_module::ActiveModel {
                module_id: Set(module_id),
                module_version: Set(version),
                shard: Set(0),
                attempts: Set(n as i64),
            },
        )
        .collect();
    for chunk in modules.chunks(BATCH) {
        item_statistic_module::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    let items: Vec<_> = sums
        .items
        .into_iter()
        .map(
            |((module_id, version, question), s)| item_statistic::ActiveModel {
                module_id: Set(module_id),
                module_version: Set(version),
                question_id: Set(question),
                shard: Set(0),
                attempts: Set(s.n as i64),
                sum_x: Set(s.sum_x),
                sum_x2: Set(s.sum_x2),
                sum_y: Set(s.sum_y),
                sum_y2: Set(s.sum_y2),
                sum_xy: Set(s.sum_xy),
            },
        )
        .collect();
    for chunk in items.chunks(BATCH) {
        item_statistic::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    let picks: Vec<_> = sums
        .picks
        .into_iter()
        .map(
            |((module_id, version, question, option), n)| item_option_pick::ActiveModel {
                module_id: Set(module_id),
                module_version: Set(version),
                question_id: Set(question),
                option_index: Set(option as i32),
                shard: Set(0),
                picks: Set(n as i64),
            },
        )
        .collect();
    for chunk in picks.chunks(BATCH) {
        item_option_pick::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await
}

/// Whether the sums were ever rebuilt from the stored attempts (false on the first start after
/// the migration that adds them).
pub async fn was_rebuilt(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(item_statistic_rebuild::Entity::find_by_id(1)
        .one(db)
        .await?
        .is_some())
}

/// The options of a choice question, `None` for other types.
fn options_of(question: &Question) -> Option<&[crate::content::Choice]> {
    match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => Some(options),
        _ => None,
    }
}

/// The figures of a question from its sums and option picks; `None` below `MIN_ATTEMPTS`.
pub fn figures(
    sums: &Sums,
    question: Option<&Question>,
    picks: &BTreeMap<usize, u64>,
) -> Option<Figures> {
    if sums.n < MIN_ATTEMPTS {
        return None;
    }
    let facility = sums.facility()?;
    let discrimination = sums.discrimination();
    let options: Vec<OptionFigure> = question
        .and_then(options_of)
        .map(|options| {
            options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let picked = picks.get(&i).copied().unwrap_or(0);
                    OptionFigure {
                        text: o.text.clone(),
                        correct: o.correct,
                        picks: picked,
                        percent: picked as f64 / sums.n as f64 * 100.0,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut flags = Vec::new();
    match discrimination {
        Some(d) if d < 0.0 => flags.push(Flag::NegativeDiscrimination),
        Some(d) if d < WEAK_DISCRIMINATION => flags.push(Flag::WeakDiscrimination),
        _ => {}
    }
    if options.iter().any(|o| o.picks == 0) {
        flags.push(Flag::UnchosenOption);
    }
    if facility <= FACILITY_LOW {
        flags.push(Flag::VeryHard);
    } else if facility >= FACILITY_HIGH {
        flags.push(Flag::VeryEasy);
    }
    Some(Figures {
        facility,
        discrimination,
        options,
        flags,
    })
}

fn kind_key(question: Option<&Question>) -> String {
    match question {
        Some(q) => format!("stats-kind-{}", q.kind.tag().replace('_', "-")),
        None => "stats-kind-gone".to_owned(),
    }
}

fn module_of(ctx: &AppContext, id: &str) -> Result<std::sync::Arc<Module>, AppError> {
    ctx.content()
        .module(id.trim())
        .cloned()
        .ok_or(AppError::NotFound)
}

/// Every module of the curriculum with the counts of its current version.
pub async fn overview(ctx: &AppContext, me: &CurrentUser) -> Result<StatsOverview, AppError> {
    me.require_any(READERS)?;
    let db = &ctx.read;
    let content = ctx.content();
    let mut counted: HashMap<(String, String), i64> = HashMap::new();
    for r in item_statistic_module::Entity::find().all(db).await? {
        *counted.entry((r.module_id, r.module_version)).or_default() += r.attempts;
    }
    // Per module: the current version's questions, their shards added up.
    let mut items: HashMap<String, BTreeMap<String, Sums>> = HashMap::new();
    for row in item_statistic::Entity::find().all(db).await? {
        let current = content
            .module(&row.module_id)
            .is_some_and(|m| m.version == row.module_version);
        if current {
            items
                .entry(row.module_id.clone())
                .or_default()
                .entry(row.question_id.clone())
                .or_default()
                .merge(&row);
        }
    }
    let mut picks: HashMap<(String, String, String), BTreeMap<usize, u64>> = HashMap::new();
    for row in item_option_pick::Entity::find().all(db).await? {
        *picks
            .entry((row.module_id, row.module_version, row.question_id))
            .or_default()
            .entry(row.option_index.max(0) as usize)
            .or_default() += row.picks.max(0) as u64;
    }
    let mut open: HashMap<String, u64> = HashMap::new();
    for (module_id,) in question_report::Entity::find()
        .select_only()
        .column(question_report::Column::ModuleId)
        .filter(question_report::Column::ResolvedAt.is_null())
        .into_tuple::<(String,)>()
        .all(db)
        .await?
    {
        *open.entry(module_id).or_default() += 1;
    }
    let empty = BTreeMap::new();
    let modules = content
        .modules
        .iter()
        .map(|m| {
            let mut with_figures = 0;
            let mut flagged = 0;
            for (question, sums) in items.get(&m.id).into_iter().flatten() {
                let key = (m.id.clone(), m.version.clone(), question.clone());
                let picked = picks.get(&key).unwrap_or(&empty);
                if let Some(f) = figures(sums, m.question(question), picked) {
                    with_figures += 1;
                    if !f.flags.is_empty() {
                        flagged += 1;
                    }
                }
            }
            ModuleSummary {
                module_id: m.id.clone(),
                title: m.title.get(me.locale).to_owned(),
                version: m.version.clone(),
                attempts: counted
                    .get(&(m.id.clone(), m.version.clone()))
                    .copied()
                    .unwrap_or(0)
                    .max(0) as u64,
                questions_with_figures: with_figures,
                questions_flagged: flagged,
                open_reports: open.get(&m.id).copied().unwrap_or(0),
            }
        })
        .collect();
    Ok(StatsOverview { modules })
}

/// The most reports a module's page lists (the newest).
const REPORTS_LISTED: u64 = 200;

/// The figures of every question of one version of a module (the current one by default), and
/// the module's reported questions.
pub async fn module_figures(
    ctx: &AppContext,
    me: &CurrentUser,
    module_id: &str,
    version: Option<&str>,
) -> Result<ModuleFigures, AppError> {
    me.require_any(READERS)?;
    let module = module_of(ctx, module_id)?;
    let db = &ctx.read;
    let mut by_version: BTreeMap<String, u64> = BTreeMap::new();
    for r in item_statistic_module::Entity::find()
        .filter(item_statistic_module::Column::ModuleId.eq(module.id.as_str()))
        .all(db)
        .await?
    {
        *by_version.entry(r.module_version).or_default() += r.attempts.max(0) as u64;
    }
    let mut versions: Vec<(String, u64)> = by_version.into_iter().collect();
    if !versions.iter().any(|(v, _)| *v == module.version) {
        versions.push((module.version.clone(), 0));
    }
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    let version = match version.map(str::trim).filter(|v| !v.is_empty()) {
        None => module.version.clone(),
        Some(v) => versions
            .iter()
            .find(|(known, _)| known == v)
            .map(|(known, _)| known.clone())
            .ok_or(AppError::NotFound)?,
    };
    let attempts = versions
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, n)| *n)
        .unwrap_or(0);
    let rows = item_statistic::Entity::find()
        .filter(item_statistic::Column::ModuleId.eq(module.id.as_str()))
        .filter(item_statistic::Column::ModuleVersion.eq(version.as_str()))
        .all(db)
        .await?;
    let mut picks: HashMap<String, BTreeMap<usize, u64>> = HashMap::new();
    for row in item_option_pick::Entity::find()
        .filter(item_option_pick::Column::ModuleId.eq(module.id.as_str()))
        .filter(item_option_pick::Column::ModuleVersion.eq(version.as_str()))
        .all(db)
        .await?
    {
        *picks
            .entry(row.question_id)
            .or_default()
            .entry(row.option_index.max(0) as usize)
            .or_default() += row.picks.max(0) as u64;
    }
    let reports = question_report::Entity::find()
        .filter(question_report::Column::ModuleId.eq(module.id.as_str()))
        .order_by_desc(question_report::Column::CreatedAt)
        .limit(REPORTS_LISTED)
        .all(db)
        .await?;
    let text_of = |id: &str| module.question_in(id, me.locale).map(|q| q.text.clone());
    let mut open: HashMap<&str, u64> = HashMap::new();
    for r in reports.iter().filter(|r| r.resolved_at.is_none()) {
        *open.entry(r.question_id.as_str()).or_default() += 1;
    }
    let mut by_id: HashMap<&str, Sums> = HashMap::new();
    for row in &rows {
        by_id
            .entry(row.question_id.as_str())
            .or_default()
            .merge(row);
    }
    let empty = BTreeMap::new();
    let question_figures = |id: &str| {
        let shown = module.question_in(id, me.locale);
        let sums = by_id.get(id).copied().unwrap_or_default();
        QuestionFigures {
            question_id: id.to_owned(),
            text: shown.map(|q| q.text.clone()),
            kind_key: kind_key(shown),
            attempts: sums.n,
            figures: figures(&sums, shown, picks.get(id).unwrap_or(&empty)),
            open_reports: open.get(id).copied().unwrap_or(0),
        }
    };
    // The questions in the content's order; of an older version also those no longer there.
    let mut questions: Vec<QuestionFigures> = module
        .quiz
        .questions
        .iter()
        .map(|q| question_figures(&q.id))
        .collect();
    let mut gone: Vec<&str> = by_id
        .keys()
        .copied()
        .filter(|id| module.question(id).is_none())
        .collect();
    gone.sort_unstable();
    questions.extend(gone.into_iter().map(question_figures));
    Ok(ModuleFigures {
        module_id: module.id.clone(),
        title: module.title.get(me.locale).to_owned(),
        version,
        current_version: module.version.clone(),
        versions,
        attempts,
        questions,
        reports: reports
            .into_iter()
            .map(|r| ReportView {
                id: r.id,
                question_text: text_of(&r.question_id),
                question_id: r.question_id,
                module_version: r.module_version,
                comment: r.comment,
                created_at: r.created_at,
                resolved_at: r.resolved_at,
            })
            .collect(),
    })
}

/// Reports one address may send per hour, and all together.
const REPORTS_PER_ADDRESS: i32 = 20;
const REPORTS_TOTAL: i32 = 500;
const REPORT_WINDOW_MINUTES: i64 = 60;

/// The part of a drawn question a report needs.
#[derive(Deserialize)]
struct Drawn {
    id: String,
}

/// The active editors, who get the mail about a report.
async fn editors(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, AppError> {
    Ok(user_role::active_holders(db, Role::Editor.as_str()).await?)
}

/// The start of a question's text for a mail subject line's neighbour.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

/// A learner reports a question of their own submitted attempt. Stored without the learner;
/// every editor gets a mail. Returns where the learner goes back to.
pub async fn report_question(
    ctx: &AppContext,
    me: &CurrentUser,
    client: &str,
    attempt_id: &str,
    position: &str,
    comment: &str,
) -> Result<String, AppError> {
    let attempt_id = AppError::parse_id(attempt_id)?;
    let position: usize = position.trim().parse().map_err(|_| AppError::NotFound)?;
    let comment = comment.trim();
    let mut v = Validation::new();
    if v.require(comment, "comment") {
        v.max_chars(comment, MAX_COMMENT, "comment");
    }
    v.finish()?;
    let attempt = quiz_attempt::Entity::find_by_id(attempt_id)
        .one(&ctx.db)
        .await?
        .filter(|a| a.user_id == me.id)
        .ok_or(AppError::NotFound)?;
    if attempt.status != quiz_attempt::STATUS_SUBMITTED {
        return Err(AppError::Conflict("quiz-not-submitted".into()));
    }
    let layout: Vec<Drawn> = serde_json::from_str(&attempt.layout).map_err(|err| {
        tracing::error!(error = %err, "unreadable attempt layout");
        AppError::Internal
    })?;
    let question_id = layout
        .into_iter()
        .nth(position)
        .map(|d| d.id)
        .ok_or(AppError::NotFound)?;
    let window = Duration::minutes(REPORT_WINDOW_MINUTES);
    let own = format!("question-report:{client}");
    let all = "question-report:*";
    if crate::rate_limit::reached(ctx, &own, REPORTS_PER_ADDRESS, window).await?
        || crate::rate_limit::reached(ctx, all, REPORTS_TOTAL, window).await?
    {
        tracing::warn!("question report refused: too many from this address or overall");
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: REPORT_WINDOW_MINUTES as u64,
        });
    }
    crate::rate_limit::count(ctx, &own, window).await?;
    crate::rate_limit::count(ctx, all, window).await?;
    let module = ctx.content().module(&attempt.module_id).cloned();
    let id = Uuid::new_v4();
    let txn = ctx.db.begin().await?;
    question_report::Entity::insert(question_report::ActiveModel {
        id: Set(id),
        module_id: Set(attempt.module_id.clone()),
        module_version: Set(attempt.module_version.clone()),
        question_id: Set(question_id.clone()),
        comment: Set(comment.to_owned()),
        created_at: Set(ctx.now()),
        resolved_at: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    for editor in editors(&txn).await? {
        let locale = Locale::from_code(&editor.locale).unwrap_or_default();
        let (title, question) = match &module {
            Some(m) => (
                m.title.get(locale).to_owned(),
                m.question_in(&question_id, locale)
                    .map(|q| excerpt(&q.text, 120))
                    .unwrap_or_else(|| question_id.clone()),
            ),
            None => (attempt.module_id.clone(), question_id.clone()),
        };
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: editor.email.clone(),
                person: editor.id,
                locale,
                template: "question_report",
                context: serde_json::json!({
                    "name": editor.display_name,
                    "module": title,
                    "question": question,
                    "link": format!(
                        "{}/redaktion/statistik/{}#reports",
                        ctx.settings.base_url,
                        crate::ui::percent_encode(&attempt.module_id)
                    ),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(format!("question-report:{id}:{}", editor.id)),
                attachment: None,
                list_unsubscribe: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    tracing::info!(module = %attempt.module_id, "question reported");
    Ok(format!(
        "/quiz/{}/result?reported={position}#question-{position}",
        attempt.id
    ))
}

/// An editor marks a report as dealt with; returns its module.
pub async fn resolve_report(
    ctx: &AppContext,
    me: &CurrentUser,
    id: Uuid,
) -> Result<String, AppError> {
    me.require_any(READERS)?;
    let report = question_report::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if report.resolved_at.is_none() {
        question_report::Entity::update_many()
            .col_expr(
                question_report::Column::ResolvedAt,
                Expr::value(Some(ctx.now())),
            )
            .filter(question_report::Column::Id.eq(id))
            .filter(question_report::Column::ResolvedAt.is_null())
            .exec(&ctx.db)
            .await?;
        tracing::info!(module = %report.module_id, "question report resolved");
    }
    Ok(report.module_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(id: &str, score: f64) -> ItemOutcome {
        ItemOutcome {
            question_id: id.to_owned(),
            score,
            picked: Vec::new(),
        }
    }

    #[test]
    fn the_sums_give_pearsons_correlation_with_the_rest_score() {
        // Four attempts of two questions; the rest score of `a` is the score of `b`.
        let attempts = [(1.0, 1.0), (1.0, 0.0), (0.0, 0.0), (0.0, 0.0)];
        let mut acc = Accumulator::default();
        for (a, b) in attempts {
            acc.add("m", "1", &[outcome("a", a), outcome("b", b)]);
        }
        let sums = acc.items[&("m".into(), "1".into(), "a".into())];
        assert_eq!(sums.n, 4);
        assert_eq!(sums.facility(), Some(50.0));
        // Independently: x = (1,1,0,0), y = (1,0,0,0); cov = 0.25 - 0.5*0.25 = 0.125,
        // sd_x = 0.5, sd_y = sqrt(0.1875); r = 0.125 / (0.5 * 0.4330) = 0.5774.
        let r = sums.discrimination().unwrap_or(f64::NAN);
        assert!((r - 0.577_350_269).abs() < 1e-6, "{r}");
    }

    #[test]
    fn without_variance_there_is_no_discrimination() {
        let mut acc = Accumulator::default();
        for b in [1.0, 0.0, 1.0] {
            acc.add("m", "1", &[outcome("a", 1.0), outcome("b", b)]);
        }
        let sums = acc.items[&("m".into(), "1".into(), "a".into())];
        assert_eq!(sums.discrimination(), None);
    }

    #[test]
    fn figures_need_twenty_attempts_and_flag_what_misbehaves() {
        let few = Sums {
            n: MIN_ATTEMPTS - 1,
            sum_x: 10.0,
            ..Sums::default()
        };
        assert_eq!(figures(&few, None, &BTreeMap::new()), None);
        // Everyone right: very easy, no discrimination to compute.
        let n = MIN_ATTEMPTS as f64;
        let easy = Sums {
            n: MIN_ATTEMPTS,
            sum_x: n,
            sum_x2: n,
            sum_y: 3.0 * n,
            sum_y2: 9.0 * n + 20.0,
            sum_xy: 3.0 * n,
        };
        let f = figures(&easy, None, &BTreeMap::new()).unwrap_or_else(|| unreachable!());
        assert_eq!(f.facility, 100.0);
        assert_eq!(f.discrimination, None);
        assert_eq!(f.flags, vec![Flag::VeryEasy]);
    }
}
