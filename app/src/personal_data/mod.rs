//! "Meine Daten": every person sees what is stored about them and who did what with it,
//! downloads all of it (JSON for machines, an HTML document for people), corrects their name,
//! and asks for a correction or for erasure (DSGVO Art. 15, 16, 17, 20). Administrators answer
//! the requests on `/admin/data-requests`; an erasure request can be carried out there. The
//! retention rules (`server::retention`) delete what is old, once a day.
//!
//! What counts as "about a person" is one list, `server::registry`, checked against the live
//! database schema by a test.

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestKind {
    Correction,
    Erasure,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Correction => "correction",
            RequestKind::Erasure => "erasure",
        }
    }

    pub fn parse(value: &str) -> Option<RequestKind> {
        match value {
            "correction" => Some(RequestKind::Correction),
            "erasure" => Some(RequestKind::Erasure),
            _ => None,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RequestKind::Correction => "personal-data-kind-correction",
            RequestKind::Erasure => "personal-data-kind-erasure",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestDecision {
    Done,
    Refused,
    /// Only for an erasure request: erase the person's data now.
    Erase,
}

impl RequestDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestDecision::Done => "done",
            RequestDecision::Refused => "refused",
            RequestDecision::Erase => "erase",
        }
    }

    pub fn parse(value: &str) -> Option<RequestDecision> {
        match value {
            "done" => Some(RequestDecision::Done),
            "refused" => Some(RequestDecision::Refused),
            "erase" => Some(RequestDecision::Erase),
            _ => None,
        }
    }
}

/// Something someone else did with the person's data (from the audit log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub at: DateTime<Utc>,
    /// `None`: the system (a command, an import, the retention).
    pub who: Option<String>,
    pub what_key: String,
}

/// A scout the person let see their progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub scout: String,
    pub since: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRequestView {
    pub id: Uuid,
    pub kind: RequestKind,
    pub message: String,
    /// `open`, `done` or `refused`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub answer: Option<String>,
    /// Who asked (for the administrators' list).
    pub person: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyData {
    pub name: String,
    pub email: Option<String>,
    pub personnel_number: Option<String>,
    pub department: Option<String>,
    /// Catalogue keys of the roles.
    pub roles: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The name comes from the HR import or the directory: a correction is asked for.
    pub name_managed: bool,
    /// (catalogue key of the kind of data, number of entries).
    pub stored: Vec<(String, u64)>,
    pub accesses: Vec<Access>,
    pub shares: Vec<Share>,
    pub requests: Vec<DataRequestView>,
    /// (kind, days) of the retention rules.
    pub retention: Vec<(String, u32)>,
    /// A shared device: no downloads (the file would stay for the next person).
    pub kiosk: bool,
}

#[server(endpoint = "my-data/get")]
pub async fn get_my_data() -> Result<MyData, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::my_data(ctx, me).await).await
}

#[server(endpoint = "my-data/name")]
pub async fn correct_name(display_name: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::correct_name(ctx, me, &display_name).await
    })
    .await?;
    crate::context::redirect("/my-data?corrected=1#correction");
    Ok(())
}

#[server(endpoint = "my-data/correction")]
pub async fn request_correction(message: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::request_change(ctx, me, RequestKind::Correction, &message, false).await
    })
    .await?;
    crate::context::redirect("/my-data?requested=1#requests");
    Ok(())
}

#[server(endpoint = "my-data/erasure")]
pub async fn request_erasure(
    note: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::request_change(
            ctx,
            me,
            RequestKind::Erasure,
            note.as_deref().unwrap_or_default(),
            confirm.is_some(),
        )
        .await
    })
    .await?;
    crate::context::redirect("/my-data?requested=1#requests");
    Ok(())
}

#[server(endpoint = "admin/data-requests/list")]
pub async fn data_requests() -> Result<Vec<DataRequestView>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::data_requests(ctx, me).await).await
}

#[server(endpoint = "admin/data-requests/answer")]
pub async fn answer_data_request(
    id: String,
    decision: String,
    answer: Option<String>,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        let id = AppError::parse_id(&id)?;
        let decision = RequestDecision::parse(&decision)
            .ok_or(AppError::invalid("decision", "field-invalid-choice"))?;
        server::answer_request(
            ctx,
            me,
            id,
            decision,
            answer.as_deref().unwrap_or_default(),
            confirm.is_some(),
        )
        .await
    })
    .await?;
    crate::context::redirect("/admin/data-requests?answered=1");
    Ok(())
}
