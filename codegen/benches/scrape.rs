//! Scraping throughput on text pages (read → extract → constraints → spec), one core.
//!
//! `cargo bench -p docsdk-codegen --bench scrape` runs criterion per seed page, then scrapes
//! 10,000 pages (the seeds with varied action names) in one pass and prints pages/s, MB/s and
//! the process's peak memory.

use criterion::{criterion_group, Criterion, Throughput};
use docsdk_codegen::blocks::Format;
use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::extract::Hints;
use docsdk_codegen::scrape;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/docs");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .expect("specs/docs")
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("page"))
        .collect()
}

fn defaults() -> ServiceDefaults {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    ServiceDefaults::load_dir(&dir).expect("defaults")
}

fn per_page(c: &mut Criterion) {
    let defaults = defaults();
    let mut group = c.benchmark_group("scrape_text_page");
    for (i, page) in seeds().iter().enumerate() {
        group.throughput(Throughput::Bytes(page.len() as u64));
        group.bench_function(format!("seed_{i:03}"), |b| {
            b.iter(|| {
                scrape::scrape_text(
                    black_box(page),
                    page.as_bytes(),
                    Format::Text,
                    "p.txt",
                    &defaults,
                    &Hints::default(),
                )
            })
        });
    }
    group.finish();
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn ten_thousand_pages() {
    let defaults = defaults();
    let seeds = seeds();
    // Vary the action name so every page is a distinct spec, as a real doc set would be.
    let pages: Vec<String> = (0..10_000)
        .map(|i| {
            let page = &seeds[i % seeds.len()];
            page.replace("Disassociate", &format!("Disassociate{i}"))
                .replace("DeleteKeyPairs", &format!("DeleteKeyPairs{i}"))
                .replace(
                    "DetachInstanceRamRole",
                    &format!("DetachInstanceRamRole{i}"),
                )
        })
        .collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    let start = Instant::now();
    let mut params = 0;
    for page in &pages {
        if let Ok((spec, _)) = scrape::scrape_text(
            page,
            page.as_bytes(),
            Format::Text,
            "p.txt",
            &defaults,
            &Hints::default(),
        ) {
            params += spec.request.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "scrape 10,000 text pages: {:.3} s, {:.0} pages/s, {:.1} MB/s, {} params, peak RSS {} MiB",
        secs,
        pages.len() as f64 / secs,
        bytes as f64 / secs / 1e6,
        params,
        peak_rss_kib().map(|k| k / 1024).unwrap_or(0)
    );
}

criterion_group!(benches, per_page);

fn main() {
    benches();
    // `cargo test --all-targets` runs benches once as a smoke test; the 10,000-page pass is
    // for `cargo bench` only.
    if std::env::args().any(|a| a == "--bench") {
        ten_thousand_pages();
    }
    Criterion::default().configure_from_args().final_summary();
}
