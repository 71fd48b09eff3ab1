//! The emulator's clocks.
//!
//! Two notions of now, so tests can move time without breaking signatures:
//!
//! - the **signature clock**, against which `X-TC-Timestamp` is checked: the system clock
//!   shifted by the configured offset ([`Clock::set_offset`], `--clock-offset`, the
//!   `skew` fault). Clients sign with the system clock, so an offset over 300 s makes them see
//!   `AuthFailure.SignatureExpire`.
//! - the **service clock**, which ages temporary credentials and slides rate-limit windows: the
//!   signature clock plus whatever [`Clock::advance`] added, so a test can let credentials
//!   expire without sleeping, and without its own requests looking skewed (the client's clock
//!   is taken to have advanced too). A manual clock stands still otherwise, which makes
//!   rate-limit windows exact.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tencent_action_core::verifier::civil_from_days;

/// Both clocks, in milliseconds since the Unix epoch.
#[derive(Debug)]
pub(crate) struct Clock {
    /// The system time when the clock was made; the service clock's base when manual.
    frozen_at_ms: i64,
    manual: bool,
    /// Shift of both clocks (the server's skew).
    offset_ms: AtomicI64,
    /// Added to the service clock only.
    advanced_ms: AtomicI64,
}

impl Clock {
    /// A clock that follows the system clock, or (`manual`) whose service clock moves only when
    /// advanced.
    pub(crate) fn new(manual: bool, offset_secs: i64) -> Self {
        Clock {
            frozen_at_ms: system_ms(),
            manual,
            offset_ms: AtomicI64::new(offset_secs.saturating_mul(1000)),
            advanced_ms: AtomicI64::new(0),
        }
    }

    /// The signature clock, Unix seconds, with an extra per-request shift.
    pub(crate) fn signature_secs(&self, extra_secs: i64) -> i64 {
        (system_ms()
            .saturating_add(self.offset_ms.load(Ordering::Relaxed))
            .saturating_add(extra_secs.saturating_mul(1000)))
        .div_euclid(1000)
    }

    /// The service clock, Unix milliseconds, with an extra per-request shift in seconds.
    pub(crate) fn service_ms(&self, extra_secs: i64) -> i64 {
        let base = if self.manual {
            self.frozen_at_ms
        } else {
            system_ms()
        };
        base.saturating_add(self.offset_ms.load(Ordering::Relaxed))
            .saturating_add(self.advanced_ms.load(Ordering::Relaxed))
            .saturating_add(extra_secs.saturating_mul(1000))
    }

    /// Moves the service clock forward.
    pub(crate) fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        let _ = self
            .advanced_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_add(ms))
            });
    }

    /// Sets the server's skew, in seconds (positive: ahead of the system clock).
    pub(crate) fn set_offset(&self, secs: i64) {
        self.offset_ms
            .store(secs.saturating_mul(1000), Ordering::Relaxed);
    }

    /// The server's skew, in seconds.
    pub(crate) fn offset_secs(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed).div_euclid(1000)
    }
}

/// The system clock in Unix milliseconds (0 before 1970).
pub(crate) fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds, as the API writes `Expiration`.
pub(crate) fn iso8601(secs: i64) -> String {
    let (date, time) = split(secs);
    format!("{date}T{time}Z")
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for Unix milliseconds, for logs.
pub(crate) fn iso8601_ms(ms: i64) -> String {
    let (date, time) = split(ms.div_euclid(1000));
    format!("{date}T{time}.{:03}Z", ms.rem_euclid(1000))
}

/// The HTTP `Date` form (IMF-fixdate) of Unix seconds: `Tue, 14 Nov 2023 22:13:20 GMT`.
pub(crate) fn http_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = DAYS[usize::try_from(days.rem_euclid(7)).unwrap_or_default()];
    let month = MONTHS[usize::try_from(m.saturating_sub(1)).unwrap_or_default() % 12];
    format!(
        "{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} GMT",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn split(secs: i64) -> (String, String) {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (
        format!("{y:04}-{m:02}-{d:02}"),
        format!(
            "{:02}:{:02}:{:02}",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_times() {
        let iso = [
            (0, "1970-01-01T00:00:00Z"),
            (1_543_914_376, "2018-12-04T09:06:16Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
        ];
        for (secs, text) in iso {
            assert_eq!(iso8601(secs), text);
        }
        assert_eq!(iso8601_ms(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
        let http = [
            (1_700_000_000, "Tue, 14 Nov 2023 22:13:20 GMT"),
            (784_887_151, "Tue, 15 Nov 1994 08:12:31 GMT"),
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        ];
        for (secs, text) in http {
            assert_eq!(http_date(secs), text);
        }
    }

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let clock = Clock::new(true, 0);
        let start = clock.service_ms(0);
        assert_eq!(clock.service_ms(0), start);
        clock.advance(Duration::from_millis(1500));
        assert_eq!(clock.service_ms(0), start + 1500);
        assert_eq!(clock.service_ms(2), start + 3500);
        // The signature clock follows the system clock, not the advances.
        assert!((clock.signature_secs(0) - system_ms() / 1000).abs() <= 1);
    }

    #[test]
    fn offset_shifts_both_clocks() {
        let clock = Clock::new(false, -600);
        assert_eq!(clock.offset_secs(), -600);
        assert!((clock.signature_secs(0) - (system_ms() / 1000 - 600)).abs() <= 1);
        assert!((clock.service_ms(0) / 1000 - (system_ms() / 1000 - 600)).abs() <= 1);
        clock.set_offset(30);
        assert!((clock.signature_secs(10) - (system_ms() / 1000 + 40)).abs() <= 1);
    }
}
