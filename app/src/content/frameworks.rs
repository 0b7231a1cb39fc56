//! Editions of a framework side by side: each framework's own proficiency scale and the
//! mappings between frameworks (`framework-mappings.toml`), e.g. DigComp 2.2 → DigComp 3.0.
//!
//! Evidence stays stored under the competence a module proves; a mapping only says what that
//! competence and level are in another framework, so that a pass earned under DigComp 2.2 is
//! shown under DigComp 3.0 too without rewriting anything. Loading and checking only; the pages
//! ask [`ContentStore::equivalents`]. Nothing here touches the database.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{
    Competence, ContentStore, Framework, Message, Report, Text, line_of, parse_toml, raw, read,
};

/// The scale a framework uses when it defines none of its own, and the largest any may have.
pub const DEFAULT_LEVELS: u8 = 8;

/// Per-framework scales and the mappings between frameworks.
#[derive(Clone, Debug, Default)]
pub struct Editions {
    /// Framework id → its own scale (level → title). A framework without an entry uses the
    /// default scale, `ContentStore::levels`.
    pub scales: BTreeMap<String, BTreeMap<u8, Text>>,
    pub mappings: Vec<Mapping>,
}

/// How the competences and levels of one framework correspond to another's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub from: String,
    pub to: String,
    /// Level `n` of `from` is level `levels[n - 1]` of `to`.
    pub levels: Vec<u8>,
    /// (competence of `from`, competence of `to`).
    pub competences: Vec<(String, String)>,
}

/// A competence and level as another framework names them.
#[derive(Clone, Copy, Debug)]
pub struct Equivalent<'a> {
    pub framework: &'a Framework,
    pub competence: &'a Competence,
    pub level: u8,
    /// The title of `level` on that framework's scale, if the curriculum gives one.
    pub level_title: Option<&'a Text>,
}

/// "DigComp 3.0 – Europäischer Referenzrahmen …" → "DigComp 3.0": titles of frameworks and
/// levels put the name before a dash and the explanation after it.
pub fn name_part(title: &str) -> &str {
    title.split(" – ").next().unwrap_or(title).trim()
}

impl Framework {
    /// The framework's name without the explanation, e.g. "DigComp 3.0".
    pub fn name(&self, locale: crate::i18n::Locale) -> &str {
        name_part(self.title.get(locale))
    }
}

impl Competence {
    /// The competence's number in its framework, e.g. "1.2" for `digcomp-3.0/1.2`; none for ids
    /// that are words (`kgst-2020/ethisch`).
    pub fn code(&self) -> Option<&str> {
        self.id
            .rsplit_once('/')
            .map(|(_, code)| code)
            .filter(|code| !code.is_empty() && code.chars().all(|c| c.is_ascii_digit() || c == '.'))
    }
}

impl ContentStore {
    /// The framework a competence belongs to (through its area).
    pub fn framework_of(&self, competence: &str) -> Option<&Framework> {
        let area = &self.competence(competence)?.area;
        let framework = &self.areas.iter().find(|a| &a.id == area)?.framework;
        self.frameworks.iter().find(|f| &f.id == framework)
    }

    /// The highest level of the competence's framework (the default scale's for an unknown one).
    pub fn level_count(&self, competence: &str) -> u8 {
        self.framework_of(competence)
            .map(|f| f.levels)
            .unwrap_or(DEFAULT_LEVELS)
    }

    /// The title of `level` on the scale of the competence's framework: its own scale if it
    /// has one, else the default scale.
    pub fn level_title(&self, competence: &str, level: u8) -> Option<&Text> {
        match self
            .framework_of(competence)
            .and_then(|f| self.editions.scales.get(&f.id))
        {
            Some(scale) => scale.get(&level),
            None => self.levels.get(&level),
        }
    }

    /// Whether a mapping leads to `competence`: it is another framework's name for competences
    /// that modules prove, e.g. a DigComp 3.0 competence.
    pub fn is_mapping_target(&self, competence: &str) -> bool {
        self.editions
            .mappings
            .iter()
            .any(|m| m.competences.iter().any(|(_, to)| to == competence))
    }

    /// What `competence` at `level` is in the other frameworks a mapping leads to, in the order
    /// of `framework-mappings.toml`. One step only: a mapping of a mapping is not followed.
    pub fn equivalents(&self, competence: &str, level: u8) -> Vec<Equivalent<'_>> {
        let Some(framework) = self.framework_of(competence) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for mapping in self
            .editions
            .mappings
            .iter()
            .filter(|m| m.from == framework.id)
        {
            let (Some(target), Some(mapped_level)) = (
                self.frameworks.iter().find(|f| f.id == mapping.to),
                level
                    .checked_sub(1)
                    .and_then(|i| mapping.levels.get(usize::from(i))),
            ) else {
                continue;
            };
            for (_, to) in mapping.competences.iter().filter(|(f, _)| f == competence) {
                if let Some(equivalent) = self.competence(to) {
                    found.push(Equivalent {
                        framework: target,
                        competence: equivalent,
                        level: *mapped_level,
                        level_title: self.level_title(to, *mapped_level),
                    });
                }
            }
        }
        found
    }
}

/// Reads the `[[levels]]` of `competences.toml` into the default scale and the frameworks' own
/// scales, and checks them: a known framework, levels within its range, none twice, and a
/// framework's own scale complete from 1 to its `levels`.
pub(super) fn load_levels(
    report: &mut Report,
    path: &Path,
    source: &str,
    levels: Vec<raw::Level>,
    store: &mut ContentStore,
) {
    let at = |span: std::ops::Range<usize>| line_of(source, span.start);
    // Framework id → the line of its first own level, for the completeness message.
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for level in levels {
        let number = *level.level.get_ref();
        let line = at(level.level.span());
        let title: Text = level.title.into();
        // The framework whose own scale it is; `None` for the default scale.
        let (scale, range, owner) = match &level.framework {
            None => (&mut store.levels, DEFAULT_LEVELS, None),
            Some(framework) => {
                let id = framework.get_ref();
                let Some(known) = store.frameworks.iter().find(|f| &f.id == id) else {
                    report.add(
                        path,
                        at(framework.span()),
                        Message::new("check-unknown-framework").arg("id", id),
                    );
                    continue;
                };
                first_line.entry(id.clone()).or_insert(line);
                (
                    store.editions.scales.entry(id.clone()).or_default(),
                    known.levels,
                    Some(id.clone()),
                )
            }
        };
        if number == 0 || number > range {
            let message = match &owner {
                None => Message::new("check-default-level-outside")
                    .arg("level", number)
                    .arg("max", range),
                Some(framework) => Message::new("check-framework-level-outside")
                    .arg("level", number)
                    .arg("max", range)
                    .arg("framework", framework),
            };
            report.add(path, line, message);
            continue;
        }
        if scale.insert(number, title).is_some() {
            let message = match &owner {
                None => Message::new("check-default-level-twice").arg("level", number),
                Some(framework) => Message::new("check-framework-level-twice")
                    .arg("level", number)
                    .arg("framework", framework),
            };
            report.add(path, line, message);
        }
    }
    for (framework, line) in first_line {
        let (Some(scale), Some(known)) = (
            store.editions.scales.get(&framework),
            store.frameworks.iter().find(|f| f.id == framework),
        ) else {
            continue;
        };
        let missing: Vec<String> = (1..=known.levels)
            .filter(|n| !scale.contains_key(n))
            .map(|n| n.to_string())
            .collect();
        if !missing.is_empty() {
            report.add(
                path,
                line,
                Message::new("check-scale-incomplete")
                    .arg("framework", &framework)
                    .arg("levels", known.levels)
                    .arg("missing", missing.join(", ")),
            );
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    mappings: Vec<RawMapping>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    from: Spanned<String>,
    to: Spanned<String>,
    levels: Spanned<Vec<Spanned<u8>>>,
    #[serde(default)]
    competences: Vec<RawPair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    from: Spanned<String>,
    to: Spanned<String>,
}

/// Loads `dir/framework-mappings.toml` if it exists, after the competences, and checks every
/// mapping against them: known frameworks and competences, each competence in the framework
/// its side names, one level of the target's range for every level of the source, levels that
/// never go down, and nothing twice.
pub(super) fn load_mappings(report: &mut Report, dir: &Path, store: &mut ContentStore) {
    let path = dir.join("framework-mappings.toml");
    if !report.tree.is_file(&path) {
        return;
    }
    let Some(source) = read(report, &path) else {
        return;
    };
    let Some(file) = parse_toml::<RawFile>(report, &path, &source) else {
        return;
    };
    let at = |span: std::ops::Range<usize>| line_of(&source, span.start);
    let mut pairs_of_frameworks: HashSet<(String, String)> = HashSet::new();
    let mut mappings = Vec::new();
    for raw in file.mappings {
        let (from, to) = (raw.from.get_ref().clone(), raw.to.get_ref().clone());
        let line = at(raw.from.span());
        let source_framework = store.frameworks.iter().find(|f| f.id == from);
        let target_framework = store.frameworks.iter().find(|f| f.id == to);
        if source_framework.is_none() {
            report.add(
                &path,
                line,
                Message::new("check-unknown-framework").arg("id", &from),
            );
        }
        if target_framework.is_none() {
            report.add(
                &path,
                at(raw.to.span()),
                Message::new("check-unknown-framework").arg("id", &to),
            );
        }
        if from == to {
            report.add(
                &path,
                line,
                Message::new("check-mapping-to-itself").arg("framework", &from),
            );
        }
        if !pairs_of_frameworks.insert((from.clone(), to.clone())) {
            report.add(
                &path,
                line,
                Message::new("check-mapping-twice")
                    .arg("from", &from)
                    .arg("to", &to),
            );
        }

        let levels: Vec<u8> = raw.levels.get_ref().iter().map(|l| *l.get_ref()).collect();
        if let Some(framework) = source_framework
            && levels.len() != usize::from(framework.levels)
        {
            report.add(
                &path,
                at(raw.levels.span()),
                Message::new("check-mapping-level-count")
                    .arg("count", levels.len())
                    .arg("from", &from)
                    .arg("levels", framework.levels),
            );
        }
        let mut previous: Option<u8> = None;
        for level in raw.levels.get_ref() {
            let value = *level.get_ref();
            if let Some(framework) = target_framework
                && (value == 0 || value > framework.levels)
            {
                report.add(
                    &path,
                    at(level.span()),
                    Message::new("check-mapping-level-outside")
                        .arg("level", value)
                        .arg("max", framework.levels)
                        .arg("to", &to),
                );
            }
            if previous.is_some_and(|p| value < p) {
                report.add(
                    &path,
                    at(level.span()),
                    Message::new("check-mapping-levels-down")
                        .arg("from", &from)
                        .arg("to", &to),
                );
            }
            previous = Some(value);
        }

        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        let mut competences = Vec::new();
        for pair in raw.competences {
            for (side, id, framework) in [("from", &pair.from, &from), ("to", &pair.to, &to)] {
                match store.framework_of(id.get_ref()) {
                    None => report.add(
                        &path,
                        at(id.span()),
                        Message::new("check-unknown-competence").arg("id", id.get_ref()),
                    ),
                    Some(actual) if &actual.id != framework => report.add(
                        &path,
                        at(id.span()),
                        Message::new("check-mapping-wrong-framework")
                            .arg("id", id.get_ref())
                            .arg("actual", &actual.id)
                            .arg("side", side)
                            .arg("framework", framework),
                    ),
                    Some(_) => {}
                }
            }
            let key = (pair.from.get_ref().clone(), pair.to.get_ref().clone());
            if !seen.insert(key.clone()) {
                report.add(
                    &path,
                    at(pair.from.span()),
                    Message::new("check-mapping-pair-twice")
                        .arg("from", &key.0)
                        .arg("to", &key.1),
                );
                continue;
            }
            competences.push(key);
        }
        mappings.push(Mapping {
            from,
            to,
            levels,
            competences,
        });
    }
    store.editions.mappings = mappings;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Two frameworks of different scales, added to the valid test curriculum.
    const COMPETENCES: &str = r#"
[[frameworks]]
id = "alt"
title = { de = "Alt", en = "Old" }
version = "1"
levels = 8

[[frameworks]]
id = "neu"
title = { de = "Neu – die zweite Ausgabe", en = "New – the second edition" }
version = "2"
levels = 4

[[levels]]
level = 1
title = { de = "Eins", en = "One" }

[[levels]]
framework = "neu"
level = 1
title = { de = "Basis", en = "Basic" }

[[levels]]
framework = "neu"
level = 2
title = { de = "Mittel – klar umrissene Aufgaben", en = "Intermediate – well-defined tasks" }

[[levels]]
framework = "neu"
level = 3
title = { de = "Fortgeschritten", en = "Advanced" }

[[levels]]
framework = "neu"
level = 4
title = { de = "Sehr fortgeschritten", en = "Highly advanced" }

[[areas]]
framework = "alt"
id = "alt/1"
number = "1"
title = { de = "Bereich", en = "Area" }

[[areas]]
framework = "neu"
id = "neu/1"
number = "1"
title = { de = "Bereich", en = "Area" }

[[competences]]
id = "alt/1.1"
area = "alt/1"
title = { de = "Suchen", en = "Searching" }
description = { de = "x", en = "x" }

[[competences]]
id = "neu/1.1"
area = "neu/1"
title = { de = "Informationen suchen", en = "Searching information" }
description = { de = "x", en = "x" }
"#;

    const MAPPINGS: &str = r#"# From the old edition to the new one.
[[mappings]]
from = "alt"
to = "neu"
levels = [1, 1, 2, 2, 3, 3, 4, 4]
competences = [
  { from = "alt/1.1", to = "neu/1.1" },
]
"#;

    /// The valid test curriculum (`tests/fixtures/content-valid`) with `competences` added to
    /// its competences and `mappings` as its mapping file.
    pub(crate) fn folder(competences: &str, mappings: &str) -> PathBuf {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap().flatten() {
                let target = to.join(entry.file_name());
                if entry.path().is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), target).unwrap();
                }
            }
        }
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/content-valid");
        let dir = std::env::temp_dir().join(format!("fs-frameworks-{}", uuid::Uuid::new_v4()));
        copy(&fixture, &dir);
        let file = dir.join("competences.toml");
        let base = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, base + competences).unwrap();
        std::fs::write(dir.join("framework-mappings.toml"), mappings).unwrap();
        dir
    }

    /// The whole check of the folder: the curriculum, or every problem as `file:line: message`
    /// with the file name alone.
    fn check(competences: &str, mappings: &str) -> (Result<ContentStore, Vec<String>>, PathBuf) {
        let dir = folder(competences, mappings);
        let result = super::super::load(&dir).map_err(|problems| {
            problems
                .iter()
                .map(|p| {
                    format!(
                        "{}:{}: {}",
                        p.file.file_name().unwrap().to_string_lossy(),
                        p.line,
                        p.message
                    )
                })
                .collect()
        });
        (result, dir)
    }

    /// The shipped frameworks, scales and mappings, with the modules of the test curriculum:
    /// what these checks read, apart from modules that may be in the middle of an edit.
    pub(crate) fn shipped() -> ContentStore {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let competences = std::fs::read_to_string(content.join("competences.toml")).unwrap();
        let mappings = std::fs::read_to_string(content.join("framework-mappings.toml")).unwrap();
        let (result, dir) = check(&format!("\n{competences}"), &mappings);
        let _ = std::fs::remove_dir_all(dir);
        result.unwrap_or_else(|problems| panic!("{problems:#?}"))
    }

    #[test]
    fn names_come_before_the_dash_and_codes_after_the_slash() {
        assert_eq!(
            name_part("DigComp 3.0 – Europäischer Referenzrahmen"),
            "DigComp 3.0"
        );
        assert_eq!(name_part("Mittel"), "Mittel");
        let competence = |id: &str| Competence {
            id: id.to_owned(),
            area: String::new(),
            title: Text::default(),
            short: Text::default(),
            description: Text::default(),
        };
        assert_eq!(competence("digcomp-3.0/1.2").code(), Some("1.2"));
        assert_eq!(competence("kgst-2020/ethisch").code(), None);
        assert_eq!(competence("ohne-schraegstrich").code(), None);
    }

    #[test]
    fn a_pass_under_the_old_edition_shows_under_the_new_one() {
        let (result, dir) = check(COMPETENCES, MAPPINGS);
        let _ = std::fs::remove_dir_all(dir);
        let store = result.unwrap_or_else(|problems| panic!("{problems:#?}"));
        for (old, new) in [
            (1, 1),
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 3),
            (6, 3),
            (7, 4),
            (8, 4),
        ] {
            let found = store.equivalents("alt/1.1", old);
            assert_eq!(found.len(), 1, "level {old}");
            assert_eq!(found[0].competence.id, "neu/1.1");
            assert_eq!(found[0].framework.id, "neu");
            assert_eq!(found[0].level, new, "level {old}");
        }
        assert_eq!(
            store.equivalents("alt/1.1", 3)[0]
                .level_title
                .map(|t| t.de.as_str()),
            Some("Mittel – klar umrissene Aufgaben"),
            "the new edition's own scale"
        );
        assert!(store.equivalents("alt/1.1", 0).is_empty());
        assert!(store.equivalents("alt/1.1", 9).is_empty());
        assert!(store.equivalents("neu/1.1", 2).is_empty(), "one direction");
        assert!(store.equivalents("test/eins", 2).is_empty(), "no mapping");
        assert!(store.is_mapping_target("neu/1.1"));
        assert!(!store.is_mapping_target("alt/1.1"));
        assert_eq!(
            store.level_title("alt/1.1", 1).map(|t| t.de.as_str()),
            Some("Eins"),
            "the default scale"
        );
        assert_eq!(store.level_count("neu/1.1"), 4);
        assert_eq!(store.level_count("alt/1.1"), 8);
        let new = store.frameworks.iter().find(|f| f.id == "neu").unwrap();
        assert_eq!(new.name(crate::i18n::Locale::En), "New");
    }

    /// (case, which file, text to find, replacement, a text on the line the problem must point
    /// to, the message)
    const BROKEN: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "unknown competence on the old side",
            "framework-mappings.toml",
            "{ from = \"alt/1.1\"",
            "{ from = \"alt/9.9\"",
            "alt/9.9",
            "unknown competence alt/9.9",
        ),
        (
            "a competence of the wrong framework",
            "framework-mappings.toml",
            "to = \"neu/1.1\"",
            "to = \"alt/1.1\"",
            "to = \"alt/1.1\"",
            "alt/1.1 belongs to alt, but this mapping's to is neu",
        ),
        (
            "unknown framework",
            "framework-mappings.toml",
            "to = \"neu\"",
            "to = \"neuer\"",
            "to = \"neuer\"",
            "unknown framework neuer",
        ),
        (
            "level outside the new scale",
            "framework-mappings.toml",
            "3, 4, 4]",
            "3, 4, 5]",
            "levels = ",
            "level 5 is outside 1–4 of neu",
        ),
        (
            "a level for every old level",
            "framework-mappings.toml",
            "3, 4, 4]",
            "3, 4]",
            "levels = ",
            "levels has 7 entries; alt has 8 levels, one entry for each",
        ),
        (
            "levels that go down",
            "framework-mappings.toml",
            "[1, 1, 2, 2",
            "[1, 2, 1, 2",
            "levels = ",
            "levels must not go down: a higher level of alt cannot be a lower level of neu",
        ),
        (
            "the same pair twice",
            "framework-mappings.toml",
            "  { from = \"alt/1.1\", to = \"neu/1.1\" },\n",
            "  { from = \"alt/1.1\", to = \"neu/1.1\" },\n  { from = \"alt/1.1\", to = \"neu/1.1\" },\n",
            "last:{ from = \"alt/1.1\"",
            "alt/1.1 → neu/1.1 is listed twice",
        ),
        (
            "the same mapping twice",
            "framework-mappings.toml",
            "# From the old edition to the new one.\n",
            "[[mappings]]\nfrom = \"alt\"\nto = \"neu\"\nlevels = [1, 1, 2, 2, 3, 3, 4, 4]\n\n",
            "last:from = \"alt\"",
            "the mapping from alt to neu is defined twice",
        ),
        (
            "a level of the own scale outside its range",
            "competences.toml",
            "level = 4\ntitle = { de = \"Sehr",
            "level = 5\ntitle = { de = \"Sehr",
            "level = 5",
            "level 5 is outside 1–4 of framework neu",
        ),
        (
            "a level of the own scale twice",
            "competences.toml",
            "framework = \"neu\"\nlevel = 2",
            "framework = \"neu\"\nlevel = 1",
            "last:level = 1",
            "level 1 of framework neu is defined twice",
        ),
        (
            "a gap in the own scale",
            "competences.toml",
            "[[levels]]\nframework = \"neu\"\nlevel = 2\n",
            "[[levels]]\nframework = \"neu\"\nlevel = 3\n",
            "level = 1\ntitle = { de = \"Basis\"",
            "framework neu has 4 levels; its own scale lacks level 2",
        ),
        (
            "an own scale of an unknown framework",
            "competences.toml",
            "framework = \"neu\"\nlevel = 1",
            "framework = \"neuer\"\nlevel = 1",
            "framework = \"neuer\"",
            "unknown framework neuer",
        ),
    ];

    /// The 1-based line of `marker` in `text` (its last occurrence with a `last:` prefix).
    fn line_of_marker(text: &str, marker: &str) -> usize {
        let at = match marker.strip_prefix("last:") {
            Some(marker) => text.rfind(marker),
            None => text.find(marker),
        };
        let at = at.unwrap_or_else(|| panic!("{marker:?} is not in the file"));
        text[..at].matches('\n').count() + 1
    }

    #[test]
    fn every_broken_mapping_or_scale_is_reported_with_its_line() {
        for (case, file, find, replace, marker, message) in BROKEN {
            let (competences, mappings) = if *file == "framework-mappings.toml" {
                assert!(
                    MAPPINGS.contains(find),
                    "{case}: the fixture lacks {find:?}"
                );
                (COMPETENCES.to_owned(), MAPPINGS.replacen(find, replace, 1))
            } else {
                assert!(
                    COMPETENCES.contains(find),
                    "{case}: the fixture lacks {find:?}"
                );
                (COMPETENCES.replacen(find, replace, 1), MAPPINGS.to_owned())
            };
            let (result, dir) = check(&competences, &mappings);
            let written = std::fs::read_to_string(dir.join(file)).unwrap();
            let _ = std::fs::remove_dir_all(dir);
            let expected = format!("{file}:{}: {message}", line_of_marker(&written, marker));
            let problems = result.err().unwrap_or_default();
            assert!(
                problems.contains(&expected),
                "{case}: expected {expected:?}, got {problems:#?}"
            );
        }
    }

    #[test]
    fn the_shipped_digcomp_editions_map_every_competence_and_level() {
        let store = shipped();
        let old: Vec<&Competence> = store
            .competences
            .iter()
            .filter(|c| c.id.starts_with("digcomp-2.2/"))
            .collect();
        assert_eq!(old.len(), 21, "DigComp 2.2 has 21 competences");
        let new = store
            .competences
            .iter()
            .filter(|c| c.id.starts_with("digcomp-3.0/"))
            .count();
        assert_eq!(new, 21, "DigComp 3.0 keeps 21 competences");
        assert_eq!(
            store
                .frameworks
                .iter()
                .find(|f| f.id == "digcomp-3.0")
                .map(|f| f.levels),
            Some(4)
        );
        for competence in old {
            for level in 1..=8u8 {
                let found = store.equivalents(&competence.id, level);
                assert_eq!(found.len(), 1, "{} level {level}", competence.id);
                // The numbering is the same in both editions (JRC: no change to the structure).
                assert_eq!(
                    found[0].competence.id,
                    competence.id.replace("digcomp-2.2/", "digcomp-3.0/")
                );
                assert_eq!(found[0].level, level.div_ceil(2), "{}", competence.id);
                assert!(found[0].level_title.is_some(), "a title for every level");
            }
        }
        let kgst = store
            .competences
            .iter()
            .filter(|c| c.id.starts_with("kgst-2020/"))
            .count();
        assert_eq!(kgst, 8, "the KGSt's eight key competences");
    }
}
