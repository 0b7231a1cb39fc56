//! The download of the audit log (`/audit/export.csv`): the entries the page's filter shows, in
//! the same sentences, for the staff council and the administration only. The download is itself
//! written to the log.

use std::marker::PhantomData;

use app::audit::AuditFilter;
use app::audit::server::{READERS, export as export_log};
use app::auth::Role;
use app::error::AppError;
use axum::extract::{Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::edge::{Roles, WithRole};
use super::state::AppState;

/// The staff council (auditor) or the administration.
pub struct AuditorOrAdmin;

impl Roles for AuditorOrAdmin {
    const ROLES: &'static [Role] = READERS;
}

/// `/audit/export.csv?person=…&action=…&from=…&to=…`
pub async fn export(
    State(state): State<AppState>,
    WithRole(user, PhantomData): WithRole<AuditorOrAdmin>,
    Query(filter): Query<AuditFilter>,
) -> Result<Response, AppError> {
    let ctx = &state.ctx;
    let file = export_log(ctx, &user, &filter).await?;
    let date = app::i18n::format::local_format(ctx.now(), "%Y-%m-%d");
    let disposition = format!("attachment; filename=\"Protokoll-{date}.csv\"");
    Ok((
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        file.csv,
    )
        .into_response())
}
