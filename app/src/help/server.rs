//! The help page's questions and answers: `content/help/faq.toml`, loaded and checked at start
//! like the curriculum (every problem as `file:line: message`), and the contact of the
//! platform's administration from the configuration (`[help]`). Nothing here touches the
//! database.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{HelpEntryView, HelpTopicView, HelpView};
use crate::content::{Message, Problem, Text};
use crate::context::AppContext;
use crate::i18n::Locale;

/// The help file, relative to the content folder.
pub const HELP_FILE: &str = "help/faq.toml";
/// The largest help file read: many times the shipped one, small enough that a wrong file
/// cannot fill the memory.
pub const MAX_HELP_FILE_BYTES: u64 = 256 * 1024;
/// A question is a line a reader scans in the table of contents.
pub const MAX_QUESTION_CHARS: usize = 200;
pub const MAX_TITLE_CHARS: usize = 120;
/// An answer is a few paragraphs; longer belongs in a lesson.
pub const MAX_ANSWER_CHARS: usize = 4000;
/// Ids the page itself uses as anchors.
const RESERVED_IDS: [&str; 4] = ["main", "inhalt", "kontakt", "hilfe-suche"];

/// `[help]` of the configuration: whom people can ask about the platform itself. Both optional;
/// without them the page names the administration without an address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HelpContact {
    /// Who looks after the platform, as the page shows it, e.g. "IT-Service, Telefon 0241 432-1234".
    pub contact: String,
    /// A mail address for questions about the platform.
    pub contact_email: String,
}

impl HelpContact {
    /// What the configuration check reports, if anything: the key and what is wrong.
    pub fn check(&self) -> Result<(), (&'static str, &'static str)> {
        let email = self.contact_email.trim();
        let plausible = email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        }) && !email
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>');
        if !email.is_empty() && !plausible {
            return Err(("help.contact_email", "is not a mail address"));
        }
        if self.contact.chars().count() > 300 {
            return Err(("help.contact", "is longer than 300 characters"));
        }
        Ok(())
    }
}

/// One question with its answer, in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpEntry {
    /// The anchor on the help page (`/hilfe#passwort-vergessen`).
    pub id: String,
    pub question: Text,
    pub answer_html: Text,
    /// The answer without markup, for the search.
    pub answer_text: Text,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpTopic {
    pub id: String,
    pub title: Text,
    pub entries: Vec<HelpEntry>,
}

/// The loaded, checked help. Empty when the content folder has no `help/faq.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HelpContent {
    pub topics: Vec<HelpTopic>,
}

/// The help of a running instance and its contact, provided at start.
pub trait HasHelp {
    fn help(&self) -> Arc<HelpContent>;
    fn help_contact(&self) -> Arc<HelpContact>;
}

impl HasHelp for AppContext {
    fn help(&self) -> Arc<HelpContent> {
        self.part::<HelpContent>()
    }
    fn help_contact(&self) -> Arc<HelpContact> {
        self.part::<HelpContact>()
    }
}

/// The help page in one language.
pub fn view(help: &HelpContent, contact: &HelpContact, locale: Locale) -> HelpView {
    HelpView {
        topics: help
            .topics
            .iter()
            .map(|topic| HelpTopicView {
                id: topic.id.clone(),
                title: topic.title.get(locale).to_owned(),
                entries: topic
                    .entries
                    .iter()
                    .map(|entry| HelpEntryView {
                        id: entry.id.clone(),
                        question: entry.question.get(locale).to_owned(),
                        answer_html: entry.answer_html.get(locale).to_owned(),
                    })
                    .collect(),
            })
            .collect(),
        contact: Some(contact.contact.trim().to_owned()).filter(|c| !c.is_empty()),
        contact_email: Some(contact.contact_email.trim().to_owned()).filter(|c| !c.is_empty()),
    }
}

mod raw {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct File {
        #[serde(default)]
        pub topics: Vec<Topic>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Topic {
        pub id: Spanned<String>,
        pub title: Text,
        #[serde(default)]
        pub entries: Vec<Entry>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Entry {
        pub id: Spanned<String>,
        pub question: Text,
        pub answer: Text,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Text {
        pub de: Spanned<String>,
        pub en: Spanned<String>,
    }
}

struct Report<'a> {
    file: &'a Path,
    source: &'a str,
    problems: Vec<Problem>,
    /// Links to anchors of the help page, checked once every id is known: (line, anchor).
    anchor_links: Vec<(usize, String)>,
}

impl Report<'_> {
    fn add(&mut self, line: usize, message: Message) {
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line: line.max(1),
            message,
        });
    }

    fn line(&self, offset: usize) -> usize {
        line_of(self.source, offset)
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// An anchor id: lower-case letters, digits and inner hyphens, as the curriculum's ids.
fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

/// Loads and checks `<content>/help/faq.toml`. A content folder without it has no help entries.
pub fn load(content_dir: &Path) -> Result<HelpContent, Vec<Problem>> {
    let path = content_dir.join(HELP_FILE);
    if !path.exists() {
        return Ok(HelpContent::default());
    }
    let problem = |message: Message| {
        vec![Problem {
            file: path.clone(),
            line: 1,
            message,
        }]
    };
    let unreadable = |err: std::io::Error| {
        problem(Message::new("check-file-unreadable").english("detail", err.to_string()))
    };
    match std::fs::metadata(&path) {
        Ok(meta) if meta.len() > MAX_HELP_FILE_BYTES => {
            return Err(problem(
                Message::new("check-help-too-large").arg("kilobytes", MAX_HELP_FILE_BYTES / 1024),
            ));
        }
        Err(err) => return Err(unreadable(err)),
        Ok(_) => {}
    }
    let source = std::fs::read_to_string(&path).map_err(unreadable)?;
    parse(&path, &source)
}

/// Checks the help file's text; `path` only names it in the problems.
pub fn parse(path: &Path, source: &str) -> Result<HelpContent, Vec<Problem>> {
    let mut report = Report {
        file: path,
        source,
        problems: Vec::new(),
        anchor_links: Vec::new(),
    };
    let file: raw::File = match toml::from_str(source) {
        Ok(file) => file,
        Err(err) => {
            let line = err.span().map(|s| line_of(source, s.start)).unwrap_or(1);
            report.add(
                line,
                Message::new("check-toml").english("detail", err.message().trim()),
            );
            return Err(report.problems);
        }
    };
    if file.topics.is_empty() {
        report.add(1, Message::new("check-help-no-topic"));
    }
    let mut ids: HashSet<String> = HashSet::new();
    let mut topics = Vec::new();
    for topic in file.topics {
        check_id(&mut report, &mut ids, &topic.id, false);
        let title = short_text(&mut report, &topic.title, "title", MAX_TITLE_CHARS);
        if topic.entries.is_empty() {
            report.add(
                report.line(topic.id.span().start),
                Message::new("check-help-topic-empty").arg("id", topic.id.get_ref()),
            );
        }
        let mut entries = Vec::new();
        for entry in topic.entries {
            check_id(&mut report, &mut ids, &entry.id, true);
            let question = short_text(&mut report, &entry.question, "question", MAX_QUESTION_CHARS);
            let (answer_html, answer_text) = answer(&mut report, &entry.answer);
            entries.push(HelpEntry {
                id: entry.id.into_inner(),
                question,
                answer_html,
                answer_text,
            });
        }
        topics.push(HelpTopic {
            id: topic.id.into_inner(),
            title,
            entries,
        });
    }
    // Links within the page (`#passwort-vergessen`) must find their question or topic.
    let mut anchors: HashSet<&str> = ids.iter().map(String::as_str).collect();
    anchors.insert("kontakt");
    for (line, target) in std::mem::take(&mut report.anchor_links) {
        if !anchors.contains(target.as_str()) {
            report.add(
                line,
                Message::new("check-help-anchor-missing").arg("anchor", &target),
            );
        }
    }
    if report.problems.is_empty() {
        Ok(HelpContent { topics })
    } else {
        report.problems.sort();
        report.problems.dedup();
        Err(report.problems)
    }
}

/// Checks the id of a question (`question`) or of a topic.
fn check_id(report: &mut Report, ids: &mut HashSet<String>, id: &Spanned<String>, question: bool) {
    let line = report.line(id.span().start);
    let value = id.get_ref();
    if !is_slug(value) {
        let message = if question {
            Message::new("check-help-question-id-form").arg("id", value)
        } else {
            Message::new("check-help-topic-id-form").arg("id", value)
        };
        report.add(line, message);
    } else if RESERVED_IDS.contains(&value.as_str()) {
        report.add(
            line,
            Message::new("check-help-id-reserved").arg("id", value),
        );
    } else if !ids.insert(value.clone()) {
        report.add(line, Message::new("check-help-id-twice").arg("id", value));
    }
}

/// Checks a one-line text in both languages; `field` is `title` or `question`, as the
/// catalogue names them.
fn short_text(report: &mut Report, text: &raw::Text, field: &str, max: usize) -> Text {
    for (language, value) in [("de", &text.de), ("en", &text.en)] {
        let line = report.line(value.span().start);
        let trimmed = value.get_ref().trim();
        if trimmed.is_empty() {
            report.add(
                line,
                Message::new("check-help-text-empty")
                    .arg("language", language)
                    .arg("field", field),
            );
        } else if trimmed.chars().count() > max {
            report.add(
                line,
                Message::new("check-help-text-too-long")
                    .arg("language", language)
                    .arg("field", field)
                    .arg("max", max),
            );
        } else if trimmed.contains('\n') {
            report.add(
                line,
                Message::new("check-help-text-multiline")
                    .arg("language", language)
                    .arg("field", field),
            );
        }
    }
    Text {
        de: text.de.get_ref().trim().to_owned(),
        en: text.en.get_ref().trim().to_owned(),
    }
}

/// Both languages of an answer: checked, as HTML and as plain text.
fn answer(report: &mut Report, text: &raw::Text) -> (Text, Text) {
    let (de_html, de_text) = one_answer(report, &text.de, "de");
    let (en_html, en_text) = one_answer(report, &text.en, "en");
    (
        Text {
            de: de_html,
            en: en_html,
        },
        Text {
            de: de_text,
            en: en_text,
        },
    )
}

/// One answer in Markdown (`language` is `de` or `en`). Raw HTML is refused (and never passed
/// on); links go to a page of the platform (`/…`), to an anchor of the help page (`#…`), to
/// `https://` or to `mailto:`.
fn one_answer(report: &mut Report, value: &Spanned<String>, language: &str) -> (String, String) {
    let start = value.span().start;
    // A multi-line string starts on the line after its opening quotes.
    let opening = &report.source[start.min(report.source.len())..];
    let skip = usize::from(opening.starts_with("\"\"\"\n") || opening.starts_with("'''\n"));
    let first_line = report.line(start) + skip;
    let markdown = value.get_ref();
    if markdown.trim().is_empty() {
        report.add(
            first_line,
            Message::new("check-help-answer-empty").arg("language", language),
        );
        return (String::new(), String::new());
    }
    if markdown.chars().count() > MAX_ANSWER_CHARS {
        report.add(
            first_line,
            Message::new("check-help-answer-too-long")
                .arg("language", language)
                .arg("max", MAX_ANSWER_CHARS),
        );
    }
    let line_in =
        |offset: usize| first_line + markdown[..offset.min(markdown.len())].matches('\n').count();
    let mut plain = String::new();
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        let line = line_in(range.start);
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                report.add(
                    line,
                    Message::new("check-help-raw-html").arg("html", html.trim()),
                );
                events.push(Event::Text(html));
            }
            Event::Start(Tag::Image { .. }) => {
                report.add(line, Message::new("check-help-image"));
                events.push(event);
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let url = dest_url.to_string();
                if let Some(anchor) = url.strip_prefix('#') {
                    report.anchor_links.push((line, anchor.to_owned()));
                } else if !(url.starts_with('/') && !url.starts_with("//")
                    || url.starts_with("https://")
                    || url.starts_with("mailto:"))
                {
                    report.add(
                        line,
                        Message::new("check-help-link-unsafe").arg("url", &url),
                    );
                }
                events.push(event);
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                plain.push_str(text);
                events.push(event);
            }
            // Between blocks and lines a space; inline markup ends inside a sentence.
            Event::End(
                TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough,
            ) => {
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                if !plain.ends_with(' ') && !plain.is_empty() {
                    plain.push(' ');
                }
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(no_raw_html));
    (html, plain.trim().to_owned())
}

/// Raw HTML was already reported; what is left of it is shown as text.
fn no_raw_html(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(CowStr::from(html.to_string())),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(source: &str) -> Vec<String> {
        match parse(Path::new("help/faq.toml"), source) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
        }
    }

    const GOOD: &str = r#"
[[topics]]
id = "anmelden"
title = { de = "Anmelden", en = "Signing in" }

[[topics.entries]]
id = "passwort"
question = { de = "Passwort vergessen?", en = "Forgot the password?" }
answer.de = """
Wählen Sie [Passwort vergessen](/password/forgot). Siehe auch [Kontakt](#kontakt).
"""
answer.en = "Choose [Forgot your password](/password/forgot)."
"#;

    #[test]
    fn the_shipped_help_passes_the_check() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        match load(&dir) {
            Ok(help) => {
                assert!(help.topics.len() >= 4, "{} topics", help.topics.len());
                let ids: Vec<&str> = help
                    .topics
                    .iter()
                    .flat_map(|t| t.entries.iter().map(|e| e.id.as_str()))
                    .collect();
                for expected in [
                    "wie-anmelden",
                    "passwort-vergessen",
                    "gemeinsames-geraet",
                    "modul-beginnen",
                    "test-regeln",
                    "zertifikat-pruefen",
                    "digitalscout-finden",
                    "meine-daten",
                    "barriere-melden",
                    "wen-fragen",
                ] {
                    assert!(ids.contains(&expected), "question {expected} is missing");
                }
            }
            Err(problems) => {
                let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                panic!("help check failed:\n{}", list.join("\n"));
            }
        }
    }

    #[test]
    fn a_good_file_becomes_html_and_plain_text() {
        let help = parse(Path::new("faq.toml"), GOOD).unwrap_or_default();
        let entry = &help.topics[0].entries[0];
        assert_eq!(
            entry.answer_html.de.trim(),
            "<p>Wählen Sie <a href=\"/password/forgot\">Passwort vergessen</a>. Siehe auch <a href=\"#kontakt\">Kontakt</a>.</p>"
        );
        assert_eq!(
            entry.answer_text.de,
            "Wählen Sie Passwort vergessen. Siehe auch Kontakt."
        );
        assert_eq!(entry.question.en, "Forgot the password?");
    }

    #[test]
    fn a_folder_without_help_has_no_entries() {
        let dir = std::env::temp_dir().join(format!("fs-help-{}", uuid::Uuid::new_v4()));
        assert_eq!(load(&dir), Ok(HelpContent::default()));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_unread() {
        let dir = std::env::temp_dir().join(format!("fs-help-{}", uuid::Uuid::new_v4()));
        let file = dir.join(HELP_FILE);
        let written = std::fs::create_dir_all(dir.join("help"))
            .and_then(|()| std::fs::write(&file, vec![b'#'; MAX_HELP_FILE_BYTES as usize + 1]));
        assert!(written.is_ok());
        let found = load(&dir).err().unwrap_or_default();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
        assert_eq!(found[0].message.key, "check-help-too-large");
        assert!(
            found[0].to_string().contains("larger than 256 KB"),
            "{}",
            found[0]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Each broken file, with the one problem (`line: message` part) it must produce.
    #[test]
    fn every_problem_names_its_line() {
        let long_question = "x".repeat(MAX_QUESTION_CHARS + 1);
        let long_answer = "Wort ".repeat(MAX_ANSWER_CHARS / 5 + 1);
        let cases: Vec<(&str, String, &str)> = vec![
            (
                "syntax error",
                "[[topics]]\nid = \n".into(),
                "2: string values must be quoted",
            ),
            ("no topic", "".into(), "1: the help has no topic"),
            (
                "unknown field",
                GOOD.replace("question = {", "frage = 1\nquestion = {"),
                "8: unknown field `frage`",
            ),
            (
                "id not a slug",
                GOOD.replace("id = \"passwort\"", "id = \"Passwort vergessen\""),
                "7: the question id \"Passwort vergessen\" has only lower-case letters",
            ),
            (
                "reserved id",
                GOOD.replace("id = \"passwort\"", "id = \"kontakt\""),
                "7: the id kontakt is used by the help page itself",
            ),
            (
                "duplicate id",
                GOOD.replace("id = \"passwort\"", "id = \"anmelden\""),
                "7: the id anmelden is used twice",
            ),
            (
                "empty English question",
                GOOD.replace("en = \"Forgot the password?\"", "en = \" \""),
                "8: the English question is empty",
            ),
            (
                "question too long",
                GOOD.replace("Passwort vergessen?", &long_question),
                "8: the German question is longer than 200 characters",
            ),
            (
                "answer too long",
                GOOD.replace(
                    "answer.en = \"Choose [Forgot your password](/password/forgot).\"",
                    &format!("answer.en = \"{long_answer}\""),
                ),
                "12: the English answer is longer than 4000 characters",
            ),
            (
                "raw HTML",
                GOOD.replace("Siehe auch", "<br> Siehe auch"),
                "10: raw HTML is not allowed in an answer: <br>",
            ),
            (
                "unsafe link",
                GOOD.replacen("(/password/forgot)", "(javascript:alert(1))", 1),
                "10: the link javascript:alert(1) goes nowhere safe",
            ),
            (
                "protocol-relative link",
                GOOD.replace("(/password/forgot). Siehe", "(//evil.example). Siehe"),
                "10: the link //evil.example goes nowhere safe",
            ),
            (
                "broken anchor",
                GOOD.replace("(#kontakt)", "(#gibt-es-nicht)"),
                "10: the link #gibt-es-nicht finds no question or topic",
            ),
            (
                "image",
                GOOD.replace("Siehe auch", "![Bild](/bild.png) Siehe auch"),
                "10: images do not belong in an answer",
            ),
            (
                "topic without question",
                "[[topics]]\nid = \"leer\"\ntitle = { de = \"Leer\", en = \"Empty\" }\n".into(),
                "2: topic leer has no question",
            ),
        ];
        for (case, source, expected) in cases {
            let found = problems(&source);
            assert_eq!(found.len(), 1, "{case}: {found:?}");
            let expected = format!("help/faq.toml:{expected}");
            assert!(
                found[0].starts_with(&expected),
                "{case}: expected {expected:?}, found {:?}",
                found[0]
            );
        }
    }

    #[test]
    fn raw_html_never_reaches_the_page() {
        let mut report = Report {
            file: Path::new("faq.toml"),
            source: "",
            problems: Vec::new(),
            anchor_links: Vec::new(),
        };
        let value = toml::from_str::<raw::Text>(
            "de = \"<script>alert(1)</script> und <img src=x onerror=alert(1)>\"\nen = \"x\"",
        )
        .map(|t| t.de);
        let Ok(value) = value else {
            panic!("the test's TOML is valid");
        };
        let (html, _) = one_answer(&mut report, &value, "de");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!report.problems.is_empty());
    }

    #[test]
    fn a_contact_address_must_look_like_one() {
        let ok = HelpContact {
            contact: "IT-Service, Telefon 0241 432-1234".into(),
            contact_email: "it-service@musterstadt.example".into(),
        };
        assert_eq!(ok.check(), Ok(()));
        assert_eq!(HelpContact::default().check(), Ok(()));
        for bad in ["it-service", "a b@c.de", "@c.de", "x@localhost", "<x@c.de>"] {
            let contact = HelpContact {
                contact_email: bad.into(),
                ..HelpContact::default()
            };
            assert_eq!(
                contact.check(),
                Err(("help.contact_email", "is not a mail address")),
                "{bad}"
            );
        }
    }
}
