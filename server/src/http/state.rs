//! What every handler and middleware of the HTTP edge gets: the application context and the
//! keys and settings of the edge itself.

use std::sync::Arc;

use app::context::AppContext;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub ctx: AppContext,
    /// `scheme://host[:port]` of the base URL, for the cross-site check.
    pub base_origin: String,
    /// Reverse proxies whose `X-Forwarded-For` entries are believed (0: none).
    pub trusted_proxies: usize,
    pub content_dir: std::path::PathBuf,
    /// Signs the certificates' digital credentials; the same key on every instance.
    pub issuer_key: Arc<app::certificate::credential::IssuerKey>,
    /// Signs the form errors that pages without JavaScript receive in their address.
    pub form_error_key: crate::http::form_errors::FormErrorKey,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
