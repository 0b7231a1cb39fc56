//! The audit log: who changed accounts, roles and the organisation, and when. The staff council
//! (role auditor) reads it; nobody can change it through the application.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

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
];

/// Catalogue key of an action's name.
pub fn action_label_key(action: &str) -> String {
    format!("audit-action-{}", action.replace(['.', '_'], "-"))
}

pub const PAGE_SIZE: u64 = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    /// The display name of whoever acted; `None` for the system or a command-line action.
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub details: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}

#[server(endpoint = "audit/list")]
pub async fn list_audit(page: Option<u64>, action: Option<String>) -> Result<AuditPage, AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::list(ctx, me, page.unwrap_or(1), action).await
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_action_has_a_label_in_both_catalogues() {
        for action in super::ACTIONS {
            let key = super::action_label_key(action);
            for source in [
                include_str!("../../locales/de.ftl"),
                include_str!("../../locales/en.ftl"),
            ] {
                assert!(
                    source.lines().any(|l| l.starts_with(&format!("{key} ="))),
                    "missing {key}"
                );
            }
        }
    }
}
