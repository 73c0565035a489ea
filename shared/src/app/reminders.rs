//! Reminders on the device. The schedule is [`domain::reminders::reminders`] (the rules live
//! there); this module only gathers its inputs from the model and hands the result to the phone's
//! notification system with one "replace the scheduled notifications" effect
//! ([`NotificationOperation::Replace`]) — only when the computed set differs from the last one
//! handed over, so the platform is called exactly once per change.
//!
//! Start here: [`compute`] (what goes into the schedule) and [`refresh`] / [`refresh_now`] (when
//! it is recomputed).
//!
//! - **Inputs** ([`compute`]): the person's relationships, session series and own check-ins from
//!   the effective (optimistic) state, last contact per relationship (the newest message in the
//!   conversation summaries, a message queued on this device, a held session), the counterparts'
//!   names (only when the person turned discreet notifications off), the synced settings, the
//!   device's time zone ([`Model::time_zone`]) and the clock.
//! - **When**: a session starts (restore or sign-in), every pull applied, every change the person
//!   queues (applied optimistically: check-in, session, settings …), a rejected change dropped,
//!   the conversation list reloaded, the time zone changed, the program's check-in cadence
//!   changed (fresh program information), and every [`REFRESH_EVERY`] because
//!   reminders expire with time. Every recomputation reads the clock first through the reminders'
//!   own [`Event::RemindersDue`] → [`Event::RemindersClock`]; a change the person just made was
//!   stamped by the clock already, so [`refresh_now`] computes at once.
//! - Nothing is computed until the first clock reading of a session has arrived; signing out (or
//!   starting signed out) replaces the set with nothing, so no reminder outlives its session.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crux_core::{Command, render::render};
use crux_time::{Time, TimerOutcome};
use domain::TimestampMs;
use domain::checkins::{CheckIn, CheckInCadence};
use domain::relationship::Relationship;
use domain::reminders::{KnownName, LastContact, ReminderInputs, ReminderSettings};
use domain::sessions::Outcome;
use domain::wire::v1::{MutationBody, QuietHoursChange, Settings, validate_prompt_minute};

use crate::effects::{Effect, NotificationOperation, ScheduledNotification};

use super::state::PersonalState;
use super::{Event, Model, sync};

/// How often the schedule is recomputed while the app runs, even when nothing else changed.
pub const REFRESH_EVERY: Duration = Duration::from_secs(60 * 60);

/// The reminders' part of the model.
#[derive(Debug, Default)]
pub struct RemindersState {
    /// The set last handed to the platform; `None` until the first hand-over since launch.
    pub scheduled: Option<Vec<ScheduledNotification>>,
    /// The clock has been read for reminders in this session (nothing is computed before).
    pub clock_known: bool,
    /// A clock reading for reminders is on its way (later requests wait for it).
    pub clock_asked: bool,
    /// The [`REFRESH_EVERY`] timer is set.
    pub timer_set: bool,
}

pub fn update(event: &Event, model: &mut Model) -> Command<Effect, Event> {
    match *event {
        Event::ChangeReminderSettings {
            quiet_hours,
            checkin_prompt,
            checkin_prompt_minute,
            discreet_notifications,
        } => change_settings(
            model,
            quiet_hours,
            checkin_prompt,
            checkin_prompt_minute,
            discreet_notifications,
        ),
        Event::RemindersDue { epoch, timer_fired } if epoch == model.epoch => {
            if timer_fired {
                model.reminders.timer_set = false;
            }
            if model.session.is_none() || model.reminders.clock_asked {
                return Command::done();
            }
            model.reminders.clock_asked = true;
            Time::now().then_send(move |now: SystemTime| Event::RemindersClock {
                epoch,
                now_ms: millis(now),
            })
        }
        Event::RemindersClock { epoch, now_ms } if epoch == model.epoch => {
            model.reminders.clock_asked = false;
            model.reminders.clock_known = true;
            model.now_ms = model.now_ms.max(now_ms);
            let timer = if model.reminders.timer_set {
                Command::done()
            } else {
                model.reminders.timer_set = true;
                let (timer, _handle) = Time::notify_after(REFRESH_EVERY);
                timer.then_send(move |outcome| Event::RemindersDue {
                    epoch: match outcome {
                        TimerOutcome::Completed(_) => epoch,
                        TimerOutcome::Cleared => u64::MAX,
                    },
                    timer_fired: true,
                })
            };
            refresh_now(model).and(timer).and(render())
        }
        _ => Command::done(),
    }
}

/// A session became active (restored or signed in): read the clock, compute, and keep
/// recomputing every [`REFRESH_EVERY`].
pub fn started(model: &mut Model) -> Command<Effect, Event> {
    let scheduled = model.reminders.scheduled.take();
    model.reminders = RemindersState {
        scheduled,
        ..RemindersState::default()
    };
    refresh(model)
}

/// Inputs changed: read the clock, then recompute (see [`Event::RemindersDue`]). Cheap to call
/// often: while a reading is on its way, further calls add nothing.
pub fn refresh(model: &Model) -> Command<Effect, Event> {
    if model.session.is_none() {
        return Command::done();
    }
    Command::event(Event::RemindersDue {
        epoch: model.epoch,
        timer_fired: false,
    })
}

/// Recomputes with `model.now_ms`, which the caller has just read from the clock, and hands the
/// set to the platform if it changed.
pub fn refresh_now(model: &mut Model) -> Command<Effect, Event> {
    if !model.reminders.clock_known {
        return Command::done();
    }
    match compute(model) {
        Some(set) => replace(model, set),
        None => Command::done(),
    }
}

/// Signed out (or started signed out): nothing may stay scheduled.
pub fn stop(model: &mut Model) -> Command<Effect, Event> {
    let scheduled = model.reminders.scheduled.take();
    model.reminders = RemindersState {
        scheduled,
        ..RemindersState::default()
    };
    replace(model, Vec::new())
}

fn replace(model: &mut Model, set: Vec<ScheduledNotification>) -> Command<Effect, Event> {
    if model.reminders.scheduled.as_ref() == Some(&set) {
        return Command::done();
    }
    model.reminders.scheduled = Some(set.clone());
    Command::notify_shell(NotificationOperation::Replace { notifications: set }).into()
}

/// The full reminder set for the signed-in person at `model.now_ms`, or `None` when nobody is
/// signed in.
pub fn compute(model: &Model) -> Option<Vec<ScheduledNotification>> {
    let state = model.effective()?;
    let me = state.me.user_id;
    let relationships: Vec<Relationship> = state
        .relationships
        .iter()
        .map(|view| view.relationship.clone())
        .collect();
    let checkins: Vec<CheckIn> = state
        .check_ins
        .iter()
        .filter(|c| c.mentee_id == me)
        .map(domain::wire::v1::CheckInView::to_check_in)
        .collect();
    let settings = reminder_settings(
        &state.me.settings,
        model.time_zone(),
        model.checkin_cadence(),
    );
    // Names never even reach the schedule unless the person opted in.
    let names: Vec<KnownName> = if settings.show_names {
        state
            .relationships
            .iter()
            .map(|view| KnownName {
                person_id: view.counterpart.user_id,
                display_name: view.counterpart.display_name.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let last_contact = last_contacts(model, &state);
    let inputs = ReminderInputs {
        person_id: me,
        relationships: &relationships,
        sessions: &state.sessions,
        checkins: &checkins,
        last_contact: &last_contact,
        names: &names,
        settings: &settings,
        now: model.now_ms,
    };
    Some(
        domain::reminders::reminders(&inputs)
            .iter()
            .map(ScheduledNotification::from)
            .collect(),
    )
}

/// The schedule's settings: the synced ones, read in the device's zone. Discreet notifications
/// (the default) mean no names; the check-in cadence is the program's
/// ([`Model::checkin_cadence`], as in the check-ins view).
pub fn reminder_settings(
    settings: &Settings,
    time_zone: &str,
    checkin_cadence: CheckInCadence,
) -> ReminderSettings {
    ReminderSettings {
        time_zone: time_zone.to_owned(),
        quiet_hours: settings.quiet_hours,
        show_names: !settings.discreet_notifications,
        checkin_prompt: settings.checkin_prompt,
        checkin_cadence,
        checkin_prompt_minute: settings.checkin_prompt_minute,
    }
}

/// The newest contact per relationship: a message in the conversation (either way), a message
/// this person queued, or a session marked held.
fn last_contacts(model: &Model, state: &PersonalState) -> Vec<LastContact> {
    let mut contacts: Vec<LastContact> = model
        .conversations
        .values()
        .filter(|summary| summary.last_seq > 0)
        .map(|summary| LastContact {
            relationship_id: summary.relationship_id,
            at: summary.last_message_at_ms,
        })
        .collect();
    contacts.extend(
        model
            .outbox
            .iter()
            .filter_map(|entry| match &entry.mutation.body {
                MutationBody::SendMessage {
                    relationship_id, ..
                } => Some(LastContact {
                    relationship_id: *relationship_id,
                    at: entry.mutation.created_at_ms,
                }),
                _ => None,
            }),
    );
    for series in &state.sessions {
        contacts.extend(
            series
                .outcomes
                .iter()
                .filter(|o| o.outcome == Outcome::Held)
                .filter_map(|o| series.occurrence(o.occurrence_key))
                .map(|occurrence| LastContact {
                    relationship_id: series.relationship_id,
                    at: occurrence.starts_at,
                }),
        );
    }
    contacts
}

/// Checks a reminder-settings change with the domain's rules (so a mistake is explained at once,
/// offline too) and queues it as an `update_settings` mutation.
fn change_settings(
    model: &mut Model,
    quiet_hours: Option<QuietHoursChange>,
    checkin_prompt: Option<bool>,
    checkin_prompt_minute: Option<u16>,
    discreet_notifications: Option<bool>,
) -> Command<Effect, Event> {
    if let Some(Err(_)) = quiet_hours.map(QuietHoursChange::resolve) {
        model.notice = Some("Quiet hours need a start and an end between 00:00 and 23:59.".into());
        return render();
    }
    if let Some(Err(_)) = checkin_prompt_minute.map(validate_prompt_minute) {
        model.notice = Some("Choose a check-in reminder time between 00:00 and 23:59.".into());
        return render();
    }
    if quiet_hours.is_none()
        && checkin_prompt.is_none()
        && checkin_prompt_minute.is_none()
        && discreet_notifications.is_none()
    {
        return Command::done();
    }
    sync::queue(
        model,
        MutationBody::UpdateSettings {
            discreet_notifications,
            read_receipts: None,
            quiet_hours,
            checkin_prompt,
            checkin_prompt_minute,
        },
    )
}

/// A local minute of the day as `HH:MM`.
pub fn minute_label(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn millis(time: SystemTime) -> TimestampMs {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| {
        TimestampMs::try_from(d.as_millis()).unwrap_or(TimestampMs::MAX)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_as_clock_times() {
        assert_eq!(minute_label(0), "00:00");
        assert_eq!(minute_label(22 * 60 + 5), "22:05");
        assert_eq!(minute_label(1439), "23:59");
    }

    #[test]
    fn discreet_settings_never_show_names() {
        let settings = Settings::default();
        let schedule = reminder_settings(&settings, "Europe/London", CheckInCadence::default());
        assert!(!schedule.show_names && !schedule.checkin_prompt);
        assert_eq!(schedule.time_zone, "Europe/London");
        let open = Settings {
            discreet_notifications: false,
            ..settings
        };
        assert!(reminder_settings(&open, "UTC", CheckInCadence::default()).show_names);
    }
}
