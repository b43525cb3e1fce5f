//! The validation engine: the rules a page states, checked against a request's plain JSON
//! parameters. Generated clients check their `&'static` rule tables with it before sending;
//! `docsdk mock` checks rules it builds from a spec at run time ([`Rule<String>`]) with it on
//! what it receives. One engine, so a call one accepts the other accepts too.
//!
//! # Semantics
//!
//! - **Paths.** A rule names its parameter by dotted wire names (`Filters.Name`); lists are
//!   walked item by item at every level, so `Filters.Name` is checked in each item of
//!   `Filters`. Violations name the exact place with item numbers from 1
//!   (`Filters.2.Name`), whatever the provider's query numbering.
//! - **Absent values.** A missing member and `null` are the same: only `required` checks
//!   them. Every other rule checks present values only.
//! - **`required`**: present, and not an empty list. An empty string is present.
//! - **Lists** (`max_items`, `min_items`): a present list counts its items, an empty one
//!   counts 0 (so `min_items = 1` rejects `[]`; clients leave empty lists out, which makes
//!   them absent). A parameter with a `json_array` rule may also be a string holding the
//!   list. Anything else is no list and is not counted (its shape is the wire's business).
//! - **Scalar rules** (`max_length`, `min_length`, `ascii_only`, `pattern`, `enum`,
//!   `minimum`, `maximum`) apply to a scalar, or to each item of a list (each failing item is
//!   reported at its own path, `Ids.3`).
//! - **Lengths** count Unicode scalar values (`"é"` is 1), strings only.
//! - **`enum`**: exact and case-sensitive. The page lists the values the service takes,
//!   spelled as the service spells them, and the services compare them exactly; accepting
//!   `prepaid` for `PREPAID` would only move the rejection to the server. Numbers and
//!   booleans compare by their JSON text (`2` matches `"2"`).
//! - **`minimum` / `maximum`**: JSON numbers, and strings that spell a JSON number (query
//!   parameters arrive as text: `"7"` is 7). Integers compare exactly. A string that is no
//!   number is not range-checked (it is a type error of the wire value, not a page rule).
//! - **`pattern`**: the regular expression as the page writes it, matched anywhere in the
//!   string (pages write `^…$` when they mean the whole value), compiled once per pattern
//!   and kept. A pattern the engine cannot compile states nothing checkable and is skipped,
//!   on both sides alike.
//! - **`json_array`**: the value is a list, or a string holding a JSON array. Scalar rules
//!   on such a parameter check its items; a value holding no list is reported once, by
//!   `json_array`.
//! - Every violation is reported, in rule-table order.

use crate::wire;
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

/// The text a rule is written in: `&'static str` in generated tables, `String` in rules built
/// at run time. `List` is how a list of such texts is held.
pub trait Text: AsRef<str> + Clone + fmt::Debug + PartialEq + Sized {
    type List: AsRef<[Self]> + Clone + fmt::Debug + PartialEq;
}

impl Text for &'static str {
    type List = &'static [&'static str];
}

impl Text for String {
    type List = Vec<String>;
}

/// One rule a page states.
#[derive(Debug, Clone, PartialEq)]
pub enum Check<T: Text = &'static str> {
    Required,
    MaxItems(u64),
    MinItems(u64),
    MaxLength(u64),
    MinLength(u64),
    Minimum(i64),
    Maximum(i64),
    OneOf(T::List),
    Ascii,
    /// A list sent as one JSON-array string: must be a list (or a string holding one).
    JsonArray,
    /// A regular expression the value must match.
    Pattern(T),
}

impl Copy for Check {}

impl<T: Text> Check<T> {
    /// The rule's name, as specs write it and violations report it.
    pub fn name(&self) -> &'static str {
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
            Check::Pattern(_) => "pattern",
        }
    }
}

/// A rule on the parameter at `param` (dotted wire names; lists are walked item by item),
/// with the page's sentence behind it (empty when the page gave none).
#[derive(Debug, Clone, PartialEq)]
pub struct Rule<T: Text = &'static str> {
    pub param: T,
    pub check: Check<T>,
    pub evidence: T,
}

impl Copy for Rule {}

impl<T: Text> Rule<T> {
    pub fn new(param: T, check: Check<T>, evidence: T) -> Rule<T> {
        Rule {
            param,
            check,
            evidence,
        }
    }
}

/// Shorthand for a rule of a generated table.
pub const fn rule(param: &'static str, check: Check, evidence: &'static str) -> Rule {
    Rule {
        param,
        check,
        evidence,
    }
}

/// The constructors generated tables use, one per check (short enough that most rules stay on
/// one line of generated code).
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
    pub const fn pattern(
        param: &'static str,
        pattern: &'static str,
        evidence: &'static str,
    ) -> Rule {
        rule(param, Check::Pattern(pattern), evidence)
    }
}

/// One broken rule: where, which rule, what was wrong and the page's sentence behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation<'e> {
    /// Dotted wire path, items numbered from 1 (`Filters.2.Name`).
    pub param: String,
    /// The rule's name ([`Check::name`]); callers add their own (`type`, `serialize`).
    pub rule: &'static str,
    pub detail: String,
    /// The documentation sentence the rule came from (empty when the page gave none).
    pub evidence: &'e str,
}

impl fmt::Display for Violation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.param, self.detail, self.rule)?;
        if !self.evidence.is_empty() {
            write!(f, "; the page says: \"{}\"", self.evidence)?;
        }
        Ok(())
    }
}

/// Every violation of `rules` in `params` (a JSON object), in rule order.
pub fn check<'r, T: Text>(params: &Value, rules: &'r [Rule<T>]) -> Vec<Violation<'r>> {
    let mut out = Vec::new();
    run(params, rules, |r, param, detail| {
        out.push(Violation {
            param,
            rule: r.check.name(),
            detail,
            evidence: r.evidence.as_ref(),
        })
    });
    out
}

/// [`check`] for a generated table: the violations keep the table's `'static` evidence.
pub fn check_static(params: &Value, rules: &[Rule]) -> Vec<Violation<'static>> {
    let mut out = Vec::new();
    run(params, rules, |r, param, detail| {
        out.push(Violation {
            param,
            rule: r.check.name(),
            detail,
            evidence: r.evidence,
        })
    });
    out
}

/// Checks every rule, calling `emit(rule, path, detail)` per violation.
fn run<'r, T: Text>(
    params: &Value,
    rules: &'r [Rule<T>],
    mut emit: impl FnMut(&'r Rule<T>, String, String),
) {
    // Parameters that may arrive as one JSON-array string.
    let encoded: Vec<&str> = rules
        .iter()
        .filter(|r| matches!(r.check, Check::JsonArray))
        .map(|r| r.param.as_ref())
        .collect();
    for r in rules {
        let param = r.param.as_ref();
        let (parents, name) = param.rsplit_once('.').unwrap_or(("", param));
        let segments: Vec<&str> = parents.split('.').filter(|s| !s.is_empty()).collect();
        let json_array = encoded.contains(&param);
        for_each_holder(params, &segments, "", &mut |path, holder| {
            // The path is only written out for a violation.
            let full = if path.is_empty() {
                Cow::Borrowed(name)
            } else {
                Cow::Owned(format!("{path}.{name}"))
            };
            let value = holder.get(name).filter(|v| !v.is_null());
            check_value(&r.check, value, json_array, &full, &mut |p, d| {
                emit(r, p, d)
            });
        });
    }
}

/// Visits the objects that hold a rule's last segment, with their paths (items numbered
/// from 1). A visitor rather than a list: a top-level rule allocates nothing.
fn for_each_holder(v: &Value, segs: &[&str], path: &str, visit: &mut dyn FnMut(&str, &Value)) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                for_each_holder(item, segs, &format!("{path}.{}", i + 1), visit);
            }
        }
        Value::Object(map) => match segs.split_first() {
            None => visit(path.trim_start_matches('.'), v),
            Some((first, rest)) => {
                if let Some(child) = map.get(*first) {
                    for_each_holder(child, rest, &format!("{path}.{first}"), visit);
                }
            }
        },
        _ => {}
    }
}

/// A value's items, if it is a list (or, for a JSON-array parameter, a string holding one).
fn list(v: &Value, json_array: bool) -> Option<Cow<'_, [Value]>> {
    match v {
        Value::Array(a) => Some(Cow::Borrowed(a.as_slice())),
        Value::String(s) if json_array => wire::parse_json_array(s).map(Cow::Owned),
        _ => None,
    }
}

fn check_value<T: Text>(
    c: &Check<T>,
    value: Option<&Value>,
    json_array: bool,
    path: &str,
    emit: &mut dyn FnMut(String, String),
) {
    let Some(v) = value else {
        if matches!(c, Check::Required) {
            emit(path.to_owned(), "is required but missing".into());
        }
        return;
    };
    let items = list(v, json_array || matches!(c, Check::JsonArray));
    match c {
        Check::Required => {
            if items.is_some_and(|a| a.is_empty()) {
                emit(path.to_owned(), "is required but empty".into());
            }
        }
        Check::MaxItems(n) => {
            if let Some(len) = items.map(|a| a.len()).filter(|len| *len as u64 > *n) {
                emit(
                    path.to_owned(),
                    format!("has {len} items; at most {n} allowed"),
                );
            }
        }
        Check::MinItems(n) => {
            if let Some(len) = items.map(|a| a.len()).filter(|len| (*len as u64) < *n) {
                emit(
                    path.to_owned(),
                    format!("has {len} items; at least {n} required"),
                );
            }
        }
        Check::JsonArray => {
            if items.is_none() {
                emit(
                    path.to_owned(),
                    "must be a JSON array (a list, or a string holding one)".into(),
                );
            }
        }
        _ => match items {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(detail) = scalar(c, item) {
                        emit(format!("{path}.{}", i + 1), detail);
                    }
                }
            }
            // A JSON-array parameter that holds no list is reported by its `json_array` rule.
            None if json_array => {}
            None => {
                if let Some(detail) = scalar(c, v) {
                    emit(path.to_owned(), detail);
                }
            }
        },
    }
}

/// What is wrong with one scalar under a scalar rule, if anything.
fn scalar<T: Text>(c: &Check<T>, v: &Value) -> Option<String> {
    let text = v.as_str();
    let chars = || text.map(|s| s.chars().count() as u64);
    match c {
        Check::MaxLength(n) => chars()
            .filter(|len| len > n)
            .map(|len| format!("is {len} characters long; at most {n} allowed")),
        Check::MinLength(n) => chars()
            .filter(|len| len < n)
            .map(|len| format!("is {len} characters long; at least {n} required")),
        Check::Ascii => text
            .filter(|s| !s.is_ascii())
            .map(|_| "must contain only ASCII characters".to_string()),
        Check::Pattern(p) => {
            let p = p.as_ref();
            text.filter(|s| matches_pattern(p, s) == Some(false))
                .map(|_| format!("does not match the pattern {p}"))
        }
        Check::Minimum(n) => number(v)
            .filter(|x| below(x, *n))
            .map(|x| format!("is {x}; the minimum is {n}")),
        Check::Maximum(n) => number(v)
            .filter(|x| above(x, *n))
            .map(|x| format!("is {x}; the maximum is {n}")),
        Check::OneOf(allowed) => {
            let allowed = allowed.as_ref();
            let shown = match v {
                Value::String(s) => Cow::Borrowed(s.as_str()),
                other => Cow::Owned(other.to_string()),
            };
            if allowed.iter().any(|a| a.as_ref() == shown) {
                None
            } else {
                let list: Vec<&str> = allowed.iter().map(AsRef::as_ref).collect();
                Some(format!("is {shown:?}; allowed: {}", list.join(", ")))
            }
        }
        Check::Required | Check::MaxItems(_) | Check::MinItems(_) | Check::JsonArray => None,
    }
}

/// A JSON number, or a string spelling one (query values are text).
fn number(v: &Value) -> Option<Number> {
    match v {
        Value::Number(n) => Some(n.clone()),
        Value::String(s) => match wire::Kind::Float.parse(s) {
            Some(Value::Number(n)) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

fn below(x: &Number, bound: i64) -> bool {
    match (x.as_i64(), x.as_u64()) {
        (Some(i), _) => i < bound,
        (None, Some(_)) => false,
        _ => x.as_f64().is_some_and(|f| f < bound as f64),
    }
}

fn above(x: &Number, bound: i64) -> bool {
    match (x.as_i64(), x.as_u64()) {
        (Some(i), _) => i > bound,
        (None, Some(_)) => true,
        _ => x.as_f64().is_some_and(|f| f > bound as f64),
    }
}

/// Whether `text` matches `pattern`; `None` when the pattern does not compile. Each pattern is
/// compiled once and kept: patterns come from rule tables (specs), not from requests, so the
/// cache stays as small as the tables.
pub fn matches_pattern(pattern: &str, text: &str) -> Option<bool> {
    type Cache = Mutex<HashMap<String, Option<Arc<regex_lite::Regex>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let regex = {
        // A panic elsewhere while holding the lock leaves the map consistent.
        let mut cache = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match cache.get(pattern) {
            Some(hit) => hit.clone(),
            None => {
                let compiled = regex_lite::Regex::new(pattern).ok().map(Arc::new);
                cache.insert(pattern.to_string(), compiled.clone());
                compiled
            }
        }
    };
    regex.map(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn broken(params: Value, rules: &[Rule]) -> Vec<(String, &'static str)> {
        check_static(&params, rules)
            .into_iter()
            .map(|v| (v.param, v.rule))
            .collect()
    }

    fn at(param: &str, rule: &'static str) -> (String, &'static str) {
        (param.to_string(), rule)
    }

    #[test]
    fn presence_and_lists() {
        let rules = [
            Rule::required("Ids", ""),
            Rule::min_items("Ids", 2, ""),
            Rule::max_items("Ids", 3, ""),
            Rule::min_items("Tags", 1, ""),
        ];
        assert_eq!(broken(json!({"Ids": ["a", "b"]}), &rules), []);
        assert_eq!(
            broken(json!({"Ids": null}), &rules),
            [at("Ids", "required")]
        );
        assert_eq!(
            broken(json!({"Ids": [], "Tags": []}), &rules),
            [
                at("Ids", "required"),
                at("Ids", "min_items"),
                at("Tags", "min_items")
            ]
        );
        assert_eq!(
            broken(json!({"Ids": ["a", "b", "c", "d"]}), &rules),
            [at("Ids", "max_items")]
        );
        // Not a list: not counted.
        assert_eq!(broken(json!({"Ids": "a"}), &rules), []);
    }

    #[test]
    fn scalars_and_list_items() {
        let rules = [
            Rule::max_length("Name", 3, "short"),
            Rule::ascii("Name", ""),
            Rule::min_length("Ids", 2, ""),
            Rule::one_of("State", &["RUNNING", "STOPPED"], ""),
            Rule::one_of("Size", &["1", "2"], ""),
            Rule::minimum("Limit", 1, ""),
            Rule::maximum("Limit", 100, ""),
        ];
        assert_eq!(
            broken(
                json!({"Name": "ab", "Ids": ["ab"], "State": "RUNNING", "Size": 2, "Limit": "100"}),
                &rules
            ),
            []
        );
        assert_eq!(
            broken(
                json!({"Name": "ééééé", "Ids": ["ab", "a", "b"], "State": "running",
                    "Size": 3, "Limit": "101"}),
                &rules
            ),
            [
                at("Name", "max_length"),
                at("Name", "ascii_only"),
                at("Ids.2", "min_length"),
                at("Ids.3", "min_length"),
                at("State", "enum"),
                at("Size", "enum"),
                at("Limit", "maximum"),
            ]
        );
        assert_eq!(
            broken(json!({"Limit": 0}), &rules),
            [at("Limit", "minimum")]
        );
        // Not a number: no range to check.
        assert_eq!(broken(json!({"Limit": "lots"}), &rules), []);
        assert_eq!(
            broken(json!({"Limit": u64::MAX}), &rules),
            [at("Limit", "maximum")]
        );
        assert_eq!(
            broken(json!({"Limit": 0.5}), &rules),
            [at("Limit", "minimum")]
        );
    }

    #[test]
    fn nested_paths_through_lists() {
        let rules = [
            Rule::required("Filters.Name", ""),
            Rule::max_items("Filters.Values", 1, ""),
            Rule::max_length("Filters.Values", 2, ""),
        ];
        let params = json!({"Filters": [
            {"Name": "a", "Values": ["x"]},
            {"Values": ["x", "yyy"]},
        ]});
        assert_eq!(
            broken(params, &rules),
            [
                at("Filters.2.Name", "required"),
                at("Filters.2.Values", "max_items"),
                at("Filters.2.Values.2", "max_length"),
            ]
        );
        assert_eq!(broken(json!({}), &rules), []);
    }

    #[test]
    fn json_array_parameters_may_be_strings() {
        let rules = [
            Rule::json_array("Ids", ""),
            Rule::max_items("Ids", 2, ""),
            Rule::max_length("Ids", 3, ""),
        ];
        assert_eq!(broken(json!({"Ids": ["i-1"]}), &rules), []);
        assert_eq!(broken(json!({"Ids": "[\"i-1\"]"}), &rules), []);
        assert_eq!(
            broken(json!({"Ids": "[\"i-1\",\"i-2\",\"i-33\"]"}), &rules),
            [at("Ids", "max_items"), at("Ids.3", "max_length")]
        );
        assert_eq!(
            broken(json!({"Ids": "i-1,i-2"}), &rules),
            [at("Ids", "json_array")]
        );
        // Without a json_array rule a string is a plain string.
        let plain = [Rule::max_items("Ids", 0, "")];
        assert_eq!(broken(json!({"Ids": "[1]"}), &plain), []);
    }

    #[test]
    fn patterns_compile_once_and_bad_ones_are_skipped() {
        let rules = [
            Rule::pattern("Name", "^[a-z][a-z0-9-]*$", ""),
            Rule::pattern("Other", "(unclosed", ""),
        ];
        assert_eq!(broken(json!({"Name": "web-1", "Other": "x"}), &rules), []);
        assert_eq!(
            broken(json!({"Name": "Web_1"}), &rules),
            [at("Name", "pattern")]
        );
        assert_eq!(matches_pattern("(unclosed", "x"), None);
    }

    #[test]
    fn owned_rules_check_the_same_and_keep_their_evidence() {
        let owned = vec![Rule::new(
            "State".to_string(),
            Check::OneOf(vec!["A".to_string()]),
            "Valid values: A.".to_string(),
        )];
        let found = check(&json!({"State": "a"}), &owned);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].evidence, "Valid values: A.");
        assert_eq!(
            found[0].to_string(),
            "State: is \"a\"; allowed: A (enum); the page says: \"Valid values: A.\""
        );
    }
}
