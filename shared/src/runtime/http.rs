//! Executes the core's `Http` effects with reqwest.

use std::time::Duration;

use crux_http::HttpError;
use crux_http::protocol::{HttpHeader, HttpRequest, HttpResponse, HttpResult};

/// A client for ordinary requests: bounded connect and total time.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("TLS backend initialises")
}

/// A client for long-lived streams: bounded connect time only.
pub fn streaming_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .expect("TLS backend initialises")
}

pub async fn execute(client: &reqwest::Client, request: &HttpRequest) -> HttpResult {
    let Ok(method) = reqwest::Method::from_bytes(request.method.as_bytes()) else {
        return HttpResult::Err(HttpError::Url(format!("bad method {}", request.method)));
    };
    let mut builder = client.request(method, &request.url);
    for header in &request.headers {
        builder = builder.header(&header.name, &header.value);
    }
    if !request.body.is_empty() {
        builder = builder.body(request.body.clone());
    }
    let response = match builder.send().await {
        Ok(response) => response,
        Err(error) => return HttpResult::Err(transport_error(&error)),
    };
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            value.to_str().ok().map(|v| HttpHeader {
                name: name.to_string(),
                value: v.to_owned(),
            })
        })
        .collect();
    match response.bytes().await {
        Ok(body) => HttpResult::Ok(HttpResponse {
            status,
            headers,
            body: body.to_vec(),
        }),
        Err(error) => HttpResult::Err(transport_error(&error)),
    }
}

/// A transport failure, described without the URL (it may carry ids) or any body.
fn transport_error(error: &reqwest::Error) -> HttpError {
    if error.is_timeout() {
        HttpError::Timeout
    } else if error.is_builder() {
        HttpError::Url("invalid request".to_owned())
    } else if error.is_connect() {
        HttpError::Io("could not connect".to_owned())
    } else {
        HttpError::Io("connection failed".to_owned())
    }
}
