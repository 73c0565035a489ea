//! Size limits. The server enforces them; the app checks them first so users get instant feedback.

/// Largest request body the server accepts, in bytes.
pub const MAX_REQUEST_BODY_BYTES: usize = 256 * 1024;
/// Most mutations the client sends in one push, and the server accepts in one batch.
pub const MAX_MUTATIONS_PER_PUSH: usize = 100;
/// Room a push request needs besides its mutations (the JSON envelope and separators).
pub const PUSH_ENVELOPE_BYTES: usize = 4 * 1024;
/// Most bytes of encoded mutations the client puts in one push, so a batch always fits
/// [`MAX_REQUEST_BODY_BYTES`].
pub const MAX_PUSH_MUTATION_BYTES: usize = MAX_REQUEST_BODY_BYTES - PUSH_ENVELOPE_BYTES;
/// Most changes the server returns in one page of the change feed.
pub const MAX_CHANGES_PER_PAGE: u32 = 500;
/// Longest email address (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Shortest acceptable password.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest accepted password (bounds the hashing cost an attacker can force).
pub const MAX_PASSWORD_CHARS: usize = 128;
/// Longest display name (an alias is fine).
pub const MAX_DISPLAY_NAME_CHARS: usize = 60;
/// Longest device name ("Pixel 8", "Sam's iPhone").
pub const MAX_DEVICE_NAME_CHARS: usize = 80;
/// Longest free-text name of an organisation, program or crisis resource.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest locale tag ("en", "es-MX", "zh-Hant-TW").
pub const MAX_LOCALE_CHARS: usize = 16;
