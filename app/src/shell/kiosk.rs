//! The idle clock of a session on a shared device. The server ends such a session after a few
//! idle minutes whatever the browser does; with JavaScript this island also clears the screen:
//! a minute before the end it shows a warning with "Angemeldet bleiben" (WCAG 2.2.1: the person
//! can extend the time with one action), and at the end it goes to the login page, so the next
//! person at the device does not find the previous one's page. The warning and its texts are
//! rendered on the server; the island has no props and reads the seconds from a data attribute.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The warning, hidden until the island shows it.
#[component]
pub fn KioskTimer(seconds: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <KioskClock>
            <div class="kiosk-warning" role="alertdialog" aria-labelledby="kiosk-warning-text"
                data-seconds=seconds.to_string() hidden=true>
                <p id="kiosk-warning-text">{i18n.t("kiosk-warning")}</p>
                <button type="button" class="button-primary kiosk-stay">{i18n.t("kiosk-stay")}</button>
            </div>
        </KioskClock>
    }
}

#[island]
fn KioskClock(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::start();
    children()
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;

    use leptos::prelude::*;
    use wasm_bindgen::JsValue;

    use crate::ui::dom::{call, get, set, text};

    /// The warning comes this long before the end.
    const WARN_BEFORE: i64 = 60;

    thread_local! {
        static TIMERS: RefCell<Vec<TimeoutHandle>> = const { RefCell::new(Vec::new()) };
    }

    pub fn start() {
        let document = get(&window(), "document");
        let warning = call(&document, "querySelector", &[&".kiosk-warning".into()]);
        if warning.is_null() || warning.is_undefined() || get(&warning, "dataset").is_undefined() {
            return;
        }
        let seconds: i64 = text(&get(&warning, "dataset"), "seconds")
            .parse()
            .unwrap_or(600);
        let stay = call(&warning, "querySelector", &[&".kiosk-stay".into()]);
        if !stay.is_null() {
            let warning = warning.clone();
            let handle = window_event_listener(leptos::ev::click, move |ev| {
                let target: Option<JsValue> = ev.target().map(Into::into);
                if target.is_some_and(|t| call(&t, "closest", &[&".kiosk-stay".into()]).is_truthy())
                {
                    let warning = warning.clone();
                    leptos::task::spawn_local(async move {
                        // Any request to the server restarts the session's idle time.
                        if touch().await {
                            set(&warning, "hidden", &true.into());
                            schedule(&warning, seconds);
                        }
                    });
                }
            });
            std::mem::forget(handle);
        }
        schedule(&warning, seconds);
    }

    fn schedule(warning: &JsValue, seconds: i64) {
        TIMERS.with(|timers| {
            for timer in timers.borrow_mut().drain(..) {
                timer.clear();
            }
        });
        let show = {
            let warning = warning.clone();
            move || {
                set(&warning, "hidden", &false.into());
                let stay = call(&warning, "querySelector", &[&".kiosk-stay".into()]);
                if !stay.is_null() {
                    call(&stay, "focus", &[]);
                }
            }
        };
        let end = || {
            let location = get(&window(), "location");
            call(&location, "assign", &[&"/login?timed_out=1".into()]);
        };
        let warn_at = (seconds - WARN_BEFORE).max(0) as u64;
        let handles = [
            set_timeout_with_handle(show, std::time::Duration::from_secs(warn_at)),
            set_timeout_with_handle(end, std::time::Duration::from_secs(seconds.max(1) as u64)),
        ];
        TIMERS.with(|timers| timers.borrow_mut().extend(handles.into_iter().flatten()));
    }

    async fn touch() -> bool {
        use wasm_bindgen::JsCast;
        let init = js_sys::Object::new();
        set(&init, "method", &"POST".into());
        let promise = window().fetch_with_str_and_init("/api/session/info", init.unchecked_ref());
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(response) => get(&response, "ok").is_truthy(),
            Err(_) => false,
        }
    }
}
