//! Server side of accounts: password hashing, database sessions, login throttling and one-time
//! links. Nothing here is compiled into the browser bundle.

use std::net::IpAddr;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::http::header::{ACCEPT, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode, request::Parts};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{CurrentUser, Role, safe_next};
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

/// How often `last_seen_at` is written: often enough for the idle timeout, rarely enough not to
/// turn every page view into a database write.
const SESSION_TOUCH_INTERVAL: i64 = 60;

/// What the server's session middleware found for this request. Inserted into the request's
/// extensions, read by server functions and server-side rendering through Leptos' `Parts`.
#[derive(Clone, Debug, Default)]
pub struct RequestSession {
    pub user: Option<CurrentUser>,
    /// The raw session token from the cookie, if one was sent and is valid.
    pub token: Option<String>,
    pub client_ip: Option<IpAddr>,
}

pub fn request_session() -> RequestSession {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<RequestSession>().cloned())
        .unwrap_or_default()
}

/// The session as the page being rendered shows it; without an application context (route
/// discovery at start-up) nobody is logged in.
pub fn page_session_info() -> super::SessionInfo {
    super::SessionInfo {
        user: request_session().user,
        organisation_name: use_context::<crate::context::AppContext>()
            .map(|ctx| ctx.settings.organisation_name.clone())
            .unwrap_or_default(),
    }
}

pub fn require_user() -> Result<CurrentUser, AppError> {
    request_session().user.ok_or(AppError::NotAuthenticated)
}

pub fn require_any_role(roles: &[Role]) -> Result<CurrentUser, AppError> {
    let user = require_user()?;
    user.require_any(roles)?;
    Ok(user)
}

/// How a server function reaches a feature's logic for the logged-in person: it reads the
/// context and the session here, hands both over explicitly, and an error sets the HTTP status.
/// The feature's logic never looks them up itself, so the same functions serve server
/// functions, axum handlers, jobs, the CLI and tests.
pub async fn as_user<T>(
    logic: impl AsyncFnOnce(&AppContext, &CurrentUser) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let result = async {
        let ctx = app_context()?;
        let me = require_user()?;
        logic(&ctx, &me).await
    };
    finish(result.await)
}

/// As `as_user`, for what anyone may ask without logging in.
pub async fn with_context<T>(
    logic: impl AsyncFnOnce(&AppContext) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let result = async {
        let ctx = app_context()?;
        logic(&ctx).await
    };
    finish(result.await)
}

/// Whether the request is a plain form post of a browser without JavaScript (it accepts HTML),
/// rather than a call from the hydrated page or another script.
pub fn wants_html() -> bool {
    use_context::<Parts>()
        .and_then(|p| {
            p.headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Ends a server function: sets the HTTP status of an error for script clients. A plain form
/// post (no JavaScript) must keep Leptos' redirect back to the form, which carries the error.
pub fn finish<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result
        && !wants_html()
        && let (Some(options), Ok(status)) = (
            use_context::<ResponseOptions>(),
            StatusCode::from_u16(err.status()),
        )
    {
        options.set_status(status);
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Passwords

fn hasher() -> Result<Argon2<'static>, AppError> {
    // OWASP's first recommendation for argon2id: 19 MiB, two passes, one lane.
    let params = Params::new(19_456, 2, 1, None).map_err(|_| AppError::Internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|_| AppError::Internal)
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Checks a password. Without a stored hash it still spends the same time, so that response
/// times do not tell which addresses have accounts.
pub async fn verify_password(stored: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let Ok(argon2) = hasher() else { return false };
        match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(hash)) => argon2.verify_password(password.as_bytes(), &hash).is_ok(),
            _ => {
                let salt = SaltString::generate(&mut OsRng);
                let _ = argon2.hash_password(password.as_bytes(), &salt);
                false
            }
        }
    })
    .await
    .unwrap_or(false)
}

pub fn validate_new_password(password: &str, repeat: &str, field: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_LENGTH {
        return Err(AppError::invalid(field, "password-too-short"));
    }
    if length > MAX_PASSWORD_LENGTH {
        return Err(AppError::invalid(field, "password-too-long"));
    }
    if password != repeat {
        return Err(AppError::invalid(
            &format!("{field}_repeat"),
            "password-mismatch",
        ));
    }
    Ok(())
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately modest check: one `@`, something on both sides, a dot in the domain, no spaces.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
        && email.len() <= 254
}

// ---------------------------------------------------------------------------------------------
// Tokens and digests

/// 256 random bits, URL-safe. Used for session ids and one-time links.
pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub fn digest(value: &str) -> String {
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Sessions

pub async fn create_session(ctx: &AppContext, user_id: Uuid) -> Result<String, AppError> {
    let token = new_token()?;
    let now = ctx.now();
    session::ActiveModel {
        id_hash: Set(digest(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        absolute_expires_at: Set(now + ctx.settings.session_absolute_timeout),
    }
    .insert(&ctx.db)
    .await?;
    Ok(token)
}

/// The user behind a session token, if the session is alive and the account active. Expired
/// sessions are removed on the way.
/// One row of the session look-up: the session, its account and department, one of its roles.
#[derive(sea_orm::FromQueryResult)]
struct SessionRow {
    user_id: Uuid,
    last_seen_at: DateTime<Utc>,
    absolute_expires_at: DateTime<Utc>,
    email: String,
    display_name: String,
    active: bool,
    locale: String,
    department_name: Option<String>,
    role: Option<String>,
}

/// The account behind a session token, in one statement (every page and server function asks).
pub async fn resolve_session(
    ctx: &AppContext,
    token: &str,
) -> Result<Option<CurrentUser>, sea_orm::DbErr> {
    use sea_orm::sea_query::{Alias, ExprTrait, Query};
    use sea_orm::{FromQueryResult, StatementBuilder};
    let id_hash = digest(token);
    let query = Query::select()
        .column((session::Entity, session::Column::UserId))
        .column((session::Entity, session::Column::LastSeenAt))
        .column((session::Entity, session::Column::AbsoluteExpiresAt))
        .column((user::Entity, user::Column::Email))
        .column((user::Entity, user::Column::DisplayName))
        .column((user::Entity, user::Column::Active))
        .column((user::Entity, user::Column::Locale))
        .expr_as(
            Expr::col((department::Entity, department::Column::Name)),
            Alias::new("department_name"),
        )
        .column((user_role::Entity, user_role::Column::Role))
        .from(session::Entity)
        .inner_join(
            user::Entity,
            Expr::col((user::Entity, user::Column::Id))
                .equals((session::Entity, session::Column::UserId)),
        )
        .left_join(
            department::Entity,
            Expr::col((department::Entity, department::Column::Id))
                .equals((user::Entity, user::Column::DepartmentId)),
        )
        .left_join(
            user_role::Entity,
            Expr::col((user_role::Entity, user_role::Column::UserId))
                .equals((user::Entity, user::Column::Id)),
        )
        .and_where(Expr::col((session::Entity, session::Column::IdHash)).eq(id_hash.clone()))
        .to_owned();
    let statement = StatementBuilder::build(&query, &ctx.db.get_database_backend());
    let rows = SessionRow::find_by_statement(statement)
        .all(&ctx.db)
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let now = ctx.now();
    let idle_expired = now - first.last_seen_at >= ctx.settings.session_idle_timeout;
    if now >= first.absolute_expires_at || idle_expired || !first.active {
        session::Entity::delete_by_id(id_hash).exec(&ctx.db).await?;
        return Ok(None);
    }
    if now - first.last_seen_at >= Duration::seconds(SESSION_TOUCH_INTERVAL) {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::IdHash.eq(id_hash))
            .exec(&ctx.db)
            .await?;
    }
    let mut roles: Vec<Role> = rows
        .iter()
        .filter_map(|r| r.role.as_deref().and_then(Role::parse))
        .collect();
    roles.sort();
    roles.dedup();
    Ok(Some(CurrentUser {
        id: first.user_id,
        display_name: first.display_name.clone(),
        email: first.email.clone(),
        roles,
        department: first.department_name.clone(),
        locale: Locale::from_code(&first.locale).unwrap_or_default(),
    }))
}

pub async fn current_user_from(
    db: &impl ConnectionTrait,
    account: user::Model,
) -> Result<CurrentUser, sea_orm::DbErr> {
    let roles = roles_of(db, account.id).await?;
    let department = match account.department_id {
        Some(id) => department::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|d| d.name),
        None => None,
    };
    Ok(CurrentUser {
        id: account.id,
        display_name: account.display_name,
        email: account.email,
        roles,
        department,
        locale: Locale::from_code(&account.locale).unwrap_or_default(),
    })
}

pub async fn roles_of(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<Role>, sea_orm::DbErr> {
    let mut roles: Vec<Role> = user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| Role::parse(&r.role))
        .collect();
    roles.sort();
    Ok(roles)
}

pub async fn end_session(db: &impl ConnectionTrait, token: &str) -> Result<(), sea_orm::DbErr> {
    session::Entity::delete_by_id(digest(token))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user, e.g. on deactivation or a password reset.
pub async fn end_all_sessions(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<u64, sea_orm::DbErr> {
    let result = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

pub fn session_cookie(settings: &Settings, token: &str) -> String {
    // No Max-Age: the cookie ends with the browser, which suits shared office computers; the
    // server enforces idle and absolute timeouts regardless.
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
        settings.session_cookie_name()
    )
}

pub fn clear_session_cookie(settings: &Settings) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        settings.session_cookie_name()
    )
}

/// The value of one cookie from the request headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim().to_owned())
}

fn set_cookie(cookie: &str) {
    if let (Some(options), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(cookie),
    ) {
        options.append_header(SET_COOKIE, value);
    }
}

// ---------------------------------------------------------------------------------------------
// Throttling failed logins

/// Failures are counted per pair of account and client address: an attacker can lock an account
/// only for the address they attack from, so colleagues behind the same NAT address and the
/// account owner elsewhere can still log in.
fn throttle_key(email: &str, ip: Option<IpAddr>) -> String {
    let address = ip.map(client_bucket).unwrap_or_default();
    digest(&format!("login\u{1f}{email}\u{1f}{address}"))
}

/// Failures from one address, whatever the accounts: someone trying one password on many
/// accounts (password spraying) is stopped too.
fn address_throttle_key(ip: Option<IpAddr>) -> Option<String> {
    ip.map(|ip| digest(&format!("login-address\u{1f}{}", client_bucket(ip))))
}

/// The unit in which a client address is counted for limits: an IPv4 address, or the /64
/// network of an IPv6 address (a single connection usually holds a whole /64, so counting
/// single IPv6 addresses would give an attacker billions of fresh ones).
/// The asking address of this request, as the limits count it ("unknown" without one).
pub fn client_address() -> String {
    request_session()
        .client_ip
        .map(client_bucket)
        .unwrap_or_else(|| "unknown".to_owned())
}

pub fn client_bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

async fn check_throttle(ctx: &AppContext, key: &str) -> Result<(), AppError> {
    if let Some(row) = login_throttle::Entity::find_by_id(key.to_owned())
        .one(&ctx.db)
        .await?
        && let Some(until) = row.locked_until
    {
        let now = ctx.now();
        if until > now {
            let minutes = ((until - now).num_seconds() + 59) / 60;
            return Err(AppError::TooManyAttempts {
                retry_after_minutes: minutes.max(1) as u64,
            });
        }
    }
    Ok(())
}

async fn record_failure(ctx: &AppContext, key: &str, max_failures: u32) -> Result<(), AppError> {
    let now = ctx.now();
    let settings = &ctx.settings;
    let existing = login_throttle::Entity::find_by_id(key.to_owned())
        .one(&ctx.db)
        .await?;
    let (failures, window_started_at) = match &existing {
        Some(row)
            if now - row.window_started_at < settings.login_window
                || row.locked_until.is_some() =>
        {
            (row.failures + 1, row.window_started_at)
        }
        _ => (1, now),
    };
    let over = failures - max_failures.min(i32::MAX as u32) as i32;
    let locked_until = (over >= 0).then(|| {
        let factor = 1i32.checked_shl(over.min(20) as u32).unwrap_or(i32::MAX);
        let lock = settings.login_lockout_base * factor;
        now + lock.min(settings.login_lockout_max)
    });
    let model = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(failures),
        window_started_at: Set(window_started_at),
        locked_until: Set(locked_until),
    };
    if existing.is_some() {
        model.update(&ctx.db).await?;
    } else {
        login_throttle::Entity::insert(model)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(login_throttle::Column::Key)
                    .update_columns([
                        login_throttle::Column::Failures,
                        login_throttle::Column::WindowStartedAt,
                        login_throttle::Column::LockedUntil,
                    ])
                    .to_owned(),
            )
            .exec(&ctx.db)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// One-time links

pub async fn issue_token(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: &str,
    valid_for: Duration,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = new_token()?;
    one_time_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(digest(&token)),
        user_id: Set(user_id),
        purpose: Set(purpose.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub fn set_password_link(settings: &Settings, token: &str) -> String {
    format!("{}/password/set/{token}", settings.base_url)
}

async fn usable_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<one_time_token::Model>, AppError> {
    // Only links that set a password: a newsletter's leave link must never open an account.
    Ok(one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(digest(token)))
        .filter(one_time_token::Column::Purpose.is_in([PURPOSE_INVITATION, PURPOSE_PASSWORD_RESET]))
        .filter(one_time_token::Column::UsedAt.is_null())
        .filter(one_time_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?)
}

pub async fn token_is_usable(token: &str) -> Result<bool, AppError> {
    let ctx = app_context()?;
    Ok(usable_token(&ctx.db, token, ctx.now()).await?.is_some())
}

/// Queues an invitation (or, for an account that already has a password, a reset) mail with a
/// fresh one-time link, inside the caller's transaction.
pub async fn queue_set_password_mail(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    account: &user::Model,
    purpose: &str,
) -> Result<(), AppError> {
    let now = ctx.now();
    let valid_for = if purpose == PURPOSE_INVITATION {
        ctx.settings.invitation_valid_for
    } else {
        ctx.settings.password_reset_valid_for
    };
    let token = issue_token(txn, account.id, purpose, valid_for, now).await?;
    let locale = Locale::from_code(&account.locale).unwrap_or_default();
    let template = if purpose == PURPOSE_INVITATION {
        "invitation"
    } else {
        "password_reset"
    };
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: account.email.clone(),
            locale,
            template,
            context: serde_json::json!({
                "name": account.display_name,
                "link": set_password_link(&ctx.settings, &token),
                "organisation": ctx.settings.organisation_name,
                "valid_hours": valid_for.num_hours(),
                "valid_days": valid_for.num_days(),
            }),
            idempotency_key: None,
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The flows behind the server functions

#[tracing::instrument(name = "login", skip_all)]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let ctx = app_context()?;
    let email = normalize_email(&email);
    let mut missing = Vec::new();
    if email.is_empty() {
        missing.push(crate::error::FieldError {
            field: "email".into(),
            message: "field-required".into(),
        });
    }
    if password.is_empty() {
        missing.push(crate::error::FieldError {
            field: "password".into(),
            message: "field-required".into(),
        });
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid(missing));
    }
    let request = request_session();
    let key = throttle_key(&email, request.client_ip);
    let address_key = address_throttle_key(request.client_ip);
    check_throttle(&ctx, &key).await?;
    if let Some(address_key) = &address_key {
        check_throttle(&ctx, address_key).await?;
    }

    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let password_ok = verify_password(stored, password).await;
    let account = match account {
        Some(account) if password_ok && account.active => account,
        _ => {
            record_failure(&ctx, &key, ctx.settings.login_max_failures).await?;
            // A successful login does not reset this one: a sprayer who knows one password of
            // their own could otherwise wipe the count between attempts.
            if let Some(address_key) = &address_key {
                record_failure(
                    &ctx,
                    address_key,
                    ctx.settings.login_max_failures_per_address,
                )
                .await?;
            }
            tracing::info!("login failed");
            return Err(AppError::InvalidCredentials);
        }
    };
    login_throttle::Entity::delete_by_id(key)
        .exec(&ctx.db)
        .await?;
    // A used account keeps its login email against the employee import (see organisation::import).
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(ctx.now()))
        .filter(user::Column::Id.eq(account.id))
        .exec(&ctx.db)
        .await?;
    if let Some(old) = request.token.as_deref() {
        end_session(&ctx.db, old).await?;
    }
    let token = create_session(&ctx, account.id).await?;
    set_cookie(&session_cookie(&ctx.settings, &token));
    tracing::info!("login succeeded");
    // A plain form post goes on to the next page. With JavaScript the login page loads that page
    // itself, from the server, so that every part of it shows the logged-in person.
    if wants_html() {
        crate::context::redirect(&safe_next(next.as_deref()));
    }
    Ok(())
}

pub async fn logout() -> Result<(), AppError> {
    let ctx = app_context()?;
    if let Some(token) = request_session().token {
        end_session(&ctx.db, &token).await?;
    }
    set_cookie(&clear_session_cookie(&ctx.settings));
    crate::context::redirect("/login?logged_out=1");
    Ok(())
}

#[tracing::instrument(name = "password reset requested", skip_all)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let ctx = app_context()?;
    let email = normalize_email(&email);
    if !looks_like_email(&email) {
        return Err(AppError::invalid("email", "email-invalid"));
    }
    // The answer takes the same time whether or not the address has an account: looking the
    // account up, checking for a recent link and queueing the mail take a millisecond or two
    // that a stopwatch could see, so every answer waits until the same moment.
    let answer_at = tokio::time::Instant::now() + PASSWORD_RESET_ANSWER_TIME;
    let result = queue_password_reset(&ctx, &email).await;
    tokio::time::sleep_until(answer_at).await;
    result?;
    // The same answer whether or not the address has an account.
    crate::context::redirect("/password/forgot?sent=1");
    Ok(())
}

/// How long every answer to a password-reset request takes, well above the work it hides.
const PASSWORD_RESET_ANSWER_TIME: std::time::Duration = std::time::Duration::from_millis(250);

async fn queue_password_reset(ctx: &AppContext, email: &str) -> Result<(), AppError> {
    let now = ctx.now();
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::Active.eq(true))
        .one(&ctx.db)
        .await?;
    if let Some(account) = account {
        // One mail per few minutes is enough; more would let anyone flood a mailbox.
        let recent = one_time_token::Entity::find()
            .filter(one_time_token::Column::UserId.eq(account.id))
            .filter(one_time_token::Column::Purpose.eq(PURPOSE_PASSWORD_RESET))
            .filter(one_time_token::Column::CreatedAt.gt(now - Duration::minutes(5)))
            .one(&ctx.db)
            .await?;
        if recent.is_none() {
            let txn = ctx.db.begin().await?;
            queue_set_password_mail(&txn, ctx, &account, PURPOSE_PASSWORD_RESET).await?;
            txn.commit().await?;
            ctx.mail_wakeup.notify_one();
        }
    }
    Ok(())
}

#[tracing::instrument(name = "password set by link", skip_all)]
pub async fn set_password_with_token(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    let ctx = app_context()?;
    validate_new_password(&password, &password_repeat, "password")?;
    let now = ctx.now();
    let Some(found) = usable_token(&ctx.db, &token, now).await? else {
        return Err(AppError::LinkInvalid);
    };
    let hash = hash_password(password).await?;
    let txn = ctx.db.begin().await?;
    // Conditional update: of two concurrent uses of one link, only one wins.
    let claimed = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::Id.eq(found.id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::LinkInvalid);
    }
    let Some(account) = user::Entity::find_by_id(found.user_id).one(&txn).await? else {
        return Err(AppError::LinkInvalid);
    };
    if !account.active {
        return Err(AppError::LinkInvalid);
    }
    let mut active: user::ActiveModel = account.into();
    active.password_hash = Set(Some(hash));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    // Older links of this account stop working, and so do sessions opened with the old password.
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::UserId.eq(found.user_id))
        .filter(one_time_token::Column::Purpose.is_in([PURPOSE_INVITATION, PURPOSE_PASSWORD_RESET]))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    end_all_sessions(&txn, found.user_id).await?;
    txn.commit().await?;
    crate::context::redirect("/login?password_set=1");
    Ok(())
}

pub async fn change_password(current: String, new: String, repeat: String) -> Result<(), AppError> {
    let ctx = app_context()?;
    let me = require_user()?;
    let Some(account) = user::Entity::find_by_id(me.id).one(&ctx.db).await? else {
        return Err(AppError::NotAuthenticated);
    };
    if !verify_password(account.password_hash.clone(), current).await {
        return Err(AppError::invalid(
            "current_password",
            "password-current-wrong",
        ));
    }
    validate_new_password(&new, &repeat, "new_password")?;
    let hash = hash_password(new).await?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let mut active: user::ActiveModel = account.into();
    active.password_hash = Set(Some(hash));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    // Other devices logged in with the old password are logged out; this one stays.
    let keep = request_session()
        .token
        .map(|t| digest(&t))
        .unwrap_or_default();
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(me.id))
        .filter(session::Column::IdHash.ne(keep))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    crate::context::redirect("/settings?password_changed=1");
    Ok(())
}

/// Creates an account. Used by the admin pages, the `admin create` command and the demo data.
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub department_id: Option<Uuid>,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub password_hash: Option<String>,
    pub is_demo: bool,
}

pub async fn create_account(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    account: NewAccount,
) -> Result<user::Model, AppError> {
    let email = normalize_email(&account.email);
    if !looks_like_email(&email) {
        return Err(AppError::invalid("email", "email-invalid"));
    }
    let display_name = account.display_name.trim().to_owned();
    if display_name.is_empty() {
        return Err(AppError::invalid("display_name", "field-required"));
    }
    if user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::invalid("email", "email-taken"));
    }
    let created = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email),
        display_name: Set(display_name),
        department_id: Set(account.department_id),
        password_hash: Set(account.password_hash),
        active: Set(true),
        is_demo: Set(account.is_demo),
        locale: Set(account.locale.code().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        deactivated_at: Set(None),
        personnel_number: Set(None),
        job_family: Set(None),
        newsletter: Set(true),
        newsletter_token: Set(None),
        last_login_at: Set(None),
    }
    .insert(db)
    .await?;
    set_roles(db, created.id, &account.roles).await?;
    Ok(created)
}

pub async fn set_roles(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    roles: &[Role],
) -> Result<(), AppError> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    for role in roles {
        user_role::ActiveModel {
            user_id: Set(user_id),
            role: Set(role.as_str().to_owned()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Looks a session up for the middleware; separate so the server crate can call it with its own
/// context.
pub async fn session_for_request(
    ctx: &AppContext,
    headers: &HeaderMap,
) -> Result<(Option<CurrentUser>, Option<String>), sea_orm::DbErr> {
    let Some(token) = cookie_value(headers, ctx.settings.session_cookie_name()) else {
        return Ok((None, None));
    };
    // A token of the wrong shape is not worth a database round trip.
    if token.len() != 43
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Ok((None, None));
    }
    match resolve_session(ctx, &token).await? {
        Some(mut user) => {
            // One language per visit, for pages, server functions and exports alike: the
            // language switch's cookie first, then the account's.
            if let Some(locale) = cookie_value(headers, crate::i18n::LANGUAGE_COOKIE)
                .and_then(|code| crate::i18n::Locale::from_code(&code))
            {
                user.locale = locale;
            }
            Ok((Some(user), Some(token)))
        }
        None => Ok((None, None)),
    }
}
