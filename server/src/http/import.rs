//! The upload of an employee list: a plain multipart form post, so that it works without
//! JavaScript. The file is decoded and stored; the preview page shows what it would change.

use app::organisation::import::{self, MAX_IMPORT_BYTES};
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::edge::{HrOrAdmin, WithRole};
use super::state::AppState;

pub async fn upload(
    State(state): State<AppState>,
    WithRole(user, ..): WithRole<HrOrAdmin>,
    mut form: Multipart,
) -> Response {
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                return Redirect::to("/organisation/import?problem=too-large").into_response();
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        match field.bytes().await {
            Ok(bytes) if bytes.len() <= MAX_IMPORT_BYTES => file = Some((name, bytes.to_vec())),
            _ => return Redirect::to("/organisation/import?problem=too-large").into_response(),
        }
    }
    let Some((name, bytes)) = file.filter(|(_, bytes)| !bytes.is_empty()) else {
        return Redirect::to("/organisation/import?problem=no-file").into_response();
    };
    let decoded = match import::decode(&bytes) {
        Ok(decoded) => decoded,
        Err(problems) => {
            let key = problems
                .first()
                .map(|p| p.key.trim_start_matches("import-problem-").to_owned())
                .unwrap_or_default();
            let lines: Vec<String> = problems
                .iter()
                .take(20)
                .map(|p| p.line.to_string())
                .collect();
            return Redirect::to(&format!(
                "/organisation/import?problem={key}&lines={}",
                lines.join(",")
            ))
            .into_response();
        }
    };
    match import::store(
        &state.ctx.db,
        state.ctx.now(),
        Some(user.id),
        &name,
        decoded,
    )
    .await
    {
        Ok(id) => Redirect::to(&format!("/organisation/import/{id}")).into_response(),
        Err(err) => err.into_response(),
    }
}
