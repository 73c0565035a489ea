use super::*;
use crate::mentoring::availability::{DayKind, DayPart, Weekday, WeeklySlot, overlap_minutes};
use crate::mentoring::profile::{AgeRange, CoarseLocation, MentorPreferences, SharedIdentity};
use jiff::civil::date;
use proptest::prelude::*;

const WEEK: Date = date(2026, 6, 1);

fn slot(weekday: Weekday, start_hour: u16, end_hour: u16) -> WeeklySlot {
    WeeklySlot {
        weekday,
        start_minute: start_hour * 60,
        end_minute: end_hour * 60,
    }
}

fn place(city: &str, lat_e2: i32, lon_e2: i32) -> CoarseLocation {
    CoarseLocation {
        city: city.into(),
        region: None,
        lat_e2,
        lon_e2,
    }
}

fn london() -> CoarseLocation {
    place("London", 5151, -13)
}

fn croydon() -> CoarseLocation {
    place("Croydon", 5137, -10)
}

fn manchester() -> CoarseLocation {
    place("Manchester", 5348, -224)
}

fn mentor(id: u128) -> MentorCandidate {
    MentorCandidate {
        mentor_id: Uuid::from_u128(id),
        application: MentorApplication {
            areas: vec!["depression".into(), "anxiety".into()],
            stable_since: date(2020, 1, 1),
            training: vec![],
            references: vec![],
            languages: vec!["en-GB".into(), "es".into()],
            formats: vec![SessionFormat::Video, SessionFormat::Phone],
            availability: vec![
                slot(Weekday::Monday, 18, 21),
                slot(Weekday::Wednesday, 18, 21),
            ],
            time_zone: "Europe/London".into(),
            location: None,
            capacity: 3,
            bio: "Here to listen.".into(),
            identity: None,
            strengths: vec!["sleep".into(), "work".into()],
        },
        approved: true,
        paused: false,
        active_mentees: 1,
    }
}

fn request() -> MenteeRequest {
    MenteeRequest {
        areas: vec!["anxiety".into()],
        goals: "Back to work".into(),
        goal_tags: vec!["work".into()],
        languages: vec!["es-MX".into()],
        formats: vec![SessionFormat::Video],
        availability: vec![
            slot(Weekday::Monday, 19, 22),
            slot(Weekday::Wednesday, 19, 22),
        ],
        time_zone: "Europe/Madrid".into(),
        preferences: None,
        location: None,
    }
}

fn none() -> HashSet<Uuid> {
    HashSet::new()
}

fn check(request: &MenteeRequest, candidate: &MentorCandidate) -> Result<(), Ineligible> {
    eligibility(request, candidate, &none(), &MatchWeights::default(), WEEK)
}

#[test]
fn a_good_pair_is_eligible_and_explained() {
    let score = evaluate(
        &request(),
        &mentor(1),
        &none(),
        &MatchWeights::default(),
        WEEK,
    )
    .unwrap();
    // Madrid is London + 1 h: Monday and Wednesday 19:00–22:00 Madrid time are shared = 6 h.
    assert_eq!(
        score.factors,
        vec![
            Factor::SharedAreas {
                areas: vec!["anxiety".into()],
                points: 30
            },
            Factor::GoalsMatchStrengths {
                tags: vec!["work".into()],
                points: 15
            },
            Factor::AvailabilityOverlap {
                minutes: 360,
                when: vec![TimeOfWeek {
                    days: DayKind::Weekday,
                    part: DayPart::Evening
                }],
                points: 24
            },
            Factor::TimeZoneDistance {
                minutes_apart: 60,
                points: 9
            },
            Factor::LoadBalance { points: 9 },
        ]
    );
    assert_eq!(score.total, 30 + 15 + 24 + 9 + 9);
    assert_eq!(score.shared_languages, vec!["es"]);
    assert_eq!(score.shared_formats, vec![SessionFormat::Video]);
    assert_eq!(
        explain(&score),
        "both of you: anxiety, Spanish; strong on your goals: work; \
         weekday evenings overlap 6 h; 1 hour apart"
    );
}

#[test]
fn each_hard_filter_has_its_reason() {
    let req = request();
    let excluded: HashSet<Uuid> = [Uuid::from_u128(1)].into();
    assert_eq!(
        eligibility(&req, &mentor(1), &excluded, &MatchWeights::default(), WEEK),
        Err(Ineligible::Excluded)
    );
    assert_eq!(
        eligibility(&req, &mentor(2), &excluded, &MatchWeights::default(), WEEK),
        Ok(())
    );

    let mut m = mentor(1);
    m.approved = false;
    assert_eq!(check(&req, &m), Err(Ineligible::NotApproved));

    let mut m = mentor(1);
    m.paused = true;
    assert_eq!(check(&req, &m), Err(Ineligible::Paused));

    let mut m = mentor(1);
    m.active_mentees = 3;
    assert_eq!(check(&req, &m), Err(Ineligible::NoCapacity));
    m.active_mentees = 2;
    assert_eq!(check(&req, &m), Ok(()));

    let mut m = mentor(1);
    m.application.languages = vec!["en".into(), "fr".into()];
    assert_eq!(check(&req, &m), Err(Ineligible::NoSharedLanguage));
    m.application.languages = vec!["ES-es".into()];
    assert_eq!(check(&req, &m), Ok(()), "matched on the language part");

    let mut m = mentor(1);
    m.application.formats = vec![SessionFormat::Phone, SessionFormat::Messaging];
    assert_eq!(check(&req, &m), Err(Ineligible::NoSharedFormat));

    let mut m = mentor(1);
    m.application.availability = vec![slot(Weekday::Monday, 8, 12)];
    assert_eq!(check(&req, &m), Err(Ineligible::NotEnoughOverlap));
}

#[test]
fn the_overlap_threshold_is_inclusive() {
    let req = request();
    let mut m = mentor(1);
    // Monday 19:00–20:00 London = 20:00–21:00 Madrid: exactly 60 minutes.
    m.application.availability = vec![slot(Weekday::Monday, 19, 20)];
    assert_eq!(check(&req, &m), Ok(()));
    let strict = MatchWeights {
        min_overlap_minutes: 61,
        ..MatchWeights::default()
    };
    assert_eq!(
        eligibility(&req, &m, &none(), &strict, WEEK),
        Err(Ineligible::NotEnoughOverlap)
    );
}

#[test]
fn in_person_only_needs_a_mentor_close_enough() {
    let mut req = request();
    req.time_zone = "Europe/London".into();
    req.formats = vec![SessionFormat::InPerson];
    req.location = Some(london());
    let mut m = mentor(1);
    m.application.formats = vec![SessionFormat::InPerson, SessionFormat::Video];
    m.application.location = Some(croydon());
    let score = evaluate(&req, &m, &none(), &MatchWeights::default(), WEEK).unwrap();
    let km = london().distance_km(&croydon());
    assert!((15..=18).contains(&km), "{km}");
    assert!(score.factors.contains(&Factor::InPersonDistance {
        km,
        points: i64::from(20 * (25 - km) / 25)
    }));
    assert!(explain(&score).contains(&format!("can meet in person, about {km} km away")));

    m.application.location = Some(manchester());
    assert_eq!(check(&req, &m), Err(Ineligible::TooFar));
    m.application.location = None;
    assert_eq!(check(&req, &m), Err(Ineligible::TooFar), "unknown distance");

    // When another format is shared, distance is no longer a hard filter, only a missing bonus.
    req.formats = vec![SessionFormat::InPerson, SessionFormat::Video];
    m.application.location = Some(manchester());
    let score = evaluate(&req, &m, &none(), &MatchWeights::default(), WEEK).unwrap();
    assert!(
        !score
            .factors
            .iter()
            .any(|f| matches!(f, Factor::InPersonDistance { .. }))
    );
}

#[test]
fn a_preference_is_met_only_by_a_shared_matching_value() {
    let mut req = request();
    req.preferences = Some(MentorPreferences {
        gender: Some("woman".into()),
        ..MentorPreferences::default()
    });
    let mut m = mentor(1);
    assert_eq!(check(&req, &m), Err(Ineligible::GenderPreferenceNotMet));
    m.application.identity = Some(SharedIdentity {
        gender: Some("Man".into()),
        ..SharedIdentity::default()
    });
    assert_eq!(check(&req, &m), Err(Ineligible::GenderPreferenceNotMet));
    m.application.identity = Some(SharedIdentity {
        gender: Some("Woman".into()),
        ..SharedIdentity::default()
    });
    assert_eq!(check(&req, &m), Ok(()), "case-insensitive");

    req.preferences = Some(MentorPreferences {
        cultural_background: Some("British  Bangladeshi".into()),
        ..MentorPreferences::default()
    });
    assert_eq!(
        check(&req, &m),
        Err(Ineligible::CulturalBackgroundPreferenceNotMet)
    );
    m.application.identity = Some(SharedIdentity {
        cultural_background: Some("british bangladeshi".into()),
        ..SharedIdentity::default()
    });
    assert_eq!(check(&req, &m), Ok(()));

    req.preferences = Some(MentorPreferences {
        age_range: Some(AgeRange { from: 30, to: 45 }),
        ..MentorPreferences::default()
    });
    assert_eq!(check(&req, &m), Err(Ineligible::AgeRangePreferenceNotMet));
    m.application.identity = Some(SharedIdentity {
        age_range: Some(AgeRange { from: 40, to: 49 }),
        ..SharedIdentity::default()
    });
    assert_eq!(
        check(&req, &m),
        Err(Ineligible::AgeRangePreferenceNotMet),
        "partly outside"
    );
    m.application.identity = Some(SharedIdentity {
        age_range: Some(AgeRange { from: 30, to: 39 }),
        ..SharedIdentity::default()
    });
    assert_eq!(check(&req, &m), Ok(()));
}

#[test]
fn each_factor_scores_by_its_weight() {
    let only = |w: MatchWeights| MatchWeights {
        shared_area: 0,
        goal_strength: 0,
        availability: 0,
        time_zone: 0,
        in_person: 0,
        load_balance: 0,
        ..w
    };
    let base = only(MatchWeights::default());
    let req = request();
    let m = mentor(1);
    assert_eq!(score(&req, &m, &base, WEEK).total, 0);
    assert!(score(&req, &m, &base, WEEK).factors.is_empty());
    assert_eq!(score(&req, &m, &base, WEEK).shared_languages, vec!["es"]);

    let areas = MatchWeights {
        shared_area: 7,
        ..base.clone()
    };
    let mut both = req.clone();
    both.areas = vec!["depression".into(), "anxiety".into(), "grief".into()];
    assert_eq!(score(&both, &m, &areas, WEEK).total, 14);

    let goals = MatchWeights {
        goal_strength: 5,
        ..base.clone()
    };
    let mut tags = req.clone();
    tags.goal_tags = vec!["work".into(), "sleep".into(), "friends".into()];
    assert_eq!(score(&tags, &m, &goals, WEEK).total, 10);

    // 6 h of 10 h = 60% of the availability weight; capped at 10 h.
    let availability = MatchWeights {
        availability: 100,
        ..base.clone()
    };
    assert_eq!(score(&req, &m, &availability, WEEK).total, 60);
    let mut always = req.clone();
    always.availability = Weekday::ALL.iter().map(|&d| slot(d, 0, 24)).collect();
    let mut m_always = m.clone();
    m_always.application.availability = always.availability.clone();
    assert_eq!(score(&always, &m_always, &availability, WEEK).total, 100);

    let zones = MatchWeights {
        time_zone: 72,
        ..base.clone()
    };
    assert_eq!(score(&req, &m, &zones, WEEK).total, 66, "1 h apart of 12 h");
    let mut far = req.clone();
    far.time_zone = "Pacific/Auckland".into();
    assert_eq!(
        score(&far, &m, &zones, WEEK).total,
        6,
        "11 h apart in June (NZST)"
    );
    let mut same = req.clone();
    same.time_zone = "Europe/London".into();
    assert_eq!(score(&same, &m, &zones, WEEK).total, 72);

    let in_person = MatchWeights {
        in_person: 25,
        ..base.clone()
    };
    let mut near = req.clone();
    near.formats = vec![SessionFormat::InPerson];
    near.location = Some(london());
    let mut m_near = m.clone();
    m_near.application.formats = vec![SessionFormat::InPerson];
    m_near.application.location = Some(london());
    assert_eq!(score(&near, &m_near, &in_person, WEEK).total, 25);
    m_near.application.location = Some(croydon());
    let km = london().distance_km(&croydon());
    assert_eq!(
        score(&near, &m_near, &in_person, WEEK).total,
        i64::from(25 - km)
    );

    let load = MatchWeights {
        load_balance: 50,
        ..base.clone()
    };
    let mut idle = m.clone();
    idle.active_mentees = 0;
    assert_eq!(score(&req, &idle, &load, WEEK).total, 50);
    idle.active_mentees = 4;
    assert_eq!(score(&req, &idle, &load, WEEK).total, 30);
}

#[test]
fn dst_changes_the_overlap_in_the_weeks_between_us_and_uk_clock_changes() {
    // A London mentee free Tuesday 18–20, a New York mentor free Tuesday 14–16.
    let mut req = request();
    req.time_zone = "Europe/London".into();
    req.availability = vec![slot(Weekday::Tuesday, 18, 20)];
    let mut m = mentor(1);
    m.application.time_zone = "America/New_York".into();
    m.application.availability = vec![slot(Weekday::Tuesday, 14, 16)];
    let weights = MatchWeights {
        min_overlap_minutes: 120,
        ..MatchWeights::default()
    };
    // 16 March 2026: the US has sprung forward, the UK not yet: 4 h apart, full overlap.
    let march = evaluate(&req, &m, &none(), &weights, date(2026, 3, 16)).unwrap();
    assert!(explain(&march).contains("weekday evenings overlap 2 h; 4 hours apart"));
    // 6 April 2026: both on summer time, 5 h apart: only one hour shared.
    assert_eq!(
        eligibility(&req, &m, &none(), &weights, date(2026, 4, 6)),
        Err(Ineligible::NotEnoughOverlap)
    );
    // 26 October 2026: the UK has fallen back, the US not yet: 4 h apart again.
    assert_eq!(
        eligibility(&req, &m, &none(), &weights, date(2026, 10, 26)),
        Ok(())
    );
}

#[test]
fn ranking_orders_by_score_then_id_and_respects_the_limit() {
    let req = request();
    let mut best = mentor(9);
    best.active_mentees = 0;
    let tied_a = mentor(3);
    let tied_b = mentor(2);
    let mut paused = mentor(1);
    paused.paused = true;
    let candidates = vec![tied_a, paused, best, tied_b];
    let ranked = rank(
        &req,
        &candidates,
        &none(),
        &MatchWeights::default(),
        WEEK,
        10,
    );
    let ids: Vec<u128> = ranked.iter().map(|p| p.mentor_id.as_u128()).collect();
    assert_eq!(ids, vec![9, 2, 3]);
    assert!(ranked[0].score > ranked[1].score);
    assert_eq!(ranked[1].score, ranked[2].score);
    assert!(!ranked[0].explanation.is_empty());
    let top = rank(
        &req,
        &candidates,
        &none(),
        &MatchWeights::default(),
        WEEK,
        2,
    );
    assert_eq!(top, ranked[..2]);
    assert!(
        rank(
            &req,
            &candidates,
            &none(),
            &MatchWeights::default(),
            WEEK,
            0
        )
        .is_empty()
    );
    let pool = CandidatePool::new(&candidates, WEEK);
    assert_eq!(pool.len(), 4);
    assert_eq!(
        pool.rank(&req, &none(), &MatchWeights::default(), 10),
        ranked
    );
}

#[test]
fn the_score_matrix_agrees_with_single_pair_evaluation() {
    let mut far = request();
    far.languages = vec!["fr".into()];
    let mentees = vec![
        WaitingMentee {
            mentee_id: Uuid::from_u128(100),
            request: request(),
            excluded: [Uuid::from_u128(2)].into(),
        },
        WaitingMentee {
            mentee_id: Uuid::from_u128(101),
            request: far,
            excluded: none(),
        },
    ];
    let mut full = mentor(3);
    full.active_mentees = 3;
    let candidates = vec![mentor(1), mentor(2), full];
    let weights = MatchWeights::default();
    let matrix = score_matrix(&mentees, &candidates, &weights, WEEK);
    let expected_first = evaluate(&mentees[0].request, &candidates[0], &none(), &weights, WEEK)
        .unwrap()
        .total;
    assert_eq!(
        matrix,
        vec![
            vec![Some(expected_first), None, None],
            vec![None, None, None]
        ]
    );
    assert_eq!(remaining_capacities(&candidates), vec![2, 2, 0]);
    let mut paused = mentor(4);
    paused.paused = true;
    assert_eq!(paused.remaining_capacity(), 0);
}

#[test]
fn weights_are_validated() {
    assert_eq!(MatchWeights::default().validate(), Ok(()));
    let bad = [
        MatchWeights {
            shared_area: MAX_WEIGHT + 1,
            ..MatchWeights::default()
        },
        MatchWeights {
            min_overlap_minutes: 0,
            ..MatchWeights::default()
        },
        MatchWeights {
            max_in_person_km: 0,
            ..MatchWeights::default()
        },
    ];
    let fields: Vec<_> = bad
        .iter()
        .map(|w| w.validate().unwrap_err().field())
        .collect();
    assert_eq!(
        fields,
        vec![
            "weights.shared_area",
            "weights.min_overlap_minutes",
            "weights.max_in_person_km"
        ]
    );
}

#[test]
fn explanations_read_naturally() {
    assert_eq!(duration(0), "0 min");
    assert_eq!(duration(45), "45 min");
    assert_eq!(duration(360), "6 h");
    assert_eq!(duration(390), "6 h 30 min");
    assert_eq!(time_apart(0), "same time zone");
    assert_eq!(time_apart(30), "30 minutes apart");
    assert_eq!(time_apart(60), "1 hour apart");
    assert_eq!(time_apart(330), "5 h 30 min apart");
    assert_eq!(time_apart(300), "5 hours apart");
    assert_eq!(language_name("xh"), "xh");
    let empty = MatchScore {
        total: 0,
        shared_languages: vec![],
        shared_formats: vec![],
        factors: vec![],
    };
    assert_eq!(explain(&empty), "");
}

#[test]
fn proposals_and_reasons_have_stable_wire_names() {
    let factor = serde_json::to_value(Factor::TimeZoneDistance {
        minutes_apart: 60,
        points: 9,
    })
    .unwrap();
    assert_eq!(
        factor,
        serde_json::json!({"kind": "time_zone_distance", "minutes_apart": 60, "points": 9})
    );
    assert_eq!(
        serde_json::to_value(Ineligible::NotEnoughOverlap).unwrap(),
        "not_enough_overlap"
    );
    assert_eq!(
        Ineligible::NoCapacity.to_string(),
        "the mentor has no capacity left"
    );
    let weights: MatchWeights =
        serde_json::from_value(serde_json::to_value(MatchWeights::default()).unwrap()).unwrap();
    assert_eq!(weights, MatchWeights::default());
}

// ---------------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------------

const AREAS: [&str; 5] = ["depression", "anxiety", "bipolar", "grief", "trauma"];
const LANGUAGES: [&str; 4] = ["en", "en-GB", "es-MX", "fr"];
const ZONES: [&str; 5] = [
    "Europe/London",
    "Europe/Madrid",
    "America/New_York",
    "Asia/Kolkata",
    "America/Sao_Paulo",
];
const TAGS: [&str; 4] = ["work", "sleep", "relationships", "family"];
const GENDERS: [&str; 3] = ["woman", "Man", "non-binary"];
const CULTURES: [&str; 2] = ["Latina", "british bangladeshi"];

fn pick<const N: usize>(
    items: [&'static str; N],
    max: usize,
) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(0..N, 0..=max)
        .prop_map(move |picks| picks.into_iter().map(|i| items[i].to_owned()).collect())
}

fn arb_formats() -> impl Strategy<Value = Vec<SessionFormat>> {
    prop::collection::vec(0usize..4, 1..=4)
        .prop_map(|picks| picks.into_iter().map(|i| SessionFormat::ALL[i]).collect())
}

fn arb_slots() -> impl Strategy<Value = Vec<WeeklySlot>> {
    prop::collection::vec((0usize..7, 0u16..96, 1u16..60), 0..8).prop_map(|raw| {
        raw.into_iter()
            .map(|(d, start, len)| WeeklySlot {
                weekday: Weekday::ALL[d],
                start_minute: start * 15,
                end_minute: ((start + len) * 15).min(1440),
            })
            .collect()
    })
}

fn arb_location() -> impl Strategy<Value = Option<CoarseLocation>> {
    prop::option::of(prop_oneof![
        Just(london()),
        Just(croydon()),
        Just(manchester())
    ])
}

fn arb_age() -> impl Strategy<Value = Option<AgeRange>> {
    prop::option::of(prop_oneof![
        Just(AgeRange { from: 30, to: 39 }),
        Just(AgeRange { from: 25, to: 45 }),
        Just(AgeRange { from: 50, to: 59 }),
    ])
}

fn arb_label<const N: usize>(items: [&'static str; N]) -> impl Strategy<Value = Option<String>> {
    prop::option::of((0..N).prop_map(move |i| items[i].to_owned()))
}

prop_compose! {
    fn arb_request()(
        areas in pick(AREAS, 3),
        goal_tags in pick(TAGS, 3),
        languages in pick(LANGUAGES, 2).prop_filter("one language", |l| !l.is_empty()),
        formats in arb_formats(),
        availability in arb_slots(),
        zone in 0usize..ZONES.len(),
        location in arb_location(),
        preferences in prop::option::weighted(
            0.3,
            (arb_label(GENDERS), arb_label(CULTURES), arb_age()).prop_map(
                |(gender, cultural_background, age_range)| MentorPreferences {
                    gender,
                    cultural_background,
                    age_range,
                },
            ),
        ),
    ) -> MenteeRequest {
        MenteeRequest {
            areas,
            goals: String::new(),
            goal_tags,
            languages,
            formats,
            availability,
            time_zone: ZONES[zone].to_owned(),
            preferences,
            location,
        }
    }
}

prop_compose! {
    fn arb_candidate()(
        areas in pick(AREAS, 3),
        strengths in pick(TAGS, 3),
        languages in pick(LANGUAGES, 2).prop_filter("one language", |l| !l.is_empty()),
        formats in arb_formats(),
        availability in arb_slots(),
        zone in 0usize..ZONES.len(),
        location in arb_location(),
        identity in prop::option::of(
            (arb_label(GENDERS), arb_label(CULTURES), arb_age()).prop_map(
                |(gender, cultural_background, age_range)| SharedIdentity {
                    gender,
                    cultural_background,
                    age_range,
                },
            ),
        ),
        capacity in 1u32..=4,
        active_mentees in prop_oneof![3 => Just(0u32), 1 => 0u32..=4],
        approved in prop::bool::weighted(0.85),
        paused in prop::bool::weighted(0.15),
    ) -> MentorCandidate {
        MentorCandidate {
            mentor_id: Uuid::nil(),
            application: MentorApplication {
                areas,
                stable_since: date(2020, 1, 1),
                training: vec![],
                references: vec![],
                languages,
                formats,
                availability,
                time_zone: ZONES[zone].to_owned(),
                location,
                capacity,
                bio: "bio".into(),
                identity,
                strengths,
            },
            approved,
            paused,
            active_mentees,
        }
    }
}

/// Candidates with unique ids, not correlated with their position.
fn arb_candidates() -> impl Strategy<Value = Vec<MentorCandidate>> {
    (prop::collection::vec(arb_candidate(), 0..16), any::<u128>()).prop_map(|(mut list, seed)| {
        for (i, candidate) in list.iter_mut().enumerate() {
            let spread = (i as u128 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
            candidate.mentor_id = Uuid::from_u128(seed ^ spread);
        }
        list
    })
}

prop_compose! {
    fn arb_weights()(
        shared_area in 0u32..100,
        goal_strength in 0u32..100,
        availability in 0u32..100,
        time_zone in 0u32..100,
        in_person in 0u32..100,
        load_balance in 0u32..100,
        min_overlap_minutes in 15u32..300,
        max_in_person_km in 1u32..400,
    ) -> MatchWeights {
        MatchWeights {
            shared_area,
            goal_strength,
            availability,
            time_zone,
            in_person,
            load_balance,
            min_overlap_minutes,
            max_in_person_km,
        }
    }
}

fn arb_week() -> impl Strategy<Value = Date> {
    (0i64..365).prop_map(|d| date(2026, 1, 1).checked_add(jiff::ToSpan::days(d)).unwrap())
}

/// An independent, deliberately naive statement of the hard filters.
fn naive_eligible(
    request: &MenteeRequest,
    candidate: &MentorCandidate,
    excluded: &HashSet<Uuid>,
    weights: &MatchWeights,
    week: Date,
) -> bool {
    let app = &candidate.application;
    let language = |tag: &String| tag.split('-').next().unwrap().to_lowercase();
    let shared_language = request
        .languages
        .iter()
        .any(|a| app.languages.iter().any(|b| language(a) == language(b)));
    let shared_formats: Vec<_> = request
        .formats
        .iter()
        .filter(|f| app.formats.contains(f))
        .collect();
    let in_person_only = !shared_formats.is_empty()
        && shared_formats
            .iter()
            .all(|f| **f == SessionFormat::InPerson);
    let close_enough = match (&request.location, &app.location) {
        (Some(a), Some(b)) => a.distance_km(b) <= weights.max_in_person_km,
        _ => false,
    };
    let identity = app.identity.clone().unwrap_or_default();
    let text_ok = |wanted: &Option<String>, shared: &Option<String>| match (wanted, shared) {
        (None, _) => true,
        (Some(w), Some(s)) => w.to_lowercase() == s.to_lowercase(),
        (Some(_), None) => false,
    };
    let preferences_ok = request.preferences.as_ref().is_none_or(|p| {
        text_ok(&p.gender, &identity.gender)
            && text_ok(&p.cultural_background, &identity.cultural_background)
            && p.age_range.is_none_or(|want| {
                identity
                    .age_range
                    .is_some_and(|have| want.from <= have.from && have.to <= want.to)
            })
    });
    let overlap = overlap_minutes(
        &request.availability,
        &request.time_zone,
        &app.availability,
        &app.time_zone,
        week,
    );
    !excluded.contains(&candidate.mentor_id)
        && candidate.approved
        && !candidate.paused
        && candidate.active_mentees < app.capacity
        && shared_language
        && !shared_formats.is_empty()
        && (!in_person_only || close_enough)
        && preferences_ok
        && overlap >= weights.min_overlap_minutes
}

fn arb_case() -> impl Strategy<
    Value = (
        MenteeRequest,
        Vec<MentorCandidate>,
        HashSet<Uuid>,
        MatchWeights,
        Date,
    ),
> {
    (
        arb_request(),
        arb_candidates(),
        prop::collection::vec(prop::bool::weighted(0.1), 16),
        arb_weights(),
        arb_week(),
    )
        .prop_map(|(request, candidates, exclude, weights, week)| {
            let excluded = candidates
                .iter()
                .zip(exclude)
                .filter(|(_, e)| *e)
                .map(|(c, _)| c.mentor_id)
                .collect();
            (request, candidates, excluded, weights, week)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn ranked_proposals_are_exactly_the_eligible_mentors(
        (request, candidates, excluded, weights, week) in arb_case(),
    ) {
        let ranked = rank(&request, &candidates, &excluded, &weights, week, usize::MAX);
        let expected: HashSet<Uuid> = candidates
            .iter()
            .filter(|c| naive_eligible(&request, c, &excluded, &weights, week))
            .map(|c| c.mentor_id)
            .collect();
        let got: HashSet<Uuid> = ranked.iter().map(|p| p.mentor_id).collect();
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(got.len(), ranked.len(), "no mentor twice");
        for proposal in &ranked {
            let candidate = candidates.iter().find(|c| c.mentor_id == proposal.mentor_id).unwrap();
            prop_assert!(candidate.approved && !candidate.paused);
            prop_assert!(candidate.active_mentees < candidate.application.capacity);
            prop_assert!(!excluded.contains(&proposal.mentor_id));
            let scored = evaluate(&request, candidate, &excluded, &weights, week).unwrap();
            prop_assert_eq!(proposal.score, scored.total);
            prop_assert_eq!(&proposal.factors, &scored.factors);
            prop_assert_eq!(scored.total, scored.factors.iter().map(Factor::points).sum::<i64>());
            prop_assert!(scored.factors.iter().all(|f| f.points() > 0));
        }
        for pair in ranked.windows(2) {
            prop_assert!(
                pair[0].score > pair[1].score
                    || (pair[0].score == pair[1].score && pair[0].mentor_id < pair[1].mentor_id)
            );
        }
    }

    #[test]
    fn ranking_ignores_candidate_order_and_is_repeatable(
        (request, candidates, excluded, weights, week) in arb_case(),
        shuffle_seed in any::<u64>(),
        limit in 0usize..6,
    ) {
        let first = rank(&request, &candidates, &excluded, &weights, week, limit);
        let again = rank(&request, &candidates, &excluded, &weights, week, limit);
        prop_assert_eq!(&first, &again);
        let mut shuffled = candidates.clone();
        // A deterministic Fisher–Yates driven by the seed.
        let mut state = shuffle_seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = usize::try_from(state % (i as u64 + 1)).unwrap();
            shuffled.swap(i, j);
        }
        prop_assert_eq!(&rank(&request, &shuffled, &excluded, &weights, week, limit), &first);
        // The top `limit` is a prefix of the full ranking.
        let all = rank(&request, &candidates, &excluded, &weights, week, usize::MAX);
        prop_assert_eq!(&all[..limit.min(all.len())], &first[..]);
    }

    #[test]
    fn scores_are_symmetric_where_they_should_be(
        request in arb_request(),
        candidate in arb_candidate(),
        weights in arb_weights(),
        week in arb_week(),
    ) {
        let base = score(&request, &candidate, &weights, week);
        let shared = |s: &MatchScore| s.factors.iter().find_map(|f| match f {
            Factor::SharedAreas { areas, points } => {
                Some((areas.iter().cloned().collect::<HashSet<_>>(), *points))
            }
            _ => None,
        });
        let goals = |s: &MatchScore| s.factors.iter().find_map(|f| match f {
            Factor::GoalsMatchStrengths { tags, points } => {
                Some((tags.iter().cloned().collect::<HashSet<_>>(), *points))
            }
            _ => None,
        });
        let overlap = |s: &MatchScore| s.factors.iter().find_map(|f| match f {
            Factor::AvailabilityOverlap { minutes, points, .. } => Some((*minutes, *points)),
            _ => None,
        });
        let apart = |s: &MatchScore| s.factors.iter().find_map(|f| match f {
            Factor::TimeZoneDistance { minutes_apart, points } => Some((*minutes_apart, *points)),
            _ => None,
        });
        let languages = |s: &MatchScore| s.shared_languages.iter().cloned().collect::<HashSet<_>>();

        // Whichever side lists them: swap areas, tags, languages, availability and zone.
        let mut swapped_request = request.clone();
        let mut swapped_candidate = candidate.clone();
        std::mem::swap(&mut swapped_request.areas, &mut swapped_candidate.application.areas);
        std::mem::swap(&mut swapped_request.goal_tags, &mut swapped_candidate.application.strengths);
        std::mem::swap(&mut swapped_request.languages, &mut swapped_candidate.application.languages);
        std::mem::swap(
            &mut swapped_request.availability,
            &mut swapped_candidate.application.availability,
        );
        std::mem::swap(&mut swapped_request.time_zone, &mut swapped_candidate.application.time_zone);
        let swapped = score(&swapped_request, &swapped_candidate, &weights, week);
        prop_assert_eq!(shared(&swapped), shared(&base));
        prop_assert_eq!(goals(&swapped), goals(&base));
        prop_assert_eq!(overlap(&swapped), overlap(&base));
        prop_assert_eq!(apart(&swapped), apart(&base));
        prop_assert_eq!(languages(&swapped), languages(&base));
        prop_assert_eq!(swapped.total, base.total, "every factor here is symmetric");

        // Whatever order each side lists things in.
        let mut reversed_request = request.clone();
        let mut reversed_candidate = candidate.clone();
        reversed_request.areas.reverse();
        reversed_request.goal_tags.reverse();
        reversed_request.languages.reverse();
        reversed_request.formats.reverse();
        reversed_request.availability.reverse();
        reversed_candidate.application.areas.reverse();
        reversed_candidate.application.strengths.reverse();
        reversed_candidate.application.languages.reverse();
        reversed_candidate.application.formats.reverse();
        reversed_candidate.application.availability.reverse();
        let reversed = score(&reversed_request, &reversed_candidate, &weights, week);
        prop_assert_eq!(reversed.total, base.total);
        prop_assert_eq!(shared(&reversed), shared(&base));
        prop_assert_eq!(
            eligibility(&reversed_request, &reversed_candidate, &HashSet::new(), &weights, week),
            eligibility(&request, &candidate, &HashSet::new(), &weights, week)
        );
    }

    #[test]
    fn the_score_matrix_matches_pairwise_evaluation(
        requests in prop::collection::vec(arb_request(), 0..4),
        candidates in arb_candidates(),
        weights in arb_weights(),
        week in arb_week(),
    ) {
        let mentees: Vec<WaitingMentee> = requests
            .into_iter()
            .enumerate()
            .map(|(i, request)| WaitingMentee {
                mentee_id: Uuid::from_u128(i as u128),
                request,
                excluded: candidates.iter().skip(i).step_by(3).map(|c| c.mentor_id).collect(),
            })
            .collect();
        let matrix = score_matrix(&mentees, &candidates, &weights, week);
        let capacities = remaining_capacities(&candidates);
        prop_assert_eq!(matrix.len(), mentees.len());
        for (mentee, row) in mentees.iter().zip(&matrix) {
            prop_assert_eq!(row.len(), candidates.len());
            for ((candidate, cell), capacity) in candidates.iter().zip(row).zip(&capacities) {
                let expected = evaluate(&mentee.request, candidate, &mentee.excluded, &weights, week)
                    .ok()
                    .map(|s| s.total);
                prop_assert_eq!(*cell, expected);
                if *capacity == 0 {
                    prop_assert_eq!(*cell, None, "no capacity, never a pair");
                }
            }
        }
    }
}
