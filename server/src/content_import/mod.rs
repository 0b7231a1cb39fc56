//! Importing Moodle question banks (GIFT and Moodle XML) into our quiz format
//! (`content/FORMAT.md`), for `fuehrerschein content import-gift` and `import-moodle-xml`.
//!
//! The two readers (`gift`, `moodle_xml`) turn a file into [`Item`]s: questions in our model,
//! categories, and questions they cannot convert with the reason. This module checks the
//! questions against the same rules as `app::content::load`, gives them ids, writes the quiz file
//! and the report. It writes only the `--out` file; it never touches the curriculum otherwise.

pub mod gift;
pub mod moodle_xml;
pub mod text;

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use app::content::{Choice, QuestionKind};
use serde::Serialize;

/// The pass mark written into an imported quiz: the documented default.
const PASS_MARK: u8 = 75;
/// Questions drawn per attempt, at most; fewer when the import yields fewer.
const MAX_DRAW: usize = 10;
/// Longest question id made from a Moodle title.
const MAX_ID_LENGTH: usize = 60;

/// The two formats we read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gift,
    MoodleXml,
}

impl Format {
    fn command(self) -> &'static str {
        match self {
            Format::Gift => "import-gift",
            Format::MoodleXml => "import-moodle-xml",
        }
    }
}

/// Something to tell the author, at a line of the imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub message: String,
}

/// A file that cannot be read as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub line: usize,
    pub message: String,
}

/// A question read from the Moodle file, before our checks.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Where the question starts.
    pub line: usize,
    /// Its position among the questions of the file (1-based), for messages and ids.
    pub index: usize,
    /// The Moodle title (`::title::` or `<name>`).
    pub name: Option<String>,
    pub text: String,
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
    pub kind: QuestionKind,
    /// What the conversion changed; reported only if the question is converted.
    pub warnings: Vec<Note>,
}

/// What a reader finds, in file order.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A Moodle category; it applies to the questions that follow.
    Category {
        line: usize,
        name: String,
    },
    Question(Candidate),
    /// A question we cannot convert; the message says which and why.
    NotConverted(Note),
}

/// A converted question.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub id: String,
    pub line: usize,
    pub category: Option<String>,
    pub text: String,
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
    pub kind: QuestionKind,
}

/// The result of an import.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Import {
    pub questions: Vec<Imported>,
    pub not_converted: Vec<Note>,
    pub warnings: Vec<Note>,
    /// Categories in file order, with the number of converted questions in each.
    pub categories: Vec<(String, usize)>,
}

/// "question 3" or "question 3 "Title"": how messages name a question.
pub(crate) fn label(index: usize, name: Option<&str>) -> String {
    match name {
        Some(name) if !name.trim().is_empty() => format!("question {index} \"{}\"", name.trim()),
        _ => format!("question {index}"),
    }
}

/// Reads `source` in `format`.
pub fn read(format: Format, source: &str) -> Result<Import, Malformed> {
    let items = match format {
        Format::Gift => gift::parse(source),
        Format::MoodleXml => moodle_xml::parse(source)?,
    };
    Ok(finish(items))
}

/// Checks the candidates, gives ids, counts categories.
pub fn finish(items: Vec<Item>) -> Import {
    let mut import = Import::default();
    let mut category: Option<String> = None;
    let mut ids: HashSet<String> = HashSet::new();
    for item in items {
        match item {
            Item::Category { name, .. } => {
                if !import.categories.iter().any(|(n, _)| *n == name) {
                    import.categories.push((name.clone(), 0));
                }
                category = Some(name);
            }
            Item::NotConverted(note) => import.not_converted.push(note),
            Item::Question(candidate) => {
                let name = label(candidate.index, candidate.name.as_deref());
                if let Err(reason) = check(&candidate) {
                    import.not_converted.push(Note {
                        line: candidate.line,
                        message: format!("{name} ({}): {reason}", candidate.kind.tag()),
                    });
                    continue;
                }
                let id = unique_id(&mut ids, &candidate);
                if let Some(current) = &category
                    && let Some(entry) = import.categories.iter_mut().find(|(n, _)| n == current)
                {
                    entry.1 += 1;
                }
                import.warnings.extend(candidate.warnings);
                import.questions.push(Imported {
                    id,
                    line: candidate.line,
                    category: category.clone(),
                    text: candidate.text,
                    feedback_correct: candidate.feedback_correct,
                    feedback_incorrect: candidate.feedback_incorrect,
                    kind: candidate.kind,
                });
            }
        }
    }
    import
}

/// The rules of `app::content::load` for one question, so that an imported quiz always passes
/// `content check`. Keep in step with `question_kind` there.
fn check(candidate: &Candidate) -> Result<(), String> {
    if candidate.text.trim().is_empty() {
        return Err("the question has no text".into());
    }
    match &candidate.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            if options.iter().any(|o| o.text.trim().is_empty()) {
                return Err("an option has no text".into());
            }
            let correct = options.iter().filter(|o| o.correct).count();
            let single = matches!(candidate.kind, QuestionKind::Single { .. });
            if single && options.len() < 3 {
                return Err(format!(
                    "a single-choice question needs at least 3 options, this one has {}",
                    options.len()
                ));
            }
            if !single && options.len() < 2 {
                return Err("a multiple-choice question needs at least 2 options".into());
            }
            match correct {
                0 => Err("no option is right".into()),
                1 => Ok(()),
                n if single => Err(format!(
                    "{n} options are right; a single-choice question has exactly one"
                )),
                _ => Ok(()),
            }
        }
        QuestionKind::TrueFalse { .. } => Ok(()),
        QuestionKind::Ordering { items } => {
            if items.len() < 3 {
                return Err(format!(
                    "an ordering question needs at least 3 items, this one has {}",
                    items.len()
                ));
            }
            if items.iter().any(|i| i.trim().is_empty()) {
                return Err("an item has no text".into());
            }
            if items.iter().collect::<HashSet<_>>().len() != items.len() {
                return Err("two items have the same text".into());
            }
            Ok(())
        }
        QuestionKind::Matching { pairs } => {
            if pairs.len() < 3 {
                return Err(format!(
                    "a matching question needs at least 3 pairs, this one has {}",
                    pairs.len()
                ));
            }
            if pairs
                .iter()
                .any(|(l, r)| l.trim().is_empty() || r.trim().is_empty())
            {
                return Err("a pair has an empty side".into());
            }
            let lefts: HashSet<&String> = pairs.iter().map(|(l, _)| l).collect();
            let rights: HashSet<&String> = pairs.iter().map(|(_, r)| r).collect();
            if lefts.len() != pairs.len() || rights.len() != pairs.len() {
                return Err(
                    "two pairs share a side; here every item and every answer is used once".into(),
                );
            }
            Ok(())
        }
        QuestionKind::ShortText { accepted, .. } => {
            if accepted.iter().all(|a| a.trim().is_empty()) {
                return Err("no accepted answer".into());
            }
            Ok(())
        }
        QuestionKind::Numeric {
            answer, tolerance, ..
        } => {
            if !answer.is_finite() || !tolerance.is_finite() || *tolerance < 0.0 {
                return Err("the answer or tolerance is not a usable number".into());
            }
            Ok(())
        }
    }
}

/// A question id from the title (or `q-<position>`), unique within the import.
fn unique_id(ids: &mut HashSet<String>, candidate: &Candidate) -> String {
    let base = candidate
        .name
        .as_deref()
        .map(slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("q-{}", candidate.index));
    let mut id = base.clone();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    ids.insert(id.clone());
    id
}

/// Lower case ASCII letters, digits and hyphens, as our ids need (umlauts written out as in
/// section anchors).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in app::content::anchor::anchor(title).chars() {
        let ascii = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'à' | 'á' | 'â' | 'ã' | 'å' => Some('a'),
            'ç' => Some('c'),
            'è' | 'é' | 'ê' | 'ë' => Some('e'),
            'ì' | 'í' | 'î' | 'ï' => Some('i'),
            'ñ' => Some('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => Some('o'),
            'ù' | 'ú' | 'û' => Some('u'),
            'ý' | 'ÿ' => Some('y'),
            _ => None,
        };
        match ascii {
            Some(a) => out.push(a),
            None => {
                if !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let mut id = out.trim_matches('-').to_owned();
    if id.len() > MAX_ID_LENGTH {
        let cut = id[..MAX_ID_LENGTH].rfind('-').unwrap_or(MAX_ID_LENGTH);
        id.truncate(cut);
    }
    id.trim_matches('-').to_owned()
}

/// Rounds away binary noise (0.30000000000000004) to 13 significant digits.
pub(crate) fn tidy_number(x: f64) -> f64 {
    format!("{x:.12e}").parse().unwrap_or(x)
}

/// A weight as authors read it: `50%`, `33.33%`.
fn percent(weight: f64) -> String {
    let rounded = format!("{weight:.2}");
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    format!("{trimmed}%")
}

/// Joins a specific and a general feedback, either of which may be missing.
pub(crate) fn join_feedback(first: Option<&str>, second: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [first, second]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A non-empty text or nothing.
pub(crate) fn non_empty(text: String) -> Option<String> {
    (!text.trim().is_empty()).then_some(text)
}

/// One answer of a choice or short-answer question, with Moodle's weight in percent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Weighted {
    pub text: String,
    pub weight: f64,
    pub feedback: Option<String>,
    pub line: usize,
}

const FULL: f64 = 100.0;
const EPSILON: f64 = 0.01;

/// A multiple-choice question: `single` (radio buttons) or several right answers (check boxes).
pub(crate) fn choice_question(
    single: bool,
    answers: Vec<Weighted>,
    label: &str,
) -> Result<(QuestionKind, Vec<Note>), String> {
    let mut warnings = Vec::new();
    if single {
        for answer in &answers {
            if answer.weight > EPSILON && answer.weight < FULL - EPSILON {
                warnings.push(Note {
                    line: answer.line,
                    message: format!(
                        "{label}: the option \"{}\" gives {} partial credit; here it counts as wrong",
                        answer.text,
                        percent(answer.weight)
                    ),
                });
            } else if answer.weight < -EPSILON {
                warnings.push(Note {
                    line: answer.line,
                    message: format!(
                        "{label}: the option \"{}\" costs {}; here a wrong answer scores 0",
                        answer.text,
                        percent(answer.weight)
                    ),
                });
            }
        }
        let options = answers
            .into_iter()
            .map(|a| Choice {
                correct: a.weight >= FULL - EPSILON,
                text: a.text,
                feedback: a.feedback,
            })
            .collect();
        return Ok((QuestionKind::Single { options }, warnings));
    }
    let right = answers.iter().filter(|a| a.weight > EPSILON).count();
    if right == 0 {
        return Err("no option has a positive weight".into());
    }
    // Proportional scoring: every right choice earns 1/right, every wrong one costs 1/right.
    let share = FULL / right as f64;
    let exact = answers.iter().all(|a| {
        if a.weight > EPSILON {
            (a.weight - share).abs() < EPSILON
        } else {
            (a.weight + share).abs() < EPSILON
        }
    });
    if !exact {
        let weights: Vec<String> = answers.iter().map(|a| percent(a.weight)).collect();
        warnings.push(Note {
            line: answers.first().map_or(0, |a| a.line),
            message: format!(
                "{label}: the weights {} cannot be scored exactly; here every right choice earns \
                 {} and every wrong one costs {} (multiple_choice_scoring = \"proportional\")",
                weights.join(", "),
                percent(share),
                percent(share),
            ),
        });
    }
    let options = answers
        .into_iter()
        .map(|a| Choice {
            correct: a.weight > EPSILON,
            text: a.text,
            feedback: a.feedback,
        })
        .collect();
    Ok((QuestionKind::Multiple { options }, warnings))
}

/// What a short-answer or numeric conversion yields besides the kind.
pub(crate) struct Answered {
    pub kind: QuestionKind,
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
    pub warnings: Vec<Note>,
}

/// A short-answer question: every answer with full marks is accepted.
pub(crate) fn short_answer(
    answers: Vec<Weighted>,
    case_sensitive: bool,
    label: &str,
) -> Result<Answered, String> {
    let mut accepted = Vec::new();
    let mut feedback_correct: Option<String> = None;
    let mut feedback_incorrect: Option<String> = None;
    let mut warnings = Vec::new();
    for answer in answers {
        if answer.weight > EPSILON && answer.weight < FULL - EPSILON {
            return Err(format!(
                "the answer \"{}\" gives {} partial credit; a short-text answer here is right or wrong",
                answer.text,
                percent(answer.weight)
            ));
        }
        if answer.weight <= EPSILON {
            if answer.text.trim() == "*" {
                feedback_incorrect = answer.feedback;
            } else if let Some(feedback) = answer.feedback {
                warnings.push(Note {
                    line: answer.line,
                    message: format!(
                        "{label}: the feedback for the wrong answer \"{}\" is not carried over: \
                         \"{feedback}\"",
                        answer.text
                    ),
                });
            }
            continue;
        }
        let text = literal_short_answer(&answer.text).ok_or_else(|| {
            format!(
                "the answer \"{}\" uses Moodle's wildcard *; answers here are compared literally",
                answer.text
            )
        })?;
        if let Some(feedback) = answer.feedback {
            match &feedback_correct {
                None => feedback_correct = Some(feedback),
                Some(kept) if *kept == feedback => {}
                Some(_) => warnings.push(Note {
                    line: answer.line,
                    message: format!(
                        "{label}: the feedback for the answer \"{text}\" is not carried over; \
                         a question here has one feedback for all right answers: \"{feedback}\""
                    ),
                }),
            }
        }
        if !accepted.contains(&text) {
            accepted.push(text);
        }
    }
    if accepted.is_empty() {
        return Err("no answer gives full marks".into());
    }
    Ok(Answered {
        kind: QuestionKind::ShortText {
            accepted,
            case_sensitive,
        },
        feedback_correct,
        feedback_incorrect,
        warnings,
    })
}

/// Moodle's short answers treat `*` as a wildcard and `\*` as a star. `None` for a wildcard.
fn literal_short_answer(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push('*');
            }
            '*' => return None,
            c => out.push(c),
        }
    }
    Some(out.trim().to_owned())
}

/// One answer of a numeric question: `None` for Moodle's "any other answer" (`*`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NumericAnswer {
    pub value: Option<(f64, f64)>,
    pub weight: f64,
    pub feedback: Option<String>,
    pub line: usize,
}

/// A numeric question: exactly one right answer ± tolerance.
pub(crate) fn numeric_question(
    answers: Vec<NumericAnswer>,
    unit: Option<String>,
    label: &str,
) -> Result<Answered, String> {
    let mut right: Vec<(f64, f64, Option<String>)> = Vec::new();
    let mut feedback_incorrect = None;
    let mut warnings = Vec::new();
    for answer in answers {
        let value = answer.value.map(|(a, t)| (tidy_number(a), tidy_number(t)));
        match value {
            None if answer.weight > EPSILON => {
                return Err("the answer * accepts any number".into());
            }
            None => feedback_incorrect = answer.feedback,
            Some((a, t)) if answer.weight >= FULL - EPSILON => {
                if !right.iter().any(|(ra, rt, _)| *ra == a && *rt == t) {
                    right.push((a, t, answer.feedback));
                }
            }
            Some((a, t)) if answer.weight > EPSILON => {
                return Err(format!(
                    "the answer {a} ± {t} gives {} partial credit; a numeric question here has \
                     one answer ± tolerance",
                    percent(answer.weight)
                ));
            }
            Some((a, _)) => {
                if let Some(feedback) = answer.feedback {
                    warnings.push(Note {
                        line: answer.line,
                        message: format!(
                            "{label}: the feedback for the wrong answer {a} is not carried over: \
                             \"{feedback}\""
                        ),
                    });
                }
            }
        }
    }
    match right.len() {
        0 => Err("no answer gives full marks".into()),
        1 => {
            let (answer, tolerance, feedback_correct) = right.remove(0);
            Ok(Answered {
                kind: QuestionKind::Numeric {
                    answer,
                    tolerance,
                    unit,
                },
                feedback_correct,
                feedback_incorrect,
                warnings,
            })
        }
        _ => {
            let list: Vec<String> = right.iter().map(|(a, t, _)| format!("{a} ± {t}")).collect();
            Err(format!(
                "several different right answers ({}); a numeric question here has one answer \
                 ± tolerance",
                list.join(", ")
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing the quiz file

#[derive(Serialize)]
struct Header {
    pass_mark: u8,
    draw: usize,
    multiple_choice_scoring: &'static str,
}

#[derive(Serialize)]
struct Document<'a> {
    questions: [QuestionOut<'a>; 1],
}

#[derive(Serialize)]
struct QuestionOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
    lesson: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback_correct: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback_incorrect: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<toml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tolerance: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    case_sensitive: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    options: Vec<OptionOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pairs: Vec<PairOut<'a>>,
}

#[derive(Serialize)]
struct OptionOut<'a> {
    text: &'a str,
    correct: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<&'a str>,
}

#[derive(Serialize)]
struct PairOut<'a> {
    left: &'a str,
    right: &'a str,
}

/// A number as TOML writes it best: `72` rather than `72.0` where it is whole.
fn toml_number(x: f64) -> toml::Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        toml::Value::Integer(x as i64)
    } else {
        toml::Value::Float(x)
    }
}

fn question_out<'a>(question: &'a Imported, lesson: &'a str) -> QuestionOut<'a> {
    let mut out = QuestionOut {
        id: &question.id,
        kind: question.kind.tag(),
        text: &question.text,
        lesson,
        feedback_correct: question.feedback_correct.as_deref(),
        feedback_incorrect: question.feedback_incorrect.as_deref(),
        answer: None,
        tolerance: None,
        unit: None,
        accepted: None,
        case_sensitive: None,
        items: None,
        options: Vec::new(),
        pairs: Vec::new(),
    };
    match &question.kind {
        QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
            out.options = options
                .iter()
                .map(|o| OptionOut {
                    text: &o.text,
                    correct: o.correct,
                    feedback: o.feedback.as_deref(),
                })
                .collect();
        }
        QuestionKind::TrueFalse { answer } => out.answer = Some(toml::Value::Boolean(*answer)),
        QuestionKind::Ordering { items } => out.items = Some(items),
        QuestionKind::Matching { pairs } => {
            out.pairs = pairs
                .iter()
                .map(|(left, right)| PairOut { left, right })
                .collect();
        }
        QuestionKind::ShortText {
            accepted,
            case_sensitive,
        } => {
            out.accepted = Some(accepted);
            out.case_sensitive = case_sensitive.then_some(true);
        }
        QuestionKind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            out.answer = Some(toml_number(*answer));
            out.tolerance = (*tolerance > 0.0).then_some(*tolerance);
            out.unit = unit.as_deref();
        }
    }
    out
}

/// A comment line: no line breaks or other control characters can end it early.
fn comment(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("# {}\n", clean.trim_end())
}

/// The quiz file for `import`, every question linked to `lesson`. `origin` names the imported
/// file in comments. Values are written by the TOML serializer; only comments are added between.
pub fn quiz_toml(
    import: &Import,
    lesson: &str,
    origin: &str,
    format: Format,
) -> Result<String, toml::ser::Error> {
    let mut out = String::new();
    out.push_str(&comment(&format!(
        "Imported from {origin} with `fuehrerschein content {}`.",
        format.command()
    )));
    out.push_str(&comment(&format!(
        "Every question links to the lesson {lesson}: point each `lesson` to the section"
    )));
    out.push_str(&comment(
        "that teaches it (NN-slug#anchor), then run `fuehrerschein content check`.",
    ));
    out.push_str(&toml::to_string(&Header {
        pass_mark: PASS_MARK,
        draw: import.questions.len().clamp(1, MAX_DRAW),
        multiple_choice_scoring: "proportional",
    })?);
    let mut category: Option<&str> = None;
    for question in &import.questions {
        out.push('\n');
        if let Some(current) = question.category.as_deref()
            && category != Some(current)
        {
            out.push_str(&comment(&format!("Moodle category: {current}")));
            category = Some(current);
        }
        out.push_str(&comment(&format!("{origin}:{}", question.line)));
        out.push_str(&toml::to_string(&Document {
            questions: [question_out(question, lesson)],
        })?);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// Whether `lesson` looks like a lesson link: `NN-slug` or `NN-slug#anchor`.
pub fn is_lesson_link(lesson: &str) -> bool {
    let (slug, anchor) = match lesson.split_once('#') {
        Some((slug, anchor)) => (slug, Some(anchor)),
        None => (lesson, None),
    };
    let bytes = slug.as_bytes();
    let numbered = bytes.len() > 3 && bytes[..2].iter().all(u8::is_ascii_digit) && bytes[2] == b'-';
    let slug_ok = slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.ends_with('-');
    let anchor_ok = anchor
        .is_none_or(|a| !a.is_empty() && !a.contains('#') && !a.chars().any(char::is_whitespace));
    numbered && slug_ok && anchor_ok
}

/// The report for the author, one problem per line as `FILE:LINE: message`.
pub fn report(import: &Import, file: &str, lesson: &str) -> String {
    let mut out = String::new();
    let total = import.questions.len() + import.not_converted.len();
    out.push_str(&format!(
        "{file}: {} of {total} question(s) converted, {} not converted, {} warning(s)\n",
        import.questions.len(),
        import.not_converted.len(),
        import.warnings.len()
    ));
    let mut notes: Vec<(usize, String)> = import
        .not_converted
        .iter()
        .map(|n| {
            (
                n.line,
                format!("{file}:{}: not converted: {}", n.line, n.message),
            )
        })
        .chain(
            import
                .warnings
                .iter()
                .map(|n| (n.line, format!("{file}:{}: warning: {}", n.line, n.message))),
        )
        .collect();
    notes.sort_by_key(|(line, _)| *line);
    for (_, note) in notes {
        out.push_str(&note);
        out.push('\n');
    }
    if !import.categories.is_empty() {
        let list: Vec<String> = import
            .categories
            .iter()
            .map(|(name, count)| format!("{name} ({count})"))
            .collect();
        out.push_str(&format!(
            "Moodle categories (converted questions): {}\n",
            list.join(", ")
        ));
    }
    if !import.questions.is_empty() {
        out.push_str(&format!(
            "Every imported question links to {lesson}. Point each `lesson` to the section that \
             teaches it (NN-slug#anchor) and run `fuehrerschein content check`.\n"
        ));
    }
    out
}

/// A Moodle category path as authors know it: `$course$/top/Datenschutz/Grundlagen` →
/// `Datenschutz/Grundlagen`.
pub(crate) fn category_name(path: &str) -> String {
    let mut name = path.trim();
    for context in [
        "$course$/",
        "$system$/",
        "$module$/",
        "$cat1$/",
        "$coursecat$/",
    ] {
        if let Some(rest) = name.strip_prefix(context) {
            name = rest;
        }
    }
    let name = name.strip_prefix("top/").unwrap_or(name).trim();
    if name.is_empty() {
        "top".to_owned()
    } else {
        name.to_owned()
    }
}

/// The line (1-based) of a byte offset.
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    source.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The command: reads `file`, writes the quiz to `out` or standard output, the report to
/// standard error. Exit code 0 when at least one question was converted, 1 when none was or the
/// file cannot be read, 2 for a missing or malformed `--lesson`.
pub fn run(format: Format, file: &Path, lesson: Option<&str>, out: Option<&Path>) -> ExitCode {
    let shown = file.display().to_string();
    let Some(lesson) = lesson.map(str::trim) else {
        eprintln!(
            "fuehrerschein: {shown}: --lesson is required: every question in our quiz format \
             links to the lesson that teaches it, e.g. --lesson 01-datenschutz-grundlagen \
             (all imported questions get this link; refine them afterwards)"
        );
        return ExitCode::from(2);
    };
    if !is_lesson_link(lesson) {
        eprintln!(
            "fuehrerschein: --lesson {lesson}: a lesson link is the lesson file name without .md, \
             optionally with a section anchor: NN-slug or NN-slug#anchor"
        );
        return ExitCode::from(2);
    }
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("{shown}:1: cannot read the file: {err}");
            return ExitCode::FAILURE;
        }
    };
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..valid]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            eprintln!(
                "{shown}:{line}: the file is not UTF-8 text; export it from Moodle again or \
                 convert it to UTF-8"
            );
            return ExitCode::FAILURE;
        }
    };
    let import = match read(format, &source) {
        Ok(import) => import,
        Err(malformed) => {
            eprintln!("{shown}:{}: {}", malformed.line, malformed.message);
            return ExitCode::FAILURE;
        }
    };
    eprint!("{}", report(&import, &shown, lesson));
    if import.questions.is_empty() {
        eprintln!("{shown}: no question could be converted; nothing written");
        return ExitCode::FAILURE;
    }
    let origin = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let quiz = match quiz_toml(&import, lesson, &origin, format) {
        Ok(quiz) => quiz,
        Err(err) => {
            eprintln!("{shown}:1: cannot write the quiz: {err}");
            return ExitCode::FAILURE;
        }
    };
    let written = match out {
        Some(path) => std::fs::write(path, &quiz)
            .map_err(|err| format!("{}: cannot write the quiz: {err}", path.display())),
        None => std::io::stdout()
            .lock()
            .write_all(quiz.as_bytes())
            .map_err(|err| format!("cannot write the quiz to standard output: {err}")),
    };
    match written {
        Ok(()) => {
            if let Some(path) = out {
                eprintln!("quiz written to {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("fuehrerschein: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn candidate(index: usize, name: Option<&str>, kind: QuestionKind) -> Candidate {
        Candidate {
            line: index * 10,
            index,
            name: name.map(str::to_owned),
            text: "Frage?".into(),
            feedback_correct: None,
            feedback_incorrect: None,
            kind,
            warnings: Vec::new(),
        }
    }

    fn weighted(text: &str, weight: f64) -> Weighted {
        Weighted {
            text: text.into(),
            weight,
            feedback: None,
            line: 1,
        }
    }

    #[test]
    fn ids_come_from_titles_and_are_unique() {
        let items = vec![
            Item::Question(candidate(
                1,
                Some("Größe der Ämter"),
                QuestionKind::TrueFalse { answer: true },
            )),
            Item::Question(candidate(
                2,
                Some("Größe der Ämter"),
                QuestionKind::TrueFalse { answer: true },
            )),
            Item::Question(candidate(3, None, QuestionKind::TrueFalse { answer: true })),
            Item::Question(candidate(
                4,
                Some("Café ☕ 2.0"),
                QuestionKind::TrueFalse { answer: true },
            )),
            Item::Question(candidate(
                5,
                Some("„“"),
                QuestionKind::TrueFalse { answer: true },
            )),
        ];
        let import = finish(items);
        let ids: Vec<&str> = import.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "groesse-der-aemter",
                "groesse-der-aemter-2",
                "q-3",
                "cafe-2-0",
                "q-5"
            ]
        );
    }

    #[test]
    fn questions_the_checker_would_reject_are_listed() {
        let two_options = QuestionKind::Single {
            options: vec![
                Choice {
                    text: "Ja".into(),
                    correct: true,
                    feedback: None,
                },
                Choice {
                    text: "Nein".into(),
                    correct: false,
                    feedback: None,
                },
            ],
        };
        let two_pairs = QuestionKind::Matching {
            pairs: vec![("a".into(), "b".into()), ("c".into(), "d".into())],
        };
        let import = finish(vec![
            Item::Question(candidate(1, Some("Kurz"), two_options)),
            Item::Question(candidate(2, None, two_pairs)),
        ]);
        assert!(import.questions.is_empty());
        assert_eq!(
            import.not_converted,
            vec![
                Note {
                    line: 10,
                    message: "question 1 \"Kurz\" (single): a single-choice question needs at \
                              least 3 options, this one has 2"
                        .into()
                },
                Note {
                    line: 20,
                    message: "question 2 (matching): a matching question needs at least 3 \
                              pairs, this one has 2"
                        .into()
                },
            ]
        );
    }

    #[test]
    fn weights_that_match_proportional_scoring_give_no_warning() {
        let (kind, warnings) = choice_question(
            false,
            vec![
                weighted("a", 50.0),
                weighted("b", 50.0),
                weighted("c", -50.0),
                weighted("d", -50.0),
            ],
            "question 1",
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let QuestionKind::Multiple { options } = kind else {
            panic!("multiple expected")
        };
        let correct: Vec<bool> = options.iter().map(|o| o.correct).collect();
        assert_eq!(correct, vec![true, true, false, false]);

        let (_, warnings) = choice_question(
            false,
            vec![
                weighted("a", 33.33333),
                weighted("b", 33.33333),
                weighted("c", 33.33333),
                weighted("d", -100.0),
            ],
            "question 2",
        )
        .unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .message
                .contains("the weights 33.33%, 33.33%, 33.33%, -100% cannot be scored"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn short_answers_with_partial_credit_or_wildcards_are_refused() {
        let partial = short_answer(
            vec![weighted("Bürgeramt", 100.0), weighted("Amt", 50.0)],
            false,
            "q",
        );
        assert!(partial.err().unwrap().contains("50% partial credit"));
        let wildcard = short_answer(vec![weighted("E-*", 100.0)], false, "q");
        assert!(wildcard.err().unwrap().contains("wildcard"));
        let star = short_answer(vec![weighted("5 \\* 3", 100.0)], false, "q").unwrap();
        assert_eq!(
            star.kind,
            QuestionKind::ShortText {
                accepted: vec!["5 * 3".into()],
                case_sensitive: false
            }
        );
    }

    #[test]
    fn numeric_answers_need_one_right_value() {
        let answer = |value: Option<(f64, f64)>, weight: f64| NumericAnswer {
            value,
            weight,
            feedback: Some(format!("fb {weight}")),
            line: 1,
        };
        let one = numeric_question(
            vec![
                answer(Some((0.1 + 0.2, 0.0)), 100.0),
                answer(Some((1.0, 0.0)), 0.0),
                answer(None, 0.0),
            ],
            Some("Tage".into()),
            "q",
        )
        .unwrap();
        assert_eq!(
            one.kind,
            QuestionKind::Numeric {
                answer: 0.3,
                tolerance: 0.0,
                unit: Some("Tage".into())
            }
        );
        assert_eq!(one.feedback_correct.as_deref(), Some("fb 100"));
        assert_eq!(one.feedback_incorrect.as_deref(), Some("fb 0"));
        assert_eq!(one.warnings.len(), 1);

        let two = numeric_question(
            vec![
                answer(Some((3.0, 0.0)), 100.0),
                answer(Some((4.0, 0.0)), 100.0),
            ],
            None,
            "q",
        );
        assert!(
            two.err()
                .unwrap()
                .starts_with("several different right answers (3 ± 0, 4 ± 0)")
        );
    }

    #[test]
    fn lesson_links_are_checked() {
        for ok in ["01-erste-lektion", "01-erste-lektion#der-erste-abschnitt"] {
            assert!(is_lesson_link(ok), "{ok}");
        }
        for bad in ["erste-lektion", "1-x", "01-Erste", "01-x#", "01-x#a b", ""] {
            assert!(!is_lesson_link(bad), "{bad}");
        }
    }

    #[test]
    fn the_writer_escapes_strings_and_adds_comments() {
        let import = finish(vec![
            Item::Category {
                line: 1,
                name: "Amt\nfür \"Ordnung\"".into(),
            },
            Item::Question(Candidate {
                text: "Zitat: \"Antrag\" \\ {x}\nZeile 2 '''".into(),
                ..candidate(
                    1,
                    Some("Zitat"),
                    QuestionKind::Numeric {
                        answer: 2.5,
                        tolerance: 0.5,
                        unit: None,
                    },
                )
            }),
        ]);
        let toml_text = quiz_toml(&import, "01-x", "f.gift", Format::Gift).unwrap();
        assert!(toml_text.contains("# Moodle category: Amt für \"Ordnung\"\n"));
        assert!(toml_text.contains("# f.gift:10\n[[questions]]\n"));
        let value: toml::Table = toml::from_str(&toml_text).unwrap();
        assert_eq!(value["draw"].as_integer(), Some(1));
        let question = &value["questions"].as_array().unwrap()[0];
        assert_eq!(
            question["text"].as_str(),
            Some("Zitat: \"Antrag\" \\ {x}\nZeile 2 '''")
        );
        assert_eq!(question["answer"].as_float(), Some(2.5));
        assert_eq!(question["tolerance"].as_float(), Some(0.5));
        assert_eq!(question["lesson"].as_str(), Some("01-x"));
    }
}
