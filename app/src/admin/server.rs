//! Account administration on the server. Every change is checked for the admin role here, not
//! only in the page, and written to the audit log in the same transaction.

use crate::context::AppContext;
use crate::identity::CurrentUser;
use std::collections::HashMap;

use sea_orm::sea_query::ExprTrait as SqlExpr;
use sea_orm::sea_query::{Expr, Func, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{MAX_USER_QUERY, USERS_PER_PAGE, UserDetail, UserFilter, UserPage, UserRow};
use crate::audit::server::record;
use crate::auth::Role;
use crate::auth::server::{
    NewAccount, PURPOSE_INVITATION, PURPOSE_PASSWORD_RESET, check_new_account, create_account,
    end_all_sessions, looks_like_email, normalize_email, queue_set_password_mail, roles_of,
    set_roles,
};
use crate::db::{department, one_time_token, user, user_role};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::mail::{self, OutgoingMail};

/// The chosen unit, which must exist; empty means none.
async fn department_choice(
    v: &mut Validation,
    db: &impl sea_orm::ConnectionTrait,
    value: Option<String>,
) -> Result<Option<Uuid>, AppError> {
    let id = match value.as_deref().map(str::trim) {
        None | Some("") => return Ok(None),
        Some(id) => id.parse::<Uuid>().ok(),
    };
    let known = match id {
        Some(id) => department::Entity::find_by_id(id).one(db).await?.is_some(),
        None => false,
    };
    v.check(known, "department_id", "field-invalid-choice");
    Ok(id)
}

/// The escape character of the search pattern; not a backslash, which PostgreSQL and SQLite
/// read differently in string literals.
const LIKE_ESCAPE: char = '!';

/// A LIKE pattern that finds `text` anywhere, with the pattern's own characters (`%`, `_` and
/// the escape character) standing for themselves.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// One page of the accounts that match `filter`. Filtering, counting and paging happen in the
/// database: the page never loads more than one page of accounts. The search ignores case on
/// both databases (both sides lower-cased; SQLite's `lower` knows only ASCII letters, so there
/// an "Ä" in a name is found by "Ä" but not by "ä").
pub async fn list(
    ctx: &AppContext,
    me: &CurrentUser,
    filter: &UserFilter,
    page: Option<&str>,
) -> Result<UserPage, AppError> {
    me.require_any(&[Role::Admin])?;
    let mut v = Validation::new();
    let q = filter.q.trim();
    v.max_chars(q, MAX_USER_QUERY, "q");
    let role = match filter.role.trim() {
        "" => None,
        code => {
            let role = Role::parse(code);
            v.check(role.is_some(), "role", "field-invalid-choice");
            role
        }
    };
    let active = match filter.status.trim() {
        "" => None,
        "active" => Some(true),
        "inactive" => Some(false),
        _ => {
            v.field("status", "field-invalid-choice");
            None
        }
    };
    v.finish()?;

    let mut condition = Condition::all();
    if !q.is_empty() {
        let pattern = contains_pattern(&q.to_lowercase());
        let matches = |column: user::Column| {
            SqlExpr::like(
                Func::lower(Expr::col(column)),
                LikeExpr::new(pattern.as_str()).escape(LIKE_ESCAPE),
            )
        };
        condition = condition.add(
            Condition::any()
                .add(matches(user::Column::DisplayName))
                .add(matches(user::Column::Email))
                .add(matches(user::Column::PersonnelNumber)),
        );
    }
    if let Some(role) = role {
        condition = condition.add(
            user::Column::Id.in_subquery(
                Query::select()
                    .column(user_role::Column::UserId)
                    .from(user_role::Entity)
                    .and_where(Expr::col(user_role::Column::Role).eq(role.as_str()))
                    .to_owned(),
            ),
        );
    }
    if let Some(active) = active {
        condition = condition.add(user::Column::Active.eq(active));
    }
    let select = user::Entity::find().filter(condition);
    let total = select.clone().count(&ctx.db).await?;
    let pages = std::cmp::max(total.div_ceil(USERS_PER_PAGE), 1);
    let page = page.and_then(|p| p.trim().parse::<u64>().ok()).unwrap_or(1);
    let page = Ord::clamp(page, 1, pages);
    let accounts = select
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .offset((page - 1) * USERS_PER_PAGE)
        .limit(USERS_PER_PAGE)
        .all(&ctx.db)
        .await?;

    let ids: Vec<Uuid> = accounts.iter().map(|a| a.id).collect();
    let unit_ids: Vec<Uuid> = accounts.iter().filter_map(|a| a.department_id).collect();
    let departments: HashMap<Uuid, String> = department::Entity::find()
        .filter(department::Column::Id.is_in(unit_ids))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut roles: HashMap<Uuid, Vec<Role>> = HashMap::new();
    for row in user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(ids))
        .all(&ctx.db)
        .await?
    {
        if let Some(role) = Role::parse(&row.role) {
            roles.entry(row.user_id).or_default().push(role);
        }
    }
    let rows = accounts
        .into_iter()
        .map(|a| {
            let mut user_roles = roles.remove(&a.id).unwrap_or_default();
            user_roles.sort();
            UserRow {
                id: a.id,
                department: a.department_id.and_then(|d| departments.get(&d).cloned()),
                display_name: a.display_name,
                email: a.email,
                roles: user_roles,
                active: a.active,
                has_password: a.password_hash.is_some(),
            }
        })
        .collect();
    Ok(UserPage {
        rows,
        total,
        page,
        pages,
    })
}

pub async fn get(ctx: &AppContext, me: &CurrentUser, id: String) -> Result<UserDetail, AppError> {
    me.require_any(&[Role::Admin])?;
    let id = AppError::parse_id(&id)?;
    let account = user::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_of(&ctx.db, id).await?;
    Ok(UserDetail {
        id,
        display_name: account.display_name,
        email: account.email,
        department_id: account.department_id,
        roles,
        active: account.active,
        has_password: account.password_hash.is_some(),
        locale: Locale::from_code(&account.locale).unwrap_or_default(),
        created_at: account.created_at,
    })
}

pub async fn create(
    ctx: &AppContext,
    me: &CurrentUser,
    display_name: String,
    email: String,
    department_id: Option<String>,
    locale: String,
    roles: Vec<Role>,
    send_invitation: bool,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let locale = Locale::from_code(&locale).unwrap_or_default();
    let email = Some(normalize_email(&email)).filter(|e| !e.is_empty());
    let display_name = display_name.trim().to_owned();
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    // In the form's order, so that the summary reads like the form.
    let mut v = Validation::new();
    check_new_account(&mut v, &txn, &display_name, email.as_deref()).await?;
    let department_id = department_choice(&mut v, &txn, department_id).await?;
    v.check(!roles.is_empty(), "roles", "user-roles-required");
    v.finish()?;
    let created = create_account(
        &txn,
        now,
        NewAccount {
            email,
            display_name,
            department_id,
            roles: roles.clone(),
            locale,
            password_hash: None,
            is_demo: false,
        },
    )
    .await?;
    record(
        &txn,
        now,
        Some(me.id),
        "user.created",
        "user",
        Some(created.id.to_string()),
        serde_json::json!({
            "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "department": department_id,
        }),
    )
    .await?;
    // A person without a mail address gets a sign-in letter instead (/letters).
    let send_invitation = send_invitation && created.email.is_some();
    if send_invitation {
        queue_set_password_mail(&txn, ctx, &created, PURPOSE_INVITATION).await?;
        record(
            &txn,
            now,
            Some(me.id),
            "user.invitation_sent",
            "user",
            Some(created.id.to_string()),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    if send_invitation {
        ctx.mail_wakeup.notify_one();
    }
    Ok(format!("/admin/users/{}?created=1", created.id))
}

pub async fn update(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    display_name: String,
    email: String,
    department_id: Option<String>,
    locale: String,
    roles: Vec<Role>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let id = AppError::parse_id(&id)?;
    let locale = Locale::from_code(&locale).unwrap_or_default();
    // Empty: a person without a mail address (sign-in letters instead of mails).
    let email = Some(normalize_email(&email)).filter(|e| !e.is_empty());
    let display_name = display_name.trim().to_owned();
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let account = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut v = Validation::new();
    v.require(&display_name, "display_name");
    if let Some(new) = &email
        && v.check(looks_like_email(new), "email", "email-invalid")
        && account.email.as_ref() != Some(new)
    {
        let taken = user::Entity::find()
            .filter(user::Column::Email.eq(new.as_str()))
            .one(&txn)
            .await?
            .is_some();
        v.check(!taken, "email", "email-taken");
    }
    let department_id = department_choice(&mut v, &txn, department_id).await?;
    v.check(!roles.is_empty(), "roles", "user-roles-required");
    // Nobody removes their own admin role: the last admin would lock everyone out.
    v.check(
        me.id != id || roles.contains(&Role::Admin),
        "roles",
        "user-cannot-drop-own-admin",
    );
    v.finish()?;
    let old_roles = roles_of(&txn, id).await?;
    let mut changed = Vec::new();
    if account.display_name != display_name {
        changed.push("display_name");
    }
    if account.email != email {
        changed.push("email");
    }
    if account.department_id != department_id {
        changed.push("department");
    }
    if account.locale != locale.code() {
        changed.push("locale");
    }
    let old_email = account.email.clone();
    let mut active: user::ActiveModel = account.into();
    active.display_name = Set(display_name.clone());
    active.email = Set(email.clone());
    active.department_id = Set(department_id);
    active.locale = Set(locale.code().to_owned());
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let email_changed = old_email != email;
    if email_changed {
        end_access_after_email_change(&txn, id, now).await?;
        // To the old and the new address; a person without one of them gets the notice on the
        // start page instead.
        for (to, to_old_address) in [(old_email, true), (email, false)] {
            mail::enqueue(
                &txn,
                ctx,
                OutgoingMail {
                    to,
                    person: id,
                    locale,
                    template: "email_changed",
                    context: serde_json::json!({
                        "name": display_name,
                        "link": format!("{}/login", ctx.settings.base_url),
                        "organisation": ctx.settings.organisation_name,
                        "to_old_address": to_old_address,
                    }),
                    idempotency_key: None,
                    list_unsubscribe: None,
                    attachment: None,
                },
            )
            .await?;
        }
    }
    if !changed.is_empty() {
        record(
            &txn,
            now,
            Some(me.id),
            "user.updated",
            "user",
            Some(id.to_string()),
            serde_json::json!({ "fields": changed }),
        )
        .await?;
    }
    let mut new_roles = roles.clone();
    new_roles.sort();
    new_roles.dedup();
    if new_roles != old_roles {
        set_roles(&txn, id, &new_roles).await?;
        let added: Vec<_> = new_roles
            .iter()
            .filter(|r| !old_roles.contains(r))
            .map(|r| r.as_str())
            .collect();
        let removed: Vec<_> = old_roles
            .iter()
            .filter(|r| !new_roles.contains(r))
            .map(|r| r.as_str())
            .collect();
        record(
            &txn,
            now,
            Some(me.id),
            "user.roles_changed",
            "user",
            Some(id.to_string()),
            serde_json::json!({ "added": added, "removed": removed }),
        )
        .await?;
    }
    txn.commit().await?;
    if email_changed {
        ctx.mail_wakeup.notify_one();
    }
    Ok(format!("/admin/users/{id}?saved=1"))
}

/// A new login email hands the account to whoever reads that mailbox: every session ends and
/// every unused invitation or password-reset link (sent to the old address) stops working.
async fn end_access_after_email_change(
    txn: &impl sea_orm::ConnectionTrait,
    id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    end_all_sessions(txn, id).await?;
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::UserId.eq(id))
        .filter(one_time_token::Column::Purpose.is_in([
            crate::auth::server::PURPOSE_INVITATION,
            crate::auth::server::PURPOSE_PASSWORD_RESET,
        ]))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

pub async fn set_active(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
    active: bool,
    confirmed: Option<&str>,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let id = AppError::parse_id(&id)?;
    if id == me.id && !active {
        return Err(AppError::Conflict("user-cannot-deactivate-self".into()));
    }
    if !active {
        crate::ui::require_confirmation("confirm", confirmed)?;
    }
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let account = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if account.active != active {
        let mut model: user::ActiveModel = account.into();
        model.active = Set(active);
        model.deactivated_at = Set((!active).then_some(now));
        model.updated_at = Set(now);
        model.update(&txn).await?;
        if !active {
            // Open sessions end with the account, on every device and every server instance.
            end_all_sessions(&txn, id).await?;
        }
        let action = if active {
            "user.reactivated"
        } else {
            "user.deactivated"
        };
        record(
            &txn,
            now,
            Some(me.id),
            action,
            "user",
            Some(id.to_string()),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(format!("/admin/users/{id}?saved=1"))
}

pub async fn send_access_mail(
    ctx: &AppContext,
    me: &CurrentUser,
    id: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let id = AppError::parse_id(&id)?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let account = user::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !account.active {
        return Err(AppError::Conflict("user-inactive-no-mail".into()));
    }
    let (purpose, action) = if account.password_hash.is_none() {
        (PURPOSE_INVITATION, "user.invitation_sent")
    } else {
        (PURPOSE_PASSWORD_RESET, "user.password_reset_sent")
    };
    queue_set_password_mail(&txn, ctx, &account, purpose).await?;
    record(
        &txn,
        now,
        Some(me.id),
        action,
        "user",
        Some(id.to_string()),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(format!("/admin/users/{id}?mail_sent=1"))
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn the_search_pattern_takes_like_wildcards_literally() {
        assert_eq!(contains_pattern("erika"), "%erika%");
        assert_eq!(contains_pattern("100%"), "%100!%%");
        assert_eq!(contains_pattern("a_b"), "%a!_b%");
        assert_eq!(contains_pattern("hi!"), "%hi!!%");
        assert_eq!(contains_pattern(""), "%%");
    }
}
