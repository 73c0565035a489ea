//! After a push commits: wake the recipients of the messages it added. Runs in the background
//! (the acknowledgement never waits); failures are logged with the endpoint's host only and never
//! undo anything.

use std::collections::BTreeSet;

use domain::wire::v1::{
    Mutation, MutationBody, MutationOutcome, MutationStatus, PushPayload, PushProviderKind,
};
use futures::future::join_all;
use uuid::Uuid;

use super::provider::{PushError, PushProvider};
use super::{Push, endpoint_host};
use crate::db::store::mentoring::relationships;
use crate::db::store::messaging::registrations::{self, Registration};
use crate::state::AppState;

/// For each mutation of a push, the conversation it sends a message into (if it does). Taken
/// before the mutations move into the writer.
pub fn message_targets(mutations: &[Mutation]) -> Vec<Option<Uuid>> {
    mutations
        .iter()
        .map(|mutation| match &mutation.body {
            MutationBody::SendMessage {
                relationship_id, ..
            } => Some(*relationship_id),
            _ => None,
        })
        .collect()
}

/// The conversations that got a new message in this push: `send_message` mutations that were
/// applied now (not duplicates or refusals).
pub fn conversations_with_new_messages(
    targets: &[Option<Uuid>],
    outcomes: &[MutationOutcome],
) -> BTreeSet<Uuid> {
    targets
        .iter()
        .zip(outcomes)
        .filter(|(_, outcome)| outcome.status == MutationStatus::Applied)
        .filter_map(|(target, _)| *target)
        .collect()
}

/// Wakes, in the background, the other member's devices that have a registration and no open
/// stream, once per conversation.
pub fn wake_recipients(state: &AppState, sender_id: Uuid, conversations: BTreeSet<Uuid>) {
    if conversations.is_empty() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        let now = state.clock().now_ms();
        let targets = state
            .db()
            .read(move |conn| {
                let mut targets = Vec::new();
                for conversation_id in conversations {
                    let Some(stored) = relationships::get(conn, conversation_id, now)? else {
                        continue;
                    };
                    let relationship = stored.relationship;
                    let recipient = if relationship.mentee_id == sender_id {
                        relationship.mentor_id
                    } else {
                        relationship.mentee_id
                    };
                    for registration in registrations::of_user(conn, recipient)? {
                        targets.push((conversation_id, registration));
                    }
                }
                Ok(targets)
            })
            .await;
        let Ok(targets) = targets else {
            tracing::warn!("could not read push registrations");
            return;
        };
        let push = state.push();
        let sends = targets
            .into_iter()
            .filter(|(_, registration)| !push.streams.is_open(registration.device_id))
            .map(|(conversation_id, registration)| {
                deliver(&state, push, conversation_id, registration)
            });
        join_all(sends).await;
    });
}

/// Sends one wake-up with the provider of the registration's kind; forgets a registration the
/// push service says is gone.
async fn deliver(state: &AppState, push: &Push, conversation_id: Uuid, registration: Registration) {
    let payload = PushPayload::NewMessage { conversation_id };
    let endpoint = registration.endpoint.as_str();
    let result = match (registration.provider, &push.apns, &push.fcm) {
        (PushProviderKind::UnifiedPush, _, _) => push.unified.send(endpoint, &payload).await,
        (PushProviderKind::Apns, Some(apns), _) => apns.send(endpoint, &payload).await,
        (PushProviderKind::Fcm, _, Some(fcm)) => fcm.send(endpoint, &payload).await,
        (PushProviderKind::Apns | PushProviderKind::Fcm, _, _) => {
            tracing::debug!(
                provider = ?registration.provider,
                "no credentials for this push kind; not sent"
            );
            return;
        }
    };
    let to = log_target(&registration);
    match result {
        Ok(()) => tracing::debug!(to = %to, "push sent"),
        Err(PushError::Gone) => {
            tracing::info!(to = %to, "push endpoint gone; removing the registration");
            let Registration {
                device_id,
                endpoint,
                ..
            } = registration;
            let removed = state
                .db()
                .write(move |cx| registrations::delete_if_endpoint(cx, device_id, &endpoint))
                .await;
            if removed.is_err() {
                tracing::warn!("could not remove a gone push registration");
            }
        }
        Err(error) => tracing::warn!(to = %to, %error, "push not delivered"),
    }
}

/// What logs may say about where a push went: a UnifiedPush endpoint's host, or the service's
/// name (never a device token).
fn log_target(registration: &Registration) -> String {
    match registration.provider {
        PushProviderKind::UnifiedPush => endpoint_host(&registration.endpoint),
        PushProviderKind::Apns => "apns".to_owned(),
        PushProviderKind::Fcm => "fcm".to_owned(),
    }
}
