//! Feedback on the offers (modules and workshops) and training needs named by staff.
//!
//! **Feedback.** A learner who completed a module (passed its quiz) or took part in a workshop
//! that has ended rates it once, 1 to 5, with an optional comment. Editors read the figures of
//! the modules, the coordination office those of the modules and the workshops: never a name,
//! never one person's rating, never below the minimum group size k.
//!
//! Privacy holds over time too. The rating is stored without the person and without a time
//! (`feedback_rating`); that the person rated the offer is stored apart, without the rating
//! (`feedback_given`: one rating per person, and the person's data export). What the readers
//! see is a snapshot (`feedback_snapshot`) that moves only in steps: a new one is taken once at
//! least k new ratings have come in since the last, so two views before and after one more
//! rating are the same, and any change holds at least k new ratings together. Comments are
//! shown without dates and sorted alphabetically, never in the order they came.
//!
//! Noise (`crate::privacy`) is not used here: an offer's ratings are few, noise on a handful of
//! counts would drown the figures, and the steps already make every visible change rest on k
//! ratings at once.
//!
//! The digital scout who ran a workshop does not see its figures: the scout keeps the list of
//! who came, so for the scout the group is not anonymous (a uniform result or a comment about a
//! situation would name people). The coordination office passes findings on.
//!
//! **Training needs** (`needs`): employees name a need; HR sees them counted per competence in
//! the reports (the report `needs` of the reports feature).

pub mod needs;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// At most this many characters of comment.
pub const MAX_COMMENT: usize = 1000;

/// What can be rated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OfferKind {
    Module,
    Workshop,
}

impl OfferKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OfferKind::Module => "module",
            OfferKind::Workshop => "workshop",
        }
    }

    pub fn parse(value: &str) -> Option<OfferKind> {
        match value.trim() {
            "module" => Some(OfferKind::Module),
            "workshop" => Some(OfferKind::Workshop),
            _ => None,
        }
    }
}

/// Where the learner stands with an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    /// The module's quiz is not passed yet.
    NotCompleted,
    /// The workshop has not ended yet (or the learner did not take part).
    NotEnded,
    /// May rate now.
    Open,
    /// Rated already.
    Rated,
}

/// An offer as the learner sees it on the rating form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub kind: OfferKind,
    pub id: String,
    pub title: String,
    /// The workshop's day, for telling workshops of the same title apart.
    pub when: Option<chrono::DateTime<chrono::Utc>>,
    pub standing: Standing,
}

/// The shown figures of an offer: a snapshot of at least k ratings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    pub ratings: u64,
    /// How many gave 1, 2, 3, 4, 5.
    pub distribution: [u64; 5],
}

impl Aggregate {
    /// The mean in tenths (4.2 → 42), rounded half up.
    pub fn mean_tenths(&self) -> u64 {
        if self.ratings == 0 {
            return 0;
        }
        let sum: u64 = self
            .distribution
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u64 + 1) * n)
            .sum();
        (sum * 20 + self.ratings) / (self.ratings * 2)
    }
}

/// An offer's line in the results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferResult {
    pub kind: OfferKind,
    pub id: String,
    pub title: String,
    pub when: Option<chrono::DateTime<chrono::Utc>>,
    /// `None`: fewer than k ratings so far (how many exactly is not said).
    pub shown: Option<Aggregate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Results {
    pub min_group_size: u64,
    pub modules: Vec<OfferResult>,
    /// Only for the coordination office.
    pub workshops: Option<Vec<OfferResult>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultDetail {
    pub min_group_size: u64,
    pub offer: OfferResult,
    /// Without names and dates, sorted alphabetically; empty while the figures are hidden.
    pub comments: Vec<String>,
}

/// The learner's offers: completed modules and workshops taken part in.
#[server(endpoint = "feedback/offers")]
pub async fn load_my_offers() -> Result<Vec<Offer>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::my_offers(ctx, me).await).await
}

#[server(endpoint = "feedback/offer")]
pub async fn load_offer(kind: String, id: String) -> Result<Offer, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::offer(ctx, me, &kind, &id).await).await
}

/// Rates an offer once: `rating` 1 to 5 (a radio group; missing when none was chosen).
#[server(endpoint = "feedback/rate")]
pub async fn rate_offer(
    kind: String,
    id: String,
    rating: Option<String>,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let back = crate::auth::server::as_user(async |ctx, me| {
        server::rate(ctx, me, &kind, &id, rating.as_deref(), &comment).await
    })
    .await?;
    crate::context::redirect(&back);
    Ok(())
}

/// For editors (modules) and the coordination office (modules and workshops).
#[server(endpoint = "feedback/results")]
pub async fn load_results() -> Result<Results, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::results(ctx, me).await).await
}

#[server(endpoint = "feedback/result")]
pub async fn load_result(kind: String, id: String) -> Result<ResultDetail, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::result(ctx, me, &kind, &id).await).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mean_is_rounded_to_tenths() {
        let a = Aggregate {
            ratings: 3,
            distribution: [0, 0, 0, 2, 1],
        };
        assert_eq!(a.mean_tenths(), 43);
        let b = Aggregate {
            ratings: 2,
            distribution: [1, 0, 0, 0, 1],
        };
        assert_eq!(b.mean_tenths(), 30);
    }
}
