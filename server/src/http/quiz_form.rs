//! Routes the Leptos pages use as plain HTML form targets and files: the answer form of a quiz
//! question (it carries repeated fields, e.g. several ticked boxes, which server functions do not
//! take) and the media files of lessons.

use app::quiz::server::{next_location, question_count, save};
use axum::extract::{Form, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::edge::LoggedIn;
use super::state::AppState;

/// Saves the answer of one question and goes where the pressed button says.
pub async fn answer(
    State(state): State<AppState>,
    LoggedIn(user): LoggedIn,
    Path((attempt, position)): Path<(String, usize)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let here = format!("/quiz/{attempt}/question/{position}");
    let go = fields
        .iter()
        .find(|(k, _)| k == "go")
        .map(|(_, v)| v.clone());
    match save(&state.ctx, &user, &attempt, position, &fields).await {
        Ok(()) => {
            let total = question_count(&state.ctx, &user, &attempt)
                .await
                .unwrap_or(position);
            Redirect::to(&next_location(&attempt, position, total, go.as_deref())).into_response()
        }
        Err(app::error::AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => Redirect::to(&format!("{here}?error={}", err.specific_key())).into_response(),
    }
}

fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// An image of a lesson, from the database (`authoring`): only a module's images, never its
/// texts. A name always holds the same bytes, so the browser may keep it a day. An SVG (only
/// the release brings them) is sent with a policy that keeps any script in it from running if
/// someone opens it on its own.
pub async fn media(
    State(state): State<AppState>,
    Path((module, file)): Path<(String, String)>,
) -> Response {
    if !safe_name(&module) || !safe_name(&file) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match app::authoring::server::library::media(&state.ctx.read, &module, &file).await {
        Ok(Some((content_type, bytes))) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "public, max-age=86400".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_owned(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "a lesson image could not be read");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
