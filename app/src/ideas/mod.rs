//! The ideas scheme ("Ideenbörse"): any member of staff submits an idea for digitalisation or
//! for a process, by name or anonymously; colleagues support it (only the count is shown) and
//! comment by name; the coordination office ("Change & Digitalisierung", `Role::Coordinator`)
//! moves it through a visible status, and the submitter is told by mail at every step.
//!
//! Anonymity is real: an anonymous idea stores no author, only a keyed tag of (idea, person)
//! that the server recomputes for the person at hand (`server::author_tag`); its day is kept,
//! not its time; no page, export or audit entry names or hints at its author. The office speaks
//! as one: the status history shows the office, not which coordinator acted (the audit log keeps
//! that, for accountability).
//!
//! This module must not touch `feedback` or `knowledge`.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// Size limits of the forms, in characters (shown in the hints, checked on the server).
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 5_000;
pub const MAX_PROCESS: usize = 200;
pub const MAX_COMMENT: usize = 2_000;
pub const MAX_REASON: usize = 500;
pub const MAX_MESSAGE: usize = 2_000;

/// Where an idea stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdeaStatus {
    Received,
    Examining,
    Accepted,
    Implemented,
    Declined,
}

impl IdeaStatus {
    pub const ALL: [IdeaStatus; 5] = [
        IdeaStatus::Received,
        IdeaStatus::Examining,
        IdeaStatus::Accepted,
        IdeaStatus::Implemented,
        IdeaStatus::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdeaStatus::Received => "received",
            IdeaStatus::Examining => "examining",
            IdeaStatus::Accepted => "accepted",
            IdeaStatus::Implemented => "implemented",
            IdeaStatus::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<IdeaStatus> {
        IdeaStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            IdeaStatus::Received => "ideas-status-received",
            IdeaStatus::Examining => "ideas-status-examining",
            IdeaStatus::Accepted => "ideas-status-accepted",
            IdeaStatus::Implemented => "ideas-status-implemented",
            IdeaStatus::Declined => "ideas-status-declined",
        }
    }

    /// The steps the office may take from here: forward one step, or decline (with a reason)
    /// while the idea is not settled.
    pub fn next(self) -> &'static [IdeaStatus] {
        match self {
            IdeaStatus::Received => &[IdeaStatus::Examining, IdeaStatus::Declined],
            IdeaStatus::Examining => &[IdeaStatus::Accepted, IdeaStatus::Declined],
            IdeaStatus::Accepted => &[IdeaStatus::Implemented, IdeaStatus::Declined],
            IdeaStatus::Implemented | IdeaStatus::Declined => &[],
        }
    }

    /// Waiting for the office to act.
    pub fn is_open(self) -> bool {
        !self.next().is_empty()
    }
}

/// A unit to choose in the form and in the filter, in tree order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub id: Uuid,
    pub name: String,
    pub depth: u32,
}

/// An idea in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaSummary {
    pub id: Uuid,
    pub title: String,
    pub status: IdeaStatus,
    pub unit: Option<String>,
    /// The submitter's name; `None` for an anonymous idea (and after the submitter's erasure).
    pub author: Option<String>,
    pub anonymous: bool,
    /// The day it was submitted, formatted for the viewer.
    pub submitted: String,
    pub supporters: u64,
    pub comments: u64,
}

/// The public list with its filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaList {
    pub ideas: Vec<IdeaSummary>,
    pub units: Vec<UnitOption>,
    /// The filter as understood (empty: all).
    pub status: Option<IdeaStatus>,
    pub unit: Option<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: Uuid,
    /// Empty for a hidden comment: neither its words nor its writer are shown.
    pub author: String,
    pub created: String,
    /// `None` when the office hid the comment.
    pub body: Option<String>,
    pub hidden_reason: Option<String>,
    /// The viewer wrote it.
    pub can_delete: bool,
    /// The viewer is in the coordination office and the comment is visible.
    pub can_hide: bool,
}

/// One step of the status history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEntry {
    pub status: IdeaStatus,
    /// The day, formatted for the viewer.
    pub on: String,
    /// The office's message; the reason for a declined idea.
    pub message: String,
}

/// One idea as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaDetail {
    pub id: Uuid,
    pub title: String,
    pub problem: String,
    pub proposal: String,
    pub process: String,
    pub unit: Option<String>,
    pub status: IdeaStatus,
    pub submitted: String,
    /// The submitter's name; `None` for an anonymous idea.
    pub author: Option<String>,
    pub anonymous: bool,
    /// The viewer submitted it (told only to the viewer).
    pub mine: bool,
    pub supporters: u64,
    pub supported: bool,
    pub comments: Vec<CommentView>,
    pub history: Vec<StatusEntry>,
    /// The viewer is in the coordination office.
    pub can_manage: bool,
    pub next: Vec<IdeaStatus>,
}

/// The coordination office's view: what waits for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeView {
    pub received: Vec<IdeaSummary>,
    pub examining: Vec<IdeaSummary>,
    pub accepted: Vec<IdeaSummary>,
}

#[server(endpoint = "ideas/list")]
pub async fn load_ideas(
    status: Option<String>,
    unit: Option<String>,
) -> Result<IdeaList, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::list(ctx, me, status, unit).await).await
}

#[server(endpoint = "ideas/mine")]
pub async fn load_my_ideas() -> Result<Vec<IdeaSummary>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::mine(ctx, me).await).await
}

#[server(endpoint = "ideas/units")]
pub async fn load_units() -> Result<Vec<UnitOption>, AppError> {
    crate::auth::server::as_user(async |ctx, _me| server::units(ctx).await).await
}

#[server(endpoint = "ideas/get")]
pub async fn load_idea(id: String) -> Result<IdeaDetail, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::detail(ctx, me, id).await).await
}

#[server(endpoint = "ideas/office")]
pub async fn load_office() -> Result<OfficeView, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::office(ctx, me).await).await
}

/// Submits an idea; `anonymous` is set by the form's box.
#[server(endpoint = "ideas/submit")]
pub async fn submit_idea(
    title: String,
    problem: String,
    proposal: String,
    #[server(default)] department: String,
    #[server(default)] process: String,
    anonymous: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::submit(
            ctx,
            me,
            server::NewIdea {
                title,
                problem,
                proposal,
                department,
                process,
                anonymous: anonymous.is_some_and(|a| !a.is_empty() && a != "false"),
            },
        )
        .await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Supports an idea (`support = true`) or withdraws the support.
#[server(endpoint = "ideas/support")]
pub async fn support_idea(id: String, support: bool) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::support(ctx, me, id, support).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "ideas/comment")]
pub async fn comment_idea(id: String, body: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::comment(ctx, me, id, body).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// The writer deletes their own comment.
#[server(endpoint = "ideas/comment/delete")]
pub async fn delete_comment(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::delete_comment(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// The coordination office hides an abusive comment, with a reason.
#[server(endpoint = "ideas/comment/hide")]
pub async fn hide_comment(id: String, reason: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::hide_comment(ctx, me, id, reason).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// The coordination office moves an idea on; `message` is required when declining.
#[server(endpoint = "ideas/status")]
pub async fn change_status(
    id: String,
    status: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::change_status(ctx, me, id, status, message).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}
