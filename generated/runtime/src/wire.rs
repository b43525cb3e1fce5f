//! Wire shapes per provider, all derived from a request's plain JSON parameters:
//! Tencent sends them as the JSON body; Volcengine and Alibaba as query pairs with 1-based
//! `Name.N` keys (Alibaba sends `encoding = "json-array"` lists as one JSON string).
//! Responses are unwrapped from each provider's envelope here too. The rules themselves live
//! in the protocol core ([`docsdk_protocol::wire`], [`docsdk_protocol::envelope`]), shared
//! with `docsdk mock`; this module applies them to an action's metadata.

use super::de::ToJson;
use super::{OpMeta, Provider};
use serde_json::Value;

pub use docsdk_protocol::envelope::{decode, decode_value, DecodeError};
pub use docsdk_protocol::wire::{
    flatten, is_common_param, parse_json_array, query_item_base, typed, unflatten, Kind, WireError,
};

/// A request's plain JSON parameters, with absent values (null, empty lists) left out.
/// Built by the request's [`ToJson`] directly (its `Serialize` goes through the same
/// function, so both agree), once per call.
pub fn params<T: ToJson + ?Sized>(input: &T) -> Value {
    let mut v = input.to_json().unwrap_or(Value::Null);
    prune(&mut v);
    v
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
    match encode_ref(meta, params) {
        WireRef::Json(v) => Wire::Json(v.clone()),
        WireRef::Query(pairs) => Wire::Query(pairs),
    }
}

/// [`Wire`] with the JSON body borrowed (the transport serializes it without a copy).
pub(crate) enum WireRef<'a> {
    Json(&'a Value),
    Query(Vec<(String, String)>),
}

pub(crate) fn encode_ref<'a>(meta: &OpMeta, params: &'a Value) -> WireRef<'a> {
    match meta.provider {
        Provider::Tencent => WireRef::Json(params),
        Provider::Volcengine | Provider::Alibaba => {
            let mut pairs = vec![
                ("Action".to_string(), meta.action.to_string()),
                ("Version".to_string(), meta.version.to_string()),
            ];
            let base = query_item_base(meta.provider);
            pairs.extend(flatten(params, base, meta.json_array));
            WireRef::Query(pairs)
        }
    }
}
