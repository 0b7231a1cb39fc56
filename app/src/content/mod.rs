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
}
