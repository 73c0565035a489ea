//! Device tokens: `bcn_` + base64url (no padding) of 32 random bytes. Only SHA-256 is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

const PREFIX: &str = "bcn_";
/// Length of base64url-no-pad of 32 bytes.
const ENCODED_LEN: usize = 43;

/// A freshly minted token (shown once) and the hash to store.
pub struct NewToken {
    pub token: String,
    pub hash: [u8; 32],
}

/// Mints a token from the operating system-seeded CSPRNG.
pub fn generate() -> NewToken {
    let mut secret = [0_u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(secret));
    let hash = hash(&token);
    NewToken { token, hash }
}

/// The stored form of a token.
pub fn hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Cheap shape check before touching the database.
pub fn is_well_formed(token: &str) -> bool {
    token.strip_prefix(PREFIX).is_some_and(|rest| {
        rest.len() == ENCODED_LEN
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_well_formed_and_hashed() {
        let a = generate();
        let b = generate();
        assert_ne!(a.token, b.token);
        assert!(is_well_formed(&a.token));
        assert_eq!(a.hash, hash(&a.token));
        assert!(!is_well_formed("bcn_short"));
        assert!(!is_well_formed(&a.token.replace("bcn_", "xyz_")));
    }
}
