//! Messaging storage and its write side (issue 4). One module per job:
//!
//! - tables: [`messages`] (numbered per conversation), [`receipts`] (each member's watermarks),
//!   [`concerns`] (mentors' concerns and members' reports, for coordinators), [`registrations`]
//!   (one push endpoint per device).
//! - [`mutations`]: the pushed `send_message`, `acknowledge_messages`, `raise_concern` and
//!   `report_member`, each checked before anything is written.
//! - [`deletion`]: what account deletion does to the person's messaging data.
//!
//! A conversation is a relationship (same id). The rules (who may write, text limits, how
//! watermarks move and what of them is shared) are in `domain::messaging`.

pub mod concerns;
pub mod deletion;
pub mod messages;
pub mod mutations;
pub mod receipts;
pub mod registrations;
