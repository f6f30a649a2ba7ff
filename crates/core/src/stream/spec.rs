//! Window specs and durations as the CLI and the page write them.

/// Which windows to compute; sizes in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSpec {
    /// `[k·size, (k+1)·size)`.
    Tumbling {
        /// Window size, seconds (> 0).
        size: u32,
    },
    /// `[k·slide, k·slide + size)`.
    Sliding {
        /// Window size, seconds (> 0).
        size: u32,
        /// Distance between window starts, seconds (> 0).
        slide: u32,
    },
    /// Per user: ratings closer than `gap` to the next one.
    Session {
        /// Inactivity that ends a session, seconds (> 0).
        gap: u32,
    },
}

impl WindowSpec {
    /// Parses `tumbling:SIZE`, `sliding:SIZE/SLIDE` or `session:GAP`, each
    /// duration as [`parse_duration`] reads it.
    ///
    /// ```
    /// use movielens_core::stream::WindowSpec;
    /// assert_eq!(WindowSpec::parse("tumbling:1h"), Ok(WindowSpec::Tumbling { size: 3600 }));
    /// assert_eq!(
    ///     WindowSpec::parse("sliding:1d/6h"),
    ///     Ok(WindowSpec::Sliding { size: 86_400, slide: 21_600 })
    /// );
    /// assert_eq!(WindowSpec::parse("session:30m"), Ok(WindowSpec::Session { gap: 1800 }));
    /// assert!(WindowSpec::parse("hopping:1h").is_err());
    /// ```
    ///
    /// # Errors
    /// A message naming what is wrong, for a usage error.
    pub fn parse(spec: &str) -> Result<WindowSpec, String> {
        let (kind, rest) = spec.split_once(':').ok_or_else(|| {
            format!("window `{spec}`: want tumbling:SIZE, sliding:SIZE/SLIDE or session:GAP")
        })?;
        let dur = |s: &str, what: &str| match parse_duration(s) {
            Ok(0) => Err(format!("window `{spec}`: the {what} must not be zero")),
            Ok(v) => Ok(v),
            Err(e) => Err(format!("window `{spec}`: {what} {e}")),
        };
        match kind {
            "tumbling" => Ok(WindowSpec::Tumbling {
                size: dur(rest, "size")?,
            }),
            "sliding" => {
                let (size, slide) = rest.split_once('/').ok_or_else(|| {
                    format!(
                        "window `{spec}`: a sliding window wants SIZE/SLIDE, e.g. sliding:1d/1h"
                    )
                })?;
                let (size, slide) = (dur(size, "size")?, dur(slide, "slide")?);
                if slide > size {
                    return Err(format!(
                        "window `{spec}`: the slide must not exceed the size (gaps between windows)"
                    ));
                }
                Ok(WindowSpec::Sliding { size, slide })
            }
            "session" => Ok(WindowSpec::Session {
                gap: dur(rest, "gap")?,
            }),
            other => Err(format!(
                "window `{spec}`: unknown kind `{other}` (tumbling, sliding or session)"
            )),
        }
    }

    /// The kind's name: `"tumbling"`, `"sliding"` or `"session"`.
    pub fn kind(&self) -> super::WindowKind {
        match self {
            WindowSpec::Tumbling { .. } => super::WindowKind::Tumbling,
            WindowSpec::Sliding { .. } => super::WindowKind::Sliding,
            WindowSpec::Session { .. } => super::WindowKind::Session,
        }
    }
}

/// Parses a duration: plain seconds (`90`) or a number with a unit `s`,
/// `m`, `h`, `d` or `w` (`90s`, `30m`, `6h`, `1d`, `7d`, `2w`).
///
/// ```
/// use movielens_core::stream::parse_duration;
/// assert_eq!(parse_duration("90"), Ok(90));
/// assert_eq!(parse_duration("30m"), Ok(1800));
/// assert_eq!(parse_duration("7d"), Ok(604_800));
/// assert_eq!(parse_duration("0"), Ok(0));
/// assert!(parse_duration("1y").is_err());
/// ```
///
/// # Errors
/// A message saying what is wrong: not a number with a known unit, or past
/// 100 years.
pub fn parse_duration(s: &str) -> Result<u32, String> {
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let unit: u64 = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => {
            return Err(format!(
                "`{s}` is not a duration (seconds, or a number with s, m, h, d or w)"
            ))
        }
    };
    let n: u64 = digits.parse().map_err(|_| {
        format!("`{s}` is not a duration (seconds, or a number with s, m, h, d or w)")
    })?;
    match n.checked_mul(unit) {
        Some(v) if v <= 100 * 366 * 86_400 => Ok(v as u32),
        _ => Err(format!("`{s}` is too long (at most 100 years)")),
    }
}
