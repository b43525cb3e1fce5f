//! Doc comments from page text, emitted as `#[doc = "…"]` string tokens so quotes, `*/`, `#`,
//! backslashes and non-ASCII text cannot break out; markdown that rustdoc would misread
//! (indented or fenced code, link brackets, HTML-like tags) is neutralised.

use proc_macro2::TokenStream;
use quote::quote;

/// One paragraph of page text made safe for a doc comment line.
pub fn clean(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        match c {
            '[' | ']' | '`' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\u{0}'..='\u{1f}' | '\u{7f}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// `#[doc]` attributes from page text, one per paragraph, blank lines between (empty
/// paragraphs dropped); every paragraph goes through [`clean`].
pub fn doc<I, S>(paragraphs: I) -> TokenStream
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    lines(paragraphs.into_iter().map(|p| clean(p.as_ref())))
}

/// `#[doc]` attributes from paragraphs already safe (generated text, or page text through
/// [`clean`]).
pub fn lines<I: IntoIterator<Item = String>>(paragraphs: I) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        let c = p.split_whitespace().collect::<Vec<_>>().join(" ");
        if c.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(" {c}"));
    }
    quote! { #(#[doc = #lines])* }
}
