//! Limits on how often something may happen, counted in fixed windows in the database so that a
//! limit holds across instances (e.g. failed certificate look-ups per address). Failed logins
//! have their own, finer rule in `auth::server::throttling`.

use chrono::Duration;
use sea_orm::sea_query::ExprTrait as SqlExpr;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::context::AppContext;
use crate::db::rate_limit as entry;
use crate::error::AppError;

/// A counter of events in a fixed window, kept in the database so that the limit holds across
/// instances.
pub async fn count(ctx: &AppContext, bucket: &str, window: Duration) -> Result<(), AppError> {
    let now = ctx.now();
    let counted = entry::Entity::update_many()
        .col_expr(
            entry::Column::Count,
            SqlExpr::add(Expr::col(entry::Column::Count), 1),
        )
        .filter(entry::Column::Bucket.eq(bucket))
        .filter(entry::Column::WindowStart.gt(now - window))
        .exec(&ctx.db)
        .await?;
    if counted.rows_affected == 0 {
        entry::Entity::insert(entry::ActiveModel {
            bucket: Set(bucket.to_owned()),
            window_start: Set(now),
            count: Set(1),
        })
        .on_conflict(
            OnConflict::column(entry::Column::Bucket)
                .update_columns([entry::Column::WindowStart, entry::Column::Count])
                .to_owned(),
        )
        .exec_without_returning(&ctx.db)
        .await?;
    }
    Ok(())
}

/// Whether a counter has reached `limit` within its current window.
pub async fn reached(
    ctx: &AppContext,
    bucket: &str,
    limit: i32,
    window: Duration,
) -> Result<bool, AppError> {
    Ok(entry::Entity::find_by_id(bucket.to_owned())
        .one(&ctx.db)
        .await?
        .is_some_and(|r| r.window_start > ctx.now() - window && r.count >= limit))
}
