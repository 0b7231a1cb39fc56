use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{ACTIONS, AuditFilter, AuditPage, action_label_key, list_audit};
use crate::auth::Role;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{ErrorSummary, Protected, error_message};

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("audit-title") />
        <Protected roles=&[Role::Auditor, Role::Admin] children=move |_| view! { <AuditLog /> } />
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1)
        })
    };
    let filter = move || {
        query.with(|q| {
            let value = |name: &str| q.get(name).filter(|v| !v.trim().is_empty());
            AuditFilter {
                person: value("person"),
                action: value("action"),
                from: value("from"),
                to: value("to"),
            }
        })
    };
    let entries = Resource::new(
        move || (page(), filter()),
        |(page, f)| list_audit(Some(page), f.person, f.action, f.from, f.to),
    );

    view! {
        <h1>{i18n.t("audit-title")}</h1>
        <p>{i18n.t("audit-intro")}</p>
        {move || view! { <FilterForm filter=filter() /> }}
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    // A filter the server cannot read names its field; other errors say what happened.
                    Err(err) if !err.field_errors().is_empty() => {
                        view! { <ErrorSummary error=Signal::derive(move || Some(err.clone())) /> }.into_any()
                    }
                    Err(err) => view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }.into_any(),
                    Ok(result) => log_table(i18n, result, &filter()).into_any(),
                }
            })}
        </Suspense>
    }
}

/// The filter as a GET form: it works without JavaScript, and the address it leads to can be
/// kept or sent on.
#[component]
fn FilterForm(filter: AuditFilter) -> impl IntoView {
    let i18n = use_i18n();
    let selected = filter.action.clone().unwrap_or_default();
    let options = ACTIONS
        .iter()
        .map(|a| {
            view! { <option value=*a selected=selected == *a>{i18n.t(&action_label_key(a))}</option> }
        })
        .collect_view();
    view! {
        <form method="get" action="/audit" class="filter-form" role="search" aria-label=i18n.t("audit-filter-label")>
            <div class="field">
                <label for="field-person">{i18n.t("audit-filter-person")}</label>
                <input type="search" id="field-person" name="person" value=filter.person.clone().unwrap_or_default()
                    autocomplete="off" aria-describedby="audit-person-hint" />
                <p class="hint" id="audit-person-hint">{i18n.t("audit-filter-person-hint")}</p>
            </div>
            <div class="field">
                <label for="field-action">{i18n.t("audit-filter-action")}</label>
                <select id="field-action" name="action">
                    <option value="">{i18n.t("audit-filter-all")}</option>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="field-from">{i18n.t("audit-filter-from")}</label>
                <input type="date" id="field-from" name="from" value=filter.from.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="field-to">{i18n.t("audit-filter-to")}</label>
                <input type="date" id="field-to" name="to" value=filter.to.clone().unwrap_or_default() />
            </div>
            <button type="submit">{i18n.t("filter")}</button>
            {(filter != AuditFilter::default()).then(|| view! {
                <p class="filter-reset"><a href="/audit">{i18n.t("audit-filter-reset")}</a></p>
            })}
        </form>
    }
}

fn log_table(i18n: I18n, result: AuditPage, filter: &AuditFilter) -> impl IntoView {
    let query = filter.query();
    let export = if query.is_empty() {
        String::from("/audit/export.csv")
    } else {
        format!("/audit/export.csv?{query}")
    };
    let download = view! {
        <p><a href=export download="">{i18n.t("audit-export")}</a></p>
    };
    if result.entries.is_empty() {
        return view! {
            <p>{i18n.t(if query.is_empty() { "audit-empty" } else { "audit-empty-filtered" })}</p>
        }
        .into_any();
    }
    let rows = result
        .entries
        .into_iter()
        .map(|e| {
            let when = crate::i18n::format::when(i18n.locale, e.occurred_at);
            view! {
                <tr>
                    <td class="nowrap">{when}</td>
                    <td>{e.sentence}</td>
                </tr>
            }
        })
        .collect_view();
    let link = move |page: u64| {
        if query.is_empty() {
            format!("/audit?page={page}")
        } else {
            format!("/audit?{query}&page={page}")
        }
    };
    let prev = (result.page > 1).then(|| link(result.page - 1));
    let next = (result.page < result.pages).then(|| link(result.page + 1));
    view! {
        {download}
        <div class="table-scroll" role="region" aria-labelledby="audit-caption" tabindex="0">
            <table class="audit-log">
                <caption id="audit-caption">{i18n.t_args("audit-caption", [("total", (result.total as f64).into())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("audit-col-time")}</th>
                        <th scope="col">{i18n.t("audit-col-entry")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pagination" aria-label=i18n.t("pagination")>
            {prev.map(|href| view! { <a href=href rel="prev">{i18n.t("previous-page")}</a> })}
            <span>{i18n.t_args("page-of", [("page", (result.page as f64).into()), ("pages", (result.pages as f64).into())])}</span>
            {next.map(|href| view! { <a href=href rel="next">{i18n.t("next-page")}</a> })}
        </nav>
    }
    .into_any()
}
