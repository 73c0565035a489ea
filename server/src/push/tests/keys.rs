//! Test-only keys, generated at run time (never committed), and an independent JWT check.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair,
    RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey, VerificationAlgorithm,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::Value;

use crate::push::{ApnsConfig, FcmConfig};

/// A private key as PEM and its public key (raw point for P-256, PKCS#1 DER for RSA).
pub struct TestKey {
    pub pem: String,
    pub public: Vec<u8>,
}

fn pem(label: &str, der: &[u8]) -> String {
    let base64 = STANDARD.encode(der);
    let lines: Vec<&str> = base64
        .as_bytes()
        .chunks(64)
        .map(|chunk| std::str::from_utf8(chunk).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// A P-256 key in the form of an APNs `.p8` file.
pub fn p256() -> TestKey {
    let pkcs8 =
        EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
            .unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
    TestKey {
        pem: pem("PRIVATE KEY", pkcs8.as_ref()),
        public: pair.public_key().as_ref().to_vec(),
    }
}

/// An RSA-2048 key, PKCS#8 PEM like a Google service account's.
pub fn rsa() -> TestKey {
    let pair = RsaKeyPair::generate(KeySize::Rsa2048).unwrap();
    let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).unwrap();
    TestKey {
        pem: pem("PRIVATE KEY", der.as_ref()),
        public: pair.public_key().as_ref().to_vec(),
    }
}

/// Checks a compact JWT's signature; returns its header and claims.
pub fn verify(
    jwt: &str,
    algorithm: &'static dyn VerificationAlgorithm,
    public: &[u8],
) -> (Value, Value) {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a compact JWT: {jwt}");
    let signed = format!("{}.{}", parts[0], parts[1]);
    let signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    UnparsedPublicKey::new(algorithm, public)
        .verify(signed.as_bytes(), &signature)
        .expect("the JWT is signed by the test key");
    let decode = |part: &str| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
    };
    (decode(parts[0]), decode(parts[1]))
}

pub fn verify_es256(jwt: &str, public: &[u8]) -> (Value, Value) {
    verify(jwt, &ECDSA_P256_SHA256_FIXED, public)
}

pub fn verify_rs256(jwt: &str, public: &[u8]) -> (Value, Value) {
    verify(jwt, &RSA_PKCS1_2048_8192_SHA256, public)
}

pub const KEY_ID: &str = "KEYID12345";
pub const TEAM_ID: &str = "TEAMID6789";
pub const TOPIC: &str = "org.beacon.app";
pub const PROJECT: &str = "beacon-test";
pub const CLIENT_EMAIL: &str = "push@beacon-test.iam.gserviceaccount.com";

/// APNs settings with a fresh key, pointed at `base`.
pub fn apns_config(key: &TestKey, base: &str) -> ApnsConfig {
    ApnsConfig::from_pem(key.pem.as_bytes(), KEY_ID, TEAM_ID, TOPIC, false)
        .unwrap()
        .with_base_url(base)
}

/// A service-account JSON file's contents whose token endpoint is `token_uri`.
pub fn service_account(key: &TestKey, token_uri: &str) -> String {
    serde_json::json!({
        "type": "service_account",
        "project_id": PROJECT,
        "private_key_id": "test-key-1",
        "private_key": key.pem,
        "client_email": CLIENT_EMAIL,
        "client_id": "1",
        "token_uri": token_uri,
    })
    .to_string()
}

/// FCM settings with a fresh key, pointed at the fake `base` (token endpoint included).
pub fn fcm_config(key: &TestKey, base: &str) -> FcmConfig {
    FcmConfig::from_json(service_account(key, &format!("{base}/token")).as_bytes())
        .unwrap()
        .with_base_url(base)
}
