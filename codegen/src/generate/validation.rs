//! Validation tables: every rule a request field carries, by dotted wire path, with the page
//! sentence it came from. The runtime checks them all and reports every violation at once.
//! `pattern` and `default` are documented but not enforced (a wrong pattern would reject valid
//! calls).

use crate::spec::{Field, ScalarKind, Spec};
use proc_macro2::Literal;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use std::collections::BTreeSet;

fn evidence<'a>(f: &'a Field, rule: &str) -> &'a str {
    f.constraints
        .evidence
        .get(rule)
        .map(String::as_str)
        .unwrap_or("")
}

/// The runtime's kind check for a non-text scalar (`rt::Kind`); text needs none.
fn runtime_kind(f: &Field) -> Option<TokenStream> {
    match f.ty.scalar()? {
        ScalarKind::Boolean => Some(quote!(Bool)),
        ScalarKind::Integer => Some(quote!(Integer)),
        ScalarKind::Float => Some(quote!(Float)),
        ScalarKind::String | ScalarKind::Binary => None,
    }
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

/// The `RULES` table.
pub fn rules(spec: &Spec) -> TokenStream {
    let mut rules = Vec::new();
    let mut seen = BTreeSet::new();
    walk(spec, &spec.request, "", &mut seen, &mut |path, f| {
        let c = &f.constraints;
        // `<ctor>(path, [arg,] evidence)`, each a `rt::Rule` constructor (see `rt::rules!`)
        let mut push = |ctor: &str, arg: Option<TokenStream>, rule: &str| {
            let ev = evidence(f, rule);
            let ctor = format_ident!("{ctor}");
            let arg = arg.map(|a| quote!(#a,));
            rules.push(quote!(#ctor(#path, #arg #ev)));
        };
        let unsigned = |n: u64| Some(Literal::u64_unsuffixed(n).into_token_stream());
        let signed = |n: i64| Some(Literal::i64_unsuffixed(n).into_token_stream());
        if f.required {
            push("required", None, "required");
        }
        if let Some(n) = c.max_items {
            push("max_items", unsigned(n), "max_items");
        }
        if let Some(n) = c.min_items {
            push("min_items", unsigned(n), "min_items");
        }
        if let Some(n) = c.max_length {
            push("max_length", unsigned(n), "max_length");
        }
        if let Some(n) = c.min_length {
            push("min_length", unsigned(n), "min_length");
        }
        if let Some(n) = c.minimum {
            push("minimum", signed(n), "minimum");
        }
        if let Some(n) = c.maximum {
            push("maximum", signed(n), "maximum");
        }
        if !c.enum_values.is_empty() && f.ty.scalar() != Some(ScalarKind::Boolean) {
            let values = &c.enum_values;
            push("one_of", Some(quote!(&[#(#values),*])), "enum");
        }
        if c.ascii_only {
            push("ascii", None, "ascii_only");
        }
        if f.json_array() {
            push("json_array", None, "encoding");
        }
    });
    quote!(#(#rules),*)
}

/// The `kinds` table: non-string request parameters by dotted path.
pub fn kinds(spec: &Spec) -> TokenStream {
    let mut kinds = Vec::new();
    let mut seen = BTreeSet::new();
    walk(spec, &spec.request, "", &mut seen, &mut |path, f| {
        let Some(k) = runtime_kind(f) else {
            return;
        };
        kinds.push(quote!((#path, rt::Kind::#k)));
    });
    quote!(&[#(#kinds),*])
}

/// Top-level parameters sent as one JSON-array string.
pub fn json_array(spec: &Spec) -> TokenStream {
    let names = spec
        .request
        .iter()
        .filter(|f| f.json_array())
        .map(|f| f.name.as_str());
    quote!(&[#(#names),*])
}
