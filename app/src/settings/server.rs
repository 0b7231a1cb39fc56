//! Server side of preferences: reading them from the request, writing the cookies.

use axum::http::header::{ACCEPT_LANGUAGE, SET_COOKIE};
use axum::http::{HeaderValue, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{DISPLAY_COOKIE, DisplayPrefs, FontSize, LANGUAGE_COOKIE};
use crate::auth::safe_next;
use crate::auth::server::{cookie_value, request_session};
use crate::context::app_context;
use crate::db::user;
use crate::error::AppError;
use crate::i18n::Locale;

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

fn set_preference_cookie(name: &str, value: &str) -> Result<(), AppError> {
    let ctx = app_context()?;
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
    Ok(())
}

pub async fn set_language(locale: String, back: Option<String>) -> Result<(), AppError> {
    let locale = Locale::from_code(&locale)
        .ok_or_else(|| AppError::invalid("locale", "field-invalid-choice"))?;
    set_preference_cookie(LANGUAGE_COOKIE, locale.code())?;
    if let Some(me) = request_session().user {
        let ctx = app_context()?;
        user::Entity::update_many()
            .col_expr(user::Column::Locale, Expr::value(locale.code()))
            .filter(user::Column::Id.eq(me.id))
            .exec(&ctx.db)
            .await?;
    }
    crate::context::redirect(&safe_next(back.as_deref()));
    Ok(())
}

pub async fn set_display(
    font_size: String,
    contrast: Option<String>,
    back: Option<String>,
) -> Result<(), AppError> {
    let font_size = FontSize::parse(&font_size)
        .ok_or_else(|| AppError::invalid("font_size", "field-invalid-choice"))?;
    let prefs = DisplayPrefs {
        font_size,
        high_contrast: contrast.as_deref() == Some("high"),
    };
    set_preference_cookie(DISPLAY_COOKIE, &prefs.cookie_value())?;
    crate::context::redirect(&safe_next(back.as_deref()));
    Ok(())
}
