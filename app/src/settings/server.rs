//! Server side of preferences: reading them from the request, writing the cookies.

use axum::http::header::{ACCEPT_LANGUAGE, SET_COOKIE};
use axum::http::{HeaderValue, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{DISPLAY_COOKIE, DisplayPrefs, FontSize, LANGUAGE_COOKIE};
use crate::auth::server::{cookie_value, request_session};
use crate::context::AppContext;
use crate::db::user;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::identity::CurrentUser;

/// The language and display of the page being rendered: the cookie first, then the account's
/// language, then the browser's `Accept-Language`, then German.
pub fn page_prefs() -> (Locale, DisplayPrefs) {
    let Some(parts) = use_context::<Parts>() else {
        return (Locale::default(), DisplayPrefs::default());
    };
    let locale = cookie_value(&parts.headers, LANGUAGE_COOKIE)
        .and_then(|v| Locale::from_code(&v))
        .or_else(|| request_session().user.map(|u| u.locale))
        .or_else(|| {
            parts
                .headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default();
    let display = cookie_value(&parts.headers, DISPLAY_COOKIE)
        .map(|v| DisplayPrefs::from_cookie_value(&v))
        .unwrap_or_default();
    (locale, display)
}

/// Adds the cookie of a preference to the answer of the server function being run.
pub fn set_preference_cookie(ctx: &AppContext, name: &str, value: &str) {
    let secure = if ctx.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{name}={value}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}");
    if let (Some(options), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        options.append_header(SET_COOKIE, value);
    }
}

/// The chosen language, also kept with the account of a logged-in person so that mails use it.
pub async fn set_language(
    ctx: &AppContext,
    me: Option<&CurrentUser>,
    locale: &str,
) -> Result<Locale, AppError> {
    let locale = Locale::from_code(locale)
        .ok_or_else(|| AppError::invalid("locale", "field-invalid-choice"))?;
    if let Some(me) = me {
        user::Entity::update_many()
            .col_expr(user::Column::Locale, Expr::value(locale.code()))
            .filter(user::Column::Id.eq(me.id))
            .exec(&ctx.db)
            .await?;
    }
    Ok(locale)
}

/// The display preferences of the form, checked.
pub fn display_prefs(font_size: &str, contrast: Option<&str>) -> Result<DisplayPrefs, AppError> {
    let font_size = FontSize::parse(font_size)
        .ok_or_else(|| AppError::invalid("font_size", "field-invalid-choice"))?;
    Ok(DisplayPrefs {
        font_size,
        high_contrast: contrast == Some("high"),
    })
}
