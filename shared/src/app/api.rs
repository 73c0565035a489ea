//! The HTTP client side of the v1 protocol: builds requests as Crux `Http` effects and decodes
//! answers into [`ApiResult`]s. No other module writes URLs or parses server responses.

use crux_core::Command;
use crux_http::protocol::{HttpHeader, HttpRequest, HttpResult};
use domain::wire::v1::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::effects::Effect;

use super::Event;

/// Why a call to the server did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApiFailure {
    /// The server could not be reached (no network, server down, timeout).
    Unreachable,
    /// The server answered with an error.
    Refused { status: u16, error: ApiError },
    /// The server answered something this app cannot read.
    Unreadable { status: u16 },
}

impl ApiFailure {
    /// Worth retrying later without the person doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiFailure::Unreachable => true,
            ApiFailure::Refused { status, .. } | ApiFailure::Unreadable { status } => {
                *status >= 500 || *status == 429
            }
        }
    }

    /// The server no longer accepts this device's token (revoked, expired, account deleted).
    pub fn is_signed_out(&self) -> bool {
        matches!(self, ApiFailure::Refused { error, .. } if error.code == ErrorCode::Unauthenticated)
    }

    /// A sentence to show the person.
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Unreachable => {
                "Can't reach Beacon right now. Check your connection and try again.".to_owned()
            }
            ApiFailure::Refused { error, .. } => error.message.clone(),
            ApiFailure::Unreadable { .. } => {
                "Beacon's server sent an answer this app can't read. Please update the app."
                    .to_owned()
            }
        }
    }
}

pub type ApiResult<T> = Result<T, ApiFailure>;

/// Where the server is and who is asking.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint<'a> {
    pub base_url: &'a str,
    pub token: Option<&'a str>,
}

impl Endpoint<'_> {
    fn request(&self, method: &str, path: &str, body: Option<Vec<u8>>) -> HttpRequest {
        let mut headers = vec![HttpHeader {
            name: "Accept".into(),
            value: "application/json".into(),
        }];
        if let Some(token) = self.token {
            headers.push(HttpHeader {
                name: "Authorization".into(),
                value: format!("Bearer {token}"),
            });
        }
        if body.is_some() {
            headers.push(HttpHeader {
                name: "Content-Type".into(),
                value: "application/json".into(),
            });
        }
        HttpRequest {
            method: method.to_owned(),
            url: format!("{}{path}", self.base_url.trim_end_matches('/')),
            headers,
            body: body.unwrap_or_default(),
        }
    }

    /// The URL of a path on this server (for the event stream).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.trim_end_matches('/'))
    }

    /// `GET path`, decoding a JSON `T`, delivered as `make_event(result)`.
    pub fn get<T, F>(&self, path: &str, make_event: F) -> Command<Effect, Event>
    where
        T: DeserializeOwned + Send + 'static,
        F: FnOnce(ApiResult<T>) -> Event + Send + 'static,
    {
        send(self.request("GET", path, None), decode_json, make_event)
    }

    /// `POST path` with a JSON body, decoding a JSON `T`.
    pub fn post<B, T, F>(&self, path: &str, body: &B, make_event: F) -> Command<Effect, Event>
    where
        B: Serialize,
        T: DeserializeOwned + Send + 'static,
        F: FnOnce(ApiResult<T>) -> Event + Send + 'static,
    {
        let bytes = serde_json::to_vec(body).expect("wire types always serialise");
        send(
            self.request("POST", path, Some(bytes)),
            decode_json,
            make_event,
        )
    }

    /// A request with a JSON body whose success has no body (204).
    pub fn send_json<B, F>(
        &self,
        method: &str,
        path: &str,
        body: &B,
        make_event: F,
    ) -> Command<Effect, Event>
    where
        B: Serialize,
        F: FnOnce(ApiResult<()>) -> Event + Send + 'static,
    {
        let bytes = serde_json::to_vec(body).expect("wire types always serialise");
        send(
            self.request(method, path, Some(bytes)),
            decode_empty,
            make_event,
        )
    }

    /// A request whose success has no body (204).
    pub fn call<F>(&self, method: &str, path: &str, make_event: F) -> Command<Effect, Event>
    where
        F: FnOnce(ApiResult<()>) -> Event + Send + 'static,
    {
        send(self.request(method, path, None), decode_empty, make_event)
    }
}

fn send<T, D, F>(request: HttpRequest, decode: D, make_event: F) -> Command<Effect, Event>
where
    T: Send + 'static,
    D: FnOnce(HttpResult) -> ApiResult<T> + Send + 'static,
    F: FnOnce(ApiResult<T>) -> Event + Send + 'static,
{
    Command::request_from_shell(request)
        .map(decode)
        .then_send(make_event)
}

fn refusal(status: u16, body: &[u8]) -> ApiFailure {
    match serde_json::from_slice::<ApiError>(body) {
        Ok(error) => ApiFailure::Refused { status, error },
        Err(_) if status >= 500 || status == 429 => ApiFailure::Refused {
            status,
            error: ApiError::new(
                ErrorCode::Internal,
                format!("The server answered {status}."),
            ),
        },
        Err(_) => ApiFailure::Unreadable { status },
    }
}

/// Decodes a 2xx JSON body, or the server's `ApiError`.
pub fn decode_json<T: DeserializeOwned>(result: HttpResult) -> ApiResult<T> {
    match result {
        HttpResult::Ok(response) if (200..300).contains(&response.status) => {
            serde_json::from_slice(&response.body).map_err(|_| ApiFailure::Unreadable {
                status: response.status,
            })
        }
        HttpResult::Ok(response) => Err(refusal(response.status, &response.body)),
        HttpResult::Err(_) => Err(ApiFailure::Unreachable),
    }
}

/// Accepts any 2xx, or decodes the server's `ApiError`.
pub fn decode_empty(result: HttpResult) -> ApiResult<()> {
    match result {
        HttpResult::Ok(response) if (200..300).contains(&response.status) => Ok(()),
        HttpResult::Ok(response) => Err(refusal(response.status, &response.body)),
        HttpResult::Err(_) => Err(ApiFailure::Unreachable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crux_http::protocol::HttpResponse;

    #[test]
    fn server_errors_are_decoded_and_classified() {
        let body = ApiError::new(ErrorCode::Unauthenticated, "Signed out");
        let result = HttpResult::Ok(HttpResponse::status(401).json(&body).build());
        let failure = decode_json::<u32>(result).unwrap_err();
        assert!(failure.is_signed_out());
        assert!(!failure.is_transient());
        assert_eq!(failure.message(), "Signed out");

        let busy = HttpResult::Ok(HttpResponse::status(503).body(b"<html>".to_vec()).build());
        assert!(decode_empty(busy).unwrap_err().is_transient());

        let garbage = HttpResult::Ok(HttpResponse::ok().body(b"not json".to_vec()).build());
        assert_eq!(
            decode_json::<u32>(garbage),
            Err(ApiFailure::Unreadable { status: 200 })
        );
    }
}
