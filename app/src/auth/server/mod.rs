//! Server side of accounts, nothing of it compiled into the browser bundle:
//! - `request`: what a server function knows of its request, and the calling convention
//!   (`as_user`, `with_context`, and `as_visitor` for the cookie edge);
//! - `passwords`, `tokens` (random tokens and one-time links), `sessions` (database sessions and
//!   their cookie), `throttling` (failed logins);
//! - `flows`: login, logout, password reset and change, accounts and roles. They take the
//!   context and the request's session explicitly and return what the server function does at
//!   the edge (set a cookie, redirect).

pub mod external;
mod flows;
pub mod ldap;
pub mod oidc;
mod passwords;
mod policy;
mod request;
mod sessions;
mod throttling;
mod tokens;

pub use flows::*;
pub use ldap::{LdapConfig, ldap_config, ldap_login};
pub use oidc::{OidcConfig, SignInConfig, oidc_config};
pub use passwords::*;
pub use policy::*;
pub use request::*;
pub use sessions::*;
pub use throttling::*;
pub use tokens::*;

use std::net::IpAddr;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::http::header::{ACCEPT, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, request::Parts};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use leptos_axum::ResponseOptions;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{CurrentUser, Role};
use crate::context::{AppContext, Settings, app_context};
use crate::db::{department, login_throttle, one_time_token, session, user, user_role};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{self, OutgoingMail};

/// BSI and NIST advise length over composition rules.
pub const MIN_PASSWORD_LENGTH: usize = 12;
pub const MAX_PASSWORD_LENGTH: usize = 128;

pub const PURPOSE_INVITATION: &str = "invitation";
pub const PURPOSE_PASSWORD_RESET: &str = "password_reset";
/// A newsletter's leave link: usable without login, for nothing but leaving the newsletter.
pub const PURPOSE_NEWSLETTER_LEAVE: &str = "newsletter_leave";

/// How stale `last_seen_at` may be before a request writes it again. The idle timeout counts
/// from it, so it is the timeout's error: one second, which only spares the writes of the
/// requests a single page view makes together.
const SESSION_TOUCH_INTERVAL: i64 = 1;
