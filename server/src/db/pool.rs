//! A small pool of read-only connections. WAL lets them read while the writer commits.

use std::path::Path;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;

use crate::error::AppError;

/// Readers needed at once: the machine is small and SQLite reads are quick.
const READ_CONNECTIONS: u32 = 4;

pub struct ReadPool {
    pool: r2d2::Pool<SqliteConnectionManager>,
}

impl ReadPool {
    /// Opens the pool on an existing (already migrated) database file.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let manager = SqliteConnectionManager::file(path).with_init(super::prepare_read_connection);
        let pool = r2d2::Pool::builder()
            .max_size(READ_CONNECTIONS)
            .build(manager)?;
        Ok(Self { pool })
    }

    /// Runs `query` on a pooled connection inside `spawn_blocking`.
    pub async fn read<T, F>(&self, query: F) -> Result<T, AppError>
    where
        F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let conn = pool.get()?;
            query(&conn)
        })
        .await?
    }
}
