//! The coordinator's desk: `/v1/coordinator/*`. Every handler takes the [`Coordinator`]
//! extractor (403 for anyone else) and only ever touches the coordinator's own program (another
//! program's objects are 404). Responses carry metadata and counts, never message or note content.
//!
//! [`Coordinator`]: crate::auth::Coordinator

pub mod applications;
pub mod concerns;
pub mod intake;
pub mod oversight;
pub mod relationships;
pub mod settings;
