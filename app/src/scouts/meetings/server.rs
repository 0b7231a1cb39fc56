//! Office hours, bookings, workshops and registrations in the database.

use crate::content::HasContent;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Days, Duration, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Berlin;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::{Meetings, Registrant, ScoutMeetings, ScoutSlot, ScoutWorkshop, Session, WorkshopCard};
use crate::auth::{CurrentUser, Role};
use crate::context::AppContext;
use crate::db::{
    department, office_hour, office_hour_booking, user, workshop, workshop_registration,
};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::i18n::format::local_date_time;
use crate::mail::{self, MailAttachment, OutgoingMail};
use crate::scouts::ics::Invitation;
use crate::scouts::server::users_by_id;

/// Colleagues see and book office hours this many days ahead.
const BOOKING_DAYS: u64 = 14;

/// A whole number in `range`, or `key` recorded against `field`.
fn number(
    v: &mut Validation,
    value: &str,
    field: &str,
    range: std::ops::RangeInclusive<i32>,
    key: &str,
) -> Option<i32> {
    let number = value
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|n| range.contains(n));
    v.check(number.is_some(), field, key);
    number
}

/// A required text of at most `max` characters, trimmed.
fn text(v: &mut Validation, value: &str, field: &str, max: usize) -> String {
    let value = value.trim().to_owned();
    v.require(&value, field);
    v.max_chars(&value, max, field);
    value
}

/// The sessions of an office hour from `now` on, for the next two weeks.
fn sessions_of(slot: &office_hour::Model, now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let today = now.with_timezone(&Berlin).date_naive();
    let time =
        NaiveTime::from_num_seconds_from_midnight_opt((slot.start_minute.max(0) as u32) * 60, 0)
            .unwrap_or(NaiveTime::MIN);
    (0..BOOKING_DAYS)
        .filter_map(|d| today.checked_add_days(Days::new(d)))
        .filter(|day| day.weekday().number_from_monday() as i32 == slot.weekday)
        .filter_map(|day| Berlin.from_local_datetime(&day.and_time(time)).earliest())
        .map(|at| at.with_timezone(&Utc))
        .filter(|at| *at > now)
        .collect()
}

/// Units at and above `unit`: a workshop for any of them is open to its people.
async fn unit_and_parents(
    db: &impl ConnectionTrait,
    unit: Option<Uuid>,
) -> Result<HashSet<Uuid>, AppError> {
    let parents: HashMap<Uuid, Option<Uuid>> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.parent_id))
        .collect();
    let mut found = HashSet::new();
    let mut cursor = unit;
    while let Some(current) = cursor {
        if !found.insert(current) {
            break;
        }
        cursor = parents.get(&current).copied().flatten();
    }
    Ok(found)
}

fn module_title(ctx: &AppContext, locale: Locale, id: &str) -> String {
    ctx.content()
        .module(id)
        .map(|m| m.title.get(locale).to_owned())
        .unwrap_or_else(|| id.to_owned())
}

async fn active_bookings(
    db: &impl ConnectionTrait,
    slots: Vec<Uuid>,
) -> Result<Vec<office_hour_booking::Model>, AppError> {
    Ok(office_hour_booking::Entity::find()
        .filter(office_hour_booking::Column::OfficeHourId.is_in(slots))
        .filter(office_hour_booking::Column::CancelledAt.is_null())
        .all(db)
        .await?)
}

pub async fn meetings(ctx: &AppContext, me: &CurrentUser) -> Result<Meetings, AppError> {
    let now = ctx.now();
    let slots = office_hour::Entity::find()
        .filter(office_hour::Column::RemovedAt.is_null())
        .all(&ctx.db)
        .await?;
    let bookings = active_bookings(&ctx.db, slots.iter().map(|s| s.id).collect()).await?;
    let people = users_by_id(&ctx.db, slots.iter().map(|s| s.scout_id)).await?;
    let mut sessions: Vec<Session> = Vec::new();
    for slot in &slots {
        let Some(scout) = people.get(&slot.scout_id).filter(|u| u.active) else {
            continue;
        };
        for at in sessions_of(slot, now) {
            let taken: Vec<&office_hour_booking::Model> = bookings
                .iter()
                .filter(|b| b.office_hour_id == slot.id && b.starts_at == at)
                .collect();
            sessions.push(Session {
                office_hour: slot.id,
                starts_at: at.to_rfc3339(),
                when: local_date_time(me.locale, at),
                minutes: slot.minutes.max(0) as u32,
                scout: scout.display_name.clone(),
                place: slot.place.clone(),
                free: (slot.capacity - taken.len() as i32).max(0) as u32,
                booking: taken.iter().find(|b| b.user_id == me.id).map(|b| b.id),
            });
        }
    }
    sessions.sort_by(|a, b| {
        a.starts_at
            .cmp(&b.starts_at)
            .then_with(|| a.scout.cmp(&b.scout))
    });

    let account = user::Entity::find_by_id(me.id).one(&ctx.db).await?;
    let mine = unit_and_parents(&ctx.db, account.and_then(|a| a.department_id)).await?;
    let units: HashMap<Uuid, String> = department::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let upcoming = workshop::Entity::find()
        .filter(workshop::Column::CancelledAt.is_null())
        .filter(workshop::Column::StartsAt.gt(now))
        .order_by_asc(workshop::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let registrations = workshop_registration::Entity::find()
        .filter(
            workshop_registration::Column::WorkshopId
                .is_in(upcoming.iter().map(|w| w.id).collect::<Vec<_>>()),
        )
        .filter(workshop_registration::Column::CancelledAt.is_null())
        .all(&ctx.db)
        .await?;
    let hosts = users_by_id(&ctx.db, upcoming.iter().map(|w| w.scout_id)).await?;
    let workshops = upcoming
        .into_iter()
        .filter(|w| w.department_id.is_none_or(|unit| mine.contains(&unit)))
        .map(|w| {
            let taken: Vec<&workshop_registration::Model> = registrations
                .iter()
                .filter(|r| r.workshop_id == w.id)
                .collect();
            WorkshopCard {
                id: w.id,
                module: module_title(ctx, me.locale, &w.module_id),
                description: w.description.clone(),
                scout: hosts
                    .get(&w.scout_id)
                    .map(|u| u.display_name.clone())
                    .unwrap_or_default(),
                starts_at: w.starts_at.to_rfc3339(),
                when: local_date_time(me.locale, w.starts_at),
                minutes: w.minutes.max(0) as u32,
                place: w.place.clone(),
                audience: w.department_id.and_then(|d| units.get(&d).cloned()),
                free: (w.capacity - taken.len() as i32).max(0) as u32,
                registration: taken.iter().find(|r| r.user_id == me.id).map(|r| r.id),
                title: w.title,
            }
        })
        .collect();
    Ok(Meetings {
        sessions,
        workshops,
    })
}

/// A calendar invitation (or cancellation) for a booking or registration.
#[allow(clippy::too_many_arguments)]
async fn mail_session(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    kind: &str,
    key: String,
    uid: String,
    attendee: &user::Model,
    host: &user::Model,
    title: &str,
    start: DateTime<Utc>,
    minutes: u32,
    place: &str,
) -> Result<(), AppError> {
    let locale = Locale::from_code(&attendee.locale).unwrap_or_default();
    // `cancelled`: the colleague cancelled; `withdrawn`: the scout no longer offers the session.
    let cancelled = matches!(kind, "cancelled" | "withdrawn");
    let invitation = Invitation {
        uid,
        sequence: u32::from(cancelled),
        stamp: ctx.now(),
        start,
        minutes,
        summary: title.to_owned(),
        description: format!("{}/scouts", ctx.settings.base_url),
        location: place.to_owned(),
        organizer: (host.display_name.clone(), host.email.clone()),
        attendee: (attendee.display_name.clone(), attendee.email.clone()),
        cancelled,
    };
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: attendee.email.clone(),
            person: attendee.id,
            locale,
            template: "session",
            context: serde_json::json!({
                "kind": kind,
                "name": attendee.display_name,
                "title": title,
                "host": host.display_name,
                "when": local_date_time(locale, start),
                "minutes": minutes,
                "place": place,
                "link": format!("{}/scouts", ctx.settings.base_url),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(key),
            list_unsubscribe: None,
            attachment: (kind != "reminder").then(|| MailAttachment {
                filename: "termin.ics".to_owned(),
                content_type: format!(
                    "text/calendar; charset=UTF-8; method={}",
                    if cancelled { "CANCEL" } else { "REQUEST" }
                ),
                bytes: invitation.to_ics().into_bytes(),
            }),
        },
    )
    .await?;
    Ok(())
}

/// The mail about one booking (`booked`, `cancelled`, `withdrawn` or `reminder`) to the person
/// who booked.
async fn mail_booking(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    kind: &str,
    booking: &office_hour_booking::Model,
    slot: &office_hour::Model,
) -> Result<(), AppError> {
    let people = users_by_id(txn, [booking.user_id, slot.scout_id]).await?;
    let (Some(attendee), Some(host)) = (people.get(&booking.user_id), people.get(&slot.scout_id))
    else {
        return Ok(());
    };
    let locale = Locale::from_code(&attendee.locale).unwrap_or_default();
    let title = crate::i18n::I18n { locale }.t_args(
        "meetings-office-hour-summary",
        [("name", host.display_name.clone().into())],
    );
    mail_session(
        txn,
        ctx,
        kind,
        format!("office-hour-{kind}-{}", booking.id),
        format!("{}@{}", booking.id, ctx.settings.mail_domain),
        attendee,
        host,
        &title,
        booking.starts_at,
        slot.minutes.max(0) as u32,
        &slot.place,
    )
    .await
}

pub async fn book(
    ctx: &AppContext,
    me: &CurrentUser,
    office_hour_id: String,
    starts_at: String,
) -> Result<String, AppError> {
    let slot_id = AppError::parse_id(&office_hour_id)?;
    let starts: DateTime<Utc> = DateTime::parse_from_rfc3339(starts_at.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| AppError::NotFound)?;
    let txn = ctx.db.begin().await?;
    let slot = office_hour::Entity::find_by_id(slot_id)
        .filter(office_hour::Column::RemovedAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !sessions_of(&slot, ctx.now()).contains(&starts) {
        return Err(AppError::Conflict("meetings-session-gone".to_owned()));
    }
    let taken: Vec<office_hour_booking::Model> = office_hour_booking::Entity::find()
        .filter(office_hour_booking::Column::OfficeHourId.eq(slot.id))
        .filter(office_hour_booking::Column::StartsAt.eq(starts))
        .filter(office_hour_booking::Column::CancelledAt.is_null())
        .all(&txn)
        .await?;
    if taken.iter().any(|b| b.user_id == me.id) {
        return Err(AppError::Conflict("meetings-already-booked".to_owned()));
    }
    if taken.len() as i32 >= slot.capacity {
        return Err(AppError::Conflict("meetings-session-full".to_owned()));
    }
    let booking = office_hour_booking::ActiveModel {
        id: Set(Uuid::new_v4()),
        office_hour_id: Set(slot.id),
        user_id: Set(me.id),
        starts_at: Set(starts),
        created_at: Set(ctx.now()),
        cancelled_at: Set(None),
        reminded_at: Set(None),
    }
    .insert(&txn)
    .await?;
    mail_booking(&txn, ctx, "booked", &booking, &slot).await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from("/scouts?booked=1"))
}

pub async fn cancel_booking(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<String, AppError> {
    let id = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let booking = office_hour_booking::Entity::find_by_id(id)
        .filter(office_hour_booking::Column::UserId.eq(me.id))
        .filter(office_hour_booking::Column::CancelledAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let slot = office_hour::Entity::find_by_id(booking.office_hour_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut active: office_hour_booking::ActiveModel = booking.clone().into();
    active.cancelled_at = Set(Some(ctx.now()));
    active.update(&txn).await?;
    if booking.starts_at > ctx.now() {
        mail_booking(&txn, ctx, "cancelled", &booking, &slot).await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from("/scouts?cancelled=1"))
}

/// Reminds everyone booked for an office hour tomorrow (Berlin), once per booking.
pub async fn send_session_reminders(ctx: &AppContext) -> Result<usize, AppError> {
    let now = ctx.now();
    let tomorrow = now.with_timezone(&Berlin).date_naive() + Days::new(1);
    let due: Vec<office_hour_booking::Model> = office_hour_booking::Entity::find()
        .filter(office_hour_booking::Column::CancelledAt.is_null())
        .filter(office_hour_booking::Column::RemindedAt.is_null())
        .filter(office_hour_booking::Column::StartsAt.gt(now))
        .filter(office_hour_booking::Column::StartsAt.lt(now + Duration::days(3)))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|b| b.starts_at.with_timezone(&Berlin).date_naive() == tomorrow)
        .collect();
    let mut sent = 0;
    for booking in due {
        let txn = ctx.db.begin().await?;
        let claimed = office_hour_booking::Entity::update_many()
            .col_expr(
                office_hour_booking::Column::RemindedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(office_hour_booking::Column::Id.eq(booking.id))
            .filter(office_hour_booking::Column::RemindedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let Some(slot) = office_hour::Entity::find_by_id(booking.office_hour_id)
            .one(&txn)
            .await?
        else {
            continue;
        };
        mail_booking(&txn, ctx, "reminder", &booking, &slot).await?;
        sent += 1;
        txn.commit().await?;
    }
    if sent > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(sent)
}

// ---------------------------------------------------------------------------------------------
// Workshops

pub async fn register(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    let id = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let event = workshop::Entity::find_by_id(id)
        .filter(workshop::Column::CancelledAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let account = user::Entity::find_by_id(me.id).one(&txn).await?;
    if let Some(unit) = event.department_id
        && !unit_and_parents(&txn, account.and_then(|a| a.department_id))
            .await?
            .contains(&unit)
    {
        return Err(AppError::NotFound);
    }
    if event.starts_at <= ctx.now() {
        return Err(AppError::Conflict("meetings-workshop-begun".to_owned()));
    }
    let taken = workshop_registration::Entity::find()
        .filter(workshop_registration::Column::WorkshopId.eq(event.id))
        .filter(workshop_registration::Column::CancelledAt.is_null())
        .all(&txn)
        .await?;
    if taken.iter().any(|r| r.user_id == me.id) {
        return Err(AppError::Conflict("meetings-already-registered".to_owned()));
    }
    if taken.len() as i32 >= event.capacity {
        return Err(AppError::Conflict("meetings-workshop-full".to_owned()));
    }
    let registration = Uuid::new_v4();
    workshop_registration::ActiveModel {
        id: Set(registration),
        workshop_id: Set(event.id),
        user_id: Set(me.id),
        registered_at: Set(ctx.now()),
        cancelled_at: Set(None),
        attended: Set(None),
    }
    .insert(&txn)
    .await?;
    let people = users_by_id(&txn, [me.id, event.scout_id]).await?;
    if let (Some(attendee), Some(host)) = (people.get(&me.id), people.get(&event.scout_id)) {
        mail_session(
            &txn,
            ctx,
            "workshop",
            format!("workshop-registered-{registration}"),
            format!("{registration}@{}", ctx.settings.mail_domain),
            attendee,
            host,
            &event.title,
            event.starts_at,
            event.minutes.max(0) as u32,
            &event.place,
        )
        .await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from("/scouts?registered=1"))
}

pub async fn unregister(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<String, AppError> {
    let id = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let registration = workshop_registration::Entity::find_by_id(id)
        .filter(workshop_registration::Column::UserId.eq(me.id))
        .filter(workshop_registration::Column::CancelledAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut active: workshop_registration::ActiveModel = registration.into();
    active.cancelled_at = Set(Some(ctx.now()));
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(String::from("/scouts?unregistered=1"))
}

// ---------------------------------------------------------------------------------------------
// The scout's side

pub async fn scout_meetings(ctx: &AppContext, me: &CurrentUser) -> Result<ScoutMeetings, AppError> {
    me.require_any(&[Role::Scout])?;
    let now = ctx.now();
    let slots = office_hour::Entity::find()
        .filter(office_hour::Column::ScoutId.eq(me.id))
        .filter(office_hour::Column::RemovedAt.is_null())
        .order_by_asc(office_hour::Column::Weekday)
        .order_by_asc(office_hour::Column::StartMinute)
        .all(&ctx.db)
        .await?;
    let bookings = active_bookings(&ctx.db, slots.iter().map(|s| s.id).collect()).await?;
    let workshops = workshop::Entity::find()
        .filter(workshop::Column::ScoutId.eq(me.id))
        .filter(workshop::Column::CancelledAt.is_null())
        .order_by_desc(workshop::Column::StartsAt)
        .all(&ctx.db)
        .await?;
    let registrations = workshop_registration::Entity::find()
        .filter(
            workshop_registration::Column::WorkshopId
                .is_in(workshops.iter().map(|w| w.id).collect::<Vec<_>>()),
        )
        .filter(workshop_registration::Column::CancelledAt.is_null())
        .all(&ctx.db)
        .await?;
    let people = users_by_id(
        &ctx.db,
        bookings
            .iter()
            .map(|b| b.user_id)
            .chain(registrations.iter().map(|r| r.user_id)),
    )
    .await?;
    let name = |id: &Uuid| {
        people
            .get(id)
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    };
    Ok(ScoutMeetings {
        slots: slots
            .iter()
            .map(|slot| ScoutSlot {
                id: slot.id,
                weekday: slot.weekday.clamp(1, 7) as u32,
                time: format!(
                    "{:02}:{:02}",
                    slot.start_minute / 60,
                    slot.start_minute % 60
                ),
                minutes: slot.minutes.max(0) as u32,
                capacity: slot.capacity.max(0) as u32,
                place: slot.place.clone(),
                sessions: sessions_of(slot, now)
                    .into_iter()
                    .map(|at| {
                        let mut who: Vec<String> = bookings
                            .iter()
                            .filter(|b| b.office_hour_id == slot.id && b.starts_at == at)
                            .map(|b| name(&b.user_id))
                            .collect();
                        who.sort();
                        (local_date_time(me.locale, at), who)
                    })
                    .collect(),
            })
            .collect(),
        workshops: workshops
            .into_iter()
            .map(|w| ScoutWorkshop {
                id: w.id,
                when: local_date_time(me.locale, w.starts_at),
                place: w.place.clone(),
                capacity: w.capacity.max(0) as u32,
                begun: w.starts_at <= now,
                registrants: registrations
                    .iter()
                    .filter(|r| r.workshop_id == w.id)
                    .map(|r| Registrant {
                        registration: r.id,
                        name: name(&r.user_id),
                        attended: r.attended,
                    })
                    .collect(),
                title: w.title,
            })
            .collect(),
        modules: ctx
            .content()
            .modules
            .iter()
            .map(|m| (m.id.clone(), m.title.get(me.locale).to_owned()))
            .collect(),
        departments: crate::organisation::server::list_rows(&ctx.db).await?,
    })
}

pub async fn add_office_hour(
    ctx: &AppContext,
    me: &CurrentUser,
    weekday: String,
    time: String,
    minutes: String,
    capacity: String,
    place: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let mut v = Validation::new();
    let weekday = number(&mut v, &weekday, "weekday", 1..=7, "field-invalid-choice");
    let start = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map(|t| (t.num_seconds_from_midnight() / 60) as i32)
        .ok();
    v.check(start.is_some(), "time", "field-invalid-time");
    let minutes = number(
        &mut v,
        &minutes,
        "minutes",
        10..=240,
        "scouts-meeting-minutes-range",
    );
    let capacity = number(
        &mut v,
        &capacity,
        "capacity",
        1..=50,
        "meetings-capacity-range",
    );
    let place = text(&mut v, &place, "place", 200);
    let (weekday, start, minutes, capacity) = v.finish_with(
        weekday
            .zip(start)
            .zip(minutes.zip(capacity))
            .map(|((weekday, start), (minutes, capacity))| (weekday, start, minutes, capacity)),
    )?;
    office_hour::ActiveModel {
        id: Set(Uuid::new_v4()),
        scout_id: Set(me.id),
        weekday: Set(weekday),
        start_minute: Set(start),
        minutes: Set(minutes),
        capacity: Set(capacity),
        place: Set(place),
        created_at: Set(ctx.now()),
        removed_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    Ok(String::from("/scouts/profile/meetings?office_hour=1"))
}

pub async fn remove_office_hour(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let id = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let slot = office_hour::Entity::find_by_id(id)
        .filter(office_hour::Column::ScoutId.eq(me.id))
        .filter(office_hour::Column::RemovedAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = ctx.now();
    let mut active: office_hour::ActiveModel = slot.clone().into();
    active.removed_at = Set(Some(now));
    active.update(&txn).await?;
    // Places already booked in coming sessions are cancelled, and their holders told.
    for booking in office_hour_booking::Entity::find()
        .filter(office_hour_booking::Column::OfficeHourId.eq(slot.id))
        .filter(office_hour_booking::Column::CancelledAt.is_null())
        .filter(office_hour_booking::Column::StartsAt.gt(now))
        .all(&txn)
        .await?
    {
        let mut cancelled: office_hour_booking::ActiveModel = booking.clone().into();
        cancelled.cancelled_at = Set(Some(now));
        cancelled.update(&txn).await?;
        mail_booking(&txn, ctx, "withdrawn", &booking, &slot).await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from(
        "/scouts/profile/meetings?office_hour_removed=1",
    ))
}

#[allow(clippy::too_many_arguments)]
pub async fn announce(
    ctx: &AppContext,
    me: &CurrentUser,
    module: String,
    title: String,
    description: String,
    date: String,
    time: String,
    minutes: String,
    place: String,
    department: Option<String>,
    capacity: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let mut v = Validation::new();
    v.check(
        ctx.content().module(module.trim()).is_some(),
        "module",
        "field-invalid-choice",
    );
    let title = text(&mut v, &title, "title", 200);
    let description = description.trim().to_owned();
    v.max_chars(&description, 2000, "description");
    // The time in the past is only worth saying about a date and time that exist.
    let starts = v.value(crate::scouts::server::local_instant(&date, &time))?;
    if let Some(starts) = starts {
        v.check(starts > ctx.now(), "date", "scouts-meeting-in-past");
    }
    let minutes = number(
        &mut v,
        &minutes,
        "minutes",
        10..=480,
        "meetings-workshop-minutes-range",
    );
    let place = text(&mut v, &place, "place", 200);
    let capacity = number(
        &mut v,
        &capacity,
        "capacity",
        1..=500,
        "meetings-capacity-range",
    );
    let department = match department
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => None,
        Some(unit) => {
            let unit = unit.parse::<Uuid>().ok();
            let known = match unit {
                Some(unit) => department::Entity::find_by_id(unit)
                    .one(&ctx.db)
                    .await?
                    .is_some(),
                None => false,
            };
            v.check(known, "department", "field-invalid-choice");
            unit
        }
    };
    let (starts, minutes, capacity) = v.finish_with(
        starts
            .zip(minutes)
            .zip(capacity)
            .map(|((starts, minutes), capacity)| (starts, minutes, capacity)),
    )?;
    workshop::ActiveModel {
        id: Set(Uuid::new_v4()),
        scout_id: Set(me.id),
        module_id: Set(module.trim().to_owned()),
        title: Set(title),
        description: Set(description),
        starts_at: Set(starts),
        minutes: Set(minutes),
        place: Set(place),
        department_id: Set(department),
        capacity: Set(capacity),
        created_at: Set(ctx.now()),
        cancelled_at: Set(None),
    }
    .insert(&ctx.db)
    .await?;
    Ok(String::from("/scouts/profile/meetings?workshop=1"))
}

pub async fn attendance(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    attended: Vec<String>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let id = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let event = workshop::Entity::find_by_id(id)
        .filter(workshop::Column::ScoutId.eq(me.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if event.starts_at > ctx.now() {
        return Err(AppError::Conflict("meetings-workshop-not-begun".to_owned()));
    }
    let present: HashSet<Uuid> = attended
        .iter()
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    for registration in workshop_registration::Entity::find()
        .filter(workshop_registration::Column::WorkshopId.eq(event.id))
        .filter(workshop_registration::Column::CancelledAt.is_null())
        .all(&txn)
        .await?
    {
        let came = present.contains(&registration.id);
        let mut active: workshop_registration::ActiveModel = registration.into();
        active.attended = Set(Some(came));
        active.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(String::from("/scouts/profile/meetings?attendance=1"))
}
