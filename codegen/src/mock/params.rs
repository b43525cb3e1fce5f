//! Request parameters as plain JSON: a Tencent JSON body as it is, or query/form pairs with
//! `Name.N` (items) and `Name.Field` (struct members) keys folded back into lists and objects.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Parameters every call of a provider carries that are not the action's own.
pub fn is_common(name: &str) -> bool {
    matches!(
        name,
        "Action"
            | "Version"
            | "Format"
            | "AccessKeyId"
            | "Signature"
            | "SignatureMethod"
            | "SignatureVersion"
            | "SignatureNonce"
            | "SignatureType"
            | "Timestamp"
            | "SecurityToken"
            | "SecretId"
            | "Nonce"
            | "Token"
            | "Language"
    ) || name.starts_with("X-")
}

enum Node {
    Leaf(Option<String>),
    Object(BTreeMap<String, Node>),
    List(BTreeMap<usize, Node>),
}

/// Folds `Name.N` / `Name.Field` pairs into JSON (items numbered from `base`; values stay
/// strings). An error names the parameter.
pub fn unflatten(pairs: &[(String, String)], base: usize) -> Result<Value, String> {
    let mut root: BTreeMap<String, Node> = BTreeMap::new();
    for (key, value) in pairs {
        let segs: Vec<&str> = key.split('.').collect();
        if segs.iter().any(|s| s.is_empty()) {
            return Err(format!("`{key}` is not a valid parameter name"));
        }
        let Some((first, rest)) = segs.split_first() else {
            continue;
        };
        let slot = root.entry((*first).to_string());
        let node = match slot {
            std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => v.insert(new_node(rest.first())),
        };
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

fn insert(node: &mut Node, rest: &[&str], value: &str, key: &str) -> Result<(), String> {
    match (node, rest.split_first()) {
        (Node::Leaf(slot), None) => {
            if slot.is_some() {
                return Err(format!("`{key}` is given more than once"));
            }
            *slot = Some(value.to_string());
            Ok(())
        }
        (Node::List(items), Some((seg, tail))) if is_index(seg) => {
            let idx: usize = seg
                .parse()
                .map_err(|_| format!("`{key}`: item number {seg} is too large"))?;
            let child = items.entry(idx).or_insert_with(|| new_node(tail.first()));
            insert(child, tail, value, key)
        }
        (Node::Object(fields), Some((seg, tail))) if !is_index(seg) => {
            let child = fields
                .entry((*seg).to_string())
                .or_insert_with(|| new_node(tail.first()));
            insert(child, tail, value, key)
        }
        _ => Err(format!(
            "`{key}` conflicts with another parameter of the same name (given both as a value, a list `Name.N` and/or a struct `Name.Field`)"
        )),
    }
}

fn to_value(node: Node, base: usize, path: &str) -> Result<Value, String> {
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
            let expected: Vec<usize> = (base..base + numbers.len()).collect();
            if numbers != expected {
                return Err(format!(
                    "`{path}.N` items must be numbered {base}, {}, … without gaps (got {})",
                    base + 1,
                    numbers
                        .iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, child) in items {
                out.push(to_value(child, base, &format!("{path}.{i}"))?);
            }
            Value::Array(out)
        }
    })
}

/// The first `err:<Code>` string anywhere in `v` (depth-first, in key order), with its path.
pub fn find_trigger(v: &Value, path: &str) -> Option<(String, String)> {
    match v {
        Value::String(s) => s
            .strip_prefix(super::ERROR_TRIGGER)
            .map(|code| (code.trim().to_string(), path.to_string()))
            .filter(|(code, _)| !code.is_empty()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_trigger(item, &format!("{path}.{}", i + 1))),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            find_trigger(item, &p)
        }),
        _ => None,
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
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"Names": ["a", "b"], "Tag": [{"Key": "k", "Value": "v"}], "Single": ""})
        );
    }

    #[test]
    fn rejects_bad_numbering_conflicts_and_repeats() {
        let err = unflatten(&pairs(&[("Names.0", "a")]), 1).unwrap_err();
        assert!(err.contains("Names.N"), "{err}");
        let err = unflatten(&pairs(&[("Names.1", "a"), ("Names.3", "c")]), 1).unwrap_err();
        assert!(err.contains("1, 3"), "{err}");
        assert!(unflatten(&pairs(&[("A", "x"), ("A.1", "y")]), 1).is_err());
        assert!(unflatten(&pairs(&[("A.1", "y"), ("A", "x")]), 1).is_err());
        assert!(unflatten(&pairs(&[("A", "x"), ("A", "y")]), 1).is_err());
        assert!(unflatten(&pairs(&[("A..B", "x")]), 1).is_err());
        assert!(unflatten(&pairs(&[("A.99999999999999999999999", "x")]), 1).is_err());
        assert_eq!(
            unflatten(&pairs(&[("Names.0", "a")]), 0).unwrap(),
            json!({"Names": ["a"]})
        );
    }

    #[test]
    fn finds_triggers_with_paths() {
        let v = json!({"A": ["x", "err:Some.Code"], "B": "err:"});
        assert_eq!(
            find_trigger(&v, ""),
            Some(("Some.Code".to_string(), "A.2".to_string()))
        );
        assert_eq!(find_trigger(&json!({"B": "err:"}), ""), None);
    }
}
