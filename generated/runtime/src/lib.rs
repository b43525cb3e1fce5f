//! The runtime every docsdk-generated client depends on, and the one docsdk crate it needs:
//! the [`Client`] configuration (region, credentials, endpoint override, timeouts, retries,
//! client-side rate limits, validation), the call path shared by every action (validate →
//! sign → send → unwrap the provider's envelope → classify errors → retry), wire encodings,
//! and the error types ([`SdkError`], [`ValidationErrors`]). Signing and credentials come from
//! `docsdk-auth`, re-exported as [`signing`] and [`credentials`].
//!
//! Nothing here knows any particular action. Generated code imports this crate as `rt`, and
//! each action is a handful of invocations of its macros (`rt::builder!`, `rt::operation!`,
//! `rt::de::record!`, `rt::error_impls!`) that expand to small impls delegating to it: the
//! page's facts (endpoint, version, rules with the sentences they came from) are `const`
//! tables of the action's [`Operation`] impl, and the code itself is compiled once, here.
//!
//! # Quick start
//!
//! Configure one [`Client`] (cheap to clone) and wrap it in each generated service client;
//! a call is the action's builder, its setters (documented with the page's text, limits and
//! evidence) and `send().await`. `build()` checks the page's rules without sending, and
//! [`Client::prepare`] shows the signed request without sending it:
//!
//! ```
//! use docsdk_runtime as rt;
//! # // What the generator writes for one action (abridged; its setters carry the page's docs).
//! # #[derive(Clone, Debug, Default, PartialEq)]
//! # pub struct DescribeZonesRequest { pub zones: Vec<String> }
//! # rt::de::record!(request DescribeZonesRequest { zones = "Zones" });
//! # #[derive(Clone, Debug)]
//! # pub struct DescribeZonesBuilder<C = rt::Client>(pub rt::Call<DescribeZonesRequest, C>);
//! # rt::builder!(DescribeZonesBuilder for DescribeZonesRequest { strings zones.zones });
//! # rt::operation!(DescribeZonesRequest => DescribeZonesResponse, DescribeZonesError, Tencent,
//! #     "cvm", "2017-03-12", "DescribeZones", "POST", "cvm.tencentcloudapi.com";
//! #     [required("Zones", ""), max_items("Zones", 2, "Up to 2 zones per request.")]);
//! # #[derive(Clone, Debug, Default, PartialEq)]
//! # pub struct DescribeZonesResponse { pub request_id: String }
//! # rt::de::record!(response DescribeZonesResponse { request_id = "RequestId" });
//! # #[derive(Clone, Debug, PartialEq)]
//! # pub enum DescribeZonesError {
//! #     Common(rt::CommonError),
//! #     Unknown { code: String, message: String, request_id: Option<String>, http_status: u16 },
//! # }
//! # rt::error_impls!(DescribeZonesError, Tencent {});
//! # #[derive(Clone, Debug)]
//! # pub struct Cvm(pub rt::Client);
//! # impl Cvm {
//! #     pub fn new(client: rt::Client) -> Self { Self(client) }
//! #     pub fn describe_zones(&self) -> DescribeZonesBuilder {
//! #         DescribeZonesBuilder(rt::Call::new(self.0.clone()))
//! #     }
//! # }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Without `credentials` and `region`, each provider's environment variables are used.
//! let client = rt::Client::builder()
//!     .region("ap-guangzhou")
//!     .credentials(rt::credentials::Credentials::new("AKIDEXAMPLE", "secret"))
//!     .max_attempts(3)
//!     .build()?;
//! // `Cvm` stands for a generated client, e.g. `tencent::cvm::v20170312::Client`.
//! let cvm = Cvm::new(client.clone());
//!
//! // Every rule the page states is checked at once, before anything is sent.
//! let three = ["ap-guangzhou-3", "ap-guangzhou-4", "ap-guangzhou-6"];
//! let errors = cvm.describe_zones().zones(three).build().unwrap_err();
//! assert_eq!(errors.0[0].evidence, "Up to 2 zones per request.");
//!
//! let request = cvm.describe_zones().zones(["ap-guangzhou-3"]).build()?;
//! let signed = client.prepare(&request)?;
//! assert!(signed.headers.iter().any(|(name, _)| name == "Authorization"));
//! # Ok(())
//! # }
//! // Sending: validated, signed, sent, retried; the typed response or a typed error.
//! async fn zones(cvm: &Cvm) -> rt::Result<DescribeZonesRequest> {
//!     cvm.describe_zones().zones(["ap-guangzhou-3"]).send().await
//! }
//! ```
//!
//! [`Registered`] and [`Client::invoke`] call any generated action by name with JSON
//! parameters, for generic callers.
//!
//! # Observability
//!
//! The runtime emits [`tracing`](https://docs.rs/tracing/0.1) spans and events, silent unless
//! the application installs a subscriber: one `docsdk.call` span per call (`provider`,
//! `service`, `version`, `action`, then `attempts`, `request_id` and `outcome` when known), a
//! `debug` event per attempt (`attempt`, `status`, `outcome`, `code`, and for a retry its
//! `retry` reason, `delay_ms` and the `retry_after_ms` the answer asked for) and one per
//! rate-limit wait (`wait_us`). Parameter values, messages, URLs, credentials, signatures and
//! security tokens never appear in them.

pub use docsdk_auth::{credentials, signing};
/// The wire rules, envelopes, error tables and validation engine this runtime (and
/// `docsdk mock`) is built on.
pub use docsdk_protocol as protocol;

mod client;
#[doc(hidden)]
pub mod de;
mod error;
pub mod limit;
mod macros;
mod operation;
mod registry;
pub mod retry;
#[doc(hidden)]
pub mod testing;
mod transport;
mod validate;
pub mod wire;

#[doc(hidden)]
pub use crate::__docsdk_builder as builder;
pub use crate::__docsdk_error_impls as error_impls;
pub use crate::__docsdk_examples as examples;
pub use crate::__docsdk_operation as operation;
pub use client::{BuildError, Call, Client, ClientBuilder, ENDPOINT_ENV};
pub use docsdk_protocol::Provider;
pub use error::error_retryable;
pub use error::{
    retryable_status, CommonError, ErrorKind, ErrorMeta, ErrorView, OperationError, RawError,
    SdkError, ValidationError, ValidationErrors,
};
pub use limit::{RateLimits, RateQuota};
pub use operation::{OpMeta, Operation, RateLimit, RegionUse};
pub use registry::{Registered, ServiceError};
pub use retry::{RetryConfig, RetryKind};
pub use serde_json::{Map, Value};
pub use transport::{AlibabaSignature, HttpRequest, SigningContext};
pub use validate::{rule, validate_params, Check, Rule};
pub use wire::Kind;

/// What a generated `send()` returns.
pub type Result<O> =
    std::result::Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>;

/// Collects any iterable of string-likes, as builder setters take them.
#[doc(hidden)]
pub fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}
