//! Parameters on the wire. Every request starts as plain JSON parameters (an object of
//! members, lists and scalars). Tencent sends them as they are, as a JSON body. Volcengine and
//! Alibaba send query (or form) pairs: list items as `Name.N` (numbered from
//! [`query_item_base`]), struct members as `Name.Field`, scalars as text, and an Alibaba
//! `encoding = "json-array"` list as one JSON string.
//!
//! [`flatten`] turns parameters into pairs (the clients' encoder), [`unflatten`] folds pairs
//! back (the mock's decoder, and the clients' reading of documented query examples), and
//! [`Kind::parse`] reads a query value back into the JSON scalar it stands for.

use crate::Provider;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// The JSON kind of a non-string parameter, so a query string can be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Bool,
    Integer,
    Float,
}

impl Kind {
    /// The JSON value a query string spells: `true`/`false` in any case for booleans, a JSON
    /// number for numbers (an integer must have no fraction). `None`: it spells no such value.
    pub fn parse(self, text: &str) -> Option<Value> {
        let t = text.trim();
        match self {
            Kind::Bool if t.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
            Kind::Bool if t.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
            Kind::Bool => None,
            Kind::Integer => number(t)
                .filter(|n| n.is_i64() || n.is_u64())
                .map(Value::Number),
            Kind::Float => number(t).map(Value::Number),
        }
    }
}

fn number(t: &str) -> Option<Number> {
    // serde_json's grammar, not Rust's `parse`: no `inf`, `NaN` or leading `+`.
    (!t.is_empty())
        .then(|| serde_json::from_str::<Number>(t).ok())
        .flatten()
}

/// The number of a list's first item in query pairs: Tencent (API 3.0 GET and form requests)
/// counts from 0, Volcengine and Alibaba from 1.
pub const fn query_item_base(provider: Provider) -> usize {
    match provider {
        Provider::Tencent => 0,
        Provider::Volcengine | Provider::Alibaba => 1,
    }
}

/// Parameters every call of a provider may carry that are not the action's own (signature,
/// identity and format parameters of the three clouds' query forms; `X-…` headers sent as
/// parameters).
pub fn is_common_param(name: &str) -> bool {
    const COMMON: &[&str] = &[
        "Action",
        "Version",
        "Format",
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "SignatureType",
        "Timestamp",
        "SecurityToken",
        "SecretId",
        "Nonce",
        "Token",
        "Language",
    ];
    COMMON.contains(&name) || name.starts_with("X-")
}

/// `Name.N` / `Name.Field` pairs with item numbers from `base`; top-level names in
/// `json_array` holding a list stay one JSON string. Nulls are left out.
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

/// Why query pairs do not fold into parameters. Each names the parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("`{0}` is not a valid parameter name")]
    BadName(String),
    #[error("`{0}` is given more than once")]
    Repeated(String),
    #[error("`{key}`: item number {number} is too large")]
    ItemNumber { key: String, number: String },
    #[error("`{0}` conflicts with another parameter of the same name (given both as a value, a list `Name.N` and/or a struct `Name.Field`)")]
    Conflict(String),
    #[error("`{path}.N` items must be numbered {base}, {}, … without gaps (got {got})", .base + 1)]
    Numbering {
        path: String,
        base: usize,
        got: String,
    },
}

enum Node {
    Leaf(Option<String>),
    Object(BTreeMap<String, Node>),
    List(BTreeMap<usize, Node>),
}

/// Folds `Name.N` / `Name.Field` pairs into plain JSON parameters (items numbered from
/// `base`, without gaps); values stay strings (see [`Kind::parse`] and [`typed`]).
pub fn unflatten(pairs: &[(String, String)], base: usize) -> Result<Value, WireError> {
    let mut root: BTreeMap<String, Node> = BTreeMap::new();
    for (key, value) in pairs {
        let segs: Vec<&str> = key.split('.').collect();
        if segs.iter().any(|s| s.is_empty()) {
            return Err(WireError::BadName(key.clone()));
        }
        let Some((first, rest)) = segs.split_first() else {
            continue;
        };
        let node = root
            .entry((*first).to_string())
            .or_insert_with(|| new_node(rest.first()));
        insert(node, rest, value, key)?;
    }
    let mut out = Map::new();
    for (k, node) in root {
        let v = to_value(node, base, &k)?;
        out.insert(k, v);
    }
    Ok(Value::Object(out))
}

fn new_node(next: Option<&&str>) -> Node {
    match next {
        None => Node::Leaf(None),
        Some(s) if is_index(s) => Node::List(BTreeMap::new()),
        Some(_) => Node::Object(BTreeMap::new()),
    }
}

fn is_index(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn insert(node: &mut Node, rest: &[&str], value: &str, key: &str) -> Result<(), WireError> {
    match (node, rest.split_first()) {
        (Node::Leaf(slot), None) => {
            if slot.is_some() {
                return Err(WireError::Repeated(key.to_string()));
            }
            *slot = Some(value.to_string());
            Ok(())
        }
        (Node::List(items), Some((seg, tail))) if is_index(seg) => {
            let idx: usize = seg.parse().map_err(|_| WireError::ItemNumber {
                key: key.to_string(),
                number: (*seg).to_string(),
            })?;
            let child = items.entry(idx).or_insert_with(|| new_node(tail.first()));
            insert(child, tail, value, key)
        }
        (Node::Object(fields), Some((seg, tail))) if !is_index(seg) => {
            let child = fields
                .entry((*seg).to_string())
                .or_insert_with(|| new_node(tail.first()));
            insert(child, tail, value, key)
        }
        _ => Err(WireError::Conflict(key.to_string())),
    }
}

fn to_value(node: Node, base: usize, path: &str) -> Result<Value, WireError> {
    Ok(match node {
        Node::Leaf(s) => Value::String(s.unwrap_or_default()),
        Node::Object(fields) => {
            let mut map = Map::new();
            for (k, child) in fields {
                let v = to_value(child, base, &format!("{path}.{k}"))?;
                map.insert(k, v);
            }
            Value::Object(map)
        }
        Node::List(items) => {
            let numbers: Vec<usize> = items.keys().copied().collect();
            if !numbers.iter().copied().eq(base..base + numbers.len()) {
                return Err(WireError::Numbering {
                    path: path.to_string(),
                    base,
                    got: numbers
                        .iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, child) in items {
                out.push(to_value(child, base, &format!("{path}.{i}"))?);
            }
            Value::Array(out)
        }
    })
}

/// The items of a JSON-array string (`["i-1","i-2"]`), if it holds one.
pub fn parse_json_array(text: &str) -> Option<Vec<Value>> {
    serde_json::from_str(text).ok()
}

/// Unflattened parameters with their query strings read back: values at a path in `kinds`
/// (dotted wire names, lists transparent) become booleans and numbers where they spell one,
/// strings at a path in `json_array` become the lists they hold. Anything else stays as it is.
pub fn typed(mut params: Value, kinds: &[(&str, Kind)], json_array: &[&str]) -> Value {
    retype(&mut params, "", kinds, json_array);
    params
}

fn retype(v: &mut Value, path: &str, kinds: &[(&str, Kind)], json_array: &[&str]) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                retype(child, &p, kinds, json_array);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| retype(item, path, kinds, json_array)),
        Value::String(s) => {
            let read = if json_array.contains(&path) {
                parse_json_array(s).map(Value::Array)
            } else {
                kinds
                    .iter()
                    .find(|(p, _)| *p == path)
                    .and_then(|(_, k)| k.parse(s))
            };
            if let Some(read) = read {
                *v = read;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn folds_lists_and_structs() {
        let v = unflatten(
            &pairs(&[
                ("Names.2", "b"),
                ("Names.1", "a"),
                ("Tag.1.Key", "k"),
                ("Tag.1.Value", "v"),
                ("Single", ""),
            ]),
            1,
        );
        assert_eq!(
            v,
            Ok(json!({"Names": ["a", "b"], "Tag": [{"Key": "k", "Value": "v"}], "Single": ""}))
        );
    }

    #[test]
    fn rejects_bad_numbering_conflicts_and_repeats() {
        let err = |p: &[(&str, &str)], base| {
            unflatten(&pairs(p), base)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err(&[("Names.0", "a")], 1).contains("Names.N"));
        assert!(err(&[("Names.1", "a"), ("Names.3", "c")], 1).contains("1, 3"));
        for bad in [
            &[("A", "x"), ("A.1", "y")][..],
            &[("A.1", "y"), ("A", "x")],
            &[("A", "x"), ("A", "y")],
            &[("A..B", "x")],
            &[("A.99999999999999999999999", "x")],
        ] {
            assert!(unflatten(&pairs(bad), 1).is_err(), "{bad:?}");
        }
        assert_eq!(
            unflatten(&pairs(&[("Names.0", "a")]), 0),
            Ok(json!({"Names": ["a"]}))
        );
    }

    #[test]
    fn flatten_and_unflatten_are_inverse_for_strings() {
        let params = json!({"A": ["x", "y"], "F": [{"Name": "n", "Values": ["v"]}], "S": "s"});
        for base in [0, 1] {
            let flat = flatten(&params, base, &[]);
            assert_eq!(unflatten(&flat, base), Ok(params.clone()));
        }
        let flat = flatten(&json!({"Ids": ["i-1"], "N": 3}), 1, &["Ids"]);
        assert_eq!(flat, pairs(&[("Ids", r#"["i-1"]"#), ("N", "3")]));
    }

    #[test]
    fn query_strings_read_back_by_kind() {
        let plain = json!({"N": "7", "F": "1.5", "B": "TRUE", "Ids": "[\"a\"]", "X": "7",
            "L": [{"N": "2"}], "Bad": "x"});
        let kinds = [
            ("N", Kind::Integer),
            ("F", Kind::Float),
            ("B", Kind::Bool),
            ("L.N", Kind::Integer),
            ("Bad", Kind::Integer),
        ];
        assert_eq!(
            typed(plain, &kinds, &["Ids"]),
            json!({"N": 7, "F": 1.5, "B": true, "Ids": ["a"], "X": "7", "L": [{"N": 2}], "Bad": "x"})
        );
        assert_eq!(Kind::Integer.parse("1.5"), None);
        assert_eq!(Kind::Float.parse("NaN"), None);
        assert_eq!(Kind::Bool.parse("yes"), None);
    }
}
