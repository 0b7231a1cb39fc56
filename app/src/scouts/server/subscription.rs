//! Subscribing to and leaving the newsletter (the mailing itself is `scouts::newsletter`).

use super::*;

pub async fn newsletter_setting(ctx: &AppContext, me: &CurrentUser) -> Result<bool, AppError> {
    Ok(user::Entity::find_by_id(me.id)
        .one(&ctx.db)
        .await?
        .is_some_and(|u| u.newsletter))
}

pub async fn set_newsletter(
    ctx: &AppContext,
    me: &CurrentUser,
    on: bool,
) -> Result<String, AppError> {
    let account = user::Entity::find_by_id(me.id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotAuthenticated)?;
    let mut active: user::ActiveModel = account.into();
    active.newsletter = Set(on);
    active.update(&ctx.db).await?;
    Ok(String::from(if on {
        "/settings?newsletter=on"
    } else {
        "/settings?newsletter=off"
    }))
}

pub async fn leave_newsletter(ctx: &AppContext, token: String) -> Result<String, AppError> {
    if !crate::scouts::newsletter::leave(ctx, &token).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!("newsletter left by link");
    Ok(format!(
        "/newsletter/leave/{}?done=1",
        crate::ui::percent_encode(token.trim())
    ))
}

pub async fn newsletter_link_state(ctx: &AppContext, token: String) -> Result<bool, AppError> {
    crate::scouts::newsletter::subscribed(ctx, &token).await
}
