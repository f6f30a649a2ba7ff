//! The dashboard's filter: which ratings count, dimension by dimension.

use serde::{Deserialize, Serialize};

use crate::model::{
    age_index, AgeGroup, Gender, Genre, Occupation, AGE_GROUPS, GENRES, OCCUPATIONS,
};
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
    /// These movies (movie ids of movies.dat, kept sorted), any of them.
    pub movies: Vec<u32>,
    /// Time travel: the ratings as they stood at this instant (Unix
    /// seconds, exclusive), i.e. those made before it, the latest before it
    /// per (user, movie), superseded ones included (see
    /// [`Dataset::as_of`]). Not a cross-filter dimension: every chart
    /// honours it, the month chart and the movie lists included, and the
    /// minimum-ratings dimension counts the ratings as of then. `None`:
    /// now.
    pub as_of: Option<u32>,
}

/// A dimension of the filter: what a chart can be filtered by, the bit it
/// sets in a rejection mask, and its names in the page and the URL hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum Dimension {
    /// The user's gender ([`Filter::genders`]).
    Gender = 0,
    /// The user's age group ([`Filter::ages`]).
    Age = 1,
    /// The user's occupation ([`Filter::occupations`]).
    Occupation = 2,
    /// The movie's genres ([`Filter::genres`]).
    Genre = 3,
    /// The movie's release year ([`Filter::years`]).
    Years = 4,
    /// The movie's number of ratings ([`Filter::min_ratings`]).
    MinRatings = 5,
    /// When the rating was made ([`Filter::time`]).
    Time = 6,
    /// The movie itself ([`Filter::movies`]).
    Movie = 7,
}

impl Dimension {
    /// Every dimension, in the order the page lists active filters.
    pub const ALL: [Dimension; 8] = [
        Dimension::Gender,
        Dimension::Age,
        Dimension::Occupation,
        Dimension::Genre,
        Dimension::Time,
        Dimension::Years,
        Dimension::MinRatings,
        Dimension::Movie,
    ];

    /// The dimension's bit in a rejection mask.
    pub const fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The page's name for it (`data-dim` of an active filter's ✕).
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Gender => "gender",
            Dimension::Age => "age",
            Dimension::Occupation => "occupation",
            Dimension::Genre => "genre",
            Dimension::Years => "years",
            Dimension::MinRatings => "min",
            Dimension::Time => "time",
            Dimension::Movie => "movie",
        }
    }

    /// The dimension of a [`name`](Self::name).
    ///
    /// ```
    /// use movielens_core::analytics::Dimension;
    /// for d in Dimension::ALL {
    ///     assert_eq!(Dimension::from_name(d.name()), Some(d));
    /// }
    /// assert_eq!(Dimension::from_name("colour"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Its key in the URL hash (`g=F&a=18,25&...`).
    pub fn hash_key(self) -> &'static str {
        match self {
            Dimension::Gender => "g",
            Dimension::Age => "a",
            Dimension::Occupation => "o",
            Dimension::Genre => "genre",
            Dimension::Years => "y",
            Dimension::MinRatings => "min",
            Dimension::Time => "t",
            Dimension::Movie => "movie",
        }
    }

    /// The dimension of a URL hash key.
    pub fn from_hash_key(key: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.hash_key() == key)
    }
}

/// A value a click on a chart selects: the unit of [`Filter::toggle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pick {
    /// A gender.
    Gender(Gender),
    /// An age group.
    Age(AgeGroup),
    /// An occupation.
    Occupation(Occupation),
    /// A genre.
    Genre(Genre),
    /// Ratings made in `[from, to)`, Unix seconds (a month of the chart).
    Time(u32, u32),
    /// Movies released in this year.
    Year(u16),
    /// A movie, by its id.
    Movie(u32),
}

impl Pick {
    /// The dimension the value belongs to.
    pub fn dimension(self) -> Dimension {
        match self {
            Pick::Gender(_) => Dimension::Gender,
            Pick::Age(_) => Dimension::Age,
            Pick::Occupation(_) => Dimension::Occupation,
            Pick::Genre(_) => Dimension::Genre,
            Pick::Time(..) => Dimension::Time,
            Pick::Year(_) => Dimension::Years,
            Pick::Movie(_) => Dimension::Movie,
        }
    }
}

impl Filter {
    /// The filter without what a release lacks: the demographic dimensions
    /// without a users file, genres it does not have (IMAX before ML-10M).
    ///
    /// ```
    /// use movielens_core::analytics::Filter;
    /// use movielens_core::model::{Gender, Schema};
    /// let f = Filter { genders: vec![Gender::F], genres: vec![7, 18], ..Filter::default() };
    /// assert_eq!(f.fit(&Schema::MODERN), Filter { genres: vec![7, 18], ..Filter::default() });
    /// assert_eq!(f.fit(&Schema::ML1M).genres, [7]);
    /// ```
    pub fn fit(&self, schema: &crate::model::Schema) -> Filter {
        let mut f = self.clone();
        if !schema.demographics {
            (f.genders, f.ages, f.occupations) = (Vec::new(), Vec::new(), Vec::new());
        }
        f.genres
            .retain(|&g| Genre::from_index(g).is_some_and(|g| schema.genres.has(g)));
        f
    }

    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether the filter restricts a dimension.
    pub fn is_active(&self, d: Dimension) -> bool {
        match d {
            Dimension::Gender => !self.genders.is_empty(),
            Dimension::Age => !self.ages.is_empty(),
            Dimension::Occupation => !self.occupations.is_empty(),
            Dimension::Genre => !self.genres.is_empty(),
            Dimension::Years => self.years.is_some(),
            Dimension::MinRatings => self.min_ratings > 0,
            Dimension::Time => self.time.is_some(),
            Dimension::Movie => !self.movies.is_empty(),
        }
    }

    /// Stops filtering a dimension.
    pub fn clear(&mut self, d: Dimension) {
        match d {
            Dimension::Gender => self.genders.clear(),
            Dimension::Age => self.ages.clear(),
            Dimension::Occupation => self.occupations.clear(),
            Dimension::Genre => self.genres.clear(),
            Dimension::Years => self.years = None,
            Dimension::MinRatings => self.min_ratings = 0,
            Dimension::Time => self.time = None,
            Dimension::Movie => self.movies.clear(),
        }
    }

    /// Whether the filter selects a value: `None` when it does not restrict
    /// the value's dimension.
    pub fn selects(&self, pick: Pick) -> Option<bool> {
        match pick {
            Pick::Gender(g) => (!self.genders.is_empty()).then(|| self.genders.contains(&g)),
            Pick::Age(a) => (!self.ages.is_empty()).then(|| self.ages.contains(&a.code())),
            Pick::Occupation(o) => {
                (!self.occupations.is_empty()).then(|| self.occupations.contains(&o.code()))
            }
            Pick::Genre(g) => (!self.genres.is_empty()).then(|| self.genres.contains(&g.index())),
            Pick::Time(from, to) => self.time.map(|(f, t)| from < t && f < to),
            Pick::Year(y) => self.years.map(|(a, b)| a <= y && y <= b),
            Pick::Movie(m) => (!self.movies.is_empty()).then(|| self.movies.contains(&m)),
        }
    }

    /// Applies a click on a value, crossfilter style: a gender, age group,
    /// occupation, genre or movie is added to its list (kept sorted) or removed
    /// from it; a month or year becomes the time or year range, or clears
    /// it when it already is exactly that range.
    ///
    /// ```
    /// use movielens_core::analytics::{Filter, Pick};
    /// use movielens_core::model::Genre;
    /// let drama = Genre::from_name("Drama").unwrap();
    /// let mut f = Filter::default();
    /// f.toggle(Pick::Genre(drama));
    /// assert_eq!(f.genres, vec![7]);
    /// f.toggle(Pick::Genre(drama));
    /// assert!(f.is_empty());
    /// ```
    pub fn toggle(&mut self, pick: Pick) {
        fn flip<T: Ord + Copy>(list: &mut Vec<T>, v: T) {
            match list.iter().position(|x| *x == v) {
                Some(i) => {
                    list.remove(i);
                }
                None => {
                    list.push(v);
                    // The shared sort: these lists are a few codes long.
                    crate::sorting::sort_by(list, Ord::cmp);
                }
            }
        }
        match pick {
            Pick::Gender(g) => flip(&mut self.genders, g),
            Pick::Age(a) => flip(&mut self.ages, a.code()),
            Pick::Occupation(o) => flip(&mut self.occupations, o.code()),
            Pick::Genre(g) => flip(&mut self.genres, g.index()),
            // By insertion: a sort of u32 would add its own code to the
            // page's wasm, and the list is sorted wherever it comes from.
            Pick::Movie(m) => match self.movies.binary_search(&m) {
                Ok(i) => {
                    self.movies.remove(i);
                }
                Err(i) => self.movies.insert(i, m),
            },
            Pick::Time(from, to) => {
                let range = (from, to);
                self.time = (self.time != Some(range)).then_some(range);
            }
            Pick::Year(y) => {
                let range = (y, y);
                self.years = (self.years != Some(range)).then_some(range);
            }
        }
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
                    fail |= Dimension::Gender.bit();
                }
                if age_ok & (1 << ds.user_age[u]) == 0 {
                    fail |= Dimension::Age.bit();
                }
                if occ_ok & (1 << ds.users.occupation[u]) == 0 {
                    fail |= Dimension::Occupation.bit();
                }
                fail
            })
            .collect()
    }

    /// Per movie, the movie dimensions (genre, year, minimum ratings, the
    /// movie itself) it fails.
    pub fn movie_fails(&self, ds: &Dataset) -> Vec<u8> {
        let genre_any: u32 = self
            .genres
            .iter()
            .filter(|g| usize::from(**g) < GENRES.len())
            .fold(0, |m, g| m | 1 << g);
        let genre_filtered = !self.genres.is_empty();
        // The minimum counts the ratings as they stood at `as_of`.
        let as_of_counts = match self.as_of {
            Some(t) if self.min_ratings > 0 => Some(ds.movie_ratings_as_of(t)),
            _ => None,
        };
        let counts = as_of_counts.as_deref().unwrap_or(&ds.movie_ratings);
        (0..ds.movies.len())
            .map(|m| {
                let mut fail = 0;
                if genre_filtered && ds.movies.genres[m] & genre_any == 0 {
                    fail |= Dimension::Genre.bit();
                }
                if let Some((from, to)) = self.years {
                    match ds.movies.year[m] {
                        Some(y) if y >= from && y <= to => {}
                        _ => fail |= Dimension::Years.bit(),
                    }
                }
                if counts[m] < self.min_ratings {
                    fail |= Dimension::MinRatings.bit();
                }
                if !self.movies.is_empty() && !self.movies.contains(&ds.movies.id[m]) {
                    fail |= Dimension::Movie.bit();
                }
                fail
            })
            .collect()
    }
}

impl Filter {
    /// Per rating (row of `ds`, file order): whether it passes every
    /// dimension, the ratings the dashboard's KPIs, histogram and top lists
    /// count. The rule is the dashboard's: the rating's user fails no user
    /// dimension ([`user_fails`](Self::user_fails)), its movie no movie
    /// dimension ([`movie_fails`](Self::movie_fails)), and it was made in
    /// the time range.
    ///
    /// With [`as_of`](Self::as_of) the mask is over the current rows only:
    /// a row made at or after the instant fails, but the superseded ratings
    /// that stood then are not rows of `ds`. For the ratings as of an
    /// instant, mask [`Dataset::as_of`] with the filter's other dimensions
    /// (as [`Report::filtered`](crate::report::Report::filtered) does).
    ///
    /// ```
    /// use movielens_core::analytics::{dashboard, Filter};
    /// use movielens_core::model::Gender;
    /// use movielens_core::{load::load_bytes, table::Dataset};
    /// let ds = Dataset::new(load_bytes(&[
    ///     ("users.dat", &b"1::F::1::10::48067\n2::M::56::16::70072\n"[..]),
    ///     ("movies.dat", b"1::Toy Story (1995)::Animation|Children's|Comedy\n"),
    ///     ("ratings.dat", b"1::1::5::978300760\n2::1::3::978302109\n"),
    /// ]).unwrap());
    /// let women = Filter { genders: vec![Gender::F], ..Filter::default() };
    /// assert_eq!(women.mask(&ds), vec![true, false]);
    /// assert_eq!(dashboard(&ds, &women, 1).kpis.ratings, 1);
    /// ```
    pub fn mask(&self, ds: &Dataset) -> Vec<bool> {
        let (ufail, mfail) = (self.user_fails(ds), self.movie_fails(ds));
        let r = &ds.ratings;
        r.user
            .iter()
            .zip(&r.movie)
            .zip(&r.ts)
            .map(|((&u, &m), &ts)| {
                ufail[u as usize] | mfail[m as usize] == 0
                    && self.time.is_none_or(|(from, to)| from <= ts && ts < to)
                    && self.as_of.is_none_or(|t| ts < t)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_keeps_lists_sorted_and_undoes_itself() {
        let mut f = Filter::default();
        let [a, b, c] = [12, 3, 20].map(|o| Pick::Occupation(Occupation::from_code(o).unwrap()));
        for p in [a, b, c] {
            f.toggle(p);
        }
        assert_eq!(f.occupations, vec![3, 12, 20]);
        assert_eq!(f.selects(a), Some(true));
        assert_eq!(
            f.selects(Pick::Occupation(Occupation::from_code(0).unwrap())),
            Some(false)
        );
        f.toggle(b);
        assert_eq!(f.occupations, vec![12, 20]);
        // An unsorted list (from an old link, say) still toggles exactly.
        f.ages = vec![56, 1];
        f.toggle(Pick::Age(AgeGroup::from_code(1).unwrap()));
        assert_eq!(f.ages, vec![56]);
        f.toggle(Pick::Time(10, 20));
        assert_eq!(f.time, Some((10, 20)));
        assert_eq!(f.selects(Pick::Time(20, 30)), Some(false));
        f.toggle(Pick::Time(10, 20));
        assert_eq!(f.time, None);
    }

    #[test]
    fn each_dimension_clears_and_reports_itself() {
        let mut f = Filter {
            genders: vec![Gender::F],
            ages: vec![18],
            occupations: vec![4],
            genres: vec![7],
            time: Some((1, 2)),
            years: Some((1990, 1999)),
            min_ratings: 5,
            movies: vec![2571],
            as_of: None,
        };
        let bits: u8 = Dimension::ALL.iter().map(|d| d.bit()).fold(0, |a, b| {
            assert_eq!(a & b, 0, "one bit per dimension");
            a | b
        });
        assert_eq!(bits, 0xff);
        for d in Dimension::ALL {
            assert!(f.is_active(d), "{d:?}");
            f.clear(d);
            assert!(!f.is_active(d), "{d:?}");
            assert_eq!(Dimension::from_hash_key(d.hash_key()), Some(d));
        }
        assert!(f.is_empty());
    }
}
