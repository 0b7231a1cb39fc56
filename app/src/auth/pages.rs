//! Login, "forgot password" and "set password" pages.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{Login, RequestPasswordReset, SetPassword, token_status};
use crate::i18n::use_i18n;
use crate::ui::{ErrorSummary, Notice, TextField, action_error};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    let next = move || {
        query
            .with(|q| q.get("next"))
            .unwrap_or_else(|| "/".to_owned())
    };
    // The form posts to the server function, which sets the session cookie and sends the
    // browser on to `next` (a plain form post: the page renders only on the server).
    let notice = move || {
        query.with(|q| {
            if q.get("logged_out").is_some() {
                Some(i18n.t("login-logged-out"))
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
            <p>{i18n.t("login-intro")}</p>
            {move || notice().map(|text| view! { <Notice text /> })}
            <ErrorSummary error />
            <ActionForm action=login attr:class="stack-form">
                <input type="hidden" name="next" value=next />
                <TextField name="email" label=i18n.t("field-email") kind="email" autocomplete="username" required=true error />
                <TextField name="password" label=i18n.t("field-password") kind="password" autocomplete="current-password" required=true error />
                <button type="submit" class="button-primary">{i18n.t("login-submit")}</button>
            </ActionForm>
            <p><a href="/password/forgot">{i18n.t("login-forgot")}</a></p>
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
