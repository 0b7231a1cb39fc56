//! The flows behind the auth server functions: login, logout, password reset and change,
//! accounts and roles, and the session look-up of the middleware.

use super::*;

/// Checks the credentials of `visit`'s client and opens a session; returns its token, which the
/// server function sets as the cookie.
#[tracing::instrument(name = "login", skip_all)]
pub async fn login(
    ctx: &AppContext,
    visit: &RequestSession,
    email: String,
    password: String,
) -> Result<String, AppError> {
    let email = normalize_email(&email);
    let mut missing = Vec::new();
    if email.is_empty() {
        missing.push(crate::error::FieldError {
            field: "email".into(),
            message: "field-required".into(),
        });
    }
    if password.is_empty() {
        missing.push(crate::error::FieldError {
            field: "password".into(),
            message: "field-required".into(),
        });
    }
    if !missing.is_empty() {
        return Err(AppError::Invalid(missing));
    }
    let key = throttle_key(&email, visit.client_ip);
    let address_key = address_throttle_key(visit.client_ip);
    check_throttle(ctx, &key).await?;
    if let Some(address_key) = &address_key {
        check_throttle(ctx, address_key).await?;
    }

    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&ctx.db)
        .await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let password_ok = verify_password(stored, password).await;
    let account = match account {
        Some(account) if password_ok && account.active => account,
        _ => {
            record_failure(ctx, &key, ctx.settings.login_max_failures).await?;
            // A successful login does not reset this one: a sprayer who knows one password of
            // their own could otherwise wipe the count between attempts.
            if let Some(address_key) = &address_key {
                record_failure(
                    ctx,
                    address_key,
                    ctx.settings.login_max_failures_per_address,
                )
                .await?;
            }
            tracing::info!("login failed");
            return Err(AppError::InvalidCredentials);
        }
    };
    login_throttle::Entity::delete_by_id(key)
        .exec(&ctx.db)
        .await?;
    // A used account keeps its login email against the employee import (see organisation::import).
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(ctx.now()))
        .filter(user::Column::Id.eq(account.id))
        .exec(&ctx.db)
        .await?;
    if let Some(old) = visit.token.as_deref() {
        end_session(&ctx.db, old).await?;
    }
    let token = create_session(ctx, account.id).await?;
    tracing::info!("login succeeded");
    Ok(token)
}

/// Ends the session of `visit`; the server function clears the cookie.
pub async fn logout(ctx: &AppContext, visit: &RequestSession) -> Result<(), AppError> {
    if let Some(token) = &visit.token {
        end_session(&ctx.db, token).await?;
    }
    Ok(())
}

/// Returns where the browser goes next.
#[tracing::instrument(name = "password reset requested", skip_all)]
pub async fn request_password_reset(ctx: &AppContext, email: String) -> Result<String, AppError> {
    let email = normalize_email(&email);
    if !looks_like_email(&email) {
        return Err(AppError::invalid("email", "email-invalid"));
    }
    // The answer takes the same time whether or not the address has an account: looking the
    // account up, checking for a recent link and queueing the mail take a millisecond or two
    // that a stopwatch could see, so every answer waits until the same moment.
    let answer_at = tokio::time::Instant::now() + PASSWORD_RESET_ANSWER_TIME;
    let result = queue_password_reset(ctx, &email).await;
    tokio::time::sleep_until(answer_at).await;
    result?;
    // The same answer whether or not the address has an account.
    Ok("/password/forgot?sent=1".to_owned())
}

/// How long every answer to a password-reset request takes, well above the work it hides.
pub(super) const PASSWORD_RESET_ANSWER_TIME: std::time::Duration =
    std::time::Duration::from_millis(250);

pub(super) async fn queue_password_reset(ctx: &AppContext, email: &str) -> Result<(), AppError> {
    let now = ctx.now();
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .filter(user::Column::Active.eq(true))
        .one(&ctx.db)
        .await?;
    if let Some(account) = account {
        // One mail per few minutes is enough; more would let anyone flood a mailbox.
        let recent = one_time_token::Entity::find()
            .filter(one_time_token::Column::UserId.eq(account.id))
            .filter(one_time_token::Column::Purpose.eq(PURPOSE_PASSWORD_RESET))
            .filter(one_time_token::Column::CreatedAt.gt(now - Duration::minutes(5)))
            .one(&ctx.db)
            .await?;
        if recent.is_none() {
            let txn = ctx.db.begin().await?;
            queue_set_password_mail(&txn, ctx, &account, PURPOSE_PASSWORD_RESET).await?;
            txn.commit().await?;
            ctx.mail_wakeup.notify_one();
        }
    }
    Ok(())
}

/// Returns where the browser goes next.
#[tracing::instrument(name = "password set by link", skip_all)]
pub async fn set_password_with_token(
    ctx: &AppContext,
    token: String,
    password: String,
    password_repeat: String,
) -> Result<String, AppError> {
    validate_new_password(&password, &password_repeat, "password")?;
    let now = ctx.now();
    let Some(found) = usable_token(&ctx.db, &token, now).await? else {
        return Err(AppError::LinkInvalid);
    };
    let hash = hash_password(password).await?;
    let txn = ctx.db.begin().await?;
    // Conditional update: of two concurrent uses of one link, only one wins.
    let claimed = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::Id.eq(found.id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::LinkInvalid);
    }
    let Some(account) = user::Entity::find_by_id(found.user_id).one(&txn).await? else {
        return Err(AppError::LinkInvalid);
    };
    if !account.active {
        return Err(AppError::LinkInvalid);
    }
    let mut active: user::ActiveModel = account.into();
    active.password_hash = Set(Some(hash));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    // Older links of this account stop working, and so do sessions opened with the old password.
    one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::UserId.eq(found.user_id))
        .filter(one_time_token::Column::Purpose.is_in([PURPOSE_INVITATION, PURPOSE_PASSWORD_RESET]))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    end_all_sessions(&txn, found.user_id).await?;
    txn.commit().await?;
    Ok("/login?password_set=1".to_owned())
}

/// Changes `me`'s password; the sessions on other devices end, the one of `visit` stays.
/// Returns where the browser goes next.
pub async fn change_password(
    ctx: &AppContext,
    me: &CurrentUser,
    visit: &RequestSession,
    current: String,
    new: String,
    repeat: String,
) -> Result<String, AppError> {
    let Some(account) = user::Entity::find_by_id(me.id).one(&ctx.db).await? else {
        return Err(AppError::NotAuthenticated);
    };
    if !verify_password(account.password_hash.clone(), current).await {
        return Err(AppError::invalid(
            "current_password",
            "password-current-wrong",
        ));
    }
    validate_new_password(&new, &repeat, "new_password")?;
    let hash = hash_password(new).await?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    let mut active: user::ActiveModel = account.into();
    active.password_hash = Set(Some(hash));
    active.updated_at = Set(now);
    active.update(&txn).await?;
    // Other devices logged in with the old password are logged out; this one stays.
    let keep = visit.token.as_deref().map(digest).unwrap_or_default();
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(me.id))
        .filter(session::Column::IdHash.ne(keep))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok("/settings?password_changed=1".to_owned())
}

/// Creates an account. Used by the admin pages, the `admin create` command and the demo data.
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub department_id: Option<Uuid>,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub password_hash: Option<String>,
    pub is_demo: bool,
}

pub async fn create_account(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    account: NewAccount,
) -> Result<user::Model, AppError> {
    let email = normalize_email(&account.email);
    if !looks_like_email(&email) {
        return Err(AppError::invalid("email", "email-invalid"));
    }
    let display_name = account.display_name.trim().to_owned();
    if display_name.is_empty() {
        return Err(AppError::invalid("display_name", "field-required"));
    }
    if user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(AppError::invalid("email", "email-taken"));
    }
    let created = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email),
        display_name: Set(display_name),
        department_id: Set(account.department_id),
        password_hash: Set(account.password_hash),
        active: Set(true),
        is_demo: Set(account.is_demo),
        locale: Set(account.locale.code().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        deactivated_at: Set(None),
        personnel_number: Set(None),
        job_family: Set(None),
        newsletter: Set(true),
        newsletter_token: Set(None),
        last_login_at: Set(None),
    }
    .insert(db)
    .await?;
    set_roles(db, created.id, &account.roles).await?;
    Ok(created)
}

pub async fn set_roles(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    roles: &[Role],
) -> Result<(), AppError> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    for role in roles {
        user_role::ActiveModel {
            user_id: Set(user_id),
            role: Set(role.as_str().to_owned()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
