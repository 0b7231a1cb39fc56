//! The curriculum in `content/`: loading, checking and serving it (server only).
//!
//! `load` reads the whole folder once at start and either returns a `ContentStore` or every
//! problem it found as `file:line: message`, so that an author sees all mistakes at once. The
//! server refuses to start on a broken curriculum; `fuehrerschein content check` prints the same
//! list. Nothing here touches the database.

pub mod anchor;
mod attempt_policy;
pub mod certificates;
pub mod frameworks;
mod loading;
pub mod markdown;
mod model;
pub mod profiles;
pub mod quiz_rules;
mod raw;
pub mod tree;
mod validation;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::i18n::Locale;
use markdown::LessonLink;

pub use attempt_policy::{NextTry, PastAttempt};
pub use loading::{
    DraftCheck, MAX_CONTENT_FILE_BYTES, check_draft, load, load_module_files, load_tree,
};
use loading::{Report, is_slug, line_of, parse_toml, read};
pub use model::*;
pub use tree::{ModuleFiles, Tree};
use validation::check_prerequisites;

/// The curriculum of a running instance. Provided at start (`AppContext::provide`); the context
/// itself does not know what a curriculum is.
pub trait HasContent {
    fn content(&self) -> Arc<ContentStore>;
}

impl HasContent for crate::context::AppContext {
    fn content(&self) -> Arc<ContentStore> {
        self.part::<ContentStore>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
    }

    #[test]
    fn the_shipped_curriculum_passes_the_check() {
        match load(&content_dir()) {
            Ok(store) => {
                assert!(
                    store.modules.len() >= 8,
                    "at least 8 modules, found {}",
                    store.modules.len()
                );
                for module in &store.modules {
                    assert!(
                        module.lessons.len() >= 3,
                        "{}: at least 3 lessons",
                        module.id
                    );
                    assert!(
                        module.quiz.questions.len() >= 15,
                        "{}: at least 15 questions",
                        module.id
                    );
                }
            }
            Err(problems) => {
                let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                panic!("content check failed:\n{}", list.join("\n"));
            }
        }
    }

    /// The files whose findings are `Message`s of `check.*.ftl`.
    fn checker_sources() -> Vec<PathBuf> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files: Vec<PathBuf> = std::fs::read_dir(src.join("content"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.push(src.join("help/server.rs"));
        files.sort();
        files
    }

    /// Where the call that opens at byte `open` (a `(`) closes, skipping string literals.
    fn closing_paren(text: &str, open: usize) -> Option<usize> {
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        for (i, c) in text[open..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '(' if !in_string => depth += 1,
                ')' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(open + i);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Every `check-…` key the checker gives to `Message::new`, with the names of the arguments
    /// its chain of `.arg("…", …)` and `.english("…", …)` adds, as (file, key, names).
    fn emitted_findings() -> Vec<(String, String, Vec<String>)> {
        const NEW: &str = "Message::new(\"";
        let mut found = Vec::new();
        for path in checker_sources() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (at, _) in text.match_indices(NEW) {
                let rest = &text[at + NEW.len()..];
                let Some(end) = rest.find('"') else { continue };
                let key = &rest[..end];
                if !key.starts_with("check-") {
                    continue;
                }
                let mut names = Vec::new();
                let mut next = at + NEW.len() + end + 2;
                loop {
                    let after = &text[next..];
                    let skipped = after.len() - after.trim_start().len();
                    let call = after.trim_start();
                    let Some(name_start) = [".arg(", ".english("]
                        .iter()
                        .find_map(|m| call.strip_prefix(m))
                        .and_then(|args| args.trim_start().strip_prefix('"'))
                    else {
                        break;
                    };
                    let name: String = name_start.chars().take_while(|c| *c != '"').collect();
                    names.push(name);
                    let open = next + skipped + call.find('(').unwrap_or(0);
                    match closing_paren(&text, open) {
                        Some(close) => next = close + 1,
                        None => break,
                    }
                }
                let file = path.file_name().unwrap_or_default().to_string_lossy();
                found.push((file.into_owned(), key.to_owned(), names));
            }
        }
        found
    }

    /// Every finding the checks can send has its text in German and English, every argument
    /// the text uses is given where the finding is made, and nothing is left of the
    /// placeholders; and the catalogue has no text nobody sends.
    #[test]
    fn every_finding_has_its_text_in_both_languages() {
        use crate::i18n::message::tests::render_with_errors;

        let emitted = emitted_findings();
        assert!(
            emitted.len() > 100,
            "the scan finds the findings ({} found)",
            emitted.len()
        );
        let mut faults = Vec::new();
        for (file, key, names) in &emitted {
            let message = Message {
                key: key.clone(),
                args: names
                    .iter()
                    .map(|name| (name.clone(), crate::i18n::Arg::Text("x".to_owned())))
                    .collect(),
            };
            for locale in Locale::ALL {
                let (text, errors) = render_with_errors(&message, locale);
                if !errors.is_empty() || text.contains('{') || text.contains('}') {
                    faults.push(format!(
                        "{file}: {key} with {names:?} in {}: {text:?} {errors:?}",
                        locale.code()
                    ));
                }
            }
        }
        assert!(faults.is_empty(), "{}", faults.join("\n"));

        let sent: std::collections::BTreeSet<&str> = emitted
            .iter()
            .map(|(_, key, _)| key.as_str())
            .chain([crate::i18n::message::AS_WRITTEN])
            .collect();
        for (locale, catalogue) in [
            (Locale::De, include_str!("../../locales/check.de.ftl")),
            (Locale::En, include_str!("../../locales/check.en.ftl")),
        ] {
            let unused: Vec<&str> = catalogue
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|(key, _)| key))
                .filter(|key| key.starts_with("check-") && !sent.contains(key))
                .collect();
            assert!(
                unused.is_empty(),
                "{}: texts nobody sends: {unused:?}",
                locale.code()
            );
        }
    }
}
