//! docsdk-codegen: documentation pages → DocBlocks → Spec (TOML) → generated Rust clients.
//!
//! Each module has one job; see `design.md` for the pipeline.

pub mod blocks;
pub mod builder;
pub mod diag;
pub mod generate;
pub mod spec;
