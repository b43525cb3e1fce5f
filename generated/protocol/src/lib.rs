//! Each cloud's wire rules, written once: what the generated clients (through
//! `docsdk-runtime`) send and read, and what `docsdk mock` reads and answers, come from here.
//!
//! | module | what it holds |
//! |---|---|
//! | [`Provider`] | the one provider enum (spec TOML names: `tencent`, `volcengine`, `alibaba`) |
//! | [`wire`] | parameters as query pairs: `Name.N` items (0- or 1-based), `Name.Field` members, JSON-array strings, query-string scalars |
//! | [`request`] | where each cloud carries a call's action, version, timestamp and region (headers or parameters) |
//! | [`envelope`] | response bodies both ways: result or error out of a body, success and error bodies built |
//! | [`retry_after`] | how long a throttled or failed answer asks the client to wait (`Retry-After`, Alibaba's `x-acs-retry-after`) |
//! | [`errors`] | provider-wide error codes, which of them are retryable, retry classes, HTTP statuses |
//! | [`validate`] | the validation engine: one set of semantics over rule tables, static or built at run time |
//!
//! The crate knows no action: per-action facts (rules, parameter kinds) are data that callers
//! pass in.

pub mod envelope;
pub mod errors;
mod provider;
pub mod request;
pub mod retry_after;
pub mod validate;
pub mod wire;

pub use provider::Provider;
