//! The local store: a SQLite file on the device with its own migrations. Every
//! [`StoreOperation`] runs as one transaction, so a crash never leaves half an operation behind.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rusqlite_migration::{M, Migrations};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{messages, notes};
use crate::app::state::PersonalState;
use crate::effects::{LocalSnapshot, OutboxEntry, StoreOperation, StoreResult};

const MIGRATIONS: &[M<'static>] = &[
    M::up(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
         CREATE TABLE outbox (
             seq INTEGER PRIMARY KEY AUTOINCREMENT,
             mutation_id TEXT NOT NULL UNIQUE,
             mutation TEXT NOT NULL,
             acknowledged_position INTEGER
         ) STRICT;",
    ),
    M::up(messages::MIGRATION),
    M::up(notes::MIGRATION),
];

const SESSION: &str = "session";
const CONFIRMED: &str = "confirmed";
const DEVICES: &str = "devices";
const PROGRAM: &str = "program";
const PROPOSALS: &str = "proposals";
const CURSOR: &str = "cursor";
const INSTALL_SEED: &str = "install_seed";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("local database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("local database migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("local data could not be read: {0}")]
    Corrupt(#[from] serde_json::Error),
}

pub struct LocalStore {
    connection: Connection,
}

impl LocalStore {
    /// Opens (creating and migrating as needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        Migrations::from_slice(MIGRATIONS).to_latest(&mut connection)?;
        let store = Self { connection };
        if store.get::<u64>(INSTALL_SEED)?.is_none() {
            let seed = u64::try_from(uuid::Uuid::now_v7().as_u128() & u128::from(u64::MAX))
                .unwrap_or_default();
            set(&store.connection, INSTALL_SEED, &seed)?;
        }
        Ok(store)
    }

    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.connection
    }

    #[cfg(test)]
    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.connection
    }

    /// Runs one operation as one transaction.
    pub fn apply(&mut self, operation: StoreOperation) -> StoreResult {
        match self.try_apply(operation) {
            Ok(result) => result,
            Err(error) => StoreResult::Failed(error.to_string()),
        }
    }

    fn try_apply(&mut self, operation: StoreOperation) -> Result<StoreResult, StoreError> {
        match operation {
            StoreOperation::Load => return Ok(StoreResult::Loaded(Box::new(self.load()?))),
            StoreOperation::LoadConversation {
                relationship_id,
                before_seq,
                limit,
            } => {
                let page = messages::page(&self.connection, relationship_id, before_seq, limit)?;
                return Ok(StoreResult::Conversation(page));
            }
            StoreOperation::LoadSummaries { me } => {
                return Ok(StoreResult::Summaries(messages::summaries(
                    &self.connection,
                    me,
                )?));
            }
            StoreOperation::LoadNotes => {
                return Ok(StoreResult::Notes(Box::new(notes::list(&self.connection)?)));
            }
            StoreOperation::LoadNote { note_id } => {
                return Ok(StoreResult::Note(
                    notes::get(&self.connection, note_id)?.map(Box::new),
                ));
            }
            _ => {}
        }
        let tx = self.connection.transaction()?;
        match operation {
            StoreOperation::RecordOwnReceipt(receipt) => messages::store(&tx, &[], &[receipt])?,
            StoreOperation::Load
            | StoreOperation::LoadConversation { .. }
            | StoreOperation::LoadSummaries { .. }
            | StoreOperation::LoadNotes
            | StoreOperation::LoadNote { .. } => {
                unreachable!("reads are handled above")
            }
            StoreOperation::BeginSession {
                session,
                confirmed,
                program,
            } => {
                clear_session(&tx)?;
                set(&tx, SESSION, &session)?;
                set(&tx, CONFIRMED, &confirmed)?;
                if let Some(program) = program {
                    set(&tx, PROGRAM, &program)?;
                }
            }
            StoreOperation::Enqueue(mutation) => {
                tx.execute(
                    "INSERT OR IGNORE INTO outbox (mutation_id, mutation) VALUES (?1, ?2)",
                    params![
                        mutation.mutation_id.to_string(),
                        serde_json::to_string(&mutation)?
                    ],
                )?;
            }
            StoreOperation::Acknowledge(acknowledged) => {
                for (id, position) in acknowledged {
                    tx.execute(
                        "UPDATE outbox SET acknowledged_position = ?2 WHERE mutation_id = ?1",
                        params![id.to_string(), i64::try_from(position).unwrap_or(i64::MAX)],
                    )?;
                }
            }
            StoreOperation::Discard(ids) => {
                for id in ids {
                    tx.execute(
                        "DELETE FROM outbox WHERE mutation_id = ?1",
                        params![id.to_string()],
                    )?;
                }
            }
            StoreOperation::SaveNote {
                change,
                mutation,
                replaces,
            } => {
                notes::save_local(&tx, &change)?;
                for id in replaces {
                    tx.execute(
                        "DELETE FROM outbox WHERE mutation_id = ?1",
                        params![id.to_string()],
                    )?;
                }
                tx.execute(
                    "INSERT OR IGNORE INTO outbox (mutation_id, mutation) VALUES (?1, ?2)",
                    params![
                        mutation.mutation_id.to_string(),
                        serde_json::to_string(&mutation)?
                    ],
                )?;
            }
            StoreOperation::CommitPull {
                confirmed,
                cursor,
                messages: pulled,
                receipts,
                notes: note_changes,
            } => {
                messages::store(&tx, &pulled, &receipts)?;
                notes::merge_feed(&tx, &note_changes)?;
                set(&tx, CONFIRMED, &confirmed)?;
                set(&tx, CURSOR, &cursor)?;
                tx.execute(
                    "DELETE FROM outbox WHERE acknowledged_position IS NOT NULL AND acknowledged_position <= ?1",
                    params![i64::try_from(cursor).unwrap_or(i64::MAX)],
                )?;
            }
            StoreOperation::SaveDevices(devices) => set(&tx, DEVICES, &devices)?,
            StoreOperation::SaveProgram(program) => set(&tx, PROGRAM, &program)?,
            StoreOperation::SaveProposals(proposals) => set(&tx, PROPOSALS, &proposals)?,
            StoreOperation::EndSession => clear_session(&tx)?,
        }
        tx.commit()?;
        Ok(StoreResult::Done)
    }

    fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        get(&self.connection, key)
    }

    fn load(&self) -> Result<LocalSnapshot, StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT mutation, acknowledged_position FROM outbox ORDER BY seq")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Option<i64>>(1)?))
        })?;
        let mut outbox = Vec::new();
        for row in rows {
            let (mutation, position) = row?;
            outbox.push(OutboxEntry {
                mutation: serde_json::from_str(&mutation)?,
                acknowledged_position: position.and_then(|p| u64::try_from(p).ok()),
            });
        }
        let confirmed: Option<PersonalState> = self.get(CONFIRMED)?;
        let conversations = match &confirmed {
            Some(state) => messages::summaries(&self.connection, state.me.user_id)?,
            None => Vec::new(),
        };
        Ok(LocalSnapshot {
            install_seed: self.get(INSTALL_SEED)?.unwrap_or_default(),
            session: self.get(SESSION)?,
            confirmed,
            conversations,
            devices: self.get(DEVICES)?.unwrap_or_default(),
            proposals: self.get(PROPOSALS)?.unwrap_or_default(),
            program: self.get(PROGRAM)?,
            cursor: self.get(CURSOR)?.unwrap_or_default(),
            outbox,
        })
    }
}

fn get<T: DeserializeOwned>(connection: &Connection, key: &str) -> Result<Option<T>, StoreError> {
    let value: Option<String> = connection
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?;
    Ok(value.map(|v| serde_json::from_str(&v)).transpose()?)
}

fn set<T: Serialize>(connection: &Connection, key: &str, value: &T) -> Result<(), StoreError> {
    connection.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, serde_json::to_string(value)?],
    )?;
    Ok(())
}

/// Forgets everything about the signed-in person; keeps the install seed and program info.
fn clear_session(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM meta WHERE key IN (?1, ?2, ?3, ?4, ?5)",
        params![SESSION, CONFIRMED, DEVICES, CURSOR, PROPOSALS],
    )?;
    tx.execute("DELETE FROM outbox", [])?;
    messages::clear(tx)?;
    notes::clear(tx)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::PersonalState;
    use crate::effects::StoredSession;
    use domain::account::Role;
    use domain::wire::v1::{Me, Mutation, MutationBody, Profile, Settings};
    use uuid::Uuid;

    fn me(name: &str) -> Me {
        Me {
            user_id: Uuid::from_u128(1),
            program_id: Uuid::from_u128(2),
            email: "a@example.org".into(),
            roles: vec![Role::Mentee],
            profile: Profile {
                display_name: name.into(),
                locale: "en".into(),
            },
            settings: Settings::default(),
            created_at_ms: 0,
        }
    }

    fn mutation(n: u128) -> Mutation {
        Mutation {
            mutation_id: Uuid::from_u128(n),
            created_at_ms: 0,
            body: MutationBody::UpdateProfile {
                display_name: Some(format!("n{n}")),
                locale: None,
            },
        }
    }

    fn loaded(store: &mut LocalStore) -> LocalSnapshot {
        match store.apply(StoreOperation::Load) {
            StoreResult::Loaded(snapshot) => *snapshot,
            other => panic!("load failed: {other:?}"),
        }
    }

    #[test]
    fn the_outbox_and_cursor_survive_reopening_and_clear_only_when_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("local.sqlite");
        let mut store = LocalStore::open(&path).unwrap();
        let seed = loaded(&mut store).install_seed;
        let session = StoredSession {
            server_url: "http://x".into(),
            device_id: Uuid::from_u128(9),
        };
        let begin = StoreOperation::BeginSession {
            session: session.clone(),
            confirmed: Box::new(PersonalState::new(me("A"))),
            program: None,
        };
        assert_eq!(store.apply(begin), StoreResult::Done);
        for n in 1..=3 {
            assert_eq!(
                store.apply(StoreOperation::Enqueue(mutation(n))),
                StoreResult::Done
            );
        }
        assert_eq!(
            store.apply(StoreOperation::Enqueue(mutation(2))),
            StoreResult::Done,
            "re-queueing is harmless"
        );
        store.apply(StoreOperation::Acknowledge(vec![
            (Uuid::from_u128(1), 10),
            (Uuid::from_u128(2), 11),
        ]));
        store.apply(StoreOperation::CommitPull {
            confirmed: Box::new(PersonalState::new(me("n1"))),
            cursor: 10,
            messages: Vec::new(),
            receipts: Vec::new(),
            notes: Vec::new(),
        });
        drop(store);

        let mut store = LocalStore::open(&path).unwrap();
        let snapshot = loaded(&mut store);
        assert_eq!(snapshot.install_seed, seed, "the seed is made once");
        assert_eq!(snapshot.session, Some(session));
        assert_eq!(snapshot.cursor, 10);
        assert_eq!(snapshot.confirmed.unwrap().me.profile.display_name, "n1");
        let ids: Vec<_> = snapshot
            .outbox
            .iter()
            .map(|e| (e.mutation.mutation_id.as_u128(), e.acknowledged_position))
            .collect();
        assert_eq!(
            ids,
            vec![(2, Some(11)), (3, None)],
            "oldest first; confirmed entries gone"
        );

        store.apply(StoreOperation::Discard(vec![Uuid::from_u128(3)]));
        store.apply(StoreOperation::EndSession);
        let snapshot = loaded(&mut store);
        assert!(
            snapshot.session.is_none()
                && snapshot.confirmed.is_none()
                && snapshot.outbox.is_empty()
        );
        assert_eq!(snapshot.cursor, 0);
    }

    #[test]
    fn a_corrupt_value_is_reported_not_panicked_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("local.sqlite");
        let mut store = LocalStore::open(&path).unwrap();
        store
            .connection
            .execute(
                "INSERT INTO meta (key, value) VALUES ('cursor', 'not json')",
                [],
            )
            .unwrap();
        assert!(matches!(
            store.apply(StoreOperation::Load),
            StoreResult::Failed(_)
        ));
    }
}
