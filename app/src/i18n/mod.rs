//! The translation catalogue: Project Fluent files in `app/locales/`, German first, English second.
//!
//! Every user-visible string is looked up here by key. The locale of a page is chosen on the
//! server (cookie, then the account's setting, then `Accept-Language`) and written to
//! `<html lang>`; the browser reads it back from there when it hydrates, so both render the same
//! text. Changing the language reloads the page, so the locale never changes under a live view.

pub mod format;
pub mod message;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

pub use message::{Arg, Message};

/// The cookie the language switch sets. The language of a visit is this cookie first, then the
/// account's language; `auth` resolves it once per request into `CurrentUser::locale`.
pub const LANGUAGE_COOKIE: &str = "fs_lang";

/// The catalogue of each language: the main file and one per feature that brings many texts of
/// its own, so that work on different features does not meet in one file. A key is defined in
/// exactly one of them (a test checks).
const DE_FTL: &[&str] = &[
    include_str!("../../locales/de.ftl"),
    include_str!("../../locales/authoring.de.ftl"),
    include_str!("../../locales/questions.de.ftl"),
    include_str!("../../locales/content-import.de.ftl"),
    include_str!("../../locales/ideas.de.ftl"),
    include_str!("../../locales/feedback.de.ftl"),
    include_str!("../../locales/knowledge.de.ftl"),
    include_str!("../../locales/check.de.ftl"),
    include_str!("../../locales/import.de.ftl"),
];
const EN_FTL: &[&str] = &[
    include_str!("../../locales/en.ftl"),
    include_str!("../../locales/authoring.en.ftl"),
    include_str!("../../locales/questions.en.ftl"),
    include_str!("../../locales/content-import.en.ftl"),
    include_str!("../../locales/ideas.en.ftl"),
    include_str!("../../locales/feedback.en.ftl"),
    include_str!("../../locales/knowledge.en.ftl"),
    include_str!("../../locales/check.en.ftl"),
    include_str!("../../locales/import.en.ftl"),
];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    De,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::De, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::De => "de",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "de" => Some(Locale::De),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The best supported locale for an `Accept-Language` header, if any matches.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default().trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            if let Some(locale) = Locale::from_code(primary)
                && best.is_none_or(|(q, _)| quality > q)
            {
                best = Some((quality, locale));
            }
        }
        best.map(|(_, locale)| locale)
    }

    fn source(self) -> String {
        match self {
            Locale::De => DE_FTL,
            Locale::En => EN_FTL,
        }
        .join("\n")
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(locale: Locale) -> &'static Bundle {
    static DE: OnceLock<Bundle> = OnceLock::new();
    static EN: OnceLock<Bundle> = OnceLock::new();
    let cell = match locale {
        Locale::De => &DE,
        Locale::En => &EN,
    };
    cell.get_or_init(|| build_bundle(locale))
}

fn build_bundle(locale: Locale) -> Bundle {
    let langid: LanguageIdentifier = match locale {
        Locale::De => unic_langid::langid!("de"),
        Locale::En => unic_langid::langid!("en"),
    };
    // A broken catalogue is caught by the unit tests below; at run time we still serve what parsed.
    let resource = FluentResource::try_new(locale.source()).unwrap_or_else(|(r, _)| r);
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Unicode isolation marks would end up in page text and mail subjects.
    bundle.set_use_isolating(false);
    // Duplicate keys are also a test failure; keep the first definition here.
    let _ = bundle.add_resource(resource);
    bundle
}

/// Looks `key` up in the catalogue of `locale`. An unknown key yields the key itself, so a gap is
/// visible instead of an empty space (and the catalogue tests fail).
pub fn translate(locale: Locale, key: &str, args: Option<&FluentArgs>) -> String {
    let bundle = bundle(locale);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        return key.to_owned();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

/// The translator handed to components: cheap to copy into closures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub locale: Locale,
}

impl I18n {
    pub fn t(self, key: &str) -> String {
        translate(self.locale, key, None)
    }

    /// Whether the catalogue has this key; for keys that arrive from outside, e.g. in a URL.
    pub fn has(self, key: &str) -> bool {
        bundle(self.locale).has_message(key)
    }

    pub fn t_args<'a>(
        self,
        key: &str,
        args: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>,
    ) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(name, value);
        }
        translate(self.locale, key, Some(&fluent_args))
    }
}

/// The translator of the current page. Provided by `App`.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        locale: Locale::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter(|l| !l.starts_with([' ', '#', '\t']) && l.contains('='))
            .filter_map(|l| l.split('=').next())
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect()
    }

    #[test]
    fn both_catalogues_parse_without_errors() {
        for locale in Locale::ALL {
            let parsed = FluentResource::try_new(locale.source());
            assert!(
                parsed.is_ok(),
                "{} catalogue has syntax errors: {:?}",
                locale.code(),
                parsed.err().map(|(_, e)| e)
            );
            let mut bundle = FluentBundle::new_concurrent(vec![unic_langid::langid!("de")]);
            let added = bundle.add_resource(parsed.unwrap_or_else(|(r, _)| r));
            assert!(
                added.is_ok(),
                "{} catalogue defines a key twice: {:?}",
                locale.code(),
                added.err()
            );
        }
    }

    #[test]
    fn german_and_english_have_the_same_keys() {
        let de = keys(&Locale::De.source());
        let en = keys(&Locale::En.source());
        let only_de: Vec<_> = de.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&de).collect();
        assert!(only_de.is_empty(), "keys missing in en.ftl: {only_de:?}");
        assert!(only_en.is_empty(), "keys missing in de.ftl: {only_en:?}");
    }

    /// Every key the code asks for (`.t("…")`, `.t_args("…"`, `"…-key"` returned by
    /// `message_key`/`label_key`) must exist in the catalogue.
    #[test]
    fn every_key_used_in_the_code_exists() {
        let known = keys(&Locale::De.source());
        let mut missing = Vec::new();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for marker in [".t(\"", ".t_args(\"", "key: \"", "=> \""] {
                    for (pos, _) in text.match_indices(marker) {
                        let rest = &text[pos + marker.len()..];
                        let Some(end) = rest.find('"') else { continue };
                        let key = &rest[..end];
                        let looks_like_key = !key.is_empty()
                            && key.contains('-')
                            && key
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                        if looks_like_key && !known.contains(key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys used in code but missing from the catalogue:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_locale() {
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.9,de;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("fr-FR,de;q=0.5,en;q=0.4"),
            Some(Locale::De)
        );
        assert_eq!(Locale::from_accept_language("fr-FR"), None);
    }

    #[test]
    fn arguments_are_filled_in() {
        let i18n = I18n { locale: Locale::En };
        let text = i18n.t_args(
            "error-too-many-attempts-detail",
            [("minutes", FluentValue::from(3))],
        );
        assert!(text.contains('3'), "{text}");
    }
}
