//! Sessions on the device: proposing a series and acting on one (accept, reschedule, move or
//! cancel one occurrence, cancel the series, mark held or missed), offline too. Start at
//! [`update`] (events from the shell) and [`check`] (the domain's rules, before anything is
//! queued).
//!
//! Proposals and actions travel as sync mutations (see [`super::sync`]); until the server
//! confirms them, [`super::state::PersonalState::apply_pending`] shows their effect. A refused
//! action is explained at once with a notice and nothing is queued: the same
//! `domain::sessions::apply` the server runs decides, at the time the change is stamped.
//!
//! Times: a series lives in its organiser's IANA zone; the view shows every occurrence in the
//! device's own zone ([`Model::time_zone`], set by the shell with `TimeZoneChanged`).

use crux_core::{Command, render::render};
use domain::TimestampMs;
use domain::relationship::Actor;
use domain::sessions::{
    self, LocalDateTime, MAX_CANCEL_REASON_CHARS, MAX_DURATION_MINUTES, MAX_LINK_CHARS,
    MAX_PLACE_CHARS, MIN_DURATION_MINUTES, Recurrence, SessionAction, SessionFormat,
};
use domain::wire::v1::MutationBody;
use uuid::Uuid;

use crate::effects::Effect;

use super::state::PersonalState;
use super::{Event, Model, sync};

/// The zone times are shown in when the shell has not said (or said something unknown).
pub const DEFAULT_TIME_ZONE: &str = "UTC";

/// Which series (and optionally which occurrence of it) is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenSession {
    pub series_id: Uuid,
    pub occurrence_key: Option<LocalDateTime>,
}

/// Parses a local date-time as typed or picked: `2026-03-10T18:00`, with or without seconds.
pub fn parse_local(text: &str) -> Option<LocalDateTime> {
    text.trim().parse().ok()
}

pub fn update(event: Event, model: &mut Model) -> Command<Effect, Event> {
    match event {
        Event::ProposeSession {
            relationship_id,
            format,
            start,
            time_zone,
            duration_minutes,
            recurrence,
        } => {
            let Some(start) = parse_local(&start) else {
                model.notice = Some("Choose a date and time for the session.".to_owned());
                return render();
            };
            let time_zone = time_zone.unwrap_or_else(|| model.time_zone().to_owned());
            // The series id is minted when the mutation is stamped.
            sync::queue(
                model,
                MutationBody::ProposeSession {
                    series_id: Uuid::nil(),
                    relationship_id,
                    format,
                    time_zone,
                    start,
                    duration_minutes,
                    recurrence,
                },
            )
        }
        Event::ActOnSession { series_id, action } => {
            sync::queue(model, MutationBody::ActOnSession { series_id, action })
        }
        Event::OpenSession {
            series_id,
            occurrence_key,
        } => {
            let occurrence_key = occurrence_key.as_deref().and_then(parse_local);
            model.open_session = Some(OpenSession {
                series_id,
                occurrence_key,
            });
            render()
        }
        Event::CloseSession => {
            model.open_session = None;
            render()
        }
        Event::TimeZoneChanged { time_zone } => {
            if sessions::time_zone(&time_zone).is_err() {
                // Refused: times (and reminders) stay in the zone they were in.
                model.notice = Some(format!(
                    "Beacon doesn't know this device's time zone; times stay in {}.",
                    model.time_zone()
                ));
                return render();
            }
            if model.time_zone.as_deref() == Some(time_zone.as_str()) {
                return Command::done();
            }
            model.time_zone = Some(time_zone);
            // Quiet hours and prompt times are local: the reminders move with the zone.
            super::reminders::refresh(model).and(render())
        }
        _ => Command::done(),
    }
}

fn field_message(field: &str) -> String {
    match field {
        "time_zone" => "Choose a valid time zone for the session.".to_owned(),
        "format.link" => format!(
            "Use an https:// link (at most {MAX_LINK_CHARS} characters) for a video session."
        ),
        "format.place" => {
            format!("Say where you'll meet, in at most {MAX_PLACE_CHARS} characters.")
        }
        "duration_minutes" => format!(
            "A session lasts from {MIN_DURATION_MINUTES} minutes to {} hours.",
            MAX_DURATION_MINUTES / 60
        ),
        "reason" => {
            format!(
                "Give a reason (at most {MAX_CANCEL_REASON_CHARS} characters): the other person sees it."
            )
        }
        _ => "This session can't be planned like that.".to_owned(),
    }
}

/// A domain refusal as a sentence.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}

/// Checks a session mutation against the person's current state with the rules the server will
/// apply (`domain::sessions`), returning it normalised, or a sentence saying why not.
pub fn check(
    state: &PersonalState,
    body: MutationBody,
    now_ms: TimestampMs,
) -> Result<MutationBody, String> {
    let body = body.validated().map_err(|e| field_message(e.field()))?;
    match &body {
        MutationBody::ProposeSession {
            relationship_id, ..
        } => {
            let Some(view) = state.relationship(*relationship_id) else {
                return Err("That relationship isn't one of yours.".to_owned());
            };
            if !sessions::may_propose_in(view.relationship.state) {
                return Err("Sessions can be planned once the match is active (and not while it is paused).".to_owned());
            }
        }
        MutationBody::ActOnSession { series_id, action } => {
            let Some(series) = state.session(*series_id) else {
                return Err("That session isn't one of yours.".to_owned());
            };
            let Some(view) = state.relationship(series.relationship_id) else {
                return Err("That session isn't one of yours.".to_owned());
            };
            if !sessions::may_act_in(view.relationship.state, action) {
                return Err(
                    "Not now: sessions are planned in an active match, and while it is paused they can only be called off or marked."
                        .to_owned(),
                );
            }
            sessions::apply(series, view.my_role, action, now_ms)
                .map_err(|e| sentence(&e.to_string()))?;
        }
        _ => {}
    }
    Ok(body)
}

/// Whether `action` by the person would be accepted now (relationship state and series rules).
pub fn allowed(
    state: &PersonalState,
    series: &sessions::SessionSeries,
    action: &SessionAction,
    now_ms: TimestampMs,
) -> bool {
    let Some(view) = state.relationship(series.relationship_id) else {
        return false;
    };
    sessions::may_act_in(view.relationship.state, action)
        && sessions::apply(series, view.my_role, action, now_ms).is_ok()
}

/// A short, human summary of how the two meet.
pub fn format_summary(format: &SessionFormat) -> String {
    match format {
        SessionFormat::InPerson { place } => format!("In person at {place}"),
        SessionFormat::Phone => "Phone call".to_owned(),
        SessionFormat::Video { .. } => "Video call".to_owned(),
        SessionFormat::Messaging => "In messages".to_owned(),
    }
}

/// How a rule repeats, in words.
pub fn recurrence_summary(recurrence: Recurrence) -> &'static str {
    match recurrence {
        Recurrence::Once => "Once",
        Recurrence::Weekly => "Every week",
        Recurrence::Fortnightly => "Every two weeks",
        Recurrence::Monthly => "Every month",
    }
}

/// Whether the person is the one who must accept `series` (it is proposed by the other member).
pub fn awaits_me(state: &PersonalState, series: &sessions::SessionSeries) -> bool {
    series.state == sessions::SeriesState::Proposed
        && state
            .role_in(series)
            .is_some_and(|role| role != series.organiser && role != Actor::System)
}
