//! The HTTP edge outside Leptos: the application state and the route table, the middleware that
//! every request passes (cross-site protection, session lookup, security headers), the
//! extractor for the logged-in person (`edge`), and the handlers that are not pages (exports,
//! certificate files, imports, health probes, the browser bundle). Handlers call the features' logic the same way
//! server functions do, with the context and the person explicitly, and return `AppError`s.

pub mod assets;
pub mod audit;
pub mod certificates;
pub mod content_upload;
pub mod edge;
pub mod form_errors;
pub mod guard;
pub mod health;
pub mod import;
pub mod personal_data;
pub mod quiz_form;
pub mod reports;
pub mod router;
pub mod sign_in;
pub mod state;
