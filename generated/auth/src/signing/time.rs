//! UTC calendar formatting without a date-time dependency: the signers only ever need
//! "Unix seconds -> civil UTC date and time".

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
        let c = self.civil();
        format!("{:04}-{:02}-{:02}", c.year, c.month, c.day)
    }

    /// `YYYYMMDD` (Volcengine scope date).
    pub fn basic_date(self) -> String {
        let c = self.civil();
        format!("{:04}{:02}{:02}", c.year, c.month, c.day)
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` (Volcengine `X-Date`).
    pub fn basic_date_time(self) -> String {
        let c = self.civil();
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (Alibaba `x-acs-date` and RPC `Timestamp`).
    pub fn iso8601(self) -> String {
        let c = self.civil();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
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
    fn extreme_input_does_not_panic() {
        let s = UtcTime::from_unix_seconds(u64::MAX).iso8601();
        assert!(s.ends_with('Z'));
    }
}
