//! UTC calendar formatting and parsing without a date-time dependency: signers need "Unix
//! seconds -> civil UTC date and time", verifiers the reverse, in the same three formats.

use std::time::{SystemTime, UNIX_EPOCH};

/// A signing instant in Unix seconds, UTC. Every scheme derives its date strings from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UtcTime {
    unix_seconds: u64,
}

impl UtcTime {
    pub const fn from_unix_seconds(unix_seconds: u64) -> Self {
        Self { unix_seconds }
    }

    /// The system clock; a clock set before 1970 reads as the epoch.
    pub fn now() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self::from_unix_seconds(secs)
    }

    pub const fn unix_seconds(self) -> u64 {
        self.unix_seconds
    }

    /// `YYYY-MM-DD` (Tencent TC3 scope date).
    pub fn date_dashed(self) -> String {
        self.date_dashed_buf().as_str().to_owned()
    }

    /// [`date_dashed`](Self::date_dashed) on the stack, for the per-call signing path.
    pub(crate) fn date_dashed_buf(self) -> DateDashed {
        let c = self.civil();
        let mut out = DateDashed {
            buf: [0; 26],
            len: 0,
        };
        for (i, (n, width)) in [(c.year, 4), (c.month, 2), (c.day, 2)]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                out.buf[out.len] = b'-';
                out.len += 1;
            }
            let (digits, from) = padded_digits(n, width);
            let part = &digits[from..];
            out.buf[out.len..out.len + part.len()].copy_from_slice(part);
            out.len += part.len();
        }
        out
    }

    /// `YYYYMMDD` (Volcengine scope date).
    pub fn basic_date(self) -> String {
        let c = self.civil();
        let mut out = String::with_capacity(8);
        for (n, w) in [(c.year, 4), (c.month, 2), (c.day, 2)] {
            push_padded(&mut out, n, w);
        }
        out
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` (Volcengine `X-Date`).
    pub fn basic_date_time(self) -> String {
        let c = self.civil();
        let mut out = String::with_capacity(16);
        for (n, w) in [(c.year, 4), (c.month, 2), (c.day, 2)] {
            push_padded(&mut out, n, w);
        }
        out.push('T');
        for n in [c.hour, c.minute, c.second] {
            push_padded(&mut out, n, 2);
        }
        out.push('Z');
        out
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (Alibaba `x-acs-date` and RPC `Timestamp`).
    pub fn iso8601(self) -> String {
        let c = self.civil();
        let mut out = self.date_dashed();
        out.push('T');
        for (i, n) in [c.hour, c.minute, c.second].into_iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            push_padded(&mut out, n, 2);
        }
        out.push('Z');
        out
    }

    /// The Unix seconds in decimal (Tencent `X-TC-Timestamp`), without `format!`.
    pub fn unix_seconds_string(self) -> String {
        let mut out = String::with_capacity(10);
        push_padded(&mut out, self.unix_seconds, 1);
        out
    }

    /// Parses Unix seconds in decimal digits (Tencent `X-TC-Timestamp`).
    pub fn parse_unix_seconds(s: &str) -> Result<Self, ParseTimeError> {
        let err = || ParseTimeError::new("Unix seconds", s);
        let t = s.trim();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        t.parse::<u64>()
            .map(Self::from_unix_seconds)
            .map_err(|_| err())
    }

    /// Parses what [`UtcTime::basic_date_time`] writes, `YYYYMMDD'T'HHMMSS'Z'` (Volcengine
    /// `X-Date`).
    pub fn parse_basic_date_time(s: &str) -> Result<Self, ParseTimeError> {
        let b = s.trim().as_bytes();
        let parsed = (b.len() == 16 && b[8] == b'T' && b[15] == b'Z')
            .then(|| {
                Self::from_civil(Civil {
                    year: digits(&b[0..4])?,
                    month: digits(&b[4..6])?,
                    day: digits(&b[6..8])?,
                    hour: digits(&b[9..11])?,
                    minute: digits(&b[11..13])?,
                    second: digits(&b[13..15])?,
                })
            })
            .flatten();
        parsed.ok_or_else(|| ParseTimeError::new("YYYYMMDDTHHMMSSZ", s))
    }

    /// Parses what [`UtcTime::iso8601`] writes, `YYYY-MM-DDTHH:MM:SSZ` (Alibaba `x-acs-date`
    /// and RPC `Timestamp`).
    pub fn parse_iso8601(s: &str) -> Result<Self, ParseTimeError> {
        let b = s.trim().as_bytes();
        let shaped = b.len() == 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && b[19] == b'Z';
        let parsed = shaped
            .then(|| {
                Self::from_civil(Civil {
                    year: digits(&b[0..4])?,
                    month: digits(&b[5..7])?,
                    day: digits(&b[8..10])?,
                    hour: digits(&b[11..13])?,
                    minute: digits(&b[14..16])?,
                    second: digits(&b[17..19])?,
                })
            })
            .flatten();
        parsed.ok_or_else(|| ParseTimeError::new("YYYY-MM-DDTHH:MM:SSZ", s))
    }

    /// The inverse of [`UtcTime::civil`] for years 1970..=9999; `None` for fields out of range.
    fn from_civil(c: Civil) -> Option<Self> {
        let in_range = (1970..=9999).contains(&c.year)
            && (1..=12).contains(&c.month)
            && (1..=31).contains(&c.day)
            && c.hour <= 23
            && c.minute <= 59
            // A leap second reads as the next second's first instant, as the servers do.
            && c.second <= 60;
        if !in_range {
            return None;
        }
        // Howard Hinnant's days_from_civil; from 1970 on every quantity is non-negative.
        let y = if c.month <= 2 { c.year - 1 } else { c.year };
        let era = y / 400;
        let yoe = y - era * 400;
        let mp = (c.month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + c.day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = (era * 146_097 + doe).checked_sub(719_468)?;
        Some(Self::from_unix_seconds(
            days * 86_400 + c.hour * 3600 + c.minute * 60 + c.second,
        ))
    }

    fn civil(self) -> Civil {
        let days = self.unix_seconds / 86_400;
        let secs = self.unix_seconds % 86_400;
        // Howard Hinnant's civil_from_days, for non-negative day counts (u64 keeps it exact).
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u64::from(month <= 2);
        Civil {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs % 3600 / 60,
            second: secs % 60,
        }
    }
}

struct Civil {
    year: u64,
    month: u64,
    day: u64,
    hour: u64,
    minute: u64,
    second: u64,
}

/// `YYYY-MM-DD`, on the stack (a year of up to 20 digits, like [`push_padded`]).
#[derive(Clone, Copy)]
pub(crate) struct DateDashed {
    buf: [u8; 26],
    len: usize,
}

impl DateDashed {
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and dashes are written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// `n` in decimal, zero-padded to at least `width` digits (what `{:0width$}` writes).
pub(crate) fn push_padded(out: &mut String, n: u64, width: usize) {
    let (digits, from) = padded_digits(n, width);
    for &b in &digits[from..] {
        out.push(char::from(b));
    }
}

/// `n`'s decimal digits right-aligned in a buffer, and where they start once zero-padded to
/// at least `width` (at most 20, which every `u64` fits).
fn padded_digits(n: u64, width: usize) -> ([u8; 20], usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    (buf, i.min(buf.len() - width.min(buf.len())))
}

/// ASCII digits only (no sign, no spaces), as a number.
fn digits(b: &[u8]) -> Option<u64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0u64, |n, d| {
        n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })
}

/// A timestamp that is not in the format its header or parameter requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a {format} timestamp")]
pub struct ParseTimeError {
    format: &'static str,
    value: String,
}

impl ParseTimeError {
    fn new(format: &'static str, value: &str) -> Self {
        // The value comes from a request: keep the message short whatever was sent.
        let value = value.chars().take(40).collect();
        Self { format, value }
    }
}

#[cfg(test)]
mod tests {
    use super::UtcTime;

    #[test]
    fn formats_known_instants() {
        let t = UtcTime::from_unix_seconds(0);
        assert_eq!(t.iso8601(), "1970-01-01T00:00:00Z");
        // Tencent's doc example: 2019-02-26 in UTC+8 but 2019-02-25 in UTC.
        assert_eq!(
            UtcTime::from_unix_seconds(1_551_113_065).date_dashed(),
            "2019-02-25"
        );
        let t = UtcTime::from_unix_seconds(1_704_164_645);
        assert_eq!(t.basic_date_time(), "20240102T030405Z");
        assert_eq!(t.basic_date(), "20240102");
        assert_eq!(t.iso8601(), "2024-01-02T03:04:05Z");
        // Leap day and the end of a century leap year.
        assert_eq!(
            UtcTime::from_unix_seconds(951_782_400).date_dashed(),
            "2000-02-29"
        );
        assert_eq!(
            UtcTime::from_unix_seconds(978_307_199).iso8601(),
            "2000-12-31T23:59:59Z"
        );
    }

    #[test]
    fn parses_what_it_formats() {
        for secs in [
            0u64,
            951_782_400,
            1_551_113_065,
            1_704_164_645,
            4_102_444_799,
            253_402_300_799, // 9999-12-31T23:59:59Z
        ] {
            let t = UtcTime::from_unix_seconds(secs);
            assert_eq!(UtcTime::parse_basic_date_time(&t.basic_date_time()), Ok(t));
            assert_eq!(UtcTime::parse_iso8601(&t.iso8601()), Ok(t));
            assert_eq!(UtcTime::parse_unix_seconds(&secs.to_string()), Ok(t));
        }
        assert_eq!(
            UtcTime::parse_iso8601(" 2024-01-02T03:04:05Z "),
            Ok(UtcTime::from_unix_seconds(1_704_164_645))
        );
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "2024",
            "20240102T030405",
            "2024-13-02T03:04:05Z",
            "20241302T030405Z",
            "2024-01-02 03:04:05Z",
            "1969-12-31T23:59:59Z",
            "2024-01-02T24:00:00Z",
            "-1",
            "1e9",
            "ééééééééééééééééé",
            "+024-01-02T03:04:05Z",
        ] {
            assert!(UtcTime::parse_basic_date_time(s).is_err(), "{s}");
            assert!(UtcTime::parse_iso8601(s).is_err(), "{s}");
        }
        for s in ["", "-1", "+1", "1e9", "12 34", "99999999999999999999999"] {
            assert!(UtcTime::parse_unix_seconds(s).is_err(), "{s}");
        }
        let long = "x".repeat(10_000);
        let err = UtcTime::parse_iso8601(&long).unwrap_err();
        assert!(err.to_string().len() < 100, "{err}");
    }

    #[test]
    fn extreme_input_does_not_panic() {
        let s = UtcTime::from_unix_seconds(u64::MAX).iso8601();
        assert!(s.ends_with('Z'));
    }
}
