//! Error triggers in request parameters. (Query and form pairs are folded into plain JSON by
//! the protocol core's `wire::unflatten`, the same rules the clients flatten with.)

use serde_json::Value;

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
