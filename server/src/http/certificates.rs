//! Certificate files and the issuer's public documents, outside Leptos: the PDF and the digital
//! credential for their holder, the issuer profile, its key set, the revocation status list, the
//! achievements, and the check of an uploaded credential.

use app::certificate::credential::{self, MAX_CREDENTIAL_BYTES, Urls, Verdict};
use app::certificate::server::{own_certificate, pdf_filename, render_pdf_blocking};
use app::content::HasContent;
use app::i18n::Locale;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::edge::LoggedIn;
use super::state::AppState;

fn urls(state: &AppState) -> Urls<'_> {
    Urls {
        base: &state.ctx.settings.base_url,
    }
}

fn attachment(filename: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .unwrap_or(HeaderValue::from_static("attachment"))
}

#[derive(Deserialize)]
pub struct PdfQuery {
    lang: Option<String>,
}

/// The certificate as PDF, for its holder only; German unless `?lang=en`.
pub async fn pdf(
    State(state): State<AppState>,
    LoggedIn(user): LoggedIn,
    Path(public_id): Path<String>,
    Query(query): Query<PdfQuery>,
) -> Response {
    let model = match own_certificate(&state.ctx, user.id, &public_id).await {
        Ok(model) => model,
        Err(err) => return err.into_response(),
    };
    let locale = query
        .lang
        .as_deref()
        .and_then(Locale::from_code)
        .unwrap_or(user.locale);
    let filename = pdf_filename(&model, locale);
    match render_pdf_blocking(&state.ctx, model, locale).await {
        Ok(bytes) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
                (CONTENT_DISPOSITION, attachment(&filename)),
                (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
            ],
            bytes,
        )
            .into_response(),
        Err(err) => err.into_response(),
    }
}

/// The signed Open Badges 3.0 credential, for its holder only.
pub async fn credential_jwt(
    State(state): State<AppState>,
    LoggedIn(user): LoggedIn,
    Path(public_id): Path<String>,
) -> Response {
    let model = match own_certificate(&state.ctx, user.id, &public_id).await {
        Ok(model) => model,
        Err(err) => return err.into_response(),
    };
    let signed =
        credential::credential_json(&state.ctx.content(), &urls(&state), &model).and_then(|json| {
            credential::sign(&state.issuer_key, &json, model.issued_at, model.valid_until)
        });
    match signed {
        Ok(token) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("application/vc+jwt")),
                (
                    CONTENT_DISPOSITION,
                    attachment(&format!("Nachweis-{}.jwt", model.number)),
                ),
                (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
            ],
            token,
        )
            .into_response(),
        Err(err) => err.into_response(),
    }
}

fn json_response(value: serde_json::Value, content_type: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
        ],
        value.to_string(),
    )
        .into_response()
}

/// The issuer profile (Open Badges 3.0 `Profile`).
pub async fn issuer(State(state): State<AppState>) -> Response {
    json_response(
        credential::issuer_profile(&state.ctx.content(), &urls(&state)),
        "application/ld+json",
    )
}

/// The issuer's public key set (RFC 7517).
pub async fn jwks(State(state): State<AppState>) -> Response {
    json_response(
        serde_json::json!({ "keys": [state.issuer_key.public_jwk()] }),
        "application/jwk-set+json",
    )
}

pub async fn logo(State(state): State<AppState>) -> Response {
    match &state.ctx.content().certificates.issuer.logo_png {
        Some(png) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("image/png")),
                (
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=86400"),
                ),
            ],
            png.as_ref().clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// What a level certifies (Open Badges 3.0 `Achievement`).
pub async fn achievement(State(state): State<AppState>, Path(level): Path<String>) -> Response {
    match credential::achievement(&state.ctx.content(), &urls(&state), &level) {
        Some(mut value) => {
            value["@context"] = serde_json::json!([credential::CONTEXT_VC, credential::CONTEXT_OB]);
            json_response(value, "application/ld+json")
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The revocation status list, signed; always current (a revocation shows at once).
pub async fn status_list(State(state): State<AppState>) -> Response {
    match credential::status_list(
        &state.ctx.db,
        &state.issuer_key,
        &state.ctx.content(),
        &urls(&state),
        state.ctx.now(),
    )
    .await
    {
        Ok(token) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static("application/vc+jwt")),
                (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            token,
        )
            .into_response(),
        Err(err) => err.into_response(),
    }
}

/// Checks an uploaded (or pasted) credential and shows the verdict: on the certificate's
/// verification page when it is ours, on the form otherwise. A plain form post, so that it
/// works without JavaScript.
pub async fn verify_upload(State(state): State<AppState>, mut form: Multipart) -> Response {
    let mut token = String::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Redirect::to("/verify?credential=format").into_response(),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(bytes) = field.bytes().await else {
            return Redirect::to("/verify?credential=too-large").into_response();
        };
        if bytes.len() > MAX_CREDENTIAL_BYTES {
            return Redirect::to("/verify?credential=too-large").into_response();
        }
        let text = String::from_utf8_lossy(&bytes).trim().to_owned();
        // A file wins over pasted text; either may be empty.
        if !text.is_empty() && (name == "file" || token.is_empty()) {
            token = text;
        }
    }
    if token.is_empty() {
        return Redirect::to("/verify?credential=format").into_response();
    }
    let verdict = credential::verify(
        &state.ctx.db,
        &state.issuer_key,
        &urls(&state),
        &token,
        state.ctx.now(),
    )
    .await;
    match verdict {
        Ok(verdict) => {
            tracing::info!(verdict = verdict.key(), "credential checked");
            let target = match verdict.public_id() {
                Some(public_id) => format!("/verify/{public_id}?credential={}", verdict.key()),
                None => format!("/verify?credential={}", verdict.key()),
            };
            Redirect::to(&target).into_response()
        }
        Err(err) => err.into_response(),
    }
}

/// The verdict as the command line reports it.
pub fn describe(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Valid { .. } => "valid: signature, issuer and validity dates check out",
        Verdict::Expired { .. } => "expired: the signature is ours, but the credential has expired",
        Verdict::NotYetValid { .. } => "not yet valid",
        Verdict::Revoked { .. } => "revoked: the certificate was revoked",
        Verdict::Superseded { .. } => "superseded: the certificate was renewed; a newer one exists",
        Verdict::Unknown => {
            "unknown: signed with our key, but no such certificate in this database"
        }
        Verdict::BadSignature => "invalid signature: changed after signing, or not signed by us",
        Verdict::OtherIssuer => "other issuer: not issued by this platform",
        Verdict::Malformed => "malformed: not a VC-JWT",
    }
}
