//! Passwords: argon2id hashing on a blocking thread, the rules for a new password, email
//! addresses as account names.

use super::*;
use crate::error::Validation;

pub(super) fn hasher() -> Result<Hasher, AppError> {
    // OWASP's first recommendation for argon2id: 19 MiB, two passes, one lane.
    let params = Params::new(19_456, 2, 1, None).map_err(|_| AppError::Internal)?;
    Ok(Hasher {
        algorithm: Algorithm::Argon2id,
        version: Version::V0x13,
        params,
    })
}

/// argon2 as the `argon2` crate computes it, with its working memory (19 MiB per hash)
/// allocated so that the process hands it back to the system afterwards.
///
/// The crate's own `hash_password` allocates exactly the blocks it needs. glibc serves the first
/// such allocation with `mmap`, and freeing it raises its threshold for `mmap` to that size
/// (dynamic up to 32 MiB); every later hash is then served from the arena of the thread that
/// runs it, and the arena keeps the 19 MiB when they are freed. Hashes run on tokio's blocking
/// threads, each with an arena of its own: 24 logins, eight at a time, left the server at
/// 356 MB resident instead of 42 MB. Here the buffer reserves more than glibc's largest
/// threshold, so every hash gets a mapping of its own, of which only the 19 MiB it touches
/// become resident, and freeing it unmaps it without moving the threshold.
/// `cargo bench -p tests --bench footprint` measures the resident memory after logins.
pub(super) struct Hasher {
    algorithm: Algorithm,
    version: Version,
    params: Params,
}

/// Above glibc's `DEFAULT_MMAP_THRESHOLD_MAX` (32 MiB on 64-bit systems), in argon2 blocks.
const MAPPED_BLOCKS: usize = 33 * 1024 * 1024 / argon2::Block::SIZE;

impl PasswordHasher for Hasher {
    type Params = Params;

    fn hash_password<'a>(
        &self,
        password: &[u8],
        salt: impl Into<argon2::password_hash::Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        let salt = salt.into();
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let argon2 = Argon2::new(self.algorithm, self.version, self.params.clone());
        let blocks = self.params.block_count();
        let mut memory = Vec::with_capacity(blocks.max(MAPPED_BLOCKS));
        memory.resize(blocks, argon2::Block::default());
        let output_len = self
            .params
            .output_len()
            .unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let output = argon2::password_hash::Output::init_with(output_len, |out| {
            Ok(argon2.hash_password_into_with_memory(password, salt_bytes, out, &mut memory)?)
        })?;
        Ok(PasswordHash {
            algorithm: self.algorithm.ident(),
            version: Some(self.version.into()),
            params: (&self.params).try_into()?,
            salt: Some(salt),
            hash: Some(output),
        })
    }

    /// What `verify_password` calls with the stored hash's algorithm, version, parameters and
    /// salt (and then compares the outputs in constant time), as the `argon2` crate does.
    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<argon2::password_hash::Ident<'a>>,
        version: Option<argon2::password_hash::Decimal>,
        params: Params,
        salt: impl Into<argon2::password_hash::Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        Hasher {
            algorithm: algorithm
                .map(Algorithm::try_from)
                .transpose()?
                .unwrap_or_default(),
            version: version
                .map(Version::try_from)
                .transpose()?
                .unwrap_or_default(),
            params,
        }
        .hash_password(password, salt)
    }
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

/// A new password's length, and that the repetition matches; both fields' problems at once.
pub fn validate_new_password(password: &str, repeat: &str, field: &str) -> Result<(), AppError> {
    let mut v = Validation::new();
    let length = password.chars().count();
    v.check(length >= MIN_PASSWORD_LENGTH, field, "password-too-short");
    v.check(length <= MAX_PASSWORD_LENGTH, field, "password-too-long");
    v.check(
        password == repeat,
        &format!("{field}_repeat"),
        "password-mismatch",
    );
    v.finish()
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Hashes stored before (by the `argon2` crate's own hasher) still verify, and the `argon2`
    /// crate verifies ours: the working memory is the only difference.
    #[test]
    fn hashes_agree_with_the_argon2_crate_both_ways() {
        let crate_hasher = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(19_456, 2, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let ours = hasher()
            .unwrap()
            .hash_password(b"ein langes Passwort", &salt)
            .unwrap();
        let theirs = crate_hasher
            .hash_password(b"ein langes Passwort", &salt)
            .unwrap();
        assert_eq!(ours.to_string(), theirs.to_string());

        let stored = theirs.to_string();
        let stored = PasswordHash::new(&stored).unwrap();
        assert!(
            hasher()
                .unwrap()
                .verify_password(b"ein langes Passwort", &stored)
                .is_ok()
        );
        assert!(
            hasher()
                .unwrap()
                .verify_password(b"ein anderes Passwort", &stored)
                .is_err()
        );
        let ours = ours.to_string();
        let ours = PasswordHash::new(&ours).unwrap();
        assert!(
            crate_hasher
                .verify_password(b"ein langes Passwort", &ours)
                .is_ok()
        );
    }

    /// A stored hash with other parameters is checked with those parameters.
    #[test]
    fn a_hash_with_other_parameters_verifies() {
        let other = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 3, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let stored = other.hash_password(b"noch ein Passwort", &salt).unwrap();
        let stored = stored.to_string();
        let stored = PasswordHash::new(&stored).unwrap();
        assert!(
            hasher()
                .unwrap()
                .verify_password(b"noch ein Passwort", &stored)
                .is_ok()
        );
    }
}
