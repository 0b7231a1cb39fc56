//! The digital scouts network: scout profiles and coverage, "Meine Digitalscouts", help
//! requests from asking to feedback, and the progress a colleague chooses to share with a scout.
//!
//! A scout sees what a colleague wrote in a request addressed to them, and the colleague's module
//! progress only while the colleague shares it. Nothing here is ever shown to HR or supervisors
//! per person.

#[cfg(feature = "ssr")]
pub mod board;
#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
pub mod matching;
pub mod meetings;
#[cfg(feature = "ssr")]
pub mod newsletter;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod workdays;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    InPerson,
    Phone,
    Video,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::InPerson, Channel::Phone, Channel::Video];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Phone => "phone",
            Channel::Video => "video",
        }
    }

    pub fn parse(value: &str) -> Option<Channel> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == value.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Channel::InPerson => "scouts-channel-in-person",
            Channel::Phone => "scouts-channel-phone",
            Channel::Video => "scouts-channel-video",
        }
    }

    /// Reads a stored comma-separated list, skipping what it does not know.
    pub fn parse_list(value: &str) -> Vec<Channel> {
        value.split(',').filter_map(Channel::parse).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    /// Waiting for the scout it is addressed to.
    Open,
    /// The scout took it and set a time.
    Accepted,
    /// The scout closed it after the meeting.
    Closed,
    /// Every fitting scout declined or let it lie; HR sees it as a gap in coverage.
    Unassigned,
    /// The colleague took it back.
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::Open,
        RequestStatus::Accepted,
        RequestStatus::Closed,
        RequestStatus::Unassigned,
        RequestStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Accepted => "accepted",
            RequestStatus::Closed => "closed",
            RequestStatus::Unassigned => "unassigned",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> RequestStatus {
        RequestStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .unwrap_or(RequestStatus::Open)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RequestStatus::Open => "scouts-status-open",
            RequestStatus::Accepted => "scouts-status-accepted",
            RequestStatus::Closed => "scouts-status-closed",
            RequestStatus::Unassigned => "scouts-status-unassigned",
            RequestStatus::Withdrawn => "scouts-status-withdrawn",
        }
    }

    /// Still waiting for, or with, a scout.
    pub fn is_active(self) -> bool {
        matches!(self, RequestStatus::Open | RequestStatus::Accepted)
    }
}

/// A scout as colleagues see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoutCard {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub about: String,
    pub channels: Vec<Channel>,
    pub languages: String,
    pub office_hours: String,
    /// Names of the units the scout serves.
    pub departments: Vec<String>,
    /// Titles of the topics the scout helps with.
    pub topics: Vec<String>,
    /// Serves the viewer's own unit.
    pub own_unit: bool,
    /// Has room for another request.
    pub available: bool,
    /// The viewer shares their module progress with this scout.
    pub shared: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicOption {
    pub id: String,
    pub title: String,
    /// One of the viewer's open targets.
    pub gap: bool,
}

/// One request in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: Uuid,
    pub topic: String,
    pub status: RequestStatus,
    /// The other party: the scout for the colleague, the colleague for the scout.
    pub counterpart: Option<String>,
    /// Day and time of asking, formatted for the viewer.
    pub created: String,
    pub meeting: Option<String>,
    pub needs_feedback: bool,
}

/// "Meine Digitalscouts".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyScouts {
    /// Best fit first: own unit and open targets.
    pub scouts: Vec<ScoutCard>,
    pub topics: Vec<TopicOption>,
    pub requests: Vec<RequestSummary>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleProgress {
    pub title: String,
    pub lessons_done: u32,
    pub lessons: u32,
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Date and time in Europe/Berlin, formatted for the viewer.
    pub when: String,
    pub minutes: u32,
    pub place: String,
    /// For the scheduling form: `YYYY-MM-DD` and `HH:MM` in Europe/Berlin.
    pub date_value: String,
    pub time_value: String,
}

/// One request as its two parties see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: Uuid,
    pub viewer_is_scout: bool,
    pub requester: String,
    /// None for a person without a mail address.
    pub requester_email: Option<String>,
    pub scout: Option<String>,
    pub topic: String,
    pub description: String,
    pub channel: Channel,
    pub preferred_times: String,
    pub status: RequestStatus,
    pub created: String,
    pub meeting: Option<Meeting>,
    pub rating: Option<u8>,
    pub feedback_comment: Option<String>,
    /// Only when the colleague shares their progress with the scout viewing it.
    pub progress: Option<Vec<ModuleProgress>>,
}

/// The scout's own profile, for editing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub about: String,
    pub channels: Vec<Channel>,
    pub languages: String,
    pub capacity: u32,
    pub office_hours: String,
    pub departments: Vec<Uuid>,
    pub topics: Vec<String>,
    pub all_departments: Vec<crate::organisation::DepartmentRow>,
    pub all_topics: Vec<TopicOption>,
    pub inbox: Vec<RequestSummary>,
    /// The scout's own figures.
    pub handled: u64,
    pub open: u64,
    pub median_answer_hours: Option<f64>,
    pub average_rating: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub department: crate::organisation::DepartmentRow,
    pub scouts: Vec<String>,
}

/// Which units have a scout (roles hr and admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub rows: Vec<CoverageRow>,
    /// Units without a scout.
    pub uncovered: u64,
    /// All scouts: (id, name, email if they have one).
    pub scouts: Vec<(Uuid, String, Option<String>)>,
    /// Requests nobody could take.
    pub unassigned: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostKind {
    Tip,
    Announcement,
}

impl PostKind {
    pub const ALL: [PostKind; 2] = [PostKind::Tip, PostKind::Announcement];

    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Tip => "tip",
            PostKind::Announcement => "announcement",
        }
    }

    pub fn parse(value: &str) -> Option<PostKind> {
        PostKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
    }

    pub fn label_key(self) -> &'static str {
        match self {
            PostKind::Tip => "board-kind-tip",
            PostKind::Announcement => "board-kind-announcement",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPost {
    pub id: Uuid,
    pub kind: PostKind,
    pub title: String,
    pub author: String,
    pub created: String,
    /// Rendered on the server from Markdown without any HTML of the author's (`board::render`).
    pub html: String,
    pub can_remove: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub posts: Vec<BoardPost>,
    pub can_post: bool,
}

#[server(endpoint = "scouts/board")]
pub async fn load_board() -> Result<Board, AppError> {
    crate::auth::server::as_user(async |ctx, me| board::board(ctx, me).await).await
}

#[server(endpoint = "scouts/board/post")]
pub async fn create_post(kind: String, title: String, body: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| board::post(ctx, me, kind, title, body).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "scouts/board/remove")]
pub async fn remove_post(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| board::remove(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// A figure of the impact report. Every figure is derived from counts released with
/// differential privacy (`crate::privacy`); margins hold the true value in about 9 of 10 cases
/// (0: exact). A figure that rests on too few people is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImpactFigure {
    /// A released count.
    About {
        value: u64,
        margin: u64,
    },
    /// A share in percent of two released counts; the margin in percentage points.
    Percent {
        value: u64,
        margin: u64,
    },
    /// An average of two released counts, to one decimal.
    Average {
        value: f64,
        margin: f64,
    },
    Suppressed,
    None,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImpactRow {
    pub department: String,
    /// Colleagues who asked (the group the other figures rest on).
    pub requesters: ImpactFigure,
    /// At most `Impact::clip` per person.
    pub requests: ImpactFigure,
    pub closed: ImpactFigure,
    /// Share of the requests with a first answer within 24 hours.
    pub answered_within_day: ImpactFigure,
    /// Average rating (1 to 5), each person's own average counting once.
    pub satisfaction: ImpactFigure,
}

/// What the scouts network achieved per unit in one calendar quarter (roles hr and admin).
/// Each quarter's figures are released once, with noise, and stay the same afterwards.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Impact {
    /// `2026-Q1`
    pub quarter: String,
    /// The complete quarters to choose from, newest first.
    pub quarters: Vec<String>,
    pub min_group_size: u64,
    /// Requests counted per person and quarter at most.
    pub clip: u64,
    pub rows: Vec<ImpactRow>,
}

#[server(endpoint = "scouts/impact")]
pub async fn load_impact(quarter: Option<String>) -> Result<Impact, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::impact(ctx, me, quarter).await).await
}

#[server(endpoint = "scouts/mine")]
pub async fn load_my_scouts() -> Result<MyScouts, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::my_scouts(ctx, me).await).await
}

/// Asks for help. `scout` is a scout's id, or empty to let matching choose.
#[server(endpoint = "scouts/ask")]
pub async fn ask_for_help(
    topic: String,
    description: String,
    channel: String,
    preferred_times: String,
    scout: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::ask(ctx, me, topic, description, channel, preferred_times, scout).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "scouts/request")]
pub async fn load_request(id: String) -> Result<RequestDetail, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::request_detail(ctx, me, id).await).await
}

/// The scout takes the request and sets (or moves) the meeting; both get a calendar invitation.
#[server(endpoint = "scouts/schedule")]
pub async fn schedule_request(
    id: String,
    date: String,
    time: String,
    minutes: String,
    place: String,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::schedule(ctx, me, id, date, time, minutes, place).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// The scout cannot help; the request passes to the next fitting scout.
#[server(endpoint = "scouts/decline")]
pub async fn decline_request(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::decline(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// The scout closes the request after the meeting; the colleague is asked for feedback.
#[server(endpoint = "scouts/close")]
pub async fn close_request(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::close(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// The colleague takes an open request back.
#[server(endpoint = "scouts/withdraw")]
pub async fn withdraw_request(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::withdraw(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "scouts/feedback")]
pub async fn give_feedback(id: String, rating: String, comment: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::feedback(ctx, me, id, rating, comment).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Lets a scout see the caller's module progress, or (`share = false`) stops it at once.
#[server(endpoint = "scouts/share")]
pub async fn set_progress_share(scout: String, share: bool) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::set_share(ctx, me, scout, share).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "scouts/profile")]
pub async fn load_profile() -> Result<ProfileForm, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::profile(ctx, me).await).await
}

#[server(endpoint = "scouts/profile/save")]
pub async fn save_profile(
    about: String,
    #[server(default)] channels: Vec<String>,
    languages: String,
    capacity: String,
    office_hours: String,
    #[server(default)] departments: Vec<String>,
    #[server(default)] topics: Vec<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::save_profile(
            ctx,
            me,
            about,
            channels,
            languages,
            capacity,
            office_hours,
            departments,
            topics,
        )
        .await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "scouts/coverage")]
pub async fn load_coverage() -> Result<Coverage, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::coverage(ctx, me).await).await
}

/// HR or an admin appoints a colleague (by email address) as scout for units.
#[server(endpoint = "scouts/appoint")]
pub async fn appoint_scout(
    email: String,
    #[server(default)] departments: Vec<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::appoint(ctx, me, email, departments).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// Dismisses a scout; the form's box `confirm` must be ticked (their role, units and open
/// requests go at once).
#[server(endpoint = "scouts/dismiss")]
pub async fn dismiss_scout(id: String, confirm: Option<String>) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        // The role first: whoever may not dismiss gets 403, not a word about the box.
        me.require_any(&[crate::auth::Role::Hr, crate::auth::Role::Admin])?;
        crate::ui::require_confirmation("confirm", confirm.as_deref())?;
        server::dismiss(ctx, me, id).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Whether the caller receives the monthly newsletter.
#[server(endpoint = "newsletter/setting")]
pub async fn load_newsletter_setting() -> Result<bool, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::newsletter_setting(ctx, me).await).await
}

#[server(endpoint = "newsletter/set")]
pub async fn set_newsletter(on: bool) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::set_newsletter(ctx, me, on).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

/// Whether the person behind a leave link still receives the newsletter (no login needed).
#[server(endpoint = "newsletter/link")]
pub async fn newsletter_link_state(token: String) -> Result<bool, AppError> {
    crate::auth::server::with_context(async |ctx| server::newsletter_link_state(ctx, token).await)
        .await
}

/// Leaves the newsletter by the link from the mail (no login needed).
#[server(endpoint = "newsletter/leave")]
pub async fn leave_newsletter(token: String) -> Result<(), AppError> {
    crate::auth::server::with_context(async |ctx| server::leave_newsletter(ctx, token).await)
        .await
        .map(|to| crate::context::redirect(&to))
}
