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
