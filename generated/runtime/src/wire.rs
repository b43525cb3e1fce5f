//! Wire shapes per provider, all derived from a request's plain JSON parameters:
//! Tencent sends them as the JSON body; Volcengine and Alibaba as query pairs with 1-based
//! `Name.N` keys (Alibaba sends `encoding = "json-array"` lists as one JSON string).
//! Responses are unwrapped from each provider's envelope here too.

use super::{ErrorMeta, Kind, OpMeta, Provider, RawError};
use serde::Serialize;
use serde_json::{Map, Value};

/// A request's plain JSON parameters, with absent values (null, empty lists) left out.
pub fn params<T: Serialize>(input: &T) -> Result<Value, serde_json::Error> {
    let mut v = serde_json::to_value(input)?;
    prune(&mut v);
    Ok(v)
}

fn prune(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, x| {
                prune(x);
                !(x.is_null() || x.as_array().is_some_and(|a| a.is_empty()))
            });
        }
        Value::Array(a) => a.iter_mut().for_each(prune),
        _ => {}
    }
}

/// The HTTP form of a request before signing.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire {
    /// Tencent: JSON body; action, version and region travel in `X-TC-*` headers.
    Json(Value),
    /// Volcengine and Alibaba: query pairs (action and version included).
    Query(Vec<(String, String)>),
}

/// Encodes plain parameters in the provider's wire shape.
pub fn encode(meta: &OpMeta, params: &Value) -> Wire {
    match meta.provider {
        Provider::Tencent => Wire::Json(params.clone()),
        Provider::Volcengine | Provider::Alibaba => {
            let mut pairs = vec![
                ("Action".to_string(), meta.action.to_string()),
                ("Version".to_string(), meta.version.to_string()),
            ];
            pairs.extend(flatten(params, 1, meta.json_array));
            Wire::Query(pairs)
        }
    }
}

/// `Name.N` / `Name.Field` pairs with item numbers from `base`; `json_array` names stay one
/// JSON string.
pub fn flatten(params: &Value, base: usize, json_array: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Value::Object(map) = params {
        for (k, v) in map {
            if json_array.contains(&k.as_str()) && v.is_array() {
                out.push((k.clone(), v.to_string()));
            } else {
                flatten_into(k, v, base, &mut out);
            }
        }
    }
    out
}

fn flatten_into(key: &str, v: &Value, base: usize, out: &mut Vec<(String, String)>) {
    match v {
        Value::Null => {}
        Value::String(s) => out.push((key.to_string(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten_into(&format!("{key}.{}", i + base), item, base, out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                flatten_into(&format!("{key}.{k}"), item, base, out);
            }
        }
        other => out.push((key.to_string(), other.to_string())),
    }
}

/// Reads `Name.N` query pairs back into plain JSON parameters (items numbered from `base`),
/// typing values by `meta.kinds` and parsing `meta.json_array` strings.
pub fn unflatten(pairs: &[(String, String)], base: usize, meta: &OpMeta) -> Value {
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let segs: Vec<&str> = key.split('.').collect();
        let wire_path: Vec<&str> = segs
            .iter()
            .copied()
            .filter(|s| s.parse::<usize>().is_err())
            .collect();
        let path = wire_path.join(".");
        let typed = if meta.json_array.contains(&path.as_str()) {
            serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.clone()))
        } else {
            match meta.kinds.iter().find(|(p, _)| *p == path).map(|(_, k)| *k) {
                Some(Kind::Bool) => match value.to_ascii_lowercase().as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => Value::String(value.clone()),
                },
                Some(Kind::Integer) | Some(Kind::Float) => {
                    serde_json::from_str::<serde_json::Number>(value)
                        .map(Value::Number)
                        .unwrap_or_else(|_| Value::String(value.clone()))
                }
                None => Value::String(value.clone()),
            }
        };
        insert(&mut root, &segs, base, typed);
    }
    root
}

fn insert(node: &mut Value, segs: &[&str], base: usize, value: Value) {
    let Some((first, rest)) = segs.split_first() else {
        *node = value;
        return;
    };
    if let Ok(n) = first.parse::<usize>() {
        if !node.is_array() {
            *node = Value::Array(Vec::new());
        }
        if let Value::Array(items) = node {
            let idx = n.saturating_sub(base);
            while items.len() <= idx {
                items.push(Value::Null);
            }
            insert(&mut items[idx], rest, base, value);
        }
    } else {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        if let Value::Object(map) = node {
            let child = map.entry(first.to_string()).or_insert(Value::Null);
            insert(child, rest, base, value);
        }
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(|x| match x {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    })
}

/// Why a response body is not a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The provider's error envelope (or an HTTP error status with a JSON body).
    Service(RawError),
    /// The body is not JSON; the parser's complaint.
    NotJson(String),
}

/// Unwraps a response body from the provider's envelope: the result object, or the error.
pub fn decode(provider: Provider, status: u16, body: &[u8]) -> Result<Value, DecodeError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    decode_value(provider, status, v).map_err(DecodeError::Service)
}

/// [`decode`] for a body already parsed.
pub fn decode_value(provider: Provider, status: u16, v: Value) -> Result<Value, RawError> {
    let err =
        |code: Option<String>, message: Option<String>, request_id: Option<String>| RawError {
            code: code.unwrap_or_else(|| format!("Http{status}")),
            meta: ErrorMeta {
                message: message.unwrap_or_default(),
                request_id,
                http_status: status,
            },
        };
    match provider {
        Provider::Tencent => {
            let inner = v.get("Response").cloned().unwrap_or(Value::Null);
            if let Some(e) = inner.get("Error") {
                return Err(err(
                    text(e, "Code"),
                    text(e, "Message"),
                    text(&inner, "RequestId"),
                ));
            }
            if !inner.is_object() || status >= 400 {
                return Err(err(None, Some(v.to_string()), None));
            }
            Ok(inner)
        }
        Provider::Volcengine => {
            let meta = v.get("ResponseMetadata").cloned().unwrap_or(Value::Null);
            if let Some(e) = meta.get("Error").filter(|e| !e.is_null()) {
                return Err(err(
                    text(e, "Code"),
                    text(e, "Message"),
                    text(&meta, "RequestId"),
                ));
            }
            if status >= 400 {
                return Err(err(None, Some(v.to_string()), text(&meta, "RequestId")));
            }
            match v.get("Result") {
                Some(r) if !r.is_null() => Ok(r.clone()),
                _ => Ok(Value::Object(Map::new())),
            }
        }
        Provider::Alibaba => {
            if status >= 400 {
                return Err(err(
                    text(&v, "Code"),
                    text(&v, "Message"),
                    text(&v, "RequestId"),
                ));
            }
            Ok(v)
        }
    }
}
