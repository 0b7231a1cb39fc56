use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::{
    CreateDepartment, DeleteDepartment, DepartmentKind, DepartmentRow, UpdateDepartment,
    list_departments,
};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::ui::Protected;
use crate::ui::{DangerConfirm, ErrorSummary, Notice, TextField, action_error, error_message};

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
            view! { <Organisation can_edit=me.has(Role::Admin) can_import=me.has_any(&[Role::Hr, Role::Admin]) /> }
        } />
    }
}

#[component]
fn Organisation(can_edit: bool, can_import: bool) -> impl IntoView {
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
        {can_import.then(|| view! { <p><a href="/organisation/import">{i18n.t("import-link")}</a></p> })}
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
                                    <td>{d.code.clone().unwrap_or_default()}</td>
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
                                    <TextField name="code" label=i18n.t("field-department-code") hint=i18n.t("field-department-code-hint") error />
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
                                            <th scope="col">{i18n.t("field-department-code")}</th>
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
                    None => Either::Left(view! { <crate::ui::NotFound /> }),
                    Some(dep) => Either::Right({
                        let delete_consequence = i18n.t_args("organisation-delete-consequence", [("name", dep.name.clone().into())]);
                        let delete_confirm = i18n.t_args("organisation-delete-confirm", [("name", dep.name.clone().into())]);
                        view! {
                        <h1>{i18n.t_args("organisation-edit-heading", [("name", dep.name.clone().into())])}</h1>
                        {move || saved().then(|| view! { <Notice text=i18n.t("saved") /> })}
                        <ErrorSummary error=update_error />
                        <ActionForm action=update attr:class="stack-form">
                            <input type="hidden" name="id" value=dep.id.to_string() />
                            <TextField name="name" label=i18n.t("field-department-name") required=true value=dep.name.clone() error=update_error />
                            <TextField name="code" label=i18n.t("field-department-code") hint=i18n.t("field-department-code-hint") value=dep.code.clone().unwrap_or_default() error=update_error />
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
                                <DangerConfirm name="confirm" error=delete_error consequence=delete_consequence
                                    confirm=delete_confirm submit=i18n.t("organisation-delete-submit") />
                            </ActionForm>
                        </section>
                    }}),
                }
            })}
        </Suspense>
    }
}

/// The columns the import reads: (catalogue key of the column, accepted headers, required).
const IMPORT_COLUMNS: &[(&str, &str, bool)] = &[
    (
        "import-column-personnel-number",
        "Personalnummer, Personal-Nr., PNr",
        true,
    ),
    ("import-column-last-name", "Nachname", true),
    ("import-column-first-name", "Vorname", false),
    ("import-column-email", "E-Mail, E-Mail-Adresse", true),
    (
        "import-column-department",
        "Organisationseinheit, OE, Abteilung, Dienststelle",
        true,
    ),
    (
        "import-column-job-family",
        "Tätigkeitsgruppe, Funktionsgruppe, Berufsgruppe",
        false,
    ),
    ("import-column-active", "Aktiv, Status", false),
];

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("import-title") />
        <Protected roles=&[Role::Hr, Role::Admin] children=move |_| view! { <ImportUpload /> } />
    }
}

#[component]
fn ImportUpload() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let problem = move || {
        query.with(|q| {
            let key = q.get("problem")?;
            let key = format!("import-problem-{key}");
            if !i18n.has(&key) {
                return None;
            }
            // Only line numbers are taken from the address; any other text there is dropped,
            // so that a link cannot put words of its own into the page.
            let lines = q
                .get("lines")
                .unwrap_or_default()
                .split(',')
                .filter_map(|n| n.trim().parse::<u32>().ok())
                .take(20)
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(",");
            let text = i18n.t_args(&key, []);
            Some(if lines.is_empty() {
                text
            } else {
                format!(
                    "{} {}",
                    i18n.t_args(
                        "import-problem-lines",
                        [("lines", lines.replace(',', ", ").into())]
                    ),
                    text
                )
            })
        })
    };
    let columns = IMPORT_COLUMNS
        .iter()
        .map(|(key, headers, required)| {
            view! {
                <tr>
                    <th scope="row">{i18n.t(key)}</th>
                    <td>{*headers}</td>
                    <td>{if *required { i18n.t("yes") } else { i18n.t("no") }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p><a href="/organisation">{i18n.t("organisation-back")}</a></p>
        <h1>{i18n.t("import-title")}</h1>
        <p>{i18n.t("import-intro")}</p>
        {move || problem().map(|text| view! {
            <div class="notice notice-error" role="alert" tabindex="-1"><p>{text}</p></div>
        })}
        <form method="post" action="/organisation/import/upload" enctype="multipart/form-data" class="stack-form">
            <div class="field">
                <label for="field-file">{i18n.t("import-file")}</label>
                <p class="hint" id="field-file-hint">{i18n.t("import-file-hint")}</p>
                <input id="field-file" name="file" type="file" accept=".csv,text/csv,text/plain" required=true aria-describedby="field-file-hint" />
            </div>
            <button type="submit" class="button-primary">{i18n.t("import-check")}</button>
        </form>
        <section aria-labelledby="import-columns">
            <h2 id="import-columns">{i18n.t("import-columns")}</h2>
            <p>{i18n.t("import-columns-intro")}</p>
            <div class="table-scroll" role="region" aria-labelledby="import-columns" tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("import-column")}</th>
                            <th scope="col">{i18n.t("import-headers")}</th>
                            <th scope="col">{i18n.t("import-required")}</th>
                        </tr>
                    </thead>
                    <tbody>{columns}</tbody>
                </table>
            </div>
            <p>{i18n.t("import-rules")}</p>
        </section>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("import-preview-title") />
        <Protected roles=&[Role::Hr, Role::Admin] children=move |_| view! { <ImportPreviewView /> } />
    }
}

/// A list of people. `people` holds at most `IMPORT_PREVIEW_LIMIT` entries (the server sends no
/// more), `total` counts them all; the page says how many are not shown.
fn people_table(
    i18n: I18n,
    caption_id: &'static str,
    caption: String,
    people: Vec<(super::ImportPerson, String)>,
    total: u64,
) -> impl IntoView {
    let shown = people.len() as u64;
    let rows = people
        .into_iter()
        .map(|(p, note)| {
            view! {
                <tr>
                    <td class="number">{(p.line > 0).then_some(p.line)}</td>
                    <td>{p.personnel_number}</td>
                    <th scope="row">{p.name}</th>
                    <td>{p.email}</td>
                    <td>{p.department}</td>
                    <td>{note}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=caption_id tabindex="0">
            <table>
                <caption id=caption_id>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="number">{i18n.t("import-line")}</th>
                        <th scope="col">{i18n.t("import-column-personnel-number")}</th>
                        <th scope="col">{i18n.t("field-name")}</th>
                        <th scope="col">{i18n.t("field-email")}</th>
                        <th scope="col">{i18n.t("field-department")}</th>
                        <th scope="col">{i18n.t("import-note")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(total > shown).then(|| view! {
            <p>{i18n.t_args("import-more", [("count", (total - shown).into())])}</p>
        })}
    }
}

#[component]
fn ImportPreviewView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let apply = ServerAction::<super::ApplyImport>::new();
    // Read again after "apply" in the browser: the page then shows what was changed.
    let preview = Resource::new(
        move || (id(), apply.version().get()),
        |(id, _)| super::load_import_preview(id),
    );
    let apply_error = action_error(apply);

    view! {
        <p><a href="/organisation/import">{i18n.t("import-back")}</a></p>
        <h1>{i18n.t("import-preview-title")}</h1>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match preview.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(p) => {
                        let file = i18n.t_args("import-file-read", [
                            ("file", p.file_name.clone().into()),
                            ("encoding", p.encoding.clone().into()),
                            ("rows", p.rows.into()),
                        ]);
                        let body = if let Some(summary) = p.applied.clone() {
                            let just_applied = query.with_untracked(|q| q.get("applied").is_some())
                                || apply.version().get_untracked() > 0;
                            EitherOf3::A(view! {
                                {just_applied.then(|| view! { <Notice text=i18n.t("import-applied") /> })}
                                <h2>{i18n.t("import-summary")}</h2>
                                <dl class="summary-list">
                                    <dt>{i18n.t("import-new")}</dt><dd>{summary.created}</dd>
                                    <dt>{i18n.t("import-changed")}</dt><dd>{summary.updated}</dd>
                                    <dt>{i18n.t("import-deactivated")}</dt><dd>{summary.deactivated}</dd>
                                    <dt>{i18n.t("import-reactivated")}</dt><dd>{summary.reactivated}</dd>
                                    <dt>{i18n.t("import-unchanged")}</dt><dd>{summary.unchanged}</dd>
                                    <dt>{i18n.t("import-skipped")}</dt><dd>{summary.skipped}</dd>
                                </dl>
                                <p><a href="/organisation">{i18n.t("organisation-back")}</a></p>
                            })
                        } else if !p.problems.is_empty() {
                            let count = p.problems_total;
                            let more = count.saturating_sub(p.problems.len() as u64);
                            let items = p.problems.iter().map(|problem| {
                                let text = super::problem_text(i18n.locale, problem);
                                let line = i18n.t_args("import-problem-line", [("line", problem.line.into())]);
                                view! { <li><strong>{line}</strong>" "{text}</li> }
                            }).collect_view();
                            EitherOf3::B(view! {
                                <div class="notice notice-error" role="alert">
                                    <h2>{i18n.t_args("import-problems", [("count", count.into())])}</h2>
                                    <p>{i18n.t("import-problems-hint")}</p>
                                </div>
                                <ol class="problem-list">{items}</ol>
                                {(more > 0).then(|| view! { <p>{i18n.t_args("import-more", [("count", more.into())])}</p> })}
                                <p><a href="/organisation/import" class="button">{i18n.t("import-upload-again")}</a></p>
                            })
                        } else {
                            let changes = p.updates.iter().map(|c| {
                                let note = c.changes.iter().map(|k| i18n.t(&format!("import-change-{}", k.replace('_', "-")))).collect::<Vec<_>>().join(", ");
                                (c.person.clone(), note)
                            }).collect::<Vec<_>>();
                            let creates = p.creates.iter().map(|c| (c.clone(), String::new())).collect::<Vec<_>>();
                            let leaves = p.deactivations.iter().map(|c| (c.clone(), String::new())).collect::<Vec<_>>();
                            let held = p.held.iter().map(|h| {
                                let note = h.reasons.iter().map(|r| i18n.t(r)).collect::<Vec<_>>().join(" ");
                                (h.person.clone(), note)
                            }).collect::<Vec<_>>();
                            let nothing = p.creates_total == 0 && p.updates_total == 0 && p.deactivations_total == 0;
                            let mass = p.mass_deactivation;
                            let mass_text = i18n.t_args("import-mass-deactivation", [
                                ("count", p.deactivating.into()),
                                ("active", p.active_accounts.into()),
                            ]);
                            let id = p.id.to_string();
                            EitherOf3::C(view! {
                                {mass.then(|| view! {
                                    <div class="notice notice-error" role="alert" id="import-mass-deactivation">
                                        <p><strong>{mass_text}</strong></p>
                                    </div>
                                })}
                                <dl class="summary-list">
                                    <dt>{i18n.t("import-new")}</dt><dd>{p.creates_total}</dd>
                                    <dt>{i18n.t("import-changed")}</dt><dd>{p.updates_total}</dd>
                                    <dt>{i18n.t("import-deactivated")}</dt><dd>{p.deactivating}</dd>
                                    <dt>{i18n.t("import-unchanged")}</dt><dd>{p.unchanged}</dd>
                                    <dt>{i18n.t("import-held")}</dt><dd>{p.held_total}</dd>
                                </dl>
                                {(!held.is_empty()).then(|| view! {
                                    <section aria-labelledby="import-held" class="notice">
                                        <h2 id="import-held">{i18n.t("import-held")}</h2>
                                        <p>{i18n.t("import-held-intro")}</p>
                                        {people_table(i18n, "import-held-caption", i18n.t("import-held"), held, p.held_total)}
                                    </section>
                                })}
                                {(!creates.is_empty()).then(|| people_table(i18n, "import-creates", i18n.t("import-new"), creates, p.creates_total))}
                                {(!changes.is_empty()).then(|| people_table(i18n, "import-updates", i18n.t("import-changed"), changes, p.updates_total))}
                                {(!leaves.is_empty()).then(|| people_table(i18n, "import-leaves", i18n.t("import-deactivated-caption"), leaves, p.deactivations_total))}
                                <ErrorSummary error=apply_error />
                                <ActionForm action=apply attr:class="stack-form">
                                    <input type="hidden" name="id" value=id />
                                    <p>{if nothing { i18n.t("import-nothing-to-do") } else { i18n.t("import-apply-hint") }}</p>
                                    {apply_controls(i18n, &p, apply_error)}
                                </ActionForm>
                            })
                        };
                        Either::Right(view! {
                            <p>{file}</p>
                            {body}
                        })
                    }
                }
            })}
        </Suspense>
    }
}

/// The end of the import form. Nobody loses access: a plain "Übernehmen". Someone does: a red
/// button under the sentence how many are deactivated and how many stay active. So many that it
/// looks like an incomplete file (`import::MASS_PERCENT`, `MASS_COUNT`): also the checkbox that
/// must be ticked, which the server checks again.
fn apply_controls(
    i18n: I18n,
    p: &super::ImportPreview,
    error: Signal<Option<AppError>>,
) -> AnyView {
    if p.deactivating == 0 {
        return view! { <button type="submit" class="button-primary">{i18n.t("import-apply")}</button> }
            .into_any();
    }
    let consequence = i18n.t_args(
        "import-consequence",
        [
            ("count", p.deactivating.into()),
            (
                "remaining",
                p.active_accounts.saturating_sub(p.deactivating).into(),
            ),
        ],
    );
    if p.mass_deactivation {
        let confirm = i18n.t_args(
            "import-mass-deactivation-confirm",
            [("count", p.deactivating.into())],
        );
        view! {
            <DangerConfirm name="confirm_mass_deactivation" consequence confirm submit=i18n.t("import-apply") error />
        }
        .into_any()
    } else {
        view! {
            <div class="danger-zone">
                <p class="danger-consequence" id="import-consequence">
                    <span class="danger-sign" aria-hidden="true">"⚠ "</span>
                    <strong>{consequence}</strong>
                </p>
                <button type="submit" class="button-danger" aria-describedby="import-consequence">{i18n.t("import-apply")}</button>
            </div>
        }
        .into_any()
    }
}
