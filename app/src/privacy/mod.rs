//! Differential privacy for every figure the platform releases about groups of people.
//!
//! Suppression (no figure on fewer than k people) protects one view, but not a comparison of
//! two views taken before and after a change: an import that moves one person out of a group
//! changes that group's counts by exactly her results. So every count that leaves the server
//! carries calibrated random noise (discrete Laplace, drawn by OpenDP from a cryptographically
//! secure source), is drawn once per period and kept: asking again, on any instance, gives the
//! same value, and a change inside the period shows only in the next one, with fresh noise.
//! Shares and totals are sums of released counts, so tables stay consistent. How much one
//! person's data can shift what is shown is bounded by ε, configured per figure family in one
//! place (`[privacy]` in the configuration, `context::PrivacyBudget`).

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The families of released figures; each has its own ε per count and period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FigureFamily {
    Heatmap,
    Gaps,
    Certification,
    Trend,
    Scouts,
    Public,
    /// Training needs named by staff, beside the measured gaps.
    Needs,
}

impl FigureFamily {
    pub const ALL: [FigureFamily; 7] = [
        FigureFamily::Heatmap,
        FigureFamily::Gaps,
        FigureFamily::Certification,
        FigureFamily::Trend,
        FigureFamily::Scouts,
        FigureFamily::Public,
        FigureFamily::Needs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FigureFamily::Heatmap => "heatmap",
            FigureFamily::Gaps => "gaps",
            FigureFamily::Certification => "certification",
            FigureFamily::Trend => "trend",
            FigureFamily::Scouts => "scouts",
            FigureFamily::Public => "public",
            FigureFamily::Needs => "needs",
        }
    }

    pub fn parse(value: &str) -> Option<FigureFamily> {
        FigureFamily::ALL.into_iter().find(|f| f.as_str() == value)
    }

    /// Catalogue key of the family's name.
    pub fn title_key(self) -> &'static str {
        match self {
            FigureFamily::Heatmap => "privacy-family-heatmap",
            FigureFamily::Gaps => "privacy-family-gaps",
            FigureFamily::Certification => "privacy-family-certification",
            FigureFamily::Trend => "privacy-family-trend",
            FigureFamily::Scouts => "privacy-family-scouts",
            FigureFamily::Public => "privacy-family-public",
            FigureFamily::Needs => "privacy-family-needs",
        }
    }
}

/// The largest share of correct guesses about one person's result (pass or not, from a 50:50
/// start) that any comparison of releases allows when together they spend `epsilon` on her:
/// e^ε / (1 + e^ε).
pub fn guess_bound(epsilon: f64) -> f64 {
    if epsilon.is_infinite() {
        return 1.0;
    }
    let odds = epsilon.exp();
    odds / (1.0 + odds)
}

/// How much of one family's budget the releases of one period have used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodUse {
    /// `2026-12`, `2026-W49` or `2026-Q4`; the trend's points count in their own month.
    pub period: String,
    /// Series of counts drawn in this period.
    pub measures: u64,
    /// At most this much ε spent on any one person: each series holds a person at most once.
    pub spent: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyBudget {
    pub family: FigureFamily,
    /// ε of one released count; `None`: counts are exact (only in tests).
    pub epsilon: Option<f64>,
    /// Series of counts a full set of views draws per period; the period's budget is ε times
    /// this many.
    pub series: u64,
    /// Used, newest period first.
    pub periods: Vec<PeriodUse>,
}

/// The page for the staff council: the guarantee, the configured ε, what has been spent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrivacyOverview {
    /// `week`, `month` or `quarter`.
    pub period_kind: String,
    pub current_period: String,
    pub min_group_size: u64,
    pub families: Vec<FamilyBudget>,
}

/// For the staff council, admins and HR: read only.
#[server(endpoint = "privacy/overview")]
pub async fn load_privacy_overview() -> Result<PrivacyOverview, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::overview(ctx, me).await).await
}
