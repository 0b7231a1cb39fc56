//! `content/certificates.rs`: the certificate levels, validity, refresh intervals and issuer, as
//! the curriculum defines them. Loading and checking only; issuing is the certificate feature's.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::{Message, Module, Report, Text, is_slug, line_of, parse_toml, raw, read};

/// The rules of the Digitaler Führerschein.
#[derive(Clone, Debug, Default)]
pub struct CertificateRules {
    pub validity_months: u32,
    pub number_prefix: String,
    /// Days before expiry on which a reminder goes out, largest first.
    pub reminder_days: Vec<u32>,
    pub issuer: Issuer,
    /// Module id → months a pass counts before it must be refreshed.
    pub refresh: BTreeMap<String, u32>,
    /// From the first level to the highest.
    pub levels: Vec<Level>,
}

#[derive(Clone, Debug, Default)]
pub struct Issuer {
    pub name: Text,
    pub url: String,
    pub logo_png: Option<Arc<Vec<u8>>>,
    pub logo_alt: Text,
    pub signatory_name: String,
    pub signatory_title: Text,
}

#[derive(Clone, Debug)]
pub struct Level {
    pub id: String,
    pub title: Text,
    pub description: Text,
    pub all_mandatory: bool,
    pub modules: Vec<String>,
    pub electives: u32,
    pub requires: Option<String>,
}

impl CertificateRules {
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }

    /// Months a pass of `module` counts, if it must be refreshed.
    pub fn refresh_months(&self, module: &str) -> Option<u32> {
        self.refresh.get(module).copied()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    validity_months: Spanned<u32>,
    number_prefix: Spanned<String>,
    #[serde(default = "default_reminders")]
    reminder_days: Spanned<Vec<u32>>,
    issuer: RawIssuer,
    #[serde(default)]
    refresh: Vec<RawRefresh>,
    levels: Spanned<Vec<RawLevel>>,
}

fn default_reminders() -> Spanned<Vec<u32>> {
    Spanned::new(0..0, vec![60, 14])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssuer {
    name: raw::Text,
    url: Spanned<String>,
    logo: Option<Spanned<String>>,
    logo_alt: Option<raw::Text>,
    signatory_name: Spanned<String>,
    signatory_title: raw::Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRefresh {
    module: Spanned<String>,
    months: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    id: Spanned<String>,
    title: raw::Text,
    description: raw::Text,
    #[serde(default)]
    all_mandatory: bool,
    #[serde(default)]
    modules: Vec<Spanned<String>>,
    electives: Option<Spanned<u32>>,
    requires: Option<Spanned<String>>,
}

/// Loads `dir/certificates.toml` and checks it against the loaded modules.
pub(super) fn load(report: &mut Report, dir: &Path, modules: &[Module]) -> CertificateRules {
    let path = dir.join("certificates.toml");
    let mut rules = CertificateRules::default();
    let Some(source) = read(report, &path) else {
        return rules;
    };
    let Some(file) = parse_toml::<RawRules>(report, &path, &source) else {
        return rules;
    };
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);
    let module_ids: HashSet<&str> = modules.iter().map(|m| m.id.as_str()).collect();

    if !(1..=120).contains(file.validity_months.get_ref()) {
        report.add(
            &path,
            at(file.validity_months.span()),
            Message::new("check-validity-months"),
        );
    }
    let prefix = file.number_prefix.get_ref();
    if prefix.is_empty()
        || prefix.len() > 8
        || !prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        report.add(
            &path,
            at(file.number_prefix.span()),
            Message::new("check-number-prefix"),
        );
    }
    let mut reminders = file.reminder_days.get_ref().clone();
    reminders.sort_unstable_by(|a, b| b.cmp(a));
    let distinct = reminders.iter().collect::<HashSet<_>>().len() == reminders.len();
    if reminders.contains(&0) || !distinct {
        report.add(
            &path,
            at(file.reminder_days.span()),
            Message::new("check-reminder-days"),
        );
    }

    let issuer = load_issuer(report, &path, &source, dir, file.issuer);

    let mut refresh = BTreeMap::new();
    for entry in file.refresh {
        let line = at(entry.module.span());
        if !module_ids.contains(entry.module.get_ref().as_str()) {
            report.add(
                &path,
                line,
                Message::new("check-unknown-module").arg("id", entry.module.get_ref()),
            );
        }
        if *entry.months.get_ref() == 0 {
            report.add(
                &path,
                at(entry.months.span()),
                Message::new("check-refresh-months"),
            );
        }
        if refresh
            .insert(entry.module.get_ref().clone(), *entry.months.get_ref())
            .is_some()
        {
            report.add(
                &path,
                line,
                Message::new("check-refresh-twice").arg("id", entry.module.get_ref()),
            );
        }
    }

    let electives_available = modules.iter().filter(|m| !m.mandatory).count();
    let mut levels: Vec<Level> = Vec::new();
    if file.levels.get_ref().is_empty() {
        report.add(
            &path,
            at(file.levels.span()),
            Message::new("check-no-certificate-level"),
        );
    }
    for level in file.levels.into_inner() {
        let line = at(level.id.span());
        let id = level.id.get_ref().clone();
        if !is_slug(&id) {
            report.add(&path, line, Message::new("check-level-id-form"));
        }
        if levels.iter().any(|l| l.id == id) {
            report.add(
                &path,
                line,
                Message::new("check-certificate-level-twice").arg("id", &id),
            );
        }
        for (name, text) in [("title", &level.title), ("description", &level.description)] {
            if text.de.trim().is_empty() || text.en.trim().is_empty() {
                report.add(
                    &path,
                    line,
                    Message::new("check-certificate-level-text")
                        .arg("id", &id)
                        .arg("field", name),
                );
            }
        }
        for module in &level.modules {
            if !module_ids.contains(module.get_ref().as_str()) {
                report.add(
                    &path,
                    at(module.span()),
                    Message::new("check-certificate-level-unknown-module")
                        .arg("id", &id)
                        .arg("module", module.get_ref()),
                );
            }
        }
        let electives = level.electives.as_ref().map_or(0, |e| *e.get_ref());
        if electives as usize > electives_available {
            report.add(
                &path,
                level.electives.as_ref().map_or(line, |e| at(e.span())),
                Message::new("check-certificate-electives")
                    .arg("id", &id)
                    .arg("electives", electives)
                    .arg("available", electives_available),
            );
        }
        if let Some(requires) = &level.requires
            && !levels.iter().any(|l| &l.id == requires.get_ref())
        {
            // Only earlier levels can be required: that also rules out cycles.
            report.add(
                &path,
                at(requires.span()),
                Message::new("check-certificate-requires")
                    .arg("id", &id)
                    .arg("required", requires.get_ref()),
            );
        }
        if !level.all_mandatory && level.modules.is_empty() && electives == 0 {
            report.add(
                &path,
                line,
                Message::new("check-certificate-no-condition").arg("id", &id),
            );
        }
        levels.push(Level {
            id,
            title: level.title.into(),
            description: level.description.into(),
            all_mandatory: level.all_mandatory,
            modules: level.modules.into_iter().map(Spanned::into_inner).collect(),
            electives,
            requires: level.requires.map(Spanned::into_inner),
        });
    }

    rules.validity_months = file.validity_months.into_inner();
    rules.number_prefix = file.number_prefix.into_inner();
    rules.reminder_days = reminders;
    rules.issuer = issuer;
    rules.refresh = refresh;
    rules.levels = levels;
    rules
}

fn load_issuer(
    report: &mut Report,
    path: &Path,
    source: &str,
    dir: &Path,
    raw: RawIssuer,
) -> Issuer {
    let at = |span: std::ops::Range<usize>| line_of(source, span.start);
    for (name, text) in [
        ("name", &raw.name),
        ("signatory_title", &raw.signatory_title),
    ] {
        if text.de.trim().is_empty() || text.en.trim().is_empty() {
            report.add(
                path,
                1,
                Message::new("check-issuer-text").arg("field", name),
            );
        }
    }
    if raw.signatory_name.get_ref().trim().is_empty() {
        report.add(
            path,
            at(raw.signatory_name.span()),
            Message::new("check-issuer-signatory-empty"),
        );
    }
    let url = raw.url.get_ref();
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        report.add(path, at(raw.url.span()), Message::new("check-issuer-url"));
    }
    let mut logo_png = None;
    if let Some(logo) = &raw.logo {
        let line = at(logo.span());
        let relative = PathBuf::from(logo.get_ref());
        if relative.is_absolute()
            || relative
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            report.add(path, line, Message::new("check-issuer-logo-path"));
        } else {
            let file = dir.join(&relative);
            let limit = super::loading::MAX_CONTENT_FILE_BYTES;
            let too_large = std::fs::metadata(&file).is_ok_and(|m| m.len() > limit);
            let read = if too_large {
                Err(Message::new("check-file-too-large").arg("megabytes", limit / (1024 * 1024)))
            } else {
                std::fs::read(&file).map_err(|err| {
                    Message::new("check-file-unreadable").english("detail", err.to_string())
                })
            };
            match read {
                Ok(bytes) if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => {
                    logo_png = Some(Arc::new(bytes));
                }
                Ok(_) => report.add(path, line, Message::new("check-issuer-logo-png")),
                Err(reason) => report.add(
                    path,
                    line,
                    Message::new("check-issuer-logo-unreadable")
                        .arg("path", logo.get_ref())
                        .arg("detail", reason),
                ),
            }
        }
        let alt_missing = raw
            .logo_alt
            .as_ref()
            .is_none_or(|t| t.de.trim().is_empty() || t.en.trim().is_empty());
        if alt_missing {
            report.add(path, line, Message::new("check-issuer-logo-alt"));
        }
    }
    Issuer {
        name: raw.name.into(),
        url: raw.url.into_inner(),
        logo_png,
        logo_alt: raw.logo_alt.map(Into::into).unwrap_or_default(),
        signatory_name: raw.signatory_name.into_inner(),
        signatory_title: raw.signatory_title.into(),
    }
}
