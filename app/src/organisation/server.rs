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
use crate::error::{AppError, Validation};

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

/// The chosen parent unit's id; empty means none.
fn parse_parent(v: &mut Validation, value: Option<String>) -> Option<Uuid> {
    match value.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(id) => {
            let id = id.parse().ok();
            v.check(id.is_some(), "parent_id", "field-invalid-choice");
            id
        }
    }
}

/// A unit's code: trimmed, at most 32 characters; empty means none.
fn validate_code(v: &mut Validation, code: Option<String>) -> Option<String> {
    let code = code.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if let Some(code) = &code {
        v.max_chars(code, 32, "code");
    }
    code
}

/// Codes are unique, compared without regard to case (the import matches them that way).
async fn check_code_free(
    v: &mut Validation,
    db: &impl sea_orm::ConnectionTrait,
    code: Option<&str>,
    except: Option<Uuid>,
) -> Result<(), AppError> {
    let Some(code) = code.filter(|_| !v.has("code")) else {
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
    v.check(!taken, "code", "department-code-taken");
    Ok(())
}

/// The unit's name and kind.
fn validate(v: &mut Validation, name: &str, kind: &str) -> (String, Option<DepartmentKind>) {
    let name = name.trim();
    v.require(name, "name");
    v.max_chars(name, 200, "name");
    let kind = DepartmentKind::parse(kind);
    v.check(kind.is_some(), "kind", "field-invalid-choice");
    (name.to_owned(), kind)
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
    let mut v = Validation::new();
    let (name, kind) = validate(&mut v, &name, &kind);
    let code = validate_code(&mut v, code);
    let parent = parse_parent(&mut v, parent_id);
    let txn = ctx.db.begin().await?;
    check_code_free(&mut v, &txn, code.as_deref(), None).await?;
    if let Some(parent) = parent {
        let known = department::Entity::find_by_id(parent)
            .one(&txn)
            .await?
            .is_some();
        v.check(known, "parent_id", "field-invalid-choice");
    }
    let kind = v.finish_with(kind)?;
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
    let id = AppError::parse_id(&id)?;
    let mut v = Validation::new();
    let (name, kind) = validate(&mut v, &name, &kind);
    let code = validate_code(&mut v, code);
    let parent = parse_parent(&mut v, parent_id);
    let txn = ctx.db.begin().await?;
    check_code_free(&mut v, &txn, code.as_deref(), Some(id)).await?;
    let Some(existing) = department::Entity::find_by_id(id).one(&txn).await? else {
        return Err(AppError::NotFound);
    };
    if let Some(parent) = parent {
        // The new parent must exist and must not lie inside the moved unit: no cycles.
        let all = department::Entity::find().all(&txn).await?;
        let parents: HashMap<Uuid, Option<Uuid>> =
            all.iter().map(|d| (d.id, d.parent_id)).collect();
        if v.check(
            parents.contains_key(&parent),
            "parent_id",
            "field-invalid-choice",
        ) {
            let mut cursor = Some(parent);
            let mut steps = 0;
            while let Some(current) = cursor {
                if current == id || steps > all.len() {
                    v.field("parent_id", "department-parent-cycle");
                    break;
                }
                cursor = parents.get(&current).copied().flatten();
                steps += 1;
            }
        }
    }
    let kind = v.finish_with(kind)?;
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

/// Deletes an empty unit. The confirmation is checked after the unit is found empty, so that a
/// unit that cannot be deleted says why (409) whether the box was ticked or not.
pub async fn delete(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    confirmed: Option<&str>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let id = AppError::parse_id(&id)?;
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
    crate::ui::require_confirmation("confirm", confirmed)?;
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
    let id = AppError::parse_id(&id)?;
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
    let id = AppError::parse_id(&id)?;
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
