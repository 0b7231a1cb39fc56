//! The logic of the ideas scheme (server only).
//!
//! Who submitted an anonymous idea is never stored. The row holds `author_tag`, an HMAC-SHA256
//! under a secret derived from the platform's issuer key over the idea's id and the author's
//! account id. The server recomputes it for the person at hand (their list, their page, the
//! check that nobody supports their own idea, their data export and erasure) and, to send a
//! status mail, over the active accounts. Nothing here writes the author of an anonymous idea
//! to a log line, an audit entry or a page someone else sees; its day is stored, not its time.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Berlin;
use hmac::{Hmac, Mac};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use sha2::Sha256;
use uuid::Uuid;

use super::{
    CommentView, IdeaDetail, IdeaList, IdeaStatus, IdeaSummary, MAX_COMMENT, MAX_MESSAGE,
    MAX_PROCESS, MAX_REASON, MAX_TEXT, MAX_TITLE, OfficeView, StatusEntry, UnitOption,
};
use crate::auth::Role;
use crate::context::AppContext;
use crate::db::{department, idea, idea_comment, idea_status, idea_support, user};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::identity::CurrentUser;
use crate::mail::{self, OutgoingMail};

/// Ideas one person may submit per day (named and anonymous together).
pub const IDEAS_PER_DAY: usize = 10;
/// Comments one person may write per day.
pub const COMMENTS_PER_DAY: u64 = 50;

/// The secret of the author tags, derived from the issuer key (kept like the platform's other
/// keys) so that every instance has the same one without another stored secret.
async fn author_key(db: &impl ConnectionTrait) -> Result<[u8; 32], AppError> {
    let key = crate::certificate::credential::issuer_key(db, Utc::now()).await?;
    Ok(key.derive_secret("idea-authors"))
}

/// The tag that stands for "`person` wrote `idea`": only whoever holds the key and knows both
/// ids can compute it, and it says nothing about anyone else.
pub fn author_tag(key: &[u8; 32], idea: Uuid, person: Uuid) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(b"idea-author v1\0");
    mac.update(idea.as_bytes());
    mac.update(person.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `person` wrote `row`, named or anonymous.
fn written_by(key: &[u8; 32], row: &idea::Model, person: Uuid) -> bool {
    match (&row.author_id, &row.author_tag) {
        (Some(author), _) => *author == person,
        (None, Some(tag)) => constant_eq(tag, &author_tag(key, row.id, person)),
        (None, None) => false,
    }
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Today in Berlin, as stored: `YYYY-MM-DD`.
fn today(ctx: &AppContext) -> String {
    ctx.now()
        .with_timezone(&Berlin)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

fn day_text(locale: Locale, stored: &str) -> String {
    NaiveDate::parse_from_str(stored, "%Y-%m-%d")
        .map(|d| crate::i18n::format::date(locale, d))
        .unwrap_or_default()
}

fn local_day(locale: Locale, at: DateTime<Utc>) -> String {
    crate::i18n::format::date(locale, at.with_timezone(&Berlin).date_naive())
}

fn status_of(row: &idea::Model) -> IdeaStatus {
    IdeaStatus::parse(&row.status).unwrap_or(IdeaStatus::Received)
}

/// The units in tree order, for the form and the filter.
pub async fn units(ctx: &AppContext) -> Result<Vec<UnitOption>, AppError> {
    let all = department::Entity::find().all(&ctx.read).await?;
    Ok(department::tree_order(all)
        .into_iter()
        .map(|(d, depth)| UnitOption {
            id: d.id,
            name: d.name,
            depth,
        })
        .collect())
}

/// Counts and names for a set of ideas.
struct Lookup {
    units: HashMap<Uuid, String>,
    authors: HashMap<Uuid, String>,
    supporters: HashMap<Uuid, u64>,
    comments: HashMap<Uuid, u64>,
}

async fn lookup(db: &impl ConnectionTrait, rows: &[idea::Model]) -> Result<Lookup, AppError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let units = department::Entity::find()
        .filter(department::Column::Id.is_in(rows.iter().filter_map(|r| r.department_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let authors = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut supporters = HashMap::new();
    let mut comments = HashMap::new();
    for chunk in ids.chunks(500) {
        let counted: Vec<(Uuid, i64)> = idea_support::Entity::find()
            .select_only()
            .column(idea_support::Column::IdeaId)
            .column_as(idea_support::Column::SupporterId.count(), "n")
            .filter(idea_support::Column::IdeaId.is_in(chunk.iter().copied()))
            .group_by(idea_support::Column::IdeaId)
            .into_tuple()
            .all(db)
            .await?;
        supporters.extend(counted.into_iter().map(|(id, n)| (id, n.max(0) as u64)));
        let counted: Vec<(Uuid, i64)> = idea_comment::Entity::find()
            .select_only()
            .column(idea_comment::Column::IdeaId)
            .column_as(idea_comment::Column::Id.count(), "n")
            .filter(idea_comment::Column::IdeaId.is_in(chunk.iter().copied()))
            .filter(idea_comment::Column::HiddenAt.is_null())
            .group_by(idea_comment::Column::IdeaId)
            .into_tuple()
            .all(db)
            .await?;
        comments.extend(counted.into_iter().map(|(id, n)| (id, n.max(0) as u64)));
    }
    Ok(Lookup {
        units,
        authors,
        supporters,
        comments,
    })
}

fn summaries(locale: Locale, rows: Vec<idea::Model>, found: &Lookup) -> Vec<IdeaSummary> {
    rows.into_iter()
        .map(|r| IdeaSummary {
            id: r.id,
            status: status_of(&r),
            unit: r.department_id.and_then(|d| found.units.get(&d).cloned()),
            // An anonymous idea has no author to look up; the check is explicit all the same.
            author: if r.anonymous {
                None
            } else {
                r.author_id.and_then(|a| found.authors.get(&a).cloned())
            },
            anonymous: r.anonymous,
            submitted: day_text(locale, &r.submitted_on),
            supporters: found.supporters.get(&r.id).copied().unwrap_or(0),
            comments: found.comments.get(&r.id).copied().unwrap_or(0),
            title: r.title,
        })
        .collect()
}

/// Newest day first; within a day by title, so that the order says nothing about the time.
fn ordered(query: sea_orm::Select<idea::Entity>) -> sea_orm::Select<idea::Entity> {
    query
        .order_by_desc(idea::Column::SubmittedOn)
        .order_by_asc(idea::Column::Title)
        .order_by_asc(idea::Column::Id)
}

/// The public list, filtered by status and by unit (with the units below it).
pub async fn list(
    ctx: &AppContext,
    me: &CurrentUser,
    status: Option<String>,
    unit: Option<String>,
) -> Result<IdeaList, AppError> {
    let db = &ctx.read;
    let mut v = Validation::new();
    let status = match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let parsed = IdeaStatus::parse(s);
            v.check(parsed.is_some(), "status", "field-invalid-choice");
            parsed
        }
        None => None,
    };
    let all_units = units(ctx).await?;
    let unit = match unit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(u) => {
            let parsed = u
                .parse::<Uuid>()
                .ok()
                .filter(|id| all_units.iter().any(|x| x.id == *id));
            v.check(parsed.is_some(), "unit", "field-invalid-choice");
            parsed
        }
        None => None,
    };
    v.finish()?;
    let mut query = idea::Entity::find();
    if let Some(status) = status {
        query = query.filter(idea::Column::Status.eq(status.as_str()));
    }
    if let Some(unit) = unit {
        let parents: HashMap<Uuid, Option<Uuid>> = department::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d.parent_id))
            .collect();
        let below: Vec<Uuid> = parents
            .keys()
            .copied()
            .filter(|id| {
                let mut seen = HashSet::new();
                let mut cursor = Some(*id);
                while let Some(c) = cursor.filter(|c| seen.insert(*c)) {
                    if c == unit {
                        return true;
                    }
                    cursor = parents.get(&c).copied().flatten();
                }
                false
            })
            .collect();
        query = query.filter(idea::Column::DepartmentId.is_in(below));
    }
    let rows = ordered(query).all(db).await?;
    let found = lookup(db, &rows).await?;
    Ok(IdeaList {
        ideas: summaries(me.locale, rows, &found),
        units: all_units,
        status,
        unit,
    })
}

/// The ideas `person` wrote, named and anonymous.
async fn ideas_written_by(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> Result<Vec<idea::Model>, AppError> {
    let key = author_key(db).await?;
    let rows = ordered(
        idea::Entity::find().filter(
            sea_orm::Condition::any()
                .add(idea::Column::AuthorId.eq(person))
                .add(idea::Column::AuthorTag.is_not_null()),
        ),
    )
    .all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|r| written_by(&key, r, person))
        .collect())
}

/// The ids of the anonymous ideas `person` wrote: for their data export and their erasure.
pub async fn anonymous_ideas_of(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    Ok(ideas_written_by(db, person)
        .await?
        .into_iter()
        .filter(|r| r.author_id.is_none())
        .map(|r| r.id)
        .collect())
}

/// "Meine Ideen".
pub async fn mine(ctx: &AppContext, me: &CurrentUser) -> Result<Vec<IdeaSummary>, AppError> {
    let rows = ideas_written_by(&ctx.db, me.id).await?;
    let found = lookup(&ctx.db, &rows).await?;
    Ok(summaries(me.locale, rows, &found))
}

pub async fn detail(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<IdeaDetail, AppError> {
    let db = &ctx.db;
    let id = AppError::parse_id(&id)?;
    let row = idea::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let key = author_key(db).await?;
    let mine = written_by(&key, &row, me.id);
    let found = lookup(db, std::slice::from_ref(&row)).await?;
    let supported = idea_support::Entity::find_by_id((id, me.id))
        .one(db)
        .await?
        .is_some();
    let comments = idea_comment::Entity::find()
        .filter(idea_comment::Column::IdeaId.eq(id))
        .order_by_asc(idea_comment::Column::CreatedAt)
        .order_by_asc(idea_comment::Column::Id)
        .all(db)
        .await?;
    let writers: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(comments.iter().map(|c| c.author_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let can_manage = me.has(Role::Coordinator);
    let status = status_of(&row);
    let mut history = vec![StatusEntry {
        status: IdeaStatus::Received,
        on: day_text(me.locale, &row.submitted_on),
        message: String::new(),
    }];
    history.extend(
        idea_status::Entity::find()
            .filter(idea_status::Column::IdeaId.eq(id))
            .order_by_asc(idea_status::Column::ChangedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|s| StatusEntry {
                status: IdeaStatus::parse(&s.status).unwrap_or(IdeaStatus::Received),
                on: local_day(me.locale, s.changed_at),
                message: s.message,
            }),
    );
    Ok(IdeaDetail {
        id,
        author: if row.anonymous {
            None
        } else {
            row.author_id.and_then(|a| found.authors.get(&a).cloned())
        },
        anonymous: row.anonymous,
        mine,
        unit: row.department_id.and_then(|d| found.units.get(&d).cloned()),
        status,
        submitted: day_text(me.locale, &row.submitted_on),
        supporters: found.supporters.get(&id).copied().unwrap_or(0),
        supported,
        comments: comments
            .into_iter()
            .map(|c| {
                let hidden = c.hidden_at.is_some();
                CommentView {
                    id: c.id,
                    author: if hidden {
                        String::new()
                    } else {
                        writers.get(&c.author_id).cloned().unwrap_or_default()
                    },
                    created: crate::i18n::format::local_date_time(me.locale, c.created_at),
                    body: (!hidden).then_some(c.body),
                    hidden_reason: c.hidden_reason.filter(|_| hidden),
                    can_delete: c.author_id == me.id,
                    can_hide: can_manage && !hidden,
                }
            })
            .collect(),
        history,
        can_manage,
        next: if can_manage {
            status.next().to_vec()
        } else {
            Vec::new()
        },
        title: row.title,
        problem: row.problem,
        proposal: row.proposal,
        process: row.process,
    })
}

/// What waits for the coordination office.
pub async fn office(ctx: &AppContext, me: &CurrentUser) -> Result<OfficeView, AppError> {
    me.require_any(&[Role::Coordinator])?;
    let db = &ctx.read;
    let rows = ordered(idea::Entity::find().filter(idea::Column::Status.is_in([
        IdeaStatus::Received.as_str(),
        IdeaStatus::Examining.as_str(),
        IdeaStatus::Accepted.as_str(),
    ])))
    .all(db)
    .await?;
    let found = lookup(db, &rows).await?;
    let all = summaries(me.locale, rows, &found);
    let of = |s: IdeaStatus| all.iter().filter(|i| i.status == s).cloned().collect();
    Ok(OfficeView {
        received: of(IdeaStatus::Received),
        examining: of(IdeaStatus::Examining),
        accepted: of(IdeaStatus::Accepted),
    })
}

/// A new idea as the form sends it.
pub struct NewIdea {
    pub title: String,
    pub problem: String,
    pub proposal: String,
    pub department: String,
    pub process: String,
    pub anonymous: bool,
}

fn clean(text: &str) -> String {
    text.trim().replace("\r\n", "\n")
}

pub async fn submit(ctx: &AppContext, me: &CurrentUser, new: NewIdea) -> Result<String, AppError> {
    let mut v = Validation::new();
    let title = clean(&new.title);
    v.require(&title, "title");
    v.max_chars(&title, MAX_TITLE, "title");
    let problem = clean(&new.problem);
    v.require(&problem, "problem");
    v.max_chars(&problem, MAX_TEXT, "problem");
    let proposal = clean(&new.proposal);
    v.require(&proposal, "proposal");
    v.max_chars(&proposal, MAX_TEXT, "proposal");
    let process = clean(&new.process);
    v.max_chars(&process, MAX_PROCESS, "process");
    let department = match new.department.trim() {
        "" => None,
        text => {
            let found = match text.parse::<Uuid>() {
                Ok(id) => department::Entity::find_by_id(id).one(&ctx.db).await?,
                Err(_) => None,
            };
            v.check(found.is_some(), "department", "field-invalid-choice");
            found.map(|d| d.id)
        }
    };
    v.finish()?;

    let txn = ctx.db.begin().await?;
    let day = today(ctx);
    // The day's limit, counted over what the person wrote today, named or anonymous: no
    // counter elsewhere records who submitted.
    let key = author_key(&txn).await?;
    let written_today = idea::Entity::find()
        .filter(idea::Column::SubmittedOn.eq(day.clone()))
        .all(&txn)
        .await?
        .iter()
        .filter(|r| written_by(&key, r, me.id))
        .count();
    if written_today >= IDEAS_PER_DAY {
        return Err(AppError::Conflict("ideas-too-many".to_owned()));
    }
    let id = Uuid::new_v4();
    idea::ActiveModel {
        id: Set(id),
        title: Set(title.clone()),
        problem: Set(problem),
        proposal: Set(proposal),
        department_id: Set(department),
        process: Set(process),
        anonymous: Set(new.anonymous),
        author_id: Set((!new.anonymous).then_some(me.id)),
        author_tag: Set(new.anonymous.then(|| author_tag(&key, id, me.id))),
        status: Set(IdeaStatus::Received.as_str().to_owned()),
        submitted_on: Set(day),
        status_changed_at: Set(None),
    }
    .insert(&txn)
    .await?;
    // No audit entry: a submission is the person's own contribution, like a post on the board;
    // an entry, even without an actor, would place an anonymous idea in time between the
    // entries around it.
    let account = user::Entity::find_by_id(me.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    notify(
        &txn,
        ctx,
        &account,
        id,
        &title,
        IdeaStatus::Received,
        "",
        "received",
    )
    .await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(format!("/ideen/{id}?submitted=1"))
}

/// Queues the status mail for the submitter, in their language, with a link to the idea.
#[allow(clippy::too_many_arguments)]
async fn notify(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    to: &user::Model,
    idea: Uuid,
    title: &str,
    status: IdeaStatus,
    message: &str,
    step: &str,
) -> Result<(), AppError> {
    let locale = Locale::from_code(&to.locale).unwrap_or_default();
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: to.email.clone(),
            person: to.id,
            locale,
            template: "idea_status",
            context: serde_json::json!({
                "name": to.display_name,
                "title": title,
                "status": crate::i18n::translate(locale, status.label_key(), None),
                "received": status == IdeaStatus::Received,
                "declined": status == IdeaStatus::Declined,
                "message": message,
                "link": format!("{}/ideen/{idea}", ctx.settings.base_url),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!("idea-{idea}-{step}")),
            attachment: None,
            list_unsubscribe: None,
        },
    )
    .await?;
    Ok(())
}

/// The submitter of an idea, to be told of a change: the named author, or the active account
/// whose tag matches (found by recomputing, never stored).
async fn submitter(
    db: &impl ConnectionTrait,
    row: &idea::Model,
) -> Result<Option<user::Model>, AppError> {
    if let Some(author) = row.author_id {
        return Ok(user::Entity::find_by_id(author)
            .one(db)
            .await?
            .filter(|u| u.active && u.erased_at.is_none()));
    }
    let Some(tag) = &row.author_tag else {
        return Ok(None);
    };
    let key = author_key(db).await?;
    let mut pages = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::ErasedAt.is_null())
        .order_by_asc(user::Column::Id)
        .paginate(db, 2000);
    while let Some(people) = pages.fetch_and_next().await? {
        if let Some(found) = people
            .into_iter()
            .find(|p| constant_eq(tag, &author_tag(&key, row.id, p.id)))
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

pub async fn support(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    on: bool,
) -> Result<String, AppError> {
    let id = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let row = idea::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if on {
        let key = author_key(&txn).await?;
        if written_by(&key, &row, me.id) {
            return Err(AppError::Conflict("ideas-support-own".to_owned()));
        }
        if !status_of(&row).is_open() {
            return Err(AppError::Conflict("ideas-support-closed".to_owned()));
        }
        let inserted = idea_support::Entity::insert(idea_support::ActiveModel {
            idea_id: Set(id),
            supporter_id: Set(me.id),
            created_at: Set(ctx.now()),
        })
        .on_conflict(
            OnConflict::columns([
                idea_support::Column::IdeaId,
                idea_support::Column::SupporterId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            return Err(AppError::Conflict("ideas-support-twice".to_owned()));
        }
    } else {
        idea_support::Entity::delete_many()
            .filter(idea_support::Column::IdeaId.eq(id))
            .filter(idea_support::Column::SupporterId.eq(me.id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(format!(
        "/ideen/{id}?{}=1",
        if on { "supported" } else { "withdrawn" }
    ))
}

pub async fn comment(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    body: String,
) -> Result<String, AppError> {
    let id = AppError::parse_id(&id)?;
    let mut v = Validation::new();
    let body = clean(&body);
    v.require(&body, "body");
    v.max_chars(&body, MAX_COMMENT, "body");
    v.finish()?;
    let txn = ctx.db.begin().await?;
    idea::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let since = ctx.now() - chrono::Duration::days(1);
    let recent = idea_comment::Entity::find()
        .filter(idea_comment::Column::AuthorId.eq(me.id))
        .filter(idea_comment::Column::CreatedAt.gt(since))
        .count(&txn)
        .await?;
    if recent >= COMMENTS_PER_DAY {
        return Err(AppError::Conflict("ideas-comments-too-many".to_owned()));
    }
    idea_comment::ActiveModel {
        id: Set(Uuid::new_v4()),
        idea_id: Set(id),
        author_id: Set(me.id),
        body: Set(body),
        created_at: Set(ctx.now()),
        hidden_at: Set(None),
        hidden_reason: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(format!("/ideen/{id}?commented=1#comments"))
}

pub async fn delete_comment(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<String, AppError> {
    let id = AppError::parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let found = idea_comment::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if found.author_id != me.id {
        return Err(AppError::Forbidden);
    }
    idea_comment::Entity::delete_by_id(id).exec(&txn).await?;
    txn.commit().await?;
    Ok(format!("/ideen/{}?deleted=1#comments", found.idea_id))
}

pub async fn hide_comment(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    reason: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Coordinator])?;
    let id = AppError::parse_id(&id)?;
    let mut v = Validation::new();
    let reason = clean(&reason);
    v.require(&reason, "reason");
    v.max_chars(&reason, MAX_REASON, "reason");
    v.finish()?;
    let txn = ctx.db.begin().await?;
    let found = idea_comment::Entity::find_by_id(id)
        .filter(idea_comment::Column::HiddenAt.is_null())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = idea::Entity::find_by_id(found.idea_id)
        .one(&txn)
        .await?
        .map(|i| i.title)
        .unwrap_or_default();
    let idea_id = found.idea_id;
    let mut active: idea_comment::ActiveModel = found.into();
    active.hidden_at = Set(Some(ctx.now()));
    active.hidden_reason = Set(Some(reason));
    active.update(&txn).await?;
    crate::audit::server::record(
        &txn,
        ctx.now(),
        Some(me.id),
        "idea.comment_hidden",
        "idea",
        Some(idea_id.to_string()),
        serde_json::json!({ "title": title }),
    )
    .await?;
    txn.commit().await?;
    Ok(format!("/ideen/{idea_id}?hidden=1#comments"))
}

pub async fn change_status(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    status: String,
    message: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Coordinator])?;
    let id = AppError::parse_id(&id)?;
    let mut v = Validation::new();
    let target = IdeaStatus::parse(&status);
    v.check(target.is_some(), "status", "field-invalid-choice");
    let message = clean(&message);
    v.max_chars(&message, MAX_MESSAGE, "message");
    if target == Some(IdeaStatus::Declined) {
        v.check(!message.is_empty(), "message", "ideas-reason-required");
    }
    let target = v.finish_with(target)?;
    let txn = ctx.db.begin().await?;
    let row = idea::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = status_of(&row);
    if !from.next().contains(&target) {
        return Err(AppError::Conflict("ideas-transition-invalid".to_owned()));
    }
    let now = ctx.now();
    // Only from the status read above: of two coordinators acting at once, the second is told.
    let moved = idea::Entity::update_many()
        .col_expr(idea::Column::Status, Expr::value(target.as_str()))
        .col_expr(idea::Column::StatusChangedAt, Expr::value(now))
        .filter(idea::Column::Id.eq(id))
        .filter(idea::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(AppError::Conflict("ideas-transition-invalid".to_owned()));
    }
    idea_status::ActiveModel {
        id: Set(Uuid::new_v4()),
        idea_id: Set(id),
        status: Set(target.as_str().to_owned()),
        message: Set(message.clone()),
        changed_at: Set(now),
    }
    .insert(&txn)
    .await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(me.id),
        "idea.status_changed",
        "idea",
        Some(id.to_string()),
        serde_json::json!({ "title": row.title, "status": target.as_str() }),
    )
    .await?;
    if let Some(person) = submitter(&txn, &row).await? {
        notify(
            &txn,
            ctx,
            &person,
            id,
            &row.title,
            target,
            &message,
            target.as_str(),
        )
        .await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(format!("/ideen/{id}?changed=1"))
}

/// The ideas of one month for the newsletter. Counts, and the titles of what was implemented;
/// never who submitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthFigures {
    /// The first day of the month counted.
    pub first_day: NaiveDate,
    pub received: u64,
    pub accepted: u64,
    pub implemented: u64,
    pub declined: u64,
    pub implemented_titles: Vec<String>,
}

impl MonthFigures {
    /// "November 2026", in the reader's language.
    pub fn month_name(&self, locale: Locale) -> String {
        const GERMAN: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        match locale {
            Locale::De => format!(
                "{} {}",
                GERMAN[self.first_day.month0() as usize % 12],
                self.first_day.year()
            ),
            Locale::En => self.first_day.format("%B %Y").to_string(),
        }
    }
}

/// The figures of the calendar month (Berlin) before the one `now` falls in.
pub async fn past_month(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<MonthFigures, AppError> {
    let local = now.with_timezone(&Berlin).date_naive();
    let this_month = NaiveDate::from_ymd_opt(local.year(), local.month(), 1).unwrap_or(local);
    let last_month = this_month
        .pred_opt()
        .and_then(|d| NaiveDate::from_ymd_opt(d.year(), d.month(), 1))
        .unwrap_or(this_month);
    let start = berlin_midnight(last_month).unwrap_or(now);
    let end = berlin_midnight(this_month).unwrap_or(now);
    let received = idea::Entity::find()
        .filter(idea::Column::SubmittedOn.gte(last_month.format("%Y-%m-%d").to_string()))
        .filter(idea::Column::SubmittedOn.lt(this_month.format("%Y-%m-%d").to_string()))
        .count(db)
        .await?;
    let changes = idea_status::Entity::find()
        .filter(idea_status::Column::ChangedAt.gte(start))
        .filter(idea_status::Column::ChangedAt.lt(end))
        .all(db)
        .await?;
    let count = |s: IdeaStatus| changes.iter().filter(|c| c.status == s.as_str()).count() as u64;
    let implemented_ids: Vec<Uuid> = changes
        .iter()
        .filter(|c| c.status == IdeaStatus::Implemented.as_str())
        .map(|c| c.idea_id)
        .collect();
    let mut implemented_titles: Vec<String> = idea::Entity::find()
        .filter(idea::Column::Id.is_in(implemented_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.title)
        .collect();
    implemented_titles.sort();
    Ok(MonthFigures {
        first_day: last_month,
        received,
        accepted: count(IdeaStatus::Accepted),
        implemented: count(IdeaStatus::Implemented),
        declined: count(IdeaStatus::Declined),
        implemented_titles,
    })
}

/// One idea of the demo: (title, problem, proposal, process, anonymous, status, the office's
/// message per step).
pub struct DemoIdea {
    pub title: &'static str,
    pub problem: &'static str,
    pub proposal: &'static str,
    pub process: &'static str,
    pub unit: Option<Uuid>,
    pub author: Uuid,
    pub anonymous: bool,
    pub steps: &'static [(IdeaStatus, &'static str)],
    pub supporters: Vec<Uuid>,
    pub comments: Vec<(Uuid, &'static str)>,
}

/// Writes the demo's ideas as if they had been submitted `days_ago` days before `now` (no
/// mails: nobody is told of what only the demo says happened).
pub async fn seed_demo(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    ideas: Vec<(DemoIdea, i64)>,
) -> Result<(), AppError> {
    let key = author_key(db).await?;
    for (demo, days_ago) in ideas {
        let id = Uuid::new_v4();
        let submitted = now - chrono::Duration::days(days_ago);
        let status = demo
            .steps
            .last()
            .map(|(s, _)| *s)
            .unwrap_or(IdeaStatus::Received);
        idea::ActiveModel {
            id: Set(id),
            title: Set(demo.title.to_owned()),
            problem: Set(demo.problem.to_owned()),
            proposal: Set(demo.proposal.to_owned()),
            department_id: Set(demo.unit),
            process: Set(demo.process.to_owned()),
            anonymous: Set(demo.anonymous),
            author_id: Set((!demo.anonymous).then_some(demo.author)),
            author_tag: Set(demo.anonymous.then(|| author_tag(&key, id, demo.author))),
            status: Set(status.as_str().to_owned()),
            submitted_on: Set(submitted
                .with_timezone(&Berlin)
                .date_naive()
                .format("%Y-%m-%d")
                .to_string()),
            status_changed_at: Set(None),
        }
        .insert(db)
        .await?;
        for (n, (step, message)) in demo.steps.iter().enumerate() {
            idea_status::ActiveModel {
                id: Set(Uuid::new_v4()),
                idea_id: Set(id),
                status: Set(step.as_str().to_owned()),
                message: Set((*message).to_owned()),
                changed_at: Set(submitted + chrono::Duration::days(2 * (n as i64 + 1))),
            }
            .insert(db)
            .await?;
        }
        for supporter in demo.supporters {
            idea_support::ActiveModel {
                idea_id: Set(id),
                supporter_id: Set(supporter),
                created_at: Set(submitted + chrono::Duration::days(1)),
            }
            .insert(db)
            .await?;
        }
        for (n, (writer, body)) in demo.comments.into_iter().enumerate() {
            idea_comment::ActiveModel {
                id: Set(Uuid::new_v4()),
                idea_id: Set(id),
                author_id: Set(writer),
                body: Set(body.to_owned()),
                created_at: Set(submitted + chrono::Duration::hours(5 + n as i64)),
                hidden_at: Set(None),
                hidden_reason: Set(None),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Removes what `people` wrote or supported (the demo's removal): their ideas, named or
/// anonymous (found by recomputing the tags), with the ideas' supports, comments and history.
pub async fn remove_written_by(db: &impl ConnectionTrait, people: &[Uuid]) -> Result<(), AppError> {
    let key = author_key(db).await?;
    let ideas: Vec<Uuid> = idea::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|row| people.iter().any(|p| written_by(&key, row, *p)))
        .map(|row| row.id)
        .collect();
    for chunk in people.chunks(500) {
        idea_support::Entity::delete_many()
            .filter(idea_support::Column::SupporterId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
        idea_comment::Entity::delete_many()
            .filter(idea_comment::Column::AuthorId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    idea_support::Entity::delete_many()
        .filter(idea_support::Column::IdeaId.is_in(ideas.clone()))
        .exec(db)
        .await?;
    idea_comment::Entity::delete_many()
        .filter(idea_comment::Column::IdeaId.is_in(ideas.clone()))
        .exec(db)
        .await?;
    idea_status::Entity::delete_many()
        .filter(idea_status::Column::IdeaId.is_in(ideas.clone()))
        .exec(db)
        .await?;
    idea::Entity::delete_many()
        .filter(idea::Column::Id.is_in(ideas))
        .exec(db)
        .await?;
    Ok(())
}

fn berlin_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    use chrono::TimeZone;
    Berlin
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_differ_by_idea_person_and_key() {
        let key = [7u8; 32];
        let (idea, anna, ben) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let tag = author_tag(&key, idea, anna);
        assert_eq!(tag.len(), 64);
        assert_eq!(tag, author_tag(&key, idea, anna));
        assert_ne!(tag, author_tag(&key, idea, ben));
        assert_ne!(tag, author_tag(&key, Uuid::from_u128(9), anna));
        assert_ne!(tag, author_tag(&[8u8; 32], idea, anna));
        assert!(!tag.contains(&anna.simple().to_string()));
    }

    #[test]
    fn the_office_moves_forward_or_declines_and_settled_ideas_stay() {
        use IdeaStatus::*;
        assert_eq!(Received.next(), &[Examining, Declined]);
        assert_eq!(Examining.next(), &[Accepted, Declined]);
        assert_eq!(Accepted.next(), &[Implemented, Declined]);
        assert!(Implemented.next().is_empty() && Declined.next().is_empty());
        assert!(!Received.next().contains(&Implemented));
        for s in IdeaStatus::ALL {
            assert_eq!(IdeaStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(IdeaStatus::parse("done"), None);
    }
}
