//! The browser bundle's files under names that carry a hash of their content
//! (`fuehrerschein.3f9c0a1b2c4d5e6f.css`). A changed file gets a new address, so browsers may keep
//! every file for a year without asking again (`Cache-Control: immutable`), and a new release is
//! never mixed with an old cached file.

use std::path::Path;

use sha2::{Digest, Sha256};

/// One file of the bundle: the address pages use, and the file in the `pkg` folder behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    pub served_as: String,
    pub file: String,
}

/// The bundle of this instance: the style sheet, the JavaScript loader of the islands and the
/// WebAssembly module. Found once at start (`Assets::from_dir`); the default names the files
/// without a hash, for an instance whose bundle was not built (tests of the server alone).
#[derive(Clone, Debug)]
pub struct Assets {
    pub css: Asset,
    pub js: Asset,
    pub wasm: Asset,
}

impl Default for Assets {
    fn default() -> Self {
        Assets::unhashed("fuehrerschein")
    }
}

impl Assets {
    fn unhashed(output_name: &str) -> Assets {
        let plain = |file: String| Asset {
            served_as: file.clone(),
            file,
        };
        Assets {
            css: plain(format!("{output_name}.css")),
            js: plain(format!("{output_name}.js")),
            wasm: plain(format!("{output_name}_bg.wasm")),
        }
    }

    /// Hashes the files in `pkg_dir`; a missing file keeps its plain name.
    pub fn from_dir(pkg_dir: &Path, output_name: &str) -> Assets {
        let mut assets = Assets::unhashed(output_name);
        for asset in [&mut assets.css, &mut assets.js, &mut assets.wasm] {
            if let Ok(bytes) = std::fs::read(pkg_dir.join(&asset.file)) {
                asset.served_as = hashed_name(&asset.file, &bytes);
            }
        }
        assets
    }

    /// The file behind an address, if the address is one of the hashed names.
    pub fn file_for(&self, served_as: &str) -> Option<&str> {
        [&self.css, &self.js, &self.wasm]
            .into_iter()
            .find(|a| a.served_as == served_as && a.served_as != a.file)
            .map(|a| a.file.as_str())
    }
}

/// `name.ext` → `name.<16 hex digits of SHA-256>.ext`.
fn hashed_name(file: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    match file.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{file}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_file_gets_a_new_name_and_only_hashed_names_are_looked_up() {
        let dir = std::env::temp_dir().join(format!("fs-assets-{}", uuid::Uuid::new_v4()));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("fuehrerschein.css"), "body{}"));
        assert!(written.is_ok());
        let first = Assets::from_dir(&dir, "fuehrerschein");
        assert!(first.css.served_as.starts_with("fuehrerschein."));
        assert!(first.css.served_as.ends_with(".css"));
        assert_ne!(first.css.served_as, "fuehrerschein.css");
        assert_eq!(
            first.file_for(&first.css.served_as),
            Some("fuehrerschein.css")
        );
        // Files that are not there keep their plain names, which are not hashed addresses.
        assert_eq!(first.js.served_as, "fuehrerschein.js");
        assert_eq!(first.file_for("fuehrerschein.js"), None);
        assert!(std::fs::write(dir.join("fuehrerschein.css"), "body{color:red}").is_ok());
        let second = Assets::from_dir(&dir, "fuehrerschein");
        assert_ne!(first.css.served_as, second.css.served_as);
        assert_eq!(second.file_for(&first.css.served_as), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
