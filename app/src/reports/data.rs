//! The data behind the reports: active employees with their unit, job family and targets, their
//! evidence and certificates, and the measures counted from them. Nothing here leaves the server
//! unaggregated.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Months, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait};
use uuid::Uuid;

use super::suppress::{self, Counts, Figure, Pattern, Shape};
use super::{Cell, UnitRef};
use crate::content::ContentStore;
use crate::context::AppContext;
use crate::db::{certificate, department, user};
use crate::error::AppError;
use crate::privacy::server::{ReleaseRequest, Released, TrueCount, margin, release_many};

/// Says for a person (by index) whether they count in a measure and whether they meet it.
pub type Counter<'a> = Box<dyn FnMut(usize, &Person) -> Option<bool> + Send + 'a>;

/// (competence index, level, from, until)
pub type HeldSpan = (usize, u8, DateTime<Utc>, Option<DateTime<Utc>>);

/// (issued at, valid until, ended at: revoked or superseded)
pub type CertificateSpan = (DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>);

/// (holder, issued at, valid until, revoked at, superseded at) as stored.
type CertificateRow = (
    Uuid,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

/// One active employee, reduced to what the reports count.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: Uuid,
    pub unit: usize,
    /// Index into `Population::families`; `families.len()` for "no family".
    pub family: usize,
    /// (index into `Population::competences`, level)
    pub targets: Vec<(usize, u8)>,
    /// The periods in which the person held a level of a target competence: (competence index,
    /// level, from, until; `None`: for ever), from the summary (`super::summary`).
    pub spans: Vec<HeldSpan>,
    /// (issued at, valid until, ended at: revoked or superseded)
    pub certificates: Vec<CertificateSpan>,
}

#[derive(Clone, Debug)]
pub struct Population {
    /// When the data was read; the reports say "as of".
    pub loaded_at: DateTime<Utc>,
    /// In tree order.
    pub units: Vec<department::Model>,
    pub shape: Shape,
    /// Job family ids; "no family" is the group after the last.
    pub families: Vec<String>,
    /// Every competence some target profile names, in catalogue order.
    pub competences: Vec<String>,
    pub people: Vec<Person>,
    /// Module id → months a pass counts.
    refresh: HashMap<String, u32>,
}

impl Population {
    pub fn unit_index(&self, id: Uuid) -> Option<usize> {
        self.units.iter().position(|u| u.id == id)
    }

    pub fn unit_ref(&self, index: usize) -> UnitRef {
        UnitRef {
            id: self.units[index].id,
            name: self.units[index].name.clone(),
        }
    }

    pub fn children(&self, parent: Option<usize>) -> Vec<usize> {
        (0..self.units.len())
            .filter(|u| self.shape.parents[*u] == parent)
            .collect()
    }

    /// Whether a pass achieved at `at` in `module` still counts at `now`.
    pub fn evidence_valid(&self, module: &str, at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        if at > now {
            return false;
        }
        match self.refresh.get(module) {
            Some(months) => at
                .checked_add_months(Months::new(*months))
                .is_some_and(|until| until > now),
            None => true,
        }
    }

    /// Every person's level in every target competence at `at`: `[person][competence]`.
    /// Computed once per report instead of once per cell.
    pub fn levels(&self, at: DateTime<Utc>) -> Vec<Vec<u8>> {
        self.people
            .iter()
            .map(|person| {
                let mut levels = vec![0u8; self.competences.len()];
                for (competence, level, from, until) in &person.spans {
                    if levels[*competence] < *level && *from <= at && until.is_none_or(|u| at < u) {
                        levels[*competence] = *level;
                    }
                }
                levels
            })
            .collect()
    }

    /// The level a person holds in a competence at `at`.
    pub fn level(&self, person: &Person, competence: usize, at: DateTime<Utc>) -> u8 {
        person
            .spans
            .iter()
            .filter(|(c, _, from, until)| {
                *c == competence && *from <= at && until.is_none_or(|u| at < u)
            })
            .map(|(_, level, _, _)| *level)
            .max()
            .unwrap_or(0)
    }

    pub fn meets(&self, person: &Person, competence: usize, level: u8, now: DateTime<Utc>) -> bool {
        self.level(person, competence, now) >= level
    }

    pub fn certified(&self, person: &Person, now: DateTime<Utc>) -> bool {
        person.certificates.iter().any(|(issued, until, ended)| {
            *issued <= now && *until > now && ended.is_none_or(|e| e > now)
        })
    }
}

/// Loads every active employee who belongs to a unit.
pub async fn load(
    db: &impl ConnectionTrait,
    content: &ContentStore,
    now: DateTime<Utc>,
    only: Option<Uuid>,
) -> Result<Population, AppError> {
    let profiles = &content.profiles;
    let units: Vec<department::Model> =
        department::tree_order(department::Entity::find().all(db).await?)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
    let index: HashMap<Uuid, usize> = units.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let parents: Vec<Option<usize>> = units
        .iter()
        .map(|d| d.parent_id.and_then(|p| index.get(&p).copied()))
        .collect();
    // The codes of a unit and of every unit above it: a profile for a unit covers its subtree.
    let codes: Vec<Vec<String>> = (0..units.len())
        .map(|unit| {
            let mut list = Vec::new();
            let mut cursor = Some(unit);
            while let Some(current) = cursor {
                if let Some(code) = &units[current].code {
                    list.push(code.clone());
                }
                cursor = parents[current];
                if list.len() > units.len() {
                    break;
                }
            }
            list
        })
        .collect();
    let families: Vec<String> = profiles.job_families.iter().map(|f| f.id.clone()).collect();
    let competences: Vec<String> = profiles
        .target_competences(content)
        .into_iter()
        .map(|c| c.id.clone())
        .collect();
    let competence_index: HashMap<&str, usize> = competences
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();

    let accounts: Vec<(Uuid, Option<Uuid>, Option<String>)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DepartmentId)
        .column(user::Column::JobFamily)
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::DepartmentId.is_not_null())
        .apply_if(only, |q, id| q.filter(user::Column::Id.eq(id)))
        .into_tuple()
        .all(db)
        .await?;
    let mut people: Vec<Person> = Vec::with_capacity(accounts.len());
    let mut person_index: HashMap<Uuid, usize> = HashMap::with_capacity(accounts.len());
    for (id, department, family) in accounts {
        let Some(unit) = department.and_then(|d| index.get(&d).copied()) else {
            continue;
        };
        let family_index = family
            .as_deref()
            .and_then(|f| families.iter().position(|x| x == f))
            .unwrap_or(families.len());
        let code_refs: Vec<&str> = codes[unit].iter().map(String::as_str).collect();
        let targets = profiles
            .targets_for(family.as_deref(), &code_refs)
            .into_iter()
            .filter_map(|t| {
                competence_index
                    .get(t.competence.as_str())
                    .map(|c| (*c, t.level))
            })
            .collect();
        person_index.insert(id, people.len());
        people.push(Person {
            id,
            unit,
            family: family_index,
            targets,
            spans: Vec::new(),
            certificates: Vec::new(),
        });
    }
    let refresh_months = &content.certificates.refresh;
    if !competences.is_empty() {
        let mut summaries = match only {
            Some(id) => {
                HashMap::from([(id, super::summary::load_one(db, refresh_months, id).await?)])
            }
            None => super::summary::load_all(db, refresh_months).await?,
        };
        for person in &mut people {
            let Some(spans) = summaries.remove(&person.id) else {
                continue;
            };
            person.spans = spans
                .into_iter()
                .filter_map(|span| {
                    competence_index
                        .get(span.competence.as_str())
                        .map(|c| (*c, span.level, span.from, span.until))
                })
                .collect();
        }
    }
    let refresh: HashMap<String, u32> = refresh_months
        .iter()
        .map(|(m, months)| (m.clone(), *months))
        .collect();
    let certificates: Vec<CertificateRow> = certificate::Entity::find()
        .select_only()
        .column(certificate::Column::UserId)
        .column(certificate::Column::IssuedAt)
        .column(certificate::Column::ValidUntil)
        .column(certificate::Column::RevokedAt)
        .column(certificate::Column::SupersededAt)
        .apply_if(only, |q, id| q.filter(certificate::Column::UserId.eq(id)))
        .into_tuple()
        .all(db)
        .await?;
    for (user_id, issued, until, revoked, superseded) in certificates {
        if let Some(p) = person_index.get(&user_id) {
            // A renewed certificate hands over to its successor; a revoked one ends.
            let ended = match (revoked, superseded) {
                (Some(r), Some(s)) => Some(r.min(s)),
                (r, s) => r.or(s),
            };
            people[*p].certificates.push((issued, until, ended));
        }
    }
    Ok(Population {
        loaded_at: now,
        shape: Shape {
            parents,
            families: families.len() + 1,
        },
        units,
        families,
        competences,
        people,
        refresh,
    })
}

/// The data behind the reports, kept by each instance for `report_cache_seconds`, and the
/// suppression patterns, which depend only on head counts and are kept while those stay the same.
///
/// Patterns are keyed by everything they are computed from, so a hash collision between two
/// inputs only costs a comparison, never hands one organisation's pattern to another. The
/// hasher is a type parameter so that a test can make every key collide.
#[derive(Debug, Default)]
pub struct ReportCache<S = std::collections::hash_map::RandomState> {
    population: std::sync::Mutex<Option<(std::time::Instant, Arc<Population>)>>,
    patterns: std::sync::Mutex<HashMap<PatternKey, Arc<Pattern>, S>>,
}

/// What a suppression pattern depends on: the organisation's shape, the head counts and k.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PatternKey {
    parents: Vec<Option<usize>>,
    families: usize,
    direct: Vec<Vec<u64>>,
    k: u64,
}

/// At most this many patterns are kept; then the cache starts afresh.
const MAX_PATTERNS: usize = 4096;

impl<S> ReportCache<S> {
    pub async fn population(
        &self,
        db: &impl ConnectionTrait,
        content: &ContentStore,
        now: DateTime<Utc>,
        ttl_seconds: u64,
    ) -> Result<Arc<Population>, AppError> {
        let ttl = std::time::Duration::from_secs(ttl_seconds);
        if let Ok(guard) = self.population.lock()
            && let Some((at, population)) = guard.as_ref()
            && at.elapsed() < ttl
        {
            return Ok(population.clone());
        }
        let population = Arc::new(load(db, content, now, None).await?);
        if let Ok(mut guard) = self.population.lock() {
            *guard = Some((std::time::Instant::now(), population.clone()));
        }
        Ok(population)
    }
}

impl<S: std::hash::BuildHasher> ReportCache<S> {
    fn pattern(&self, shape: &Shape, counts: Counts, k: u64) -> Arc<Pattern> {
        let key = PatternKey {
            parents: shape.parents.clone(),
            families: shape.families,
            direct: counts.direct,
            k,
        };
        if let Ok(guard) = self.patterns.lock()
            && let Some(pattern) = guard.get(&key)
        {
            return pattern.clone();
        }
        let counts = Counts {
            direct: key.direct.clone(),
        };
        let pattern = Arc::new(suppress::suppress(shape, &counts, k));
        if let Ok(mut guard) = self.patterns.lock() {
            if guard.len() >= MAX_PATTERNS {
                guard.clear();
            }
            guard.insert(key, pattern.clone());
        }
        pattern
    }
}

/// A measure counted over the population and released with differential privacy: group sizes
/// per unit and family group as they were at release, noisy counts summed over each figure's
/// groups, with the suppression pattern of those group sizes.
pub struct Measure {
    pub pattern: Arc<Pattern>,
    /// Sums of the released (noisy) counts, indexed like `suppress::subtree_totals`.
    met: Vec<i64>,
    /// How many released counts each of those sums adds up (for its margin).
    groups: Vec<u64>,
    /// Noise scale of one released count.
    scale: f64,
    /// When the series was released: the figures are as of then.
    pub released_at: DateTime<Utc>,
}

/// Which series a measure is and in which period it is released.
pub struct Series<'a> {
    pub family: crate::privacy::FigureFamily,
    pub period: &'a str,
    /// Stable name of the series, e.g. `heatmap.target.<competence>`.
    pub key: &'a str,
}

impl Population {
    /// The group key of a unit and family group, as releases store it.
    pub fn group_key(&self, unit: usize, family: usize) -> String {
        crate::privacy::server::cell_key(
            self.units[unit].id,
            self.families
                .get(family)
                .map_or(super::server::NO_FAMILY, String::as_str),
        )
    }
}

impl Measure {
    /// `counts` says for each person whether they count and whether they meet the measure. The
    /// true counts are released (or the period's release is read back) and only the released
    /// counts are used from then on.
    pub async fn release(
        ctx: &AppContext,
        population: &Population,
        series: Series<'_>,
        counts: impl FnMut(usize, &Person) -> Option<bool> + Send,
    ) -> Result<Measure, AppError> {
        let mut measures = Measure::release_many(
            ctx,
            population,
            series.family,
            series.period,
            vec![(series.key, Box::new(counts) as Counter<'_>)],
        )
        .await?;
        measures.pop().ok_or(AppError::Internal)
    }

    /// Several measures of one figure family, released together (one commit for all that are
    /// new in this period), in the order given.
    pub async fn release_many(
        ctx: &AppContext,
        population: &Population,
        family: crate::privacy::FigureFamily,
        period: &str,
        series: Vec<(&str, Counter<'_>)>,
    ) -> Result<Vec<Measure>, AppError> {
        let groups = population.shape.families;
        let requests = series
            .into_iter()
            .map(|(key, mut counts)| ReleaseRequest {
                measure: key,
                sensitivity: 1,
                truth: Box::new(move || {
                    let mut n = vec![vec![0u64; groups]; population.units.len()];
                    let mut met = vec![vec![0u64; groups]; population.units.len()];
                    for (index, person) in population.people.iter().enumerate() {
                        if let Some(meets) = counts(index, person) {
                            n[person.unit][person.family] += 1;
                            if meets {
                                met[person.unit][person.family] += 1;
                            }
                        }
                    }
                    let mut list = Vec::new();
                    for unit in 0..population.units.len() {
                        for family in 0..groups {
                            if n[unit][family] > 0 {
                                list.push(TrueCount {
                                    cell: population.group_key(unit, family),
                                    total: n[unit][family],
                                    value: met[unit][family],
                                });
                            }
                        }
                    }
                    list
                }),
            })
            .collect();
        let released = release_many(ctx, family, period, requests).await?;
        let cache = ctx.part::<ReportCache>();
        Ok(released
            .iter()
            .map(|released| {
                Measure::from_released(
                    &cache,
                    population,
                    released,
                    ctx.settings.report_min_group_size,
                )
            })
            .collect())
    }

    /// Lays released counts onto today's organisation; groups of units that no longer exist
    /// drop out.
    pub fn from_released(
        cache: &ReportCache,
        population: &Population,
        released: &Released,
        min_group_size: u64,
    ) -> Measure {
        let groups = population.shape.families;
        let mut n = vec![vec![0u64; groups]; population.units.len()];
        let mut met = vec![vec![0i64; groups]; population.units.len()];
        let mut present = vec![vec![0u64; groups]; population.units.len()];
        for unit in 0..population.units.len() {
            for family in 0..groups {
                if let Some((total, value)) = released.get(&population.group_key(unit, family)) {
                    n[unit][family] = total;
                    met[unit][family] = value;
                    present[unit][family] = 1;
                }
            }
        }
        let pattern = cache.pattern(&population.shape, Counts { direct: n }, min_group_size);
        Measure {
            met: suppress::subtree_totals(&population.shape, &met),
            groups: suppress::subtree_totals(&population.shape, &present),
            scale: released.scale,
            released_at: released.released_at,
            pattern,
        }
    }

    /// The released value of a figure, clamped to what it can be.
    pub fn cell(&self, shape: &Shape, figure: Figure) -> Cell {
        let total = self.pattern.count(figure);
        if total == 0 {
            Cell::None
        } else if !self.pattern.shown(figure) {
            Cell::Suppressed
        } else {
            let index = suppress::figure_index(shape, figure);
            let met = u64::try_from(self.met[index].max(0))
                .unwrap_or(0)
                .min(total);
            Cell::Share {
                met,
                total,
                margin: margin(self.scale, self.groups[index]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, Hasher};

    use super::*;

    /// A hasher under which every key collides.
    #[derive(Debug, Default)]
    struct Colliding;

    struct Constant;

    impl Hasher for Constant {
        fn finish(&self) -> u64 {
            42
        }

        fn write(&mut self, _: &[u8]) {}
    }

    impl BuildHasher for Colliding {
        type Hasher = Constant;

        fn build_hasher(&self) -> Constant {
            Constant
        }
    }

    fn counts(direct: &[u64]) -> Counts {
        Counts {
            direct: direct.iter().map(|n| vec![*n]).collect(),
        }
    }

    #[test]
    fn inputs_whose_hashes_collide_never_share_a_suppression_pattern() {
        let cache = ReportCache::<Colliding>::default();
        // Two units at the top, one family group.
        let shape = Shape {
            parents: vec![None, None],
            families: 1,
        };
        // Two people in the first unit: it is hidden, and so is the second (the total is shown).
        let small = cache.pattern(&shape, counts(&[2, 9]), 5);
        let large = cache.pattern(&shape, counts(&[8, 9]), 5);
        let expected = suppress::suppress(&shape, &counts(&[8, 9]), 5);
        assert_eq!(
            large.totals, expected.totals,
            "the second input's own totals"
        );
        assert_eq!(
            large.hidden, expected.hidden,
            "the second input's own pattern"
        );
        assert_ne!(small.hidden, large.hidden);
        let other_k = cache.pattern(&shape, counts(&[2, 9]), 2);
        assert!(other_k.hidden.iter().all(|h| !h), "k is part of the key");
        // The same input is still served from the cache.
        assert!(Arc::ptr_eq(
            &small,
            &cache.pattern(&shape, counts(&[2, 9]), 5)
        ));
    }
}
