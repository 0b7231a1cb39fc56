//! Account administration (role admin): create, edit, deactivate, assign department and roles,
//! send invitations and password-reset links.

// The server functions take the HTML form's fields one by one, so that a plain form post
// without JavaScript maps onto them directly; the account form simply has many fields.
#![allow(clippy::too_many_arguments)]

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::Locale;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: Uuid,
    pub display_name: String,
    /// None for staff without a mail address.
    pub email: Option<String>,
    pub department: Option<String>,
    pub roles: Vec<Role>,
    pub active: bool,
    /// False until the person has followed their invitation.
    pub has_password: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetail {
    pub id: Uuid,
    pub display_name: String,
    pub email: Option<String>,
    pub department_id: Option<Uuid>,
    pub roles: Vec<Role>,
    pub active: bool,
    pub has_password: bool,
    pub locale: Locale,
    pub created_at: DateTime<Utc>,
}

/// Collects the role checkboxes of a form into roles.
pub fn roles_from_checkboxes(
    employee: &Option<String>,
    scout: &Option<String>,
    hr: &Option<String>,
    auditor: &Option<String>,
    admin: &Option<String>,
) -> Vec<Role> {
    [
        (employee, Role::Employee),
        (scout, Role::Scout),
        (hr, Role::Hr),
        (auditor, Role::Auditor),
        (admin, Role::Admin),
    ]
    .into_iter()
    .filter(|(checked, _)| checked.is_some())
    .map(|(_, role)| role)
    .collect()
}

#[server(endpoint = "admin/users/list")]
pub async fn list_users(
    q: Option<String>,
    status: Option<String>,
) -> Result<Vec<UserRow>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::list(ctx, me, q, status).await).await
}

#[server(endpoint = "admin/users/get")]
pub async fn get_user(id: String) -> Result<UserDetail, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::get(ctx, me, id).await).await
}

#[server(endpoint = "admin/users/create")]
pub async fn create_user(
    display_name: String,
    email: String,
    department_id: Option<String>,
    locale: String,
    role_employee: Option<String>,
    role_scout: Option<String>,
    role_hr: Option<String>,
    role_auditor: Option<String>,
    role_admin: Option<String>,
    send_invitation: Option<String>,
) -> Result<(), AppError> {
    let roles = roles_from_checkboxes(
        &role_employee,
        &role_scout,
        &role_hr,
        &role_auditor,
        &role_admin,
    );
    crate::auth::server::as_user(async |ctx, me| {
        server::create(
            ctx,
            me,
            display_name,
            email,
            department_id,
            locale,
            roles,
            send_invitation.is_some(),
        )
        .await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "admin/users/update")]
pub async fn update_user(
    id: String,
    display_name: String,
    email: String,
    department_id: Option<String>,
    locale: String,
    role_employee: Option<String>,
    role_scout: Option<String>,
    role_hr: Option<String>,
    role_auditor: Option<String>,
    role_admin: Option<String>,
) -> Result<(), AppError> {
    let roles = roles_from_checkboxes(
        &role_employee,
        &role_scout,
        &role_hr,
        &role_auditor,
        &role_admin,
    );
    crate::auth::server::as_user(async |ctx, me| {
        server::update(
            ctx,
            me,
            id,
            display_name,
            email,
            department_id,
            locale,
            roles,
        )
        .await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "admin/users/active")]
pub async fn set_user_active(id: String, active: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::set_active(ctx, me, id, active == "true").await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Sends an invitation to someone without a password, otherwise a password-reset link.
#[server(endpoint = "admin/users/access-mail")]
pub async fn send_access_mail(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::send_access_mail(ctx, me, id).await)
        .await
        .map(|to| crate::context::redirect(&to))
}
