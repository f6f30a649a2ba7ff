//! Dashboard queries with cross-filtering, over the columnar [`Dataset`].
//!
//! As in crossfilter, a breakdown is not filtered by its own dimension: the
//! gender chart ignores the gender filter but honours all others, and so on
//! for age group, occupation, genre, release year and the rating-time
//! (month) chart. Likewise the movie lists (the top lists and the gender
//! gap) are the movie dimension's charts: they ignore the movie filter
//! ([`Filter::movies`]) and honour all others, and their damped means pull
//! toward the mean of those ratings. The KPIs, the star histogram, the
//! heatmaps and the long-tail distributions honour every filter.
//!
//! The dashboard is a function of mergeable state: a [`DashboardState`]
//! holds, for one filter, the integer counts and sums every chart needs. It
//! is updated with any ratings in any order, merged with the state of other
//! ratings, ratings can be retracted, and [`DashboardState::finish`] turns
//! it into a [`Dashboard`]. [`dashboard`] is the batch case: every rating,
//! finished once.
//!
//! How one pass serves every chart: the user dimensions a user fails and
//! the movie dimensions a movie fails are worked out once per filter (6,040
//! users, 3,883 movies). A rating then fails the union of its user's, its
//! movie's and the time dimension. Per-user and per-movie accumulators of
//! ratings that pass all dimensions *of the other kinds* let the user charts
//! take users that fail nothing or only that chart's dimension, and likewise
//! for movie charts, with no per-rating branching on the filter's details.

mod append;
mod asof;
pub mod filter;
mod finish;
pub mod movie;
mod progressive;
mod standing;
mod state;
mod stats;
mod views;

pub use filter::{Dimension, Filter, Pick};
pub use movie::{movie_detail, MovieDetail, Similar};
pub use progressive::ProgressiveDashboard;
pub use state::DashboardState;
pub use stats::{Stats, Tally};
pub use views::{Bar, Dashboard, Frequency, Gap, Kpis, Month, MovieRef, TopMovie, Year};

use crate::table::Dataset;

/// Prior weight (in ratings) of the damped mean: a movie's mean is pulled
/// toward the overall mean as if it had this many extra ratings at it.
pub const DAMPING: f64 = 25.0;

/// How many movies each top list holds.
pub const TOP: usize = 10;

/// The dashboard for `filter` over every rating; `top_min_ratings` is the
/// minimum count for the best-damped, top-by-mean, most-divisive and
/// gender-gap lists.
///
/// ```
/// use movielens_core::analytics::{dashboard, Filter};
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::Toy Story (1995)::Animation|Children's|Comedy\n"),
///     ("ratings.dat", b"1::1::5::978300760\n"),
/// ]).unwrap());
/// let d = dashboard(&ds, &Filter::default(), 1);
/// assert_eq!((d.kpis.ratings, d.kpis.mean), (1, Some(5.0)));
/// ```
pub fn dashboard(ds: &Dataset, filter: &Filter, top_min_ratings: u64) -> Dashboard {
    finish_dashboard(&dashboard_state(ds, filter), ds, top_min_ratings)
}

/// The state [`dashboard`] finishes: every rating of `ds` (and, as of an
/// instant, the superseded ones that stood then) for `filter`.
pub fn dashboard_state(ds: &Dataset, filter: &Filter) -> DashboardState {
    let mut state = DashboardState::new(ds, filter);
    state.update(ds, 0..ds.len());
    state.update_history(ds);
    state
}

/// [`dashboard`] of a state that counts every rating of `ds` for its
/// filter (one kept and updated, by an append say): what `dashboard`
/// gives, without a pass over the ratings.
pub fn finish_dashboard(state: &DashboardState, ds: &Dataset, top_min_ratings: u64) -> Dashboard {
    let mut d = state.finish(ds, top_min_ratings);
    if let Some(t) = state.filter().as_of {
        // A picked movie's count is its ratings as they stood then.
        let counts = ds.movie_ratings_as_of(t);
        for p in &mut d.picked_movies {
            if let Some(m) = ds.movies.id.iter().position(|&id| id == p.movie_id) {
                p.ratings = counts[m];
            }
        }
    }
    d
}

/// Unix seconds of the first instant of a month index (months since 1970-01).
pub fn month_start(index: u32) -> u32 {
    let (y, m) = (1970 + index / 12, index % 12 + 1);
    // Days from 1970-01-01 to y-m-01 (Hinnant's days-from-civil).
    let (y, m) = (i64::from(y) - i64::from(m <= 2), i64::from(m));
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u32::try_from(days * 86_400).unwrap_or(u32::MAX)
}
