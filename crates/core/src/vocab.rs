//! The vocabulary every stage shares: which file a row comes from
//! ([`FileKind`]), why a row was refused ([`RejectReason`]) and what was
//! normalised in an accepted one ([`Warning`]). It imports nothing else
//! from the crate, so ingest, cleansing, lineage and errors can all speak
//! it without depending on each other.

use serde::{Deserialize, Serialize};

/// The three files of MovieLens 1M.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// `users.dat`: `UserID::Gender::Age::Occupation::Zip-code`.
    Users,
    /// `movies.dat`: `MovieID::Title::Genres`.
    Movies,
    /// `ratings.dat`: `UserID::MovieID::Rating::Timestamp`.
    Ratings,
}

impl FileKind {
    /// In the order they must be cleaned: ratings are checked against the
    /// accepted users and movies.
    pub const ALL: [FileKind; 3] = [FileKind::Users, FileKind::Movies, FileKind::Ratings];

    /// `users`, `movies` or `ratings`.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Users => "users",
            FileKind::Movies => "movies",
            FileKind::Ratings => "ratings",
        }
    }

    /// The file name GroupLens uses, e.g. `ratings.dat`.
    pub fn file_name(self) -> &'static str {
        match self {
            FileKind::Users => "users.dat",
            FileKind::Movies => "movies.dat",
            FileKind::Ratings => "ratings.dat",
        }
    }

    /// Fields of a record on `::`.
    pub fn field_count(self) -> usize {
        match self {
            FileKind::Users => 5,
            FileKind::Movies => 3,
            FileKind::Ratings => 4,
        }
    }

    /// The kind a file name suggests (`users.dat`, `ml-1m/Ratings.dat`, ...).
    pub fn from_file_name(name: &str) -> Option<FileKind> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let stem = base.split('.').next().unwrap_or(base);
        FileKind::ALL
            .into_iter()
            .find(|k| stem.eq_ignore_ascii_case(k.name()))
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How a table's file writes its records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Fields on `::` (ML-1M, ML-10M).
    #[default]
    Dat,
    /// Comma-separated with a header line, titles quoted when they hold a
    /// comma (ML-20M and later).
    Csv,
    /// ML-100K's `u.data`: fields on tabs.
    Tab,
    /// ML-100K's `u.user` and `u.item`: fields on `|`.
    Pipe,
}

impl Format {
    /// The separator as a message shows it: `::`, `,`, a tab, `|`.
    pub fn separator(self) -> &'static str {
        match self {
            Format::Dat => "`::`",
            Format::Csv => "commas",
            Format::Tab => "tabs",
            Format::Pipe => "`|`",
        }
    }
}

/// Why a row was refused: the first rule it fails, in the order of the
/// rules table of the `clean` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// Not exactly 5 (users), 3 (movies) or 4 (ratings) fields on `::`.
    WrongFieldCount,
    /// A UserID or MovieID that is not a positive whole number fitting in
    /// 32 bits.
    InvalidId,
    /// Users: a gender other than `M` or `F`.
    InvalidGender,
    /// Users: an age that is not one of the codes 1, 18, 25, 35, 45, 50, 56.
    InvalidAge,
    /// Users: an occupation that is not a whole number 0..=20.
    InvalidOccupation,
    /// Users: an empty zip code.
    MissingZip,
    /// Movies: an empty title, or one that is only a year.
    InvalidTitle,
    /// Ratings: a rating that is not a whole number of stars 1..=5.
    InvalidRating,
    /// Ratings: a timestamp that is not a non-negative whole number of
    /// seconds fitting in 32 bits.
    InvalidTimestamp,
    /// Users and movies: an id accepted earlier in the file (the first one
    /// wins).
    DuplicateId,
    /// Ratings: a UserID that is not among the accepted users.
    UnknownUser,
    /// Ratings: a MovieID that is not among the accepted movies.
    UnknownMovie,
    /// Ratings: a (user, movie) rated again. The rating with the latest
    /// timestamp is kept (a tie: the later line); the others are refused.
    DuplicateRating,
    /// A line longer than 64 KiB; only its start is kept as raw text.
    LineTooLong,
    /// A line holding a NUL byte (binary data), shown as `␀`.
    NulByte,
}

impl RejectReason {
    /// Number of reasons.
    pub const COUNT: usize = 15;
    /// Every reason, in report order.
    pub const ALL: [RejectReason; Self::COUNT] = [
        RejectReason::WrongFieldCount,
        RejectReason::InvalidId,
        RejectReason::InvalidGender,
        RejectReason::InvalidAge,
        RejectReason::InvalidOccupation,
        RejectReason::MissingZip,
        RejectReason::InvalidTitle,
        RejectReason::InvalidRating,
        RejectReason::InvalidTimestamp,
        RejectReason::DuplicateId,
        RejectReason::UnknownUser,
        RejectReason::UnknownMovie,
        RejectReason::DuplicateRating,
        RejectReason::LineTooLong,
        RejectReason::NulByte,
    ];

    /// Position in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The reason with this code.
    pub fn from_code(code: &str) -> Option<RejectReason> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The reason code shown to people, e.g. `invalid_rating`.
    pub fn code(self) -> &'static str {
        match self {
            RejectReason::WrongFieldCount => "wrong_field_count",
            RejectReason::InvalidId => "invalid_id",
            RejectReason::InvalidGender => "invalid_gender",
            RejectReason::InvalidAge => "invalid_age",
            RejectReason::InvalidOccupation => "invalid_occupation",
            RejectReason::MissingZip => "missing_zip",
            RejectReason::InvalidTitle => "invalid_title",
            RejectReason::InvalidRating => "invalid_rating",
            RejectReason::InvalidTimestamp => "invalid_timestamp",
            RejectReason::DuplicateId => "duplicate_id",
            RejectReason::UnknownUser => "unknown_user",
            RejectReason::UnknownMovie => "unknown_movie",
            RejectReason::DuplicateRating => "duplicate_rating",
            RejectReason::LineTooLong => "line_too_long",
            RejectReason::NulByte => "nul_byte",
        }
    }

    /// Whether rows of this kind of file can be refused for this reason.
    pub fn applies_to(self, kind: FileKind) -> bool {
        use FileKind::*;
        use RejectReason::*;
        match self {
            WrongFieldCount | InvalidId | LineTooLong | NulByte => true,
            InvalidGender | InvalidAge | InvalidOccupation | MissingZip => kind == Users,
            InvalidTitle => kind == Movies,
            DuplicateId => kind != Ratings,
            InvalidRating | InvalidTimestamp | UnknownUser | UnknownMovie | DuplicateRating => {
                kind == Ratings
            }
        }
    }
}

/// Something normalised in an accepted row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// No trailing `(YYYY)` in the title: the year is unknown.
    MissingYear,
    /// A genre token that is not one of the 18 was dropped.
    UnknownGenre,
    /// The movie has no (known) genre.
    NoGenres,
    /// The line was not UTF-8 and was decoded as Latin-1.
    Latin1,
}

impl Warning {
    /// Number of warnings.
    pub const COUNT: usize = 4;
    /// Every warning, in report order.
    pub const ALL: [Warning; Self::COUNT] = [
        Warning::MissingYear,
        Warning::UnknownGenre,
        Warning::NoGenres,
        Warning::Latin1,
    ];

    /// Position in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The warning with this code.
    pub fn from_code(code: &str) -> Option<Warning> {
        Self::ALL.into_iter().find(|w| w.code() == code)
    }

    /// The warning code shown to people, e.g. `missing_year`.
    pub fn code(self) -> &'static str {
        match self {
            Warning::MissingYear => "missing_year",
            Warning::UnknownGenre => "unknown_genre",
            Warning::NoGenres => "no_genres",
            Warning::Latin1 => "latin1",
        }
    }

    /// Whether rows of this kind of file can carry this warning.
    pub fn applies_to(self, kind: FileKind) -> bool {
        self == Warning::Latin1 || kind == FileKind::Movies
    }
}

/// A MovieLens release, as its files show it. Only [`Release::Ml1m`] is
/// read; the others are recognised so that a message can name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Release {
    /// MovieLens 1M: `users.dat`, `movies.dat`, `ratings.dat` on `::`.
    Ml1m,
    /// MovieLens 100K: `u.data` (tab-separated ratings), `u.user` and
    /// `u.item` (separated by `|`).
    Ml100k,
    /// MovieLens 10M: `::` ratings with half stars, `movies.dat`,
    /// `tags.dat`, and no users file.
    Ml10m,
    /// The CSV releases (ML-20M, 25M, 32M, ml-latest, ml-latest-small):
    /// `ratings.csv` with the header `userId,movieId,rating,timestamp`.
    /// Which one, when a file or folder name says it (`25M`,
    /// `latest-small`, ...).
    Csv(Option<&'static str>),
}

impl Release {
    /// The release as people call it: `MovieLens 100K`.
    pub fn name(self) -> String {
        match self {
            Release::Ml1m => "MovieLens 1M".into(),
            Release::Ml100k => "MovieLens 100K".into(),
            Release::Ml10m => "MovieLens 10M".into(),
            Release::Csv(Some(which)) if which.starts_with("latest") => {
                format!("MovieLens ml-{which}")
            }
            Release::Csv(Some(which)) => format!("MovieLens {which}"),
            Release::Csv(None) => "a MovieLens CSV release (ML-20M, 25M, 32M or ml-latest)".into(),
        }
    }

    /// What its files look like, as a person would check it.
    pub fn files(self) -> &'static str {
        match self {
            Release::Ml1m => "users.dat, movies.dat and ratings.dat separated by `::`",
            Release::Ml100k => "u.data with tab-separated ratings, u.user and u.item separated by `|`",
            Release::Ml10m => "ratings.dat with half stars, movies.dat and tags.dat, and no users.dat",
            Release::Csv(_) => {
                "ratings.csv with the header userId,movieId,rating,timestamp, movies.csv, and no users file"
            }
        }
    }
}
