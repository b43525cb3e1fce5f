//! The validation rules a spec implies: every rule a request field carries, by dotted wire
//! path, with the page sentence it came from. [`rules_for`] is the one spec → rule mapping:
//! the generator emits it as each action's `RULES` table and `docsdk mock` checks what it
//! receives against it, both with the protocol core's engine (`docsdk_protocol::validate`),
//! so a client and the mock judge a call alike. `default` is documented, not enforced.

use crate::{Field, ScalarKind, Spec};
use docsdk_protocol::validate::{Check, Rule};
use docsdk_protocol::wire::Kind;
use std::collections::BTreeSet;

fn evidence(f: &Field, rule: &str) -> String {
    f.constraints
        .evidence
        .get(rule)
        .cloned()
        .unwrap_or_default()
}

/// The scalar kind of a field's type word, for the non-string ones.
pub fn scalar_kind(f: &Field) -> Option<Kind> {
    match f.ty.scalar()? {
        ScalarKind::Integer => Some(Kind::Integer),
        ScalarKind::Float => Some(Kind::Float),
        ScalarKind::Boolean => Some(Kind::Bool),
        ScalarKind::String | ScalarKind::Binary => None,
    }
}

/// Whether a field is a list sent as one JSON-array string (Alibaba `encoding = "json-array"`).
pub fn is_json_array(f: &Field) -> bool {
    f.json_array()
}

/// Walks request fields (and the structs they use) depth-first with dotted paths.
fn walk<'s>(
    spec: &'s Spec,
    fields: &'s [Field],
    prefix: &str,
    seen: &mut BTreeSet<String>,
    visit: &mut dyn FnMut(&str, &'s Field),
) {
    for f in fields {
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        visit(&path, f);
        if let Some(s) = f.struct_name().and_then(|n| spec.struct_named(n)) {
            if seen.insert(s.name.clone()) {
                walk(spec, &s.fields, &path, seen, visit);
                seen.remove(&s.name);
            }
        }
    }
}

/// Every rule the spec's request fields state, in table order (fields depth-first; per field:
/// required, items, lengths, range, enum, ASCII, JSON array, pattern), each with its evidence.
pub fn rules_for(spec: &Spec) -> Vec<Rule<String>> {
    let mut rules = Vec::new();
    let mut seen = BTreeSet::new();
    walk(spec, &spec.request, "", &mut seen, &mut |path, f| {
        field_rules(path, f, &mut rules)
    });
    rules
}

/// The rules of one field at `path`.
fn field_rules(path: &str, f: &Field, out: &mut Vec<Rule<String>>) {
    let c = &f.constraints;
    let mut push = |check: Check<String>, evidence_key: &str| {
        out.push(Rule::new(
            path.to_string(),
            check,
            evidence(f, evidence_key),
        ));
    };
    if f.required {
        push(Check::Required, "required");
    }
    if let Some(n) = c.max_items {
        push(Check::MaxItems(n), "max_items");
    }
    if let Some(n) = c.min_items {
        push(Check::MinItems(n), "min_items");
    }
    if let Some(n) = c.max_length {
        push(Check::MaxLength(n), "max_length");
    }
    if let Some(n) = c.min_length {
        push(Check::MinLength(n), "min_length");
    }
    if let Some(n) = c.minimum {
        push(Check::Minimum(n), "minimum");
    }
    if let Some(n) = c.maximum {
        push(Check::Maximum(n), "maximum");
    }
    // A boolean's "valid values" are true and false: the type says it already.
    if !c.enum_values.is_empty() && scalar_kind(f) != Some(Kind::Bool) {
        push(Check::OneOf(c.enum_values.clone()), "enum");
    }
    if c.ascii_only {
        push(Check::Ascii, "ascii_only");
    }
    if is_json_array(f) {
        push(Check::JsonArray, "encoding");
    }
    if let Some(p) = &c.pattern {
        push(Check::Pattern(p.clone()), "pattern");
    }
}

/// Non-string request parameters by dotted path (lists transparent).
pub fn kinds_for(spec: &Spec) -> Vec<(String, Kind)> {
    let mut kinds = Vec::new();
    let mut seen = BTreeSet::new();
    walk(spec, &spec.request, "", &mut seen, &mut |path, f| {
        if let Some(k) = scalar_kind(f) {
            kinds.push((path.to_string(), k));
        }
    });
    kinds
}

/// Top-level parameters sent as one JSON-array string.
pub fn json_array_params(spec: &Spec) -> Vec<&str> {
    spec.request
        .iter()
        .filter(|f| is_json_array(f))
        .map(|f| f.name.as_str())
        .collect()
}
