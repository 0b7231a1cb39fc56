use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::kiosk::KioskTimer;
use crate::auth::{Logout, SessionInfo};
use crate::i18n::{Locale, use_i18n};
use crate::navigation::NAVIGATION;
use crate::search::pages::HeaderSearch;
use crate::ui::use_session;

/// The current path with query, for forms that should bring the visitor back here.
pub fn current_path() -> Signal<String> {
    let location = use_location();
    Signal::derive(move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    })
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let back = current_path();
    let logout = ServerAction::<Logout>::new();
    // The server ended the session and sends the browser to the login page; the header must
    // not go on showing the person.
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            session.update(|s| s.user = None);
        }
    });
    let other = match i18n.locale {
        Locale::De => Locale::En,
        Locale::En => Locale::De,
    };
    let other_label = match other {
        Locale::De => "Deutsch",
        Locale::En => "English",
    };
    let user = move || session.with(|s: &SessionInfo| s.user.clone());
    // The menu of the logged-in person: a row of links on a wide screen; on a phone it folds
    // into a "Menü" disclosure (`<details>`, no JavaScript needed) together with the tools, so
    // that the header takes one row instead of three to five.
    let nav = move |class: &'static str| {
        user().map(|me| {
            let items = NAVIGATION
                .iter()
                .filter(|(_, _, roles)| roles.is_empty() || me.has_any(roles))
                .map(|(href, key, _)| {
                    view! {
                        <li><A href=*href exact=true>{i18n.t(key)}</A></li>
                    }
                })
                .collect_view();
            view! {
                <nav class=class aria-label=i18n.t("nav-label")>
                    <ul>{items}</ul>
                </nav>
            }
        })
    };
    let language = move || {
        view! {
            // A plain form: changing the language reloads the page so every text changes.
            <form method="post" action="/api/preferences/language" class="inline-form">
                <input type="hidden" name="locale" value=other.code() />
                <input type="hidden" name="back" prop:value=back value=back.get_untracked() />
                <button type="submit" class="link-button" lang=other.code()>
                    {other_label}
                </button>
            </form>
            <a href="/display" class="tool-link">{i18n.t("nav-display")}</a>
        }
    };
    let person = move |me: crate::identity::CurrentUser| {
        view! {
            <span class="whoami">{me.display_name.clone()}</span>
            <ActionForm action=logout attr:class="inline-form">
                <button type="submit" class="link-button">{i18n.t("logout")}</button>
            </ActionForm>
        }
    };

    view! {
        <header class="site-header">
            <div class="header-bar">
                <a class="brand" href="/">
                    <span class="brand-org">{move || session.with(|s| s.organisation_name.clone())}</span>
                    <span class="brand-name">{i18n.t("app-name")}</span>
                </a>
                {move || match user() {
                    // On a shared device the way out is large and always in view.
                    Some(me) if me.kiosk => Either::Left(Either::Left(view! {
                        <div class="header-tools">
                            <HeaderSearch id="header-search" class="header-search wide-only" />
                            {language()}
                            <span class="whoami">{me.display_name.clone()}</span>
                            <ActionForm action=logout attr:class="inline-form kiosk-logout">
                                <button type="submit" class="button-logout">{i18n.t("logout-kiosk")}</button>
                            </ActionForm>
                            <KioskTimer seconds=kiosk_seconds() />
                        </div>
                        <details class="menu-disclosure narrow-only">
                            <summary>{i18n.t("nav-menu")}</summary>
                            <div class="menu-panel">
                                <HeaderSearch id="menu-search" class="menu-search" />
                                {nav("phone-nav")}
                            </div>
                        </details>
                    })),
                    Some(me) => Either::Left(Either::Right(view! {
                        <div class="header-tools wide-only">
                            <HeaderSearch id="header-search" class="header-search" />
                            {language()}
                            {person(me.clone())}
                        </div>
                        <details class="menu-disclosure narrow-only">
                            <summary>{i18n.t("nav-menu")}</summary>
                            <div class="menu-panel">
                                <HeaderSearch id="menu-search" class="menu-search" />
                                {nav("phone-nav")}
                                <div class="menu-tools">
                                    {person(me)}
                                    {language()}
                                </div>
                            </div>
                        </details>
                    })),
                    None => Either::Right(view! {
                        <div class="header-tools">
                            {language()}
                            <a href="/hilfe" class="tool-link">{i18n.t("nav-help")}</a>
                            <a href="/login" class="tool-link">{i18n.t("login")}</a>
                        </div>
                    }),
                }}
            </div>
            {move || nav("main-nav wide-only")}
        </header>
    }
}

/// The idle timeout of a shared device's session, for the page's idle clock.
fn kiosk_seconds() -> i64 {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::context::AppContext>()
            .map(|ctx| ctx.settings.kiosk_idle_timeout.num_seconds())
            .unwrap_or(600)
    }
    #[cfg(not(feature = "ssr"))]
    {
        600
    }
}
