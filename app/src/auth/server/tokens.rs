//! Random tokens, their digests, and the one-time links (invitation, password reset,
//! leaving the newsletter) built on them.

use super::*;

/// 256 random bits, URL-safe. Used for session ids and one-time links.
pub fn new_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Internal)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub fn digest(value: &str) -> String {
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn issue_token(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: &str,
    valid_for: Duration,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = new_token()?;
    one_time_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        token_hash: Set(digest(&token)),
        user_id: Set(user_id),
        purpose: Set(purpose.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub fn set_password_link(settings: &Settings, token: &str) -> String {
    format!("{}/password/set/{token}", settings.base_url)
}

pub(super) async fn usable_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<one_time_token::Model>, AppError> {
    // Only links that set a password: a newsletter's leave link must never open an account.
    Ok(one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(digest(token)))
        .filter(one_time_token::Column::Purpose.is_in([PURPOSE_INVITATION, PURPOSE_PASSWORD_RESET]))
        .filter(one_time_token::Column::UsedAt.is_null())
        .filter(one_time_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?)
}

pub async fn token_is_usable(ctx: &AppContext, token: &str) -> Result<bool, AppError> {
    Ok(usable_token(&ctx.db, token, ctx.now()).await?.is_some())
}

/// Queues an invitation (or, for an account that already has a password, a reset) mail with a
/// fresh one-time link, inside the caller's transaction.
pub async fn queue_set_password_mail(
    txn: &impl ConnectionTrait,
    ctx: &AppContext,
    account: &user::Model,
    purpose: &str,
) -> Result<(), AppError> {
    // A link in a mail needs an address; people without one get a sign-in letter.
    if account.email.is_none() {
        return Err(AppError::invalid("email", "user-no-email-use-letter"));
    }
    let now = ctx.now();
    let valid_for = if purpose == PURPOSE_INVITATION {
        ctx.settings.invitation_valid_for
    } else {
        ctx.settings.password_reset_valid_for
    };
    let token = issue_token(txn, account.id, purpose, valid_for, now).await?;
    let locale = Locale::from_code(&account.locale).unwrap_or_default();
    let template = if purpose == PURPOSE_INVITATION {
        "invitation"
    } else {
        "password_reset"
    };
    mail::enqueue(
        txn,
        ctx,
        OutgoingMail {
            to: account.email.clone(),
            person: account.id,
            locale,
            template,
            context: serde_json::json!({
                "name": account.display_name,
                "link": set_password_link(&ctx.settings, &token),
                "organisation": ctx.settings.organisation_name,
                "valid_hours": valid_for.num_hours(),
                "valid_days": valid_for.num_days(),
            }),
            idempotency_key: None,
            list_unsubscribe: None,
            attachment: None,
        },
    )
    .await?;
    Ok(())
}
