//! The invented catalogue of a release: user ids, movies (ids with the
//! release's gaps, titles, years, genres, links, how good and how popular
//! each is) and how many ratings each user makes.

use super::super::rng::{Alias, Rng};
use super::super::titles::make_title;
use super::shapes::{Format, Shape};
use super::Counts;

/// The genres of the CSV releases and ML-10M, as the data writes them
/// (`Children`, where the READMEs say `Children's`), in the order a
/// movie's genres are listed; `(no genres listed)` stands alone.
pub(super) const GENRES: [&str; 19] = [
    "Action",
    "Adventure",
    "Animation",
    "Children",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "IMAX",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
];
/// Movies per genre in ML-25M's movies.csv (approximately), as weights.
const GENRE_WEIGHTS: [f64; 19] = [
    7348.0, 4145.0, 2929.0, 2935.0, 16870.0, 5319.0, 5605.0, 25606.0, 2731.0, 353.0, 5989.0, 195.0,
    1054.0, 2925.0, 7719.0, 3595.0, 8654.0, 1874.0, 1399.0,
];
/// ML-100K's 19 genre flags, `unknown` first (u.genre).
pub(super) const GENRES_100K: [&str; 19] = [
    "unknown",
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
/// Movies per genre in ML-100K (`unknown` aside), as weights.
const GENRE_WEIGHTS_100K: [f64; 19] = [
    0.0, 251.0, 135.0, 42.0, 122.0, 505.0, 109.0, 50.0, 725.0, 22.0, 24.0, 92.0, 56.0, 61.0, 247.0,
    101.0, 251.0, 71.0, 27.0,
];

/// A generated movie.
pub(super) struct Movie {
    pub(super) id: u32,
    /// The title with its year, as the release writes it.
    pub(super) title: String,
    /// The title has accented letters (ML-100K writes it in Latin-1).
    pub(super) latin1: bool,
    pub(super) year: Option<u16>,
    /// Bit `i`: genre `i` of [`GENRES`] (or [`GENRES_100K`]); 0: none.
    pub(super) genres: u32,
    /// How much better than average it is rated (in stars).
    pub(super) quality: f64,
    /// IMDb and TMDB ids (links.csv; ML-100K's IMDb URL is by title).
    pub(super) imdb: u32,
    pub(super) tmdb: Option<u32>,
}

/// Everything drawn before the ratings.
pub(super) struct Catalog {
    /// User ids in increasing order.
    pub(super) users: Vec<u32>,
    /// Movies in increasing id order.
    pub(super) movies: Vec<Movie>,
    /// Movie popularity (index into `movies`).
    pub(super) popularity: Alias,
}

impl Catalog {
    pub(super) fn new(rng: &mut Rng, shape: &Shape, counts: &Counts) -> Self {
        let users = sorted_ids(
            rng,
            counts.users,
            scaled_max(shape.max_user_id, shape.users, counts.users),
        );
        let ids = sorted_ids(
            rng,
            counts.movies,
            scaled_max(shape.max_movie_id, shape.movies, counts.movies),
        );
        let movies = make_movies(rng, shape, &ids);
        let weights = popularity(rng, shape, movies.len());
        let popularity = Alias::new(&weights);
        Catalog {
            users,
            movies,
            popularity,
        }
    }
}

/// The largest id when `n` of a release's `base` things are made: the
/// release's gaps kept in proportion, never below `n`.
fn scaled_max(max_id: u32, base: u64, n: u64) -> u32 {
    let scaled = u128::from(max_id) * u128::from(n) / u128::from(base.max(1));
    (scaled as u64).max(n).min(u64::from(u32::MAX / 2)) as u32
}

/// `n` distinct ids from `1..=max`, in increasing order (Knuth's
/// selection sampling: each id is kept with the probability that leaves
/// exactly `n`).
fn sorted_ids(rng: &mut Rng, n: u64, max: u32) -> Vec<u32> {
    let mut ids = Vec::with_capacity(n as usize);
    let mut left = n;
    for id in 1..=max {
        if left == 0 {
            break;
        }
        let remaining = u64::from(max - id + 1);
        if rng.below(remaining) < left {
            ids.push(id);
            left -= 1;
        }
    }
    ids
}

fn make_movies(rng: &mut Rng, shape: &Shape, ids: &[u32]) -> Vec<Movie> {
    let last_year = 1970 + (shape.last_ts / 31_556_952) as u16;
    let mut imdb = 1_000;
    let mut tmdb = 1_000;
    let mut movies = Vec::with_capacity(ids.len());
    for (i, &id) in ids.iter().enumerate() {
        // Later ids are newer films, on the whole.
        let age = (1.0 - i as f64 / ids.len() as f64) * 0.6 + rng.unit() * 0.4;
        let year = last_year
            .saturating_sub((age.powf(2.0) * 95.0) as u16)
            .max(1902);
        let (base, latin1) = make_title(rng, year);
        let base = if shape.format == Format::Csv && rng.unit() < 0.003 {
            // A quote inside a title, written doubled in a quoted field.
            format!("\"{base}\" Special")
        } else {
            base
        };
        // A few newer films have no year in their title (ML-20M onwards).
        let year = (shape.format != Format::Csv || shape.ratings < 1_000_000 || rng.unit() > 0.001)
            .then_some(year);
        let title = match year {
            Some(y) => format!("{base} ({y})"),
            None => base,
        };
        let genres = if rng.unit() < shape.no_genres {
            u32::from(shape.format == Format::Tabs)
        } else {
            draw_genres(rng, shape.format)
        };
        imdb += 1 + rng.below(90) as u32;
        tmdb += 1 + rng.below(5) as u32;
        movies.push(Movie {
            id,
            title,
            latin1,
            year,
            genres,
            quality: rng.normal() * 0.42,
            imdb,
            tmdb: (rng.unit() > 0.002).then_some(tmdb),
        });
    }
    movies
}

/// One to four genres, weighted as in the release.
fn draw_genres(rng: &mut Rng, format: Format) -> u32 {
    let weights: &[f64] = if format == Format::Tabs {
        &GENRE_WEIGHTS_100K
    } else {
        &GENRE_WEIGHTS
    };
    let mut genres = 1u32 << rng.weighted(weights);
    for _ in 0..rng.weighted(&[0.4, 0.35, 0.2, 0.05]) {
        genres |= 1 << rng.weighted(weights);
    }
    genres
}

/// Popularity by rank, a power law (`(rank + 130)^-1.5`: the most rated
/// movie gets about 0.4 % of the ratings, as in ML-100K to ML-32M), ranks
/// leaning to older ids; a share of movies is never rated.
fn popularity(rng: &mut Rng, shape: &Shape, n: usize) -> Vec<f64> {
    let mut keys: Vec<(f64, usize)> = (0..n)
        .map(|i| (i as f64 / n as f64 * 0.7 + rng.unit(), i))
        .collect();
    crate::sorting::sort_by(&mut keys, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut weights = vec![0.0; n];
    for (rank, &(_, i)) in keys.iter().enumerate() {
        weights[i] = (rank as f64 + 130.0).powf(-1.5);
    }
    let mut unrated = 0;
    for w in weights.iter_mut() {
        // Keep at least one movie rated.
        if rng.unit() < shape.unrated && unrated + 1 < n {
            *w = 0.0;
            unrated += 1;
        }
    }
    weights
}

/// Splits `total` into `n` counts, each at least `floor` and at most `cap`
/// (`n × floor ≤ total ≤ n × cap`), long-tailed like the releases' ratings
/// per user: largest-remainder apportionment of lognormal weights, repeated
/// while caps bind. The sum is exactly `total`.
pub(super) fn split_counts(rng: &mut Rng, total: u64, n: usize, floor: u64, cap: u64) -> Vec<u64> {
    debug_assert!(floor * n as u64 <= total && total <= cap.saturating_mul(n as u64));
    let weights: Vec<f64> = (0..n).map(|_| (rng.normal() * 1.15).exp()).collect();
    let mut counts = vec![floor; n];
    let mut left = total - floor * n as u64;
    while left > 0 {
        let open: Vec<usize> = (0..n).filter(|&i| counts[i] < cap).collect();
        let wsum: f64 = open.iter().map(|&i| weights[i]).sum();
        let mut given = 0;
        for &i in &open {
            let share = (left as f64 * weights[i] / wsum).floor() as u64;
            let add = share.min(cap - counts[i]).min(left - given);
            counts[i] += add;
            given += add;
        }
        if given == 0 {
            // Every share is below one: one more each to the heaviest.
            let mut open = open;
            crate::sorting::sort_by(&mut open, |&a, &b| {
                weights[b].total_cmp(&weights[a]).then(a.cmp(&b))
            });
            for &i in open.iter().take(left as usize) {
                counts[i] += 1;
                given += 1;
            }
        }
        left -= given;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_split_exactly_within_floor_and_cap() {
        let mut rng = Rng::new(3);
        for (total, n, floor, cap) in [
            (100_000, 943, 20, 1682),
            (1_000, 50, 20, 20),
            (1_001, 50, 20, 21),
            (25, 5, 1, 5),
            (7, 7, 1, 1),
            (32_000_204, 200_948, 20, 87_585),
        ] {
            let counts = split_counts(&mut rng, total, n, floor, cap);
            assert_eq!(counts.iter().sum::<u64>(), total, "{total} over {n}");
            assert!(counts.iter().all(|&c| (floor..=cap).contains(&c)));
        }
    }

    #[test]
    fn sorted_ids_are_distinct_increasing_and_exactly_n() {
        let mut rng = Rng::new(5);
        for (n, max) in [(0, 10), (10, 10), (3, 1000), (9742, 193_609)] {
            let ids = sorted_ids(&mut rng, n, max);
            assert_eq!(ids.len() as u64, n);
            assert!(ids.windows(2).all(|w| w[0] < w[1]));
            assert!(ids.iter().all(|&id| (1..=max).contains(&id)));
        }
    }
}
