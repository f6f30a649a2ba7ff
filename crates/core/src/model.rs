//! The MovieLens domain: genders, age groups, occupations, genres, and the
//! cleaned tables (struct of arrays, dense row indices).

use serde::{Deserialize, Serialize};

/// The 18 genres of MovieLens 1M, in the order of its README.
pub const GENRES: [&str; 18] = [
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
];

/// Every genre a release knows: the 18 of [`GENRES`], then `IMAX`
/// (ML-10M and later). A genre's position is its bit in a movie's mask.
pub const ALL_GENRES: [&str; 19] = [
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
    "IMAX",
];

/// Age-group codes of MovieLens 1M with their labels, ascending.
pub const AGE_GROUPS: [(u8, &str); 7] = [
    (1, "Under 18"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-49"),
    (50, "50-55"),
    (56, "56+"),
];

/// Occupation codes 0..=20 of MovieLens 1M, labels indexed by code.
pub const OCCUPATIONS: [&str; 21] = [
    "other or not specified",
    "academic/educator",
    "artist",
    "clerical/admin",
    "college/grad student",
    "customer service",
    "doctor/health care",
    "executive/managerial",
    "farmer",
    "homemaker",
    "K-12 student",
    "lawyer",
    "programmer",
    "retired",
    "sales/marketing",
    "scientist",
    "self-employed",
    "technician/engineer",
    "tradesman/craftsman",
    "unemployed",
    "writer",
];

/// A user's gender as MovieLens 1M records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Gender {
    /// Female: `F` in users.dat.
    F = 0,
    /// Male: `M` in users.dat.
    M = 1,
}

impl Gender {
    /// Both genders, in key order.
    pub const ALL: [Gender; 2] = [Gender::F, Gender::M];

    /// `"F"` or `"M"`.
    pub fn code(self) -> &'static str {
        match self {
            Gender::F => "F",
            Gender::M => "M",
        }
    }

    /// `"Female"` or `"Male"`.
    pub fn label(self) -> &'static str {
        match self {
            Gender::F => "Female",
            Gender::M => "Male",
        }
    }
}

/// An age group of MovieLens 1M, by its code (1, 18, 25, 35, 45, 50 or 56);
/// serialised as the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct AgeGroup(u8);

impl AgeGroup {
    /// The seven groups, youngest first.
    pub const ALL: [AgeGroup; 7] = [
        AgeGroup(1),
        AgeGroup(18),
        AgeGroup(25),
        AgeGroup(35),
        AgeGroup(45),
        AgeGroup(50),
        AgeGroup(56),
    ];

    /// The group of a code, or `None` when the code is not one of the seven.
    ///
    /// ```
    /// use movielens_core::model::AgeGroup;
    /// assert_eq!(AgeGroup::from_code(25).map(AgeGroup::label), Some("25-34"));
    /// assert_eq!(AgeGroup::from_code(30), None);
    /// ```
    pub fn from_code(code: u8) -> Option<AgeGroup> {
        age_index(u32::from(code)).map(|_| AgeGroup(code))
    }

    /// The code (1, 18, ...).
    pub fn code(self) -> u8 {
        self.0
    }

    /// The position in [`AGE_GROUPS`] (0..7).
    pub fn index(self) -> usize {
        age_index(u32::from(self.0)).expect("an AgeGroup holds a valid code")
    }

    /// `"Under 18"`, `"18-24"`, ...
    pub fn label(self) -> &'static str {
        AGE_GROUPS[self.index()].1
    }
}

/// An occupation of MovieLens 1M, by its code (0..=20); serialised as the
/// code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Occupation(u8);

impl Occupation {
    /// The occupation of a code, or `None` past 20.
    pub fn from_code(code: u8) -> Option<Occupation> {
        (usize::from(code) < OCCUPATIONS.len()).then_some(Occupation(code))
    }

    /// Every occupation, by code.
    pub fn all() -> impl Iterator<Item = Occupation> {
        (0..OCCUPATIONS.len() as u8).map(Occupation)
    }

    /// The code, 0..=20.
    pub fn code(self) -> u8 {
        self.0
    }

    /// `"other or not specified"`, `"academic/educator"`, ...
    pub fn label(self) -> &'static str {
        OCCUPATIONS[usize::from(self.0)]
    }
}

/// A genre of MovieLens 1M, by its position in [`GENRES`] (bit `i` of a
/// movie's genre mask); serialised as that position, as in
/// [`crate::analytics::Filter::genres`] and the URL hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Genre(u8);

impl Genre {
    /// The genre at a position of [`GENRES`], or `None` past its end.
    ///
    /// ```
    /// use movielens_core::model::Genre;
    /// assert_eq!(Genre::from_index(7).map(Genre::name), Some("Drama"));
    /// assert_eq!(Genre::from_index(18).map(Genre::name), Some("IMAX"));
    /// assert_eq!(Genre::from_index(19), None);
    /// ```
    pub fn from_index(index: u8) -> Option<Genre> {
        (usize::from(index) < ALL_GENRES.len()).then_some(Genre(index))
    }

    /// The genre of a name, compared ASCII case-insensitively.
    pub fn from_name(name: &str) -> Option<Genre> {
        genre_index(name).map(|i| Genre(i as u8))
    }

    /// Every genre of any release, in [`ALL_GENRES`] order.
    pub fn all() -> impl Iterator<Item = Genre> {
        (0..ALL_GENRES.len() as u8).map(Genre)
    }

    /// The position in [`GENRES`] (as in [`crate::analytics::Filter::genres`]).
    pub fn index(self) -> u8 {
        self.0
    }

    /// `"Action"`, `"Children's"`, ... as ML-1M writes it (a release's
    /// own spelling: [`GenreVocab::name`]).
    pub fn name(self) -> &'static str {
        ALL_GENRES[usize::from(self.0)]
    }
}

/// Gender, age group and occupation show as their codes (as MovieLens
/// writes them), a genre as its name.
macro_rules! display_as {
    ($($t:ty => $f:ident),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.$f(), f)
            }
        }
    )*};
}
display_as!(Gender => code, AgeGroup => code, Occupation => code, Genre => name);

/// A code newtype crosses serde as its `u8`, and only a valid one comes
/// back: `try_from` checks it with the type's constructor.
macro_rules! u8_code {
    ($($t:ident: $check:ident, $what:literal);*) => {$(
        impl TryFrom<u8> for $t {
            type Error = String;
            fn try_from(v: u8) -> Result<Self, Self::Error> {
                $t::$check(v).ok_or_else(|| format!(concat!("{} is not ", $what), v))
            }
        }

        impl From<$t> for u8 {
            fn from(v: $t) -> u8 {
                v.0
            }
        }
    )*};
}
u8_code!(
    AgeGroup: from_code, "an age-group code";
    Occupation: from_code, "an occupation code";
    Genre: from_index, "a genre index"
);

/// Index (0..7) of an age-group code in [`AGE_GROUPS`], or `None` when the
/// code is not one of the seven.
///
/// ```
/// assert_eq!(movielens_core::model::age_index(25), Some(2));
/// assert_eq!(movielens_core::model::age_index(30), None);
/// ```
pub fn age_index(code: u32) -> Option<usize> {
    AGE_GROUPS.iter().position(|&(c, _)| u32::from(c) == code)
}

/// Index (0..19) of a genre name in [`ALL_GENRES`], compared ASCII
/// case-insensitively.
///
/// ```
/// assert_eq!(movielens_core::model::genre_index("sci-fi"), Some(14));
/// assert_eq!(movielens_core::model::genre_index("Space Opera"), None);
/// ```
pub fn genre_index(name: &str) -> Option<usize> {
    ALL_GENRES.iter().position(|g| g.eq_ignore_ascii_case(name))
}

/// Names of the genres in a bitmask (bit i is `ALL_GENRES[i]`), in seed
/// order, as ML-1M writes them.
pub fn genre_names(mask: u32) -> impl Iterator<Item = &'static str> {
    ALL_GENRES
        .iter()
        .enumerate()
        .filter(move |(i, _)| mask & (1 << i) != 0)
        .map(|(_, g)| *g)
}

/// Accepted users, one row per user; row `i` is the user's dense index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Users {
    /// The user id of users.dat (1..=6040 in ML-1M), unique.
    pub id: Vec<u32>,
    /// The gender.
    pub gender: Vec<Gender>,
    /// The age-group code (1, 18, 25, 35, 45, 50 or 56).
    pub age: Vec<u8>,
    /// The occupation code, 0..=20.
    pub occupation: Vec<u8>,
    /// The zip code as given (free text: `55455`, `98107-2117`, ...).
    pub zip: Vec<String>,
}

impl Users {
    /// Number of users.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Whether there are no users.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Adds a user known only as a rater, in a release without a users
    /// file: its demographic columns hold placeholders (`F`, age code 1,
    /// occupation 0, no zip code) that nothing shows, since the dataset's
    /// [`Schema::demographics`] is false.
    pub fn push_rater(&mut self, id: u32) {
        self.id.push(id);
        self.gender.push(Gender::F);
        self.age.push(1);
        self.occupation.push(0);
        self.zip.push(String::new());
    }
}

/// Accepted movies, one row per movie; row `i` is the movie's dense index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Movies {
    /// The movie id of movies.dat (1..=3952 in ML-1M, with gaps), unique.
    pub id: Vec<u32>,
    /// The title as given (trimmed), e.g. `Matrix, The (1999)`.
    pub title: Vec<String>,
    /// A display form without the year and with a trailing article moved to
    /// the front, e.g. `The Matrix`.
    pub display: Vec<String>,
    /// Release year from the title's trailing `(YYYY)`, when there is one.
    pub year: Vec<Option<u16>>,
    /// Genre bitmask: bit `i` is `ALL_GENRES[i]`.
    pub genres: Vec<u32>,
}

impl Movies {
    /// Number of movies.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Whether there are no movies.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }
}

/// Accepted ratings as columns; `user` and `movie` are dense row indices into
/// [`Users`] and [`Movies`]. Rows keep the order of the ratings file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ratings {
    /// The rating user's row in [`Users`] (not the user id).
    pub user: Vec<u32>,
    /// The rated movie's row in [`Movies`] (not the movie id).
    pub movie: Vec<u32>,
    /// The rating in half stars: 1..=10 (0.5 to 5 stars); a whole-star
    /// release's ratings are even (`4` stars is `8`).
    pub halves: Vec<u8>,
    /// Unix seconds (UTC).
    pub ts: Vec<u32>,
}

impl Ratings {
    /// Number of ratings.
    pub fn len(&self) -> usize {
        self.halves.len()
    }

    /// Whether there are no ratings.
    pub fn is_empty(&self) -> bool {
        self.halves.is_empty()
    }
}

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
    pub fn halves(self) -> impl Iterator<Item = u8> {
        let step = match self {
            Scale::Whole => 2,
            Scale::Half => 1,
        };
        (step..=10).step_by(usize::from(step))
    }

    /// Whether `halves` is a rating of this scale.
    pub fn allows(self, halves: u8) -> bool {
        (1..=10).contains(&halves) && (self == Scale::Half || halves.is_multiple_of(2))
    }
}

/// A rating in half stars as MovieLens writes stars, shortest: `"0.5"`,
/// `"4"`, `"4.5"`.
///
/// ```
/// use movielens_core::model::star_text;
/// assert_eq!((star_text(1), star_text(8), star_text(9)), ("0.5".to_owned(), "4".to_owned(), "4.5".to_owned()));
/// ```
pub fn star_text(halves: u8) -> String {
    if halves.is_multiple_of(2) {
        (halves / 2).to_string()
    } else {
        format!("{}.5", halves / 2)
    }
}

/// Stars from half stars: `9` is `4.5`.
#[inline]
pub fn stars(halves: u8) -> f64 {
    f64::from(halves) / 2.0
}

/// The genres of a release and how it spells them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
        (0..n as u8).map(Genre)
    }

    /// Whether the release has this genre.
    pub fn has(self, g: Genre) -> bool {
        self == GenreVocab::Modern || usize::from(g.0) < GENRES.len()
    }

    /// The genre's name as the release writes it.
    ///
    /// ```
    /// use movielens_core::model::{Genre, GenreVocab};
    /// let children = Genre::from_index(3).unwrap();
    /// assert_eq!((GenreVocab::Classic.name(children), GenreVocab::Modern.name(children)), ("Children's", "Children"));
    /// ```
    pub fn name(self, g: Genre) -> &'static str {
        match (self, g.0) {
            (GenreVocab::Modern, 3) => "Children",
            _ => g.name(),
        }
    }

    /// The genre a token names in this release, ASCII case-insensitively
    /// (either spelling of Children's).
    pub fn find(self, token: &str) -> Option<Genre> {
        if token.eq_ignore_ascii_case("Children") {
            return Some(Genre(3));
        }
        genre_index(token)
            .map(|i| Genre(i as u8))
            .filter(|g| self.has(*g))
    }
}

/// The occupations of a release.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
            OccupationVocab::Names => OCCUPATIONS_100K[usize::from(o.0)],
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// What a release's files hold beyond the shape every release shares:
/// its rating steps, its genres and occupations, and whether it has a
/// users file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl Default for Schema {
    fn default() -> Self {
        Schema::ML1M
    }
}
