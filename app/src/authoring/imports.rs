//! Uploads and downloads of the editors: a Moodle question bank (GIFT or Moodle XML) added to a
//! draft's quiz, a whole module folder (zip) as a module's draft, the export of a version as a
//! folder, and the images of lessons. The files are posted as plain multipart forms to the
//! server's handlers (`server/src/http/content_upload.rs`), which run the importers and store
//! what they did as an [`UploadReport`]; the pages here show the forms and the reports.
//!
//! Owns the table `content_upload`. Changes drafts only through `authoring::server`.

use chrono::{DateTime, Utc};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::pages::finding;
use super::{FileKind, FileProblem, VersionView, file_href, get_version, version_href};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{I18n, Message, format, use_i18n};
use crate::ui::{FormErrorShown, Protected, await_view, percent_encode};

/// The page with the form for a module folder (zip), new module or existing.
pub const MODULE_IMPORT_HREF: &str = "/redaktion/inhalte/import";
/// How many rows of one list the report page shows; the rest is counted.
const SHOWN: usize = 500;
/// How much of a question's text the report keeps, in characters.
const TEXT_PREVIEW: usize = 160;

/// The form that adds a question bank to a draft's quiz (GET), and its target (POST).
pub fn import_href(module: &str, number: i32) -> String {
    format!("{}/import", version_href(module, number))
}

/// A version as a zip file of its module folder.
pub fn export_href(module: &str, number: i32) -> String {
    format!("{}/export.zip", version_href(module, number))
}

/// The target of the image upload of a lesson (fields `file`, `alt`, `lesson`).
pub fn image_href(module: &str, number: i32) -> String {
    format!("{}/bild", version_href(module, number))
}

/// The report of an upload.
pub fn report_href(module: &str, id: Uuid) -> String {
    format!("/redaktion/inhalte/{}/import/{id}", percent_encode(module))
}

/// The editor of one question of a version.
pub fn question_href(module: &str, number: i32, question: &str) -> String {
    format!(
        "{}/fragen/{}",
        version_href(module, number),
        percent_encode(question)
    )
}

/// What was uploaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadKind {
    #[default]
    Gift,
    MoodleXml,
    /// A module folder as a zip file.
    Folder,
}

impl UploadKind {
    /// As stored in `content_upload.format`.
    pub fn code(self) -> &'static str {
        match self {
            UploadKind::Gift => "gift",
            UploadKind::MoodleXml => "moodle_xml",
            UploadKind::Folder => "zip",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            UploadKind::Gift => "content-import-kind-gift",
            UploadKind::MoodleXml => "content-import-kind-moodle-xml",
            UploadKind::Folder => "content-import-kind-zip",
        }
    }
}

/// A question the import added to the quiz.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedQuestion {
    pub id: String,
    /// Where it starts in the uploaded file.
    pub line: usize,
    /// The question type (`single`, `true_false`, …).
    pub kind: String,
    /// The beginning of its text.
    pub text: String,
    /// The id the file gave it, where the quiz already had a question with that id.
    pub renamed_from: Option<String>,
    pub category: Option<String>,
}

/// Something the importer says about a line of the uploaded file: a message of the catalogue
/// `import.*.ftl`, shown in the reader's language (the command line prints it in English).
/// Reports stored before the notes were translated hold an English sentence instead; it reads
/// as written (`i18n::message::AS_WRITTEN`), marked as English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineNote {
    pub line: usize,
    pub message: Message,
}

/// An entry of a zip file that was not taken, with the reason as a catalogue key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    pub path: String,
    pub reason: String,
}

/// What an upload did: the importer's report and what the checks said afterwards. Stored as
/// JSON in `content_upload.report`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadReport {
    pub kind: UploadKind,
    pub file_name: String,
    pub module_id: String,
    /// The draft's number.
    pub number: i32,
    /// Question banks: the lesson link every imported question got (`01-x`).
    pub lesson: Option<String>,
    pub imported: Vec<ImportedQuestion>,
    /// Questions the importer could not convert.
    pub skipped: Vec<LineNote>,
    /// What the conversion changed in questions it did convert.
    pub notes: Vec<LineNote>,
    /// Moodle categories with the number of converted questions in each.
    pub categories: Vec<(String, usize)>,
    /// Module folders: the module did not exist before.
    pub new_module: bool,
    /// Module folders: the text files taken.
    pub files: Vec<String>,
    /// Module folders: the images taken.
    pub images: Vec<String>,
    /// Module folders: entries left out.
    pub entries_skipped: Vec<SkippedEntry>,
    /// What stops publication, as the checks found it right after the upload.
    pub problems: Vec<FileProblem>,
    /// What the checks advise, right after the upload.
    pub lints: Vec<FileProblem>,
}

impl UploadReport {
    /// The beginning of a question's text for the report.
    pub fn preview(text: &str) -> String {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.chars().count() <= TEXT_PREVIEW {
            flat
        } else {
            let cut: String = flat.chars().take(TEXT_PREVIEW - 1).collect();
            format!("{}…", cut.trim_end())
        }
    }
}

/// A stored report, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadView {
    pub id: Uuid,
    pub report: UploadReport,
    pub created_at: DateTime<Utc>,
}

#[server(endpoint = "redaktion/inhalte/upload-bericht")]
pub async fn get_upload(module: String, id: String) -> Result<UploadView, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::report(ctx, me, &module, &id).await).await
}

/// The problems a handler may send back to a form (`?problem=<key>`): only keys of the
/// catalogue that belong to these forms, so that a link cannot make the page say anything else.
fn is_problem_key(i18n: I18n, key: &str) -> bool {
    (key.starts_with("content-import-problem-") || key.starts_with("authoring-")) && i18n.has(key)
}

/// The form field a problem belongs to.
fn problem_field(key: &str) -> &'static str {
    match key {
        "content-import-problem-lesson" => "lesson",
        "content-import-problem-format" => "format",
        _ => "file",
    }
}

/// The problem named in the address, translated, with the line it names, and its field.
fn problem_from_query(i18n: I18n) -> Option<(String, &'static str)> {
    let query = use_query_map();
    query.with_untracked(|q| {
        let key = q.get("problem")?;
        if !is_problem_key(i18n, &key) {
            return None;
        }
        let text = i18n.t(&key);
        // Only a number is taken from the address besides the key.
        let text = match q.get("line").and_then(|l| l.trim().parse::<u32>().ok()) {
            Some(line) => format!(
                "{} {text}",
                i18n.t_args("content-import-problem-at-line", [("line", line.into())])
            ),
            None => text,
        };
        Some((text, problem_field(&key)))
    })
}

/// The error summary of a refused upload, linked to its field; it takes the focus.
fn problem_summary(i18n: I18n, text: String, field: &'static str) -> impl IntoView {
    if let Some(shown) = use_context::<FormErrorShown>() {
        shown.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let href = format!("#field-{field}");
    view! {
        <div class="notice notice-error" role="alert" id="form-errors" tabindex="-1" autofocus>
            <p><strong>{i18n.t("content-import-refused")}</strong></p>
            <ul><li><a href=href>{text}</a></li></ul>
        </div>
    }
}

/// The message under a field that has the problem.
fn field_error(field: &'static str, problem: &Option<(String, &'static str)>) -> Option<String> {
    problem
        .as_ref()
        .filter(|(_, f)| *f == field)
        .map(|(text, _)| text.clone())
}

fn described_by(field: &'static str, has_error: bool) -> String {
    let mut ids = vec![format!("field-{field}-hint")];
    if has_error {
        ids.push(format!("field-{field}-error"));
    }
    ids.join(" ")
}

#[component]
pub fn QuestionImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("content-import-questions-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <QuestionImport /> } />
    }
}

#[component]
fn QuestionImport() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let version = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("module").unwrap_or_default(),
                    p.get("number").and_then(|n| n.parse::<i32>().ok()),
                )
            })
        },
        |(module, number)| async move {
            match number {
                Some(number) => get_version(module, number).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let problem = problem_from_query(i18n);
    await_view(version, move |v: VersionView| {
        let module = v.summary.module_id.clone();
        let number = v.summary.number;
        let back = version_href(&module, number);
        let heading = i18n.t_args(
            "content-import-questions-heading",
            [
                ("title", v.title.clone().into()),
                ("version", v.summary.version.clone().into()),
            ],
        );
        let body = if v.can_edit {
            let lessons: Vec<(String, String)> = v
                .files
                .iter()
                .filter(|f| f.kind == FileKind::Lesson)
                .map(|f| {
                    let label = match &f.title {
                        Some(title) => format!("{title} ({})", f.path),
                        None => f.path.clone(),
                    };
                    (f.path.clone(), label)
                })
                .collect();
            Either::Left(question_form(
                i18n,
                &module,
                number,
                lessons,
                problem.clone(),
            ))
        } else {
            Either::Right(view! {
                <div class="notice" role="status">
                    <p>{i18n.t("content-import-not-a-draft")}</p>
                    <p><a href=back.clone()>{i18n.t("content-import-to-version")}</a></p>
                </div>
            })
        };
        view! {
            <Title text=heading.clone() />
            <p class="breadcrumb"><a href=back>{i18n.t("content-import-back-to-version")}</a></p>
            <h1>{heading}</h1>
            {body}
        }
    })
}

fn question_form(
    i18n: I18n,
    module: &str,
    number: i32,
    lessons: Vec<(String, String)>,
    problem: Option<(String, &'static str)>,
) -> impl IntoView + use<> {
    let file_error = field_error("file", &problem);
    let lesson_error = field_error("lesson", &problem);
    let format_error = field_error("format", &problem);
    let summary = problem
        .clone()
        .map(|(text, field)| problem_summary(i18n, text, field));
    let options = lessons
        .into_iter()
        .map(|(path, label)| view! { <option value=path>{label}</option> })
        .collect_view();
    view! {
        <p>{i18n.t("content-import-questions-intro")}</p>
        {summary}
        <form method="post" action=import_href(module, number) enctype="multipart/form-data" class="stack-form">
            <div class="field" class:field-invalid=file_error.is_some()>
                <label for="field-file">{i18n.t("content-import-file")}</label>
                <p class="hint" id="field-file-hint">{i18n.t("content-import-file-hint")}</p>
                {file_error.clone().map(|m| view! { <p class="field-error" id="field-file-error">{m}</p> })}
                <input id="field-file" name="file" type="file" accept=".gift,.txt,.xml,text/plain,text/xml,application/xml" required=true
                    aria-invalid=file_error.is_some().then_some("true")
                    aria-describedby=described_by("file", file_error.is_some()) />
            </div>
            <div class="field" class:field-invalid=format_error.is_some()>
                <label for="field-format">{i18n.t("content-import-format")}</label>
                <p class="hint" id="field-format-hint">{i18n.t("content-import-format-hint")}</p>
                {format_error.clone().map(|m| view! { <p class="field-error" id="field-format-error">{m}</p> })}
                <select id="field-format" name="format"
                    aria-invalid=format_error.is_some().then_some("true")
                    aria-describedby=described_by("format", format_error.is_some())>
                    <option value="auto" selected=true>{i18n.t("content-import-format-auto")}</option>
                    <option value="gift">{i18n.t("content-import-kind-gift")}</option>
                    <option value="xml">{i18n.t("content-import-kind-moodle-xml")}</option>
                </select>
            </div>
            <div class="field" class:field-invalid=lesson_error.is_some()>
                <label for="field-lesson">{i18n.t("content-import-lesson")}</label>
                <p class="hint" id="field-lesson-hint">{i18n.t("content-import-lesson-hint")}</p>
                {lesson_error.clone().map(|m| view! { <p class="field-error" id="field-lesson-error">{m}</p> })}
                <select id="field-lesson" name="lesson" required=true
                    aria-invalid=lesson_error.is_some().then_some("true")
                    aria-describedby=described_by("lesson", lesson_error.is_some())>
                    {options}
                </select>
            </div>
            <button type="submit" class="button-primary">{i18n.t("content-import-questions-submit")}</button>
        </form>
        <section aria-labelledby="content-import-what-happens">
            <h2 id="content-import-what-happens">{i18n.t("content-import-what-happens")}</h2>
            <ul>
                <li>{i18n.t("content-import-happens-append")}</li>
                <li>{i18n.t("content-import-happens-ids")}</li>
                <li>{i18n.t("content-import-happens-skipped")}</li>
                <li>{i18n.t("content-import-happens-review")}</li>
            </ul>
        </section>
    }
}

#[component]
pub fn ModuleImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("content-import-zip-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <ModuleImport /> } />
    }
}

#[component]
fn ModuleImport() -> impl IntoView {
    let i18n = use_i18n();
    let problem = problem_from_query(i18n);
    let file_error = field_error("file", &problem);
    let summary = problem
        .clone()
        .map(|(text, field)| problem_summary(i18n, text, field));
    view! {
        <p class="breadcrumb"><a href="/redaktion/inhalte">{i18n.t("content-import-back-to-overview")}</a></p>
        <h1>{i18n.t("content-import-zip-title")}</h1>
        <p>{i18n.t("content-import-zip-intro")}</p>
        {summary}
        <form method="post" action=MODULE_IMPORT_HREF enctype="multipart/form-data" class="stack-form">
            <div class="field" class:field-invalid=file_error.is_some()>
                <label for="field-file">{i18n.t("content-import-zip-file")}</label>
                <p class="hint" id="field-file-hint">{i18n.t("content-import-zip-file-hint")}</p>
                {file_error.clone().map(|m| view! { <p class="field-error" id="field-file-error">{m}</p> })}
                <input id="field-file" name="file" type="file" accept=".zip,application/zip" required=true
                    aria-invalid=file_error.is_some().then_some("true")
                    aria-describedby=described_by("file", file_error.is_some()) />
            </div>
            <button type="submit" class="button-primary">{i18n.t("content-import-zip-submit")}</button>
        </form>
        <section aria-labelledby="content-import-zip-what-happens">
            <h2 id="content-import-zip-what-happens">{i18n.t("content-import-what-happens")}</h2>
            <ul>
                <li>{i18n.t("content-import-zip-happens-id")}</li>
                <li>{i18n.t("content-import-zip-happens-draft")}</li>
                <li>{i18n.t("content-import-zip-happens-skipped")}</li>
                <li>{i18n.t("content-import-happens-review")}</li>
            </ul>
        </section>
    }
}

#[component]
pub fn UploadReportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("content-import-report-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <UploadReportView /> } />
    }
}

#[component]
fn UploadReportView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let upload = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("module").unwrap_or_default(),
                    p.get("id").unwrap_or_default(),
                )
            })
        },
        |(module, id)| get_upload(module, id),
    );
    await_view(upload, move |u: UploadView| report_body(i18n, u))
}

/// "… and N more" under a list cut at `SHOWN`.
fn more(i18n: I18n, total: usize) -> Option<impl IntoView + use<>> {
    (total > SHOWN).then(|| {
        view! { <p>{i18n.t_args("content-import-more", [("count", (total - SHOWN).into())])}</p> }
    })
}

fn line_notes(i18n: I18n, id: &'static str, notes: Vec<LineNote>) -> impl IntoView {
    let total = notes.len();
    let items = notes
        .into_iter()
        .take(SHOWN)
        .map(|n| {
            let line = i18n.t_args("content-import-line", [("line", n.line.into())]);
            view! { <li><strong>{line}": "</strong>{finding(i18n, &n.message)}</li> }
        })
        .collect_view();
    view! {
        <ul id=id class="line-notes">{items}</ul>
        {more(i18n, total)}
    }
}

fn problem_list(
    i18n: I18n,
    module: &str,
    number: i32,
    problems: Vec<FileProblem>,
) -> impl IntoView + use<> {
    let total = problems.len();
    let items = problems
        .into_iter()
        .take(SHOWN)
        .map(|p| {
            let place = i18n.t_args(
                "content-import-problem-place",
                [("file", p.file.clone().into()), ("line", p.line.into())],
            );
            // A file of the module opens in the editor; a file elsewhere in the curriculum
            // (`certificates.toml`) is only named.
            let in_module = matches!(
                p.file.as_str(),
                "module.toml" | "quiz.toml" | "quiz.en.toml"
            ) || p.file.starts_with("lessons/");
            let place = if in_module {
                let href = file_href(module, number, &p.file);
                Either::Left(view! { <a href=href>{place}</a> })
            } else {
                Either::Right(place)
            };
            view! { <li>{place}": "{finding(i18n, &p.message)}</li> }
        })
        .collect_view();
    view! {
        <ul>{items}</ul>
        {more(i18n, total)}
    }
}

fn report_body(i18n: I18n, upload: UploadView) -> impl IntoView {
    let r = upload.report;
    let module = r.module_id.clone();
    let number = r.number;
    let version = version_href(&module, number);
    let title = i18n.t_args(
        "content-import-report-heading",
        [("file", r.file_name.clone().into())],
    );
    let facts = view! {
        <dl class="summary-list">
            <dt>{i18n.t("content-import-report-file")}</dt><dd>{r.file_name.clone()}</dd>
            <dt>{i18n.t("content-import-report-kind")}</dt><dd>{i18n.t(r.kind.label_key())}</dd>
            <dt>{i18n.t("content-import-report-module")}</dt><dd>{module.clone()}</dd>
            <dt>{i18n.t("content-import-report-when")}</dt><dd>{format::when(i18n.locale, upload.created_at)}</dd>
        </dl>
    };
    let body = if r.kind == UploadKind::Folder {
        EitherOf3::A(folder_part(i18n, &r))
    } else if r.imported.is_empty() && r.skipped.is_empty() {
        EitherOf3::B(view! { <p>{i18n.t("content-import-report-nothing")}</p> })
    } else {
        EitherOf3::C(questions_part(i18n, &r))
    };
    let problems_count = r.problems.len();
    let checks = if r.problems.is_empty() {
        Either::Left(view! { <p>{i18n.t("content-import-report-no-problems")}</p> })
    } else {
        Either::Right(view! {
            <p>{i18n.t_args("content-import-report-problems-intro", [("count", problems_count.into())])}</p>
            {problem_list(i18n, &module, number, r.problems.clone())}
        })
    };
    let lints = (!r.lints.is_empty()).then(|| {
        view! {
            <h3>{i18n.t_args("content-import-report-lints", [("count", r.lints.len().into())])}</h3>
            {problem_list(i18n, &module, number, r.lints.clone())}
        }
    });
    let questions = format!("{version}/fragen");
    let again = if r.kind == UploadKind::Folder {
        MODULE_IMPORT_HREF.to_owned()
    } else {
        import_href(&module, number)
    };
    view! {
        <Title text=title.clone() />
        <p class="breadcrumb"><a href=version.clone()>{i18n.t("content-import-back-to-version")}</a></p>
        <h1>{title}</h1>
        {facts}
        {body}
        <section aria-labelledby="content-import-report-checks">
            <h2 id="content-import-report-checks">{i18n.t("content-import-report-checks")}</h2>
            {checks}
            {lints}
        </section>
        <ul class="actions">
            <li><a href=version>{i18n.t("content-import-to-version")}</a></li>
            <li><a href=questions>{i18n.t("content-import-to-questions")}</a></li>
            <li><a href=again>{i18n.t("content-import-again")}</a></li>
        </ul>
    }
}

fn questions_part(i18n: I18n, r: &UploadReport) -> impl IntoView + use<> {
    let module = r.module_id.clone();
    let number = r.number;
    let counts = i18n.t_args(
        "content-import-report-counts",
        [
            ("imported", r.imported.len().into()),
            ("skipped", r.skipped.len().into()),
            ("notes", r.notes.len().into()),
        ],
    );
    let lesson = r.lesson.clone().map(|lesson| {
        view! { <p>{i18n.t_args("content-import-report-lesson", [("lesson", lesson.into())])}</p> }
    });
    let renamed = r
        .imported
        .iter()
        .filter(|q| q.renamed_from.is_some())
        .count();
    let renamed = (renamed > 0).then(|| {
        view! { <p>{i18n.t_args("content-import-report-renamed", [("count", renamed.into())])}</p> }
    });
    let total = r.imported.len();
    let rows = r
        .imported
        .iter()
        .take(SHOWN)
        .map(|q| {
            let href = question_href(&module, number, &q.id);
            let kind = i18n.t(&format!("stats-kind-{}", q.kind.replace('_', "-")));
            let note = q
                .renamed_from
                .clone()
                .map(|old| i18n.t_args("content-import-renamed-from", [("id", old.into())]));
            view! {
                <tr>
                    <td class="number" data-label=i18n.t("content-import-col-line")>{q.line}</td>
                    <th scope="row"><a href=href><code>{q.id.clone()}</code></a></th>
                    <td data-label=i18n.t("content-import-col-type")>{kind}</td>
                    <td data-label=i18n.t("content-import-col-text")>{q.text.clone()}</td>
                    <td data-label=i18n.t("content-import-col-note")>{note}</td>
                </tr>
            }
        })
        .collect_view();
    let imported = (total > 0).then(|| {
        view! {
            <div class="table-scroll" role="region" aria-labelledby="content-import-imported" tabindex="0">
                <table class="stack-on-phone">
                    <caption id="content-import-imported">{i18n.t_args("content-import-imported", [("count", total.into())])}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="number">{i18n.t("content-import-col-line")}</th>
                            <th scope="col">{i18n.t("content-import-col-id")}</th>
                            <th scope="col">{i18n.t("content-import-col-type")}</th>
                            <th scope="col">{i18n.t("content-import-col-text")}</th>
                            <th scope="col">{i18n.t("content-import-col-note")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {more(i18n, total)}
        }
    });
    let skipped = (!r.skipped.is_empty()).then(|| {
        view! {
            <section aria-labelledby="content-import-skipped">
                <h2 id="content-import-skipped">{i18n.t_args("content-import-skipped", [("count", r.skipped.len().into())])}</h2>
                <p>{i18n.t("content-import-skipped-intro")}</p>
                {line_notes(i18n, "content-import-skipped-list", r.skipped.clone())}
            </section>
        }
    });
    let notes = (!r.notes.is_empty()).then(|| {
        view! {
            <section aria-labelledby="content-import-notes">
                <h2 id="content-import-notes">{i18n.t_args("content-import-notes", [("count", r.notes.len().into())])}</h2>
                <p>{i18n.t("content-import-notes-intro")}</p>
                {line_notes(i18n, "content-import-notes-list", r.notes.clone())}
            </section>
        }
    });
    let categories = (!r.categories.is_empty()).then(|| {
        let items = r
            .categories
            .iter()
            .map(|(name, count)| {
                view! { <li>{i18n.t_args("content-import-category", [("name", name.clone().into()), ("count", (*count).into())])}</li> }
            })
            .collect_view();
        view! {
            <section aria-labelledby="content-import-categories">
                <h2 id="content-import-categories">{i18n.t("content-import-categories")}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    view! {
        <p class="summary"><strong>{counts}</strong></p>
        {lesson}
        {renamed}
        {imported}
        {skipped}
        {notes}
        {categories}
    }
}

fn folder_part(i18n: I18n, r: &UploadReport) -> impl IntoView + use<> {
    let module = r.module_id.clone();
    let number = r.number;
    let outcome = if r.new_module {
        i18n.t("content-import-zip-new-module")
    } else {
        i18n.t("content-import-zip-replaced")
    };
    let counts = i18n.t_args(
        "content-import-zip-counts",
        [
            ("files", r.files.len().into()),
            ("images", r.images.len().into()),
            ("skipped", r.entries_skipped.len().into()),
        ],
    );
    let files = r
        .files
        .iter()
        .map(|path| {
            let href = file_href(&module, number, path);
            view! { <li><a href=href><code>{path.clone()}</code></a></li> }
        })
        .collect_view();
    let images = (!r.images.is_empty()).then(|| {
        let items = r
            .images
            .iter()
            .map(|name| view! { <li><code>{name.clone()}</code></li> })
            .collect_view();
        view! {
            <h3>{i18n.t("content-import-zip-images")}</h3>
            <ul>{items}</ul>
        }
    });
    let skipped = (!r.entries_skipped.is_empty()).then(|| {
        let items = r
            .entries_skipped
            .iter()
            .take(SHOWN)
            .map(|e| {
                let path = if e.path.is_empty() {
                    i18n.t("content-import-zip-unnamed")
                } else {
                    e.path.clone()
                };
                let reason = if i18n.has(&e.reason) {
                    i18n.t(&e.reason)
                } else {
                    i18n.t("authoring-zip-skipped-path")
                };
                view! { <li><code>{path}</code>" – "{reason}</li> }
            })
            .collect_view();
        view! {
            <section aria-labelledby="content-import-zip-skipped">
                <h2 id="content-import-zip-skipped">{i18n.t_args("content-import-zip-skipped", [("count", r.entries_skipped.len().into())])}</h2>
                <ul>{items}</ul>
                {more(i18n, r.entries_skipped.len())}
            </section>
        }
    });
    view! {
        <p>{outcome}</p>
        <p class="summary"><strong>{counts}</strong></p>
        <section aria-labelledby="content-import-zip-files">
            <h2 id="content-import-zip-files">{i18n.t("content-import-zip-files")}</h2>
            <ul>{files}</ul>
            {images}
        </section>
        {skipped}
    }
}

/// Storing and reading the reports.
#[cfg(feature = "ssr")]
pub mod server {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    use uuid::Uuid;

    use super::{UploadReport, UploadView};
    use crate::authoring::server::{EDITORS, version_files};
    use crate::context::AppContext;
    use crate::db::content_upload;
    use crate::error::AppError;
    use crate::identity::CurrentUser;

    /// The longest file name kept (the column holds 255 characters).
    const MAX_FILE_NAME: usize = 200;

    /// Stores the report of an upload into the draft `report.number` of `report.module_id`.
    pub async fn store(
        ctx: &AppContext,
        me: &CurrentUser,
        mut report: UploadReport,
    ) -> Result<Uuid, AppError> {
        me.require_any(EDITORS)?;
        let (row, _) = version_files(ctx, me, &report.module_id, report.number).await?;
        report.file_name = report.file_name.chars().take(MAX_FILE_NAME).collect();
        let id = Uuid::new_v4();
        content_upload::ActiveModel {
            id: Set(id),
            module_id: Set(report.module_id.clone()),
            version_id: Set(row.id),
            format: Set(report.kind.code().to_owned()),
            file_name: Set(report.file_name.clone()),
            report: Set(serde_json::to_string(&report).map_err(|_| AppError::Internal)?),
            created_at: Set(ctx.now()),
        }
        .insert(&ctx.db)
        .await?;
        Ok(id)
    }

    /// A stored report of the module `module`.
    pub async fn report(
        ctx: &AppContext,
        me: &CurrentUser,
        module: &str,
        id: &str,
    ) -> Result<UploadView, AppError> {
        me.require_any(EDITORS)?;
        let id = Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
        let row = content_upload::Entity::find_by_id(id)
            .one(&ctx.read)
            .await?
            .filter(|row| row.module_id == module)
            .ok_or(AppError::NotFound)?;
        let report: UploadReport =
            serde_json::from_str(&row.report).map_err(|_| AppError::NotFound)?;
        Ok(UploadView {
            id: row.id,
            report,
            created_at: row.created_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_are_flat_and_short() {
        assert_eq!(UploadReport::preview("Eine\n  Frage?"), "Eine Frage?");
        let long = "wort ".repeat(100);
        let preview = UploadReport::preview(&long);
        assert_eq!(preview.chars().count(), TEXT_PREVIEW);
        assert!(preview.ends_with('…'));
    }

    /// A report stored when the notes were English sentences still opens, and its notes read as
    /// they were written; a note stored now keeps its key and arguments.
    #[test]
    fn stored_reports_keep_their_notes() {
        use crate::i18n::Locale;

        let old = r#"{"kind":"Gift","file_name":"fragen.gift","module_id":"m","number":2,
            "lesson":"01-x","imported":[],"skipped":[{"line":4,"message":"question 1 (single): a single-choice question needs at least 3 options, this one has 2"}],
            "notes":[],
            "categories":[],"new_module":false,"files":[],"images":[],"entries_skipped":[],
            "problems":[],"lints":[]}"#;
        let report: UploadReport = serde_json::from_str(old).unwrap_or_else(|e| panic!("{e}"));
        let note = &report.skipped[0];
        assert_eq!(note.line, 4);
        let parts = note.message.parts(Locale::De);
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert!(parts[0].english, "an old note is marked as English");
        assert_eq!(
            parts[0].text,
            "question 1 (single): a single-choice question needs at least 3 options, this one has 2"
        );

        let new = LineNote {
            line: 7,
            message: Message::new("import-about-question")
                .arg(
                    "question",
                    Message::new("import-question").arg("number", 3usize),
                )
                .arg("detail", Message::new("import-image-left-out")),
        };
        let json = serde_json::to_string(&new).unwrap_or_default();
        let back: LineNote = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, new);
        let german = back.message.text(Locale::De);
        assert!(
            german.starts_with("Frage 3: Ein Bild wird weggelassen"),
            "{german}"
        );
        assert!(back.message.parts(Locale::De).iter().all(|p| !p.english));
        assert!(
            back.message
                .to_string()
                .starts_with("question 3: an image is left out"),
            "{}",
            back.message
        );
    }

    #[test]
    fn links_are_encoded() {
        assert_eq!(import_href("a-b", 3), "/redaktion/inhalte/a-b/3/import");
        assert_eq!(export_href("a-b", 3), "/redaktion/inhalte/a-b/3/export.zip");
        assert_eq!(image_href("a-b", 3), "/redaktion/inhalte/a-b/3/bild");
        assert_eq!(
            question_href("a", 1, "frage 1"),
            "/redaktion/inhalte/a/1/fragen/frage%201"
        );
    }
}
