//! [`Standing`]: the rating that stands for each (user, movie) rated so far
//! in a load in progress (the latest; a tie, the later line), found in a
//! few nanoseconds per new rating.

/// A standing rating of a user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rated {
    pub(super) movie: u32,
    pub(super) ts: u32,
    pub(super) halves: u8,
}

/// What a rating offered to [`Standing`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arrival {
    /// The first of its pair.
    New,
    /// It superseded this one (it is not older).
    Supersedes(Rated),
    /// It is older than the one standing: dropped.
    Older,
}

/// Past this many pairs a pair's bit is shared (a multiply-shift hash of
/// it): the bitmap is then a filter, 16 MB at most.
const MAX_BITS: u64 = 1 << 27;

/// The standing ratings, a list per user. The files are grouped by user,
/// so a user's list is at hand; a bitmap of the pairs seen tells a new
/// pair (most ratings) without a search, and it is appended. Only a
/// re-rating looks its pair up, in its user's list. A third of a hash
/// map's memory, and no rehashing of millions of pairs as it grows.
#[derive(Debug, Clone)]
pub(super) struct Standing {
    by_user: Vec<Vec<Rated>>,
    /// One bit per (user, movie) seen (or per hash of it).
    seen: Vec<u64>,
    movies: u64,
    hashed: bool,
    len: usize,
}

impl Standing {
    pub(super) fn new(users: usize, movies: usize) -> Standing {
        let universe = users as u64 * movies as u64;
        let bits = universe.clamp(1, MAX_BITS);
        // Not `vec![Vec::new(); users]`: no clone of a vector in the wasm.
        let mut by_user = Vec::new();
        by_user.resize_with(users, Vec::new);
        Standing {
            by_user,
            seen: vec![0; bits.div_ceil(64) as usize],
            movies: movies as u64,
            hashed: universe > MAX_BITS,
            len: 0,
        }
    }

    /// Ratings standing: one per pair seen.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Resolves a rating of `user`'s, later in the file than every one
    /// offered before, against the one standing for its pair.
    #[inline]
    pub(super) fn offer(&mut self, user: u32, rated: Rated) -> Arrival {
        let mut bit = u64::from(user) * self.movies + u64::from(rated.movie);
        if self.hashed {
            bit = bit.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 27);
        }
        let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
        let seen = self.seen[word] & mask != 0;
        self.seen[word] |= mask;
        if seen {
            if let Some(at) = self.find(user, rated.movie) {
                let standing = &mut self.by_user[user as usize][at];
                // The later line wins a tie.
                if rated.ts < standing.ts {
                    return Arrival::Older;
                }
                return Arrival::Supersedes(std::mem::replace(standing, rated));
            }
        }
        self.by_user[user as usize].push(rated);
        self.len += 1;
        Arrival::New
    }

    /// The rating standing for `(user, movie)`, if any.
    pub(super) fn get(&self, user: u32, movie: u32) -> Option<Rated> {
        let at = self.find(user, movie)?;
        Some(self.by_user[user as usize][at])
    }

    /// Where `movie` is in `user`'s list: a scan, at most as long as the
    /// movies (a sorted list would cost a sort in the page's wasm, and
    /// only re-ratings look).
    fn find(&self, user: u32, movie: u32) -> Option<usize> {
        self.by_user[user as usize]
            .iter()
            .rposition(|r| r.movie == movie)
    }

    /// Every standing rating with its user, user by user.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, Rated)> + '_ {
        self.by_user
            .iter()
            .enumerate()
            .flat_map(|(u, list)| list.iter().map(move |&r| (u as u32, r)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_stands_and_a_tie_goes_to_the_later() {
        let r = |movie, ts, halves| Rated { movie, ts, halves };
        for (users, movies) in [(3, 100), (1 << 14, 1 << 14)] {
            let mut s = Standing::new(users, movies);
            assert_eq!(s.hashed, users * movies > 1 << 27);
            for m in (0..80).rev() {
                assert_eq!(s.offer(2, r(m, 10, 1)), Arrival::New);
            }
            assert_eq!(s.offer(2, r(5, 9, 2)), Arrival::Older);
            assert_eq!(s.offer(2, r(5, 10, 3)), Arrival::Supersedes(r(5, 10, 1)));
            assert_eq!(s.offer(2, r(5, 11, 4)), Arrival::Supersedes(r(5, 10, 3)));
            assert_eq!(s.offer(1, r(5, 1, 5)), Arrival::New);
            for m in [95, 90] {
                assert_eq!(s.offer(2, r(m, 10, 1)), Arrival::New);
            }
            assert_eq!(s.offer(2, r(90, 12, 2)), Arrival::Supersedes(r(90, 10, 1)));
            assert_eq!(s.offer(2, r(95, 9, 2)), Arrival::Older);
            assert_eq!(
                (s.len(), s.get(2, 5), s.get(0, 5)),
                (83, Some(r(5, 11, 4)), None)
            );
            assert_eq!(s.iter().next(), Some((1, r(5, 1, 5))));
        }
    }
}
