//! Who may use a local password: everyone, or (when the city signs in through its own accounts)
//! only the break-glass administrator. One row in `sign_in_setting`; none means everyone.

use super::*;
use crate::db::sign_in_setting;
use crate::error::Validation;

/// The sign-in setting as the admin page shows and changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPasswords {
    pub for_everyone: bool,
    /// The one account that keeps its password when `for_everyone` is off.
    pub break_glass: Option<Uuid>,
}

pub async fn local_passwords(db: &impl ConnectionTrait) -> Result<LocalPasswords, AppError> {
    Ok(
        match sign_in_setting::Entity::find_by_id(1).one(db).await? {
            Some(row) => LocalPasswords {
                for_everyone: row.local_passwords,
                break_glass: row.break_glass_user_id,
            },
            None => LocalPasswords {
                for_everyone: true,
                break_glass: None,
            },
        },
    )
}

/// Whether `account` may sign in with its local password now.
pub async fn may_use_password(
    db: &impl ConnectionTrait,
    account: &user::Model,
) -> Result<bool, AppError> {
    let setting = local_passwords(db).await?;
    Ok(setting.for_everyone || setting.break_glass == Some(account.id))
}

/// The break-glass account to keep when local passwords go off for everyone else: it must be
/// chosen and be an active administrator with a password. With passwords on for everyone the
/// choice is kept as it is.
pub async fn check_break_glass(
    db: &impl ConnectionTrait,
    for_everyone: bool,
    break_glass: Option<Uuid>,
) -> Result<Option<Uuid>, AppError> {
    if for_everyone {
        return Ok(break_glass);
    }
    let mut v = Validation::new();
    let usable = match break_glass {
        None => {
            v.field("break_glass", "sign-in-break-glass-required");
            false
        }
        Some(id) => match user::Entity::find_by_id(id).one(db).await? {
            Some(account) if account.active && account.password_hash.is_some() => {
                roles_of(db, id).await?.contains(&Role::Admin)
            }
            _ => false,
        },
    };
    v.check(usable, "break_glass", "sign-in-break-glass-invalid");
    v.finish()?;
    Ok(break_glass)
}

/// Switches local passwords on for everyone, or off for everyone but `break_glass`, who must be
/// an active administrator: a city that switches passwords off keeps one way in when its
/// identity provider is down. The other accounts' sessions opened with a password end.
pub async fn set_local_passwords(
    ctx: &AppContext,
    for_everyone: bool,
    break_glass: Option<Uuid>,
) -> Result<(), AppError> {
    let break_glass = check_break_glass(&ctx.db, for_everyone, break_glass).await?;
    let now = ctx.now();
    let txn = ctx.db.begin().await?;
    sign_in_setting::Entity::delete_by_id(1).exec(&txn).await?;
    sign_in_setting::ActiveModel {
        id: Set(1),
        local_passwords: Set(for_everyone),
        break_glass_user_id: Set(break_glass),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    if !for_everyone {
        let mut ended = session::Entity::delete_many()
            .filter(session::Column::Method.eq(SignInMethod::Password.as_str()));
        if let Some(id) = break_glass {
            ended = ended.filter(session::Column::UserId.ne(id));
        }
        ended.exec(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}
