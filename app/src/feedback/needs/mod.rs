//! "Bildungsbedarf melden": an employee names a training need (a short topic, a competence of
//! the curriculum's targets, the urgency), for themselves or, as a team's lead, for the team
//! with the number of people concerned. The person sees and withdraws their own requests; HR
//! sees them only counted per competence, beside the measured gaps (the report `needs` of the reports feature).
//! The topic stays with the person: HR never reads it (see the README for why).

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// At most this many characters of topic.
pub const MAX_TOPIC: usize = 120;
/// A team's lead may report for at most this many people; more are refused as a typing error.
pub const MAX_TEAM: u32 = 500;
/// One person's requests count for at most this many people per competence in the report:
/// the size of a typical team (Sachgebiet) in a municipal administration. Larger groups are a
/// unit's need, which the measured gaps show; and the bound is the sensitivity the report's
/// noise is scaled to, so it must stay small.
pub const TEAM_CAP: u64 = 10;
/// Open requests per person.
pub const MAX_OPEN: u64 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Urgency {
    Low,
    Medium,
    High,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Low, Urgency::Medium, Urgency::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Medium => "medium",
            Urgency::High => "high",
        }
    }

    pub fn parse(value: &str) -> Option<Urgency> {
        Urgency::ALL
            .into_iter()
            .find(|u| u.as_str() == value.trim())
    }

    /// Catalogue key of the plain-language label.
    pub fn label_key(self) -> &'static str {
        match self {
            Urgency::Low => "need-urgency-low",
            Urgency::Medium => "need-urgency-medium",
            Urgency::High => "need-urgency-high",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedEntry {
    pub id: Uuid,
    pub topic: String,
    pub competence: String,
    pub urgency: Urgency,
    /// `None`: for oneself.
    pub team_size: Option<u32>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyNeeds {
    /// The competences to choose from: (id, title).
    pub competences: Vec<(String, String)>,
    pub needs: Vec<NeedEntry>,
}

#[server(endpoint = "needs/mine")]
pub async fn load_my_needs() -> Result<MyNeeds, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::mine(ctx, me).await).await
}

/// `scope`: `self` or `team` (then `team_size` people concerned).
#[server(endpoint = "needs/report")]
pub async fn report_need(
    #[server(default)] topic: String,
    #[server(default)] competence: String,
    urgency: Option<String>,
    scope: Option<String>,
    #[server(default)] team_size: String,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::report(
            ctx,
            me,
            server::NeedForm {
                topic: &topic,
                competence: &competence,
                urgency: urgency.as_deref(),
                scope: scope.as_deref(),
                team_size: &team_size,
            },
        )
        .await
    })
    .await?;
    crate::context::redirect("/bildungsbedarf?gespeichert=1");
    Ok(())
}

#[server(endpoint = "needs/withdraw")]
pub async fn withdraw_need(id: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::withdraw(ctx, me, &id).await).await?;
    crate::context::redirect("/bildungsbedarf?zurueckgezogen=1");
    Ok(())
}
