//! Importing a competence framework from a CSV file into the format of
//! `content/competences.toml`, for `fuehrerschein content import-framework`.
//!
//! The file is read as the DINI AG KIM publishes DigComp
//! (<https://github.com/dini-ag-kim/digComp>, `DigComp.csv`): one row per area or competence,
//! separated by semicolons, with the columns `Level;Name;ShortCode;Description;Uri;BroaderConcept`.
//! `Level` is the row's place in the hierarchy (1 an area, 2 a competence), not a proficiency
//! level; `ShortCode` numbers it (`1.0` an area, `1.1` a competence); `BroaderConcept` names the
//! area a competence belongs to by its `Name`. Every broken row is reported as
//! `file:line: what is wrong` and nothing is written then: half a framework would let modules
//! name competences that silently do not exist. This module converts text; the command around
//! it (reading, writing, exit codes) is `cli::run_framework`. It never touches the curriculum.

use std::collections::HashMap;

use app::i18n::Message;

use super::Note;

/// The largest file read: 2 MB. DigComp's 21 competences take 6 KB; a framework with a few
/// hundred competences and long descriptions stays far below.
pub const MAX_FRAMEWORK_BYTES: usize = 2 * 1024 * 1024;
/// Rows read at most (header not counted).
pub const MAX_ROWS: usize = 2_000;
/// The longest name of an area or competence, in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// The longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 4_000;

/// The columns the file must have (compared ignoring case and surrounding spaces).
const REQUIRED: [&str; 4] = ["Level", "Name", "ShortCode", "BroaderConcept"];

/// An area or competence as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Where the row starts in the file.
    pub line: usize,
    /// `1` for an area; `1.2` for a competence.
    pub code: String,
    pub name: String,
    pub description: String,
    /// A link to the official text, if the file gives one.
    pub uri: Option<String>,
}

/// A framework read from the file: areas in file order, each with its competences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    pub areas: Vec<(Entry, Vec<Entry>)>,
    /// Rows that were read, header not counted.
    pub rows: usize,
    /// What the author should check, though nothing is wrong.
    pub warnings: Vec<Note>,
}

/// Which language the file's texts are in; they go to both languages of our format, and the
/// author translates the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    De,
    En,
}

impl Language {
    pub fn parse(code: &str) -> Option<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "de" => Some(Language::De),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

/// What the command line gives besides the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The framework id, e.g. `digcomp-2.1`; competence ids become `<id>/<ShortCode>`.
    pub framework: String,
    pub title_de: String,
    pub title_en: String,
    pub version: String,
    /// The framework's proficiency levels (1–8).
    pub levels: u8,
    pub language: Language,
}

/// Whether `id` can name a framework: lower-case letters, digits, hyphens and dots, starting
/// with a letter, as `digcomp-2.2` and `kommunal-2026` do.
pub fn is_framework_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !id.ends_with(['-', '.'])
        && !id.contains('/')
}

/// The line (1-based) where a record at a byte offset starts. After a CRLF the reader places
/// the next record at the line feed that ends the line before, so line ends there are skipped.
fn line_at(source: &str, byte: u64) -> usize {
    let bytes = source.as_bytes();
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
        end += 1;
    }
    bytes[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// A row's fields by column, after the header.
struct Columns {
    level: usize,
    name: usize,
    code: usize,
    broader: usize,
    description: Option<usize>,
    uri: Option<usize>,
    count: usize,
}

fn columns(header: &csv::StringRecord, line: usize) -> Result<Columns, Vec<Note>> {
    let find = |name: &str| {
        header.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let missing: Vec<&str> = REQUIRED.into_iter().filter(|c| find(c).is_none()).collect();
    if !missing.is_empty() {
        let found: Vec<&str> = header.iter().map(str::trim).collect();
        return Err(vec![Note {
            line,
            message: Message::new("import-csv-columns-missing")
                .arg("missing", missing.join(", "))
                .arg("found", found.join(";")),
        }]);
    }
    let (Some(level), Some(name), Some(code), Some(broader)) = (
        find("Level"),
        find("Name"),
        find("ShortCode"),
        find("BroaderConcept"),
    ) else {
        return Err(Vec::new());
    };
    Ok(Columns {
        level,
        name,
        code,
        broader,
        description: find("Description"),
        uri: find("Uri"),
        count: header.len(),
    })
}

/// `1`, `1.0` → area 1; `1.2` → competence 2 of area 1.
fn split_code(code: &str) -> Option<(u32, Option<u32>)> {
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match code.split_once('.') {
        None => Some((number(code)?, None)),
        Some((area, "0")) => Some((number(area)?, None)),
        Some((area, item)) => Some((number(area)?, Some(number(item)?))),
    }
}

/// A name written in capitals ("PROTECTING DEVICES") as a sentence: "Protecting devices".
fn sentence_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => lower,
    }
}

/// Reads the CSV text. Either the framework, or every broken row as `line: message`.
pub fn read(source: &str) -> Result<Read, Vec<Note>> {
    if source.len() > MAX_FRAMEWORK_BYTES {
        return Err(vec![Note {
            line: 1,
            message: Message::new("import-csv-too-large")
                .arg("megabytes", MAX_FRAMEWORK_BYTES / (1024 * 1024)),
        }]);
    }
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let first_line = source.lines().next().unwrap_or_default();
    // The DINI file separates with semicolons; a spreadsheet export may use commas.
    let delimiter = if first_line.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(source.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(vec![Note {
                line: 1,
                message: Message::new("import-csv-empty"),
            }]);
        }
        Some(Err(err)) => {
            let line = err.position().map_or(1, |p| line_at(source, p.byte()));
            return Err(vec![Note {
                line,
                message: Message::new("import-csv-header-unreadable")
                    .english("error", err.to_string()),
            }]);
        }
        Some(Ok(header)) => header,
    };
    let header_line = header.position().map_or(1, |p| line_at(source, p.byte()));
    let columns = columns(&header, header_line)?;

    let mut problems: Vec<Note> = Vec::new();
    let mut warnings: Vec<Note> = Vec::new();
    // Area number → (entry, competences); area name (lower case) → number.
    let mut areas: Vec<(u32, Entry, Vec<Entry>)> = Vec::new();
    let mut area_names: HashMap<String, u32> = HashMap::new();
    let mut codes: HashMap<String, usize> = HashMap::new();
    // Competences wait until every area is known: a file may list an area after its competences.
    let mut pending: Vec<(Entry, u32, String)> = Vec::new();
    let mut capitals = 0usize;
    let mut rows = 0usize;
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(1, |p| line_at(source, p.byte()));
                problems.push(Note {
                    line,
                    message: Message::new("import-csv-row-unreadable")
                        .english("error", err.to_string()),
                });
                continue;
            }
        };
        let line = record.position().map_or(1, |p| line_at(source, p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_ROWS {
            problems.push(Note {
                line,
                message: Message::new("import-csv-too-many-rows").arg("most", MAX_ROWS),
            });
            break;
        }
        if record.len() != columns.count {
            problems.push(Note {
                line,
                message: Message::new("import-csv-field-count")
                    .arg("fields", record.len())
                    .arg("columns", columns.count)
                    .arg("delimiter", char::from(delimiter).to_string()),
            });
            continue;
        }
        let field = |index: usize| record.get(index).unwrap_or_default().trim();
        let kind = field(columns.level);
        let raw_name = field(columns.name);
        let code = field(columns.code);
        let description = columns.description.map(field).unwrap_or_default();
        let uri = columns.uri.map(field).filter(|u| !u.is_empty());
        let broader = field(columns.broader);
        let mut wrong: Vec<Message> = Vec::new();
        if raw_name.is_empty() {
            wrong.push(Message::new("import-csv-name-empty"));
        } else if raw_name.chars().count() > MAX_NAME_CHARS {
            wrong.push(Message::new("import-csv-name-too-long").arg("most", MAX_NAME_CHARS));
        }
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            wrong.push(
                Message::new("import-csv-description-too-long").arg("most", MAX_DESCRIPTION_CHARS),
            );
        }
        if let Some(uri) = uri
            && !(uri.starts_with("https://") || uri.starts_with("http://"))
        {
            wrong.push(Message::new("import-csv-uri-not-web").arg("uri", uri));
        }
        let split = split_code(code);
        match (kind, split) {
            ("1", Some((_, None))) | ("2", Some((_, Some(_)))) => {}
            ("1", _) => wrong.push(Message::new("import-csv-code-not-area").arg("code", code)),
            ("2", _) => {
                wrong.push(Message::new("import-csv-code-not-competence").arg("code", code));
            }
            _ => wrong.push(Message::new("import-csv-level-unknown").arg("level", kind)),
        }
        if kind == "1" && !broader.is_empty() {
            wrong.push(Message::new("import-csv-area-with-broader").arg("broader", broader));
        }
        if kind == "2" && broader.is_empty() {
            wrong.push(Message::new("import-csv-competence-without-broader"));
        }
        let normalised = split.map(|(area, item)| match item {
            None => area.to_string(),
            Some(item) => format!("{area}.{item}"),
        });
        if let Some(normalised) = &normalised
            && let Some(first) = codes.get(normalised)
        {
            wrong.push(
                Message::new("import-csv-code-taken")
                    .arg("code", code)
                    .arg("line", *first),
            );
        }
        if let Some(message) = one_after_another(wrong) {
            problems.push(Note { line, message });
            continue;
        }
        let (Some((area_number, item)), Some(normalised)) = (split, normalised) else {
            continue;
        };
        codes.insert(normalised.clone(), line);
        let name = if raw_name.chars().any(char::is_lowercase) {
            raw_name.to_owned()
        } else {
            capitals += 1;
            sentence_case(raw_name)
        };
        let entry = Entry {
            line,
            code: normalised,
            name,
            description: description.to_owned(),
            uri: uri.map(str::to_owned),
        };
        match item {
            None => {
                let key = raw_name.to_lowercase();
                if let Some(number) = area_names.get(&key) {
                    problems.push(Note {
                        line,
                        message: Message::new("import-csv-area-name-taken")
                            .arg("name", raw_name)
                            .arg("area", *number),
                    });
                    continue;
                }
                area_names.insert(key, area_number);
                areas.push((area_number, entry, Vec::new()));
            }
            Some(_) => pending.push((entry, area_number, broader.to_owned())),
        }
    }
    for (entry, area_number, broader) in pending {
        let Some(named) = area_names.get(&broader.to_lowercase()).copied() else {
            problems.push(Note {
                line: entry.line,
                message: Message::new("import-csv-broader-unknown").arg("broader", &broader),
            });
            continue;
        };
        if named != area_number {
            problems.push(Note {
                line: entry.line,
                message: Message::new("import-csv-broader-other-area")
                    .arg("code", &entry.code)
                    .arg("area", area_number)
                    .arg("broader", &broader)
                    .arg("named", named),
            });
            continue;
        }
        if entry.description.is_empty() {
            warnings.push(Note {
                line: entry.line,
                message: Message::new("import-csv-no-description").arg("code", &entry.code),
            });
        }
        if let Some((_, _, competences)) = areas.iter_mut().find(|(n, _, _)| *n == named) {
            competences.push(entry);
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|n| n.line);
        return Err(problems);
    }
    if areas.is_empty() {
        return Err(vec![Note {
            line: header_line,
            message: Message::new("import-csv-no-area"),
        }]);
    }
    for (_, area, competences) in &areas {
        if competences.is_empty() {
            warnings.push(Note {
                line: area.line,
                message: Message::new("import-csv-area-without-competence")
                    .arg("code", &area.code)
                    .arg("name", &area.name),
            });
        }
    }
    if capitals > 0 {
        warnings.push(Note {
            line: header_line,
            message: Message::new("import-csv-capitals").arg("count", capitals),
        });
    }
    warnings.sort_by_key(|n| n.line);
    Ok(Read {
        areas: areas
            .into_iter()
            .map(|(_, area, competences)| (area, competences))
            .collect(),
        rows,
        warnings,
    })
}

/// Several things wrong with one row, one after another (in English "a; b; c").
fn one_after_another(mut parts: Vec<Message>) -> Option<Message> {
    let last = parts.pop()?;
    Some(parts.into_iter().rev().fold(last, |rest, first| {
        Message::new("import-csv-and")
            .arg("first", first)
            .arg("rest", rest)
    }))
}

/// A TOML string, quoted and escaped.
fn string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// `{ de = "…", en = "…" }` with the same text in both languages.
fn both(text: &str) -> String {
    let quoted = string(text);
    format!("{{ de = {quoted}, en = {quoted} }}")
}

/// A comment's text on one line.
fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// The framework in the format of `competences.toml`: one `[[frameworks]]`, then each area with
/// its competences. `origin` is the file name, for the comments.
pub fn competences_toml(read: &Read, options: &Options, origin: &str) -> String {
    let id = &options.framework;
    let competences: usize = read.areas.iter().map(|(_, c)| c.len()).sum();
    let language = options.language.code();
    let other = match options.language {
        Language::De => "en",
        Language::En => "de",
    };
    let mut out = String::new();
    out.push_str(&format!(
        "# Imported by `fuehrerschein content import-framework` from {}: {} area(s), {competences} \
         competence(s).\n",
        comment(origin),
        read.areas.len()
    ));
    out.push_str(&format!(
        "# The file has texts in one language ({language}); they stand in `de` and `en` until \
         someone translates\n# the `{other}` texts. Add this to content/competences.toml and run \
         `fuehrerschein content check`.\n\n"
    ));
    out.push_str("[[frameworks]]\n");
    out.push_str(&format!("id = {}\n", string(id)));
    out.push_str(&format!(
        "title = {{ de = {}, en = {} }}\n",
        string(&options.title_de),
        string(&options.title_en)
    ));
    out.push_str(&format!("version = {}\n", string(&options.version)));
    out.push_str(&format!("levels = {}\n", options.levels));
    for (area, competences) in &read.areas {
        out.push_str(&format!("\n# {}:{}\n", comment(origin), area.line));
        if let Some(uri) = &area.uri {
            out.push_str(&format!("# {}\n", comment(uri)));
        }
        out.push_str("[[areas]]\n");
        out.push_str(&format!("framework = {}\n", string(id)));
        out.push_str(&format!(
            "id = {}\n",
            string(&format!("{id}/{}", area.code))
        ));
        out.push_str(&format!("number = {}\n", string(&area.code)));
        out.push_str(&format!("title = {}\n", both(&area.name)));
        for competence in competences {
            out.push_str(&format!("\n# {}:{}\n", comment(origin), competence.line));
            if let Some(uri) = &competence.uri {
                out.push_str(&format!("# {}\n", comment(uri)));
            }
            out.push_str("[[competences]]\n");
            out.push_str(&format!(
                "id = {}\n",
                string(&format!("{id}/{}", competence.code))
            ));
            out.push_str(&format!(
                "area = {}\n",
                string(&format!("{id}/{}", area.code))
            ));
            out.push_str(&format!("title = {}\n", both(&competence.name)));
            out.push_str(&format!(
                "description = {}\n",
                both(&competence.description)
            ));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// The first rows of the DINI AG KIM's DigComp.csv, as published.
    const DINI: &str = include_str!("../../../tests/fixtures/import/digcomp-dini.csv");

    fn options() -> Options {
        Options {
            framework: "digcomp-2.1".into(),
            title_de: "DigComp 2.1".into(),
            title_en: "DigComp 2.1".into(),
            version: "2.1".into(),
            levels: 8,
            language: Language::En,
        }
    }

    #[test]
    fn the_dini_file_becomes_areas_and_competences() {
        let read = read(DINI).unwrap();
        let summary: Vec<(String, String, usize)> = read
            .areas
            .iter()
            .map(|(a, c)| (a.code.clone(), a.name.clone(), c.len()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("1".into(), "Information and data literacy".into(), 3),
                ("2".into(), "Communication and collaboration".into(), 2),
                ("4".into(), "Safety".into(), 1),
            ]
        );
        let first = &read.areas[0].1[0];
        assert_eq!(first.code, "1.1");
        assert_eq!(
            first.name,
            "Browsing, searching and filtering data, information and digital content"
        );
        assert_eq!(first.line, 3);
        assert!(
            first
                .description
                .starts_with("To articulate information needs")
        );
        assert_eq!(read.rows, 9);
        assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
        assert!(
            read.warnings[0]
                .message
                .to_string()
                .contains("9 name(s) were written in capitals")
        );
    }

    #[test]
    fn broken_rows_are_each_reported_with_their_line() {
        let header = "Level;Name;ShortCode;Description;Uri;BroaderConcept\n";
        let cases: &[(&str, &str, usize, &str)] = &[
            (
                "unknown level",
                "1;AREA;1.0;;;\n3;X;1.1;d;;AREA\n",
                3,
                "Level \"3\" is neither 1 (an area) nor 2 (a competence)",
            ),
            (
                "too few fields",
                "1;AREA;1.0;;;\n2;X;1.1;d;AREA\n",
                3,
                "the row has 5 fields, the header 6",
            ),
            (
                "an unknown area",
                "1;AREA;1.0;;;\n2;X;1.1;d;;OTHER\n",
                3,
                "BroaderConcept \"OTHER\" names no area of this file",
            ),
            (
                "the code of another area",
                "1;AREA;1.0;;;\n1;MORE;2.0;;;\n2;X;2.1;d;;AREA\n",
                4,
                "ShortCode 2.1 belongs to area 2, but BroaderConcept \"AREA\" is area 1",
            ),
            (
                "a code twice",
                "1;AREA;1.0;;;\n2;X;1.1;d;;AREA\n2;Y;1.1;d;;AREA\n",
                4,
                "ShortCode 1.1 is already used in line 3",
            ),
            (
                "no code",
                "1;AREA;1.0;;;\n2;X;;d;;AREA\n",
                3,
                "ShortCode \"\" is not the number of a competence, such as 1.2",
            ),
            (
                "an area with a competence's code",
                "1;AREA;1.1;;;\n",
                2,
                "ShortCode \"1.1\" is not the number of an area, such as 1.0",
            ),
            (
                "no name",
                "1;AREA;1.0;;;\n2; ;1.1;d;;AREA\n",
                3,
                "Name is empty",
            ),
            (
                "a name too long",
                &format!("1;AREA;1.0;;;\n2;{};1.1;d;;AREA\n", "x".repeat(301)),
                3,
                "Name is longer than 300 characters",
            ),
            (
                "a link that is none",
                "1;AREA;1.0;;;\n2;X;1.1;d;javascript:alert(1);AREA\n",
                3,
                "Uri \"javascript:alert(1)\" is not a web address",
            ),
            (
                "a competence without area",
                "1;AREA;1.0;;;\n2;X;1.1;d;;\n",
                3,
                "a competence (Level 2) names its area in BroaderConcept",
            ),
            (
                "an open quote",
                "1;AREA;1.0;;;\n2;X;1.1;\"d;;AREA\n",
                3,
                "the row has 4 fields",
            ),
        ];
        for (case, rows, line, message) in cases {
            let problems = read(&format!("{header}{rows}")).expect_err(case);
            assert!(
                problems
                    .iter()
                    .any(|p| p.line == *line && p.message.to_string().contains(message)),
                "{case}: expected line {line} {message:?}, got {problems:?}"
            );
        }
        let wrong_header = read("Stufe;Name;Code\n1;A;1.0\n").unwrap_err();
        assert_eq!(wrong_header[0].line, 1);
        assert!(
            wrong_header[0]
                .message
                .to_string()
                .contains("lacks the column(s) Level, ShortCode, BroaderConcept"),
            "{wrong_header:?}"
        );
        assert_eq!(read("").unwrap_err()[0].line, 1);
        assert!(
            read(header).unwrap_err()[0]
                .message
                .to_string()
                .contains("no area")
        );
    }

    #[test]
    fn lines_are_counted_alike_with_crlf_and_lf() {
        assert!(
            DINI.contains("\r\n"),
            "the published file ends its lines with CRLF"
        );
        let unix = DINI.replace("\r\n", "\n");
        for text in [DINI, unix.as_str()] {
            let framework = read(text).unwrap();
            let lines: Vec<usize> = framework
                .areas
                .iter()
                .flat_map(|(a, c)| std::iter::once(a.line).chain(c.iter().map(|c| c.line)))
                .collect();
            assert_eq!(lines, (2..=10).collect::<Vec<_>>());
            let broken = text.replacen("2;SHARING", "3;SHARING", 1);
            let problems = read(&broken).unwrap_err();
            assert_eq!(problems[0].line, 8, "{problems:?}");
        }
    }

    #[test]
    fn too_many_rows_or_bytes_are_refused() {
        let mut text = String::from("Level;Name;ShortCode;Description;Uri;BroaderConcept\n");
        text.push_str("1;AREA;1.0;;;\n");
        for n in 1..=MAX_ROWS {
            text.push_str(&format!("2;C{n};1.{n};d;;AREA\n"));
        }
        let problems = read(&text).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.line == MAX_ROWS + 2
                    && p.message.to_string().contains("more than 2000 rows")),
            "{problems:?}"
        );
        let big = "x".repeat(MAX_FRAMEWORK_BYTES + 1);
        assert!(
            read(&big).unwrap_err()[0]
                .message
                .to_string()
                .contains("larger than 2 MB")
        );
    }

    #[test]
    fn the_written_framework_passes_the_content_check() {
        let read = read(DINI).unwrap();
        let text = competences_toml(&read, &options(), "DigComp.csv");
        assert!(text.contains("id = \"digcomp-2.1/1.1\""), "{text}");
        assert!(text.contains("# DigComp.csv:3\n[[competences]]"), "{text}");
        // The valid test curriculum with the imported framework added: it loads as it is.
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/content-valid");
        let dir = std::env::temp_dir().join(format!(
            "fs-import-framework-{}",
            uuid::Uuid::new_v4().simple()
        ));
        copy(&fixture, &dir);
        let file = dir.join("competences.toml");
        let mut competences = std::fs::read_to_string(&file).unwrap();
        competences.push('\n');
        competences.push_str(&text);
        std::fs::write(&file, competences).unwrap();
        let loaded = app::content::load(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        let store = loaded.unwrap_or_else(|problems| {
            panic!(
                "{}",
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        });
        let competence = store.competence("digcomp-2.1/4.1").unwrap();
        assert_eq!(competence.title.en, "Protecting devices");
        assert_eq!(competence.title.de, "Protecting devices");
        assert_eq!(
            store.framework_of("digcomp-2.1/4.1").map(|f| f.levels),
            Some(8)
        );
    }

    #[test]
    fn quotes_and_backslashes_survive_the_conversion() {
        let text = "Level;Name;ShortCode;Description;Uri;BroaderConcept\n\
                    1;Bereich \"A\";1;;https://example.org/a;\n\
                    2;C:\\Pfad;1.1;\"Zwei; Teile\nund Zeile\";;Bereich \"A\"\n";
        let read = read(text).unwrap();
        let toml_text = competences_toml(&read, &options(), "f.csv");
        let value: toml::Table = toml::from_str(&toml_text).unwrap();
        let competence = &value["competences"].as_array().unwrap()[0];
        assert_eq!(competence["title"]["de"].as_str(), Some("C:\\Pfad"));
        assert_eq!(
            competence["description"]["en"].as_str(),
            Some("Zwei; Teile\nund Zeile")
        );
        assert!(toml_text.contains("# https://example.org/a\n[[areas]]"));
    }

    #[test]
    fn framework_ids_look_like_ours() {
        for good in ["digcomp-2.1", "kgst-2020", "eigenes"] {
            assert!(is_framework_id(good), "{good}");
        }
        for bad in ["", "DigComp", "2.1", "digcomp/2", "digcomp-", "mit leer"] {
            assert!(!is_framework_id(bad), "{bad}");
        }
    }

    fn copy(from: &std::path::Path, to: &std::path::Path) {
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
}
