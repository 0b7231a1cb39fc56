//! The PDF of the Digitaler Führerschein certificate: an A4 portrait page (a second one only when
//! the lists of modules and competences do not fit), tagged for assistive technology and
//! validated as PDF/UA-1 by krilla before it is handed out.
//!
//! This module owns the certificate's layout and typography; the fonts, shaping, wrapping, tag
//! tree, QR code and painting are the shared building blocks of `crate::pdf`. It takes owned
//! data and returns bytes: it must not touch the database, the session, mail or HTTP — the caller
//! loads the certificate, fills in [`CertificatePdf`] and decides where the bytes go.
//!
//! Rendering runs in three steps: `compose` shapes every text and builds positioned blocks (and,
//! in reading order, the tag tree they belong to); `paginate` places the blocks on pages; `paint`
//! draws them with krilla and attaches every drawn piece to its tag.

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentValue;
use krilla::Data;
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::tagging::{ArtifactType, ListNumbering, Tag};

use crate::i18n::{I18n, Locale};
use crate::pdf::{
    ACCENT, Align, Block, Breaks, Column, Draw, Fonts, H1, H2, INK, Item, Link, MUTED, NAVY,
    PAGE_HEIGHT, PAGE_WIDTH, PALE, Style, Tagging, Tags, Weight, clean, finish, fonts,
    language_tag, new_document, paint_page, paragraph, paragraph_part, place, place_lines, qr_code,
    shape, style, wrap,
};

/// Everything printed on a certificate. Texts are used as given (the caller translates module and
/// competence titles); the fixed wording comes from the translation catalogue of `locale`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificatePdf {
    /// German or English: every fixed text, the date format and the document language.
    pub locale: Locale,
    pub holder_name: String,
    /// For example "Digitaler Führerschein – Basis".
    pub level_title: String,
    pub modules: Vec<PdfModule>,
    pub competences: Vec<PdfCompetence>,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    /// The readable certificate number, for example "DF-2026-000042".
    pub number: String,
    /// The issuing municipality, for example "Stadt Musterstadt"; also the PDF's author.
    pub issuer_name: String,
    pub signatory_name: String,
    pub signatory_title: String,
    /// The municipality's logo as PNG bytes, drawn top left when given.
    pub logo_png: Option<Vec<u8>>,
    /// The public verification address; printed as text and as a QR code.
    pub verify_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfModule {
    pub title: String,
    pub version: String,
    pub passed_on: NaiveDate,
}

/// A competence with its proficiency level on its framework's scale (1 to `max_level`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfCompetence {
    pub title: String,
    pub level: u8,
    /// The highest level of the competence's framework: 8 for DigComp 2.2, 4 for DigComp 3.0.
    pub max_level: u8,
}

/// The highest proficiency level of any framework; the width kept for the scale next to each
/// competence, so that the scales line up whatever their length.
pub const MAX_LEVEL: u8 = 8;

/// The errors of the shared PDF building blocks; re-exported so that callers keep naming them here.
pub use crate::pdf::PdfError;

/// Renders the certificate as a tagged, PDF/UA-1 validated PDF.
pub fn render(certificate: &CertificatePdf) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts()?;
    let i18n = I18n {
        locale: certificate.locale,
    };
    let content = compose(certificate, i18n, fonts)?;
    paint(certificate, i18n, fonts, content)
}

// ---------------------------------------------------------------------------------------------
// Page geometry and type styles (all lengths in PostScript points, y grows downwards).

const MARGIN_X: f32 = 62.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Top of the content on the first page.
const TOP: f32 = 64.0;
/// Top of the content on continuation pages, below the running header.
const CONTINUATION_TOP: f32 = 96.0;
/// Nothing but the page number goes below this line.
const BOTTOM: f32 = PAGE_HEIGHT - 60.0;
const FRAME_INSET: f32 = 24.0;

const LOGO_MAX_WIDTH: f32 = 150.0;
const LOGO_MAX_HEIGHT: f32 = 58.0;
const QR_SIZE: f32 = 82.0;
const LEVEL_SQUARE: f32 = 5.5;
const LEVEL_SQUARE_GAP: f32 = 2.0;

const TITLE: Style = style(Weight::Bold, 32.0, 40.0, NAVY);
const LEVEL: Style = style(Weight::Regular, 17.0, 23.0, NAVY);
const STATEMENT: Style = style(Weight::Regular, 11.0, 17.0, MUTED);
const HOLDER: Style = style(Weight::Bold, 24.0, 34.0, INK);
const ISSUER: Style = style(Weight::Bold, 13.0, 18.0, NAVY);
const HEADING: Style = style(Weight::Bold, 12.5, 18.0, NAVY);
const ROW: Style = style(Weight::Regular, 10.5, 14.5, INK);
const ROW_DETAIL: Style = style(Weight::Regular, 9.0, 14.5, MUTED);
const LABEL: Style = style(Weight::Regular, 8.5, 12.5, MUTED);
const VALUE: Style = style(Weight::Bold, 11.0, 16.0, INK);
const SIGNATORY: Style = style(Weight::Bold, 10.5, 15.0, INK);
const SIGNATORY_TITLE: Style = style(Weight::Regular, 9.5, 13.5, MUTED);
const VERIFY_HEADING: Style = style(Weight::Bold, 10.5, 15.0, NAVY);
const URL: Style = style(Weight::Regular, 8.0, 11.0, INK);
const MARGINALIA: Style = style(Weight::Regular, 8.0, 11.0, MUTED);

/// Vertical gaps between blocks. A certificate gets `NORMAL` spacing if that fits on one page,
/// else the widest spacing between `COMPACT` and `NORMAL` that does; only if even `COMPACT` does
/// not fit does it continue on further pages (with `NORMAL` spacing).
#[derive(Clone, Copy, Debug)]
struct Spacing {
    after_header: f32,
    before_section: f32,
    after_heading: f32,
    between_rows: f32,
    before_closing: f32,
}

const NORMAL: Spacing = Spacing {
    after_header: 32.0,
    before_section: 24.0,
    after_heading: 7.0,
    between_rows: 3.5,
    before_closing: 24.0,
};

const COMPACT: Spacing = Spacing {
    after_header: 12.0,
    before_section: 12.0,
    after_heading: 3.0,
    between_rows: 0.5,
    before_closing: 12.0,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    AfterHeader,
    BeforeSection,
    AfterHeading,
    BetweenRows,
}

impl Spacing {
    /// The spacing a fraction `t` of the way from `self` to `other`.
    fn towards(self, other: Spacing, t: f32) -> Spacing {
        let mix = |a: f32, b: f32| a + (b - a) * t;
        Spacing {
            after_header: mix(self.after_header, other.after_header),
            before_section: mix(self.before_section, other.before_section),
            after_heading: mix(self.after_heading, other.after_heading),
            between_rows: mix(self.between_rows, other.between_rows),
            before_closing: mix(self.before_closing, other.before_closing),
        }
    }

    fn gap(self, gap: Gap) -> f32 {
        match gap {
            Gap::AfterHeader => self.after_header,
            Gap::BeforeSection => self.before_section,
            Gap::AfterHeading => self.after_heading,
            Gap::BetweenRows => self.between_rows,
        }
    }
}

/// 31.12.2026 in German, 31 December 2026 in English.
fn format_date(locale: Locale, date: NaiveDate) -> String {
    crate::i18n::format::date(locale, date)
}

const FULL_WIDTH: Column = Column::new(MARGIN_X, CONTENT_WIDTH, Align::Left);
const CENTERED: Column = Column::new(MARGIN_X, CONTENT_WIDTH, Align::Center);

// ---------------------------------------------------------------------------------------------
// Composition: the certificate as blocks in reading order.

/// A block in the main flow, with the gap that precedes it.
struct FlowBlock {
    block: Block,
    gap: Gap,
    /// Headings stay on the page of their first row.
    keep_with_next: bool,
    /// An entry in the document outline (bookmarks) pointing at this block.
    outline: Option<String>,
}

struct Content {
    flow: Vec<FlowBlock>,
    /// Dates, number, signature and verification; pinned to the bottom of the last page.
    closing: Block,
    closing_outline: String,
    tags: Tags,
    /// The verification address's tag node and address, for its link annotation.
    link: Option<Link>,
}

fn compose(
    certificate: &CertificatePdf,
    i18n: I18n,
    fonts: &'static Fonts,
) -> Result<Content, PdfError> {
    let mut tags = Tags::default();
    let mut flow = Vec::new();
    let locale = certificate.locale;

    // Header: the municipality's logo and name.
    let mut header = Block::default();
    let logo_height = match &certificate.logo_png {
        Some(png) => {
            let image = Image::from_png(Data::from(png.clone()), false).map_err(PdfError::Logo)?;
            let (pixel_width, pixel_height) = image.size();
            let (pixel_width, pixel_height) =
                (pixel_width.max(1) as f32, pixel_height.max(1) as f32);
            let scale = (LOGO_MAX_WIDTH / pixel_width).min(LOGO_MAX_HEIGHT / pixel_height);
            let (width, height) = (pixel_width * scale, pixel_height * scale);
            let alt = i18n.t_args(
                "certificate-pdf-logo-alt",
                [(
                    "issuer",
                    FluentValue::from(certificate.issuer_name.as_str()),
                )],
            );
            let figure = tags.add(None, Tag::Figure(Some(clean(&alt))));
            header.push(
                Draw::Image {
                    x: MARGIN_X,
                    y: 0.0,
                    width,
                    height,
                    image,
                },
                Tagging::Content(figure),
            );
            header.height = height;
            Some(height)
        }
        None => None,
    };
    let issuer = tags.add(None, Tag::P);
    match logo_height {
        Some(logo_height) => {
            let column = Column::new(
                MARGIN_X + CONTENT_WIDTH * 0.4,
                CONTENT_WIDTH * 0.6,
                Align::Right,
            );
            let lines = wrap(
                fonts,
                &certificate.issuer_name,
                ISSUER,
                column.width,
                Breaks::Words,
            )?;
            let text_height = lines.len() as f32 * ISSUER.line_height;
            let top = ((logo_height - text_height) / 2.0).max(0.0);
            place_lines(
                fonts,
                &mut header,
                top,
                lines,
                ISSUER,
                column,
                Tagging::Content(issuer),
            );
        }
        None => {
            paragraph(
                fonts,
                &mut header,
                0.0,
                &certificate.issuer_name,
                ISSUER,
                CENTERED,
                Tagging::Content(issuer),
            )?;
        }
    }
    flow.push(FlowBlock {
        block: header,
        gap: Gap::AfterHeader,
        keep_with_next: false,
        outline: None,
    });

    // Title: what this is, which level, and who holds it.
    let mut title = Block::default();
    let heading_text = i18n.t("certificate-pdf-heading");
    let heading = tags.heading(H1, &heading_text);
    let mut y = paragraph(
        fonts,
        &mut title,
        0.0,
        &heading_text,
        TITLE,
        CENTERED,
        Tagging::Content(heading),
    )?;
    let level = tags.add(None, Tag::P);
    y = paragraph(
        fonts,
        &mut title,
        y,
        &certificate.level_title,
        LEVEL,
        CENTERED,
        Tagging::Content(level),
    )?;
    y += 10.0;
    let rule_width = 56.0;
    title.rect(
        MARGIN_X + (CONTENT_WIDTH - rule_width) / 2.0,
        y,
        rule_width,
        1.2,
        ACCENT,
        Tagging::Artifact(ArtifactType::Layout),
    );
    y += 1.2 + 14.0;
    // One sentence, so one paragraph: "This is to certify that <name> has met the requirements…"
    let statement = Tagging::Content(tags.add(None, Tag::P));
    y = paragraph_part(
        fonts,
        &mut title,
        y,
        &i18n.t("certificate-pdf-intro"),
        STATEMENT,
        CENTERED,
        statement,
    )?;
    y = paragraph_part(
        fonts,
        &mut title,
        y + 2.0,
        &certificate.holder_name,
        HOLDER,
        CENTERED,
        statement,
    )?;
    paragraph(
        fonts,
        &mut title,
        y + 2.0,
        &i18n.t("certificate-pdf-outro"),
        STATEMENT,
        CENTERED,
        statement,
    )?;
    flow.push(FlowBlock {
        block: title,
        gap: Gap::AfterHeader,
        keep_with_next: false,
        outline: Some(clean(&heading_text)),
    });

    // Modules passed: title on the left, version and date on the right.
    if !certificate.modules.is_empty() {
        let details = certificate
            .modules
            .iter()
            .map(|module| {
                let date = format_date(locale, module.passed_on);
                i18n.t_args(
                    "certificate-pdf-module-detail",
                    [
                        ("version", FluentValue::from(module.version.as_str())),
                        ("date", FluentValue::from(date.as_str())),
                    ],
                )
            })
            .collect::<Vec<_>>();
        let mut detail_width: f32 = 0.0;
        for detail in &details {
            detail_width = detail_width.max(
                shape(
                    fonts.face(ROW_DETAIL.weight),
                    &clean(detail),
                    ROW_DETAIL.size,
                )?
                .width,
            );
        }
        let detail_width = detail_width.min(CONTENT_WIDTH * 0.42);
        let title_column = Column::new(MARGIN_X, CONTENT_WIDTH - detail_width - 18.0, Align::Left);
        let detail_column = Column::new(
            MARGIN_X + CONTENT_WIDTH - detail_width,
            detail_width,
            Align::Right,
        );

        let heading_text = i18n.t("certificate-pdf-modules");
        flow.push(section_heading(fonts, &mut tags, &heading_text)?);
        let list = tags.add(None, Tag::L(ListNumbering::None));
        for (index, (module, detail)) in certificate.modules.iter().zip(&details).enumerate() {
            let (title_node, detail_node) = list_item(&mut tags, list);
            let mut row = Block::default();
            paragraph(
                fonts,
                &mut row,
                0.0,
                &module.title,
                ROW,
                title_column,
                Tagging::Content(title_node),
            )?;
            paragraph(
                fonts,
                &mut row,
                0.0,
                detail,
                ROW_DETAIL,
                detail_column,
                Tagging::Content(detail_node),
            )?;
            flow.push(FlowBlock {
                block: row,
                gap: if index == 0 {
                    Gap::AfterHeading
                } else {
                    Gap::BetweenRows
                },
                keep_with_next: false,
                outline: None,
            });
        }
    }

    // Competences: title on the left, the level as squares (decoration) and in words.
    if !certificate.competences.is_empty() {
        let labels = certificate
            .competences
            .iter()
            .map(|competence| {
                i18n.t_args(
                    "certificate-pdf-competence-level",
                    [
                        ("level", FluentValue::from(competence.level)),
                        ("max", FluentValue::from(competence.max_level)),
                    ],
                )
            })
            .collect::<Vec<_>>();
        let mut label_width: f32 = 0.0;
        for label in &labels {
            label_width = label_width.max(
                shape(
                    fonts.face(ROW_DETAIL.weight),
                    &clean(label),
                    ROW_DETAIL.size,
                )?
                .width,
            );
        }
        let label_width = label_width.min(CONTENT_WIDTH * 0.25);
        let label_column = Column::new(
            MARGIN_X + CONTENT_WIDTH - label_width,
            label_width,
            Align::Right,
        );
        let scale_width =
            f32::from(MAX_LEVEL) * (LEVEL_SQUARE + LEVEL_SQUARE_GAP) - LEVEL_SQUARE_GAP;
        let scale_x = label_column.x - 12.0 - scale_width;
        let title_column = Column::new(MARGIN_X, scale_x - 18.0 - MARGIN_X, Align::Left);

        let heading_text = i18n.t("certificate-pdf-competences");
        flow.push(section_heading(fonts, &mut tags, &heading_text)?);
        let list = tags.add(None, Tag::L(ListNumbering::None));
        for (index, (competence, label)) in certificate.competences.iter().zip(&labels).enumerate()
        {
            let (title_node, label_node) = list_item(&mut tags, list);
            let mut row = Block::default();
            paragraph(
                fonts,
                &mut row,
                0.0,
                &competence.title,
                ROW,
                title_column,
                Tagging::Content(title_node),
            )?;
            let square_top = (ROW.line_height - LEVEL_SQUARE) / 2.0;
            for step in 0..competence.max_level.min(MAX_LEVEL) {
                let color = if step < competence.level {
                    ACCENT
                } else {
                    PALE
                };
                row.rect(
                    scale_x + f32::from(step) * (LEVEL_SQUARE + LEVEL_SQUARE_GAP),
                    square_top,
                    LEVEL_SQUARE,
                    LEVEL_SQUARE,
                    color,
                    Tagging::Artifact(ArtifactType::Layout),
                );
            }
            paragraph(
                fonts,
                &mut row,
                0.0,
                label,
                ROW_DETAIL,
                label_column,
                Tagging::Content(label_node),
            )?;
            flow.push(FlowBlock {
                block: row,
                gap: if index == 0 {
                    Gap::AfterHeading
                } else {
                    Gap::BetweenRows
                },
                keep_with_next: false,
                outline: None,
            });
        }
    }

    let (closing, closing_outline, link) = closing_block(certificate, i18n, fonts, &mut tags)?;
    Ok(Content {
        flow,
        closing,
        closing_outline,
        tags,
        link,
    })
}

fn section_heading(fonts: &Fonts, tags: &mut Tags, text: &str) -> Result<FlowBlock, PdfError> {
    let mut block = Block::default();
    let heading = tags.heading(H2, text);
    let y = paragraph(
        fonts,
        &mut block,
        0.0,
        text,
        HEADING,
        FULL_WIDTH,
        Tagging::Content(heading),
    )?;
    block.rect(
        MARGIN_X,
        y + 3.0,
        CONTENT_WIDTH,
        0.6,
        PALE,
        Tagging::Artifact(ArtifactType::Layout),
    );
    Ok(FlowBlock {
        block,
        gap: Gap::BeforeSection,
        keep_with_next: true,
        outline: Some(clean(text)),
    })
}

/// A list item with a body of two paragraphs (title and detail); returns their tag nodes.
fn list_item(tags: &mut Tags, list: usize) -> (usize, usize) {
    let item = tags.add(Some(list), Tag::LI);
    let body = tags.add(Some(item), Tag::LBody);
    (tags.add(Some(body), Tag::P), tags.add(Some(body), Tag::P))
}

type Closing = (Block, String, Option<Link>);

fn closing_block(
    certificate: &CertificatePdf,
    i18n: I18n,
    fonts: &Fonts,
    tags: &mut Tags,
) -> Result<Closing, PdfError> {
    let locale = certificate.locale;
    let mut block = Block::default();
    block.rect(
        MARGIN_X,
        0.0,
        CONTENT_WIDTH,
        0.8,
        ACCENT,
        Tagging::Artifact(ArtifactType::Layout),
    );

    // Dates and number in three columns, each a label above its value.
    let facts = [
        (
            i18n.t("certificate-pdf-issued-on"),
            format_date(locale, certificate.issued_on),
        ),
        (
            i18n.t("certificate-pdf-valid-until"),
            format_date(locale, certificate.valid_until),
        ),
        (i18n.t("certificate-pdf-number"), certificate.number.clone()),
    ];
    let third = CONTENT_WIDTH / 3.0;
    let facts_top = 16.0;
    let mut facts_bottom = facts_top;
    for (index, (label, value)) in facts.iter().enumerate() {
        let column = Column::new(MARGIN_X + index as f32 * third, third - 12.0, Align::Left);
        let fact = Tagging::Content(tags.add(None, Tag::P));
        let y = paragraph_part(fonts, &mut block, facts_top, label, LABEL, column, fact)?;
        let y = paragraph(fonts, &mut block, y + 1.0, value, VALUE, column, fact)?;
        facts_bottom = facts_bottom.max(y);
    }

    // Signature on the left, verification on the right.
    let row_top = facts_bottom + 20.0;
    let signature_column = Column::new(MARGIN_X, CONTENT_WIDTH * 0.4, Align::Left);
    let line_y = row_top + 28.0;
    block.rect(
        MARGIN_X,
        line_y,
        signature_column.width.min(210.0),
        0.7,
        INK,
        Tagging::Artifact(ArtifactType::Layout),
    );
    let caption = tags.add(None, Tag::P);
    let mut y = paragraph(
        fonts,
        &mut block,
        line_y + 3.0,
        &i18n.t("certificate-pdf-signature-caption"),
        LABEL,
        signature_column,
        Tagging::Content(caption),
    )?;
    let signatory = tags.add(None, Tag::P);
    y = paragraph(
        fonts,
        &mut block,
        y + 2.0,
        &certificate.signatory_name,
        SIGNATORY,
        signature_column,
        Tagging::Content(signatory),
    )?;
    let signatory_title = tags.add(None, Tag::P);
    paragraph(
        fonts,
        &mut block,
        y,
        &certificate.signatory_title,
        SIGNATORY_TITLE,
        signature_column,
        Tagging::Content(signatory_title),
    )?;

    let qr_x = MARGIN_X + CONTENT_WIDTH - QR_SIZE;
    let text_x = MARGIN_X + CONTENT_WIDTH * 0.44;
    let verify_column = Column::new(text_x, qr_x - 14.0 - text_x, Align::Left);
    let verify_text = i18n.t("certificate-pdf-verify");
    let verify_heading = tags.heading(H2, &verify_text);
    let mut y = paragraph(
        fonts,
        &mut block,
        row_top - 2.0,
        &verify_text,
        VERIFY_HEADING,
        verify_column,
        Tagging::Content(verify_heading),
    )?;
    let hint = tags.add(None, Tag::P);
    y = paragraph(
        fonts,
        &mut block,
        y + 1.0,
        &i18n.t("certificate-pdf-verify-hint"),
        LABEL,
        verify_column,
        Tagging::Content(hint),
    )?;
    let url_paragraph = tags.add(None, Tag::P);
    let link = tags.add(Some(url_paragraph), Tag::Link);
    let address = wrap(
        fonts,
        &certificate.verify_url,
        URL,
        verify_column.width,
        Breaks::Address,
    )?;
    place_lines(
        fonts,
        &mut block,
        y + 3.0,
        address,
        URL,
        verify_column,
        Tagging::Content(link),
    );

    let qr = qr_code(qr_x, row_top, QR_SIZE, &certificate.verify_url)?;
    let alt = i18n.t_args(
        "certificate-pdf-qr-alt",
        [("url", FluentValue::from(certificate.verify_url.as_str()))],
    );
    let figure = tags.add(None, Tag::Figure(Some(clean(&alt))));
    block.push(qr, Tagging::Content(figure));
    block.height = block.height.max(row_top + QR_SIZE);

    Ok((
        block,
        clean(&verify_text),
        Some(Link {
            node: link,
            url: clean(&certificate.verify_url),
            alt: clean(&verify_text),
        }),
    ))
}

// ---------------------------------------------------------------------------------------------
// Pagination.

struct Placement {
    /// Page index and top of every flow block.
    flow: Vec<(usize, f32)>,
    closing: (usize, f32),
    pages: usize,
}

fn paginate(flow: &[FlowBlock], closing_height: f32, spacing: Spacing) -> Placement {
    let mut page = 0;
    let mut y = TOP;
    let mut at_top = true;
    let mut positions = Vec::with_capacity(flow.len());
    for (index, current) in flow.iter().enumerate() {
        let gap = if at_top {
            0.0
        } else {
            spacing.gap(current.gap)
        };
        let mut needed = gap + current.block.height;
        if current.keep_with_next
            && let Some(next) = flow.get(index + 1)
        {
            needed += spacing.gap(next.gap) + next.block.height;
        }
        let top = if !at_top && y + needed > BOTTOM {
            page += 1;
            CONTINUATION_TOP
        } else {
            y + gap
        };
        positions.push((page, top));
        y = top + current.block.height;
        at_top = false;
    }
    let closing_top = BOTTOM - closing_height;
    if !at_top && y + spacing.before_closing > closing_top {
        page += 1;
    }
    Placement {
        flow: positions,
        closing: (page, closing_top),
        pages: page + 1,
    }
}

/// Normal spacing if everything fits on one page, else the widest spacing towards compact that
/// fits, else normal spacing over several pages.
fn choose_placement(content: &Content) -> Result<Placement, PdfError> {
    let usable = BOTTOM - CONTINUATION_TOP;
    if content.closing.height > usable || content.flow.iter().any(|f| f.block.height > usable) {
        return Err(PdfError::TooLong);
    }
    let place = |spacing| paginate(&content.flow, content.closing.height, spacing);
    let normal = place(NORMAL);
    if normal.pages == 1 {
        return Ok(normal);
    }
    let mut best = place(COMPACT);
    if best.pages > 1 {
        return Ok(normal);
    }
    // Fits compact but not normal: bisect for the widest spacing that still fits.
    let (mut fits, mut overflows) = (0.0, 1.0);
    for _ in 0..10 {
        let t = (fits + overflows) / 2.0;
        let candidate = place(COMPACT.towards(NORMAL, t));
        if candidate.pages == 1 {
            fits = t;
            best = candidate;
        } else {
            overflows = t;
        }
    }
    Ok(best)
}

// ---------------------------------------------------------------------------------------------
// Painting.

fn paint(
    certificate: &CertificatePdf,
    i18n: I18n,
    fonts: &'static Fonts,
    content: Content,
) -> Result<Vec<u8>, PdfError> {
    let placement = choose_placement(&content)?;
    let Content {
        flow,
        closing,
        closing_outline,
        mut tags,
        link,
    } = content;

    let mut pages: Vec<Vec<Item>> = (0..placement.pages).map(|_| Vec::new()).collect();
    for (page_index, items) in pages.iter_mut().enumerate() {
        decorate(certificate, i18n, fonts, page_index, placement.pages, items)?;
    }
    let mut outline = Outline::new();
    for (flow_block, &(page_index, top)) in flow.into_iter().zip(&placement.flow) {
        if let Some(text) = flow_block.outline {
            outline.push_child(OutlineNode::new(
                text,
                XyzDestination::new(page_index, Point::from_xy(0.0, (top - 12.0).max(0.0))),
            ));
        }
        place(&mut pages, page_index, top, flow_block.block);
    }
    let (closing_page, closing_top) = placement.closing;
    outline.push_child(OutlineNode::new(
        closing_outline,
        XyzDestination::new(closing_page, Point::from_xy(0.0, closing_top - 12.0)),
    ));
    place(&mut pages, closing_page, closing_top, closing);

    let mut document = new_document()?;
    for items in &pages {
        paint_page(&mut document, fonts, items, &mut tags, link.as_ref())?;
    }

    document.set_metadata(metadata(certificate, i18n));
    document.set_outline(outline);
    finish(document, tags)
}

/// The frame on every page; on certificates of several pages also a running header (from the
/// second page on) and page numbers, all as artifacts.
fn decorate(
    certificate: &CertificatePdf,
    i18n: I18n,
    fonts: &Fonts,
    page_index: usize,
    pages: usize,
    items: &mut Vec<Item>,
) -> Result<(), PdfError> {
    let mut frame = Block::default();
    let layout = Tagging::Artifact(ArtifactType::Layout);
    for (inset, thickness, color) in [(FRAME_INSET, 1.6, NAVY), (FRAME_INSET + 4.5, 0.5, ACCENT)] {
        let (left, top) = (inset, inset);
        let (width, height) = (PAGE_WIDTH - 2.0 * inset, PAGE_HEIGHT - 2.0 * inset);
        frame.rect(left, top, width, thickness, color, layout);
        frame.rect(
            left,
            top + height - thickness,
            width,
            thickness,
            color,
            layout,
        );
        frame.rect(left, top, thickness, height, color, layout);
        frame.rect(
            left + width - thickness,
            top,
            thickness,
            height,
            color,
            layout,
        );
    }
    if pages > 1 {
        let number = i18n.t_args(
            "certificate-pdf-page",
            [
                ("page", FluentValue::from(page_index + 1)),
                ("pages", FluentValue::from(pages)),
            ],
        );
        paragraph(
            fonts,
            &mut frame,
            PAGE_HEIGHT - 50.0,
            &number,
            MARGINALIA,
            CENTERED,
            Tagging::Artifact(ArtifactType::PageNumber),
        )?;
        if page_index > 0 {
            let running = i18n.t_args(
                "certificate-pdf-running-header",
                [
                    ("level", FluentValue::from(certificate.level_title.as_str())),
                    ("name", FluentValue::from(certificate.holder_name.as_str())),
                    ("number", FluentValue::from(certificate.number.as_str())),
                ],
            );
            let y = paragraph(
                fonts,
                &mut frame,
                TOP - 8.0,
                &running,
                MARGINALIA,
                FULL_WIDTH,
                Tagging::Artifact(ArtifactType::Header),
            )?;
            frame.rect(
                MARGIN_X,
                y + 4.0,
                CONTENT_WIDTH,
                0.6,
                PALE,
                Tagging::Artifact(ArtifactType::Header),
            );
        }
    }
    items.extend(frame.items);
    Ok(())
}

fn metadata(certificate: &CertificatePdf, i18n: I18n) -> Metadata {
    let title = i18n.t_args(
        "certificate-pdf-document-title",
        [
            ("level", FluentValue::from(certificate.level_title.as_str())),
            ("name", FluentValue::from(certificate.holder_name.as_str())),
        ],
    );
    let mut metadata = Metadata::new()
        .title(clean(&title))
        .language(language_tag(certificate.locale).to_owned())
        .authors(vec![clean(&certificate.issuer_name)]);
    let issued = certificate.issued_on;
    if let (Ok(year), Ok(month), Ok(day)) = (
        u16::try_from(issued.year()),
        u8::try_from(issued.month()),
        u8::try_from(issued.day()),
    ) {
        metadata = metadata.creation_date(DateTime::new(year).month(month).day(day));
    }
    metadata
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const LOGO: &[u8] = include_bytes!("testdata/logo.png");

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn sample(locale: Locale, module_count: usize) -> CertificatePdf {
        sample_with(locale, module_count, 3)
    }

    fn sample_with(locale: Locale, module_count: usize, competence_count: usize) -> CertificatePdf {
        let (level_title, module_titles, competence_titles) = match locale {
            Locale::De => (
                "Digitaler Führerschein – Basis",
                [
                    "Sicher im Netz: Passwörter und Zwei-Faktor-Anmeldung",
                    "E-Mails schreiben, ordnen und gefahrlos öffnen",
                    "Datenschutz im Bürgerbüro – was gilt für Größe und Maß?",
                ],
                [
                    "Daten suchen, bewerten und verwalten",
                    "Kommunizieren und zusammenarbeiten",
                    "Geräte und persönliche Daten schützen",
                ],
            ),
            Locale::En => (
                "Digital Driving Licence – Basic",
                [
                    "Safe online: passwords and two-factor sign-in",
                    "Writing, filing and safely opening e-mail",
                    "Data protection at the citizens' office",
                ],
                [
                    "Searching, evaluating and managing data",
                    "Communicating and collaborating",
                    "Protecting devices and personal data",
                ],
            ),
        };
        CertificatePdf {
            locale,
            holder_name: "Jürgen Weiß-Großhäuser".to_owned(),
            level_title: level_title.to_owned(),
            modules: (0..module_count)
                .map(|index| PdfModule {
                    title: format!(
                        "{} ({})",
                        module_titles[index % module_titles.len()],
                        index + 1
                    ),
                    version: format!("1.{index}"),
                    passed_on: date(2026, 1 + (index % 12) as u32, 1 + (index % 28) as u32),
                })
                .collect(),
            competences: (0..competence_count)
                .map(|index| PdfCompetence {
                    title: competence_titles[index % competence_titles.len()].to_owned(),
                    level: 2 + (index % usize::from(MAX_LEVEL - 1)) as u8,
                    max_level: MAX_LEVEL,
                })
                .collect(),
            issued_on: date(2026, 3, 14),
            valid_until: date(2028, 3, 14),
            number: "DF-2026-000042".to_owned(),
            issuer_name: "Stadt Musterstadt an der Süßach".to_owned(),
            signatory_name: "Dr. Änne Straßburger".to_owned(),
            signatory_title: match locale {
                Locale::De => "Oberbürgermeisterin".to_owned(),
                Locale::En => "Lord Mayor".to_owned(),
            },
            logo_png: Some(LOGO.to_vec()),
            verify_url:
                "https://fuehrerschein.musterstadt.de/verify/7f3c2a9e-51d4-4b8e-9c61-0a2b3c4d5e6f"
                    .to_owned(),
        }
    }

    /// The text `pdftotext` extracts, or `None` (with a note) when poppler-utils is missing.
    fn extract_text(name: &str, pdf: &[u8]) -> Option<String> {
        let available = std::process::Command::new("pdftotext")
            .arg("-v")
            .output()
            .is_ok();
        if !available {
            eprintln!("note: pdftotext is not on PATH (poppler-utils); skipped the text check");
            return None;
        }
        let path = std::env::temp_dir().join(format!(
            "certificate-pdf-test-{}-{name}.pdf",
            std::process::id()
        ));
        std::fs::write(&path, pdf).unwrap();
        let output = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(output.status.success(), "pdftotext failed on {name}");
        Some(String::from_utf8(output.stdout).unwrap())
    }

    /// Writes the PDF for a look by eye when CERTIFICATE_PDF_SAMPLE_DIR is set.
    fn keep_sample(name: &str, pdf: &[u8]) {
        if let Some(dir) = std::env::var_os("CERTIFICATE_PDF_SAMPLE_DIR") {
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf).unwrap();
        }
    }

    #[test]
    fn certificates_render_with_extractable_text_in_both_languages() {
        let cases = [
            ("de", sample(Locale::De, 4), "Zertifikat"),
            ("en", sample(Locale::En, 4), "Certificate"),
            ("de-many-modules", sample(Locale::De, 40), "Zertifikat"),
            (
                "en-no-logo",
                CertificatePdf {
                    logo_png: None,
                    ..sample(Locale::En, 2)
                },
                "Certificate",
            ),
        ];
        for (name, certificate, heading) in cases {
            let pdf = render(&certificate)
                .unwrap_or_else(|error| panic!("case {name} did not render: {error}"));
            keep_sample(name, &pdf);
            assert!(pdf.starts_with(b"%PDF"), "case {name}: not a PDF");

            let Some(text) = extract_text(name, &pdf) else {
                continue;
            };
            assert!(
                !text.contains("certificate-pdf-"),
                "case {name}: a translation key is printed instead of its text:\n{text}"
            );
            for expected in [
                certificate.holder_name.as_str(),
                certificate.level_title.as_str(),
                certificate.number.as_str(),
                heading,
            ] {
                assert!(
                    text.contains(expected),
                    "case {name}: {expected:?} missing from the extracted text:\n{text}"
                );
            }
            // Nothing is cut off, however many modules there are. Wrapped titles come out with
            // line breaks, and pdftotext joins a line ending in '-' to the next without the '-'.
            let squeeze = |text: &str| {
                text.chars()
                    .filter(|c| !c.is_whitespace() && *c != '-')
                    .collect::<String>()
            };
            let squeezed = squeeze(&text);
            for module in &certificate.modules {
                assert!(
                    squeezed.contains(&squeeze(&module.title)),
                    "case {name}: module {:?} missing from the extracted text",
                    module.title
                );
            }
        }
    }

    #[test]
    fn many_modules_continue_on_further_pages_with_page_numbers() {
        let pdf = render(&sample(Locale::De, 40)).unwrap();
        if let Some(text) = extract_text("page-numbers", &pdf) {
            let pages: usize = text
                .split("Seite 1 von ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|number| number.parse().ok())
                .unwrap_or_else(|| panic!("no page numbers in:\n{text}"));
            assert!(pages >= 2, "{pages} pages");
            assert!(
                text.contains(&format!("Seite {pages} von {pages}")),
                "{text}"
            );
        }
    }

    #[test]
    fn a_typical_certificate_is_one_page() {
        let pdf = render(&sample_with(Locale::De, 6, 8)).unwrap();
        keep_sample("de-typical", &pdf);
        if let Some(text) = extract_text("typical", &pdf) {
            assert!(!text.contains("Seite 1 von"), "more than one page:\n{text}");
        }
    }

    /// The Basis level of the shipped curriculum: five modules and twelve competences. The QR
    /// code must stay on the first page. (The DigComp 3.0 equivalents are in the credential and
    /// on the learner's pages, not here: a further line per competence made it two pages.)
    #[test]
    fn the_shipped_basis_certificate_is_one_page() {
        let pdf = render(&sample_with(Locale::De, 5, 12)).unwrap();
        keep_sample("de-basis", &pdf);
        if let Some(text) = extract_text("basis", &pdf) {
            assert!(!text.contains("Seite 1 von"), "more than one page:\n{text}");
        }
    }

    #[test]
    fn a_character_the_font_lacks_is_reported_not_dropped() {
        let certificate = CertificatePdf {
            holder_name: "王小明".to_owned(),
            ..sample(Locale::De, 1)
        };
        let result = render(&certificate);
        assert!(
            matches!(result, Err(PdfError::UnsupportedCharacter('王'))),
            "{result:?}"
        );
    }

    #[test]
    fn a_text_longer_than_a_page_is_reported_not_cut_off() {
        let certificate = CertificatePdf {
            holder_name: "Sehr langer Name ".repeat(200),
            ..sample(Locale::De, 1)
        };
        let result = render(&certificate);
        assert!(matches!(result, Err(PdfError::TooLong)), "{result:?}");
    }

    #[test]
    fn a_broken_logo_is_reported() {
        let certificate = CertificatePdf {
            logo_png: Some(b"not a png".to_vec()),
            ..sample(Locale::De, 1)
        };
        assert!(matches!(render(&certificate), Err(PdfError::Logo(_))));
    }

    /// The fonts (and every other embedded file) belong to the app crate: a path that leaves
    /// it ties the crate to the server's folder and breaks a build of the crate on its own.
    #[test]
    fn embedded_files_lie_inside_the_app_crate() {
        fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    sources(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    found.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .canonicalize()
            .unwrap();
        let mut files = Vec::new();
        sources(&root.join("src"), &mut files);
        let mut embedded = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for macro_call in ["include_bytes!(\"", "include_str!(\""] {
                for (at, _) in text.match_indices(macro_call) {
                    let rest = &text[at + macro_call.len()..];
                    let Some(end) = rest.find('"') else { continue };
                    let target = file.parent().unwrap().join(&rest[..end]);
                    let target = target.canonicalize().unwrap_or(target);
                    assert!(
                        target.starts_with(&root),
                        "{} embeds {}, outside the app crate",
                        file.display(),
                        target.display()
                    );
                    embedded += 1;
                }
            }
        }
        assert!(embedded >= 4, "found only {embedded} embedded files");
    }

    /// `i18n` finds keys written as `.t("…")` on one line; these calls span several lines.
    #[test]
    fn every_fixed_text_is_in_both_catalogues() {
        let keys: Vec<&str> = include_str!("pdf.rs")
            .split('"')
            .filter(|s| s.starts_with("certificate-pdf-") && !s.ends_with('-'))
            .filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            .collect();
        assert!(keys.len() >= 15, "found only {keys:?}");
        for key in keys {
            for locale in Locale::ALL {
                assert!(I18n { locale }.has(key), "{key} missing for {locale:?}");
            }
        }
    }

    #[test]
    fn dates_follow_the_locale() {
        let day = date(2026, 12, 31);
        assert_eq!(format_date(Locale::De, day), "31.12.2026");
        assert_eq!(format_date(Locale::En, day), "31 December 2026");
        assert_eq!(format_date(Locale::En, date(2026, 3, 4)), "4 March 2026");
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_character() {
        const ADDRESS: &str =
            "https://fuehrerschein.musterstadt.de/verify/7f3c2a9e-51d4-4b8e-9c61-0a2b3c4d5e6f";
        let fonts = fonts().unwrap();
        let cases = [
            ("address in 110 pt", ADDRESS, 110.0),
            ("address in 80 pt", ADDRESS, 80.0),
            ("address in 47 pt", ADDRESS, 47.0),
            (
                "words",
                "Datenschutz im Bürgerbüro – was gilt für Größe und Maß bei Anträgen?",
                120.0,
            ),
            (
                "one long word",
                "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen",
                90.0,
            ),
        ];
        for (name, text, width) in cases {
            let breaks = if text.starts_with("https://") {
                Breaks::Address
            } else {
                Breaks::Words
            };
            let lines = wrap(fonts, text, ROW, width, breaks).unwrap();
            assert!(lines.len() > 1, "case {name}: expected several lines");
            for line in &lines {
                assert!(
                    line.width <= width + 0.01,
                    "case {name}: {:?} is {} wide",
                    line.text,
                    line.width
                );
            }
            if breaks == Breaks::Address {
                let (last, rest) = lines.split_last().unwrap();
                assert!(
                    rest.iter().all(|line| !line.text.ends_with('-')),
                    "case {name}: an address line ends in '-' ({last:?} is the last)"
                );
            }
            let joined: String = lines.iter().map(|line| line.text.as_str()).collect();
            assert_eq!(joined, text, "case {name}: text changed by wrapping");
        }
    }

    #[test]
    fn whitespace_and_invisible_characters_are_cleaned() {
        assert_eq!(
            clean("  Erika\t\nMuster\u{00ad}frau \u{200b} "),
            "Erika Musterfrau"
        );
    }
}
