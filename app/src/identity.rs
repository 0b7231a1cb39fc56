//! Who is asking: the roles, the logged-in person and what every page knows about the visit.
//! Plain types shared by every feature, the guards in `ui` and the browser; logging in and
//! sessions are the `auth` feature's business.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Every learner.
    Employee,
    /// Digital scout (Multiplikator) who helps colleagues.
    Scout,
    /// Human resources: training needs, aggregated reports.
    Hr,
    /// Staff council (Personalrat): reads the audit log, nothing else.
    Auditor,
    /// Manages accounts and the organisation.
    Admin,
    /// Content editor (Redaktion): looks after the curriculum, reads the item statistics and
    /// the reported questions.
    Editor,
    /// The coordination office "Change & Digitalisierung": moves the staff's ideas through
    /// their status and reads the feedback on the offers.
    Coordinator,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Employee,
        Role::Scout,
        Role::Hr,
        Role::Auditor,
        Role::Admin,
        Role::Editor,
        Role::Coordinator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Employee => "employee",
            Role::Scout => "scout",
            Role::Hr => "hr",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Coordinator => "coordinator",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// Catalogue key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Employee => "role-employee",
            Role::Scout => "role-scout",
            Role::Hr => "role-hr",
            Role::Auditor => "role-auditor",
            Role::Admin => "role-admin",
            Role::Editor => "role-editor",
            Role::Coordinator => "role-coordinator",
        }
    }
}

/// The logged-in person, as the pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: Uuid,
    pub display_name: String,
    /// None for staff without a mail address.
    pub email: Option<String>,
    pub roles: Vec<Role>,
    pub department: Option<String>,
    pub locale: crate::i18n::Locale,
    /// Signed in on a shared device: the page shows a large "Abmelden", the session ends after
    /// a few idle minutes, and the browser keeps nothing.
    pub kiosk: bool,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    /// Refuses (403) unless the person holds one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), AppError> {
        if self.has_any(roles) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// What every page needs to know about the visit: who is logged in, and whose platform this is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<CurrentUser>,
    pub organisation_name: String,
}
