//! Form errors of pages posted without a script, carried in a short-lived signed cookie.
//!
//! When a plain form post to a server function fails, Leptos sends the browser back to the form
//! with the error in the URL (`?__path=…&__err=…`). That address is ugly, can be bookmarked or
//! shared with the error in it, and anyone could write such a link to make a real page show an
//! error of their choosing. So this middleware takes the error out of the redirect: the browser
//! goes back to the form's own, clean address (with `#form-errors`, the error summary) and the
//! error travels in a cookie signed by the server (an HMAC over the server function, the error,
//! the address it belongs to and the minute; valid for ten minutes). The next request for that
//! address consumes the cookie: the page shows the error once, its summary takes the focus, and
//! the title starts with "Fehler:". A page request that still carries `__path`/`__err`/`__sig`
//! (an old bookmark, a forged link) is sent to the same address without them: no page ever shows
//! an error the server did not write.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
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
/// The cookie that carries one form error from the failed post to the page that shows it.
pub const COOKIE_NAME: &str = "fs_form_error";
/// How long a form error may wait for its page, in minutes.
const VALID_MINUTES: i64 = 10;
/// The fragment of the redirect: the error summary, which also takes the focus.
pub const SUMMARY_FRAGMENT: &str = "form-errors";

/// The key for the signatures; the same on every instance.
#[derive(Clone)]
pub struct FormErrorKey([u8; 32]);

/// A form error the server wrote, for the page at `target` (path and query).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// The server function that refused, e.g. `/api/login`.
    pub path: String,
    /// The error as Leptos encodes it for a URL.
    pub error: String,
    pub target: String,
}

impl FormErrorKey {
    pub fn new(secret: [u8; 32]) -> Self {
        FormErrorKey(secret)
    }

    fn mac(&self, error: &FormError, minute: i64) -> Hmac<Sha256> {
        // `new_from_slice` accepts keys of any length for HMAC; 32 bytes always work.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(b"form-error v2\0");
        for part in [&error.path, &error.error, &error.target] {
            mac.update(part.as_bytes());
            mac.update(b"\0");
        }
        mac.update(minute.to_string().as_bytes());
        mac
    }

    /// The cookie value: `minute.path.error.target.signature`, each part base64url.
    pub fn seal(&self, error: &FormError, minute: i64) -> String {
        let tag = self.mac(error, minute).finalize().into_bytes();
        let encode = |s: &str| URL_SAFE_NO_PAD.encode(s.as_bytes());
        format!(
            "{minute}.{}.{}.{}.{}",
            encode(&error.path),
            encode(&error.error),
            encode(&error.target),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The error in a cookie value, if `seal` made it at most ten minutes ago.
    pub fn open(&self, value: &str, now_minute: i64) -> Option<FormError> {
        let mut parts = value.split('.');
        let minute = parts.next()?.parse::<i64>().ok()?;
        let mut text = || {
            parts
                .next()
                .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
                .and_then(|b| String::from_utf8(b).ok())
        };
        let error = FormError {
            path: text()?,
            error: text()?,
            target: text()?,
        };
        let tag = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
        if parts.next().is_some() || minute > now_minute + 1 || now_minute - minute > VALID_MINUTES
        {
            return None;
        }
        // Constant-time comparison.
        self.mac(&error, minute).verify_slice(&tag).ok()?;
        Some(error)
    }
}

/// What the query of a URL says about a form error.
#[derive(Debug, Default, PartialEq, Eq)]
struct ErrorParams {
    /// The query's other pairs, in order.
    rest: Vec<(String, String)>,
    paths: Vec<String>,
    errors: Vec<String>,
    any: bool,
}

impl ErrorParams {
    fn parse(query: &str) -> ErrorParams {
        let mut params = ErrorParams::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                PATH => params.paths.push(value.into_owned()),
                ERROR => params.errors.push(value.into_owned()),
                SIGNATURE => {}
                _ => {
                    params.rest.push((key.into_owned(), value.into_owned()));
                    continue;
                }
            }
            params.any = true;
        }
        params
    }

    /// `path` with the query without any form error.
    fn clean(&self, path: &str) -> String {
        if self.rest.is_empty() {
            return path.to_owned();
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.rest.iter())
            .finish();
        format!("{path}?{query}")
    }
}

fn minute_of(state: &AppState) -> i64 {
    state.ctx.now().timestamp().div_euclid(60)
}

fn cookie(state: &AppState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.ctx.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

fn cookie_value(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == COOKIE_NAME)
        .map(|(_, value)| value.trim())
}

fn see_other(target: &str) -> Response {
    let location = HeaderValue::from_str(target).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

/// Takes form errors out of addresses: a failed post's redirect goes to the clean address with
/// the error in the signed cookie; the page request for that address gets the error as a
/// request extension (read by `provide_form_error`) and the cookie is cleared.
pub async fn carry_form_errors(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let is_page = matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.uri().path().starts_with("/api/");
    if is_page {
        if let Some(query) = request.uri().query() {
            let params = ErrorParams::parse(query);
            if params.any {
                return see_other(&params.clean(request.uri().path()));
            }
        }
        let here = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        let carried = cookie_value(request.headers())
            .map(|value| state.form_error_key.open(value, minute_of(&state)));
        let consumed = match carried {
            Some(Some(error)) if error.target == here => {
                request.extensions_mut().insert(error);
                true
            }
            // Forged, expired or unreadable: gone.
            Some(None) => true,
            // Another page's error (a favicon, a second tab): left for its page.
            _ => false,
        };
        let mut response = next.run(request).await;
        if consumed && let Some(clear) = cookie(&state, "", 0) {
            response.headers_mut().append(SET_COOKIE, clear);
        }
        return response;
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
    let carried = take_error(&location).and_then(|(error, clean)| {
        let sealed = state.form_error_key.seal(&error, minute_of(&state));
        Some((cookie(&state, &sealed, VALID_MINUTES * 60)?, clean))
    });
    match carried.and_then(|(cookie, clean)| Some((cookie, HeaderValue::from_str(&clean).ok()?))) {
        Some((cookie, clean)) => {
            response.headers_mut().insert(LOCATION, clean);
            response.headers_mut().append(SET_COOKIE, cookie);
        }
        None => {
            // Not a redirect this module understands: send the form back without the error
            // rather than with one in its address.
            response.headers_mut().remove(LOCATION);
            *response.status_mut() = StatusCode::BAD_REQUEST;
        }
    }
    response
}

/// The newest error of a redirect (Leptos appends it to the form's address, which may still
/// carry an older one) and the redirect's clean target: path and query without any error, and
/// the error summary as fragment.
fn take_error(location: &str) -> Option<(FormError, String)> {
    let without_origin = match location.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => location,
    };
    let without_fragment = without_origin.split('#').next().unwrap_or_default();
    let (path, query) = without_fragment.split_once('?')?;
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let params = ErrorParams::parse(query);
    let target = params.clean(path);
    let error = FormError {
        path: params.paths.last()?.clone(),
        error: params.errors.last()?.clone(),
        target: target.clone(),
    };
    Some((error, format!("{target}#{SUMMARY_FRAGMENT}")))
}

/// For the page being rendered: the form error that came with its request, as the context
/// Leptos' server actions read (`ServerActionError`).
pub fn provide_form_error() {
    if let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>()
        && let Some(error) = parts.extensions.get::<FormError>()
    {
        leptos::prelude::provide_context(leptos::server::ServerActionError::new(
            &error.path,
            &error.error,
        ));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key() -> FormErrorKey {
        FormErrorKey::new([7; 32])
    }

    fn error() -> FormError {
        FormError {
            path: "/api/login".into(),
            error: "eyJlcnJvciI6IkZvcmJpZGRlbiJ9".into(),
            target: "/login?next=%2F".into(),
        }
    }

    #[test]
    fn a_sealed_error_opens_for_ten_minutes_and_only_unchanged() {
        let key = key();
        let sealed = key.seal(&error(), 1000);
        assert_eq!(key.open(&sealed, 1000), Some(error()));
        assert_eq!(key.open(&sealed, 1010), Some(error()));
        assert_eq!(key.open(&sealed, 1011), None, "too old");
        assert_eq!(key.open(&sealed, 998), None, "from the future");
        assert_eq!(FormErrorKey::new([8; 32]).open(&sealed, 1000), None);
        let mut parts: Vec<&str> = sealed.split('.').collect();
        let other = URL_SAFE_NO_PAD.encode("/admin");
        parts[3] = &other;
        assert_eq!(key.open(&parts.join("."), 1000), None, "other target");
        for garbage in ["", ".", "1000.", "x.a.b.c.d", "1000.!!!.a.b.c", "1000"] {
            assert_eq!(key.open(garbage, 1000), None, "{garbage:?}");
        }
        assert_eq!(key.open(&format!("{sealed}.x"), 1000), None, "extra part");
    }

    #[test]
    fn the_redirect_keeps_one_error_the_newest_and_a_clean_address() {
        let location = "http://127.0.0.1:3000/login?next=%2Fmodule&__path=%2Fapi%2Flogin&__err=OLD&__sig=1.x&__path=%2Fapi%2Flogin&__err=NEW#top";
        let (error, clean) = take_error(location).unwrap();
        assert_eq!(error.path, "/api/login");
        assert_eq!(error.error, "NEW");
        assert_eq!(error.target, "/login?next=%2Fmodule");
        assert_eq!(clean, "/login?next=%2Fmodule#form-errors");
        let (error, clean) = take_error("/help/new?__path=%2Fapi%2Fx&__err=E").unwrap();
        assert_eq!(error.target, "/help/new");
        assert_eq!(clean, "/help/new#form-errors");
        for refused in [
            "http://x/login",
            "//evil.example/?__err=E&__path=p",
            "/a?__err=E",
        ] {
            assert_eq!(take_error(refused), None, "{refused}");
        }
    }
}
