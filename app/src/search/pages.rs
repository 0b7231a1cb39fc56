//! The search page (`/suche?q=…&page=…`) and the search field of the header. Both are plain
//! GET forms: they work without JavaScript, and a search is a link one can bookmark or share.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{MAX_QUERY_CHARS, PER_PAGE, SearchHit, SearchOutcome, SearchResults, search};
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{catalogue_text, error_message, percent_encode};

/// The header's search field. `id` tells the wide header's field from the phone menu's.
#[component]
pub fn HeaderSearch(id: &'static str, class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" action="/suche" role="search" class=class aria-label=i18n.t("search-site")>
            <label for=id class="visually-hidden">{i18n.t("search-label")}</label>
            <input type="search" id=id name="q" maxlength=MAX_QUERY_CHARS.to_string() autocomplete="off" />
            <button type="submit">{i18n.t("search-submit")}</button>
        </form>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q"));
    let page = move || query.with(|m| m.get("page"));
    let results = Resource::new(move || (q(), page()), |(q, page)| search(q, page));
    let current = q().unwrap_or_default();
    view! {
        <Title text=i18n.t("search-title") />
        <h1>{i18n.t("search-title")}</h1>
        <form method="get" action="/suche" class="search-form">
            <label for="search-query">{i18n.t("search-label")}</label>
            <p class="hint" id="search-query-hint">{i18n.t("search-hint")}</p>
            <div class="search-row">
                <input type="search" id="search-query" name="q" value=current
                    maxlength=MAX_QUERY_CHARS.to_string() autocomplete="off" aria-describedby="search-query-hint" />
                <button type="submit" class="button-primary">{i18n.t("search-submit")}</button>
            </div>
        </form>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(found) => Either::Left(results_view(i18n, found)),
                    Err(err) => {
                        refused(&err);
                        let text = match &err {
                            AppError::Invalid(fields) => fields
                                .first()
                                .map(|f| catalogue_text(i18n, &f.message, "error-invalid"))
                                .unwrap_or_else(|| error_message(i18n, &err)),
                            other => error_message(i18n, other),
                        };
                        Either::Right(view! { <div class="notice notice-error" role="alert"><p>{text}</p></div> })
                    }
                }
            })}
        </Suspense>
    }
}

/// A refused query (too long, a page that does not exist) answers 422, not 200.
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

fn results_view(i18n: I18n, found: SearchResults) -> impl IntoView {
    let sign_in_hint = (!found.signed_in).then(|| {
        view! {
            <p>{i18n.t("search-sign-in-hint")} " " <a href="/login">{i18n.t("login")}</a></p>
        }
    });
    let body = match found.outcome {
        SearchOutcome::Empty => EitherOf4::A(view! { <p>{i18n.t("search-empty")}</p> }),
        SearchOutcome::NoWords => EitherOf4::B(view! { <p>{i18n.t("search-no-words")}</p> }),
        SearchOutcome::NoHits => EitherOf4::C(view! {
            <p role="status">{i18n.t_args("search-no-hits", [("query", found.query.clone().into())])}</p>
            <ul>
                <li>{i18n.t("search-no-hits-spelling")}</li>
                <li>{i18n.t("search-no-hits-fewer")}</li>
                <li><a href="/hilfe">{i18n.t("search-no-hits-help")}</a></li>
            </ul>
        }),
        SearchOutcome::Hits => {
            let first = (found.page - 1) * PER_PAGE + 1;
            let hits = found
                .hits
                .into_iter()
                .map(|hit| hit_view(i18n, hit))
                .collect_view();
            EitherOf4::D(view! {
                <p role="status">
                    {i18n.t_args("search-count", [
                        ("count", (found.total as f64).into()),
                        ("query", found.query.clone().into()),
                    ])}
                </p>
                <ol class="search-results" start=first.to_string()>{hits}</ol>
                {paging(i18n, &found.query, found.page, found.pages)}
            })
        }
    };
    view! {
        {body}
        {sign_in_hint}
    }
}

fn hit_view(i18n: I18n, hit: SearchHit) -> impl IntoView {
    let module = hit
        .module
        .map(|title| view! { <span class="search-context">{i18n.t_args("search-in-module", [("module", title.into())])}</span> });
    view! {
        <li class="search-hit">
            <p class="search-hit-title">
                <span class="tag">{i18n.t(hit.kind.label_key())}</span> " "
                <a href=hit.url inner_html=hit.title_html></a>
                {module}
            </p>
            <p class="search-excerpt" inner_html=hit.excerpt_html></p>
        </li>
    }
}

fn paging(i18n: I18n, query: &str, page: u64, pages: u64) -> Option<impl IntoView + use<>> {
    if pages <= 1 {
        return None;
    }
    let link = |to: u64| format!("/suche?q={}&page={to}", percent_encode(query));
    let previous = (page > 1).then(|| {
        view! { <li><a href=link(page - 1) rel="prev">{i18n.t("search-previous")}</a></li> }
    });
    let next = (page < pages).then(|| {
        view! { <li><a href=link(page + 1) rel="next">{i18n.t("search-next")}</a></li> }
    });
    Some(view! {
        <nav class="paging" aria-label=i18n.t("search-pages")>
            <ul class="inline-list">
                {previous}
                <li aria-current="page">
                    {i18n.t_args("search-page-of", [("page", (page as f64).into()), ("pages", (pages as f64).into())])}
                </li>
                {next}
            </ul>
        </nav>
    })
}
