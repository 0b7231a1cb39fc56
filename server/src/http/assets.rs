//! The browser bundle (`/pkg/…`), gzip-precompressed by the build. Under its hashed names
//! (`app::shell::assets`) a file never changes, so browsers keep it for a year and do not ask
//! again; under its plain name (old pages, tools) it is revalidated on every use.

use std::path::PathBuf;

use app::shell::assets::Assets;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use super::state::AppState;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn pkg_dir(state: &AppState) -> PathBuf {
    std::path::Path::new(state.leptos_options.site_root.as_ref())
        .join(state.leptos_options.site_pkg_dir.as_ref())
}

/// `/pkg/{file}`
pub async fn bundle(
    State(state): State<AppState>,
    Path(name): Path<String>,
    request: Request<Body>,
) -> Response {
    let dir = pkg_dir(&state);
    let assets = state.ctx.part::<Assets>();
    let (served, cache) = match assets.file_for(&name) {
        Some(file) => (
            ServeFile::new(dir.join(file))
                .precompressed_gzip()
                .oneshot(request)
                .await,
            IMMUTABLE,
        ),
        None => (
            ServeDir::new(dir)
                .precompressed_gzip()
                .oneshot(strip_prefix(request))
                .await,
            "no-cache",
        ),
    };
    match served {
        Ok(response) => {
            let mut response = response.into_response();
            if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
                response
                    .headers_mut()
                    .insert(CACHE_CONTROL, HeaderValue::from_static(cache));
            }
            response
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `ServeDir` looks the request's path up below its folder: `/pkg/x.css` → `/x.css`.
fn strip_prefix(mut request: Request<Body>) -> Request<Body> {
    let rest = request
        .uri()
        .path()
        .strip_prefix("/pkg")
        .unwrap_or("/")
        .to_owned();
    if let Ok(uri) = rest.parse() {
        *request.uri_mut() = uri;
    }
    request
}
