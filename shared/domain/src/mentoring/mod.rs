//! Mentoring: who can mentor, what a mentee is looking for, and how they are matched.
//!
//! Where to start:
//! - [`profile`] — mentor applications, mentee requests, the program's catalog of areas and
//!   training, their validation, and the public profile a mentee sees.
//! - [`availability`] — weekly slots in each person's own time zone and their overlap in a
//!   concrete week (daylight saving handled by the time-zone database).
//! - [`matching`] — hard filters, weighted scoring, explanations, ranking, and the score matrix
//!   for batch assignment ([`crate::assignment`]).
//! - [`desk`] — application status rules, request gating, quiet matches, program settings and
//!   the reference dates the server ranks with.

pub mod availability;
pub mod desk;
pub mod matching;
pub mod profile;
