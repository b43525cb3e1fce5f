//! Hand-written runtime shared by every generated client: the operation trait, validation,
//! wire encodings, response envelopes, errors, the client configuration and the transport.
//!
//! Generated code refers to this module as `rt`; nothing in it knows any particular action.

pub use docsdk_auth::{credentials, signing};

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
pub use error::error_retryable;
pub use error::{
    retryable_status, CommonError, ErrorKind, ErrorMeta, ErrorView, OperationError, RawError,
    SdkError, ValidationError, ValidationErrors,
};
pub use limit::{RateLimits, RateQuota};
pub use operation::{Kind, OpMeta, Operation, Provider, RateLimit, RegionUse};
pub use registry::{Registered, ServiceError};
pub use retry::{RetryConfig, RetryKind};
pub use serde_json::{Map, Value};
pub use transport::{HttpRequest, SigningContext};
pub use validate::{rule, validate_params, Check, Rule};

/// What a generated `send()` returns.
pub type Result<O> =
    std::result::Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>;

/// Collects any iterable of string-likes, as builder setters take them.
#[doc(hidden)]
pub fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}
