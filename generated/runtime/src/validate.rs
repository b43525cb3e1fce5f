//! Validation as data: each action carries a table of rules by dotted wire path, checked here
//! against the request's plain JSON parameters, so the same check serves typed and generic callers.

use super::{ValidationError, ValidationErrors};
use serde_json::Value;

/// One rule a page states.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    Required,
    MaxItems(u64),
    MinItems(u64),
    MaxLength(u64),
    MinLength(u64),
    Minimum(i64),
    Maximum(i64),
    OneOf(&'static [&'static str]),
    Ascii,
    /// A list sent as one JSON-array string: must be an array (or a string holding one).
    JsonArray,
}

impl Check {
    fn name(&self) -> &'static str {
        match self {
            Check::Required => "required",
            Check::MaxItems(_) => "max_items",
            Check::MinItems(_) => "min_items",
            Check::MaxLength(_) => "max_length",
            Check::MinLength(_) => "min_length",
            Check::Minimum(_) => "minimum",
            Check::Maximum(_) => "maximum",
            Check::OneOf(_) => "enum",
            Check::Ascii => "ascii_only",
            Check::JsonArray => "json_array",
        }
    }
}

/// A rule on the parameter at `param` (dotted wire names; arrays are walked item by item).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub param: &'static str,
    pub check: Check,
    pub evidence: &'static str,
}

/// Shorthand for a rule.
pub const fn rule(param: &'static str, check: Check, evidence: &'static str) -> Rule {
    Rule {
        param,
        check,
        evidence,
    }
}

/// The constructors the generated tables use, one per check (short enough that most rules
/// stay on one line of generated code).
impl Rule {
    pub const fn required(param: &'static str, evidence: &'static str) -> Rule {
        rule(param, Check::Required, evidence)
    }
    pub const fn max_items(param: &'static str, n: u64, evidence: &'static str) -> Rule {
        rule(param, Check::MaxItems(n), evidence)
    }
    pub const fn min_items(param: &'static str, n: u64, evidence: &'static str) -> Rule {
        rule(param, Check::MinItems(n), evidence)
    }
    pub const fn max_length(param: &'static str, n: u64, evidence: &'static str) -> Rule {
        rule(param, Check::MaxLength(n), evidence)
    }
    pub const fn min_length(param: &'static str, n: u64, evidence: &'static str) -> Rule {
        rule(param, Check::MinLength(n), evidence)
    }
    pub const fn minimum(param: &'static str, n: i64, evidence: &'static str) -> Rule {
        rule(param, Check::Minimum(n), evidence)
    }
    pub const fn maximum(param: &'static str, n: i64, evidence: &'static str) -> Rule {
        rule(param, Check::Maximum(n), evidence)
    }
    pub const fn one_of(
        param: &'static str,
        values: &'static [&'static str],
        evidence: &'static str,
    ) -> Rule {
        rule(param, Check::OneOf(values), evidence)
    }
    pub const fn ascii(param: &'static str, evidence: &'static str) -> Rule {
        rule(param, Check::Ascii, evidence)
    }
    pub const fn json_array(param: &'static str, evidence: &'static str) -> Rule {
        rule(param, Check::JsonArray, evidence)
    }
}

/// Checks plain JSON parameters against rules; returns every violation.
pub fn validate_params(params: &Value, rules: &[Rule]) -> Result<(), ValidationErrors> {
    let mut errors = Vec::new();
    for r in rules {
        let segments: Vec<&str> = r.param.split('.').collect();
        let (parents, last) = segments.split_at(segments.len().saturating_sub(1));
        let mut holders = Vec::new();
        collect(params, parents, String::new(), &mut holders);
        for (path, holder) in holders {
            let name = last.first().copied().unwrap_or_default();
            let full = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            let value = holder.get(name).filter(|v| !v.is_null());
            if let Some(detail) = check(r.check, value) {
                errors.push(ValidationError {
                    param: full,
                    rule: r.check.name(),
                    detail,
                    evidence: r.evidence,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(errors))
    }
}

/// The objects that hold the rule's last segment, with their 1-based paths.
fn collect<'v>(v: &'v Value, segs: &[&str], path: String, out: &mut Vec<(String, &'v Value)>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, segs, format!("{path}.{}", i + 1), out);
            }
        }
        Value::Object(map) => match segs.split_first() {
            None => out.push((path.trim_start_matches('.').to_string(), v)),
            Some((first, rest)) => {
                if let Some(child) = map.get(*first) {
                    let p = if path.is_empty() {
                        (*first).to_string()
                    } else {
                        format!("{path}.{first}")
                    };
                    collect(child, rest, p, out);
                }
            }
        },
        _ => {}
    }
}

fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn json_array_len(v: &Value) -> Option<usize> {
    match v {
        Value::Array(a) => Some(a.len()),
        Value::String(s) => serde_json::from_str::<Vec<Value>>(s).ok().map(|a| a.len()),
        _ => None,
    }
}

fn check(c: Check, value: Option<&Value>) -> Option<String> {
    let v = match (c, value) {
        (Check::Required, None) => return Some("is required but missing".into()),
        (Check::Required, Some(Value::Array(a))) if a.is_empty() => {
            return Some("is required but empty".into())
        }
        (_, None) => return None,
        (_, Some(v)) => v,
    };
    match c {
        Check::Required => None,
        Check::MaxItems(n) => json_array_len(v)
            .filter(|len| *len as u64 > n)
            .map(|len| format!("has {len} items; at most {n} allowed")),
        Check::MinItems(n) => json_array_len(v)
            .filter(|len| (*len as u64) < n)
            .map(|len| format!("has {len} items; at least {n} required")),
        Check::JsonArray => match json_array_len(v) {
            Some(_) => None,
            None => Some("must be a JSON array".into()),
        },
        _ => items(v).into_iter().find_map(|item| scalar(c, item)),
    }
}

fn scalar(c: Check, v: &Value) -> Option<String> {
    let text = v.as_str();
    match c {
        Check::MaxLength(n) => text
            .map(|s| s.chars().count())
            .filter(|len| *len as u64 > n)
            .map(|len| format!("is {len} characters long; at most {n} allowed")),
        Check::MinLength(n) => text
            .map(|s| s.chars().count())
            .filter(|len| (*len as u64) < n)
            .map(|len| format!("is {len} characters long; at least {n} required")),
        Check::Ascii => text
            .filter(|s| !s.is_ascii())
            .map(|_| "must contain only ASCII characters".to_string()),
        Check::Minimum(n) => number(v)
            .filter(|x| *x < n as f64)
            .map(|x| format!("is {x}; the minimum is {n}")),
        Check::Maximum(n) => number(v)
            .filter(|x| *x > n as f64)
            .map(|x| format!("is {x}; the maximum is {n}")),
        Check::OneOf(allowed) => {
            let shown = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if allowed.iter().any(|a| a.eq_ignore_ascii_case(&shown)) {
                None
            } else {
                Some(format!("is {shown:?}; allowed: {}", allowed.join(", ")))
            }
        }
        _ => None,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}
