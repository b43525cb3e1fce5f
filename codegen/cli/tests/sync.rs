//! `docsdk fetch` and `docsdk sync` against a doc site on loopback: pages added, changed,
//! unchanged (one conditional request, file untouched) and failing; what is on disk after each
//! run, and the exit code a scheduled CI job would act on.

mod support;

// The doc site docsdk-fetch's own tests use: raw TCP on loopback, ETags answered with 304.
#[path = "../../fetch/tests/support/server.rs"]
mod site;

use site::{always, page_typed, Reply, Server};
use std::path::{Path, PathBuf};
use support::*;

const MARKDOWN: &str = "text/markdown; charset=utf-8";

/// The site, served from its own runtime for as long as the test holds it.
struct Site {
    server: Server,
    _runtime: tokio::runtime::Runtime,
}

impl Site {
    fn start() -> Site {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let server = runtime.block_on(Server::start());
        Site {
            server,
            _runtime: runtime,
        }
    }

    fn page(&self, path: &str, body: &str) {
        self.server.set(path, page_typed(body, MARKDOWN));
    }
}

const PAGE_PATH: &str = "/api/ecs/StartInstance";

/// Our own Alibaba page for StartInstance (the user crate's), as the site serves it.
fn start_instance_page() -> String {
    std::fs::read_to_string(repo().join("tests/docs/alibaba/ecs/StartInstance.md"))
        .expect("the user crate's page")
}

/// A specs folder with the service defaults and a manifest tracking the page.
fn specs_folder(root: &Path, url: &str) -> PathBuf {
    let specs = root.join("specs");
    std::fs::create_dir_all(specs.join("docs")).unwrap();
    std::fs::copy(
        specs_dir().join("service-defaults.toml"),
        specs.join("service-defaults.toml"),
    )
    .unwrap();
    std::fs::write(
        specs.join("pages.toml"),
        format!("[[page]]\nurl = \"{url}\"\nfile = \"alibaba/ecs/StartInstance.md\"\n"),
    )
    .unwrap();
    specs
}

fn sync(specs: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["sync", "--specs", specs.to_str().unwrap(), "--retries", "0"];
    args.extend_from_slice(extra);
    let out = docsdk(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn sync_reports_a_dropped_parameter_as_breaking_and_leaves_unchanged_pages_alone() {
    let site = Site::start();
    let page = start_instance_page();
    site.page(PAGE_PATH, &page);
    let tmp = tempfile::tempdir().unwrap();
    let specs = specs_folder(tmp.path(), &site.server.url(PAGE_PATH));
    let saved = specs.join("docs/alibaba/ecs/StartInstance.md");
    let spec_file = specs.join("alibaba/ecs/2014-05-26/StartInstance.toml");

    // First run: the page is added and scraped; a new action breaks nobody.
    let (code, stdout, stderr) = sync(&specs, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), page);
    assert!(spec_file.is_file(), "{stderr}");
    assert!(stdout.contains("StartInstance"), "{stdout}");

    // Unchanged on the site: one conditional request, answered 304; nothing rewritten.
    let modified = std::fs::metadata(&saved).unwrap().modified().unwrap();
    let requests = site.server.requests(PAGE_PATH).len();
    let (code, stdout, stderr) = sync(&specs, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let log = site.server.requests(PAGE_PATH);
    assert_eq!(log.len(), requests + 1, "{log:?}");
    let last = log.last().unwrap();
    assert!(
        last.header("if-none-match").is_some(),
        "not conditional: {log:?}"
    );
    assert_eq!(
        std::fs::metadata(&saved).unwrap().modified().unwrap(),
        modified
    );
    assert!(stderr.contains("unchanged"), "{stderr}");

    // The site drops a parameter: sync saves the page, rewrites the spec and exits 1 naming it.
    let dropped: String = page
        .lines()
        .filter(|l| !l.starts_with("|InitLocalDisk|"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.page(PAGE_PATH, &dropped);
    let (code, stdout, stderr) = sync(&specs, &[]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("InitLocalDisk"), "{stdout}");
    assert!(stdout.to_lowercase().contains("breaking"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), dropped);
    let spec = std::fs::read_to_string(&spec_file).unwrap();
    assert!(!spec.contains("InitLocalDisk"), "{spec}");

    // --json says the same for tools.
    site.page(PAGE_PATH, &page);
    let (code, stdout, _) = sync(&specs, &["--json"]);
    assert_eq!(code, 0, "restoring a parameter is compatible: {stdout}");
    let json: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON document");
    assert_eq!(json["exit"], 0);
    assert_eq!(json["pages"][0]["status"], "updated");
}

#[test]
fn sync_exits_2_when_a_page_cannot_be_fetched_and_keeps_the_saved_page() {
    let site = Site::start();
    let page = start_instance_page();
    site.page(PAGE_PATH, &page);
    let tmp = tempfile::tempdir().unwrap();
    let specs = specs_folder(tmp.path(), &site.server.url(PAGE_PATH));
    let saved = specs.join("docs/alibaba/ecs/StartInstance.md");
    assert_eq!(sync(&specs, &[]).0, 0);

    site.server
        .set(PAGE_PATH, always(Reply::status(500, "oops")));
    let (code, stdout, stderr) = sync(&specs, &[]);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("500"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), page);
}

#[test]
fn fetch_add_tracks_a_url_in_the_provider_service_folder() {
    let site = Site::start();
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let url = site.server.url(&format!("{PAGE_PATH}.md"));
    site.page(&format!("{PAGE_PATH}.md"), &start_instance_page());
    let out = docsdk(&[
        "fetch",
        "--specs",
        specs.to_str().unwrap(),
        "--add",
        &url,
        "--provider",
        "alibaba",
        "--service",
        "ecs",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let manifest = std::fs::read_to_string(specs.join("pages.toml")).unwrap();
    assert!(manifest.contains(&url), "{manifest}");
    assert!(manifest.contains("file = \"alibaba/ecs/"), "{manifest}");
    assert!(manifest.contains("provider = \"alibaba\""), "{manifest}");

    // Adding the same URL again is an error and leaves the manifest as it was.
    let again = docsdk(&["fetch", "--specs", specs.to_str().unwrap(), "--add", &url]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(specs.join("pages.toml")).unwrap(),
        manifest
    );
}
