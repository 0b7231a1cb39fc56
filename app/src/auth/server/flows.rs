//! The flows behind the auth server functions: login, logout, password reset and change,
//! accounts and roles, and the session look-up of the middleware.

use super::*;
use crate::error::Validation;

/// Checks the credentials of `visit`'s client and opens a session; returns its token, which the
/// server function sets as the cookie. `login` is the mail address or, for staff without one,
/// the personnel number. `kiosk`: the person signs in on a shared device.
#[tracing::instrument(name = "login", skip_all)]
pub async fn login(
    ctx: &AppContext,
    visit: &RequestSession,
    login: String,
    password: String,
    kiosk: bool,
) -> Result<String, AppError> {
    let login = login.trim().to_owned();
    require_fields(&[("email", &login), ("password", &password)])?;
    // A mail address is compared as the accounts store it; anything else is a personnel number.
    let by_email = login.contains('@');
    let login = if by_email {
        normalize_email(&login)
    } else {
        login
    };
    let limits = AttemptLimits::check(ctx, &login, visit.client_ip).await?;

    let column = if by_email {
        user::Column::Email
    } else {
        user::Column::PersonnelNumber
    };
    let account = user::Entity::find()
        .filter(column.eq(login.as_str()))
        .one(&ctx.db)
        .await?;
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let password_ok = verify_password(stored, password).await;
    let account = match account {
        Some(account) if password_ok && account.active => account,
        _ => {
            limits.failed(ctx).await?;
            tracing::info!("login failed");
            return Err(AppError::InvalidCredentials);
        }
    };
    // Checked after the password, so that the answer tells nothing to someone without it.
    if !may_use_password(&ctx.db, &account).await? {
        tracing::info!("login refused: local passwords are switched off");
        return Err(AppError::SignInRefused(
            "sign-in-local-passwords-off".into(),
        ));
    }
    limits.succeeded(ctx).await?;
    let token = open_session(ctx, visit, account.id, SignInMethod::Password, kiosk).await?;
    tracing::info!("login succeeded");
    Ok(token)
}

/// Opens a session for `account` after any kind of sign-in: notes the login (a used account
/// keeps its login email against the employee import, see organisation::import), ends the
/// session the browser had, and returns the new session's token.
pub async fn open_session(
    ctx: &AppContext,
    visit: &RequestSession,
    account: Uuid,
    method: SignInMethod,
    kiosk: bool,
) -> Result<String, AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, Expr::value(ctx.now()))
        .filter(user::Column::Id.eq(account))
        .exec(&ctx.db)
        .await?;
    if let Some(old) = visit.token.as_deref() {
        end_session(&ctx.db, old).await?;
    }
    create_session(ctx, account, method, kiosk).await
}

/// Ends the session of `visit`; the server function clears the cookie. Returns the OpenID
/// provider's sign-out address when the session was opened there, so that the person is signed
/// out of the city's account too (RP-initiated logout).
pub async fn logout(ctx: &AppContext, visit: &RequestSession) -> Result<Option<String>, AppError> {
    let Some(token) = &visit.token else {
        return Ok(None);
    };
    let method = session::Entity::find_by_id(digest(token))
        .one(&ctx.db)
        .await?
        .map(|s| s.method);
    end_session(&ctx.db, token).await?;
    if method.as_deref() == Some(SignInMethod::Oidc.as_str()) {
        return Ok(oidc::provider_logout_url(ctx).await);
    }
    Ok(None)
}

/// What the login page offers.
pub async fn sign_in_options(ctx: &AppContext) -> Result<crate::auth::SignInChoices, AppError> {
    let config = ctx.part::<SignInConfig>();
    let label = |configured: &str| (!configured.trim().is_empty()).then(|| configured.to_owned());
    Ok(crate::auth::SignInChoices {
        oidc_label: config
            .oidc
            .enabled()
            .then(|| label(&config.oidc.button_label).unwrap_or_default()),
        ldap_label: config
            .ldap
            .enabled()
            .then(|| label(&config.ldap.login_label).unwrap_or_default()),
        local_passwords: local_passwords(&ctx.read).await?.for_everyone,
        kiosk_device: kiosk_device(),
    })
}

/// The cookie that marks a browser as a shared device. It names no person.
pub const KIOSK_DEVICE_COOKIE: &str = "fs_shared_device";

/// Whether this request's browser is marked as a shared device.
pub fn kiosk_device() -> bool {
    use leptos::prelude::use_context;
    use_context::<Parts>()
        .and_then(|parts| cookie_value(&parts.headers, KIOSK_DEVICE_COOKIE))
        .is_some_and(|value| value == "1")
}

/// Marks (or unmarks) the browser as a shared device for a year.
pub fn kiosk_device_cookie(settings: &Settings, shared: bool) -> String {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    if shared {
        format!("{KIOSK_DEVICE_COOKIE}=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000{secure}")
    } else {
        format!("{KIOSK_DEVICE_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
    }
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
    let mut v = Validation::new();
    v.check(
        verify_password(account.password_hash.clone(), current).await,
        "current_password",
        "password-current-wrong",
    );
    v.value(validate_new_password(&new, &repeat, "new_password"))?;
    v.finish()?;
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
    /// None for a person without a mail address.
    pub email: Option<String>,
    pub display_name: String,
    pub department_id: Option<Uuid>,
    pub roles: Vec<Role>,
    pub locale: Locale,
    pub password_hash: Option<String>,
    pub is_demo: bool,
}

/// Records in `v` what is wrong with a new account's name and mail address (`email` normalised,
/// `None` for a person without one): a name is required, an address must look like one and
/// must not belong to another account.
pub async fn check_new_account(
    v: &mut Validation,
    db: &impl ConnectionTrait,
    display_name: &str,
    email: Option<&str>,
) -> Result<(), AppError> {
    v.require(display_name, "display_name");
    if let Some(email) = email
        && v.check(looks_like_email(email), "email", "email-invalid")
    {
        let taken = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(db)
            .await?
            .is_some();
        v.check(!taken, "email", "email-taken");
    }
    Ok(())
}

pub async fn create_account(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    account: NewAccount,
) -> Result<user::Model, AppError> {
    let email = account
        .email
        .as_deref()
        .map(normalize_email)
        .filter(|e| !e.is_empty());
    let display_name = account.display_name.trim().to_owned();
    let mut v = Validation::new();
    check_new_account(&mut v, db, &display_name, email.as_deref()).await?;
    v.finish()?;
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
        erased_at: Set(None),
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
