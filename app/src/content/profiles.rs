//! `content/target-profiles.toml`: the job families of the organisation and which competences,
//! at which level, each of them is expected to have. Loading and checking only; the reports that
//! compare people against these targets are in the reports feature.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{ContentStore, Message, Module, Report, Text, is_slug, line_of, parse_toml, raw};

/// Job families and target profiles. Empty when the file does not exist: then no targets are set
/// and the reports say so.
#[derive(Clone, Debug, Default)]
pub struct TargetProfiles {
    pub job_families: Vec<JobFamily>,
    pub profiles: Vec<Profile>,
}

#[derive(Clone, Debug)]
pub struct JobFamily {
    pub id: String,
    pub title: Text,
    /// Other spellings an HR system's export may use, compared case-insensitively.
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Profile {
    pub id: String,
    pub title: Text,
    /// Job family ids; empty means every job family, people without one included.
    pub job_families: Vec<String>,
    /// Department codes; the profile applies to these units and everything below them. Empty
    /// means the whole organisation.
    pub departments: Vec<String>,
    pub targets: Vec<Target>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub competence: String,
    pub level: u8,
}

impl TargetProfiles {
    /// The family an HR system's value names: by id, title or alias, ignoring case and spaces
    /// at either end.
    pub fn family_for(&self, value: &str) -> Option<&JobFamily> {
        let wanted = value.trim().to_lowercase();
        if wanted.is_empty() {
            return None;
        }
        self.job_families.iter().find(|family| {
            family.id == wanted
                || family.title.de.to_lowercase() == wanted
                || family.title.en.to_lowercase() == wanted
                || family.aliases.iter().any(|a| a.to_lowercase() == wanted)
        })
    }

    pub fn family(&self, id: &str) -> Option<&JobFamily> {
        self.job_families.iter().find(|f| f.id == id)
    }

    /// The targets of one person: every profile that applies to their job family and to one of
    /// `department_codes` (their unit and the units above it); for a competence named by several
    /// profiles the highest level counts. Sorted by competence id.
    pub fn targets_for(&self, job_family: Option<&str>, department_codes: &[&str]) -> Vec<Target> {
        let mut levels: BTreeMap<&str, u8> = BTreeMap::new();
        for profile in &self.profiles {
            let family_fits = profile.job_families.is_empty()
                || job_family.is_some_and(|f| profile.job_families.iter().any(|p| p == f));
            let department_fits = profile.departments.is_empty()
                || department_codes
                    .iter()
                    .any(|code| profile.departments.iter().any(|d| d == code));
            if family_fits && department_fits {
                for target in &profile.targets {
                    let level = levels.entry(target.competence.as_str()).or_insert(0);
                    *level = (*level).max(target.level);
                }
            }
        }
        levels
            .into_iter()
            .map(|(competence, level)| Target {
                competence: competence.to_owned(),
                level,
            })
            .collect()
    }

    /// Every competence some profile names, in the order of `competences.toml`.
    pub fn target_competences<'a>(&self, store: &'a ContentStore) -> Vec<&'a super::Competence> {
        let named: HashSet<&str> = self
            .profiles
            .iter()
            .flat_map(|p| p.targets.iter().map(|t| t.competence.as_str()))
            .collect();
        store
            .competences
            .iter()
            .filter(|c| named.contains(c.id.as_str()))
            .collect()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    job_families: Vec<RawFamily>,
    #[serde(default)]
    profiles: Vec<RawProfile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFamily {
    id: Spanned<String>,
    title: raw::Text,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    id: Spanned<String>,
    title: raw::Text,
    #[serde(default)]
    job_families: Vec<Spanned<String>>,
    #[serde(default)]
    departments: Vec<Spanned<String>>,
    targets: Spanned<Vec<RawTarget>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    competence: Spanned<String>,
    level: Spanned<u8>,
}

/// Loads `dir/target-profiles.toml` if it exists and checks it against competences and modules.
pub(super) fn load(
    report: &mut Report,
    dir: &Path,
    store: &ContentStore,
    modules: &[Module],
) -> TargetProfiles {
    let path = dir.join("target-profiles.toml");
    let mut result = TargetProfiles::default();
    if !report.tree.is_file(&path) {
        return result;
    }
    let Some(source) = super::read(report, &path) else {
        return result;
    };
    let Some(file) = parse_toml::<RawFile>(report, &path, &source) else {
        return result;
    };
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);

    for family in file.job_families {
        let line = at(family.id.span());
        let id = family.id.into_inner();
        if !is_slug(&id) {
            report.add(&path, line, Message::new("check-job-family-id-form"));
        }
        if result.job_families.iter().any(|f| f.id == id) {
            report.add(
                &path,
                line,
                Message::new("check-job-family-twice").arg("id", &id),
            );
        }
        let title = Text::from(family.title);
        // Two families answering to the same word would make the import guess.
        let names: Vec<String> = [id.clone(), title.de.to_lowercase(), title.en.to_lowercase()]
            .into_iter()
            .chain(family.aliases.iter().map(|a| a.trim().to_lowercase()))
            .collect();
        for other in &result.job_families {
            if let Some(clash) = names.iter().find(|n| {
                other.id == **n
                    || other.title.de.to_lowercase() == **n
                    || other.title.en.to_lowercase() == **n
                    || other.aliases.iter().any(|a| a.to_lowercase() == **n)
            }) {
                report.add(
                    &path,
                    line,
                    Message::new("check-job-family-clash")
                        .arg("other", &other.id)
                        .arg("id", &id)
                        .arg("name", clash),
                );
            }
        }
        result.job_families.push(JobFamily {
            id,
            title,
            aliases: family
                .aliases
                .into_iter()
                .map(|a| a.trim().to_owned())
                .collect(),
        });
    }

    for profile in file.profiles {
        let line = at(profile.id.span());
        let id = profile.id.into_inner();
        if !is_slug(&id) {
            report.add(&path, line, Message::new("check-profile-id-form"));
        }
        if result.profiles.iter().any(|p| p.id == id) {
            report.add(
                &path,
                line,
                Message::new("check-profile-twice").arg("id", &id),
            );
        }
        let mut job_families = Vec::new();
        for family in profile.job_families {
            if result.family(family.get_ref()).is_none() {
                report.add(
                    &path,
                    at(family.span()),
                    Message::new("check-unknown-job-family").arg("id", family.get_ref()),
                );
            }
            job_families.push(family.into_inner());
        }
        let mut departments = Vec::new();
        for code in profile.departments {
            if code.get_ref().trim().is_empty() {
                report.add(
                    &path,
                    at(code.span()),
                    Message::new("check-department-empty"),
                );
            }
            departments.push(code.into_inner().trim().to_owned());
        }
        if profile.targets.get_ref().is_empty() {
            report.add(
                &path,
                at(profile.targets.span()),
                Message::new("check-profile-no-targets").arg("id", &id),
            );
        }
        let mut targets: Vec<Target> = Vec::new();
        for target in profile.targets.into_inner() {
            let line = at(target.competence.span());
            let competence = target.competence.into_inner();
            let level = *target.level.get_ref();
            if store.competence(&competence).is_none() {
                report.add(
                    &path,
                    line,
                    Message::new("check-unknown-competence").arg("id", &competence),
                );
            } else if !modules.iter().any(|m| {
                m.proves
                    .iter()
                    .any(|(c, l)| *c == competence && *l >= level)
            }) {
                // A target nobody can reach would show as a gap for ever.
                report.add(
                    &path,
                    line,
                    Message::new("check-target-unreachable")
                        .arg("competence", &competence)
                        .arg("level", level),
                );
            }
            // The scale of the competence's own framework: DigComp 3.0 has 4 levels.
            let max = store.level_count(&competence);
            if !(1..=max).contains(&level) {
                report.add(
                    &path,
                    at(target.level.span()),
                    Message::new("check-target-level").arg("max", max),
                );
            }
            if targets.iter().any(|t| t.competence == competence) {
                report.add(
                    &path,
                    line,
                    Message::new("check-profile-competence-twice")
                        .arg("id", &id)
                        .arg("competence", &competence),
                );
            }
            targets.push(Target { competence, level });
        }
        result.profiles.push(Profile {
            id,
            title: Text::from(profile.title),
            job_families,
            departments,
            targets,
        });
    }
    result
}
