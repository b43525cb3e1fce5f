//! Per-action error enums: the page's codes as variants, the provider's common codes, and an
//! `Unknown { code, message, .. }` fallback; batch-item codes get their own enum.

use super::docs;
use super::names::{ident, pascal, Scope};
use super::types::{string_enum, Types};
use super::GenerateError;
use crate::spec::{ErrorCode, Provider};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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

/// The request error enum and its impls.
pub fn error_enum(t: &Types) -> Result<TokenStream, GenerateError> {
    let spec = t.spec;
    let name = ident(&t.names.error);
    let scope_name = format!("{} error codes", spec.action.name);
    let mut scope = Scope::new(&scope_name);
    scope.claim("Common", "(provider common codes)")?;
    scope.claim("Unknown", "(undocumented codes)")?;
    let mut variants = Vec::new();
    let mut codes = Vec::new();
    for e in spec
        .errors
        .iter()
        .filter(|e| e.scope.as_deref() != Some("item"))
    {
        let rust = pascal(&e.code);
        scope.claim(&rust, &e.code)?;
        let id = format_ident!("{}", rust);
        let code = &e.code;
        let doc = docs::lines([format!(
            "`{}`: {}",
            docs::clean(code),
            docs::clean(&describe(e))
        )]);
        variants.push(quote!(#doc #id(rt::ErrorMeta),));
        codes.push(quote!(#id = #code));
    }
    let provider = provider_variant(spec.action.provider);
    let doc = docs::lines([format!(
        "Errors {} can return: the codes its page documents, the provider's common codes, and any other code as `Unknown`.",
        spec.action.name
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
pub fn item_enum(t: &Types) -> Result<Option<TokenStream>, GenerateError> {
    let spec = t.spec;
    let items: Vec<&ErrorCode> = spec
        .errors
        .iter()
        .filter(|e| e.scope.as_deref() == Some("item"))
        .collect();
    if items.is_empty() {
        return Ok(None);
    }
    let scope_name = format!("{} item error codes", spec.action.name);
    let mut scope = Scope::new(&scope_name);
    scope.claim("Unknown", "(undocumented codes)")?;
    let mut variants = Vec::new();
    let mut wire = Vec::new();
    for e in items {
        let rust = pascal(&e.code);
        scope.claim(&rust, &e.code)?;
        let id = format_ident!("{}", rust);
        let code = &e.code;
        let doc = docs::doc([describe(e)]);
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
