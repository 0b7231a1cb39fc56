//! Login, "forgot password" and "set password" pages.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    DirectoryLogin, Login, RequestPasswordReset, SetPassword, SetSharedDevice, SignInChoices,
    sign_in_options, token_status,
};
use crate::i18n::use_i18n;
use crate::ui::{ErrorSummary, Notice, TextField, action_error, await_view};

/// The sign-in page: the city's account (OpenID provider), the directory's password, or a local
/// password, as configured; a one-time code from a letter; and whether this is a shared device.
/// `?local=1` shows the local password form alone (the break-glass administrator's way in when
/// local passwords are switched off).
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let options = Resource::new(|| (), |_| sign_in_options());
    let next = move || {
        query
            .with(|q| q.get("next"))
            .unwrap_or_else(|| "/".to_owned())
    };
    let local_only = move || query.with(|q| q.get("local").is_some());
    let notice = move || {
        query.with(|q| {
            if q.get("logged_out").is_some() {
                Some(i18n.t("login-logged-out"))
            } else if q.get("timed_out").is_some() {
                Some(i18n.t("login-timed-out"))
            } else if q.get("password_set").is_some() {
                Some(i18n.t("login-password-set"))
            } else {
                None
            }
        })
    };

    view! {
        <Title text=i18n.t("login-title") />
        <div class="narrow">
            <h1>{i18n.t("login-title")}</h1>
            {move || notice().map(|text| view! { <Notice text /> })}
            {await_view(options, move |options: SignInChoices| {
                let local_only = local_only();
                let kiosk_device = options.kiosk_device;
                let oidc = options.oidc_label.clone().filter(|_| !local_only).map(|label| {
                    let label = if label.is_empty() { i18n.t("login-oidc-button") } else { label };
                    view! {
                        <section aria-labelledby="login-oidc" class="sign-in-way">
                            <h2 id="login-oidc">{i18n.t("login-oidc-title")}</h2>
                            <form method="get" action="/auth/oidc/start" class="stack-form">
                                <input type="hidden" name="next" value=next />
                                <KioskChoice device=kiosk_device id="kiosk-oidc" />
                                <button type="submit" class="button-primary">{label}</button>
                            </form>
                        </section>
                    }
                });
                let ldap = options.ldap_label.clone().filter(|_| !local_only).map(|label| {
                    let label = if label.is_empty() { i18n.t("field-directory-login") } else { label };
                    view! { <DirectoryForm label next=next() kiosk_device /> }
                });
                let show_local = local_only || (options.ldap_label.is_none() && options.local_passwords);
                let local = show_local.then(|| view! { <LocalForm next=next() kiosk_device /> });
                let other_ways = (!local_only && !show_local).then(|| {
                    let key = if options.local_passwords { "login-local-link" } else { "login-break-glass-link" };
                    view! { <p><a href="/login?local=1">{i18n.t(key)}</a></p> }
                });
                view! {
                    {oidc}
                    {ldap}
                    {local}
                    <section aria-labelledby="login-more" class="sign-in-more">
                        <h2 id="login-more">{i18n.t("login-more-title")}</h2>
                        <p><a href="/login/code">{i18n.t("login-code-link")}</a></p>
                        {other_ways}
                        {local_only.then(|| view! { <p><a href="/login">{i18n.t("login-all-ways")}</a></p> })}
                        <p><a href="/device">{i18n.t("login-device-link")}</a></p>
                    </section>
                }
            })}
        </div>
    }
}

/// "Shared device": the session ends after a few idle minutes and the browser keeps nothing.
/// On a browser marked as shared it is always so, and says so.
#[component]
pub fn KioskChoice(device: bool, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    if device {
        leptos::either::Either::Left(view! { <p class="hint">{i18n.t("login-kiosk-device")}</p> })
    } else {
        leptos::either::Either::Right(view! {
            <div class="choice">
                <input type="checkbox" id=id name="kiosk" value="1" />
                <label for=id>{i18n.t("login-kiosk")}</label>
            </div>
        })
    }
}

#[component]
fn LocalForm(next: String, kiosk_device: bool) -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    view! {
        <section aria-labelledby="login-local" class="sign-in-way">
            <h2 id="login-local">{i18n.t("login-local-title")}</h2>
            <p>{i18n.t("login-intro")}</p>
            <ErrorSummary error />
            <ActionForm action=login attr:class="stack-form">
                <input type="hidden" name="next" value=next />
                <TextField name="email" label=i18n.t("field-login") autocomplete="username" required=true error />
                <TextField name="password" label=i18n.t("field-password") kind="password" autocomplete="current-password" required=true error />
                <KioskChoice device=kiosk_device id="kiosk-local" />
                <button type="submit" class="button-primary">{i18n.t("login-submit")}</button>
            </ActionForm>
            <p><a href="/password/forgot">{i18n.t("login-forgot")}</a></p>
        </section>
    }
}

#[component]
fn DirectoryForm(label: String, next: String, kiosk_device: bool) -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<DirectoryLogin>::new();
    let error = action_error(login);
    view! {
        <section aria-labelledby="login-directory" class="sign-in-way">
            <h2 id="login-directory">{i18n.t("login-directory-title")}</h2>
            <ErrorSummary error />
            <ActionForm action=login attr:class="stack-form">
                <input type="hidden" name="next" value=next />
                <TextField name="login" label=label autocomplete="username" required=true error />
                <TextField name="password" label=i18n.t("field-password") kind="password" autocomplete="current-password" required=true error />
                <KioskChoice device=kiosk_device id="kiosk-directory" />
                <button type="submit" class="button-primary">{i18n.t("login-submit")}</button>
            </ActionForm>
        </section>
    }
}

/// Why a sign-in with the city's account did not work. Answers 403 (or 400 for a broken answer
/// of the provider), in words the person can act on.
#[component]
pub fn SignInRefusedPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let reason = query
        .with_untracked(|q| q.get("reason"))
        .unwrap_or_default();
    let key = format!("sign-in-{reason}");
    let known = i18n.has(&key) && REFUSAL_REASONS.contains(&reason.as_str());
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        let status = if matches!(
            reason.as_str(),
            "state-invalid" | "token-invalid" | "provider-error"
        ) || !known
        {
            axum::http::StatusCode::BAD_REQUEST
        } else if reason == "provider-unreachable" || reason == "directory-unreachable" {
            axum::http::StatusCode::BAD_GATEWAY
        } else if reason == "too-many" {
            axum::http::StatusCode::TOO_MANY_REQUESTS
        } else {
            axum::http::StatusCode::FORBIDDEN
        };
        options.set_status(status);
    }
    let text = if known {
        i18n.t(&key)
    } else {
        i18n.t("error-sign-in-refused")
    };
    view! {
        <Title text=i18n.t("sign-in-refused-title") />
        <div class="narrow">
            <h1>{i18n.t("sign-in-refused-title")}</h1>
            <div class="notice notice-error" role="alert"><p>{text}</p></div>
            <p>{i18n.t("sign-in-refused-help")}</p>
            <p><a href="/login">{i18n.t("back-to-login")}</a></p>
        </div>
    }
}

/// The reasons the refusal page explains (`sign-in-<reason>` in the catalogues).
pub const REFUSAL_REASONS: &[&str] = &[
    "state-invalid",
    "token-invalid",
    "provider-error",
    "provider-unreachable",
    "directory-unreachable",
    "unknown-person",
    "account-inactive",
    "identity-conflict",
    "name-missing",
    "local-passwords-off",
    "not-configured",
    "too-many",
    "internal",
];

/// Marks this browser as a shared device: every sign-in on it ends after a few idle minutes.
#[component]
pub fn SharedDevicePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let options = Resource::new(|| (), |_| sign_in_options());
    let save = ServerAction::<SetSharedDevice>::new();
    let saved = move || query.with(|q| q.get("saved").is_some());
    view! {
        <Title text=i18n.t("device-title") />
        <div class="narrow">
            <h1>{i18n.t("device-title")}</h1>
            {move || saved().then(|| view! { <Notice text=i18n.t("device-saved") /> })}
            <p>{i18n.t("device-intro")}</p>
            {await_view(options, move |options: SignInChoices| view! {
                <ActionForm action=save attr:class="stack-form">
                    <div class="choice">
                        <input type="checkbox" id="shared" name="shared" value="1" checked=options.kiosk_device />
                        <label for="shared">{i18n.t("device-shared")}</label>
                    </div>
                    <button type="submit" class="button-primary">{i18n.t("save")}</button>
                </ActionForm>
            })}
            <p><a href="/login">{i18n.t("back-to-login")}</a></p>
        </div>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let request = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(request);
    let sent = move || query.with(|q| q.get("sent").is_some());

    view! {
        <Title text=i18n.t("forgot-title") />
        <div class="narrow">
            <h1>{i18n.t("forgot-title")}</h1>
            {move || if sent() {
                Either::Left(view! {
                    <Notice text=i18n.t("forgot-sent") />
                    <p><a href="/login">{i18n.t("back-to-login")}</a></p>
                })
            } else {
                Either::Right(view! {
                    <p>{i18n.t("forgot-intro")}</p>
                    <ErrorSummary error />
                    <ActionForm action=request attr:class="stack-form">
                        <TextField name="email" label=i18n.t("field-email") kind="email" autocomplete="email" required=true error />
                        <button type="submit" class="button-primary">{i18n.t("forgot-submit")}</button>
                    </ActionForm>
                    <p><a href="/login">{i18n.t("back-to-login")}</a></p>
                })
            }}
        </div>
    }
}

#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token")).unwrap_or_default();
    let usable = Resource::new(token, token_status);
    let set = ServerAction::<SetPassword>::new();
    let error = action_error(set);

    view! {
        <Title text=i18n.t("set-password-title") />
        <div class="narrow">
            <h1>{i18n.t("set-password-title")}</h1>
            <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    if usable.await.unwrap_or(false) {
                        Either::Left(view! {
                            <p>{i18n.t("set-password-intro")}</p>
                            <ErrorSummary error />
                            <ActionForm action=set attr:class="stack-form">
                                <input type="hidden" name="token" value=token() />
                                <TextField name="password" label=i18n.t("field-new-password") kind="password"
                                    autocomplete="new-password" required=true hint=i18n.t("password-rules") error />
                                <TextField name="password_repeat" label=i18n.t("field-password-repeat") kind="password"
                                    autocomplete="new-password" required=true error />
                                <button type="submit" class="button-primary">{i18n.t("set-password-submit")}</button>
                            </ActionForm>
                        })
                    } else {
                        Either::Right(view! {
                            <div class="notice notice-error" role="alert">
                                <p>{i18n.t("error-link-invalid")}</p>
                            </div>
                            <p><a href="/password/forgot">{i18n.t("set-password-request-new")}</a></p>
                        })
                    }
                })}
            </Suspense>
        </div>
    }
}
