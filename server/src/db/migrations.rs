//! Schema migrations, applied in order at start-up (`PRAGMA user_version` tracks progress).

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

const STEPS: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_init.sql")),
    M::up(include_str!("migrations/0002_mentoring.sql")),
    M::up(include_str!("migrations/0003_messaging.sql")),
    M::up(include_str!("migrations/0004_check_ins.sql")),
    M::up(include_str!("migrations/0005_sessions.sql")),
    M::up(include_str!("migrations/0006_notes.sql")),
    M::up(include_str!("migrations/0007_reminder_settings.sql")),
    M::up(include_str!("migrations/0008_concern_resolution.sql")),
];

/// Brings the schema to the latest version.
pub fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    Migrations::from_slice(STEPS).to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(
            super::Migrations::from_slice(super::STEPS)
                .validate()
                .is_ok()
        );
    }
}
