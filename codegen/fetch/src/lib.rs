//! Downloads the doc pages that docsdk scrapes, and keeps them current.
//!
//! `specs/pages.toml` ([`Manifest`]) lists each tracked page: its URL, the file it is saved as
//! under `specs/docs/`, and optional provider/service/version hints for the scraper.
//! [`fetch`] downloads them:
//!
//! - **conditionally**: the ETag / Last-Modified of each saved page are kept in
//!   `specs/docs/.fetch-state.toml` ([`FetchState`]), so an unchanged page costs one request
//!   answered with 304, and is never rewritten (nor is one sent again byte for byte);
//! - **politely**: bounded concurrency and an evenly spaced per-host rate limit;
//! - **patiently**: retries with exponential backoff and jitter on 429, 408, 5xx, timeouts,
//!   dropped connections and bodies cut short, honouring Retry-After (seconds or a date) up
//!   to a cap; other 4xx fail at once;
//! - **safely**: a page is replaced atomically (temporary file, fsync, rename) and only by a
//!   complete response (Content-Length met, within the size cap, redirects within limits and
//!   without loops) that the guard accepts: not empty, and not a page without API tables
//!   where the saved one has some (an error page served with 200). No failure leaves a page
//!   worse than it was.
//!
//! HTML is saved as fetched in `.html` files; a page whose file is `.txt` (or `.md`) gets the
//! HTML's readable text ([`html_to_text`]), tables as pipe rows the text reader reads back.
//! [`Manifest::add`] picks the extension ([`StoreMode`]).
//!
//! # Quick start
//!
//! ```no_run
//! use docsdk_fetch::{fetch_blocking_with_progress, FetchOptions, Manifest, StoreMode};
//! use std::path::Path;
//!
//! let manifest_path = Path::new("specs/pages.toml");
//! let mut manifest = Manifest::load(manifest_path)?;
//! let entry = manifest.add("https://docs.example.com/api/RunThing", StoreMode::Html)?;
//! entry.provider = Some("tencent".into());
//! manifest.save(manifest_path)?;
//!
//! let all: &[&str] = &[]; // or the URLs / files to fetch
//! let docs = Path::new("specs/docs");
//! let report = fetch_blocking_with_progress(&manifest, docs, &FetchOptions::default(), all, |page| {
//!     println!("{page}"); // one line per page as it finishes
//! })?;
//! println!("{}", report.summary());
//! for changed in report.changed_paths() {
//!     // scrape `changed` again
//! #   let _ = changed;
//! }
//! std::process::exit(report.exit_code().into());
//! # Ok::<(), docsdk_fetch::Error>(())
//! ```

mod client;
mod error;
mod fetch;
pub mod guard;
mod manifest;
mod options;
mod outcome;
mod state;
mod store;
mod text;

pub use error::Error;
pub use fetch::{
    fetch, fetch_blocking, fetch_blocking_with_progress, fetch_with_progress, page_path,
};
pub use guard::Refusal;
pub use manifest::{file_name_for, Manifest, PageEntry, StoreMode};
pub use options::FetchOptions;
pub use outcome::{Failure, FetchReport, PageOutcome, Status};
pub use state::{FetchState, PageState, STATE_FILE};
pub use store::write_atomic;
pub use text::html_to_text;
