//! Same page, same spec: a page read as markdown, as its HTML rendering and as a text dump
//! (what a browser's copy of the rendered page gives: tab-separated table cells) gives the
//! same spec, descriptions aside. Checked on every corpus page and on the seed pages.

mod common;

use common::*;
use docsdk_codegen::blocks::{Block, Document, Format};
use docsdk_codegen::spec::Spec;
use docsdk_codegen::{extract, read};

/// What must not depend on the format: everything but prose, lines and example text.
fn essence(spec: &Spec) -> String {
    let mut s = spec.clone();
    s.source = None;
    s.examples.clear();
    s.action.summary.clear();
    if let Some(r) = s.action.rate_limit.as_mut() {
        r.evidence = None;
    }
    let strip = |f: &mut docsdk_codegen::spec::Field| {
        f.description.clear();
        f.line = None;
        f.example = None;
        f.constraints.evidence.clear();
    };
    s.request.iter_mut().for_each(strip);
    s.response.iter_mut().for_each(strip);
    for st in s.structs.iter_mut() {
        st.description.clear();
        st.fields.iter_mut().for_each(strip);
    }
    for e in s.errors.iter_mut() {
        e.line = None;
        e.message.clear();
        e.description.clear();
    }
    s.to_toml()
}

/// The spec of one rendering of a page; as `scrape_page` does, what the rendering does not say
/// (a text copy has no link targets) may come from the page's file name.
fn spec_of(page: &std::path::Path, text: &str, format: Format) -> Spec {
    spec_with(page, text, format, &extract::Hints::default())
}

/// The same with the user's hints (`--provider/--service`).
fn spec_with(page: &std::path::Path, text: &str, format: Format, flags: &extract::Hints) -> Spec {
    let doc = read::read(text, format);
    let defaults = defaults();
    let hints = flags.for_page(page, &defaults);
    extract::extract_page(&doc, text, &defaults, &hints)
        .unwrap_or_else(|e| panic!("{} as {format:?}: {e}", page.display()))
        .spec
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn depth_marks(depth: u8) -> String {
    "└".repeat(depth as usize)
}

/// The blocks as a browser's text copy of the rendered page: one line per paragraph, table
/// cells separated by tabs, line breaks inside cells flattened.
fn text_dump(doc: &Document) -> String {
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => {
                out.push_str(&text.replace('\n', " "));
                out.push('\n');
            }
            Block::Code { text, .. } => {
                out.push_str(text);
                out.push('\n');
            }
            Block::Table(t) => {
                out.push_str(&t.header.join("\t"));
                out.push('\n');
                for r in &t.rows {
                    let mut cells: Vec<String> =
                        r.cells.iter().map(|c| c.replace('\n', " ")).collect();
                    if let Some(first) = cells.first_mut() {
                        *first = format!("{}{first}", depth_marks(r.depth));
                    }
                    // A browser copy keeps empty cells as empty tab fields.
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The blocks as markdown (pipe tables, fenced code).
fn markdown(doc: &Document) -> String {
    let cell = |c: &str| c.replace('|', "\\|").replace('\n', "<br>");
    let mut out = String::new();
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. } => out.push_str(&format!("## {text}\n\n")),
            Block::Paragraph { text, .. } => {
                out.push_str(&format!("{}\n\n", text.replace('|', "\\|")))
            }
            Block::Code { text, .. } => out.push_str(&format!("```\n{text}\n```\n\n")),
            Block::Table(t) => {
                out.push_str(&format!(
                    "|{}|\n",
                    t.header
                        .iter()
                        .map(|h| cell(h))
                        .collect::<Vec<_>>()
                        .join("|")
                ));
                out.push_str(&format!("|{}|\n", vec!["---"; t.header.len()].join("|")));
                for r in &t.rows {
                    let cells: Vec<String> = r
                        .cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            if i == 0 {
                                format!("{}{}", depth_marks(r.depth), cell(c))
                            } else {
                                cell(c)
                            }
                        })
                        .collect();
                    out.push_str(&format!("|{}|\n", cells.join("|")));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The blocks as an HTML page with chrome the reader must ignore.
fn html(doc: &Document) -> String {
    let mut out = String::from("<html><head><style>p{}</style><script>var x = '<table>';</script></head><body><nav><p>Docs home</p></nav><main>");
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. } => {
                out.push_str(&format!("<h2>{}</h2>\n", escape_html(text)))
            }
            Block::Paragraph { text, .. } => {
                out.push_str(&format!("<p>{}</p>\n", escape_html(text)))
            }
            Block::Code { text, .. } => {
                out.push_str(&format!("<pre><code>{}</code></pre>\n", escape_html(text)))
            }
            Block::Table(t) => {
                out.push_str("<table><thead><tr>");
                for h in &t.header {
                    out.push_str(&format!("<th>{}</th>", escape_html(h)));
                }
                out.push_str("</tr></thead><tbody>\n");
                for r in &t.rows {
                    out.push_str("<tr>");
                    for (i, c) in r.cells.iter().enumerate() {
                        let marks = if i == 0 {
                            depth_marks(r.depth)
                        } else {
                            String::new()
                        };
                        out.push_str(&format!(
                            "<td>{marks}{}</td>",
                            escape_html(c).replace('\n', "<br>")
                        ));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
        }
    }
    out.push_str("</main><footer><p>Contact us</p></footer></body></html>");
    out
}

fn corpus_pages() -> Vec<std::path::PathBuf> {
    let dir = shared().join("corpus").join("pages");
    let mut pages = Vec::new();
    for provider in ["alibaba", "tencent"] {
        if let Ok(entries) = std::fs::read_dir(dir.join(provider)) {
            pages.extend(entries.flatten().map(|e| e.path()));
        }
    }
    pages.sort();
    pages
}

#[test]
fn corpus_markdown_html_and_text_dump_give_the_same_spec() {
    let pages = corpus_pages();
    if pages.is_empty() {
        eprintln!("skipping: ../shared/corpus not present");
        return;
    }
    assert_eq!(pages.len(), 29);
    same_spec_three_ways(pages);
}

/// The 110 pages of the wide corpus, three ways each.
#[test]
fn wide_corpus_markdown_html_and_text_dump_give_the_same_spec() {
    let dir = shared().join("corpus-wide").join("pages");
    let pages = docsdk_codegen::scrape::collect_pages(&[dir]).unwrap_or_default();
    if pages.is_empty() {
        eprintln!("skipping: ../shared/corpus-wide not present");
        return;
    }
    assert_eq!(pages.len(), 110);
    let differ = differing_pages(pages);
    // A ratchet, not a free pass: 8 of 110 Alibaba pages still read differently as a text dump
    // (the method of a `http(s)://[Endpoint]` example, error entries of the RAM bullet layout
    // once copied as tab-separated cells) or as HTML (a default mined from a list). Only goes down.
    assert!(
        differ.len() <= 8,
        "{} pages differ:\n{}",
        differ.len(),
        differ.join("\n\n")
    );
}

fn same_spec_three_ways(pages: Vec<std::path::PathBuf>) {
    let differ = differing_pages(pages);
    assert!(
        differ.is_empty(),
        "{} pages differ:\n{}",
        differ.len(),
        differ.join("\n\n")
    );
}

/// Pages whose renderings give another spec than the page, with the first lines of the diff.
fn differing_pages(pages: Vec<std::path::PathBuf>) -> Vec<String> {
    let mut failures = Vec::new();
    for page in pages {
        if let Err(e) = std::panic::catch_unwind(|| same_spec_one(page.clone())) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(msg.lines().take(8).collect::<Vec<_>>().join("\n"));
        }
    }
    failures
}

fn same_spec_one(page: std::path::PathBuf) {
    {
        let md = std::fs::read_to_string(&page).expect("page");
        let md_spec = spec_of(&page, &md, Format::Markdown);
        let from_md = essence(&md_spec);
        // A rendering or a text copy loses link targets (`product=Vpc`): the user says the
        // service, as `--service` would.
        let a = &md_spec.action;
        let flags = extract::Hints::from_flags(Some(a.provider), Some(&a.service), None);
        let doc = read::read(&md, Format::Markdown);
        let mut rendered = String::new();
        let parser = pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES);
        pulldown_cmark::html::push_html(&mut rendered, parser);
        // Two old Alibaba pages close cells with ` |` lines after a blank line, which CommonMark
        // ends the table at (the doc site renders them whole): render those from the blocks.
        let rows: usize = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Table(t) => t.rows.len() + 1,
                _ => 0,
            })
            .sum();
        if rendered.matches("<tr>").count() < rows {
            rendered = html(&doc);
            // A rendered page keeps its links (OpenAPI Explorer's `product=Slb`, …) as hrefs.
            for url in md
                .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"'))
                .filter(|w| w.starts_with("http"))
            {
                rendered.push_str(&format!("<a href=\"{}\">link</a>", escape_html(url)));
            }
        }
        let from_html = essence(&spec_with(&page, &rendered, Format::Html, &flags));
        similar_asserts(&page, "html", &from_md, &from_html);
        let dump = text_dump(&doc);
        let from_text = essence(&spec_with(&page, &dump, Format::Text, &flags));
        similar_asserts(&page, "text dump", &from_md, &from_text);
    }
}

#[test]
fn seed_text_markdown_and_html_give_the_same_spec() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let path = seed(prefix);
        let text = std::fs::read_to_string(&path).expect("seed");
        let doc = read::read(&text, Format::Text);
        let from_text = essence(&spec_of(&path, &text, Format::Text));
        similar_asserts(
            &path,
            "markdown",
            &from_text,
            &essence(&spec_of(&path, &markdown(&doc), Format::Markdown)),
        );
        similar_asserts(
            &path,
            "html",
            &from_text,
            &essence(&spec_of(&path, &html(&doc), Format::Html)),
        );
        similar_asserts(
            &path,
            "text dump",
            &from_text,
            &essence(&spec_of(&path, &text_dump(&doc), Format::Text)),
        );
    }
}

fn similar_asserts(page: &std::path::Path, what: &str, a: &str, b: &str) {
    if a != b {
        let diff: Vec<String> = a
            .lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .take(8)
            .map(|(x, y)| format!("  - {x}\n  + {y}"))
            .collect();
        panic!(
            "{}: the {what} gives a different spec ({} vs {} lines):\n{}",
            page.display(),
            a.lines().count(),
            b.lines().count(),
            diff.join("\n")
        );
    }
}

/// A Chinese page and its English twin give the same spec apart from descriptions: the twin
/// is seed 000 (Tencent ECM) as the Chinese site words it (接口请求域名, 默认接口请求频率限制,
/// 参数名称 | 必选, 是/否, 每次请求批量密钥对的上限为100, 默认取值：FALSE).
#[test]
fn chinese_twin_gives_the_english_spec() {
    let en_path = seed("000");
    let zh_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/zh/tencent_ecm_zh.txt");
    let en = std::fs::read_to_string(&en_path).expect("seed");
    let zh = std::fs::read_to_string(&zh_path).expect("twin");
    similar_asserts(
        &zh_path,
        "Chinese twin",
        &essence(&spec_of(&en_path, &en, Format::Text)),
        &essence(&spec_of(&zh_path, &zh, Format::Text)),
    );
}
