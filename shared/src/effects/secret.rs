//! Secure storage of the session token (Keychain on iOS, Keystore on Android).

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

/// Ask the platform's secure storage to read, write or forget the session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretOperation {
    ReadToken,
    WriteToken(String),
    DeleteToken,
}

/// The platform's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretResult {
    Token(Option<String>),
    Done,
    Failed(String),
}

impl Operation for SecretOperation {
    type Output = SecretResult;
}
