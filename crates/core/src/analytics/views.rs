//! What the dashboard shows for one filter: the finished charts, KPIs and
//! top lists (see [`super::DashboardState::finish`]).

use serde::{Deserialize, Serialize};

use super::Tally;
use crate::model::{AgeGroup, Gender, Genre, Occupation};

/// A count and mean, as the charts show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar<K> {
    pub key: K,
    pub label: String,
    pub ratings: u64,
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
    pub ratings: u64,
    /// Users with at least one rating that passes.
    pub users: u64,
    /// Movies with at least one rating that passes.
    pub movies: u64,
    pub mean: Option<f64>,
    pub ratings_per_user: Option<f64>,
}

/// A movie in a top list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopMovie {
    pub movie_id: u32,
    pub title: String,
    pub display: String,
    pub year: Option<u16>,
    pub ratings: u64,
    pub mean: f64,
    /// Sample standard deviation (`None` with one rating).
    pub std: Option<f64>,
    /// `(sum + DAMPING * overall mean) / (count + DAMPING)` ([`super::DAMPING`]).
    pub damped: f64,
}

/// A movie women rate differently from men.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub movie_id: u32,
    pub title: String,
    pub display: String,
    /// Release year, when the title has one.
    pub year: Option<u16>,
    pub ratings_f: u64,
    pub ratings_m: u64,
    pub mean_f: f64,
    pub mean_m: f64,
    /// `mean_f - mean_m`.
    pub diff: f64,
}

/// One month of the rating-time chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Month {
    /// `YYYY-MM` (UTC).
    pub key: String,
    /// Unix seconds of the month's first instant, and of the next month's.
    pub from: u32,
    pub to: u32,
    pub ratings: u64,
    pub mean: Option<f64>,
}

/// One release year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Year {
    pub year: u16,
    pub ratings: u64,
    pub mean: Option<f64>,
    /// Movies of that year with at least one rating that counts.
    pub movies: u64,
}

/// How many users (or movies) have exactly `ratings` ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frequency {
    pub ratings: u64,
    pub count: u64,
}

/// Everything the dashboard shows for one filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub kpis: Kpis,
    /// Ratings of 1..=5 stars.
    pub histogram: [u64; 5],
    pub by_gender: Vec<Bar<Gender>>,
    pub by_age: Vec<Bar<AgeGroup>>,
    pub by_occupation: Vec<Bar<Occupation>>,
    pub by_genre: Vec<Bar<Genre>>,
    /// Every month from the first to the last rating of the dataset.
    pub by_month: Vec<Month>,
    /// Ratings per `weekday * 24 + hour` (UTC, weekday 0 = Monday).
    pub weekhour: Vec<u64>,
    /// `genre_age[genre][age index]`: ratings and mean.
    pub genre_age: Vec<Vec<Bar<AgeGroup>>>,
    /// Release years with rated movies, ascending.
    pub by_year: Vec<Year>,
    pub top_by_count: Vec<TopMovie>,
    /// Among movies with at least `top_min_ratings` ratings that count.
    pub top_by_mean: Vec<TopMovie>,
    pub top_by_damped: Vec<TopMovie>,
    /// Highest standard deviation, among movies with at least
    /// `top_min_ratings` ratings.
    pub most_divisive: Vec<TopMovie>,
    /// Largest women-minus-men mean, among movies with at least
    /// `top_min_ratings` ratings, rated by both.
    pub gender_gap: Vec<Gap>,
    pub top_min_ratings: u64,
    /// Movies with at least `top_min_ratings` ratings that count.
    pub movies_with_min_ratings: u64,
    pub ratings_per_user: Vec<Frequency>,
    pub ratings_per_movie: Vec<Frequency>,
}
