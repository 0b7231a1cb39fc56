use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::{
    CreateDepartment, DeleteDepartment, DepartmentKind, DepartmentRow, UpdateDepartment,
    list_departments,
};
use crate::auth::Role;
use crate::i18n::{I18n, use_i18n};
use crate::shell::Protected;
use crate::ui::{ErrorSummary, Notice, TextField, action_error, error_message};

/// `<option>`s for a department select, indented by depth. `exclude` drops a unit and everything
/// below it (a unit cannot become its own parent).
pub fn department_options(
    i18n: I18n,
    departments: &[DepartmentRow],
    selected: Option<Uuid>,
    exclude: Option<Uuid>,
    empty_label_key: &str,
) -> impl IntoView + use<> {
    let mut skip_below: Option<u32> = None;
    let options = departments
        .iter()
        .filter(|d| {
            if let Some(depth) = skip_below {
                if d.depth > depth {
                    return false;
                }
                skip_below = None;
            }
            if Some(d.id) == exclude {
                skip_below = Some(d.depth);
                return false;
            }
            true
        })
        .map(|d| {
            let label = format!("{}{}", "– ".repeat(d.depth as usize), d.name);
            view! { <option value=d.id.to_string() selected=Some(d.id) == selected>{label}</option> }
        })
        .collect_view();
    view! {
        <option value="" selected=selected.is_none()>{i18n.t(empty_label_key)}</option>
        {options}
    }
}

fn kind_options(i18n: I18n, selected: Option<DepartmentKind>) -> impl IntoView + use<> {
    DepartmentKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str() selected=Some(k) == selected>{i18n.t(k.label_key())}</option> })
        .collect_view()
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("organisation-title") />
        <Protected roles=&[Role::Hr, Role::Scout, Role::Admin] children=move |me| {
            view! { <Organisation can_edit=me.has(Role::Admin) /> }
        } />
    }
}

#[component]
fn Organisation(can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let departments = Resource::new(|| (), |_| list_departments());
    let create = ServerAction::<CreateDepartment>::new();
    let error = action_error(create);
    let notice = move || {
        query.with(|q| {
            if q.get("created").is_some() {
                Some(i18n.t("organisation-created"))
            } else if q.get("deleted").is_some() {
                Some(i18n.t("organisation-deleted"))
            } else {
                None
            }
        })
    };

    view! {
        <h1>{i18n.t("organisation-title")}</h1>
        <p>{i18n.t("organisation-intro")}</p>
        {move || notice().map(|text| view! { <Notice text /> })}
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match departments.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(list) => {
                        let rows = list.iter().map(|d| {
                            let indent = format!("depth-{}", d.depth.min(6));
                            let edit = can_edit.then(|| {
                                let href = format!("/organisation/{}", d.id);
                                let label = i18n.t_args("organisation-edit-named", [("name", d.name.clone().into())]);
                                view! { <a href=href aria-label=label>{i18n.t("edit")}</a> }
                            });
                            view! {
                                <tr>
                                    <th scope="row" class=indent>{d.name.clone()}</th>
                                    <td>{i18n.t(d.kind.label_key())}</td>
                                    <td class="number">{d.headcount}</td>
                                    {can_edit.then(|| view! { <td>{edit}</td> })}
                                </tr>
                            }
                        }).collect_view();
                        let form = can_edit.then(|| view! {
                            <section aria-labelledby="organisation-new">
                                <h2 id="organisation-new">{i18n.t("organisation-new")}</h2>
                                <ErrorSummary error />
                                <ActionForm action=create attr:class="stack-form">
                                    <TextField name="name" label=i18n.t("field-department-name") required=true error />
                                    <div class="field">
                                        <label for="field-kind">{i18n.t("field-department-kind")}</label>
                                        <select id="field-kind" name="kind">{kind_options(i18n, Some(DepartmentKind::Abteilung))}</select>
                                    </div>
                                    <div class="field">
                                        <label for="field-parent_id">{i18n.t("field-department-parent")}</label>
                                        <select id="field-parent_id" name="parent_id">
                                            {department_options(i18n, &list, None, None, "organisation-top-level")}
                                        </select>
                                    </div>
                                    <button type="submit" class="button-primary">{i18n.t("organisation-create")}</button>
                                </ActionForm>
                            </section>
                        });
                        Either::Right(view! {
                            <div class="table-scroll" role="region" aria-labelledby="organisation-caption" tabindex="0">
                                <table>
                                    <caption id="organisation-caption">{i18n.t("organisation-caption")}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t("field-department-name")}</th>
                                            <th scope="col">{i18n.t("field-department-kind")}</th>
                                            <th scope="col" class="number">{i18n.t("organisation-headcount")}</th>
                                            {can_edit.then(|| view! { <th scope="col">{i18n.t("actions")}</th> })}
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            {form}
                        })
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DepartmentEditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("organisation-edit-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <DepartmentEdit /> } />
    }
}

#[component]
fn DepartmentEdit() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let departments = Resource::new(|| (), |_| list_departments());
    let update = ServerAction::<UpdateDepartment>::new();
    let delete = ServerAction::<DeleteDepartment>::new();
    let update_error = action_error(update);
    let delete_error = action_error(delete);
    let saved = move || query.with(|q| q.get("saved").is_some());

    view! {
        <p><a href="/organisation">{i18n.t("organisation-back")}</a></p>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let list = departments.await.unwrap_or_default();
                let current = id().parse::<Uuid>().ok().and_then(|id| list.iter().find(|d| d.id == id).cloned());
                match current {
                    None => Either::Left(view! { <crate::shell::NotFound /> }),
                    Some(dep) => Either::Right(view! {
                        <h1>{i18n.t_args("organisation-edit-heading", [("name", dep.name.clone().into())])}</h1>
                        {move || saved().then(|| view! { <Notice text=i18n.t("saved") /> })}
                        <ErrorSummary error=update_error />
                        <ActionForm action=update attr:class="stack-form">
                            <input type="hidden" name="id" value=dep.id.to_string() />
                            <TextField name="name" label=i18n.t("field-department-name") required=true value=dep.name.clone() error=update_error />
                            <div class="field">
                                <label for="field-kind">{i18n.t("field-department-kind")}</label>
                                <select id="field-kind" name="kind">{kind_options(i18n, Some(dep.kind))}</select>
                            </div>
                            <div class="field">
                                <label for="field-parent_id">{i18n.t("field-department-parent")}</label>
                                <select id="field-parent_id" name="parent_id">
                                    {department_options(i18n, &list, dep.parent_id, Some(dep.id), "organisation-top-level")}
                                </select>
                            </div>
                            <button type="submit" class="button-primary">{i18n.t("save")}</button>
                        </ActionForm>
                        <section aria-labelledby="organisation-delete">
                            <h2 id="organisation-delete">{i18n.t("organisation-delete")}</h2>
                            <p>{i18n.t("organisation-delete-hint")}</p>
                            <ErrorSummary error=delete_error />
                            <ActionForm action=delete attr:class="stack-form">
                                <input type="hidden" name="id" value=dep.id.to_string() />
                                <button type="submit" class="button-danger">{i18n.t("organisation-delete-submit")}</button>
                            </ActionForm>
                        </section>
                    }),
                }
            })}
        </Suspense>
    }
}
