//! Reports as tables for CSV and XLSX: the same figures and the same suppression as on screen.
//!
//! Text that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
//! a carriage return; a unit name is typed by an admin) gets a leading apostrophe, as OWASP
//! recommends against CSV injection. Numbers are written as numbers.

use super::{Cell, GapReport, TrendReport, UnitReport};
use crate::i18n::{Locale, translate};

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Empty,
}

/// A report as rows and columns, with a title and a note on suppression.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Also the worksheet name (shortened there to Excel's 31 characters).
    pub title: String,
    /// Scope, filter, date and the suppression rule, one line each.
    pub notes: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Neutralises text that a spreadsheet would otherwise evaluate.
pub fn escape(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(escape(&value.into()))
}

fn number(value: u64) -> Value {
    Value::Number(value as f64)
}

/// Share, its margin (percentage points), met and total of a cell; hidden and empty cells say
/// why in the first column.
fn cell_values(locale: Locale, cell: Cell) -> [Value; 4] {
    match cell {
        Cell::Share { met, total, .. } => [
            number(cell.percent().unwrap_or(0)),
            number(cell.margin_percent().unwrap_or(0)),
            number(met),
            number(total),
        ],
        Cell::Suppressed => [
            text(translate(locale, "report-cell-suppressed", None)),
            Value::Empty,
            Value::Empty,
            Value::Empty,
        ],
        Cell::None => [
            text(translate(locale, "report-cell-none", None)),
            Value::Empty,
            Value::Empty,
            Value::Empty,
        ],
    }
}

fn notes(locale: Locale, frame: &super::Frame) -> Vec<String> {
    let scope = frame
        .breadcrumbs
        .iter()
        .map(|u| u.name.clone())
        .collect::<Vec<_>>();
    let scope = if scope.is_empty() {
        frame.organisation_name.clone()
    } else {
        format!("{} › {}", frame.organisation_name, scope.join(" › "))
    };
    let family = frame
        .family
        .as_ref()
        .and_then(|f| frame.families.iter().find(|(id, _)| id == f))
        .map(|(_, title)| title.clone())
        .unwrap_or_else(|| translate(locale, "report-all-families", None));
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("k", frame.min_group_size);
    args.set(
        "date",
        crate::i18n::format::local_format(frame.as_of, "%d.%m.%Y %H:%M"),
    );
    vec![
        escape(&scope),
        escape(&format!(
            "{}: {family}",
            translate(locale, "report-family", None)
        )),
        translate(locale, "report-rule", Some(&args)),
        translate(locale, "report-noise-note", None),
    ]
}

fn share_headers(locale: Locale, title: &str) -> [String; 4] {
    [
        format!("{title} – {}", translate(locale, "export-share", None)),
        format!("{title} – {}", translate(locale, "export-margin", None)),
        format!("{title} – {}", translate(locale, "export-met", None)),
        format!("{title} – {}", translate(locale, "export-total", None)),
    ]
}

pub fn unit_table(locale: Locale, title: &str, report: &UnitReport) -> Table {
    let mut header = vec![translate(locale, "field-department", None)];
    for column in &report.columns {
        header.extend(share_headers(locale, &column.title));
    }
    let rows = report
        .rows
        .iter()
        .map(|row| {
            let name = row
                .unit
                .as_ref()
                .map(|u| u.name.clone())
                .unwrap_or_else(|| report.frame.organisation_name.clone());
            let name = if row.is_scope {
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("name", name);
                translate(locale, "report-scope-total", Some(&args))
            } else {
                name
            };
            std::iter::once(text(name))
                .chain(row.cells.iter().flat_map(|c| cell_values(locale, *c)))
                .collect()
        })
        .collect();
    Table {
        title: title.to_owned(),
        notes: notes(locale, &report.frame),
        header,
        rows,
    }
}

pub fn gap_table(locale: Locale, title: &str, report: &GapReport) -> Table {
    let mut header = vec![
        translate(locale, "report-rank", None),
        translate(locale, "report-module", None),
        translate(locale, "export-kind", None),
    ];
    header.extend(share_headers(
        locale,
        &translate(locale, "report-need", None),
    ));
    header.push(translate(locale, "report-need-units", None));
    let rows = report
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let kind = if row.mandatory {
                translate(locale, "module-mandatory", None)
            } else {
                translate(locale, "module-elective", None)
            };
            let units = row
                .units
                .iter()
                .map(|(unit, count)| format!("{} ({count})", unit.name))
                .collect::<Vec<_>>()
                .join("; ");
            let mut values = vec![
                number(index as u64 + 1),
                text(row.module_title.clone()),
                text(kind),
            ];
            values.extend(cell_values(locale, row.need));
            values.push(text(units));
            values
        })
        .collect();
    Table {
        title: title.to_owned(),
        notes: notes(locale, &report.frame),
        header,
        rows,
    }
}

pub fn trend_table(locale: Locale, title: &str, report: &TrendReport) -> Table {
    let mut header = vec![translate(locale, "report-month", None)];
    header.extend(share_headers(
        locale,
        &translate(locale, "report-all-targets", None),
    ));
    header.extend(share_headers(
        locale,
        &translate(locale, "report-certified", None),
    ));
    let rows = report
        .points
        .iter()
        .map(|p| {
            std::iter::once(text(p.month.clone()))
                .chain(cell_values(locale, p.targets))
                .chain(cell_values(locale, p.certified))
                .collect()
        })
        .collect();
    Table {
        title: title.to_owned(),
        notes: notes(locale, &report.frame),
        header,
        rows,
    }
}

/// The public key figures as one long table: figure, value, unit.
pub fn public_table(locale: Locale, figures: &super::PublicFigures) -> Table {
    use super::Count;
    let count = |c: Count| match c {
        Count::Value(n) => number(n),
        Count::About { value, .. } => number(value),
        Count::Hidden => text(translate(locale, "report-cell-suppressed", None)),
    };
    let count_margin = |c: Count| match c {
        Count::Value(_) => number(0),
        Count::About { margin, .. } => number(margin),
        Count::Hidden => Value::Empty,
    };
    let share = |c: Cell| match c {
        Cell::Share { .. } => number(c.percent().unwrap_or(0)),
        other => cell_values(locale, other)[0].clone(),
    };
    let share_margin = |c: Cell| match c {
        Cell::Share { .. } => number(c.margin_percent().unwrap_or(0)),
        _ => Value::Empty,
    };
    let t = |key: &str| translate(locale, key, None);
    let mut rows = vec![
        vec![
            text(t("public-employees")),
            count(figures.employees),
            text(t("export-people")),
            count_margin(figures.employees),
        ],
        vec![
            text(t("public-certificates-issued")),
            count(figures.certificates_issued),
            text(t("export-certificates")),
            count_margin(figures.certificates_issued),
        ],
        vec![
            text(t("public-certificates-valid")),
            count(figures.certificates_valid),
            text(t("export-certificates")),
            count_margin(figures.certificates_valid),
        ],
        vec![
            text(t("public-certified")),
            share(figures.certified),
            text("%"),
            share_margin(figures.certified),
        ],
    ];
    for (_, title, c) in &figures.modules {
        rows.push(vec![
            text(format!("{}: {title}", t("public-passed"))),
            count(*c),
            text(t("export-people")),
            count_margin(*c),
        ]);
    }
    for (_, title, c) in &figures.areas {
        rows.push(vec![
            text(format!("{}: {title}", t("report-all-targets"))),
            share(*c),
            text("%"),
            share_margin(*c),
        ]);
    }
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("k", figures.min_group_size);
    args.set(
        "date",
        crate::i18n::format::local_format(figures.as_of, "%d.%m.%Y %H:%M"),
    );
    Table {
        title: format!(
            "{} – {}",
            t("report-public-title"),
            figures.organisation_name
        ),
        notes: vec![
            translate(locale, "report-rule", Some(&args)),
            translate(locale, "report-noise-note", None),
        ],
        header: vec![
            t("export-figure"),
            t("export-value"),
            t("export-unit"),
            t("export-margin"),
        ],
        rows,
    }
}

/// Semicolon-separated UTF-8 with byte order mark: what German spreadsheet programs open
/// without asking.
pub fn to_csv(table: &Table) -> Result<Vec<u8>, crate::error::AppError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let internal = |_| crate::error::AppError::Internal;
    writer
        .write_record([escape(&table.title)])
        .map_err(internal)?;
    for note in &table.notes {
        writer.write_record([note]).map_err(internal)?;
    }
    writer.write_record([""]).map_err(internal)?;
    writer
        .write_record(table.header.iter().map(|h| escape(h)))
        .map_err(internal)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|value| match value {
                Value::Text(text) => text.clone(),
                Value::Number(n) => format!("{n}"),
                Value::Empty => String::new(),
            }))
            .map_err(internal)?;
    }
    writer
        .into_inner()
        .map_err(|_| crate::error::AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn formula_starts_are_escaped() {
        for dangerous in ["=1+1", "+49 221", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(escape(dangerous).starts_with('\''), "{dangerous:?}");
        }
        assert_eq!(escape("Fachbereich 20"), "Fachbereich 20");
    }
}
