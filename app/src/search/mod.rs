//! Site search (`/suche`): modules, lessons, help entries and the knowledge base's published
//! articles in the reader's language, through the database's full-text search (PostgreSQL
//! `tsvector` with the `german` / `english` configuration, SQLite FTS5 over Snowball stems).
//! Modules, lessons and articles are found by signed-in people, as only they can open them; the
//! help by everyone.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod text;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Longer queries are refused (422) before anything is searched.
pub const MAX_QUERY_CHARS: usize = 200;
/// Words of a query searched for; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 12;
pub const PER_PAGE: u64 = 10;
pub const MAX_PAGE: u64 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HitKind {
    Module,
    Lesson,
    Help,
    /// A published article of the knowledge base (`/wissen/…`).
    Article,
}

impl HitKind {
    /// As the index stores it.
    pub fn code(self) -> &'static str {
        match self {
            HitKind::Module => "module",
            HitKind::Lesson => "lesson",
            HitKind::Help => "help",
            HitKind::Article => "article",
        }
    }

    pub fn from_code(code: &str) -> Option<HitKind> {
        [
            HitKind::Module,
            HitKind::Lesson,
            HitKind::Help,
            HitKind::Article,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// The catalogue key of the hit's type ("Modul", "Lektion", "Hilfe").
    pub fn label_key(self) -> &'static str {
        match self {
            HitKind::Module => "search-kind-module",
            HitKind::Lesson => "search-kind-lesson",
            HitKind::Help => "search-kind-help",
            HitKind::Article => "search-kind-article",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: HitKind,
    /// Escaped HTML with the matching words in `<mark>`.
    pub title_html: String,
    /// Escaped HTML: a part of the text around the first match, matches in `<mark>`.
    pub excerpt_html: String,
    pub url: String,
    /// The module a lesson belongs to.
    pub module: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchOutcome {
    /// Nothing was asked.
    Empty,
    /// The query holds no word to search for (only punctuation or stop words).
    NoWords,
    NoHits,
    Hits,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub outcome: SearchOutcome,
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// Without signing in only the help is searched.
    pub signed_in: bool,
}

#[server(endpoint = "search")]
pub async fn search(q: Option<String>, page: Option<String>) -> Result<SearchResults, AppError> {
    crate::auth::server::as_visitor(async |ctx, visit| {
        let (locale, _) = crate::settings::server::page_prefs();
        server::search(ctx, visit.user.as_ref(), locale, q, page).await
    })
    .await
}
