//! The `docsdk` binary end to end: one bad page does not stop the others, the exit code says
//! something failed, hand-edited specs are kept, overrides survive re-scraping.

mod support;

use docsdk_auth::credentials::Credentials;
use docsdk_auth::signing::{form_urlencode, volc, SignableRequest, UtcTime};
use docsdk_codegen::spec::Spec;
use std::io::{BufRead, BufReader, Read, Write};
use support::*;

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

#[test]
fn scraping_into_a_fresh_folder_uses_the_built_in_defaults() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("new-dir");
    let out = docsdk(&[
        "scrape",
        real_page("alibaba_help_center_old.md").to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(out_dir
        .join("alibaba/ecs/2014-05-26/DescribeWidgetStatus.toml")
        .is_file());
    assert!(stderr.contains("note: "), "{stderr}");
}

#[test]
fn two_pages_of_one_action_are_reported_and_the_spec_follows_the_fuller_one() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let full = std::fs::read_to_string(real_page("alibaba_flattened_code_in_cell.md")).unwrap();
    std::fs::write(docs.join("a_full.md"), &full).unwrap();
    let short: String = full
        .lines()
        .filter(|l| !l.starts_with("|DryRun|"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(docs.join("b_short.md"), short).unwrap();
    let out = docsdk(&[
        "scrape",
        docs.to_str().unwrap(),
        "--out",
        tmp.path().to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("b_short.md documents alibaba.ecs.CreateWidgetInstances (2014-05-26) too; the spec follows"),
        "{stderr}"
    );
    let spec = Spec::load(
        &tmp.path()
            .join("alibaba/ecs/2014-05-26/CreateWidgetInstances.toml"),
    )
    .unwrap();
    assert!(spec.request.iter().any(|f| f.name == "DryRun"));
}

#[test]
fn docsdk_mock_serves_the_specs_folder_and_prints_its_port() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_docsdk"))
        .args(["mock", "--specs"])
        .arg(specs_dir())
        .args(["--port", "0", "--quiet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn docsdk mock");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let stdout = child.stdout.take().expect("stdout");
    let _guard = Kill(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let host = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    assert!(host.starts_with("127.0.0.1:"), "{host}");

    // One signed Volcengine call, sent by hand over HTTP/1.1.
    let query: Vec<(String, String)> = [
        ("Action", "DeleteKeyPairs"),
        ("Version", "2020-04-01"),
        ("KeyPairNames.1", "k"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let req = SignableRequest::get(&host, &query);
    let params = volc::VolcParams {
        region: "cn-beijing",
        service: "ecs",
        timestamp: UtcTime::now(),
    };
    let credentials = Credentials::new(docsdk_mock::TEST_ACCESS_KEY_ID, docsdk_mock::TEST_SECRET);
    let signed = volc::sign(&req, &credentials, &params).expect("sign");
    let mut head = format!(
        "GET /?{} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n",
        form_urlencode(&query)
    );
    for (name, value) in &signed.headers_to_add {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = std::net::TcpStream::connect(&host).expect("connect");
    stream.write_all(head.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""Action":"DeleteKeyPairs""#), "{answer}");
}

#[test]
fn scrape_and_lint_read_the_page_manifest_hints_as_the_build_does() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let docs = specs.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let text = std::fs::read_to_string(real_page("byteplus_no_host.md"))
        .unwrap()
        .replace("BytePlus ドキュメント > API > VPC", "API reference");
    std::fs::write(docs.join("Modify.md"), text).unwrap();
    let scrape = |cmd: &str| {
        let args = match cmd {
            "scrape" => vec![
                "scrape",
                docs.to_str().unwrap(),
                "--out",
                specs.to_str().unwrap(),
            ],
            _ => vec![
                "lint",
                docs.to_str().unwrap(),
                "--specs",
                specs.to_str().unwrap(),
            ],
        };
        let out = docsdk(&args);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = scrape("lint");
    assert_eq!(code, Some(1), "the page says no service: {stderr}");

    std::fs::write(
        specs.join("pages.toml"),
        "[[page]]\nfile = \"Modify.md\"\nprovider = \"volcengine\"\nservice = \"vpc\"\n",
    )
    .unwrap();
    let (code, stderr) = scrape("lint");
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = scrape("scrape");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("pages.toml"),
        "the note names the manifest: {stderr}"
    );
    assert!(specs.join("volcengine/vpc").is_dir());
}
