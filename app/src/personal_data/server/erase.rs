//! Erasure of a person (DSGVO Art. 17), on request or when the retention of a deactivated
//! account ends: every reference of `registry::REFERENCES` is handled as the registry says, in
//! one transaction, and the account row stays without anything that names the person. Figures
//! already released stay as released (they are stored per period); the person's summary row goes
//! with their evidence, so the reports computed from now on count exactly the data that is left.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, StatementBuilder, TransactionTrait,
};
use uuid::Uuid;

use super::export::find;
use super::registry::{OnErase, REFERENCES};
use crate::context::AppContext;
use crate::db::{notice, outbox, user};
use crate::error::AppError;

/// What an erased account is called where others' records still show it.
pub const ERASED_NAME: &str = "–";

/// Erases `person` inside the caller's transaction; returns how many rows were deleted or
/// changed. Already erased: nothing to do.
pub async fn erase_in(
    db: &impl ConnectionTrait,
    person: Uuid,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let Some(account) = user::Entity::find_by_id(person).one(db).await? else {
        return Err(AppError::NotFound);
    };
    if account.erased_at.is_some() {
        return Ok(0);
    }
    let backend = db.get_database_backend();
    let mut changed = 0;
    for reference in REFERENCES {
        let Some(found) = find(db, reference, &account).await? else {
            continue;
        };
        let table = Alias::new(reference.table);
        let column = Alias::new(reference.column);
        let statement = match reference.erase {
            // The account row is changed last: the other references are found through it.
            OnErase::Anonymise => continue,
            OnErase::Delete => StatementBuilder::build(
                Query::delete().from_table(table).and_where(found),
                &backend,
            ),
            OnErase::Nullify => StatementBuilder::build(
                Query::update()
                    .table(table)
                    .value(column, Expr::null())
                    .and_where(found),
                &backend,
            ),
            OnErase::Keep { empty: &[], .. } => continue,
            OnErase::Keep { empty, .. } => {
                let mut update = Query::update();
                update.table(table).and_where(found);
                for column in empty {
                    update.value(Alias::new(*column), "");
                }
                StatementBuilder::build(&update, &backend)
            }
        };
        changed += db.execute_raw(statement).await?.rows_affected();
    }
    changed += forget_in_mail(db, &account).await?;
    let mut active: user::ActiveModel = account.clone().into();
    active.email = Set(None);
    active.display_name = Set(ERASED_NAME.to_owned());
    active.department_id = Set(None);
    active.password_hash = Set(None);
    active.active = Set(false);
    active.personnel_number = Set(None);
    active.job_family = Set(None);
    active.newsletter = Set(false);
    active.newsletter_token = Set(None);
    active.last_login_at = Set(None);
    active.deactivated_at = Set(Some(account.deactivated_at.unwrap_or(now)));
    active.erased_at = Set(Some(now));
    active.updated_at = Set(now);
    active.update(db).await?;
    crate::audit::server::record(
        db,
        now,
        actor,
        "person.erased",
        "user",
        Some(person.to_string()),
        serde_json::json!({ "rows": changed }),
    )
    .await?;
    Ok(changed + 1)
}

/// Sent mail and notices to other people that name the person (a help request to a scout, an
/// office hour reminder) would keep the name until the mail retention ends: they go now. Mail
/// still to be sent stays, so that nobody misses a message; it goes with the mail retention.
async fn forget_in_mail(db: &impl ConnectionTrait, account: &user::Model) -> Result<u64, AppError> {
    let mut needles: Vec<&str> = Vec::new();
    // A name this short would match unrelated text.
    if account.display_name.chars().count() >= 5 {
        needles.push(&account.display_name);
    }
    if let Some(email) = &account.email {
        needles.push(email);
    }
    let mut removed = 0;
    for needle in needles {
        let pattern = format!(
            "%{}%",
            needle
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let like = || LikeExpr::new(pattern.clone()).escape('\\');
        removed += outbox::Entity::delete_many()
            .filter(outbox::Column::Status.ne(outbox::STATUS_PENDING))
            .filter(
                Condition::any()
                    .add(Expr::col(outbox::Column::BodyText).like(like()))
                    .add(Expr::col(outbox::Column::Subject).like(like())),
            )
            .exec(db)
            .await?
            .rows_affected;
        removed += notice::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(Expr::col(notice::Column::Body).like(like()))
                    .add(Expr::col(notice::Column::Subject).like(like())),
            )
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(removed)
}

/// Erases `person` in a transaction of its own.
pub async fn erase(ctx: &AppContext, person: Uuid, actor: Option<Uuid>) -> Result<u64, AppError> {
    let txn = ctx.db.begin().await?;
    let changed = erase_in(&txn, person, actor, ctx.now()).await?;
    txn.commit().await?;
    Ok(changed)
}
