//! Where the curriculum's files come from. The shipped `content/` folder holds the frameworks,
//! certificates, profiles and the modules as released; on a running server the modules come
//! from the database instead (their published versions, see `authoring`), and a draft is
//! checked by putting its files in place of the module's. `load` reads through a [`Tree`], so
//! the folder, the database and a draft in the editor pass the very same checks.
//!
//! A module in the database keeps the paths it has as a folder (`modules/<id>/quiz.toml`,
//! `modules/<id>/lessons/01-….md`), so every problem is still `file:line: message`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Message;
use super::loading::MAX_CONTENT_FILE_BYTES;

/// The files of one module: its text files by their path inside the module folder
/// (`module.toml`, `quiz.toml`, `quiz.en.toml`, `lessons/01-thema.md`, `lessons/01-thema.en.md`)
/// and the names of the images in its `media/` folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleFiles {
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub media: BTreeSet<String>,
}

/// The most text files a module may have (lessons and their translations, quiz files).
pub const MAX_MODULE_FILES: usize = 200;

/// Whether `path` may name a text file of a module: `module.toml`, `quiz.toml`, `quiz.en.toml`
/// or a Markdown lesson in `lessons/`, nothing else and never a path that leaves the folder.
pub fn is_module_text_path(path: &str) -> bool {
    match path {
        "module.toml" | "quiz.toml" | "quiz.en.toml" => true,
        _ => path
            .strip_prefix("lessons/")
            .is_some_and(|name| name.ends_with(".md") && is_file_name(name) && name.len() <= 120),
    }
}

/// A plain file name: letters, digits, `-`, `_` and `.`, not starting with a dot.
pub fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 120
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl ModuleFiles {
    /// Reads a module folder from the disk: its text files and the names of its images. What
    /// does not belong in a module folder is left out; a file too large, or a folder with too
    /// many files, is an error.
    pub fn read_folder(folder: &Path) -> Result<ModuleFiles, String> {
        let mut files = BTreeMap::new();
        for name in ["module.toml", "quiz.toml", "quiz.en.toml"] {
            let path = folder.join(name);
            if path.is_file() {
                let text = read_text(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                files.insert(name.to_owned(), text);
            }
        }
        let mut lessons: Vec<PathBuf> = std::fs::read_dir(folder.join("lessons"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        lessons.sort();
        for path in lessons {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let relative = format!("lessons/{name}");
            if is_module_text_path(&relative) {
                let text = read_text(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                files.insert(relative, text);
            }
            if files.len() > MAX_MODULE_FILES {
                return Err(format!(
                    "{}: more than {MAX_MODULE_FILES} files",
                    folder.display()
                ));
            }
        }
        let media = std::fs::read_dir(folder.join("media"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .filter(|name| is_file_name(name))
            .collect();
        Ok(ModuleFiles { files, media })
    }

    /// The module's id as its `module.toml` gives it, if the file names one.
    pub fn declared_id(&self) -> Option<String> {
        #[derive(Deserialize)]
        struct Id {
            id: String,
        }
        let text = self.files.get("module.toml")?;
        toml::from_str::<Id>(text).ok().map(|i| i.id)
    }
}

/// A text file of the folder, or what is wrong with it.
fn read_text(path: &Path) -> Result<String, Message> {
    let unreadable =
        |e: std::io::Error| Message::new("check-file-unreadable").english("detail", e.to_string());
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_CONTENT_FILE_BYTES {
        return Err(too_large());
    }
    std::fs::read_to_string(path).map_err(unreadable)
}

fn too_large() -> Message {
    Message::new("check-file-too-large").arg("megabytes", MAX_CONTENT_FILE_BYTES / (1024 * 1024))
}

/// The content folder, with its modules either from the folder too or given in memory.
#[derive(Clone, Debug)]
pub struct Tree {
    root: PathBuf,
    modules: Option<BTreeMap<String, ModuleFiles>>,
}

/// What a path inside the tree is.
enum Place<'a> {
    /// On the disk.
    Disk,
    /// `modules/` itself, given in memory.
    Modules,
    /// Inside a module given in memory (or a module that does not exist, `None`), with the
    /// path inside its folder.
    Module(Option<&'a ModuleFiles>, String),
}

impl Tree {
    /// Everything from the folder, as `fuehrerschein content check` reads it.
    pub fn folder(root: &Path) -> Tree {
        Tree {
            root: root.to_owned(),
            modules: None,
        }
    }

    /// The folder's frameworks, certificates and profiles with these modules (by id) instead of
    /// the folder's `modules/`.
    pub fn with_modules(root: &Path, modules: BTreeMap<String, ModuleFiles>) -> Tree {
        Tree {
            root: root.to_owned(),
            modules: Some(modules),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The modules given in memory, if any.
    pub fn modules(&self) -> Option<&BTreeMap<String, ModuleFiles>> {
        self.modules.as_ref()
    }

    fn place(&self, path: &Path) -> Place<'_> {
        let Some(modules) = &self.modules else {
            return Place::Disk;
        };
        let Ok(rest) = path.strip_prefix(self.root.join("modules")) else {
            return Place::Disk;
        };
        let mut parts = rest.components().filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        });
        let Some(id) = parts.next() else {
            return Place::Modules;
        };
        let inner: Vec<&str> = parts.collect();
        Place::Module(modules.get(id), inner.join("/"))
    }

    /// The text of a file, or why it cannot be read.
    pub fn read(&self, path: &Path) -> Result<String, Message> {
        match self.place(path) {
            Place::Disk => read_text(path),
            Place::Modules => Err(Message::new("check-file-is-folder")),
            Place::Module(module, inner) => match module.and_then(|m| m.files.get(&inner)) {
                Some(text) if text.len() as u64 > MAX_CONTENT_FILE_BYTES => Err(too_large()),
                Some(text) => Ok(text.clone()),
                None => Err(Message::new("check-file-missing")),
            },
        }
    }

    /// Whether a file exists (a text file, or an image of a module).
    pub fn is_file(&self, path: &Path) -> bool {
        match self.place(path) {
            Place::Disk => path.is_file(),
            Place::Modules => false,
            Place::Module(module, inner) => module.is_some_and(|m| {
                m.files.contains_key(&inner)
                    || inner
                        .strip_prefix("media/")
                        .is_some_and(|name| m.media.contains(name))
            }),
        }
    }

    /// The files (`dirs` false) or folders (`dirs` true) directly in `dir`, sorted; `None` if
    /// there is no such folder.
    pub fn list(&self, dir: &Path, dirs: bool) -> Option<Vec<PathBuf>> {
        match self.place(dir) {
            Place::Disk => {
                let entries = std::fs::read_dir(dir).ok()?;
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| if dirs { p.is_dir() } else { p.is_file() })
                    .collect();
                found.sort();
                Some(found)
            }
            Place::Modules => {
                let modules = self.modules.as_ref()?;
                Some(if dirs {
                    modules.keys().map(|id| dir.join(id)).collect()
                } else {
                    Vec::new()
                })
            }
            Place::Module(module, inner) => {
                let module = module?;
                let prefix = if inner.is_empty() {
                    String::new()
                } else {
                    format!("{inner}/")
                };
                let mut found = BTreeSet::new();
                let mut any = inner.is_empty();
                for name in module
                    .files
                    .keys()
                    .cloned()
                    .chain(module.media.iter().map(|m| format!("media/{m}")))
                {
                    let Some(rest) = name.strip_prefix(&prefix) else {
                        continue;
                    };
                    any = true;
                    match rest.split_once('/') {
                        Some((folder, _)) if dirs => {
                            found.insert(folder.to_owned());
                        }
                        None if !dirs => {
                            found.insert(rest.to_owned());
                        }
                        _ => {}
                    }
                }
                any.then(|| found.into_iter().map(|name| dir.join(name)).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn tree() -> Tree {
        let mut files = BTreeMap::new();
        files.insert("module.toml".to_owned(), "id = \"a\"\n".to_owned());
        files.insert("lessons/01-x.md".to_owned(), "# X\n".to_owned());
        let module = ModuleFiles {
            files,
            media: ["bild.png".to_owned()].into_iter().collect(),
        };
        Tree::with_modules(
            Path::new("/c"),
            [("a".to_owned(), module)].into_iter().collect(),
        )
    }

    #[test]
    fn modules_in_memory_look_like_folders() {
        let tree = tree();
        assert_eq!(
            tree.list(Path::new("/c/modules"), true),
            Some(vec![PathBuf::from("/c/modules/a")])
        );
        assert_eq!(
            tree.list(Path::new("/c/modules/a/lessons"), false),
            Some(vec![PathBuf::from("/c/modules/a/lessons/01-x.md")])
        );
        assert_eq!(
            tree.list(Path::new("/c/modules/a"), true),
            Some(vec![
                PathBuf::from("/c/modules/a/lessons"),
                PathBuf::from("/c/modules/a/media")
            ])
        );
        assert_eq!(tree.list(Path::new("/c/modules/a/nothing"), false), None);
        assert!(tree.is_file(Path::new("/c/modules/a/media/bild.png")));
        assert!(!tree.is_file(Path::new("/c/modules/a/media/other.png")));
        assert_eq!(
            tree.read(Path::new("/c/modules/a/module.toml")).as_deref(),
            Ok("id = \"a\"\n")
        );
        assert!(tree.read(Path::new("/c/modules/b/module.toml")).is_err());
    }

    #[test]
    fn only_module_files_are_accepted_as_paths() {
        assert!(is_module_text_path("quiz.en.toml"));
        assert!(is_module_text_path("lessons/01-a.md"));
        assert!(!is_module_text_path("lessons/../module.toml"));
        assert!(!is_module_text_path("lessons/.hidden.md"));
        assert!(!is_module_text_path("media/bild.png"));
        assert!(!is_module_text_path("lessons/01-a.txt"));
    }
}
