//! Gathers the dashboard from the features that own its parts; reads only.

use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::{
    Dashboard, LearnerDashboard, LevelProgress, MeetingKind, ModuleLink, NextMeeting, NextStep,
    OpenTarget, ReachedLevel, Refresher, WorkItem,
};
use crate::auth::Role;
use crate::content::HasContent;
use crate::context::AppContext;
use crate::db::{barrier_report, data_request, employee_import, help_request};
use crate::error::AppError;
use crate::i18n::format::day;
use crate::identity::CurrentUser;
use crate::learning::CatalogueEntry;

/// Open targets and refreshers shown at most; the pages behind them list all.
const SHOWN: usize = 3;
/// An uploaded HR import not applied after this long is left, not waiting.
const IMPORT_WAITING_DAYS: i64 = 14;

pub async fn dashboard(ctx: &AppContext, me: &CurrentUser) -> Result<Dashboard, AppError> {
    let learner = if me.has(Role::Employee) {
        Some(learner(ctx, me).await?)
    } else {
        None
    };
    Ok(Dashboard {
        learner,
        work: work(ctx, me).await?,
    })
}

fn link(ctx: &AppContext, me: &CurrentUser, id: &str) -> ModuleLink {
    ModuleLink {
        id: id.to_owned(),
        title: ctx
            .content()
            .module(id)
            .map(|m| m.title.get(me.locale).to_owned())
            .unwrap_or_else(|| id.to_owned()),
    }
}

async fn learner(ctx: &AppContext, me: &CurrentUser) -> Result<LearnerDashboard, AppError> {
    let now = ctx.now();
    let content = ctx.content();
    let certificates = crate::certificate::server::my_certificates(ctx, me).await?;
    let mut reached = Vec::new();
    let mut next_level = None;
    let mut refreshers: Vec<(chrono::DateTime<chrono::Utc>, Refresher)> = Vec::new();
    for level in &certificates.levels {
        for due in &level.refresh_due {
            if refreshers.iter().all(|(_, r)| r.module.id != due.module_id) {
                refreshers.push((
                    due.due,
                    Refresher {
                        module: link(ctx, me, &due.module_id),
                        due: day(me.locale, due.due),
                        overdue: due.due <= now,
                    },
                ));
            }
        }
        if level.reached {
            reached.push(ReachedLevel {
                title: level.title.clone(),
                valid_until: level
                    .current
                    .as_ref()
                    .map(|c| day(me.locale, c.valid_until)),
            });
        } else if next_level.is_none() {
            let rules = content.certificates.level(&level.id);
            let total = rules
                .map(|l| {
                    crate::certificate::rules::required_modules(&content, l).len() as u32
                        + l.electives
                })
                .unwrap_or_default();
            let needed = level.missing.len() as u32 + level.electives_missing;
            next_level = Some(LevelProgress {
                title: level.title.clone(),
                done: total.saturating_sub(needed),
                total,
                missing: level
                    .missing
                    .iter()
                    .map(|m| ModuleLink {
                        id: m.id.clone(),
                        title: m.title.clone(),
                    })
                    .collect(),
                electives_missing: level.electives_missing,
                requires: level.requires_missing.clone(),
            });
        }
    }
    refreshers.sort_by_key(|(due, _)| *due);

    let catalogue = crate::learning::server::catalogue(ctx, me, None, None).await?;
    let next_step = next_step(ctx, me, &catalogue.entries, next_level.as_ref()).await?;

    let targets = crate::reports::server::own_targets(ctx, me).await?;
    let targets_total = targets.targets.len();
    let open_targets = targets
        .targets
        .into_iter()
        .filter(|t| !t.met)
        .map(|t| OpenTarget {
            competence: t.competence,
            level: t.level,
            module: t
                .modules
                .into_iter()
                .next()
                .map(|(id, title)| ModuleLink { id, title }),
        })
        .collect();

    let meetings = crate::scouts::meetings::server::meetings(ctx, me).await?;
    let booked_session = meetings.sessions.iter().find(|s| s.booking.is_some());
    let registered = meetings.workshops.iter().find(|w| w.registration.is_some());
    let next_meeting = match (booked_session, registered) {
        (Some(session), Some(workshop)) if workshop.starts_at < session.starts_at => {
            Some(workshop_meeting(workshop, true))
        }
        (Some(session), _) => Some(session_meeting(session, true)),
        (None, Some(workshop)) => Some(workshop_meeting(workshop, true)),
        (None, None) => {
            let session = meetings.sessions.iter().find(|s| s.free > 0);
            let workshop = meetings.workshops.iter().find(|w| w.free > 0);
            match (session, workshop) {
                (Some(s), Some(w)) if w.starts_at < s.starts_at => Some(workshop_meeting(w, false)),
                (Some(s), _) => Some(session_meeting(s, false)),
                (None, Some(w)) => Some(workshop_meeting(w, false)),
                (None, None) => None,
            }
        }
    };

    Ok(LearnerDashboard {
        next_level,
        reached,
        next_step,
        open_targets,
        targets_total,
        refreshers: refreshers.into_iter().map(|(_, r)| r).take(SHOWN).collect(),
        next_meeting,
    })
}

fn session_meeting(session: &crate::scouts::meetings::Session, booked: bool) -> NextMeeting {
    NextMeeting {
        kind: MeetingKind::OfficeHour,
        title: session.scout.clone(),
        when: session.when.clone(),
        place: session.place.clone(),
        booked,
    }
}

fn workshop_meeting(workshop: &crate::scouts::meetings::WorkshopCard, booked: bool) -> NextMeeting {
    NextMeeting {
        kind: MeetingKind::Workshop,
        title: workshop.title.clone(),
        when: workshop.when.clone(),
        place: workshop.place.clone(),
        booked,
    }
}

/// A begun module first (lessons read, test not passed), in catalogue order; else the first
/// module the next level misses; else the first module not passed.
async fn next_step(
    ctx: &AppContext,
    me: &CurrentUser,
    entries: &[CatalogueEntry],
    next_level: Option<&LevelProgress>,
) -> Result<Option<NextStep>, AppError> {
    let begun = entries.iter().find(|e| !e.passed && e.lessons_read > 0);
    if let Some(entry) = begun {
        let module = crate::learning::server::module(ctx, me, entry.id.clone()).await?;
        let link = ModuleLink {
            id: entry.id.clone(),
            title: entry.title.clone(),
        };
        return Ok(Some(match module.resume {
            Some(slug) => {
                let position = module
                    .lessons
                    .iter()
                    .position(|l| l.slug == slug)
                    .unwrap_or_default();
                NextStep::Lesson {
                    module: link,
                    title: module
                        .lessons
                        .get(position)
                        .map(|l| l.title.clone())
                        .unwrap_or_default(),
                    slug,
                    position: position + 1,
                    total: module.lessons.len(),
                }
            }
            None => NextStep::Quiz { module: link },
        }));
    }
    let wanted = next_level
        .and_then(|level| level.missing.first())
        .and_then(|m| entries.iter().find(|e| e.id == m.id))
        .or_else(|| entries.iter().find(|e| !e.passed));
    Ok(wanted.map(|entry| NextStep::Start {
        module: ModuleLink {
            id: entry.id.clone(),
            title: entry.title.clone(),
        },
        minutes: entry.duration_minutes,
    }))
}

/// The open work of the roles other than learner: what waits, and where.
async fn work(ctx: &AppContext, me: &CurrentUser) -> Result<Vec<WorkItem>, AppError> {
    let mut items = Vec::new();
    if me.has(Role::Scout) {
        let open = help_request::Entity::find()
            .filter(help_request::Column::ScoutId.eq(me.id))
            .filter(help_request::Column::Status.eq(crate::scouts::RequestStatus::Open.as_str()))
            .count(&ctx.read)
            .await?;
        items.push(WorkItem {
            key: "dashboard-work-scout-requests".into(),
            href: "/scouts/profile".into(),
            count: Some(open),
        });
        let upcoming = help_request::Entity::find()
            .filter(help_request::Column::ScoutId.eq(me.id))
            .filter(
                help_request::Column::Status.eq(crate::scouts::RequestStatus::Accepted.as_str()),
            )
            .filter(help_request::Column::MeetingAt.gte(ctx.now()))
            .count(&ctx.read)
            .await?;
        items.push(WorkItem {
            key: "dashboard-work-scout-meetings".into(),
            href: "/scouts/profile".into(),
            count: Some(upcoming),
        });
    }
    if me.has(Role::Hr) {
        let waiting = employee_import::Entity::find()
            .filter(employee_import::Column::AppliedAt.is_null())
            .filter(
                employee_import::Column::CreatedAt
                    .gte(ctx.now() - Duration::days(IMPORT_WAITING_DAYS)),
            )
            .count(&ctx.read)
            .await?;
        items.push(WorkItem {
            key: "dashboard-work-hr-imports".into(),
            href: "/organisation/import".into(),
            count: Some(waiting),
        });
        items.push(WorkItem {
            key: "dashboard-work-hr-reports".into(),
            href: "/reports".into(),
            count: None,
        });
    }
    if me.has(Role::Admin) {
        let open = data_request::Entity::find()
            .filter(data_request::Column::Status.eq(data_request::STATUS_OPEN))
            .count(&ctx.read)
            .await?;
        items.push(WorkItem {
            key: "dashboard-work-admin-data-requests".into(),
            href: "/admin/data-requests".into(),
            count: Some(open),
        });
        let barriers = barrier_report::Entity::find()
            .filter(barrier_report::Column::Status.eq(barrier_report::STATUS_OPEN))
            .count(&ctx.read)
            .await?;
        items.push(WorkItem {
            key: "dashboard-work-admin-barriers".into(),
            href: "/admin/barriers".into(),
            count: Some(barriers),
        });
        items.push(WorkItem {
            key: "dashboard-work-admin-users".into(),
            href: "/admin/users".into(),
            count: None,
        });
    }
    if me.has(Role::Auditor) {
        items.push(WorkItem {
            key: "dashboard-work-auditor".into(),
            href: "/audit".into(),
            count: None,
        });
    }
    Ok(items)
}
