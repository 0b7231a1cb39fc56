//! `GET /healthz`: the process answers. `GET /readyz`: the database answers and every migration
//! is applied; load balancers send traffic only then.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use migrations::{Migrator, MigratorTrait};
use serde_json::json;

use super::state::AppState;

pub async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, Json(json!({ "status": "ok" })))
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let database = state.ctx.db.ping().await.is_ok();
    let migrations = database
        && Migrator::get_pending_migrations(&state.ctx.db)
            .await
            .map(|p| p.is_empty())
            .unwrap_or(false);
    let status = if database && migrations {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    (
        status,
        Json(json!({ "database": word(database), "migrations": word(migrations) })),
    )
}
