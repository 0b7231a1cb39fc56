//! The report pages. Filters are plain GET forms and links, so that everything works without
//! JavaScript and every view has an address that can be bookmarked or printed.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    Cell, Count, Frame, SetReportEnabled, UnitReport, certification_report, heatmap_report,
    load_gap_report, load_own_targets, load_public_figures, load_report_settings,
    load_trend_report,
};
use crate::auth::Role;
use crate::i18n::{I18n, use_i18n};
use crate::ui::Protected;
use crate::ui::{ErrorSummary, Notice, action_error, await_view, error_message, percent_encode};

/// `?unit=…&family=…` for links that keep the filter.
fn query_string(unit: Option<String>, family: Option<String>) -> String {
    let mut parts = Vec::new();
    if let Some(unit) = unit.filter(|u| !u.is_empty()) {
        parts.push(format!("unit={}", percent_encode(&unit)));
    }
    if let Some(family) = family.filter(|f| !f.is_empty()) {
        parts.push(format!("family={}", percent_encode(&family)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

pub(crate) fn cell_text(i18n: I18n, cell: Cell) -> String {
    match cell {
        Cell::None => i18n.t("report-cell-none"),
        Cell::Suppressed => i18n.t("report-cell-suppressed"),
        Cell::Share {
            met,
            total,
            margin: 0,
        } => i18n.t_args(
            "report-cell-share",
            [
                ("percent", cell.percent().unwrap_or(0).into()),
                ("met", met.into()),
                ("total", total.into()),
            ],
        ),
        Cell::Share { met, total, .. } => i18n.t_args(
            "report-cell-share-about",
            [
                ("percent", cell.percent().unwrap_or(0).into()),
                ("margin", cell.margin_percent().unwrap_or(0).into()),
                ("met", met.into()),
                ("total", total.into()),
            ],
        ),
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("reports-title") />
        <Protected roles=&[Role::Hr, Role::Admin] children=move |me| view! { <ReportsOverview is_admin=me.has(Role::Admin) is_hr=me.has(Role::Hr) /> } />
    }
}

#[component]
fn ReportsOverview(is_admin: bool, is_hr: bool) -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| load_report_settings());
    view! {
        <h1>{i18n.t("reports-title")}</h1>
        <p>{i18n.t("reports-intro")}</p>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(s) => {
                        let items = s.enabled.iter().map(|(kind, on)| {
                            let title = i18n.t(kind.title_key());
                            let body = if *on && is_hr {
                                Either::Left(view! { <a href=kind.path()>{title}</a> })
                            } else if *on {
                                Either::Right(view! { <span>{title}</span> })
                            } else {
                                Either::Right(view! { <span>{format!("{title} – {}", i18n.t("report-switched-off"))}</span> })
                            };
                            view! { <li>{body}<br />{i18n.t(kind.intro_key())}</li> }
                        }).collect_view();
                        Either::Right(view! {
                            <ul class="link-list">{items}</ul>
                            <h2>{i18n.t("reports-privacy")}</h2>
                            <p>{i18n.t_args("reports-privacy-text", [("k", s.min_group_size.into())])}</p>
                            {is_admin.then(|| view! { <p><a href="/reports/settings">{i18n.t("report-settings-title")}</a></p> })}
                        })
                    }
                }
            })}
        </Suspense>
    }
}

/// Breadcrumbs and the job family filter.
#[component]
fn FrameView(frame: Frame, path: &'static str, kind: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let family = frame.family.clone();
    let mut crumbs = vec![(
        query_string(None, family.clone()),
        frame.organisation_name.clone(),
    )];
    for unit in &frame.breadcrumbs {
        crumbs.push((
            query_string(Some(unit.id.to_string()), family.clone()),
            unit.name.clone(),
        ));
    }
    let last = crumbs.len() - 1;
    let crumbs = crumbs
        .into_iter()
        .enumerate()
        .map(|(index, (query, name))| {
            if index == last {
                Either::Left(view! { <li><span aria-current="page">{name}</span></li> })
            } else {
                Either::Right(view! { <li><a href=format!("{path}{query}")>{name}</a></li> })
            }
        })
        .collect_view();
    let options = frame
        .families
        .iter()
        .map(|(id, title)| {
            view! { <option value=id.clone() selected=family.as_deref() == Some(id.as_str())>{title.clone()}</option> }
        })
        .collect_view();
    let as_of = crate::i18n::format::local_format(frame.as_of, "%d.%m.%Y %H:%M");
    let export_query = query_string(
        frame.scope.as_ref().map(|s| s.id.to_string()),
        family.clone(),
    );
    view! {
        <nav aria-label=i18n.t("report-breadcrumbs")>
            <ol class="breadcrumbs">{crumbs}</ol>
        </nav>
        <form method="get" action=path class="filter-form">
            {frame.scope.as_ref().map(|s| view! { <input type="hidden" name="unit" value=s.id.to_string() /> })}
            <div class="field">
                <label for="field-family">{i18n.t("report-family")}</label>
                <select id="field-family" name="family">
                    <option value="" selected=family.is_none()>{i18n.t("report-all-families")}</option>
                    {options}
                </select>
            </div>
            <button type="submit">{i18n.t("report-apply-filter")}</button>
        </form>
        <p class="hint">{i18n.t_args("report-rule", [("k", frame.min_group_size.into()), ("date", as_of.into())])}</p>
        <p class="hint">{i18n.t("report-noise-note")}" "<a href="/privacy">{i18n.t("report-noise-link")}</a></p>
        <ul class="export-links" aria-label=i18n.t("report-export")>
            <li><a href=format!("/reports/{kind}/export.csv{export_query}") download="">{i18n.t("report-export-csv")}</a></li>
            <li><a href=format!("/reports/{kind}/export.xlsx{export_query}") download="">{i18n.t("report-export-xlsx")}</a></li>
        </ul>
        <p class="hint no-print">{i18n.t("report-print-hint")}</p>
    }
}

/// A unit × column table; unit names open the next level down.
#[component]
fn UnitTable(report: UnitReport, path: &'static str, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let family = report.frame.family.clone();
    let head = report
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.title.clone()}</th> })
        .collect_view();
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let name = row
                .unit
                .as_ref()
                .map(|u| u.name.clone())
                .unwrap_or_else(|| report.frame.organisation_name.clone());
            let label = if row.is_scope {
                Either::Left(view! { <strong>{i18n.t_args("report-scope-total", [("name", name.into())])}</strong> })
            } else if row.has_children {
                let href = format!(
                    "{path}{}",
                    query_string(row.unit.as_ref().map(|u| u.id.to_string()), family.clone())
                );
                Either::Right(Either::Left(view! { <a href=href>{name}</a> }))
            } else {
                Either::Right(Either::Right(view! { <span>{name}</span> }))
            };
            let cells = row
                .cells
                .iter()
                .map(|cell| view! { <td class="number">{cell_text(i18n, *cell)}</td> })
                .collect_view();
            view! { <tr class:scope-row=row.is_scope><th scope="row">{label}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby="report-table-caption" tabindex="0">
            <table class="report-table">
                <caption id="report-table-caption">{caption}</caption>
                <thead><tr><th scope="col">{i18n.t("field-department")}</th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The heatmap as a table HR reads at a glance: one row per unit (names never cut), one column
/// per competence under its short name (the full name on hover, for screen readers, in the key
/// below and in the detailed table after it), each cell its share in per cent on a colour that
/// makes gaps the strongest (ColorBrewer PuOr: dark orange for 0–19 %, purple for 80–100 %,
/// told apart with every kind of colour blindness, and the figure is always written too).
/// Above it, the weakest cells in words.
#[component]
fn HeatmapTable(report: UnitReport) -> impl IntoView {
    let i18n = use_i18n();
    let family = report.frame.family.clone();
    let unit_name = |row: &crate::reports::UnitRow| {
        row.unit
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_else(|| report.frame.organisation_name.clone())
    };
    // The weakest released cells of the units below the scope, competences only.
    let competences = report.columns.len().saturating_sub(1);
    let mut weakest: Vec<(u64, String, String)> = report
        .rows
        .iter()
        .filter(|row| !row.is_scope)
        .flat_map(|row| {
            let name = unit_name(row);
            row.cells
                .iter()
                .take(competences)
                .zip(&report.columns)
                .filter_map(move |(cell, column)| {
                    cell.percent()
                        .filter(|p| *p < WEAK_BELOW)
                        .map(|p| (p, name.clone(), column.title.clone()))
                })
        })
        .collect();
    weakest.sort_by_key(|(percent, _, _)| *percent);
    weakest.truncate(3);
    let weak_list = (!weakest.is_empty()).then(|| {
        let items = weakest
            .into_iter()
            .map(|(percent, unit, competence)| {
                view! {
                    <li>{i18n.t_args(
                        "report-heatmap-weak-item",
                        [("unit", unit.into()), ("competence", competence.into()), ("percent", percent.into())],
                    )}</li>
                }
            })
            .collect_view();
        view! {
            <div class="notice heatmap-weak">
                <h2>{i18n.t("report-heatmap-weak")}</h2>
                <ul>{items}</ul>
            </div>
        }
    });
    let head = report
        .columns
        .iter()
        .map(|c| {
            view! {
                <th scope="col" title=c.title.clone()>
                    <span aria-hidden="true">{c.short.clone()}</span>
                    <span class="visually-hidden">{c.title.clone()}</span>
                </th>
            }
        })
        .collect_view();
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let name = unit_name(row);
            let label = if row.has_children && !row.is_scope {
                let href = format!(
                    "/reports/heatmap{}",
                    query_string(row.unit.as_ref().map(|u| u.id.to_string()), family.clone())
                );
                Either::Left(view! { <a href=href>{name}</a> })
            } else {
                Either::Right(view! { <span>{name}</span> })
            };
            let cells = row
                .cells
                .iter()
                .map(|cell| {
                    let (class, text) = match cell.percent() {
                        Some(percent) => (
                            format!("heat heat-{}", (percent.min(99) / 20)),
                            i18n.t_args("report-heatmap-cell", [("percent", percent.into())]),
                        ),
                        None if *cell == Cell::Suppressed => {
                            ("heat heat-hidden".to_owned(), "×".to_owned())
                        }
                        None => ("heat heat-none".to_owned(), "·".to_owned()),
                    };
                    let spoken = match cell {
                        Cell::Suppressed => Some(i18n.t("report-cell-suppressed")),
                        Cell::None => Some(i18n.t("report-cell-none")),
                        Cell::Share { .. } => None,
                    };
                    view! {
                        <td class=class>
                            <span aria-hidden=spoken.is_some().then_some("true")>{text}</span>
                            {spoken.map(|s| view! { <span class="visually-hidden">{s}</span> })}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr class:scope-row=row.is_scope><th scope="row">{label}</th>{cells}</tr> }
        })
        .collect_view();
    let steps = [(0, "0–19 %"), (1, "20–39 %"), (2, "40–59 %"), (3, "60–79 %"), (4, "80–100 %")]
        .into_iter()
        .map(|(step, label)| {
            view! { <li><span class=format!("legend-swatch heat heat-{step}") aria-hidden="true"></span>{label}</li> }
        })
        .collect_view();
    let key = report
        .columns
        .iter()
        .map(|c| view! { <div><dt>{c.short.clone()}</dt><dd>{c.title.clone()}</dd></div> })
        .collect_view();
    view! {
        {weak_list}
        <p class="heatmap-explained">{i18n.t("report-heatmap-svg-title")}</p>
        <figure class="heatmap">
            <div class="table-scroll heatmap-scroll" role="region" aria-labelledby="heatmap-caption" tabindex="0">
                <table class="heatmap-table">
                    <caption id="heatmap-caption">{i18n.t("report-heatmap-table-caption")}</caption>
                    <thead><tr><th scope="col">{i18n.t("report-heatmap-unit")}</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <figcaption>
                <ul class="legend legend-colours">{steps}
                    <li><span class="legend-key">"×"</span>" "{i18n.t("report-cell-suppressed")}</li>
                    <li><span class="legend-key">"·"</span>" "{i18n.t("report-cell-none")}</li>
                </ul>
                <dl class="legend legend-columns">{key}</dl>
            </figcaption>
        </figure>
    }
}

/// Cells below this share (per cent) count as weak spots.
const WEAK_BELOW: u64 = 40;

fn use_filter() -> (Memo<Option<String>>, Memo<Option<String>>) {
    let query = use_query_map();
    (
        Memo::new(move |_| query.with(|q| q.get("unit")).filter(|u| !u.is_empty())),
        Memo::new(move |_| query.with(|q| q.get("family")).filter(|f| !f.is_empty())),
    )
}

#[component]
pub fn HeatmapPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("report-heatmap-title") />
        <Protected roles=&[Role::Hr] children=move |_| view! { <Heatmap /> } />
    }
}

#[component]
fn Heatmap() -> impl IntoView {
    let i18n = use_i18n();
    let (unit, family) = use_filter();
    let report = Resource::new(
        move || (unit.get(), family.get()),
        |(unit, family)| heatmap_report(unit, family),
    );
    view! {
        <p><a href="/reports">{i18n.t("reports-back")}</a></p>
        <h1>{i18n.t("report-heatmap-title")}</h1>
        <p>{i18n.t("report-heatmap-intro")}</p>
        {await_view(report, move |report| {
            let empty = report.columns.len() <= 1;
            view! {
                <FrameView frame=report.frame.clone() path="/reports/heatmap" kind="heatmap" />
                {if empty {
                    Either::Left(view! { <p>{i18n.t("report-no-targets")}</p> })
                } else {
                    Either::Right(view! {
            <HeatmapTable report=report.clone() />
            <UnitTable report=report.clone() path="/reports/heatmap" caption=i18n.t("report-heatmap-caption") />
                    })
                }}
            }
        })}
    }
}

#[component]
pub fn CertificationReportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("report-certification-title") />
        <Protected roles=&[Role::Hr] children=move |_| view! { <CertificationReport /> } />
    }
}

#[component]
fn CertificationReport() -> impl IntoView {
    let i18n = use_i18n();
    let (unit, family) = use_filter();
    let report = Resource::new(
        move || (unit.get(), family.get()),
        |(unit, family)| certification_report(unit, family),
    );
    view! {
        <p><a href="/reports">{i18n.t("reports-back")}</a></p>
        <h1>{i18n.t("report-certification-title")}</h1>
        <p>{i18n.t("report-certification-intro")}</p>
        {await_view(report, move |report| view! {
            <FrameView frame=report.frame.clone() path="/reports/certification" kind="certification" />
            <UnitTable report=report path="/reports/certification" caption=i18n.t("report-certification-caption") />
        })}
    }
}

#[component]
pub fn GapsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("report-gaps-title") />
        <Protected roles=&[Role::Hr] children=move |_| view! { <Gaps /> } />
    }
}

#[component]
fn Gaps() -> impl IntoView {
    let i18n = use_i18n();
    let (unit, family) = use_filter();
    let report = Resource::new(
        move || (unit.get(), family.get()),
        |(unit, family)| load_gap_report(unit, family),
    );
    view! {
        <p><a href="/reports">{i18n.t("reports-back")}</a></p>
        <h1>{i18n.t("report-gaps-title")}</h1>
        <p>{i18n.t("report-gaps-intro")}</p>
        {await_view(report, move |report| {
            let family = report.frame.family.clone();
            let rows = report.rows.iter().enumerate().map(|(index, row)| {
                let units = row.units.iter().map(|(unit, count)| {
                    let href = format!("/reports/gaps{}", query_string(Some(unit.id.to_string()), family.clone()));
                    view! { <li><a href=href>{unit.name.clone()}</a>": "{*count}</li> }
                }).collect_view();
                let kind = if row.mandatory { i18n.t("module-mandatory") } else { i18n.t("module-elective") };
                view! {
                    <tr>
                        <td class="number">{index + 1}</td>
                        <th scope="row"><a href=format!("/modules/{}", row.module_id)>{row.module_title.clone()}</a><br /><span class="hint">{kind}</span></th>
                        <td class="number">{cell_text(i18n, row.need)}</td>
                        <td><ul class="plain-list">{units}</ul></td>
                    </tr>
                }
            }).collect_view();
            view! {
                <FrameView frame=report.frame.clone() path="/reports/gaps" kind="gaps" />
                <div class="table-scroll" role="region" aria-labelledby="gaps-caption" tabindex="0">
                    <table class="report-table">
                        <caption id="gaps-caption">{i18n.t("report-gaps-caption")}</caption>
                        <thead><tr>
                            <th scope="col" class="number">{i18n.t("report-rank")}</th>
                            <th scope="col">{i18n.t("report-module")}</th>
                            <th scope="col" class="number">{i18n.t("report-need")}</th>
                            <th scope="col">{i18n.t("report-need-units")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <h2>{i18n.t("report-gaps-reported")}</h2>
                <p>{i18n.t("report-gaps-reported-text")}" "<a href="/reports/needs">{i18n.t("report-needs-title")}</a></p>
            }
        })}
    }
}

#[component]
pub fn TrendPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("report-trend-title") />
        <Protected roles=&[Role::Hr] children=move |_| view! { <Trend /> } />
    }
}

#[component]
fn Trend() -> impl IntoView {
    let i18n = use_i18n();
    let (unit, family) = use_filter();
    let report = Resource::new(
        move || (unit.get(), family.get()),
        |(unit, family)| load_trend_report(unit, family),
    );
    view! {
        <p><a href="/reports">{i18n.t("reports-back")}</a></p>
        <h1>{i18n.t("report-trend-title")}</h1>
        <p>{i18n.t("report-trend-intro")}</p>
        {await_view(report, move |report| {
            let rows = report.points.iter().map(|p| view! {
                <tr>
                    <th scope="row">{p.month.clone()}</th>
                    <td class="number">{cell_text(i18n, p.targets)}</td>
                    <td class="number">{cell_text(i18n, p.certified)}</td>
                </tr>
            }).collect_view();
            view! {
                <FrameView frame=report.frame.clone() path="/reports/trend" kind="trend" />
                <div class="table-scroll" role="region" aria-labelledby="trend-caption" tabindex="0">
                    <table class="report-table">
                        <caption id="trend-caption">{i18n.t("report-trend-caption")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("report-month")}</th>
                            <th scope="col" class="number">{i18n.t("report-all-targets")}</th>
                            <th scope="col" class="number">{i18n.t("report-certified")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })}
    }
}

#[component]
pub fn ReportSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("report-settings-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <ReportSettingsView /> } />
    }
}

#[component]
fn ReportSettingsView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let set = ServerAction::<SetReportEnabled>::new();
    let settings = Resource::new(move || set.version().get(), |_| load_report_settings());
    let error = action_error(set);
    view! {
        <p><a href="/reports">{i18n.t("reports-back")}</a></p>
        <h1>{i18n.t("report-settings-title")}</h1>
        <p>{i18n.t("report-settings-intro")}</p>
        {move || query.with(|q| q.get("saved").is_some()).then(|| view! { <Notice text=i18n.t("saved") /> })}
        <ErrorSummary error />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(err) => Either::Left(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                    Ok(s) => Either::Right(s.enabled.into_iter().map(|(kind, on)| {
                        let title = i18n.t(kind.title_key());
                        let state = if on { i18n.t("report-on") } else { i18n.t("report-switched-off") };
                        let button = if on {
                            i18n.t_args("report-switch-off", [("report", title.clone().into())])
                        } else {
                            i18n.t_args("report-switch-on", [("report", title.clone().into())])
                        };
                        view! {
                            <section class="setting-row">
                                <h2>{title}</h2>
                                <p>{state}</p>
                                <ActionForm action=set>
                                    <input type="hidden" name="report" value=kind.as_str() />
                                    <input type="hidden" name="enabled" value=if on { "false" } else { "true" } />
                                    <button type="submit">{button}</button>
                                </ActionForm>
                            </section>
                        }
                    }).collect_view()),
                }
            })}
        </Suspense>
    }
}

/// "Meine Ziele": the learner's own targets, on their evidence page.
#[component]
pub fn OwnTargetsSection() -> impl IntoView {
    let i18n = use_i18n();
    let targets = Resource::new(|| (), |_| load_own_targets());
    view! {
        <section aria-labelledby="own-targets">
            <h2 id="own-targets">{i18n.t("own-targets-title")}</h2>
            <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match targets.await {
                        Err(err) => EitherOf3::A(view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }),
                        Ok(own) if own.targets.is_empty() => EitherOf3::B(view! { <p>{i18n.t("own-targets-none")}</p> }),
                        Ok(own) => {
                            let family = own.job_family.clone().map(|f| i18n.t_args("own-targets-family", [("family", f.into())]));
                            let open = own.targets.iter().filter(|t| !t.met).count();
                            let rows = own.targets.into_iter().map(|t| {
                                let status = if t.met {
                                    match t.expires {
                                        Some(date) => i18n.t_args("own-target-met-until", [("date", date.format("%d.%m.%Y").to_string().into())]),
                                        None => i18n.t("own-target-met"),
                                    }
                                } else {
                                    i18n.t("own-target-open")
                                };
                                let modules = t.modules.into_iter().map(|(id, title)| view! {
                                    <li><a href=format!("/modules/{id}")>{title}</a></li>
                                }).collect_view();
                                view! {
                                    <tr>
                                        <th scope="row">{t.competence}</th>
                                        <td class="number">{t.level}</td>
                                        <td>{status}</td>
                                        <td><ul class="plain-list">{modules}</ul></td>
                                    </tr>
                                }
                            }).collect_view();
                            EitherOf3::C(view! {
                                {family.map(|f| view! { <p>{f}</p> })}
                                <p>{i18n.t_args("own-targets-summary", [("open", open.into())])}</p>
                                <div class="table-scroll" role="region" aria-labelledby="own-targets-caption" tabindex="0">
                                    <table>
                                        <caption id="own-targets-caption">{i18n.t("own-targets-caption")}</caption>
                                        <thead><tr>
                                            <th scope="col">{i18n.t("own-target-competence")}</th>
                                            <th scope="col" class="number">{i18n.t("own-target-level")}</th>
                                            <th scope="col">{i18n.t("own-target-status")}</th>
                                            <th scope="col">{i18n.t("own-target-modules")}</th>
                                        </tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            })
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

pub(crate) fn count_text(i18n: I18n, count: Count) -> String {
    match count {
        Count::Value(n)
        | Count::About {
            value: n,
            margin: 0,
        } => n.to_string(),
        Count::About { value, margin } => i18n.t_args(
            "report-count-about",
            [("value", value.into()), ("margin", margin.into())],
        ),
        Count::Hidden => i18n.t("report-cell-suppressed"),
    }
}

/// The public key figures ("Kennzahlen"), without login, once an admin has published them.
#[component]
pub fn PublicFiguresPage() -> impl IntoView {
    let i18n = use_i18n();
    let figures = Resource::new(|| (), |_| load_public_figures());
    view! {
        <Title text=i18n.t("report-public-title") />
        <h1>{i18n.t("report-public-title")}</h1>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Err(_) => Either::Left(view! { <crate::ui::NotFound /> }),
                    Ok(f) => {
                        let modules = f.modules.iter().map(|(id, title, count)| view! {
                            <tr><th scope="row"><a href=format!("/modules/{id}")>{title.clone()}</a></th><td class="number">{count_text(i18n, *count)}</td></tr>
                        }).collect_view();
                        let areas = f.areas.iter().map(|(_, title, cell)| view! {
                            <tr><th scope="row">{title.clone()}</th><td class="number">{cell_text(i18n, *cell)}</td></tr>
                        }).collect_view();
                        let as_of = crate::i18n::format::local_format(f.as_of, "%d.%m.%Y");
                        Either::Right(view! {
                            <p>{i18n.t_args("report-public-intro-full", [("organisation", f.organisation_name.clone().into()), ("date", as_of.into()), ("k", f.min_group_size.into())])}</p>
                            <dl class="summary-list">
                                <dt>{i18n.t("public-employees")}</dt><dd>{count_text(i18n, f.employees)}</dd>
                                <dt>{i18n.t("public-certificates-issued")}</dt><dd>{count_text(i18n, f.certificates_issued)}</dd>
                                <dt>{i18n.t("public-certificates-valid")}</dt><dd>{count_text(i18n, f.certificates_valid)}</dd>
                                <dt>{i18n.t("public-certified")}</dt><dd>{cell_text(i18n, f.certified)}</dd>
                            </dl>
                            <div class="table-scroll" role="region" aria-labelledby="public-modules" tabindex="0">
                                <table>
                                    <caption id="public-modules">{i18n.t("public-modules")}</caption>
                                    <thead><tr><th scope="col">{i18n.t("report-module")}</th><th scope="col" class="number">{i18n.t("public-passed")}</th></tr></thead>
                                    <tbody>{modules}</tbody>
                                </table>
                            </div>
                            <div class="table-scroll" role="region" aria-labelledby="public-areas" tabindex="0">
                                <table>
                                    <caption id="public-areas">{i18n.t("public-areas")}</caption>
                                    <thead><tr><th scope="col">{i18n.t("public-area")}</th><th scope="col" class="number">{i18n.t("report-all-targets")}</th></tr></thead>
                                    <tbody>{areas}</tbody>
                                </table>
                            </div>
                            <h2>{i18n.t("public-open-data")}</h2>
                            <ul>
                                <li><a href="/kennzahlen.csv" download="">{i18n.t("public-download-csv")}</a></li>
                                <li><a href="/kennzahlen.json">{i18n.t("public-download-json")}</a></li>
                            </ul>
                        })
                    }
                }
            })}
        </Suspense>
    }
}
