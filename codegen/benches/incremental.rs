//! The incremental-build check, in two steps as a build runs it: (1) hash every file under the
//! specs folder and compare with the hash recorded by the last complete build; (2) only when
//! that differs, read every input (pages scraped, specs parsed, overrides applied, exactly as a
//! build reads them), hash each spec and ask the cache which actions are stale.
//!
//! - `noop/seeds`, `noop/1000`: nothing changed, step 1 only (targets ≤ 100 ms and ≤ 1 s);
//! - `noop_full/seeds`, `noop_full/1000`: step 2 over unchanged specs, the worst case of a
//!   no-op (some file changed without changing any spec);
//! - `one_changed/1000`: one of the 1,000 specs edited: steps 1 and 2 find exactly that action,
//!   a stand-in regenerates it (writes one file) and the cache is saved. The generator's own
//!   time for one action is not included (it is not on this branch yet).
//!
//! `cargo bench -p docsdk-codegen --bench incremental`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use docsdk_codegen::cache::{self, Cache};
use docsdk_codegen::load::load_specs;
use docsdk_codegen::scrape::{self, spec_file_text};
use docsdk_codegen::spec::Spec;
use std::path::{Path, PathBuf};

const SPECS: usize = 1000;

fn repo_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// Reads the inputs, hashes them and returns the keys the cache says are stale.
fn stale(specs_dir: &Path, docs_dir: &Path, cache: &Cache) -> Vec<(String, String, Spec)> {
    let loaded = load_specs(specs_dir, docs_dir).expect("specs load");
    loaded
        .specs
        .into_iter()
        .filter_map(|spec| {
            let (key, input) = (cache::key(&spec), cache::input_hash(&spec));
            (!cache.is_fresh(&key, &input)).then_some((key, input, spec))
        })
        .collect()
}

/// Stand-in for generating one action: writes its canonical TOML as its output file.
fn regenerate(out_dir: &Path, cache: &mut Cache, stale: Vec<(String, String, Spec)>) {
    for (key, input, spec) in stale {
        let code = spec.to_toml();
        let file = out_dir.join(format!("{}.rs", key.replace('/', "_")));
        std::fs::write(&file, &code).expect("write output");
        cache.record(&key, &input, &cache::hash_bytes(code.as_bytes()));
    }
}

/// A build into `out_dir`: returns how many actions were regenerated.
fn build(specs_dir: &Path, docs_dir: &Path, out_dir: &Path) -> usize {
    let fp = cache::generator_fingerprint("bench");
    let mut cache = Cache::load(out_dir, &fp).expect("cache loads");
    let tree = cache::tree_hash(&[specs_dir, docs_dir]).expect("tree hash");
    if cache.tree_is_fresh(&tree) {
        return 0;
    }
    let stale = stale(specs_dir, docs_dir, &cache);
    let n = stale.len();
    regenerate(out_dir, &mut cache, stale);
    cache.record_tree(&tree);
    cache.save().expect("cache saves");
    n
}

/// Step 2 alone: every spec read and hashed; returns the stale count.
fn full_check(specs_dir: &Path, docs_dir: &Path, out_dir: &Path) -> usize {
    let cache = Cache::load(out_dir, &cache::generator_fingerprint("bench")).expect("cache");
    stale(specs_dir, docs_dir, &cache).len()
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
        b.iter(|| assert_eq!(full_check(&specs, &docs, seeds_out.path()), 0))
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
        b.iter(|| assert_eq!(full_check(&specs_dir, &no_docs, &out_dir), 0))
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
