//! A catalogue text that is put together later: a key and its arguments, carried as data until
//! someone reads it, so that each reader gets it in their own language. The checks of the
//! curriculum (`content`) report their findings this way: the editors' pages render them in the
//! reader's language, the command line and the logs in English (`Display`).
//!
//! It lives here rather than in `content` (server only) because the findings travel to the
//! browser inside the editor's views.

use std::fmt;

use fluent_bundle::{FluentArgs, FluentValue};
use serde::{Deserialize, Serialize};

use super::{Locale, translate};

/// A catalogue key with its arguments.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct Message {
    pub key: String,
    pub args: Vec<(String, Arg)>,
}

/// One argument of a [`Message`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Arg {
    /// Words of the content itself, shown as they are: an id, a file name, an author's text.
    Text(String),
    /// A whole number; the catalogue may choose a plural form by it.
    Number(i64),
    /// Text from outside in English, e.g. the TOML reader's description of a syntax error or
    /// the file system's. Pages mark it as English.
    English(String),
    /// A message inside another, e.g. what is wrong with a question inside "Frage q1: …".
    Message(Message),
}

/// The key of a finding stored before findings were translated (the reports of earlier
/// uploads keep them as English sentences): shown as it was written.
pub const AS_WRITTEN: &str = "check-as-written";

/// What a stored message may look like: a key with arguments, or (before findings were
/// translated) a finished English sentence.
#[derive(Deserialize)]
#[serde(untagged)]
enum Stored {
    Keyed {
        key: String,
        #[serde(default)]
        args: Vec<(String, Arg)>,
    },
    Written(String),
}

impl From<Stored> for Message {
    fn from(stored: Stored) -> Self {
        match stored {
            Stored::Keyed { key, args } => Message { key, args },
            Stored::Written(text) => Message::new(AS_WRITTEN).english("text", text),
        }
    }
}

/// A piece of a rendered message: text in the reader's language, or English text from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub english: bool,
}

/// Marks an English argument inside the rendered text, so that it can be cut out again; the
/// catalogue never uses these private-use characters.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

impl Message {
    /// A message without arguments yet. The key is a literal, so that a test can find every key
    /// the code may send and check the catalogue for it.
    pub fn new(key: &'static str) -> Message {
        Message {
            key: key.to_owned(),
            args: Vec::new(),
        }
    }

    /// Adds the argument `name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name.to_owned(), value.into()));
        self
    }

    /// Adds the argument `name`: English text from outside (a parser's or the system's words).
    pub fn english(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.args
            .push((name.to_owned(), Arg::English(value.into())));
        self
    }

    /// The argument `name` as text, if it is one.
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(n, value)| match value {
            Arg::Text(text) | Arg::English(text) if n == name => Some(text.as_str()),
            _ => None,
        })
    }

    /// The finding itself without the place it is reported at: a message that wraps another as
    /// its `detail` ("Frage q1: …") gives that one, all the way down.
    pub fn subject(&self) -> &Message {
        let inner = self.args.iter().find_map(|(name, value)| match value {
            Arg::Message(inner) if name == "detail" => Some(inner),
            _ => None,
        });
        match inner {
            Some(inner) => inner.subject(),
            None => self,
        }
    }

    /// The whole message in `locale`, as plain text.
    pub fn text(&self, locale: Locale) -> String {
        self.parts(locale).into_iter().map(|p| p.text).collect()
    }

    /// The message in `locale`, cut where English text from outside begins and ends.
    pub fn parts(&self, locale: Locale) -> Vec<Part> {
        let mut english = Vec::new();
        let filled = self.fill(locale, &mut english);
        let mut parts = Vec::new();
        let mut rest = filled.as_str();
        while let Some(start) = rest.find(OPEN) {
            let after = &rest[start + OPEN.len_utf8()..];
            let Some(end) = after.find(CLOSE) else {
                break;
            };
            if start > 0 {
                parts.push(Part {
                    text: rest[..start].to_owned(),
                    english: false,
                });
            }
            let text = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| english.get(i).cloned())
                .unwrap_or_default();
            parts.push(Part {
                text,
                english: true,
            });
            rest = &after[end + CLOSE.len_utf8()..];
        }
        if !rest.is_empty() {
            parts.push(Part {
                text: rest.to_owned(),
                english: false,
            });
        }
        parts
    }

    /// The catalogue text with the arguments filled in; English arguments stand as numbered
    /// marks and are collected in `english`.
    fn fill(&self, locale: Locale, english: &mut Vec<String>) -> String {
        translate(locale, &self.key, Some(&self.fluent_args(locale, english)))
    }

    fn fluent_args(&self, locale: Locale, english: &mut Vec<String>) -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        for (name, value) in &self.args {
            let value: FluentValue<'static> = match value {
                Arg::Text(text) => FluentValue::from(text.clone()),
                Arg::Number(number) => FluentValue::from(*number),
                Arg::English(text) => {
                    english.push(text.clone());
                    FluentValue::from(format!("{OPEN}{}{CLOSE}", english.len() - 1))
                }
                Arg::Message(inner) => FluentValue::from(inner.fill(locale, english)),
            };
            args.set(name.clone(), value);
        }
        args
    }
}

/// In English, for the command line, the logs and the tests.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::En))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone())
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Arg::Message(message)
    }
}

impl From<u8> for Arg {
    fn from(number: u8) -> Self {
        Arg::Number(i64::from(number))
    }
}

impl From<u32> for Arg {
    fn from(number: u32) -> Self {
        Arg::Number(i64::from(number))
    }
}

impl From<u64> for Arg {
    fn from(number: u64) -> Self {
        // No count in a content file comes near; the largest number still says "very many".
        Arg::Number(i64::try_from(number).unwrap_or(i64::MAX))
    }
}

impl From<usize> for Arg {
    fn from(number: usize) -> Self {
        Arg::Number(i64::try_from(number).unwrap_or(i64::MAX))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Renders `message` the way `translate` does, but with the formatter's complaints.
    pub(crate) fn render_with_errors(message: &Message, locale: Locale) -> (String, Vec<String>) {
        let bundle = super::super::bundle(locale);
        let Some(pattern) = bundle.get_message(&message.key).and_then(|m| m.value()) else {
            return (message.key.clone(), vec![format!("no key {}", message.key)]);
        };
        let mut errors = Vec::new();
        let args = message.fluent_args(locale, &mut Vec::new());
        let text = bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned();
        (text, errors.iter().map(|e| format!("{e:?}")).collect())
    }

    #[test]
    fn english_arguments_are_cut_out_as_english_parts() {
        let message = Message::new("check-question").arg("id", "q1").arg(
            "detail",
            Message::new("check-toml").english("detail", "missing field `en`"),
        );
        let parts = message.parts(Locale::De);
        let english: Vec<&Part> = parts.iter().filter(|p| p.english).collect();
        assert_eq!(english.len(), 1, "{parts:?}");
        assert_eq!(english[0].text, "missing field `en`");
        let text = message.text(Locale::De);
        assert!(text.starts_with("Frage q1: "), "{text}");
        assert!(!text.contains(OPEN) && !text.contains(CLOSE), "{text}");
        assert_eq!(message.subject().key, "check-toml");
        assert_eq!(message.to_string(), "question q1: missing field `en`");
    }

    #[test]
    fn numbers_choose_the_plural_form() {
        let one = Message::new("check-pool-below-draw")
            .arg("pool", 1usize)
            .arg("draw", 3usize);
        let two = Message::new("check-pool-below-draw")
            .arg("pool", 2usize)
            .arg("draw", 3usize);
        let (one, two) = (one.text(Locale::De), two.text(Locale::De));
        assert!(one.contains("nur 1 Frage."), "{one}");
        assert!(two.contains("nur 2 Fragen."), "{two}");
        assert!(two.contains("zieht 3 Fragen."), "{two}");
    }

    #[test]
    fn a_finding_stored_as_an_english_sentence_still_reads() {
        let old: Message = serde_json::from_str("\"the unit has no English text\"")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(old.key, AS_WRITTEN);
        assert_eq!(old.text(Locale::De), "the unit has no English text");
        assert!(old.parts(Locale::De).iter().all(|p| p.english));
        let new = Message::new("check-question")
            .arg("id", "q1")
            .arg("detail", Message::new("check-english-unit-missing"));
        let json = serde_json::to_string(&new).unwrap_or_default();
        let back: Message = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, new);
    }
}
