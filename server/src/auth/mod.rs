//! Who is calling: password hashing ([`password`]), device tokens ([`token`]), and the
//! [`Authenticated`] extractor that turns a bearer token into a person and device.

pub mod extractor;
pub mod password;
pub mod token;

pub use extractor::Authenticated;
pub use password::Passwords;
