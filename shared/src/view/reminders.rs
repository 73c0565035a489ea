//! The reminder settings screen: the synced settings (quiet hours, check-in prompt, discreet
//! notifications), the device's time zone they are read in, and the next few reminders exactly as
//! the phone will show them (the set last handed to its notification system, see
//! [`crate::app::reminders`]).

use serde::{Deserialize, Serialize};

use super::sessions::{LocalTime, local_time};
use crate::app::Model;
use crate::app::reminders::minute_label;
use crate::app::state::PersonalState;
use crate::effects::NotificationChannel;

/// How many upcoming reminders the settings screen lists.
pub const NEXT_SHOWN: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct RemindersView {
    /// The device's IANA zone: quiet hours and the prompt time are read in it.
    pub time_zone: String,
    pub quiet_hours: Option<QuietHoursView>,
    /// Remind the person to check in (mentees).
    pub checkin_prompt: bool,
    /// Local minute of the day of the prompt, and as `HH:MM`.
    pub checkin_prompt_minute: u16,
    pub checkin_prompt_time: String,
    /// The program's check-in cadence, in days.
    pub checkin_every_days: u16,
    /// Lock-screen text carries no names, places or content (the default).
    pub discreet_notifications: bool,
    /// A settings change is queued on this device, not yet acknowledged by the server.
    pub pending: bool,
    /// The next few reminders, soonest first, with the text the lock screen will show.
    pub next: Vec<UpcomingReminder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct QuietHoursView {
    pub start_minute: u16,
    pub end_minute: u16,
    /// `22:00–07:00`
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct UpcomingReminder {
    pub id: String,
    pub at: LocalTime,
    pub title: String,
    pub body: String,
    pub channel: NotificationChannel,
}

/// Builds the reminder settings part of the view from the effective (optimistic) state.
pub fn reminders_view(model: &Model, state: Option<&PersonalState>) -> RemindersView {
    let Some(state) = state else {
        return RemindersView::default();
    };
    let settings = &state.me.settings;
    let zone = model.time_zone();
    let pending = model.outbox.iter().any(|e| {
        e.acknowledged_position.is_none()
            && matches!(
                e.mutation.body,
                domain::wire::v1::MutationBody::UpdateSettings { .. }
            )
    });
    let next = model
        .reminders
        .scheduled
        .iter()
        .flatten()
        .filter(|n| n.fire_at_ms > model.now_ms)
        .take(NEXT_SHOWN)
        .map(|n| UpcomingReminder {
            id: n.id.clone(),
            at: local_time(n.fire_at_ms, zone),
            title: n.title.clone(),
            body: n.body.clone(),
            channel: n.channel,
        })
        .collect();
    RemindersView {
        time_zone: zone.to_owned(),
        quiet_hours: settings.quiet_hours.map(|q| QuietHoursView {
            start_minute: q.start_minute,
            end_minute: q.end_minute,
            label: format!(
                "{}–{}",
                minute_label(q.start_minute),
                minute_label(q.end_minute)
            ),
        }),
        checkin_prompt: settings.checkin_prompt,
        checkin_prompt_minute: settings.checkin_prompt_minute,
        checkin_prompt_time: minute_label(settings.checkin_prompt_minute),
        checkin_every_days: model.checkin_cadence().days(),
        discreet_notifications: settings.discreet_notifications,
        pending,
        next,
    }
}
