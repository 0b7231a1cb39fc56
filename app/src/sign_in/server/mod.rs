//! Server side of signing in without a PC or mail address, and of the sign-in settings:
//! - `letters`: the one-time codes of sign-in letters, issued by HR or a scout and used once;
//! - `letter_pdf`: the printed letter;
//! - `settings`: the administrators' page (local passwords, break-glass account).

pub mod letter_pdf;
mod letters;
mod settings;

pub use letters::*;
pub use settings::*;
