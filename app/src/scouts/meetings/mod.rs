//! Office hours and workshops of the digital scouts: scouts publish weekly office hours and
//! announce workshops on a module; colleagues book a place or register, get a calendar
//! invitation, and a reminder the day before an office hour.

// A workshop announcement is one form with nine fields; its server function takes them as they
// come, and the macro-generated client side cannot carry a local allow.
#![allow(clippy::too_many_arguments)]

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// One session of an office hour, as a colleague sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub office_hour: Uuid,
    /// RFC 3339, identifies the session in the booking form.
    pub starts_at: String,
    pub when: String,
    pub minutes: u32,
    pub scout: String,
    pub place: String,
    pub free: u32,
    /// The viewer's booking, if they have one.
    pub booking: Option<Uuid>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkshopCard {
    pub id: Uuid,
    pub title: String,
    pub module: String,
    pub description: String,
    pub scout: String,
    /// RFC 3339, for ordering.
    pub starts_at: String,
    pub when: String,
    pub minutes: u32,
    pub place: String,
    /// The unit it is for, or `None` for everyone.
    pub audience: Option<String>,
    pub free: u32,
    /// The viewer's registration, if they have one.
    pub registration: Option<Uuid>,
}

/// Office hours and workshops open to the viewer, next two weeks / upcoming.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meetings {
    pub sessions: Vec<Session>,
    pub workshops: Vec<WorkshopCard>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoutSlot {
    pub id: Uuid,
    pub weekday: u32,
    pub time: String,
    pub minutes: u32,
    pub capacity: u32,
    pub place: String,
    /// Upcoming sessions with the names of who booked.
    pub sessions: Vec<(String, Vec<String>)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registrant {
    pub registration: Uuid,
    pub name: String,
    pub attended: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoutWorkshop {
    pub id: Uuid,
    pub title: String,
    pub when: String,
    pub place: String,
    pub capacity: u32,
    /// Attendance can be recorded once it has begun.
    pub begun: bool,
    pub registrants: Vec<Registrant>,
}

/// The scout's own office hours and workshops, with what the forms need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoutMeetings {
    pub slots: Vec<ScoutSlot>,
    pub workshops: Vec<ScoutWorkshop>,
    /// (id, title)
    pub modules: Vec<(String, String)>,
    pub departments: Vec<crate::organisation::DepartmentRow>,
}

#[server(endpoint = "meetings/mine")]
pub async fn load_meetings() -> Result<Meetings, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::meetings(ctx, me).await).await
}

#[server(endpoint = "meetings/book")]
pub async fn book_session(office_hour: String, starts_at: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::book(ctx, me, office_hour, starts_at).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "meetings/cancel-booking")]
pub async fn cancel_booking(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::cancel_booking(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "meetings/register")]
pub async fn register_workshop(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::register(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "meetings/unregister")]
pub async fn cancel_registration(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::unregister(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "meetings/scout")]
pub async fn load_scout_meetings() -> Result<ScoutMeetings, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::scout_meetings(ctx, me).await).await
}

#[server(endpoint = "meetings/office-hour/add")]
pub async fn add_office_hour(
    weekday: String,
    time: String,
    minutes: String,
    capacity: String,
    place: String,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::add_office_hour(ctx, me, weekday, time, minutes, capacity, place).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Ends an office hour; the booked places in coming sessions are cancelled, so the form's box
/// `confirm` must be ticked.
#[server(endpoint = "meetings/office-hour/remove")]
pub async fn remove_office_hour(id: String, confirm: Option<String>) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        // The role first: whoever may not remove office hours gets 403, not a word about the box.
        me.require_any(&[crate::auth::Role::Scout])?;
        crate::ui::require_confirmation("confirm", confirm.as_deref())?;
        server::remove_office_hour(ctx, me, id).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "meetings/workshop/announce")]
pub async fn announce_workshop(
    module: String,
    title: String,
    description: String,
    date: String,
    time: String,
    minutes: String,
    place: String,
    department: Option<String>,
    capacity: String,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::announce(
            ctx,
            me,
            module,
            title,
            description,
            date,
            time,
            minutes,
            place,
            department,
            capacity,
        )
        .await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Records who came: the registrations listed attended, the others did not.
#[server(endpoint = "meetings/workshop/attendance")]
pub async fn set_attendance(
    id: String,
    #[server(default)] attended: Vec<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::attendance(ctx, me, id, attended).await)
        .await
        .map(|to| crate::context::redirect(&to))
}
