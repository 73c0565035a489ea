//! Device lists and revocation.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::{PASSWORD, TestApp, assert_error};

#[tokio::test]
async fn devices_are_listed_newest_first_and_revocation_is_final() {
    let app = TestApp::new().await;
    let phone = app.sign_up("ana@example.org").await;
    let laptop = app.log_in("ana@example.org", PASSWORD).await;
    let laptop_token = laptop.body["token"].as_str().unwrap().to_owned();
    let laptop_id = laptop.body["device_id"].clone();

    let list = app.get("/v1/devices", &phone.token).await;
    assert_eq!(list.status, StatusCode::OK);
    let devices = list.body["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 2);
    assert_eq!(devices[0]["device_id"], laptop_id);
    assert_eq!(devices[0]["current"], false);
    assert_eq!(devices[1]["device_id"], json!(phone.device_id));
    assert_eq!(devices[1]["current"], true);

    let uri = format!("/v1/devices/{}", laptop_id.as_str().unwrap());
    let reply = app
        .call(Method::DELETE, &uri, Some(&phone.token), None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reply = app.get("/v1/me", &laptop_token).await;
    assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    let reply = app
        .call(Method::DELETE, &uri, Some(&phone.token), None)
        .await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");

    // The person's other devices learn about it through the feed.
    let feed = app.get("/v1/sync/changes", &phone.token).await;
    assert_eq!(feed.body["changes"][0]["body"]["type"], "device_revoked");
    assert_eq!(feed.body["changes"][0]["body"]["device_id"], laptop_id);
}

#[tokio::test]
async fn nobody_can_see_or_revoke_someone_elses_device() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    let ben = app.sign_up("ben@example.org").await;

    let list = app.get("/v1/devices", &ben.token).await;
    let devices = list.body["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0]["device_id"], json!(ben.device_id));

    let uri = format!("/v1/devices/{}", ana.device_id);
    let reply = app.call(Method::DELETE, &uri, Some(&ben.token), None).await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(app.get("/v1/me", &ana.token).await.status, StatusCode::OK);
    assert_eq!(app.count("changes"), 0);
}
