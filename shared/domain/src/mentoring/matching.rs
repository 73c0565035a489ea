//! Matching: hard filters, a weighted score, plain-language explanations, and ranking.
//!
//! Start with [`rank`]: it drops every mentor a hard filter refuses ([`Ineligible`] says why),
//! scores the rest with the program's [`MatchWeights`], and returns the best few as [`Proposal`]s,
//! ties broken by mentor id so the same input always gives the same list, whatever the order of
//! the candidates. [`CandidatePool`] does the time-zone work for a set of mentors once, for servers
//! that rank many requests against the same pool. [`score_matrix`] produces the per-pair scores
//! that [`crate::assignment`] turns into an exact batch assignment.
//!
//! Availability is compared in one concrete reference week (see
//! [`availability`](crate::mentoring::availability)); callers pass the week the match would start,
//! usually the coming Monday.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::BuildHasher;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::account::FieldError;
use crate::mentoring::availability::{
    ConcreteWeek, TimeOfWeek, describe_overlap, reference_window, shared_intervals, shared_minutes,
};
use crate::mentoring::profile::{
    MAX_CAPACITY, MenteeRequest, MentorApplication, SessionFormat, distance_km, folded,
    primary_language, same_words,
};

/// Weekly overlap at which the availability factor gives its full points (10 hours).
pub const FULL_OVERLAP_MINUTES: u32 = 600;
/// Time-zone distance at which the time-zone factor gives no points (12 hours).
pub const FAR_TIME_ZONE_MINUTES: u32 = 720;
/// Largest accepted weight.
pub const MAX_WEIGHT: u32 = 1000;

/// A mentor as the server knows them when ranking: their application and their current state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorCandidate {
    /// Unique among the candidates being ranked.
    pub mentor_id: Uuid,
    pub application: MentorApplication,
    /// A coordinator approved the application (and has not withdrawn approval).
    pub approved: bool,
    /// The mentor paused: no new matches for now.
    pub paused: bool,
    /// Relationships currently counting against capacity.
    pub active_mentees: u32,
}

impl MentorCandidate {
    /// How many more mentees this mentor can take now: 0 when unapproved, paused or full.
    pub fn remaining_capacity(&self) -> u32 {
        if self.approved && !self.paused {
            self.application
                .capacity
                .saturating_sub(self.active_mentees)
        } else {
            0
        }
    }
}

/// A program's matching settings: the points each factor can give, and two thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MatchWeights {
    /// Points for each lived-experience area both share.
    pub shared_area: u32,
    /// Points for each of the mentee's goal tags among the mentor's strengths.
    pub goal_strength: u32,
    /// Points for weekly availability overlap, reached at [`FULL_OVERLAP_MINUTES`] (linear below).
    pub availability: u32,
    /// Points for being in the same time zone, falling linearly to 0 at [`FAR_TIME_ZONE_MINUTES`].
    pub time_zone: u32,
    /// Points for meeting in person at 0 km, falling linearly to 0 at `max_in_person_km`. Only when
    /// both offer in-person sessions.
    pub in_person: u32,
    /// Points for a mentor with no current mentees, falling linearly to 0 at [`MAX_CAPACITY`].
    pub load_balance: u32,
    /// Hard filter: the least weekly overlap, in minutes, for a match to be possible.
    pub min_overlap_minutes: u32,
    /// Farthest distance for meeting in person. When in person is the only format both share, a
    /// mentor farther away (or with no location) is filtered out.
    pub max_in_person_km: u32,
}

impl Default for MatchWeights {
    fn default() -> Self {
        Self {
            shared_area: 30,
            goal_strength: 15,
            availability: 40,
            time_zone: 10,
            in_person: 20,
            load_balance: 10,
            min_overlap_minutes: 60,
            max_in_person_km: 25,
        }
    }
}

impl MatchWeights {
    /// Checks a program's settings: weights at most [`MAX_WEIGHT`], overlap 15 min to 48 h,
    /// in-person distance 1–500 km.
    pub fn validate(&self) -> Result<(), FieldError> {
        let weights = [
            (self.shared_area, "weights.shared_area"),
            (self.goal_strength, "weights.goal_strength"),
            (self.availability, "weights.availability"),
            (self.time_zone, "weights.time_zone"),
            (self.in_person, "weights.in_person"),
            (self.load_balance, "weights.load_balance"),
        ];
        for (weight, field) in weights {
            if weight > MAX_WEIGHT {
                return Err(FieldError::Invalid { field });
            }
        }
        if !(15..=48 * 60).contains(&self.min_overlap_minutes) {
            return Err(FieldError::Invalid {
                field: "weights.min_overlap_minutes",
            });
        }
        if !(1..=500).contains(&self.max_in_person_km) {
            return Err(FieldError::Invalid {
                field: "weights.max_in_person_km",
            });
        }
        Ok(())
    }
}

/// Why a mentor cannot be proposed to a mentee (a hard filter). Shown to coordinators only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Ineligible {
    #[error("the mentee left or blocked this mentor")]
    Excluded,
    #[error("the mentor is not approved")]
    NotApproved,
    #[error("the mentor has paused new matches")]
    Paused,
    #[error("the mentor has no capacity left")]
    NoCapacity,
    #[error("no language in common")]
    NoSharedLanguage,
    #[error("no session format in common")]
    NoSharedFormat,
    #[error("in person is the only shared format and the mentor is too far away")]
    TooFar,
    #[error("the mentor has not shared a gender matching the mentee's preference")]
    GenderPreferenceNotMet,
    #[error("the mentor has not shared a cultural background matching the mentee's preference")]
    CulturalBackgroundPreferenceNotMet,
    #[error("the mentor has not shared an age range within the mentee's preference")]
    AgeRangePreferenceNotMet,
    #[error("not enough weekly availability in common")]
    NotEnoughOverlap,
}

/// One reason a match scored, with its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Factor {
    /// Lived-experience areas both share.
    SharedAreas { areas: Vec<String>, points: i64 },
    /// The mentee's goal tags that are among the mentor's strengths.
    GoalsMatchStrengths { tags: Vec<String>, points: i64 },
    /// Weekly time both are available, and when that mostly is in the mentee's zone.
    AvailabilityOverlap {
        minutes: u32,
        when: Vec<TimeOfWeek>,
        points: i64,
    },
    /// How far apart their clocks are during the reference week.
    TimeZoneDistance { minutes_apart: u32, points: i64 },
    /// Approximate distance for meeting in person.
    InPersonDistance { km: u32, points: i64 },
    /// The mentor has room: fewer current mentees score higher. (The count is not disclosed.)
    LoadBalance { points: i64 },
}

impl Factor {
    pub fn points(&self) -> i64 {
        match self {
            Factor::SharedAreas { points, .. }
            | Factor::GoalsMatchStrengths { points, .. }
            | Factor::AvailabilityOverlap { points, .. }
            | Factor::TimeZoneDistance { points, .. }
            | Factor::InPersonDistance { points, .. }
            | Factor::LoadBalance { points } => *points,
        }
    }
}

/// A mentor's score for one mentee: the total, the factors that scored (points > 0), and the
/// practical common ground (languages, formats) used in the explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchScore {
    pub total: i64,
    /// Primary language subtags both speak ("es"), in the mentee's order.
    pub shared_languages: Vec<String>,
    pub shared_formats: Vec<SessionFormat>,
    pub factors: Vec<Factor>,
}

/// A mentor proposed to a mentee, best first. The server adds the mentor's
/// [`MentorPublicProfile`](crate::mentoring::profile::MentorPublicProfile).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub mentor_id: Uuid,
    pub score: i64,
    /// "both of you: anxiety, Spanish; weekday evenings overlap 6 h; 1 hour apart".
    pub explanation: String,
    pub factors: Vec<Factor>,
}

/// A mentee waiting in a coordinator's intake, for [`score_matrix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingMentee {
    pub mentee_id: Uuid,
    pub request: MenteeRequest,
    /// Mentors this mentee left or blocked.
    pub excluded: HashSet<Uuid>,
}

/// Checks every hard filter for one pair; `Ok` means the mentor may be proposed.
pub fn eligibility<S: BuildHasher>(
    request: &MenteeRequest,
    candidate: &MentorCandidate,
    excluded: &HashSet<Uuid, S>,
    weights: &MatchWeights,
    reference_week: Date,
) -> Result<(), Ineligible> {
    let pool = CandidatePool::new(std::slice::from_ref(candidate), reference_week);
    let request = PreparedRequest::new(request, &pool);
    pool.fit(&request, &pool.entries[0], excluded, weights)
        .map(|_| ())
}

/// The soft score for one pair, whether or not the hard filters pass (see [`evaluate`]).
pub fn score(
    request: &MenteeRequest,
    candidate: &MentorCandidate,
    weights: &MatchWeights,
    reference_week: Date,
) -> MatchScore {
    let pool = CandidatePool::new(std::slice::from_ref(candidate), reference_week);
    let request = PreparedRequest::new(request, &pool);
    let entry = &pool.entries[0];
    pool.details(&request, entry, &pool.measure(&request, entry), weights)
}

/// The hard filters, then the score, for one pair.
pub fn evaluate<S: BuildHasher>(
    request: &MenteeRequest,
    candidate: &MentorCandidate,
    excluded: &HashSet<Uuid, S>,
    weights: &MatchWeights,
    reference_week: Date,
) -> Result<MatchScore, Ineligible> {
    let pool = CandidatePool::new(std::slice::from_ref(candidate), reference_week);
    let request = PreparedRequest::new(request, &pool);
    let entry = &pool.entries[0];
    let fit = pool.fit(&request, entry, excluded, weights)?;
    Ok(pool.details(&request, entry, &fit, weights))
}

/// The best `limit` mentors for a mentee, best first. See [`CandidatePool::rank`].
pub fn rank<S: BuildHasher>(
    request: &MenteeRequest,
    candidates: &[MentorCandidate],
    excluded: &HashSet<Uuid, S>,
    weights: &MatchWeights,
    reference_week: Date,
    limit: usize,
) -> Vec<Proposal> {
    CandidatePool::new(candidates, reference_week).rank(request, excluded, weights, limit)
}

/// Scores for every (mentee, mentor) pair of an intake: `result[i][j]` is mentee `i` with mentor
/// `j`, `None` when a hard filter refuses the pair. Feed it with [`remaining_capacities`] to
/// [`crate::assignment`].
pub fn score_matrix(
    mentees: &[WaitingMentee],
    candidates: &[MentorCandidate],
    weights: &MatchWeights,
    reference_week: Date,
) -> Vec<Vec<Option<i64>>> {
    let pool = CandidatePool::new(candidates, reference_week);
    mentees
        .iter()
        .map(|mentee| {
            let request = PreparedRequest::new(&mentee.request, &pool);
            pool.entries
                .iter()
                .map(|entry| {
                    pool.fit(&request, entry, &mentee.excluded, weights)
                        .ok()
                        .map(|fit| fit.total(weights))
                })
                .collect()
        })
        .collect()
}

/// How many more mentees each candidate can take, in order (see
/// [`MentorCandidate::remaining_capacity`]).
pub fn remaining_capacities(candidates: &[MentorCandidate]) -> Vec<u32> {
    candidates
        .iter()
        .map(MentorCandidate::remaining_capacity)
        .collect()
}

/// Mentors prepared for one reference week, laid out for fast ranking.
///
/// Each mentor's availability is pinned to absolute time once, and their languages, areas and
/// strengths are interned into small integer ids kept in flat arrays, so ranking a large pool
/// (or many requests against the same pool) does no repeated time-zone or string work and stays
/// cache-friendly.
#[derive(Debug, Clone)]
pub struct CandidatePool<'a> {
    reference_week: Date,
    entries: Vec<PreparedCandidate<'a>>,
    /// Interned ids, referenced by each entry's `languages`, `areas` and `strengths`.
    ids: Vec<u32>,
    /// Absolute availability intervals, referenced by each entry's `week`.
    intervals: Vec<(i64, i64)>,
    /// Lower-cased primary language subtag → id.
    languages: HashMap<String, u32>,
    /// Folded area or tag (lower case, single spaces) → id.
    labels: HashMap<String, u32>,
}

/// A run of a pool's flat arrays.
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    start: u32,
    len: u32,
}

impl Run {
    fn of<T>(self, items: &[T]) -> &[T] {
        let start = self.start as usize;
        &items[start..start + self.len as usize]
    }
}

#[derive(Debug, Clone)]
struct PreparedCandidate<'a> {
    candidate: &'a MentorCandidate,
    mentor_id: Uuid,
    /// Approval, pause and capacity, checked once.
    status: Result<(), Ineligible>,
    formats: u8,
    /// Distinct ids, sorted.
    languages: Run,
    areas: Run,
    strengths: Run,
    week: Run,
    /// UTC offset in seconds in the middle of the reference week; `None` for an unknown zone.
    offset: Option<i32>,
    /// `(lat_e2, lon_e2)`.
    location: Option<(i32, i32)>,
    active_mentees: u32,
}

struct PreparedRequest<'r> {
    request: &'r MenteeRequest,
    week: ConcreteWeek,
    tz: Option<TimeZone>,
    offset: Option<i32>,
    formats: u8,
    /// Distinct pool ids; items no mentor in the pool has are left out (they cannot match).
    languages: Vec<u32>,
    areas: Vec<u32>,
    goal_tags: Vec<u32>,
}

impl<'a> CandidatePool<'a> {
    pub fn new(candidates: &'a [MentorCandidate], reference_week: Date) -> Self {
        let mut pool = Self {
            reference_week,
            entries: Vec::with_capacity(candidates.len()),
            ids: Vec::new(),
            intervals: Vec::new(),
            languages: HashMap::new(),
            labels: HashMap::new(),
        };
        let mut zones: HashMap<&str, Option<TimeZone>> = HashMap::new();
        for candidate in candidates {
            let application = &candidate.application;
            let tz = zones
                .entry(application.time_zone.as_str())
                .or_insert_with(|| TimeZone::get(&application.time_zone).ok());
            let (week, offset) = pin(&application.availability, tz.as_ref(), reference_week);
            let status = if !candidate.approved {
                Err(Ineligible::NotApproved)
            } else if candidate.paused {
                Err(Ineligible::Paused)
            } else if candidate.active_mentees >= application.capacity {
                Err(Ineligible::NoCapacity)
            } else {
                Ok(())
            };
            let languages = application
                .languages
                .iter()
                .map(|tag| intern(&mut pool.languages, language_key(tag)))
                .collect();
            let areas = application
                .areas
                .iter()
                .map(|area| intern(&mut pool.labels, label_key(area)))
                .collect();
            let strengths = application
                .strengths
                .iter()
                .map(|tag| intern(&mut pool.labels, label_key(tag)))
                .collect();
            let entry = PreparedCandidate {
                candidate,
                mentor_id: candidate.mentor_id,
                status,
                formats: format_mask(&application.formats),
                languages: push_ids(&mut pool.ids, languages),
                areas: push_ids(&mut pool.ids, areas),
                strengths: push_ids(&mut pool.ids, strengths),
                week: push_run(&mut pool.intervals, week.intervals()),
                offset,
                location: application.location.as_ref().map(|l| (l.lat_e2, l.lon_e2)),
                active_mentees: candidate.active_mentees,
            };
            pool.entries.push(entry);
        }
        pool
    }

    /// The best `limit` mentors for a mentee, best first: hard filters, then score (highest
    /// first), ties broken by the smaller mentor id. The result depends only on the set of
    /// candidates, not their order (mentor ids are assumed unique).
    pub fn rank<S: BuildHasher>(
        &self,
        request: &MenteeRequest,
        excluded: &HashSet<Uuid, S>,
        weights: &MatchWeights,
        limit: usize,
    ) -> Vec<Proposal> {
        if limit == 0 {
            return Vec::new();
        }
        let request = PreparedRequest::new(request, self);
        let mut hits: Vec<(Reverse<i64>, Uuid, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                let fit = self.fit(&request, entry, excluded, weights).ok()?;
                Some((Reverse(fit.total(weights)), entry.mentor_id, i))
            })
            .collect();
        let key = |hit: &(Reverse<i64>, Uuid, usize)| (hit.0, hit.1);
        if hits.len() > limit {
            hits.select_nth_unstable_by_key(limit, key);
            hits.truncate(limit);
        }
        hits.sort_unstable_by_key(key);
        hits.into_iter()
            .map(|(_, mentor_id, i)| {
                let entry = &self.entries[i];
                let score = self.details(&request, entry, &self.measure(&request, entry), weights);
                Proposal {
                    mentor_id,
                    score: score.total,
                    explanation: explain(&score),
                    factors: score.factors,
                }
            })
            .collect()
    }

    /// The reference week the pool was prepared for.
    pub fn reference_week(&self) -> Date {
        self.reference_week
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'r> PreparedRequest<'r> {
    fn new(request: &'r MenteeRequest, pool: &CandidatePool<'_>) -> Self {
        let tz = TimeZone::get(&request.time_zone).ok();
        let (week, offset) = pin(&request.availability, tz.as_ref(), pool.reference_week);
        let lookup = |map: &HashMap<String, u32>, keys: Vec<String>| {
            let mut ids: Vec<u32> = keys.iter().filter_map(|k| map.get(k).copied()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        Self {
            request,
            week,
            tz,
            offset,
            formats: format_mask(&request.formats),
            languages: lookup(
                &pool.languages,
                request.languages.iter().map(|t| language_key(t)).collect(),
            ),
            areas: lookup(
                &pool.labels,
                request.areas.iter().map(|a| label_key(a)).collect(),
            ),
            goal_tags: lookup(
                &pool.labels,
                request.goal_tags.iter().map(|t| label_key(t)).collect(),
            ),
        }
    }
}

/// How two language tags are compared: the primary subtag, lower-cased.
fn language_key(tag: &str) -> String {
    primary_language(tag).to_ascii_lowercase()
}

/// How areas and tags are compared: the same equivalence as [`same_words`].
fn label_key(label: &str) -> String {
    folded(label).collect()
}

fn intern(map: &mut HashMap<String, u32>, key: String) -> u32 {
    let next = u32::try_from(map.len()).unwrap_or(u32::MAX);
    *map.entry(key).or_insert(next)
}

fn push_ids(arena: &mut Vec<u32>, mut ids: Vec<u32>) -> Run {
    ids.sort_unstable();
    ids.dedup();
    push_run(arena, &ids)
}

fn push_run<T: Copy>(arena: &mut Vec<T>, items: &[T]) -> Run {
    let run = Run {
        start: u32::try_from(arena.len()).expect("pool arena fits in u32"),
        len: u32::try_from(items.len()).expect("run fits in u32"),
    };
    arena.extend_from_slice(items);
    run
}

/// How many ids both sorted, distinct lists hold.
fn count_shared(mine: &[u32], theirs: &[u32]) -> u32 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < mine.len() && j < theirs.len() {
        match mine[i].cmp(&theirs[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Slots pinned to the reference week, and the zone's offset in the middle of that week.
fn pin(
    slots: &[crate::mentoring::availability::WeeklySlot],
    tz: Option<&TimeZone>,
    reference_week: Date,
) -> (ConcreteWeek, Option<i32>) {
    let Some(tz) = tz else {
        return (ConcreteWeek::default(), None);
    };
    let (start, end) = reference_window(reference_week);
    let middle = Timestamp::from_second(start + (end - start) / 2).ok();
    (
        ConcreteWeek::new(slots, tz, reference_week),
        middle.map(|m| tz.to_offset(m).seconds()),
    )
}

fn format_mask(formats: &[SessionFormat]) -> u8 {
    formats.iter().fold(0, |mask, f| mask | (1 << *f as u8))
}

const IN_PERSON: u8 = 1 << SessionFormat::InPerson as u8;

/// The measurable facts about a pair, from which every factor's points follow.
#[derive(Debug, Clone, Copy)]
struct Fit {
    shared_areas: u32,
    shared_goals: u32,
    overlap_minutes: u32,
    minutes_apart: Option<u32>,
    /// Only when both offer in person and both gave a location.
    in_person_km: Option<u32>,
    active_mentees: u32,
}

impl Fit {
    fn area_points(&self, w: &MatchWeights) -> i64 {
        i64::from(w.shared_area) * i64::from(self.shared_areas)
    }

    fn goal_points(&self, w: &MatchWeights) -> i64 {
        i64::from(w.goal_strength) * i64::from(self.shared_goals)
    }

    fn availability_points(&self, w: &MatchWeights) -> i64 {
        linear(
            w.availability,
            self.overlap_minutes.min(FULL_OVERLAP_MINUTES),
            FULL_OVERLAP_MINUTES,
        )
    }

    fn time_zone_points(&self, w: &MatchWeights) -> i64 {
        self.minutes_apart.map_or(0, |apart| {
            linear(
                w.time_zone,
                FAR_TIME_ZONE_MINUTES - apart.min(FAR_TIME_ZONE_MINUTES),
                FAR_TIME_ZONE_MINUTES,
            )
        })
    }

    fn in_person_points(&self, w: &MatchWeights) -> i64 {
        match self.in_person_km {
            Some(km) if km <= w.max_in_person_km && w.max_in_person_km > 0 => {
                linear(w.in_person, w.max_in_person_km - km, w.max_in_person_km)
            }
            _ => 0,
        }
    }

    fn load_points(&self, w: &MatchWeights) -> i64 {
        linear(
            w.load_balance,
            MAX_CAPACITY - self.active_mentees.min(MAX_CAPACITY),
            MAX_CAPACITY,
        )
    }

    fn total(&self, w: &MatchWeights) -> i64 {
        self.area_points(w)
            + self.goal_points(w)
            + self.availability_points(w)
            + self.time_zone_points(w)
            + self.in_person_points(w)
            + self.load_points(w)
    }
}

/// `weight × part / whole`, rounded down.
fn linear(weight: u32, part: u32, whole: u32) -> i64 {
    i64::from(weight) * i64::from(part) / i64::from(whole.max(1))
}

fn preferences_met(request: &MenteeRequest, mentor: &MentorApplication) -> Result<(), Ineligible> {
    let Some(preferences) = &request.preferences else {
        return Ok(());
    };
    let identity = mentor.identity.as_ref();
    let shared_matches = |wanted: Option<&String>, shared: Option<&String>| match wanted {
        None => true,
        Some(wanted) => shared.is_some_and(|shared| same_words(wanted, shared)),
    };
    if !shared_matches(
        preferences.gender.as_ref(),
        identity.and_then(|i| i.gender.as_ref()),
    ) {
        return Err(Ineligible::GenderPreferenceNotMet);
    }
    if !shared_matches(
        preferences.cultural_background.as_ref(),
        identity.and_then(|i| i.cultural_background.as_ref()),
    ) {
        return Err(Ineligible::CulturalBackgroundPreferenceNotMet);
    }
    if let Some(wanted) = preferences.age_range
        && !identity
            .and_then(|i| i.age_range)
            .is_some_and(|shared| wanted.contains(shared))
    {
        return Err(Ineligible::AgeRangePreferenceNotMet);
    }
    Ok(())
}

/// Distinct items of `mine` also in `theirs` (case- and spacing-insensitive), in `mine`'s order.
/// As a set, the same whichever side is `mine`.
fn shared_items<'m>(mine: &'m [String], theirs: &[String]) -> impl Iterator<Item = &'m String> {
    mine.iter().enumerate().filter_map(move |(i, item)| {
        let first = !mine[..i].iter().any(|earlier| same_words(earlier, item));
        (first && theirs.iter().any(|other| same_words(other, item))).then_some(item)
    })
}

/// Distinct primary languages of `mine` also spoken in `theirs`, in `mine`'s order.
fn shared_languages<'m>(mine: &'m [String], theirs: &[String]) -> impl Iterator<Item = &'m str> {
    mine.iter().enumerate().filter_map(move |(i, tag)| {
        let language = primary_language(tag);
        let same = |other: &String| primary_language(other).eq_ignore_ascii_case(language);
        let first = !mine[..i].iter().any(same);
        (first && theirs.iter().any(same)).then_some(language)
    })
}

impl CandidatePool<'_> {
    /// The hard filters, cheapest first, then the facts for scoring.
    fn fit<S: BuildHasher>(
        &self,
        request: &PreparedRequest<'_>,
        entry: &PreparedCandidate<'_>,
        excluded: &HashSet<Uuid, S>,
        weights: &MatchWeights,
    ) -> Result<Fit, Ineligible> {
        if !excluded.is_empty() && excluded.contains(&entry.mentor_id) {
            return Err(Ineligible::Excluded);
        }
        entry.status?;
        if count_shared(&request.languages, entry.languages.of(&self.ids)) == 0 {
            return Err(Ineligible::NoSharedLanguage);
        }
        let shared_formats = request.formats & entry.formats;
        if shared_formats == 0 {
            return Err(Ineligible::NoSharedFormat);
        }
        if request.request.preferences.is_some() {
            preferences_met(request.request, &entry.candidate.application)?;
        }
        let fit = self.measure(request, entry);
        if shared_formats == IN_PERSON
            && fit
                .in_person_km
                .is_none_or(|km| km > weights.max_in_person_km)
        {
            return Err(Ineligible::TooFar);
        }
        if fit.overlap_minutes < weights.min_overlap_minutes.max(1) {
            return Err(Ineligible::NotEnoughOverlap);
        }
        Ok(fit)
    }

    /// The facts for scoring, without any hard filter.
    fn measure(&self, request: &PreparedRequest<'_>, entry: &PreparedCandidate<'_>) -> Fit {
        let both_in_person = request.formats & entry.formats & IN_PERSON != 0;
        let in_person_km = match (&request.request.location, entry.location) {
            (Some(a), Some((lat_e2, lon_e2))) if both_in_person => {
                Some(distance_km(a.lat_e2, a.lon_e2, lat_e2, lon_e2))
            }
            _ => None,
        };
        Fit {
            shared_areas: count_shared(&request.areas, entry.areas.of(&self.ids)),
            shared_goals: count_shared(&request.goal_tags, entry.strengths.of(&self.ids)),
            overlap_minutes: shared_minutes(
                request.week.intervals(),
                entry.week.of(&self.intervals),
            ),
            minutes_apart: match (request.offset, entry.offset) {
                (Some(a), Some(b)) => Some((a - b).unsigned_abs() / 60),
                _ => None,
            },
            in_person_km,
            active_mentees: entry.active_mentees,
        }
    }

    /// The full score with its factors (only those with points), for the pairs that are shown.
    fn details(
        &self,
        request: &PreparedRequest<'_>,
        entry: &PreparedCandidate<'_>,
        fit: &Fit,
        w: &MatchWeights,
    ) -> MatchScore {
        let mentor = &entry.candidate.application;
        let mut factors = Vec::new();
        let points = fit.area_points(w);
        if points > 0 {
            factors.push(Factor::SharedAreas {
                areas: shared_items(&request.request.areas, &mentor.areas)
                    .cloned()
                    .collect(),
                points,
            });
        }
        let points = fit.goal_points(w);
        if points > 0 {
            factors.push(Factor::GoalsMatchStrengths {
                tags: shared_items(&request.request.goal_tags, &mentor.strengths)
                    .cloned()
                    .collect(),
                points,
            });
        }
        let points = fit.availability_points(w);
        if points > 0 {
            let when = request.tz.as_ref().map_or_else(Vec::new, |tz| {
                describe_overlap(
                    &shared_intervals(request.week.intervals(), entry.week.of(&self.intervals)),
                    tz,
                )
            });
            factors.push(Factor::AvailabilityOverlap {
                minutes: fit.overlap_minutes,
                when,
                points,
            });
        }
        let points = fit.time_zone_points(w);
        if let (Some(minutes_apart), true) = (fit.minutes_apart, points > 0) {
            factors.push(Factor::TimeZoneDistance {
                minutes_apart,
                points,
            });
        }
        let points = fit.in_person_points(w);
        if let (Some(km), true) = (fit.in_person_km, points > 0) {
            factors.push(Factor::InPersonDistance { km, points });
        }
        let points = fit.load_points(w);
        if points > 0 {
            factors.push(Factor::LoadBalance { points });
        }
        let shared_formats = SessionFormat::ALL
            .into_iter()
            .filter(|f| request.formats & entry.formats & (1 << *f as u8) != 0)
            .collect();
        MatchScore {
            total: fit.total(w),
            shared_languages: shared_languages(&request.request.languages, &mentor.languages)
                .map(str::to_ascii_lowercase)
                .collect(),
            shared_formats,
            factors,
        }
    }
}

/// A plain-language sentence from the factors that scored, e.g.
/// "both of you: anxiety, Spanish; weekday evenings overlap 6 h; 1 hour apart".
pub fn explain(score: &MatchScore) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut common: Vec<String> = Vec::new();
    for factor in &score.factors {
        if let Factor::SharedAreas { areas, .. } = factor {
            common.extend(areas.iter().cloned());
        }
    }
    common.extend(
        score
            .shared_languages
            .iter()
            .map(|tag| language_name(tag).to_owned()),
    );
    if !common.is_empty() {
        parts.push(format!("both of you: {}", common.join(", ")));
    }
    for factor in &score.factors {
        match factor {
            Factor::GoalsMatchStrengths { tags, .. } => {
                parts.push(format!("strong on your goals: {}", tags.join(", ")));
            }
            Factor::AvailabilityOverlap { minutes, when, .. } => {
                let labels: Vec<&str> = when.iter().map(|t| t.label()).collect();
                if labels.is_empty() {
                    parts.push(format!(
                        "free at the same times {} a week",
                        duration(*minutes)
                    ));
                } else {
                    parts.push(format!(
                        "{} overlap {}",
                        labels.join(" and "),
                        duration(*minutes)
                    ));
                }
            }
            Factor::TimeZoneDistance { minutes_apart, .. } => {
                parts.push(time_apart(*minutes_apart));
            }
            Factor::InPersonDistance { km, .. } => {
                parts.push(if *km == 0 {
                    "can meet in person, under 1 km away".to_owned()
                } else {
                    format!("can meet in person, about {km} km away")
                });
            }
            Factor::SharedAreas { .. } | Factor::LoadBalance { .. } => {}
        }
    }
    parts.join("; ")
}

/// "6 h", "6 h 30 min", "45 min".
fn duration(minutes: u32) -> String {
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let mut text = String::new();
    if hours > 0 {
        let _ = write!(text, "{hours} h");
    }
    if minutes > 0 {
        if !text.is_empty() {
            text.push(' ');
        }
        let _ = write!(text, "{minutes} min");
    }
    if text.is_empty() {
        text.push_str("0 min");
    }
    text
}

/// "same time zone", "1 hour apart", "5 hours apart", "30 minutes apart", "5 h 30 min apart".
fn time_apart(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 0) => "same time zone".to_owned(),
        (1, 0) => "1 hour apart".to_owned(),
        (hours, 0) => format!("{hours} hours apart"),
        (0, minutes) => format!("{minutes} minutes apart"),
        _ => format!("{} apart", duration(minutes)),
    }
}

/// English names for common language subtags; the tag itself otherwise.
fn language_name(tag: &str) -> &str {
    match tag {
        "ar" => "Arabic",
        "bn" => "Bengali",
        "ca" => "Catalan",
        "cy" => "Welsh",
        "da" => "Danish",
        "de" => "German",
        "el" => "Greek",
        "en" => "English",
        "es" => "Spanish",
        "eu" => "Basque",
        "fa" => "Persian",
        "fi" => "Finnish",
        "fr" => "French",
        "ga" => "Irish",
        "gd" => "Scottish Gaelic",
        "he" => "Hebrew",
        "hi" => "Hindi",
        "it" => "Italian",
        "ja" => "Japanese",
        "ko" => "Korean",
        "nb" | "nn" | "no" => "Norwegian",
        "nl" => "Dutch",
        "pa" => "Punjabi",
        "pl" => "Polish",
        "pt" => "Portuguese",
        "ro" => "Romanian",
        "ru" => "Russian",
        "so" => "Somali",
        "sv" => "Swedish",
        "sw" => "Swahili",
        "ta" => "Tamil",
        "tl" => "Tagalog",
        "tr" => "Turkish",
        "uk" => "Ukrainian",
        "ur" => "Urdu",
        "vi" => "Vietnamese",
        "zh" => "Chinese",
        other => other,
    }
}

#[cfg(test)]
mod tests;
