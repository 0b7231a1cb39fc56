//! The command line around the conversion: `fuehrerschein content import-gift` and
//! `import-moodle-xml` read a file, write the quiz file and print the author's report.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use super::*;
use crate::console::errln;

/// The report for the author, one problem per line as `FILE:LINE: message`.
pub fn report(import: &Import, file: &str, lesson: &str) -> String {
    let mut out = String::new();
    let total = import.questions.len() + import.not_converted.len();
    out.push_str(&format!(
        "{file}: {} of {total} question(s) converted, {} not converted, {} warning(s)\n",
        import.questions.len(),
        import.not_converted.len(),
        import.warnings.len()
    ));
    let mut notes: Vec<(usize, String)> = import
        .not_converted
        .iter()
        .map(|n| {
            (
                n.line,
                format!("{file}:{}: not converted: {}", n.line, n.message),
            )
        })
        .chain(
            import
                .warnings
                .iter()
                .map(|n| (n.line, format!("{file}:{}: warning: {}", n.line, n.message))),
        )
        .collect();
    notes.sort_by_key(|(line, _)| *line);
    for (_, note) in notes {
        out.push_str(&note);
        out.push('\n');
    }
    if !import.categories.is_empty() {
        let list: Vec<String> = import
            .categories
            .iter()
            .map(|(name, count)| format!("{name} ({count})"))
            .collect();
        out.push_str(&format!(
            "Moodle categories (converted questions): {}\n",
            list.join(", ")
        ));
    }
    if !import.questions.is_empty() {
        out.push_str(&format!(
            "Every imported question links to {lesson}. Point each `lesson` to the section that \
             teaches it (NN-slug#anchor) and run `fuehrerschein content check`.\n"
        ));
    }
    out
}

/// The command: reads `file`, writes the quiz to `out` or standard output, the report to
/// standard error. Exit code 0 when at least one question was converted, 1 when none was or the
/// file cannot be read (or is larger than [`MAX_FILE_BYTES`]), 2 for a missing or malformed
/// `--lesson`.
pub fn run(format: Format, file: &Path, lesson: Option<&str>, out: Option<&Path>) -> ExitCode {
    let shown = file.display().to_string();
    let Some(lesson) = lesson.map(str::trim) else {
        errln!(
            "fuehrerschein: {shown}: --lesson is required: every question in our quiz format \
             links to the lesson that teaches it, e.g. --lesson 01-datenschutz-grundlagen \
             (all imported questions get this link; refine them afterwards)"
        );
        return ExitCode::from(2);
    };
    if !is_lesson_link(lesson) {
        errln!(
            "fuehrerschein: --lesson {lesson}: a lesson link is the lesson file name without .md, \
             optionally with a section anchor: NN-slug or NN-slug#anchor"
        );
        return ExitCode::from(2);
    }
    let bytes = match read_file(file) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            let refused = too_large();
            errln!("{shown}:{}: {}", refused.line, refused.message);
            return ExitCode::FAILURE;
        }
        Err(err) => {
            errln!("{shown}:1: cannot read the file: {err}");
            return ExitCode::FAILURE;
        }
    };
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..valid]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            errln!(
                "{shown}:{line}: the file is not UTF-8 text; export it from Moodle again or \
                 convert it to UTF-8"
            );
            return ExitCode::FAILURE;
        }
    };
    let import = match read(format, &source) {
        Ok(import) => import,
        Err(malformed) => {
            errln!("{shown}:{}: {}", malformed.line, malformed.message);
            return ExitCode::FAILURE;
        }
    };
    crate::console::err(format_args!("{}", report(&import, &shown, lesson)));
    if import.questions.is_empty() {
        errln!("{shown}: no question could be converted; nothing written");
        return ExitCode::FAILURE;
    }
    let origin = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let quiz = match quiz_toml(&import, lesson, &origin, format) {
        Ok(quiz) => quiz,
        Err(err) => {
            errln!("{shown}:1: cannot write the quiz: {err}");
            return ExitCode::FAILURE;
        }
    };
    let written = match out {
        Some(path) => std::fs::write(path, &quiz)
            .map_err(|err| format!("{}: cannot write the quiz: {err}", path.display())),
        None => {
            crate::console::out_bytes(quiz.as_bytes());
            Ok(())
        }
    };
    match written {
        Ok(()) => {
            if let Some(path) = out {
                errln!("quiz written to {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            errln!("fuehrerschein: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The bytes of `path`, or `None` when it holds more than [`MAX_FILE_BYTES`]; a larger file is
/// not read further.
fn read_file(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    read_at_most(path, MAX_FILE_BYTES)
}

/// The bytes of `path`, or `None` when it holds more than `limit` bytes; a larger file is not
/// read further. Every file the command line reads goes through this (question banks, employee
/// lists, credentials), so that no file can exhaust the memory.
pub fn read_at_most(path: &Path, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() <= limit).then_some(bytes))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_size_limit_is_refused_without_writing_a_quiz() {
        let dir =
            std::env::temp_dir().join(format!("fs-import-limit-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let (file, out) = (dir.join("gross.gift"), dir.join("quiz.toml"));
        // A valid question, padded with spaces to one byte over the limit.
        let question = b"Frage {T}\n";
        let mut bytes = question.to_vec();
        bytes.resize(MAX_FILE_BYTES + 1, b' ');
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(
            run(Format::Gift, &file, Some("01-x"), Some(&out)),
            ExitCode::FAILURE
        );
        assert!(!out.exists());
        assert_eq!(read_file(&file).unwrap(), None);
        // At the limit, the same file is converted.
        bytes.truncate(MAX_FILE_BYTES);
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(
            run(Format::Gift, &file, Some("01-x"), Some(&out)),
            ExitCode::SUCCESS
        );
        assert!(
            std::fs::read_to_string(&out)
                .unwrap()
                .contains("answer = true")
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
