//! The Crux app. [`Beacon::update`] routes each [`Event`] to its feature module:
//! - [`account`] — start-up and session restore, sign up, log in, log out, devices, program info.
//! - [`sync`] — the offline-first sync engine: outbox, push, pull, server events, retry; every
//!   change the person makes is checked, stamped and queued here.
//! - [`mentoring`] — applications, requests, proposals, relationship actions (checked with the
//!   domain's rules); [`coordinator`] — the coordinator's desk (online).
//! - [`messaging`] — conversations from the local cache, receipts, concerns, reports and the
//!   crisis sheet held before a mentee's crisis message is sent.
//! - [`state`] — the person's confirmed data and how queued changes apply on top of it.
//! - [`api`] — the HTTP side of the protocol; [`ids`] — mutation ids.
//!
//! Shells see only [`ViewModel`](crate::ViewModel).

pub mod account;
pub mod api;
pub mod coordinator;
pub mod ids;
pub mod mentoring;
pub mod messaging;
pub mod state;
pub mod sync;

use crux_core::command::AbortHandle;
use crux_core::{App, Command};
use domain::mentoring::profile::{MenteeRequest, MentorApplication};
use domain::program::ProgramInfo;
use domain::relationship::Action;
use domain::wire::v1::{
    ChangesPage, Decision, Device, DeviceList, MutationBody, PairChoice, ProposalList,
    ProposalView, PushResponse, SessionCreated,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::effects::{Effect, OutboxEntry, SecretResult, ServerEvent, StoreResult};
use crate::view::{AccountView, Connection, DeviceView, Screen, SyncView, ViewModel};
use api::ApiResult;

/// Everything that can happen to the core. The first group comes from shells; the rest are the
/// answers to the core's own effects and are not part of the shell API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// The app was launched: read local state and restore the session if there is one.
    Start {
        server_url: String,
        device_name: String,
    },
    /// Fetch a program's public information (name, crisis resources) before signing up.
    LoadProgram {
        program_id: Uuid,
    },
    SignUp {
        program_id: Uuid,
        email: String,
        password: String,
        display_name: String,
        locale: Option<String>,
    },
    LogIn {
        email: String,
        password: String,
    },
    LogOut,
    RefreshDevices,
    RevokeDevice {
        device_id: Uuid,
    },
    ChangeDisplayName {
        display_name: String,
    },
    ChangeSettings {
        discreet_notifications: Option<bool>,
        read_receipts: Option<bool>,
    },
    /// Pull to refresh: sync now instead of waiting for the next retry.
    SyncNow,
    DismissNotice,

    // Mentoring (queued offline, sent when online).
    SubmitMentorApplication {
        application: Box<MentorApplication>,
    },
    SetMentorPaused {
        paused: bool,
    },
    SubmitMenteeRequest {
        request: Box<MenteeRequest>,
    },
    /// Ask one of the proposed mentors.
    RequestMentor {
        mentor_id: Uuid,
    },
    /// Accept, decline, acknowledge the agreement, pause, resume, close, ask for a change, block.
    ActOnRelationship {
        relationship_id: Uuid,
        action: Action,
    },
    /// Fetch the best mentors for the current request (online).
    LoadProposals,

    // Messaging (queued offline, sent when online).
    /// Show a conversation: its newest page at once from the local cache; marks it read.
    OpenConversation {
        relationship_id: Uuid,
    },
    /// The person scrolled to the top: load the previous page.
    LoadOlderMessages,
    CloseConversation,
    SendMessage {
        relationship_id: Uuid,
        text: String,
    },
    /// A mentor tells the coordinator they are worried, in their own words (never the messages).
    RaiseConcern {
        relationship_id: Uuid,
        text: String,
    },
    /// The person answered the crisis sheet shown before a message that reads as a crisis:
    /// `send` the message anyway, or not (the shell keeps the draft).
    CrisisPromptAnswered {
        send: bool,
    },
    /// The platform gave this device a push endpoint (UnifiedPush distributor, APNs or FCM token)
    /// so it can be woken when the app is closed. Push payloads never carry content.
    RegisterPushEndpoint {
        registration: domain::wire::v1::PushRegistration,
    },
    /// Report the other member to the coordinator, optionally blocking them too.
    ReportMember {
        relationship_id: Uuid,
        text: String,
        block: bool,
    },

    // Check-ins (queued offline, sent when online).
    /// A mentee records how they feel (1–5), optionally a word or short note, and whether the
    /// mentor of their active relationship may see it.
    RecordCheckIn {
        mood: u8,
        note: Option<String>,
        shared_with_mentor: bool,
    },

    // The coordinator's desk (online).
    LoadCoordinatorDesk,
    DecideApplication {
        user_id: Uuid,
        decision: Decision,
        reason: Option<String>,
    },
    CoordinatorAct {
        relationship_id: Uuid,
        action: Action,
    },
    RunIntake,
    ConfirmIntake {
        pairs: Vec<PairChoice>,
    },

    // Answers to the core's own effects.
    #[serde(skip)]
    Loaded(StoreResult),
    #[serde(skip)]
    Stored(StoreResult),
    #[serde(skip)]
    TokenRead(SecretResult),
    #[serde(skip)]
    TokenWritten(SecretResult),
    #[serde(skip)]
    SessionCreated(Box<ApiResult<SessionCreated>>),
    #[serde(skip)]
    ProgramLoaded(Box<ApiResult<ProgramInfo>>),
    #[serde(skip)]
    DevicesLoaded {
        epoch: u64,
        result: ApiResult<DeviceList>,
    },
    #[serde(skip)]
    DeviceRevoked {
        epoch: u64,
        device_id: Uuid,
        result: ApiResult<()>,
    },
    #[serde(skip)]
    LoggedOutRemotely(ApiResult<()>),
    #[serde(skip)]
    Stamped {
        now_ms: i64,
        body: Box<MutationBody>,
    },
    #[serde(skip)]
    Enqueued {
        epoch: u64,
        result: StoreResult,
    },
    #[serde(skip)]
    Pushed {
        epoch: u64,
        ids: Vec<Uuid>,
        result: ApiResult<PushResponse>,
    },
    #[serde(skip)]
    Pulled {
        epoch: u64,
        result: ApiResult<ChangesPage>,
    },
    #[serde(skip)]
    ServerEvent {
        epoch: u64,
        event: ServerEvent,
    },
    #[serde(skip)]
    RetryDue {
        epoch: u64,
    },
    #[serde(skip)]
    ConversationLoaded {
        epoch: u64,
        result: StoreResult,
    },
    #[serde(skip)]
    SummariesLoaded {
        epoch: u64,
        result: StoreResult,
    },
    #[serde(skip)]
    PushRegistered {
        epoch: u64,
        result: ApiResult<()>,
    },
    #[serde(skip)]
    ProposalsLoaded {
        epoch: u64,
        result: ApiResult<ProposalList>,
    },
    #[serde(skip)]
    Desk {
        epoch: u64,
        answer: Box<coordinator::DeskAnswer>,
    },
}

/// Where the app is in its life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Phase {
    #[default]
    Starting,
    SignedOut,
    SignedIn,
}

/// The signed-in device's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSession {
    pub server_url: String,
    pub device_id: Uuid,
    pub token: String,
}

impl ActiveSession {
    /// The server, as this device (with its token).
    pub fn endpoint(&self) -> api::Endpoint<'_> {
        api::Endpoint {
            base_url: &self.server_url,
            token: Some(&self.token),
        }
    }
}

/// The sync engine's state (see [`sync`]).
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)] // independent flags of one state machine
pub struct SyncState {
    pub connection: Option<Connection>,
    pub push_in_flight: bool,
    pub pull_in_flight: bool,
    /// A pull is wanted as soon as none is in flight.
    pub pull_wanted: bool,
    /// Consecutive failed attempts (drives the backoff).
    pub failures: u32,
    pub retry_in_ms: Option<u64>,
    pub events_open: bool,
    pub events_abort: Option<AbortHandle>,
}

#[derive(Default)]
pub struct Model {
    pub phase: Phase,
    pub server_url: String,
    pub device_name: String,
    pub install_seed: u64,
    pub mutation_counter: u64,
    /// Changes whenever a session starts or ends, so answers meant for an old session are ignored.
    pub epoch: u64,
    pub session: Option<ActiveSession>,
    /// A stored session waiting for its token from secure storage.
    pub restoring: Option<crate::effects::StoredSession>,
    pub confirmed: Option<state::PersonalState>,
    pub devices: Vec<Device>,
    pub proposals: Vec<ProposalView>,
    pub proposals_loading: bool,
    /// The conversation list (from the local cache), by relationship id.
    pub conversations: std::collections::BTreeMap<Uuid, crate::effects::ConversationSummary>,
    pub open: Option<messaging::OpenConversation>,
    /// A message held back while crisis help is shown (never reported to the server).
    pub crisis_prompt: Option<messaging::HeldMessage>,
    pub desk: coordinator::Desk,
    /// The latest time the core has heard of (from the clock or the server), for deadlines in views.
    pub now_ms: i64,
    pub program: Option<ProgramInfo>,
    pub cursor: u64,
    pub outbox: Vec<OutboxEntry>,
    pub sync: SyncState,
    pub busy: bool,
    pub notice: Option<String>,
}

impl Model {
    /// The person's data as they should see it: confirmed by the server, plus their own queued
    /// changes applied in order (optimistic, offline-first).
    pub fn effective(&self) -> Option<state::PersonalState> {
        let mut state = self.confirmed.clone()?;
        for entry in &self.outbox {
            state.apply_pending(
                &entry.mutation.body,
                entry.mutation.created_at_ms,
                &self.proposals,
            );
        }
        Some(state)
    }

    /// The locale to show crisis help in (and to read messages for crisis language).
    pub fn locale(&self) -> Option<String> {
        self.effective()
            .map(|state| state.me.profile.locale)
            .or_else(|| {
                self.program
                    .as_ref()
                    .and_then(|p| p.locales.first().cloned())
            })
    }
}

#[derive(Default)]
pub struct Beacon;

impl App for Beacon {
    type Event = Event;
    type Model = Model;
    type ViewModel = ViewModel;
    type Effect = Effect;

    fn update(&self, event: Event, model: &mut Model) -> Command<Effect, Event> {
        match event {
            Event::Start { .. }
            | Event::LoadProgram { .. }
            | Event::SignUp { .. }
            | Event::LogIn { .. }
            | Event::LogOut
            | Event::RefreshDevices
            | Event::RevokeDevice { .. }
            | Event::DismissNotice
            | Event::Loaded(_)
            | Event::Stored(_)
            | Event::TokenRead(_)
            | Event::TokenWritten(_)
            | Event::SessionCreated(_)
            | Event::ProgramLoaded(_)
            | Event::DevicesLoaded { .. }
            | Event::DeviceRevoked { .. }
            | Event::LoggedOutRemotely(_) => account::update(event, model),
            Event::ChangeDisplayName { .. }
            | Event::ChangeSettings { .. }
            | Event::SyncNow
            | Event::SubmitMentorApplication { .. }
            | Event::SetMentorPaused { .. }
            | Event::SubmitMenteeRequest { .. }
            | Event::RequestMentor { .. }
            | Event::ActOnRelationship { .. }
            | Event::SendMessage { .. }
            | Event::RaiseConcern { .. }
            | Event::ReportMember { .. }
            | Event::RecordCheckIn { .. }
            | Event::Stamped { .. }
            | Event::Enqueued { .. }
            | Event::Pushed { .. }
            | Event::Pulled { .. }
            | Event::ServerEvent { .. }
            | Event::RetryDue { .. } => sync::update(event, model),
            Event::LoadProposals | Event::ProposalsLoaded { .. } => mentoring::update(event, model),
            Event::OpenConversation { .. }
            | Event::LoadOlderMessages
            | Event::CloseConversation
            | Event::RegisterPushEndpoint { .. }
            | Event::CrisisPromptAnswered { .. }
            | Event::PushRegistered { .. }
            | Event::SummariesLoaded { .. }
            | Event::ConversationLoaded { .. } => messaging::update(event, model),
            Event::LoadCoordinatorDesk
            | Event::DecideApplication { .. }
            | Event::CoordinatorAct { .. }
            | Event::RunIntake
            | Event::ConfirmIntake { .. }
            | Event::Desk { .. } => coordinator::update(event, model),
        }
    }

    fn view(&self, model: &Model) -> ViewModel {
        let screen = match model.phase {
            Phase::Starting => Screen::Starting,
            Phase::SignedOut => Screen::SignedOut,
            Phase::SignedIn => Screen::SignedIn,
        };
        let this_device = model.session.as_ref().map(|s| s.device_id);
        let effective = model.effective();
        let account = effective
            .as_ref()
            .map(|state| state.me.clone())
            .map(|me| AccountView {
                user_id: me.user_id,
                email: me.email,
                display_name: me.profile.display_name,
                locale: me.profile.locale,
                roles: me.roles,
                settings: me.settings,
            });
        let crisis_resources = match (&model.program, model.locale()) {
            (Some(program), Some(locale)) => program.crisis_resources_for(&locale).to_vec(),
            _ => Vec::new(),
        };
        ViewModel {
            screen,
            busy: model.busy,
            notice: model.notice.clone(),
            account,
            devices: model
                .devices
                .iter()
                .map(|d| DeviceView {
                    device_id: d.device_id,
                    name: d.name.clone(),
                    last_seen_at_ms: d.last_seen_at_ms,
                    this_device: Some(d.device_id) == this_device,
                })
                .collect(),
            sync: SyncView {
                connection: if model.session.is_some() {
                    model.sync.connection.unwrap_or(Connection::Connecting)
                } else {
                    Connection::Idle
                },
                // Receipts are bookkeeping, not changes the person made.
                pending_changes: model
                    .outbox
                    .iter()
                    .filter(|e| {
                        e.acknowledged_position.is_none()
                            && !matches!(e.mutation.body, MutationBody::AcknowledgeMessages { .. })
                    })
                    .count(),
                syncing: model.sync.push_in_flight || model.sync.pull_in_flight,
                retry_in_ms: model.sync.retry_in_ms,
            },
            crisis_resources: crisis_resources.clone(),
            mentoring: crate::view::mentoring_view(model, effective.as_ref()),
            messaging: crate::view::messaging_view(model, effective.as_ref()),
            checkins: crate::view::checkins_view(model, effective.as_ref()),
            crisis_prompt: model
                .crisis_prompt
                .as_ref()
                .map(|held| crate::view::CrisisPromptView {
                    resources: crisis_resources.clone(),
                    message: held.text.clone(),
                }),
            coordinator: crate::view::coordinator_view(model),
        }
    }
}
