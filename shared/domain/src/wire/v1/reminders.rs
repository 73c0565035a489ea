//! Reminder settings on the wire. They are part of [`Settings`](super::Settings) (synced across
//! the person's devices) and change through `update_settings`; the reminder schedule itself is
//! computed on each device ([`crate::reminders`]) and never sent anywhere.

use serde::{Deserialize, Serialize};

use crate::account::FieldError;
use crate::reminders::{DEFAULT_PROMPT_MINUTE, QuietHours};

/// Minutes in a day: local minutes of the day are below this.
pub const MINUTES_PER_DAY: u16 = 1440;

/// How `update_settings` changes quiet hours: set them (local minutes after midnight, may cross
/// midnight), or switch them off. Leaving the field out keeps them as they are. `Off` is an empty
/// struct so that unknown fields are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case", tag = "type"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum QuietHoursChange {
    Set { start_minute: u16, end_minute: u16 },
    Off {},
}

impl QuietHoursChange {
    /// The quiet hours this change leaves, checked with [`QuietHours::new`]. Equal start and end
    /// mean no quiet hours, so they are stored as off.
    pub fn resolve(self) -> Result<Option<QuietHours>, FieldError> {
        match self {
            QuietHoursChange::Off {} => Ok(None),
            QuietHoursChange::Set {
                start_minute,
                end_minute,
            } => {
                let quiet = QuietHours::new(start_minute, end_minute)?;
                Ok((quiet.start_minute != quiet.end_minute).then_some(quiet))
            }
        }
    }
}

/// Checks a check-in prompt time (a local minute of the day).
pub fn validate_prompt_minute(minute: u16) -> Result<u16, FieldError> {
    if minute < MINUTES_PER_DAY {
        Ok(minute)
    } else {
        Err(FieldError::Invalid {
            field: "checkin_prompt_minute",
        })
    }
}

pub(super) fn default_prompt_minute() -> u16 {
    DEFAULT_PROMPT_MINUTE
}

#[cfg(test)]
mod tests {
    use super::super::{ChangeBody, MutationBody, Profile, Settings};
    use super::*;

    #[test]
    fn quiet_hours_changes_are_checked_and_equal_ends_mean_off() {
        let set = |start_minute, end_minute| QuietHoursChange::Set {
            start_minute,
            end_minute,
        };
        assert_eq!(
            set(22 * 60, 7 * 60).resolve().unwrap(),
            Some(QuietHours::new(22 * 60, 7 * 60).unwrap())
        );
        assert_eq!(set(600, 600).resolve().unwrap(), None);
        assert_eq!(QuietHoursChange::Off {}.resolve().unwrap(), None);
        assert_eq!(set(1440, 0).resolve().unwrap_err().field(), "quiet_hours");
        assert_eq!(set(0, 5000).resolve().unwrap_err().field(), "quiet_hours");
        assert_eq!(validate_prompt_minute(1439), Ok(1439));
        assert_eq!(
            validate_prompt_minute(1440).unwrap_err().field(),
            "checkin_prompt_minute"
        );
        let json = serde_json::to_string(&set(1320, 420)).unwrap();
        assert_eq!(
            json,
            r#"{"type":"set","start_minute":1320,"end_minute":420}"#
        );
        assert_eq!(
            serde_json::to_string(&QuietHoursChange::Off {}).unwrap(),
            r#"{"type":"off"}"#
        );
    }

    fn update(
        quiet_hours: Option<QuietHoursChange>,
        checkin_prompt: Option<bool>,
        checkin_prompt_minute: Option<u16>,
    ) -> MutationBody {
        MutationBody::UpdateSettings {
            discreet_notifications: None,
            read_receipts: None,
            quiet_hours,
            checkin_prompt,
            checkin_prompt_minute,
        }
    }

    #[test]
    fn reminder_settings_are_validated_then_applied_and_old_settings_still_read() {
        let old: Settings =
            serde_json::from_str(r#"{"discreet_notifications":true,"read_receipts":false}"#)
                .unwrap();
        assert_eq!(
            old,
            Settings {
                read_receipts: false,
                ..Settings::default()
            }
        );
        assert_eq!(old.checkin_prompt_minute, DEFAULT_PROMPT_MINUTE);
        assert!(!old.checkin_prompt && old.quiet_hours.is_none());

        let bad_minute = update(None, Some(true), Some(1440)).validated();
        assert_eq!(bad_minute.unwrap_err().field(), "checkin_prompt_minute");
        let bad_quiet = update(
            Some(QuietHoursChange::Set {
                start_minute: 2000,
                end_minute: 0,
            }),
            None,
            None,
        )
        .validated();
        assert_eq!(bad_quiet.unwrap_err().field(), "quiet_hours");
        // Unknown kinds and fields of a change are refused, like everywhere in the protocol.
        for json in [
            r#"{"type":"update_settings","quiet_hours":{"type":"never"}}"#,
            r#"{"type":"update_settings","quiet_hours":{"type":"off","x":1}}"#,
            r#"{"type":"update_settings","quiet_hours":{"type":"set","start_minute":1,"end_minute":2,"x":1}}"#,
            r#"{"type":"update_settings","quiet_hours":{"type":"set","start_minute":-1,"end_minute":2}}"#,
        ] {
            assert!(
                serde_json::from_str::<MutationBody>(json).is_err(),
                "{json}"
            );
        }

        let mut settings = Settings::default();
        let mut profile = Profile {
            display_name: "Ana".into(),
            locale: "en".into(),
        };
        let set = update(
            Some(QuietHoursChange::Set {
                start_minute: 22 * 60,
                end_minute: 7 * 60,
            }),
            Some(true),
            Some(8 * 60 + 30),
        )
        .validated()
        .unwrap();
        let change = set.apply(&mut profile, &mut settings).unwrap();
        assert_eq!(change, ChangeBody::SettingsChanged { settings });
        assert_eq!(
            settings.quiet_hours,
            Some(QuietHours::new(22 * 60, 7 * 60).unwrap())
        );
        assert!(settings.checkin_prompt && settings.discreet_notifications);
        assert_eq!(settings.checkin_prompt_minute, 510);
        let json = serde_json::to_value(settings).unwrap();
        assert_eq!(json["quiet_hours"]["start_minute"], 1320);

        // Equal ends switch them off; `off` clears them; leaving the field out keeps them.
        let equal = update(
            Some(QuietHoursChange::Set {
                start_minute: 60,
                end_minute: 60,
            }),
            None,
            None,
        )
        .validated()
        .unwrap();
        assert_eq!(equal, update(Some(QuietHoursChange::Off {}), None, None));
        update(None, Some(false), None).apply(&mut profile, &mut settings);
        assert!(settings.quiet_hours.is_some() && !settings.checkin_prompt);
        equal.apply(&mut profile, &mut settings);
        assert_eq!(settings.quiet_hours, None);
        assert!(update(None, None, None).validated().is_err());
    }
}
