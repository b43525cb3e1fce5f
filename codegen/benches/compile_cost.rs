//! Compile cost of generated code: synthesizes 800 varied actions, vendors them into a scratch
//! crate that depends on `docsdk-runtime`, and reports the debug `cargo build`
//! seconds the generated code adds and its lines per action.
//! Targets: ≤ 0.03 s and ≤ 150 lines per action (aws-sdk-ec2: ≈ 0.29 s per operation).
//!
//! `cargo bench -p docsdk-codegen --bench compile_cost` (`DOCSDK_BENCH_ACTIONS` to change 800).
//! `cargo bench -p docsdk-codegen --bench compile_cost -- --corpus` builds real specs instead:
//! every page of ../shared/corpus, ../shared/corpus-wide and tests/corpus-volcengine, scraped
//! with the built-in defaults (a page documenting an action another page documents is left to
//! the one the spec follows).
//! Under `cargo test` (no `--bench` argument) it does nothing.

use docsdk_codegen::generate::generate_to_dir;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

#[path = "support/synth.rs"]
mod synth;

fn build(dir: &Path, target: &Path) -> f64 {
    let start = Instant::now();
    let status = Command::new(env!("CARGO"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args(["build", "-q", "--offline"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "scratch crate must build");
    start.elapsed().as_secs_f64()
}

/// Specs scraped from every corpus page.
fn corpus_specs(ws: &Path) -> Vec<docsdk_codegen::spec::Spec> {
    let dirs: Vec<std::path::PathBuf> = [
        ws.join("../shared/corpus/pages"),
        ws.join("../shared/corpus-wide/pages"),
        ws.join("codegen/tests/corpus-volcengine/pages"),
    ]
    .into_iter()
    .filter(|d| d.is_dir())
    .collect();
    let defaults = docsdk_codegen::defaults::ServiceDefaults::builtin();
    let scraped = docsdk_codegen::scrape::collect_pages(&dirs)
        .expect("pages")
        .iter()
        .map(|p| docsdk_codegen::scrape::scrape_page(p, None, &defaults).expect("page scrapes"))
        .collect();
    let (kept, _) = docsdk_codegen::scrape::resolve_duplicates(scraped);
    kept.into_iter().map(|s| s.spec).collect()
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("DOCSDK_BENCH_ACTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(800);
    let ws = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let target = ws.join("target/docsdk-compile-cost");
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("src/apis")).expect("mkdir");
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"compile-cost\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n\
             docsdk-runtime = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n\
             [profile.dev]\ndebug = \"line-tables-only\"\n[profile.dev.package.\"*\"]\ndebug = false\n[workspace]\n",
            ws.join("generated/runtime").display().to_string()
        ),
    )
    .expect("manifest");

    // Baseline: the runtime and dependencies only.
    std::fs::write(dir.join("src/lib.rs"), "pub use docsdk_runtime;\n").expect("lib");
    build(dir, &target);
    let base = build(dir, &target);

    let specs = if std::env::args().any(|a| a == "--corpus") {
        corpus_specs(ws)
    } else {
        synth::specs(n)
    };
    let n = specs.len();
    let t = Instant::now();
    generate_to_dir(&specs, &dir.join("src/apis")).expect("generates");
    let gen_s = t.elapsed().as_secs_f64();
    let mut lines = 0usize;
    let mut stack = vec![dir.join("src/apis")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                lines += std::fs::read_to_string(&p).expect("read").lines().count();
            }
        }
    }
    std::fs::write(
        dir.join("src/lib.rs"),
        "#![deny(warnings)]\npub mod apis;\n",
    )
    .expect("lib");
    let total = build(dir, &target);
    let added = total - base;
    println!("actions: {n}");
    println!(
        "codegen (incl. prettyplease): {gen_s:.2} s ({:.0} actions/s)",
        n as f64 / gen_s
    );
    println!("debug build: baseline {base:.2} s, with generated code {total:.2} s");
    println!(
        "generated code: {added:.2} s = {:.4} s per action",
        added / n as f64
    );
    println!("lines: {lines} = {:.1} per action", lines as f64 / n as f64);
    println!(
        "vs aws-sdk-ec2 (0.29 s/op): {:.1}x less",
        0.29 / (added / n as f64)
    );
}
