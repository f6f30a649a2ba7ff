//! The history of superseded ratings: every accepted rating that lost
//! de-duplication to a later event of the same (user, movie), kept
//! compactly with the instant it stopped counting, so that the ratings as
//! they stood at any instant can be rebuilt (time travel, appends, lambda).
//!
//! Events of one (user, movie) are ordered by (timestamp, line). A rating
//! counts from its timestamp until the timestamp of the next event of its
//! pair (`until`, exclusive): as of `T` it is the latest before `T` iff
//! `ts < T <= until`. A rating followed by an event with the *same*
//! timestamp never counts at any instant, so it is not kept at all: a file
//! repeating one rating a million times keeps nothing.

use std::collections::HashMap;

use crate::model::Ratings;

/// Superseded accepted ratings (losers of de-duplication that passed every
/// other rule), sorted by (timestamp, line): those made before an instant
/// are a prefix. Rows point at user and movie rows of the dataset, as
/// [`Ratings`] do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// The rating user's row.
    pub user: Vec<u32>,
    /// The rated movie's row.
    pub movie: Vec<u32>,
    /// Whole stars, 1..=5.
    pub halves: Vec<u8>,
    /// Unix seconds (UTC) of the rating.
    pub ts: Vec<u32>,
    /// Line of the rating in its file.
    pub line: Vec<u32>,
    /// Unix seconds of the next event of the same (user, movie) in
    /// (timestamp, line) order, the one that supersedes it: always greater
    /// than `ts`.
    pub until: Vec<u32>,
    /// Per row: UTC month as months since [`first_month`](Self::first_month)
    /// (filled by [`Dataset::new`](crate::table::Dataset::new); empty
    /// before).
    pub month: Vec<u16>,
    /// The month index (months since 1970-01) of month 0 of `month`: the
    /// dataset's first month, or an earlier one when a superseded rating is
    /// older than every current one.
    pub first_month: u32,
    /// Per row: `weekday * 24 + hour` (UTC; filled by the dataset likewise).
    pub weekhour: Vec<u8>,
}

impl History {
    /// Number of superseded ratings kept.
    pub fn len(&self) -> usize {
        self.ts.len()
    }

    /// Whether none are kept.
    pub fn is_empty(&self) -> bool {
        self.ts.is_empty()
    }

    /// Rows that stood at `as_of`: `ts < as_of <= until`. They are among
    /// the first [`made_before`](Self::made_before) rows.
    pub fn stood_at(&self, as_of: u32) -> impl Iterator<Item = usize> + '_ {
        (0..self.made_before(as_of)).filter(move |&i| as_of <= self.until[i])
    }

    /// How many rows were made before `as_of` (they come first).
    pub fn made_before(&self, as_of: u32) -> usize {
        self.ts.partition_point(|&t| t < as_of)
    }
}

/// One superseded rating while the cleaner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Loser {
    /// `user * movies + movie`: the pair.
    pair: u64,
    ts: u32,
    line: u32,
    halves: u8,
}

/// The losers found so far. Rows that cannot count at any instant (one of
/// a later event with the same timestamp) are pruned whenever the list
/// doubles, so memory follows the distinct (pair, timestamp) events.
#[derive(Debug, Clone, Default)]
pub(crate) struct Superseded {
    rows: Vec<Loser>,
    prune_at: usize,
}

impl Superseded {
    /// Keeps row `r` of the provisional ratings, which lost.
    pub(crate) fn push(&mut self, ratings: &Ratings, movies: usize, r: usize, line: u32) {
        self.rows.push(Loser {
            pair: pair(ratings.user[r], ratings.movie[r], movies),
            ts: ratings.ts[r],
            line,
            halves: ratings.halves[r],
        });
        // Pruned as they come, so a flood of repeats never piles up.
        self.maybe_prune();
    }

    /// Prunes when the list doubled since the last prune.
    fn maybe_prune(&mut self) {
        if self.rows.len() >= self.prune_at {
            self.prune();
            self.prune_at = (2 * self.rows.len()).max(1024);
        }
    }

    /// Sorts by (pair, ts, line) and keeps the last of each (pair, ts).
    fn prune(&mut self) {
        let by_time = order(
            self.rows
                .iter()
                .map(|l| u64::from(l.ts) << 32 | u64::from(l.line)),
        );
        let mut rank = vec![0u32; self.rows.len()];
        for (r, &i) in by_time.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let mut by_pair: Vec<(u64, u32)> = self
            .rows
            .iter()
            .zip(&rank)
            .map(|(l, &r)| (l.pair, r))
            .collect();
        by_pair.sort_unstable();
        let mut kept: Vec<Loser> = Vec::with_capacity(self.rows.len());
        for (_, r) in by_pair {
            let row = self.rows[by_time[r as usize] as usize];
            match kept.last_mut() {
                Some(last) if last.pair == row.pair && last.ts == row.ts => *last = row,
                _ => kept.push(row),
            }
        }
        self.rows = kept;
    }

    /// The history, given the final ratings (the winners, with their
    /// lines): each loser's `until` is the timestamp of the next event of
    /// its pair; rows whose next event has the same timestamp are dropped.
    pub(crate) fn finish(mut self, ratings: &Ratings, movies: usize) -> History {
        if self.rows.is_empty() {
            return History::default();
        }
        self.prune();
        let mut winner: HashMap<u64, u32> = self.rows.iter().map(|l| (l.pair, 0)).collect();
        let mut concerned = vec![false; ratings.user.iter().max().map_or(0, |&u| u as usize + 1)];
        for l in &self.rows {
            if let Some(c) = concerned.get_mut((l.pair / movies.max(1) as u64) as usize) {
                *c = true;
            }
        }
        for r in 0..ratings.len() {
            if !concerned[ratings.user[r] as usize] {
                continue;
            }
            let p = pair(ratings.user[r], ratings.movie[r], movies);
            if let Some(w) = winner.get_mut(&p) {
                *w = ratings.ts[r];
            }
        }
        let mut kept: Vec<(Loser, u32)> = Vec::with_capacity(self.rows.len());
        for (i, l) in self.rows.iter().enumerate() {
            let next = match self.rows.get(i + 1) {
                Some(n) if n.pair == l.pair => Some(n.ts),
                // Every loser lost to the pair's winner, which survives.
                _ => winner.get(&l.pair).copied(),
            };
            if let Some(until) = next.filter(|&u| u > l.ts) {
                kept.push((*l, until));
            }
        }
        let by_time = order(
            kept.iter()
                .map(|(l, _)| u64::from(l.ts) << 32 | u64::from(l.line)),
        );
        let m = movies.max(1) as u64;
        let mut h = History::default();
        for i in by_time {
            let (l, until) = kept[i as usize];
            h.user.push((l.pair / m) as u32);
            h.movie.push((l.pair % m) as u32);
            h.halves.push(l.halves);
            h.ts.push(l.ts);
            h.line.push(l.line);
            h.until.push(until);
        }
        h
    }
}

/// The indices of `keys` in ascending order of key (ties by index), through
/// a sort of `(u64, u32)` pairs: an instance the page's wasm has already
/// (the duplicate log's), where a sort of another type would add its own
/// code to the bundle.
pub(crate) fn order(keys: impl Iterator<Item = u64>) -> Vec<u32> {
    let mut pairs: Vec<(u64, u32)> = keys.enumerate().map(|(i, k)| (k, i as u32)).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, i)| i).collect()
}

fn pair(user: u32, movie: u32, movies: usize) -> u64 {
    u64::from(user) * movies as u64 + u64::from(movie)
}
