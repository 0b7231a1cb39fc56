//! The audit log: who changed accounts, roles and the organisation, and when. The staff council
//! (role auditor) reads it as sentences, filters it by person, action and period, and downloads
//! what it filtered; nobody can change it through the application. Learning results never reach
//! it: the entries name what was done to whom, not how anyone did in a test.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod words;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The actions that are logged. Stored as their string form.
pub const ACTIONS: &[&str] = &[
    "user.created",
    "user.updated",
    "user.roles_changed",
    "user.deactivated",
    "user.reactivated",
    "user.invitation_sent",
    "user.password_reset_sent",
    "department.created",
    "department.updated",
    "department.deleted",
    "certificate.revoked",
    "employees.imported",
    "employee.created",
    "employee.updated",
    "employee.deactivated",
    "employee.reactivated",
    "report.viewed",
    "report.exported",
    "report.setting_changed",
    "scout.appointed",
    "scout.dismissed",
    "progress.shared",
    "progress.share_revoked",
    "user.letter_printed",
    "sign_in.settings_changed",
    "person.erased",
    "data_request.answered",
    "audit.exported",
    "site_page.statement_changed",
    "site_page.imprint_changed",
    "site_page.privacy_changed",
    "barrier_report.answered",
    "content.draft_started",
    "content.submitted",
    "content.published",
    "content.returned",
    "content.discarded",
    "idea.status_changed",
    "idea.comment_hidden",
    "knowledge.draft_started",
    "knowledge.submitted",
    "knowledge.published",
    "knowledge.returned",
    "knowledge.checked",
    "knowledge.setting_changed",
];

/// Catalogue key of an action's name.
pub fn action_label_key(action: &str) -> String {
    format!("audit-action-{}", action.replace(['.', '_'], "-"))
}

/// Catalogue key of the sentence that tells an action.
pub fn sentence_key(action: &str) -> String {
    format!("audit-sentence-{}", action.replace(['.', '_'], "-"))
}

pub const PAGE_SIZE: u64 = 50;

/// What the log may be narrowed to: a person (a part of the name, as actor or as the one
/// concerned), one action, and a period of calendar days in Berlin (`YYYY-MM-DD`, both ends
/// included). The page's query string and the download's carry the same names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub person: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl AuditFilter {
    /// The filter as query parameters (without `?`), empty values left out.
    pub fn query(&self) -> String {
        [
            ("person", &self.person),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| format!("{name}={}", crate::ui::percent_encode(v)))
        })
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// One entry as the staff council reads it: every part already in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    /// Who acted: a name, "Das System" or "Eine gelöschte Person".
    pub actor: String,
    pub action: String,
    /// Whom or what it concerned, named (a person, a unit, a report); empty when nothing.
    pub target: String,
    /// The whole entry as one sentence, details included.
    pub sentence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

#[server(endpoint = "audit/list")]
pub async fn list_audit(
    page: Option<u64>,
    person: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<AuditPage, AppError> {
    let filter = AuditFilter {
        person,
        action,
        from,
        to,
    };
    crate::auth::server::as_user(async |ctx, me| {
        server::list(ctx, me, page.unwrap_or(1), &filter).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined(source: &str, key: &str) -> bool {
        source.lines().any(|l| l.starts_with(&format!("{key} =")))
    }

    #[test]
    fn every_action_has_a_label_and_a_sentence_in_both_catalogues() {
        let mut missing = Vec::new();
        for action in ACTIONS {
            for key in [action_label_key(action), sentence_key(action)] {
                for (name, source) in [
                    ("de", include_str!("../../locales/de.ftl")),
                    ("en", include_str!("../../locales/en.ftl")),
                ] {
                    if !defined(source, &key) {
                        missing.push(format!("{name}: {key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "missing: {missing:?}");
    }

    #[test]
    fn the_filter_writes_only_what_is_set_and_encodes_it() {
        let filter = AuditFilter {
            person: Some("Petra Schneider".into()),
            action: Some(String::new()),
            from: Some("2026-12-01".into()),
            to: None,
        };
        assert_eq!(filter.query(), "person=Petra%20Schneider&from=2026-12-01");
        assert_eq!(AuditFilter::default().query(), "");
    }
}
