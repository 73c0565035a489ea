//! The sessions part of the view: the upcoming list (the next [`UPCOMING_DAYS`] days across the
//! person's series), proposals waiting for the person's acceptance, and the detail of an open
//! series. Every time is shown in the device's own zone (`Model::time_zone`); what is allowed is
//! decided by `domain::sessions` (through [`crate::app::sessions::allowed`]), never here.

use domain::TimestampMs;
use domain::sessions::{
    self, ExceptionKind, LocalDateTime, OccurrenceStatus, SeriesState, SessionAction,
    SessionFormat, SessionSeries,
};
use domain::wire::v1::MutationBody;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::Model;
use crate::app::sessions::{allowed, awaits_me, format_summary, recurrence_summary};
use crate::app::state::PersonalState;

/// How far ahead the upcoming list looks.
pub const UPCOMING_DAYS: i64 = 14;
/// How far back and ahead an open series lists its occurrences.
pub const DETAIL_PAST_DAYS: i64 = 28;
pub const DETAIL_AHEAD_DAYS: i64 = 84;

const DAY_MS: TimestampMs = 86_400_000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct SessionsView {
    /// The zone every time below is shown in: the device's.
    pub time_zone: String,
    /// Occurrences overlapping the next [`UPCOMING_DAYS`] days, soonest first (proposed series
    /// too, with their state; cancelled ones with status `cancelled`).
    pub upcoming: Vec<UpcomingSession>,
    /// Series the other member proposed, waiting for this person to accept.
    pub awaiting_my_acceptance: Vec<SessionProposalCard>,
    /// The open series, if any.
    pub detail: Option<SessionDetail>,
}

/// A time, in the device's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct LocalTime {
    pub at_ms: TimestampMs,
    /// `2026-03-10T14:00`
    pub local: String,
    /// `Tue 10 Mar, 14:00`
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct UpcomingSession {
    pub series_id: Uuid,
    pub relationship_id: Uuid,
    /// The occurrence's stable key (its original local date-time in the organiser's zone), to
    /// pass back in actions.
    pub occurrence_key: String,
    /// The other member.
    pub with_name: String,
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub format: String,
    pub status: OccurrenceStatus,
    pub series_state: SeriesState,
    pub moved: bool,
    /// A change to this series is queued on this device, not yet confirmed by the server.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct SessionProposalCard {
    pub series_id: Uuid,
    pub relationship_id: Uuid,
    pub with_name: String,
    pub format: String,
    /// The first session, in the device's zone.
    pub first: Option<LocalTime>,
    /// `Every week, 60 minutes`
    pub schedule: String,
    pub pending: bool,
}

/// Who has to accept a proposed series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[cfg_attr(feature = "facet_typegen", repr(C))]
pub enum AcceptanceBy {
    Me,
    OtherPerson,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[allow(clippy::struct_excessive_bools)] // independent flags: which buttons to show
pub struct SessionDetail {
    pub series_id: Uuid,
    pub relationship_id: Uuid,
    pub with_name: String,
    pub i_organised: bool,
    /// With the place or link.
    pub format: SessionFormat,
    pub format_summary: String,
    pub state: SeriesState,
    /// Set while proposed.
    pub awaiting_acceptance_by: Option<AcceptanceBy>,
    pub cancel_reason: Option<String>,
    /// The organiser's zone (the series' wall-clock times are kept in it).
    pub organiser_time_zone: String,
    /// The current rule: `Every week, 60 minutes`.
    pub schedule: String,
    pub can_accept: bool,
    pub can_cancel_series: bool,
    /// From [`DETAIL_PAST_DAYS`] ago to [`DETAIL_AHEAD_DAYS`] ahead, oldest first.
    pub occurrences: Vec<OccurrenceCard>,
    /// The occurrence the person opened, if it is in the list.
    pub selected: Option<String>,
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[allow(clippy::struct_excessive_bools)] // independent flags: which buttons to show
pub struct OccurrenceCard {
    pub occurrence_key: String,
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub status: OccurrenceStatus,
    pub moved: bool,
    /// Why this one was called off (shown to both).
    pub cancel_reason: Option<String>,
    pub can_cancel: bool,
    pub can_move: bool,
    pub can_reschedule_from: bool,
    pub can_mark: bool,
}

/// `at_ms` in `zone` (UTC if the zone is unknown), as lists show it. Also used by the reminders view.
pub(crate) fn local_time(at_ms: TimestampMs, zone: &str) -> LocalTime {
    let local = sessions::in_zone(at_ms, zone)
        .or_else(|_| sessions::in_zone(at_ms, crate::app::sessions::DEFAULT_TIME_ZONE))
        .unwrap_or_default();
    LocalTime {
        at_ms,
        local: local.strftime("%Y-%m-%dT%H:%M").to_string(),
        label: local.strftime("%a %-d %b, %H:%M").to_string(),
    }
}

fn key_text(key: LocalDateTime) -> String {
    key.to_string()
}

fn instant(ms: TimestampMs) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn schedule(series: &SessionSeries) -> String {
    series.rules.last().map_or_else(String::new, |rule| {
        format!(
            "{}, {} minutes",
            recurrence_summary(rule.recurrence),
            rule.duration_minutes
        )
    })
}

/// Series with a change queued on this device and not yet acknowledged.
fn pending_series(model: &Model) -> Vec<Uuid> {
    model
        .outbox
        .iter()
        .filter(|e| e.acknowledged_position.is_none())
        .filter_map(|e| match &e.mutation.body {
            MutationBody::ProposeSession { series_id, .. }
            | MutationBody::ActOnSession { series_id, .. } => Some(*series_id),
            _ => None,
        })
        .collect()
}

/// The other member's name, for series of relationships that are still going (a series of an
/// ended match is not shown in lists).
fn with_name(state: &PersonalState, series: &SessionSeries) -> Option<String> {
    state
        .relationship(series.relationship_id)
        .filter(|view| !view.relationship.state.is_final())
        .map(|view| view.counterpart.display_name.clone())
}

/// Builds the sessions part of the view from the effective (optimistic) personal state.
pub fn sessions_view(model: &Model, state: Option<&PersonalState>) -> SessionsView {
    let zone = model.time_zone().to_owned();
    let Some(state) = state else {
        return SessionsView {
            time_zone: zone,
            ..SessionsView::default()
        };
    };
    let now = model.now_ms;
    let pending = pending_series(model);
    let mut upcoming = Vec::new();
    let mut awaiting_my_acceptance = Vec::new();
    for series in &state.sessions {
        let Some(name) = with_name(state, series) else {
            continue;
        };
        let is_pending = pending.contains(&series.id);
        let format = format_summary(&series.format);
        for o in sessions::occurrences(series, instant(now), instant(now + UPCOMING_DAYS * DAY_MS))
        {
            upcoming.push(UpcomingSession {
                series_id: series.id,
                relationship_id: series.relationship_id,
                occurrence_key: key_text(o.occurrence_key),
                with_name: name.clone(),
                starts: local_time(o.starts_at, &zone),
                ends: local_time(o.ends_at, &zone),
                format: format.clone(),
                status: o.status,
                series_state: series.state,
                moved: o.moved,
                pending: is_pending,
            });
        }
        if awaits_me(state, series) {
            let first = series.rules.first().and_then(|rule| {
                series
                    .occurrence(rule.start)
                    .map(|o| local_time(o.starts_at, &zone))
            });
            awaiting_my_acceptance.push(SessionProposalCard {
                series_id: series.id,
                relationship_id: series.relationship_id,
                with_name: name,
                format,
                first,
                schedule: schedule(series),
                pending: is_pending,
            });
        }
    }
    upcoming.sort_by(|a, b| {
        (a.starts.at_ms, &a.occurrence_key, a.series_id).cmp(&(
            b.starts.at_ms,
            &b.occurrence_key,
            b.series_id,
        ))
    });
    let detail = model
        .open_session
        .and_then(|open| detail(state, open, now, &zone, &pending));
    SessionsView {
        time_zone: zone,
        upcoming,
        awaiting_my_acceptance,
        detail,
    }
}

fn detail(
    state: &PersonalState,
    open: crate::app::sessions::OpenSession,
    now: TimestampMs,
    zone: &str,
    pending: &[Uuid],
) -> Option<SessionDetail> {
    let series = state.session(open.series_id)?;
    let view = state.relationship(series.relationship_id)?;
    let may = |action: &SessionAction| allowed(state, series, action, now);
    let occurrences: Vec<OccurrenceCard> = sessions::occurrences(
        series,
        instant(now - DETAIL_PAST_DAYS * DAY_MS),
        instant(now + DETAIL_AHEAD_DAYS * DAY_MS),
    )
    .into_iter()
    .map(|o| {
        let key = o.occurrence_key;
        let can_cancel = may(&SessionAction::CancelOccurrence {
            occurrence_key: key,
            reason: "-".to_owned(),
        });
        // Moving and rescheduling need the same "not started, not cancelled" occurrence as
        // cancelling it, and the match must allow planning.
        let plan = SessionAction::MoveOccurrence {
            occurrence_key: key,
            starts_at: now + DAY_MS,
        };
        let plannable = can_cancel && sessions::may_act_in(view.relationship.state, &plan);
        OccurrenceCard {
            occurrence_key: key_text(key),
            starts: local_time(o.starts_at, zone),
            ends: local_time(o.ends_at, zone),
            status: o.status,
            moved: o.moved,
            cancel_reason: series.exceptions.iter().find_map(|e| match &e.kind {
                ExceptionKind::Cancelled { reason } if e.occurrence_key == key => {
                    Some(reason.clone())
                }
                _ => None,
            }),
            can_cancel,
            can_move: plannable,
            can_reschedule_from: plannable,
            can_mark: may(&SessionAction::MarkHeld {
                occurrence_key: key,
            }),
        }
    })
    .collect();
    let selected = open
        .occurrence_key
        .map(key_text)
        .filter(|key| occurrences.iter().any(|o| &o.occurrence_key == key));
    Some(SessionDetail {
        series_id: series.id,
        relationship_id: series.relationship_id,
        with_name: view.counterpart.display_name.clone(),
        i_organised: view.my_role == series.organiser,
        format: series.format.clone(),
        format_summary: format_summary(&series.format),
        state: series.state,
        awaiting_acceptance_by: (series.state == SeriesState::Proposed).then(|| {
            if awaits_me(state, series) {
                AcceptanceBy::Me
            } else {
                AcceptanceBy::OtherPerson
            }
        }),
        cancel_reason: series.cancel_reason.clone(),
        organiser_time_zone: series.time_zone.clone(),
        schedule: schedule(series),
        can_accept: may(&SessionAction::Accept {}),
        can_cancel_series: may(&SessionAction::Cancel {
            reason: "-".to_owned(),
        }),
        occurrences,
        selected,
        pending: pending.contains(&series.id),
    })
}
