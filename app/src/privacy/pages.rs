//! The page for the staff council: what the noise guarantees, the configured ε and how much of
//! each period's budget the releases have used.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{FamilyBudget, PrivacyOverview, guess_bound, load_privacy_overview};
use crate::auth::Role;
use crate::i18n::{I18n, use_i18n};
use crate::ui::Protected;
use crate::ui::error_message;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("privacy-title") />
        <Protected roles=&[Role::Auditor, Role::Admin, Role::Hr] children=move |_| view! { <Privacy /> } />
    }
}

/// ε as people read it: German decimal comma where German is shown, at most two decimals.
fn decimal(i18n: I18n, value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    if i18n.locale == crate::i18n::Locale::De {
        text.replace('.', ",")
    } else {
        text
    }
}

fn family_row(i18n: I18n, family: &FamilyBudget) -> impl IntoView + use<> {
    let name = i18n.t(family.family.title_key());
    let (epsilon, budget, bound) = match family.epsilon {
        Some(epsilon) => (
            decimal(i18n, epsilon),
            decimal(i18n, epsilon * family.series as f64),
            format!("{} %", (guess_bound(epsilon) * 100.0).round()),
        ),
        None => (
            i18n.t("privacy-exact"),
            i18n.t("privacy-exact"),
            "100 %".to_owned(),
        ),
    };
    view! {
        <tr>
            <th scope="row">{name}</th>
            <td class="number">{epsilon}</td>
            <td class="number">{family.series}</td>
            <td class="number">{budget}</td>
            <td class="number">{bound}</td>
        </tr>
    }
}

fn use_rows(i18n: I18n, overview: &PrivacyOverview) -> Vec<AnyView> {
    let mut rows = Vec::new();
    for family in &overview.families {
        let budget = family.epsilon.map(|e| e * family.series as f64);
        for used in &family.periods {
            let share = match budget {
                Some(b) if b > 0.0 => {
                    format!("{} %", ((used.spent / b) * 100.0).round().min(999.0))
                }
                _ => "–".to_owned(),
            };
            rows.push(
                view! {
                    <tr>
                        <th scope="row">{i18n.t(family.family.title_key())}</th>
                        <td>{used.period.clone()}</td>
                        <td class="number">{used.measures}</td>
                        <td class="number">{decimal(i18n, used.spent)}</td>
                        <td class="number">{share}</td>
                    </tr>
                }
                .into_any(),
            );
        }
    }
    rows
}

#[component]
fn Privacy() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| load_privacy_overview());
    view! {
        <h1>{i18n.t("privacy-title")}</h1>
        <Suspense fallback=move || view! { <p class="loading">{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(err) => view! { <p class="notice notice-error" role="alert">{error_message(i18n, &err)}</p> }.into_any(),
                    Ok(o) => {
                        let period = i18n.t(&format!("privacy-period-{}", o.period_kind));
                        let families = o.families.iter().map(|f| family_row(i18n, f)).collect_view();
                        let used = use_rows(i18n, &o);
                        let none_used = used.is_empty();
                        view! {
                            <p>{i18n.t("privacy-intro")}</p>
                            <p>{i18n.t_args("privacy-period", [("period", period.into()), ("current", o.current_period.clone().into())])}</p>
                            <h2>{i18n.t("privacy-guarantee-title")}</h2>
                            <p>{i18n.t("privacy-guarantee")}</p>
                            <p>{i18n.t_args("privacy-k", [("k", o.min_group_size.into())])}</p>
                            <div class="table-scroll" role="region" aria-labelledby="privacy-budget" tabindex="0">
                                <table>
                                    <caption id="privacy-budget">{i18n.t("privacy-budget-caption")}</caption>
                                    <thead><tr>
                                        <th scope="col">{i18n.t("privacy-family")}</th>
                                        <th scope="col" class="number">{i18n.t("privacy-epsilon")}</th>
                                        <th scope="col" class="number">{i18n.t("privacy-series")}</th>
                                        <th scope="col" class="number">{i18n.t("privacy-budget")}</th>
                                        <th scope="col" class="number">{i18n.t("privacy-bound")}</th>
                                    </tr></thead>
                                    <tbody>{families}</tbody>
                                </table>
                            </div>
                            <p class="hint">{i18n.t("privacy-budget-hint")}</p>
                            <h2>{i18n.t("privacy-used-title")}</h2>
                            {if none_used {
                                view! { <p>{i18n.t("privacy-used-none")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-scroll" role="region" aria-labelledby="privacy-used" tabindex="0">
                                        <table>
                                            <caption id="privacy-used">{i18n.t("privacy-used-caption")}</caption>
                                            <thead><tr>
                                                <th scope="col">{i18n.t("privacy-family")}</th>
                                                <th scope="col">{i18n.t("privacy-period-column")}</th>
                                                <th scope="col" class="number">{i18n.t("privacy-drawn")}</th>
                                                <th scope="col" class="number">{i18n.t("privacy-spent")}</th>
                                                <th scope="col" class="number">{i18n.t("privacy-of-budget")}</th>
                                            </tr></thead>
                                            <tbody>{used}</tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                            <h2>{i18n.t("privacy-accuracy-title")}</h2>
                            <p>{i18n.t("privacy-accuracy")}</p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
