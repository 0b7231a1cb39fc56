//! The employee list from the HR system: decoding, parsing, checking and applying a CSV export.
//!
//! Nothing is written until the whole file is free of problems: the preview lists every problem
//! with its line, and "apply" recomputes the plan inside one transaction, so that a file checked
//! against yesterday's data cannot apply something else. Nobody is deleted: people missing from
//! the file are deactivated, and only accounts that came from the HR system (those with a
//! personnel number) are touched.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use uuid::Uuid;

use super::{ImportChange, ImportPerson, ImportPreview, ImportProblem, ImportSummary};
use crate::audit::server::record;
use crate::auth::Role;
use crate::auth::server::{looks_like_email, normalize_email, set_roles};
use crate::content::profiles::TargetProfiles;
use crate::db::{department, employee_import, session, user};
use crate::error::AppError;

/// Uploads larger than this are refused: a city of 20,000 people exports about 2 MB.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;

/// The file's text and how it was encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

fn problem(line: usize, key: &str, args: &[(&str, &str)]) -> ImportProblem {
    ImportProblem {
        line,
        key: key.to_owned(),
        args: args
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

/// UTF-8 (with or without byte order mark) or Windows-1252, as HR systems write them. A file
/// that is neither, or UTF-8 with stray Windows-1252 bytes, is refused with the lines at fault:
/// guessing would store mangled names.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Vec<ImportProblem>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || bytes.contains(&0) {
        return Err(vec![problem(1, "import-problem-not-text", &[])]);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        });
    }
    // Lines that are valid UTF-8 and use characters beyond ASCII show the file is UTF-8; then
    // the lines that are not are damaged rather than Windows-1252.
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let utf8_beyond_ascii = lines
        .iter()
        .any(|line| !line.is_ascii() && std::str::from_utf8(line).is_ok());
    if utf8_beyond_ascii {
        return Err(lines
            .iter()
            .enumerate()
            .filter(|(_, line)| std::str::from_utf8(line).is_err())
            .map(|(index, _)| problem(index + 1, "import-problem-mixed-encoding", &[]))
            .collect());
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: "Windows-1252",
    })
}

/// The columns the import understands, each with the headers HR systems use for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    PersonnelNumber,
    LastName,
    FirstName,
    FullName,
    Email,
    Department,
    JobFamily,
    Active,
}

impl Column {
    fn from_header(header: &str) -> Option<Column> {
        let key: String = header
            .trim()
            .to_lowercase()
            .replace('ä', "ae")
            .replace('ö', "oe")
            .replace('ü', "ue")
            .replace('ß', "ss")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        Some(match key.as_str() {
            "personalnummer" | "personalnr" | "persnr" | "pnr" | "personnelnumber" => {
                Column::PersonnelNumber
            }
            "nachname" | "familienname" | "lastname" | "surname" => Column::LastName,
            "vorname" | "firstname" | "givenname" => Column::FirstName,
            "name" | "anzeigename" | "vollstaendigername" | "displayname" => Column::FullName,
            "email" | "emailadresse" | "mail" | "dienstlicheemail" | "emailaddress" => {
                Column::Email
            }
            "organisationseinheit"
            | "oe"
            | "orgeinheit"
            | "abteilung"
            | "dienststelle"
            | "oekuerzel"
            | "department" => Column::Department,
            "taetigkeitsgruppe" | "funktionsgruppe" | "berufsgruppe" | "jobfamilie"
            | "jobfamily" => Column::JobFamily,
            "aktiv" | "status" | "beschaeftigungsstatus" | "active" => Column::Active,
            _ => return None,
        })
    }

    /// The German header the preview names when the column is missing.
    fn label(self) -> &'static str {
        match self {
            Column::PersonnelNumber => "Personalnummer",
            Column::LastName => "Nachname",
            Column::FirstName => "Vorname",
            Column::FullName => "Name",
            Column::Email => "E-Mail",
            Column::Department => "Organisationseinheit",
            Column::JobFamily => "Tätigkeitsgruppe",
            Column::Active => "Aktiv",
        }
    }
}

/// One person as the file describes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub personnel_number: String,
    pub display_name: String,
    pub email: String,
    pub department: String,
    pub job_family: Option<String>,
    pub active: bool,
}

/// The delimiter that splits the header into the most fields: semicolon (German Excel and most
/// HR systems), comma or tab.
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b';')
}

fn parse_active(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "" | "ja" | "j" | "x" | "1" | "aktiv" | "yes" | "true" | "active" => Some(true),
        "nein" | "n" | "0" | "inaktiv" | "ausgeschieden" | "no" | "false" | "inactive" => {
            Some(false)
        }
        _ => None,
    }
}

/// The 1-based line of a byte offset. The csv reader's own line counter skips blank lines, but
/// people look for the line number their editor shows.
fn line_at(text: &str, byte: u64) -> usize {
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    // A record's position is where the reader started looking: before the blank lines it skipped.
    while end < text.len() && matches!(text.as_bytes()[end], b'\n' | b'\r') {
        end += 1;
    }
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Splits the text into rows, with a problem for each line that cannot become one. It also
/// returns the unit named on each rejected line, so that the preview names an unknown unit there
/// too: every problem of a line at once, not one per upload.
pub fn parse(
    text: &str,
    profiles: &TargetProfiles,
) -> (Vec<Row>, Vec<ImportProblem>, Vec<(usize, String)>) {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = loop {
        match records.next() {
            None => {
                return (
                    Vec::new(),
                    vec![problem(1, "import-problem-empty", &[])],
                    Vec::new(),
                );
            }
            Some(Err(err)) => {
                let line = err.position().map(|p| line_at(text, p.byte())).unwrap_or(1);
                return (
                    Vec::new(),
                    vec![problem(line, "import-problem-syntax", &[])],
                    Vec::new(),
                );
            }
            Some(Ok(record)) if record.iter().all(|f| f.trim().is_empty()) => continue,
            Some(Ok(record)) => break record,
        }
    };
    let header_line = header
        .position()
        .map(|p| line_at(text, p.byte()))
        .unwrap_or(1);
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (index, name) in header.iter().enumerate() {
        if let Some(column) = Column::from_header(name)
            && columns.insert(column, index).is_some()
        {
            problems.push(problem(
                header_line,
                "import-problem-duplicate-column",
                &[("column", name.trim())],
            ));
        }
    }
    let has_name = columns.contains_key(&Column::FullName)
        || (columns.contains_key(&Column::LastName) && columns.contains_key(&Column::FirstName));
    for column in [Column::PersonnelNumber, Column::Email, Column::Department] {
        if !columns.contains_key(&column) {
            problems.push(problem(
                header_line,
                "import-problem-missing-column",
                &[("column", column.label())],
            ));
        }
    }
    if !has_name {
        problems.push(problem(
            header_line,
            "import-problem-missing-column",
            &[("column", "Nachname, Vorname")],
        ));
    }
    if !problems.is_empty() {
        return (Vec::new(), problems, Vec::new());
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut rejected_units: Vec<(usize, String)> = Vec::new();
    let mut seen_numbers: HashMap<String, usize> = HashMap::new();
    let mut seen_emails: HashMap<String, usize> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map(|p| line_at(text, p.byte())).unwrap_or(0);
                problems.push(problem(line, "import-problem-syntax", &[]));
                continue;
            }
        };
        let line = record
            .position()
            .map(|p| line_at(text, p.byte()))
            .unwrap_or(0);
        // Blank lines and lines of bare delimiters, as spreadsheets leave them at the end.
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            let expected = header.len().to_string();
            let found = record.len().to_string();
            problems.push(problem(
                line,
                "import-problem-field-count",
                &[("expected", &expected), ("found", &found)],
            ));
            continue;
        }
        let field = |column: Column| -> &str {
            columns
                .get(&column)
                .and_then(|i| record.get(*i))
                .map(str::trim)
                .unwrap_or("")
        };
        let mut row_ok = true;
        let mut require = |column: Column, value: &str, problems: &mut Vec<ImportProblem>| {
            if value.is_empty() {
                problems.push(problem(
                    line,
                    "import-problem-missing-value",
                    &[("column", column.label())],
                ));
                row_ok = false;
            }
        };
        let personnel_number = field(Column::PersonnelNumber).to_owned();
        require(Column::PersonnelNumber, &personnel_number, &mut problems);
        let display_name = if columns.contains_key(&Column::FullName) {
            let name = field(Column::FullName).to_owned();
            require(Column::FullName, &name, &mut problems);
            name
        } else {
            let (first, last) = (field(Column::FirstName), field(Column::LastName));
            require(Column::LastName, last, &mut problems);
            format!("{first} {last}").trim().to_owned()
        };
        let email = normalize_email(field(Column::Email));
        require(Column::Email, &email, &mut problems);
        let department = field(Column::Department).to_owned();
        require(Column::Department, &department, &mut problems);
        if personnel_number.chars().count() > 32 {
            problems.push(problem(
                line,
                "import-problem-personnel-number-too-long",
                &[],
            ));
            row_ok = false;
        }
        if display_name.chars().count() > 200 {
            problems.push(problem(line, "import-problem-name-too-long", &[]));
            row_ok = false;
        }
        if !email.is_empty() && !looks_like_email(&email) {
            problems.push(problem(
                line,
                "import-problem-invalid-email",
                &[("value", &email)],
            ));
            row_ok = false;
        }
        let job_family_value = field(Column::JobFamily);
        let job_family = if job_family_value.is_empty() {
            None
        } else {
            match profiles.family_for(job_family_value) {
                Some(family) => Some(family.id.clone()),
                None => {
                    problems.push(problem(
                        line,
                        "import-problem-unknown-job-family",
                        &[("value", job_family_value)],
                    ));
                    row_ok = false;
                    None
                }
            }
        };
        let active = match parse_active(field(Column::Active)) {
            Some(active) => active,
            None => {
                problems.push(problem(
                    line,
                    "import-problem-invalid-active",
                    &[("value", field(Column::Active))],
                ));
                row_ok = false;
                true
            }
        };
        if !personnel_number.is_empty() {
            if let Some(first) = seen_numbers.get(&personnel_number) {
                let first = first.to_string();
                problems.push(problem(
                    line,
                    "import-problem-duplicate-personnel-number",
                    &[("value", &personnel_number), ("first", &first)],
                ));
                row_ok = false;
            } else {
                seen_numbers.insert(personnel_number.clone(), line);
            }
        }
        if !email.is_empty() {
            if let Some(first) = seen_emails.get(&email) {
                let first = first.to_string();
                problems.push(problem(
                    line,
                    "import-problem-duplicate-email",
                    &[("value", &email), ("first", &first)],
                ));
                row_ok = false;
            } else {
                seen_emails.insert(email.clone(), line);
            }
        }
        if row_ok {
            rows.push(Row {
                line,
                personnel_number,
                display_name,
                email,
                department,
                job_family,
                active,
            });
        } else if !department.is_empty() {
            rejected_units.push((line, department));
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(problem(header_line, "import-problem-no-rows", &[]));
    }
    (rows, problems, rejected_units)
}

/// What applying the file would change.
#[derive(Debug, Default)]
pub struct Plan {
    pub rows: usize,
    pub problems: Vec<ImportProblem>,
    pub creates: Vec<(Row, Uuid)>,
    /// (row, existing account, what changes)
    pub updates: Vec<(Row, user::Model, Vec<&'static str>)>,
    pub deactivations: Vec<user::Model>,
    pub unchanged: usize,
}

/// Compares the file with the database.
pub async fn plan(
    db: &impl ConnectionTrait,
    profiles: &TargetProfiles,
    text: &str,
    actor: Option<Uuid>,
) -> Result<Plan, AppError> {
    let (rows, mut problems, rejected_units) = parse(text, profiles);
    let departments = department::Entity::find().all(db).await?;
    let mut by_code: HashMap<String, Uuid> = HashMap::new();
    let mut by_name: HashMap<String, Vec<Uuid>> = HashMap::new();
    for dep in &departments {
        if let Some(code) = &dep.code {
            by_code.insert(code.trim().to_lowercase(), dep.id);
        }
        by_name
            .entry(dep.name.trim().to_lowercase())
            .or_default()
            .push(dep.id);
    }
    let accounts = user::Entity::find().all(db).await?;
    let by_number: HashMap<&str, &user::Model> = accounts
        .iter()
        .filter_map(|a| a.personnel_number.as_deref().map(|n| (n, a)))
        .collect();
    let by_email: HashMap<&str, &user::Model> =
        accounts.iter().map(|a| (a.email.as_str(), a)).collect();

    let mut plan = Plan {
        rows: rows.len(),
        ..Default::default()
    };
    let mut in_file: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    let resolve = |line: usize, value: &str, problems: &mut Vec<ImportProblem>| {
        let key = value.to_lowercase();
        match by_code.get(&key) {
            Some(id) => Some(*id),
            None => match by_name.get(&key).map(Vec::as_slice) {
                Some([id]) => Some(*id),
                Some(_) => {
                    problems.push(problem(
                        line,
                        "import-problem-ambiguous-department",
                        &[("value", value)],
                    ));
                    None
                }
                None => {
                    problems.push(problem(
                        line,
                        "import-problem-unknown-department",
                        &[("value", value)],
                    ));
                    None
                }
            },
        }
    };
    for (line, value) in &rejected_units {
        resolve(*line, value, &mut problems);
    }
    for row in rows {
        let Some(department) = resolve(row.line, &row.department, &mut problems) else {
            continue;
        };
        // The personnel number decides; an account an admin created by hand is adopted by its
        // email address.
        let existing = by_number
            .get(row.personnel_number.as_str())
            .copied()
            .or_else(|| {
                by_email
                    .get(row.email.as_str())
                    .copied()
                    .filter(|a| a.personnel_number.is_none())
            });
        if let Some(holder) = by_email.get(row.email.as_str())
            && existing.is_none_or(|e| e.id != holder.id)
        {
            problems.push(problem(
                row.line,
                "import-problem-email-taken",
                &[("value", &row.email)],
            ));
            continue;
        }
        match existing {
            None => plan.creates.push((
                Row {
                    department: department.to_string(),
                    ..row
                },
                department,
            )),
            Some(account) => {
                in_file.insert(account.id);
                let mut changes = Vec::new();
                if account.personnel_number.as_deref() != Some(row.personnel_number.as_str()) {
                    changes.push("personnel_number");
                }
                if account.display_name != row.display_name {
                    changes.push("name");
                }
                if account.email != row.email {
                    changes.push("email");
                }
                if account.department_id != Some(department) {
                    changes.push("department");
                }
                if account.job_family != row.job_family {
                    changes.push("job_family");
                }
                if account.active != row.active {
                    if row.active {
                        changes.push("reactivated");
                    } else if Some(account.id) == actor {
                        problems.push(problem(row.line, "import-problem-deactivates-self", &[]));
                        continue;
                    } else {
                        changes.push("deactivated");
                    }
                }
                if changes.is_empty() {
                    plan.unchanged += 1;
                } else {
                    plan.updates.push((
                        Row {
                            department: department.to_string(),
                            ..row
                        },
                        account.clone(),
                        changes,
                    ));
                }
            }
        }
    }
    for account in &accounts {
        if account.personnel_number.is_some()
            && account.active
            && !in_file.contains(&account.id)
            && Some(account.id) != actor
        {
            plan.deactivations.push(account.clone());
        }
    }
    plan.deactivations
        .sort_by(|a, b| a.display_name.cmp(&b.display_name));
    problems.sort_by_key(|p| p.line);
    plan.problems = problems;
    Ok(plan)
}

fn person(row: &Row, departments: &HashMap<Uuid, String>) -> ImportPerson {
    ImportPerson {
        line: row.line,
        personnel_number: row.personnel_number.clone(),
        name: row.display_name.clone(),
        email: row.email.clone(),
        department: row
            .department
            .parse::<Uuid>()
            .ok()
            .and_then(|id| departments.get(&id).cloned())
            .unwrap_or_default(),
        job_family: row.job_family.clone(),
    }
}

/// The plan as the preview page shows it.
pub async fn preview(
    db: &impl ConnectionTrait,
    profiles: &TargetProfiles,
    import: &employee_import::Model,
    actor: Option<Uuid>,
) -> Result<ImportPreview, AppError> {
    let applied = import
        .summary
        .as_deref()
        .and_then(|s| serde_json::from_str::<ImportSummary>(s).ok());
    let plan = if applied.is_some() {
        Plan::default()
    } else {
        plan(db, profiles, &import.content, actor).await?
    };
    let departments: HashMap<Uuid, String> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let name_of = |id: Option<Uuid>| {
        id.and_then(|id| departments.get(&id).cloned())
            .unwrap_or_default()
    };
    Ok(ImportPreview {
        id: import.id,
        file_name: import.file_name.clone(),
        encoding: import.encoding.clone(),
        created_at: import.created_at,
        rows: plan.rows as u64,
        problems: plan.problems.clone(),
        creates: plan
            .creates
            .iter()
            .map(|(row, _)| person(row, &departments))
            .collect(),
        updates: plan
            .updates
            .iter()
            .map(|(row, account, changes)| ImportChange {
                person: person(row, &departments),
                before_department: name_of(account.department_id),
                changes: changes.iter().map(|c| (*c).to_owned()).collect(),
            })
            .collect(),
        deactivations: plan
            .deactivations
            .iter()
            .map(|a| ImportPerson {
                line: 0,
                personnel_number: a.personnel_number.clone().unwrap_or_default(),
                name: a.display_name.clone(),
                email: a.email.clone(),
                department: name_of(a.department_id),
                job_family: a.job_family.clone(),
            })
            .collect(),
        unchanged: plan.unchanged as u64,
        applied,
    })
}

/// Stores an uploaded file for preview. Returns the import's id.
pub async fn store(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    actor: Option<Uuid>,
    file_name: &str,
    decoded: Decoded,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let file_name: String = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    employee_import::ActiveModel {
        id: Set(id),
        created_by: Set(actor),
        created_at: Set(now),
        file_name: Set(if file_name.is_empty() {
            "import.csv".to_owned()
        } else {
            file_name
        }),
        content: Set(decoded.text),
        encoding: Set(decoded.encoding.to_owned()),
        applied_at: Set(None),
        applied_by: Set(None),
        summary: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Applies a stored import: once, only without problems, all or nothing.
pub async fn apply(
    db: &sea_orm::DatabaseConnection,
    profiles: &TargetProfiles,
    now: DateTime<Utc>,
    actor: Option<Uuid>,
    import_id: Uuid,
) -> Result<ImportSummary, AppError> {
    let txn = db.begin().await?;
    // Claim the import first: a second "apply" (double click, another instance) finds it taken.
    let claimed = employee_import::Entity::update_many()
        .col_expr(
            employee_import::Column::AppliedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .col_expr(
            employee_import::Column::AppliedBy,
            sea_orm::sea_query::Expr::value(actor),
        )
        .filter(employee_import::Column::Id.eq(import_id))
        .filter(employee_import::Column::AppliedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return match employee_import::Entity::find_by_id(import_id)
            .one(&txn)
            .await?
        {
            None => Err(AppError::NotFound),
            Some(_) => Err(AppError::Conflict("import-already-applied".into())),
        };
    }
    let Some(import) = employee_import::Entity::find_by_id(import_id)
        .one(&txn)
        .await?
    else {
        return Err(AppError::NotFound);
    };
    let plan = plan(&txn, profiles, &import.content, actor).await?;
    if !plan.problems.is_empty() {
        return Err(AppError::Conflict("import-has-problems".into()));
    }
    let mut summary = ImportSummary {
        created: 0,
        updated: 0,
        deactivated: 0,
        reactivated: 0,
        unchanged: plan.unchanged as u64,
    };
    for (row, department) in &plan.creates {
        let id = Uuid::new_v4();
        user::ActiveModel {
            id: Set(id),
            email: Set(row.email.clone()),
            display_name: Set(row.display_name.clone()),
            department_id: Set(Some(*department)),
            password_hash: Set(None),
            active: Set(row.active),
            is_demo: Set(false),
            locale: Set("de".to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            deactivated_at: Set((!row.active).then_some(now)),
            personnel_number: Set(Some(row.personnel_number.clone())),
            job_family: Set(row.job_family.clone()),
            newsletter: Set(true),
            newsletter_token: Set(None),
        }
        .insert(&txn)
        .await?;
        set_roles(&txn, id, &[Role::Employee]).await?;
        summary.created += 1;
    }
    for (row, account, changes) in &plan.updates {
        let mut model: user::ActiveModel = account.clone().into();
        model.personnel_number = Set(Some(row.personnel_number.clone()));
        model.display_name = Set(row.display_name.clone());
        model.email = Set(row.email.clone());
        model.department_id = Set(row.department.parse::<Uuid>().ok());
        model.job_family = Set(row.job_family.clone());
        model.updated_at = Set(now);
        if changes.contains(&"deactivated") {
            deactivate(&txn, model, account.id, now).await?;
            summary.deactivated += 1;
        } else {
            if changes.contains(&"reactivated") {
                model.active = Set(true);
                model.deactivated_at = Set(None);
                summary.reactivated += 1;
            }
            model.update(&txn).await?;
        }
        if changes
            .iter()
            .any(|c| *c != "deactivated" && *c != "reactivated")
        {
            summary.updated += 1;
        }
    }
    for account in &plan.deactivations {
        let mut model: user::ActiveModel = account.clone().into();
        model.updated_at = Set(now);
        deactivate(&txn, model, account.id, now).await?;
        summary.deactivated += 1;
    }
    let summary_json = serde_json::to_value(&summary).unwrap_or_default();
    employee_import::Entity::update_many()
        .col_expr(
            employee_import::Column::Summary,
            sea_orm::sea_query::Expr::value(summary_json.to_string()),
        )
        .filter(employee_import::Column::Id.eq(import_id))
        .exec(&txn)
        .await?;
    record(
        &txn,
        now,
        actor,
        "employees.imported",
        "import",
        Some(import_id.to_string()),
        serde_json::json!({ "file": import.file_name, "summary": summary_json }),
    )
    .await?;
    txn.commit().await?;
    Ok(summary)
}

async fn deactivate(
    txn: &impl ConnectionTrait,
    mut model: user::ActiveModel,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    model.active = Set(false);
    model.deactivated_at = Set(Some(now));
    model.update(txn).await?;
    // Whoever leaves the organisation is logged out everywhere at once.
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom_and_windows_1252() {
        let utf8 = "Nachname;Vorname\nMüller;Jörg\n";
        assert_eq!(decode(utf8.as_bytes()).unwrap().encoding, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(utf8.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, utf8);
        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(utf8);
        let decoded = decode(&cp1252).unwrap();
        assert_eq!(decoded.encoding, "Windows-1252");
        assert_eq!(decoded.text, utf8);
    }

    #[test]
    fn refuses_utf16_and_utf8_with_stray_bytes() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Name".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode(&utf16).unwrap_err()[0].key,
            "import-problem-not-text"
        );
        let mut mixed = "Nachname\nMüller\n".as_bytes().to_vec();
        mixed.extend_from_slice(b"Gr\xf6\xdfer\n");
        let problems = decode(&mixed).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
        assert_eq!(problems[0].key, "import-problem-mixed-encoding");
    }

    #[test]
    fn headers_are_recognised_in_their_usual_spellings() {
        for (header, column) in [
            ("Personal-Nr.", Column::PersonnelNumber),
            (" E-Mail-Adresse ", Column::Email),
            ("OE", Column::Department),
            ("Tätigkeitsgruppe", Column::JobFamily),
            ("TAETIGKEITSGRUPPE", Column::JobFamily),
            ("Vorname", Column::FirstName),
        ] {
            assert_eq!(Column::from_header(header), Some(column), "{header}");
        }
        assert_eq!(Column::from_header("Geburtsdatum"), None);
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("\nA;B;C\n"), b';');
        assert_eq!(sniff_delimiter("A,B,C"), b',');
        assert_eq!(sniff_delimiter("A\tB\tC"), b'\t');
    }
}
