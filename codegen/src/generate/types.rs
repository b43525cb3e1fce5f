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
use super::names::{dedup, ident, pascal, resolve, snake, Named, Want, TRAIT_METHODS};
use super::GenerateError;
use crate::spec::{Field, FieldType, Provider, ScalarKind, Spec, Struct};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// Names of the items generated for one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionNames {
    pub module: String,
    /// The UpperCamelCase prefix of the action's types (`DescribeVpcs`).
    pub prefix: String,
    pub request: String,
    pub response: String,
    pub error: String,
    pub builder: String,
    pub item_error: String,
}

/// Action module names a version module needs for itself: its `rt` alias and `Client::new`
/// (and, as the client's methods are named after the modules, std trait methods).
const MODULE_RESERVED: &[&str] = &["rt", "new"];

impl ActionNames {
    pub fn new(action: &str) -> Self {
        Self::from_parts(snake(action), pascal(action))
    }

    fn from_parts(module: String, prefix: String) -> Self {
        ActionNames {
            module,
            request: format!("{prefix}Request"),
            response: format!("{prefix}Response"),
            error: format!("{prefix}Error"),
            builder: format!("{prefix}Builder"),
            item_error: format!("{prefix}ItemError"),
            prefix,
        }
    }

    /// Names for every action of one version module (in the order given), distinct even when
    /// two action names differ only in case or punctuation (`describe_vpcs_2`,
    /// `DescribeVpcs2Request`), and never the name of the version module that holds them
    /// (`parent`, which would trip `clippy::module_inception`); each renamed action comes with
    /// its warning.
    pub fn for_module(actions: &[&str], parent: &str) -> Vec<(ActionNames, Option<String>)> {
        let wants: Vec<Want> = actions
            .iter()
            .map(|a| Want {
                wire: a.to_string(),
                bases: vec![snake(a), pascal(a)],
            })
            .collect();
        let mut reserved = MODULE_RESERVED.to_vec();
        reserved.extend(TRAIT_METHODS);
        reserved.push(parent);
        resolve(&wants, &[&reserved])
            .into_iter()
            .map(|n| {
                let warning = n.warning("action");
                let mut names = n.names.into_iter();
                let module = names.next().unwrap_or_default();
                let prefix = names.next().unwrap_or_default();
                (Self::from_parts(module, prefix), warning)
            })
            .collect()
    }
}

/// Type names that would shadow what generated code (and the runtime's macros, which expand
/// in it) refers to: the standard prelude, and a few names of the crate.
const RESERVED: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Vec",
    "String",
    "ToString",
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
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "FromIterator",
    "Extend",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "ToOwned",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

/// The non-string scalar kinds validation and query decoding need (the protocol core's).
pub use docsdk_protocol::wire::Kind;

/// How one field becomes Rust.
pub struct FieldPlan<'a> {
    pub field: &'a Field,
    pub rust: String,
    /// The element type (for lists) or the type itself, before `Option`/`Vec`.
    pub base: TokenStream,
    pub list: bool,
    pub option: bool,
    /// A struct that (through other single structs) holds its owner again: boxed.
    pub boxed: bool,
    pub is_string: bool,
    /// Doc name of the nested struct, for `object:<Struct>` fields.
    pub nested: Option<String>,
    /// Generated enum name, when the field has enumerated string values.
    pub enum_name: Option<String>,
}

impl FieldPlan<'_> {
    pub fn ty(&self) -> TokenStream {
        let base = &self.base;
        let base = if self.boxed {
            quote!(Box<#base>)
        } else {
            base.clone()
        };
        if self.list {
            quote!(Vec<#base>)
        } else if self.option {
            quote!(Option<#base>)
        } else {
            base
        }
    }

    /// Whether the field is sent as one JSON-array string (it is still a list in Rust).
    pub fn json_array(&self) -> bool {
        self.field.json_array()
    }
}

struct EnumDef {
    name: String,
    values: Vec<String>,
    doc: Vec<String>,
}

/// The fields of one struct that get generated (the first of exact duplicates) and their Rust
/// names, distinct within the struct.
pub struct FieldNames {
    /// Indexes into the field list, in order.
    pub keep: Vec<usize>,
    /// One per kept field.
    pub names: Vec<Named>,
    /// Indexes of fields dropped as exact duplicates of an earlier one.
    pub dropped: Vec<usize>,
}

/// Rust names for a struct's fields: snake_case, keywords raw, collisions numbered (see
/// [`resolve`]).
pub fn field_names(fields: &[Field]) -> FieldNames {
    let (keep, dropped) = dedup(fields, |f| f.name.clone());
    let wants: Vec<Want> = keep
        .iter()
        .map(|&i| Want::one(fields[i].name.clone(), snake(&fields[i].name)))
        .collect();
    FieldNames {
        keep,
        names: resolve(&wants, &[]),
        dropped,
    }
}

/// Per-action type context: struct names, usage sides, generated enums.
pub struct Types<'a> {
    pub spec: &'a Spec,
    pub names: ActionNames,
    /// Doc struct name → Rust type name.
    pub structs: BTreeMap<String, String>,
    /// The structs generated (the first of exact duplicates), with their rename notes.
    struct_list: Vec<(&'a Struct, Option<String>)>,
    request_side: BTreeSet<String>,
    /// Struct → structs it holds directly (not in a list), transitively.
    holds: BTreeMap<String, BTreeSet<String>>,
    enums: BTreeMap<String, EnumDef>,
    taken: BTreeSet<String>,
    /// Whether `Code` fields of response structs take the item error enum.
    pub item_errors: bool,
    /// What the generator renamed or dropped, for the build's warnings.
    pub warnings: Vec<String>,
}

impl<'a> Types<'a> {
    /// The context for one action named as it would be alone in its module.
    pub fn new(spec: &'a Spec) -> Result<Self, GenerateError> {
        Self::with_names(spec, ActionNames::new(&spec.action.name))
    }

    pub fn with_names(spec: &'a Spec, names: ActionNames) -> Result<Self, GenerateError> {
        let mut warnings = Vec::new();
        let own: Vec<&str> = vec![
            &names.request,
            &names.response,
            &names.error,
            &names.builder,
            &names.item_error,
        ];
        let (keep, dropped) = dedup(&spec.structs, |s| s.name.clone());
        for i in dropped {
            warnings.push(format!(
                "struct `{}` is documented twice; the first definition is used",
                spec.structs[i].name
            ));
        }
        let wants: Vec<Want> = keep
            .iter()
            .map(|&i| {
                let s = &spec.structs[i];
                let mut rust = pascal(&s.name);
                if RESERVED.contains(&rust.as_str()) || own.contains(&rust.as_str()) {
                    rust = format!("{}{rust}", names.prefix);
                }
                Want::one(s.name.clone(), rust)
            })
            .collect();
        let mut reserved: Vec<&str> = RESERVED.to_vec();
        reserved.extend(own.iter().copied());
        let named = resolve(&wants, &[&reserved]);
        let mut structs = BTreeMap::new();
        let mut struct_list = Vec::new();
        let mut taken: BTreeSet<String> = own.iter().map(|s| s.to_string()).collect();
        for (&i, n) in keep.iter().zip(&named) {
            if let Some(w) = n.warning("struct") {
                warnings.push(w);
            }
            taken.insert(n.rust().to_string());
            structs.insert(n.wire.clone(), n.rust().to_string());
            struct_list.push((&spec.structs[i], n.doc_note("struct")));
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
        // Which structs hold which directly (a list is already indirect): a field whose struct
        // holds its owner again would make the type infinitely large, so it is boxed.
        let mut holds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (s, _) in &struct_list {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&str> = vec![s.name.as_str()];
            while let Some(n) = todo.pop() {
                if let Some(st) = spec.struct_named(n) {
                    for f in &st.fields {
                        if let Some(t) = f.struct_name().filter(|_| !f.array) {
                            if structs.contains_key(t) && seen.insert(t.to_string()) {
                                todo.push(t);
                            }
                        }
                    }
                }
            }
            holds.insert(s.name.clone(), seen);
        }
        let item_errors = spec.errors.iter().any(|e| e.per_item());
        Ok(Types {
            spec,
            names,
            structs,
            struct_list,
            request_side,
            holds,
            enums: BTreeMap::new(),
            taken,
            item_errors,
            warnings,
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

    /// Plans a field named `rust`; `owner` is the Rust name of the type that holds it (for
    /// enum names), `owner_doc` the page's name of that struct (none for requests and
    /// responses).
    pub fn plan<'f>(
        &mut self,
        f: &'f Field,
        rust: &str,
        side: Side,
        owner: &str,
        owner_doc: Option<&str>,
    ) -> Result<FieldPlan<'f>, GenerateError> {
        let list = f.array || f.json_array();
        let mut is_string = false;
        let mut nested = None;
        let mut enum_name = None;
        let mut typed_code = false;
        let mut boxed = false;
        let base = match &f.ty {
            FieldType::Struct(s) => match self.structs.get(s) {
                Some(rust) => {
                    nested = Some(s.to_string());
                    boxed = !list
                        && owner_doc.is_some_and(|o| {
                            o == s || self.holds.get(s).is_some_and(|h| h.contains(o))
                        });
                    let id = ident(rust);
                    quote!(#id)
                }
                // Documented on no page the spec has: any JSON value.
                None => quote!(rt::Value),
            },
            FieldType::Map => quote!(rt::Map<String, rt::Value>),
            FieldType::Scalar(ScalarKind::String | ScalarKind::Binary) => {
                is_string = true;
                let values = &f.constraints.enum_values;
                if !values.is_empty() && side_enum_ok(values) {
                    let name = self.enum_for(f, owner);
                    let id = ident(&name);
                    enum_name = Some(name);
                    quote!(#id)
                } else if side == Side::Response && self.item_errors && f.name == "Code" && !f.array
                {
                    typed_code = true;
                    let id = ident(&self.names.item_error);
                    quote!(#id)
                } else {
                    quote!(String)
                }
            }
            FieldType::Scalar(ScalarKind::Integer) => quote!(i64),
            FieldType::Scalar(ScalarKind::Float) => quote!(f64),
            FieldType::Scalar(ScalarKind::Boolean) => quote!(bool),
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
            rust: rust.to_string(),
            base,
            list,
            option,
            boxed,
            is_string,
            nested,
            enum_name,
        })
    }

    /// The enum type for a field with enumerated values: named after the field, else after
    /// owner and field, else numbered; a field with the same values reuses an enum.
    fn enum_for(&mut self, f: &Field, owner: &str) -> String {
        let values = dedup_values(&f.constraints.enum_values);
        let plain = pascal(&f.name);
        let owned = format!("{owner}{plain}");
        let candidates = std::iter::once(plain.clone())
            .filter(|n| !RESERVED.contains(&n.as_str()))
            .chain(std::iter::once(owned.clone()))
            .chain((2..).map(|n| format!("{owned}{n}")));
        for name in candidates {
            if let Some(d) = self.enums.get(&name) {
                if d.values == values {
                    return name;
                }
                continue;
            }
            if self.taken.contains(&name) {
                continue;
            }
            let mut doc = vec![format!("Values of {} the page lists.", docs::code(&f.name))];
            if name != plain && name != owned {
                doc.push(format!(
                    "Named `{name}` because `{plain}` and `{owned}` are other types of this action."
                ));
                self.warnings.push(format!(
                    "enum for `{}` of `{owner}` is named `{name}`: `{plain}` and `{owned}` are other types",
                    f.name
                ));
            }
            self.taken.insert(name.clone());
            self.enums.insert(
                name.clone(),
                EnumDef {
                    name: name.clone(),
                    values,
                    doc,
                },
            );
            return name;
        }
        unreachable!("numbered candidates never run out")
    }

    /// A struct's fields with their docs, and its (de)serialization entries (`field = "Wire"`).
    pub fn fields(
        &mut self,
        fields: &[Field],
        side: Side,
        owner: &str,
        owner_doc: Option<&str>,
        what: &str,
    ) -> Result<(Vec<TokenStream>, Vec<TokenStream>), GenerateError> {
        let names = field_names(fields);
        for &i in &names.dropped {
            self.warnings.push(format!(
                "{what} `{}` is documented twice; the first row is used",
                fields[i].name
            ));
        }
        let mut out = Vec::new();
        let mut wire = Vec::new();
        for (&i, n) in names.keep.iter().zip(&names.names) {
            let f = &fields[i];
            let plan = self.plan(f, n.rust(), side, owner, owner_doc)?;
            if let Some(w) = n.warning(what) {
                self.warnings.push(w);
            }
            let id = ident(&plan.rust);
            let ty = plan.ty();
            let mut paras = vec![field_doc(f)];
            paras.extend(n.doc_note(what));
            let doc = docs::lines(paras);
            out.push(quote! { #doc pub #id: #ty, });
            let name = &f.name;
            wire.push(quote!(#id = #name));
        }
        Ok((out, wire))
    }

    /// One struct: the type with its derives, and its (de)serialization impls.
    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        doc: TokenStream,
        rust: &str,
        doc_name: Option<&str>,
        fields: &[Field],
        side: Side,
        top: bool,
        what: &str,
    ) -> Result<TokenStream, GenerateError> {
        let (fields, wire) = self.fields(fields, side, rust, doc_name, what)?;
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
        let fields = &self.spec.request;
        self.record(
            doc,
            &owner,
            None,
            fields,
            Side::Request,
            true,
            "request parameter",
        )
    }

    /// The response struct.
    pub fn response(&mut self) -> Result<TokenStream, GenerateError> {
        let owner = self.names.response.clone();
        let doc = docs::doc([format!(
            "What {} returns (unwrapped from the provider's envelope).",
            self.spec.action.name
        )]);
        let fields = &self.spec.response;
        self.record(
            doc,
            &owner,
            None,
            fields,
            Side::Response,
            true,
            "response field",
        )
    }

    /// Every nested struct the page names.
    pub fn nested(&mut self) -> Result<Vec<TokenStream>, GenerateError> {
        let mut out = Vec::new();
        for (s, note) in self.struct_list.clone() {
            let rust = self
                .structs
                .get(&s.name)
                .cloned()
                .unwrap_or_else(|| pascal(&s.name));
            let side = self.side_of_struct(&s.name);
            let what = format!("member of struct {}", s.name);
            let mut paras = vec![docs::clean(&s.description)];
            paras.extend(note);
            let doc = docs::lines(paras);
            out.push(self.record(doc, &rust, Some(&s.name), &s.fields, side, false, &what)?);
        }
        Ok(out)
    }

    /// The enums collected while planning fields.
    pub fn enums(&mut self) -> Vec<TokenStream> {
        let mut out = Vec::new();
        let mut warnings = Vec::new();
        for d in self.enums.values() {
            let (variants, wire, w) = string_variants(&d.values, &format!("value of {}", d.name));
            warnings.extend(w);
            let id = ident(&d.name);
            let doc = docs::lines(d.doc.clone());
            out.push(string_enum(doc, &id, &variants, &wire));
        }
        self.warnings.extend(warnings);
        out
    }
}

/// Enumerated values without exact repeats, in page order.
fn dedup_values(values: &[String]) -> Vec<String> {
    let (keep, _) = dedup(values, |v| v.clone());
    keep.into_iter().map(|i| values[i].clone()).collect()
}

/// Variant identifiers (with a doc line when renamed), `Variant = "wire"` entries and warnings
/// for enumerated string values; `Unknown` stays free for the catch-all variant.
pub fn string_variants(
    values: &[String],
    what: &str,
) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<String>) {
    let values = dedup_values(values);
    let wants: Vec<Want> = values
        .iter()
        .map(|v| Want::one(v.clone(), pascal(v)))
        .collect();
    let mut variants = Vec::new();
    let mut wire = Vec::new();
    let mut warnings = Vec::new();
    for n in resolve(&wants, &[&["Unknown"]]) {
        let id = ident(n.rust());
        let v = &n.wire;
        wire.push(quote!(#id = #v));
        let doc = docs::lines(n.doc_note(what));
        variants.push(quote!(#doc #id));
        warnings.extend(n.warning(what));
    }
    (variants, wire, warnings)
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

/// Enumerated values become an enum when none is blank (values whose Rust names collide are
/// numbered, see [`string_variants`]).
fn side_enum_ok(values: &[String]) -> bool {
    values.iter().all(|v| !v.trim().is_empty())
}

fn may_be_null(description: &str) -> bool {
    let d = description.to_ascii_lowercase();
    d.contains("null") || d.contains("may be empty") || description.contains("可能为空")
}

/// A field's doc paragraph, safe for a doc comment: its page text, each limit it carries with
/// the page sentence the limit came from, and its page line. Struct fields and builder setters
/// both show it. What the page text already says verbatim (a limit's sentence, or a summary
/// like "Valid values: A, B.") is not repeated.
pub fn field_doc(f: &Field) -> String {
    let c = &f.constraints;
    let description = one_line(&f.description);
    let said = |s: &str| description.contains(s);
    let mut parts = vec![description.clone()];
    // Sentences shown once: two limits often come from one sentence.
    let mut shown: Vec<String> = Vec::new();
    let mut limit = |summary: String, rule: &str| {
        if said(&summary) {
            return;
        }
        let evidence = c
            .evidence
            .get(rule)
            .map(|e| one_line(e))
            .filter(|e| !e.is_empty() && *e != summary && !said(e) && !shown.contains(e));
        match evidence {
            Some(e) => {
                parts.push(format!(
                    "{} ({}).",
                    summary.trim_end_matches('.'),
                    e.trim_end_matches('.')
                ));
                shown.push(e);
            }
            None => parts.push(summary),
        }
    };
    if f.required {
        limit("Required.".into(), "required");
    }
    if let Some(n) = c.max_items {
        limit(format!("At most {}.", count(n, "item")), "max_items");
    }
    if let Some(n) = c.min_items {
        limit(format!("At least {}.", count(n, "item")), "min_items");
    }
    if let Some(n) = c.max_length {
        limit(format!("At most {}.", count(n, "character")), "max_length");
    }
    if let Some(n) = c.min_length {
        limit(format!("At least {}.", count(n, "character")), "min_length");
    }
    if let Some(n) = c.minimum {
        limit(format!("Minimum {n}."), "minimum");
    }
    if let Some(n) = c.maximum {
        limit(format!("Maximum {n}."), "maximum");
    }
    if c.ascii_only {
        limit("ASCII only.".into(), "ascii_only");
    }
    if !c.enum_values.is_empty() {
        limit(
            format!("Valid values: {}.", c.enum_values.join(", ")),
            "enum",
        );
    }
    if let Some(d) = &c.default {
        limit(format!("Default: {d}."), "default");
    }
    if let Some(p) = &c.pattern {
        limit(format!("Pattern: {p}."), "pattern");
    }
    if f.json_array() {
        limit("Sent as one JSON-array string.".into(), "encoding");
    }
    if let Some(l) = f.line {
        parts.push(format!("(Page line {l}.)"));
    }
    docs::clean(&parts.join(" "))
}

/// `1 item`, `2 items`.
fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Text with its whitespace collapsed, for comparing sentences.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(description: &str) -> Field {
        Field {
            name: "State".into(),
            ty: FieldType::STRING,
            description: description.into(),
            line: Some(40),
            ..Field::default()
        }
    }

    #[test]
    fn a_limit_the_page_text_states_is_not_repeated() {
        let sentence = "Valid values: PENDING, RUNNING.";
        let mut f = field(&format!("Instance state. {sentence}"));
        f.constraints.enum_values = vec!["PENDING".into(), "RUNNING".into()];
        f.constraints
            .evidence
            .insert("enum".into(), sentence.into());
        assert_eq!(
            field_doc(&f),
            "Instance state. Valid values: PENDING, RUNNING. (Page line 40.)"
        );
    }

    #[test]
    fn evidence_shows_when_the_page_text_does_not_hold_it_once_per_sentence() {
        let mut f = field("The token.\n  Up to 64 ASCII characters.");
        f.required = true;
        f.constraints.max_length = Some(64);
        f.constraints.ascii_only = true;
        f.constraints.max_items = Some(1);
        let c = &mut f.constraints.evidence;
        c.insert(
            "required".into(),
            "inferred from error MissingParameter.".into(),
        );
        // Whitespace does not count: the page text holds this sentence.
        c.insert("max_length".into(), "Up to 64   ASCII characters.".into());
        c.insert("ascii_only".into(), "Only <ASCII> [chars].".into());
        c.insert("max_items".into(), "Only <ASCII> [chars].".into());
        assert_eq!(
            field_doc(&f),
            r"The token. Up to 64 ASCII characters. Required (inferred from error MissingParameter). At most 1 item (Only \<ASCII\> \[chars\]). At most 64 characters. ASCII only. (Page line 40.)"
        );
    }
}
