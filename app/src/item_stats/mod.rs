//! Item statistics for the editors (Redaktion), and the questions learners report ("Frage
//! melden"): per question of a module version how many graded attempts drew it, the facility
//! index, the discrimination index, how often each option was chosen, and flags for questions
//! that misbehave. Privacy first: figures only over at least `MIN_ATTEMPTS` attempts, never per
//! person, and a report does not say who sent it.
//!
//! The figures come from running sums (`item_statistic`, `item_option_pick`,
//! `item_statistic_module`) that the quiz adds to in the transaction that grades an attempt
//! (`quiz::statistics`), so a page over any number of attempts reads a few dozen rows. Placement
//! tests do not count: they are taken before the lessons and measure prior knowledge, which
//! would blur how well a question works for people who learned the module.
//!
//! Owns the tables `item_statistic`, `item_option_pick`, `item_statistic_module`,
//! `item_statistic_rebuild` and `question_report`; reads attempts (`quiz_attempt`) only to check
//! that a reported question was one the learner was asked.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// Figures are shown only for questions drawn in at least this many graded attempts: fewer say
/// little, and would come close to single people's answers.
pub const MIN_ATTEMPTS: u64 = 20;
/// The longest comment of a reported question, in characters.
pub const MAX_COMMENT: usize = 1000;
/// Discrimination below this (but not negative) is flagged as "hardly separates".
pub const WEAK_DISCRIMINATION: f64 = 0.1;
/// A facility at or below this (percent) is flagged as very hard.
pub const FACILITY_LOW: f64 = 10.0;
/// A facility at or above this (percent) is flagged as very easy.
pub const FACILITY_HIGH: f64 = 95.0;

/// A module on the editors' overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleSummary {
    pub module_id: String,
    pub title: String,
    pub version: String,
    /// Graded attempts of the current version counted.
    pub attempts: u64,
    /// Questions of the current version with figures (at least `MIN_ATTEMPTS` attempts).
    pub questions_with_figures: u64,
    pub questions_flagged: u64,
    pub open_reports: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsOverview {
    pub modules: Vec<ModuleSummary>,
}

/// Something about a question that an editor should look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flag {
    /// Those who did well on the rest of the quiz did worse on this question.
    NegativeDiscrimination,
    /// The question hardly separates those who know the module from those who do not.
    WeakDiscrimination,
    /// An option nobody chose.
    UnchosenOption,
    /// (Almost) nobody answers it right.
    VeryHard,
    /// (Almost) everybody answers it right.
    VeryEasy,
}

impl Flag {
    pub fn label_key(self) -> &'static str {
        match self {
            Flag::NegativeDiscrimination => "stats-flag-negative",
            Flag::WeakDiscrimination => "stats-flag-weak",
            Flag::UnchosenOption => "stats-flag-unchosen",
            Flag::VeryHard => "stats-flag-hard",
            Flag::VeryEasy => "stats-flag-easy",
        }
    }
}

/// An option of a single- or multiple-choice question with how often it was chosen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionFigure {
    pub text: String,
    pub correct: bool,
    pub picks: u64,
    /// Share of the attempts that drew the question, in percent.
    pub percent: f64,
}

/// The figures of a question, present only from `MIN_ATTEMPTS` attempts on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Mean score of the question, in percent.
    pub facility: f64,
    /// Correlation of the question's score with the rest of the attempt's score; `None` when
    /// either does not vary (then there is nothing to correlate).
    pub discrimination: Option<f64>,
    /// Empty for question types without options.
    pub options: Vec<OptionFigure>,
    pub flags: Vec<Flag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionFigures {
    pub question_id: String,
    /// The question's text in the current content; `None` when it is no longer there.
    pub text: Option<String>,
    /// Catalogue key of the question type.
    pub kind_key: String,
    pub attempts: u64,
    pub figures: Option<Figures>,
    pub open_reports: u64,
}

/// A reported question, as the editors see it: comment and date, never who.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub id: Uuid,
    pub question_id: String,
    pub question_text: Option<String>,
    pub module_version: String,
    pub comment: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModuleFigures {
    pub module_id: String,
    pub title: String,
    /// The version shown.
    pub version: String,
    pub current_version: String,
    /// Every version with counted attempts (and the current one), with its count.
    pub versions: Vec<(String, u64)>,
    pub attempts: u64,
    pub questions: Vec<QuestionFigures>,
    pub reports: Vec<ReportView>,
}

#[server(endpoint = "redaktion/statistik")]
pub async fn get_stats_overview() -> Result<StatsOverview, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::overview(ctx, me).await).await
}

#[server(endpoint = "redaktion/statistik/modul")]
pub async fn get_module_figures(
    module: String,
    version: Option<String>,
) -> Result<ModuleFigures, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::module_figures(ctx, me, &module, version.as_deref()).await
    })
    .await
}

/// "Frage melden" on the result page: the question at `position` (0-based, in the attempt's
/// order) of the learner's own submitted attempt, with a comment.
#[server(endpoint = "quiz/report-question")]
pub async fn report_question(
    attempt: String,
    position: String,
    comment: String,
) -> Result<(), AppError> {
    let back = crate::auth::server::as_user(async |ctx, me| {
        let client = crate::auth::server::client_address();
        server::report_question(ctx, me, &client, &attempt, &position, &comment).await
    })
    .await?;
    crate::context::redirect(&back);
    Ok(())
}

/// An editor marks a report as dealt with ("erledigt").
#[server(endpoint = "redaktion/meldung/erledigt")]
pub async fn resolve_report(id: String) -> Result<(), AppError> {
    let module = crate::auth::server::as_user(async |ctx, me| {
        let id = AppError::parse_id(&id)?;
        server::resolve_report(ctx, me, id).await
    })
    .await?;
    crate::context::redirect(&format!(
        "/redaktion/statistik/{}?resolved=1#reports",
        crate::ui::percent_encode(&module)
    ));
    Ok(())
}
