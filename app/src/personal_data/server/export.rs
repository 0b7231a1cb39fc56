//! The export of everything stored about a person (DSGVO Art. 15 and 20): every row that
//! `registry::REFERENCES` finds, with every column the table has (read as `SELECT *`, so a new
//! column is exported without anyone remembering to add it), secrets shown only as set. As JSON
//! for machines and as a self-contained HTML document for people.

use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Query, SelectStatement, SimpleExpr};
use sea_orm::{ConnectionTrait, FromQueryResult, JsonValue, StatementBuilder};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::registry::{Match, REFERENCES, Reference, SECRET_COLUMNS};
use crate::db::user;
use crate::error::AppError;
use crate::i18n::{I18n, Locale, format};
use crate::ui::escape_text;

/// The export's format, named in the JSON so that a reader knows what it holds.
pub const FORMAT: &str = "fuehrerschein-personal-data/1";

/// What stands for a secret's value in the export.
pub const REDACTED: &str = "[gespeichert, nicht angezeigt]";

/// The rows of one reference.
#[derive(Clone, Debug)]
pub struct Section {
    pub reference: Reference,
    pub rows: Vec<Map<String, Value>>,
}

/// The condition that finds the rows of `reference` about `person`; `None` when there can be
/// none (no mail address to match).
pub fn condition(reference: &Reference, person: &user::Model) -> Option<SimpleExpr> {
    let column = Expr::col(Alias::new(reference.column));
    Some(match reference.matching {
        Match::Person => column.eq(person.id),
        Match::PersonText => column.eq(person.id.to_string()),
        Match::Address => column.eq(person.email.clone()?),
        // Found only by recomputing the digest (`find`).
        Match::Keyed => return None,
        Match::Via {
            table,
            key,
            person: person_column,
        } => column.in_subquery(
            Query::select()
                .column(Alias::new(key))
                .from(Alias::new(table))
                .and_where(Expr::col(Alias::new(person_column)).eq(person.id))
                .to_owned(),
        ),
    })
}

/// `condition`, and for a keyed reference the rows whose digest the owning feature recomputes
/// for `person`.
pub async fn find(
    db: &impl ConnectionTrait,
    reference: &Reference,
    person: &user::Model,
) -> Result<Option<SimpleExpr>, AppError> {
    match (reference.matching, reference.table) {
        (Match::Keyed, "idea") => {
            let ids = crate::ideas::server::anonymous_ideas_of(db, person.id).await?;
            Ok(Some(Expr::col(Alias::new("id")).is_in(ids)))
        }
        (Match::Keyed, _) => Ok(None),
        _ => Ok(condition(reference, person)),
    }
}

/// The rows `reference` finds for `person`, as a query.
pub fn select(reference: &Reference, person: &user::Model) -> Option<SelectStatement> {
    Some(
        Query::select()
            .column(Asterisk)
            .from(Alias::new(reference.table))
            .and_where(condition(reference, person)?)
            .to_owned(),
    )
}

/// How many rows each table holds about `person` (the page's overview): counted by the
/// database, without reading the rows.
pub async fn count(
    db: &impl ConnectionTrait,
    person: &user::Model,
) -> Result<Vec<(&'static str, u64)>, AppError> {
    let backend = db.get_database_backend();
    let mut counts = Vec::with_capacity(REFERENCES.len());
    for reference in REFERENCES {
        let Some(found) = find(db, reference, person).await? else {
            continue;
        };
        let query = Query::select()
            .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
            .from(Alias::new(reference.table))
            .and_where(found)
            .to_owned();
        let n = match db
            .query_one_raw(StatementBuilder::build(&query, &backend))
            .await?
        {
            Some(row) => row.try_get::<i64>("", "n")?,
            None => 0,
        };
        counts.push((reference.table, u64::try_from(n).unwrap_or(0)));
    }
    Ok(counts)
}

/// Every section about `person`, in the registry's order.
pub async fn collect(
    db: &impl ConnectionTrait,
    person: &user::Model,
) -> Result<Vec<Section>, AppError> {
    let backend = db.get_database_backend();
    let mut sections = Vec::with_capacity(REFERENCES.len());
    for reference in REFERENCES {
        let rows = match find(db, reference, person).await? {
            Some(found) => {
                let query = Query::select()
                    .column(Asterisk)
                    .from(Alias::new(reference.table))
                    .and_where(found)
                    .to_owned();
                let statement = StatementBuilder::build(&query, &backend);
                JsonValue::find_by_statement(statement)
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|row| clean_row(reference.table, row))
                    .collect()
            }
            None => Vec::new(),
        };
        sections.push(Section {
            reference: *reference,
            rows,
        });
    }
    Ok(sections)
}

/// One row as a JSON object with the same values on both databases: identifiers as text,
/// secrets replaced.
fn clean_row(table: &str, row: JsonValue) -> Map<String, Value> {
    let Value::Object(map) = row else {
        return Map::new();
    };
    map.into_iter()
        .map(|(column, value)| {
            let secret = SECRET_COLUMNS.contains(&(table, column.as_str()));
            let value = match value {
                Value::Null => Value::Null,
                _ if secret => Value::String(REDACTED.to_owned()),
                value => normalise(value),
            };
            (column, value)
        })
        .collect()
}

/// SQLite hands identifiers over as 16 bytes; PostgreSQL as text.
fn normalise(value: Value) -> Value {
    if let Value::Array(items) = &value
        && items.len() == 16
    {
        let bytes: Option<Vec<u8>> = items
            .iter()
            .map(|v| v.as_u64().and_then(|n| u8::try_from(n).ok()))
            .collect();
        if let Some(id) = bytes.and_then(|b| Uuid::from_slice(&b).ok()) {
            return Value::String(id.to_string());
        }
    }
    value
}

/// The machine-readable export.
pub fn to_json(
    sections: &[Section],
    person: Uuid,
    exported_at: DateTime<Utc>,
    organisation: &str,
) -> Value {
    let sections: Vec<Value> = sections
        .iter()
        .filter(|s| !s.rows.is_empty())
        .map(|s| {
            serde_json::json!({
                "table": s.reference.table,
                "column": s.reference.column,
                "rows": s.rows,
            })
        })
        .collect();
    serde_json::json!({
        "format": FORMAT,
        "organisation": organisation,
        "person": person.to_string(),
        "exported_at": exported_at.to_rfc3339(),
        "sections": sections,
    })
}

/// The catalogue key of a table's title in the readable export.
pub fn table_title_key(table: &str) -> String {
    format!("personal-data-table-{}", table.replace('_', "-"))
}

/// The readable export: one self-contained HTML document, each section a table with a heading.
pub fn to_html(
    locale: Locale,
    sections: &[Section],
    person_name: &str,
    exported_at: DateTime<Utc>,
    organisation: &str,
    accesses: &[(DateTime<Utc>, String, String)],
) -> String {
    let i18n = I18n { locale };
    let t = |key: &str| escape_text(&i18n.t(key));
    let mut html = String::with_capacity(16 * 1024);
    let title = t("personal-data-export-title");
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\
         body{{font-family:system-ui,sans-serif;line-height:1.5;margin:1.5rem;max-width:70rem;color:#1a1a1a}}\
         table{{border-collapse:collapse;margin:0 0 1.5rem 0}}th,td{{border:1px solid #767676;\
         padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}}\
         th{{background:#eee}}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n",
        locale.code()
    ));
    html.push_str(&format!(
        "<p>{}</p>\n",
        escape_text(&i18n.t_args(
            "personal-data-export-intro",
            [
                ("name", person_name.into()),
                ("organisation", organisation.into()),
                ("date", format::local_date_time(locale, exported_at).into()),
            ],
        ))
    ));
    html.push_str(&format!("<h2>{}</h2>\n", t("personal-data-accesses-title")));
    if accesses.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", t("personal-data-accesses-none")));
    } else {
        html.push_str(&format!(
            "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            t("personal-data-access-when"),
            t("personal-data-access-who"),
            t("personal-data-access-what"),
        ));
        for (at, who, what) in accesses {
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape_text(&format::local_date_time(locale, *at)),
                escape_text(who),
                escape_text(what)
            ));
        }
        html.push_str("</tbody>\n</table>\n");
    }
    for section in sections.iter().filter(|s| !s.rows.is_empty()) {
        let table = section.reference.table;
        html.push_str(&format!(
            "<h2>{} <small>({table}.{})</small></h2>\n",
            t(&table_title_key(table)),
            section.reference.column
        ));
        let columns: Vec<&String> = section.rows[0].keys().collect();
        for row in &section.rows {
            html.push_str("<table>\n<tbody>\n");
            for column in &columns {
                let label_key = format!("personal-data-column-{}", column.replace('_', "-"));
                let label = if i18n.has(&label_key) {
                    i18n.t(&label_key)
                } else {
                    (*column).clone()
                };
                let value = row.get(*column).unwrap_or(&Value::Null);
                html.push_str(&format!(
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
                    escape_text(&label),
                    escape_text(&readable(i18n, value))
                ));
            }
            html.push_str("</tbody>\n</table>\n");
        }
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// A value as a person reads it: times in local time, yes and no, empty for nothing.
fn readable(i18n: I18n, value: &Value) -> String {
    match value {
        Value::Null => "–".to_owned(),
        Value::Bool(true) => i18n.t("yes"),
        Value::Bool(false) => i18n.t("no"),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match parse_time(s) {
            Some(at) => format::local_date_time(i18n.locale, at),
            None => s.clone(),
        },
        other => other.to_string(),
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if text.len() < 19 || text.len() > 40 {
        return None;
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .or_else(|| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f %:z").ok())
        .map(|t| t.with_timezone(&Utc))
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_read_the_same_from_both_databases() {
        let id = Uuid::new_v4();
        let bytes: Vec<Value> = id.as_bytes().iter().map(|b| Value::from(*b)).collect();
        assert_eq!(
            normalise(Value::Array(bytes)),
            Value::String(id.to_string())
        );
        assert_eq!(normalise(Value::from("x")), Value::from("x"));
    }

    #[test]
    fn secrets_are_never_exported() {
        let row = serde_json::json!({ "password_hash": "$argon2id$…", "display_name": "Erika" });
        let clean = clean_row("users", row);
        assert_eq!(clean["password_hash"], Value::from(REDACTED));
        assert_eq!(clean["display_name"], Value::from("Erika"));
    }

    #[test]
    fn times_read_in_local_time() {
        let i18n = I18n { locale: Locale::De };
        assert_eq!(
            readable(i18n, &Value::from("2026-12-05T19:45:00+00:00")),
            "05.12.2026, 20:45 Uhr"
        );
        assert_eq!(
            readable(i18n, &Value::from("2026-12-05 19:45:00 +00:00")),
            "05.12.2026, 20:45 Uhr"
        );
        assert_eq!(readable(i18n, &Value::from("Erika")), "Erika");
    }
}
