//! The legal pages on the server: the statement's values and the two texts (stored, or the
//! shipped defaults), their safe rendering from Markdown, the reported barriers with the mails
//! to the administrators and the reporter, and the administrators' changes (audited).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use super::{
    BarrierReportView, Conformity, LegalPage, LegalPageEdit, LegalPageView, MAX_MARKDOWN,
    MAX_MESSAGE, MAX_PAGE, PublicStatement, SitePagesOverview, StatementSettings,
};
use crate::auth::server::looks_like_email;
use crate::context::AppContext;
use crate::db::{accessibility_statement, barrier_report, site_page, user, user_role};
use crate::error::{AppError, Validation};
use crate::i18n::Locale;
use crate::identity::{CurrentUser, Role};
use crate::mail::{self, OutgoingMail};

/// The shipped texts, until an administrator writes their own.
const DEFAULT_IMPRINT_DE: &str = include_str!("defaults/impressum.de.md");
const DEFAULT_IMPRINT_EN: &str = include_str!("defaults/impressum.en.md");
const DEFAULT_PRIVACY_DE: &str = include_str!("defaults/datenschutz.de.md");
const DEFAULT_PRIVACY_EN: &str = include_str!("defaults/datenschutz.en.md");
const DEFAULT_BARRIERS_DE: &str = include_str!("defaults/barrieren.de.md");
const DEFAULT_BARRIERS_EN: &str = include_str!("defaults/barrieren.en.md");

/// The day of the self-assessment this release ships with (axe-core in the browser tests at
/// 360 and 1280 px, keyboard and screen-reader checks by hand).
const SELF_ASSESSMENT: (i32, u32, u32) = (2026, 12, 11);

/// The enforcement body of North Rhine-Westphalia (§ 10d BGG NRW, §§ 9 ff. BITV NRW); cities in
/// other Länder put in theirs.
const NRW_BODY: &str = "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen bei der Beauftragten der Landesregierung für Menschen mit Behinderung sowie für Patientinnen und Patienten";
const NRW_ADDRESS: &str = "Fürstenwall 25\n40219 Düsseldorf";
const NRW_URL: &str = "https://www.lbbp.nrw.de/ombudsstelle";

/// Answers within a month (§ 12b Abs. 2 BGG; the Länder's laws alike).
const DEFAULT_ANSWER_DAYS: u32 = 30;
const MAX_ANSWER_DAYS: u32 = 90;
const MAX_LINE: usize = 300;

/// Reports from people who are not logged in, per address and hour, and from everyone together.
const REPORTS_PER_ADDRESS: i32 = 5;
const REPORTS_ANONYMOUS_TOTAL: i32 = 60;
const REPORT_WINDOW_MINUTES: i64 = 60;

fn default_text(page: LegalPage, locale: Locale) -> &'static str {
    match (page, locale) {
        (LegalPage::Imprint, Locale::De) => DEFAULT_IMPRINT_DE,
        (LegalPage::Imprint, Locale::En) => DEFAULT_IMPRINT_EN,
        (LegalPage::Privacy, Locale::De) => DEFAULT_PRIVACY_DE,
        (LegalPage::Privacy, Locale::En) => DEFAULT_PRIVACY_EN,
    }
}

/// Markdown to HTML that cannot carry markup of its own: raw HTML is shown as text, links lead
/// only to web and mail addresses, telephone numbers and paths of this site, images are reduced
/// to their description, and headings start below the page's title (`ui::safe_markdown`).
pub fn render_markdown(source: &str) -> String {
    crate::ui::safe_markdown::render(source, crate::ui::safe_markdown::PAGE)
}

fn self_assessment_day() -> NaiveDate {
    let (y, m, d) = SELF_ASSESSMENT;
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn default_statement() -> StatementSettings {
    StatementSettings {
        conformity: Conformity::Partial,
        non_accessible_de: DEFAULT_BARRIERS_DE.to_owned(),
        non_accessible_en: DEFAULT_BARRIERS_EN.to_owned(),
        prepared_on: self_assessment_day(),
        reviewed_on: self_assessment_day(),
        contact_email: String::new(),
        contact_phone: String::new(),
        answer_days: DEFAULT_ANSWER_DAYS,
        enforcement_name: NRW_BODY.to_owned(),
        enforcement_address: NRW_ADDRESS.to_owned(),
        enforcement_url: NRW_URL.to_owned(),
        updated_at: None,
    }
}

fn statement_of(row: accessibility_statement::Model) -> StatementSettings {
    let defaults = default_statement();
    let day =
        |value: &str, default| NaiveDate::parse_from_str(value, "%Y-%m-%d").unwrap_or(default);
    StatementSettings {
        conformity: Conformity::parse(&row.conformity).unwrap_or(defaults.conformity),
        non_accessible_de: row.non_accessible_de,
        non_accessible_en: row.non_accessible_en,
        prepared_on: day(&row.prepared_on, defaults.prepared_on),
        reviewed_on: day(&row.reviewed_on, defaults.reviewed_on),
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        answer_days: u32::try_from(row.answer_days)
            .ok()
            .filter(|d| (1..=MAX_ANSWER_DAYS).contains(d))
            .unwrap_or(defaults.answer_days),
        enforcement_name: row.enforcement_name,
        enforcement_address: row.enforcement_address,
        enforcement_url: row.enforcement_url,
        updated_at: Some(row.updated_at),
    }
}

async fn statement_row(
    db: &impl ConnectionTrait,
) -> Result<Option<accessibility_statement::Model>, AppError> {
    Ok(
        accessibility_statement::Entity::find_by_id(accessibility_statement::ROW)
            .one(db)
            .await?,
    )
}

/// The statement's values: as an administrator set them, or the defaults.
pub async fn statement(db: &impl ConnectionTrait) -> Result<StatementSettings, AppError> {
    Ok(statement_row(db)
        .await?
        .map(statement_of)
        .unwrap_or_else(default_statement))
}

pub async fn public_statement(ctx: &AppContext) -> Result<PublicStatement, AppError> {
    let settings = statement(&ctx.read).await?;
    let english = settings.non_accessible_en.trim();
    Ok(PublicStatement {
        non_accessible_html_de: render_markdown(&settings.non_accessible_de),
        non_accessible_html_en: (!english.is_empty()).then(|| render_markdown(english)),
        settings,
        organisation_name: ctx.settings.organisation_name.clone(),
        base_url: ctx.settings.base_url.clone(),
    })
}

pub async fn legal_page(ctx: &AppContext, page: LegalPage) -> Result<LegalPageView, AppError> {
    let row = site_page::Entity::find_by_id(page.key().to_owned())
        .one(&ctx.read)
        .await?;
    let (de, en, updated_at) = match &row {
        Some(r) => (r.body_de.as_str(), r.body_en.as_str(), Some(r.updated_at)),
        None => (
            default_text(page, Locale::De),
            default_text(page, Locale::En),
            None,
        ),
    };
    Ok(LegalPageView {
        html_de: render_markdown(de),
        html_en: (!en.trim().is_empty()).then(|| render_markdown(en)),
        updated_at,
    })
}

/// What the form "Barriere melden" sends.
pub struct NewReport<'a> {
    pub page: &'a str,
    pub problem: &'a str,
    /// Only asked of people who are not logged in; may be empty.
    pub email: &'a str,
}

/// One line of text: at most `max` characters and no line breaks or other control characters.
fn single_line(v: &mut Validation, value: &str, field: &str, max: usize) -> String {
    let value = value.trim();
    if v.max_chars(value, max, field) {
        v.check(
            !value.chars().any(char::is_control),
            field,
            "field-too-long",
        );
    }
    value.to_owned()
}

fn text_field(v: &mut Validation, value: &str, field: &str, max: usize) -> String {
    let value = value.trim();
    v.max_chars(value, max, field);
    value.to_owned()
}

/// The day an answer is due, in Berlin, as the mail's language writes it.
fn due_day(locale: Locale, due: chrono::DateTime<chrono::Utc>) -> String {
    let day = crate::i18n::format::local_format(due, "%Y-%m-%d");
    NaiveDate::parse_from_str(&day, "%Y-%m-%d")
        .map(|d| crate::i18n::format::date(locale, d))
        .unwrap_or(day)
}

/// The active administrators, who get the mail about a report.
async fn administrators(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, AppError> {
    Ok(user_role::active_holders(db, Role::Admin.as_str()).await?)
}

/// A reported barrier: stored, every administrator gets a mail, the reporter a confirmation
/// that names the answer period (by mail, or as a notice on the start page without an
/// address; nothing for an anonymous report without an address). People who are not logged in
/// are limited per address and all together.
pub async fn report_barrier(
    ctx: &AppContext,
    me: Option<&CurrentUser>,
    client: &str,
    locale: Locale,
    report: NewReport<'_>,
) -> Result<(), AppError> {
    let mut v = Validation::new();
    v.require(report.page, "page");
    let page = single_line(&mut v, report.page, "page", MAX_PAGE);
    v.require(report.problem, "problem");
    let problem = text_field(&mut v, report.problem, "problem", MAX_MESSAGE);
    let email = match me {
        Some(_) => None,
        None => {
            let email = crate::auth::server::normalize_email(report.email);
            v.check(
                email.is_empty() || looks_like_email(&email),
                "email",
                "email-invalid",
            );
            (!email.is_empty()).then_some(email)
        }
    };
    v.finish()?;
    if me.is_none() {
        let window = Duration::minutes(REPORT_WINDOW_MINUTES);
        let own = format!("barrier-report:{client}");
        let all = "barrier-report:*";
        if crate::rate_limit::reached(ctx, &own, REPORTS_PER_ADDRESS, window).await?
            || crate::rate_limit::reached(ctx, all, REPORTS_ANONYMOUS_TOTAL, window).await?
        {
            tracing::warn!("barrier report refused: too many from this address or overall");
            return Err(AppError::TooManyAttempts {
                retry_after_minutes: REPORT_WINDOW_MINUTES as u64,
            });
        }
        crate::rate_limit::count(ctx, &own, window).await?;
        crate::rate_limit::count(ctx, all, window).await?;
    }
    let settings = statement(&ctx.db).await?;
    let now = ctx.now();
    let due = now + Duration::days(i64::from(settings.answer_days));
    let locale = me.map(|m| m.locale).unwrap_or(locale);
    let id = Uuid::new_v4();
    let txn = ctx.db.begin().await?;
    barrier_report::Entity::insert(barrier_report::ActiveModel {
        id: Set(id),
        user_id: Set(me.map(|m| m.id)),
        contact_email: Set(email.clone()),
        locale: Set(locale.code().to_owned()),
        page: Set(page.clone()),
        problem: Set(problem),
        status: Set(barrier_report::STATUS_OPEN.to_owned()),
        created_at: Set(now),
        due_at: Set(due),
        answered_at: Set(None),
        answered_by: Set(None),
        answer: Set(None),
    })
    .exec_without_returning(&txn)
    .await?;
    for admin in administrators(&txn).await? {
        let admin_locale = Locale::from_code(&admin.locale).unwrap_or_default();
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: admin.email.clone(),
                person: admin.id,
                locale: admin_locale,
                template: "barrier_report",
                context: serde_json::json!({
                    "name": admin.display_name,
                    "page": page,
                    "due": due_day(admin_locale, due),
                    "link": format!("{}/admin/barriers", ctx.settings.base_url),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(format!("barrier-report:{id}:{}", admin.id)),
                attachment: None,
                list_unsubscribe: None,
            },
        )
        .await?;
    }
    // The confirmation; a logged-in person without an address finds it on the start page.
    let to = match me {
        Some(m) => Some((m.email.clone(), m.id, m.display_name.clone())),
        None => email.map(|e| (Some(e), Uuid::nil(), String::new())),
    };
    if let Some((to, person, name)) = to {
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to,
                person,
                locale,
                template: "barrier_report_received",
                context: serde_json::json!({
                    "name": name,
                    "page": page,
                    "days": settings.answer_days,
                    "due": due_day(locale, due),
                    "link": format!("{}/barrierefreiheit", ctx.settings.base_url),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(format!("barrier-report:{id}:received")),
                attachment: None,
                list_unsubscribe: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(())
}

/// The reports for the administrators: open ones first (the oldest due first), then the
/// answered ones, newest first.
pub async fn reports(
    ctx: &AppContext,
    me: &CurrentUser,
) -> Result<Vec<BarrierReportView>, AppError> {
    me.require_any(&[Role::Admin])?;
    let db = &ctx.read;
    let now = ctx.now();
    let mut rows = barrier_report::Entity::find()
        .order_by_desc(barrier_report::Column::CreatedAt)
        .limit(500)
        .all(db)
        .await?;
    rows.sort_by_key(|r| {
        let open = r.status == barrier_report::STATUS_OPEN;
        (!open, if open { r.due_at.timestamp() } else { 0 })
    });
    let people: BTreeMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let person = r.user_id.and_then(|id| people.get(&id));
            let reporter = match (person, &r.contact_email) {
                (Some(u), _) => Some(match &u.email {
                    Some(email) => format!("{} ({email})", u.display_name),
                    None => u.display_name.clone(),
                }),
                (None, Some(email)) => Some(email.clone()),
                (None, None) => None,
            };
            let answered = r.status != barrier_report::STATUS_OPEN;
            BarrierReportView {
                id: r.id,
                page: r.page,
                problem: r.problem,
                reachable: person.is_some_and(|u| u.erased_at.is_none())
                    || r.contact_email.is_some(),
                reporter,
                answered,
                created_at: r.created_at,
                due_at: r.due_at,
                overdue: !answered && r.due_at < now,
                answered_at: r.answered_at,
                answer: r.answer,
            }
        })
        .collect())
}

/// An administrator answers a report: it is marked answered, the answer goes to the reporter
/// (if they can be reached) and into the audit log (without its text).
pub async fn answer_report(
    ctx: &AppContext,
    me: &CurrentUser,
    id: Uuid,
    answer: &str,
) -> Result<(), AppError> {
    me.require_any(&[Role::Admin])?;
    let mut v = Validation::new();
    v.require(answer, "answer");
    let answer = text_field(&mut v, answer, "answer", MAX_MESSAGE);
    v.finish()?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let report = barrier_report::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if report.status != barrier_report::STATUS_OPEN {
        return Err(AppError::invalid(
            "answer",
            "barrier-report-answered-already",
        ));
    }
    barrier_report::Entity::update_many()
        .col_expr(
            barrier_report::Column::Status,
            Expr::value(barrier_report::STATUS_ANSWERED),
        )
        .col_expr(barrier_report::Column::AnsweredAt, Expr::value(now))
        .col_expr(barrier_report::Column::AnsweredBy, Expr::value(me.id))
        .col_expr(barrier_report::Column::Answer, Expr::value(answer.clone()))
        .filter(barrier_report::Column::Id.eq(id))
        .filter(barrier_report::Column::Status.eq(barrier_report::STATUS_OPEN))
        .exec(&txn)
        .await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(me.id),
        "barrier_report.answered",
        "barrier_report",
        Some(id.to_string()),
        serde_json::json!({ "overdue": report.due_at < now }),
    )
    .await?;
    let reporter = match report.user_id {
        Some(person) => user::Entity::find_by_id(person)
            .one(&txn)
            .await?
            .filter(|u| u.erased_at.is_none())
            .map(|u| {
                let locale = Locale::from_code(&u.locale).unwrap_or_default();
                (u.email, u.id, u.display_name, locale)
            }),
        None => report.contact_email.clone().map(|email| {
            let locale = Locale::from_code(&report.locale).unwrap_or_default();
            (Some(email), Uuid::nil(), String::new(), locale)
        }),
    };
    if let Some((to, person, name, locale)) = reporter {
        mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to,
                person,
                locale,
                template: "barrier_report_answered",
                context: serde_json::json!({
                    "name": name,
                    "page": report.page,
                    "answer": answer,
                    "link": format!("{}/barrierefreiheit", ctx.settings.base_url),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(format!("barrier-report:{id}:answered")),
                attachment: None,
                list_unsubscribe: None,
            },
        )
        .await?;
    }
    txn.commit().await?;
    ctx.mail_wakeup.notify_one();
    Ok(())
}

async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<Uuid, String>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The administrators' page: the statement's values, both texts with their drafts, and how
/// many reports wait.
pub async fn admin_view(ctx: &AppContext, me: &CurrentUser) -> Result<SitePagesOverview, AppError> {
    me.require_any(&[Role::Admin])?;
    // The writer: the page shows what the administrator has just saved.
    let db = &ctx.db;
    let statement_row = statement_row(db).await?;
    let rows: BTreeMap<String, site_page::Model> = site_page::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.key.clone(), r))
        .collect();
    let people = names(
        db,
        rows.values()
            .filter_map(|r| r.updated_by)
            .chain(statement_row.as_ref().and_then(|r| r.updated_by)),
    )
    .await?;
    let pages = LegalPage::ALL
        .into_iter()
        .map(|page| match rows.get(page.key()) {
            Some(r) => {
                let drafted = r.draft_de.is_some() || r.draft_en.is_some();
                let text_de = r.draft_de.clone().unwrap_or_else(|| r.body_de.clone());
                let text_en = r.draft_en.clone().unwrap_or_else(|| r.body_en.clone());
                LegalPageEdit {
                    page,
                    preview_de: drafted.then(|| render_markdown(&text_de)),
                    preview_en: (drafted && !text_en.trim().is_empty())
                        .then(|| render_markdown(&text_en)),
                    text_de,
                    text_en,
                    updated_at: Some(r.updated_at),
                    updated_by: r.updated_by.and_then(|id| people.get(&id).cloned()),
                }
            }
            None => LegalPageEdit {
                page,
                text_de: default_text(page, Locale::De).to_owned(),
                text_en: default_text(page, Locale::En).to_owned(),
                preview_de: None,
                preview_en: None,
                updated_at: None,
                updated_by: None,
            },
        })
        .collect();
    let open = barrier_report::Entity::find()
        .filter(barrier_report::Column::Status.eq(barrier_report::STATUS_OPEN));
    let open_reports = open.clone().count(db).await?;
    let overdue_reports = open
        .filter(barrier_report::Column::DueAt.lt(ctx.now()))
        .count(db)
        .await?;
    Ok(SitePagesOverview {
        statement_updated_by: statement_row
            .as_ref()
            .and_then(|r| r.updated_by)
            .and_then(|id| people.get(&id).cloned()),
        statement: statement_row
            .map(statement_of)
            .unwrap_or_else(default_statement),
        pages,
        open_reports,
        overdue_reports,
    })
}

/// What the statement's form sends, unchecked.
pub struct StatementForm<'a> {
    pub conformity: &'a str,
    pub non_accessible_de: &'a str,
    pub non_accessible_en: &'a str,
    pub prepared_on: &'a str,
    pub reviewed_on: &'a str,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
    pub answer_days: &'a str,
    pub enforcement_name: &'a str,
    pub enforcement_address: &'a str,
    pub enforcement_url: &'a str,
}

fn parse_day(v: &mut Validation, value: &str, field: &str) -> Option<NaiveDate> {
    let value = value.trim();
    let parsed = NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d.%m.%Y"))
        .ok()
        .filter(|_| value.len() <= 10);
    v.check(parsed.is_some(), field, "field-invalid-date");
    parsed
}

/// Saves the statement's values (audited: which fields changed, not their text).
pub async fn save_statement(
    ctx: &AppContext,
    me: &CurrentUser,
    form: StatementForm<'_>,
) -> Result<(), AppError> {
    me.require_any(&[Role::Admin])?;
    let mut v = Validation::new();
    let conformity = Conformity::parse(form.conformity.trim());
    v.check(conformity.is_some(), "conformity", "field-invalid-choice");
    v.require(form.non_accessible_de, "non_accessible_de");
    let non_accessible_de = text_field(
        &mut v,
        form.non_accessible_de,
        "non_accessible_de",
        MAX_MARKDOWN,
    );
    let non_accessible_en = text_field(
        &mut v,
        form.non_accessible_en,
        "non_accessible_en",
        MAX_MARKDOWN,
    );
    let prepared_on = parse_day(&mut v, form.prepared_on, "prepared_on");
    let reviewed_on = parse_day(&mut v, form.reviewed_on, "reviewed_on");
    if let (Some(prepared), Some(reviewed)) = (prepared_on, reviewed_on) {
        v.check(
            reviewed >= prepared,
            "reviewed_on",
            "a11y-reviewed-before-prepared",
        );
    }
    let contact_email = crate::auth::server::normalize_email(form.contact_email);
    v.check(
        contact_email.is_empty() || looks_like_email(&contact_email),
        "contact_email",
        "email-invalid",
    );
    let contact_phone = single_line(&mut v, form.contact_phone, "contact_phone", 60);
    let answer_days = form
        .answer_days
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_ANSWER_DAYS).contains(d));
    v.check(
        answer_days.is_some(),
        "answer_days",
        "a11y-answer-days-range",
    );
    v.require(form.enforcement_name, "enforcement_name");
    let enforcement_name = single_line(&mut v, form.enforcement_name, "enforcement_name", MAX_LINE);
    let enforcement_address = text_field(
        &mut v,
        form.enforcement_address,
        "enforcement_address",
        1000,
    );
    let enforcement_url = single_line(&mut v, form.enforcement_url, "enforcement_url", 500);
    let lower = enforcement_url.to_ascii_lowercase();
    v.check(
        lower.starts_with("https://") || lower.starts_with("http://"),
        "enforcement_url",
        "a11y-url-invalid",
    );
    let checked = match (conformity, answer_days, prepared_on, reviewed_on) {
        (Some(c), Some(d), Some(p), Some(r)) => Some((c, d, p, r)),
        _ => None,
    };
    let (conformity, answer_days, prepared_on, reviewed_on) = v.finish_with(checked)?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let before = statement(&txn).await?;
    let after = StatementSettings {
        conformity,
        non_accessible_de,
        non_accessible_en,
        prepared_on,
        reviewed_on,
        contact_email,
        contact_phone,
        answer_days,
        enforcement_name,
        enforcement_address,
        enforcement_url,
        updated_at: Some(now),
    };
    let mut changed: Vec<&str> = Vec::new();
    for (field, differs) in [
        ("conformity", before.conformity != after.conformity),
        (
            "non_accessible",
            before.non_accessible_de != after.non_accessible_de
                || before.non_accessible_en != after.non_accessible_en,
        ),
        ("prepared_on", before.prepared_on != after.prepared_on),
        ("reviewed_on", before.reviewed_on != after.reviewed_on),
        (
            "contact",
            before.contact_email != after.contact_email
                || before.contact_phone != after.contact_phone,
        ),
        ("answer_days", before.answer_days != after.answer_days),
        (
            "enforcement",
            before.enforcement_name != after.enforcement_name
                || before.enforcement_address != after.enforcement_address
                || before.enforcement_url != after.enforcement_url,
        ),
    ] {
        if differs {
            changed.push(field);
        }
    }
    let row = accessibility_statement::ActiveModel {
        id: Set(accessibility_statement::ROW),
        conformity: Set(after.conformity.as_str().to_owned()),
        non_accessible_de: Set(after.non_accessible_de),
        non_accessible_en: Set(after.non_accessible_en),
        prepared_on: Set(after.prepared_on.format("%Y-%m-%d").to_string()),
        reviewed_on: Set(after.reviewed_on.format("%Y-%m-%d").to_string()),
        contact_email: Set(after.contact_email),
        contact_phone: Set(after.contact_phone),
        answer_days: Set(i32::try_from(after.answer_days).unwrap_or(30)),
        enforcement_name: Set(after.enforcement_name),
        enforcement_address: Set(after.enforcement_address),
        enforcement_url: Set(after.enforcement_url),
        updated_at: Set(now),
        updated_by: Set(Some(me.id)),
    };
    accessibility_statement::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(accessibility_statement::Column::Id)
                .update_columns([
                    accessibility_statement::Column::Conformity,
                    accessibility_statement::Column::NonAccessibleDe,
                    accessibility_statement::Column::NonAccessibleEn,
                    accessibility_statement::Column::PreparedOn,
                    accessibility_statement::Column::ReviewedOn,
                    accessibility_statement::Column::ContactEmail,
                    accessibility_statement::Column::ContactPhone,
                    accessibility_statement::Column::AnswerDays,
                    accessibility_statement::Column::EnforcementName,
                    accessibility_statement::Column::EnforcementAddress,
                    accessibility_statement::Column::EnforcementUrl,
                    accessibility_statement::Column::UpdatedAt,
                    accessibility_statement::Column::UpdatedBy,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(me.id),
        "site_page.statement_changed",
        "site_page",
        Some("barrierefreiheit".to_owned()),
        serde_json::json!({ "fields": changed }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What the administrator does with a legal page's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Keep it as a draft and show how it will look.
    Preview,
    Publish,
    /// Drop the draft; the published text stays.
    Discard,
}

impl Step {
    pub fn parse(value: &str) -> Option<Step> {
        match value {
            "preview" => Some(Step::Preview),
            "publish" => Some(Step::Publish),
            "discard" => Some(Step::Discard),
            _ => None,
        }
    }

    /// The query parameter of the page the browser goes back to.
    pub fn outcome(self) -> &'static str {
        match self {
            Step::Preview => "previewed",
            Step::Publish => "saved",
            Step::Discard => "discarded",
        }
    }
}

/// Saves a legal page's text as a draft, publishes it (audited), or drops the draft.
pub async fn save_legal_page(
    ctx: &AppContext,
    me: &CurrentUser,
    page: LegalPage,
    body_de: &str,
    body_en: &str,
    step: Step,
) -> Result<(), AppError> {
    me.require_any(&[Role::Admin])?;
    let mut v = Validation::new();
    if step != Step::Discard {
        v.require(body_de, "body_de");
    }
    let body_de = text_field(&mut v, body_de, "body_de", MAX_MARKDOWN);
    let body_en = text_field(&mut v, body_en, "body_en", MAX_MARKDOWN);
    if step != Step::Discard {
        v.finish()?;
    }
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let existing = site_page::Entity::find_by_id(page.key().to_owned())
        .one(&txn)
        .await?;
    match (step, existing) {
        (Step::Discard, None) => {}
        (Step::Discard, Some(_)) => {
            site_page::Entity::update_many()
                .col_expr(
                    site_page::Column::DraftDe,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    site_page::Column::DraftEn,
                    Expr::value(Option::<String>::None),
                )
                .filter(site_page::Column::Key.eq(page.key()))
                .exec(&txn)
                .await?;
        }
        (Step::Preview, existing) => {
            // Until the first publication the shipped default stays what everyone reads.
            let (published_de, published_en, updated_at, updated_by) = match existing {
                Some(r) => (r.body_de, r.body_en, r.updated_at, r.updated_by),
                None => (
                    default_text(page, Locale::De).to_owned(),
                    default_text(page, Locale::En).to_owned(),
                    now,
                    None,
                ),
            };
            upsert(
                &txn,
                site_page::Model {
                    key: page.key().to_owned(),
                    body_de: published_de,
                    body_en: published_en,
                    draft_de: Some(body_de),
                    draft_en: Some(body_en),
                    updated_at,
                    updated_by,
                },
            )
            .await?;
        }
        (Step::Publish, _) => {
            upsert(
                &txn,
                site_page::Model {
                    key: page.key().to_owned(),
                    body_de,
                    body_en,
                    draft_de: None,
                    draft_en: None,
                    updated_at: now,
                    updated_by: Some(me.id),
                },
            )
            .await?;
            crate::audit::server::record(
                &txn,
                now,
                Some(me.id),
                page.audit_action(),
                "site_page",
                Some(page.key().to_owned()),
                serde_json::json!({ "fields": ["text"] }),
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

async fn upsert(db: &impl ConnectionTrait, row: site_page::Model) -> Result<(), AppError> {
    let active = site_page::ActiveModel {
        key: Set(row.key),
        body_de: Set(row.body_de),
        body_en: Set(row.body_en),
        draft_de: Set(row.draft_de),
        draft_en: Set(row.draft_en),
        updated_at: Set(row.updated_at),
        updated_by: Set(row.updated_by),
    };
    site_page::Entity::insert(active)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(site_page::Column::Key)
                .update_columns([
                    site_page::Column::BodyDe,
                    site_page::Column::BodyEn,
                    site_page::Column::DraftDe,
                    site_page::Column::DraftEn,
                    site_page::Column::UpdatedAt,
                    site_page::Column::UpdatedBy,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cannot_carry_markup_or_script_links() {
        let html = render_markdown(
            "# Titel\n\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> \
             [a](javascript:alert(3)) [b](https://example.org) [c](/datenschutz) \
             ![Bild](https://example.org/x.png)\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<h2>Titel</h2>"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org\">b</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"/datenschutz\">c</a>"), "{html}");
        assert!(html.contains("Bild"), "{html}");
    }

    #[test]
    fn the_shipped_texts_render_and_mark_what_the_city_must_fill_in() {
        for page in LegalPage::ALL {
            for locale in Locale::ALL {
                let text = default_text(page, locale);
                assert!(text.contains("[["), "{page:?} {locale:?} marks its blanks");
                assert!(!render_markdown(text).is_empty());
            }
        }
    }
}
