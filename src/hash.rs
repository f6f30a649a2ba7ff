//! What a link to the page holds, in its URL hash, so that a reload or a
//! shared link shows the same thing: the filter, the minimum ratings of the
//! top lists and the tab. Readable, every value a name or a plain number:
//!
//! `#gender=F&age=18,25&occupation=programmer&genre=Drama,Children%27s&rated=2000-11..2000-12&released=1990..1999&min=50&top=100&tab=quality`
//!
//! Links of the first form (`g=F&a=18&o=12&genre=7,13&t=SECONDS-SECONDS&y=1990-1999`)
//! are still understood; they are written in the new form from then on.

use movielens_core::analytics::{month_start, Filter};
use movielens_core::model::{age_index, genre_index, Gender, ALL_GENRES, OCCUPATIONS};
use movielens_core::time::{month_index, month_key};

/// Default minimum ratings of the top-by-mean lists.
pub const DEFAULT_TOP_MIN: u64 = 250;

/// A tab of the page, each with its panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The KPIs and charts (the default: a link to it says no `tab=`).
    #[default]
    Dashboard,
    Quality,
    Profile,
    Export,
}

impl Tab {
    /// Every tab, in the order of the tab bar.
    pub const ALL: [Tab; 4] = [Tab::Dashboard, Tab::Quality, Tab::Profile, Tab::Export];

    /// Its name in the URL and in `data-open-tab` attributes.
    pub fn name(self) -> &'static str {
        match self {
            Tab::Dashboard => "dashboard",
            Tab::Quality => "quality",
            Tab::Profile => "profile",
            Tab::Export => "export",
        }
    }

    /// The tab named `name`.
    pub fn from_name(name: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The id of its panel in index.html.
    pub fn panel_id(self) -> &'static str {
        match self {
            Tab::Dashboard => "dashboard-panel",
            Tab::Quality => "quality-panel",
            Tab::Profile => "profile-panel",
            Tab::Export => "exports-panel",
        }
    }

    /// The id of its tab button in index.html.
    pub fn tab_id(self) -> &'static str {
        match self {
            Tab::Dashboard => "tab-dashboard",
            Tab::Quality => "tab-quality",
            Tab::Profile => "tab-profile",
            Tab::Export => "tab-export",
        }
    }
}

/// Everything a link to the page holds.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlState {
    pub filter: Filter,
    /// Minimum ratings of a movie in the top-by-mean lists.
    pub top_min: u64,
    pub tab: Tab,
}

impl Default for UrlState {
    fn default() -> Self {
        UrlState {
            filter: Filter::default(),
            top_min: DEFAULT_TOP_MIN,
            tab: Tab::Dashboard,
        }
    }
}

impl UrlState {
    /// The hash (without `#`); empty for the defaults.
    ///
    /// ```
    /// use movielens_core::{analytics::Filter, model::Gender};
    /// use movielens_web::hash::{Tab, UrlState};
    /// let filter = Filter { genders: vec![Gender::F], genres: vec![3, 7], ..Filter::default() };
    /// let s = UrlState { filter, tab: Tab::Quality, ..UrlState::default() };
    /// assert_eq!(s.to_hash(), "gender=F&genre=Children%27s,Drama&tab=quality");
    /// assert_eq!(UrlState::from_hash(&format!("#{}", s.to_hash())), s);
    /// ```
    pub fn to_hash(&self) -> String {
        let f = &self.filter;
        let mut parts: Vec<String> = Vec::new();
        let mut push = |key: &str, values: Vec<String>| {
            if !values.is_empty() {
                parts.push(format!("{key}={}", values.join(",")));
            }
        };
        push(
            "gender",
            f.genders.iter().map(|g| g.code().into()).collect(),
        );
        push("age", f.ages.iter().map(u8::to_string).collect());
        let occupation_slug = |o: &u8| OCCUPATIONS.get(usize::from(*o)).map(|n| slug(n));
        push(
            "occupation",
            f.occupations.iter().filter_map(occupation_slug).collect(),
        );
        let genre_name = |g: &u8| ALL_GENRES.get(usize::from(*g)).map(|n| encode(n));
        push("genre", f.genres.iter().filter_map(genre_name).collect());
        if let Some((from, to)) = f.time {
            push("rated", vec![rated(from, to)]);
        }
        if let Some((from, to)) = f.years {
            push("released", vec![released(from, to)]);
        }
        if f.min_ratings > 0 {
            push("min", vec![f.min_ratings.to_string()]);
        }
        push("movie", f.movies.iter().map(u32::to_string).collect());
        if let Some(t) = f.as_of {
            push("asof", vec![as_of_key(t)]);
        }
        if self.top_min != DEFAULT_TOP_MIN {
            push("top", vec![self.top_min.to_string()]);
        }
        if self.tab != Tab::Dashboard {
            push("tab", vec![self.tab.name().into()]);
        }
        parts.join("&")
    }

    /// The state of a hash (with or without `#`). Unknown keys and bad
    /// values are ignored: a mangled link gives a smaller filter, never an
    /// error.
    ///
    /// ```
    /// use movielens_web::hash::UrlState;
    /// // Old links, and commas a chat app percent-encoded.
    /// let s = UrlState::from_hash("#g=F&a=18%2C25&genre=7&y=1990-1999");
    /// assert_eq!(s.to_hash(), "gender=F&age=18,25&genre=Drama&released=1990..1999");
    /// ```
    pub fn from_hash(hash: &str) -> UrlState {
        let mut s = UrlState::default();
        for part in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            let value = decode(value);
            s.apply(key, &value);
        }
        s
    }

    /// One `key=value` of a hash (the value percent-decoded).
    fn apply(&mut self, key: &str, value: &str) {
        let f = &mut self.filter;
        let items = || value.split(',').map(str::trim).filter(|v| !v.is_empty());
        match key {
            "gender" | "g" => {
                let mut g: Vec<Gender> = items().filter_map(gender).collect();
                movielens_core::sorting::sort_by(&mut g, Ord::cmp);
                g.dedup();
                f.genders = g;
            }
            "age" | "a" => f.ages = sorted(items().filter_map(age)),
            "occupation" | "o" => f.occupations = sorted(items().filter_map(occupation)),
            "genre" => f.genres = sorted(items().filter_map(genre)),
            "rated" => f.time = range(value, "..", time_bound),
            "t" => f.time = range(value, "-", |b, _| b.parse().ok()),
            "released" => f.years = years(value),
            "y" => f.years = range(value, "-", |b, _| b.parse().ok()),
            "min" => f.min_ratings = value.parse().unwrap_or(0),
            "movie" => {
                // Sorted by insertion (a few ids; a sort of u32 would add
                // its own code to the page).
                f.movies.clear();
                for id in items().filter_map(|x| x.parse::<u32>().ok()) {
                    if let Err(at) = f.movies.binary_search(&id) {
                        f.movies.insert(at, id);
                    }
                }
            }
            "top" => {
                self.top_min = value
                    .parse()
                    .ok()
                    .filter(|t| *t >= 1)
                    .unwrap_or(DEFAULT_TOP_MIN)
            }
            "tab" => self.tab = Tab::from_name(value).unwrap_or_default(),
            "asof" => f.as_of = movielens_core::time::parse_instant(value),
            _ => {}
        }
    }
}

/// `YYYY-MM-DDTHH:MMZ` (seconds only when the instant has some).
fn as_of_key(t: u32) -> String {
    let iso = movielens_core::time::format_instant(t);
    match iso.strip_suffix(":00Z") {
        Some(minutes) => format!("{minutes}Z"),
        None => iso,
    }
}

fn sorted(values: impl Iterator<Item = u8>) -> Vec<u8> {
    let mut v: Vec<u8> = values.collect();
    movielens_core::sorting::sort_by(&mut v, Ord::cmp);
    v.dedup();
    v
}

fn gender(v: &str) -> Option<Gender> {
    match v {
        "F" | "f" => Some(Gender::F),
        "M" | "m" => Some(Gender::M),
        _ => None,
    }
}

fn age(v: &str) -> Option<u8> {
    let code: u8 = v.parse().ok()?;
    age_index(u32::from(code)).map(|_| code)
}

/// An occupation by its code (old links) or its name, any punctuation.
fn occupation(v: &str) -> Option<u8> {
    if let Ok(code) = v.parse::<u8>() {
        return (usize::from(code) < OCCUPATIONS.len()).then_some(code);
    }
    let wanted = slug(v);
    let i = OCCUPATIONS.iter().position(|o| slug(o) == wanted)?;
    u8::try_from(i).ok()
}

/// A genre by its name or its index in [`ALL_GENRES`] (old links).
fn genre(v: &str) -> Option<u8> {
    if let Ok(i) = v.parse::<u8>() {
        return (usize::from(i) < ALL_GENRES.len()).then_some(i);
    }
    genre_index(v).and_then(|i| u8::try_from(i).ok())
}

/// `a SEP b`, one side may be empty (open: the type's minimum or
/// maximum); `None` unless both parse and `a <= b`.
fn range<T: Copy + PartialOrd + Bounded>(
    value: &str,
    sep: &str,
    bound: impl Fn(&str, bool) -> Option<T>,
) -> Option<(T, T)> {
    let (a, b) = value.split_once(sep)?;
    if a.is_empty() && b.is_empty() {
        return None;
    }
    let a = if a.is_empty() {
        T::MIN
    } else {
        bound(a, false)?
    };
    let b = if b.is_empty() {
        T::MAX
    } else {
        bound(b, true)?
    };
    (a <= b).then_some((a, b))
}

/// The open ends of a range.
trait Bounded {
    const MIN: Self;
    const MAX: Self;
}
impl Bounded for u32 {
    const MIN: u32 = 0;
    const MAX: u32 = u32::MAX;
}
impl Bounded for u16 {
    const MIN: u16 = 0;
    const MAX: u16 = u16::MAX;
}

/// `released=1995` (one year) or a range of years.
fn years(value: &str) -> Option<(u16, u16)> {
    match value.parse::<u16>() {
        Ok(y) => Some((y, y)),
        Err(_) => range(value, "..", |b, _| b.parse().ok()),
    }
}

fn released(from: u16, to: u16) -> String {
    match (from, to) {
        (a, b) if a == b => a.to_string(),
        (0, b) => format!("..{b}"),
        (a, u16::MAX) => format!("{a}.."),
        (a, b) => format!("{a}..{b}"),
    }
}

/// Whether `ts` starts a month, and which.
fn month_of(ts: u32) -> Option<u32> {
    let m = month_index(ts);
    (month_start(m) == ts).then_some(m)
}

/// The months rated in `[from, to)` (`to` the start of the month after
/// the last), or seconds when a bound is not a month's start (old links).
fn rated(from: u32, to: u32) -> String {
    let a = match (from, to) {
        // `..` alone would be no filter.
        (0, u32::MAX) => "0".into(),
        (0, _) => String::new(),
        (a, _) => month_of(a).map_or(a.to_string(), month_key),
    };
    let b = match to {
        u32::MAX => String::new(),
        b => month_of(b)
            .filter(|m| *m > 0)
            .map_or(b.to_string(), |m| month_key(m - 1)),
    };
    format!("{a}..{b}")
}

/// A bound of `rated=`: `YYYY-MM` (the first instant of that month, or of
/// the next one for the `end`), or Unix seconds.
fn time_bound(v: &str, end: bool) -> Option<u32> {
    let Some((y, m)) = v.split_once('-') else {
        return v.parse().ok();
    };
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    if !(1970..=2105).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    Some(month_start((y - 1970) * 12 + m - 1 + u32::from(end)))
}

/// Lower case, every run of other characters than letters and digits one
/// `-`: `college/grad student` → `college-grad-student`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Percent-encodes all but letters, digits and `-._~` (`Children's` →
/// `Children%27s`: mail and chat apps cut links at a quote).
fn encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes; a `%` not followed by two hex digits stays as it is.
/// A value that would not be UTF-8 once decoded stays as it is (its
/// mangled part is then ignored, the rest is read).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex_digit(h).zip(hex_digit(l)),
            _ => None,
        };
        match hex {
            Some((h, l)) => {
                out.push(h << 4 | l);
                i += 3;
            }
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests;
