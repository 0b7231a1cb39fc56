//! The frame around every page: the HTML document, skip link, header with role navigation and
//! language switch, and footer. What fills the frame is decided in `routes`.

#[cfg(feature = "ssr")]
pub mod assets;
mod header;
mod kiosk;

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::Router;

use crate::i18n::{I18n, Locale};
use crate::identity::SessionInfo;
use crate::routes::AppRoutes;
use crate::settings::DisplayPrefs;
use crate::ui::{FormErrorShown, SessionState};

/// The HTML document the server sends. Language and display classes are decided on the server
/// so that the first paint is already right, with or without JavaScript.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let (locale, prefs) = crate::settings::server::page_prefs();
    let assets = use_context::<crate::context::AppContext>()
        .map(|ctx| ctx.part::<assets::Assets>())
        .unwrap_or_default();
    let pkg = format!("/{}", options.site_pkg_dir);
    let css = format!("{pkg}/{}", assets.css.served_as);
    // Islands mode: only the islands carry hydration markers.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    content_security_policy();
    let loader = island_loader(
        &format!("{pkg}/{}", assets.js.served_as),
        &format!("{pkg}/{}", assets.wasm.served_as),
    );
    view! {
        <!DOCTYPE html>
        <html lang=locale.code() class=prefs.html_class()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" href=css />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script type="module" nonce=leptos::nonce::use_nonce()>{loader}</script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The only script a page carries: on a page with islands (`<leptos-island>`, e.g. the quiz's
/// answer form) it loads the bundle and hydrates each island; a page without islands loads
/// nothing at all. Either way `<html data-hydrated>` tells scripts and tests when the page is
/// interactive. A module script runs after the document is parsed.
#[cfg(feature = "ssr")]
fn island_loader(js: &str, wasm: &str) -> String {
    let js = serde_json::to_string(js).unwrap_or_default();
    let wasm = serde_json::to_string(wasm).unwrap_or_default();
    format!(
        "const islands=document.querySelectorAll('leptos-island');\
         const done=()=>document.documentElement.setAttribute('data-hydrated','');\
         if(islands.length===0){{done();}}else{{\
         const mod=await import({js});\
         await mod.default({{module_or_path:{wasm}}});\
         mod.hydrate();\
         for(const el of islands){{const island=mod[el.dataset.component];if(island){{await island(el);}}}}\
         done();}}"
    )
}

/// Only our own files and the inline scripts Leptos writes with this response's nonce may run;
/// no inline styles, no framing, forms post only to us, and to the city's OpenID provider where
/// single sign-on is on (browsers apply `form-action` to the redirect that the sign-in and
/// sign-out forms lead to).
#[cfg(feature = "ssr")]
fn content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let provider = use_context::<crate::context::AppContext>()
        // Borrowed from the instance's part: this runs for every page, so nothing is cloned.
        .map(|ctx| ctx.part::<crate::auth::server::SignInConfig>())
        .filter(|config| config.oidc.enabled())
        .and_then(|config| origin_of(&config.oidc.issuer))
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'{provider}; frame-ancestors 'none'"
    );
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&policy),
    ) {
        options.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// `scheme://host[:port]` of a URL, if it is one a policy can name.
#[cfg(feature = "ssr")]
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (matches!(scheme, "http" | "https") && !host.is_empty() && host.chars().all(plain))
        .then(|| format!("{scheme}://{host}"))
}

/// Language and display of this page, from the request. `App` renders only on the server
/// (islands mode); the browser bundle compiles it without ever running it.
fn initial_prefs() -> (Locale, DisplayPrefs) {
    #[cfg(feature = "ssr")]
    {
        crate::settings::server::page_prefs()
    }
    #[cfg(not(feature = "ssr"))]
    {
        (Locale::default(), DisplayPrefs::default())
    }
}

/// Who is logged in: the session middleware ran before rendering. Read synchronously: one
/// resource awaited in several suspense boundaries can stall a server-side render under load
/// (leptos issue 4851).
fn initial_session() -> SessionInfo {
    #[cfg(feature = "ssr")]
    {
        crate::auth::server::page_session_info()
    }
    #[cfg(not(feature = "ssr"))]
    {
        SessionInfo {
            user: None,
            organisation_name: String::new(),
        }
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
    // A page that shows a refused form's errors says so first in its title, which is what a
    // screen reader reads when the page loads.
    let error_shown = FormErrorShown::default();
    provide_context(error_shown.clone());
    let error_prefix = i18n.t("title-error-prefix");

    view! {
        <Title formatter=move |text: String| {
            let prefix = if error_shown.get() { error_prefix.as_str() } else { "" };
            let title = if text.is_empty() {
                format!("{prefix}{app_name}")
            } else {
                format!("{prefix}{text} – {app_name}")
            };
            // leptos_meta writes the title into the HTML as it is, and a page's title can be
            // text people wrote (an article's, a version's): escaped on the server, so that a
            // `</title>` in it stays text. In the browser it is set as text, which needs nothing.
            if cfg!(feature = "ssr") { crate::ui::escape_text(&title) } else { title }
        } />
        <Router>
            <a class="skip-link" href="#main">{i18n.t("skip-to-content")}</a>
            <header::Header />
            <main id="main" tabindex="-1">
                <AppRoutes />
            </main>
            <footer class="site-footer">
                <FooterLinks />
                <p>{i18n.t("footer-text")}</p>
            </footer>
        </Router>
    }
}

/// The help and the pages the law asks for, on every page, logged in or not. "Barriere melden"
/// names the page it was followed from.
#[component]
fn FooterLinks() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    let location = leptos_router::hooks::use_location();
    let report = move || {
        format!(
            "/barriere-melden?page={}",
            crate::ui::percent_encode(&location.pathname.get())
        )
    };
    view! {
        <nav class="footer-links" aria-label=i18n.t("footer-nav")>
            <ul>
                <li><a href="/hilfe">{i18n.t("nav-help")}</a></li>
                <li><a href="/barrierefreiheit">{i18n.t("a11y-title")}</a></li>
                <li><a href=report>{i18n.t("barrier-report-title")}</a></li>
                <li><a href="/impressum">{i18n.t("site-imprint-title")}</a></li>
                <li><a href="/datenschutz">{i18n.t("site-privacy-title")}</a></li>
            </ul>
        </nav>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::origin_of;

    #[test]
    fn a_provider_origin_for_the_policy_is_scheme_host_and_port_only() {
        assert_eq!(
            origin_of("https://keycloak.stadt.de/realms/stadt").as_deref(),
            Some("https://keycloak.stadt.de")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:4000").as_deref(),
            Some("http://127.0.0.1:4000")
        );
        for refused in [
            "keycloak",
            "javascript://x",
            "https://a b/",
            "https://x;script-src *",
        ] {
            assert_eq!(origin_of(refused), None, "{refused}");
        }
    }
}
