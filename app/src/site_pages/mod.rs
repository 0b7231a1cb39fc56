//! The platform's own pages that the law asks for: the Erklärung zur Barrierefreiheit (BITV 2.0
//! § 7, after the EU model statement) with its feedback form "Barriere melden", the Impressum
//! and the Datenschutzerklärung. Anyone reads them without logging in; the footer of every page
//! links them. Administrators edit the statement's values and both texts on `/admin/site-pages`
//! (Markdown, with a preview) and answer the reported barriers on `/admin/barriers`.
//!
//! Owns the tables `site_page`, `accessibility_statement` and `barrier_report`; touches no other
//! feature's data (mail goes through `mail`, changes into `audit`).

// The server functions take the HTML form's fields one by one, so that a plain form post
// without JavaScript maps onto them directly; the statement's form simply has many fields. (An
// `allow` on the function itself does not reach the browser-side stub `#[server]` generates.)
#![allow(clippy::too_many_arguments)]

pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// The two pages whose whole text an administrator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LegalPage {
    Imprint,
    Privacy,
}

impl LegalPage {
    pub const ALL: [LegalPage; 2] = [LegalPage::Imprint, LegalPage::Privacy];

    /// The key in the database, the anchor on the administrators' page and the public path.
    pub fn key(self) -> &'static str {
        match self {
            LegalPage::Imprint => "impressum",
            LegalPage::Privacy => "datenschutz",
        }
    }

    pub fn parse(value: &str) -> Option<LegalPage> {
        LegalPage::ALL.into_iter().find(|p| p.key() == value)
    }

    pub fn path(self) -> String {
        format!("/{}", self.key())
    }

    /// The audit log's action for a published change.
    pub fn audit_action(self) -> &'static str {
        match self {
            LegalPage::Imprint => "site_page.imprint_changed",
            LegalPage::Privacy => "site_page.privacy_changed",
        }
    }

    pub fn title_key(self) -> &'static str {
        match self {
            LegalPage::Imprint => "site-imprint-title",
            LegalPage::Privacy => "site-privacy-title",
        }
    }
}

/// How far the platform meets WCAG 2.1 AA / BITV 2.0 (the wording of the model statement).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conformity {
    Full,
    Partial,
    None,
}

impl Conformity {
    pub const ALL: [Conformity; 3] = [Conformity::Full, Conformity::Partial, Conformity::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Conformity::Full => "full",
            Conformity::Partial => "partial",
            Conformity::None => "none",
        }
    }

    pub fn parse(value: &str) -> Option<Conformity> {
        Conformity::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// The option's name on the administrators' page.
    pub fn label_key(self) -> &'static str {
        match self {
            Conformity::Full => "a11y-conformity-full",
            Conformity::Partial => "a11y-conformity-partial",
            Conformity::None => "a11y-conformity-none",
        }
    }

    /// The sentence of the statement.
    pub fn sentence_key(self) -> &'static str {
        match self {
            Conformity::Full => "a11y-conformity-full-text",
            Conformity::Partial => "a11y-conformity-partial-text",
            Conformity::None => "a11y-conformity-none-text",
        }
    }
}

/// The statement's values as an administrator sets them (defaults until then).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSettings {
    pub conformity: Conformity,
    /// Markdown: what is not accessible, and why.
    pub non_accessible_de: String,
    /// Markdown; empty: the German text is shown.
    pub non_accessible_en: String,
    pub prepared_on: NaiveDate,
    pub reviewed_on: NaiveDate,
    /// Besides the form: an address and a telephone number for feedback (either may be empty).
    pub contact_email: String,
    pub contact_phone: String,
    /// Within how many days a report is answered.
    pub answer_days: u32,
    pub enforcement_name: String,
    pub enforcement_address: String,
    pub enforcement_url: String,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The statement as everyone reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicStatement {
    pub settings: StatementSettings,
    pub non_accessible_html_de: String,
    /// `None`: no English text, the German one is shown.
    pub non_accessible_html_en: Option<String>,
    pub organisation_name: String,
    pub base_url: String,
}

/// A legal page as everyone reads it, rendered from Markdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalPageView {
    pub html_de: String,
    /// `None`: no English text, the German one is shown.
    pub html_en: Option<String>,
    /// `None`: the shipped default, nobody has edited it yet.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A legal page on the administrators' page: the texts to edit, the draft's preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalPageEdit {
    pub page: LegalPage,
    /// The draft if there is one, else the published text.
    pub text_de: String,
    pub text_en: String,
    /// The rendered draft, when a preview was asked for.
    pub preview_de: Option<String>,
    pub preview_en: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub updated_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitePagesOverview {
    pub statement: StatementSettings,
    pub statement_updated_by: Option<String>,
    pub pages: Vec<LegalPageEdit>,
    pub open_reports: u64,
    pub overdue_reports: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarrierReportView {
    pub id: Uuid,
    pub page: String,
    pub problem: String,
    /// Who reported it: a name and address, an address, or nobody known.
    pub reporter: Option<String>,
    /// Whether an answer can be sent (the reporter left an address or has an account).
    pub reachable: bool,
    pub answered: bool,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
    pub answered_at: Option<DateTime<Utc>>,
    pub answer: Option<String>,
}

/// The longest Markdown text of a page or a list (per language).
pub const MAX_MARKDOWN: usize = 60_000;
/// The longest description of a barrier or an answer.
pub const MAX_MESSAGE: usize = 4000;
/// The longest page address or name in a report.
pub const MAX_PAGE: usize = 500;

#[server(endpoint = "site-pages/statement")]
pub async fn get_statement() -> Result<PublicStatement, AppError> {
    crate::auth::server::with_context(async |ctx| server::public_statement(ctx).await).await
}

#[server(endpoint = "site-pages/page")]
pub async fn get_legal_page(page: String) -> Result<LegalPageView, AppError> {
    crate::auth::server::with_context(async |ctx| {
        let page = LegalPage::parse(&page).ok_or(AppError::NotFound)?;
        server::legal_page(ctx, page).await
    })
    .await
}

/// "Barriere melden": logged in or not (then limited per address, with an optional address
/// for the answer).
#[server(endpoint = "site-pages/report")]
pub async fn report_barrier(
    page: String,
    problem: String,
    email: Option<String>,
) -> Result<(), AppError> {
    crate::auth::server::as_visitor(async |ctx, visit| {
        let client = crate::auth::server::client_address();
        let locale = crate::settings::server::page_prefs().0;
        server::report_barrier(
            ctx,
            visit.user.as_ref(),
            &client,
            locale,
            server::NewReport {
                page: &page,
                problem: &problem,
                email: email.as_deref().unwrap_or_default(),
            },
        )
        .await
    })
    .await?;
    crate::context::redirect("/barriere-melden?sent=1");
    Ok(())
}

#[server(endpoint = "admin/barriers/list")]
pub async fn barrier_reports() -> Result<Vec<BarrierReportView>, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::reports(ctx, me).await).await
}

#[server(endpoint = "admin/barriers/answer")]
pub async fn answer_barrier_report(id: String, answer: String) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        let id = AppError::parse_id(&id)?;
        server::answer_report(ctx, me, id, &answer).await
    })
    .await?;
    crate::context::redirect("/admin/barriers?answered=1");
    Ok(())
}

#[server(endpoint = "admin/site-pages/get")]
pub async fn site_pages_admin() -> Result<SitePagesOverview, AppError> {
    crate::auth::server::as_user(async |ctx, me| server::admin_view(ctx, me).await).await
}

/// The statement's values, as the form sends them.
#[server(endpoint = "admin/site-pages/statement")]
pub async fn save_statement(
    conformity: String,
    non_accessible_de: String,
    non_accessible_en: String,
    prepared_on: String,
    reviewed_on: String,
    contact_email: String,
    contact_phone: String,
    answer_days: String,
    enforcement_name: String,
    enforcement_address: String,
    enforcement_url: String,
) -> Result<(), AppError> {
    crate::auth::server::as_user(async |ctx, me| {
        server::save_statement(
            ctx,
            me,
            server::StatementForm {
                conformity: &conformity,
                non_accessible_de: &non_accessible_de,
                non_accessible_en: &non_accessible_en,
                prepared_on: &prepared_on,
                reviewed_on: &reviewed_on,
                contact_email: &contact_email,
                contact_phone: &contact_phone,
                answer_days: &answer_days,
                enforcement_name: &enforcement_name,
                enforcement_address: &enforcement_address,
                enforcement_url: &enforcement_url,
            },
        )
        .await
    })
    .await?;
    crate::context::redirect("/admin/site-pages?saved=statement#statement");
    Ok(())
}

/// A legal page's text: `step` is `preview` (keep as a draft and show it), `publish` or
/// `discard` (drop the draft).
#[server(endpoint = "admin/site-pages/page")]
pub async fn save_legal_page(
    page: String,
    body_de: String,
    body_en: String,
    step: String,
) -> Result<(), AppError> {
    let (page, step) = crate::auth::server::as_user(async |ctx, me| {
        let page =
            LegalPage::parse(&page).ok_or(AppError::invalid("page", "field-invalid-choice"))?;
        let step =
            server::Step::parse(&step).ok_or(AppError::invalid("step", "field-invalid-choice"))?;
        server::save_legal_page(ctx, me, page, &body_de, &body_en, step).await?;
        Ok((page, step))
    })
    .await?;
    // Back to the page's editor, which shows the preview or says what happened.
    crate::context::redirect(&format!(
        "/admin/site-pages/{}?{}=1",
        page.key(),
        step.outcome()
    ));
    Ok(())
}
