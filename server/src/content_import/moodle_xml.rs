//! Reading Moodle XML (`<quiz><question type="…">…</question></quiz>`), as Moodle's
//! `qformat_xml` writes it. The file is read with quick-xml into a small element tree that
//! remembers each element's line (counted along in one pass), so that messages can name the line
//! of the question.
//! Texts arrive as escaped XML or CDATA, usually holding HTML; both end up as plain text.
//!
//! Elements may nest at most [`MAX_DEPTH`] levels deep: the tree is freed recursively, and a file
//! of tens of thousands of nested elements overflowed the stack.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use app::content::QuestionKind;
use app::i18n::{Arg, Message};

use super::gift::{image_warning, number};
use super::text::{self, TextFormat, tidy_whitespace};
use super::{
    Candidate, Item, Lines, Malformed, Note, NumericAnswer, Weighted, about, category_name,
    choice_question, join_feedback, label, non_empty, numeric_question, refused, short_answer,
};

/// How many levels of elements a file may nest, `<quiz>` being the first. Moodle writes five
/// (`quiz/question/answer/feedback/text`); HTML in texts arrives as escaped text or CDATA, never
/// as elements.
pub const MAX_DEPTH: usize = 64;

#[derive(Clone, Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    /// The line of the start tag.
    line: usize,
    children: Vec<Node>,
}

#[derive(Clone, Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn child<'a>(&'a self, name: &'a str) -> Option<&'a Element> {
        self.elements(name).next()
    }

    fn elements<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter_map(move |node| match node {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The text directly inside this element.
    fn own_text(&self) -> String {
        self.children
            .iter()
            .filter_map(|node| match node {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// The text of the `<text>` child, as Moodle wraps every text.
    fn text_child(&self) -> String {
        self.child("text")
            .map(Element::own_text)
            .unwrap_or_default()
    }
}

/// Reads a Moodle XML file. Fails only when the file is not well-formed XML or not a Moodle
/// export; a question that cannot be converted is listed with its line.
pub fn parse(source: &str) -> Result<Vec<Item>, Malformed> {
    let root = document(source)?;
    if root.name != "quiz" {
        return Err(Malformed {
            line: root.line,
            message: Message::new("import-xml-root-not-quiz").arg("element", &root.name),
        });
    }
    let mut items = Vec::new();
    let mut index = 0;
    for question in root.elements("question") {
        let line = question.line;
        let kind = question.attribute("type").unwrap_or_default().trim();
        if kind == "category" {
            let path = question
                .child("category")
                .map(Element::text_child)
                .unwrap_or_default();
            items.push(Item::Category {
                line,
                name: category_name(&path),
            });
            continue;
        }
        index += 1;
        items.push(convert(question, kind, index, line));
    }
    Ok(items)
}

fn malformed(lines: &mut Lines<'_>, offset: usize, message: Message) -> Malformed {
    Malformed {
        line: lines.at(offset),
        message,
    }
}

/// The element tree of `source`: its root element.
fn document(source: &str) -> Result<Element, Malformed> {
    let mut reader = Reader::from_str(source);
    let mut lines = Lines::new(source);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(offset);
                return Err(malformed(
                    &mut lines,
                    at,
                    Message::new("import-xml-not-well-formed").english("error", err.to_string()),
                ));
            }
        };
        match event {
            Event::Start(start) => {
                nest(&stack, &mut lines, &start, offset)?;
                stack.push(element(&mut lines, &start, offset)?);
            }
            Event::Empty(start) => {
                nest(&stack, &mut lines, &start, offset)?;
                let empty = element(&mut lines, &start, offset)?;
                push(&mut stack, Node::Element(empty));
            }
            Event::End(_) => {
                let closed = match stack.pop() {
                    Some(closed) if !stack.is_empty() => closed,
                    _ => {
                        return Err(malformed(
                            &mut lines,
                            offset,
                            Message::new("import-xml-closing-tag-not-opened"),
                        ));
                    }
                };
                push(&mut stack, Node::Element(closed));
            }
            Event::Text(text) => push(&mut stack, Node::Text(text.xml10_content().into_owned())),
            Event::CData(data) => push(&mut stack, Node::Text(data.xml10_content().into_owned())),
            Event::GeneralRef(reference) => {
                let text = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*reference {
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "amp" => "&".to_owned(),
                        "apos" => "'".to_owned(),
                        "quot" => "\"".to_owned(),
                        // Not defined in XML; HTML texts may still mean `&nbsp;` and the like,
                        // which the HTML conversion decodes.
                        other => format!("&{other};"),
                    },
                    Err(err) => {
                        return Err(malformed(
                            &mut lines,
                            offset,
                            Message::new("import-xml-character-reference")
                                .arg("reference", &*reference)
                                .english("error", err.to_string()),
                        ));
                    }
                };
                push(&mut stack, Node::Text(text));
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() > 1
        && let Some(open) = stack.last()
    {
        return Err(Malformed {
            line: open.line,
            message: Message::new("import-xml-never-closed").arg("element", &open.name),
        });
    }
    let document = stack.pop().unwrap_or_default();
    document
        .children
        .into_iter()
        .find_map(|node| match node {
            Node::Element(root) => Some(root),
            Node::Text(_) => None,
        })
        .ok_or_else(|| Malformed {
            line: 1,
            message: Message::new("import-xml-no-element"),
        })
}

/// Refuses an element that would nest deeper than [`MAX_DEPTH`]. `stack` holds the document and
/// the open elements, so its length is the depth of the new one.
fn nest(
    stack: &[Element],
    lines: &mut Lines<'_>,
    start: &BytesStart<'_>,
    offset: usize,
) -> Result<(), Malformed> {
    if stack.len() <= MAX_DEPTH {
        return Ok(());
    }
    Err(malformed(
        lines,
        offset,
        Message::new("import-xml-too-deep")
            .arg("element", start.name().as_ref())
            .arg("depth", stack.len())
            .arg("most", MAX_DEPTH),
    ))
}

fn element(
    lines: &mut Lines<'_>,
    start: &BytesStart<'_>,
    offset: usize,
) -> Result<Element, Malformed> {
    let line = lines.at(offset);
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|err| Malformed {
            line,
            message: Message::new("import-xml-not-well-formed").english("error", err.to_string()),
        })?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| Malformed {
                line,
                message: Message::new("import-xml-not-well-formed")
                    .english("error", err.to_string()),
            })?;
        attributes.push((attribute.key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(Element {
        name: start.name().as_ref().to_owned(),
        attributes,
        line,
        children: Vec::new(),
    })
}

/// Adds a node to the open element, joining neighbouring texts.
fn push(stack: &mut [Element], node: Node) {
    let Some(parent) = stack.last_mut() else {
        return;
    };
    if let Node::Text(text) = &node
        && let Some(Node::Text(previous)) = parent.children.last_mut()
    {
        previous.push_str(text);
        return;
    }
    parent.children.push(node);
}

/// What one question collects while it is converted.
struct Context {
    label: Message,
    warnings: Vec<Note>,
}

impl Context {
    /// A Moodle text element (`format` attribute, `<text>` child) as plain text.
    fn rich(&mut self, element: Option<&Element>) -> String {
        let Some(element) = element else {
            return String::new();
        };
        let format = element
            .attribute("format")
            .and_then(TextFormat::from_name)
            .unwrap_or(TextFormat::Html);
        let converted = text::convert(&element.text_child(), format);
        for alt in converted.images {
            self.warnings
                .push(image_warning(&self.label, element.line, &alt));
        }
        converted.text
    }

    fn feedback(&mut self, element: Option<&Element>) -> Option<String> {
        non_empty(self.rich(element))
    }

    fn warn(&mut self, element: &Element, message: Message) {
        self.warnings.push(Note {
            line: element.line,
            message: about(&self.label, message),
        });
    }
}

/// A converted answer part of a question.
struct Answer {
    kind: QuestionKind,
    feedback_correct: Option<String>,
    feedback_incorrect: Option<String>,
}

fn convert(question: &Element, kind: &str, index: usize, line: usize) -> Item {
    let name = question
        .child("name")
        .map(|n| tidy_whitespace(&n.text_child()))
        .and_then(non_empty);
    let mut context = Context {
        label: label(index, name.as_deref()),
        warnings: Vec::new(),
    };
    let converted = match kind {
        "multichoice" => multichoice(&mut context, question),
        "truefalse" => true_false(&mut context, question),
        "shortanswer" => shortanswer(&mut context, question),
        "matching" => matching(&mut context, question),
        "numerical" => numerical(&mut context, question),
        "ordering" => ordering(&mut context, question),
        other => Err(unsupported(other)),
    };
    let answer = match converted {
        Ok(answer) => answer,
        Err(reason) => {
            let shown_kind = if kind.is_empty() {
                Arg::Message(Message::new("import-kind-no-type"))
            } else {
                Arg::from(kind)
            };
            return Item::NotConverted(Note {
                line,
                message: refused(&context.label, shown_kind, reason),
            });
        }
    };
    let text = context.rich(question.child("questiontext"));
    let general = context.feedback(question.child("generalfeedback"));
    Item::Question(Candidate {
        line,
        index,
        name,
        text,
        feedback_correct: join_feedback(answer.feedback_correct.as_deref(), general.as_deref()),
        feedback_incorrect: join_feedback(answer.feedback_incorrect.as_deref(), general.as_deref()),
        kind: answer.kind,
        warnings: context.warnings,
    })
}

/// Why a Moodle question type has no counterpart here.
fn unsupported(kind: &str) -> Message {
    match kind {
        "essay" => Message::new("import-essay"),
        "description" => Message::new("import-description"),
        "cloze" | "multianswer" => Message::new("import-cloze"),
        "calculated" | "calculatedsimple" | "calculatedmulti" => Message::new("import-calculated"),
        "random" => Message::new("import-random"),
        "randomsamatch" => Message::new("import-random-short-answer-matching"),
        "ddwtos" | "gapselect" => Message::new("import-drag-or-select-words"),
        "ddimageortext" | "ddmarker" => Message::new("import-drag-onto-image"),
        "" => Message::new("import-xml-no-type"),
        other => Message::new("import-type-not-available").arg("type", other),
    }
}

/// The `fraction` attribute of an answer: Moodle's weight in percent.
fn fraction(answer: &Element) -> Result<f64, Message> {
    match answer.attribute("fraction") {
        None => Ok(0.0),
        Some(value) => number(value)
            .map_err(|_| Message::new("import-fraction-not-a-number").arg("fraction", value)),
    }
}

fn flag(question: &Element, name: &str) -> Option<bool> {
    question.child(name).map(|e| {
        matches!(
            e.own_text().trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes"
        )
    })
}

fn weighted_answers(context: &mut Context, question: &Element) -> Result<Vec<Weighted>, Message> {
    let mut answers = Vec::new();
    for answer in question.elements("answer") {
        answers.push(Weighted {
            text: context.rich(Some(answer)),
            weight: fraction(answer)?,
            feedback: context.feedback(answer.child("feedback")),
            line: answer.line,
        });
    }
    Ok(answers)
}

/// correctfeedback / incorrectfeedback; partiallycorrectfeedback has no place here.
fn combined_feedback(
    context: &mut Context,
    question: &Element,
) -> (Option<String>, Option<String>) {
    if let Some(partial) = question.child("partiallycorrectfeedback")
        && let Some(text) = context.feedback(Some(partial))
    {
        context.warn(
            partial,
            Message::new("import-partly-right-feedback-dropped").arg("feedback", text),
        );
    }
    (
        context.feedback(question.child("correctfeedback")),
        context.feedback(question.child("incorrectfeedback")),
    )
}

fn multichoice(context: &mut Context, question: &Element) -> Result<Answer, Message> {
    let single = flag(question, "single").unwrap_or(true);
    let answers = weighted_answers(context, question)?;
    let (kind, warnings) = choice_question(single, answers, &context.label)?;
    context.warnings.extend(warnings);
    let (feedback_correct, feedback_incorrect) = combined_feedback(context, question);
    Ok(Answer {
        kind,
        feedback_correct,
        feedback_incorrect,
    })
}

fn true_false(context: &mut Context, question: &Element) -> Result<Answer, Message> {
    let mut right: Option<(bool, Option<String>)> = None;
    let mut wrong_feedback = None;
    for answer in question.elements("answer") {
        let value = match answer.text_child().trim().to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            other => {
                return Err(Message::new("import-neither-true-nor-false").arg("answer", other));
            }
        };
        let feedback = context.feedback(answer.child("feedback"));
        if fraction(answer)? >= 100.0 - 0.01 {
            right = Some((value, feedback));
        } else {
            wrong_feedback = feedback;
        }
    }
    let Some((answer, right_feedback)) = right else {
        return Err(Message::new("import-true-false-no-full-marks"));
    };
    Ok(Answer {
        kind: QuestionKind::TrueFalse { answer },
        feedback_correct: right_feedback,
        feedback_incorrect: wrong_feedback,
    })
}

fn shortanswer(context: &mut Context, question: &Element) -> Result<Answer, Message> {
    let case_sensitive = flag(question, "usecase").unwrap_or(false);
    let mut answers = Vec::new();
    for answer in question.elements("answer") {
        answers.push(Weighted {
            // Short answers are compared as typed: plain text, whatever format Moodle names.
            text: tidy_whitespace(&answer.text_child()),
            weight: fraction(answer)?,
            feedback: context.feedback(answer.child("feedback")),
            line: answer.line,
        });
    }
    let answered = short_answer(answers, case_sensitive, &context.label)?;
    context.warnings.extend(answered.warnings);
    let (correct, incorrect) = combined_feedback(context, question);
    Ok(Answer {
        kind: answered.kind,
        feedback_correct: join_feedback(answered.feedback_correct.as_deref(), correct.as_deref()),
        feedback_incorrect: join_feedback(
            answered.feedback_incorrect.as_deref(),
            incorrect.as_deref(),
        ),
    })
}

fn matching(context: &mut Context, question: &Element) -> Result<Answer, Message> {
    let mut pairs = Vec::new();
    for sub in question.elements("subquestion") {
        let left = context.rich(Some(sub));
        let right = sub
            .child("answer")
            .map(|a| tidy_whitespace(&a.text_child()))
            .unwrap_or_default();
        if left.is_empty() {
            context.warn(
                sub,
                Message::new("import-extra-answer-left-out").arg("answer", right),
            );
            continue;
        }
        pairs.push((left, right));
    }
    let (feedback_correct, feedback_incorrect) = combined_feedback(context, question);
    Ok(Answer {
        kind: QuestionKind::Matching { pairs },
        feedback_correct,
        feedback_incorrect,
    })
}

fn numerical(context: &mut Context, question: &Element) -> Result<Answer, Message> {
    let mut answers = Vec::new();
    for answer in question.elements("answer") {
        let written = tidy_whitespace(&answer.text_child());
        let value = if written == "*" {
            None
        } else {
            let tolerance = match answer.child("tolerance") {
                Some(t) => number(&t.own_text())?,
                None => 0.0,
            };
            Some((number(&written)?, tolerance.abs()))
        };
        answers.push(NumericAnswer {
            value,
            weight: fraction(answer)?,
            feedback: context.feedback(answer.child("feedback")),
            line: answer.line,
        });
    }
    let mut unit = None;
    if let Some(units) = question.child("units") {
        for entry in units.elements("unit") {
            let name = entry
                .child("unit_name")
                .map(|n| tidy_whitespace(&n.own_text()))
                .unwrap_or_default();
            let multiplier = entry
                .child("multiplier")
                .map(|m| number(&m.own_text()))
                .transpose()?
                .unwrap_or(1.0);
            if name.is_empty() {
                continue;
            }
            if unit.is_none() && (multiplier - 1.0).abs() < 1e-9 {
                unit = Some(name);
            } else {
                context.warn(
                    entry,
                    Message::new("import-unit-dropped")
                        .arg("unit", name)
                        .arg("multiplier", multiplier.to_string()),
                );
            }
        }
    }
    let answered = numeric_question(answers, unit, &context.label)?;
    context.warnings.extend(answered.warnings);
    Ok(Answer {
        kind: answered.kind,
        feedback_correct: answered.feedback_correct,
        feedback_incorrect: answered.feedback_incorrect,
    })
}

/// The ordering plugin (qtype_ordering) keeps the right position of each item in `fraction`.
fn ordering(context: &mut Context, question: &Element) -> Result<Answer, Message> {
    let mut items = Vec::new();
    for (position, answer) in question.elements("answer").enumerate() {
        let order = answer
            .attribute("fraction")
            .and_then(|f| number(f).ok())
            .unwrap_or(position as f64);
        items.push((order, context.rich(Some(answer))));
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    if let Some(select) = question.child("selecttype") {
        let value = select.own_text().trim().to_ascii_uppercase();
        if !matches!(value.as_str(), "" | "0" | "ALL") {
            context.warn(select, Message::new("import-ordering-selection"));
        }
    }
    let (feedback_correct, feedback_incorrect) = combined_feedback(context, question);
    Ok(Answer {
        kind: QuestionKind::Ordering {
            items: items.into_iter().map(|(_, text)| text).collect(),
        },
        feedback_correct,
        feedback_incorrect,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use app::content::Choice;

    fn wrap(questions: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n{questions}\n</quiz>\n")
    }

    fn only_question(questions: &str) -> Candidate {
        let items = parse(&wrap(questions)).unwrap();
        match items
            .into_iter()
            .find(|i| !matches!(i, Item::Category { .. }))
        {
            Some(Item::Question(q)) => q,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn multichoice_single_with_cdata_html_and_entities() {
        let q = only_question(
            r#"<question type="multichoice">
  <name><text>Bürgeramt &amp; Ausweis</text></name>
  <questiontext format="html"><text><![CDATA[<p>Wer stellt den <b>Personalausweis</b> aus?&nbsp;</p>]]></text></questiontext>
  <generalfeedback format="html"><text>&lt;p&gt;Die Gemeinde.&lt;/p&gt;</text></generalfeedback>
  <single>true</single>
  <correctfeedback format="html"><text>Richtig.</text></correctfeedback>
  <incorrectfeedback format="html"><text></text></incorrectfeedback>
  <answer fraction="100" format="html"><text>Das B&#xFC;rgeramt</text><feedback><text>Genau.</text></feedback></answer>
  <answer fraction="0" format="html"><text>Das Finanzamt</text></answer>
  <answer fraction="0" format="plain_text"><text>&lt;Standesamt&gt;</text></answer>
</question>"#,
        );
        assert_eq!(q.name.as_deref(), Some("Bürgeramt & Ausweis"));
        assert_eq!(q.text, "Wer stellt den Personalausweis aus?");
        assert_eq!(
            q.kind,
            QuestionKind::Single {
                options: vec![
                    Choice {
                        text: "Das Bürgeramt".into(),
                        correct: true,
                        feedback: Some("Genau.".into())
                    },
                    Choice {
                        text: "Das Finanzamt".into(),
                        correct: false,
                        feedback: None
                    },
                    Choice {
                        text: "<Standesamt>".into(),
                        correct: false,
                        feedback: None
                    },
                ]
            }
        );
        assert_eq!(
            q.feedback_correct.as_deref(),
            Some("Richtig.\n\nDie Gemeinde.")
        );
        assert_eq!(q.feedback_incorrect.as_deref(), Some("Die Gemeinde."));
        assert_eq!(q.line, 3);
    }

    #[test]
    fn multichoice_multiple_with_fractions() {
        let q = only_question(
            r#"<question type="multichoice">
  <questiontext format="plain_text"><text>Welche Daten sind besonders schützenswert?</text></questiontext>
  <single>false</single>
  <answer fraction="50"><text>Gesundheitsdaten</text></answer>
  <answer fraction="50"><text>Religion</text></answer>
  <answer fraction="-100"><text>Die Postleitzahl des Rathauses</text></answer>
</question>"#,
        );
        let QuestionKind::Multiple { options } = &q.kind else {
            panic!("{:?}", q.kind)
        };
        let correct: Vec<bool> = options.iter().map(|o| o.correct).collect();
        assert_eq!(correct, vec![true, true, false]);
        assert_eq!(q.warnings.len(), 1);
        assert_eq!(q.warnings[0].line, 6);
    }

    #[test]
    fn truefalse_shortanswer_matching_numerical_and_ordering() {
        let tf = only_question(
            r#"<question type="truefalse">
  <questiontext><text>Akten dürfen privat gespeichert werden.</text></questiontext>
  <answer fraction="0"><text>true</text><feedback><text>Nein, nie.</text></feedback></answer>
  <answer fraction="100"><text>false</text><feedback><text>Richtig.</text></feedback></answer>
</question>"#,
        );
        assert_eq!(tf.kind, QuestionKind::TrueFalse { answer: false });
        assert_eq!(tf.feedback_correct.as_deref(), Some("Richtig."));
        assert_eq!(tf.feedback_incorrect.as_deref(), Some("Nein, nie."));

        let short = only_question(
            r#"<question type="shortanswer">
  <questiontext><text>Abkürzung für Onlinezugangsgesetz?</text></questiontext>
  <usecase>1</usecase>
  <answer fraction="100"><text>OZG</text></answer>
  <answer fraction="0"><text>*</text><feedback><text>Drei Buchstaben.</text></feedback></answer>
</question>"#,
        );
        assert_eq!(
            short.kind,
            QuestionKind::ShortText {
                accepted: vec!["OZG".into()],
                case_sensitive: true
            }
        );
        assert_eq!(
            short.feedback_incorrect.as_deref(),
            Some("Drei Buchstaben.")
        );

        let matching = only_question(
            r#"<question type="matching">
  <questiontext><text>Ordnen Sie zu.</text></questiontext>
  <subquestion format="html"><text>Meldebescheinigung</text><answer><text>Bürgeramt</text></answer></subquestion>
  <subquestion format="html"><text>Baugenehmigung</text><answer><text>Bauamt</text></answer></subquestion>
  <subquestion format="html"><text>Hundesteuer</text><answer><text>Steueramt</text></answer></subquestion>
  <subquestion format="html"><text></text><answer><text>Standesamt</text></answer></subquestion>
</question>"#,
        );
        let QuestionKind::Matching { pairs } = &matching.kind else {
            panic!("{:?}", matching.kind)
        };
        assert_eq!(pairs.len(), 3);
        assert_eq!(matching.warnings.len(), 1);
        assert_eq!(matching.warnings[0].line, 8);

        let numeric = only_question(
            r#"<question type="numerical">
  <questiontext><text>Wie viele Stunden Meldefrist?</text></questiontext>
  <answer fraction="100"><text>72</text><tolerance>0</tolerance><feedback><text>Ja.</text></feedback></answer>
  <units><unit><multiplier>1</multiplier><unit_name>Stunden</unit_name></unit>
         <unit><multiplier>0.0416667</multiplier><unit_name>Tage</unit_name></unit></units>
</question>"#,
        );
        assert_eq!(
            numeric.kind,
            QuestionKind::Numeric {
                answer: 72.0,
                tolerance: 0.0,
                unit: Some("Stunden".into())
            }
        );
        assert_eq!(numeric.warnings.len(), 1);
        assert_eq!(numeric.warnings[0].line, 7);

        let ordering = only_question(
            r#"<question type="ordering">
  <questiontext><text>Bringen Sie in die richtige Reihenfolge.</text></questiontext>
  <answer fraction="2"><text>Prüfen</text></answer>
  <answer fraction="1"><text>Eingang</text></answer>
  <answer fraction="3"><text>Bescheid</text></answer>
</question>"#,
        );
        assert_eq!(
            ordering.kind,
            QuestionKind::Ordering {
                items: vec!["Eingang".into(), "Prüfen".into(), "Bescheid".into()]
            }
        );
    }

    #[test]
    fn unsupported_types_and_categories_are_listed_with_lines() {
        let items = parse(&wrap(
            r#"<question type="category"><category><text>$course$/top/Datenschutz</text></category></question>
<question type="essay"><name><text>Aufsatz</text></name><questiontext><text>Schreiben Sie.</text></questiontext></question>
<question type="cloze"><questiontext><text>{1:SHORTANSWER:=a}</text></questiontext></question>
<question type="numerical"><questiontext><text>Zahl?</text></questiontext>
  <answer fraction="100"><text>1</text></answer><answer fraction="100"><text>2</text></answer></question>"#,
        ))
        .unwrap();
        let lines: Vec<(usize, String)> = items
            .iter()
            .map(|item| match item {
                Item::Category { line, name } => (*line, name.clone()),
                Item::NotConverted(note) => (note.line, note.message.to_string()),
                Item::Question(q) => (q.line, "converted".into()),
            })
            .collect();
        assert_eq!(lines[0], (3, "Datenschutz".into()));
        assert_eq!(lines[1].0, 4);
        assert!(
            lines[1]
                .1
                .starts_with("question 1 \"Aufsatz\" (essay): free-text")
        );
        assert_eq!(lines[2].0, 5);
        assert!(
            lines[2]
                .1
                .starts_with("question 2 (cloze): embedded answers")
        );
        assert_eq!(lines[3].0, 6);
        assert!(lines[3].1.contains("several different right answers"));
    }

    #[test]
    fn questions_far_down_a_large_file_keep_their_lines() {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
        let mut line = 3;
        // For each question: its line and the line of its answer with partial credit.
        let mut expected = Vec::new();
        for i in 1..=6000 {
            // Texts over one to four lines, so that the questions differ in length.
            let text = format!("Frage {i}{}", "\nweiter".repeat(i % 4));
            let question = format!(
                "<question type=\"multichoice\">\n<name><text>Frage {i}</text></name>\n\
                 <questiontext><text>{text}</text></questiontext>\n\
                 <answer fraction=\"100\"><text>a</text></answer>\n\
                 <answer fraction=\"50\"><text>b</text></answer>\n\
                 <answer fraction=\"0\"><text>c</text></answer>\n</question>\n"
            );
            expected.push((line, line + 4 + i % 4));
            line += question.matches('\n').count();
            xml.push_str(&question);
        }
        xml.push_str("</quiz>\n");

        let found: Vec<(usize, usize)> = parse(&xml)
            .unwrap()
            .iter()
            .map(|item| match item {
                Item::Question(q) => (q.line, q.warnings[0].line),
                other => panic!("{other:?}"),
            })
            .collect();

        assert_eq!(found[4999], expected[4999], "question 5000");
        assert_eq!(found, expected);
    }

    /// A true/false question holding elements nested down to level `depth` (`<quiz>` is level 1,
    /// `<question>` level 2), one per line: the innermost, level `depth`, is on line `depth + 4`.
    fn nested(depth: usize, innermost: &str) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n<question type=\"truefalse\">\n\
             <questiontext><text>Tief verschachtelt?</text></questiontext>\n\
             <answer fraction=\"100\"><text>true</text></answer>\n\
             <answer fraction=\"0\"><text>false</text></answer>\n",
        );
        xml.push_str(&"<extra>\n".repeat(depth - 3));
        xml.push_str(innermost);
        xml.push('\n');
        xml.push_str(&"</extra>\n".repeat(depth - 3));
        xml.push_str("</question>\n</quiz>\n");
        xml
    }

    #[test]
    fn nesting_deeper_than_64_levels_is_refused_with_its_line() {
        for innermost in ["<tief>unten</tief>", "<tief/>"] {
            let accepted = parse(&nested(MAX_DEPTH, innermost)).unwrap();
            let [Item::Question(q)] = accepted.as_slice() else {
                panic!("{accepted:?}")
            };
            assert_eq!(q.kind, QuestionKind::TrueFalse { answer: true });

            let refused = parse(&nested(MAX_DEPTH + 1, innermost)).unwrap_err();
            assert_eq!(refused.line, 69, "{innermost}: {refused:?}");
            assert_eq!(
                refused.message.to_string(),
                "<tief> is nested 65 elements deep; the import reads at most 64 levels (a Moodle \
                 XML export has five: quiz, question, answer, feedback, text)"
            );
        }

        // Far deeper than any stack: refused at level 65 instead of overflowing the stack.
        let deep = format!(
            "<quiz>\n{}{}</quiz>\n",
            "<question>\n".repeat(100_000),
            "</question>\n".repeat(100_000)
        );
        let refused = parse(&deep).unwrap_err();
        assert_eq!(refused.line, 65, "{refused:?}");
        assert!(
            refused
                .message
                .to_string()
                .starts_with("<question> is nested 65 elements deep")
        );
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let err = parse(
            "<quiz>\n<question type=\"truefalse\">\n<name><text>x</name>\n</question>\n</quiz>",
        )
        .unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
        assert!(
            err.message
                .to_string()
                .starts_with("the XML is not well-formed")
        );
        let not_quiz = parse("<?xml version=\"1.0\"?>\n<html></html>").unwrap_err();
        assert_eq!(not_quiz.line, 2);
        assert!(not_quiz.message.to_string().contains("<quiz>"));
        let unclosed = parse("<quiz>\n<question type=\"essay\">\n").unwrap_err();
        assert!(
            unclosed
                .message
                .to_string()
                .starts_with("the XML is not well-formed"),
            "{unclosed:?}"
        );
    }
}
