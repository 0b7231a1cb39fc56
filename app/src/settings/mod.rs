//! Language and display preferences (font size, high contrast), for everyone including visitors
//! who are not logged in. They live in cookies so that they hold before login and on every page;
//! a logged-in person's language is also stored with the account, so mail reaches them in it.
//!
//! The forms post without JavaScript on purpose: a change of language or display reloads the
//! whole page, which is what changes every text and style at once.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use crate::i18n::LANGUAGE_COOKIE;
pub const DISPLAY_COOKIE: &str = "fs_display";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FontSize {
    #[default]
    Normal,
    Large,
    Larger,
}

impl FontSize {
    pub const ALL: [FontSize; 3] = [FontSize::Normal, FontSize::Large, FontSize::Larger];

    pub fn as_str(self) -> &'static str {
        match self {
            FontSize::Normal => "normal",
            FontSize::Large => "large",
            FontSize::Larger => "larger",
        }
    }

    pub fn parse(value: &str) -> Option<FontSize> {
        FontSize::ALL.into_iter().find(|f| f.as_str() == value)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            FontSize::Normal => "display-font-normal",
            FontSize::Large => "display-font-large",
            FontSize::Larger => "display-font-larger",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayPrefs {
    pub font_size: FontSize,
    pub high_contrast: bool,
}

impl DisplayPrefs {
    /// Classes on `<html>`; the style sheet keys font size and palette off them.
    pub fn html_class(self) -> String {
        let mut class = format!("font-{}", self.font_size.as_str());
        if self.high_contrast {
            class.push_str(" contrast-high");
        }
        class
    }

    pub fn from_html_class(class: &str) -> DisplayPrefs {
        let mut prefs = DisplayPrefs::default();
        for token in class.split_whitespace() {
            if let Some(size) = token.strip_prefix("font-").and_then(FontSize::parse) {
                prefs.font_size = size;
            }
            if token == "contrast-high" {
                prefs.high_contrast = true;
            }
        }
        prefs
    }

    pub fn cookie_value(self) -> String {
        format!(
            "{}.{}",
            self.font_size.as_str(),
            if self.high_contrast { "high" } else { "normal" }
        )
    }

    pub fn from_cookie_value(value: &str) -> DisplayPrefs {
        let (size, contrast) = value.split_once('.').unwrap_or((value, "normal"));
        DisplayPrefs {
            font_size: FontSize::parse(size).unwrap_or_default(),
            high_contrast: contrast == "high",
        }
    }
}

#[server(endpoint = "preferences/language")]
pub async fn set_language(locale: String, back: Option<String>) -> Result<(), AppError> {
    crate::auth::server::as_visitor(async |ctx, visit| {
        let locale = server::set_language(ctx, visit.user.as_ref(), &locale).await?;
        server::set_preference_cookie(ctx, LANGUAGE_COOKIE, locale.code());
        Ok(())
    })
    .await?;
    crate::context::redirect(&crate::auth::safe_next(back.as_deref()));
    Ok(())
}

#[server(endpoint = "preferences/display")]
pub async fn set_display(
    font_size: String,
    contrast: Option<String>,
    back: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::with_context(async |ctx| {
        let prefs = server::display_prefs(&font_size, contrast.as_deref())?;
        server::set_preference_cookie(ctx, DISPLAY_COOKIE, &prefs.cookie_value());
        Ok(())
    })
    .await?;
    crate::context::redirect(&crate::auth::safe_next(back.as_deref()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_prefs_survive_cookie_and_html_class() {
        for font_size in FontSize::ALL {
            for high_contrast in [false, true] {
                let prefs = DisplayPrefs {
                    font_size,
                    high_contrast,
                };
                assert_eq!(
                    DisplayPrefs::from_cookie_value(&prefs.cookie_value()),
                    prefs
                );
                assert_eq!(DisplayPrefs::from_html_class(&prefs.html_class()), prefs);
            }
        }
        assert_eq!(
            DisplayPrefs::from_cookie_value("nonsense"),
            DisplayPrefs::default()
        );
    }
}
