//! Writing the quiz file (`content/FORMAT.md`) for the converted questions: values by the TOML
//! serializer, comments between them.

use super::*;

#[derive(Serialize)]
pub(super) struct Header {
    pass_mark: u8,
    draw: usize,
    multiple_choice_scoring: &'static str,
}

#[derive(Serialize)]
pub(super) struct Document<'a> {
    questions: [QuestionOut<'a>; 1],
}

#[derive(Serialize)]
pub(super) struct QuestionOut<'a> {
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
pub(super) struct OptionOut<'a> {
    text: &'a str,
    correct: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct PairOut<'a> {
    left: &'a str,
    right: &'a str,
}

/// A number as TOML writes it best: `72` rather than `72.0` where it is whole.
pub(super) fn toml_number(x: f64) -> toml::Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        toml::Value::Integer(x as i64)
    } else {
        toml::Value::Float(x)
    }
}

pub(super) fn question_out<'a>(question: &'a Imported, lesson: &'a str) -> QuestionOut<'a> {
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
pub(super) fn comment(text: &str) -> String {
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
        "that teaches it (NN-slug#anchor), mark each question that describes a situation at",
    ));
    out.push_str(&comment(
        "work with `scenario = true`, then run `fuehrerschein content check`.",
    ));
    out.push_str(&toml::to_string(&Header {
        pass_mark: PASS_MARK,
        // The pool holds 2.5 × the draw (content/FORMAT.md), so that attempts differ.
        draw: (import.questions.len() * 2 / 5).clamp(1, MAX_DRAW),
        multiple_choice_scoring: "proportional",
    })?);
    out.push_str(&question_blocks(&import.questions, lesson, origin)?);
    Ok(out)
}

/// The `[[questions]]` tables of `questions`, every one linked to `lesson`, each after a blank
/// line and a comment naming `origin:line` (and, where it changes, the Moodle category). A quiz
/// file ends with its questions, so the text can follow a whole quiz file unchanged: the
/// browser import appends it to a draft's `quiz.toml`.
pub fn question_blocks(
    questions: &[Imported],
    lesson: &str,
    origin: &str,
) -> Result<String, toml::ser::Error> {
    let mut out = String::new();
    let mut category: Option<&str> = None;
    for question in questions {
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

/// The question ids a quiz file uses: read as TOML, or, where the text does not parse (a draft
/// being edited), from its `id = "…"` lines, so that an import never takes an id that is there.
pub fn question_ids(quiz: &str) -> HashSet<String> {
    if let Ok(table) = toml::from_str::<toml::Table>(quiz) {
        return table
            .get("questions")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|q| q.get("id")?.as_str().map(str::to_owned))
            .collect();
    }
    quiz.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("id")?.trim_start();
            let value = rest.strip_prefix('=')?.trim();
            toml::from_str::<toml::Table>(&format!("id = {value}"))
                .ok()?
                .get("id")?
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

/// Gives every question whose id is `taken` the first free id `<id>-2`, `<id>-3`, … (free
/// among `taken` and the other questions). Returns (old, new) for each renamed question.
pub fn rename_taken(questions: &mut [Imported], taken: &HashSet<String>) -> Vec<(String, String)> {
    let mut used: HashSet<String> = taken.clone();
    used.extend(questions.iter().map(|q| q.id.clone()));
    let mut renamed = Vec::new();
    for question in questions.iter_mut().filter(|q| taken.contains(&q.id)) {
        let mut n = 2;
        let new = loop {
            let candidate = format!("{}-{n}", question.id);
            if !used.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        used.insert(new.clone());
        renamed.push((std::mem::replace(&mut question.id, new.clone()), new));
    }
    renamed
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn imported(id: &str, line: usize) -> Imported {
        Imported {
            id: id.to_owned(),
            line,
            category: None,
            text: "Stimmt das?".to_owned(),
            feedback_correct: None,
            feedback_incorrect: None,
            kind: QuestionKind::TrueFalse { answer: true },
        }
    }

    #[test]
    fn ids_are_read_from_a_quiz_even_when_it_does_not_parse() {
        let quiz = "pass_mark = 75\n\n[[questions]]\nid = \"a\"\n\n[[questions]]\nid = 'b'\n";
        let ids = question_ids(quiz);
        assert_eq!(ids, ["a", "b"].map(str::to_owned).into_iter().collect());
        let broken = format!("{quiz}\n[[questions]]\nid = \"c\"\ntext = \"offen\n");
        let ids = question_ids(&broken);
        assert_eq!(
            ids,
            ["a", "b", "c"].map(str::to_owned).into_iter().collect()
        );
        assert!(question_ids("").is_empty());
    }

    #[test]
    fn taken_ids_get_the_first_free_suffix() {
        let taken: HashSet<String> = ["a", "a-2", "b"].map(str::to_owned).into_iter().collect();
        let mut questions = vec![
            imported("a", 1),
            imported("a-3", 2),
            imported("c", 3),
            imported("b", 4),
        ];
        let renamed = rename_taken(&mut questions, &taken);
        let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, vec!["a-4", "a-3", "c", "b-2"]);
        assert_eq!(
            renamed,
            vec![
                ("a".to_owned(), "a-4".to_owned()),
                ("b".to_owned(), "b-2".to_owned())
            ]
        );
    }

    #[test]
    fn blocks_follow_a_quiz_and_the_whole_parses() {
        let quiz =
            "pass_mark = 75\ndraw = 1\n\n[[questions]]\nid = \"alt\"\ntype = \"true_false\"\n";
        let blocks = question_blocks(&[imported("neu", 7)], "01-x", "f.gift").unwrap();
        assert!(
            blocks.starts_with("\n# f.gift:7\n[[questions]]\n"),
            "{blocks}"
        );
        let table: toml::Table = toml::from_str(&format!("{quiz}{blocks}")).unwrap();
        let questions = table["questions"].as_array().unwrap();
        assert_eq!(questions.len(), 2);
        assert_eq!(questions[1]["id"].as_str(), Some("neu"));
        assert_eq!(questions[1]["lesson"].as_str(), Some("01-x"));
    }
}
