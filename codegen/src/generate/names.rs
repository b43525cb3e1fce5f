//! Rust names for wire names: heck for case, raw identifiers for keywords, and collision checks
//! that name both wire names.

use super::GenerateError;
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

/// A snake_case identifier (as text, `r#` included for keywords).
pub fn snake(wire: &str) -> String {
    let mut s = wire.to_snake_case();
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
    let s = wire.to_upper_camel_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else if NO_RAW.contains(&s.as_str()) {
        format!("{s}_")
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

/// Tracks Rust names taken in one scope and reports two wire names that map to one.
pub struct Scope<'a> {
    what: &'a str,
    taken: BTreeMap<String, String>,
}

impl<'a> Scope<'a> {
    /// `what` says where, for the error (`DeleteKeyPairs request fields`).
    pub fn new(what: &'a str) -> Self {
        Scope {
            what,
            taken: BTreeMap::new(),
        }
    }

    pub fn claim(&mut self, rust: &str, wire: &str) -> Result<(), GenerateError> {
        match self.taken.get(rust) {
            Some(first) if first != wire => Err(GenerateError::NameCollision {
                scope: self.what.to_string(),
                first: first.clone(),
                second: wire.to_string(),
                rust: rust.to_string(),
            }),
            Some(_) => Err(GenerateError::Duplicate {
                scope: self.what.to_string(),
                name: wire.to_string(),
            }),
            None => {
                self.taken.insert(rust.to_string(), wire.to_string());
                Ok(())
            }
        }
    }

    pub fn contains(&self, rust: &str) -> bool {
        self.taken.contains_key(rust)
    }
}

/// `2017-03-12` → `v20170312`.
pub fn version_module(version: &str) -> String {
    let digits: String = version
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("v{}", digits.to_ascii_lowercase())
}
