//! Request signing and credentials for Tencent Cloud (TC3-HMAC-SHA256), Volcengine
//! (HMAC-SHA256) and Alibaba Cloud (ACS3-HMAC-SHA256, RPC HMAC-SHA1), verified against the
//! official SDKs' test vectors.
//!
//! A crate of its own so that both the generated clients (through `docsdk-runtime`, which
//! signs every call with it) and `docsdk mock` (which verifies signatures with
//! [`signing::verify`]) use one implementation: each scheme's signing and verifying share its
//! canonicalisation and key derivation. You need it directly only to sign requests by hand,
//! to check a signature step by step, or to verify requests in a server of your own: each
//! signer is a pure function of the request, the credentials, the clock and the nonce, and
//! returns every intermediate (canonical request, string to sign, …) besides the headers to
//! add.
//!
//! # Quick start
//!
//! ```
//! use docsdk_auth::credentials::Credentials;
//! use docsdk_auth::signing::{tc3, SignableRequest, UtcTime};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Or `Credentials::from_env(Provider::Tencent)` for the SDKs' variables.
//! let credentials = Credentials::new("AKIDEXAMPLE", "secret");
//! let headers = [("Content-Type".to_string(), "application/json".to_string())];
//! let request = SignableRequest {
//!     method: "POST",
//!     host: "cvm.tencentcloudapi.com",
//!     path: "/",
//!     query: &[],
//!     headers: &headers,
//!     body: br#"{"Limit":1}"#,
//! };
//! let params = tc3::Tc3Params {
//!     service: "cvm",
//!     timestamp: UtcTime::from_unix_seconds(1_700_000_000),
//!     unsigned_payload: false,
//! };
//! let signed = tc3::sign(&request, &credentials, &params)?;
//! assert_eq!(signed.credential_scope, "2023-11-14/cvm/tc3_request");
//! // Add these (`Authorization`, `X-TC-Timestamp`, …) to the request before sending it.
//! assert_eq!(signed.headers_to_add[0].0, "Authorization");
//! # Ok(())
//! # }
//! ```

pub mod credentials;
pub mod signing;

pub use docsdk_protocol::Provider;
