//! Reading Moodle's GIFT format, as Moodle's own importer (`qformat_gift`) reads it: questions
//! separated by blank lines, `//` comment lines, `$CATEGORY:` lines, `::title::`, one answer
//! block `{…}` per question whose content decides the type, `\` escapes for `~=#{}:` and `\n`.
//!
//! The text is first turned into characters that remember whether they were escaped and on which
//! line they stand, so that every later split looks only at real markers and every message can
//! name its line.

use app::content::QuestionKind;
use app::i18n::{Arg, Message};

use super::text::{self, TextFormat, tidy_whitespace};
use super::{
    Candidate, Item, Note, NumericAnswer, Weighted, about, category_name, choice_question,
    join_feedback, label, non_empty, numeric_question, refused, short_answer,
};

/// One character of a question, after escapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ch {
    c: char,
    escaped: bool,
    line: usize,
}

/// Reads a GIFT file. Never fails as a whole: a broken question is listed with its line.
pub fn parse(source: &str) -> Vec<Item> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut items = Vec::new();
    let mut index = 0;
    for block in blocks(source) {
        let mut lines = block.as_slice();
        if let Some((number, first)) = lines.first()
            && let Some(path) = first.strip_prefix("$CATEGORY:")
        {
            items.push(Item::Category {
                line: *number,
                name: category_name(path),
            });
            lines = &lines[1..];
        }
        if lines.is_empty() {
            continue;
        }
        index += 1;
        items.push(question(&characters(lines), index, lines[0].0));
    }
    items
}

/// Blocks of trimmed, numbered lines separated by blank lines; comment lines are left out but do
/// not separate questions (as in Moodle).
fn blocks(source: &str) -> Vec<Vec<(usize, &str)>> {
    let mut blocks = Vec::new();
    let mut current: Vec<(usize, &str)> = Vec::new();
    for (number, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else if !line.starts_with("//") {
            current.push((number + 1, line));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// The characters of a block's lines, joined by line breaks, with escapes resolved.
fn characters(lines: &[(usize, &str)]) -> Vec<Ch> {
    let mut out = Vec::new();
    for (k, (line, text)) in lines.iter().enumerate() {
        let line = *line;
        if k > 0 {
            out.push(Ch {
                c: '\n',
                escaped: false,
                line,
            });
        }
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let escaped = match (c, chars.peek()) {
                ('\\', Some(&n)) if "~=#{}:\\".contains(n) => Some(n),
                ('\\', Some('n')) => Some('\n'),
                _ => None,
            };
            match escaped {
                Some(e) => {
                    chars.next();
                    out.push(Ch {
                        c: e,
                        escaped: true,
                        line,
                    });
                }
                None => out.push(Ch {
                    c,
                    escaped: false,
                    line,
                }),
            }
        }
    }
    out
}

fn is(ch: &Ch, c: char) -> bool {
    !ch.escaped && ch.c == c
}

/// The first unescaped `c`.
fn find(s: &[Ch], c: char) -> Option<usize> {
    s.iter().position(|ch| is(ch, c))
}

/// The first unescaped occurrence of `pattern`.
fn find_str(s: &[Ch], pattern: &str) -> Option<usize> {
    let pattern: Vec<char> = pattern.chars().collect();
    (0..s.len()).find(|&i| {
        i + pattern.len() <= s.len() && pattern.iter().zip(&s[i..]).all(|(p, ch)| is(ch, *p))
    })
}

fn trim(s: &[Ch]) -> &[Ch] {
    let start = s
        .iter()
        .position(|ch| !ch.c.is_whitespace())
        .unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|ch| !ch.c.is_whitespace())
        .map_or(start, |e| e + 1);
    &s[start..end.max(start)]
}

fn string(s: &[Ch]) -> String {
    s.iter().map(|ch| ch.c).collect()
}

fn line_at(s: &[Ch], fallback: usize) -> usize {
    trim(s).first().map_or(fallback, |ch| ch.line)
}

/// Splits at unescaped `markers`: the text before the first, and each marker with its part.
fn split_markers<'a>(s: &'a [Ch], markers: &[char]) -> (&'a [Ch], Vec<(char, &'a [Ch])>) {
    let positions: Vec<usize> = s
        .iter()
        .enumerate()
        .filter(|(_, ch)| !ch.escaped && markers.contains(&ch.c))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = positions.first() else {
        return (s, Vec::new());
    };
    let parts = positions
        .iter()
        .enumerate()
        .map(|(k, &p)| {
            let end = positions.get(k + 1).copied().unwrap_or(s.len());
            (s[p].c, &s[p + 1..end])
        })
        .collect();
    (&s[..first], parts)
}

/// An answer's text and its feedback after the first unescaped `#`.
fn split_feedback(s: &[Ch]) -> (&[Ch], Option<&[Ch]>) {
    match find(s, '#') {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    }
}

/// A leading weight `%50%` or `%-100%`, in percent.
fn weight(s: &[Ch]) -> (Option<f64>, &[Ch]) {
    let s = trim(s);
    if s.first().is_some_and(|ch| is(ch, '%'))
        && let Some(end) = find(&s[1..], '%')
    {
        let number = string(&s[1..end + 1]);
        let looks_numeric = !number.is_empty()
            && number
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        if looks_numeric && let Ok(w) = number.parse::<f64>() {
            return (Some(w), &s[end + 2..]);
        }
    }
    (None, s)
}

/// A leading `[html]`, `[moodle]`, `[plain]` or `[markdown]`.
fn format_marker(s: &[Ch], default: TextFormat) -> (TextFormat, &[Ch]) {
    // Only the start: a space before a missing-word gap must stay.
    let start = s
        .iter()
        .position(|ch| !ch.c.is_whitespace())
        .unwrap_or(s.len());
    let s = &s[start..];
    if s.first().is_some_and(|ch| is(ch, '['))
        && let Some(end) = find(s, ']')
        && let Some(format) = TextFormat::from_name(&string(&s[1..end]))
    {
        return (format, &s[end + 1..]);
    }
    (default, s)
}

/// What one question collects while it is converted.
struct Context {
    label: Message,
    format: TextFormat,
    warnings: Vec<Note>,
}

impl Context {
    /// A text in the question's format (or its own marker), as plain text.
    fn text(&mut self, s: &[Ch], fallback_line: usize) -> String {
        self.text_in(s, self.format, fallback_line)
    }

    fn text_in(&mut self, s: &[Ch], format: TextFormat, fallback_line: usize) -> String {
        let line = line_at(s, fallback_line);
        let (format, s) = format_marker(s, format);
        let converted = text::convert(&string(s), format);
        for alt in converted.images {
            self.warnings.push(image_warning(&self.label, line, &alt));
        }
        converted.text
    }

    /// A feedback text, if there is one.
    fn feedback(&mut self, s: Option<&[Ch]>, fallback_line: usize) -> Option<String> {
        s.and_then(|s| non_empty(self.text(s, fallback_line)))
    }
}

pub(crate) fn image_warning(label: &Message, line: usize, alt: &str) -> Note {
    let left_out = if alt.is_empty() {
        Message::new("import-image-left-out")
    } else {
        Message::new("import-named-image-left-out").arg("alt", alt)
    };
    Note {
        line,
        message: about(label, left_out),
    }
}

/// A converted answer block.
struct Answer {
    kind: QuestionKind,
    feedback_correct: Option<String>,
    feedback_incorrect: Option<String>,
}

/// A question we cannot convert: (Moodle type, reason).
type Refusal = (&'static str, Message);

/// `kind` is Moodle's name of the question type, or what kind of problem the question has.
fn not_converted(line: usize, label: &Message, kind: impl Into<Arg>, reason: Message) -> Item {
    Item::NotConverted(Note {
        line,
        message: refused(label, kind, reason),
    })
}

/// One question block.
fn question(block: &[Ch], index: usize, first_line: usize) -> Item {
    let mut rest = trim(block);
    let mut name = None;
    if find_str(rest, "::") == Some(0) {
        let after = &rest[2..];
        let Some(end) = find_str(after, "::") else {
            return not_converted(
                first_line,
                &label(index, None),
                Message::new("import-kind-gift-syntax"),
                Message::new("import-gift-title-not-closed"),
            );
        };
        name = non_empty(tidy_whitespace(&string(&after[..end])));
        rest = trim(&after[end + 2..]);
    }
    let label = label(index, name.as_deref());
    let (open, close) = match (find(rest, '{'), find(rest, '}')) {
        (None, None) => {
            return not_converted(
                first_line,
                &label,
                "description",
                Message::new("import-gift-no-answer-block"),
            );
        }
        (Some(open), Some(close)) if close > open => (open, close),
        (Some(open), None) => {
            return not_converted(
                rest[open].line,
                &label,
                Message::new("import-kind-gift-syntax"),
                Message::new("import-gift-block-not-closed"),
            );
        }
        (_, Some(close)) => {
            return not_converted(
                rest[close].line,
                &label,
                Message::new("import-kind-gift-syntax"),
                Message::new("import-gift-close-without-open"),
            );
        }
    };
    let after = &rest[close + 1..];
    if let Some(p) = find(after, '{').or_else(|| find(after, '}')) {
        return not_converted(
            after[p].line,
            &label,
            Message::new("import-kind-several-answer-blocks"),
            Message::new("import-gift-several-answer-blocks"),
        );
    }
    let (format, before) = format_marker(&rest[..open], TextFormat::Moodle);
    let mut context = Context {
        label: label.clone(),
        format,
        warnings: Vec::new(),
    };
    // Text after the block makes a "missing word" question: the gap stands where the block was.
    let mut question_text: Vec<Ch> = before.to_vec();
    if !trim(after).is_empty() {
        question_text.extend("_____".chars().map(|c| Ch {
            c,
            escaped: true,
            line: rest[open].line,
        }));
        question_text.extend_from_slice(after);
    }
    let converted = text::convert(&string(&question_text), format);
    for alt in converted.images {
        context
            .warnings
            .push(image_warning(&label, first_line, &alt));
    }
    let text = converted.text;

    let mut answer = trim(&rest[open + 1..close]);
    let block_line = rest[open].line;
    let mut general = None;
    if let Some(p) = find_str(answer, "####") {
        general = context.feedback(Some(&answer[p + 4..]), block_line);
        answer = trim(&answer[..p]);
    }
    let converted = if answer.is_empty() {
        Err(("essay", Message::new("import-essay")))
    } else if is(&answer[0], '#') {
        numerical(&mut context, &answer[1..], block_line)
    } else if find(answer, '~').is_some() {
        multichoice(&mut context, answer, block_line)
    } else if find(answer, '=').is_some() && find_str(answer, "->").is_some() {
        matching(&mut context, answer, block_line)
    } else if is_true_false(answer) {
        Ok(true_false(&mut context, answer, block_line))
    } else {
        shortanswer(&mut context, answer, block_line)
    };
    match converted {
        Err((kind, reason)) => not_converted(first_line, &label, kind, reason),
        Ok(answer) => Item::Question(Candidate {
            line: first_line,
            index,
            name,
            text,
            feedback_correct: join_feedback(answer.feedback_correct.as_deref(), general.as_deref()),
            feedback_incorrect: join_feedback(
                answer.feedback_incorrect.as_deref(),
                general.as_deref(),
            ),
            kind: answer.kind,
            warnings: context.warnings,
        }),
    }
}

fn is_true_false(answer: &[Ch]) -> bool {
    let (value, _) = split_feedback(answer);
    matches!(
        string(trim(value)).to_uppercase().as_str(),
        "T" | "TRUE" | "F" | "FALSE"
    )
}

/// `{T}`, `{FALSE#feedback for a wrong answer#feedback for a right answer}`.
fn true_false(context: &mut Context, answer: &[Ch], line: usize) -> Answer {
    let (value, feedback) = split_feedback(answer);
    let value = matches!(string(trim(value)).to_uppercase().as_str(), "T" | "TRUE");
    let (wrong, right) = match feedback {
        None => (None, None),
        Some(f) => match find(f, '#') {
            Some(p) => (Some(&f[..p]), Some(&f[p + 1..])),
            None => (Some(f), None),
        },
    };
    Answer {
        kind: QuestionKind::TrueFalse { answer: value },
        feedback_incorrect: context.feedback(wrong, line),
        feedback_correct: context.feedback(right, line),
    }
}

/// `{=right ~wrong ~wrong}` (one right answer) or `{~%50%a ~%50%b ~%-100%c}` (several).
fn multichoice(context: &mut Context, answer: &[Ch], line: usize) -> Result<Answer, Refusal> {
    let (lead, parts) = split_markers(answer, &['~', '=']);
    if !trim(lead).is_empty() {
        return Err((
            "multichoice",
            Message::new("import-gift-text-before-answers").arg("text", string(trim(lead))),
        ));
    }
    // As in Moodle: an answer marked = makes a question with one right answer (radio buttons).
    let single = parts.iter().any(|(marker, _)| *marker == '=');
    let mut answers = Vec::new();
    for (marker, part) in parts {
        let part_line = line_at(part, line);
        let (weight, part) = weight(part);
        let weight = weight.unwrap_or(if marker == '=' { 100.0 } else { 0.0 });
        let (body, feedback) = split_feedback(part);
        answers.push(Weighted {
            text: context.text(body, part_line),
            weight,
            feedback: context.feedback(feedback, part_line),
            line: part_line,
        });
    }
    let (kind, warnings) = choice_question(single, answers, &context.label)
        .map_err(|reason| ("multichoice", reason))?;
    context.warnings.extend(warnings);
    Ok(Answer {
        kind,
        feedback_correct: None,
        feedback_incorrect: None,
    })
}

/// `{=item -> answer =item -> answer …}`.
fn matching(context: &mut Context, answer: &[Ch], line: usize) -> Result<Answer, Refusal> {
    let (lead, parts) = split_markers(answer, &['=']);
    if !trim(lead).is_empty() {
        return Err((
            "matching",
            Message::new("import-gift-text-before-pairs").arg("text", string(trim(lead))),
        ));
    }
    let mut pairs = Vec::new();
    for (_, part) in parts {
        let part_line = line_at(part, line);
        let Some(arrow) = find_str(part, "->") else {
            return Err((
                "matching",
                Message::new("import-gift-pair-without-arrow")
                    .arg("pair", string(trim(part)))
                    .arg("line", part_line),
            ));
        };
        let left = context.text(&part[..arrow], part_line);
        let right = context.text_in(&part[arrow + 2..], TextFormat::Plain, part_line);
        if left.is_empty() {
            context.warnings.push(Note {
                line: part_line,
                message: about(
                    &context.label,
                    Message::new("import-extra-answer-left-out").arg("answer", right),
                ),
            });
            continue;
        }
        pairs.push((left, right));
    }
    Ok(Answer {
        kind: QuestionKind::Matching { pairs },
        feedback_correct: None,
        feedback_incorrect: None,
    })
}

/// `{=answer =other answer#feedback}`; answers are plain text, as in Moodle.
fn shortanswer(context: &mut Context, answer: &[Ch], line: usize) -> Result<Answer, Refusal> {
    let (lead, parts) = split_markers(answer, &['=']);
    let mut segments: Vec<&[Ch]> = Vec::new();
    if !trim(lead).is_empty() {
        segments.push(lead);
    }
    segments.extend(parts.into_iter().map(|(_, part)| part));
    let mut answers = Vec::new();
    for segment in segments {
        let part_line = line_at(segment, line);
        let (weight, segment) = weight(segment);
        let (body, feedback) = split_feedback(segment);
        answers.push(Weighted {
            text: context.text_in(body, TextFormat::Plain, part_line),
            weight: weight.unwrap_or(100.0),
            feedback: context.feedback(feedback, part_line),
            line: part_line,
        });
    }
    let answered =
        short_answer(answers, false, &context.label).map_err(|reason| ("shortanswer", reason))?;
    context.warnings.extend(answered.warnings);
    Ok(Answer {
        kind: answered.kind,
        feedback_correct: answered.feedback_correct,
        feedback_incorrect: answered.feedback_incorrect,
    })
}

/// `{#3.14:0.01}`, `{#1..5}`, `{#=2000:0#feedback =%50%2000:10 ~#feedback for a wrong answer}`.
fn numerical(context: &mut Context, body: &[Ch], line: usize) -> Result<Answer, Refusal> {
    let refuse = |reason: Message| ("numerical", reason);
    let (body, wrong) = match find(body, '~') {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    let (lead, parts) = split_markers(body, &['=']);
    let mut segments: Vec<&[Ch]> = Vec::new();
    if !trim(lead).is_empty() {
        segments.push(lead);
    }
    segments.extend(parts.into_iter().map(|(_, part)| part));
    if segments.is_empty() {
        return Err(refuse(Message::new("import-gift-no-number")));
    }
    let mut answers = Vec::new();
    for segment in segments {
        let part_line = line_at(segment, line);
        let (weight, segment) = weight(segment);
        let (value, feedback) = split_feedback(segment);
        let value = trim(value);
        let written = string(value);
        let parsed = if written == "*" {
            None
        } else if let Some(p) = find_str(value, "..").filter(|p| *p > 0) {
            let min = number(&string(&value[..p])).map_err(refuse)?;
            let max = number(&string(&value[p + 2..])).map_err(refuse)?;
            if min > max {
                return Err(refuse(
                    Message::new("import-range-reversed").arg("range", &written),
                ));
            }
            Some(((min + max) / 2.0, (max - min) / 2.0))
        } else if let Some(p) = find(value, ':').filter(|p| *p > 0) {
            let answer = number(&string(&value[..p])).map_err(refuse)?;
            let tolerance = number(&string(&value[p + 1..])).map_err(refuse)?;
            if tolerance < 0.0 {
                return Err(refuse(
                    Message::new("import-tolerance-negative").arg("answer", &written),
                ));
            }
            Some((answer, tolerance))
        } else {
            Some((number(&written).map_err(refuse)?, 0.0))
        };
        answers.push(NumericAnswer {
            value: parsed,
            weight: weight.unwrap_or(100.0),
            feedback: context.feedback(feedback, part_line),
            line: part_line,
        });
    }
    if let Some(wrong) = wrong {
        let (_, feedback) = split_feedback(wrong);
        answers.push(NumericAnswer {
            value: None,
            weight: 0.0,
            feedback: context.feedback(Some(feedback.unwrap_or(wrong)), line),
            line: line_at(wrong, line),
        });
    }
    let answered = numeric_question(answers, None, &context.label).map_err(refuse)?;
    context.warnings.extend(answered.warnings);
    Ok(Answer {
        kind: answered.kind,
        feedback_correct: answered.feedback_correct,
        feedback_incorrect: answered.feedback_incorrect,
    })
}

/// A number as GIFT writes it: digits with a decimal point, optionally a sign and an exponent.
pub(crate) fn number(text: &str) -> Result<f64, Message> {
    let text = text.trim();
    let plausible = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
    match text.parse::<f64>() {
        Ok(x) if plausible && x.is_finite() => Ok(x),
        _ => Err(Message::new("import-not-a-number").arg("text", text)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use app::content::Choice;

    fn only_question(source: &str) -> Candidate {
        let items = parse(source);
        let questions: Vec<&Item> = items
            .iter()
            .filter(|i| !matches!(i, Item::Category { .. }))
            .collect();
        assert_eq!(questions.len(), 1, "{items:?}");
        match questions[0] {
            Item::Question(candidate) => candidate.clone(),
            other => panic!("not converted: {other:?}"),
        }
    }

    fn refusal(source: &str) -> Note {
        match parse(source).into_iter().next() {
            Some(Item::NotConverted(note)) => note,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn choice(text: &str, correct: bool, feedback: Option<&str>) -> Choice {
        Choice {
            text: text.into(),
            correct,
            feedback: feedback.map(str::to_owned),
        }
    }

    #[test]
    fn single_choice_with_title_feedback_and_general_feedback() {
        let q = only_question(
            "::Zuständigkeit::Wer stellt den Personalausweis aus?{\n\
             =Das Bürgeramt#Richtig, die Personalausweisbehörde.\n\
             ~Das Finanzamt#Nein.\n\
             ~Das Standesamt\n\
             ####Zuständig ist die Personalausweisbehörde der Gemeinde.}",
        );
        assert_eq!(q.name.as_deref(), Some("Zuständigkeit"));
        assert_eq!(q.text, "Wer stellt den Personalausweis aus?");
        assert_eq!(
            q.kind,
            QuestionKind::Single {
                options: vec![
                    choice(
                        "Das Bürgeramt",
                        true,
                        Some("Richtig, die Personalausweisbehörde.")
                    ),
                    choice("Das Finanzamt", false, Some("Nein.")),
                    choice("Das Standesamt", false, None),
                ]
            }
        );
        let general = "Zuständig ist die Personalausweisbehörde der Gemeinde.";
        assert_eq!(q.feedback_correct.as_deref(), Some(general));
        assert_eq!(q.feedback_incorrect.as_deref(), Some(general));
        assert!(q.warnings.is_empty());
    }

    #[test]
    fn escapes_are_literal_text() {
        let q = only_question(
            "Was bedeutet \\{x\\} \\= 1 \\~ 2 \\# 3 \\: 4 \\\\ 5?\\nZweite Zeile {\n\
             =a \\= b#Feedback mit \\# und \\~\n~c\\: d\n~e \\{f\\}}",
        );
        assert_eq!(
            q.text,
            "Was bedeutet {x} = 1 ~ 2 # 3 : 4 \\ 5?\nZweite Zeile"
        );
        let QuestionKind::Single { options } = q.kind else {
            panic!("single expected")
        };
        assert_eq!(options[0].text, "a = b");
        assert_eq!(options[0].feedback.as_deref(), Some("Feedback mit # und ~"));
        assert_eq!(options[1].text, "c: d");
        assert_eq!(options[2].text, "e {f}");
    }

    #[test]
    fn weighted_multiple_answers() {
        let q = only_question(
            "Welche Daten sind personenbezogen? {\n\
             ~%50%Name#ja\n~%50%Geburtsdatum\n~%-100%Öffnungszeiten des Rathauses\n}",
        );
        assert_eq!(
            q.kind,
            QuestionKind::Multiple {
                options: vec![
                    choice("Name", true, Some("ja")),
                    choice("Geburtsdatum", true, None),
                    choice("Öffnungszeiten des Rathauses", false, None),
                ]
            }
        );
        assert_eq!(q.warnings.len(), 1);
        assert_eq!(q.warnings[0].line, 2);
        assert!(
            q.warnings[0]
                .message
                .to_string()
                .contains("50%, 50%, -100%")
        );

        let exact = only_question("Zwei richtig {~%50%a ~%50%b ~%-50%c}");
        assert!(exact.warnings.is_empty(), "{:?}", exact.warnings);
    }

    #[test]
    fn true_false_with_both_feedbacks() {
        let q = only_question("Die DSGVO gilt auch für Behörden.{T#Doch, sie gilt.#Richtig.}");
        assert_eq!(q.kind, QuestionKind::TrueFalse { answer: true });
        assert_eq!(q.feedback_incorrect.as_deref(), Some("Doch, sie gilt."));
        assert_eq!(q.feedback_correct.as_deref(), Some("Richtig."));
        for (source, answer) in [
            ("A {TRUE}", true),
            ("A {F}", false),
            ("A {FALSE}", false),
            ("A {false}", false),
        ] {
            assert_eq!(
                only_question(source).kind,
                QuestionKind::TrueFalse { answer },
                "{source}"
            );
        }
    }

    #[test]
    fn short_answer_and_missing_word() {
        let q = only_question("Die elektronische Akte heißt kurz {=E-Akte =eAkte#gut}.");
        assert_eq!(q.text, "Die elektronische Akte heißt kurz _____.");
        assert_eq!(
            q.kind,
            QuestionKind::ShortText {
                accepted: vec!["E-Akte".into(), "eAkte".into()],
                case_sensitive: false
            }
        );
        assert_eq!(q.feedback_correct.as_deref(), Some("gut"));
        let partial = refusal("Q {=Bürgeramt =%50%Amt}");
        assert!(
            partial.message.to_string().contains("(shortanswer)"),
            "{partial:?}"
        );
        assert!(partial.message.to_string().contains("partial credit"));
    }

    #[test]
    fn matching_pairs() {
        let q = only_question(
            "Ordnen Sie zu. {\n=Meldebescheinigung -> Bürgeramt\n=Baugenehmigung -> Bauamt\n\
             =Hundesteuer -> Steueramt\n= -> Standesamt\n}",
        );
        assert_eq!(
            q.kind,
            QuestionKind::Matching {
                pairs: vec![
                    ("Meldebescheinigung".into(), "Bürgeramt".into()),
                    ("Baugenehmigung".into(), "Bauamt".into()),
                    ("Hundesteuer".into(), "Steueramt".into()),
                ]
            }
        );
        assert_eq!(q.warnings.len(), 1);
        assert_eq!(q.warnings[0].line, 5);
    }

    #[test]
    fn numeric_answers_ranges_and_several_answers() {
        let cases = [
            ("Gebühr? {#12.5:0.01}", 12.5, 0.01),
            ("Tage? {#1..5}", 3.0, 2.0),
            ("Bruch? {#0.1..0.3}", 0.2, 0.1),
            ("Jahr? {#=1949:0#Ja. =%0%1950#knapp}", 1949.0, 0.0),
            ("Stunden? {#72}", 72.0, 0.0),
        ];
        for (source, answer, tolerance) in cases {
            let q = only_question(source);
            assert_eq!(
                q.kind,
                QuestionKind::Numeric {
                    answer,
                    tolerance,
                    unit: None
                },
                "{source}"
            );
        }
        let wrong = only_question("Wie viele? {#12 ~#Zählen Sie die Monate.}");
        assert_eq!(
            wrong.feedback_incorrect.as_deref(),
            Some("Zählen Sie die Monate.")
        );
        let several = refusal("Wann? {#=1990 =2000}");
        assert!(
            several
                .message
                .to_string()
                .contains("several different right answers (1990 ± 0, 2000 ± 0)"),
            "{several:?}"
        );
        let partial = refusal("Wann? {#=1990:0 =%50%1990:5}");
        assert!(
            partial.message.to_string().contains("50% partial credit"),
            "{partial:?}"
        );
        let not_a_number = refusal("Wann? {#zwölf}");
        assert!(
            not_a_number
                .message
                .to_string()
                .contains("\"zwölf\" is not a number")
        );
    }

    #[test]
    fn essays_descriptions_and_syntax_errors_are_listed_with_their_line() {
        let items = parse(
            "// Kommentar\n\
             $CATEGORY: $course$/top/Bürgerservice\n\
             \n\
             ::Essay::Beschreiben Sie Ihren Arbeitsplatz. {}\n\
             \n\
             Nur ein Hinweistext ohne Antworten.\n\
             \n\
             Kaputt {=a ~b\n\
             ~c\n\
             \n\
             ::Ohne Ende Titel {T}\n",
        );
        let summary: Vec<(usize, String)> = items
            .iter()
            .map(|item| match item {
                Item::Category { line, name } => (*line, format!("category {name}")),
                Item::NotConverted(note) => (note.line, note.message.to_string()),
                Item::Question(q) => (q.line, "question".into()),
            })
            .collect();
        assert_eq!(summary.len(), 5, "{summary:?}");
        assert_eq!(summary[0], (2, "category Bürgerservice".into()));
        assert_eq!(summary[1].0, 4);
        assert!(
            summary[1]
                .1
                .starts_with("question 1 \"Essay\" (essay): free-text")
        );
        assert_eq!(summary[2].0, 6);
        assert!(summary[2].1.starts_with("question 2 (description)"));
        assert_eq!(summary[3].0, 8);
        assert!(summary[3].1.contains("not closed with }"));
        assert_eq!(summary[4].0, 11);
        assert!(summary[4].1.contains("title after :: is not closed"));
    }

    #[test]
    fn format_markers_and_html() {
        let q = only_question(
            "::H::[html]<p>Was regelt <b>Art. 5</b> DSGVO?</p>{\n\
             =[html]Grunds&auml;tze<br>der Verarbeitung\n~[plain]<Bußgelder>\n~Fristen}",
        );
        assert_eq!(q.text, "Was regelt Art. 5 DSGVO?");
        let QuestionKind::Single { options } = q.kind else {
            panic!("single expected")
        };
        assert_eq!(options[0].text, "Grundsätze\nder Verarbeitung");
        assert_eq!(options[1].text, "<Bußgelder>");
        let image = only_question("[html]<p>Was zeigt <img src=\"x.png\" alt=\"Logo\">?</p>{T}");
        assert_eq!(image.text, "Was zeigt ?");
        assert_eq!(image.warnings.len(), 1, "{:?}", image.warnings);
        assert!(
            image.warnings[0]
                .message
                .to_string()
                .contains("the image \"Logo\"")
        );
    }

    #[test]
    fn questions_far_down_a_large_file_keep_their_lines() {
        let mut gift = String::new();
        let mut line = 1;
        // For each question: its line and the line of its answer with partial credit.
        let mut expected = Vec::new();
        for i in 1..=6000 {
            let mut block = String::new();
            if i % 100 == 1 {
                block.push_str(&format!("$CATEGORY: $course$/top/Teil {i}\n\n"));
            }
            // Comment lines before some questions, texts over one to three lines.
            block.push_str(&"// Kommentar\n".repeat(i % 2));
            let first = line + block.matches('\n').count();
            block.push_str(&format!(
                "::Frage {i}::Text {i}{}{{\n=a\n~%50%b\n~c\n}}\n\n",
                "\nweiter".repeat(i % 3)
            ));
            expected.push((first, first + 2 + i % 3));
            line += block.matches('\n').count();
            gift.push_str(&block);
        }

        let found: Vec<(usize, usize)> = parse(&gift)
            .iter()
            .filter_map(|item| match item {
                Item::Question(q) => Some((q.line, q.warnings[0].line)),
                Item::Category { .. } => None,
                Item::NotConverted(note) => panic!("{note:?}"),
            })
            .collect();

        assert_eq!(found[4999], expected[4999], "question 5000");
        assert_eq!(found, expected);
    }

    #[test]
    fn multi_line_questions_keep_their_first_line() {
        let items = parse(
            "\n\n// Frage über mehrere Zeilen\n::Lang::Eine Frage,\ndie weitergeht\n{\n=ja\n~nein\n~vielleicht\n}\n",
        );
        let Some(Item::Question(q)) = items.first() else {
            panic!("{items:?}")
        };
        assert_eq!(q.line, 4);
        assert_eq!(q.text, "Eine Frage,\ndie weitergeht");
    }
}
