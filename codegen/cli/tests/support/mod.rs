//! Helpers of the CLI tests: the codegen tests' helpers, and the `docsdk` binary.
#![allow(dead_code)]

#[path = "../../../tests/common.rs"]
mod common;

pub use common::*;

/// Runs the `docsdk` binary built for these tests.
pub fn docsdk(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_docsdk"))
        .args(args)
        .output()
        .expect("run docsdk")
}

/// A test page written for the layouts real pages use (`codegen/tests/fixtures/real`).
pub fn real_page(name: &str) -> std::path::PathBuf {
    repo().join("codegen/tests/fixtures/real").join(name)
}
