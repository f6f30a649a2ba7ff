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

/// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's
/// days-from-civil); `None` for a month or day that does not exist.
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let lengths = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || day == 0 || day > lengths[month as usize - 1] {
        return None;
    }
    let (y, m) = (year - i64::from(month <= 2), i64::from(month));
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// An instant in UTC as Unix seconds, from `SECONDS` (digits),
/// `YYYY-MM-DD` (midnight), `YYYY-MM-DDTHH:MMZ` or `YYYY-MM-DDTHH:MM:SSZ`
/// (a trailing `Z` optional, a space for the `T` accepted); `None` when it
/// is none of these or falls outside 1970..2106 (32-bit seconds).
///
/// ```
/// use movielens_core::time::parse_instant;
/// assert_eq!(parse_instant("978300760"), Some(978300760));
/// assert_eq!(parse_instant("2000-12-31"), Some(978220800));
/// assert_eq!(parse_instant("2000-12-31T22:12:40Z"), Some(978300760));
/// assert_eq!(parse_instant("2000-12-31T22:12Z"), Some(978300720));
/// assert_eq!(parse_instant("2000-02-30"), None);
/// assert_eq!(parse_instant("yesterday"), None);
/// ```
pub fn parse_instant(s: &str) -> Option<u32> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let mut d = date.split('-');
    let (y, m, day) = (num(d.next()?, 4)?, num(d.next()?, 2)?, num(d.next()?, 2)?);
    if d.next().is_some() {
        return None;
    }
    let mut secs = days_from_civil(i64::from(y), m, day)? * 86_400;
    if let Some(time) = time {
        let parts: Vec<&str> = time.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return None;
        }
        let (h, min) = (num(parts[0], 2)?, num(parts[1], 2)?);
        let sec = parts.get(2).map_or(Some(0), |p| num(p, 2))?;
        if h > 23 || min > 59 || sec > 59 {
            return None;
        }
        secs += i64::from(h * 3600 + min * 60 + sec);
    }
    u32::try_from(secs).ok()
}

/// `YYYY-MM-DDTHH:MM:SSZ`: ISO 8601 in UTC.
///
/// ```
/// assert_eq!(movielens_core::time::format_instant(978300760), "2000-12-31T22:12:40Z");
/// ```
pub fn format_instant(ts: u32) -> String {
    let c = civil(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}
