//! The terminal UI's own state — which tab is showing, which field has focus, what is typed —
//! and the one place keys become core [`Event`]s ([`App::handle_key`]; most keys make at most one,
//! switching tabs can make two: close what the old tab had open, load what the new one shows). Drawing is in
//! [`crate::ui`]; the loop that reads the terminal is in `main.rs`. Nothing here decides what a
//! person may do: the keys offered for a relationship are the core's `available_actions`, and
//! every event is checked by the core, which answers with a notice when it refuses.
//!
//! Two modes: *browsing* (letters are shortcuts, digits switch tabs) and *editing* (a form or
//! the message box has the keys; Esc leaves it). F1 (or Ctrl+G) opens crisis help from anywhere.

use domain::relationship::{Action, ActionKind, Actor, CloseReason};
use domain::sessions::{LocalDateTime, SessionAction};
use domain::wire::v1::Decision;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use shared::view::{RelationshipCard, Screen};
use shared::{Event, ViewModel};
use uuid::Uuid;

use crate::forms::{self, Form, FormKey};
use crate::input::TextInput;

/// The screens of a signed-in person, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Relationships: requests, the agreement, pause, close.
    Home,
    /// What the mentee is looking for, and the ranked mentors proposed.
    FindMentor,
    /// The application to mentor.
    Mentor,
    Chat,
    /// Upcoming sessions, proposals to accept, one series open.
    Sessions,
    /// Private notes (a summary can be shared), and summaries shared with this person.
    Notes,
    CheckIn,
    Settings,
    /// Coordinators only.
    Desk,
}

impl Tab {
    pub fn title(self) -> &'static str {
        match self {
            Tab::Home => "Home",
            Tab::FindMentor => "Find a mentor",
            Tab::Mentor => "Mentor",
            Tab::Chat => "Chat",
            Tab::Sessions => "Sessions",
            Tab::Notes => "Notes",
            Tab::CheckIn => "Check-in",
            Tab::Settings => "Settings",
            Tab::Desk => "Desk",
        }
    }
}

/// What the shell tells the core once at start: this device's time zone, when it can be read
/// (session times are shown in it).
pub fn startup_events() -> Vec<Event> {
    let time_zone = forms::local_time_zone();
    if time_zone.is_empty() {
        Vec::new()
    } else {
        vec![Event::TimeZoneChanged { time_zone }]
    }
}

/// The tabs this person sees (the desk only for coordinators).
pub fn visible_tabs(view: &ViewModel) -> Vec<Tab> {
    let mut tabs = vec![
        Tab::Home,
        Tab::FindMentor,
        Tab::Mentor,
        Tab::Chat,
        Tab::Sessions,
        Tab::Notes,
        Tab::CheckIn,
        Tab::Settings,
    ];
    if view.coordinator.is_some() {
        tabs.push(Tab::Desk);
    }
    tabs
}

/// Sign in or sign up, while signed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    SignIn,
    SignUp,
}

/// What a one-line prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptPurpose {
    Decline(Uuid),
    RequestChange(Uuid),
    Block(Uuid),
    Concern(Uuid),
    Report(Uuid),
    Rename,
    DeclineApplication(Uuid),
    WithdrawApproval(Uuid),
    /// An optional note for the other coordinators when resolving a mentor's concern.
    ResolveConcern(Uuid),
    CancelOccurrence {
        series_id: Uuid,
        occurrence_key: LocalDateTime,
    },
    CancelSeries(Uuid),
}

/// A small window over the screen that has the keys until it is answered or cancelled.
#[derive(Debug, Clone)]
pub enum Modal {
    Prompt {
        title: &'static str,
        input: TextInput,
        purpose: PromptPurpose,
    },
    /// Choose why a relationship ends.
    ClosePicker {
        relationship_id: Uuid,
        selected: usize,
    },
}

/// The reasons a person can pick when ending a relationship (the core refuses the rest).
pub const CLOSE_REASONS: [CloseReason; 8] = [
    CloseReason::GoalsReached,
    CloseReason::NoLongerNeeded,
    CloseReason::NotAGoodFit,
    CloseReason::LostContact,
    CloseReason::Circumstances,
    CloseReason::SafetyConcern,
    CloseReason::Other,
    CloseReason::Unspecified,
];

/// The key and label of each relationship action a person can take from the Home tab.
pub fn action_key(kind: ActionKind) -> Option<(char, &'static str)> {
    Some(match kind {
        ActionKind::Accept => ('a', "accept"),
        ActionKind::Decline => ('d', "decline"),
        ActionKind::Withdraw => ('w', "withdraw"),
        ActionKind::AcknowledgeAgreement => ('g', "agree"),
        ActionKind::Pause => ('p', "pause"),
        ActionKind::Resume => ('r', "resume"),
        ActionKind::Close => ('x', "end"),
        ActionKind::RequestChange => ('c', "change mentor"),
        ActionKind::Block => ('b', "block"),
        ActionKind::Expire => return None,
    })
}

/// Which row is selected in each list (clamped to the list when used).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub relationship: usize,
    pub proposal: usize,
    pub conversation: usize,
    pub device: usize,
    pub application: usize,
    /// On the desk's concerns list.
    pub concern: usize,
    pub note: usize,
    /// In the upcoming list.
    pub session: usize,
    /// In the open series: the occurrence's key (starts as the one opened).
    pub occurrence: Option<String>,
}

/// The terminal UI's state.
#[allow(clippy::struct_excessive_bools)] // independent flags of the screen, not a state machine
pub struct App {
    pub tab: Tab,
    /// A form or the message box has the keys.
    pub editing: bool,
    pub crisis_open: bool,
    pub modal: Option<Modal>,
    pub auth_mode: AuthMode,
    pub sign_in: Form,
    pub sign_up: Form,
    /// The mentee request being written (kept after sending, so a refused one can be fixed).
    pub request_form: Option<Form>,
    pub application_form: Option<Form>,
    pub check_in: Form,
    /// A series of sessions being proposed, with the relationship it is for.
    pub session_form: Option<(Uuid, Form)>,
    pub compose: TextInput,
    /// The open note's body and summary as typed here, and which note they belong to.
    pub note_body: TextInput,
    pub note_summary: TextInput,
    pub note_for: Option<Uuid>,
    /// The summary (not the body) has the keys.
    pub note_summary_focused: bool,
    /// The conversation this shell opened.
    pub conversation: Option<Uuid>,
    /// How many messages, counted from the newest, are scrolled out below the window.
    pub scroll_back: usize,
    pub selected: Selection,
    pub quit: bool,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

fn clamp(index: usize, len: usize) -> usize {
    index.min(len.saturating_sub(1))
}

fn up(index: &mut usize) {
    *index = index.saturating_sub(1);
}

fn down(index: &mut usize, len: usize) {
    *index = clamp(*index + 1, len);
}

impl App {
    pub fn new() -> Self {
        Self {
            tab: Tab::Home,
            editing: false,
            crisis_open: false,
            modal: None,
            auth_mode: AuthMode::SignIn,
            sign_in: forms::sign_in(),
            sign_up: forms::sign_up(),
            request_form: None,
            application_form: None,
            check_in: forms::check_in(),
            session_form: None,
            note_body: TextInput::new(),
            note_summary: TextInput::new(),
            note_for: None,
            note_summary_focused: false,
            compose: TextInput::new(),
            conversation: None,
            scroll_back: 0,
            selected: Selection::default(),
            quit: false,
        }
    }

    /// Draws the whole screen for `view`.
    pub fn draw(&self, frame: &mut Frame, view: &ViewModel) {
        crate::ui::draw(self, frame, view);
    }

    /// The auth form on screen while signed out.
    pub fn auth_form(&self) -> &Form {
        match self.auth_mode {
            AuthMode::SignIn => &self.sign_in,
            AuthMode::SignUp => &self.sign_up,
        }
    }

    /// The selected occurrence of the open series (the one opened, until the person moves).
    pub fn occurrence_index(&self, view: &ViewModel) -> Option<usize> {
        let detail = view.sessions.detail.as_ref()?;
        let key = self
            .selected
            .occurrence
            .as_ref()
            .or(detail.selected.as_ref())?;
        detail
            .occurrences
            .iter()
            .position(|o| &o.occurrence_key == key)
    }

    /// The relationship selected on the Home tab.
    pub fn selected_relationship<'v>(&self, view: &'v ViewModel) -> Option<&'v RelationshipCard> {
        let cards = &view.mentoring.relationships;
        cards.get(clamp(self.selected.relationship, cards.len()))
    }

    /// Turns one key press into the events for the core, to dispatch in order (usually none or
    /// one; leaving a tab that has something open for one that loads its data makes two).
    pub fn handle_key(&mut self, key: KeyEvent, view: &ViewModel) -> Vec<Event> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        if matches!(view.screen, Screen::SignedIn)
            && !self.editing
            && !self.crisis_open
            && self.modal.is_none()
            && view.crisis_prompt.is_none()
            && let Some(tab) = self.tab_for(key, view)
        {
            return self.switch_tab(tab, view);
        }
        self.key_event(key, view).into_iter().collect()
    }

    /// The tab a browsing key goes to (a digit, ←/→, Tab/BackTab), if it is one.
    fn tab_for(&self, key: KeyEvent, view: &ViewModel) -> Option<Tab> {
        let tabs = visible_tabs(view);
        let position = tabs.iter().position(|t| *t == self.tab).unwrap_or(0);
        match key.code {
            KeyCode::Char(digit @ '1'..='9') => {
                tabs.get((digit as usize) - ('1' as usize)).copied()
            }
            KeyCode::Right | KeyCode::Tab => Some(tabs[(position + 1) % tabs.len()]),
            KeyCode::Left | KeyCode::BackTab => {
                Some(tabs[(position + tabs.len() - 1) % tabs.len()])
            }
            _ => None,
        }
    }

    /// Every other key: at most one event.
    fn key_event(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c' | 'q') if control => {
                self.quit = true;
                return None;
            }
            KeyCode::F(1) => {
                self.crisis_open = !self.crisis_open;
                return None;
            }
            KeyCode::Char('g') if control => {
                self.crisis_open = !self.crisis_open;
                return None;
            }
            _ => {}
        }
        if self.crisis_open {
            if matches!(key.code, KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q')) {
                self.crisis_open = false;
            }
            return None;
        }
        if let Some(prompt) = &view.crisis_prompt {
            return match key.code {
                KeyCode::Char('s') => Some(Event::CrisisPromptAnswered { send: true }),
                KeyCode::Char('k') | KeyCode::Esc => {
                    // The core does not send it; the draft comes back to the message box.
                    self.compose.set(&prompt.message);
                    self.editing = true;
                    Some(Event::CrisisPromptAnswered { send: false })
                }
                _ => None,
            };
        }
        if self.modal.is_some() {
            return self.modal_key(key);
        }
        match view.screen {
            Screen::Starting => None,
            Screen::SignedOut => self.signed_out_key(key, view),
            Screen::SignedIn => self.signed_in_key(key, view),
        }
    }

    fn signed_out_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        self.tab = Tab::Home;
        self.editing = false;
        if key.code == KeyCode::Char('t') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.auth_mode = match self.auth_mode {
                AuthMode::SignIn => AuthMode::SignUp,
                AuthMode::SignUp => AuthMode::SignIn,
            };
            return None;
        }
        if view.busy {
            return None;
        }
        match self.auth_mode {
            AuthMode::SignIn => match self.sign_in.handle(key) {
                FormKey::Submit => {
                    let email = self.sign_in.value(forms::SIGN_IN_EMAIL);
                    let password = self.sign_in.fields[forms::SIGN_IN_PASSWORD].input.take();
                    self.sign_in.focus = forms::SIGN_IN_PASSWORD;
                    Some(Event::LogIn { email, password })
                }
                FormKey::Leave => view.notice.as_ref().map(|_| Event::DismissNotice),
                _ => None,
            },
            AuthMode::SignUp => match self.sign_up.handle(key) {
                FormKey::Submit => match forms::program_id(&self.sign_up) {
                    Ok(program_id) => {
                        let locale = self.sign_up.value(forms::SIGN_UP_LOCALE);
                        let password = self.sign_up.fields[forms::SIGN_UP_PASSWORD].input.take();
                        self.sign_up.focus = forms::SIGN_UP_PASSWORD;
                        Some(Event::SignUp {
                            program_id,
                            email: self.sign_up.value(forms::SIGN_UP_EMAIL),
                            password,
                            display_name: self.sign_up.value(forms::SIGN_UP_NAME),
                            locale: Some(locale).filter(|l| !l.is_empty()),
                        })
                    }
                    Err(error) => {
                        self.sign_up.error = Some(error);
                        None
                    }
                },
                // Leaving the program field: fetch the program's name and crisis resources.
                FormKey::Moved {
                    from: forms::SIGN_UP_PROGRAM,
                } => forms::program_id(&self.sign_up)
                    .ok()
                    .map(|program_id| Event::LoadProgram { program_id }),
                FormKey::Leave => view.notice.as_ref().map(|_| Event::DismissNotice),
                _ => None,
            },
        }
    }

    fn signed_in_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        if !visible_tabs(view).contains(&self.tab) {
            self.tab = Tab::Home;
        }
        if self.editing {
            return self.edit_key(key, view);
        }
        let event = match self.tab {
            Tab::Home => self.home_key(key, view),
            Tab::FindMentor => self.find_key(key, view),
            Tab::Mentor => self.mentor_key(key, view),
            Tab::Chat => return self.chat_key(key, view),
            Tab::Sessions => self.sessions_key(key, view),
            Tab::Notes => self.notes_key(key, view),
            Tab::CheckIn => {
                if matches!(key.code, KeyCode::Enter | KeyCode::Char('e')) {
                    self.editing = true;
                }
                None
            }
            Tab::Settings => self.settings_key(key, view),
            Tab::Desk => self.desk_key(key, view),
        };
        if event.is_none() && key.code == KeyCode::Esc && view.notice.is_some() {
            return Some(Event::DismissNotice);
        }
        event
    }

    /// Shows `tab`: first closes what the tab being left has open (the notes, a conversation,
    /// a series), then asks for what the new tab shows when its data has to be loaded.
    fn switch_tab(&mut self, tab: Tab, view: &ViewModel) -> Vec<Event> {
        let mut events = Vec::new();
        if tab == self.tab {
            return events;
        }
        let leaving = self.tab;
        self.tab = tab;
        self.editing = false;
        if leaving == Tab::Notes {
            self.note_for = None;
            events.push(Event::CloseNotes);
        }
        if self.conversation.take().is_some() {
            events.push(Event::CloseConversation);
        }
        if view.sessions.detail.is_some() {
            events.push(Event::CloseSession);
        }
        events.extend(match tab {
            Tab::Settings => Some(Event::RefreshDevices),
            Tab::Notes => Some(Event::OpenNotes),
            Tab::Desk => Some(Event::LoadCoordinatorDesk),
            Tab::FindMentor
                if view.mentoring.request.is_some()
                    && view.mentoring.proposals.is_empty()
                    && !view.mentoring.proposals_loading =>
            {
                Some(Event::LoadProposals)
            }
            _ => None,
        });
        events
    }

    fn prompt(&mut self, title: &'static str, purpose: PromptPurpose) -> Option<Event> {
        self.modal = Some(Modal::Prompt {
            title,
            input: TextInput::new(),
            purpose,
        });
        None
    }

    fn home_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let count = view.mentoring.relationships.len();
        match key.code {
            KeyCode::Up => up(&mut self.selected.relationship),
            KeyCode::Down => down(&mut self.selected.relationship, count),
            _ => {}
        }
        let card = self.selected_relationship(view)?.clone();
        let id = card.relationship_id;
        let KeyCode::Char(pressed) = key.code else {
            if key.code == KeyCode::Enter {
                return Some(self.open_conversation(id));
            }
            return None;
        };
        match pressed {
            'm' => return Some(self.open_conversation(id)),
            't' => {
                return self.prompt(
                    "Report to the coordinator (what happened)",
                    PromptPurpose::Report(id),
                );
            }
            'o' if card.my_role == Actor::Mentor => {
                return self.prompt(
                    "Tell the coordinator what worries you (your words, not their messages)",
                    PromptPurpose::Concern(id),
                );
            }
            _ => {}
        }
        let kind = card
            .available_actions
            .iter()
            .copied()
            .find(|kind| action_key(*kind).is_some_and(|(k, _)| k == pressed))?;
        let act = |action| {
            Some(Event::ActOnRelationship {
                relationship_id: id,
                action,
            })
        };
        match kind {
            ActionKind::Accept => act(Action::Accept {}),
            ActionKind::Withdraw => act(Action::Withdraw {}),
            ActionKind::AcknowledgeAgreement => act(Action::AcknowledgeAgreement {
                agreement_version: card.agreement.version,
            }),
            ActionKind::Pause => act(Action::Pause { until: None }),
            ActionKind::Resume => act(Action::Resume {}),
            ActionKind::Decline => self.prompt(
                "Why not? (optional, only the coordinator sees it)",
                PromptPurpose::Decline(id),
            ),
            ActionKind::RequestChange => self.prompt(
                "Why a different mentor? (only the coordinator sees it)",
                PromptPurpose::RequestChange(id),
            ),
            ActionKind::Block => self.prompt(
                "Why block? (only the coordinator sees it)",
                PromptPurpose::Block(id),
            ),
            ActionKind::Close => {
                self.modal = Some(Modal::ClosePicker {
                    relationship_id: id,
                    selected: 0,
                });
                None
            }
            ActionKind::Expire => None,
        }
    }

    fn open_conversation(&mut self, relationship_id: Uuid) -> Event {
        self.tab = Tab::Chat;
        self.conversation = Some(relationship_id);
        self.scroll_back = 0;
        self.editing = true;
        Event::OpenConversation { relationship_id }
    }

    fn find_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let proposals = &view.mentoring.proposals;
        match key.code {
            KeyCode::Char('e') => {
                if self.request_form.is_none() {
                    self.request_form = Some(forms::mentee_request(
                        &view.mentoring.catalog,
                        view.mentoring.request.as_ref(),
                    ));
                }
                self.editing = true;
                None
            }
            KeyCode::Char('l') => Some(Event::LoadProposals),
            KeyCode::Up => {
                up(&mut self.selected.proposal);
                None
            }
            KeyCode::Down => {
                down(&mut self.selected.proposal, proposals.len());
                None
            }
            KeyCode::Enter => proposals
                .get(clamp(self.selected.proposal, proposals.len()))
                .map(|card| Event::RequestMentor {
                    mentor_id: card.mentor_id,
                }),
            _ => None,
        }
    }

    fn mentor_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        match key.code {
            KeyCode::Char('e') => {
                if self.application_form.is_none() {
                    self.application_form = Some(forms::mentor_application(
                        &view.mentoring.catalog,
                        view.mentoring.application.as_ref().map(|a| &a.application),
                    ));
                }
                self.editing = true;
                None
            }
            KeyCode::Char('p') => view
                .mentoring
                .application
                .as_ref()
                .map(|a| Event::SetMentorPaused { paused: !a.paused }),
            _ => None,
        }
    }

    fn chat_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        if self.conversation.is_some() {
            return match key.code {
                KeyCode::Enter | KeyCode::Char('i') => {
                    self.editing = true;
                    None
                }
                KeyCode::Esc => {
                    self.conversation = None;
                    Some(Event::CloseConversation)
                }
                _ => self.scroll_key(key, view),
            };
        }
        let cards = &view.messaging.conversations;
        match key.code {
            KeyCode::Up => up(&mut self.selected.conversation),
            KeyCode::Down => down(&mut self.selected.conversation, cards.len()),
            KeyCode::Enter => {
                let card = cards.get(clamp(self.selected.conversation, cards.len()))?;
                return Some(self.open_conversation(card.relationship_id));
            }
            KeyCode::Esc if view.notice.is_some() => return Some(Event::DismissNotice),
            _ => {}
        }
        None
    }

    /// Up / PgUp show older messages (loading the previous page at the top); Down / PgDn newer.
    fn scroll_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let open = view.messaging.open.as_ref()?;
        let count = open.messages.len();
        let step = match key.code {
            KeyCode::Up => 1,
            KeyCode::PageUp => 10,
            KeyCode::Down => {
                self.scroll_back = self.scroll_back.saturating_sub(1);
                return None;
            }
            KeyCode::PageDown => {
                self.scroll_back = self.scroll_back.saturating_sub(10);
                return None;
            }
            KeyCode::End => {
                self.scroll_back = 0;
                return None;
            }
            _ => return None,
        };
        self.scroll_back = clamp(self.scroll_back + step, count);
        let at_top = self.scroll_back + 1 >= count;
        (at_top && open.has_older && !open.loading).then_some(Event::LoadOlderMessages)
    }

    /// The upcoming list (Enter opens a series, `a` accepts the first proposal waiting for me,
    /// `n` proposes sessions with the relationship selected on Home), or the open series (`a`,
    /// `h` held, `x` missed, `c` cancel one, `C` cancel all, Esc back) — offered as the view allows.
    fn sessions_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let sessions = &view.sessions;
        if let Some(detail) = &sessions.detail {
            let count = detail.occurrences.len();
            let series_id = detail.series_id;
            let mut index = self.occurrence_index(view).unwrap_or(0);
            let occurrence = detail.occurrences.get(index);
            let key_of = |o: &shared::view::sessions::OccurrenceCard| {
                o.occurrence_key.parse::<LocalDateTime>().ok()
            };
            let act = |action| Some(Event::ActOnSession { series_id, action });
            return match key.code {
                KeyCode::Up | KeyCode::Down => {
                    if key.code == KeyCode::Up {
                        up(&mut index);
                    } else {
                        down(&mut index, count);
                    }
                    self.selected.occurrence = detail
                        .occurrences
                        .get(index)
                        .map(|o| o.occurrence_key.clone());
                    None
                }
                KeyCode::Esc => Some(Event::CloseSession),
                KeyCode::Char('a') if detail.can_accept => act(SessionAction::Accept {}),
                KeyCode::Char('C') if detail.can_cancel_series => self.prompt(
                    "Why are these sessions called off? (both of you see it)",
                    PromptPurpose::CancelSeries(series_id),
                ),
                KeyCode::Char('h') => {
                    let key = occurrence.filter(|o| o.can_mark).and_then(key_of)?;
                    act(SessionAction::MarkHeld {
                        occurrence_key: key,
                    })
                }
                KeyCode::Char('x') => {
                    let key = occurrence.filter(|o| o.can_mark).and_then(key_of)?;
                    act(SessionAction::MarkMissed {
                        occurrence_key: key,
                    })
                }
                KeyCode::Char('c') => {
                    let occurrence_key = occurrence.filter(|o| o.can_cancel).and_then(key_of)?;
                    self.prompt(
                        "Why is this session called off? (both of you see it)",
                        PromptPurpose::CancelOccurrence {
                            series_id,
                            occurrence_key,
                        },
                    )
                }
                _ => None,
            };
        }
        let count = sessions.upcoming.len();
        match key.code {
            KeyCode::Up => up(&mut self.selected.session),
            KeyCode::Down => down(&mut self.selected.session, count),
            KeyCode::Enter => {
                let session = sessions.upcoming.get(clamp(self.selected.session, count))?;
                self.selected.occurrence = Some(session.occurrence_key.clone());
                return Some(Event::OpenSession {
                    series_id: session.series_id,
                    occurrence_key: Some(session.occurrence_key.clone()),
                });
            }
            KeyCode::Char('a') => {
                let proposal = sessions.awaiting_my_acceptance.first()?;
                return Some(Event::ActOnSession {
                    series_id: proposal.series_id,
                    action: SessionAction::Accept {},
                });
            }
            KeyCode::Char('n') => {
                let card = self.selected_relationship(view)?;
                self.session_form = Some((card.relationship_id, forms::session()));
                self.editing = true;
            }
            _ => {}
        }
        None
    }

    /// The notes list: Enter opens, `n` starts a note (about the relationship selected on Home,
    /// if any), `D` deletes the selected one.
    fn notes_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let notes = &view.notes.list;
        let selected = notes.get(clamp(self.selected.note, notes.len()));
        match key.code {
            KeyCode::Up => {
                up(&mut self.selected.note);
                None
            }
            KeyCode::Down => {
                down(&mut self.selected.note, notes.len());
                None
            }
            KeyCode::Enter => {
                let note_id = selected?.note_id;
                self.editing = true;
                self.note_for = None;
                Some(Event::OpenNote { note_id })
            }
            KeyCode::Char('n') => {
                self.editing = true;
                self.note_for = None;
                Some(Event::NewNote {
                    relationship_id: self.selected_relationship(view).map(|r| r.relationship_id),
                    session_series_id: None,
                    occurrence_key: None,
                })
            }
            KeyCode::Char('D') => selected.map(|n| Event::DeleteNote { note_id: n.note_id }),
            _ => None,
        }
    }

    /// Takes the open note's text into the editing buffers once it has loaded.
    pub fn sync_note_editor(&mut self, view: &ViewModel) {
        if let Some(editor) = &view.notes.editor
            && !editor.loading
            && self.note_for != Some(editor.note_id)
        {
            self.note_body.set(&editor.text);
            self.note_summary.set(&editor.summary);
            self.note_for = Some(editor.note_id);
            self.note_summary_focused = false;
        }
    }

    /// The open note: typing saves the whole text as it changes (Enter is a new line), Tab
    /// switches between the note and its summary, Ctrl+S shares or stops sharing the summary,
    /// Esc closes it.
    fn note_editor_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        self.sync_note_editor(view);
        let Some(editor) = &view.notes.editor else {
            if key.code == KeyCode::Esc {
                self.editing = false;
            }
            return None;
        };
        let note_id = editor.note_id;
        if editor.loading {
            return None;
        }
        let control = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                self.editing = false;
                self.note_for = None;
                return Some(Event::CloseNote);
            }
            KeyCode::Tab | KeyCode::BackTab => {
                self.note_summary_focused = !self.note_summary_focused;
                return None;
            }
            KeyCode::Char('s') if control => {
                return editor.can_share.then_some(Event::ShareNoteSummary {
                    note_id,
                    shared: !editor.summary_shared,
                });
            }
            _ => {}
        }
        let input = if self.note_summary_focused {
            &mut self.note_summary
        } else {
            &mut self.note_body
        };
        let before = input.value();
        if key.code == KeyCode::Enter {
            input.insert_newline();
        } else {
            input.handle(key);
        }
        let text = input.value();
        if text == before {
            return None;
        }
        Some(if self.note_summary_focused {
            Event::EditNoteSummary { note_id, text }
        } else {
            Event::EditNote { note_id, text }
        })
    }

    fn settings_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let settings = view.account.as_ref().map(|a| a.settings)?;
        match key.code {
            KeyCode::Char('r') => Some(Event::ChangeSettings {
                discreet_notifications: None,
                read_receipts: Some(!settings.read_receipts),
            }),
            KeyCode::Char('d') => Some(Event::ChangeSettings {
                discreet_notifications: Some(!settings.discreet_notifications),
                read_receipts: None,
            }),
            KeyCode::Char('k') => Some(Event::ChangeReminderSettings {
                quiet_hours: None,
                checkin_prompt: Some(!view.reminders.checkin_prompt),
                checkin_prompt_minute: None,
                discreet_notifications: None,
            }),
            KeyCode::Char('n') => self.prompt("Your display name", PromptPurpose::Rename),
            KeyCode::Char('v') => Some(Event::RefreshDevices),
            KeyCode::Char('s') => Some(Event::SyncNow),
            KeyCode::Char('L') => Some(Event::LogOut),
            KeyCode::Up => {
                up(&mut self.selected.device);
                None
            }
            KeyCode::Down => {
                down(&mut self.selected.device, view.devices.len());
                None
            }
            KeyCode::Char('x') => view
                .devices
                .get(clamp(self.selected.device, view.devices.len()))
                .map(|d| Event::RevokeDevice {
                    device_id: d.device_id,
                }),
            _ => None,
        }
    }

    fn desk_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        let desk = view.coordinator.as_ref()?;
        let selected = desk
            .applications
            .get(clamp(self.selected.application, desk.applications.len()))
            .map(|a| a.user_id);
        let concern = desk
            .concerns
            .get(clamp(self.selected.concern, desk.concerns.len()));
        match key.code {
            KeyCode::Char('l') => Some(Event::LoadCoordinatorDesk),
            KeyCode::Char('k') => {
                up(&mut self.selected.concern);
                None
            }
            KeyCode::Char('j') => {
                down(&mut self.selected.concern, desk.concerns.len());
                None
            }
            KeyCode::Char('r') => concern.filter(|c| !c.resolved).and_then(|c| {
                self.prompt(
                    "Resolve this concern: a note for coordinators (optional, Enter for none)",
                    PromptPurpose::ResolveConcern(c.concern_id),
                )
            }),
            KeyCode::Up => {
                up(&mut self.selected.application);
                None
            }
            KeyCode::Down => {
                down(&mut self.selected.application, desk.applications.len());
                None
            }
            KeyCode::Char('a') => selected.map(|user_id| Event::DecideApplication {
                user_id,
                decision: Decision::Approve,
                reason: None,
            }),
            KeyCode::Char('d') => selected.and_then(|user_id| {
                self.prompt(
                    "Why is this application declined? (the applicant reads it)",
                    PromptPurpose::DeclineApplication(user_id),
                )
            }),
            KeyCode::Char('w') => selected.and_then(|user_id| {
                self.prompt(
                    "Why is the approval withdrawn? (the mentor reads it)",
                    PromptPurpose::WithdrawApproval(user_id),
                )
            }),
            KeyCode::Char('i') => Some(Event::RunIntake),
            KeyCode::Char('c') => desk.intake.as_ref().map(|intake| Event::ConfirmIntake {
                pairs: intake
                    .pairs
                    .iter()
                    .map(|p| domain::wire::v1::PairChoice {
                        mentee_id: p.mentee_id,
                        mentor_id: p.mentor_id,
                    })
                    .collect(),
            }),
            _ => None,
        }
    }

    fn edit_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        match self.tab {
            Tab::Chat => self.compose_key(key, view),
            Tab::FindMentor => {
                let form = self.request_form.as_mut()?;
                match form.handle(key) {
                    FormKey::Submit => match forms::mentee_request_from(form) {
                        Ok(request) => {
                            self.editing = false;
                            Some(Event::SubmitMenteeRequest {
                                request: Box::new(request),
                            })
                        }
                        Err(error) => {
                            form.error = Some(error);
                            None
                        }
                    },
                    FormKey::Leave => {
                        self.request_form = None;
                        self.editing = false;
                        None
                    }
                    _ => None,
                }
            }
            Tab::Mentor => {
                let form = self.application_form.as_mut()?;
                match form.handle(key) {
                    FormKey::Submit => {
                        match forms::mentor_application_from(form, &view.mentoring.catalog) {
                            Ok(application) => {
                                self.editing = false;
                                Some(Event::SubmitMentorApplication {
                                    application: Box::new(application),
                                })
                            }
                            Err(error) => {
                                form.error = Some(error);
                                None
                            }
                        }
                    }
                    FormKey::Leave => {
                        self.application_form = None;
                        self.editing = false;
                        None
                    }
                    _ => None,
                }
            }
            Tab::CheckIn => match self.check_in.handle(key) {
                FormKey::Submit => match forms::check_in_from(&self.check_in) {
                    Ok((mood, note, shared_with_mentor)) => {
                        self.check_in.clear();
                        self.check_in.fields[forms::CHECK_IN_SHARE].input.set("y");
                        self.editing = false;
                        Some(Event::RecordCheckIn {
                            mood,
                            note,
                            shared_with_mentor,
                        })
                    }
                    Err(error) => {
                        self.check_in.error = Some(error);
                        None
                    }
                },
                FormKey::Leave => {
                    self.editing = false;
                    None
                }
                _ => None,
            },
            Tab::Sessions => {
                let (relationship_id, form) = self.session_form.as_mut()?;
                match form.handle(key) {
                    FormKey::Submit => match forms::session_from(form) {
                        Ok((format, start, duration_minutes, recurrence)) => {
                            let relationship_id = *relationship_id;
                            self.session_form = None;
                            self.editing = false;
                            Some(Event::ProposeSession {
                                relationship_id,
                                format,
                                start,
                                time_zone: None,
                                duration_minutes,
                                recurrence,
                            })
                        }
                        Err(error) => {
                            form.error = Some(error);
                            None
                        }
                    },
                    FormKey::Leave => {
                        self.session_form = None;
                        self.editing = false;
                        None
                    }
                    _ => None,
                }
            }
            Tab::Notes => self.note_editor_key(key, view),
            Tab::Home | Tab::Settings | Tab::Desk => {
                self.editing = false;
                None
            }
        }
    }

    fn compose_key(&mut self, key: KeyEvent, view: &ViewModel) -> Option<Event> {
        match key.code {
            KeyCode::Esc => {
                self.editing = false;
                None
            }
            KeyCode::Enter => {
                let relationship_id = self.conversation.or(view
                    .messaging
                    .open
                    .as_ref()
                    .map(|o| o.relationship_id))?;
                if self.compose.value().trim().is_empty() {
                    return None;
                }
                self.scroll_back = 0;
                Some(Event::SendMessage {
                    relationship_id,
                    text: self.compose.take(),
                })
            }
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown => {
                self.scroll_key(key, view)
            }
            _ => {
                self.compose.handle(key);
                None
            }
        }
    }

    fn modal_key(&mut self, key: KeyEvent) -> Option<Event> {
        let modal = self.modal.as_mut()?;
        match modal {
            Modal::ClosePicker {
                relationship_id,
                selected,
            } => match key.code {
                KeyCode::Up => {
                    up(selected);
                    None
                }
                KeyCode::Down => {
                    down(selected, CLOSE_REASONS.len());
                    None
                }
                KeyCode::Enter => {
                    let event = Event::ActOnRelationship {
                        relationship_id: *relationship_id,
                        action: Action::Close {
                            reason: CLOSE_REASONS[*selected],
                            note: None,
                        },
                    };
                    self.modal = None;
                    Some(event)
                }
                KeyCode::Esc => {
                    self.modal = None;
                    None
                }
                _ => None,
            },
            Modal::Prompt { input, purpose, .. } => match key.code {
                KeyCode::Esc => {
                    self.modal = None;
                    None
                }
                KeyCode::Enter => {
                    let text = input.value().trim().to_owned();
                    let purpose = *purpose;
                    self.modal = None;
                    Some(prompt_event(purpose, text))
                }
                _ => {
                    input.handle(key);
                    None
                }
            },
        }
    }
}

/// The event a prompt's answer makes. Empty required reasons go to the core, which explains.
fn prompt_event(purpose: PromptPurpose, text: String) -> Event {
    let act = |relationship_id, action| Event::ActOnRelationship {
        relationship_id,
        action,
    };
    let optional = Some(text.clone()).filter(|t| !t.is_empty());
    match purpose {
        PromptPurpose::Decline(id) => act(id, Action::Decline { reason: optional }),
        PromptPurpose::RequestChange(id) => act(id, Action::RequestChange { reason: text }),
        PromptPurpose::Block(id) => act(id, Action::Block { reason: text }),
        PromptPurpose::Concern(relationship_id) => Event::RaiseConcern {
            relationship_id,
            text,
        },
        PromptPurpose::Report(relationship_id) => Event::ReportMember {
            relationship_id,
            text,
            block: false,
        },
        PromptPurpose::Rename => Event::ChangeDisplayName { display_name: text },
        PromptPurpose::DeclineApplication(user_id) => Event::DecideApplication {
            user_id,
            decision: Decision::Decline,
            reason: optional,
        },
        PromptPurpose::WithdrawApproval(user_id) => Event::DecideApplication {
            user_id,
            decision: Decision::Withdraw,
            reason: optional,
        },
        PromptPurpose::ResolveConcern(concern_id) => Event::ResolveConcern {
            concern_id,
            note: optional,
        },
        PromptPurpose::CancelOccurrence {
            series_id,
            occurrence_key,
        } => Event::ActOnSession {
            series_id,
            action: SessionAction::CancelOccurrence {
                occurrence_key,
                reason: text,
            },
        },
        PromptPurpose::CancelSeries(series_id) => Event::ActOnSession {
            series_id,
            action: SessionAction::Cancel { reason: text },
        },
    }
}
