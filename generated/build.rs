//! Generates the clients from `../specs` (override with `DOCSDK_SPECS_DIR`) into `OUT_DIR`,
//! for the providers and services whose Cargo features are on.
//!
//! Renamed items and actions left out are printed as `cargo:warning=docsdk: …`; with
//! `DOCSDK_STRICT=1` an action that cannot be generated fails the build instead.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=DOCSDK_SPECS_DIR");
    println!("cargo:rerun-if-env-changed=DOCSDK_STRICT");
    let strict = std::env::var("DOCSDK_STRICT").is_ok_and(|v| !v.is_empty() && v != "0");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let specs = std::env::var_os("DOCSDK_SPECS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../specs"));
    // Provider features select every service of the provider; `<provider>-<service>` one.
    let mut only = Vec::new();
    for (key, _) in std::env::vars() {
        if let Some(feature) = key.strip_prefix("CARGO_FEATURE_") {
            only.push(feature.to_ascii_lowercase().replacen('_', "-", 1));
        }
    }
    let result = docsdk_codegen::builder::Builder::new()
        .specs_dir(&specs)
        .docs_dir(specs.join("docs"))
        .only(only)
        .strict(strict)
        .generate();
    if let Err(e) = result {
        eprintln!("docsdk: {e}");
        std::process::exit(1);
    }
}
