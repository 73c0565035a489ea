//! [`OpenStreams`]: which devices have an SSE stream open right now (they hear new messages
//! live, so they are not pushed), and the switch that ends them. A stream holds a
//! [`StreamGuard`]; dropping it (the client went away, or the server is stopping) takes the device
//! off the list. [`OpenStreams::end_device`] / [`OpenStreams::end_user`] end a signed-out device's
//! (or a deleted account's) open streams at once: a revoked token must stop hearing anything, even
//! if the stream was opened before.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::watch;
use uuid::Uuid;

struct Open {
    user_id: Uuid,
    count: usize,
    /// Set to `true` to end every stream of this device.
    ended: watch::Sender<bool>,
}

/// Cheap to clone; clones share the same state.
#[derive(Clone, Default)]
pub struct OpenStreams {
    devices: Arc<Mutex<HashMap<Uuid, Open>>>,
}

impl OpenStreams {
    /// Notes one more open stream for `device_id` (of `user_id`) until the guard is dropped.
    pub fn open(&self, user_id: Uuid, device_id: Uuid) -> StreamGuard {
        let mut devices = self.devices.lock().unwrap_or_else(PoisonError::into_inner);
        let open = devices.entry(device_id).or_insert_with(|| Open {
            user_id,
            count: 0,
            ended: watch::Sender::new(false),
        });
        open.count += 1;
        StreamGuard {
            streams: self.clone(),
            device_id,
            ended: open.ended.subscribe(),
        }
    }

    /// Whether `device_id` has at least one stream open.
    pub fn is_open(&self, device_id: Uuid) -> bool {
        let devices = self.devices.lock().unwrap_or_else(PoisonError::into_inner);
        devices.get(&device_id).is_some_and(|open| open.count > 0)
    }

    /// Ends every open stream of `device_id` (signed out or revoked).
    pub fn end_device(&self, device_id: Uuid) {
        let devices = self.devices.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(open) = devices.get(&device_id) {
            open.ended.send_replace(true);
        }
    }

    /// Ends every open stream of every device of `user_id` (account deleted).
    pub fn end_user(&self, user_id: Uuid) {
        let devices = self.devices.lock().unwrap_or_else(PoisonError::into_inner);
        for open in devices.values().filter(|open| open.user_id == user_id) {
            open.ended.send_replace(true);
        }
    }

    fn close(&self, device_id: Uuid) {
        let mut devices = self.devices.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(open) = devices.get_mut(&device_id) {
            open.count = open.count.saturating_sub(1);
            if open.count == 0 {
                devices.remove(&device_id);
            }
        }
    }
}

/// Held by an open stream.
pub struct StreamGuard {
    streams: OpenStreams,
    device_id: Uuid,
    ended: watch::Receiver<bool>,
}

impl StreamGuard {
    /// Resolves when this device's streams are ended ([`OpenStreams::end_device`] /
    /// [`OpenStreams::end_user`]).
    pub fn ended(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut ended = self.ended.clone();
        async move {
            // An error means the sender is gone, which only happens once no guard is left.
            let _ = ended.wait_for(|ended| *ended).await;
        }
    }
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.streams.close(self.device_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_open_while_any_of_its_streams_is() {
        let streams = OpenStreams::default();
        let device = Uuid::now_v7();
        assert!(!streams.is_open(device));
        let user = Uuid::now_v7();
        let first = streams.open(user, device);
        let second = streams.open(user, device);
        drop(first);
        assert!(streams.is_open(device));
        drop(second);
        assert!(!streams.is_open(device));
    }

    #[tokio::test]
    async fn ending_a_device_or_user_ends_only_their_streams() {
        let streams = OpenStreams::default();
        let (ana, ben) = (Uuid::now_v7(), Uuid::now_v7());
        let (phone, tablet, bens) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let phone_stream = streams.open(ana, phone);
        let tablet_stream = streams.open(ana, tablet);
        let ben_stream = streams.open(ben, bens);
        let soon = |guard: &StreamGuard| {
            tokio::time::timeout(std::time::Duration::from_millis(50), guard.ended())
        };

        streams.end_device(phone);
        assert!(
            soon(&phone_stream).await.is_ok(),
            "the revoked device's stream ends"
        );
        assert!(
            soon(&tablet_stream).await.is_err(),
            "the other device keeps its stream"
        );

        streams.end_user(ana);
        assert!(soon(&tablet_stream).await.is_ok());
        assert!(
            soon(&ben_stream).await.is_err(),
            "someone else is untouched"
        );
    }
}
