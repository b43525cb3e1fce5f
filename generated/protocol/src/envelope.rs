//! Response bodies in each cloud's envelope, both ways.
//!
//! | provider | success | error |
//! |---|---|---|
//! | Tencent | `{"Response": {…result, "RequestId"}}`, HTTP 200 | `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`, HTTP 200 |
//! | Volcengine | `{"ResponseMetadata": {"RequestId", "Action", …}, "Result": {…}}` | `ResponseMetadata.Error` = `{"Code", "Message"}`, HTTP 4xx/5xx |
//! | Alibaba | `{…result, "RequestId"}` | `{"RequestId", "HostId", "Code", "Message", "Recommend"}`, HTTP 4xx/5xx |
//!
//! [`decode`] reads a response as a client does (the result, or the error with its code);
//! [`success`] and [`error`] build what a server sends; [`documented_result`] reads the
//! result out of a documentation page's example, which may leave the envelope out.

use crate::errors::{ErrorMeta, RawError};
use crate::Provider;
use serde_json::{json, Map, Value};

/// Why a response body is not a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The provider's error envelope (or an HTTP error status with a JSON body).
    #[error("service error {}: {}", .0.code, .0.meta.message)]
    Service(RawError),
    /// The body is not JSON; the parser's complaint.
    #[error("the body is not JSON: {0}")]
    NotJson(String),
}

/// Unwraps a response body from the provider's envelope: the result object, or the error.
pub fn decode(provider: Provider, status: u16, body: &[u8]) -> Result<Value, DecodeError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    decode_value(provider, status, v).map_err(DecodeError::Service)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(|x| match x {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

/// An error from the parts an envelope gave; without a code, `Http<status>`.
fn raw(
    status: u16,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
) -> RawError {
    RawError {
        code: code.unwrap_or_else(|| format!("Http{status}")),
        meta: ErrorMeta {
            message: message.unwrap_or_default(),
            request_id,
            http_status: status,
        },
    }
}

/// [`decode`] for a body already parsed.
pub fn decode_value(provider: Provider, status: u16, v: Value) -> Result<Value, RawError> {
    match provider {
        Provider::Tencent => decode_tencent(status, v),
        Provider::Volcengine => decode_volcengine(status, v),
        Provider::Alibaba => decode_alibaba(status, v),
    }
}

fn decode_tencent(status: u16, mut v: Value) -> Result<Value, RawError> {
    let inner = v.as_object_mut().and_then(|m| m.remove("Response"));
    match inner {
        Some(inner) if inner.get("Error").is_some() => {
            let e = &inner["Error"];
            Err(raw(
                status,
                text(e, "Code"),
                text(e, "Message"),
                text(&inner, "RequestId"),
            ))
        }
        Some(inner @ Value::Object(_)) if status < 400 => Ok(inner),
        other => {
            // The whole body as the message: put back what was taken out.
            if let (Some(m), Some(inner)) = (v.as_object_mut(), other) {
                m.insert("Response".into(), inner);
            }
            Err(raw(status, None, Some(v.to_string()), None))
        }
    }
}

fn decode_volcengine(status: u16, mut v: Value) -> Result<Value, RawError> {
    let meta = v.get("ResponseMetadata").unwrap_or(&Value::Null);
    let request_id = text(meta, "RequestId");
    if let Some(e) = meta.get("Error").filter(|e| !e.is_null()) {
        return Err(raw(status, text(e, "Code"), text(e, "Message"), request_id));
    }
    if status >= 400 {
        return Err(raw(status, None, Some(v.to_string()), request_id));
    }
    match v.as_object_mut().and_then(|m| m.remove("Result")) {
        Some(r) if !r.is_null() => Ok(r),
        _ => Ok(Value::Object(Map::new())),
    }
}

fn decode_alibaba(status: u16, v: Value) -> Result<Value, RawError> {
    if status >= 400 {
        return Err(raw(
            status,
            text(&v, "Code"),
            text(&v, "Message"),
            text(&v, "RequestId"),
        ));
    }
    Ok(v)
}

/// The result members of a documented example response: unwrapped from the envelope where the
/// page shows one (a bare object counts as the result), `None` for an error example or a body
/// that is no object.
pub fn documented_result(provider: Provider, v: Value) -> Option<Map<String, Value>> {
    let Value::Object(mut map) = v else {
        return None;
    };
    match provider {
        Provider::Tencent => match map.remove("Response") {
            Some(Value::Object(inner)) => (!inner.contains_key("Error")).then_some(inner),
            Some(_) => None,
            None => (!map.contains_key("Error")).then_some(map),
        },
        Provider::Volcengine => match map.remove("ResponseMetadata") {
            Some(meta) => {
                if meta.get("Error").is_some_and(|e| !e.is_null()) {
                    return None;
                }
                match map.remove("Result") {
                    Some(Value::Object(r)) => Some(r),
                    Some(Value::Null) | None => Some(Map::new()),
                    Some(_) => None,
                }
            }
            None => Some(map),
        },
        Provider::Alibaba => {
            // An error body has these three; a result may have `Code` alone.
            let is_error = ["Code", "Message", "HostId"]
                .iter()
                .all(|k| map.contains_key(*k));
            (!is_error).then_some(map)
        }
    }
}

/// What an envelope says about the call besides the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub request_id: String,
    pub action: String,
    pub version: String,
    pub service: String,
    pub region: String,
    /// The host the request was sent to (Alibaba's `HostId`).
    pub host: String,
}

/// A success body: `result` in the provider's envelope, with the request id.
pub fn success(provider: Provider, meta: &Meta, mut result: Map<String, Value>) -> Value {
    match provider {
        Provider::Tencent => {
            result.insert("RequestId".into(), Value::String(meta.request_id.clone()));
            json!({ "Response": result })
        }
        Provider::Volcengine => json!({
            "ResponseMetadata": volcengine_metadata(meta),
            "Result": result,
        }),
        Provider::Alibaba => {
            result.insert("RequestId".into(), Value::String(meta.request_id.clone()));
            Value::Object(result)
        }
    }
}

fn volcengine_metadata(meta: &Meta) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("RequestId".into(), meta.request_id.clone().into());
    m.insert("Action".into(), meta.action.clone().into());
    m.insert("Version".into(), meta.version.clone().into());
    m.insert("Service".into(), meta.service.clone().into());
    m.insert("Region".into(), meta.region.clone().into());
    m
}

/// An error body in the provider's envelope; `None`: the provider is unknown (a neutral
/// `{"Error": {…}, "RequestId"}`). The HTTP status goes with it separately (see
/// [`crate::errors::default_status`]).
pub fn error(provider: Option<Provider>, meta: &Meta, code: &str, message: &str) -> Value {
    match provider {
        Some(Provider::Tencent) => json!({
            "Response": {
                "Error": { "Code": code, "Message": message },
                "RequestId": meta.request_id,
            }
        }),
        Some(Provider::Volcengine) => {
            let mut m = volcengine_metadata(meta);
            m.insert("Error".into(), json!({ "Code": code, "Message": message }));
            json!({ "ResponseMetadata": m })
        }
        Some(Provider::Alibaba) => json!({
            "RequestId": meta.request_id,
            "HostId": meta.host,
            "Code": code,
            "Message": message,
            "Recommend": format!(
                "https://api.aliyun.com/troubleshoot?q={code}&product={}",
                meta.service
            ),
        }),
        None => json!({
            "Error": { "Code": code, "Message": message },
            "RequestId": meta.request_id,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::{default_status, Situation};

    fn meta() -> Meta {
        Meta {
            request_id: "req-1".into(),
            action: "Act".into(),
            version: "2020-01-01".into(),
            service: "svc".into(),
            region: "r".into(),
            host: "h".into(),
        }
    }

    #[test]
    fn what_is_built_decodes_back() {
        for p in Provider::ALL {
            let mut result = Map::new();
            result.insert("A".into(), json!(1));
            let body = success(p, &meta(), result);
            let decoded = decode_value(p, 200, body);
            let decoded = decoded.ok().and_then(|v| v.get("A").cloned());
            assert_eq!(decoded, Some(json!(1)), "{p}");

            let (code, status) = Situation::Throttled.code(p);
            let body = error(Some(p), &meta(), code, "slow down");
            let e = decode_value(p, status, body).err();
            let got = e.map(|e| (e.code, e.meta.message, e.meta.request_id));
            let want = (
                code.to_string(),
                "slow down".to_string(),
                Some("req-1".into()),
            );
            assert_eq!(got, Some(want), "{p}");
            assert_eq!(default_status(p, code), status, "{p}");
        }
    }

    #[test]
    fn decodes_odd_bodies() {
        let e = decode(Provider::Tencent, 502, b"<html>").err();
        assert!(matches!(e, Some(DecodeError::NotJson(_))));
        let e = decode_value(Provider::Tencent, 500, json!({"Response": {"A": 1}})).err();
        assert_eq!(e.map(|e| e.code), Some("Http500".to_string()));
        let e = decode_value(Provider::Tencent, 200, json!({"x": 1})).err();
        assert_eq!(e.map(|e| e.meta.message), Some(r#"{"x":1}"#.to_string()));
        let empty = decode_value(Provider::Volcengine, 200, json!({"ResponseMetadata": {}}));
        assert_eq!(empty, Ok(json!({})));
    }

    #[test]
    fn documented_results_unwrap_each_envelope() {
        let t = documented_result(
            Provider::Tencent,
            json!({"Response": {"RequestId": "x", "A": 1}}),
        );
        assert_eq!(t.and_then(|m| m.get("A").cloned()), Some(json!(1)));
        let error = json!({"Response": {"Error": {"Code": "X"}}});
        assert!(documented_result(Provider::Tencent, error).is_none());
        let v = documented_result(
            Provider::Volcengine,
            json!({"ResponseMetadata": {}, "Result": {"B": 2}}),
        );
        assert_eq!(v.and_then(|m| m.get("B").cloned()), Some(json!(2)));
        let bare = documented_result(Provider::Volcengine, json!({"B": 2}));
        assert_eq!(bare.and_then(|m| m.get("B").cloned()), Some(json!(2)));
        let ali_error = json!({"Code": "X", "Message": "m", "HostId": "h"});
        assert!(documented_result(Provider::Alibaba, ali_error).is_none());
    }
}
