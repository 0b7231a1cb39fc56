//! A question as the editor's form holds it: every type of `content/FORMAT.md` in one shape,
//! German and English side by side, with texts as typed (numbers too, so that a wrong entry
//! comes back to the form as it was written). Shared by the pages, which render it and read it
//! back from the address after "Weitere Antwort", and the server, which checks it and writes it
//! into `quiz.toml` / `quiz.en.toml`.

use serde::{Deserialize, Serialize};

/// The question types of the format (`type = "…"` in `quiz.toml`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionType {
    #[default]
    Single,
    Multiple,
    TrueFalse,
    Ordering,
    Matching,
    ShortText,
    Numeric,
}

impl QuestionType {
    pub const ALL: [QuestionType; 7] = [
        QuestionType::Single,
        QuestionType::Multiple,
        QuestionType::TrueFalse,
        QuestionType::Ordering,
        QuestionType::Matching,
        QuestionType::ShortText,
        QuestionType::Numeric,
    ];

    /// The value of `type` in `quiz.toml`.
    pub fn code(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multiple => "multiple",
            QuestionType::TrueFalse => "true_false",
            QuestionType::Ordering => "ordering",
            QuestionType::Matching => "matching",
            QuestionType::ShortText => "short_text",
            QuestionType::Numeric => "numeric",
        }
    }

    pub fn from_code(code: &str) -> Option<QuestionType> {
        QuestionType::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            QuestionType::Single => "questions-type-single",
            QuestionType::Multiple => "questions-type-multiple",
            QuestionType::TrueFalse => "questions-type-true-false",
            QuestionType::Ordering => "questions-type-ordering",
            QuestionType::Matching => "questions-type-matching",
            QuestionType::ShortText => "questions-type-short-text",
            QuestionType::Numeric => "questions-type-numeric",
        }
    }

    /// The list of rows the type answers with, if any: what "add a row" adds to.
    pub fn rows(self) -> Option<RowList> {
        match self {
            QuestionType::Single | QuestionType::Multiple => Some(RowList::Options),
            QuestionType::Ordering => Some(RowList::Items),
            QuestionType::Matching => Some(RowList::Pairs),
            _ => None,
        }
    }

    /// The fewest rows the format allows (`QuestionKind::validate`).
    pub fn min_rows(self) -> usize {
        match self {
            QuestionType::Multiple => 2,
            QuestionType::Single | QuestionType::Ordering | QuestionType::Matching => 3,
            _ => 0,
        }
    }
}

/// The lists of rows a form can grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowList {
    Options,
    Items,
    Pairs,
}

impl RowList {
    /// The name of the list in the form and in the address (`zeile=options`).
    pub fn code(self) -> &'static str {
        match self {
            RowList::Options => "options",
            RowList::Items => "items",
            RowList::Pairs => "pairs",
        }
    }
}

/// An answer option of a choice question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OptionRow {
    pub text: String,
    pub correct: bool,
    pub feedback: String,
    pub text_en: String,
    pub feedback_en: String,
}

impl OptionRow {
    pub fn is_empty(&self) -> bool {
        !self.correct
            && [&self.text, &self.feedback, &self.text_en, &self.feedback_en]
                .iter()
                .all(|t| t.trim().is_empty())
    }
}

/// An item of an ordering question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemRow {
    pub text: String,
    pub text_en: String,
}

impl ItemRow {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.text_en.trim().is_empty()
    }
}

/// A pair of a matching question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PairRow {
    pub left: String,
    pub right: String,
    pub left_en: String,
    pub right_en: String,
}

impl PairRow {
    pub fn is_empty(&self) -> bool {
        [&self.left, &self.right, &self.left_en, &self.right_en]
            .iter()
            .all(|t| t.trim().is_empty())
    }
}

/// One question in the form: the fields of `quiz.toml` and, with `_en`, of `quiz.en.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub kind: QuestionType,
    pub id: String,
    pub scenario: bool,
    pub text: String,
    pub text_en: String,
    /// `lesson` or `lesson#anchor`, as in the file.
    pub lesson: String,
    pub feedback_correct: String,
    pub feedback_correct_en: String,
    pub feedback_incorrect: String,
    pub feedback_incorrect_en: String,
    /// `single`, `multiple`.
    pub options: Vec<OptionRow>,
    /// `true_false`; `None` until chosen.
    pub answer: Option<bool>,
    /// `ordering`, in the right order.
    pub items: Vec<ItemRow>,
    /// `matching`.
    pub pairs: Vec<PairRow>,
    /// `short_text`, one answer per entry.
    pub accepted: Vec<String>,
    pub accepted_en: Vec<String>,
    pub case_sensitive: bool,
    /// `numeric`: the right number, its tolerance and unit, as typed.
    pub value: String,
    pub tolerance: String,
    pub unit: String,
    pub unit_en: String,
}

impl QuestionForm {
    /// An empty question of `kind` with the fewest rows its type needs and one to spare.
    pub fn new(kind: QuestionType) -> QuestionForm {
        let rows = if kind.rows().is_some() {
            kind.min_rows() + 1
        } else {
            0
        };
        let mut form = QuestionForm {
            kind,
            ..QuestionForm::default()
        };
        match kind.rows() {
            Some(RowList::Options) => form.options = vec![OptionRow::default(); rows],
            Some(RowList::Items) => form.items = vec![ItemRow::default(); rows],
            Some(RowList::Pairs) => form.pairs = vec![PairRow::default(); rows],
            None => {}
        }
        form
    }

    /// Adds an empty row to `list`, up to `MAX_ROWS`.
    pub fn add_row(&mut self, list: RowList) {
        match list {
            RowList::Options if self.options.len() < MAX_ROWS => {
                self.options.push(OptionRow::default())
            }
            RowList::Items if self.items.len() < MAX_ROWS => self.items.push(ItemRow::default()),
            RowList::Pairs if self.pairs.len() < MAX_ROWS => self.pairs.push(PairRow::default()),
            _ => {}
        }
    }

    /// The lesson part of `lesson`.
    pub fn lesson_slug(&self) -> &str {
        self.lesson
            .split_once('#')
            .map(|(l, _)| l)
            .unwrap_or(&self.lesson)
    }

    /// The form as a browser sent it, read from `get` (the address after "Weitere Antwort"),
    /// with the same names as the server function's arguments. Rows beyond `MAX_ROWS` are not
    /// read.
    pub fn from_fields(kind: QuestionType, get: impl Fn(&str) -> Option<String>) -> QuestionForm {
        let text = |name: &str| get(name).unwrap_or_default();
        let ticked = |name: &str| get(name).is_some_and(|v| !v.trim().is_empty());
        let single_correct = get("correct").and_then(|v| v.trim().parse::<usize>().ok());
        let rows = |prefix: &str, fields: &[&str]| -> usize {
            (0..MAX_ROWS)
                .rev()
                .find(|i| {
                    fields
                        .iter()
                        .any(|f| get(&format!("{prefix}[{i}][{f}]")).is_some())
                })
                .map(|i| i + 1)
                .unwrap_or(0)
        };
        let options = (0..rows("options", &["text", "correct", "feedback", "text_en"]))
            .map(|i| {
                let field = |f: &str| text(&format!("options[{i}][{f}]"));
                OptionRow {
                    text: field("text"),
                    correct: if kind == QuestionType::Single {
                        single_correct == Some(i)
                    } else {
                        ticked(&format!("options[{i}][correct]"))
                    },
                    feedback: field("feedback"),
                    text_en: field("text_en"),
                    feedback_en: field("feedback_en"),
                }
            })
            .collect();
        let items = (0..rows("items", &["text", "text_en"]))
            .map(|i| ItemRow {
                text: text(&format!("items[{i}][text]")),
                text_en: text(&format!("items[{i}][text_en]")),
            })
            .collect();
        let pairs = (0..rows("pairs", &["left", "right", "left_en", "right_en"]))
            .map(|i| {
                let field = |f: &str| text(&format!("pairs[{i}][{f}]"));
                PairRow {
                    left: field("left"),
                    right: field("right"),
                    left_en: field("left_en"),
                    right_en: field("right_en"),
                }
            })
            .collect();
        QuestionForm {
            kind,
            id: text("id"),
            scenario: ticked("scenario"),
            text: text("text"),
            text_en: text("text_en"),
            lesson: text("lesson"),
            feedback_correct: text("feedback_correct"),
            feedback_correct_en: text("feedback_correct_en"),
            feedback_incorrect: text("feedback_incorrect"),
            feedback_incorrect_en: text("feedback_incorrect_en"),
            options,
            answer: match get("answer").as_deref() {
                Some("true") => Some(true),
                Some("false") => Some(false),
                _ => None,
            },
            items,
            pairs,
            accepted: lines(&text("accepted")),
            accepted_en: lines(&text("accepted_en")),
            case_sensitive: ticked("case_sensitive"),
            value: text("value"),
            tolerance: text("tolerance"),
            unit: text("unit"),
            unit_en: text("unit_en"),
        }
    }
}

/// The non-empty lines of a text area, trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A number as people type it: `72`, `1.5` or `1,5`.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The most rows (options, items, pairs, accepted answers) a question may have.
pub const MAX_ROWS: usize = 50;
/// The longest question text or feedback, in characters.
pub const MAX_TEXT: usize = 5000;
/// The longest option, item, side of a pair, accepted answer or unit, in characters.
pub const MAX_SHORT: usize = 1000;
/// The longest question id, in characters.
pub const MAX_ID: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_read_back_from_its_fields() {
        let fields: Vec<(&str, &str)> = vec![
            ("id", "frage-1"),
            ("text", "Was tun Sie?"),
            ("scenario", "on"),
            ("lesson", "01-a#b"),
            ("options[0][text]", "A"),
            ("options[1][text]", "B"),
            ("options[1][feedback]", "Weil"),
            ("options[3][text_en]", "D"),
            ("correct", "1"),
            ("accepted", "eins\n\n zwei \r\n"),
            ("answer", "false"),
        ];
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        };
        let form = QuestionForm::from_fields(QuestionType::Single, get);
        assert_eq!(form.id, "frage-1");
        assert!(form.scenario);
        assert_eq!(form.options.len(), 4, "rows up to the last one sent");
        assert!(form.options[1].correct && !form.options[0].correct);
        assert_eq!(form.options[1].feedback, "Weil");
        assert!(form.options[2].is_empty());
        assert_eq!(form.options[3].text_en, "D");
        assert_eq!(form.accepted, vec!["eins", "zwei"]);
        assert_eq!(form.answer, Some(false));
        assert_eq!(form.lesson_slug(), "01-a");
    }

    #[test]
    fn numbers_are_read_with_a_point_or_a_comma() {
        assert_eq!(parse_number("72"), Some(72.0));
        assert_eq!(parse_number(" 1,5 "), Some(1.5));
        assert_eq!(parse_number("-0.25"), Some(-0.25));
        for wrong in ["", "abc", "1,5,0", "inf", "NaN"] {
            assert_eq!(parse_number(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn a_new_form_has_a_row_to_spare_and_rows_stop_at_the_limit() {
        assert_eq!(QuestionForm::new(QuestionType::Single).options.len(), 4);
        assert_eq!(QuestionForm::new(QuestionType::Multiple).options.len(), 3);
        assert_eq!(QuestionForm::new(QuestionType::Matching).pairs.len(), 4);
        assert!(QuestionForm::new(QuestionType::Numeric).options.is_empty());
        let mut form = QuestionForm::new(QuestionType::Ordering);
        for _ in 0..100 {
            form.add_row(RowList::Items);
        }
        assert_eq!(form.items.len(), MAX_ROWS);
    }
}
