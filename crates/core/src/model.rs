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

/// Index (0..18) of a genre name in [`GENRES`], compared ASCII
/// case-insensitively.
///
/// ```
/// assert_eq!(movielens_core::model::genre_index("sci-fi"), Some(14));
/// assert_eq!(movielens_core::model::genre_index("Space Opera"), None);
/// ```
pub fn genre_index(name: &str) -> Option<usize> {
    GENRES.iter().position(|g| g.eq_ignore_ascii_case(name))
}

/// Names of the genres in a bitmask (bit i is `GENRES[i]`), in seed order.
pub fn genre_names(mask: u32) -> impl Iterator<Item = &'static str> {
    GENRES
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
    /// Genre bitmask: bit `i` is `GENRES[i]`.
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
    /// Whole stars, 1..=5.
    pub stars: Vec<u8>,
    /// Unix seconds (UTC).
    pub ts: Vec<u32>,
}

impl Ratings {
    /// Number of ratings.
    pub fn len(&self) -> usize {
        self.stars.len()
    }

    /// Whether there are no ratings.
    pub fn is_empty(&self) -> bool {
        self.stars.is_empty()
    }
}
