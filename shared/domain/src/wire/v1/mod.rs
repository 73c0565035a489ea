//! Protocol version 1: accounts, devices, programs, the sync feed, and the error shape.
//!
//! Endpoints (all JSON; authenticated ones take `Authorization: Bearer <token>`):
//! - `GET  /healthz`, `GET /v1/openapi.json`
//! - `GET  /v1/programs/{program_id}` → [`ProgramInfo`](crate::program::ProgramInfo) (public)
//! - `POST /v1/auth/signup` [`SignUpRequest`] → [`SessionCreated`]
//! - `POST /v1/auth/login` [`LogInRequest`] → [`SessionCreated`]
//! - `POST /v1/auth/logout` → 204 (revokes the calling device's token)
//! - `GET  /v1/devices` → [`DeviceList`]; `DELETE /v1/devices/{device_id}` → 204
//! - `GET  /v1/me` → [`Me`]; `DELETE /v1/me` [`DeleteAccountRequest`] → 204; `GET /v1/me/export` → [`AccountExport`]
//! - `POST /v1/sync/push` [`PushRequest`] → [`PushResponse`]
//! - `GET  /v1/sync/changes?since=N&limit=M` → [`ChangesPage`]
//! - `GET  /v1/sync/events` → Server-Sent Events: `changed` with data [`FeedHint`]
//!
//! Mentoring (the `mentoring` module, re-exported here). Applications, requests and relationship actions
//! are *mutations* (queued offline, pushed through `/v1/sync/push`); their results reach both
//! members through their change feeds. Reads that rank or review are online-only:
//! - `GET  /v1/matching/proposals?limit=N` → [`ProposalList`] (mentee: ranked on the server)
//! - `GET  /v1/coordinator/applications` → [`ApplicationQueue`] (pending first, references included)
//! - `POST /v1/coordinator/applications/{user_id}/decision` [`DecisionRequest`] → [`ApplicationForReview`]
//! - `GET  /v1/coordinator/change-requests` → [`ChangeRequestQueue`]
//! - `GET  /v1/coordinator/quiet-matches` → [`QuietMatches`]
//! - `GET  /v1/coordinator/metrics` → [`ProgramMetrics`]
//! - `POST /v1/coordinator/relationships/{id}/actions` [`CoordinatorActionRequest`] → [`RelationshipView`]
//! - `POST /v1/coordinator/intake` → [`IntakeProposal`]; `POST /v1/coordinator/intake/confirm` [`IntakeConfirmRequest`] → [`IntakeConfirmed`]
//! - `GET`/`PUT /v1/coordinator/program/settings` [`ProgramSettings`]
//!
//! Every coordinator endpoint requires the coordinator role and only ever touches the
//! coordinator's own program.
//!
//! Messaging (the `messaging` module, re-exported here): messages, receipts, concerns and reports are
//! mutations; messages and receipts reach both members through their feeds.
//! - `PUT /v1/push/registration` [`PushRegistration`] → 204; `DELETE /v1/push/registration` → 204
//! - `GET /v1/coordinator/concerns` → [`ConcernQueue`] (open and resolved concerns, and reports)
//! - `POST /v1/coordinator/concerns/{concern_id}/resolve` [`ResolveConcernRequest`] → [`ConcernItem`]
//!
//! Check-ins (the `checkins` module, re-exported here): `record_check_in` is a mutation; the
//! check-in ([`CheckInView`]) reaches the mentee's feed, and their active mentor's only if shared.
//!
//! Notes (the `notes` module, re-exported here): `edit_note`, `set_note_summary_shared` and `delete_note`
//! are mutations; a note reaches only its author's feed, and a shared summary (never the body)
//! the other member's.
//!
//! Sessions (the `sessions` module, re-exported here): `propose_session` and `act_on_session` are
//! mutations checked by [`crate::sessions`]; the whole series reaches both members' feeds as
//! `session_changed`. Coordinators see only held/missed counts per match, in
//! `GET /v1/coordinator/metrics` ([`ProgramMetrics::session_counts`]).

mod checkins;
mod mentoring;
mod messaging;
mod notes;
mod reminders;
mod sessions;

pub use checkins::*;
pub use mentoring::*;
pub use messaging::*;
pub use notes::*;
pub use reminders::*;
pub use sessions::*;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::account::{FieldError, Role, normalize_display_name};
use crate::checkins::CheckIn;
use crate::mentoring::profile::{MenteeRequest, MentorApplication};
use crate::program::validate_locale;
use crate::relationship::Action;
use crate::sessions::{LocalDateTime, Recurrence, SessionAction, SessionFormat, SessionSeries};

/// A stable, machine-readable error code. The set only grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON, has a wrong type, or an unknown field.
    MalformedRequest,
    /// A field is present but not acceptable (too long, invalid email, weak password …).
    ValidationFailed,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// No token, an unknown/forged token, a revoked device or an expired session.
    Unauthenticated,
    /// Email or password is wrong (deliberately not saying which).
    InvalidCredentials,
    /// Authenticated, but this is not yours to see or do.
    Forbidden,
    /// No such resource (or not visible to you — the server does not reveal which).
    NotFound,
    /// The request conflicts with existing data (e.g. the email is already registered).
    Conflict,
    /// Slow down: see `retry_after_secs`.
    RateLimited,
    /// The client speaks a protocol version this server does not.
    UnsupportedProtocol,
    /// The request needs a media type of `application/json`.
    UnsupportedMediaType,
    /// Something went wrong on the server; nothing was changed.
    Internal,
}

/// The body of every error response, whatever the endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// A human sentence, safe to show; never contains secrets or other people's data.
    pub message: String,
    /// The offending field, for validation errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `rate_limited`: seconds to wait before trying again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            retry_after_secs: None,
        }
    }
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        Self {
            code: ErrorCode::ValidationFailed,
            message: error.to_string(),
            field: Some(error.field().to_owned()),
            retry_after_secs: None,
        }
    }
}

/// Create an account in a program and sign this device in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignUpRequest {
    pub program_id: Uuid,
    pub email: String,
    pub password: String,
    /// Any name the person wants to be known by; an alias is fine.
    pub display_name: String,
    pub device_name: String,
    /// The person's locale; defaults to the program's first locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// Sign an existing account in on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogInRequest {
    pub email: String,
    pub password: String,
    pub device_name: String,
}

/// A new device session. The token is shown once; the server keeps only its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionCreated {
    pub token: String,
    pub device_id: Uuid,
    pub me: Me,
}

/// The signed-in person, as they see themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user_id: Uuid,
    pub program_id: Uuid,
    pub email: String,
    pub roles: Vec<Role>,
    pub profile: Profile,
    pub settings: Settings,
    pub created_at_ms: TimestampMs,
}

/// What others in the program may see of a person (later issues decide who sees it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub display_name: String,
    pub locale: String,
}

/// Personal settings, synced across the person's devices. (The device's time zone is not one of
/// them: each device reads quiet hours and prompt times in its own zone.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    /// Lock-screen notifications carry no names or content.
    pub discreet_notifications: bool,
    /// Others see when their messages have been read.
    pub read_receipts: bool,
    /// Reminders falling inside these local hours wait until they end ([`crate::reminders`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiet_hours: Option<crate::reminders::QuietHours>,
    /// Opt-in: remind the mentee to check in.
    #[serde(default)]
    pub checkin_prompt: bool,
    /// Local minute of the day for check-in prompts (below 1440).
    #[serde(default = "reminders::default_prompt_minute")]
    pub checkin_prompt_minute: u16,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            discreet_notifications: true,
            read_receipts: true,
            quiet_hours: None,
            checkin_prompt: false,
            checkin_prompt_minute: reminders::default_prompt_minute(),
        }
    }
}

/// One signed-in device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Device {
    pub device_id: Uuid,
    pub name: String,
    pub created_at_ms: TimestampMs,
    pub last_seen_at_ms: TimestampMs,
    /// True for the device making this request.
    pub current: bool,
}

/// The person's signed-in devices, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceList {
    pub devices: Vec<Device>,
}

/// Deleting an account needs the password again, so a stolen unlocked phone cannot do it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    pub password: String,
}

/// Everything the server holds about a person (data portability).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountExport {
    pub protocol: u32,
    pub exported_at_ms: TimestampMs,
    pub me: Me,
    pub devices: Vec<Device>,
    /// The person's whole change feed.
    pub changes: Vec<Change>,
    /// Failed log-in attempts recorded against the account (times only).
    pub failed_logins_at_ms: Vec<TimestampMs>,
    /// The person's own mentor application, references included (it is their data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor_application: Option<MentorApplicationState>,
    /// The person's current request for a mentor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentee_request: Option<MenteeRequestState>,
    /// The relationships the person is a member of, redacted for them.
    #[serde(default)]
    pub relationships: Vec<RelationshipView>,
    /// Messages in the person's conversations (sent and received), by conversation then order.
    #[serde(default)]
    pub messages: Vec<Message>,
    /// Concerns the person raised (as a mentor), in their own words.
    #[serde(default)]
    pub concerns: Vec<ConcernItem>,
    /// Reports the person made.
    #[serde(default)]
    pub reports: Vec<ReportItem>,
    /// The person's own check-ins (as a mentee), oldest first.
    #[serde(default)]
    pub check_ins: Vec<CheckInView>,
    /// The session series of the person's relationships, as both members see them.
    #[serde(default)]
    pub sessions: Vec<SessionSeries>,
    /// The person's own notes (body and summary as plain text); deleted ones are gone.
    #[serde(default)]
    pub notes: Vec<NoteExport>,
}

/// A client-made change, identified by a client-generated UUIDv7 so that retrying is safe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    pub mutation_id: Uuid,
    /// When the person made the change on their device.
    pub created_at_ms: TimestampMs,
    pub body: MutationBody,
}

/// What a mutation does. New kinds are added by later features.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum MutationBody {
    /// Change any of the profile fields given.
    UpdateProfile {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        display_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        locale: Option<String>,
    },
    /// Change any of the settings given.
    UpdateSettings {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        discreet_notifications: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        read_receipts: Option<bool>,
        /// Set or switch off quiet hours ([`QuietHoursChange::resolve`] checks them).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quiet_hours: Option<QuietHoursChange>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        checkin_prompt: Option<bool>,
        /// Checked by [`validate_prompt_minute`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        checkin_prompt_minute: Option<u16>,
    },
    /// Apply (or re-apply, replacing a pending or declined application) to mentor. Validated
    /// against the program's catalog by `mentoring::profile::validate_mentor_application`.
    SubmitMentorApplication { application: MentorApplication },
    /// An approved mentor pauses (or resumes) taking new mentees.
    SetMentorPaused { paused: bool },
    /// State (or restate) what the mentee is looking for. Validated by
    /// `mentoring::profile::validate_mentee_request`.
    SubmitMenteeRequest { request: MenteeRequest },
    /// Ask a mentor (from the caller's proposals) to mentor them. The id is chosen by the client
    /// so that a request made offline is created once.
    RequestMentor {
        relationship_id: Uuid,
        mentor_id: Uuid,
    },
    /// Act on a relationship the caller is a member of (accept, acknowledge, pause, close …).
    ActOnRelationship {
        relationship_id: Uuid,
        action: Action,
    },
    /// Send a message in a relationship's conversation (`messaging::can_send`, text checked by
    /// `messaging::normalize_message_text`). The message id is chosen by the device.
    SendMessage {
        relationship_id: Uuid,
        message_id: Uuid,
        text: String,
    },
    /// Receipts: this member's device has received / the member has read messages up to these
    /// sequence numbers (watermarks only move forward).
    AcknowledgeMessages {
        relationship_id: Uuid,
        delivered_up_to: u64,
        read_up_to: u64,
    },
    /// A mentor raises a concern about a relationship with the coordinator, in their own words.
    RaiseConcern {
        relationship_id: Uuid,
        concern_id: Uuid,
        text: String,
    },
    /// Report the other member to the coordinator; with `block`, also block them (closes the
    /// relationship; they are never proposed again).
    ReportMember {
        relationship_id: Uuid,
        report_id: Uuid,
        text: String,
        block: bool,
    },
    /// A mentee records how they feel (`checkins::CheckIn::new` checks mood and note) and
    /// chooses whether the mentor of their active relationship sees it. The id is chosen by the
    /// device.
    RecordCheckIn {
        check_in_id: Uuid,
        mood: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        shared_with_mentor: bool,
    },
    /// A member of a relationship proposes a series of sessions (`sessions::SessionSeries::propose`
    /// checks format, zone and duration); `start` is a local date-time in `time_zone`, the
    /// organiser's IANA zone. The series id is chosen by the device.
    ProposeSession {
        series_id: Uuid,
        relationship_id: Uuid,
        format: SessionFormat,
        time_zone: String,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        start: LocalDateTime,
        duration_minutes: u16,
        recurrence: Recurrence,
    },
    /// A member acts on a series (`sessions::apply`, with the server's clock).
    ActOnSession {
        series_id: Uuid,
        action: SessionAction,
    },
    /// The author's edits to one of their notes ([`crate::notes`]): base64 yrs updates of the
    /// private body and/or the summary. The first one creates the note (id chosen by the
    /// device); kind and relationship are fixed then.
    EditNote {
        note_id: Uuid,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        relationship_id: Option<Uuid>,
        kind: crate::notes::NoteKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body_update: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary_update: Option<String>,
    },
    /// Share (or stop sharing) a note's summary with the other member of its relationship.
    SetNoteSummaryShared { note_id: Uuid, shared: bool },
    /// Delete one of the person's notes on every device and on the server.
    DeleteNote { note_id: Uuid },
}

impl MutationBody {
    /// Checks and normalises what can be checked without context (same rule on the phone and the
    /// server). Applications and requests are checked against the program catalog by the caller;
    /// relationship actions by `relationship::Action::validated` and `relationship::apply`.
    pub fn validated(self) -> Result<Self, FieldError> {
        match self {
            MutationBody::UpdateProfile {
                display_name,
                locale,
            } => {
                if display_name.is_none() && locale.is_none() {
                    return Err(FieldError::Missing {
                        field: "display_name",
                    });
                }
                let display_name = display_name
                    .as_deref()
                    .map(normalize_display_name)
                    .transpose()?;
                if let Some(locale) = &locale {
                    validate_locale(locale)?;
                }
                Ok(MutationBody::UpdateProfile {
                    display_name,
                    locale,
                })
            }
            MutationBody::UpdateSettings {
                discreet_notifications,
                read_receipts,
                quiet_hours,
                checkin_prompt,
                checkin_prompt_minute,
            } => {
                if discreet_notifications.is_none()
                    && read_receipts.is_none()
                    && quiet_hours.is_none()
                    && checkin_prompt.is_none()
                    && checkin_prompt_minute.is_none()
                {
                    return Err(FieldError::Missing {
                        field: "discreet_notifications",
                    });
                }
                // Set-to-equal quiet hours are normalised to off.
                let quiet_hours = quiet_hours
                    .map(|change| {
                        change.resolve().map(|quiet| {
                            quiet.map_or(QuietHoursChange::Off {}, |q| QuietHoursChange::Set {
                                start_minute: q.start_minute,
                                end_minute: q.end_minute,
                            })
                        })
                    })
                    .transpose()?;
                let checkin_prompt_minute = checkin_prompt_minute
                    .map(validate_prompt_minute)
                    .transpose()?;
                Ok(MutationBody::UpdateSettings {
                    discreet_notifications,
                    read_receipts,
                    quiet_hours,
                    checkin_prompt,
                    checkin_prompt_minute,
                })
            }
            MutationBody::RecordCheckIn {
                check_in_id,
                mood,
                note,
                shared_with_mentor,
            } => {
                let check_in = CheckIn::new(
                    check_in_id,
                    Uuid::nil(),
                    0,
                    mood,
                    note.as_deref(),
                    shared_with_mentor,
                )?;
                Ok(MutationBody::RecordCheckIn {
                    check_in_id,
                    mood: check_in.mood.value(),
                    note: check_in.note,
                    shared_with_mentor,
                })
            }
            body @ (MutationBody::ProposeSession { .. } | MutationBody::ActOnSession { .. }) => {
                body.validated_session()
            }
            MutationBody::EditNote {
                body_update,
                summary_update,
                ..
            } if body_update.is_none() && summary_update.is_none() => Err(FieldError::Missing {
                field: "body_update",
            }),
            MutationBody::EditNote {
                body_update,
                summary_update,
                note_id,
                relationship_id,
                kind,
            } => {
                for (field, update) in [
                    ("body_update", &body_update),
                    ("summary_update", &summary_update),
                ] {
                    if let Some(update) = update {
                        notes::decode_update(update)
                            .and_then(|bytes| crate::notes::check_update(&bytes))
                            .map_err(|e| e.on_field(field))?;
                    }
                }
                Ok(MutationBody::EditNote {
                    note_id,
                    relationship_id,
                    kind,
                    body_update,
                    summary_update,
                })
            }
            other => Ok(other),
        }
    }

    /// True for mutations that change only the person's own profile or settings.
    pub fn is_account_change(&self) -> bool {
        matches!(
            self,
            MutationBody::UpdateProfile { .. } | MutationBody::UpdateSettings { .. }
        )
    }

    /// Applies a (validated) profile or settings mutation, returning the resulting change; `None`
    /// for mutations that are not [account changes](Self::is_account_change).
    pub fn apply(&self, profile: &mut Profile, settings: &mut Settings) -> Option<ChangeBody> {
        match self {
            MutationBody::UpdateProfile {
                display_name,
                locale,
            } => {
                if let Some(name) = display_name {
                    profile.display_name.clone_from(name);
                }
                if let Some(locale) = locale {
                    profile.locale.clone_from(locale);
                }
                Some(ChangeBody::ProfileChanged {
                    profile: profile.clone(),
                })
            }
            MutationBody::UpdateSettings {
                discreet_notifications,
                read_receipts,
                quiet_hours,
                checkin_prompt,
                checkin_prompt_minute,
            } => {
                if let Some(value) = discreet_notifications {
                    settings.discreet_notifications = *value;
                }
                if let Some(value) = read_receipts {
                    settings.read_receipts = *value;
                }
                // Validated before it is applied; an invalid change leaves quiet hours alone.
                if let Some(Ok(quiet)) = quiet_hours.map(QuietHoursChange::resolve) {
                    settings.quiet_hours = quiet;
                }
                if let Some(value) = checkin_prompt {
                    settings.checkin_prompt = *value;
                }
                if let Some(minute) = checkin_prompt_minute.filter(|m| *m < MINUTES_PER_DAY) {
                    settings.checkin_prompt_minute = minute;
                }
                Some(ChangeBody::SettingsChanged {
                    settings: *settings,
                })
            }
            _ => None,
        }
    }
}

/// A batch of queued mutations, oldest first. The server applies them in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// Must equal [`crate::wire::PROTOCOL_VERSION`] of a version the server speaks.
    pub protocol: u32,
    pub mutations: Vec<Mutation>,
}

/// What happened to one pushed mutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MutationStatus {
    /// Applied now and durably stored.
    Applied,
    /// Seen before (a retry): already applied, nothing changed this time.
    Duplicate,
    /// Refused (see `error`); it will never apply, so the client drops it.
    Rejected,
}

/// The server's durable answer for one mutation: once received, the client may forget it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MutationOutcome {
    pub mutation_id: Uuid,
    pub status: MutationStatus,
    /// The feed position of the resulting change (applied or duplicate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ApiError>,
}

/// One outcome per pushed mutation, in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub outcomes: Vec<MutationOutcome>,
}

/// One entry of a person's change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Strictly increasing within a person's feed; use as the next `since` cursor.
    pub position: u64,
    /// The mutation that caused it, if it came from a client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutation_id: Option<Uuid>,
    pub at_ms: TimestampMs,
    pub body: ChangeBody,
}

/// What changed. New kinds are added by later features; clients skip kinds they do not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChangeBody {
    ProfileChanged {
        profile: Profile,
    },
    SettingsChanged {
        settings: Settings,
    },
    DeviceRevoked {
        device_id: Uuid,
    },
    /// The person's roles changed (e.g. a coordinator approved them as a mentor).
    RolesChanged {
        roles: Vec<Role>,
    },
    /// The person's own mentor application (status, decision, pause).
    MentorApplicationChanged {
        state: Box<MentorApplicationState>,
    },
    /// The person's own request for a mentor.
    MenteeRequestChanged {
        state: Box<MenteeRequestState>,
    },
    /// A relationship the person is a member of, redacted for them.
    RelationshipChanged {
        view: Box<RelationshipView>,
    },
    /// A message in one of the person's conversations (theirs or the other member's).
    MessageAdded {
        message: Box<Message>,
    },
    /// A member's receipts for a conversation advanced (the person's own, from another of their
    /// devices, or the other member's as far as they share them).
    ReceiptsChanged {
        receipts: ReceiptUpdate,
    },
    /// One of the person's own check-ins, or (for a mentor) one their mentee shared with them.
    CheckInRecorded {
        check_in: Box<CheckInView>,
    },
    /// A session series of one of the person's relationships, as it is now (both members get
    /// the same copy).
    SessionChanged {
        series: Box<SessionSeries>,
    },
    /// One of the person's own notes changed (on another device, or this one's echo): its meta
    /// and the base64 yrs updates to merge.
    NoteChanged {
        note: Box<crate::notes::NoteMeta>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body_update: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary_update: Option<String>,
    },
    /// One of the person's own notes was deleted.
    NoteDeleted {
        note_id: Uuid,
    },
    /// The other member of a relationship shares (or edited) a note's summary with the person.
    SharedSummaryChanged {
        summary: Box<SharedSummaryView>,
    },
    /// … and no longer shares it (unshared or deleted): forget it.
    SharedSummaryWithdrawn {
        note_id: Uuid,
    },
}

/// A page of the change feed after a cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// Pass as `since` next time (the last position returned, or the request's `since`).
    pub cursor: u64,
    /// More changes are waiting: pull again at once.
    pub has_more: bool,
}

/// The payload of an SSE `changed` event: the feed has grown up to `cursor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedHint {
    pub cursor: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_refuse_unknown_fields() {
        let json = r#"{"email":"a@b.org","password":"x","device_name":"d","admin":true}"#;
        assert!(serde_json::from_str::<LogInRequest>(json).is_err());
        let json = r#"{"protocol":1,"mutations":[{"mutation_id":"0190c7c8-0000-7000-8000-000000000001","created_at_ms":1,"body":{"type":"update_profile","display_name":"R","role":"coordinator"}}]}"#;
        assert!(serde_json::from_str::<PushRequest>(json).is_err());
    }

    #[test]
    fn mutations_round_trip_with_a_type_tag() {
        let body = MutationBody::UpdateSettings {
            discreet_notifications: Some(false),
            read_receipts: None,
            quiet_hours: None,
            checkin_prompt: None,
            checkin_prompt_minute: None,
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"type":"update_settings","discreet_notifications":false}"#
        );
        assert_eq!(serde_json::from_str::<MutationBody>(&json).unwrap(), body);
    }

    #[test]
    fn mutations_are_validated_and_applied() {
        let empty = MutationBody::UpdateProfile {
            display_name: None,
            locale: None,
        };
        assert!(empty.validated().is_err());
        let bad = MutationBody::UpdateProfile {
            display_name: Some(" ".into()),
            locale: None,
        };
        assert_eq!(bad.validated().unwrap_err().field(), "display_name");
        let good = MutationBody::UpdateProfile {
            display_name: Some("  Sky ".into()),
            locale: Some("es".into()),
        }
        .validated()
        .unwrap();
        let mut profile = Profile {
            display_name: "Old".into(),
            locale: "en".into(),
        };
        let mut settings = Settings::default();
        let change = good.apply(&mut profile, &mut settings).unwrap();
        assert_eq!(
            profile,
            Profile {
                display_name: "Sky".into(),
                locale: "es".into()
            }
        );
        assert_eq!(change, ChangeBody::ProfileChanged { profile });
        let off = MutationBody::UpdateSettings {
            discreet_notifications: None,
            read_receipts: Some(false),
            quiet_hours: None,
            checkin_prompt: None,
            checkin_prompt_minute: None,
        };
        off.apply(
            &mut Profile {
                display_name: "x".into(),
                locale: "en".into(),
            },
            &mut settings,
        );
        assert!(!settings.read_receipts && settings.discreet_notifications);
    }

    #[test]
    fn field_errors_become_validation_errors_naming_the_field() {
        let error: ApiError = FieldError::InvalidEmail.into();
        assert_eq!(error.code, ErrorCode::ValidationFailed);
        assert_eq!(error.field.as_deref(), Some("email"));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "validation_failed");
        assert!(json.get("retry_after_secs").is_none());
    }
}
