//! Generates this crate's clients from its own pages (`docs/`) and the specs reviewed from them
//! (`specs/`): a spec edited by hand is what gets generated; overrides apply on top.

fn main() {
    let generated = docsdk_codegen::builder::Builder::new()
        .specs_dir("specs")
        .docs_dir("docs")
        .generate();
    if let Err(e) = generated {
        eprintln!("docsdk: {e}");
        std::process::exit(1);
    }
}
