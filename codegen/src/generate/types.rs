//! Request, response and nested types named after the page; enums for enumerated values with
//! an unknown-value variant.
//!
//! Field rules (documented in the generated crate):
//! - request side (the request and structs it uses): lists are `Vec<T>` (empty = not sent),
//!   everything else `Option<T>` (`None` = not sent); required parameters are checked by
//!   `validate()`, so a builder can report every missing one at once;
//! - response side: lists are `Vec<T>` (omitted or null → empty), nested structs `Option<T>`,
//!   scalars plain `T` with the type's default when omitted or null, except fields whose page
//!   text says they may be null, which are `Option<T>`;
//! - a struct used on both sides follows the request rules for its field types;
//! - no serde derives (they were most of the compile time): each struct and enum gets one
//!   `rt::de::record!` / `rt::de::string_enum!` invocation with its wire names, and the runtime
//!   does the rest; unknown members are rejected in requests and ignored in responses (the
//!   outermost type decides).

use super::docs;
use super::names::{ident, pascal, snake, Scope};
use super::GenerateError;
use crate::spec::{Field, Provider, Spec};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// Names of the items generated for one action.
pub struct ActionNames {
    pub module: String,
    pub request: String,
    pub response: String,
    pub error: String,
    pub builder: String,
    pub item_error: String,
}

impl ActionNames {
    pub fn new(action: &str) -> Self {
        let p = pascal(action);
        ActionNames {
            module: snake(action),
            request: format!("{p}Request"),
            response: format!("{p}Response"),
            error: format!("{p}Error"),
            builder: format!("{p}Builder"),
            item_error: format!("{p}ItemError"),
        }
    }
}

/// Type names that would shadow what generated code refers to.
const RESERVED: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Vec",
    "String",
    "Result",
    "Ok",
    "Err",
    "Box",
    "Default",
    "Self",
    "Client",
    "Serialize",
    "Deserialize",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// The non-string scalar kinds validation and query decoding need.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Bool,
    Integer,
    Float,
}

/// How one field becomes Rust.
pub struct FieldPlan<'a> {
    pub field: &'a Field,
    pub rust: String,
    /// The element type (for lists) or the type itself, before `Option`/`Vec`.
    pub base: TokenStream,
    pub list: bool,
    pub option: bool,
    pub kind: Option<Kind>,
    pub is_string: bool,
    /// Doc name of the nested struct, for `object:<Struct>` fields.
    pub nested: Option<String>,
    /// Generated enum name, when the field has enumerated string values.
    pub enum_name: Option<String>,
}

impl FieldPlan<'_> {
    pub fn ty(&self) -> TokenStream {
        let base = &self.base;
        if self.list {
            quote!(Vec<#base>)
        } else if self.option {
            quote!(Option<#base>)
        } else {
            base.clone()
        }
    }

    /// Whether the field is sent as one JSON-array string (it is still a list in Rust).
    pub fn json_array(&self) -> bool {
        self.field.constraints.encoding.as_deref() == Some("json-array")
    }
}

struct EnumDef {
    name: String,
    values: Vec<String>,
    doc: String,
}

/// Per-action type context: struct names, usage sides, generated enums.
pub struct Types<'a> {
    pub spec: &'a Spec,
    pub names: ActionNames,
    /// Doc struct name → Rust type name.
    pub structs: BTreeMap<String, String>,
    request_side: BTreeSet<String>,
    enums: BTreeMap<String, EnumDef>,
    taken: BTreeSet<String>,
    /// Whether `Code` fields of response structs take the item error enum.
    pub item_errors: bool,
}

impl<'a> Types<'a> {
    pub fn new(spec: &'a Spec) -> Result<Self, GenerateError> {
        let names = ActionNames::new(&spec.action.name);
        let scope_name = format!("{} types", spec.action.name);
        let mut scope = Scope::new(&scope_name);
        let mut taken = BTreeSet::new();
        for n in [
            &names.request,
            &names.response,
            &names.error,
            &names.builder,
            &names.item_error,
        ] {
            scope.claim(n, n)?;
            taken.insert(n.clone());
        }
        let mut structs = BTreeMap::new();
        for s in &spec.structs {
            let mut rust = pascal(&s.name);
            if RESERVED.contains(&rust.as_str()) || taken.contains(&rust) {
                rust = format!("{}{rust}", pascal(&spec.action.name));
            }
            scope.claim(&rust, &s.name)?;
            taken.insert(rust.clone());
            structs.insert(s.name.clone(), rust);
        }
        // Structs reachable from the request.
        let mut request_side = BTreeSet::new();
        let mut todo: Vec<&str> = spec
            .request
            .iter()
            .filter_map(|f| f.struct_name())
            .collect();
        while let Some(n) = todo.pop() {
            if request_side.insert(n.to_string()) {
                if let Some(s) = spec.struct_named(n) {
                    todo.extend(s.fields.iter().filter_map(|f| f.struct_name()));
                }
            }
        }
        let item_errors = spec
            .errors
            .iter()
            .any(|e| e.scope.as_deref() == Some("item"));
        Ok(Types {
            spec,
            names,
            structs,
            request_side,
            enums: BTreeMap::new(),
            taken,
            item_errors,
        })
    }

    pub fn provider(&self) -> Provider {
        self.spec.action.provider
    }

    fn side_of_struct(&self, doc_name: &str) -> Side {
        if self.request_side.contains(doc_name) {
            Side::Request
        } else {
            Side::Response
        }
    }

    /// Plans a field; `owner` is the Rust name of the type that holds it (for enum names).
    pub fn plan<'f>(
        &mut self,
        f: &'f Field,
        side: Side,
        owner: &str,
    ) -> Result<FieldPlan<'f>, GenerateError> {
        let json_array = f.constraints.encoding.as_deref() == Some("json-array");
        let list = f.array || json_array;
        let ty = f.ty.trim().to_ascii_lowercase();
        let mut kind = None;
        let mut is_string = false;
        let mut nested = None;
        let mut enum_name = None;
        let mut typed_code = false;
        let base = if let Some(s) = f.struct_name() {
            match self.structs.get(s) {
                Some(rust) => {
                    nested = Some(s.to_string());
                    let id = ident(rust);
                    quote!(#id)
                }
                None => quote!(rt::Value),
            }
        } else {
            match ty.as_str() {
                "string" | "binary" | "date" | "datetime" | "timestamp" | "str" => {
                    is_string = true;
                    let values = &f.constraints.enum_values;
                    if !values.is_empty() && side_enum_ok(values) {
                        let name = self.enum_for(f, owner)?;
                        let id = ident(&name);
                        enum_name = Some(name);
                        quote!(#id)
                    } else if side == Side::Response
                        && self.item_errors
                        && f.name == "Code"
                        && !f.array
                    {
                        typed_code = true;
                        let id = ident(&self.names.item_error);
                        quote!(#id)
                    } else {
                        quote!(String)
                    }
                }
                "integer" | "int" | "long" | "int32" | "int64" | "uint64" => {
                    kind = Some(Kind::Integer);
                    quote!(i64)
                }
                "float" | "double" | "number" => {
                    kind = Some(Kind::Float);
                    quote!(f64)
                }
                "boolean" | "bool" => {
                    kind = Some(Kind::Bool);
                    quote!(bool)
                }
                "object:map" | "map" => quote!(rt::Map<String, rt::Value>),
                _ => quote!(rt::Value),
            }
        };
        let option = !list
            && match side {
                Side::Request => true,
                Side::Response => {
                    nested.is_some()
                        || enum_name.is_some()
                        || typed_code
                        || may_be_null(&f.description)
                }
            };
        Ok(FieldPlan {
            field: f,
            rust: snake(&f.name),
            base,
            list,
            option,
            kind,
            is_string,
            nested,
            enum_name,
        })
    }

    fn enum_for(&mut self, f: &Field, owner: &str) -> Result<String, GenerateError> {
        let values = &f.constraints.enum_values;
        let mut name = pascal(&f.name);
        let same = |d: &EnumDef| d.values == *values;
        if let Some(d) = self.enums.get(&name) {
            if same(d) {
                return Ok(name);
            }
        }
        if RESERVED.contains(&name.as_str())
            || self.taken.contains(&name)
            || self.enums.contains_key(&name)
        {
            name = format!("{owner}{name}");
        }
        if let Some(d) = self.enums.get(&name) {
            if same(d) {
                return Ok(name);
            }
        }
        if self.taken.contains(&name) || self.enums.contains_key(&name) {
            return Err(GenerateError::NameCollision {
                scope: format!("{} types", self.spec.action.name),
                first: name.clone(),
                second: format!("{owner}.{}", f.name),
                rust: name,
            });
        }
        self.taken.insert(name.clone());
        self.enums.insert(
            name.clone(),
            EnumDef {
                name: name.clone(),
                values: values.clone(),
                doc: format!("Values of `{}` the page lists.", docs::clean(&f.name)),
            },
        );
        Ok(name)
    }

    /// A struct's fields with their docs, and its (de)serialization entries (`field = "Wire"`).
    pub fn fields(
        &mut self,
        fields: &[Field],
        side: Side,
        owner: &str,
        scope: &str,
    ) -> Result<(Vec<TokenStream>, Vec<TokenStream>), GenerateError> {
        let mut names = Scope::new(scope);
        let mut out = Vec::new();
        let mut wire = Vec::new();
        for f in fields {
            let plan = self.plan(f, side, owner)?;
            names.claim(&plan.rust, &f.name)?;
            let id = ident(&plan.rust);
            let ty = plan.ty();
            let doc = docs::doc([format!("{} {}", f.description, field_notes(f))]);
            out.push(quote! { #doc pub #id: #ty, });
            let name = &f.name;
            wire.push(quote!(#id = #name));
        }
        Ok((out, wire))
    }

    /// One struct: the type with its derives, and its (de)serialization impls.
    fn record(
        &mut self,
        doc: TokenStream,
        rust: &str,
        fields: &[Field],
        side: Side,
        top: bool,
        scope: &str,
    ) -> Result<TokenStream, GenerateError> {
        let (fields, wire) = self.fields(fields, side, rust, scope)?;
        let id = ident(rust);
        let kind = match (side, top) {
            (Side::Request, true) => quote!(request),
            (Side::Response, true) => quote!(response),
            (Side::Request, false) => quote!(request_part),
            (Side::Response, false) => quote!(response_part),
        };
        Ok(quote! {
            #doc
            #[derive(Clone, Debug, Default, PartialEq)]
            pub struct #id { #(#fields)* }
            rt::de::record!(#kind #id { #(#wire),* });
        })
    }

    /// The request struct.
    pub fn request(&mut self, doc: TokenStream) -> Result<TokenStream, GenerateError> {
        let owner = self.names.request.clone();
        let scope = format!("{} request parameters", self.spec.action.name);
        self.record(doc, &owner, &self.spec.request, Side::Request, true, &scope)
    }

    /// The response struct.
    pub fn response(&mut self) -> Result<TokenStream, GenerateError> {
        let owner = self.names.response.clone();
        let scope = format!("{} response fields", self.spec.action.name);
        let doc = docs::doc([format!(
            "What {} returns (unwrapped from the provider's envelope).",
            self.spec.action.name
        )]);
        self.record(
            doc,
            &owner,
            &self.spec.response,
            Side::Response,
            true,
            &scope,
        )
    }

    /// Every nested struct the page names.
    pub fn nested(&mut self) -> Result<Vec<TokenStream>, GenerateError> {
        let mut out = Vec::new();
        for s in &self.spec.structs {
            let rust = self
                .structs
                .get(&s.name)
                .cloned()
                .unwrap_or_else(|| pascal(&s.name));
            let side = self.side_of_struct(&s.name);
            let scope = format!("{} struct {}", self.spec.action.name, s.name);
            let doc = docs::doc([s.description.as_str()]);
            out.push(self.record(doc, &rust, &s.fields, side, false, &scope)?);
        }
        Ok(out)
    }

    /// The enums collected while planning fields.
    pub fn enums(&self) -> Result<Vec<TokenStream>, GenerateError> {
        let mut out = Vec::new();
        for d in self.enums.values() {
            let mut scope = Scope::new(&d.name);
            scope.claim("Unknown", "(unknown value)")?;
            let (variants, wire) = string_variants(&d.values, &mut scope)?;
            let id = ident(&d.name);
            let doc = docs::lines([d.doc.clone()]);
            out.push(string_enum(doc, &id, &variants, &wire));
        }
        Ok(out)
    }
}

/// Variant identifiers and `Variant = "wire"` entries for enumerated string values.
pub fn string_variants(
    values: &[String],
    scope: &mut Scope,
) -> Result<(Vec<TokenStream>, Vec<TokenStream>), GenerateError> {
    let mut variants = Vec::new();
    let mut wire = Vec::new();
    for v in values {
        let rust = pascal(v);
        scope.claim(&rust, v)?;
        let id = format_ident!("{}", rust);
        wire.push(quote!(#id = #v));
        variants.push(quote!(#id));
    }
    Ok((variants, wire))
}

/// A string enum with an `Unknown(String)` variant; `variants` carry their docs.
pub fn string_enum(
    doc: TokenStream,
    id: &proc_macro2::Ident,
    variants: &[TokenStream],
    wire: &[TokenStream],
) -> TokenStream {
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #id {
            #(#variants,)*
            /// A value the page does not list.
            Unknown(String),
        }
        rt::de::string_enum!(#id { #(#wire),* });
    }
}

/// Enumerated values become an enum only when every value gives a distinct variant name.
fn side_enum_ok(values: &[String]) -> bool {
    let mut seen = BTreeSet::new();
    values
        .iter()
        .all(|v| !v.trim().is_empty() && seen.insert(pascal(v)) && pascal(v) != "Unknown")
}

fn may_be_null(description: &str) -> bool {
    let d = description.to_ascii_lowercase();
    d.contains("null") || d.contains("may be empty") || description.contains("可能为空")
}

/// The constraint summary line of a field's doc.
fn field_notes(f: &Field) -> String {
    let c = &f.constraints;
    let mut notes = Vec::new();
    if f.required {
        notes.push("Required.".to_string());
    }
    if let Some(n) = c.max_items {
        notes.push(format!("At most {n} items."));
    }
    if let Some(n) = c.min_items {
        notes.push(format!("At least {n} items."));
    }
    if let Some(n) = c.max_length {
        notes.push(format!("At most {n} characters."));
    }
    if let Some(n) = c.min_length {
        notes.push(format!("At least {n} characters."));
    }
    if let Some(n) = c.minimum {
        notes.push(format!("Minimum {n}."));
    }
    if let Some(n) = c.maximum {
        notes.push(format!("Maximum {n}."));
    }
    if c.ascii_only {
        notes.push("ASCII only.".into());
    }
    if !c.enum_values.is_empty() {
        notes.push(format!("Valid values: {}.", c.enum_values.join(", ")));
    }
    if let Some(d) = &c.default {
        notes.push(format!("Default: {d}."));
    }
    if let Some(p) = &c.pattern {
        notes.push(format!("Pattern (not checked): {p}."));
    }
    if c.encoding.as_deref() == Some("json-array") {
        notes.push("Sent as one JSON-array string.".into());
    }
    if let Some(l) = f.line {
        notes.push(format!("(Page line {l}.)"));
    }
    notes.join(" ")
}
