//! The Crux app. [`Beacon::update`] routes each [`Event`] to its feature module:
//! - [`account`] — start-up and session restore, sign up, log in, log out, devices, program info.
//! - [`sync`] — the offline-first sync engine: outbox, push, pull, server events, retry; every
//!   change the person makes is checked, stamped and queued here.
//! - [`mentoring`] — applications, requests, proposals, relationship actions (checked with the
//!   domain's rules); [`coordinator`] — the coordinator's desk (online).
//! - [`messaging`] — conversations from the local cache, receipts, concerns, reports and the
//!   crisis sheet held before a mentee's crisis message is sent.
//! - [`sessions`] — proposing and acting on session series (checked with `domain::sessions`),
//!   the device's time zone and the session on screen.
//! - [`reminders`] — the reminder schedule handed to the phone's notification system, and the
//!   reminder settings.
//! - [`state`] — the person's confirmed data and how queued changes apply on top of it.
//! - [`api`] — the HTTP side of the protocol; [`ids`] — mutation ids.
//!
//! Shells see only [`ViewModel`].

pub mod account;
pub mod api;
pub mod coordinator;
pub mod ids;
pub mod mentoring;
pub mod messaging;
pub mod notes;
pub mod reminders;
pub mod sessions;
pub mod state;
pub mod sync;

use crux_core::command::AbortHandle;
use crux_core::{App, Command};
use domain::checkins::CheckInCadence;
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
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[cfg_attr(feature = "facet_typegen", repr(C))]
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

    // Notes (written offline, saved locally as typed, synced to the author's devices).
    /// Start a note in the editor (saved once something is typed): a free note, or notes on a
    /// session series (`session_series_id`, optionally one occurrence by its key), optionally
    /// about a relationship (needed to share a summary with its other member).
    NewNote {
        relationship_id: Option<Uuid>,
        session_series_id: Option<Uuid>,
        occurrence_key: Option<String>,
    },
    /// The editor's whole body text now (sent as the person types).
    EditNote {
        note_id: Uuid,
        text: String,
    },
    /// The editor's whole summary text now.
    EditNoteSummary {
        note_id: Uuid,
        text: String,
    },
    /// Share (or stop sharing) the summary — never the body — with the other member.
    ShareNoteSummary {
        note_id: Uuid,
        shared: bool,
    },
    DeleteNote {
        note_id: Uuid,
    },
    /// Show the notes list (and summaries shared with the person).
    OpenNotes,
    CloseNotes,
    OpenNote {
        note_id: Uuid,
    },
    CloseNote,

    // Sessions (queued offline, sent when online).
    /// Propose a series of sessions in a relationship. `start` is a local date-time
    /// (`2026-03-10T18:00`) in `time_zone`, the organiser's (this person's) IANA zone; `None`
    /// means the device's zone.
    ProposeSession {
        relationship_id: Uuid,
        format: domain::sessions::SessionFormat,
        start: String,
        time_zone: Option<String>,
        duration_minutes: u16,
        recurrence: domain::sessions::Recurrence,
    },
    /// Accept, reschedule, move or cancel one occurrence, cancel the series, mark held or missed.
    ActOnSession {
        series_id: Uuid,
        action: domain::sessions::SessionAction,
    },
    /// Show a series (and optionally one occurrence of it, by its key `2026-03-10T18:00:00`).
    OpenSession {
        series_id: Uuid,
        occurrence_key: Option<String>,
    },
    CloseSession,
    /// The device's IANA time zone (at start and whenever it changes); times are shown in it.
    TimeZoneChanged {
        time_zone: String,
    },

    // Reminders.
    /// Change reminder settings (synced; queued offline): set (`Set`) or switch off (`Off`)
    /// quiet hours, the check-in prompt and its local time (minute of the day), discreet
    /// lock-screen text. Fields left `None` keep their value.
    ChangeReminderSettings {
        quiet_hours: Option<domain::wire::v1::QuietHoursChange>,
        checkin_prompt: Option<bool>,
        checkin_prompt_minute: Option<u16>,
        discreet_notifications: Option<bool>,
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
    /// Mark a mentor's concern resolved, with an optional note only coordinators read.
    ResolveConcern {
        concern_id: Uuid,
        note: Option<String>,
    },
    RunIntake,
    ConfirmIntake {
        pairs: Vec<PairChoice>,
    },

    // Answers to the core's own effects.
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    Loaded(#[cfg_attr(feature = "facet_typegen", facet(opaque))] StoreResult),
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    Stored(#[cfg_attr(feature = "facet_typegen", facet(opaque))] StoreResult),
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    TokenRead(#[cfg_attr(feature = "facet_typegen", facet(opaque))] SecretResult),
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    TokenWritten(#[cfg_attr(feature = "facet_typegen", facet(opaque))] SecretResult),
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    SessionCreated(
        #[cfg_attr(feature = "facet_typegen", facet(opaque))] Box<ApiResult<SessionCreated>>,
    ),
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    ProgramLoaded(
        #[cfg_attr(feature = "facet_typegen", facet(opaque))] Box<ApiResult<ProgramInfo>>,
    ),
    /// The program's information fetched again in the background (session start): a failure
    /// keeps the cached copy and says nothing.
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    ProgramRefreshed(
        #[cfg_attr(feature = "facet_typegen", facet(opaque))] Box<ApiResult<ProgramInfo>>,
    ),
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    DevicesLoaded {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: ApiResult<DeviceList>,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    DeviceRevoked {
        epoch: u64,
        device_id: Uuid,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: ApiResult<()>,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    LoggedOutRemotely(#[cfg_attr(feature = "facet_typegen", facet(opaque))] ApiResult<()>),
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    Stamped {
        now_ms: i64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        body: Box<MutationBody>,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    Enqueued {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: StoreResult,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    Pushed {
        epoch: u64,
        ids: Vec<Uuid>,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: ApiResult<PushResponse>,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    Pulled {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: ApiResult<ChangesPage>,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    ServerEvent {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        event: ServerEvent,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    RetryDue {
        epoch: u64,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    NotesLoaded {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: StoreResult,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    NoteLoaded {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: StoreResult,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    ConversationLoaded {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: StoreResult,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    SummariesLoaded {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: StoreResult,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    PushRegistered {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: ApiResult<()>,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    ProposalsLoaded {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        result: ApiResult<ProposalList>,
    },
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    Desk {
        epoch: u64,
        #[cfg_attr(feature = "facet_typegen", facet(opaque))]
        answer: Box<coordinator::DeskAnswer>,
    },
    /// Time to recompute the reminders (inputs changed, or the hourly timer fired).
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    RemindersDue {
        epoch: u64,
        timer_fired: bool,
    },
    /// The clock, read for the reminders.
    #[serde(skip)]
    #[cfg_attr(feature = "facet_typegen", facet(skip))]
    RemindersClock {
        epoch: u64,
        now_ms: i64,
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
    /// The reminder set last handed to the phone, and the reminders' clock.
    pub reminders: reminders::RemindersState,
    /// The session series on screen, if any.
    pub open_session: Option<sessions::OpenSession>,
    /// The notes list and the open note (notes themselves live in the local store).
    pub notes: notes::Notes,
    /// The device's IANA time zone, as the shell last said ([`Model::time_zone`]).
    pub time_zone: Option<String>,
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
    /// How often the program expects a check-in: the cadence in the program's information once
    /// it is known (and is the signed-in person's program), the default until then.
    pub fn checkin_cadence(&self) -> CheckInCadence {
        self.program
            .as_ref()
            .filter(|program| {
                self.confirmed
                    .as_ref()
                    .is_none_or(|state| state.me.program_id == program.program_id)
            })
            .map(|program| program.checkin_cadence_days)
            .unwrap_or_default()
    }

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

    /// The device's IANA time zone (UTC until the shell says otherwise).
    pub fn time_zone(&self) -> &str {
        self.time_zone
            .as_deref()
            .unwrap_or(sessions::DEFAULT_TIME_ZONE)
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
            | Event::ProgramRefreshed(_)
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
            Event::NewNote { .. }
            | Event::EditNote { .. }
            | Event::EditNoteSummary { .. }
            | Event::ShareNoteSummary { .. }
            | Event::DeleteNote { .. }
            | Event::OpenNotes
            | Event::CloseNotes
            | Event::OpenNote { .. }
            | Event::CloseNote
            | Event::NotesLoaded { .. }
            | Event::NoteLoaded { .. } => notes::update(event, model),
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
            | Event::ResolveConcern { .. }
            | Event::RunIntake
            | Event::ConfirmIntake { .. }
            | Event::Desk { .. } => coordinator::update(event, model),
            Event::ProposeSession { .. }
            | Event::ActOnSession { .. }
            | Event::OpenSession { .. }
            | Event::CloseSession
            | Event::TimeZoneChanged { .. } => sessions::update(event, model),
            Event::ChangeReminderSettings { .. }
            | Event::RemindersDue { .. }
            | Event::RemindersClock { .. } => reminders::update(&event, model),
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
            sessions: crate::view::sessions_view(model, effective.as_ref()),
            reminders: crate::view::reminders_view(model, effective.as_ref()),
            notes: notes::notes_view(model, effective.as_ref()),
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
