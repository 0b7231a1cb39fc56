use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{ACTIONS, action_label_key, list_audit};
use crate::auth::Role;
use crate::i18n::use_i18n;
use crate::ui::Protected;
use crate::ui::error_message;

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
    let action = move || query.with(|q| q.get("action")).filter(|a| !a.is_empty());
    let entries = Resource::new(
        move || (page(), action()),
        |(page, action)| list_audit(Some(page), action),
    );
    let options = move || {
        let selected = action().unwrap_or_default();
        ACTIONS
            .iter()
            .map(|a| {
                view! { <option value=*a selected=selected == *a>{i18n.t(&action_label_key(a))}</option> }
            })
            .collect_view()
    };

    view! {
        <h1>{i18n.t("audit-title")}</h1>
        <p>{i18n.t("audit-intro")}</p>
        <form method="get" action="/audit" class="filter-form">
            <div class="field">
                <label for="audit-action">{i18n.t("audit-filter-action")}</label>
                <select id="audit-action" name="action">
                    <option value="">{i18n.t("audit-filter-all")}</option>
                    {options}
                </select>
            </div>
            <button type="submit">{i18n.t("filter")}</button>
        </form>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(err) => view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }.into_any(),
                    Ok(result) if result.entries.is_empty() => view! { <p>{i18n.t("audit-empty")}</p> }.into_any(),
                    Ok(result) => {
                        let rows = result.entries.into_iter().map(|e| {
                            let when = crate::i18n::format::when(i18n.locale, e.occurred_at);
                            view! {
                                <tr>
                                    <td>{when}</td>
                                    <td>{e.actor.unwrap_or_else(|| i18n.t("audit-actor-system"))}</td>
                                    <td>{i18n.t(&action_label_key(&e.action))}</td>
                                    <td>{e.target.unwrap_or_default()}</td>
                                    <td><code class="details">{e.details}</code></td>
                                </tr>
                            }
                        }).collect_view();
                        let filter = action().map(|a| format!("&action={a}")).unwrap_or_default();
                        let prev = (result.page > 1).then(|| format!("/audit?page={}{filter}", result.page - 1));
                        let next = (result.page < result.pages).then(|| format!("/audit?page={}{filter}", result.page + 1));
                        view! {
                            <div class="table-scroll" role="region" aria-labelledby="audit-caption" tabindex="0">
                                <table>
                                    <caption id="audit-caption">{i18n.t_args("audit-caption", [("total", (result.total as f64).into())])}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t("audit-col-time")}</th>
                                            <th scope="col">{i18n.t("audit-col-actor")}</th>
                                            <th scope="col">{i18n.t("audit-col-action")}</th>
                                            <th scope="col">{i18n.t("audit-col-target")}</th>
                                            <th scope="col">{i18n.t("audit-col-details")}</th>
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
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
