//! Small building blocks shared by the pages: form fields with accessible error messages, the
//! error summary and notices, the guard that decides what a page shows (`Protected`), and the
//! status pages ("not found", "forbidden").

mod confirm;
#[cfg(feature = "hydrate")]
pub mod dom;
mod guard;
mod keep;
#[cfg(feature = "ssr")]
pub mod safe_markdown;
mod status;

pub use confirm::{CONFIRMED, DangerConfirm, require_confirmation};
pub use guard::{Protected, SessionState, use_session};
pub use keep::KeepInput;
pub use status::{Forbidden, NotFound};

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};

/// Percent-encodes a value for a query string.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Text made safe to stand between tags: `&`, `<` and `>` as character references.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// The translated sentence for an error, with its details filled in.
pub fn error_message(i18n: I18n, error: &AppError) -> String {
    match error {
        AppError::TooManyAttempts {
            retry_after_minutes,
        } => i18n.t_args(
            "error-too-many-attempts-detail",
            [("minutes", (*retry_after_minutes as f64).into())],
        ),
        AppError::Conflict(key) => catalogue_text(i18n, key, "error-conflict"),
        AppError::SignInRefused(key) => catalogue_text(i18n, key, "error-sign-in-refused"),
        other => i18n.t(other.message_key()),
    }
}

/// The catalogue's sentence for a key that came with an error, or `fallback`'s when the
/// catalogue has no such key: an error that reached the page from outside (a form error in the
/// URL) can only ever show the catalogue's own words, never its text.
pub fn catalogue_text(i18n: I18n, key: &str, fallback: &str) -> String {
    if i18n.has(key) {
        i18n.t(key)
    } else {
        i18n.t(fallback)
    }
}

/// The latest error of a server action, or `None` while it succeeded or never ran.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

/// Set when a page shows an error summary, so that its title can say so first ("Fehler: …").
/// The title is written into the page after the body is rendered, so it sees the flag.
#[derive(Clone, Default)]
pub struct FormErrorShown(pub std::sync::Arc<std::sync::atomic::AtomicBool>);

impl FormErrorShown {
    pub fn get(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// An error summary at the top of a form, announced to screen readers. It takes the focus when
/// the page loads (`autofocus`, which needs no script; the redirect of a refused form also
/// points at it with `#form-errors`), so the next Tab leads to the first field to correct.
#[component]
pub fn ErrorSummary(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = use_context::<FormErrorShown>();
    move || {
        error.get().map(|err| {
            if let Some(shown) = &shown {
                shown.0.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            let fields = err
                .field_errors()
                .iter()
                .map(|f| {
                    let href = format!("#field-{}", f.field);
                    view! { <li><a href=href>{catalogue_text(i18n, &f.message, "error-invalid")}</a></li> }
                })
                .collect_view();
            view! {
                <div class="notice notice-error" role="alert" id="form-errors" tabindex="-1" autofocus>
                    <p><strong>{error_message(i18n, &err)}</strong></p>
                    <ul>{fields}</ul>
                </div>
            }
        })
    }
}

/// A success or information notice.
#[component]
pub fn Notice(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="notice notice-success" role="status">
            <p>{text}</p>
        </div>
    }
}

/// The notice of the first flag in the page's query that is set (`?sent`, `?saved` …): what a
/// form that redirects after success shows on the page it lands on, with or without JavaScript.
/// `flags` pairs each query flag with its catalogue key.
pub fn query_notice(flags: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    move || {
        query.with(|q| {
            flags
                .iter()
                .find(|(flag, _)| q.get(flag).is_some())
                .map(|(_, key)| view! { <Notice text=i18n.t(key) /> })
        })
    }
}

fn field_message(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        error.get().and_then(|err| {
            err.field_errors()
                .iter()
                .find(|f| f.field == field)
                .map(|f| catalogue_text(i18n, &f.message, "error-invalid"))
        })
    })
}

/// What a form control inside `field_frame` needs: its id and its ARIA state.
struct FieldAria {
    id: String,
    invalid: Signal<Option<&'static str>>,
    described_by: Signal<Option<String>>,
}

/// Label, hint and error message around one form control; the message is tied to the control
/// with `aria-describedby` and marks it `aria-invalid`.
fn field_frame<V: IntoView + 'static>(
    name: &'static str,
    label: String,
    required: bool,
    hint: Option<String>,
    error: Option<Signal<Option<AppError>>>,
    control: impl FnOnce(FieldAria) -> V,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("field-{name}-error");
    let hint_id = format!("field-{name}-hint");
    let message = error
        .map(|e| field_message(e, name))
        .unwrap_or_else(|| Signal::derive(|| None));
    let has_hint = hint.is_some();
    let described_by = Signal::derive({
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    });
    let control = control(FieldAria {
        id: id.clone(),
        invalid: Signal::derive(move || message.get().is_some().then_some("true")),
        described_by,
    });
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id>{label}{required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {move || message.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            {control}
        </div>
    }
}

/// A labelled input. Its error message is tied to it with `aria-describedby`.
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<AppError>>>,
) -> impl IntoView {
    field_frame(name, label, required, hint, error, move |aria| {
        view! {
            <input
                id=aria.id
                name=name
                type=kind
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                aria-invalid=move || aria.invalid.get()
                aria-describedby=move || aria.described_by.get()
            />
            <KeepInput />
        }
    })
}

/// A labelled multi-line input, with its hint and error tied to it like `TextField`'s.
#[component]
pub fn TextArea(
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<AppError>>>,
) -> impl IntoView {
    // Leptos writes a textarea's content into the HTML without escaping it (it is "raw text"
    // to the HTML parser, like a script's), so a saved `</textarea><script>` would end the field
    // and start markup. On the server the value is escaped here; in the browser it becomes a
    // text node, which needs nothing.
    let value = if cfg!(feature = "ssr") {
        escape_text(&value)
    } else {
        value
    };
    field_frame(name, label, required, hint, error, move |aria| {
        view! {
            <textarea
                id=aria.id
                name=name
                rows="5"
                required=required
                aria-invalid=move || aria.invalid.get()
                aria-describedby=move || aria.described_by.get()
            >{value}</textarea>
            <KeepInput />
        }
    })
}

/// Waits for a server resource and shows `render`'s view of it, or the translated error; the
/// frame every data page shares.
pub fn await_view<T, V, F>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + Send + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Err(err) => leptos::either::Either::Left({
                            error_status(&err);
                            view! {
                            <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p>
                        }}),
                        Ok(value) => leptos::either::Either::Right(render(value)),
                    }
                })
            }}
        </Suspense>
    }
}

/// A page whose data is missing or forbidden answers with that status, not 200, so that links
/// checkers, scripts and tests see what a reader sees.
fn error_status(error: &AppError) {
    #[cfg(feature = "ssr")]
    if matches!(error, AppError::NotFound | AppError::Forbidden)
        && let (Some(options), Ok(status)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            axum::http::StatusCode::from_u16(error.status()),
        )
    {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_text_area_keeps_markup_in_its_value_as_text() {
        let owner = Owner::new();
        owner.set();
        provide_context(crate::i18n::I18n {
            locale: crate::i18n::Locale::De,
        });
        let hostile = "</textarea><script>alert(1)</script>&amp;";
        let html = view! { <TextArea name="about" label="Über mich" value=hostile /> }.to_html();
        assert!(!html.contains("<script>"), "{html}");
        assert_eq!(html.matches("</textarea>").count(), 1, "{html}");
        assert!(
            html.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;"),
            "{html}"
        );
    }
}
