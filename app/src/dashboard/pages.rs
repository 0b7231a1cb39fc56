//! The start page.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::{
    Dashboard, LearnerDashboard, LevelProgress, MeetingKind, NextMeeting, NextStep, WorkItem,
    get_dashboard,
};
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{Protected, await_view};

/// What would have been a mail, for a person without a mail address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartNotice {
    pub id: uuid::Uuid,
    pub subject: String,
    pub body: String,
    pub received: String,
}

#[server(endpoint = "notices/mine")]
pub async fn my_notices() -> Result<Vec<StartNotice>, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        Ok(crate::mail::unread_notices(ctx, me.id)
            .await?
            .into_iter()
            .map(|n| StartNotice {
                id: n.id,
                subject: n.subject,
                body: n.body,
                received: crate::i18n::format::local_date_time(me.locale, n.created_at),
            })
            .collect())
    })
    .await
}

#[server(endpoint = "notices/read")]
pub async fn read_notice(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        let id = AppError::parse_id(&id)?;
        crate::mail::mark_notice_read(ctx, me.id, id).await
    })
    .await?;
    crate::context::redirect("/");
    Ok(())
}

/// The notices of a person without a mail address: their reminders and messages, as mails would
/// have brought them, until they mark them as read.
#[component]
fn Notices() -> impl IntoView {
    let i18n = use_i18n();
    let notices = Resource::new(|| (), |_| my_notices());
    let read = ServerAction::<ReadNotice>::new();
    await_view(notices, move |notices: Vec<StartNotice>| {
        (!notices.is_empty()).then(|| {
            let items = notices
                .into_iter()
                .map(|n| {
                    let heading = format!("notice-{}", n.id.simple());
                    view! {
                        <li class="card notice-card">
                            <h3 id=heading.clone()>{n.subject}</h3>
                            <p class="hint">{n.received}</p>
                            <div class="notice-body">{n.body}</div>
                            <ActionForm action=read attr:class="inline-form">
                                <input type="hidden" name="id" value=n.id.to_string() />
                                <button type="submit" aria-describedby=heading>{i18n.t("notice-read")}</button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section aria-labelledby="home-notices">
                    <h2 id="home-notices">{i18n.t("home-notices")}</h2>
                    <ul class="cards">{items}</ul>
                </section>
            }
        })
    })
}

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("home-title") />
        <Protected children=move |me| {
            let dashboard = Resource::new(|| (), |_| get_dashboard());
            let department = me.department.clone().unwrap_or_else(|| i18n.t("home-no-department"));
            let roles = me
                .roles
                .iter()
                .map(|r| i18n.t(r.label_key()))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <h1>{i18n.t_args("home-greeting", [("name", me.display_name.clone().into())])}</h1>
                <p class="lead">{i18n.t_args(
                    "dashboard-who",
                    [("unit", department.into()), ("roles", roles.into())],
                )}</p>
                <Notices />
                {await_view(dashboard, move |dashboard: Dashboard| view! {
                    {dashboard.learner.map(|learner| learner_view(i18n, learner))}
                    {work_view(i18n, dashboard.work)}
                })}
            }
        } />
    }
}

fn learner_view(i18n: I18n, learner: LearnerDashboard) -> impl IntoView {
    let LearnerDashboard {
        next_level,
        reached,
        next_step,
        open_targets,
        targets_total,
        refreshers,
        next_meeting,
    } = learner;
    let reached_items = reached
        .into_iter()
        .map(|level| {
            let text = match level.valid_until {
                Some(until) => i18n.t_args(
                    "dashboard-level-reached-until",
                    [("level", level.title.into()), ("date", until.into())],
                ),
                None => i18n.t_args("dashboard-level-reached", [("level", level.title.into())]),
            };
            view! { <li><span class="tag tag-passed">{i18n.t("dashboard-reached")}</span>" "{text}</li> }
        })
        .collect_view();
    let open_count = open_targets.len();
    let targets = (targets_total > 0).then(|| {
        let items = open_targets
            .into_iter()
            .take(3)
            .map(|t| {
                let text = i18n.t_args(
                    "dashboard-target",
                    [("competence", t.competence.into()), ("level", (t.level as f64).into())],
                );
                view! {
                    <li>
                        {text}
                        {t.module.map(|m| view! {
                            " – "<a href=format!("/modules/{}", m.id)>{m.title}</a>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card dashboard-part" aria-labelledby="dash-targets">
                <h2 id="dash-targets">{i18n.t("dashboard-targets")}</h2>
                <p>{if open_count == 0 {
                    i18n.t("dashboard-targets-all-met")
                } else {
                    i18n.t_args(
                        "dashboard-targets-open",
                        [("open", (open_count as f64).into()), ("total", (targets_total as f64).into())],
                    )
                }}</p>
                <ul>{items}</ul>
                <p><a href="/evidence">{i18n.t("dashboard-targets-link")}</a></p>
            </section>
        }
    });
    let refresh = (!refreshers.is_empty()).then(|| {
        let items = refreshers
            .into_iter()
            .map(|r| {
                let key = if r.overdue {
                    "dashboard-refresh-overdue"
                } else {
                    "dashboard-refresh-due"
                };
                view! {
                    <li>
                        <a href=format!("/modules/{}", r.module.id)>{r.module.title}</a>
                        ": "{i18n.t_args(key, [("date", r.due.into())])}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="card dashboard-part" aria-labelledby="dash-refresh">
                <h2 id="dash-refresh">{i18n.t("dashboard-refresh")}</h2>
                <ul>{items}</ul>
            </section>
        }
    });
    view! {
        <div class="dashboard">
            <section class="card dashboard-part dashboard-next" aria-labelledby="dash-next">
                <h2 id="dash-next">{i18n.t("dashboard-next")}</h2>
                {next_step_view(i18n, next_step)}
            </section>
            <section class="card dashboard-part" aria-labelledby="dash-licence">
                <h2 id="dash-licence">{i18n.t("dashboard-licence")}</h2>
                <ul class="plain-list">{reached_items}</ul>
                {next_level.map(|level| level_view(i18n, level))}
                <p><a href="/certificate">{i18n.t("dashboard-licence-link")}</a></p>
            </section>
            {targets}
            {refresh}
            {meeting_view(i18n, next_meeting)}
        </div>
    }
}

fn next_step_view(i18n: I18n, step: Option<NextStep>) -> AnyView {
    match step {
        Some(NextStep::Lesson {
            module,
            slug,
            title,
            position,
            total,
        }) => view! {
            <p class="dashboard-lead">{i18n.t_args(
                "dashboard-next-lesson",
                [
                    ("position", (position as f64).into()),
                    ("total", (total as f64).into()),
                    ("lesson", title.into()),
                ],
            )}</p>
            <p>{i18n.t_args("dashboard-in-module", [("module", module.title.into())])}</p>
            <p><a class="button-link" href=format!("/modules/{}/lessons/{slug}", module.id)>{i18n.t("dashboard-next-lesson-button")}</a></p>
        }
        .into_any(),
        Some(NextStep::Quiz { module }) => view! {
            <p class="dashboard-lead">{i18n.t_args("dashboard-next-quiz", [("module", module.title.into())])}</p>
            <p><a class="button-link" href=format!("/modules/{}#quiz", module.id)>{i18n.t("dashboard-next-quiz-button")}</a></p>
        }
        .into_any(),
        Some(NextStep::Start { module, minutes }) => view! {
            <p class="dashboard-lead">{i18n.t_args(
                "dashboard-next-start",
                [("module", module.title.into()), ("minutes", (minutes as f64).into())],
            )}</p>
            <p><a class="button-link" href=format!("/modules/{}", module.id)>{i18n.t("dashboard-next-start-button")}</a></p>
        }
        .into_any(),
        None => view! {
            <p class="dashboard-lead">{i18n.t("dashboard-next-none")}</p>
            <p><a href="/learn">{i18n.t("dashboard-next-none-link")}</a></p>
        }
        .into_any(),
    }
}

fn level_view(i18n: I18n, level: LevelProgress) -> impl IntoView {
    let missing = level
        .missing
        .into_iter()
        .map(|m| view! { <li><a href=format!("/modules/{}", m.id)>{m.title}</a></li> })
        .collect_view();
    let progress_text = i18n.t_args(
        "dashboard-level-progress",
        [
            ("level", level.title.into()),
            ("done", (level.done as f64).into()),
            ("total", (level.total as f64).into()),
        ],
    );
    view! {
        <p id="dash-level-progress">{progress_text}</p>
        <progress max=level.total value=level.done aria-labelledby="dash-level-progress"></progress>
        {level.requires.map(|r| view! { <p>{i18n.t_args("dashboard-level-requires", [("level", r.into())])}</p> })}
        <p>{i18n.t("dashboard-level-missing")}</p>
        <ul>{missing}</ul>
        {(level.electives_missing > 0).then(|| view! {
            <p>{i18n.t_args("dashboard-level-electives", [("count", (level.electives_missing as f64).into())])}</p>
        })}
    }
}

fn meeting_view(i18n: I18n, meeting: Option<NextMeeting>) -> impl IntoView {
    let meeting = meeting?;
    let NextMeeting {
        kind,
        title,
        when,
        place,
        booked,
    } = meeting;
    let key = match (kind, booked) {
        (MeetingKind::OfficeHour, true) => "dashboard-meeting-office-hour-booked",
        (MeetingKind::OfficeHour, false) => "dashboard-meeting-office-hour-free",
        (MeetingKind::Workshop, true) => "dashboard-meeting-workshop-booked",
        (MeetingKind::Workshop, false) => "dashboard-meeting-workshop-free",
    };
    Some(view! {
        <section class="card dashboard-part" aria-labelledby="dash-meeting">
            <h2 id="dash-meeting">{i18n.t("dashboard-meeting")}</h2>
            <p>{i18n.t_args(key, [("title", title.into()), ("when", when.into()), ("place", place.into())])}</p>
            <p><a href="/scouts">{i18n.t("dashboard-meeting-link")}</a></p>
        </section>
    })
}

fn work_view(i18n: I18n, work: Vec<WorkItem>) -> impl IntoView {
    (!work.is_empty()).then(|| {
        let items = work
            .into_iter()
            .map(|item| {
                let text = match item.count {
                    Some(count) => i18n.t_args(&item.key, [("count", (count as f64).into())]),
                    None => i18n.t(&item.key),
                };
                let waiting = item.count.is_some_and(|c| c > 0);
                view! {
                    <li class="card" class:work-waiting=waiting>
                        <a href=item.href>{text}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="dash-work">
                <h2 id="dash-work">{i18n.t("dashboard-work")}</h2>
                <ul class="cards work-list">{items}</ul>
            </section>
        }
    })
}
