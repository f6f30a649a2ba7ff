//! The dashboard's filter: which ratings count, dimension by dimension.

use serde::{Deserialize, Serialize};

use crate::model::{age_index, Gender, AGE_GROUPS, GENRES, OCCUPATIONS};
use crate::table::Dataset;

/// A filter over the ratings. Every empty list or `None` means "all". A
/// rating passes when it passes every dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Users of these genders.
    pub genders: Vec<Gender>,
    /// Users of these age-group codes (1, 18, ...).
    pub ages: Vec<u8>,
    /// Users of these occupation codes (0..=20).
    pub occupations: Vec<u8>,
    /// Movies with any of these genres (indices into [`GENRES`]).
    pub genres: Vec<u8>,
    /// Ratings made in `[from, to)`, Unix seconds.
    pub time: Option<(u32, u32)>,
    /// Movies released in `[from, to]` (movies of unknown year fail).
    pub years: Option<(u16, u16)>,
    /// Movies with at least this many ratings in the whole dataset.
    pub min_ratings: u32,
}

/// The filter's dimensions, as bits of a rejection mask.
pub mod dim {
    pub const GENDER: u8 = 1;
    pub const AGE: u8 = 2;
    pub const OCCUPATION: u8 = 4;
    pub const GENRE: u8 = 8;
    pub const YEAR: u8 = 16;
    pub const MIN_RATINGS: u8 = 32;
    pub const TIME: u8 = 64;
}

impl Filter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Per user, the user dimensions (gender, age, occupation) it fails.
    pub fn user_fails(&self, ds: &Dataset) -> Vec<u8> {
        let gender_ok: u8 = if self.genders.is_empty() {
            0b11
        } else {
            self.genders.iter().fold(0, |m, g| m | 1 << (*g as u8))
        };
        let mut age_ok: u8 = 0;
        for a in &self.ages {
            if let Some(i) = age_index(u32::from(*a)) {
                age_ok |= 1 << i;
            }
        }
        if self.ages.is_empty() {
            age_ok = (1 << AGE_GROUPS.len()) - 1;
        }
        let mut occ_ok: u32 = 0;
        for o in &self.occupations {
            if usize::from(*o) < OCCUPATIONS.len() {
                occ_ok |= 1 << o;
            }
        }
        if self.occupations.is_empty() {
            occ_ok = (1 << OCCUPATIONS.len()) - 1;
        }
        (0..ds.users.len())
            .map(|u| {
                let mut fail = 0;
                if gender_ok & (1 << ds.users.gender[u] as u8) == 0 {
                    fail |= dim::GENDER;
                }
                if age_ok & (1 << ds.user_age[u]) == 0 {
                    fail |= dim::AGE;
                }
                if occ_ok & (1 << ds.users.occupation[u]) == 0 {
                    fail |= dim::OCCUPATION;
                }
                fail
            })
            .collect()
    }

    /// Per movie, the movie dimensions (genre, year, minimum ratings) it fails.
    pub fn movie_fails(&self, ds: &Dataset) -> Vec<u8> {
        let genre_any: u32 = self
            .genres
            .iter()
            .filter(|g| usize::from(**g) < GENRES.len())
            .fold(0, |m, g| m | 1 << g);
        let genre_filtered = !self.genres.is_empty();
        (0..ds.movies.len())
            .map(|m| {
                let mut fail = 0;
                if genre_filtered && ds.movies.genres[m] & genre_any == 0 {
                    fail |= dim::GENRE;
                }
                if let Some((from, to)) = self.years {
                    match ds.movies.year[m] {
                        Some(y) if y >= from && y <= to => {}
                        _ => fail |= dim::YEAR,
                    }
                }
                if ds.movie_ratings[m] < self.min_ratings {
                    fail |= dim::MIN_RATINGS;
                }
                fail
            })
            .collect()
    }
}
