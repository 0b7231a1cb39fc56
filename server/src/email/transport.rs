use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{Config, MailBackendKind, SmtpSecurity};

/// A mail as the in-memory backend keeps it, for tests.
#[derive(Clone, Debug)]
pub struct SentMail {
    pub to: Vec<String>,
    pub message_id: Option<String>,
    pub raw: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct MemoryMailbox(Arc<Mutex<Vec<SentMail>>>);

impl MemoryMailbox {
    pub fn messages(&self) -> Vec<SentMail> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }

    fn push(&self, mail: SentMail) {
        if let Ok(mut messages) = self.0.lock() {
            messages.push(mail);
        }
    }
}

pub enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
    Memory(MemoryMailbox),
}

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("mail.smtp: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("mail.file_dir {0}: {1}")]
    Directory(String, std::io::Error),
}

impl MailTransport {
    pub fn from_config(config: &Config) -> Result<MailTransport, TransportError> {
        match config.mail.backend {
            MailBackendKind::Memory => Ok(MailTransport::Memory(MemoryMailbox::default())),
            MailBackendKind::File => {
                let dir = config.mail_dir();
                std::fs::create_dir_all(&dir)
                    .map_err(|e| TransportError::Directory(dir.display().to_string(), e))?;
                Ok(MailTransport::File(AsyncFileTransport::new(dir)))
            }
            MailBackendKind::Smtp => {
                let smtp = &config.mail.smtp;
                let host = smtp.host.clone().unwrap_or_default();
                let mut builder = match smtp.security {
                    SmtpSecurity::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&host)?
                    }
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&host)?,
                    SmtpSecurity::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
                    }
                };
                if let Some(port) = smtp.port {
                    builder = builder.port(port);
                }
                if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
                    builder = builder
                        .credentials(Credentials::new(user.clone(), password.expose().to_owned()));
                }
                builder = builder.timeout(Some(Duration::from_secs(
                    smtp.timeout_seconds.max(1).into(),
                )));
                Ok(MailTransport::Smtp(builder.build()))
            }
        }
    }

    pub fn memory(&self) -> Option<MemoryMailbox> {
        match self {
            MailTransport::Memory(mailbox) => Some(mailbox.clone()),
            _ => None,
        }
    }

    /// Sends one message. The error is a short description for the outbox row.
    pub async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            MailTransport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            MailTransport::File(file) => file
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            MailTransport::Memory(mailbox) => {
                let to = message
                    .envelope()
                    .to()
                    .iter()
                    .map(|a| a.to_string())
                    .collect();
                let message_id = message
                    .headers()
                    .get_raw("Message-ID")
                    .map(|v| v.to_owned());
                mailbox.push(SentMail {
                    to,
                    message_id,
                    raw: message.formatted(),
                });
                Ok(())
            }
        }
    }
}
