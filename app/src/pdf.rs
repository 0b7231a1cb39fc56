//! The building blocks of the PDFs the server hands out (the certificate, the sign-in letter):
//! embedded fonts and text shaping, line wrapping, positioned drawing items, the tag tree for
//! assistive technology, and painting and serializing a document that krilla validates as
//! PDF/UA-1 before it returns the bytes.
//!
//! A document module composes its pages from [`Block`]s of [`Draw`] items, each with its
//! [`Tagging`] (an artifact, or content of a node in [`Tags`]), places them on A4 pages, paints
//! every page with [`paint_page`] and finishes with [`finish`]. Everything here is pure: no
//! database, session or HTTP. The only global state is the pair of embedded fonts, parsed once.
//!
//! A leaf module: it knows nothing of the features that use it.

use std::num::NonZeroU16;
use std::sync::OnceLock;

use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, Document, SerializeSettings};

use crate::i18n::Locale;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded PDF fonts could not be read")]
    Fonts,
    #[error("the PDF font has no glyph for {0:?}, so it cannot be printed")]
    UnsupportedCharacter(char),
    #[error("the logo is not a readable PNG image: {0}")]
    Logo(String),
    #[error("the address does not fit into a QR code: {0}")]
    QrCode(String),
    #[error("a text is too long to fit on a page")]
    TooLong,
    #[error("the PDF does not pass PDF/UA-1 validation: {0}")]
    Validation(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

// ---------------------------------------------------------------------------------------------
// Page size, colours and type styles (all lengths in PostScript points, y grows downwards).

/// A4 portrait.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn fill(self) -> Fill {
        Fill {
            paint: rgb::Color::new(self.0, self.1, self.2).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }
    }
}

/// Headings and frames.
pub const NAVY: Rgb = Rgb(0x1b, 0x2f, 0x55);
/// Running text.
pub const INK: Rgb = Rgb(0x1d, 0x21, 0x29);
/// Labels and secondary text; still above 7:1 contrast on white.
pub const MUTED: Rgb = Rgb(0x4d, 0x55, 0x61);
/// The one accent: rules, inner frames, filled level squares.
pub const ACCENT: Rgb = Rgb(0xa6, 0x7c, 0x2e);
/// Hairlines and empty level squares.
pub const PALE: Rgb = Rgb(0xdc, 0xe0, 0xe6);
/// QR codes.
pub const BLACK: Rgb = Rgb(0, 0, 0);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub weight: Weight,
    pub size: f32,
    pub line_height: f32,
    pub color: Rgb,
}

pub const fn style(weight: Weight, size: f32, line_height: f32, color: Rgb) -> Style {
    Style {
        weight,
        size,
        line_height,
        color,
    }
}

/// The document language written into the metadata.
pub fn language_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::De => "de-DE",
        Locale::En => "en-GB",
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts and shaping.

const NOTO_SANS_REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
const NOTO_SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");

/// One font, twice: krilla's handle for embedding and rustybuzz's for shaping, so that text is
/// measured with exactly the glyphs that are drawn.
pub struct Face {
    pdf: Font,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
    /// Cap height as a fraction of the font size; used to centre text in its line box.
    cap_height: f32,
    ascent: f32,
    descent: f32,
}

/// Noto Sans, regular and bold: Latin with every German and most European characters.
pub struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Distance from the top of a line box to the baseline: the capitals sit in the middle.
    pub fn baseline_offset(&self, style: Style) -> f32 {
        (style.line_height + self.face(style.weight).cap_height * style.size) / 2.0
    }
}

/// Parsing and hashing half a megabyte of font per document would eat most of the time budget,
/// so the embedded fonts are parsed once per process.
pub fn fonts() -> Result<&'static Fonts, PdfError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: load_face(NOTO_SANS_REGULAR)?,
                bold: load_face(NOTO_SANS_BOLD)?,
            })
        })
        .as_ref()
        .ok_or(PdfError::Fonts)
}

fn load_face(data: &'static [u8]) -> Option<Face> {
    let shaper = rustybuzz::Face::from_slice(data, 0)?;
    let units_per_em = shaper.units_per_em() as f32;
    let cap_height = shaper
        .capital_height()
        .map_or(0.714, |h| f32::from(h) / units_per_em);
    let ascent = f32::from(shaper.ascender()) / units_per_em;
    let descent = -f32::from(shaper.descender()) / units_per_em;
    let pdf = Font::new(Data::from(data), 0)?;
    Some(Face {
        pdf,
        shaper,
        units_per_em,
        cap_height,
        ascent,
        descent,
    })
}

/// One shaped line of text.
#[derive(Clone, Debug)]
pub struct Run {
    pub glyphs: Vec<KrillaGlyph>,
    pub text: String,
    /// Visible width in points, without a trailing space.
    pub width: f32,
    /// Advance in points, including a trailing space.
    pub advance: f32,
}

/// Shapes `text` as one line. A character the font lacks is an error, never a blank.
pub fn shape(face: &Face, text: &str, size: f32) -> Result<Run, PdfError> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(&face.shaper, &[], buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut advance = 0.0;
    for (index, (info, position)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        if info.glyph_id == 0 {
            let character = text
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            return Err(PdfError::UnsupportedCharacter(character));
        }
        // A glyph stands for the text up to the next cluster (ligatures cover several characters),
        // which is what the ToUnicode map, copying and screen readers see.
        let end = infos[index + 1..]
            .iter()
            .map(|next| next.cluster as usize)
            .find(|&cluster| cluster != start)
            .unwrap_or(text.len());
        let x_advance = position.x_advance as f32 / face.units_per_em;
        advance += x_advance;
        glyphs.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            x_advance,
            position.x_offset as f32 / face.units_per_em,
            position.y_offset as f32 / face.units_per_em,
            position.y_advance as f32 / face.units_per_em,
            start..end,
            None,
        ));
    }
    let trailing_space = if text.ends_with(' ') {
        glyphs.last().map_or(0.0, |g| g.x_advance)
    } else {
        0.0
    };
    Ok(Run {
        glyphs,
        text: text.to_owned(),
        width: (advance - trailing_space) * size,
        advance: advance * size,
    })
}

/// Collapses whitespace and drops invisible characters that either have no glyph or are
/// forbidden in PDF/UA text (zero width marks, byte order marks, soft hyphens).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if matches!(
            character,
            '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{fffe}'
        ) {
            continue;
        }
        if character.is_whitespace() || character.is_control() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(character);
        }
    }
    let visible = out.trim_end().len();
    out.truncate(visible);
    out
}

/// Where a line may break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breaks {
    /// After spaces and after hyphens or slashes inside words.
    Words,
    /// Only after a single '/', so that "https://host/" stays together and no line of an address
    /// ends with a '-' that reads (and is extracted) as a hyphenation.
    Address,
}

/// Breaks `text` into lines no wider than `max_width` at the break opportunities of `breaks`,
/// else between characters. A line that ends at a space keeps it, so that copied text and screen
/// readers still see the word boundary.
pub fn wrap(
    fonts: &Fonts,
    text: &str,
    style: Style,
    max_width: f32,
    breaks: Breaks,
) -> Result<Vec<Run>, PdfError> {
    let face = fonts.face(style.weight);
    let text = clean(text);
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let whole = shape(face, &text, style.size)?;
    if whole.width <= max_width {
        return Ok(vec![whole]);
    }

    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous = None;
    let mut characters = text.char_indices().peekable();
    while let Some((index, character)) = characters.next() {
        let next = characters.peek().map(|&(_, next)| next);
        let break_after = match breaks {
            Breaks::Words => matches!(character, ' ' | '/' | '-'),
            Breaks::Address => character == '/' && previous != Some('/') && next != Some('/'),
        };
        if break_after {
            let end = index + character.len_utf8();
            pieces.push(&text[start..end]);
            start = end;
        }
        previous = Some(character);
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }

    let space = shape(face, " ", style.size)?.advance;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for piece in pieces {
        let Run {
            width: visible,
            advance: full,
            ..
        } = shape(face, piece, style.size)?;
        if !line.is_empty() && line_width + visible > max_width {
            lines.push(std::mem::take(&mut line));
            line_width = 0.0;
        }
        if visible <= max_width {
            line.push_str(piece);
            line_width += full;
            continue;
        }
        for character in piece.chars() {
            let width = if character == ' ' {
                space
            } else {
                let mut buffer = [0; 4];
                shape(face, character.encode_utf8(&mut buffer), style.size)?.advance
            };
            if character != ' ' && !line.is_empty() && line_width + width > max_width {
                // An address line ending in '-' would read as a hyphenation: carry the '-' over.
                let carry = breaks == Breaks::Address && line.len() > 1 && line.ends_with('-');
                if carry {
                    line.pop();
                }
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
                if carry {
                    line.push('-');
                    line_width = shape(face, "-", style.size)?.advance;
                }
            }
            line.push(character);
            line_width += width;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
        .iter()
        .map(|line| shape(face, line, style.size))
        .collect()
}

/// `text` on one line in `style`, scaled down (line height with it) as far as needed to fit
/// `max_width`, but not below `min_size`; `None` when it does not fit even then. For what must not
/// break: a code to type, an address to type.
pub fn fit_line(
    fonts: &Fonts,
    text: &str,
    style: Style,
    max_width: f32,
    min_size: f32,
) -> Result<Option<(Run, Style)>, PdfError> {
    let face = fonts.face(style.weight);
    let run = shape(face, &clean(text), style.size)?;
    if run.width <= max_width {
        return Ok(Some((run, style)));
    }
    // Widths scale with the size; the small margin absorbs rounding.
    let size = style.size * max_width / run.width * 0.999;
    if size < min_size {
        return Ok(None);
    }
    let scaled = Style {
        size,
        line_height: style.line_height * size / style.size,
        ..style
    };
    let run = shape(face, &clean(text), size)?;
    Ok((run.width <= max_width).then_some((run, scaled)))
}

// ---------------------------------------------------------------------------------------------
// The tag tree, built in reading order while composing.

/// Where a drawn item belongs: an artifact (decoration, pagination) or real content of a tag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tagging {
    Artifact(ArtifactType),
    /// A node index returned by [`Tags::add`].
    Content(usize),
}

struct TagNode {
    tag: Option<TagKind>,
    leaves: Vec<Identifier>,
    children: Vec<usize>,
}

/// The structure tree under construction: nodes are added in reading order and referred to by
/// index; painted content is attached to them as it is drawn.
#[derive(Default)]
pub struct Tags {
    nodes: Vec<TagNode>,
    roots: Vec<usize>,
}

impl Tags {
    /// Adds a node below `parent` (or at the top level) and returns its index.
    pub fn add(&mut self, parent: Option<usize>, tag: impl Into<TagKind>) -> usize {
        let index = self.nodes.len();
        self.nodes.push(TagNode {
            tag: Some(tag.into()),
            leaves: Vec::new(),
            children: Vec::new(),
        });
        match parent.and_then(|p| self.nodes.get_mut(p)) {
            Some(parent) => parent.children.push(index),
            None => self.roots.push(index),
        }
        index
    }

    /// A top-level heading of `level` whose title is `text`.
    pub fn heading(&mut self, level: NonZeroU16, text: &str) -> usize {
        self.add(None, Tag::Hn(level, Some(clean(text))))
    }

    pub fn attach(&mut self, node: usize, identifier: Identifier) {
        if let Some(node) = self.nodes.get_mut(node) {
            node.leaves.push(identifier);
        }
    }

    /// A link annotation comes first in its `Link` group, before the text it covers.
    pub fn attach_first(&mut self, node: usize, identifier: Identifier) {
        if let Some(node) = self.nodes.get_mut(node) {
            node.leaves.insert(0, identifier);
        }
    }

    pub fn into_tree(mut self) -> TagTree {
        let mut tree = TagTree::new();
        for root in std::mem::take(&mut self.roots) {
            if let Some(group) = self.group(root) {
                tree.push(group);
            }
        }
        tree
    }

    fn group(&mut self, index: usize) -> Option<TagGroup> {
        let node = self.nodes.get_mut(index)?;
        let mut group = TagGroup::new(node.tag.take()?);
        let leaves = std::mem::take(&mut node.leaves);
        let children = std::mem::take(&mut node.children);
        for leaf in leaves {
            group.push(leaf);
        }
        for child in children {
            if let Some(child) = self.group(child) {
                group.push(child);
            }
        }
        Some(group)
    }
}

pub const H1: NonZeroU16 = NonZeroU16::MIN;
pub const H2: NonZeroU16 = NonZeroU16::MIN.saturating_add(1);

// ---------------------------------------------------------------------------------------------
// Blocks: positioned drawing items, x absolute, y relative to the block's top until placed.

pub enum Draw {
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        run: Run,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        color: Rgb,
    },
    /// A QR code as a square of `width` × `width` modules, row by row.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        width: usize,
        dark: Vec<bool>,
    },
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        image: Image,
    },
}

impl Draw {
    pub fn shift(&mut self, dy: f32) {
        match self {
            Draw::Text { baseline, .. } => *baseline += dy,
            Draw::Rect { y, .. } | Draw::Qr { y, .. } | Draw::Image { y, .. } => *y += dy,
        }
    }
}

/// `data` as a QR code (error correction level M), `size` points square with its top left
/// corner at `x`, `y`. Only the modules are drawn: leave a quiet zone of about four modules.
pub fn qr_code(x: f32, y: f32, size: f32, data: &str) -> Result<Draw, PdfError> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .map_err(|error| PdfError::QrCode(error.to_string()))?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|color| color == qrcode::Color::Dark)
        .collect();
    Ok(Draw::Qr {
        x,
        y,
        module: size / width.max(1) as f32,
        width,
        dark,
    })
}

pub struct Item {
    pub draw: Draw,
    pub tagging: Tagging,
}

#[derive(Default)]
pub struct Block {
    pub items: Vec<Item>,
    pub height: f32,
}

impl Block {
    pub fn push(&mut self, draw: Draw, tagging: Tagging) {
        self.items.push(Item { draw, tagging });
    }

    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, color: Rgb, tagging: Tagging) {
        self.push(
            Draw::Rect {
                x,
                y,
                width,
                height,
                color,
            },
            tagging,
        );
        self.height = self.height.max(y + height);
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub x: f32,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub const fn new(x: f32, width: f32, align: Align) -> Self {
        Column { x, width, align }
    }

    pub fn x_for(self, width: f32) -> f32 {
        match self.align {
            Align::Left => self.x,
            Align::Center => self.x + (self.width - width) / 2.0,
            Align::Right => self.x + self.width - width,
        }
    }
}

/// Places already wrapped lines from `top` downwards; returns the bottom of the last line.
pub fn place_lines(
    fonts: &Fonts,
    block: &mut Block,
    top: f32,
    lines: Vec<Run>,
    style: Style,
    column: Column,
    tagging: Tagging,
) -> f32 {
    let mut y = top;
    for run in lines {
        block.push(
            Draw::Text {
                x: column.x_for(run.width),
                baseline: y + fonts.baseline_offset(style),
                style,
                run,
            },
            tagging,
        );
        y += style.line_height;
    }
    block.height = block.height.max(y);
    y
}

/// Wraps `text` into `column` and places it from `top`; returns the bottom of the last line.
pub fn paragraph(
    fonts: &Fonts,
    block: &mut Block,
    top: f32,
    text: &str,
    style: Style,
    column: Column,
    tagging: Tagging,
) -> Result<f32, PdfError> {
    let lines = wrap(fonts, text, style, column.width, Breaks::Words)?;
    Ok(place_lines(
        fonts, block, top, lines, style, column, tagging,
    ))
}

/// Like [`paragraph`] for a part of a paragraph that another part follows (on its own line):
/// the part ends with a space, so that assistive technology and copied text keep the words apart.
pub fn paragraph_part(
    fonts: &Fonts,
    block: &mut Block,
    top: f32,
    text: &str,
    style: Style,
    column: Column,
    tagging: Tagging,
) -> Result<f32, PdfError> {
    let mut lines = wrap(fonts, text, style, column.width, Breaks::Words)?;
    if let Some(last) = lines.last_mut()
        && !last.text.ends_with(' ')
    {
        *last = shape(
            fonts.face(style.weight),
            &format!("{} ", last.text),
            style.size,
        )?;
    }
    Ok(place_lines(
        fonts, block, top, lines, style, column, tagging,
    ))
}

/// Moves `block` to `top` on page `page_index` of `pages`.
pub fn place(pages: &mut [Vec<Item>], page_index: usize, top: f32, block: Block) {
    if let Some(items) = pages.get_mut(page_index) {
        items.extend(block.items.into_iter().map(|mut item| {
            item.draw.shift(top);
            item
        }));
    }
}

// ---------------------------------------------------------------------------------------------
// Painting and serializing.

/// A document validated as PDF/UA-1, with tagging on.
pub fn new_document() -> Result<Document, PdfError> {
    Ok(Document::new_with(serialize_settings()?))
}

fn serialize_settings() -> Result<SerializeSettings, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|error| PdfError::Pdf(format!("{error:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    })
}

/// A web address on a page: the text lines of tag node `node` (a `Tag::Link`) become one link
/// annotation to `url`, described by `alt`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub node: usize,
    pub url: String,
    pub alt: String,
}

/// Paints `items` on a new A4 page of `document`, attaching every piece of content to its tag,
/// and the link annotation when the page shows the text of `link`.
pub fn paint_page(
    document: &mut Document,
    fonts: &Fonts,
    items: &[Item],
    tags: &mut Tags,
    link: Option<&Link>,
) -> Result<(), PdfError> {
    let page_size =
        Size::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Pdf("page size".into()))?;
    let mut page = document.start_page_with(PageSettings::new(page_size));
    let mut link_area: Option<(f32, f32, f32, f32)> = None;
    let mut surface = page.surface();
    for item in items {
        let identifier = surface.start_tagged(content_tag(item));
        draw(&mut surface, fonts, &item.draw);
        surface.end_tagged();
        if let Tagging::Content(node) = item.tagging {
            tags.attach(node, identifier);
            if link.is_some_and(|link| link.node == node)
                && let Draw::Text {
                    x,
                    baseline,
                    style,
                    run,
                } = &item.draw
            {
                let face = fonts.face(style.weight);
                let area = (
                    *x,
                    baseline - face.ascent * style.size,
                    x + run.width,
                    baseline + face.descent * style.size,
                );
                link_area = Some(match link_area {
                    Some((l, t, r, b)) => {
                        (l.min(area.0), t.min(area.1), r.max(area.2), b.max(area.3))
                    }
                    None => area,
                });
            }
        }
    }
    surface.finish();
    if let (Some(link), Some((left, top, right, bottom))) = (link, link_area)
        && let Some(rect) = Rect::from_ltrb(left, top, right, bottom)
    {
        let annotation = Annotation::new_link(
            LinkAnnotation::new(
                rect,
                Target::Action(LinkAction::new(link.url.clone()).into()),
            ),
            Some(link.alt.clone()),
        );
        let identifier = page.add_tagged_annotation(annotation);
        tags.attach_first(link.node, identifier);
    }
    page.finish();
    Ok(())
}

/// Writes the tag tree and serializes the document; krilla's PDF/UA-1 validation decides
/// whether it is handed out. Set the metadata (title, language) and any outline before.
pub fn finish(mut document: Document, tags: Tags) -> Result<Vec<u8>, PdfError> {
    document.set_tag_tree(tags.into_tree());
    document.finish().map_err(|error| match error {
        KrillaError::Validation(errors) => PdfError::Validation(
            errors
                .iter()
                .map(|(error, _)| format!("{error:?}"))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => PdfError::Pdf(other.to_string()),
    })
}

fn content_tag(item: &Item) -> ContentTag<'static> {
    match (item.tagging, &item.draw) {
        (Tagging::Artifact(kind), _) => ContentTag::Artifact(Artifact::with_kind(kind)),
        (Tagging::Content(_), Draw::Text { .. }) => ContentTag::Span(SpanTag::empty()),
        (Tagging::Content(_), _) => ContentTag::Other,
    }
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, draw: &Draw) {
    match draw {
        Draw::Text {
            x,
            baseline,
            style,
            run,
        } => {
            surface.set_fill(Some(style.color.fill()));
            surface.draw_glyphs(
                Point::from_xy(*x, *baseline),
                &run.glyphs,
                fonts.face(style.weight).pdf.clone(),
                &run.text,
                style.size,
                false,
            );
        }
        Draw::Rect {
            x,
            y,
            width,
            height,
            color,
        } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_fill(Some(color.fill()));
                surface.draw_path(&path);
            }
        }
        Draw::Qr {
            x,
            y,
            module,
            width,
            dark,
        } => {
            // One path for the whole code, one rectangle per horizontal run of dark modules.
            let mut path = PathBuilder::new();
            for (row, cells) in dark.chunks(*width).enumerate() {
                let mut column = 0;
                while column < cells.len() {
                    if !cells[column] {
                        column += 1;
                        continue;
                    }
                    let start = column;
                    while column < cells.len() && cells[column] {
                        column += 1;
                    }
                    if let Some(rect) = Rect::from_xywh(
                        x + start as f32 * module,
                        y + row as f32 * module,
                        (column - start) as f32 * module,
                        *module,
                    ) {
                        path.push_rect(rect);
                    }
                }
            }
            if let Some(path) = path.finish() {
                surface.set_fill(Some(BLACK.fill()));
                surface.draw_path(&path);
            }
        }
        Draw::Image {
            x,
            y,
            width,
            height,
            image,
        } => {
            if let Some(size) = Size::from_wh(*width, *height) {
                surface.push_transform(&Transform::from_translate(*x, *y));
                surface.draw_image(image.clone(), size);
                surface.pop();
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const BODY: Style = style(Weight::Bold, 24.0, 32.0, INK);

    #[test]
    fn a_line_that_fits_keeps_its_style() {
        let fonts = fonts().unwrap();
        let (run, fitted) = fit_line(fonts, "K7QF-2M9X", BODY, 400.0, 12.0)
            .unwrap()
            .unwrap();
        assert_eq!(fitted, BODY);
        assert_eq!(run.text, "K7QF-2M9X");
        assert!(run.width <= 400.0);
    }

    #[test]
    fn a_line_too_wide_is_scaled_down_to_fit_but_not_below_the_minimum() {
        let fonts = fonts().unwrap();
        let text = "K7QF-2M9X-HR4T-8WZD-K7QF-2M9X-HR4T-8WZD";
        let full = shape(fonts.face(BODY.weight), text, BODY.size).unwrap();
        let max_width = full.width / 2.0;
        let (run, fitted) = fit_line(fonts, text, BODY, max_width, 8.0)
            .unwrap()
            .unwrap();
        assert_eq!(run.text, text, "the text is kept whole");
        assert!(run.width <= max_width, "{} > {max_width}", run.width);
        assert!(fitted.size < BODY.size && fitted.size > BODY.size / 2.0 - 0.5);
        assert!((fitted.line_height / fitted.size - BODY.line_height / BODY.size).abs() < 1e-4);

        assert!(
            fit_line(fonts, text, BODY, max_width, 13.0)
                .unwrap()
                .is_none(),
            "below the minimum size it must give up"
        );
    }

    #[test]
    fn a_qr_code_is_drawn_at_the_requested_size() {
        let Draw::Qr {
            x,
            y,
            module,
            width,
            dark,
        } = qr_code(
            10.0,
            20.0,
            110.0,
            "https://lernen.example/login/code?code=K7QF",
        )
        .unwrap()
        else {
            panic!("not a QR code");
        };
        assert_eq!((x, y), (10.0, 20.0));
        assert_eq!(dark.len(), width * width);
        assert!((module * width as f32 - 110.0).abs() < 0.001);
    }

    #[test]
    fn tag_nodes_nest_in_reading_order() {
        let mut tags = Tags::default();
        let heading = tags.heading(H1, "Titel");
        let list = tags.add(None, Tag::L(krilla::tagging::ListNumbering::Decimal));
        let item = tags.add(Some(list), Tag::LI);
        let body = tags.add(Some(item), Tag::LBody);
        assert_eq!((heading, list, item, body), (0, 1, 2, 3));
        assert_eq!(tags.roots, vec![0, 1]);
        assert_eq!(tags.nodes[list].children, vec![item]);
    }
}
