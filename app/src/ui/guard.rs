//! Access control for pages. The server functions check roles themselves; this guard only
//! decides what a page shows: the page, a redirect to the login, or "forbidden".

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{Forbidden, percent_encode};
use crate::i18n::use_i18n;
use crate::identity::{CurrentUser, Role, SessionInfo};

/// The visit's session, shared by header, guard and pages. Changed in the browser after a
/// logout; a login loads the next page from the server.
#[derive(Clone, Copy)]
pub struct SessionState(pub RwSignal<SessionInfo>);

pub fn use_session() -> RwSignal<SessionInfo> {
    expect_context::<SessionState>().0
}

/// Renders `children` with the current user when they are logged in and hold one of `roles`
/// (any logged-in user when `roles` is empty).
#[component]
pub fn Protected<F, IV>(#[prop(optional)] roles: &'static [Role], children: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let session = use_session();
    let location = use_location();
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    move || match session.with(|s: &SessionInfo| s.user.clone()) {
        Some(me) if roles.is_empty() || me.has_any(roles) => {
            EitherOf3::A(children.with_value(|f| f(me)))
        }
        Some(_) => EitherOf3::B(view! { <Forbidden /> }),
        None => {
            let path = location.pathname.get_untracked();
            let search = location
                .search
                .get_untracked()
                .trim_start_matches('?')
                .to_owned();
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            };
            let target = format!("/login?next={}", percent_encode(&here));
            send_to_login(&target);
            EitherOf3::C(view! {
                <p><a href=target>{i18n.t("login-required")}</a></p>
            })
        }
    }
}

/// A 302 before any byte is sent (the routes render in async mode). Pages render only on the
/// server (islands), so there is no browser side to this.
fn send_to_login(target: &str) {
    // A page request: always a real 302, whatever the Accept header says.
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(location)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(target),
    ) {
        options.insert_header(axum::http::header::LOCATION, location);
        options.set_status(axum::http::StatusCode::FOUND);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = target;
}
