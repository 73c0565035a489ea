//! The local store: everything the app must show and send while offline, kept on the device.
//!
//! Each operation is one atomic transaction in the runtime's SQLite file, so a crash between two
//! operations never leaves the cursor ahead of the data it stands for, or a mutation half-queued.

use crux_core::capability::Operation;
use domain::messaging::Watermarks;
use domain::program::ProgramInfo;
use domain::wire::v1::{Device, Message, Mutation, ProposalView, ReceiptUpdate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::state::PersonalState;

/// Who is signed in on this device (the token itself lives in secure storage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSession {
    pub server_url: String,
    pub device_id: Uuid,
}

/// A queued mutation. `acknowledged_position` is set once the server has durably applied it; the
/// entry is kept (and still shown) until the pulled feed passes that position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub mutation: Mutation,
    pub acknowledged_position: Option<u64>,
}

/// Everything read back at start-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalSnapshot {
    /// Random bytes made once per installation; seeds mutation ids and retry jitter.
    pub install_seed: u64,
    pub session: Option<StoredSession>,
    /// The person's data as last confirmed by the server (outbox not applied).
    pub confirmed: Option<PersonalState>,
    pub devices: Vec<Device>,
    /// The last mentors proposed to this mentee (shown offline too).
    pub proposals: Vec<ProposalView>,
    pub program: Option<ProgramInfo>,
    pub cursor: u64,
    /// Oldest first.
    pub outbox: Vec<OutboxEntry>,
    /// One summary per conversation with at least one message or receipt.
    pub conversations: Vec<ConversationSummary>,
}

/// What the conversation list needs, computed by the store (never loads whole conversations).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub relationship_id: Uuid,
    /// The highest message number stored (0 = none).
    pub last_seq: u64,
    pub last_message_at_ms: i64,
    /// Messages from the other member after this person's read watermark.
    pub unread: u32,
    pub mine: Watermarks,
    pub theirs: Watermarks,
}

/// A page of a conversation from the local store, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub relationship_id: Uuid,
    pub messages: Vec<Message>,
    /// Older messages exist before this page.
    pub has_older: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreOperation {
    /// Read the whole snapshot.
    Load,
    /// A new sign-in: replace everything with this session and account, empty outbox, cursor 0.
    BeginSession {
        session: StoredSession,
        confirmed: Box<PersonalState>,
        program: Option<ProgramInfo>,
    },
    /// Append a mutation to the outbox.
    Enqueue(Mutation),
    /// The server durably applied (or duplicated) these mutations at these positions.
    Acknowledge(Vec<(Uuid, u64)>),
    /// The server refused these mutations for good: forget them.
    Discard(Vec<Uuid>),
    /// Pulled changes were applied: store the new confirmed account and cursor, and drop outbox
    /// entries acknowledged at or before the cursor.
    CommitPull {
        confirmed: Box<PersonalState>,
        cursor: u64,
        /// Messages and receipts from the same page, stored in the same transaction.
        messages: Vec<Message>,
        receipts: Vec<ReceiptUpdate>,
        /// Note changes from the same page (`note_*` and `shared_summary_*`), merged into the
        /// local notes in the same transaction.
        #[serde(default)]
        notes: Vec<domain::wire::v1::ChangeBody>,
    },
    /// A note edited, shared or deleted on this device, saved together with its queued mutation
    /// (which replaces the note's earlier queued ones, `replaces`: the queue does not grow per
    /// keystroke).
    SaveNote {
        change: Box<crate::app::notes::LocalNoteChange>,
        mutation: Mutation,
        replaces: Vec<Uuid>,
    },
    /// The notes list (newest first) and the summaries others share with this person.
    LoadNotes,
    /// One note with its texts' states.
    LoadNote {
        note_id: Uuid,
    },
    /// A page of one conversation: the newest `limit` messages, or those before `before_seq`.
    /// Remember this person's own receipt at once (so unread counts are right even before the
    /// server echoes it back).
    RecordOwnReceipt(ReceiptUpdate),
    /// The conversation list as the store knows it, from `me`'s point of view.
    LoadSummaries {
        me: Uuid,
    },
    LoadConversation {
        relationship_id: Uuid,
        before_seq: Option<u64>,
        limit: u32,
    },
    /// Remember the latest device list and program information.
    SaveDevices(Vec<Device>),
    SaveProgram(ProgramInfo),
    SaveProposals(Vec<ProposalView>),
    /// Signed out: forget the session, the account and the outbox (keeps program info so crisis
    /// resources still show).
    EndSession,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreResult {
    Loaded(Box<LocalSnapshot>),
    Conversation(ConversationPage),
    Summaries(Vec<ConversationSummary>),
    Notes(Box<crate::app::notes::NotesPage>),
    Note(Option<Box<crate::app::notes::StoredNote>>),
    Done,
    Failed(String),
}

impl Operation for StoreOperation {
    type Output = StoreResult;
}
