//! The reminder schedule as one pure function: [`reminders`] turns a person's relationships,
//! session series, check-ins, last contacts and settings into every reminder of the next
//! [`HORIZON_MS`] (14 days). The app core recomputes it whenever an input changes and hands the
//! whole set to the phone's notification system ("replace the scheduled notifications"), so
//! reminders fire with the app closed and no network.
//!
//! Rules:
//! - **Sessions** (accepted series of active relationships, scheduled occurrences): 24 h and 1 h
//!   before, to both participants. A moved occurrence keeps its ids and gets new times; a
//!   cancelled one has none.
//! - **No contact** (mentor, active relationships): [`NO_CONTACT_AFTER_MS`] (6 days) after the
//!   last contact (or the relationship's start if there was none).
//! - **Check-in prompt** (mentee, if enabled): at the settings' prompt time of day, on the first
//!   day a check-in is due per cadence (the next prompt time from now if already overdue), then
//!   every cadence after that, assuming no check-in is made (recording one recomputes).
//! - **Request expires soon** (mentor): [`REQUEST_NOTICE_MS`] (12 h) before `respond_by`.
//! - A reminder whose time has passed (at or before `now`) or is beyond the horizon is left out:
//!   it was already delivered or will be scheduled by a later recomputation.
//! - **Quiet hours** (local to the person's zone, may cross midnight): a reminder falling inside
//!   them moves to the end of the quiet period. A session reminder that would then fire at or
//!   after the session starts is dropped; a 24 h reminder that would fire within the last hour
//!   before the session is dropped too (the 1 h reminder covers it, so nobody gets two at once).
//! - **Ids** are derived from what a reminder is about, never from its time: `session:{series}:
//!   {occurrence key}:24h|1h`, `no-contact:{relationship}`, `request-expiring:{relationship}`,
//!   `checkin:{local date of the prompt}`. Unrelated changes keep every other id.
//! - **Discreet by default**: titles and bodies carry no names, places or content ("You have a
//!   session soon"). Only with [`ReminderSettings::show_names`] do they name the other person and
//!   the time ("Session with Jo at 18:00").

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::account::FieldError;
use crate::checkins::{CheckIn, CheckInCadence, DAY_MS};
use crate::relationship::{HOUR_MS, Relationship, RelationshipState};
use crate::sessions::{OccurrenceStatus, SeriesState, SessionSeries, occurrences};

/// How far ahead reminders are computed.
pub const HORIZON_MS: TimestampMs = 14 * DAY_MS;
/// A mentor is reminded after this long without contact.
pub const NO_CONTACT_AFTER_MS: TimestampMs = 6 * DAY_MS;
/// A mentor is reminded this long before a request expires.
pub const REQUEST_NOTICE_MS: TimestampMs = 12 * HOUR_MS;
/// Session reminders, before the start.
pub const SESSION_OFFSETS_MS: [TimestampMs; 2] = [24 * HOUR_MS, HOUR_MS];
/// Default local time of the check-in prompt (19:00).
pub const DEFAULT_PROMPT_MINUTE: u16 = 19 * 60;

const MINUTES_PER_DAY: u16 = 1440;

/// Quiet hours, `[start_minute, end_minute)` after local midnight; crosses midnight when start is
/// after end (22:00–07:00). Equal start and end means no quiet hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuietHours {
    pub start_minute: u16,
    pub end_minute: u16,
}

impl QuietHours {
    pub fn new(start_minute: u16, end_minute: u16) -> Result<Self, FieldError> {
        if start_minute >= MINUTES_PER_DAY || end_minute >= MINUTES_PER_DAY {
            return Err(FieldError::Invalid {
                field: "quiet_hours",
            });
        }
        Ok(Self {
            start_minute,
            end_minute,
        })
    }

    /// If `local` is inside quiet hours, the local date-time they end; otherwise `None`.
    pub fn end_if_inside(self, local: DateTime) -> Option<DateTime> {
        let minute =
            u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).ok()?;
        let end_time = local_time(self.end_minute)?;
        let (start, end) = (self.start_minute, self.end_minute);
        let end_day = match start.cmp(&end) {
            std::cmp::Ordering::Less => (start..end).contains(&minute).then(|| local.date())?,
            std::cmp::Ordering::Greater if minute >= start => local.date().tomorrow().ok()?,
            std::cmp::Ordering::Greater if minute < end => local.date(),
            _ => return None,
        };
        Some(end_day.to_datetime(end_time))
    }
}

fn local_time(minute: u16) -> Option<jiff::civil::Time> {
    let hour = i8::try_from(minute / 60).ok()?;
    let minute = i8::try_from(minute % 60).ok()?;
    jiff::civil::Time::new(hour, minute, 0, 0).ok()
}

/// One person's reminder settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderSettings {
    /// The person's own IANA zone: quiet hours and times in the text are read in it.
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet_hours: Option<QuietHours>,
    /// Opt-in: lock-screen text may name the other person and the time. Off by default.
    #[serde(default)]
    pub show_names: bool,
    /// Opt-in: remind the mentee to check in.
    #[serde(default)]
    pub checkin_prompt: bool,
    /// The program's check-in cadence.
    #[serde(default)]
    pub checkin_cadence: CheckInCadence,
    /// Local minute of the day for check-in prompts.
    #[serde(default = "default_prompt_minute")]
    pub checkin_prompt_minute: u16,
}

fn default_prompt_minute() -> u16 {
    DEFAULT_PROMPT_MINUTE
}

impl ReminderSettings {
    /// Discreet, no quiet hours, no check-in prompt.
    pub fn new(time_zone: &str) -> Self {
        Self {
            time_zone: time_zone.to_owned(),
            quiet_hours: None,
            show_names: false,
            checkin_prompt: false,
            checkin_cadence: CheckInCadence::default(),
            checkin_prompt_minute: DEFAULT_PROMPT_MINUTE,
        }
    }
}

/// When the two people of a relationship were last in touch (a message or a held session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastContact {
    pub relationship_id: Uuid,
    pub at: TimestampMs,
}

/// A display name the person may see (only used with [`ReminderSettings::show_names`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KnownName {
    pub person_id: Uuid,
    pub display_name: String,
}

/// Everything the schedule depends on.
#[derive(Debug, Clone, Copy)]
pub struct ReminderInputs<'a> {
    /// Whose reminders these are. Their roles follow from the relationships.
    pub person_id: Uuid,
    pub relationships: &'a [Relationship],
    pub sessions: &'a [SessionSeries],
    /// The person's own check-ins (others are ignored).
    pub checkins: &'a [CheckIn],
    pub last_contact: &'a [LastContact],
    pub names: &'a [KnownName],
    pub settings: &'a ReminderSettings,
    pub now: TimestampMs,
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReminderKind {
    Session {
        series_id: Uuid,
        /// 24 or 1.
        hours_before: u8,
    },
    NoContact {
        relationship_id: Uuid,
    },
    CheckInPrompt,
    RequestExpiring {
        relationship_id: Uuid,
    },
}

/// One notification for the phone to schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reminder {
    /// Stable: derived from what it is about (see the module docs).
    pub id: String,
    pub kind: ReminderKind,
    pub fire_at: TimestampMs,
    /// Lock-screen title and body.
    pub title: String,
    pub body: String,
}

const DISCREET_TITLE: &str = "Reminder";
const NAMED_TITLE: &str = "Beacon";

struct Context<'a> {
    inputs: &'a ReminderInputs<'a>,
    tz: TimeZone,
    out: Vec<Reminder>,
}

impl Context<'_> {
    fn local(&self, instant: TimestampMs) -> Option<DateTime> {
        Timestamp::from_millisecond(instant)
            .ok()
            .map(|ts| self.tz.to_datetime(ts))
    }

    /// Moves `fire_at` out of quiet hours (to their end).
    fn after_quiet_hours(&self, fire_at: TimestampMs) -> TimestampMs {
        let Some(quiet) = self.inputs.settings.quiet_hours else {
            return fire_at;
        };
        self.local(fire_at)
            .and_then(|local| quiet.end_if_inside(local))
            .and_then(|end| self.tz.to_timestamp(end).ok())
            .map_or(fire_at, |end| end.as_millisecond().max(fire_at))
    }

    fn in_horizon(&self, fire_at: TimestampMs) -> bool {
        fire_at > self.inputs.now && fire_at <= self.inputs.now + HORIZON_MS
    }

    fn name_of(&self, person_id: Uuid) -> Option<&str> {
        self.inputs
            .names
            .iter()
            .find(|n| n.person_id == person_id)
            .map(|n| n.display_name.as_str())
            .filter(|n| !n.trim().is_empty())
    }

    fn hh_mm(&self, instant: TimestampMs) -> String {
        self.local(instant).map_or_else(String::new, |l| {
            format!("{:02}:{:02}", l.hour(), l.minute())
        })
    }

    /// "today", "tomorrow" or "on 31 March", seen from `fire_at`.
    fn day_word(&self, fire_at: TimestampMs, starts_at: TimestampMs) -> String {
        let (Some(fire), Some(start)) = (self.local(fire_at), self.local(starts_at)) else {
            return String::new();
        };
        if fire.date() == start.date() {
            "today".to_owned()
        } else if fire.date().tomorrow().ok() == Some(start.date()) {
            "tomorrow".to_owned()
        } else {
            format!("on {}", start.date().strftime("%-d %B"))
        }
    }

    fn push(
        &mut self,
        id: String,
        kind: ReminderKind,
        fire_at: TimestampMs,
        text: (String, String),
    ) {
        self.out.push(Reminder {
            id,
            kind,
            fire_at,
            title: text.0,
            body: text.1,
        });
    }
}

/// Every upcoming reminder for `inputs.person_id`, sorted by fire time then id. Pure: the same
/// inputs always give the same set. An unknown time zone in the settings falls back to UTC.
pub fn reminders(inputs: &ReminderInputs<'_>) -> Vec<Reminder> {
    let mut cx = Context {
        inputs,
        tz: TimeZone::get(&inputs.settings.time_zone).unwrap_or(TimeZone::UTC),
        out: Vec::new(),
    };
    let me = inputs.person_id;
    for relationship in inputs.relationships {
        let as_mentor = relationship.mentor_id == me;
        if !as_mentor && relationship.mentee_id != me {
            continue;
        }
        if relationship.state == RelationshipState::Active {
            session_reminders(&mut cx, relationship);
            if as_mentor {
                no_contact_reminder(&mut cx, relationship);
            }
        }
        if as_mentor && relationship.state == RelationshipState::Requested {
            request_reminder(&mut cx, relationship);
        }
    }
    checkin_prompts(&mut cx);
    let mut out = cx.out;
    out.sort_by(|a, b| (a.fire_at, &a.id).cmp(&(b.fire_at, &b.id)));
    out
}

fn counterpart(relationship: &Relationship, me: Uuid) -> (Uuid, &'static str) {
    if relationship.mentor_id == me {
        (relationship.mentee_id, "your mentee")
    } else {
        (relationship.mentor_id, "your mentor")
    }
}

fn session_reminders(cx: &mut Context<'_>, relationship: &Relationship) {
    let now = cx.inputs.now;
    let (Ok(from), Ok(to)) = (
        Timestamp::from_millisecond(now),
        Timestamp::from_millisecond(now + HORIZON_MS + SESSION_OFFSETS_MS[0] + HOUR_MS),
    ) else {
        return;
    };
    let (other, _) = counterpart(relationship, cx.inputs.person_id);
    let name = cx.name_of(other).map(str::to_owned);
    for series in cx
        .inputs
        .sessions
        .iter()
        .filter(|s| s.relationship_id == relationship.id && s.state == SeriesState::Accepted)
    {
        for occurrence in occurrences(series, from, to) {
            if occurrence.status != OccurrenceStatus::Scheduled || occurrence.starts_at <= now {
                continue;
            }
            for offset in SESSION_OFFSETS_MS {
                let fire_at = cx.after_quiet_hours(occurrence.starts_at - offset);
                let latest = if offset > HOUR_MS {
                    occurrence.starts_at - HOUR_MS
                } else {
                    occurrence.starts_at
                };
                if fire_at >= latest || !cx.in_horizon(fire_at) {
                    continue;
                }
                let hours = offset / HOUR_MS;
                let day = cx.day_word(fire_at, occurrence.starts_at);
                let text = match (&name, cx.inputs.settings.show_names) {
                    (Some(name), true) => {
                        let at = cx.hh_mm(occurrence.starts_at);
                        let when = if day == "today" {
                            format!("at {at}")
                        } else {
                            format!("{day} at {at}")
                        };
                        (
                            NAMED_TITLE.to_owned(),
                            format!("Session with {name} {when}"),
                        )
                    }
                    _ if offset > HOUR_MS => (
                        DISCREET_TITLE.to_owned(),
                        format!("You have a session {day}"),
                    ),
                    _ => (
                        DISCREET_TITLE.to_owned(),
                        "You have a session soon".to_owned(),
                    ),
                };
                cx.push(
                    format!(
                        "session:{}:{}:{hours}h",
                        series.id, occurrence.occurrence_key
                    ),
                    ReminderKind::Session {
                        series_id: series.id,
                        hours_before: u8::try_from(hours).unwrap_or(u8::MAX),
                    },
                    fire_at,
                    text,
                );
            }
        }
    }
}

fn no_contact_reminder(cx: &mut Context<'_>, relationship: &Relationship) {
    let last = cx
        .inputs
        .last_contact
        .iter()
        .filter(|c| c.relationship_id == relationship.id)
        .map(|c| c.at)
        .max()
        .or(relationship.activated_at)
        .unwrap_or(relationship.requested_at);
    let fire_at = cx.after_quiet_hours(last + NO_CONTACT_AFTER_MS);
    if !cx.in_horizon(fire_at) {
        return;
    }
    let text = match cx.name_of(relationship.mentee_id) {
        Some(name) if cx.inputs.settings.show_names => (
            NAMED_TITLE.to_owned(),
            format!("No contact with {name} for 6 days"),
        ),
        _ => (
            DISCREET_TITLE.to_owned(),
            "It may be a good moment to get in touch".to_owned(),
        ),
    };
    cx.push(
        format!("no-contact:{}", relationship.id),
        ReminderKind::NoContact {
            relationship_id: relationship.id,
        },
        fire_at,
        text,
    );
}

fn request_reminder(cx: &mut Context<'_>, relationship: &Relationship) {
    let fire_at = cx.after_quiet_hours(relationship.respond_by - REQUEST_NOTICE_MS);
    if !cx.in_horizon(fire_at) || fire_at >= relationship.respond_by {
        return;
    }
    let text = match cx.name_of(relationship.mentee_id) {
        Some(name) if cx.inputs.settings.show_names => (
            NAMED_TITLE.to_owned(),
            format!(
                "{name}'s request expires at {}",
                cx.hh_mm(relationship.respond_by)
            ),
        ),
        _ => (
            DISCREET_TITLE.to_owned(),
            "Something is waiting for your answer".to_owned(),
        ),
    };
    cx.push(
        format!("request-expiring:{}", relationship.id),
        ReminderKind::RequestExpiring {
            relationship_id: relationship.id,
        },
        fire_at,
        text,
    );
}

fn checkin_prompts(cx: &mut Context<'_>) {
    let inputs = cx.inputs;
    let me = inputs.person_id;
    if !inputs.settings.checkin_prompt {
        return;
    }
    let Some(started) = inputs
        .relationships
        .iter()
        .filter(|r| r.mentee_id == me && r.state == RelationshipState::Active)
        .map(|r| r.activated_at.unwrap_or(r.requested_at))
        .min()
    else {
        return;
    };
    let last = inputs
        .checkins
        .iter()
        .filter(|c| c.mentee_id == me)
        .map(|c| c.at)
        .max()
        .unwrap_or(started);
    let cadence = inputs.settings.checkin_cadence;
    let due = (last + cadence.as_ms()).max(inputs.now + 1);
    let Some(time) = local_time(inputs.settings.checkin_prompt_minute % MINUTES_PER_DAY) else {
        return;
    };
    let Some(due_local) = cx.local(due) else {
        return;
    };
    let mut day = due_local.date();
    if due_local.time() > time {
        let Ok(next) = day.tomorrow() else { return };
        day = next;
    }
    let step = jiff::Span::new().days(i64::from(cadence.days()));
    loop {
        let Some(prompt) = cx
            .tz
            .to_timestamp(day.to_datetime(time))
            .ok()
            .map(Timestamp::as_millisecond)
        else {
            return;
        };
        if prompt > inputs.now + HORIZON_MS {
            return;
        }
        let fire_at = cx.after_quiet_hours(prompt);
        if cx.in_horizon(fire_at) {
            cx.push(
                format!("checkin:{day}"),
                ReminderKind::CheckInPrompt,
                fire_at,
                (
                    DISCREET_TITLE.to_owned(),
                    "How are you doing today?".to_owned(),
                ),
            );
        }
        let Ok(next) = day.checked_add(step) else {
            return;
        };
        day = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relationship::{Agreement, Cadence, ResponseWindow};
    use crate::sessions::{
        LocalDateTime, Recurrence, SessionAction, SessionFormat, apply, local_to_instant,
    };
    use jiff::civil::datetime;

    const LONDON: &str = "Europe/London";
    const NEW_YORK: &str = "America/New_York";
    const MENTEE: Uuid = Uuid::from_u128(0xA);
    const MENTOR: Uuid = Uuid::from_u128(0xB);
    const REL: Uuid = Uuid::from_u128(0x1);
    const SERIES: Uuid = Uuid::from_u128(0x7);

    fn at(local: LocalDateTime, zone: &str) -> TimestampMs {
        local_to_instant(&TimeZone::get(zone).unwrap(), local).unwrap()
    }

    fn london(month: i8, day: i8, hour: i8, minute: i8) -> TimestampMs {
        at(datetime(2026, month, day, hour, minute, 0, 0), LONDON)
    }

    /// Monday 2 March 2026, 09:00 London.
    fn now() -> TimestampMs {
        london(3, 2, 9, 0)
    }

    fn relationship(state: RelationshipState) -> Relationship {
        let mut r = Relationship::request(
            REL,
            Uuid::from_u128(100),
            MENTEE,
            MENTOR,
            Agreement::standard(1, Cadence::Weekly),
            ResponseWindow::default(),
            london(2, 20, 10, 0),
        )
        .unwrap();
        r.state = state;
        if state == RelationshipState::Active {
            r.activated_at = Some(london(2, 27, 10, 0));
        }
        r
    }

    fn series(id: u128, start: LocalDateTime, recurrence: Recurrence) -> SessionSeries {
        let proposed = SessionSeries::propose(
            Uuid::from_u128(id),
            REL,
            Actor::Mentor,
            SessionFormat::InPerson {
                place: "Café Jo-Sam".into(),
            },
            LONDON,
            start,
            60,
            recurrence,
        )
        .unwrap();
        apply(&proposed, Actor::Mentee, &SessionAction::Accept {}, 0).unwrap()
    }

    use crate::relationship::Actor;

    /// Tuesdays 18:00 London from 3 March 2026.
    fn tuesdays() -> SessionSeries {
        series(7, datetime(2026, 3, 3, 18, 0, 0, 0), Recurrence::Weekly)
    }

    fn names() -> Vec<KnownName> {
        vec![
            KnownName {
                person_id: MENTEE,
                display_name: "Jo".into(),
            },
            KnownName {
                person_id: MENTOR,
                display_name: "Sam".into(),
            },
        ]
    }

    struct World {
        person: Uuid,
        relationships: Vec<Relationship>,
        sessions: Vec<SessionSeries>,
        checkins: Vec<CheckIn>,
        last_contact: Vec<LastContact>,
        names: Vec<KnownName>,
        settings: ReminderSettings,
        now: TimestampMs,
    }

    impl World {
        fn mentor() -> Self {
            Self {
                person: MENTOR,
                relationships: vec![relationship(RelationshipState::Active)],
                sessions: vec![tuesdays()],
                checkins: Vec::new(),
                last_contact: vec![LastContact {
                    relationship_id: REL,
                    at: london(3, 1, 12, 0),
                }],
                names: names(),
                settings: ReminderSettings::new(LONDON),
                now: now(),
            }
        }

        fn mentee() -> Self {
            let mut settings = ReminderSettings::new(LONDON);
            settings.checkin_prompt = true;
            Self {
                person: MENTEE,
                settings,
                ..Self::mentor()
            }
        }

        fn run(&self) -> Vec<Reminder> {
            reminders(&ReminderInputs {
                person_id: self.person,
                relationships: &self.relationships,
                sessions: &self.sessions,
                checkins: &self.checkins,
                last_contact: &self.last_contact,
                names: &self.names,
                settings: &self.settings,
                now: self.now,
            })
        }

        /// (id, fire time in the person's zone) pairs.
        fn plan(&self) -> Vec<(String, String)> {
            self.run()
                .into_iter()
                .map(|r| {
                    let local = crate::sessions::in_zone(r.fire_at, &self.settings.time_zone)
                        .unwrap()
                        .strftime("%m-%d %H:%M")
                        .to_string();
                    (r.id, local)
                })
                .collect()
        }
    }

    fn session_id(series: Uuid, key: &str, hours: u8) -> String {
        format!("session:{series}:2026-{key}:00:{hours}h")
    }

    fn entry(id: String, local: &str) -> (String, String) {
        (id, local.to_owned())
    }

    fn base_mentor_plan() -> Vec<(String, String)> {
        vec![
            entry(session_id(SERIES, "03-03T18:00", 24), "03-02 18:00"),
            entry(session_id(SERIES, "03-03T18:00", 1), "03-03 17:00"),
            entry(format!("no-contact:{REL}"), "03-07 12:00"),
            entry(session_id(SERIES, "03-10T18:00", 24), "03-09 18:00"),
            entry(session_id(SERIES, "03-10T18:00", 1), "03-10 17:00"),
        ]
    }

    #[test]
    fn the_mentor_gets_session_and_no_contact_reminders_for_the_next_14_days() {
        let world = World::mentor();
        assert_eq!(world.plan(), base_mentor_plan());
        let all = world.run();
        assert!(all.iter().all(|r| r.title == "Reminder"));
        assert_eq!(all[0].body, "You have a session tomorrow");
        assert_eq!(all[1].body, "You have a session soon");
        assert_eq!(all[2].body, "It may be a good moment to get in touch");
        assert_eq!(
            all[0].kind,
            ReminderKind::Session {
                series_id: SERIES,
                hours_before: 24
            }
        );
        // Recomputing with nothing changed gives exactly the same set.
        assert_eq!(world.run(), all);
    }

    #[test]
    fn recomputation_after_a_new_session_adds_only_its_reminders() {
        let mut world = World::mentor();
        world.sessions.push(series(
            8,
            datetime(2026, 3, 5, 12, 0, 0, 0),
            Recurrence::Once,
        ));
        let mut expected = base_mentor_plan();
        let added = Uuid::from_u128(8);
        expected.insert(2, entry(session_id(added, "03-05T12:00", 1), "03-05 11:00"));
        expected.insert(
            2,
            entry(session_id(added, "03-05T12:00", 24), "03-04 12:00"),
        );
        assert_eq!(world.plan(), expected);
    }

    #[test]
    fn recomputation_after_a_cancelled_or_moved_occurrence() {
        let key = datetime(2026, 3, 10, 18, 0, 0, 0);
        let mut world = World::mentor();
        world.sessions[0] = apply(
            &tuesdays(),
            Actor::Mentee,
            &SessionAction::CancelOccurrence {
                occurrence_key: key,
                reason: "Jo is away".into(),
            },
            now(),
        )
        .unwrap();
        let expected: Vec<_> = base_mentor_plan()
            .into_iter()
            .filter(|(id, _)| !id.contains("03-10"))
            .collect();
        assert_eq!(world.plan(), expected);
        assert!(world.run().iter().all(|r| !r.body.contains("away")));

        world.sessions[0] = apply(
            &tuesdays(),
            Actor::Mentee,
            &SessionAction::MoveOccurrence {
                occurrence_key: key,
                starts_at: london(3, 11, 19, 0),
            },
            now(),
        )
        .unwrap();
        let mut expected = base_mentor_plan();
        expected[3].1 = "03-10 19:00".into();
        expected[4].1 = "03-11 18:00".into();
        assert_eq!(world.plan(), expected);
    }

    #[test]
    fn recomputation_after_contact_moves_only_the_no_contact_reminder() {
        let mut world = World::mentor();
        world.last_contact.push(LastContact {
            relationship_id: REL,
            at: london(3, 3, 20, 0),
        });
        let mut expected = base_mentor_plan();
        let no_contact = expected.remove(2);
        expected.insert(3, (no_contact.0, "03-09 20:00".into()));
        assert_eq!(world.plan(), expected);
        // Without any contact yet, it counts from the relationship's start (27 Feb, 10:00).
        world.last_contact.clear();
        let plan = world.plan();
        assert!(plan.contains(&entry(format!("no-contact:{REL}"), "03-05 10:00")));
        // Already overdue: nothing to schedule (it was delivered when it fell due).
        world.last_contact.push(LastContact {
            relationship_id: REL,
            at: london(2, 20, 10, 0),
        });
        assert!(
            world
                .plan()
                .iter()
                .all(|(id, _)| !id.starts_with("no-contact"))
        );
    }

    #[test]
    fn the_mentee_gets_session_reminders_and_check_in_prompts_that_follow_check_ins() {
        let mut world = World::mentee();
        let prompts = |world: &World| -> Vec<(String, String)> {
            world
                .plan()
                .into_iter()
                .filter(|(id, _)| id.starts_with("checkin:"))
                .collect()
        };
        // Active since 27 Feb 10:00, every 3 days, at 19:00: due 2 March.
        let expected_prompts = vec![
            entry("checkin:2026-03-02".into(), "03-02 19:00"),
            entry("checkin:2026-03-05".into(), "03-05 19:00"),
            entry("checkin:2026-03-08".into(), "03-08 19:00"),
            entry("checkin:2026-03-11".into(), "03-11 19:00"),
            entry("checkin:2026-03-14".into(), "03-14 19:00"),
        ];
        assert_eq!(prompts(&world), expected_prompts);
        let sessions: Vec<_> = world
            .plan()
            .into_iter()
            .filter(|(id, _)| id.starts_with("session:"))
            .collect();
        let mut expected_sessions = base_mentor_plan();
        expected_sessions.remove(2);
        assert_eq!(
            sessions, expected_sessions,
            "both participants are reminded"
        );
        assert!(
            world
                .plan()
                .iter()
                .all(|(id, _)| !id.starts_with("no-contact"))
        );

        // A check-in this morning: today's prompt goes, the others keep their ids.
        world.checkins.push(
            CheckIn::new(
                Uuid::from_u128(50),
                MENTEE,
                london(3, 2, 8, 0),
                4,
                None,
                false,
            )
            .unwrap(),
        );
        assert_eq!(prompts(&world), expected_prompts[1..]);
        // Someone else's check-in does not count.
        world.checkins[0].mentee_id = MENTOR;
        assert_eq!(prompts(&world), expected_prompts);
        // Overdue: the next prompt is at the next 19:00 after now.
        world.checkins[0] = CheckIn::new(
            Uuid::from_u128(50),
            MENTEE,
            london(2, 10, 8, 0),
            4,
            None,
            true,
        )
        .unwrap();
        assert_eq!(prompts(&world), expected_prompts);
        // Disabled: none.
        world.settings.checkin_prompt = false;
        assert!(prompts(&world).is_empty());
    }

    #[test]
    fn recomputation_after_settings_changes_keeps_ids() {
        let mut world = World::mentor();
        world.settings.show_names = true;
        let named = world.run();
        let base = World::mentor().run();
        let ids = |rs: &[Reminder]| {
            rs.iter()
                .map(|r| (r.id.clone(), r.fire_at))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&named), ids(&base));
        assert_eq!(named[0].title, "Beacon");
        assert_eq!(named[0].body, "Session with Jo tomorrow at 18:00");
        assert_eq!(named[1].body, "Session with Jo at 18:00");
        assert_eq!(named[2].body, "No contact with Jo for 6 days");

        // Quiet 17:00–19:00: the 24 h reminders move to 19:00; the 1 h ones would land after
        // the session has started, so they are dropped.
        world.settings.quiet_hours = Some(QuietHours::new(17 * 60, 19 * 60).unwrap());
        assert_eq!(
            world.plan(),
            vec![
                entry(session_id(SERIES, "03-03T18:00", 24), "03-02 19:00"),
                entry(format!("no-contact:{REL}"), "03-07 12:00"),
                entry(session_id(SERIES, "03-10T18:00", 24), "03-09 19:00"),
            ]
        );
    }

    #[test]
    fn quiet_hours_across_midnight() {
        let quiet = QuietHours::new(22 * 60, 7 * 60).unwrap();
        let d = |day, h, m| datetime(2026, 3, day, h, m, 0, 0);
        assert_eq!(quiet.end_if_inside(d(2, 23, 0)), Some(d(3, 7, 0)));
        assert_eq!(quiet.end_if_inside(d(2, 22, 0)), Some(d(3, 7, 0)));
        assert_eq!(quiet.end_if_inside(d(3, 6, 59)), Some(d(3, 7, 0)));
        assert_eq!(quiet.end_if_inside(d(3, 7, 0)), None);
        assert_eq!(quiet.end_if_inside(d(3, 21, 59)), None);
        let lunch = QuietHours::new(13 * 60, 14 * 60).unwrap();
        assert_eq!(lunch.end_if_inside(d(3, 13, 30)), Some(d(3, 14, 0)));
        assert_eq!(lunch.end_if_inside(d(3, 23, 30)), None);
        assert_eq!(
            QuietHours::new(600, 600)
                .unwrap()
                .end_if_inside(d(3, 10, 0)),
            None
        );
        assert!(QuietHours::new(1440, 0).is_err());

        let mut world = World::mentor();
        world.settings.quiet_hours = Some(quiet);
        world.sessions = vec![
            series(9, datetime(2026, 3, 4, 7, 30, 0, 0), Recurrence::Weekly),
            series(10, datetime(2026, 3, 5, 6, 30, 0, 0), Recurrence::Once),
        ];
        world.last_contact[0].at = london(3, 1, 23, 30);
        let (wed, thu) = (Uuid::from_u128(9), Uuid::from_u128(10));
        assert_eq!(
            world.plan(),
            vec![
                entry(session_id(wed, "03-04T07:30", 24), "03-03 07:30"),
                entry(session_id(wed, "03-04T07:30", 1), "03-04 07:00"),
                entry(session_id(thu, "03-05T06:30", 24), "03-04 07:00"),
                // Thursday's 1 h reminder would be at 07:00, after the 06:30 start: dropped.
                entry(format!("no-contact:{REL}"), "03-08 07:00"),
                entry(session_id(wed, "03-11T07:30", 24), "03-10 07:30"),
                entry(session_id(wed, "03-11T07:30", 1), "03-11 07:00"),
            ]
        );
    }

    #[test]
    fn quiet_hours_end_is_local_on_the_night_the_clocks_change() {
        let mut world = World::mentor();
        world.settings.quiet_hours = Some(QuietHours::new(22 * 60, 7 * 60).unwrap());
        world.sessions.clear();
        world.now = london(3, 25, 9, 0);
        world.last_contact[0].at = london(3, 22, 23, 30);
        let all = world.run();
        assert_eq!(all.len(), 1);
        // Sunday 29 March 07:00 BST is 06:00 UTC.
        assert_eq!(all[0].fire_at, at(datetime(2026, 3, 29, 6, 0, 0, 0), "UTC"));
    }

    #[test]
    fn a_new_york_mentee_sees_a_london_session_at_the_right_local_time_in_dst_weeks() {
        let mut world = World::mentee();
        world.settings = ReminderSettings::new(NEW_YORK);
        world.settings.show_names = true;
        let bodies = |world: &World| -> Vec<(String, String)> {
            world
                .plan()
                .into_iter()
                .zip(world.run())
                .map(|((_, local), r)| (local, r.body))
                .collect()
        };
        assert_eq!(
            bodies(&world),
            vec![
                (
                    "03-02 13:00".into(),
                    "Session with Sam tomorrow at 13:00".into()
                ),
                ("03-03 12:00".into(), "Session with Sam at 13:00".into()),
                // New York has sprung forward, London has not: 14:00 in New York.
                (
                    "03-09 14:00".into(),
                    "Session with Sam tomorrow at 14:00".into()
                ),
                ("03-10 13:00".into(), "Session with Sam at 14:00".into()),
            ]
        );
        world.now = london(3, 23, 9, 0);
        assert_eq!(
            bodies(&world),
            vec![
                (
                    "03-23 14:00".into(),
                    "Session with Sam tomorrow at 14:00".into()
                ),
                ("03-24 13:00".into(), "Session with Sam at 14:00".into()),
                // Both have changed: back to 13:00 in New York, still 18:00 in London.
                (
                    "03-30 13:00".into(),
                    "Session with Sam tomorrow at 13:00".into()
                ),
                ("03-31 12:00".into(), "Session with Sam at 13:00".into()),
            ]
        );
        let all = world.run();
        assert_eq!(
            all[3].fire_at,
            at(datetime(2026, 3, 31, 16, 0, 0, 0), "UTC")
        );
    }

    #[test]
    fn a_request_that_expires_soon_reminds_the_mentor_only() {
        let mut world = World::mentor();
        world.sessions.clear();
        let mut request = relationship(RelationshipState::Requested);
        request.id = Uuid::from_u128(2);
        request.respond_by = london(3, 4, 20, 0);
        world.relationships = vec![request];
        let all = world.run();
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].id,
            format!("request-expiring:{}", Uuid::from_u128(2))
        );
        assert_eq!(all[0].fire_at, london(3, 4, 8, 0));
        assert_eq!(all[0].body, "Something is waiting for your answer");
        world.settings.show_names = true;
        assert_eq!(world.run()[0].body, "Jo's request expires at 20:00");
        // Quiet until 09:00: still before it expires, so it moves.
        world.settings.quiet_hours = Some(QuietHours::new(0, 9 * 60).unwrap());
        assert_eq!(world.run()[0].fire_at, london(3, 4, 9, 0));
        // Less than 12 h left: already past its time.
        world.now = london(3, 4, 10, 0);
        assert!(world.run().is_empty());
        world.now = now();
        world.person = MENTEE;
        assert!(world.run().is_empty());
    }

    #[test]
    fn paused_closed_and_unrelated_relationships_and_proposed_sessions_give_nothing() {
        for state in [RelationshipState::Paused, RelationshipState::Closed] {
            let mut world = World::mentor();
            world.relationships = vec![relationship(state)];
            assert!(world.run().is_empty(), "{state}");
        }
        let mut world = World::mentor();
        world.person = Uuid::from_u128(0xC);
        assert!(world.run().is_empty());
        let mut world = World::mentor();
        world.sessions[0].state = SeriesState::Proposed;
        assert_eq!(world.plan().len(), 1);
    }

    #[test]
    fn discreet_text_never_names_anyone_or_says_where() {
        let mut worlds = vec![World::mentor(), World::mentee()];
        let mut request = World::mentor();
        let mut r = relationship(RelationshipState::Requested);
        r.respond_by = london(3, 4, 20, 0);
        request.relationships.push(r);
        worlds.push(request);
        let mut quiet = World::mentee();
        quiet.settings.quiet_hours = Some(QuietHours::new(17 * 60, 8 * 60).unwrap());
        worlds.push(quiet);
        for world in &worlds {
            let all = world.run();
            assert!(!all.is_empty());
            for r in all {
                for text in [&r.title, &r.body] {
                    for secret in ["Jo", "Sam", "Café", "18:00", "away"] {
                        assert!(!text.contains(secret), "{text:?} contains {secret}");
                    }
                }
            }
        }
        // Opting in without a known name falls back to discreet text.
        let mut world = World::mentor();
        world.settings.show_names = true;
        world.names.clear();
        assert_eq!(world.run()[1].body, "You have a session soon");
    }
}
