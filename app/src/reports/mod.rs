//! Reports for HR: where the organisation needs training, private by design.
//!
//! Every figure is a share of a group of employees (a unit with everything below it, optionally
//! one job family). Figures resting on fewer than `min_group_size` people are hidden, and so is
//! whatever would let them be recomputed (`suppress`). No report ever names a person or shows an
//! individual result; every view and export is written to the audit log; an admin can switch
//! each report type off.

pub mod needs;
pub mod pages;
pub mod suppress;

#[cfg(feature = "ssr")]
pub mod data;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod summary;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// The report types an admin can switch on and off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportKind {
    /// Units × competences: share meeting the target.
    Heatmap,
    /// Modules ranked by how many people need them.
    Gaps,
    /// Share of people with a valid Digitaler Führerschein per unit.
    Certification,
    /// Month by month: targets met and certificates.
    Trend,
    /// Requests to the digital scouts per unit and quarter (the scouts' impact report).
    Scouts,
    /// Organisation-wide key figures for everyone, without login (off until an admin publishes).
    Public,
    /// Training needs named by staff, per competence, beside the measured gaps.
    Needs,
}

impl ReportKind {
    pub const ALL: [ReportKind; 7] = [
        ReportKind::Heatmap,
        ReportKind::Gaps,
        ReportKind::Certification,
        ReportKind::Trend,
        ReportKind::Scouts,
        ReportKind::Public,
        ReportKind::Needs,
    ];

    /// Who may read the report; nobody needs a role for the public key figures.
    pub fn readers(self) -> &'static [crate::identity::Role] {
        use crate::identity::Role;
        match self {
            ReportKind::Public => &[],
            ReportKind::Scouts => &[Role::Hr, Role::Admin],
            _ => &[Role::Hr],
        }
    }

    /// Internal reports are on until switched off; publishing is a decision to take.
    pub fn enabled_by_default(self) -> bool {
        self != ReportKind::Public
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Heatmap => "heatmap",
            ReportKind::Gaps => "gaps",
            ReportKind::Certification => "certification",
            ReportKind::Trend => "trend",
            ReportKind::Scouts => "scouts",
            ReportKind::Public => "public",
            ReportKind::Needs => "needs",
        }
    }

    pub fn parse(value: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn title_key(self) -> &'static str {
        match self {
            ReportKind::Heatmap => "report-heatmap-title",
            ReportKind::Gaps => "report-gaps-title",
            ReportKind::Certification => "report-certification-title",
            ReportKind::Trend => "report-trend-title",
            ReportKind::Scouts => "report-scouts-title",
            ReportKind::Public => "report-public-title",
            ReportKind::Needs => "report-needs-title",
        }
    }

    pub fn intro_key(self) -> &'static str {
        match self {
            ReportKind::Heatmap => "report-heatmap-intro",
            ReportKind::Gaps => "report-gaps-intro",
            ReportKind::Certification => "report-certification-intro",
            ReportKind::Trend => "report-trend-intro",
            ReportKind::Scouts => "report-scouts-intro",
            ReportKind::Public => "report-public-intro",
            ReportKind::Needs => "report-needs-intro",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            ReportKind::Heatmap => "/reports/heatmap",
            ReportKind::Gaps => "/reports/gaps",
            ReportKind::Certification => "/reports/certification",
            ReportKind::Trend => "/reports/trend",
            ReportKind::Scouts => "/scouts/impact",
            ReportKind::Public => "/kennzahlen",
            ReportKind::Needs => "/reports/needs",
        }
    }
}

/// One figure as it may be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    /// Nobody in the group has this target (or the group is empty).
    None,
    /// Hidden to protect small groups.
    Suppressed,
    /// About `met` of `total` people: `met` is released with noise and lies within `margin`
    /// people of the true count in 9 of 10 cases (0: exact).
    Share { met: u64, total: u64, margin: u64 },
}

impl Cell {
    /// The share in whole per cent, rounded down so that 99.9 % never reads as 100 %.
    pub fn percent(self) -> Option<u64> {
        match self {
            Cell::Share { met, total, .. } if total > 0 => Some(met * 100 / total),
            _ => None,
        }
    }

    /// The margin in percentage points, rounded up; 0 for an exact figure.
    pub fn margin_percent(self) -> Option<u64> {
        match self {
            Cell::Share { total, margin, .. } if total > 0 => {
                Some((margin * 100).div_ceil(total).min(100))
            }
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: Uuid,
    pub name: String,
}

/// A row of a unit report: the scope itself (`unit` = the scope, `is_scope`) or one child unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    /// `None` for the whole organisation.
    pub unit: Option<UnitRef>,
    pub is_scope: bool,
    /// Whether the row can be opened (it has child units).
    pub has_children: bool,
    pub cells: Vec<Cell>,
}

/// A column: a competence (heatmap) or a measure (certification).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub id: String,
    pub title: String,
    /// For column heads where the title does not fit (the heatmap).
    pub short: String,
}

/// The frame every report shares: where in the organisation, which filter, the rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// From the top down to the scope; empty for the whole organisation.
    pub breadcrumbs: Vec<UnitRef>,
    pub scope: Option<UnitRef>,
    pub family: Option<String>,
    /// (id, title) of every job family, "no family" last with id `-`.
    pub families: Vec<(String, String)>,
    pub min_group_size: u64,
    pub as_of: chrono::DateTime<chrono::Utc>,
    pub organisation_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitReport {
    pub frame: Frame,
    pub columns: Vec<Column>,
    pub rows: Vec<UnitRow>,
}

/// A module of the gap list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapRow {
    pub module_id: String,
    pub module_title: String,
    pub mandatory: bool,
    /// People (in scope and filter) who need the module to meet a target; of how many it could.
    pub need: Cell,
    /// The child units of the scope with the greatest need, as far as they may be shown.
    pub units: Vec<(UnitRef, u64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapReport {
    pub frame: Frame,
    pub rows: Vec<GapRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// `YYYY-MM`, the state at the end of that month (today for the current month).
    pub month: String,
    pub targets: Cell,
    pub certified: Cell,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendReport {
    pub frame: Frame,
    pub points: Vec<TrendPoint>,
}

/// A figure of the public page: a count of people, or hidden when fewer than k.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Count {
    Hidden,
    /// Exact: the head count (the staff list is not secret).
    Value(u64),
    /// Released with noise: within `margin` of the true count in 9 of 10 cases (0: exact).
    About {
        value: u64,
        margin: u64,
    },
}

/// Organisation-wide key figures, for everyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicFigures {
    pub organisation_name: String,
    pub as_of: chrono::DateTime<chrono::Utc>,
    pub min_group_size: u64,
    /// Employees the figures rest on.
    pub employees: Count,
    /// Certificates issued so far, and how many are valid today.
    pub certificates_issued: Count,
    pub certificates_valid: Count,
    /// Share of employees with a valid certificate.
    pub certified: Cell,
    /// (module id, title, people who passed it)
    pub modules: Vec<(String, String, Count)>,
    /// (area id, title, share of people with a target in the area who meet all of them there)
    pub areas: Vec<(String, String, Cell)>,
}

/// Which report types are on; for the admin page and the HR overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSettings {
    pub enabled: Vec<(ReportKind, bool)>,
    pub min_group_size: u64,
}

/// One of my own targets, for "Meine Ziele".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnTarget {
    pub competence: String,
    pub level: u8,
    pub met: bool,
    /// The pass that met it expires then (refresh interval), if it does.
    pub expires: Option<chrono::DateTime<chrono::Utc>>,
    /// Modules that would meet it: (id, title).
    pub modules: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnTargets {
    pub job_family: Option<String>,
    pub targets: Vec<OwnTarget>,
}

#[server(endpoint = "reports/heatmap")]
pub async fn heatmap_report(
    unit: Option<String>,
    family: Option<String>,
) -> Result<UnitReport, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::heatmap(ctx, me, unit, family).await).await
}

#[server(endpoint = "reports/certification")]
pub async fn certification_report(
    unit: Option<String>,
    family: Option<String>,
) -> Result<UnitReport, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::certification(ctx, me, unit, family).await)
        .await
}

#[server(endpoint = "reports/gaps")]
pub async fn load_gap_report(
    unit: Option<String>,
    family: Option<String>,
) -> Result<GapReport, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::gaps(ctx, me, unit, family).await).await
}

#[server(endpoint = "reports/trend")]
pub async fn load_trend_report(
    unit: Option<String>,
    family: Option<String>,
) -> Result<TrendReport, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::trend(ctx, me, unit, family).await).await
}

#[server(endpoint = "reports/settings")]
pub async fn load_report_settings() -> Result<ReportSettings, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::settings(ctx, me).await).await
}

#[server(endpoint = "reports/settings/set")]
pub async fn set_report_enabled(report: String, enabled: bool) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::set_enabled(ctx, me, report, enabled).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// The public key figures; no login, but only when an admin has published them.
#[server(endpoint = "reports/public")]
pub async fn load_public_figures() -> Result<PublicFigures, AppError> {
    crate::auth::server::with_context(async |ctx| {
        server::build_public_figures(ctx, crate::settings::server::page_prefs().0).await
    })
    .await
}

#[server(endpoint = "reports/own")]
pub async fn load_own_targets() -> Result<OwnTargets, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::own_targets(ctx, me).await).await
}
