//! The Digitaler Führerschein web application: pages, components, shared types and server
//! functions. Compiled twice: with `ssr` into the server, with `hydrate` into the browser bundle.
//! Code that needs the database, mail or secrets sits behind the `ssr` feature.

#![recursion_limit = "256"]

pub mod admin;
pub mod audit;
pub mod auth;
pub mod certificate;
pub mod error;
pub mod home;
pub mod i18n;
pub mod identity;
pub mod learning;
pub mod navigation;
pub mod organisation;
pub mod privacy;
pub mod quiz;
pub mod reports;
pub mod routes;
pub mod scouts;
pub mod settings;
pub mod shell;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod mail;

pub use shell::App;
#[cfg(feature = "ssr")]
pub use shell::shell;

/// Entry point of the browser bundle.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Tells scripts and tests that the page is now interactive (event handlers attached).
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
