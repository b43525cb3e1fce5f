//! Doc comments from page text, emitted as `#[doc = "…"]` string tokens so quotes, `*/`, `#`,
//! backslashes and non-ASCII text cannot break out; markdown that rustdoc would misread or warn
//! about (code, links, HTML-like tags, emphasis, block syntax at a line start, bare URLs) is
//! neutralised, so `RUSTDOCFLAGS="-D warnings" cargo doc` passes on any page.

use proc_macro2::TokenStream;
use quote::quote;

/// One paragraph of page text made safe for a doc comment line: whitespace collapsed (one doc
/// line per paragraph, so no code blocks), markdown punctuation escaped, URLs made autolinks
/// (`<https://…>`; rustdoc warns about bare ones).
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in words(text).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_word(&mut out, word, i == 0);
    }
    out
}

/// Text as an inline code span (for wire names and paths): no escapes work inside one, so the
/// fence is made longer than any backtick run in the text instead.
pub fn code(text: &str) -> String {
    let text = words(text).collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A span starting or ending with a backtick needs a space, which rustdoc strips again.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
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
        let c = words(&p).collect::<Vec<_>>().join(" ");
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

/// One `#[doc]` attribute holding every paragraph (already safe), for items inside a macro
/// invocation where each attribute is a line of generated code.
pub fn attr<I: IntoIterator<Item = String>>(paragraphs: I) -> TokenStream {
    let text = paragraphs
        .into_iter()
        .map(|p| words(&p).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| format!(" {p}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() {
        return quote!();
    }
    quote!(#[doc = #text])
}

/// Whitespace-separated words, control characters counting as whitespace.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
}

const SCHEMES: [&str; 2] = ["http://", "https://"];

/// One word: URLs in it as autolinks, the rest escaped.
fn push_word(out: &mut String, word: &str, line_start: bool) {
    let mut rest = word;
    let mut start = line_start;
    while let Some(at) = url_start(rest) {
        push_text(out, &rest[..at], start);
        let (url, tail) = split_url(&rest[at..]);
        if SCHEMES.iter().any(|s| url.eq_ignore_ascii_case(s)) {
            // A scheme with nothing after it is no link: plain text.
            push_text(out, url, start && at == 0);
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        start = false;
        rest = tail;
    }
    push_text(out, rest, start);
}

/// Byte offset of the first `http://` or `https://` (any case) in `text`.
fn url_start(text: &str) -> Option<usize> {
    // ASCII lowercasing keeps byte offsets.
    let lower = text.to_ascii_lowercase();
    SCHEMES.iter().filter_map(|s| lower.find(s)).min()
}

/// Splits a word starting with a URL into the URL and what follows: the URL ends where a
/// character an autolink cannot hold starts (non-ASCII text right after a URL is common in
/// Chinese pages), without the sentence punctuation it ends with.
fn split_url(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '`' | '"'))
        .unwrap_or(text.len());
    let mut url = &text[..end];
    loop {
        let mut trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*']);
        // A closing bracket the URL did not open belongs to the sentence.
        for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
            if let Some(t) = trimmed.strip_suffix(close) {
                if t.matches(open).count() < trimmed.matches(close).count() {
                    trimmed = t;
                }
            }
        }
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    // The scheme itself always stays (`split_url` is only called at one).
    let min = SCHEMES
        .iter()
        .find(|s| text.len() >= s.len() && text[..s.len()].eq_ignore_ascii_case(s))
        .map_or(0, |s| s.len());
    let end = url.len().max(min.min(text.len()));
    text.split_at(end)
}

/// Text with every character markdown could give a meaning escaped; `line_start` when it
/// begins the doc line (where `#`, `-`, `+`, `=`, `1.` start blocks).
fn push_text(out: &mut String, text: &str, line_start: bool) {
    let chars: Vec<char> = text.chars().collect();
    // `1.` / `1)` (a word of its own) at the start of a line is an ordered list.
    let list_mark = if line_start {
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        let mark = digits > 0 && chars.len() == digits + 1;
        (mark && matches!(chars.get(digits), Some('.' | ')'))).then_some(digits)
    } else {
        None
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '[' | ']' | '<' | '>' | '*' | '~' => true,
            // `_` only emphasises at a word boundary; `snake_case` stays readable.
            '_' => {
                !prev.is_some_and(char::is_alphanumeric) || !next.is_some_and(char::is_alphanumeric)
            }
            // An entity (`&lt;`) would be decoded.
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '#' | '-' | '+' | '=' | '|' => line_start && i == 0,
            '.' | ')' => list_mark == Some(i),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(clean("Vec<T> and [x]"), r"Vec\<T\> and \[x\]");
        assert_eq!(clean("`code` *em* ~strike~"), r"\`code\` \*em\* \~strike\~");
        assert_eq!(clean(r"C:\path\[x]"), r"C:\\path\\\[x\]");
        assert_eq!(clean("a &lt; b & c"), r"a \&lt; b & c");
        assert_eq!(clean("_em_ and snake_case"), r"\_em\_ and snake_case");
        assert_eq!(
            clean("<b>tag</b> <!-- x -->"),
            r"\<b\>tag\</b\> \<!-- x --\>"
        );
    }

    #[test]
    fn block_syntax_at_line_start_is_escaped_only_there() {
        assert_eq!(clean("# heading"), r"\# heading");
        assert_eq!(clean("- item"), r"\- item");
        assert_eq!(clean("+ item"), r"\+ item");
        assert_eq!(clean("=== x"), r"\=== x");
        assert_eq!(clean("1. first"), r"1\. first");
        assert_eq!(clean("2) second"), r"2\) second");
        assert_eq!(clean("a # b - c 1. d"), "a # b - c 1. d");
        assert_eq!(clean("1.5 GB"), "1.5 GB");
    }

    #[test]
    fn whitespace_and_controls_collapse_to_one_line() {
        assert_eq!(
            clean("a\n    indented\n```\ncode\n```\u{7f}b"),
            r"a indented \`\`\` code \`\`\` b"
        );
        assert_eq!(clean(" \t\n"), "");
    }

    #[test]
    fn urls_become_autolinks() {
        assert_eq!(
            clean("See https://example.com/a?b=1&c=[2]."),
            "See <https://example.com/a?b=1&c=[2]>."
        );
        assert_eq!(
            clean("(http://x.io/a_(b)) 详见https://x.cn/doc。"),
            r"(<http://x.io/a_(b)>) 详见<https://x.cn/doc>。"
        );
        assert_eq!(clean("HTTPS://X.COM"), "<HTTPS://X.COM>");
        assert_eq!(clean("http://"), "http://");
        assert_eq!(
            clean("a http://x.io<b>http://y.io"),
            r"a <http://x.io>\<b\><http://y.io>"
        );
        assert_eq!(clean("https://x.io/`a`"), r"<https://x.io/>\`a\`");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("KeyIds"), "`KeyIds`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a``"), "``` `a`` ```");
        assert_eq!(code("[x] <T>"), "`[x] <T>`");
        assert_eq!(code(""), "");
    }

    #[test]
    fn one_attribute_for_many_paragraphs() {
        let a = attr(["one".to_string(), String::new(), "two  words".to_string()]);
        assert_eq!(
            a.to_string(),
            quote!(#[doc = " one\n\n two words"]).to_string()
        );
        assert!(attr([String::new()]).is_empty());
    }
}
