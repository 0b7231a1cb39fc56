//! Scouts in the database: the helpers every part shares (who is a scout, candidates, people by
//! id) and "Meine Digitalscouts". The parts: `requests` (asking, passing on, one request, sharing
//! progress), `profile` (the scout's own page), `coverage` (appointments), `impact` (the report),
//! `subscription` (the newsletter choice).

use crate::content::HasContent;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::matching::{Candidate, rank};
use super::{
    Channel, Coverage, CoverageRow, Impact, ImpactFigure, ImpactRow, Meeting, ModuleProgress,
    MyScouts, ProfileForm, RequestDetail, RequestStatus, RequestSummary, ScoutCard, TopicOption,
};
use crate::audit::server::record;
use crate::auth::{CurrentUser, Role};
use crate::context::AppContext;
use crate::db::{
    department, help_request, lesson_progress, progress_share, scout_department, scout_profile,
    scout_topic, user, user_role,
};
use crate::error::{AppError, Validation};
use crate::i18n::format::local_date_time;
use crate::i18n::{I18n, Locale};
use crate::mail::{self, MailAttachment, OutgoingMail};
use crate::privacy::FigureFamily;
use crate::privacy::server::{TrueCount, margin, release};
use crate::reports::ReportKind;
use crate::reports::suppress::{large_enough, released_large_enough};

mod coverage;
mod impact;
mod profile;
/// A request nobody answers passes on after this many working days.
mod requests;
mod subscription;

pub use coverage::*;
pub use impact::*;
pub use profile::*;
pub use requests::*;
pub use subscription::*;

pub const ANSWER_WITHIN_WORKING_DAYS: u32 = 3;
const DEFAULT_CAPACITY: i32 = 3;
const MAX_CAPACITY: u32 = 20;
const MAX_TEXT: usize = 2000;
const MAX_SHORT_TEXT: usize = 200;

/// A form's text, trimmed and with plain line ends; an empty required field or one longer than
/// `max` characters is recorded in `v`.
fn trimmed(v: &mut Validation, value: &str, field: &str, max: usize, required: bool) -> String {
    let value = value.trim().replace("\r\n", "\n");
    if required {
        v.require(&value, field);
    }
    v.max_chars(&value, max, field);
    value
}

/// A scout's topic as people read it: the competence's title, or the area's when the topic is a
/// whole area of competences; never the curriculum's internal code.
fn topic_title(ctx: &AppContext, locale: Locale, topic: &str) -> String {
    let content = ctx.content();
    content
        .competence(topic)
        .map(|c| c.title.get(locale).to_owned())
        .or_else(|| {
            content
                .areas
                .iter()
                .find(|a| a.id == topic)
                .map(|a| a.title.get(locale).to_owned())
        })
        .unwrap_or_else(|| crate::i18n::translate(locale, "scouts-topic-unknown", None))
}

fn all_topics(ctx: &AppContext, locale: Locale, gaps: &HashSet<String>) -> Vec<TopicOption> {
    let content = ctx.content();
    let mut topics: Vec<TopicOption> = content
        .competences
        .iter()
        // A newer edition's competence (DigComp 3.0) is the topic of the one it is mapped from;
        // listing both would split scouts and questions between two ids of one topic.
        .filter(|c| !content.is_mapping_target(&c.id))
        .map(|c| TopicOption {
            id: c.id.clone(),
            title: c.title.get(locale).to_owned(),
            gap: gaps.contains(&c.id),
        })
        .collect();
    topics.sort_by(|a, b| b.gap.cmp(&a.gap).then_with(|| a.title.cmp(&b.title)));
    topics
}

/// Competences the person's target profile expects and they do not meet yet.
async fn open_targets(ctx: &AppContext, person: Uuid) -> Result<HashSet<String>, AppError> {
    let population =
        crate::reports::data::load(&ctx.db, &ctx.content(), ctx.now(), Some(person)).await?;
    let now = ctx.now();
    Ok(population
        .people
        .iter()
        .find(|p| p.id == person)
        .map(|p| {
            p.targets
                .iter()
                .filter(|(competence, level)| !population.meets(p, *competence, *level, now))
                .map(|(competence, _)| population.competences[*competence].clone())
                .collect()
        })
        .unwrap_or_default())
}

/// Everyone with the scout role whose account is active.
pub async fn active_scouts(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, AppError> {
    let ids: Vec<Uuid> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(Role::Scout.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?)
}

async fn scout_ids(db: &impl ConnectionTrait) -> Result<Vec<Uuid>, AppError> {
    Ok(active_scouts(db).await?.into_iter().map(|u| u.id).collect())
}

async fn department_parents(
    db: &impl ConnectionTrait,
) -> Result<(HashMap<Uuid, Option<Uuid>>, HashMap<Uuid, String>), AppError> {
    let units = department::Entity::find().all(db).await?;
    Ok((
        units.iter().map(|d| (d.id, d.parent_id)).collect(),
        units.into_iter().map(|d| (d.id, d.name)).collect(),
    ))
}

/// Matching's view of every active scout, with their current load.
async fn candidates(db: &impl ConnectionTrait) -> Result<Vec<Candidate>, AppError> {
    let ids = scout_ids(db).await?;
    let profiles: HashMap<Uuid, scout_profile::Model> = scout_profile::Entity::find()
        .filter(scout_profile::Column::UserId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p))
        .collect();
    let mut units: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for row in scout_department::Entity::find()
        .filter(scout_department::Column::ScoutId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        units
            .entry(row.scout_id)
            .or_default()
            .push(row.department_id);
    }
    let mut topics: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in scout_topic::Entity::find()
        .filter(scout_topic::Column::ScoutId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        topics.entry(row.scout_id).or_default().push(row.competence);
    }
    let mut load: HashMap<Uuid, u32> = HashMap::new();
    for row in help_request::Entity::find()
        .filter(help_request::Column::ScoutId.is_in(ids.clone()))
        .filter(help_request::Column::Status.is_in([
            RequestStatus::Open.as_str(),
            RequestStatus::Accepted.as_str(),
        ]))
        .all(db)
        .await?
    {
        if let Some(scout) = row.scout_id {
            *load.entry(scout).or_default() += 1;
        }
    }
    Ok(ids
        .into_iter()
        .map(|id| Candidate {
            id,
            departments: units.remove(&id).unwrap_or_default(),
            topics: topics.remove(&id).unwrap_or_default(),
            open: load.get(&id).copied().unwrap_or(0),
            capacity: profiles
                .get(&id)
                .map(|p| p.capacity)
                .unwrap_or(DEFAULT_CAPACITY)
                .max(1) as u32,
        })
        .collect())
}

pub async fn users_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, user::Model>, AppError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

async fn active_shares(db: &impl ConnectionTrait, person: Uuid) -> Result<HashSet<Uuid>, AppError> {
    Ok(progress_share::Entity::find()
        .filter(progress_share::Column::UserId.eq(person))
        .filter(progress_share::Column::RevokedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.scout_id)
        .collect())
}

fn summary(
    ctx: &AppContext,
    locale: Locale,
    row: &help_request::Model,
    counterpart: Option<String>,
) -> RequestSummary {
    let status = RequestStatus::parse(&row.status);
    RequestSummary {
        id: row.id,
        topic: topic_title(ctx, locale, &row.topic),
        status,
        counterpart,
        created: local_date_time(locale, row.created_at),
        meeting: row
            .meeting_at
            .filter(|_| status == RequestStatus::Accepted)
            .map(|at| local_date_time(locale, at)),
        needs_feedback: status == RequestStatus::Closed && row.feedback_at.is_none(),
    }
}

// ---------------------------------------------------------------------------------------------
// Meine Digitalscouts

pub async fn my_scouts(ctx: &AppContext, me: &CurrentUser) -> Result<MyScouts, AppError> {
    let account = user::Entity::find_by_id(me.id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    let gaps = open_targets(ctx, me.id).await?;
    let (parents, unit_names) = department_parents(&ctx.db).await?;
    let candidates = candidates(&ctx.db).await?;
    let shared = active_shares(&ctx.db, me.id).await?;
    let profiles: HashMap<Uuid, scout_profile::Model> = scout_profile::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p))
        .collect();
    let people = users_by_id(&ctx.db, candidates.iter().map(|c| c.id)).await?;

    // Best first: scouts of one's own unit, then those whose topics meet one's open targets,
    // then closeness in the tree.
    let mut cards: Vec<(u32, Option<u32>, ScoutCard)> = candidates
        .iter()
        .filter(|c| c.id != me.id)
        .filter_map(|c| {
            let person = people.get(&c.id)?;
            let profile = profiles.get(&c.id);
            let distance = account.department_id.and_then(|unit| {
                c.departments
                    .iter()
                    .filter_map(|served| super::matching::tree_distance(unit, *served, &parents))
                    .min()
            });
            let fits = c.topics.iter().filter(|t| gaps.contains(*t)).count() as u32;
            let mut departments: Vec<String> = c
                .departments
                .iter()
                .filter_map(|d| unit_names.get(d).cloned())
                .collect();
            departments.sort();
            let mut topics: Vec<String> = c
                .topics
                .iter()
                .map(|t| topic_title(ctx, me.locale, t))
                .collect();
            topics.sort();
            Some((
                fits,
                distance,
                ScoutCard {
                    id: c.id,
                    name: person.display_name.clone(),
                    email: person.email.clone(),
                    about: profile.map(|p| p.about.clone()).unwrap_or_default(),
                    channels: profile
                        .map(|p| Channel::parse_list(&p.channels))
                        .unwrap_or_default(),
                    languages: profile.map(|p| p.languages.clone()).unwrap_or_default(),
                    office_hours: profile.map(|p| p.office_hours.clone()).unwrap_or_default(),
                    departments,
                    topics,
                    own_unit: distance == Some(0),
                    available: c.open < c.capacity,
                    shared: shared.contains(&c.id),
                },
            ))
        })
        .collect();
    cards.sort_by(|a, b| {
        let closeness = |d: Option<u32>| d.unwrap_or(u32::MAX);
        b.2.own_unit
            .cmp(&a.2.own_unit)
            .then_with(|| b.0.cmp(&a.0))
            .then_with(|| closeness(a.1).cmp(&closeness(b.1)))
            .then_with(|| a.2.name.cmp(&b.2.name))
    });

    let rows = help_request::Entity::find()
        .filter(help_request::Column::RequesterId.eq(me.id))
        .order_by_desc(help_request::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let names = users_by_id(&ctx.db, rows.iter().filter_map(|r| r.scout_id)).await?;
    let requests = rows
        .iter()
        .map(|r| {
            let scout = r
                .scout_id
                .and_then(|s| names.get(&s))
                .map(|u| u.display_name.clone());
            summary(ctx, me.locale, r, scout)
        })
        .collect();
    Ok(MyScouts {
        scouts: cards.into_iter().map(|(_, _, card)| card).collect(),
        topics: all_topics(ctx, me.locale, &gaps),
        requests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_counts_every_series_the_impact_report_draws() {
        assert_eq!(
            IMPACT_SERIES.len() as u64,
            crate::privacy::server::SCOUTS_SERIES
        );
    }

    fn request(hours_to_answer: i64, closed: bool, rating: Option<i32>) -> help_request::Model {
        let created_at = Utc::now();
        help_request::Model {
            id: Uuid::new_v4(),
            requester_id: Uuid::nil(),
            department_id: Some(Uuid::nil()),
            scout_id: None,
            topic: String::new(),
            description: String::new(),
            channel: String::new(),
            preferred_times: String::new(),
            status: if closed {
                RequestStatus::Closed.as_str().to_owned()
            } else {
                RequestStatus::Open.as_str().to_owned()
            },
            created_at,
            assigned_at: created_at,
            first_answer_at: Some(created_at + chrono::Duration::hours(hours_to_answer)),
            passed_over: "[]".to_owned(),
            meeting_at: None,
            meeting_minutes: None,
            meeting_place: None,
            meeting_sequence: 0,
            closed_at: None,
            rating,
            feedback_comment: None,
            feedback_at: None,
        }
    }

    #[test]
    fn one_person_moves_each_series_by_at_most_its_sensitivity() {
        let many: Vec<help_request::Model> = (0..12).map(|_| request(1, true, Some(5))).collect();
        let mut list: Vec<&help_request::Model> = many.iter().collect();
        let counts = contribution(&mut list);
        for (count, (key, sensitivity)) in counts.iter().zip(IMPACT_SERIES) {
            assert!(*count <= u64::from(sensitivity), "{key}: {count}");
        }
        assert_eq!(counts, [1, 5, 5, 5, 1, 50]);
        // A late answer does not count as within a day; the average rating is kept in tenths.
        let mixed = [request(30, false, Some(4)), request(2, true, Some(5))];
        let mut list: Vec<&help_request::Model> = mixed.iter().collect();
        assert_eq!(contribution(&mut list), [1, 2, 1, 1, 1, 45]);
    }

    #[test]
    fn rows_rest_on_released_counts_only() {
        let sums = ReleasedSums {
            values: [6, 8, 9, -1, 2, 80],
            cells: 1,
        };
        let row = impact_row("FB".to_owned(), &sums, &[0.0; 6], 5);
        // Clamped to what the counts can be; a rating of two noisy raters stays hidden.
        assert_eq!(
            row.closed,
            ImpactFigure::About {
                value: 8,
                margin: 0
            }
        );
        assert_eq!(
            row.answered_within_day,
            ImpactFigure::Percent {
                value: 0,
                margin: 0
            }
        );
        assert_eq!(row.satisfaction, ImpactFigure::Suppressed);
        let noisy = impact_row("FB".to_owned(), &sums, &[1.0, 5.0, 5.0, 5.0, 1.0, 50.0], 2);
        match noisy.satisfaction {
            ImpactFigure::Average { value, margin } => {
                assert!(
                    (value - 4.0).abs() < 1e-9 && margin > 0.0,
                    "{value} {margin}"
                )
            }
            other => panic!("{other:?}"),
        }
    }
}
