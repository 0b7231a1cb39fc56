//! Middleware: refuses cross-site state changes, finds the session, adds security headers.

use std::net::{IpAddr, SocketAddr};

use app::auth::server::{RequestSession, clear_session_cookie, cookie_value, session_for_request};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{HOST, ORIGIN, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::startup::AppState;

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
    let client_ip = client_ip(&request, state.trust_forwarded_for);
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
    response
}

fn client_ip(request: &Request<Body>, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for
        && let Some(ip) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok())
    {
        return Some(ip);
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
}

pub async fn security_headers(request: Request<Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
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
