//! The batch report: the numbers of `movielens report --json` (and of the
//! page's "download report"), computed from the cleaned tables.

use serde::Serialize;

use crate::clean::Cleaned;
use crate::lineage::Lineage;
use crate::model::{Gender, AGE_GROUPS, GENRES, OCCUPATIONS};
use crate::time::{month_index, month_key};

/// Default minimum number of ratings for the "top by mean" and gender-gap
/// lists (the pandas book uses 250).
pub const DEFAULT_MIN_RATINGS: u64 = 250;

/// A mergeable accumulator of star ratings: count, sum and sum of squares
/// are integers, so chunks and partitions merge exactly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub count: u64,
    pub sum: u64,
    pub sum_sq: u64,
}

impl Stats {
    /// Adds one rating.
    #[inline]
    pub fn update(&mut self, stars: u8) {
        let s = u64::from(stars);
        self.count += 1;
        self.sum += s;
        self.sum_sq += s * s;
    }

    /// Adds another accumulator's ratings.
    pub fn merge(&mut self, other: &Stats) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// The mean, or `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }
}

/// Counts of one file, and the reasons and warnings.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub users: u64,
    pub movies: u64,
    pub ratings: u64,
    /// Movies with at least one accepted rating.
    pub rated_movies: u64,
    pub mean_rating: Option<f64>,
    /// Unix seconds of the first and last accepted rating.
    pub first_ts: Option<u32>,
    pub last_ts: Option<u32>,
    /// Rejected rows in all three files.
    pub rejected: u64,
}

/// A group of ratings: by gender, age group or occupation.
#[derive(Debug, Clone, Serialize)]
pub struct Group<K> {
    pub key: K,
    pub label: &'static str,
    pub ratings: u64,
    pub mean: Option<f64>,
}

/// Ratings of one genre (a rating counts once for each genre of its movie).
#[derive(Debug, Clone, Serialize)]
pub struct GenreRow {
    pub key: &'static str,
    /// Accepted movies with the genre, rated or not.
    pub movies: u64,
    pub ratings: u64,
    pub mean: Option<f64>,
}

/// Ratings of one UTC month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub key: String,
    pub ratings: u64,
    pub mean: Option<f64>,
}

/// One movie in a top list.
#[derive(Debug, Clone, Serialize)]
pub struct MovieRow {
    pub movie_id: u32,
    pub title: String,
    pub ratings: u64,
    pub mean: Option<f64>,
}

/// A movie women rate higher than men.
#[derive(Debug, Clone, Serialize)]
pub struct GapRow {
    pub movie_id: u32,
    pub title: String,
    pub mean_f: f64,
    pub mean_m: f64,
    /// `mean_f - mean_m`.
    pub diff: f64,
    pub ratings_f: u64,
    pub ratings_m: u64,
}

/// The whole report. Deterministic: the same files give the same JSON
/// (stage timings are kept apart, in [`Lineage::stages`], and not
/// serialised).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub min_ratings: u64,
    pub lineage: Lineage,
    pub summary: Summary,
    pub rating_histogram: std::collections::BTreeMap<String, u64>,
    pub by_gender: Vec<Group<&'static str>>,
    pub by_age: Vec<Group<u8>>,
    pub by_occupation: Vec<Group<u8>>,
    pub by_genre: Vec<GenreRow>,
    pub by_month: Vec<MonthRow>,
    pub top_by_count: Vec<MovieRow>,
    pub top_by_mean: Vec<MovieRow>,
    pub movies_with_min_ratings: u64,
    pub gender_gap: Vec<GapRow>,
}

const TOP: usize = 10;

impl Report {
    /// Computes the report of cleaned data.
    pub fn new(data: &Cleaned, min_ratings: u64) -> Report {
        let r = &data.ratings;
        let users = &data.users;
        let movies = &data.movies;
        let mut total = Stats::default();
        let mut hist = [0u64; 5];
        let mut gender = [Stats::default(); 2];
        let mut age = [Stats::default(); AGE_GROUPS.len()];
        let mut occupation = [Stats::default(); OCCUPATIONS.len()];
        let mut genre = [Stats::default(); GENRES.len()];
        let mut per_movie = vec![Stats::default(); movies.len()];
        let mut per_movie_gender = vec![[Stats::default(); 2]; movies.len()];
        let mut months: Vec<Stats> = Vec::new();
        let (mut first, mut last) = (u32::MAX, 0u32);
        let user_age: Vec<usize> = users
            .age
            .iter()
            .map(|a| {
                AGE_GROUPS
                    .iter()
                    .position(|(c, _)| c == a)
                    .expect("accepted ages are valid codes")
            })
            .collect();
        for i in 0..r.len() {
            let (u, m, s, ts) = (r.user[i] as usize, r.movie[i] as usize, r.stars[i], r.ts[i]);
            total.update(s);
            hist[usize::from(s) - 1] += 1;
            let g = users.gender[u] as usize;
            gender[g].update(s);
            age[user_age[u]].update(s);
            occupation[usize::from(users.occupation[u])].update(s);
            let mut mask = movies.genres[m];
            while mask != 0 {
                genre[mask.trailing_zeros() as usize].update(s);
                mask &= mask - 1;
            }
            per_movie[m].update(s);
            per_movie_gender[m][g].update(s);
            let month = month_index(ts) as usize;
            if month >= months.len() {
                months.resize(month + 1, Stats::default());
            }
            months[month].update(s);
            first = first.min(ts);
            last = last.max(ts);
        }

        let movie_row = |m: usize| MovieRow {
            movie_id: movies.id[m],
            title: movies.title[m].clone(),
            ratings: per_movie[m].count,
            mean: per_movie[m].mean(),
        };
        let mut by_count: Vec<usize> = (0..movies.len())
            .filter(|&m| per_movie[m].count > 0)
            .collect();
        by_count.sort_by(|&a, &b| {
            per_movie[b]
                .count
                .cmp(&per_movie[a].count)
                .then(movies.id[a].cmp(&movies.id[b]))
        });
        let popular: Vec<usize> = (0..movies.len())
            .filter(|&m| per_movie[m].count >= min_ratings.max(1))
            .collect();
        let mut by_mean = popular.clone();
        let mean = |m: usize| per_movie[m].mean().unwrap_or(0.0);
        by_mean.sort_by(|&a, &b| {
            mean(b)
                .total_cmp(&mean(a))
                .then(per_movie[b].count.cmp(&per_movie[a].count))
                .then(movies.id[a].cmp(&movies.id[b]))
        });
        let mut gaps: Vec<GapRow> = popular
            .iter()
            .filter_map(|&m| {
                let [f, male] = per_movie_gender[m];
                let (mean_f, mean_m) = (f.mean()?, male.mean()?);
                Some(GapRow {
                    movie_id: movies.id[m],
                    title: movies.title[m].clone(),
                    mean_f,
                    mean_m,
                    diff: mean_f - mean_m,
                    ratings_f: f.count,
                    ratings_m: male.count,
                })
            })
            .collect();
        gaps.sort_by(|a, b| b.diff.total_cmp(&a.diff).then(a.movie_id.cmp(&b.movie_id)));
        gaps.truncate(TOP);

        let rejected = [
            &data.lineage.users,
            &data.lineage.movies,
            &data.lineage.ratings,
        ]
        .iter()
        .map(|f| f.rejected_total())
        .sum();
        Report {
            min_ratings,
            lineage: data.lineage.clone(),
            summary: Summary {
                users: users.len() as u64,
                movies: movies.len() as u64,
                ratings: r.len() as u64,
                rated_movies: per_movie.iter().filter(|s| s.count > 0).count() as u64,
                mean_rating: total.mean(),
                first_ts: (!r.is_empty()).then_some(first),
                last_ts: (!r.is_empty()).then_some(last),
                rejected,
            },
            rating_histogram: (1..=5).map(|s| (s.to_string(), hist[s - 1])).collect(),
            by_gender: Gender::ALL
                .iter()
                .map(|g| Group {
                    key: g.code(),
                    label: g.label(),
                    ratings: gender[*g as usize].count,
                    mean: gender[*g as usize].mean(),
                })
                .collect(),
            by_age: AGE_GROUPS
                .iter()
                .zip(&age)
                .map(|(&(code, label), s)| Group {
                    key: code,
                    label,
                    ratings: s.count,
                    mean: s.mean(),
                })
                .collect(),
            by_occupation: OCCUPATIONS
                .iter()
                .zip(&occupation)
                .enumerate()
                .map(|(code, (&label, s))| Group {
                    key: code as u8,
                    label,
                    ratings: s.count,
                    mean: s.mean(),
                })
                .collect(),
            by_genre: GENRES
                .iter()
                .enumerate()
                .map(|(i, &key)| GenreRow {
                    key,
                    movies: movies.genres.iter().filter(|&&g| g & (1 << i) != 0).count() as u64,
                    ratings: genre[i].count,
                    mean: genre[i].mean(),
                })
                .collect(),
            by_month: months
                .iter()
                .enumerate()
                .filter(|(_, s)| s.count > 0)
                .map(|(i, s)| MonthRow {
                    key: month_key(i as u32),
                    ratings: s.count,
                    mean: s.mean(),
                })
                .collect(),
            top_by_count: by_count.iter().take(TOP).map(|&m| movie_row(m)).collect(),
            top_by_mean: by_mean.iter().take(TOP).map(|&m| movie_row(m)).collect(),
            movies_with_min_ratings: popular.len() as u64,
            gender_gap: gaps,
        }
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises")
    }
}

/// Writes rejects as CSV (`file,line,reason,detail,raw`), quoting as RFC
/// 4180 does.
///
/// # Errors
/// Whatever the writer returns.
pub fn write_rejects_csv(
    rejects: &[crate::clean::Reject],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    writeln!(out, "file,line,reason,detail,raw")?;
    for r in rejects {
        writeln!(
            out,
            "{},{},{},{},{}",
            r.file.file_name(),
            r.line,
            r.reason.code(),
            csv_field(&r.detail),
            csv_field(&r.raw)
        )?;
    }
    Ok(())
}

fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}
