//! Request signing and credentials for Tencent Cloud (TC3-HMAC-SHA256), Volcengine
//! (HMAC-SHA256) and Alibaba Cloud (ACS3-HMAC-SHA256, RPC HMAC-SHA1), verified against the
//! official SDKs' test vectors.
//!
//! A crate of its own so that both the generated clients and `docsdk mock` (which verifies
//! signatures) use one implementation.

pub mod credentials;
pub mod signing;
