//! `/redaktion/inhalte`: every module with its published and its open version, what waits for
//! the reader's review; and `/redaktion/inhalte/neu`, the form for a new module.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{OVERVIEW_HREF, history_href, origin_text};
use crate::auth::Role;
use crate::authoring::{
    CreateModule, ModuleRow, Overview, StartDraft, Status, VersionSummary, get_overview,
    version_href,
};
use crate::i18n::{I18n, format, use_i18n};
use crate::ui::{ErrorSummary, Protected, TextField, action_error, await_view};

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("authoring-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <OverviewBody /> } />
    }
}

#[component]
fn OverviewBody() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_overview());
    let start = ServerAction::<StartDraft>::new();
    let start_error = action_error(start);
    view! {
        <h1>{i18n.t("authoring-title")}</h1>
        <p>{i18n.t("authoring-intro")}</p>
        <ul class="export-links">
            <li><a href=format!("{OVERVIEW_HREF}/neu")>{i18n.t("authoring-new-module")}</a></li>
            <li><a href=format!("{OVERVIEW_HREF}/import")>{i18n.t("authoring-upload-folder")}</a></li>
        </ul>
        <ErrorSummary error=start_error />
        {await_view(overview, move |o: Overview| {
            let titles: Vec<(String, String)> = o
                .modules
                .iter()
                .map(|m| (m.module_id.clone(), m.title.clone()))
                .collect();
            view! {
                <ToReview versions=o.to_review titles />
                <Modules modules=o.modules start />
            }
        })}
    }
}

/// "Wartet auf Ihre Prüfung": versions in review that the reader did not write.
#[component]
fn ToReview(versions: Vec<VersionSummary>, titles: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let body = if versions.is_empty() {
        view! { <p>{i18n.t("authoring-to-review-none")}</p> }.into_any()
    } else {
        let items = versions
            .into_iter()
            .map(|v| {
                let title = titles
                    .iter()
                    .find(|(id, _)| *id == v.module_id)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_else(|| v.module_id.clone());
                let label = i18n.t_args(
                    "authoring-to-review-item",
                    [
                        ("title", title.into()),
                        ("version", v.version.clone().into()),
                    ],
                );
                let by = submitted_by(i18n, &v);
                view! {
                    <li>
                        <a href=version_href(&v.module_id, v.number)>{label}</a>
                        {by.map(|by| view! { <br /><span class="subtle">{by}</span> })}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="link-list">{items}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="authoring-to-review">
            <h2 id="authoring-to-review">{i18n.t("authoring-to-review")}</h2>
            {body}
        </section>
    }
}

/// "Eingereicht von … am …", as far as it is known.
fn submitted_by(i18n: I18n, v: &VersionSummary) -> Option<String> {
    let at = v.submitted_at?;
    Some(i18n.t_args(
        "authoring-submitted-by",
        [
            (
                "name",
                v.author.clone().unwrap_or_else(|| "–".to_owned()).into(),
            ),
            ("date", format::when(i18n.locale, at).into()),
        ],
    ))
}

#[component]
fn Modules(modules: Vec<ModuleRow>, start: ServerAction<StartDraft>) -> impl IntoView {
    let i18n = use_i18n();
    if modules.is_empty() {
        return view! {
            <h2>{i18n.t("authoring-modules")}</h2>
            <p>{i18n.t("authoring-no-modules")}</p>
        }
        .into_any();
    }
    let rows = modules
        .into_iter()
        .map(|m| view! { <ModuleLine module=m start /> })
        .collect_view();
    view! {
        <h2>{i18n.t("authoring-modules")}</h2>
        <div class="table-scroll" role="region" aria-labelledby="authoring-modules-caption" tabindex="0">
            <table class="stack-on-phone">
                <caption id="authoring-modules-caption">{i18n.t("authoring-modules-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("authoring-col-module")}</th>
                        <th scope="col">{i18n.t("authoring-col-published")}</th>
                        <th scope="col">{i18n.t("authoring-col-open")}</th>
                        <th scope="col">{i18n.t("authoring-col-actions")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ModuleLine(module: ModuleRow, start: ServerAction<StartDraft>) -> impl IntoView {
    let i18n = use_i18n();
    let m = module;
    let published = match &m.published {
        Some(p) => view! {
            <a href=version_href(&m.module_id, p.number)>
                {i18n.t_args("authoring-version-label", [("version", p.version.clone().into())])}
            </a>
            <br />
            <span>{origin_text(i18n, p)}</span>
        }
        .into_any(),
        None => view! { <span>{i18n.t("authoring-not-published")}</span> }.into_any(),
    };
    let open = match &m.open {
        Some(o) => view! {
            <a href=version_href(&m.module_id, o.number)>
                {i18n.t_args("authoring-open-version", [
                    ("status", i18n.t(o.status.label_key()).into()),
                    ("version", o.version.clone().into()),
                ])}
            </a>
        }
        .into_any(),
        None => view! { <span>{i18n.t("authoring-nothing-open")}</span> }.into_any(),
    };
    // A version in review is not edited alongside: its reviewers would approve something else
    // than what the editors then see. It can be sent back, and is a draft again.
    let in_review = m.open.as_ref().is_some_and(|o| o.status == Status::Review);
    let hidden_title = format!(": {}", m.title);
    let action = if in_review {
        let number = m.open.as_ref().map(|o| o.number).unwrap_or_default();
        view! {
            <a href=version_href(&m.module_id, number)>
                {i18n.t("authoring-show-review")}
                <span class="visually-hidden">{hidden_title}</span>
            </a>
        }
        .into_any()
    } else {
        let module = m.module_id.clone();
        view! {
            <ActionForm action=start attr:class="inline-actions">
                <input type="hidden" name="module" value=module />
                <button type="submit">
                    {i18n.t("authoring-edit")}
                    <span class="visually-hidden">{hidden_title}</span>
                </button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <tr>
            <th scope="row">
                <a href=history_href(&m.module_id)>{m.title.clone()}</a>
                <br /><code class="subtle">{m.module_id.clone()}</code>
            </th>
            <td data-label=i18n.t("authoring-col-published")>{published}</td>
            <td data-label=i18n.t("authoring-col-open")>{open}</td>
            <td data-label=i18n.t("authoring-col-actions")>{action}</td>
        </tr>
    }
}

#[component]
pub fn NewModulePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("authoring-new-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <NewModule /> } />
    }
}

#[component]
fn NewModule() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateModule>::new();
    let error = action_error(create);
    view! {
        <nav aria-label=i18n.t("breadcrumb") class="breadcrumb">
            <a href=OVERVIEW_HREF>{i18n.t("authoring-title")}</a>
        </nav>
        <h1>{i18n.t("authoring-new-title")}</h1>
        <p>{i18n.t("authoring-new-intro")}</p>
        <ErrorSummary error />
        <ActionForm action=create attr:class="stack-form">
            <TextField name="id" label=i18n.t("authoring-field-id") hint=i18n.t("authoring-field-id-hint")
                required=true error />
            <TextField name="title_de" label=i18n.t("authoring-field-title-de") required=true error />
            <TextField name="title_en" label=i18n.t("authoring-field-title-en") required=true error />
            <button type="submit" class="button-primary">{i18n.t("authoring-create")}</button>
        </ActionForm>
    }
}
