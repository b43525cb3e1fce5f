//! Helpers shared by the codegen and CLI integration tests.
#![allow(dead_code)]

use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::scrape;
use docsdk_codegen::spec::Spec;
use std::path::{Path, PathBuf};

/// The workspace root: the first folder above this package holding `specs/` (the helpers are
/// shared by the codegen and CLI packages' tests).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("specs/service-defaults.toml").is_file())
        .expect("the workspace root holds specs/service-defaults.toml")
        .to_path_buf()
}

pub fn specs_dir() -> PathBuf {
    repo().join("specs")
}

/// ../shared next to the repository, where the corpus and conformance vectors live.
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
}

pub fn defaults() -> ServiceDefaults {
    ServiceDefaults::load_dir(&specs_dir()).expect("service defaults parse")
}

/// The seed page whose file name starts with `prefix` ("000").
pub fn seed(prefix: &str) -> PathBuf {
    let dir = specs_dir().join("docs");
    std::fs::read_dir(&dir)
        .expect("specs/docs exists")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no seed page {prefix} in {}", dir.display()))
}

pub fn scrape_seed(prefix: &str) -> Spec {
    let page = seed(prefix);
    scrape::scrape_page(&page, Some(&specs_dir()), &defaults())
        .unwrap_or_else(|e| panic!("{e}"))
        .spec
}

/// Schema 1 on disk: a spec written out reads back as the same spec and writes out as the
/// same text.
pub fn assert_round_trips(spec: &Spec, what: &str) {
    let text = spec.to_toml();
    let back = Spec::from_toml(&text, what).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(back.to_toml(), text, "{what}: text changed on a round trip");
    assert!(back == *spec, "{what}: the spec changed on a round trip");
}
