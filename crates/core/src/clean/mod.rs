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
mod rows;
mod seeded;
mod snapshot;
pub mod title;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::ingest::kind::csv_header;
use crate::ingest::lines::{decode, Line};
use crate::lineage::Lineage;
use crate::model::{Movies, Ratings, Schema, Users};
use crate::vocab::{FileKind, Format};
pub use crate::vocab::{RejectReason, Warning};
pub use history::History;
use index::IdIndex;
pub use rejects::MAX_KEPT_PER_REASON;
use rejects::{DuplicateLog, RejectLog};
pub use rows::age_group_of_years;

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
    /// The release's scale, genres, occupations and demographics.
    pub schema: Schema,
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
    schema: Schema,
    /// How each table's file writes its records, by [`FileKind`] order.
    formats: [Format; 3],
    /// Per table: whether a CSV header may still come (before its first
    /// nonblank line).
    header_due: [bool; 3],
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
            schema: Schema::ML1M,
            formats: [Format::Dat; 3],
            header_due: [false; 3],
        }
    }

    /// The cleaner of a release's files (ML-1M's by default): its scale,
    /// genres, occupations, and whether users come from a users file or
    /// are the distinct raters. Set it before the first line.
    pub fn with_schema(mut self, schema: Schema) -> Self {
        self.set_schema(schema);
        self
    }

    /// Sets the release's schema (see [`Self::with_schema`]).
    pub fn set_schema(&mut self, schema: Schema) {
        self.schema = schema;
        if !schema.demographics {
            self.lineage.users.name.clear();
        }
    }

    /// The release's schema.
    pub fn schema(&self) -> Schema {
        self.schema
    }

    /// Says how the file of `kind` writes its records (`::` unless told).
    /// A CSV file's first nonblank line may be its header.
    pub fn set_format(&mut self, kind: FileKind, format: Format) {
        self.formats[kind as usize] = format;
        self.header_due[kind as usize] = format == Format::Csv;
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
        if std::mem::take(&mut self.header_due[kind as usize]) && csv_header(record) == Some(kind) {
            self.lineage.file_mut(kind).header += 1;
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
            schema: self.schema,
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
