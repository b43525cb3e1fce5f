//! Support for the tests generated from each page's examples: the documented request must
//! parse into the typed request and serialize back to the documented wire form, and the
//! documented response must deserialize with every field kept.

use super::{de, wire, Operation, OperationError, Provider};
use percent_encoding::percent_decode_str;
use serde_json::Value;
use std::collections::BTreeMap;

/// The JSON body of a documented request or response: from the first line that opens an
/// object (`{` at the start of a line) to the last `}`. A `{` inside a query value
/// (`&Policy={"Statement":…}`) is not a body.
fn json_in(text: &str) -> Option<Result<Value, String>> {
    let start = if text.trim_start().starts_with('{') {
        text.find('{')?
    } else {
        text.find("\n{").map(|i| i + 1).or_else(|| {
            // Indented bodies: a line whose first non-blank character opens the object.
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                if line.trim_start().starts_with('{') {
                    return Some(offset + line.len() - line.trim_start().len());
                }
                offset += line.len();
            }
            None
        })?
    };
    let end = text.rfind('}')?;
    let slice = text.get(start..=end)?;
    Some(serde_json::from_str(slice).map_err(|e| format!("documented JSON does not parse: {e}")))
}

/// Query pairs of a documented request line (continuation lines start with `&`).
fn query_in(text: &str) -> Vec<(String, String)> {
    let mut joined = String::new();
    let mut started = false;
    for line in text.lines() {
        let t = line.trim();
        if !started {
            if let Some(pos) = t.find('?') {
                joined.push_str(&t[pos + 1..]);
                started = true;
            }
        } else if t.starts_with('&') {
            joined.push_str(t);
        } else {
            break;
        }
    }
    let query = joined.split_whitespace().next().unwrap_or("");
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| {
            let dec = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (dec(k), dec(v))
        })
        // Tencent's v1 pages also show the common `Region` parameter.
        .filter(|(k, _)| !k.starts_with('<') && k != "Region" && !wire::is_common_param(k))
        .collect()
}

fn normalize(pairs: Vec<(String, String)>, json_array: &[&str]) -> BTreeMap<String, String> {
    pairs
        .into_iter()
        .map(|(k, v)| {
            let v = if json_array.contains(&k.as_str()) {
                serde_json::from_str::<Value>(&v)
                    .map(|j| j.to_string())
                    .unwrap_or(v)
            } else {
                boolean_word(v)
            };
            (k, v)
        })
        .collect()
}

/// Pages write booleans as `TRUE` / `True` as often as `true`, and numbers as `80` where a
/// float serializes `80.0`; the wire value is the same.
fn boolean_word(v: String) -> String {
    match v.to_ascii_lowercase().as_str() {
        "true" | "false" => v.to_ascii_lowercase(),
        _ => match v.parse::<f64>() {
            Ok(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 && v.contains('.') => {
                format!("{n:.0}")
            }
            _ => v,
        },
    }
}

fn prune(v: &Value) -> Value {
    wire::params(v)
}

/// Checks one documented request (empty: nothing to check).
pub fn check_request<O: Operation>(doc: &str) -> Result<(), String> {
    if doc.trim().is_empty() {
        return Ok(());
    }
    let meta = O::META;
    if let Some(body) = json_in(doc) {
        let documented = prune(&body?);
        let typed: O = serde_json::from_value(documented.clone())
            .map_err(|e| format!("documented request does not parse: {e}"))?;
        let ours = wire::params(&typed);
        if ours != documented {
            return Err(format!(
                "request serializes differently from the page\n  page: {documented}\n  ours: {ours}"
            ));
        }
        return Ok(());
    }
    let pairs = query_in(doc);
    let base = if pairs.iter().any(|(k, _)| k.split('.').any(|s| s == "0")) {
        0
    } else {
        1
    };
    let plain = wire::unflatten(&pairs, base)
        .map_err(|e| format!("documented request does not read: {e}"))?;
    let plain = wire::typed(plain, meta.kinds, meta.json_array);
    let typed: O = serde_json::from_value(plain.clone())
        .map_err(|e| format!("documented request does not parse: {e}\n  params: {plain}"))?;
    let ours = wire::params(&typed);
    let ours = normalize(wire::flatten(&ours, base, meta.json_array), meta.json_array);
    let documented = normalize(pairs, meta.json_array);
    if ours != documented {
        return Err(format!(
            "request serializes differently from the page\n  page: {documented:?}\n  ours: {ours:?}"
        ));
    }
    Ok(())
}

/// Checks one documented response (empty: nothing to check). An error response must map to
/// the action's error type with its code kept.
pub fn check_response<O: Operation>(doc: &str) -> Result<(), String>
where
    O::Output: de::FromJson,
{
    let Some(body) = json_in(doc) else {
        return Ok(());
    };
    let mut body = body?;
    // Alibaba pages sometimes wrap the JSON sample in the XML root (`{"<Action>Response":
    // {…}}`); the service sends the members unwrapped.
    if O::META.provider == Provider::Alibaba {
        let root = format!("{}Response", O::META.action);
        if let Some(inner) = body
            .as_object_mut()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.remove(&root))
        {
            body = inner;
        }
    }
    let result = match wire::decode_value(O::META.provider, 200, body) {
        Ok(v) => v,
        Err(raw) => {
            let code = raw.code.clone();
            let typed = O::Error::from_raw(raw);
            return if typed.code() == code {
                Ok(())
            } else {
                Err(format!("error code {code} became {}", typed.code()))
            };
        }
    };
    let (_, ignored) = de::from_value_reporting::<O::Output>(result)
        .map_err(|e| format!("documented response does not parse: {e}"))?;
    // The request id every response carries is kept by the runtime, not the typed response
    // (some pages spell it `RequestID`).
    let ignored: Vec<_> = ignored
        .into_iter()
        .filter(|f| !f.eq_ignore_ascii_case("RequestId"))
        .collect();
    if ignored.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "response fields not kept by the typed response: {}",
            ignored.join(", ")
        ))
    }
}

/// Both halves of one example.
pub fn check_example<O: Operation>(request: &str, response: &str) -> Result<(), String>
where
    O::Output: de::FromJson,
{
    check_request::<O>(request)?;
    check_response::<O>(response)
}
