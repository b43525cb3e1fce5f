//! Doc examples become tests: each example's request must parse into the typed request and
//! serialize to the documented wire form; its response must deserialize with every field kept.

use super::names::ident;
use super::types::Types;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn tests(t: &Types) -> TokenStream {
    let req = ident(&t.names.request);
    let tests: Vec<TokenStream> = t
        .spec
        .examples
        .iter()
        .enumerate()
        .filter(|(_, e)| !(e.request.trim().is_empty() && e.response.trim().is_empty()))
        .map(|(i, e)| {
            let name = format_ident!("example_{}", i + 1);
            let (rq, rs) = (&e.request, &e.response);
            let title = super::docs::doc([e.title.as_str()]);
            quote! { #title #name: #rq, #rs; }
        })
        .collect();
    if tests.is_empty() {
        return quote!();
    }
    // A test module named like the action module would trip `clippy::module_inception`.
    let module = if t.names.module == "examples" {
        format_ident!("page_examples")
    } else {
        format_ident!("examples")
    };
    // One runtime macro for all of an action's examples (`rt::examples!`): fewer generated lines.
    quote! {
        rt::examples!(mod #module for #req { #(#tests)* });
    }
}
