//! The pages of sign-in letters and of the sign-in settings.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{CodeLogin, SaveSignInSettings, get_sign_in_settings, letter_candidates};
use crate::auth::pages::KioskChoice;
use crate::auth::{SignInChoices, sign_in_options};
use crate::i18n::use_i18n;
use crate::ui::{ErrorSummary, Notice, TextField, action_error, await_view};

/// Sign-in with the code of a sign-in letter; the letter's QR code opens this page with the code
/// filled in.
#[component]
pub fn CodeLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let options = Resource::new(|| (), |_| sign_in_options());
    let code = move || query.with(|q| q.get("code")).unwrap_or_default();
    let login = ServerAction::<CodeLogin>::new();
    let error = action_error(login);
    view! {
        <Title text=i18n.t("code-login-title") />
        <div class="narrow">
            <h1>{i18n.t("code-login-title")}</h1>
            <p>{i18n.t("code-login-intro")}</p>
            <ErrorSummary error />
            {await_view(options, move |options: SignInChoices| view! {
                <ActionForm action=login attr:class="stack-form">
                    <TextField name="code" label=i18n.t("field-letter-code") autocomplete="off" required=true
                        value=code() hint=i18n.t("code-login-hint") error />
                    <KioskChoice device=options.kiosk_device id="kiosk-code" />
                    <button type="submit" class="button-primary">{i18n.t("login-submit")}</button>
                </ActionForm>
            })}
            <p><a href="/login">{i18n.t("back-to-login")}</a></p>
        </div>
    }
}

/// Sign-in letters: HR, administrators and scouts find the person and print a letter with a
/// one-time code (a PDF download; the older letters of the person stop working).
#[component]
pub fn LettersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("letters-title") />
        <crate::ui::Protected roles=&[crate::auth::Role::Hr, crate::auth::Role::Scout, crate::auth::Role::Admin]
            children=move |_| view! { <LetterList /> } />
    }
}

#[component]
fn LetterList() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q")).filter(|s| !s.trim().is_empty());
    let people = Resource::new(search, letter_candidates);
    view! {
        <h1>{i18n.t("letters-title")}</h1>
        <p>{i18n.t("letters-intro")}</p>
        <form method="get" action="/letters" class="stack-form" role="search">
            <TextField name="q" label=i18n.t("letters-search") value=search().unwrap_or_default() />
            <button type="submit">{i18n.t("letters-search-submit")}</button>
        </form>
        {await_view(people, move |people: Vec<super::LetterCandidate>| {
            if people.is_empty() {
                return leptos::either::Either::Left(view! { <p>{i18n.t("letters-none")}</p> });
            }
            let rows = people.into_iter().map(|p| {
                // The visible words first, then whose letter it is (for screen readers).
                let whose = i18n.t_args("letters-print-for", [("name", p.name.clone().into())]);
                view! {
                    <tr>
                        <th scope="row">{p.name.clone()}</th>
                        <td>{p.personnel_number.unwrap_or_default()}</td>
                        <td>{p.department.unwrap_or_default()}</td>
                        <td>{if p.has_email { i18n.t("letters-has-email") } else { i18n.t("letters-no-email") }}</td>
                        <td>
                            <form method="post" action=format!("/letters/{}", p.id) class="inline-form">
                                <button type="submit">{i18n.t("letters-print")}<span class="visually-hidden">" "{whose}</span></button>
                            </form>
                        </td>
                    </tr>
                }
            }).collect_view();
            leptos::either::Either::Right(view! {
                <div class="table-scroll">
                    <table>
                        <caption class="visually-hidden">{i18n.t("letters-title")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("field-name")}</th>
                            <th scope="col">{i18n.t("field-personnel-number")}</th>
                            <th scope="col">{i18n.t("home-department")}</th>
                            <th scope="col">{i18n.t("field-email")}</th>
                            <th scope="col"><span class="visually-hidden">{i18n.t("letters-print")}</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })
        })}
        <p class="hint">{i18n.t("letters-validity")}</p>
    }
}

/// How people sign in: local passwords for everyone or only for the break-glass administrator,
/// and the configured single sign-on and directory (with the redirect URI to register).
#[component]
pub fn SignInSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("sign-in-settings-title") />
        <crate::ui::Protected roles=&[crate::auth::Role::Admin] children=move |_| view! { <SignInSettingsForm /> } />
    }
}

#[component]
fn SignInSettingsForm() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let settings = Resource::new(|| (), |_| get_sign_in_settings());
    let save = ServerAction::<SaveSignInSettings>::new();
    let error = action_error(save);
    let saved = move || query.with(|q| q.get("saved").is_some());
    view! {
        <h1>{i18n.t("sign-in-settings-title")}</h1>
        {move || saved().then(|| view! { <Notice text=i18n.t("sign-in-settings-saved") /> })}
        <ErrorSummary error />
        {await_view(settings, move |s: super::SignInSettings| {
            let choices = s.administrators.iter().map(|(id, label)| {
                let selected = s.break_glass == Some(*id);
                view! { <option value=id.to_string() selected=selected>{label.clone()}</option> }
            }).collect_view();
            view! {
                <dl class="facts">
                    <dt>{i18n.t("sign-in-settings-oidc")}</dt>
                    <dd>{s.oidc_issuer.clone().unwrap_or_else(|| i18n.t("sign-in-settings-off"))}</dd>
                    <dt>{i18n.t("sign-in-settings-redirect")}</dt>
                    <dd><code>{s.oidc_redirect_uri.clone()}</code></dd>
                    <dt>{i18n.t("sign-in-settings-ldap")}</dt>
                    <dd>{s.ldap_url.clone().unwrap_or_else(|| i18n.t("sign-in-settings-off"))}</dd>
                </dl>
                <ActionForm action=save attr:class="stack-form">
                    <div class="choice">
                        <input type="checkbox" id="field-local_passwords" name="local_passwords" value="1" checked=s.local_passwords />
                        <label for="field-local_passwords">{i18n.t("sign-in-settings-local")}</label>
                    </div>
                    <p class="hint">{i18n.t("sign-in-settings-local-hint")}</p>
                    <div class="field">
                        <label for="field-break_glass">{i18n.t("sign-in-settings-break-glass")}</label>
                        <select id="field-break_glass" name="break_glass">
                            <option value="">{i18n.t("sign-in-settings-break-glass-none")}</option>
                            {choices}
                        </select>
                    </div>
                    <button type="submit" class="button-primary">{i18n.t("save")}</button>
                </ActionForm>
            }
        })}
    }
}
