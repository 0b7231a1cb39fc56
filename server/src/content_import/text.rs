//! Turning Moodle's rich texts into the plain text our quiz format holds: HTML tags removed,
//! entities decoded, whitespace tidied. Our format allows no raw HTML, and the quiz pages show
//! question texts as plain text, so nothing of the markup may survive.

/// How a Moodle text is written. GIFT marks it with `[html]`, `[moodle]`, `[plain]` or
/// `[markdown]`; Moodle XML with the `format` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Html,
    /// Moodle's "auto-format": line breaks count, HTML tags are allowed.
    Moodle,
    Plain,
    Markdown,
}

impl TextFormat {
    /// The format for a GIFT marker (`html`) or a Moodle XML attribute (`moodle_auto_format`).
    pub fn from_name(name: &str) -> Option<TextFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "html" => Some(TextFormat::Html),
            "moodle" | "moodle_auto_format" => Some(TextFormat::Moodle),
            "plain" | "plain_text" => Some(TextFormat::Plain),
            "markdown" => Some(TextFormat::Markdown),
            _ => None,
        }
    }
}

/// A text converted to plain text, with the images it showed (their alt texts), which the
/// import cannot carry over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    pub images: Vec<String>,
}

/// Converts `raw` written in `format` to plain text.
pub fn convert(raw: &str, format: TextFormat) -> Converted {
    match format {
        TextFormat::Html => html_to_text(raw, false),
        TextFormat::Moodle => html_to_text(raw, true),
        TextFormat::Plain | TextFormat::Markdown => Converted {
            text: tidy_whitespace(raw),
            images: Vec::new(),
        },
    }
}

/// Elements whose content is never text for the reader.
const SKIPPED_ELEMENTS: &[&str] = &["script", "style", "head", "title", "object", "iframe"];
/// Elements that start a new line.
const LINE_ELEMENTS: &[&str] = &[
    "br", "tr", "table", "ul", "ol", "dl", "dt", "dd", "hr", "pre",
];
/// Elements that start a new paragraph.
const PARAGRAPH_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
];

/// Strips tags and decodes entities. With `keep_newlines`, line breaks in the source count (as in
/// Moodle's auto-format); otherwise only tags such as `<p>` and `<br>` break lines (as in HTML).
pub fn html_to_text(html: &str, keep_newlines: bool) -> Converted {
    let chars: Vec<char> = html.chars().collect();
    let mut out = String::with_capacity(html.len());
    let mut images = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            if starts_with(&chars, i, "<!--") {
                i = find_seq(&chars, i + 4, "-->").map_or(chars.len(), |end| end + 3);
                continue;
            }
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let opens_tag = next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?');
            // A `<` that starts no tag (`Wert < 5`) is text.
            if opens_tag && let Some(end) = tag_end(&chars, i + 1) {
                let tag: String = chars[i + 1..end].iter().collect();
                let (name, closing) = tag_name(&tag);
                i = end + 1;
                if !closing && SKIPPED_ELEMENTS.contains(&name.as_str()) {
                    i = skip_element(&chars, i, &name);
                    continue;
                }
                if name == "img" {
                    images.push(attribute(&tag, "alt").unwrap_or_default());
                } else if name == "li" {
                    if !closing {
                        out.push_str("\n- ");
                    }
                } else if PARAGRAPH_ELEMENTS.contains(&name.as_str()) {
                    out.push_str("\n\n");
                } else if LINE_ELEMENTS.contains(&name.as_str()) {
                    out.push('\n');
                } else if name == "td" || name == "th" {
                    out.push(' ');
                }
                continue;
            }
            out.push('<');
            i += 1;
            continue;
        }
        if c.is_whitespace() && !(keep_newlines && c == '\n') {
            out.push(' ');
        } else {
            out.push(c);
        }
        i += 1;
    }
    Converted {
        text: tidy_whitespace(&decode_entities(&out)),
        images,
    }
}

fn starts_with(chars: &[char], at: usize, pattern: &str) -> bool {
    pattern
        .chars()
        .enumerate()
        .all(|(k, p)| chars.get(at + k).map(|c| c.to_ascii_lowercase()) == Some(p))
}

fn find_seq(chars: &[char], from: usize, pattern: &str) -> Option<usize> {
    (from..chars.len()).find(|&k| starts_with(chars, k, pattern))
}

/// The index of the `>` that ends a tag starting at `from`, skipping quoted attribute values.
fn tag_end(chars: &[char], from: usize) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (k, &c) in chars.iter().enumerate().skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some(k),
            None if c == '<' => return None,
            None => {}
        }
    }
    None
}

/// The lower-case element name of a tag's inside (`/p`, `img src=…`) and whether it closes.
fn tag_name(tag: &str) -> (String, bool) {
    let closing = tag.starts_with('/');
    let name = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (name, closing)
}

/// Skips to after `</name>`, or to the end.
fn skip_element(chars: &[char], from: usize, name: &str) -> usize {
    let closing = format!("</{name}");
    match find_seq(chars, from, &closing) {
        Some(start) => tag_end(chars, start + 1).map_or(chars.len(), |end| end + 1),
        None => chars.len(),
    }
}

/// The decoded value of attribute `name` in a tag's inside.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower[search..].find(name) {
        let start = search + found;
        search = start + name.len();
        let before_ok = lower[..start]
            .chars()
            .last()
            .is_some_and(char::is_whitespace);
        let rest = lower[search..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let decoded = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value.split_whitespace().next().unwrap_or_default(),
        };
        return Some(tidy_whitespace(&decode_entities(decoded)));
    }
    None
}

/// Named entities that Moodle's editors write, above all in German texts.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("auml", 'ä'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("Auml", 'Ä'),
    ("Ouml", 'Ö'),
    ("Uuml", 'Ü'),
    ("szlig", 'ß'),
    ("euro", '€'),
    ("sect", '§'),
    ("para", '¶'),
    ("copy", '©'),
    ("reg", '®'),
    ("deg", '°'),
    ("middot", '·'),
    ("bull", '•'),
    ("hellip", '…'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("times", '×'),
    ("divide", '÷'),
    ("plusmn", '±'),
    ("frac12", '½'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("agrave", 'à'),
    ("aacute", 'á'),
    ("ccedil", 'ç'),
    ("shy", '\u{ad}'),
    ("thinsp", '\u{2009}'),
    ("ensp", ' '),
    ("emsp", ' '),
];

/// Decodes `&name;`, `&#123;` and `&#x7B;`. Unknown names stay as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(32)
            .find(|(_, c)| *c == ';')
            .map(|(k, _)| k);
        let decoded = end.and_then(|end| {
            let name = &after[..end];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(decimal) = name.strip_prefix('#') {
                decimal.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
            };
            c.filter(|c| *c != '\0').map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                // A soft hyphen only marks where a word may break.
                if c != '\u{ad}' {
                    out.push(c);
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Trims every line, collapses runs of spaces, keeps at most one empty line between paragraphs
/// and trims the whole.
pub fn tidy_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_pending = false;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.push_str(&words.join(" "));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        let cases = [
            ("<p>Hallo <b>Welt</b></p>", "Hallo Welt"),
            ("<p>Erster</p><p>Zweiter</p>", "Erster\n\nZweiter"),
            ("Zeile<br/>neue Zeile", "Zeile\nneue Zeile"),
            ("<ul><li>eins</li><li>zwei</li></ul>", "- eins\n- zwei"),
            ("Fa&szlig; &amp; Gr&ouml;&szlig;e", "Faß & Größe"),
            ("&lt;script&gt; bleibt Text", "<script> bleibt Text"),
            ("a <script>alert(1)</script>b", "a b"),
            ("<style>p{color:red}</style>Text", "Text"),
            ("Wert < 5 und x<y", "Wert < 5 und x<y"),
            ("<a href=\"x>y\">Link</a>", "Link"),
            ("<!-- versteckt -->sichtbar", "sichtbar"),
            ("&#8222;Zitat&#x201C;", "„Zitat“"),
            ("&unbekannt; bleibt", "&unbekannt; bleibt"),
            ("Zeilen\n  im   Quelltext", "Zeilen im Quelltext"),
        ];
        for (html, expected) in cases {
            assert_eq!(html_to_text(html, false).text, expected, "input {html:?}");
        }
    }

    #[test]
    fn moodle_auto_format_keeps_line_breaks_and_images_are_reported() {
        let converted = html_to_text("Erste Zeile\nzweite <img src=\"a.png\" alt=\"Plan\">", true);
        assert_eq!(converted.text, "Erste Zeile\nzweite");
        assert_eq!(converted.images, vec!["Plan".to_owned()]);
    }

    #[test]
    fn plain_text_is_only_tidied() {
        assert_eq!(
            convert("  <b>fett</b>  \n\n\n  nächste  ", TextFormat::Plain).text,
            "<b>fett</b>\n\nnächste"
        );
    }
}
