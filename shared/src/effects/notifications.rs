//! "Replace the scheduled notifications": the platform effect that hands the phone's own
//! notification system the whole reminder schedule, so reminders fire with the app closed and no
//! network.
//!
//! The core computes the schedule with [`domain::reminders::reminders`] (see
//! [`crate::app::reminders`]) and emits [`NotificationOperation::Replace`] once per change of the
//! set. The shell's contract: cancel every notification it scheduled for Beacon before and
//! schedule exactly these, each under its stable [`ScheduledNotification::id`], with the OS, so
//! they fire with the app closed and no network:
//! - **Android**: one `AlarmManager` alarm (or a `WorkManager` one-off work request where exact
//!   alarms are not allowed) per notification, keyed by the id, posting to the notification
//!   channel [`NotificationChannel::id`]. Alarms do not survive a reboot: the shell keeps the last
//!   set and registers it again on `BOOT_COMPLETED`.
//! - **iOS**: `UNUserNotificationCenter`: `removeAllPendingNotificationRequests`, then one
//!   `UNNotificationRequest` per notification with the id as its identifier, a
//!   `UNCalendarNotificationTrigger` at `fire_at_ms` and the channel id as `categoryIdentifier`.
//!
//! The text is already what the lock screen may show: discreet unless the person opted in (no
//! names, places or content). A notification whose time has passed by the time the shell gets it
//! must be skipped, never delivered late.

use crux_core::capability::Operation;
use domain::TimestampMs;
use domain::reminders::{Reminder, ReminderKind};
use serde::{Deserialize, Serialize};

/// What the core asks of the phone's notification system. Fire-and-forget: nothing comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[cfg_attr(feature = "facet_typegen", repr(C))]
pub enum NotificationOperation {
    /// Cancel every notification scheduled before and schedule exactly these (possibly none).
    Replace {
        notifications: Vec<ScheduledNotification>,
    },
}

impl Operation for NotificationOperation {
    type Output = ();
}

/// One local notification to deliver at a set time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct ScheduledNotification {
    /// Stable across recomputations ("session:{series}:{occurrence}:24h", "no-contact:{id}" …):
    /// the same reminder keeps its id when its time or text changes.
    pub id: String,
    /// When to show it (milliseconds since the Unix epoch, UTC).
    pub fire_at_ms: TimestampMs,
    /// Lock-screen text.
    pub title: String,
    pub body: String,
    pub channel: NotificationChannel,
}

/// Which kind of reminder: an Android notification channel / iOS category, so people can mute a
/// kind in the system settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[cfg_attr(feature = "facet_typegen", repr(C))]
pub enum NotificationChannel {
    Sessions,
    Contact,
    CheckIns,
    Requests,
}

impl NotificationChannel {
    /// The channel (Android) / category (iOS) identifier.
    pub fn id(self) -> &'static str {
        match self {
            NotificationChannel::Sessions => "beacon.sessions",
            NotificationChannel::Contact => "beacon.contact",
            NotificationChannel::CheckIns => "beacon.check_ins",
            NotificationChannel::Requests => "beacon.requests",
        }
    }
}

impl From<&Reminder> for ScheduledNotification {
    fn from(reminder: &Reminder) -> Self {
        Self {
            id: reminder.id.clone(),
            fire_at_ms: reminder.fire_at,
            title: reminder.title.clone(),
            body: reminder.body.clone(),
            channel: match reminder.kind {
                ReminderKind::Session { .. } => NotificationChannel::Sessions,
                ReminderKind::NoContact { .. } => NotificationChannel::Contact,
                ReminderKind::CheckInPrompt => NotificationChannel::CheckIns,
                ReminderKind::RequestExpiring { .. } => NotificationChannel::Requests,
            },
        }
    }
}
