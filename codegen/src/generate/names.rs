//! Rust names for wire names: heck for case, raw identifiers for keywords, ASCII only, and
//! deterministic numbering when two wire names of one scope would get the same Rust name
//! (see [`resolve`]).

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeMap;

/// Keywords usable as raw identifiers (`r#type`).
const RAW_OK: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];
/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NO_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Wire text made safe for heck: non-ASCII letters and digits become `U<hex>` words (so
/// `名称` is `U540d U79f0`), other non-ASCII characters separate words. Identifiers stay ASCII,
/// so no `non_ascii_idents`, `uncommon_codepoints` or `confusable_idents` lint can fire.
fn ascii_words(wire: &str) -> std::borrow::Cow<'_, str> {
    if wire.is_ascii() {
        return std::borrow::Cow::Borrowed(wire);
    }
    let mut out = String::with_capacity(wire.len() * 2);
    for c in wire.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" U{:x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Only `[A-Za-z0-9_]`: what heck leaves is almost that already.
fn ident_chars(s: String) -> String {
    if s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        s
    } else {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    }
}

/// Methods of std traits (those `clippy::should_implement_trait` knows, and what generated
/// types derive): an inherent method of that name would shadow the trait's (`client.clone()`
/// returning a builder), so client methods and builder setters never take them.
pub const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "ne",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// A snake_case identifier (as text, `r#` included for keywords).
pub fn snake(wire: &str) -> String {
    let mut s = ident_chars(ascii_words(wire).to_snake_case());
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("n{s}");
    }
    if NO_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if RAW_OK.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// An UpperCamelCase type or variant name.
pub fn pascal(wire: &str) -> String {
    let s = ident_chars(ascii_words(wire).to_upper_camel_case());
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) || s == "Self" {
        format!("V{s}")
    } else {
        s
    }
}

/// An identifier token from text produced by [`snake`] or [`pascal`].
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// What serde's `rename_all = "PascalCase"` makes of a snake_case field name.
pub fn serde_pascal(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    let mut out = String::new();
    let mut upper = true;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// One wire name (or group of Rust names one wire name needs, such as an action's module and
/// its type prefix) to name in a scope.
#[derive(Debug, Clone)]
pub struct Want {
    /// The wire name, exactly as the page spells it.
    pub wire: String,
    /// The Rust names wanted, before collisions (one per slot of the scope).
    pub bases: Vec<String>,
}

impl Want {
    pub fn one(wire: impl Into<String>, base: impl Into<String>) -> Self {
        Want {
            wire: wire.into(),
            bases: vec![base.into()],
        }
    }
}

/// What a name was moved off its wanted Rust name by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// Another wire name of the scope, which keeps the Rust name.
    Wire(String),
    /// A name the generated code needs for itself (`Unknown`, `Common`, `send`…).
    Reserved,
}

/// The Rust names chosen for one [`Want`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub wire: String,
    /// One per slot, `r#` included for keywords.
    pub names: Vec<String>,
    /// Set when the names are not the wanted ones: the wanted first name, and why.
    pub renamed: Option<(String, Clash)>,
}

impl Named {
    pub fn rust(&self) -> &str {
        &self.names[0]
    }

    /// The doc paragraph a renamed item carries (none when it kept its name).
    pub fn doc_note(&self, what: &str) -> Option<String> {
        let (base, clash) = self.renamed.as_ref()?;
        let code = super::docs::code;
        // `what` can hold a page's struct name.
        let what = super::docs::clean(what);
        let (wire, rust, base) = (
            code(&self.wire),
            code(self.rust()),
            code(base.trim_start_matches("r#")),
        );
        Some(match clash {
            Clash::Wire(other) => format!(
                "Wire name {wire}: named {rust} because {what} {} already has the Rust name {base}.",
                code(other)
            ),
            Clash::Reserved => format!(
                "Wire name {wire}: named {rust} because {base} is a name the generated code uses itself."
            ),
        })
    }

    /// The generator warning for a renamed item (none when it kept its name).
    pub fn warning(&self, what: &str) -> Option<String> {
        let (base, clash) = self.renamed.as_ref()?;
        let base = base.trim_start_matches("r#");
        Some(match clash {
            Clash::Wire(other) => format!(
                "{what} `{}` is named `{}` in Rust: `{other}` already has the Rust name `{base}`",
                self.wire,
                self.rust()
            ),
            Clash::Reserved => format!(
                "{what} `{}` is named `{}` in Rust: `{base}` is reserved for generated code",
                self.wire,
                self.rust()
            ),
        })
    }
}

/// How far a Rust name is from spelling its wire name: 0 when it is the same word in another
/// case style (`key` for `Key`, `InvalidInstanceIdNotFound` for `InvalidInstanceIdNotFound`),
/// more for each punctuation mark the style dropped (`InvalidInstanceId.NotFound` costs 1,
/// `Invalid.InstanceId.NotFound` 2), most when letters changed case
/// (`InvalidInstanceId.NOT_FOUND`, `key` for the field `KEY`). Of wire names that collide,
/// the closest keeps the plain Rust name.
fn distance(wire: &str, base: &str) -> usize {
    const FAR: usize = 1000;
    let base = base.trim_start_matches("r#").trim_end_matches('_');
    let marks = wire.chars().filter(|c| !c.is_ascii_alphanumeric()).count();
    let squash: String = wire.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if base.starts_with(|c: char| c.is_ascii_lowercase()) {
        // snake_case: the wire name in PascalCase (the providers' convention), then camelCase
        // or snake_case.
        let pascal = serde_pascal(base);
        let mut camel = pascal.clone();
        if let Some(first) = camel.get(0..1) {
            camel.replace_range(0..1, &first.to_ascii_lowercase());
        }
        if wire == pascal {
            0
        } else if wire == camel || wire == base {
            1
        } else if squash.eq_ignore_ascii_case(&pascal) {
            2 + marks
        } else {
            FAR + marks
        }
    } else {
        // UpperCamelCase; `V` is the prefix of names that would start with a digit.
        let base = match base.strip_prefix('V') {
            Some(rest) if squash.starts_with(|c: char| c.is_ascii_digit()) => rest,
            _ => base,
        };
        if squash == base {
            marks
        } else {
            FAR + marks
        }
    }
}

/// `base` with collision number `n` (2, 3, …): `key_2`, `InvalidInstanceIdNotFound2`, `V1_2`.
fn numbered(base: &str, n: u32) -> String {
    let plain = base.trim_start_matches("r#");
    if plain.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("{}_{n}", plain.trim_end_matches('_'))
    } else if plain.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{plain}_{n}")
    } else {
        format!("{plain}{n}")
    }
}

/// Names every wire name of one scope with distinct Rust names, deterministically.
///
/// The scheme: wire names are taken in a fixed order — those whose Rust name spells them
/// most closely first (fewest dropped marks and case changes), then by wire name (byte
/// order) — and each gets its wanted names when they are free. The rest get the lowest
/// number `n ≥ 2` that makes all their names free (`key_2`, `TagSet2`). The outcome for a
/// wire name depends only on the wire names that want the same Rust name (and on
/// `reserved`), never on input order or on unrelated entries. `reserved` lists names per
/// slot that no wire name may take. Exact duplicate wire names must be removed by the caller
/// (see [`dedup`]).
pub fn resolve(wants: &[Want], reserved: &[&[&str]]) -> Vec<Named> {
    let slots = wants.first().map(|w| w.bases.len()).unwrap_or(0);
    let mut taken: Vec<BTreeMap<String, Option<String>>> = (0..slots)
        .map(|i| {
            reserved
                .get(i)
                .into_iter()
                .flat_map(|r| r.iter())
                .map(|r| (r.to_string(), None))
                .collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..wants.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |w: &Want| (distance(&w.wire, &w.bases[0]), w.wire.clone());
        key(&wants[a]).cmp(&key(&wants[b]))
    });
    let mut out: Vec<Option<Named>> = vec![None; wants.len()];
    let free = |taken: &[BTreeMap<String, Option<String>>], names: &[String]| {
        names.iter().enumerate().all(|(i, n)| {
            let plain = n.trim_start_matches("r#");
            !taken[i].contains_key(n) && !taken[i].contains_key(plain)
        })
    };
    let take = |taken: &mut [BTreeMap<String, Option<String>>], names: &[String], wire: &str| {
        for (i, n) in names.iter().enumerate() {
            taken[i].insert(n.clone(), Some(wire.to_string()));
        }
    };
    let mut later = Vec::new();
    for &i in &order {
        let w = &wants[i];
        if free(&taken, &w.bases) {
            take(&mut taken, &w.bases, &w.wire);
            out[i] = Some(Named {
                wire: w.wire.clone(),
                names: w.bases.clone(),
                renamed: None,
            });
        } else {
            later.push(i);
        }
    }
    for i in later {
        let w = &wants[i];
        let clash = w
            .bases
            .iter()
            .enumerate()
            .find_map(|(slot, n)| {
                taken[slot]
                    .get(n)
                    .or_else(|| taken[slot].get(n.trim_start_matches("r#")))
            })
            .cloned()
            .flatten()
            .map(Clash::Wire)
            .unwrap_or(Clash::Reserved);
        let mut n = 2;
        let names = loop {
            let names: Vec<String> = w.bases.iter().map(|b| numbered(b, n)).collect();
            if free(&taken, &names) {
                break names;
            }
            n += 1;
        };
        take(&mut taken, &names, &w.wire);
        out[i] = Some(Named {
            wire: w.wire.clone(),
            names,
            renamed: Some((w.bases[0].clone(), clash)),
        });
    }
    out.into_iter().flatten().collect()
}

/// Indexes of the first occurrence of each distinct key, in order, and the keys seen again.
pub fn dedup<T, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> (Vec<usize>, Vec<usize>) {
    let mut seen = std::collections::BTreeSet::new();
    let (mut keep, mut dropped) = (Vec::new(), Vec::new());
    for (i, it) in items.iter().enumerate() {
        if seen.insert(key(it)) {
            keep.push(i);
        } else {
            dropped.push(i);
        }
    }
    (keep, dropped)
}

/// `2017-03-12` → `v20170312`.
pub fn version_module(version: &str) -> String {
    let digits: String = version
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("v{}", digits.to_ascii_lowercase())
}
