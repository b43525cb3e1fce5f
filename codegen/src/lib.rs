//! docsdk-codegen: documentation pages → DocBlocks → Spec (TOML) → generated Rust clients.
//!
//! Each module has one job; see `design.md` for the pipeline.

pub mod blocks;
pub mod diag;
pub mod read;
pub mod spec;
