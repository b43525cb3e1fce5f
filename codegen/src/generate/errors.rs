//! Per-action error enums: the page's codes as variants, the provider's common codes, and an
//! `Unknown { code, message, .. }` fallback; batch-item codes get their own enum.

use super::docs;
use super::names::{dedup, ident, pascal, resolve, Named, Want};
use super::types::{string_enum, Types};
use super::GenerateError;
use crate::spec::{ErrorCode, Provider};
use proc_macro2::TokenStream;
use quote::quote;

fn describe(e: &ErrorCode) -> String {
    let mut s = if e.description.is_empty() {
        e.message.clone()
    } else {
        e.description.clone()
    };
    if let Some(status) = e.http_status {
        s.push_str(&format!(" (HTTP {status})"));
    }
    s
}

pub fn provider_variant(p: Provider) -> TokenStream {
    match p {
        Provider::Tencent => quote!(Tencent),
        Provider::Volcengine => quote!(Volcengine),
        Provider::Alibaba => quote!(Alibaba),
    }
}

/// Error codes of one scope without exact repeats (a warning for each repeat), with their
/// variant names (collisions numbered, `reserved` kept free).
fn variant_names<'e>(
    codes: &[&'e ErrorCode],
    reserved: &[&str],
    what: &str,
    warnings: &mut Vec<String>,
) -> Vec<(&'e ErrorCode, Named)> {
    let (keep, dropped) = dedup(codes, |e| e.code.clone());
    for i in dropped {
        warnings.push(format!(
            "{what} `{}` is documented twice; the first row is used",
            codes[i].code
        ));
    }
    let wants: Vec<Want> = keep
        .iter()
        .map(|&i| Want::one(codes[i].code.clone(), pascal(&codes[i].code)))
        .collect();
    let named = resolve(&wants, &[reserved]);
    keep.into_iter()
        .zip(named)
        .map(|(i, n)| {
            warnings.extend(n.warning(what));
            (codes[i], n)
        })
        .collect()
}

/// The request error enum and its impls.
pub fn error_enum(t: &mut Types) -> Result<TokenStream, GenerateError> {
    let spec = t.spec;
    let name = ident(&t.names.error);
    let codes: Vec<&ErrorCode> = spec.errors.iter().filter(|e| !e.per_item()).collect();
    let mut variants = Vec::new();
    let mut codes_out = Vec::new();
    for (e, n) in variant_names(
        &codes,
        &["Common", "Unknown"],
        "error code",
        &mut t.warnings,
    ) {
        let id = ident(n.rust());
        let code = &e.code;
        let mut paras = vec![format!(
            "{}: {}",
            docs::code(code),
            docs::clean(&describe(e))
        )];
        paras.extend(n.doc_note("error code"));
        let doc = docs::lines(paras);
        variants.push(quote!(#doc #id(rt::ErrorMeta),));
        codes_out.push(quote!(#id = #code));
    }
    let codes = codes_out;
    let provider = provider_variant(spec.action.provider);
    let doc = docs::lines([format!(
        "Errors {} can return: the codes its page documents, the provider's common codes, and any other code as `Unknown`.",
        docs::clean(&spec.action.name)
    )]);
    Ok(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A provider-wide code (authentication, throttling, internal errors…).
            Common(rt::CommonError),
            /// A code the page does not document.
            Unknown { code: String, message: String, request_id: Option<String>, http_status: u16 },
        }
        rt::error_impls!(#name, #provider { #(#codes),* });
    })
}

/// The batch-item error enum, when the page lists item-scoped codes.
pub fn item_enum(t: &mut Types) -> Result<Option<TokenStream>, GenerateError> {
    let spec = t.spec;
    let items: Vec<&ErrorCode> = spec.errors.iter().filter(|e| e.per_item()).collect();
    if items.is_empty() {
        return Ok(None);
    }
    let mut variants = Vec::new();
    let mut wire = Vec::new();
    for (e, n) in variant_names(&items, &["Unknown"], "item error code", &mut t.warnings) {
        let id = ident(n.rust());
        let code = &e.code;
        let mut paras = vec![docs::clean(&describe(e))];
        paras.extend(n.doc_note("item error code"));
        let doc = docs::lines(paras);
        variants.push(quote!(#doc #id));
        wire.push(quote!(#id = #code));
    }
    let name = ident(&t.names.item_error);
    let doc = docs::doc([format!(
        "Codes one item of a {} batch can fail with (reported inside the response).",
        spec.action.name
    )]);
    Ok(Some(string_enum(doc, &name, &variants, &wire)))
}
