//! The question editor's pages: the list of a version's questions
//! (`/redaktion/inhalte/<module>/<n>/fragen`) and the form of one question (`…/fragen/<id>`, a
//! new one at `…/fragen-neu?typ=single`). Plain forms: they work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::form::{MAX_ROWS, RowList};
use super::{
    DeleteQuestion, LessonChoice, MoveQuestion, QuestionEdit, QuestionForm, QuestionList,
    QuestionProblem, QuestionRow, QuestionType, SaveQuestion, get_question, get_questions,
    question_href, questions_href, row_anchor,
};
use crate::auth::Role;
use crate::authoring::pages::finding;
use crate::authoring::{FileProblem, file_href, version_href};
use crate::error::AppError;
use crate::i18n::{I18n, Message, use_i18n};
use crate::ui::{
    DangerConfirm, ErrorSummary, KeepInput, NotFound, Notice, Protected, action_error, await_view,
    catalogue_text, percent_encode,
};

/// The route's module and version number, if the number is one.
fn version_params() -> Option<(String, i32)> {
    let params = use_params_map();
    params.with_untracked(|p| {
        let module = p.get("module")?;
        let number = p.get("number")?.parse::<i32>().ok()?;
        Some((module, number))
    })
}

/// Inhalte › module › version › Fragen.
fn breadcrumbs(
    i18n: I18n,
    module: &str,
    number: i32,
    title: &str,
    list: bool,
) -> impl IntoView + use<> {
    let history = format!("/redaktion/inhalte/{}", percent_encode(module));
    let version = version_href(module, number);
    let questions = questions_href(module, number);
    view! {
        <nav aria-label=i18n.t("questions-breadcrumbs")>
            <ol class="breadcrumbs">
                <li><a href="/redaktion/inhalte">{i18n.t("questions-breadcrumb-overview")}</a></li>
                <li><a href=history>{title.to_owned()}</a></li>
                <li><a href=version>{i18n.t_args("questions-breadcrumb-version", [("number", (number as f64).into())])}</a></li>
                {list.then(|| view! { <li><a href=questions>{i18n.t("questions-title")}</a></li> })}
            </ol>
        </nav>
    }
}

/// A list of findings of the checks, in the reader's language.
fn findings_list(i18n: I18n, list: &[FileProblem]) -> impl IntoView + use<> {
    let items = list
        .iter()
        .map(|p| {
            let place = format!("{}:{}", p.file, p.line);
            view! { <li><span class="file-line">{place}</span>": "{finding(i18n, &p.message)}</li> }
        })
        .collect_view();
    view! { <ul>{items}</ul> }
}

#[component]
pub fn QuestionsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("questions-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <QuestionsView /> } />
    }
}

#[component]
fn QuestionsView() -> impl IntoView {
    let Some((module, number)) = version_params() else {
        return view! { <NotFound /> }.into_any();
    };
    let query = use_query_map();
    let data = Resource::new(
        {
            let module = module.clone();
            move || (module.clone(), number)
        },
        |(module, number)| get_questions(module, number),
    );
    let move_action = ServerAction::<MoveQuestion>::new();
    let delete_action = ServerAction::<DeleteQuestion>::new();
    let move_error = action_error(move_action);
    let delete_error = action_error(delete_action);
    let error = Signal::derive(move || move_error.get().or_else(|| delete_error.get()));
    let notice = query.with_untracked(|q| {
        q.get("verschoben")
            .map(|id| ("questions-moved", id))
            .or_else(|| q.get("geloescht").map(|id| ("questions-deleted", id)))
    });
    view! {
        <ErrorSummary error />
        {await_view(data, move |list: QuestionList| {
            let notice = notice.clone();
            view! { <QuestionTable list notice move_action delete_action /> }
        })}
    }
    .into_any()
}

#[component]
fn QuestionTable(
    list: QuestionList,
    notice: Option<(&'static str, String)>,
    move_action: ServerAction<MoveQuestion>,
    delete_action: ServerAction<DeleteQuestion>,
) -> impl IntoView {
    let i18n = use_i18n();
    let module = list.summary.module_id.clone();
    let number = list.summary.number;
    let heading = i18n.t_args("questions-heading", [("title", list.title.clone().into())]);
    let status = i18n.t_args(
        "questions-version",
        [
            ("number", (number as f64).into()),
            ("version", list.summary.version.clone().into()),
            ("status", i18n.t(list.summary.status.label_key()).into()),
        ],
    );
    let notice = notice.map(|(key, id)| {
        view! { <Notice text=i18n.t_args(key, [("id", id.into())]) /> }
    });
    let read_only = (!list.can_edit).then(|| {
        let href = version_href(&module, number);
        view! {
            <div class="notice" role="note">
                <p>{i18n.t("questions-read-only")}</p>
                <p><a href=href>{i18n.t("questions-back-version")}</a></p>
            </div>
        }
    });
    let unreadable = list
        .unreadable
        .clone()
        .map(|file| unreadable_notice(i18n, &module, number, &file));
    let german_only = (!list.has_english && list.unreadable.is_none())
        .then(|| view! { <p class="hint">{i18n.t("questions-german-only")}</p> });
    let count = list.questions.len();
    let rows = list
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            view! {
                <QuestionTableRow question=q.clone() position=i count module=module.clone()
                    number can_edit=list.can_edit move_action delete_action />
            }
        })
        .collect_view();
    let table = (count > 0).then(|| {
        view! {
            <div class="table-scroll" role="region" aria-labelledby="questions-caption" tabindex="0">
                <table class="stack-on-phone">
                    <caption id="questions-caption">{i18n.t("questions-caption")}</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="number">{i18n.t("questions-col-number")}</th>
                            <th scope="col">{i18n.t("questions-col-id")}</th>
                            <th scope="col">{i18n.t("questions-col-type")}</th>
                            <th scope="col">{i18n.t("questions-col-lesson")}</th>
                            <th scope="col">{i18n.t("questions-col-scenario")}</th>
                            <th scope="col">{i18n.t("questions-col-text")}</th>
                            <th scope="col">{i18n.t("questions-col-check")}</th>
                            <th scope="col">{i18n.t("questions-col-actions")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    let empty = (count == 0 && list.unreadable.is_none())
        .then(|| view! { <p>{i18n.t("questions-none")}</p> });
    let add = (list.can_edit && list.unreadable.is_none()).then(|| {
        let action = format!("{}/fragen-neu", version_href(&module, number));
        let buttons = QuestionType::ALL
            .into_iter()
            .map(|kind| view! { <li><button type="submit" name="typ" value=kind.code()>{i18n.t(kind.label_key())}</button></li> })
            .collect_view();
        view! {
            <section aria-labelledby="questions-add-heading">
                <h2 id="questions-add-heading">{i18n.t("questions-add")}</h2>
                <form method="get" action=action>
                    <p>{i18n.t("questions-add-intro")}</p>
                    <ul class="plain-list">{buttons}</ul>
                </form>
            </section>
        }
    });
    let quiz_problems = (!list.quiz_problems.is_empty()).then(|| {
        view! {
            <section aria-labelledby="questions-quiz-problems" class="notice notice-error">
                <h2 id="questions-quiz-problems">{i18n.t("questions-quiz-problems")}</h2>
                {findings_list(i18n, &list.quiz_problems)}
            </section>
        }
    });
    let quiz_lints = quiz_lints_section(i18n, &list.quiz_lints);
    view! {
        {breadcrumbs(i18n, &module, number, &list.title, false)}
        <h1>{heading}</h1>
        <p>{status}" · "{i18n.t_args("questions-count", [("count", (count as f64).into())])}</p>
        {notice}
        {read_only}
        {unreadable}
        {quiz_problems}
        {german_only}
        {table}
        {empty}
        {add}
        {quiz_lints}
    }
}

fn unreadable_notice(i18n: I18n, module: &str, number: i32, file: &str) -> impl IntoView + use<> {
    let href = file_href(module, number, file);
    view! {
        <div class="notice notice-error" role="alert">
            <p>{i18n.t_args("questions-unreadable", [("file", file.to_owned().into())])}</p>
            <p><a href=href>{i18n.t_args("questions-open-file", [("file", file.to_owned().into())])}</a></p>
        </div>
    }
}

fn quiz_lints_section(i18n: I18n, lints: &[FileProblem]) -> impl IntoView + use<> {
    (!lints.is_empty()).then(|| {
        view! {
            <section aria-labelledby="questions-quiz-lints">
                <h2 id="questions-quiz-lints">{i18n.t("questions-quiz-lints")}</h2>
                <p>{i18n.t("questions-quiz-lints-intro")}</p>
                {findings_list(i18n, lints)}
            </section>
        }
    })
}

#[component]
#[allow(clippy::too_many_arguments)]
fn QuestionTableRow(
    question: QuestionRow,
    position: usize,
    count: usize,
    module: String,
    number: i32,
    can_edit: bool,
    move_action: ServerAction<MoveQuestion>,
    delete_action: ServerAction<DeleteQuestion>,
) -> impl IntoView {
    let i18n = use_i18n();
    let q = question;
    let href = question_href(&module, number, &q.id);
    let kind = q
        .kind
        .map(|k| i18n.t(k.label_key()))
        .unwrap_or_else(|| i18n.t("questions-type-unknown-label"));
    let check = if q.problems == 0 && q.lints == 0 {
        i18n.t("questions-check-ok")
    } else {
        let mut parts = Vec::new();
        if q.problems > 0 {
            parts.push(i18n.t_args(
                "questions-check-problems",
                [("count", (q.problems as f64).into())],
            ));
        }
        if q.lints > 0 {
            parts.push(i18n.t_args(
                "questions-check-lints",
                [("count", (q.lints as f64).into())],
            ));
        }
        parts.join(", ")
    };
    let id_label = q.id.clone();
    let shown_id = format!(" ({})", q.id);
    let actions = can_edit.then(|| {
        let id = q.id.clone();
        let hidden = {
            let module = module.clone();
            let id = id.clone();
            move || {
                view! {
                    <input type="hidden" name="module" value=module.clone() />
                    <input type="hidden" name="number" value=number.to_string() />
                    <input type="hidden" name="question" value=id.clone() />
                }
            }
        };
        let up = (position > 0).then(|| {
            view! { <button type="submit" name="direction" value="up">{i18n.t("questions-move-up")}<span class="visually-hidden">{format!(" ({id})")}</span></button> }
        });
        let down = (position + 1 < count).then(|| {
            view! { <button type="submit" name="direction" value="down">{i18n.t("questions-move-down")}<span class="visually-hidden">{format!(" ({id})")}</span></button> }
        });
        let confirm_id = format!("confirm-{}", row_anchor(&id));
        let hidden_again = hidden.clone();
        let consequence = i18n.t_args("questions-delete-consequence", [("id", id.clone().into())]);
        view! {
            <ActionForm action=move_action attr:class="inline-form">
                {hidden()}
                {up}
                {down}
            </ActionForm>
            <details class="danger-details">
                <summary>{i18n.t("questions-delete")}<span class="visually-hidden">{format!(" ({id})")}</span></summary>
                <ActionForm action=delete_action>
                    {hidden_again()}
                    <DangerConfirm name="confirm" id=confirm_id
                        consequence=consequence
                        confirm=i18n.t("questions-delete-confirm")
                        submit=i18n.t("questions-delete-submit") />
                </ActionForm>
            </details>
        }
    });
    let link_text = if can_edit {
        i18n.t("questions-edit")
    } else {
        i18n.t("questions-view")
    };
    view! {
        <tr id=row_anchor(&q.id)>
            <td class="number" data-label=i18n.t("questions-col-number")>{position + 1}</td>
            <th scope="row" data-label=i18n.t("questions-col-id")><a href=href.clone()>{id_label}</a></th>
            <td data-label=i18n.t("questions-col-type")>{kind}</td>
            <td data-label=i18n.t("questions-col-lesson")>{q.lesson.clone()}</td>
            <td data-label=i18n.t("questions-col-scenario")>{if q.scenario { i18n.t("yes") } else { i18n.t("no") }}</td>
            <td data-label=i18n.t("questions-col-text")>{q.excerpt.clone()}</td>
            <td data-label=i18n.t("questions-col-check")>{check}</td>
            <td data-label=i18n.t("questions-col-actions")>
                <a href=href>{link_text}<span class="visually-hidden">{shown_id}</span></a>
                {actions}
            </td>
        </tr>
    }
}

#[component]
pub fn QuestionEditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("questions-edit-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <QuestionEditor new=false /> } />
    }
}

#[component]
pub fn QuestionNewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("questions-new-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <QuestionEditor new=true /> } />
    }
}

/// What the address says beyond the saved question: a form sent back by "Weitere …" (with the
/// list to grow), or a notice.
#[derive(Clone, Debug, Default)]
struct PageState {
    typed: Option<Typed>,
    saved: bool,
}

/// A form as the browser sent it to the page, and the list to grow by a row.
#[derive(Clone, Debug, Default)]
struct Typed {
    fields: Vec<(String, String)>,
    grow: Option<RowList>,
}

fn page_state() -> (PageState, Option<String>) {
    let query = use_query_map();
    query.with_untracked(|q| {
        let grow = q.get("zeile").map(|list| match list.as_str() {
            "items" => Some(RowList::Items),
            "pairs" => Some(RowList::Pairs),
            "options" => Some(RowList::Options),
            _ => None,
        });
        let typed = grow.map(|grow| {
            let pairs: Vec<(String, String)> = q
                .latest_values()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Typed {
                fields: pairs,
                grow,
            }
        });
        let kind = q.get("typ").or_else(|| q.get("kind"));
        (
            PageState {
                typed,
                saved: q.get("gespeichert").is_some(),
            },
            kind,
        )
    })
}

#[component]
fn QuestionEditor(new: bool) -> impl IntoView {
    let Some((module, number)) = version_params() else {
        return view! { <NotFound /> }.into_any();
    };
    let question = if new {
        None
    } else {
        match use_params_map().with_untracked(|p| p.get("question")) {
            Some(id) => Some(id),
            None => return view! { <NotFound /> }.into_any(),
        }
    };
    let (state, kind) = page_state();
    let data = Resource::new(
        move || (module.clone(), number, question.clone(), kind.clone()),
        |(module, number, question, kind)| get_question(module, number, question, kind),
    );
    let save = ServerAction::<SaveQuestion>::new();
    let delete = ServerAction::<DeleteQuestion>::new();
    let save_error = action_error(save);
    let delete_error = action_error(delete);
    view! {
        {await_view(data, move |edit: QuestionEdit| {
            view! { <QuestionPage edit state=state.clone() save save_error delete delete_error /> }
        })}
    }
    .into_any()
}

#[component]
fn QuestionPage(
    edit: QuestionEdit,
    state: PageState,
    save: ServerAction<SaveQuestion>,
    save_error: Signal<Option<AppError>>,
    delete: ServerAction<DeleteQuestion>,
    delete_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let module = edit.summary.module_id.clone();
    let number = edit.summary.number;
    let kind = edit.form.kind;
    let mut form = edit.form.clone();
    if let Some(Typed {
        fields: typed,
        grow,
    }) = &state.typed
    {
        let get = |name: &str| {
            typed
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        form = QuestionForm::from_fields(kind, get);
        if let Some(list) = grow {
            form.add_row(*list);
        }
    }
    let heading = match &edit.original {
        Some(id) => i18n.t_args("questions-edit-heading", [("id", id.clone().into())]),
        None => i18n.t_args(
            "questions-new-heading",
            [("type", i18n.t(kind.label_key()).into())],
        ),
    };
    let here = match &edit.original {
        Some(id) => question_href(&module, number, id),
        None => format!("{}/fragen-neu", version_href(&module, number)),
    };
    let position = edit.position.map(|p| {
        view! { <p>{i18n.t_args("questions-position", [("position", (p as f64).into()), ("count", (edit.count as f64).into())])}</p> }
    });
    let saved = state.saved.then(|| {
        let text = if edit.problems.is_empty() {
            i18n.t("questions-saved")
        } else {
            i18n.t_args(
                "questions-saved-problems",
                [("count", (edit.problems.len() as f64).into())],
            )
        };
        view! { <Notice text /> }
    });
    let read_only = (!edit.can_edit).then(|| {
        view! {
            <div class="notice" role="note">
                <p>{i18n.t("questions-read-only")}</p>
                <p><a href=version_href(&module, number)>{i18n.t("questions-back-version")}</a></p>
            </div>
        }
    });
    if let Some(file) = &edit.unreadable {
        return view! {
            {breadcrumbs(i18n, &module, number, &edit.title, true)}
            <h1>{heading}</h1>
            {unreadable_notice(i18n, &module, number, file)}
        }
        .into_any();
    }
    let problems = problem_summary(
        i18n,
        "questions-problems-heading",
        "question-problems",
        &edit.problems,
        true,
    );
    let lints = problem_summary(
        i18n,
        "questions-lints-heading",
        "question-lints",
        &edit.lints,
        false,
    );
    let findings = StoredValue::new(
        edit.problems
            .iter()
            .chain(&edit.lints)
            .filter_map(|p| Some((p.field.clone()?, p.message.clone())))
            .collect::<Vec<_>>(),
    );
    let fields = Fields {
        i18n,
        error: save_error,
        findings,
    };
    let delete_form = (edit.can_edit && edit.original.is_some()).then(|| {
        let id = edit.original.clone().unwrap_or_default();
        let module = module.clone();
        view! {
            <section aria-labelledby="question-delete-heading">
                <h2 id="question-delete-heading">{i18n.t("questions-delete-heading")}</h2>
                <ErrorSummary error=delete_error />
                <ActionForm action=delete>
                    <input type="hidden" name="module" value=module.clone() />
                    <input type="hidden" name="number" value=number.to_string() />
                    <input type="hidden" name="question" value=id.clone() />
                    <DangerConfirm name="confirm" error=delete_error
                        consequence=i18n.t_args("questions-delete-consequence", [("id", id.into())])
                        confirm=i18n.t("questions-delete-confirm")
                        submit=i18n.t("questions-delete-submit") />
                </ActionForm>
            </section>
        }
    });
    let save_button = edit.can_edit.then(|| {
        view! {
            <div class="button-row">
                <button type="submit" class="button-primary">{i18n.t("questions-save")}</button>
            </div>
        }
    });
    let answers = answer_fields(&fields, &form, &here);
    let german_only = (!edit.has_english && edit.can_edit)
        .then(|| view! { <p class="hint">{i18n.t("questions-german-only")}</p> });
    view! {
        {breadcrumbs(i18n, &module, number, &edit.title, true)}
        <h1>{heading}</h1>
        {position}
        <p><a href=questions_href(&module, number)>{i18n.t("questions-back-list")}</a></p>
        {saved}
        {read_only}
        <ErrorSummary error=save_error />
        {problems}
        {lints}
        {german_only}
        <ActionForm action=save attr:class="stack-form question-form">
            <input type="hidden" name="module" value=module.clone() />
            <input type="hidden" name="number" value=number.to_string() />
            <input type="hidden" name="original" value=edit.original.clone().unwrap_or_default() />
            <input type="hidden" name="kind" value=kind.code() />
            <fieldset disabled=!edit.can_edit>
                <fieldset>
                    <legend>{i18n.t("questions-section-question")}</legend>
                    {fields.input("id", "id", i18n.t("questions-field-id"), Some(i18n.t("questions-field-id-hint")), &form.id, true, false)}
                    {fields.text_area("text", "text", i18n.t("questions-field-text"), Some(i18n.t("questions-field-text-hint")), &form.text, true, false)}
                    {fields.text_area("text_en", "text_en", i18n.t("questions-field-text-en"), Some(i18n.t("questions-english-hint")), &form.text_en, false, true)}
                    {lesson_select(&fields, &edit.lessons, &form.lesson)}
                    {fields.checkbox("scenario", "scenario", i18n.t("questions-field-scenario"), form.scenario)}
                </fieldset>
                {answers}
                <fieldset>
                    <legend>{i18n.t("questions-section-feedback")}</legend>
                    {fields.text_area("feedback_correct", "feedback_correct", i18n.t("questions-field-feedback-correct"), Some(i18n.t("questions-feedback-hint")), &form.feedback_correct, false, false)}
                    {fields.text_area("feedback_correct_en", "feedback_correct_en", i18n.t("questions-field-feedback-correct-en"), None, &form.feedback_correct_en, false, true)}
                    {fields.text_area("feedback_incorrect", "feedback_incorrect", i18n.t("questions-field-feedback-incorrect"), Some(i18n.t("questions-field-feedback-incorrect-hint")), &form.feedback_incorrect, false, false)}
                    {fields.text_area("feedback_incorrect_en", "feedback_incorrect_en", i18n.t("questions-field-feedback-incorrect-en"), None, &form.feedback_incorrect_en, false, true)}
                </fieldset>
                {save_button}
            </fieldset>
            <KeepInput />
        </ActionForm>
        {delete_form}
        {quiz_lints_section(i18n, &edit.quiz_lints)}
    }
    .into_any()
}

/// The summary of the checks' findings at this question, each linked to its field.
fn problem_summary(
    i18n: I18n,
    heading_key: &'static str,
    id: &'static str,
    list: &[QuestionProblem],
    problems: bool,
) -> Option<impl IntoView + use<>> {
    if list.is_empty() {
        return None;
    }
    let items = list
        .iter()
        .map(|p| {
            let message = finding(i18n, &p.message);
            match &p.field {
                Some(field) => {
                    let href = format!("#field-{field}");
                    let label = field_label(i18n, field);
                    view! { <li><a href=href>{label}": "{message}</a></li> }.into_any()
                }
                None => view! { <li>{format!("{}:{}: ", p.file, p.line)}{message}</li> }.into_any(),
            }
        })
        .collect_view();
    let class = if problems {
        "notice notice-error"
    } else {
        "notice"
    };
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    Some(view! {
        <section class=class id=id aria-labelledby=labelled_by>
            <h2 id=heading_id>{i18n.t(heading_key)}</h2>
            {problems.then(|| view! { <p>{i18n.t("questions-problems-intro")}</p> })}
            <ul>{items}</ul>
        </section>
    })
}

/// The label of a form field for the summary: "Antwort 3: Text auf Englisch".
fn field_label(i18n: I18n, field: &str) -> String {
    let simple = |key: &str| i18n.t(key);
    let row = |key: &str, n: &str| {
        let n = n.parse::<f64>().map(|n| n + 1.0).unwrap_or(0.0);
        i18n.t_args(key, [("n", n.into())])
    };
    let parts: Vec<&str> = field.splitn(3, '-').collect();
    match parts.as_slice() {
        ["options", n, part] => {
            let part = match *part {
                "text" => simple("questions-option-text"),
                "text_en" => simple("questions-option-text-en"),
                "correct" => simple("questions-option-correct"),
                "feedback" => simple("questions-option-feedback"),
                _ => simple("questions-option-feedback-en"),
            };
            format!("{}: {part}", row("questions-option", n))
        }
        ["items", n, part] => {
            if part.ends_with("_en") {
                row("questions-item-en", n)
            } else {
                row("questions-item", n)
            }
        }
        ["pairs", n, part] => {
            let part = match *part {
                "left" => simple("questions-pair-left"),
                "right" => simple("questions-pair-right"),
                "left_en" => simple("questions-pair-left-en"),
                _ => simple("questions-pair-right-en"),
            };
            format!("{}: {part}", row("questions-pair", n))
        }
        _ => simple(match field {
            "id" => "questions-field-id",
            "text" => "questions-field-text",
            "text_en" => "questions-field-text-en",
            "lesson" => "questions-field-lesson",
            "scenario" => "questions-field-scenario-short",
            "feedback_correct" => "questions-field-feedback-correct",
            "feedback_correct_en" => "questions-field-feedback-correct-en",
            "feedback_incorrect" => "questions-field-feedback-incorrect",
            "feedback_incorrect_en" => "questions-field-feedback-incorrect-en",
            "options" => "questions-section-answers",
            "answer" => "questions-answer-legend",
            "items" => "questions-items-legend",
            "pairs" => "questions-pairs-legend",
            "accepted" => "questions-field-accepted",
            "accepted_en" => "questions-field-accepted-en",
            "case_sensitive" => "questions-field-case-sensitive",
            "value" => "questions-field-value",
            "tolerance" => "questions-field-tolerance",
            "unit" => "questions-field-unit",
            "unit_en" => "questions-field-unit-en",
            _ => "questions-section-question",
        }),
    }
}

/// What every field of the form needs: the save's field errors and the checks' findings.
#[derive(Clone, Copy)]
struct Fields {
    i18n: I18n,
    error: Signal<Option<AppError>>,
    /// (field, message) of the checks at this question.
    findings: StoredValue<Vec<(String, Message)>>,
}

impl Fields {
    fn error_of(&self, field: &str) -> Signal<Option<String>> {
        let (error, i18n, field) = (self.error, self.i18n, field.to_owned());
        Signal::derive(move || {
            error.get().and_then(|err| {
                err.field_errors()
                    .iter()
                    .find(|f| f.field == field)
                    .map(|f| catalogue_text(i18n, &f.message, "error-invalid"))
            })
        })
    }

    fn findings_of(&self, field: &str) -> Vec<Message> {
        self.findings.with_value(|all| {
            all.iter()
                .filter(|(f, _)| f == field)
                .map(|(_, m)| m.clone())
                .collect()
        })
    }

    /// Hint, error and findings of a field, and the ids the control must name in
    /// `aria-describedby`.
    fn messages(
        &self,
        field: &str,
        hint: Option<String>,
    ) -> (impl IntoView + use<>, Signal<Option<String>>, Signal<bool>) {
        let id = format!("field-{field}");
        let (hint_id, error_id, findings_id) = (
            format!("{id}-hint"),
            format!("{id}-error"),
            format!("{id}-findings"),
        );
        let message = self.error_of(field);
        let findings = self.findings_of(field);
        let has_hint = hint.is_some();
        let has_findings = !findings.is_empty();
        let described_by = Signal::derive({
            let (hint_id, error_id, findings_id) =
                (hint_id.clone(), error_id.clone(), findings_id.clone());
            move || {
                let mut ids = Vec::new();
                if has_hint {
                    ids.push(hint_id.clone());
                }
                if message.get().is_some() {
                    ids.push(error_id.clone());
                }
                if has_findings {
                    ids.push(findings_id.clone());
                }
                (!ids.is_empty()).then(|| ids.join(" "))
            }
        });
        let invalid = Signal::derive(move || message.get().is_some() || has_findings);
        let i18n = self.i18n;
        let findings = has_findings.then(|| {
            let items = findings
                .into_iter()
                .map(|m| view! { <li>{finding(i18n, &m)}</li> })
                .collect_view();
            view! {
                <div class="field-error" id=findings_id>
                    {i18n.t("questions-finding")}
                    <ul>{items}</ul>
                </div>
            }
        });
        let view = view! {
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {move || message.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            {findings}
        };
        (view, described_by, invalid)
    }

    /// A one-line text field `name` (its errors under `field`).
    #[allow(clippy::too_many_arguments)]
    fn input(
        &self,
        field: &str,
        name: &str,
        label: String,
        hint: Option<String>,
        value: &str,
        required: bool,
        english: bool,
    ) -> impl IntoView + use<> {
        let id = format!("field-{field}");
        let (messages, described_by, invalid) = self.messages(field, hint);
        let name = name.to_owned();
        let value = value.to_owned();
        view! {
            <div class="field" class:field-invalid=move || invalid.get()>
                <label for=id.clone()>{label}{required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
                {messages}
                <input type="text" id=id name=name value=value required=required
                    lang=english.then_some("en")
                    aria-invalid=move || invalid.get().then_some("true")
                    aria-describedby=move || described_by.get() />
            </div>
        }
    }

    /// A text area `name` (its errors under `field`).
    #[allow(clippy::too_many_arguments)]
    fn text_area(
        &self,
        field: &str,
        name: &str,
        label: String,
        hint: Option<String>,
        value: &str,
        required: bool,
        english: bool,
    ) -> impl IntoView + use<> {
        let id = format!("field-{field}");
        let (messages, described_by, invalid) = self.messages(field, hint);
        let name = name.to_owned();
        // As `ui::TextArea`: Leptos writes a text area's content unescaped on the server.
        let value = crate::ui::escape_text(value);
        let rows = if value.chars().count() > 200 {
            "6"
        } else {
            "3"
        };
        view! {
            <div class="field" class:field-invalid=move || invalid.get()>
                <label for=id.clone()>{label}{required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
                {messages}
                <textarea id=id name=name rows=rows required=required
                    lang=english.then_some("en")
                    aria-invalid=move || invalid.get().then_some("true")
                    aria-describedby=move || described_by.get()>{value}</textarea>
            </div>
        }
    }

    fn checkbox(
        &self,
        field: &str,
        name: &str,
        label: String,
        checked: bool,
    ) -> impl IntoView + use<> {
        let id = format!("field-{field}");
        let (messages, described_by, _) = self.messages(field, None);
        let name = name.to_owned();
        view! {
            {messages}
            <div class="choice">
                <input type="checkbox" id=id.clone() name=name value="on" checked=checked
                    aria-describedby=move || described_by.get() />
                <label for=id>{label}</label>
            </div>
        }
    }

    /// A group of rows or choices (`fieldset`) with its legend and the group's errors.
    fn group<V: IntoView + 'static>(
        &self,
        field: &str,
        legend: String,
        hint: Option<String>,
        inner: V,
    ) -> impl IntoView + use<V> {
        let id = format!("field-{field}");
        let (messages, described_by, invalid) = self.messages(field, hint);
        view! {
            <fieldset id=id tabindex="-1" class:field-invalid=move || invalid.get()
                aria-describedby=move || described_by.get()>
                <legend>{legend}</legend>
                {messages}
                {inner}
            </fieldset>
        }
    }
}

/// The lessons with their sections in one list: a question points to a lesson or a section.
fn lesson_select(
    fields: &Fields,
    lessons: &[LessonChoice],
    current: &str,
) -> impl IntoView + use<> {
    let i18n = fields.i18n;
    let known = lessons.iter().any(|l| {
        l.slug == current
            || l.sections
                .iter()
                .any(|(anchor, _)| format!("{}#{anchor}", l.slug) == current)
    });
    let missing = (!current.is_empty() && !known).then(|| {
        let label = i18n.t_args(
            "questions-lesson-missing",
            [("value", current.to_owned().into())],
        );
        view! {
            <option value=current.to_owned() selected=true>
                {label}
            </option>
        }
    });
    let groups = lessons
        .iter()
        .map(|lesson| {
            let whole = lesson.slug.clone();
            let sections = lesson
                .sections
                .iter()
                .map(|(anchor, title)| {
                    let value = format!("{}#{anchor}", lesson.slug);
                    let selected = value == current;
                    view! { <option value=value selected=selected>{title.clone()}</option> }
                })
                .collect_view();
            view! {
                <optgroup label=format!("{} ({})", lesson.title, lesson.slug)>
                    <option value=whole.clone() selected=whole == current>
                        {i18n.t_args("questions-lesson-whole", [("title", lesson.title.clone().into())])}
                    </option>
                    {sections}
                </optgroup>
            }
        })
        .collect_view();
    let (messages, described_by, invalid) =
        fields.messages("lesson", Some(i18n.t("questions-field-lesson-hint")));
    view! {
        <div class="field" class:field-invalid=move || invalid.get()>
            <label for="field-lesson">{i18n.t("questions-field-lesson")}<span class="required" aria-hidden="true">" *"</span></label>
            {messages}
            <select id="field-lesson" name="lesson" required=true
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=move || described_by.get()>
                <option value="" selected=current.is_empty()>{i18n.t("questions-lesson-choose")}</option>
                {missing}
                {groups}
            </select>
        </div>
    }
}

/// "Weitere Antwort": sends the form to the page itself, which shows it again with one more
/// row; nothing is saved.
fn add_row_button(
    i18n: I18n,
    here: &str,
    list: RowList,
    label_key: &str,
    rows: usize,
) -> impl IntoView + use<> {
    (rows < MAX_ROWS).then(|| {
        view! {
            <p class="hint">{i18n.t("questions-add-row-hint")}</p>
            <button type="submit" formmethod="get" formaction=here.to_owned() formnovalidate=true
                name="zeile" value=list.code()>{i18n.t(label_key)}</button>
        }
    })
}

/// The fields of the question's type.
fn answer_fields(fields: &Fields, form: &QuestionForm, here: &str) -> impl IntoView + use<> {
    let i18n = fields.i18n;
    let legend_answers = i18n.t("questions-section-answers");
    match form.kind {
        QuestionType::Single | QuestionType::Multiple => {
            let single = form.kind == QuestionType::Single;
            let rows = form
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let f = |part: &str| format!("options-{i}-{part}");
                    let n = |part: &str| format!("options[{i}][{part}]");
                    let legend = i18n.t_args("questions-option", [("n", ((i + 1) as f64).into())]);
                    let correct_id = format!("field-{}", f("correct"));
                    let correct = if single {
                        view! {
                            <div class="choice">
                                <input type="radio" id=correct_id.clone() name="correct" value=i.to_string() checked=o.correct />
                                <label for=correct_id>{i18n.t("questions-option-correct")}</label>
                            </div>
                        }
                        .into_any()
                    } else {
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=correct_id.clone() name=n("correct") value="on" checked=o.correct />
                                <label for=correct_id>{i18n.t("questions-option-correct")}</label>
                            </div>
                        }
                        .into_any()
                    };
                    view! {
                        <fieldset class="card">
                            <legend>{legend}</legend>
                            {fields.input(&f("text"), &n("text"), i18n.t("questions-option-text"), None, &o.text, false, false)}
                            {fields.input(&f("text_en"), &n("text_en"), i18n.t("questions-option-text-en"), None, &o.text_en, false, true)}
                            {correct}
                            {fields.text_area(&f("feedback"), &n("feedback"), i18n.t("questions-option-feedback"), None, &o.feedback, false, false)}
                            {fields.text_area(&f("feedback_en"), &n("feedback_en"), i18n.t("questions-option-feedback-en"), None, &o.feedback_en, false, true)}
                        </fieldset>
                    }
                })
                .collect_view();
            let legend = if single {
                i18n.t("questions-options-legend-single")
            } else {
                i18n.t("questions-options-legend-multiple")
            };
            let hint = i18n.t_args("questions-options-hint", [("min", (form.kind.min_rows() as f64).into())]);
            let inner = view! {
                {rows}
                {add_row_button(i18n, here, RowList::Options, "questions-add-option", form.options.len())}
            };
            fields.group("options", legend, Some(hint), inner).into_any()
        }
        QuestionType::TrueFalse => {
            let choice = |value: bool, key: &str| {
                let id = format!("field-answer-{value}");
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="answer" value=value.to_string() checked=form.answer == Some(value) />
                        <label for=id>{i18n.t(key)}</label>
                    </div>
                }
            };
            let inner = view! {
                {choice(true, "questions-answer-true")}
                {choice(false, "questions-answer-false")}
            };
            fields.group("answer", i18n.t("questions-answer-legend"), None, inner).into_any()
        }
        QuestionType::Ordering => {
            let rows = form
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let label = |key: &str| i18n.t_args(key, [("n", ((i + 1) as f64).into())]);
                    view! {
                        {fields.input(&format!("items-{i}-text"), &format!("items[{i}][text]"), label("questions-item"), None, &item.text, false, false)}
                        {fields.input(&format!("items-{i}-text_en"), &format!("items[{i}][text_en]"), label("questions-item-en"), None, &item.text_en, false, true)}
                    }
                })
                .collect_view();
            let inner = view! {
                {rows}
                {add_row_button(i18n, here, RowList::Items, "questions-add-item", form.items.len())}
            };
            fields
                .group("items", i18n.t("questions-items-legend"), Some(i18n.t("questions-items-hint")), inner)
                .into_any()
        }
        QuestionType::Matching => {
            let rows = form
                .pairs
                .iter()
                .enumerate()
                .map(|(i, pair)| {
                    let legend = i18n.t_args("questions-pair", [("n", ((i + 1) as f64).into())]);
                    let f = |part: &str| format!("pairs-{i}-{part}");
                    let n = |part: &str| format!("pairs[{i}][{part}]");
                    view! {
                        <fieldset class="card">
                            <legend>{legend}</legend>
                            {fields.input(&f("left"), &n("left"), i18n.t("questions-pair-left"), None, &pair.left, false, false)}
                            {fields.input(&f("right"), &n("right"), i18n.t("questions-pair-right"), None, &pair.right, false, false)}
                            {fields.input(&f("left_en"), &n("left_en"), i18n.t("questions-pair-left-en"), None, &pair.left_en, false, true)}
                            {fields.input(&f("right_en"), &n("right_en"), i18n.t("questions-pair-right-en"), None, &pair.right_en, false, true)}
                        </fieldset>
                    }
                })
                .collect_view();
            let inner = view! {
                {rows}
                {add_row_button(i18n, here, RowList::Pairs, "questions-add-pair", form.pairs.len())}
            };
            fields
                .group("pairs", i18n.t("questions-pairs-legend"), Some(i18n.t("questions-pairs-hint")), inner)
                .into_any()
        }
        QuestionType::ShortText => view! {
            <fieldset>
                <legend>{legend_answers}</legend>
                {fields.text_area("accepted", "accepted", i18n.t("questions-field-accepted"), Some(i18n.t("questions-field-accepted-hint")), &form.accepted.join("\n"), true, false)}
                {fields.text_area("accepted_en", "accepted_en", i18n.t("questions-field-accepted-en"), Some(i18n.t("questions-field-accepted-en-hint")), &form.accepted_en.join("\n"), false, true)}
                {fields.checkbox("case_sensitive", "case_sensitive", i18n.t("questions-field-case-sensitive"), form.case_sensitive)}
            </fieldset>
        }
        .into_any(),
        QuestionType::Numeric => view! {
            <fieldset>
                <legend>{legend_answers}</legend>
                {fields.input("value", "value", i18n.t("questions-field-value"), Some(i18n.t("questions-field-value-hint")), &form.value, true, false)}
                {fields.input("tolerance", "tolerance", i18n.t("questions-field-tolerance"), Some(i18n.t("questions-field-tolerance-hint")), &form.tolerance, false, false)}
                {fields.input("unit", "unit", i18n.t("questions-field-unit"), None, &form.unit, false, false)}
                {fields.input("unit_en", "unit_en", i18n.t("questions-field-unit-en"), None, &form.unit_en, false, true)}
            </fieldset>
        }
        .into_any(),
    }
}
