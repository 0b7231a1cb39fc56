//! What a server function knows about its request: the session the middleware found, the
//! calling convention (`as_user`, `with_context`) and how an error sets the HTTP status.

use leptos::prelude::*;

use super::*;

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

/// The asking address of this request, as the limits count it ("unknown" without one).
pub fn client_address() -> String {
    request_session()
        .client_ip
        .map(client_bucket)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The session as the page being rendered shows it; without an application context (route
/// discovery at start-up) nobody is logged in.
pub fn page_session_info() -> crate::auth::SessionInfo {
    crate::auth::SessionInfo {
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

/// As `as_user`, for the cookie edge (login, logout, passwords, preferences): the logic gets the
/// whole session of the request (its token and client address too), logged in or not.
pub async fn as_visitor<T>(
    logic: impl AsyncFnOnce(&AppContext, &RequestSession) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let result = async {
        let ctx = app_context()?;
        logic(&ctx, &request_session()).await
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

/// The end of every way of signing in: `logic` checks what was sent and opens a session, whose
/// token becomes the cookie; a plain form post then goes on to `next` (a local path only). With
/// JavaScript the page loads the next page itself, from the server, so that every part of it
/// shows the signed-in person.
pub async fn sign_in_with(
    next: Option<&str>,
    logic: impl AsyncFnOnce(&AppContext, &RequestSession) -> Result<String, AppError>,
) -> Result<(), AppError> {
    as_visitor(async |ctx, visit| {
        let token = logic(ctx, visit).await?;
        set_cookie(&session_cookie(&ctx.settings, &token));
        Ok(())
    })
    .await?;
    if wants_html() {
        crate::context::redirect(&crate::auth::safe_next(next));
    }
    Ok(())
}
