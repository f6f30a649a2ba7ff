//! [`Rerated`]: the (user, movie) pairs that have more than one event (a
//! current rating and the superseded ones of its history), which the
//! lambda layers track one by one; every other pair has a single event and
//! takes the plain path.

use crate::table::Dataset;

/// No event, no rank.
pub(super) const NONE: u32 = u32::MAX;

/// The events of re-rated pairs, ranked. Event ids: `0..n` are the current
/// rating rows of the dataset, `n..n + h` its history rows. Ranks order the
/// events of re-rated pairs by (pair, timestamp, line through the files),
/// so that within a pair the later event has the larger rank.
#[derive(Debug, Clone, Default)]
pub(super) struct Rerated {
    /// Current rating rows.
    n: u32,
    /// One bit per current row: whether its pair is re-rated (a bitmap
    /// small enough to stay in cache on the plain path).
    bits: Vec<u64>,
    /// Per word of `bits`: the set bits before it (a rank directory: a
    /// re-rated row's index in `current` is one popcount away).
    before: Vec<u32>,
    /// The ranks of the current rows of re-rated pairs, by row.
    current: Vec<u32>,
    /// Per history row: its rank (every history row's pair is re-rated).
    history: Vec<u32>,
    /// Per rank: the event.
    event: Vec<u32>,
    /// Per rank: its pair's slot, `0..pairs`.
    slot: Vec<u32>,
    /// Re-rated pairs.
    pairs: usize,
}

impl Rerated {
    /// The re-rated pairs of `ds`: those of its history rows.
    pub(super) fn new(ds: &Dataset) -> Rerated {
        let (r, h) = (&ds.ratings, &ds.history);
        let n = r.len() as u32;
        if h.is_empty() {
            return Rerated {
                n,
                ..Rerated::default()
            };
        }
        let pair = |u: u32, m: u32| u64::from(u) << 32 | u64::from(m);
        let mut pairs: Vec<u64> = (0..h.len()).map(|i| pair(h.user[i], h.movie[i])).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut users = vec![false; ds.users.len()];
        for &p in &pairs {
            users[(p >> 32) as usize] = true;
        }
        let offsets = ds.line_offsets();
        // (pair, ts << 32 | line, event) of every event of a re-rated pair.
        let mut keyed: Vec<(u64, u64, u32)> = Vec::with_capacity(2 * h.len());
        for i in 0..r.len() {
            let p = pair(r.user[i], r.movie[i]);
            if users[r.user[i] as usize] && pairs.binary_search(&p).is_ok() {
                let file = ds.appended_from.partition_point(|&s| s <= i);
                let line = offsets[file] + ds.rating_lines[i];
                keyed.push((p, u64::from(r.ts[i]) << 32 | u64::from(line), i as u32));
            }
        }
        for i in 0..h.len() {
            let key = u64::from(h.ts[i]) << 32 | u64::from(h.line[i]);
            keyed.push((pair(h.user[i], h.movie[i]), key, n + i as u32));
        }
        keyed.sort_unstable();
        let mut out = Rerated {
            n,
            bits: vec![0; (n as usize).div_ceil(64)],
            history: vec![NONE; h.len()],
            ..Rerated::default()
        };
        let mut current: Vec<(u32, u32)> = Vec::new();
        for (rank, &(p, _, e)) in keyed.iter().enumerate() {
            if rank == 0 || keyed[rank - 1].0 != p {
                out.pairs += 1;
            }
            out.slot.push(out.pairs as u32 - 1);
            out.event.push(e);
            let rank = rank as u32;
            match e.checked_sub(n) {
                Some(i) => out.history[i as usize] = rank,
                None => {
                    out.bits[e as usize / 64] |= 1 << (e % 64);
                    current.push((e, rank));
                }
            }
        }
        current.sort_unstable();
        out.current = current.iter().map(|c| c.1).collect();
        let mut set = 0;
        for w in &out.bits {
            out.before.push(set);
            set += w.count_ones();
        }
        out
    }

    /// Re-rated pairs (slots).
    pub(super) fn pairs(&self) -> usize {
        self.pairs
    }

    /// The rank of event `e` if its pair is re-rated.
    #[inline]
    pub(super) fn rank(&self, e: u32) -> Option<u32> {
        if self.pairs == 0 {
            return None;
        }
        let Some(i) = e.checked_sub(self.n) else {
            let (w, bit) = (e as usize / 64, 1u64 << (e % 64));
            let word = self.bits[w];
            if word & bit == 0 {
                return None;
            }
            let i = self.before[w] + (word & (bit - 1)).count_ones();
            return Some(self.current[i as usize]);
        };
        Some(self.history[i as usize])
    }

    /// The slot of the pair of the event ranked `rank`.
    pub(super) fn slot(&self, rank: u32) -> usize {
        self.slot[rank as usize] as usize
    }

    /// The event ranked `rank`.
    pub(super) fn event(&self, rank: u32) -> u32 {
        self.event[rank as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_bytes;

    /// Ratings across many words of the bitmap, every seventh pair rated
    /// again later (and some again earlier: history rows older than the
    /// current one's): ranks map back to their events, exactly the
    /// re-rated pairs' events have one, and within a pair they follow
    /// (timestamp, line).
    #[test]
    fn ranks_cover_exactly_the_rerated_pairs_events() {
        let users: String = (1..=40)
            .map(|u| format!("{u}::F::1::10::48067\n"))
            .collect();
        let movies: String = (1..=30)
            .map(|m| format!("{m}::M{m} (1995)::Drama\n"))
            .collect();
        let mut ratings = String::new();
        for i in 0..600u32 {
            let (u, m) = (1 + i % 40, 1 + i / 40 % 30);
            ratings += &format!("{u}::{m}::{}::{}\n", 1 + i % 5, 1000 + i);
            if i % 7 == 0 {
                ratings += &format!("{u}::{m}::{}::{}\n", 1 + i % 3, 5000 + i);
                ratings += &format!("{u}::{m}::2::{}\n", 500 + i);
            }
        }
        let ds = Dataset::new(
            load_bytes(&[
                ("users.dat", users.as_bytes()),
                ("movies.dat", movies.as_bytes()),
                ("ratings.dat", ratings.as_bytes()),
            ])
            .expect("the fixture loads"),
        );
        assert!(ds.len() > 256 && ds.history.len() > 100);
        let rr = Rerated::new(&ds);
        let pair = |e: u32| match (e as usize).checked_sub(ds.len()) {
            Some(i) => (ds.history.user[i], ds.history.movie[i], ds.history.ts[i]),
            None => {
                let i = e as usize;
                (ds.ratings.user[i], ds.ratings.movie[i], ds.ratings.ts[i])
            }
        };
        let rerated: std::collections::BTreeSet<(u32, u32)> = (0..ds.history.len())
            .map(|i| (ds.history.user[i], ds.history.movie[i]))
            .collect();
        assert_eq!(rr.pairs(), rerated.len());
        for e in 0..(ds.len() + ds.history.len()) as u32 {
            let (u, m, _) = pair(e);
            match rr.rank(e) {
                Some(rank) => {
                    assert!(rerated.contains(&(u, m)), "event {e}");
                    assert_eq!(rr.event(rank), e);
                }
                None => assert!(!rerated.contains(&(u, m)), "event {e}"),
            }
        }
        for rank in 1..rr.event.len() as u32 {
            let (a, b) = (pair(rr.event(rank - 1)), pair(rr.event(rank)));
            if rr.slot(rank - 1) == rr.slot(rank) {
                assert_eq!((a.0, a.1), (b.0, b.1));
                assert!(a.2 < b.2, "ranks {} {rank}", rank - 1);
            }
        }
    }
}
