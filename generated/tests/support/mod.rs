//! Helpers for the tests that build a copy of the workspace, and for the call tests.
#![allow(dead_code)]

pub mod mock;
pub mod weird;

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name == "target" || name.starts_with('.') {
            continue;
        }
        let (src, dst) = (e.path(), to.join(&*name));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

/// `cargo check -p docsdk-clients` of a workspace copy, offline, with extra arguments: it must
/// pass without compiler warnings (the crate does not deny them itself; CI denies them with
/// flags that would rebuild this shared target dir).
pub fn check_with(root: &Path, target: &Path, extra: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("DOCSDK_SPECS_DIR")
        .args(["check", "-q", "--offline", "-p", "docsdk-clients"])
        .args(extra)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "cargo check failed:\n{stderr}");
    // The build script's `cargo:warning` lines are the generator's notes, not the compiler's.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:") && !l.contains("docsdk-clients@"))
        .collect();
    assert!(warnings.is_empty(), "compiler warnings:\n{stderr}");
}

/// A copy of the workspace (manifests, codegen, generated, specs, the user crate) under `root`.
pub fn copy_workspace(root: &Path) {
    std::fs::create_dir_all(root).expect("mkdir");
    for part in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(workspace().join(part), root.join(part)).expect("copy manifest");
    }
    for dir in ["codegen", "generated", "specs", "tests"] {
        copy_tree(&workspace().join(dir), &root.join(dir));
    }
}

/// The target dir shared by these tests, so only the first run compiles dependencies.
pub fn shared_target() -> PathBuf {
    std::env::var_os("DOCSDK_REGEN_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target/docsdk-regen"))
}
