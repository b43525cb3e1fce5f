//! The soak: 10,000 calls across the five seed actions from one client at 64 concurrent
//! tasks, against `docsdk mock` on loopback with injected faults in a fixed random mix
//! (see `support/soak.rs`). Checks every target and exits 1 when one is missed; prints calls/s,
//! attempts per call, p50/p99 latency and resident memory.
//!
//! `cargo bench -p docsdk-clients --bench soak` (optionally `-- CALLS CONCURRENCY`).
//! Under `cargo test --all-targets` (no `--bench` argument) it runs 200 calls at 16 tasks,
//! as a check that the bench works.

#[path = "support/soak.rs"]
mod soak_core;

use docsdk_codegen::load::load_specs;
use std::path::PathBuf;

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let calls = args
        .first()
        .copied()
        .unwrap_or(if bench { 10_000 } else { 200 });
    let concurrency = args.get(1).copied().unwrap_or(if bench { 64 } else { 16 });
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let specs = load_specs(&dir, &dir.join("docs")).expect("specs").specs;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let report = runtime.block_on(soak_core::run(
        specs,
        soak_core::SoakConfig::new(calls, concurrency),
    ));
    report.print();
    // Memory is judged on the full run only (a short one has not reached a steady state).
    let failures = report.failures(bench.then_some(0.10));
    if failures.is_empty() {
        println!("soak: every target met");
    } else {
        for f in &failures {
            println!("soak: MISSED: {f}");
        }
        std::process::exit(1);
    }
}
