//! Weekly availability: slots in a person's own time zone, pinned to a concrete week for matching.
//!
//! People say "Tuesdays 18:00–20:00" in their own zone. To compare two people, both weeks are
//! turned into absolute instants for one concrete reference week ([`ConcreteWeek`]), so daylight
//! saving changes are applied by the time-zone database (jiff), never by fixed offsets. Overlap is
//! measured inside the UTC week starting at the reference date, treating each person's week as
//! repeating (a Sunday-night slot in Tokyo can meet a Monday-morning slot in London), which makes
//! [`overlap_minutes`] symmetric. [`describe_overlap`] turns the shared time back into words
//! ("weekday evenings") in the mentee's zone for explanations.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use crate::account::FieldError;

/// Minutes in a civil day; a slot may end at 1440 (midnight at the end of the day).
pub const MINUTES_PER_DAY: u16 = 1440;
/// Most slots a person may submit (before merging).
pub const MAX_SLOTS: usize = 100;

const SECONDS_PER_DAY: i64 = 86_400;

/// A day of the week. Slots are always read in the owner's own time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// Monday first, as in ISO 8601.
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The same day in jiff's calendar.
    pub fn to_jiff(self) -> jiff::civil::Weekday {
        match self {
            Weekday::Monday => jiff::civil::Weekday::Monday,
            Weekday::Tuesday => jiff::civil::Weekday::Tuesday,
            Weekday::Wednesday => jiff::civil::Weekday::Wednesday,
            Weekday::Thursday => jiff::civil::Weekday::Thursday,
            Weekday::Friday => jiff::civil::Weekday::Friday,
            Weekday::Saturday => jiff::civil::Weekday::Saturday,
            Weekday::Sunday => jiff::civil::Weekday::Sunday,
        }
    }

    /// The day for one of jiff's weekdays.
    pub fn from_jiff(weekday: jiff::civil::Weekday) -> Self {
        match weekday {
            jiff::civil::Weekday::Monday => Weekday::Monday,
            jiff::civil::Weekday::Tuesday => Weekday::Tuesday,
            jiff::civil::Weekday::Wednesday => Weekday::Wednesday,
            jiff::civil::Weekday::Thursday => Weekday::Thursday,
            jiff::civil::Weekday::Friday => Weekday::Friday,
            jiff::civil::Weekday::Saturday => Weekday::Saturday,
            jiff::civil::Weekday::Sunday => Weekday::Sunday,
        }
    }

    /// Saturday and Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }
}

/// A recurring weekly window, `[start_minute, end_minute)` minutes after local midnight, in the
/// owner's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WeeklySlot {
    pub weekday: Weekday,
    /// 0..1440.
    pub start_minute: u16,
    /// Greater than `start_minute`, at most 1440.
    pub end_minute: u16,
}

impl WeeklySlot {
    /// The slot's length in minutes (0 if malformed).
    pub fn minutes(&self) -> u16 {
        self.end_minute.saturating_sub(self.start_minute)
    }
}

/// Checks slots (end after start, within the day, not too many) and returns them sorted by day and
/// time with overlapping or touching slots of the same day merged.
pub fn normalize_slots(slots: &[WeeklySlot]) -> Result<Vec<WeeklySlot>, FieldError> {
    let field = "availability";
    if slots.is_empty() {
        return Err(FieldError::Missing { field });
    }
    if slots.len() > MAX_SLOTS {
        return Err(FieldError::Invalid { field });
    }
    if slots
        .iter()
        .any(|s| s.end_minute <= s.start_minute || s.end_minute > MINUTES_PER_DAY)
    {
        return Err(FieldError::Invalid { field });
    }
    let mut sorted = slots.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<WeeklySlot> = Vec::with_capacity(sorted.len());
    for slot in sorted {
        match merged.last_mut() {
            Some(last) if last.weekday == slot.weekday && slot.start_minute <= last.end_minute => {
                last.end_minute = last.end_minute.max(slot.end_minute);
            }
            _ => merged.push(slot),
        }
    }
    Ok(merged)
}

/// The UTC window `[start, end)` (Unix seconds) in which overlap is measured for a reference week.
pub fn reference_window(reference_week_start: Date) -> (i64, i64) {
    let start = jiff::tz::Offset::UTC
        .to_timestamp(reference_week_start.to_datetime(jiff::civil::Time::midnight()))
        .map_or(0, Timestamp::as_second);
    (start, start + 7 * SECONDS_PER_DAY)
}

/// One person's weekly slots as absolute instants within a reference week: sorted, disjoint,
/// half-open intervals of Unix seconds, clipped to [`reference_window`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConcreteWeek {
    intervals: Vec<(i64, i64)>,
}

impl ConcreteWeek {
    /// Pins `slots` (in `tz`) to the week starting on `reference_week_start` (any weekday).
    ///
    /// The local days from two days before to seven days after the start are converted, so a slot
    /// that falls just outside the UTC window in one week but inside it in the neighbouring week is
    /// still counted: each person's week is treated as repeating. Local times that do not exist
    /// (a spring-forward gap) or exist twice (an autumn fold) follow jiff's "compatible" rule.
    pub fn new(slots: &[WeeklySlot], tz: &TimeZone, reference_week_start: Date) -> Self {
        let (window_start, window_end) = reference_window(reference_week_start);
        let mut intervals = Vec::with_capacity(slots.len() * 2);
        for offset in -2i64..=7 {
            let Ok(date) = reference_week_start.checked_add(offset.days()) else {
                continue;
            };
            let weekday = Weekday::from_jiff(date.weekday());
            for slot in slots.iter().filter(|s| s.weekday == weekday) {
                let (Some(start), Some(end)) = (
                    local_instant(tz, date, slot.start_minute),
                    local_instant(tz, date, slot.end_minute),
                ) else {
                    continue;
                };
                let (start, end) = (start.max(window_start), end.min(window_end));
                if start < end {
                    intervals.push((start, end));
                }
            }
        }
        Self {
            intervals: merge(intervals),
        }
    }

    /// Looks the zone up by IANA name first; an unknown zone gives an empty week.
    pub fn in_zone(slots: &[WeeklySlot], time_zone: &str, reference_week_start: Date) -> Self {
        TimeZone::get(time_zone)
            .map(|tz| Self::new(slots, &tz, reference_week_start))
            .unwrap_or_default()
    }

    /// The sorted, disjoint intervals (Unix seconds, half-open).
    pub fn intervals(&self) -> &[(i64, i64)] {
        &self.intervals
    }

    /// Total available time, in whole minutes.
    pub fn minutes(&self) -> u32 {
        to_minutes(self.intervals.iter().map(|(s, e)| e - s).sum())
    }

    /// The time both weeks share, as sorted disjoint intervals.
    pub fn intersection(&self, other: &ConcreteWeek) -> Vec<(i64, i64)> {
        shared_intervals(&self.intervals, &other.intervals)
    }

    /// How many whole minutes both weeks share. Allocation-free; symmetric.
    pub fn overlap_minutes(&self, other: &ConcreteWeek) -> u32 {
        shared_minutes(&self.intervals, &other.intervals)
    }
}

/// The intervals two sorted, disjoint interval lists share.
pub(crate) fn shared_intervals(mine: &[(i64, i64)], theirs: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut shared = Vec::new();
    for_each_shared(mine, theirs, |s, e| shared.push((s, e)));
    shared
}

/// Whole minutes two sorted, disjoint interval lists (Unix seconds) share.
pub(crate) fn shared_minutes(mine: &[(i64, i64)], theirs: &[(i64, i64)]) -> u32 {
    let mut seconds = 0;
    for_each_shared(mine, theirs, |s, e| seconds += e - s);
    to_minutes(seconds)
}

fn for_each_shared(mine: &[(i64, i64)], theirs: &[(i64, i64)], mut visit: impl FnMut(i64, i64)) {
    let (mut i, mut j) = (0, 0);
    while i < mine.len() && j < theirs.len() {
        let start = mine[i].0.max(theirs[j].0);
        let end = mine[i].1.min(theirs[j].1);
        if start < end {
            visit(start, end);
        }
        if mine[i].1 < theirs[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// Minutes per week that two people are both available, each in their own zone, measured in the
/// concrete week starting on `reference_week_start`. Symmetric. An unknown zone counts as no
/// availability.
pub fn overlap_minutes(
    a_slots: &[WeeklySlot],
    a_tz: &str,
    b_slots: &[WeeklySlot],
    b_tz: &str,
    reference_week_start: Date,
) -> u32 {
    let a = ConcreteWeek::in_zone(a_slots, a_tz, reference_week_start);
    let b = ConcreteWeek::in_zone(b_slots, b_tz, reference_week_start);
    a.overlap_minutes(&b)
}

/// Weekdays (Monday–Friday) or the weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Weekday,
    Weekend,
}

/// A part of the day in local time: morning 06–12, afternoon 12–17, evening 17–22, night 22–06.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    /// The part of the day containing `minute` after local midnight, and the minute it ends.
    fn at(minute: u16) -> (DayPart, u16) {
        match minute {
            0..360 => (DayPart::Night, 360),
            360..720 => (DayPart::Morning, 720),
            720..1020 => (DayPart::Afternoon, 1020),
            1020..1320 => (DayPart::Evening, 1320),
            _ => (DayPart::Night, MINUTES_PER_DAY),
        }
    }
}

/// A coarse time of the week, for plain-language explanations ("weekday evenings").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeOfWeek {
    pub days: DayKind,
    pub part: DayPart,
}

impl TimeOfWeek {
    /// "weekday evenings", "weekend mornings", …
    pub fn label(self) -> &'static str {
        match (self.days, self.part) {
            (DayKind::Weekday, DayPart::Morning) => "weekday mornings",
            (DayKind::Weekday, DayPart::Afternoon) => "weekday afternoons",
            (DayKind::Weekday, DayPart::Evening) => "weekday evenings",
            (DayKind::Weekday, DayPart::Night) => "weekday nights",
            (DayKind::Weekend, DayPart::Morning) => "weekend mornings",
            (DayKind::Weekend, DayPart::Afternoon) => "weekend afternoons",
            (DayKind::Weekend, DayPart::Evening) => "weekend evenings",
            (DayKind::Weekend, DayPart::Night) => "weekend nights",
        }
    }
}

/// The main times of the week covered by `intervals` (Unix seconds), read in `tz`: the one with
/// the most shared time first, plus a second one if it holds at least a quarter of the total.
/// Ties are broken in a fixed order (weekdays first, then morning → night).
pub fn describe_overlap(intervals: &[(i64, i64)], tz: &TimeZone) -> Vec<TimeOfWeek> {
    let mut buckets: Vec<(TimeOfWeek, i64)> = Vec::new();
    for &(start, end) in intervals {
        let mut cursor = start;
        while cursor < end {
            let Ok(instant) = Timestamp::from_second(cursor) else {
                break;
            };
            let local = tz.to_datetime(instant);
            let minute = local_minute(local);
            let (part, part_end) = DayPart::at(minute);
            let next = local_instant(tz, local.date(), part_end)
                .filter(|&next| next > cursor)
                .unwrap_or(cursor + 60);
            let segment_end = next.min(end);
            let days = if Weekday::from_jiff(local.weekday()).is_weekend() {
                DayKind::Weekend
            } else {
                DayKind::Weekday
            };
            let key = TimeOfWeek { days, part };
            match buckets.iter_mut().find(|(k, _)| *k == key) {
                Some((_, total)) => *total += segment_end - cursor,
                None => buckets.push((key, segment_end - cursor)),
            }
            cursor = segment_end;
        }
    }
    let total: i64 = buckets.iter().map(|(_, s)| s).sum();
    buckets.sort_by(|(ka, sa), (kb, sb)| sb.cmp(sa).then(ka.cmp(kb)));
    buckets
        .iter()
        .enumerate()
        .filter(|(i, (_, seconds))| *i == 0 || (*i == 1 && seconds * 4 >= total))
        .map(|(_, (key, _))| *key)
        .collect()
}

/// The instant (Unix seconds) of `minute` after local midnight of `date` in `tz`; 1440 is the next
/// midnight.
fn local_instant(tz: &TimeZone, date: Date, minute: u16) -> Option<i64> {
    let datetime = if minute >= MINUTES_PER_DAY {
        date.tomorrow()
            .ok()?
            .to_datetime(jiff::civil::Time::midnight())
    } else {
        let hour = i8::try_from(minute / 60).ok()?;
        let minute = i8::try_from(minute % 60).ok()?;
        date.at(hour, minute, 0, 0)
    };
    tz.to_timestamp(datetime).ok().map(Timestamp::as_second)
}

fn local_minute(local: DateTime) -> u16 {
    u16::try_from(i32::from(local.hour()) * 60 + i32::from(local.minute())).unwrap_or(0)
}

fn to_minutes(seconds: i64) -> u32 {
    u32::try_from(seconds.max(0) / 60).unwrap_or(u32::MAX)
}

fn merge(mut intervals: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    intervals.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
    for (start, end) in intervals {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn slot(weekday: Weekday, start_hour: u16, end_hour: u16) -> WeeklySlot {
        WeeklySlot {
            weekday,
            start_minute: start_hour * 60,
            end_minute: end_hour * 60,
        }
    }

    fn every_day(start_hour: u16, end_hour: u16) -> Vec<WeeklySlot> {
        Weekday::ALL
            .iter()
            .map(|&d| slot(d, start_hour, end_hour))
            .collect()
    }

    #[test]
    fn slots_are_checked_sorted_and_merged() {
        let merged = normalize_slots(&[
            slot(Weekday::Tuesday, 18, 20),
            slot(Weekday::Monday, 9, 11),
            slot(Weekday::Monday, 10, 12),
            slot(Weekday::Monday, 12, 13),
            slot(Weekday::Monday, 15, 16),
        ])
        .unwrap();
        assert_eq!(
            merged,
            vec![
                slot(Weekday::Monday, 9, 13),
                slot(Weekday::Monday, 15, 16),
                slot(Weekday::Tuesday, 18, 20),
            ]
        );
        assert!(normalize_slots(&[]).is_err());
        assert!(normalize_slots(&[slot(Weekday::Monday, 10, 10)]).is_err());
        assert!(normalize_slots(&[slot(Weekday::Monday, 11, 10)]).is_err());
        assert!(normalize_slots(&[slot(Weekday::Monday, 23, 25)]).is_err());
        assert!(normalize_slots(&[slot(Weekday::Monday, 23, 24)]).is_ok());
        assert!(normalize_slots(&vec![slot(Weekday::Monday, 1, 2); MAX_SLOTS + 1]).is_err());
    }

    #[test]
    fn same_zone_overlap_is_plain_intersection() {
        let a = [
            slot(Weekday::Monday, 18, 21),
            slot(Weekday::Wednesday, 9, 10),
        ];
        let b = [slot(Weekday::Monday, 19, 22)];
        let week = date(2026, 6, 1);
        assert_eq!(
            overlap_minutes(&a, "Europe/Madrid", &b, "Europe/Madrid", week),
            120
        );
        assert_eq!(
            overlap_minutes(&a, "Europe/Madrid", &[], "Europe/Madrid", week),
            0
        );
        assert_eq!(
            overlap_minutes(&a, "Not/AZone", &b, "Europe/Madrid", week),
            0
        );
    }

    #[test]
    fn a_whole_week_is_a_whole_week_in_any_zone_without_clock_changes() {
        let all = every_day(0, 24);
        let week = date(2026, 6, 1);
        for tz in [
            "UTC",
            "Asia/Tokyo",
            "America/Los_Angeles",
            "Pacific/Kiritimati",
        ] {
            assert_eq!(
                overlap_minutes(&all, tz, &all, "UTC", week),
                7 * 1440,
                "{tz}"
            );
        }
    }

    #[test]
    fn overlap_wraps_around_the_week_edges() {
        // Sunday 23:00–24:00 in London is Monday 08:00–09:00 in Tokyo (June: BST = UTC+1).
        let london = [slot(Weekday::Sunday, 23, 24)];
        let tokyo = [slot(Weekday::Monday, 7, 9)];
        for week in [date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 7)] {
            assert_eq!(
                overlap_minutes(&london, "Europe/London", &tokyo, "Asia/Tokyo", week),
                60,
                "{week}"
            );
        }
    }

    #[test]
    fn dst_is_applied_per_zone_in_the_gap_between_us_and_eu_changes() {
        // 2026: the US springs forward on 8 March, the UK on 29 March. In the week of 16 March,
        // New York is 4 hours behind London instead of the usual 5.
        let london = [slot(Weekday::Tuesday, 18, 20)];
        let new_york = [slot(Weekday::Tuesday, 14, 16)];
        let gap_week = date(2026, 3, 16);
        let normal_week = date(2026, 4, 6);
        assert_eq!(
            overlap_minutes(
                &london,
                "Europe/London",
                &new_york,
                "America/New_York",
                gap_week
            ),
            120
        );
        assert_eq!(
            overlap_minutes(
                &london,
                "Europe/London",
                &new_york,
                "America/New_York",
                normal_week
            ),
            60
        );
        // And the autumn gap: the UK falls back on 25 October, the US on 1 November.
        assert_eq!(
            overlap_minutes(
                &london,
                "Europe/London",
                &new_york,
                "America/New_York",
                date(2026, 10, 26)
            ),
            120
        );
    }

    #[test]
    fn a_week_containing_a_clock_change_has_one_hour_more_or_less() {
        let all = every_day(0, 24);
        // Europe/London springs forward on Sunday 29 March 2026 (Monday 23 March week).
        let spring = ConcreteWeek::in_zone(&all, "Europe/London", date(2026, 3, 23));
        let utc = ConcreteWeek::in_zone(&all, "UTC", date(2026, 3, 23));
        assert_eq!(spring.overlap_minutes(&utc), 7 * 1440);
        // A slot across the gap lasts one real hour less.
        let night = [slot(Weekday::Sunday, 0, 4)];
        let week = date(2026, 3, 23);
        assert_eq!(
            ConcreteWeek::in_zone(&night, "Europe/London", week).minutes(),
            3 * 60
        );
        // And across the fold, one hour more.
        let night = [slot(Weekday::Sunday, 0, 4)];
        assert_eq!(
            ConcreteWeek::in_zone(&night, "Europe/London", date(2026, 10, 19)).minutes(),
            5 * 60
        );
    }

    #[test]
    fn overlap_is_described_in_the_mentee_zone() {
        let tz = TimeZone::get("Europe/London").unwrap();
        let mentee = ConcreteWeek::new(
            &[
                slot(Weekday::Monday, 18, 21),
                slot(Weekday::Tuesday, 18, 21),
                slot(Weekday::Saturday, 9, 11),
            ],
            &tz,
            date(2026, 6, 1),
        );
        let described = describe_overlap(mentee.intervals(), &tz);
        assert_eq!(
            described.iter().map(|t| t.label()).collect::<Vec<_>>(),
            vec!["weekday evenings", "weekend mornings"]
        );
        let mostly_evenings = ConcreteWeek::new(&every_day(17, 22), &tz, date(2026, 6, 1));
        let described = describe_overlap(mostly_evenings.intervals(), &tz);
        // Weekend evenings hold 2/7 of the shared time: at least a quarter, so they are named too.
        assert_eq!(
            described.iter().map(|t| t.label()).collect::<Vec<_>>(),
            vec!["weekday evenings", "weekend evenings"]
        );
        let mostly_weekday = ConcreteWeek::new(
            &[
                slot(Weekday::Monday, 18, 22),
                slot(Weekday::Tuesday, 18, 22),
                slot(Weekday::Sunday, 10, 11),
            ],
            &tz,
            date(2026, 6, 1),
        );
        assert_eq!(
            describe_overlap(mostly_weekday.intervals(), &tz),
            vec![TimeOfWeek {
                days: DayKind::Weekday,
                part: DayPart::Evening
            }]
        );
    }

    fn arb_slots() -> impl Strategy<Value = Vec<WeeklySlot>> {
        prop::collection::vec((0usize..7, 0u16..1440, 1u16..600), 0..6).prop_map(|raw| {
            raw.into_iter()
                .map(|(d, start, len)| WeeklySlot {
                    weekday: Weekday::ALL[d],
                    start_minute: start,
                    end_minute: (start + len).min(MINUTES_PER_DAY),
                })
                .collect()
        })
    }

    const ZONES: [&str; 6] = [
        "Europe/London",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "UTC",
        "America/St_Johns",
    ];

    proptest! {
        #[test]
        fn overlap_is_symmetric_and_bounded(
            a in arb_slots(), b in arb_slots(), za in 0usize..6, zb in 0usize..6, day in 0i64..365,
        ) {
            let week = date(2026, 1, 1).checked_add(day.days()).unwrap();
            let ab = overlap_minutes(&a, ZONES[za], &b, ZONES[zb], week);
            let ba = overlap_minutes(&b, ZONES[zb], &a, ZONES[za], week);
            prop_assert_eq!(ab, ba);
            let a_week = ConcreteWeek::in_zone(&a, ZONES[za], week);
            let b_week = ConcreteWeek::in_zone(&b, ZONES[zb], week);
            prop_assert!(ab <= a_week.minutes().min(b_week.minutes()));
            prop_assert_eq!(a_week.overlap_minutes(&a_week), a_week.minutes());
        }

        #[test]
        fn normalising_keeps_the_same_time(a in arb_slots()) {
            prop_assume!(!a.is_empty());
            let normal = normalize_slots(&a).unwrap();
            prop_assert_eq!(normalize_slots(&normal).unwrap(), normal.clone());
            let week = date(2026, 6, 1);
            prop_assert_eq!(
                ConcreteWeek::in_zone(&a, "Europe/Paris", week),
                ConcreteWeek::in_zone(&normal, "Europe/Paris", week)
            );
            for pair in normal.windows(2) {
                prop_assert!(
                    pair[0].weekday < pair[1].weekday || pair[0].end_minute < pair[1].start_minute
                );
            }
        }
    }
}
