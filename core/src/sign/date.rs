//! The UTC calendar date of a Unix timestamp, without a date-time dependency.

/// Returns the UTC date of `timestamp` (seconds since the Unix epoch) as `YYYY-MM-DD`.
///
/// ```
/// use tencent_action_core::verifier::utc_date;
/// assert_eq!(utc_date(1551113065), "2019-02-25");
/// assert_eq!(utc_date(0), "1970-01-01");
/// ```
pub fn utc_date(timestamp: i64) -> String {
    let date = utc_date_array(timestamp);
    String::from_utf8_lossy(&date).into_owned()
}

/// `YYYY-MM-DD` on the stack (years 0 to 9999).
pub(crate) fn utc_date_array(timestamp: i64) -> [u8; 10] {
    let (y, m, d) = civil_from_days(timestamp.div_euclid(86_400));
    let y = y.clamp(0, 9999) as u32;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ]
}

/// The system clock in Unix seconds; `None` before 1970.
pub(crate) fn unix_now() -> Option<i64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01 (Howard
/// Hinnant's algorithm), for formatting dates without a date-time dependency.
///
/// ```
/// use tencent_action_core::verifier::civil_from_days;
/// let timestamp: i64 = 1_700_000_000;
/// let (year, month, day) = civil_from_days(timestamp.div_euclid(86_400));
/// assert_eq!(format!("{year:04}-{month:02}-{day:02}"), "2023-11-14");
/// assert_eq!(civil_from_days(-1), (1969, 12, 31));
/// ```
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::utc_date;

    #[test]
    fn dates_across_leap_years_and_day_boundaries() {
        assert_eq!(utc_date(1_700_006_400), "2023-11-15");
        assert_eq!(utc_date(1_795_635_394), "2026-11-25");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(86_399), "1970-01-01");
        assert_eq!(utc_date(86_400), "1970-01-02");
        assert_eq!(utc_date(-1), "1969-12-31");
        assert_eq!(utc_date(4_102_444_800), "2100-01-01");
    }
}
