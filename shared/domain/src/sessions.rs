//! Mentoring sessions: a series of meetings between the two people of a relationship, as one
//! explicit state machine plus a pure occurrence generator.
//!
//! ```text
//!            accept (the other person)
//! Proposed ─────────────────────────────▶ Accepted
//!    │  reschedule · cancel/move one        │  reschedule · cancel/move one · mark held/missed
//!    └──────────── cancel (reason) ─────────┴──────────▶ Cancelled
//! ```
//!
//! Time: a series is stored as *civil* local date-times in the organiser's IANA time zone
//! ([`SessionSeries::time_zone`]). Each occurrence's instant is computed with the bundled jiff
//! time-zone database, so a weekly 18:00 London session stays 18:00 London across daylight-saving
//! changes (and therefore moves by an hour for someone in New York during the weeks when only one
//! of the two zones has changed). A local time that does not exist (spring-forward gap) or exists
//! twice (autumn fold) follows jiff's "compatible" rule: the later reading of a gap, the earlier of
//! a fold.
//!
//! Recurrence: weekly and fortnightly add 7 or 14 civil days to the first date. Monthly keeps the
//! first occurrence's day of month, clamped to the month's end (a series starting 31 January meets
//! on 28/29 February, 31 March, 30 April…); each occurrence is computed from the first one, so a
//! short month never shifts later ones.
//!
//! Identity: an occurrence is identified by its *original* local date-time (its
//! [`Occurrence::occurrence_key`]), which never changes when that one occurrence is moved. A
//! reschedule "from this occurrence onwards" adds a new [`ScheduleRule`]; the later occurrences are
//! new ones (keyed by their new local date-times), and single-occurrence exceptions and outcomes of
//! the replaced ones are dropped.

use std::fmt;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::account::FieldError;
use crate::relationship::{Actor, RelationshipState};
use crate::wire::v1::{ApiError, ErrorCode};

/// A civil (wall-clock) date-time in some time zone, e.g. `2026-03-31T18:00:00`.
pub type LocalDateTime = DateTime;

/// Shortest session, in minutes.
pub const MIN_DURATION_MINUTES: u16 = 15;
/// Longest session, in minutes.
pub const MAX_DURATION_MINUTES: u16 = 8 * 60;
/// Longest meeting place, in characters.
pub const MAX_PLACE_CHARS: usize = 200;
/// Longest video link, in characters.
pub const MAX_LINK_CHARS: usize = 500;
/// Longest cancellation reason, in characters.
pub const MAX_CANCEL_REASON_CHARS: usize = 500;

const MINUTE_MS: TimestampMs = 60_000;
const DAY_SECONDS: i64 = 86_400;

/// How the two people meet.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
// `SessionMeeting` in the shells: `mentoring::profile::SessionFormat` has the plain name.
#[cfg_attr(
    feature = "facet",
    facet(rename = "SessionMeeting", rename_all = "snake_case", tag = "type")
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SessionFormat {
    /// Face to face, at a place both know (a café, the program's rooms).
    InPerson {
        place: String,
    },
    Phone,
    /// A video call at an `https://` link.
    Video {
        link: String,
    },
    /// A planned conversation in the app's messages.
    Messaging,
}

impl SessionFormat {
    /// Checks the place or link.
    pub fn validate(&self) -> Result<(), FieldError> {
        match self {
            SessionFormat::InPerson { place } => {
                let field = "format.place";
                if place.trim().is_empty() {
                    return Err(FieldError::Missing { field });
                }
                if place.chars().count() > MAX_PLACE_CHARS {
                    return Err(FieldError::TooLong {
                        field,
                        max: MAX_PLACE_CHARS,
                    });
                }
                Ok(())
            }
            SessionFormat::Video { link } => {
                let field = "format.link";
                if link.trim().is_empty() {
                    return Err(FieldError::Missing { field });
                }
                if link.chars().count() > MAX_LINK_CHARS {
                    return Err(FieldError::TooLong {
                        field,
                        max: MAX_LINK_CHARS,
                    });
                }
                let rest = link.strip_prefix("https://").unwrap_or_default();
                if rest.is_empty() || link.chars().any(char::is_whitespace) {
                    return Err(FieldError::Invalid { field });
                }
                Ok(())
            }
            SessionFormat::Phone | SessionFormat::Messaging => Ok(()),
        }
    }
}

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// A single session ("none").
    Once,
    Weekly,
    Fortnightly,
    /// Same day of month, clamped to the month's end.
    Monthly,
}

/// One part of a series' schedule. The first rule starts the series; each reschedule "from an
/// occurrence onwards" appends one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleRule {
    /// The original key of the occurrence this rule replaces the schedule from (for the first
    /// rule: its own start). Earlier rules stop before `min(effective_from, start)`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub effective_from: LocalDateTime,
    /// The first occurrence of this rule, local to the series' zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub start: LocalDateTime,
    pub recurrence: Recurrence,
    pub duration_minutes: u16,
}

impl ScheduleRule {
    /// Where earlier rules stop (exclusive).
    fn cutoff(&self) -> LocalDateTime {
        self.effective_from.min(self.start)
    }

    /// The `n`th local start of this rule (0 = `start`), if it exists.
    fn nth(&self, n: i64) -> Option<LocalDateTime> {
        match self.recurrence {
            Recurrence::Once => (n == 0).then_some(self.start),
            Recurrence::Weekly => self.start.checked_add((7 * n).days()).ok(),
            Recurrence::Fortnightly => self.start.checked_add((14 * n).days()).ok(),
            Recurrence::Monthly => {
                // Computed from the first date every time: jiff clamps the day to the month's end.
                let date = self.start.date().checked_add(n.months()).ok()?;
                Some(date.to_datetime(self.start.time()))
            }
        }
    }

    /// The local starts `k` of this rule with `lo <= k < hi`, oldest first.
    fn keys_between(&self, lo: LocalDateTime, hi: LocalDateTime) -> Vec<LocalDateTime> {
        let period_days = match self.recurrence {
            Recurrence::Once => {
                return if lo <= self.start && self.start < hi {
                    vec![self.start]
                } else {
                    Vec::new()
                };
            }
            Recurrence::Weekly => 7,
            Recurrence::Fortnightly => 14,
            // A month is at most 31 days, so this only ever underestimates the first index.
            Recurrence::Monthly => 31,
        };
        let gap = civil_seconds(lo) - civil_seconds(self.start);
        let mut n = (gap / (period_days * DAY_SECONDS) - 1).max(0);
        let mut keys = Vec::new();
        while let Some(key) = self.nth(n) {
            if key >= hi {
                break;
            }
            if key >= lo {
                keys.push(key);
            }
            n += 1;
        }
        keys
    }
}

/// A civil date-time read as if it were UTC, in seconds: only for estimating distances.
fn civil_seconds(dt: LocalDateTime) -> i64 {
    jiff::tz::Offset::UTC
        .to_timestamp(dt)
        .map_or(0, Timestamp::as_second)
}

/// Where a series is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SeriesState {
    /// The organiser proposed it; the other person has not accepted yet.
    Proposed,
    /// Both agreed: these sessions are on.
    Accepted,
    /// Final: called off with a reason. Occurrences that started before the cancellation remain.
    Cancelled,
}

impl fmt::Display for SeriesState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SeriesState::Proposed => "proposed",
            SeriesState::Accepted => "accepted",
            SeriesState::Cancelled => "cancelled",
        })
    }
}

/// A change to one occurrence only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExceptionKind {
    /// This one does not happen; the reason is shown to the other person.
    Cancelled { reason: String },
    /// This one happens at another instant (same duration).
    Moved { starts_at: TimestampMs },
}

/// A single-occurrence exception, keyed by the occurrence's original local date-time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccurrenceException {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub occurrence_key: LocalDateTime,
    pub kind: ExceptionKind,
}

/// What happened at a session, once it started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Held,
    Missed,
}

/// The recorded outcome of one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OccurrenceOutcome {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub occurrence_key: LocalDateTime,
    pub outcome: Outcome,
    pub at: TimestampMs,
}

/// A series of sessions of one relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionSeries {
    /// Chosen by the client (UUIDv7) so that a proposal made offline is created exactly once.
    pub id: Uuid,
    pub relationship_id: Uuid,
    /// Who proposed it: the mentee or the mentor. The other one accepts.
    pub organiser: Actor,
    pub format: SessionFormat,
    /// The organiser's IANA time zone; every local date-time of the series is read in it.
    pub time_zone: String,
    /// Never empty; in the order they were made.
    pub rules: Vec<ScheduleRule>,
    pub state: SeriesState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_at: Option<TimestampMs>,
    /// At most one per occurrence key.
    #[serde(default)]
    pub exceptions: Vec<OccurrenceException>,
    /// At most one per occurrence key.
    #[serde(default)]
    pub outcomes: Vec<OccurrenceOutcome>,
}

/// What a session occurrence is, as shown in lists and used for reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OccurrenceStatus {
    /// Planned (or under way, or past and not yet marked).
    Scheduled,
    Held,
    Missed,
    Cancelled,
}

/// One concrete session of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Occurrence {
    pub series_id: Uuid,
    /// Stable: the original local date-time in the series' zone, even if this one was moved.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub occurrence_key: LocalDateTime,
    pub starts_at: TimestampMs,
    pub ends_at: TimestampMs,
    pub status: OccurrenceStatus,
    /// Moved away from its usual time by a single-occurrence exception.
    pub moved: bool,
}

/// Why a session action was refused. Nothing changes on a refusal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("{0} is not part of this session")]
    NotAParticipant(Actor),
    #[error("only the person who was invited can accept a session")]
    OrganiserCannotAccept,
    #[error("cannot {action}: the session is {state}")]
    WrongState {
        action: &'static str,
        state: SeriesState,
    },
    #[error("there is no such session in this series")]
    UnknownOccurrence,
    #[error("this session was cancelled")]
    OccurrenceCancelled,
    #[error("this session has already started")]
    AlreadyStarted,
    #[error("this session has not started yet")]
    NotStartedYet,
    #[error("the new time must be in the future")]
    NotInFuture,
    #[error("the new schedule would overlap sessions before the one being rescheduled")]
    OverlapsEarlierSessions,
    #[error("unknown time zone")]
    UnknownTimeZone,
    #[error(transparent)]
    Field(#[from] FieldError),
}

impl From<SessionError> for ApiError {
    fn from(error: SessionError) -> Self {
        if let SessionError::Field(field) = error {
            return field.into();
        }
        let (code, field) = match &error {
            SessionError::NotAParticipant(_) | SessionError::OrganiserCannotAccept => {
                (ErrorCode::Forbidden, None)
            }
            SessionError::UnknownOccurrence => (ErrorCode::NotFound, Some("occurrence_key")),
            SessionError::WrongState { .. }
            | SessionError::OccurrenceCancelled
            | SessionError::AlreadyStarted
            | SessionError::NotStartedYet => (ErrorCode::Conflict, None),
            SessionError::NotInFuture | SessionError::OverlapsEarlierSessions => {
                (ErrorCode::ValidationFailed, Some("start"))
            }
            SessionError::UnknownTimeZone => (ErrorCode::ValidationFailed, Some("time_zone")),
            SessionError::Field(_) => (ErrorCode::ValidationFailed, None),
        };
        let mut api = ApiError::new(code, error.to_string());
        api.field = field.map(str::to_owned);
        api
    }
}

/// What a participant asks to do with a series. This is what the app queues offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case", tag = "type"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SessionAction {
    /// The invited person: yes.
    Accept {},
    /// Either person: call off the whole series from now on.
    Cancel { reason: String },
    /// Either person: call off one occurrence that has not started.
    CancelOccurrence {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
        occurrence_key: LocalDateTime,
        reason: String,
    },
    /// Either person: move one occurrence that has not started to another (future) instant.
    MoveOccurrence {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
        occurrence_key: LocalDateTime,
        starts_at: TimestampMs,
    },
    /// Either person: from this (not yet started) occurrence onwards, meet at a new local
    /// date-time, optionally with a new duration or recurrence.
    Reschedule {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
        from_occurrence: LocalDateTime,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
        start: LocalDateTime,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration_minutes: Option<u16>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recurrence: Option<Recurrence>,
    },
    /// Either person, once it started: it happened.
    MarkHeld {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
        occurrence_key: LocalDateTime,
    },
    /// Either person, once it started: it did not happen.
    MarkMissed {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
        occurrence_key: LocalDateTime,
    },
}

impl SessionAction {
    fn name(&self) -> &'static str {
        match self {
            SessionAction::Accept {} => "accept",
            SessionAction::Cancel { .. } => "cancel",
            SessionAction::CancelOccurrence { .. } => "cancel this session",
            SessionAction::MoveOccurrence { .. } => "move this session",
            SessionAction::Reschedule { .. } => "reschedule",
            SessionAction::MarkHeld { .. } => "mark it held",
            SessionAction::MarkMissed { .. } => "mark it missed",
        }
    }

    /// Checks and normalises what can be checked without the series (reasons are trimmed and
    /// bounded, a new duration is in range): the same rule on the phone and the server, before
    /// [`apply`] checks the rest.
    pub fn validated(self) -> Result<Self, FieldError> {
        Ok(match self {
            SessionAction::Cancel { reason } => SessionAction::Cancel {
                reason: check_reason(&reason)?,
            },
            SessionAction::CancelOccurrence {
                occurrence_key,
                reason,
            } => SessionAction::CancelOccurrence {
                occurrence_key,
                reason: check_reason(&reason)?,
            },
            SessionAction::Reschedule {
                from_occurrence,
                start,
                duration_minutes,
                recurrence,
            } => SessionAction::Reschedule {
                from_occurrence,
                start,
                duration_minutes: duration_minutes.map(check_duration).transpose()?,
                recurrence,
            },
            other => other,
        })
    }
}

/// Counts for coordinators: no content, just what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeCounts {
    pub held: u32,
    pub missed: u32,
}

/// Whether a new series may be proposed in a relationship in `state`: sessions belong to a running
/// match, so only an active one (not while it is being set up, paused or after it ended).
pub fn may_propose_in(state: RelationshipState) -> bool {
    state == RelationshipState::Active
}

/// Whether `action` may be taken on a series of a relationship in `state`. In an active match,
/// anything [`apply`] allows. While paused, nothing new is agreed (no accepting, moving or
/// rescheduling) but sessions can still be called off and past ones marked. Once the
/// relationship is no longer running, its series are read-only.
pub fn may_act_in(state: RelationshipState, action: &SessionAction) -> bool {
    match state {
        RelationshipState::Active => true,
        RelationshipState::Paused => matches!(
            action,
            SessionAction::Cancel { .. }
                | SessionAction::CancelOccurrence { .. }
                | SessionAction::MarkHeld { .. }
                | SessionAction::MarkMissed { .. }
        ),
        _ => false,
    }
}

/// Parses an IANA zone name with the bundled database.
pub fn time_zone(name: &str) -> Result<TimeZone, SessionError> {
    TimeZone::get(name).map_err(|_| SessionError::UnknownTimeZone)
}

/// The wall-clock date-time of `instant` in the IANA zone `time_zone`, to show each person a
/// session in their own zone.
pub fn in_zone(instant: TimestampMs, time_zone: &str) -> Result<LocalDateTime, SessionError> {
    let tz = self::time_zone(time_zone)?;
    let ts = Timestamp::from_millisecond(instant)
        .map_err(|_| FieldError::Invalid { field: "instant" })?;
    Ok(tz.to_datetime(ts))
}

/// The instant of a local date-time in `tz` ("compatible" disambiguation).
pub fn local_to_instant(tz: &TimeZone, local: LocalDateTime) -> Option<TimestampMs> {
    tz.to_timestamp(local).ok().map(Timestamp::as_millisecond)
}

fn check_duration(minutes: u16) -> Result<u16, FieldError> {
    if (MIN_DURATION_MINUTES..=MAX_DURATION_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(FieldError::Invalid {
            field: "duration_minutes",
        })
    }
}

fn check_reason(reason: &str) -> Result<String, FieldError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldError::Missing { field: "reason" });
    }
    if reason.chars().count() > MAX_CANCEL_REASON_CHARS {
        return Err(FieldError::TooLong {
            field: "reason",
            max: MAX_CANCEL_REASON_CHARS,
        });
    }
    Ok(reason.to_owned())
}

impl SessionSeries {
    /// A new proposed series. `start` is local to `time_zone`.
    #[allow(clippy::too_many_arguments)]
    pub fn propose(
        id: Uuid,
        relationship_id: Uuid,
        organiser: Actor,
        format: SessionFormat,
        time_zone: &str,
        start: LocalDateTime,
        duration_minutes: u16,
        recurrence: Recurrence,
    ) -> Result<Self, SessionError> {
        if !matches!(organiser, Actor::Mentee | Actor::Mentor) {
            return Err(SessionError::NotAParticipant(organiser));
        }
        format.validate()?;
        self::time_zone(time_zone)?;
        Ok(Self {
            id,
            relationship_id,
            organiser,
            format,
            time_zone: time_zone.to_owned(),
            rules: vec![ScheduleRule {
                effective_from: start,
                start,
                recurrence,
                duration_minutes: check_duration(duration_minutes)?,
            }],
            state: SeriesState::Proposed,
            cancel_reason: None,
            cancelled_at: None,
            exceptions: Vec::new(),
            outcomes: Vec::new(),
        })
    }

    fn tz(&self) -> Option<TimeZone> {
        TimeZone::get(&self.time_zone).ok()
    }

    fn exception(&self, key: LocalDateTime) -> Option<&ExceptionKind> {
        self.exceptions
            .iter()
            .find(|e| e.occurrence_key == key)
            .map(|e| &e.kind)
    }

    /// The keys the schedule really produces in `[lo, hi)`, with the index of their rule: each
    /// rule stops where the next one takes over.
    fn scheduled_keys(&self, lo: LocalDateTime, hi: LocalDateTime) -> Vec<(usize, LocalDateTime)> {
        let mut keys = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let rule_hi = self
                .rules
                .get(i + 1)
                .map_or(hi, |next| next.cutoff().min(hi));
            keys.extend(rule.keys_between(lo, rule_hi).into_iter().map(|k| (i, k)));
        }
        keys
    }

    /// The rule that produces the occurrence `key`, if any.
    fn rule_for(&self, key: LocalDateTime) -> Option<&ScheduleRule> {
        let next = key.checked_add(1.second()).ok()?;
        let (i, _) = self.scheduled_keys(key, next).into_iter().next()?;
        self.rules.get(i)
    }

    /// Builds the occurrence for `key` of `rule` (exceptions and outcomes applied).
    fn build(&self, tz: &TimeZone, rule: &ScheduleRule, key: LocalDateTime) -> Option<Occurrence> {
        let exception = self.exception(key);
        let (starts_at, moved) = match exception {
            Some(ExceptionKind::Moved { starts_at }) => (*starts_at, true),
            _ => (local_to_instant(tz, key)?, false),
        };
        if let Some(cancelled_at) = self.cancelled_at
            && starts_at >= cancelled_at
        {
            return None;
        }
        let status = match exception {
            Some(ExceptionKind::Cancelled { .. }) => OccurrenceStatus::Cancelled,
            _ => match self.outcomes.iter().find(|o| o.occurrence_key == key) {
                Some(o) if o.outcome == Outcome::Held => OccurrenceStatus::Held,
                Some(_) => OccurrenceStatus::Missed,
                None => OccurrenceStatus::Scheduled,
            },
        };
        Some(Occurrence {
            series_id: self.id,
            occurrence_key: key,
            starts_at,
            ends_at: starts_at + TimestampMs::from(rule.duration_minutes) * MINUTE_MS,
            status,
            moved,
        })
    }

    /// The occurrence with this key (as it is now), if the schedule has it.
    pub fn occurrence(&self, key: LocalDateTime) -> Option<Occurrence> {
        let tz = self.tz()?;
        let rule = self.rule_for(key)?;
        self.build(&tz, rule, key)
    }

    /// Held and missed counts, for coordinators.
    pub fn outcome_counts(&self) -> OutcomeCounts {
        let mut counts = OutcomeCounts::default();
        for o in &self.outcomes {
            match o.outcome {
                Outcome::Held => counts.held += 1,
                Outcome::Missed => counts.missed += 1,
            }
        }
        counts
    }
}

/// The occurrences of `series` that overlap `[from, to)`, sorted by start (then key).
///
/// Moved occurrences appear where they were moved to; cancelled ones appear with status
/// `Cancelled`. After the whole series is cancelled, only occurrences that started before the
/// cancellation remain. A proposed series yields its (tentative) occurrences too; check
/// [`SessionSeries::state`] before reminding anyone.
pub fn occurrences(series: &SessionSeries, from: Timestamp, to: Timestamp) -> Vec<Occurrence> {
    let Some(tz) = series.tz() else {
        return Vec::new();
    };
    let (from_ms, to_ms) = (from.as_millisecond(), to.as_millisecond());
    if from_ms >= to_ms {
        return Vec::new();
    }
    // Generous civil bounds: a day of slack either side covers any UTC offset or DST shift, and
    // the longest session.
    let lo = tz.to_datetime(from).checked_add((-2).days()).ok();
    let hi = tz.to_datetime(to).checked_add(2.days()).ok();
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return Vec::new();
    };
    let mut found: Vec<Occurrence> = Vec::new();
    for (i, key) in series.scheduled_keys(lo, hi) {
        if let Some(occurrence) = series.build(&tz, &series.rules[i], key) {
            found.push(occurrence);
        }
    }
    // Occurrences moved into the window from outside the civil bounds.
    for exception in &series.exceptions {
        if let ExceptionKind::Moved { starts_at } = exception.kind
            && starts_at < to_ms
            && starts_at >= from_ms - TimestampMs::from(MAX_DURATION_MINUTES) * MINUTE_MS
            && !found
                .iter()
                .any(|o| o.occurrence_key == exception.occurrence_key)
            && let Some(occurrence) = series.occurrence(exception.occurrence_key)
        {
            found.push(occurrence);
        }
    }
    found.retain(|o| o.ends_at > from_ms && o.starts_at < to_ms);
    found.sort_by_key(|o| (o.starts_at, o.occurrence_key));
    found
}

/// Applies `action` by `actor` at `now`; the only way a series changes. On refusal nothing
/// changes and the error says why.
pub fn apply(
    series: &SessionSeries,
    actor: Actor,
    action: &SessionAction,
    now: TimestampMs,
) -> Result<SessionSeries, SessionError> {
    if !matches!(actor, Actor::Mentee | Actor::Mentor) {
        return Err(SessionError::NotAParticipant(actor));
    }
    let open = matches!(series.state, SeriesState::Proposed | SeriesState::Accepted);
    let wrong_state = || SessionError::WrongState {
        action: action.name(),
        state: series.state,
    };
    let mut next = series.clone();
    match action {
        SessionAction::Accept {} => {
            if series.state != SeriesState::Proposed {
                return Err(wrong_state());
            }
            if actor == series.organiser {
                return Err(SessionError::OrganiserCannotAccept);
            }
            next.state = SeriesState::Accepted;
        }
        SessionAction::Cancel { reason } => {
            if !open {
                return Err(wrong_state());
            }
            next.cancel_reason = Some(check_reason(reason)?);
            next.cancelled_at = Some(now);
            next.state = SeriesState::Cancelled;
        }
        SessionAction::CancelOccurrence {
            occurrence_key,
            reason,
        } => {
            if !open {
                return Err(wrong_state());
            }
            upcoming(series, *occurrence_key, now)?;
            let reason = check_reason(reason)?;
            set_exception(
                &mut next,
                *occurrence_key,
                ExceptionKind::Cancelled { reason },
            );
        }
        SessionAction::MoveOccurrence {
            occurrence_key,
            starts_at,
        } => {
            if !open {
                return Err(wrong_state());
            }
            upcoming(series, *occurrence_key, now)?;
            if *starts_at <= now {
                return Err(SessionError::NotInFuture);
            }
            set_exception(
                &mut next,
                *occurrence_key,
                ExceptionKind::Moved {
                    starts_at: *starts_at,
                },
            );
        }
        SessionAction::Reschedule {
            from_occurrence,
            start,
            duration_minutes,
            recurrence,
        } => {
            if !open {
                return Err(wrong_state());
            }
            reschedule(
                &mut next,
                *from_occurrence,
                *start,
                *duration_minutes,
                *recurrence,
                now,
            )?;
        }
        SessionAction::MarkHeld { occurrence_key }
        | SessionAction::MarkMissed { occurrence_key } => {
            if series.state == SeriesState::Proposed {
                return Err(wrong_state());
            }
            let occurrence = series
                .occurrence(*occurrence_key)
                .ok_or(SessionError::UnknownOccurrence)?;
            if occurrence.status == OccurrenceStatus::Cancelled {
                return Err(SessionError::OccurrenceCancelled);
            }
            if now < occurrence.starts_at {
                return Err(SessionError::NotStartedYet);
            }
            let outcome = if matches!(action, SessionAction::MarkHeld { .. }) {
                Outcome::Held
            } else {
                Outcome::Missed
            };
            next.outcomes
                .retain(|o| o.occurrence_key != *occurrence_key);
            next.outcomes.push(OccurrenceOutcome {
                occurrence_key: *occurrence_key,
                outcome,
                at: now,
            });
        }
    }
    Ok(next)
}

/// The occurrence `key`, which must exist, not be cancelled and not have started.
fn upcoming(
    series: &SessionSeries,
    key: LocalDateTime,
    now: TimestampMs,
) -> Result<Occurrence, SessionError> {
    let occurrence = series
        .occurrence(key)
        .ok_or(SessionError::UnknownOccurrence)?;
    if occurrence.status == OccurrenceStatus::Cancelled {
        return Err(SessionError::OccurrenceCancelled);
    }
    if occurrence.starts_at <= now {
        return Err(SessionError::AlreadyStarted);
    }
    Ok(occurrence)
}

fn set_exception(series: &mut SessionSeries, key: LocalDateTime, kind: ExceptionKind) {
    series.exceptions.retain(|e| e.occurrence_key != key);
    series.exceptions.push(OccurrenceException {
        occurrence_key: key,
        kind,
    });
}

fn reschedule(
    series: &mut SessionSeries,
    from: LocalDateTime,
    start: LocalDateTime,
    duration_minutes: Option<u16>,
    recurrence: Option<Recurrence>,
    now: TimestampMs,
) -> Result<(), SessionError> {
    upcoming(series, from, now)?;
    let tz = self::time_zone(&series.time_zone)?;
    let current = *series
        .rule_for(from)
        .ok_or(SessionError::UnknownOccurrence)?;
    let new_start = local_to_instant(&tz, start).ok_or(SessionError::NotInFuture)?;
    if new_start <= now {
        return Err(SessionError::NotInFuture);
    }
    let rule = ScheduleRule {
        effective_from: from,
        start,
        recurrence: recurrence.unwrap_or(current.recurrence),
        duration_minutes: check_duration(duration_minutes.unwrap_or(current.duration_minutes))?,
    };
    let cutoff = rule.cutoff();
    // Moving earlier than `from` must not swallow occurrences the person did not ask to change.
    if start < from && !series.scheduled_keys(start, from).is_empty() {
        return Err(SessionError::OverlapsEarlierSessions);
    }
    series.rules.retain(|r| r.effective_from < cutoff);
    series.exceptions.retain(|e| e.occurrence_key < cutoff);
    series.outcomes.retain(|o| o.occurrence_key < cutoff);
    series.rules.push(rule);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, datetime};

    const LONDON: &str = "Europe/London";
    const NEW_YORK: &str = "America/New_York";

    fn ms(local: LocalDateTime, zone: &str) -> TimestampMs {
        local_to_instant(&TimeZone::get(zone).unwrap(), local).unwrap()
    }

    fn ts(local: LocalDateTime, zone: &str) -> Timestamp {
        Timestamp::from_millisecond(ms(local, zone)).unwrap()
    }

    fn utc(local: LocalDateTime) -> TimestampMs {
        ms(local, "UTC")
    }

    fn series(zone: &str, start: LocalDateTime, recurrence: Recurrence) -> SessionSeries {
        let proposed = SessionSeries::propose(
            Uuid::from_u128(7),
            Uuid::from_u128(1),
            Actor::Mentor,
            SessionFormat::Video {
                link: "https://meet.example/abc".into(),
            },
            zone,
            start,
            60,
            recurrence,
        )
        .unwrap();
        apply(&proposed, Actor::Mentee, &SessionAction::Accept {}, 0).unwrap()
    }

    /// Tuesdays 18:00 London from 3 March 2026.
    fn london_tuesdays() -> SessionSeries {
        series(
            LONDON,
            datetime(2026, 3, 3, 18, 0, 0, 0),
            Recurrence::Weekly,
        )
    }

    fn all(s: &SessionSeries, from: LocalDateTime, to: LocalDateTime) -> Vec<Occurrence> {
        occurrences(s, ts(from, "UTC"), ts(to, "UTC"))
    }

    fn local_times(list: &[Occurrence], zone: &str) -> Vec<String> {
        list.iter()
            .map(|o| {
                in_zone(o.starts_at, zone)
                    .unwrap()
                    .strftime("%m-%d %H:%M")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn weekly_london_stays_at_18_local_across_march_dst_in_both_zones() {
        let s = london_tuesdays();
        let list = all(
            &s,
            datetime(2026, 3, 1, 0, 0, 0, 0),
            datetime(2026, 4, 8, 0, 0, 0, 0),
        );
        assert_eq!(
            local_times(&list, LONDON),
            [
                "03-03 18:00",
                "03-10 18:00",
                "03-17 18:00",
                "03-24 18:00",
                "03-31 18:00",
                "04-07 18:00"
            ]
        );
        // New York springs forward on 8 March, London on 29 March: for three weeks the gap is 4 h.
        assert_eq!(
            local_times(&list, NEW_YORK),
            [
                "03-03 13:00",
                "03-10 14:00",
                "03-17 14:00",
                "03-24 14:00",
                "03-31 13:00",
                "04-07 13:00"
            ]
        );
        assert_eq!(list[3].starts_at, utc(datetime(2026, 3, 24, 18, 0, 0, 0)));
        assert_eq!(list[4].starts_at, utc(datetime(2026, 3, 31, 17, 0, 0, 0)));
        assert_eq!(list[4].ends_at - list[4].starts_at, 60 * MINUTE_MS);
        assert_eq!(list[4].occurrence_key, datetime(2026, 3, 31, 18, 0, 0, 0));
        assert!(
            list.iter()
                .all(|o| o.status == OccurrenceStatus::Scheduled && !o.moved)
        );
    }

    #[test]
    fn weekly_new_york_stays_at_noon_local_across_autumn_dst_in_both_zones() {
        let s = series(
            NEW_YORK,
            datetime(2026, 10, 15, 12, 0, 0, 0),
            Recurrence::Weekly,
        );
        let list = all(
            &s,
            datetime(2026, 10, 1, 0, 0, 0, 0),
            datetime(2026, 11, 13, 0, 0, 0, 0),
        );
        assert_eq!(
            local_times(&list, NEW_YORK),
            [
                "10-15 12:00",
                "10-22 12:00",
                "10-29 12:00",
                "11-05 12:00",
                "11-12 12:00"
            ]
        );
        // London falls back on 25 October, New York on 1 November.
        assert_eq!(
            local_times(&list, LONDON),
            [
                "10-15 17:00",
                "10-22 17:00",
                "10-29 16:00",
                "11-05 17:00",
                "11-12 17:00"
            ]
        );
        assert_eq!(list[3].starts_at, utc(datetime(2026, 11, 5, 17, 0, 0, 0)));
    }

    #[test]
    fn fortnightly_and_once_and_window_edges() {
        let s = series(
            LONDON,
            datetime(2026, 3, 17, 18, 0, 0, 0),
            Recurrence::Fortnightly,
        );
        let list = all(
            &s,
            datetime(2026, 3, 1, 0, 0, 0, 0),
            datetime(2026, 4, 29, 0, 0, 0, 0),
        );
        assert_eq!(
            local_times(&list, LONDON),
            ["03-17 18:00", "03-31 18:00", "04-14 18:00", "04-28 18:00"]
        );
        let once = series(LONDON, datetime(2026, 3, 17, 18, 0, 0, 0), Recurrence::Once);
        assert_eq!(
            all(
                &once,
                datetime(2026, 1, 1, 0, 0, 0, 0),
                datetime(2027, 1, 1, 0, 0, 0, 0)
            )
            .len(),
            1
        );
        // A session in progress overlaps the window; one ending exactly at `from` does not.
        let start = utc(datetime(2026, 3, 17, 18, 0, 0, 0));
        let during = Timestamp::from_millisecond(start + 30 * MINUTE_MS).unwrap();
        let end = Timestamp::from_millisecond(start + 60 * MINUTE_MS).unwrap();
        let later = Timestamp::from_millisecond(start + 1000 * MINUTE_MS).unwrap();
        assert_eq!(occurrences(&once, during, later).len(), 1);
        assert!(occurrences(&once, end, later).is_empty());
        assert!(occurrences(&once, later, during).is_empty());
        // A long way into a weekly series still finds the right ones.
        let far = all(
            &s,
            datetime(2030, 6, 1, 0, 0, 0, 0),
            datetime(2030, 6, 15, 0, 0, 0, 0),
        );
        assert_eq!(far.len(), 1);
        assert_eq!(
            in_zone(far[0].starts_at, LONDON).unwrap().time(),
            jiff::civil::time(18, 0, 0, 0)
        );
    }

    #[test]
    fn monthly_on_the_31st_clamps_to_month_end_without_drifting() {
        let s = series(
            LONDON,
            datetime(2026, 1, 31, 10, 0, 0, 0),
            Recurrence::Monthly,
        );
        let list = all(
            &s,
            datetime(2026, 1, 1, 0, 0, 0, 0),
            datetime(2026, 8, 1, 0, 0, 0, 0),
        );
        let keys: Vec<_> = list.iter().map(|o| o.occurrence_key.date()).collect();
        assert_eq!(
            keys,
            [
                date(2026, 1, 31),
                date(2026, 2, 28),
                date(2026, 3, 31),
                date(2026, 4, 30),
                date(2026, 5, 31),
                date(2026, 6, 30),
                date(2026, 7, 31)
            ]
        );
        // 31 March is after London's change: still 10:00 local, 09:00 UTC.
        assert_eq!(list[2].starts_at, utc(datetime(2026, 3, 31, 9, 0, 0, 0)));
        let leap = series(
            LONDON,
            datetime(2028, 1, 31, 10, 0, 0, 0),
            Recurrence::Monthly,
        );
        let feb = all(
            &leap,
            datetime(2028, 2, 1, 0, 0, 0, 0),
            datetime(2028, 3, 1, 0, 0, 0, 0),
        );
        assert_eq!(feb[0].occurrence_key.date(), date(2028, 2, 29));
    }

    #[test]
    fn a_local_time_in_the_spring_gap_uses_the_later_reading() {
        let s = series(
            LONDON,
            datetime(2026, 3, 22, 1, 30, 0, 0),
            Recurrence::Weekly,
        );
        let list = all(
            &s,
            datetime(2026, 3, 28, 0, 0, 0, 0),
            datetime(2026, 3, 30, 0, 0, 0, 0),
        );
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].occurrence_key, datetime(2026, 3, 29, 1, 30, 0, 0));
        assert_eq!(list[0].starts_at, utc(datetime(2026, 3, 29, 1, 30, 0, 0)));
        assert_eq!(local_times(&list, LONDON), ["03-29 02:30"]);
    }

    const BEFORE: TimestampMs = 1_772_000_000_000; // 25 February 2026

    #[test]
    fn single_occurrences_can_be_cancelled_and_moved_keeping_their_key() {
        let s = london_tuesdays();
        let key = datetime(2026, 3, 10, 18, 0, 0, 0);
        let cancelled = apply(
            &s,
            Actor::Mentee,
            &SessionAction::CancelOccurrence {
                occurrence_key: key,
                reason: " I'm away ".into(),
            },
            BEFORE,
        )
        .unwrap();
        let list = all(
            &cancelled,
            datetime(2026, 3, 1, 0, 0, 0, 0),
            datetime(2026, 3, 20, 0, 0, 0, 0),
        );
        let statuses: Vec<_> = list.iter().map(|o| o.status).collect();
        assert_eq!(
            statuses,
            [
                OccurrenceStatus::Scheduled,
                OccurrenceStatus::Cancelled,
                OccurrenceStatus::Scheduled
            ]
        );
        assert_eq!(
            cancelled.exceptions[0].kind,
            ExceptionKind::Cancelled {
                reason: "I'm away".into()
            }
        );

        // Moved to the following Monday 09:00 London: far outside its own week.
        let to = ms(datetime(2026, 3, 16, 9, 0, 0, 0), LONDON);
        let moved = apply(
            &s,
            Actor::Mentor,
            &SessionAction::MoveOccurrence {
                occurrence_key: key,
                starts_at: to,
            },
            BEFORE,
        )
        .unwrap();
        let list = all(
            &moved,
            datetime(2026, 3, 1, 0, 0, 0, 0),
            datetime(2026, 3, 20, 0, 0, 0, 0),
        );
        assert_eq!(
            local_times(&list, LONDON),
            ["03-03 18:00", "03-16 09:00", "03-17 18:00"]
        );
        assert!(list[1].moved && list[1].occurrence_key == key);
        assert_eq!(list[1].ends_at, to + 60 * MINUTE_MS);
        // A window containing only the new time finds it; one with only the old time does not.
        let only_new = all(
            &moved,
            datetime(2026, 3, 16, 0, 0, 0, 0),
            datetime(2026, 3, 16, 12, 0, 0, 0),
        );
        assert_eq!(only_new.len(), 1);
        let only_old = all(
            &moved,
            datetime(2026, 3, 10, 0, 0, 0, 0),
            datetime(2026, 3, 11, 0, 0, 0, 0),
        );
        assert!(only_old.is_empty());
        // Moving again replaces the exception; cancelling a moved one works too.
        let again = apply(
            &moved,
            Actor::Mentor,
            &SessionAction::MoveOccurrence {
                occurrence_key: key,
                starts_at: to + HOUR,
            },
            BEFORE,
        )
        .unwrap();
        assert_eq!(again.exceptions.len(), 1);
        assert_eq!(again.occurrence(key).unwrap().starts_at, to + HOUR);
    }

    const HOUR: TimestampMs = 60 * MINUTE_MS;

    #[test]
    fn rescheduling_from_an_occurrence_onwards_replaces_the_rest_of_the_series() {
        let s = london_tuesdays();
        let later = datetime(2026, 3, 24, 18, 0, 0, 0);
        let s = apply(
            &s,
            Actor::Mentee,
            &SessionAction::CancelOccurrence {
                occurrence_key: later,
                reason: "away".into(),
            },
            BEFORE,
        )
        .unwrap();
        let early = datetime(2026, 3, 10, 18, 0, 0, 0);
        let s = apply(
            &s,
            Actor::Mentee,
            &SessionAction::CancelOccurrence {
                occurrence_key: early,
                reason: "away".into(),
            },
            BEFORE,
        )
        .unwrap();
        let from = datetime(2026, 3, 17, 18, 0, 0, 0);
        let rescheduled = apply(
            &s,
            Actor::Mentor,
            &SessionAction::Reschedule {
                from_occurrence: from,
                start: datetime(2026, 3, 19, 19, 30, 0, 0),
                duration_minutes: Some(45),
                recurrence: None,
            },
            BEFORE,
        )
        .unwrap();
        let list = all(
            &rescheduled,
            datetime(2026, 3, 1, 0, 0, 0, 0),
            datetime(2026, 4, 3, 0, 0, 0, 0),
        );
        assert_eq!(
            local_times(&list, LONDON),
            [
                "03-03 18:00",
                "03-10 18:00",
                "03-19 19:30",
                "03-26 19:30",
                "04-02 19:30"
            ]
        );
        assert_eq!(
            list[1].status,
            OccurrenceStatus::Cancelled,
            "earlier exceptions stay"
        );
        assert!(
            list[2..]
                .iter()
                .all(|o| o.status == OccurrenceStatus::Scheduled)
        );
        assert_eq!(list[3].ends_at - list[3].starts_at, 45 * MINUTE_MS);
        assert_eq!(list[3].occurrence_key, datetime(2026, 3, 26, 19, 30, 0, 0));
        assert_eq!(
            rescheduled.exceptions.len(),
            1,
            "the replaced occurrence's exception is dropped"
        );
        assert!(rescheduled.occurrence(later).is_none());

        // Moving earlier than the previous kept occurrence is refused.
        let err = apply(
            &s,
            Actor::Mentor,
            &SessionAction::Reschedule {
                from_occurrence: from,
                start: datetime(2026, 3, 10, 9, 0, 0, 0),
                duration_minutes: None,
                recurrence: None,
            },
            BEFORE,
        )
        .unwrap_err();
        assert_eq!(err, SessionError::OverlapsEarlierSessions);
        // Earlier in the same week is fine; a second reschedule stacks on the first.
        let monday = apply(
            &rescheduled,
            Actor::Mentee,
            &SessionAction::Reschedule {
                from_occurrence: datetime(2026, 3, 26, 19, 30, 0, 0),
                start: datetime(2026, 3, 23, 8, 0, 0, 0),
                duration_minutes: None,
                recurrence: Some(Recurrence::Fortnightly),
            },
            BEFORE,
        )
        .unwrap();
        let list = all(
            &monday,
            datetime(2026, 3, 1, 0, 0, 0, 0),
            datetime(2026, 4, 21, 0, 0, 0, 0),
        );
        assert_eq!(
            local_times(&list, LONDON),
            [
                "03-03 18:00",
                "03-10 18:00",
                "03-19 19:30",
                "03-23 08:00",
                "04-06 08:00",
                "04-20 08:00"
            ]
        );
        assert_eq!(monday.rules.len(), 3);
    }

    #[test]
    fn the_state_machine_refuses_clearly() {
        let proposed = SessionSeries::propose(
            Uuid::nil(),
            Uuid::nil(),
            Actor::Mentee,
            SessionFormat::InPerson {
                place: "Café on Elm St".into(),
            },
            LONDON,
            datetime(2026, 3, 3, 18, 0, 0, 0),
            60,
            Recurrence::Weekly,
        )
        .unwrap();
        assert_eq!(proposed.state, SeriesState::Proposed);
        let accept = SessionAction::Accept {};
        assert_eq!(
            apply(&proposed, Actor::Mentee, &accept, BEFORE),
            Err(SessionError::OrganiserCannotAccept)
        );
        assert_eq!(
            apply(&proposed, Actor::Coordinator, &accept, BEFORE),
            Err(SessionError::NotAParticipant(Actor::Coordinator))
        );
        let key = datetime(2026, 3, 3, 18, 0, 0, 0);
        let start = ms(key, LONDON);
        let held = SessionAction::MarkHeld {
            occurrence_key: key,
        };
        assert_eq!(
            apply(&proposed, Actor::Mentor, &held, start)
                .unwrap_err()
                .to_string(),
            "cannot mark it held: the session is proposed"
        );
        let accepted = apply(&proposed, Actor::Mentor, &accept, BEFORE).unwrap();
        assert_eq!(
            apply(&accepted, Actor::Mentor, &accept, BEFORE)
                .unwrap_err()
                .to_string(),
            "cannot accept: the session is accepted"
        );
        assert_eq!(
            apply(&accepted, Actor::Mentor, &held, start - 1),
            Err(SessionError::NotStartedYet)
        );
        let marked = apply(&accepted, Actor::Mentor, &held, start).unwrap();
        assert_eq!(
            marked.occurrence(key).unwrap().status,
            OccurrenceStatus::Held
        );
        let missed = apply(
            &marked,
            Actor::Mentee,
            &SessionAction::MarkMissed {
                occurrence_key: key,
            },
            start + HOUR,
        )
        .unwrap();
        assert_eq!(
            missed.occurrence(key).unwrap().status,
            OccurrenceStatus::Missed
        );
        assert_eq!(
            missed.outcome_counts(),
            OutcomeCounts { held: 0, missed: 1 }
        );
        assert_eq!(
            marked.outcome_counts(),
            OutcomeCounts { held: 1, missed: 0 }
        );

        let odd = datetime(2026, 3, 4, 18, 0, 0, 0);
        assert_eq!(
            apply(
                &accepted,
                Actor::Mentor,
                &SessionAction::MarkHeld {
                    occurrence_key: odd
                },
                start
            ),
            Err(SessionError::UnknownOccurrence)
        );
        let cancel_one = |key, reason: &str| SessionAction::CancelOccurrence {
            occurrence_key: key,
            reason: reason.into(),
        };
        assert_eq!(
            apply(&accepted, Actor::Mentor, &cancel_one(key, " "), BEFORE),
            Err(SessionError::Field(FieldError::Missing { field: "reason" }))
        );
        assert_eq!(
            apply(&accepted, Actor::Mentor, &cancel_one(key, "ill"), start),
            Err(SessionError::AlreadyStarted)
        );
        let next = datetime(2026, 3, 10, 18, 0, 0, 0);
        let one_off = apply(&accepted, Actor::Mentor, &cancel_one(next, "ill"), BEFORE).unwrap();
        assert_eq!(
            apply(&one_off, Actor::Mentor, &cancel_one(next, "ill"), BEFORE),
            Err(SessionError::OccurrenceCancelled)
        );
        assert_eq!(
            apply(
                &one_off,
                Actor::Mentor,
                &SessionAction::MarkHeld {
                    occurrence_key: next
                },
                start + 8 * 24 * HOUR
            ),
            Err(SessionError::OccurrenceCancelled)
        );
        assert_eq!(
            apply(
                &accepted,
                Actor::Mentor,
                &SessionAction::MoveOccurrence {
                    occurrence_key: next,
                    starts_at: BEFORE - 1
                },
                BEFORE
            ),
            Err(SessionError::NotInFuture)
        );

        // Cancelling the series keeps what already started and drops the rest.
        let cancel = SessionAction::Cancel {
            reason: "Moving away".into(),
        };
        assert!(matches!(
            apply(
                &accepted,
                Actor::Mentee,
                &SessionAction::Cancel {
                    reason: String::new()
                },
                BEFORE
            ),
            Err(SessionError::Field(_))
        ));
        let over = apply(&marked, Actor::Mentee, &cancel, start + HOUR).unwrap();
        assert_eq!(over.state, SeriesState::Cancelled);
        let list = all(
            &over,
            datetime(2026, 3, 1, 0, 0, 0, 0),
            datetime(2026, 5, 1, 0, 0, 0, 0),
        );
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].status, OccurrenceStatus::Held);
        assert!(matches!(
            apply(&over, Actor::Mentee, &cancel, start + HOUR),
            Err(SessionError::WrongState { .. })
        ));
        assert!(matches!(
            apply(&over, Actor::Mentee, &cancel_one(next, "x"), BEFORE),
            Err(SessionError::WrongState { .. })
        ));
    }

    #[test]
    fn proposals_and_formats_are_validated() {
        let propose = |format: SessionFormat, zone: &str, minutes: u16| {
            SessionSeries::propose(
                Uuid::nil(),
                Uuid::nil(),
                Actor::Mentor,
                format,
                zone,
                datetime(2026, 3, 3, 18, 0, 0, 0),
                minutes,
                Recurrence::Once,
            )
        };
        assert!(propose(SessionFormat::Phone, LONDON, 60).is_ok());
        assert_eq!(
            propose(SessionFormat::Phone, "Mars/Olympus", 60),
            Err(SessionError::UnknownTimeZone)
        );
        assert!(propose(SessionFormat::Phone, LONDON, 10).is_err());
        assert!(propose(SessionFormat::Phone, LONDON, 481).is_err());
        assert!(propose(SessionFormat::InPerson { place: " ".into() }, LONDON, 60).is_err());
        assert!(
            propose(
                SessionFormat::Video {
                    link: "http://x".into()
                },
                LONDON,
                60
            )
            .is_err()
        );
        assert!(
            propose(
                SessionFormat::Video {
                    link: "https://x y".into()
                },
                LONDON,
                60
            )
            .is_err()
        );
        assert!(
            SessionSeries::propose(
                Uuid::nil(),
                Uuid::nil(),
                Actor::System,
                SessionFormat::Phone,
                LONDON,
                datetime(2026, 3, 3, 18, 0, 0, 0),
                60,
                Recurrence::Once
            )
            .is_err()
        );
        assert!(in_zone(0, "Nowhere/Else").is_err());
    }

    #[test]
    fn sessions_belong_to_running_matches() {
        let cancel = SessionAction::Cancel { reason: "x".into() };
        let accept = SessionAction::Accept {};
        assert!(may_propose_in(RelationshipState::Active));
        for state in RelationshipState::ALL {
            if state != RelationshipState::Active {
                assert!(!may_propose_in(state), "{state:?}");
            }
        }
        assert!(may_act_in(RelationshipState::Active, &accept));
        assert!(may_act_in(RelationshipState::Paused, &cancel));
        assert!(!may_act_in(RelationshipState::Paused, &accept));
        assert!(!may_act_in(RelationshipState::Accepted, &cancel));
        assert!(!may_act_in(RelationshipState::Closed, &cancel));
        assert_eq!(
            SessionAction::Cancel {
                reason: " away ".into()
            }
            .validated(),
            Ok(SessionAction::Cancel {
                reason: "away".into()
            })
        );
    }

    #[test]
    fn errors_become_api_errors() {
        let api = ApiError::from(SessionError::NotStartedYet);
        assert_eq!(api.code, ErrorCode::Conflict);
        assert_eq!(api.message, "this session has not started yet");
        let api = ApiError::from(SessionError::Field(FieldError::Missing { field: "reason" }));
        assert_eq!(
            (api.code, api.field.as_deref()),
            (ErrorCode::ValidationFailed, Some("reason"))
        );
        assert_eq!(
            ApiError::from(SessionError::OrganiserCannotAccept).code,
            ErrorCode::Forbidden
        );
    }

    proptest::proptest! {
        /// Whatever the zone, start and window: occurrences are sorted, inside the window, keep
        /// the series' local wall-clock time (outside DST gaps), and every one is found by key.
        #[test]
        fn occurrences_keep_local_time_and_are_found_by_key(
            zone in proptest::sample::select(vec![LONDON, NEW_YORK, "Australia/Sydney", "Asia/Kolkata"]),
            day in 1i8..=31,
            month in 1i8..=12,
            hour in 0i8..24,
            recurrence in proptest::sample::select(vec![Recurrence::Weekly, Recurrence::Fortnightly, Recurrence::Monthly]),
            offset_days in 0i64..800,
            span_days in 1i64..120,
        ) {
            let day = day.min(28);
            let start = datetime(2026, month, day, hour, 15, 0, 0);
            let s = series(zone, start, recurrence);
            let from_ms = ms(start, zone) + offset_days * 86_400_000 - 86_400_000;
            let to_ms = from_ms + span_days * 86_400_000;
            let list = occurrences(
                &s,
                Timestamp::from_millisecond(from_ms).unwrap(),
                Timestamp::from_millisecond(to_ms).unwrap(),
            );
            for pair in list.windows(2) {
                proptest::prop_assert!(pair[0].starts_at < pair[1].starts_at);
            }
            for o in &list {
                proptest::prop_assert!(o.ends_at > from_ms && o.starts_at < to_ms);
                proptest::prop_assert_eq!(s.occurrence(o.occurrence_key), Some(*o));
                let local = in_zone(o.starts_at, zone).unwrap();
                if local.hour() == hour {
                    proptest::prop_assert_eq!(local, o.occurrence_key);
                } else {
                    // Only a spring-forward gap may shift it, by that gap.
                    proptest::prop_assert_eq!(local.minute(), 15);
                }
            }
        }
    }

    #[test]
    fn series_round_trip_through_json() {
        let s = apply(
            &london_tuesdays(),
            Actor::Mentee,
            &SessionAction::CancelOccurrence {
                occurrence_key: datetime(2026, 3, 10, 18, 0, 0, 0),
                reason: "away".into(),
            },
            BEFORE,
        )
        .unwrap();
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["rules"][0]["start"], "2026-03-03T18:00:00");
        assert_eq!(json["format"]["type"], "video");
        assert_eq!(serde_json::from_value::<SessionSeries>(json).unwrap(), s);
        let action: SessionAction =
            serde_json::from_str(r#"{"type":"mark_held","occurrence_key":"2026-03-03T18:00:00"}"#)
                .unwrap();
        assert_eq!(
            action,
            SessionAction::MarkHeld {
                occurrence_key: datetime(2026, 3, 3, 18, 0, 0, 0)
            }
        );
        assert!(serde_json::from_str::<SessionAction>(r#"{"type":"accept","x":1}"#).is_err());
    }
}
