//! A snapshot of a cleaning under way (progressive load): the tables
//! accepted so far, duplicates among the ratings so far resolved, as a
//! [`Cleaned`] equal to the batch cleaning of the lines given so far.

use super::dedupe::losers;
use super::{Cleaned, Cleaner, RejectReason};
use crate::model::{Movies, Ratings, Users};

impl Cleaner {
    /// The users and movies accepted so far.
    pub fn tables(&self) -> (&Users, &Movies) {
        (&self.users, &self.movies)
    }

    /// The provisional ratings so far, with the line of each: every
    /// accepted rating in line order, duplicates not yet resolved (a
    /// compaction may have dropped some that lost). Lines strictly grow
    /// from row to row, so the rows after a line are found by a binary
    /// search whatever was compacted (lines past `u32::MAX`, which a file
    /// the page or a 2 GB zip entry can hold cannot reach, would all read
    /// as `u32::MAX`).
    pub fn provisional_ratings(&self) -> (&Ratings, &[u32]) {
        (&self.ratings, &self.rating_line)
    }

    /// The cleaned tables of the lines given so far, without ending the
    /// cleaning: users and movies, the ratings with their duplicates
    /// resolved (the latest wins, a tie the later line), and the lineage
    /// counted so far. It equals [`Cleaner::finish`] of a cleaner given
    /// the same lines, except that it keeps no rejected rows, warnings or
    /// history (only their counts, in the lineage): it is for provisional
    /// dashboards. Costs a copy of the rating columns.
    ///
    /// ```
    /// use movielens_core::clean::Cleaner;
    /// use movielens_core::ingest::lines::Line;
    /// use movielens_core::FileKind;
    /// let mut c = Cleaner::new();
    /// let line = |bytes, number| Line { bytes, number, truncated: false };
    /// c.line(FileKind::Users, line(b"1::F::1::10::48067", 1));
    /// c.line(FileKind::Movies, line(b"7::Heat (1995)::Action", 1));
    /// c.line(FileKind::Ratings, line(b"1::7::3::100", 1));
    /// c.line(FileKind::Ratings, line(b"1::7::5::200", 2));
    /// let now = c.snapshot();
    /// assert_eq!((now.ratings.halves.as_slice(), now.rating_lines.as_slice()), (&[10u8][..], &[2u32][..]));
    /// c.line(FileKind::Ratings, line(b"1::7::1::300", 3));
    /// assert_eq!(c.snapshot().ratings.halves, [2]); // in half stars
    /// ```
    pub fn snapshot(&self) -> Cleaned {
        let mut ratings = self.ratings.clone();
        let mut lines = self.rating_line.clone();
        let lost = losers(&ratings, self.movies.len());
        let mut lineage = self.lineage.clone();
        lineage.ratings.rejected[RejectReason::DuplicateRating.index()] += lost.len() as u64;
        if !lost.is_empty() {
            let mut dead = vec![false; ratings.len()];
            for r in lost {
                dead[r as usize] = true;
            }
            drop_dead(&mut ratings, &mut lines, &dead);
        }
        lineage.ratings.accepted = ratings.len() as u64;
        Cleaned {
            users: self.users.clone(),
            movies: self.movies.clone(),
            ratings,
            rejects: Vec::new(),
            flags: Vec::new(),
            user_lines: self.user_line.clone(),
            movie_lines: self.movie_line.clone(),
            rating_lines: lines,
            history: super::History::default(),
            lineage,
            schema: self.schema,
        }
    }
}

/// Keeps the rows not marked dead, in order.
fn drop_dead(ratings: &mut Ratings, lines: &mut Vec<u32>, dead: &[bool]) {
    fn keep<T: Copy>(col: &mut Vec<T>, dead: &[bool]) {
        let mut at = 0;
        col.retain(|_| {
            at += 1;
            !dead[at - 1]
        });
    }
    keep(&mut ratings.user, dead);
    keep(&mut ratings.movie, dead);
    keep(&mut ratings.halves, dead);
    keep(&mut ratings.ts, dead);
    keep(lines, dead);
}
