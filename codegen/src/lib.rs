//! docsdk-codegen: documentation pages → DocBlocks → Spec (TOML) → generated Rust clients.
//!
//! Pages (Markdown, HTML or plain text, saved from Tencent Cloud, Volcengine or Alibaba Cloud)
//! are [`read`] into blocks, [`extract`]ed into one [`spec::Spec`] per action (parameters,
//! types, limits with the sentences they came from, errors, examples), and [`generate`]d into
//! Rust that depends on `docsdk-runtime` alone.
//!
//! # Quick start: clients from your own pages in `build.rs`
//!
//! ```toml
//! [dependencies]
//! docsdk-runtime = { path = "../docsdk/generated/runtime" }
//!
//! [build-dependencies]
//! # The readers and the generator: the mock server and the CLI are crates of their own.
//! docsdk-codegen = { path = "../docsdk/codegen" }
//! ```
//!
//! `main` of `build.rs` (see [`builder::Builder`]):
//!
//! ```no_run
//! docsdk_codegen::builder::Builder::new()
//!     .specs_dir("specs") // reviewed specs and `<Action>.override.toml` corrections
//!     .docs_dir("docs") // the saved pages, scraped again whenever one changes
//!     .generate()
//!     .expect("docsdk codegen");
//! ```
//!
//! `src/lib.rs` includes the result: `include!(concat!(env!("OUT_DIR"), "/lib.rs"));` gives
//! one module per provider, service and version (`tencent::cvm::v20170312`) with a `Client`
//! that has one method per action; each setter of an action's builder is documented with its
//! parameter's page text and limits.
//!
//! # The `docsdk` CLI (crate `docsdk`, in `codegen/cli`)
//!
//! `docsdk scrape` turns pages into reviewable specs (a hand edit survives a re-scrape),
//! `docsdk lint` reports what a scrape would warn about with file and line, `docsdk diff` tells
//! which changes between two sets of pages or specs break users, `docsdk generate` writes the
//! same code as a module tree for vendoring, `docsdk blocks` shows what a reader sees in a
//! page, and `docsdk mock` serves the specs' actions locally (verifying signatures) for tests —
//! the server is crate `docsdk-mock`, which reads specs through `docsdk-spec`, never pages.
//!
//! Each module has one job; see `design.md` for the pipeline.

pub mod blocks;
pub mod builder;
pub mod cache;
pub mod constraints;
pub mod defaults;
pub mod diag;
pub mod diff;
pub mod extract;
pub mod generate;
pub mod load;
pub mod overrides;
pub mod read;
pub mod scrape;
/// The spec model, in its own crate so `docsdk mock` reads specs without the readers.
pub use docsdk_spec as spec;
pub mod vocab;
