//! Bad responses never panic the client: arbitrary bytes, deeply nested JSON, huge numbers,
//! wrong types and duplicate keys go through every generated response decoder — the
//! provider's envelope (`wire::decode`), the typed response from the unwrapped result (what
//! `send()` does), the typed response straight from bytes, and the typed error — and each
//! ends in a value or an error.

use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{self, wire, Operation, Provider};
use docsdk_clients::tencent::{
    cvm::v20170312 as cvm, ecm::v20190719 as ecm, vpc::v20170312 as vpc,
};
use docsdk_clients::volcengine::ecs::v20200401 as volc;
use docsdk_codegen::load::load_specs;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Every registered seed action.
fn operations() -> Vec<runtime::Registered> {
    docsdk_clients::OPERATIONS
        .iter()
        .flat_map(|ops| ops.iter().copied())
        .collect()
}

/// The typed decoders from bytes, one per seed response type.
fn typed_from_bytes(bytes: &[u8]) {
    fn one<O: Operation>(bytes: &[u8]) {
        let _ = serde_json::from_slice::<O::Output>(bytes);
    }
    one::<cvm::DisassociateSecurityGroupsRequest>(bytes);
    one::<ecm::DisassociateInstancesKeyPairsRequest>(bytes);
    one::<vpc::DisassociateNetworkInterfaceSecurityGroupsRequest>(bytes);
    one::<volc::DeleteKeyPairsRequest>(bytes);
    one::<ali::DetachInstanceRamRoleRequest>(bytes);
}

/// One body through every decoder of every action, at a success and an error status.
fn feed(bytes: &[u8]) {
    typed_from_bytes(bytes);
    for op in operations() {
        for status in [200, 400, 429, 503] {
            match wire::decode(op.meta.provider, status, bytes) {
                Ok(result) => {
                    let _ = (op.response)(result.clone());
                    let _ = serde_json::to_vec(&result);
                }
                Err(wire::DecodeError::Service(raw)) => {
                    let e = (op.error)(raw);
                    let _ = (e.request_id(), format!("{e:?}"));
                }
                Err(wire::DecodeError::NotJson(_)) => {}
            }
        }
    }
}

/// Wire names the seed responses use (fields and struct members), so generated values hit
/// the decoders' own fields with the wrong things.
fn names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let specs = load_specs(&dir, &dir.join("docs")).expect("specs").specs;
        let mut out: Vec<String> = [
            "Response",
            "Result",
            "ResponseMetadata",
            "RequestId",
            "Error",
            "Code",
            "Message",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for spec in &specs {
            out.extend(spec.response.iter().map(|f| f.name.clone()));
            for s in &spec.structs {
                out.extend(s.fields.iter().map(|f| f.name.clone()));
            }
        }
        out.sort();
        out.dedup();
        out
    })
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        Just(json!(i64::MIN)),
        Just(json!(u64::MAX)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        Just(json!("")),
        Just(json!("42")),
        Just(json!("true")),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let names = names().to_vec();
    leaf().prop_recursive(6, 64, 8, move |inner| {
        let key = prop_oneof![prop::sample::select(names.clone()), "[A-Za-z]{1,8}"];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A body in one provider's envelope around `v`.
fn enveloped(provider: Provider, v: Value) -> Value {
    match provider {
        Provider::Tencent => json!({ "Response": v }),
        Provider::Volcengine => json!({ "ResponseMetadata": { "RequestId": "r" }, "Result": v }),
        Provider::Alibaba => v,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        feed(&bytes);
    }

    #[test]
    fn arbitrary_json_in_every_envelope(v in value()) {
        for p in Provider::ALL {
            feed(enveloped(p, v.clone()).to_string().as_bytes());
        }
        feed(v.to_string().as_bytes());
    }

    /// A value cut anywhere (a truncated body).
    #[test]
    fn truncated_json(v in value(), cut in any::<prop::sample::Index>()) {
        let text = enveloped(Provider::Tencent, v).to_string();
        let at = cut.index(text.len() + 1);
        feed(&text.as_bytes()[..at]);
    }
}

/// Shapes written out: deep nesting (past serde_json's recursion limit, 10,000 levels),
/// huge numbers, wrong types and duplicate keys, in each envelope.
#[test]
fn hostile_shapes_are_errors_or_values() {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    let mut bodies: Vec<String> = vec![
        deep("[", "]", 10_000),
        format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
        format!("{{\"Response\":{}}}", deep("{\"RequestId\":", "}", 10_000)),
        format!("{{\"Result\":{}}}", deep("[", "]", 10_000)),
        "1e400".into(),
        "-1e400".into(),
        "123456789012345678901234567890".into(),
        r#"{"Response":{"RequestId":1e400}}"#.into(),
        r#"{"Response":{"RequestId":18446744073709551616}}"#.into(),
        r#"{"RequestId":"a","RequestId":"b","RequestId":{"x":1}}"#.into(),
        r#"{"Response":{"RequestId":"a"},"Response":{"Error":{"Code":1,"Message":[]}}}"#.into(),
        r#"{"ResponseMetadata":{"Error":{"Code":{"a":1},"Message":null}},"Result":"x"}"#.into(),
        r#"{"Code":[1,2],"Message":{"a":1},"RequestId":42}"#.into(),
        "\u{feff}{}".into(),
        "null".into(),
        "[]".into(),
        "\"\\ud800\"".into(),
        String::from_utf8_lossy(&[0xff, 0xfe, 0x00]).into_owned(),
    ];
    // Every name the responses use, with each wrong type in turn.
    for name in names() {
        for wrong in [
            json!(null),
            json!(1e300),
            json!(-1),
            json!(u64::MAX),
            json!("x"),
            json!([1, "a", null]),
            json!({"x": [{}]}),
            json!(true),
        ] {
            for p in Provider::ALL {
                bodies.push(enveloped(p, json!({ name.as_str(): wrong.clone() })).to_string());
            }
        }
    }
    // Run on a thread with a small stack: decoders must not recurse per nesting level.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for b in &bodies {
                feed(b.as_bytes());
            }
        })
        .expect("thread")
        .join()
        .expect("no panic, no stack overflow");
}
