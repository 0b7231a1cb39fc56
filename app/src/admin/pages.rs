use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::{
    CreateUser, MAX_USER_QUERY, SendAccessMail, SetUserActive, UpdateUser, UserFilter, UserPage,
    get_user, list_users,
};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{I18n, Locale, use_i18n};
use crate::organisation::list_departments;
use crate::organisation::pages::department_options;
use crate::ui::Protected;
use crate::ui::{DangerConfirm, ErrorSummary, Notice, TextField, action_error, error_message};

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
    let filter = move || {
        query.with(|p| UserFilter {
            q: p.get("q").unwrap_or_default(),
            role: p.get("role").unwrap_or_default(),
            status: p.get("status").unwrap_or_default(),
        })
    };
    let page = move || query.with(|p| p.get("page"));
    let users = Resource::new(
        move || (filter(), page()),
        |(filter, page)| list_users(Some(filter.q), Some(filter.role), Some(filter.status), page),
    );
    let role_options = move || {
        let selected = filter().role;
        let all = view! { <option value="" selected=selected.is_empty()>{i18n.t("users-role-all")}</option> };
        let roles = Role::ALL
            .into_iter()
            .map(|role| view! { <option value=role.as_str() selected=selected == role.as_str()>{i18n.t(role.label_key())}</option> })
            .collect_view();
        view! { {all}{roles} }
    };
    let status_options = move || {
        let selected = filter().status;
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
                <label for="field-q">{i18n.t("users-search-label")}</label>
                <input id="field-q" type="search" name="q" value=move || filter().q maxlength=MAX_USER_QUERY.to_string() />
            </div>
            <div class="field">
                <label for="field-role">{i18n.t("users-role")}</label>
                <select id="field-role" name="role">{role_options}</select>
            </div>
            <div class="field">
                <label for="field-status">{i18n.t("users-status")}</label>
                <select id="field-status" name="status">{status_options}</select>
            </div>
            <button type="submit">{i18n.t("filter")}</button>
            {move || (filter() != UserFilter::default()).then(|| view! {
                <p class="filter-reset"><a href="/admin/users">{i18n.t("users-filter-reset")}</a></p>
            })}
        </form>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Err(err) if !err.field_errors().is_empty() => {
                        let error = Signal::derive(move || Some(err.clone()));
                        Either::Left(view! { <ErrorSummary error /> }.into_any())
                    }
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }.into_any()),
                    Ok(result) => Either::Right(user_table(i18n, result, filter())),
                }
            })}
        </Suspense>
    }
}

/// One page of the list, its count and the links to the other pages, which keep the filters.
fn user_table(i18n: I18n, result: UserPage, filter: UserFilter) -> impl IntoView {
    if result.rows.is_empty() {
        let key = if filter == UserFilter::default() {
            "users-none"
        } else {
            "users-none-found"
        };
        return view! { <p>{i18n.t(key)}</p> }.into_any();
    }
    let rows = result
        .rows
        .into_iter()
        .map(|u| {
            let href = format!("/admin/users/{}", u.id);
            let roles = u
                .roles
                .iter()
                .map(|r| i18n.t(r.label_key()))
                .collect::<Vec<_>>()
                .join(", ");
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
        })
        .collect_view();
    let (page, pages) = (result.page, result.pages);
    let prev = (page > 1).then(|| filter.page_href(page - 1));
    let next = (page < pages).then(|| filter.page_href(page + 1));
    let numbers = page_numbers(page, pages)
        .into_iter()
        .map(|number| match number {
            None => Either::Left(view! { <li aria-hidden="true">"…"</li> }),
            Some(n) => {
                let label = i18n.t_args("page-number", [("page", (n as f64).into())]);
                Either::Right(view! {
                    <li><a href=filter.page_href(n) aria-label=label aria-current=(n == page).then_some("page")>{n}</a></li>
                })
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="users-caption" tabindex="0">
            <table>
                <caption id="users-caption">{i18n.t_args("users-caption", [("count", (result.total as f64).into())])}</caption>
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
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=i18n.t("pagination")>
                {prev.map(|href| view! { <a href=href rel="prev">{i18n.t("previous-page")}</a> })}
                <span>{i18n.t_args("page-of", [("page", (page as f64).into()), ("pages", (pages as f64).into())])}</span>
                <ol class="page-numbers">{numbers}</ol>
                {next.map(|href| view! { <a href=href rel="next">{i18n.t("next-page")}</a> })}
            </nav>
        })}
    }
    .into_any()
}

/// The page numbers to link: the first, the last and two either side of `page`; `None` where
/// numbers are left out.
fn page_numbers(page: u64, pages: u64) -> Vec<Option<u64>> {
    let mut numbers = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= 2 {
            numbers.push(Some(n));
        } else if numbers.last() != Some(&None) {
            numbers.push(None);
        }
    }
    numbers
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
    let message = move |field: &'static str| {
        Signal::derive(move || {
            error.get().and_then(|e| {
                e.field_errors()
                    .iter()
                    .find(|f| f.field == field)
                    .map(|f| crate::ui::catalogue_text(i18n, &f.message, "error-invalid"))
            })
        })
    };
    let role_error = message("roles");
    let department_error = message("department_id");
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
        <div class="field" class:field-invalid=move || department_error.get().is_some()>
            <label for="field-department_id">{i18n.t("field-department")}</label>
            {move || department_error.get().map(|m| view! { <p class="field-error" id="field-department_id-error">{m}</p> })}
            <select
                id="field-department_id"
                name="department_id"
                aria-invalid=move || department_error.get().is_some().then_some("true")
                aria-describedby=move || department_error.get().is_some().then_some("field-department_id-error")
            >
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
                        let name = user.display_name.clone();
                        let active = user.active;
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
                                {(!is_me).then(|| {
                                    // Locking out is the red frame with its box; letting back in is a plain button.
                                    let control = if active {
                                        view! {
                                            <DangerConfirm name="confirm" error=active_error
                                                consequence=i18n.t_args("users-deactivate-consequence", [("name", name.clone().into())])
                                                confirm=i18n.t_args("users-deactivate-confirm", [("name", name.into())])
                                                submit=i18n.t("users-deactivate") />
                                        }.into_any()
                                    } else {
                                        view! {
                                            <p class="hint">{i18n.t("users-reactivate-hint")}</p>
                                            <button type="submit">{i18n.t("users-reactivate")}</button>
                                        }.into_any()
                                    };
                                    view! {
                                        <ActionForm action=set_active attr:class="stack-form">
                                            <input type="hidden" name="id" value=user.id.to_string() />
                                            <input type="hidden" name="active" value=if active { "false" } else { "true" } />
                                            {control}
                                        </ActionForm>
                                    }
                                })}
                            </section>
                        }.into_any())
                    }
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::page_numbers;

    #[test]
    fn page_numbers_show_the_ends_and_the_neighbourhood() {
        assert_eq!(page_numbers(1, 1), vec![Some(1)]);
        assert_eq!(
            page_numbers(2, 6),
            vec![Some(1), Some(2), Some(3), Some(4), None, Some(6)]
        );
        assert_eq!(
            page_numbers(10, 20),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
    }
}
