//! The mentoring relationship lifecycle as one explicit state machine, shared by the app core
//! (applied optimistically, offline) and the server (authoritative).
//!
//! ```text
//!            accept                 both acknowledge          pause
//! Requested ───────▶ Accepted ────────────────────▶ Active ◀────────▶ Paused
//!   │ decline · expire · withdraw   │                  │      resume      │
//!   ▼                               └── close · request change · block ───┴──▶ Closed
//! Declined · Expired · Withdrawn        (block also works from Requested)
//! ```
//!
//! - [`Relationship::request`] starts a relationship; [`apply`] is the only way it changes. It checks,
//!   in order: may this [`Actor`] ever take this action, is it valid from the current state, then
//!   the action's own rules (time window, agreement version, reason text). A refusal is a specific
//!   [`TransitionError`] and nothing changes.
//! - Confidentiality: every free text written during the lifecycle (decline, change and block
//!   reasons, close notes) is for the program's coordinators only — not even echoed back to its
//!   author, so a shared or lost phone never shows it. A mentor never learns that a mentee asked
//!   for a change, and a blocked person never learns they were blocked: both see an
//!   [`CloseReason::Unspecified`] closure, exactly as if the other side had ended it without a
//!   reason. See [`Relationship::redacted_for`] and [`Relationship::closure_message_for`].
//! - [`Actor::System`] is the clock: only it expires unanswered requests. Servers never map a
//!   person's request to it.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::account::FieldError;
use crate::wire::v1::{ApiError, ErrorCode};

/// One hour in milliseconds.
pub const HOUR_MS: TimestampMs = 60 * 60 * 1000;
/// How long a mentor has to answer a request unless the program says otherwise.
pub const DEFAULT_RESPONSE_WINDOW_HOURS: u32 = 72;
/// Shortest response window a program may configure.
pub const MIN_RESPONSE_WINDOW_HOURS: u32 = 1;
/// Longest response window a program may configure (two weeks: nobody should wait longer).
pub const MAX_RESPONSE_WINDOW_HOURS: u32 = 14 * 24;
/// Longest reason or note, in characters.
pub const MAX_REASON_CHARS: usize = 1000;
/// Longest confidentiality text of an agreement, in characters.
pub const MAX_AGREEMENT_TEXT_CHARS: usize = 2000;
/// Part of every agreement, word for word.
pub const NOT_TREATMENT_STATEMENT: &str =
    "Peer support complements professional treatment; it never replaces it.";

/// Who is acting on (or looking at) a relationship. The caller establishes it: the mentee and the
/// mentor of this relationship, a coordinator of its program, or the system clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Mentee,
    Mentor,
    /// A coordinator of the relationship's program.
    Coordinator,
    /// The clock (a server job, or the app core's own view of time). Only expires requests.
    System,
}

impl Actor {
    pub const ALL: [Actor; 4] = [
        Actor::Mentee,
        Actor::Mentor,
        Actor::Coordinator,
        Actor::System,
    ];
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Actor::Mentee => "the mentee",
            Actor::Mentor => "the mentor",
            Actor::Coordinator => "a coordinator",
            Actor::System => "the system",
        })
    }
}

/// Where a relationship is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RelationshipState {
    /// The mentee asked; the mentor has until `respond_by` to answer.
    Requested,
    /// The mentor said yes; waiting for both to acknowledge the agreement.
    Accepted,
    /// Both acknowledged the agreement: the match is running.
    Active,
    /// Either side paused it; either side can resume.
    Paused,
    /// Final: the mentor said no.
    Declined,
    /// Final: the mentor did not answer in time.
    Expired,
    /// Final: the mentee withdrew the request before an answer.
    Withdrawn,
    /// Final: ended after acceptance (or blocked), with a [`CloseReason`].
    Closed,
}

impl RelationshipState {
    pub const ALL: [RelationshipState; 8] = [
        RelationshipState::Requested,
        RelationshipState::Accepted,
        RelationshipState::Active,
        RelationshipState::Paused,
        RelationshipState::Declined,
        RelationshipState::Expired,
        RelationshipState::Withdrawn,
        RelationshipState::Closed,
    ];

    /// Nothing can happen any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RelationshipState::Declined
                | RelationshipState::Expired
                | RelationshipState::Withdrawn
                | RelationshipState::Closed
        )
    }

    /// The stable name used in storage and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationshipState::Requested => "requested",
            RelationshipState::Accepted => "accepted",
            RelationshipState::Active => "active",
            RelationshipState::Paused => "paused",
            RelationshipState::Declined => "declined",
            RelationshipState::Expired => "expired",
            RelationshipState::Withdrawn => "withdrawn",
            RelationshipState::Closed => "closed",
        }
    }
}

impl fmt::Display for RelationshipState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a relationship was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    /// The mentee reached what they came for.
    GoalsReached,
    /// Support is no longer needed or wanted, for now.
    NoLongerNeeded,
    /// The pairing did not work out.
    NotAGoodFit,
    /// Contact faded and could not be restored.
    LostContact,
    /// Life (time, health, a move) got in the way.
    Circumstances,
    /// Someone's safety is at stake; the coordinator follows up.
    SafetyConcern,
    /// The program ended the match (e.g. the mentor's approval was withdrawn). Coordinators only.
    ProgramDecision,
    /// No reason given ("prefer not to say"). Also what a mentor sees of a change request and a
    /// blocked person sees of a block, so that neither can be told apart from this.
    Unspecified,
    /// The mentee asked for a different mentor. Set only by [`Action::RequestChange`].
    ChangeRequested,
    /// One side blocked the other. Set only by [`Action::Block`].
    Blocked,
    /// Something else.
    Other,
}

impl CloseReason {
    /// A short lower-case label for messages ("goals reached").
    pub fn label(self) -> &'static str {
        match self {
            CloseReason::GoalsReached => "goals reached",
            CloseReason::NoLongerNeeded => "no longer needed",
            CloseReason::NotAGoodFit => "not a good fit",
            CloseReason::LostContact => "lost contact",
            CloseReason::Circumstances => "circumstances changed",
            CloseReason::SafetyConcern => "a safety concern",
            CloseReason::ProgramDecision => "a program decision",
            CloseReason::Unspecified => "no reason given",
            CloseReason::ChangeRequested => "a change of mentor was requested",
            CloseReason::Blocked => "blocked",
            CloseReason::Other => "other",
        }
    }
}

impl fmt::Display for CloseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How often the pair intends to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Fortnightly,
    Monthly,
}

/// The short agreement a match starts with. Both sides acknowledge one exact `version`; the
/// [`NOT_TREATMENT_STATEMENT`] is part of every version and is not editable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// Starts at 1; a program bumps it whenever the text changes.
    pub version: u32,
    pub cadence: Cadence,
    /// What stays between the two of them.
    pub confidentiality: String,
    /// When confidentiality gives way (risk of harm to self or others).
    pub confidentiality_limits: String,
}

impl Agreement {
    /// The program-independent default wording, for programs that do not write their own.
    pub fn standard(version: u32, cadence: Cadence) -> Self {
        Self {
            version,
            cadence,
            confidentiality: "What we talk about stays between us. Coordinators see that we meet, \
                              never what we say."
                .to_owned(),
            confidentiality_limits: "If either of us believes someone is at risk of serious harm, \
                                     the mentor tells the program coordinator so that help can \
                                     be found, and says so first whenever possible."
                .to_owned(),
        }
    }

    /// The fixed statement that peer support is not treatment.
    pub fn not_treatment_statement(&self) -> &'static str {
        NOT_TREATMENT_STATEMENT
    }

    /// Checks a program's agreement before it is used: a version from 1 and both texts present.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.version == 0 {
            return Err(FieldError::Invalid {
                field: "agreement.version",
            });
        }
        for (text, field) in [
            (&self.confidentiality, "agreement.confidentiality"),
            (
                &self.confidentiality_limits,
                "agreement.confidentiality_limits",
            ),
        ] {
            if text.trim().is_empty() {
                return Err(FieldError::Missing { field });
            }
            if text.chars().count() > MAX_AGREEMENT_TEXT_CHARS {
                return Err(FieldError::TooLong {
                    field,
                    max: MAX_AGREEMENT_TEXT_CHARS,
                });
            }
        }
        Ok(())
    }
}

/// How long a mentor has to answer a request, in whole hours; configurable per program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "u32", into = "u32")]
pub struct ResponseWindow(u32);

impl ResponseWindow {
    /// A window of `hours`, between [`MIN_RESPONSE_WINDOW_HOURS`] and [`MAX_RESPONSE_WINDOW_HOURS`].
    pub fn from_hours(hours: u32) -> Result<Self, FieldError> {
        if (MIN_RESPONSE_WINDOW_HOURS..=MAX_RESPONSE_WINDOW_HOURS).contains(&hours) {
            Ok(Self(hours))
        } else {
            Err(FieldError::Invalid {
                field: "response_window_hours",
            })
        }
    }

    pub fn hours(self) -> u32 {
        self.0
    }

    pub fn as_ms(self) -> TimestampMs {
        TimestampMs::from(self.0) * HOUR_MS
    }
}

impl Default for ResponseWindow {
    fn default() -> Self {
        Self(DEFAULT_RESPONSE_WINDOW_HOURS)
    }
}

impl TryFrom<u32> for ResponseWindow {
    type Error = FieldError;

    fn try_from(hours: u32) -> Result<Self, Self::Error> {
        Self::from_hours(hours)
    }
}

impl From<ResponseWindow> for u32 {
    fn from(window: ResponseWindow) -> Self {
        window.0
    }
}

/// One side's acknowledgement of the agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub agreement_version: u32,
    pub at: TimestampMs,
}

/// One change of state: what it became, who caused it, when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    pub state: RelationshipState,
    pub actor: Actor,
    pub at: TimestampMs,
}

/// A mentoring relationship between one mentee and one mentor of a program.
///
/// Fields marked *coordinator only* are removed by [`Relationship::redacted_for`] for everyone else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Relationship {
    /// Chosen by the client (UUIDv7) so that a request made offline is created exactly once.
    pub id: Uuid,
    pub program_id: Uuid,
    pub mentee_id: Uuid,
    pub mentor_id: Uuid,
    pub state: RelationshipState,
    /// The agreement both sides acknowledge to start.
    pub agreement: Agreement,
    pub requested_at: TimestampMs,
    /// The request expires at this instant (the window is open while `now < respond_by`).
    pub respond_by: TimestampMs,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<TimestampMs>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentee_acknowledgement: Option<Acknowledgement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor_acknowledgement: Option<Acknowledgement>,
    /// When the second acknowledgement made it active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated_at: Option<TimestampMs>,
    /// Start of the current pause (cleared on resume).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_at: Option<TimestampMs>,
    /// When the current pause is planned to end, if the pauser said (cleared on resume).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<TimestampMs>,
    /// When it reached a final state (declined, expired, withdrawn or closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<TimestampMs>,
    /// Set when (and only when) the state is `Closed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_reason: Option<CloseReason>,
    /// Coordinator only: the mentor's reason for declining.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<String>,
    /// Coordinator only: why the mentee asked for a different mentor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_reason: Option<String>,
    /// Coordinator only: why one side blocked the other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_reason: Option<String>,
    /// Coordinator only: the note given with a closure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_note: Option<String>,
    /// Every change of state, oldest first, starting with the request.
    pub history: Vec<HistoryEntry>,
}

/// What a participant (or a coordinator) asks to do. This is what the app queues offline and the
/// server applies; variants without data are empty structs so that unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case", tag = "type"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Mentor: yes, within the response window.
    Accept {},
    /// Mentor: no, within the response window. The reason is for the coordinator only.
    Decline {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Mentee: take the request back before an answer, within the response window.
    Withdraw {},
    /// Mentee or mentor, once accepted: "I have read this version of the agreement".
    AcknowledgeAgreement { agreement_version: u32 },
    /// Mentee or mentor, while active; `until` is when they expect to be back.
    Pause {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<TimestampMs>,
    },
    /// Mentee or mentor, while paused.
    Resume {},
    /// Either side or a coordinator, once accepted. The note is for the coordinator only.
    Close {
        reason: CloseReason,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Mentee, once accepted: close kindly and ask the coordinator for a different mentor.
    /// The reason is required and is for the coordinator only.
    RequestChange { reason: String },
    /// Mentee or mentor, any time before the end: close, and never be matched again.
    /// The reason is required and is for the coordinator only.
    Block { reason: String },
    /// System: the response window has passed without an answer.
    Expire {},
}

/// The kind of an [`Action`], without its data (for errors, permissions and UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    Decline,
    Withdraw,
    AcknowledgeAgreement,
    Pause,
    Resume,
    Close,
    RequestChange,
    Block,
    Expire,
}

impl ActionKind {
    pub const ALL: [ActionKind; 10] = [
        ActionKind::Accept,
        ActionKind::Decline,
        ActionKind::Withdraw,
        ActionKind::AcknowledgeAgreement,
        ActionKind::Pause,
        ActionKind::Resume,
        ActionKind::Close,
        ActionKind::RequestChange,
        ActionKind::Block,
        ActionKind::Expire,
    ];

    /// Whether `actor` may ever take this action (in some state).
    pub fn permits(self, actor: Actor) -> bool {
        use Actor::{Coordinator, Mentee, Mentor, System};
        match self {
            ActionKind::Accept | ActionKind::Decline => actor == Mentor,
            ActionKind::Withdraw | ActionKind::RequestChange => actor == Mentee,
            ActionKind::AcknowledgeAgreement
            | ActionKind::Pause
            | ActionKind::Resume
            | ActionKind::Block => matches!(actor, Mentee | Mentor),
            ActionKind::Close => matches!(actor, Mentee | Mentor | Coordinator),
            ActionKind::Expire => actor == System,
        }
    }

    /// Whether this action can be taken from `state` (by someone permitted).
    pub fn valid_from(self, state: RelationshipState) -> bool {
        use RelationshipState::{Accepted, Active, Paused, Requested};
        match self {
            ActionKind::Accept
            | ActionKind::Decline
            | ActionKind::Withdraw
            | ActionKind::Expire => state == Requested,
            ActionKind::AcknowledgeAgreement => state == Accepted,
            ActionKind::Pause => state == Active,
            ActionKind::Resume => state == Paused,
            ActionKind::Close | ActionKind::RequestChange => {
                matches!(state, Accepted | Active | Paused)
            }
            ActionKind::Block => matches!(state, Requested | Accepted | Active | Paused),
        }
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ActionKind::Accept => "accept a request",
            ActionKind::Decline => "decline a request",
            ActionKind::Withdraw => "withdraw a request",
            ActionKind::AcknowledgeAgreement => "acknowledge the agreement",
            ActionKind::Pause => "pause the relationship",
            ActionKind::Resume => "resume the relationship",
            ActionKind::Close => "close the relationship",
            ActionKind::RequestChange => "ask for a change of mentor",
            ActionKind::Block => "block",
            ActionKind::Expire => "expire a request",
        })
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Accept {} => ActionKind::Accept,
            Action::Decline { .. } => ActionKind::Decline,
            Action::Withdraw {} => ActionKind::Withdraw,
            Action::AcknowledgeAgreement { .. } => ActionKind::AcknowledgeAgreement,
            Action::Pause { .. } => ActionKind::Pause,
            Action::Resume {} => ActionKind::Resume,
            Action::Close { .. } => ActionKind::Close,
            Action::RequestChange { .. } => ActionKind::RequestChange,
            Action::Block { .. } => ActionKind::Block,
            Action::Expire {} => ActionKind::Expire,
        }
    }

    /// Checks and normalises the action's own data (trimmed texts, lengths, reserved close
    /// reasons), independent of actor and state. The app calls it before queuing; [`apply`]
    /// calls it again.
    pub fn validated(self) -> Result<Self, TransitionError> {
        Ok(match self {
            Action::Decline { reason } => Action::Decline {
                reason: optional_text(reason, TransitionError::ReasonTooLong)?,
            },
            Action::Close { reason, note } => {
                if matches!(reason, CloseReason::ChangeRequested | CloseReason::Blocked) {
                    return Err(TransitionError::CloseReasonReserved { reason });
                }
                Action::Close {
                    reason,
                    note: optional_text(note, TransitionError::NoteTooLong)?,
                }
            }
            Action::RequestChange { reason } => Action::RequestChange {
                reason: required_reason(&reason)?,
            },
            Action::Block { reason } => Action::Block {
                reason: required_reason(&reason)?,
            },
            other => other,
        })
    }
}

fn optional_text(
    text: Option<String>,
    too_long: fn(usize) -> TransitionError,
) -> Result<Option<String>, TransitionError> {
    let Some(text) = text else { return Ok(None) };
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else if text.chars().count() > MAX_REASON_CHARS {
        Err(too_long(MAX_REASON_CHARS))
    } else {
        Ok(Some(text.to_owned()))
    }
}

fn required_reason(reason: &str) -> Result<String, TransitionError> {
    optional_text(Some(reason.to_owned()), TransitionError::ReasonTooLong)?
        .ok_or(TransitionError::ReasonRequired)
}

/// Why an action was refused. Messages are safe to show to the person who tried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{actor} may not {action}")]
    NotAllowedFor { actor: Actor, action: ActionKind },
    #[error("cannot {action}: this relationship is {state}")]
    InvalidFromState {
        state: RelationshipState,
        action: ActionKind,
    },
    #[error("the time to answer this request has passed")]
    ResponseWindowPassed { respond_by: TimestampMs },
    #[error("the request cannot expire yet: the mentor still has time to answer")]
    ResponseWindowOpen { respond_by: TimestampMs },
    #[error("{actor} has already acknowledged the agreement")]
    AlreadyAcknowledged { actor: Actor },
    #[error(
        "the agreement has changed: please read version {current} before acknowledging it (not version {given})"
    )]
    WrongAgreementVersion { current: u32, given: u32 },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the reason must be at most {0} characters")]
    ReasonTooLong(usize),
    #[error("the note must be at most {0} characters")]
    NoteTooLong(usize),
    #[error("the close reason \"{reason}\" cannot be chosen: ask for a change or block instead")]
    CloseReasonReserved { reason: CloseReason },
    #[error("{actor} may not close a relationship for \"{reason}\"")]
    CloseReasonNotAllowedFor { actor: Actor, reason: CloseReason },
    #[error("a pause must end in the future")]
    PauseEndsInPast,
}

impl From<TransitionError> for ApiError {
    fn from(error: TransitionError) -> Self {
        let (code, field) = match &error {
            TransitionError::NotAllowedFor { .. }
            | TransitionError::CloseReasonNotAllowedFor { .. } => (ErrorCode::Forbidden, None),
            TransitionError::InvalidFromState { .. }
            | TransitionError::ResponseWindowPassed { .. }
            | TransitionError::ResponseWindowOpen { .. }
            | TransitionError::AlreadyAcknowledged { .. }
            | TransitionError::WrongAgreementVersion { .. } => (ErrorCode::Conflict, None),
            TransitionError::ReasonRequired
            | TransitionError::ReasonTooLong(_)
            | TransitionError::CloseReasonReserved { .. } => {
                (ErrorCode::ValidationFailed, Some("reason"))
            }
            TransitionError::NoteTooLong(_) => (ErrorCode::ValidationFailed, Some("note")),
            TransitionError::PauseEndsInPast => (ErrorCode::ValidationFailed, Some("until")),
        };
        let mut api = ApiError::new(code, error.to_string());
        api.field = field.map(str::to_owned);
        api
    }
}

/// What happened, for feeds and notifications. Redact with [`Transition::redacted_for`] before
/// showing it to anyone but a coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Accepted,
    Declined,
    Withdrawn,
    Expired,
    /// The first of the two acknowledgements (the state stays `Accepted`).
    AgreementAcknowledged {
        agreement_version: u32,
    },
    /// The second acknowledgement: the relationship is now active.
    Activated,
    Paused {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<TimestampMs>,
    },
    Resumed,
    /// Closed, blocked, or closed by a change request (see the reason).
    Closed {
        reason: CloseReason,
    },
}

/// The result of a successful [`apply`]: the new relationship and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transition {
    pub relationship: Relationship,
    pub event: Event,
    pub actor: Actor,
    pub at: TimestampMs,
}

impl Transition {
    /// The transition as `viewer` may see it (see [`Relationship::redacted_for`]).
    #[must_use]
    pub fn redacted_for(&self, viewer: Actor) -> Transition {
        let event = match self.event {
            Event::Closed { reason } => Event::Closed {
                reason: visible_close_reason(reason, Some(self.actor), viewer),
            },
            other => other,
        };
        Transition {
            relationship: self.relationship.redacted_for(viewer),
            event,
            actor: self.actor,
            at: self.at,
        }
    }
}

/// The close reason `viewer` may see: a change request is shown as such only to the mentee, a
/// block only to whoever blocked; everyone else sees [`CloseReason::Unspecified`]. Coordinators
/// see everything.
fn visible_close_reason(
    reason: CloseReason,
    closed_by: Option<Actor>,
    viewer: Actor,
) -> CloseReason {
    match reason {
        _ if viewer == Actor::Coordinator => reason,
        CloseReason::ChangeRequested if viewer != Actor::Mentee => CloseReason::Unspecified,
        CloseReason::Blocked if closed_by != Some(viewer) => CloseReason::Unspecified,
        other => other,
    }
}

impl Relationship {
    /// A new request from a mentee to a mentor, answerable until `now + window`.
    pub fn request(
        id: Uuid,
        program_id: Uuid,
        mentee_id: Uuid,
        mentor_id: Uuid,
        agreement: Agreement,
        window: ResponseWindow,
        now: TimestampMs,
    ) -> Result<Self, FieldError> {
        if mentee_id == mentor_id {
            return Err(FieldError::Invalid { field: "mentor_id" });
        }
        agreement.validate()?;
        Ok(Self {
            id,
            program_id,
            mentee_id,
            mentor_id,
            state: RelationshipState::Requested,
            agreement,
            requested_at: now,
            respond_by: now.saturating_add(window.as_ms()),
            accepted_at: None,
            mentee_acknowledgement: None,
            mentor_acknowledgement: None,
            activated_at: None,
            paused_at: None,
            paused_until: None,
            closed_at: None,
            close_reason: None,
            decline_reason: None,
            change_reason: None,
            block_reason: None,
            close_note: None,
            history: vec![HistoryEntry {
                state: RelationshipState::Requested,
                actor: Actor::Mentee,
                at: now,
            }],
        })
    }

    /// Matched and not ended: accepted, active or paused.
    pub fn is_ongoing(&self) -> bool {
        matches!(
            self.state,
            RelationshipState::Accepted | RelationshipState::Active | RelationshipState::Paused
        )
    }

    /// Whether this relationship takes one of the mentor's places (capacity).
    ///
    /// Every non-final state counts: a pending request reserves a place (so a mentor with one
    /// place left cannot receive several requests and then be over capacity by accepting them
    /// all — the window bounds how long the place is held), and a pause keeps the mentee theirs.
    pub fn counts_against_capacity(&self) -> bool {
        !self.state.is_final()
    }

    /// Whether the mentor can still answer at `now` (the window is open while `now < respond_by`).
    pub fn response_window_open(&self, now: TimestampMs) -> bool {
        now < self.respond_by
    }

    /// A request still open at `now` whose window closes within `within` milliseconds
    /// (for "please answer" reminders).
    pub fn expires_soon(&self, now: TimestampMs, within: TimestampMs) -> bool {
        self.state == RelationshipState::Requested
            && self.response_window_open(now)
            && self.respond_by.saturating_sub(now) <= within
    }

    /// Whether `actor` (mentee or mentor) has acknowledged the agreement.
    pub fn has_acknowledged(&self, actor: Actor) -> bool {
        match actor {
            Actor::Mentee => self.mentee_acknowledgement.is_some(),
            Actor::Mentor => self.mentor_acknowledgement.is_some(),
            Actor::Coordinator | Actor::System => false,
        }
    }

    /// Who closed it (the actor of the final history entry), when closed.
    pub fn closed_by(&self) -> Option<Actor> {
        (self.state == RelationshipState::Closed)
            .then(|| self.history.last().map(|entry| entry.actor))
            .flatten()
    }

    /// The actions `actor` could take at `now` (for showing buttons); agreement version, texts
    /// and pause end are not considered.
    pub fn available_actions(&self, actor: Actor, now: TimestampMs) -> Vec<ActionKind> {
        ActionKind::ALL
            .into_iter()
            .filter(|kind| kind.permits(actor) && kind.valid_from(self.state))
            .filter(|kind| match kind {
                ActionKind::Accept | ActionKind::Decline | ActionKind::Withdraw => {
                    self.response_window_open(now)
                }
                ActionKind::Expire => !self.response_window_open(now),
                ActionKind::AcknowledgeAgreement => !self.has_acknowledged(actor),
                _ => true,
            })
            .collect()
    }

    /// The relationship as `viewer` may see it. Coordinators see everything. Everyone else loses
    /// every free text (decline, change and block reasons, close note — even their own), a change
    /// request shows as [`CloseReason::Unspecified`] to anyone but the mentee, and a block shows
    /// as `Unspecified` to anyone but the blocker.
    #[must_use]
    pub fn redacted_for(&self, viewer: Actor) -> Relationship {
        if viewer == Actor::Coordinator {
            return self.clone();
        }
        let closed_by = self.closed_by();
        // Destructured in full so that a new field cannot be forgotten here.
        let Relationship {
            id,
            program_id,
            mentee_id,
            mentor_id,
            state,
            agreement,
            requested_at,
            respond_by,
            accepted_at,
            mentee_acknowledgement,
            mentor_acknowledgement,
            activated_at,
            paused_at,
            paused_until,
            closed_at,
            close_reason,
            decline_reason: _,
            change_reason: _,
            block_reason: _,
            close_note: _,
            history,
        } = self.clone();
        Relationship {
            id,
            program_id,
            mentee_id,
            mentor_id,
            state,
            agreement,
            requested_at,
            respond_by,
            accepted_at,
            mentee_acknowledgement,
            mentor_acknowledgement,
            activated_at,
            paused_at,
            paused_until,
            closed_at,
            close_reason: close_reason
                .map(|reason| visible_close_reason(reason, closed_by, viewer)),
            decline_reason: None,
            change_reason: None,
            block_reason: None,
            close_note: None,
            history,
        }
    }

    /// A kind, plain sentence about how the relationship ended, as `viewer` may see it (`None`
    /// while it has not ended). Built from [`Relationship::redacted_for`], so it can never reveal
    /// more than the viewer's redacted view; it never contains free text, so it is safe in
    /// notifications.
    pub fn closure_message_for(&self, viewer: Actor) -> Option<String> {
        let view = self.redacted_for(viewer);
        let message = match (view.state, viewer) {
            (state, _) if !state.is_final() => return None,
            (RelationshipState::Declined, Actor::Mentee) => {
                "This mentor isn't able to take on a new mentee right now. That is about their \
                 circumstances, not about you — you can choose another mentor."
                    .to_owned()
            }
            (RelationshipState::Declined, Actor::Mentor) => "You declined this request.".to_owned(),
            (RelationshipState::Declined, _) => "The mentor declined the request.".to_owned(),
            (RelationshipState::Expired, Actor::Mentee) => {
                "This mentor wasn't able to answer in time. You can choose another mentor."
                    .to_owned()
            }
            (RelationshipState::Expired, Actor::Mentor) => {
                "This request expired before you answered.".to_owned()
            }
            (RelationshipState::Expired, _) => "The request expired without an answer.".to_owned(),
            (RelationshipState::Withdrawn, Actor::Mentee) => {
                "You withdrew your request.".to_owned()
            }
            (RelationshipState::Withdrawn, _) => "The request was withdrawn.".to_owned(),
            _ => closed_message(
                view.closed_by(),
                view.close_reason.unwrap_or(CloseReason::Unspecified),
                viewer,
            ),
        };
        Some(message)
    }
}

fn closed_message(closed_by: Option<Actor>, reason: CloseReason, viewer: Actor) -> String {
    let because = if reason == CloseReason::Unspecified {
        String::new()
    } else {
        format!(" Reason: {reason}.")
    };
    match (closed_by, viewer) {
        (_, Actor::Coordinator) => {
            let by = closed_by.map_or_else(|| "someone".to_owned(), |actor| actor.to_string());
            format!("Closed by {by}: {reason}.")
        }
        (_, Actor::Mentee) if reason == CloseReason::ChangeRequested => {
            "You asked for a different mentor. Your coordinator will help you find someone new."
                .to_owned()
        }
        (Some(by), _) if by == viewer && reason == CloseReason::Blocked => {
            "You ended this relationship and blocked this person. You will not be matched again."
                .to_owned()
        }
        (Some(by), _) if by == viewer => format!("You ended this mentoring relationship.{because}"),
        (Some(Actor::Mentee), Actor::Mentor) => format!(
            "Your mentee has ended the mentoring relationship.{because} Thank you for the support you gave."
        ),
        (Some(Actor::Mentor), Actor::Mentee) => format!(
            "Your mentor has ended the mentoring relationship.{because} Your coordinator can help you find another mentor."
        ),
        (Some(Actor::Coordinator), _) => {
            format!("Your program coordinator has ended this mentoring relationship.{because}")
        }
        _ => format!("This mentoring relationship has ended.{because}"),
    }
}

/// Applies `action` by `actor` at `now`. Returns the new relationship and what happened; on
/// refusal nothing changes (the input is only borrowed).
///
/// Checks, in order: [`ActionKind::permits`] the actor, [`ActionKind::valid_from`] the state,
/// then the action's data ([`Action::validated`]) and its own rules. Times are the applier's
/// clock: the server's when it applies a queued action, so a mentor who accepted offline just
/// before the deadline but synced after it is refused with `ResponseWindowPassed`.
pub fn apply(
    relationship: &Relationship,
    actor: Actor,
    action: &Action,
    now: TimestampMs,
) -> Result<Transition, TransitionError> {
    let kind = action.kind();
    if !kind.permits(actor) {
        return Err(TransitionError::NotAllowedFor {
            actor,
            action: kind,
        });
    }
    if !kind.valid_from(relationship.state) {
        return Err(TransitionError::InvalidFromState {
            state: relationship.state,
            action: kind,
        });
    }
    let action = action.clone().validated()?;
    let respond_by = relationship.respond_by;
    let window_open = relationship.response_window_open(now);
    let mut next = relationship.clone();
    let event = match action {
        Action::Accept {} | Action::Decline { .. } | Action::Withdraw {} if !window_open => {
            return Err(TransitionError::ResponseWindowPassed { respond_by });
        }
        Action::Accept {} => {
            next.accepted_at = Some(now);
            next.enter(RelationshipState::Accepted, actor, now);
            Event::Accepted
        }
        Action::Decline { reason } => {
            next.decline_reason = reason;
            next.finish(RelationshipState::Declined, None, actor, now);
            Event::Declined
        }
        Action::Withdraw {} => {
            next.finish(RelationshipState::Withdrawn, None, actor, now);
            Event::Withdrawn
        }
        Action::Expire {} => {
            if window_open {
                return Err(TransitionError::ResponseWindowOpen { respond_by });
            }
            next.finish(RelationshipState::Expired, None, actor, now);
            Event::Expired
        }
        Action::AcknowledgeAgreement { agreement_version } => {
            let current = relationship.agreement.version;
            if agreement_version != current {
                return Err(TransitionError::WrongAgreementVersion {
                    current,
                    given: agreement_version,
                });
            }
            let acknowledgement = Acknowledgement {
                agreement_version,
                at: now,
            };
            let slot = if actor == Actor::Mentee {
                &mut next.mentee_acknowledgement
            } else {
                &mut next.mentor_acknowledgement
            };
            if slot.is_some() {
                return Err(TransitionError::AlreadyAcknowledged { actor });
            }
            *slot = Some(acknowledgement);
            if next.has_acknowledged(Actor::Mentee) && next.has_acknowledged(Actor::Mentor) {
                next.activated_at = Some(now);
                next.enter(RelationshipState::Active, actor, now);
                Event::Activated
            } else {
                Event::AgreementAcknowledged { agreement_version }
            }
        }
        Action::Pause { until } => {
            if until.is_some_and(|until| until <= now) {
                return Err(TransitionError::PauseEndsInPast);
            }
            next.paused_at = Some(now);
            next.paused_until = until;
            next.enter(RelationshipState::Paused, actor, now);
            Event::Paused { until }
        }
        Action::Resume {} => {
            next.paused_at = None;
            next.paused_until = None;
            next.enter(RelationshipState::Active, actor, now);
            Event::Resumed
        }
        Action::Close { reason, note } => {
            if reason == CloseReason::ProgramDecision && actor != Actor::Coordinator {
                return Err(TransitionError::CloseReasonNotAllowedFor { actor, reason });
            }
            next.close_note = note;
            next.finish(RelationshipState::Closed, Some(reason), actor, now);
            Event::Closed { reason }
        }
        Action::RequestChange { reason } => {
            next.change_reason = Some(reason);
            let reason = CloseReason::ChangeRequested;
            next.finish(RelationshipState::Closed, Some(reason), actor, now);
            Event::Closed { reason }
        }
        Action::Block { reason } => {
            next.block_reason = Some(reason);
            let reason = CloseReason::Blocked;
            next.finish(RelationshipState::Closed, Some(reason), actor, now);
            Event::Closed { reason }
        }
    };
    Ok(Transition {
        relationship: next,
        event,
        actor,
        at: now,
    })
}

impl Relationship {
    fn enter(&mut self, state: RelationshipState, actor: Actor, at: TimestampMs) {
        self.state = state;
        self.history.push(HistoryEntry { state, actor, at });
    }

    fn finish(
        &mut self,
        state: RelationshipState,
        reason: Option<CloseReason>,
        actor: Actor,
        at: TimestampMs,
    ) {
        self.closed_at = Some(at);
        self.close_reason = reason;
        self.enter(state, actor, at);
    }

    /// Whether this (closed) relationship keeps its mentor out of the mentee's future proposals.
    fn excludes_mentor(&self) -> bool {
        self.state == RelationshipState::Closed
            && (self.closed_by() == Some(Actor::Mentee)
                || matches!(
                    self.close_reason,
                    Some(
                        CloseReason::ChangeRequested
                            | CloseReason::Blocked
                            | CloseReason::SafetyConcern
                    )
                ))
    }
}

/// The mentors matching must never propose to `mentee_id` again, from that mentee's past
/// relationships (`history` may contain other people's; they are ignored).
///
/// A mentor is excluded when a closed relationship with them was: closed by the mentee (for any
/// reason — "never a mentor the mentee left"), closed by a change request, blocked by either side,
/// or closed for a safety concern (by anyone). Not excluded: a mentor who declined or let a
/// request expire, a request the mentee withdrew, and a relationship the mentor or a coordinator
/// closed for any other reason — the mentee did not leave them, and they may still be a good fit.
pub fn excluded_mentors(history: &[Relationship], mentee_id: Uuid) -> BTreeSet<Uuid> {
    history
        .iter()
        .filter(|relationship| {
            relationship.mentee_id == mentee_id && relationship.excludes_mentor()
        })
        .map(|relationship| relationship.mentor_id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use Actor::{Coordinator, Mentee, Mentor, System};
    use RelationshipState as S;

    const T0: TimestampMs = 1_750_000_000_000;
    const DAY_MS: TimestampMs = 24 * HOUR_MS;
    /// When the table's actions happen (window still open for `Requested`).
    const NOW: TimestampMs = T0 + 2 * HOUR_MS;
    const MENTEE_ID: Uuid = Uuid::from_u128(0xA);
    const MENTOR_ID: Uuid = Uuid::from_u128(0xB);
    const CHANGE_REASON: &str = "We never really clicked and I feel judged when we talk";
    const BLOCK_REASON: &str = "Kept messaging me at night after I asked him to stop";

    fn requested() -> Relationship {
        request_with(MENTOR_ID, ResponseWindow::default())
    }

    fn request_with(mentor_id: Uuid, window: ResponseWindow) -> Relationship {
        Relationship::request(
            Uuid::from_u128(1),
            Uuid::from_u128(100),
            MENTEE_ID,
            mentor_id,
            Agreement::standard(1, Cadence::Weekly),
            window,
            T0,
        )
        .unwrap()
    }

    fn ok(
        relationship: &Relationship,
        actor: Actor,
        action: &Action,
        at: TimestampMs,
    ) -> Relationship {
        apply(relationship, actor, action, at)
            .unwrap_or_else(|error| panic!("{actor:?} {action:?}: {error}"))
            .relationship
    }

    fn err(
        relationship: &Relationship,
        actor: Actor,
        action: &Action,
        at: TimestampMs,
    ) -> TransitionError {
        let before = relationship.clone();
        let error = apply(relationship, actor, action, at).unwrap_err();
        assert_eq!(relationship, &before, "a refusal must not change anything");
        error
    }

    fn ack() -> Action {
        Action::AcknowledgeAgreement {
            agreement_version: 1,
        }
    }

    fn close(reason: CloseReason) -> Action {
        Action::Close { reason, note: None }
    }

    fn accepted() -> Relationship {
        ok(&requested(), Mentor, &Action::Accept {}, T0 + HOUR_MS)
    }

    fn active() -> Relationship {
        let half = ok(&accepted(), Mentee, &ack(), T0 + HOUR_MS + 1);
        ok(&half, Mentor, &ack(), T0 + HOUR_MS + 2)
    }

    fn paused() -> Relationship {
        ok(
            &active(),
            Mentor,
            &Action::Pause { until: None },
            T0 + HOUR_MS + 3,
        )
    }

    /// A relationship in `state`, reached through `apply` at or before `T0 + 1 h`.
    fn in_state(state: RelationshipState) -> Relationship {
        let r = match state {
            S::Requested => requested(),
            S::Accepted => accepted(),
            S::Active => active(),
            S::Paused => paused(),
            S::Declined => ok(
                &requested(),
                Mentor,
                &Action::Decline { reason: None },
                T0 + 1,
            ),
            S::Expired => ok(&requested(), System, &Action::Expire {}, T0 + 72 * HOUR_MS),
            S::Withdrawn => ok(&requested(), Mentee, &Action::Withdraw {}, T0 + 1),
            S::Closed => ok(
                &active(),
                Mentee,
                &close(CloseReason::GoalsReached),
                T0 + HOUR_MS + 4,
            ),
        };
        assert_eq!(r.state, state);
        r
    }

    /// A valid example of each kind of action.
    fn sample(kind: ActionKind) -> Action {
        match kind {
            ActionKind::Accept => Action::Accept {},
            ActionKind::Decline => Action::Decline {
                reason: Some("I'm at capacity this month".into()),
            },
            ActionKind::Withdraw => Action::Withdraw {},
            ActionKind::AcknowledgeAgreement => ack(),
            ActionKind::Pause => Action::Pause {
                until: Some(NOW + 14 * DAY_MS),
            },
            ActionKind::Resume => Action::Resume {},
            ActionKind::Close => close(CloseReason::NotAGoodFit),
            ActionKind::RequestChange => Action::RequestChange {
                reason: CHANGE_REASON.into(),
            },
            ActionKind::Block => Action::Block {
                reason: BLOCK_REASON.into(),
            },
            ActionKind::Expire => Action::Expire {},
        }
    }

    /// Every allowed (state, actor, action) and the state it leads to, written out by hand.
    /// Everything not listed must be refused. Acknowledging is from a relationship nobody has
    /// acknowledged yet, so it stays `Accepted`.
    #[rustfmt::skip]
    const ALLOWED: &[(RelationshipState, Actor, ActionKind, RelationshipState)] = &[
        (S::Requested, Mentor, ActionKind::Accept, S::Accepted),
        (S::Requested, Mentor, ActionKind::Decline, S::Declined),
        (S::Requested, Mentor, ActionKind::Block, S::Closed),
        (S::Requested, Mentee, ActionKind::Withdraw, S::Withdrawn),
        (S::Requested, Mentee, ActionKind::Block, S::Closed),
        (S::Requested, System, ActionKind::Expire, S::Expired),

        (S::Accepted, Mentee, ActionKind::AcknowledgeAgreement, S::Accepted),
        (S::Accepted, Mentee, ActionKind::Close, S::Closed),
        (S::Accepted, Mentee, ActionKind::RequestChange, S::Closed),
        (S::Accepted, Mentee, ActionKind::Block, S::Closed),
        (S::Accepted, Mentor, ActionKind::AcknowledgeAgreement, S::Accepted),
        (S::Accepted, Mentor, ActionKind::Close, S::Closed),
        (S::Accepted, Mentor, ActionKind::Block, S::Closed),
        (S::Accepted, Coordinator, ActionKind::Close, S::Closed),

        (S::Active, Mentee, ActionKind::Pause, S::Paused),
        (S::Active, Mentee, ActionKind::Close, S::Closed),
        (S::Active, Mentee, ActionKind::RequestChange, S::Closed),
        (S::Active, Mentee, ActionKind::Block, S::Closed),
        (S::Active, Mentor, ActionKind::Pause, S::Paused),
        (S::Active, Mentor, ActionKind::Close, S::Closed),
        (S::Active, Mentor, ActionKind::Block, S::Closed),
        (S::Active, Coordinator, ActionKind::Close, S::Closed),

        (S::Paused, Mentee, ActionKind::Resume, S::Active),
        (S::Paused, Mentee, ActionKind::Close, S::Closed),
        (S::Paused, Mentee, ActionKind::RequestChange, S::Closed),
        (S::Paused, Mentee, ActionKind::Block, S::Closed),
        (S::Paused, Mentor, ActionKind::Resume, S::Active),
        (S::Paused, Mentor, ActionKind::Close, S::Closed),
        (S::Paused, Mentor, ActionKind::Block, S::Closed),
        (S::Paused, Coordinator, ActionKind::Close, S::Closed),
        // Declined, Expired, Withdrawn and Closed are final: nothing is allowed.
    ];

    #[test]
    fn every_action_by_every_actor_from_every_state() {
        let mut allowed_seen = 0;
        for state in RelationshipState::ALL {
            let relationship = in_state(state);
            for actor in Actor::ALL {
                for kind in ActionKind::ALL {
                    // The system expires a request once its window has passed.
                    let now = if kind == ActionKind::Expire {
                        relationship.respond_by
                    } else {
                        NOW
                    };
                    let action = sample(kind);
                    let expected = ALLOWED
                        .iter()
                        .find(|(s, a, k, _)| (*s, *a, *k) == (state, actor, kind))
                        .map(|entry| entry.3);
                    let before = relationship.clone();
                    let result = apply(&relationship, actor, &action, now);
                    assert_eq!(relationship, before);
                    match (expected, result) {
                        (Some(target), Ok(transition)) => {
                            allowed_seen += 1;
                            let next = &transition.relationship;
                            assert_eq!(next.state, target, "{state:?} {actor:?} {kind:?}");
                            assert_eq!((transition.actor, transition.at), (actor, now));
                            assert!(relationship.available_actions(actor, now).contains(&kind));
                            if target != state {
                                assert_eq!(
                                    next.history.last(),
                                    Some(&HistoryEntry {
                                        state: target,
                                        actor,
                                        at: now
                                    })
                                );
                                assert_eq!(next.history.len(), relationship.history.len() + 1);
                            }
                            assert_eq!(next.closed_at.is_some(), target.is_final());
                            assert_eq!(next.close_reason.is_some(), target == S::Closed);
                        }
                        (None, Err(error)) => {
                            let expected_error =
                                if ALLOWED.iter().any(|(_, a, k, _)| (*a, *k) == (actor, kind)) {
                                    TransitionError::InvalidFromState {
                                        state,
                                        action: kind,
                                    }
                                } else {
                                    TransitionError::NotAllowedFor {
                                        actor,
                                        action: kind,
                                    }
                                };
                            assert_eq!(error, expected_error, "{state:?} {actor:?} {kind:?}");
                            assert!(!relationship.available_actions(actor, now).contains(&kind));
                        }
                        (Some(_), Err(error)) => {
                            panic!("{state:?} {actor:?} {kind:?} refused: {error}")
                        }
                        (None, Ok(_)) => panic!("{state:?} {actor:?} {kind:?} should be refused"),
                    }
                }
            }
        }
        assert_eq!(allowed_seen, ALLOWED.len());
        assert_eq!(allowed_seen, 30);
    }

    #[test]
    fn the_response_window_is_72_hours_and_closes_exactly_at_respond_by() {
        let r = requested();
        assert_eq!(r.respond_by, T0 + 72 * HOUR_MS);
        let last_moment = r.respond_by - 1;
        assert_eq!(
            ok(&r, Mentor, &Action::Accept {}, last_moment).accepted_at,
            Some(last_moment)
        );
        assert_eq!(
            ok(&r, Mentor, &Action::Decline { reason: None }, last_moment).state,
            S::Declined
        );
        assert_eq!(
            ok(&r, Mentee, &Action::Withdraw {}, last_moment).state,
            S::Withdrawn
        );
        assert_eq!(
            err(&r, System, &Action::Expire {}, last_moment),
            TransitionError::ResponseWindowOpen {
                respond_by: r.respond_by
            }
        );
        let passed = TransitionError::ResponseWindowPassed {
            respond_by: r.respond_by,
        };
        for (actor, action) in [
            (Mentor, Action::Accept {}),
            (Mentor, Action::Decline { reason: None }),
            (Mentee, Action::Withdraw {}),
        ] {
            assert_eq!(err(&r, actor, &action, r.respond_by), passed);
        }
        let transition = apply(&r, System, &Action::Expire {}, r.respond_by).unwrap();
        assert_eq!(transition.event, Event::Expired);
        assert_eq!(transition.relationship.closed_at, Some(r.respond_by));
        assert_eq!(transition.relationship.close_reason, None);
        // Blocking stays possible whatever the time.
        assert_eq!(
            ok(
                &r,
                Mentor,
                &sample(ActionKind::Block),
                r.respond_by + DAY_MS
            )
            .close_reason,
            Some(CloseReason::Blocked)
        );
    }

    #[test]
    fn the_response_window_is_configurable_per_program() {
        assert_eq!(ResponseWindow::default().hours(), 72);
        let day = ResponseWindow::from_hours(24).unwrap();
        assert_eq!(request_with(MENTOR_ID, day).respond_by, T0 + DAY_MS);
        assert!(ResponseWindow::from_hours(0).is_err());
        assert!(ResponseWindow::from_hours(MAX_RESPONSE_WINDOW_HOURS).is_ok());
        assert!(ResponseWindow::from_hours(MAX_RESPONSE_WINDOW_HOURS + 1).is_err());
        assert_eq!(serde_json::to_string(&day).unwrap(), "24");
        assert_eq!(serde_json::from_str::<ResponseWindow>("24").unwrap(), day);
        assert!(serde_json::from_str::<ResponseWindow>("0").is_err());
    }

    #[test]
    fn expires_soon_only_for_open_requests_near_their_deadline() {
        let r = requested();
        let within = 12 * HOUR_MS;
        assert!(!r.expires_soon(T0, within));
        assert!(!r.expires_soon(r.respond_by - within - 1, within));
        assert!(r.expires_soon(r.respond_by - within, within));
        assert!(r.expires_soon(r.respond_by - 1, within));
        assert!(
            !r.expires_soon(r.respond_by, within),
            "already past: expire it instead"
        );
        assert!(!accepted().expires_soon(r.respond_by - 1, within));
    }

    #[test]
    fn a_request_needs_two_people_and_a_valid_agreement() {
        let program = Uuid::from_u128(100);
        let agreement = Agreement::standard(1, Cadence::Monthly);
        assert!(
            Relationship::request(
                Uuid::from_u128(1),
                program,
                MENTEE_ID,
                MENTEE_ID,
                agreement.clone(),
                ResponseWindow::default(),
                T0
            )
            .is_err()
        );
        let mut unversioned = agreement.clone();
        unversioned.version = 0;
        let mut blank = agreement.clone();
        blank.confidentiality_limits = "  ".into();
        let mut long = agreement.clone();
        long.confidentiality = "x".repeat(MAX_AGREEMENT_TEXT_CHARS + 1);
        for bad in [unversioned, blank, long] {
            assert!(bad.validate().is_err());
        }
        assert!(agreement.validate().is_ok());
        assert_eq!(
            agreement.not_treatment_statement(),
            "Peer support complements professional treatment; it never replaces it."
        );
        let r = requested();
        assert_eq!(
            r.history,
            vec![HistoryEntry {
                state: S::Requested,
                actor: Mentee,
                at: T0
            }]
        );
        assert!(r.counts_against_capacity() && !r.is_ongoing());
    }

    #[test]
    fn both_acknowledgements_are_needed_in_either_order() {
        let r = accepted();
        for (first, second) in [(Mentee, Mentor), (Mentor, Mentee)] {
            let one = apply(&r, first, &ack(), T0 + 10).unwrap();
            assert_eq!(
                one.event,
                Event::AgreementAcknowledged {
                    agreement_version: 1
                }
            );
            assert_eq!(one.relationship.state, S::Accepted);
            assert!(one.relationship.has_acknowledged(first));
            assert!(!one.relationship.has_acknowledged(second));
            assert_eq!(
                one.relationship.history, r.history,
                "no state change, no history entry"
            );
            assert_eq!(
                err(&one.relationship, first, &ack(), T0 + 11),
                TransitionError::AlreadyAcknowledged { actor: first }
            );
            let two = apply(&one.relationship, second, &ack(), T0 + 20).unwrap();
            assert_eq!(two.event, Event::Activated);
            let active = two.relationship;
            assert_eq!(active.state, S::Active);
            assert_eq!(active.activated_at, Some(T0 + 20));
            let at = |actor| if actor == first { T0 + 10 } else { T0 + 20 };
            assert_eq!(
                active.mentee_acknowledgement,
                Some(Acknowledgement {
                    agreement_version: 1,
                    at: at(Mentee)
                })
            );
            assert_eq!(
                active.mentor_acknowledgement,
                Some(Acknowledgement {
                    agreement_version: 1,
                    at: at(Mentor)
                })
            );
            assert_eq!(
                active.history.last(),
                Some(&HistoryEntry {
                    state: S::Active,
                    actor: second,
                    at: T0 + 20
                })
            );
        }
    }

    #[test]
    fn the_agreement_version_must_match() {
        let r = accepted();
        let stale = Action::AcknowledgeAgreement {
            agreement_version: 2,
        };
        assert_eq!(
            err(&r, Mentee, &stale, T0 + 10),
            TransitionError::WrongAgreementVersion {
                current: 1,
                given: 2
            }
        );
        assert_eq!(
            err(&r, Coordinator, &ack(), T0 + 10),
            TransitionError::NotAllowedFor {
                actor: Coordinator,
                action: ActionKind::AcknowledgeAgreement
            }
        );
        assert_eq!(
            r.available_actions(Mentee, T0 + 10),
            vec![
                ActionKind::AcknowledgeAgreement,
                ActionKind::Close,
                ActionKind::RequestChange,
                ActionKind::Block,
            ]
        );
        let half = ok(&r, Mentee, &ack(), T0 + 10);
        assert!(
            !half
                .available_actions(Mentee, T0 + 11)
                .contains(&ActionKind::AcknowledgeAgreement)
        );
        assert!(
            half.available_actions(Mentor, T0 + 11)
                .contains(&ActionKind::AcknowledgeAgreement)
        );
    }

    #[test]
    fn either_side_pauses_and_either_side_resumes() {
        let r = active();
        for (pauser, resumer) in [(Mentee, Mentor), (Mentor, Mentee), (Mentee, Mentee)] {
            let until = NOW + 7 * DAY_MS;
            let pause = apply(&r, pauser, &Action::Pause { until: Some(until) }, NOW).unwrap();
            assert_eq!(pause.event, Event::Paused { until: Some(until) });
            let paused = pause.relationship;
            assert_eq!(
                (paused.state, paused.paused_at, paused.paused_until),
                (S::Paused, Some(NOW), Some(until))
            );
            assert!(paused.is_ongoing() && paused.counts_against_capacity());
            assert_eq!(
                err(&paused, pauser, &Action::Pause { until: None }, NOW + 1),
                TransitionError::InvalidFromState {
                    state: S::Paused,
                    action: ActionKind::Pause
                }
            );
            let resume = apply(&paused, resumer, &Action::Resume {}, NOW + DAY_MS).unwrap();
            assert_eq!(resume.event, Event::Resumed);
            let resumed = resume.relationship;
            assert_eq!(
                (resumed.state, resumed.paused_at, resumed.paused_until),
                (S::Active, None, None)
            );
            assert_eq!(
                resumed.activated_at, r.activated_at,
                "resuming is not a new start"
            );
            let states: Vec<_> = resumed
                .history
                .iter()
                .rev()
                .take(2)
                .map(|e| (e.state, e.actor))
                .collect();
            assert_eq!(states, vec![(S::Active, resumer), (S::Paused, pauser)]);
        }
        assert_eq!(
            err(&r, Mentor, &Action::Pause { until: Some(NOW) }, NOW),
            TransitionError::PauseEndsInPast
        );
        assert_eq!(
            err(&r, Mentee, &Action::Resume {}, NOW),
            TransitionError::InvalidFromState {
                state: S::Active,
                action: ActionKind::Resume
            }
        );
    }

    #[test]
    fn either_side_or_a_coordinator_closes_with_a_reason() {
        for from in [S::Accepted, S::Active, S::Paused] {
            let r = in_state(from);
            for closer in [Mentee, Mentor, Coordinator] {
                let action = Action::Close {
                    reason: CloseReason::LostContact,
                    note: Some("  No reply for five weeks.  ".into()),
                };
                let transition = apply(&r, closer, &action, NOW).unwrap();
                assert_eq!(
                    transition.event,
                    Event::Closed {
                        reason: CloseReason::LostContact
                    }
                );
                let closed = transition.relationship;
                assert_eq!(closed.state, S::Closed);
                assert_eq!(closed.closed_at, Some(NOW));
                assert_eq!(closed.close_reason, Some(CloseReason::LostContact));
                assert_eq!(closed.closed_by(), Some(closer));
                assert_eq!(
                    closed.close_note.as_deref(),
                    Some("No reply for five weeks.")
                );
                assert!(!closed.is_ongoing() && !closed.counts_against_capacity());
                for viewer in [Mentee, Mentor] {
                    let view = closed.redacted_for(viewer);
                    assert_eq!(view.close_note, None, "notes are for coordinators");
                    assert_eq!(view.close_reason, Some(CloseReason::LostContact));
                }
            }
        }
        let r = active();
        for (actor, reason) in [
            (Mentee, CloseReason::ProgramDecision),
            (Mentor, CloseReason::ProgramDecision),
        ] {
            assert_eq!(
                err(&r, actor, &close(reason), NOW),
                TransitionError::CloseReasonNotAllowedFor { actor, reason }
            );
        }
        assert_eq!(
            ok(&r, Coordinator, &close(CloseReason::ProgramDecision), NOW).state,
            S::Closed
        );
        for reason in [CloseReason::ChangeRequested, CloseReason::Blocked] {
            for actor in [Mentee, Mentor, Coordinator] {
                assert_eq!(
                    err(&r, actor, &close(reason), NOW),
                    TransitionError::CloseReasonReserved { reason }
                );
            }
        }
        let long = Action::Close {
            reason: CloseReason::Other,
            note: Some("é".repeat(MAX_REASON_CHARS + 1)),
        };
        assert_eq!(
            err(&r, Mentor, &long, NOW),
            TransitionError::NoteTooLong(MAX_REASON_CHARS)
        );
        let blank = Action::Close {
            reason: CloseReason::Other,
            note: Some(" \n ".into()),
        };
        assert_eq!(ok(&r, Mentor, &blank, NOW).close_note, None);
    }

    #[test]
    fn a_change_request_closes_kindly_and_only_the_coordinator_reads_the_reason() {
        let r = active();
        let change = Action::RequestChange {
            reason: format!("  {CHANGE_REASON} "),
        };
        let transition = apply(&r, Mentee, &change, NOW).unwrap();
        let closed = &transition.relationship;
        assert_eq!(closed.state, S::Closed);
        assert_eq!(closed.close_reason, Some(CloseReason::ChangeRequested));
        assert_eq!(closed.change_reason.as_deref(), Some(CHANGE_REASON));

        // Coordinator: everything.
        assert_eq!(&closed.redacted_for(Coordinator), closed);
        // Mentee: knows they asked for a change, but the reason is not echoed back.
        let mentee_view = closed.redacted_for(Mentee);
        assert_eq!(mentee_view.close_reason, Some(CloseReason::ChangeRequested));
        assert_eq!(mentee_view.change_reason, None);
        // Mentor: exactly what a plain "ended, no reason given" by the mentee looks like.
        let plain = ok(&r, Mentee, &close(CloseReason::Unspecified), NOW);
        assert_eq!(closed.redacted_for(Mentor), plain.redacted_for(Mentor));
        assert_eq!(
            closed.closure_message_for(Mentor),
            plain.closure_message_for(Mentor)
        );
        assert_eq!(
            transition.redacted_for(Mentor),
            apply(&r, Mentee, &close(CloseReason::Unspecified), NOW)
                .unwrap()
                .redacted_for(Mentor)
        );
        let message = closed.closure_message_for(Mentor).unwrap();
        assert_eq!(
            message,
            "Your mentee has ended the mentoring relationship. Thank you for the support you gave."
        );
        let mentor_json = serde_json::to_string(&transition.redacted_for(Mentor)).unwrap();
        for text in [&message, &mentor_json] {
            assert!(
                !text.contains("clicked") && !text.to_lowercase().contains("change"),
                "{text}"
            );
        }
        assert!(
            serde_json::to_string(&mentee_view)
                .unwrap()
                .find("clicked")
                .is_none()
        );
        assert_eq!(
            closed.closure_message_for(Mentee).unwrap(),
            "You asked for a different mentor. Your coordinator will help you find someone new."
        );
        let coordinator_message = closed.closure_message_for(Coordinator).unwrap();
        assert!(
            coordinator_message.contains("change of mentor")
                && !coordinator_message.contains("clicked")
        );
        // The mentee is rematched without this mentor.
        assert_eq!(
            excluded_mentors(std::slice::from_ref(closed), MENTEE_ID),
            BTreeSet::from([MENTOR_ID])
        );

        for (reason, expected) in [
            ("   ".to_owned(), TransitionError::ReasonRequired),
            (
                "x".repeat(MAX_REASON_CHARS + 1),
                TransitionError::ReasonTooLong(MAX_REASON_CHARS),
            ),
        ] {
            assert_eq!(
                err(&r, Mentee, &Action::RequestChange { reason }, NOW),
                expected
            );
        }
        let longest = Action::RequestChange {
            reason: "x".repeat(MAX_REASON_CHARS),
        };
        assert!(apply(&r, Mentee, &longest, NOW).is_ok());
        assert_eq!(
            err(&r, Mentor, &change, NOW),
            TransitionError::NotAllowedFor {
                actor: Mentor,
                action: ActionKind::RequestChange
            }
        );
    }

    #[test]
    fn a_block_closes_excludes_the_mentor_and_is_not_revealed_to_the_blocked_person() {
        for (blocker, blocked) in [(Mentor, Mentee), (Mentee, Mentor)] {
            for from in [S::Requested, S::Accepted, S::Active, S::Paused] {
                let r = in_state(from);
                let transition = apply(&r, blocker, &sample(ActionKind::Block), NOW).unwrap();
                let closed = &transition.relationship;
                assert_eq!(
                    (
                        closed.state,
                        closed.close_reason,
                        closed.block_reason.as_deref()
                    ),
                    (S::Closed, Some(CloseReason::Blocked), Some(BLOCK_REASON))
                );
                assert_eq!(
                    excluded_mentors(std::slice::from_ref(closed), MENTEE_ID),
                    BTreeSet::from([MENTOR_ID])
                );
                let own_view = closed.redacted_for(blocker);
                assert_eq!(
                    (own_view.close_reason, own_view.block_reason),
                    (Some(CloseReason::Blocked), None)
                );
                let their_view = transition.redacted_for(blocked);
                assert_eq!(
                    their_view.event,
                    Event::Closed {
                        reason: CloseReason::Unspecified
                    }
                );
                assert_eq!(
                    their_view.relationship.close_reason,
                    Some(CloseReason::Unspecified)
                );
                assert_eq!(their_view.relationship.block_reason, None);
                assert!(
                    !closed
                        .closure_message_for(blocked)
                        .unwrap()
                        .contains("block")
                );
                assert!(
                    closed
                        .closure_message_for(blocker)
                        .unwrap()
                        .contains("blocked")
                );
                assert_eq!(
                    closed.redacted_for(Coordinator).block_reason.as_deref(),
                    Some(BLOCK_REASON)
                );
            }
        }
        assert_eq!(
            err(
                &active(),
                Mentor,
                &Action::Block {
                    reason: String::new()
                },
                NOW
            ),
            TransitionError::ReasonRequired
        );
    }

    #[test]
    fn decline_reasons_are_for_coordinators_and_the_mentee_gets_a_kind_message() {
        let declined = ok(
            &requested(),
            Mentor,
            &Action::Decline {
                reason: Some(" At capacity ".into()),
            },
            NOW,
        );
        assert_eq!(declined.decline_reason.as_deref(), Some("At capacity"));
        for viewer in [Mentee, Mentor, System] {
            assert_eq!(declined.redacted_for(viewer).decline_reason, None);
        }
        let message = declined.closure_message_for(Mentee).unwrap();
        assert!(message.contains("not about you") && !message.contains("capacity"));
        let blank = ok(
            &requested(),
            Mentor,
            &Action::Decline {
                reason: Some("  ".into()),
            },
            NOW,
        );
        assert_eq!(blank.decline_reason, None);
        assert_eq!(requested().closure_message_for(Mentee), None);
        assert_eq!(active().closure_message_for(Mentor), None);
        for state in [S::Expired, S::Withdrawn, S::Closed] {
            for viewer in Actor::ALL {
                assert!(in_state(state).closure_message_for(viewer).is_some());
            }
        }
    }

    #[test]
    fn excluded_mentors_follow_the_documented_rules() {
        let mentor = |n: u128| Uuid::from_u128(0x100 + n);
        let from = |state: S, n: u128| {
            let mut r = in_state(state);
            r.mentor_id = mentor(n);
            r
        };
        let closed =
            |n: u128, actor: Actor, action: Action| ok(&from(S::Active, n), actor, &action, NOW);
        let history = vec![
            closed(1, Mentee, close(CloseReason::GoalsReached)), // left by the mentee: excluded
            closed(2, Mentee, sample(ActionKind::RequestChange)), // change requested: excluded
            closed(3, Mentee, sample(ActionKind::Block)),        // mentee blocked: excluded
            closed(4, Mentor, sample(ActionKind::Block)),        // mentor blocked them: excluded
            closed(5, Coordinator, close(CloseReason::SafetyConcern)), // safety: excluded
            closed(6, Mentor, close(CloseReason::SafetyConcern)), // safety: excluded
            closed(7, Mentor, close(CloseReason::Circumstances)), // mentor ended it: not excluded
            closed(8, Coordinator, close(CloseReason::ProgramDecision)), // not excluded
            from(S::Declined, 9),
            from(S::Expired, 10),
            from(S::Withdrawn, 11),
            from(S::Active, 12),
            from(S::Paused, 13),
            from(S::Requested, 14),
        ];
        let mut someone_else = closed(15, Mentee, sample(ActionKind::Block));
        someone_else.mentee_id = Uuid::from_u128(0xC);
        let mut all = history.clone();
        all.push(someone_else);
        assert_eq!(
            excluded_mentors(&all, MENTEE_ID),
            (1..=6).map(mentor).collect()
        );
        assert_eq!(
            excluded_mentors(&all, Uuid::from_u128(0xC)),
            BTreeSet::from([mentor(15)])
        );
        assert!(excluded_mentors(&[], MENTEE_ID).is_empty());
    }

    #[test]
    fn capacity_and_ongoing_by_state() {
        for state in RelationshipState::ALL {
            let r = in_state(state);
            let counts = matches!(state, S::Requested | S::Accepted | S::Active | S::Paused);
            let ongoing = matches!(state, S::Accepted | S::Active | S::Paused);
            assert_eq!(r.counts_against_capacity(), counts, "{state:?}");
            assert_eq!(r.is_ongoing(), ongoing, "{state:?}");
            assert_eq!(state.is_final(), !counts, "{state:?}");
        }
    }

    #[test]
    fn actions_round_trip_with_a_type_tag_and_refuse_unknown_fields() {
        for kind in ActionKind::ALL {
            let action = sample(kind);
            let json = serde_json::to_value(&action).unwrap();
            assert_eq!(
                serde_json::from_value::<Action>(json.clone()).unwrap(),
                action
            );
            let mut extra = json.clone();
            extra["is_admin"] = serde_json::Value::Bool(true);
            assert!(
                serde_json::from_value::<Action>(extra).is_err(),
                "{kind:?} accepted an unknown field"
            );
        }
        assert_eq!(
            serde_json::to_string(&Action::Accept {}).unwrap(),
            r#"{"type":"accept"}"#
        );
        assert_eq!(
            serde_json::to_string(&Action::Pause { until: None }).unwrap(),
            r#"{"type":"pause"}"#
        );
        assert_eq!(
            serde_json::from_str::<Action>(r#"{"type":"close","reason":"goals_reached"}"#).unwrap(),
            close(CloseReason::GoalsReached)
        );
        for bad in [
            r#"{"type":"promote"}"#,
            r#"{"type":"request_change"}"#,
            r#"{"type":"close","reason":"because"}"#,
            r#"{"reason":"x"}"#,
        ] {
            assert!(serde_json::from_str::<Action>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn relationships_round_trip_and_redacted_ones_carry_no_private_keys() {
        let closed = ok(&active(), Mentee, &sample(ActionKind::RequestChange), NOW);
        let json = serde_json::to_string(&closed).unwrap();
        assert_eq!(serde_json::from_str::<Relationship>(&json).unwrap(), closed);
        let mentor_json = serde_json::to_value(closed.redacted_for(Mentor)).unwrap();
        for key in [
            "change_reason",
            "decline_reason",
            "block_reason",
            "close_note",
        ] {
            assert!(mentor_json.get(key).is_none(), "{key}");
        }
        assert_eq!(mentor_json["close_reason"], "unspecified");
    }

    #[test]
    fn errors_are_specific_readable_and_become_api_errors() {
        let error = err(&requested(), Mentee, &Action::Accept {}, NOW);
        assert_eq!(error.to_string(), "the mentee may not accept a request");
        let api: ApiError = error.into();
        assert_eq!(api.code, ErrorCode::Forbidden);
        let error = err(
            &in_state(S::Closed),
            Mentor,
            &Action::Pause { until: None },
            NOW,
        );
        assert_eq!(
            error.to_string(),
            "cannot pause the relationship: this relationship is closed"
        );
        assert_eq!(ApiError::from(error).code, ErrorCode::Conflict);
        let api = ApiError::from(TransitionError::ReasonRequired);
        assert_eq!(
            (api.code, api.field.as_deref()),
            (ErrorCode::ValidationFailed, Some("reason"))
        );
        assert_eq!(
            ApiError::from(TransitionError::PauseEndsInPast)
                .field
                .as_deref(),
            Some("until")
        );
    }

    proptest! {
        /// Random sequences of actions keep the record consistent, and refusals change nothing.
        #[test]
        fn random_sequences_keep_the_record_consistent(
            steps in proptest::collection::vec((0..4usize, 0..10usize, 0..200 * HOUR_MS), 0..30)
        ) {
            let mut r = requested();
            let mut now = T0;
            for (actor, kind, gap) in steps {
                now += gap;
                let actor = Actor::ALL[actor];
                let action = match ActionKind::ALL[kind] {
                    ActionKind::Pause => Action::Pause { until: Some(now + DAY_MS) },
                    other => sample(other),
                };
                let before = r.clone();
                if let Ok(transition) = apply(&r, actor, &action, now) {
                    r = transition.relationship;
                } else {
                    prop_assert_eq!(&r, &before);
                }
                prop_assert_eq!(r.history.last().map(|e| e.state), Some(r.state));
                prop_assert_eq!(r.close_reason.is_some(), r.state == S::Closed);
                prop_assert_eq!(r.closed_at.is_some(), r.state.is_final());
                match r.state {
                    S::Paused => prop_assert!(r.paused_at.is_some()),
                    S::Active => prop_assert!(r.paused_at.is_none() && r.paused_until.is_none()),
                    _ => {}
                }
                if matches!(r.state, S::Active | S::Paused) || r.activated_at.is_some() {
                    prop_assert!(r.has_acknowledged(Mentee) && r.has_acknowledged(Mentor));
                }
                if r.is_ongoing() {
                    prop_assert!(r.accepted_at.is_some());
                }
                for viewer in [Mentee, Mentor, System] {
                    let view = r.redacted_for(viewer);
                    prop_assert!(view.change_reason.is_none() && view.block_reason.is_none());
                    if viewer == Mentor {
                        prop_assert_ne!(view.close_reason, Some(CloseReason::ChangeRequested));
                    }
                }
            }
        }
    }
}
