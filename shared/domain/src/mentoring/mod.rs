//! Mentoring: who can mentor, what a mentee is looking for, and how they are matched.
//!
//! Where to start:
//! - [`profile`] — mentor applications, mentee requests, the program's catalog of areas and
//!   training, their validation, and the public profile a mentee sees.
//! - [`availability`] — weekly slots in each person's own time zone and their overlap in a
//!   concrete week (daylight saving handled by the time-zone database).
//! - [`matching`] — hard filters, weighted scoring, explanations, ranking, and the score matrix
//!   for batch assignment ([`crate::assignment`]).

pub mod availability;
pub mod matching;
pub mod profile;
