//! docsdk-codegen: documentation pages → DocBlocks → Spec (TOML) → generated Rust clients.
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
#[cfg(feature = "mock")]
pub mod mock;
pub mod overrides;
pub mod read;
pub mod scrape;
pub mod spec;
pub mod vocab;
