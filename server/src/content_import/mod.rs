//! Importing Moodle question banks (GIFT and Moodle XML) into our quiz format
//! (`content/FORMAT.md`), for `fuehrerschein content import-gift` and `import-moodle-xml`;
//! and competence frameworks from CSV (`framework_csv`, `import-framework`).
//!
//! The two readers (`gift`, `moodle_xml`) turn a file into [`Item`]s: questions in our model,
//! categories, and questions they cannot convert with the reason. This module checks the
//! questions with the curriculum's own rules (`QuestionKind::validate`) and gives them ids;
//! `quiz_file` writes the quiz file and `cli` is the command around it (reading, the report,
//! exit codes). It writes only the `--out` file; it never touches the curriculum otherwise.

mod cli;
pub mod framework_csv;
pub mod gift;
pub mod moodle_xml;
mod quiz_file;
pub mod text;

pub use cli::{FrameworkArgs, read_at_most, report, run, run_framework};
pub use quiz_file::{is_lesson_link, question_blocks, question_ids, quiz_toml, rename_taken};

use std::collections::{HashMap, HashSet};

use app::content::{Choice, QuestionKind};
use app::i18n::{Arg, Message};
use serde::Serialize;

/// The pass mark written into an imported quiz: the documented default.
const PASS_MARK: u8 = 75;
/// Questions drawn per attempt, at most; fewer when the import yields fewer.
const MAX_DRAW: usize = 10;
/// Longest question id made from a Moodle title.
const MAX_ID_LENGTH: usize = 60;
/// The largest file the importers read: 20 MB. An export of several thousand questions has a
/// few MB; the limit keeps a wrong file, or one full of embedded images (which the import leaves
/// out anyway), from taking the machine's memory. [`read`] and the command refuse larger files.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

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

/// Something to tell the author, at a line of the imported file: a message of the catalogue
/// `import.*.ftl`, so that the editors' pages show it in the reader's language; the command line
/// prints it in English (`Display`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub message: Message,
}

/// A file that cannot be read as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub line: usize,
    pub message: Message,
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
pub(crate) fn label(index: usize, name: Option<&str>) -> Message {
    match name.map(str::trim) {
        Some(name) if !name.is_empty() => Message::new("import-question-titled")
            .arg("number", index)
            .arg("title", name),
        _ => Message::new("import-question").arg("number", index),
    }
}

/// Something about a converted question: "question 3: …".
pub(crate) fn about(question: &Message, detail: Message) -> Message {
    Message::new("import-about-question")
        .arg("question", question.clone())
        .arg("detail", detail)
}

/// Why a question is not converted: "question 3 (essay): …", with Moodle's type (`kind`, as the
/// file names it) or what kind of problem it is.
pub(crate) fn refused(question: &Message, kind: impl Into<Arg>, detail: Message) -> Message {
    Message::new("import-not-converted")
        .arg("question", question.clone())
        .arg("kind", kind)
        .arg("detail", detail)
}

/// Reads `source` in `format`. A source larger than [`MAX_FILE_BYTES`] is refused.
pub fn read(format: Format, source: &str) -> Result<Import, Malformed> {
    if source.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let items = match format {
        Format::Gift => gift::parse(source),
        Format::MoodleXml => moodle_xml::parse(source)?,
    };
    Ok(finish(items))
}

/// Why a file larger than [`MAX_FILE_BYTES`] is not read.
pub(crate) fn too_large() -> Malformed {
    Malformed {
        line: 1,
        message: Message::new("import-file-too-large")
            .arg("megabytes", MAX_FILE_BYTES / (1024 * 1024)),
    }
}

/// Checks the candidates, gives ids, counts categories.
pub fn finish(items: Vec<Item>) -> Import {
    let mut import = Import::default();
    // The current category and its place in `import.categories`, found by name in a map rather
    // than by searching the list for every question.
    let mut category: Option<String> = None;
    let mut counted: Option<usize> = None;
    let mut places: HashMap<String, usize> = HashMap::new();
    let mut ids = Ids::default();
    for item in items {
        match item {
            Item::Category { name, .. } => {
                let place = *places.entry(name.clone()).or_insert_with(|| {
                    import.categories.push((name.clone(), 0));
                    import.categories.len() - 1
                });
                counted = Some(place);
                category = Some(name);
            }
            Item::NotConverted(note) => import.not_converted.push(note),
            Item::Question(candidate) => {
                if let Err(reason) = check(&candidate) {
                    let name = label(candidate.index, candidate.name.as_deref());
                    import.not_converted.push(Note {
                        line: candidate.line,
                        message: refused(&name, candidate.kind.tag(), reason),
                    });
                    continue;
                }
                let id = unique_id(&mut ids, &candidate);
                if let Some(entry) = counted.and_then(|place| import.categories.get_mut(place)) {
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

/// The rules of `content check` for one question (`QuestionKind::validate`, the same function),
/// so that an imported quiz always passes the check; what is wrong is the check's own message.
fn check(candidate: &Candidate) -> Result<(), Message> {
    if candidate.text.trim().is_empty() {
        return Err(Message::new("import-question-no-text"));
    }
    candidate.kind.check()
}

/// The ids given so far.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    /// For each base id, the suffix to try next (1 for the base itself): a title that many
    /// questions share would otherwise try all its earlier suffixes again for every question.
    next: HashMap<String, usize>,
}

/// A question id from the title (or `q-<position>`), unique within the import: the base, else
/// the base with the first free suffix `-2`, `-3`, ….
fn unique_id(ids: &mut Ids, candidate: &Candidate) -> String {
    let base = candidate
        .name
        .as_deref()
        .map(slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("q-{}", candidate.index));
    // Suffixes tried before for this base were taken then and still are: ids are never freed.
    let mut n = ids.next.get(&base).copied().unwrap_or(1);
    let id = loop {
        let id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        n += 1;
        if !ids.taken.contains(&id) {
            break id;
        }
    };
    ids.next.insert(base, n);
    ids.taken.insert(id.clone());
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
    label: &Message,
) -> Result<(QuestionKind, Vec<Note>), Message> {
    let mut warnings = Vec::new();
    if single {
        for answer in &answers {
            if answer.weight > EPSILON && answer.weight < FULL - EPSILON {
                warnings.push(Note {
                    line: answer.line,
                    message: about(
                        label,
                        Message::new("import-option-partial-credit")
                            .arg("option", &answer.text)
                            .arg("percent", percent(answer.weight)),
                    ),
                });
            } else if answer.weight < -EPSILON {
                warnings.push(Note {
                    line: answer.line,
                    message: about(
                        label,
                        Message::new("import-option-costs")
                            .arg("option", &answer.text)
                            .arg("percent", percent(answer.weight)),
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
        return Err(Message::new("import-no-positive-weight"));
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
            message: about(
                label,
                Message::new("import-weights-not-exact")
                    .arg("weights", weights.join(", "))
                    .arg("share", percent(share)),
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
    label: &Message,
) -> Result<Answered, Message> {
    let mut accepted = Vec::new();
    // The answers in `accepted`, to drop repeats without searching the list for each answer.
    let mut seen: HashSet<String> = HashSet::new();
    let mut feedback_correct: Option<String> = None;
    let mut feedback_incorrect: Option<String> = None;
    let mut warnings = Vec::new();
    for answer in answers {
        if answer.weight > EPSILON && answer.weight < FULL - EPSILON {
            return Err(Message::new("import-short-answer-partial-credit")
                .arg("answer", &answer.text)
                .arg("percent", percent(answer.weight)));
        }
        if answer.weight <= EPSILON {
            if answer.text.trim() == "*" {
                feedback_incorrect = answer.feedback;
            } else if let Some(feedback) = answer.feedback {
                warnings.push(Note {
                    line: answer.line,
                    message: about(
                        label,
                        Message::new("import-wrong-answer-feedback-dropped")
                            .arg("answer", &answer.text)
                            .arg("feedback", feedback),
                    ),
                });
            }
            continue;
        }
        let text = literal_short_answer(&answer.text).ok_or_else(|| {
            Message::new("import-short-answer-wildcard").arg("answer", &answer.text)
        })?;
        if let Some(feedback) = answer.feedback {
            match &feedback_correct {
                None => feedback_correct = Some(feedback),
                Some(kept) if *kept == feedback => {}
                Some(_) => warnings.push(Note {
                    line: answer.line,
                    message: about(
                        label,
                        Message::new("import-right-answer-feedback-dropped")
                            .arg("answer", &text)
                            .arg("feedback", feedback),
                    ),
                }),
            }
        }
        if seen.insert(text.clone()) {
            accepted.push(text);
        }
    }
    if accepted.is_empty() {
        return Err(Message::new("import-no-full-marks"));
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
    label: &Message,
) -> Result<Answered, Message> {
    let mut right: Vec<(f64, f64, Option<String>)> = Vec::new();
    // The values in `right`, to drop repeats without searching the list for each answer.
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    let mut feedback_incorrect = None;
    let mut warnings = Vec::new();
    for answer in answers {
        let value = answer.value.map(|(a, t)| (tidy_number(a), tidy_number(t)));
        match value {
            None if answer.weight > EPSILON => {
                return Err(Message::new("import-numeric-any-number"));
            }
            None => feedback_incorrect = answer.feedback,
            Some((a, t)) if answer.weight >= FULL - EPSILON => {
                if numeric_key(a, t).is_none_or(|key| seen.insert(key)) {
                    right.push((a, t, answer.feedback));
                }
            }
            Some((a, t)) if answer.weight > EPSILON => {
                return Err(Message::new("import-numeric-partial-credit")
                    .arg("answer", format!("{a} ± {t}"))
                    .arg("percent", percent(answer.weight)));
            }
            Some((a, _)) => {
                if let Some(feedback) = answer.feedback {
                    warnings.push(Note {
                        line: answer.line,
                        message: about(
                            label,
                            Message::new("import-numeric-wrong-feedback-dropped")
                                .arg("answer", a.to_string())
                                .arg("feedback", feedback),
                        ),
                    });
                }
            }
        }
    }
    match right.len() {
        0 => Err(Message::new("import-no-full-marks")),
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
            Err(Message::new("import-numeric-several-right").arg("answers", list.join(", ")))
        }
    }
}

/// A right numeric answer as a set key, equal exactly when `==` holds for both numbers: -0 is 0,
/// and NaN (equal to nothing, not even itself) has no key.
fn numeric_key(answer: f64, tolerance: f64) -> Option<(u64, u64)> {
    let bits = |x: f64| {
        if x == 0.0 {
            Some(0)
        } else if x.is_nan() {
            None
        } else {
            Some(x.to_bits())
        }
    };
    Some((bits(answer)?, bits(tolerance)?))
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

/// Line numbers of byte offsets, counted in one pass: each lookup counts only the line breaks
/// since the previous one, so that offsets met in file order cost the length of the file in all.
/// (Counting from the start of the file for every question and answer made an import quadratic:
/// a 1 MB export took half a minute.) An offset before the previous one is counted from the
/// start again: still right, only slower.
pub(crate) struct Lines<'a> {
    source: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(source: &'a str) -> Lines<'a> {
        Lines {
            source: source.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line (1-based) of byte `offset`.
    pub(crate) fn at(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.source.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.source[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = offset;
        self.line
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
    fn sources_over_the_size_limit_are_refused() {
        let mut source = String::from("Frage {T}\n");
        source.push_str(&" ".repeat(MAX_FILE_BYTES - source.len()));
        assert_eq!(read(Format::Gift, &source).unwrap().questions.len(), 1);
        source.push(' ');
        for format in [Format::Gift, Format::MoodleXml] {
            let refused = read(format, &source).unwrap_err();
            assert_eq!(refused.line, 1);
            assert_eq!(
                refused.message.to_string(),
                "the file is larger than 20 MB, the most the import reads; export the question \
                 bank in parts, e.g. one category at a time"
            );
        }
    }

    /// Every `import-…` key the importers give to `Message::new`, with the names of the
    /// arguments its chain of `.arg("…", …)` and `.english("…", …)` adds, as (file, key, names).
    /// As the checks of the curriculum do it (`app::content`'s test of their findings).
    fn sent_messages() -> Vec<(String, String, Vec<String>)> {
        const NEW: &str = "Message::new(\"";
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/content_import");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        let mut found = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices(NEW) {
                let rest = &text[at + NEW.len()..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                if !key.starts_with("import-") {
                    continue;
                }
                let mut names = Vec::new();
                let mut next = at + NEW.len() + end + 2;
                loop {
                    let after = &text[next..];
                    let skipped = after.len() - after.trim_start().len();
                    let call = after.trim_start();
                    let Some(name_start) = [".arg(", ".english("]
                        .iter()
                        .find_map(|m| call.strip_prefix(m))
                        .and_then(|args| args.trim_start().strip_prefix('"'))
                    else {
                        break;
                    };
                    names.push(name_start.chars().take_while(|c| *c != '"').collect());
                    let open = next + skipped + call.find('(').unwrap_or(0);
                    match closing_paren(&text, open) {
                        Some(close) => next = close + 1,
                        None => break,
                    }
                }
                let file = path.file_name().unwrap_or_default().to_string_lossy();
                found.push((file.into_owned(), key.to_owned(), names));
            }
        }
        found
    }

    /// Where the call that opens at byte `open` (a `(`) closes, skipping string literals.
    fn closing_paren(text: &str, open: usize) -> Option<usize> {
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        for (i, c) in text[open..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '(' if !in_string => depth += 1,
                ')' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(open + i);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The catalogue `import.<code>.ftl`: each key with its text (continuation lines included).
    fn catalogue(code: &str) -> HashMap<String, String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../app/locales/import.{code}.ftl"));
        let source = std::fs::read_to_string(path).unwrap();
        let mut entries: HashMap<String, String> = HashMap::new();
        let mut current: Option<String> = None;
        for line in source.lines() {
            if line.starts_with([' ', '\t']) {
                if let Some(text) = current.as_ref().and_then(|key| entries.get_mut(key)) {
                    text.push('\n');
                    text.push_str(line);
                }
            } else if let Some((key, text)) = line.split_once(" = ") {
                entries.insert(key.to_owned(), text.to_owned());
                current = Some(key.to_owned());
            } else {
                current = None;
            }
        }
        entries
    }

    /// The variables (`$name`) a catalogue text uses.
    fn variables(text: &str) -> HashSet<String> {
        text.split('$')
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .collect()
    }

    /// Every note, warning, reason and refusal the importers can send has its text in German
    /// and English; the text uses exactly the arguments the code gives, renders without a
    /// placeholder left, whether an argument is a word or a number; and the catalogue has no
    /// text nobody sends.
    #[test]
    fn every_note_has_its_text_in_both_languages() {
        use app::i18n::Locale;

        let sent = sent_messages();
        assert!(
            sent.len() > 80,
            "the scan finds the messages ({} found)",
            sent.len()
        );
        let mut faults = Vec::new();
        for locale in Locale::ALL {
            let texts = catalogue(locale.code());
            for (file, key, names) in &sent {
                let Some(text) = texts.get(key) else {
                    faults.push(format!(
                        "{file}: {key} is not in import.{}.ftl",
                        locale.code()
                    ));
                    continue;
                };
                let given: HashSet<String> = names.iter().cloned().collect();
                let used = variables(text);
                if given != used {
                    faults.push(format!(
                        "{file}: {key} in {}: the code gives {given:?}, the text uses {used:?}",
                        locale.code()
                    ));
                }
                for value in [Arg::Text("x".into()), Arg::Number(1), Arg::Number(2)] {
                    let message = Message {
                        key: key.clone(),
                        args: names.iter().map(|n| (n.clone(), value.clone())).collect(),
                    };
                    let rendered = message.text(locale);
                    if rendered == *key || rendered.contains("{$") || rendered.trim().is_empty() {
                        faults.push(format!(
                            "{file}: {key} with {value:?} in {}: {rendered:?}",
                            locale.code()
                        ));
                    }
                }
            }
            let sent_keys: HashSet<&str> = sent.iter().map(|(_, key, _)| key.as_str()).collect();
            let mut unused: Vec<&String> = texts
                .keys()
                .filter(|key| !sent_keys.contains(key.as_str()))
                .collect();
            unused.sort();
            if !unused.is_empty() {
                faults.push(format!(
                    "import.{}.ftl: texts nobody sends: {unused:?}",
                    locale.code()
                ));
            }
        }
        assert!(faults.is_empty(), "{}", faults.join("\n"));
    }

    /// The notes the editors read in German name the question and keep outside text (the XML
    /// reader's) apart as English; the command line gets the same note in English.
    #[test]
    fn notes_read_in_german_and_english() {
        use app::i18n::Locale;

        let import = read(
            Format::Gift,
            "::Bild::[html]<p><img src=\"a.png\" alt=\"Karte\"></p>Wo? {=Hier ~Dort ~Nirgends}\n\n\
             ::Aufsatz::Schreiben Sie. {}\n",
        )
        .unwrap();
        let warning = &import.warnings[0].message;
        assert_eq!(
            warning.text(Locale::De),
            "Frage 1 „Bild“: Das Bild „Karte“ wird weggelassen, denn unsere Fragen haben nur \
             Text. Prüfen Sie, ob man die Frage ohne das Bild versteht."
        );
        assert_eq!(
            warning.to_string(),
            "question 1 \"Bild\": the image \"Karte\" is left out (our questions are text only); \
             check that the question still makes sense"
        );
        let refused = &import.not_converted[0].message;
        assert!(
            refused
                .text(Locale::De)
                .starts_with("Frage 2 „Aufsatz“ (essay): In Moodle bewertet ein Mensch"),
            "{}",
            refused.text(Locale::De)
        );

        let broken = read(
            Format::MoodleXml,
            "<quiz>\n<question type=\"truefalse\">\n<name><text>x</name>\n</question>\n</quiz>",
        )
        .unwrap_err();
        let parts = broken.message.parts(Locale::De);
        assert!(
            parts[0]
                .text
                .starts_with("Die Datei ist kein gültiges XML.")
                && !parts[0].english,
            "{parts:?}"
        );
        assert!(parts.iter().any(|p| p.english), "{parts:?}");
    }

    #[test]
    fn lines_are_counted_along_and_from_the_start_when_going_back() {
        let source = "eins\nzwei\n\nvier";
        let mut lines = Lines::new(source);
        let found: Vec<usize> = [0, 4, 5, 9, 10, 11, 3, 14, 100]
            .into_iter()
            .map(|offset| lines.at(offset))
            .collect();
        assert_eq!(found, vec![1, 1, 2, 2, 3, 4, 1, 4, 4]);
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
    fn shared_titles_get_the_first_free_suffix() {
        let titles = [
            Some("Frage"),
            Some("Frage 2"),
            Some("Frage"),
            Some("Frage"),
            Some("Frage 3"),
            None,
            Some("Frage"),
            Some("q 7"),
            None,
        ];
        let items = titles
            .iter()
            .enumerate()
            .map(|(k, title)| {
                Item::Question(candidate(
                    k + 1,
                    *title,
                    QuestionKind::TrueFalse { answer: true },
                ))
            })
            .collect();
        let import = finish(items);
        let ids: Vec<&str> = import.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![
                "frage",
                "frage-2",
                "frage-3",
                "frage-4",
                "frage-3-2",
                "q-6",
                "frage-5",
                "q-7",
                "q-9"
            ]
        );

        // A title that thousands of questions share: the last one still gets its own suffix.
        let items = (1..=5000)
            .map(|k| {
                Item::Question(candidate(
                    k,
                    Some("Datenschutz"),
                    QuestionKind::TrueFalse { answer: true },
                ))
            })
            .collect();
        let import = finish(items);
        assert_eq!(import.questions[0].id, "datenschutz");
        assert_eq!(import.questions[4999].id, "datenschutz-5000");
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
        let listed: Vec<(usize, String)> = import
            .not_converted
            .iter()
            .map(|n| (n.line, n.message.to_string()))
            .collect();
        assert_eq!(
            listed,
            vec![
                (
                    10,
                    "question 1 \"Kurz\" (single): a single-choice question needs at least 3 \
                     options, this one has 2"
                        .to_owned()
                ),
                (
                    20,
                    "question 2 (matching): a matching question needs at least 3 pairs, this \
                     one has 2"
                        .to_owned()
                ),
            ]
        );
        // The reason is the check's own message, inside the importer's.
        assert_eq!(
            import.not_converted[0].message.subject().key,
            "check-single-too-few-options"
        );
        let german = import.not_converted[0].message.text(app::i18n::Locale::De);
        assert!(
            german.starts_with("Frage 1 „Kurz“ (single): Eine Frage mit einer richtigen Antwort"),
            "{german}"
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
            &label(1, None),
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
            &label(2, None),
        )
        .unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .message
                .to_string()
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
            &label(1, None),
        );
        assert!(
            partial
                .err()
                .unwrap()
                .to_string()
                .contains("50% partial credit")
        );
        let wildcard = short_answer(vec![weighted("E-*", 100.0)], false, &label(1, None));
        assert!(wildcard.err().unwrap().to_string().contains("wildcard"));
        let star = short_answer(vec![weighted("5 \\* 3", 100.0)], false, &label(1, None)).unwrap();
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
            &label(1, None),
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
            &label(1, None),
        );
        assert!(
            two.err()
                .unwrap()
                .to_string()
                .starts_with("several different right answers (3 ± 0, 4 ± 0)")
        );
    }

    #[test]
    fn repeated_right_answers_count_once() {
        let short = short_answer(
            vec![
                weighted("OZG", 100.0),
                weighted("Ozg", 100.0),
                weighted("OZG", 100.0),
                weighted(" OZG ", 100.0),
            ],
            true,
            &label(1, None),
        )
        .unwrap();
        assert_eq!(
            short.kind,
            QuestionKind::ShortText {
                accepted: vec!["OZG".into(), "Ozg".into()],
                case_sensitive: true
            }
        );

        let right = |answer: f64, tolerance: f64| NumericAnswer {
            value: Some((answer, tolerance)),
            weight: 100.0,
            feedback: None,
            line: 1,
        };
        let zero = numeric_question(
            vec![right(-0.0, 0.0), right(0.0, -0.0), right(0.0, 0.0)],
            None,
            &label(1, None),
        )
        .unwrap();
        assert_eq!(
            zero.kind,
            QuestionKind::Numeric {
                answer: 0.0,
                tolerance: 0.0,
                unit: None
            }
        );
        let several = numeric_question(
            vec![
                right(1.0, 0.0),
                right(2.0, 0.5),
                right(1.0, 0.0),
                right(2.0, 0.0),
                right(2.0, 0.5),
            ],
            None,
            &label(1, None),
        );
        assert_eq!(
            several.err().unwrap().to_string(),
            "several different right answers (1 ± 0, 2 ± 0.5, 2 ± 0); a numeric question here \
             has one answer ± tolerance"
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
    fn categories_count_their_questions_in_file_order() {
        let question =
            |k| Item::Question(candidate(k, None, QuestionKind::TrueFalse { answer: true }));
        let category = |name: &str| Item::Category {
            line: 1,
            name: name.into(),
        };
        let import = finish(vec![
            question(1),
            category("B"),
            question(2),
            question(3),
            category("A"),
            question(4),
            category("B"),
            question(5),
            category("C"),
        ]);
        assert_eq!(
            import.categories,
            vec![("B".into(), 3), ("A".into(), 1), ("C".into(), 0)]
        );
        let categories: Vec<Option<&str>> = import
            .questions
            .iter()
            .map(|q| q.category.as_deref())
            .collect();
        assert_eq!(
            categories,
            vec![None, Some("B"), Some("B"), Some("A"), Some("B")]
        );
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
