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

/// Collects every field problem of one form, so that a form with three wrong fields names all
/// three at once instead of one per attempt.
///
/// A field keeps its first problem: a later check of the same field is skipped. So "required"
/// and then "too long" need no nesting, and a check that only makes sense after an earlier one
/// passed (a date order after both dates parsed) asks `has` or uses the values it got.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
#[must_use = "a validation reports nothing until `finish` is called"]
pub struct Validation {
    errors: Vec<FieldError>,
}

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `key` (a catalogue key) against `field`, unless the field has a problem already.
    pub fn field(&mut self, field: &str, key: &str) {
        if !self.has(field) {
            self.errors.push(FieldError {
                field: field.to_owned(),
                message: key.to_owned(),
            });
        }
    }

    /// Records `key` against `field` unless `ok`; returns `ok`.
    pub fn check(&mut self, ok: bool, field: &str, key: &str) -> bool {
        if !ok {
            self.field(field, key);
        }
        ok
    }

    /// The field must not be empty (spaces do not count); returns whether it is filled in.
    pub fn require(&mut self, value: &str, field: &str) -> bool {
        self.check(!value.trim().is_empty(), field, "field-required")
    }

    /// The field must not be longer than `max` characters; returns whether it fits.
    pub fn max_chars(&mut self, value: &str, max: usize, field: &str) -> bool {
        self.check(value.chars().count() <= max, field, "field-too-long")
    }

    /// The value of a check that returns a `Result`: its field errors are recorded and give
    /// `None`; any other error (the database, a missing permission) ends the validation.
    pub fn value<T>(&mut self, result: Result<T, AppError>) -> Result<Option<T>, AppError> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(AppError::Invalid(errors)) => {
                for error in errors {
                    self.field(&error.field, &error.message);
                }
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    /// Whether `field` has a problem recorded.
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// Whether no problem is recorded so far.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every recorded problem as one error (422), or `Ok` when there is none.
    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.errors))
        }
    }

    /// `finish`, then the value that was checked: `value` is `None` only when a check failed,
    /// and a `None` without any recorded problem is the caller's mistake, not the user's.
    pub fn finish_with<T>(self, value: Option<T>) -> Result<T, AppError> {
        self.finish()?;
        value.ok_or(AppError::Internal)
    }
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

    /// The id in an address or a form. Text that is no id names nothing, so it is "not found",
    /// like an id that names no row: a probe cannot tell the two apart.
    pub fn parse_id(value: &str) -> Result<uuid::Uuid, AppError> {
        value.trim().parse().map_err(|_| AppError::NotFound)
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fields(result: Result<(), AppError>) -> Vec<(String, String)> {
        match result {
            Err(AppError::Invalid(errors)) => {
                errors.into_iter().map(|e| (e.field, e.message)).collect()
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_validation_without_problems_finishes_ok() {
        let mut v = Validation::new();
        assert!(v.require("Erika", "name"));
        assert!(v.check(true, "age", "age-range"));
        assert!(v.max_chars("abc", 3, "code"));
        assert!(v.is_valid());
        assert_eq!(v.finish(), Ok(()));
    }

    #[test]
    fn every_field_problem_is_reported_at_once_in_form_order() {
        let mut v = Validation::new();
        assert!(!v.require("  ", "name"));
        assert!(!v.check(false, "age", "age-range"));
        assert!(!v.max_chars("abcd", 3, "code"));
        v.field("email", "email-taken");
        assert!(!v.is_valid());
        assert_eq!(
            fields(v.finish()),
            vec![
                ("name".into(), "field-required".into()),
                ("age".into(), "age-range".into()),
                ("code".into(), "field-too-long".into()),
                ("email".into(), "email-taken".into()),
            ]
        );
    }

    #[test]
    fn a_field_keeps_its_first_problem() {
        let mut v = Validation::new();
        v.require("", "name");
        v.max_chars("", 0, "name");
        v.check(false, "name", "other-key");
        assert!(v.has("name"));
        assert!(!v.has("email"));
        assert_eq!(
            fields(v.finish()),
            vec![("name".into(), "field-required".into())]
        );
    }

    #[test]
    fn field_errors_of_a_result_are_collected_and_other_errors_end_the_validation() {
        let mut v = Validation::new();
        assert_eq!(v.value(Ok::<_, AppError>(3)), Ok(Some(3)));
        let two = AppError::Invalid(vec![
            FieldError {
                field: "date".into(),
                message: "field-invalid-date".into(),
            },
            FieldError {
                field: "time".into(),
                message: "field-invalid-time".into(),
            },
        ]);
        assert_eq!(v.value::<u8>(Err(two)), Ok(None));
        assert_eq!(
            v.value::<u8>(Err(AppError::Forbidden)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            fields(v.finish()),
            vec![
                ("date".into(), "field-invalid-date".into()),
                ("time".into(), "field-invalid-time".into()),
            ]
        );
    }

    #[test]
    fn finish_with_gives_the_value_or_every_problem() {
        let v = Validation::new();
        assert_eq!(v.finish_with(Some(7)), Ok(7));
        let mut v = Validation::new();
        v.field("minutes", "range");
        assert_eq!(
            v.finish_with(None::<u8>),
            Err(AppError::invalid("minutes", "range"))
        );
        // No problem recorded and no value: a mistake in the code, not in the form.
        assert_eq!(
            Validation::new().finish_with(None::<u8>),
            Err(AppError::Internal)
        );
    }

    #[test]
    fn validation_errors_are_422_with_every_field() {
        let mut v = Validation::new();
        v.field("a", "x");
        v.field("b", "y");
        let err = v.finish().unwrap_err();
        assert_eq!(err.status(), 422);
        assert_eq!(err.field_errors().len(), 2);
        // With several problems the summary's headline is the general sentence.
        assert_eq!(err.specific_key(), "error-invalid");
    }
}
