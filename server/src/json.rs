//! [`ApiJson`]: axum's `Json` extractor with every rejection turned into the JSON error contract
//! (400 `malformed_request`, 413 `payload_too_large`, 415 `unsupported_media_type`).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use domain::wire::v1::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON request body of type `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(rejection_to_error(&rejection)),
        }
    }
}

fn rejection_to_error(rejection: &JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "The request body must be JSON with `Content-Type: application/json`.",
        ),
        JsonRejection::JsonDataError(error) => AppError::malformed(format!(
            "The request body does not match the expected shape: {}",
            describe_data_error(&error.body_text())
        )),
        JsonRejection::JsonSyntaxError(_) => {
            AppError::malformed("The request body is not valid JSON.")
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!(
                "The request body is larger than {} bytes.",
                domain::limits::MAX_REQUEST_BODY_BYTES
            ),
        ),
        _ => AppError::malformed("The request body could not be read."),
    }
}

/// serde's explanation of a shape mismatch ("display_name: unknown field `x`…"), minus any echo
/// of the offending value: `invalid type: string "…", expected u32` becomes
/// `invalid type, expected u32`, so a secret typed into the wrong field is never sent back.
fn describe_data_error(body_text: &str) -> String {
    let detail = body_text
        .split_once("target type: ")
        .map_or(body_text, |(_, detail)| detail);
    for kind in ["invalid type", "invalid value", "invalid length"] {
        if let Some(start) = detail.find(kind) {
            let value_start = start + kind.len();
            return match detail[value_start..].find(", expected") {
                Some(end) => format!("{}{}", &detail[..value_start], &detail[value_start + end..]),
                None => detail[..value_start].to_owned(),
            };
        }
    }
    detail.to_owned()
}

#[cfg(test)]
mod tests {
    use super::describe_data_error;

    #[test]
    fn data_errors_name_the_field_but_never_echo_the_value() {
        let text = "Failed to deserialize the JSON body into the target type: password: \
                    invalid type: integer `123456789`, expected a string at line 1 column 20";
        let described = describe_data_error(text);
        assert_eq!(
            described,
            "password: invalid type, expected a string at line 1 column 20"
        );
        let text = "Failed to deserialize the JSON body into the target type: \
                    unknown field `admin`, expected one of `email`, `password`";
        assert!(describe_data_error(text).starts_with("unknown field `admin`"));
    }
}
