//! Validation tables: every rule a request field carries, by dotted wire path, with the page
//! sentence it came from. [`rules_for`] is the one spec → rule mapping: the generator emits
//! it as each action's `RULES` table ([`rules`]) and `docsdk mock` checks what it receives
//! against it, both with the protocol core's engine (`docsdk_protocol::validate`), so a
//! client and the mock judge a call alike. `default` is documented, not enforced.

use super::types::Kind;
use crate::spec::{Field, ScalarKind, Spec};
use docsdk_protocol::validate::{Check, Rule};
use proc_macro2::Literal;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
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

/// The `RULES` table: [`rules_for`] as `rt::Rule` constructor calls,
/// `<ctor>(path, [arg,] evidence)`.
pub fn rules(spec: &Spec) -> TokenStream {
    let rules = rules_for(spec).iter().map(rule_tokens).collect::<Vec<_>>();
    quote!(#(#rules),*)
}

fn rule_tokens(r: &Rule<String>) -> TokenStream {
    let unsigned = |n: u64| Some(Literal::u64_unsuffixed(n).into_token_stream());
    let signed = |n: i64| Some(Literal::i64_unsuffixed(n).into_token_stream());
    let (ctor, arg) = match &r.check {
        Check::Required => ("required", None),
        Check::MaxItems(n) => ("max_items", unsigned(*n)),
        Check::MinItems(n) => ("min_items", unsigned(*n)),
        Check::MaxLength(n) => ("max_length", unsigned(*n)),
        Check::MinLength(n) => ("min_length", unsigned(*n)),
        Check::Minimum(n) => ("minimum", signed(*n)),
        Check::Maximum(n) => ("maximum", signed(*n)),
        Check::OneOf(values) => ("one_of", Some(quote!(&[#(#values),*]))),
        Check::Ascii => ("ascii", None),
        Check::JsonArray => ("json_array", None),
        Check::Pattern(p) => ("pattern", Some(quote!(#p))),
    };
    let ctor = format_ident!("{ctor}");
    let arg = arg.map(|a| quote!(#a,));
    let (path, ev) = (&r.param, &r.evidence);
    quote!(#ctor(#path, #arg #ev))
}

/// The `kinds` table: non-string request parameters by dotted path.
pub fn kinds(spec: &Spec) -> TokenStream {
    let kinds = kinds_for(spec).into_iter().map(|(path, k)| {
        let k = match k {
            Kind::Bool => quote!(Bool),
            Kind::Integer => quote!(Integer),
            Kind::Float => quote!(Float),
        };
        quote!((#path, rt::Kind::#k))
    });
    quote!(&[#(#kinds),*])
}

/// Top-level parameters sent as one JSON-array string.
pub fn json_array(spec: &Spec) -> TokenStream {
    let names = json_array_params(spec);
    quote!(&[#(#names),*])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Constraints, Provider};

    #[test]
    fn one_mapping_gives_rules_and_their_tokens() {
        let mut spec = Spec::new(
            Provider::Alibaba,
            "ecs",
            "2014-05-26",
            "Act",
            "ecs.aliyuncs.com",
        );
        let mut ids = Field {
            name: "Ids".into(),
            ty: crate::spec::FieldType::STRING,
            required: true,
            constraints: Constraints {
                encoding: Some(crate::spec::Encoding::JsonArray),
                max_items: Some(2),
                pattern: Some("^i-".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        ids.constraints
            .evidence
            .insert("max_items".into(), "Up to 2.".into());
        spec.request.push(ids);
        let rules_of_spec = rules_for(&spec);
        let names: Vec<(&str, &str)> = rules_of_spec
            .iter()
            .map(|r| (r.param.as_str(), r.check.name()))
            .collect();
        assert_eq!(
            names,
            [
                ("Ids", "required"),
                ("Ids", "max_items"),
                ("Ids", "json_array"),
                ("Ids", "pattern")
            ]
        );
        assert_eq!(
            rules(&spec).to_string(),
            quote!(
                required("Ids", ""),
                max_items("Ids", 2, "Up to 2."),
                json_array("Ids", ""),
                pattern("Ids", "^i-", "")
            )
            .to_string()
        );
    }
}
