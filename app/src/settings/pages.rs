//! The display and language page (open to everyone) and the account settings (logged in).

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{DisplayPrefs, FontSize};
use crate::auth::ChangePassword;
use crate::i18n::{Locale, use_i18n};
use crate::ui::Protected;
use crate::ui::{ErrorSummary, Notice, TextField, action_error};

#[component]
pub fn DisplayPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_context::<DisplayPrefs>().unwrap_or_default();
    let query = use_query_map();
    let back = move || {
        query
            .with(|q| q.get("back"))
            .unwrap_or_else(|| "/display?saved=1".to_owned())
    };
    let saved = move || query.with(|q| q.get("saved").is_some());

    let sizes = FontSize::ALL
        .into_iter()
        .map(|size| {
            let id = format!("font-{}", size.as_str());
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="font_size" value=size.as_str() checked=prefs.font_size == size />
                    <label for=id>{i18n.t(size.label_key())}</label>
                </div>
            }
        })
        .collect_view();
    let languages = Locale::ALL
        .into_iter()
        .map(|locale| {
            let id = format!("lang-{}", locale.code());
            let name = match locale {
                Locale::De => "Deutsch",
                Locale::En => "English",
            };
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="locale" value=locale.code() checked=i18n.locale == locale />
                    <label for=id lang=locale.code()>{name}</label>
                </div>
            }
        })
        .collect_view();

    view! {
        <Title text=i18n.t("display-title") />
        <h1>{i18n.t("display-title")}</h1>
        {move || saved().then(|| view! { <Notice text=i18n.t("display-saved") /> })}
        <p>{i18n.t("display-intro")}</p>
        // Plain forms on purpose: the whole page reloads in the new language or style.
        <form method="post" action="/api/preferences/display" class="stack-form">
            <input type="hidden" name="back" value=back />
            <fieldset>
                <legend>{i18n.t("display-font-size")}</legend>
                {sizes}
            </fieldset>
            <fieldset>
                <legend>{i18n.t("display-contrast")}</legend>
                <div class="choice">
                    <input type="checkbox" id="contrast" name="contrast" value="high" checked=prefs.high_contrast />
                    <label for="contrast">{i18n.t("display-contrast-high")}</label>
                </div>
            </fieldset>
            <button type="submit" class="button-primary">{i18n.t("save")}</button>
        </form>
        <form method="post" action="/api/preferences/language" class="stack-form">
            <input type="hidden" name="back" value=back />
            <fieldset>
                <legend>{i18n.t("display-language")}</legend>
                {languages}
            </fieldset>
            <button type="submit" class="button-primary">{i18n.t("save")}</button>
        </form>
    }
}

#[component]
pub fn SettingsPage(
    /// The newsletter choice (the scouts feature's).
    #[prop(into)]
    newsletter: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    let changed = move || query.with(|q| q.get("password_changed").is_some());

    view! {
        <Title text=i18n.t("settings-title") />
        <Protected children=move |me| view! {
            <h1>{i18n.t("settings-title")}</h1>
            <section aria-labelledby="settings-account">
                <h2 id="settings-account">{i18n.t("settings-account")}</h2>
                <dl class="facts">
                    <dt>{i18n.t("field-name")}</dt>
                    <dd>{me.display_name.clone()}</dd>
                    <dt>{i18n.t("field-email")}</dt>
                    <dd>{me.email.clone()}</dd>
                </dl>
                <p>{i18n.t("settings-account-hint")}</p>
                <p><a href="/display">{i18n.t("settings-display-link")}</a></p>
            </section>
            {newsletter.run()}
            <section aria-labelledby="settings-password">
                <h2 id="settings-password">{i18n.t("settings-password")}</h2>
                {move || if changed() {
                    Either::Left(view! { <Notice text=i18n.t("settings-password-changed") /> })
                } else {
                    Either::Right(())
                }}
                <ErrorSummary error />
                <ActionForm action=change attr:class="stack-form">
                    <TextField name="current_password" label=i18n.t("field-current-password") kind="password"
                        autocomplete="current-password" required=true error />
                    <TextField name="new_password" label=i18n.t("field-new-password") kind="password"
                        autocomplete="new-password" required=true hint=i18n.t("password-rules") error />
                    <TextField name="new_password_repeat" label=i18n.t("field-password-repeat") kind="password"
                        autocomplete="new-password" required=true error />
                    <button type="submit" class="button-primary">{i18n.t("settings-password-submit")}</button>
                </ActionForm>
            </section>
        } />
    }
}
