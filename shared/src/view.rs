//! The view model: everything a screen needs, already decided (no logic left for the shells).

use domain::account::Role;
use domain::mentoring::profile::{
    MenteeRequest, MentorApplication, MentorPublicProfile, ProgramCatalog,
};
use domain::program::CrisisResource;
use domain::relationship::{ActionKind, Actor, Agreement, RelationshipState};
use domain::wire::v1::{
    ApplicationForReview, ApplicationStatus, ChangeRequestItem, ConcernItem, IntakeProposal,
    ProgramMetrics, QuietMatch, Settings,
};

use domain::checkins::{self, CheckIn, shared_trend};
use domain::messaging::{DeliveryState, can_send, delivery_state};
use domain::wire::v1::{CheckInView, MutationBody};

use crate::app::Model;
use crate::app::state::PersonalState;

pub mod reminders;
pub mod sessions;
pub use reminders::{RemindersView, reminders_view};
pub use sessions::{SessionsView, sessions_view};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct ViewModel {
    pub screen: Screen,
    /// Set while a sign-up, log-in or log-out is waiting for the server.
    pub busy: bool,
    /// A message for the person about the last thing they tried ("Email or password is wrong").
    pub notice: Option<String>,
    pub account: Option<AccountView>,
    pub devices: Vec<DeviceView>,
    pub sync: SyncView,
    /// Crisis help for the person's locale: always available, also offline and signed out.
    pub crisis_resources: Vec<CrisisResource>,
    pub mentoring: MentoringView,
    pub messaging: MessagingView,
    pub checkins: CheckInsView,
    /// Upcoming sessions (in the device's zone), proposals to accept, the open series.
    pub sessions: SessionsView,
    /// Reminder settings and the next reminders the phone will show.
    pub reminders: RemindersView,
    /// The notes list, the open note's editor, and summaries others share with this person.
    pub notes: crate::app::notes::NotesView,
    /// Shown over everything when a mentee's message reads as a crisis, before it is sent.
    pub crisis_prompt: Option<CrisisPromptView>,
    /// Present for coordinators only.
    pub coordinator: Option<CoordinatorView>,
}

/// Mentor application, mentee request, proposals and relationships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct MentoringView {
    /// The program's lists for the forms (areas, training modules).
    pub catalog: ProgramCatalog,
    pub application: Option<ApplicationView>,
    pub request: Option<MenteeRequest>,
    pub proposals: Vec<ProposalCard>,
    pub proposals_loading: bool,
    pub relationships: Vec<RelationshipCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct ApplicationView {
    pub application: MentorApplication,
    pub status: ApplicationStatus,
    /// The coordinator's reason for declining or withdrawing.
    pub reason: Option<String>,
    pub paused: bool,
    /// Queued on this device, not yet acknowledged by the server.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct ProposalCard {
    pub mentor_id: Uuid,
    pub mentor: MentorPublicProfile,
    /// Why this mentor: "both of you: anxiety, Spanish; weekday evenings overlap 6 h".
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct RelationshipCard {
    pub relationship_id: Uuid,
    pub state: RelationshipState,
    pub my_role: Actor,
    pub counterpart_id: Uuid,
    pub counterpart_name: String,
    /// For mentees: what the mentor chose to share.
    pub mentor_profile: Option<MentorPublicProfile>,
    /// For mentors: what the mentee asked for.
    pub mentee_request: Option<MenteeRequest>,
    /// A request must be answered before this instant.
    pub respond_by_ms: i64,
    pub agreement: Agreement,
    pub not_treatment_statement: String,
    pub i_acknowledged: bool,
    pub they_acknowledged: bool,
    /// What this person may do now (buttons).
    pub available_actions: Vec<ActionKind>,
    pub closure_message: Option<String>,
    /// A change to it is queued on this device.
    pub pending: bool,
}

/// Crisis help offered before a message that reads as a crisis is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct CrisisPromptView {
    /// The program's crisis resources for the person's locale (kept on the device).
    pub resources: Vec<CrisisResource>,
    /// The message waiting to be sent (or kept as a draft).
    pub message: String,
}

/// Conversations (one per relationship) and the one on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct MessagingView {
    /// Newest activity first.
    pub conversations: Vec<ConversationCard>,
    pub open: Option<ConversationView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct ConversationCard {
    pub relationship_id: Uuid,
    pub counterpart_name: String,
    pub unread: u32,
    pub last_message_at_ms: i64,
    pub can_send: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct ConversationView {
    pub relationship_id: Uuid,
    pub counterpart_name: String,
    /// Oldest first: the loaded window, then this device's messages not yet in the feed.
    pub messages: Vec<MessageView>,
    /// Scrolling up can load more.
    pub has_older: bool,
    pub loading: bool,
    pub can_send: bool,
    /// Why the person cannot write here (ended, or not yet accepted).
    pub read_only_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct MessageView {
    pub message_id: Uuid,
    pub mine: bool,
    pub text: String,
    pub sent_at_ms: i64,
    /// The server's order in the conversation (none while pending).
    pub seq: Option<u64>,
    /// For the person's own messages: pending, sent, delivered or read.
    pub delivery: Option<DeliveryState>,
}

/// Builds the conversation list and the open conversation.
pub fn messaging_view(model: &Model, state: Option<&PersonalState>) -> MessagingView {
    let Some(state) = state else {
        return MessagingView::default();
    };
    let me = state.me.user_id;
    let mut conversations: Vec<ConversationCard> = state
        .relationships
        .iter()
        .filter_map(|view| {
            let id = view.relationship.id;
            let summary = model.conversations.get(&id);
            let sendable = can_send(view.relationship.state);
            (sendable || summary.is_some_and(|s| s.last_seq > 0)).then(|| ConversationCard {
                relationship_id: id,
                counterpart_name: view.counterpart.display_name.clone(),
                unread: summary.map_or(0, |s| s.unread),
                last_message_at_ms: summary
                    .map_or(view.relationship.requested_at, |s| s.last_message_at_ms),
                can_send: sendable,
            })
        })
        .collect();
    conversations.sort_by_key(|c| std::cmp::Reverse(c.last_message_at_ms));
    let open = model.open.as_ref().and_then(|open| {
        let view = state.relationship(open.relationship_id)?;
        let theirs = model
            .conversations
            .get(&open.relationship_id)
            .map(|s| s.theirs)
            .unwrap_or_default();
        let mut messages: Vec<MessageView> = open
            .messages
            .iter()
            .map(|m| MessageView {
                message_id: m.message_id,
                mine: m.sender_id == me,
                text: m.text.clone(),
                sent_at_ms: m.sent_at_ms,
                seq: Some(m.seq),
                delivery: (m.sender_id == me).then(|| delivery_state(Some(m.seq), theirs)),
            })
            .collect();
        let shown: Vec<Uuid> = messages.iter().map(|m| m.message_id).collect();
        messages.extend(
            model
                .outbox
                .iter()
                .filter_map(|entry| match &entry.mutation.body {
                    MutationBody::SendMessage {
                        relationship_id,
                        message_id,
                        text,
                    } if *relationship_id == open.relationship_id
                        && !shown.contains(message_id) =>
                    {
                        Some(MessageView {
                            message_id: *message_id,
                            mine: true,
                            text: text.clone(),
                            sent_at_ms: entry.mutation.created_at_ms,
                            seq: None,
                            delivery: Some(if entry.acknowledged_position.is_some() {
                                DeliveryState::Sent
                            } else {
                                DeliveryState::Pending
                            }),
                        })
                    }
                    _ => None,
                }),
        );
        let relationship_state = view.relationship.state;
        let sendable = can_send(relationship_state);
        Some(ConversationView {
            relationship_id: open.relationship_id,
            counterpart_name: view.counterpart.display_name.clone(),
            messages,
            has_older: open.has_older,
            loading: open.loading,
            can_send: sendable,
            read_only_reason: (!sendable).then(|| {
                if relationship_state.is_final() {
                    "This conversation has ended. You can still read it.".to_owned()
                } else {
                    "You can message once the request has been accepted.".to_owned()
                }
            }),
        })
    });
    MessagingView {
        conversations,
        open,
    }
}

/// How many shared check-ins a mentor's trend shows.
pub const TREND_LENGTH: usize = 14;

/// Check-ins: the mentee's own, and for mentors what their mentees shared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct CheckInsView {
    /// The person's own check-ins, newest first.
    pub mine: Vec<CheckInCard>,
    /// One per relationship in which the person is the mentor (shared check-ins only).
    pub shared_trend_for_mentor: Vec<MentorTrend>,
    /// A mentee with an active relationship has not checked in for a full cadence.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct CheckInCard {
    pub check_in_id: Uuid,
    pub mood: u8,
    pub note: Option<String>,
    pub shared_with_mentor: bool,
    pub recorded_at_ms: i64,
    /// Queued on this device, not yet acknowledged by the server.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct MentorTrend {
    pub relationship_id: Uuid,
    pub mentee_name: String,
    /// The last shared moods, oldest first.
    pub recent_moods: Vec<u8>,
    /// Their mean, if any.
    pub average: Option<f64>,
    pub last_shared_at_ms: Option<i64>,
}

/// Builds the check-in part of the view from the effective (optimistic) personal state.
pub fn checkins_view(model: &Model, state: Option<&PersonalState>) -> CheckInsView {
    let Some(state) = state else {
        return CheckInsView::default();
    };
    let me = state.me.user_id;
    let pending: Vec<Uuid> = model
        .outbox
        .iter()
        .filter(|e| e.acknowledged_position.is_none())
        .filter_map(|e| match &e.mutation.body {
            MutationBody::RecordCheckIn { check_in_id, .. } => Some(*check_in_id),
            _ => None,
        })
        .collect();
    let mut mine: Vec<CheckInCard> = state
        .check_ins
        .iter()
        .filter(|c| c.mentee_id == me)
        .map(|c| CheckInCard {
            check_in_id: c.check_in_id,
            mood: c.mood.value(),
            note: c.note.clone(),
            shared_with_mentor: c.shared_with_mentor,
            recorded_at_ms: c.recorded_at_ms,
            pending: pending.contains(&c.check_in_id),
        })
        .collect();
    mine.reverse();
    let shared_trend_for_mentor = state
        .relationships
        .iter()
        .filter(|view| view.my_role == Actor::Mentor)
        .map(|view| {
            let r = &view.relationship;
            let check_ins: Vec<CheckIn> = state
                .check_ins
                .iter()
                .filter(|c| c.mentee_id == r.mentee_id && c.relationship_id == Some(r.id))
                .map(CheckInView::to_check_in)
                .collect();
            let trend = shared_trend(&check_ins, r.requested_at, TREND_LENGTH);
            MentorTrend {
                relationship_id: r.id,
                mentee_name: view.counterpart.display_name.clone(),
                recent_moods: trend.recent.iter().map(|p| p.mood.value()).collect(),
                average: trend.average_mood,
                last_shared_at_ms: trend.last_shared_at,
            }
        })
        .collect();
    let overdue = state.active_as_mentee().is_some_and(|view| {
        let r = &view.relationship;
        let started = r.activated_at.unwrap_or(r.requested_at);
        let last = mine
            .first()
            .map_or(started, |c| c.recorded_at_ms.max(started));
        checkins::overdue(last, model.checkin_cadence(), model.now_ms)
    });
    CheckInsView {
        mine,
        shared_trend_for_mentor,
        overdue,
    }
}

/// The coordinator's desk: metadata and counts, never content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct CoordinatorView {
    pub applications: Vec<ApplicationForReview>,
    pub change_requests: Vec<ChangeRequestItem>,
    pub quiet_matches: Vec<QuietMatch>,
    /// Mentors' concerns: open ones first, then resolved ones, each newest first.
    pub concerns: Vec<ConcernCard>,
    /// How many concerns are still open.
    pub open_concerns: u32,
    pub metrics: Option<ProgramMetrics>,
    pub intake: Option<IntakeProposal>,
    pub loading: bool,
}

/// A mentor's concern on the desk: who raised it, about which match, in their own words (never
/// a message), when, and whether a coordinator has resolved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct ConcernCard {
    pub concern_id: Uuid,
    pub relationship_id: Uuid,
    pub mentor_id: Uuid,
    /// The mentor who raised it.
    pub mentor_display_name: String,
    pub mentee_id: Uuid,
    /// The mentee of the match ("Former member" once their account is gone).
    pub mentee_display_name: String,
    /// The mentor's own words.
    pub text: String,
    pub raised_at_ms: i64,
    pub resolved: bool,
    pub resolved_at_ms: Option<i64>,
    /// The resolving coordinator's note (coordinators only).
    pub resolution_note: Option<String>,
}

/// Builds the mentoring part of the view from the effective (optimistic) personal state.
pub fn mentoring_view(model: &Model, state: Option<&PersonalState>) -> MentoringView {
    let pending_ids: Vec<Uuid> = model
        .outbox
        .iter()
        .filter(|e| e.acknowledged_position.is_none())
        .filter_map(|e| match &e.mutation.body {
            domain::wire::v1::MutationBody::ActOnRelationship {
                relationship_id, ..
            }
            | domain::wire::v1::MutationBody::RequestMentor {
                relationship_id, ..
            } => Some(*relationship_id),
            _ => None,
        })
        .collect();
    let application_pending = model.outbox.iter().any(|e| {
        e.acknowledged_position.is_none()
            && matches!(
                e.mutation.body,
                domain::wire::v1::MutationBody::SubmitMentorApplication { .. }
                    | domain::wire::v1::MutationBody::SetMentorPaused { .. }
            )
    });
    MentoringView {
        catalog: model
            .program
            .as_ref()
            .map(|p| p.catalog.clone())
            .unwrap_or_default(),
        application: state
            .and_then(|s| s.application.as_ref())
            .map(|a| ApplicationView {
                application: a.application.clone(),
                status: a.status,
                reason: a.reason.clone(),
                paused: a.paused,
                pending: application_pending,
            }),
        request: state
            .and_then(|s| s.mentee_request.as_ref())
            .map(|r| r.request.clone()),
        proposals: model
            .proposals
            .iter()
            .map(|p| ProposalCard {
                mentor_id: p.mentor_id,
                mentor: p.mentor.clone(),
                explanation: p.explanation.clone(),
            })
            .collect(),
        proposals_loading: model.proposals_loading,
        relationships: state
            .map(|s| {
                s.relationships
                    .iter()
                    .map(|view| {
                        let r = &view.relationship;
                        let other = match view.my_role {
                            Actor::Mentee => Actor::Mentor,
                            _ => Actor::Mentee,
                        };
                        RelationshipCard {
                            relationship_id: r.id,
                            state: r.state,
                            my_role: view.my_role,
                            counterpart_id: view.counterpart.user_id,
                            counterpart_name: view.counterpart.display_name.clone(),
                            mentor_profile: view.counterpart.mentor_profile.clone(),
                            mentee_request: view.counterpart.mentee_request.clone(),
                            respond_by_ms: r.respond_by,
                            agreement: r.agreement.clone(),
                            not_treatment_statement: r
                                .agreement
                                .not_treatment_statement()
                                .to_owned(),
                            i_acknowledged: r.has_acknowledged(view.my_role),
                            they_acknowledged: r.has_acknowledged(other),
                            available_actions: r.available_actions(view.my_role, model.now_ms),
                            closure_message: view.closure_message.clone(),
                            pending: pending_ids.contains(&r.id),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The desk, for people with the coordinator role.
pub fn coordinator_view(model: &Model) -> Option<CoordinatorView> {
    let is_coordinator = model
        .confirmed
        .as_ref()
        .is_some_and(|s| s.me.roles.contains(&Role::Coordinator));
    is_coordinator.then(|| CoordinatorView {
        applications: model.desk.applications.clone(),
        change_requests: model.desk.change_requests.clone(),
        quiet_matches: model
            .desk
            .quiet_matches
            .as_ref()
            .map(|q| q.items.clone())
            .unwrap_or_default(),
        concerns: concern_cards(&model.desk.concerns),
        open_concerns: u32::try_from(
            model
                .desk
                .concerns
                .iter()
                .filter(|c| c.resolved_at_ms.is_none())
                .count(),
        )
        .unwrap_or(u32::MAX),
        metrics: model.desk.metrics.clone(),
        intake: model.desk.intake.clone(),
        loading: model.desk.loading > 0,
    })
}

/// Open concerns first, then resolved ones; each group keeps the server's newest-first order.
fn concern_cards(concerns: &[ConcernItem]) -> Vec<ConcernCard> {
    let (open, resolved): (Vec<&ConcernItem>, Vec<&ConcernItem>) = concerns
        .iter()
        .partition(|concern| concern.resolved_at_ms.is_none());
    open.into_iter()
        .chain(resolved)
        .map(|concern| ConcernCard {
            concern_id: concern.concern_id,
            relationship_id: concern.relationship_id,
            mentor_id: concern.mentor_id,
            mentor_display_name: concern.mentor_display_name.clone(),
            mentee_id: concern.mentee_id,
            mentee_display_name: concern.mentee_display_name.clone(),
            text: concern.text.clone(),
            raised_at_ms: concern.raised_at_ms,
            resolved: concern.resolved_at_ms.is_some(),
            resolved_at_ms: concern.resolved_at_ms,
            resolution_note: concern.resolution_note.clone(),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[cfg_attr(feature = "facet_typegen", repr(C))]
pub enum Screen {
    /// Reading the local store.
    Starting,
    SignedOut,
    SignedIn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct AccountView {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub roles: Vec<Role>,
    pub settings: Settings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct DeviceView {
    pub device_id: Uuid,
    pub name: String,
    pub last_seen_at_ms: i64,
    pub this_device: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[cfg_attr(feature = "facet_typegen", repr(C))]
pub enum Connection {
    /// Not signed in: nothing to sync.
    Idle,
    /// Trying to reach the server.
    Connecting,
    /// Listening for changes; everything is up to date once `pending_changes` is 0.
    Online,
    /// The server cannot be reached; changes are kept and sent when it can.
    Offline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct SyncView {
    pub connection: Connection,
    /// Changes made on this device that the server has not yet acknowledged.
    pub pending_changes: usize,
    /// Push or pull in progress.
    pub syncing: bool,
    /// Milliseconds until the next automatic retry while offline.
    pub retry_in_ms: Option<u64>,
}
