//! The person's own data as the device knows it: what the server last confirmed
//! ([`PersonalState`], built from the change feed) and how queued mutations change it until the
//! server confirms them (optimistic, offline-first). Rules come from `domain`; this module only
//! applies them to local copies.

use domain::TimestampMs;
use domain::relationship::{self, Actor, Agreement, Cadence, Relationship, ResponseWindow};
use domain::sessions::{self, SessionSeries};
use domain::wire::v1::{
    ApplicationStatus, ChangeBody, CheckInView, Counterpart, Me, MenteeRequestState,
    MentorApplicationState, MutationBody, ProposalView, RelationshipView,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many check-ins are kept per mentee (theirs, or those they shared with this mentor).
pub const KEPT_CHECK_INS: usize = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalState {
    pub me: Me,
    pub application: Option<MentorApplicationState>,
    pub mentee_request: Option<MenteeRequestState>,
    /// Relationships the person is a member of, newest request first.
    pub relationships: Vec<RelationshipView>,
    /// The person's own check-ins and those their mentees shared with them, oldest first (the
    /// last [`KEPT_CHECK_INS`] per mentee).
    #[serde(default)]
    pub check_ins: Vec<CheckInView>,
    /// Session series of the person's relationships (both members see the same copy), in the
    /// order they were first seen.
    #[serde(default)]
    pub sessions: Vec<SessionSeries>,
}

impl PersonalState {
    pub fn new(me: Me) -> Self {
        Self {
            me,
            application: None,
            mentee_request: None,
            relationships: Vec::new(),
            check_ins: Vec::new(),
            sessions: Vec::new(),
        }
    }

    /// Applies one change from the server's feed.
    pub fn apply_change(&mut self, change: &ChangeBody) {
        match change {
            ChangeBody::ProfileChanged { profile } => self.me.profile = profile.clone(),
            ChangeBody::SettingsChanged { settings } => self.me.settings = *settings,
            ChangeBody::RolesChanged { roles } => self.me.roles.clone_from(roles),
            ChangeBody::MentorApplicationChanged { state } => {
                self.application = Some((**state).clone());
            }
            ChangeBody::MenteeRequestChanged { state } => {
                self.mentee_request = Some((**state).clone());
            }
            ChangeBody::RelationshipChanged { view } => self.put_relationship((**view).clone()),
            // Someone else's check-in is kept only if they shared it (the server sends no other).
            ChangeBody::CheckInRecorded { check_in } => {
                if check_in.mentee_id == self.me.user_id || check_in.shared_with_mentor {
                    self.put_check_in((**check_in).clone());
                }
            }
            ChangeBody::SessionChanged { series } => self.put_session((**series).clone()),
            // Devices are kept beside the state; messages and receipts in the local message store.
            // Notes live in the local notes store (see app::notes), not in the personal state.
            ChangeBody::DeviceRevoked { .. }
            | ChangeBody::MessageAdded { .. }
            | ChangeBody::ReceiptsChanged { .. }
            | ChangeBody::NoteChanged { .. }
            | ChangeBody::NoteDeleted { .. }
            | ChangeBody::SharedSummaryChanged { .. }
            | ChangeBody::SharedSummaryWithdrawn { .. } => {}
        }
    }

    fn put_check_in(&mut self, check_in: CheckInView) {
        let mentee_id = check_in.mentee_id;
        match self
            .check_ins
            .iter_mut()
            .find(|c| c.check_in_id == check_in.check_in_id)
        {
            Some(existing) => *existing = check_in,
            None => self.check_ins.push(check_in),
        }
        self.check_ins
            .sort_by_key(|c| (c.recorded_at_ms, c.check_in_id));
        let kept = self
            .check_ins
            .iter()
            .filter(|c| c.mentee_id == mentee_id)
            .count();
        let mut excess = kept.saturating_sub(KEPT_CHECK_INS);
        self.check_ins.retain(|c| {
            if excess > 0 && c.mentee_id == mentee_id {
                excess -= 1;
                false
            } else {
                true
            }
        });
    }

    fn put_session(&mut self, series: SessionSeries) {
        match self.sessions.iter_mut().find(|s| s.id == series.id) {
            Some(existing) => *existing = series,
            None => self.sessions.push(series),
        }
    }

    /// The session series with this id, if the person has it.
    pub fn session(&self, id: Uuid) -> Option<&SessionSeries> {
        self.sessions.iter().find(|s| s.id == id)
    }

    /// The person's role in the relationship of `series` (`None` if they are not a member).
    pub fn role_in(&self, series: &SessionSeries) -> Option<Actor> {
        self.relationship(series.relationship_id).map(|r| r.my_role)
    }

    /// The relationship in which the person is the mentee and which is active, if any.
    pub fn active_as_mentee(&self) -> Option<&RelationshipView> {
        self.relationships.iter().find(|r| {
            r.my_role == Actor::Mentee
                && r.relationship.state == relationship::RelationshipState::Active
        })
    }

    /// Whether the person may record check-ins: they asked for a mentor or are a mentee in a
    /// relationship (the server's rule).
    pub fn is_mentee(&self) -> bool {
        self.mentee_request.is_some()
            || self
                .relationships
                .iter()
                .any(|r| r.my_role == Actor::Mentee)
    }

    fn put_relationship(&mut self, view: RelationshipView) {
        match self
            .relationships
            .iter_mut()
            .find(|r| r.relationship.id == view.relationship.id)
        {
            Some(existing) => *existing = view,
            None => self.relationships.push(view),
        }
        self.relationships.sort_by(|a, b| {
            b.relationship
                .requested_at
                .cmp(&a.relationship.requested_at)
        });
    }

    /// Applies a queued mutation the way the server will (as far as the device can know), so the
    /// person sees their change at once. `proposals` supplies what the device knows about a mentor
    /// being requested.
    pub fn apply_pending(
        &mut self,
        body: &MutationBody,
        at: TimestampMs,
        proposals: &[ProposalView],
    ) {
        match body {
            MutationBody::UpdateProfile { .. } | MutationBody::UpdateSettings { .. } => {
                body.apply(&mut self.me.profile, &mut self.me.settings);
            }
            MutationBody::SubmitMentorApplication { application } => {
                let previous = self.application.take();
                self.application = Some(MentorApplicationState {
                    application: application.clone(),
                    status: previous.as_ref().map_or(ApplicationStatus::Pending, |p| {
                        match p.status {
                            ApplicationStatus::Approved => ApplicationStatus::Approved,
                            ApplicationStatus::Withdrawn => ApplicationStatus::Withdrawn,
                            _ => ApplicationStatus::Pending,
                        }
                    }),
                    reason: None,
                    submitted_at_ms: at,
                    decided_at_ms: previous.as_ref().and_then(|p| p.decided_at_ms),
                    paused: previous.is_some_and(|p| p.paused),
                });
            }
            MutationBody::SetMentorPaused { paused } => {
                if let Some(application) = &mut self.application {
                    application.paused = *paused;
                }
            }
            MutationBody::SubmitMenteeRequest { request } => {
                self.mentee_request = Some(MenteeRequestState {
                    request: request.clone(),
                    submitted_at_ms: at,
                });
            }
            MutationBody::RequestMentor {
                relationship_id,
                mentor_id,
            } => {
                if self
                    .relationships
                    .iter()
                    .any(|r| r.relationship.id == *relationship_id)
                {
                    return;
                }
                if let Some(view) = self.requested_view(*relationship_id, *mentor_id, at, proposals)
                {
                    self.put_relationship(view);
                }
            }
            MutationBody::SendMessage { .. }
            | MutationBody::AcknowledgeMessages { .. }
            | MutationBody::RaiseConcern { .. }
            // Queued note edits are already in the local notes store.
            | MutationBody::ReportMember { .. }
            | MutationBody::EditNote { .. }
            | MutationBody::SetNoteSummaryShared { .. }
            | MutationBody::DeleteNote { .. } => {}
            MutationBody::RecordCheckIn {
                check_in_id,
                mood,
                note,
                shared_with_mentor,
            } => {
                if self.check_ins.iter().any(|c| c.check_in_id == *check_in_id) {
                    return;
                }
                let Ok(mood) = domain::checkins::Mood::new(*mood) else {
                    return;
                };
                let view = CheckInView {
                    check_in_id: *check_in_id,
                    mentee_id: self.me.user_id,
                    relationship_id: self.active_as_mentee().map(|r| r.relationship.id),
                    mood,
                    note: note.clone(),
                    shared_with_mentor: *shared_with_mentor,
                    recorded_at_ms: at,
                };
                self.put_check_in(view);
            }
            MutationBody::ProposeSession {
                series_id,
                relationship_id,
                ..
            } => {
                if self.session(*series_id).is_some() {
                    return;
                }
                if let Some(role) = self.relationship(*relationship_id).map(|r| r.my_role)
                    && let Some(Ok(series)) = body.proposed_session(role)
                {
                    self.put_session(series);
                }
            }
            MutationBody::ActOnSession { series_id, action } => {
                if let Some(series) = self.session(*series_id)
                    && let Some(role) = self.role_in(series)
                    && let Ok(next) = sessions::apply(series, role, action, at)
                {
                    self.put_session(next);
                }
            }
            MutationBody::ActOnRelationship {
                relationship_id,
                action,
            } => {
                if let Some(view) = self
                    .relationships
                    .iter_mut()
                    .find(|r| r.relationship.id == *relationship_id)
                    && let Ok(transition) =
                        relationship::apply(&view.relationship, view.my_role, action, at)
                {
                    view.relationship = transition.relationship.redacted_for(view.my_role);
                    view.closure_message = view.relationship.closure_message_for(view.my_role);
                }
            }
        }
    }

    fn requested_view(
        &self,
        relationship_id: Uuid,
        mentor_id: Uuid,
        at: TimestampMs,
        proposals: &[ProposalView],
    ) -> Option<RelationshipView> {
        let proposal = proposals.iter().find(|p| p.mentor_id == mentor_id);
        let relationship = Relationship::request(
            relationship_id,
            self.me.program_id,
            self.me.user_id,
            mentor_id,
            Agreement::standard(1, Cadence::Weekly),
            ResponseWindow::default(),
            at,
        )
        .ok()?;
        Some(RelationshipView {
            relationship,
            my_role: Actor::Mentee,
            counterpart: Counterpart {
                user_id: mentor_id,
                display_name: proposal.map_or_else(
                    || "Your mentor".to_owned(),
                    |p| p.mentor.display_name.clone(),
                ),
                mentor_profile: proposal.map(|p| p.mentor.clone()),
                mentee_request: None,
            },
            closure_message: None,
        })
    }

    /// The relationship with this id, if the person is in it.
    pub fn relationship(&self, id: Uuid) -> Option<&RelationshipView> {
        self.relationships.iter().find(|r| r.relationship.id == id)
    }
}
