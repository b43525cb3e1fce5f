//! One page's HTTP exchange: per-host rate limit, conditional headers, redirects followed by
//! hand (so loops are named), retries with backoff, and a body read within its size cap and
//! checked against its Content-Length.

use crate::options::FetchOptions;
use crate::outcome::Failure;
use governor::clock::{Clock, DefaultClock};
use governor::{Quota, RateLimiter};
use reqwest::header::{self, HeaderMap};
use reqwest::{StatusCode, Url};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

type Limiter = RateLimiter<
    governor::state::NotKeyed,
    governor::state::InMemoryState,
    DefaultClock,
    governor::middleware::NoOpMiddleware<<DefaultClock as Clock>::Instant>,
>;

/// Validators sent with a request for a page already saved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful exchange.
#[derive(Debug)]
pub(crate) enum Got {
    NotModified {
        etag: Option<String>,
    },
    Body {
        bytes: Vec<u8>,
        content_type: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Whether and when a failed attempt is tried again.
enum Retry {
    No,
    Backoff,
    After(Duration),
}

struct AttemptError {
    failure: Failure,
    retry: Retry,
}

impl AttemptError {
    fn fatal(failure: Failure) -> Self {
        AttemptError {
            failure,
            retry: Retry::No,
        }
    }
    fn retry(failure: Failure) -> Self {
        AttemptError {
            failure,
            retry: Retry::Backoff,
        }
    }
}

pub(crate) struct Http {
    client: reqwest::Client,
    opts: FetchOptions,
    quota: Option<Quota>,
    clock: DefaultClock,
    limiters: Mutex<HashMap<String, Arc<Limiter>>>,
}

impl Http {
    pub(crate) fn new(opts: &FetchOptions) -> Result<Http, String> {
        let quota = match opts.per_host_rate {
            None => None,
            Some(r) if r.is_finite() && r > 0.0 => {
                // Evenly spaced (burst of one): a doc site sees a steady trickle, not bursts.
                Quota::with_period(Duration::from_secs_f64(1.0 / r))
            }
            Some(r) => return Err(format!("per-host rate must be above 0, not {r}")),
        };
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout)
            .user_agent(opts.user_agent.clone())
            .pool_max_idle_per_host(opts.concurrency.max(1))
            .build()
            .map_err(|e| error_chain(&e))?;
        Ok(Http {
            client,
            opts: opts.clone(),
            quota,
            clock: DefaultClock::default(),
            limiters: Mutex::new(HashMap::new()),
        })
    }

    /// Fetches `url`, retrying what may pass; returns the result and the attempts made.
    pub(crate) async fn get(&self, url: &Url, v: &Validators) -> (Result<Got, Failure>, u32) {
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let err = match self.attempt(url, v).await {
                Ok(got) => return (Ok(got), attempts),
                Err(e) => e,
            };
            let delay = match err.retry {
                Retry::No => return (Err(err.failure), attempts),
                _ if attempts > self.opts.retries => return (Err(err.failure), attempts),
                Retry::Backoff => self.backoff(attempts),
                Retry::After(d) => d,
            };
            tokio::time::sleep(delay).await;
        }
    }

    /// Exponential, capped, with jitter (half to all of the step) so that pages failing
    /// together do not retry together.
    fn backoff(&self, attempt: u32) -> Duration {
        let step = self
            .opts
            .backoff_base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
            .min(self.opts.backoff_cap);
        step.mul_f64(0.5 + fastrand::f64() * 0.5)
    }

    async fn acquire(&self, url: &Url) {
        let Some(quota) = self.quota else { return };
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let limiter = {
            // A poisoned lock only means a panic elsewhere mid-insert; the map is intact.
            let mut map = self.limiters.lock().unwrap_or_else(|e| e.into_inner());
            map.entry(key)
                .or_insert_with(|| {
                    Arc::new(RateLimiter::direct_with_clock(quota, self.clock.clone()))
                })
                .clone()
        };
        // Bounded: each wait reaches the instant the limiter named.
        for _ in 0..100_000 {
            match limiter.check() {
                Ok(()) => return,
                Err(not_until) => {
                    tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await
                }
            }
        }
    }

    /// One attempt: the request and the redirects it leads to, then the body.
    async fn attempt(&self, start: &Url, v: &Validators) -> Result<Got, AttemptError> {
        let mut url = start.clone();
        let mut seen = vec![url.clone()];
        let conditional = v.etag.is_some() || v.last_modified.is_some();
        loop {
            self.acquire(&url).await;
            let mut req = self.client.get(url.clone());
            if let Some(e) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, e);
            }
            if let Some(m) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, m);
            }
            let resp = req.send().await.map_err(|e| self.send_error(&e))?;
            let status = resp.status();
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                let next = redirect_target(&url, status, resp.headers())?;
                if seen.contains(&next) {
                    return Err(AttemptError::fatal(Failure::RedirectLoop(next.to_string())));
                }
                if seen.len() > self.opts.max_redirects {
                    return Err(AttemptError::fatal(Failure::TooManyRedirects(
                        self.opts.max_redirects,
                    )));
                }
                seen.push(next.clone());
                url = next;
                continue;
            }
            return self.answer(resp, conditional).await;
        }
    }

    async fn answer(
        &self,
        resp: reqwest::Response,
        conditional: bool,
    ) -> Result<Got, AttemptError> {
        let status = resp.status();
        let headers = resp.headers().clone();
        let etag = header_str(&headers, header::ETAG);
        match status.as_u16() {
            304 if conditional => return Ok(Got::NotModified { etag }),
            304 => return Err(AttemptError::fatal(Failure::Status(304))),
            200 | 203 => {}
            404 | 410 => return Err(AttemptError::fatal(Failure::NotFound(status.as_u16()))),
            408 => return Err(AttemptError::retry(Failure::Status(408))),
            429 | 500..=599 => {
                let failure = if status.as_u16() == 429 {
                    Failure::RateLimited
                } else {
                    Failure::ServerError(status.as_u16())
                };
                return Err(match retry_after(&headers, SystemTime::now()) {
                    Some(d) if d > self.opts.retry_after_cap => {
                        AttemptError::fatal(Failure::RetryAfterTooLong {
                            status: status.as_u16(),
                            wait: d,
                            cap: self.opts.retry_after_cap,
                        })
                    }
                    Some(d) => AttemptError {
                        failure,
                        retry: Retry::After(d),
                    },
                    None => AttemptError::retry(failure),
                });
            }
            s => return Err(AttemptError::fatal(Failure::Status(s))),
        }
        let bytes = self.read_body(resp).await?;
        Ok(Got::Body {
            bytes,
            content_type: header_str(&headers, header::CONTENT_TYPE),
            etag,
            last_modified: header_str(&headers, header::LAST_MODIFIED),
        })
    }

    /// The whole body, within the cap, of exactly the announced length.
    async fn read_body(&self, mut resp: reqwest::Response) -> Result<Vec<u8>, AttemptError> {
        let cap = self.opts.max_body_bytes;
        let expected = resp.content_length();
        if let Some(n) = expected {
            if n > cap {
                return Err(AttemptError::fatal(Failure::TooLarge { limit: cap }));
            }
        }
        let mut body = Vec::with_capacity(expected.unwrap_or(0).min(cap) as usize);
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() as u64 + chunk.len() as u64 > cap {
                        return Err(AttemptError::fatal(Failure::TooLarge { limit: cap }));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => {
                    return Err(AttemptError::retry(Failure::Timeout(self.opts.timeout)))
                }
                Err(_) => {
                    return Err(AttemptError::retry(Failure::Truncated {
                        got: body.len() as u64,
                        expected,
                    }))
                }
            }
        }
        if let Some(n) = expected {
            if body.len() as u64 != n {
                return Err(AttemptError::retry(Failure::Truncated {
                    got: body.len() as u64,
                    expected,
                }));
            }
        }
        Ok(body)
    }

    fn send_error(&self, e: &reqwest::Error) -> AttemptError {
        if e.is_timeout() {
            AttemptError::retry(Failure::Timeout(self.opts.timeout))
        } else {
            AttemptError::retry(Failure::Connect(error_chain(e)))
        }
    }
}

fn redirect_target(from: &Url, status: StatusCode, h: &HeaderMap) -> Result<Url, AttemptError> {
    let bad = |why: String| AttemptError::fatal(Failure::BadRedirect(why));
    let loc = header_str(h, header::LOCATION)
        .ok_or_else(|| bad(format!("{} without a Location", status.as_u16())))?;
    let next = from
        .join(&loc)
        .map_err(|_| bad(format!("unusable Location `{loc}`")))?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(bad(format!("to a non-HTTP URL `{next}`")));
    }
    Ok(next)
}

fn header_str(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Retry-After as seconds or as an HTTP date (a date in the past is "now").
pub(crate) fn retry_after(h: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let v = header_str(h, header::RETRY_AFTER)?;
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(&v).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The error and its sources on one line: reqwest's own message is often just "error sending
/// request", the cause is further down.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(c) = src {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        src = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h, now), None);
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        h.insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&later).expect("header"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(30)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        h.insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&past).expect("header"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::ZERO));
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h, now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let opts = FetchOptions {
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_millis(350),
            ..FetchOptions::default()
        };
        let http = Http::new(&opts).expect("client");
        for (attempt, max) in [(1, 100), (2, 200), (3, 350), (30, 350)] {
            let d = http.backoff(attempt);
            assert!(d <= Duration::from_millis(max), "{attempt}: {d:?}");
            assert!(d >= Duration::from_millis(max / 2), "{attempt}: {d:?}");
        }
    }
}
