//! What the dashboard shows for one filter: the finished charts, KPIs and
//! top lists (see [`super::DashboardState::finish`]).

use serde::{Deserialize, Serialize};

use super::Tally;
use crate::model::{AgeGroup, Gender, Genre, Occupation};

/// A count and mean, as the charts show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar<K> {
    /// The group the bar stands for: a gender, age group, occupation or
    /// genre (what a click on it selects).
    pub key: K,
    /// The group's name as the chart shows it: `Female`, `25-34`,
    /// `programmer`, `Drama`.
    pub label: String,
    /// Ratings in the group that count for the chart: which filter
    /// dimensions apply depends on the chart (see [`Dashboard`]).
    pub ratings: u64,
    /// Their mean, in stars (`None` without ratings).
    pub mean: Option<f64>,
}

impl<K> Bar<K> {
    pub(crate) fn new(key: K, label: impl Into<String>, t: &Tally) -> Self {
        Bar {
            key,
            label: label.into(),
            ratings: t.count,
            mean: t.mean(),
        }
    }
}

/// The headline numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Ratings that pass every filter.
    pub ratings: u64,
    /// Users with at least one rating that passes.
    pub users: u64,
    /// Movies with at least one rating that passes.
    pub movies: u64,
    /// The mean of those ratings, in stars (`None` without ratings).
    pub mean: Option<f64>,
    /// Those ratings divided by [`users`](Self::users) (`None` without
    /// users).
    pub ratings_per_user: Option<f64>,
}

/// A movie in a top list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopMovie {
    /// The movie id of movies.dat.
    pub movie_id: u32,
    /// The title as given, e.g. `Matrix, The (1999)`.
    pub title: String,
    /// The title without the year, a trailing article moved to the front,
    /// e.g. `The Matrix`.
    pub display: String,
    /// Release year from the title's trailing `(YYYY)`, when it has one.
    pub year: Option<u16>,
    /// Its ratings that pass every filter (a listed movie has at least
    /// one).
    pub ratings: u64,
    /// Their mean, in stars.
    pub mean: f64,
    /// Sample standard deviation (`None` with one rating).
    pub std: Option<f64>,
    /// `(sum + DAMPING * overall mean) / (count + DAMPING)` ([`super::DAMPING`]).
    pub damped: f64,
}

/// A movie by name: what a search offers and a filter chip shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovieRef {
    /// The movie id of movies.dat.
    pub movie_id: u32,
    /// The title without the year, a trailing article moved to the front,
    /// e.g. `The Matrix`.
    pub display: String,
    /// Release year, when the title has one.
    pub year: Option<u16>,
    /// Its ratings in the whole dataset (no filter).
    pub ratings: u32,
}

impl MovieRef {
    /// The movie of row `m` of the dataset.
    ///
    /// # Panics
    /// When `m` is not a movie row of `ds`.
    pub fn new(ds: &crate::table::Dataset, m: usize) -> MovieRef {
        MovieRef {
            movie_id: ds.movies.id[m],
            display: ds.movies.display[m].clone(),
            year: ds.movies.year[m],
            ratings: ds.movie_ratings[m],
        }
    }

    /// `"The Matrix (1999)"`.
    pub fn label(&self) -> String {
        match self.year {
            Some(y) => format!("{} ({y})", self.display),
            None => self.display.clone(),
        }
    }
}

/// A movie women rate differently from men.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// The movie id of movies.dat.
    pub movie_id: u32,
    /// The title as given, e.g. `Matrix, The (1999)`.
    pub title: String,
    /// The title without the year, a trailing article moved to the front,
    /// e.g. `The Matrix`.
    pub display: String,
    /// Release year, when the title has one.
    pub year: Option<u16>,
    /// Its ratings by women that pass every filter (at least one).
    pub ratings_f: u64,
    /// Its ratings by men that pass every filter (at least one).
    pub ratings_m: u64,
    /// The mean of the women's ratings, in stars.
    pub mean_f: f64,
    /// The mean of the men's ratings, in stars.
    pub mean_m: f64,
    /// `mean_f - mean_m`.
    pub diff: f64,
}

/// One month of the rating-time chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// `YYYY-MM` (UTC).
    pub key: String,
    /// Unix seconds of the month's first instant.
    pub from: u32,
    /// Unix seconds of the next month's first instant: the month is
    /// `[from, to)`, the time range a click on it selects.
    pub to: u32,
    /// Ratings made in the month that pass every filter but the time one.
    pub ratings: u64,
    /// Their mean, in stars (`None` without ratings).
    pub mean: Option<f64>,
}

/// One release year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Year {
    /// The release year, from the titles' trailing `(YYYY)`.
    pub year: u16,
    /// Ratings of that year's movies that pass every filter but the
    /// release-year one.
    pub ratings: u64,
    /// Their mean, in stars (`None` without ratings; a listed year has
    /// some).
    pub mean: Option<f64>,
    /// Movies of that year with at least one rating that counts.
    pub movies: u64,
}

/// How many users (or movies) have exactly `ratings` ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frequency {
    /// A number of ratings that pass every filter (at least one).
    pub ratings: u64,
    /// Users (or movies) with exactly that many.
    pub count: u64,
}

/// Everything the dashboard shows for one filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The headline numbers, under every filter.
    pub kpis: Kpis,
    /// Ratings per half star: `histogram[h - 1]` ratings of `h` half
    /// stars (a whole-star release has only even `h`).
    pub histogram: [u64; 10],
    /// The release's rating steps (which bars the histogram has).
    pub scale: crate::model::Scale,
    /// Ratings and mean per gender (F, M), under every filter but the
    /// gender one.
    pub by_gender: Vec<Bar<Gender>>,
    /// Per age group, youngest first, under every filter but the age one.
    pub by_age: Vec<Bar<AgeGroup>>,
    /// Per occupation, by code 0..=20, under every filter but the
    /// occupation one.
    pub by_occupation: Vec<Bar<Occupation>>,
    /// Per genre, in [`GENRES`](crate::model::GENRES) order, under every
    /// filter but the genre one; a rating counts once for each genre of
    /// its movie.
    pub by_genre: Vec<Bar<Genre>>,
    /// Every month from the first to the last rating of the dataset.
    pub by_month: Vec<Month>,
    /// Ratings per `weekday * 24 + hour` (UTC, weekday 0 = Monday).
    pub weekhour: Vec<u64>,
    /// `genre_age[genre][age index]`: ratings and mean.
    pub genre_age: Vec<Vec<Bar<AgeGroup>>>,
    /// Release years with rated movies, ascending.
    pub by_year: Vec<Year>,
    /// The most rated movies, counting the ratings that pass every filter
    /// but the movie one (the movie lists below all ignore it, crossfilter
    /// style, so that the movies picked show among the others).
    pub top_by_count: Vec<TopMovie>,
    /// Among movies with at least `top_min_ratings` ratings that count.
    pub top_by_mean: Vec<TopMovie>,
    /// Highest damped mean, among movies with at least `top_min_ratings`
    /// ratings that count.
    pub top_by_damped: Vec<TopMovie>,
    /// Highest standard deviation, among movies with at least
    /// `top_min_ratings` ratings.
    pub most_divisive: Vec<TopMovie>,
    /// Largest women-minus-men mean, among movies with at least
    /// `top_min_ratings` ratings, rated by both (the movie filter aside).
    pub gender_gap: Vec<Gap>,
    /// The minimum count of ratings that pass every filter for the
    /// best-damped, top-by-mean, most-divisive and gender-gap lists, as given to
    /// [`finish`](super::DashboardState::finish) (0 acts as 1).
    pub top_min_ratings: u64,
    /// Movies with at least `top_min_ratings` ratings that count (the
    /// movie filter aside).
    pub movies_with_min_ratings: u64,
    /// How many users have each number of ratings that pass every filter,
    /// ascending; users without such ratings are left out.
    pub ratings_per_user: Vec<Frequency>,
    /// How many movies have each number of ratings that pass every filter,
    /// ascending; movies without such ratings are left out.
    pub ratings_per_movie: Vec<Frequency>,
    /// The movies the filter picks ([`Filter::movies`](super::Filter::movies))
    /// that are in the dataset, by name.
    pub picked_movies: Vec<MovieRef>,
}
