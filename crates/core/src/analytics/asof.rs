//! Time travel: the ratings as they stood at an instant `T` are the
//! accepted ratings made before `T`, the latest before `T` per (user,
//! movie) (a tie: the later line). A current rating counts iff `ts < T`;
//! a superseded one ([`History`](crate::clean::History)) iff
//! `ts < T <= until`.

use crate::clean::{Cleaned, History};
use crate::model::Ratings;
use crate::table::Dataset;

impl Dataset {
    /// The ratings as they stood at `t` (Unix seconds, exclusive), as a
    /// dataset of their own, in file-line order: users, movies, rejects,
    /// warnings and the lineage stay whole (they describe the files and
    /// carry no time); everything per rating is derived from the ratings
    /// as of `t`. The result has no history; after an append its lines
    /// are counted through the files in order, as if they were one.
    ///
    /// ```
    /// use movielens_core::{load::load_bytes, table::Dataset};
    /// let ds = Dataset::new(load_bytes(&[
    ///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
    ///     ("movies.dat", b"1::Toy Story (1995)::Comedy\n"),
    ///     // Rated 2 stars at 100, re-rated 5 stars at 200.
    ///     ("ratings.dat", b"1::1::5::200\n1::1::2::100\n"),
    /// ]).unwrap());
    /// assert_eq!(ds.ratings.halves, vec![10]); // in half stars
    /// assert_eq!(ds.as_of(150).ratings.halves, vec![4]);
    /// assert_eq!(ds.as_of(201).ratings.halves, vec![10]);
    /// assert!(ds.as_of(100).is_empty());
    /// ```
    pub fn as_of(&self, t: u32) -> Dataset {
        let r = &self.ratings;
        let h = &self.history;
        // Current rows are in line order already; superseded ones go
        // between them: by `line << 1 | superseded` (a sort of `(u64, u32)`
        // pairs, an instance the page's wasm has already), lines counted
        // through the files in order when some were appended.
        let offsets = self.line_offsets();
        let line = |i: usize| {
            let file = self.appended_from.partition_point(|&s| s <= i);
            offsets[file] + self.rating_lines[i]
        };
        let mut rows: Vec<(u64, u32)> = (0..r.len())
            .filter(|&i| r.ts[i] < t)
            .map(|i| (u64::from(line(i)) << 1, i as u32))
            .chain(
                h.stood_at(t)
                    .map(|i| (u64::from(h.line[i]) << 1 | 1, i as u32)),
            )
            .collect();
        if !h.is_empty() {
            rows.sort_unstable();
        }
        let mut ratings = Ratings::default();
        let mut lines = Vec::with_capacity(rows.len());
        for &(key, i) in &rows {
            let (line, old, i) = ((key >> 1) as u32, key & 1 == 1, i as usize);
            let (user, movie, stars, ts) = if old {
                (h.user[i], h.movie[i], h.halves[i], h.ts[i])
            } else {
                (r.user[i], r.movie[i], r.halves[i], r.ts[i])
            };
            ratings.user.push(user);
            ratings.movie.push(movie);
            ratings.halves.push(stars);
            ratings.ts.push(ts);
            lines.push(line);
        }
        Dataset::new(Cleaned {
            users: self.users.clone(),
            movies: self.movies.clone(),
            ratings,
            rejects: self.rejects.clone(),
            flags: self.flags.clone(),
            user_lines: self.user_lines.clone(),
            movie_lines: self.movie_lines.clone(),
            rating_lines: lines,
            history: History::default(),
            lineage: self.lineage.clone(),
            schema: self.schema,
        })
    }

    /// Per movie: its ratings as they stood at `t`.
    pub fn movie_ratings_as_of(&self, t: u32) -> Vec<u32> {
        let mut counts = vec![0u32; self.movies.len()];
        for (&m, &ts) in self.ratings.movie.iter().zip(&self.ratings.ts) {
            if ts < t {
                counts[m as usize] += 1;
            }
        }
        for i in self.history.stood_at(t) {
            counts[self.history.movie[i] as usize] += 1;
        }
        counts
    }

    /// How many ratings stood at `t`.
    pub fn ratings_as_of(&self, t: u32) -> u64 {
        let current = self.ratings.ts.iter().filter(|&&ts| ts < t).count();
        (current + self.history.stood_at(t).count()) as u64
    }
}
