//! The pages "Meine Daten" (everyone logged in) and the administrators' list of requests.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    AnswerDataRequest, CorrectName, DataRequestView, MyData, RequestCorrection, RequestErasure,
    RequestKind, data_requests, get_my_data,
};
use crate::auth::Role;
use crate::i18n::{I18n, format, use_i18n};
use crate::ui::{
    DangerConfirm, ErrorSummary, Notice, Protected, TextArea, TextField, action_error, await_view,
};

fn status_key(status: &str) -> &'static str {
    match status {
        "done" => "personal-data-status-done",
        "refused" => "personal-data-status-refused",
        _ => "personal-data-status-open",
    }
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("personal-data-title") />
        <Protected children=move |_| view! { <MyDataView /> } />
    }
}

#[component]
fn MyDataView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(|| (), |_| get_my_data());
    view! {
        <h1>{i18n.t("personal-data-title")}</h1>
        <p>{i18n.t("personal-data-intro")}</p>
        {move || query.with(|q| q.get("corrected").is_some()).then(|| view! { <Notice text=i18n.t("personal-data-corrected") /> })}
        {move || query.with(|q| q.get("requested").is_some()).then(|| view! { <Notice text=i18n.t("personal-data-requested") /> })}
        {await_view(data, move |d: MyData| view! { <MyDataSections data=d /> })}
    }
}

#[component]
fn MyDataSections(data: MyData) -> impl IntoView {
    let i18n = use_i18n();
    let when = move |at| format::when(i18n.locale, at);
    let roles = data
        .roles
        .iter()
        .map(|key| i18n.t(key))
        .collect::<Vec<_>>()
        .join(", ");
    let none = || "–".to_owned();
    let stored = if data.stored.is_empty() {
        view! { <p>{i18n.t("personal-data-stored-none")}</p> }.into_any()
    } else {
        let rows = data
            .stored
            .iter()
            .map(|(key, n)| view! { <tr><td>{i18n.t(key)}</td><td class="number">{n.to_string()}</td></tr> })
            .collect_view();
        view! {
            <div class="table-scroll" role="region" aria-labelledby="pd-stored" tabindex="0">
                <table>
                    <thead><tr>
                        <th scope="col">{i18n.t("personal-data-stored-kind")}</th>
                        <th scope="col">{i18n.t("personal-data-stored-count")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let accesses =
        if data.accesses.is_empty() {
            view! { <p>{i18n.t("personal-data-accesses-none")}</p> }.into_any()
        } else {
            let rows = data
            .accesses
            .iter()
            .map(|a| {
                let who = a.who.clone().unwrap_or_else(|| i18n.t("personal-data-access-system"));
                view! { <tr><td>{when(a.at)}</td><td>{who}</td><td>{i18n.t(&a.what_key)}</td></tr> }
            })
            .collect_view();
            view! {
                <div class="table-scroll" role="region" aria-labelledby="pd-accesses" tabindex="0">
                    <table>
                        <thead><tr>
                            <th scope="col">{i18n.t("personal-data-access-when")}</th>
                            <th scope="col">{i18n.t("personal-data-access-who")}</th>
                            <th scope="col">{i18n.t("personal-data-access-what")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        };
    let shares = data
        .shares
        .iter()
        .map(|s| {
            view! { <li>{i18n.t_args("personal-data-share", [("scout", s.scout.clone().into()), ("since", when(s.since).into())])}</li> }
        })
        .collect_view();
    let retention = data
        .retention
        .iter()
        .map(|(kind, days)| {
            view! {
                <tr>
                    <td>{i18n.t(&format!("retention-{kind}"))}</td>
                    <td>{i18n.t_args("retention-days", [("days", (*days).into())])}</td>
                </tr>
            }
        })
        .collect_view();
    let requests = data.requests.clone();
    let name = data.name.clone();
    let name_managed = data.name_managed;
    view! {
        <section aria-labelledby="pd-account">
            <h2 id="pd-account">{i18n.t("personal-data-account")}</h2>
            <dl class="facts">
                <dt>{i18n.t("field-name")}</dt><dd>{data.name.clone()}</dd>
                <dt>{i18n.t("field-email")}</dt><dd>{data.email.clone().unwrap_or_else(none)}</dd>
                <dt>{i18n.t("personal-data-personnel-number")}</dt><dd>{data.personnel_number.clone().unwrap_or_else(none)}</dd>
                <dt>{i18n.t("personal-data-unit")}</dt><dd>{data.department.clone().unwrap_or_else(none)}</dd>
                <dt>{i18n.t("personal-data-roles")}</dt><dd>{roles}</dd>
                <dt>{i18n.t("personal-data-since")}</dt><dd>{when(data.created_at)}</dd>
                <dt>{i18n.t("personal-data-last-login")}</dt><dd>{data.last_login_at.map(when).unwrap_or_else(none)}</dd>
            </dl>
        </section>
        <section aria-labelledby="pd-download">
            <h2 id="pd-download">{i18n.t("personal-data-download")}</h2>
            {if data.kiosk {
                view! { <p>{i18n.t("personal-data-download-kiosk")}</p> }.into_any()
            } else {
                view! {
                    <p>{i18n.t("personal-data-download-text")}</p>
                    <ul>
                        <li><a href="/my-data/export.html" download>{i18n.t("personal-data-download-html")}</a></li>
                        <li><a href="/my-data/export.json" download>{i18n.t("personal-data-download-json")}</a></li>
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="pd-stored">
            <h2 id="pd-stored">{i18n.t("personal-data-stored")}</h2>
            {stored}
        </section>
        <section aria-labelledby="pd-accesses">
            <h2 id="pd-accesses">{i18n.t("personal-data-accesses-title")}</h2>
            <p>{i18n.t("personal-data-recipients")}</p>
            {(!data.shares.is_empty()).then(|| view! { <ul>{shares}</ul> })}
            {accesses}
        </section>
        <section aria-labelledby="correction-title" id="correction">
            <h2 id="correction-title">{i18n.t("personal-data-correct")}</h2>
            <NameForm name name_managed />
        </section>
        <section aria-labelledby="requests-title" id="requests">
            <h2 id="requests-title">{i18n.t("personal-data-requests")}</h2>
            <RequestForms />
            <OwnRequests requests />
        </section>
        <section aria-labelledby="pd-retention">
            <h2 id="pd-retention">{i18n.t("personal-data-retention")}</h2>
            <p>{i18n.t("personal-data-retention-text")}</p>
            <div class="table-scroll" role="region" aria-labelledby="pd-retention" tabindex="0">
                <table>
                    <thead><tr>
                        <th scope="col">{i18n.t("personal-data-stored-kind")}</th>
                        <th scope="col">{i18n.t("personal-data-retention-period")}</th>
                    </tr></thead>
                    <tbody>{retention}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn NameForm(name: String, name_managed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let correct = ServerAction::<CorrectName>::new();
    let error = action_error(correct);
    if name_managed {
        return view! { <p>{i18n.t("personal-data-name-managed")}</p> }.into_any();
    }
    view! {
        <ErrorSummary error />
        <ActionForm action=correct attr:class="stack-form">
            <TextField name="display_name" label=i18n.t("field-name") value=name autocomplete="name" required=true error />
            <button type="submit" class="button-primary">{i18n.t("personal-data-correct-name")}</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
fn RequestForms() -> impl IntoView {
    let i18n = use_i18n();
    let correction = ServerAction::<RequestCorrection>::new();
    let correction_error = action_error(correction);
    let erasure = ServerAction::<RequestErasure>::new();
    let erasure_error = action_error(erasure);
    view! {
        <h3>{i18n.t("personal-data-kind-correction")}</h3>
        <p>{i18n.t("personal-data-correction-text")}</p>
        <ErrorSummary error=correction_error />
        <ActionForm action=correction attr:class="stack-form">
            <TextArea name="message" label=i18n.t("personal-data-correction-what") required=true error=correction_error />
            <button type="submit" class="button-primary">{i18n.t("personal-data-send-request")}</button>
        </ActionForm>
        <h3>{i18n.t("personal-data-kind-erasure")}</h3>
        <p>{i18n.t("personal-data-erasure-text")}</p>
        <ErrorSummary error=erasure_error />
        <ActionForm action=erasure attr:class="stack-form">
            <TextArea name="note" label=i18n.t("personal-data-erasure-why") hint=i18n.t("personal-data-optional") error=erasure_error />
            <DangerConfirm name="confirm" consequence=i18n.t("personal-data-erasure-consequence")
                confirm=i18n.t("personal-data-erasure-confirm") submit=i18n.t("personal-data-erasure-submit")
                error=erasure_error />
        </ActionForm>
    }
}

#[component]
fn OwnRequests(requests: Vec<DataRequestView>) -> impl IntoView {
    let i18n = use_i18n();
    if requests.is_empty() {
        return ().into_any();
    }
    let items = requests
        .into_iter()
        .map(|r| request_item(i18n, r))
        .collect_view();
    view! {
        <h3>{i18n.t("personal-data-your-requests")}</h3>
        <ul class="plain-list">{items}</ul>
    }
    .into_any()
}

fn request_item(i18n: I18n, r: DataRequestView) -> impl IntoView {
    let when = move |at| format::when(i18n.locale, at);
    view! {
        <li>
            <strong>{i18n.t(r.kind.label_key())}</strong>
            {" · "}{when(r.created_at)}{" · "}{i18n.t(status_key(&r.status))}
            {(!r.message.is_empty()).then(|| view! { <p>{r.message.clone()}</p> })}
            {r.answer.clone().map(|a| view! { <p>{i18n.t("personal-data-answer")}": "{a}</p> })}
        </li>
    }
}

#[component]
pub fn DataRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("data-requests-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <DataRequestsView /> } />
    }
}

#[component]
fn DataRequestsView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let requests = Resource::new(|| (), |_| data_requests());
    let answer = ServerAction::<AnswerDataRequest>::new();
    let error = action_error(answer);
    view! {
        <h1>{i18n.t("data-requests-title")}</h1>
        <p>{i18n.t("data-requests-intro")}</p>
        {move || query.with(|q| q.get("answered").is_some()).then(|| view! { <Notice text=i18n.t("data-requests-answered") /> })}
        <ErrorSummary error />
        {await_view(requests, move |list: Vec<DataRequestView>| {
            if list.is_empty() {
                return view! { <p>{i18n.t("data-requests-none")}</p> }.into_any();
            }
            list.into_iter().map(|r| view! { <RequestCard request=r action=answer /> }).collect_view().into_any()
        })}
    }
}

#[component]
fn RequestCard(request: DataRequestView, action: ServerAction<AnswerDataRequest>) -> impl IntoView {
    let i18n = use_i18n();
    let when = move |at| format::when(i18n.locale, at);
    let heading = format!("request-{}", request.id);
    let labelled_by = heading.clone();
    let open = request.status == "open";
    let erasure = request.kind == RequestKind::Erasure;
    let id = request.id.to_string();
    let erase_id = id.clone();
    let answer_id = format!("answer-{}", request.id);
    let confirm_id = format!("confirm-{}", request.id);
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{i18n.t(request.kind.label_key())}{": "}{request.person.clone().unwrap_or_default()}</h2>
            <p>{when(request.created_at)}{" · "}{i18n.t(status_key(&request.status))}</p>
            {(!request.message.is_empty()).then(|| view! { <blockquote>{request.message.clone()}</blockquote> })}
            {request.answer.clone().map(|a| view! { <p>{i18n.t("personal-data-answer")}": "{a}</p> })}
            {open.then(|| view! {
                <ActionForm action=action attr:class="stack-form">
                    <input type="hidden" name="id" value=id.clone() />
                    <div class="field">
                        <label for=answer_id.clone()>{i18n.t("data-requests-answer")}</label>
                        <textarea id=answer_id.clone() name="answer" rows="3"></textarea>
                    </div>
                    <button type="submit" name="decision" value="done" class="button-primary">{i18n.t("data-requests-done")}</button>
                    <button type="submit" name="decision" value="refused">{i18n.t("data-requests-refuse")}</button>
                </ActionForm>
            })}
            // Erasing has a form of its own: its required checkbox must not hold up "done" or
            // "refuse".
            {(open && erasure).then(|| view! {
                <ActionForm action=action attr:class="stack-form">
                    <input type="hidden" name="id" value=erase_id.clone() />
                    <DangerConfirm name="confirm" id=confirm_id.clone() consequence=i18n.t("data-requests-erase-warning")
                        confirm=i18n.t("data-requests-erase-confirm") submit=i18n.t("data-requests-erase")
                        button=("decision", "erase") />
                </ActionForm>
            })}
        </section>
    }
}
