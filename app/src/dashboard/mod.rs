//! The start page as a dashboard: for a learner the way to the Führerschein (the next level and
//! what it still needs, where to go on, open targets, refreshers that fall due, the next office
//! hour or workshop) and for scouts, HR, administrators and auditors their own open work. Every
//! part comes from the feature that owns it; this module only gathers and shows them, and no
//! feature depends on it.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A module named by id and title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleLink {
    pub id: String,
    pub title: String,
}

/// The next level of the Führerschein a learner has not reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelProgress {
    pub title: String,
    /// Modules counted towards the level so far, and how many it takes.
    pub done: u32,
    pub total: u32,
    pub missing: Vec<ModuleLink>,
    pub electives_missing: u32,
    /// A level that must be reached first, by title.
    pub requires: Option<String>,
}

/// A level the learner holds a certificate for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachedLevel {
    pub title: String,
    /// Formatted for the viewer.
    pub valid_until: Option<String>,
}

/// Where the learner goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextStep {
    /// Reading a module that is begun: the first lesson not read yet.
    Lesson {
        module: ModuleLink,
        slug: String,
        title: String,
        /// 1-based.
        position: usize,
        total: usize,
    },
    /// Every lesson is read, the test is not passed yet.
    Quiz { module: ModuleLink },
    /// Nothing begun: the first module the learner still needs.
    Start { module: ModuleLink, minutes: u32 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenTarget {
    pub competence: String,
    pub level: u8,
    /// A module that meets it.
    pub module: Option<ModuleLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refresher {
    pub module: ModuleLink,
    /// Formatted for the viewer.
    pub due: String,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingKind {
    OfficeHour,
    Workshop,
}

/// The next office hour or workshop: one the learner booked, else the next with free places.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextMeeting {
    pub kind: MeetingKind,
    /// The workshop's title, or the scout holding the office hour.
    pub title: String,
    /// Formatted for the viewer.
    pub when: String,
    pub place: String,
    pub booked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerDashboard {
    pub next_level: Option<LevelProgress>,
    pub reached: Vec<ReachedLevel>,
    pub next_step: Option<NextStep>,
    pub open_targets: Vec<OpenTarget>,
    pub targets_total: usize,
    pub refreshers: Vec<Refresher>,
    pub next_meeting: Option<NextMeeting>,
}

/// One piece of a role's own work: a catalogue key for its sentence (with `$count`), the page
/// where it is done, and how many are waiting (none: a standing task, shown as a link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub key: String,
    pub href: String,
    pub count: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub learner: Option<LearnerDashboard>,
    pub work: Vec<WorkItem>,
}

#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::dashboard(ctx, me).await).await
}
