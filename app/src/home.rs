//! The start page after login: who you are, your roles, and where each role's work is.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::i18n::use_i18n;
use crate::navigation::NAVIGATION;
use crate::ui::Protected;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("home-title") />
        <Protected children=move |me| {
            let roles = me
                .roles
                .iter()
                .map(|r| view! { <li>{i18n.t(r.label_key())}</li> })
                .collect_view();
            let department = me.department.clone().unwrap_or_else(|| i18n.t("home-no-department"));
            let cards = NAVIGATION
                .iter()
                .filter(|(href, _, roles)| *href != "/" && (roles.is_empty() || me.has_any(roles)))
                .map(|(href, key, _)| {
                    let text_key = format!("{key}-description");
                    view! {
                        <li class="card">
                            <h2><a href=*href>{i18n.t(key)}</a></h2>
                            <p>{i18n.t(&text_key)}</p>
                        </li>
                    }
                })
                .collect_view();
            let is_learner = me.has(Role::Employee);
            view! {
                <h1>{i18n.t_args("home-greeting", [("name", me.display_name.clone().into())])}</h1>
                <section aria-labelledby="home-profile">
                    <h2 id="home-profile" class="visually-hidden">{i18n.t("home-profile")}</h2>
                    <dl class="facts">
                        <dt>{i18n.t("home-department")}</dt>
                        <dd>{department}</dd>
                        <dt>{i18n.t("home-roles")}</dt>
                        <dd><ul class="inline-list">{roles}</ul></dd>
                    </dl>
                </section>
                {is_learner.then(|| view! { <p>{i18n.t("home-learner-intro")}</p> })}
                <ul class="cards">{cards}</ul>
            }
        } />
    }
}
