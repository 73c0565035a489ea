//! Mentoring storage and its write-side rules (issue 3). One module per job:
//!
//! - tables: [`settings`] (per-program matching settings), [`applications`] (one mentor
//!   application per person), [`requests`] (one mentee request per person), [`relationships`].
//! - [`candidates`]: approved mentors of a program as `domain::mentoring::matching` wants them.
//! - [`views`]: a relationship as one member (or a coordinator) sees it, and feeding both members.
//! - [`mutations`]: the pushed application/request/pause mutations; [`lifecycle`]: requesting a
//!   mentor and acting on a relationship (by a member, a coordinator or the clock, [`expiry`]).
//! - [`review`]: a coordinator's decision on an application, and the mentor role that follows it.
//! - reads: [`proposals`] (a mentee's ranked mentors), [`oversight`] (the coordinator's queues and
//!   metrics), [`intake`] (batch assignment and its confirmation).
//! - [`deletion`]: what account deletion does to the person's mentoring data.
//!
//! The rules themselves are in `domain` (profile validation, matching, the relationship state
//! machine, `mentoring::desk`); these modules load, call them, store and feed.

pub mod applications;
pub mod candidates;
pub mod deletion;
pub mod expiry;
pub mod intake;
pub mod lifecycle;
pub mod mutations;
pub mod oversight;
pub mod proposals;
pub mod relationships;
pub mod requests;
pub mod review;
pub mod settings;
pub mod views;
