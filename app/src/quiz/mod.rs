//! Quizzes and placement tests: drawing and shuffling on the server, answers saved as the
//! learner goes, one submission, grading on the server, results with feedback.
//!
//! What travels to the browser before submission is only what the learner must see: question
//! texts and the shuffled options. Which option is right, accepted answers and feedback stay on
//! the server until the attempt is submitted.

#[cfg(feature = "ssr")]
pub mod grading;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod statistics;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;
use crate::learning::CompetenceRef;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionType {
    Single,
    Multiple,
    TrueFalse,
    Ordering,
    Matching,
    ShortText,
    Numeric,
}

/// A question as the learner sees it during an attempt.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub kind: QuestionType,
    pub text: String,
    /// Single and multiple choice, in display order.
    pub options: Vec<String>,
    /// Ordering: the items, shuffled.
    pub items: Vec<String>,
    /// Matching: left items in order, right-hand sides shuffled.
    pub lefts: Vec<String>,
    pub rights: Vec<String>,
    pub unit: Option<String>,
    /// The stored answer in its canonical form (see `grading::answer_from_fields`).
    pub saved: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttemptView {
    pub id: Uuid,
    pub module_id: String,
    pub module_title: String,
    pub placement: bool,
    /// The learner reads English, but this quiz exists only in German.
    pub german_only: bool,
    pub total: usize,
    /// The first words of each question, for the overview (empty on a question's page).
    pub previews: Vec<String>,
    /// Which positions (1-based index - 1) have an answer.
    pub answered: Vec<bool>,
    pub deadline: Option<DateTime<Utc>>,
    pub submitted: bool,
    /// The question at the requested position; `None` for the overview.
    pub question: Option<QuestionView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultQuestion {
    /// The question's place in the attempt (0-based), for "Frage melden".
    pub position: usize,
    pub text: String,
    pub your_answer: Vec<String>,
    pub correct_answer: Vec<String>,
    /// 0.0 … 1.0
    pub score: f64,
    pub feedback: Vec<String>,
    pub lesson_href: String,
    pub lesson_title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    pub id: Uuid,
    pub module_id: String,
    pub module_title: String,
    pub module_version: String,
    pub placement: bool,
    pub score_percent: i32,
    pub pass_mark: u8,
    pub passed: bool,
    pub submitted_at: DateTime<Utc>,
    pub questions: Vec<ResultQuestion>,
    /// What the pass proves, recorded as evidence.
    pub evidence: Vec<CompetenceRef>,
    /// The same evidence as other frameworks name it (DigComp 3.0 for DigComp 2.2).
    pub equivalents: Vec<crate::learning::equivalents::EquivalentRef>,
    /// The right answers are shown after a pass (or after the last allowed try): a failed
    /// attempt that gave them away would let the next one be passed from memory.
    /// (`correct_answer` is then empty.)
    pub answers_shown: bool,
    /// After a failed quiz: when the next try can start (`None`: now, or never).
    pub retry_at: Option<DateTime<Utc>>,
    /// Every allowed failed attempt of this module version is used up.
    pub attempts_used: bool,
}

/// Starts (or resumes) the quiz of a module, or its placement test with `placement = "on"`.
#[server(endpoint = "quiz/start")]
pub async fn start_attempt(module: String, placement: Option<String>) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::start(ctx, me, module, placement.is_some()).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// One question of an attempt (`position` from 1), or the overview with `position = 0`.
#[server(endpoint = "quiz/attempt")]
pub async fn get_attempt(id: String, position: usize) -> Result<AttemptView, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::attempt(ctx, me, id, position).await).await
}

/// Saves one answer while the learner works (the hydrated page calls this on every change).
#[server(endpoint = "quiz/save", input = Json)]
pub async fn save_answer(
    id: String,
    position: usize,
    fields: Vec<(String, String)>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::save(ctx, me, &id, position, &fields).await
    })
    .await
}

/// Submits an attempt. A second submission changes nothing and leads to the same result.
#[server(endpoint = "quiz/submit")]
pub async fn submit_attempt(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::submit(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "quiz/result")]
pub async fn get_result(id: String) -> Result<ResultView, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::result(ctx, me, id).await).await
}
