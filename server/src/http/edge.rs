//! What every axum handler outside Leptos shares: the logged-in person, and a required role, as
//! extractors. Errors leave handlers as `AppError`, which is a response itself (`app::error`).
//! Where the answer depends on more than a role (a report's switch), the feature decides in one
//! function that its server functions call too (e.g. `reports::server::report_access`).

use std::marker::PhantomData;

use app::auth::server::RequestSession;
use app::identity::{CurrentUser, Role};
use axum::extract::FromRequestParts;
use axum::http::header::REFERER;
use axum::http::request::Parts;
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Redirect, Response};

/// The logged-in person of this request. Without one, a browser is sent to the login page, which
/// brings it back afterwards: to this address for a page, to the page the form was sent from for
/// a form post (the post's own address only takes posts).
pub struct LoggedIn(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for LoggedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts
            .extensions
            .get::<RequestSession>()
            .and_then(|session| session.user.clone())
        {
            Some(user) => Ok(LoggedIn(user)),
            None => {
                let next = app::auth::safe_next(Some(&return_address(parts)));
                let target = format!("/login?next={}", app::ui::percent_encode(&next));
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// Where the login should lead back to.
fn return_address(parts: &Parts) -> String {
    let here = || {
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned())
    };
    if parts.method == Method::GET || parts.method == Method::HEAD {
        return here();
    }
    parts
        .headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<Uri>().ok())
        .and_then(|uri| uri.path_and_query().map(|p| p.as_str().to_owned()))
        .unwrap_or_else(|| "/".to_owned())
}

/// A set of roles a handler requires, named as a type so that the requirement stands in the
/// handler's signature.
pub trait Roles {
    const ROLES: &'static [Role];
}

/// HR or the administration (e.g. the employee list import).
pub struct HrOrAdmin;

impl Roles for HrOrAdmin {
    const ROLES: &'static [Role] = &[Role::Hr, Role::Admin];
}

/// The logged-in person, who holds one of the roles `R`; others get `403`.
pub struct WithRole<R: Roles>(pub CurrentUser, pub PhantomData<R>);

impl<S: Send + Sync, R: Roles> FromRequestParts<S> for WithRole<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let LoggedIn(user) = LoggedIn::from_request_parts(parts, state).await?;
        match user.require_any(R::ROLES) {
            Ok(()) => Ok(WithRole(user, PhantomData)),
            Err(err) => Err(err.into_response()),
        }
    }
}
