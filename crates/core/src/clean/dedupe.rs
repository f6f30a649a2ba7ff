//! De-duplicating ratings: for each (user, movie) the rating with the
//! latest timestamp is kept (a tie: the later line), the others are
//! rejected as `duplicate_rating`.
//!
//! Provisional rows are compacted whenever they double (and at the end), so
//! a file of the same ratings repeated millions of times needs memory for
//! the distinct ratings only. Compacting part-way gives exactly the result
//! of one pass at the end: a row that loses to another never wins later,
//! and the survivors keep their order. The losers are kept, compactly, as
//! the [`History`](super::History) of superseded ratings.

use super::rejects::Displaced;
use super::{clip, Cleaner, Reject, RejectReason};
use crate::model::Ratings;
use crate::vocab::FileKind;

/// Provisional rating rows allowed before the first compaction (about
/// 35 MB of columns): below it, a load never compacts before its end.
pub(crate) const COMPACT_FLOOR: usize = 1 << 21;

impl Cleaner {
    /// Called after each provisional rating: compacts when they doubled.
    #[inline]
    pub(super) fn maybe_compact(&mut self) {
        if self.ratings.len() >= self.compact_at {
            self.compact();
            self.compact_at = (2 * self.ratings.len()).max(self.compact_floor);
        }
    }

    /// Drops every provisional rating that lost to a later or newer one,
    /// counting each and keeping the first ones for the reject list.
    pub(super) fn compact(&mut self) {
        let losers = losers(&self.ratings, self.movies.len());
        if losers.is_empty() {
            return;
        }
        let mut dead = vec![false; self.ratings.len()];
        for &r in &losers {
            let r = r as usize;
            dead[r] = true;
            let movies = self.movies.len();
            self.superseded
                .push(&self.ratings, movies, r, self.rating_line[r]);
            let line = u64::from(self.rating_line[r]);
            if self.duplicates.wants(line) {
                let raw = self.provisional_raw(r);
                self.duplicates.push(Displaced {
                    line,
                    user: self.ratings.user[r],
                    movie: self.ratings.movie[r],
                    ts: self.ratings.ts[r],
                    raw,
                });
            }
        }
        self.lineage.ratings.rejected[RejectReason::DuplicateRating.index()] += losers.len() as u64;
        self.drop_rows(&dead);
    }

    /// The raw text of a provisional row: kept when it cannot be re-made
    /// from the values, otherwise written out again.
    fn provisional_raw(&self, r: usize) -> String {
        match self.rating_raw.get(&(r as u32)) {
            Some(raw) => raw.clone(),
            None => self.rating_record(r),
        }
    }

    /// Removes the rows marked dead from every provisional column, keeping
    /// the order of the others (and their raw texts, renumbered).
    fn drop_rows(&mut self, dead: &[bool]) {
        fn keep<T: Copy>(col: &mut Vec<T>, dead: &[bool]) {
            let mut at = 0;
            col.retain(|_| {
                at += 1;
                !dead[at - 1]
            });
        }
        let mut raw = std::mem::take(&mut self.rating_raw);
        if !raw.is_empty() {
            // Few rows keep a raw text: walk their rows in order, counting
            // the survivors before each (no lookup per row).
            let rows = crate::sorting::sorted_u32(raw.keys().copied());
            let mut renumbered = std::collections::HashMap::with_capacity(rows.len());
            let (mut at, mut alive) = (0usize, 0u32);
            for r in rows {
                let r_at = r as usize;
                alive += dead[at..r_at].iter().filter(|d| !**d).count() as u32;
                at = r_at;
                if !dead[r_at] {
                    if let Some(text) = raw.remove(&r) {
                        renumbered.insert(alive, text);
                    }
                }
            }
            raw = renumbered;
        }
        self.rating_raw = raw;
        keep(&mut self.ratings.user, dead);
        keep(&mut self.ratings.movie, dead);
        keep(&mut self.ratings.ts, dead);
        keep(&mut self.ratings.halves, dead);
        keep(&mut self.rating_line, dead);
    }

    /// The reject rows of the displaced ratings kept, each naming the
    /// rating finally kept for its (user, movie).
    pub(super) fn displaced_rejects(&mut self) -> Vec<Reject> {
        let rows = std::mem::take(&mut self.duplicates).into_rows();
        if rows.is_empty() {
            return Vec::new();
        }
        let key = |user: u32, movie: u32| (u64::from(user) << 32) | u64::from(movie);
        let mut winner: std::collections::HashMap<u64, (u32, u32)> = rows
            .iter()
            .map(|d| (key(d.user, d.movie), (0, 0)))
            .collect();
        // Only rows of the users concerned are looked up: one flag per user
        // keeps the pass over the ratings free of hashing.
        let mut concerned = vec![false; self.users.len()];
        for d in &rows {
            concerned[d.user as usize] = true;
        }
        for r in 0..self.ratings.len() {
            let user = self.ratings.user[r];
            if !concerned[user as usize] {
                continue;
            }
            if let Some(w) = winner.get_mut(&key(user, self.ratings.movie[r])) {
                *w = (self.rating_line[r], self.ratings.ts[r]);
            }
        }
        rows.into_iter()
            .map(|d| {
                let (line, ts) = winner[&key(d.user, d.movie)];
                let detail = format!(
                    "UserID {} rated MovieID {} again on line {line} with {} timestamp; that one is kept",
                    self.users.id[d.user as usize],
                    self.movies.id[d.movie as usize],
                    if ts == d.ts { "the same" } else { "a later" }
                );
                Reject {
                    file: FileKind::Ratings,
                    line: d.line,
                    reason: RejectReason::DuplicateRating,
                    detail,
                    raw: clip(&d.raw).to_owned(),
                }
            })
            .collect()
    }
}

/// The rows that lose to another row of the same (user, movie): the
/// winner of a pair has the latest timestamp, a tie goes to the later row
/// (rows are in line order). Rows that share their pair with no other are
/// found with a bitmap over the pair space when it is small (ML-1M: 3 MB),
/// otherwise by sorting the pair keys.
pub(super) fn losers(ratings: &Ratings, movies: usize) -> Vec<u32> {
    let n = ratings.len();
    let key = |r: usize| u64::from(ratings.user[r]) * movies as u64 + u64::from(ratings.movie[r]);
    // `later` beats `earlier` (a later row) when it is not older.
    let beats =
        |later: u32, earlier: u32| ratings.ts[later as usize] >= ratings.ts[earlier as usize];
    let max_user = ratings
        .user
        .iter()
        .copied()
        .max()
        .map_or(0, |u| u64::from(u) + 1);
    let universe = max_user * movies as u64;
    let mut out = Vec::new();
    if universe <= 1 << 28 {
        let words = (universe as usize).div_ceil(64);
        let mut seen = vec![0u64; words];
        let mut again = vec![0u64; words];
        let mut any = false;
        for r in 0..n {
            let k = key(r) as usize;
            let (w, b) = (k / 64, 1u64 << (k % 64));
            if seen[w] & b != 0 {
                again[w] |= b;
                any = true;
            } else {
                seen[w] |= b;
            }
        }
        if !any {
            return out;
        }
        drop(seen);
        // The rows of repeated pairs, in row order: the current winner of
        // each pair is kept in a map, and every challenger settles one loser.
        let mut winner: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
        for r in 0..n {
            let k = key(r);
            if again[(k / 64) as usize] & (1 << (k % 64)) == 0 {
                continue;
            }
            let r = r as u32;
            match winner.entry(k) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(r);
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    let w = *o.get();
                    if beats(r, w) {
                        out.push(w);
                        o.insert(r);
                    } else {
                        out.push(r);
                    }
                }
            }
        }
    } else {
        let mut keys: Vec<(u64, u32)> = (0..n).map(|r| (key(r), r as u32)).collect();
        keys.sort_unstable();
        for group in keys.chunk_by(|a, b| a.0 == b.0) {
            let mut w = group[0].1;
            for &(_, r) in &group[1..] {
                if beats(r, w) {
                    out.push(w);
                    w = r;
                } else {
                    out.push(r);
                }
            }
        }
    }
    out
}
