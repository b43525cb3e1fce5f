//! Answers: the documented example (or a body synthesized from the documented response
//! fields), and errors, each in the provider's envelope with a fresh request id.

use super::errors::Failure;
use docsdk_protocol::envelope;
use docsdk_spec::{Field, FieldType, Provider, ScalarKind, Spec};
use serde_json::{json, Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// What the envelope says about the call besides the body.
pub use envelope::Meta;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A request id in the provider's format: Tencent lower-case UUID, Alibaba upper-case UUID,
/// Volcengine `YYYYMMDDHHMMSS` + 20 hex digits.
pub fn request_id(provider: Option<Provider>) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let mut seed = Vec::with_capacity(28);
    seed.extend_from_slice(&n.to_le_bytes());
    seed.extend_from_slice(&now.as_nanos().to_le_bytes());
    seed.extend_from_slice(&std::process::id().to_le_bytes());
    let hex = docsdk_auth::signing::sha256_hex(&seed);
    let uuid = format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    );
    match provider {
        Some(Provider::Alibaba) => uuid.to_ascii_uppercase(),
        Some(Provider::Volcengine) => {
            let t = docsdk_auth::signing::UtcTime::from_unix_seconds(now.as_secs());
            let stamp: String = t
                .basic_date_time()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            format!("{stamp}{}", hex[32..52].to_ascii_uppercase())
        }
        _ => uuid,
    }
}

/// The result body (without envelope or request id) for a successful call.
pub fn result_body(spec: &Spec) -> Map<String, Value> {
    documented_example(spec).unwrap_or_else(|| synthesize(spec))
}

/// The first example response that parses as JSON and is not an error, unwrapped from the
/// provider's envelope.
pub fn documented_example(spec: &Spec) -> Option<Map<String, Value>> {
    spec.examples.iter().find_map(|ex| {
        let v: Value = serde_json::from_str(ex.response.trim()).ok()?;
        let mut body = envelope::documented_result(spec.action.provider, v)?;
        body.remove("RequestId");
        Some(body)
    })
}

/// A body with every documented response field, holding its example or a type-correct
/// placeholder.
pub fn synthesize(spec: &Spec) -> Map<String, Value> {
    let mut out = Map::new();
    for f in &spec.response {
        if f.name == "RequestId" {
            continue;
        }
        out.insert(f.name.clone(), synth_field(spec, f, 0));
    }
    out
}

pub fn synth_field(spec: &Spec, f: &Field, depth: usize) -> Value {
    let one = synth_scalar(spec, f, depth);
    let value = if f.array {
        // An example written as a JSON array stands for the whole list.
        match (
            &one,
            f.example.as_deref().map(serde_json::from_str::<Value>),
        ) {
            (_, Some(Ok(Value::Array(a)))) if f.struct_name().is_none() => Value::Array(a),
            _ => Value::Array(vec![one]),
        }
    } else {
        one
    };
    match &f.wrapper {
        Some(w) => json!({ w.clone(): value }),
        None => value,
    }
}

fn synth_scalar(spec: &Spec, f: &Field, depth: usize) -> Value {
    let example = f.example.as_deref().map(str::trim);
    match &f.ty {
        FieldType::Scalar(ScalarKind::Integer) => example
            .and_then(|e| e.parse::<i64>().ok())
            .or(f.constraints.minimum)
            .map(Value::from)
            .unwrap_or(Value::from(0)),
        FieldType::Scalar(ScalarKind::Float) => example
            .and_then(|e| e.parse::<f64>().ok())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::from(0.0)),
        FieldType::Scalar(ScalarKind::Boolean) => {
            Value::Bool(example.is_some_and(|e| e.eq_ignore_ascii_case("true")))
        }
        FieldType::Map => Value::Object(Map::new()),
        FieldType::Struct(_) => {
            let mut out = Map::new();
            if let Some(st) = f.struct_name().and_then(|n| spec.struct_named(n)) {
                if depth < 8 {
                    for m in &st.fields {
                        out.insert(m.name.clone(), synth_field(spec, m, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        _ => Value::String(
            example
                .filter(|e| !e.is_empty())
                .map(str::to_string)
                .or_else(|| f.constraints.enum_values.first().cloned())
                .unwrap_or_else(|| format!("{}-example", f.name)),
        ),
    }
}

/// How a batch response item reports its own failure.
enum Carrier {
    /// A member structure with `Code` and `Message` (`"Error": {"Code", "Message"}`).
    Nested(String),
    /// `Code` and `Message` on the item itself (with `Success` when documented).
    Flat,
}

/// A successful answer to a batch call whose items named by `param` carry `err:<Code>`
/// values: one response item per request item, the marked ones failing with their code
/// (documented message where the spec has one). `None` when the response documents no
/// list of items that can carry an error.
pub fn batch_with_item_errors(
    spec: &Spec,
    param: &str,
    items: &[Value],
) -> Option<Map<String, Value>> {
    let (field, st) = spec.response.iter().find_map(|f| {
        let st = spec.struct_named(f.struct_name()?)?;
        (f.array && carrier(spec, st).is_some()).then_some((f, st))
    })?;
    let carrier = carrier(spec, st)?;
    let key = st.fields.iter().find(|m| {
        m.ty.is_string()
            && (param.strip_suffix('s') == Some(m.name.as_str())
                || param.strip_suffix("es") == Some(m.name.as_str())
                || param == m.name)
    });
    let mut body = result_body(spec);
    let existing = body.get(&field.name).and_then(|v| match &field.wrapper {
        Some(w) => v.get(w),
        None => Some(v),
    });
    let template = existing
        .and_then(|v| v.get(0))
        .cloned()
        .filter(Value::is_object)
        .unwrap_or_else(|| {
            let mut one = field.clone();
            one.array = false;
            one.wrapper = None;
            synth_field(spec, &one, 0)
        });
    let has_success = st
        .fields
        .iter()
        .any(|m| m.name == "Success" && m.ty == FieldType::BOOLEAN);
    let mut failed = 0usize;
    let out: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut obj = template.as_object().cloned().unwrap_or_default();
            if let Some(k) = key {
                obj.insert(k.name.clone(), item.clone());
            }
            let error = item_error(spec, item);
            failed += usize::from(error.is_some());
            mark_item(&mut obj, &carrier, error, has_success);
            Value::Object(obj)
        })
        .collect();
    let list = Value::Array(out);
    body.insert(
        field.name.clone(),
        match &field.wrapper {
            Some(w) => json!({ w.clone(): list }),
            None => list,
        },
    );
    // Batch counters, where the response documents them.
    for (name, n) in [("TotalCount", items.len()), ("FailCount", failed)] {
        if spec
            .response
            .iter()
            .any(|f| f.name == name && f.ty == FieldType::INTEGER)
        {
            body.insert(name.into(), Value::from(n));
        }
    }
    Some(body)
}

/// The error an item asks for (`err:<Code>`), with the page's message for that code.
fn item_error(spec: &Spec, item: &Value) -> Option<(String, String)> {
    let code = item.as_str()?.strip_prefix(super::ERROR_TRIGGER)?.trim();
    if code.is_empty() {
        return None;
    }
    let message = spec
        .errors
        .iter()
        .find(|e| e.code == code)
        .map(|e| {
            if e.message.is_empty() {
                e.description.clone()
            } else {
                e.message.clone()
            }
        })
        .unwrap_or_else(|| code.to_string());
    Some((code.to_string(), message))
}

/// Writes an item's outcome where the response documents it: a nested error object, or flat
/// `Code`/`Message` (and `Success`) members.
fn mark_item(
    obj: &mut Map<String, Value>,
    carrier: &Carrier,
    error: Option<(String, String)>,
    has_success: bool,
) {
    match (carrier, error) {
        (Carrier::Nested(name), Some((code, message))) => {
            obj.insert(name.clone(), json!({"Code": code, "Message": message}));
        }
        (Carrier::Nested(name), None) => {
            obj.insert(name.clone(), Value::Null);
        }
        (Carrier::Flat, Some((code, message))) => {
            obj.insert("Code".into(), Value::String(code));
            obj.insert("Message".into(), Value::String(message));
            if has_success {
                obj.insert("Success".into(), Value::Bool(false));
            }
        }
        (Carrier::Flat, None) => {
            if has_success {
                obj.insert("Success".into(), Value::Bool(true));
            }
        }
    }
}

fn carrier(spec: &Spec, st: &docsdk_spec::Struct) -> Option<Carrier> {
    let has_code_message = |fields: &[Field]| {
        fields.iter().any(|m| m.name == "Code") && fields.iter().any(|m| m.name == "Message")
    };
    if has_code_message(&st.fields) {
        return Some(Carrier::Flat);
    }
    st.fields.iter().find_map(|m| {
        let inner = spec.struct_named(m.struct_name()?)?;
        (!m.array && has_code_message(&inner.fields)).then(|| Carrier::Nested(m.name.clone()))
    })
}

/// A success answer in the provider's envelope.
pub fn success(provider: Provider, meta: &Meta, body: Map<String, Value>) -> Value {
    envelope::success(provider, meta, body)
}

/// An error answer in the provider's envelope (`None`: the provider is unknown).
pub fn error(provider: Option<Provider>, meta: &Meta, f: &Failure) -> Value {
    envelope::error(provider, meta, &f.code, &f.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_look_like_the_providers() {
        let t = request_id(Some(Provider::Tencent));
        assert_eq!(t.len(), 36);
        assert_eq!(t, t.to_ascii_lowercase());
        let a = request_id(Some(Provider::Alibaba));
        assert_eq!(a, a.to_ascii_uppercase());
        let v = request_id(Some(Provider::Volcengine));
        assert_eq!(v.len(), 34);
        assert!(v[..14].bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(request_id(None), request_id(None));
    }
}
