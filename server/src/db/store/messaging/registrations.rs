//! Push registrations: one endpoint per device, removed with the device.

use domain::TimestampMs;
use domain::wire::v1::PushProviderKind;
use rusqlite::{Connection, params};
use uuid::Uuid;

use super::super::uuid_at;
use crate::error::AppError;

/// Where one of a person's devices can be woken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub device_id: Uuid,
    pub provider: PushProviderKind,
    pub endpoint: String,
}

fn provider_name(provider: PushProviderKind) -> &'static str {
    match provider {
        PushProviderKind::UnifiedPush => "unified_push",
        PushProviderKind::Apns => "apns",
        PushProviderKind::Fcm => "fcm",
    }
}

fn provider_from(name: &str) -> Option<PushProviderKind> {
    [
        PushProviderKind::UnifiedPush,
        PushProviderKind::Apns,
        PushProviderKind::Fcm,
    ]
    .into_iter()
    .find(|provider| provider_name(*provider) == name)
}

/// Registers (or replaces) the device's endpoint.
pub fn put(
    conn: &Connection,
    user_id: Uuid,
    device_id: Uuid,
    provider: PushProviderKind,
    endpoint: &str,
    now: TimestampMs,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO push_registrations (device_id, user_id, provider, endpoint, updated_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (device_id) DO UPDATE SET
             provider = excluded.provider, endpoint = excluded.endpoint,
             updated_at_ms = excluded.updated_at_ms",
    )?
    .execute(params![
        device_id.to_string(),
        user_id.to_string(),
        provider_name(provider),
        endpoint,
        now
    ])?;
    Ok(())
}

/// Removes the device's registration (if any).
pub fn delete(conn: &Connection, device_id: Uuid) -> Result<(), AppError> {
    conn.prepare_cached("DELETE FROM push_registrations WHERE device_id = ?1")?
        .execute([device_id.to_string()])?;
    Ok(())
}

/// Removes a registration only if it still points at `endpoint` (the push service said it is
/// gone; the device may have registered a new one since).
pub fn delete_if_endpoint(
    conn: &Connection,
    device_id: Uuid,
    endpoint: &str,
) -> Result<(), AppError> {
    conn.prepare_cached("DELETE FROM push_registrations WHERE device_id = ?1 AND endpoint = ?2")?
        .execute(params![device_id.to_string(), endpoint])?;
    Ok(())
}

/// The person's registered devices.
pub fn of_user(conn: &Connection, user_id: Uuid) -> Result<Vec<Registration>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT device_id, provider, endpoint FROM push_registrations WHERE user_id = ?1
         ORDER BY device_id",
    )?;
    let rows = statement
        .query_map([user_id.to_string()], |row| {
            let provider: String = row.get(1)?;
            Ok((uuid_at(row, 0)?, provider, row.get::<_, String>(2)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(device_id, provider, endpoint)| {
            Some(Registration {
                device_id,
                provider: provider_from(&provider)?,
                endpoint,
            })
        })
        .collect())
}
