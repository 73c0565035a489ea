//! Argon2id password hashing, always off the async runtime (`spawn_blocking`).
//!
//! Unknown emails are verified against a dummy hash made with the same parameters, so a log-in
//! for an unknown email costs the same time as a wrong password.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

use crate::error::AppError;

/// Hashes and verifies passwords with one set of Argon2id parameters.
pub struct Passwords {
    params: Params,
    dummy_hash: String,
}

impl Passwords {
    /// Prepares hashing with `params` (this computes one dummy hash, so it takes one hash's time).
    pub fn new(params: Params) -> anyhow::Result<Self> {
        let mut filler = [0_u8; 24];
        rand::rng().fill_bytes(&mut filler);
        let dummy_hash = hash_blocking(&params, &String::from_utf8_lossy(&filler))
            .map_err(|error| anyhow::anyhow!("cannot compute the dummy password hash: {error}"))?;
        Ok(Self { params, dummy_hash })
    }

    /// A PHC-format Argon2id hash of `password` with a fresh random salt.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let params = self.params.clone();
        tokio::task::spawn_blocking(move || hash_blocking(&params, &password))
            .await?
            .map_err(AppError::internal)
    }

    /// Whether `password` matches `stored`; with no stored hash (unknown account) it spends the
    /// same effort on a dummy hash and answers `false`.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.dummy_hash.clone());
        let matches =
            tokio::task::spawn_blocking(move || verify_blocking(&password, &hash)).await?;
        Ok(known && matches)
    }
}

/// Hashes on the current thread (admin commands, start-up).
pub fn hash_blocking(
    params: &Params,
    password: &str,
) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0_u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt)?;
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    Ok(hasher
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Checks a password against a stored PHC hash (its own parameters are used). A corrupt hash
/// never matches.
fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> Params {
        Params::new(8, 1, 1, None).unwrap()
    }

    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let passwords = Passwords::new(cheap()).unwrap();
        let hash = passwords
            .hash("correct horse battery".into())
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            passwords
                .verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !passwords
                .verify("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(!passwords.verify("anything".into(), None).await.unwrap());
    }

    #[test]
    fn production_parameters_are_the_argon2_defaults() {
        let params = crate::Config::new("x.db").argon2;
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (19 * 1024, 2, 1)
        );
    }
}
