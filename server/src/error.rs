//! One error type for every handler, rendered as the JSON [`ApiError`] body with the right status.
//!
//! Internal failures are logged (without request data) and shown to the client only as a generic
//! `internal` error, so no SQL, paths or secrets ever leak into a response.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::account::FieldError;
use domain::wire::v1::{ApiError, ErrorCode};

/// A failed request: the status and the body the client sees.
#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ApiError,
}

impl AppError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ApiError::new(code, message),
        }
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedRequest,
            message,
        )
    }

    /// A field value that is not acceptable.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let mut error = Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::ValidationFailed,
            message,
        );
        error.body.field = Some(field.to_owned());
        error
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "Please sign in again.",
        )
    }

    /// Wrong email or password: one message for both, so it does not reveal which.
    pub fn invalid_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
            "The email or password is not correct.",
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} was not found."),
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    /// Whether this is a refusal of the request (4xx) rather than a failure on our side.
    pub fn is_refusal(&self) -> bool {
        self.status.is_client_error()
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            format!("Too many attempts. Try again in {retry_after_secs} seconds."),
        );
        error.body.retry_after_secs = Some(retry_after_secs);
        error
    }

    /// Something broke on our side. `context` is logged, never sent to the client.
    pub fn internal(context: impl std::fmt::Display) -> Self {
        tracing::error!(error = %context, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "Something went wrong on the server; nothing was changed.",
        )
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: error.into(),
        }
    }
}

impl From<ApiError> for AppError {
    /// A rule's refusal (e.g. a refused relationship transition), with the status its code implies.
    fn from(body: ApiError) -> Self {
        let status = match body.code {
            ErrorCode::MalformedRequest
            | ErrorCode::ValidationFailed
            | ErrorCode::UnsupportedProtocol => StatusCode::BAD_REQUEST,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Self { status, body }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> Self {
        Self::internal(format_args!("database: {error}"))
    }
}

impl From<r2d2::Error> for AppError {
    fn from(error: r2d2::Error) -> Self {
        Self::internal(format_args!("database pool: {error}"))
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(error: tokio::task::JoinError) -> Self {
        Self::internal(format_args!("blocking task: {error}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let retry_after = self.body.retry_after_secs;
        let mut response = (self.status, axum::Json(self.body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Router fallback: unknown paths get a JSON 404.
pub async fn not_found_fallback() -> AppError {
    AppError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "There is no such endpoint.",
    )
}

/// Router fallback: a known path with the wrong method gets a JSON 405.
pub async fn method_not_allowed_fallback() -> AppError {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::MalformedRequest,
        "This endpoint does not support that method.",
    )
}

/// Turns a panic inside a handler into the JSON 500 (used by `CatchPanicLayer`).
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    AppError::internal("a request handler panicked").into_response()
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;

    #[tokio::test]
    async fn a_panicking_handler_becomes_a_json_500() {
        async fn boom() -> &'static str {
            panic!("boom")
        }
        let app = Router::new()
            .route("/boom", get(boom))
            .layer(CatchPanicLayer::custom(super::panic_response));
        let response = app
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let error: domain::wire::v1::ApiError = serde_json::from_slice(&body).unwrap();
        assert_eq!(error.code, domain::wire::v1::ErrorCode::Internal);
        assert!(!error.message.contains("boom"));
    }
}
