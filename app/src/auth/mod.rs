//! Accounts, roles, login, sessions and passwords.
//!
//! The types here travel to the browser; everything that touches the database, password hashes
//! or cookies lives in `server` and is compiled only with the `ssr` feature.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Every learner.
    Employee,
    /// Digital scout (Multiplikator) who helps colleagues.
    Scout,
    /// Human resources: training needs, aggregated reports.
    Hr,
    /// Staff council (Personalrat): reads the audit log, nothing else.
    Auditor,
    /// Manages accounts and the organisation.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Employee,
        Role::Scout,
        Role::Hr,
        Role::Auditor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Scout => "scout",
            Role::Hr => "hr",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// Catalogue key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Employee => "role-employee",
            Role::Scout => "role-scout",
            Role::Hr => "role-hr",
            Role::Auditor => "role-auditor",
            Role::Admin => "role-admin",
        }
    }
}

/// The logged-in person, as the pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: Uuid,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub department: Option<String>,
    pub locale: crate::i18n::Locale,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
}

/// Only local paths are accepted as a target after login, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.starts_with("/api/") =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// What every page needs to know about the visit: who is logged in, and whose platform this is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<CurrentUser>,
    pub organisation_name: String,
}

#[server(endpoint = "session/info")]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    let ctx = crate::context::app_context()?;
    Ok(SessionInfo {
        user: server::request_session().user,
        organisation_name: ctx.settings.organisation_name.clone(),
    })
}

#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    server::finish(server::login(email, password, next).await)
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    server::finish(server::logout().await)
}

#[server(endpoint = "password/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    server::finish(server::request_password_reset(email).await)
}

#[server(endpoint = "password/set")]
pub async fn set_password(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    server::finish(server::set_password_with_token(token, password, password_repeat).await)
}

#[server(endpoint = "password/change")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_repeat: String,
) -> Result<(), AppError> {
    server::finish(
        server::change_password(current_password, new_password, new_password_repeat).await,
    )
}

/// Whether a set-password link is still usable, so the page can say so before the form is filled.
#[server(endpoint = "password/token-status")]
pub async fn token_status(token: String) -> Result<bool, AppError> {
    server::finish(server::token_is_usable(&token).await)
}
