//! The file editor's island. The editor is a plain form that works without JavaScript (saving
//! shows the saved lesson's preview); with JavaScript this island, wrapped around it, does two
//! things:
//!
//! - While a lesson is typed, it asks the server for the preview (`preview_lesson`, the same
//!   renderer and checks as the learners' page and `content check`) once the typing pauses, and
//!   puts it under the form with the problems it finds.
//! - A problem's link (`a[data-line]`) puts the cursor on that line of the text field instead of
//!   only jumping to the numbered view.
//!
//! Like the quiz's autosave it has no props: it reads the form's fields and data attributes,
//! which the server rendered with their texts, and uses plain JavaScript properties (`ui::dom`),
//! so that it adds little to the bundle every learner downloads.

use leptos::prelude::*;

/// The id of the editor's text field.
pub const TEXT_FIELD: &str = "field-text";

#[island]
pub fn EditorTools(children: Children) -> impl IntoView {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    view! {
        <div class="file-editor" on:input=move |ev| preview_soon(&ev, pending) on:click=move |ev| jump_to_line(&ev)>
            {children()}
        </div>
    }
}

/// The span of line `line` (from 1) of `text`, in UTF-16 code units as a text field counts
/// them, without its line break.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn line_span_utf16(text: &str, line: usize) -> Option<(u32, u32)> {
    let mut start = 0u32;
    for (index, content) in text.split('\n').enumerate() {
        let length = content.encode_utf16().count() as u32;
        if index + 1 == line {
            return Some((start, start + length));
        }
        start += length + 1;
    }
    None
}

/// Fills `{name}` in a text the server rendered into a data attribute.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

#[allow(unused_variables)]
fn preview_soon(ev: &leptos::ev::Event, pending: StoredValue<Option<TimeoutHandle>>) {
    #[cfg(feature = "hydrate")]
    {
        use crate::ui::dom::{call, text};
        use wasm_bindgen::JsValue;
        let Some(target) = ev.target().map(JsValue::from) else {
            return;
        };
        if text(&target, "id") != TEXT_FIELD {
            return;
        }
        let form = call(&target, "closest", &[&"form[data-preview]".into()]);
        if form.is_null() || form.is_undefined() {
            return;
        }
        if let Some(previous) = pending.get_value() {
            previous.clear();
        }
        let handle = set_timeout_with_handle(
            move || leptos::task::spawn_local(browser::refresh(form)),
            std::time::Duration::from_millis(600),
        );
        pending.set_value(handle.ok());
    }
}

#[allow(unused_variables)]
fn jump_to_line(ev: &leptos::ev::MouseEvent) {
    #[cfg(feature = "hydrate")]
    {
        use crate::ui::dom::{call, get, set, text};
        use wasm_bindgen::JsValue;
        let Some(target) = ev.target().map(JsValue::from) else {
            return;
        };
        let link = call(&target, "closest", &[&"a[data-line]".into()]);
        if link.is_null() || link.is_undefined() {
            return;
        }
        let field = call(
            &get(&window(), "document"),
            "getElementById",
            &[&TEXT_FIELD.into()],
        );
        if field.is_null() || field.is_undefined() || get(&field, "readOnly").is_truthy() {
            return;
        }
        let Ok(line) = text(&get(&link, "dataset"), "line").parse::<usize>() else {
            return;
        };
        let value = text(&field, "value");
        let Some((start, end)) = line_span_utf16(&value, line) else {
            return;
        };
        ev.prevent_default();
        call(&field, "focus", &[]);
        call(&field, "setSelectionRange", &[&start.into(), &end.into()]);
        // Browsers do not all scroll a text field to its selection: the line's share of the
        // text is close enough for lines that do not wrap much.
        let lines = value.split('\n').count().max(1) as f64;
        let height = get(&field, "scrollHeight").as_f64().unwrap_or(0.0);
        let visible = get(&field, "clientHeight").as_f64().unwrap_or(0.0);
        let top = (height * (line as f64 - 1.0) / lines - visible / 3.0).max(0.0);
        set(&field, "scrollTop", &top.into());
        let options = js_sys::Object::new();
        set(&options, "block", &"center".into());
        call(&field, "scrollIntoView", &[&options]);
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;

    use js_sys::{Array, JSON};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    use super::{TEXT_FIELD, fill};
    use crate::ui::dom::{call, get, set, text};

    thread_local! {
        /// The latest preview asked for; an older answer that arrives later is dropped.
        static LATEST: Cell<u32> = const { Cell::new(0) };
    }

    fn by_id(id: &str) -> JsValue {
        call(&get(&window(), "document"), "getElementById", &[&id.into()])
    }

    fn present(element: &JsValue) -> bool {
        !(element.is_null() || element.is_undefined())
    }

    /// `name=value&…` as a form sends it.
    fn form_body(fields: &[(&str, String)]) -> String {
        fields
            .iter()
            .map(|(name, value)| {
                let value: String = js_sys::encode_uri_component(value).into();
                format!("{name}={value}")
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    fn field(form: &JsValue, name: &str) -> String {
        let element = call(
            form,
            "querySelector",
            &[&format!("[name=\"{name}\"]").into()],
        );
        text(&element, "value")
    }

    pub async fn refresh(form: JsValue) {
        let ticket = LATEST.with(|latest| {
            latest.set(latest.get().wrapping_add(1));
            latest.get()
        });
        let url = text(&get(&form, "dataset"), "preview");
        let body = form_body(&[
            ("module", field(&form, "module")),
            ("number", field(&form, "number")),
            ("path", field(&form, "path")),
            ("text", text(&by_id(TEXT_FIELD), "value")),
        ]);
        let answer = post(&url, &body).await;
        if LATEST.with(Cell::get) != ticket {
            return;
        }
        let state = by_id("preview-state");
        let Some(preview) = answer else {
            show_state(&state, "failed", None);
            return;
        };
        let html = get(&preview, "html");
        let area = by_id("lesson-preview");
        if present(&area) {
            set(&area, "innerHTML", &html);
        }
        let problems = Array::from(&get(&preview, "problems"));
        let list = by_id("preview-problems");
        if present(&list) {
            set(&list, "textContent", &"".into());
            let template = text(&get(&list, "dataset"), "line");
            let document = get(&window(), "document");
            for problem in problems.iter() {
                let line = get(&problem, "line").as_f64().unwrap_or(0.0) as u64;
                let message = text(&problem, "message");
                let item = call(&document, "createElement", &[&"li".into()]);
                let place = if line > 0 {
                    format!("{}: ", fill(&template, "line", &line.to_string()))
                } else {
                    String::new()
                };
                set(&item, "textContent", &format!("{place}{message}").into());
                call(&list, "appendChild", &[&item]);
            }
        }
        let count = problems.length();
        if count == 0 {
            show_state(&state, "ok", None);
        } else {
            show_state(&state, "problems", Some(count));
        }
    }

    /// The sentence under the preview, changed only when it says something new, so that a
    /// screen reader does not repeat it at every pause in the typing.
    fn show_state(state: &JsValue, key: &str, count: Option<u32>) {
        if !present(state) {
            return;
        }
        let template = text(&get(state, "dataset"), key);
        let sentence = match count {
            Some(count) => fill(&template, "count", &count.to_string()),
            None => template,
        };
        if text(state, "textContent") != sentence {
            set(state, "textContent", &sentence.into());
        }
    }

    /// POSTs a form body to a server function; its JSON answer, if it succeeded.
    async fn post(url: &str, body: &str) -> Option<JsValue> {
        let headers = js_sys::Object::new();
        set(
            &headers,
            "Content-Type",
            &"application/x-www-form-urlencoded".into(),
        );
        set(&headers, "Accept", &"application/json".into());
        let init = js_sys::Object::new();
        set(&init, "method", &"POST".into());
        set(&init, "body", &body.into());
        set(&init, "headers", &headers);
        let window = web_sys::window()?;
        let response = wasm_bindgen_futures::JsFuture::from(
            window.fetch_with_str_and_init(url, init.unchecked_ref()),
        )
        .await
        .ok()?;
        if !get(&response, "ok").is_truthy() {
            return None;
        }
        let promise: js_sys::Promise = call(&response, "text", &[]).dyn_into().ok()?;
        let body = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
        JSON::parse(&body.as_string()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_found_in_utf16_units_without_its_break() {
        let text = "eins\nzwei ä\n\n😀 vier\n";
        assert_eq!(line_span_utf16(text, 1), Some((0, 4)));
        assert_eq!(line_span_utf16(text, 2), Some((5, 11)));
        assert_eq!(line_span_utf16(text, 3), Some((12, 12)));
        // The emoji is two UTF-16 units.
        assert_eq!(line_span_utf16(text, 4), Some((13, 20)));
        assert_eq!(line_span_utf16(text, 5), Some((21, 21)));
        assert_eq!(line_span_utf16(text, 6), None);
        assert_eq!(line_span_utf16(text, 0), None);
    }

    #[test]
    fn templates_are_filled() {
        assert_eq!(fill("Zeile {line}", "line", "7"), "Zeile 7");
        assert_eq!(fill("{count} Fehler", "count", "2"), "2 Fehler");
    }
}
