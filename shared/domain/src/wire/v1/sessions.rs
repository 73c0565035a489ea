//! Protocol v1 for sessions: a member of a relationship proposes a series with the
//! `propose_session` mutation and either member acts on it with `act_on_session` (accept,
//! reschedule, cancel one or all with a reason, mark held or missed). The rules are
//! [`crate::sessions`]: the phone checks them offline, the server applies them with its own clock.
//!
//! Every accepted change reaches **both** members' feeds as [`super::ChangeBody::SessionChanged`]
//! carrying the whole series (a series has no private part: place, link and cancellation reasons
//! are for the other member). Coordinators never see a series; they see only
//! [`MatchSessionCounts`] in [`super::ProgramMetrics`].

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::MutationBody;
use crate::account::FieldError;
use crate::relationship::Actor;
use crate::sessions::{SessionError, SessionSeries};

/// How many sessions of one match were held and missed — for coordinators, no content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchSessionCounts {
    pub relationship_id: Uuid,
    pub mentee_display_name: String,
    pub mentor_display_name: String,
    pub held: u32,
    pub missed: u32,
}

/// A session refusal that can be decided without context, as the field it is about.
fn field_error(error: SessionError) -> FieldError {
    match error {
        SessionError::Field(field) => field,
        SessionError::UnknownTimeZone => FieldError::Invalid { field: "time_zone" },
        SessionError::NotInFuture | SessionError::OverlapsEarlierSessions => {
            FieldError::Invalid { field: "start" }
        }
        _ => FieldError::Invalid { field: "action" },
    }
}

impl MutationBody {
    /// For `propose_session`: the new series as the domain builds it, with `organiser` (the
    /// caller's role in the relationship) as organiser. `None` for every other mutation.
    pub fn proposed_session(
        &self,
        organiser: Actor,
    ) -> Option<Result<SessionSeries, SessionError>> {
        let MutationBody::ProposeSession {
            series_id,
            relationship_id,
            format,
            time_zone,
            start,
            duration_minutes,
            recurrence,
        } = self
        else {
            return None;
        };
        Some(SessionSeries::propose(
            *series_id,
            *relationship_id,
            organiser,
            format.clone(),
            time_zone,
            *start,
            *duration_minutes,
            *recurrence,
        ))
    }

    /// The context-free check of the session mutations (called from [`MutationBody::validated`]).
    pub(super) fn validated_session(self) -> Result<Self, FieldError> {
        match self {
            MutationBody::ProposeSession { .. } => {
                // The organiser does not change what can be checked here.
                if let Some(Err(error)) = self.proposed_session(Actor::Mentor) {
                    return Err(field_error(error));
                }
                Ok(self)
            }
            MutationBody::ActOnSession { series_id, action } => Ok(MutationBody::ActOnSession {
                series_id,
                action: action.validated()?,
            }),
            other => Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::datetime;

    use super::*;
    use crate::sessions::{Recurrence, SessionAction, SessionFormat};

    fn propose(format: SessionFormat, zone: &str, minutes: u16) -> MutationBody {
        MutationBody::ProposeSession {
            series_id: Uuid::from_u128(1),
            relationship_id: Uuid::from_u128(2),
            format,
            time_zone: zone.to_owned(),
            start: datetime(2026, 3, 3, 18, 0, 0, 0),
            duration_minutes: minutes,
            recurrence: Recurrence::Weekly,
        }
    }

    #[test]
    fn proposals_are_checked_by_the_domain_rule() {
        let good = propose(SessionFormat::Phone, "Europe/London", 60);
        assert_eq!(good.clone().validated(), Ok(good));
        let field = |body: MutationBody| body.validated().unwrap_err().field();
        assert_eq!(
            field(propose(SessionFormat::Phone, "Mars/Base", 60)),
            "time_zone"
        );
        assert_eq!(
            field(propose(SessionFormat::Phone, "UTC", 5)),
            "duration_minutes"
        );
        let bad_link = SessionFormat::Video {
            link: "http://meet.example/a".into(),
        };
        assert_eq!(field(propose(bad_link, "UTC", 60)), "format.link");
        let no_place = SessionFormat::InPerson { place: "  ".into() };
        assert_eq!(field(propose(no_place, "UTC", 60)), "format.place");
    }

    #[test]
    fn actions_are_normalised_and_json_uses_local_date_time_strings() {
        let body = MutationBody::ActOnSession {
            series_id: Uuid::from_u128(1),
            action: SessionAction::Cancel {
                reason: "  moving away ".into(),
            },
        };
        assert_eq!(
            body.validated(),
            Ok(MutationBody::ActOnSession {
                series_id: Uuid::from_u128(1),
                action: SessionAction::Cancel {
                    reason: "moving away".into()
                },
            })
        );
        let empty = MutationBody::ActOnSession {
            series_id: Uuid::from_u128(1),
            action: SessionAction::Cancel { reason: " ".into() },
        };
        assert_eq!(empty.validated().unwrap_err().field(), "reason");
        let long = MutationBody::ActOnSession {
            series_id: Uuid::from_u128(1),
            action: SessionAction::Reschedule {
                from_occurrence: datetime(2026, 3, 3, 18, 0, 0, 0),
                start: datetime(2026, 3, 4, 18, 0, 0, 0),
                duration_minutes: Some(9 * 60),
                recurrence: None,
            },
        };
        assert_eq!(long.validated().unwrap_err().field(), "duration_minutes");

        let json = serde_json::to_value(propose(SessionFormat::Phone, "UTC", 60)).unwrap();
        assert_eq!(json["type"], "propose_session");
        assert_eq!(json["start"], "2026-03-03T18:00:00");
        assert_eq!(json["format"]["type"], "phone");
        assert_eq!(
            serde_json::from_value::<MutationBody>(json).unwrap(),
            propose(SessionFormat::Phone, "UTC", 60)
        );
    }
}
