//! Help: the page of questions and answers (`/hilfe`), from `content/help/faq.toml`, and whom
//! to ask about the platform (`[help]` of the configuration). Open to everyone, signed in or
//! not: the answers about signing in are for people who cannot.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpEntryView {
    pub id: String,
    pub question: String,
    /// Rendered on the server from the help file's checked Markdown (no raw HTML).
    pub answer_html: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpTopicView {
    pub id: String,
    pub title: String,
    pub entries: Vec<HelpEntryView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpView {
    pub topics: Vec<HelpTopicView>,
    pub contact: Option<String>,
    pub contact_email: Option<String>,
}

#[server(endpoint = "help/entries")]
pub async fn get_help() -> Result<HelpView, AppError> {
    use server::HasHelp;
    crate::auth::server::with_context(async |ctx| {
        let (locale, _) = crate::settings::server::page_prefs();
        Ok(server::view(&ctx.help(), &ctx.help_contact(), locale))
    })
    .await
}
