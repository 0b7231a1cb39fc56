//! The sign-in letter as PDF: one A4 page in plain language ("Einfache Sprache") for staff without
//! a PC or a mail address. HR prints it; the person types the one-time code at the printed
//! address, or scans the QR code (the address with the code) with a phone, and is signed in once.
//!
//! Tagged for assistive technology and validated as PDF/UA-1 like the certificate, with the same
//! building blocks (`crate::pdf`). The code and the address are text, each on one line, so that
//! they can be copied and read aloud exactly. Pure: owned data in, bytes out; the caller creates
//! the code and decides where the bytes go.

use chrono::NaiveDate;
use fluent_bundle::FluentValue;
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::tagging::{ArtifactType, ListNumbering, Tag};

use crate::i18n::{I18n, Locale};
pub use crate::pdf::PdfError;
use crate::pdf::{
    ACCENT, Align, Block, Breaks, Column, Fonts, H1, H2, INK, Link, MUTED, NAVY, PAGE_HEIGHT,
    PAGE_WIDTH, Style, Tagging, Tags, Weight, clean, finish, fit_line, fonts, language_tag,
    new_document, paint_page, paragraph, place_lines, qr_code, style, wrap,
};

/// Everything printed on a sign-in letter. The fixed wording comes from the translation
/// catalogue of `locale`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInLetter {
    /// The municipality, for example "Stadt Musterstadt"; on top of the letter and its author.
    pub organisation_name: String,
    pub person_name: String,
    pub personnel_number: Option<String>,
    /// The person's organisational unit.
    pub department: Option<String>,
    /// Printed exactly as given, on one line, for example "K7QF-2M9X-HR4T-8WZD".
    pub code: String,
    /// The address to type, for example "https://lernen.musterstadt.de/login/code".
    pub sign_in_url: String,
    /// What the QR code holds: the address with the code.
    pub qr_url: String,
    /// The last day the code works.
    pub valid_until: NaiveDate,
    /// German or English: every fixed text, the date format and the document language.
    pub locale: Locale,
}

/// Renders the letter as a tagged, PDF/UA-1 validated one-page PDF.
pub fn render_letter(letter: &SignInLetter) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts()?;
    let i18n = I18n {
        locale: letter.locale,
    };
    let Composed {
        block,
        mut tags,
        link,
        headings,
    } = compose_to_fit(letter, i18n, fonts)?;
    let mut document = new_document()?;
    paint_page(&mut document, fonts, &block.items, &mut tags, Some(&link))?;
    // PDF/UA wants bookmarks, even on one page: one per heading.
    let mut outline = Outline::new();
    for (text, top) in headings {
        outline.push_child(OutlineNode::new(
            text,
            XyzDestination::new(0, Point::from_xy(0.0, (top - 12.0).max(0.0))),
        ));
    }
    document.set_metadata(metadata(letter, i18n));
    document.set_outline(outline);
    finish(document, tags)
}

// ---------------------------------------------------------------------------------------------
// Page geometry and type styles (PostScript points, y grows downwards from the top of the page).

/// 25 mm, as in a business letter.
const LEFT: f32 = 70.0;
/// 20 mm.
const RIGHT: f32 = 57.0;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - LEFT - RIGHT;
const TOP: f32 = 56.0;
const BOTTOM: f32 = PAGE_HEIGHT - 50.0;

const QR_SIZE: f32 = 110.0;
/// Between the steps' text and the QR code; more than the code's quiet zone of four modules.
const QR_GAP: f32 = 28.0;
/// Where a step's text starts, right of its number.
const STEP_INDENT: f32 = 26.0;
const CODE_PADDING_X: f32 = 14.0;
const CODE_PADDING_Y: f32 = 8.0;
const CODE_BORDER: f32 = 1.5;
/// A code or address is scaled down to fit its line, but not below this size.
const MIN_CODE_SIZE: f32 = 14.0;
const MIN_ADDRESS_SIZE: f32 = 9.0;
/// Below this size, an address that does not fit beside the QR code goes across the page instead.
const MIN_ADDRESS_SIZE_BESIDE: f32 = 11.0;
/// The bar left of the "important" notes, and the notes' indent.
const BAR_WIDTH: f32 = 3.0;
const BAR_INDENT: f32 = 14.0;

const ORGANISATION: Style = style(Weight::Bold, 14.0, 19.0, NAVY);
const TITLE: Style = style(Weight::Bold, 22.0, 28.0, NAVY);
const PERSONAL: Style = style(Weight::Bold, 13.0, 18.0, INK);
const DETAIL: Style = style(Weight::Regular, 11.0, 16.0, MUTED);
const BODY: Style = style(Weight::Regular, 12.0, 18.0, INK);
const STRONG: Style = style(Weight::Bold, 12.0, 18.0, INK);
const HEADING: Style = style(Weight::Bold, 15.0, 20.0, NAVY);
const NUMBER: Style = style(Weight::Bold, 13.0, 18.0, NAVY);
const ADDRESS: Style = style(Weight::Bold, 13.0, 19.0, INK);
const CODE: Style = style(Weight::Bold, 24.0, 32.0, INK);
const HINT: Style = style(Weight::Regular, 11.0, 15.0, MUTED);

/// Vertical gaps. A letter gets `NORMAL` spacing, or `COMPACT` when long names or units would
/// push it over the page.
#[derive(Clone, Copy, Debug)]
struct Spacing {
    after_organisation: f32,
    after_title: f32,
    between_details: f32,
    before_heading: f32,
    after_heading: f32,
    between_steps: f32,
}

const NORMAL: Spacing = Spacing {
    after_organisation: 26.0,
    after_title: 14.0,
    between_details: 14.0,
    before_heading: 22.0,
    after_heading: 8.0,
    between_steps: 16.0,
};

const COMPACT: Spacing = Spacing {
    after_organisation: 14.0,
    after_title: 8.0,
    between_details: 8.0,
    before_heading: 12.0,
    after_heading: 4.0,
    between_steps: 8.0,
};

// ---------------------------------------------------------------------------------------------
// Composition: the page as one block in reading order.

struct Composed {
    /// Placed on the page: y is measured from the top of the page.
    block: Block,
    tags: Tags,
    /// The sign-in address, for its link annotation.
    link: Link,
    /// Every heading and its top, for the bookmarks.
    headings: Vec<(String, f32)>,
}

fn compose_to_fit(letter: &SignInLetter, i18n: I18n, fonts: &Fonts) -> Result<Composed, PdfError> {
    for spacing in [NORMAL, COMPACT] {
        let composed = compose(letter, i18n, fonts, spacing)?;
        if composed.block.height <= BOTTOM {
            return Ok(composed);
        }
    }
    Err(PdfError::TooLong)
}

fn compose(
    letter: &SignInLetter,
    i18n: I18n,
    fonts: &Fonts,
    spacing: Spacing,
) -> Result<Composed, PdfError> {
    let mut tags = Tags::default();
    let mut block = Block::default();
    let layout = Tagging::Artifact(ArtifactType::Layout);
    let full = Column::new(LEFT, CONTENT_WIDTH, Align::Left);
    let mut headings = Vec::new();

    // Who sends it, and what it is.
    let organisation = Tagging::Content(tags.add(None, Tag::P));
    let mut y = paragraph(
        fonts,
        &mut block,
        TOP,
        &letter.organisation_name,
        ORGANISATION,
        full,
        organisation,
    )?;
    block.rect(LEFT, y + 6.0, CONTENT_WIDTH, 1.0, ACCENT, layout);
    y += 7.0 + spacing.after_organisation;

    let heading_text = i18n.t("letter-pdf-heading");
    let heading = Tagging::Content(tags.heading(H1, &heading_text));
    headings.push((clean(&heading_text), y));
    y = paragraph(fonts, &mut block, y, &heading_text, TITLE, full, heading)?;
    y += spacing.after_title;

    // Whom it is for.
    let personal = i18n.t_args(
        "letter-pdf-personal",
        [("name", FluentValue::from(letter.person_name.as_str()))],
    );
    let node = Tagging::Content(tags.add(None, Tag::P));
    y = paragraph(fonts, &mut block, y, &personal, PERSONAL, full, node)?;
    let details = [
        (
            "letter-pdf-personnel-number",
            "number",
            &letter.personnel_number,
        ),
        ("letter-pdf-department", "department", &letter.department),
    ];
    for (key, argument, value) in details {
        let Some(value) = value.as_deref().filter(|v| !clean(v).is_empty()) else {
            continue;
        };
        let text = i18n.t_args(key, [(argument, FluentValue::from(value))]);
        let node = Tagging::Content(tags.add(None, Tag::P));
        y = paragraph(fonts, &mut block, y, &text, DETAIL, full, node)?;
    }
    y += spacing.between_details;
    let intro = Tagging::Content(tags.add(None, Tag::P));
    y = paragraph(
        fonts,
        &mut block,
        y,
        &i18n.t("letter-pdf-intro"),
        BODY,
        full,
        intro,
    )?;

    // The steps, with the QR code right of the first two.
    y += spacing.before_heading;
    let steps_text = i18n.t("letter-pdf-steps");
    headings.push((clean(&steps_text), y));
    y = section_heading(fonts, &mut block, &mut tags, y, &steps_text)?;
    y += spacing.after_heading;
    let list = tags.add(None, Tag::L(ListNumbering::Decimal));
    let qr_x = LEFT + CONTENT_WIDTH - QR_SIZE;
    let text_x = LEFT + STEP_INDENT;
    let narrow = Column::new(text_x, qr_x - QR_GAP - text_x, Align::Left);
    let wide = Column::new(text_x, CONTENT_WIDTH - STEP_INDENT, Align::Left);

    // 1. Open the address, or scan the QR code. The address stays beside the QR code when it fits
    // there at a readable size; else it runs across the page and the QR code starts below it.
    let beside = fit_line(
        fonts,
        &letter.sign_in_url,
        ADDRESS,
        narrow.width,
        MIN_ADDRESS_SIZE_BESIDE,
    )?;
    let across = beside.is_none();
    let address_column = if across { wide } else { narrow };
    let mut qr_top = y;
    let body = step(fonts, &mut block, &mut tags, list, y, 1)?;
    let open = Tagging::Content(tags.add(Some(body), Tag::P));
    y = paragraph(
        fonts,
        &mut block,
        y,
        &i18n.t("letter-pdf-step-open"),
        BODY,
        address_column,
        open,
    )?;
    let address = tags.add(Some(body), Tag::P);
    let link = tags.add(Some(address), Tag::Link);
    let fitted = match beside {
        Some(fitted) => Some(fitted),
        None => fit_line(
            fonts,
            &letter.sign_in_url,
            ADDRESS,
            wide.width,
            MIN_ADDRESS_SIZE,
        )?,
    };
    let (lines, address_style) = match fitted {
        Some((run, fitted_style)) => (vec![run], fitted_style),
        // Longer than any sane address: broken after a '/', never inside "https://".
        None => {
            let small = Style {
                size: MIN_ADDRESS_SIZE,
                line_height: MIN_ADDRESS_SIZE * 1.4,
                ..ADDRESS
            };
            let lines = wrap(
                fonts,
                &letter.sign_in_url,
                small,
                wide.width,
                Breaks::Address,
            )?;
            (lines, small)
        }
    };
    y = place_lines(
        fonts,
        &mut block,
        y + 3.0,
        lines,
        address_style,
        address_column,
        Tagging::Content(link),
    ) + 3.0;
    if across {
        qr_top = y + 4.0;
        y = qr_top;
    }
    let scan = Tagging::Content(tags.add(Some(body), Tag::P));
    y = paragraph(
        fonts,
        &mut block,
        y,
        &i18n.t("letter-pdf-step-scan"),
        BODY,
        narrow,
        scan,
    )?;
    let qr = qr_code(qr_x, qr_top, QR_SIZE, &letter.qr_url)?;
    let alt = i18n.t("letter-pdf-qr-alt");
    let figure = tags.add(Some(body), Tag::Figure(Some(clean(&alt))));
    block.push(qr, Tagging::Content(figure));
    block.height = block.height.max(qr_top + QR_SIZE);

    // 2. Type the code.
    y += spacing.between_steps;
    let body = step(fonts, &mut block, &mut tags, list, y, 2)?;
    let type_code = Tagging::Content(tags.add(Some(body), Tag::P));
    y = paragraph(
        fonts,
        &mut block,
        y,
        &i18n.t("letter-pdf-step-code"),
        BODY,
        narrow,
        type_code,
    )?;
    y = code_box(
        fonts,
        &mut block,
        &mut tags,
        body,
        y + 6.0,
        &letter.code,
        narrow,
    )? + 6.0;
    let hint = Tagging::Content(tags.add(Some(body), Tag::P));
    y = paragraph(
        fonts,
        &mut block,
        y,
        &i18n.t("letter-pdf-code-hint"),
        HINT,
        narrow,
        hint,
    )?;
    y = y.max(qr_top + QR_SIZE);

    // 3. On a shared device: tick the box, and sign out at the end.
    y += spacing.between_steps;
    let body = step(fonts, &mut block, &mut tags, list, y, 3)?;
    let shared = Tagging::Content(tags.add(Some(body), Tag::P));
    y = paragraph(
        fonts,
        &mut block,
        y,
        &i18n.t("letter-pdf-step-shared"),
        BODY,
        wide,
        shared,
    )?;

    // How long the code works, and what to do when the letter is lost.
    y += spacing.before_heading;
    let important_text = i18n.t("letter-pdf-important");
    headings.push((clean(&important_text), y));
    y = section_heading(fonts, &mut block, &mut tags, y, &important_text)?;
    y += spacing.after_heading;
    let notes = Column::new(LEFT + BAR_INDENT, CONTENT_WIDTH - BAR_INDENT, Align::Left);
    let bar_top = y;
    let date = crate::i18n::format::date(letter.locale, letter.valid_until);
    let valid = i18n.t_args(
        "letter-pdf-valid",
        [("date", FluentValue::from(date.as_str()))],
    );
    let node = Tagging::Content(tags.add(None, Tag::P));
    y = paragraph(fonts, &mut block, y, &valid, STRONG, notes, node)?;
    let node = Tagging::Content(tags.add(None, Tag::P));
    y = paragraph(
        fonts,
        &mut block,
        y + 4.0,
        &i18n.t("letter-pdf-warning"),
        BODY,
        notes,
        node,
    )?;
    block.rect(LEFT, bar_top, BAR_WIDTH, y - bar_top, ACCENT, layout);

    Ok(Composed {
        block,
        tags,
        link: Link {
            node: link,
            url: clean(&letter.sign_in_url),
            alt: clean(&i18n.t("letter-pdf-link")),
        },
        headings,
    })
}

/// A second-level heading at `top`; returns its bottom.
fn section_heading(
    fonts: &Fonts,
    block: &mut Block,
    tags: &mut Tags,
    top: f32,
    text: &str,
) -> Result<f32, PdfError> {
    let heading = Tagging::Content(tags.heading(H2, text));
    let column = Column::new(LEFT, CONTENT_WIDTH, Align::Left);
    paragraph(fonts, block, top, text, HEADING, column, heading)
}

/// A numbered step of `list` at `top`: draws its number and returns the tag node of its body.
fn step(
    fonts: &Fonts,
    block: &mut Block,
    tags: &mut Tags,
    list: usize,
    top: f32,
    number: usize,
) -> Result<usize, PdfError> {
    let item = tags.add(Some(list), Tag::LI);
    let label = Tagging::Content(tags.add(Some(item), Tag::Lbl));
    let column = Column::new(LEFT, STEP_INDENT, Align::Left);
    paragraph(
        fonts,
        block,
        top,
        &format!("{number}."),
        NUMBER,
        column,
        label,
    )?;
    Ok(tags.add(Some(item), Tag::LBody))
}

/// The code, large and framed, on one line (scaled down if it must be); returns the frame's
/// bottom. A code too long for even the smallest size is an error, never broken over lines.
fn code_box(
    fonts: &Fonts,
    block: &mut Block,
    tags: &mut Tags,
    body: usize,
    top: f32,
    code: &str,
    column: Column,
) -> Result<f32, PdfError> {
    let inner = column.width - 2.0 * CODE_PADDING_X;
    let (run, code_style) =
        fit_line(fonts, code, CODE, inner, MIN_CODE_SIZE)?.ok_or(PdfError::TooLong)?;
    let width = run.width + 2.0 * CODE_PADDING_X;
    let height = code_style.line_height + 2.0 * CODE_PADDING_Y;
    let layout = Tagging::Artifact(ArtifactType::Layout);
    let (left, right) = (column.x, column.x + width - CODE_BORDER);
    let bottom = top + height - CODE_BORDER;
    block.rect(left, top, width, CODE_BORDER, NAVY, layout);
    block.rect(left, bottom, width, CODE_BORDER, NAVY, layout);
    block.rect(left, top, CODE_BORDER, height, NAVY, layout);
    block.rect(right, top, CODE_BORDER, height, NAVY, layout);
    let node = Tagging::Content(tags.add(Some(body), Tag::P));
    let text_column = Column::new(left + CODE_PADDING_X, run.width, Align::Left);
    place_lines(
        fonts,
        block,
        top + CODE_PADDING_Y,
        vec![run],
        code_style,
        text_column,
        node,
    );
    Ok(top + height)
}

fn metadata(letter: &SignInLetter, i18n: I18n) -> Metadata {
    let title = i18n.t_args(
        "letter-pdf-document-title",
        [("name", FluentValue::from(letter.person_name.as_str()))],
    );
    Metadata::new()
        .title(clean(&title))
        .language(language_tag(letter.locale).to_owned())
        .authors(vec![clean(&letter.organisation_name)])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::pdf::Draw;

    fn sample(locale: Locale) -> SignInLetter {
        SignInLetter {
            organisation_name: "Stadt Musterstadt".to_owned(),
            person_name: "Jürgen Weiß-Großhäuser".to_owned(),
            personnel_number: Some("004711".to_owned()),
            department: Some("Bürgeramt".to_owned()),
            code: "K7QF-2M9X-HR4T-8WZD".to_owned(),
            sign_in_url: "https://lernen.musterstadt.de/login/code".to_owned(),
            qr_url: "https://lernen.musterstadt.de/login/code?code=K7QF2M9XHR4T8WZD".to_owned(),
            valid_until: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            locale,
        }
    }

    fn long(locale: Locale) -> SignInLetter {
        SignInLetter {
            person_name: "Maximiliane Alexandra Charlotte Freifrau von und zu \
                          Hohenzollern-Sigmaringen-Weißenfels-Großherzogtum Süßach"
                .to_owned(),
            department: Some(
                "Fachbereich 20 – Finanzen, Controlling und Beteiligungsmanagement, Abteilung \
                 Steuern und Abgaben, Sachgebiet Gewerbesteuer und Vergnügungsteuer, Team Nord"
                    .to_owned(),
            ),
            ..sample(locale)
        }
    }

    fn tool_available(tool: &str) -> bool {
        let available = std::process::Command::new(tool).arg("-v").output().is_ok();
        if !available {
            eprintln!("note: {tool} is not on PATH; skipped the check that needs it");
        }
        available
    }

    fn temp_file(name: &str, pdf: &[u8]) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("letter-pdf-test-{}-{name}.pdf", std::process::id()));
        std::fs::write(&path, pdf).unwrap();
        path
    }

    /// `pdftotext -layout`, or `None` (with a note) when poppler-utils is missing.
    fn extract_text(name: &str, pdf: &[u8]) -> Option<String> {
        if !tool_available("pdftotext") {
            return None;
        }
        let path = temp_file(name, pdf);
        let output = std::process::Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(output.status.success(), "pdftotext failed on {name}");
        Some(String::from_utf8(output.stdout).unwrap())
    }

    /// Writes the PDF for a look by eye when LETTER_PDF_SAMPLE_DIR is set.
    fn keep_sample(name: &str, pdf: &[u8]) {
        if let Some(dir) = std::env::var_os("LETTER_PDF_SAMPLE_DIR") {
            std::fs::write(std::path::Path::new(&dir).join(format!("{name}.pdf")), pdf).unwrap();
        }
    }

    /// Text without whitespace and hyphens: wrapped lines compare equal to the unwrapped text.
    fn squeeze(text: &str) -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect()
    }

    #[test]
    fn letters_render_in_both_languages_with_code_and_address_as_text() {
        let cases = [
            (
                "de",
                sample(Locale::De),
                [
                    "Ihr Anmeldebrief für den Digitalen Führerschein",
                    "Persönlich – für Jürgen Weiß-Großhäuser",
                    "Personalnummer: 004711",
                    "bis zum 31.12.2026.",
                ],
            ),
            (
                "en",
                sample(Locale::En),
                [
                    "Your sign-in letter for the Digital Driving Licence",
                    "Personal – for Jürgen Weiß-Großhäuser",
                    "Personnel number: 004711",
                    "until 31 December 2026.",
                ],
            ),
        ];
        for (name, letter, expected) in cases {
            // krilla fails the render when PDF/UA-1 validation fails.
            let pdf = render_letter(&letter)
                .unwrap_or_else(|error| panic!("case {name} did not render: {error}"));
            keep_sample(name, &pdf);
            assert!(pdf.starts_with(b"%PDF"), "case {name}: not a PDF");

            let Some(text) = extract_text(name, &pdf) else {
                continue;
            };
            assert!(
                !text.contains("letter-pdf-"),
                "case {name}: a translation key is printed instead of its text:\n{text}"
            );
            for exact in [letter.code.as_str(), letter.sign_in_url.as_str()] {
                assert!(
                    text.lines().any(|line| line.trim() == exact),
                    "case {name}: {exact:?} is not on a line of its own:\n{text}"
                );
            }
            // The heading may wrap: compared without spaces and line breaks.
            let squeezed = squeeze(&text);
            for phrase in expected.into_iter().chain([
                letter.organisation_name.as_str(),
                letter.department.as_deref().unwrap(),
            ]) {
                assert!(
                    squeezed.contains(&squeeze(phrase)),
                    "case {name}: {phrase:?} missing from the extracted text:\n{text}"
                );
            }
            for number in ["1.", "2.", "3."] {
                assert!(
                    text.lines()
                        .any(|line| line.trim_start().starts_with(number)),
                    "case {name}: no step {number}\n{text}"
                );
            }
        }
    }

    #[test]
    fn the_document_title_and_language_are_in_the_metadata() {
        let pdf = render_letter(&sample(Locale::De)).unwrap();
        if !tool_available("pdfinfo") {
            return;
        }
        let path = temp_file("info", &pdf);
        let output = std::process::Command::new("pdfinfo")
            .arg(&path)
            .output()
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        let info = String::from_utf8_lossy(&output.stdout);
        assert!(
            info.contains("Anmeldebrief für Jürgen Weiß-Großhäuser"),
            "{info}"
        );
        let field = |name: &str| {
            info.lines()
                .find_map(|line| line.strip_prefix(name))
                .map(str::trim)
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(field("Tagged:"), "yes", "{info}");
        assert_eq!(field("Pages:"), "1", "{info}");
        // The language sits in the catalog; krilla writes it as a plain string.
        assert!(
            pdf.windows(b"de-DE".len()).any(|w| w == b"de-DE"),
            "no document language"
        );
    }

    #[test]
    fn the_qr_code_holds_the_address_with_the_code() {
        let letter = sample(Locale::De);
        let composed = compose(
            &letter,
            I18n {
                locale: letter.locale,
            },
            fonts().unwrap(),
            NORMAL,
        )
        .unwrap();
        let drawn: Vec<_> = composed
            .block
            .items
            .iter()
            .filter_map(|item| match &item.draw {
                Draw::Qr {
                    module,
                    width,
                    dark,
                    ..
                } => Some((*module, *width, dark.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(drawn.len(), 1, "expected exactly one QR code");
        let (module, width, dark) = &drawn[0];
        let expected = qrcode::QrCode::with_error_correction_level(
            letter.qr_url.as_bytes(),
            qrcode::EcLevel::M,
        )
        .unwrap();
        assert_eq!(*width, expected.width());
        let expected: Vec<bool> = expected
            .to_colors()
            .into_iter()
            .map(|color| color == qrcode::Color::Dark)
            .collect();
        assert_eq!(
            dark, &expected,
            "the drawn modules are not the code of qr_url"
        );
        assert!(
            (module * *width as f32 - QR_SIZE).abs() < 0.01,
            "the QR code is not {QR_SIZE} pt square"
        );

        // End to end, when the tools are there: rasterize the page and read the code back.
        if !tool_available("pdftoppm") || !tool_available("zbarimg") {
            return;
        }
        let pdf = render_letter(&letter).unwrap();
        let path = temp_file("qr", &pdf);
        let prefix = path.with_extension("");
        let status = std::process::Command::new("pdftoppm")
            .args(["-png", "-r", "150", "-singlefile"])
            .arg(&path)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(status.success(), "pdftoppm failed");
        let png = prefix.with_extension("png");
        let output = std::process::Command::new("zbarimg")
            .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable"])
            .arg(&png)
            .output()
            .unwrap();
        std::fs::remove_file(&path).unwrap();
        std::fs::remove_file(&png).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            letter.qr_url,
            "zbarimg read something else"
        );
    }

    #[test]
    fn a_long_name_and_unit_wrap_inside_the_page() {
        for locale in Locale::ALL {
            let letter = long(locale);
            let composed = compose_to_fit(&letter, I18n { locale }, fonts().unwrap()).unwrap();
            let mut runs = Vec::new();
            for item in &composed.block.items {
                if let Draw::Text {
                    x, baseline, run, ..
                } = &item.draw
                {
                    assert!(
                        *x >= LEFT - 0.01 && x + run.width <= PAGE_WIDTH - RIGHT + 0.01,
                        "{:?} runs from {x} to {} outside the margins",
                        run.text,
                        x + run.width
                    );
                    assert!(
                        *baseline <= BOTTOM,
                        "{:?} is below the page's end",
                        run.text
                    );
                    runs.push(run.text.as_str());
                }
            }
            // The first and the last word of each long text are on different lines.
            for (first, last) in [("Maximiliane", "Süßach"), ("Fachbereich", "Nord")] {
                let line_of = |word: &str| {
                    runs.iter()
                        .position(|run| run.contains(word))
                        .unwrap_or_else(|| panic!("{word:?} is not on the page ({locale:?})"))
                };
                assert!(
                    line_of(first) < line_of(last),
                    "{first:?} … {last:?} was not wrapped ({locale:?}): {runs:?}"
                );
            }
            assert!(composed.block.height <= BOTTOM);

            let pdf = render_letter(&letter).unwrap();
            keep_sample(&format!("long-{}", locale.code()), &pdf);
            if let Some(text) = extract_text("long", &pdf) {
                let squeezed = squeeze(&text);
                for part in [
                    letter.person_name.as_str(),
                    letter.department.as_deref().unwrap(),
                ] {
                    assert!(
                        squeezed.contains(&squeeze(part)),
                        "{part:?} is cut off:\n{text}"
                    );
                }
                assert!(text.lines().any(|line| line.trim() == letter.code));
            }
        }
    }

    #[test]
    fn missing_personnel_number_and_unit_are_left_out() {
        let letter = SignInLetter {
            personnel_number: None,
            department: Some("  ".to_owned()),
            ..sample(Locale::De)
        };
        let pdf = render_letter(&letter).unwrap();
        if let Some(text) = extract_text("without-details", &pdf) {
            assert!(!text.contains("Personalnummer"), "{text}");
            assert!(!text.contains("Organisationseinheit"), "{text}");
            assert!(text.contains(&letter.code), "{text}");
        }
    }

    #[test]
    fn a_long_address_and_code_stay_on_one_line() {
        let letter = SignInLetter {
            sign_in_url: "https://lernplattform.kreisverwaltung-musterlandkreis.de/login/code"
                .to_owned(),
            code: "K7QF-2M9X-HR4T-8WZD-K7QF-2M9X".to_owned(),
            ..sample(Locale::De)
        };
        let pdf = render_letter(&letter).unwrap();
        keep_sample("de-long-address", &pdf);
        if let Some(text) = extract_text("long-address", &pdf) {
            for exact in [letter.code.as_str(), letter.sign_in_url.as_str()] {
                assert!(
                    text.lines().any(|line| line.trim() == exact),
                    "{exact:?} is not on a line of its own:\n{text}"
                );
            }
        }
    }

    /// `i18n` finds keys written as `.t("…")` on one line; these calls span several lines.
    #[test]
    fn every_fixed_text_is_in_both_catalogues() {
        let keys: Vec<&str> = include_str!("letter_pdf.rs")
            .split('"')
            .filter(|s| s.starts_with("letter-pdf-") && !s.ends_with('-'))
            .filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            .collect();
        assert!(keys.len() >= 15, "found only {keys:?}");
        for key in keys {
            for locale in Locale::ALL {
                assert!(I18n { locale }.has(key), "{key} missing for {locale:?}");
            }
        }
    }
}
