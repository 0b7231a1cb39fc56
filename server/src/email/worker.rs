//! The outbox worker. Several may run (one per server instance) against one database: each row
//! is claimed with a lease by a conditional UPDATE, so only one worker sends it; a worker that
//! dies mid-send loses its lease after `lease` and another retries. A retry after such a crash
//! can deliver twice, which is why the Message-ID is fixed when the mail is queued: receivers
//! can recognise the duplicate.
//!
//! A mail may name an attachment to be made at send time (the certificate PDF): the worker
//! makes it on a blocking thread and stores it with the mail before the first attempt, so
//! retries send the same file.

use std::sync::Arc;
use std::time::Duration;

use app::context::{AppContext, Clock};
use app::db::outbox;
use chrono::Duration as ChronoDuration;
use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tokio::sync::{Notify, watch};
use uuid::Uuid;

use super::{MailTransport, recipient_domain};

#[derive(Clone, Debug)]
pub struct WorkerSettings {
    pub poll_interval: Duration,
    pub retry_base: ChronoDuration,
    pub retry_max: ChronoDuration,
    pub max_attempts: i32,
    pub lease: ChronoDuration,
}

impl WorkerSettings {
    pub fn from_config(config: &crate::config::Config) -> Self {
        let mail = &config.mail;
        WorkerSettings {
            poll_interval: Duration::from_secs(mail.poll_interval_seconds.max(1).into()),
            retry_base: ChronoDuration::seconds(mail.retry_base_seconds.into()),
            retry_max: ChronoDuration::seconds(mail.retry_max_seconds.into()),
            max_attempts: mail.max_attempts.min(i32::MAX as u32) as i32,
            lease: ChronoDuration::seconds(mail.lease_seconds.into()),
        }
    }

    /// How long one delivery may take: four fifths of the lease, so that the attempt ends
    /// (and the lease is given back) before another instance may claim the mail.
    pub fn send_deadline(&self) -> Duration {
        let lease = self.lease.to_std().unwrap_or(Duration::from_secs(10));
        lease * 4 / 5
    }

    /// Waiting time before attempt `attempts + 1`: doubling from `retry_base`, capped.
    pub fn backoff(&self, attempts: i32) -> ChronoDuration {
        let factor = 1i32
            .checked_shl(attempts.saturating_sub(1).clamp(0, 20) as u32)
            .unwrap_or(i32::MAX);
        (self.retry_base * factor).min(self.retry_max)
    }
}

#[derive(Clone)]
pub struct OutboxWorker {
    /// For the attachments made at send time.
    ctx: AppContext,
    db: DatabaseConnection,
    transport: Arc<MailTransport>,
    from: Mailbox,
    /// Identifies this worker's leases.
    owner: String,
    settings: WorkerSettings,
    clock: Clock,
    wakeup: Arc<Notify>,
}

/// What happened to one claimed mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    WillRetry,
    Failed,
}

impl OutboxWorker {
    pub fn new(
        ctx: AppContext,
        transport: Arc<MailTransport>,
        from: Mailbox,
        settings: WorkerSettings,
    ) -> Self {
        OutboxWorker {
            db: ctx.db.clone(),
            clock: ctx.clock.clone(),
            wakeup: ctx.mail_wakeup.clone(),
            ctx,
            transport,
            from,
            owner: Uuid::new_v4().simple().to_string(),
            settings,
        }
    }

    /// Runs until `shutdown` turns true. A mail being sent when that happens is finished first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(poll_interval = ?self.settings.poll_interval, "outbox worker started");
        loop {
            loop {
                if *shutdown.borrow() {
                    tracing::info!("outbox worker stopped");
                    return;
                }
                match self.process_next().await {
                    Ok(Some(_)) => continue,
                    Ok(None) => break,
                    Err(err) => {
                        tracing::warn!(error = %err, "outbox: database error, retrying later");
                        break;
                    }
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(self.settings.poll_interval) => {}
                _ = self.wakeup.notified() => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// Sends every mail that is due now; returns how many were handled. For tests and commands.
    pub async fn drain(&self) -> Result<usize, DbErr> {
        let mut handled = 0;
        while self.process_next().await?.is_some() {
            handled += 1;
        }
        Ok(handled)
    }

    /// Claims and handles one due mail, if there is one.
    pub async fn process_next(&self) -> Result<Option<Outcome>, DbErr> {
        let Some(row) = self.claim().await? else {
            return Ok(None);
        };
        let outcome = self.deliver(row).await?;
        Ok(Some(outcome))
    }

    async fn claim(&self) -> Result<Option<outbox::Model>, DbErr> {
        let now = self.clock.now();
        let free = Condition::any()
            .add(outbox::Column::LeaseExpiresAt.is_null())
            .add(outbox::Column::LeaseExpiresAt.lt(now));
        let candidates: Vec<Uuid> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Id)
            .filter(outbox::Column::Status.eq(outbox::STATUS_PENDING))
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .filter(free.clone())
            .order_by_asc(outbox::Column::NextAttemptAt)
            .limit(16)
            .into_tuple()
            .all(&self.db)
            .await?;
        for id in candidates {
            // The WHERE clause is re-checked by the database under the row lock: of two workers
            // racing for this row, exactly one sees rows_affected == 1.
            let claimed = outbox::Entity::update_many()
                .col_expr(outbox::Column::LeaseOwner, Expr::value(self.owner.clone()))
                .col_expr(
                    outbox::Column::LeaseExpiresAt,
                    Expr::value(now + self.settings.lease),
                )
                .filter(outbox::Column::Id.eq(id))
                .filter(outbox::Column::Status.eq(outbox::STATUS_PENDING))
                .filter(free.clone())
                .exec(&self.db)
                .await?;
            if claimed.rows_affected == 1 {
                return outbox::Entity::find_by_id(id).one(&self.db).await;
            }
        }
        Ok(None)
    }

    fn build(&self, row: &outbox::Model) -> Result<Message, String> {
        let to: Mailbox = row
            .recipient
            .parse()
            .map_err(|e| format!("invalid recipient: {e}"))?;
        let body = MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone());
        let body = match (&row.attachment, &row.attachment_name, &row.attachment_type) {
            (Some(bytes), Some(name), Some(kind)) => {
                let kind = ContentType::parse(kind)
                    .map_err(|e| format!("invalid attachment type: {e}"))?;
                MultiPart::mixed()
                    .multipart(body)
                    .singlepart(Attachment::new(name.clone()).body(bytes.clone(), kind))
            }
            _ => body,
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(row.message_id.clone()));
        if let Some(link) = &row.list_unsubscribe {
            builder = builder
                .header(ListUnsubscribe(link.clone()))
                .header(ListUnsubscribePost);
        }
        builder
            .multipart(body)
            .map_err(|e| format!("cannot build message: {e}"))
    }

    /// Makes the attachment the mail names for send time, if it has not been made yet, and
    /// stores it with the mail. `Err((reason, retryable))` when it cannot be made now.
    async fn make_attachment(
        &self,
        row: &mut outbox::Model,
    ) -> Result<Result<(), (String, bool)>, DbErr> {
        let (None, Some(source)) = (&row.attachment, &row.attachment_source) else {
            return Ok(Ok(()));
        };
        let bytes = match app::certificate::server::render_attachment(&self.ctx, source).await {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(Err((format!("no attachment for {source}"), false))),
            Err(err) => return Ok(Err((format!("attachment not made: {err:?}"), true))),
        };
        outbox::Entity::update_many()
            .col_expr(outbox::Column::Attachment, Expr::value(bytes.clone()))
            .filter(outbox::Column::Id.eq(row.id))
            .filter(outbox::Column::LeaseOwner.eq(self.owner.clone()))
            .exec(&self.db)
            .await?;
        row.attachment = Some(bytes);
        Ok(Ok(()))
    }

    #[tracing::instrument(name = "outbox delivery", skip_all, fields(recipient_domain = recipient_domain(&row.recipient), message_id = %row.message_id))]
    async fn deliver(&self, mut row: outbox::Model) -> Result<Outcome, DbErr> {
        let attempts = row.attempts + 1;
        let result = match self.make_attachment(&mut row).await? {
            Err(e) => Err(e),
            Ok(()) => match self.build(&row) {
                // A live worker never sends past its lease: another instance may take the mail
                // over once the lease has ended, and both would deliver it. The attempt is given
                // up (and retried) a fifth of the lease before its end, whatever the relay does.
                Ok(message) => {
                    match tokio::time::timeout(
                        self.settings.send_deadline(),
                        self.transport.send(message),
                    )
                    .await
                    {
                        Ok(sent) => sent.map_err(|e| (e, true)),
                        Err(_) => Err((
                            "the relay did not finish within the lease; tried again later"
                                .to_owned(),
                            true,
                        )),
                    }
                }
                // A message that cannot be built will never be sendable.
                Err(e) => Err((e, false)),
            },
        };
        let now = self.clock.now();
        let mine = Condition::all()
            .add(outbox::Column::Id.eq(row.id))
            .add(outbox::Column::LeaseOwner.eq(self.owner.clone()));
        let outcome = match result {
            Ok(()) => {
                outbox::Entity::update_many()
                    .col_expr(outbox::Column::Status, Expr::value(outbox::STATUS_SENT))
                    .col_expr(outbox::Column::SentAt, Expr::value(now))
                    .col_expr(outbox::Column::Attempts, Expr::value(attempts))
                    .col_expr(
                        outbox::Column::LeaseOwner,
                        Expr::value(Option::<String>::None),
                    )
                    .col_expr(
                        outbox::Column::LeaseExpiresAt,
                        Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                    )
                    .col_expr(
                        outbox::Column::LastError,
                        Expr::value(Option::<String>::None),
                    )
                    .filter(mine)
                    .exec(&self.db)
                    .await?;
                tracing::info!(attempts, "mail sent");
                Outcome::Sent
            }
            Err((error, retryable)) => {
                let give_up = !retryable || attempts >= self.settings.max_attempts;
                let status = if give_up {
                    outbox::STATUS_FAILED
                } else {
                    outbox::STATUS_PENDING
                };
                let next = now + self.settings.backoff(attempts);
                let error: String = error.chars().take(500).collect();
                outbox::Entity::update_many()
                    .col_expr(outbox::Column::Status, Expr::value(status))
                    .col_expr(outbox::Column::Attempts, Expr::value(attempts))
                    .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
                    .col_expr(
                        outbox::Column::LeaseOwner,
                        Expr::value(Option::<String>::None),
                    )
                    .col_expr(
                        outbox::Column::LeaseExpiresAt,
                        Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                    )
                    .col_expr(outbox::Column::LastError, Expr::value(Some(error)))
                    .filter(mine)
                    .exec(&self.db)
                    .await?;
                if give_up {
                    tracing::error!(attempts, "mail failed for good");
                    Outcome::Failed
                } else {
                    tracing::warn!(attempts, retry_at = %next, "mail not sent, will retry");
                    Outcome::WillRetry
                }
            }
        };
        Ok(outcome)
    }
}

/// `List-Unsubscribe` (RFC 2369): where a mail program ends the subscription.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(
            s.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned(),
        ))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post` (RFC 8058): the mail program may end it with one click, by a POST
/// that needs no login.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let settings = WorkerSettings {
            poll_interval: Duration::from_secs(1),
            retry_base: ChronoDuration::seconds(30),
            retry_max: ChronoDuration::seconds(3600),
            max_attempts: 10,
            lease: ChronoDuration::seconds(300),
        };
        let waits: Vec<i64> = (1..=9).map(|a| settings.backoff(a).num_seconds()).collect();
        assert_eq!(waits, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
