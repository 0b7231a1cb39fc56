//! Database sessions: creating, resolving (one statement per request), ending, and the
//! session cookie.

use leptos::prelude::*;

use super::*;

/// How a session was opened; the sign-out of an OpenID session also ends it at the provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInMethod {
    Password,
    Oidc,
    Ldap,
    Letter,
}

impl SignInMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            SignInMethod::Password => "password",
            SignInMethod::Oidc => "oidc",
            SignInMethod::Ldap => "ldap",
            SignInMethod::Letter => "letter",
        }
    }
}

/// Opens a session; `kiosk` for a shared device (see `Settings::kiosk_idle_timeout`).
pub async fn create_session(
    ctx: &AppContext,
    user_id: Uuid,
    method: SignInMethod,
    kiosk: bool,
) -> Result<String, AppError> {
    let token = new_token()?;
    let now = ctx.now();
    session::ActiveModel {
        id_hash: Set(digest(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        absolute_expires_at: Set(now + ctx.settings.session_absolute_timeout),
        kiosk: Set(kiosk),
        method: Set(method.as_str().to_owned()),
    }
    .insert(&ctx.db)
    .await?;
    Ok(token)
}

/// The user behind a session token, if the session is alive and the account active. Expired
/// sessions are removed on the way.
/// One row of the session look-up: the session, its account and department, one of its roles.
#[derive(sea_orm::FromQueryResult)]
pub(super) struct SessionRow {
    user_id: Uuid,
    last_seen_at: DateTime<Utc>,
    absolute_expires_at: DateTime<Utc>,
    kiosk: bool,
    email: Option<String>,
    display_name: String,
    active: bool,
    locale: String,
    department_name: Option<String>,
    role: Option<String>,
}

/// The account behind a session token, in one statement (every page and server function asks).
/// The statement reads through the reader, so no request waits for the writer to find its
/// session; the writes on the way (an ended session's removal, the idle timer's touch) go to the
/// writer.
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
        .column((session::Entity, session::Column::Kiosk))
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
    let statement = StatementBuilder::build(&query, &ctx.read.get_database_backend());
    let rows = SessionRow::find_by_statement(statement)
        .all(&ctx.read)
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let now = ctx.now();
    let idle_timeout = if first.kiosk {
        ctx.settings.kiosk_idle_timeout
    } else {
        ctx.settings.session_idle_timeout
    };
    let idle_expired = now - first.last_seen_at >= idle_timeout;
    if now >= first.absolute_expires_at || idle_expired || !first.active {
        session::Entity::delete_by_id(id_hash).exec(&ctx.db).await?;
        return Ok(None);
    }
    // The idle timer counts from the last request, to the second (`SESSION_TOUCH_INTERVAL`).
    if now - first.last_seen_at >= Duration::seconds(SESSION_TOUCH_INTERVAL) {
        touch(ctx, id_hash, now).await;
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
        kiosk: first.kiosk,
    }))
}

/// How long a request waits for its session's touch. The writer answers a one-row update within
/// milliseconds when it is free; when a long transaction holds it (an import), the request goes
/// on after this and the touch follows once the writer is free.
const SESSION_TOUCH_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// Writes `last_seen_at` through the writer, on a task of its own that the request waits for at
/// most `SESSION_TOUCH_WAIT`: a page view never queues behind a long write for a piece of
/// bookkeeping that can follow a moment later. When the writer
/// is free, as in the tests, the touch is done before the response, so the next request reads
/// it. A touch that fails is logged and tried again by the session's next request.
async fn touch(ctx: &AppContext, id_hash: String, now: DateTime<Utc>) {
    let db = ctx.db.clone();
    let touch = tokio::spawn(async move {
        let touched = session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::IdHash.eq(id_hash))
            .exec(&db)
            .await;
        if let Err(err) = touched {
            tracing::warn!(error = %err, "a session's last-seen time could not be written");
        }
    });
    if tokio::time::timeout(SESSION_TOUCH_WAIT, touch)
        .await
        .is_err()
    {
        tracing::debug!("the writer is busy; the session's touch follows in the background");
    }
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
        kiosk: false,
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

/// Adds a `Set-Cookie` header to the answer of the server function being run.
pub fn set_cookie(cookie: &str) {
    if let (Some(options), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(cookie),
    ) {
        options.append_header(SET_COOKIE, value);
    }
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
