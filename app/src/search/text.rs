//! Words as the search sees them, the same at indexing and at query time: split at every
//! character that is not a letter or digit, lower case, `ß` as `ss`, the stop words of the
//! language left out, then reduced to their stem by the Snowball stemmer of the language
//! (`Passwörter` → `passwort`, `Dokumente` → `dokument`), and the umlauts the German stemmer
//! leaves folded to their base letter. Snowball's German and English stemmers and stop word
//! lists (`stopwords/`, as PostgreSQL ships them) are what PostgreSQL's `german` and `english`
//! configurations use, so both databases find the same texts.
//!
//! Also: the plain text of a rendered lesson, and the excerpt of a hit with the matching words
//! marked, escaped for HTML.

use std::collections::HashSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::i18n::Locale;

static GERMAN_STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("stopwords/german.txt")
        .split_whitespace()
        .collect()
});
static ENGLISH_STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("stopwords/english.txt")
        .split_whitespace()
        .collect()
});

/// The stemmer and stop words of one language.
pub struct Analyzer {
    stemmer: Stemmer,
    stop_words: &'static HashSet<&'static str>,
}

impl Analyzer {
    pub fn new(locale: Locale) -> Analyzer {
        match locale {
            Locale::De => Analyzer {
                stemmer: Stemmer::create(Algorithm::German),
                stop_words: &GERMAN_STOP_WORDS,
            },
            Locale::En => Analyzer {
                stemmer: Stemmer::create(Algorithm::English),
                stop_words: &ENGLISH_STOP_WORDS,
            },
        }
    }

    /// The term a word is indexed and searched under; `None` for a stop word.
    pub fn term(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        if self.stop_words.contains(lower.as_str()) {
            return None;
        }
        let lower = lower.replace('ß', "ss");
        let stem = self.stemmer.stem(&lower);
        Some(
            stem.chars()
                .map(|c| match c {
                    'ä' => 'a',
                    'ö' => 'o',
                    'ü' => 'u',
                    c => c,
                })
                .collect(),
        )
    }

    /// The terms of a text, in order, stop words left out.
    pub fn terms(&self, text: &str) -> Vec<String> {
        words(text)
            .filter_map(|(start, end)| self.term(&text[start..end]))
            .collect()
    }
}

/// The words of a text as byte ranges: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if c.is_alphanumeric() {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// The text of server-rendered HTML (a lesson): tags dropped, block ends as spaces, the
/// entities the Markdown renderer writes decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        match rest[open..].find('>') {
            Some(close) => {
                out.push(' ');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(&decode_entities(rest));
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` as HTML, every word whose term is one of `terms` in `<mark>`, everything else
/// escaped.
pub fn highlight(analyzer: &Analyzer, text: &str, terms: &HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    for (start, end) in words(text) {
        let matches = analyzer
            .term(&text[start..end])
            .is_some_and(|t| terms.contains(&t));
        if matches {
            escape(&text[at..start], &mut out);
            out.push_str("<mark>");
            escape(&text[start..end], &mut out);
            out.push_str("</mark>");
            at = end;
        }
    }
    escape(&text[at..], &mut out);
    out
}

/// Words before the first hit that an excerpt shows, and its length in words.
const BEFORE: usize = 8;
const EXCERPT_WORDS: usize = 32;

/// An excerpt of `text` around the first word whose term is one of `terms` (or its beginning),
/// as HTML with the hits marked; `…` where it cuts the text.
pub fn excerpt(analyzer: &Analyzer, text: &str, terms: &HashSet<String>) -> String {
    let spans: Vec<(usize, usize)> = words(text).collect();
    if spans.is_empty() {
        return String::new();
    }
    let first_hit = spans
        .iter()
        .position(|&(s, e)| {
            analyzer
                .term(&text[s..e])
                .is_some_and(|t| terms.contains(&t))
        })
        .unwrap_or(0);
    let first = first_hit.saturating_sub(BEFORE);
    let last = (first + EXCERPT_WORDS).min(spans.len()) - 1;
    let start = if first == 0 { 0 } else { spans[first].0 };
    let end = if last + 1 == spans.len() {
        text.len()
    } else {
        // Up to the end of the last word, with a closing punctuation mark that follows it.
        let mut end = spans[last].1;
        if let Some(c) = text[end..].chars().next()
            && matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '“' | '"')
        {
            end += c.len_utf8();
        }
        end
    };
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    out.push_str(&highlight(analyzer, text[start..end].trim(), terms));
    if end < text.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_words_meet_their_stem_in_every_form() {
        let german = Analyzer::new(Locale::De);
        let cases = [
            ("Passwörter", "Passwort"),
            ("Dokumente", "Dokument"),
            ("Dokumenten", "Dokument"),
            ("Straße", "Strasse"),
            ("Prüfungen", "Prüfung"),
            ("Zertifikats", "Zertifikat"),
        ];
        for (a, b) in cases {
            assert_eq!(german.term(a), german.term(b), "{a} and {b}");
        }
        assert_eq!(german.term("Passwörter").as_deref(), Some("passwort"));
        assert_eq!(german.term("und"), None, "a stop word is no term");
        let english = Analyzer::new(Locale::En);
        assert_eq!(english.term("passwords"), english.term("password"));
        assert_eq!(english.term("the"), None);
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let text = "E-Mail, „Passwörter“ & 2FA!";
        let found: Vec<&str> = words(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["E", "Mail", "Passwörter", "2FA"]);
        assert_eq!(words("  ,. ").count(), 0);
    }

    #[test]
    fn lesson_html_becomes_plain_text() {
        assert_eq!(
            html_to_text(
                "<h2 id=\"a\">Zwei &amp; drei</h2>\n<p>Ein <code>&lt;script&gt;</code>&#39;s</p>"
            ),
            "Zwei & drei Ein <script> 's"
        );
        assert_eq!(html_to_text("a & b &unknown; c"), "a & b &unknown; c");
    }

    #[test]
    fn hits_are_marked_and_everything_else_is_escaped() {
        let german = Analyzer::new(Locale::De);
        let terms: HashSet<String> = german.terms("Passwörter").into_iter().collect();
        assert_eq!(
            highlight(&german, "Ein <b>Passwort</b> & \"PASSWORTE\"", &terms),
            "Ein &lt;b&gt;<mark>Passwort</mark>&lt;/b&gt; &amp; &quot;<mark>PASSWORTE</mark>&quot;"
        );
        let long = format!(
            "{} Passwort am Ende {}",
            "Wort ".repeat(40),
            "Schluss ".repeat(40)
        );
        let cut = excerpt(&german, &long, &terms);
        assert!(cut.starts_with("… "), "{cut}");
        assert!(cut.ends_with(" …"), "{cut}");
        assert!(cut.contains("<mark>Passwort</mark>"), "{cut}");
        assert!(cut.split_whitespace().count() <= EXCERPT_WORDS + 2, "{cut}");
        assert_eq!(excerpt(&german, "Kurz.", &terms), "Kurz.");
    }
}
