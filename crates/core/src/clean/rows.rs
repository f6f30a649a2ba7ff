//! The rules of one row of each table, for every way a release writes it
//! (see the rules table of the module).

use super::{title, visible, Cleaner, Refusal, RejectReason, Warning};
use crate::ingest::fields::{split, split_pipes, unquote};
use crate::model::{age_index, Gender, Scale, AGE_GROUPS, GENRES, OCCUPATIONS_100K};
use crate::vocab::{FileKind, Format};

impl Cleaner {
    pub(super) fn user(
        &mut self,
        record: &str,
        raw: &str,
        line: u64,
        latin1: bool,
    ) -> Result<(), Refusal> {
        let format = self.format(FileKind::Users);
        let mut f = [""; 5];
        fields(format, record, &mut f, FileKind::Users)?;
        let id = id_field(f[0], "UserID")?;
        // u.user: id|age|gender|occupation|zip; users.dat: id::gender::age::occupation::zip.
        let (gender, age, occupation) = match format {
            Format::Pipe => (f[2], f[1], f[3]),
            _ => (f[1], f[2], f[3]),
        };
        let gender = match gender {
            "F" => Gender::F,
            "M" => Gender::M,
            other => {
                return Err((
                    RejectReason::InvalidGender,
                    format!("gender `{}` is not M or F", visible(other)),
                ))
            }
        };
        let age = match format {
            Format::Pipe => years(age)?,
            _ => age_code(age)?,
        };
        let occupation = match format {
            Format::Pipe => occupation_name(occupation)?,
            _ => occupation_code(occupation)?,
        };
        if f[4].is_empty() {
            return Err((RejectReason::MissingZip, "zip code is empty".to_owned()));
        }
        let row = self.users.len() as u32;
        if let Some(first) = self.user_index.insert(id, row) {
            return Err(duplicate_id("UserID", id, self.user_line[first as usize]));
        }
        self.users.id.push(id);
        self.users.gender.push(gender);
        self.users.age.push(age);
        self.users.occupation.push(occupation);
        self.users.zip.push(f[4].to_owned());
        self.user_line.push(line);
        self.lineage.users.accepted += 1;
        if latin1 {
            self.warn(FileKind::Users, Warning::Latin1, line, raw);
        }
        Ok(())
    }

    pub(super) fn movie(
        &mut self,
        record: &str,
        raw: &str,
        line: u64,
        latin1: bool,
    ) -> Result<(), Refusal> {
        let format = self.format(FileKind::Movies);
        // u.item: id|title|release date|video date|IMDb URL|19 genre flags.
        let mut flags = [""; 24];
        let mut f = [""; 3];
        if format == Format::Pipe {
            let n = split_pipes(record, &mut flags);
            if n != flags.len() {
                return Err(wrong_count(flags.len(), n, format, FileKind::Movies));
            }
            f = [flags[0], flags[1], ""];
        } else {
            fields(format, record, &mut f, FileKind::Movies)?;
        }
        let id = id_field(f[0], "MovieID")?;
        let title = if format == Format::Csv {
            unquote(f[1])
        } else {
            f[1].into()
        };
        let (name, year) = title::split_year(&title);
        if name.is_empty() {
            let detail = if title.is_empty() {
                "title is empty".to_owned()
            } else {
                format!("title `{title}` has only a year")
            };
            return Err((RejectReason::InvalidTitle, detail));
        }
        let (genres, unknown) = match format {
            Format::Pipe => genre_flags(&flags[5..]),
            _ => self.parse_genres(f[2]),
        };
        let row = self.movies.len() as u32;
        if let Some(first) = self.movie_index.insert(id, row) {
            return Err(duplicate_id("MovieID", id, self.movie_line[first as usize]));
        }
        self.movies.id.push(id);
        self.movies.display.push(title::display_title(name));
        self.movies.title.push(title.into_owned());
        self.movies.year.push(year);
        self.movies.genres.push(genres);
        self.movie_line.push(line);
        self.lineage.movies.accepted += 1;
        if year.is_none() {
            self.warn(FileKind::Movies, Warning::MissingYear, line, raw);
        }
        if unknown {
            self.warn(FileKind::Movies, Warning::UnknownGenre, line, raw);
        }
        if genres == 0 {
            self.warn(FileKind::Movies, Warning::NoGenres, line, raw);
        }
        if latin1 {
            self.warn(FileKind::Movies, Warning::Latin1, line, raw);
        }
        Ok(())
    }

    pub(super) fn rating(&mut self, record: &str, raw: &str, line: u64) -> Result<(), Refusal> {
        let format = self.format(FileKind::Ratings);
        let mut f = [""; 4];
        fields(format, record, &mut f, FileKind::Ratings)?;
        let user_id = id_field(f[0], "UserID")?;
        let movie_id = id_field(f[1], "MovieID")?;
        let scale = self.schema.scale;
        let Some(halves) = rating_halves(f[2], scale) else {
            let what = match scale {
                Scale::Whole => "a whole star 1..5",
                Scale::Half => "a half star 0.5..5.0",
            };
            return Err((
                RejectReason::InvalidRating,
                format!("rating `{}` is not {what}", visible(f[2])),
            ));
        };
        let Some(ts) = digits(f[3]) else {
            return Err((
                RejectReason::InvalidTimestamp,
                format!(
                    "timestamp `{}` is not a non-negative whole number of seconds (32 bits)",
                    visible(f[3])
                ),
            ));
        };
        let known_user = self.user_index.get(user_id);
        if known_user.is_none() && self.schema.demographics {
            return Err((
                RejectReason::UnknownUser,
                format!("UserID {user_id} is not among the accepted users"),
            ));
        }
        let Some(movie) = self.movie_index.get(movie_id) else {
            return Err((
                RejectReason::UnknownMovie,
                format!("MovieID {movie_id} is not among the accepted movies"),
            ));
        };
        let user = match known_user {
            Some(user) => user,
            None => self.rater(user_id, line),
        };
        let row = self.ratings.len() as u32;
        if !canonical(format, scale, raw, &f, halves, [user_id, movie_id, ts]) {
            self.rating_raw.insert(row, raw.to_owned());
        }
        self.ratings.user.push(user);
        self.ratings.movie.push(movie);
        self.ratings.halves.push(halves);
        self.ratings.ts.push(ts);
        self.rating_line
            .push(u32::try_from(line).unwrap_or(u32::MAX));
        self.maybe_compact();
        Ok(())
    }

    /// A user known only as a rater (a release without a users file): a
    /// row with no demographics, on the line of its first rating.
    fn rater(&mut self, id: u32, line: u64) -> u32 {
        let row = self.users.len() as u32;
        self.user_index.insert(id, row);
        self.users.push_rater(id);
        self.user_line.push(line);
        row
    }

    fn format(&self, kind: FileKind) -> Format {
        self.formats[kind as usize]
    }

    /// The genre bitmask of a `|`-separated list, and whether a token was
    /// not one of the release's genres. Empty tokens are ignored; `(no
    /// genres listed)` means none.
    fn parse_genres(&self, field: &str) -> (u32, bool) {
        if field.eq_ignore_ascii_case("(no genres listed)") {
            return (0, false);
        }
        let mut mask = 0;
        let mut unknown = false;
        for token in field.split('|') {
            let token = token.trim();
            if token.is_empty() {
                continue;
            }
            match self.schema.genres.find(token) {
                Some(g) => mask |= 1 << g.index(),
                None => unknown = true,
            }
        }
        (mask, unknown)
    }

    /// The raw text of a provisional rating row, written out again from
    /// its values (see [`canonical`]).
    pub(super) fn rating_record(&self, r: usize) -> String {
        let format = self.format(FileKind::Ratings);
        let stars = star_field(format, self.schema.scale, self.ratings.halves[r]);
        let sep = match format {
            Format::Dat => "::",
            Format::Csv => ",",
            Format::Tab => "\t",
            Format::Pipe => "|",
        };
        format!(
            "{}{sep}{}{sep}{stars}{sep}{}",
            self.users.id[self.ratings.user[r] as usize],
            self.movies.id[self.ratings.movie[r] as usize],
            self.ratings.ts[r]
        )
    }
}

/// A rating as the release writes it: `4` in whole-star files, `4.0` and
/// `4.5` in the CSV releases, `4` and `4.5` in ML-10M's `::` files.
fn star_field(format: Format, scale: Scale, halves: u8) -> String {
    let text = crate::model::star_text(halves);
    if format == Format::Csv && scale == Scale::Half && halves.is_multiple_of(2) {
        format!("{text}.0")
    } else {
        text
    }
}

/// Whether a rating line is exactly what [`Cleaner::rating_record`] writes
/// from its values, so that its text need not be kept.
fn canonical(
    format: Format,
    scale: Scale,
    raw: &str,
    f: &[&str; 4],
    halves: u8,
    ids: [u32; 3],
) -> bool {
    let stars = f[2].as_bytes();
    let stars_ok = match (format, scale) {
        (Format::Csv, Scale::Half) => stars.len() == 3 && stars[1] == b'.',
        (_, Scale::Half) if halves % 2 == 1 => stars.len() == 3 && stars[1] == b'.',
        _ => stars.len() == 1,
    };
    let sep = if format == Format::Dat { 2 } else { 1 };
    let len = ids.iter().map(|&v| decimal_len(v)).sum::<usize>() + stars.len() + 3 * sep;
    stars_ok
        && raw.len() == len
        && [f[0], f[1], f[3]]
            .iter()
            .all(|field| field.len() == 1 || !field.starts_with('0'))
}

fn decimal_len(v: u32) -> usize {
    v.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// A rating in half stars: whole stars `1`..`5`; on a half-star scale
/// also `0.5`..`5.0` with any number of trailing zeros.
pub(super) fn rating_halves(s: &str, scale: Scale) -> Option<u8> {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) if scale == Scale::Half => (w, f),
        Some(_) => return None,
        None => (s, ""),
    };
    if whole.is_empty() || whole.len() > 2 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let half = match frac.trim_end_matches('0') {
        "" => 0,
        "5" => 1,
        _ => return None,
    };
    let halves = u32::from(whole.parse::<u8>().ok()?) * 2 + half;
    let halves = u8::try_from(halves).ok()?;
    scale.allows(halves).then_some(halves)
}

fn fields<'a, const N: usize>(
    format: Format,
    record: &'a str,
    out: &mut [&'a str; N],
    kind: FileKind,
) -> Result<(), Refusal> {
    let n = split(format, record, out).ok_or_else(unbalanced)?;
    if n == N {
        Ok(())
    } else {
        Err(wrong_count(N, n, format, kind))
    }
}

#[cold]
fn wrong_count(want: usize, n: usize, format: Format, kind: FileKind) -> Refusal {
    (
        RejectReason::WrongFieldCount,
        format!(
            "expected {want} fields separated by {} in {kind}, found {n}",
            format.separator()
        ),
    )
}

#[cold]
fn duplicate_id(what: &str, id: u32, first_line: u64) -> Refusal {
    (
        RejectReason::DuplicateId,
        format!("{what} {id} was already accepted on line {first_line}; the first one wins"),
    )
}

#[cold]
fn unbalanced() -> Refusal {
    (
        RejectReason::WrongFieldCount,
        "a quote opens a field and does not close it".to_owned(),
    )
}

/// A whole number made of ASCII digits only, fitting in `u32`.
#[inline]
pub(super) fn digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u64::from(b - b'0');
        if v > u64::from(u32::MAX) {
            return None;
        }
    }
    Some(v as u32)
}

#[inline]
fn id_field(s: &str, what: &str) -> Result<u32, Refusal> {
    match digits(s) {
        Some(id) if id > 0 => Ok(id),
        _ => Err(bad_id(s, what)),
    }
}

/// Out of line: the message is built for refused rows only.
#[cold]
#[inline(never)]
fn bad_id(s: &str, what: &str) -> Refusal {
    let hint = if s.contains('\u{FEFF}') {
        " (it holds a byte-order mark, U+FEFF, which belongs only at the very start of a file: were two files joined?)"
    } else {
        ""
    };
    (
        RejectReason::InvalidId,
        format!(
            "{what} `{}` is not a positive whole number that fits in 32 bits{hint}",
            visible(s)
        ),
    )
}

fn age_code(s: &str) -> Result<u8, Refusal> {
    match digits(s).and_then(age_index) {
        Some(i) => Ok(AGE_GROUPS[i].0),
        None => Err((
            RejectReason::InvalidAge,
            format!(
                "age `{}` is not one of the codes 1, 18, 25, 35, 45, 50, 56",
                visible(s)
            ),
        )),
    }
}

/// ML-100K's age in years, as ML-1M's age-group code.
fn years(s: &str) -> Result<u8, Refusal> {
    match digits(s).filter(|y| *y <= 150) {
        Some(y) => Ok(age_group_of_years(y)),
        None => Err((
            RejectReason::InvalidAge,
            format!("age `{}` is not a whole number of years 0..150", visible(s)),
        )),
    }
}

/// The ML-1M age-group code of an age in years (1: under 18, 18: 18–24,
/// 25: 25–34, 35: 35–44, 45: 45–49, 50: 50–55, 56: 56+).
///
/// ```
/// use movielens_core::clean::age_group_of_years;
/// assert_eq!([17, 18, 24, 25, 44, 49, 55, 56].map(age_group_of_years), [1, 18, 18, 25, 35, 45, 50, 56]);
/// ```
pub fn age_group_of_years(y: u32) -> u8 {
    match y {
        0..=17 => 1,
        18..=24 => 18,
        25..=34 => 25,
        35..=44 => 35,
        45..=49 => 45,
        50..=55 => 50,
        _ => 56,
    }
}

fn occupation_code(s: &str) -> Result<u8, Refusal> {
    match digits(s) {
        Some(o) if o <= 20 => Ok(o as u8),
        _ => Err((
            RejectReason::InvalidOccupation,
            format!("occupation `{}` is not a code 0..20", visible(s)),
        )),
    }
}

fn occupation_name(s: &str) -> Result<u8, Refusal> {
    match OCCUPATIONS_100K
        .iter()
        .position(|o| o.eq_ignore_ascii_case(s))
    {
        Some(i) => Ok(i as u8),
        None => Err((
            RejectReason::InvalidOccupation,
            format!(
                "occupation `{}` is not one of the 21 of u.occupation",
                visible(s)
            ),
        )),
    }
}

/// u.item's 19 genre flags (`unknown` first, then [`GENRES`] in order):
/// the mask, and whether a flag was neither `0` nor `1`.
fn genre_flags(flags: &[&str]) -> (u32, bool) {
    let mut mask = 0;
    let mut odd = false;
    for (i, flag) in flags.iter().enumerate().take(GENRES.len() + 1) {
        match *flag {
            "0" => {}
            "1" if i > 0 => mask |= 1 << (i - 1),
            "1" => {}
            _ => odd = true,
        }
    }
    (mask, odd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_by_scale() {
        for (s, whole, half) in [
            ("4", Some(8), Some(8)),
            ("1", Some(2), Some(2)),
            ("5", Some(10), Some(10)),
            ("0", None, None),
            ("6", None, None),
            ("4.0", None, Some(8)),
            ("4.5", None, Some(9)),
            ("0.5", None, Some(1)),
            ("5.0", None, Some(10)),
            ("5.5", None, None),
            ("4.50", None, Some(9)),
            ("4.3", None, None),
            (".5", None, None),
            ("4.", None, Some(8)),
            ("", None, None),
            ("-1", None, None),
            ("10", None, None),
        ] {
            assert_eq!(rating_halves(s, Scale::Whole), whole, "{s} whole");
            assert_eq!(rating_halves(s, Scale::Half), half, "{s} half");
        }
    }

    #[test]
    fn canonical_lines_by_format() {
        let ids = [1, 2, 964982703];
        let c = |format, scale, raw: &str, halves| {
            let mut f = [""; 4];
            split(format, raw, &mut f);
            canonical(format, scale, raw, &f, halves, ids)
        };
        assert!(c(Format::Csv, Scale::Half, "1,2,4.5,964982703", 9));
        assert!(c(Format::Csv, Scale::Half, "1,2,0.5,964982703", 1));
        assert!(!c(Format::Csv, Scale::Half, "1,2,4,964982703", 8));
        assert!(!c(Format::Csv, Scale::Half, "1,02,4.0,964982703", 8));
        assert!(c(Format::Dat, Scale::Whole, "1::2::4::964982703", 8));
        assert!(c(Format::Dat, Scale::Half, "1::2::4.5::964982703", 9));
        assert!(!c(Format::Dat, Scale::Half, "1::2::4.0::964982703", 8));
        assert!(c(Format::Tab, Scale::Whole, "1\t2\t4\t964982703", 8));
    }
}
