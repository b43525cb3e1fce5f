//! Validation tables in generated code: [`docsdk_spec::rules::rules_for`] (the one spec →
//! rule mapping, which `docsdk mock` checks with too) as each action's `RULES` table, plus the
//! wire-kind and JSON-array tables.

use crate::spec::rules::{json_array_params, kinds_for, rules_for};
use crate::spec::Spec;
use docsdk_protocol::validate::{Check, Rule};
use docsdk_protocol::wire::Kind;
use proc_macro2::Literal;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

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
    use crate::spec::{Constraints, Field, Provider};

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
