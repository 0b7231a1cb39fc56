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

/// How many accounts one page of the list shows.
pub const USERS_PER_PAGE: u64 = 25;
/// The longest search text the list accepts, in characters.
pub const MAX_USER_QUERY: usize = 100;

/// The list's filters as the search form sends them (a plain GET form, so the address of a
/// page of results can be bookmarked and works without JavaScript).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFilter {
    /// Part of a name, mail address or personnel number.
    pub q: String,
    /// A role's code (`Role::as_str`); empty for every role.
    pub role: String,
    /// `active`, `inactive` or empty for both.
    pub status: String,
}

impl UserFilter {
    /// The filters as a query string without the page, empty when none is set.
    pub fn query(&self) -> String {
        [
            ("q", &self.q),
            ("role", &self.role),
            ("status", &self.status),
        ]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| format!("{name}={}", crate::ui::percent_encode(value.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// The address of page `page` of the list with these filters.
    pub fn page_href(&self, page: u64) -> String {
        let query = self.query();
        match (query.is_empty(), page <= 1) {
            (true, true) => "/admin/users".to_owned(),
            (true, false) => format!("/admin/users?page={page}"),
            (false, true) => format!("/admin/users?{query}"),
            (false, false) => format!("/admin/users?{query}&page={page}"),
        }
    }
}

/// One page of the account list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    /// How many accounts match the filters, on all pages together.
    pub total: u64,
    /// The page shown, from 1; a page number out of range is moved to the nearest page.
    pub page: u64,
    /// How many pages there are; at least 1, also when nothing matches.
    pub pages: u64,
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
    editor: &Option<String>,
    coordinator: &Option<String>,
) -> Vec<Role> {
    [
        (employee, Role::Employee),
        (scout, Role::Scout),
        (hr, Role::Hr),
        (auditor, Role::Auditor),
        (admin, Role::Admin),
        (editor, Role::Editor),
        (coordinator, Role::Coordinator),
    ]
    .into_iter()
    .filter(|(checked, _)| checked.is_some())
    .map(|(_, role)| role)
    .collect()
}

/// One page of the accounts that match the filters. `page` is text, so that a mistyped number
/// in the address shows the first page instead of an error.
#[server(endpoint = "admin/users/list")]
pub async fn list_users(
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
    page: Option<String>,
) -> Result<UserPage, AppError> {
    let filter = UserFilter {
        q: q.unwrap_or_default(),
        role: role.unwrap_or_default(),
        status: status.unwrap_or_default(),
    };
    crate::auth::server::as_user(async |ctx, me| {
        server::list(ctx, me, &filter, page.as_deref()).await
    })
    .await
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
    role_editor: Option<String>,
    role_coordinator: Option<String>,
    send_invitation: Option<String>,
) -> Result<(), AppError> {
    let roles = roles_from_checkboxes(
        &role_employee,
        &role_scout,
        &role_hr,
        &role_auditor,
        &role_admin,
        &role_editor,
        &role_coordinator,
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
    role_editor: Option<String>,
    role_coordinator: Option<String>,
) -> Result<(), AppError> {
    let roles = roles_from_checkboxes(
        &role_employee,
        &role_scout,
        &role_hr,
        &role_auditor,
        &role_admin,
        &role_editor,
        &role_coordinator,
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

/// Locks an account (`active=false`; the form's box `confirm` must be ticked) or lets it back in.
#[server(endpoint = "admin/users/active")]
pub async fn set_user_active(
    id: String,
    active: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::set_active(ctx, me, id, active == "true", confirm.as_deref()).await
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
