//! Client-side rate limits per action, with `governor`: the page's documented limit by
//! default, or none, or quotas the caller chooses.

use super::{OpMeta, Provider, RateLimit};
use governor::clock::{Clock, DefaultClock};
use governor::{Quota, RateLimiter};
use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use governor::Quota as RateQuota;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    /// Each action's documented limit; actions without one are not limited.
    Documented,
    /// No action is limited (except by explicit per-action quotas).
    Off,
    /// This quota for every action, documented or not.
    Every(Quota),
}

/// Which client-side rate limits a client enforces. Default: [`RateLimits::documented`].
///
/// A documented limit of `N` requests per period is enforced as one request every
/// `period / N` (plus a 5 % guard against transit jitter, see [`documented_quota`]), without
/// bursts, so neither the client nor the server sees more than the documented rate in any
/// window.
/// Limits are per action and shared by every clone of a client (not across clients).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    mode: Mode,
    /// By action name (`DeleteKeyPairs`) or qualified name (`volcengine.ecs.DeleteKeyPairs`).
    overrides: Vec<(String, Quota)>,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::documented()
    }
}

impl RateLimits {
    /// Each action's documented limit (the page's `rate_limit`), evenly spaced.
    pub fn documented() -> Self {
        RateLimits {
            mode: Mode::Documented,
            overrides: Vec::new(),
        }
    }

    /// No client-side limits.
    pub fn off() -> Self {
        RateLimits {
            mode: Mode::Off,
            overrides: Vec::new(),
        }
    }

    /// `quota` for every action, replacing the documented limits.
    pub fn every_action(quota: Quota) -> Self {
        RateLimits {
            mode: Mode::Every(quota),
            overrides: Vec::new(),
        }
    }

    /// `quota` for one action, by name (`DeleteKeyPairs`) or qualified name
    /// (`volcengine.ecs.DeleteKeyPairs`); the qualified name wins when both are given.
    pub fn with_action(mut self, action: impl Into<String>, quota: Quota) -> Self {
        self.overrides.push((action.into(), quota));
        self
    }

    /// The quota for `meta`, if it is limited.
    pub fn quota_for(&self, meta: &OpMeta) -> Option<Quota> {
        let qualified = meta.qualified_name();
        let exact = self.overrides.iter().rev().find(|(n, _)| *n == qualified);
        let bare = || self.overrides.iter().rev().find(|(n, _)| n == meta.action);
        if let Some((_, q)) = exact.or_else(bare) {
            return Some(*q);
        }
        match &self.mode {
            Mode::Off => None,
            Mode::Every(q) => Some(*q),
            Mode::Documented => meta.rate_limit.and_then(documented_quota),
        }
    }
}

/// One request every `per_seconds / requests` plus [`DOCUMENTED_GUARD`], burst 1.
///
/// Without the guard, requests spaced exactly `1 s / N` apart leave the client `N` in any
/// one-second window, but arrive at the server with jitter: a first request delayed and an
/// `N+1`-th not delayed land `N+1` in one window there (the soak measured it at 10/s). The
/// guard absorbs up to 5 % of a period of such jitter.
pub fn documented_quota(rl: RateLimit) -> Option<Quota> {
    let n = NonZeroU32::new(rl.requests)?;
    let period = Duration::from_secs(u64::from(rl.per_seconds.max(1))) / n.get();
    Quota::with_period(period + period / DOCUMENTED_GUARD).map(|q| q.allow_burst(NonZeroU32::MIN))
}

/// Documented limits are enforced `1/DOCUMENTED_GUARD` (5 %) below the documented rate.
pub const DOCUMENTED_GUARD: u32 = 20;

type Limiter = RateLimiter<
    governor::state::NotKeyed,
    governor::state::InMemoryState,
    DefaultClock,
    governor::middleware::NoOpMiddleware<<DefaultClock as Clock>::Instant>,
>;

type Key = (Provider, &'static str, &'static str, &'static str);

/// The live limiters of one client, created on an action's first call.
pub(crate) struct Limiters {
    config: RateLimits,
    clock: DefaultClock,
    by_action: Mutex<HashMap<Key, Option<Arc<Limiter>>>>,
}

impl fmt::Debug for Limiters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limiters")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Limiters {
    pub(crate) fn new(config: RateLimits) -> Self {
        Limiters {
            config,
            clock: DefaultClock::default(),
            by_action: Mutex::new(HashMap::new()),
        }
    }

    fn limiter(&self, meta: &OpMeta) -> Option<Arc<Limiter>> {
        let key = (meta.provider, meta.service, meta.version, meta.action);
        // A poisoned lock only means another thread panicked while inserting; the map is
        // still consistent.
        let mut map = self.by_action.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(key)
            .or_insert_with(|| {
                self.config
                    .quota_for(meta)
                    .map(|q| Arc::new(RateLimiter::direct_with_clock(q, self.clock.clone())))
            })
            .clone()
    }

    /// Waits until `meta`'s limit allows one more request.
    pub(crate) async fn acquire(&self, meta: &OpMeta) {
        let Some(limiter) = self.limiter(meta) else {
            return;
        };
        // Bounded: each wait reaches the earliest instant the limiter named.
        for _ in 0..10_000 {
            match limiter.check() {
                Ok(()) => return,
                Err(not_until) => {
                    let wait = not_until.wait_time_from(self.clock.now());
                    tracing::debug!(wait_us = wait.as_micros() as u64, "rate limit wait");
                    tokio::time::sleep(wait).await
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Kind, RegionUse};

    const META: OpMeta = OpMeta {
        provider: Provider::Tencent,
        service: "svc",
        version: "2020-01-01",
        action: "Act",
        method: "POST",
        endpoint: "svc.example.com",
        regional_endpoint: None,
        region: RegionUse::Unused,
        json_array: &[],
        kinds: &[] as &[(&str, Kind)],
        idempotency_token: None,
        rate_limit: Some(RateLimit {
            requests: 20,
            per_seconds: 1,
        }),
    };

    #[test]
    fn documented_limit_is_evenly_spaced() {
        let q = RateLimits::documented().quota_for(&META).expect("limited");
        // 20 per second: 50 ms apart, plus the 5 % guard.
        assert_eq!(q.replenish_interval(), Duration::from_micros(52_500));
        assert_eq!(q.burst_size().get(), 1);
        assert_eq!(RateLimits::off().quota_for(&META), None);
    }

    #[test]
    fn overrides_by_name_and_qualified_name() {
        let slow = Quota::per_minute(NonZeroU32::MIN);
        let fast = Quota::per_second(NonZeroU32::MAX);
        let r = RateLimits::off().with_action("Act", slow);
        assert_eq!(r.quota_for(&META), Some(slow));
        let r = r
            .with_action("tencent.svc.Act", fast)
            .with_action("Act", slow);
        assert_eq!(r.quota_for(&META), Some(fast));
        assert_eq!(RateLimits::every_action(slow).quota_for(&META), Some(slow));
        let zero = RateLimit {
            requests: 0,
            per_seconds: 1,
        };
        assert_eq!(documented_quota(zero), None);
    }
}
