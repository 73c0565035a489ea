//! The rules around the coordinator's desk that are not matching itself: how a mentor
//! application's status moves (submission, decisions, pause), when a mentee may ask for a mentor,
//! what counts as a quiet match, the rematch rate, a program's settings, the reference dates the
//! server ranks with, and what a relationship becomes when a member deletes their account.
//!
//! Pure functions, shared by the server (authoritative) and the app core (to show the right
//! buttons offline).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;
use uuid::Uuid;

use crate::TimestampMs;
use crate::account::{FieldError, normalize_label};
use crate::checkins::CheckInCadence;
use crate::limits::MAX_NAME_CHARS;
use crate::mentoring::matching::MatchWeights;
use crate::mentoring::profile::{MentorApplication, ProgramCatalog, needs_rescreening, same_words};
use crate::relationship::{
    Actor, CloseReason, DEFAULT_RESPONSE_WINDOW_HOURS, HOUR_MS, HistoryEntry, MAX_REASON_CHARS,
    Relationship, RelationshipState, ResponseWindow,
};
use crate::wire::v1::{ApplicationStatus, Decision, MentorApplicationState, ProgramSettings};

/// One day in milliseconds.
pub const DAY_MS: TimestampMs = 24 * HOUR_MS;
/// Days without contact before an active match shows as quiet, unless the program says otherwise.
pub const DEFAULT_NO_CONTACT_DAYS: u32 = 7;
/// Longest no-contact threshold a program may configure.
pub const MAX_NO_CONTACT_DAYS: u32 = 90;

/// The status of an application just (re-)submitted, given the one it replaces.
///
/// New, pending or declined → pending. Approved stays approved unless a screening field changed
/// ([`needs_rescreening`]). Withdrawn stays withdrawn until a coordinator acts.
pub fn status_after_submission(
    previous: Option<&MentorApplicationState>,
    new: &MentorApplication,
) -> ApplicationStatus {
    match previous {
        None => ApplicationStatus::Pending,
        Some(previous) => match previous.status {
            ApplicationStatus::Pending | ApplicationStatus::Declined => ApplicationStatus::Pending,
            ApplicationStatus::Approved if needs_rescreening(&previous.application, new) => {
                ApplicationStatus::Pending
            }
            ApplicationStatus::Approved => ApplicationStatus::Approved,
            ApplicationStatus::Withdrawn => ApplicationStatus::Withdrawn,
        },
    }
}

/// Whether a person whose application has `status` holds the mentor role.
pub fn holds_mentor_role(status: ApplicationStatus) -> bool {
    status == ApplicationStatus::Approved
}

/// Whether a mentor with this status may pause or resume new matches (approved mentors only).
pub fn may_pause(status: ApplicationStatus) -> bool {
    status == ApplicationStatus::Approved
}

/// Why a coordinator's decision was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("a reason is required to decline or withdraw")]
    ReasonRequired,
    #[error("the reason must be at most {0} characters")]
    ReasonTooLong(usize),
    #[error("required training is not complete: {}", .0.join(", "))]
    MissingTraining(Vec<String>),
    #[error("cannot {} an application that is {}", decision_verb(*.decision), .status.as_str())]
    InvalidFromStatus {
        status: ApplicationStatus,
        decision: Decision,
    },
}

fn decision_verb(decision: Decision) -> &'static str {
    match decision {
        Decision::Approve => "approve",
        Decision::Decline => "decline",
        Decision::Withdraw => "withdraw",
    }
}

/// Applies a coordinator's decision to an application with status `current`: the new status and
/// the (trimmed) reason to record.
///
/// Approve: from pending or withdrawn, and only when `missing_training` is empty (the reason is
/// not kept). Decline: from pending. Withdraw: from approved. Decline and withdraw need a reason
/// of at most [`MAX_REASON_CHARS`] characters. The status is checked first, then the reason, then
/// training.
pub fn decide(
    current: ApplicationStatus,
    decision: Decision,
    reason: Option<&str>,
    missing_training: &[String],
) -> Result<(ApplicationStatus, Option<String>), DecisionError> {
    let valid_from = match decision {
        Decision::Approve => matches!(
            current,
            ApplicationStatus::Pending | ApplicationStatus::Withdrawn
        ),
        Decision::Decline => current == ApplicationStatus::Pending,
        Decision::Withdraw => current == ApplicationStatus::Approved,
    };
    if !valid_from {
        return Err(DecisionError::InvalidFromStatus {
            status: current,
            decision,
        });
    }
    match decision {
        Decision::Approve if !missing_training.is_empty() => {
            Err(DecisionError::MissingTraining(missing_training.to_vec()))
        }
        Decision::Approve => Ok((ApplicationStatus::Approved, None)),
        Decision::Decline | Decision::Withdraw => {
            let reason = reason.map(str::trim).unwrap_or_default();
            if reason.is_empty() {
                return Err(DecisionError::ReasonRequired);
            }
            if reason.chars().count() > MAX_REASON_CHARS {
                return Err(DecisionError::ReasonTooLong(MAX_REASON_CHARS));
            }
            let status = if decision == Decision::Decline {
                ApplicationStatus::Declined
            } else {
                ApplicationStatus::Withdrawn
            };
            Ok((status, Some(reason.to_owned())))
        }
    }
}

/// Whether `mentee_id` may ask for a mentor now: not while any relationship of theirs as mentee is
/// still open (requested, accepted, active or paused). One at a time.
pub fn may_request_mentor(history: &[Relationship], mentee_id: Uuid) -> bool {
    !history
        .iter()
        .any(|r| r.mentee_id == mentee_id && r.counts_against_capacity())
}

/// How many of `mentor_id`'s relationships take a place (see
/// [`Relationship::counts_against_capacity`]).
pub fn mentor_load(relationships: &[Relationship], mentor_id: Uuid) -> u32 {
    let count = relationships
        .iter()
        .filter(|r| r.mentor_id == mentor_id && r.counts_against_capacity())
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The relationship as it stands at `now`: a request whose response window has passed is
/// expired (by the system) even before anyone has written that down.
#[must_use]
pub fn as_of(relationship: &Relationship, now: TimestampMs) -> Relationship {
    if relationship.state == RelationshipState::Requested && !relationship.response_window_open(now)
    {
        let expire = crate::relationship::Action::Expire {};
        if let Ok(transition) =
            crate::relationship::apply(relationship, Actor::System, &expire, now)
        {
            return transition.relationship;
        }
    }
    relationship.clone()
}

/// Whole days since `last_contact_at` (0 if in the future).
pub fn days_quiet(last_contact_at: TimestampMs, now: TimestampMs) -> u32 {
    u32::try_from(now.saturating_sub(last_contact_at).max(0) / DAY_MS).unwrap_or(u32::MAX)
}

/// Whether an active match last in contact at `last_contact_at` is quiet: no contact for more
/// than `no_contact_days` days.
pub fn is_quiet(last_contact_at: TimestampMs, now: TimestampMs, no_contact_days: u32) -> bool {
    now.saturating_sub(last_contact_at) > i64::from(no_contact_days).saturating_mul(DAY_MS)
}

/// The share of closed relationships that ended with a change request, in whole percent
/// (rounded to nearest; 0 when none closed).
pub fn rematch_rate_percent(closed: u32, change_requested: u32) -> u32 {
    if closed == 0 {
        return 0;
    }
    let percent = (u64::from(change_requested.min(closed)) * 200 + u64::from(closed))
        / (2 * u64::from(closed));
    u32::try_from(percent).unwrap_or(100)
}

impl Default for ProgramSettings {
    fn default() -> Self {
        Self {
            weights: MatchWeights::default(),
            response_window_hours: DEFAULT_RESPONSE_WINDOW_HOURS,
            no_contact_days: DEFAULT_NO_CONTACT_DAYS,
            catalog: ProgramCatalog::default(),
            checkin_cadence_days: CheckInCadence::default().days(),
        }
    }
}

/// Checks a program's settings and returns them normalised (catalog labels trimmed): weights
/// ([`MatchWeights::validate`]), the response window ([`ResponseWindow::from_hours`]),
/// `no_contact_days` in 1..=[`MAX_NO_CONTACT_DAYS`], the check-in cadence
/// ([`CheckInCadence::every_days`]), non-empty area and training lists, and required training
/// drawn from the program's modules.
pub fn validate_program_settings(
    settings: &ProgramSettings,
) -> Result<ProgramSettings, FieldError> {
    settings.weights.validate()?;
    ResponseWindow::from_hours(settings.response_window_hours)?;
    if !(1..=MAX_NO_CONTACT_DAYS).contains(&settings.no_contact_days) {
        return Err(FieldError::Invalid {
            field: "no_contact_days",
        });
    }
    CheckInCadence::every_days(settings.checkin_cadence_days)?;
    let list = |items: &[String], field: &'static str| -> Result<Vec<String>, FieldError> {
        items
            .iter()
            .map(|item| normalize_label(item, field, MAX_NAME_CHARS))
            .collect()
    };
    let areas = list(&settings.catalog.areas, "catalog.areas")?;
    let training_modules = list(
        &settings.catalog.training_modules,
        "catalog.training_modules",
    )?;
    let required_training = list(
        &settings.catalog.required_training,
        "catalog.required_training",
    )?;
    if areas.is_empty() {
        return Err(FieldError::Missing {
            field: "catalog.areas",
        });
    }
    if training_modules.is_empty() {
        return Err(FieldError::Missing {
            field: "catalog.training_modules",
        });
    }
    if required_training
        .iter()
        .any(|required| !training_modules.iter().any(|m| same_words(m, required)))
    {
        return Err(FieldError::Invalid {
            field: "catalog.required_training",
        });
    }
    Ok(ProgramSettings {
        weights: settings.weights.clone(),
        response_window_hours: settings.response_window_hours,
        no_contact_days: settings.no_contact_days,
        checkin_cadence_days: settings.checkin_cadence_days,
        catalog: ProgramCatalog {
            areas,
            training_modules,
            required_training,
        },
    })
}

/// The UTC calendar date at `now` (bounds self-attested dates in applications).
pub fn utc_date(now: TimestampMs) -> Date {
    let instant = Timestamp::from_millisecond(now).unwrap_or(Timestamp::UNIX_EPOCH);
    Offset::UTC.to_datetime(instant).date()
}

/// The Monday of the UTC week containing `now`: the reference week the server ranks in.
pub fn reference_week_start(now: TimestampMs) -> Date {
    let today = utc_date(now);
    let back = i64::from(today.weekday().to_monday_zero_offset());
    today
        .checked_sub(jiff::Span::new().days(back))
        .unwrap_or(today)
}

/// What a relationship becomes when `deleted` (its mentee or mentor) deletes their account: an
/// open one is closed by them with [`CloseReason::Unspecified`] (the other member sees a plain
/// "ended" message); a finished one is unchanged. Free texts are dropped.
#[must_use]
pub fn ended_by_account_deletion(
    relationship: &Relationship,
    deleted: Actor,
    now: TimestampMs,
) -> Relationship {
    let mut ended = relationship.redacted_for(deleted);
    ended.decline_reason = None;
    ended.change_reason = None;
    ended.block_reason = None;
    ended.close_note = None;
    if !ended.state.is_final() {
        ended.state = RelationshipState::Closed;
        ended.closed_at = Some(now);
        ended.close_reason = Some(CloseReason::Unspecified);
        ended.history.push(HistoryEntry {
            state: RelationshipState::Closed,
            actor: deleted,
            at: now,
        });
    }
    ended
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentoring::profile::tests::application;
    use crate::relationship::{Action, Agreement, Cadence, apply};

    const NOW: TimestampMs = 1_750_000_000_000; // Sunday 15 June 2025, 15:06 UTC

    fn state(status: ApplicationStatus) -> MentorApplicationState {
        MentorApplicationState {
            application: application(),
            status,
            reason: None,
            submitted_at_ms: NOW,
            decided_at_ms: None,
            paused: false,
        }
    }

    fn requested(mentee: u128, mentor: u128) -> Relationship {
        Relationship::request(
            Uuid::from_u128(mentee * 1000 + mentor),
            Uuid::from_u128(1),
            Uuid::from_u128(mentee),
            Uuid::from_u128(mentor),
            Agreement::standard(1, Cadence::Weekly),
            ResponseWindow::default(),
            NOW,
        )
        .unwrap()
    }

    #[test]
    fn resubmission_keeps_approval_only_for_practical_changes() {
        use ApplicationStatus::{Approved, Declined, Pending, Withdrawn};
        let same = application();
        let mut practical = application();
        practical.capacity = 3;
        let mut screened = application();
        screened.areas.push("grief".into());
        assert_eq!(status_after_submission(None, &same), Pending);
        for (before, new, after) in [
            (Pending, &screened, Pending),
            (Declined, &same, Pending),
            (Approved, &practical, Approved),
            (Approved, &screened, Pending),
            (Withdrawn, &practical, Withdrawn),
            (Withdrawn, &screened, Withdrawn),
        ] {
            assert_eq!(
                status_after_submission(Some(&state(before)), new),
                after,
                "{before:?}"
            );
        }
        assert!(holds_mentor_role(Approved) && may_pause(Approved));
        for status in [Pending, Declined, Withdrawn] {
            assert!(!holds_mentor_role(status) && !may_pause(status));
        }
    }

    #[test]
    fn decisions_follow_the_status_rules() {
        use ApplicationStatus::{Approved, Declined, Pending, Withdrawn};
        use Decision::{Approve, Decline, Withdraw};
        let none: &[String] = &[];
        assert_eq!(decide(Pending, Approve, None, none), Ok((Approved, None)));
        assert_eq!(
            decide(Withdrawn, Approve, Some("x"), none),
            Ok((Approved, None))
        );
        assert_eq!(
            decide(Pending, Approve, None, &["safeguarding and risk".into()]),
            Err(DecisionError::MissingTraining(vec![
                "safeguarding and risk".into()
            ]))
        );
        assert_eq!(
            decide(Pending, Decline, Some("  Not yet  "), none),
            Ok((Declined, Some("Not yet".into())))
        );
        assert_eq!(
            decide(Approved, Withdraw, Some("Concern"), none),
            Ok((Withdrawn, Some("Concern".into())))
        );
        for reason in [None, Some("   ")] {
            assert_eq!(
                decide(Pending, Decline, reason, none),
                Err(DecisionError::ReasonRequired)
            );
            assert_eq!(
                decide(Approved, Withdraw, reason, none),
                Err(DecisionError::ReasonRequired)
            );
        }
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(
            decide(Pending, Decline, Some(&long), none),
            Err(DecisionError::ReasonTooLong(MAX_REASON_CHARS))
        );
        for (status, decision) in [
            (Approved, Approve),
            (Declined, Approve),
            (Approved, Decline),
            (Declined, Decline),
            (Withdrawn, Decline),
            (Pending, Withdraw),
            (Declined, Withdraw),
            (Withdrawn, Withdraw),
        ] {
            let error = decide(status, decision, Some("reason"), none).unwrap_err();
            assert_eq!(error, DecisionError::InvalidFromStatus { status, decision });
            assert!(error.to_string().starts_with("cannot "), "{error}");
        }
    }

    #[test]
    fn one_open_request_at_a_time_and_load_counts_open_ones() {
        let open = requested(10, 20);
        let mut declined = requested(11, 20);
        declined = apply(
            &declined,
            Actor::Mentor,
            &Action::Decline { reason: None },
            NOW,
        )
        .unwrap()
        .relationship;
        let history = vec![open.clone(), declined.clone(), requested(12, 21)];
        assert!(!may_request_mentor(&history, Uuid::from_u128(10)));
        assert!(may_request_mentor(&history, Uuid::from_u128(11)));
        assert!(may_request_mentor(&history, Uuid::from_u128(13)));
        assert_eq!(mentor_load(&history, Uuid::from_u128(20)), 1);
        assert_eq!(mentor_load(&history, Uuid::from_u128(21)), 1);
        let later = open.respond_by;
        assert_eq!(as_of(&open, later - 1), open);
        let expired = as_of(&open, later);
        assert_eq!(expired.state, RelationshipState::Expired);
        assert!(may_request_mentor(&[expired], Uuid::from_u128(10)));
        assert_eq!(as_of(&declined, later + DAY_MS), declined);
    }

    #[test]
    fn quiet_days_and_rematch_rate() {
        assert_eq!(days_quiet(NOW, NOW + 3 * DAY_MS + 5), 3);
        assert_eq!(days_quiet(NOW, NOW - 5), 0);
        assert!(!is_quiet(NOW, NOW + 7 * DAY_MS, 7));
        assert!(is_quiet(NOW, NOW + 7 * DAY_MS + 1, 7));
        assert_eq!(rematch_rate_percent(0, 0), 0);
        assert_eq!(rematch_rate_percent(3, 1), 33);
        assert_eq!(rematch_rate_percent(3, 2), 67);
        assert_eq!(rematch_rate_percent(4, 4), 100);
    }

    #[test]
    fn settings_are_validated_and_default_sensibly() {
        let defaults = ProgramSettings::default();
        assert_eq!(validate_program_settings(&defaults), Ok(defaults.clone()));
        let field = |change: fn(&mut ProgramSettings)| {
            let mut settings = ProgramSettings::default();
            change(&mut settings);
            validate_program_settings(&settings).unwrap_err().field()
        };
        assert_eq!(field(|s| s.no_contact_days = 0), "no_contact_days");
        assert_eq!(field(|s| s.no_contact_days = 91), "no_contact_days");
        assert_eq!(defaults.checkin_cadence_days, 3);
        assert_eq!(
            field(|s| s.checkin_cadence_days = 0),
            "checkin_cadence_days"
        );
        assert_eq!(
            field(|s| s.checkin_cadence_days = crate::checkins::MAX_CADENCE_DAYS + 1),
            "checkin_cadence_days"
        );
        let weekly = ProgramSettings {
            checkin_cadence_days: 7,
            ..ProgramSettings::default()
        };
        assert_eq!(validate_program_settings(&weekly), Ok(weekly.clone()));
        // Settings stored before programs set a cadence read as the default.
        let mut old = serde_json::to_value(&defaults).unwrap();
        old.as_object_mut().unwrap().remove("checkin_cadence_days");
        let old: ProgramSettings = serde_json::from_value(old).unwrap();
        assert_eq!(old, defaults);
        assert_eq!(field(|s| s.catalog.areas.clear()), "catalog.areas");
        assert_eq!(
            field(|s| s.catalog.training_modules.clear()),
            "catalog.training_modules"
        );
        assert_eq!(
            field(|s| s.catalog.required_training.push("juggling".into())),
            "catalog.required_training"
        );
        assert_eq!(
            field(|s| s.weights.shared_area = 5000),
            "weights.shared_area"
        );
        assert!(
            validate_program_settings(&ProgramSettings {
                response_window_hours: 0,
                ..ProgramSettings::default()
            })
            .is_err()
        );
    }

    #[test]
    fn reference_dates_are_utc() {
        assert_eq!(utc_date(NOW), jiff::civil::date(2025, 6, 15));
        assert_eq!(reference_week_start(NOW), jiff::civil::date(2025, 6, 9));
        let monday = 1_749_427_200_000; // Monday 9 June 2025 00:00 UTC
        assert_eq!(reference_week_start(monday), jiff::civil::date(2025, 6, 9));
        assert_eq!(
            reference_week_start(monday - 1),
            jiff::civil::date(2025, 6, 2)
        );
    }

    #[test]
    fn deletion_closes_open_relationships_neutrally() {
        let open = requested(10, 20);
        let ended = ended_by_account_deletion(&open, Actor::Mentee, NOW + 1);
        assert_eq!(ended.state, RelationshipState::Closed);
        assert_eq!(ended.close_reason, Some(CloseReason::Unspecified));
        assert_eq!(ended.closed_by(), Some(Actor::Mentee));
        assert_eq!(
            ended.closure_message_for(Actor::Mentor).unwrap(),
            "Your mentee has ended the mentoring relationship. Thank you for the support you gave."
        );
        let changed = apply(
            &open,
            Actor::Mentor,
            &Action::Block {
                reason: "private".into(),
            },
            NOW,
        )
        .unwrap()
        .relationship;
        let kept = ended_by_account_deletion(&changed, Actor::Mentor, NOW + 1);
        assert_eq!(kept.state, RelationshipState::Closed);
        assert_eq!(kept.block_reason, None);
        assert_eq!(kept.history, changed.history);
    }
}
