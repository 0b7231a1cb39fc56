//! Writing and reading the audit log.

use crate::context::AppContext;
use crate::identity::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

use super::{ACTIONS, AuditEntry, AuditPage, PAGE_SIZE};
use crate::auth::Role;
use crate::db::{audit_log, user};
use crate::error::AppError;

/// Appends an entry, inside the caller's transaction so that the entry exists exactly when the
/// change does.
pub async fn record(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    action: &str,
    target_type: &str,
    target_id: Option<String>,
    details: serde_json::Value,
) -> Result<(), AppError> {
    debug_assert!(ACTIONS.contains(&action), "unknown audit action {action}");
    audit_log::ActiveModel {
        occurred_at: Set(at),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        target_type: Set(target_type.to_owned()),
        target_id: Set(target_id),
        details: Set(details.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn list(
    ctx: &AppContext,
    me: &CurrentUser,
    page: u64,
    action: Option<String>,
) -> Result<AuditPage, AppError> {
    me.require_any(&[Role::Auditor, Role::Admin])?;
    let mut query = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
    if let Some(action) = action.filter(|a| ACTIONS.contains(&a.as_str())) {
        query = query.filter(audit_log::Column::Action.eq(action));
    }
    let paginator = query.paginate(&ctx.db, PAGE_SIZE);
    let total = paginator.num_items().await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let rows = paginator.fetch_page(page - 1).await?;

    let mut names: HashMap<Uuid, String> = HashMap::new();
    let ids: Vec<Uuid> = rows
        .iter()
        .filter_map(|r| r.actor_id)
        .chain(rows.iter().filter_map(|r| {
            (r.target_type == "user")
                .then(|| r.target_id.as_deref().and_then(|t| t.parse().ok()))
                .flatten()
        }))
        .collect();
    if !ids.is_empty() {
        for account in user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(&ctx.db)
            .await?
        {
            names.insert(account.id, account.display_name);
        }
    }
    let entries = rows
        .into_iter()
        .map(|row| {
            let target = row.target_id.as_ref().map(|id| {
                id.parse::<Uuid>()
                    .ok()
                    .and_then(|uuid| names.get(&uuid).cloned())
                    .unwrap_or_else(|| id.clone())
            });
            AuditEntry {
                id: row.id,
                occurred_at: row.occurred_at,
                actor: row.actor_id.and_then(|id| names.get(&id).cloned()),
                action: row.action,
                target,
                details: row.details,
            }
        })
        .collect();
    Ok(AuditPage {
        entries,
        page,
        pages,
        total,
    })
}
