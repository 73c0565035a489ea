//! Protocol v1 for mentoring: mentor applications, mentee requests, proposals, relationships and
//! the coordinator's desk. Re-exported from [`super`]; see its module doc for the endpoint list.
//!
//! Confidentiality is built into the shapes: a mentee only ever receives a
//! [`MentorPublicProfile`]; references appear only in [`ApplicationForReview`] (coordinators);
//! relationships reach their members already redacted for them ([`Relationship::redacted_for`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::mentoring::matching::{Factor, MatchWeights};
use crate::mentoring::profile::{
    MenteeRequest, MentorApplication, MentorPublicProfile, ProgramCatalog,
};
use crate::relationship::{Action, Actor, Relationship, RelationshipState};

/// Where a mentor application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Waiting for a coordinator.
    Pending,
    /// Screened and approved: can be matched (unless paused).
    Approved,
    /// Not approved; the reason is shown to the applicant.
    Declined,
    /// Approval was withdrawn by a coordinator; the reason is shown to the mentor.
    Withdrawn,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Declined => "declined",
            ApplicationStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pending" => Some(ApplicationStatus::Pending),
            "approved" => Some(ApplicationStatus::Approved),
            "declined" => Some(ApplicationStatus::Declined),
            "withdrawn" => Some(ApplicationStatus::Withdrawn),
            _ => None,
        }
    }
}

/// The applicant's own view of their application (all of it: it is their data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentorApplicationState {
    pub application: MentorApplication,
    pub status: ApplicationStatus,
    /// The coordinator's reason for declining or withdrawing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub submitted_at_ms: TimestampMs,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at_ms: Option<TimestampMs>,
    /// The mentor paused new matches (existing relationships continue).
    pub paused: bool,
}

/// The mentee's own current request for a mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MenteeRequestState {
    pub request: MenteeRequest,
    pub submitted_at_ms: TimestampMs,
}

/// The other person in a relationship, as the viewer may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counterpart {
    pub user_id: Uuid,
    pub display_name: String,
    /// For the mentee: what the mentor chose to share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor_profile: Option<MentorPublicProfile>,
    /// For the mentor: what the mentee asked for (so they can decide whether to accept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentee_request: Option<MenteeRequest>,
}

/// A relationship as one of its members sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelationshipView {
    /// Already redacted for `my_role`.
    pub relationship: Relationship,
    pub my_role: Actor,
    pub counterpart: Counterpart,
    /// A kind sentence about how it ended, worded for the viewer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_message: Option<String>,
}

/// One mentor proposed to a mentee, ranked by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalView {
    pub mentor_id: Uuid,
    pub mentor: MentorPublicProfile,
    pub score: i64,
    /// "both of you: anxiety, Spanish; weekday evenings overlap 6 h".
    pub explanation: String,
    pub factors: Vec<Factor>,
}

/// `GET /v1/matching/proposals`: the best mentors for the caller's current request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalList {
    pub proposals: Vec<ProposalView>,
}

/// An application as a coordinator of the same program reviews it (references included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationForReview {
    pub user_id: Uuid,
    pub display_name: String,
    pub state: MentorApplicationState,
    /// Required training modules not yet completed (approval is refused while any remain).
    pub missing_training: Vec<String>,
    /// Months stable in recovery (self-attested), computed today.
    pub months_stable: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationQueue {
    pub applications: Vec<ApplicationForReview>,
}

/// A coordinator's decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Decline,
    /// Withdraw an earlier approval.
    Withdraw,
}

/// `POST /v1/coordinator/applications/{user_id}/decision`. A reason is required to decline or
/// withdraw, and is shown to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A mentee asked for a different mentor (coordinators only: the reason is confidential).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRequestItem {
    pub relationship_id: Uuid,
    pub mentee_id: Uuid,
    pub mentee_display_name: String,
    pub mentor_id: Uuid,
    pub mentor_display_name: String,
    pub reason: String,
    pub requested_at_ms: TimestampMs,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeRequestQueue {
    pub items: Vec<ChangeRequestItem>,
}

/// An active match with no contact for the program's N days (metadata only, never content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuietMatch {
    pub relationship_id: Uuid,
    pub mentee_id: Uuid,
    pub mentee_display_name: String,
    pub mentor_id: Uuid,
    pub mentor_display_name: String,
    pub last_contact_at_ms: TimestampMs,
    pub days_quiet: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuietMatches {
    /// The program's threshold in days.
    pub days: u32,
    pub items: Vec<QuietMatch>,
}

/// Program health in counts only — never content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramMetrics {
    pub applications_pending: u32,
    pub mentors_approved: u32,
    pub mentors_paused: u32,
    /// Mentees with a request and no ongoing relationship.
    pub mentees_waiting: u32,
    pub relationships_by_state: Vec<StateCount>,
    pub change_requests: u32,
    pub quiet_matches: u32,
    /// Share of closed relationships that ended with a change request, in whole percent.
    pub rematch_rate_percent: u32,
    /// Sessions held and missed per match (every active or paused match, and any other that has
    /// a session series): counts only, never when, where or why.
    #[serde(default)]
    pub session_counts: Vec<super::MatchSessionCounts>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: RelationshipState,
    pub count: u32,
}

/// A coordinator acts on a relationship of their program (e.g. closes it, with a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CoordinatorActionRequest {
    pub action: Action,
}

/// One proposed pairing from a batch intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakePair {
    pub mentee_id: Uuid,
    pub mentee_display_name: String,
    pub mentor_id: Uuid,
    pub mentor_display_name: String,
    pub score: i64,
    pub explanation: String,
}

/// `POST /v1/coordinator/intake`: the exact best assignment of all waiting mentees, to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeProposal {
    pub pairs: Vec<IntakePair>,
    /// Waiting mentees no mentor could take (every hard filter or capacity).
    pub unassigned: Vec<Uuid>,
    pub total_score: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PairChoice {
    pub mentee_id: Uuid,
    pub mentor_id: Uuid,
}

/// `POST /v1/coordinator/intake/confirm`: send requests for the pairs the coordinator kept. Each
/// mentor still accepts or declines within the response window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IntakeConfirmRequest {
    pub pairs: Vec<PairChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeConfirmed {
    pub relationship_ids: Vec<Uuid>,
}

/// A program's matching settings (`GET`/`PUT /v1/coordinator/program/settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgramSettings {
    pub weights: MatchWeights,
    /// How long a mentor has to answer a request.
    pub response_window_hours: u32,
    /// An active match with no contact for this many days appears in the coordinator's queue.
    pub no_contact_days: u32,
    pub catalog: ProgramCatalog,
    /// How often mentees are expected to check in, in days (a
    /// [`CheckInCadence`](crate::checkins::CheckInCadence): 1 to
    /// [`MAX_CADENCE_DAYS`](crate::checkins::MAX_CADENCE_DAYS)); every 3 days when absent.
    #[serde(default = "default_checkin_cadence_days")]
    pub checkin_cadence_days: u16,
}

fn default_checkin_cadence_days() -> u16 {
    crate::checkins::CheckInCadence::default().days()
}
