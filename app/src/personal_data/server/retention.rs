//! Retention: how long each kind of data is kept, in one place (`RetentionRules`, configured
//! under `[retention]`), and the daily job that deletes what is older. The job runs once a day
//! across all instances: the first instance to insert the day's `job_run` row runs it, every
//! other finds the row and skips. Each rule is a delete by age, so a run that fails half-way is
//! simply repeated (its row is removed and the next hourly round of any instance tries again).

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::content::HasContent;
use crate::context::AppContext;
use crate::db::{
    attempt_answer, audit_log, barrier_report, certificate, data_request, employee_import,
    evidence, help_request, job_run, login_throttle, notice, one_time_token, outbox, quiz_attempt,
    rate_limit, session, sign_in_request, user,
};
use crate::error::AppError;

/// Days each kind of data is kept. The defaults and their legal basis are in the README
/// ("Retention"); agree changes with the data protection officer and the staff council.
/// The server reads it as `[retention]` of its configuration, which checks the ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionRules {
    /// A quiz attempt's answers, counted from its start. A passed attempt stays (as the basis
    /// of the evidence, with its score) without its answers; other attempts are deleted.
    pub quiz_attempts_days: u32,
    /// Evidence that a later pass of the same module replaced, counted from its achievement.
    /// The latest evidence of each module stays while the account is active.
    pub evidence_days: u32,
    /// Certificates, counted from the end of their validity (a verifier sees an expired
    /// certificate as expired either way).
    pub certificates_days: u32,
    /// Help requests, counted from their close (or their withdrawal).
    pub help_requests_days: u32,
    pub audit_log_days: u32,
    /// Sent and failed mails; pending mail is never deleted.
    pub mail_days: u32,
    /// Notices (the start page's mails for people without an address).
    pub notices_days: u32,
    /// Uploaded HR files of the employee import (everyone's name and unit).
    pub employee_imports_days: u32,
    /// Answered requests to correct or erase data, counted from the answer; answered reports
    /// of barriers alike (the same proof that a request was answered).
    pub data_requests_days: u32,
    /// Deactivated accounts, counted from the deactivation; then they are erased.
    pub deactivated_people_days: u32,
}

impl Default for RetentionRules {
    fn default() -> Self {
        RetentionRules {
            quiz_attempts_days: 365,
            evidence_days: 1095,
            certificates_days: 1095,
            help_requests_days: 365,
            audit_log_days: 730,
            mail_days: 30,
            notices_days: 180,
            employee_imports_days: 30,
            data_requests_days: 1095,
            deactivated_people_days: 365,
        }
    }
}

impl RetentionRules {
    /// (kind, days) in the order the pages show them; the kind names the catalogue keys.
    pub fn kinds(&self) -> [(&'static str, u32); 10] {
        [
            ("quiz-attempts", self.quiz_attempts_days),
            ("evidence", self.evidence_days),
            ("certificates", self.certificates_days),
            ("help-requests", self.help_requests_days),
            ("audit-log", self.audit_log_days),
            ("mail", self.mail_days),
            ("notices", self.notices_days),
            ("employee-imports", self.employee_imports_days),
            ("data-requests", self.data_requests_days),
            ("deactivated-people", self.deactivated_people_days),
        ]
    }
}

/// What one run deleted, per kind (counts only, no personal data).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    pub quiz_answers: u64,
    pub quiz_attempts: u64,
    pub evidence: u64,
    pub certificates: u64,
    pub help_requests: u64,
    pub audit_log: u64,
    pub mail: u64,
    pub notices: u64,
    pub employee_imports: u64,
    pub data_requests: u64,
    pub barrier_reports: u64,
    pub people_erased: u64,
    pub expired_bookkeeping: u64,
}

pub const JOB: &str = "retention";

fn before(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now - Duration::days(i64::from(days))
}

/// Applies every rule once, as of `ctx.now()`.
pub async fn apply(ctx: &AppContext) -> Result<RetentionReport, AppError> {
    let rules = *ctx.part::<RetentionRules>();
    let now = ctx.now();
    let db = &ctx.db;
    let mut report = RetentionReport::default();

    // People first: their erasure takes their rows of every other kind with it.
    let leavers: Vec<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Active.eq(false))
        .filter(user::Column::ErasedAt.is_null())
        .filter(user::Column::DeactivatedAt.lt(before(now, rules.deactivated_people_days)))
        .into_tuple()
        .all(db)
        .await?;
    for person in leavers {
        let txn = db.begin().await?;
        super::erase::erase_in(&txn, person, None, now).await?;
        txn.commit().await?;
        report.people_erased += 1;
    }

    // Attempts: a pass keeps its row (the evidence points at it) but not its answers.
    let old_attempts = Query::select()
        .column(quiz_attempt::Column::Id)
        .from(quiz_attempt::Entity)
        .and_where(
            Expr::col(quiz_attempt::Column::StartedAt).lt(before(now, rules.quiz_attempts_days)),
        )
        .to_owned();
    report.quiz_answers = attempt_answer::Entity::delete_many()
        .filter(attempt_answer::Column::AttemptId.in_subquery(old_attempts))
        .exec(db)
        .await?
        .rows_affected;
    let with_evidence = Query::select()
        .column(evidence::Column::AttemptId)
        .from(evidence::Entity)
        .to_owned();
    report.quiz_attempts = quiz_attempt::Entity::delete_many()
        .filter(quiz_attempt::Column::StartedAt.lt(before(now, rules.quiz_attempts_days)))
        .filter(quiz_attempt::Column::Id.not_in_subquery(with_evidence))
        .exec(db)
        .await?
        .rows_affected;

    // Evidence that a later pass of the same module replaced; the summaries of the people
    // concerned are computed again in the same transaction.
    let cutoff = before(now, rules.evidence_days);
    let candidates = evidence::Entity::find()
        .filter(evidence::Column::AchievedAt.lt(cutoff))
        .all(db)
        .await?;
    if !candidates.is_empty() {
        let holders: BTreeSet<Uuid> = candidates.iter().map(|e| e.user_id).collect();
        let mut latest: std::collections::HashMap<(Uuid, String), DateTime<Utc>> =
            std::collections::HashMap::new();
        let holders: Vec<Uuid> = holders.into_iter().collect();
        for chunk in holders.chunks(500) {
            for e in evidence::Entity::find()
                .filter(evidence::Column::UserId.is_in(chunk.iter().copied()))
                .all(db)
                .await?
            {
                let at = latest
                    .entry((e.user_id, e.module_id))
                    .or_insert(e.achieved_at);
                *at = std::cmp::max(*at, e.achieved_at);
            }
        }
        let replaced: Vec<&evidence::Model> = candidates
            .iter()
            .filter(|e| {
                latest
                    .get(&(e.user_id, e.module_id.clone()))
                    .is_some_and(|at| *at > e.achieved_at)
            })
            .collect();
        if !replaced.is_empty() {
            let people: BTreeSet<Uuid> = replaced.iter().map(|e| e.user_id).collect();
            let txn = db.begin().await?;
            for chunk in replaced.chunks(500) {
                report.evidence += evidence::Entity::delete_many()
                    .filter(evidence::Column::Id.is_in(chunk.iter().map(|e| e.id)))
                    .exec(&txn)
                    .await?
                    .rows_affected;
            }
            let refresh = &ctx.content().certificates.refresh;
            for person in people {
                crate::reports::summary::refresh_person(&txn, refresh, person).await?;
            }
            txn.commit().await?;
        }
    }

    report.certificates = certificate::Entity::delete_many()
        .filter(certificate::Column::ValidUntil.lt(before(now, rules.certificates_days)))
        .exec(db)
        .await?
        .rows_affected;

    let cutoff = before(now, rules.help_requests_days);
    report.help_requests = help_request::Entity::delete_many()
        .filter(
            Condition::any()
                .add(help_request::Column::ClosedAt.lt(cutoff))
                .add(
                    Condition::all()
                        .add(help_request::Column::Status.eq("withdrawn"))
                        .add(help_request::Column::CreatedAt.lt(cutoff)),
                ),
        )
        .exec(db)
        .await?
        .rows_affected;

    report.audit_log = audit_log::Entity::delete_many()
        .filter(audit_log::Column::OccurredAt.lt(before(now, rules.audit_log_days)))
        .exec(db)
        .await?
        .rows_affected;

    report.mail = outbox::Entity::delete_many()
        .filter(outbox::Column::Status.ne(outbox::STATUS_PENDING))
        .filter(outbox::Column::CreatedAt.lt(before(now, rules.mail_days)))
        .exec(db)
        .await?
        .rows_affected;

    report.notices = notice::Entity::delete_many()
        .filter(notice::Column::CreatedAt.lt(before(now, rules.notices_days)))
        .exec(db)
        .await?
        .rows_affected;

    report.employee_imports = employee_import::Entity::delete_many()
        .filter(employee_import::Column::CreatedAt.lt(before(now, rules.employee_imports_days)))
        .exec(db)
        .await?
        .rows_affected;

    report.data_requests = data_request::Entity::delete_many()
        .filter(data_request::Column::DecidedAt.lt(before(now, rules.data_requests_days)))
        .exec(db)
        .await?
        .rows_affected;

    report.barrier_reports = barrier_report::Entity::delete_many()
        .filter(barrier_report::Column::AnsweredAt.lt(before(now, rules.data_requests_days)))
        .exec(db)
        .await?
        .rows_affected;

    // Bookkeeping that has expired is of no use to anyone.
    let day_ago = now - Duration::days(1);
    report.expired_bookkeeping = session::Entity::delete_many()
        .filter(session::Column::AbsoluteExpiresAt.lt(now))
        .exec(db)
        .await?
        .rows_affected
        + one_time_token::Entity::delete_many()
            .filter(one_time_token::Column::ExpiresAt.lt(day_ago))
            .exec(db)
            .await?
            .rows_affected
        + sign_in_request::Entity::delete_many()
            .filter(sign_in_request::Column::ExpiresAt.lt(day_ago))
            .exec(db)
            .await?
            .rows_affected
        + rate_limit::Entity::delete_many()
            .filter(rate_limit::Column::WindowStart.lt(day_ago))
            .exec(db)
            .await?
            .rows_affected
        + login_throttle::Entity::delete_many()
            .filter(login_throttle::Column::WindowStartedAt.lt(day_ago))
            .filter(
                Condition::any()
                    .add(login_throttle::Column::LockedUntil.is_null())
                    .add(login_throttle::Column::LockedUntil.lt(now)),
            )
            .exec(db)
            .await?
            .rows_affected;
    Ok(report)
}

/// The day a daily job run is for: the date in Europe/Berlin.
pub fn job_day(now: DateTime<Utc>) -> String {
    now.with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%d")
        .to_string()
}

/// Runs the retention of today unless an instance has run it (or is running it) already.
/// `None`: another instance had it.
pub async fn run_daily(
    ctx: &AppContext,
    instance: &str,
) -> Result<Option<RetentionReport>, AppError> {
    let now = ctx.now();
    let day = job_day(now);
    let claimed = job_run::Entity::insert(job_run::ActiveModel {
        job: Set(JOB.to_owned()),
        day: Set(day.clone()),
        instance: Set(instance.chars().take(100).collect()),
        started_at: Set(now),
        finished_at: Set(None),
        summary: Set(None),
    })
    .on_conflict(
        OnConflict::columns([job_run::Column::Job, job_run::Column::Day])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&ctx.db)
    .await?;
    if claimed == 0 {
        return Ok(None);
    }
    match apply(ctx).await {
        Ok(report) => {
            job_run::Entity::update_many()
                .col_expr(job_run::Column::FinishedAt, Expr::value(ctx.now()))
                .col_expr(
                    job_run::Column::Summary,
                    Expr::value(serde_json::to_string(&report).unwrap_or_default()),
                )
                .filter(job_run::Column::Job.eq(JOB))
                .filter(job_run::Column::Day.eq(day))
                .exec(&ctx.db)
                .await?;
            Ok(Some(report))
        }
        Err(err) => {
            // Give the day back, so that the next round (of any instance) tries again.
            let _ = job_run::Entity::delete_many()
                .filter(job_run::Column::Job.eq(JOB))
                .filter(job_run::Column::Day.eq(day))
                .exec(&ctx.db)
                .await;
            Err(err)
        }
    }
}
