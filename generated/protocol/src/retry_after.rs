//! How long a cloud asks a client to wait before retrying, read from its response headers.
//!
//! What each cloud sends, as its official SDKs read it:
//!
//! - every cloud may send the standard `Retry-After` (RFC 9110: delta-seconds or an
//!   HTTP-date); Alibaba's SDKs read it too (`Retry-After: 3` = 3 s);
//! - Alibaba (`darabonba-openapi` `getThrottlingTimeLeft`): `x-acs-retry-after` in
//!   milliseconds (only a positive whole number counts), and the older
//!   `x-ratelimit-user-api` / `x-ratelimit-user` headers (`Remaining:0,TimeLeft:1500`,
//!   milliseconds; the larger of the two);
//! - Tencent answers throttling with HTTP 200 and `RequestLimitExceeded` and no wait hint;
//!   Volcengine with HTTP 429 `FlowLimitExceeded`. Neither documents a header or body field of
//!   its own, so only `Retry-After` is read for them.
//!
//! Error bodies carry no wait hint on any of the three clouds.

use crate::Provider;
use std::time::Duration;

/// The standard header, for every cloud.
pub const RETRY_AFTER: &str = "Retry-After";
/// Alibaba: milliseconds.
pub const ACS_RETRY_AFTER: &str = "x-acs-retry-after";
/// Alibaba's older rate-limit headers with a `TimeLeft` entry (milliseconds).
pub const ACS_RATELIMIT: [&str; 2] = ["x-ratelimit-user-api", "x-ratelimit-user"];

/// The wait a response asks for, from its headers (`header` looks a name up without case);
/// `now_unix` (seconds) turns an HTTP-date into a delay. `None` when the response names no
/// (valid, positive) wait. Callers cap the result.
pub fn retry_after<'a>(
    provider: Provider,
    header: impl Fn(&str) -> Option<&'a str>,
    now_unix: u64,
) -> Option<Duration> {
    if provider == Provider::Alibaba {
        if let Some(ms) = header(ACS_RETRY_AFTER).and_then(positive_int) {
            return Some(Duration::from_millis(ms));
        }
    }
    if let Some(d) = header(RETRY_AFTER).and_then(|v| parse_retry_after(v, now_unix)) {
        return Some(d);
    }
    if provider == Provider::Alibaba {
        return ACS_RATELIMIT
            .iter()
            .filter_map(|name| header(name).and_then(time_left_ms))
            .max()
            .map(Duration::from_millis);
    }
    None
}

/// A `Retry-After` value: delta-seconds, or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`)
/// relative to `now_unix` (a date in the past means no wait: `None`).
pub fn parse_retry_after(value: &str, now_unix: u64) -> Option<Duration> {
    let v = value.trim();
    if let Some(secs) = positive_int(v) {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(v)?;
    (at > now_unix).then(|| Duration::from_secs(at - now_unix))
}

fn positive_int(v: &str) -> Option<u64> {
    let v = v.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse::<u64>().ok().filter(|n| *n > 0)
}

/// `Remaining:0,TimeLeft:1500` → 1500.
fn time_left_ms(v: &str) -> Option<u64> {
    v.split(',').find_map(|pair| {
        let (k, val) = pair.split_once(':')?;
        (k.trim() == "TimeLeft")
            .then(|| positive_int(val))
            .flatten()
    })
}

/// Seconds since the Unix epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(v: &str) -> Option<u64> {
    let rest = v.split_once(", ").map(|(_, r)| r)?;
    let mut parts = rest.split(' ');
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let mut field = |max: u64| hms.next()?.parse::<u64>().ok().filter(|n| *n <= max);
    let (h, m, s) = (field(23)?, field(59)?, field(60)?);
    if parts.next()? != "GMT" || parts.next().is_some() || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day as i64);
    u64::try_from(days)
        .ok()
        .map(|d| d * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| *v)
        }
    }

    #[test]
    fn seconds_and_http_dates() {
        assert_eq!(parse_retry_after("3", 0), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after(" 120 ", 0),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", 0), None);
        assert_eq!(parse_retry_after("-1", 0), None);
        assert_eq!(parse_retry_after("1.5", 0), None);
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        let now = 784_111_777 - 10;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 20),
            None
        );
        for bad in [
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "soon",
            "",
        ] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }

    #[test]
    fn each_cloud_reads_what_its_sdk_reads() {
        let both = [("x-acs-retry-after", "1500"), ("Retry-After", "3")];
        assert_eq!(
            retry_after(Provider::Alibaba, headers(&both), 0),
            Some(Duration::from_millis(1500))
        );
        // Tencent and Volcengine have no header of their own.
        for p in [Provider::Tencent, Provider::Volcengine] {
            assert_eq!(
                retry_after(p, headers(&both), 0),
                Some(Duration::from_secs(3))
            );
            let acs_only = [("x-acs-retry-after", "1500")];
            assert_eq!(retry_after(p, headers(&acs_only), 0), None);
        }
        let zero = [("X-Acs-Retry-After", "0"), ("Retry-After", "2")];
        assert_eq!(
            retry_after(Provider::Alibaba, headers(&zero), 0),
            Some(Duration::from_secs(2))
        );
        let old = [
            ("x-ratelimit-user-api", "Remaining:0,TimeLeft:500"),
            ("x-ratelimit-user", "Remaining:10, TimeLeft: 800"),
        ];
        assert_eq!(
            retry_after(Provider::Alibaba, headers(&old), 0),
            Some(Duration::from_millis(800))
        );
        assert_eq!(retry_after(Provider::Alibaba, headers(&[]), 0), None);
    }
}
