//! Report exports (CSV, XLSX): the same figures and suppression as the pages, for role hr only,
//! each download written to the audit log.

use app::error::AppError;
use app::reports::ReportKind;
use app::reports::export::{self, Table, Value};
use app::reports::server::{
    audit_view, build_certification, build_gaps, build_heatmap, build_trend, report_access,
};
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Deserialize;

use super::edge::LoggedIn;
use super::state::AppState;

#[derive(Deserialize)]
pub struct ExportQuery {
    unit: Option<String>,
    family: Option<String>,
}

/// `/reports/{kind}/export.{csv|xlsx}`
pub async fn export(
    State(state): State<AppState>,
    LoggedIn(user): LoggedIn,
    Path((kind, file)): Path<(String, String)>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let ctx = &state.ctx;
    let kind = ReportKind::parse(&kind).ok_or(AppError::NotFound)?;
    let format = match file.as_str() {
        "export.csv" => "csv",
        "export.xlsx" => "xlsx",
        _ => return Err(AppError::NotFound),
    };
    // The same decision as the report's page: roles and switch.
    report_access(ctx, Some(&user), kind).await?;
    let locale = user.locale;
    let title = app::i18n::translate(locale, kind.title_key(), None);
    let (unit, family) = (query.unit, query.family);
    let table = match kind {
        ReportKind::Heatmap => build_heatmap(ctx, unit, family, locale).await.map(|r| {
            (
                r.frame.scope.as_ref().map(|s| s.id),
                r.frame.family.clone(),
                export::unit_table(locale, &title, &r),
            )
        }),
        ReportKind::Certification => {
            build_certification(ctx, unit, family, locale)
                .await
                .map(|r| {
                    (
                        r.frame.scope.as_ref().map(|s| s.id),
                        r.frame.family.clone(),
                        export::unit_table(locale, &title, &r),
                    )
                })
        }
        ReportKind::Gaps => build_gaps(ctx, unit, family, locale).await.map(|r| {
            (
                r.frame.scope.as_ref().map(|s| s.id),
                r.frame.family.clone(),
                export::gap_table(locale, &title, &r),
            )
        }),
        ReportKind::Needs => app::reports::needs::server::build_needs(ctx, locale)
            .await
            .map(|r| {
                (
                    None,
                    None,
                    app::reports::needs::server::needs_table(locale, &title, &r),
                )
            }),
        // The public figures have their own open data files.
        ReportKind::Public | ReportKind::Scouts => Err(AppError::NotFound),
        ReportKind::Trend => build_trend(ctx, unit, family, locale).await.map(|r| {
            (
                r.frame.scope.as_ref().map(|s| s.id),
                r.frame.family.clone(),
                export::trend_table(locale, &title, &r),
            )
        }),
    };
    let (scope, family, table) = table?;
    audit_view(
        ctx,
        &user,
        "report.exported",
        kind,
        scope,
        family.as_deref(),
        Some(format),
    )
    .await?;
    let date = ctx.now().format("%Y-%m-%d");
    let (bytes, content_type) = if format == "csv" {
        (export::to_csv(&table)?, "text/csv; charset=utf-8")
    } else {
        match to_xlsx(&table) {
            Ok(bytes) => (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            Err(err) => {
                tracing::error!(error = %err, "writing the XLSX export failed");
                return Err(AppError::Internal);
            }
        }
    };
    let disposition = format!(
        "attachment; filename=\"Bericht-{}-{date}.{format}\"",
        kind.as_str()
    );
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        bytes,
    )
        .into_response())
}

/// One worksheet: title, notes, an empty row, the header, the rows. Text is always written as
/// text, never as a formula.
pub fn to_xlsx(table: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    // Excel allows 31 characters and none of []:*?/\ in a sheet name.
    let name: String = table
        .title
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(name.trim())?;
    sheet.write_string_with_format(0, 0, export::escape(&table.title), &bold)?;
    let mut row: u32 = 1;
    for note in &table.notes {
        sheet.write_string(row, 0, note)?;
        row += 1;
    }
    row += 1;
    for (col, title) in table.header.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(row, col, export::escape(title), &bold)?;
    }
    for values in &table.rows {
        row += 1;
        for (col, value) in values.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match value {
                Value::Text(text) => {
                    sheet.write_string(row, col, text)?;
                }
                Value::Number(n) => {
                    sheet.write_number(row, col, *n)?;
                }
                Value::Empty => {}
            }
        }
    }
    sheet.set_column_width(0, 45)?;
    workbook.save_to_buffer()
}

/// `/kennzahlen.json` and `/kennzahlen.csv`: the public key figures as open data.
pub async fn open_data_json(State(state): State<AppState>) -> Result<Response, AppError> {
    open_data(state, "kennzahlen.json").await
}

pub async fn open_data_csv(State(state): State<AppState>) -> Result<Response, AppError> {
    open_data(state, "kennzahlen.csv").await
}

async fn open_data(state: AppState, file: &str) -> Result<Response, AppError> {
    let locale = app::i18n::Locale::De;
    let figures = app::reports::server::build_public_figures(&state.ctx, locale).await?;
    let (body, content_type) = match file {
        "kennzahlen.json" => (
            serde_json::to_vec_pretty(&figures).map_err(|_| AppError::Internal)?,
            "application/json",
        ),
        "kennzahlen.csv" => (
            export::to_csv(&export::public_table(locale, &figures))?,
            "text/csv; charset=utf-8",
        ),
        _ => return Err(AppError::NotFound),
    };
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            (
                axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        body,
    )
        .into_response())
}
