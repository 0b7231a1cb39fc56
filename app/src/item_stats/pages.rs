//! The editors' pages (`/redaktion/statistik`, `/redaktion/statistik/<module>`) and the form
//! "Frage melden" that the quiz's result page shows under each question.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

use super::{
    Figures, MAX_COMMENT, MIN_ATTEMPTS, ModuleFigures, QuestionFigures, ReportQuestion, ReportView,
    ResolveReport, StatsOverview, get_module_figures, get_stats_overview,
};
use crate::auth::Role;
use crate::i18n::{I18n, Locale, format, use_i18n};
use crate::ui::{ErrorSummary, Notice, Protected, action_error, await_view, percent_encode};

/// A figure with `digits` decimals, with the decimal comma in German.
fn decimal(locale: Locale, value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$}");
    // "-0.00" says nothing "0.00" does not.
    let text = if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_owned()
    } else {
        text
    };
    if locale == Locale::De {
        text.replace('.', ",")
    } else {
        text
    }
}

fn percent(i18n: I18n, value: f64) -> String {
    i18n.t_args(
        "stats-percent",
        [("value", decimal(i18n.locale, value, 0).into())],
    )
}

#[component]
pub fn StatsOverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("stats-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <Overview /> } />
    }
}

#[component]
fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| get_stats_overview());
    view! {
        <h1>{i18n.t("stats-title")}</h1>
        <p>{i18n.t_args("stats-intro", [("min", (MIN_ATTEMPTS as f64).into())])}</p>
        {await_view(overview, move |o: StatsOverview| {
            let rows = o.modules.into_iter().map(|m| {
                let href = format!("/redaktion/statistik/{}", percent_encode(&m.module_id));
                view! {
                    <tr>
                        <th scope="row"><a href=href>{m.title}</a></th>
                        <td data-label=i18n.t("stats-col-version")>{m.version}</td>
                        <td class="number" data-label=i18n.t("stats-col-attempts")>{m.attempts}</td>
                        <td class="number" data-label=i18n.t("stats-col-with-figures")>{m.questions_with_figures}</td>
                        <td class="number" data-label=i18n.t("stats-col-flagged")>{m.questions_flagged}</td>
                        <td class="number" data-label=i18n.t("stats-col-reports")>{m.open_reports}</td>
                    </tr>
                }
            }).collect_view();
            view! {
                <div class="table-scroll" role="region" aria-labelledby="stats-modules-caption" tabindex="0">
                    <table class="stack-on-phone">
                        <caption id="stats-modules-caption">{i18n.t("stats-modules-caption")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t("stats-col-module")}</th>
                                <th scope="col">{i18n.t("stats-col-version")}</th>
                                <th scope="col" class="number">{i18n.t("stats-col-attempts")}</th>
                                <th scope="col" class="number">{i18n.t("stats-col-with-figures")}</th>
                                <th scope="col" class="number">{i18n.t("stats-col-flagged")}</th>
                                <th scope="col" class="number">{i18n.t("stats-col-reports")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })}
        <Explanations />
    }
}

#[component]
pub fn ModuleStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("stats-title") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <ModuleStats /> } />
    }
}

#[component]
fn ModuleStats() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let figures = Resource::new(
        move || {
            (
                params.with(|p| p.get("module")).unwrap_or_default(),
                query.with(|q| q.get("version")),
            )
        },
        |(module, version)| get_module_figures(module, version),
    );
    let resolve = ServerAction::<ResolveReport>::new();
    let error = action_error(resolve);
    let resolved = move || query.with(|q| q.get("resolved").is_some());
    view! {
        <ErrorSummary error />
        {await_view(figures, move |m: ModuleFigures| {
            let title = i18n.t_args("stats-module-title", [("title", m.title.clone().into())]);
            view! {
                <Title text=title.clone() />
                <p class="breadcrumb"><a href="/redaktion/statistik">{i18n.t("stats-title")}</a></p>
                <h1>{title}</h1>
                {resolved().then(|| view! { <Notice text=i18n.t("stats-report-resolved") /> })}
                <ModuleBody module=m resolve />
            }
        })}
    }
}

#[component]
fn ModuleBody(module: ModuleFigures, resolve: ServerAction<ResolveReport>) -> impl IntoView {
    let i18n = use_i18n();
    let m = module;
    let versions = (m.versions.len() > 1).then(|| {
        let links = m
            .versions
            .iter()
            .map(|(v, n)| {
                let href = format!(
                    "/redaktion/statistik/{}?version={}",
                    percent_encode(&m.module_id),
                    percent_encode(v)
                );
                let label = i18n.t_args(
                    "stats-version-link",
                    [("version", v.clone().into()), ("count", (*n as f64).into())],
                );
                let current = (*v == m.version).then_some("page");
                view! { <li><a href=href aria-current=current>{label}</a></li> }
            })
            .collect_view();
        view! {
            <nav aria-label=i18n.t("stats-versions")>
                <h2>{i18n.t("stats-versions")}</h2>
                <ul>{links}</ul>
            </nav>
        }
    });
    let facts = i18n.t_args(
        "stats-module-facts",
        [
            ("version", m.version.clone().into()),
            ("count", (m.attempts as f64).into()),
            ("min", (MIN_ATTEMPTS as f64).into()),
        ],
    );
    let older = (m.version != m.current_version).then(|| {
        view! { <p>{i18n.t_args("stats-older-version", [("current", m.current_version.clone().into())])}</p> }
    });
    let rows = m
        .questions
        .iter()
        .map(|q| view! { <QuestionRow question=q.clone() /> })
        .collect_view();
    let option_tables = m
        .questions
        .iter()
        .filter_map(|q| {
            let f = q.figures.as_ref()?;
            (!f.options.is_empty())
                .then(|| view! { <OptionTable question=q.clone() figures=f.clone() /> })
        })
        .collect_view();
    view! {
        <p>{facts}</p>
        {older}
        {versions}
        <h2>{i18n.t("stats-questions")}</h2>
        <div class="table-scroll" role="region" aria-labelledby="stats-questions-caption" tabindex="0">
            <table class="stack-on-phone">
                <caption id="stats-questions-caption">{i18n.t_args("stats-questions-caption", [("version", m.version.clone().into())])}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("stats-col-question")}</th>
                        <th scope="col">{i18n.t("stats-col-type")}</th>
                        <th scope="col" class="number">{i18n.t("stats-col-drawn")}</th>
                        <th scope="col" class="number">{i18n.t("stats-col-facility")}</th>
                        <th scope="col" class="number">{i18n.t("stats-col-discrimination")}</th>
                        <th scope="col">{i18n.t("stats-col-flags")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h2>{i18n.t("stats-options")}</h2>
        <p>{i18n.t("stats-options-intro")}</p>
        {option_tables}
        <Explanations />
        <Reports reports=m.reports resolve />
    }
}

fn question_label(i18n: I18n, q: &QuestionFigures) -> String {
    match &q.text {
        Some(text) => text.clone(),
        None => i18n.t_args(
            "stats-question-gone",
            [("id", q.question_id.clone().into())],
        ),
    }
}

#[component]
fn QuestionRow(question: QuestionFigures) -> impl IntoView {
    let i18n = use_i18n();
    let q = question;
    let label = question_label(i18n, &q);
    let reports = (q.open_reports > 0).then(|| {
        view! { <br /><a href="#reports">{i18n.t_args("stats-open-reports", [("count", (q.open_reports as f64).into())])}</a> }
    });
    let cells = match &q.figures {
        None => view! {
            <td class="number" data-label=i18n.t("stats-col-facility")>{i18n.t("stats-too-few")}</td>
            <td class="number" data-label=i18n.t("stats-col-discrimination")>"–"</td>
            <td data-label=i18n.t("stats-col-flags")>"–"</td>
        }
        .into_any(),
        Some(f) => {
            let discrimination = f
                .discrimination
                .map(|d| decimal(i18n.locale, d, 2))
                .unwrap_or_else(|| i18n.t("stats-no-variance"));
            let flags = if f.flags.is_empty() {
                view! { <span>{i18n.t("stats-no-flags")}</span> }.into_any()
            } else {
                let items = f
                    .flags
                    .iter()
                    .map(|flag| view! { <li><strong>{i18n.t(flag.label_key())}</strong></li> })
                    .collect_view();
                view! { <ul class="plain-list">{items}</ul> }.into_any()
            };
            view! {
                <td class="number" data-label=i18n.t("stats-col-facility")>{percent(i18n, f.facility)}</td>
                <td class="number" data-label=i18n.t("stats-col-discrimination")>{discrimination}</td>
                <td data-label=i18n.t("stats-col-flags")>{flags}</td>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <th scope="row">{label}{reports}</th>
            <td data-label=i18n.t("stats-col-type")>{i18n.t(&q.kind_key)}</td>
            <td class="number" data-label=i18n.t("stats-col-drawn")>{q.attempts}</td>
            {cells}
        </tr>
    }
}

#[component]
fn OptionTable(question: QuestionFigures, figures: Figures) -> impl IntoView {
    let i18n = use_i18n();
    let caption_id = format!("stats-options-{}", question.question_id);
    let region_labelled_by = caption_id.clone();
    let label = question_label(i18n, &question);
    let rows = figures
        .options
        .into_iter()
        .map(|o| {
            let right = if o.correct { i18n.t("stats-option-right") } else { i18n.t("stats-option-wrong") };
            view! {
                <tr>
                    <th scope="row">{o.text}</th>
                    <td data-label=i18n.t("stats-col-right")>{right}</td>
                    <td class="number" data-label=i18n.t("stats-col-picks")>{o.picks}</td>
                    <td class="number" data-label=i18n.t("stats-col-share")>{percent(i18n, o.percent)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=region_labelled_by tabindex="0">
            <table class="stack-on-phone">
                <caption id=caption_id>{label}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("stats-col-option")}</th>
                        <th scope="col">{i18n.t("stats-col-right")}</th>
                        <th scope="col" class="number">{i18n.t("stats-col-picks")}</th>
                        <th scope="col" class="number">{i18n.t("stats-col-share")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// What each figure means, in plain words for a trainer.
#[component]
fn Explanations() -> impl IntoView {
    let i18n = use_i18n();
    let min = (MIN_ATTEMPTS as f64).into();
    view! {
        <section aria-labelledby="stats-explained">
            <h2 id="stats-explained">{i18n.t("stats-explained")}</h2>
            <dl class="facts">
                <dt>{i18n.t("stats-col-drawn")}</dt>
                <dd>{i18n.t_args("stats-explain-drawn", [("min", min)])}</dd>
                <dt>{i18n.t("stats-col-facility")}</dt>
                <dd>{i18n.t("stats-explain-facility")}</dd>
                <dt>{i18n.t("stats-col-discrimination")}</dt>
                <dd>{i18n.t("stats-explain-discrimination")}</dd>
                <dt>{i18n.t("stats-options")}</dt>
                <dd>{i18n.t("stats-explain-options")}</dd>
                <dt>{i18n.t("stats-col-flags")}</dt>
                <dd>
                    <ul>
                        <li>{i18n.t("stats-explain-negative")}</li>
                        <li>{i18n.t("stats-explain-weak")}</li>
                        <li>{i18n.t("stats-explain-unchosen")}</li>
                        <li>{i18n.t("stats-explain-extreme")}</li>
                    </ul>
                </dd>
                <dt>{i18n.t("stats-privacy")}</dt>
                <dd>{i18n.t("stats-explain-privacy")}</dd>
            </dl>
        </section>
    }
}

#[component]
fn Reports(reports: Vec<ReportView>, resolve: ServerAction<ResolveReport>) -> impl IntoView {
    let i18n = use_i18n();
    let (open, done): (Vec<ReportView>, Vec<ReportView>) =
        reports.into_iter().partition(|r| r.resolved_at.is_none());
    let card = move |r: ReportView| {
        let question = r.question_text.clone().unwrap_or_else(|| {
            i18n.t_args(
                "stats-question-gone",
                [("id", r.question_id.clone().into())],
            )
        });
        let when = format::when(i18n.locale, r.created_at);
        let state = match r.resolved_at {
            Some(at) => i18n.t_args(
                "stats-report-done-at",
                [("time", format::when(i18n.locale, at).into())],
            ),
            None => i18n.t("stats-report-open"),
        };
        view! {
            <li class="card">
                <h3>{question}</h3>
                <p>{when}{" · "}{i18n.t_args("stats-report-version", [("version", r.module_version.clone().into())])}{" · "}{state}</p>
                <blockquote>{r.comment.clone()}</blockquote>
                {r.resolved_at.is_none().then(|| view! {
                    <ActionForm action=resolve>
                        <input type="hidden" name="id" value=r.id.to_string() />
                        <button type="submit">{i18n.t("stats-report-resolve")}</button>
                    </ActionForm>
                })}
            </li>
        }
    };
    let open_list = if open.is_empty() {
        view! { <p>{i18n.t("stats-reports-none")}</p> }.into_any()
    } else {
        view! { <ul class="plain-list">{open.into_iter().map(card).collect_view()}</ul> }.into_any()
    };
    let done_list = (!done.is_empty()).then(|| {
        view! {
            <h3>{i18n.t("stats-reports-done")}</h3>
            <ul class="plain-list">{done.into_iter().map(card).collect_view()}</ul>
        }
    });
    view! {
        <section aria-labelledby="reports">
            <h2 id="reports">{i18n.t("stats-reports")}</h2>
            <p>{i18n.t("stats-reports-intro")}</p>
            {open_list}
            {done_list}
        </section>
    }
}

/// "Frage melden" under a question of a result: a small form that works without JavaScript.
/// The result page holds the one action (and its error summary) for all its questions.
#[component]
pub fn ReportQuestionForm(
    action: ServerAction<ReportQuestion>,
    attempt: Uuid,
    position: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sent = query.with_untracked(|q| q.get("reported")) == Some(position.to_string());
    let field = format!("report-comment-{position}");
    let hint = format!("report-hint-{position}");
    view! {
        {sent.then(|| view! { <p class="notice notice-success" role="status">{i18n.t("report-question-sent")}</p> })}
        <details class="report-question">
            <summary>{i18n.t("report-question")}</summary>
            <ActionForm action=action attr:class="stack-form">
                <input type="hidden" name="attempt" value=attempt.to_string() />
                <input type="hidden" name="position" value=position.to_string() />
                <div class="field">
                    <label for=field.clone()>{i18n.t("report-question-comment")}</label>
                    <p class="hint" id=hint.clone()>{i18n.t_args("report-question-hint", [("max", (MAX_COMMENT as f64).into())])}</p>
                    <textarea id=field name="comment" rows="3" maxlength=MAX_COMMENT.to_string() required=true aria-describedby=hint></textarea>
                </div>
                <button type="submit">{i18n.t("report-question-send")}</button>
            </ActionForm>
        </details>
    }
}

/// The error summary of the result page's "Frage melden" forms.
pub fn report_errors(action: ServerAction<ReportQuestion>) -> impl IntoView {
    view! { <ErrorSummary error=action_error(action) /> }
}
