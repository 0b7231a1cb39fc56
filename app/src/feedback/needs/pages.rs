//! `/bildungsbedarf`: the form to report a need and the person's own requests, each with a
//! button to withdraw it. Plain forms: no JavaScript needed.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{MAX_TEAM, MAX_TOPIC, MyNeeds, ReportNeed, Urgency, WithdrawNeed, load_my_needs};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{ErrorSummary, Notice, Protected, TextField, action_error, await_view};

/// The translated message of one field's error.
fn field_error(
    i18n: I18n,
    error: Signal<Option<AppError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        error.get().and_then(|e| {
            e.field_errors()
                .iter()
                .find(|f| f.field == field)
                .map(|f| crate::ui::catalogue_text(i18n, &f.message, "error-invalid"))
        })
    })
}

#[component]
pub fn NeedsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("need-title") />
        <Protected roles=&[Role::Employee] children=move |_| view! { <Needs /> } />
    }
}

#[component]
fn Needs() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let report = ServerAction::<ReportNeed>::new();
    let withdraw = ServerAction::<WithdrawNeed>::new();
    let needs = Resource::new(
        move || (report.version().get(), withdraw.version().get()),
        |_| load_my_needs(),
    );
    let error = action_error(report);
    let withdraw_error = action_error(withdraw);
    let competence_error = field_error(i18n, error, "competence");
    let urgency_error = field_error(i18n, error, "urgency");
    let scope_error = field_error(i18n, error, "scope");
    let team_error = field_error(i18n, error, "team_size");
    let saved = query.with_untracked(|q| q.get("gespeichert").is_some());
    let withdrawn = query.with_untracked(|q| q.get("zurueckgezogen").is_some());
    view! {
        <h1>{i18n.t("need-title")}</h1>
        <p>{i18n.t("need-intro")}</p>
        <p class="hint">{i18n.t("need-privacy")}</p>
        {saved.then(|| view! { <Notice text=i18n.t("need-saved") /> })}
        {withdrawn.then(|| view! { <Notice text=i18n.t("need-withdrawn") /> })}
        <ErrorSummary error=withdraw_error />
        {await_view(needs, move |mine: MyNeeds| {
            let options = mine.competences.iter().map(|(id, title)| view! {
                <option value=id.clone()>{title.clone()}</option>
            }).collect_view();
            let urgencies = Urgency::ALL.into_iter().map(|u| {
                let id = format!("urgency-{}", u.as_str());
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="urgency" value=u.as_str() />
                        <label for=id>{i18n.t(u.label_key())}</label>
                    </div>
                }
            }).collect_view();
            let list = if mine.needs.is_empty() {
                Either::Left(view! { <p>{i18n.t("need-none")}</p> })
            } else {
                Either::Right(view! {
                    <ul class="need-list">
                        {mine.needs.into_iter().map(|n| {
                            let who = match n.team_size {
                                Some(size) => i18n.t_args("need-for-team", [("count", size.into())]),
                                None => i18n.t("need-for-me"),
                            };
                            view! {
                                <li>
                                    <h3>{n.topic.clone()}</h3>
                                    <dl class="facts">
                                        <dt>{i18n.t("need-competence")}</dt><dd>{n.competence.clone()}</dd>
                                        <dt>{i18n.t("need-urgency")}</dt><dd>{i18n.t(n.urgency.label_key())}</dd>
                                        <dt>{i18n.t("need-scope")}</dt><dd>{who}</dd>
                                        <dt>{i18n.t("need-reported-on")}</dt><dd>{crate::i18n::format::local_format(n.created_at, "%d.%m.%Y")}</dd>
                                    </dl>
                                    <ActionForm action=withdraw attr:class="inline-form">
                                        <input type="hidden" name="id" value=n.id.to_string() />
                                        <button type="submit">{i18n.t_args("need-withdraw", [("topic", n.topic.into())])}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            };
            view! {
                <section aria-labelledby="need-new">
                    <h2 id="need-new">{i18n.t("need-new")}</h2>
                    <ErrorSummary error />
                    <ActionForm action=report attr:class="stack-form">
                        <TextField name="topic" label=i18n.t("need-topic") required=true
                            hint=i18n.t_args("need-topic-hint", [("max", (MAX_TOPIC as u64).into())]) error=error />
                        <div class="field" class:field-invalid=move || competence_error.get().is_some()>
                            <label for="field-competence">{i18n.t("need-competence")}<span class="required" aria-hidden="true">" *"</span></label>
                            <p class="hint" id="field-competence-hint">{i18n.t("need-competence-hint")}</p>
                            {move || competence_error.get().map(|m| view! { <p class="field-error" id="field-competence-error">{m}</p> })}
                            <select id="field-competence" name="competence" required=true
                                aria-invalid=move || competence_error.get().map(|_| "true")
                                aria-describedby=move || if competence_error.get().is_some() { "field-competence-hint field-competence-error" } else { "field-competence-hint" }>
                                <option value="">{i18n.t("need-competence-choose")}</option>
                                {options}
                            </select>
                        </div>
                        <fieldset id="field-urgency" aria-describedby=move || urgency_error.get().map(|_| "field-urgency-error")>
                            <legend>{i18n.t("need-urgency")}</legend>
                            {move || urgency_error.get().map(|m| view! { <p class="field-error" id="field-urgency-error">{m}</p> })}
                            {urgencies}
                        </fieldset>
                        <fieldset id="field-scope" aria-describedby=move || scope_error.get().map(|_| "field-scope-error")>
                            <legend>{i18n.t("need-scope")}</legend>
                            {move || scope_error.get().map(|m| view! { <p class="field-error" id="field-scope-error">{m}</p> })}
                            <div class="choice">
                                <input type="radio" id="scope-self" name="scope" value="self" checked=true />
                                <label for="scope-self">{i18n.t("need-for-me")}</label>
                            </div>
                            <div class="choice">
                                <input type="radio" id="scope-team" name="scope" value="team" />
                                <label for="scope-team">{i18n.t("need-for-my-team")}</label>
                            </div>
                        </fieldset>
                        <div class="field" class:field-invalid=move || team_error.get().is_some()>
                            <label for="field-team_size">{i18n.t("need-team-size")}</label>
                            <p class="hint" id="field-team_size-hint">{i18n.t_args("need-team-size-hint", [("max", MAX_TEAM.into()), ("cap", super::TEAM_CAP.into())])}</p>
                            {move || team_error.get().map(|m| view! { <p class="field-error" id="field-team_size-error">{m}</p> })}
                            <input type="number" id="field-team_size" name="team_size" min="2" max=MAX_TEAM.to_string() inputmode="numeric"
                                aria-invalid=move || team_error.get().map(|_| "true")
                                aria-describedby=move || if team_error.get().is_some() { "field-team_size-hint field-team_size-error" } else { "field-team_size-hint" } />
                        </div>
                        <button type="submit" class="button-primary">{i18n.t("need-submit")}</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="need-mine">
                    <h2 id="need-mine">{i18n.t("need-mine")}</h2>
                    {list}
                </section>
            }
        })}
    }
}
