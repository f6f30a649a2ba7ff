//! The ratings and tags themselves: for each user, distinct movies drawn
//! by popularity, stars from the movie's quality and the user's leniency,
//! times in sessions within the release's period; handed out user by user
//! (in increasing user id, each user's rows by movie id, as the CSV
//! releases are sorted), so that nothing but one user's rows is held.

use std::collections::HashSet;
use std::io;

use super::super::rng::Rng;
use super::catalog::{split_counts, Catalog};
use super::shapes::Shape;

/// Half stars appeared on MovieLens on 2003-02-18 (00:00 UTC): whole stars
/// before, in every release.
const HALF_STARS_FROM: u32 = 1_045_526_400;
/// Tagging opened in December 2005 (the first tags of ML-10M).
const TAGS_FROM: u32 = 1_135_000_000;

/// One rating: the movie (index into the catalogue), stars in halves
/// (1..=10: 0.5..=5.0; whole stars are even), time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rating {
    pub(super) movie: u32,
    pub(super) half: u8,
    pub(super) ts: u32,
}

/// One tag application: movie (index), tag (index into [`TAGS`]), time.
pub(super) type Tag = (u32, u16, u32);

/// Invented tags, some with a comma or quotes (quoted in tags.csv) or an
/// accent.
pub(super) const TAGS: [&str; 48] = [
    "atmospheric",
    "based on a book",
    "twist ending",
    "funny",
    "visually appealing",
    "dark comedy",
    "thought-provoking",
    "classic",
    "sci-fi",
    "quirky",
    "great soundtrack",
    "dystopia",
    "time travel",
    "surreal",
    "stylized",
    "romance",
    "space",
    "violence",
    "predictable",
    "mindfuck",
    "In Netflix queue",
    "BD-R",
    "slow",
    "beautiful",
    "nonlinear",
    "cult film",
    "feel-good",
    "overrated",
    "underrated",
    "so bad it's good",
    "Oscar (Best Picture)",
    "franchise",
    "heist",
    "revenge",
    "road trip",
    "coming of age",
    "small town",
    "sequel",
    "remake",
    "animation",
    "documentary",
    "funny, but long",
    "dark, atmospheric",
    "\"the\" ending",
    "café",
    "noir",
    "musical",
    "way too long",
];

/// Stars from a latent score: ML-1M's whole-star cuts, and half-star cuts
/// that give about ML-25M's shares (4.0 the most common, then 3.0, 5.0,
/// 3.5; 0.5 and 1.5 the rarest).
fn stars(latent: f64, half_stars: bool) -> u8 {
    if half_stars {
        const CUTS: [f64; 9] = [1.33, 1.84, 2.0, 2.44, 2.67, 3.33, 3.68, 4.48, 4.83];
        1 + CUTS.iter().filter(|&&c| latent >= c).count() as u8
    } else {
        const CUTS: [f64; 4] = [1.9, 2.62, 3.47, 4.55];
        2 * (1 + CUTS.iter().filter(|&&c| latent >= c).count() as u8)
    }
}

/// Relative share of rating sessions starting at each UTC hour (most
/// raters were in the Americas).
const HOUR_WEIGHTS: [f64; 24] = [
    9.0, 8.5, 7.5, 6.0, 4.5, 3.2, 2.2, 1.6, 1.3, 1.2, 1.3, 1.6, 2.0, 2.6, 3.4, 4.3, 5.0, 5.6, 6.2,
    6.8, 7.4, 8.0, 8.6, 9.0,
];

/// When a user starts rating: anywhere in the period, more often later
/// (MovieLens grew), at a plausible hour.
fn user_start(rng: &mut Rng, shape: &Shape) -> u32 {
    let span = f64::from(shape.last_ts - shape.first_ts);
    let t = shape.first_ts + (rng.unit().powf(0.8) * span) as u32;
    let day = t - t % 86_400;
    let hour = rng.weighted(&HOUR_WEIGHTS) as u32;
    (day + hour * 3600 + rng.below(3600) as u32).clamp(shape.first_ts, shape.last_ts)
}

/// A rating's time: mostly within hours of the start, some months later,
/// never after the release's last rating.
fn rating_time(rng: &mut Rng, shape: &Shape, start: u32) -> u32 {
    let mean = if rng.unit() < 0.85 {
        3_600.0 * 4.0
    } else {
        86_400.0 * 60.0
    };
    let offset = -(rng.unit().max(1e-12)).ln() * mean;
    let t = f64::from(start) + offset;
    if t <= f64::from(shape.last_ts) {
        t as u32
    } else {
        // Past the release's end: anywhere between the start and the end,
        // rather than a pile of ratings at the last second.
        start + rng.below(u64::from(shape.last_ts - start) + 1) as u32
    }
}

/// Ratings per user for the catalogue's users: at least the release's
/// minimum, at most every movie, `total` in all.
pub(super) fn ratings_per_user(
    rng: &mut Rng,
    shape: &Shape,
    catalog: &Catalog,
    total: u64,
) -> Vec<u64> {
    let n = catalog.users.len();
    let floor = shape.min_per_user.min(total / n as u64);
    split_counts(rng, total, n, floor, catalog.movies.len() as u64)
}

/// Draws every user's ratings and hands them to `emit` with the user's id,
/// sorted by movie.
pub(super) fn each_user(
    rng: &mut Rng,
    shape: &Shape,
    catalog: &Catalog,
    counts: &[u64],
    mut emit: impl FnMut(u32, &[Rating]) -> io::Result<()>,
) -> io::Result<()> {
    let n_movies = catalog.movies.len();
    // The last user to draw each movie: a user rates a movie once.
    let mut stamp = vec![u32::MAX; n_movies];
    let mut rows: Vec<Rating> = Vec::new();
    for (u, (&user, &count)) in catalog.users.iter().zip(counts).enumerate() {
        rows.clear();
        let bias = rng.normal() * 0.35;
        let start = user_start(rng, shape);
        let mut tries = 0u64;
        let mut next_fill = rng.below(n_movies as u64) as usize;
        while (rows.len() as u64) < count {
            // Popular movies first; when they run out, the next unrated
            // ones in id order (so any count up to every movie is met).
            let m = if tries < count * 40 {
                tries += 1;
                catalog.popularity.draw(rng)
            } else {
                next_fill = (next_fill + 1) % n_movies;
                next_fill
            };
            if stamp[m] == u as u32 {
                continue;
            }
            stamp[m] = u as u32;
            let ts = rating_time(rng, shape, start);
            let latent = 3.68 + catalog.movies[m].quality + bias + rng.normal() * 0.95;
            rows.push(Rating {
                movie: m as u32,
                half: stars(latent, shape.half_stars && ts >= HALF_STARS_FROM),
                ts,
            });
        }
        crate::sorting::sort_by(&mut rows, |a, b| a.movie.cmp(&b.movie));
        emit(user, &rows)?;
    }
    Ok(())
}

/// Draws `total` tag applications by a tenth of the users or so, each
/// (user, movie, tag) once, and hands them out per user sorted by movie.
pub(super) fn each_tagger(
    rng: &mut Rng,
    shape: &Shape,
    catalog: &Catalog,
    total: u64,
    mut emit: impl FnMut(u32, &[Tag]) -> io::Result<()>,
) -> io::Result<()> {
    if total == 0 {
        return Ok(());
    }
    let n_users = catalog.users.len() as u64;
    let combos = catalog.movies.len() as u64 * TAGS.len() as u64;
    // About 75 tags per tagger, and enough taggers that nobody repeats a
    // (movie, tag) pair (resolve() keeps tags ≤ users × movies × tags).
    let taggers = (total / 75).max(total.div_ceil(combos)).clamp(1, n_users);
    let counts = split_counts(rng, total, taggers as usize, 1, combos);
    let first = TAGS_FROM.clamp(shape.first_ts, shape.last_ts);
    let mut seen: HashSet<(u32, u16)> = HashSet::new();
    let mut rows: Vec<Tag> = Vec::new();
    let mut picked = 0;
    for (i, &user) in catalog.users.iter().enumerate() {
        // Selection sampling: the taggers spread over the users.
        let left_users = n_users - i as u64;
        if rng.below(left_users) >= taggers - picked {
            continue;
        }
        let count = counts[picked as usize];
        picked += 1;
        seen.clear();
        rows.clear();
        let mut tries = 0;
        let mut fill = 0u64;
        while (rows.len() as u64) < count {
            let (movie, tag) = if tries < count * 40 {
                tries += 1;
                (
                    catalog.popularity.draw(rng) as u32,
                    rng.below(TAGS.len() as u64) as u16,
                )
            } else {
                let c = fill;
                fill += 1;
                (
                    (c / TAGS.len() as u64) as u32,
                    (c % TAGS.len() as u64) as u16,
                )
            };
            if seen.insert((movie, tag)) {
                let ts = first + rng.below(u64::from(shape.last_ts - first) + 1) as u32;
                rows.push((movie, tag, ts));
            }
        }
        crate::sorting::sort_by(&mut rows, |a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        emit(user, &rows)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_cover_the_scale() {
        let half: Vec<u8> = [0.0, 1.5, 1.9, 2.2, 2.5, 3.0, 3.5, 4.0, 4.6, 9.0]
            .iter()
            .map(|&l| stars(l, true))
            .collect();
        assert_eq!(half, (1..=10).collect::<Vec<u8>>());
        let whole: Vec<u8> = [0.0, 2.0, 3.0, 4.0, 5.0]
            .iter()
            .map(|&l| stars(l, false))
            .collect();
        assert_eq!(whole, [2, 4, 6, 8, 10]);
    }
}
