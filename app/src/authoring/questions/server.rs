//! The question editor on the server: a version's questions for the list and the form, the
//! form's checks, and the changes of a draft's quiz files. Reading and storing a version go
//! through `authoring::server` (role Redaktion, drafts only for changes, contributors).

use std::collections::HashSet;

use super::form::{
    MAX_ID, MAX_ROWS, MAX_SHORT, MAX_TEXT, QuestionForm, QuestionType, parse_number,
};
use super::quiz_file::{QuestionLines, QuizFiles, Unreadable, question_lines};
use super::{LessonChoice, QuestionEdit, QuestionList, QuestionProblem, QuestionRow};
use crate::authoring::server as drafts;
use crate::authoring::{FileProblem, Status};
use crate::content::markdown;
use crate::content::{Choice, ModuleFiles, QuestionKind};
use crate::context::AppContext;
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::identity::CurrentUser;

const QUIZ: &str = "quiz.toml";
const QUIZ_EN: &str = "quiz.en.toml";

/// The characters of a question's text the list shows.
const EXCERPT_CHARS: usize = 90;

/// A version's files with their quiz parsed, and what the checks say about them.
struct Loaded {
    view: crate::authoring::VersionView,
    files: ModuleFiles,
    quiz: Result<QuizFiles, Unreadable>,
    lines_de: Vec<QuestionLines>,
    lines_en: Vec<QuestionLines>,
}

async fn load(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<Loaded, AppError> {
    let view = drafts::version_view(ctx, me, module, number).await?;
    let (_, files) = drafts::version_files(ctx, me, module, number).await?;
    let de = files
        .files
        .get(QUIZ)
        .map(String::as_str)
        .unwrap_or_default();
    let en = files.files.get(QUIZ_EN).map(String::as_str);
    Ok(Loaded {
        quiz: QuizFiles::parse(de, en),
        lines_de: question_lines(de, false),
        lines_en: en.map(|en| question_lines(en, true)).unwrap_or_default(),
        view,
        files,
    })
}

impl Loaded {
    /// The question a problem of a quiz file is at, with its lines.
    fn question_at(&self, problem: &FileProblem) -> Option<(&QuestionLines, bool)> {
        let (lines, english) = match problem.file.as_str() {
            QUIZ => (&self.lines_de, false),
            QUIZ_EN => (&self.lines_en, true),
            _ => return None,
        };
        lines
            .iter()
            .find(|q| (q.first..=q.last).contains(&problem.line))
            .map(|q| (q, english))
    }

    fn unreadable(&self) -> Option<String> {
        match &self.quiz {
            Ok(_) => None,
            Err(Unreadable::Syntax(file) | Unreadable::Layout(file)) => Some((*file).to_owned()),
        }
    }

    /// Problems of the quiz files at no question.
    fn outside(&self, list: &[FileProblem]) -> Vec<FileProblem> {
        list.iter()
            .filter(|p| matches!(p.file.as_str(), QUIZ | QUIZ_EN))
            .filter(|p| self.question_at(p).is_none())
            .cloned()
            .collect()
    }

    /// The problems of `list` at question `id`, with the field each is about.
    fn at_question(
        &self,
        list: &[FileProblem],
        id: &str,
        kind: QuestionType,
    ) -> Vec<QuestionProblem> {
        list.iter()
            .filter_map(|p| {
                let (lines, english) = self.question_at(p)?;
                (lines.id == id).then(|| QuestionProblem {
                    file: p.file.clone(),
                    line: p.line,
                    message: p.message.clone(),
                    field: field_of(p, lines, kind, english),
                })
            })
            .collect()
    }

    fn count_at(&self, list: &[FileProblem], id: &str) -> usize {
        list.iter()
            .filter(|p| self.question_at(p).is_some_and(|(q, _)| q.id == id))
            .count()
    }
}

/// The form field a problem of the checks is about: the field on its line, else the field its
/// finding is about (by its catalogue key). Most findings stand at the question's `id` or `type`
/// line.
fn field_of(
    problem: &FileProblem,
    lines: &QuestionLines,
    kind: QuestionType,
    english: bool,
) -> Option<String> {
    if let Some((_, field)) = lines.fields.iter().find(|(line, _)| *line == problem.line) {
        return Some(field.clone());
    }
    let en = |field: &str| {
        if english {
            format!("{field}_en")
        } else {
            field.to_owned()
        }
    };
    // A finding at a question ("Frage q1: …") is about what its detail says.
    let finding = problem.message.subject();
    // The answer of a true/false or numeric question; for a short-text one its accepted answers.
    let answer = || match kind {
        QuestionType::Numeric => Some("value".to_owned()),
        QuestionType::TrueFalse => Some("answer".to_owned()),
        QuestionType::ShortText => Some(en("accepted")),
        _ => None,
    };
    let field = match finding.key.as_str() {
        "check-link-no-lesson" | "check-link-no-section" => "lesson".to_owned(),
        "check-english-feedback-missing" => match finding.text_arg("field") {
            Some(name @ ("feedback_correct" | "feedback_incorrect")) => en(name),
            _ => return None,
        },
        "check-lint-giveaway-feedback" => en("feedback_incorrect"),
        "check-option-text-missing"
        | "check-single-too-few-options"
        | "check-multiple-too-few-options"
        | "check-no-correct-option"
        | "check-single-several-correct"
        | "check-english-options-count"
        | "check-english-option-feedback"
        | "check-lint-giveaway-option" => "options".to_owned(),
        "check-ordering-too-few"
        | "check-item-text-missing"
        | "check-items-not-distinct"
        | "check-english-items-count" => "items".to_owned(),
        "check-matching-too-few"
        | "check-pair-text-missing"
        | "check-pairs-not-distinct"
        | "check-english-pairs-count" => "pairs".to_owned(),
        "check-accepted-missing" | "check-english-accepted-missing" => en("accepted"),
        "check-english-unit-missing" => en("unit"),
        "check-numeric-invalid" => "tolerance".to_owned(),
        "check-true-false-answer" | "check-numeric-answer" => return answer(),
        // A field the type does not have: the form's field of that name, where it has one.
        "check-field-not-for-type" => match finding.text_arg("field") {
            Some(name @ ("options" | "items" | "pairs")) => name.to_owned(),
            Some("accepted") => en("accepted"),
            Some("answer") => return answer(),
            _ => return None,
        },
        "check-question-no-text" | "check-english-text-empty" | "check-lint-repeated-question" => {
            en("text")
        }
        "check-question-id-form" | "check-question-id-twice" => "id".to_owned(),
        _ => return None,
    };
    Some(field)
}

fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let mut short: String = flat.chars().take(EXCERPT_CHARS).collect();
    short.push('…');
    short
}

/// The German lessons of a module's files with their sections, in file order.
pub fn lessons_of(files: &ModuleFiles, module: &str) -> Vec<LessonChoice> {
    files
        .files
        .iter()
        .filter_map(|(path, text)| {
            let name = path.strip_prefix("lessons/")?;
            if !name.ends_with(".md") || name.ends_with(".en.md") {
                return None;
            }
            let slug = name.trim_end_matches(".md").to_owned();
            let rendered = markdown::render(text, module, Locale::De, None);
            Some(LessonChoice {
                title: Some(rendered.title)
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| slug.clone()),
                sections: rendered
                    .sections
                    .into_iter()
                    .map(|s| (s.anchor, s.title))
                    .collect(),
                slug,
            })
        })
        .collect()
}

pub async fn list(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<QuestionList, AppError> {
    let loaded = load(ctx, me, module, number).await?;
    let view = &loaded.view;
    let questions = match &loaded.quiz {
        Ok(quiz) => quiz
            .forms()
            .into_iter()
            .zip(quiz.types())
            .map(|(form, kind)| QuestionRow {
                problems: loaded.count_at(&view.problems, &form.id),
                lints: loaded.count_at(&view.lints, &form.id),
                kind,
                lesson: form.lesson,
                scenario: form.scenario,
                excerpt: excerpt(&form.text),
                id: form.id,
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    Ok(QuestionList {
        summary: view.summary.clone(),
        title: view.title.clone(),
        can_edit: view.can_edit,
        questions,
        quiz_problems: loaded.outside(&view.problems),
        quiz_lints: loaded.outside(&view.lints),
        unreadable: loaded.unreadable(),
        has_english: loaded.files.files.contains_key(QUIZ_EN),
    })
}

pub async fn edit_view(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    question: Option<&str>,
    kind: Option<&str>,
) -> Result<QuestionEdit, AppError> {
    let loaded = load(ctx, me, module, number).await?;
    let view = &loaded.view;
    let forms = loaded
        .quiz
        .as_ref()
        .map(QuizFiles::forms)
        .unwrap_or_default();
    let (form, position) = match question {
        Some(id) => {
            let position = forms.iter().position(|f| f.id == id);
            match position {
                Some(i) => (forms[i].clone(), Some(i + 1)),
                // A quiz file the form cannot read: the page says so and links the file editor.
                None if loaded.quiz.is_err() => (QuestionForm::default(), None),
                None => return Err(AppError::NotFound),
            }
        }
        None => {
            let kind = kind
                .and_then(QuestionType::from_code)
                .ok_or(AppError::NotFound)?;
            (QuestionForm::new(kind), None)
        }
    };
    let (problems, lints) = match question {
        Some(id) => (
            loaded.at_question(&view.problems, id, form.kind),
            loaded.at_question(&view.lints, id, form.kind),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(QuestionEdit {
        summary: view.summary.clone(),
        title: view.title.clone(),
        can_edit: view.can_edit && view.summary.status == Status::Draft,
        original: question.map(str::to_owned),
        lessons: lessons_of(&loaded.files, module),
        has_english: loaded.files.files.contains_key(QUIZ_EN),
        position,
        count: forms.len(),
        problems,
        lints,
        quiz_lints: loaded.outside(&view.lints),
        unreadable: loaded.unreadable(),
        form,
    })
}

/// The draft's quiz files for a change, or why they cannot be changed question by question.
async fn draft_quiz(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
) -> Result<(ModuleFiles, QuizFiles), AppError> {
    let files = drafts::draft_files(ctx, me, module, number).await?;
    let quiz = QuizFiles::parse(
        files
            .files
            .get(QUIZ)
            .map(String::as_str)
            .unwrap_or_default(),
        files.files.get(QUIZ_EN).map(String::as_str),
    )
    .map_err(|_| AppError::Conflict("questions-quiz-unreadable".into()))?;
    Ok((files, quiz))
}

/// How often a question change is made again on the newer files when another editor changed
/// the draft between reading and storing (`authoring-draft-changed`). Each retry means that
/// another save went through, so this many editors can save one draft at the same moment.
const ATTEMPTS: usize = 8;

/// Makes `change` on the draft's quiz and stores it. The change is made on the files as they
/// are when it is stored: if another editor stored the draft in between, it is made again on
/// their version, so both changes stay. `Ok(None)` when `change` changed nothing.
async fn change_quiz<T>(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    mut change: impl FnMut(&ModuleFiles, &mut QuizFiles) -> Result<Option<T>, AppError>,
) -> Result<Option<T>, AppError> {
    let mut tries = 0;
    loop {
        tries += 1;
        let (based_on, mut quiz) = draft_quiz(ctx, me, module, number).await?;
        let Some(out) = change(&based_on, &mut quiz)? else {
            return Ok(None);
        };
        let mut files = based_on.clone();
        let (de, en) = quiz.texts();
        files.files.insert(QUIZ.to_owned(), de);
        if let Some(en) = en {
            files.files.insert(QUIZ_EN.to_owned(), en);
        }
        match drafts::store_draft_files(ctx, me, module, number, &based_on, &files).await {
            Err(AppError::Conflict(key))
                if key == "authoring-draft-changed" && tries < ATTEMPTS =>
            {
                continue;
            }
            Err(err) => return Err(err),
            Ok(()) => return Ok(Some(out)),
        }
    }
}

/// Saves a question into a draft; returns its id. Refuses (422, with the fields) a form that
/// cannot be a question, and leaves the draft as it was.
pub async fn save(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    original: Option<&str>,
    form: QuestionForm,
) -> Result<String, AppError> {
    let saved = change_quiz(ctx, me, module, number, |files, quiz| {
        let ids = quiz.ids();
        if original.is_some_and(|o| !ids.iter().any(|id| id == o)) {
            return Err(AppError::NotFound);
        }
        let others: Vec<String> = ids
            .into_iter()
            .filter(|id| Some(id.as_str()) != original)
            .collect();
        let form = check_form(form.clone(), &lessons_of(files, module), &others)?;
        quiz.put(original, &form).map_err(|_| AppError::NotFound)?;
        Ok(Some(form.id))
    })
    .await?;
    saved.ok_or(AppError::Internal)
}

pub async fn move_question(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    id: &str,
    up: bool,
) -> Result<(), AppError> {
    change_quiz(ctx, me, module, number, |_, quiz| {
        let moved = quiz.move_by(id, up).map_err(|_| AppError::NotFound)?;
        Ok(moved.then_some(()))
    })
    .await?;
    Ok(())
}

pub async fn delete(
    ctx: &AppContext,
    me: &CurrentUser,
    module: &str,
    number: i32,
    id: &str,
    confirm: Option<&str>,
) -> Result<(), AppError> {
    // Who may not change the draft learns that before being asked to confirm.
    draft_quiz(ctx, me, module, number).await?;
    crate::ui::require_confirmation("confirm", confirm)?;
    change_quiz(ctx, me, module, number, |_, quiz| {
        quiz.remove(id).map_err(|_| AppError::NotFound)?;
        Ok(Some(()))
    })
    .await?;
    Ok(())
}

/// Line endings as the files have them, without spaces around.
fn tidy(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// The form checked and tidied for the files: every problem with the field it is at (rows by
/// their place in the form), empty rows left out. `others` are the ids of the other questions.
pub fn check_form(
    form: QuestionForm,
    lessons: &[LessonChoice],
    others: &[String],
) -> Result<QuestionForm, AppError> {
    let mut f = form;
    for text in [
        &mut f.id,
        &mut f.text,
        &mut f.text_en,
        &mut f.lesson,
        &mut f.feedback_correct,
        &mut f.feedback_correct_en,
        &mut f.feedback_incorrect,
        &mut f.feedback_incorrect_en,
        &mut f.value,
        &mut f.tolerance,
        &mut f.unit,
        &mut f.unit_en,
    ] {
        *text = tidy(text);
    }
    for row in &mut f.options {
        for text in [
            &mut row.text,
            &mut row.feedback,
            &mut row.text_en,
            &mut row.feedback_en,
        ] {
            *text = tidy(text);
        }
    }
    for row in &mut f.items {
        row.text = tidy(&row.text);
        row.text_en = tidy(&row.text_en);
    }
    for row in &mut f.pairs {
        for text in [
            &mut row.left,
            &mut row.right,
            &mut row.left_en,
            &mut row.right_en,
        ] {
            *text = tidy(text);
        }
    }
    let mut v = Validation::new();
    let long = |v: &mut Validation, value: &str, max: usize, field: &str| {
        let key = if max == MAX_TEXT {
            "questions-too-long-text"
        } else {
            "questions-too-long-short"
        };
        v.check(value.chars().count() <= max, field, key);
    };

    if v.require(&f.id, "id") {
        if !is_id(&f.id) {
            v.field("id", "questions-id-invalid");
        } else if others.contains(&f.id) {
            v.field("id", "questions-id-taken");
        }
    }
    if v.require(&f.text, "text") {
        long(&mut v, &f.text, MAX_TEXT, "text");
    }
    long(&mut v, &f.text_en, MAX_TEXT, "text_en");
    check_lesson(&mut v, &f.lesson, lessons);
    for (value, field) in [
        (&f.feedback_correct, "feedback_correct"),
        (&f.feedback_correct_en, "feedback_correct_en"),
        (&f.feedback_incorrect, "feedback_incorrect"),
        (&f.feedback_incorrect_en, "feedback_incorrect_en"),
    ] {
        long(&mut v, value, MAX_TEXT, field);
    }

    match f.kind {
        QuestionType::Single | QuestionType::Multiple => {
            if v.check(
                f.options.len() <= MAX_ROWS,
                "options",
                "questions-too-many-rows",
            ) {
                for (i, row) in f.options.iter().enumerate() {
                    if row.is_empty() {
                        continue;
                    }
                    let field = |name: &str| format!("options-{i}-{name}");
                    v.check(
                        !row.text.is_empty(),
                        &field("text"),
                        "questions-option-text-required",
                    );
                    long(&mut v, &row.text, MAX_SHORT, &field("text"));
                    long(&mut v, &row.text_en, MAX_SHORT, &field("text_en"));
                    long(&mut v, &row.feedback, MAX_TEXT, &field("feedback"));
                    long(&mut v, &row.feedback_en, MAX_TEXT, &field("feedback_en"));
                }
                f.options.retain(|row| !row.is_empty());
                let single = f.kind == QuestionType::Single;
                let key = if single {
                    "questions-options-too-few-single"
                } else {
                    "questions-options-too-few-multiple"
                };
                v.check(f.options.len() >= f.kind.min_rows(), "options", key);
                match f.options.iter().filter(|o| o.correct).count() {
                    0 => v.field("options", "questions-no-correct"),
                    n if single && n > 1 => v.field("options", "questions-one-correct"),
                    _ => {}
                }
            }
        }
        QuestionType::TrueFalse => {
            v.check(f.answer.is_some(), "answer", "questions-answer-required");
        }
        QuestionType::Ordering => {
            if v.check(
                f.items.len() <= MAX_ROWS,
                "items",
                "questions-too-many-rows",
            ) {
                for (i, row) in f.items.iter().enumerate() {
                    if row.is_empty() {
                        continue;
                    }
                    let field = format!("items-{i}-text");
                    v.check(!row.text.is_empty(), &field, "questions-item-text-required");
                    long(&mut v, &row.text, MAX_SHORT, &field);
                    long(
                        &mut v,
                        &row.text_en,
                        MAX_SHORT,
                        &format!("items-{i}-text_en"),
                    );
                }
                f.items.retain(|row| !row.is_empty());
                v.check(f.items.len() >= 3, "items", "questions-items-too-few");
                let distinct: HashSet<&str> = f.items.iter().map(|i| i.text.as_str()).collect();
                v.check(
                    distinct.len() == f.items.len(),
                    "items",
                    "questions-items-differ",
                );
            }
        }
        QuestionType::Matching => {
            if v.check(
                f.pairs.len() <= MAX_ROWS,
                "pairs",
                "questions-too-many-rows",
            ) {
                for (i, row) in f.pairs.iter().enumerate() {
                    if row.is_empty() {
                        continue;
                    }
                    for (value, side) in [
                        (&row.left, "left"),
                        (&row.right, "right"),
                        (&row.left_en, "left_en"),
                        (&row.right_en, "right_en"),
                    ] {
                        let field = format!("pairs-{i}-{side}");
                        if !side.ends_with("_en") {
                            v.check(!value.is_empty(), &field, "questions-pair-incomplete");
                        }
                        long(&mut v, value, MAX_SHORT, &field);
                    }
                }
                f.pairs.retain(|row| !row.is_empty());
                v.check(f.pairs.len() >= 3, "pairs", "questions-pairs-too-few");
                let lefts: HashSet<&str> = f.pairs.iter().map(|p| p.left.as_str()).collect();
                let rights: HashSet<&str> = f.pairs.iter().map(|p| p.right.as_str()).collect();
                v.check(
                    lefts.len() == f.pairs.len() && rights.len() == f.pairs.len(),
                    "pairs",
                    "questions-pairs-differ",
                );
            }
        }
        QuestionType::ShortText => {
            for (list, field) in [(&f.accepted, "accepted"), (&f.accepted_en, "accepted_en")] {
                v.check(list.len() <= MAX_ROWS, field, "questions-too-many-rows");
                for answer in list {
                    long(&mut v, answer, MAX_SHORT, field);
                }
            }
            v.check(
                !f.accepted.is_empty(),
                "accepted",
                "questions-accepted-required",
            );
        }
        QuestionType::Numeric => {
            if v.require(&f.value, "value") {
                v.check(
                    parse_number(&f.value).is_some(),
                    "value",
                    "questions-number-invalid",
                );
            }
            if !f.tolerance.is_empty() {
                v.check(
                    parse_number(&f.tolerance).is_some_and(|t| t >= 0.0),
                    "tolerance",
                    "questions-tolerance-invalid",
                );
            }
            long(&mut v, &f.unit, MAX_SHORT, "unit");
            long(&mut v, &f.unit_en, MAX_SHORT, "unit_en");
        }
    }
    // The format's own rules, as `content check` applies them: the form can never save a
    // question the check refuses for its answers.
    if v.is_valid()
        && let Err(message) = kind_of(&f).validate()
    {
        tracing::info!(%message, "a question form passed the form checks but not the format's");
        let field = match f.kind.rows() {
            Some(list) => list.code(),
            None if f.kind == QuestionType::ShortText => "accepted",
            None => "value",
        };
        v.field(field, "questions-answers-invalid");
    }
    v.finish()?;
    Ok(f)
}

fn check_lesson(v: &mut Validation, lesson: &str, lessons: &[LessonChoice]) {
    if lesson.is_empty() {
        v.field("lesson", "questions-lesson-required");
        return;
    }
    let (slug, anchor) = match lesson.split_once('#') {
        Some((slug, anchor)) => (slug, Some(anchor)),
        None => (lesson, None),
    };
    match lessons.iter().find(|l| l.slug == slug) {
        None => v.field("lesson", "questions-lesson-unknown"),
        Some(found) => {
            if let Some(anchor) = anchor
                && !found.sections.iter().any(|(a, _)| a == anchor)
            {
                v.field("lesson", "questions-anchor-unknown");
            }
        }
    }
}

/// The question's kind as the content loader builds it, for `QuestionKind::validate`.
fn kind_of(f: &QuestionForm) -> QuestionKind {
    let options = || {
        f.options
            .iter()
            .map(|o| Choice {
                text: o.text.clone(),
                correct: o.correct,
                feedback: Some(o.feedback.clone()).filter(|t| !t.is_empty()),
            })
            .collect()
    };
    match f.kind {
        QuestionType::Single => QuestionKind::Single { options: options() },
        QuestionType::Multiple => QuestionKind::Multiple { options: options() },
        QuestionType::TrueFalse => QuestionKind::TrueFalse {
            answer: f.answer.unwrap_or(false),
        },
        QuestionType::Ordering => QuestionKind::Ordering {
            items: f.items.iter().map(|i| i.text.clone()).collect(),
        },
        QuestionType::Matching => QuestionKind::Matching {
            pairs: f
                .pairs
                .iter()
                .map(|p| (p.left.clone(), p.right.clone()))
                .collect(),
        },
        QuestionType::ShortText => QuestionKind::ShortText {
            accepted: f.accepted.clone(),
            case_sensitive: f.case_sensitive,
        },
        QuestionType::Numeric => QuestionKind::Numeric {
            answer: parse_number(&f.value).unwrap_or(0.0),
            tolerance: parse_number(&f.tolerance).unwrap_or(0.0),
            unit: Some(f.unit.clone()).filter(|u| !u.is_empty()),
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::super::form::{ItemRow, OptionRow, PairRow};
    use super::*;
    use crate::content::{ContentStore, Question, Tree, check_draft, load, load_module_files};
    use crate::i18n::Message;

    const MODULE: &str = "barrierefreie-dokumente";

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
    }

    struct Shipped {
        store: ContentStore,
        tree: Tree,
        files: ModuleFiles,
    }

    fn shipped() -> Shipped {
        let root = root();
        let store = load(&root).expect("the shipped curriculum loads");
        let modules: BTreeMap<String, ModuleFiles> = store
            .modules
            .iter()
            .map(|m| {
                let files = ModuleFiles::read_folder(&root.join("modules").join(&m.id)).unwrap();
                (m.id.clone(), files)
            })
            .collect();
        let files = modules[MODULE].clone();
        Shipped {
            tree: Tree::with_modules(&root, modules),
            store,
            files,
        }
    }

    fn quiz_of(files: &ModuleFiles) -> QuizFiles {
        QuizFiles::parse(
            &files.files[QUIZ],
            files.files.get(QUIZ_EN).map(String::as_str),
        )
        .unwrap()
    }

    /// The files with the quiz written back.
    fn with_quiz(files: &ModuleFiles, quiz: &QuizFiles) -> ModuleFiles {
        let mut files = files.clone();
        let (de, en) = quiz.texts();
        files.files.insert(QUIZ.to_owned(), de);
        if let Some(en) = en {
            files.files.insert(QUIZ_EN.to_owned(), en);
        }
        files
    }

    fn loaded(shipped: &Shipped, files: &ModuleFiles) -> crate::content::Module {
        load_module_files(&root(), &shipped.store, MODULE, files).expect("the module loads")
    }

    fn without_line(q: &Question) -> Question {
        Question {
            line: 0,
            ..q.clone()
        }
    }

    /// The comment lines of `before`, in order, are all still in `after`.
    fn comments_kept(before: &str, after: &str) {
        let mut rest = after.lines();
        for comment in before.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(
                rest.any(|l| l == comment),
                "comment lost or out of order: {comment}"
            );
        }
    }

    /// What the loader must make of the form in German.
    fn expected_kind(form: &QuestionForm) -> QuestionKind {
        match kind_of(form) {
            QuestionKind::ShortText {
                mut accepted,
                case_sensitive,
            } => {
                // FORMAT.md: the English accepted answers count in German too.
                for en in &form.accepted_en {
                    if !accepted
                        .iter()
                        .any(|a| a.to_lowercase() == en.to_lowercase())
                    {
                        accepted.push(en.clone());
                    }
                }
                QuestionKind::ShortText {
                    accepted,
                    case_sensitive,
                }
            }
            kind => kind,
        }
    }

    fn assert_loaded_as(module: &crate::content::Module, form: &QuestionForm) {
        let id = &form.id;
        let q = module.question(id).unwrap_or_else(|| panic!("{id} loads"));
        assert_eq!(q.kind, expected_kind(form), "{id}: kind");
        assert_eq!(q.text, form.text, "{id}: text");
        assert_eq!(q.scenario, form.scenario, "{id}: scenario");
        let (slug, anchor) = match form.lesson.split_once('#') {
            Some((s, a)) => (s.to_owned(), Some(a.to_owned())),
            None => (form.lesson.clone(), None),
        };
        assert_eq!(
            (q.lesson.clone(), q.anchor.clone()),
            (slug, anchor),
            "{id}: lesson"
        );
        let optional = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        assert_eq!(q.feedback_correct, optional(&form.feedback_correct), "{id}");
        assert_eq!(
            q.feedback_incorrect,
            optional(&form.feedback_incorrect),
            "{id}"
        );
        let english = module.quiz.english.as_ref().expect("English quiz");
        let en = english
            .iter()
            .find(|e| e.id == *id)
            .unwrap_or_else(|| panic!("{id} in English"));
        assert_eq!(en.text, form.text_en, "{id}: English text");
        assert_eq!(
            en.feedback_incorrect,
            optional(&form.feedback_incorrect_en),
            "{id}"
        );
        match &en.kind {
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                let texts: Vec<&str> = options.iter().map(|o| o.text.as_str()).collect();
                let typed: Vec<&str> = form.options.iter().map(|o| o.text_en.as_str()).collect();
                assert_eq!(texts, typed, "{id}: English options");
            }
            QuestionKind::Ordering { items } => {
                let typed: Vec<String> = form.items.iter().map(|i| i.text_en.clone()).collect();
                assert_eq!(*items, typed, "{id}: English items");
            }
            QuestionKind::Matching { pairs } => {
                let typed: Vec<(String, String)> = form
                    .pairs
                    .iter()
                    .map(|p| (p.left_en.clone(), p.right_en.clone()))
                    .collect();
                assert_eq!(*pairs, typed, "{id}: English pairs");
            }
            QuestionKind::Numeric { unit, .. } => {
                assert_eq!(*unit, optional(&form.unit_en), "{id}: English unit");
            }
            _ => {}
        }
    }

    /// A change of every part of the form that its type has.
    fn edit(form: &mut QuestionForm) {
        form.text.push_str(" (geändert)");
        form.text_en.push_str(" (changed)");
        form.feedback_incorrect = "Lesen Sie den Abschnitt noch einmal.".into();
        form.feedback_incorrect_en = "Read the section again.".into();
        match form.kind {
            QuestionType::Single | QuestionType::Multiple => {
                form.options[0].text.push_str(" – ganz sicher");
                form.options[0].text_en.push_str(" – for sure");
                form.options.push(OptionRow {
                    text: "Eine neue falsche Antwort".into(),
                    correct: false,
                    feedback: "Das stimmt so nicht.".into(),
                    text_en: "A new wrong answer".into(),
                    feedback_en: "That is not right.".into(),
                });
            }
            QuestionType::TrueFalse => form.answer = form.answer.map(|a| !a),
            QuestionType::Ordering => {
                form.items.push(ItemRow {
                    text: "Zum Schluss ablegen".into(),
                    text_en: "File it at the end".into(),
                });
            }
            QuestionType::Matching => {
                form.pairs[0].right.push_str(" (neu)");
                form.pairs[0].right_en.push_str(" (new)");
                form.pairs.push(PairRow {
                    left: "Neues Links".into(),
                    right: "Neues Rechts".into(),
                    left_en: "New left".into(),
                    right_en: "New right".into(),
                });
            }
            QuestionType::ShortText => {
                form.accepted.push("Noch eine Antwort".into());
                form.accepted_en.push("another answer".into());
                form.case_sensitive = !form.case_sensitive;
            }
            QuestionType::Numeric => {
                form.value = "1,5".into();
                form.tolerance = "0,5".into();
                form.unit = "Stunden".into();
                form.unit_en = "hours".into();
            }
        }
    }

    #[test]
    fn every_type_is_edited_written_and_read_back_by_the_content_loader() {
        let shipped = shipped();
        let before = loaded(&shipped, &shipped.files);
        assert!(
            check_draft(&shipped.tree, MODULE, &shipped.files)
                .problems
                .is_empty(),
            "the shipped module passes the check"
        );
        let lessons = lessons_of(&shipped.files, MODULE);
        for kind in QuestionType::ALL {
            let mut quiz = quiz_of(&shipped.files);
            let original = quiz
                .forms()
                .into_iter()
                .find(|f| f.kind == kind)
                .unwrap_or_else(|| panic!("the module has a {kind:?} question"));
            let id = original.id.clone();
            let mut form = original.clone();
            edit(&mut form);
            let others: Vec<String> = quiz.ids().into_iter().filter(|i| *i != id).collect();
            let form = check_form(form, &lessons, &others)
                .unwrap_or_else(|e| panic!("{kind:?}: the edited form passes: {e:?}"));
            quiz.put(Some(&id), &form).unwrap();
            let files = with_quiz(&shipped.files, &quiz);

            let after = loaded(&shipped, &files);
            assert_loaded_as(&after, &form);
            // The other questions, in both languages, are what they were.
            for (old, new) in before.quiz.questions.iter().zip(&after.quiz.questions) {
                if old.id != id {
                    assert_eq!(without_line(old), without_line(new), "{kind:?}: {}", old.id);
                }
            }
            let english = |m: &crate::content::Module| m.quiz.english.clone().unwrap();
            for (old, new) in english(&before).iter().zip(&english(&after)) {
                if old.id != id {
                    assert_eq!(without_line(old), without_line(new), "{kind:?}: {}", old.id);
                }
            }
            let ids: Vec<&str> = after.quiz.questions.iter().map(|q| q.id.as_str()).collect();
            let english_ids: Vec<String> = english(&after).into_iter().map(|q| q.id).collect();
            assert_eq!(ids, english_ids, "{kind:?}: the English file in step");
            comments_kept(&shipped.files.files[QUIZ], &files.files[QUIZ]);
            comments_kept(&shipped.files.files[QUIZ_EN], &files.files[QUIZ_EN]);
            let check = check_draft(&shipped.tree, MODULE, &files);
            assert!(check.problems.is_empty(), "{kind:?}: {:?}", check.problems);
            // Read back into the form, the question is what was saved.
            let again = quiz_of(&files)
                .forms()
                .into_iter()
                .find(|f| f.id == id)
                .unwrap();
            let mut saved = form.clone();
            if kind == QuestionType::Numeric {
                saved.value = "1.5".into();
                saved.tolerance = "0.5".into();
            }
            assert_eq!(again, saved, "{kind:?}: the form round trip");
        }
    }

    #[test]
    fn a_new_question_of_every_type_moves_and_goes_in_both_files() {
        let shipped = shipped();
        let lessons = lessons_of(&shipped.files, MODULE);
        let lesson = &lessons[1];
        let section = &lesson.sections[0].0;
        let mut quiz = quiz_of(&shipped.files);
        for kind in QuestionType::ALL {
            let mut form = QuestionForm::new(kind);
            form.id = format!("neu-{}", kind.code().replace('_', "-"));
            form.text = format!("Eine neue Frage der Art {}?", kind.code());
            form.text_en = format!("A new question of type {}?", kind.code());
            form.lesson = format!("{}#{section}", lesson.slug);
            form.scenario = true;
            form.feedback_correct = "Richtig.".into();
            form.feedback_correct_en = "Right.".into();
            match kind {
                QuestionType::Single | QuestionType::Multiple => {
                    for (i, row) in form.options.iter_mut().enumerate().take(3) {
                        row.text = format!("Antwort {i}");
                        row.text_en = format!("Answer {i}");
                        row.correct = i == 1;
                    }
                }
                QuestionType::TrueFalse => form.answer = Some(true),
                QuestionType::Ordering => {
                    for (i, row) in form.items.iter_mut().enumerate() {
                        row.text = format!("Schritt {i}");
                        row.text_en = format!("Step {i}");
                    }
                }
                QuestionType::Matching => {
                    for (i, row) in form.pairs.iter_mut().enumerate() {
                        *row = PairRow {
                            left: format!("L{i}"),
                            right: format!("R{i}"),
                            left_en: format!("l{i}"),
                            right_en: format!("r{i}"),
                        };
                    }
                }
                QuestionType::ShortText => {
                    form.accepted = vec!["E-Akte".into()];
                    form.accepted_en = vec!["e-file".into()];
                }
                QuestionType::Numeric => form.value = "72".into(),
            }
            let form = check_form(form, &lessons, &quiz.ids()).unwrap();
            quiz.put(None, &form).unwrap();
            let files = with_quiz(&shipped.files, &quiz);
            let module = loaded(&shipped, &files);
            assert_loaded_as(&module, &form);
            // After the last question of its lesson.
            let ids: Vec<&str> = module
                .quiz
                .questions
                .iter()
                .map(|q| q.id.as_str())
                .collect();
            let at = ids.iter().position(|i| *i == form.id).unwrap();
            assert_eq!(
                module.quiz.questions[at - 1].lesson,
                lesson.slug,
                "{kind:?}"
            );
            if let Some(next) = module.quiz.questions.get(at + 1) {
                assert_ne!(next.lesson, lesson.slug, "{kind:?}: the last of its lesson");
            }
        }
        let files = with_quiz(&shipped.files, &quiz);
        let check = check_draft(&shipped.tree, MODULE, &files);
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        comments_kept(&shipped.files.files[QUIZ], &files.files[QUIZ]);

        // Moving and deleting keep both files in step.
        let first = quiz.ids()[0].clone();
        assert!(quiz.move_by(&first, false).unwrap());
        quiz.remove("neu-numeric").unwrap();
        let files = with_quiz(&shipped.files, &quiz);
        let module = loaded(&shipped, &files);
        let ids: Vec<String> = module.quiz.questions.iter().map(|q| q.id.clone()).collect();
        let english: Vec<String> = module
            .quiz
            .english
            .unwrap()
            .into_iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(ids, english);
        assert_eq!(ids[1], first);
        assert!(!ids.contains(&"neu-numeric".to_owned()));
        comments_kept(&shipped.files.files[QUIZ], &files.files[QUIZ]);
        let check = check_draft(&shipped.tree, MODULE, &files);
        assert!(check.problems.is_empty(), "{:?}", check.problems);
    }

    fn fields_of(result: Result<QuestionForm, AppError>) -> Vec<(String, String)> {
        match result {
            Err(AppError::Invalid(errors)) => {
                errors.into_iter().map(|e| (e.field, e.message)).collect()
            }
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_broken_form_names_every_field() {
        let lessons = vec![LessonChoice {
            slug: "01-a".into(),
            title: "A".into(),
            sections: vec![("los".into(), "Los".into())],
        }];
        let good = || {
            let mut form = QuestionForm::new(QuestionType::Single);
            form.id = "frage".into();
            form.text = "Was?".into();
            form.lesson = "01-a#los".into();
            for (i, row) in form.options.iter_mut().enumerate().take(3) {
                row.text = format!("Antwort {i}");
                row.correct = i == 0;
            }
            form
        };
        assert!(check_form(good(), &lessons, &[]).is_ok());
        let tidy = check_form(good(), &lessons, &[]).unwrap();
        assert_eq!(tidy.options.len(), 3, "the empty fourth row is left out");

        type Change = fn(&mut QuestionForm);
        type Case = (&'static str, Change, Vec<(&'static str, &'static str)>);
        let cases: Vec<Case> = vec![
            (
                "empty text",
                |f| f.text = "  \r\n ".into(),
                vec![("text", "field-required")],
            ),
            (
                "no right option",
                |f| f.options[0].correct = false,
                vec![("options", "questions-no-correct")],
            ),
            (
                "unknown lesson",
                |f| f.lesson = "09-gibt-es-nicht".into(),
                vec![("lesson", "questions-lesson-unknown")],
            ),
            (
                "unknown section",
                |f| f.lesson = "01-a#weg".into(),
                vec![("lesson", "questions-anchor-unknown")],
            ),
            (
                "no lesson",
                |f| f.lesson.clear(),
                vec![("lesson", "questions-lesson-required")],
            ),
            (
                "bad id",
                |f| f.id = "Frage 1".into(),
                vec![("id", "questions-id-invalid")],
            ),
            (
                "taken id",
                |f| f.id = "andere".into(),
                vec![("id", "questions-id-taken")],
            ),
            (
                "text too long",
                |f| f.text = "x".repeat(MAX_TEXT + 1),
                vec![("text", "questions-too-long-text")],
            ),
            (
                "option too long",
                |f| f.options[1].text = "x".repeat(MAX_SHORT + 1),
                vec![("options-1-text", "questions-too-long-short")],
            ),
            (
                "too many options",
                |f| {
                    f.options = vec![
                        OptionRow {
                            text: "a".into(),
                            ..OptionRow::default()
                        };
                        MAX_ROWS + 1
                    ]
                },
                vec![("options", "questions-too-many-rows")],
            ),
            (
                "feedback without option",
                |f| f.options[3].feedback = "Warum?".into(),
                vec![("options-3-text", "questions-option-text-required")],
            ),
            (
                "two right options",
                |f| f.options[1].correct = true,
                vec![("options", "questions-one-correct")],
            ),
            (
                "too few options",
                |f| f.options[2] = OptionRow::default(),
                vec![("options", "questions-options-too-few-single")],
            ),
            (
                "several at once",
                |f| {
                    f.text.clear();
                    f.lesson = "weg".into();
                    f.options[0].correct = false;
                },
                vec![
                    ("text", "field-required"),
                    ("lesson", "questions-lesson-unknown"),
                    ("options", "questions-no-correct"),
                ],
            ),
        ];
        for (name, change, expected) in cases {
            let mut form = good();
            change(&mut form);
            let got = fields_of(check_form(form, &lessons, &["andere".to_owned()]));
            let expected: Vec<(String, String)> = expected
                .into_iter()
                .map(|(f, m)| (f.to_owned(), m.to_owned()))
                .collect();
            assert_eq!(got, expected, "case: {name}");
        }

        let typed = |kind: QuestionType, change: fn(&mut QuestionForm)| {
            let mut form = QuestionForm::new(kind);
            form.id = "frage".into();
            form.text = "Was?".into();
            form.lesson = "01-a".into();
            change(&mut form);
            fields_of(check_form(form, &lessons, &[]))
        };
        let one = |f: &str, m: &str| vec![(f.to_owned(), m.to_owned())];
        assert_eq!(
            typed(QuestionType::TrueFalse, |_| {}),
            one("answer", "questions-answer-required")
        );
        assert_eq!(
            typed(QuestionType::Numeric, |f| f.value = "viele".into()),
            one("value", "questions-number-invalid")
        );
        assert_eq!(
            typed(QuestionType::Numeric, |f| {
                f.value = "3".into();
                f.tolerance = "-1".into();
            }),
            one("tolerance", "questions-tolerance-invalid")
        );
        assert_eq!(
            typed(QuestionType::ShortText, |_| {}),
            one("accepted", "questions-accepted-required")
        );
        assert_eq!(
            typed(QuestionType::Ordering, |f| {
                for row in &mut f.items {
                    row.text = "gleich".into();
                }
            }),
            one("items", "questions-items-differ")
        );
        assert_eq!(
            typed(QuestionType::Matching, |f| {
                f.pairs[0].left = "nur links".into();
                f.pairs[1].left = "a".into();
                f.pairs[1].right = "b".into();
            }),
            vec![
                (
                    "pairs-0-right".to_owned(),
                    "questions-pair-incomplete".to_owned()
                ),
                ("pairs".to_owned(), "questions-pairs-too-few".to_owned()),
            ]
        );
    }

    #[test]
    fn problems_of_the_check_are_placed_at_their_field() {
        let text = "draw = 1\n\n[[questions]]\nid = \"a\"\ntype = \"single\"\ntext = \"\"\nlesson = \"01-x#weg\"\n\n[[questions.options]]\ntext = \"\"\ncorrect = true\n";
        let lines = question_lines(text, false);
        let problem = |line: usize, message: Message| FileProblem {
            file: QUIZ.into(),
            line,
            message,
        };
        let at_question = |detail: Message| {
            Message::new("check-question")
                .arg("id", "a")
                .arg("detail", detail)
        };
        let field = |p: FileProblem| field_of(&p, &lines[0], QuestionType::Single, false);
        assert_eq!(
            field(problem(
                7,
                Message::new("check-link-no-section")
                    .arg("slug", "01-x")
                    .arg("anchor", "weg")
            )),
            Some("lesson".into())
        );
        assert_eq!(
            field(problem(
                4,
                Message::new("check-question-no-text").arg("id", "a")
            )),
            Some("text".into())
        );
        assert_eq!(
            field(problem(
                5,
                at_question(Message::new("check-option-text-missing"))
            )),
            Some("options".into())
        );
        assert_eq!(
            field(problem(
                5,
                at_question(Message::new("check-numeric-answer"))
            )),
            None,
            "a single-choice question has no number field"
        );
        assert_eq!(
            field(problem(10, Message::new("check-no-correct-option"))),
            Some("options-0-text".into()),
            "the field on the line comes first"
        );
        let en = FileProblem {
            file: QUIZ_EN.into(),
            line: 4,
            message: at_question(
                Message::new("check-english-feedback-missing").arg("field", "feedback_incorrect"),
            ),
        };
        assert_eq!(
            field_of(&en, &lines[0], QuestionType::Single, true),
            Some("feedback_incorrect_en".into())
        );
    }
}
