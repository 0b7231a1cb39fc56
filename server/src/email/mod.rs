//! Mail delivery: the transports (SMTP, `.eml` files, in memory) behind one interface, and the
//! outbox worker that sends what the application queued. Logs name only the recipient's domain
//! and the Message-ID.

mod transport;
mod worker;

pub use transport::{MailTransport, MemoryMailbox, SentMail, TransportError};
pub use worker::{OutboxWorker, WorkerSettings};

/// The part of an address after the `@`, the only piece of a recipient that may be logged.
pub fn recipient_domain(address: &str) -> &str {
    address
        .rsplit_once('@')
        .map(|(_, domain)| domain)
        .unwrap_or("invalid")
}
