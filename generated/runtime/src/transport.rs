//! HTTP transport over reqwest (rustls), with the signing seam.

use super::credentials::{self, Credentials};
use super::retry::{self, RetryKind};
use super::signing::{self, acs3, acs_rpc, tc3, volc, UtcTime};
use super::{wire, OpMeta, Provider, RawError, RegionUse, ValidationErrors};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Text of a request that is usually the action's static metadata (method, path, header
/// names, action and version) and only sometimes computed: borrowed, not copied, per call.
pub type Text = Cow<'static, str>;

/// A request as the transport builds it: unsigned from the encoding step of
/// [`Client::prepare`](crate::Client::prepare), then signed. `Debug` hides security tokens.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    pub method: Text,
    /// Scheme and authority the request goes to: `https://<documented endpoint>`, or the
    /// endpoint URL override.
    pub base_url: String,
    pub host: String,
    pub path: Text,
    /// Query pairs, not yet encoded.
    pub query: Vec<(String, String)>,
    pub headers: Vec<(Text, Text)>,
    pub body: Vec<u8>,
}

/// Headers whose values are credentials (STS tokens) and never shown.
const SECRET_HEADERS: &[&str] = &[
    "x-tc-token",
    "x-security-token",
    "x-acs-security-token",
    "securitytoken",
];

impl HttpRequest {
    /// The full URL, query encoded.
    pub fn url(&self) -> String {
        if self.query.is_empty() {
            format!("{}{}", self.base_url, self.path)
        } else {
            format!(
                "{}{}?{}",
                self.base_url,
                self.path,
                signing::form_urlencode(&self.query)
            )
        }
    }

    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |(n, v): (&str, &str)| {
            let secret = SECRET_HEADERS.iter().any(|s| n.eq_ignore_ascii_case(s));
            (
                n.to_owned(),
                if secret { "<redacted>" } else { v }.to_owned(),
            )
        };
        let headers: Vec<(String, String)> =
            self.headers.iter().map(|(n, v)| redact((n, v))).collect();
        let query: Vec<(String, String)> = self.query.iter().map(|(n, v)| redact((n, v))).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("base_url", &self.base_url)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &query)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// How Alibaba calls are signed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlibabaSignature {
    /// `ACS3-HMAC-SHA256` in the `Authorization` header (the current SDKs' default).
    #[default]
    Acs3,
    /// RPC signature v1: `Signature` query parameter, HMAC-SHA1, with `Timestamp`,
    /// `SignatureNonce`, `AccessKeyId` and (STS) `SecurityToken` parameters.
    RpcV1,
}

/// The signing choices a client makes (see the `ClientBuilder` options).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SigningOptions {
    pub alibaba: AlibabaSignature,
    pub tc3_unsigned_payload: bool,
}

/// What a signer needs to know about the call.
#[derive(Debug, Clone, Copy)]
pub struct SigningContext<'a> {
    pub provider: Provider,
    pub service: &'a str,
    pub version: &'a str,
    pub action: &'a str,
    pub region: Option<&'a str>,
    /// Seconds since the Unix epoch.
    pub timestamp: u64,
}

/// Why one call failed, before the error is typed by the action.
#[derive(Debug)]
pub(crate) enum Failure {
    Validation(ValidationErrors),
    Service(RawError),
    Config(String),
    Signing(String),
    /// No answer. `maybe_sent` is false when the connection was never made, so the service
    /// cannot have acted on the request.
    Transport {
        message: String,
        maybe_sent: bool,
        /// `connect`, `timeout` or `connection` (reset, closed, protocol error).
        cause: &'static str,
    },
    Response {
        status: u16,
        message: String,
    },
}

impl Failure {
    /// Whether sending the same request again is safe: a request that may have reached the
    /// service is repeated only when the action carries an idempotency token.
    pub(crate) fn safe_to_repeat(&self, idempotent: bool) -> bool {
        match self {
            Failure::Transport { maybe_sent, .. } => idempotent || !maybe_sent,
            _ => true,
        }
    }

    /// Whether another attempt may succeed, and why.
    pub(crate) fn retry_kind(&self) -> Option<RetryKind> {
        match self {
            Failure::Service(raw) => retry::classify_service(&raw.code, raw.meta.http_status),
            Failure::Transport { .. } => Some(RetryKind::TransientError),
            Failure::Response { status, .. } => retry::classify_service("", *status),
            Failure::Validation(_) | Failure::Config(_) | Failure::Signing(_) => None,
        }
    }

    /// A short name of what went wrong, safe to log: no message, no parameter value.
    pub(crate) fn outcome(&self) -> &'static str {
        match self {
            Failure::Validation(_) => "validation",
            Failure::Service(_) => "service_error",
            Failure::Config(_) => "config",
            Failure::Signing(_) => "signing",
            Failure::Transport { cause, .. } => cause,
            Failure::Response { .. } => "bad_response",
        }
    }
}

/// A signature nonce unique within this process and very likely across processes.
fn nonce(timestamp: u64) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{timestamp:x}{nanos:08x}{:x}{n:x}", std::process::id())
}

/// The signing seam: the one place that calls `runtime::signing` (TC3 for Tencent,
/// HMAC-SHA256 for Volcengine, ACS3-HMAC-SHA256 for Alibaba). No credentials: unsigned.
fn sign(
    req: &mut HttpRequest,
    ctx: &SigningContext<'_>,
    key: Option<&Credentials>,
    options: SigningOptions,
) -> Result<(), String> {
    let Some(key) = key else {
        return Ok(());
    };
    let timestamp = UtcTime::from_unix_seconds(ctx.timestamp);
    let view = signing::SignableRequest {
        method: &req.method,
        host: &req.host,
        path: &req.path,
        query: &req.query,
        headers: &req.headers,
        body: &req.body,
    };
    let added = match ctx.provider {
        Provider::Tencent => {
            // The per-call form of TC3: no intermediates kept (`tc3::sign` keeps them).
            let signed = tc3::authorize(
                &view,
                key,
                &tc3::Tc3Params {
                    service: ctx.service,
                    timestamp,
                    unsigned_payload: options.tc3_unsigned_payload,
                },
            )
            .map_err(|e| e.to_string())?;
            let added = signed.into_headers();
            set_headers(
                req,
                added.map(|(n, v)| (Cow::Borrowed(n), v.into_owned().into())),
            );
            return Ok(());
        }
        Provider::Volcengine => {
            let region = ctx
                .region
                .ok_or_else(|| "Volcengine signs the region: set one on the client".to_string())?;
            volc::sign(
                &view,
                key,
                &volc::VolcParams {
                    region,
                    service: ctx.service,
                    timestamp,
                },
            )
            .map(|s| s.headers_to_add)
        }
        Provider::Alibaba if options.alibaba == AlibabaSignature::RpcV1 => {
            let n = nonce(ctx.timestamp);
            let signed = acs_rpc::sign(
                &view,
                key,
                &acs_rpc::AcsRpcParams {
                    timestamp,
                    signature_nonce: &n,
                },
            )
            .map_err(|e| e.to_string())?;
            req.query
                .retain(|(name, _)| !signed.query_to_add.iter().any(|(owned, _)| owned == name));
            req.query.extend(signed.query_to_add);
            return Ok(());
        }
        Provider::Alibaba => {
            let n = nonce(ctx.timestamp);
            acs3::sign(
                &view,
                key,
                &acs3::Acs3Params {
                    timestamp,
                    signature_nonce: &n,
                },
            )
            .map(|s| s.headers_to_add)
        }
    }
    .map_err(|e| e.to_string())?;
    set_headers(req, added.into_iter().map(|(n, v)| (n.into(), v.into())));
    Ok(())
}

/// Adds what a signer returns, replacing any header of the same name (any case).
fn set_headers(req: &mut HttpRequest, added: impl Iterator<Item = (Text, Text)>) {
    for (name, value) in added {
        req.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        req.headers.push((name, value));
    }
}

/// Largest response body read (bigger ones fail with a `Response` error).
pub(crate) const MAX_RESPONSE_BYTES: usize = 16 << 20;
/// How many leading bytes of an unreadable body an error message shows.
const SNIPPET_BYTES: usize = 256;

/// What [`prepare`] needs besides the operation: resolved from the client per call.
pub(crate) struct Target<'a> {
    pub endpoint_url: Option<&'a str>,
    pub region: Option<&'a str>,
    pub credentials: Option<&'a Credentials>,
    /// Seconds since the Unix epoch.
    pub timestamp: u64,
    pub signing: SigningOptions,
}

/// Encodes plain parameters in the provider's wire form and signs the request (no I/O).
pub(crate) fn prepare(
    meta: &OpMeta,
    params: &Value,
    t: &Target<'_>,
) -> Result<HttpRequest, Failure> {
    let region = t.region;
    if meta.region == RegionUse::Required && region.is_none() {
        let env = credentials::env_names(meta.provider).region;
        return Err(Failure::Config(format!(
            "{} requires a region: set one with Client::builder().region(..) or {env}",
            meta.action
        )));
    }
    let base = match (t.endpoint_url, meta.regional_endpoint, region) {
        (Some(url), _, _) => url.trim_end_matches('/').to_owned(),
        (None, Some(pattern), Some(r)) => format!("https://{}", pattern.replace("{region}", r)),
        (None, _, _) => format!("https://{}", meta.endpoint),
    };
    // The authority of the URL the request goes to.
    let host = match base.split_once("://") {
        Some((_, rest)) => rest.split('/').next().unwrap_or(rest),
        None => base.as_str(),
    }
    .to_owned();
    let method = if meta.method.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(meta.method.to_ascii_uppercase())
    } else {
        Cow::Borrowed(meta.method)
    };
    let mut req = HttpRequest {
        method,
        base_url: base,
        host,
        path: Cow::Borrowed("/"),
        query: Vec::new(),
        // Room for every header a call adds (content type, action, version, timestamp,
        // region, authorization, token, payload hash) without growing.
        headers: Vec::with_capacity(8),
        body: Vec::new(),
    };
    let headers = meta.provider.call_headers();
    match wire::encode_ref(meta, params) {
        wire::WireRef::Json(body) => {
            req.method = Cow::Borrowed("POST");
            req.headers.push((
                Cow::Borrowed("Content-Type"),
                Cow::Borrowed("application/json"),
            ));
            req.body = Vec::with_capacity(256);
            serde_json::to_writer(&mut req.body, body)
                .map_err(|e| Failure::Config(e.to_string()))?;
        }
        wire::WireRef::Query(pairs) => req.query = pairs,
    }
    let fixed = meta.provider.fixed_query().iter();
    req.query
        .extend(fixed.map(|(k, v)| (k.to_string(), v.to_string())));
    if let Some(h) = headers {
        req.headers.push((h.action.into(), meta.action.into()));
        req.headers.push((h.version.into(), meta.version.into()));
        if let (Some(name), Some(r), false) = (h.region, region, meta.region == RegionUse::Unused) {
            req.headers.push((name.into(), r.to_owned().into()));
        }
    }
    let ctx = SigningContext {
        provider: meta.provider,
        service: meta.service,
        version: meta.version,
        action: meta.action,
        region,
        timestamp: t.timestamp,
    };
    sign(&mut req, &ctx, t.credentials, t.signing).map_err(Failure::Signing)?;
    // The cloud's time header, unless the signer already wrote the time it signed.
    if let Some(name) = headers.and_then(|h| h.timestamp) {
        if req.header(name).is_none() {
            req.headers
                .push((name.into(), t.timestamp.to_string().into()));
        }
    }
    Ok(req)
}

/// One attempt's answer: the result, and how long the response asked the client to wait
/// before trying again (uncapped; `None` when it named no wait or there was no response).
pub(crate) struct Sent {
    pub result: Result<Value, Failure>,
    pub retry_after: Option<Duration>,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
}

/// Sends a prepared request and unwraps the provider's envelope.
pub(crate) async fn send(
    http: &reqwest::Client,
    timeout: Duration,
    provider: Provider,
    req: HttpRequest,
    extra_headers: &[(String, String)],
) -> Sent {
    let url = req.url();
    let method = match reqwest::Method::from_bytes(req.method.as_bytes()) {
        Ok(m) => m,
        Err(e) => {
            return Sent {
                result: Err(Failure::Config(format!("method {}: {e}", req.method))),
                retry_after: None,
                status: None,
            }
        }
    };
    let mut builder = http.request(method, &url).timeout(timeout);
    let extra = extra_headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    for (k, v) in req.headers.iter().map(|(k, v)| (&**k, &**v)).chain(extra) {
        builder = builder.header(k, v);
    }
    if !req.body.is_empty() {
        builder = builder.body(req.body);
    }
    let resp = match builder.send().await {
        Ok(r) => r,
        Err(e) => {
            return Sent {
                result: Err(Failure::Transport {
                    maybe_sent: !e.is_connect(),
                    cause: if e.is_connect() {
                        "connect"
                    } else if e.is_timeout() {
                        "timeout"
                    } else {
                        "connection"
                    },
                    // The URL may carry a signature or a security token (Alibaba RPC v1).
                    message: transport_message(&e.without_url()),
                }),
                retry_after: None,
                status: None,
            };
        }
    };
    let status = resp.status().as_u16();
    let retry_after = docsdk_protocol::retry_after::retry_after(
        provider,
        |name| resp.headers().get(name).and_then(|v| v.to_str().ok()),
        now_unix(),
    );
    Sent {
        result: read_body(provider, status, resp).await,
        retry_after,
        status: Some(status),
    }
}

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Reads the body (at most [`MAX_RESPONSE_BYTES`]) and unwraps the envelope.
async fn read_body(
    provider: Provider,
    status: u16,
    mut resp: reqwest::Response,
) -> Result<Value, Failure> {
    let too_big = |body: &[u8]| Failure::Response {
        status,
        message: format!(
            "response body exceeds {MAX_RESPONSE_BYTES} bytes; first bytes: {}",
            snippet(body)
        ),
    };
    // A declared length over the limit fails before anything is read.
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(too_big(&[]));
    }
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                    return Err(too_big(&body));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                return Err(Failure::Response {
                    status,
                    message: format!(
                        "response body truncated after {} bytes ({}); first bytes: {}",
                        body.len(),
                        transport_message(&e.without_url()),
                        snippet(&body)
                    ),
                })
            }
        }
    }
    wire::decode(provider, status, &body).map_err(|e| match e {
        wire::DecodeError::Service(raw) => Failure::Service(raw),
        wire::DecodeError::NotJson(detail) => Failure::Response {
            status,
            message: format!(
                "response body is not JSON ({detail}); {} bytes, first bytes: {}",
                body.len(),
                snippet(&body)
            ),
        },
    })
}

/// A reqwest error with its sources (`error sending request: … connection refused`).
fn transport_message(e: &reqwest::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

/// The first bytes of a body, quoted and escaped, marked when cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    let cut = body.len().min(SNIPPET_BYTES);
    let text = String::from_utf8_lossy(&body[..cut]);
    let more = if body.len() > cut { "…" } else { "" };
    format!("\"{}\"{more}", text.escape_debug())
}
