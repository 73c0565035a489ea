//! The local store: a SQLite file on the device with its own migrations. Every
//! [`StoreOperation`] runs as one transaction, so a crash never leaves half an operation behind.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rusqlite_migration::{M, Migrations};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::effects::{LocalSnapshot, OutboxEntry, StoreOperation, StoreResult};

const MIGRATIONS: &[M<'static>] = &[M::up(
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
     CREATE TABLE outbox (
         seq INTEGER PRIMARY KEY AUTOINCREMENT,
         mutation_id TEXT NOT NULL UNIQUE,
         mutation TEXT NOT NULL,
         acknowledged_position INTEGER
     ) STRICT;",
)];

const SESSION: &str = "session";
const CONFIRMED: &str = "confirmed";
const DEVICES: &str = "devices";
const PROGRAM: &str = "program";
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

    /// Runs one operation as one transaction.
    pub fn apply(&mut self, operation: StoreOperation) -> StoreResult {
        match self.try_apply(operation) {
            Ok(result) => result,
            Err(error) => StoreResult::Failed(error.to_string()),
        }
    }

    fn try_apply(&mut self, operation: StoreOperation) -> Result<StoreResult, StoreError> {
        if matches!(operation, StoreOperation::Load) {
            return Ok(StoreResult::Loaded(Box::new(self.load()?)));
        }
        let tx = self.connection.transaction()?;
        match operation {
            StoreOperation::Load => unreachable!("handled above"),
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
            StoreOperation::CommitPull { confirmed, cursor } => {
                set(&tx, CONFIRMED, &confirmed)?;
                set(&tx, CURSOR, &cursor)?;
                tx.execute(
                    "DELETE FROM outbox WHERE acknowledged_position IS NOT NULL AND acknowledged_position <= ?1",
                    params![i64::try_from(cursor).unwrap_or(i64::MAX)],
                )?;
            }
            StoreOperation::SaveDevices(devices) => set(&tx, DEVICES, &devices)?,
            StoreOperation::SaveProgram(program) => set(&tx, PROGRAM, &program)?,
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
        Ok(LocalSnapshot {
            install_seed: self.get(INSTALL_SEED)?.unwrap_or_default(),
            session: self.get(SESSION)?,
            confirmed: self.get(CONFIRMED)?,
            devices: self.get(DEVICES)?.unwrap_or_default(),
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
        "DELETE FROM meta WHERE key IN (?1, ?2, ?3, ?4)",
        params![SESSION, CONFIRMED, DEVICES, CURSOR],
    )?;
    tx.execute("DELETE FROM outbox", [])?;
    Ok(())
}
