//! Who is calling: password hashing ([`password`]), device tokens ([`token`]), and the
//! [`Authenticated`] extractor that turns a bearer token into a person and device, and the
//! [`Coordinator`] extractor that also requires the coordinator role.

pub mod coordinator;
pub mod extractor;
pub mod password;
pub mod token;

pub use coordinator::Coordinator;
pub use extractor::Authenticated;
pub use password::Passwords;
