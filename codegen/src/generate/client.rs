//! Per action: the `Operation` impl (metadata and rule tables) and the fluent builder whose
//! `send().await` makes the call. Per service version: a `Client` with one snake_case method
//! per action.

use super::docs;
use super::errors::provider_variant;
use super::names::ident;
use super::types::{Side, Types};
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
    let method = a.method.to_ascii_uppercase();
    let regional = match &a.regional_endpoint {
        Some(r) => quote!(Some(#r)),
        None => quote!(None),
    };
    let region = match a.region {
        RegionUse::Required => quote!(Required),
        RegionUse::Optional => quote!(Optional),
        RegionUse::Unused => quote!(Unused),
    };
    let rules = validation::rules(t.spec);
    let kinds = validation::kinds(t.spec);
    let json_array = validation::json_array(t.spec);
    let token = match idempotency_param(t.spec) {
        Some(name) => quote!(Some(#name)),
        None => quote!(None),
    };
    let rate_limit = match &a.rate_limit {
        Some(rl) => {
            let requests = rl.requests;
            let per_seconds: u32 = match rl.per {
                Per::Second => 1,
                Per::Minute => 60,
                Per::Hour => 3600,
            };
            quote!(Some(rt::RateLimit { requests: #requests, per_seconds: #per_seconds }))
        }
        None => quote!(None),
    };
    quote! {
        impl rt::Operation for #req {
            type Output = #resp;
            type Error = #err;
            const META: &'static rt::OpMeta = &rt::OpMeta {
                provider: rt::Provider::#provider,
                service: #service,
                version: #version,
                action: #action,
                method: #method,
                endpoint: #endpoint,
                regional_endpoint: #regional,
                region: rt::RegionUse::#region,
                json_array: #json_array,
                kinds: #kinds,
                idempotency_token: #token,
                rate_limit: #rate_limit,
            };
            const RULES: &'static [rt::Rule] = #rules;
        }
    }
}

/// The request parameter the page documents as the idempotency token: a top-level string
/// parameter named `ClientToken` (any case) or `ClientRequestToken`, or a `…Token` string
/// parameter whose description says it makes the request idempotent.
pub fn idempotency_param(spec: &Spec) -> Option<&str> {
    let scalar_string = |f: &&crate::spec::Field| f.ty == "string" && !f.array;
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
    let mut setters = Vec::new();
    for f in &spec.request {
        let plan = t.plan(f, Side::Request, &owner)?;
        let field = ident(&plan.rust);
        let setter_name = if BUILDER_METHODS.contains(&plan.rust.as_str()) {
            format!("set_{}", plan.rust)
        } else {
            plan.rust.clone()
        };
        let setter = ident(&setter_name);
        let base = &plan.base;
        let doc = docs::lines([format!("Sets `{}`.", docs::clean(&f.name))]);
        let is_plain_string = plan.is_string && plan.enum_name.is_none() && plan.nested.is_none();
        setters.push(match (plan.list, is_plain_string) {
            (true, true) => quote! {
                #doc
                pub fn #setter(mut self, v: impl IntoIterator<Item = impl Into<String>>) -> Self {
                    self.0.input.#field = rt::strings(v);
                    self
                }
            },
            (true, false) => quote! {
                #doc
                pub fn #setter(mut self, v: impl IntoIterator<Item = #base>) -> Self {
                    self.0.input.#field = v.into_iter().collect();
                    self
                }
            },
            (false, true) => quote! {
                #doc
                pub fn #setter(mut self, v: impl Into<String>) -> Self {
                    self.0.input.#field = Some(v.into());
                    self
                }
            },
            (false, false) => quote! {
                #doc
                pub fn #setter(mut self, v: #base) -> Self {
                    self.0.input.#field = Some(v);
                    self
                }
            },
        });
    }
    let doc = docs::lines([
        format!("Builds a [`{}`]; `send().await` validates it (unless the client turned validation off) and calls {}.", t.names.request, spec.action.name),
    ]);
    Ok(quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct #name<C = rt::Client>(pub rt::Call<#req, C>);
        impl<C: AsRef<rt::Client>> #name<C> {
            #(#setters)*
            /// The request, checked against the page's rules (every violation at once).
            pub fn build(self) -> Result<#req, rt::ValidationErrors> {
                self.0.build()
            }
            /// Validates, signs and sends the request.
            pub async fn send(self) -> rt::Result<#req> {
                self.0.send().await
            }
        }
        impl #req {
            /// A builder without a client (`build()` it, or send it with a client's `execute`).
            pub fn builder() -> #name {
                #name(rt::Call::detached())
            }
        }
    })
}

/// The items of a version module: the client and its methods, and per-action re-exports.
pub fn version_client(specs: &[&Spec]) -> TokenStream {
    let first = specs[0];
    let a = &first.action;
    let doc = docs::doc([format!(
        "Client for {} {} API version {} ({}).",
        a.provider, a.service, a.version, a.endpoint
    )]);
    let mut methods = Vec::new();
    let mut registered = Vec::new();
    for s in specs {
        let names = super::types::ActionNames::new(&s.action.name);
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
