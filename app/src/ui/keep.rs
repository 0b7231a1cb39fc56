//! Entries survive a refused form. Forms post to the server and work without JavaScript; when
//! the server refuses an entry, the browser loads the form page again with the error, and the
//! fields would come back empty. With JavaScript, this island keeps what was typed: on sending it
//! notes the form's entries in the tab's `sessionStorage` (never passwords or hidden fields), and
//! when the page comes back with an error it puts them back into the fields the person has not
//! touched since. Without an error the note is dropped. Every text field carries the island
//! (`TextField`, `TextArea`); it acts once per page.

use leptos::prelude::*;

/// The island; it renders nothing visible.
#[island]
pub fn KeepInput() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    browser::start();
}

#[cfg(feature = "hydrate")]
mod browser {
    //! Written against plain JavaScript properties (`ui::dom`), not typed element bindings.

    use std::sync::atomic::{AtomicBool, Ordering};

    use js_sys::{Array, JSON};
    use leptos::prelude::*;
    use wasm_bindgen::JsValue;

    use crate::ui::dom::{call, entries, fields, get, set, text};

    static STARTED: AtomicBool = AtomicBool::new(false);

    /// Never passwords, hidden fields, files or buttons.
    const SKIPPED: &[&str] = &["password", "hidden", "file", "submit", "button"];

    pub fn start() {
        if STARTED.swap(true, Ordering::SeqCst) {
            return;
        }
        let storage = get(&window(), "sessionStorage");
        if storage.is_undefined() || storage.is_null() {
            return;
        }
        restore(&storage);
        let handle = window_event_listener(leptos::ev::submit, move |ev| {
            if let Some(form) = ev.target() {
                let form: JsValue = form.into();
                if text(&form, "tagName") == "FORM" {
                    note(&storage, &form);
                }
            }
        });
        // The listener lives as long as the page.
        std::mem::forget(handle);
    }

    fn pathname() -> String {
        text(&get(&window(), "location"), "pathname")
    }

    fn key(form: &JsValue) -> String {
        let mut key = String::from("fs-keep:");
        key.push_str(&pathname());
        key.push(':');
        key.push_str(&text(form, "action"));
        key
    }

    /// Notes the form's entries, as it sends them.
    fn note(storage: &JsValue, form: &JsValue) {
        if let Ok(json) = JSON::stringify(&entries(form, SKIPPED)) {
            call(storage, "setItem", &[&key(form).into(), &json.into()]);
        }
    }

    /// Puts the noted entries back after a refusal, into fields that still show what the server
    /// wrote; then forgets them. Notes of other pages are stale (the form was accepted, or
    /// left) and go at once.
    fn restore(storage: &JsValue) {
        let mut here = String::from("fs-keep:");
        here.push_str(&pathname());
        here.push(':');
        let count = get(storage, "length").as_f64().unwrap_or(0.0) as u32;
        let keys: Vec<String> = (0..count)
            .filter_map(|i| call(storage, "key", &[&i.into()]).as_string())
            .filter(|k| k.starts_with("fs-keep:"))
            .collect();
        for key in keys.iter().filter(|k| !k.starts_with(&here)) {
            call(storage, "removeItem", &[&key.into()]);
        }
        let document: JsValue = document().into();
        let refused = !call(
            &document,
            "querySelector",
            &[&".notice-error[role=alert]".into()],
        )
        .is_null();
        let forms = Array::from(&call(&document, "querySelectorAll", &[&"form".into()]));
        for form in forms.iter() {
            let key = key(&form);
            let Some(json) = call(storage, "getItem", &[&key.clone().into()]).as_string() else {
                continue;
            };
            call(storage, "removeItem", &[&key.into()]);
            if !refused {
                continue;
            }
            let Ok(entries) = JSON::parse(&json) else {
                continue;
            };
            let noted: Vec<(String, String)> = Array::from(&entries)
                .iter()
                .filter_map(|pair| {
                    let pair = Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect();
            for field in fields(&form)
                .iter()
                .filter(|f| !SKIPPED.contains(&text(f, "type").as_str()))
            {
                put_back(field, &noted);
            }
        }
    }

    /// One field: a box or button is ticked when its value was sent; any other field gets the
    /// sent value, unless the person has changed it since the page came.
    fn put_back(element: &JsValue, entries: &[(String, String)]) {
        let name = text(element, "name");
        if matches!(text(element, "type").as_str(), "checkbox" | "radio") {
            if get(element, "checked").is_truthy() == get(element, "defaultChecked").is_truthy() {
                let value = text(element, "value");
                let sent = entries.iter().any(|(n, v)| *n == name && *v == value);
                set(element, "checked", &sent.into());
            }
            return;
        }
        let Some((_, value)) = entries.iter().find(|(n, _)| *n == name) else {
            return;
        };
        // A select has no `defaultValue`; it is only set where the page left it as written.
        let untouched = match get(element, "defaultValue").as_string() {
            Some(default) => text(element, "value") == default,
            None => true,
        };
        if untouched {
            set(element, "value", &value.into());
        }
    }
}
