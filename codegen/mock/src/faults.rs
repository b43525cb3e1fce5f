//! Injected faults, for load and fault tests: a fixed-seed random mix decided per connection
//! (reset before the request is read) and per request (everything else). The same seed and
//! the same arrival order give the same faults.
//!
//! "Connection refused" cannot come from a listening socket; [`MockHandle::refusing_addr`]
//! (crate::MockHandle::refusing_addr) is an address on which nothing listens, for a client
//! to be pointed at.

use std::time::Duration;

/// One injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Fault {
    /// The connection is reset (RST) right after it is accepted: nothing is read or done.
    ResetBeforeRead,
    /// The request is read and carried out, then the connection is closed without an answer.
    ResetAfterRead,
    /// The request is carried out and answered after [`Faults::delay`].
    Delay,
    /// Not carried out: HTTP 503 with the provider's internal error.
    ServerError,
    /// Not carried out: the provider's throttling error, without a wait hint.
    Throttle,
    /// Not carried out: the provider's throttling error with a wait hint of
    /// [`Faults::retry_after`] (`Retry-After`; Alibaba `x-acs-retry-after`).
    ThrottleRetryAfter,
    /// Carried out; the answer is HTTP 200 with a body that is not JSON.
    Malformed,
    /// Carried out; the body is cut off (declared length not reached) and the connection
    /// closed.
    Truncated,
    /// Carried out; the answer declares and streams a body over 16 MiB.
    Oversized,
}

impl Fault {
    /// Whether the request was carried out (as the log's success records it) before the
    /// fault hit the answer.
    pub fn executes(self) -> bool {
        matches!(
            self,
            Fault::ResetAfterRead
                | Fault::Delay
                | Fault::Malformed
                | Fault::Truncated
                | Fault::Oversized
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Fault::ResetBeforeRead => "reset_before_read",
            Fault::ResetAfterRead => "reset_after_read",
            Fault::Delay => "delay",
            Fault::ServerError => "server_error",
            Fault::Throttle => "throttle",
            Fault::ThrottleRetryAfter => "throttle_retry_after",
            Fault::Malformed => "malformed",
            Fault::Truncated => "truncated",
            Fault::Oversized => "oversized",
        }
    }
}

/// The fault mix: each fault with a weight in per mille (the rest is answered normally).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faults {
    pub seed: u64,
    /// Per mille of connections reset before the request is read.
    pub reset_before_read: u32,
    /// Per mille of requests, per request-level fault.
    pub per_request: Vec<(Fault, u32)>,
    pub delay: Duration,
    pub retry_after: Duration,
    /// Size of an oversized body (default 17 MiB, over the clients' 16 MiB).
    pub oversized_bytes: usize,
}

impl Faults {
    /// No faults yet; add them with the `with_*` methods.
    pub fn new(seed: u64) -> Self {
        Faults {
            seed,
            reset_before_read: 0,
            per_request: Vec::new(),
            delay: Duration::from_secs(1),
            retry_after: Duration::from_millis(100),
            oversized_bytes: 17 << 20,
        }
    }

    /// Every fault, each at `per_mille` (reset-before-read per connection).
    pub fn every(seed: u64, per_mille: u32) -> Self {
        let mut f = Faults::new(seed).with_reset_before_read(per_mille);
        for fault in [
            Fault::ResetAfterRead,
            Fault::Delay,
            Fault::ServerError,
            Fault::Throttle,
            Fault::ThrottleRetryAfter,
            Fault::Malformed,
            Fault::Truncated,
            Fault::Oversized,
        ] {
            f = f.with(fault, per_mille);
        }
        f
    }

    pub fn with_reset_before_read(mut self, per_mille: u32) -> Self {
        self.reset_before_read = per_mille;
        self
    }

    /// `fault` for `per_mille` of requests ([`Fault::ResetBeforeRead`] sets the per-connection
    /// share).
    pub fn with(mut self, fault: Fault, per_mille: u32) -> Self {
        if fault == Fault::ResetBeforeRead {
            return self.with_reset_before_read(per_mille);
        }
        self.per_request.retain(|(f, _)| *f != fault);
        self.per_request.push((fault, per_mille));
        self
    }

    pub fn with_delay(mut self, d: Duration) -> Self {
        self.delay = d;
        self
    }

    pub fn with_retry_after(mut self, d: Duration) -> Self {
        self.retry_after = d;
        self
    }

    /// Whether connection `n` (0-based accept order) is reset before reading.
    pub fn reset_connection(&self, n: u64) -> bool {
        roll(self.seed ^ 0x636f_6e6e, n) < u64::from(self.reset_before_read)
    }

    /// The fault for request `n` (0-based arrival order), if any.
    pub fn for_request(&self, n: u64) -> Option<Fault> {
        let mut r = roll(self.seed, n);
        for (fault, w) in &self.per_request {
            let w = u64::from(*w);
            if r < w {
                return Some(*fault);
            }
            r -= w;
        }
        None
    }
}

/// A number in `0..1000` from `(seed, n)` (SplitMix64): the fixed-seed draw behind every fault
/// mix, public so a load driver can draw its own mixes the same way.
pub fn roll(seed: u64, n: u64) -> u64 {
    let mut z = seed
        .wrapping_add(n.wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) % 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_is_fixed_by_the_seed_and_close_to_the_weights() {
        let f = Faults::every(7, 20);
        let a: Vec<_> = (0..5000).map(|n| f.for_request(n)).collect();
        let b: Vec<_> = (0..5000).map(|n| f.for_request(n)).collect();
        assert_eq!(a, b);
        let faulted = a.iter().filter(|x| x.is_some()).count();
        // 8 faults × 2 % = 16 % of 5000 = 800.
        assert!((650..950).contains(&faulted), "{faulted}");
        let resets = (0..5000).filter(|n| f.reset_connection(*n)).count();
        assert!((50..150).contains(&resets), "{resets}");
        assert_ne!(
            a,
            (0..5000)
                .map(|n| Faults::every(8, 20).for_request(n))
                .collect::<Vec<_>>()
        );
    }
}
