//! Passwords: argon2id hashing on a blocking thread, the rules for a new password, email
//! addresses as account names.

use super::*;

pub(super) fn hasher() -> Result<Argon2<'static>, AppError> {
    // OWASP's first recommendation for argon2id: 19 MiB, two passes, one lane.
    let params = Params::new(19_456, 2, 1, None).map_err(|_| AppError::Internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|_| AppError::Internal)
    })
    .await
    .map_err(|_| AppError::Internal)?
}

/// Checks a password. Without a stored hash it still spends the same time, so that response
/// times do not tell which addresses have accounts.
pub async fn verify_password(stored: Option<String>, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let Ok(argon2) = hasher() else { return false };
        match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(hash)) => argon2.verify_password(password.as_bytes(), &hash).is_ok(),
            _ => {
                let salt = SaltString::generate(&mut OsRng);
                let _ = argon2.hash_password(password.as_bytes(), &salt);
                false
            }
        }
    })
    .await
    .unwrap_or(false)
}

pub fn validate_new_password(password: &str, repeat: &str, field: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_LENGTH {
        return Err(AppError::invalid(field, "password-too-short"));
    }
    if length > MAX_PASSWORD_LENGTH {
        return Err(AppError::invalid(field, "password-too-long"));
    }
    if password != repeat {
        return Err(AppError::invalid(
            &format!("{field}_repeat"),
            "password-mismatch",
        ));
    }
    Ok(())
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately modest check: one `@`, something on both sides, a dot in the domain, no spaces.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
        && email.len() <= 254
}
