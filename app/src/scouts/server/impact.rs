//! The impact report per unit (HR, admin): six differentially private series per quarter,
//! with the reports' minimum group size and switch.

use super::*;

/// `(year, quarter)` of an instant in Berlin.
pub(super) fn quarter_of(at: DateTime<Utc>) -> (i32, u32) {
    use chrono::Datelike;
    let local = at.with_timezone(&Berlin);
    (local.year(), (local.month() - 1) / 3 + 1)
}

pub(super) fn quarter_name((year, quarter): (i32, u32)) -> String {
    format!("{year}-Q{quarter}")
}

pub(super) fn next_quarter((year, quarter): (i32, u32)) -> (i32, u32) {
    if quarter == 4 {
        (year + 1, 1)
    } else {
        (year, quarter + 1)
    }
}

/// The first instant of a quarter in Berlin.
pub(super) fn quarter_start((year, quarter): (i32, u32)) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(year, (quarter - 1) * 3 + 1, 1, 0, 0, 0)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_default()
}

pub(super) fn previous_quarter((year, quarter): (i32, u32)) -> (i32, u32) {
    if quarter == 1 {
        (year - 1, 4)
    } else {
        (year, quarter - 1)
    }
}

/// Requests count at most this many times per person and quarter (her first ones), so that one
/// person moves the counts of requests, closed requests and quick answers by at most this much.
pub const IMPACT_CLIP: usize = 5;

/// Ratings are released in tenths: one person's average rating (1 to 5) adds at most 50.
pub(super) const RATING_TENTHS: u64 = 50;

/// The series the impact report releases per quarter, with their sensitivity: each holds one
/// count per unit, and each person is counted in one unit only.
pub const IMPACT_SERIES: [(&str, u32); 6] = [
    // People who asked.
    ("scouts.requesters", 1),
    // Their requests, at most `IMPACT_CLIP` per person.
    ("scouts.requests", IMPACT_CLIP as u32),
    // Of those, closed.
    ("scouts.closed", IMPACT_CLIP as u32),
    // Of those, with a first answer within 24 hours.
    ("scouts.answered_day", IMPACT_CLIP as u32),
    // People who rated at least one request.
    ("scouts.raters", 1),
    // Sum over them of their average rating, in tenths.
    ("scouts.rating_tenths", RATING_TENTHS as u32),
];
pub(super) const REQUESTERS: usize = 0;
pub(super) const REQUESTS: usize = 1;
pub(super) const CLOSED: usize = 2;
pub(super) const ANSWERED_DAY: usize = 3;
pub(super) const RATERS: usize = 4;
pub(super) const RATING: usize = 5;

/// One person's contribution to each series.
pub(super) fn contribution(requests: &mut [&help_request::Model]) -> [u64; 6] {
    requests.sort_by_key(|r| r.created_at);
    let first = &requests[..requests.len().min(IMPACT_CLIP)];
    let closed = first
        .iter()
        .filter(|r| RequestStatus::parse(&r.status) == RequestStatus::Closed)
        .count();
    let answered_day = first
        .iter()
        .filter(|r| {
            r.first_answer_at
                .is_some_and(|a| a - r.created_at <= chrono::Duration::hours(24))
        })
        .count();
    let ratings: Vec<u64> = requests
        .iter()
        .filter_map(|r| r.rating)
        .filter_map(|r| u64::try_from(r.clamp(1, 5)).ok())
        .collect();
    let (raters, tenths) = if ratings.is_empty() {
        (0, 0)
    } else {
        let sum: u64 = ratings.iter().sum();
        let n = ratings.len() as u64;
        (1, ((sum * 10 + n / 2) / n).min(RATING_TENTHS))
    };
    [
        1,
        first.len() as u64,
        closed as u64,
        answered_day as u64,
        raters,
        tenths,
    ]
}

/// Released counts of one unit, or summed over several.
#[derive(Clone, Copy, Default)]
pub(super) struct ReleasedSums {
    pub(super) values: [i64; 6],
    /// Released counts added up per series (for the margin).
    pub(super) cells: u64,
}

impl ReleasedSums {
    fn add(&mut self, other: &ReleasedSums) {
        for (mine, theirs) in self.values.iter_mut().zip(other.values) {
            *mine += theirs;
        }
        self.cells += other.cells;
    }
}

/// Variance of a sum of `cells` discrete Laplace draws of `scale`.
pub(super) fn noise_variance(scale: f64, cells: u64) -> f64 {
    if scale <= 0.0 || !scale.is_finite() {
        return 0.0;
    }
    let p = (-1.0 / scale).exp();
    cells as f64 * 2.0 * p / ((1.0 - p) * (1.0 - p))
}

/// Approximate 90 % half-width of the ratio `num / den` of two independently released sums
/// (first-order error propagation); 0 for exact counts.
pub(super) fn ratio_margin(num: f64, den: f64, scales: (f64, f64), cells: u64) -> f64 {
    if den <= 0.0 {
        return 0.0;
    }
    let ratio = num / den;
    let variance =
        noise_variance(scales.0, cells) + ratio * ratio * noise_variance(scales.1, cells);
    1.645 * variance.sqrt() / den
}

/// The figures of one row, from released counts only.
pub(super) fn impact_row(
    department: String,
    sums: &ReleasedSums,
    scales: &[f64; 6],
    k: u64,
) -> ImpactRow {
    let v = |i: usize| u64::try_from(sums.values[i].max(0)).unwrap_or(0);
    let count = |i: usize, value: u64| ImpactFigure::About {
        value,
        margin: margin(scales[i], sums.cells),
    };
    let requests = v(REQUESTS);
    let answered_within_day = if requests == 0 {
        ImpactFigure::None
    } else {
        let answered = v(ANSWERED_DAY).min(requests);
        ImpactFigure::Percent {
            value: (answered * 100 + requests / 2) / requests,
            margin: (100.0
                * ratio_margin(
                    answered as f64,
                    requests as f64,
                    (scales[ANSWERED_DAY], scales[REQUESTS]),
                    sums.cells,
                ))
            .ceil() as u64,
        }
    };
    let raters = v(RATERS);
    let satisfaction = if raters == 0 {
        ImpactFigure::None
    } else if !large_enough(raters, k) {
        ImpactFigure::Suppressed
    } else {
        let tenths = v(RATING) as f64;
        let average = (tenths / (raters as f64 * 10.0)).clamp(1.0, 5.0);
        let spread = ratio_margin(
            tenths,
            raters as f64,
            (scales[RATING], scales[RATERS]),
            sums.cells,
        ) / 10.0;
        ImpactFigure::Average {
            value: (average * 10.0).round() / 10.0,
            margin: (spread * 10.0).ceil() / 10.0,
        }
    };
    ImpactRow {
        department,
        requesters: count(REQUESTERS, v(REQUESTERS)),
        requests: count(REQUESTS, requests),
        closed: count(CLOSED, v(CLOSED).min(requests)),
        answered_within_day,
        satisfaction,
    }
}

pub async fn impact(
    ctx: &AppContext,
    me: &CurrentUser,
    quarter: Option<String>,
) -> Result<Impact, AppError> {
    // Readers and the switch as for every other report, and the same minimum group size.
    crate::reports::server::report_access(ctx, Some(me), ReportKind::Scouts).await?;
    let k = ctx.settings.report_min_group_size;
    // The last eight complete quarters.
    let mut quarters = Vec::new();
    let mut cursor = previous_quarter(quarter_of(ctx.now()));
    for _ in 0..8 {
        quarters.push(cursor);
        cursor = previous_quarter(cursor);
    }
    let chosen = quarter
        .as_deref()
        .and_then(|q| quarters.iter().find(|c| quarter_name(**c) == q.trim()))
        .copied()
        .unwrap_or(quarters[0]);
    let period = quarter_name(chosen);
    // Only the chosen quarter's requests are read.
    let requests: Vec<help_request::Model> = help_request::Entity::find()
        .filter(help_request::Column::CreatedAt.gte(quarter_start(chosen)))
        .filter(help_request::Column::CreatedAt.lt(quarter_start(next_quarter(chosen))))
        .all(&ctx.db)
        .await?;
    // Each person counts in one unit only (that of her latest request in the quarter), so she
    // is in one cell of each series.
    let mut by_person: HashMap<Uuid, Vec<&help_request::Model>> = HashMap::new();
    for request in &requests {
        if request.department_id.is_some() {
            by_person
                .entry(request.requester_id)
                .or_default()
                .push(request);
        }
    }
    let mut by_unit: HashMap<Uuid, [u64; 6]> = HashMap::new();
    for mut list in by_person.into_values() {
        let Some(unit) = list
            .iter()
            .max_by_key(|r| r.created_at)
            .and_then(|r| r.department_id)
        else {
            continue;
        };
        let person = contribution(&mut list);
        let sums = by_unit.entry(unit).or_default();
        for (sum, value) in sums.iter_mut().zip(person) {
            *sum += value;
        }
    }
    // Every unit gets a cell, asked or not: which cells exist must not tell who asked. Its
    // size is the head count (not secret), at least 1 so that no unit drops out.
    let units = crate::organisation::server::list_rows(&ctx.db).await?;
    let mut released = Vec::with_capacity(IMPACT_SERIES.len());
    for (index, (key, sensitivity)) in IMPACT_SERIES.into_iter().enumerate() {
        let truth = || {
            units
                .iter()
                .map(|unit| TrueCount {
                    cell: unit.id.to_string(),
                    total: unit.headcount.max(1),
                    value: by_unit.get(&unit.id).map_or(0, |sums| sums[index]),
                })
                .collect()
        };
        released.push(release(ctx, FigureFamily::Scouts, &period, key, sensitivity, truth).await?);
    }
    let mut scales = [0.0; 6];
    for (scale, series) in scales.iter_mut().zip(&released) {
        *scale = series.scale;
    }
    // From here on only released counts are used (post-processing keeps the guarantee). A
    // unit appears only when at least k people there asked, by the released count: a row of
    // hidden figures would still tell that somebody in a small unit asked. The smaller units'
    // released counts are summed into one row, shown only when that sum reaches k.
    let mut rows = Vec::new();
    let mut pooled = ReleasedSums::default();
    for unit in units {
        let cell = unit.id.to_string();
        let mut sums = ReleasedSums {
            cells: 1,
            ..ReleasedSums::default()
        };
        let mut present = true;
        for (value, series) in sums.values.iter_mut().zip(&released) {
            match series.get(&cell) {
                Some((_, noisy)) => *value = noisy,
                None => present = false,
            }
        }
        // A unit created after the release has no counts of its own.
        if !present {
            continue;
        }
        if released_large_enough(sums.values[REQUESTERS], k) {
            rows.push(impact_row(unit.name, &sums, &scales, k));
        } else {
            pooled.add(&sums);
        }
    }
    if pooled.cells > 0 && released_large_enough(pooled.values[REQUESTERS], k) {
        rows.push(impact_row(
            crate::i18n::translate(me.locale, "scouts-impact-other-units", None),
            &pooled,
            &scales,
            k,
        ));
    }
    record(
        &ctx.db,
        ctx.now(),
        Some(me.id),
        "report.viewed",
        "report",
        Some("scouts".to_owned()),
        serde_json::json!({ "quarter": period }),
    )
    .await?;
    Ok(Impact {
        quarter: period,
        quarters: quarters.into_iter().map(quarter_name).collect(),
        min_group_size: k,
        clip: IMPACT_CLIP as u64,
        rows,
    })
}
