//! A module as a zip file of its folder: the export of a version, and the upload of a folder
//! packed elsewhere (another city, a git checkout). The upload is read with limits on the
//! number of entries, each entry's size and the total, whatever the archive claims, and only
//! paths that belong in a module folder are taken.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;

use crate::content::ModuleFiles;
use crate::content::tree::{MAX_MODULE_FILES, is_file_name, is_module_text_path};

/// The largest zip file taken.
pub const MAX_ZIP_BYTES: usize = 20 * 1024 * 1024;
/// The most entries read from one archive.
const MAX_ENTRIES: usize = 500;
/// The most bytes unpacked in all.
const MAX_UNPACKED: u64 = 60 * 1024 * 1024;

/// A module folder as a zip file, with the folder `<module>/` around it.
pub fn pack(
    module: &str,
    files: &ModuleFiles,
    images: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let text = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (path, content) in &files.files {
        zip.start_file(format!("{module}/{path}"), text)?;
        zip.write_all(content.as_bytes())?;
    }
    for (name, bytes) in images {
        zip.start_file(format!("{module}/media/{name}"), stored)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A module folder read from a zip file.
#[derive(Debug, Default)]
pub struct Unpacked {
    /// The files; `media` names the images below.
    pub files: ModuleFiles,
    pub images: Vec<(String, Vec<u8>)>,
    /// Entries left out, with the reason (a catalogue key) for the report.
    pub skipped: Vec<(String, &'static str)>,
}

/// Why an archive cannot be read at all (a catalogue key).
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable(pub &'static str);

/// Reads a module folder from a zip file: the files either at the top or inside one folder.
pub fn unpack(bytes: &[u8]) -> Result<Unpacked, Unreadable> {
    if bytes.len() > MAX_ZIP_BYTES {
        return Err(Unreadable("authoring-zip-too-large"));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| Unreadable("authoring-zip-invalid"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Unreadable("authoring-zip-too-many"));
    }
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|_| Unreadable("authoring-zip-invalid"))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .enclosed_name()
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        names.push((i, name));
    }
    // One folder around everything (as `pack` writes it) is taken off.
    let prefix = common_folder(names.iter().filter_map(|(_, n)| n.as_deref()));
    let mut unpacked = Unpacked::default();
    let mut total = 0u64;
    for (i, name) in names {
        let Some(name) = name else {
            unpacked
                .skipped
                .push((String::new(), "authoring-zip-skipped-path"));
            continue;
        };
        let inner = match &prefix {
            Some(prefix) => name
                .strip_prefix(prefix.as_str())
                .unwrap_or(&name)
                .to_owned(),
            None => name.clone(),
        };
        if inner.split('/').any(|part| part.starts_with('.')) || inner.starts_with("__MACOSX") {
            continue;
        }
        let image = inner
            .strip_prefix("media/")
            .filter(|n| is_file_name(n))
            .map(str::to_owned);
        if image.is_none() && !is_module_text_path(&inner) {
            unpacked.skipped.push((inner, "authoring-zip-skipped-path"));
            continue;
        }
        let limit = if image.is_some() {
            super::MAX_IMAGE_BYTES as u64
        } else {
            super::MAX_FILE_BYTES as u64
        };
        let mut entry = archive
            .by_index(i)
            .map_err(|_| Unreadable("authoring-zip-invalid"))?;
        let mut data = Vec::new();
        // Read at most one byte past the limit, whatever the entry's header says.
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|_| Unreadable("authoring-zip-invalid"))?;
        total += data.len() as u64;
        if total > MAX_UNPACKED {
            return Err(Unreadable("authoring-zip-too-large"));
        }
        if data.len() as u64 > limit {
            unpacked.skipped.push((inner, "authoring-zip-skipped-size"));
            continue;
        }
        match image {
            Some(image) => {
                unpacked.files.media.insert(image.clone());
                unpacked.images.push((image, data));
            }
            None => match String::from_utf8(data) {
                Ok(text) => {
                    unpacked.files.files.insert(inner, text);
                }
                Err(_) => unpacked
                    .skipped
                    .push((inner, "authoring-zip-skipped-encoding")),
            },
        }
        if unpacked.files.files.len() > MAX_MODULE_FILES {
            return Err(Unreadable("authoring-zip-too-many"));
        }
    }
    if !unpacked.files.files.contains_key("module.toml") {
        return Err(Unreadable("authoring-zip-no-module"));
    }
    Ok(unpacked)
}

/// `folder/` if every name starts with that same one folder and none is `module.toml` at the top.
fn common_folder<'a>(mut names: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = names.next()?;
    let (folder, _) = first.split_once('/')?;
    let prefix = format!("{folder}/");
    if folder == "lessons" || folder == "media" {
        return None;
    }
    names.all(|n| n.starts_with(&prefix)).then_some(prefix)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn module() -> ModuleFiles {
        let mut files = ModuleFiles::default();
        files
            .files
            .insert("module.toml".into(), "id = \"a\"\n".into());
        files.files.insert("lessons/01-x.md".into(), "# X\n".into());
        files.media.insert("bild.png".into());
        files
    }

    #[test]
    fn an_export_reads_back_as_the_same_module() {
        let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
        let packed = pack("a", &module(), &[("bild.png".into(), png.clone())]).unwrap();
        let read = unpack(&packed).unwrap();
        assert_eq!(read.files, module());
        assert_eq!(read.images, vec![("bild.png".to_owned(), png)]);
        assert!(read.skipped.is_empty());
    }

    #[test]
    fn foreign_paths_are_skipped_and_broken_archives_refused() {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        for (name, text) in [
            ("module.toml", "id = \"a\"\n"),
            ("../evil.md", "x"),
            ("lessons/run.sh", "x"),
            (".git/config", "x"),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let read = unpack(&bytes).unwrap();
        assert_eq!(read.files.files.len(), 1);
        assert_eq!(read.skipped.len(), 2);
        assert_eq!(
            unpack(b"not a zip").unwrap_err(),
            Unreadable("authoring-zip-invalid")
        );
        let empty = zip::ZipWriter::new(Cursor::new(Vec::new()))
            .finish()
            .unwrap()
            .into_inner();
        assert_eq!(
            unpack(&empty).unwrap_err(),
            Unreadable("authoring-zip-no-module")
        );
    }
}
