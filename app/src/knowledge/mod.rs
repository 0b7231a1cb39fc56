//! The knowledge base ("Wissen", `/wissen`): short how-to articles in Markdown that digital
//! scouts and editors write, tagged with the curriculum's competences and the organisation's
//! units. An article is published only after a second scout or editor approved it (nobody
//! approves their own text); a change to a published article is a new revision that goes
//! through the same review while the published text stays visible. Every logged-in person
//! reads the published articles, finds them in the site search and on the lessons that share a
//! competence. Each article says when it was last checked and by whom, and asks to be checked
//! again after the months an administrator set (knowledge retention); its author is reminded
//! once per due date.
//!
//! Owns the tables `knowledge_article`, `knowledge_revision`, `knowledge_tag` and
//! `knowledge_setting`, and the search's live documents of the articles (through
//! `search::server::replace_live`). Touches no other feature's data: mail goes through `mail`,
//! changes into `audit`.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;
use crate::identity::Role;

/// Who writes, reviews and checks articles.
pub const WRITERS: &[Role] = &[Role::Scout, Role::Editor];

/// The longest title, in characters.
pub const MAX_TITLE: usize = 120;
/// The longest one-line summary.
pub const MAX_SUMMARY: usize = 200;
/// The longest text (Markdown).
pub const MAX_BODY: usize = 20_000;
/// The longest comment of a reviewer who sends an article back.
pub const MAX_COMMENT: usize = 2000;
/// The most competences and the most units one article is tagged with.
pub const MAX_TAGS: usize = 10;
/// The longest text filter of the list.
pub const MAX_FILTER: usize = 100;
/// The months after which an article asks to be checked again, unless an administrator set
/// another number, and the range they may set.
pub const DEFAULT_RECHECK_MONTHS: u32 = 12;
pub const MAX_RECHECK_MONTHS: u32 = 60;

/// Where a revision is in its review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevisionStatus {
    Draft,
    Review,
    Returned,
    Published,
    Replaced,
}

impl RevisionStatus {
    pub const ALL: [RevisionStatus; 5] = [
        RevisionStatus::Draft,
        RevisionStatus::Review,
        RevisionStatus::Returned,
        RevisionStatus::Published,
        RevisionStatus::Replaced,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevisionStatus::Draft => "draft",
            RevisionStatus::Review => "review",
            RevisionStatus::Returned => "returned",
            RevisionStatus::Published => "published",
            RevisionStatus::Replaced => "replaced",
        }
    }

    pub fn parse(value: &str) -> Option<RevisionStatus> {
        RevisionStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RevisionStatus::Draft => "knowledge-status-draft",
            RevisionStatus::Review => "knowledge-status-review",
            RevisionStatus::Returned => "knowledge-status-returned",
            RevisionStatus::Published => "knowledge-status-published",
            RevisionStatus::Replaced => "knowledge-status-replaced",
        }
    }

    /// Whether its author may still change it.
    pub fn is_open(self) -> bool {
        matches!(self, RevisionStatus::Draft | RevisionStatus::Returned)
    }
}

/// A choice of a filter or a tag: (id, name).
pub type Choice = (String, String);

/// An article in the list and on a lesson's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleCard {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub checked_at: Option<DateTime<Utc>>,
    /// Its check is due.
    pub due: bool,
}

/// The readers' list with its filters, as the GET form sent them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleList {
    pub cards: Vec<ArticleCard>,
    pub q: String,
    pub competence: String,
    pub unit: String,
    pub competences: Vec<Choice>,
    pub units: Vec<Choice>,
    /// Published articles in all, without filters.
    pub total: usize,
    pub can_write: bool,
}

/// A revision that waits beside the published text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRevision {
    pub status: RevisionStatus,
    pub author: Option<String>,
}

/// An article as readers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleView {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Rendered on the server from the Markdown; carries no markup of the author's own.
    pub html: String,
    pub competences: Vec<Choice>,
    pub units: Vec<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub checked_at: Option<DateTime<Utc>>,
    /// `None` when the checker's account is gone.
    pub checked_by: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub due: bool,
    pub can_write: bool,
    pub pending: Option<PendingRevision>,
}

/// An article on the writers' desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEntry {
    pub article: Uuid,
    pub slug: String,
    pub title: String,
    pub status: RevisionStatus,
    pub author: Option<String>,
    /// The revision's last change, or the due date of a check.
    pub at: DateTime<Utc>,
}

/// The writers' desk (`/wissen/redaktion`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    /// My drafts, my texts in review and my texts sent back.
    pub mine: Vec<DeskEntry>,
    /// Others' texts waiting for a review.
    pub to_review: Vec<DeskEntry>,
    /// Published articles whose check is due.
    pub due: Vec<DeskEntry>,
    pub recheck_months: u32,
}

/// The editing and review page of an article's open revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionPage {
    /// `None` for a new article.
    pub article: Option<Uuid>,
    pub slug: Option<String>,
    /// `None`: nothing open; the form starts a new revision from the published text.
    pub status: Option<RevisionStatus>,
    pub number: Option<i32>,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub competences: Vec<String>,
    pub units: Vec<String>,
    pub preview_html: String,
    pub review_comment: Option<String>,
    pub author: Option<String>,
    /// I wrote the open revision (or nothing is open): I may change it.
    pub mine: bool,
    pub published: bool,
    pub competence_choices: Vec<Choice>,
    pub unit_choices: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeSettings {
    pub recheck_months: u32,
    pub updated_at: Option<DateTime<Utc>>,
}

#[server(endpoint = "knowledge/list")]
pub async fn list_articles(
    q: Option<String>,
    competence: Option<String>,
    unit: Option<String>,
) -> Result<ArticleList, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::list(ctx, me, q, competence, unit).await)
        .await
}

#[server(endpoint = "knowledge/article")]
pub async fn get_article(slug: String) -> Result<ArticleView, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::article(ctx, me, &slug).await).await
}

/// The published articles that share a competence with a module, for its lessons' pages.
#[server(endpoint = "knowledge/for-module")]
pub async fn articles_for_module(module: String) -> Result<Vec<ArticleCard>, AppError> {
    crate::auth::server::as_user(async |ctx, _me| server::for_module(ctx, &module).await).await
}

#[server(endpoint = "knowledge/desk")]
pub async fn get_desk() -> Result<Desk, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::desk(ctx, me).await).await
}

/// The edit and review page: an empty `article` for a new one.
#[server(endpoint = "knowledge/revision")]
pub async fn get_revision(article: Option<String>) -> Result<RevisionPage, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        let article = match article.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(id) => Some(AppError::parse_id(id)?),
            None => None,
        };
        server::revision_page(ctx, me, article).await
    })
    .await
}

/// Saves the writer's text (a new article, the open revision, or a new revision of a published
/// one); `step` `submit` also hands it in for review.
#[server(endpoint = "knowledge/save")]
pub async fn save_article(
    article: Option<String>,
    title: String,
    summary: String,
    body: String,
    #[server(default)] competences: Vec<String>,
    #[server(default)] units: Vec<String>,
    step: Option<String>,
) -> Result<(), AppError> {
    let to = crate::auth::server::as_user(async |ctx, me| {
        let article = match article.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(id) => Some(AppError::parse_id(id)?),
            None => None,
        };
        let submit = match step.as_deref().unwrap_or("save") {
            "save" => false,
            "submit" => true,
            _ => return Err(AppError::invalid("step", "field-invalid-choice")),
        };
        let form = server::ArticleForm {
            title: &title,
            summary: &summary,
            body: &body,
            competences: &competences,
            units: &units,
        };
        let id = server::save(ctx, me, article, form, submit).await?;
        Ok(format!(
            "/wissen/redaktion/{id}?{}=1",
            if submit { "submitted" } else { "saved" }
        ))
    })
    .await?;
    crate::context::redirect(&to);
    Ok(())
}

/// A second scout or editor approves the revision in review: it is published.
#[server(endpoint = "knowledge/approve")]
pub async fn approve_article(article: String) -> Result<(), AppError> {
    let slug = crate::auth::server::as_user(async |ctx, me| {
        server::approve(ctx, me, AppError::parse_id(&article)?).await
    })
    .await?;
    crate::context::redirect(&format!("/wissen/{slug}?published=1"));
    Ok(())
}

/// A second scout or editor sends the revision in review back to its author with a comment.
#[server(endpoint = "knowledge/return")]
pub async fn return_article(article: String, comment: String) -> Result<(), AppError> {
    let id = crate::auth::server::as_user(async |ctx, me| {
        let id = AppError::parse_id(&article)?;
        server::send_back(ctx, me, id, &comment).await?;
        Ok(id)
    })
    .await?;
    crate::context::redirect(&format!("/wissen/redaktion/{id}?returned=1"));
    Ok(())
}

/// "Geprüft, noch aktuell": a scout or editor confirms the published text.
#[server(endpoint = "knowledge/check")]
pub async fn check_article(article: String) -> Result<(), AppError> {
    let slug = crate::auth::server::as_user(async |ctx, me| {
        server::check(ctx, me, AppError::parse_id(&article)?).await
    })
    .await?;
    crate::context::redirect(&format!("/wissen/{slug}?checked=1"));
    Ok(())
}

#[server(endpoint = "knowledge/settings")]
pub async fn get_settings() -> Result<KnowledgeSettings, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        me.require_any(&[Role::Admin])?;
        server::settings(&ctx.read).await
    })
    .await
}

#[server(endpoint = "knowledge/settings/save")]
pub async fn save_settings(recheck_months: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::save_settings(ctx, me, &recheck_months).await
    })
    .await?;
    crate::context::redirect("/wissen/einstellungen?saved=1");
    Ok(())
}
