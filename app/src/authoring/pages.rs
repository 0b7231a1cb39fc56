//! The editors' pages (Redaktion → Inhalte): the overview of the modules, a new module, a
//! module's history, a version with its files, problems and the four-eyes actions, the file
//! editor with the checks' findings at their lines and the lesson preview, and the comparison
//! of two versions. Every page is rendered on the server and works without JavaScript; the one
//! island (`editor::EditorTools`) only makes the lesson preview follow the typing and lets a
//! problem's link put the cursor on its line.
//!
//! The question editor, the imports and the export are other pages (`questions`, `imports`);
//! this module only links to them.

mod compare;
mod editor;
mod file;
mod overview;
mod version;

pub use compare::ComparePage;
pub use file::FilePage;
pub use overview::{NewModulePage, OverviewPage};
pub use version::{HistoryPage, VersionPage};

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{FileProblem, Origin, VersionSummary, version_href};
use crate::i18n::{I18n, Message, format, use_i18n};
use crate::ui::percent_encode;

/// The overview of the modules.
pub const OVERVIEW_HREF: &str = "/redaktion/inhalte";

/// A module's history.
pub fn history_href(module: &str) -> String {
    format!("{OVERVIEW_HREF}/{}", percent_encode(module))
}

/// The comparison of version `number` with version `with`.
pub fn compare_href(module: &str, number: i32, with: i32) -> String {
    format!("{}/vergleich?mit={with}", version_href(module, number))
}

/// The anchor of a line in the file editor's numbered view.
pub fn line_anchor(line: usize) -> String {
    format!("zeile-{line}")
}

/// The module and version number of the page's address; `None` for a number that is none.
fn version_params() -> impl Fn() -> (String, Option<i32>) + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params.with(|p| {
            (
                p.get("module").unwrap_or_default(),
                p.get("number").and_then(|n| n.parse::<i32>().ok()),
            )
        })
    }
}

/// The version to compare a version with: the one it was made from, else the one before it.
pub fn previous_number(versions: &[VersionSummary], of: &VersionSummary) -> Option<i32> {
    of.based_on.or_else(|| {
        versions
            .iter()
            .map(|v| v.number)
            .filter(|n| *n < of.number)
            .max()
    })
}

/// Where the text of a version comes from, in words: "Aus dem Lieferumfang", or "Eigene
/// Änderung" with the released version it rests on.
fn origin_text(i18n: I18n, summary: &VersionSummary) -> String {
    let label = i18n.t(summary.origin.label_key());
    match (&summary.origin, &summary.shipped_version) {
        (Origin::City, Some(shipped)) => format!(
            "{label} ({})",
            i18n.t_args("authoring-rests-on", [("version", shipped.clone().into())])
        ),
        _ => label,
    }
}

/// A person's name, or a dash for nobody.
fn name_or_dash(name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| "–".to_owned())
}

fn when(i18n: I18n, at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|at| format::when(i18n.locale, at))
        .unwrap_or_else(|| "–".to_owned())
}

/// `file:line: message` as the checks say it; the line left out when the problem has none.
fn problem_place(problem: &FileProblem) -> String {
    match (problem.file.is_empty(), problem.line) {
        (true, _) => String::new(),
        (false, 0) => problem.file.clone(),
        (false, line) => format!("{}:{line}", problem.file),
    }
}

/// A finding of the checks in the reader's language. Text the checks quote from outside in
/// English (what the TOML reader or the file system says) is marked as English, so that a
/// screen reader pronounces it as such.
pub fn finding(i18n: I18n, message: &Message) -> impl IntoView + use<> {
    message
        .parts(i18n.locale)
        .into_iter()
        .map(|part| {
            if part.english {
                Either::Left(view! { <span lang="en">{part.text}</span> })
            } else {
                Either::Right(part.text)
            }
        })
        .collect_view()
}

/// A list of problems or lints, each with the link to its place when its file can be opened
/// (`None` for a file outside the module). `kind` ("Fehler", "Hinweis") is read before each
/// item, so the list says what it is without the heading's colour or position.
#[component]
fn ProblemList(
    problems: Vec<(FileProblem, Option<String>)>,
    #[prop(into)] kind: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = problems
        .into_iter()
        .map(|(p, href)| {
            let place = problem_place(&p);
            let line = (p.line > 0).then(|| p.line.to_string());
            let link = match href {
                Some(target) if !place.is_empty() => view! {
                    <a href=target data-line=line><code>{place}</code></a>": "
                }
                .into_any(),
                _ if !place.is_empty() => view! { <code>{place}</code>": " }.into_any(),
                _ => ().into_any(),
            };
            view! {
                <li><span class="visually-hidden">{kind.clone()}": "</span>{link}{finding(i18n, &p.message)}</li>
            }
        })
        .collect_view();
    view! { <ul class="problem-list">{items}</ul> }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;
    use crate::authoring::Status;

    fn version(number: i32, based_on: Option<i32>) -> VersionSummary {
        VersionSummary {
            id: Uuid::nil(),
            module_id: "m".into(),
            number,
            version: format!("1.0.{number}"),
            status: Status::Published,
            origin: Origin::City,
            shipped_version: None,
            based_on,
            author: None,
            contributors: Vec::new(),
            reviewer: None,
            note: None,
            review_comment: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            submitted_at: None,
            published_at: None,
        }
    }

    #[test]
    fn a_version_is_compared_with_its_origin_else_with_the_one_before() {
        let versions = vec![
            version(5, Some(2)),
            version(4, None),
            version(2, None),
            version(1, None),
        ];
        assert_eq!(previous_number(&versions, &versions[0]), Some(2));
        assert_eq!(previous_number(&versions, &versions[1]), Some(2));
        assert_eq!(previous_number(&versions, &versions[2]), Some(1));
        assert_eq!(previous_number(&versions, &versions[3]), None);
    }

    #[test]
    fn a_problem_names_its_file_and_line_when_it_has_them() {
        let p = |file: &str, line| FileProblem {
            file: file.into(),
            line,
            message: Message::new("check-no-lesson"),
        };
        assert_eq!(problem_place(&p("quiz.toml", 3)), "quiz.toml:3");
        assert_eq!(problem_place(&p("quiz.toml", 0)), "quiz.toml");
        assert_eq!(problem_place(&p("", 4)), "");
    }

    #[test]
    fn addresses_encode_the_module() {
        assert_eq!(history_href("a b"), "/redaktion/inhalte/a%20b");
        assert_eq!(
            compare_href("datenschutz", 3, 2),
            "/redaktion/inhalte/datenschutz/3/vergleich?mit=2"
        );
        assert_eq!(line_anchor(12), "zeile-12");
    }
}
