//! Ratings of the offers: who may rate, storing a rating apart from the rater, and the
//! snapshots the readers see (see the module's documentation for why they move in steps).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
};
use uuid::Uuid;

use super::{
    Aggregate, MAX_COMMENT, Offer, OfferKind, OfferResult, ResultDetail, Results, Standing,
};
use crate::auth::{CurrentUser, Role};
use crate::content::HasContent;
use crate::context::AppContext;
use crate::db::{
    feedback_given, feedback_rating, feedback_snapshot, quiz_attempt, workshop,
    workshop_registration,
};
use crate::error::{AppError, Validation};

/// Who reads the figures of which kind of offer.
fn readers(kind: OfferKind) -> &'static [Role] {
    match kind {
        OfferKind::Module => &[Role::Editor, Role::Coordinator],
        OfferKind::Workshop => &[Role::Coordinator],
    }
}

fn ended(w: &workshop::Model, now: DateTime<Utc>) -> bool {
    w.starts_at + Duration::minutes(i64::from(w.minutes.max(0))) <= now
}

/// The modules the person passed (any version, placement tests included).
async fn passed(db: &impl ConnectionTrait, user: Uuid) -> Result<HashSet<String>, AppError> {
    let ids: Vec<String> = quiz_attempt::Entity::find()
        .select_only()
        .column(quiz_attempt::Column::ModuleId)
        .filter(quiz_attempt::Column::UserId.eq(user))
        .filter(quiz_attempt::Column::Passed.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// The workshops the person registered for and did not cancel, unless the scout recorded them
/// as absent: (workshop, whether it has ended).
async fn taken_part(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> Result<Vec<workshop::Model>, AppError> {
    let ids: Vec<Uuid> = workshop_registration::Entity::find()
        .select_only()
        .column(workshop_registration::Column::WorkshopId)
        .filter(workshop_registration::Column::UserId.eq(user))
        .filter(workshop_registration::Column::CancelledAt.is_null())
        .filter(
            Condition::any()
                .add(workshop_registration::Column::Attended.is_null())
                .add(workshop_registration::Column::Attended.eq(true)),
        )
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(workshop::Entity::find()
        .filter(workshop::Column::Id.is_in(ids))
        .filter(workshop::Column::CancelledAt.is_null())
        .order_by_desc(workshop::Column::StartsAt)
        .all(db)
        .await?)
}

async fn given(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> Result<HashSet<(String, String)>, AppError> {
    let rows: Vec<(String, String)> = feedback_given::Entity::find()
        .select_only()
        .column(feedback_given::Column::OfferKind)
        .column(feedback_given::Column::OfferId)
        .filter(feedback_given::Column::UserId.eq(user))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

fn module_title(ctx: &AppContext, me: &CurrentUser, id: &str) -> Option<String> {
    ctx.content()
        .module(id)
        .map(|m| m.title.get(me.locale).to_owned())
}

/// Completed modules and workshops taken part in (ended ones and coming ones), newest first.
pub async fn my_offers(ctx: &AppContext, me: &CurrentUser) -> Result<Vec<Offer>, AppError> {
    let passed = passed(&ctx.read, me.id).await?;
    let given = given(&ctx.read, me.id).await?;
    let now = ctx.now();
    let standing = |kind: OfferKind, id: &str, open: bool| {
        if given.contains(&(kind.as_str().to_owned(), id.to_owned())) {
            Standing::Rated
        } else if open {
            Standing::Open
        } else {
            Standing::NotEnded
        }
    };
    let mut offers: Vec<Offer> = ctx
        .content()
        .modules
        .iter()
        .filter(|m| passed.contains(&m.id))
        .map(|m| Offer {
            kind: OfferKind::Module,
            id: m.id.clone(),
            title: m.title.get(me.locale).to_owned(),
            when: None,
            standing: standing(OfferKind::Module, &m.id, true),
        })
        .collect();
    for w in taken_part(&ctx.read, me.id).await? {
        let id = w.id.to_string();
        offers.push(Offer {
            kind: OfferKind::Workshop,
            standing: standing(OfferKind::Workshop, &id, ended(&w, now)),
            id,
            title: w.title,
            when: Some(w.starts_at),
        });
    }
    Ok(offers)
}

/// One offer with where the learner stands; unknown offers are not found.
pub async fn offer(
    ctx: &AppContext,
    me: &CurrentUser,
    kind: &str,
    id: &str,
) -> Result<Offer, AppError> {
    offer_on(&ctx.read, ctx, me, kind, id).await
}

async fn offer_on(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    me: &CurrentUser,
    kind: &str,
    id: &str,
) -> Result<Offer, AppError> {
    let kind = OfferKind::parse(kind).ok_or(AppError::NotFound)?;
    let id = id.trim();
    let rated =
        feedback_given::Entity::find_by_id((me.id, kind.as_str().to_owned(), id.to_owned()))
            .one(db)
            .await?
            .is_some();
    let (title, when, open) = match kind {
        OfferKind::Module => {
            let title = module_title(ctx, me, id).ok_or(AppError::NotFound)?;
            let done = passed(db, me.id).await?.contains(id);
            (
                title,
                None,
                if done {
                    Standing::Open
                } else {
                    Standing::NotCompleted
                },
            )
        }
        OfferKind::Workshop => {
            let wid = AppError::parse_id(id)?;
            let w = workshop::Entity::find_by_id(wid)
                .one(db)
                .await?
                .filter(|w| w.cancelled_at.is_none())
                .ok_or(AppError::NotFound)?;
            let part = taken_part(db, me.id).await?.iter().any(|t| t.id == wid);
            let open = if part && ended(&w, ctx.now()) {
                Standing::Open
            } else {
                Standing::NotEnded
            };
            (w.title, Some(w.starts_at), open)
        }
    };
    Ok(Offer {
        kind,
        id: id.to_owned(),
        title,
        when,
        standing: if rated { Standing::Rated } else { open },
    })
}

/// Stores one rating; returns where to go next.
pub async fn rate(
    ctx: &AppContext,
    me: &CurrentUser,
    kind: &str,
    id: &str,
    rating: Option<&str>,
    comment: &str,
) -> Result<String, AppError> {
    let kind_parsed = OfferKind::parse(kind).ok_or(AppError::NotFound)?;
    let comment = comment.trim();
    let mut v = Validation::new();
    let rating: Option<i16> = rating
        .map(str::trim)
        .and_then(|r| r.parse::<i16>().ok())
        .filter(|r| (1..=5).contains(r));
    v.check(rating.is_some(), "rating", "feedback-rating-required");
    v.max_chars(comment, MAX_COMMENT, "comment");
    v.finish()?;
    let rating = rating.ok_or(AppError::Internal)?;
    let txn = ctx.db.begin().await?;
    let offer = offer_on(&txn, ctx, me, kind, id).await?;
    match offer.standing {
        Standing::Open => {}
        Standing::Rated => return Err(AppError::Conflict("feedback-already-rated".into())),
        Standing::NotCompleted => {
            return Err(AppError::Conflict("feedback-not-completed".into()));
        }
        Standing::NotEnded => return Err(AppError::Conflict("feedback-not-ended".into())),
    }
    let inserted = feedback_given::Entity::insert(feedback_given::ActiveModel {
        user_id: Set(me.id),
        offer_kind: Set(kind_parsed.as_str().to_owned()),
        offer_id: Set(offer.id.clone()),
    })
    .on_conflict(
        OnConflict::columns([
            feedback_given::Column::UserId,
            feedback_given::Column::OfferKind,
            feedback_given::Column::OfferId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 0 {
        return Err(AppError::Conflict("feedback-already-rated".into()));
    }
    feedback_rating::Entity::insert(feedback_rating::ActiveModel {
        id: Set(Uuid::new_v4()),
        offer_kind: Set(kind_parsed.as_str().to_owned()),
        offer_id: Set(offer.id.clone()),
        rating: Set(rating),
        comment: Set((!comment.is_empty()).then(|| comment.to_owned())),
    })
    .exec_without_returning(&txn)
    .await?;
    step(
        &txn,
        kind_parsed,
        &offer.id,
        ctx.settings.report_min_group_size,
    )
    .await?;
    txn.commit().await?;
    Ok(format!(
        "/feedback/{}/{}?gespeichert=1",
        kind_parsed.as_str(),
        crate::ui::percent_encode(&offer.id)
    ))
}

/// Takes a new snapshot of an offer when at least `k` ratings came in since the last one.
async fn step(
    db: &impl ConnectionTrait,
    kind: OfferKind,
    id: &str,
    k: u64,
) -> Result<(), AppError> {
    let k = k.max(1);
    let rows: Vec<(i16, Option<String>)> = feedback_rating::Entity::find()
        .select_only()
        .column(feedback_rating::Column::Rating)
        .column(feedback_rating::Column::Comment)
        .filter(feedback_rating::Column::OfferKind.eq(kind.as_str()))
        .filter(feedback_rating::Column::OfferId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let total = rows.len() as u64;
    let last = feedback_snapshot::Entity::find_by_id((kind.as_str().to_owned(), id.to_owned()))
        .one(db)
        .await?
        .map_or(0, |s| u64::try_from(s.ratings).unwrap_or(0));
    if total < k || total.saturating_sub(last) < k {
        return Ok(());
    }
    let mut counts = [0i64; 5];
    let mut comments: Vec<String> = Vec::new();
    for (rating, comment) in rows {
        if let Ok(index) = usize::try_from(rating - 1)
            && let Some(slot) = counts.get_mut(index)
        {
            *slot += 1;
        }
        if let Some(c) = comment.filter(|c| !c.trim().is_empty()) {
            comments.push(c);
        }
    }
    // A fixed order that says nothing about when a comment came.
    comments.sort_by_key(|c| c.to_lowercase());
    let comments = serde_json::to_string(&comments).map_err(|_| AppError::Internal)?;
    feedback_snapshot::Entity::insert(feedback_snapshot::ActiveModel {
        offer_kind: Set(kind.as_str().to_owned()),
        offer_id: Set(id.to_owned()),
        ratings: Set(i64::try_from(total).unwrap_or(i64::MAX)),
        rated1: Set(counts[0]),
        rated2: Set(counts[1]),
        rated3: Set(counts[2]),
        rated4: Set(counts[3]),
        rated5: Set(counts[4]),
        comments: Set(comments),
    })
    .on_conflict(
        OnConflict::columns([
            feedback_snapshot::Column::OfferKind,
            feedback_snapshot::Column::OfferId,
        ])
        .update_columns([
            feedback_snapshot::Column::Ratings,
            feedback_snapshot::Column::Rated1,
            feedback_snapshot::Column::Rated2,
            feedback_snapshot::Column::Rated3,
            feedback_snapshot::Column::Rated4,
            feedback_snapshot::Column::Rated5,
            feedback_snapshot::Column::Comments,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The snapshot as it may be shown: only with at least k ratings (k as configured today).
fn shown(snapshot: Option<&feedback_snapshot::Model>, k: u64) -> Option<Aggregate> {
    let s = snapshot?;
    let ratings = u64::try_from(s.ratings).ok()?;
    if ratings < k.max(1) {
        return None;
    }
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Some(Aggregate {
        ratings,
        distribution: [
            n(s.rated1),
            n(s.rated2),
            n(s.rated3),
            n(s.rated4),
            n(s.rated5),
        ],
    })
}

/// Every module (for editors and the office) and every workshop that has ended (for the
/// office), each with its figures as far as they may be shown.
pub async fn results(ctx: &AppContext, me: &CurrentUser) -> Result<Results, AppError> {
    me.require_any(&[Role::Editor, Role::Coordinator])?;
    let k = ctx.settings.report_min_group_size;
    let snapshots: HashMap<(String, String), feedback_snapshot::Model> =
        feedback_snapshot::Entity::find()
            .all(&ctx.read)
            .await?
            .into_iter()
            .map(|s| ((s.offer_kind.clone(), s.offer_id.clone()), s))
            .collect();
    let of = |kind: OfferKind, id: &str| {
        shown(snapshots.get(&(kind.as_str().to_owned(), id.to_owned())), k)
    };
    let modules = ctx
        .content()
        .modules
        .iter()
        .map(|m| OfferResult {
            kind: OfferKind::Module,
            id: m.id.clone(),
            title: m.title.get(me.locale).to_owned(),
            when: None,
            shown: of(OfferKind::Module, &m.id),
        })
        .collect();
    let workshops = if me.has(Role::Coordinator) {
        let now = ctx.now();
        let list = workshop::Entity::find()
            .filter(workshop::Column::CancelledAt.is_null())
            .filter(workshop::Column::StartsAt.lte(now))
            .order_by_desc(workshop::Column::StartsAt)
            .all(&ctx.read)
            .await?;
        Some(
            list.into_iter()
                .filter(|w| ended(w, now))
                .map(|w| {
                    let id = w.id.to_string();
                    OfferResult {
                        kind: OfferKind::Workshop,
                        shown: of(OfferKind::Workshop, &id),
                        id,
                        title: w.title,
                        when: Some(w.starts_at),
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(Results {
        min_group_size: k,
        modules,
        workshops,
    })
}

/// One offer's figures and comments.
pub async fn result(
    ctx: &AppContext,
    me: &CurrentUser,
    kind: &str,
    id: &str,
) -> Result<ResultDetail, AppError> {
    me.require_any(&[Role::Editor, Role::Coordinator])?;
    let kind = OfferKind::parse(kind).ok_or(AppError::NotFound)?;
    me.require_any(readers(kind))?;
    let id = id.trim();
    let (title, when) = match kind {
        OfferKind::Module => (module_title(ctx, me, id).ok_or(AppError::NotFound)?, None),
        OfferKind::Workshop => {
            let wid = AppError::parse_id(id)?;
            let w = workshop::Entity::find_by_id(wid)
                .one(&ctx.read)
                .await?
                .ok_or(AppError::NotFound)?;
            (w.title, Some(w.starts_at))
        }
    };
    let k = ctx.settings.report_min_group_size;
    let snapshot = feedback_snapshot::Entity::find_by_id((kind.as_str().to_owned(), id.to_owned()))
        .one(&ctx.read)
        .await?;
    let shown = shown(snapshot.as_ref(), k);
    let comments = match (&snapshot, &shown) {
        (Some(s), Some(_)) => serde_json::from_str(&s.comments).unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(ResultDetail {
        min_group_size: k,
        offer: OfferResult {
            kind,
            id: id.to_owned(),
            title,
            when,
            shown,
        },
        comments,
    })
}
