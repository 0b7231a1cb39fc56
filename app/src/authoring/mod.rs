//! The curriculum in the browser (Redaktion): modules, lessons and questions are kept in the
//! database as versions of a module's files, edited as drafts, checked with the same checks as
//! `fuehrerschein content check`, and published only after a second editor approved them
//! (four-eyes). Published versions never change; the attempts and certificates taken on them
//! keep pointing at what the learner saw. Every instance watches a revision counter and loads a
//! publication within seconds.
//!
//! The shipped `content/` folder is the curriculum of the release: the first start loads its
//! modules into the database, and every start (or `fuehrerschein content update`) brings a new
//! release's modules in, publishing them where the city has not changed the module and offering
//! them as a draft where it has, so that a city's own change is never overwritten.
//!
//! Owns the tables `content_version`, `content_media`, `content_revision` and `content_upload`.

pub mod imports;
pub mod pages;
pub mod questions;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;
use crate::i18n::Message;

/// Where a version stands in four-eyes publishing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Being edited.
    Draft,
    /// Waiting for a second editor.
    Review,
    /// What learners see.
    Published,
    /// Was published; kept unchanged for the attempts taken on it.
    Retired,
    /// A draft thrown away.
    Discarded,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
            Status::Retired => "retired",
            Status::Discarded => "discarded",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Some(match code {
            "draft" => Status::Draft,
            "review" => Status::Review,
            "published" => Status::Published,
            "retired" => Status::Retired,
            "discarded" => Status::Discarded,
            _ => return None,
        })
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Status::Draft => "authoring-status-draft",
            Status::Review => "authoring-status-review",
            Status::Published => "authoring-status-published",
            Status::Retired => "authoring-status-retired",
            Status::Discarded => "authoring-status-discarded",
        }
    }
}

/// Where a version's text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// As released with the software (`content/`).
    Shipped,
    /// The city's own change.
    City,
}

impl Origin {
    pub fn label_key(self) -> &'static str {
        match self {
            Origin::Shipped => "authoring-origin-shipped",
            Origin::City => "authoring-origin-city",
        }
    }
}

/// One version of a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: Uuid,
    pub module_id: String,
    pub number: i32,
    pub version: String,
    pub status: Status,
    pub origin: Origin,
    /// The released version this one rests on.
    pub shipped_version: Option<String>,
    /// The number of the version it was made from.
    pub based_on: Option<i32>,
    pub author: Option<String>,
    pub contributors: Vec<String>,
    pub reviewer: Option<String>,
    pub note: Option<String>,
    pub review_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A module on the editors' overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleRow {
    pub module_id: String,
    pub title: String,
    /// The published version, if there is one.
    pub published: Option<VersionSummary>,
    /// The open draft or the version in review, if any.
    pub open: Option<VersionSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub modules: Vec<ModuleRow>,
    /// Versions waiting for review that the reader may approve (not their own).
    pub to_review: Vec<VersionSummary>,
}

/// A problem the checks found, at a file of the module (`quiz.toml`, `lessons/01-….md`) or,
/// for a problem the draft causes elsewhere, at a file of the curriculum (`certificates.toml`).
/// The message is rendered in the reader's language by the page that shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProblem {
    pub file: String,
    pub line: usize,
    pub message: Message,
}

/// What a file of a module is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Module,
    Quiz,
    QuizEnglish,
    Lesson,
    LessonEnglish,
}

impl FileKind {
    pub fn of(path: &str) -> FileKind {
        match path {
            "module.toml" => FileKind::Module,
            "quiz.toml" => FileKind::Quiz,
            "quiz.en.toml" => FileKind::QuizEnglish,
            p if p.ends_with(".en.md") => FileKind::LessonEnglish,
            _ => FileKind::Lesson,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            FileKind::Module => "authoring-file-module",
            FileKind::Quiz => "authoring-file-quiz",
            FileKind::QuizEnglish => "authoring-file-quiz-en",
            FileKind::Lesson => "authoring-file-lesson",
            FileKind::LessonEnglish => "authoring-file-lesson-en",
        }
    }
}

/// A file of a version, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub kind: FileKind,
    /// A lesson's first heading.
    pub title: Option<String>,
    /// Problems found in this file.
    pub problems: usize,
}

/// A version with its files and what the checks say about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    pub summary: VersionSummary,
    pub title: String,
    pub files: Vec<FileEntry>,
    pub media: Vec<String>,
    /// What stops publication (drafts and versions in review only).
    pub problems: Vec<FileProblem>,
    /// What `content check` reports about the quiz, which does not stop it.
    pub lints: Vec<FileProblem>,
    /// The reader may change it (a draft).
    pub can_edit: bool,
    /// The reader may send it to review (a draft without problems).
    pub can_submit: bool,
    /// The reader may approve or send it back (in review, and not changed by the reader).
    pub can_review: bool,
    /// The reader changed the version in review and so may not approve it.
    pub own_work: bool,
    /// The published version of the module, to compare with.
    pub published_number: Option<i32>,
}

/// One file's text for the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileView {
    pub summary: VersionSummary,
    pub path: String,
    pub kind: FileKind,
    pub text: String,
    pub problems: Vec<FileProblem>,
    pub lints: Vec<FileProblem>,
    pub can_edit: bool,
    pub media: Vec<String>,
    /// A digest of `text`, sent back with "Speichern": a save based on an older text is kept
    /// apart as a conflict instead of overwriting what someone else saved meanwhile.
    pub based_on: String,
    /// The reader's own text that could not be saved, when the page was opened for it.
    pub conflict: Option<FileConflict>,
}

/// An editor's text that was not written into the draft: someone else had saved the file since
/// the editor opened it, or the version was no longer a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileConflict {
    pub id: String,
    pub text: String,
    /// From the saved text (old) to the editor's text (new).
    pub lines: Vec<DiffLine>,
}

/// The history of a module: every version, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub module_id: String,
    pub title: String,
    pub versions: Vec<VersionSummary>,
}

/// A line of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineChange {
    Same,
    Added,
    Removed,
    /// Unchanged lines left out between two changes.
    Gap,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub change: LineChange,
    pub old_line: Option<usize>,
    pub new_line: Option<usize>,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileChange {
    Added,
    Removed,
    Changed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDiff {
    pub path: String,
    pub change: FileChange,
    pub lines: Vec<DiffLine>,
}

/// Two versions of a module compared, file by file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub from: VersionSummary,
    pub to: VersionSummary,
    pub files: Vec<FileDiff>,
    pub media_added: Vec<String>,
    pub media_removed: Vec<String>,
}

/// A lesson rendered for the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub html: String,
    pub problems: Vec<PreviewProblem>,
}

/// A problem of the previewed lesson, already in the reader's language: the editor's island
/// puts the text in the page as it comes, without a catalogue of its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewProblem {
    pub line: usize,
    pub message: String,
}

/// `based_on` of a file that is not there yet (an empty form value would be no `based_on`).
pub const NO_FILE: &str = "neu";

/// The longest text a file of a module may have in the editor, in bytes (as the folder).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The largest image an editor may upload.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// The longest note or review comment, in characters.
pub const MAX_NOTE: usize = 2000;

#[server(endpoint = "redaktion/inhalte")]
pub async fn get_overview() -> Result<Overview, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::overview(ctx, me).await).await
}

#[server(endpoint = "redaktion/inhalte/verlauf")]
pub async fn get_history(module: String) -> Result<History, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::history(ctx, me, &module).await).await
}

#[server(endpoint = "redaktion/inhalte/fassung")]
pub async fn get_version(module: String, number: i32) -> Result<VersionView, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::version_view(ctx, me, &module, number).await
    })
    .await
}

#[server(endpoint = "redaktion/inhalte/datei")]
pub async fn get_file(
    module: String,
    number: i32,
    path: String,
    conflict: Option<String>,
) -> Result<FileView, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        let conflict = match conflict.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(id) => Some(AppError::parse_id(id)?),
            None => None,
        };
        server::file_view(ctx, me, &module, number, &path, conflict).await
    })
    .await
}

#[server(endpoint = "redaktion/inhalte/vergleich")]
pub async fn get_comparison(module: String, from: i32, to: i32) -> Result<Comparison, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::comparison(ctx, me, &module, from, to).await
    })
    .await
}

/// Starts a draft of the module from its published version (or opens the one there is).
#[server(endpoint = "redaktion/inhalte/entwurf")]
pub async fn start_draft(module: String) -> Result<(), AppError> {
    let number =
        crate::auth::server::as_user(async |ctx, me| server::start_draft(ctx, me, &module).await)
            .await?;
    crate::context::redirect(&version_href(&module, number));
    Ok(())
}

/// A new module, as a draft with one lesson and a quiz to fill in.
#[server(endpoint = "redaktion/inhalte/neu")]
pub async fn create_module(id: String, title_de: String, title_en: String) -> Result<(), AppError> {
    let module = id.trim().to_owned();
    let number = crate::auth::server::as_user(async |ctx, me| {
        server::create_module(ctx, me, &module, &title_de, &title_en).await
    })
    .await?;
    crate::context::redirect(&version_href(&module, number));
    Ok(())
}

/// Saves a file of a draft. The text is kept even when the checks find problems; the editor
/// shows them where they are. `based_on` is the digest of the text the editor started from
/// (`NO_FILE` for a new file): when someone else saved the file since, or the version is no
/// longer a draft, the text is kept apart for the editor and the page shows both texts.
#[server(endpoint = "redaktion/inhalte/speichern")]
pub async fn save_file(
    module: String,
    number: i32,
    path: String,
    text: String,
    based_on: Option<String>,
) -> Result<(), AppError> {
    let saved = crate::auth::server::as_user(async |ctx, me| {
        server::save_file(ctx, me, &module, number, &path, &text, based_on.as_deref()).await
    })
    .await?;
    let href = file_href(&module, number, &path);
    crate::context::redirect(&match saved {
        Saved::Stored => format!("{href}&saved=1"),
        Saved::Conflict(id) => format!("{href}&konflikt={id}#konflikt"),
    });
    Ok(())
}

/// What became of a saved text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// In the draft.
    Stored,
    /// Kept apart for the editor (`FileConflict`).
    Conflict(Uuid),
}

/// Adds a lesson (German, with an optional English translation to follow) to a draft.
#[server(endpoint = "redaktion/inhalte/lektion")]
pub async fn add_lesson(
    module: String,
    number: i32,
    slug: String,
    title: String,
) -> Result<(), AppError> {
    let path = crate::auth::server::as_user(async |ctx, me| {
        server::add_lesson(ctx, me, &module, number, &slug, &title).await
    })
    .await?;
    crate::context::redirect(&file_href(&module, number, &path));
    Ok(())
}

/// Removes a lesson or an English file from a draft. Its text is gone from the draft, so the
/// form's box `confirm` must be ticked.
#[server(endpoint = "redaktion/inhalte/entfernen")]
pub async fn remove_file(
    module: String,
    number: i32,
    path: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        // The role first: whoever may not edit gets 403, not a word about the box.
        me.require_any(server::EDITORS)?;
        crate::ui::require_confirmation("confirm", confirm.as_deref())?;
        server::remove_file(ctx, me, &module, number, &path).await
    })
    .await?;
    crate::context::redirect(&version_href(&module, number));
    Ok(())
}

/// The lesson as learners will see it, with the checks' findings.
#[server(endpoint = "redaktion/inhalte/vorschau")]
pub async fn preview_lesson(
    module: String,
    number: i32,
    path: String,
    text: String,
) -> Result<Preview, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::preview(ctx, me, &module, number, &path, &text).await
    })
    .await
}

/// Sends a draft to review by a second editor.
#[server(endpoint = "redaktion/inhalte/einreichen")]
pub async fn submit_for_review(module: String, number: i32, note: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::submit(ctx, me, &module, number, &note).await
    })
    .await?;
    crate::context::redirect(&format!("{}?submitted=1", version_href(&module, number)));
    Ok(())
}

/// A second editor approves a version in review: it is published at once.
#[server(endpoint = "redaktion/inhalte/freigeben")]
pub async fn approve(module: String, number: i32, comment: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::approve(ctx, me, &module, number, &comment).await
    })
    .await?;
    crate::context::redirect(&format!("{}?published=1", version_href(&module, number)));
    Ok(())
}

/// A second editor sends a version back to its authors, with a comment.
#[server(endpoint = "redaktion/inhalte/zurueck")]
pub async fn send_back(module: String, number: i32, comment: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::send_back(ctx, me, &module, number, &comment).await
    })
    .await?;
    crate::context::redirect(&format!("{}?returned=1", version_href(&module, number)));
    Ok(())
}

/// Throws a draft away (it stays in the history as discarded); the form's box `confirm` must be
/// ticked.
#[server(endpoint = "redaktion/inhalte/verwerfen")]
pub async fn discard(module: String, number: i32, confirm: Option<String>) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        me.require_any(server::EDITORS)?;
        crate::ui::require_confirmation("confirm", confirm.as_deref())?;
        server::discard(ctx, me, &module, number).await
    })
    .await?;
    crate::context::redirect(&format!(
        "/redaktion/inhalte/{}?discarded=1",
        crate::ui::percent_encode(&module)
    ));
    Ok(())
}

/// The page of a version.
pub fn version_href(module: &str, number: i32) -> String {
    format!(
        "/redaktion/inhalte/{}/{number}",
        crate::ui::percent_encode(module)
    )
}

/// The editor of a file of a version.
pub fn file_href(module: &str, number: i32, path: &str) -> String {
    format!(
        "{}/datei?pfad={}",
        version_href(module, number),
        crate::ui::percent_encode(path)
    )
}
