//! Form errors of pages without JavaScript, signed.
//!
//! When a plain form post to a server function fails, Leptos sends the browser back to the form
//! with the error in the URL (`?__path=…&__err=…`), and the page shows it. Left as it is, anyone
//! can write a link that makes the real login page show any error they like. So the server signs
//! the error it puts into such a redirect (`__sig`, an HMAC over path, error and time, valid for
//! ten minutes), and a page request that carries an error without a valid signature is sent on
//! to the same address without it: no page, on the server or after hydration, ever reads an
//! error that the server did not write.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::state::AppState;

const PATH: &str = "__path";
const ERROR: &str = "__err";
const SIGNATURE: &str = "__sig";
/// How long a signed error may be shown, in minutes: long enough to reload the page.
const VALID_MINUTES: i64 = 10;

/// The key for the signatures; the same on every instance.
#[derive(Clone)]
pub struct FormErrorKey([u8; 32]);

impl FormErrorKey {
    pub fn new(secret: [u8; 32]) -> Self {
        FormErrorKey(secret)
    }

    fn mac(&self, path: &str, error: &str, minute: i64) -> Hmac<Sha256> {
        // `new_from_slice` accepts keys of any length for HMAC; 32 bytes always work.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(b"form-error v1\0");
        mac.update(path.as_bytes());
        mac.update(b"\0");
        mac.update(error.as_bytes());
        mac.update(b"\0");
        mac.update(minute.to_string().as_bytes());
        mac
    }

    /// `minute.signature`, where minute counts from the Unix epoch.
    pub fn sign(&self, path: &str, error: &str, minute: i64) -> String {
        let tag = self.mac(path, error, minute).finalize().into_bytes();
        format!("{minute}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// Whether `signature` was made by `sign` for this path and error, at most ten minutes ago.
    pub fn verify(&self, path: &str, error: &str, signature: &str, now_minute: i64) -> bool {
        let Some((minute, tag)) = signature.split_once('.') else {
            return false;
        };
        let Ok(minute) = minute.parse::<i64>() else {
            return false;
        };
        if minute > now_minute + 1 || now_minute - minute > VALID_MINUTES {
            return false;
        }
        let Ok(tag) = URL_SAFE_NO_PAD.decode(tag) else {
            return false;
        };
        // Constant-time comparison.
        self.mac(path, error, minute).verify_slice(&tag).is_ok()
    }
}

/// What the query of a URL says about a form error.
#[derive(Debug, Default, PartialEq, Eq)]
struct ErrorParams {
    /// The query's other pairs, in order.
    rest: Vec<(String, String)>,
    paths: Vec<String>,
    errors: Vec<String>,
    signatures: Vec<String>,
}

impl ErrorParams {
    fn parse(query: &str) -> ErrorParams {
        let mut params = ErrorParams::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                PATH => params.paths.push(value.into_owned()),
                ERROR => params.errors.push(value.into_owned()),
                SIGNATURE => params.signatures.push(value.into_owned()),
                _ => params.rest.push((key.into_owned(), value.into_owned())),
            }
        }
        params
    }

    fn any(&self) -> bool {
        !self.paths.is_empty() || !self.errors.is_empty() || !self.signatures.is_empty()
    }

    /// The query without any form error.
    fn rest_query(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.rest.iter())
            .finish()
    }
}

fn minute_of(state: &AppState) -> i64 {
    state.ctx.now().timestamp().div_euclid(60)
}

/// Signs the error in a redirect of a failed form post; refuses unsigned errors in page requests.
pub async fn sign_form_errors(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let key = &state.form_error_key;
    if matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.uri().path().starts_with("/api/")
        && let Some(query) = request.uri().query()
    {
        let params = ErrorParams::parse(query);
        if params.any() {
            let valid = matches!(
                (&params.paths[..], &params.errors[..], &params.signatures[..]),
                ([path], [error], [signature])
                    if key.verify(path, error, signature, minute_of(&state))
            );
            if !valid {
                let rest = params.rest_query();
                let target = if rest.is_empty() {
                    request.uri().path().to_owned()
                } else {
                    format!("{}?{rest}", request.uri().path())
                };
                return match HeaderValue::from_str(&target) {
                    Ok(location) => (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response(),
                    Err(_) => (
                        StatusCode::SEE_OTHER,
                        [(LOCATION, HeaderValue::from_static("/"))],
                    )
                        .into_response(),
                };
            }
        }
    }
    let mut response = next.run(request).await;
    let Some(location) = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.contains(ERROR))
        .map(str::to_owned)
    else {
        return response;
    };
    let signed = sign_location(key, &location, minute_of(&state));
    match signed.and_then(|s| HeaderValue::from_str(&s).ok()) {
        Some(value) => {
            response.headers_mut().insert(LOCATION, value);
        }
        None => {
            // Not a redirect this module understands: send the form back without the error
            // rather than with an unsigned one.
            response.headers_mut().remove(LOCATION);
            *response.status_mut() = StatusCode::BAD_REQUEST;
        }
    }
    response
}

/// The redirect target with exactly one path, error and signature: the newest error (Leptos
/// appends it to the form's address, which may still carry an older one).
fn sign_location(key: &FormErrorKey, location: &str, minute: i64) -> Option<String> {
    let (base, query) = location.split_once('?')?;
    let (query, fragment) = match query.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (query, None),
    };
    let params = ErrorParams::parse(query);
    let path = params.paths.last()?;
    let error = params.errors.last()?;
    let signature = key.sign(path, error, minute);
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    serializer.extend_pairs(params.rest.iter());
    serializer.append_pair(PATH, path);
    serializer.append_pair(ERROR, error);
    serializer.append_pair(SIGNATURE, &signature);
    let mut out = format!("{base}?{}", serializer.finish());
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key() -> FormErrorKey {
        FormErrorKey::new([7; 32])
    }

    #[test]
    fn a_signature_holds_for_its_error_only_and_for_ten_minutes() {
        let key = key();
        let signature = key.sign("/api/login", "eyJlcnJvciI6IkZvcmJpZGRlbiJ9", 1000);
        assert!(key.verify(
            "/api/login",
            "eyJlcnJvciI6IkZvcmJpZGRlbiJ9",
            &signature,
            1000
        ));
        assert!(key.verify(
            "/api/login",
            "eyJlcnJvciI6IkZvcmJpZGRlbiJ9",
            &signature,
            1010
        ));
        for (case, path, error, now) in [
            (
                "too old",
                "/api/login",
                "eyJlcnJvciI6IkZvcmJpZGRlbiJ9",
                1011,
            ),
            (
                "from the future",
                "/api/login",
                "eyJlcnJvciI6IkZvcmJpZGRlbiJ9",
                998,
            ),
            (
                "other error",
                "/api/login",
                "eyJlcnJvciI6Ik5vdEZvdW5kIn0",
                1000,
            ),
            (
                "other path",
                "/api/logout",
                "eyJlcnJvciI6IkZvcmJpZGRlbiJ9",
                1000,
            ),
        ] {
            assert!(!key.verify(path, error, &signature, now), "case: {case}");
        }
        let other = FormErrorKey::new([8; 32]);
        assert!(!other.verify(
            "/api/login",
            "eyJlcnJvciI6IkZvcmJpZGRlbiJ9",
            &signature,
            1000
        ));
        for garbage in ["", ".", "1000.", "x.abc", "1000.!!!", "1000"] {
            assert!(!key.verify("/api/login", "e", garbage, 1000), "{garbage:?}");
        }
    }

    #[test]
    fn the_redirect_keeps_one_error_the_newest() {
        let key = key();
        let location = "http://127.0.0.1:3000/login?next=%2Fmodule&__path=%2Fapi%2Flogin&__err=OLD&__sig=1.x&__path=%2Fapi%2Flogin&__err=NEW";
        let signed = sign_location(&key, location, 5).unwrap();
        let params = ErrorParams::parse(signed.split_once('?').unwrap().1);
        assert_eq!(params.rest, vec![("next".to_owned(), "/module".to_owned())]);
        assert_eq!(params.paths, vec!["/api/login"]);
        assert_eq!(params.errors, vec!["NEW"]);
        assert!(key.verify("/api/login", "NEW", &params.signatures[0], 5));
    }
}
