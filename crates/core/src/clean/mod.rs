//! Cleansing: the validation rules, de-duplication and referential integrity
//! that turn raw lines into accepted rows, and the reject list that keeps
//! every refused row with its reason.
//!
//! The rules, in the order they are checked (the first failure is the
//! reason):
//!
//! | table | check | reason |
//! |---|---|---|
//! | all | line longer than 64 KiB | `line_too_long` |
//! | all | line holds a NUL byte (binary data), wherever it is in the file | `nul_byte` |
//! | all | not exactly 5 / 3 / 4 fields on `::` | `wrong_field_count` |
//! | all | id not a positive integer that fits in 32 bits | `invalid_id` |
//! | users | gender not `M` or `F` | `invalid_gender` |
//! | users | age not one of 1, 18, 25, 35, 45, 50, 56 | `invalid_age` |
//! | users | occupation not an integer 0..=20 | `invalid_occupation` |
//! | users | zip empty | `missing_zip` |
//! | movies | title empty (or only a year) | `invalid_title` |
//! | ratings | rating not a whole number 1..=5 | `invalid_rating` |
//! | ratings | timestamp not a non-negative integer (32 bits) | `invalid_timestamp` |
//! | users, movies | id accepted earlier in the file (first wins) | `duplicate_id` |
//! | ratings | user / movie not accepted | `unknown_user` / `unknown_movie` |
//! | ratings | same (user, movie) again: the latest timestamp wins, a tie the later line | `duplicate_rating` |
//!
//! Fields are split on `::` and trimmed of spaces and tabs; a line's
//! trailing whitespace (and the `\r` of CRLF) is ignored; a line with only
//! whitespace is blank. Accepted rows may carry warnings: `missing_year`,
//! `unknown_genre`, `no_genres` (movies) and `latin1` (any table: the line
//! was not UTF-8 and was read as Windows-1252, i.e. Latin-1 plus the
//! printable characters of 0x80..=0x9F). In messages, characters that do
//! not show (a byte-order mark inside the file, control characters) are
//! named, e.g. `<U+FEFF>`.

mod dedupe;
mod history;
pub mod index;
mod rejects;
mod seeded;
mod snapshot;
pub mod title;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::ingest::lines::{decode, split_fields, Line};
use crate::lineage::Lineage;
use crate::model::{age_index, genre_index, Gender, Movies, Ratings, Users};
use crate::vocab::FileKind;
pub use crate::vocab::{RejectReason, Warning};
pub use history::History;
use index::IdIndex;
pub use rejects::MAX_KEPT_PER_REASON;
use rejects::{DuplicateLog, RejectLog};

/// Raw text kept of a rejected line, at most.
pub const MAX_RAW_BYTES: usize = 4096;

/// A refused row: where it was, why, and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The file the row was in.
    pub file: FileKind,
    /// 1-based line number in its file.
    pub line: u64,
    /// The first rule the row fails.
    pub reason: RejectReason,
    /// A sentence about this row, e.g. "rating `6` is not a whole star 1..5".
    pub detail: String,
    /// The line as read (decoded; without its line ending).
    pub raw: String,
}

/// An accepted row that carries a warning (kept for the expectations'
/// examples and the quality panel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// The file the row is in.
    pub file: FileKind,
    /// 1-based line number in its file.
    pub line: u64,
    /// What was normalised (a row with several carries a flag for each).
    pub warning: Warning,
    /// The line as read, clipped to [`MAX_RAW_BYTES`].
    pub raw: String,
}

/// The result of cleansing: accepted tables, the rejected rows kept (the
/// first [`MAX_KEPT_PER_REASON`] of each file and reason, in file and line
/// order; the lineage counts them all), warnings raised on accepted rows,
/// and lineage.
#[derive(Debug, Clone)]
pub struct Cleaned {
    /// Accepted users, in line order.
    pub users: Users,
    /// Accepted movies, in line order.
    pub movies: Movies,
    /// Accepted ratings, duplicates resolved, in line order.
    pub ratings: Ratings,
    /// Rejected rows kept (the first [`MAX_KEPT_PER_REASON`] of each file
    /// and reason), in file and line order.
    pub rejects: Vec<Reject>,
    /// Warnings on accepted rows, in file and line order.
    pub flags: Vec<Flag>,
    /// Line of each accepted user (row order).
    pub user_lines: Vec<u64>,
    /// Line of each accepted movie (row order).
    pub movie_lines: Vec<u64>,
    /// Line of each accepted rating (row order; lines past `u32::MAX`
    /// read as `u32::MAX`).
    pub rating_lines: Vec<u32>,
    /// The accepted ratings that a later event of the same (user, movie)
    /// superseded, with when each stopped counting (time travel).
    pub history: History,
    /// What happened to every line of the three files (and, after a load,
    /// how long each stage took).
    pub lineage: Lineage,
}

type Refusal = (RejectReason, String);

/// The cleansing sink: give it every line of users, then movies, then
/// ratings (the loader of the `load` module enforces that order).
#[derive(Debug)]
pub struct Cleaner {
    users: Users,
    user_line: Vec<u64>,
    user_index: IdIndex,
    movies: Movies,
    movie_line: Vec<u64>,
    movie_index: IdIndex,
    ratings: Ratings,
    /// Line of each provisional rating row.
    rating_line: Vec<u32>,
    /// Provisional rows at which they are next compacted, and the least
    /// that may pile up.
    compact_at: usize,
    compact_floor: usize,
    /// Raw text of provisional rating rows that cannot be re-created from
    /// their values (extra spaces, leading zeros); needed if a later
    /// duplicate displaces them.
    rating_raw: HashMap<u32, String>,
    lineage: Lineage,
    rejects: RejectLog,
    duplicates: DuplicateLog,
    /// Every rating that lost de-duplication and may have counted once.
    superseded: history::Superseded,
    flags: Vec<Flag>,
}

impl Default for Cleaner {
    fn default() -> Self {
        Self::new()
    }
}

impl Cleaner {
    /// A cleaner with nothing accepted yet.
    pub fn new() -> Self {
        Cleaner {
            users: Users::default(),
            user_line: Vec::new(),
            user_index: IdIndex::default(),
            movies: Movies::default(),
            movie_line: Vec::new(),
            movie_index: IdIndex::default(),
            ratings: Ratings::default(),
            rating_line: Vec::new(),
            compact_at: dedupe::COMPACT_FLOOR,
            compact_floor: dedupe::COMPACT_FLOOR,
            rating_raw: HashMap::new(),
            lineage: Lineage::default(),
            rejects: RejectLog::default(),
            duplicates: DuplicateLog::default(),
            superseded: history::Superseded::default(),
            flags: Vec::new(),
        }
    }

    /// Sets how many provisional ratings may pile up before duplicates are
    /// first resolved (then again whenever they double; default about two
    /// million). Smaller saves memory on files full of duplicates and costs
    /// time; the result is the same for any value.
    pub fn with_compaction_floor(mut self, rows: usize) -> Self {
        self.compact_floor = rows.max(1);
        self.compact_at = self.compact_floor;
        self
    }

    /// The lineage so far (ratings' duplicates are only known at the end).
    pub fn lineage(&self) -> &Lineage {
        &self.lineage
    }

    /// The lineage so far, mutably (the loader adds bytes and names).
    pub fn lineage_mut(&mut self) -> &mut Lineage {
        &mut self.lineage
    }

    /// Rows accepted so far of a kind (ratings before de-duplication).
    pub fn accepted(&self, kind: FileKind) -> usize {
        match kind {
            FileKind::Users => self.users.len(),
            FileKind::Movies => self.movies.len(),
            FileKind::Ratings => self.ratings.len(),
        }
    }

    /// Cleans one line of a file of `kind`.
    #[inline]
    pub fn line(&mut self, kind: FileKind, line: Line<'_>) {
        self.lineage.file_mut(kind).lines += 1;
        let (text, latin1) = decode(line.bytes);
        let raw = text.strip_suffix('\r').unwrap_or(&text);
        if line.truncated {
            let detail = format!(
                "line is longer than {} KiB; only its start is kept",
                crate::ingest::lines::MAX_LINE_BYTES / 1024
            );
            self.reject(kind, line.number, (RejectReason::LineTooLong, detail), raw);
            return;
        }
        // A NUL can hide in a title or a zip code; a ratings line is all
        // digits and separators, so one with a NUL is refused anyway and
        // only a refused one needs the (costly) search.
        if kind != FileKind::Ratings && self.reject_nul(kind, line, raw) {
            return;
        }
        let record = raw.trim_end_matches([' ', '\t', '\r']);
        if record.trim_start_matches([' ', '\t', '\r']).is_empty() {
            self.lineage.file_mut(kind).blank += 1;
            return;
        }
        let outcome = match kind {
            FileKind::Users => self.user(record, raw, line.number, latin1),
            FileKind::Movies => self.movie(record, raw, line.number, latin1),
            FileKind::Ratings => self.rating(record, raw, line.number),
        };
        if let Err(refusal) = outcome {
            if kind == FileKind::Ratings && self.reject_nul(kind, line, raw) {
                return;
            }
            self.reject(kind, line.number, refusal, raw);
        }
    }

    /// Rejects the line as `nul_byte` if it holds a NUL.
    fn reject_nul(&mut self, kind: FileKind, line: Line<'_>, raw: &str) -> bool {
        let Some(at) = memchr::memchr(0, line.bytes) else {
            return false;
        };
        let detail = format!(
            "line holds a NUL byte (binary data) at byte {}; shown as \u{2400}",
            at + 1
        );
        let shown = raw.replace('\0', "\u{2400}");
        self.reject(kind, line.number, (RejectReason::NulByte, detail), &shown);
        true
    }

    fn reject(&mut self, kind: FileKind, line: u64, (reason, detail): Refusal, raw: &str) {
        self.lineage.file_mut(kind).rejected[reason.index()] += 1;
        if self.rejects.wants(kind, reason) {
            self.rejects.push(Reject {
                file: kind,
                line,
                reason,
                detail,
                raw: clip(raw).to_owned(),
            });
        }
    }

    fn warn(&mut self, kind: FileKind, warning: Warning, line: u64, raw: &str) {
        self.lineage.file_mut(kind).warnings[warning.index()] += 1;
        self.flags.push(Flag {
            file: kind,
            line,
            warning,
            raw: clip(raw).to_owned(),
        });
    }

    fn user(&mut self, record: &str, raw: &str, line: u64, latin1: bool) -> Result<(), Refusal> {
        let mut f = [""; 5];
        fields(record, &mut f, FileKind::Users)?;
        let id = id_field(f[0], "UserID")?;
        let gender = match f[1] {
            "F" => Gender::F,
            "M" => Gender::M,
            other => {
                return Err((
                    RejectReason::InvalidGender,
                    format!("gender `{}` is not M or F", visible(other)),
                ))
            }
        };
        let age = match digits(f[2]).and_then(age_index) {
            Some(i) => crate::model::AGE_GROUPS[i].0,
            None => {
                return Err((
                    RejectReason::InvalidAge,
                    format!(
                        "age `{}` is not one of the codes 1, 18, 25, 35, 45, 50, 56",
                        visible(f[2])
                    ),
                ))
            }
        };
        let occupation = match digits(f[3]) {
            Some(o) if o <= 20 => o as u8,
            _ => {
                return Err((
                    RejectReason::InvalidOccupation,
                    format!("occupation `{}` is not a code 0..20", visible(f[3])),
                ))
            }
        };
        if f[4].is_empty() {
            return Err((RejectReason::MissingZip, "zip code is empty".to_owned()));
        }
        let row = self.users.len() as u32;
        if let Some(first) = self.user_index.insert(id, row) {
            return Err((
                RejectReason::DuplicateId,
                format!(
                    "UserID {id} was already accepted on line {}; the first one wins",
                    self.user_line[first as usize]
                ),
            ));
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

    fn movie(&mut self, record: &str, raw: &str, line: u64, latin1: bool) -> Result<(), Refusal> {
        let mut f = [""; 3];
        fields(record, &mut f, FileKind::Movies)?;
        let id = id_field(f[0], "MovieID")?;
        let title = f[1];
        let (name, year) = title::split_year(title);
        if name.is_empty() {
            let detail = if title.is_empty() {
                "title is empty".to_owned()
            } else {
                format!("title `{title}` has only a year")
            };
            return Err((RejectReason::InvalidTitle, detail));
        }
        let (genres, unknown) = parse_genres(f[2]);
        let row = self.movies.len() as u32;
        if let Some(first) = self.movie_index.insert(id, row) {
            return Err((
                RejectReason::DuplicateId,
                format!(
                    "MovieID {id} was already accepted on line {}; the first one wins",
                    self.movie_line[first as usize]
                ),
            ));
        }
        self.movies.id.push(id);
        self.movies.title.push(title.to_owned());
        self.movies.display.push(title::display_title(name));
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

    fn rating(&mut self, record: &str, raw: &str, line: u64) -> Result<(), Refusal> {
        let mut f = [""; 4];
        fields(record, &mut f, FileKind::Ratings)?;
        let user_id = id_field(f[0], "UserID")?;
        let movie_id = id_field(f[1], "MovieID")?;
        let stars = match digits(f[2]) {
            Some(s @ 1..=5) => s as u8,
            _ => {
                return Err((
                    RejectReason::InvalidRating,
                    format!("rating `{}` is not a whole star 1..5", visible(f[2])),
                ))
            }
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
        let Some(user) = self.user_index.get(user_id) else {
            return Err((
                RejectReason::UnknownUser,
                format!("UserID {user_id} is not among the accepted users"),
            ));
        };
        let Some(movie) = self.movie_index.get(movie_id) else {
            return Err((
                RejectReason::UnknownMovie,
                format!("MovieID {movie_id} is not among the accepted movies"),
            ));
        };
        let row = self.ratings.len() as u32;
        let canonical_len = decimal_len(user_id) + decimal_len(movie_id) + 1 + decimal_len(ts) + 6;
        let canonical = raw.len() == canonical_len
            && f.iter()
                .all(|field| field.len() == 1 || !field.starts_with('0'));
        if !canonical {
            self.rating_raw.insert(row, raw.to_owned());
        }
        self.ratings.user.push(user);
        self.ratings.movie.push(movie);
        self.ratings.stars.push(stars);
        self.ratings.ts.push(ts);
        self.rating_line
            .push(u32::try_from(line).unwrap_or(u32::MAX));
        self.maybe_compact();
        Ok(())
    }

    /// Resolves duplicate ratings and returns the cleaned tables, with the
    /// rejects kept in file and line order.
    pub fn finish(mut self) -> Cleaned {
        self.compact();
        self.lineage.ratings.accepted = self.ratings.len() as u64;
        let displaced = self.displaced_rejects();
        let history = std::mem::take(&mut self.superseded).finish(&self.ratings, self.movies.len());
        let mut rejects = std::mem::take(&mut self.rejects).into_rows();
        rejects.extend(displaced);
        crate::sorting::sort_by_key(&mut rejects, |r| {
            (FileKind::ALL.iter().position(|k| *k == r.file), r.line)
        });
        Cleaned {
            users: self.users,
            movies: self.movies,
            ratings: self.ratings,
            rejects,
            flags: self.flags,
            user_lines: self.user_line,
            movie_lines: self.movie_line,
            rating_lines: self.rating_line,
            history,
            lineage: self.lineage,
        }
    }
}

fn clip(raw: &str) -> &str {
    if raw.len() <= MAX_RAW_BYTES {
        return raw;
    }
    let mut end = MAX_RAW_BYTES;
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    &raw[..end]
}

fn fields<'a, const N: usize>(
    record: &'a str,
    out: &mut [&'a str; N],
    kind: FileKind,
) -> Result<(), Refusal> {
    let n = split_fields(record, out);
    if n == N {
        Ok(())
    } else {
        Err((
            RejectReason::WrongFieldCount,
            format!("expected {N} fields separated by `::` in {kind}, found {n}"),
        ))
    }
}

/// A whole number made of ASCII digits only, fitting in `u32`.
#[inline]
fn digits(s: &str) -> Option<u32> {
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

/// A field as shown in a message: characters that do not show (controls,
/// a byte-order mark, zero-width ones) are named, e.g. `<U+FEFF>`.
///
/// ```
/// use movielens_core::clean::visible;
/// assert_eq!(visible("12"), "12");
/// assert_eq!(visible("\u{FEFF}12"), "<U+FEFF>12");
/// ```
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
    };
    if !s.chars().any(hidden) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if hidden(c) {
                format!("<U+{:04X}>", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

fn decimal_len(v: u32) -> usize {
    v.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// The genre bitmask of a `|`-separated list, and whether a token was not
/// one of the 18. Empty tokens are ignored; `(no genres listed)` (newer
/// MovieLens releases) means none.
pub fn parse_genres(field: &str) -> (u32, bool) {
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
        match genre_index(token) {
            Some(i) => mask |= 1 << i,
            None => unknown = true,
        }
    }
    (mask, unknown)
}
