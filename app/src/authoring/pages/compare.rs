//! `/redaktion/inhalte/<module>/<n>/vergleich?mit=<m>`: what changed from version `m` to version
//! `n`, file by file, with old and new line numbers. An added line is marked "+" and a removed
//! one "−", each with the word read out by screen readers ("hinzugefügt", "entfernt"), so that
//! the colour is never the only sign; unchanged stretches are left out as "…".

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{OVERVIEW_HREF, history_href, version_params};
use crate::auth::Role;
use crate::authoring::{
    Comparison, DiffLine, FileChange, FileDiff, LineChange, get_comparison, version_href,
};
use crate::error::AppError;
use crate::i18n::{I18n, use_i18n};
use crate::ui::{Protected, await_view};

#[component]
pub fn ComparePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("authoring-compare") />
        <Protected roles=&[Role::Editor] children=move |_| view! { <CompareBody /> } />
    }
}

#[component]
fn CompareBody() -> impl IntoView {
    let i18n = use_i18n();
    let key = version_params();
    let query = use_query_map();
    let with = move || query.with(|q| q.get("mit").and_then(|m| m.parse::<i32>().ok()));
    let comparison = Resource::new(
        move || (key(), with()),
        |((module, number), with)| async move {
            match (number, with) {
                (Some(to), Some(from)) => get_comparison(module, from, to).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {await_view(comparison, move |c: Comparison| {
            let title = i18n.t_args(
                "authoring-compare-title",
                [("from", c.from.version.clone().into()), ("to", c.to.version.clone().into())],
            );
            let module = c.to.module_id.clone();
            let intro = i18n.t_args(
                "authoring-compare-intro",
                [
                    ("from_number", (c.from.number as f64).into()),
                    ("from", c.from.version.clone().into()),
                    ("to_number", (c.to.number as f64).into()),
                    ("to", c.to.version.clone().into()),
                ],
            );
            let nothing = c.files.is_empty() && c.media_added.is_empty() && c.media_removed.is_empty();
            let files = c.files.into_iter().map(|f| view! { <FileSection diff=f /> }).collect_view();
            view! {
                <Title text=title.clone() />
                <nav aria-label=i18n.t("breadcrumb") class="breadcrumb">
                    <a href=OVERVIEW_HREF>{i18n.t("authoring-title")}</a>" › "
                    <a href=history_href(&module)>{i18n.t("authoring-history")}</a>
                </nav>
                <h1>{title}</h1>
                <p>{intro}</p>
                <ul class="export-links">
                    <li><a href=version_href(&module, c.from.number)>{i18n.t_args("authoring-version-link", [("number", (c.from.number as f64).into()), ("version", c.from.version.clone().into())])}</a></li>
                    <li><a href=version_href(&module, c.to.number)>{i18n.t_args("authoring-version-link", [("number", (c.to.number as f64).into()), ("version", c.to.version.clone().into())])}</a></li>
                </ul>
                {nothing.then(|| view! { <p><strong>{i18n.t("authoring-compare-none")}</strong></p> })}
                {files}
                <Images added=c.media_added removed=c.media_removed />
            }
        })}
    }
}

fn change_label(i18n: I18n, change: FileChange) -> String {
    i18n.t(match change {
        FileChange::Added => "authoring-change-added",
        FileChange::Removed => "authoring-change-removed",
        FileChange::Changed => "authoring-change-changed",
    })
}

/// The sign of a line, the word a screen reader reads for it, and the row's class.
fn line_sign(change: LineChange) -> (&'static str, Option<&'static str>, &'static str) {
    match change {
        LineChange::Added => ("+", Some("authoring-line-added"), "diff-added"),
        LineChange::Removed => ("−", Some("authoring-line-removed"), "diff-removed"),
        LineChange::Same => ("", None, "diff-same"),
        LineChange::Gap => ("…", Some("authoring-gap"), "diff-gap"),
    }
}

#[component]
fn FileSection(diff: FileDiff) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("diff-{}", diff.path.replace(['/', '.'], "-"));
    let heading = view! { <h2 id=heading_id.clone()><code>{diff.path.clone()}</code>" – "{change_label(i18n, diff.change)}</h2> };
    view! {
        <section>
            {heading}
            <DiffTable labelled_by=heading_id lines=diff.lines
                old_label=i18n.t("authoring-col-old-line") new_label=i18n.t("authoring-col-new-line") />
        </section>
    }
}

/// The changed lines of one text with their old and new line numbers, under the heading
/// `labelled_by`; the columns of the numbers are named `old_label` and `new_label`.
#[component]
pub(super) fn DiffTable(
    labelled_by: String,
    lines: Vec<DiffLine>,
    old_label: String,
    new_label: String,
) -> impl IntoView {
    let i18n = use_i18n();
    // The comparison starts at the first change: the lines before it are left out too.
    let leading_gap = lines
        .first()
        .is_some_and(|l| l.old_line.is_some_and(|n| n > 1) || l.new_line.is_some_and(|n| n > 1));
    let gap = DiffLine {
        change: LineChange::Gap,
        old_line: None,
        new_line: None,
        text: String::new(),
    };
    let rows = leading_gap
        .then_some(gap)
        .into_iter()
        .chain(lines)
        .map(|line| diff_row(i18n, line))
        .collect_view();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=labelled_by tabindex="0">
            <table class="code-lines diff-table">
                <thead>
                    <tr>
                        <th scope="col" class="number">{old_label}</th>
                        <th scope="col" class="number">{new_label}</th>
                        <th scope="col">{i18n.t("authoring-col-change")}</th>
                        <th scope="col">{i18n.t("authoring-col-text")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn diff_row(i18n: I18n, line: DiffLine) -> impl IntoView + use<> {
    let (sign, word, class) = line_sign(line.change);
    if line.change == LineChange::Gap {
        return view! {
            <tr class=class>
                <td colspan="4"><span aria-hidden="true">{sign}</span><span class="visually-hidden">{word.map(|w| i18n.t(w))}</span></td>
            </tr>
        }
        .into_any();
    }
    let number = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <tr class=class>
            <td class="number">{number(line.old_line)}</td>
            <td class="number">{number(line.new_line)}</td>
            <td class="diff-sign"><span aria-hidden="true">{sign}</span>{word.map(|w| view! { <span class="visually-hidden">{i18n.t(w)}</span> })}</td>
            <td><code>{line.text}</code></td>
        </tr>
    }
    .into_any()
}

#[component]
fn Images(added: Vec<String>, removed: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let list = |names: Vec<String>| {
        names
            .into_iter()
            .map(|n| view! { <li><code>{n}</code></li> })
            .collect_view()
    };
    view! {
        {(!added.is_empty()).then(|| view! {
            <h2>{i18n.t("authoring-images-added")}</h2>
            <ul>{list(added)}</ul>
        })}
        {(!removed.is_empty()).then(|| view! {
            <h2>{i18n.t("authoring-images-removed")}</h2>
            <ul>{list(removed)}</ul>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_carry_a_sign_and_a_word() {
        assert_eq!(line_sign(LineChange::Added).0, "+");
        assert_eq!(line_sign(LineChange::Added).1, Some("authoring-line-added"));
        assert_eq!(line_sign(LineChange::Removed).0, "−");
        assert_eq!(
            line_sign(LineChange::Removed).1,
            Some("authoring-line-removed")
        );
        assert_eq!(line_sign(LineChange::Gap).1, Some("authoring-gap"));
        assert_eq!(line_sign(LineChange::Same).1, None);
    }
}
