use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::{CreateUser, SendAccessMail, SetUserActive, UpdateUser, get_user, list_users};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{I18n, Locale, use_i18n};
use crate::organisation::list_departments;
use crate::organisation::pages::department_options;
use crate::ui::Protected;
use crate::ui::{ErrorSummary, Notice, TextField, action_error, error_message};

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("users-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <UserList /> } />
    }
}

#[component]
fn UserList() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|p| p.get("q")).unwrap_or_default();
    let status = move || query.with(|p| p.get("status")).unwrap_or_default();
    let users = Resource::new(
        move || (q(), status()),
        |(q, status)| list_users(Some(q), Some(status)),
    );
    let status_options = move || {
        let selected = status();
        [("", "users-status-all"), ("active", "users-status-active"), ("inactive", "users-status-inactive")]
            .into_iter()
            .map(|(value, key)| view! { <option value=value selected=selected == value>{i18n.t(key)}</option> })
            .collect_view()
    };

    view! {
        <h1>{i18n.t("users-title")}</h1>
        <p>
            <a href="/admin/users/new" class="button-link">{i18n.t("users-new")}</a>" "
            <a href="/admin/sign-in">{i18n.t("sign-in-settings-title")}</a>" "
            <a href="/letters">{i18n.t("letters-title")}</a>
        </p>
        <form method="get" action="/admin/users" class="filter-form" role="search">
            <div class="field">
                <label for="users-q">{i18n.t("users-search")}</label>
                <input id="users-q" type="search" name="q" value=q />
            </div>
            <div class="field">
                <label for="users-status">{i18n.t("users-status")}</label>
                <select id="users-status" name="status">{status_options}</select>
            </div>
            <button type="submit">{i18n.t("filter")}</button>
        </form>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(list) => {
                        let count = list.len();
                        let rows = list.into_iter().map(|u| {
                            let href = format!("/admin/users/{}", u.id);
                            let roles = u.roles.iter().map(|r| i18n.t(r.label_key())).collect::<Vec<_>>().join(", ");
                            let state = if !u.active {
                                i18n.t("users-state-inactive")
                            } else if !u.has_password {
                                i18n.t("users-state-invited")
                            } else {
                                i18n.t("users-state-active")
                            };
                            view! {
                                <tr>
                                    <th scope="row"><a href=href>{u.display_name}</a></th>
                                    <td>{u.email.unwrap_or_else(|| i18n.t("users-no-email"))}</td>
                                    <td>{u.department.unwrap_or_default()}</td>
                                    <td>{roles}</td>
                                    <td>{state}</td>
                                </tr>
                            }
                        }).collect_view();
                        Either::Right(view! {
                            <div class="table-scroll" role="region" aria-labelledby="users-caption" tabindex="0">
                                <table>
                                    <caption id="users-caption">{i18n.t_args("users-caption", [("count", (count as f64).into())])}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t("field-name")}</th>
                                            <th scope="col">{i18n.t("field-email")}</th>
                                            <th scope="col">{i18n.t("field-department")}</th>
                                            <th scope="col">{i18n.t("field-roles")}</th>
                                            <th scope="col">{i18n.t("users-status")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        })
                    }
                }
            })}
        </Suspense>
    }
}

/// Name, email, department, language and roles: shared by "new" and "edit".
#[allow(clippy::too_many_arguments)]
fn user_fields(
    i18n: I18n,
    error: Signal<Option<AppError>>,
    departments: &[crate::organisation::DepartmentRow],
    name: String,
    email: String,
    department: Option<Uuid>,
    locale: Locale,
    roles: &[Role],
    existing: bool,
) -> impl IntoView + use<> {
    let role_error = Signal::derive(move || {
        error.get().and_then(|e| {
            e.field_errors()
                .iter()
                .find(|f| f.field == "roles")
                .map(|f| crate::ui::catalogue_text(i18n, &f.message, "error-invalid"))
        })
    });
    let role_boxes = Role::ALL
        .into_iter()
        .map(|role| {
            let id = format!("role-{}", role.as_str());
            let name = format!("role_{}", role.as_str());
            view! {
                <div class="choice">
                    <input type="checkbox" id=id.clone() name=name value="on" checked=roles.contains(&role) />
                    <label for=id>{i18n.t(role.label_key())}</label>
                </div>
            }
        })
        .collect_view();
    let locales = Locale::ALL
        .into_iter()
        .map(|l| {
            let label = match l {
                Locale::De => "Deutsch",
                Locale::En => "English",
            };
            view! { <option value=l.code() selected=l == locale>{label}</option> }
        })
        .collect_view();
    view! {
        <TextField name="display_name" label=i18n.t("field-name") required=true value=name autocomplete="off" error />
        {if existing {
            // A new login email hands the account over: say what else happens.
            leptos::either::Either::Left(view! {
                <TextField name="email" label=i18n.t("field-email") kind="email" required=false value=email autocomplete="off" hint=i18n.t("users-email-change-hint") error />
            })
        } else {
            leptos::either::Either::Right(view! {
                <TextField name="email" label=i18n.t("field-email") kind="email" required=false value=email autocomplete="off" hint=i18n.t("users-email-optional-hint") error />
            })
        }}
        <div class="field">
            <label for="field-department_id">{i18n.t("field-department")}</label>
            <select id="field-department_id" name="department_id">
                {department_options(i18n, departments, department, None, "users-no-department")}
            </select>
        </div>
        <div class="field">
            <label for="field-locale">{i18n.t("field-locale")}</label>
            <select id="field-locale" name="locale">{locales}</select>
        </div>
        <fieldset id="field-roles" aria-describedby="roles-error">
            <legend>{i18n.t("field-roles")}</legend>
            <p class="field-error" id="roles-error">{move || role_error.get()}</p>
            {role_boxes}
        </fieldset>
    }
}

#[component]
pub fn AdminUserNewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("users-new") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <UserNew /> } />
    }
}

#[component]
fn UserNew() -> impl IntoView {
    let i18n = use_i18n();
    let departments = Resource::new(|| (), |_| list_departments());
    let create = ServerAction::<CreateUser>::new();
    let error = action_error(create);
    view! {
        <p><a href="/admin/users">{i18n.t("users-back")}</a></p>
        <h1>{i18n.t("users-new")}</h1>
        <ErrorSummary error />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let list = departments.await.unwrap_or_default();
                view! {
                    <ActionForm action=create attr:class="stack-form">
                        {user_fields(i18n, error, &list, String::new(), String::new(), None, i18n.locale, &[Role::Employee], false)}
                        <div class="choice">
                            <input type="checkbox" id="send-invitation" name="send_invitation" value="on" checked=true />
                            <label for="send-invitation">{i18n.t("users-send-invitation")}</label>
                        </div>
                        <button type="submit" class="button-primary">{i18n.t("users-create")}</button>
                    </ActionForm>
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminUserEditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("users-edit-title") />
        <Protected roles=&[Role::Admin] children=move |me| view! { <UserEdit my_id=me.id /> } />
    }
}

#[component]
fn UserEdit(my_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let data = Resource::new(id, |id| async move {
        (get_user(id).await, list_departments().await)
    });
    let update = ServerAction::<UpdateUser>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let access_mail = ServerAction::<SendAccessMail>::new();
    let update_error = action_error(update);
    let active_error = action_error(set_active);
    let mail_error = action_error(access_mail);
    let notice = move || {
        query.with(|q| {
            if q.get("created").is_some() {
                Some(i18n.t("users-created"))
            } else if q.get("saved").is_some() {
                Some(i18n.t("saved"))
            } else if q.get("mail_sent").is_some() {
                Some(i18n.t("users-mail-sent"))
            } else {
                None
            }
        })
    };

    view! {
        <p><a href="/admin/users">{i18n.t("users-back")}</a></p>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    (Err(AppError::NotFound), _) => Either::Left(view! { <crate::ui::NotFound /> }.into_any()),
                    (Err(err), _) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }.into_any()),
                    (Ok(user), departments) => {
                        let departments = departments.unwrap_or_default();
                        let is_me = user.id == my_id;
                        let mail_label = if user.has_password { i18n.t("users-send-reset") } else { i18n.t("users-send-invitation-again") };
                        let state = if user.active { i18n.t("users-state-active") } else { i18n.t("users-state-inactive") };
                        Either::Right(view! {
                            <h1>{user.display_name.clone()}</h1>
                            {move || notice().map(|text| view! { <Notice text /> })}
                            <p>{i18n.t("users-status")}": "{state}</p>
                            <section aria-labelledby="user-data">
                                <h2 id="user-data">{i18n.t("users-data")}</h2>
                                <ErrorSummary error=update_error />
                                <ActionForm action=update attr:class="stack-form">
                                    <input type="hidden" name="id" value=user.id.to_string() />
                                    {user_fields(i18n, update_error, &departments, user.display_name.clone(), user.email.clone().unwrap_or_default(),
                                        user.department_id, user.locale, &user.roles, true)}
                                    <button type="submit" class="button-primary">{i18n.t("save")}</button>
                                </ActionForm>
                            </section>
                            <section aria-labelledby="user-access">
                                <h2 id="user-access">{i18n.t("users-access")}</h2>
                                <ErrorSummary error=mail_error />
                                {user.active.then(|| view! {
                                    <ActionForm action=access_mail attr:class="stack-form">
                                        <input type="hidden" name="id" value=user.id.to_string() />
                                        <button type="submit">{mail_label.clone()}</button>
                                    </ActionForm>
                                })}
                                <ErrorSummary error=active_error />
                                {(!is_me).then(|| view! {
                                    <ActionForm action=set_active attr:class="stack-form">
                                        <input type="hidden" name="id" value=user.id.to_string() />
                                        <input type="hidden" name="active" value=if user.active { "false" } else { "true" } />
                                        <p class="hint">{if user.active { i18n.t("users-deactivate-hint") } else { i18n.t("users-reactivate-hint") }}</p>
                                        <button type="submit" class=if user.active { "button-danger" } else { "" }>
                                            {if user.active { i18n.t("users-deactivate") } else { i18n.t("users-reactivate") }}
                                        </button>
                                    </ActionForm>
                                })}
                            </section>
                        }.into_any())
                    }
                }
            })}
        </Suspense>
    }
}
