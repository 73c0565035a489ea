//! Concerns (a mentor's words about a relationship) and reports (a member reporting the other),
//! kept for the program's coordinators. Neither ever holds a message. A coordinator marks a
//! concern resolved ([`resolve`]), optionally with a note only coordinators read.

use domain::TimestampMs;
use domain::wire::v1::{ConcernItem, ConcernQueue, ReportItem};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use uuid::Uuid;

use super::super::mentoring::views::FORMER_MEMBER;
use super::super::uuid_at;
use crate::error::AppError;

/// A concern to store.
#[derive(Debug, Clone)]
pub struct NewConcern {
    pub concern_id: Uuid,
    pub program_id: Uuid,
    pub relationship_id: Uuid,
    pub mentor_id: Uuid,
    pub mentee_id: Uuid,
    pub text: String,
}

/// A report to store.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub report_id: Uuid,
    pub program_id: Uuid,
    pub relationship_id: Uuid,
    pub reporter_id: Uuid,
    pub reported_id: Uuid,
    pub text: String,
    pub blocked: bool,
}

fn id_taken(conn: &Connection, table: &str, id: Uuid) -> Result<bool, AppError> {
    let found: Option<i64> = conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id.to_string()], |row| row.get(0))
        .optional()?;
    Ok(found.is_some())
}

/// Whether a concern with this id exists (ids are chosen by devices).
pub fn concern_exists(conn: &Connection, concern_id: Uuid) -> Result<bool, AppError> {
    id_taken(conn, "concerns", concern_id)
}

/// Whether a report with this id exists.
pub fn report_exists(conn: &Connection, report_id: Uuid) -> Result<bool, AppError> {
    id_taken(conn, "reports", report_id)
}

pub fn insert_concern(
    conn: &Connection,
    concern: &NewConcern,
    now: TimestampMs,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO concerns (id, program_id, relationship_id, mentor_id, mentee_id, text,
                               raised_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        concern.concern_id.to_string(),
        concern.program_id.to_string(),
        concern.relationship_id.to_string(),
        concern.mentor_id.to_string(),
        concern.mentee_id.to_string(),
        concern.text,
        now
    ])?;
    Ok(())
}

pub fn insert_report(
    conn: &Connection,
    report: &NewReport,
    now: TimestampMs,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO reports (id, program_id, relationship_id, reporter_id, reported_id, text,
                              blocked, reported_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        report.report_id.to_string(),
        report.program_id.to_string(),
        report.relationship_id.to_string(),
        report.reporter_id.to_string(),
        report.reported_id.to_string(),
        report.text,
        report.blocked,
        now
    ])?;
    Ok(())
}

const CONCERNS: &str = "
    SELECT c.id, c.relationship_id, c.mentor_id, mentor.display_name, c.mentee_id,
           mentee.display_name, c.text, c.raised_at_ms, c.resolved_at_ms, c.resolution_note
    FROM concerns c
    LEFT JOIN users mentor ON mentor.id = c.mentor_id
    LEFT JOIN users mentee ON mentee.id = c.mentee_id";

const REPORTS: &str = "
    SELECT r.id, r.relationship_id, r.reporter_id, reporter.display_name, r.reported_id,
           reported.display_name, r.text, r.blocked, r.reported_at_ms
    FROM reports r
    LEFT JOIN users reporter ON reporter.id = r.reporter_id
    LEFT JOIN users reported ON reported.id = r.reported_id";

fn name_at(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<String> {
    let name: Option<String> = row.get(index)?;
    Ok(name.unwrap_or_else(|| FORMER_MEMBER.to_owned()))
}

fn concerns(
    conn: &Connection,
    filter: &str,
    values: &[&str],
) -> Result<Vec<ConcernItem>, AppError> {
    let mut statement = conn.prepare_cached(&format!(
        "{CONCERNS} WHERE {filter} ORDER BY c.raised_at_ms DESC, c.rowid DESC"
    ))?;
    let items = statement
        .query_map(params_from_iter(values), |row| {
            Ok(ConcernItem {
                concern_id: uuid_at(row, 0)?,
                relationship_id: uuid_at(row, 1)?,
                mentor_id: uuid_at(row, 2)?,
                mentor_display_name: name_at(row, 3)?,
                mentee_id: uuid_at(row, 4)?,
                mentee_display_name: name_at(row, 5)?,
                text: row.get(6)?,
                raised_at_ms: row.get(7)?,
                resolved_at_ms: row.get(8)?,
                resolution_note: row.get(9)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(items)
}

fn reports(conn: &Connection, filter: &str, param: &str) -> Result<Vec<ReportItem>, AppError> {
    let mut statement = conn.prepare_cached(&format!(
        "{REPORTS} WHERE {filter} ORDER BY r.reported_at_ms DESC, r.rowid DESC"
    ))?;
    let items = statement
        .query_map([param], |row| {
            Ok(ReportItem {
                report_id: uuid_at(row, 0)?,
                relationship_id: uuid_at(row, 1)?,
                reporter_id: uuid_at(row, 2)?,
                reporter_display_name: name_at(row, 3)?,
                reported_id: uuid_at(row, 4)?,
                reported_display_name: name_at(row, 5)?,
                text: row.get(6)?,
                blocked: row.get(7)?,
                reported_at_ms: row.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(items)
}

/// The program's concerns and reports, newest first (the coordinator's queue).
pub fn queue(conn: &Connection, program_id: Uuid) -> Result<ConcernQueue, AppError> {
    let program = program_id.to_string();
    Ok(ConcernQueue {
        concerns: concerns(conn, "c.program_id = ?1", &[&program])?,
        reports: reports(conn, "r.program_id = ?1", &program)?,
    })
}

/// The concerns the person raised (for export): whether each was resolved, never the
/// coordinator's note.
pub fn raised_by(conn: &Connection, user_id: Uuid) -> Result<Vec<ConcernItem>, AppError> {
    let mut raised = concerns(conn, "c.mentor_id = ?1", &[&user_id.to_string()])?;
    for concern in &mut raised {
        concern.resolution_note = None;
    }
    Ok(raised)
}

/// Marks one of the program's open concerns resolved by `coordinator_id` at `now`, with an
/// optional note (already validated by `domain::messaging::normalize_resolution_note`). A concern
/// of another program is "not found", exactly like one that does not exist; a resolved one is a
/// conflict and keeps its first resolution.
pub fn resolve(
    conn: &Connection,
    program_id: Uuid,
    concern_id: Uuid,
    coordinator_id: Uuid,
    note: Option<&str>,
    now: TimestampMs,
) -> Result<ConcernItem, AppError> {
    let (id, program) = (concern_id.to_string(), program_id.to_string());
    let find = |conn: &Connection| {
        concerns(conn, "c.id = ?1 AND c.program_id = ?2", &[&id, &program])?
            .pop()
            .ok_or_else(|| AppError::not_found("The concern"))
    };
    if find(conn)?.resolved_at_ms.is_some() {
        return Err(AppError::conflict("This concern is already resolved."));
    }
    conn.prepare_cached(
        "UPDATE concerns SET resolved_at_ms = ?3, resolved_by = ?4, resolution_note = ?5
         WHERE id = ?1 AND program_id = ?2 AND resolved_at_ms IS NULL",
    )?
    .execute(params![id, program, now, coordinator_id.to_string(), note])?;
    find(conn)
}

/// The reports the person made (for export).
pub fn reported_by(conn: &Connection, user_id: Uuid) -> Result<Vec<ReportItem>, AppError> {
    reports(conn, "r.reporter_id = ?1", &user_id.to_string())
}
