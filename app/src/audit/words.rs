//! The audit log in words. A row holds an action, ids and a few details as JSON; the staff
//! council reads a sentence: who (by name, or "das System", or "eine gelöschte Person"), did
//! what, to whom or what (a name, a unit, a report's title), with the details worded. Nothing of
//! the stored form (ids, keys, JSON) reaches the text: every value is either a name looked up in
//! `Names` or a word of the catalogue.
//!
//! What is deliberately never shown: the level of a revoked certificate (a learning result) and
//! the values of changed fields (only which fields changed).

use std::collections::{HashMap, HashSet};

use fluent_bundle::FluentValue;
use serde_json::Value;
use uuid::Uuid;

use super::{action_label_key, sentence_key};
use crate::db::audit_log;
use crate::i18n::{I18n, Locale};

/// The names the rows refer to, looked up once for a page or a download.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Accounts by id; `None` for an erased account (it keeps no name).
    pub people: HashMap<Uuid, Option<String>>,
    pub departments: HashMap<Uuid, String>,
    /// Certificate numbers and whom they were issued to.
    pub certificates: HashMap<String, Uuid>,
    /// Uploaded employee lists and their file names.
    pub imports: HashMap<Uuid, String>,
    /// Job families and their titles in the reader's language.
    pub families: HashMap<String, String>,
}

/// What `Names` must hold for some rows.
#[derive(Debug, Default)]
pub struct Wanted {
    pub people: HashSet<Uuid>,
    pub departments: HashSet<Uuid>,
    pub certificates: HashSet<String>,
    pub imports: HashSet<Uuid>,
}

fn uuid(value: Option<&Value>) -> Option<Uuid> {
    value.and_then(Value::as_str).and_then(|s| s.parse().ok())
}

fn details(row: &audit_log::Model) -> Value {
    serde_json::from_str(&row.details).unwrap_or(Value::Null)
}

/// Collects the ids that the rows name, in their columns and in their details.
pub fn wanted(rows: &[audit_log::Model]) -> Wanted {
    let mut wanted = Wanted::default();
    for row in rows {
        wanted.people.extend(row.actor_id);
        let target = row.target_id.as_deref();
        match row.target_type.as_str() {
            "user" => wanted
                .people
                .extend(target.and_then(|t| t.parse::<Uuid>().ok())),
            "department" => wanted
                .departments
                .extend(target.and_then(|t| t.parse::<Uuid>().ok())),
            "certificate" => wanted.certificates.extend(target.map(str::to_owned)),
            "import" => wanted
                .imports
                .extend(target.and_then(|t| t.parse::<Uuid>().ok())),
            _ => {}
        }
        let details = details(row);
        for key in ["department", "unit"] {
            wanted.departments.extend(uuid(details.get(key)));
        }
        for side in ["before", "after"] {
            wanted
                .departments
                .extend(uuid(details.get(side).and_then(|s| s.get("parent"))));
        }
        if let Some(list) = details.get("departments").and_then(Value::as_array) {
            wanted
                .departments
                .extend(list.iter().filter_map(|v| uuid(Some(v))));
        }
        wanted.people.extend(uuid(details.get("break_glass")));
        wanted.imports.extend(uuid(details.get("import")));
    }
    wanted
}

/// An entry in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub sentence: String,
}

struct Speaker<'a> {
    i18n: I18n,
    names: &'a Names,
}

impl Speaker<'_> {
    fn t(&self, key: &str) -> String {
        self.i18n.t(key)
    }

    fn t_args(&self, key: &str, args: Vec<(&str, FluentValue<'_>)>) -> String {
        self.i18n.t_args(key, args)
    }

    /// The catalogue's word for a stored key (a role, a kind of unit), or `fallback`'s: a key
    /// the catalogue does not know never shows as itself.
    fn word(&self, key: &str, fallback: &str) -> String {
        if self.i18n.has(key) {
            self.t(key)
        } else {
            self.t(fallback)
        }
    }

    fn person(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.names.people.get(&id))
            .and_then(|name| name.as_deref())
            .filter(|name| !name.trim().is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| self.t("audit-person-erased"))
    }

    fn actor(&self, id: Option<Uuid>) -> String {
        match id {
            None => self.t("audit-actor-system"),
            Some(id) => self
                .names
                .people
                .get(&id)
                .and_then(|name| name.as_deref())
                .filter(|name| !name.trim().is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| self.t("audit-actor-erased")),
        }
    }

    /// A unit by id, or the name the row kept, or "a deleted unit".
    fn department(&self, id: Option<Uuid>, kept: Option<&str>) -> String {
        id.and_then(|id| self.names.departments.get(&id).cloned())
            .or_else(|| kept.filter(|k| !k.is_empty()).map(str::to_owned))
            .unwrap_or_else(|| self.t("audit-department-gone"))
    }

    fn report(&self, kind: &str) -> String {
        self.word(&format!("report-{kind}-title"), "audit-report-unknown")
    }

    fn roles(&self, list: Option<&Value>) -> String {
        let words: Vec<String> = list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|role| self.word(&format!("role-{role}"), "audit-role-unknown"))
            .collect();
        words.join(", ")
    }

    fn fields(&self, list: Option<&Value>) -> String {
        let words: Vec<String> = list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|field| {
                self.word(
                    &format!("audit-field-{}", field.replace('_', "-")),
                    "audit-field-other",
                )
            })
            .collect();
        words.join(", ")
    }

    fn department_kind(&self, kind: Option<&Value>) -> Option<String> {
        kind.and_then(Value::as_str)
            .map(|k| self.word(&format!("department-kind-{k}"), "audit-field-other"))
    }

    fn quoted(&self, text: &str) -> String {
        self.t_args("audit-quoted", vec![("text", text.to_owned().into())])
    }

    fn count(value: Option<&Value>) -> FluentValue<'static> {
        FluentValue::from(value.and_then(Value::as_u64).unwrap_or(0))
    }
}

/// The target of a row, named.
fn target(speaker: &Speaker<'_>, row: &audit_log::Model, details: &Value) -> String {
    let id = row.target_id.as_deref();
    match row.target_type.as_str() {
        "user" => speaker.person(id.and_then(|t| t.parse().ok())),
        "department" => {
            let kept = details
                .get("name")
                .or_else(|| details.get("after").and_then(|a| a.get("name")))
                .and_then(Value::as_str);
            speaker.department(id.and_then(|t| t.parse().ok()), kept)
        }
        "certificate" => speaker.person(
            id.and_then(|number| speaker.names.certificates.get(number))
                .copied(),
        ),
        "import" => id
            .and_then(|t| t.parse::<Uuid>().ok())
            .and_then(|t| speaker.names.imports.get(&t).cloned())
            .or_else(|| {
                details
                    .get("file")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| speaker.t("audit-import-unknown")),
        "report" => speaker.report(id.unwrap_or_default()),
        // An idea by its title, as the row kept it: the idea's author is never named.
        "idea" => details
            .get("title")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| speaker.t("audit-idea-unknown")),
        "sign_in" => speaker.t("audit-target-sign-in"),
        "audit" => speaker.t("audit-target-audit"),
        _ => String::new(),
    }
}

/// The worded details of a row, each a short phrase.
fn detail_phrases(speaker: &Speaker<'_>, row: &audit_log::Model, details: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let get = |key: &str| details.get(key);
    match row.action.as_str() {
        "user.created" => {
            let roles = speaker.roles(get("roles"));
            if !roles.is_empty() {
                out.push(speaker.t_args("audit-detail-roles", vec![("roles", roles.into())]));
            }
            if let Some(unit) = uuid(get("department")) {
                out.push(speaker.t_args(
                    "audit-detail-department",
                    vec![("unit", speaker.department(Some(unit), None).into())],
                ));
            }
            if get("via").is_some() {
                out.push(speaker.t("audit-detail-command-line"));
            }
        }
        "user.updated" | "employee.updated" => {
            let fields = speaker.fields(get("fields"));
            if !fields.is_empty() {
                out.push(speaker.t_args("audit-detail-fields", vec![("fields", fields.into())]));
            }
        }
        "user.roles_changed" => {
            for (key, phrase) in [
                ("added", "audit-detail-roles-added"),
                ("removed", "audit-detail-roles-removed"),
            ] {
                let roles = speaker.roles(get(key));
                if !roles.is_empty() {
                    out.push(speaker.t_args(phrase, vec![("roles", roles.into())]));
                }
            }
        }
        "department.created" => {
            if let Some(kind) = speaker.department_kind(get("kind")) {
                out.push(speaker.t_args("audit-detail-kind", vec![("kind", kind.into())]));
            }
            if let Some(code) = get("code")
                .and_then(Value::as_str)
                .filter(|c| !c.is_empty())
            {
                out.push(speaker.t_args(
                    "audit-detail-code",
                    vec![("code", speaker.quoted(code).into())],
                ));
            }
        }
        "department.updated" => {
            let (before, after) = (get("before"), get("after"));
            let side = |v: Option<&Value>, key: &str| v.and_then(|v| v.get(key)).cloned();
            let text = |v: Option<Value>| {
                v.as_ref()
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .map(|s| speaker.quoted(s))
                    .unwrap_or_else(|| speaker.t("audit-value-none"))
            };
            for key in ["name", "kind", "parent", "code"] {
                let (old, new) = (side(before, key), side(after, key));
                if old == new {
                    continue;
                }
                let (old, new) = match key {
                    "kind" => (
                        speaker
                            .department_kind(old.as_ref())
                            .unwrap_or_else(|| speaker.t("audit-value-none")),
                        speaker
                            .department_kind(new.as_ref())
                            .unwrap_or_else(|| speaker.t("audit-value-none")),
                    ),
                    "parent" => {
                        let unit = |v: Option<Value>| match uuid(v.as_ref()) {
                            Some(id) => speaker.quoted(&speaker.department(Some(id), None)),
                            None => speaker.t("audit-value-top"),
                        };
                        (unit(old), unit(new))
                    }
                    _ => (text(old), text(new)),
                };
                out.push(speaker.t_args(
                    "audit-detail-changed",
                    vec![
                        (
                            "field",
                            speaker.t(&format!("audit-unit-field-{key}")).into(),
                        ),
                        ("before", old.into()),
                        ("after", new.into()),
                    ],
                ));
            }
        }
        "certificate.revoked" => {
            // The number printed on the certificate, which its holder and a verifier know; the
            // level stays out (a learning result).
            if let Some(number) = row.target_id.as_deref() {
                out.push(speaker.t_args(
                    "audit-detail-certificate-number",
                    vec![("number", number.to_owned().into())],
                ));
            }
        }
        "employees.imported" => {
            let summary = get("summary");
            let n = |key: &str| Speaker::count(summary.and_then(|s| s.get(key)));
            out.push(speaker.t_args(
                "audit-detail-import-summary",
                vec![
                    ("created", n("created")),
                    ("updated", n("updated")),
                    ("deactivated", n("deactivated")),
                    ("reactivated", n("reactivated")),
                    ("unchanged", n("unchanged")),
                    ("skipped", n("skipped")),
                ],
            ));
        }
        "employee.created" | "employee.deactivated" | "employee.reactivated" => {
            if let Some(file) = uuid(get("import")).and_then(|i| speaker.names.imports.get(&i)) {
                out.push(speaker.t_args(
                    "audit-detail-import-file",
                    vec![("file", speaker.quoted(file).into())],
                ));
            }
            if get("active").and_then(Value::as_bool) == Some(false) {
                out.push(speaker.t("audit-detail-created-inactive"));
            }
        }
        "report.viewed" | "report.exported" => {
            if row.target_id.as_deref() != Some("public") {
                let unit = match uuid(get("unit")) {
                    Some(id) => speaker.department(Some(id), None),
                    None => speaker.t("audit-detail-whole-organisation"),
                };
                if get("quarter").is_none() {
                    out.push(speaker.t_args("audit-detail-scope", vec![("unit", unit.into())]));
                }
            }
            if let Some(family) = get("family").and_then(Value::as_str) {
                let name = if family == "-" {
                    speaker.t("report-no-family")
                } else {
                    speaker
                        .names
                        .families
                        .get(family)
                        .cloned()
                        .unwrap_or_else(|| speaker.t("audit-family-gone"))
                };
                out.push(speaker.t_args("audit-detail-family", vec![("family", name.into())]));
            }
            if let Some((year, quarter)) = get("quarter")
                .and_then(Value::as_str)
                .and_then(|q| q.split_once("-Q"))
                .and_then(|(y, q)| Some((y.parse::<i64>().ok()?, q.parse::<i64>().ok()?)))
            {
                out.push(speaker.t_args(
                    "audit-detail-quarter",
                    vec![("year", year.into()), ("quarter", quarter.into())],
                ));
            }
        }
        "scout.appointed" => {
            let units: Vec<String> = get("departments")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|v| speaker.department(uuid(Some(v)), None))
                .collect();
            if !units.is_empty() {
                out.push(speaker.t_args(
                    "audit-detail-scout-units",
                    vec![("units", units.join(", ").into())],
                ));
            }
        }
        "sign_in.settings_changed" => {
            let everyone = get("local_passwords").and_then(Value::as_bool) == Some(true);
            out.push(speaker.t(if everyone {
                "audit-detail-passwords-everyone"
            } else {
                "audit-detail-passwords-break-glass"
            }));
            if let Some(person) = uuid(get("break_glass")) {
                out.push(speaker.t_args(
                    "audit-detail-break-glass",
                    vec![("person", speaker.person(Some(person)).into())],
                ));
            }
        }
        "idea.status_changed" => {
            if let Some(status) = get("status").and_then(Value::as_str) {
                out.push(speaker.t_args(
                    "audit-detail-idea-status",
                    vec![(
                        "status",
                        speaker
                            .word(&format!("ideas-status-{status}"), "audit-field-other")
                            .into(),
                    )],
                ));
            }
        }
        "person.erased" => {
            out.push(speaker.t_args(
                "audit-detail-rows",
                vec![("rows", Speaker::count(get("rows")))],
            ));
        }
        "data_request.answered" => {
            if let Some(kind) = get("kind").and_then(Value::as_str) {
                out.push(speaker.t_args(
                    "audit-detail-request-kind",
                    vec![(
                        "kind",
                        speaker
                            .word(&format!("personal-data-kind-{kind}"), "audit-field-other")
                            .into(),
                    )],
                ));
            }
            if let Some(decision) = get("decision").and_then(Value::as_str) {
                out.push(speaker.word(
                    &format!("audit-detail-decision-{decision}"),
                    "audit-field-other",
                ));
            }
        }
        "audit.exported" => {
            if let Some(person) = get("person").and_then(Value::as_str) {
                out.push(speaker.t_args(
                    "audit-detail-filter-person",
                    vec![("person", speaker.quoted(person).into())],
                ));
            }
            if let Some(action) = get("action").and_then(Value::as_str) {
                out.push(speaker.t_args(
                    "audit-detail-filter-action",
                    vec![(
                        "action",
                        speaker
                            .word(&action_label_key(action), "audit-field-other")
                            .into(),
                    )],
                ));
            }
            let day = |key: &str| {
                get(key)
                    .and_then(Value::as_str)
                    .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
                    .map(|d| crate::i18n::format::date(speaker.i18n.locale, d))
            };
            if let Some(from) = day("from") {
                out.push(speaker.t_args("audit-detail-filter-from", vec![("date", from.into())]));
            }
            if let Some(to) = day("to") {
                out.push(speaker.t_args("audit-detail-filter-to", vec![("date", to.into())]));
            }
            out.push(speaker.t_args(
                "audit-detail-entries",
                vec![("count", Speaker::count(get("entries")))],
            ));
        }
        _ => {}
    }
    out
}

/// The extra arguments some sentences take (a format, a switch's new state).
fn sentence_args(
    row: &audit_log::Model,
    details: &Value,
    speaker: &Speaker<'_>,
) -> Vec<(&'static str, FluentValue<'static>)> {
    match row.action.as_str() {
        "report.exported" => {
            let format = details
                .get("format")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            vec![(
                "format",
                speaker
                    .word(&format!("audit-format-{format}"), "audit-format-other")
                    .into(),
            )]
        }
        "report.setting_changed" => {
            let on = details.get("enabled").and_then(Value::as_bool) == Some(true);
            vec![("enabled", if on { "yes" } else { "no" }.into())]
        }
        _ => Vec::new(),
    }
}

/// A row in words, in the reader's language.
pub fn describe(locale: Locale, row: &audit_log::Model, names: &Names) -> Described {
    let speaker = Speaker {
        i18n: I18n { locale },
        names,
    };
    let details = details(row);
    let actor = speaker.actor(row.actor_id);
    let target = target(&speaker, row, &details);
    let mut args: Vec<(&str, FluentValue<'_>)> = vec![
        ("actor", actor.clone().into()),
        ("target", speaker.quoted_if_thing(row, &target).into()),
    ];
    args.extend(sentence_args(row, &details, &speaker));
    let main = speaker.word_args(&sentence_key(&row.action), args);
    let phrases = detail_phrases(&speaker, row, &details);
    let sentence = if phrases.is_empty() {
        speaker.t_args("audit-sentence-end", vec![("main", main.into())])
    } else {
        speaker.t_args(
            "audit-sentence-with-details",
            vec![
                ("main", main.into()),
                ("details", phrases.join("; ").into()),
            ],
        )
    };
    Described {
        actor,
        action: speaker.word(&action_label_key(&row.action), "audit-action-unknown"),
        target,
        sentence,
    }
}

impl Speaker<'_> {
    /// People stand in a sentence as they are; a unit, report or file in quotation marks.
    fn quoted_if_thing(&self, row: &audit_log::Model, target: &str) -> String {
        match row.target_type.as_str() {
            "department" | "report" | "import" | "idea" => self.quoted(target),
            _ => target.to_owned(),
        }
    }

    /// A sentence by key, or the unknown action's when the catalogue lacks it.
    fn word_args(&self, key: &str, args: Vec<(&str, FluentValue<'_>)>) -> String {
        if self.i18n.has(key) {
            self.t_args(key, args)
        } else {
            self.t_args("audit-sentence-unknown", args)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    const PETRA: Uuid = Uuid::from_u128(1);
    const JONAS: Uuid = Uuid::from_u128(2);
    const ERASED: Uuid = Uuid::from_u128(3);
    const DEZERNAT: Uuid = Uuid::from_u128(10);
    const FB20: Uuid = Uuid::from_u128(11);
    const IMPORT: Uuid = Uuid::from_u128(20);

    fn names() -> Names {
        Names {
            people: HashMap::from([
                (PETRA, Some("Petra Schneider".to_owned())),
                (JONAS, Some("Jonas Weber".to_owned())),
                (ERASED, None),
            ]),
            departments: HashMap::from([
                (DEZERNAT, "Dezernat I".to_owned()),
                (FB20, "Fachbereich 20".to_owned()),
            ]),
            certificates: HashMap::from([("DF-2026-000042".to_owned(), JONAS)]),
            imports: HashMap::from([(IMPORT, "personal-dezember.csv".to_owned())]),
            families: HashMap::from([("sachbearbeitung".to_owned(), "Sachbearbeitung".to_owned())]),
        }
    }

    fn row(
        action: &str,
        target_type: &str,
        target: Option<String>,
        details: Value,
    ) -> audit_log::Model {
        audit_log::Model {
            id: 1,
            occurred_at: chrono::Utc
                .with_ymd_and_hms(2026, 12, 5, 19, 45, 0)
                .single()
                .unwrap_or_default(),
            actor_id: Some(PETRA),
            action: action.to_owned(),
            target_type: target_type.to_owned(),
            target_id: target,
            details: details.to_string(),
        }
    }

    /// Each action with the details its callers write (see the `record` calls).
    fn typical() -> Vec<audit_log::Model> {
        let user =
            |action: &str, details: Value| row(action, "user", Some(JONAS.to_string()), details);
        let import = json!(IMPORT);
        vec![
            user(
                "user.created",
                json!({ "roles": ["employee", "hr"], "department": DEZERNAT }),
            ),
            user(
                "user.updated",
                json!({ "fields": ["display_name", "email", "department", "locale"] }),
            ),
            user(
                "user.roles_changed",
                json!({ "added": ["auditor"], "removed": ["hr"] }),
            ),
            user("user.deactivated", json!({})),
            user("user.reactivated", json!({})),
            user("user.invitation_sent", json!({})),
            user("user.password_reset_sent", json!({})),
            row(
                "department.created",
                "department",
                Some(FB20.to_string()),
                json!({ "name": "Fachbereich 20", "kind": "fachbereich", "code": "FB20" }),
            ),
            row(
                "department.updated",
                "department",
                Some(FB20.to_string()),
                json!({
                    "before": { "name": "FB 20", "kind": "abteilung", "parent": null, "code": null },
                    "after": { "name": "Fachbereich 20", "kind": "fachbereich", "parent": DEZERNAT, "code": "FB20" },
                }),
            ),
            row(
                "department.deleted",
                "department",
                Some(Uuid::from_u128(99).to_string()),
                json!({ "name": "Team Post" }),
            ),
            row(
                "certificate.revoked",
                "certificate",
                Some("DF-2026-000042".to_owned()),
                json!({ "level": "fortgeschritten" }),
            ),
            row(
                "employees.imported",
                "import",
                Some(IMPORT.to_string()),
                json!({
                    "file": "personal-dezember.csv",
                    "summary": { "created": 3, "updated": 2, "deactivated": 140, "reactivated": 0, "unchanged": 5, "skipped": 1 },
                }),
            ),
            user(
                "employee.created",
                json!({ "import": import, "active": false }),
            ),
            user(
                "employee.updated",
                json!({ "import": import, "fields": ["personnel_number", "name", "email", "department", "job_family"] }),
            ),
            user("employee.deactivated", json!({ "import": import })),
            user("employee.reactivated", json!({ "import": import })),
            row(
                "report.viewed",
                "report",
                Some("heatmap".to_owned()),
                json!({ "unit": DEZERNAT, "family": "sachbearbeitung", "format": null }),
            ),
            row(
                "report.exported",
                "report",
                Some("heatmap".to_owned()),
                json!({ "unit": DEZERNAT, "family": null, "format": "xlsx" }),
            ),
            row(
                "report.setting_changed",
                "report",
                Some("public".to_owned()),
                json!({ "enabled": true }),
            ),
            user(
                "scout.appointed",
                json!({ "departments": [DEZERNAT, FB20] }),
            ),
            user("scout.dismissed", json!({})),
            user("progress.shared", json!({})),
            user("progress.share_revoked", json!({})),
            user("user.letter_printed", json!({})),
            row(
                "sign_in.settings_changed",
                "sign_in",
                None,
                json!({ "local_passwords": false, "break_glass": PETRA }),
            ),
            row(
                "person.erased",
                "user",
                Some(ERASED.to_string()),
                json!({ "rows": 17 }),
            ),
            user(
                "data_request.answered",
                json!({ "kind": "erasure", "decision": "erase" }),
            ),
            row(
                "audit.exported",
                "audit",
                None,
                json!({
                    "person": "Weber", "action": "user.deactivated", "from": "2026-12-01", "to": "2026-12-31", "entries": 4,
                }),
            ),
            row(
                "site_page.statement_changed",
                "site_page",
                Some("barrierefreiheit".to_owned()),
                json!({ "fields": ["conformity", "answer_days"] }),
            ),
            row(
                "site_page.imprint_changed",
                "site_page",
                Some("impressum".to_owned()),
                json!({ "fields": ["text"] }),
            ),
            row(
                "site_page.privacy_changed",
                "site_page",
                Some("datenschutz".to_owned()),
                json!({ "fields": ["text"] }),
            ),
            row(
                "barrier_report.answered",
                "barrier_report",
                Some(Uuid::from_u128(7).to_string()),
                json!({ "overdue": false }),
            ),
            row(
                "content.draft_started",
                "content_version",
                Some("datenschutz/2".to_owned()),
                json!({ "module": "datenschutz", "version": "2.0.1" }),
            ),
            row(
                "content.submitted",
                "content_version",
                Some("datenschutz/2".to_owned()),
                json!({ "module": "datenschutz", "version": "2.0.1" }),
            ),
            row(
                "content.published",
                "content_version",
                Some("datenschutz/2".to_owned()),
                json!({ "module": "datenschutz", "version": "2.0.1" }),
            ),
            row(
                "content.returned",
                "content_version",
                Some("datenschutz/2".to_owned()),
                json!({ "module": "datenschutz", "version": "2.0.1" }),
            ),
            row(
                "content.discarded",
                "content_version",
                Some("datenschutz/2".to_owned()),
                json!({ "module": "datenschutz", "version": "2.0.1" }),
            ),
            row(
                "idea.status_changed",
                "idea",
                Some(Uuid::from_u128(11).to_string()),
                json!({ "title": "Online-Terminvergabe im Bürgerbüro", "status": "accepted" }),
            ),
            row(
                "idea.comment_hidden",
                "idea",
                Some(Uuid::from_u128(11).to_string()),
                json!({ "title": "Online-Terminvergabe im Bürgerbüro" }),
            ),
            row(
                "knowledge.draft_started",
                "knowledge_article",
                Some(Uuid::from_u128(30).to_string()),
                json!({ "slug": "barrierefreie-pdf", "revision": 2 }),
            ),
            row(
                "knowledge.submitted",
                "knowledge_article",
                Some(Uuid::from_u128(30).to_string()),
                json!({ "slug": "barrierefreie-pdf", "revision": 2 }),
            ),
            row(
                "knowledge.published",
                "knowledge_article",
                Some(Uuid::from_u128(30).to_string()),
                json!({ "slug": "barrierefreie-pdf", "revision": 2 }),
            ),
            row(
                "knowledge.returned",
                "knowledge_article",
                Some(Uuid::from_u128(30).to_string()),
                json!({ "slug": "barrierefreie-pdf", "revision": 2 }),
            ),
            row(
                "knowledge.checked",
                "knowledge_article",
                Some(Uuid::from_u128(30).to_string()),
                json!({ "slug": "barrierefreie-pdf", "revision": 2 }),
            ),
            row(
                "knowledge.setting_changed",
                "knowledge",
                None,
                json!({ "before": 12, "after": 6 }),
            ),
        ]
    }

    fn looks_like_uuid(text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        chars.windows(36).any(|w| {
            w.iter().enumerate().all(|(i, c)| {
                if [8, 13, 18, 23].contains(&i) {
                    *c == '-'
                } else {
                    c.is_ascii_hexdigit()
                }
            })
        })
    }

    #[test]
    fn every_action_reads_as_a_sentence_without_stored_forms() {
        let rows = typical();
        let covered: HashSet<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        for action in super::super::ACTIONS {
            assert!(covered.contains(action), "no typical row for {action}");
        }
        let names = names();
        for locale in Locale::ALL {
            for row in &rows {
                let d = describe(locale, row, &names);
                let raw_keys = [
                    "audit-",
                    "report-",
                    "role-",
                    "department-kind",
                    "personal-data-",
                ];
                for text in [&d.actor, &d.action, &d.target, &d.sentence] {
                    assert!(!text.contains('{') && !text.contains('}'), "{text}");
                    assert!(!text.contains('"'), "{text}");
                    assert!(!looks_like_uuid(text), "{text}");
                    assert!(!text.contains('_'), "{text}");
                    for key in raw_keys {
                        assert!(!text.contains(key), "{key} in {text}");
                    }
                    for stored in [
                        row.action.as_str(),
                        "fortgeschritten",
                        "heatmap",
                        "sachbearbeitung",
                        "null",
                    ] {
                        assert!(!text.contains(stored), "{stored} in {text}");
                    }
                }
                assert!(d.sentence.len() > 20, "{}", d.sentence);
            }
        }
    }

    #[test]
    fn sentences_name_people_units_and_reports() {
        let names = names();
        let text = |i: usize, locale| describe(locale, &typical()[i], &names).sentence;
        let all = typical();
        let at = |action: &str| {
            all.iter()
                .position(|r| r.action == action)
                .unwrap_or_default()
        };
        assert_eq!(
            text(at("report.exported"), Locale::De),
            "Petra Schneider hat den Bericht „Kompetenz-Übersicht nach Organisationseinheit“ als Excel-Datei exportiert (Bereich: Dezernat I)."
        );
        assert_eq!(
            text(at("user.deactivated"), Locale::En),
            "Petra Schneider deactivated the account of Jonas Weber."
        );
        assert!(text(at("certificate.revoked"), Locale::De).contains("Jonas Weber"));
        assert!(text(at("person.erased"), Locale::De).contains("17"));
        assert!(text(at("employees.imported"), Locale::De).contains("140 deaktiviert"));
        let mut by_system = all[at("person.erased")].clone();
        by_system.actor_id = None;
        assert!(
            describe(Locale::De, &by_system, &names)
                .sentence
                .starts_with("Das System hat")
        );
        let mut by_erased = all[at("user.deactivated")].clone();
        by_erased.actor_id = Some(ERASED);
        assert!(
            describe(Locale::De, &by_erased, &names)
                .sentence
                .starts_with("Eine gelöschte Person hat")
        );
    }
}
