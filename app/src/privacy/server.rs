//! Releasing counts with differential privacy, and the budget they use.
//!
//! A *measure* is one series of counts over groups of people, e.g. "meets the target in
//! competence X" per unit and job family. It is released at most once per period: the first
//! request draws discrete Laplace noise of scale sensitivity/ε for every group, stores the noisy
//! counts together with the group sizes, and every later request in that period, on any
//! instance, reads them back. The true counts are never stored. Within one period, before and
//! after a change look the same; across periods the noise is fresh, and each period's release
//! is ε-differentially private for every person in it.

use crate::content::HasContent;
use crate::identity::CurrentUser;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Berlin;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{FamilyBudget, FigureFamily, PeriodUse, PrivacyOverview};
use crate::auth::Role;
use crate::context::{AppContext, PrivacyBudget, ReleasePeriod};
use crate::db::{released_count, released_measure};
use crate::error::AppError;

/// The group key of the whole organisation.
pub const WHOLE: &str = "*";

/// The group key of a unit (its own members, not those below) and a job family (`-`: none).
pub fn cell_key(unit: Uuid, family: &str) -> String {
    format!("{unit}/{family}")
}

/// Series of counts the scouts' impact report releases per quarter.
pub const SCOUTS_SERIES: u64 = 6;

/// Series of counts the report of training needs releases per target competence and period:
/// the people who reported a need, the people concerned, and of them those concerned urgently.
pub const NEEDS_SERIES_PER_COMPETENCE: u64 = 3;

/// The true count of one group, before release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrueCount {
    pub cell: String,
    /// People in the group (the staff list HR imports; not secret).
    pub total: u64,
    /// People (or, with a sensitivity above 1, clipped contributions) the measure counts.
    pub value: u64,
}

/// A measure as released for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Released {
    pub period: String,
    pub measure: String,
    pub released_at: DateTime<Utc>,
    /// The noise scale of each count (sensitivity / ε); 0 for exact counts.
    pub scale: f64,
    /// Group key → (people in the group then, noisy count). May be negative or above the
    /// group size: clamp only what is shown, so that sums stay unbiased.
    pub counts: HashMap<String, (u64, i64)>,
}

impl Released {
    pub fn get(&self, cell: &str) -> Option<(u64, i64)> {
        self.counts.get(cell).copied()
    }
}

/// ε of one count of a family; infinite for exact counts.
pub fn epsilon(budget: &PrivacyBudget, family: FigureFamily) -> f64 {
    match family {
        FigureFamily::Heatmap => budget.heatmap,
        FigureFamily::Gaps => budget.gaps,
        FigureFamily::Certification => budget.certification,
        FigureFamily::Trend => budget.trend,
        FigureFamily::Scouts => budget.scouts,
        FigureFamily::Public => budget.public,
        FigureFamily::Needs => budget.needs,
    }
}

/// The period an instant falls in, in Berlin time: `2026-12`, `2026-W49` or `2026-Q4`.
pub fn period_of(kind: ReleasePeriod, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Berlin);
    match kind {
        ReleasePeriod::Month => format!("{:04}-{:02}", local.year(), local.month()),
        ReleasePeriod::Week => {
            let week = local.iso_week();
            format!("{:04}-W{:02}", week.year(), week.week())
        }
        ReleasePeriod::Quarter => format!("{:04}-Q{}", local.year(), (local.month() - 1) / 3 + 1),
    }
}

/// The current period of the configured kind.
pub fn current_period(ctx: &AppContext) -> String {
    period_of(ctx.settings.privacy.period, ctx.now())
}

/// Half-width of the interval that holds the true value in 9 of 10 cases, for a sum of `cells`
/// counts that each carry discrete Laplace noise of `scale`: exact for one count, the normal
/// approximation for a sum.
pub fn margin(scale: f64, cells: u64) -> u64 {
    if scale <= 0.0 || cells == 0 || !scale.is_finite() {
        return 0;
    }
    let p = (-1.0 / scale).exp();
    if cells == 1 {
        // P(|Z| > t) = 2 p^(t+1) / (1 + p)
        let mut t: u64 = 0;
        let mut tail = 2.0 * p / (1.0 + p);
        while tail > 0.1 && t < 1_000_000 {
            t += 1;
            tail *= p;
        }
        t
    } else {
        let variance = 2.0 * p / ((1.0 - p) * (1.0 - p));
        (1.645 * (variance * cells as f64).sqrt()).ceil() as u64
    }
}

/// One draw of discrete Laplace noise with the given scale: OpenDP's exact sampler (CKS20),
/// fed by OpenSSL's RAND_priv_bytes.
fn noise(scale: f64) -> Result<i64, AppError> {
    if scale <= 0.0 || !scale.is_finite() {
        return Ok(0);
    }
    let scale = dashu::rational::RBig::try_from(scale).map_err(|_| AppError::Internal)?;
    let sample = opendp::traits::samplers::sample_discrete_laplace(scale).map_err(|error| {
        tracing::error!(%error, "noise could not be drawn");
        AppError::Internal
    })?;
    i64::try_from(sample).map_err(|_| AppError::Internal)
}

/// Released measures this instance has read; they never change.
#[derive(Debug, Default)]
pub struct ReleaseCache {
    released: Mutex<HashMap<(String, String), Arc<Released>>>,
}

/// At most this many measures are kept; then the cache starts afresh.
const MAX_CACHED: usize = 20_000;

impl ReleaseCache {
    fn get(&self, period: &str, measure: &str) -> Option<Arc<Released>> {
        self.released
            .lock()
            .ok()?
            .get(&(period.to_owned(), measure.to_owned()))
            .cloned()
    }

    fn put(&self, released: Arc<Released>) {
        if let Ok(mut guard) = self.released.lock() {
            if guard.len() >= MAX_CACHED {
                guard.clear();
            }
            guard.insert(
                (released.period.clone(), released.measure.clone()),
                released,
            );
        }
    }
}

/// Reads a stored release.
async fn stored(
    ctx: &AppContext,
    period: &str,
    measure: &str,
) -> Result<Option<Released>, AppError> {
    let Some(head) = released_measure::Entity::find_by_id((period.to_owned(), measure.to_owned()))
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let rows: Vec<(String, i64, i64)> = released_count::Entity::find()
        .select_only()
        .column(released_count::Column::Cell)
        .column(released_count::Column::Total)
        .column(released_count::Column::Value)
        .filter(released_count::Column::Period.eq(period))
        .filter(released_count::Column::Measure.eq(measure))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let scale = if head.epsilon > 0.0 {
        f64::from(head.sensitivity) / head.epsilon
    } else {
        0.0
    };
    Ok(Some(Released {
        period: head.period,
        measure: head.measure,
        released_at: head.released_at,
        scale,
        counts: rows
            .into_iter()
            .map(|(cell, total, value)| (cell, (u64::try_from(total).unwrap_or(0), value)))
            .collect(),
    }))
}

/// Rows per INSERT: well below SQLite's limit of bound parameters.
const CHUNK: usize = 1000;

/// The measure as released for `period`: read back if it was released before (by any
/// instance), else drawn now from `truth` with noise of scale `sensitivity / ε` and stored.
/// Groups without people are left out; nothing about them is secret.
pub async fn release(
    ctx: &AppContext,
    family: FigureFamily,
    period: &str,
    measure: &str,
    sensitivity: u32,
    truth: impl FnOnce() -> Vec<TrueCount> + Send,
) -> Result<Arc<Released>, AppError> {
    let mut released = release_many(
        ctx,
        family,
        period,
        vec![ReleaseRequest {
            measure,
            sensitivity,
            truth: Box::new(truth),
        }],
    )
    .await?;
    released.pop().ok_or(AppError::Internal)
}

/// One measure to release with `release_many`.
pub struct ReleaseRequest<'a> {
    pub measure: &'a str,
    pub sensitivity: u32,
    pub truth: Box<dyn FnOnce() -> Vec<TrueCount> + Send + 'a>,
}

/// Several measures of one figure family released together, as `release` does for one: those
/// released before are read back, the others are drawn and stored in one transaction (one
/// commit instead of one per measure: a report's first request of a period writes them all).
/// The results are in the order of `requests`.
pub async fn release_many(
    ctx: &AppContext,
    family: FigureFamily,
    period: &str,
    requests: Vec<ReleaseRequest<'_>>,
) -> Result<Vec<Arc<Released>>, AppError> {
    let cache = ctx.part::<ReleaseCache>();
    let mut out: Vec<Option<Arc<Released>>> = vec![None; requests.len()];
    let mut missing = Vec::new();
    for (index, request) in requests.into_iter().enumerate() {
        if let Some(released) = cache.get(period, request.measure) {
            out[index] = Some(released);
        } else if let Some(released) = stored(ctx, period, request.measure).await? {
            let released = Arc::new(released);
            cache.put(released.clone());
            out[index] = Some(released);
        } else {
            missing.push((index, request));
        }
    }
    if !missing.is_empty() {
        let epsilon = epsilon(&ctx.settings.privacy, family);
        let mut drawn = Vec::with_capacity(missing.len());
        for (index, request) in missing {
            // Stored as 0 for exact counts (tests only).
            let (stored_epsilon, scale) = if epsilon.is_finite() && epsilon > 0.0 {
                (epsilon, f64::from(request.sensitivity.max(1)) / epsilon)
            } else {
                (0.0, 0.0)
            };
            let mut counts: HashMap<String, (u64, i64)> = HashMap::new();
            for count in (request.truth)() {
                if count.total == 0 {
                    continue;
                }
                let value = i64::try_from(count.value).unwrap_or(i64::MAX) + noise(scale)?;
                let entry = counts.entry(count.cell).or_insert((0, 0));
                entry.0 += count.total;
                entry.1 += value;
            }
            drawn.push((
                index,
                request.measure,
                request.sensitivity,
                stored_epsilon,
                scale,
                counts,
            ));
        }
        let now = ctx.now();
        let txn = ctx.db.begin().await?;
        let mut won = Vec::with_capacity(drawn.len());
        let mut lost = Vec::new();
        for (index, measure, sensitivity, stored_epsilon, scale, counts) in drawn {
            let inserted = released_measure::Entity::insert(released_measure::ActiveModel {
                period: Set(period.to_owned()),
                measure: Set(measure.to_owned()),
                family: Set(family.as_str().to_owned()),
                epsilon: Set(stored_epsilon),
                sensitivity: Set(i32::try_from(sensitivity.max(1)).unwrap_or(i32::MAX)),
                released_at: Set(now),
            })
            .on_conflict(
                OnConflict::columns([
                    released_measure::Column::Period,
                    released_measure::Column::Measure,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            if inserted == 0 {
                // Another request or instance released it first: its values count, ours are
                // dropped.
                lost.push((index, measure));
                continue;
            }
            let rows: Vec<released_count::ActiveModel> = counts
                .iter()
                .map(|(cell, (total, value))| released_count::ActiveModel {
                    period: Set(period.to_owned()),
                    measure: Set(measure.to_owned()),
                    cell: Set(cell.clone()),
                    total: Set(i64::try_from(*total).unwrap_or(i64::MAX)),
                    value: Set(*value),
                })
                .collect();
            for chunk in rows.chunks(CHUNK) {
                released_count::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            won.push((
                index,
                Arc::new(Released {
                    period: period.to_owned(),
                    measure: measure.to_owned(),
                    released_at: now,
                    scale,
                    counts,
                }),
            ));
        }
        txn.commit().await?;
        for (index, released) in won {
            cache.put(released.clone());
            out[index] = Some(released);
        }
        for (index, measure) in lost {
            let released = Arc::new(
                stored(ctx, period, measure)
                    .await?
                    .ok_or(AppError::Internal)?,
            );
            cache.put(released.clone());
            out[index] = Some(released);
        }
    }
    out.into_iter()
        .map(|released| released.ok_or(AppError::Internal))
        .collect()
}

/// Series of counts one full set of views of a family draws per period.
fn series(ctx: &AppContext, family: FigureFamily) -> u64 {
    let content = &ctx.content();
    let targets = content.profiles.target_competences(content);
    match family {
        FigureFamily::Heatmap => targets.len() as u64 + 1,
        FigureFamily::Gaps => content
            .modules
            .iter()
            .filter(|m| {
                m.proves
                    .iter()
                    .any(|(c, _)| targets.iter().any(|t| &t.id == c))
            })
            .count() as u64,
        FigureFamily::Certification => 1,
        FigureFamily::Trend => 2,
        FigureFamily::Scouts => SCOUTS_SERIES,
        // The public report shows an area only if a target competence is in it: frameworks
        // that are there to be named (DigComp 3.0, KGSt) add no series.
        FigureFamily::Public => {
            let areas = content
                .areas
                .iter()
                .filter(|a| targets.iter().any(|t| t.area == a.id))
                .count();
            3 + content.modules.len() as u64 + areas as u64
        }
        FigureFamily::Needs => targets.len() as u64 * NEEDS_SERIES_PER_COMPETENCE,
    }
}

/// How many periods the overview lists per family.
const PERIODS_SHOWN: u64 = 12;

pub async fn overview(ctx: &AppContext, me: &CurrentUser) -> Result<PrivacyOverview, AppError> {
    me.require_any(&[Role::Auditor, Role::Admin, Role::Hr])?;
    build_overview(ctx).await
}

pub async fn build_overview(ctx: &AppContext) -> Result<PrivacyOverview, AppError> {
    let rows: Vec<(String, String, f64, i64)> = released_measure::Entity::find()
        .select_only()
        .column(released_measure::Column::Family)
        .column(released_measure::Column::Period)
        .column_as(released_measure::Column::Epsilon.max(), "epsilon")
        .column_as(released_measure::Column::Measure.count(), "measures")
        .group_by(released_measure::Column::Family)
        .group_by(released_measure::Column::Period)
        .order_by_desc(released_measure::Column::Period)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let families = FigureFamily::ALL
        .into_iter()
        .map(|family| {
            let epsilon = epsilon(&ctx.settings.privacy, family);
            let periods = rows
                .iter()
                .filter(|(f, ..)| f == family.as_str())
                .take(PERIODS_SHOWN as usize)
                .map(|(_, period, stored_epsilon, measures)| {
                    let measures = u64::try_from(*measures).unwrap_or(0);
                    PeriodUse {
                        period: period.clone(),
                        measures,
                        spent: *stored_epsilon * measures as f64,
                    }
                })
                .collect();
            FamilyBudget {
                family,
                epsilon: epsilon.is_finite().then_some(epsilon),
                series: series(ctx, family),
                periods,
            }
        })
        .collect();
    Ok(PrivacyOverview {
        period_kind: match ctx.settings.privacy.period {
            ReleasePeriod::Week => "week",
            ReleasePeriod::Month => "month",
            ReleasePeriod::Quarter => "quarter",
        }
        .to_owned(),
        current_period: current_period(ctx),
        min_group_size: ctx.settings.report_min_group_size,
        families,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_margin_of_one_count_is_the_exact_90_percent_quantile() {
        // ε = 1: P(|Z| > 1) ≈ 0.198, P(|Z| > 2) ≈ 0.073.
        assert_eq!(margin(1.0, 1), 2);
        assert_eq!(margin(0.0, 1), 0);
        assert!(margin(2.0, 1) > margin(1.0, 1));
        assert!(margin(1.0, 16) > margin(1.0, 4));
    }

    #[test]
    fn discrete_laplace_noise_has_the_spread_its_scale_promises() {
        let draws: Vec<i64> = (0..4000).map(|_| noise(1.0).unwrap_or(i64::MAX)).collect();
        assert!(draws.iter().all(|d| d.abs() < 100));
        let mean = draws.iter().sum::<i64>() as f64 / draws.len() as f64;
        let variance = draws
            .iter()
            .map(|d| (*d as f64 - mean).powi(2))
            .sum::<f64>()
            / draws.len() as f64;
        // Var = 2p/(1-p)² with p = e^-1: 1.84.
        assert!(mean.abs() < 0.15, "{mean}");
        assert!((1.6..2.1).contains(&variance), "{variance}");
        let within = draws.iter().filter(|d| d.abs() <= 2).count() as f64 / 4000.0;
        assert!(within > 0.89, "{within}");
    }

    #[test]
    fn periods_are_named_in_berlin_time() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc));
        let new_year = at("2026-12-31T23:30:00Z").unwrap_or_default();
        assert_eq!(period_of(ReleasePeriod::Month, new_year), "2027-01");
        assert_eq!(period_of(ReleasePeriod::Quarter, new_year), "2027-Q1");
        assert_eq!(period_of(ReleasePeriod::Week, new_year), "2026-W53");
    }
}
