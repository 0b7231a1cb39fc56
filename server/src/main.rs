//! `fuehrerschein`: the server and its administrative commands. See `fuehrerschein --help`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    server::cli::run().await
}
