//! The SQL, as plain functions over a connection: one module per table (or per use case).
//! Read functions take `&Connection`; functions that grow a feed take the writer's [`WriteCx`].
//!
//! [`WriteCx`]: crate::db::WriteCx

pub mod changes;
pub mod checkins;
pub mod devices;
pub mod login_failures;
pub mod mentoring;
pub mod messaging;
pub mod notes;
pub mod programs;
pub mod push;
pub mod sessions;
pub mod users;

use rusqlite::Row;
use uuid::Uuid;

/// Reads a UUID stored as TEXT.
pub(crate) fn uuid_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

/// Reads a JSON document stored as TEXT.
pub(crate) fn json_at<T: serde::de::DeserializeOwned>(
    row: &Row<'_>,
    index: usize,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            Box::new(error),
        )
    })
}

/// A feed position from SQLite's signed integer.
pub(crate) fn position_at(row: &Row<'_>, index: usize) -> rusqlite::Result<u64> {
    let value: i64 = row.get(index)?;
    u64::try_from(value).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Integer,
            Box::new(error),
        )
    })
}

/// A client-supplied position as SQLite's signed integer (positions never exceed `i64::MAX`).
pub(crate) fn position_param(position: u64) -> i64 {
    i64::try_from(position).unwrap_or(i64::MAX)
}
