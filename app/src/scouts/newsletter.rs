//! The monthly newsletter of the scouts network: new modules, the scouts' latest tips, the
//! workshops of the coming month and the scouts' office hours. Everyone receives it until they leave it, with one click from the mail and
//! without logging in; they rejoin under "Mein Konto".
//!
//! Each month goes out once: the first instance to write the month's `newsletter_issue` row
//! sends it, every other instance finds the row and stops. The month of installation only
//! records the catalogue, so the first newsletter (the month after) can name what is new.

use crate::content::HasContent;
use std::collections::{HashMap, HashSet};

use chrono::Datelike;
use chrono_tz::Europe::Berlin;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use crate::context::AppContext;
use crate::db::{board_post, department, newsletter_issue, scout_profile, user, workshop};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{self, OutgoingMail};

/// `2026-12` for an instant, in Berlin.
pub fn month_of(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = at.with_timezone(&Berlin);
    format!("{:04}-{:02}", local.year(), local.month())
}

/// The link in the mail body: a page with one button, for people.
pub fn leave_link(ctx: &AppContext, token: &str) -> String {
    format!("{}/newsletter/leave/{token}", ctx.settings.base_url)
}

/// The `List-Unsubscribe` address: a POST there ends the subscription (RFC 8058).
pub fn one_click_link(ctx: &AppContext, token: &str) -> String {
    format!("{}/newsletter/unsubscribe/{token}", ctx.settings.base_url)
}

/// A fresh secret for the leave link of one newsletter. Only its digest is stored (in
/// `one_time_token`, like every other link's secret); the link keeps working for
/// `LEAVE_LINK_VALID_DAYS`, long after the next newsletter.
async fn token_for(
    db: &impl ConnectionTrait,
    person: &user::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, AppError> {
    crate::auth::server::issue_token(
        db,
        person.id,
        crate::auth::server::PURPOSE_NEWSLETTER_LEAVE,
        chrono::Duration::days(LEAVE_LINK_VALID_DAYS),
        now,
    )
    .await
}

const LEAVE_LINK_VALID_DAYS: i64 = 400;

/// The person a leave link belongs to, if the link is known and not expired.
async fn leave_link_owner(ctx: &AppContext, token: &str) -> Result<Option<uuid::Uuid>, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    Ok(crate::db::one_time_token::Entity::find()
        .filter(crate::db::one_time_token::Column::TokenHash.eq(crate::auth::server::digest(token)))
        .filter(
            crate::db::one_time_token::Column::Purpose
                .eq(crate::auth::server::PURPOSE_NEWSLETTER_LEAVE),
        )
        .filter(crate::db::one_time_token::Column::ExpiresAt.gt(ctx.now()))
        .one(&ctx.db)
        .await?
        .map(|t| t.user_id))
}

/// Sends this month's newsletter if no instance has yet. Returns the number of mails queued.
pub async fn send_due(ctx: &AppContext) -> Result<usize, AppError> {
    let now = ctx.now();
    let month = month_of(now);
    if newsletter_issue::Entity::find_by_id(month.clone())
        .one(&ctx.db)
        .await?
        .is_some()
    {
        return Ok(0);
    }
    let previous = newsletter_issue::Entity::find()
        .order_by_desc(newsletter_issue::Column::Month)
        .one(&ctx.db)
        .await?;
    let known: HashSet<String> = previous
        .as_ref()
        .and_then(|p| serde_json::from_str(&p.modules).ok())
        .unwrap_or_default();
    let since = previous.as_ref().map(|p| p.created_at).unwrap_or(now);
    let catalogue: Vec<String> = ctx.content().modules.iter().map(|m| m.id.clone()).collect();

    let txn = ctx.db.begin().await?;
    // The month's row first: a second instance's insert fails here and sends nothing.
    let claimed = newsletter_issue::ActiveModel {
        month: Set(month.clone()),
        created_at: Set(now),
        modules: Set(serde_json::to_string(&catalogue).unwrap_or_else(|_| "[]".to_owned())),
    }
    .insert(&txn)
    .await;
    if claimed.is_err() {
        return Ok(0);
    }
    // The month the platform starts in only records the catalogue; the first newsletter goes
    // out the month after, instead of surprising everyone on the day of installation.
    if previous.is_none() {
        txn.commit().await?;
        return Ok(0);
    }
    let tips: Vec<board_post::Model> = board_post::Entity::find()
        .filter(board_post::Column::RemovedAt.is_null())
        .filter(board_post::Column::CreatedAt.gt(since))
        .order_by_desc(board_post::Column::CreatedAt)
        .all(&txn)
        .await?;
    let scouts = super::server::active_scouts(&txn).await?;
    let hours: Vec<(String, String)> = {
        let profiles = scout_profile::Entity::find()
            .filter(
                scout_profile::Column::UserId
                    .is_in(scouts.iter().map(|s| s.id).collect::<Vec<_>>()),
            )
            .all(&txn)
            .await?;
        let mut hours: Vec<(String, String)> = profiles
            .into_iter()
            .filter(|p| !p.office_hours.trim().is_empty())
            .filter_map(|p| {
                scouts
                    .iter()
                    .find(|s| s.id == p.user_id)
                    .map(|s| (s.display_name.clone(), p.office_hours))
            })
            .collect();
        hours.sort();
        hours
    };
    // Workshops of the coming month: for everyone, or for a unit (then only its people, and
    // those of the units below it, read about it).
    let workshops = workshop::Entity::find()
        .filter(workshop::Column::CancelledAt.is_null())
        .filter(workshop::Column::StartsAt.gt(now))
        .filter(workshop::Column::StartsAt.lt(now + chrono::Duration::days(31)))
        .order_by_asc(workshop::Column::StartsAt)
        .all(&txn)
        .await?;
    let parents: HashMap<Uuid, Option<Uuid>> = department::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|d| (d.id, d.parent_id))
        .collect();
    // The ideas of the past month: counts and the titles of what was implemented, never who
    // submitted.
    let ideas = crate::ideas::server::past_month(&txn, now).await?;
    let recipients = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Newsletter.eq(true))
        .all(&txn)
        .await?;
    let mut queued = 0;
    for person in recipients {
        let locale = Locale::from_code(&person.locale).unwrap_or_default();
        let new_modules: Vec<String> = ctx
            .content()
            .modules
            .iter()
            .filter(|m| !known.contains(&m.id))
            .map(|m| m.title.get(locale).to_owned())
            .collect();
        let mut units = HashSet::new();
        let mut cursor = person.department_id;
        while let Some(unit) = cursor.filter(|u| units.insert(*u)) {
            cursor = parents.get(&unit).copied().flatten();
        }
        let open_workshops: Vec<serde_json::Value> = workshops
            .iter()
            .filter(|w| w.department_id.is_none_or(|unit| units.contains(&unit)))
            .map(|w| {
                serde_json::json!({
                    "title": w.title,
                    "when": crate::i18n::format::local_date_time(locale, w.starts_at),
                    "place": w.place,
                })
            })
            .collect();
        let token = token_for(&txn, &person, now).await?;
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: person.email.clone(),
                person: person.id,
                locale,
                template: "newsletter",
                context: serde_json::json!({
                    "name": person.display_name,
                    "month": month,
                    "modules": new_modules,
                    "tips": tips.iter().map(|t| serde_json::json!({ "title": t.title })).collect::<Vec<_>>(),
                    "workshops": open_workshops,
                    "office_hours": hours.iter().map(|(name, when)| serde_json::json!({ "name": name, "when": when })).collect::<Vec<_>>(),
                    "ideas": {
                        "any": ideas.received + ideas.accepted + ideas.implemented + ideas.declined > 0,
                        "month": ideas.month_name(locale),
                        "received": ideas.received,
                        "accepted": ideas.accepted,
                        "implemented": ideas.implemented,
                        "declined": ideas.declined,
                        "implemented_titles": ideas.implemented_titles,
                        "link": format!("{}/ideen", ctx.settings.base_url),
                    },
                    "board_link": format!("{}/scouts/board", ctx.settings.base_url),
                    "scouts_link": format!("{}/scouts", ctx.settings.base_url),
                    "link": leave_link(ctx, &token),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(format!("newsletter-{month}-{}", person.id)),
                list_unsubscribe: Some(one_click_link(ctx, &token)),
                attachment: None,
            },
        )
        .await?;
        queued += 1;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(queued)
}

/// Ends the subscription that `token` belongs to. Returns whether the token was known.
pub async fn leave(ctx: &AppContext, token: &str) -> Result<bool, AppError> {
    let Some(owner) = leave_link_owner(ctx, token).await? else {
        return Ok(false);
    };
    user::Entity::update_many()
        .col_expr(
            user::Column::Newsletter,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(user::Column::Id.eq(owner))
        .exec(&ctx.db)
        .await?;
    Ok(true)
}

/// Whether the person behind `token` still receives the newsletter; unknown tokens are not found.
pub async fn subscribed(ctx: &AppContext, token: &str) -> Result<bool, AppError> {
    let owner = leave_link_owner(ctx, token)
        .await?
        .ok_or(AppError::NotFound)?;
    user::Entity::find_by_id(owner)
        .one(&ctx.db)
        .await?
        .map(|u| u.newsletter)
        .ok_or(AppError::NotFound)
}
