//! The local message cache: every message of the person's conversations, indexed by
//! (conversation, seq) so a page of the newest (or older) messages is one indexed query however
//! long the conversation, and the conversation list is computed without loading messages.

use std::collections::BTreeMap;

use domain::messaging::{Watermarks, unread_count};
use domain::wire::v1::{Message, ReceiptUpdate};
use rusqlite::{Connection, Transaction, params};
use uuid::Uuid;

use super::store::StoreError;
use crate::effects::{ConversationPage, ConversationSummary};

/// Schema for the message cache (a migration of the local store).
pub const MIGRATION: &str = "CREATE TABLE messages (
         message_id TEXT PRIMARY KEY,
         relationship_id TEXT NOT NULL,
         seq INTEGER NOT NULL,
         sender_id TEXT NOT NULL,
         text TEXT NOT NULL,
         sent_at_ms INTEGER NOT NULL
     ) STRICT;
     CREATE UNIQUE INDEX messages_by_conversation ON messages (relationship_id, seq);
     CREATE TABLE receipts (
         relationship_id TEXT NOT NULL,
         user_id TEXT NOT NULL,
         delivered_up_to INTEGER NOT NULL,
         read_up_to INTEGER NOT NULL,
         PRIMARY KEY (relationship_id, user_id)
     ) STRICT;";

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

fn uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|_| StoreError::Corrupt(serde::de::Error::custom("bad uuid")))
}

/// Stores pulled messages (a message seen again is ignored) and advances receipts.
pub fn store(
    tx: &Transaction<'_>,
    messages: &[Message],
    receipts: &[ReceiptUpdate],
) -> Result<(), StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO messages (message_id, relationship_id, seq, sender_id, text, sent_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for message in messages {
        insert.execute(params![
            message.message_id.to_string(),
            message.relationship_id.to_string(),
            to_i64(message.seq),
            message.sender_id.to_string(),
            message.text,
            message.sent_at_ms,
        ])?;
    }
    let mut upsert = tx.prepare_cached(
        "INSERT INTO receipts (relationship_id, user_id, delivered_up_to, read_up_to) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (relationship_id, user_id) DO UPDATE SET
             delivered_up_to = max(delivered_up_to, excluded.delivered_up_to),
             read_up_to = max(read_up_to, excluded.read_up_to)",
    )?;
    for receipt in receipts {
        upsert.execute(params![
            receipt.relationship_id.to_string(),
            receipt.user_id.to_string(),
            to_i64(receipt.watermarks.delivered_up_to),
            to_i64(receipt.watermarks.read_up_to),
        ])?;
    }
    Ok(())
}

/// The newest `limit` messages before `before_seq` (or the newest overall), oldest first.
pub fn page(
    connection: &Connection,
    relationship_id: Uuid,
    before_seq: Option<u64>,
    limit: u32,
) -> Result<ConversationPage, StoreError> {
    let before = before_seq.map_or(i64::MAX, to_i64);
    let mut statement = connection.prepare_cached(
        "SELECT message_id, seq, sender_id, text, sent_at_ms FROM messages
         WHERE relationship_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3",
    )?;
    let rows = statement.query_map(
        params![relationship_id.to_string(), before, i64::from(limit) + 1],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
            ))
        },
    )?;
    let mut messages = Vec::new();
    for row in rows {
        let (message_id, seq, sender_id, text, sent_at_ms) = row?;
        messages.push(Message {
            relationship_id,
            message_id: uuid(&message_id)?,
            seq: to_u64(seq),
            sender_id: uuid(&sender_id)?,
            text,
            sent_at_ms,
        });
    }
    let has_older = messages.len() > limit as usize;
    messages.truncate(limit as usize);
    messages.reverse();
    Ok(ConversationPage {
        relationship_id,
        messages,
        has_older,
    })
}

/// One summary per conversation, from `me`'s point of view.
pub fn summaries(
    connection: &Connection,
    me: Uuid,
) -> Result<Vec<ConversationSummary>, StoreError> {
    let mut by_conversation: BTreeMap<Uuid, ConversationSummary> = BTreeMap::new();
    let mut receipts = connection.prepare_cached(
        "SELECT relationship_id, user_id, delivered_up_to, read_up_to FROM receipts",
    )?;
    let rows = receipts.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, i64>(3)?,
        ))
    })?;
    for row in rows {
        let (relationship_id, user_id, delivered, read) = row?;
        let relationship_id = uuid(&relationship_id)?;
        let summary =
            by_conversation
                .entry(relationship_id)
                .or_insert_with(|| ConversationSummary {
                    relationship_id,
                    ..ConversationSummary::default()
                });
        let marks = Watermarks {
            delivered_up_to: to_u64(delivered),
            read_up_to: to_u64(read),
        };
        if uuid(&user_id)? == me {
            summary.mine = marks;
        } else {
            summary.theirs = marks;
        }
    }
    let mut latest = connection.prepare_cached(
        "SELECT relationship_id, max(seq), max(sent_at_ms) FROM messages GROUP BY relationship_id",
    )?;
    let rows = latest.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (relationship_id, last_seq, last_at) = row?;
        let relationship_id = uuid(&relationship_id)?;
        let summary =
            by_conversation
                .entry(relationship_id)
                .or_insert_with(|| ConversationSummary {
                    relationship_id,
                    ..ConversationSummary::default()
                });
        summary.last_seq = to_u64(last_seq);
        summary.last_message_at_ms = last_at;
    }
    let mut unread = connection.prepare_cached(
        "SELECT seq FROM messages WHERE relationship_id = ?1 AND sender_id != ?2 AND seq > ?3",
    )?;
    for summary in by_conversation.values_mut() {
        let seqs = unread
            .query_map(
                params![
                    summary.relationship_id.to_string(),
                    me.to_string(),
                    to_i64(summary.mine.read_up_to)
                ],
                |row| row.get::<_, i64>(0),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let count = unread_count(seqs.into_iter().map(to_u64), summary.mine);
        summary.unread = u32::try_from(count).unwrap_or(u32::MAX);
    }
    Ok(by_conversation.into_values().collect())
}

/// Forgets every message and receipt (sign-out).
pub fn clear(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute("DELETE FROM messages", [])?;
    tx.execute("DELETE FROM receipts", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::effects::{StoreOperation, StoreResult};
    use crate::runtime::store::LocalStore;

    fn message(relationship: u128, seq: u64, sender: u128) -> Message {
        Message {
            relationship_id: Uuid::from_u128(relationship),
            message_id: Uuid::from_u128(u128::from(seq) << 8 | relationship),
            seq,
            sender_id: Uuid::from_u128(sender),
            text: format!("message {seq}"),
            sent_at_ms: i64::try_from(seq).unwrap(),
        }
    }

    #[test]
    fn a_long_conversation_pages_newest_first_and_counts_unread() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = LocalStore::open(&dir.path().join("local.sqlite")).unwrap();
        let (me, them, conversation) = (1, 2, 77);
        let all: Vec<Message> = (1..=10_000)
            .map(|seq| message(conversation, seq, if seq % 2 == 0 { me } else { them }))
            .collect();
        let receipt = ReceiptUpdate {
            relationship_id: Uuid::from_u128(conversation),
            user_id: Uuid::from_u128(me),
            watermarks: Watermarks {
                delivered_up_to: 10_000,
                read_up_to: 9_990,
            },
        };
        let tx = store.connection_mut().transaction().unwrap();
        store_messages(&tx, &all, &[receipt]);
        tx.commit().unwrap();

        let mut page = |before| match store.apply(StoreOperation::LoadConversation {
            relationship_id: Uuid::from_u128(conversation),
            before_seq: before,
            limit: 50,
        }) {
            StoreResult::Conversation(page) => page,
            other => panic!("{other:?}"),
        };
        let newest = page(None);
        assert_eq!(newest.messages.len(), 50);
        assert_eq!(
            (newest.messages[0].seq, newest.messages[49].seq),
            (9_951, 10_000)
        );
        assert!(newest.has_older);
        let oldest = page(Some(51));
        assert_eq!((oldest.messages[0].seq, oldest.messages.len()), (1, 50));
        assert!(!oldest.has_older);

        let summaries = summaries(store.connection(), Uuid::from_u128(me)).unwrap();
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0].last_seq, 10_000);
        assert_eq!(
            summaries[0].unread, 5,
            "their messages 9991, 9993 … 9999 are unread"
        );
    }

    fn store_messages(tx: &Transaction<'_>, messages: &[Message], receipts: &[ReceiptUpdate]) {
        store(tx, messages, receipts).unwrap();
        // Seen again (a re-pulled page): ignored, not duplicated.
        store(tx, &messages[..10], &[]).unwrap();
    }
}
