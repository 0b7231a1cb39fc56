//! The editors' uploads and downloads (`authoring`): a Moodle question bank (GIFT or Moodle XML)
//! added to a draft's quiz, a module folder (zip) as a module's draft, a version exported as a
//! zip of its folder, and an image put into a lesson. Plain multipart form posts, so that they
//! work without JavaScript; every body is read with a limit, and a refused file sends the
//! browser back to its form with a catalogue key (`?problem=…`), leaving the draft as it was.
//! Cross-site posts never arrive here: `guard::refuse_cross_site` turns them away first.

use std::collections::HashMap;

use app::authoring::imports::{
    self, ImportedQuestion, LineNote, MODULE_IMPORT_HREF, SkippedEntry, UploadKind, UploadReport,
};
use app::authoring::server::{
    self as authoring, EDITORS, MAX_MODULE_ID, archive, draft_files, library, store_draft_files,
    version_files,
};
use app::authoring::{MAX_IMAGE_BYTES, file_href, version_href};
use app::content::ModuleFiles;
use app::error::AppError;
use app::identity::{CurrentUser, Role};
use axum::extract::multipart::Field;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::edge::{Roles, WithRole};
use super::state::AppState;
use crate::content_import::{self, Format, Import};

/// The content editors (Redaktion).
pub struct Editors;

impl Roles for Editors {
    const ROLES: &'static [Role] = EDITORS;
}

/// What a multipart body may carry besides the file: a few short fields.
const MAX_FIELD_BYTES: usize = 4 * 1024;
const MAX_FIELDS: usize = 20;
/// Room for the form's fields and the multipart framing around the file.
pub const FORM_OVERHEAD: usize = 64 * 1024;

/// A posted form: the field `file` and the short text fields.
#[derive(Default)]
struct Posted {
    file: Option<(String, Vec<u8>)>,
    fields: HashMap<String, String>,
    /// The file was larger than the limit (or the body than the route's).
    too_large: bool,
    /// The body was no readable multipart form.
    broken: bool,
}

impl Posted {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(|v| v.trim()).unwrap_or_default()
    }
}

/// Reads a multipart form with the file `file` of at most `limit` bytes. A larger file is not
/// kept (its bytes are read past, up to the route's body limit, so that later fields arrive).
async fn read_form(mut form: Multipart, limit: usize) -> Posted {
    let mut posted = Posted::default();
    let mut count = 0;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return posted,
            Err(err) => {
                refused_body(&mut posted, err.status());
                return posted;
            }
        };
        count += 1;
        if count > MAX_FIELDS {
            // More fields than any of these forms has.
            posted.broken = true;
            return posted;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let is_file = name == "file";
        let cap = if is_file { limit } else { MAX_FIELD_BYTES };
        let data = match read_field(field, cap).await {
            Ok(data) => data,
            Err(status) => {
                refused_body(&mut posted, status);
                return posted;
            }
        };
        match (is_file, data) {
            (true, Some(bytes)) => posted.file = Some((file_name, bytes)),
            (true, None) => posted.too_large = true,
            (false, Some(bytes)) => {
                if let Ok(text) = String::from_utf8(bytes) {
                    posted.fields.insert(name, text);
                }
            }
            (false, None) => {}
        }
    }
}

fn refused_body(posted: &mut Posted, status: StatusCode) {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        posted.too_large = true;
    } else {
        posted.broken = true;
    }
}

/// A field's bytes, or `None` when it holds more than `cap`.
async fn read_field(mut field: Field<'_>, cap: usize) -> Result<Option<Vec<u8>>, StatusCode> {
    let mut data = Vec::new();
    let mut over = false;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if over {
                    continue;
                }
                if data.len() + chunk.len() > cap {
                    over = true;
                    data = Vec::new();
                } else {
                    data.extend_from_slice(&chunk);
                }
            }
            Ok(None) => return Ok((!over).then_some(data)),
            Err(err) => return Err(err.status()),
        }
    }
}

/// Back to `target` with a problem (a catalogue key the form shows) and, if known, its line.
fn refuse(target: &str, key: &str, line: Option<usize>) -> Response {
    let separator = if target.contains('?') { '&' } else { '?' };
    let mut to = format!("{target}{separator}problem={key}");
    if let Some(line) = line {
        to.push_str(&format!("&line={line}"));
    }
    Redirect::to(&to).into_response()
}

/// An error of the authoring logic: what the form can say goes back to it, a missing module or
/// version is a 404, a missing role a 403.
fn refused_by(target: &str, err: AppError) -> Response {
    match &err {
        AppError::Invalid(errors) => match errors.first() {
            Some(first) => refuse(target, &first.message, None),
            None => err.into_response(),
        },
        AppError::Conflict(key) => refuse(target, key, None),
        _ => err.into_response(),
    }
}

/// The file name as the browser sent it, without folders or control characters.
fn plain_name(name: &str, fallback: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim().to_owned();
    if clean.is_empty() {
        fallback.to_owned()
    } else {
        clean
    }
}

/// The format of a question bank: the one chosen, else XML for what starts with a tag or is
/// named `.xml`, else GIFT.
fn detect(chosen: Option<Format>, file_name: &str, text: &str) -> Format {
    if let Some(format) = chosen {
        return format;
    }
    let named_xml = file_name.to_ascii_lowercase().ends_with(".xml");
    if text.trim_start().starts_with('<') || named_xml {
        Format::MoodleXml
    } else {
        Format::Gift
    }
}

/// The lesson link (`01-x`) of a German lesson of the draft, by its path.
fn lesson_link(files: &ModuleFiles, path: &str) -> Option<String> {
    if !files.files.contains_key(path) || path.ends_with(".en.md") {
        return None;
    }
    let link = path.strip_prefix("lessons/")?.strip_suffix(".md")?;
    content_import::is_lesson_link(link).then(|| link.to_owned())
}

/// The line of the first byte that is not UTF-8.
fn first_bad_line(bytes: &[u8], valid_up_to: usize) -> usize {
    bytes[..valid_up_to].iter().filter(|b| **b == b'\n').count() + 1
}

/// `quiz` with the imported questions' tables after its own text, which stays as it was.
fn appended(quiz: &str, blocks: &str, origin: &str, format: Format, count: usize) -> String {
    let mut text = quiz.to_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let format = match format {
        Format::Gift => "GIFT",
        Format::MoodleXml => "Moodle XML",
    };
    text.push_str(&format!(
        "\n# Imported in the browser from {origin} ({format}): {count} question(s). Every one links \
         to the lesson chosen for the import;\n# point each `lesson` to the section that teaches it.\n"
    ));
    text.push_str(blocks);
    text
}

/// `POST /redaktion/inhalte/{module}/{number}/import`: a GIFT or Moodle XML file, converted by
/// the command line's importer and added to the end of the draft's `quiz.toml`.
#[tracing::instrument(name = "Import questions into a draft", skip_all, fields(module = %module))]
pub async fn import_questions(
    State(state): State<AppState>,
    WithRole(me, ..): WithRole<Editors>,
    Path((module, number)): Path<(String, i32)>,
    form: Multipart,
) -> Response {
    let back = imports::import_href(&module, number);
    let mut posted = read_form(form, content_import::MAX_FILE_BYTES).await;
    if posted.too_large {
        return refuse(&back, "content-import-problem-too-large", None);
    }
    if posted.broken {
        return refuse(&back, "content-import-problem-unreadable", None);
    }
    let ctx = &state.ctx;
    let mut files = match draft_files(ctx, &me, &module, number).await {
        Ok(files) => files,
        Err(err) => return refused_by(&back, err),
    };
    let based_on = files.clone();
    let Some((file_name, bytes)) = posted.file.take().filter(|(_, b)| !b.is_empty()) else {
        return refuse(&back, "content-import-problem-no-file", None);
    };
    let Some(lesson) = lesson_link(&files, posted.field("lesson")) else {
        return refuse(&back, "content-import-problem-lesson", None);
    };
    let chosen = match posted.field("format") {
        "" | "auto" => None,
        "gift" => Some(Format::Gift),
        "xml" => Some(Format::MoodleXml),
        _ => return refuse(&back, "content-import-problem-format", None),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let line = first_bad_line(err.as_bytes(), err.utf8_error().valid_up_to());
            return refuse(&back, "content-import-problem-not-text", Some(line));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return refuse(&back, "content-import-problem-no-file", None);
    }
    let origin = plain_name(&file_name, "upload");
    let format = detect(chosen, &origin, text);
    let mut import = match content_import::read(format, text) {
        Ok(import) => import,
        Err(malformed) => {
            return refuse(&back, "content-import-problem-xml", Some(malformed.line));
        }
    };
    // A GIFT question has its answers in braces; a text without any (a CSV, a letter) is not
    // a question bank, whatever the importer makes of its paragraphs.
    if format == Format::Gift
        && import.questions.is_empty()
        && (import.not_converted.is_empty() || !text.contains('{'))
    {
        return refuse(&back, "content-import-problem-not-gift", None);
    }
    let mut taken = content_import::question_ids(
        files
            .files
            .get("quiz.toml")
            .map(String::as_str)
            .unwrap_or(""),
    );
    if let Some(english) = files.files.get("quiz.en.toml") {
        taken.extend(content_import::question_ids(english));
    }
    let renamed: HashMap<String, String> =
        content_import::rename_taken(&mut import.questions, &taken)
            .into_iter()
            .map(|(old, new)| (new, old))
            .collect();
    if !import.questions.is_empty() {
        let quiz = match files.files.get("quiz.toml") {
            Some(quiz) => content_import::question_blocks(&import.questions, &lesson, &origin)
                .map(|blocks| appended(quiz, &blocks, &origin, format, import.questions.len())),
            None => content_import::quiz_toml(&import, &lesson, &origin, format),
        };
        let Ok(quiz) = quiz else {
            tracing::error!("imported questions could not be written as TOML");
            return AppError::Internal.into_response();
        };
        files.files.insert("quiz.toml".to_owned(), quiz);
        if let Err(err) = store_draft_files(ctx, &me, &module, number, &based_on, &files).await {
            return refused_by(&back, err);
        }
    }
    let (problems, lints) = authoring::check(ctx, &module, &files);
    let report = question_report(
        import, renamed, &module, number, origin, format, lesson, problems, lints,
    );
    store_report(ctx, &me, report).await
}

#[allow(clippy::too_many_arguments)]
fn question_report(
    import: Import,
    renamed: HashMap<String, String>,
    module: &str,
    number: i32,
    file_name: String,
    format: Format,
    lesson: String,
    problems: Vec<app::authoring::FileProblem>,
    lints: Vec<app::authoring::FileProblem>,
) -> UploadReport {
    let note = |n: content_import::Note| LineNote {
        line: n.line,
        message: n.message,
    };
    let mut skipped: Vec<LineNote> = import.not_converted.into_iter().map(note).collect();
    skipped.sort_by_key(|n| n.line);
    let mut notes: Vec<LineNote> = import.warnings.into_iter().map(note).collect();
    notes.sort_by_key(|n| n.line);
    UploadReport {
        kind: match format {
            Format::Gift => UploadKind::Gift,
            Format::MoodleXml => UploadKind::MoodleXml,
        },
        file_name,
        module_id: module.to_owned(),
        number,
        lesson: Some(lesson),
        imported: import
            .questions
            .into_iter()
            .map(|q| ImportedQuestion {
                renamed_from: renamed.get(&q.id).cloned(),
                kind: q.kind.tag().to_owned(),
                text: UploadReport::preview(&q.text),
                line: q.line,
                category: q.category,
                id: q.id,
            })
            .collect(),
        skipped,
        notes,
        categories: import.categories,
        problems,
        lints,
        ..UploadReport::default()
    }
}

async fn store_report(
    ctx: &app::context::AppContext,
    me: &CurrentUser,
    report: UploadReport,
) -> Response {
    let module = report.module_id.clone();
    match imports::server::store(ctx, me, report).await {
        Ok(id) => Redirect::to(&imports::report_href(&module, id)).into_response(),
        Err(err) => err.into_response(),
    }
}

/// Whether `id` can name a module: lower-case letters, digits and inner hyphens, at most 64.
fn is_module_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_MODULE_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// `POST /redaktion/inhalte/import`: a module folder as a zip file, as the module's draft (or a
/// new module's first draft), by the id in its `module.toml`.
#[tracing::instrument(name = "Import a module folder", skip_all)]
pub async fn import_module(
    State(state): State<AppState>,
    WithRole(me, ..): WithRole<Editors>,
    form: Multipart,
) -> Response {
    let back = MODULE_IMPORT_HREF;
    let posted = read_form(form, archive::MAX_ZIP_BYTES).await;
    if posted.too_large {
        return refuse(back, "authoring-zip-too-large", None);
    }
    if posted.broken {
        return refuse(back, "content-import-problem-unreadable", None);
    }
    let Some((file_name, bytes)) = posted.file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(back, "content-import-problem-no-file", None);
    };
    let mut unpacked = match archive::unpack(&bytes) {
        Ok(unpacked) => unpacked,
        Err(archive::Unreadable(key)) => return refuse(back, key, None),
    };
    // Text with NUL characters is no text file; the editor would refuse to save it.
    let binary: Vec<String> = unpacked
        .files
        .files
        .iter()
        .filter(|(_, text)| text.contains('\0'))
        .map(|(path, _)| path.clone())
        .collect();
    for path in binary {
        unpacked.files.files.remove(&path);
        unpacked
            .skipped
            .push((path, "authoring-zip-skipped-encoding"));
    }
    if !unpacked.files.files.contains_key("module.toml") {
        return refuse(back, "authoring-zip-no-module", None);
    }
    let Some(module) = unpacked.files.declared_id() else {
        return refuse(back, "content-import-problem-zip-no-id", None);
    };
    if !is_module_id(&module) {
        return refuse(back, "content-import-problem-zip-id", None);
    }
    if app::authoring::server::RESERVED_IDS.contains(&module.as_str()) {
        return refuse(back, "content-import-problem-zip-id-reserved", None);
    }
    if library::version_label(&unpacked.files).is_some_and(|v| v.chars().count() > 64) {
        return refuse(back, "content-import-problem-zip-version", None);
    }
    let ctx = &state.ctx;
    let new_module = match authoring::history(ctx, &me, &module).await {
        Ok(_) => false,
        Err(AppError::NotFound) => true,
        Err(err) => return err.into_response(),
    };
    let offered: Vec<String> = unpacked.images.iter().map(|(n, _)| n.clone()).collect();
    let number =
        match authoring::replace_files(ctx, &me, &module, unpacked.files, unpacked.images).await {
            Ok(number) => number,
            Err(AppError::NotFound) => {
                return refuse(back, "content-import-problem-zip-no-draft", None);
            }
            Err(err) => return refused_by(back, err),
        };
    let stored = match version_files(ctx, &me, &module, number).await {
        Ok((_, files)) => files,
        Err(err) => return err.into_response(),
    };
    let mut entries_skipped: Vec<SkippedEntry> = unpacked
        .skipped
        .into_iter()
        .map(|(path, reason)| SkippedEntry {
            path,
            reason: reason.to_owned(),
        })
        .collect();
    let mut images = Vec::new();
    for name in offered {
        if stored.media.contains(&name) {
            images.push(name);
        } else {
            entries_skipped.push(SkippedEntry {
                path: format!("media/{name}"),
                reason: "content-import-zip-image-refused".to_owned(),
            });
        }
    }
    let (problems, lints) = authoring::check(ctx, &module, &stored);
    let report = UploadReport {
        kind: UploadKind::Folder,
        file_name: plain_name(&file_name, "upload.zip"),
        module_id: module.clone(),
        number,
        new_module,
        files: stored.files.keys().cloned().collect(),
        images,
        entries_skipped,
        problems,
        lints,
        ..UploadReport::default()
    };
    store_report(ctx, &me, report).await
}

/// Letters, digits, `.`, `-` and `_` of a name for a download.
fn download_part(text: &str) -> String {
    let safe: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    safe.trim_matches('.').to_owned()
}

/// `GET /redaktion/inhalte/{module}/{number}/export.zip`: the version as its module folder,
/// with its images, as `content/modules/<module>/` holds it.
#[tracing::instrument(name = "Export a module version", skip_all, fields(module = %module))]
pub async fn export(
    State(state): State<AppState>,
    WithRole(me, ..): WithRole<Editors>,
    Path((module, number)): Path<(String, i32)>,
) -> Response {
    let ctx = &state.ctx;
    let (row, files) = match version_files(ctx, &me, &module, number).await {
        Ok(found) => found,
        Err(err) => return err.into_response(),
    };
    let mut images = Vec::new();
    for name in &files.media {
        match library::media(&ctx.read, &module, name).await {
            Ok(Some((_, bytes))) => images.push((name.clone(), bytes)),
            // Listed but gone: the folder is still worth having; the check will name it.
            Ok(None) => {}
            Err(err) => return AppError::from(err).into_response(),
        }
    }
    let bytes = match archive::pack(&module, &files, &images) {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "a module could not be packed");
            return AppError::Internal.into_response();
        }
    };
    let name = format!(
        "{}-{}.zip",
        download_part(&module),
        download_part(&row.version)
    );
    (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `POST /redaktion/inhalte/{module}/{number}/bild`: an image with its alt text (fields `file`,
/// `alt`, `lesson`) at the end of a lesson of the draft; back to the lesson's editor with
/// `&bild=<name>`, or with `&problem=<key>` when the image is refused.
#[tracing::instrument(name = "Upload an image into a lesson", skip_all, fields(module = %module))]
pub async fn upload_image(
    State(state): State<AppState>,
    WithRole(me, ..): WithRole<Editors>,
    Path((module, number)): Path<(String, i32)>,
    form: Multipart,
) -> Response {
    let mut posted = read_form(form, MAX_IMAGE_BYTES).await;
    let lesson = posted.field("lesson").to_owned();
    let lesson_known = lesson.starts_with("lessons/") && lesson.ends_with(".md");
    let back = if lesson_known {
        file_href(&module, number, &lesson)
    } else {
        version_href(&module, number)
    };
    if posted.too_large {
        return refuse(&back, "authoring-image-too-large", None);
    }
    if posted.broken {
        return refuse(&back, "content-import-problem-unreadable", None);
    }
    let (original, bytes) = posted.file.take().unwrap_or_default();
    match authoring::add_image(
        &state.ctx,
        &me,
        &module,
        number,
        &lesson,
        posted.field("alt"),
        &plain_name(&original, "bild"),
        &bytes,
    )
    .await
    {
        Ok(name) => {
            Redirect::to(&format!("{back}&bild={}", app::ui::percent_encode(&name))).into_response()
        }
        Err(err) => refused_by(&back, err),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_chosen_named_or_seen() {
        assert_eq!(detect(Some(Format::Gift), "a.xml", "<quiz/>"), Format::Gift);
        assert_eq!(
            detect(None, "fragen.txt", "\n  <?xml version=\"1.0\"?>"),
            Format::MoodleXml
        );
        assert_eq!(detect(None, "FRAGEN.XML", "kaputt"), Format::MoodleXml);
        assert_eq!(detect(None, "fragen.gift", "Frage {T}"), Format::Gift);
    }

    #[test]
    fn lesson_links_come_from_german_lessons_of_the_draft() {
        let mut files = ModuleFiles::default();
        for path in [
            "lessons/01-erste.md",
            "lessons/01-erste.en.md",
            "module.toml",
        ] {
            files.files.insert(path.to_owned(), String::new());
        }
        assert_eq!(
            lesson_link(&files, "lessons/01-erste.md").as_deref(),
            Some("01-erste")
        );
        assert_eq!(lesson_link(&files, "lessons/01-erste.en.md"), None);
        assert_eq!(lesson_link(&files, "lessons/02-fehlt.md"), None);
        assert_eq!(lesson_link(&files, "module.toml"), None);
    }

    #[test]
    fn names_lose_folders_and_control_characters() {
        assert_eq!(plain_name("C:\\Daten\\fragen.gift", "x"), "fragen.gift");
        assert_eq!(plain_name("../a\nb.xml", "x"), "ab.xml");
        assert_eq!(plain_name("", "upload"), "upload");
        assert_eq!(download_part("2.0.1 beta/\"x\""), "2.0.1-beta--x-");
    }

    #[test]
    fn the_quiz_keeps_its_text_and_gets_the_questions_after_it() {
        let quiz = "pass_mark = 75\ndraw = 1\n\n[[questions]]\nid = \"a\"";
        let text = appended(
            quiz,
            "\n[[questions]]\nid = \"b\"\n",
            "f.gift",
            Format::Gift,
            1,
        );
        assert!(text.starts_with(quiz));
        assert!(text.contains("# Imported in the browser from f.gift (GIFT): 1 question(s)."));
        assert!(text.ends_with("\n[[questions]]\nid = \"b\"\n"));
    }

    #[test]
    fn module_ids_are_slugs() {
        assert!(is_module_id("datenschutz-2"));
        for bad in ["", "-a", "a-", "A", "a b", "../x", &"a".repeat(65)] {
            assert!(!is_module_id(bad), "{bad}");
        }
    }
}
