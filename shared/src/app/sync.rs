//! The offline-first sync engine.
//!
//! Changes the person makes become [`Mutation`]s with a UUIDv7, are applied to the view at once
//! (optimistically), and are appended to the outbox in the local store *before* anything is sent.
//! The engine pushes the outbox oldest-first in batches; the server applies each mutation once
//! (retries come back as `duplicate`), and an acknowledged entry stays visible until the pulled feed
//! passes its position. The engine pulls the change feed after a cursor when the server's event
//! stream says it grew, after pushing, on start and on "sync now". When the server cannot be
//! reached it shows "offline" and retries with jittered exponential backoff
//! ([`domain::sync::retry_delay_ms`]); a refused token ends the session.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crux_core::{Command, render::render};
use crux_time::{Time, TimerOutcome};
use domain::limits::{MAX_CHANGES_PER_PAGE, MAX_MUTATIONS_PER_PUSH};
use domain::sync::{next_batch_len, retry_delay_ms};
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{
    ChangeBody, ChangesPage, Mutation, MutationBody, MutationStatus, PushRequest, PushResponse,
};
use uuid::Uuid;

use crate::effects::{
    Effect, OutboxEntry, ServerEvent, ServerEventsOperation, StoreOperation, StoreResult,
};
use crate::view::Connection;

use super::api::{ApiFailure, ApiResult, Endpoint};
use super::{Event, Model, account, ids, mentoring, messaging, reminders};

pub fn update(event: Event, model: &mut Model) -> Command<Effect, Event> {
    match event {
        Event::ChangeDisplayName { display_name } => propose(
            model,
            MutationBody::UpdateProfile {
                display_name: Some(display_name),
                locale: None,
            },
        ),
        Event::ChangeSettings {
            discreet_notifications,
            read_receipts,
        } => propose(
            model,
            MutationBody::UpdateSettings {
                discreet_notifications,
                read_receipts,
                quiet_hours: None,
                checkin_prompt: None,
                checkin_prompt_minute: None,
            },
        ),
        Event::SubmitMentorApplication { application } => propose(
            model,
            MutationBody::SubmitMentorApplication {
                application: *application,
            },
        ),
        Event::SetMentorPaused { paused } => {
            propose(model, MutationBody::SetMentorPaused { paused })
        }
        Event::SubmitMenteeRequest { request } => propose(
            model,
            MutationBody::SubmitMenteeRequest { request: *request },
        ),
        Event::RequestMentor { mentor_id } => propose(
            model,
            // The relationship id is minted when the mutation is stamped.
            MutationBody::RequestMentor {
                relationship_id: Uuid::nil(),
                mentor_id,
            },
        ),
        Event::SendMessage {
            relationship_id,
            text,
        } => messaging::send(model, relationship_id, text),
        Event::RaiseConcern {
            relationship_id,
            text,
        } => propose(
            model,
            MutationBody::RaiseConcern {
                relationship_id,
                concern_id: Uuid::nil(),
                text,
            },
        ),
        Event::ReportMember {
            relationship_id,
            text,
            block,
        } => propose(
            model,
            MutationBody::ReportMember {
                relationship_id,
                report_id: Uuid::nil(),
                text,
                block,
            },
        ),
        Event::RecordCheckIn {
            mood,
            note,
            shared_with_mentor,
        } => propose(
            model,
            // The check-in id is minted when the mutation is stamped.
            MutationBody::RecordCheckIn {
                check_in_id: Uuid::nil(),
                mood,
                note,
                shared_with_mentor,
            },
        ),
        Event::ActOnRelationship {
            relationship_id,
            action,
        } => propose(
            model,
            MutationBody::ActOnRelationship {
                relationship_id,
                action,
            },
        ),
        Event::Stamped { now_ms, body } => enqueue(model, now_ms, *body),
        Event::Enqueued { epoch, result } if epoch == model.epoch => match result {
            StoreResult::Failed(reason) => {
                model.notice = Some(format!(
                    "Beacon couldn't save your change on this device: {reason}"
                ));
                render()
            }
            _ => next_step(model),
        },
        Event::SyncNow => {
            model.sync.pull_wanted = true;
            model.sync.failures = 0;
            reopen_events(model).and(next_step(model)).and(render())
        }
        Event::Pushed { epoch, ids, result } if epoch == model.epoch => pushed(model, &ids, result),
        Event::Pulled { epoch, result } if epoch == model.epoch => pulled(model, result),
        Event::ServerEvent { epoch, event } if epoch == model.epoch => server_event(model, &event),
        Event::RetryDue { epoch } if epoch == model.epoch => {
            model.sync.retry_in_ms = None;
            model.sync.pull_wanted = true;
            reopen_events(model).and(next_step(model)).and(render())
        }
        _ => Command::done(),
    }
}

/// A session became active: listen for changes, pull, and flush whatever is queued.
pub fn session_started(model: &mut Model) -> Command<Effect, Event> {
    model.sync = super::SyncState {
        connection: Some(Connection::Connecting),
        pull_wanted: true,
        ..Default::default()
    };
    reopen_events(model)
        .and(next_step(model))
        .and(reminders::started(model))
}

/// Stop syncing (sign-out): close the event stream; in-flight answers are ignored by epoch.
pub fn stop(model: &mut Model) {
    if let Some(handle) = model.sync.events_abort.take() {
        handle.abort();
    }
    model.sync = super::SyncState::default();
}

/// A request failed: a refused token ends the session, transient failures go offline and retry,
/// anything else is explained to the person.
pub fn request_failed(model: &mut Model, failure: &ApiFailure) -> Command<Effect, Event> {
    if failure.is_signed_out() {
        return account::end_session(
            model,
            Some("This device was signed out. Please log in again."),
        );
    }
    if failure.is_transient() {
        return went_offline(model);
    }
    model.notice = Some(failure.message());
    render()
}

/// Queues a change made by the core itself (e.g. a receipt), exactly like one the person made.
pub fn queue(model: &mut Model, body: MutationBody) -> Command<Effect, Event> {
    propose(model, body)
}

/// Ask for the time to stamp a change (keeps `update` free of clocks); it is checked and queued
/// when the time arrives ([`enqueue`]).
fn propose(model: &mut Model, body: MutationBody) -> Command<Effect, Event> {
    if model.session.is_none() {
        return Command::done();
    }
    Time::now().then_send(move |now: SystemTime| Event::Stamped {
        now_ms: millis(now),
        body: Box::new(body),
    })
}

fn millis(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Checks a stamped change with the same domain rules the server applies (so a mistake is
/// explained at once, offline too), then stores it in the outbox and shows it.
fn enqueue(model: &mut Model, now_ms: i64, body: MutationBody) -> Command<Effect, Event> {
    model.now_ms = model.now_ms.max(now_ms);
    let Some(state) = model.effective() else {
        return Command::done();
    };
    let catalog = model
        .program
        .as_ref()
        .map(|p| p.catalog.clone())
        .unwrap_or_default();
    let mut body = match mentoring::check(&state, &catalog, body, now_ms) {
        Ok(body) => body,
        Err(message) => {
            model.notice = Some(message);
            return render();
        }
    };
    // Ids of new things (relationships, messages, concerns, reports, check-ins, session series)
    // are minted when stamped.
    if let MutationBody::RequestMentor {
        relationship_id: id,
        ..
    }
    | MutationBody::SendMessage { message_id: id, .. }
    | MutationBody::RaiseConcern { concern_id: id, .. }
    | MutationBody::ReportMember { report_id: id, .. }
    | MutationBody::RecordCheckIn {
        check_in_id: id, ..
    }
    | MutationBody::ProposeSession { series_id: id, .. } = &mut body
        && id.is_nil()
    {
        *id = ids::mutation_id(now_ms, model.install_seed, model.mutation_counter);
        model.mutation_counter += 1;
    }
    let mutation_id = ids::mutation_id(now_ms, model.install_seed, model.mutation_counter);
    model.mutation_counter += 1;
    let mutation = Mutation {
        mutation_id,
        created_at_ms: now_ms,
        body,
    };
    let epoch = model.epoch;
    // A note change replaces the note's earlier queued ones and is saved with them (notes).
    let (mutation, operation) = super::notes::prepare_enqueue(model, mutation);
    model.outbox.push(OutboxEntry {
        mutation,
        acknowledged_position: None,
    });
    // Stored before it is sent: sending starts only once the store has answered. Shown at once,
    // reminders included (the clock was just read to stamp it).
    Command::request_from_shell(operation)
        .then_send(move |result| Event::Enqueued { epoch, result })
        .and(reminders::refresh_now(model))
        .and(render())
}

/// Start whatever the engine should do next: push the oldest queued batch, pull if wanted.
fn next_step(model: &mut Model) -> Command<Effect, Event> {
    let Some(session) = model.session.clone() else {
        return Command::done();
    };
    let endpoint = session.endpoint();
    let epoch = model.epoch;
    let mut commands = Vec::new();
    if !model.sync.push_in_flight {
        // Only the oldest batch is cloned, however long the outbox grew while offline.
        let queued = model
            .outbox
            .iter()
            .filter(|e| e.acknowledged_position.is_none());
        let batch_len = next_batch_len(
            queued
                .clone()
                .take(MAX_MUTATIONS_PER_PUSH)
                .map(|e| serde_json::to_vec(&e.mutation).map_or(0, |bytes| bytes.len())),
        );
        let batch: Vec<Mutation> = queued.take(batch_len).map(|e| e.mutation.clone()).collect();
        if !batch.is_empty() {
            let ids: Vec<Uuid> = batch.iter().map(|m| m.mutation_id).collect();
            let request = PushRequest {
                protocol: PROTOCOL_VERSION,
                mutations: batch,
            };
            commands.push(
                endpoint.post("/v1/sync/push", &request, move |result| Event::Pushed {
                    epoch,
                    ids,
                    result,
                }),
            );
            model.sync.push_in_flight = true;
        }
    }
    if model.sync.pull_wanted && !model.sync.pull_in_flight {
        let path = format!(
            "/v1/sync/changes?since={}&limit={MAX_CHANGES_PER_PAGE}",
            model.cursor
        );
        commands.push(endpoint.get(&path, move |result| Event::Pulled { epoch, result }));
        model.sync.pull_wanted = false;
        model.sync.pull_in_flight = true;
    }
    Command::all(commands)
}

fn reopen_events(model: &mut Model) -> Command<Effect, Event> {
    let Some(session) = &model.session else {
        return Command::done();
    };
    if model.sync.events_open || model.sync.events_abort.is_some() {
        return Command::done();
    }
    let epoch = model.epoch;
    let operation = ServerEventsOperation {
        url: Endpoint {
            base_url: &session.server_url,
            token: None,
        }
        .url("/v1/sync/events"),
        token: session.token.clone(),
    };
    let command = Command::stream_from_shell(operation)
        .then_send(move |event| Event::ServerEvent { epoch, event });
    model.sync.events_abort = Some(command.abort_handle());
    command
}

fn came_online(model: &mut Model) {
    model.sync.connection = Some(Connection::Online);
    model.sync.failures = 0;
    model.sync.retry_in_ms = None;
}

fn went_offline(model: &mut Model) -> Command<Effect, Event> {
    model.sync.connection = Some(Connection::Offline);
    if model.sync.retry_in_ms.is_some() {
        return render();
    }
    model.sync.failures = model.sync.failures.saturating_add(1);
    let seed = model.install_seed ^ u64::from(model.sync.failures);
    let delay = retry_delay_ms(model.sync.failures, seed);
    model.sync.retry_in_ms = Some(delay);
    let epoch = model.epoch;
    let (timer, _handle) = Time::notify_after(Duration::from_millis(delay));
    timer
        .then_send(move |outcome| match outcome {
            TimerOutcome::Completed(_) => Event::RetryDue { epoch },
            TimerOutcome::Cleared => Event::RetryDue { epoch: u64::MAX },
        })
        .and(render())
}

fn pushed(
    model: &mut Model,
    ids: &[Uuid],
    result: ApiResult<PushResponse>,
) -> Command<Effect, Event> {
    model.sync.push_in_flight = false;
    let response = match result {
        Ok(response) => response,
        Err(failure) if failure.is_signed_out() || failure.is_transient() => {
            return request_failed(model, &failure);
        }
        Err(failure) => {
            // The whole batch was refused (it will never succeed as sent): drop it, say so.
            let refused = refused_mutations(model, ids);
            model
                .outbox
                .retain(|e| !ids.contains(&e.mutation.mutation_id));
            model.notice = Some(format!(
                "Some changes could not be saved: {}",
                failure.message()
            ));
            return Command::request_from_shell(StoreOperation::Discard(ids.to_vec()))
                .then_send(Event::Stored)
                .and(super::notes::refused(model, &refused))
                .and(reminders::refresh(model))
                .and(render());
        }
    };
    came_online(model);
    let mut acknowledged = Vec::new();
    let mut discarded = Vec::new();
    for outcome in response.outcomes {
        if let (MutationStatus::Applied | MutationStatus::Duplicate, Some(position)) =
            (outcome.status, outcome.position)
        {
            acknowledged.push((outcome.mutation_id, position));
        } else {
            if let Some(error) = outcome.error {
                model.notice = Some(format!("A change could not be saved: {}", error.message));
            }
            discarded.push(outcome.mutation_id);
        }
    }
    for entry in &mut model.outbox {
        if let Some((_, position)) = acknowledged
            .iter()
            .find(|(id, _)| *id == entry.mutation.mutation_id)
        {
            entry.acknowledged_position = Some(*position);
        }
    }
    let refused = refused_mutations(model, &discarded);
    model
        .outbox
        .retain(|e| !discarded.contains(&e.mutation.mutation_id));
    model.sync.pull_wanted = true;
    let mut persist = Vec::new();
    if !acknowledged.is_empty() {
        persist.push(
            Command::request_from_shell(StoreOperation::Acknowledge(acknowledged))
                .then_send(Event::Stored),
        );
    }
    if !discarded.is_empty() {
        persist.push(
            Command::request_from_shell(StoreOperation::Discard(discarded))
                .then_send(Event::Stored),
        );
        // A refused change no longer shows: neither do its reminders.
        persist.push(reminders::refresh(model));
        // A refused note edit: later edits build on it, so the note is queued again whole.
        persist.push(super::notes::refused(model, &refused));
    }
    Command::all(persist).and(next_step(model)).and(render())
}

/// The queued mutations among `ids` (before they are dropped).
fn refused_mutations(model: &Model, ids: &[Uuid]) -> Vec<Mutation> {
    model
        .outbox
        .iter()
        .filter(|e| ids.contains(&e.mutation.mutation_id))
        .map(|e| e.mutation.clone())
        .collect()
}

fn pulled(model: &mut Model, result: ApiResult<ChangesPage>) -> Command<Effect, Event> {
    model.sync.pull_in_flight = false;
    let page = match result {
        Ok(page) => page,
        Err(failure) => return request_failed(model, &failure),
    };
    came_online(model);
    let Some(mut confirmed) = model.confirmed.clone() else {
        return Command::done();
    };
    let own_device = model.session.as_ref().map(|s| s.device_id);
    let mut messages = Vec::new();
    let mut receipts = Vec::new();
    for change in &page.changes {
        match &change.body {
            ChangeBody::MessageAdded { message } => messages.push((**message).clone()),
            ChangeBody::ReceiptsChanged { receipts: update } => receipts.push(*update),
            _ => {}
        }
        model.now_ms = model.now_ms.max(change.at_ms);
        if let ChangeBody::DeviceRevoked { device_id } = &change.body {
            if Some(*device_id) == own_device {
                return account::end_session(
                    model,
                    Some("This device was signed out from another device."),
                );
            }
            model.devices.retain(|d| d.device_id != *device_id);
        }
        confirmed.apply_change(&change.body);
    }
    model.cursor = model.cursor.max(page.cursor);
    let cursor = model.cursor;
    model
        .outbox
        .retain(|e| e.acknowledged_position.is_none_or(|p| p > cursor));
    model.confirmed = Some(confirmed.clone());
    if page.has_more {
        model.sync.pull_wanted = true;
    }
    let me = confirmed.me.user_id;
    let note_changes = super::notes::received(model, &page.changes);
    let commit = Command::request_from_shell(StoreOperation::CommitPull {
        confirmed: Box::new(confirmed),
        cursor,
        messages: messages.clone(),
        receipts: receipts.clone(),
        notes: note_changes.clone(),
    })
    .then_send(Event::Stored);
    // Once stored, an open notes list shows them.
    let commit = if note_changes.is_empty() {
        commit
    } else {
        commit.then(super::notes::reload_list(model))
    };
    let touched_conversations = !messages.is_empty() || !receipts.is_empty();
    let receipts_to_send = messaging::received(model, me, &messages, &receipts);
    // Once stored, take the exact conversation list (unread counts) from the store.
    let commit = if touched_conversations {
        commit.then(messaging::reload_summaries(model))
    } else {
        commit
    };
    commit
        .and(receipts_to_send)
        .and(next_step(model))
        .and(reminders::refresh(model))
        .and(render())
}

fn server_event(model: &mut Model, event: &ServerEvent) -> Command<Effect, Event> {
    match *event {
        ServerEvent::Connected { cursor } | ServerEvent::Changed { cursor } => {
            if matches!(event, ServerEvent::Connected { .. }) {
                model.sync.events_open = true;
                came_online(model);
            }
            if cursor > model.cursor {
                model.sync.pull_wanted = true;
            }
            next_step(model).and(render())
        }
        ServerEvent::Closed { unauthorized } => {
            model.sync.events_open = false;
            model.sync.events_abort = None;
            if unauthorized {
                return account::end_session(
                    model,
                    Some("This device was signed out. Please log in again."),
                );
            }
            went_offline(model)
        }
    }
}
