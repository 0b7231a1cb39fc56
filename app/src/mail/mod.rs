//! Queuing mail (server only). A mail is rendered from its template files and written to the
//! outbox table inside the caller's transaction, so it exists exactly when the change that
//! caused it was committed. Delivery is the server's outbox worker's job, not this module's.

use std::sync::OnceLock;

use minijinja::Environment;
use sea_orm::{ConnectionTrait, Set};
use uuid::Uuid;

use crate::context::AppContext;
use crate::db::{notice, outbox};
use crate::error::AppError;
use crate::i18n::Locale;

/// The template files, embedded at build time: `<name>.<locale>.txt` and `<name>.<locale>.html`,
/// each with a `subject` block. `.html` templates escape their values; `.txt` ones do not.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../templates/mail/layout.html"),
    ),
    (
        "layout.txt",
        include_str!("../../templates/mail/layout.txt"),
    ),
    (
        "invitation.de.txt",
        include_str!("../../templates/mail/invitation.de.txt"),
    ),
    (
        "invitation.de.html",
        include_str!("../../templates/mail/invitation.de.html"),
    ),
    (
        "invitation.en.txt",
        include_str!("../../templates/mail/invitation.en.txt"),
    ),
    (
        "invitation.en.html",
        include_str!("../../templates/mail/invitation.en.html"),
    ),
    (
        "password_reset.de.txt",
        include_str!("../../templates/mail/password_reset.de.txt"),
    ),
    (
        "password_reset.de.html",
        include_str!("../../templates/mail/password_reset.de.html"),
    ),
    (
        "password_reset.en.txt",
        include_str!("../../templates/mail/password_reset.en.txt"),
    ),
    (
        "password_reset.en.html",
        include_str!("../../templates/mail/password_reset.en.html"),
    ),
    (
        "certificate_issued.de.txt",
        include_str!("../../templates/mail/certificate_issued.de.txt"),
    ),
    (
        "certificate_issued.de.html",
        include_str!("../../templates/mail/certificate_issued.de.html"),
    ),
    (
        "certificate_issued.en.txt",
        include_str!("../../templates/mail/certificate_issued.en.txt"),
    ),
    (
        "certificate_issued.en.html",
        include_str!("../../templates/mail/certificate_issued.en.html"),
    ),
    (
        "certificate_reminder.de.txt",
        include_str!("../../templates/mail/certificate_reminder.de.txt"),
    ),
    (
        "certificate_reminder.de.html",
        include_str!("../../templates/mail/certificate_reminder.de.html"),
    ),
    (
        "certificate_reminder.en.txt",
        include_str!("../../templates/mail/certificate_reminder.en.txt"),
    ),
    (
        "certificate_reminder.en.html",
        include_str!("../../templates/mail/certificate_reminder.en.html"),
    ),
    (
        "help_request.de.txt",
        include_str!("../../templates/mail/help_request.de.txt"),
    ),
    (
        "help_request.de.html",
        include_str!("../../templates/mail/help_request.de.html"),
    ),
    (
        "help_request.en.txt",
        include_str!("../../templates/mail/help_request.en.txt"),
    ),
    (
        "help_request.en.html",
        include_str!("../../templates/mail/help_request.en.html"),
    ),
    (
        "help_unassigned.de.txt",
        include_str!("../../templates/mail/help_unassigned.de.txt"),
    ),
    (
        "help_unassigned.de.html",
        include_str!("../../templates/mail/help_unassigned.de.html"),
    ),
    (
        "help_unassigned.en.txt",
        include_str!("../../templates/mail/help_unassigned.en.txt"),
    ),
    (
        "help_unassigned.en.html",
        include_str!("../../templates/mail/help_unassigned.en.html"),
    ),
    (
        "help_meeting.de.txt",
        include_str!("../../templates/mail/help_meeting.de.txt"),
    ),
    (
        "help_meeting.de.html",
        include_str!("../../templates/mail/help_meeting.de.html"),
    ),
    (
        "help_meeting.en.txt",
        include_str!("../../templates/mail/help_meeting.en.txt"),
    ),
    (
        "help_meeting.en.html",
        include_str!("../../templates/mail/help_meeting.en.html"),
    ),
    (
        "help_feedback.de.txt",
        include_str!("../../templates/mail/help_feedback.de.txt"),
    ),
    (
        "help_feedback.de.html",
        include_str!("../../templates/mail/help_feedback.de.html"),
    ),
    (
        "help_feedback.en.txt",
        include_str!("../../templates/mail/help_feedback.en.txt"),
    ),
    (
        "help_feedback.en.html",
        include_str!("../../templates/mail/help_feedback.en.html"),
    ),
    (
        "newsletter.de.txt",
        include_str!("../../templates/mail/newsletter.de.txt"),
    ),
    (
        "newsletter.de.html",
        include_str!("../../templates/mail/newsletter.de.html"),
    ),
    (
        "newsletter.en.txt",
        include_str!("../../templates/mail/newsletter.en.txt"),
    ),
    (
        "newsletter.en.html",
        include_str!("../../templates/mail/newsletter.en.html"),
    ),
    (
        "session.de.txt",
        include_str!("../../templates/mail/session.de.txt"),
    ),
    (
        "session.de.html",
        include_str!("../../templates/mail/session.de.html"),
    ),
    (
        "session.en.txt",
        include_str!("../../templates/mail/session.en.txt"),
    ),
    (
        "session.en.html",
        include_str!("../../templates/mail/session.en.html"),
    ),
    (
        "email_changed.de.txt",
        include_str!("../../templates/mail/email_changed.de.txt"),
    ),
    (
        "email_changed.de.html",
        include_str!("../../templates/mail/email_changed.de.html"),
    ),
    (
        "email_changed.en.txt",
        include_str!("../../templates/mail/email_changed.en.txt"),
    ),
    (
        "email_changed.en.html",
        include_str!("../../templates/mail/email_changed.en.html"),
    ),
    (
        "data_request.de.txt",
        include_str!("../../templates/mail/data_request.de.txt"),
    ),
    (
        "data_request.de.html",
        include_str!("../../templates/mail/data_request.de.html"),
    ),
    (
        "data_request.en.txt",
        include_str!("../../templates/mail/data_request.en.txt"),
    ),
    (
        "data_request.en.html",
        include_str!("../../templates/mail/data_request.en.html"),
    ),
    (
        "data_request_answered.de.txt",
        include_str!("../../templates/mail/data_request_answered.de.txt"),
    ),
    (
        "data_request_answered.de.html",
        include_str!("../../templates/mail/data_request_answered.de.html"),
    ),
    (
        "data_request_answered.en.txt",
        include_str!("../../templates/mail/data_request_answered.en.txt"),
    ),
    (
        "data_request_answered.en.html",
        include_str!("../../templates/mail/data_request_answered.en.html"),
    ),
    (
        "barrier_report.de.txt",
        include_str!("../../templates/mail/barrier_report.de.txt"),
    ),
    (
        "barrier_report.de.html",
        include_str!("../../templates/mail/barrier_report.de.html"),
    ),
    (
        "barrier_report.en.txt",
        include_str!("../../templates/mail/barrier_report.en.txt"),
    ),
    (
        "barrier_report.en.html",
        include_str!("../../templates/mail/barrier_report.en.html"),
    ),
    (
        "barrier_report_received.de.txt",
        include_str!("../../templates/mail/barrier_report_received.de.txt"),
    ),
    (
        "barrier_report_received.de.html",
        include_str!("../../templates/mail/barrier_report_received.de.html"),
    ),
    (
        "barrier_report_received.en.txt",
        include_str!("../../templates/mail/barrier_report_received.en.txt"),
    ),
    (
        "barrier_report_received.en.html",
        include_str!("../../templates/mail/barrier_report_received.en.html"),
    ),
    (
        "barrier_report_answered.de.txt",
        include_str!("../../templates/mail/barrier_report_answered.de.txt"),
    ),
    (
        "barrier_report_answered.de.html",
        include_str!("../../templates/mail/barrier_report_answered.de.html"),
    ),
    (
        "barrier_report_answered.en.txt",
        include_str!("../../templates/mail/barrier_report_answered.en.txt"),
    ),
    (
        "barrier_report_answered.en.html",
        include_str!("../../templates/mail/barrier_report_answered.en.html"),
    ),
    (
        "question_report.de.txt",
        include_str!("../../templates/mail/question_report.de.txt"),
    ),
    (
        "question_report.de.html",
        include_str!("../../templates/mail/question_report.de.html"),
    ),
    (
        "question_report.en.txt",
        include_str!("../../templates/mail/question_report.en.txt"),
    ),
    (
        "question_report.en.html",
        include_str!("../../templates/mail/question_report.en.html"),
    ),
    (
        "content_review.de.txt",
        include_str!("../../templates/mail/content_review.de.txt"),
    ),
    (
        "content_review.de.html",
        include_str!("../../templates/mail/content_review.de.html"),
    ),
    (
        "content_review.en.txt",
        include_str!("../../templates/mail/content_review.en.txt"),
    ),
    (
        "content_review.en.html",
        include_str!("../../templates/mail/content_review.en.html"),
    ),
    (
        "idea_status.de.txt",
        include_str!("../../templates/mail/idea_status.de.txt"),
    ),
    (
        "idea_status.de.html",
        include_str!("../../templates/mail/idea_status.de.html"),
    ),
    (
        "idea_status.en.txt",
        include_str!("../../templates/mail/idea_status.en.txt"),
    ),
    (
        "idea_status.en.html",
        include_str!("../../templates/mail/idea_status.en.html"),
    ),
    (
        "knowledge_published.de.txt",
        include_str!("../../templates/mail/knowledge_published.de.txt"),
    ),
    (
        "knowledge_published.de.html",
        include_str!("../../templates/mail/knowledge_published.de.html"),
    ),
    (
        "knowledge_published.en.txt",
        include_str!("../../templates/mail/knowledge_published.en.txt"),
    ),
    (
        "knowledge_published.en.html",
        include_str!("../../templates/mail/knowledge_published.en.html"),
    ),
    (
        "knowledge_returned.de.txt",
        include_str!("../../templates/mail/knowledge_returned.de.txt"),
    ),
    (
        "knowledge_returned.de.html",
        include_str!("../../templates/mail/knowledge_returned.de.html"),
    ),
    (
        "knowledge_returned.en.txt",
        include_str!("../../templates/mail/knowledge_returned.en.txt"),
    ),
    (
        "knowledge_returned.en.html",
        include_str!("../../templates/mail/knowledge_returned.en.html"),
    ),
    (
        "knowledge_recheck.de.txt",
        include_str!("../../templates/mail/knowledge_recheck.de.txt"),
    ),
    (
        "knowledge_recheck.de.html",
        include_str!("../../templates/mail/knowledge_recheck.de.html"),
    ),
    (
        "knowledge_recheck.en.txt",
        include_str!("../../templates/mail/knowledge_recheck.en.txt"),
    ),
    (
        "knowledge_recheck.en.html",
        include_str!("../../templates/mail/knowledge_recheck.en.html"),
    ),
];

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            if let Err(err) = env.add_template(name, source) {
                tracing::error!(template = name, error = %err, "mail template does not compile");
            }
        }
        env
    })
}

pub struct OutgoingMail {
    /// The address; `None` for a person without one, who finds the mail's text on their start
    /// page instead (`notice`), so that nothing is queued that could never be delivered.
    pub to: Option<String>,
    /// The person the mail is for.
    pub person: Uuid,
    pub locale: Locale,
    /// Template name without locale and extension, e.g. `invitation`.
    pub template: &'static str,
    pub context: serde_json::Value,
    /// Set for mails that must go out at most once per cause (e.g. one reminder per certificate
    /// and deadline): a second enqueue with the same key is ignored.
    pub idempotency_key: Option<String>,
    pub attachment: Option<MailAttachment>,
    /// A link that ends the subscription this mail belongs to (the newsletter's).
    pub list_unsubscribe: Option<String>,
}

/// A file sent with a mail, e.g. the certificate PDF. Stored with the queued mail, so every
/// retry sends exactly what was queued.
#[derive(Clone, Debug)]
pub struct MailAttachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A file the outbox worker makes when it sends the mail, named by `source`: the certificate
/// PDF, whose rendering would otherwise hold the transaction that issues the certificate (and
/// the status-list counter it locks) and occupy the async runtime. The row that names it is
/// committed with the cause like any mail, so the mail goes out however the process ends; the
/// worker renders the file once, stores it with the mail, and every retry sends that file.
#[derive(Clone, Debug)]
pub struct AttachmentAtSend {
    pub filename: String,
    pub content_type: String,
    /// What to make, in a form the worker's renderer knows (e.g. `certificate-pdf:<id>:de`).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn render(
    template: &str,
    locale: Locale,
    context: &serde_json::Value,
) -> Result<RenderedMail, minijinja::Error> {
    let env = environment();
    let text_template = env.get_template(&format!("{template}.{}.txt", locale.code()))?;
    let html_template = env.get_template(&format!("{template}.{}.html", locale.code()))?;
    let mut captured = text_template.render_captured(context)?;
    let subject = captured
        .with_state_mut(|state| state.render_block("subject"))?
        .trim()
        .to_owned();
    let text = captured.into_output();
    let html = html_template.render(context)?;
    Ok(RenderedMail {
        subject,
        text,
        html,
    })
}

/// Writes a mail into the outbox within `txn`. Call `ctx.mail_wakeup.notify_one()` after the
/// commit so this instance's worker sends it at once.
///
/// Returns whether the mail was queued: `false` when its idempotency key is queued already. The
/// key is claimed by the insert itself (`ON CONFLICT DO NOTHING` on its unique index), not by a
/// look-up before it: of two transactions queueing one key at the same moment, the second waits
/// for the first and then inserts nothing, instead of failing on the unique index and taking
/// the caller's whole transaction down with it.
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    mail: OutgoingMail,
) -> Result<bool, AppError> {
    insert(txn, ctx, mail, None).await
}

/// Like `enqueue`, for a mail whose attachment the outbox worker makes when it sends it.
pub async fn enqueue_with_attachment_at_send(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    mail: OutgoingMail,
    attachment: AttachmentAtSend,
) -> Result<bool, AppError> {
    insert(txn, ctx, mail, Some(attachment)).await
}

async fn insert(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    mail: OutgoingMail,
    at_send: Option<AttachmentAtSend>,
) -> Result<bool, AppError> {
    use sea_orm::EntityTrait;
    use sea_orm::sea_query::OnConflict;
    let rendered = render(mail.template, mail.locale, &mail.context).map_err(|err| {
        tracing::error!(template = mail.template, error = %err, "mail template failed to render");
        AppError::Internal
    })?;
    let id = Uuid::new_v4();
    let now = ctx.now();
    let Some(recipient) = mail.to else {
        return keep_as_notice(txn, ctx, mail.person, mail.idempotency_key, rendered).await;
    };
    let (attachment_name, attachment_type, attachment, attachment_source) =
        match (mail.attachment, at_send) {
            (Some(a), _) => (Some(a.filename), Some(a.content_type), Some(a.bytes), None),
            (None, Some(a)) => (Some(a.filename), Some(a.content_type), None, Some(a.source)),
            (None, None) => (None, None, None, None),
        };
    let row = outbox::ActiveModel {
        id: Set(id),
        // Fixed when queued, so every retry of this mail carries the same Message-ID and a
        // receiver can drop a duplicate.
        message_id: Set(format!("<{}@{}>", id.simple(), ctx.settings.mail_domain)),
        idempotency_key: Set(mail.idempotency_key),
        recipient: Set(recipient),
        template: Set(mail.template.to_owned()),
        locale: Set(mail.locale.code().to_owned()),
        subject: Set(rendered.subject),
        body_text: Set(rendered.text),
        body_html: Set(rendered.html),
        status: Set(outbox::STATUS_PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_owner: Set(None),
        lease_expires_at: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        attachment_name: Set(attachment_name),
        attachment_type: Set(attachment_type),
        attachment: Set(attachment),
        attachment_source: Set(attachment_source),
        list_unsubscribe: Set(mail.list_unsubscribe),
    };
    // Rows without a key never conflict on it (NULLs are distinct in a unique index).
    let inserted = outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(outbox::Column::IdempotencyKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(inserted == 1)
}

/// The unread notices of a person, newest first (the start page shows them).
pub async fn unread_notices(
    ctx: &AppContext,
    person: Uuid,
) -> Result<Vec<notice::Model>, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    Ok(notice::Entity::find()
        .filter(notice::Column::UserId.eq(person))
        .filter(notice::Column::ReadAt.is_null())
        .order_by_desc(notice::Column::CreatedAt)
        .limit(50)
        .all(&ctx.read)
        .await?)
}

/// Marks one of the person's own notices as read; someone else's is not found.
pub async fn mark_notice_read(ctx: &AppContext, person: Uuid, id: Uuid) -> Result<(), AppError> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let updated = notice::Entity::update_many()
        .col_expr(notice::Column::ReadAt, Expr::value(ctx.now()))
        .filter(notice::Column::Id.eq(id))
        .filter(notice::Column::UserId.eq(person))
        .exec(&ctx.db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The start page's copy of a mail for a person without an address. A mail with an idempotency
/// key becomes one notice per key, as it would have been one mail.
async fn keep_as_notice(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    person: Uuid,
    idempotency_key: Option<String>,
    rendered: RenderedMail,
) -> Result<bool, AppError> {
    use sea_orm::EntityTrait;
    use sea_orm::sea_query::OnConflict;
    // The key decides the notice's id, so a second notice for the same cause conflicts.
    let id = match &idempotency_key {
        Some(key) => {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(format!("notice:{key}").as_bytes());
            let mut bytes = [0u8; 16];
            bytes.copy_from_slice(&digest[..16]);
            uuid::Builder::from_custom_bytes(bytes).into_uuid()
        }
        None => Uuid::new_v4(),
    };
    let inserted = notice::Entity::insert(notice::ActiveModel {
        id: Set(id),
        user_id: Set(person),
        subject: Set(rendered.subject),
        body: Set(rendered.text),
        created_at: Set(ctx.now()),
        read_at: Set(None),
    })
    .on_conflict(
        OnConflict::column(notice::Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(inserted == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> serde_json::Value {
        serde_json::json!({
            "name": "Erika <Muster>",
            "link": "https://lernen.example/password/set/abc",
            "organisation": "Stadt Musterstadt",
            "valid_hours": 2,
            "valid_days": 7,
            "level": "Digitaler Führerschein – Basis",
            "number": "DF-2026-000001",
            "valid_until": "01.12.2028",
            "verify_link": "https://lernen.example/verify/abc",
            "days": 60,
            "modules": ["Informationssicherheit"],
        })
    }

    #[test]
    fn every_template_renders_in_both_languages() {
        for template in [
            "invitation",
            "password_reset",
            "certificate_issued",
            "certificate_reminder",
            "help_request",
            "help_unassigned",
            "help_meeting",
            "help_feedback",
            "newsletter",
            "session",
            "email_changed",
            "data_request",
            "data_request_answered",
            "barrier_report",
            "barrier_report_received",
            "barrier_report_answered",
            "question_report",
            "idea_status",
        ] {
            for locale in Locale::ALL {
                let mail = render(template, locale, &sample());
                assert!(
                    mail.is_ok(),
                    "{template}.{}: {:?}",
                    locale.code(),
                    mail.err()
                );
                let mail = mail.unwrap_or_else(|_| unreachable!());
                assert!(
                    !mail.subject.is_empty() && !mail.subject.contains('\n'),
                    "{template}: subject {:?}",
                    mail.subject
                );
                assert!(
                    mail.text
                        .contains("https://lernen.example/password/set/abc"),
                    "{template}: link missing in text"
                );
                assert!(
                    mail.html
                        .contains("https://lernen.example/password/set/abc"),
                    "{template}: link missing in html"
                );
            }
        }
    }

    #[test]
    fn html_escapes_and_text_does_not() {
        let mail = render("invitation", Locale::De, &sample()).unwrap_or_else(|e| panic!("{e}"));
        assert!(mail.html.contains("Erika &lt;Muster&gt;"));
        assert!(mail.text.contains("Erika <Muster>"));
    }
}
