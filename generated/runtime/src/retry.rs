//! Retries, smithy-rs style: a classifier decides whether a failed attempt may be retried
//! (throttling codes, internal errors / HTTP 5xx, connection errors — nothing else), and the
//! policy waits an exponentially growing, jittered delay between attempts — or, when the
//! answer says how long to wait (`Retry-After`; Alibaba's `x-acs-retry-after`, see
//! [`docsdk_protocol::retry_after`]), that long, capped.

use std::time::Duration;

pub use docsdk_protocol::errors::{classify_service, RetryKind};

/// How many times to try a call and how long to wait between attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, backoff from 100 ms doubling up to 20 s, full jitter.
    pub const fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(20),
        }
    }

    /// One attempt, no retries.
    pub const fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Attempts in total, the first included (0 is treated as 1).
    pub const fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = if n == 0 { 1 } else { n };
        self
    }

    /// The upper bound of the first delay; each later one doubles it.
    pub const fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// No delay exceeds this.
    pub const fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// The longest wait a response's `Retry-After` (or Alibaba's `x-acs-retry-after`) is
    /// honoured with (default 20 s); a longer one is cut to this.
    pub const fn with_max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    pub const fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The delay before attempt `failed + 1`: the wait the failed answer asked for
    /// (`retry_after`, capped at [`RetryConfig::max_retry_after`]) when it named one, else
    /// [`RetryConfig::backoff`].
    pub fn delay(&self, failed: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(d) => d.min(self.max_retry_after),
            None => self.backoff(failed),
        }
    }

    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay before attempt `failed + 1`, after `failed` attempts (≥ 1) failed:
    /// uniformly random in `[0, min(max_backoff, initial_backoff × 2^(failed−1))]`
    /// ("full jitter"), so concurrent clients spread out.
    pub fn backoff(&self, failed: u32) -> Duration {
        let cap = self
            .initial_backoff
            .saturating_mul(1u32 << failed.saturating_sub(1).min(30))
            .min(self.max_backoff);
        Duration::try_from_secs_f64(cap.as_secs_f64() * fastrand::f64()).unwrap_or(cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let r = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(250));
        for failed in 1..40 {
            let cap = match failed {
                1 => 100,
                2 => 200,
                _ => 250,
            };
            let d = r.backoff(failed);
            assert!(d <= Duration::from_millis(cap), "{failed}: {d:?}");
        }
        let distinct: std::collections::HashSet<Duration> = (0..20).map(|_| r.backoff(3)).collect();
        assert!(distinct.len() > 1, "jitter varies the delay");
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        let asked = Some(Duration::from_secs(3));
        assert_eq!(r.delay(1, asked), Duration::from_secs(3));
        let capped = r.with_max_retry_after(Duration::from_millis(500));
        assert_eq!(capped.delay(1, asked), Duration::from_millis(500));
        assert!(capped.delay(1, None) <= Duration::from_millis(100));
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
