//! The Digitaler Führerschein certificate: issued automatically when a learner meets a level of
//! `content/certificates.toml`, renewed when its due modules are refreshed, revocable by an
//! admin, verifiable by anyone (page, PDF with QR code, Open Badges 3.0 credential).
//!
//! The types here travel to the browser; issuing, PDF and credential code is server-only.

#[cfg(feature = "ssr")]
pub mod credential;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateStatus {
    Valid,
    Expired,
    Revoked,
    /// Replaced by a renewed certificate.
    Superseded,
}

impl CertificateStatus {
    pub fn label_key(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "certificate-status-valid",
            CertificateStatus::Expired => "certificate-status-expired",
            CertificateStatus::Revoked => "certificate-status-revoked",
            CertificateStatus::Superseded => "certificate-status-superseded",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "tag tag-passed",
            CertificateStatus::Expired | CertificateStatus::Superseded => "tag",
            CertificateStatus::Revoked => "tag tag-warning",
        }
    }
}

/// A certificate as its holder and the administration see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateView {
    pub public_id: String,
    pub number: String,
    pub level: String,
    pub level_title: String,
    pub issued_at: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub status: CertificateStatus,
    pub revocation_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissingModule {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefreshDue {
    pub module_id: String,
    pub title: String,
    pub due: DateTime<Utc>,
}

/// One level on the learner's page: reached or not, what is missing, what falls due.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub reached: bool,
    pub current: Option<CertificateView>,
    pub missing: Vec<MissingModule>,
    pub electives_missing: u32,
    pub requires_missing: Option<String>,
    pub refresh_due: Vec<RefreshDue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCertificates {
    pub levels: Vec<LevelView>,
    /// Every certificate ever issued to the learner, newest first.
    pub history: Vec<CertificateView>,
}

/// What the public verification page shows, and nothing more.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicCertificate {
    pub public_id: String,
    pub holder_name: String,
    pub level_title: String,
    pub issued_at: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub status: CertificateStatus,
    pub revocation_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminCertificateRow {
    pub certificate: CertificateView,
    pub holder_name: String,
}

#[server(endpoint = "certificates/mine")]
pub async fn get_my_certificates() -> Result<MyCertificates, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::my_certificates(ctx, me).await).await
}

#[server(endpoint = "verify/certificate")]
pub async fn get_public_certificate(public_id: String) -> Result<PublicCertificate, AppError> {
    crate::auth::server::with_context(async |ctx| {
        server::public_certificate(
            ctx,
            crate::settings::server::page_prefs().0,
            &crate::auth::server::client_address(),
            public_id,
        )
        .await
    })
    .await
}

#[server(endpoint = "verify/lookup")]
pub async fn lookup_certificate(number: String, surname: String) -> Result<(), AppError> {
    crate::auth::server::with_context(async |ctx| {
        server::lookup(ctx, &crate::auth::server::client_address(), number, surname).await
    })
    .await
    .map(|to| crate::context::redirect(&to))
}

#[server(endpoint = "admin/certificates")]
pub async fn list_certificates(
    query: Option<String>,
) -> Result<Vec<AdminCertificateRow>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::admin_list(ctx, me, query).await).await
}

#[server(endpoint = "admin/certificates/revoke")]
pub async fn revoke_certificate(public_id: String, reason: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| server::revoke(ctx, me, public_id, reason).await)
        .await
        .map(|to| crate::context::redirect(&to))
}
