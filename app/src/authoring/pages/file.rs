//! `/redaktion/inhalte/<module>/<n>/datei?pfad=…`: one file of a version. The checks' problems
//! and lints of the file above the text field, each linked to its line; the text field and
//! "Speichern" (a draft keeps its text even with problems); for a lesson its preview, the image
//! upload and, with JavaScript, the preview while typing; the text with line numbers, where
//! every problem's line is marked in words; and "Datei entfernen" for files a module can do
//! without.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::compare::DiffTable;
use super::editor::{EditorTools, TEXT_FIELD};
use super::{OVERVIEW_HREF, ProblemList, finding, history_href, line_anchor, version_params};
use crate::auth::Role;
use crate::authoring::{
    FileConflict, FileKind, FileProblem, FileView, LineChange, Preview, PreviewLesson, RemoveFile,
    SaveFile, StartDraft, file_href, get_file, preview_lesson, version_href,
};
use crate::error::AppError;
use crate::i18n::{I18n, Message, use_i18n};
use crate::ui::{
    DangerConfirm, ErrorSummary, KeepInput, Notice, Protected, action_error, await_view,
    catalogue_text, escape_text,
};

#[component]
pub fn FilePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("authoring-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <FileBody /> } />
    }
}

fn is_lesson(kind: FileKind) -> bool {
    matches!(kind, FileKind::Lesson | FileKind::LessonEnglish)
}

/// The file (with the reader's text that could not be saved, `konflikt`) and, for a lesson, the
/// preview of its saved text.
async fn load(
    module: String,
    number: Option<i32>,
    path: String,
    conflict: Option<String>,
) -> Result<(FileView, Option<Preview>), AppError> {
    let number = number.ok_or(AppError::NotFound)?;
    let file = get_file(module.clone(), number, path.clone(), conflict).await?;
    let preview = if is_lesson(file.kind) {
        // A preview that fails (a text too large to check) leaves the editor usable.
        preview_lesson(module, number, path, file.text.clone())
            .await
            .ok()
    } else {
        None
    };
    Ok((file, preview))
}

#[component]
fn FileBody() -> impl IntoView {
    let i18n = use_i18n();
    let key = version_params();
    let query = use_query_map();
    let file = Resource::new(
        move || query.with(|q| (key(), q.get("pfad").unwrap_or_default(), q.get("konflikt"))),
        |((module, number), path, conflict)| load(module, number, path, conflict),
    );
    let save = ServerAction::<SaveFile>::new();
    let remove = ServerAction::<RemoveFile>::new();
    let start = ServerAction::<StartDraft>::new();
    let flags = query.with_untracked(|q| {
        (
            q.get("saved").is_some(),
            q.get("bild"),
            q.get("problem").filter(|key| i18n.has(key)),
        )
    });
    view! {
        <ErrorSummary error=action_error(save) />
        <ErrorSummary error=action_error(remove) />
        <ErrorSummary error=action_error(start) />
        {await_view(file, move |(f, preview): (FileView, Option<Preview>)| {
            let (saved, image, image_problem) = flags.clone();
            let title = i18n.t_args(
                "authoring-file-title",
                [("kind", i18n.t(f.kind.label_key()).into()), ("path", f.path.clone().into())],
            );
            let s = &f.summary;
            let crumb = i18n.t_args(
                "authoring-version-crumb",
                [("number", (s.number as f64).into()), ("version", s.version.clone().into())],
            );
            let saved_notice = saved.then(|| {
                let key = if f.problems.is_empty() {
                    "authoring-saved"
                } else {
                    "authoring-saved-with-problems"
                };
                view! { <Notice text=i18n.t(key) /> }
            });
            let image_notice = image.map(|name| {
                view! { <Notice text=i18n.t_args("authoring-image-uploaded", [("name", name.into())]) /> }
            });
            let history = history_href(&s.module_id);
            let version = version_href(&s.module_id, s.number);
            let (findings, editor) = (f.clone(), f.clone());
            let upload = (f.can_edit && is_lesson(f.kind)).then(|| view! { <ImageUpload file=f.clone() problem=image_problem /> });
            view! {
                <Title text=title.clone() />
                <nav aria-label=i18n.t("breadcrumb") class="breadcrumb">
                    <a href=OVERVIEW_HREF>{i18n.t("authoring-title")}</a>" › "
                    <a href=history>{i18n.t("authoring-history")}</a>" › "
                    <a href=version>{crumb}</a>
                </nav>
                <h1>{title}</h1>
                {saved_notice}
                {image_notice}
                {f.conflict.clone().map(|c| view! { <Conflict conflict=c can_edit=f.can_edit /> })}
                <FileLinks file=f.clone() />
                <EditorTools>
                    <Findings file=findings />
                    <Editor file=editor save start />
                    {preview.map(|p| view! { <LessonPreview preview=p /> })}
                </EditorTools>
                <KeepInput />
                {upload}
                <NumberedText file=f.clone() />
                <Remove file=f remove />
            }
        })}
    }
}

/// The question editor for a quiz, the German text for an English lesson.
#[component]
fn FileLinks(file: FileView) -> impl IntoView {
    let i18n = use_i18n();
    let s = &file.summary;
    let link = match file.kind {
        FileKind::Quiz | FileKind::QuizEnglish => Some((
            format!("{}/fragen", version_href(&s.module_id, s.number)),
            i18n.t("authoring-questions-edit"),
        )),
        FileKind::LessonEnglish => file.path.strip_suffix(".en.md").map(|stem| {
            (
                file_href(&s.module_id, s.number, &format!("{stem}.md")),
                i18n.t("authoring-german-text"),
            )
        }),
        _ => None,
    };
    link.map(|(href, label)| view! { <p><a href=href>{label}</a></p> })
}

/// The file's problems and lints, linked to their lines.
#[component]
fn Findings(file: FileView) -> impl IntoView {
    let i18n = use_i18n();
    let linked = |list: Vec<FileProblem>| {
        list.into_iter()
            .map(|p| {
                let href = (p.line > 0).then(|| format!("#{}", line_anchor(p.line)));
                (p, href)
            })
            .collect::<Vec<_>>()
    };
    let problems = (!file.problems.is_empty()).then(|| {
        view! {
            <section aria-labelledby="file-problems" class="notice notice-error">
                <h2 id="file-problems">{i18n.t_args("authoring-file-problems", [("count", (file.problems.len() as f64).into())])}</h2>
                <p>{i18n.t("authoring-problems-intro")}</p>
                <ProblemList problems=linked(file.problems.clone()) kind=i18n.t("authoring-line-problem") />
            </section>
        }
    });
    let lints = (!file.lints.is_empty()).then(|| {
        view! {
            <section aria-labelledby="file-lints" class="notice">
                <h2 id="file-lints">{i18n.t("authoring-file-lints")}</h2>
                <p>{i18n.t("authoring-lints-intro")}</p>
                <ProblemList problems=linked(file.lints.clone()) kind=i18n.t("authoring-line-lint") />
            </section>
        }
    });
    view! { {problems}{lints} }
}

/// The text field with "Speichern", or for a version that no longer changes, the way to a draft.
#[component]
fn Editor(
    file: FileView,
    save: ServerAction<SaveFile>,
    start: ServerAction<StartDraft>,
) -> impl IntoView {
    let i18n = use_i18n();
    let module = file.summary.module_id.clone();
    let number = file.summary.number.to_string();
    if !file.can_edit {
        return view! {
            <p>{i18n.t("authoring-read-only")}</p>
            <ActionForm action=start attr:class="stack-form">
                <input type="hidden" name="module" value=module />
                <button type="submit">{i18n.t("authoring-edit")}</button>
            </ActionForm>
        }
        .into_any();
    }
    let error = action_error(save);
    let message = Signal::derive(move || {
        error.get().and_then(|err| {
            err.field_errors()
                .iter()
                .find(|f| f.field == "text")
                .map(|f| catalogue_text(i18n, &f.message, "error-invalid"))
        })
    });
    let lesson = is_lesson(file.kind);
    let hint = if lesson {
        i18n.t("authoring-text-hint-lesson")
    } else {
        i18n.t("authoring-text-hint-toml")
    };
    let hint_id = format!("{TEXT_FIELD}-hint");
    let error_id = format!("{TEXT_FIELD}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if message.get().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    // As in `ui::TextArea`: the server writes a text field's content unescaped, so it is escaped
    // here, or a saved `</textarea>` would end the field.
    // After a conflict, the field holds the reader's text, to be merged with the saved one.
    let text = file.conflict.as_ref().map_or(&file.text, |c| &c.text);
    let value = if cfg!(feature = "ssr") {
        escape_text(text)
    } else {
        text.clone()
    };
    let rows = text.lines().count().clamp(12, 30).to_string();
    let preview_url = lesson.then_some(<PreviewLesson as leptos::server_fn::ServerFn>::PATH);
    view! {
        <ActionForm action=save attr:class="editor-form" attr:data-preview=preview_url>
            <input type="hidden" name="module" value=module />
            <input type="hidden" name="number" value=number />
            <input type="hidden" name="path" value=file.path.clone() />
            <input type="hidden" name="based_on" value=file.based_on.clone() />
            <div class="field" class:field-invalid=move || message.get().is_some()>
                <label for=TEXT_FIELD>{i18n.t("authoring-text")}</label>
                <p class="hint" id=hint_id>{hint}</p>
                {move || message.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
                <textarea id=TEXT_FIELD name="text" rows=rows class="code-editor" spellcheck=lesson.to_string()
                    lang=(file.kind == FileKind::LessonEnglish).then_some("en")
                    aria-describedby=described_by
                    aria-invalid=move || message.get().is_some().then_some("true")>{value}</textarea>
            </div>
            <button type="submit" class="button-primary">{i18n.t("authoring-save")}</button>
        </ActionForm>
    }
    .into_any()
}

/// The reader's text that was not saved: why, and how it differs from the saved text. In a
/// draft the text is in the editor's field; otherwise it is shown here, to be copied.
#[component]
fn Conflict(conflict: FileConflict, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let explanation = if can_edit {
        i18n.t("authoring-conflict-changed")
    } else {
        i18n.t("authoring-conflict-closed")
    };
    let differs = conflict
        .lines
        .iter()
        .any(|l| matches!(l.change, LineChange::Added | LineChange::Removed));
    let diff = if differs {
        view! {
            <h3 id="conflict-diff">{i18n.t("authoring-conflict-diff")}</h3>
            <DiffTable labelled_by="conflict-diff".to_owned() lines=conflict.lines
                old_label=i18n.t("authoring-col-saved-line") new_label=i18n.t("authoring-col-your-line") />
        }
        .into_any()
    } else {
        view! { <p>{i18n.t("authoring-conflict-same")}</p> }.into_any()
    };
    let copy = (!can_edit).then(|| {
        let value = if cfg!(feature = "ssr") {
            escape_text(&conflict.text)
        } else {
            conflict.text.clone()
        };
        let rows = conflict.text.lines().count().clamp(6, 30).to_string();
        view! {
            <div class="field">
                <label for="conflict-text">{i18n.t("authoring-conflict-text")}</label>
                <textarea id="conflict-text" readonly=true rows=rows class="code-editor">{value}</textarea>
            </div>
        }
    });
    view! {
        <section id="konflikt" aria-labelledby="conflict-heading" class="notice notice-error" tabindex="-1">
            <h2 id="conflict-heading">{i18n.t("authoring-conflict-heading")}</h2>
            <p>{explanation}</p>
            {copy}
            {diff}
        </section>
    }
}

/// The lesson as learners see it: the saved text's, replaced while typing by the island.
#[component]
fn LessonPreview(preview: Preview) -> impl IntoView {
    let i18n = use_i18n();
    let state = if preview.problems.is_empty() {
        i18n.t("authoring-preview-ok")
    } else {
        i18n.t_args(
            "authoring-preview-problems",
            [("count", (preview.problems.len() as f64).into())],
        )
    };
    let items = preview
        .problems
        .iter()
        .map(|p| {
            let place = (p.line > 0).then(|| {
                format!(
                    "{}: ",
                    i18n.t_args("authoring-line", [("line", (p.line as f64).into())])
                )
            });
            view! { <li>{place}{p.message.clone()}</li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="lesson-preview-heading" class="lesson-preview">
            <h2 id="lesson-preview-heading">{i18n.t("authoring-preview")}</h2>
            <p class="hint">{i18n.t("authoring-preview-hint")}</p>
            <p id="preview-state" role="status"
                data-ok=i18n.t("authoring-preview-ok")
                data-problems=i18n.t_args("authoring-preview-problems", [("count", "{count}".into())])
                data-failed=i18n.t("authoring-preview-failed")>{state}</p>
            <ul id="preview-problems" class="problem-list" data-line=i18n.t_args("authoring-line", [("line", "{line}".into())])>{items}</ul>
            <article id="lesson-preview" class="lesson-body" inner_html=preview.html></article>
        </section>
    }
}

/// Which field of the upload form an error of the upload belongs to.
fn image_field(key: &str) -> &'static str {
    match key {
        "authoring-alt-required" | "error-too-long" => "alt",
        _ => "file",
    }
}

/// Upload of an image for the lesson, with its required alternative text. The form posts to the
/// upload handler, which sends the browser back here with `bild=<name>` or `problem=<key>`.
#[component]
fn ImageUpload(file: FileView, problem: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let s = &file.summary;
    let action = format!("{}/bild", version_href(&s.module_id, s.number));
    let message = problem.map(|key| {
        (
            image_field(&key),
            catalogue_text(i18n, &key, "error-invalid"),
        )
    });
    let error_for = |field: &'static str| {
        message
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, text)| text.clone())
    };
    let summary = message.as_ref().map(|(field, text)| {
        let href = format!("#image-{field}");
        view! {
            <div class="notice notice-error" role="alert" id="image-errors">
                <p><strong>{i18n.t("authoring-image-failed")}</strong></p>
                <ul><li><a href=href>{text.clone()}</a></li></ul>
            </div>
        }
    });
    let file_error = error_for("file");
    let alt_error = error_for("alt");
    let describe = |hint: &str, error: &Option<String>, id: &str| {
        if error.is_some() {
            format!("{hint} {id}")
        } else {
            hint.to_owned()
        }
    };
    let file_described = describe("image-file-hint", &file_error, "image-file-error");
    let alt_described = describe("image-alt-hint", &alt_error, "image-alt-error");
    view! {
        <section aria-labelledby="image-upload">
            <h2 id="image-upload">{i18n.t("authoring-image-upload")}</h2>
            {summary}
            <form method="post" action=action enctype="multipart/form-data" class="stack-form">
                <input type="hidden" name="lesson" value=file.path.clone() />
                <div class="field" class:field-invalid=file_error.is_some()>
                    <label for="image-file">{i18n.t("authoring-image-file")}<span class="required" aria-hidden="true">" *"</span></label>
                    <p class="hint" id="image-file-hint">{i18n.t("authoring-image-file-hint")}</p>
                    {file_error.clone().map(|m| view! { <p class="field-error" id="image-file-error">{m}</p> })}
                    <input type="file" id="image-file" name="file" required=true
                        accept="image/png,image/jpeg,image/gif,image/webp,image/svg+xml,.svg"
                        aria-describedby=file_described
                        aria-invalid=file_error.is_some().then_some("true") />
                </div>
                <div class="field" class:field-invalid=alt_error.is_some()>
                    <label for="image-alt">{i18n.t("authoring-image-alt")}<span class="required" aria-hidden="true">" *"</span></label>
                    <p class="hint" id="image-alt-hint">{i18n.t("authoring-image-alt-hint")}</p>
                    {alt_error.clone().map(|m| view! { <p class="field-error" id="image-alt-error">{m}</p> })}
                    <input type="text" id="image-alt" name="alt" required=true
                        aria-describedby=alt_described
                        aria-invalid=alt_error.is_some().then_some("true") />
                </div>
                <button type="submit">{i18n.t("authoring-upload")}</button>
            </form>
        </section>
    }
}

/// The text with its line numbers, each line an anchor (`#zeile-N`); a line with a problem or a
/// lint says so in words under it, not only by its colour.
#[component]
fn NumberedText(file: FileView) -> impl IntoView {
    let i18n = use_i18n();
    let rows = file
        .text
        .lines()
        .enumerate()
        .map(|(index, text)| {
            let number = index + 1;
            let notes = line_notes(i18n, &file, number);
            let marked = !notes.is_empty();
            let notes = notes
                .into_iter()
                .map(|(label, message)| view! { <p class="line-message"><strong>{label}": "</strong>{finding(i18n, &message)}</p> })
                .collect_view();
            view! {
                <tr id=line_anchor(number) class:line-marked=marked>
                    <th scope="row" class="number">{number}</th>
                    <td><code>{text.to_owned()}</code>{notes}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h2 id="numbered-text">{i18n.t("authoring-lines")}</h2>
            <div class="table-scroll" role="region" aria-labelledby="numbered-text" tabindex="0">
                <table class="code-lines">
                    <thead class="visually-hidden">
                        <tr>
                            <th scope="col">{i18n.t("authoring-col-line")}</th>
                            <th scope="col">{i18n.t("authoring-col-text")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The problems ("Fehler") and lints ("Hinweis") of one line, labelled.
fn line_notes(i18n: I18n, file: &FileView, line: usize) -> Vec<(String, Message)> {
    let problems = file
        .problems
        .iter()
        .filter(|p| p.line == line)
        .map(|p| (i18n.t("authoring-line-problem"), p.message.clone()));
    let lints = file
        .lints
        .iter()
        .filter(|p| p.line == line)
        .map(|p| (i18n.t("authoring-line-lint"), p.message.clone()));
    problems.chain(lints).collect()
}

/// "Datei entfernen" for a lesson or an English file of a draft.
#[component]
fn Remove(file: FileView, remove: ServerAction<RemoveFile>) -> impl IntoView {
    let i18n = use_i18n();
    let removable = file.can_edit
        && matches!(
            file.kind,
            FileKind::Lesson | FileKind::LessonEnglish | FileKind::QuizEnglish
        );
    let error = action_error(remove);
    removable.then(move || {
        let module = file.summary.module_id.clone();
        let number = file.summary.number.to_string();
        let path = file.path.clone();
        let consequence = i18n.t_args("authoring-remove-consequence", [("path", file.path.clone().into())]);
        view! {
            <details class="danger-details" open=error.get_untracked().is_some()>
                <summary>{i18n.t("authoring-remove-file")}</summary>
                <ActionForm action=remove attr:class="stack-form">
                    <input type="hidden" name="module" value=module />
                    <input type="hidden" name="number" value=number />
                    <input type="hidden" name="path" value=path />
                    <DangerConfirm name="confirm"
                        consequence
                        confirm=i18n.t("authoring-remove-confirm") submit=i18n.t("authoring-remove-file")
                        error />
                </ActionForm>
            </details>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_error_is_shown_at_its_field() {
        assert_eq!(image_field("authoring-alt-required"), "alt");
        assert_eq!(image_field("error-too-long"), "alt");
        assert_eq!(image_field("authoring-image-type"), "file");
        assert_eq!(image_field("authoring-image-too-large"), "file");
        assert_eq!(image_field("authoring-image-missing"), "file");
    }
}
