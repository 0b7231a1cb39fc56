//! The knowledge base's pages: the readers' list (`/wissen`, a GET form of filters) and article
//! (`/wissen/:slug`), the writers' desk (`/wissen/redaktion`), the page that writes, reviews and
//! sends back a revision (`/wissen/redaktion/neu`, `/wissen/redaktion/:id`), the administrators'
//! setting (`/wissen/einstellungen`), and the part of a lesson's page that links the articles
//! on the module's competences. Every form is a plain HTML form.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    ApproveArticle, ArticleCard, ArticleList, ArticleView, CheckArticle, Desk, DeskEntry,
    KnowledgeSettings, MAX_BODY, MAX_COMMENT, MAX_FILTER, MAX_RECHECK_MONTHS, MAX_SUMMARY,
    MAX_TITLE, ReturnArticle, RevisionPage, RevisionStatus, SaveArticle, SaveSettings, WRITERS,
    articles_for_module, get_article, get_desk, get_revision, get_settings, list_articles,
};
use crate::error::AppError;
use crate::i18n::{I18n, Locale, use_i18n};
use crate::identity::Role;
use crate::ui::{
    ErrorSummary, Protected, TextArea, TextField, action_error, await_view, query_notice,
};

/// The calendar day in Berlin, as the page's language writes it.
fn day(locale: Locale, at: DateTime<Utc>) -> String {
    let text = crate::i18n::format::local_format(at, "%Y-%m-%d");
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(|d| crate::i18n::format::date(locale, d))
        .unwrap_or(text)
}

fn status_tag(i18n: I18n, status: RevisionStatus) -> impl IntoView {
    view! { <span class=format!("tag knowledge-status-{}", status.as_str())>{i18n.t(status.label_key())}</span> }
}

fn checked_line(i18n: I18n, at: Option<DateTime<Utc>>, by: Option<String>) -> String {
    match at {
        None => i18n.t("knowledge-never-checked"),
        Some(at) => {
            let date = day(i18n.locale, at);
            match by {
                Some(name) => i18n.t_args(
                    "knowledge-checked-by",
                    [("date", date.into()), ("name", name.into())],
                ),
                None => i18n.t_args("knowledge-checked-on", [("date", date.into())]),
            }
        }
    }
}

fn card_view(i18n: I18n, card: ArticleCard, heading: &'static str) -> impl IntoView {
    let href = format!("/wissen/{}", card.slug);
    let title = card.title.clone();
    let link = view! { <a href=href>{title}</a> };
    let heading = match heading {
        "h3" => view! { <h3>{link}</h3> }.into_any(),
        _ => view! { <h2>{link}</h2> }.into_any(),
    };
    view! {
        <li class="card knowledge-card">
            {heading}
            <p>{card.summary.clone()}</p>
            <p class="hint">
                {checked_line(i18n, card.checked_at, None)}
                {card.due.then(|| view! { " " <span class="tag tag-due">{i18n.t("knowledge-due-tag")}</span> })}
            </p>
        </li>
    }
}

// ---------------------------------------------------------------------------------------------
// Readers

#[component]
pub fn KnowledgeListPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("knowledge-title") />
        <Protected children=move |_| view! { <KnowledgeList /> } />
    }
}

#[component]
fn KnowledgeList() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let key = move || query.with(|q| (q.get("q"), q.get("competence"), q.get("unit")));
    let data = Resource::new(key, |(q, competence, unit)| {
        list_articles(q, competence, unit)
    });
    view! {
        <h1>{i18n.t("knowledge-title")}</h1>
        <p>{i18n.t("knowledge-intro")}</p>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => list_view(i18n, list).into_any(),
                    Err(err) => {
                        refused(&err);
                        let text = match &err {
                            AppError::Invalid(fields) => fields
                                .first()
                                .map(|f| crate::ui::catalogue_text(i18n, &f.message, "error-invalid"))
                                .unwrap_or_else(|| crate::ui::error_message(i18n, &err)),
                            other => crate::ui::error_message(i18n, other),
                        };
                        view! {
                            <div class="notice notice-error" role="alert"><p>{text}</p></div>
                            <p><a href="/wissen">{i18n.t("knowledge-filter-reset")}</a></p>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A refused filter answers with its status (422), not 200.
fn refused(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(error.status()),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

fn list_view(i18n: I18n, list: ArticleList) -> impl IntoView {
    let competence_options = list
        .competences
        .iter()
        .map(|(id, name)| {
            view! { <option value=id.clone() selected=*id == list.competence>{name.clone()}</option> }
        })
        .collect_view();
    let unit_options = list
        .units
        .iter()
        .map(|(id, name)| view! { <option value=id.clone() selected=*id == list.unit>{name.clone()}</option> })
        .collect_view();
    let filtered = !list.q.is_empty() || !list.competence.is_empty() || !list.unit.is_empty();
    let count = list.cards.len();
    let cards = list
        .cards
        .into_iter()
        .map(|c| card_view(i18n, c, "h2"))
        .collect_view();
    let writer_links = list.can_write.then(|| {
        view! {
            <p class="button-row">
                <a href="/wissen/redaktion/neu" class="button button-primary">{i18n.t("knowledge-write")}</a>
                <a href="/wissen/redaktion" class="button">{i18n.t("knowledge-desk-link")}</a>
            </p>
        }
    });
    view! {
        {writer_links}
        <form method="get" action="/wissen" class="filter-form" role="search" aria-label=i18n.t("knowledge-filter")>
            <div class="field">
                <label for="knowledge-q">{i18n.t("knowledge-filter-text")}</label>
                <input type="search" id="knowledge-q" name="q" value=list.q.clone() maxlength=MAX_FILTER.to_string() />
            </div>
            <div class="field">
                <label for="knowledge-competence">{i18n.t("knowledge-filter-competence")}</label>
                <select id="knowledge-competence" name="competence">
                    <option value="">{i18n.t("knowledge-all-competences")}</option>
                    {competence_options}
                </select>
            </div>
            <div class="field">
                <label for="knowledge-unit">{i18n.t("knowledge-filter-unit")}</label>
                <select id="knowledge-unit" name="unit">
                    <option value="">{i18n.t("knowledge-all-units")}</option>
                    {unit_options}
                </select>
            </div>
            <button type="submit">{i18n.t("filter")}</button>
            {filtered.then(|| view! { " " <a href="/wissen">{i18n.t("knowledge-filter-reset")}</a> })}
        </form>
        <p role="status">{i18n.t_args("knowledge-count", [("count", (count as f64).into()), ("total", (list.total as f64).into())])}</p>
        {if count == 0 {
            view! { <p>{i18n.t(if filtered { "knowledge-none-filtered" } else { "knowledge-none" })}</p> }.into_any()
        } else {
            view! { <ul class="cards knowledge-list">{cards}</ul> }.into_any()
        }}
    }
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("knowledge-title") />
        <Protected children=move |_| view! { <Article /> } />
    }
}

#[component]
fn Article() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let data = Resource::new(slug, get_article);
    let check = ServerAction::<CheckArticle>::new();
    let error = action_error(check);
    view! {
        {query_notice(&[("published", "knowledge-published-notice"), ("checked", "knowledge-checked-notice")])}
        <ErrorSummary error />
        {await_view(data, move |a: ArticleView| article_view(a, check))}
    }
}

fn article_view(a: ArticleView, check: ServerAction<CheckArticle>) -> impl IntoView {
    let i18n = use_i18n();
    let competences = a
        .competences
        .iter()
        .map(|(id, name)| {
            let href = format!("/wissen?competence={}", crate::ui::percent_encode(id));
            view! { <li><a href=href class="tag">{name.clone()}</a></li> }
        })
        .collect_view();
    let units = a
        .units
        .iter()
        .map(|name| view! { <li><span class="tag">{name.clone()}</span></li> })
        .collect_view();
    let due = a.due.then(|| {
        view! {
            <div class="notice notice-warning" role="note">
                <p><strong>{i18n.t("knowledge-due-title")}</strong>" "{i18n.t("knowledge-due-text")}</p>
            </div>
        }
    });
    let next_check = (!a.due).then_some(a.due_at).flatten().map(|at| {
        view! { <p class="hint">{i18n.t_args("knowledge-next-check", [("date", day(i18n.locale, at).into())])}</p> }
    });
    let writer = a.can_write.then(|| {
        let pending = a.pending.clone().map(|p| {
            let text = match p.author {
                Some(name) => i18n.t_args("knowledge-pending-by", [("name", name.into()), ("status", i18n.t(p.status.label_key()).into())]),
                None => i18n.t_args("knowledge-pending", [("status", i18n.t(p.status.label_key()).into())]),
            };
            view! { <p>{text}</p> }
        });
        let edit_href = format!("/wissen/redaktion/{}", a.id);
        view! {
            <section class="card knowledge-writer" aria-labelledby="knowledge-writer-title">
                <h2 id="knowledge-writer-title">{i18n.t("knowledge-writer-title")}</h2>
                {pending}
                <p>{i18n.t("knowledge-check-hint")}</p>
                <div class="button-row">
                    <ActionForm action=check>
                        <input type="hidden" name="article" value=a.id.to_string() />
                        <button type="submit" class="button-primary">{i18n.t("knowledge-check")}</button>
                    </ActionForm>
                    <a href=edit_href class="button">{i18n.t("knowledge-revise")}</a>
                </div>
            </section>
        }
    });
    view! {
        <Title text=a.title.clone() />
        <nav aria-label=i18n.t("breadcrumb") class="breadcrumb"><a href="/wissen">{i18n.t("knowledge-title")}</a></nav>
        <article class="knowledge-article" lang="de">
            <h1>{a.title.clone()}</h1>
            <p class="lead">{a.summary.clone()}</p>
            <p class="knowledge-checked">{checked_line(i18n, a.checked_at, a.checked_by.clone())}</p>
            {next_check}
            {due}
            <div class="prose" inner_html=a.html.clone()></div>
        </article>
        {(!a.competences.is_empty()).then(|| view! {
            <h2 class="h3">{i18n.t("knowledge-competences")}</h2>
            <ul class="inline-list">{competences}</ul>
        })}
        {(!a.units.is_empty()).then(|| view! {
            <h2 class="h3">{i18n.t("knowledge-units")}</h2>
            <ul class="inline-list">{units}</ul>
        })}
        {writer}
    }
}

/// "Mehr dazu im Wissensbereich" on a lesson's page: the published articles on the module's
/// competences; nothing when there are none.
#[component]
pub fn LessonArticles(module: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || module.clone(), articles_for_module);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let cards = data.await.unwrap_or_default();
                (!cards.is_empty()).then(|| {
                    let items = cards.into_iter().map(|c| card_view(i18n, c, "h3")).collect_view();
                    view! {
                        <section class="lesson-articles" aria-labelledby="lesson-articles-title">
                            <h2 id="lesson-articles-title">{i18n.t("knowledge-lesson-title")}</h2>
                            <ul class="cards knowledge-list">{items}</ul>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------------------------------------
// Writers

#[component]
pub fn DeskPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("knowledge-desk-title") />
        <Protected roles=WRITERS children=move |_| view! { <DeskView /> } />
    }
}

fn desk_table(
    i18n: I18n,
    id: &'static str,
    title_key: &'static str,
    empty_key: &'static str,
    at_key: &'static str,
    entries: Vec<DeskEntry>,
    due: bool,
) -> impl IntoView {
    let body = if entries.is_empty() {
        view! { <p>{i18n.t(empty_key)}</p> }.into_any()
    } else {
        let rows = entries
            .into_iter()
            .map(|e| {
                let href = if due {
                    format!("/wissen/{}", e.slug)
                } else {
                    format!("/wissen/redaktion/{}", e.article)
                };
                view! {
                    <tr>
                        <th scope="row"><a href=href>{e.title.clone()}</a></th>
                        <td>{if due { i18n.t("knowledge-due-tag") } else { i18n.t(e.status.label_key()) }}</td>
                        <td>{e.author.clone().unwrap_or_default()}</td>
                        <td>{day(i18n.locale, e.at)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" role="region" aria-labelledby=id tabindex="0">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("knowledge-field-title")}</th>
                            <th scope="col">{i18n.t("knowledge-column-status")}</th>
                            <th scope="col">{i18n.t("knowledge-column-author")}</th>
                            <th scope="col">{i18n.t(at_key)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{i18n.t(title_key)}</h2>
            {body}
        </section>
    }
}

#[component]
fn DeskView() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_desk());
    view! {
        <nav aria-label=i18n.t("breadcrumb") class="breadcrumb"><a href="/wissen">{i18n.t("knowledge-title")}</a></nav>
        <h1>{i18n.t("knowledge-desk-title")}</h1>
        <p><a href="/wissen/redaktion/neu" class="button button-primary">{i18n.t("knowledge-write")}</a></p>
        {await_view(data, move |d: Desk| view! {
            <p>{i18n.t_args("knowledge-desk-intro", [("months", (d.recheck_months as f64).into())])}</p>
            {desk_table(i18n, "desk-review", "knowledge-desk-review", "knowledge-desk-review-none", "knowledge-column-changed", d.to_review, false)}
            {desk_table(i18n, "desk-mine", "knowledge-desk-mine", "knowledge-desk-mine-none", "knowledge-column-changed", d.mine, false)}
            {desk_table(i18n, "desk-due", "knowledge-desk-due", "knowledge-desk-due-none", "knowledge-column-due", d.due, true)}
        })}
    }
}

#[component]
pub fn NewArticlePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("knowledge-new-title") />
        <Protected roles=WRITERS children=move |_| view! { <RevisionView article=None /> } />
    }
}

#[component]
pub fn RevisionEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    view! {
        <Title text=i18n.t("knowledge-edit-title") />
        <Protected roles=WRITERS children=move |_| {
            let id = params.with_untracked(|p| p.get("id"));
            view! { <RevisionView article=id /> }
        } />
    }
}

#[component]
fn RevisionView(article: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || article.clone(), get_revision);
    let save = ServerAction::<SaveArticle>::new();
    let approve = ServerAction::<ApproveArticle>::new();
    let send_back = ServerAction::<ReturnArticle>::new();
    let save_error = action_error(save);
    let approve_error = action_error(approve);
    let return_error = action_error(send_back);
    view! {
        <nav aria-label=i18n.t("breadcrumb") class="breadcrumb">
            <a href="/wissen">{i18n.t("knowledge-title")}</a>" › "<a href="/wissen/redaktion">{i18n.t("knowledge-desk-title")}</a>
        </nav>
        {query_notice(&[
            ("saved", "knowledge-saved-notice"),
            ("submitted", "knowledge-submitted-notice"),
            ("returned", "knowledge-returned-notice"),
        ])}
        {await_view(data, move |page: RevisionPage| {
            let status = page.status;
            let in_review = status == Some(RevisionStatus::Review);
            let heading = if page.article.is_none() {
                i18n.t("knowledge-new-title")
            } else {
                page.title.clone()
            };
            let state = match status {
                Some(s) => view! {
                    <p>
                        {status_tag(i18n, s)}" "
                        {page.author.clone().map(|name| i18n.t_args("knowledge-revision-by", [("name", name.into())]))}
                    </p>
                }.into_any(),
                None if page.published => view! { <p>{i18n.t("knowledge-revise-hint")}</p> }.into_any(),
                None => view! { <p>{i18n.t("knowledge-new-hint")}</p> }.into_any(),
            };
            let comment = page.review_comment.clone().filter(|_| status == Some(RevisionStatus::Returned)).map(|c| view! {
                <div class="notice notice-warning" role="note">
                    <p><strong>{i18n.t("knowledge-review-comment")}</strong></p>
                    <p class="pre-line">{c}</p>
                </div>
            });
            let public = page.published.then(|| page.slug.clone()).flatten().map(|slug| {
                view! { <p><a href=format!("/wissen/{slug}")>{i18n.t("knowledge-view-published")}</a></p> }
            });
            let body = if page.mine && !in_review {
                form_view(i18n, &page, save, save_error).into_any()
            } else if in_review && !page.mine {
                review_view(i18n, &page, approve, send_back, approve_error, return_error).into_any()
            } else {
                let note = if in_review { "knowledge-waiting-review" } else { "knowledge-taken" };
                view! {
                    <p>{i18n.t(note)}</p>
                    <section class="card" aria-labelledby="knowledge-preview-title">
                        <h2 id="knowledge-preview-title">{i18n.t("knowledge-preview")}</h2>
                        <h3>{page.title.clone()}</h3>
                        <p class="lead">{page.summary.clone()}</p>
                        <div class="prose" inner_html=page.preview_html.clone()></div>
                    </section>
                }.into_any()
            };
            view! {
                <h1>{heading}</h1>
                {state}
                {public}
                {comment}
                {body}
            }
        })}
    }
}

fn form_view(
    i18n: I18n,
    page: &RevisionPage,
    save: ServerAction<SaveArticle>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let competences = page
        .competence_choices
        .iter()
        .map(|(id, name)| {
            let field = format!("competence-{}", id.replace(['.', '/'], "-"));
            view! {
                <div class="choice">
                    <input type="checkbox" id=field.clone() name="competences[]" value=id.clone() checked=page.competences.contains(id) />
                    <label for=field>{name.clone()}</label>
                </div>
            }
        })
        .collect_view();
    let units = page
        .unit_choices
        .iter()
        .map(|(id, name)| {
            let field = format!("unit-{id}");
            view! {
                <div class="choice">
                    <input type="checkbox" id=field.clone() name="units[]" value=id.clone() checked=page.units.contains(id) />
                    <label for=field>{name.clone()}</label>
                </div>
            }
        })
        .collect_view();
    let preview = (!page.preview_html.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="knowledge-preview-title">
                <h2 id="knowledge-preview-title">{i18n.t("knowledge-preview")}</h2>
                <div class="prose" inner_html=page.preview_html.clone()></div>
            </section>
        }
    });
    let article = page.article.map(|a| a.to_string()).unwrap_or_default();
    let (title, summary, body) = (page.title.clone(), page.summary.clone(), page.body.clone());
    view! {
        {preview}
        <ErrorSummary error />
        <ActionForm action=save attr:class="stack-form">
            <input type="hidden" name="article" value=article />
            <TextField name="title" label=i18n.t("knowledge-field-title") required=true value=title
                hint=i18n.t_args("knowledge-max-chars", [("max", (MAX_TITLE as f64).into())]) error />
            <TextField name="summary" label=i18n.t("knowledge-field-summary") required=true value=summary
                hint=i18n.t_args("knowledge-summary-hint", [("max", (MAX_SUMMARY as f64).into())]) error />
            <TextArea name="body" label=i18n.t("knowledge-field-body") required=true value=body
                hint=i18n.t_args("knowledge-body-hint", [("max", (MAX_BODY as f64).into())]) error />
            <fieldset id="field-competences" class="choices">
                <legend>{i18n.t("knowledge-field-competences")}</legend>
                <p class="hint">{i18n.t("knowledge-tags-hint")}</p>
                {competences}
            </fieldset>
            <fieldset id="field-units" class="choices">
                <legend>{i18n.t("knowledge-field-units")}</legend>
                <p class="hint">{i18n.t("knowledge-units-hint")}</p>
                {units}
            </fieldset>
            <div class="button-row">
                <button type="submit" name="step" value="save">{i18n.t("knowledge-save")}</button>
                <button type="submit" name="step" value="submit" class="button-primary">{i18n.t("knowledge-submit")}</button>
            </div>
        </ActionForm>
    }
}

fn review_view(
    i18n: I18n,
    page: &RevisionPage,
    approve: ServerAction<ApproveArticle>,
    send_back: ServerAction<ReturnArticle>,
    approve_error: Signal<Option<crate::error::AppError>>,
    return_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let id = page.article.map(|a| a.to_string()).unwrap_or_default();
    let return_id = id.clone();
    view! {
        <section class="card" aria-labelledby="knowledge-preview-title">
            <h2 id="knowledge-preview-title">{i18n.t("knowledge-review-text")}</h2>
            <h3>{page.title.clone()}</h3>
            <p class="lead">{page.summary.clone()}</p>
            <div class="prose" lang="de" inner_html=page.preview_html.clone()></div>
        </section>
        <section aria-labelledby="knowledge-decide-title">
            <h2 id="knowledge-decide-title">{i18n.t("knowledge-review-title")}</h2>
            <p>{i18n.t("knowledge-review-hint")}</p>
            <ErrorSummary error=approve_error />
            <ActionForm action=approve>
                <input type="hidden" name="article" value=id />
                <button type="submit" class="button-primary">{i18n.t("knowledge-approve")}</button>
            </ActionForm>
            <ErrorSummary error=return_error />
            <ActionForm action=send_back attr:class="stack-form">
                <input type="hidden" name="article" value=return_id />
                <TextArea name="comment" label=i18n.t("knowledge-return-comment") required=true
                    hint=i18n.t_args("knowledge-max-chars", [("max", (MAX_COMMENT as f64).into())]) error=return_error />
                <button type="submit">{i18n.t("knowledge-return")}</button>
            </ActionForm>
        </section>
    }
}

// ---------------------------------------------------------------------------------------------
// The administrators' setting

#[component]
pub fn KnowledgeSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("knowledge-settings-title") />
        <Protected roles=&[Role::Admin] children=move |_| view! { <SettingsView /> } />
    }
}

#[component]
fn SettingsView() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_settings());
    let save = ServerAction::<SaveSettings>::new();
    let error = action_error(save);
    view! {
        <h1>{i18n.t("knowledge-settings-title")}</h1>
        {query_notice(&[("saved", "knowledge-settings-saved")])}
        <ErrorSummary error />
        {await_view(data, move |s: KnowledgeSettings| view! {
            <ActionForm action=save attr:class="stack-form">
                <TextField name="recheck_months" kind="number" label=i18n.t("knowledge-settings-months") required=true
                    value=s.recheck_months.to_string()
                    hint=i18n.t_args("knowledge-settings-months-hint", [("max", (MAX_RECHECK_MONTHS as f64).into())]) error />
                <button type="submit" class="button-primary">{i18n.t("knowledge-settings-save")}</button>
            </ActionForm>
        })}
    }
}
