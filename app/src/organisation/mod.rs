//! The organisation: departments in a hierarchy (Dezernat → Fachbereich → Abteilung/Team).
//! HR, scouts and admins see the tree; only admins change it. HR and admins import the employee
//! list from the HR system (`import`).

#[cfg(feature = "ssr")]
pub mod import;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DepartmentKind {
    Dezernat,
    Fachbereich,
    Abteilung,
    Team,
    Stabsstelle,
}

impl DepartmentKind {
    pub const ALL: [DepartmentKind; 5] = [
        DepartmentKind::Dezernat,
        DepartmentKind::Fachbereich,
        DepartmentKind::Abteilung,
        DepartmentKind::Team,
        DepartmentKind::Stabsstelle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DepartmentKind::Dezernat => "dezernat",
            DepartmentKind::Fachbereich => "fachbereich",
            DepartmentKind::Abteilung => "abteilung",
            DepartmentKind::Team => "team",
            DepartmentKind::Stabsstelle => "stabsstelle",
        }
    }

    pub fn parse(value: &str) -> Option<DepartmentKind> {
        DepartmentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            DepartmentKind::Dezernat => "department-kind-dezernat",
            DepartmentKind::Fachbereich => "department-kind-fachbereich",
            DepartmentKind::Abteilung => "department-kind-abteilung",
            DepartmentKind::Team => "department-kind-team",
            DepartmentKind::Stabsstelle => "department-kind-stabsstelle",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentRow {
    pub id: Uuid,
    pub name: String,
    /// The HR system's code, e.g. `FB 20`.
    pub code: Option<String>,
    pub kind: DepartmentKind,
    pub parent_id: Option<Uuid>,
    /// 0 for a top-level unit; the list comes in tree order.
    pub depth: u32,
    /// Active accounts assigned directly to this unit.
    pub headcount: u64,
}

#[server(endpoint = "organisation/list")]
pub async fn list_departments() -> Result<Vec<DepartmentRow>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::list(ctx, me).await).await
}

#[server(endpoint = "organisation/create")]
pub async fn create_department(
    name: String,
    kind: String,
    parent_id: Option<String>,
    code: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::create(ctx, me, name, kind, parent_id, code).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "organisation/update")]
pub async fn update_department(
    id: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
    code: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::update(ctx, me, id, name, kind, parent_id, code).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Deletes an empty unit; the form's box `confirm` must be ticked.
#[server(endpoint = "organisation/delete")]
pub async fn delete_department(id: String, confirm: Option<String>) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::delete(ctx, me, id, confirm.as_deref()).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// A problem with one line of an employee list; `key` is a catalogue key, `args` its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub line: usize,
    pub key: String,
    pub args: Vec<(String, String)>,
}

/// One person of the file (or, for deactivations, of the database).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPerson {
    /// 0 for people who are not in the file.
    pub line: usize,
    pub personnel_number: String,
    pub name: String,
    pub email: String,
    pub department: String,
    pub job_family: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportChange {
    pub person: ImportPerson,
    pub before_department: String,
    /// `personnel_number`, `name`, `email`, `department`, `job_family`, `deactivated`,
    /// `reactivated`.
    pub changes: Vec<String>,
}

/// A row the import leaves alone because it would touch an account that only an administrator
/// may change: one with a role besides employee, or one whose login email would change after
/// it has been used (see `import::HeldReason`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportHeld {
    /// The file's line, or 0 (and the account's data) for an account missing from the file.
    pub person: ImportPerson,
    /// Catalogue keys, e.g. `import-held-email-used`.
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub created: u64,
    pub updated: u64,
    pub deactivated: u64,
    pub reactivated: u64,
    pub unchanged: u64,
    /// Rows left for an administrator (absent in summaries from before they existed).
    #[serde(default)]
    pub skipped: u64,
}

/// At most this many people of each list travel to the preview page; the totals are complete.
/// HR checks the counts and samples, not 20,000 table rows; the command line lists everything.
pub const IMPORT_PREVIEW_LIMIT: usize = 200;

/// The preview of an import. Each list holds at most `IMPORT_PREVIEW_LIMIT` entries; the
/// `*_total` fields count them all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: Uuid,
    pub file_name: String,
    pub encoding: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub rows: u64,
    pub problems: Vec<ImportProblem>,
    pub problems_total: u64,
    pub creates: Vec<ImportPerson>,
    pub creates_total: u64,
    pub updates: Vec<ImportChange>,
    pub updates_total: u64,
    pub deactivations: Vec<ImportPerson>,
    pub deactivations_total: u64,
    /// Rows that need an administrator; applying skips them.
    pub held: Vec<ImportHeld>,
    pub held_total: u64,
    pub unchanged: u64,
    /// Accounts active now, and how many of them the import would deactivate (people missing
    /// from the file and people marked inactive in it).
    pub active_accounts: u64,
    pub deactivating: u64,
    /// The import deactivates so many people that applying needs an explicit confirmation.
    pub mass_deactivation: bool,
    /// Set once the import was applied; then the lists above are empty.
    pub applied: Option<ImportSummary>,
}

/// The preview of an uploaded employee list (roles hr and admin).
#[server(endpoint = "organisation/import/preview")]
pub async fn load_import_preview(id: String) -> Result<ImportPreview, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::import_preview(ctx, me, id).await).await
}

/// Applies an uploaded employee list that has no problems. A mass deactivation needs the
/// checkbox `confirm_mass_deactivation`.
#[server(endpoint = "organisation/import/apply")]
pub async fn apply_import(
    id: String,
    confirm_mass_deactivation: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::apply_import(ctx, me, id, confirm_mass_deactivation.is_some()).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// A problem as a sentence in `locale`, without its line number.
pub fn problem_text(locale: crate::i18n::Locale, problem: &ImportProblem) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    for (name, value) in &problem.args {
        args.set(name.clone(), value.clone());
    }
    crate::i18n::translate(locale, &problem.key, Some(&args))
}
