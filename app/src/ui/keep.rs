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
    use std::sync::atomic::{AtomicBool, Ordering};

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{
        Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Storage,
    };

    static STARTED: AtomicBool = AtomicBool::new(false);

    pub fn start() {
        if STARTED.swap(true, Ordering::SeqCst) {
            return;
        }
        let Some(storage) = window().session_storage().ok().flatten() else {
            return;
        };
        restore(&storage);
        let handle = window_event_listener(leptos::ev::submit, move |ev| {
            if let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
            {
                note(&storage, &form);
            }
        });
        // The listener lives as long as the page.
        std::mem::forget(handle);
    }

    fn key(form: &HtmlFormElement) -> String {
        let path = window().location().pathname().unwrap_or_default();
        format!("fs-keep:{path}:{}", form.action())
    }

    fn kept(element: &Element) -> bool {
        !matches!(
            element.get_attribute("type").as_deref(),
            Some("password" | "hidden" | "file" | "submit" | "button")
        ) && element.has_attribute("name")
    }

    /// `[[name, value], …]` of the form's entries, without passwords and hidden fields.
    fn note(storage: &Storage, form: &HtmlFormElement) {
        let Ok(data) = web_sys::FormData::new_with_form(form) else {
            return;
        };
        let skipped: Vec<String> = elements(form)
            .iter()
            .filter(|el| !kept(el))
            .filter_map(|el| el.get_attribute("name"))
            .collect();
        let entries = js_sys::Array::new();
        if let Ok(Some(iter)) = js_sys::try_iter(&data) {
            for entry in iter.flatten() {
                let pair: js_sys::Array = entry.unchecked_into();
                let name = pair.get(0).as_string().unwrap_or_default();
                if pair.get(1).is_string() && !skipped.contains(&name) {
                    entries.push(&pair);
                }
            }
        }
        if let Ok(json) = js_sys::JSON::stringify(&entries)
            && let Some(json) = json.as_string()
        {
            let _ = storage.set_item(&key(form), &json);
        }
    }

    fn elements(form: &HtmlFormElement) -> Vec<Element> {
        let mut list = Vec::new();
        if let Ok(nodes) = form.query_selector_all("input, textarea, select") {
            for index in 0..nodes.length() {
                if let Some(el) = nodes.get(index).and_then(|n| n.dyn_into::<Element>().ok()) {
                    list.push(el);
                }
            }
        }
        list
    }

    /// Puts the noted entries back after a refusal, into fields that still show what the server
    /// wrote; then forgets them.
    fn restore(storage: &Storage) {
        // Notes of other pages are stale (the form was accepted, or left): gone at once.
        let here = format!(
            "fs-keep:{}:",
            window().location().pathname().unwrap_or_default()
        );
        let count = storage.length().unwrap_or(0);
        let stale: Vec<String> = (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("fs-keep:") && !k.starts_with(&here))
            .collect();
        for key in stale {
            let _ = storage.remove_item(&key);
        }
        let document = document();
        let refused = document
            .query_selector(".notice-error[role=alert]")
            .ok()
            .flatten()
            .is_some();
        let Ok(forms) = document.query_selector_all("form") else {
            return;
        };
        for index in 0..forms.length() {
            let Some(form) = forms
                .get(index)
                .and_then(|n| n.dyn_into::<HtmlFormElement>().ok())
            else {
                continue;
            };
            let key = key(&form);
            let Ok(Some(json)) = storage.get_item(&key) else {
                continue;
            };
            let _ = storage.remove_item(&key);
            if !refused {
                continue;
            }
            let Ok(entries) = js_sys::JSON::parse(&json) else {
                continue;
            };
            let entries: Vec<(String, String)> = js_sys::Array::from(&entries)
                .iter()
                .filter_map(|pair| {
                    let pair = js_sys::Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect();
            for element in elements(&form).into_iter().filter(kept) {
                put_back(&element, &entries);
            }
        }
    }

    fn put_back(element: &Element, entries: &[(String, String)]) {
        let name = element.get_attribute("name").unwrap_or_default();
        let first = entries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone());
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "checkbox" | "radio" => {
                    if input.checked() == input.default_checked() {
                        let value = input.value();
                        input.set_checked(entries.iter().any(|(n, v)| *n == name && *v == value));
                    }
                }
                _ => {
                    if let Some(value) = first
                        && input.value() == input.default_value()
                    {
                        input.set_value(&value);
                    }
                }
            }
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(value) = first
                && area.default_value().is_ok_and(|d| d == area.value())
            {
                area.set_value(&value);
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>()
            && let Some(value) = first
        {
            select.set_value(&value);
        }
    }
}
