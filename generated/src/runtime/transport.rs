//! HTTP transport over reqwest (rustls), with the signing seam.

use super::credentials::{Cloud, Credentials};
use super::signing::{self, acs3, tc3, volc, UtcTime};
use super::{wire, Client, OpMeta, Provider, RawError, RegionUse};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A request as the transport builds it, before signing.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
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

fn cloud(p: Provider) -> Cloud {
    match p {
        Provider::Tencent => Cloud::Tencent,
        Provider::Volcengine => Cloud::Volcengine,
        Provider::Alibaba => Cloud::Alibaba,
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
        Provider::Tencent => tc3::sign(
            &view,
            key,
            &tc3::Tc3Params {
                service: ctx.service,
                timestamp,
                unsigned_payload: false,
            },
        )
        .map(|s| s.headers_to_add),
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
    for (name, value) in added {
        req.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        req.headers.push((name, value));
    }
    Ok(())
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
    let mut req = HttpRequest {
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
                req.headers
                    .push(("x-acs-action".into(), meta.action.into()));
                req.headers
                    .push(("x-acs-version".into(), meta.version.into()));
            }
        }
    }
    let env_key;
    let key = match &inner.credentials {
        Some(k) => Some(k),
        None if inner.credentials_from_env => {
            env_key = Credentials::from_env(cloud(meta.provider)).ok();
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
        url = format!("{url}?{}", signing::form_urlencode(&req.query));
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
