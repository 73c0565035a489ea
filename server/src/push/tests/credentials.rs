//! Loading APNs and FCM credentials: wrong or missing keys are clear errors (at startup), and no
//! error message or `Debug` output shows the key.

use std::path::PathBuf;

use super::keys;
use crate::cli::PushArgs;
use crate::push::{ApnsConfig, FcmConfig};

fn error_of<T>(result: anyhow::Result<T>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(error) => format!("{error:#}"),
    }
}

#[test]
fn apns_keys_must_be_p256_pkcs8() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.p8");
    let message = error_of(ApnsConfig::load(&missing, "K", "T", "org.x", false));
    assert!(
        message.contains("cannot read the APNs key file"),
        "{message}"
    );

    let garbage = dir.path().join("garbage.p8");
    std::fs::write(&garbage, "not a key").unwrap();
    let message = error_of(ApnsConfig::load(&garbage, "K", "T", "org.x", false));
    assert!(message.contains("garbage.p8"), "{message}");
    assert!(message.contains("P-256"), "{message}");

    // An RSA key where the .p8 should be.
    let rsa = keys::rsa();
    let wrong = dir.path().join("rsa.p8");
    std::fs::write(&wrong, &rsa.pem).unwrap();
    let message = error_of(ApnsConfig::load(&wrong, "K", "T", "org.x", false));
    assert!(message.contains("P-256"), "{message}");

    let key = keys::p256();
    let good = dir.path().join("AuthKey.p8");
    std::fs::write(&good, &key.pem).unwrap();
    let message = error_of(ApnsConfig::load(&good, " ", "T", "org.x", false));
    assert!(message.contains("--apns-key-id is empty"), "{message}");
    let config = ApnsConfig::load(&good, "K", "T", "org.x", true).unwrap();
    assert_eq!(config.base_url, crate::push::credentials::APNS_SANDBOX);
    let debug = format!("{config:?}");
    assert!(debug.contains("redacted"));
    let body = key.pem.lines().nth(1).unwrap();
    assert!(!debug.contains(body), "no key in Debug");
}

#[test]
fn fcm_service_accounts_are_checked_without_echoing_the_key() {
    let key = keys::rsa();
    let good = keys::service_account(&key, "https://oauth2.googleapis.com/token");
    let config = FcmConfig::from_json(good.as_bytes()).unwrap();
    assert_eq!(config.project_id, keys::PROJECT);
    assert_eq!(config.base_url, crate::push::credentials::FCM_BASE);

    let key_line = key.pem.lines().nth(1).unwrap();
    let mut account: serde_json::Value = serde_json::from_str(&good).unwrap();
    account["private_key"] = keys::p256().pem.into();
    let message = error_of(FcmConfig::from_json(account.to_string().as_bytes()));
    assert!(message.contains("private_key"), "{message}");
    account["private_key"] = key.pem.clone().into();
    account["type"] = "authorized_user".into();
    let message = error_of(FcmConfig::from_json(account.to_string().as_bytes()));
    assert!(message.contains("service_account"), "{message}");
    // Truncated JSON: the error names the place, not the text (which holds the key).
    let message = error_of(FcmConfig::from_json(&good.as_bytes()[..good.len() / 2]));
    assert!(
        message.contains("not a service account JSON file"),
        "{message}"
    );
    assert!(!message.contains(key_line), "{message}");

    let missing = PathBuf::from("/nonexistent/service-account.json");
    let message = error_of(FcmConfig::load(&missing));
    assert!(
        message.contains("cannot read the FCM service account file"),
        "{message}"
    );
}

#[test]
fn cli_push_flags_load_or_fail_clearly() {
    assert!(PushArgs::default().load().unwrap().apns.is_none());
    let partial = PushArgs {
        apns_key_id: Some("K".into()),
        ..PushArgs::default()
    };
    let message = error_of(partial.load());
    assert!(message.contains("--apns-key-file"), "{message}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{}").unwrap();
    let args = PushArgs {
        fcm_service_account_file: Some(bad),
        ..PushArgs::default()
    };
    let message = error_of(args.load());
    assert!(message.contains("bad.json"), "{message}");

    let key_file = dir.path().join("AuthKey.p8");
    std::fs::write(&key_file, keys::p256().pem).unwrap();
    let args = PushArgs {
        apns_key_file: Some(key_file),
        apns_key_id: Some("K".into()),
        apns_team_id: Some("T".into()),
        apns_topic: Some("org.x".into()),
        ..PushArgs::default()
    };
    let config = args.load().unwrap();
    assert_eq!(
        config.apns.unwrap().base_url,
        crate::push::credentials::APNS_PRODUCTION
    );
}
