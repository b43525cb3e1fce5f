//! A catalogue builds: ONE crate generated from every page of the corpora (../shared/corpus,
//! ../shared/corpus-wide, and codegen/tests/corpus-volcengine when present, all read in place)
//! plus the hand-written weird specs (`support/weird.rs`), in a copy of the workspace.
//!
//! Checked: no action left out, no compiler warning (cargo's output is scanned for them), clippy
//! clean with `-D warnings`, and the page examples' round trips (each page's examples become
//! tests that the request serializes to what the page shows and the response deserializes with
//! every field kept): passed/failed printed with each failure's action and reason, by category,
//! and held to a floor that only goes up.
//!
//! Cost: `cargo test --lib` and `cargo clippy` of `docsdk-clients` in the target dir shared with
//! the other workspace-copy tests (`target/docsdk-regen`), so only the first run compiles
//! dependencies. `DOCSDK_CATALOGUE_CLIPPY=0` skips clippy.

mod support;

use docsdk_codegen::builder::Builder;
use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::generate::names::snake;
use docsdk_codegen::generate::types::ActionNames;
use docsdk_codegen::scrape::{collect_pages, scrape_page};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use support::{copy_workspace, shared_target, workspace};

/// Round trips that must pass, of those the pages' examples give (178 of 187 = 0.952 when last
/// raised; the 9 that fail are pages that contradict themselves, listed in
/// `codegen/tests/KNOWN-DIFFERENCES.md`). Only goes up.
const ROUND_TRIP_FLOOR: f64 = 0.95;

/// Every page of the corpora, with a unique file name for the docs folder.
fn corpus_pages() -> Vec<(PathBuf, String)> {
    let shared = workspace().join("../shared");
    let mut roots = vec![
        ("corpus", shared.join("corpus/pages")),
        ("wide", shared.join("corpus-wide/pages")),
        (
            "volc",
            workspace().join("codegen/tests/corpus-volcengine/pages"),
        ),
    ];
    roots.retain(|(_, r)| r.is_dir());
    let mut out = Vec::new();
    for (tag, root) in roots {
        let pages = collect_pages(std::slice::from_ref(&root)).expect("pages");
        for page in pages {
            let rel = page.strip_prefix(&root).unwrap_or(&page);
            let flat = rel.to_string_lossy().replace(['/', '\\'], "_");
            out.push((page.clone(), format!("catalogue_{tag}_{flat}")));
        }
    }
    out
}

/// One doc-example test of the generated crate.
struct ExampleRun {
    test: String,
    action: String,
    reason: Option<String>,
}

/// Groups a failure by what it says about the extractors or the page.
fn category(reason: &str) -> &'static str {
    let first = reason.lines().next().unwrap_or("");
    let nested = first
        .rsplit_once("(at ")
        .is_some_and(|(_, at)| at.contains('.'));
    if reason.contains("documented JSON does not parse") {
        "page example itself malformed (JSON does not parse)"
    } else if first.ends_with(": RequestID") {
        "page example quirk (`RequestID` for the envelope's `RequestId`)"
    } else if first.contains("not kept by the typed response: ") && first.ends_with("Response") {
        "page example quirk (response wrapped in an `<Action>Response` member)"
    } else if reason.contains("documented request does not parse: unknown parameter") && nested {
        "request example has struct members the spec lacks"
    } else if reason.contains("documented request does not parse: unknown parameter") {
        "request example has params the spec lacks"
    } else if reason.contains("documented request does not parse") {
        "request example value has another type than the spec says"
    } else if reason.contains("request serializes differently") {
        "request example does not round-trip (spec shape differs: list/struct/encoding)"
    } else if reason.contains("response fields not kept") {
        "response member not captured by the spec"
    } else if reason.contains("documented response does not parse") {
        "response example value has another type than the spec says"
    } else if reason.contains("error code") {
        "error example's code not kept"
    } else {
        "other"
    }
}

/// `<provider>::<service>::<version>::<module>::examples::example_N ... ok|FAILED` lines and the
/// `---- name stdout ----` sections with the returned error.
fn parse_tests(
    stdout: &str,
    actions: &BTreeMap<(String, String, String), String>,
) -> Vec<ExampleRun> {
    let mut reasons: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("---- ") {
            current = rest.strip_suffix(" stdout ----").map(str::to_string);
            continue;
        }
        if let Some(name) = &current {
            let t = line.trim();
            if let Some(err) = t.strip_prefix("Error: ") {
                let err = err
                    .trim_matches('"')
                    .replace("\\n", "\n")
                    .replace("\\\"", "\"");
                reasons.insert(name.clone(), err);
                current = None;
            } else if t.starts_with("thread '") && t.contains("panicked") {
                reasons.entry(name.clone()).or_insert_with(|| t.to_string());
            }
        }
    }
    let mut runs = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, outcome)) = rest.split_once(" ... ") else {
            continue;
        };
        if !name.contains("examples::example_") {
            continue;
        }
        let parts: Vec<&str> = name.split("::").collect();
        let action = if parts.len() >= 4 {
            actions
                .get(&(parts[0].into(), parts[1].into(), parts[3].into()))
                .cloned()
                .unwrap_or_else(|| parts[..4].join("."))
        } else {
            name.to_string()
        };
        let ok = outcome.trim() == "ok";
        runs.push(ExampleRun {
            test: name.to_string(),
            action,
            reason: (!ok).then(|| {
                reasons
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| outcome.trim().to_string())
            }),
        });
    }
    runs
}

fn cargo(root: &Path, args: &[&str]) -> (bool, String, String, f64) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", shared_target())
        .env_remove("DOCSDK_SPECS_DIR")
        .env_remove("DOCSDK_STRICT")
        .env_remove("RUSTFLAGS")
        .args(args)
        .output()
        .expect("cargo runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed().as_secs_f64(),
    )
}

/// Compiler warnings in cargo's output (build-script `cargo:warning` lines are the
/// generator's, counted apart).
fn compiler_warnings(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning:") || l.starts_with("error:"))
        .filter(|l| !l.contains("docsdk-clients@") && !l.contains("docsdk: "))
        .filter(|l| !l.starts_with("error: test failed") && !l.contains("target failed"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_corpus_page_builds_into_one_crate() {
    let started = Instant::now();
    let pages = corpus_pages();
    if pages.is_empty() {
        eprintln!("skipping: no corpus pages under ../shared");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("ws");
    copy_workspace(&root);
    let specs = root.join("specs");
    let docs = specs.join("docs");
    let defaults = ServiceDefaults::load_dir(&specs).expect("defaults");

    // Pre-scrape: a page that does not scrape would stop the whole build (load_specs fails
    // on it), and two pages of one action are an error there; both are left out here,
    // printed, and counted. Actions already in the workspace (the seeds) count as seen.
    let mut seen: BTreeMap<PathBuf, String> = BTreeMap::new();
    for page in collect_pages(std::slice::from_ref(&docs)).expect("seed pages") {
        if let Ok(s) = scrape_page(&page, Some(&specs), &defaults) {
            seen.insert(s.spec.relative_path(), page.display().to_string());
        }
    }
    let mut unscraped = Vec::new();
    let mut duplicates = Vec::new();
    // (provider, service module, action module) → action key, for naming test results.
    let mut actions: BTreeMap<(String, String, String), String> = BTreeMap::new();
    let mut corpus_actions = BTreeSet::new();
    for (page, name) in &pages {
        match scrape_page(page, Some(&specs), &defaults) {
            Err(e) => unscraped.push(format!("{}: {e}", page.display())),
            Ok(s) => {
                let rel = s.spec.relative_path();
                if let Some(first) = seen.get(&rel) {
                    duplicates.push(format!("{} (already from {first})", page.display()));
                    continue;
                }
                seen.insert(rel, page.display().to_string());
                let a = &s.spec.action;
                let key = format!("{}.{}.{}", a.provider, a.service, a.name);
                actions.insert(
                    (
                        a.provider.as_str().to_string(),
                        snake(&a.service),
                        ActionNames::new(&a.name).module,
                    ),
                    key.clone(),
                );
                corpus_actions.insert(key);
                std::fs::copy(page, docs.join(name)).expect("copy page");
            }
        }
    }
    for s in support::weird::specs() {
        let path = specs.join(s.relative_path());
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, s.to_toml()).expect("weird spec");
    }

    // What the build script will do, in process: every action generated, none left out.
    let out_dir = tmp.path().join("gen");
    let report = Builder::new()
        .specs_dir(&specs)
        .docs_dir(&docs)
        .out_dir(&out_dir)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
        .cache(false)
        .generate()
        .expect("generates");

    // The crate's tests: every page example's round trip (compiler warnings counted below).
    let (_, test_out, test_err, test_s) = cargo(
        &root,
        &[
            "test",
            "--offline",
            "-p",
            "docsdk-clients",
            "--lib",
            "--no-fail-fast",
        ],
    );
    let runs = parse_tests(&test_out, &actions);
    let compiled = !runs.is_empty() || test_out.contains("test result:");
    let mut warnings = compiler_warnings(&test_err);
    let generator_lines: Vec<&str> = test_err
        .lines()
        .filter(|l| l.contains("docsdk: "))
        .collect();

    let clippy = std::env::var("DOCSDK_CATALOGUE_CLIPPY").as_deref() != Ok("0")
        && Command::new(env!("CARGO"))
            .args(["clippy", "--version"])
            .output()
            .is_ok_and(|o| o.status.success());
    let mut clippy_s = 0.0;
    let mut clippy_ok = true;
    if clippy && compiled {
        let (ok, _, err, s) = cargo(
            &root,
            &[
                "clippy",
                "--offline",
                "-p",
                "docsdk-clients",
                "--lib",
                "--tests",
                "--",
                "-D",
                "warnings",
            ],
        );
        clippy_s = s;
        clippy_ok = ok;
        warnings.extend(compiler_warnings(&err));
    }

    // The report.
    let (corpus_runs, weird_runs): (Vec<&ExampleRun>, Vec<&ExampleRun>) =
        runs.iter().partition(|r| {
            !r.test
                .split("::")
                .nth(1)
                .is_some_and(|s| s.starts_with("weird"))
        });
    let failed: Vec<&&ExampleRun> = corpus_runs.iter().filter(|r| r.reason.is_some()).collect();
    let passed = corpus_runs.len() - failed.len();
    let ratio = if corpus_runs.is_empty() {
        1.0
    } else {
        passed as f64 / corpus_runs.len() as f64
    };
    println!("== catalogue: one crate from every corpus page ==");
    println!(
        "pages: {} ({} not scraped, {} duplicates skipped)",
        pages.len(),
        unscraped.len(),
        duplicates.len()
    );
    for u in &unscraped {
        println!("  not scraped: {u}");
    }
    for d in &duplicates {
        println!("  duplicate skipped: {d}");
    }
    println!(
        "actions: {} specs ({} from the corpora, the rest seeds and weird specs), {} files",
        report.specs,
        corpus_actions.len(),
        report.files
    );
    println!("left out: {}", report.left_out.len());
    for l in &report.left_out {
        println!("  {l}");
    }
    println!(
        "generator warnings: {} (renamed or repeated names; as cargo:warning lines: {})",
        report.warnings.len(),
        generator_lines.len()
    );
    for w in &report.warnings {
        println!("  {w}");
    }
    println!("compiler/clippy warnings: {}", warnings.len());
    for w in &warnings {
        println!("  {w}");
    }
    println!(
        "cargo test --lib: {test_s:.0} s; clippy: {}",
        if clippy {
            format!(
                "{clippy_s:.0} s, {}",
                if clippy_ok { "clean" } else { "FAILED" }
            )
        } else {
            "skipped (DOCSDK_CATALOGUE_CLIPPY=0 or not installed)".into()
        }
    );
    println!(
        "doc-example round trips: {passed} passed, {} failed of {} ({:.1} %); weird specs: {} of {} passed",
        failed.len(),
        corpus_runs.len(),
        ratio * 100.0,
        weird_runs.iter().filter(|r| r.reason.is_none()).count(),
        weird_runs.len()
    );
    let mut by_category: BTreeMap<&str, Vec<&ExampleRun>> = BTreeMap::new();
    for r in &failed {
        by_category
            .entry(category(r.reason.as_deref().unwrap_or("")))
            .or_default()
            .push(r);
    }
    for (cat, list) in &by_category {
        println!("  {} × {cat}", list.len());
        for r in list {
            let first = r
                .reason
                .as_deref()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("");
            println!("    {}: {first}", r.action);
        }
    }
    println!("total: {:.0} s", started.elapsed().as_secs_f64());

    assert!(
        compiled,
        "the catalogue crate does not compile:\n{}",
        test_err
            .lines()
            .filter(|l| !l.trim_start().starts_with("Compiling"))
            .take(80)
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(report.left_out.is_empty(), "actions left out");
    assert!(warnings.is_empty(), "compiler or clippy warnings");
    assert!(clippy_ok, "clippy failed:\n{}", warnings.join("\n"));
    let weird_failed: Vec<_> = weird_runs
        .iter()
        .filter_map(|r| r.reason.as_ref().map(|e| format!("{}: {e}", r.test)))
        .collect();
    assert!(
        weird_failed.is_empty(),
        "weird spec examples: {weird_failed:#?}"
    );
    assert!(
        ratio >= ROUND_TRIP_FLOOR,
        "round trips {:.3} below the floor {ROUND_TRIP_FLOOR}",
        ratio
    );
}
