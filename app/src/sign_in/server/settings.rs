//! The administrators' page of sign-in: which ways are configured, the redirect URI to register,
//! and whether local passwords work for everyone (changes are in the audit log).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::server::{
    SignInConfig, check_break_glass, local_passwords, oidc, set_local_passwords,
};
use crate::auth::{CurrentUser, Role};
use crate::context::AppContext;
use crate::db::{user, user_role};
use crate::error::{AppError, Validation};

/// The admin page's view of the sign-in settings.
pub async fn sign_in_settings(
    ctx: &AppContext,
    me: &CurrentUser,
) -> Result<super::super::SignInSettings, AppError> {
    me.require_any(&[Role::Admin])?;
    let setting = local_passwords(&ctx.read).await?;
    let admins: Vec<Uuid> = user_role::Entity::find()
        .filter(user_role::Column::Role.eq(Role::Admin.as_str()))
        .all(&ctx.read)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut administrators: Vec<(Uuid, String)> = user::Entity::find()
        .filter(user::Column::Id.is_in(admins))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::PasswordHash.is_not_null())
        .all(&ctx.read)
        .await?
        .into_iter()
        .map(|a| {
            let label = match &a.email {
                Some(email) => format!("{} ({email})", a.display_name),
                None => a.display_name.clone(),
            };
            (a.id, label)
        })
        .collect();
    administrators.sort_by(|a, b| a.1.cmp(&b.1));
    let config = ctx.part::<SignInConfig>();
    Ok(super::super::SignInSettings {
        local_passwords: setting.for_everyone,
        break_glass: setting.break_glass,
        administrators,
        oidc_issuer: config.oidc.enabled().then(|| config.oidc.issuer.clone()),
        oidc_redirect_uri: oidc::callback_url(&ctx.settings),
        ldap_url: config.ldap.enabled().then(|| config.ldap.url.clone()),
    })
}

/// Saves the sign-in settings (administrators only) and records it in the audit log. Switching
/// local passwords off needs another way in: single sign-on or the directory must be configured.
pub async fn save_sign_in_settings(
    ctx: &AppContext,
    me: &CurrentUser,
    for_everyone: bool,
    break_glass: Option<Uuid>,
) -> Result<(), AppError> {
    me.require_any(&[Role::Admin])?;
    let config = ctx.part::<SignInConfig>();
    let mut v = Validation::new();
    v.check(
        for_everyone || config.oidc.enabled() || config.ldap.enabled(),
        "local_passwords",
        "sign-in-no-other-way",
    );
    v.value(check_break_glass(&ctx.db, for_everyone, break_glass).await)?;
    v.finish()?;
    set_local_passwords(ctx, for_everyone, break_glass).await?;
    crate::audit::server::record(
        &ctx.db,
        ctx.now(),
        Some(me.id),
        "sign_in.settings_changed",
        "sign_in",
        None,
        serde_json::json!({ "local_passwords": for_everyone, "break_glass": break_glass }),
    )
    .await
}
