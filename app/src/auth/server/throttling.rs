//! Throttling failed logins per account and address, and per address alone.

use super::*;
use crate::error::Validation;

/// Failures are counted per pair of account and client address: an attacker can lock an account
/// only for the address they attack from, so colleagues behind the same NAT address and the
/// account owner elsewhere can still log in.
pub(super) fn throttle_key(email: &str, ip: Option<IpAddr>) -> String {
    let address = ip.map(client_bucket).unwrap_or_default();
    digest(&format!("login\u{1f}{email}\u{1f}{address}"))
}

/// Failures from one address, whatever the accounts: someone trying one password on many
/// accounts (password spraying) is stopped too.
pub(super) fn address_throttle_key(ip: Option<IpAddr>) -> Option<String> {
    ip.map(|ip| digest(&format!("login-address\u{1f}{}", client_bucket(ip))))
}

/// The unit in which a client address is counted for limits: an IPv4 address, or the /64
/// network of an IPv6 address (a single connection usually holds a whole /64, so counting
/// single IPv6 addresses would give an attacker billions of fresh ones).
pub fn client_bucket(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The limits one sign-in attempt passes: failures of this account from this address, and of
/// this address across accounts. Every way of signing in (password, directory, letter code)
/// counts through it, so that none of them is a way around the others' limits.
pub struct AttemptLimits {
    key: String,
    address_key: Option<String>,
}

impl AttemptLimits {
    /// Refuses (429) while either limit is locked. `account` names what is tried: the login as
    /// typed, prefixed by the way of signing in where it is not a password login.
    pub async fn check(
        ctx: &AppContext,
        account: &str,
        ip: Option<IpAddr>,
    ) -> Result<AttemptLimits, AppError> {
        let limits = AttemptLimits {
            key: throttle_key(account, ip),
            address_key: address_throttle_key(ip),
        };
        check_throttle(ctx, &limits.key).await?;
        if let Some(address_key) = &limits.address_key {
            check_throttle(ctx, address_key).await?;
        }
        Ok(limits)
    }

    /// Counts a failure against both limits.
    pub async fn failed(&self, ctx: &AppContext) -> Result<(), AppError> {
        record_failure(ctx, &self.key, ctx.settings.login_max_failures).await?;
        // A successful login does not reset this one: a sprayer who knows one password of
        // their own could otherwise wipe the count between attempts.
        if let Some(address_key) = &self.address_key {
            record_failure(
                ctx,
                address_key,
                ctx.settings.login_max_failures_per_address,
            )
            .await?;
        }
        Ok(())
    }

    /// Forgets the account's failures from this address.
    pub async fn succeeded(&self, ctx: &AppContext) -> Result<(), AppError> {
        login_throttle::Entity::delete_by_id(self.key.clone())
            .exec(&ctx.db)
            .await?;
        Ok(())
    }
}

/// Refuses (422) when any of the `(field, value)` pairs is empty, naming every empty field.
pub fn require_fields(fields: &[(&str, &str)]) -> Result<(), AppError> {
    let mut v = Validation::new();
    for (field, value) in fields {
        v.require(value, field);
    }
    v.finish()
}

pub(super) async fn check_throttle(ctx: &AppContext, key: &str) -> Result<(), AppError> {
    if let Some(row) = login_throttle::Entity::find_by_id(key.to_owned())
        .one(&ctx.db)
        .await?
        && let Some(until) = row.locked_until
    {
        let now = ctx.now();
        if until > now {
            let minutes = ((until - now).num_seconds() + 59) / 60;
            return Err(AppError::TooManyAttempts {
                retry_after_minutes: minutes.max(1) as u64,
            });
        }
    }
    Ok(())
}

pub(super) async fn record_failure(
    ctx: &AppContext,
    key: &str,
    max_failures: u32,
) -> Result<(), AppError> {
    let now = ctx.now();
    let settings = &ctx.settings;
    let existing = login_throttle::Entity::find_by_id(key.to_owned())
        .one(&ctx.db)
        .await?;
    let (failures, window_started_at) = match &existing {
        Some(row)
            if now - row.window_started_at < settings.login_window
                || row.locked_until.is_some() =>
        {
            (row.failures + 1, row.window_started_at)
        }
        _ => (1, now),
    };
    let over = failures - max_failures.min(i32::MAX as u32) as i32;
    let locked_until = (over >= 0).then(|| {
        let factor = 1i32.checked_shl(over.min(20) as u32).unwrap_or(i32::MAX);
        let lock = settings.login_lockout_base * factor;
        now + lock.min(settings.login_lockout_max)
    });
    let model = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(failures),
        window_started_at: Set(window_started_at),
        locked_until: Set(locked_until),
    };
    if existing.is_some() {
        model.update(&ctx.db).await?;
    } else {
        login_throttle::Entity::insert(model)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(login_throttle::Column::Key)
                    .update_columns([
                        login_throttle::Column::Failures,
                        login_throttle::Column::WindowStartedAt,
                        login_throttle::Column::LockedUntil,
                    ])
                    .to_owned(),
            )
            .exec(&ctx.db)
            .await?;
    }
    Ok(())
}
