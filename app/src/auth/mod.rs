//! Accounts, roles, login, sessions and passwords.
//!
//! The types here travel to the browser; everything that touches the database, password hashes
//! or cookies lives in `server` and is compiled only with the `ssr` feature.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;

use crate::error::AppError;
pub use crate::identity::{CurrentUser, Role, SessionInfo};

/// Only local paths are accepted as a target after login (or after changing the language),
/// never another site. Browsers are lenient with what they read as a host: they drop tabs and
/// newlines, read `\` as `/`, and some decode `%2F` or `%5C` before they look for `//`. So the
/// target must be plain printable ASCII, start with exactly one `/`, and neither it nor its
/// percent-decoded form may contain a control character, a backslash or a second leading slash.
/// Anything else becomes `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if is_local_path(path) => path.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_local_path(path: &str) -> bool {
    fn plain(path: &str) -> bool {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path
                .chars()
                .any(|c| c.is_control() || c == '\\' || c == ' ')
    }
    if path.len() > 2048
        || !path.bytes().all(|b| b.is_ascii_graphic())
        || !plain(path)
        || path.starts_with("/api/")
    {
        return false;
    }
    // Decoded once and twice: a target that only turns harmful after decoding is refused too.
    let decode = |value: &str| -> String {
        percent_encoding::percent_decode_str(value)
            .decode_utf8_lossy()
            .into_owned()
    };
    let once = decode(path);
    let twice = decode(&once);
    plain(&once) && plain(&twice) && once.is_ascii() && twice.is_ascii()
}

#[server(endpoint = "session/info")]
pub async fn get_session_info() -> Result<SessionInfo, AppError> {
    let ctx = crate::context::app_context()?;
    Ok(SessionInfo {
        user: server::request_session().user,
        organisation_name: ctx.settings.organisation_name.clone(),
    })
}

/// The ways of signing in that the login page offers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignInChoices {
    /// The OpenID provider's button, if single sign-on is on.
    pub oidc_label: Option<String>,
    /// The directory's user-name label, if directory sign-in is on.
    pub ldap_label: Option<String>,
    /// Local passwords work for everyone (otherwise only for the break-glass administrator).
    pub local_passwords: bool,
    /// This browser is marked as a shared device.
    pub kiosk_device: bool,
}

#[server(endpoint = "sign-in/options")]
pub async fn sign_in_options() -> Result<SignInChoices, AppError> {
    server::as_visitor(async |ctx, _visit| server::sign_in_options(ctx).await).await
}

#[server(endpoint = "login")]
pub async fn login(
    email: String,
    password: String,
    next: Option<String>,
    kiosk: Option<String>,
) -> Result<(), AppError> {
    server::sign_in_with(next.as_deref(), async |ctx, visit| {
        let kiosk = kiosk.is_some() || server::kiosk_device();
        server::login(ctx, visit, email, password, kiosk).await
    })
    .await
}

/// Sign-in with the directory's user name and password.
#[server(endpoint = "login/directory")]
pub async fn directory_login(
    login: String,
    password: String,
    next: Option<String>,
    kiosk: Option<String>,
) -> Result<(), AppError> {
    server::sign_in_with(next.as_deref(), async |ctx, visit| {
        let kiosk = kiosk.is_some() || server::kiosk_device();
        server::ldap_login(ctx, visit, login, password, kiosk).await
    })
    .await
}

/// Marks this browser as a shared device (or not): every sign-in on it is a kiosk session.
#[server(endpoint = "device/shared")]
pub async fn set_shared_device(shared: Option<String>) -> Result<(), AppError> {
    server::with_context(async |ctx| {
        server::set_cookie(&server::kiosk_device_cookie(
            &ctx.settings,
            shared.is_some(),
        ));
        Ok(())
    })
    .await?;
    crate::context::redirect("/device?saved=1");
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let provider = server::as_visitor(async |ctx, visit| {
        let provider = server::logout(ctx, visit).await?;
        server::set_cookie(&server::clear_session_cookie(&ctx.settings));
        Ok(provider)
    })
    .await?;
    // A session of the city's account ends at the provider too, which sends the browser back.
    crate::context::redirect_anywhere(provider.as_deref().unwrap_or("/login?logged_out=1"));
    Ok(())
}

#[server(endpoint = "password/forgot")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    server::with_context(async |ctx| server::request_password_reset(ctx, email).await)
        .await
        .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "password/set")]
pub async fn set_password(
    token: String,
    password: String,
    password_repeat: String,
) -> Result<(), AppError> {
    server::with_context(async |ctx| {
        server::set_password_with_token(ctx, token, password, password_repeat).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "password/change")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_repeat: String,
) -> Result<(), AppError> {
    server::as_visitor(async |ctx, visit| {
        let me = visit.user.as_ref().ok_or(AppError::NotAuthenticated)?;
        server::change_password(
            ctx,
            me,
            visit,
            current_password,
            new_password,
            new_password_repeat,
        )
        .await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

/// Whether a set-password link is still usable, so the page can say so before the form is filled.
#[server(endpoint = "password/token-status")]
pub async fn token_status(token: String) -> Result<bool, AppError> {
    server::with_context(async |ctx| server::token_is_usable(ctx, &token).await).await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_origin_paths_are_followed_after_login() {
        let refused = [
            ("scheme-relative", "//evil.example"),
            ("tab after the slash", "/\t/evil.example"),
            ("encoded tab", "/%09/evil.example"),
            ("newline", "/\n/evil.example"),
            ("encoded newline", "/%0a/evil.example"),
            ("carriage return", "/\r/evil.example"),
            ("backslash", "/\\evil.example"),
            ("two backslashes", "\\\\evil.example"),
            ("encoded backslash", "/%5cevil.example"),
            ("encoded slash", "/%2fevil.example"),
            ("encoded slash, upper case", "/%2F%2Fevil.example"),
            ("double-encoded slash", "/%252f%252fevil.example"),
            ("encoded leading slash", "%2f%2fevil.example"),
            ("absolute URL", "https://evil.example/"),
            ("javascript", "javascript:alert(1)"),
            ("fullwidth solidus", "/\u{ff0f}evil.example"),
            ("division slash", "/\u{2215}evil.example"),
            ("fraction slash", "/\u{2044}evil.example"),
            ("encoded fullwidth solidus", "/%EF%BC%8Fevil.example"),
            ("space", "/ /evil.example"),
            ("no slash", "evil.example"),
            ("empty", ""),
            ("server function", "/api/logout"),
            ("NUL", "/\0"),
        ];
        for (case, next) in refused {
            assert_eq!(safe_next(Some(next)), "/", "case: {case} ({next:?})");
        }
        let followed = [
            "/",
            "/module/datenschutz",
            "/module/datenschutz?tab=2#quiz",
            "/reports/heatmap?unit=3f1c&family=sachbearbeitung",
            "/verify?number=DF-2026-ABC",
        ];
        for next in followed {
            assert_eq!(safe_next(Some(next)), next, "case: {next}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
