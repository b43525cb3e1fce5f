//! `docsdk mock`: a local HTTP endpoint that answers every action in a set of specs the way
//! the real cloud does on the wire, so clients (generated or hand-built) can be tested
//! without an account.
//!
//! What it does per request, in order:
//!
//! 1. recognises the provider from the request's wire form (Tencent `X-TC-*` headers and
//!    TC3 signature; Volcengine `HMAC-SHA256` with `X-Date`; Alibaba `ACS3-HMAC-SHA256` or
//!    RPC v1 `Signature` query parameter),
//! 2. verifies the signature by recomputing it with `docsdk-auth` from the request as
//!    received, and the timestamp against the clock,
//! 3. finds the action's spec (unknown → the provider's invalid-action error),
//! 4. decodes the parameters (JSON body, or `Name.N` query/form pairs, JSON-array strings),
//! 5. answers a parameter value `err:<Code>` with that error, and the first N calls of a
//!    fail-first key with a throttling error,
//! 6. validates the parameters against the spec: the wire types here, the page's rules
//!    (required, items, length, ASCII, enum, range, pattern, JSON-array encoding) with the
//!    protocol core's engine over the same rules a generated client checks,
//! 7. answers with the documented example response (or one synthesized from the documented
//!    response fields) in the provider's envelope with a fresh request id.
//!
//! Every request is logged; [`MockHandle::requests`] returns the log so tests can assert
//! spacing, retries and idempotency tokens.
//!
//! # Quick start
//!
//! The mock serves specs, not pages: load them the way a build does (pages scraped, hand edits
//! and overrides applied), start the server, and point a client at its URL.
//!
//! ```no_run
//! use docsdk_mock::{MockConfig, MockServer};
//!
//! let specs = docsdk_codegen::load::load_specs("specs".as_ref(), "specs/docs".as_ref())?.specs;
//! let mock = MockServer::start(MockConfig::new(specs).with_fail_first(1))?;
//! println!("DOCSDK_ENDPOINT_URL={}", mock.url());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod auth;
mod errors;
mod faults;
mod handler;
mod params;
mod respond;
mod route;
mod server;
mod validate;

pub use faults::{roll, Fault, Faults};
pub use server::{MockHandle, MockServer};

use docsdk_auth::credentials::Credentials;
use docsdk_spec::{Provider, Spec};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

/// Access key id the mock accepts by default (with [`TEST_SECRET`]).
pub const TEST_ACCESS_KEY_ID: &str = "AKIDdocsdkMockTestKey";
/// Secret of [`TEST_ACCESS_KEY_ID`].
pub const TEST_SECRET: &str = "docsdk-mock-test-secret";

/// Request header: the first N calls with the same fail-first key (provider, service, action
/// and `ClientToken` when the request carries one) answer a throttling error.
pub const FAIL_FIRST_HEADER: &str = "x-docsdk-mock-fail-first";
/// Request header: the error code fail-first answers with (default: the provider's
/// throttling code).
pub const FAIL_CODE_HEADER: &str = "x-docsdk-mock-fail-code";
/// Request header: throttling answers to this request carry a wait hint of this many
/// milliseconds, as the cloud sends one (Alibaba `x-acs-retry-after: <ms>`; Tencent and
/// Volcengine the standard `Retry-After: <seconds>`, rounded up). Overrides
/// [`MockConfig::retry_after`].
pub const RETRY_AFTER_HEADER: &str = "x-docsdk-mock-retry-after-ms";
/// Prefix of a parameter value that makes the mock answer with an error: `err:<Code>`.
pub const ERROR_TRIGGER: &str = "err:";

/// What the mock serves and how strict it is.
#[derive(Debug, Clone)]
pub struct MockConfig {
    pub specs: Vec<Spec>,
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Access keys whose signatures verify. Default: [`MockConfig::test_credentials`].
    pub credentials: Vec<Credentials>,
    /// Reject unsigned or wrongly signed requests (default). Off: accept anything.
    pub verify_signatures: bool,
    /// Reject signatures whose timestamp is further than this from the mock's clock.
    /// Default 15 minutes; `None` accepts any time.
    pub max_clock_skew: Option<Duration>,
    /// Every fail-first key answers its first N calls with a throttling error (the
    /// [`FAIL_FIRST_HEADER`] request header overrides it per request). Default 0.
    pub fail_first: u32,
    /// Throttling answers carry this wait hint (see [`RETRY_AFTER_HEADER`]). Default none.
    pub retry_after: Option<Duration>,
    /// Injected faults (default none).
    pub faults: Option<Faults>,
    /// Print one line per request to stderr.
    pub log_to_stderr: bool,
    /// Largest request body accepted (default 10 MiB).
    pub max_body_bytes: usize,
    /// The request log keeps the latest this many requests (default 10 000).
    pub max_logged_requests: usize,
}

impl MockConfig {
    pub fn new(specs: Vec<Spec>) -> Self {
        MockConfig {
            specs,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            credentials: vec![Self::test_credentials()],
            verify_signatures: true,
            max_clock_skew: Some(Duration::from_secs(15 * 60)),
            fail_first: 0,
            retry_after: None,
            faults: None,
            log_to_stderr: false,
            max_body_bytes: 10 << 20,
            max_logged_requests: 10_000,
        }
    }

    /// The key pair accepted by default: [`TEST_ACCESS_KEY_ID`] / [`TEST_SECRET`].
    pub fn test_credentials() -> Credentials {
        Credentials::new(TEST_ACCESS_KEY_ID, TEST_SECRET)
    }

    pub fn with_addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Accept `credentials` too.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials.push(credentials);
        self
    }

    /// Accept the keys found in each cloud's SDK environment variables
    /// (`TENCENTCLOUD_SECRET_ID`, `VOLCENGINE_ACCESS_KEY`, `ALIBABA_CLOUD_ACCESS_KEY_ID`, …).
    pub fn with_env_credentials(mut self) -> Self {
        for provider in Provider::ALL {
            if let Ok(c) = Credentials::from_env(provider) {
                self.credentials.push(c);
            }
        }
        self
    }

    pub fn verify_signatures(mut self, on: bool) -> Self {
        self.verify_signatures = on;
        self
    }

    pub fn with_max_clock_skew(mut self, skew: Option<Duration>) -> Self {
        self.max_clock_skew = skew;
        self
    }

    pub fn with_fail_first(mut self, n: u32) -> Self {
        self.fail_first = n;
        self
    }

    /// Throttling answers ask the client to wait `wait` (see [`RETRY_AFTER_HEADER`]).
    pub fn with_retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// Inject `faults` (see [`Faults`]).
    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = Some(faults);
        self
    }

    /// Keep the latest `n` requests in the log.
    pub fn with_max_logged_requests(mut self, n: usize) -> Self {
        self.max_logged_requests = n;
        self
    }

    pub fn log_to_stderr(mut self, on: bool) -> Self {
        self.log_to_stderr = on;
        self
    }
}

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the mock's runtime: {0}")]
    Runtime(std::io::Error),
    #[error("{first} and {second} both define {provider} {service} {action} {version}")]
    DuplicateAction {
        provider: Provider,
        service: String,
        action: String,
        version: String,
        first: String,
        second: String,
    },
    #[error("no specs to serve")]
    NoSpecs,
}

/// One request as the mock received and answered it.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    /// 0-based arrival order.
    pub seq: u64,
    pub received_at: SystemTime,
    /// Time since the mock started, from a monotonic clock (use it for spacing).
    pub since_start: Duration,
    pub method: String,
    /// Path and query as sent.
    pub target: String,
    /// Header names in lower case, in arrival order.
    pub headers: Vec<(String, String)>,
    pub provider: Option<Provider>,
    pub service: Option<String>,
    pub action: Option<String>,
    pub version: Option<String>,
    pub region: Option<String>,
    /// The parameters as plain JSON (query values typed by the spec where it could,
    /// JSON-array strings parsed).
    pub params: serde_json::Value,
    /// Every rule the parameters broke, in the order found: the wire checks (`type`,
    /// `unknown_parameter`), then the page's rules as a generated client names them
    /// (`required`, `max_items`, `enum`, …). Logged even when an `err:<Code>` value or
    /// fail-first answered the call first; empty when the parameters passed validation.
    pub violations: Vec<LoggedViolation>,
    pub status: u16,
    /// The error code answered, `None` for success.
    pub error_code: Option<String>,
    pub request_id: String,
    /// The fault injected into this request's answer, if any (see [`Faults`]).
    pub fault: Option<Fault>,
}

/// One rule a logged request broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedViolation {
    /// Dotted wire path, items numbered from 1 (`Filters.2.Name`).
    pub param: String,
    pub rule: String,
}

impl LoggedRequest {
    /// A top-level parameter.
    pub fn param(&self, name: &str) -> Option<&serde_json::Value> {
        self.params.get(name)
    }

    /// The `ClientToken` parameter, if the request carried one.
    pub fn client_token(&self) -> Option<&str> {
        self.param("ClientToken").and_then(|v| v.as_str())
    }

    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        self.error_code.is_none()
    }

    /// Whether the mock carried the request out (a success, even when an injected fault then
    /// lost or spoiled the answer).
    pub fn executed(&self) -> bool {
        self.is_success()
    }
}
