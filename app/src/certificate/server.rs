//! Certificates on the server: issuing exactly once, renewing, revoking, reminders, and the
//! views for the learner, the public verification and the administration.

use crate::content::HasContent;
use crate::identity::CurrentUser;
use std::collections::HashMap;

use base64::Engine;
use chrono::{DateTime, Datelike, Duration, Utc};
use sea_orm::sea_query::ExprTrait as SqlExpr;
use sea_orm::sea_query::{Expr, Func, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::rules::{self, Pass, Standing};
use super::{
    AdminCertificateRow, CertificateStatus, CertificateView, LevelView, MissingModule,
    MyCertificates, PublicCertificate, RefreshDue,
};
use crate::auth::Role;
use crate::content::ContentStore;
use crate::context::AppContext;
use crate::db::{certificate, certificate_counter, quiz_attempt, user};
use crate::error::{AppError, Validation};
use crate::i18n::{I18n, Locale};
use crate::mail::{self, AttachmentAtSend, OutgoingMail};
use crate::rate_limit;

/// What a certificate rests on, stored with it as issued.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Basis {
    pub modules: Vec<BasisModule>,
    pub competences: Vec<BasisCompetence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BasisModule {
    pub id: String,
    pub title_de: String,
    pub title_en: String,
    pub version: String,
    pub passed_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BasisCompetence {
    pub id: String,
    pub title_de: String,
    pub title_en: String,
    pub level: u8,
}

impl BasisModule {
    pub fn title(&self, locale: Locale) -> &str {
        match locale {
            Locale::De => &self.title_de,
            Locale::En => &self.title_en,
        }
    }
}

impl BasisCompetence {
    pub fn title(&self, locale: Locale) -> &str {
        match locale {
            Locale::De => &self.title_de,
            Locale::En => &self.title_en,
        }
    }
}

pub fn basis_of(model: &certificate::Model) -> Basis {
    serde_json::from_str(&model.basis).unwrap_or_else(|err| {
        tracing::error!(error = %err, "unreadable certificate basis");
        Basis::default()
    })
}

fn build_basis(content: &ContentStore, passes: &[Pass]) -> Basis {
    let mut modules = Vec::new();
    let mut competences: Vec<BasisCompetence> = Vec::new();
    for pass in passes {
        let Some(module) = content.module(&pass.module) else {
            continue;
        };
        modules.push(BasisModule {
            id: module.id.clone(),
            title_de: module.title.de.clone(),
            title_en: module.title.en.clone(),
            version: pass.version.clone(),
            passed_at: pass.at,
        });
        for (id, level) in &module.proves {
            let Some(competence) = content.competence(id) else {
                continue;
            };
            match competences.iter_mut().find(|c| &c.id == id) {
                Some(known) => known.level = Ord::max(known.level, *level),
                None => competences.push(BasisCompetence {
                    id: id.clone(),
                    title_de: competence.title.de.clone(),
                    title_en: competence.title.en.clone(),
                    level: *level,
                }),
            }
        }
    }
    modules.sort_by(|a, b| a.title_de.cmp(&b.title_de));
    competences.sort_by(|a, b| a.id.cmp(&b.id));
    Basis {
        modules,
        competences,
    }
}

/// The latest pass of every module the learner passed (quiz or placement test).
pub async fn passes(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<HashMap<String, Pass>, AppError> {
    let attempts = quiz_attempt::Entity::find()
        .filter(quiz_attempt::Column::UserId.eq(user_id))
        .filter(quiz_attempt::Column::Passed.eq(true))
        .all(db)
        .await?;
    Ok(rules::latest_passes(attempts.into_iter().filter_map(|a| {
        Some(Pass {
            at: a.submitted_at?,
            module: a.module_id,
            version: a.module_version,
        })
    })))
}

/// The status a certificate has at `now`.
pub fn status_at(model: &certificate::Model, now: DateTime<Utc>) -> CertificateStatus {
    match model.status.as_str() {
        certificate::STATUS_REVOKED => CertificateStatus::Revoked,
        certificate::STATUS_SUPERSEDED => CertificateStatus::Superseded,
        _ if model.valid_until <= now => CertificateStatus::Expired,
        _ => CertificateStatus::Valid,
    }
}

/// A random public id: 128 bits, URL-safe, unguessable.
fn new_public_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| {
        tracing::error!(error = %err, "no randomness for a certificate id");
        AppError::Internal
    })?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// Increments the counter `name` and returns its new value. The row is updated in the caller's
/// transaction, so PostgreSQL holds its lock until the certificate is committed and no two
/// certificates get one number.
async fn next_value(txn: &impl ConnectionTrait, name: &str) -> Result<i64, AppError> {
    certificate_counter::Entity::insert(certificate_counter::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(0),
    })
    .on_conflict(
        OnConflict::column(certificate_counter::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    certificate_counter::Entity::update_many()
        .col_expr(
            certificate_counter::Column::Value,
            SqlExpr::add(Expr::col(certificate_counter::Column::Value), 1),
        )
        .filter(certificate_counter::Column::Name.eq(name))
        .exec(txn)
        .await?;
    certificate_counter::Entity::find_by_id(name.to_owned())
        .one(txn)
        .await?
        .map(|c| c.value)
        .ok_or(AppError::Internal)
}

/// The letters of a certificate number: Crockford's base 32, without I, L, O and U, so that
/// nothing printed can be misread.
const NUMBER_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new certificate number of the year, e.g. `DF-2026-7KQ4-M2XH`: 16 random characters
/// would be unwieldy, 8 (40 bits) are unguessable at the look-up's limits (guessing one of a
/// city's few thousand numbers takes about 10^8 tries, the look-up allows a few hundred failures
/// a quarter hour). Numbers used to count up, which let anyone list holders' names.
fn new_number(prefix: &str, year: i32) -> Result<String, AppError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|err| {
        tracing::error!(error = %err, "no randomness for a certificate number");
        AppError::Internal
    })?;
    let chars: String = bytes
        .iter()
        .map(|b| NUMBER_ALPHABET[usize::from(b & 31)] as char)
        .collect();
    Ok(format!("{prefix}-{year}-{}-{}", &chars[..4], &chars[4..]))
}

/// A number as typed: upper case, without spaces, and in its random parts (after prefix and
/// year) `O`, `I` and `L` read as the digits they look like, since the alphabet has none of them.
fn normalise_number(number: &str) -> String {
    let compact: String = number
        .trim()
        .to_uppercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    compact
        .split('-')
        .enumerate()
        .map(|(index, part)| {
            if index < 2 {
                part.to_owned()
            } else {
                part.chars()
                    .map(|c| match c {
                        'O' => '0',
                        'I' | 'L' => '1',
                        other => other,
                    })
                    .collect()
            }
        })
        .collect::<Vec<String>>()
        .join("-")
}

/// Whether `given` is the holder's surname (the last part of the name on the certificate) or
/// the whole name, regardless of case and extra spaces.
fn names_holder(holder_name: &str, given: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let given = norm(given);
    let holder = norm(holder_name);
    !given.is_empty()
        && (given == holder || holder.rsplit(' ').next().is_some_and(|last| last == given))
}

/// Issues every certificate the learner has newly earned, inside the transaction that recorded
/// the deciding quiz result. The caller holds the lock on the learner's row (PostgreSQL; SQLite
/// runs one transaction at a time), so that two final submissions racing each other, on one
/// instance or several, issue a certificate exactly once; the partial unique index on active
/// certificates backs that up.
pub async fn issue_due(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    user_id: Uuid,
) -> Result<Vec<certificate::Model>, AppError> {
    let now = ctx.now();
    if ctx.content().certificates.levels.is_empty() {
        return Ok(Vec::new());
    }
    let passes = passes(txn, user_id).await?;
    let standings = rules::standings(&ctx.content(), &passes, now);
    if !standings.iter().any(|s| s.reached) {
        return Ok(Vec::new());
    }
    let active = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(user_id))
        .filter(certificate::Column::Status.eq(certificate::STATUS_ACTIVE))
        .all(txn)
        .await?;
    let mut holder = None;
    let mut issued = Vec::new();
    for standing in standings.iter().filter(|s| s.reached) {
        let Some(valid_until) = standing.valid_until else {
            continue;
        };
        if let Some(current) = active.iter().find(|c| c.level == standing.level) {
            if !rules::renewal_due(&ctx.content(), current.valid_until, valid_until, now) {
                continue;
            }
            // Renewed: the old one stays in the history, as superseded.
            certificate::Entity::update_many()
                .col_expr(
                    certificate::Column::Status,
                    Expr::value(certificate::STATUS_SUPERSEDED),
                )
                .col_expr(certificate::Column::SupersededAt, Expr::value(now))
                .filter(certificate::Column::Id.eq(current.id))
                .exec(txn)
                .await?;
        }
        if holder.is_none() {
            holder = user::Entity::find_by_id(user_id).one(txn).await?;
        }
        let Some(holder) = &holder else {
            return Err(AppError::NotFound);
        };
        let model = issue(txn, ctx, holder, standing, valid_until, now).await?;
        issued.push(model);
    }
    Ok(issued)
}

async fn issue(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    holder: &user::Model,
    standing: &Standing,
    valid_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<certificate::Model, AppError> {
    let rules = &ctx.content().certificates;
    let basis = build_basis(&ctx.content(), &standing.basis);
    let model = certificate::ActiveModel {
        id: Set(Uuid::new_v4()),
        public_id: Set(new_public_id()?),
        number: Set(new_number(&rules.number_prefix, now.year())?),
        user_id: Set(holder.id),
        level: Set(standing.level.clone()),
        holder_name: Set(holder.display_name.clone()),
        issued_at: Set(now),
        valid_until: Set(valid_until),
        status: Set(certificate::STATUS_ACTIVE.to_owned()),
        superseded_at: Set(None),
        revoked_at: Set(None),
        revoked_by: Set(None),
        revocation_reason: Set(None),
        basis: Set(serde_json::to_string(&basis).map_err(|_| AppError::Internal)?),
        status_index: Set(next_value(txn, "status-list").await?),
    }
    .insert(txn)
    .await?;
    let locale = Locale::from_code(&holder.locale).unwrap_or_default();
    let i18n = I18n { locale };
    let level_title = rules
        .level(&model.level)
        .map(|l| l.title.get(locale).to_owned())
        .unwrap_or_else(|| model.level.clone());
    // The PDF is not rendered here, under the lock on the status-list counter: the outbox
    // worker renders it off the async runtime when it sends the mail, which this transaction
    // queues together with the certificate.
    mail::enqueue_with_attachment_at_send(
        txn,
        ctx,
        OutgoingMail {
            to: holder.email.clone(),
            person: holder.id,
            locale,
            template: "certificate_issued",
            context: serde_json::json!({
                "name": holder.display_name,
                "level": level_title,
                "number": model.number,
                "valid_until": format_date(i18n, model.valid_until),
                "link": format!("{}/certificate", ctx.settings.base_url),
                "verify_link": verify_url(ctx, &model.public_id),
                "organisation": ctx.settings.organisation_name,
            }),
            idempotency_key: Some(format!("certificate-issued-{}", model.id)),
            list_unsubscribe: None,
            attachment: None,
        },
        AttachmentAtSend {
            filename: pdf_filename(&model, locale),
            content_type: "application/pdf".to_owned(),
            source: pdf_source(&model, locale),
        },
    )
    .await?;
    tracing::info!(level = %model.level, "certificate issued");
    Ok(model)
}

pub fn verify_url(ctx: &AppContext, public_id: &str) -> String {
    format!("{}/verify/{public_id}", ctx.settings.base_url)
}

pub fn pdf_filename(model: &certificate::Model, locale: Locale) -> String {
    let word = match locale {
        Locale::De => "Zertifikat",
        Locale::En => "Certificate",
    };
    format!("{word}-{}.pdf", model.number)
}

pub fn format_date(i18n: I18n, at: DateTime<Utc>) -> String {
    crate::i18n::format::day(i18n.locale, at)
}

/// The certificate as a PDF in `locale`.
pub fn render_pdf(
    ctx: &AppContext,
    model: &certificate::Model,
    locale: Locale,
) -> Result<Vec<u8>, AppError> {
    use super::pdf::{CertificatePdf, PdfCompetence, PdfModule};
    let rules = &ctx.content().certificates;
    let basis = basis_of(model);
    let level_title = rules
        .level(&model.level)
        .map(|l| l.title.get(locale).to_owned())
        .unwrap_or_else(|| model.level.clone());
    let document = CertificatePdf {
        locale,
        holder_name: model.holder_name.clone(),
        level_title,
        modules: basis
            .modules
            .iter()
            .map(|m| PdfModule {
                title: m.title(locale).to_owned(),
                version: m.version.clone(),
                passed_on: m.passed_at.date_naive(),
            })
            .collect(),
        competences: basis
            .competences
            .iter()
            .map(|c| PdfCompetence {
                title: c.title(locale).to_owned(),
                level: c.level,
                max_level: ctx.content().level_count(&c.id),
            })
            .collect(),
        issued_on: model.issued_at.date_naive(),
        valid_until: model.valid_until.date_naive(),
        number: model.number.clone(),
        issuer_name: rules.issuer.name.get(locale).to_owned(),
        signatory_name: rules.issuer.signatory_name.clone(),
        signatory_title: rules.issuer.signatory_title.get(locale).to_owned(),
        logo_png: rules
            .issuer
            .logo_png
            .as_ref()
            .map(|logo| logo.as_ref().clone()),
        verify_url: verify_url(ctx, &model.public_id),
    };
    super::pdf::render(&document).map_err(|err| {
        tracing::error!(error = %err, "certificate PDF failed");
        AppError::Internal
    })
}

/// The certificate as a PDF in `locale`, rendered on a blocking thread: rendering takes long
/// enough to stall the async runtime's other tasks.
pub async fn render_pdf_blocking(
    ctx: &AppContext,
    model: certificate::Model,
    locale: Locale,
) -> Result<Vec<u8>, AppError> {
    let ctx = ctx.clone();
    tokio::task::spawn_blocking(move || render_pdf(&ctx, &model, locale))
        .await
        .map_err(|err| {
            tracing::error!(error = %err, "certificate PDF rendering did not finish");
            AppError::Internal
        })?
}

/// How the issuing mail names its PDF for the outbox worker.
const PDF_SOURCE: &str = "certificate-pdf";

fn pdf_source(model: &certificate::Model, locale: Locale) -> String {
    format!("{PDF_SOURCE}:{}:{}", model.id, locale.code())
}

/// The attachment an outbox row names in `source` (see `mail::AttachmentAtSend`), for the outbox
/// worker. `Ok(None)` when it can never be made: the source is not a certificate PDF, or the
/// certificate is gone. Errors are worth a retry.
pub async fn render_attachment(
    ctx: &AppContext,
    source: &str,
) -> Result<Option<Vec<u8>>, AppError> {
    let mut parts = source.splitn(3, ':');
    let (Some(PDF_SOURCE), Some(id), Some(locale)) = (parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let (Ok(id), Some(locale)) = (id.parse::<Uuid>(), Locale::from_code(locale)) else {
        return Ok(None);
    };
    let Some(model) = certificate::Entity::find_by_id(id).one(&ctx.db).await? else {
        return Ok(None);
    };
    render_pdf_blocking(ctx, model, locale).await.map(Some)
}

// ---------------------------------------------------------------------------------------------
// Views

fn level_title(content: &ContentStore, level: &str, locale: Locale) -> String {
    content
        .certificates
        .level(level)
        .map(|l| l.title.get(locale).to_owned())
        .unwrap_or_else(|| level.to_owned())
}

fn view_of(ctx: &AppContext, model: &certificate::Model, locale: Locale) -> CertificateView {
    CertificateView {
        public_id: model.public_id.clone(),
        number: model.number.clone(),
        level: model.level.clone(),
        level_title: level_title(&ctx.content(), &model.level, locale),
        issued_at: model.issued_at,
        valid_until: model.valid_until,
        status: status_at(model, ctx.now()),
        revocation_reason: model.revocation_reason.clone(),
    }
}

pub async fn my_certificates(
    ctx: &AppContext,
    me: &CurrentUser,
) -> Result<MyCertificates, AppError> {
    let locale = me.locale;
    let now = ctx.now();
    let all = certificate::Entity::find()
        .filter(certificate::Column::UserId.eq(me.id))
        .order_by_desc(certificate::Column::IssuedAt)
        .all(&ctx.read)
        .await?;
    let passes = passes(&ctx.read, me.id).await?;
    let standings = rules::standings(&ctx.content(), &passes, now);
    let module_title = |id: &str| {
        ctx.content()
            .module(id)
            .map(|m| m.title.get(locale).to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    let levels = ctx
        .content()
        .certificates
        .levels
        .iter()
        .zip(standings.iter())
        .map(|(level, standing)| {
            let current = all
                .iter()
                .find(|c| c.level == level.id && c.status == certificate::STATUS_ACTIVE)
                .map(|c| view_of(ctx, c, locale));
            // Refreshes that fall due within the first reminder window, or are overdue.
            let window = ctx
                .content()
                .certificates
                .reminder_days
                .first()
                .copied()
                .unwrap_or(60);
            let mut refresh_due: Vec<RefreshDue> = passes
                .values()
                .filter(|p| {
                    level.all_mandatory
                        && ctx.content().module(&p.module).is_some_and(|m| m.mandatory)
                        || level.modules.contains(&p.module)
                })
                .filter_map(|p| {
                    let due = rules::pass_expires(&ctx.content(), p)?;
                    (due - Duration::days(i64::from(window)) <= now).then(|| RefreshDue {
                        module_id: p.module.clone(),
                        title: module_title(&p.module),
                        due,
                    })
                })
                .collect();
            refresh_due.sort_by_key(|r| r.due);
            LevelView {
                id: level.id.clone(),
                title: level.title.get(locale).to_owned(),
                description: level.description.get(locale).to_owned(),
                reached: standing.reached,
                current,
                missing: standing
                    .missing
                    .iter()
                    .map(|id| MissingModule {
                        id: id.clone(),
                        title: module_title(id),
                    })
                    .collect(),
                electives_missing: standing.electives_missing,
                requires_missing: standing
                    .requires_missing
                    .as_ref()
                    .map(|l| level_title(&ctx.content(), l, locale)),
                refresh_due,
            }
        })
        .collect();
    Ok(MyCertificates {
        levels,
        history: all.iter().map(|c| view_of(ctx, c, locale)).collect(),
    })
}

/// Failed public look-ups (an unknown number, a number with the wrong name, an unknown
/// verification address) per client address and quarter hour. Views of a genuine certificate
/// through its QR code are not counted: its address is unguessable.
const FAILED_LOOKUP_LIMIT: i32 = 30;
/// Failed public look-ups from all addresses together per quarter hour: someone with many
/// addresses cannot go through numbers either.
const FAILED_LOOKUP_GLOBAL_LIMIT: i32 = 300;
const LOOKUP_WINDOW_MINUTES: i64 = 15;

fn lookup_buckets(client: &str) -> [String; 2] {
    [
        format!("verify-failed:{client}"),
        "verify-failed:*".to_owned(),
    ]
}

/// Refuses a look-up while this address, or everyone together, has failed too often.
async fn check_lookup_limits(ctx: &AppContext, client: &str) -> Result<(), AppError> {
    let window = Duration::minutes(LOOKUP_WINDOW_MINUTES);
    let [address, global] = lookup_buckets(client);
    if rate_limit::reached(ctx, &address, FAILED_LOOKUP_LIMIT, window).await?
        || rate_limit::reached(ctx, &global, FAILED_LOOKUP_GLOBAL_LIMIT, window).await?
    {
        tracing::warn!("certificate look-up refused: too many failures");
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: LOOKUP_WINDOW_MINUTES as u64,
        });
    }
    Ok(())
}

async fn count_failed_lookup(ctx: &AppContext, client: &str) -> Result<(), AppError> {
    let window = Duration::minutes(LOOKUP_WINDOW_MINUTES);
    for bucket in lookup_buckets(client) {
        rate_limit::count(ctx, &bucket, window).await?;
    }
    Ok(())
}

/// A certificate as anyone sees it through its verification address. `client` is the asking
/// address (`auth::server::client_address`), for the limit on failed look-ups.
pub async fn public_certificate(
    ctx: &AppContext,
    locale: Locale,
    client: &str,
    public_id: String,
) -> Result<PublicCertificate, AppError> {
    check_lookup_limits(ctx, client).await?;
    let Some(model) = certificate::Entity::find()
        .filter(certificate::Column::PublicId.eq(public_id.trim()))
        .one(&ctx.db)
        .await?
    else {
        count_failed_lookup(ctx, client).await?;
        return Err(AppError::NotFound);
    };
    Ok(PublicCertificate {
        public_id: model.public_id.clone(),
        holder_name: model.holder_name.clone(),
        level_title: level_title(&ctx.content(), &model.level, locale),
        issued_at: model.issued_at,
        valid_until: model.valid_until,
        status: status_at(&model, ctx.now()),
        revocation_reason: model.revocation_reason.clone(),
    })
}

/// Finds a certificate by its printed number and the holder's surname, and sends the visitor to
/// its verification page. Both are needed: a number alone (seen on a photo, or guessed) does
/// not reveal whose it is. A wrong number and a wrong name get the same answer.
pub async fn lookup(
    ctx: &AppContext,
    client: &str,
    number: String,
    surname: String,
) -> Result<String, AppError> {
    let number = normalise_number(&number);
    let mut v = Validation::new();
    v.check(!number.is_empty(), "number", "verify-number-required");
    v.check(
        !surname.trim().is_empty(),
        "surname",
        "verify-surname-required",
    );
    v.finish()?;
    // Over-long input gets the answer of a wrong number and name, which says nothing about
    // which of the two is wrong.
    if number.chars().count() > 64 || surname.chars().count() > 200 {
        return Err(AppError::invalid("number", "verify-number-unknown"));
    }
    check_lookup_limits(ctx, client).await?;
    let found = certificate::Entity::find()
        .filter(certificate::Column::Number.eq(number.as_str()))
        .one(&ctx.db)
        .await?
        .filter(|model| names_holder(&model.holder_name, &surname));
    let Some(model) = found else {
        count_failed_lookup(ctx, client).await?;
        return Err(AppError::invalid("number", "verify-number-unknown"));
    };
    Ok(format!("/verify/{}", model.public_id))
}

pub async fn admin_list(
    ctx: &AppContext,
    me: &CurrentUser,
    query: Option<String>,
) -> Result<Vec<AdminCertificateRow>, AppError> {
    me.require_any(&[Role::Admin])?;
    let locale = me.locale;
    let mut select = certificate::Entity::find().order_by_desc(certificate::Column::IssuedAt);
    if let Some(query) = query.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", query.to_lowercase());
        select = select.filter(
            sea_orm::Condition::any()
                .add(SqlExpr::like(
                    Func::lower(Expr::col(certificate::Column::HolderName)),
                    &pattern,
                ))
                .add(SqlExpr::like(
                    Func::lower(Expr::col(certificate::Column::Number)),
                    &pattern,
                )),
        );
    }
    let rows = select.limit(200).all(&ctx.db).await?;
    Ok(rows
        .iter()
        .map(|c| AdminCertificateRow {
            certificate: view_of(ctx, c, locale),
            holder_name: c.holder_name.clone(),
        })
        .collect())
}

pub async fn revoke(
    ctx: &AppContext,
    me: &CurrentUser,
    public_id: String,
    reason: String,
) -> Result<String, AppError> {
    me.require_any(&[Role::Admin])?;
    let admin = me;
    let reason = reason.trim().to_owned();
    let mut v = Validation::new();
    let length = reason.chars().count();
    v.check(length >= 5, "reason", "certificate-revoke-reason-required");
    v.check(
        length <= 500,
        "reason",
        "certificate-revoke-reason-too-long",
    );
    v.finish()?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let model = certificate::Entity::find()
        .filter(certificate::Column::PublicId.eq(public_id.trim()))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if model.status == certificate::STATUS_REVOKED {
        return Err(AppError::Conflict("certificate-already-revoked".into()));
    }
    certificate::Entity::update_many()
        .col_expr(
            certificate::Column::Status,
            Expr::value(certificate::STATUS_REVOKED),
        )
        .col_expr(certificate::Column::RevokedAt, Expr::value(now))
        .col_expr(certificate::Column::RevokedBy, Expr::value(admin.id))
        .col_expr(
            certificate::Column::RevocationReason,
            Expr::value(reason.clone()),
        )
        .filter(certificate::Column::Id.eq(model.id))
        .exec(&txn)
        .await?;
    crate::audit::server::record(
        &txn,
        now,
        Some(admin.id),
        "certificate.revoked",
        "certificate",
        Some(model.number.clone()),
        serde_json::json!({ "level": model.level }),
    )
    .await?;
    txn.commit().await?;
    Ok(String::from("/admin/certificates?revoked=1"))
}

/// Queues the reminder mails that are due: for every current certificate, the reminder of the
/// smallest configured distance it has come within. Each reminder goes out once: the outbox's
/// unique idempotency key turns a second queueing (another instance, another run) into nothing.
pub async fn send_due_reminders(ctx: &AppContext) -> Result<usize, AppError> {
    let rules = &ctx.content().certificates;
    let Some(widest) = rules.reminder_days.first().copied() else {
        return Ok(0);
    };
    let now = ctx.now();
    let due = certificate::Entity::find()
        .filter(certificate::Column::Status.eq(certificate::STATUS_ACTIVE))
        .filter(certificate::Column::ValidUntil.gt(now))
        .filter(certificate::Column::ValidUntil.lte(now + Duration::days(i64::from(widest))))
        .all(&ctx.db)
        .await?;
    let mut queued = 0;
    for model in due {
        let Some(days) = rules
            .reminder_days
            .iter()
            .rev()
            .copied()
            .find(|d| model.valid_until <= now + Duration::days(i64::from(*d)))
        else {
            continue;
        };
        let key = format!("certificate-reminder-{days}-{}", model.id);
        let queued_before = crate::db::outbox::Entity::find()
            .filter(crate::db::outbox::Column::IdempotencyKey.eq(key.as_str()))
            .one(&ctx.db)
            .await?
            .is_some();
        if queued_before {
            continue;
        }
        let Some(holder) = user::Entity::find_by_id(model.user_id).one(&ctx.db).await? else {
            continue;
        };
        if !holder.active {
            continue;
        }
        let locale = Locale::from_code(&holder.locale).unwrap_or_default();
        let i18n = I18n { locale };
        let passes = passes(&ctx.db, holder.id).await?;
        let refresh: Vec<String> = basis_of(&model)
            .modules
            .iter()
            .filter(|m| {
                passes
                    .get(&m.id)
                    .and_then(|p| rules::pass_expires(&ctx.content(), p))
                    .is_some_and(|until| until <= model.valid_until + Duration::days(1))
            })
            .map(|m| m.title(locale).to_owned())
            .collect();
        let txn = ctx.db.begin().await?;
        // Another instance may queue it in the same moment: then this one queues nothing.
        let new = mail::enqueue(
            &txn,
            ctx,
            OutgoingMail {
                to: holder.email.clone(),
                person: holder.id,
                locale,
                template: "certificate_reminder",
                context: serde_json::json!({
                    "name": holder.display_name,
                    "level": level_title(&ctx.content(), &model.level, locale),
                    "number": model.number,
                    "valid_until": format_date(i18n, model.valid_until),
                    "days": Ord::max((model.valid_until - now).num_days(), 1),
                    "modules": refresh,
                    "link": format!("{}/certificate", ctx.settings.base_url),
                    "organisation": ctx.settings.organisation_name,
                }),
                idempotency_key: Some(key),
                list_unsubscribe: None,
                attachment: None,
            },
        )
        .await?;
        txn.commit().await?;
        if new {
            queued += 1;
        }
    }
    if queued > 0 {
        ctx.mail_wakeup.notify_one();
    }
    Ok(queued)
}

/// The certificate with `public_id` if it belongs to `owner`; anyone else's does not exist. For
/// the downloads, read through the reader.
pub async fn own_certificate(
    ctx: &AppContext,
    owner: Uuid,
    public_id: &str,
) -> Result<certificate::Model, AppError> {
    let model = certificate::Entity::find()
        .filter(certificate::Column::PublicId.eq(public_id))
        .one(&ctx.read)
        .await?
        .ok_or(AppError::NotFound)?;
    if model.user_id != owner {
        return Err(AppError::NotFound);
    }
    Ok(model)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod number_tests {
    use super::*;

    #[test]
    fn numbers_are_random_readable_and_typed_forgivingly() {
        let a = new_number("DF", 2026).unwrap();
        let b = new_number("DF", 2026).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), "DF-2026-XXXX-XXXX".len(), "{a}");
        assert!(a.starts_with("DF-2026-"), "{a}");
        assert!(
            a[8..]
                .chars()
                .all(|c| c == '-' || NUMBER_ALPHABET.contains(&(c as u8))),
            "{a}"
        );
        assert_eq!(normalise_number(" df-2026-7kq4-m2xh "), "DF-2026-7KQ4-M2XH");
        assert_eq!(normalise_number("DF-2026-7KQ4-MOXL"), "DF-2026-7KQ4-M0X1");
        assert_eq!(normalise_number("DF-2026-000042"), "DF-2026-000042");
    }

    #[test]
    fn a_look_up_needs_the_holders_surname() {
        for (holder, given, expected) in [
            ("Erika Mustermann", "Mustermann", true),
            ("Erika Mustermann", "  mustermann ", true),
            ("Erika Mustermann", "Erika  Mustermann", true),
            ("Jörg Müller-Lüdenscheidt", "müller-lüdenscheidt", true),
            ("Erika Mustermann", "Erika", false),
            ("Erika Mustermann", "Muster", false),
            ("Erika Mustermann", "", false),
            ("Erika Mustermann", "%", false),
        ] {
            assert_eq!(
                names_holder(holder, given),
                expected,
                "{holder} / {given:?}"
            );
        }
    }
}
