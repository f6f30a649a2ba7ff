//! The MovieLens domain: genders, age groups, occupations, genres, and the
//! cleaned tables (struct of arrays, dense row indices).

use serde::{Deserialize, Serialize};

mod schema;
pub use schema::{GenreVocab, OccupationVocab, ReleaseKey, Scale, Schema, OCCUPATIONS_100K};

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
pub const ALL_GENRES: [&str; 19] = {
    let mut all = [""; 19];
    let mut i = 0;
    while i < GENRES.len() {
        all[i] = GENRES[i];
        i += 1;
    }
    all[GENRES.len()] = "IMAX";
    all
};

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
