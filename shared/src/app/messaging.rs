//! Messaging on the device. Messages travel as sync mutations (see [`super::sync`]) so one typed
//! offline is sent, once and in order, when the connection returns; received messages arrive in
//! the change feed and are kept in the local message cache, which pages a conversation of any
//! length (the newest page at once, older pages on scroll). Delivery and read receipts are
//! queued as watermarks. Every change is checked with the domain's rules first ([`check`]).

use std::collections::BTreeMap;

use crux_core::{Command, render::render};
use domain::TimestampMs;
use domain::messaging::{can_send, normalize_concern_text, normalize_message_text};
use domain::relationship::{self, Action, Actor};
use domain::wire::v1::{Message, MutationBody, ReceiptUpdate};
use uuid::Uuid;

use crate::effects::{ConversationSummary, Effect, StoreOperation, StoreResult};

use super::state::PersonalState;
use super::{Event, Model, sync};

/// A message a mentee wrote that reads as a crisis, held while the crisis sheet is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldMessage {
    pub relationship_id: Uuid,
    pub text: String,
}

/// Messages loaded per page from the local cache.
pub const PAGE_SIZE: u32 = 50;

/// The conversation on screen: a window of the newest messages, extended backwards on scroll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenConversation {
    pub relationship_id: Uuid,
    /// Oldest first, dense by seq.
    pub messages: Vec<Message>,
    pub has_older: bool,
    pub loading: bool,
}

pub fn update(event: Event, model: &mut Model) -> Command<Effect, Event> {
    match event {
        Event::OpenConversation { relationship_id } => {
            model.open = Some(OpenConversation {
                relationship_id,
                loading: true,
                ..OpenConversation::default()
            });
            load_page(model, relationship_id, None).and(render())
        }
        Event::LoadOlderMessages => {
            let Some(open) = &mut model.open else {
                return Command::done();
            };
            if open.loading || !open.has_older {
                return Command::done();
            }
            open.loading = true;
            let (relationship_id, before) =
                (open.relationship_id, open.messages.first().map(|m| m.seq));
            load_page(model, relationship_id, before).and(render())
        }
        Event::RegisterPushEndpoint { registration } => {
            let Some(session) = &model.session else {
                return Command::done();
            };
            let epoch = model.epoch;
            session.endpoint().send_json(
                "PUT",
                "/v1/push/registration",
                &registration,
                move |result| Event::PushRegistered { epoch, result },
            )
        }
        Event::PushRegistered { epoch, result } if epoch == model.epoch => match result {
            Ok(()) => Command::done(),
            Err(failure) => sync::request_failed(model, &failure),
        },
        Event::CrisisPromptAnswered { send } => {
            let Some(held) = model.crisis_prompt.take() else {
                return Command::done();
            };
            if send {
                queue_message(model, held.relationship_id, held.text).and(render())
            } else {
                render()
            }
        }
        Event::SummariesLoaded { epoch, result } if epoch == model.epoch => {
            if let StoreResult::Summaries(summaries) = result {
                model.conversations = summaries
                    .into_iter()
                    .map(|s| (s.relationship_id, s))
                    .collect();
            }
            // The newest message is the last contact the no-contact reminder counts from.
            super::reminders::refresh(model).and(render())
        }
        Event::CloseConversation => {
            model.open = None;
            render()
        }
        Event::ConversationLoaded { epoch, result } if epoch == model.epoch => {
            let StoreResult::Conversation(page) = result else {
                model.notice =
                    Some("Beacon couldn't read this conversation on this device.".to_owned());
                return render();
            };
            let Some(open) = model
                .open
                .as_mut()
                .filter(|o| o.relationship_id == page.relationship_id)
            else {
                return Command::done();
            };
            let newest_first_load = open.messages.is_empty();
            let mut messages = page.messages;
            messages.append(&mut open.messages);
            messages.dedup_by_key(|m| m.seq);
            open.messages = messages;
            open.loading = false;
            if newest_first_load {
                open.has_older = page.has_older;
                return mark_read(model, page.relationship_id).and(render());
            }
            open.has_older = page.has_older;
            render()
        }
        _ => Command::done(),
    }
}

/// A person sends a message. When a mentee's own message reads as a crisis (detected here, on
/// the device), the program's crisis resources are shown first — from the local store, so this
/// works offline — and the message waits for their answer. Nothing about it is sent to the server.
pub fn send(model: &mut Model, relationship_id: Uuid, text: String) -> Command<Effect, Event> {
    let writer_is_mentee = model
        .effective()
        .and_then(|state| {
            state
                .relationship(relationship_id)
                .map(|r| r.my_role == Actor::Mentee)
        })
        .unwrap_or(false);
    let locale = model.locale().unwrap_or_else(|| "en".to_owned());
    if writer_is_mentee && domain::crisis::detect(&text, &locale).is_some() {
        model.crisis_prompt = Some(HeldMessage {
            relationship_id,
            text,
        });
        return render();
    }
    queue_message(model, relationship_id, text)
}

fn queue_message(model: &mut Model, relationship_id: Uuid, text: String) -> Command<Effect, Event> {
    sync::queue(
        model,
        MutationBody::SendMessage {
            relationship_id,
            message_id: Uuid::nil(),
            text,
        },
    )
}

fn load_page(
    model: &Model,
    relationship_id: Uuid,
    before_seq: Option<u64>,
) -> Command<Effect, Event> {
    let epoch = model.epoch;
    Command::request_from_shell(StoreOperation::LoadConversation {
        relationship_id,
        before_seq,
        limit: PAGE_SIZE,
    })
    .then_send(move |result| Event::ConversationLoaded { epoch, result })
}

/// Messages and receipts from a committed pull: update the conversation list and the open
/// conversation, and queue delivery (and, for the open conversation, read) receipts.
pub fn received(
    model: &mut Model,
    me: Uuid,
    messages: &[Message],
    receipts: &[ReceiptUpdate],
) -> Command<Effect, Event> {
    let mut newest_from_them: BTreeMap<Uuid, u64> = BTreeMap::new();
    for message in messages {
        let summary = summary(&mut model.conversations, message.relationship_id);
        if message.seq > summary.last_seq {
            summary.last_seq = message.seq;
            summary.last_message_at_ms = message.sent_at_ms;
        }
        if message.sender_id != me {
            if message.seq > summary.mine.read_up_to {
                summary.unread += 1;
            }
            let newest = newest_from_them.entry(message.relationship_id).or_default();
            *newest = (*newest).max(message.seq);
        }
        if let Some(open) = model
            .open
            .as_mut()
            .filter(|o| o.relationship_id == message.relationship_id)
            && open
                .messages
                .last()
                .is_none_or(|last| message.seq > last.seq)
            && !open.loading
        {
            open.messages.push(message.clone());
        }
    }
    for receipt in receipts {
        let summary = summary(&mut model.conversations, receipt.relationship_id);
        let marks = if receipt.user_id == me {
            &mut summary.mine
        } else {
            &mut summary.theirs
        };
        marks.advance(
            receipt.watermarks.delivered_up_to,
            receipt.watermarks.read_up_to,
        );
        if receipt.user_id == me {
            recount_unread(summary);
        }
    }
    let commands: Vec<_> = newest_from_them
        .into_iter()
        .map(|(relationship_id, newest)| {
            let reading = model
                .open
                .as_ref()
                .is_some_and(|o| o.relationship_id == relationship_id);
            acknowledge(
                model,
                relationship_id,
                newest,
                if reading { newest } else { 0 },
            )
        })
        .collect();
    Command::all(commands)
}

fn summary(
    conversations: &mut BTreeMap<Uuid, ConversationSummary>,
    id: Uuid,
) -> &mut ConversationSummary {
    conversations
        .entry(id)
        .or_insert_with(|| ConversationSummary {
            relationship_id: id,
            ..ConversationSummary::default()
        })
}

/// After the person's own read watermark moved (here or on another device), unread can only fall.
fn recount_unread(summary: &mut ConversationSummary) {
    if summary.mine.read_up_to >= summary.last_seq {
        summary.unread = 0;
    }
}

/// The person opened a conversation: everything in it is now read.
fn mark_read(model: &mut Model, relationship_id: Uuid) -> Command<Effect, Event> {
    let last = model
        .conversations
        .get(&relationship_id)
        .map_or(0, |s| s.last_seq);
    acknowledge(model, relationship_id, last, last)
}

/// Queues a receipt if it moves this person's watermarks forward (applied locally at once).
fn acknowledge(
    model: &mut Model,
    relationship_id: Uuid,
    delivered: u64,
    read: u64,
) -> Command<Effect, Event> {
    let marks = {
        let summary = summary(&mut model.conversations, relationship_id);
        if !summary.mine.advance(delivered, read) {
            return Command::done();
        }
        recount_unread(summary);
        summary.mine
    };
    let me = model
        .confirmed
        .as_ref()
        .map(|state| state.me.user_id)
        .unwrap_or_default();
    let remember = Command::request_from_shell(StoreOperation::RecordOwnReceipt(ReceiptUpdate {
        relationship_id,
        user_id: me,
        watermarks: marks,
    }))
    .then_send(Event::Stored)
    .then(reload_summaries(model));
    remember.and(sync::queue(
        model,
        MutationBody::AcknowledgeMessages {
            relationship_id,
            delivered_up_to: marks.delivered_up_to,
            read_up_to: marks.read_up_to,
        },
    ))
}

/// Replaces the in-memory conversation list with the store's exact one (unread counts depend on
/// messages the core does not keep in memory).
pub fn reload_summaries(model: &Model) -> Command<Effect, Event> {
    let Some(me) = model.confirmed.as_ref().map(|state| state.me.user_id) else {
        return Command::done();
    };
    let epoch = model.epoch;
    Command::request_from_shell(StoreOperation::LoadSummaries { me })
        .then_send(move |result| Event::SummariesLoaded { epoch, result })
}

/// Checks a messaging mutation against the person's relationships, returning it normalised or a
/// sentence explaining why it cannot be made.
pub fn check(
    state: &PersonalState,
    body: MutationBody,
    now_ms: TimestampMs,
) -> Result<MutationBody, String> {
    let not_yours = || "That conversation isn't one of yours.".to_owned();
    match body {
        MutationBody::SendMessage {
            relationship_id,
            message_id,
            text,
        } => {
            let view = state.relationship(relationship_id).ok_or_else(not_yours)?;
            if !can_send(view.relationship.state) {
                return Err(if view.relationship.state.is_final() {
                    "This conversation has ended. You can still read it.".to_owned()
                } else {
                    "You can message once the request has been accepted.".to_owned()
                });
            }
            let text = normalize_message_text(&text).map_err(|e| e.to_string())?;
            Ok(MutationBody::SendMessage {
                relationship_id,
                message_id,
                text,
            })
        }
        MutationBody::AcknowledgeMessages {
            relationship_id, ..
        } => {
            state.relationship(relationship_id).ok_or_else(not_yours)?;
            Ok(body)
        }
        MutationBody::RaiseConcern {
            relationship_id,
            concern_id,
            text,
        } => {
            let view = state.relationship(relationship_id).ok_or_else(not_yours)?;
            if view.my_role != Actor::Mentor {
                return Err("Only the mentor can raise a concern about a relationship.".to_owned());
            }
            let text = normalize_concern_text(&text).map_err(|e| e.to_string())?;
            Ok(MutationBody::RaiseConcern {
                relationship_id,
                concern_id,
                text,
            })
        }
        MutationBody::ReportMember {
            relationship_id,
            report_id,
            text,
            block,
        } => {
            let view = state.relationship(relationship_id).ok_or_else(not_yours)?;
            let text = normalize_concern_text(&text).map_err(|e| e.to_string())?;
            if block {
                let action = Action::Block {
                    reason: text.clone(),
                };
                relationship::apply(&view.relationship, view.my_role, &action, now_ms)
                    .map_err(|e| e.to_string())?;
            }
            Ok(MutationBody::ReportMember {
                relationship_id,
                report_id,
                text,
                block,
            })
        }
        other => Ok(other),
    }
}
