//! The downloads of "Meine Daten": everything stored about the logged-in person, as JSON
//! (machine-readable, DSGVO Art. 20) and as a readable HTML document (Art. 15). Never on a
//! shared device: the file would stay there for the next person.

use app::error::AppError;
use app::personal_data::server::{download, export};
use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::edge::LoggedIn;
use super::state::AppState;

/// `/my-data/{export.json|export.html}`
pub async fn export(
    State(state): State<AppState>,
    LoggedIn(user): LoggedIn,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let ctx = &state.ctx;
    let json = match file.as_str() {
        "export.json" => true,
        "export.html" => false,
        _ => return Err(AppError::NotFound),
    };
    if user.kiosk {
        return Err(AppError::Forbidden);
    }
    let data = download(ctx, &user).await?;
    let now = ctx.now();
    let date = now.format("%Y-%m-%d");
    let organisation = &ctx.settings.organisation_name;
    let (body, content_type, extension) = if json {
        let value = export::to_json(&data.sections, user.id, now, organisation);
        (
            serde_json::to_vec_pretty(&value).map_err(|_| AppError::Internal)?,
            "application/json",
            "json",
        )
    } else {
        let html = export::to_html(
            user.locale,
            &data.sections,
            &data.name,
            now,
            organisation,
            &data.accesses,
        );
        (html.into_bytes(), "text/html; charset=utf-8", "html")
    };
    let disposition = format!("attachment; filename=\"Meine-Daten-{date}.{extension}\"");
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response())
}
