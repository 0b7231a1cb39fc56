//! Lessons: Markdown in, checked and rendered HTML out.
//!
//! Authors write plain Markdown (content/FORMAT.md). Rendering adds section anchors, turns
//! `> [!TIPP]` block quotes into callouts, wraps tables for narrow screens, rewrites links between
//! lessons and to module media, and refuses what would undermine accessibility or safety: raw
//! HTML, images without alt text.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::anchor::anchor;
use crate::i18n::{Locale, Message};

/// A section of a lesson: a level-2 heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub anchor: String,
    pub title: String,
    pub line: usize,
}

/// A link from a lesson to a lesson (possibly the same one), to be checked once all lessons
/// are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonLink {
    pub line: usize,
    /// Lesson slug (`02-passwoerter`), or empty for the same lesson.
    pub lesson: String,
    pub anchor: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct RenderedLesson {
    pub title: String,
    pub sections: Vec<Section>,
    pub html: String,
    pub links: Vec<LessonLink>,
    /// Media files referenced, relative to the module's `media/` folder, with their line.
    pub media: Vec<(usize, String)>,
    /// (line, message)
    pub problems: Vec<(usize, Message)>,
    pub words: usize,
}

const CALLOUTS: [(&str, &str, &str); 4] = [
    ("TIPP", "Tipp", "Tip"),
    ("WICHTIG", "Wichtig", "Important"),
    ("BEISPIEL", "Beispiel", "Example"),
    ("RECHT", "Rechtsgrundlage", "Legal basis"),
];

struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }
    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Where the knowledge base's articles live; a lesson may link to one by its address.
pub const ARTICLE_PREFIX: &str = "/wissen/";

/// An article's name in its address: lower-case letters, digits and single hyphens.
pub fn is_article_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Parses and renders one lesson file. `section_ids`, for a translation, gives the anchors of
/// the German original, so that links to a section work in both languages.
pub fn render(
    source: &str,
    module_id: &str,
    locale: Locale,
    section_ids: Option<&[String]>,
) -> RenderedLesson {
    let lines = Lines::new(source);
    let mut out = RenderedLesson::default();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;

    // Merge adjacent text events, so that a callout marker arrives in one piece.
    let mut events: Vec<(Event, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        if let (Event::Text(text), Some((Event::Text(previous), previous_range))) =
            (&event, events.last_mut())
        {
            let merged = format!("{previous}{text}");
            *previous = CowStr::from(merged);
            previous_range.end = range.end;
            continue;
        }
        events.push((event, range));
    }

    let mut html_events: Vec<Event> = Vec::new();
    let mut i = 0;
    let mut seen_title = false;
    let mut first_block = true;
    let mut callout_stack: Vec<bool> = Vec::new();
    let mut section_index = 0usize;
    while i < events.len() {
        let (event, range) = events[i].clone();
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                // Collect the heading's text.
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() {
                    match &events[j].0 {
                        Event::End(TagEnd::Heading(_)) => break,
                        Event::Text(t) | Event::Code(t) => text.push_str(t),
                        _ => {}
                    }
                    j += 1;
                }
                let text = text.trim().to_owned();
                match level {
                    HeadingLevel::H1 => {
                        if seen_title || !first_block {
                            out.problems
                                .push((line, Message::new("check-lesson-h1-not-first")));
                        } else {
                            out.title = text;
                            seen_title = true;
                        }
                        first_block = false;
                        i = j + 1;
                        continue;
                    }
                    HeadingLevel::H2 => {
                        let own = anchor(&text);
                        let id = match section_ids {
                            Some(ids) => match ids.get(section_index) {
                                Some(id) => id.clone(),
                                None => {
                                    out.problems.push((
                                        line,
                                        Message::new("check-translation-extra-section"),
                                    ));
                                    own.clone()
                                }
                            },
                            None => own.clone(),
                        };
                        section_index += 1;
                        if id.is_empty() {
                            out.problems
                                .push((line, Message::new("check-section-heading-empty")));
                        } else if out.sections.iter().any(|s| s.anchor == id) {
                            out.problems.push((
                                line,
                                Message::new("check-section-anchor-twice").arg("anchor", &id),
                            ));
                        }
                        out.sections.push(Section {
                            anchor: id.clone(),
                            title: text,
                            line,
                        });
                        html_events.push(Event::Start(Tag::Heading {
                            level,
                            id: Some(CowStr::from(id)),
                            classes: vec![],
                            attrs: vec![],
                        }));
                    }
                    _ => html_events.push(Event::Start(Tag::Heading {
                        level,
                        id: None,
                        classes: vec![],
                        attrs: vec![],
                    })),
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // An opening and a closing tag on one line are one problem.
                let message = Message::new("check-raw-html");
                if !out
                    .problems
                    .iter()
                    .any(|(l, m)| *l == line && *m == message)
                {
                    out.problems.push((line, message));
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let mut alt = String::new();
                let mut j = i + 1;
                while j < events.len() {
                    match &events[j].0 {
                        Event::End(TagEnd::Image) => break,
                        Event::Text(t) | Event::Code(t) => alt.push_str(t),
                        _ => {}
                    }
                    j += 1;
                }
                let alt = alt.trim().to_owned();
                if alt.is_empty() {
                    out.problems.push((
                        line,
                        Message::new("check-image-alt-missing").arg("src", dest_url.to_string()),
                    ));
                }
                let src = match dest_url.strip_prefix("media/") {
                    Some(file) if !file.is_empty() && !file.contains("..") => {
                        out.media.push((line, file.to_owned()));
                        format!("/content/{module_id}/media/{file}")
                    }
                    _ => {
                        out.problems.push((
                            line,
                            Message::new("check-image-outside-media")
                                .arg("src", dest_url.to_string()),
                        ));
                        String::new()
                    }
                };
                let title_attr = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(&title))
                };
                html_events.push(Event::Html(CowStr::from(format!(
                    "<img src=\"{}\" alt=\"{}\"{title_attr} loading=\"lazy\">",
                    escape(&src),
                    escape(&alt)
                ))));
                i = j + 1;
                first_block = false;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = dest_url.to_string();
                let rewritten = if target.starts_with("http://")
                    || target.starts_with("https://")
                    || target.starts_with("mailto:")
                    || target.starts_with("tel:")
                {
                    target
                } else if let Some(article) = target.strip_prefix(ARTICLE_PREFIX) {
                    // An article of the knowledge base, by its address. Whether it is published
                    // is the article page's business (a removed one answers "not found").
                    if !is_article_slug(article.split('#').next().unwrap_or_default()) {
                        out.problems.push((
                            line,
                            Message::new("check-article-link").arg("target", &target),
                        ));
                    }
                    target
                } else {
                    let (path, fragment) = match target.split_once('#') {
                        Some((p, f)) => (p.to_owned(), Some(f.to_owned())),
                        None => (target.clone(), None),
                    };
                    let slug = path
                        .trim_end_matches(".md")
                        .trim_end_matches(".en")
                        .to_owned();
                    if slug.contains('/') {
                        out.problems.push((
                            line,
                            Message::new("check-lesson-link-path").arg("target", &target),
                        ));
                    }
                    out.links.push(LessonLink {
                        line,
                        lesson: slug.clone(),
                        anchor: fragment.clone(),
                    });
                    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
                    if slug.is_empty() {
                        fragment
                    } else {
                        format!("/modules/{module_id}/lessons/{slug}{fragment}")
                    }
                };
                html_events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(rewritten),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::BlockQuote(_)) => {
                // A callout if the first paragraph starts with a [!MARKER].
                let marker = match (events.get(i + 1), events.get(i + 2)) {
                    (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Text(text), _)))
                        if text.starts_with("[!") =>
                    {
                        text.split_once(']').map(|(m, rest)| {
                            (
                                m.trim_start_matches("[!").to_owned(),
                                rest.trim_start().to_owned(),
                            )
                        })
                    }
                    _ => None,
                };
                match marker {
                    Some((name, rest)) => {
                        let known = CALLOUTS.iter().find(|(key, _, _)| *key == name);
                        let (key, title) = match known {
                            Some((key, de, en)) => (
                                key.to_lowercase(),
                                if locale == Locale::De { *de } else { *en },
                            ),
                            None => {
                                out.problems.push((
                                    line,
                                    Message::new("check-unknown-callout").arg("name", &name),
                                ));
                                ("tipp".to_owned(), "")
                            }
                        };
                        html_events.push(Event::Html(CowStr::from(format!(
                            "<div class=\"callout callout-{key}\" role=\"note\"><p class=\"callout-title\">{title}</p>"
                        ))));
                        html_events.push(Event::Start(Tag::Paragraph));
                        if !rest.is_empty() {
                            html_events.push(Event::Text(CowStr::from(rest)));
                        }
                        callout_stack.push(true);
                        // Skip the paragraph start, the marker text and a line break after it.
                        i += 3;
                        if matches!(
                            events.get(i).map(|e| &e.0),
                            Some(Event::SoftBreak | Event::HardBreak)
                        ) {
                            i += 1;
                        }
                        first_block = false;
                        continue;
                    }
                    None => {
                        callout_stack.push(false);
                        html_events.push(Event::Start(Tag::BlockQuote(None)));
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                if callout_stack.pop().unwrap_or(false) {
                    html_events.push(Event::Html(CowStr::from("</div>")));
                } else {
                    html_events.push(Event::End(TagEnd::BlockQuote(kind)));
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                let label = if locale == Locale::De {
                    "Tabelle"
                } else {
                    "Table"
                };
                html_events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"{label}\" tabindex=\"0\">"
                ))));
                html_events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                html_events.push(Event::End(TagEnd::Table));
                html_events.push(Event::Html(CowStr::from("</div>")));
            }
            Event::Text(text) => {
                out.words += text.split_whitespace().count();
                html_events.push(Event::Text(text));
            }
            other => {
                if matches!(other, Event::Start(_)) {
                    first_block = false;
                }
                html_events.push(other);
            }
        }
        i += 1;
    }
    if !seen_title {
        out.problems
            .push((1, Message::new("check-lesson-title-missing")));
    }
    if let Some(ids) = section_ids
        && section_index < ids.len()
    {
        out.problems.push((
            1,
            Message::new("check-translation-section-count")
                .arg("english", section_index)
                .arg("german", ids.len()),
        ));
    }
    pulldown_cmark::html::push_html(&mut out.html, html_events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# Phishing erkennen\n\nEinleitung.\n\n## Woran Sie Phishing erkennen\n\n> [!TIPP]\n> Prüfen Sie den Absender.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nSiehe [Passwörter](02-passwoerter.md#laenge) und [oben](#woran-sie-phishing-erkennen).\n";

    #[test]
    fn a_lesson_links_an_article_of_the_knowledge_base_by_its_address() {
        let lesson = render(
            "# Titel\n\nSiehe [Barrierefreie PDF](/wissen/barrierefreie-pdf#pruefen).\n",
            "m",
            Locale::De,
            None,
        );
        assert!(lesson.problems.is_empty(), "{:?}", lesson.problems);
        assert!(
            lesson
                .html
                .contains("href=\"/wissen/barrierefreie-pdf#pruefen\""),
            "{}",
            lesson.html
        );
        for bad in ["/wissen/", "/wissen/../admin", "/wissen/Ab", "/wissen/x/y"] {
            let lesson = render(&format!("# T\n\n[x]({bad})\n"), "m", Locale::De, None);
            assert!(!lesson.problems.is_empty(), "{bad}");
        }
    }

    #[test]
    fn renders_anchors_callouts_tables_and_links() {
        let lesson = render(SAMPLE, "informationssicherheit", Locale::De, None);
        assert!(lesson.problems.is_empty(), "{:?}", lesson.problems);
        assert_eq!(lesson.title, "Phishing erkennen");
        assert_eq!(lesson.sections[0].anchor, "woran-sie-phishing-erkennen");
        assert_eq!(lesson.sections[0].line, 5);
        assert!(
            lesson
                .html
                .contains("<h2 id=\"woran-sie-phishing-erkennen\">"),
            "{}",
            lesson.html
        );
        assert!(lesson.html.contains("<div class=\"callout callout-tipp\" role=\"note\"><p class=\"callout-title\">Tipp</p>"), "{}", lesson.html);
        assert!(!lesson.html.contains("[!TIPP]"));
        assert!(lesson.html.contains("<div class=\"table-scroll\""));
        assert!(
            lesson
                .html
                .contains("href=\"/modules/informationssicherheit/lessons/02-passwoerter#laenge\"")
        );
        assert!(
            !lesson.html.contains("<h1"),
            "the title is rendered by the page"
        );
        assert_eq!(lesson.links.len(), 2);
    }

    #[test]
    fn refuses_raw_html_missing_alt_text_and_unknown_callouts_with_their_line() {
        let source = "# Titel\n\nText <b>fett</b>.\n\n![](media/bild.png)\n\n> [!ACHTUNG]\n> x\n\n# Noch ein Titel\n";
        let lesson = render(source, "m", Locale::De, None);
        let lines: Vec<usize> = lesson.problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 5, 7, 10], "{:?}", lesson.problems);
        assert!(!lesson.html.contains("<b>"), "raw HTML is dropped");
    }

    #[test]
    fn translations_reuse_the_german_anchors() {
        let ids = vec!["woran-sie-phishing-erkennen".to_owned()];
        let lesson = render(
            "# Spotting phishing\n\n## How to spot phishing\n\nText.\n",
            "m",
            Locale::En,
            Some(&ids),
        );
        assert!(lesson.problems.is_empty());
        assert!(
            lesson
                .html
                .contains("<h2 id=\"woran-sie-phishing-erkennen\">How to spot phishing</h2>"),
            "{}",
            lesson.html
        );
    }
}
