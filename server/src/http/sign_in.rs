//! Signing in outside Leptos: the way to the city's OpenID provider and back, and the printed
//! sign-in letters (a PDF, not a page).

use app::auth::server::oidc::{
    OidcCallback, finish_oidc, sign_in_cookie, sign_in_cookie_name, start_oidc,
};
use app::auth::server::{RequestSession, cookie_value, session_cookie};
use app::error::AppError;
use app::sign_in::server::issue_letter;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::edge::LoggedIn;
use super::state::AppState;

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
    kiosk: Option<String>,
}

/// Where a refused sign-in is explained, with its reason.
fn refused_page(err: &AppError) -> Response {
    let reason = match err {
        AppError::SignInRefused(key) => key.trim_start_matches("sign-in-").to_owned(),
        AppError::NotFound => "not-configured".to_owned(),
        AppError::TooManyAttempts { .. } => "too-many".to_owned(),
        AppError::Internal => "internal".to_owned(),
        _ => "provider-error".to_owned(),
    };
    see_other(&format!("/login/refused?reason={reason}"))
}

fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

/// `GET /auth/oidc/start`: off to the provider, with a cookie that ties the sign-in to this
/// browser.
pub async fn oidc_start(
    State(state): State<AppState>,
    visit: Option<Extension<RequestSession>>,
    headers: axum::http::HeaderMap,
    Query(query): Query<StartQuery>,
) -> Response {
    let visit = visit.map(|Extension(visit)| visit).unwrap_or_default();
    // A browser marked as a shared device signs in as one, as with the other ways.
    let kiosk = query.kiosk.is_some()
        || cookie_value(&headers, app::auth::server::KIOSK_DEVICE_COOKIE).as_deref() == Some("1");
    let next = query.next.as_deref().unwrap_or("/");
    match start_oidc(&state.ctx, visit.client_ip, next, kiosk).await {
        Ok(started) => with_cookie(
            see_other(&started.url),
            &sign_in_cookie(&state.ctx.settings, Some(&started.browser_secret)),
        ),
        Err(err) => refused_page(&err),
    }
}

/// `GET /auth/oidc/callback`: the provider's answer. A session is opened, or the refusal page
/// says why not.
pub async fn oidc_callback(
    State(state): State<AppState>,
    visit: Option<Extension<RequestSession>>,
    headers: axum::http::HeaderMap,
    Query(answer): Query<OidcCallback>,
) -> Response {
    let visit = visit.map(|Extension(visit)| visit).unwrap_or_default();
    let settings = &state.ctx.settings;
    let browser = cookie_value(&headers, sign_in_cookie_name(settings));
    let response = match finish_oidc(&state.ctx, &visit, browser, answer).await {
        Ok(signed_in) => with_cookie(
            see_other(&app::auth::safe_next(Some(&signed_in.next))),
            &session_cookie(settings, &signed_in.token),
        ),
        Err(err) => refused_page(&err),
    };
    // The sign-in is over either way.
    with_cookie(response, &sign_in_cookie(settings, None))
}

/// `POST /letters/{person}`: prints a new sign-in letter for a person (HR, administrators, and
/// scouts for the units they serve).
pub async fn letter(
    State(state): State<AppState>,
    LoggedIn(me): LoggedIn,
    Path(person): Path<Uuid>,
) -> Response {
    match issue_letter(&state.ctx, &me, person).await {
        Ok(letter) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                (
                    CONTENT_DISPOSITION,
                    HeaderValue::from_str(&format!("attachment; filename=\"{}\"", letter.filename))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                ),
                (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
            ],
            letter.pdf,
        )
            .into_response(),
        Err(err) => err.into_response(),
    }
}
