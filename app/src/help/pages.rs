//! The help page: a table of contents, then every topic with its questions as headings, each an
//! anchor to link to (`/hilfe#passwort-vergessen`), and the contact of the administration.
//! Plain HTML: it needs no JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{HelpTopicView, HelpView, get_help};
use crate::i18n::{I18n, use_i18n};
use crate::ui::await_view;

#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    let help = Resource::new(|| (), |_| get_help());
    view! {
        <Title text=i18n.t("help-title") />
        <h1>{i18n.t("help-title")}</h1>
        <p>{i18n.t("help-intro")}</p>
        <form method="get" action="/suche" role="search" class="search-form" aria-labelledby="hilfe-suche">
            <label for="help-search-query" id="hilfe-suche">{i18n.t("help-search-label")}</label>
            <div class="search-row">
                <input type="search" id="help-search-query" name="q" maxlength="200" autocomplete="off" />
                <button type="submit">{i18n.t("search-submit")}</button>
            </div>
        </form>
        {await_view(help, move |view: HelpView| help_body(i18n, view))}
    }
}

fn help_body(i18n: I18n, help: HelpView) -> impl IntoView {
    let contents = help
        .topics
        .iter()
        .map(|topic| {
            let questions = topic
                .entries
                .iter()
                .map(|e| view! { <li><a href=format!("#{}", e.id)>{e.question.clone()}</a></li> })
                .collect_view();
            view! {
                <li>
                    <a href=format!("#{}", topic.id)>{topic.title.clone()}</a>
                    <ul>{questions}</ul>
                </li>
            }
        })
        .collect_view();
    let empty = help
        .topics
        .is_empty()
        .then(|| view! { <p>{i18n.t("help-no-entries")}</p> });
    let topics = help.topics.into_iter().map(topic_section).collect_view();
    let contact = match (help.contact, help.contact_email) {
        (None, None) => view! { <p>{i18n.t("help-contact-none")}</p> }.into_any(),
        (contact, email) => {
            let email = email.map(|address| {
                let href = format!("mailto:{address}");
                view! { <p>{i18n.t("help-contact-email")} " " <a href=href>{address}</a></p> }
            });
            view! {
                <p>{i18n.t("help-contact-intro")}</p>
                {contact.map(|text| view! { <p class="help-contact">{text}</p> })}
                {email}
            }
            .into_any()
        }
    };
    view! {
        {empty}
        <nav class="help-contents" aria-labelledby="inhalt">
            <h2 id="inhalt">{i18n.t("help-contents")}</h2>
            <ul>
                {contents}
                <li><a href="#kontakt">{i18n.t("help-contact-title")}</a></li>
            </ul>
        </nav>
        {topics}
        <section class="help-topic" aria-labelledby="kontakt">
            <h2 id="kontakt">{i18n.t("help-contact-title")}</h2>
            {contact}
            <p><a href="/scouts">{i18n.t("help-contact-scouts")}</a></p>
        </section>
    }
}

fn topic_section(topic: HelpTopicView) -> impl IntoView {
    let entries = topic
        .entries
        .into_iter()
        .map(|entry| {
            view! {
                <h3 id=entry.id.clone()>{entry.question}</h3>
                <div class="help-answer" inner_html=entry.answer_html></div>
            }
        })
        .collect_view();
    view! {
        <section class="help-topic" aria-labelledby=topic.id.clone()>
            <h2 id=topic.id.clone()>{topic.title}</h2>
            {entries}
        </section>
    }
}
