//! The frame around every page: document shell, skip link, header with role navigation,
//! language switch, footer, the route table, and the pages for "not found" and "forbidden".

mod guard;
mod header;

pub use guard::{Protected, SessionState, use_session};

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::admin::pages::{AdminUserEditPage, AdminUserNewPage, AdminUsersPage};
use crate::audit::pages::AuditLogPage;
use crate::auth::pages::{ForgotPasswordPage, LoginPage, SetPasswordPage};
use crate::auth::{Role, SessionInfo};
use crate::certificate::pages::{
    AdminCertificatesPage, CertificatePage, RevokeCertificatePage, VerifyCertificatePage,
    VerifyPage,
};
use crate::home::HomePage;
use crate::i18n::{I18n, Locale, use_i18n};
use crate::learning::pages::{CataloguePage, EvidencePage, LessonPage, ModulePage};
use crate::organisation::pages::{
    DepartmentEditPage, ImportPage, ImportPreviewPage, OrganisationPage,
};
use crate::privacy::pages::PrivacyPage;
use crate::quiz::pages::{QuizOverviewPage, QuizQuestionPage, QuizResultPage};
use crate::reports::pages::{
    CertificationReportPage, GapsPage, HeatmapPage, PublicFiguresPage, ReportSettingsPage,
    ReportsPage, TrendPage,
};
use crate::scouts::pages::{
    BoardPage, CoveragePage, ImpactPage, MyScoutsPage, NewsletterLeavePage, RequestPage,
    ScoutProfilePage,
};
use crate::settings::DisplayPrefs;
use crate::settings::pages::{DisplayPage, SettingsPage};

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
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/password/set/:token") view=SetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/display") view=DisplayPage ssr=SsrMode::Async />
                    <Route path=path!("/learn") view=CataloguePage ssr=SsrMode::Async />
                    <Route path=path!("/modules/:id") view=ModulePage ssr=SsrMode::Async />
                    <Route path=path!("/modules/:id/lessons/:slug") view=LessonPage ssr=SsrMode::Async />
                    <Route path=path!("/evidence") view=EvidencePage ssr=SsrMode::Async />
                    <Route path=path!("/quiz/:id") view=QuizOverviewPage ssr=SsrMode::Async />
                    <Route path=path!("/quiz/:id/question/:position") view=QuizQuestionPage ssr=SsrMode::Async />
                    <Route path=path!("/quiz/:id/result") view=QuizResultPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/organisation") view=OrganisationPage ssr=SsrMode::Async />
                    <Route path=path!("/organisation/import") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/organisation/import/:id") view=ImportPreviewPage ssr=SsrMode::Async />
                    <Route path=path!("/organisation/:id") view=DepartmentEditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=AdminUsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users/new") view=AdminUserNewPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users/:id") view=AdminUserEditPage ssr=SsrMode::Async />
                    <Route path=path!("/audit") view=AuditLogPage ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/heatmap") view=HeatmapPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/gaps") view=GapsPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/certification") view=CertificationReportPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/trend") view=TrendPage ssr=SsrMode::Async />
                    <Route path=path!("/reports/settings") view=ReportSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/kennzahlen") view=PublicFiguresPage ssr=SsrMode::Async />
                    <Route path=path!("/scouts") view=MyScoutsPage ssr=SsrMode::Async />
                    <Route path=path!("/scouts/profile") view=ScoutProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/scouts/coverage") view=CoveragePage ssr=SsrMode::Async />
                    <Route path=path!("/scouts/impact") view=ImpactPage ssr=SsrMode::Async />
                    <Route path=path!("/scouts/board") view=BoardPage ssr=SsrMode::Async />
                    <Route path=path!("/newsletter/leave/:token") view=NewsletterLeavePage ssr=SsrMode::Async />
                    <Route path=path!("/help/:id") view=RequestPage ssr=SsrMode::Async />
                    <Route path=path!("/certificate") view=CertificatePage ssr=SsrMode::Async />
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/verify/:public_id") view=VerifyCertificatePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/certificates") view=AdminCertificatesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/certificates/:public_id/revoke") view=RevokeCertificatePage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{i18n.t("footer-text")}</p>
            </footer>
        </Router>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("not-found-title") />
        <h1>{i18n.t("not-found-title")}</h1>
        <p>{i18n.t("not-found-text")}</p>
        <p><a href="/">{i18n.t("back-to-start")}</a></p>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("forbidden-title") />
        <h1>{i18n.t("forbidden-title")}</h1>
        <p>{i18n.t("forbidden-text")}</p>
        <p><a href="/">{i18n.t("back-to-start")}</a></p>
    }
}

/// Navigation entries per role: (path, catalogue key, roles that see it; empty = everyone
/// logged in).
pub const NAVIGATION: &[(&str, &str, &[Role])] = &[
    ("/", "nav-home", &[]),
    ("/learn", "nav-learn", &[Role::Employee]),
    ("/evidence", "nav-evidence", &[Role::Employee]),
    ("/certificate", "nav-certificate", &[Role::Employee]),
    ("/scouts", "nav-scouts", &[Role::Employee]),
    ("/scouts/profile", "nav-scout-area", &[Role::Scout]),
    (
        "/organisation",
        "nav-organisation",
        &[Role::Hr, Role::Scout, Role::Admin],
    ),
    ("/reports", "nav-reports", &[Role::Hr, Role::Admin]),
    (
        "/scouts/coverage",
        "nav-scout-coverage",
        &[Role::Hr, Role::Admin],
    ),
    ("/admin/users", "nav-users", &[Role::Admin]),
    (
        "/admin/certificates",
        "nav-certificates-admin",
        &[Role::Admin],
    ),
    ("/audit", "nav-audit", &[Role::Auditor, Role::Admin]),
    ("/privacy", "nav-privacy", &[Role::Auditor]),
    ("/settings", "nav-settings", &[]),
];
