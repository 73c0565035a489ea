//! [`OpenStreams`]: which devices have an SSE stream open right now (they hear new messages
//! live, so they are not pushed). A stream holds a [`StreamGuard`]; dropping it (the client went
//! away, or the server is stopping) takes the device off the list.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use uuid::Uuid;

/// Cheap to clone; clones share the same counts.
#[derive(Clone, Default)]
pub struct OpenStreams {
    counts: Arc<Mutex<HashMap<Uuid, usize>>>,
}

impl OpenStreams {
    /// Notes one more open stream for `device_id` until the guard is dropped.
    pub fn open(&self, device_id: Uuid) -> StreamGuard {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        *counts.entry(device_id).or_default() += 1;
        StreamGuard {
            streams: self.clone(),
            device_id,
        }
    }

    /// Whether `device_id` has at least one stream open.
    pub fn is_open(&self, device_id: Uuid) -> bool {
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts.get(&device_id).is_some_and(|count| *count > 0)
    }

    fn close(&self, device_id: Uuid) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&device_id) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.remove(&device_id);
            }
        }
    }
}

/// Held by an open stream.
pub struct StreamGuard {
    streams: OpenStreams,
    device_id: Uuid,
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
        let first = streams.open(device);
        let second = streams.open(device);
        drop(first);
        assert!(streams.is_open(device));
        drop(second);
        assert!(!streams.is_open(device));
    }
}
