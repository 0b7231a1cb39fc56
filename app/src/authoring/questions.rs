//! The question editor (Redaktion → Inhalte → Fragen): a form for every question type of
//! `content/FORMAT.md`, German and English side by side, that writes the one question back
//! into the draft's `quiz.toml` and `quiz.en.toml` and leaves the rest of both files as written
//! (`quiz_file`, with `toml_edit`). The list of a version's questions moves, adds and deletes
//! questions in both files at once.
//!
//! The drafts themselves (who may change them, the contributors, four-eyes publishing) belong
//! to `authoring::server`; this module only reads a version's files and stores a draft's
//! through `draft_files` / `store_draft_files`. After a save the form shows what
//! `authoring::server::check` (the checks of `content check`) says about the question, next to
//! the field it is about.
//!
//! A form that cannot be a question (no text, no right answer, a lesson the draft does not
//! have, a text over its limit) is refused with the field named, and the draft stays as it was.
//! "Weitere Antwort" adds a row without saving: the button sends the form to the page itself
//! (GET), which shows it again from the address with one more empty row.

// `save_question` takes the form's fields as its arguments (a server function's arguments are
// its form fields); the browser's stub of it has them too, where an item attribute does not reach.
#![allow(clippy::too_many_arguments)]

pub mod form;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod quiz_file;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use form::{ItemRow, OptionRow, PairRow, QuestionForm, QuestionType, RowList};

use super::{FileProblem, VersionSummary, version_href};
use crate::error::AppError;
use crate::i18n::Message;

/// A question in the list of a version's questions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRow {
    pub id: String,
    /// `None` for a `type` the format does not know (the checks say so).
    pub kind: Option<QuestionType>,
    pub lesson: String,
    pub scenario: bool,
    /// The start of the German text.
    pub excerpt: String,
    /// What the checks report at this question, in both files.
    pub problems: usize,
    pub lints: usize,
}

/// A version's questions, in the order of `quiz.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionList {
    pub summary: VersionSummary,
    pub title: String,
    /// The version is a draft the reader may change.
    pub can_edit: bool,
    pub questions: Vec<QuestionRow>,
    /// Problems of the quiz files that are not at a question (the settings, a syntax error).
    pub quiz_problems: Vec<FileProblem>,
    /// Findings of `content check` about the whole quiz (pool size, scenarios, …).
    pub quiz_lints: Vec<FileProblem>,
    /// The quiz file that cannot be edited question by question (not TOML, or questions not
    /// written as `[[questions]]`): the file editor must fix it first.
    pub unreadable: Option<String>,
    pub has_english: bool,
}

/// A lesson a question can point to, with its sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonChoice {
    /// The file name without `.md`, e.g. `01-phishing-erkennen`.
    pub slug: String,
    pub title: String,
    /// (anchor, heading) of its level-2 sections.
    pub sections: Vec<(String, String)>,
}

/// What the checks say at one question, and the form field it is about where that can be told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionProblem {
    pub file: String,
    pub line: usize,
    /// What the check says, rendered in the reader's language by the page.
    pub message: Message,
    /// The form's name for the field (`text`, `options-2-text`, `text_en`), if known.
    pub field: Option<String>,
}

/// One question for the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionEdit {
    pub summary: VersionSummary,
    pub title: String,
    pub can_edit: bool,
    /// The question's id in the file; `None` for a new question.
    pub original: Option<String>,
    pub form: QuestionForm,
    pub lessons: Vec<LessonChoice>,
    pub has_english: bool,
    /// Its place in the quiz (from 1) and the number of questions.
    pub position: Option<usize>,
    pub count: usize,
    pub problems: Vec<QuestionProblem>,
    pub lints: Vec<QuestionProblem>,
    pub quiz_lints: Vec<FileProblem>,
    pub unreadable: Option<String>,
}

#[server(endpoint = "redaktion/inhalte/fragen")]
pub async fn get_questions(module: String, number: i32) -> Result<QuestionList, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::list(ctx, me, &module, number).await).await
}

/// A question of a version for the form, or (without `question`) a new one of type `kind`.
#[server(endpoint = "redaktion/inhalte/frage")]
pub async fn get_question(
    module: String,
    number: i32,
    question: Option<String>,
    kind: Option<String>,
) -> Result<QuestionEdit, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::edit_view(
            ctx,
            me,
            &module,
            number,
            question.as_deref(),
            kind.as_deref(),
        )
        .await
    })
    .await
}

/// Saves a question into the draft (a new one without `original`) and shows it again with what
/// the checks say about it. The names of the arguments are the form's field names; rows are
/// `options[0][text]`, `items[0][text_en]`, `pairs[0][left]`; `correct` is the index of the right
/// option of a single-choice question.
#[server(endpoint = "redaktion/inhalte/frage/speichern")]
pub async fn save_question(
    module: String,
    number: i32,
    #[server(default)] original: String,
    kind: String,
    #[server(default)] id: String,
    #[server(default)] scenario: Option<String>,
    #[server(default)] text: String,
    #[server(default)] text_en: String,
    #[server(default)] lesson: String,
    #[server(default)] feedback_correct: String,
    #[server(default)] feedback_correct_en: String,
    #[server(default)] feedback_incorrect: String,
    #[server(default)] feedback_incorrect_en: String,
    #[server(default)] options: Vec<OptionInput>,
    #[server(default)] correct: Option<String>,
    #[server(default)] answer: Option<String>,
    #[server(default)] items: Vec<ItemRow>,
    #[server(default)] pairs: Vec<PairRow>,
    #[server(default)] accepted: String,
    #[server(default)] accepted_en: String,
    #[server(default)] case_sensitive: Option<String>,
    #[server(default)] value: String,
    #[server(default)] tolerance: String,
    #[server(default)] unit: String,
    #[server(default)] unit_en: String,
) -> Result<(), AppError> {
    // Unknown types are refused inside `as_user`, after the role: nobody learns more than
    // "forbidden" without it.
    let kind_code = kind;
    let kind = QuestionType::from_code(&kind_code).unwrap_or_default();
    let single_correct = correct.and_then(|c| c.trim().parse::<usize>().ok());
    let ticked = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let form = QuestionForm {
        kind,
        id,
        scenario: ticked(&scenario),
        text,
        text_en,
        lesson,
        feedback_correct,
        feedback_correct_en,
        feedback_incorrect,
        feedback_incorrect_en,
        options: options
            .into_iter()
            .enumerate()
            .map(|(i, o)| OptionRow {
                correct: if kind == QuestionType::Single {
                    single_correct == Some(i)
                } else {
                    ticked(&o.correct)
                },
                text: o.text,
                feedback: o.feedback,
                text_en: o.text_en,
                feedback_en: o.feedback_en,
            })
            .collect(),
        answer: match answer.as_deref() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        },
        items,
        pairs,
        accepted: form::lines(&accepted),
        accepted_en: form::lines(&accepted_en),
        case_sensitive: ticked(&case_sensitive),
        value,
        tolerance,
        unit,
        unit_en,
    };
    let original = Some(original.trim().to_owned()).filter(|o| !o.is_empty());
    let saved = crate::auth::server::as_user(async |ctx, me| {
        me.require_any(crate::authoring::server::EDITORS)?;
        if QuestionType::from_code(&kind_code).is_none() {
            return Err(AppError::invalid("kind", "questions-type-unknown"));
        }
        server::save(ctx, me, &module, number, original.as_deref(), form).await
    })
    .await?;
    crate::context::redirect(&format!(
        "{}?gespeichert=1",
        question_href(&module, number, &saved)
    ));
    Ok(())
}

/// An option row as the form sends it: the box `correct` only when ticked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptionInput {
    pub text: String,
    pub correct: Option<String>,
    pub feedback: String,
    pub text_en: String,
    pub feedback_en: String,
}

/// Moves a question one place up (`direction = "up"`) or down, in both quiz files.
#[server(endpoint = "redaktion/inhalte/frage/verschieben")]
pub async fn move_question(
    module: String,
    number: i32,
    question: String,
    direction: String,
) -> Result<(), AppError> {
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::invalid("direction", "field-invalid-choice")),
    };
    crate::auth::server::as_user(async |ctx, me| {
        server::move_question(ctx, me, &module, number, &question, up).await
    })
    .await?;
    crate::context::redirect(&format!(
        "{}?verschoben={}#{}",
        questions_href(&module, number),
        crate::ui::percent_encode(&question),
        row_anchor(&question)
    ));
    Ok(())
}

/// Deletes a question from both quiz files, once `confirm` is ticked.
#[server(endpoint = "redaktion/inhalte/frage/loeschen")]
pub async fn delete_question(
    module: String,
    number: i32,
    question: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::delete(ctx, me, &module, number, &question, confirm.as_deref()).await
    })
    .await?;
    crate::context::redirect(&format!(
        "{}?geloescht={}",
        questions_href(&module, number),
        crate::ui::percent_encode(&question)
    ));
    Ok(())
}

/// The list of a version's questions.
pub fn questions_href(module: &str, number: i32) -> String {
    format!("{}/fragen", version_href(module, number))
}

/// The form of a question.
pub fn question_href(module: &str, number: i32, id: &str) -> String {
    format!(
        "{}/{}",
        questions_href(module, number),
        crate::ui::percent_encode(id)
    )
}

/// The form of a new question of `kind`.
pub fn new_question_href(module: &str, number: i32, kind: QuestionType) -> String {
    format!(
        "{}/fragen-neu?typ={}",
        version_href(module, number),
        kind.code()
    )
}

/// The id of a question's row in the list, for the fragment after a move.
pub fn row_anchor(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("frage-{safe}")
}
