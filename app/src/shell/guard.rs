//! Access control for pages. The server functions check roles themselves; this guard only
//! decides what a page shows: the page, a redirect to the login, or "forbidden".

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{Forbidden, UserResource};
use crate::auth::{CurrentUser, Role, SessionInfo};
use crate::i18n::use_i18n;
use crate::ui::percent_encode;

pub fn use_user() -> Resource<Result<SessionInfo, crate::error::AppError>> {
    expect_context::<UserResource>().0
}

/// Renders `children` with the current user when they are logged in and hold one of `roles`
/// (any logged-in user when `roles` is empty).
#[component]
pub fn Protected<F, IV>(#[prop(optional)] roles: &'static [Role], children: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let user = use_user();
    let location = use_location();
    let i18n = use_i18n();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(SessionInfo { user: Some(me), .. }) if roles.is_empty() || me.has_any(roles) => {
                        EitherOf3::A(children.with_value(|f| f(me)))
                    }
                    Ok(SessionInfo { user: Some(_), .. }) => EitherOf3::B(view! { <Forbidden /> }),
                    _ => {
                        let path = location.pathname.get_untracked();
                        let search = location.search.get_untracked().trim_start_matches('?').to_owned();
                        let here = if search.is_empty() { path } else { format!("{path}?{search}") };
                        let target = format!("/login?next={}", percent_encode(&here));
                        send_to_login(&target);
                        EitherOf3::C(view! {
                            <p><a href=target>{i18n.t("login-required")}</a></p>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

/// On the server a 302 before any byte is sent (the routes render in async mode); in the browser
/// a client-side navigation, e.g. after logging out on a protected page.
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
    {
        let target = target.to_owned();
        request_animation_frame(move || {
            if let Ok(location) = leptos::prelude::window().location().pathname()
                && location != "/login"
            {
                let _ = leptos::prelude::window().location().set_href(&target);
            }
        });
    }
}
