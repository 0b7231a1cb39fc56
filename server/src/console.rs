//! What the command line prints, on standard output and standard error, either of which may be
//! a pipe whose reader has gone: `fuehrerschein --help | head -1` or `fuehrerschein content check
//! | head` close the pipe after a few lines. Rust ignores SIGPIPE, so every later write fails
//! with `BrokenPipe`, and `println!` panics on that. Everything the commands print goes through
//! `outln!` / `errln!` instead, which end the process quietly with [`CLOSED_PIPE`] (the crate
//! forbids `println!` and `eprintln!` through clippy's `print_stdout` / `print_stderr`).
//!
//! Owns only the writing; what is printed stays with the commands.

use std::fmt;
use std::io::{self, Write};

/// The exit status when the reader of the output has gone: 128 + SIGPIPE, what the shell shows
/// for `cat`, `grep` and any other Unix program stopped by a closed pipe. A script with
/// `set -o pipefail` thus learns that the output was cut short, as it would from `cat`.
pub const CLOSED_PIPE: u8 = 141;

/// Writes to standard output; a closed pipe ends the process quietly with [`CLOSED_PIPE`],
/// any other failure (a full disk behind a redirection) with a message and status 1.
pub fn out(args: fmt::Arguments<'_>) {
    let mut stdout = io::stdout().lock();
    if let Err(failed) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        drop(stdout);
        out_failed(&failed)
    }
}

/// Writes bytes to standard output, e.g. a file the command made; as [`out`].
pub fn out_bytes(bytes: &[u8]) {
    let mut stdout = io::stdout().lock();
    if let Err(failed) = stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        drop(stdout);
        out_failed(&failed)
    }
}

fn out_failed(failed: &io::Error) -> ! {
    if failed.kind() != io::ErrorKind::BrokenPipe {
        err(format_args!(
            "fuehrerschein: cannot write to standard output: {failed}\n"
        ));
    }
    ended(failed)
}

/// Writes to standard error; when that fails there is nobody left to tell, so the process ends
/// quietly.
pub fn err(args: fmt::Arguments<'_>) {
    let mut stderr = io::stderr().lock();
    if let Err(failed) = stderr.write_fmt(args).and_then(|()| stderr.flush()) {
        ended(&failed)
    }
}

/// Ends the process after a failed write: [`CLOSED_PIPE`] for a reader that has gone, 1 for
/// anything else.
pub fn ended(err: &io::Error) -> ! {
    let status = if err.kind() == io::ErrorKind::BrokenPipe {
        i32::from(CLOSED_PIPE)
    } else {
        1
    };
    std::process::exit(status)
}

/// `println!` that survives a closed pipe (see the module).
macro_rules! outln {
    () => {
        $crate::console::out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::console::out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that survives a closed pipe (see the module).
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::console::err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use errln;
pub(crate) use outln;
