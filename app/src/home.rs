//! The start page after login: who you are, your roles, and where each role's work is.

use leptos::prelude::*;
use leptos_meta::Title;

use serde::{Deserialize, Serialize};

use crate::auth::Role;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::navigation::NAVIGATION;
use crate::ui::Protected;

/// What would have been a mail, for a person without a mail address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartNotice {
    pub id: uuid::Uuid,
    pub subject: String,
    pub body: String,
    pub received: String,
}

#[server(endpoint = "notices/mine")]
pub async fn my_notices() -> Result<Vec<StartNotice>, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        Ok(crate::mail::unread_notices(ctx, me.id)
            .await?
            .into_iter()
            .map(|n| StartNotice {
                id: n.id,
                subject: n.subject,
                body: n.body,
                received: crate::i18n::format::local_date_time(me.locale, n.created_at),
            })
            .collect())
    })
    .await
}

#[server(endpoint = "notices/read")]
pub async fn read_notice(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        let id = uuid::Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
        crate::mail::mark_notice_read(ctx, me.id, id).await
    })
    .await?;
    crate::context::redirect("/");
    Ok(())
}

/// The notices of a person without a mail address: their reminders and messages, as mails would
/// have brought them, until they mark them as read.
#[component]
fn Notices() -> impl IntoView {
    let i18n = use_i18n();
    let notices = Resource::new(|| (), |_| my_notices());
    let read = ServerAction::<ReadNotice>::new();
    crate::ui::await_view(notices, move |notices: Vec<StartNotice>| {
        (!notices.is_empty()).then(|| {
            let items = notices
                .into_iter()
                .map(|n| {
                    let heading = format!("notice-{}", n.id.simple());
                    view! {
                        <li class="card notice-card">
                            <h3 id=heading.clone()>{n.subject}</h3>
                            <p class="hint">{n.received}</p>
                            <div class="notice-body">{n.body}</div>
                            <ActionForm action=read attr:class="inline-form">
                                <input type="hidden" name="id" value=n.id.to_string() />
                                <button type="submit" aria-describedby=heading>{i18n.t("notice-read")}</button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section aria-labelledby="home-notices">
                    <h2 id="home-notices">{i18n.t("home-notices")}</h2>
                    <ul class="cards">{items}</ul>
                </section>
            }
        })
    })
}

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
                <Notices />
                {is_learner.then(|| view! { <p>{i18n.t("home-learner-intro")}</p> })}
                <ul class="cards">{cards}</ul>
            }
        } />
    }
}
