//! Tests of the store push providers against fakes on 127.0.0.1: [`fakes`] has a fake APNs
//! (HTTP/2) and a fake FCM with its OAuth token endpoint; [`keys`] makes throwaway keys at run
//! time and checks JWT signatures with aws-lc-rs directly (not with the library that signed).
//! The dispatch tests (a gone token removes the registration) are in
//! `router_tests::messaging_push`.

mod apns;
mod credentials;
pub(crate) mod fakes;
mod fcm;
pub(crate) mod keys;
