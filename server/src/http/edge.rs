//! What every axum handler outside Leptos shares: the logged-in person as an extractor. Errors
//! leave handlers as `AppError`, which is a response itself (`app::error`), and roles are checked
//! by the feature's logic (`CurrentUser::require_any`), as for server functions.

use app::auth::server::RequestSession;
use app::identity::CurrentUser;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

/// The logged-in person of this request. Without one, a browser is sent to the login page, which
/// brings it back to this address afterwards.
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
                let here = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                let next = app::auth::safe_next(Some(here));
                let target = format!("/login?next={}", app::ui::percent_encode(&next));
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}
