//! Building the reports: who may see them, whether they are switched on, the audit entry, and
//! the figures from `data`.

use crate::content::HasContent;
use chrono::{DateTime, Datelike, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::data::{Counter, Measure, Population, Series};
use super::suppress::Figure;
use super::{
    Cell, Column, Frame, GapReport, GapRow, OwnTarget, OwnTargets, ReportKind, ReportSettings,
    TrendPoint, TrendReport, UnitReport, UnitRow,
};
use crate::audit::server::record;
use crate::auth::{CurrentUser, Role};
use crate::context::AppContext;
use crate::db::report_setting;
use crate::error::AppError;
use crate::i18n::{Locale, translate};
use crate::privacy::FigureFamily;
use crate::privacy::server::{TrueCount, WHOLE, current_period, release};

/// The filter value for people without a job family.
pub const NO_FAMILY: &str = "-";

/// Whether a report type is switched on; on unless an admin switched it off.
pub async fn enabled(
    db: &impl sea_orm::ConnectionTrait,
    kind: ReportKind,
) -> Result<bool, AppError> {
    Ok(report_setting::Entity::find_by_id(kind.as_str().to_owned())
        .one(db)
        .await?
        .map_or(kind.enabled_by_default(), |s| s.enabled))
}

/// The data behind the reports, as this instance keeps it. Loaded through the reader: the
/// largest read of the application never queues behind a write, nor holds the writer.
async fn population(ctx: &AppContext) -> Result<std::sync::Arc<Population>, AppError> {
    ctx.part::<super::data::ReportCache>()
        .population(
            &ctx.read,
            &ctx.content(),
            ctx.now(),
            ctx.settings.report_cache_seconds,
        )
        .await
}

/// Who may read a report, decided in one place for the pages, the exports, the scouts' impact
/// report and the open data: the roles the report names (none for the public figures), and only
/// while it is switched on. `me` is `None` for a visitor who is not logged in.
pub async fn report_access(
    ctx: &AppContext,
    me: Option<&CurrentUser>,
    kind: ReportKind,
) -> Result<(), AppError> {
    let readers = kind.readers();
    if !readers.is_empty() {
        me.ok_or(AppError::NotAuthenticated)?.require_any(readers)?;
    }
    if !enabled(&ctx.read, kind).await? {
        // Open data that is switched off does not exist for the public; a switched-off report
        // says so to those who may read it.
        return Err(match kind {
            ReportKind::Public => AppError::NotFound,
            _ => AppError::Conflict("report-disabled".into()),
        });
    }
    Ok(())
}

/// Writes "who looked at which report with which filters" for the staff council.
pub async fn audit_view(
    ctx: &AppContext,
    me: &CurrentUser,
    action: &str,
    kind: ReportKind,
    unit: Option<Uuid>,
    family: Option<&str>,
    format: Option<&str>,
) -> Result<(), AppError> {
    record(
        &ctx.db,
        ctx.now(),
        Some(me.id),
        action,
        "report",
        Some(kind.as_str().to_owned()),
        serde_json::json!({ "unit": unit, "family": family, "format": format }),
    )
    .await
}

/// Logs a view of a report with the scope and filter its frame shows.
async fn audit_frame(
    ctx: &AppContext,
    me: &CurrentUser,
    kind: ReportKind,
    frame: &Frame,
) -> Result<(), AppError> {
    audit_view(
        ctx,
        me,
        "report.viewed",
        kind,
        frame.scope.as_ref().map(|s| s.id),
        frame.family.as_deref(),
        None,
    )
    .await
}

/// Scope and filter as the request gives them, checked against the population.
pub struct Selection {
    pub unit: Option<usize>,
    pub family: Option<usize>,
    pub family_id: Option<String>,
}

pub fn select(
    population: &Population,
    unit: Option<String>,
    family: Option<String>,
) -> Result<Selection, AppError> {
    let unit = match unit.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(id) => {
            let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
            Some(population.unit_index(id).ok_or(AppError::NotFound)?)
        }
    };
    let (family, family_id) = match family.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => (None, None),
        Some(NO_FAMILY) => (Some(population.families.len()), Some(NO_FAMILY.to_owned())),
        Some(id) => match population.families.iter().position(|f| f == id) {
            Some(index) => (Some(index), Some(id.to_owned())),
            None => return Err(AppError::invalid("family", "field-invalid-choice")),
        },
    };
    Ok(Selection {
        unit,
        family,
        family_id,
    })
}

pub fn frame(
    ctx: &AppContext,
    population: &Population,
    selection: &Selection,
    locale: Locale,
) -> Frame {
    let mut breadcrumbs = Vec::new();
    let mut cursor = selection.unit;
    while let Some(unit) = cursor {
        breadcrumbs.push(population.unit_ref(unit));
        cursor = population.shape.parents[unit];
        if breadcrumbs.len() > population.units.len() {
            break;
        }
    }
    breadcrumbs.reverse();
    let mut families: Vec<(String, String)> = ctx
        .content()
        .profiles
        .job_families
        .iter()
        .map(|f| (f.id.clone(), f.title.get(locale).to_owned()))
        .collect();
    families.push((
        NO_FAMILY.to_owned(),
        translate(locale, "report-no-family", None),
    ));
    Frame {
        scope: selection.unit.map(|u| population.unit_ref(u)),
        breadcrumbs,
        family: selection.family_id.clone(),
        families,
        min_group_size: ctx.settings.report_min_group_size,
        as_of: population.loaded_at,
        organisation_name: ctx.settings.organisation_name.clone(),
    }
}

/// The frame of a report whose figures are the period's releases: as of the earliest of them.
fn released_frame(
    ctx: &AppContext,
    population: &Population,
    selection: &Selection,
    locale: Locale,
    measures: &[Measure],
) -> Frame {
    let mut frame = frame(ctx, population, selection, locale);
    if let Some(first) = measures.iter().map(|m| m.released_at).min() {
        frame.as_of = first;
    }
    frame
}

/// The scope's row, then one row per child unit.
fn unit_rows(population: &Population, selection: &Selection, measures: &[Measure]) -> Vec<UnitRow> {
    let row = |unit: Option<usize>, is_scope: bool| UnitRow {
        unit: unit.map(|u| population.unit_ref(u)),
        is_scope,
        has_children: unit.is_none_or(|u| !population.children(Some(u)).is_empty()),
        cells: measures
            .iter()
            .map(|m| {
                m.cell(
                    &population.shape,
                    Figure {
                        unit,
                        family: selection.family,
                    },
                )
            })
            .collect(),
    };
    std::iter::once(row(selection.unit, true))
        .chain(
            population
                .children(selection.unit)
                .into_iter()
                .map(|child| row(Some(child), false)),
        )
        .collect()
}

/// Share meeting the target, per competence, and share meeting all their targets.
pub async fn heatmap_measures(
    ctx: &AppContext,
    population: &Population,
    levels: &[Vec<u8>],
    period: &str,
) -> Result<Vec<Measure>, AppError> {
    let keys: Vec<String> = population
        .competences
        .iter()
        .map(|id| format!("heatmap.target.{id}"))
        .collect();
    let mut series: Vec<(&str, Counter<'_>)> = keys
        .iter()
        .enumerate()
        .map(|(competence, key)| {
            let counter: Counter<'_> = Box::new(move |index, person| {
                person
                    .targets
                    .iter()
                    .find(|(c, _)| *c == competence)
                    .map(|(c, level)| levels[index][*c] >= *level)
            });
            (key.as_str(), counter)
        })
        .collect();
    series.push(("heatmap.all", meets_all_targets(levels)));
    Measure::release_many(ctx, population, FigureFamily::Heatmap, period, series).await
}

/// People meeting every target they have (those without targets do not count).
async fn all_targets_measure(
    ctx: &AppContext,
    population: &Population,
    levels: &[Vec<u8>],
    family: FigureFamily,
    period: &str,
    key: &str,
) -> Result<Measure, AppError> {
    let series = Series {
        family,
        period,
        key,
    };
    Measure::release(ctx, population, series, meets_all_targets(levels)).await
}

/// Counts those with targets; meets when every target is met.
fn meets_all_targets(levels: &[Vec<u8>]) -> Counter<'_> {
    Box::new(|index, person| {
        (!person.targets.is_empty()).then(|| {
            person
                .targets
                .iter()
                .all(|(c, level)| levels[index][*c] >= *level)
        })
    })
}

/// People holding a valid certificate at `now`.
async fn certified_measure(
    ctx: &AppContext,
    population: &Population,
    now: DateTime<Utc>,
    family: FigureFamily,
    period: &str,
    key: &str,
) -> Result<Measure, AppError> {
    let series = Series {
        family,
        period,
        key,
    };
    Measure::release(ctx, population, series, |_, person| {
        Some(population.certified(person, now))
    })
    .await
}

pub async fn heatmap(
    ctx: &AppContext,
    me: &CurrentUser,
    unit: Option<String>,
    family: Option<String>,
) -> Result<UnitReport, AppError> {
    report_access(ctx, Some(me), ReportKind::Heatmap).await?;
    let report = build_heatmap(ctx, unit, family, me.locale).await?;
    audit_frame(ctx, me, ReportKind::Heatmap, &report.frame).await?;
    Ok(report)
}

pub async fn build_heatmap(
    ctx: &AppContext,
    unit: Option<String>,
    family: Option<String>,
    locale: Locale,
) -> Result<UnitReport, AppError> {
    let population = population(ctx).await?;
    let selection = select(&population, unit, family)?;
    let now = ctx.now();
    let levels = population.levels(now);
    let period = current_period(ctx);
    let measures = heatmap_measures(ctx, &population, &levels, &period).await?;
    let mut columns: Vec<Column> = population
        .competences
        .iter()
        .map(|id| {
            let competence = ctx.content().competence(id).cloned();
            Column {
                id: id.clone(),
                title: competence
                    .as_ref()
                    .map(|c| c.title.get(locale).to_owned())
                    .unwrap_or_else(|| id.clone()),
                short: competence
                    .as_ref()
                    .map(|c| c.short.get(locale).to_owned())
                    .unwrap_or_else(|| id.clone()),
            }
        })
        .collect();
    columns.push(Column {
        id: "all".into(),
        title: translate(locale, "report-all-targets", None),
        short: translate(locale, "report-all-targets-short", None),
    });
    Ok(UnitReport {
        frame: released_frame(ctx, &population, &selection, locale, &measures),
        rows: unit_rows(&population, &selection, &measures),
        columns,
    })
}

pub async fn certification(
    ctx: &AppContext,
    me: &CurrentUser,
    unit: Option<String>,
    family: Option<String>,
) -> Result<UnitReport, AppError> {
    report_access(ctx, Some(me), ReportKind::Certification).await?;
    let report = build_certification(ctx, unit, family, me.locale).await?;
    audit_frame(ctx, me, ReportKind::Certification, &report.frame).await?;
    Ok(report)
}

pub async fn build_certification(
    ctx: &AppContext,
    unit: Option<String>,
    family: Option<String>,
    locale: Locale,
) -> Result<UnitReport, AppError> {
    let population = population(ctx).await?;
    let selection = select(&population, unit, family)?;
    let now = ctx.now();
    let levels = population.levels(now);
    let period = current_period(ctx);
    let measures = vec![
        certified_measure(
            ctx,
            &population,
            now,
            FigureFamily::Certification,
            &period,
            "certification.certified",
        )
        .await?,
        all_targets_measure(
            ctx,
            &population,
            &levels,
            FigureFamily::Heatmap,
            &period,
            "heatmap.all",
        )
        .await?,
    ];
    Ok(UnitReport {
        frame: released_frame(ctx, &population, &selection, locale, &measures),
        rows: unit_rows(&population, &selection, &measures),
        columns: vec![
            Column {
                id: "certified".into(),
                title: translate(locale, "report-certified", None),
                short: translate(locale, "report-certified", None),
            },
            Column {
                id: "all".into(),
                title: translate(locale, "report-all-targets", None),
                short: translate(locale, "report-all-targets-short", None),
            },
        ],
    })
}

pub async fn gaps(
    ctx: &AppContext,
    me: &CurrentUser,
    unit: Option<String>,
    family: Option<String>,
) -> Result<GapReport, AppError> {
    report_access(ctx, Some(me), ReportKind::Gaps).await?;
    let report = build_gaps(ctx, unit, family, me.locale).await?;
    audit_frame(ctx, me, ReportKind::Gaps, &report.frame).await?;
    Ok(report)
}

/// How many units the gap list names per module.
const GAP_UNITS: usize = 5;

pub async fn build_gaps(
    ctx: &AppContext,
    unit: Option<String>,
    family: Option<String>,
    locale: Locale,
) -> Result<GapReport, AppError> {
    let population = population(ctx).await?;
    let selection = select(&population, unit, family)?;
    let now = ctx.now();
    let period = current_period(ctx);
    let children = population.children(selection.unit);
    let levels = population.levels(now);
    let mut rows: Vec<GapRow> = Vec::new();
    let mut released_at: Option<DateTime<Utc>> = None;
    for module in &ctx.content().modules {
        // The targets this module meets: (competence index, level it proves).
        let proves: Vec<(usize, u8)> = module
            .proves
            .iter()
            .filter_map(|(c, level)| {
                population
                    .competences
                    .iter()
                    .position(|x| x == c)
                    .map(|i| (i, *level))
            })
            .collect();
        if proves.is_empty() {
            continue;
        }
        // Counts: people with a target this module meets; "met" here means: still open.
        let key = format!("gaps.module.{}", module.id);
        let series = Series {
            family: FigureFamily::Gaps,
            period: &period,
            key: &key,
        };
        let measure = Measure::release(ctx, &population, series, |index, person| {
            let relevant: Vec<&(usize, u8)> = person
                .targets
                .iter()
                .filter(|(c, level)| proves.iter().any(|(p, l)| p == c && l >= level))
                .collect();
            (!relevant.is_empty())
                .then(|| relevant.iter().any(|(c, level)| levels[index][*c] < *level))
        })
        .await?;
        released_at = Some(released_at.map_or(measure.released_at, |r| r.min(measure.released_at)));
        let need = measure.cell(
            &population.shape,
            Figure {
                unit: selection.unit,
                family: selection.family,
            },
        );
        if need == Cell::None {
            continue;
        }
        let mut units: Vec<(super::UnitRef, u64)> = children
            .iter()
            .filter_map(|child| {
                match measure.cell(
                    &population.shape,
                    Figure {
                        unit: Some(*child),
                        family: selection.family,
                    },
                ) {
                    Cell::Share { met, .. } if met > 0 => Some((population.unit_ref(*child), met)),
                    _ => None,
                }
            })
            .collect();
        units.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        units.truncate(GAP_UNITS);
        rows.push(GapRow {
            module_id: module.id.clone(),
            module_title: module.title.get(locale).to_owned(),
            mandatory: module.mandatory,
            need,
            units,
        });
    }
    // Most people in need first; hidden figures last, in catalogue order.
    rows.sort_by_key(|row| match row.need {
        Cell::Share { met, .. } => (0, u64::MAX - met),
        _ => (1, 0),
    });
    let mut frame = frame(ctx, &population, &selection, locale);
    if let Some(first) = released_at {
        frame.as_of = first;
    }
    Ok(GapReport { frame, rows })
}

pub async fn trend(
    ctx: &AppContext,
    me: &CurrentUser,
    unit: Option<String>,
    family: Option<String>,
) -> Result<TrendReport, AppError> {
    report_access(ctx, Some(me), ReportKind::Trend).await?;
    let report = build_trend(ctx, unit, family, me.locale).await?;
    audit_frame(ctx, me, ReportKind::Trend, &report.frame).await?;
    Ok(report)
}

/// Month ends of the last `count` months, oldest first; the current month ends now.
pub fn month_ends(now: DateTime<Utc>, count: u32) -> Vec<(String, DateTime<Utc>)> {
    let mut points = Vec::new();
    let (mut year, mut month) = (now.year(), now.month());
    for index in 0..count {
        let label = format!("{year:04}-{month:02}");
        let end = if index == 0 {
            now
        } else {
            let (next_year, next_month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
            Utc.with_ymd_and_hms(next_year, next_month, 1, 0, 0, 0)
                .single()
                .unwrap_or(now)
                - chrono::Duration::seconds(1)
        };
        points.push((label, end));
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
    }
    points.reverse();
    points
}

pub async fn build_trend(
    ctx: &AppContext,
    unit: Option<String>,
    family: Option<String>,
    locale: Locale,
) -> Result<TrendReport, AppError> {
    let population = population(ctx).await?;
    let selection = select(&population, unit, family)?;
    let figure = Figure {
        unit: selection.unit,
        family: selection.family,
    };
    // Each month's point is released once, in its own month: the current month's at its first
    // request, earlier ones (with the members of that time as far as they are still here)
    // when first asked for. Later requests read them back.
    let mut points = Vec::new();
    for (month, at) in month_ends(ctx.now(), 12) {
        let levels = population.levels(at);
        let targets = all_targets_measure(
            ctx,
            &population,
            &levels,
            FigureFamily::Trend,
            &month,
            &format!("trend.all.{month}"),
        )
        .await?;
        let certified = certified_measure(
            ctx,
            &population,
            at,
            FigureFamily::Trend,
            &month,
            &format!("trend.certified.{month}"),
        )
        .await?;
        points.push(TrendPoint {
            targets: targets.cell(&population.shape, figure),
            certified: certified.cell(&population.shape, figure),
            month,
        });
    }
    Ok(TrendReport {
        frame: frame(ctx, &population, &selection, locale),
        points,
    })
}

pub async fn settings(ctx: &AppContext, me: &CurrentUser) -> Result<ReportSettings, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let mut enabled_list = Vec::new();
    for kind in ReportKind::ALL {
        enabled_list.push((kind, enabled(&ctx.read, kind).await?));
    }
    Ok(ReportSettings {
        enabled: enabled_list,
        min_group_size: ctx.settings.report_min_group_size,
    })
}

pub async fn set_enabled(
    ctx: &AppContext,
    me: &CurrentUser,
    report: String,
    enabled: bool,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let kind = ReportKind::parse(&report).ok_or(AppError::NotFound)?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let existing = report_setting::Entity::find_by_id(kind.as_str().to_owned())
        .one(&txn)
        .await?;
    let changed = existing
        .as_ref()
        .map_or(kind.enabled_by_default(), |s| s.enabled)
        != enabled;
    match existing {
        Some(row) => {
            let mut model: report_setting::ActiveModel = row.into();
            model.enabled = Set(enabled);
            model.updated_at = Set(now);
            model.updated_by = Set(Some(me.id));
            model.update(&txn).await?;
        }
        None => {
            report_setting::ActiveModel {
                report: Set(kind.as_str().to_owned()),
                enabled: Set(enabled),
                updated_at: Set(now),
                updated_by: Set(Some(me.id)),
            }
            .insert(&txn)
            .await?;
        }
    }
    if changed {
        record(
            &txn,
            now,
            Some(me.id),
            "report.setting_changed",
            "report",
            Some(kind.as_str().to_owned()),
            serde_json::json!({ "enabled": enabled }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(String::from("/reports/settings?saved=1"))
}

/// My own targets and whether I meet them: only for myself, never for anybody else.
pub async fn own_targets(ctx: &AppContext, me: &CurrentUser) -> Result<OwnTargets, AppError> {
    let account = crate::db::user::Entity::find_by_id(me.id)
        .one(&ctx.read)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    let population = super::data::load(&ctx.read, &ctx.content(), ctx.now(), Some(me.id)).await?;
    let now = ctx.now();
    let mut targets = Vec::new();
    if let Some(person) = population.people.iter().find(|p| p.id == me.id) {
        for (competence, level) in &person.targets {
            let id = &population.competences[*competence];
            let met = population.meets(person, *competence, *level, now);
            // When meeting it ends unless a pass is refreshed: the latest end of the periods
            // that meet it now, none if one of them is for ever.
            let expires = if met {
                let ends: Vec<Option<DateTime<Utc>>> = person
                    .spans
                    .iter()
                    .filter(|(c, l, from, until)| {
                        c == competence
                            && l >= level
                            && *from <= now
                            && until.is_none_or(|u| now < u)
                    })
                    .map(|(_, _, _, until)| *until)
                    .collect();
                if ends.iter().any(Option::is_none) {
                    None
                } else {
                    ends.into_iter().flatten().max()
                }
            } else {
                None
            };
            targets.push(OwnTarget {
                competence: ctx
                    .content()
                    .competence(id)
                    .map(|c| c.title.get(me.locale).to_owned())
                    .unwrap_or_else(|| id.clone()),
                level: *level,
                met,
                expires,
                modules: ctx
                    .content()
                    .modules
                    .iter()
                    .filter(|m| m.proves.iter().any(|(c, l)| c == id && l >= level))
                    .map(|m| (m.id.clone(), m.title.get(me.locale).to_owned()))
                    .collect(),
            });
        }
    }
    Ok(OwnTargets {
        job_family: account.job_family.as_deref().and_then(|f| {
            ctx.content()
                .profiles
                .family(f)
                .map(|family| family.title.get(me.locale).to_owned())
        }),
        targets,
    })
}

/// A person's certificates count at most this often in "certificates issued", so that one
/// person can move that count by at most this much (the sensitivity its noise is scaled to).
const ISSUED_PER_PERSON: u64 = 3;

/// Organisation-wide only, so no figure can be set against another. Every count is released
/// with noise once per period; a count is shown only when it and its complement (the people it
/// does not count) both come to at least k as released.
pub async fn build_public_figures(
    ctx: &AppContext,
    locale: Locale,
) -> Result<super::PublicFigures, AppError> {
    use super::Count;
    report_access(ctx, None, ReportKind::Public).await?;
    let population = population(ctx).await?;
    let now = ctx.now();
    let period = current_period(ctx);
    let levels = population.levels(now);
    let k = ctx.settings.report_min_group_size;
    let employees = population.people.len() as u64;
    let whole = |total: u64, value: u64| {
        vec![TrueCount {
            cell: WHOLE.to_owned(),
            total,
            value,
        }]
    };
    // (released value clamped to 0..=total, group size at release, margin)
    let released = |r: std::sync::Arc<crate::privacy::server::Released>| {
        r.get(WHOLE).map(|(total, value)| {
            (
                u64::try_from(value.max(0)).unwrap_or(0).min(total),
                total,
                crate::privacy::server::margin(r.scale, 1),
            )
        })
    };
    // "1 of 145 certified" names a single person's state as surely as a hidden "1" would:
    // a count is released only when it and its complement both reach k, and only when the head
    // count itself may be shown. Decided on the released values, so the decision leaks nothing.
    let count_of = |figure: Option<(u64, u64, u64)>| match figure {
        Some((n, of, margin)) if of >= k && n >= k && of.saturating_sub(n) >= k => {
            Count::About { value: n, margin }
        }
        _ => Count::Hidden,
    };
    let share = |figure: Option<(u64, u64, u64)>| match figure {
        None => super::Cell::None,
        Some((met, total, margin)) if total >= k && met >= k && total - met >= k => {
            super::Cell::Share { met, total, margin }
        }
        Some(_) => super::Cell::Suppressed,
    };
    let public = FigureFamily::Public;
    let valid = population
        .people
        .iter()
        .filter(|p| population.certified(p, now))
        .count() as u64;
    let certified = released(
        release(ctx, public, &period, "public.certified", 1, || {
            whole(employees, valid)
        })
        .await?,
    );
    let holders = population
        .people
        .iter()
        .filter(|p| !p.certificates.is_empty())
        .count() as u64;
    let holders = released(
        release(ctx, public, &period, "public.holders", 1, || {
            whole(employees, holders)
        })
        .await?,
    );
    let issued = population
        .people
        .iter()
        .map(|p| (p.certificates.len() as u64).min(ISSUED_PER_PERSON))
        .sum::<u64>();
    let issued = release(
        ctx,
        public,
        &period,
        "public.issued",
        ISSUED_PER_PERSON as u32,
        || whole(employees * ISSUED_PER_PERSON, issued),
    )
    .await?;
    let issued = issued.get(WHOLE).map(|(_, value)| {
        (
            u64::try_from(value.max(0)).unwrap_or(0),
            crate::privacy::server::margin(issued.scale, 1),
        )
    });
    // Each person's latest pass per module; it counts while it is valid, as for the certificate.
    let members: std::collections::HashSet<Uuid> = population.people.iter().map(|p| p.id).collect();
    let latest: Vec<(Uuid, String, Option<DateTime<Utc>>)> =
        crate::db::quiz_attempt::Entity::find()
            .select_only()
            .column(crate::db::quiz_attempt::Column::UserId)
            .column(crate::db::quiz_attempt::Column::ModuleId)
            .column_as(crate::db::quiz_attempt::Column::SubmittedAt.max(), "latest")
            .filter(crate::db::quiz_attempt::Column::Passed.eq(true))
            .group_by(crate::db::quiz_attempt::Column::UserId)
            .group_by(crate::db::quiz_attempt::Column::ModuleId)
            .into_tuple()
            .all(&ctx.read)
            .await?;
    let mut passed_by_module: std::collections::HashMap<String, u64> = Default::default();
    for (user_id, module, at) in latest {
        if members.contains(&user_id)
            && at.is_some_and(|at| population.evidence_valid(&module, at, now))
        {
            *passed_by_module.entry(module).or_default() += 1;
        }
    }
    let mut modules = Vec::new();
    for module in &ctx.content().modules {
        let passed = passed_by_module.get(&module.id).copied().unwrap_or(0);
        let key = format!("public.module.{}", module.id);
        let figure =
            released(release(ctx, public, &period, &key, 1, || whole(employees, passed)).await?);
        modules.push((
            module.id.clone(),
            module.title.get(locale).to_owned(),
            count_of(figure),
        ));
    }
    let mut areas = Vec::new();
    for area in &ctx.content().areas {
        let in_area: Vec<usize> = population
            .competences
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                ctx.content()
                    .competence(c)
                    .is_some_and(|c| c.area == area.id)
            })
            .map(|(i, _)| i)
            .collect();
        if in_area.is_empty() {
            continue;
        }
        let (mut with_targets, mut meeting) = (0u64, 0u64);
        for (index, person) in population.people.iter().enumerate() {
            let targets: Vec<&(usize, u8)> = person
                .targets
                .iter()
                .filter(|(c, _)| in_area.contains(c))
                .collect();
            if !targets.is_empty() {
                with_targets += 1;
                if targets.iter().all(|(c, level)| levels[index][*c] >= *level) {
                    meeting += 1;
                }
            }
        }
        let key = format!("public.area.{}", area.id);
        let figure = released(
            release(ctx, public, &period, &key, 1, || {
                whole(with_targets, meeting)
            })
            .await?,
        );
        areas.push((
            area.id.clone(),
            area.title.get(locale).to_owned(),
            share(figure),
        ));
    }
    Ok(super::PublicFigures {
        organisation_name: ctx.settings.organisation_name.clone(),
        as_of: now,
        min_group_size: k,
        // The head count is the staff list, not a result: exact, hidden only below k.
        employees: if employees >= k {
            Count::Value(employees)
        } else {
            Count::Hidden
        },
        // Certificates, not people (one person can hold several): released only while the
        // people who ever held one, and those who never did, are both at least k as released.
        certificates_issued: match (count_of(holders), issued) {
            (Count::About { .. }, Some((value, margin))) if value >= k => {
                Count::About { value, margin }
            }
            _ => Count::Hidden,
        },
        certificates_valid: count_of(certified),
        certified: share(certified),
        modules,
        areas,
    })
}
