//! The frame around every page: the HTML document, skip link, header with role navigation and
//! language switch, and footer. What fills the frame is decided in `routes`.

mod header;

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::Router;

use crate::i18n::{I18n, Locale};
use crate::identity::SessionInfo;
use crate::routes::AppRoutes;
use crate::settings::DisplayPrefs;
use crate::ui::SessionState;

/// The HTML document the server sends. Language and display classes are decided on the server
/// so that the first paint is already right, with or without JavaScript.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let (locale, prefs) = crate::settings::server::page_prefs();
    let css = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    // The browser reads who is logged in from here when it hydrates, so that both sides render
    // the same header without a second request.
    let session =
        serde_json::to_string(&crate::auth::server::page_session_info()).unwrap_or_default();
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code() class=prefs.html_class()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" href=css />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <meta name="fs-session" content=session />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Only our own files and the inline scripts Leptos writes with this response's nonce may run;
/// no inline styles, no framing, forms post only to us.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&policy),
    ) {
        options.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Language and display of this page: read from the request on the server and from `<html>` in
/// the browser, so both sides render identical markup.
fn initial_prefs() -> (Locale, DisplayPrefs) {
    #[cfg(feature = "ssr")]
    {
        crate::settings::server::page_prefs()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let root = leptos::prelude::document().document_element();
        let locale = root
            .as_ref()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|lang| Locale::from_code(&lang))
            .unwrap_or_default();
        let prefs = root
            .and_then(|el| el.get_attribute("class"))
            .map(|class| DisplayPrefs::from_html_class(&class))
            .unwrap_or_default();
        (locale, prefs)
    }
}

/// Who is logged in. On the server it comes from the request (the session middleware ran
/// before rendering); in the browser from the `fs-session` meta tag the server wrote. Read
/// synchronously on both sides: one resource awaited in several suspense boundaries can stall a
/// server-side render under load (leptos issue 4851).
fn initial_session() -> SessionInfo {
    #[cfg(feature = "ssr")]
    {
        crate::auth::server::page_session_info()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .query_selector("meta[name=fs-session]")
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or(SessionInfo {
                user: None,
                organisation_name: String::new(),
            })
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let (locale, prefs) = initial_prefs();
    let i18n = I18n { locale };
    provide_context(i18n);
    provide_context(prefs);
    provide_context(SessionState(RwSignal::new(initial_session())));
    let app_name = i18n.t("app-name");

    view! {
        <Title formatter=move |text: String| {
            if text.is_empty() { app_name.clone() } else { format!("{text} – {app_name}") }
        } />
        <Router>
            <a class="skip-link" href="#main">{i18n.t("skip-to-content")}</a>
            <header::Header />
            <main id="main" tabindex="-1">
                <AppRoutes />
            </main>
            <footer class="site-footer">
                <p>{i18n.t("footer-text")}</p>
            </footer>
        </Router>
    }
}
