//! Plain JavaScript property access for the islands (browser only). The islands use these few
//! calls instead of typed element bindings: each typed binding adds to the bundle that every
//! learner downloads for the quiz.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `target[key]`
pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key]` as a string ("" when it is none).
pub fn text(target: &JsValue, key: &str) -> String {
    get(target, key).as_string().unwrap_or_default()
}

/// `target[key] = value`
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// `target.method(args…)`
pub fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> JsValue {
    let Some(function) = get(target, method).dyn_ref::<Function>().cloned() else {
        return JsValue::UNDEFINED;
    };
    let list = Array::new();
    for arg in args {
        list.push(arg);
    }
    Reflect::apply(&function, target, &list).unwrap_or(JsValue::UNDEFINED)
}

/// The fields of a form, in document order.
pub fn fields(form: &JsValue) -> Vec<JsValue> {
    let nodes = call(
        form,
        "querySelectorAll",
        &[&"input, textarea, select".into()],
    );
    Array::from(&nodes).iter().collect()
}

/// `[[name, value], …]` as the form would send them (named, enabled fields; boxes and buttons
/// only when ticked), leaving out fields of the `skipped` types.
pub fn entries(form: &JsValue, skipped: &[&str]) -> Array {
    let list = Array::new();
    for field in fields(form) {
        let kind = text(&field, "type");
        let name = text(&field, "name");
        if name.is_empty()
            || get(&field, "disabled").is_truthy()
            || skipped.contains(&kind.as_str())
        {
            continue;
        }
        if matches!(kind.as_str(), "checkbox" | "radio") && !get(&field, "checked").is_truthy() {
            continue;
        }
        list.push(&Array::of2(&name.into(), &get(&field, "value")));
    }
    list
}
