//! People: credentials, profile, settings and roles.

use domain::TimestampMs;
use domain::account::Role;
use domain::reminders::QuietHours;
use domain::wire::v1::{Me, Profile, Settings};
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use uuid::Uuid;

use super::uuid_at;
use crate::error::AppError;

/// A person about to be stored (all fields already validated and normalised).
pub struct NewUser {
    pub user_id: Uuid,
    pub program_id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub locale: String,
    pub roles: Vec<Role>,
    pub created_at_ms: TimestampMs,
}

/// Stores a new person; 409 if the email is already registered.
pub fn insert(conn: &Connection, user: &NewUser) -> Result<(), AppError> {
    let settings = Settings::default();
    let inserted = conn.execute(
        "INSERT INTO users (id, program_id, email, password_hash, display_name, locale,
                            discreet_notifications, read_receipts, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            user.user_id.to_string(),
            user.program_id.to_string(),
            user.email,
            user.password_hash,
            user.display_name,
            user.locale,
            settings.discreet_notifications,
            settings.read_receipts,
            user.created_at_ms
        ],
    );
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == ErrorCode::ConstraintViolation
                && error.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            return Err(AppError::conflict(
                "An account with this email already exists.",
            ));
        }
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            return Err(AppError::not_found("The program"));
        }
        Err(error) => return Err(error.into()),
    }
    let mut insert_role =
        conn.prepare_cached("INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)")?;
    for role in &user.roles {
        insert_role.execute(params![user.user_id.to_string(), role.as_str()])?;
    }
    Ok(())
}

/// The id and password hash of the account with this (normalised) email.
pub fn credentials_by_email(
    conn: &Connection,
    email: &str,
) -> Result<Option<(Uuid, String)>, AppError> {
    let found = conn
        .query_row(
            "SELECT id, password_hash FROM users WHERE email = ?1",
            [email],
            |row| Ok((uuid_at(row, 0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(found)
}

/// The password hash and email of a person.
pub fn credentials_by_id(
    conn: &Connection,
    user_id: Uuid,
) -> Result<Option<(String, String)>, AppError> {
    let found = conn
        .query_row(
            "SELECT password_hash, email FROM users WHERE id = ?1",
            [user_id.to_string()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(found)
}

/// The person as they see themselves.
pub fn me(conn: &Connection, user_id: Uuid) -> Result<Option<Me>, AppError> {
    let found = conn
        .query_row(
            "SELECT program_id, email, display_name, locale, created_at_ms,
                    discreet_notifications, read_receipts, quiet_start_minute,
                    quiet_end_minute, checkin_prompt, checkin_prompt_minute
             FROM users WHERE id = ?1",
            [user_id.to_string()],
            |row| {
                Ok(Me {
                    user_id,
                    program_id: uuid_at(row, 0)?,
                    email: row.get(1)?,
                    roles: Vec::new(),
                    profile: Profile {
                        display_name: row.get(2)?,
                        locale: row.get(3)?,
                    },
                    settings: settings_at(row, 5)?,
                    created_at_ms: row.get(4)?,
                })
            },
        )
        .optional()?;
    let Some(mut me) = found else {
        return Ok(None);
    };
    me.roles = roles(conn, user_id)?;
    Ok(Some(me))
}

/// A person's roles, in a stable order.
pub fn roles(conn: &Connection, user_id: Uuid) -> Result<Vec<Role>, AppError> {
    let mut statement = conn.prepare_cached("SELECT role FROM user_roles WHERE user_id = ?1")?;
    let names = statement
        .query_map([user_id.to_string()], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut roles: Vec<Role> = names.iter().filter_map(|name| Role::parse(name)).collect();
    roles.sort_unstable();
    Ok(roles)
}

/// The parts of a person that mutations change.
pub fn profile_and_settings(
    conn: &Connection,
    user_id: Uuid,
) -> Result<Option<(Profile, Settings)>, AppError> {
    let found = conn
        .query_row(
            "SELECT display_name, locale, discreet_notifications, read_receipts,
                    quiet_start_minute, quiet_end_minute, checkin_prompt, checkin_prompt_minute
             FROM users WHERE id = ?1",
            [user_id.to_string()],
            |row| {
                Ok((
                    Profile {
                        display_name: row.get(0)?,
                        locale: row.get(1)?,
                    },
                    settings_at(row, 2)?,
                ))
            },
        )
        .optional()?;
    Ok(found)
}

/// Saves the profile and settings after mutations.
pub fn save_profile_and_settings(
    conn: &Connection,
    user_id: Uuid,
    profile: &Profile,
    settings: Settings,
) -> Result<(), AppError> {
    conn.execute(
        "UPDATE users SET display_name = ?2, locale = ?3, discreet_notifications = ?4,
                          read_receipts = ?5, quiet_start_minute = ?6, quiet_end_minute = ?7,
                          checkin_prompt = ?8, checkin_prompt_minute = ?9
         WHERE id = ?1",
        params![
            user_id.to_string(),
            profile.display_name,
            profile.locale,
            settings.discreet_notifications,
            settings.read_receipts,
            settings.quiet_hours.map(|q| q.start_minute),
            settings.quiet_hours.map(|q| q.end_minute),
            settings.checkin_prompt,
            settings.checkin_prompt_minute
        ],
    )?;
    Ok(())
}

/// Reads the settings columns, in the order `discreet_notifications, read_receipts,
/// quiet_start_minute, quiet_end_minute, checkin_prompt, checkin_prompt_minute`, from `first`.
/// (A new account gets the columns' defaults, which are [`Settings::default`].)
fn settings_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Settings> {
    let start: Option<u16> = row.get(first + 2)?;
    let end: Option<u16> = row.get(first + 3)?;
    Ok(Settings {
        discreet_notifications: row.get(first)?,
        read_receipts: row.get(first + 1)?,
        quiet_hours: start.zip(end).map(|(start_minute, end_minute)| QuietHours {
            start_minute,
            end_minute,
        }),
        checkin_prompt: row.get(first + 4)?,
        checkin_prompt_minute: row.get(first + 5)?,
    })
}

/// Deletes a person; the schema cascades to roles, devices, feed and idempotency records.
pub fn delete(conn: &Connection, user_id: Uuid) -> Result<bool, AppError> {
    let deleted = conn.execute("DELETE FROM users WHERE id = ?1", [user_id.to_string()])?;
    Ok(deleted > 0)
}

/// The name a person goes by, if they exist.
pub fn display_name(conn: &Connection, user_id: Uuid) -> Result<Option<String>, AppError> {
    let found = conn
        .prepare_cached("SELECT display_name FROM users WHERE id = ?1")?
        .query_row([user_id.to_string()], |row| row.get(0))
        .optional()?;
    Ok(found)
}

/// The program a person belongs to, if they exist.
pub fn program_of(conn: &Connection, user_id: Uuid) -> Result<Option<Uuid>, AppError> {
    let found = conn
        .prepare_cached("SELECT program_id FROM users WHERE id = ?1")?
        .query_row([user_id.to_string()], |row| uuid_at(row, 0))
        .optional()?;
    Ok(found)
}

/// Grants (`held`) or removes `role`; returns whether anything changed.
pub fn set_role(
    conn: &Connection,
    user_id: Uuid,
    role: Role,
    held: bool,
) -> Result<bool, AppError> {
    let changed = if held {
        conn.prepare_cached("INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?1, ?2)")?
            .execute(params![user_id.to_string(), role.as_str()])?
    } else {
        conn.prepare_cached("DELETE FROM user_roles WHERE user_id = ?1 AND role = ?2")?
            .execute(params![user_id.to_string(), role.as_str()])?
    };
    Ok(changed > 0)
}
