//! Reporting, listing and withdrawing one's own training needs.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::{MAX_OPEN, MAX_TEAM, MAX_TOPIC, MyNeeds, NeedEntry, Urgency};
use crate::auth::{CurrentUser, Role};
use crate::content::HasContent;
use crate::context::AppContext;
use crate::db::training_need;
use crate::error::{AppError, Validation};

/// The form as posted.
pub struct NeedForm<'a> {
    pub topic: &'a str,
    pub competence: &'a str,
    pub urgency: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub team_size: &'a str,
}

/// The competences a need can name: those of the target profiles, as in HR's heatmap.
pub fn competences(ctx: &AppContext, locale: crate::i18n::Locale) -> Vec<(String, String)> {
    let content = ctx.content();
    content
        .profiles
        .target_competences(&content)
        .into_iter()
        .map(|c| (c.id.clone(), c.title.get(locale).to_owned()))
        .collect()
}

pub async fn mine(ctx: &AppContext, me: &CurrentUser) -> Result<MyNeeds, AppError> {
    me.require_any(&[Role::Employee])?;
    let competences = competences(ctx, me.locale);
    let needs = training_need::Entity::find()
        .filter(training_need::Column::UserId.eq(me.id))
        .order_by_desc(training_need::Column::CreatedAt)
        .all(&ctx.read)
        .await?
        .into_iter()
        .map(|n| NeedEntry {
            id: n.id,
            topic: n.topic,
            competence: competences
                .iter()
                .find(|(id, _)| *id == n.competence)
                .map_or_else(|| n.competence.clone(), |(_, title)| title.clone()),
            urgency: Urgency::parse(&n.urgency).unwrap_or(Urgency::Medium),
            team_size: n.team_size.and_then(|t| u32::try_from(t).ok()),
            created_at: n.created_at,
        })
        .collect();
    Ok(MyNeeds { competences, needs })
}

pub async fn report(
    ctx: &AppContext,
    me: &CurrentUser,
    form: NeedForm<'_>,
) -> Result<(), AppError> {
    me.require_any(&[Role::Employee])?;
    let topic = form.topic.trim();
    let competence = form.competence.trim();
    let mut v = Validation::new();
    if v.require(topic, "topic") {
        v.max_chars(topic, MAX_TOPIC, "topic");
    }
    let known = competences(ctx, me.locale)
        .iter()
        .any(|(id, _)| id == competence);
    if v.require(competence, "competence") {
        v.check(known, "competence", "field-invalid-choice");
    }
    let urgency = form.urgency.and_then(Urgency::parse);
    v.check(urgency.is_some(), "urgency", "need-urgency-required");
    let team_size = match form.scope.map(str::trim) {
        None | Some("self") => None,
        Some("team") => {
            let size = form
                .team_size
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (2..=MAX_TEAM).contains(n));
            v.check(size.is_some(), "team_size", "need-team-size-invalid");
            size
        }
        Some(_) => {
            v.field("scope", "field-invalid-choice");
            None
        }
    };
    v.finish()?;
    let urgency = urgency.ok_or(AppError::Internal)?;
    let open = training_need::Entity::find()
        .filter(training_need::Column::UserId.eq(me.id))
        .count(&ctx.db)
        .await?;
    if open >= MAX_OPEN {
        return Err(AppError::Conflict("need-too-many".into()));
    }
    training_need::Entity::insert(training_need::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(me.id),
        topic: Set(topic.to_owned()),
        competence: Set(competence.to_owned()),
        urgency: Set(urgency.as_str().to_owned()),
        team_size: Set(team_size.and_then(|n| i32::try_from(n).ok())),
        created_at: Set(ctx.now()),
    })
    .exec_without_returning(&ctx.db)
    .await?;
    Ok(())
}

/// Withdrawing deletes the request: nothing of it stays.
pub async fn withdraw(ctx: &AppContext, me: &CurrentUser, id: &str) -> Result<(), AppError> {
    let id = AppError::parse_id(id)?;
    let result = training_need::Entity::delete_many()
        .filter(training_need::Column::Id.eq(id))
        .filter(training_need::Column::UserId.eq(me.id))
        .exec(&ctx.db)
        .await?;
    if result.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
