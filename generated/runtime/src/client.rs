//! Client configuration shared by every generated service client, and the generic call path:
//! idempotency token → validation → (rate limit → sign → send → classify → backoff)*.

use super::credentials::{self, Credentials};
use super::limit::{Limiters, RateLimits};
use super::retry::RetryConfig;
use super::transport::{self, AlibabaSignature, Failure, Target};
use super::{
    wire, HttpRequest, OpMeta, Operation, OperationError, Provider, Rule, SdkError,
    ValidationErrors,
};
use serde_json::Value;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tracing::Instrument;

/// Environment variable that overrides every endpoint (e.g. a local test server).
pub const ENDPOINT_ENV: &str = "DOCSDK_ENDPOINT_URL";

pub(crate) struct Inner {
    pub(crate) endpoint_url: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) region_from_env: bool,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) credentials_from_env: bool,
    pub(crate) credentials_from_files: bool,
    pub(crate) signing: transport::SigningOptions,
    pub(crate) validation: bool,
    pub(crate) retry: RetryConfig,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Duration,
    limiters: Limiters,
    /// Each cloud's environment credentials and region, read on first use.
    env_credentials: [OnceLock<Option<Credentials>>; 3],
    env_region: [OnceLock<Option<String>>; 3],
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials' own Debug redacts the secret and the security token.
        f.debug_struct("Client")
            .field("endpoint_url", &self.endpoint_url)
            .field("region", &self.region)
            .field("region_from_env", &self.region_from_env)
            .field("credentials", &self.credentials)
            .field("credentials_from_env", &self.credentials_from_env)
            .field("credentials_from_files", &self.credentials_from_files)
            .field("signing", &self.signing)
            .field("validation", &self.validation)
            .field("retry", &self.retry)
            .field("rate_limits", &self.limiters)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// Configuration every generated service client wraps; cheap to clone (clones share the
/// connection pool and the rate limiters).
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    endpoint_url: Option<String>,
    region: Option<String>,
    region_from_env: bool,
    credentials: Option<Credentials>,
    credentials_from_env: bool,
    credentials_from_files: bool,
    signing: transport::SigningOptions,
    validation: bool,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryConfig,
    rate_limits: RateLimits,
    headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            endpoint_url: None,
            region: None,
            region_from_env: true,
            credentials: None,
            credentials_from_env: true,
            credentials_from_files: true,
            signing: transport::SigningOptions::default(),
            validation: true,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryConfig::standard(),
            rate_limits: RateLimits::documented(),
            headers: Vec::new(),
            http: None,
        }
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("endpoint URL {0:?} is not http(s)://host[:port]")]
    EndpointUrl(String),
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

impl ClientBuilder {
    /// Sends every request to this base URL (`http://127.0.0.1:8080`) instead of the documented
    /// endpoint (`https://<endpoint>`). Without it, `DOCSDK_ENDPOINT_URL` is used when set.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// The region. Without it, the provider's variable (`TENCENTCLOUD_REGION`,
    /// `VOLCENGINE_REGION`, `ALIBABA_CLOUD_REGION_ID`) is read unless turned off.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Whether to read the provider's region variable when no region was given (default on).
    pub fn region_from_env(mut self, on: bool) -> Self {
        self.region_from_env = on;
        self
    }

    /// Explicit credentials (otherwise the provider's environment variables are read).
    pub fn credentials(mut self, key: Credentials) -> Self {
        self.credentials = Some(key);
        self
    }

    /// Whether to look for credentials when none were given (default on): the provider's
    /// variables, then its shared credentials file (see
    /// [`credentials::profile_paths`](crate::credentials::profile_paths)) — the official SDKs'
    /// chain. Off: no variables and no files. Without credentials requests go unsigned.
    pub fn credentials_from_env(mut self, on: bool) -> Self {
        self.credentials_from_env = on;
        self
    }

    /// Whether the chain reads the shared credentials files after the variables (default on).
    pub fn credentials_from_files(mut self, on: bool) -> Self {
        self.credentials_from_files = on;
        self
    }

    /// How Alibaba calls are signed: [`AlibabaSignature::Acs3`] (default, the current SDKs'
    /// `ACS3-HMAC-SHA256` header) or [`AlibabaSignature::RpcV1`] (the `Signature` query
    /// parameter, HMAC-SHA1, of the older SDKs and `signature_algorithm='v2'`).
    pub fn alibaba_signature(mut self, scheme: AlibabaSignature) -> Self {
        self.signing.alibaba = scheme;
        self
    }

    /// Tencent: sign the literal `UNSIGNED-PAYLOAD` instead of the body's hash and send
    /// `X-TC-Content-SHA256: UNSIGNED-PAYLOAD` (the SDKs' `unsignedPayload`; default off).
    pub fn tencent_unsigned_payload(mut self, on: bool) -> Self {
        self.signing.tc3_unsigned_payload = on;
        self
    }

    /// Turns the page-derived validation before sending on (default) or off.
    pub fn validation(mut self, on: bool) -> Self {
        self.validation = on;
        self
    }

    /// Overall time limit of one attempt (default 30 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Retry policy (default [`RetryConfig::standard`]: 3 attempts, jittered exponential
    /// backoff from 100 ms).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Shorthand for changing only the number of attempts (1 = no retries).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.retry = self.retry.with_max_attempts(n);
        self
    }

    /// Client-side rate limits (default [`RateLimits::documented`]).
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = limits;
        self
    }

    /// A header sent, unsigned, with every request (e.g. a test server's switches).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends with this reqwest client (0.12) instead of one built here: its connection pool,
    /// proxies, TLS roots, DNS resolver and connect timeout apply; [`ClientBuilder::timeout`]
    /// still bounds each attempt.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Result<Client, BuildError> {
        let endpoint_url = self
            .endpoint_url
            .or_else(|| std::env::var(ENDPOINT_ENV).ok().filter(|s| !s.is_empty()));
        if let Some(url) = &endpoint_url {
            let ok = url.split_once("://").is_some_and(|(scheme, rest)| {
                matches!(scheme, "http" | "https")
                    && !rest.is_empty()
                    && !rest.starts_with('/')
                    && !rest.contains(['?', '#'])
            });
            if !ok {
                return Err(BuildError::EndpointUrl(url.clone()));
            }
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .build()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint_url,
                region: self.region,
                region_from_env: self.region_from_env,
                credentials: self.credentials,
                credentials_from_env: self.credentials_from_env,
                credentials_from_files: self.credentials_from_files,
                signing: self.signing,
                validation: self.validation,
                retry: self.retry,
                headers: self.headers,
                http,
                timeout: self.timeout,
                limiters: Limiters::new(self.rate_limits),
                env_credentials: Default::default(),
                env_region: Default::default(),
            }),
        })
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The region set on the builder (the environment's is resolved per provider).
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    pub fn validation(&self) -> bool {
        self.inner.validation
    }

    /// The region a call to `provider` uses: the builder's, else the provider's variable.
    pub fn region_for(&self, provider: Provider) -> Option<&str> {
        if let Some(r) = self.inner.region.as_deref() {
            return Some(r);
        }
        if !self.inner.region_from_env {
            return None;
        }
        self.inner.env_region[provider.index()]
            .get_or_init(|| credentials::region_from_env(provider))
            .as_deref()
    }

    /// The credentials a call to `provider` is signed with, if any: the builder's, else the
    /// provider's variables, else its shared credentials file (each read once).
    pub fn credentials_for(&self, provider: Provider) -> Option<&Credentials> {
        if let Some(c) = &self.inner.credentials {
            return Some(c);
        }
        if !self.inner.credentials_from_env {
            return None;
        }
        self.inner.env_credentials[provider.index()]
            .get_or_init(|| {
                if self.inner.credentials_from_files {
                    Credentials::from_chain(provider).ok()
                } else {
                    Credentials::from_env(provider).ok()
                }
            })
            .as_ref()
    }

    /// Validates (unless switched off), encodes, signs and sends one request, retrying
    /// throttling, internal errors and connection failures.
    pub async fn execute<O: Operation>(&self, input: O) -> super::Result<O> {
        let params = wire::params(&input);
        let result = self
            .call(O::META, O::RULES, params)
            .await
            .map_err(|f| failure(f, O::Error::from_raw))?;
        serde_json::from_value(result).map_err(|e| SdkError::Response {
            status: 200,
            message: format!("the result does not match the documented response: {e}"),
        })
    }

    /// The signed HTTP request `input` becomes (idempotency token filled in, validated unless
    /// switched off), without sending it.
    pub fn prepare<O: Operation>(&self, input: &O) -> Result<HttpRequest, SdkError<O::Error>> {
        let params = wire::params(input);
        let params = self
            .checked(O::META, O::RULES, params)
            .map_err(|f| failure(f, O::Error::from_raw))?;
        self.sign_attempt(O::META, &params)
            .map_err(|f| failure(f, O::Error::from_raw))
    }

    /// Fills the idempotency token and validates.
    fn checked(&self, meta: &OpMeta, rules: &[Rule], mut params: Value) -> Result<Value, Failure> {
        if let (Some(name), Value::Object(map)) = (meta.idempotency_token, &mut params) {
            map.entry(name)
                .or_insert_with(|| Value::String(new_token()));
        }
        if self.inner.validation {
            super::validate_params(&params, rules).map_err(Failure::Validation)?;
        }
        Ok(params)
    }

    fn sign_attempt(&self, meta: &OpMeta, params: &Value) -> Result<HttpRequest, Failure> {
        transport::prepare(
            meta,
            params,
            &Target {
                endpoint_url: self.inner.endpoint_url.as_deref(),
                region: self.region_for(meta.provider),
                credentials: self.credentials_for(meta.provider),
                timestamp: now(),
                signing: self.inner.signing,
            },
        )
    }

    /// The untyped call path every action shares (compiled once, not per action), in one
    /// `docsdk.call` span.
    pub(crate) async fn call(
        &self,
        meta: &'static OpMeta,
        rules: &'static [Rule],
        params: Value,
    ) -> Result<Value, Failure> {
        let span = tracing::info_span!(
            "docsdk.call",
            provider = meta.provider.as_str(),
            service = meta.service,
            version = meta.version,
            action = meta.action,
            attempts = tracing::field::Empty,
            request_id = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        let result = self
            .attempts(meta, rules, params)
            .instrument(span.clone())
            .await;
        let outcome = match &result {
            Ok(_) => "success",
            Err(f) => f.outcome(),
        };
        span.record("outcome", outcome);
        result
    }

    /// Validate, then (rate limit → sign → send → classify → wait)* until an attempt ends
    /// the call. Events name the attempt, its outcome, the retry reason and the delay; never
    /// a parameter value, message, signature or credential.
    async fn attempts(
        &self,
        meta: &'static OpMeta,
        rules: &'static [Rule],
        params: Value,
    ) -> Result<Value, Failure> {
        let span = tracing::Span::current();
        let params = self.checked(meta, rules, params).inspect_err(|f| {
            tracing::debug!(outcome = f.outcome(), "not sent");
        })?;
        let inner = &self.inner;
        let attempts = inner.retry.max_attempts().max(1);
        let mut attempt = 1;
        loop {
            inner.limiters.acquire(meta).await;
            // Signed afresh per attempt: new timestamp and nonce, same parameters (and token).
            let req = self.sign_attempt(meta, &params)?;
            let sent = transport::send(
                &inner.http,
                inner.timeout,
                meta.provider,
                req,
                &inner.headers,
            )
            .await;
            span.record("attempts", attempt);
            let status = sent.status.unwrap_or(0);
            let (request_id, code) = match &sent.result {
                Ok(v) => (v.get("RequestId").and_then(Value::as_str), None),
                Err(Failure::Service(raw)) => {
                    (raw.meta.request_id.as_deref(), Some(raw.code.clone()))
                }
                Err(_) => (None, None),
            };
            if let Some(id) = request_id {
                span.record("request_id", id);
            }
            let code = code.unwrap_or_default();
            let code = code.as_str();
            match sent.result {
                Err(f)
                    if attempt < attempts
                        && f.retry_kind().is_some()
                        && f.safe_to_repeat(meta.idempotency_token.is_some()) =>
                {
                    let delay = inner.retry.delay(attempt, sent.retry_after);
                    tracing::debug!(
                        attempt,
                        status,
                        outcome = f.outcome(),
                        code,
                        retry = retry_reason(&f),
                        delay_ms = delay.as_millis() as u64,
                        retry_after_ms = sent.retry_after.map(|d| d.as_millis() as u64),
                        "attempt failed; retrying"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                other => {
                    let outcome = match &other {
                        Ok(_) => "success",
                        Err(f) => f.outcome(),
                    };
                    tracing::debug!(attempt, status, outcome, code, "attempt ended the call");
                    return other;
                }
            }
        }
    }

    /// Calls a registered operation with plain JSON parameters (as the `call` example does):
    /// the parameters are read into the typed request (unknown names and wrong types are
    /// validation errors), then validated, sent and retried like [`Client::execute`]; the
    /// result is read into the typed response and returned as JSON.
    pub async fn invoke(
        &self,
        op: &super::Registered,
        params: Value,
    ) -> Result<Value, SdkError<super::ServiceError>> {
        let params = (op.parse)(params).map_err(|e| {
            SdkError::Validation(ValidationErrors(vec![super::ValidationError {
                param: String::new(),
                rule: "type",
                detail: e.to_string(),
                evidence: "",
            }]))
        })?;
        let result = self
            .call(op.meta, op.rules, params)
            .await
            .map_err(|f| failure(f, op.error))?;
        (op.response)(result).map_err(|e| SdkError::Response {
            status: 200,
            message: format!("the result does not match the documented response: {e}"),
        })
    }
}

/// Why a failed attempt is retried, for the attempt event.
fn retry_reason(f: &Failure) -> &'static str {
    match f.retry_kind() {
        Some(super::RetryKind::Throttling) => "throttling",
        Some(super::RetryKind::ServerError) => "server_error",
        Some(super::RetryKind::TransientError) => "transient",
        None => "none",
    }
}

fn failure<E>(f: Failure, typed: impl FnOnce(super::RawError) -> E) -> SdkError<E> {
    match f {
        Failure::Validation(v) => SdkError::Validation(v),
        Failure::Service(raw) => SdkError::Service(typed(raw)),
        Failure::Config(m) => SdkError::Config(m),
        Failure::Signing(m) => SdkError::Signing(m),
        Failure::Transport { message, .. } => SdkError::Transport(message),
        Failure::Response { status, message } => SdkError::Response { status, message },
    }
}

impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}

/// The state behind every generated request builder: the request so far and the client that
/// will send it (none for a builder made from `Request::builder()`).
///
/// Builders are generic over the client type `C` (default [`Client`]) only so that their
/// methods are compiled where they are used, not once per action in this crate.
#[derive(Debug, Clone)]
pub struct Call<R, C = Client> {
    pub client: Option<C>,
    pub input: R,
}

impl<R: Default, C> Call<R, C> {
    pub fn new(client: C) -> Self {
        Call {
            client: Some(client),
            input: R::default(),
        }
    }

    pub fn detached() -> Self {
        Call {
            client: None,
            input: R::default(),
        }
    }
}

impl<R: Operation, C: AsRef<Client>> Call<R, C> {
    /// The request, checked against the page's rules (every violation at once).
    pub fn build(self) -> Result<R, ValidationErrors> {
        self.input.validate()?;
        Ok(self.input)
    }

    pub async fn send(self) -> super::Result<R> {
        match self.client {
            Some(c) => c.as_ref().execute(self.input).await,
            None => Err(SdkError::Config(
                "this builder has no client: create it with a service client's method".into(),
            )),
        }
    }
}

/// A version-4 UUID from the thread's fast generator: an idempotency token needs to be unique,
/// not secret, and this keeps a second version of `getrandom` out of users' builds.
fn new_token() -> String {
    let bytes = fastrand::u128(..).to_le_bytes();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}
