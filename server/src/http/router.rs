//! The route table of the HTTP edge: the Leptos pages and server functions, the handlers outside
//! Leptos, and the middleware every request passes.

use app::{App, shell};
use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use super::state::AppState;
use super::{
    assets, audit, certificates, content_upload, guard, health, import, personal_data, quiz_form,
    reports, sign_in,
};

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let ctx = state.ctx.clone();
    let provide = move || {
        leptos::prelude::provide_context(ctx.clone());
        crate::http::form_errors::provide_form_error();
    };
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/pkg/{file}", get(assets::bundle))
        .route("/content/{module}/media/{file}", get(quiz_form::media))
        .route(
            "/certificates/{public_id}/certificate.pdf",
            get(certificates::pdf),
        )
        .route(
            "/certificates/{public_id}/credential.jwt",
            get(certificates::credential_jwt),
        )
        .route("/issuer", get(certificates::issuer))
        .route("/issuer/jwks.json", get(certificates::jwks))
        .route("/issuer/logo.png", get(certificates::logo))
        .route("/achievements/{level}", get(certificates::achievement))
        .route("/credentials/status", get(certificates::status_list))
        .route(
            "/verify/credential",
            axum::routing::post(certificates::verify_upload)
                .layer(axum::extract::DefaultBodyLimit::max(256 * 1024)),
        )
        .route("/reports/{kind}/{file}", get(reports::export))
        .route("/my-data/{file}", get(personal_data::export))
        .route("/audit/export.csv", get(audit::export))
        .route("/auth/oidc/start", get(sign_in::oidc_start))
        .route("/auth/oidc/callback", get(sign_in::oidc_callback))
        .route("/letters/{person}", axum::routing::post(sign_in::letter))
        .route("/kennzahlen.json", get(reports::open_data_json))
        .route("/kennzahlen.csv", get(reports::open_data_csv))
        .route(
            "/organisation/import/upload",
            axum::routing::post(import::upload).layer(axum::extract::DefaultBodyLimit::max(
                app::organisation::import::MAX_IMPORT_BYTES + 64 * 1024,
            )),
        )
        // The editors' uploads (the forms' pages are Leptos routes of the same paths) and the
        // export of a version; each body limit is the file's plus the form around it.
        .route(
            "/redaktion/inhalte/import",
            axum::routing::post(content_upload::import_module).layer(
                axum::extract::DefaultBodyLimit::max(
                    app::authoring::server::archive::MAX_ZIP_BYTES + content_upload::FORM_OVERHEAD,
                ),
            ),
        )
        .route(
            "/redaktion/inhalte/{module}/{number}/import",
            axum::routing::post(content_upload::import_questions).layer(
                axum::extract::DefaultBodyLimit::max(
                    crate::content_import::MAX_FILE_BYTES + content_upload::FORM_OVERHEAD,
                ),
            ),
        )
        .route(
            "/redaktion/inhalte/{module}/{number}/bild",
            axum::routing::post(content_upload::upload_image).layer(
                axum::extract::DefaultBodyLimit::max(
                    app::authoring::MAX_IMAGE_BYTES + content_upload::FORM_OVERHEAD,
                ),
            ),
        )
        .route(
            "/redaktion/inhalte/{module}/{number}/export.zip",
            get(content_upload::export),
        )
        .route(
            "/newsletter/unsubscribe/{token}",
            axum::routing::post(newsletter_one_click),
        )
        .route(
            "/quiz/{attempt}/question/{position}/answer",
            axum::routing::post(quiz_form::answer),
        )
        .leptos_routes_with_context(&state, routes, provide.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            provide, shell,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            crate::http::form_errors::carry_form_errors,
        ))
        .layer(from_fn_with_state(state.clone(), guard::attach_session))
        .layer(from_fn(guard::server_fn_errors))
        .layer(from_fn(guard::translate_rejections))
        .layer(from_fn_with_state(state.clone(), guard::refuse_cross_site))
        .layer(from_fn_with_state(state.clone(), guard::security_headers))
        .layer(CompressionLayer::new().gzip(true))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<_>| {
                    // The route template, never the concrete path: paths can carry one-time tokens.
                    let route = request
                        .extensions()
                        .get::<axum::extract::MatchedPath>()
                        .map(|p| p.as_str().to_owned())
                        .unwrap_or_else(|| {
                            if request.uri().path().starts_with("/pkg/") {
                                "/pkg/*".into()
                            } else {
                                "other".into()
                            }
                        });
                    tracing::info_span!("request", method = %request.method(), route)
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                ),
        )
        .with_state(state)
}

/// One-click unsubscribe (RFC 8058): a mail program posts to the `List-Unsubscribe` address
/// without any login; the token in the address is the only key.
async fn newsletter_one_click(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> axum::http::StatusCode {
    match app::scouts::newsletter::leave(&state.ctx, &token).await {
        Ok(true) => axum::http::StatusCode::OK,
        Ok(false) => axum::http::StatusCode::NOT_FOUND,
        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR,
    }
}
