//! What every handler and middleware of the HTTP edge gets: the application context and the
//! keys and settings of the edge itself.

use std::sync::Arc;

use app::context::AppContext;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// Cloned by every middleware and handler of every request (axum's `State`), so it is one
/// reference-counted pointer: the load benchmark's profile found the per-request copies of the
/// fields (the Leptos options, the origin and directory strings) among the allocations of a page.
#[derive(Clone)]
pub struct AppState(Arc<EdgeState>);

impl AppState {
    pub fn new(state: EdgeState) -> Self {
        AppState(Arc::new(state))
    }
}

impl std::ops::Deref for AppState {
    type Target = EdgeState;

    fn deref(&self) -> &EdgeState {
        &self.0
    }
}

pub struct EdgeState {
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
