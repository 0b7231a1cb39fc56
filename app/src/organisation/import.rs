//! The employee list from the HR system: decoding, parsing, checking and applying a CSV export.
//!
//! Nothing is written until the whole file is free of problems: the preview lists every problem
//! with its line, and "apply" checks the plan again inside one transaction, so that a file
//! checked against yesterday's data cannot apply something else. Nobody is deleted: people
//! missing from the file are deactivated, and only accounts that came from the HR system (those
//! with a personnel number) are touched.
//!
//! The import owns employees' master data (name, unit, job family, personnel number, active) and
//! must not touch anything that decides who controls an account: it never adopts an account with
//! a role besides employee, never changes the login email of such an account or of one that has
//! been used, and never deactivates or reactivates such an account. Those rows are held for an
//! administrator (`HeldReason`) and skipped. Roles, passwords and sessions are not its business.
//!
//! A city's file has tens of thousands of lines: parsing and planning are linear and run off the
//! async runtime; writes go in batches inside one short transaction.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{CaseStatement, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Iterable, QueryFilter, QueryOrder,
    Set, TransactionTrait,
};
use uuid::Uuid;

use super::{
    IMPORT_PREVIEW_LIMIT, ImportChange, ImportHeld, ImportPerson, ImportPreview, ImportProblem,
    ImportSummary,
};
use crate::audit::server::record;
use crate::auth::Role;
use crate::auth::server::{looks_like_email, normalize_email};
use crate::content::ContentStore;
use crate::content::profiles::TargetProfiles;
use crate::db::{audit_log, department, employee_import, one_time_token, session, user, user_role};
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
    /// Empty in the file: a person without a mail address (sign-in letters, start-page notices).
    pub email: Option<String>,
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

/// Line numbers of byte offsets, counted as the reader moves on: records come in increasing
/// byte order, so each byte of the text is looked at once (a count from the start for every
/// record made a 20,000-line file take a minute). The csv reader's own line counter skips blank
/// lines, but people look for the line number their editor shows.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Bytes before this offset are counted in `line`.
    counted_to: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            counted_to: 0,
            line: 1,
        }
    }

    /// The 1-based line of a record that starts at `byte`.
    fn at(&mut self, byte: u64) -> usize {
        let text = self.text;
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // A record's position is where the reader started looking: before the blank lines it
        // skipped.
        while end < text.len() && matches!(text[end], b'\n' | b'\r') {
            end += 1;
        }
        if end < self.counted_to {
            // Not expected from the reader; count again from the start rather than be wrong.
            self.counted_to = 0;
            self.line = 1;
        }
        self.line += text[self.counted_to..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.counted_to = end;
        self.line
    }
}

/// Splits the text into rows, with a problem for each line that cannot become one. It also
/// returns the unit named on each rejected line, so that the preview names an unknown unit there
/// too: every problem of a line at once, not one per upload.
pub fn parse(
    text: &str,
    profiles: &TargetProfiles,
) -> (Vec<Row>, Vec<ImportProblem>, Vec<(usize, String)>) {
    let mut problems = Vec::new();
    let mut lines = LineCounter::new(text);
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
                let line = err.position().map(|p| lines.at(p.byte())).unwrap_or(1);
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
    let header_line = header.position().map(|p| lines.at(p.byte())).unwrap_or(1);
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
                let line = err.position().map(|p| lines.at(p.byte())).unwrap_or(0);
                problems.push(problem(line, "import-problem-syntax", &[]));
                continue;
            }
        };
        let line = record.position().map(|p| lines.at(p.byte())).unwrap_or(0);
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
                email: Some(email).filter(|e| !e.is_empty()),
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

/// The database state a file is compared with, read before planning so that the planning itself
/// (CPU only) runs off the async runtime and holds no connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub departments: Vec<department::Model>,
    pub accounts: Vec<user::Model>,
    pub roles: Vec<user_role::Model>,
}

impl Snapshot {
    /// Reads departments, accounts and roles in a fixed order, so that two snapshots of the same
    /// data compare equal.
    pub async fn read(db: &impl ConnectionTrait) -> Result<Snapshot, AppError> {
        Ok(Snapshot {
            departments: department::Entity::find()
                .order_by_asc(department::Column::Id)
                .all(db)
                .await?,
            accounts: user::Entity::find()
                .order_by_asc(user::Column::Id)
                .all(db)
                .await?,
            roles: user_role::Entity::find()
                .order_by_asc(user_role::Column::UserId)
                .order_by_asc(user_role::Column::Role)
                .all(db)
                .await?,
        })
    }

    /// Accounts that hold any role besides employee: only an administrator changes them.
    fn privileged(&self) -> HashSet<Uuid> {
        self.roles
            .iter()
            .filter(|r| r.role != Role::Employee.as_str())
            .map(|r| r.user_id)
            .collect()
    }
}

/// Why a row needs an administrator. The import manages master data of employees; it must never
/// be a way to take over an account (change where its password-reset mail goes) or to lock out
/// the people who run the platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeldReason {
    /// The row would adopt, by its email address, an account with a role besides employee.
    AdoptPrivileged,
    /// The row would change the login email of an account with a role besides employee.
    EmailPrivileged,
    /// The row would change the login email of an account that has been used.
    EmailUsed,
    /// The row, or the account's absence from the file, would deactivate an account with a role
    /// besides employee.
    DeactivatePrivileged,
    /// The row would reactivate an account with a role besides employee.
    ReactivatePrivileged,
}

impl HeldReason {
    /// The catalogue key of the sentence that explains it.
    pub fn key(self) -> &'static str {
        match self {
            HeldReason::AdoptPrivileged => "import-held-adopt-privileged",
            HeldReason::EmailPrivileged => "import-held-email-privileged",
            HeldReason::EmailUsed => "import-held-email-used",
            HeldReason::DeactivatePrivileged => "import-held-deactivate-privileged",
            HeldReason::ReactivatePrivileged => "import-held-reactivate-privileged",
        }
    }
}

/// An account that has logged in, or has a password (accounts from before `last_login_at`).
fn has_been_used(account: &user::Model) -> bool {
    account.last_login_at.is_some() || account.password_hash.is_some()
}

/// A change to an existing account.
#[derive(Clone, Debug)]
pub struct Update {
    pub row: Row,
    pub department: Uuid,
    pub account: user::Model,
    /// `personnel_number`, `name`, `email`, `department`, `job_family`, `deactivated`,
    /// `reactivated`.
    pub changes: Vec<&'static str>,
}

impl Update {
    fn has(&self, change: &str) -> bool {
        self.changes.contains(&change)
    }

    /// The master-data fields that change (not the activation).
    fn fields(&self) -> Vec<&'static str> {
        self.changes
            .iter()
            .copied()
            .filter(|c| *c != "deactivated" && *c != "reactivated")
            .collect()
    }
}

/// A row (or an account missing from the file) that applying skips.
#[derive(Clone, Debug)]
pub struct Held {
    pub row: Option<Row>,
    pub account: user::Model,
    pub reasons: Vec<HeldReason>,
}

/// What applying the file would change.
#[derive(Debug, Default)]
pub struct Plan {
    pub rows: usize,
    pub problems: Vec<ImportProblem>,
    pub creates: Vec<(Row, Uuid)>,
    pub updates: Vec<Update>,
    /// Accounts missing from the file.
    pub deactivations: Vec<user::Model>,
    pub held: Vec<Held>,
    pub unchanged: usize,
    pub active_accounts: usize,
}

/// More than this share (in per cent) of the active accounts, or more than `MASS_COUNT`
/// people, deactivated at once needs an explicit confirmation: a wrong export (one department
/// only, an empty column) must not lock out half the administration unnoticed.
pub const MASS_PERCENT: usize = 10;
pub const MASS_COUNT: usize = 20;

impl Plan {
    /// Everyone the plan deactivates: missing from the file or marked inactive in it.
    pub fn deactivating(&self) -> usize {
        self.deactivations.len() + self.updates.iter().filter(|u| u.has("deactivated")).count()
    }

    pub fn mass_deactivation(&self) -> bool {
        let count = self.deactivating();
        count > MASS_COUNT || count * 100 > self.active_accounts * MASS_PERCENT
    }
}

/// What the person applying an import has confirmed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Confirmation {
    pub mass_deactivation: bool,
}

/// Compares the file with the database state. CPU only, linear in the file and the accounts:
/// run it in `spawn_blocking` (see `plan_off_runtime`).
pub fn plan(
    snapshot: &Snapshot,
    profiles: &TargetProfiles,
    text: &str,
    actor: Option<Uuid>,
) -> Plan {
    let (rows, mut problems, rejected_units) = parse(text, profiles);
    let mut by_code: HashMap<String, Uuid> = HashMap::new();
    let mut by_name: HashMap<String, Vec<Uuid>> = HashMap::new();
    for dep in &snapshot.departments {
        if let Some(code) = &dep.code {
            by_code.insert(code.trim().to_lowercase(), dep.id);
        }
        by_name
            .entry(dep.name.trim().to_lowercase())
            .or_default()
            .push(dep.id);
    }
    let accounts = &snapshot.accounts;
    let privileged = snapshot.privileged();
    let by_number: HashMap<&str, &user::Model> = accounts
        .iter()
        .filter_map(|a| a.personnel_number.as_deref().map(|n| (n, a)))
        .collect();
    let by_email: HashMap<&str, &user::Model> = accounts
        .iter()
        .filter_map(|a| a.email.as_deref().map(|e| (e, a)))
        .collect();

    let mut plan = Plan {
        rows: rows.len(),
        active_accounts: accounts.iter().filter(|a| a.active).count(),
        ..Default::default()
    };
    let mut in_file: HashSet<Uuid> = HashSet::new();
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
        // email address (unless it holds more than the employee role, see below).
        let existing = by_number
            .get(row.personnel_number.as_str())
            .copied()
            .or_else(|| {
                row.email
                    .as_deref()
                    .and_then(|email| by_email.get(email))
                    .copied()
                    .filter(|a| a.personnel_number.is_none())
            });
        if let Some(email) = row.email.as_deref()
            && let Some(holder) = by_email.get(email)
            && existing.is_none_or(|e| e.id != holder.id)
        {
            problems.push(problem(
                row.line,
                "import-problem-email-taken",
                &[("value", email)],
            ));
            continue;
        }
        let Some(account) = existing else {
            plan.creates.push((row, department));
            continue;
        };
        in_file.insert(account.id);
        if account.active && !row.active && Some(account.id) == actor {
            problems.push(problem(row.line, "import-problem-deactivates-self", &[]));
            continue;
        }
        let is_privileged = privileged.contains(&account.id);
        let mut reasons = Vec::new();
        if is_privileged && account.personnel_number.is_none() {
            reasons.push(HeldReason::AdoptPrivileged);
        }
        if account.email != row.email {
            if is_privileged {
                reasons.push(HeldReason::EmailPrivileged);
            } else if has_been_used(account) {
                reasons.push(HeldReason::EmailUsed);
            }
        }
        if is_privileged && account.active != row.active {
            reasons.push(if row.active {
                HeldReason::ReactivatePrivileged
            } else {
                HeldReason::DeactivatePrivileged
            });
        }
        if !reasons.is_empty() {
            plan.held.push(Held {
                row: Some(row),
                account: account.clone(),
                reasons,
            });
            continue;
        }
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
            changes.push(if row.active {
                "reactivated"
            } else {
                "deactivated"
            });
        }
        if changes.is_empty() {
            plan.unchanged += 1;
        } else {
            plan.updates.push(Update {
                row,
                department,
                account: account.clone(),
                changes,
            });
        }
    }
    for account in accounts {
        if account.personnel_number.is_some()
            && account.active
            && !in_file.contains(&account.id)
            && Some(account.id) != actor
        {
            if privileged.contains(&account.id) {
                plan.held.push(Held {
                    row: None,
                    account: account.clone(),
                    reasons: vec![HeldReason::DeactivatePrivileged],
                });
            } else {
                plan.deactivations.push(account.clone());
            }
        }
    }
    plan.deactivations
        .sort_by(|a, b| a.display_name.cmp(&b.display_name));
    // File rows first, in file order; then the accounts missing from it, by name.
    plan.held.sort_by(|a, b| {
        let key = |h: &Held| {
            (
                h.row.as_ref().map_or(usize::MAX, |r| r.line),
                h.account.display_name.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    problems.sort_by_key(|p| p.line);
    plan.problems = problems;
    plan
}

/// Plans on a blocking thread: a large file takes a noticeable moment of CPU, which must not
/// stall the runtime that serves everyone else. Returns the snapshot too, for comparison.
pub async fn plan_off_runtime(
    snapshot: Snapshot,
    content: &Arc<ContentStore>,
    text: String,
    actor: Option<Uuid>,
) -> Result<(Plan, Snapshot), AppError> {
    let content = Arc::clone(content);
    tokio::task::spawn_blocking(move || {
        let plan = plan(&snapshot, &content.profiles, &text, actor);
        (plan, snapshot)
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "import planning failed");
        AppError::Internal
    })
}

fn person(row: &Row, department: Option<Uuid>, names: &HashMap<Uuid, &str>) -> ImportPerson {
    ImportPerson {
        line: row.line,
        personnel_number: row.personnel_number.clone(),
        name: row.display_name.clone(),
        email: row.email.clone().unwrap_or_default(),
        department: department
            .and_then(|id| names.get(&id))
            .map(|n| (*n).to_owned())
            .unwrap_or_else(|| row.department.clone()),
        job_family: row.job_family.clone(),
    }
}

fn account_person(account: &user::Model, names: &HashMap<Uuid, &str>) -> ImportPerson {
    ImportPerson {
        line: 0,
        personnel_number: account.personnel_number.clone().unwrap_or_default(),
        name: account.display_name.clone(),
        email: account.email.clone().unwrap_or_default(),
        department: account
            .department_id
            .and_then(|id| names.get(&id))
            .map(|n| (*n).to_owned())
            .unwrap_or_default(),
        job_family: account.job_family.clone(),
    }
}

fn total(count: usize) -> u64 {
    u64::try_from(count).unwrap_or(u64::MAX)
}

/// The preview: complete counts, the first `IMPORT_PREVIEW_LIMIT` entries of each list.
fn preview_of(
    import: &employee_import::Model,
    plan: &Plan,
    snapshot: &Snapshot,
    applied: Option<ImportSummary>,
) -> ImportPreview {
    let names: HashMap<Uuid, &str> = snapshot
        .departments
        .iter()
        .map(|d| (d.id, d.name.as_str()))
        .collect();
    let name_of = |id: Option<Uuid>| {
        id.and_then(|id| names.get(&id))
            .map(|n| (*n).to_owned())
            .unwrap_or_default()
    };
    ImportPreview {
        id: import.id,
        file_name: import.file_name.clone(),
        encoding: import.encoding.clone(),
        created_at: import.created_at,
        rows: total(plan.rows),
        problems: plan
            .problems
            .iter()
            .take(IMPORT_PREVIEW_LIMIT)
            .cloned()
            .collect(),
        problems_total: total(plan.problems.len()),
        creates: plan
            .creates
            .iter()
            .take(IMPORT_PREVIEW_LIMIT)
            .map(|(row, department)| person(row, Some(*department), &names))
            .collect(),
        creates_total: total(plan.creates.len()),
        updates: plan
            .updates
            .iter()
            .take(IMPORT_PREVIEW_LIMIT)
            .map(|u| ImportChange {
                person: person(&u.row, Some(u.department), &names),
                before_department: name_of(u.account.department_id),
                changes: u.changes.iter().map(|c| (*c).to_owned()).collect(),
            })
            .collect(),
        updates_total: total(plan.updates.len()),
        deactivations: plan
            .deactivations
            .iter()
            .take(IMPORT_PREVIEW_LIMIT)
            .map(|a| account_person(a, &names))
            .collect(),
        deactivations_total: total(plan.deactivations.len()),
        held: plan
            .held
            .iter()
            .take(IMPORT_PREVIEW_LIMIT)
            .map(|h| ImportHeld {
                person: match &h.row {
                    Some(row) => person(row, None, &names),
                    None => account_person(&h.account, &names),
                },
                reasons: h.reasons.iter().map(|r| r.key().to_owned()).collect(),
            })
            .collect(),
        held_total: total(plan.held.len()),
        unchanged: total(plan.unchanged),
        active_accounts: total(plan.active_accounts),
        deactivating: total(plan.deactivating()),
        mass_deactivation: plan.mass_deactivation(),
        applied,
    }
}

/// The plan as the preview page shows it. The database is read first; the file is checked on a
/// blocking thread.
pub async fn preview(
    db: &impl ConnectionTrait,
    content: &Arc<ContentStore>,
    import: employee_import::Model,
    actor: Option<Uuid>,
) -> Result<ImportPreview, AppError> {
    let applied = import
        .summary
        .as_deref()
        .and_then(|s| serde_json::from_str::<ImportSummary>(s).ok());
    if applied.is_some() {
        let snapshot = Snapshot {
            departments: Vec::new(),
            accounts: Vec::new(),
            roles: Vec::new(),
        };
        return Ok(preview_of(&import, &Plan::default(), &snapshot, applied));
    }
    let snapshot = Snapshot::read(db).await?;
    let content = Arc::clone(content);
    tokio::task::spawn_blocking(move || {
        let plan = plan(&snapshot, &content.profiles, &import.content, actor);
        preview_of(&import, &plan, &snapshot, None)
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "import preview failed");
        AppError::Internal
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

/// Refuses a plan that must not be applied as it stands.
fn check_applicable(plan: &Plan, confirmation: Confirmation) -> Result<(), AppError> {
    if !plan.problems.is_empty() {
        return Err(AppError::Conflict("import-has-problems".into()));
    }
    // The checkbox on the preview page is `required`; a form sent without it (an old page, a
    // hand-made request) is refused on that field, 422, like any other unfilled required field.
    if plan.mass_deactivation() && !confirmation.mass_deactivation {
        return Err(AppError::invalid(
            "confirm_mass_deactivation",
            "import-mass-deactivation-unconfirmed",
        ));
    }
    Ok(())
}

/// Accounts per UPDATE or DELETE statement.
const BATCH: usize = 500;

/// Values per INSERT statement, below SQLite's limit of 32,766 (PostgreSQL's is 65,535). On
/// PostgreSQL few large statements beat many small ones by far: measured over loopback, 20,000
/// accounts took 2.3 s in INSERTs of 500 rows and 12 s in INSERTs of 120 rows, with the time
/// going to per-statement waits rather than work (the driver leaves Nagle's algorithm on, so a
/// delayed ACK is the likely cause).
const INSERT_VALUES: usize = 30_000;

/// Applies a stored import: once, only without problems, all or nothing, skipping the rows that
/// need an administrator.
///
/// The file is planned before the transaction, off the runtime. The transaction then claims the
/// import, reads the data again and plans again only if it changed meanwhile (so a plan checked
/// against older data is never applied), and writes in batches: on SQLite, whose single writer
/// connection every write shares, it is held for as short a time as possible (page views read
/// through the reader pool meanwhile).
pub async fn apply(
    db: &sea_orm::DatabaseConnection,
    content: &Arc<ContentStore>,
    now: DateTime<Utc>,
    actor: Option<Uuid>,
    import_id: Uuid,
    confirmation: Confirmation,
) -> Result<ImportSummary, AppError> {
    let import = employee_import::Entity::find_by_id(import_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if import.applied_at.is_some() {
        return Err(AppError::Conflict("import-already-applied".into()));
    }
    let snapshot = Snapshot::read(db).await?;
    let (mut plan, mut planned_on) =
        plan_off_runtime(snapshot, content, import.content.clone(), actor).await?;
    check_applicable(&plan, confirmation)?;

    let txn = db.begin().await?;
    // Claim the import first: a second "apply" (double click, another instance) finds it taken.
    let claimed = employee_import::Entity::update_many()
        .col_expr(employee_import::Column::AppliedAt, Expr::value(now))
        .col_expr(employee_import::Column::AppliedBy, Expr::value(actor))
        .filter(employee_import::Column::Id.eq(import_id))
        .filter(employee_import::Column::AppliedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict("import-already-applied".into()));
    }
    let current = Snapshot::read(&txn).await?;
    if current != planned_on {
        (plan, planned_on) = plan_off_runtime(current, content, import.content, actor).await?;
        // Dropping the transaction rolls the claim back: the import can be tried again.
        check_applicable(&plan, confirmation)?;
    }
    drop(planned_on);
    let summary = write(&txn, &plan, now, actor, import_id).await?;
    let summary_json = serde_json::to_value(&summary).unwrap_or_default();
    employee_import::Entity::update_many()
        .col_expr(
            employee_import::Column::Summary,
            Expr::value(summary_json.to_string()),
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

/// One audit entry per account the import touches: which fields changed, never their values
/// (the staff council sees what HR's file did to whom, not people's data).
fn audit_entry(
    now: DateTime<Utc>,
    actor: Option<Uuid>,
    action: &str,
    account: Uuid,
    details: serde_json::Value,
) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        occurred_at: Set(now),
        actor_id: Set(actor),
        action: Set(action.to_owned()),
        target_type: Set("user".to_owned()),
        target_id: Set(Some(account.to_string())),
        details: Set(details.to_string()),
        ..Default::default()
    }
}

async fn insert_batches<A>(txn: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), AppError>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let per_statement = (INSERT_VALUES / <A::Entity as EntityTrait>::Column::iter().count()).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Sets one column to a value per account, `BATCH` accounts per statement (`CASE id WHEN ...`).
async fn set_per_account<V>(
    txn: &impl ConnectionTrait,
    column: user::Column,
    values: Vec<(Uuid, V)>,
    now: DateTime<Utc>,
) -> Result<(), AppError>
where
    V: Into<sea_orm::Value>,
{
    let mut values = values.into_iter().peekable();
    while values.peek().is_some() {
        let chunk: Vec<(Uuid, V)> = values.by_ref().take(BATCH).collect();
        let ids: Vec<Uuid> = chunk.iter().map(|(id, _)| *id).collect();
        let mut case = CaseStatement::new();
        for (id, value) in chunk {
            case = case.case(user::Column::Id.eq(id), Expr::val(value));
        }
        user::Entity::update_many()
            .col_expr(column, case.finally(Expr::col(column)).into())
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.is_in(ids))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Runs `update` on the accounts `ids`, `BATCH` at a time.
async fn for_batches<F>(txn: &impl ConnectionTrait, ids: &[Uuid], update: F) -> Result<(), AppError>
where
    F: Fn(Vec<Uuid>) -> sea_orm::UpdateMany<user::Entity>,
{
    for chunk in ids.chunks(BATCH) {
        update(chunk.to_vec()).exec(txn).await?;
    }
    Ok(())
}

/// The writes of an applied plan, in batches.
async fn write(
    txn: &impl ConnectionTrait,
    plan: &Plan,
    now: DateTime<Utc>,
    actor: Option<Uuid>,
    import_id: Uuid,
) -> Result<ImportSummary, AppError> {
    let import = serde_json::json!(import_id);
    let mut audit = Vec::new();

    let mut accounts = Vec::with_capacity(plan.creates.len());
    let mut roles = Vec::with_capacity(plan.creates.len());
    for (row, department) in &plan.creates {
        let id = Uuid::new_v4();
        accounts.push(user::ActiveModel {
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
            last_login_at: Set(None),
            erased_at: Set(None),
        });
        roles.push(user_role::ActiveModel {
            user_id: Set(id),
            role: Set(Role::Employee.as_str().to_owned()),
        });
        audit.push(audit_entry(
            now,
            actor,
            "employee.created",
            id,
            serde_json::json!({ "import": import, "active": row.active }),
        ));
    }
    insert_batches(txn, accounts).await?;
    insert_batches(txn, roles).await?;

    let (mut numbers, mut names, mut emails, mut departments, mut families) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut deactivated, mut reactivated) = (Vec::new(), Vec::new());
    let mut updated = 0;
    for update in &plan.updates {
        let id = update.account.id;
        let row = &update.row;
        let fields = update.fields();
        for field in &fields {
            match *field {
                "personnel_number" => numbers.push((id, row.personnel_number.clone())),
                "name" => names.push((id, row.display_name.clone())),
                "email" => emails.push((id, row.email.clone())),
                "department" => departments.push((id, update.department)),
                "job_family" => families.push((id, row.job_family.clone())),
                _ => {}
            }
        }
        if !fields.is_empty() {
            updated += 1;
            audit.push(audit_entry(
                now,
                actor,
                "employee.updated",
                id,
                serde_json::json!({ "import": import, "fields": fields }),
            ));
        }
        if update.has("deactivated") {
            deactivated.push(id);
        } else if update.has("reactivated") {
            reactivated.push(id);
            audit.push(audit_entry(
                now,
                actor,
                "employee.reactivated",
                id,
                serde_json::json!({ "import": import }),
            ));
        }
    }
    deactivated.extend(plan.deactivations.iter().map(|a| a.id));
    for id in &deactivated {
        audit.push(audit_entry(
            now,
            actor,
            "employee.deactivated",
            *id,
            serde_json::json!({ "import": import }),
        ));
    }
    let email_changed: Vec<Uuid> = emails.iter().map(|(id, _)| *id).collect();
    set_per_account(txn, user::Column::PersonnelNumber, numbers, now).await?;
    set_per_account(txn, user::Column::DisplayName, names, now).await?;
    set_per_account(txn, user::Column::Email, emails, now).await?;
    set_per_account(txn, user::Column::DepartmentId, departments, now).await?;
    set_per_account(txn, user::Column::JobFamily, families, now).await?;
    for_batches(txn, &reactivated, |ids| {
        user::Entity::update_many()
            .col_expr(user::Column::Active, Expr::value(true))
            .col_expr(
                user::Column::DeactivatedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.is_in(ids))
    })
    .await?;
    for_batches(txn, &deactivated, |ids| {
        user::Entity::update_many()
            .col_expr(user::Column::Active, Expr::value(false))
            .col_expr(user::Column::DeactivatedAt, Expr::value(now))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.is_in(ids))
    })
    .await?;
    for chunk in deactivated.chunks(BATCH) {
        // Whoever leaves the organisation is logged out everywhere at once.
        session::Entity::delete_many()
            .filter(session::Column::UserId.is_in(chunk.to_vec()))
            .exec(txn)
            .await?;
    }
    for chunk in email_changed.chunks(BATCH) {
        // An invitation sent to the old address must not work for whoever reads that mailbox.
        one_time_token::Entity::update_many()
            .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
            .filter(one_time_token::Column::UserId.is_in(chunk.to_vec()))
            .filter(one_time_token::Column::UsedAt.is_null())
            .exec(txn)
            .await?;
    }
    insert_batches(txn, audit).await?;
    Ok(ImportSummary {
        created: total(plan.creates.len()),
        updated,
        deactivated: total(deactivated.len()),
        reactivated: total(reactivated.len()),
        unchanged: total(plan.unchanged),
        skipped: total(plan.held.len()),
    })
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
    fn line_numbers_are_counted_once_and_match_a_count_from_the_start() {
        let text = "A;B\r\n\r\n1;2\n\n\n3;4\r\n5;6";
        let from_start = |byte: usize| {
            let mut end = byte;
            while end < text.len() && matches!(text.as_bytes()[end], b'\n' | b'\r') {
                end += 1;
            }
            text.as_bytes()[..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1
        };
        let mut lines = LineCounter::new(text);
        for byte in [0, 3, 5, 7, 10, 12, 17, text.len()] {
            assert_eq!(lines.at(byte as u64), from_start(byte), "byte {byte}");
        }
        // Going back (not expected from the reader) still answers correctly.
        assert_eq!(lines.at(7), from_start(7));
    }

    #[test]
    fn mass_deactivation_means_more_than_a_tenth_or_more_than_twenty() {
        let account = |n: usize| user::Model {
            id: Uuid::new_v4(),
            email: Some(format!("p{n}@stadt.example")),
            display_name: format!("P {n}"),
            department_id: None,
            password_hash: None,
            active: true,
            is_demo: false,
            locale: "de".to_owned(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            deactivated_at: None,
            personnel_number: Some(n.to_string()),
            job_family: None,
            newsletter: true,
            newsletter_token: None,
            last_login_at: None,
            erased_at: None,
        };
        // (active accounts, deactivated, needs a confirmation)
        for (active, leaving, mass) in [
            (100, 10, false),
            (100, 11, true),
            (1000, 20, false),
            (1000, 21, true),
            (5, 0, false),
            (5, 1, true),
        ] {
            let plan = Plan {
                active_accounts: active,
                deactivations: (0..leaving).map(account).collect(),
                ..Default::default()
            };
            assert_eq!(plan.mass_deactivation(), mass, "{leaving} of {active}");
        }
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("\nA;B;C\n"), b';');
        assert_eq!(sniff_delimiter("A,B,C"), b',');
        assert_eq!(sniff_delimiter("A\tB\tC"), b'\t');
    }
}
