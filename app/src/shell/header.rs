use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::{NAVIGATION, SessionVersion, use_user};
use crate::auth::{Logout, SessionInfo};
use crate::i18n::{Locale, use_i18n};

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
    let user = use_user();
    let back = current_path();
    let logout = ServerAction::<Logout>::new();
    let version = expect_context::<SessionVersion>().0;
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            version.update(|v| *v += 1);
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

    view! {
        <header class="site-header">
            <div class="header-bar">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let org = user.await.map(|s| s.organisation_name).unwrap_or_default();
                        view! {
                            <a class="brand" href="/">
                                <span class="brand-org">{org}</span>
                                <span class="brand-name">{i18n.t("app-name")}</span>
                            </a>
                        }
                    })}
                </Transition>
                <div class="header-tools">
                    // A plain form: changing the language reloads the page so every text changes.
                    <form method="post" action="/api/preferences/language" class="inline-form">
                        <input type="hidden" name="locale" value=other.code() />
                        <input type="hidden" name="back" prop:value=back value=back.get_untracked() />
                        <button type="submit" class="link-button" lang=other.code()>
                            {other_label}
                        </button>
                    </form>
                    <a href="/display" class="tool-link">{i18n.t("nav-display")}</a>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            match user.await {
                                Ok(SessionInfo { user: Some(me), .. }) => Either::Left(view! {
                                    <span class="whoami">{me.display_name.clone()}</span>
                                    <ActionForm action=logout attr:class="inline-form">
                                        <button type="submit" class="link-button">{i18n.t("logout")}</button>
                                    </ActionForm>
                                }),
                                _ => Either::Right(view! {
                                    <a href="/login" class="tool-link">{i18n.t("login")}</a>
                                }),
                            }
                        })}
                    </Transition>
                </div>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = user.await.ok().and_then(|s| s.user);
                    me.map(|me| {
                        let items = NAVIGATION
                            .iter()
                            .filter(|(_, _, roles)| roles.is_empty() || me.has_any(roles))
                            .map(|(href, key, _)| view! {
                                <li><A href=*href exact=true>{i18n.t(key)}</A></li>
                            })
                            .collect_view();
                        view! {
                            <nav class="main-nav" aria-label=i18n.t("nav-label")>
                                <ul>{items}</ul>
                            </nav>
                        }
                    })
                })}
            </Transition>
        </header>
    }
}
