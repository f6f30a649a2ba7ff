//! What differs between MovieLens releases: the rating [`Scale`], the
//! genres ([`GenreVocab`]) and occupations ([`OccupationVocab`]), whether
//! a users file exists, and which release it is ([`ReleaseKey`]): a
//! dataset's [`Schema`].

use serde::{Deserialize, Serialize};

use super::{genre_index, Genre, Occupation, ALL_GENRES, GENRES};

/// The steps a release rates in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Whole stars 1..=5 (ML-100K, ML-1M).
    #[default]
    Whole,
    /// Half stars 0.5..=5.0 (ML-10M and the CSV releases).
    Half,
}

impl Scale {
    /// The ratings allowed, in half stars, ascending.
    pub fn halves(self) -> impl DoubleEndedIterator<Item = u8> {
        const WHOLE: [u8; 5] = [2, 4, 6, 8, 10];
        const HALF: [u8; 10] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        match self {
            Scale::Whole => &WHOLE[..],
            Scale::Half => &HALF[..],
        }
        .iter()
        .copied()
    }

    /// Whether `halves` is a rating of this scale.
    pub fn allows(self, halves: u8) -> bool {
        (1..=10).contains(&halves) && (self == Scale::Half || halves.is_multiple_of(2))
    }
}

/// The genres of a release and how it spells them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum GenreVocab {
    /// The 18 of ML-100K and ML-1M ([`GENRES`]), `Children's`.
    #[default]
    Classic,
    /// ML-10M and later: the 18 with `Children`, and `IMAX`.
    Modern,
}

impl GenreVocab {
    /// The release's genres, in [`ALL_GENRES`] order.
    pub fn genres(self) -> impl Iterator<Item = Genre> {
        let n = match self {
            GenreVocab::Classic => GENRES.len(),
            GenreVocab::Modern => ALL_GENRES.len(),
        };
        Genre::all().take(n)
    }

    /// Whether the release has this genre.
    pub fn has(self, g: Genre) -> bool {
        self == GenreVocab::Modern || usize::from(g.index()) < GENRES.len()
    }

    /// The genre's name as the release writes it.
    ///
    /// ```
    /// use movielens_core::model::{Genre, GenreVocab};
    /// let children = Genre::from_index(3).unwrap();
    /// assert_eq!((GenreVocab::Classic.name(children), GenreVocab::Modern.name(children)), ("Children's", "Children"));
    /// ```
    pub fn name(self, g: Genre) -> &'static str {
        match (self, g.index()) {
            (GenreVocab::Modern, 3) => "Children",
            _ => g.name(),
        }
    }

    /// The genre a token names in this release, ASCII case-insensitively
    /// (either spelling of Children's).
    pub fn find(self, token: &str) -> Option<Genre> {
        if token.eq_ignore_ascii_case("Children") {
            return Genre::from_index(3);
        }
        genre_index(token)
            .and_then(|i| Genre::from_index(i as u8))
            .filter(|g| self.has(*g))
    }
}

/// The occupations of a release.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum OccupationVocab {
    /// ML-1M's codes 0..=20 ([`OCCUPATIONS`]).
    #[default]
    Codes,
    /// ML-100K's 21 names ([`OCCUPATIONS_100K`]), coded by position.
    Names,
}

/// The occupations of ML-100K's `u.occupation`, in its order.
pub const OCCUPATIONS_100K: [&str; 21] = [
    "administrator",
    "artist",
    "doctor",
    "educator",
    "engineer",
    "entertainment",
    "executive",
    "healthcare",
    "homemaker",
    "lawyer",
    "librarian",
    "marketing",
    "none",
    "other",
    "programmer",
    "retired",
    "salesman",
    "scientist",
    "student",
    "technician",
    "writer",
];

impl OccupationVocab {
    /// An occupation's label: ML-1M's description, or ML-100K's name.
    pub fn label(self, o: Occupation) -> &'static str {
        match self {
            OccupationVocab::Codes => o.label(),
            OccupationVocab::Names => OCCUPATIONS_100K[usize::from(o.code())],
        }
    }

    /// An occupation's key in a report: ML-1M's code, ML-100K's name.
    pub fn key(self, o: Occupation) -> String {
        match self {
            OccupationVocab::Codes => o.code().to_string(),
            OccupationVocab::Names => self.label(o).to_owned(),
        }
    }
}

/// Which MovieLens release a dataset is, as the report's `release` key
/// names it: decided from the files' content and counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub enum ReleaseKey {
    /// MovieLens 100K.
    #[serde(rename = "ml-100k")]
    Ml100k,
    /// MovieLens 1M.
    #[serde(rename = "ml-1m")]
    Ml1m,
    /// MovieLens 10M.
    #[serde(rename = "ml-10m")]
    Ml10m,
    /// MovieLens 20M.
    #[serde(rename = "ml-20m")]
    Ml20m,
    /// MovieLens 25M.
    #[serde(rename = "ml-25m")]
    Ml25m,
    /// MovieLens 32M.
    #[serde(rename = "ml-32m")]
    Ml32m,
    /// The small "latest" release for education.
    #[serde(rename = "ml-latest-small")]
    MlLatestSmall,
    /// The full "latest" release.
    #[serde(rename = "ml-latest")]
    MlLatest,
    /// A CSV release the content and counts do not tell.
    #[default]
    #[serde(rename = "unknown")]
    Unknown,
}

impl ReleaseKey {
    /// Every release key.
    pub const ALL: [ReleaseKey; 9] = [
        ReleaseKey::Ml100k,
        ReleaseKey::Ml1m,
        ReleaseKey::Ml10m,
        ReleaseKey::Ml20m,
        ReleaseKey::Ml25m,
        ReleaseKey::Ml32m,
        ReleaseKey::MlLatestSmall,
        ReleaseKey::MlLatest,
        ReleaseKey::Unknown,
    ];

    /// The release as people name it: `ML-1M`, `ml-latest-small`.
    pub fn label(self) -> &'static str {
        match self {
            ReleaseKey::Ml100k => "ML-100K",
            ReleaseKey::Ml1m => "ML-1M",
            ReleaseKey::Ml10m => "ML-10M",
            ReleaseKey::Ml20m => "ML-20M",
            ReleaseKey::Ml25m => "ML-25M",
            ReleaseKey::Ml32m => "ML-32M",
            ReleaseKey::MlLatestSmall => "ml-latest-small",
            ReleaseKey::MlLatest => "ml-latest",
            ReleaseKey::Unknown => "a CSV release",
        }
    }

    /// How it was recognised, in a sentence.
    pub fn described(self) -> String {
        let files = match self {
            ReleaseKey::Ml100k => "u.data on tabs, u.user and u.item on |",
            ReleaseKey::Ml1m => "users, movies and ratings separated by ::",
            ReleaseKey::Ml10m => "ratings (half stars) and movies on ::, no users file",
            _ => "ratings.csv and movies.csv, half stars, no users file",
        };
        format!("recognised as {}: {files}", self.label())
    }
}

/// What a release's files hold beyond the shape every release shares:
/// its rating steps, its genres and occupations, and whether it has a
/// users file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Schema {
    /// Which release.
    pub release: ReleaseKey,
    /// The rating steps.
    pub scale: Scale,
    /// The genres and their spelling.
    pub genres: GenreVocab,
    /// The occupations.
    pub occupations: OccupationVocab,
    /// Whether a users file gives gender, age, occupation and zip code;
    /// without one the users are the distinct raters, with no demographics.
    pub demographics: bool,
}

impl Schema {
    /// MovieLens 1M's.
    pub const ML1M: Schema = Schema {
        release: ReleaseKey::Ml1m,
        scale: Scale::Whole,
        genres: GenreVocab::Classic,
        occupations: OccupationVocab::Codes,
        demographics: true,
    };
    /// ML-100K's: whole stars, named occupations, ages as numbers.
    pub const ML100K: Schema = Schema {
        release: ReleaseKey::Ml100k,
        occupations: OccupationVocab::Names,
        ..Schema::ML1M
    };
    /// ML-10M's and the CSV releases': half stars, IMAX, no users file.
    pub const MODERN: Schema = Schema {
        release: ReleaseKey::Unknown,
        scale: Scale::Half,
        genres: GenreVocab::Modern,
        occupations: OccupationVocab::Codes,
        demographics: false,
    };
}

impl Schema {
    /// The schema as one number, for the page's messages: the release's
    /// position in [`ReleaseKey::ALL`], then a bit each for half stars,
    /// the modern genres, ML-100K's occupations and demographics.
    ///
    /// ```
    /// use movielens_core::model::Schema;
    /// for s in [Schema::ML1M, Schema::ML100K, Schema::MODERN] {
    ///     assert_eq!(Schema::from_code(s.code()), Some(s));
    /// }
    /// ```
    pub fn code(self) -> u16 {
        let release = ReleaseKey::ALL.iter().position(|r| *r == self.release);
        release.unwrap_or(0) as u16
            | u16::from(self.scale == Scale::Half) << 4
            | u16::from(self.genres == GenreVocab::Modern) << 5
            | u16::from(self.occupations == OccupationVocab::Names) << 6
            | u16::from(self.demographics) << 7
    }

    /// The schema of a [`code`](Self::code), or `None` for a number that
    /// is none.
    pub fn from_code(code: u16) -> Option<Schema> {
        let bit = |i: u16| code >> i & 1 == 1;
        Some(Schema {
            release: *ReleaseKey::ALL.get(usize::from(code & 15))?,
            scale: if bit(4) { Scale::Half } else { Scale::Whole },
            genres: if bit(5) {
                GenreVocab::Modern
            } else {
                GenreVocab::Classic
            },
            occupations: if bit(6) {
                OccupationVocab::Names
            } else {
                OccupationVocab::Codes
            },
            demographics: bit(7),
        })
        .filter(|_| code < 256)
    }
}

impl Default for Schema {
    fn default() -> Self {
        Schema::ML1M
    }
}
