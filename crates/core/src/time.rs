//! UTC calendar arithmetic for Unix timestamps (no time-zone database: the
//! report's months and hours are UTC, as the README of ML-1M implies).

/// A UTC date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// The year (proleptic Gregorian).
    pub year: i32,
    /// The month, 1..=12.
    pub month: u8,
    /// The day of the month, 1..=31.
    pub day: u8,
    /// The hour, 0..=23.
    pub hour: u8,
    /// The minute, 0..=59.
    pub minute: u8,
    /// The second, 0..=59 (Unix time has no leap seconds).
    pub second: u8,
}

/// The UTC calendar date and time of a Unix timestamp.
///
/// ```
/// use movielens_core::time::civil;
/// let c = civil(978300760);
/// assert_eq!((c.year, c.month, c.day, c.hour, c.minute, c.second), (2000, 12, 31, 22, 12, 40));
/// ```
pub fn civil(ts: u32) -> Civil {
    let secs = i64::from(ts);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Civil {
        year,
        month,
        day,
        hour: (rem / 3600) as u8,
        minute: (rem % 3600 / 60) as u8,
        second: (rem % 60) as u8,
    }
}

/// Months since January 1970 (UTC) of a timestamp: a dense month index.
pub fn month_index(ts: u32) -> u32 {
    let c = civil(ts);
    (c.year as u32 - 1970) * 12 + u32::from(c.month) - 1
}

/// `YYYY-MM` of a [`month_index`].
pub fn month_key(index: u32) -> String {
    format!("{:04}-{:02}", 1970 + index / 12, index % 12 + 1)
}

/// `YYYY-MM-DD HH:MM:SS UTC`.
pub fn format_utc(ts: u32) -> String {
    let c = civil(ts);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}
