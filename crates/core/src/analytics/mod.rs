//! Dashboard queries with cross-filtering, over the columnar [`Dataset`].
//!
//! One pass over the ratings computes every chart. As in crossfilter, a
//! breakdown is not filtered by its own dimension: the gender chart ignores
//! the gender filter but honours all others, and so on for age group,
//! occupation, genre, release year and the rating-time (month) chart. The
//! KPIs, the star histogram, the heatmaps, the top lists, the gender gap and
//! the long-tail distributions honour every filter.
//!
//! How one pass does it: the user dimensions a user fails and the movie
//! dimensions a movie fails are worked out once per query (6,040 users,
//! 3,883 movies). A rating then fails the union of its user's, its movie's
//! and the time dimension. Per-user and per-movie accumulators of ratings
//! that pass all dimensions *of the other kinds* let the user charts take
//! users that fail nothing or only that chart's dimension, and likewise for
//! movie charts, with no per-rating branching on the filter's details.

pub mod filter;

use serde::{Deserialize, Serialize};

pub use filter::{dim, Filter};

use crate::model::{Gender, AGE_GROUPS, GENRES, OCCUPATIONS};
use crate::table::Dataset;
use crate::time::month_key;

/// Prior weight (in ratings) of the damped mean: a movie's mean is pulled
/// toward the overall mean as if it had this many extra ratings at it.
pub const DAMPING: f64 = 25.0;

/// How many movies each top list holds.
pub const TOP: usize = 10;

/// A mergeable accumulator of star ratings: count, sum and sum of squares
/// are integers, so chunks and partitions merge exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub count: u64,
    pub sum: u64,
    pub sum_sq: u64,
}

impl Stats {
    /// Adds one rating. (Always inlined: it runs once per rating, and the
    /// size-optimised wasm build would otherwise call it.)
    #[inline(always)]
    pub fn update(&mut self, stars: u8) {
        let s = u64::from(stars);
        self.count += 1;
        self.sum += s;
        self.sum_sq += s * s;
    }

    /// Adds another accumulator's ratings.
    #[inline]
    pub fn merge(&mut self, other: &Stats) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// The mean, or `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// The sample standard deviation (n - 1), or `None` below two ratings.
    pub fn std(&self) -> Option<f64> {
        (self.count > 1).then(|| {
            let n = self.count as f64;
            // Integer numerator: exact, and never negative.
            let num = self.count as u128 * self.sum_sq as u128 - (self.sum as u128).pow(2);
            (num as f64 / (n * (n - 1.0))).sqrt()
        })
    }

    /// Stats of a star histogram (`hist[s - 1]` ratings of `s` stars).
    pub fn from_histogram(hist: &[u32]) -> Stats {
        let mut st = Stats::default();
        for (i, &c) in hist.iter().enumerate() {
            let s = i as u64 + 1;
            st.count += u64::from(c);
            st.sum += u64::from(c) * s;
            st.sum_sq += u64::from(c) * s * s;
        }
        st
    }
}

/// Count and sum of stars: the per-rating accumulator where no spread is
/// needed (half the memory traffic of [`Stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    count: u64,
    sum: u64,
}

impl Tally {
    #[inline(always)]
    fn add(&mut self, stars: u8) {
        self.count += 1;
        self.sum += u64::from(stars);
    }

    /// As [`Stats`] (without the sum of squares, which a tally does not keep).
    fn stats(self) -> Stats {
        Stats {
            count: self.count,
            sum: self.sum,
            sum_sq: 0,
        }
    }
}

/// A count and mean, as the charts show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar<K> {
    pub key: K,
    pub label: String,
    pub ratings: u64,
    pub mean: Option<f64>,
}

impl<K> Bar<K> {
    fn new(key: K, label: impl Into<String>, st: &Stats) -> Self {
        Bar {
            key,
            label: label.into(),
            ratings: st.count,
            mean: st.mean(),
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
    /// `(sum + DAMPING * overall mean) / (count + DAMPING)`.
    pub damped: f64,
}

/// A movie women rate differently from men.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub movie_id: u32,
    pub title: String,
    pub display: String,
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
    pub by_gender: Vec<Bar<String>>,
    pub by_age: Vec<Bar<u8>>,
    pub by_occupation: Vec<Bar<u8>>,
    pub by_genre: Vec<Bar<String>>,
    /// Every month from the first to the last rating of the dataset.
    pub by_month: Vec<Month>,
    /// Ratings per `weekday * 24 + hour` (UTC, weekday 0 = Monday).
    pub weekhour: Vec<u64>,
    /// `genre_age[genre][age index]`: ratings and mean.
    pub genre_age: Vec<Vec<Bar<u8>>>,
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

const GROUPS: usize = 2 * AGE_GROUPS.len();

/// The dashboard for `filter`; `top_min_ratings` is the minimum count for
/// the top-by-mean, most-divisive and gender-gap lists.
pub fn dashboard(ds: &Dataset, filter: &Filter, top_min_ratings: u64) -> Dashboard {
    let ufail = filter.user_fails(ds);
    let mfail = filter.movie_fails(ds);
    let n_movies = ds.movies.len();
    let r = &ds.ratings;
    // Ratings of users passing all movie and time dimensions.
    let mut per_user = vec![Tally::default(); ds.users.len()];
    // Star histogram per movie of ratings passing all user and time dimensions.
    let mut movie_hist = vec![0u32; n_movies * 5];
    // Fully passing ratings per movie and user group (gender x age).
    let mut cells = vec![(0u32, 0u32); n_movies * GROUPS];
    let mut months = vec![Tally::default(); ds.months];
    let mut weekhour = vec![0u64; 7 * 24];
    let (has_time, lo, span) = match filter.time {
        Some((from, to)) => (true, from, to.saturating_sub(from)),
        None => (false, 0, 0),
    };
    // Zipped columns: no bounds checks on them in the loop, which matters
    // in the size-optimised wasm build.
    let columns = r
        .user
        .iter()
        .zip(&r.movie)
        .zip(&r.stars)
        .zip(&r.ts)
        .zip(&ds.month)
        .zip(&ds.weekhour);
    for (((((&u, &m), &s), &ts), &month), &wh) in columns {
        let (u, m) = (u as usize, m as usize);
        let um = ufail[u];
        let mm = mfail[m];
        if um | mm == 0 {
            months[usize::from(month)].add(s);
        }
        if has_time && ts.wrapping_sub(lo) >= span {
            continue;
        }
        if mm == 0 {
            per_user[u].add(s);
        }
        if um == 0 {
            movie_hist[m * 5 + usize::from(s) - 1] += 1;
            if mm == 0 {
                let c = &mut cells[m * GROUPS + usize::from(ds.user_group[u])];
                c.0 += 1;
                c.1 += u32::from(s);
                weekhour[usize::from(wh)] += 1;
            }
        }
    }

    let movie_stats: Vec<Stats> = movie_hist
        .chunks_exact(5)
        .map(Stats::from_histogram)
        .collect();
    // Users: all-pass ones feed the KPIs; a chart takes users failing at
    // most its own dimension.
    let mut gender = [Stats::default(); 2];
    let mut age = [Stats::default(); AGE_GROUPS.len()];
    let mut occupation = [Stats::default(); OCCUPATIONS.len()];
    let mut users_active = 0;
    let mut per_user_counts: Vec<u64> = Vec::new();
    for (u, tally) in per_user.iter().enumerate() {
        let st = &tally.stats();
        let f = ufail[u];
        if f & !dim::GENDER == 0 {
            gender[ds.users.gender[u] as usize].merge(st);
        }
        if f & !dim::AGE == 0 {
            age[usize::from(ds.user_age[u])].merge(st);
        }
        if f & !dim::OCCUPATION == 0 {
            occupation[usize::from(ds.users.occupation[u])].merge(st);
        }
        if f == 0 && st.count > 0 {
            users_active += 1;
            per_user_counts.push(st.count);
        }
    }
    let mut genre = [Stats::default(); GENRES.len()];
    let mut total = Stats::default();
    let mut histogram = [0u64; 5];
    let mut years: std::collections::BTreeMap<u16, (Stats, u64)> = Default::default();
    let mut genre_age = vec![[Stats::default(); AGE_GROUPS.len()]; GENRES.len()];
    let mut movies_active = 0;
    let mut per_movie_counts: Vec<u64> = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (m, st) in movie_stats.iter().enumerate() {
        let f = mfail[m];
        let genres = ds.movies.genres[m];
        if f & !dim::GENRE == 0 {
            for (g, acc) in genre.iter_mut().enumerate() {
                if genres & (1 << g) != 0 {
                    acc.merge(st);
                }
            }
        }
        if f & !dim::YEAR == 0 && st.count > 0 {
            if let Some(y) = ds.movies.year[m] {
                let e = years.entry(y).or_default();
                e.0.merge(st);
                e.1 += 1;
            }
        }
        if f != 0 || st.count == 0 {
            continue;
        }
        total.merge(st);
        for (h, c) in histogram.iter_mut().zip(&movie_hist[m * 5..m * 5 + 5]) {
            *h += u64::from(*c);
        }
        movies_active += 1;
        per_movie_counts.push(st.count);
        candidates.push(m);
        let cell = &cells[m * GROUPS..(m + 1) * GROUPS];
        for (g, row) in genre_age.iter_mut().enumerate() {
            if genres & (1 << g) == 0 {
                continue;
            }
            for (a, acc) in row.iter_mut().enumerate() {
                for gender in 0..2 {
                    let (c, s) = cell[gender * AGE_GROUPS.len() + a];
                    acc.count += u64::from(c);
                    acc.sum += u64::from(s);
                }
            }
        }
    }

    let overall = total.mean().unwrap_or(0.0);
    // Worked out once per movie: sorting calls the key O(n log n) times.
    let damped_of: Vec<f64> = movie_stats
        .iter()
        .map(|st| (st.sum as f64 + DAMPING * overall) / (st.count as f64 + DAMPING))
        .collect();
    let top = |m: usize| -> TopMovie {
        let st = &movie_stats[m];
        TopMovie {
            movie_id: ds.movies.id[m],
            title: ds.movies.title[m].clone(),
            display: ds.movies.display[m].clone(),
            year: ds.movies.year[m],
            ratings: st.count,
            mean: st.mean().unwrap_or(0.0),
            std: st.std(),
            damped: damped_of[m],
        }
    };
    let id = |m: usize| ds.movies.id[m];
    let count = |m: usize| movie_stats[m].count;
    let mean = |m: usize| movie_stats[m].mean().unwrap_or(0.0);
    let mut by_count = candidates.clone();
    by_count.sort_by(|&a, &b| count(b).cmp(&count(a)).then(id(a).cmp(&id(b))));
    let popular: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&m| count(m) >= top_min_ratings.max(1))
        .collect();
    let mut by_mean = popular.clone();
    by_mean.sort_by(|&a, &b| {
        mean(b)
            .total_cmp(&mean(a))
            .then(count(b).cmp(&count(a)))
            .then(id(a).cmp(&id(b)))
    });
    let damped = |m: usize| damped_of[m];
    let mut by_damped = candidates.clone();
    by_damped.sort_by(|&a, &b| {
        damped(b)
            .total_cmp(&damped(a))
            .then(count(b).cmp(&count(a)))
            .then(id(a).cmp(&id(b)))
    });
    let std_of: Vec<f64> = movie_stats
        .iter()
        .map(|st| st.std().unwrap_or(0.0))
        .collect();
    let std = |m: usize| std_of[m];
    let mut divisive = popular.clone();
    divisive.sort_by(|&a, &b| {
        std(b)
            .total_cmp(&std(a))
            .then(count(b).cmp(&count(a)))
            .then(id(a).cmp(&id(b)))
    });
    let mut gaps: Vec<Gap> = popular
        .iter()
        .filter_map(|&m| {
            let cell = &cells[m * GROUPS..(m + 1) * GROUPS];
            let side = |g: usize| {
                cell[g * AGE_GROUPS.len()..(g + 1) * AGE_GROUPS.len()]
                    .iter()
                    .fold((0u64, 0u64), |(c, s), &(c2, s2)| {
                        (c + u64::from(c2), s + u64::from(s2))
                    })
            };
            let (cf, sf) = side(Gender::F as usize);
            let (cm, sm) = side(Gender::M as usize);
            if cf == 0 || cm == 0 {
                return None;
            }
            let (mean_f, mean_m) = (sf as f64 / cf as f64, sm as f64 / cm as f64);
            Some(Gap {
                movie_id: id(m),
                title: ds.movies.title[m].clone(),
                display: ds.movies.display[m].clone(),
                ratings_f: cf,
                ratings_m: cm,
                mean_f,
                mean_m,
                diff: mean_f - mean_m,
            })
        })
        .collect();
    gaps.sort_by(|a, b| b.diff.total_cmp(&a.diff).then(a.movie_id.cmp(&b.movie_id)));
    gaps.truncate(TOP);

    Dashboard {
        kpis: Kpis {
            ratings: total.count,
            users: users_active,
            movies: movies_active,
            mean: total.mean(),
            ratings_per_user: (users_active > 0).then(|| total.count as f64 / users_active as f64),
        },
        histogram,
        by_gender: Gender::ALL
            .iter()
            .map(|g| Bar::new(g.code().to_owned(), g.label(), &gender[*g as usize]))
            .collect(),
        by_age: AGE_GROUPS
            .iter()
            .zip(&age)
            .map(|(&(code, label), st)| Bar::new(code, label, st))
            .collect(),
        by_occupation: OCCUPATIONS
            .iter()
            .zip(&occupation)
            .enumerate()
            .map(|(code, (&label, st))| Bar::new(code as u8, label, st))
            .collect(),
        by_genre: GENRES
            .iter()
            .zip(&genre)
            .map(|(&g, st)| Bar::new(g.to_owned(), g, st))
            .collect(),
        by_month: months
            .iter()
            .enumerate()
            .map(|(i, tally)| {
                let st = tally.stats();
                let index = ds.first_month + i as u32;
                Month {
                    key: month_key(index),
                    from: month_start(index),
                    to: month_start(index + 1),
                    ratings: st.count,
                    mean: st.mean(),
                }
            })
            .collect(),
        weekhour,
        genre_age: genre_age
            .iter()
            .map(|row| {
                AGE_GROUPS
                    .iter()
                    .zip(row)
                    .map(|(&(code, label), st)| Bar::new(code, label, st))
                    .collect()
            })
            .collect(),
        by_year: years
            .into_iter()
            .map(|(year, (st, movies))| Year {
                year,
                ratings: st.count,
                mean: st.mean(),
                movies,
            })
            .collect(),
        top_by_count: by_count.iter().take(TOP).map(|&m| top(m)).collect(),
        top_by_mean: by_mean.iter().take(TOP).map(|&m| top(m)).collect(),
        top_by_damped: by_damped.iter().take(TOP).map(|&m| top(m)).collect(),
        most_divisive: divisive.iter().take(TOP).map(|&m| top(m)).collect(),
        gender_gap: gaps,
        top_min_ratings,
        movies_with_min_ratings: popular.len() as u64,
        ratings_per_user: frequencies(per_user_counts),
        ratings_per_movie: frequencies(per_movie_counts),
    }
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

fn frequencies(mut counts: Vec<u64>) -> Vec<Frequency> {
    counts.sort_unstable();
    let mut out: Vec<Frequency> = Vec::new();
    for c in counts {
        match out.last_mut() {
            Some(f) if f.ratings == c => f.count += 1,
            _ => out.push(Frequency {
                ratings: c,
                count: 1,
            }),
        }
    }
    out
}
