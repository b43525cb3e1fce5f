//! Fetching 500 manifest pages from a loopback server: pages/s and peak memory.
//!
//! ```text
//! cargo bench -p docsdk-fetch --bench fetch_many
//! ```
//!
//! Starts the tests' raw-TCP server on 127.0.0.1 with 500 synthetic API pages (no rate
//! limit, concurrency 16), then runs `fetch` four times into a temporary folder:
//!
//! 1. every page new (saved as `.html`, guard and atomic write per page);
//! 2. again: every page answered 304, nothing rewritten;
//! 3. every page changed on the server: updated, the guard reading old and new page;
//! 4. the same pages saved as `.txt` (HTML → text conversion).
//!
//! Each line gives pages/s and the peak resident memory of that phase (`VmHWM` from
//! /proc/self/status, reset between phases through /proc/self/clear_refs where the kernel
//! allows it). The server runs in the same process, so its memory is included. Under
//! `cargo test --all-targets` (no `--bench` argument) it is a 50-page smoke run.

#[path = "../tests/support/server.rs"]
mod server;

use docsdk_fetch::{fetch, FetchOptions, FetchReport, Manifest, PageEntry, Status};
use server::{page, Server};
use std::path::Path;
use std::time::Duration;

/// Pages of a measured run (`cargo bench`); `cargo test --all-targets` runs the bench
/// without `--bench` as a quick smoke run of [`SMOKE_PAGES`].
const PAGES: usize = 500;
const SMOKE_PAGES: usize = 50;

fn api_page(i: usize, rows: usize) -> String {
    let mut s = format!(
        "<!doctype html><html><head><title>Action{i}</title></head><body>\
         <h1>Action{i}</h1><p>Runs action {i} on a widget.</p><h2>Request parameters</h2>\
         <table><tr><th>Parameter</th><th>Type</th><th>Required</th><th>Description</th></tr>"
    );
    for r in 0..rows {
        s.push_str(&format!(
            "<tr><td>Field{r}</td><td>String</td><td>Yes</td><td>Field {r} of action {i}, \
             at most 64 characters.</td></tr>"
        ));
    }
    s.push_str("</table></body></html>");
    s
}

/// Peak resident set size so far, in KiB.
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

async fn phase(name: &str, m: &Manifest, dir: &Path, o: &FetchOptions) -> FetchReport {
    let reset = reset_peak();
    let report = fetch(m, dir, o, &[] as &[&str])
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let secs = report.elapsed.as_secs_f64();
    println!(
        "{name:<28} {:>5} pages in {:>6.3} s = {:>7.0} pages/s, peak RSS {} MiB{}   [{}]",
        report.pages.len(),
        secs,
        report.pages.len() as f64 / secs,
        vm_hwm_kib().map_or("?".into(), |k| format!("{:.1}", k as f64 / 1024.0)),
        if reset { "" } else { " (process peak)" },
        report.summary()
    );
    report
}

fn check(ok: bool, what: &str) {
    if !ok {
        eprintln!("fetch_many: {what}");
        std::process::exit(1);
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let pages = if std::env::args().any(|a| a == "--bench") {
        PAGES
    } else {
        println!("smoke run (cargo bench measures {PAGES} pages)");
        SMOKE_PAGES
    };
    rt.block_on(async {
        let server = Server::start().await;
        let mut html = Manifest::default();
        let mut text = Manifest::default();
        let mut bytes = 0;
        for i in 0..pages {
            let path = format!("/docs/api/{i}");
            let body = api_page(i, 20);
            bytes += body.len();
            server.set(&path, page(&body));
            html.pages.push(PageEntry::new(
                server.url(&path),
                format!("page{i:03}.html"),
            ));
            text.pages
                .push(PageEntry::new(server.url(&path), format!("page{i:03}.txt")));
        }
        println!(
            "{pages} pages of {} bytes on average from {}",
            bytes / pages,
            server.addr
        );
        let o = FetchOptions {
            concurrency: 16,
            per_host_rate: None,
            timeout: Duration::from_secs(10),
            ..FetchOptions::default()
        };
        let dir = tempfile::tempdir().expect("tempdir");

        let first = phase("first fetch (.html, new)", &html, dir.path(), &o).await;
        check(first.updated().count() == pages, "not every page added");
        let second = phase("second fetch (all 304)", &html, dir.path(), &o).await;
        check(
            second
                .pages
                .iter()
                .all(|p| p.status == Status::Unchanged { not_modified: true }),
            "not every page answered 304",
        );
        check(
            server.total_requests() == 2 * pages,
            "more than one request per page and run",
        );
        for i in 0..pages {
            server.set(&format!("/docs/api/{i}"), page(&api_page(i, 21)));
        }
        let changed = phase("third fetch (all changed)", &html, dir.path(), &o).await;
        check(
            changed.pages.iter().all(|p| p.status == Status::Updated),
            "not every page updated",
        );
        let third = phase("first fetch (.txt, new)", &text, dir.path(), &o).await;
        check(
            third.updated().count() == pages,
            "not every text page added",
        );
    });
}
