//! The incremental-build check, in two steps as a build runs it: (1) hash every file under the
//! specs folder and compare with the hash recorded by the last complete build; (2) only when
//! that differs, read every input (pages scraped, specs parsed, overrides applied, exactly as a
//! build reads them), hash each spec and ask the cache which actions are stale.
//!
//! - `noop/seeds`, `noop/1000`: nothing changed, step 1 only (targets ≤ 100 ms and ≤ 1 s);
//! - `noop_full/seeds`, `noop_full/1000`: step 2 over unchanged specs, the worst case of a
//!   no-op (some file changed without changing any spec);
//! - `one_changed/1000`: one of the 1,000 specs edited: the real `Builder` finds exactly that
//!   action stale, renders it (module files too), writes what changed and saves the cache.
//!
//! Every run is a real `docsdk_codegen::builder::Builder::generate()` into a temporary OUT_DIR.
//!
//! `cargo bench -p docsdk-codegen --bench incremental`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use docsdk_codegen::builder::Builder;
use docsdk_codegen::cache::{self, Cache};
use docsdk_codegen::load::load_specs;
use docsdk_codegen::scrape::{self, spec_file_text};
use docsdk_codegen::spec::Spec;
use std::path::{Path, PathBuf};

const SPECS: usize = 1000;

fn repo_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// A real build with the Builder into `out_dir`: returns how many action files the generator
/// rendered (0 when the content-hash cache found every input unchanged).
fn build(specs_dir: &Path, docs_dir: &Path, out_dir: &Path) -> usize {
    let report = Builder::new()
        .specs_dir(specs_dir)
        .docs_dir(docs_dir)
        .out_dir(out_dir)
        .emit_rerun_if_changed(false)
        .generate()
        .expect("build");
    report.rendered
}

/// Step 2 alone: every input read and every spec hashed against the cache.
fn full_check(specs_dir: &Path, docs_dir: &Path, out_dir: &Path) -> usize {
    let cache = Cache::load(out_dir, "bench").expect("cache");
    load_specs(specs_dir, docs_dir)
        .expect("specs load")
        .specs
        .iter()
        .filter(|s| !cache.is_fresh(&cache::key(s), &cache::input_hash(s)))
        .count()
}

/// 1,000 specs made from the five seeds under distinct action names.
fn synthesize(dir: &Path) -> Vec<PathBuf> {
    let seeds: Vec<Spec> = scrape::collect_pages(&[repo_specs().join("docs")])
        .expect("seed pages")
        .iter()
        .map(|p| {
            let defaults = docsdk_codegen::defaults::ServiceDefaults::load_dir(&repo_specs())
                .expect("defaults");
            scrape::scrape_page(p, Some(&repo_specs()), &defaults)
                .expect("seed scrapes")
                .spec
        })
        .collect();
    (0..SPECS)
        .map(|i| {
            let mut spec = seeds[i % seeds.len()].clone();
            spec.action.name = format!("{}{i:04}", spec.action.name);
            let path = dir.join(spec.relative_path());
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, spec_file_text(&spec)).expect("write spec");
            path
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("incremental");

    // The five seeds, as the build reads them.
    let seeds_out = tempfile::tempdir().expect("tmp");
    let (specs, docs) = (repo_specs(), repo_specs().join("docs"));
    assert_eq!(build(&specs, &docs, seeds_out.path()), 5);
    g.bench_function("noop/seeds", |b| {
        b.iter(|| assert_eq!(build(&specs, &docs, seeds_out.path()), 0))
    });
    g.bench_function("noop_full/seeds", |b| {
        b.iter(|| full_check(&specs, &docs, seeds_out.path()))
    });

    // 1,000 synthesized specs.
    let tmp = tempfile::tempdir().expect("tmp");
    let specs_dir = tmp.path().join("specs");
    let out_dir = tmp.path().join("out");
    std::fs::create_dir_all(&out_dir).expect("mkdir");
    let files = synthesize(&specs_dir);
    let no_docs = specs_dir.join("docs");
    assert_eq!(build(&specs_dir, &no_docs, &out_dir), SPECS);
    g.sample_size(20);
    g.measurement_time(std::time::Duration::from_secs(8));
    g.bench_function("noop/1000", |b| {
        b.iter(|| assert_eq!(build(&specs_dir, &no_docs, &out_dir), 0))
    });
    g.bench_function("noop_full/1000", |b| {
        b.iter(|| full_check(&specs_dir, &no_docs, &out_dir))
    });

    // One spec edited before each run (alternating between two texts, so each run sees one
    // change): find it, regenerate it, save the cache.
    let victim = &files[SPECS / 2];
    let original = std::fs::read_to_string(victim).expect("read");
    let edited = original.replacen("summary = \"", "summary = \"Edited. ", 1);
    assert_ne!(original, edited);
    let mut flip = false;
    g.bench_function("one_changed/1000", |b| {
        b.iter_batched(
            || {
                flip = !flip;
                std::fs::write(victim, if flip { &edited } else { &original }).expect("edit");
            },
            |()| assert_eq!(build(&specs_dir, &no_docs, &out_dir), 1),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(incremental, benches);
criterion_main!(incremental);
