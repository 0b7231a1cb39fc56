//! Scouts, help requests and shared progress in the database.

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
use crate::error::AppError;
use crate::i18n::format::local_date_time;
use crate::i18n::{I18n, Locale};
use crate::mail::{self, MailAttachment, OutgoingMail};
use crate::privacy::FigureFamily;
use crate::privacy::server::{TrueCount, margin, release};
use crate::reports::ReportKind;
use crate::reports::suppress::{large_enough, released_large_enough};

/// A request nobody answers passes on after this many working days.
pub const ANSWER_WITHIN_WORKING_DAYS: u32 = 3;
const DEFAULT_CAPACITY: i32 = 3;
const MAX_CAPACITY: u32 = 20;
const MAX_TEXT: usize = 2000;
const MAX_SHORT_TEXT: usize = 200;

fn parse_id(value: &str) -> Result<Uuid, AppError> {
    value.trim().parse().map_err(|_| AppError::NotFound)
}

fn trimmed(value: &str, field: &str, max: usize, required: bool) -> Result<String, AppError> {
    let value = value.trim().replace("\r\n", "\n");
    if required && value.is_empty() {
        return Err(AppError::invalid(field, "field-required"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, "field-too-long"));
    }
    Ok(value)
}

fn topic_title(ctx: &AppContext, locale: Locale, topic: &str) -> String {
    ctx.content()
        .competence(topic)
        .map(|c| c.title.get(locale).to_owned())
        .unwrap_or_else(|| topic.to_owned())
}

fn all_topics(ctx: &AppContext, locale: Locale, gaps: &HashSet<String>) -> Vec<TopicOption> {
    let mut topics: Vec<TopicOption> = ctx
        .content()
        .competences
        .iter()
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

// ---------------------------------------------------------------------------------------------
// Asking and passing on

fn request_link(ctx: &AppContext, id: Uuid) -> String {
    format!("{}/help/{id}", ctx.settings.base_url)
}

/// Tells a scout that a request waits for them.
async fn mail_new_request(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    request: &help_request::Model,
    scout: &user::Model,
    requester: &user::Model,
) -> Result<(), AppError> {
    let locale = Locale::from_code(&scout.locale).unwrap_or_default();
    let due = super::workdays::add_working_days(request.assigned_at, ANSWER_WITHIN_WORKING_DAYS);
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: scout.email.clone(),
            locale,
            template: "help_request",
            context: serde_json::json!({
                "name": scout.display_name,
                "requester": requester.display_name,
                "topic": topic_title(ctx, locale, &request.topic),
                "channel": I18n { locale }.t(Channel::parse(&request.channel).unwrap_or(Channel::InPerson).label_key()),
                "due": local_date_time(locale, due),
                "link": request_link(ctx, request.id),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!(
                "help-request-{}-{}-{}",
                request.id,
                scout.id,
                request.assigned_at.timestamp()
            )),
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    Ok(())
}

/// Tells the colleague that no scout could take their request.
async fn mail_unassigned(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    request: &help_request::Model,
    requester: &user::Model,
) -> Result<(), AppError> {
    let locale = Locale::from_code(&requester.locale).unwrap_or_default();
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: requester.email.clone(),
            locale,
            template: "help_unassigned",
            context: serde_json::json!({
                "name": requester.display_name,
                "topic": topic_title(ctx, locale, &request.topic),
                "link": request_link(ctx, request.id),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!("help-unassigned-{}", request.id)),
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    Ok(())
}

/// Addresses the request to the best scout it has not passed over yet (or marks it unassigned)
/// and queues the mail. `passed` is the updated passed-over list.
async fn assign_next(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    request: help_request::Model,
    passed: Vec<Uuid>,
) -> Result<help_request::Model, AppError> {
    let requester = user::Entity::find_by_id(request.requester_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let (parents, _) = department_parents(txn).await?;
    let excluded: HashSet<Uuid> = passed.iter().copied().collect();
    let ranked = rank(
        &candidates(txn).await?,
        requester.id,
        request.department_id,
        &request.topic,
        &parents,
        &excluded,
    );
    let now = ctx.now();
    let next = ranked.first().map(|r| r.id);
    let mut active: help_request::ActiveModel = request.into();
    active.passed_over = Set(serde_json::to_string(&passed).unwrap_or_else(|_| "[]".to_owned()));
    active.scout_id = Set(next);
    active.assigned_at = Set(now);
    active.status = Set(match next {
        Some(_) => RequestStatus::Open.as_str().to_owned(),
        None => RequestStatus::Unassigned.as_str().to_owned(),
    });
    let updated = active.update(txn).await?;
    match next {
        Some(scout) => {
            let scout = user::Entity::find_by_id(scout)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            mail_new_request(txn, ctx, &updated, &scout, &requester).await?;
        }
        None => mail_unassigned(txn, ctx, &updated, &requester).await?,
    }
    Ok(updated)
}

pub async fn ask(
    ctx: &AppContext,
    me: &CurrentUser,
    topic: String,
    description: String,
    channel: String,
    preferred_times: String,
    scout: Option<String>,
) -> Result<String, AppError> {
    let mut errors = Vec::new();
    let topic = topic.trim().to_owned();
    if ctx.content().competence(&topic).is_none() {
        errors.push(crate::error::FieldError {
            field: "topic".to_owned(),
            message: "field-invalid-choice".to_owned(),
        });
    }
    let description = trimmed(&description, "description", MAX_TEXT, true);
    let preferred_times = trimmed(&preferred_times, "preferred_times", MAX_SHORT_TEXT, false);
    let channel = Channel::parse(&channel);
    if channel.is_none() {
        errors.push(crate::error::FieldError {
            field: "channel".to_owned(),
            message: "field-invalid-choice".to_owned(),
        });
    }
    for result in [&description, &preferred_times] {
        if let Err(err) = result {
            errors.extend(err.field_errors().iter().cloned());
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (description, preferred_times) = (description?, preferred_times?);
    let channel = channel.unwrap_or(Channel::InPerson);
    let chosen = match scout
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "auto")
    {
        None => None,
        Some(id) => Some(
            id.parse::<Uuid>()
                .map_err(|_| AppError::invalid("scout", "field-invalid-choice"))?,
        ),
    };

    let txn = ctx.db.begin().await?;
    let account = user::Entity::find_by_id(me.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    let now = ctx.now();
    let id = Uuid::new_v4();
    let request = help_request::ActiveModel {
        id: Set(id),
        requester_id: Set(me.id),
        department_id: Set(account.department_id),
        scout_id: Set(None),
        topic: Set(topic),
        description: Set(description),
        channel: Set(channel.as_str().to_owned()),
        preferred_times: Set(preferred_times),
        status: Set(RequestStatus::Open.as_str().to_owned()),
        created_at: Set(now),
        assigned_at: Set(now),
        first_answer_at: Set(None),
        passed_over: Set("[]".to_owned()),
        meeting_at: Set(None),
        meeting_minutes: Set(None),
        meeting_place: Set(None),
        meeting_sequence: Set(0),
        closed_at: Set(None),
        rating: Set(None),
        feedback_comment: Set(None),
        feedback_at: Set(None),
    }
    .insert(&txn)
    .await?;
    match chosen {
        Some(scout_id) => {
            // The colleague's own choice, if that scout can take it; otherwise matching.
            let fits = candidates(&txn)
                .await?
                .into_iter()
                .any(|c| c.id == scout_id && c.id != me.id && c.open < c.capacity);
            if !fits {
                return Err(AppError::invalid("scout", "scouts-scout-unavailable"));
            }
            let scout = user::Entity::find_by_id(scout_id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut active: help_request::ActiveModel = request.into();
            active.scout_id = Set(Some(scout_id));
            let request = active.update(&txn).await?;
            mail_new_request(&txn, ctx, &request, &scout, &account).await?;
        }
        None => {
            assign_next(&txn, ctx, request, Vec::new()).await?;
        }
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    tracing::info!(request = %id, "help request created");
    Ok(format!("/help/{id}?sent=1"))
}

/// Passes requests whose scout has not answered within three working days to the next scout.
/// Returns how many were passed on. Safe to run on several instances at once: each request is
/// moved with a guarded update, so only one instance moves it.
pub async fn pass_overdue_requests(ctx: &AppContext) -> Result<usize, AppError> {
    let now = ctx.now();
    let open = help_request::Entity::find()
        .filter(help_request::Column::Status.eq(RequestStatus::Open.as_str()))
        .filter(help_request::Column::ScoutId.is_not_null())
        .all(&ctx.db)
        .await?;
    let mut passed_on = 0;
    for request in open {
        let due =
            super::workdays::add_working_days(request.assigned_at, ANSWER_WITHIN_WORKING_DAYS);
        if due > now {
            continue;
        }
        let txn = ctx.db.begin().await?;
        // Claim it: unchanged since we read it.
        let claimed = help_request::Entity::update_many()
            .col_expr(
                help_request::Column::AssignedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(help_request::Column::Id.eq(request.id))
            .filter(help_request::Column::Status.eq(RequestStatus::Open.as_str()))
            .filter(help_request::Column::AssignedAt.eq(request.assigned_at))
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let mut passed: Vec<Uuid> = serde_json::from_str(&request.passed_over).unwrap_or_default();
        if let Some(scout) = request.scout_id {
            passed.push(scout);
        }
        let Some(fresh) = help_request::Entity::find_by_id(request.id)
            .one(&txn)
            .await?
        else {
            continue;
        };
        let updated = assign_next(&txn, ctx, fresh, passed).await?;
        txn.commit().await?;
        tracing::info!(request = %updated.id, status = %updated.status, "help request passed on after three working days");
        passed_on += 1;
    }
    if passed_on > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(passed_on)
}

// ---------------------------------------------------------------------------------------------
// One request

/// The request, if `me` is its requester or the scout it is addressed to. Anyone else learns
/// nothing, not even that it exists.
async fn visible_request(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: &str,
) -> Result<help_request::Model, AppError> {
    let id = parse_id(id)?;
    let request = help_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if request.requester_id == me.id || request.scout_id == Some(me.id) {
        Ok(request)
    } else {
        Err(AppError::NotFound)
    }
}

/// The request, if `me` is the scout it is addressed to.
async fn scouts_request(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    id: &str,
) -> Result<help_request::Model, AppError> {
    let request = visible_request(db, me, id).await?;
    if request.scout_id == Some(me.id) && me.has(Role::Scout) {
        Ok(request)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn progress_of(
    ctx: &AppContext,
    person: Uuid,
    locale: Locale,
) -> Result<Vec<ModuleProgress>, AppError> {
    let passed = crate::learning::server::passed_modules(ctx, person).await?;
    let mut read: HashMap<String, u32> = HashMap::new();
    for row in lesson_progress::Entity::find()
        .filter(lesson_progress::Column::UserId.eq(person))
        .all(&ctx.db)
        .await?
    {
        *read.entry(row.module_id).or_default() += 1;
    }
    Ok(ctx
        .content()
        .modules
        .iter()
        .map(|m| ModuleProgress {
            title: m.title.get(locale).to_owned(),
            lessons: m.lessons.len() as u32,
            lessons_done: read
                .get(&m.id)
                .copied()
                .unwrap_or(0)
                .min(m.lessons.len() as u32),
            passed: passed.contains(&m.id),
        })
        .collect())
}

pub async fn request_detail(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<RequestDetail, AppError> {
    let request = visible_request(&ctx.db, me, &id).await?;
    let people = users_by_id(
        &ctx.db,
        [Some(request.requester_id), request.scout_id]
            .into_iter()
            .flatten(),
    )
    .await?;
    let requester = people
        .get(&request.requester_id)
        .ok_or(AppError::NotFound)?;
    let viewer_is_scout = request.scout_id == Some(me.id) && request.requester_id != me.id;
    // Progress only while the colleague shares it with exactly this scout.
    let progress = if viewer_is_scout
        && active_shares(&ctx.db, request.requester_id)
            .await?
            .contains(&me.id)
    {
        Some(progress_of(ctx, request.requester_id, me.locale).await?)
    } else {
        None
    };
    let meeting = request.meeting_at.map(|at| {
        let local = at.with_timezone(&Berlin);
        Meeting {
            when: local_date_time(me.locale, at),
            minutes: request.meeting_minutes.unwrap_or(30).max(0) as u32,
            place: request.meeting_place.clone().unwrap_or_default(),
            date_value: local.format("%Y-%m-%d").to_string(),
            time_value: local.format("%H:%M").to_string(),
        }
    });
    Ok(RequestDetail {
        id: request.id,
        viewer_is_scout,
        requester: requester.display_name.clone(),
        requester_email: requester.email.clone(),
        scout: request
            .scout_id
            .and_then(|s| people.get(&s))
            .map(|u| u.display_name.clone()),
        topic: topic_title(ctx, me.locale, &request.topic),
        description: request.description.clone(),
        channel: Channel::parse(&request.channel).unwrap_or(Channel::InPerson),
        preferred_times: request.preferred_times.clone(),
        status: RequestStatus::parse(&request.status),
        created: local_date_time(me.locale, request.created_at),
        meeting,
        rating: request.rating.map(|r| r.clamp(1, 5) as u8),
        feedback_comment: request.feedback_comment.clone(),
        progress,
    })
}

/// A local date and time in Berlin as an instant; a time that does not exist is refused.
pub fn local_instant(date: &str, time: &str) -> Result<DateTime<Utc>, AppError> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("date", "field-invalid-date"))?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .map_err(|_| AppError::invalid("time", "field-invalid-time"))?;
    Berlin
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| AppError::invalid("time", "field-invalid-time"))
}

pub async fn schedule(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    date: String,
    time: String,
    minutes: String,
    place: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let at = local_instant(&date, &time)?;
    let now = ctx.now();
    if at <= now {
        return Err(AppError::invalid("date", "scouts-meeting-in-past"));
    }
    let minutes: i32 = minutes
        .trim()
        .parse()
        .ok()
        .filter(|m| (10..=240).contains(m))
        .ok_or_else(|| AppError::invalid("minutes", "scouts-meeting-minutes-range"))?;
    let place = trimmed(&place, "place", MAX_SHORT_TEXT, true)?;
    let txn = ctx.db.begin().await?;
    let request = scouts_request(&txn, me, &id).await?;
    let status = RequestStatus::parse(&request.status);
    if !status.is_active() {
        return Err(AppError::Conflict("scouts-request-not-active".to_owned()));
    }
    let sequence = if request.meeting_at.is_some() {
        request.meeting_sequence + 1
    } else {
        0
    };
    let mut active: help_request::ActiveModel = request.clone().into();
    active.status = Set(RequestStatus::Accepted.as_str().to_owned());
    active.meeting_at = Set(Some(at));
    active.meeting_minutes = Set(Some(minutes));
    active.meeting_place = Set(Some(place.clone()));
    active.meeting_sequence = Set(sequence);
    if request.first_answer_at.is_none() {
        active.first_answer_at = Set(Some(now));
    }
    let updated = active.update(&txn).await?;
    let people = users_by_id(&txn, [updated.requester_id, me.id]).await?;
    let requester = people
        .get(&updated.requester_id)
        .ok_or(AppError::NotFound)?;
    let scout = people.get(&me.id).ok_or(AppError::NotFound)?;
    for (recipient, other) in [(requester, scout), (scout, requester)] {
        let locale = Locale::from_code(&recipient.locale).unwrap_or_default();
        let topic = topic_title(ctx, locale, &updated.topic);
        let invitation = super::ics::Invitation {
            uid: format!("{}@{}", updated.id, ctx.settings.mail_domain),
            sequence: sequence as u32,
            stamp: now,
            start: at,
            minutes: minutes as u32,
            summary: I18n { locale }.t_args(
                "scouts-ics-summary",
                [
                    ("topic", topic.clone().into()),
                    ("name", other.display_name.clone().into()),
                ],
            ),
            description: format!(
                "{}\n{}",
                I18n { locale }.t(Channel::parse(&updated.channel)
                    .unwrap_or(Channel::InPerson)
                    .label_key()),
                request_link(ctx, updated.id)
            ),
            location: place.clone(),
            organizer: (scout.display_name.clone(), scout.email.clone()),
            attendee: (requester.display_name.clone(), requester.email.clone()),
            cancelled: false,
        };
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: recipient.email.clone(),
                locale,
                template: "help_meeting",
                context: serde_json::json!({
                    "name": recipient.display_name,
                    "other": other.display_name,
                    "topic": topic,
                    "when": local_date_time(locale, at),
                    "minutes": minutes,
                    "place": place,
                    "moved": sequence > 0,
                    "link": request_link(ctx, updated.id),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(format!(
                    "help-meeting-{}-{}-{sequence}",
                    updated.id, recipient.id
                )),
                list_unsubscribe: None,
                attachment: Some(MailAttachment {
                    filename: "termin.ics".to_owned(),
                    content_type: "text/calendar; charset=UTF-8; method=REQUEST".to_owned(),
                    bytes: invitation.to_ics().into_bytes(),
                }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(format!("/help/{}?scheduled=1", updated.id))
}

pub async fn decline(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let txn = ctx.db.begin().await?;
    let request = scouts_request(&txn, me, &id).await?;
    if RequestStatus::parse(&request.status) != RequestStatus::Open {
        return Err(AppError::Conflict("scouts-request-not-open".to_owned()));
    }
    let mut passed: Vec<Uuid> = serde_json::from_str(&request.passed_over).unwrap_or_default();
    passed.push(me.id);
    let mut active: help_request::ActiveModel = request.clone().into();
    if request.first_answer_at.is_none() {
        active.first_answer_at = Set(Some(ctx.now()));
    }
    let request = active.update(&txn).await?;
    assign_next(&txn, ctx, request, passed).await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from("/scouts/profile?declined=1"))
}

pub async fn close(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let txn = ctx.db.begin().await?;
    let request = scouts_request(&txn, me, &id).await?;
    if RequestStatus::parse(&request.status) != RequestStatus::Accepted {
        return Err(AppError::Conflict("scouts-request-not-accepted".to_owned()));
    }
    let mut active: help_request::ActiveModel = request.into();
    active.status = Set(RequestStatus::Closed.as_str().to_owned());
    active.closed_at = Set(Some(ctx.now()));
    let request = active.update(&txn).await?;
    let requester = user::Entity::find_by_id(request.requester_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = Locale::from_code(&requester.locale).unwrap_or_default();
    mail::enqueue(
        &txn,
        ctx,
        OutgoingMail {
            to: requester.email.clone(),
            locale,
            template: "help_feedback",
            context: serde_json::json!({
                "name": requester.display_name,
                "scout": me.display_name,
                "topic": topic_title(ctx, locale, &request.topic),
                "link": format!("{}#feedback", request_link(ctx, request.id)),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!("help-feedback-{}", request.id)),
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(format!("/help/{}?closed=1", request.id))
}

pub async fn withdraw(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    let txn = ctx.db.begin().await?;
    let request = visible_request(&txn, me, &id).await?;
    if request.requester_id != me.id {
        return Err(AppError::Forbidden);
    }
    let status = RequestStatus::parse(&request.status);
    if !(status.is_active() || status == RequestStatus::Unassigned) {
        return Err(AppError::Conflict("scouts-request-not-active".to_owned()));
    }
    let mut active: help_request::ActiveModel = request.into();
    active.status = Set(RequestStatus::Withdrawn.as_str().to_owned());
    active.closed_at = Set(Some(ctx.now()));
    let request = active.update(&txn).await?;
    txn.commit().await?;
    Ok(format!("/help/{}?withdrawn=1", request.id))
}

pub async fn feedback(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    rating: String,
    comment: String,
) -> Result<String, AppError> {
    let rating: i32 = rating
        .trim()
        .parse()
        .ok()
        .filter(|r| (1..=5).contains(r))
        .ok_or_else(|| AppError::invalid("rating", "scouts-rating-range"))?;
    let comment = trimmed(&comment, "comment", MAX_TEXT, false)?;
    let txn = ctx.db.begin().await?;
    let request = visible_request(&txn, me, &id).await?;
    if request.requester_id != me.id {
        return Err(AppError::Forbidden);
    }
    if RequestStatus::parse(&request.status) != RequestStatus::Closed {
        return Err(AppError::Conflict("scouts-request-not-closed".to_owned()));
    }
    if request.feedback_at.is_some() {
        return Err(AppError::Conflict("scouts-feedback-given".to_owned()));
    }
    let mut active: help_request::ActiveModel = request.into();
    active.rating = Set(Some(rating));
    active.feedback_comment = Set((!comment.is_empty()).then_some(comment));
    active.feedback_at = Set(Some(ctx.now()));
    let request = active.update(&txn).await?;
    txn.commit().await?;
    Ok(format!("/help/{}?thanks=1", request.id))
}

// ---------------------------------------------------------------------------------------------
// Sharing progress

pub async fn set_share(
    ctx: &AppContext,
    me: &CurrentUser,
    scout: String,
    share: bool,
) -> Result<String, AppError> {
    let scout = parse_id(&scout)?;
    let txn = ctx.db.begin().await?;
    if share && !scout_ids(&txn).await?.contains(&scout) {
        return Err(AppError::NotFound);
    }
    let now = ctx.now();
    let current = progress_share::Entity::find()
        .filter(progress_share::Column::UserId.eq(me.id))
        .filter(progress_share::Column::ScoutId.eq(scout))
        .filter(progress_share::Column::RevokedAt.is_null())
        .all(&txn)
        .await?;
    let changed = match (share, current.is_empty()) {
        (true, true) => {
            progress_share::ActiveModel {
                id: Set(Uuid::new_v4()),
                user_id: Set(me.id),
                scout_id: Set(scout),
                granted_at: Set(now),
                revoked_at: Set(None),
            }
            .insert(&txn)
            .await?;
            true
        }
        (false, false) => {
            for row in current {
                let mut active: progress_share::ActiveModel = row.into();
                active.revoked_at = Set(Some(now));
                active.update(&txn).await?;
            }
            true
        }
        _ => false,
    };
    if changed {
        record(
            &txn,
            now,
            Some(me.id),
            if share {
                "progress.shared"
            } else {
                "progress.share_revoked"
            },
            "user",
            Some(scout.to_string()),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(String::from(if share {
        "/scouts?shared=1"
    } else {
        "/scouts?revoked=1"
    }))
}

// ---------------------------------------------------------------------------------------------
// The scout's own page

pub async fn profile(ctx: &AppContext, me: &CurrentUser) -> Result<ProfileForm, AppError> {
    me.require_any(&[Role::Scout])?;
    let profile = scout_profile::Entity::find_by_id(me.id)
        .one(&ctx.db)
        .await?;
    let departments = scout_department::Entity::find()
        .filter(scout_department::Column::ScoutId.eq(me.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.department_id)
        .collect();
    let topics = scout_topic::Entity::find()
        .filter(scout_topic::Column::ScoutId.eq(me.id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.competence)
        .collect();
    let rows = help_request::Entity::find()
        .filter(help_request::Column::ScoutId.eq(me.id))
        .order_by_desc(help_request::Column::CreatedAt)
        .all(&ctx.db)
        .await?;
    let names = users_by_id(&ctx.db, rows.iter().map(|r| r.requester_id)).await?;
    let inbox = rows
        .iter()
        .filter(|r| RequestStatus::parse(&r.status) != RequestStatus::Withdrawn)
        .map(|r| {
            summary(
                ctx,
                me.locale,
                r,
                names.get(&r.requester_id).map(|u| u.display_name.clone()),
            )
        })
        .collect();
    let closed: Vec<&help_request::Model> = rows
        .iter()
        .filter(|r| RequestStatus::parse(&r.status) == RequestStatus::Closed)
        .collect();
    let (median_answer_hours, average_rating) = answer_figures(&rows.iter().collect::<Vec<_>>());
    Ok(ProfileForm {
        about: profile
            .as_ref()
            .map(|p| p.about.clone())
            .unwrap_or_default(),
        channels: profile
            .as_ref()
            .map(|p| Channel::parse_list(&p.channels))
            .unwrap_or_else(|| vec![Channel::InPerson]),
        languages: profile
            .as_ref()
            .map(|p| p.languages.clone())
            .unwrap_or_default(),
        capacity: profile
            .as_ref()
            .map(|p| p.capacity)
            .unwrap_or(DEFAULT_CAPACITY)
            .max(1) as u32,
        office_hours: profile
            .as_ref()
            .map(|p| p.office_hours.clone())
            .unwrap_or_default(),
        departments,
        topics,
        all_departments: crate::organisation::server::list_rows(&ctx.db).await?,
        all_topics: all_topics(ctx, me.locale, &HashSet::new()),
        inbox,
        handled: closed.len() as u64,
        open: rows
            .iter()
            .filter(|r| RequestStatus::parse(&r.status).is_active())
            .count() as u64,
        median_answer_hours,
        average_rating,
    })
}

/// Median hours to the first answer (of the answered requests) and the average rating (of the
/// rated ones): the figures a scout sees of themselves and HR sees per unit.
pub fn answer_figures(requests: &[&help_request::Model]) -> (Option<f64>, Option<f64>) {
    let mut hours: Vec<f64> = requests
        .iter()
        .filter_map(|r| {
            r.first_answer_at
                .map(|a| (a - r.created_at).num_minutes() as f64 / 60.0)
        })
        .collect();
    hours.sort_by(f64::total_cmp);
    let ratings: Vec<f64> = requests
        .iter()
        .filter_map(|r| r.rating)
        .map(f64::from)
        .collect();
    let average = (!ratings.is_empty()).then(|| ratings.iter().sum::<f64>() / ratings.len() as f64);
    (median(&hours), average)
}

/// The median of sorted values.
pub fn median(sorted: &[f64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

async fn set_units(
    txn: &impl ConnectionTrait,
    scout: Uuid,
    units: &[Uuid],
) -> Result<(), AppError> {
    scout_department::Entity::delete_many()
        .filter(scout_department::Column::ScoutId.eq(scout))
        .exec(txn)
        .await?;
    for unit in units {
        scout_department::ActiveModel {
            scout_id: Set(scout),
            department_id: Set(*unit),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Parses unit ids from a form and checks that they exist.
async fn existing_units(
    db: &impl ConnectionTrait,
    values: &[String],
) -> Result<Vec<Uuid>, AppError> {
    let known: HashSet<Uuid> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let mut units = Vec::new();
    for value in values {
        let unit: Uuid = value
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("departments", "field-invalid-choice"))?;
        if !known.contains(&unit) {
            return Err(AppError::invalid("departments", "field-invalid-choice"));
        }
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    Ok(units)
}

// The fields of the profile form, as the server function receives them.
#[allow(clippy::too_many_arguments)]
pub async fn save_profile(
    ctx: &AppContext,
    me: &CurrentUser,
    about: String,
    channels: Vec<String>,
    languages: String,
    capacity: String,
    office_hours: String,
    departments: Vec<String>,
    topics: Vec<String>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Scout])?;
    let about = trimmed(&about, "about", MAX_TEXT, false)?;
    let languages = trimmed(&languages, "languages", MAX_SHORT_TEXT, false)?;
    let office_hours = trimmed(&office_hours, "office_hours", MAX_SHORT_TEXT, false)?;
    let channels: Vec<Channel> = channels.iter().filter_map(|c| Channel::parse(c)).collect();
    if channels.is_empty() {
        return Err(AppError::invalid("channels", "scouts-channels-required"));
    }
    let capacity: u32 = capacity
        .trim()
        .parse()
        .ok()
        .filter(|c| (1..=MAX_CAPACITY).contains(c))
        .ok_or_else(|| AppError::invalid("capacity", "scouts-capacity-range"))?;
    let mut topic_ids = Vec::new();
    for topic in &topics {
        let topic = topic.trim();
        if ctx.content().competence(topic).is_none() {
            return Err(AppError::invalid("topics", "field-invalid-choice"));
        }
        if !topic_ids.iter().any(|t: &String| t == topic) {
            topic_ids.push(topic.to_owned());
        }
    }
    let txn = ctx.db.begin().await?;
    let units = existing_units(&txn, &departments).await?;
    let now = ctx.now();
    let channel_list = channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let model = scout_profile::ActiveModel {
        user_id: Set(me.id),
        about: Set(about),
        channels: Set(channel_list),
        languages: Set(languages),
        capacity: Set(capacity as i32),
        office_hours: Set(office_hours),
        updated_at: Set(now),
    };
    if scout_profile::Entity::find_by_id(me.id)
        .one(&txn)
        .await?
        .is_some()
    {
        model.update(&txn).await?;
    } else {
        model.insert(&txn).await?;
    }
    set_units(&txn, me.id, &units).await?;
    scout_topic::Entity::delete_many()
        .filter(scout_topic::Column::ScoutId.eq(me.id))
        .exec(&txn)
        .await?;
    for topic in topic_ids {
        scout_topic::ActiveModel {
            scout_id: Set(me.id),
            competence: Set(topic),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(String::from("/scouts/profile?saved=1"))
}

// ---------------------------------------------------------------------------------------------
// Coverage and appointments (HR, admin)

pub async fn coverage(ctx: &AppContext, me: &CurrentUser) -> Result<Coverage, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let scouts = scout_ids(&ctx.db).await?;
    let people = users_by_id(&ctx.db, scouts.iter().copied()).await?;
    let mut serving: HashMap<Uuid, Vec<String>> = HashMap::new();
    for row in scout_department::Entity::find()
        .filter(scout_department::Column::ScoutId.is_in(scouts.clone()))
        .all(&ctx.db)
        .await?
    {
        if let Some(person) = people.get(&row.scout_id) {
            serving
                .entry(row.department_id)
                .or_default()
                .push(person.display_name.clone());
        }
    }
    let rows: Vec<CoverageRow> = crate::organisation::server::list_rows(&ctx.db)
        .await?
        .into_iter()
        .map(|department| {
            let mut scouts = serving.remove(&department.id).unwrap_or_default();
            scouts.sort();
            CoverageRow { department, scouts }
        })
        .collect();
    let mut scout_list: Vec<(Uuid, String, String)> = people
        .values()
        .map(|u| (u.id, u.display_name.clone(), u.email.clone()))
        .collect();
    scout_list.sort_by(|a, b| a.1.cmp(&b.1));
    let unassigned = help_request::Entity::find()
        .filter(help_request::Column::Status.eq(RequestStatus::Unassigned.as_str()))
        .all(&ctx.db)
        .await?
        .len() as u64;
    Ok(Coverage {
        uncovered: rows.iter().filter(|r| r.scouts.is_empty()).count() as u64,
        rows,
        scouts: scout_list,
        unassigned,
    })
}

pub async fn appoint(
    ctx: &AppContext,
    me: &CurrentUser,
    email: String,
    departments: Vec<String>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let email = crate::auth::server::normalize_email(&email);
    if email.is_empty() {
        return Err(AppError::invalid("email", "field-required"));
    }
    let txn = ctx.db.begin().await?;
    let Some(person) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::Active.eq(true))
        .one(&txn)
        .await?
    else {
        return Err(AppError::invalid("email", "scouts-appoint-unknown"));
    };
    let units = existing_units(&txn, &departments).await?;
    let units = if units.is_empty() {
        person.department_id.into_iter().collect()
    } else {
        units
    };
    if units.is_empty() {
        return Err(AppError::invalid("departments", "scouts-appoint-units"));
    }
    let already = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(person.id))
        .filter(user_role::Column::Role.eq(Role::Scout.as_str()))
        .one(&txn)
        .await?
        .is_some();
    if !already {
        user_role::ActiveModel {
            user_id: Set(person.id),
            role: Set(Role::Scout.as_str().to_owned()),
        }
        .insert(&txn)
        .await?;
    }
    set_units(&txn, person.id, &units).await?;
    let now = ctx.now();
    record(
        &txn,
        now,
        Some(me.id),
        "scout.appointed",
        "user",
        Some(person.id.to_string()),
        serde_json::json!({ "departments": units }),
    )
    .await?;
    txn.commit().await?;
    Ok(String::from("/scouts/coverage?appointed=1"))
}

pub async fn dismiss(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let scout = parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let removed = user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(scout))
        .filter(user_role::Column::Role.eq(Role::Scout.as_str()))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    set_units(&txn, scout, &[]).await?;
    // Their open requests go to the next scout at once.
    let open = help_request::Entity::find()
        .filter(help_request::Column::ScoutId.eq(scout))
        .filter(help_request::Column::Status.eq(RequestStatus::Open.as_str()))
        .all(&txn)
        .await?;
    for request in open {
        let mut passed: Vec<Uuid> = serde_json::from_str(&request.passed_over).unwrap_or_default();
        passed.push(scout);
        assign_next(&txn, ctx, request, passed).await?;
    }
    record(
        &txn,
        ctx.now(),
        Some(me.id),
        "scout.dismissed",
        "user",
        Some(scout.to_string()),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(String::from("/scouts/coverage?dismissed=1"))
}

// ---------------------------------------------------------------------------------------------
// Impact per unit (HR, admin)

/// `(year, quarter)` of an instant in Berlin.
fn quarter_of(at: DateTime<Utc>) -> (i32, u32) {
    use chrono::Datelike;
    let local = at.with_timezone(&Berlin);
    (local.year(), (local.month() - 1) / 3 + 1)
}

fn quarter_name((year, quarter): (i32, u32)) -> String {
    format!("{year}-Q{quarter}")
}

fn next_quarter((year, quarter): (i32, u32)) -> (i32, u32) {
    if quarter == 4 {
        (year + 1, 1)
    } else {
        (year, quarter + 1)
    }
}

/// The first instant of a quarter in Berlin.
fn quarter_start((year, quarter): (i32, u32)) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(year, (quarter - 1) * 3 + 1, 1, 0, 0, 0)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_default()
}

fn previous_quarter((year, quarter): (i32, u32)) -> (i32, u32) {
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
const RATING_TENTHS: u64 = 50;

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
const REQUESTERS: usize = 0;
const REQUESTS: usize = 1;
const CLOSED: usize = 2;
const ANSWERED_DAY: usize = 3;
const RATERS: usize = 4;
const RATING: usize = 5;

/// One person's contribution to each series.
fn contribution(requests: &mut [&help_request::Model]) -> [u64; 6] {
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
struct ReleasedSums {
    values: [i64; 6],
    /// Released counts added up per series (for the margin).
    cells: u64,
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
fn noise_variance(scale: f64, cells: u64) -> f64 {
    if scale <= 0.0 || !scale.is_finite() {
        return 0.0;
    }
    let p = (-1.0 / scale).exp();
    cells as f64 * 2.0 * p / ((1.0 - p) * (1.0 - p))
}

/// Approximate 90 % half-width of the ratio `num / den` of two independently released sums
/// (first-order error propagation); 0 for exact counts.
fn ratio_margin(num: f64, den: f64, scales: (f64, f64), cells: u64) -> f64 {
    if den <= 0.0 {
        return 0.0;
    }
    let ratio = num / den;
    let variance =
        noise_variance(scales.0, cells) + ratio * ratio * noise_variance(scales.1, cells);
    1.645 * variance.sqrt() / den
}

/// The figures of one row, from released counts only.
fn impact_row(department: String, sums: &ReleasedSums, scales: &[f64; 6], k: u64) -> ImpactRow {
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
    me.require_any(&[Role::Hr, Role::Admin])?;
    // Switched on and off like every other report, and with the same minimum group size.
    if !crate::reports::server::enabled(&ctx.db, ReportKind::Scouts).await? {
        return Err(AppError::Conflict("report-disabled".into()));
    }
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

// ---------------------------------------------------------------------------------------------
// Newsletter subscription

pub async fn newsletter_setting(ctx: &AppContext, me: &CurrentUser) -> Result<bool, AppError> {
    Ok(user::Entity::find_by_id(me.id)
        .one(&ctx.db)
        .await?
        .is_some_and(|u| u.newsletter))
}

pub async fn set_newsletter(
    ctx: &AppContext,
    me: &CurrentUser,
    on: bool,
) -> Result<String, AppError> {
    let account = user::Entity::find_by_id(me.id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    let mut active: user::ActiveModel = account.into();
    active.newsletter = Set(on);
    active.update(&ctx.db).await?;
    Ok(String::from(if on {
        "/settings?newsletter=on"
    } else {
        "/settings?newsletter=off"
    }))
}

pub async fn leave_newsletter(ctx: &AppContext, token: String) -> Result<String, AppError> {
    if !super::newsletter::leave(ctx, &token).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!("newsletter left by link");
    Ok(format!(
        "/newsletter/leave/{}?done=1",
        crate::ui::percent_encode(token.trim())
    ))
}

pub async fn newsletter_link_state(ctx: &AppContext, token: String) -> Result<bool, AppError> {
    super::newsletter::subscribed(ctx, &token).await
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
