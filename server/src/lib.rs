#![recursion_limit = "512"]
//! The server: configuration, start-up, HTTP plumbing, mail delivery and the command line.
//! The pages and the server functions live in the `app` crate; this crate runs them.
// The command line prints through `console`, which survives a closed pipe (`… | head`).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod backup;
pub mod cli;
pub mod cohort;
pub mod config;
pub mod console;
pub mod content_import;
pub mod demo;
pub mod email;
pub mod generate;
pub mod http;
pub mod startup;
pub mod telemetry;

pub use config::Config;

/// Every program that runs the server (the binary, the tests, the benchmarks) allocates with
/// mimalloc: see the workspace's Cargo.toml for the measurement behind it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
pub use startup::{Application, StartupError};

/// Every registered server function: its path and HTTP method. Tests send each of them bad
/// input, so that a new server function is covered without anyone remembering to add it.
pub fn server_fn_paths() -> Vec<(&'static str, String)> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path, method.to_string()))
        .collect()
}
