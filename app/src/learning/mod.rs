//! Learning: the catalogue, module pages, the lesson reader with reading progress, and the
//! learner's own evidence of competences.

pub mod equivalents;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetenceRef {
    pub id: String,
    pub title: String,
    pub level: u8,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub duration_minutes: u32,
    pub mandatory: bool,
    pub lessons_total: usize,
    pub lessons_read: usize,
    pub passed: bool,
    pub competences: Vec<CompetenceRef>,
    /// The same competences as other frameworks name them (DigComp 3.0 for DigComp 2.2).
    pub equivalents: Vec<equivalents::EquivalentRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    pub entries: Vec<CatalogueEntry>,
    /// Every competence some module proves, for the filter: (id, title).
    pub competences: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonEntry {
    pub slug: String,
    pub title: String,
    pub read: bool,
    /// No text in the page's language: the German lesson is shown.
    pub german_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrerequisiteEntry {
    pub id: String,
    pub title: String,
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptSummary {
    pub id: Uuid,
    pub placement: bool,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub score_percent: Option<i32>,
    pub passed: Option<bool>,
    pub module_version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizStatus {
    pub draw: usize,
    pub pass_mark: u8,
    pub time_limit_minutes: Option<u32>,
    pub open_attempt: Option<Uuid>,
    /// After a failed attempt: the next one can start at this time.
    pub cooldown_until: Option<DateTime<Utc>>,
    /// Today's attempts are used up: the next one can start at this time.
    pub daily_limit_until: Option<DateTime<Utc>>,
    /// Every allowed failed attempt of this module version is used up.
    pub attempts_used: bool,
    /// The wait after a first failed attempt, in minutes (it grows after more).
    pub first_wait_minutes: u32,
    /// Attempts per day; 0 for no limit.
    pub daily_limit: u32,
    /// The learner reads English, but this quiz exists only in German.
    pub german_only: bool,
    pub passed: bool,
    /// A learner who has not started may test out once per module version.
    pub placement_available: bool,
}

/// Renders the quiz part of a module's page. The quiz feature owns it; the route table joins it
/// to the page, so that learning does not depend on the quiz.
pub type QuizPart = fn(&ModuleView) -> AnyView;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleView {
    pub id: String,
    pub version: String,
    pub title: String,
    pub summary: String,
    pub audience: String,
    pub duration_minutes: u32,
    pub mandatory: bool,
    pub prerequisites: Vec<PrerequisiteEntry>,
    pub competences: Vec<CompetenceRef>,
    /// The same competences as other frameworks name them (DigComp 3.0 for DigComp 2.2).
    pub equivalents: Vec<equivalents::EquivalentRef>,
    pub lessons: Vec<LessonEntry>,
    /// Where to continue reading: the first lesson not yet read.
    pub resume: Option<String>,
    pub quiz: QuizStatus,
    pub history: Vec<AttemptSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonView {
    pub module_id: String,
    pub module_title: String,
    pub slug: String,
    pub title: String,
    /// Rendered from the curriculum's Markdown on the server.
    pub html: String,
    pub german_only: bool,
    pub position: usize,
    pub total: usize,
    pub previous: Option<(String, String)>,
    pub next: Option<(String, String)>,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceEntry {
    pub competence: String,
    pub area: String,
    pub level: u8,
    pub level_title: String,
    pub module_title: String,
    pub module_version: String,
    /// The version the module has now, if it differs.
    pub current_version: Option<String>,
    pub achieved_at: DateTime<Utc>,
    /// The same evidence as other frameworks name it (DigComp 3.0 for DigComp 2.2).
    pub equivalents: Vec<equivalents::EquivalentRef>,
}

#[server(endpoint = "learning/catalogue")]
pub async fn get_catalogue(
    competence: Option<String>,
    kind: Option<String>,
) -> Result<Catalogue, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::catalogue(ctx, me, competence, kind).await)
        .await
}

#[server(endpoint = "learning/module")]
pub async fn get_module(id: String) -> Result<ModuleView, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::module(ctx, me, id).await).await
}

#[server(endpoint = "learning/lesson")]
pub async fn get_lesson(module: String, slug: String) -> Result<LessonView, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::lesson(ctx, me, module, slug).await).await
}

/// Marks a lesson as read and goes on: to the next lesson, or back to the module.
#[server(endpoint = "learning/lesson-read")]
pub async fn mark_lesson_read(module: String, slug: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::mark_read(ctx, me, module, slug).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "learning/evidence")]
pub async fn get_evidence() -> Result<Vec<EvidenceEntry>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::evidence(ctx, me).await).await
}
