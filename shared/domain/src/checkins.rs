//! Mentee check-ins: a mood from 1 to 5 and an optional word or short note, each shared with the
//! mentor only if the mentee chose so for that check-in.
//!
//! - [`CheckIn::new`] validates; [`Mood`] refuses anything outside 1–5, also when deserialised.
//! - A program sets the expected [`CheckInCadence`] ("every N days"); [`overdue`] and [`next_due`]
//!   measure it in elapsed time from the last check-in.
//! - [`shared_trend`] is all a mentor ever sees: only shared check-ins, only from their own
//!   relationship's time (not what the mentee shared with an earlier mentor).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::account::FieldError;

/// Longest optional note, in characters.
pub const MAX_NOTE_CHARS: usize = 280;
/// Longest cadence a program may set, in days.
pub const MAX_CADENCE_DAYS: u16 = 31;
/// Milliseconds in a day.
pub const DAY_MS: TimestampMs = 24 * 60 * 60 * 1000;

/// How someone feels: 1 (very low) to 5 (very good).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "u8", into = "u8")]
pub struct Mood(u8);

impl Mood {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    pub fn new(value: u8) -> Result<Self, FieldError> {
        if (Self::MIN..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(FieldError::Invalid { field: "mood" })
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Mood {
    type Error = FieldError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Mood> for u8 {
    fn from(mood: Mood) -> Self {
        mood.0
    }
}

/// One check-in by a mentee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    /// Chosen by the client (UUIDv7) so that a check-in made offline is recorded exactly once.
    pub id: Uuid,
    pub mentee_id: Uuid,
    pub at: TimestampMs,
    pub mood: Mood,
    /// A word or a short note (at most [`MAX_NOTE_CHARS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The mentee's choice, per check-in: may the mentor see it.
    pub shared_with_mentor: bool,
}

impl CheckIn {
    /// A validated check-in; a blank note becomes no note, and the note is trimmed.
    pub fn new(
        id: Uuid,
        mentee_id: Uuid,
        at: TimestampMs,
        mood: u8,
        note: Option<&str>,
        shared_with_mentor: bool,
    ) -> Result<Self, FieldError> {
        let mood = Mood::new(mood)?;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(note) = note
            && note.chars().count() > MAX_NOTE_CHARS
        {
            return Err(FieldError::TooLong {
                field: "note",
                max: MAX_NOTE_CHARS,
            });
        }
        Ok(Self {
            id,
            mentee_id,
            at,
            mood,
            note: note.map(str::to_owned),
            shared_with_mentor,
        })
    }
}

/// How often a program expects a check-in: every `days` days (1 to [`MAX_CADENCE_DAYS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "u16", into = "u16")]
pub struct CheckInCadence(u16);

impl CheckInCadence {
    pub fn every_days(days: u16) -> Result<Self, FieldError> {
        if (1..=MAX_CADENCE_DAYS).contains(&days) {
            Ok(Self(days))
        } else {
            Err(FieldError::Invalid {
                field: "checkin_cadence_days",
            })
        }
    }

    pub fn days(self) -> u16 {
        self.0
    }

    pub fn as_ms(self) -> TimestampMs {
        TimestampMs::from(self.0) * DAY_MS
    }
}

/// Reads a cadence leniently, for [`crate::program::ProgramInfo`]: a value outside
/// 1..=[`MAX_CADENCE_DAYS`] (e.g. from a newer server with a longer maximum) is clamped into the
/// range, so the program's information (crisis resources included) never fails to load over it.
pub fn deserialize_cadence_clamped<'de, D>(deserializer: D) -> Result<CheckInCadence, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let days = u64::deserialize(deserializer)?;
    let clamped = days.clamp(1, u64::from(MAX_CADENCE_DAYS));
    Ok(CheckInCadence(
        u16::try_from(clamped).unwrap_or(MAX_CADENCE_DAYS),
    ))
}

impl Default for CheckInCadence {
    /// Every 3 days.
    fn default() -> Self {
        Self(3)
    }
}

impl TryFrom<u16> for CheckInCadence {
    type Error = FieldError;

    fn try_from(days: u16) -> Result<Self, Self::Error> {
        Self::every_days(days)
    }
}

impl From<CheckInCadence> for u16 {
    fn from(cadence: CheckInCadence) -> Self {
        cadence.0
    }
}

/// When the next check-in is expected. Pass the relationship's start if there was none yet.
pub fn next_due(last_checkin_at: TimestampMs, cadence: CheckInCadence) -> TimestampMs {
    last_checkin_at.saturating_add(cadence.as_ms())
}

/// Whether a check-in is overdue at `now`: a full cadence has passed since the last one (or since
/// the relationship started, if the caller passes that).
pub fn overdue(last_checkin_at: TimestampMs, cadence: CheckInCadence, now: TimestampMs) -> bool {
    now >= next_due(last_checkin_at, cadence)
}

/// One shared check-in, as the mentor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub at: TimestampMs,
    pub mood: Mood,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What the mentor sees of a mentee's check-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedTrend {
    /// The last (at most) N shared check-ins, oldest first.
    pub recent: Vec<TrendPoint>,
    /// Mean mood of `recent`, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_mood: Option<f64>,
    /// When the mentee last shared a check-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_shared_at: Option<TimestampMs>,
}

/// The mentor's view: only check-ins the mentee shared, made at or after `since` (the start of
/// this relationship), the last `last_n` of them, and their average mood.
pub fn shared_trend(checkins: &[CheckIn], since: TimestampMs, last_n: usize) -> SharedTrend {
    let mut shared: Vec<&CheckIn> = checkins
        .iter()
        .filter(|c| c.shared_with_mentor && c.at >= since)
        .collect();
    shared.sort_by_key(|c| (c.at, c.id));
    let skip = shared.len().saturating_sub(last_n);
    let recent: Vec<TrendPoint> = shared[skip..]
        .iter()
        .map(|c| TrendPoint {
            at: c.at,
            mood: c.mood,
            note: c.note.clone(),
        })
        .collect();
    let sum: u32 = recent.iter().map(|p| u32::from(p.mood.value())).sum();
    let count = u32::try_from(recent.len()).unwrap_or(u32::MAX);
    SharedTrend {
        average_mood: (count > 0).then(|| f64::from(sum) / f64::from(count)),
        last_shared_at: recent.last().map(|p| p.at),
        recent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: TimestampMs = 1_780_000_000_000;
    const MENTEE: Uuid = Uuid::from_u128(0xA);

    fn checkin(n: u128, day: i64, mood: u8, shared: bool) -> CheckIn {
        CheckIn::new(
            Uuid::from_u128(n),
            MENTEE,
            T0 + day * DAY_MS,
            mood,
            Some(&format!("note {n}")),
            shared,
        )
        .unwrap()
    }

    #[test]
    fn mood_is_one_to_five_also_on_the_wire() {
        assert!(Mood::new(0).is_err());
        assert!(Mood::new(6).is_err());
        assert_eq!(Mood::new(5).unwrap().value(), 5);
        assert!(serde_json::from_str::<Mood>("0").is_err());
        assert_eq!(serde_json::from_str::<Mood>("3").unwrap(), Mood(3));
        assert_eq!(serde_json::to_string(&Mood(4)).unwrap(), "4");
    }

    #[test]
    fn notes_are_trimmed_optional_and_at_most_280_characters() {
        let blank = CheckIn::new(Uuid::nil(), MENTEE, T0, 3, Some("   "), false).unwrap();
        assert_eq!(blank.note, None);
        let word = CheckIn::new(Uuid::nil(), MENTEE, T0, 3, Some(" tired "), false).unwrap();
        assert_eq!(word.note.as_deref(), Some("tired"));
        let max = "é".repeat(MAX_NOTE_CHARS);
        assert!(CheckIn::new(Uuid::nil(), MENTEE, T0, 3, Some(&max), false).is_ok());
        let long = "é".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            CheckIn::new(Uuid::nil(), MENTEE, T0, 3, Some(&long), false).unwrap_err(),
            FieldError::TooLong {
                field: "note",
                max: MAX_NOTE_CHARS
            }
        );
        assert_eq!(
            CheckIn::new(Uuid::nil(), MENTEE, T0, 9, None, false).unwrap_err(),
            FieldError::Invalid { field: "mood" }
        );
    }

    #[test]
    fn cadence_is_validated_and_overdue_after_a_full_period() {
        assert!(CheckInCadence::every_days(0).is_err());
        assert!(CheckInCadence::every_days(32).is_err());
        assert!(serde_json::from_str::<CheckInCadence>("0").is_err());
        let every_2 = CheckInCadence::every_days(2).unwrap();
        assert_eq!(next_due(T0, every_2), T0 + 2 * DAY_MS);
        assert!(!overdue(T0, every_2, T0 + 2 * DAY_MS - 1));
        assert!(overdue(T0, every_2, T0 + 2 * DAY_MS));
        assert!(!overdue(T0, every_2, T0));
    }

    #[test]
    fn the_mentor_trend_has_only_shared_checkins_of_this_relationship() {
        let checkins = vec![
            checkin(1, -3, 1, true), // shared with an earlier mentor: before `since`
            checkin(2, 1, 2, true),
            checkin(3, 2, 5, false), // private
            checkin(4, 4, 4, true),
            checkin(5, 3, 3, true), // out of order on purpose
        ];
        let trend = shared_trend(&checkins, T0, 10);
        let moods: Vec<u8> = trend.recent.iter().map(|p| p.mood.value()).collect();
        assert_eq!(moods, vec![2, 3, 4]);
        assert_eq!(trend.average_mood, Some(3.0));
        assert_eq!(trend.last_shared_at, Some(T0 + 4 * DAY_MS));
        assert!(
            trend
                .recent
                .iter()
                .all(|p| p.note.as_deref() != Some("note 3"))
        );

        let last_two = shared_trend(&checkins, T0, 2);
        let moods: Vec<u8> = last_two.recent.iter().map(|p| p.mood.value()).collect();
        assert_eq!(moods, vec![3, 4]);
        assert_eq!(last_two.average_mood, Some(3.5));

        let nothing = shared_trend(&checkins[2..3], T0, 5);
        assert!(nothing.recent.is_empty());
        assert_eq!(nothing.average_mood, None);
        assert_eq!(nothing.last_shared_at, None);
    }
}
