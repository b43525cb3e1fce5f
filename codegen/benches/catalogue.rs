//! Scale: every page of ../shared/corpus, ../shared/corpus-wide and tests/corpus-volcengine
//! scraped in one run (read from disk, read, extracted), on one core and on every core:
//! pages/s, MB/s and the process's peak resident memory.
//!
//! `cargo bench -p docsdk-codegen --bench catalogue` (`DOCSDK_BENCH_ROUNDS` rounds over all
//! pages, default 20). Under `cargo test` (no `--bench` argument) it does nothing.

use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::scrape;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Peak resident memory of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rounds: usize = std::env::var("DOCSDK_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = here.join("../../shared");
    let dirs: Vec<PathBuf> = vec![
        shared.join("corpus/pages"),
        shared.join("corpus-wide/pages"),
        here.join("tests/corpus-volcengine/pages"),
        here.join("../specs/docs"),
    ]
    .into_iter()
    .filter(|d| d.is_dir())
    .collect();
    let pages = scrape::collect_pages(&dirs).expect("pages");
    let bytes: u64 = pages
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let defaults = ServiceDefaults::builtin();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{} pages, {:.2} MB, {rounds} rounds",
        pages.len(),
        bytes as f64 / 1e6
    );
    for jobs in [1, cores] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .expect("thread pool");
        let scrape_all = || {
            pool.install(|| {
                pages
                    .par_iter()
                    .filter(|p| scrape::scrape_page(p, None, &defaults).is_ok())
                    .count()
            })
        };
        let ok = scrape_all();
        let start = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(scrape_all());
        }
        let secs = start.elapsed().as_secs_f64();
        let n = (pages.len() * rounds) as f64;
        println!(
            "{jobs} core(s): {ok}/{} pages scraped, {:.0} pages/s, {:.1} MB/s, {:.2} ms per pass, peak RSS {:.0} MiB",
            pages.len(),
            n / secs,
            bytes as f64 * rounds as f64 / secs / 1e6,
            secs * 1e3 / rounds as f64,
            peak_rss_mib().unwrap_or(f64::NAN)
        );
    }
}
