//! The OpenAPI document (utoipa), generated from the handlers' `#[utoipa::path]` attributes and
//! the domain's wire types; served at `GET /v1/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Beacon sync server",
        description = "Accounts, devices, programs, the offline-first sync feed, matching and the coordinator's desk (protocol v1)."
    ),
    paths(
        routes::health::health,
        openapi_json,
        routes::programs::get_program,
        routes::auth::sign_up,
        routes::auth::log_in,
        routes::auth::log_out,
        routes::devices::list_devices,
        routes::devices::revoke_device_handler,
        routes::me::get_me,
        routes::me::delete_account,
        routes::me::export,
        routes::sync::push,
        routes::sync::changes,
        routes::events::events,
        routes::push::register,
        routes::push::unregister,
        routes::matching::proposals,
        routes::coordinator::applications::list,
        routes::coordinator::applications::decide,
        routes::coordinator::oversight::change_requests,
        routes::coordinator::oversight::quiet_matches,
        routes::coordinator::oversight::metrics,
        routes::coordinator::relationships::act,
        routes::coordinator::intake::propose,
        routes::coordinator::intake::confirm,
        routes::coordinator::settings::get_settings,
        routes::coordinator::settings::put_settings,
        routes::coordinator::concerns::list,
        routes::coordinator::concerns::resolve,
    ),
    components(schemas(
        domain::wire::v1::ErrorCode,
        domain::wire::v1::ApiError,
        domain::wire::v1::ChangeBody,
        domain::wire::v1::MutationBody,
        domain::wire::v1::MutationStatus,
        domain::wire::v1::RelationshipView,
        domain::relationship::Action,
        domain::wire::v1::Message,
        domain::wire::v1::ReceiptUpdate,
        domain::wire::v1::PushPayload,
        domain::wire::v1::CheckInView,
        domain::checkins::Mood,
        domain::sessions::SessionSeries,
        domain::sessions::SessionAction,
        domain::sessions::SessionFormat,
        domain::sessions::Recurrence,
        domain::sessions::SeriesState,
        domain::sessions::OutcomeCounts,
        domain::wire::v1::MatchSessionCounts,
        domain::notes::NoteMeta,
        domain::notes::NoteKind,
        domain::wire::v1::SharedSummaryView,
        domain::wire::v1::NoteExport,
        domain::wire::v1::QuietHoursChange,
        domain::reminders::QuietHours,
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "health"), (name = "programs"), (name = "auth"), (name = "devices"),
        (name = "me"), (name = "sync"), (name = "matching"), (name = "coordinator"),
        (name = "push"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` security scheme the authenticated paths refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

#[utoipa::path(
    get, path = "/v1/openapi.json", tag = "health",
    responses((status = 200, description = "This document", content_type = "application/json"))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
