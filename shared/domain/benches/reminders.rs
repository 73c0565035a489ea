//! The `reminders` benchmark: one recomputation of a mentor's reminder schedule
//! ([`reminders`]) with 10 active mentees, each with a weekly session series that has run for a
//! year (52+ weeks of history with a few cancelled and moved occurrences and held/missed
//! outcomes) and continues, plus last-contact times and the mentees' check-ins. `now` is
//! Thursday 22 October 2026 in Europe/London, so the 14-day horizon crosses the end of British
//! Summer Time (Sunday 25 October); quiet hours and names are on, so every path runs.
//!
//! Run with `cargo bench -p domain --bench reminders`. The data is fixed (no randomness), so
//! every run computes the same schedule.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use domain::TimestampMs;
use domain::checkins::{CheckIn, DAY_MS};
use domain::relationship::{
    Actor, Agreement, Cadence, HOUR_MS, Relationship, RelationshipState, ResponseWindow,
};
use domain::reminders::{
    KnownName, LastContact, QuietHours, ReminderInputs, ReminderSettings, reminders,
};
use domain::sessions::{
    LocalDateTime, OccurrenceStatus, Recurrence, SessionAction, SessionFormat, SessionSeries,
    apply, local_to_instant,
};
use jiff::ToSpan;
use jiff::civil::datetime;
use jiff::tz::TimeZone;
use uuid::Uuid;

const LONDON: &str = "Europe/London";
const MENTEES: u16 = 10;
const MENTOR: Uuid = Uuid::from_u128(0xB0);

fn london(local: LocalDateTime) -> TimestampMs {
    local_to_instant(&TimeZone::get(LONDON).expect("bundled zone"), local).expect("valid time")
}

/// Thursday 22 October 2026, 12:00 London (BST); clocks go back on Sunday 25 October.
fn now() -> TimestampMs {
    london(datetime(2026, 10, 22, 12, 0, 0, 0))
}

fn mentee_id(i: u16) -> Uuid {
    Uuid::from_u128(0xE0 + u128::from(i))
}

fn relationship_id(i: u16) -> Uuid {
    Uuid::from_u128(0x10 + u128::from(i))
}

/// Active since early October 2025.
fn relationship(i: u16) -> Relationship {
    let requested_at = london(datetime(2025, 10, 1, 10, 0, 0, 0)) + i64::from(i) * HOUR_MS;
    let mut r = Relationship::request(
        relationship_id(i),
        Uuid::from_u128(0x100),
        mentee_id(i),
        MENTOR,
        Agreement::standard(1, Cadence::Weekly),
        ResponseWindow::default(),
        requested_at,
    )
    .expect("valid request");
    r.state = RelationshipState::Active;
    r.activated_at = Some(requested_at + 2 * DAY_MS);
    r
}

fn act(
    series: &SessionSeries,
    actor: Actor,
    action: &SessionAction,
    at: TimestampMs,
) -> SessionSeries {
    apply(series, actor, action, at).expect("allowed action")
}

/// Weekly from a day of the week of 20–26 October 2025 (17:00, 18:00 or 19:00), accepted, with
/// a year of history: every 13th week cancelled, every 11th moved a day later, the rest marked
/// held (every 7th missed). Mentee 0's session in the DST week is cancelled and mentee 1's is
/// moved across the change.
fn series(i: u16) -> SessionSeries {
    let first = datetime(
        2025,
        10,
        20 + i8::try_from(i % 7).expect("small"),
        17,
        0,
        0,
        0,
    )
    .checked_add(i64::from(i % 3).hours())
    .expect("valid start");
    let proposed = SessionSeries::propose(
        Uuid::from_u128(0x50 + u128::from(i)),
        relationship_id(i),
        Actor::Mentor,
        SessionFormat::Video {
            link: format!("https://meet.example/{i}"),
        },
        LONDON,
        first,
        60,
        Recurrence::Weekly,
    )
    .expect("valid proposal");
    let start = proposed
        .occurrence(first)
        .expect("first occurrence")
        .starts_at;
    let mut s = act(
        &proposed,
        Actor::Mentee,
        &SessionAction::Accept {},
        start - 7 * DAY_MS,
    );
    let now = now();
    let offset = i64::from(i);
    for week in 0_i64.. {
        let key = first.checked_add((7 * week).days()).expect("valid key");
        let planned = s.occurrence(key).expect("scheduled").starts_at;
        if planned >= now {
            break;
        }
        let occurrence_key = key;
        if (week + offset) % 13 == 5 {
            let action = SessionAction::CancelOccurrence {
                occurrence_key,
                reason: "Unwell".to_owned(),
            };
            s = act(&s, Actor::Mentee, &action, planned - 2 * DAY_MS);
            continue;
        }
        let starts_at = if (week + offset) % 11 == 7 {
            let starts_at = planned + DAY_MS;
            let action = SessionAction::MoveOccurrence {
                occurrence_key,
                starts_at,
            };
            s = act(&s, Actor::Mentor, &action, planned - 3 * DAY_MS);
            starts_at
        } else {
            planned
        };
        if starts_at >= now {
            continue;
        }
        let action = if (week + offset) % 7 == 3 {
            SessionAction::MarkMissed { occurrence_key }
        } else {
            SessionAction::MarkHeld { occurrence_key }
        };
        s = act(&s, Actor::Mentor, &action, starts_at + 2 * HOUR_MS);
    }
    // This week's and next week's changes, made now.
    let upcoming: Vec<LocalDateTime> = (52..56)
        .map(|week| first.checked_add((7 * week).days()).expect("valid key"))
        .filter(|&key| {
            s.occurrence(key)
                .is_some_and(|o| o.status == OccurrenceStatus::Scheduled && o.starts_at > now)
        })
        .collect();
    if let Some(&occurrence_key) = upcoming.first() {
        let action = match i {
            0 => Some(SessionAction::CancelOccurrence {
                occurrence_key,
                reason: "Away".to_owned(),
            }),
            1 => Some(SessionAction::MoveOccurrence {
                occurrence_key,
                starts_at: london(datetime(2026, 10, 26, 18, 30, 0, 0)),
            }),
            _ => None,
        };
        if let Some(action) = action {
            s = act(&s, Actor::Mentee, &action, now);
        }
    }
    s
}

/// Two check-ins a week for each mentee over the year (for a mentor they are passed through).
fn checkins() -> Vec<CheckIn> {
    let now = now();
    let mut all = Vec::new();
    for i in 0..MENTEES {
        let mut at = london(datetime(2025, 10, 5, 20, 0, 0, 0)) + i64::from(i) * HOUR_MS;
        let mut n: u8 = 0;
        while at < now {
            let id = Uuid::from_u128((0xC << 64) + (u128::from(i) << 16) + u128::from(n));
            let mood = 1 + (n + u8::try_from(i).expect("small")) % 5;
            all.push(
                CheckIn::new(id, mentee_id(i), at, mood, Some("ok"), n.is_multiple_of(2))
                    .expect("valid check-in"),
            );
            at += if n.is_multiple_of(2) {
                3 * DAY_MS
            } else {
                4 * DAY_MS
            };
            n = n.wrapping_add(1);
        }
    }
    all
}

/// The last contact of each relationship: from 13 hours to about 7 days ago.
fn last_contact() -> Vec<LastContact> {
    let now = now();
    (0..MENTEES)
        .map(|i| LastContact {
            relationship_id: relationship_id(i),
            at: now - (1 + 2 * i64::from(i)) * 13 * HOUR_MS,
        })
        .collect()
}

fn names() -> Vec<KnownName> {
    (0..MENTEES)
        .map(|i| KnownName {
            person_id: mentee_id(i),
            display_name: format!("Mentee {i}"),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let relationships: Vec<Relationship> = (0..MENTEES).map(relationship).collect();
    let sessions: Vec<SessionSeries> = (0..MENTEES).map(series).collect();
    let checkins = checkins();
    let last_contact = last_contact();
    let names = names();
    let mut settings = ReminderSettings::new(LONDON);
    settings.quiet_hours = Some(QuietHours::new(22 * 60, 7 * 60).expect("valid quiet hours"));
    settings.show_names = true;
    settings.checkin_prompt = true;
    let inputs = ReminderInputs {
        person_id: MENTOR,
        relationships: &relationships,
        sessions: &sessions,
        checkins: &checkins,
        last_contact: &last_contact,
        names: &names,
        settings: &settings,
        now: now(),
    };

    let start = Instant::now();
    let planned = reminders(&inputs);
    let once = start.elapsed();
    let history: usize = sessions
        .iter()
        .map(|s| s.outcomes.len() + s.exceptions.len())
        .sum();
    println!(
        "reminders: {} mentees, {history} outcomes and exceptions, {} check-ins -> {} reminders \
         (one run: {once:.2?})",
        relationships.len(),
        checkins.len(),
        planned.len()
    );

    let mut group = c.benchmark_group("reminders");
    group.sample_size(30);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("mentor_10_mentees_year_of_weekly_sessions_dst_week", |b| {
        b.iter(|| reminders(black_box(&inputs)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
