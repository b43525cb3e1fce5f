//! HTTP transport over reqwest (rustls), with the signing seam.

use super::{wire, AccessKey, Client, OpMeta, Provider, RawError, RegionUse};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

/// RFC 3986: everything but unreserved characters is percent-encoded.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub(crate) fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, RFC3986).to_string()
}

/// A request as the signers see it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignableRequest {
    pub method: String,
    pub host: String,
    pub path: String,
    /// Query pairs, not yet encoded.
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
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

pub(crate) enum Failure {
    Service(RawError),
    Config(String),
    Signing(String),
    Transport(String),
}

/// The signing seam: the one place that calls `runtime::signing`.
fn sign(
    req: &mut SignableRequest,
    ctx: &SigningContext<'_>,
    key: Option<&AccessKey>,
) -> Result<(), String> {
    let Some(_key) = key else {
        // No credentials: send unsigned (local endpoints, mocks).
        return Ok(());
    };
    let _ = req;
    Err(format!(
        "the {} signer is not integrated yet",
        ctx.provider.as_str()
    ))
}

pub(crate) async fn dispatch(
    client: &Client,
    meta: &OpMeta,
    params: &Value,
) -> Result<Value, Failure> {
    let inner = &client.inner;
    let region = inner.region.as_deref();
    if meta.region == RegionUse::Required && region.is_none() {
        return Err(Failure::Config(format!(
            "{} requires a region: set one with Client::builder().region(..)",
            meta.action
        )));
    }
    let host = match (meta.regional_endpoint, region) {
        (Some(pattern), Some(r)) => pattern.replace("{region}", r),
        _ => meta.endpoint.to_string(),
    };
    let base = match &inner.endpoint_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => format!("https://{host}"),
    };
    let host = base
        .split("://")
        .nth(1)
        .map(|rest| rest.split('/').next().unwrap_or(rest).to_string())
        .unwrap_or(host);
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut req = SignableRequest {
        method: meta.method.to_ascii_uppercase(),
        host,
        path: "/".into(),
        query: Vec::new(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    match wire::encode(meta, params) {
        wire::Wire::Json(body) => {
            req.method = "POST".into();
            req.headers
                .push(("Content-Type".into(), "application/json".into()));
            req.headers.push(("X-TC-Action".into(), meta.action.into()));
            req.headers
                .push(("X-TC-Version".into(), meta.version.into()));
            req.headers
                .push(("X-TC-Timestamp".into(), timestamp.to_string()));
            if let (Some(r), false) = (region, meta.region == RegionUse::Unused) {
                req.headers.push(("X-TC-Region".into(), r.into()));
            }
            req.body = body.to_string().into_bytes();
        }
        wire::Wire::Query(pairs) => {
            req.query = pairs;
            if meta.provider == Provider::Alibaba {
                req.query.push(("Format".into(), "JSON".into()));
            }
        }
    }
    let env_key;
    let key = match &inner.credentials {
        Some(k) => Some(k),
        None if inner.credentials_from_env => {
            env_key = AccessKey::from_env(meta.provider);
            env_key.as_ref()
        }
        None => None,
    };
    let ctx = SigningContext {
        provider: meta.provider,
        service: meta.service,
        version: meta.version,
        action: meta.action,
        region,
        timestamp,
    };
    sign(&mut req, &ctx, key).map_err(Failure::Signing)?;

    let mut url = format!("{base}{}", req.path);
    if !req.query.is_empty() {
        let q: Vec<String> = req
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        url = format!("{url}?{}", q.join("&"));
    }
    let method = reqwest::Method::from_bytes(req.method.as_bytes())
        .map_err(|e| Failure::Config(format!("method {}: {e}", req.method)))?;
    let mut builder = inner.http.request(method, &url);
    for (k, v) in &req.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    if !req.body.is_empty() {
        builder = builder.body(req.body);
    }
    let resp = builder
        .send()
        .await
        .map_err(|e| Failure::Transport(e.to_string()))?;
    let status = resp.status().as_u16();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| Failure::Transport(e.to_string()))?;
    wire::decode(meta.provider, status, &bytes).map_err(Failure::Service)
}
