//! Markdown written in the browser (board posts, legal pages) to HTML that carries no markup of
//! the author's own: raw HTML becomes visible text, links lead only to safe targets, headings
//! sit below the page's own. What comes out is markup that Markdown itself makes, with every
//! text escaped, so there is nothing left to sanitise afterwards. The lessons of the curriculum
//! have their own, stricter renderer (`content::markdown`), which refuses instead of defusing.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What an image in the source becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Images {
    /// A plain link to the image (if its address is safe), labelled with its description.
    AsLinks,
    /// Only its description, as text.
    AsDescription,
}

/// The choices that differ between the places that render Markdown.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// The highest heading the text may have: higher ones are moved down to it.
    pub top_heading: HeadingLevel,
    /// Whether `tel:` links and links within the page (`#…`) are kept.
    pub phone_and_anchor_links: bool,
    pub images: Images,
}

/// A board post: its headings sit below the post's own title (h3).
pub const POST: Rules = Rules {
    top_heading: HeadingLevel::H4,
    phone_and_anchor_links: false,
    images: Images::AsLinks,
};

/// A page of the site (imprint, privacy notice, accessibility statement) below its h1.
pub const PAGE: Rules = Rules {
    top_heading: HeadingLevel::H2,
    phone_and_anchor_links: true,
    images: Images::AsDescription,
};

/// Web and mail addresses and paths of this site; with `phone_and_anchor_links` also telephone
/// numbers and anchors within the page.
fn safe_target(target: &CowStr, rules: Rules) -> bool {
    let t = target.trim();
    let lower = t.to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (t.starts_with('/') && !t.starts_with("//") && !t.contains('\\'))
        || (rules.phone_and_anchor_links && (lower.starts_with("tel:") || t.starts_with('#')))
}

fn at_most(level: HeadingLevel, top: HeadingLevel) -> HeadingLevel {
    // HeadingLevel orders H1 < H2 < …: a heading above the top one moves down to it.
    level.max(top)
}

/// Markdown to HTML under `rules`.
pub fn render(source: &str, rules: Rules) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Per open link or image: whether it was kept (its end must match its start).
    let mut kept: Vec<bool> = Vec::new();
    let events = Parser::new_ext(source, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::InlineMath(text) | Event::DisplayMath(text) => Some(Event::Text(text)),
        // The author's ids, classes and attributes are dropped with the heading's level.
        Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
            level: at_most(level, rules.top_heading),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(at_most(
            level,
            rules.top_heading,
        )))),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = rules.images == Images::AsLinks && safe_target(&dest_url, rules);
            kept.push(keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = safe_target(&dest_url, rules);
            kept.push(keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => kept
            .pop()
            .unwrap_or(false)
            .then_some(Event::End(TagEnd::Link)),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_move_below_the_top_one_and_lose_the_authors_attributes() {
        assert_eq!(render("# Eins", POST), "<h4>Eins</h4>\n");
        assert_eq!(render("###### Sechs", POST), "<h6>Sechs</h6>\n");
        assert_eq!(render("# Eins", PAGE), "<h2>Eins</h2>\n");
        assert_eq!(render("### Drei", PAGE), "<h3>Drei</h3>\n");
    }

    #[test]
    fn phone_numbers_and_anchors_are_links_on_pages_only() {
        let source = "[Anruf](tel:+49221123) und [oben](#kontakt)";
        let page = render(source, PAGE);
        assert!(page.contains("href=\"tel:+49221123\"") && page.contains("href=\"#kontakt\""));
        let post = render(source, POST);
        assert!(!post.contains("href"), "{post}");
        assert!(post.contains("Anruf") && post.contains("oben"));
    }

    #[test]
    fn images_become_links_in_posts_and_their_description_on_pages() {
        let source = "![Plan des Rathauses](https://stadt.example/plan.png)";
        assert_eq!(
            render(source, POST),
            "<p><a href=\"https://stadt.example/plan.png\">Plan des Rathauses</a></p>\n"
        );
        assert_eq!(render(source, PAGE), "<p>Plan des Rathauses</p>\n");
    }

    #[test]
    fn nothing_of_the_authors_markup_or_unsafe_targets_survives() {
        for rules in [POST, PAGE] {
            let html = render(
                "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](//evil.example) [z](/\\\\evil)",
                rules,
            );
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("href"), "{html}");
        }
    }
}
