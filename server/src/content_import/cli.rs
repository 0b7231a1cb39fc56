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
    let source = match utf8_text(bytes) {
        Ok(source) => source,
        Err(line) => {
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

/// The bytes as text, or the line of the first byte that is not UTF-8.
fn utf8_text(bytes: Vec<u8>) -> Result<String, usize> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        err.as_bytes()[..valid]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    })
}

/// What `import-framework` takes besides the file, as the command line gives it.
#[derive(Clone, Debug, Default)]
pub struct FrameworkArgs {
    /// The id of the new framework; required.
    pub framework: Option<String>,
    pub title_de: Option<String>,
    pub title_en: Option<String>,
    pub version: Option<String>,
    /// Proficiency levels of the framework, 1–8.
    pub levels: u8,
    /// The language of the file's texts: `de` or `en`.
    pub language: String,
}

/// The command `import-framework`: reads the CSV `file` (see [`framework_csv`]), writes the
/// framework in the format of `competences.toml` to `out` or standard output, and problems and
/// warnings to standard error as `FILE:LINE: message`. Exit code 0 when the framework was
/// written; 1 when the file cannot be read, is larger than
/// [`framework_csv::MAX_FRAMEWORK_BYTES`] or has a broken row (nothing is written then); 2 for
/// a missing or malformed option.
pub fn run_framework(file: &Path, args: &FrameworkArgs, out: Option<&Path>) -> ExitCode {
    use framework_csv::{Language, MAX_FRAMEWORK_BYTES, Options};
    let shown = file.display().to_string();
    let Some(framework) = args.framework.as_deref().map(str::trim) else {
        errln!(
            "fuehrerschein: {shown}: --framework is required: the id of the new framework, e.g. \
             --framework digcomp-2.1 (its competences become digcomp-2.1/1.1, digcomp-2.1/1.2, …)"
        );
        return ExitCode::from(2);
    };
    if !framework_csv::is_framework_id(framework) {
        errln!(
            "fuehrerschein: --framework {framework}: a framework id has lower-case letters, digits, \
             hyphens and dots and starts with a letter, e.g. digcomp-2.1"
        );
        return ExitCode::from(2);
    }
    if !(1..=8).contains(&args.levels) {
        errln!(
            "fuehrerschein: --levels {}: a framework has between 1 and 8 proficiency levels",
            args.levels
        );
        return ExitCode::from(2);
    }
    let Some(language) = Language::parse(&args.language) else {
        errln!(
            "fuehrerschein: --language {}: the language of the file's texts is de or en",
            args.language
        );
        return ExitCode::from(2);
    };
    let bytes = match read_at_most(file, MAX_FRAMEWORK_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            errln!(
                "{shown}:1: the file is larger than {} MB, the most the import reads",
                MAX_FRAMEWORK_BYTES / (1024 * 1024)
            );
            return ExitCode::FAILURE;
        }
        Err(err) => {
            errln!("{shown}:1: cannot read the file: {err}");
            return ExitCode::FAILURE;
        }
    };
    let source = match utf8_text(bytes) {
        Ok(source) => source,
        Err(line) => {
            errln!("{shown}:{line}: the file is not UTF-8 text; save it as UTF-8 and try again");
            return ExitCode::FAILURE;
        }
    };
    let read = match framework_csv::read(&source) {
        Ok(read) => read,
        Err(problems) => {
            for problem in &problems {
                errln!("{shown}:{}: {}", problem.line, problem.message);
            }
            errln!(
                "{shown}: {} problem(s); nothing written: correct the file and run the import again",
                problems.len()
            );
            return ExitCode::FAILURE;
        }
    };
    for warning in &read.warnings {
        errln!("{shown}:{}: warning: {}", warning.line, warning.message);
    }
    // "digcomp-2.1" → "2.1": the version most ids end with.
    let version = args.version.clone().unwrap_or_else(|| {
        framework
            .rsplit_once('-')
            .map(|(_, v)| v)
            .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or("1")
            .to_owned()
    });
    let options = Options {
        framework: framework.to_owned(),
        title_de: args
            .title_de
            .clone()
            .unwrap_or_else(|| framework.to_owned()),
        title_en: args
            .title_en
            .clone()
            .unwrap_or_else(|| framework.to_owned()),
        version,
        levels: args.levels,
        language,
    };
    let origin = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let text = framework_csv::competences_toml(&read, &options, &origin);
    let competences: usize = read.areas.iter().map(|(_, c)| c.len()).sum();
    match out {
        Some(path) => {
            if let Err(err) = std::fs::write(path, &text) {
                errln!(
                    "fuehrerschein: {}: cannot write the framework: {err}",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
        }
        None => crate::console::out_bytes(text.as_bytes()),
    }
    errln!(
        "{shown}: {} area(s) and {competences} competence(s) converted{}; add them to \
         content/competences.toml and run `fuehrerschein content check`",
        read.areas.len(),
        out.map(|p| format!(" into {}", p.display()))
            .unwrap_or_default()
    );
    ExitCode::SUCCESS
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
