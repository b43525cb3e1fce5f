//! What the call tests share: the seed specs the mock serves, and a client that signs with
//! the mock's test key.

use docsdk_clients::runtime::{self, credentials::Credentials, RateLimits, RetryConfig};
use docsdk_codegen::load::load_specs;
use docsdk_codegen::spec::Spec;
use docsdk_mock::{TEST_ACCESS_KEY_ID, TEST_SECRET};
use std::sync::OnceLock;
use std::time::Duration;

/// The seed specs, loaded as the build loads them (once per test binary).
pub fn seed_specs() -> Vec<Spec> {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS
        .get_or_init(|| {
            let dir = super::workspace().join("specs");
            load_specs(&dir, &dir.join("docs"))
                .expect("seed specs load")
                .specs
        })
        .clone()
}

/// A client for `url` without credentials or region from the environment; fast retries, no
/// rate limits.
pub fn unsigned_builder(url: &str, region: &str) -> runtime::ClientBuilder {
    runtime::Client::builder()
        .endpoint_url(url)
        .region(region)
        .credentials_from_env(false)
        .region_from_env(false)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(2)))
        .rate_limits(RateLimits::off())
}

/// [`unsigned_builder`] signing with the mock's test key.
pub fn builder(url: &str, region: &str) -> runtime::ClientBuilder {
    unsigned_builder(url, region).credentials(Credentials::new(TEST_ACCESS_KEY_ID, TEST_SECRET))
}
