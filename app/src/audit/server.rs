//! Writing and reading the audit log: the filter, the page, the download, and the names the
//! rows refer to.

use crate::content::HasContent;
use crate::context::AppContext;
use crate::identity::CurrentUser;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, Set,
};
use uuid::Uuid;

use super::words::{Described, Names, describe, wanted};
use super::{ACTIONS, AuditEntry, AuditFilter, AuditPage, PAGE_SIZE};
use crate::auth::Role;
use crate::db::{audit_log, certificate, department, employee_import, user};
use crate::error::AppError;
use crate::i18n::Locale;

/// Who may read the log.
pub const READERS: &[Role] = &[Role::Auditor, Role::Admin];

/// A name search matching more people than this is too wide to be a filter: the reader is asked
/// to type more of the name.
const MAX_PEOPLE: u64 = 1000;

/// The most rows one download holds; a wider filter is refused with a hint to narrow it.
pub const MAX_EXPORT: u64 = 100_000;

/// Appends an entry, inside the caller's transaction so that the entry exists exactly when the
/// change does.
pub async fn record(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    action: &str,
    target_type: &str,
    target_id: Option<String>,
    details: serde_json::Value,
) -> Result<(), AppError> {
    debug_assert!(ACTIONS.contains(&action), "unknown audit action {action}");
    audit_log::ActiveModel {
        occurred_at: Set(at),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        target_type: Set(target_type.to_owned()),
        target_id: Set(target_id),
        details: Set(details.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn trimmed(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The start of a calendar day in Berlin, as an instant.
fn berlin_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    chrono_tz::Europe::Berlin
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn parse_day(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, AppError> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| AppError::invalid(field, "audit-filter-date-invalid"))
        })
        .transpose()
}

/// The query a filter stands for. A person filter that matches nobody matches no entry.
async fn filtered(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
) -> Result<Select<audit_log::Entity>, AppError> {
    let mut query = audit_log::Entity::find();
    if let Some(action) = trimmed(&filter.action) {
        if !ACTIONS.contains(&action) {
            return Err(AppError::invalid("action", "field-invalid-choice"));
        }
        query = query.filter(audit_log::Column::Action.eq(action));
    }
    let from = parse_day("from", trimmed(&filter.from))?;
    let to = parse_day("to", trimmed(&filter.to))?;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(AppError::invalid("to", "audit-filter-period-reversed"));
    }
    if let Some(start) = from.and_then(berlin_midnight) {
        query = query.filter(audit_log::Column::OccurredAt.gte(start));
    }
    if let Some(end) = to.and_then(|d| d.succ_opt()).and_then(berlin_midnight) {
        query = query.filter(audit_log::Column::OccurredAt.lt(end));
    }
    if let Some(person) = trimmed(&filter.person) {
        // Compared in Rust: SQLite's lower() knows only ASCII, and "özdemir" must find
        // "Özdemir" on both databases. Two short columns of every account are read for it.
        let wanted = person.to_lowercase();
        let people: Vec<Uuid> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::DisplayName)
            .filter(user::Column::ErasedAt.is_null())
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .filter(|(_, name)| name.to_lowercase().contains(&wanted))
            .map(|(id, _)| id)
            .collect();
        if people.len() as u64 > MAX_PEOPLE {
            return Err(AppError::invalid("person", "audit-filter-person-too-wide"));
        }
        let as_text: Vec<String> = people.iter().map(Uuid::to_string).collect();
        query = query.filter(
            Condition::any()
                .add(audit_log::Column::ActorId.is_in(people))
                .add(
                    Condition::all()
                        .add(audit_log::Column::TargetType.eq("user"))
                        .add(audit_log::Column::TargetId.is_in(as_text)),
                ),
        );
    }
    Ok(query)
}

/// Looks up every name the rows refer to.
async fn names(
    ctx: &AppContext,
    rows: &[audit_log::Model],
    locale: Locale,
) -> Result<Names, AppError> {
    let db = &ctx.read;
    let wanted = wanted(rows);
    let mut names = Names::default();
    let certificates = certificate::Entity::find()
        .filter(certificate::Column::Number.is_in(wanted.certificates.iter().cloned()))
        .all(db)
        .await?;
    let mut people: Vec<Uuid> = wanted.people.into_iter().collect();
    for c in certificates {
        people.push(c.user_id);
        names.certificates.insert(c.number, c.user_id);
    }
    for chunk in people.chunks(500) {
        for account in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            let name = account.erased_at.is_none().then_some(account.display_name);
            names.people.insert(account.id, name);
        }
    }
    let departments: Vec<Uuid> = wanted.departments.into_iter().collect();
    for chunk in departments.chunks(500) {
        for unit in department::Entity::find()
            .filter(department::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            names.departments.insert(unit.id, unit.name);
        }
    }
    let imports: Vec<Uuid> = wanted.imports.into_iter().collect();
    for chunk in imports.chunks(500) {
        for (id, file) in employee_import::Entity::find()
            .select_only()
            .column(employee_import::Column::Id)
            .column(employee_import::Column::FileName)
            .filter(employee_import::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
        {
            names.imports.insert(id, file);
        }
    }
    names.families = ctx
        .content()
        .profiles
        .job_families
        .iter()
        .map(|f| (f.id.clone(), f.title.get(locale).to_owned()))
        .collect();
    Ok(names)
}

fn entry(locale: Locale, row: &audit_log::Model, names: &Names) -> AuditEntry {
    let Described {
        actor,
        target,
        sentence,
        ..
    } = describe(locale, row, names);
    AuditEntry {
        id: row.id,
        occurred_at: row.occurred_at,
        actor,
        action: row.action.clone(),
        target,
        sentence,
    }
}

/// One page of the filtered log, newest first.
pub async fn list(
    ctx: &AppContext,
    me: &CurrentUser,
    page: u64,
    filter: &AuditFilter,
) -> Result<AuditPage, AppError> {
    me.require_any(READERS)?;
    let query = filtered(&ctx.read, filter)
        .await?
        .order_by_desc(audit_log::Column::Id);
    let paginator = query.paginate(&ctx.read, PAGE_SIZE);
    let total = paginator.num_items().await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let rows = paginator.fetch_page(page - 1).await?;
    let names = names(ctx, &rows, me.locale).await?;
    Ok(AuditPage {
        entries: rows
            .iter()
            .map(|row| entry(me.locale, row, &names))
            .collect(),
        page,
        pages,
        total,
    })
}

/// A download of the filtered log.
pub struct Export {
    pub csv: Vec<u8>,
    pub entries: u64,
}

/// Text that a spreadsheet would read as a formula gets a leading apostrophe.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The filtered log as CSV for Excel (UTF-8 with byte order mark, semicolons): date, time,
/// actor, action, target and the sentence, oldest first. The download itself is recorded,
/// with its filter and size, before the file leaves.
pub async fn export(
    ctx: &AppContext,
    me: &CurrentUser,
    filter: &AuditFilter,
) -> Result<Export, AppError> {
    me.require_any(READERS)?;
    let locale = me.locale;
    let query = filtered(&ctx.read, filter).await?;
    let count = query.clone().count(&ctx.read).await?;
    if count > MAX_EXPORT {
        return Err(AppError::invalid("from", "audit-export-too-large"));
    }
    let t = |key: &str| crate::i18n::translate(locale, key, None);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let internal = |_| AppError::Internal;
    writer
        .write_record([
            t("audit-col-date"),
            t("audit-col-time-of-day"),
            t("audit-col-actor"),
            t("audit-col-action"),
            t("audit-col-target"),
            t("audit-col-entry"),
        ])
        .map_err(internal)?;
    let mut pages = query
        .order_by_asc(audit_log::Column::Id)
        .paginate(&ctx.read, 2000);
    let mut entries = 0;
    while let Some(rows) = pages.fetch_and_next().await? {
        let names = names(ctx, &rows, locale).await?;
        for row in &rows {
            let d = describe(locale, row, &names);
            let date = crate::i18n::format::local_format(row.occurred_at, "%Y-%m-%d");
            let time = crate::i18n::format::time_of_day(locale, row.occurred_at);
            writer
                .write_record([
                    date,
                    time,
                    cell(&d.actor),
                    cell(&d.action),
                    cell(&d.target),
                    cell(&d.sentence),
                ])
                .map_err(internal)?;
            entries += 1;
        }
    }
    let csv = writer.into_inner().map_err(|_| AppError::Internal)?;
    let mut details = serde_json::Map::new();
    for (name, value) in [
        ("person", &filter.person),
        ("action", &filter.action),
        ("from", &filter.from),
        ("to", &filter.to),
    ] {
        if let Some(value) = trimmed(value) {
            details.insert(name.to_owned(), value.into());
        }
    }
    details.insert("entries".to_owned(), entries.into());
    record(
        &ctx.db,
        ctx.now(),
        Some(me.id),
        "audit.exported",
        "audit",
        None,
        serde_json::Value::Object(details),
    )
    .await?;
    Ok(Export { csv, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_berlin_day_starts_at_its_local_midnight() {
        let winter = NaiveDate::from_ymd_opt(2026, 12, 5).and_then(berlin_midnight);
        assert_eq!(
            winter.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-12-04T23:00:00+00:00")
        );
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).and_then(berlin_midnight);
        assert_eq!(
            summer.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-06-30T22:00:00+00:00")
        );
    }

    #[test]
    fn formula_starts_are_escaped() {
        for dangerous in ["=HYPERLINK(1)", "+49", "-1", "@SUM(A1)"] {
            assert!(cell(dangerous).starts_with('\''), "{dangerous}");
        }
        assert_eq!(cell("Petra Schneider"), "Petra Schneider");
    }
}
