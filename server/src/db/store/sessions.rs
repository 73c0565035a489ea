//! Sessions (issue 5): the `session_series` table and the pushed `propose_session` and
//! `act_on_session` mutations. Start at [`propose`] and [`act`].
//!
//! Storage: each series is kept as the domain's JSON [`SessionSeries`] (column `body`) with a few
//! columns beside it (`relationship_id`, `state`, `held`, `missed`). The series is one value that
//! only `domain::sessions::apply` changes and that both members receive whole, and the server
//! never queries inside its rules, exceptions or outcomes; splitting it into tables would
//! duplicate the domain's structure for no reader. The columns are exactly what is looked up
//! (a relationship's series) or counted for coordinators (held/missed), so the coordinator's
//! counts never parse, let alone send, a series' content.
//!
//! Rules: only the two members of the relationship may propose or act (anyone else gets the same
//! `not_found` as for an unknown id, so nothing is revealed); a series is proposed only in an
//! active match and acted on as `domain::sessions::may_act_in` allows; every change goes through
//! `domain::sessions::apply` with the server's clock. Each accepted change appends
//! `session_changed` with the whole series to both members' feeds (the caller's entry carries the
//! mutation id) and counts as contact between them.

use std::collections::HashMap;

use domain::TimestampMs;
use domain::relationship::Actor;
use domain::sessions::{
    self, ExceptionKind, OutcomeCounts, SessionAction, SessionSeries, may_act_in, may_propose_in,
};
use domain::wire::v1::{ChangeBody, MutationBody};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::mentoring::lifecycle::relationship_not_found;
use super::mentoring::mutations::Caller;
use super::mentoring::relationships::{self, StoredRelationship};
use super::{changes, json_at, uuid_at};
use crate::db::WriteCx;
use crate::error::AppError;

/// The reason the other member sees on every series of a match whose other member deleted their
/// account (reasons are free text and may have been written by the person who left).
pub const ENDED_REASON: &str = "This match has ended.";

fn series_not_found() -> AppError {
    AppError::not_found("The session")
}

/// The series with this id, for anyone (callers check membership).
pub fn get(conn: &Connection, id: Uuid) -> Result<Option<SessionSeries>, AppError> {
    Ok(conn
        .prepare_cached("SELECT body FROM session_series WHERE id = ?1")?
        .query_row([id.to_string()], |row| json_at(row, 0))
        .optional()?)
}

/// The series of a relationship, oldest first.
pub fn of_relationship(
    conn: &Connection,
    relationship_id: Uuid,
) -> Result<Vec<SessionSeries>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT body FROM session_series WHERE relationship_id = ?1 ORDER BY rowid",
    )?;
    let rows = statement
        .query_map([relationship_id.to_string()], |row| json_at(row, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The series of every relationship the person is a member of, oldest first (for export).
pub fn of_member(conn: &Connection, user_id: Uuid) -> Result<Vec<SessionSeries>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT s.body FROM session_series s JOIN relationships r ON r.id = s.relationship_id
         WHERE r.mentee_id = ?1 OR r.mentor_id = ?1 ORDER BY s.rowid",
    )?;
    let rows = statement
        .query_map([user_id.to_string()], |row| json_at(row, 0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Held and missed sessions per relationship of the program (only relationships with a series).
/// Reads the count columns only, never a series.
pub fn counts_in_program(
    conn: &Connection,
    program_id: Uuid,
) -> Result<HashMap<Uuid, OutcomeCounts>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT s.relationship_id, SUM(s.held), SUM(s.missed)
         FROM session_series s JOIN relationships r ON r.id = s.relationship_id
         WHERE r.program_id = ?1 GROUP BY s.relationship_id",
    )?;
    let rows = statement
        .query_map([program_id.to_string()], |row| {
            Ok((
                uuid_at(row, 0)?,
                OutcomeCounts {
                    held: row.get(1)?,
                    missed: row.get(2)?,
                },
            ))
        })?
        .collect::<Result<HashMap<_, _>, _>>()?;
    Ok(rows)
}

fn body_json(series: &SessionSeries) -> Result<String, AppError> {
    serde_json::to_string(series).map_err(AppError::internal)
}

/// Inserts or replaces the series with the columns derived from it.
fn save(conn: &Connection, series: &SessionSeries, now: TimestampMs) -> Result<(), AppError> {
    let counts = series.outcome_counts();
    conn.prepare_cached(
        "INSERT INTO session_series (id, relationship_id, state, held, missed, updated_at_ms, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, held = excluded.held,
             missed = excluded.missed, updated_at_ms = excluded.updated_at_ms,
             body = excluded.body",
    )?
    .execute(params![
        series.id.to_string(),
        series.relationship_id.to_string(),
        series.state.to_string(),
        counts.held,
        counts.missed,
        now,
        body_json(series)?
    ])?;
    Ok(())
}

/// The relationship, the caller's role in it and the other member; `not_found` for anyone else.
fn membership(
    cx: &WriteCx<'_>,
    user_id: Uuid,
    relationship_id: Uuid,
    now: TimestampMs,
) -> Result<(StoredRelationship, Actor, Uuid), AppError> {
    let stored =
        relationships::get(cx, relationship_id, now)?.ok_or_else(relationship_not_found)?;
    let r = &stored.relationship;
    let (actor, other) = if r.mentee_id == user_id {
        (Actor::Mentee, r.mentor_id)
    } else if r.mentor_id == user_id {
        (Actor::Mentor, r.mentee_id)
    } else {
        return Err(relationship_not_found());
    };
    Ok((stored, actor, other))
}

/// Appends the series to the other member's feed and then the caller's (with the mutation id);
/// returns the caller's position.
fn publish(
    cx: &mut WriteCx<'_>,
    series: &SessionSeries,
    caller: Uuid,
    other: Uuid,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let body = ChangeBody::SessionChanged {
        series: Box::new(series.clone()),
    };
    changes::append(cx, other, None, now, &body)?;
    relationships::touch_contact(cx, series.relationship_id, now)?;
    changes::append(cx, caller, Some(mutation_id), now, &body)
}

/// `propose_session`: the caller (a member of an active relationship) proposes a new series,
/// organised by them in their time zone. A series id already in use is a conflict.
pub fn propose(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    body: &MutationBody,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let MutationBody::ProposeSession {
        series_id,
        relationship_id,
        ..
    } = body
    else {
        return Err(AppError::internal("not a session proposal"));
    };
    let (stored, actor, other) = membership(cx, caller.user_id, *relationship_id, now)?;
    if !may_propose_in(stored.relationship.state) {
        return Err(AppError::conflict(
            "Sessions can be planned only while the match is active.",
        ));
    }
    let series = body
        .proposed_session(actor)
        .ok_or_else(|| AppError::internal("not a session proposal"))?
        .map_err(domain::wire::v1::ApiError::from)?;
    if get(cx, *series_id)?.is_some() {
        return Err(AppError::conflict("A session with this id already exists."));
    }
    save(cx, &series, now)?;
    publish(cx, &series, caller.user_id, other, mutation_id, now)
}

/// `act_on_session`: a member of the series' relationship accepts, reschedules, cancels or marks
/// it, as `domain::sessions::apply` allows at `now`.
pub fn act(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    series_id: Uuid,
    action: &SessionAction,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let series = get(cx, series_id)?.ok_or_else(series_not_found)?;
    let (stored, actor, other) = membership(cx, caller.user_id, series.relationship_id, now)
        .map_err(|_| {
            // Someone outside the match learns nothing about the series either.
            series_not_found()
        })?;
    if !may_act_in(stored.relationship.state, action) {
        return Err(AppError::conflict(
            "Not while the match is in this state: sessions are planned in an active match, and \
             can only be called off or marked while it is paused.",
        ));
    }
    let next =
        sessions::apply(&series, actor, action, now).map_err(domain::wire::v1::ApiError::from)?;
    save(cx, &next, now)?;
    publish(cx, &next, caller.user_id, other, mutation_id, now)
}

/// What the other member keeps of a series when `deleted` leaves: the series called off now if it
/// was still open, every free-text reason replaced by [`ENDED_REASON`].
fn ended_for_other(series: &SessionSeries, deleted: Actor, now: TimestampMs) -> SessionSeries {
    let cancel = SessionAction::Cancel {
        reason: ENDED_REASON.to_owned(),
    };
    let mut ended =
        sessions::apply(series, deleted, &cancel, now).unwrap_or_else(|_| series.clone());
    if ended.cancel_reason.is_some() {
        ended.cancel_reason = Some(ENDED_REASON.to_owned());
    }
    for exception in &mut ended.exceptions {
        if let ExceptionKind::Cancelled { reason } = &mut exception.kind {
            ENDED_REASON.clone_into(reason);
        }
    }
    ended
}

/// The match ended (closed, or any other final state): every series still open is called off with
/// [`ENDED_REASON`] (organised by whoever proposed it, as `domain::sessions::apply` allows) and
/// both members get the ended series, so no device keeps showing or reminding of it.
pub fn end_with_match(
    cx: &mut WriteCx<'_>,
    relationship: &domain::relationship::Relationship,
    now: TimestampMs,
) -> Result<(), AppError> {
    let cancel = SessionAction::Cancel {
        reason: ENDED_REASON.to_owned(),
    };
    for series in of_relationship(cx, relationship.id)? {
        let Ok(ended) = sessions::apply(&series, series.organiser, &cancel, now) else {
            continue; // already cancelled
        };
        save(cx, &ended, now)?;
        let body = ChangeBody::SessionChanged {
            series: Box::new(ended),
        };
        for member in [relationship.mentee_id, relationship.mentor_id] {
            changes::append(cx, member, None, now, &body)?;
        }
    }
    Ok(())
}

/// Account deletion, before the person's relationships (and with them their series) are deleted:
/// the other member's earlier `session_changed` entries are removed from their feed and one final
/// entry gives them each series as it ended (`ended_for_other`), so their device stops showing
/// and reminding of it — the same shape as a relationship's neutral ending.
pub fn forget(cx: &mut WriteCx<'_>, user_id: Uuid, now: TimestampMs) -> Result<(), AppError> {
    for stored in relationships::of_member(cx, user_id, now)? {
        let r = &stored.relationship;
        let (deleted, other) = if r.mentee_id == user_id {
            (Actor::Mentee, r.mentor_id)
        } else {
            (Actor::Mentor, r.mentee_id)
        };
        for series in of_relationship(cx, r.id)? {
            cx.prepare_cached(
                "DELETE FROM changes
                 WHERE user_id = ?1
                   AND json_extract(body, '$.type') = 'session_changed'
                   AND json_extract(body, '$.series.id') = ?2",
            )?
            .execute(params![other.to_string(), series.id.to_string()])?;
            let body = ChangeBody::SessionChanged {
                series: Box::new(ended_for_other(&series, deleted, now)),
            };
            changes::append(cx, other, None, now, &body)?;
        }
    }
    Ok(())
}
