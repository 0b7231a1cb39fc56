//! `/redaktion/inhalte/<module>`: the history of a module; `/redaktion/inhalte/<module>/<n>`: a
//! version with its files, images, problems and lints, and what the reader may do with it
//! (edit, send to review, approve or send back, discard).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    OVERVIEW_HREF, ProblemList, compare_href, history_href, line_anchor, name_or_dash, origin_text,
    previous_number, version_params, when,
};
use crate::auth::Role;
use crate::authoring::{
    AddLesson, Approve, Discard, FileEntry, FileKind, History, MAX_NOTE, NO_FILE, SaveFile,
    SendBack, StartDraft, Status, SubmitForReview, VersionSummary, VersionView, file_href,
    get_history, get_version, version_href,
};
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{
    DangerConfirm, ErrorSummary, Notice, Protected, TextArea, TextField, action_error, await_view,
};

#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("authoring-history") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <HistoryBody /> } />
    }
}

#[component]
fn HistoryBody() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let history = Resource::new(
        move || params.with(|p| p.get("module").unwrap_or_default()),
        get_history,
    );
    let discarded = query.with_untracked(|q| q.get("discarded").is_some());
    view! {
        {await_view(history, move |h: History| {
            let title = i18n.t_args("authoring-history-title", [("title", h.title.clone().into())]);
            let rows = h
                .versions
                .iter()
                .map(|v| history_row(i18n, &h, v))
                .collect_view();
            view! {
                <Title text=title.clone() />
                <nav aria-label=i18n.t("breadcrumb") class="breadcrumb">
                    <a href=OVERVIEW_HREF>{i18n.t("authoring-title")}</a>
                </nav>
                <h1>{title}</h1>
                {discarded.then(|| view! { <Notice text=i18n.t("authoring-discarded-notice") /> })}
                <div class="table-scroll" role="region" aria-labelledby="authoring-history-caption" tabindex="0">
                    <table class="stack-on-phone">
                        <caption id="authoring-history-caption">{i18n.t("authoring-history-caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t("authoring-col-version")}</th>
                                <th scope="col">{i18n.t("authoring-col-state")}</th>
                                <th scope="col">{i18n.t("authoring-col-people")}</th>
                                <th scope="col">{i18n.t("authoring-col-notes")}</th>
                                <th scope="col">{i18n.t("authoring-col-dates")}</th>
                                <th scope="col">{i18n.t("authoring-col-compare")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })}
    }
}

fn history_row(i18n: I18n, history: &History, v: &VersionSummary) -> impl IntoView + use<> {
    let module = &history.module_id;
    let label = i18n.t_args(
        "authoring-version-link",
        [
            ("number", (v.number as f64).into()),
            ("version", v.version.clone().into()),
        ],
    );
    let compare = previous_number(&history.versions, v).map(|previous| {
        view! {
            <a href=compare_href(module, v.number, previous)>
                {i18n.t("authoring-compare-previous")}
                <span class="visually-hidden">{format!(" ({label})")}</span>
            </a>
        }
    });
    let contributors = if v.contributors.is_empty() {
        "–".to_owned()
    } else {
        v.contributors.join(", ")
    };
    let notes = (v.note.is_some() || v.review_comment.is_some()).then(|| {
        view! {
            <dl class="facts">
                {v.note.clone().map(|n| view! { <dt>{i18n.t("authoring-note")}</dt><dd class="prewrap">{n}</dd> })}
                {v.review_comment.clone().map(|c| view! { <dt>{i18n.t("authoring-review-comment")}</dt><dd class="prewrap">{c}</dd> })}
            </dl>
        }
    });
    view! {
        <tr>
            <th scope="row"><a href=version_href(module, v.number)>{label.clone()}</a></th>
            <td data-label=i18n.t("authoring-col-state")>
                <strong>{i18n.t(v.status.label_key())}</strong><br />{origin_text(i18n, v)}
            </td>
            <td data-label=i18n.t("authoring-col-people")>
                <dl class="facts">
                    <dt>{i18n.t("authoring-author")}</dt><dd>{name_or_dash(&v.author)}</dd>
                    <dt>{i18n.t("authoring-contributors")}</dt><dd>{contributors}</dd>
                    <dt>{i18n.t("authoring-reviewer")}</dt><dd>{name_or_dash(&v.reviewer)}</dd>
                </dl>
            </td>
            <td data-label=i18n.t("authoring-col-notes")>{notes}</td>
            <td data-label=i18n.t("authoring-col-dates")>
                <dl class="facts">
                    <dt>{i18n.t("authoring-created")}</dt><dd>{when(i18n, Some(v.created_at))}</dd>
                    <dt>{i18n.t("authoring-submitted")}</dt><dd>{when(i18n, v.submitted_at)}</dd>
                    <dt>{i18n.t("authoring-published-at")}</dt><dd>{when(i18n, v.published_at)}</dd>
                </dl>
            </td>
            <td data-label=i18n.t("authoring-col-compare")>{compare}</td>
        </tr>
    }
}

#[component]
pub fn VersionPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("authoring-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <VersionBody /> } />
    }
}

/// The actions of the page: one per form, each with its error summary.
#[derive(Clone, Copy)]
struct Actions {
    start: ServerAction<StartDraft>,
    submit: ServerAction<SubmitForReview>,
    approve: ServerAction<Approve>,
    send_back: ServerAction<SendBack>,
    discard: ServerAction<Discard>,
    add_lesson: ServerAction<AddLesson>,
    translate: ServerAction<SaveFile>,
}

#[component]
fn VersionBody() -> impl IntoView {
    let i18n = use_i18n();
    let key = version_params();
    let query = use_query_map();
    let version = Resource::new(key, |(module, number)| async move {
        match number {
            Some(number) => get_version(module, number).await,
            None => Err(AppError::NotFound),
        }
    });
    let actions = Actions {
        start: ServerAction::new(),
        submit: ServerAction::new(),
        approve: ServerAction::new(),
        send_back: ServerAction::new(),
        discard: ServerAction::new(),
        add_lesson: ServerAction::new(),
        translate: ServerAction::new(),
    };
    let notice = query.with_untracked(|q| {
        [
            ("submitted", "authoring-submitted-notice"),
            ("published", "authoring-published-notice"),
            ("returned", "authoring-returned-notice"),
        ]
        .into_iter()
        .find(|(flag, _)| q.get(flag).is_some())
        .map(|(_, text)| text)
    });
    view! {
        <ErrorSummary error=action_error(actions.start) />
        <ErrorSummary error=action_error(actions.submit) />
        <ErrorSummary error=action_error(actions.approve) />
        <ErrorSummary error=action_error(actions.send_back) />
        <ErrorSummary error=action_error(actions.discard) />
        <ErrorSummary error=action_error(actions.translate) />
        {await_view(version, move |v: VersionView| {
            let title = i18n.t_args(
                "authoring-version-title",
                [("title", v.title.clone().into()), ("version", v.summary.version.clone().into())],
            );
            view! {
                <Title text=title.clone() />
                <nav aria-label=i18n.t("breadcrumb") class="breadcrumb">
                    <a href=OVERVIEW_HREF>{i18n.t("authoring-title")}</a>" › "
                    <a href=history_href(&v.summary.module_id)>{i18n.t("authoring-history")}</a>
                </nav>
                <h1>{title}</h1>
                {notice.map(|key| view! { <Notice text=i18n.t(key) /> })}
                <Facts view=v.clone() />
                <Links view=v.clone() />
                <Files view=v.clone() actions />
                <Findings view=v.clone() />
                <VersionActions view=v actions />
            }
        })}
    }
}

#[component]
fn Facts(view: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    let s = view.summary;
    let contributors = if s.contributors.is_empty() {
        "–".to_owned()
    } else {
        s.contributors.join(", ")
    };
    view! {
        <dl class="facts">
            <dt>{i18n.t("authoring-number")}</dt><dd>{s.number}</dd>
            <dt>{i18n.t("authoring-status")}</dt><dd><strong>{i18n.t(s.status.label_key())}</strong></dd>
            <dt>{i18n.t("authoring-origin")}</dt><dd>{origin_text(i18n, &s)}</dd>
            <dt>{i18n.t("authoring-author")}</dt><dd>{name_or_dash(&s.author)}</dd>
            <dt>{i18n.t("authoring-contributors")}</dt><dd>{contributors}</dd>
            <dt>{i18n.t("authoring-reviewer")}</dt><dd>{name_or_dash(&s.reviewer)}</dd>
            {s.note.map(|n| view! { <dt>{i18n.t("authoring-note")}</dt><dd class="prewrap">{n}</dd> })}
            {s.review_comment.map(|c| view! { <dt>{i18n.t("authoring-review-comment")}</dt><dd class="prewrap">{c}</dd> })}
            <dt>{i18n.t("authoring-updated")}</dt><dd>{when(i18n, Some(s.updated_at))}</dd>
        </dl>
    }
}

/// The question editor, the imports, the export and the comparisons.
#[component]
fn Links(view: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    let s = &view.summary;
    let base = version_href(&s.module_id, s.number);
    let questions_label = if view.can_edit {
        "authoring-questions-edit"
    } else {
        "authoring-questions-show"
    };
    let import = view.can_edit.then(|| {
        view! { <li><a href=format!("{base}/import")>{i18n.t("authoring-questions-import")}</a></li> }
    });
    let published = view
        .published_number
        .filter(|n| *n != s.number)
        .map(|n| {
            view! { <li><a href=compare_href(&s.module_id, s.number, n)>{i18n.t("authoring-compare-published")}</a></li> }
        });
    let previous = s
        .based_on
        .filter(|n| Some(*n) != view.published_number)
        .map(|n| {
            view! { <li><a href=compare_href(&s.module_id, s.number, n)>{i18n.t("authoring-compare-previous")}</a></li> }
        });
    let export_name = format!("{}-{}.zip", s.module_id, s.version);
    view! {
        <ul class="export-links">
            <li><a href=format!("{base}/fragen")>{i18n.t(questions_label)}</a></li>
            {import}
            <li><a href=format!("{base}/export.zip") download=export_name>{i18n.t("authoring-export")}</a></li>
            {published}
            {previous}
        </ul>
    }
}

#[component]
fn Files(view: VersionView, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let s = &view.summary;
    let module = s.module_id.clone();
    let number = s.number;
    let paths: Vec<String> = view.files.iter().map(|f| f.path.clone()).collect();
    let rows = view
        .files
        .iter()
        .map(|f| {
            let translation = (view.can_edit && f.kind == FileKind::Lesson)
                .then(|| english_path(&f.path))
                .flatten()
                .filter(|en| !paths.contains(en));
            file_row(i18n, &module, number, f, translation, actions.translate)
        })
        .collect_view();
    let images = if view.media.is_empty() {
        view! { <p>{i18n.t("authoring-images-none")}</p> }.into_any()
    } else {
        let items = view
            .media
            .iter()
            .map(|name| view! { <li><code>{name.clone()}</code></li> })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    view! {
        <h2 id="authoring-files">{i18n.t("authoring-files")}</h2>
        <div class="table-scroll" role="region" aria-labelledby="authoring-files-caption" tabindex="0">
            <table class="stack-on-phone">
                <caption id="authoring-files-caption">{i18n.t("authoring-files-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("authoring-col-file")}</th>
                        <th scope="col">{i18n.t("authoring-col-kind")}</th>
                        <th scope="col">{i18n.t("authoring-col-title")}</th>
                        <th scope="col" class="number">{i18n.t("authoring-col-problems")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2>{i18n.t("authoring-images")}</h2>
        {images}
    }
}

/// `lessons/01-x.md` → `lessons/01-x.en.md`.
fn english_path(path: &str) -> Option<String> {
    let stem = path.strip_suffix(".md")?;
    (!stem.ends_with(".en")).then(|| format!("{stem}.en.md"))
}

fn file_row(
    i18n: I18n,
    module: &str,
    number: i32,
    f: &FileEntry,
    translation: Option<String>,
    translate: ServerAction<SaveFile>,
) -> impl IntoView + use<> {
    let problems = if f.problems == 0 {
        view! { <span>"0"</span> }.into_any()
    } else {
        view! { <strong>{f.problems}</strong> }.into_any()
    };
    // A new translation starts with the German heading, to be translated in the editor, which
    // links to the German text.
    let heading = format!("# {}\n", f.title.clone().unwrap_or_default());
    let translate = translation.map(|en| {
        let module = module.to_owned();
        let number = number.to_string();
        let hidden_path = format!(": {}", f.path);
        view! {
            <ActionForm action=translate attr:class="inline-actions">
                <input type="hidden" name="module" value=module />
                <input type="hidden" name="number" value=number />
                <input type="hidden" name="path" value=en />
                <input type="hidden" name="text" value=heading />
                // The translation must not be there yet: one started meanwhile is kept.
                <input type="hidden" name="based_on" value=NO_FILE />
                <button type="submit" class="link-button">
                    {i18n.t("authoring-add-translation")}
                    <span class="visually-hidden">{hidden_path}</span>
                </button>
            </ActionForm>
        }
    });
    view! {
        <tr>
            <th scope="row"><a href=file_href(module, number, &f.path)><code>{f.path.clone()}</code></a></th>
            <td data-label=i18n.t("authoring-col-kind")>{i18n.t(f.kind.label_key())}</td>
            <td data-label=i18n.t("authoring-col-title")>{f.title.clone()}{translate.map(|t| view! { <br />{t} })}</td>
            <td class="number" data-label=i18n.t("authoring-col-problems")>{problems}</td>
        </tr>
    }
}

/// Problems (they stop publication) and lints (they do not), each linked to its line.
#[component]
fn Findings(view: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    let s = &view.summary;
    let open = matches!(s.status, Status::Draft | Status::Review);
    if !open {
        return ().into_any();
    }
    let module = s.module_id.clone();
    let number = s.number;
    let paths: Vec<String> = view.files.iter().map(|f| f.path.clone()).collect();
    let linked = |list: Vec<crate::authoring::FileProblem>| {
        list.into_iter()
            .map(|p| {
                let href = paths.contains(&p.file).then(|| {
                    let mut href = file_href(&module, number, &p.file);
                    if p.line > 0 {
                        href.push('#');
                        href.push_str(&line_anchor(p.line));
                    }
                    href
                });
                (p, href)
            })
            .collect::<Vec<_>>()
    };
    let problems = if view.problems.is_empty() {
        view! { <p>{i18n.t("authoring-problems-none")}</p> }.into_any()
    } else {
        view! {
            <p>{i18n.t("authoring-problems-intro")}</p>
            <ProblemList problems=linked(view.problems.clone()) kind=i18n.t("authoring-line-problem") />
        }
        .into_any()
    };
    let lints = (!view.lints.is_empty()).then(|| {
        view! {
            <h2 id="authoring-lints">{i18n.t("authoring-lints")}</h2>
            <p>{i18n.t("authoring-lints-intro")}</p>
            <ProblemList problems=linked(view.lints.clone()) kind=i18n.t("authoring-line-lint") />
        }
    });
    view! {
        <h2 id="authoring-problems">{i18n.t_args("authoring-problems-count", [("count", (view.problems.len() as f64).into())])}</h2>
        {problems}
        {lints}
    }
    .into_any()
}

#[component]
fn VersionActions(view: VersionView, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let s = view.summary.clone();
    let module = s.module_id.clone();
    let number = s.number.to_string();
    let module_store = StoredValue::new(module.clone());
    let number_store = StoredValue::new(number.clone());
    // Copy, so that every form's children can take it.
    let hidden = move || {
        view! {
            <input type="hidden" name="module" value=module_store.get_value() />
            <input type="hidden" name="number" value=number_store.get_value() />
        }
    };
    let submit_error = action_error(actions.submit);
    let send_back_error = action_error(actions.send_back);
    let discard_error = action_error(actions.discard);
    let add_error = action_error(actions.add_lesson);

    let submit = match s.status {
        Status::Draft if view.can_submit => view! {
            <section aria-labelledby="authoring-submit">
                <h3 id="authoring-submit">{i18n.t("authoring-submit")}</h3>
                <ActionForm action=actions.submit attr:class="stack-form">
                    {hidden()}
                    <TextArea name="note" label=i18n.t("authoring-submit-note")
                        hint=i18n.t("authoring-submit-note-hint") error=submit_error />
                    <button type="submit" class="button-primary">{i18n.t("authoring-submit")}</button>
                </ActionForm>
            </section>
        }
        .into_any(),
        Status::Draft => view! {
            <p>{i18n.t("authoring-submit-blocked")}" "<a href="#authoring-problems">{i18n.t("authoring-to-problems")}</a></p>
        }
        .into_any(),
        _ => ().into_any(),
    };

    let review = (s.status == Status::Review).then(|| {
        let decision = if view.can_review {
            view! {
                <section aria-labelledby="authoring-approve">
                    <h3 id="authoring-approve">{i18n.t("authoring-approve")}</h3>
                    <p>{i18n.t("authoring-approve-hint")}</p>
                    <ActionForm action=actions.approve attr:class="stack-form">
                        {hidden()}
                        <div class="field">
                            <label for="approve-comment">{i18n.t("authoring-approve-comment")}</label>
                            <textarea id="approve-comment" name="comment" rows="3"
                                maxlength=MAX_NOTE.to_string()></textarea>
                        </div>
                        <button type="submit" class="button-primary">{i18n.t("authoring-approve")}</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="authoring-send-back">
                    <h3 id="authoring-send-back">{i18n.t("authoring-send-back")}</h3>
                    <ActionForm action=actions.send_back attr:class="stack-form">
                        {hidden()}
                        <TextArea name="comment" label=i18n.t("authoring-send-back-comment")
                            hint=i18n.t("authoring-send-back-hint") required=true error=send_back_error />
                        <button type="submit">{i18n.t("authoring-send-back")}</button>
                    </ActionForm>
                </section>
            }
            .into_any()
        } else if view.own_work {
            view! { <p><strong>{i18n.t("authoring-own-work")}</strong></p> }.into_any()
        } else {
            ().into_any()
        };
        view! {
            <p>{i18n.t("authoring-in-review")}</p>
            {decision}
        }
    });

    let add_lesson = view.can_edit.then(|| {
        view! {
            <section aria-labelledby="authoring-add-lesson">
                <h3 id="authoring-add-lesson">{i18n.t("authoring-add-lesson")}</h3>
                <ErrorSummary error=add_error />
                <ActionForm action=actions.add_lesson attr:class="stack-form">
                    {hidden()}
                    <TextField name="slug" label=i18n.t("authoring-field-slug")
                        hint=i18n.t("authoring-field-slug-hint") required=true error=add_error />
                    <TextField name="title" label=i18n.t("authoring-field-lesson-title") required=true error=add_error />
                    <button type="submit">{i18n.t("authoring-add-lesson")}</button>
                </ActionForm>
            </section>
        }
    });

    // Published and earlier versions never change; a change starts a draft from the published one.
    let new_draft = matches!(s.status, Status::Published | Status::Retired).then(|| {
        view! {
            <p>{i18n.t("authoring-new-draft-hint")}</p>
            <ActionForm action=actions.start attr:class="stack-form">
                <input type="hidden" name="module" value=module.clone() />
                <button type="submit" class="button-primary">{i18n.t("authoring-edit")}</button>
            </ActionForm>
        }
    });

    // Open on the page, not folded away: a draft is thrown away on this page and nowhere else.
    let discard = matches!(s.status, Status::Draft | Status::Review).then(|| {
        view! {
            <section aria-labelledby="authoring-discard">
                <h3 id="authoring-discard">{i18n.t("authoring-discard")}</h3>
                <ActionForm action=actions.discard attr:class="stack-form">
                    {hidden()}
                    <DangerConfirm name="confirm" consequence=i18n.t("authoring-discard-consequence")
                        confirm=i18n.t("authoring-discard-confirm") submit=i18n.t("authoring-discard")
                        error=discard_error />
                </ActionForm>
            </section>
        }
    });

    view! {
        <h2>{i18n.t("authoring-actions")}</h2>
        {submit}
        {review}
        {add_lesson}
        {new_draft}
        {discard}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_lesson_sits_beside_the_german_one() {
        assert_eq!(
            english_path("lessons/01-intro.md").as_deref(),
            Some("lessons/01-intro.en.md")
        );
        assert_eq!(english_path("lessons/01-intro.en.md"), None);
        assert_eq!(english_path("quiz.toml"), None);
    }
}
