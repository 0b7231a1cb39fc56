//! Signing in without a PC or a mail address, and how people sign in at all:
//! - sign-in letters: HR, administrators and scouts (for the units they serve) print a letter with
//!   a one-time code and its QR code for staff without a PC or mail address; the code signs the
//!   person in once within 14 days, on a shared device if they say so;
//! - the administrators' sign-in settings: local passwords for everyone, or only for a
//!   break-glass administrator once single sign-on or the directory is set up.
//!
//! The sign-in itself (sessions, passwords, OpenID Connect, LDAP) is the `auth` feature's; this
//! feature builds on it and on the audit log.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;

use crate::error::AppError;

/// Sign-in with the one-time code of a sign-in letter.
#[server(endpoint = "login/code")]
pub async fn code_login(code: String, kiosk: Option<String>) -> Result<(), AppError> {
    crate::auth::server::sign_in_with(Some("/"), async |ctx, visit| {
        let kiosk = kiosk.is_some() || crate::auth::server::kiosk_device();
        server::letter_login(ctx, visit, code, kiosk).await
    })
    .await
}

/// The sign-in settings as the administrator's page shows them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignInSettings {
    pub local_passwords: bool,
    pub break_glass: Option<uuid::Uuid>,
    /// Administrators with a local password: who can be the break-glass account.
    pub administrators: Vec<(uuid::Uuid, String)>,
    pub oidc_issuer: Option<String>,
    pub oidc_redirect_uri: String,
    pub ldap_url: Option<String>,
}

#[server(endpoint = "admin/sign-in/get")]
pub async fn get_sign_in_settings() -> Result<SignInSettings, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::sign_in_settings(ctx, me).await).await
}

#[server(endpoint = "admin/sign-in/save")]
pub async fn save_sign_in_settings(
    local_passwords: Option<String>,
    break_glass: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        let break_glass = match break_glass.filter(|id| !id.is_empty()) {
            Some(id) => Some(
                uuid::Uuid::parse_str(&id)
                    .map_err(|_| AppError::invalid("break_glass", "field-invalid-choice"))?,
            ),
            None => None,
        };
        server::save_sign_in_settings(ctx, me, local_passwords.is_some(), break_glass).await
    })
    .await?;
    crate::context::redirect("/admin/sign-in?saved=1");
    Ok(())
}

/// A person for whom a sign-in letter can be printed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LetterCandidate {
    pub id: uuid::Uuid,
    pub name: String,
    pub personnel_number: Option<String>,
    pub department: Option<String>,
    pub has_email: bool,
}

/// People without a mail address (or, with `search`, anyone whose name or personnel number
/// matches) that `me` may print letters for.
#[server(endpoint = "letters/candidates")]
pub async fn letter_candidates(search: Option<String>) -> Result<Vec<LetterCandidate>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::letter_candidates(ctx, me, search).await)
        .await
}
