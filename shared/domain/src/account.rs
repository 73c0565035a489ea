//! Accounts: who a person is to Beacon, and the rules their credentials must follow.

use serde::{Deserialize, Serialize};

use crate::limits::{
    MAX_DEVICE_NAME_CHARS, MAX_DISPLAY_NAME_CHARS, MAX_EMAIL_CHARS, MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
};

/// A session token stops working after this long without being used (sliding expiry).
pub const SESSION_IDLE_TTL_SECS: u64 = 60 * 24 * 60 * 60;

/// What a person may do in their program. A person can hold several roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Looking for (or matched with) a mentor. Everyone who signs up starts here.
    Mentee,
    /// An approved mentor (granted by a coordinator after screening).
    Mentor,
    /// Program staff: screens mentors, oversees matches, never reads content.
    Coordinator,
}

impl Role {
    /// The stable name used in storage and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Mentee => "mentee",
            Role::Mentor => "mentor",
            Role::Coordinator => "coordinator",
        }
    }

    /// Parses the stable name written by [`Role::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "mentee" => Some(Role::Mentee),
            "mentor" => Some(Role::Mentor),
            "coordinator" => Some(Role::Coordinator),
            _ => None,
        }
    }
}

/// Why a credential or profile field was refused. The message is safe to show to the person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("{field} is required")]
    Missing { field: &'static str },
    #[error("{field} must be at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{field} must be at least {min} characters")]
    TooShort { field: &'static str, min: usize },
    #[error("{field} contains characters that are not allowed")]
    BadCharacters { field: &'static str },
    #[error("email address is not valid")]
    InvalidEmail,
    #[error("password is too easy to guess: {reason}")]
    WeakPassword { reason: &'static str },
    #[error("{field} is not valid")]
    Invalid { field: &'static str },
}

impl FieldError {
    /// The name of the field that was refused, for error responses.
    pub fn field(&self) -> &'static str {
        match self {
            FieldError::Missing { field }
            | FieldError::TooLong { field, .. }
            | FieldError::TooShort { field, .. }
            | FieldError::BadCharacters { field }
            | FieldError::Invalid { field } => field,
            FieldError::InvalidEmail => "email",
            FieldError::WeakPassword { .. } => "password",
        }
    }
}

/// Normalises and validates an email address: trimmed, lower-cased, one `@`, a dotted domain,
/// no whitespace or control characters. Returns the normalised form that identifies the account.
pub fn normalize_email(raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldError::Missing { field: "email" });
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(FieldError::TooLong {
            field: "email",
            max: MAX_EMAIL_CHARS,
        });
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(FieldError::InvalidEmail);
    };
    let local_ok = !local.is_empty() && local.len() <= 64;
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    let chars_ok = !email
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',');
    if local_ok && domain_ok && chars_ok && !domain.contains('@') {
        Ok(email)
    } else {
        Err(FieldError::InvalidEmail)
    }
}

/// Passwords everybody tries first. Refused whatever their length.
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "password1",
    "password12",
    "password123",
    "password1234",
    "passw0rd",
    "1234567890",
    "12345678910",
    "0123456789",
    "qwertyuiop",
    "qwerty1234",
    "iloveyou12",
    "letmein123",
    "welcome123",
    "trustno1234",
    "abc1234567",
    "1q2w3e4r5t",
    "football12",
    "baseball12",
    "sunshine12",
    "princess12",
    "mentoring1",
    "beacon1234",
    "recovery12",
];

/// Checks a new password: 10–128 characters, not all one character, not a well-known password,
/// and not the email address (or its local part).
pub fn validate_new_password(password: &str, email: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(FieldError::TooShort {
            field: "password",
            min: MIN_PASSWORD_CHARS,
        });
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(FieldError::TooLong {
            field: "password",
            max: MAX_PASSWORD_CHARS,
        });
    }
    let lowered = password.to_lowercase();
    let mut chars = lowered.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(FieldError::WeakPassword {
            reason: "it repeats one character",
        });
    }
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err(FieldError::WeakPassword {
            reason: "it is a commonly used password",
        });
    }
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if lowered == email || (!local.is_empty() && lowered == local) {
        return Err(FieldError::WeakPassword {
            reason: "it matches the email address",
        });
    }
    Ok(())
}

/// Checks the length of a password offered at log-in (no strength rules: old passwords still work).
pub fn validate_login_password(password: &str) -> Result<(), FieldError> {
    if password.is_empty() {
        return Err(FieldError::Missing { field: "password" });
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(FieldError::TooLong {
            field: "password",
            max: MAX_PASSWORD_CHARS,
        });
    }
    Ok(())
}

/// Trims and validates a display name (an alias is fine; nobody has to give a real name).
pub fn normalize_display_name(raw: &str) -> Result<String, FieldError> {
    normalize_label(raw, "display_name", MAX_DISPLAY_NAME_CHARS)
}

/// Trims and validates a device name shown in the device list.
pub fn normalize_device_name(raw: &str) -> Result<String, FieldError> {
    normalize_label(raw, "device_name", MAX_DEVICE_NAME_CHARS)
}

/// Trims a one-line human label and checks it is present, short enough and free of control characters.
pub fn normalize_label(raw: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let label = raw.trim();
    if label.is_empty() {
        return Err(FieldError::Missing { field });
    }
    if label.chars().count() > max {
        return Err(FieldError::TooLong { field, max });
    }
    if label.chars().any(char::is_control) {
        return Err(FieldError::BadCharacters { field });
    }
    Ok(label.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  Ana@Example.ORG ").unwrap(),
            "ana@example.org"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "a b@example.org",
            "ana@ex..org",
            "ana@-x.org",
            "a@b@c.org",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(matches!(
            normalize_email(&long),
            Err(FieldError::TooLong { .. })
        ));
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        assert!(validate_new_password("correct horse battery", "ana@example.org").is_ok());
        assert!(matches!(
            validate_new_password("short", "a@b.org"),
            Err(FieldError::TooShort { .. })
        ));
        assert!(matches!(
            validate_new_password("aaaaaaaaaaaa", "a@b.org"),
            Err(FieldError::WeakPassword { .. })
        ));
        assert!(matches!(
            validate_new_password("Password123", "a@b.org"),
            Err(FieldError::WeakPassword { .. })
        ));
        assert!(matches!(
            validate_new_password("anabanana1", "anabanana1@x.org"),
            Err(FieldError::WeakPassword { .. })
        ));
        assert!(matches!(
            validate_new_password(&"x1".repeat(65), "a@b.org"),
            Err(FieldError::TooLong { .. })
        ));
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(normalize_display_name("  Robin ").unwrap(), "Robin");
        assert!(normalize_display_name("   ").is_err());
        assert!(normalize_display_name("bell\u{7}").is_err());
        assert!(normalize_display_name(&"é".repeat(61)).is_err());
        assert!(normalize_display_name(&"é".repeat(60)).is_ok());
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [Role::Mentee, Role::Mentor, Role::Coordinator] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
