//! The `docsdk` binary end to end: one bad page does not stop the others, the exit code says
//! something failed, hand-edited specs are kept, overrides survive re-scraping.

mod common;

use common::*;

#[test]
fn bad_page_is_reported_and_the_rest_scraped() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(seed("000"), docs.join("good.txt")).unwrap();
    std::fs::write(docs.join("bad.txt"), "nothing about any cloud here\n").unwrap();
    std::fs::write(docs.join("binary.txt"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    std::fs::copy(
        specs_dir().join("service-defaults.toml"),
        tmp.path().join("service-defaults.toml"),
    )
    .unwrap();
    let out_dir = tmp.path().to_str().unwrap();
    let out = docsdk(&["scrape", docs.to_str().unwrap(), "--out", out_dir]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("bad.txt: cannot tell which cloud"),
        "{stderr}"
    );
    assert!(stderr.contains("binary.txt: not UTF-8"), "{stderr}");
    let spec = tmp
        .path()
        .join("tencent/ecm/2019-07-19/DisassociateInstancesKeyPairs.toml");
    assert!(spec.exists(), "good page still scraped");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("3 pages, 1 scraped, 2 failed"), "{stdout}");
}

#[test]
fn hand_edits_are_kept_and_overrides_survive() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(seed("002"), docs.join("page.txt")).unwrap();
    let out_dir = tmp.path().to_str().unwrap();
    let docs_arg = docs.to_str().unwrap();
    assert!(docsdk(&["scrape", docs_arg, "--out", out_dir])
        .status
        .success());
    let spec = tmp
        .path()
        .join("tencent/cvm/2017-03-12/DisassociateSecurityGroups.toml");

    // A hand edit is left alone and reported.
    let edited = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("method = \"POST\"", "method = \"GET\"");
    std::fs::write(&spec, &edited).unwrap();
    let out = docsdk(&["scrape", docs_arg, "--out", out_dir]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("edited by hand"));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), edited);

    // --force rewrites it; an override beside it is never touched.
    let ov = spec.with_file_name("DisassociateSecurityGroups.override.toml");
    std::fs::write(&ov, "[[request]]\nname = \"Gone\"\ntype = \"string\"\n").unwrap();
    let out = docsdk(&["scrape", docs_arg, "--out", out_dir, "--force"]);
    assert!(out.status.success());
    assert!(!std::fs::read_to_string(&spec)
        .unwrap()
        .contains("method = \"GET\""));
    assert!(String::from_utf8_lossy(&out.stderr).contains("override adds request[Gone]"));
    assert!(std::fs::read_to_string(&ov).unwrap().contains("Gone"));
}

#[test]
fn lint_reports_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("p.txt");
    let text = std::fs::read_to_string(seed("003")).unwrap().replace(
        "Region | No | String | Common Params. This parameter is not required",
        "Region | Yes | String | Common Params. This parameter is not required",
    );
    std::fs::write(&page, text).unwrap();
    let out = docsdk(&[
        "lint",
        page.to_str().unwrap(),
        "--specs",
        specs_dir().to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "p.txt:9: Region is \"Yes\" in the table but the text says it is not required"
        ),
        "{stderr}"
    );
}

#[test]
fn rescrape_prints_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let page = docs.join("page.txt");
    std::fs::copy(seed("003"), &page).unwrap();
    let out_dir = tmp.path().to_str().unwrap();
    let docs_arg = docs.to_str().unwrap();
    assert!(docsdk(&["scrape", docs_arg, "--out", out_dir])
        .status
        .success());
    let text = std::fs::read_to_string(&page).unwrap().replace(
        "You can enter up to 100 instances for each request. |\nSecurityGroupIds",
        "You can enter up to 50 instances for each request. |\nSecurityGroupIds",
    );
    std::fs::write(&page, text).unwrap();
    let out = docsdk(&["scrape", docs_arg, "--out", out_dir]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("DisassociateNetworkInterfaceSecurityGroups.toml:"),
        "{stdout}"
    );
    assert!(stdout.contains("breaking"), "{stdout}");
    assert!(stdout.contains("100 → 50"), "{stdout}");
}

#[test]
fn generate_writes_a_vendorable_tree_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("vendored");
    let specs = specs_dir();
    let args = [
        "generate",
        "--out",
        out.to_str().unwrap(),
        "--specs",
        specs.to_str().unwrap(),
    ];
    let first = docsdk(&args);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("5 actions"));
    let root = std::fs::read_to_string(out.join("mod.rs")).unwrap();
    assert!(root.starts_with("// @generated"), "{root}");
    assert!(out
        .join("tencent/cvm/v20170312/disassociate_security_groups.rs")
        .exists());
    let second = docsdk(&args);
    assert!(String::from_utf8_lossy(&second.stdout).contains("(0 files rewritten, 0 left out)"));
    let only = docsdk(&[
        "generate",
        "--out",
        tmp.path().join("one").to_str().unwrap(),
        "--specs",
        specs.to_str().unwrap(),
        "--only",
        "alibaba",
    ]);
    assert!(String::from_utf8_lossy(&only.stdout).contains("1 actions"));
}
