//! The reports' per-person summary (`person_summary`): for each competence level, the periods
//! in which the person held it. A pass of a module proves its competences from the moment it is
//! achieved until its refresh interval runs out (or for ever); the summary is the union of those
//! periods per competence and level, which answers every question the reports ask ("which level
//! at time t", "until when") exactly as the evidence rows would, in a few lines per person.
//!
//! The transaction that records a pass rewrites that person's row (`refresh_person`), so the
//! reports read one short row per employee instead of the whole evidence history. Each row names
//! the basis it was computed with (the refresh intervals and the format): a row computed with
//! another basis (content changed its refresh intervals) is computed afresh from the evidence
//! when read, and the first start after such a change rebuilds every row (`ensure_current`).
//! Whoever deletes evidence without deleting the person must call `refresh_person` too.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Months, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use crate::db::{evidence, person_summary, person_summary_basis};

/// Bumped when the meaning or the encoding of `spans` changes.
const FORMAT: &str = "spans-1";

/// Rows written per statement when every summary is rebuilt.
const BATCH: usize = 500;

/// A period in which a person held `level` in `competence`: from `from` (inclusive) to `until`
/// (exclusive; `None`: for ever).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub competence: String,
    pub level: u8,
    pub from: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

impl Span {
    pub fn holds_at(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && self.until.is_none_or(|until| at < until)
    }
}

/// From (inclusive) until (exclusive; `None`: for ever).
type Period = (DateTime<Utc>, Option<DateTime<Utc>>);

/// One recorded pass: (competence, level, module, achieved at).
pub type Pass = (String, u8, String, DateTime<Utc>);

/// What every summary depends on besides the evidence: the refresh interval of each module.
pub fn basis(refresh: &BTreeMap<String, u32>) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(FORMAT.as_bytes());
    for (module, months) in refresh {
        hasher.update(format!("\n{module}={months}").as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{FORMAT}:{hex}")
}

/// The periods that `passes` prove, merged per competence and level.
pub fn spans(passes: &[Pass], refresh: &BTreeMap<String, u32>) -> Vec<Span> {
    let mut periods: BTreeMap<(&str, u8), Vec<Period>> = BTreeMap::new();
    for (competence, level, module, at) in passes {
        let until = refresh
            .get(module)
            .map(|months| at.checked_add_months(Months::new(*months)).unwrap_or(*at));
        periods
            .entry((competence.as_str(), *level))
            .or_default()
            .push((*at, until));
    }
    let mut out = Vec::new();
    for ((competence, level), mut list) in periods {
        list.sort();
        let mut current: Option<Period> = None;
        for (from, until) in list {
            current = match current {
                // Overlapping or touching: one period.
                Some((start, end)) if end.is_none_or(|end| from <= end) => {
                    let end = match (end, until) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                    Some((start, end))
                }
                Some((start, end)) => {
                    out.push(Span {
                        competence: competence.to_owned(),
                        level,
                        from: start,
                        until: end,
                    });
                    Some((from, until))
                }
                None => Some((from, until)),
            };
        }
        if let Some((from, until)) = current {
            out.push(Span {
                competence: competence.to_owned(),
                level,
                from,
                until,
            });
        }
    }
    out
}

/// One line per span: `level from until competence` (Unix seconds, `-` for no end). The
/// competence comes last, so it may hold any character but a line break.
pub fn encode(spans: &[Span]) -> String {
    let mut text = String::with_capacity(spans.len() * 48);
    for span in spans {
        let until = span
            .until
            .map_or_else(|| "-".to_owned(), |u| u.timestamp().to_string());
        text.push_str(&format!(
            "{} {} {} {}\n",
            span.level,
            span.from.timestamp(),
            until,
            span.competence.replace('\n', " ")
        ));
    }
    text
}

/// The spans of `encode`, or `None` for text that is not (a row to compute afresh).
pub fn decode(text: &str) -> Option<Vec<Span>> {
    let mut spans = Vec::new();
    for line in text.lines() {
        let mut parts = line.splitn(4, ' ');
        let level = parts.next()?.parse().ok()?;
        let from = DateTime::from_timestamp(parts.next()?.parse().ok()?, 0)?;
        let until = match parts.next()? {
            "-" => None,
            seconds => Some(DateTime::from_timestamp(seconds.parse().ok()?, 0)?),
        };
        let competence = parts.next()?.to_owned();
        spans.push(Span {
            competence,
            level,
            from,
            until,
        });
    }
    Some(spans)
}

/// The passes recorded for `users` (all of them for `None`).
async fn passes_of(
    db: &impl ConnectionTrait,
    users: Option<&[Uuid]>,
) -> Result<HashMap<Uuid, Vec<Pass>>, sea_orm::DbErr> {
    let mut query = evidence::Entity::find()
        .select_only()
        .column(evidence::Column::UserId)
        .column(evidence::Column::CompetenceId)
        .column(evidence::Column::Level)
        .column(evidence::Column::ModuleId)
        .column(evidence::Column::AchievedAt);
    if let Some(users) = users {
        query = query.filter(evidence::Column::UserId.is_in(users.iter().copied()));
    }
    let rows: Vec<(Uuid, String, i32, String, DateTime<Utc>)> = query.into_tuple().all(db).await?;
    let mut passes: HashMap<Uuid, Vec<Pass>> = HashMap::new();
    for (user, competence, level, module, at) in rows {
        passes.entry(user).or_default().push((
            competence,
            u8::try_from(level).unwrap_or(0),
            module,
            at,
        ));
    }
    Ok(passes)
}

fn row(user: Uuid, spans: &[Span], basis: &str) -> person_summary::ActiveModel {
    person_summary::ActiveModel {
        user_id: Set(user),
        spans: Set(encode(spans)),
        basis: Set(basis.to_owned()),
    }
}

fn upsert() -> OnConflict {
    OnConflict::column(person_summary::Column::UserId)
        .update_columns([person_summary::Column::Spans, person_summary::Column::Basis])
        .to_owned()
}

/// Computes one person's summary afresh from their evidence, inside the caller's transaction
/// (the one that records the pass).
pub async fn refresh_person(
    db: &impl ConnectionTrait,
    refresh: &BTreeMap<String, u32>,
    user: Uuid,
) -> Result<(), sea_orm::DbErr> {
    let spans = load_one(db, refresh, user).await?;
    person_summary::Entity::insert(row(user, &spans, &basis(refresh)))
        .on_conflict(upsert())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Computes every person's summary afresh, in one transaction, and records the basis.
pub async fn rebuild_all(
    db: &DatabaseConnection,
    refresh: &BTreeMap<String, u32>,
) -> Result<usize, sea_orm::DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        // Another instance's pass waits until the rebuild is committed and then writes its
        // person's row from the evidence it sees, its own pass included; one that wrote before
        // is committed before the evidence is read here. (SQLite has one writer anyway.)
        txn.execute_unprepared("LOCK TABLE person_summary IN EXCLUSIVE MODE")
            .await?;
    }
    let basis = basis(refresh);
    let passes = passes_of(&txn, None).await?;
    person_summary::Entity::delete_many().exec(&txn).await?;
    let rows: Vec<person_summary::ActiveModel> = passes
        .iter()
        .map(|(user, passes)| row(*user, &spans(passes, refresh), &basis))
        .collect();
    let count = rows.len();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<_> = rows.by_ref().take(BATCH).collect();
        person_summary::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await?;
    }
    person_summary_basis::Entity::insert(person_summary_basis::ActiveModel {
        id: Set(1),
        basis: Set(basis),
    })
    .on_conflict(
        OnConflict::column(person_summary_basis::Column::Id)
            .update_column(person_summary_basis::Column::Basis)
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(count)
}

/// Rebuilds every summary when they were built with another basis (first start after the
/// migration, or after the content changed a refresh interval). Returns whether it did.
pub async fn ensure_current(
    db: &DatabaseConnection,
    refresh: &BTreeMap<String, u32>,
) -> Result<bool, sea_orm::DbErr> {
    let stored = person_summary_basis::Entity::find_by_id(1).one(db).await?;
    if stored.is_some_and(|s| s.basis == basis(refresh)) {
        return Ok(false);
    }
    let people = rebuild_all(db, refresh).await?;
    tracing::info!(
        people,
        "report summaries rebuilt for the current refresh intervals"
    );
    Ok(true)
}

/// Every person's spans, for the reports. Rows of another basis are computed afresh from the
/// evidence here (nothing is written: this runs on the reader).
pub async fn load_all(
    db: &impl ConnectionTrait,
    refresh: &BTreeMap<String, u32>,
) -> Result<HashMap<Uuid, Vec<Span>>, sea_orm::DbErr> {
    let basis = basis(refresh);
    let rows: Vec<(Uuid, String, String)> = person_summary::Entity::find()
        .select_only()
        .column(person_summary::Column::UserId)
        .column(person_summary::Column::Spans)
        .column(person_summary::Column::Basis)
        .into_tuple()
        .all(db)
        .await?;
    let mut out = HashMap::with_capacity(rows.len());
    let mut stale = Vec::new();
    for (user, text, row_basis) in rows {
        match decode(&text).filter(|_| row_basis == basis) {
            Some(spans) => {
                out.insert(user, spans);
            }
            None => stale.push(user),
        }
    }
    for chunk in stale.chunks(BATCH) {
        for (user, passes) in passes_of(db, Some(chunk)).await? {
            out.insert(user, spans(&passes, refresh));
        }
    }
    Ok(out)
}

/// One person's spans straight from the evidence (their own page, their scout's view).
pub async fn load_one(
    db: &impl ConnectionTrait,
    refresh: &BTreeMap<String, u32>,
    user: Uuid,
) -> Result<Vec<Span>, sea_orm::DbErr> {
    let passes = passes_of(db, Some(&[user])).await?;
    Ok(spans(
        passes.get(&user).map_or(&[][..], Vec::as_slice),
        refresh,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, month: u32, year: i32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(year, month, day)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|d| d.and_utc())
            .unwrap_or_default()
    }

    fn pass(competence: &str, level: u8, module: &str, when: DateTime<Utc>) -> Pass {
        (competence.into(), level, module.into(), when)
    }

    /// The level at `t` as the reports computed it from every pass before the summary existed.
    fn level_from_passes(
        passes: &[Pass],
        refresh: &BTreeMap<String, u32>,
        competence: &str,
        t: DateTime<Utc>,
    ) -> u8 {
        passes
            .iter()
            .filter(|(c, _, module, when)| {
                c == competence
                    && *when <= t
                    && refresh.get(module).is_none_or(|months| {
                        when.checked_add_months(Months::new(*months))
                            .is_some_and(|until| until > t)
                    })
            })
            .map(|(_, level, _, _)| *level)
            .max()
            .unwrap_or(0)
    }

    fn level_from_spans(spans: &[Span], competence: &str, t: DateTime<Utc>) -> u8 {
        spans
            .iter()
            .filter(|s| s.competence == competence && s.holds_at(t))
            .map(|s| s.level)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn spans_answer_every_time_as_the_passes_do() {
        let refresh: BTreeMap<String, u32> = [("security".to_owned(), 12)].into();
        let passes = vec![
            pass("2.1", 2, "basics", at(1, 2, 2024)),
            pass("4.1", 1, "security", at(1, 3, 2024)),
            // Refreshed in time: one period.
            pass("4.1", 1, "security", at(1, 1, 2025)),
            // After a gap: a period of its own.
            pass("4.1", 1, "security", at(1, 6, 2026)),
            pass("4.1", 2, "advanced", at(1, 9, 2025)),
            pass("2.1", 1, "security", at(1, 1, 2024)),
        ];
        let spans = spans(&passes, &refresh);
        let decoded = decode(&encode(&spans)).unwrap_or_default();
        assert_eq!(decoded, spans);
        let mut t = at(1, 12, 2023);
        while t < at(1, 12, 2027) {
            for competence in ["2.1", "4.1", "5.5"] {
                assert_eq!(
                    level_from_spans(&decoded, competence, t),
                    level_from_passes(&passes, &refresh, competence, t),
                    "{competence} at {t}"
                );
            }
            t += chrono::Duration::days(3);
        }
        // Three periods of 4.1 at level 1 (two merged passes, the gap, the late pass) are two.
        assert_eq!(
            spans
                .iter()
                .filter(|s| s.competence == "4.1" && s.level == 1)
                .count(),
            2
        );
    }

    #[test]
    fn the_basis_changes_with_a_refresh_interval() {
        let one: BTreeMap<String, u32> = [("security".to_owned(), 12)].into();
        let other: BTreeMap<String, u32> = [("security".to_owned(), 24)].into();
        assert_ne!(basis(&one), basis(&other));
        assert_eq!(basis(&one), basis(&one.clone()));
    }

    #[test]
    fn text_that_is_not_a_summary_is_refused() {
        assert!(decode("x 1 - 2.1\n").is_none());
        assert!(decode("1 1\n").is_none());
        assert_eq!(decode(""), Some(Vec::new()));
    }
}
