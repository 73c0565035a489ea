//! Per-person change hints for the SSE stream: "your feed now reaches position N".
//!
//! The writer calls [`Notifier::notify`] after each commit; each open event stream holds a
//! [`watch::Receiver`] from [`Notifier::subscribe`]. A watch channel keeps only the latest value,
//! which is all a client needs (it pulls the feed from its own cursor).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::watch;
use uuid::Uuid;

/// Cheap to clone; all clones share the same subscriptions.
#[derive(Clone, Default)]
pub struct Notifier {
    channels: Arc<Mutex<HashMap<Uuid, watch::Sender<u64>>>>,
}

impl Notifier {
    /// Watches `user_id`'s feed. The receiver's current value is the latest announced position
    /// (0 if none since the server started); `changed()` fires when it grows.
    pub fn subscribe(&self, user_id: Uuid) -> watch::Receiver<u64> {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        channels.retain(|_, sender| sender.receiver_count() > 0);
        channels
            .entry(user_id)
            .or_insert_with(|| watch::Sender::new(0))
            .subscribe()
    }

    /// Announces that `user_id`'s feed reaches `position`. No-op when nobody is listening.
    pub fn notify(&self, user_id: Uuid, position: u64) {
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = channels.get(&user_id) {
            sender.send_if_modified(|latest| {
                let grew = position > *latest;
                if grew {
                    *latest = position;
                }
                grew
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_hear_only_their_own_feed_growing() {
        let notifier = Notifier::default();
        let (ana, ben) = (Uuid::now_v7(), Uuid::now_v7());
        let mut ana_rx = notifier.subscribe(ana);
        let ben_rx = notifier.subscribe(ben);
        notifier.notify(ana, 7);
        ana_rx.changed().await.unwrap();
        assert_eq!(*ana_rx.borrow_and_update(), 7);
        assert!(!ben_rx.has_changed().unwrap());
        notifier.notify(ana, 3);
        assert!(!ana_rx.has_changed().unwrap(), "positions never go back");
    }
}
