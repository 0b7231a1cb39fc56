//! The frame of a destructive or mass action (erase, delete, deactivate many): a box that says in
//! words what will happen, a checkbox "Ich habe verstanden …" that must be ticked, and a red
//! button. The browser refuses the form while the box is unticked (`required`); the server
//! checks it again with `require_confirmation`, so it holds without JavaScript and against
//! hand-made requests too, and answers 422 with the error on the checkbox.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::use_i18n;

use super::catalogue_text;

/// The value a ticked confirmation sends. A browser sends a checkbox only when it is ticked, so
/// any value counts; a missing or empty one does not.
pub const CONFIRMED: &str = "on";

/// The server's half: `Err` (422, on `field`) unless the form's checkbox `field` was ticked.
pub fn require_confirmation(field: &str, value: Option<&str>) -> Result<(), AppError> {
    if value.is_some_and(|v| !v.trim().is_empty()) {
        Ok(())
    } else {
        Err(AppError::invalid(field, "confirm-required"))
    }
}

/// Consequence, required checkbox and red submit button, for the inside of a form.
///
/// `name` is the checkbox's field; its id is `field-{name}` (the error summary links there)
/// unless `id` gives another one, for pages with several such forms.
#[component]
pub fn DangerConfirm(
    name: &'static str,
    /// What will happen, in words ("140 Personen werden deaktiviert, 5 bleiben aktiv.").
    #[prop(into)]
    consequence: String,
    /// The checkbox's label: "Ich habe verstanden, dass …".
    #[prop(into)]
    confirm: String,
    /// The button's text: the action, not "OK".
    #[prop(into)]
    submit: String,
    #[prop(optional, into)] id: Option<String>,
    /// `name=value` of the button, for forms with several buttons.
    #[prop(optional)]
    button: Option<(&'static str, &'static str)>,
    #[prop(optional, into)] error: Option<Signal<Option<AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let consequence_id = format!("{id}-consequence");
    let error_id = format!("{id}-error");
    let message = Signal::derive(move || {
        error.and_then(|e| e.get()).and_then(|err| {
            err.field_errors()
                .iter()
                .find(|f| f.field == name)
                .map(|f| catalogue_text(i18n, &f.message, "confirm-required"))
        })
    });
    let described_by = {
        let (consequence_id, error_id) = (consequence_id.clone(), error_id.clone());
        move || {
            if message.get().is_some() {
                format!("{consequence_id} {error_id}")
            } else {
                consequence_id.clone()
            }
        }
    };
    let (button_name, button_value) = button.unzip();
    view! {
        <div class="danger-zone" class:field-invalid=move || message.get().is_some()>
            <p class="danger-consequence" id=consequence_id>
                <span class="danger-sign" aria-hidden="true">"⚠ "</span>
                <strong>{consequence}</strong>
            </p>
            {move || message.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            <div class="choice">
                <input type="checkbox" id=id.clone() name=name value=CONFIRMED required=true
                    aria-describedby=described_by
                    aria-invalid=move || message.get().is_some().then_some("true") />
                <label for=id.clone()>{confirm}</label>
            </div>
            <button type="submit" class="button-danger" name=button_name value=button_value>{submit}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_ticked_box_confirms() {
        assert_eq!(require_confirmation("confirm", Some("on")), Ok(()));
        assert_eq!(require_confirmation("confirm", Some("1")), Ok(()));
        for value in [None, Some(""), Some(" ")] {
            let refused = require_confirmation("confirm", value);
            assert_eq!(
                refused,
                Err(AppError::invalid("confirm", "confirm-required")),
                "{value:?}"
            );
            assert_eq!(refused.err().map(|e| e.status()), Some(422));
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_box_is_required_and_the_button_red() {
        let owner = Owner::new();
        owner.set();
        provide_context(crate::i18n::I18n {
            locale: crate::i18n::Locale::De,
        });
        let html = view! {
            <DangerConfirm name="confirm" consequence="140 Personen werden deaktiviert."
                confirm="Ich habe verstanden." submit="Übernehmen" />
        }
        .to_html();
        assert!(html.contains("required"), "{html}");
        assert!(html.contains("class=\"button-danger\""), "{html}");
        assert!(
            html.contains("aria-describedby=\"field-confirm-consequence\""),
            "{html}"
        );
    }
}
