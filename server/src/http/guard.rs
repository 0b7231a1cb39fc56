//! Middleware: refuses cross-site state changes, finds the session, adds security headers.

use std::net::{IpAddr, SocketAddr};

use app::auth::server::{RequestSession, clear_session_cookie, cookie_value, session_for_request};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{CACHE_CONTROL, HOST, ORIGIN, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::AppState;

/// Browsers tell where a request comes from (`Sec-Fetch-Site`, or at least `Origin`). A state
/// change (any method but GET/HEAD/OPTIONS) that comes from another site is refused with 403,
/// Leptos server functions included. Requests without either header do not come from a browser
/// form or script on another site, so they pass (command-line clients, probes).
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if is_cross_site(request.headers(), &state.base_origin) {
        tracing::warn!(method = %request.method(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            [("content-type", "text/plain; charset=utf-8")],
            "403 – Diese Anfrage kam von einer fremden Website und wurde abgelehnt.\n\
             403 – This request came from another website and was refused.\n",
        )
            .into_response();
    }
    next.run(request).await
}

pub fn is_cross_site(headers: &HeaderMap, base_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        if origin == base_origin {
            return false;
        }
        // Reached under another name than the configured base URL (e.g. localhost instead of
        // 127.0.0.1): same-origin still means the Origin names the host that was asked.
        let host = headers
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_authority = origin
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        return host.is_empty() || origin_authority != host;
    }
    false
}

/// Finds the session behind the cookie and hands it to Leptos through the request extensions.
/// Static files are skipped: they need no session and must stay cheap.
pub async fn attach_session(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with("/pkg/")
        || path == "/favicon.svg"
        || path == "/healthz"
        || path == "/readyz"
    {
        return next.run(request).await;
    }
    let client_ip = client_ip(&request, state.trusted_proxies);
    let had_cookie =
        cookie_value(request.headers(), state.ctx.settings.session_cookie_name()).is_some();
    let (user, token) = match session_for_request(&state.ctx, request.headers()).await {
        Ok(found) => found,
        Err(err) => {
            tracing::error!(error = %err, "session lookup failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "503 – database unavailable",
            )
                .into_response();
        }
    };
    let stale_cookie = had_cookie && token.is_none();
    let signed_in = user.is_some();
    request.extensions_mut().insert(RequestSession {
        user,
        token,
        client_ip,
    });
    let mut response = next.run(request).await;
    // A login on this very request set a new session cookie: clearing the stale one after it
    // would log the person straight out again.
    let cookie_name = format!("{}=", state.ctx.settings.session_cookie_name());
    let sets_session = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|v| v.starts_with(&cookie_name)));
    if stale_cookie
        && !sets_session
        && let Ok(value) = HeaderValue::from_str(&clear_session_cookie(&state.ctx.settings))
    {
        response.headers_mut().append(SET_COOKIE, value);
    }
    // What a signed-in person sees is theirs: no cache, and no back-forward copy for the next
    // person at a shared computer, unless the handler said otherwise.
    if signed_in && !response.headers().contains_key(CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    response
}

/// The client's address: behind `trusted` proxies of one's own, the entry of `X-Forwarded-For`
/// that the outermost of them appended (each proxy appends the address it saw, so the rightmost
/// `trusted` entries are theirs and everything further left was written by the client and could
/// say anything). Without trusted proxies, or when the header has fewer entries than proxies
/// (not through them), the address of the connection.
fn client_ip(request: &Request<Body>, trusted: usize) -> Option<IpAddr> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if trusted == 0 {
        return peer;
    }
    forwarded_client(request.headers(), trusted).or(peer)
}

fn forwarded_client(headers: &HeaderMap, trusted: usize) -> Option<IpAddr> {
    // Several headers count as one list, in order (RFC 9110, 5.3).
    let mut entries: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let value = value.to_str().ok()?;
        entries.extend(value.split(',').map(str::trim));
    }
    let index = entries.len().checked_sub(trusted)?;
    parse_forwarded_address(entries.get(index)?)
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_forwarded_address(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip);
    }
    entry.parse::<SocketAddr>().ok().map(|a| a.ip())
}

/// The largest body a server function accepts. Forms send a few kilobytes; the file uploads
/// (employee lists, credentials) have their own routes and limits.
pub const MAX_SERVER_FN_BODY: usize = 256 * 1024;

/// Server functions (`/api/…`): a body over the limit is refused with 413 before it is read, and
/// an error that the server function framework answers with 500 (arguments it could not read)
/// gets the status of the error it carries, e.g. 400. The body stays the translated error type.
pub async fn server_fn_errors(request: Request<Body>, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_SERVER_FN_BODY as u64) {
        return app_error_response(&app::error::AppError::PayloadTooLarge);
    }
    // A body without a length (chunked) is cut off at the limit; reading past it fails, and the
    // server function answers 400.
    let request =
        request.map(|body| Body::new(http_body_util::Limited::new(body, MAX_SERVER_FN_BODY)));
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "500 – internal error").into_response();
        }
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Axum's own answers to requests its extractors cannot read (a path segment that is no number,
/// a form or query of the wrong shape, a body too large) are English plain text naming the
/// parser's problem. They become the same short message in German and English, with their
/// status; the parser's words stay out of the page.
pub async fn translate_rejections(request: Request<Body>, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let plain_text = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !plain_text
        || response.headers().contains_key("serverfnerror")
        || !matches!(status.as_u16(), 400 | 411 | 413 | 415 | 422)
    {
        return response;
    }
    let text = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "413 – Die Anfrage ist zu groß. Bitte kürzen Sie Ihre Eingabe.\n\
         413 – The request is too large. Please shorten your input.\n"
    } else {
        "Die Anfrage konnte nicht gelesen werden. Bitte laden Sie die Seite neu und versuchen Sie \
         es noch einmal.\n\
         The request could not be read. Please reload the page and try again.\n"
    };
    (
        status,
        [("content-type", "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// An error as server functions send it: the error type as JSON, with its status.
fn app_error_response(error: &app::error::AppError) -> Response {
    error.clone().into_response()
}

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Under an https base URL, browsers are told to use nothing else for two years. Not for
    // subdomains: other services of the city may live there.
    if state.base_origin.starts_with("https://") {
        headers
            .entry("strict-transport-security")
            .or_insert(HeaderValue::from_static("max-age=63072000"));
    }
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        // Same-origin referrers are what Leptos uses to send a form without JavaScript back to
        // its page; other sites learn nothing, not even one-time links in the path.
        ("referrer-policy", "same-origin"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    type Case<'a> = (&'a str, &'a [(&'static str, &'static str)], bool);

    #[test]
    fn the_client_address_is_the_one_the_outermost_trusted_proxy_added() {
        let cases: &[(&str, &[&'static str], usize, Option<&str>)] = &[
            ("one proxy", &["203.0.113.7"], 1, Some("203.0.113.7")),
            (
                "one proxy, client wrote its own entry first",
                &["10.9.9.9, 203.0.113.7"],
                1,
                Some("203.0.113.7"),
            ),
            (
                "one proxy, forged entries in a second header",
                &["1.1.1.1", "2.2.2.2, 203.0.113.7"],
                1,
                Some("203.0.113.7"),
            ),
            (
                "two proxies",
                &["6.6.6.6, 203.0.113.7, 10.0.0.2"],
                2,
                Some("203.0.113.7"),
            ),
            ("fewer entries than proxies", &["203.0.113.7"], 2, None),
            (
                "IPv6 with port",
                &["[2001:db8::1]:4711"],
                1,
                Some("2001:db8::1"),
            ),
            (
                "IPv4 with port",
                &["203.0.113.7:4711"],
                1,
                Some("203.0.113.7"),
            ),
            ("garbage", &["unknown"], 1, None),
            ("no header", &[], 1, None),
        ];
        for (name, values, trusted, expected) in cases {
            let mut map = HeaderMap::new();
            for value in *values {
                map.append("x-forwarded-for", HeaderValue::from_static(value));
            }
            assert_eq!(
                forwarded_client(&map, *trusted),
                expected.map(|e| e.parse().unwrap_or_else(|_| unreachable!())),
                "case: {name}"
            );
        }
    }

    #[test]
    fn cross_site_detection() {
        let base = "https://lernen.stadt.de";
        let cases: &[Case] = &[
            (
                "same-origin fetch",
                &[("sec-fetch-site", "same-origin")],
                false,
            ),
            ("typed navigation", &[("sec-fetch-site", "none")], false),
            ("cross-site form", &[("sec-fetch-site", "cross-site")], true),
            (
                "same-site subdomain",
                &[("sec-fetch-site", "same-site")],
                true,
            ),
            (
                "old browser, same origin",
                &[("origin", "https://lernen.stadt.de")],
                false,
            ),
            (
                "old browser, other origin",
                &[
                    ("origin", "https://evil.example"),
                    ("host", "lernen.stadt.de"),
                ],
                true,
            ),
            (
                "old browser, host alias",
                &[
                    ("origin", "http://localhost:3000"),
                    ("host", "localhost:3000"),
                ],
                false,
            ),
            (
                "opaque origin",
                &[("origin", "null"), ("host", "lernen.stadt.de")],
                true,
            ),
            ("no browser headers", &[], false),
        ];
        for (name, pairs, expected) in cases {
            assert_eq!(
                is_cross_site(&headers(pairs), base),
                *expected,
                "case: {name}"
            );
        }
    }
}
