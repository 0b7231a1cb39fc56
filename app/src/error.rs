//! The one error type that crosses the wire between server functions and the browser.
//!
//! Every variant maps to a message in the translation catalogue, so the user always reads a
//! translated sentence, never a raw server message. The server keeps causes in its logs; what
//! travels here carries no internals and no personal data.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A validation problem with one form field: the field's name and a catalogue key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", content = "detail")]
pub enum AppError {
    #[error("email address or password is wrong")]
    InvalidCredentials,
    #[error("too many failed attempts; retry in {retry_after_minutes} minutes")]
    TooManyAttempts { retry_after_minutes: u64 },
    #[error("not logged in")]
    NotAuthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("the link is invalid or has expired")]
    LinkInvalid,
    #[error("the request could not be read")]
    BadRequest,
    /// A sign-in that is refused for a reason the person must be told (an unknown person, local
    /// passwords switched off, a rejected answer of the OpenID provider); a catalogue key.
    #[error("sign-in refused: {0}")]
    SignInRefused(String),
    #[error("the request is too large")]
    PayloadTooLarge,
    #[error("internal error")]
    Internal,
    #[error("transport error: {0}")]
    Transport(String),
}

impl AppError {
    /// A validation error for one field; `message` is a catalogue key.
    pub fn invalid(field: &str, message: &str) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }])
    }

    /// The catalogue key of the sentence that explains this error to the user.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::InvalidCredentials => "error-invalid-credentials",
            AppError::TooManyAttempts { .. } => "error-too-many-attempts",
            AppError::NotAuthenticated => "error-not-authenticated",
            AppError::Forbidden => "error-forbidden",
            AppError::NotFound => "error-not-found",
            AppError::Invalid(_) => "error-invalid",
            AppError::Conflict(_) => "error-conflict",
            AppError::LinkInvalid => "error-link-invalid",
            AppError::BadRequest => "error-bad-request",
            AppError::SignInRefused(_) => "error-sign-in-refused",
            AppError::PayloadTooLarge => "error-payload-too-large",
            AppError::Internal => "error-internal",
            AppError::Transport(_) => "error-transport",
        }
    }

    /// The catalogue key of the most specific message: a conflict's own key, else the kind's.
    pub fn specific_key(&self) -> String {
        match self {
            AppError::Conflict(key) | AppError::SignInRefused(key) => key.clone(),
            AppError::Invalid(errors) if errors.len() == 1 => errors[0].message.clone(),
            other => other.message_key().to_owned(),
        }
    }

    /// The HTTP status a non-browser client should see.
    pub fn status(&self) -> u16 {
        match self {
            AppError::InvalidCredentials | AppError::NotAuthenticated => 401,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::LinkInvalid => 410,
            AppError::BadRequest => 400,
            AppError::SignInRefused(_) => 403,
            AppError::PayloadTooLarge => 413,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// Field errors, if this is a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(errors) => errors,
            _ => &[],
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server, arguments that cannot be read (a missing field, a wrong type, a body that
    /// is not the expected encoding) are the client's fault: 400, and the parser's message, which can
    /// quote what was typed, is dropped. In the browser these errors describe
    /// the connection and stay `Transport`.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        if matches!(
            value,
            ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_)
                | ServerFnErrorErr::Request(_)
        ) {
            // Not the parser's message: it can quote what was typed into the form.
            tracing::info!("server function arguments refused");
            return AppError::BadRequest;
        }
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(app) => app,
        }
    }
}

/// The one way an error leaves an axum handler: its status and, as from server functions, the
/// error itself as JSON (translated by the page or the client, never a parser's words).
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&self).unwrap_or_default(),
        )
            .into_response()
    }
}
