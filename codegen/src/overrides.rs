//! Overrides: hand corrections in `<Action>.override.toml` beside a spec, merged over the
//! scraped spec on every scrape and build so they survive re-scraping.
//!
//! Merge rules: tables merge key by key; arrays of tables whose items have a `name` (fields,
//! structs) or `code` (errors) merge item by item on that key, adding items the page lacks;
//! any other value replaces the scraped one.

use crate::spec::{Spec, SpecError};
use std::path::{Path, PathBuf};
use toml::Value;

/// The override file that belongs beside a spec file.
pub fn override_path(spec_path: &Path) -> PathBuf {
    let stem = spec_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    spec_path.with_file_name(format!("{stem}.override.toml"))
}

/// What applying an override did, for the user to review.
#[derive(Debug, Default, PartialEq)]
pub struct Applied {
    /// Items the override patches by key that the scraped spec no longer has.
    pub added: Vec<String>,
}

/// Applies an override's TOML text to a spec.
pub fn apply(spec: &Spec, override_text: &str, path: &str) -> Result<(Spec, Applied), SpecError> {
    let patch: Value = toml::from_str(override_text).map_err(|e| SpecError::Parse {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    let mut base = Value::try_from(spec).map_err(|e| SpecError::Parse {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    let mut applied = Applied::default();
    merge(&mut base, patch, "", &mut applied);
    let merged: Spec = base
        .try_into()
        .map_err(|e: toml::de::Error| SpecError::Parse {
            path: path.to_string(),
            message: format!("the spec with this override applied is not valid: {e}"),
        })?;
    Ok((merged, applied))
}

fn item_key(v: &Value) -> Option<(&'static str, String)> {
    let t = v.as_table()?;
    for k in ["name", "code"] {
        if let Some(Value::String(s)) = t.get(k) {
            return Some((k, s.clone()));
        }
    }
    None
}

fn merge(base: &mut Value, patch: Value, at: &str, applied: &mut Applied) {
    match (base, patch) {
        (Value::Table(b), Value::Table(p)) => {
            for (k, v) in p {
                let here = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                match b.get_mut(&k) {
                    Some(existing) => merge(existing, v, &here, applied),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (Value::Array(b), Value::Array(p)) if p.iter().all(|v| item_key(v).is_some()) => {
            for item in p {
                let Some((_, key)) = item_key(&item) else {
                    continue;
                };
                match b
                    .iter_mut()
                    .find(|e| item_key(e).is_some_and(|(_, k)| k == key))
                {
                    Some(existing) => merge(existing, item, &format!("{at}[{key}]"), applied),
                    None => {
                        applied.added.push(format!("{at}[{key}]"));
                        b.push(item);
                    }
                }
            }
        }
        (b, p) => *b = p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
schema = 1
[action]
provider = "tencent"
service = "cvm"
version = "2017-03-12"
name = "Act"
endpoint = "cvm.tencentcloudapi.com"
method = "POST"
[[request]]
name = "Ids"
type = "string"
array = true
required = true
"#;

    #[test]
    fn merges_fields_by_name_and_adds_missing() {
        let spec = Spec::from_toml(SPEC, "x").unwrap();
        let patch = r#"
[action]
summary = "Fixed summary."
[[request]]
name = "Ids"
max_items = 5
[[request]]
name = "Extra"
type = "integer"
"#;
        let (merged, applied) = apply(&spec, patch, "x.override.toml").unwrap();
        assert_eq!(merged.action.summary, "Fixed summary.");
        assert_eq!(merged.request[0].constraints.max_items, Some(5));
        assert!(merged.request[0].required);
        assert_eq!(merged.request[1].name, "Extra");
        assert_eq!(applied.added, ["request[Extra]"]);
    }

    #[test]
    fn bad_override_names_the_file() {
        let spec = Spec::from_toml(SPEC, "x").unwrap();
        let err = apply(&spec, "[action\n", "a/X.override.toml").unwrap_err();
        assert!(err.to_string().contains("a/X.override.toml"));
    }
}
