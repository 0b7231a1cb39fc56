//! Pages of the scouts network: "Meine Digitalscouts" (everyone), one request (its two
//! parties), the scout's own page, and coverage (HR and admins). Every action is a plain form.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    AppointScout, AskForHelp, Channel, CloseRequest, CreatePost, DeclineRequest, DismissScout,
    GiveFeedback, ImpactFigure, LeaveNewsletter, PostKind, RemovePost, RequestStatus,
    RequestSummary, SaveProfile, ScheduleRequest, SetNewsletter, SetProgressShare, WithdrawRequest,
    load_board, load_coverage, load_impact, load_my_scouts, load_newsletter_setting, load_profile,
    load_request, newsletter_link_state,
};
use crate::auth::Role;
use crate::i18n::{I18n, use_i18n};
use crate::ui::Protected;
use crate::ui::{
    DangerConfirm, ErrorSummary, Notice, TextArea, TextField, action_error, await_view,
    query_notice,
};

fn status_badge(i18n: I18n, status: RequestStatus) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", status.as_str())>{i18n.t(status.label_key())}</span> }
}

/// A table of requests; `counterpart_key` heads the column with the other party.
fn request_table(
    i18n: I18n,
    caption_id: &'static str,
    caption_key: &'static str,
    counterpart_key: &'static str,
    requests: Vec<RequestSummary>,
) -> impl IntoView {
    let rows = requests
        .into_iter()
        .map(|r| {
            let href = format!("/help/{}", r.id);
            let label = i18n.t_args("scouts-request-open-named", [("topic", r.topic.clone().into())]);
            view! {
                <tr>
                    <th scope="row"><a href=href aria-label=label>{r.topic.clone()}</a></th>
                    <td>{r.counterpart.clone().unwrap_or_else(|| i18n.t("scouts-nobody"))}</td>
                    <td>{status_badge(i18n, r.status)}
                        {r.needs_feedback.then(|| view! { " " <span class="hint">{i18n.t("scouts-feedback-wanted")}</span> })}
                    </td>
                    <td>{r.meeting.clone().unwrap_or_default()}</td>
                    <td>{r.created.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=caption_id tabindex="0">
            <table>
                <caption id=caption_id>{i18n.t(caption_key)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("scouts-topic")}</th>
                        <th scope="col">{i18n.t(counterpart_key)}</th>
                        <th scope="col">{i18n.t("scouts-status")}</th>
                        <th scope="col">{i18n.t("scouts-meeting")}</th>
                        <th scope="col">{i18n.t("scouts-asked-on")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Meine Digitalscouts

#[component]
pub fn MyScoutsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("scouts-title") />
        <Protected children=move |_| view! { <MyScouts /> } />
    }
}

#[component]
fn MyScouts() -> impl IntoView {
    let i18n = use_i18n();
    let ask = ServerAction::<AskForHelp>::new();
    let share = ServerAction::<SetProgressShare>::new();
    let error = action_error(ask);
    let share_error = action_error(share);
    let data = Resource::new(move || share.version().get(), |_| load_my_scouts());
    view! {
        <h1>{i18n.t("scouts-title")}</h1>
        <p>{i18n.t("scouts-intro")}</p>
        <p><a href="/scouts/board">{i18n.t("board-link")}</a></p>
        {query_notice(&[
            ("shared", "scouts-shared"),
            ("revoked", "scouts-revoked"),
            ("booked", "meetings-booked-notice"),
            ("cancelled", "meetings-cancelled-notice"),
            ("registered", "meetings-registered-notice"),
            ("unregistered", "meetings-unregistered-notice"),
        ])}
        <ErrorSummary error=share_error />
        {await_view(data, move |mine| {
            let topics = mine.topics.iter().map(|t| {
                let label = if t.gap { i18n.t_args("scouts-topic-gap", [("topic", t.title.clone().into())]) } else { t.title.clone() };
                view! { <option value=t.id.clone()>{label}</option> }
            }).collect_view();
            let choices = mine.scouts.iter().filter(|s| s.available).map(|s| {
                view! { <option value=s.id.to_string()>{s.name.clone()}</option> }
            }).collect_view();
            let channels = Channel::ALL.into_iter().map(|c| {
                let id = format!("ask-channel-{}", c.as_str());
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name="channel" value=c.as_str() checked=c == Channel::InPerson />
                        <label for=id>{i18n.t(c.label_key())}</label>
                    </div>
                }
            }).collect_view();
            let cards = mine.scouts.iter().map(|s| {
                let heading = format!("scout-{}", s.id);
                let labelled_by = heading.clone();
                let scout_id = s.id.to_string();
                let share_value = (!s.shared).to_string();
                let share_text = if s.shared { i18n.t("scouts-revoke") } else { i18n.t("scouts-share") };
                let channels = s.channels.iter().map(|c| i18n.t(c.label_key())).collect::<Vec<_>>().join(", ");
                let share_label = if s.shared {
                    i18n.t_args("scouts-revoke-named", [("name", s.name.clone().into())])
                } else {
                    i18n.t_args("scouts-share-named", [("name", s.name.clone().into())])
                };
                view! {
                    <li class="card" aria-labelledby=labelled_by>
                        <h3 id=heading>{s.name.clone()}</h3>
                        {s.own_unit.then(|| view! { <p class="badge">{i18n.t("scouts-own-unit")}</p> })}
                        {(!s.available).then(|| view! { <p class="hint">{i18n.t("scouts-full")}</p> })}
                        {(!s.about.is_empty()).then(|| view! { <p class="prewrap">{s.about.clone()}</p> })}
                        <dl class="facts">
                            <dt>{i18n.t("scouts-serves")}</dt>
                            <dd>{s.departments.join(", ")}</dd>
                            <dt>{i18n.t("scouts-topics")}</dt>
                            <dd>{if s.topics.is_empty() { i18n.t("scouts-topics-any") } else { s.topics.join(", ") }}</dd>
                            <dt>{i18n.t("scouts-channels")}</dt>
                            <dd>{channels}</dd>
                            {(!s.languages.is_empty()).then(|| view! { <dt>{i18n.t("scouts-languages")}</dt><dd>{s.languages.clone()}</dd> })}
                            {(!s.office_hours.is_empty()).then(|| view! { <dt>{i18n.t("scouts-office-hours")}</dt><dd>{s.office_hours.clone()}</dd> })}
                            {s.email.clone().map(|email| view! {
                                <dt>{i18n.t("field-email")}</dt>
                                <dd><a href=format!("mailto:{email}")>{email.clone()}</a></dd>
                            })}
                        </dl>
                        <ActionForm action=share attr:class="inline-form">
                            <input type="hidden" name="scout" value=scout_id />
                            <input type="hidden" name="share" value=share_value />
                            <button type="submit" aria-label=share_label>{share_text}</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view();
            let no_scouts = mine.scouts.is_empty();
            let requests = (!mine.requests.is_empty()).then(|| request_table(
                i18n, "my-requests-caption", "scouts-my-requests", "scouts-scout", mine.requests.clone(),
            ));
            view! {
                <section aria-labelledby="ask-heading">
                    <h2 id="ask-heading">{i18n.t("scouts-ask")}</h2>
                    <p>{i18n.t("scouts-ask-intro")}</p>
                    <ErrorSummary error />
                    <ActionForm action=ask attr:class="stack-form">
                        <div class="field">
                            <label for="field-topic">{i18n.t("scouts-topic")}</label>
                            // No topic is chosen until the person chooses one: the first in
                            // the list must not be filed without a word.
                            <select id="field-topic" name="topic" required=true>
                                <option value="" selected=true>{i18n.t("please-choose")}</option>
                                {topics}
                            </select>
                        </div>
                        <TextArea name="description" label=i18n.t("scouts-description") hint=i18n.t("scouts-description-hint") required=true error />
                        <fieldset>
                            <legend>{i18n.t("scouts-channel")}</legend>
                            {channels}
                        </fieldset>
                        <TextField name="preferred_times" label=i18n.t("scouts-preferred-times") hint=i18n.t("scouts-preferred-times-hint") error />
                        <div class="field">
                            <label for="field-scout">{i18n.t("scouts-choose")}</label>
                            <select id="field-scout" name="scout">
                                <option value="auto">{i18n.t("scouts-choose-auto")}</option>
                                {choices}
                            </select>
                        </div>
                        <button type="submit" class="button-primary">{i18n.t("scouts-ask-submit")}</button>
                    </ActionForm>
                </section>
                {requests}
                <super::meetings::pages::EmployeeMeetings />
                <section aria-labelledby="scouts-heading">
                    <h2 id="scouts-heading">{i18n.t("scouts-list")}</h2>
                    <p>{i18n.t("scouts-share-intro")}</p>
                    {no_scouts.then(|| view! { <p>{i18n.t("scouts-none")}</p> })}
                    <ul class="cards scout-cards">{cards}</ul>
                </section>
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// One request

#[component]
pub fn RequestPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("scouts-request-title") />
        <Protected children=move |_| view! { <Request /> } />
    }
}

#[component]
fn Request() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let schedule = ServerAction::<ScheduleRequest>::new();
    let decline = ServerAction::<DeclineRequest>::new();
    let close = ServerAction::<CloseRequest>::new();
    let withdraw = ServerAction::<WithdrawRequest>::new();
    let feedback = ServerAction::<GiveFeedback>::new();
    let schedule_error = action_error(schedule);
    let feedback_error = action_error(feedback);
    let other_error = Signal::derive(move || {
        action_error(decline)
            .get()
            .or_else(|| action_error(close).get())
            .or_else(|| action_error(withdraw).get())
    });
    let request = Resource::new(
        move || {
            (
                id(),
                schedule.version().get(),
                close.version().get(),
                withdraw.version().get(),
                feedback.version().get(),
            )
        },
        |(id, ..)| load_request(id),
    );
    view! {
        <h1>{i18n.t("scouts-request-title")}</h1>
        {query_notice(&[
            ("sent", "scouts-request-sent"),
            ("scheduled", "scouts-request-scheduled"),
            ("closed", "scouts-request-closed"),
            ("withdrawn", "scouts-request-withdrawn"),
            ("thanks", "scouts-feedback-thanks"),
        ])}
        <ErrorSummary error=other_error />
        {await_view(request, move |r| {
            let id = r.id;
            let active = r.status.is_active();
            let meeting = r.meeting.clone().map(|m| view! {
                <dt>{i18n.t("scouts-meeting")}</dt>
                <dd>{i18n.t_args("scouts-meeting-text", [
                    ("when", m.when.clone().into()),
                    ("minutes", m.minutes.into()),
                    ("place", m.place.clone().into()),
                ])}</dd>
            });
            let rating = r.rating.map(|stars| view! {
                <dt>{i18n.t("scouts-rating")}</dt>
                <dd>{i18n.t_args("scouts-rating-value", [("rating", stars.into())])}
                    {r.feedback_comment.clone().map(|c| view! { <br /><span class="prewrap">{c}</span> })}
                </dd>
            });
            let progress = r.progress.clone().map(|modules| {
                let rows = modules.into_iter().map(|m| view! {
                    <tr>
                        <th scope="row">{m.title}</th>
                        <td class="number">{format!("{}/{}", m.lessons_done, m.lessons)}</td>
                        <td>{if m.passed { i18n.t("scouts-progress-passed") } else { i18n.t("scouts-progress-open") }}</td>
                    </tr>
                }).collect_view();
                view! {
                    <section aria-labelledby="progress-heading">
                        <h2 id="progress-heading">{i18n.t("scouts-progress")}</h2>
                        <p>{i18n.t("scouts-progress-intro")}</p>
                        <div class="table-scroll" role="region" aria-labelledby="progress-caption" tabindex="0">
                            <table>
                                <caption id="progress-caption">{i18n.t("scouts-progress")}</caption>
                                <thead><tr>
                                    <th scope="col">{i18n.t("scouts-progress-module")}</th>
                                    <th scope="col">{i18n.t("scouts-progress-lessons")}</th>
                                    <th scope="col">{i18n.t("scouts-progress-quiz")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            });
            let scout_actions = r.viewer_is_scout.then(|| {
                let (date, time, minutes, place) = r.meeting.clone()
                    .map(|m| (m.date_value, m.time_value, m.minutes.to_string(), m.place))
                    .unwrap_or_else(|| (String::new(), String::new(), "30".to_owned(), String::new()));
                let open = r.status == RequestStatus::Open;
                let accepted = r.status == RequestStatus::Accepted;
                view! {
                    {active.then(|| view! {
                        <section aria-labelledby="schedule-heading">
                            <h2 id="schedule-heading">{if accepted { i18n.t("scouts-reschedule") } else { i18n.t("scouts-accept") }}</h2>
                            <p>{i18n.t("scouts-schedule-intro")}</p>
                            <ErrorSummary error=schedule_error />
                            <ActionForm action=schedule attr:class="stack-form">
                                <input type="hidden" name="id" value=id.to_string() />
                                <TextField name="date" kind="date" label=i18n.t("scouts-date") value=date required=true error=schedule_error />
                                <TextField name="time" kind="time" label=i18n.t("scouts-time") hint=i18n.t("scouts-time-hint") value=time required=true error=schedule_error />
                                <TextField name="minutes" kind="number" label=i18n.t("scouts-minutes") value=minutes required=true error=schedule_error />
                                <TextField name="place" label=i18n.t("scouts-place") hint=i18n.t("scouts-place-hint") value=place required=true error=schedule_error />
                                <button type="submit" class="button-primary">{if accepted { i18n.t("scouts-reschedule-submit") } else { i18n.t("scouts-accept-submit") }}</button>
                            </ActionForm>
                        </section>
                    })}
                    {open.then(|| view! {
                        <ActionForm action=decline attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit">{i18n.t("scouts-decline")}</button>
                        </ActionForm>
                    })}
                    {accepted.then(|| view! {
                        <ActionForm action=close attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit" class="button-primary">{i18n.t("scouts-close")}</button>
                        </ActionForm>
                    })}
                }
            });
            let requester_actions = (!r.viewer_is_scout).then(|| {
                let can_withdraw = active || r.status == RequestStatus::Unassigned;
                let wants_feedback = r.status == RequestStatus::Closed && r.rating.is_none();
                let stars = (1..=5u8).rev().map(|n| {
                    let input_id = format!("rating-{n}");
                    view! {
                        <div class="choice">
                            <input type="radio" id=input_id.clone() name="rating" value=n.to_string() required=true />
                            <label for=input_id>{i18n.t_args("scouts-rating-option", [("rating", n.into())])}</label>
                        </div>
                    }
                }).collect_view();
                view! {
                    {wants_feedback.then(|| view! {
                        <section aria-labelledby="feedback">
                            <h2 id="feedback">{i18n.t("scouts-feedback")}</h2>
                            <p>{i18n.t("scouts-feedback-intro")}</p>
                            <ErrorSummary error=feedback_error />
                            <ActionForm action=feedback attr:class="stack-form">
                                <input type="hidden" name="id" value=id.to_string() />
                                <fieldset id="field-rating">
                                    <legend>{i18n.t("scouts-rating")}</legend>
                                    {stars}
                                </fieldset>
                                <TextArea name="comment" label=i18n.t("scouts-comment") error=feedback_error />
                                <button type="submit" class="button-primary">{i18n.t("scouts-feedback-submit")}</button>
                            </ActionForm>
                        </section>
                    })}
                    {can_withdraw.then(|| view! {
                        <ActionForm action=withdraw attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <button type="submit">{i18n.t("scouts-withdraw")}</button>
                        </ActionForm>
                    })}
                }
            });
            view! {
                <dl class="facts">
                    <dt>{i18n.t("scouts-topic")}</dt>
                    <dd>{r.topic.clone()}</dd>
                    <dt>{i18n.t("scouts-status")}</dt>
                    <dd>{status_badge(i18n, r.status)}</dd>
                    <dt>{i18n.t("scouts-requester")}</dt>
                    <dd>{r.requester.clone()}
                        {r.requester_email.clone().filter(|_| r.viewer_is_scout).map(|email| view! { " · " <a href=format!("mailto:{email}")>{email.clone()}</a> })}
                    </dd>
                    <dt>{i18n.t("scouts-scout")}</dt>
                    <dd>{r.scout.clone().unwrap_or_else(|| i18n.t("scouts-nobody"))}</dd>
                    <dt>{i18n.t("scouts-channel")}</dt>
                    <dd>{i18n.t(r.channel.label_key())}</dd>
                    <dt>{i18n.t("scouts-preferred-times")}</dt>
                    <dd>{if r.preferred_times.is_empty() { i18n.t("scouts-no-preference") } else { r.preferred_times.clone() }}</dd>
                    <dt>{i18n.t("scouts-asked-on")}</dt>
                    <dd>{r.created.clone()}</dd>
                    {meeting}
                    {rating}
                </dl>
                <h2>{i18n.t("scouts-description")}</h2>
                <p class="prewrap">{r.description.clone()}</p>
                {(r.status == RequestStatus::Unassigned).then(|| view! { <p class="notice">{i18n.t("scouts-unassigned-text")}</p> })}
                {progress}
                {scout_actions}
                {requester_actions}
                <p><a href=if r.viewer_is_scout { "/scouts/profile" } else { "/scouts" }>{i18n.t("scouts-back")}</a></p>
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// The scout's page

/// The parts of a scout's own area, each its own page with its own heading: requests and
/// figures, office hours and workshops, the profile. (path, catalogue key)
const SCOUT_AREA: &[(&str, &str)] = &[
    ("/scouts/profile", "scouts-area-requests"),
    ("/scouts/profile/meetings", "scouts-area-meetings"),
    ("/scouts/profile/edit", "scouts-area-profile"),
    ("/scouts/board", "board-link"),
];

/// The scout area's own navigation, the page shown marked.
#[component]
fn ScoutAreaNav(current: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let links = SCOUT_AREA
        .iter()
        .map(|(href, key)| {
            let here = *href == current;
            view! {
                <li><a href=*href aria-current=here.then_some("page")>{i18n.t(key)}</a></li>
            }
        })
        .collect_view();
    view! {
        <nav class="sub-nav" aria-label=i18n.t("scouts-area-nav")>
            <ul>{links}</ul>
        </nav>
    }
}

#[component]
pub fn ScoutProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=format!("{} – {}", i18n.t("scouts-area-requests"), i18n.t("scouts-profile-title")) />
        <Protected roles=&[Role::Scout] children=move |_| view! { <ScoutRequests /> } />
    }
}

/// Requests to the scout and the scout's own figures.
#[component]
fn ScoutRequests() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_profile());
    view! {
        <p class="breadcrumb">{i18n.t("scouts-profile-title")}</p>
        <h1>{i18n.t("scouts-area-requests")}</h1>
        <ScoutAreaNav current="/scouts/profile" />
        {query_notice(&[("declined", "scouts-declined")])}
        {await_view(data, move |p| {
            let inbox = if p.inbox.is_empty() {
                Either::Left(view! { <p>{i18n.t("scouts-inbox-empty")}</p> })
            } else {
                Either::Right(request_table(i18n, "inbox-caption", "scouts-inbox", "scouts-requester", p.inbox.clone()))
            };
            let answer = p.median_answer_hours.map(|h| format!("{h:.1}")).unwrap_or_else(|| "–".to_owned());
            let rating = p.average_rating.map(|r| format!("{r:.1}")).unwrap_or_else(|| "–".to_owned());
            view! {
                <section aria-labelledby="inbox-heading">
                    <h2 id="inbox-heading">{i18n.t("scouts-inbox")}</h2>
                    {inbox}
                </section>
                <section aria-labelledby="figures-heading">
                    <h2 id="figures-heading">{i18n.t("scouts-figures")}</h2>
                    <dl class="facts">
                        <dt>{i18n.t("scouts-figures-open")}</dt><dd>{p.open}</dd>
                        <dt>{i18n.t("scouts-figures-handled")}</dt><dd>{p.handled}</dd>
                        <dt>{i18n.t("scouts-figures-answer")}</dt><dd>{answer}</dd>
                        <dt>{i18n.t("scouts-figures-rating")}</dt><dd>{rating}</dd>
                    </dl>
                </section>
            }
        })}
    }
}

#[component]
pub fn ScoutMeetingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=format!("{} – {}", i18n.t("scouts-area-meetings"), i18n.t("scouts-profile-title")) />
        <Protected roles=&[Role::Scout] children=move |_| view! {
            <p class="breadcrumb">{i18n.t("scouts-profile-title")}</p>
            <h1>{i18n.t("scouts-area-meetings")}</h1>
            <ScoutAreaNav current="/scouts/profile/meetings" />
            {query_notice(&[
                ("office_hour", "meetings-office-hour-added"),
                ("office_hour_removed", "meetings-office-hour-removed"),
                ("workshop", "meetings-workshop-announced"),
                ("attendance", "meetings-attendance-saved"),
            ])}
            <super::meetings::pages::ScoutMeetingsView />
        } />
    }
}

#[component]
pub fn ScoutProfileEditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=format!("{} – {}", i18n.t("scouts-area-profile"), i18n.t("scouts-profile-title")) />
        <Protected roles=&[Role::Scout] children=move |_| view! { <ScoutProfileForm /> } />
    }
}

/// What colleagues see of the scout, and what the scout takes on.
#[component]
fn ScoutProfileForm() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveProfile>::new();
    let error = action_error(save);
    let data = Resource::new(move || save.version().get(), |_| load_profile());
    view! {
        <p class="breadcrumb">{i18n.t("scouts-profile-title")}</p>
        <h1>{i18n.t("scouts-area-profile")}</h1>
        <ScoutAreaNav current="/scouts/profile/edit" />
        {query_notice(&[("saved", "scouts-profile-saved")])}
        {await_view(data, move |p| {
            let channels = Channel::ALL.into_iter().map(|c| {
                let id = format!("profile-channel-{}", c.as_str());
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name="channels[]" value=c.as_str() checked=p.channels.contains(&c) />
                        <label for=id>{i18n.t(c.label_key())}</label>
                    </div>
                }
            }).collect_view();
            let units = p.all_departments.iter().map(|d| {
                let id = format!("unit-{}", d.id);
                let label = format!("{}{}", "– ".repeat(d.depth as usize), d.name);
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name="departments[]" value=d.id.to_string() checked=p.departments.contains(&d.id) />
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view();
            let topics = p.all_topics.iter().map(|t| {
                let id = format!("topic-{}", t.id.replace(['/', '.'], "-"));
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name="topics[]" value=t.id.clone() checked=p.topics.contains(&t.id) />
                        <label for=id>{t.title.clone()}</label>
                    </div>
                }
            }).collect_view();
            view! {
                <section aria-labelledby="profile-heading">
                    <h2 id="profile-heading" class="visually-hidden">{i18n.t("scouts-profile")}</h2>
                    <p>{i18n.t("scouts-profile-intro")}</p>
                    <ErrorSummary error />
                    <ActionForm action=save attr:class="stack-form">
                        <TextArea name="about" label=i18n.t("scouts-about") hint=i18n.t("scouts-about-hint") value=p.about.clone() error />
                        <fieldset id="field-channels">
                            <legend>{i18n.t("scouts-channels")}</legend>
                            {channels}
                        </fieldset>
                        <TextField name="languages" label=i18n.t("scouts-languages") hint=i18n.t("scouts-languages-hint") value=p.languages.clone() error />
                        <TextField name="capacity" kind="number" label=i18n.t("scouts-capacity") hint=i18n.t("scouts-capacity-hint") value=p.capacity.to_string() required=true error />
                        <TextField name="office_hours" label=i18n.t("scouts-office-hours") hint=i18n.t("scouts-office-hours-hint") value=p.office_hours.clone() error />
                        <fieldset id="field-departments">
                            <legend>{i18n.t("scouts-serves")}</legend>
                            {units}
                        </fieldset>
                        <fieldset id="field-topics">
                            <legend>{i18n.t("scouts-topics")}</legend>
                            <p class="hint">{i18n.t("scouts-topics-hint")}</p>
                            {topics}
                        </fieldset>
                        <button type="submit" class="button-primary">{i18n.t("save")}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// Coverage

#[component]
pub fn CoveragePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("scouts-coverage-title") />
        <Protected roles=&[Role::Hr, Role::Admin] children=move |_| view! { <CoverageView /> } />
    }
}

#[component]
fn CoverageView() -> impl IntoView {
    let i18n = use_i18n();
    let appoint = ServerAction::<AppointScout>::new();
    let dismiss = ServerAction::<DismissScout>::new();
    let error = action_error(appoint);
    let dismiss_error = action_error(dismiss);
    let data = Resource::new(
        move || (appoint.version().get(), dismiss.version().get()),
        |_| load_coverage(),
    );
    view! {
        <h1>{i18n.t("scouts-coverage-title")}</h1>
        <p>{i18n.t("scouts-coverage-intro")}</p>
        <p><a href="/scouts/impact">{i18n.t("scouts-impact-link")}</a></p>
        {query_notice(&[("appointed", "scouts-appointed"), ("dismissed", "scouts-dismissed")])}
        <ErrorSummary error=dismiss_error />
        {await_view(data, move |c| {
            let rows = c.rows.iter().map(|row| {
                let indent = format!("depth-{}", row.department.depth.min(6));
                let covered = !row.scouts.is_empty();
                view! {
                    <tr>
                        <th scope="row" class=indent>{row.department.name.clone()}</th>
                        <td>{if covered { row.scouts.join(", ") } else { i18n.t("scouts-coverage-none") }}</td>
                    </tr>
                }
            }).collect_view();
            let units = c.rows.iter().map(|row| {
                let id = format!("appoint-unit-{}", row.department.id);
                let label = format!("{}{}", "– ".repeat(row.department.depth as usize), row.department.name);
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name="departments[]" value=row.department.id.to_string() />
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view();
            let scouts = c.scouts.iter().map(|(id, name, email)| {
                let label = i18n.t_args("scouts-dismiss-named", [("name", name.clone().into())]);
                let consequence = i18n.t_args("scouts-dismiss-consequence", [("name", name.clone().into())]);
                let confirm = i18n.t_args("scouts-dismiss-confirm", [("name", name.clone().into())]);
                let id = *id;
                // Dismissing is behind a disclosure (no JavaScript needed) with the red frame:
                // what happens, the box to tick, the button.
                view! {
                    <li>
                        {match email { Some(email) => format!("{name} ({email})"), None => name.clone() }}
                        <details class="danger-details">
                            <summary>{label.clone()}</summary>
                            <ActionForm action=dismiss attr:class="stack-form">
                                <input type="hidden" name="id" value=id.to_string() />
                                <DangerConfirm name="confirm" id=format!("confirm-dismiss-{id}") consequence confirm submit=label />
                            </ActionForm>
                        </details>
                    </li>
                }
            }).collect_view();
            view! {
                <p><strong>{i18n.t_args("scouts-coverage-summary", [("uncovered", c.uncovered.into()), ("unassigned", c.unassigned.into())])}</strong></p>
                <div class="table-scroll" role="region" aria-labelledby="coverage-caption" tabindex="0">
                    <table>
                        <caption id="coverage-caption">{i18n.t("scouts-coverage-caption")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("field-department")}</th>
                            <th scope="col">{i18n.t("scouts-list")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <section aria-labelledby="appoint-heading">
                    <h2 id="appoint-heading">{i18n.t("scouts-appoint")}</h2>
                    <p>{i18n.t("scouts-appoint-intro")}</p>
                    <ErrorSummary error />
                    <ActionForm action=appoint attr:class="stack-form">
                        <TextField name="email" kind="email" label=i18n.t("field-email") required=true error />
                        <fieldset id="field-departments">
                            <legend>{i18n.t("scouts-serves")}</legend>
                            <p class="hint">{i18n.t("scouts-appoint-units-hint")}</p>
                            {units}
                        </fieldset>
                        <button type="submit" class="button-primary">{i18n.t("scouts-appoint-submit")}</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="scouts-all-heading">
                    <h2 id="scouts-all-heading">{i18n.t("scouts-all")}</h2>
                    <ul>{scouts}</ul>
                </section>
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// Impact

fn impact_text(i18n: I18n, figure: ImpactFigure) -> String {
    match figure {
        ImpactFigure::About { value, margin: 0 } => value.to_string(),
        ImpactFigure::About { value, margin } => i18n.t_args(
            "report-count-about",
            [("value", value.into()), ("margin", margin.into())],
        ),
        ImpactFigure::Percent { value, margin: 0 } => {
            i18n.t_args("scouts-impact-percent", [("percent", value.into())])
        }
        ImpactFigure::Percent { value, margin } => i18n.t_args(
            "scouts-impact-percent-about",
            [("percent", value.into()), ("margin", margin.into())],
        ),
        ImpactFigure::Average { value, margin } if margin <= 0.0 => format!("{value:.1}"),
        ImpactFigure::Average { value, margin } => i18n.t_args(
            "report-count-about",
            [
                ("value", format!("{value:.1}").into()),
                ("margin", format!("{margin:.1}").into()),
            ],
        ),
        ImpactFigure::Suppressed => i18n.t("report-cell-suppressed"),
        ImpactFigure::None => i18n.t("report-cell-none"),
    }
}

#[component]
pub fn ImpactPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("scouts-impact-title") />
        <Protected roles=&[Role::Hr, Role::Admin] children=move |_| view! { <ImpactView /> } />
    }
}

#[component]
fn ImpactView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(move || query.with(|q| q.get("quarter")), load_impact);
    view! {
        <p><a href="/scouts/coverage">{i18n.t("scouts-coverage-title")}</a></p>
        <h1>{i18n.t("scouts-impact-title")}</h1>
        <p>{i18n.t("scouts-impact-intro")}</p>
        {await_view(data, move |impact| {
            let options = impact.quarters.iter().map(|q| {
                view! { <option value=q.clone() selected=*q == impact.quarter>{q.clone()}</option> }
            }).collect_view();
            let rows = impact.rows.iter().map(|row| view! {
                <tr>
                    <th scope="row">{row.department.clone()}</th>
                    <td class="number">{impact_text(i18n, row.requesters)}</td>
                    <td class="number">{impact_text(i18n, row.requests)}</td>
                    <td class="number">{impact_text(i18n, row.closed)}</td>
                    <td class="number">{impact_text(i18n, row.answered_within_day)}</td>
                    <td class="number">{impact_text(i18n, row.satisfaction)}</td>
                </tr>
            }).collect_view();
            let empty = impact.rows.is_empty();
            view! {
                <form method="get" action="/scouts/impact" class="filter-form">
                    <div class="field">
                        <label for="field-quarter">{i18n.t("scouts-impact-quarter")}</label>
                        <select id="field-quarter" name="quarter">{options}</select>
                    </div>
                    <button type="submit">{i18n.t("scouts-impact-show")}</button>
                </form>
                <p>{i18n.t_args("scouts-impact-rule", [("k", impact.min_group_size.into())])}</p>
                <p class="hint">{i18n.t_args("scouts-impact-noise", [("clip", impact.clip.into())])}" "<a href="/privacy">{i18n.t("report-noise-link")}</a></p>
                {if empty {
                    Either::Left(view! { <p>{i18n.t("scouts-impact-empty")}</p> })
                } else {
                    Either::Right(view! {
                        <div class="table-scroll" role="region" aria-labelledby="impact-caption" tabindex="0">
                            <table class="report-table">
                                <caption id="impact-caption">{i18n.t_args("scouts-impact-caption", [("quarter", impact.quarter.clone().into())])}</caption>
                                <thead><tr>
                                    <th scope="col">{i18n.t("field-department")}</th>
                                    <th scope="col" class="number">{i18n.t("scouts-impact-requesters")}</th>
                                    <th scope="col" class="number">{i18n.t("scouts-impact-requests")}</th>
                                    <th scope="col" class="number">{i18n.t("scouts-impact-closed")}</th>
                                    <th scope="col" class="number">{i18n.t("scouts-impact-answered-day")}</th>
                                    <th scope="col" class="number">{i18n.t("scouts-figures-rating")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    })
                }}
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// Board

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("board-title") />
        <Protected children=move |_| view! { <BoardView /> } />
    }
}

#[component]
fn BoardView() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreatePost>::new();
    let remove = ServerAction::<RemovePost>::new();
    let error = action_error(create);
    let remove_error = action_error(remove);
    let data = Resource::new(
        move || (create.version().get(), remove.version().get()),
        |_| load_board(),
    );
    view! {
        <h1>{i18n.t("board-title")}</h1>
        <p>{i18n.t("board-intro")}</p>
        {query_notice(&[("posted", "board-posted"), ("removed", "board-removed")])}
        <ErrorSummary error=remove_error />
        {await_view(data, move |board| {
            let form = board.can_post.then(|| {
                let kinds = PostKind::ALL.into_iter().map(|k| {
                    let id = format!("kind-{}", k.as_str());
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name="kind" value=k.as_str() checked=k == PostKind::Tip />
                            <label for=id>{i18n.t(k.label_key())}</label>
                        </div>
                    }
                }).collect_view();
                view! {
                    <section aria-labelledby="board-new">
                        <h2 id="board-new">{i18n.t("board-new")}</h2>
                        <ErrorSummary error />
                        <ActionForm action=create attr:class="stack-form">
                            <fieldset id="field-kind">
                                <legend>{i18n.t("board-kind")}</legend>
                                {kinds}
                            </fieldset>
                            <TextField name="title" label=i18n.t("board-post-title") required=true error />
                            <TextArea name="body" label=i18n.t("board-body") hint=i18n.t("board-body-hint") required=true error />
                            <button type="submit" class="button-primary">{i18n.t("board-submit")}</button>
                        </ActionForm>
                    </section>
                }
            });
            let empty = board.posts.is_empty();
            let posts = board.posts.into_iter().map(|post| {
                let heading = format!("post-{}", post.id);
                let labelled_by = heading.clone();
                let id = post.id;
                let remove_label = i18n.t_args("board-remove-named", [("title", post.title.clone().into())]);
                view! {
                    <article class="card" aria-labelledby=labelled_by>
                        <p class="badge">{i18n.t(post.kind.label_key())}</p>
                        <h3 id=heading>{post.title.clone()}</h3>
                        <p class="hint">{i18n.t_args("board-byline", [("name", post.author.clone().into()), ("date", post.created.clone().into())])}</p>
                        // Rendered on the server from Markdown with no HTML of the author's.
                        <div class="post-body" inner_html=post.html.clone()></div>
                        {post.can_remove.then(|| view! {
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="id" value=id.to_string() />
                                <button type="submit" aria-label=remove_label>{i18n.t("board-remove")}</button>
                            </ActionForm>
                        })}
                    </article>
                }
            }).collect_view();
            view! {
                {form}
                <section aria-labelledby="board-posts">
                    <h2 id="board-posts">{i18n.t("board-posts")}</h2>
                    {empty.then(|| view! { <p>{i18n.t("board-empty")}</p> })}
                    <div class="stack">{posts}</div>
                </section>
            }
        })}
    }
}

// ---------------------------------------------------------------------------------------------
// Newsletter

/// The page behind the mail's "leave the newsletter" link: no login, one button.
#[component]
pub fn NewsletterLeavePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let leave = ServerAction::<LeaveNewsletter>::new();
    let error = action_error(leave);
    let state = Resource::new(
        move || (token(), leave.version().get()),
        |(token, _)| newsletter_link_state(token),
    );
    let done = move || query.with(|q| q.get("done").is_some());
    view! {
        <Title text=i18n.t("newsletter-leave-title") />
        <h1>{i18n.t("newsletter-leave-title")}</h1>
        <ErrorSummary error />
        {await_view(state, move |subscribed| {
            if subscribed {
                Either::Left(view! {
                    <p>{i18n.t("newsletter-leave-intro")}</p>
                    <ActionForm action=leave attr:class="stack-form">
                        <input type="hidden" name="token" value=token() />
                        <button type="submit" class="button-primary">{i18n.t("newsletter-leave-submit")}</button>
                    </ActionForm>
                })
            } else {
                Either::Right(view! {
                    <div class="notice notice-success" role="status">
                        <p>{if done() { i18n.t("newsletter-left") } else { i18n.t("newsletter-already-left") }}</p>
                    </div>
                    <p>{i18n.t("newsletter-rejoin-hint")}</p>
                })
            }
        })}
    }
}

/// The newsletter switch on "Mein Konto".
#[component]
pub fn NewsletterSetting() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetNewsletter>::new();
    let query = use_query_map();
    let state = Resource::new(move || set.version().get(), |_| load_newsletter_setting());
    let notice = move || {
        query.with(|q| match q.get("newsletter").as_deref() {
            Some("on") => Some(i18n.t("newsletter-on")),
            Some("off") => Some(i18n.t("newsletter-off")),
            _ => None,
        })
    };
    view! {
        <section aria-labelledby="settings-newsletter">
            <h2 id="settings-newsletter">{i18n.t("newsletter-title")}</h2>
            {move || notice().map(|text| view! { <Notice text /> })}
            {await_view(state, move |on| view! {
                <p>{if on { i18n.t("newsletter-status-on") } else { i18n.t("newsletter-status-off") }}</p>
                <ActionForm action=set attr:class="stack-form">
                    <input type="hidden" name="on" value=(!on).to_string() />
                    <button type="submit">{if on { i18n.t("newsletter-turn-off") } else { i18n.t("newsletter-turn-on") }}</button>
                </ActionForm>
            })}
        </section>
    }
}
