//! The database: opening SQLite with the right pragmas, the schema, and the two ways in.
//!
//! - [`Db::write`] queues a job on the single [`writer`] thread; it returns only once the job's
//!   transaction has committed (acknowledged = durable).
//! - [`Db::read`] runs a query on the [`pool`] of read-only connections in `spawn_blocking`.
//! - [`store`] holds the SQL, as plain functions over a `&Connection`.

pub mod migrations;
pub mod pool;
pub mod store;
pub mod writer;

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::error::AppError;
use crate::notify::Notifier;
pub use writer::WriteCx;

/// How long a connection waits for a lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Handle to the database, shared by all requests.
pub struct Db {
    writer: writer::Writer,
    reads: pool::ReadPool,
}

impl Db {
    /// Opens (creating if needed) and migrates the database, starts the writer thread and the
    /// read pool. Feed growth is reported to `notifier`.
    pub fn open(path: &Path, notifier: Notifier) -> anyhow::Result<Self> {
        let conn = open_write_connection(path)?;
        let writer = writer::Writer::start(conn, notifier)?;
        let reads = pool::ReadPool::open(path)?;
        Ok(Self { writer, reads })
    }

    /// Runs `job` in the writer's transaction; resolves after commit.
    pub async fn write<T, F>(&self, job: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut WriteCx<'_>) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.writer.write(job).await
    }

    /// Runs `query` on a pooled read connection off the async runtime.
    pub async fn read<T, F>(&self, query: F) -> Result<T, AppError>
    where
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.reads.read(query).await
    }

    /// Flushes queued writes, checkpoints the WAL and stops the writer thread.
    pub async fn close(&self) {
        self.writer.stop().await;
    }
}

/// Opens the one read-write connection: WAL, `synchronous=FULL` (a commit survives power loss),
/// foreign keys on, then brings the schema up to date.
pub fn open_write_connection(path: &Path) -> anyhow::Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    anyhow::ensure!(
        mode.eq_ignore_ascii_case("wal"),
        "could not switch the database to WAL mode (got {mode})"
    );
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

/// Pragmas for a read connection.
fn prepare_read_connection(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "query_only", "ON")
}
