//! Both readers on hostile input: never panic, finish in time, stay linear, and always give
//! blocks or warnings with valid lines.

#[path = "fixtures/read/corpus.rs"]
mod corpus;

use docsdk_codegen::blocks::{Block, Document};
use docsdk_codegen::read::{html, markdown};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Invariants every document satisfies, whatever the input.
fn check(doc: &Document, source: &str) {
    // Both readers take "\r\n", "\r" and "\n" as line ends, as CommonMark and HTML do.
    let last_line = source
        .replace("\r\n", "\n")
        .split(['\n', '\r'])
        .count()
        .max(1);
    for b in &doc.blocks {
        assert!(
            (1..=last_line).contains(&b.line()),
            "block line {} outside 1..={last_line}",
            b.line()
        );
        if let Block::Table(t) = b {
            for r in &t.rows {
                assert!((1..=last_line).contains(&r.line), "row line {}", r.line);
                assert_eq!(r.cells.len(), t.header.len(), "row width != header width");
            }
        }
    }
    for w in &doc.warnings {
        assert!((1..=last_line).contains(&w.line), "warning line {}", w.line);
    }
}

fn both(source: &str) {
    check(&markdown::read(source), source);
    check(&html::read(source), source);
}

/// Pieces of both syntaxes, so that random input reaches the interesting paths.
const PIECES: &[&str] = &[
    "|",
    " |",
    "|-|",
    "|---|:--:|",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    " ",
    "a",
    "Name",
    "└",
    "├",
    "&nbsp;",
    "\u{a0}",
    "\u{3000}",
    "&#124;",
    "&#x7c;",
    "&#0;",
    "&#99999999;",
    "&amp",
    "\\|",
    "\\",
    "`",
    "```",
    "~~~",
    "    ",
    "# ",
    "## T {#id .section}",
    "{ .x}",
    "- ",
    "* ",
    "1. ",
    "> ",
    "<br>",
    "<br/>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<table>",
    "</table>",
    "<tr>",
    "</tr>",
    "<td>",
    "</td>",
    "<th>",
    "<thead>",
    "<tbody>",
    "<td rowspan=\"0\">",
    "<td colspan=\"99999\">",
    "<td rowspan=\"2\">",
    "<pre>",
    "</pre>",
    "<code>",
    "<p>",
    "<div>",
    "</div>",
    "<nav>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<h2>",
    "</h2>",
    "<a href=x>",
    "[t](u)",
    "**",
    "_",
    "<",
    ">",
    "&",
    "é",
    "中文",
    "😀",
    "\t",
    "\0",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,400}") {
        both(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        both(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn syntax_soup_never_panics(s in pieces()) {
        both(&s);
    }
}

#[test]
fn truncated_corpus_pages_never_panic() {
    for page in corpus::pages() {
        let rendered = corpus::markdown_to_html(&page.source);
        for src in [&page.source, &rendered] {
            let cuts: Vec<usize> = (0..=16).map(|k| src.len() * k / 16).collect();
            for &cut in &cuts {
                let mut c = cut;
                while !src.is_char_boundary(c) {
                    c -= 1;
                }
                let head = &src[..c];
                let tail = &src[c..];
                both(head);
                both(tail);
            }
        }
    }
}

fn timed(what: &str, limit: Duration, f: impl FnOnce()) {
    let t = Instant::now();
    f();
    let took = t.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < limit, "{what}: took {took:?} (limit {limit:?})");
}

/// Generous limits: these run unoptimised on a shared machine. A quadratic path on a few MB
/// takes minutes, so it still fails them.
const LIMIT: Duration = Duration::from_secs(60);

fn big_markdown(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    let mut i = 0;
    while s.len() < target {
        s.push_str(&format!(
            "## Section {i} {{#s{i} .section}}\n\nSome prose about `Param{i}` and [a link](x).\n\n\
|Name|Type|Required|Description|\n|----|----|--------|-----------|\n\
|Param{i}|String|Yes|Text <br>with <li>items</li> &#124; pipes.|\n\
|└Child{i}|Integer|No| Continued cell.\n\n |\n\n```json\n{{\"Param{i}\": 1}}\n```\n\n"
        ));
        i += 1;
    }
    s
}

fn big_html(target: usize) -> String {
    let mut s = String::with_capacity(target + 4096);
    s.push_str("<!DOCTYPE html><html><head><title>x</title><script>var a = 1;</script></head><body><nav><ul><li>Home</li></ul></nav><main>");
    let mut i = 0;
    while s.len() < target {
        s.push_str(&format!(
            "<h2 id=\"s{i}\">Section {i}</h2>\n<p>Prose about <code>Param{i}</code>.</p>\n\
<table><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead>\n<tbody>\n\
<tr><td>Param{i}</td><td rowspan=\"2\">String</td><td>Text<br>with <ul><li>items</li></ul></td></tr>\n\
<tr><td>└Child{i}</td><td>Child</td></tr>\n</tbody></table>\n<pre>{{\"Param{i}\": 1}}</pre>\n"
        ));
        i += 1;
    }
    s.push_str("</main><footer>f</footer></body></html>");
    s
}

#[test]
fn ten_megabyte_pages_finish_and_give_blocks() {
    let md = big_markdown(10 << 20);
    timed("10 MB markdown", LIMIT, || {
        let doc = markdown::read(&md);
        assert!(doc.blocks.len() > 10_000);
        check(&doc, &md);
    });
    let page = big_html(10 << 20);
    timed("10 MB html", LIMIT, || {
        let doc = html::read(&page);
        assert!(doc.blocks.len() > 10_000);
        check(&doc, &page);
    });
    let mem = peak_rss_mb();
    if let Some(mb) = mem {
        // The DOM of a 10 MB page is a few hundred MB at most; anything near the machine's
        // memory means something grows faster than the input.
        assert!(mb < 3000, "peak RSS {mb} MB");
    }
}

#[test]
fn pathological_shapes_stay_linear() {
    const N: usize = 2 << 20;
    let rep = |unit: &str| unit.repeat(N / unit.len().max(1));
    let cases: Vec<(&str, String)> = vec![
        // Rows that never close: each look-ahead must stop at the next row.
        ("unclosed rows", format!("|a|b|\n|-|-|\n{}", rep("|x|y\n"))),
        // A continued row with no closer for a long way.
        (
            "long continuation",
            format!("|a|b|\n|-|-|\n|x|y\n{}", rep("text line\n")),
        ),
        // Many HTML tables that never close.
        ("unclosed html tables", rep("<table><tr><td>x\n\n")),
        ("deep divs", rep("<div>")),
        ("deep tables", rep("<table><tr><td>")),
        ("deep lists", rep("- ")),
        ("deep quotes", rep(">")),
        ("wide row", format!("{}\n{}\n", rep("|a"), rep("|-"))),
        (
            "huge spans",
            rep("<tr><td rowspan=\"1000\" colspan=\"1000\">xxxxxxxxxxxxxxxx</td>"),
        ),
        ("many formatting", rep("<b><i><p>x")),
        (
            "chrome classes",
            rep("<div class=\"nav sidebar\"><div id=\"toc\">"),
        ),
        ("entities", rep("|&#124;&nbsp;`&#124;`&amp;")),
        ("one long line", "x".repeat(N)),
    ];
    for (name, src) in &cases {
        timed(name, LIMIT, || {
            let md = markdown::read(src);
            check(&md, src);
        });
        timed(name, LIMIT, || {
            let h = html::read(src);
            check(&h, src);
        });
    }
}

#[test]
fn malformed_html_gives_blocks_or_warnings() {
    let cases = [
        "<table><tr><td>a<td>b<tr><td>c",
        "<table></table>",
        "<table><caption>only a caption</caption></table>",
        "</table></tr></td>text",
        "<tr><td>row outside a table</td></tr>",
        "<table><tr><td></td><td></td></tr></table>",
        "<h2>unclosed heading<p>para",
        "<<<>>><table <tr>>",
        "<pre>unclosed code",
    ];
    for src in cases {
        let doc = html::read(src);
        check(&doc, src);
        assert!(
            !doc.blocks.is_empty() || !doc.warnings.is_empty(),
            "{src:?} gave nothing"
        );
    }
}

fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
