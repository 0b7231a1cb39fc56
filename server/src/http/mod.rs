//! HTTP plumbing outside Leptos: health probes and the middleware that every request passes
//! (cross-site protection, session lookup, security headers).

pub mod certificates;
pub mod form_errors;
pub mod guard;
pub mod health;
pub mod import;
pub mod quiz_form;
pub mod reports;
pub mod router;
pub mod state;
