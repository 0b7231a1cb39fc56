//! The rating form (its own page, and under a completed module), the learner's list of offers
//! to rate, and the results for editors and the coordination office. Plain forms and links:
//! everything works without JavaScript.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    Aggregate, MAX_COMMENT, Offer, OfferKind, OfferResult, RateOffer, ResultDetail, Results,
    Standing, load_my_offers, load_offer, load_result, load_results,
};
use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{ErrorSummary, Notice, Protected, action_error, await_view, percent_encode};

fn offer_path(kind: OfferKind, id: &str) -> String {
    format!("/feedback/{}/{}", kind.as_str(), percent_encode(id))
}

fn result_path(kind: OfferKind, id: &str) -> String {
    format!(
        "/feedback/ergebnisse/{}/{}",
        kind.as_str(),
        percent_encode(id)
    )
}

fn day(when: chrono::DateTime<chrono::Utc>) -> String {
    crate::i18n::format::local_format(when, "%d.%m.%Y")
}

/// 4.2 as "4,2" in German and "4.2" in English.
fn mean_text(i18n: I18n, aggregate: &Aggregate) -> String {
    let tenths = aggregate.mean_tenths();
    let separator = if i18n.locale == crate::i18n::Locale::De {
        ","
    } else {
        "."
    };
    format!("{}{separator}{}", tenths / 10, tenths % 10)
}

/// The radio group 1–5 and the comment; one per page.
#[component]
pub fn RatingForm(kind: OfferKind, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RateOffer>::new();
    let error = action_error(action);
    let rating_error = Signal::derive(move || {
        error.get().and_then(|e: AppError| {
            e.field_errors()
                .iter()
                .find(|f| f.field == "rating")
                .map(|f| crate::ui::catalogue_text(i18n, &f.message, "error-invalid"))
        })
    });
    let options = (1..=5u8)
        .map(|n| {
            let input_id = format!("rating-{n}");
            view! {
                <div class="choice">
                    <input type="radio" id=input_id.clone() name="rating" value=n.to_string() />
                    <label for=input_id>{i18n.t(&format!("feedback-rating-{n}"))}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <ErrorSummary error />
        <ActionForm action=action attr:class="stack-form">
            <input type="hidden" name="kind" value=kind.as_str() />
            <input type="hidden" name="id" value=id />
            <fieldset id="field-rating" aria-describedby=move || rating_error.get().map(|_| "field-rating-error")>
                <legend>{i18n.t("feedback-rating")}</legend>
                {move || rating_error.get().map(|m| view! { <p class="field-error" id="field-rating-error">{m}</p> })}
                {options}
            </fieldset>
            <crate::ui::TextArea
                name="comment"
                label=i18n.t("feedback-comment")
                hint=i18n.t_args("feedback-comment-hint", [("max", (MAX_COMMENT as u64).into())])
                error=error
            />
            <button type="submit" class="button-primary">{i18n.t("feedback-submit")}</button>
        </ActionForm>
    }
}

/// What the learner sees of an offer: the form, a thank-you, or why not yet.
fn standing_view(i18n: I18n, offer: Offer, saved: bool) -> impl IntoView {
    match offer.standing {
        Standing::Open => EitherOf3::A(view! {
            <p>{i18n.t("feedback-form-intro")}</p>
            <RatingForm kind=offer.kind id=offer.id />
        }),
        Standing::Rated => EitherOf3::B(view! {
            {saved.then(|| view! { <Notice text=i18n.t("feedback-saved") /> })}
            <p>{i18n.t("feedback-already-rated-text")}</p>
        }),
        Standing::NotCompleted | Standing::NotEnded => {
            let key = if offer.standing == Standing::NotCompleted {
                "feedback-not-completed"
            } else {
                "feedback-not-ended"
            };
            EitherOf3::C(view! { <p class="notice">{i18n.t(key)}</p> })
        }
    }
}

/// `/feedback/:kind/:id`: rate one offer.
#[component]
pub fn RateOfferPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("feedback-rate-title") />
        <Protected children=move |_| view! { <RateOfferView /> } />
    }
}

#[component]
fn RateOfferView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let saved = query.with_untracked(|q| q.get("gespeichert").is_some());
    let offer = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("kind").unwrap_or_default(),
                    p.get("id").unwrap_or_default(),
                )
            })
        },
        |(kind, id)| load_offer(kind, id),
    );
    view! {
        <p><a href="/feedback">{i18n.t("feedback-back")}</a></p>
        {await_view(offer, move |offer: Offer| {
            let heading = match offer.kind {
                OfferKind::Module => i18n.t_args("feedback-rate-module", [("title", offer.title.clone().into())]),
                OfferKind::Workshop => i18n.t_args("feedback-rate-workshop", [("title", offer.title.clone().into()), ("date", offer.when.map(day).unwrap_or_default().into())]),
            };
            view! {
                <Title text=heading.clone() />
                <h1>{heading}</h1>
                {standing_view(i18n, offer, saved)}
            }
        })}
    }
}

/// Under a module's page: the form once the module is completed.
#[component]
pub fn ModuleFeedback(module: String, passed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let offer = Resource::new(
        move || module.clone(),
        |id| load_offer("module".to_owned(), id),
    );
    passed.then(|| {
        view! {
            <section aria-labelledby="module-feedback" class="module-feedback">
                <h2 id="module-feedback">{i18n.t("feedback-module-heading")}</h2>
                {await_view(offer, move |offer: Offer| standing_view(i18n, offer, false))}
            </section>
        }
    })
}

/// `/feedback`: the learner's completed modules and workshops, to rate.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("feedback-title") />
        <Protected children=move |me| view! { <MyOffers reader=me.has_any(&[Role::Editor, Role::Coordinator]) /> } />
    }
}

#[component]
fn MyOffers(reader: bool) -> impl IntoView {
    let i18n = use_i18n();
    let offers = Resource::new(|| (), |_| load_my_offers());
    view! {
        <h1>{i18n.t("feedback-title")}</h1>
        <p>{i18n.t("feedback-intro")}</p>
        {reader.then(|| view! { <p><a href="/feedback/ergebnisse">{i18n.t("feedback-results-title")}</a></p> })}
        {await_view(offers, move |offers: Vec<Offer>| {
            if offers.is_empty() {
                return Either::Left(view! { <p>{i18n.t("feedback-none")}</p> });
            }
            let items = offers.into_iter().map(|o| {
                let title = match o.when {
                    Some(when) => format!("{} ({})", o.title, day(when)),
                    None => o.title.clone(),
                };
                let kind = match o.kind {
                    OfferKind::Module => i18n.t("feedback-kind-module"),
                    OfferKind::Workshop => i18n.t("feedback-kind-workshop"),
                };
                let state = match o.standing {
                    Standing::Open => Either::Left(view! { <a href=offer_path(o.kind, &o.id)>{i18n.t_args("feedback-rate-link", [("title", o.title.clone().into())])}</a> }),
                    Standing::Rated => Either::Right(i18n.t("feedback-state-rated")),
                    Standing::NotEnded | Standing::NotCompleted => Either::Right(i18n.t("feedback-state-later")),
                };
                view! { <li><strong>{title}</strong>" · "{kind}<br />{state}</li> }
            }).collect_view();
            Either::Right(view! { <ul class="link-list">{items}</ul> })
        })}
    }
}

fn figures_cells(i18n: I18n, shown: &Option<Aggregate>) -> impl IntoView + use<> {
    match shown {
        Some(a) => Either::Left(view! {
            <td class="number">{a.ratings}</td>
            <td class="number">{mean_text(i18n, a)}</td>
        }),
        None => Either::Right(view! {
            <td colspan="2">{i18n.t("feedback-hidden")}</td>
        }),
    }
}

fn results_table(
    i18n: I18n,
    caption: String,
    id: &'static str,
    rows: Vec<OfferResult>,
) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|r| {
            let title = match r.when {
                Some(when) => format!("{} ({})", r.title, day(when)),
                None => r.title.clone(),
            };
            view! {
                <tr>
                    <th scope="row"><a href=result_path(r.kind, &r.id)>{title}</a></th>
                    {figures_cells(i18n, &r.shown)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=id tabindex="0">
            <table class="report-table">
                <caption id=id>{caption}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("feedback-offer")}</th>
                    <th scope="col" class="number">{i18n.t("feedback-ratings")}</th>
                    <th scope="col" class="number">{i18n.t("feedback-mean")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `/feedback/ergebnisse`: the figures of every offer the reader may see.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("feedback-results-title") />
        <Protected roles=&[Role::Editor, Role::Coordinator] children=move |_| view! { <ResultsView /> } />
    }
}

#[component]
fn ResultsView() -> impl IntoView {
    let i18n = use_i18n();
    let results = Resource::new(|| (), |_| load_results());
    view! {
        <h1>{i18n.t("feedback-results-title")}</h1>
        {await_view(results, move |r: Results| view! {
            <p>{i18n.t_args("feedback-results-rule", [("k", r.min_group_size.into())])}</p>
            <h2>{i18n.t("feedback-modules")}</h2>
            {results_table(i18n, i18n.t("feedback-modules-caption"), "feedback-modules-caption", r.modules)}
            {r.workshops.map(|list| view! {
                <h2>{i18n.t("feedback-workshops")}</h2>
                {if list.is_empty() {
                    Either::Left(view! { <p>{i18n.t("feedback-no-workshops")}</p> })
                } else {
                    Either::Right(results_table(i18n, i18n.t("feedback-workshops-caption"), "feedback-workshops-caption", list))
                }}
            })}
        })}
    }
}

/// `/feedback/ergebnisse/:kind/:id`: distribution and comments of one offer.
#[component]
pub fn ResultDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("feedback-results-title") />
        <Protected roles=&[Role::Editor, Role::Coordinator] children=move |_| view! { <ResultDetailView /> } />
    }
}

#[component]
fn ResultDetailView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let detail = Resource::new(
        move || {
            params.with(|p| {
                (
                    p.get("kind").unwrap_or_default(),
                    p.get("id").unwrap_or_default(),
                )
            })
        },
        |(kind, id)| load_result(kind, id),
    );
    view! {
        <p><a href="/feedback/ergebnisse">{i18n.t("feedback-results-back")}</a></p>
        {await_view(detail, move |d: ResultDetail| {
            let title = match d.offer.when {
                Some(when) => format!("{} ({})", d.offer.title, day(when)),
                None => d.offer.title.clone(),
            };
            let body = match d.offer.shown.clone() {
                None => Either::Left(view! {
                    <p class="notice">{i18n.t_args("feedback-hidden-text", [("k", d.min_group_size.into())])}</p>
                }),
                Some(a) => {
                    let rows = (0..5).rev().map(|i| view! {
                        <tr>
                            <th scope="row">{i18n.t(&format!("feedback-rating-{}", i + 1))}</th>
                            <td class="number">{a.distribution[i]}</td>
                        </tr>
                    }).collect_view();
                    let comments = if d.comments.is_empty() {
                        Either::Left(view! { <p>{i18n.t("feedback-no-comments")}</p> })
                    } else {
                        Either::Right(view! {
                            <ul class="comment-list">
                                {d.comments.iter().map(|c| view! { <li class="prewrap">{c.clone()}</li> }).collect_view()}
                            </ul>
                        })
                    };
                    Either::Right(view! {
                        <p>{i18n.t_args("feedback-summary", [("ratings", a.ratings.into()), ("mean", mean_text(i18n, &a).into())])}</p>
                        <div class="table-scroll" role="region" aria-labelledby="feedback-distribution" tabindex="0">
                            <table class="report-table">
                                <caption id="feedback-distribution">{i18n.t("feedback-distribution")}</caption>
                                <thead><tr>
                                    <th scope="col">{i18n.t("feedback-rating")}</th>
                                    <th scope="col" class="number">{i18n.t("feedback-ratings")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <h2>{i18n.t("feedback-comments")}</h2>
                        <p class="hint">{i18n.t("feedback-comments-note")}</p>
                        {comments}
                    })
                }
            };
            view! {
                <Title text=title.clone() />
                <h1>{title}</h1>
                <p>{i18n.t_args("feedback-results-rule", [("k", d.min_group_size.into())])}</p>
                {body}
            }
        })}
    }
}
