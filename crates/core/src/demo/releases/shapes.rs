//! Each release's shape: its name, folder, format and counts, and the
//! rules that turn a configuration into counts that can all be met.
//!
//! Where the numbers come from: the counts of ratings, tags, movies and
//! users, the period and the "at least 20 ratings" (ml-latest: 1) promise
//! are the READMEs' (files.grouplens.org/datasets/movielens/ml-NN-README.html,
//! checked for this module). The last timestamps, the largest ids, the
//! shares of unrated and genre-less movies and ML-10M's 69,878 users who
//! rate (its README counts 71,567, with those who only tagged) are the
//! real files' as commonly reported, not re-checked against the data
//! (which may not be redistributed): they shape plausible data, they are
//! not asserted anywhere.

use super::{Counts, ReleaseConfig, ShapeError};
use crate::numbers::thousands;

/// A MovieLens release the generator can imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Release {
    /// ML-100K (1998): `u.data` (tabs), `u.user`, `u.item` (`|`), splits.
    Ml100k,
    /// ML-1M (2003): `users.dat`, `movies.dat`, `ratings.dat` on `::`.
    Ml1m,
    /// ML-10M (2009): `ratings.dat` with half stars, `movies.dat`,
    /// `tags.dat` on `::`; no users file.
    Ml10m,
    /// ML-20M (2015), CSV.
    Ml20m,
    /// ML-25M (2019), CSV.
    Ml25m,
    /// ML-32M (2024), CSV.
    Ml32m,
    /// ml-latest-small (2018 edition), CSV.
    MlLatestSmall,
    /// ml-latest (2023 edition), CSV.
    MlLatest,
}

/// The file format family of a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    /// ML-100K's tab and `|` files.
    Tabs,
    /// ML-1M's `::` files.
    Dat1m,
    /// ML-10M's `::` files (half stars, tags, no users).
    Dat10m,
    /// The CSV releases.
    Csv,
}

/// What a release looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// `ml-25m`.
    pub name: &'static str,
    /// The folder inside its zip (`ml-10M100K` for ML-10M).
    pub folder: &'static str,
    /// Ratings in the real release.
    pub ratings: u64,
    /// Users who rate, in the real release.
    pub users: u64,
    /// Movies in the real movies file.
    pub movies: u64,
    /// Tag applications in the real release (0: no tags file).
    pub tags: u64,
    /// Largest user id (ids are drawn from 1..=this, scaled with the users).
    pub max_user_id: u32,
    /// Largest movie id (scaled with the movies).
    pub max_movie_id: u32,
    /// First and last rating time (Unix seconds, UTC).
    pub first_ts: u32,
    /// Last rating time.
    pub last_ts: u32,
    /// Ratings in half stars 0.5..=5.0 (else whole stars 1..=5).
    pub half_stars: bool,
    /// Every user has at least this many ratings (the README's promise).
    pub min_per_user: u64,
    /// Share of movies nobody rated (in the movies file for tags or
    /// links).
    pub unrated: f64,
    /// Share of movies with no genre (`(no genres listed)`, ML-100K's
    /// `unknown`).
    pub no_genres: f64,
    /// Where the real data is.
    pub url: &'static str,
    pub(super) format: Format,
}

const GROUPLENS: &str = "https://grouplens.org/datasets/movielens/";
/// 1995-01-09 11:46:49 UTC, the first rating of ML-10M and the CSV releases.
const FIRST_1995: u32 = 789_652_009;

const ML100K: Shape = Shape {
    name: "ml-100k",
    folder: "ml-100k",
    // README: 100,000 ratings (1-5) from 943 users on 1682 movies, each
    // user at least 20; collected 1997-09-19 .. 1998-04-22.
    ratings: 100_000,
    users: 943,
    movies: 1682,
    tags: 0,
    max_user_id: 943,
    max_movie_id: 1682,
    first_ts: 874_724_710,
    last_ts: 893_286_638,
    half_stars: false,
    min_per_user: 20,
    unrated: 0.0,
    // Two movies have the genre `unknown`.
    no_genres: 2.0 / 1682.0,
    url: "https://grouplens.org/datasets/movielens/100k/",
    format: Format::Tabs,
};

const ML1M: Shape = Shape {
    name: "ml-1m",
    folder: "ml-1m",
    // README: 1,000,209 ratings of 3,900 movies (3,883 in movies.dat) by
    // 6,040 users, 2000-2003; the generator is super::generate.
    ratings: super::super::ML1M_RATINGS,
    users: super::super::ML1M_USERS as u64,
    movies: super::super::ML1M_MOVIES as u64,
    tags: 0,
    max_user_id: 6040,
    max_movie_id: 3952,
    first_ts: 956_703_932,
    last_ts: 1_046_454_590,
    half_stars: false,
    min_per_user: 20,
    unrated: 0.045,
    no_genres: 0.0,
    url: "https://grouplens.org/datasets/movielens/1m/",
    format: Format::Dat1m,
};

const ML10M: Shape = Shape {
    name: "ml-10m",
    folder: "ml-10M100K",
    // README: 10,000,054 ratings and 95,580 tags applied to 10,681 movies
    // by 71,567 users (69,878 of them rate), each at least 20 ratings;
    // ratings.dat runs 1995-01-09 .. 2009-01-05.
    ratings: 10_000_054,
    users: 69_878,
    movies: 10_681,
    tags: 95_580,
    max_user_id: 71_567,
    max_movie_id: 65_133,
    first_ts: FIRST_1995,
    last_ts: 1_231_131_736,
    half_stars: true,
    min_per_user: 20,
    unrated: 4.0 / 10_681.0,
    no_genres: 1.0 / 10_681.0,
    url: "https://grouplens.org/datasets/movielens/10m/",
    format: Format::Dat10m,
};

const ML20M: Shape = Shape {
    name: "ml-20m",
    folder: "ml-20m",
    // README: 20,000,263 ratings and 465,564 tag applications across
    // 27,278 movies by 138,493 users, 1995-01-09 .. 2015-03-31.
    ratings: 20_000_263,
    users: 138_493,
    movies: 27_278,
    tags: 465_564,
    max_user_id: 138_493,
    max_movie_id: 131_262,
    first_ts: FIRST_1995,
    last_ts: 1_427_784_002,
    half_stars: true,
    min_per_user: 20,
    unrated: 534.0 / 27_278.0,
    no_genres: 246.0 / 27_278.0,
    url: "https://grouplens.org/datasets/movielens/20m/",
    format: Format::Csv,
};

const ML25M: Shape = Shape {
    name: "ml-25m",
    folder: "ml-25m",
    // README: 25,000,095 ratings and 1,093,360 tag applications across
    // 62,423 movies by 162,541 users, 1995-01-09 .. 2019-11-21.
    ratings: 25_000_095,
    users: 162_541,
    movies: 62_423,
    tags: 1_093_360,
    max_user_id: 162_541,
    max_movie_id: 209_171,
    first_ts: FIRST_1995,
    last_ts: 1_574_327_703,
    half_stars: true,
    min_per_user: 20,
    unrated: 3_376.0 / 62_423.0,
    no_genres: 5_062.0 / 62_423.0,
    url: "https://grouplens.org/datasets/movielens/25m/",
    format: Format::Csv,
};

const ML32M: Shape = Shape {
    name: "ml-32m",
    folder: "ml-32m",
    // README: 32,000,204 ratings and 2,000,072 tag applications across
    // 87,585 movies by 200,948 users, 1995-01-09 .. 2023-10-12.
    ratings: 32_000_204,
    users: 200_948,
    movies: 87_585,
    tags: 2_000_072,
    max_user_id: 200_948,
    max_movie_id: 292_757,
    first_ts: FIRST_1995,
    last_ts: 1_697_155_199,
    half_stars: true,
    min_per_user: 20,
    unrated: 3_153.0 / 87_585.0,
    no_genres: 0.08,
    url: "https://grouplens.org/datasets/movielens/32m/",
    format: Format::Csv,
};

const ML_LATEST_SMALL: Shape = Shape {
    name: "ml-latest-small",
    folder: "ml-latest-small",
    // README (2018 edition): 100,836 ratings and 3,683 tag applications
    // across 9,742 movies by 610 users, 1996-03-29 .. 2018-09-24.
    ratings: 100_836,
    users: 610,
    movies: 9_742,
    tags: 3_683,
    max_user_id: 610,
    max_movie_id: 193_609,
    first_ts: 828_124_615,
    last_ts: 1_537_799_250,
    half_stars: true,
    min_per_user: 20,
    unrated: 18.0 / 9_742.0,
    no_genres: 34.0 / 9_742.0,
    url: "https://grouplens.org/datasets/movielens/latest/",
    format: Format::Csv,
};

const ML_LATEST: Shape = Shape {
    name: "ml-latest",
    folder: "ml-latest",
    // README (2023-07 edition): 33,832,162 ratings and 2,328,315 tag
    // applications across 86,537 movies by 330,975 users, 1995-01-09 ..
    // 2023-07-20; users rated at least 1 movie.
    ratings: 33_832_162,
    users: 330_975,
    movies: 86_537,
    tags: 2_328_315,
    max_user_id: 330_975,
    max_movie_id: 288_983,
    first_ts: FIRST_1995,
    last_ts: 1_689_897_599,
    half_stars: true,
    min_per_user: 1,
    unrated: 0.038,
    no_genres: 0.08,
    url: GROUPLENS,
    format: Format::Csv,
};

impl Release {
    /// Every release, oldest first.
    pub const ALL: [Release; 8] = [
        Release::Ml100k,
        Release::Ml1m,
        Release::Ml10m,
        Release::Ml20m,
        Release::Ml25m,
        Release::Ml32m,
        Release::MlLatestSmall,
        Release::MlLatest,
    ];

    /// The release's shape.
    pub fn shape(self) -> &'static Shape {
        match self {
            Release::Ml100k => &ML100K,
            Release::Ml1m => &ML1M,
            Release::Ml10m => &ML10M,
            Release::Ml20m => &ML20M,
            Release::Ml25m => &ML25M,
            Release::Ml32m => &ML32M,
            Release::MlLatestSmall => &ML_LATEST_SMALL,
            Release::MlLatest => &ML_LATEST,
        }
    }

    /// Its name as GroupLens writes it: `ml-25m`.
    pub fn name(self) -> &'static str {
        self.shape().name
    }

    /// The release of a name (`ml-25m`, any case), if it is one.
    ///
    /// ```
    /// use movielens_core::demo::releases::Release;
    /// assert_eq!(Release::from_name("ML-32M"), Some(Release::Ml32m));
    /// assert_eq!(Release::from_name("ml-2m"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Release> {
        Release::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(name))
    }

    /// The zip's name as GroupLens ships it: `ml-25m.zip` (ML-10M's
    /// `ml-10m.zip` holds the folder `ml-10M100K`).
    pub fn zip_name(self) -> String {
        format!("{}.zip", self.name())
    }
}

/// `a × b`, the pairs of users and movies.
fn pairs(users: u64, movies: u64) -> u64 {
    users.saturating_mul(movies)
}

/// Fills in the defaults and checks that the counts can all be met.
pub(super) fn resolve(config: &ReleaseConfig) -> Result<Counts, ShapeError> {
    let shape = config.release.shape();
    let fail = |why: String| Err(ShapeError(format!("{}: {why}", shape.name)));
    if config.release == Release::Ml1m {
        return resolve_ml1m(config);
    }
    if config.ratings == Some(0) {
        return fail("at least one rating is needed".into());
    }
    let movies = config.movies.unwrap_or(shape.movies);
    let min = shape.min_per_user;
    let (ratings, users) = match (config.ratings, config.users) {
        (Some(r), Some(u)) => (r, u),
        (Some(r), None) => {
            // The release's ratings per user, as far as the minimum per
            // user and the movies allow.
            let scaled = (u128::from(r) * u128::from(shape.users) + u128::from(shape.ratings / 2))
                / u128::from(shape.ratings);
            let most = (r / min).max(1);
            let least = r.div_ceil(movies.max(1));
            (r, (scaled as u64).clamp(least, most.max(least)))
        }
        (None, Some(u)) => {
            let scaled = (u128::from(u) * u128::from(shape.ratings) + u128::from(shape.users / 2))
                / u128::from(shape.users);
            (scaled as u64, u)
        }
        (None, None) => (shape.ratings, shape.users),
    };
    if users == 0 || movies == 0 {
        return fail("at least one user and one movie are needed".into());
    }
    if ratings == 0 {
        return fail("at least one rating is needed".into());
    }
    if users > u64::from(u32::MAX / 2) || movies > u64::from(u32::MAX / 2) {
        return fail("ids must fit in 31 bits: at most 2,147,483,647 users and movies".into());
    }
    if ratings > pairs(users, movies) {
        return fail(format!(
            "{} ratings cannot be made: a user rates a movie at most once, and {} users × {} movies make only {} pairs; ask for more --users or --movies",
            thousands(ratings),
            thousands(users),
            thousands(movies),
            thousands(pairs(users, movies))
        ));
    }
    if ratings < users.saturating_mul(min) {
        return fail(format!(
            "every user of {} has at least {min} ratings, so {} users need at least {} ratings, not {}; ask for fewer --users",
            shape.name,
            thousands(users),
            thousands(users * min),
            thousands(ratings)
        ));
    }
    let tags = match config.tags {
        Some(_) if shape.tags == 0 => {
            return fail(format!("{} has no tags file", shape.name));
        }
        Some(t) => t,
        None => (u128::from(shape.tags) * u128::from(ratings) / u128::from(shape.ratings)) as u64,
    };
    let most_tags = pairs(users, movies).saturating_mul(super::rows::TAGS.len() as u64);
    if tags > most_tags {
        return fail(format!(
            "{} tags cannot be made: each user tags each movie with each of the {} invented tags at most once ({} in all)",
            thousands(tags),
            super::rows::TAGS.len(),
            thousands(most_tags)
        ));
    }
    Ok(Counts {
        release: config.release,
        ratings,
        users,
        movies,
        tags,
    })
}

/// ML-1M's generator chooses its users from the ratings (ML-1M's mean of
/// ratings per user, at most 6,040 users) and rates at most 60 % of the
/// 3,883 movies per user.
fn resolve_ml1m(config: &ReleaseConfig) -> Result<Counts, ShapeError> {
    use super::super::{ml1m_capacity, ml1m_users, ML1M_MOVIES};
    if config.users.is_some() || config.movies.is_some() || config.tags.is_some() {
        return Err(ShapeError(
            "ml-1m: its generator (the page's demo) takes --ratings and --seed only; use another release for --users, --movies or --tags".into(),
        ));
    }
    let ratings = config.ratings.unwrap_or(ML1M.ratings);
    let users = u64::from(ml1m_users(ratings.max(1)));
    if ratings == 0 {
        return Err(ShapeError("ml-1m: at least one rating is needed".into()));
    }
    // Each user rates at most ml1m_capacity() / 6,040 movies.
    if ratings > ml1m_capacity().min(users * (ml1m_capacity() / ML1M.users)) {
        return Err(ShapeError(format!(
            "ml-1m: {} ratings cannot be made in ML-1M's shape: at most {} users each rating at most {} of its {} movies make {} ratings; use --release ml-25m (or ml-32m) for more",
            thousands(ratings),
            thousands(u64::from(super::super::ML1M_USERS)),
            thousands(ml1m_capacity() / u64::from(super::super::ML1M_USERS)),
            thousands(u64::from(ML1M_MOVIES)),
            thousands(ml1m_capacity()),
        )));
    }
    Ok(Counts {
        release: Release::Ml1m,
        ratings,
        users,
        movies: u64::from(ML1M_MOVIES),
        tags: 0,
    })
}
