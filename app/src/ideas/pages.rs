//! Pages of the ideas scheme: the list with its filter (everyone logged in), a new idea,
//! "Meine Ideen", one idea (support, comments, the office's status forms), and the
//! coordination office's view. Every action is a plain form; the filter is a GET form.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    ChangeStatus, CommentIdea, DeleteComment, HideComment, IdeaStatus, IdeaSummary, SubmitIdea,
    SupportIdea, UnitOption, load_idea, load_ideas, load_my_ideas, load_office, load_units,
};
use crate::auth::Role;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{
    ErrorSummary, Protected, TextArea, TextField, action_error, await_view, query_notice,
};

fn status_badge(i18n: I18n, status: IdeaStatus) -> impl IntoView {
    view! { <span class=format!("badge idea-status idea-status-{}", status.as_str())>{i18n.t(status.label_key())}</span> }
}

/// The area's own navigation, the page shown marked.
#[component]
fn IdeasNav(current: &'static str, coordinator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let mut links: Vec<(&'static str, &'static str)> = vec![
        ("/ideen", "ideas-nav-all"),
        ("/ideen/neu", "ideas-nav-new"),
        ("/ideen/meine", "ideas-nav-mine"),
    ];
    if coordinator {
        links.push(("/ideen/koordination", "ideas-nav-office"));
    }
    let items = links
        .into_iter()
        .map(|(href, key)| {
            let here = href == current;
            view! { <li><a href=href aria-current=here.then_some("page")>{i18n.t(key)}</a></li> }
        })
        .collect_view();
    view! {
        <nav class="sub-nav" aria-label=i18n.t("ideas-nav")>
            <ul>{items}</ul>
        </nav>
    }
}

/// A table of ideas with their status and support.
fn idea_table(
    i18n: I18n,
    caption_id: &'static str,
    caption: String,
    ideas: Vec<IdeaSummary>,
) -> impl IntoView {
    let rows = ideas
        .into_iter()
        .map(|i| {
            let href = format!("/ideen/{}", i.id);
            let author = match (&i.author, i.anonymous) {
                (Some(name), _) => name.clone(),
                (None, true) => i18n.t("ideas-anonymous"),
                (None, false) => "–".to_owned(),
            };
            view! {
                <tr>
                    <th scope="row"><a href=href>{i.title.clone()}</a></th>
                    <td>{status_badge(i18n, i.status)}</td>
                    <td>{i.unit.clone().unwrap_or_else(|| "–".to_owned())}</td>
                    <td>{author}</td>
                    <td class="nowrap">{i.submitted.clone()}</td>
                    <td class="number">{i.supporters}</td>
                    <td class="number">{i.comments}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=caption_id tabindex="0">
            <table>
                <caption id=caption_id>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("ideas-title-field")}</th>
                        <th scope="col">{i18n.t("ideas-status")}</th>
                        <th scope="col">{i18n.t("ideas-unit")}</th>
                        <th scope="col">{i18n.t("ideas-submitter")}</th>
                        <th scope="col">{i18n.t("ideas-submitted-on")}</th>
                        <th scope="col">{i18n.t("ideas-supporters")}</th>
                        <th scope="col">{i18n.t("ideas-comments-count")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn unit_options(units: &[UnitOption], selected: Option<uuid::Uuid>) -> impl IntoView + use<> {
    units
        .iter()
        .map(|u| {
            let indent = "\u{a0}\u{a0}".repeat(u.depth as usize);
            view! { <option value=u.id.to_string() selected=selected == Some(u.id)>{format!("{indent}{}", u.name)}</option> }
        })
        .collect_view()
}

// ---------------------------------------------------------------------------------------------
// The list

#[component]
pub fn IdeasPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("ideas-title") />
        <Protected children=move |me| view! { <Ideas coordinator=me.has(Role::Coordinator) /> } />
    }
}

#[component]
fn Ideas(coordinator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let value = |name: &str| q.get(name).filter(|v| !v.trim().is_empty());
            (value("status"), value("unit"))
        })
    };
    let data = Resource::new(filter, |(status, unit)| load_ideas(status, unit));
    view! {
        <h1>{i18n.t("ideas-title")}</h1>
        <IdeasNav current="/ideen" coordinator />
        <p>{i18n.t("ideas-intro")}</p>
        <p><a href="/ideen/neu" class="button button-primary">{i18n.t("ideas-new")}</a></p>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(err) => Either::Left(view! {
                        <p><a href="/ideen">{i18n.t("ideas-filter-reset")}</a></p>
                        <ErrorSummary error=Signal::derive(move || Some(err.clone())) />
                    }),
                    Ok(list) => {
                        let statuses = IdeaStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=list.status == Some(s)>{i18n.t(s.label_key())}</option>
                        }).collect_view();
                        let filtered = list.status.is_some() || list.unit.is_some();
                        let count = list.ideas.len();
                        let table = if list.ideas.is_empty() {
                            Either::Left(view! { <p>{i18n.t(if filtered { "ideas-none-filtered" } else { "ideas-none" })}</p> })
                        } else {
                            Either::Right(idea_table(i18n, "ideas-caption", i18n.t_args("ideas-list-caption", [("count", count.into())]), list.ideas.clone()))
                        };
                        Either::Right(view! {
                            <form method="get" action="/ideen" class="filter-form" role="search" aria-label=i18n.t("ideas-filter")>
                                <div class="field">
                                    <label for="field-status">{i18n.t("ideas-status")}</label>
                                    <select id="field-status" name="status">
                                        <option value="">{i18n.t("ideas-filter-all")}</option>
                                        {statuses}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="field-unit">{i18n.t("ideas-unit")}</label>
                                    <select id="field-unit" name="unit">
                                        <option value="">{i18n.t("ideas-filter-all-units")}</option>
                                        {unit_options(&list.units, list.unit)}
                                    </select>
                                </div>
                                <button type="submit">{i18n.t("filter")}</button>
                                {filtered.then(|| view! { <p class="filter-reset"><a href="/ideen">{i18n.t("ideas-filter-reset")}</a></p> })}
                            </form>
                            {table}
                        })
                    }
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------------------------------------
// A new idea

#[component]
pub fn NewIdeaPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("ideas-new") />
        <Protected children=move |me| view! { <NewIdea coordinator=me.has(Role::Coordinator) /> } />
    }
}

#[component]
fn NewIdea(coordinator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let submit = ServerAction::<SubmitIdea>::new();
    let error = action_error(submit);
    let units = Resource::new(|| (), |_| load_units());
    view! {
        <h1>{i18n.t("ideas-new")}</h1>
        <IdeasNav current="/ideen/neu" coordinator />
        <p>{i18n.t("ideas-new-intro")}</p>
        <ErrorSummary error />
        {await_view(units, move |units| view! {
            <ActionForm action=submit attr:class="stack-form">
                <TextField name="title" label=i18n.t("ideas-title-field") hint=i18n.t_args("ideas-title-hint", [("max", super::MAX_TITLE.into())]) required=true error />
                <TextArea name="problem" label=i18n.t("ideas-problem") hint=i18n.t_args("ideas-problem-hint", [("max", super::MAX_TEXT.into())]) required=true error />
                <TextArea name="proposal" label=i18n.t("ideas-proposal") hint=i18n.t_args("ideas-proposal-hint", [("max", super::MAX_TEXT.into())]) required=true error />
                <div class="field">
                    <label for="field-department">{i18n.t("ideas-unit")}</label>
                    <p class="hint" id="field-department-hint">{i18n.t("ideas-unit-hint")}</p>
                    <select id="field-department" name="department" aria-describedby="field-department-hint">
                        <option value="" selected=true>{i18n.t("ideas-unit-none")}</option>
                        {unit_options(&units, None)}
                    </select>
                </div>
                <TextField name="process" label=i18n.t("ideas-process") hint=i18n.t("ideas-process-hint") error />
                <fieldset>
                    <legend>{i18n.t("ideas-anonymous-legend")}</legend>
                    <div class="choice">
                        <input type="checkbox" id="field-anonymous" name="anonymous" value="on" aria-describedby="field-anonymous-hint" />
                        <label for="field-anonymous">{i18n.t("ideas-anonymous-label")}</label>
                    </div>
                    <p class="hint" id="field-anonymous-hint">{i18n.t("ideas-anonymous-hint")}</p>
                </fieldset>
                <button type="submit" class="button-primary">{i18n.t("ideas-submit")}</button>
            </ActionForm>
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// Meine Ideen

#[component]
pub fn MyIdeasPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("ideas-mine") />
        <Protected children=move |me| view! { <MyIdeas coordinator=me.has(Role::Coordinator) /> } />
    }
}

#[component]
fn MyIdeas(coordinator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_my_ideas());
    view! {
        <h1>{i18n.t("ideas-mine")}</h1>
        <IdeasNav current="/ideen/meine" coordinator />
        <p>{i18n.t("ideas-mine-intro")}</p>
        {await_view(data, move |ideas| {
            if ideas.is_empty() {
                Either::Left(view! { <p>{i18n.t("ideas-mine-none")}</p> })
            } else {
                Either::Right(idea_table(i18n, "mine-caption", i18n.t("ideas-mine"), ideas))
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// The coordination office

#[component]
pub fn OfficePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("ideas-office") />
        <Protected roles=&[Role::Coordinator] children=move |_| view! { <Office /> } />
    }
}

#[component]
fn Office() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_office());
    view! {
        <h1>{i18n.t("ideas-office")}</h1>
        <IdeasNav current="/ideen/koordination" coordinator=true />
        <p>{i18n.t("ideas-office-intro")}</p>
        {await_view(data, move |office| {
            let part = move |id: &'static str, caption: &'static str, empty: &'static str, ideas: Vec<IdeaSummary>| {
                let heading = format!("{id}-heading");
                let labelled = heading.clone();
                let count = ideas.len();
                view! {
                    <section aria-labelledby=labelled>
                        <h2 id=heading>{i18n.t_args(caption, [("count", count.into())])}</h2>
                        {if ideas.is_empty() {
                            Either::Left(view! { <p>{i18n.t(empty)}</p> })
                        } else {
                            Either::Right(idea_table(i18n, id, i18n.t_args(caption, [("count", count.into())]), ideas))
                        }}
                    </section>
                }
            };
            view! {
                {part("office-received", "ideas-office-received", "ideas-office-received-none", office.received.clone())}
                {part("office-examining", "ideas-office-examining", "ideas-office-examining-none", office.examining.clone())}
                {part("office-accepted", "ideas-office-accepted", "ideas-office-accepted-none", office.accepted.clone())}
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// One idea

#[component]
pub fn IdeaPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("ideas-idea") />
        <Protected children=move |me| view! { <Idea coordinator=me.has(Role::Coordinator) /> } />
    }
}

#[component]
fn Idea(coordinator: bool) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let support = ServerAction::<SupportIdea>::new();
    let comment = ServerAction::<CommentIdea>::new();
    let delete = ServerAction::<DeleteComment>::new();
    let hide = ServerAction::<HideComment>::new();
    let status = ServerAction::<ChangeStatus>::new();
    let comment_error = action_error(comment);
    let status_error = action_error(status);
    let hide_error = action_error(hide);
    let other_error = Signal::derive(move || {
        action_error(support)
            .get()
            .or_else(|| action_error(delete).get())
    });
    let idea = Resource::new(id, load_idea);
    view! {
        {query_notice(&[
            ("submitted", "ideas-submitted"),
            ("supported", "ideas-supported"),
            ("withdrawn", "ideas-support-withdrawn"),
            ("commented", "ideas-commented"),
            ("deleted", "ideas-comment-deleted"),
            ("hidden", "ideas-comment-hidden"),
            ("changed", "ideas-status-changed"),
        ])}
        <ErrorSummary error=other_error />
        {await_view(idea, move |idea| {
            let id = idea.id.to_string();
            let support_id = id.clone();
            let office_id = id.clone();
            let author = match (&idea.author, idea.anonymous) {
                (Some(name), _) => name.clone(),
                (None, true) => i18n.t("ideas-anonymous"),
                (None, false) => "–".to_owned(),
            };
            let history = idea.history.iter().map(|h| view! {
                <li>
                    <span class="nowrap">{h.on.clone()}</span>": " {status_badge(i18n, h.status)}
                    {(!h.message.is_empty()).then(|| view! {
                        <p class="prewrap">{i18n.t("ideas-office-says")}" " {h.message.clone()}</p>
                    })}
                </li>
            }).collect_view();
            let support_form = if idea.mine {
                Either::Left(view! { <p class="hint">{i18n.t(if idea.anonymous { "ideas-mine-anonymous" } else { "ideas-mine-named" })}</p> })
            } else {
                let open = idea.status.is_open();
                Either::Right((open || idea.supported).then(move || view! {
                    <ActionForm action=support attr:class="inline-form">
                        <input type="hidden" name="id" value=support_id />
                        <input type="hidden" name="support" value=(!idea.supported).to_string() />
                        <button type="submit" class=if idea.supported { "" } else { "button-primary" }>
                            {i18n.t(if idea.supported { "ideas-support-withdraw" } else { "ideas-support" })}
                        </button>
                    </ActionForm>
                }))
            };
            let comments = idea.comments.iter().map(|c| {
                let comment_id = c.id.to_string();
                let hide_id = comment_id.clone();
                let reason_id = format!("hide-reason-{}", c.id);
                let body = match (&c.body, &c.hidden_reason) {
                    (Some(body), _) => Either::Left(view! {
                        <p class="comment-meta"><strong>{c.author.clone()}</strong>" · " {c.created.clone()}</p>
                        <p class="prewrap">{body.clone()}</p>
                    }),
                    (None, reason) => Either::Right(view! {
                        <p class="comment-hidden"><em>{i18n.t("ideas-comment-was-hidden")}</em>
                            {reason.clone().map(|r| view! { " " {i18n.t("ideas-comment-reason")}" " {r} })}
                        </p>
                    }),
                };
                view! {
                    <li class="comment">
                        {body}
                        {c.can_delete.then(move || view! {
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=comment_id.clone() />
                                <button type="submit">{i18n.t("ideas-comment-delete")}</button>
                            </ActionForm>
                        })}
                        {c.can_hide.then(move || view! {
                            <ActionForm action=hide attr:class="inline-form">
                                <input type="hidden" name="id" value=hide_id />
                                <label for=reason_id.clone()>{i18n.t("ideas-hide-reason")}</label>
                                <input type="text" id=reason_id.clone() name="reason" required=true maxlength=super::MAX_REASON.to_string() />
                                <button type="submit">{i18n.t("ideas-comment-hide")}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view();
            let no_comments = idea.comments.is_empty();
            // An anonymous author who comments on their own idea is told that the comment
            // carries their name, and so could give them away.
            let comment_hint = if idea.mine && idea.anonymous {
                i18n.t_args("ideas-comment-hint-anonymous", [("max", super::MAX_COMMENT.into())])
            } else {
                i18n.t_args("ideas-comment-hint", [("max", super::MAX_COMMENT.into())])
            };
            let office = (coordinator && idea.can_manage && !idea.next.is_empty()).then(move || {
                let choices = idea.next.iter().enumerate().map(|(n, s)| {
                    let input_id = format!("field-status-{}", s.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=input_id.clone() name="status" value=s.as_str() checked=n == 0 required=true />
                            <label for=input_id>{i18n.t(s.label_key())}</label>
                        </div>
                    }
                }).collect_view();
                view! {
                    <section aria-labelledby="office-heading">
                        <h2 id="office-heading">{i18n.t("ideas-change-status")}</h2>
                        <p>{i18n.t("ideas-change-status-intro")}</p>
                        <ErrorSummary error=status_error />
                        <ActionForm action=status attr:class="stack-form">
                            <input type="hidden" name="id" value=office_id />
                            <fieldset id="field-status">
                                <legend>{i18n.t("ideas-new-status")}</legend>
                                {choices}
                            </fieldset>
                            <TextArea name="message" label=i18n.t("ideas-message") hint=i18n.t_args("ideas-message-hint", [("max", super::MAX_MESSAGE.into())]) error=status_error />
                            <button type="submit" class="button-primary">{i18n.t("ideas-change-status-submit")}</button>
                        </ActionForm>
                    </section>
                }
            });
            view! {
                <p class="breadcrumb"><a href="/ideen">{i18n.t("ideas-title")}</a></p>
                <h1>{idea.title.clone()}</h1>
                <dl class="facts">
                    <dt>{i18n.t("ideas-status")}</dt>
                    <dd>{status_badge(i18n, idea.status)}</dd>
                    <dt>{i18n.t("ideas-unit")}</dt>
                    <dd>{idea.unit.clone().unwrap_or_else(|| "–".to_owned())}</dd>
                    <dt>{i18n.t("ideas-process")}</dt>
                    <dd>{if idea.process.is_empty() { "–".to_owned() } else { idea.process.clone() }}</dd>
                    <dt>{i18n.t("ideas-submitter")}</dt>
                    <dd>{author}</dd>
                    <dt>{i18n.t("ideas-submitted-on")}</dt>
                    <dd>{idea.submitted.clone()}</dd>
                    <dt>{i18n.t("ideas-supporters")}</dt>
                    <dd>{idea.supporters}</dd>
                </dl>
                {support_form}
                <h2>{i18n.t("ideas-problem")}</h2>
                <p class="prewrap">{idea.problem.clone()}</p>
                <h2>{i18n.t("ideas-proposal")}</h2>
                <p class="prewrap">{idea.proposal.clone()}</p>
                <section aria-labelledby="history-heading">
                    <h2 id="history-heading">{i18n.t("ideas-history")}</h2>
                    <ol class="status-history">{history}</ol>
                </section>
                {office}
                <section aria-labelledby="comments">
                    <h2 id="comments">{i18n.t("ideas-comments")}</h2>
                    <ErrorSummary error=hide_error />
                    {no_comments.then(|| view! { <p>{i18n.t("ideas-comments-none")}</p> })}
                    <ul class="comments">{comments}</ul>
                    <ErrorSummary error=comment_error />
                    <ActionForm action=comment attr:class="stack-form">
                        <input type="hidden" name="id" value=id.clone() />
                        <TextArea name="body" label=i18n.t("ideas-comment") hint=comment_hint required=true error=comment_error />
                        <button type="submit">{i18n.t("ideas-comment-submit")}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
