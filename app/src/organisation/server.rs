//! Reading and changing the department tree.

use crate::content::HasContent;
use crate::context::AppContext;
use crate::identity::CurrentUser;
use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::{DepartmentKind, DepartmentRow};
use crate::audit::server::record;
use crate::auth::Role;
use crate::db::{department, user};
use crate::error::AppError;

pub async fn list(ctx: &AppContext, me: &CurrentUser) -> Result<Vec<DepartmentRow>, AppError> {
    me.require_any(&[Role::Hr, Role::Scout, Role::Admin])?;
    list_rows(&ctx.db).await
}

pub async fn list_rows(db: &sea_orm::DatabaseConnection) -> Result<Vec<DepartmentRow>, AppError> {
    let departments = department::Entity::find().all(db).await?;
    let counts: Vec<(Option<Uuid>, i64)> = user::Entity::find()
        .select_only()
        .column(user::Column::DepartmentId)
        .column_as(user::Column::Id.count(), "n")
        .filter(user::Column::Active.eq(true))
        .group_by(user::Column::DepartmentId)
        .into_tuple()
        .all(db)
        .await?;
    let counts: HashMap<Uuid, u64> = counts
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n.max(0) as u64)))
        .collect();
    Ok(department::tree_order(departments)
        .into_iter()
        .map(|(dep, depth)| DepartmentRow {
            headcount: counts.get(&dep.id).copied().unwrap_or(0),
            id: dep.id,
            code: dep.code,
            kind: DepartmentKind::parse(&dep.kind).unwrap_or(DepartmentKind::Abteilung),
            name: dep.name,
            parent_id: dep.parent_id,
            depth,
        })
        .collect())
}

fn parse_id(value: &str) -> Result<Uuid, AppError> {
    value.trim().parse().map_err(|_| AppError::NotFound)
}

fn parse_parent(value: Option<String>) -> Result<Option<Uuid>, AppError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(id) => id
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid("parent_id", "field-invalid-choice")),
    }
}

/// A unit's code: trimmed, at most 32 characters; empty means none.
fn validate_code(code: Option<String>) -> Result<Option<String>, AppError> {
    let code = code.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if code.as_ref().is_some_and(|c| c.chars().count() > 32) {
        return Err(AppError::invalid("code", "field-too-long"));
    }
    Ok(code)
}

/// Codes are unique, compared without regard to case (the import matches them that way).
async fn check_code_free(
    db: &impl sea_orm::ConnectionTrait,
    code: Option<&str>,
    except: Option<Uuid>,
) -> Result<(), AppError> {
    let Some(code) = code else {
        return Ok(());
    };
    let taken = department::Entity::find()
        .filter(department::Column::Code.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .any(|d| {
            Some(d.id) != except
                && d.code
                    .is_some_and(|c| c.to_lowercase() == code.to_lowercase())
        });
    if taken {
        return Err(AppError::invalid("code", "department-code-taken"));
    }
    Ok(())
}

fn validate(name: &str, kind: &str) -> Result<(String, DepartmentKind), AppError> {
    let name = name.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(crate::error::FieldError {
            field: "name".into(),
            message: "field-required".into(),
        });
    } else if name.chars().count() > 200 {
        errors.push(crate::error::FieldError {
            field: "name".into(),
            message: "field-too-long".into(),
        });
    }
    let kind = DepartmentKind::parse(kind);
    if kind.is_none() {
        errors.push(crate::error::FieldError {
            field: "kind".into(),
            message: "field-invalid-choice".into(),
        });
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok((name.to_owned(), kind)),
        _ => Err(AppError::Invalid(errors)),
    }
}

pub async fn create(
    ctx: &AppContext,
    me: &CurrentUser,
    name: String,
    kind: String,
    parent_id: Option<String>,
    code: Option<String>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let (name, kind) = validate(&name, &kind)?;
    let code = validate_code(code)?;
    let parent = parse_parent(parent_id)?;
    let txn = ctx.db.begin().await?;
    check_code_free(&txn, code.as_deref(), None).await?;
    if let Some(parent) = parent
        && department::Entity::find_by_id(parent)
            .one(&txn)
            .await?
            .is_none()
    {
        return Err(AppError::invalid("parent_id", "field-invalid-choice"));
    }
    let id = Uuid::new_v4();
    let now = ctx.now();
    department::ActiveModel {
        id: Set(id),
        parent_id: Set(parent),
        name: Set(name.clone()),
        kind: Set(kind.as_str().to_owned()),
        created_at: Set(now),
        code: Set(code.clone()),
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        now,
        Some(me.id),
        "department.created",
        "department",
        Some(id.to_string()),
        serde_json::json!({ "name": name, "kind": kind.as_str(), "code": code }),
    )
    .await?;
    txn.commit().await?;
    Ok(String::from("/organisation?created=1"))
}

pub async fn update(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
    code: Option<String>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let id = parse_id(&id)?;
    let (name, kind) = validate(&name, &kind)?;
    let code = validate_code(code)?;
    let parent = parse_parent(parent_id)?;
    let txn = ctx.db.begin().await?;
    check_code_free(&txn, code.as_deref(), Some(id)).await?;
    let Some(existing) = department::Entity::find_by_id(id).one(&txn).await? else {
        return Err(AppError::NotFound);
    };
    if let Some(parent) = parent {
        // The new parent must exist and must not lie inside the moved unit: no cycles.
        let all = department::Entity::find().all(&txn).await?;
        let parents: HashMap<Uuid, Option<Uuid>> =
            all.iter().map(|d| (d.id, d.parent_id)).collect();
        if !parents.contains_key(&parent) {
            return Err(AppError::invalid("parent_id", "field-invalid-choice"));
        }
        let mut cursor = Some(parent);
        let mut steps = 0;
        while let Some(current) = cursor {
            if current == id || steps > all.len() {
                return Err(AppError::invalid("parent_id", "department-parent-cycle"));
            }
            cursor = parents.get(&current).copied().flatten();
            steps += 1;
        }
    }
    let before = serde_json::json!({ "name": existing.name, "kind": existing.kind, "parent": existing.parent_id, "code": existing.code });
    let mut active: department::ActiveModel = existing.into();
    active.name = Set(name.clone());
    active.kind = Set(kind.as_str().to_owned());
    active.parent_id = Set(parent);
    active.code = Set(code.clone());
    active.update(&txn).await?;
    let now = ctx.now();
    record(&txn, now, Some(me.id), "department.updated", "department", Some(id.to_string()),
        serde_json::json!({ "before": before, "after": { "name": name, "kind": kind.as_str(), "parent": parent, "code": code } })).await?;
    txn.commit().await?;
    Ok(format!("/organisation/{id}?saved=1"))
}

pub async fn delete(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let id = parse_id(&id)?;
    let txn = ctx.db.begin().await?;
    let Some(existing) = department::Entity::find_by_id(id).one(&txn).await? else {
        return Err(AppError::NotFound);
    };
    let children = department::Entity::find()
        .filter(department::Column::ParentId.eq(id))
        .count(&txn)
        .await?;
    let members = user::Entity::find()
        .filter(user::Column::DepartmentId.eq(id))
        .count(&txn)
        .await?;
    if children > 0 || members > 0 {
        return Err(AppError::Conflict("department-not-empty".into()));
    }
    department::Entity::delete_by_id(id).exec(&txn).await?;
    let now = ctx.now();
    record(
        &txn,
        now,
        Some(me.id),
        "department.deleted",
        "department",
        Some(id.to_string()),
        serde_json::json!({ "name": existing.name }),
    )
    .await?;
    txn.commit().await?;
    Ok(String::from("/organisation?deleted=1"))
}

pub async fn import_preview(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<super::ImportPreview, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let id = parse_id(&id)?;
    let import = crate::db::employee_import::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    super::import::preview(&ctx.db, &ctx.content(), import, Some(me.id)).await
}

pub async fn apply_import(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    confirm_mass_deactivation: bool,
) -> Result<String, AppError> {
    me.require_any(&[Role::Hr, Role::Admin])?;
    let id = parse_id(&id)?;
    let summary = super::import::apply(
        &ctx.db,
        &ctx.content(),
        ctx.now(),
        Some(me.id),
        id,
        super::import::Confirmation {
            mass_deactivation: confirm_mass_deactivation,
        },
    )
    .await?;
    tracing::info!(
        created = summary.created,
        updated = summary.updated,
        deactivated = summary.deactivated,
        skipped = summary.skipped,
        "employee list imported"
    );
    Ok(format!("/organisation/import/{id}?applied=1"))
}
