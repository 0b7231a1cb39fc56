//! The organisation: departments in a hierarchy (Dezernat → Fachbereich → Abteilung/Team).
//! HR, scouts and admins see the tree; only admins change it.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DepartmentKind {
    Dezernat,
    Fachbereich,
    Abteilung,
    Team,
    Stabsstelle,
}

impl DepartmentKind {
    pub const ALL: [DepartmentKind; 5] = [
        DepartmentKind::Dezernat,
        DepartmentKind::Fachbereich,
        DepartmentKind::Abteilung,
        DepartmentKind::Team,
        DepartmentKind::Stabsstelle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DepartmentKind::Dezernat => "dezernat",
            DepartmentKind::Fachbereich => "fachbereich",
            DepartmentKind::Abteilung => "abteilung",
            DepartmentKind::Team => "team",
            DepartmentKind::Stabsstelle => "stabsstelle",
        }
    }

    pub fn parse(value: &str) -> Option<DepartmentKind> {
        DepartmentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            DepartmentKind::Dezernat => "department-kind-dezernat",
            DepartmentKind::Fachbereich => "department-kind-fachbereich",
            DepartmentKind::Abteilung => "department-kind-abteilung",
            DepartmentKind::Team => "department-kind-team",
            DepartmentKind::Stabsstelle => "department-kind-stabsstelle",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentRow {
    pub id: Uuid,
    pub name: String,
    pub kind: DepartmentKind,
    pub parent_id: Option<Uuid>,
    /// 0 for a top-level unit; the list comes in tree order.
    pub depth: u32,
    /// Active accounts assigned directly to this unit.
    pub headcount: u64,
}

#[server(endpoint = "organisation/list")]
pub async fn list_departments() -> Result<Vec<DepartmentRow>, AppError> {
    crate::auth::server::finish(server::list().await)
}

#[server(endpoint = "organisation/create")]
pub async fn create_department(
    name: String,
    kind: String,
    parent_id: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::finish(server::create(name, kind, parent_id).await)
}

#[server(endpoint = "organisation/update")]
pub async fn update_department(
    id: String,
    name: String,
    kind: String,
    parent_id: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::finish(server::update(id, name, kind, parent_id).await)
}

#[server(endpoint = "organisation/delete")]
pub async fn delete_department(id: String) -> Result<(), AppError> {
    crate::auth::server::finish(server::delete(id).await)
}
