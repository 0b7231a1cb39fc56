//! The training needs staff reported ("Bildungsbedarf melden", `crate::feedback::needs`), for
//! HR, per competence and for the whole organisation, beside the measured gap of the same
//! competence (people with a target there who do not meet it yet, from the heatmap's release).
//!
//! Like every report figure these counts are released with noise once per period (figure
//! family `Needs`, its own ε in `[privacy]`): within a period a new or withdrawn request changes
//! nothing that is shown, so comparing two views tells nothing about one request. Per
//! competence three counts are released: the people who reported a need, the people concerned
//! (a team's lead counts for the team, clipped to `TEAM_CAP` per person and competence, the
//! sensitivity the noise is scaled to), and of those the people concerned urgently. A row is
//! shown only when the released number of people who reported reaches k. Units are not shown:
//! the requests are few, and per unit they would rest on one or two people.
//!
//! The topics people typed are not shown: a free text can name its writer by what it says (the
//! only procedure of a small office, a colleague's name), however many requests there are.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::{Cell, Count};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::ui::{Protected, await_view};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedRow {
    pub competence: String,
    pub title: String,
    /// People with a target in this competence who do not meet it: `met` is that number here.
    /// `None` while the heatmap is switched off.
    pub measured: Option<Cell>,
    /// People who reported a need; hidden below k.
    pub reporters: Count,
    /// People concerned (a team's lead counts for the team, clipped).
    pub people: Count,
    /// Of them, urgently.
    pub urgent: Count,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsReport {
    pub organisation_name: String,
    pub min_group_size: u64,
    pub team_cap: u64,
    pub as_of: chrono::DateTime<chrono::Utc>,
    pub rows: Vec<NeedRow>,
}

#[server(endpoint = "reports/needs")]
pub async fn load_needs_report() -> Result<NeedsReport, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::needs(ctx, me).await).await
}

#[component]
pub fn NeedsReportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("report-needs-title") />
        <Protected roles=&[Role::Hr] children=move |_| view! { <NeedsReportView /> } />
    }
}

#[component]
fn NeedsReportView() -> impl IntoView {
    let i18n = use_i18n();
    let report = Resource::new(|| (), |_| load_needs_report());
    view! {
        <p><a href="/reports">{i18n.t("reports-back")}</a></p>
        <h1>{i18n.t("report-needs-title")}</h1>
        <p>{i18n.t("report-needs-intro")}</p>
        {await_view(report, move |r: NeedsReport| {
            let as_of = crate::i18n::format::local_format(r.as_of, "%d.%m.%Y %H:%M");
            let rows = r.rows.iter().map(|row| {
                let measured = match row.measured {
                    Some(cell) => super::pages::cell_text(i18n, cell),
                    None => i18n.t("report-needs-measured-off"),
                };
                view! {
                    <tr>
                        <th scope="row">{row.title.clone()}</th>
                        <td class="number">{measured}</td>
                        <td class="number">{super::pages::count_text(i18n, row.reporters)}</td>
                        <td class="number">{super::pages::count_text(i18n, row.people)}</td>
                        <td class="number">{super::pages::count_text(i18n, row.urgent)}</td>
                    </tr>
                }
            }).collect_view();
            view! {
                <p class="hint">{i18n.t_args("report-needs-rule", [("k", r.min_group_size.into()), ("date", as_of.into()), ("cap", r.team_cap.into())])}</p>
                <p class="hint">{i18n.t("report-noise-note")}" "<a href="/privacy">{i18n.t("report-noise-link")}</a></p>
                <ul class="export-links" aria-label=i18n.t("report-export")>
                    <li><a href="/reports/needs/export.csv" download="">{i18n.t("report-export-csv")}</a></li>
                    <li><a href="/reports/needs/export.xlsx" download="">{i18n.t("report-export-xlsx")}</a></li>
                </ul>
                <div class="table-scroll" role="region" aria-labelledby="needs-caption" tabindex="0">
                    <table class="report-table">
                        <caption id="needs-caption">{i18n.t("report-needs-caption")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("report-needs-competence")}</th>
                            <th scope="col" class="number">{i18n.t("report-needs-measured")}</th>
                            <th scope="col" class="number">{i18n.t("report-needs-reporters")}</th>
                            <th scope="col" class="number">{i18n.t("report-needs-people")}</th>
                            <th scope="col" class="number">{i18n.t("report-needs-urgent")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <p><a href="/reports/gaps">{i18n.t("report-needs-to-gaps")}</a></p>
            }
        })}
    }
}

#[cfg(feature = "ssr")]
pub mod server {
    //! Counting the requests, releasing the counts, the table for the exports.

    use std::collections::{HashMap, HashSet};

    use sea_orm::{EntityTrait, QuerySelect};
    use uuid::Uuid;

    use super::{Cell, Count, NeedRow, NeedsReport};
    use crate::auth::CurrentUser;
    use crate::content::HasContent;
    use crate::context::AppContext;
    use crate::db::training_need;
    use crate::error::AppError;
    use crate::feedback::needs::{TEAM_CAP, Urgency};
    use crate::i18n::{Locale, translate};
    use crate::privacy::FigureFamily;
    use crate::privacy::server::{
        ReleaseRequest, Released, TrueCount, WHOLE, current_period, margin, release_many,
    };
    use crate::reports::ReportKind;
    use crate::reports::export::{Table, Value, escape};
    use crate::reports::suppress::{Figure, released_large_enough};

    pub async fn needs(ctx: &AppContext, me: &CurrentUser) -> Result<NeedsReport, AppError> {
        crate::reports::server::report_access(ctx, Some(me), ReportKind::Needs).await?;
        let report = build_needs(ctx, me.locale).await?;
        crate::reports::server::audit_view(
            ctx,
            me,
            "report.viewed",
            ReportKind::Needs,
            None,
            None,
            None,
        )
        .await?;
        Ok(report)
    }

    /// Per competence: (people who reported, people concerned, people concerned urgently),
    /// each person clipped to `TEAM_CAP` per competence.
    type Sums = (u64, u64, u64);

    pub async fn build_needs(ctx: &AppContext, locale: Locale) -> Result<NeedsReport, AppError> {
        let population = ctx
            .part::<crate::reports::data::ReportCache>()
            .population(
                &ctx.read,
                &ctx.content(),
                ctx.now(),
                ctx.settings.report_cache_seconds,
            )
            .await?;
        let k = ctx.settings.report_min_group_size;
        let members: HashSet<Uuid> = population.people.iter().map(|p| p.id).collect();
        let employees = members.len() as u64;
        let rows: Vec<(Uuid, String, String, Option<i32>)> = training_need::Entity::find()
            .select_only()
            .column(training_need::Column::UserId)
            .column(training_need::Column::Competence)
            .column(training_need::Column::Urgency)
            .column(training_need::Column::TeamSize)
            .into_tuple()
            .all(&ctx.read)
            .await?;
        // (person, competence) → (people concerned, urgently), before clipping.
        let mut per_person: HashMap<(Uuid, String), (u64, u64)> = HashMap::new();
        for (user, competence, urgency, team) in rows {
            if !members.contains(&user) {
                continue;
            }
            let people = team.and_then(|t| u64::try_from(t).ok()).unwrap_or(1).max(1);
            let entry = per_person.entry((user, competence)).or_default();
            entry.0 += people;
            if Urgency::parse(&urgency) == Some(Urgency::High) {
                entry.1 += people;
            }
        }
        let mut sums: HashMap<String, Sums> = HashMap::new();
        for ((_, competence), (people, urgent)) in per_person {
            let s = sums.entry(competence).or_default();
            s.0 += 1;
            s.1 += people.min(TEAM_CAP);
            s.2 += urgent.min(TEAM_CAP);
        }
        let competences: Vec<(String, String)> =
            crate::feedback::needs::server::competences(ctx, locale);
        let period = current_period(ctx);
        let keys: Vec<[String; 3]> = competences
            .iter()
            .map(|(id, _)| {
                [
                    format!("needs.reporters.{id}"),
                    format!("needs.people.{id}"),
                    format!("needs.urgent.{id}"),
                ]
            })
            .collect();
        let whole = |value: u64| {
            vec![TrueCount {
                cell: WHOLE.to_owned(),
                total: employees,
                value,
            }]
        };
        let mut requests = Vec::new();
        for ((id, _), names) in competences.iter().zip(&keys) {
            let (reporters, people, urgent) = sums.get(id).copied().unwrap_or_default();
            requests.push(ReleaseRequest {
                measure: &names[0],
                sensitivity: 1,
                truth: Box::new(move || whole(reporters)),
            });
            requests.push(ReleaseRequest {
                measure: &names[1],
                sensitivity: TEAM_CAP as u32,
                truth: Box::new(move || whole(people)),
            });
            requests.push(ReleaseRequest {
                measure: &names[2],
                sensitivity: TEAM_CAP as u32,
                truth: Box::new(move || whole(urgent)),
            });
        }
        let released = release_many(ctx, FigureFamily::Needs, &period, requests).await?;
        let as_of = released
            .iter()
            .map(|r| r.released_at)
            .min()
            .unwrap_or(ctx.now());
        // The measured gap beside: the heatmap's released figure for the whole organisation,
        // only while the heatmap is switched on.
        let measured: Option<Vec<crate::reports::data::Measure>> =
            if crate::reports::server::enabled(&ctx.read, ReportKind::Heatmap).await? {
                let levels = population.levels(ctx.now());
                Some(
                    crate::reports::server::heatmap_measures(ctx, &population, &levels, &period)
                        .await?,
                )
            } else {
                None
            };
        let value = |r: &Released| r.get(WHOLE).map_or(0, |(_, v)| v);
        let about = |r: &Released, v: i64| Count::About {
            value: u64::try_from(v.max(0)).unwrap_or(0),
            margin: margin(r.scale, 1),
        };
        let rows = competences
            .into_iter()
            .enumerate()
            .map(|(index, (id, title))| {
                let [reporters, people, urgent] = [
                    &released[index * 3],
                    &released[index * 3 + 1],
                    &released[index * 3 + 2],
                ];
                let shown = released_large_enough(value(reporters), k);
                let (people_value, urgent_value) = (value(people), value(urgent));
                // "Urgent" is a part of "concerned": shown only when it and the rest are both
                // at least k, as released, so that it never singles out a few.
                let urgent_shown = shown
                    && released_large_enough(urgent_value, k)
                    && released_large_enough(people_value - urgent_value, k);
                let gap = measured.as_ref().map(|measures| {
                    population
                        .competences
                        .iter()
                        .position(|c| *c == id)
                        .and_then(|i| measures.get(i))
                        .map_or(Cell::None, |m| {
                            match m.cell(
                                &population.shape,
                                Figure {
                                    unit: None,
                                    family: None,
                                },
                            ) {
                                Cell::Share { met, total, margin } => Cell::Share {
                                    met: total.saturating_sub(met),
                                    total,
                                    margin,
                                },
                                other => other,
                            }
                        })
                });
                NeedRow {
                    competence: id,
                    title,
                    measured: gap,
                    reporters: if shown {
                        about(reporters, value(reporters))
                    } else {
                        Count::Hidden
                    },
                    people: if shown {
                        about(people, people_value)
                    } else {
                        Count::Hidden
                    },
                    urgent: if urgent_shown {
                        about(urgent, urgent_value)
                    } else {
                        Count::Hidden
                    },
                }
            })
            .collect();
        Ok(NeedsReport {
            organisation_name: ctx.settings.organisation_name.clone(),
            min_group_size: k,
            team_cap: TEAM_CAP,
            as_of,
            rows,
        })
    }

    fn count_value(locale: Locale, count: Count) -> [Value; 2] {
        match count {
            Count::Value(n) => [Value::Number(n as f64), Value::Number(0.0)],
            Count::About { value, margin } => {
                [Value::Number(value as f64), Value::Number(margin as f64)]
            }
            Count::Hidden => [
                Value::Text(escape(&translate(locale, "report-cell-suppressed", None))),
                Value::Empty,
            ],
        }
    }

    /// The same figures as the page, for CSV and XLSX.
    pub fn needs_table(locale: Locale, title: &str, report: &NeedsReport) -> Table {
        let t = |key: &str| translate(locale, key, None);
        let margin = t("report-needs-margin");
        let header = vec![
            t("report-needs-competence"),
            t("report-needs-measured"),
            t("report-needs-reporters"),
            margin.clone(),
            t("report-needs-people"),
            margin.clone(),
            t("report-needs-urgent"),
            margin,
        ];
        let rows = report
            .rows
            .iter()
            .map(|row| {
                let measured = match row.measured {
                    Some(Cell::Share { met, .. }) => Value::Number(met as f64),
                    Some(Cell::Suppressed) => Value::Text(escape(&t("report-cell-suppressed"))),
                    Some(Cell::None) => Value::Text(escape(&t("report-cell-none"))),
                    None => Value::Text(escape(&t("report-needs-measured-off"))),
                };
                let mut values = vec![Value::Text(escape(&row.title)), measured];
                values.extend(count_value(locale, row.reporters));
                values.extend(count_value(locale, row.people));
                values.extend(count_value(locale, row.urgent));
                values
            })
            .collect();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("k", report.min_group_size);
        args.set(
            "date",
            crate::i18n::format::local_format(report.as_of, "%d.%m.%Y %H:%M"),
        );
        args.set("cap", report.team_cap);
        Table {
            title: title.to_owned(),
            notes: vec![
                report.organisation_name.clone(),
                translate(locale, "report-needs-rule", Some(&args)),
            ],
            header,
            rows,
        }
    }
}
