//! Per action: the `Operation` impl (metadata and rule tables) and the fluent builder whose
//! `send().await` makes the call. Per service version: a `Client` with one snake_case method
//! per action.

use super::docs;
use super::errors::provider_variant;
use super::names::{ident, resolve, Want, TRAIT_METHODS};
use super::types::{field_doc, field_names, ActionNames, Side, Types};
use super::validation;
use super::GenerateError;
use crate::spec::{Per, RegionUse, Spec};
use proc_macro2::TokenStream;
use quote::quote;

/// Builder methods a setter must not shadow.
const BUILDER_METHODS: &[&str] = &["send", "build", "input", "client", "new"];

pub fn operation_impl(t: &Types) -> TokenStream {
    let a = &t.spec.action;
    let req = ident(&t.names.request);
    let resp = ident(&t.names.response);
    let err = ident(&t.names.error);
    let provider = provider_variant(a.provider);
    let (service, version, action, endpoint) = (&a.service, &a.version, &a.name, &a.endpoint);
    let method = a.method.as_str();
    // Only what the page documents beyond the defaults, one `const` setter each.
    let mut parts = Vec::new();
    if let Some(r) = &a.regional_endpoint {
        parts.push(quote!(regional(#r)));
    }
    match a.region {
        RegionUse::Required => parts.push(quote!(region(rt::RegionUse::Required))),
        RegionUse::Unused => parts.push(quote!(region(rt::RegionUse::Unused))),
        RegionUse::Optional => {}
    }
    if t.spec.request.iter().any(|f| f.json_array()) {
        let json_array = validation::json_array(t.spec);
        parts.push(quote!(json_array(#json_array)));
    }
    let kinds = validation::kinds(t.spec);
    if kinds.to_string() != quote!(&[]).to_string() {
        parts.push(quote!(kinds(#kinds)));
    }
    if let Some(name) = idempotency_param(t.spec) {
        parts.push(quote!(token(#name)));
    }
    if let Some(rl) = &a.rate_limit {
        let requests = rl.requests;
        let per_seconds: u32 = match rl.per {
            Per::Second => 1,
            Per::Minute => 60,
            Per::Hour => 3600,
        };
        parts.push(quote!(rate_limit(#requests, #per_seconds)));
    }
    let rules = validation::rules(t.spec);
    // One runtime macro (`rt::operation!`) writes the `Operation` impl: the `OpMeta` with a
    // `const` setter for each fact above, and the rule table.
    quote! {
        rt::operation!(
            #req => #resp, #err, #provider, #service, #version, #action, #method, #endpoint
            #(, #parts)*; [#rules]
        );
    }
}

/// The request parameter the page documents as the idempotency token: a top-level string
/// parameter named `ClientToken` (any case) or `ClientRequestToken`, or a `…Token` string
/// parameter whose description says it makes the request idempotent.
pub fn idempotency_param(spec: &Spec) -> Option<&str> {
    let scalar_string = |f: &&crate::spec::Field| f.ty.is_string() && !f.array;
    let by_name = spec.request.iter().filter(scalar_string).find(|f| {
        f.name.eq_ignore_ascii_case("ClientToken")
            || f.name.eq_ignore_ascii_case("ClientRequestToken")
    });
    let by_description = || {
        spec.request.iter().filter(scalar_string).find(|f| {
            let d = f.description.to_ascii_lowercase();
            f.name.ends_with("Token") && (d.contains("idempoten") || f.description.contains("幂等"))
        })
    };
    by_name.or_else(by_description).map(|f| f.name.as_str())
}

pub fn builder(t: &mut Types) -> Result<TokenStream, GenerateError> {
    let spec = t.spec;
    let req = ident(&t.names.request);
    let name = ident(&t.names.builder);
    let owner = t.names.request.clone();
    let names = field_names(&spec.request);
    // Setters are named after their fields, except where the builder has a method of that
    // name (`set_send`); numbered if that is taken too.
    let wants: Vec<Want> = names
        .names
        .iter()
        .map(|n| {
            let rust = n.rust();
            let base = if BUILDER_METHODS.contains(&rust) || TRAIT_METHODS.contains(&rust) {
                format!("set_{rust}")
            } else {
                rust.to_string()
            };
            Want::one(n.wire.clone(), base)
        })
        .collect();
    let mut reserved = BUILDER_METHODS.to_vec();
    reserved.extend(TRAIT_METHODS);
    let setter_names = resolve(&wants, &[&reserved]);
    let mut setters = Vec::new();
    for ((&i, n), setter) in names.keep.iter().zip(&names.names).zip(&setter_names) {
        let f = &spec.request[i];
        let plan = t.plan(f, n.rust(), Side::Request, &owner, None)?;
        let field = ident(&plan.rust);
        t.warnings.extend(setter.warning("builder setter for"));
        // The field's doc (page text, limits, evidence, page line) on the method people call,
        // in one attribute: each is a line of generated code, and compile cost counts lines.
        let mut paras = vec![format!("Sets {}.", docs::code(&f.name)), field_doc(f)];
        paras.extend(setter.doc_note("builder setter for"));
        let doc = docs::attr(paras);
        let setter = ident(setter.rust());
        let base = &plan.base;
        let is_plain_string = plan.is_string && plan.enum_name.is_none() && plan.nested.is_none();
        setters.push(match (plan.list, is_plain_string) {
            (true, true) => quote!(#doc strings #setter.#field),
            (true, false) => quote!(#doc list #setter.#field: #base),
            (false, true) => quote!(#doc string #setter.#field),
            (false, false) => quote!(#doc value #setter.#field: #base),
        });
    }
    let doc = docs::lines([format!(
        "Builds a [`{}`]; `send().await` validates it (unless the client turned validation off) and calls {}.",
        t.names.request,
        docs::clean(&spec.action.name)
    )]);
    Ok(quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct #name<C = rt::Client>(pub rt::Call<#req, C>);
        rt::builder!(#name for #req { #(#setters),* });
    })
}

/// The items of a version module: the client and its methods, and per-action re-exports.
/// `specs` and `names` go together, one entry per action.
pub fn version_client(specs: &[&Spec], names: &[ActionNames]) -> TokenStream {
    let Some(first) = specs.first() else {
        return quote!();
    };
    let a = &first.action;
    let doc = docs::doc([format!(
        "Client for {} {} API version {} ({}).",
        a.provider, a.service, a.version, a.endpoint
    )]);
    let mut methods = Vec::new();
    let mut registered = Vec::new();
    for (s, names) in specs.iter().zip(names) {
        let m = ident(&names.module);
        let b = ident(&names.builder);
        let rq = ident(&names.request);
        registered.push(quote!(rt::Registered::of::<#m::#rq>()));
        let mut paras = vec![docs::clean(&s.action.summary)];
        if let Some(rl) = &s.action.rate_limit {
            paras.push(super::rate_limit_text(rl));
        }
        let d = docs::lines(paras);
        methods.push(quote! {
            #d
            pub fn #m(&self) -> #m::#b {
                #m::#b(rt::Call::new(self.0.clone()))
            }
        });
    }
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Client(pub rt::Client);
        impl Client {
            /// Wraps a configured [`rt::Client`] (region, credentials, endpoint, validation).
            pub fn new(client: rt::Client) -> Self {
                Self(client)
            }
            #(#methods)*
        }
        /// Every action of this version, for generic callers (see `rt::Registered`).
        pub const OPERATIONS: &[rt::Registered] = &[#(#registered),*];
    }
}

/// The crate root's table of every version's operations (`OPERATIONS`), for generic callers
/// such as the `call` example. `versions` are module paths below the root
/// (`tencent::cvm::v20170312`).
pub fn registry(rt: &syn::Path, versions: &[TokenStream]) -> TokenStream {
    quote! {
        /// Every generated action, grouped by service version: look one up with
        /// `runtime::Registered::find`.
        pub const OPERATIONS: &[&[#rt::Registered]] = &[#(#versions::OPERATIONS),*];
    }
}
