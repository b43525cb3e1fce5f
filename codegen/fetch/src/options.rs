//! How a run fetches: concurrency, politeness, patience and limits.

use std::time::Duration;

/// Options of [`crate::fetch`]. `FetchOptions::default()` suits real doc sites; tests and
/// benches shorten the waits.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Pages fetched at once.
    pub concurrency: usize,
    /// Requests per second to any one host (evenly spaced), across all pages and retries;
    /// `None` for no limit.
    pub per_host_rate: Option<f64>,
    /// Limit for one request, from connecting to the end of the body.
    pub timeout: Duration,
    /// Largest body accepted; a larger page fails (and the saved one stays).
    pub max_body_bytes: u64,
    /// Redirects followed for one request.
    pub max_redirects: usize,
    /// Retries after the first attempt, on 429, 408, 5xx, timeouts, connection errors and
    /// bodies cut short.
    pub retries: u32,
    /// First backoff step; it doubles per retry, with jitter.
    pub backoff_base: Duration,
    /// Longest backoff step.
    pub backoff_cap: Duration,
    /// Longest Retry-After honoured; a server asking for more fails the page at once.
    pub retry_after_cap: Duration,
    /// The User-Agent header.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            concurrency: 4,
            per_host_rate: Some(2.0),
            timeout: Duration::from_secs(30),
            max_body_bytes: 16 * 1024 * 1024,
            max_redirects: 5,
            retries: 3,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(30),
            retry_after_cap: Duration::from_secs(120),
            user_agent: concat!("docsdk-fetch/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}
