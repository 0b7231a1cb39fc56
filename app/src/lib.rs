//! The Digitaler Führerschein web application: pages, components, shared types and server
//! functions. Compiled twice: with `ssr` into the server, with `hydrate` into the browser bundle.
//! Code that needs the database, mail or secrets sits behind the `ssr` feature.
//!
//! Layers, without a cycle between them (`../shared/tools/module-cycles`):
//! - below the features: `error`, `i18n` (with `i18n::format`), `identity`, `context`, `db`
//!   (with the department tree order), `mail`, `pdf` (fonts, tagging and painting of the PDFs),
//!   `rate_limit`, `ui` (form parts, the page guard `Protected`, `NotFound`, `Forbidden`);
//! - the features, one folder each (`auth`, `audit`, `settings`, `privacy`, `content`,
//!   `organisation`, `personal_data`, `site_pages`, `certificate`, `knowledge`, `learning`, `quiz`, `item_stats`, `reports`, `scouts`, `ideas`, `feedback`, `admin`, `dashboard`):
//!   `mod.rs` with the shared types and the `#[server]` functions, `pages.rs`, and behind `ssr`
//!   `server.rs` with the logic, which takes `(&AppContext, &CurrentUser, …)` explicitly;
//! - above them: `navigation` (the menu), `routes` (the route table, the only module naming every
//!   page) and `shell` (the document around every page).

#![recursion_limit = "256"]

pub mod admin;
pub mod audit;
pub mod auth;
pub mod authoring;
pub mod certificate;
pub mod dashboard;
pub mod error;
pub mod feedback;
pub mod help;
pub mod i18n;
pub mod ideas;
pub mod identity;
pub mod item_stats;
pub mod knowledge;
pub mod learning;
pub mod navigation;
pub mod organisation;
pub mod personal_data;
pub mod privacy;
pub mod quiz;
pub mod reports;
pub mod routes;
pub mod scouts;
pub mod search;
pub mod settings;
pub mod shell;
pub mod sign_in;
pub mod site_pages;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod rate_limit;

pub use shell::App;
#[cfg(feature = "ssr")]
pub use shell::shell;

/// Entry point of the browser bundle, called by the page's loader (`shell::island_loader`)
/// before it hydrates the islands on the page. Pages are server-rendered HTML; only the
/// `#[island]` components (e.g. the quiz's autosave) run in the browser.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
