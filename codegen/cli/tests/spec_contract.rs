//! The reviewed spec is the contract: a build generates from a spec edited by hand, not from
//! its page; when the page changes afterwards the edited spec still wins and the build, `docsdk
//! scrape` and `docsdk lint` say so, naming both files; `docsdk scrape --force` goes back to
//! the page; an override applies on top of an edited spec too.

mod support;

use docsdk_codegen::builder::{Builder, Report};
use docsdk_codegen::scrape;
use std::path::{Path, PathBuf};
use support::*;

const ACTION_SPEC: &str = "tencent/cvm/2017-03-12/DisassociateSecurityGroups.toml";

/// A specs folder holding the seed page of DisassociateSecurityGroups under `docs/`, scraped
/// into its spec as `docsdk scrape` writes it. Returns (specs folder, page).
fn scraped_folder(root: &Path) -> (PathBuf, PathBuf) {
    let specs = root.join("specs");
    let docs = specs.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let seed_page = seed("002");
    let page = docs.join(seed_page.file_name().unwrap());
    std::fs::copy(&seed_page, &page).unwrap();
    std::fs::copy(
        specs_dir().join("service-defaults.toml"),
        specs.join("service-defaults.toml"),
    )
    .unwrap();
    let scraped = scrape::scrape_page(&page, Some(&specs), &defaults()).unwrap();
    let (path, _) = scrape::write_spec(&specs, &scraped.spec, false).unwrap();
    assert_eq!(path, specs.join(ACTION_SPEC));
    (specs, page)
}

fn builder(specs: &Path, out: &Path) -> Builder {
    Builder::new()
        .specs_dir(specs)
        .out_dir(out)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false)
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every `max_items` limit the generated code sets on SecurityGroupIds.
fn generated_limits(out: &Path) -> Vec<u64> {
    const RULE: &str = "max_items(\"SecurityGroupIds\", ";
    let mut files = Vec::new();
    rs_files(out, &mut files);
    let mut limits = Vec::new();
    for f in files {
        let code = std::fs::read_to_string(&f).unwrap();
        for (i, _) in code.match_indices(RULE) {
            let rest = &code[i + RULE.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            limits.push(digits.parse().unwrap());
        }
    }
    limits
}

fn edit_spec(specs: &Path, from: &str, to: &str) {
    let path = specs.join(ACTION_SPEC);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{text}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Rewords one parameter description: the page now reads differently, same limits.
fn change_page(page: &Path) {
    let text = std::fs::read_to_string(page).unwrap();
    let from = "You can specify multiple instances.";
    assert!(text.contains(from));
    std::fs::write(
        page,
        text.replace(from, "You can specify several instances."),
    )
    .unwrap();
}

fn assert_names_both(report: &Report, specs: &Path, page: &Path) {
    assert_eq!(report.page_changed.len(), 1, "{:?}", report.page_changed);
    let notice = &report.page_changed[0];
    assert_eq!(notice.spec, specs.join(ACTION_SPEC));
    assert_eq!(&notice.page, page);
    let text = notice.to_string();
    assert!(
        text.contains(&specs.join(ACTION_SPEC).display().to_string()),
        "{text}"
    );
    assert!(text.contains(&page.display().to_string()), "{text}");
    assert!(text.contains("docsdk scrape --force"), "{text}");
    assert!(
        text.contains("DisassociateSecurityGroups.override.toml"),
        "{text}"
    );
}

#[test]
fn build_generates_from_the_edited_spec_and_warns_when_the_page_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let (specs, page) = scraped_folder(tmp.path());
    let out = tmp.path().join("out");
    let build = builder(&specs, &out);

    // Unedited spec: the page wins.
    let first = build.generate().unwrap();
    assert_eq!(generated_limits(&out), [1]);
    assert!(first.page_changed.is_empty());

    // Edited spec: generated as edited.
    edit_spec(&specs, "max_items = 1\n", "max_items = 5\n");
    let edited = build.generate().unwrap();
    assert!(!edited.fresh);
    assert_eq!(generated_limits(&out), [5]);
    assert!(edited.page_changed.is_empty(), "{:?}", edited.page_changed);

    // The page changes: the edited spec still wins, and the report names both files.
    change_page(&page);
    let changed = build.generate().unwrap();
    assert!(!changed.fresh);
    assert_eq!(generated_limits(&out), [5]);
    assert_names_both(&changed, &specs, &page);

    // Nothing changed since: the build is fresh and still warns.
    let again = build.generate().unwrap();
    assert!(again.fresh);
    assert_names_both(&again, &specs, &page);

    // An override applies on top of the edited spec.
    let ov = specs.join(ACTION_SPEC.replace(".toml", ".override.toml"));
    std::fs::write(
        &ov,
        "[[request]]\nname = \"SecurityGroupIds\"\nmax_items = 3\n",
    )
    .unwrap();
    let overridden = build.generate().unwrap();
    assert_eq!(generated_limits(&out), [3]);
    assert_names_both(&overridden, &specs, &page);
    std::fs::remove_file(&ov).unwrap();

    // `docsdk scrape --force` goes back to the page: its value, no warning.
    let scraped = docsdk(&[
        "scrape",
        specs.join("docs").to_str().unwrap(),
        "--out",
        specs.to_str().unwrap(),
        "--force",
    ]);
    assert!(
        scraped.status.success(),
        "{}",
        String::from_utf8_lossy(&scraped.stderr)
    );
    assert!(!String::from_utf8_lossy(&scraped.stderr).contains("reads differently"));
    let spec_text = std::fs::read_to_string(specs.join(ACTION_SPEC)).unwrap();
    assert!(spec_text.contains("max_items = 1\n"), "{spec_text}");
    let forced = build.generate().unwrap();
    assert_eq!(generated_limits(&out), [1]);
    assert!(forced.page_changed.is_empty(), "{:?}", forced.page_changed);
}

#[test]
fn an_edited_spec_invalidates_the_build_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let (specs, _) = scraped_folder(tmp.path());
    let out = tmp.path().join("out");
    let build = builder(&specs, &out);
    assert!(!build.generate().unwrap().fresh);
    assert!(build.generate().unwrap().fresh);

    edit_spec(&specs, "max_items = 1\n", "max_items = 5\n");
    let report = build.generate().unwrap();
    assert!(!report.fresh, "an edited spec is an input of the build");
    assert_eq!(report.rendered, 1);
    assert_eq!(generated_limits(&out), [5]);
    assert!(build.generate().unwrap().fresh);
}

#[test]
fn a_broken_edit_fails_the_build_naming_the_spec() {
    let tmp = tempfile::tempdir().unwrap();
    let (specs, _) = scraped_folder(tmp.path());
    edit_spec(&specs, "max_items = 1\n", "max_items = \n");
    let err = builder(&specs, &tmp.path().join("out"))
        .generate()
        .unwrap_err()
        .to_string();
    assert!(err.contains("DisassociateSecurityGroups.toml"), "{err}");
}

/// The `spec` column of `docsdk lint`'s summary for the action.
fn lint_spec_column(specs: &Path) -> (String, String) {
    let out = docsdk(&[
        "lint",
        specs.join("docs").to_str().unwrap(),
        "--specs",
        specs.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stdout}{stderr}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("tencent.cvm.DisassociateSecurityGroups"))
        .unwrap_or_else(|| panic!("{stdout}"));
    // The last column, after the warnings count.
    let column = row
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .last()
        .unwrap_or_default()
        .to_string();
    (column, stderr)
}

#[test]
fn lint_and_scrape_make_the_build_decision() {
    let tmp = tempfile::tempdir().unwrap();
    let (specs, page) = scraped_folder(tmp.path());
    let spec_path = specs.join(ACTION_SPEC);
    let docs = specs.join("docs");
    let scrape_args = vec![
        "scrape",
        docs.to_str().unwrap(),
        "--out",
        specs.to_str().unwrap(),
    ];

    let (column, stderr) = lint_spec_column(&specs);
    assert_eq!(column, "page");
    assert!(!stderr.contains("reads differently"), "{stderr}");

    edit_spec(&specs, "max_items = 1\n", "max_items = 5\n");
    let (column, stderr) = lint_spec_column(&specs);
    assert_eq!(column, "edited spec");
    assert!(!stderr.contains("reads differently"), "{stderr}");

    change_page(&page);
    let (column, stderr) = lint_spec_column(&specs);
    assert_eq!(column, "edited spec, page changed");
    assert!(stderr.contains("warning: "), "{stderr}");
    assert!(
        stderr.contains(&spec_path.display().to_string())
            && stderr.contains(&page.display().to_string()),
        "{stderr}"
    );

    // Scrape without --force keeps the edit, and warns that the page changed.
    let edited = std::fs::read_to_string(&spec_path).unwrap();
    let out = docsdk(&scrape_args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("kept edits"), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "warning: {} was edited by hand",
            spec_path.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&page.display().to_string()) && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&spec_path).unwrap(), edited);

    // --force: the page wins again, everywhere.
    let mut forced = scrape_args.clone();
    forced.push("--force");
    let out = docsdk(&forced);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("reads differently"));
    let (column, stderr) = lint_spec_column(&specs);
    assert_eq!(column, "page");
    assert!(!stderr.contains("reads differently"), "{stderr}");
}
