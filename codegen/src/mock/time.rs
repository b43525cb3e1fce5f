//! Parsing the signing timestamps each provider sends back into Unix seconds.

use docsdk_auth::signing::UtcTime;

/// Unix seconds as Tencent sends them in `X-TC-Timestamp`.
pub fn parse_unix(s: &str) -> Option<UtcTime> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok().map(UtcTime::from_unix_seconds)
}

/// `YYYYMMDDTHHMMSSZ` (Volcengine `X-Date`).
pub fn parse_basic(s: &str) -> Option<UtcTime> {
    let b = s.trim().as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    civil(
        num(&b[0..4])?,
        num(&b[4..6])?,
        num(&b[6..8])?,
        num(&b[9..11])?,
        num(&b[11..13])?,
        num(&b[13..15])?,
    )
}

/// `YYYY-MM-DDTHH:MM:SSZ` (Alibaba `x-acs-date` and RPC `Timestamp`).
pub fn parse_iso8601(s: &str) -> Option<UtcTime> {
    let b = s.trim().as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    civil(
        num(&b[0..4])?,
        num(&b[5..7])?,
        num(&b[8..10])?,
        num(&b[11..13])?,
        num(&b[14..16])?,
        num(&b[17..19])?,
    )
}

fn num(b: &[u8]) -> Option<u64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

fn civil(year: u64, month: u64, day: u64, hour: u64, minute: u64, second: u64) -> Option<UtcTime> {
    if !(1970..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Howard Hinnant's days_from_civil, for years from 1970 (all quantities non-negative).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(UtcTime::from_unix_seconds(
        days * 86_400 + hour * 3600 + minute * 60 + second,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_signers_formats() {
        for secs in [
            0u64,
            951_782_400,
            1_551_113_065,
            1_704_164_645,
            4_102_444_799,
        ] {
            let t = UtcTime::from_unix_seconds(secs);
            assert_eq!(parse_basic(&t.basic_date_time()), Some(t));
            assert_eq!(parse_iso8601(&t.iso8601()), Some(t));
            assert_eq!(parse_unix(&secs.to_string()), Some(t));
        }
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            "2024",
            "20240102T030405",
            "2024-13-02T03:04:05Z",
            "2024-01-02 03:04:05Z",
            "-1",
            "1e9",
            "ééééééééééééééééé",
        ] {
            assert!(parse_basic(s).is_none(), "{s}");
            assert!(parse_iso8601(s).is_none(), "{s}");
        }
        for s in ["", "-1", "1e9", "12 34", "99999999999999999999999"] {
            assert!(parse_unix(s).is_none(), "{s}");
        }
    }
}
