//! Reader throughput. The HTML case is a saved page of realistic size: corpus pages rendered to
//! HTML (their tables, lists, code) wrapped in the chrome a documentation site serves around
//! them — head with styles and scripts, header, nav, sidebar, breadcrumb, feedback, footer —
//! and grown past 100 KB. The markdown case reads the corpus pages themselves.
//!
//! Run: `cargo bench -p docsdk-codegen --bench read_html`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use docsdk_codegen::read::{html, markdown};
use std::hint::black_box;
use std::path::Path;

fn corpus_pages() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/pages");
    let mut out = Vec::new();
    for provider in ["tencent", "alibaba"] {
        let Ok(entries) = std::fs::read_dir(dir.join(provider)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for f in files {
            if let Ok(s) = std::fs::read_to_string(&f) {
                out.push(s);
            }
        }
    }
    if out.is_empty() {
        eprintln!(
            "note: corpus not found at {}; using a synthetic page",
            dir.display()
        );
        out.push(SYNTHETIC.to_string());
    }
    out
}

const SYNTHETIC: &str = "## 2. Input Parameters\n\n| Parameter Name | Required | Type | Description |\n|---|---|---|---|\n| Action | Yes | String | Common parameter. |\n| Filters.N | No | Array of [Filter](/x) | Conditions:<br/><li>a - String</li><li>b - `x&#124;y`</li> |\n\n```json\n{\"a\": 1}\n```\n";

fn render(md: &str) -> String {
    use pulldown_cmark::{html::push_html, Options, Parser};
    let mut out = String::new();
    push_html(&mut out, Parser::new_ext(md, Options::ENABLE_TABLES));
    out
}

/// A saved documentation page: chrome around the rendered body, at least `min` bytes.
fn saved_page(bodies: &[String], min: usize) -> String {
    let mut head = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>API Reference</title>\n",
    );
    for i in 0..40 {
        head.push_str(&format!(
            "<link rel=\"stylesheet\" href=\"/static/css/chunk-{i}.css\">\n<style>.c{i} {{ margin: 0 {i}px; color: #{i:03}; }} .doc-nav a:hover {{ text-decoration: underline; }}</style>\n"
        ));
    }
    head.push_str("<script>window.__INITIAL_STATE__ = {\"user\":null,\"menu\":[");
    for i in 0..400 {
        head.push_str(&format!(
            "{{\"id\":{i},\"title\":\"Product {i} <b>API</b>\",\"href\":\"/document/product/{i}\"}},"
        ));
    }
    head.push_str("{}]};</script>\n</head>\n<body>\n");
    let mut nav = String::from(
        "<header class=\"site-header\"><div class=\"logo\">Cloud</div><nav class=\"top-nav\"><ul>",
    );
    for i in 0..60 {
        nav.push_str(&format!("<li><a href=\"/p/{i}\">Product {i}</a><ul><li><a href=\"/p/{i}/doc\">Docs</a></li><li><a href=\"/p/{i}/price\">Pricing</a></li></ul></li>\n"));
    }
    nav.push_str("</ul></nav></header>\n<div class=\"breadcrumb\"><a href=\"/\">Docs</a> / <a href=\"/api\">API</a></div>\n<aside class=\"doc-sidebar\"><div class=\"toc\"><ul>");
    for i in 0..200 {
        nav.push_str(&format!(
            "<li class=\"toc-item\"><a href=\"#s{i}\">Section {i}</a></li>\n"
        ));
    }
    nav.push_str("</ul></div></aside>\n<main class=\"doc-main\"><article class=\"doc-content\">\n");
    let tail = "</article>\n<div class=\"feedback\"><p>Was this page helpful?</p><form><button>Yes</button><button>No</button></form></div>\n</main>\n<footer class=\"site-footer\"><table><tr><td>About</td><td>Contact</td></tr></table><p>Copyright</p></footer>\n<div class=\"cookie-consent\">We use cookies.</div>\n<script src=\"/static/js/app.js\"></script>\n</body>\n</html>\n";
    let mut page = String::new();
    page.push_str(&head);
    page.push_str(&nav);
    for body in bodies.iter().cycle().take(10_000) {
        if page.len() + tail.len() >= min {
            break;
        }
        page.push_str(body);
    }
    page.push_str(tail);
    page
}

fn bench(c: &mut Criterion) {
    let pages = corpus_pages();
    let bodies: Vec<String> = pages.iter().map(|p| render(p)).collect();
    let page = saved_page(&bodies, 100 * 1024);
    let mut g = c.benchmark_group("read");

    g.throughput(Throughput::Elements(1));
    g.bench_function(format!("html_saved_page_{}KB", page.len() / 1024), |b| {
        b.iter(|| html::read(black_box(&page)))
    });
    // Baseline: parsing alone, to see what the reader adds on top of html5ever.
    g.bench_function(format!("scraper_parse_only_{}KB", page.len() / 1024), |b| {
        b.iter(|| scraper::Html::parse_document(black_box(&page)))
    });

    let md_total: usize = pages.iter().map(|p| p.len()).sum();
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function(
        format!(
            "markdown_corpus_{}_pages_{}KB",
            pages.len(),
            md_total / 1024
        ),
        |b| {
            b.iter(|| {
                for p in &pages {
                    black_box(markdown::read(black_box(p)));
                }
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
