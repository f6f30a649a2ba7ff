//! Appending a ratings file to a loaded dataset, incrementally: the new
//! lines are cleaned against the dataset's users and movies (unknown ones
//! are rejected with the usual reasons), re-ratings are resolved across the
//! files as within one (per user and movie the latest wins; a tie, the
//! later file), the superseded rows leave the dataset and the new ones
//! join it, and a [`DashboardState`] follows: the superseded rows are
//! retracted and the new ones added, with no pass over the other rows. The
//! result equals the load of the files concatenated.

use std::collections::HashMap;
use std::ops::Range;

use crate::analytics::DashboardState;
use crate::clean::{Cleaner, Reject, RejectReason};
use crate::ingest::lines::LineSplitter;
use crate::table::{calendar, Dataset};
use crate::time::month_index;
use crate::vocab::FileKind;

/// What [`Dataset::append`] changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// Rows of the dataset before that a new rating superseded: they left.
    pub superseded: Vec<u32>,
    /// The new rows, in the dataset after.
    pub added: Range<usize>,
    /// New ratings rejected because an older file's rating of the same
    /// user and movie is later.
    pub older: u64,
    /// The state followed all of it incrementally (`false`: it was
    /// recomputed, because a movie crossed the filter's minimum ratings or
    /// the filter is as of an instant).
    pub incremental: bool,
}

/// The new file's ratings after cleaning, with those that lose to an old
/// rating marked.
struct Incoming {
    cleaned: crate::clean::Cleaned,
    /// Per new row: kept (it is newer than any old rating of its pair).
    keep: Vec<bool>,
    /// (old row, new row) for each old rating superseded.
    superseded: Vec<(u32, u32)>,
    /// (old row, new row) for each new rating an old one outlasts.
    outlasted: Vec<(u32, u32)>,
}

impl Dataset {
    /// Appends the ratings file `bytes` (named `name` in the lineage and
    /// the rejects) and updates `state`, if given, to the dataset after.
    ///
    /// ```
    /// use movielens_core::analytics::{dashboard, DashboardState, Filter};
    /// use movielens_core::{load::load_bytes, table::Dataset};
    /// let users = b"1::F::1::10::48067\n2::M::25::3::11111\n";
    /// let movies = b"1::A (1995)::Drama\n";
    /// let mut ds = Dataset::new(load_bytes(&[("u", &users[..]), ("m", movies), ("r", b"1::1::3::100\n")]).unwrap());
    /// let mut state = DashboardState::new(&ds, &Filter::default());
    /// state.update(&ds, 0..ds.len());
    /// let a = ds.append("r2.dat", b"1::1::5::200\n2::1::4::150\n9::1::1::1\n", Some(&mut state));
    /// assert_eq!((a.superseded.as_slice(), a.added.clone()), (&[0u32][..], 0..2));
    /// assert_eq!(ds.lineage.appended[0].rejected_total(), 1);
    /// assert_eq!(state.finish(&ds, 1), dashboard(&ds, &Filter::default(), 1));
    /// ```
    pub fn append(
        &mut self,
        name: &str,
        bytes: &[u8],
        state: Option<&mut DashboardState>,
    ) -> Appended {
        let incoming = self.incoming(name, bytes);
        let superseded: Vec<u32> = incoming.superseded.iter().map(|s| s.0).collect();
        // As of an instant the state is recomputed anyway: no need to know.
        let before_fails = state
            .as_ref()
            .filter(|s| s.filter().as_of.is_none())
            .map(|s| s.filter().movie_fails(self));
        let mut state = state;
        if let Some(s) = state.as_deref_mut() {
            s.retract_rows(self, &superseded);
        }
        let first_month = self.first_month;
        let older = incoming.keep.iter().filter(|k| !**k).count() as u64;
        let added = self.apply(name, incoming);
        let mut incremental = false;
        if let Some(s) = state {
            let filter = s.filter().clone();
            incremental = filter.as_of.is_none()
                && before_fails.is_some_and(|f| f == filter.movie_fails(self));
            if incremental {
                s.remonth(
                    i64::from(first_month) - i64::from(self.first_month),
                    self.months,
                );
                s.update(self, added.clone());
            } else {
                *s = DashboardState::new(self, &filter);
                s.update(self, 0..self.len());
                s.update_history(self);
            }
        }
        Appended {
            superseded,
            added,
            older,
            incremental,
        }
    }

    /// Cleans the new file against the users and movies, and resolves its
    /// ratings against the old ones.
    fn incoming(&self, name: &str, bytes: &[u8]) -> Incoming {
        // The dataset's rating steps; an appended file is `::`-separated and
        // names only users the dataset has (raters of a release without a
        // users file included): a new one is `unknown_user`.
        let mut cleaner =
            Cleaner::seeded(&self.users, &self.movies).with_schema(crate::model::Schema {
                demographics: true,
                ..self.schema
            });
        cleaner.lineage_mut().ratings.name = name.to_owned();
        let mut splitter = LineSplitter::new();
        splitter.feed(bytes, |line| cleaner.line(FileKind::Ratings, line));
        splitter.finish(|line| cleaner.line(FileKind::Ratings, line));
        let mut cleaned = cleaner.finish();
        cleaned.lineage.ratings.bytes = splitter.bytes();
        let new = &cleaned.ratings;
        let mut keep = vec![true; new.len()];
        let mut superseded = Vec::new();
        let mut outlasted = Vec::new();
        for (r, j) in self.re_rated(new) {
            if new.ts[j as usize] >= self.ratings.ts[r as usize] {
                superseded.push((r, j));
            } else {
                keep[j as usize] = false;
                outlasted.push((r, j));
            }
        }
        Incoming {
            cleaned,
            keep,
            superseded,
            outlasted,
        }
    }
}

impl Dataset {
    /// The (old row, new row) pairs of the same user and movie, by old
    /// row. The new rows are grouped by user (a counting sort) and their
    /// pairs marked in a bitmap (ML-1M: 3 MB of bits; past 2^27 pairs a
    /// pair's bit is shared, a filter), so the pass over the old rows is a
    /// bit test each; a hit is looked up among its user's new rows.
    fn re_rated(&self, new: &crate::model::Ratings) -> Vec<(u32, u32)> {
        let movies = self.movies.len() as u64;
        let universe = self.users.len() as u64 * movies;
        // A pair's own bit while they fit in 2^27 bits, else a hash of it
        // (a multiply and a shift: no division in the pass over old rows).
        let shared = universe > 1 << 27;
        let nbits = universe.clamp(1, 1 << 27);
        let bit = |u: u32, m: u32| {
            let pair = u64::from(u) * movies + u64::from(m);
            if shared {
                pair.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 27)
            } else {
                pair
            }
        };
        let mut bits = vec![0u64; (nbits as usize).div_ceil(64)];
        // start[u]..start[u + 1]: user u's new rows in `by_user`.
        let mut start = vec![0u32; self.users.len() + 1];
        for (&u, &m) in new.user.iter().zip(&new.movie) {
            start[u as usize + 1] += 1;
            let b = bit(u, m);
            bits[(b / 64) as usize] |= 1 << (b % 64);
        }
        for u in 0..self.users.len() {
            start[u + 1] += start[u];
        }
        let mut by_user = vec![0u32; new.len()];
        let mut fill = start.clone();
        for (j, &u) in new.user.iter().enumerate() {
            by_user[fill[u as usize] as usize] = j as u32;
            fill[u as usize] += 1;
        }
        let mut out = Vec::new();
        let old = &self.ratings;
        for (r, (&u, &m)) in old.user.iter().zip(&old.movie).enumerate() {
            let b = bit(u, m);
            if bits[(b / 64) as usize] & (1 << (b % 64)) == 0 {
                continue;
            }
            let own = &by_user[start[u as usize] as usize..start[u as usize + 1] as usize];
            if let Some(&j) = own.iter().find(|&&j| new.movie[j as usize] == m) {
                out.push((r as u32, j));
            }
        }
        out
    }

    /// Moves the resolved new file in: rejects and lineage, history, the
    /// superseded rows out, the kept new rows in, the calendar columns.
    /// Returns the new rows.
    fn apply(&mut self, name: &str, inc: Incoming) -> Range<usize> {
        let Incoming {
            cleaned,
            keep,
            superseded,
            outlasted,
        } = inc;
        let new = &cleaned.ratings;
        let dup = RejectReason::DuplicateRating.index();
        let mut lineage = cleaned.lineage.ratings.clone();
        for &(r, j) in &superseded {
            let (r, j) = (r as usize, j as usize);
            let f = self.appended_from.partition_point(|&s| s <= r);
            let old = match f {
                0 => &mut self.lineage.ratings,
                f => &mut self.lineage.appended[f - 1],
            };
            old.rejected[dup] += 1;
            old.accepted -= 1;
            let later = if new.ts[j] == self.ratings.ts[r] {
                "the same"
            } else {
                "a later"
            };
            let detail = format!(
                "UserID {} rated MovieID {} again in {name} on line {} with {later} timestamp; that one is kept",
                self.users.id[new.user[j] as usize],
                self.movies.id[new.movie[j] as usize],
                cleaned.rating_lines[j]
            );
            self.rejects
                .push(self.duplicate(r, u64::from(self.rating_lines[r]), detail));
        }
        for j in (0..new.len()).filter(|&j| !keep[j]) {
            lineage.rejected[dup] += 1;
            lineage.accepted -= 1;
            let detail = format!(
                "{name}: UserID {} rated MovieID {} with a later timestamp in a file before; that one is kept",
                self.users.id[new.user[j] as usize],
                self.movies.id[new.movie[j] as usize],
            );
            self.rejects.push(Reject {
                file: FileKind::Ratings,
                line: u64::from(cleaned.rating_lines[j]),
                reason: RejectReason::DuplicateRating,
                detail,
                raw: format!(
                    "{}::{}::{}::{}",
                    self.users.id[new.user[j] as usize],
                    self.movies.id[new.movie[j] as usize],
                    new.halves[j],
                    new.ts[j]
                ),
            });
        }
        self.rejects.extend(cleaned.rejects.iter().map(|r| Reject {
            detail: format!("{name}: {}", r.detail),
            ..r.clone()
        }));
        self.flags.extend(cleaned.flags.iter().cloned());
        self.lineage.appended.push(lineage);
        self.keep_history(&cleaned, &superseded, &outlasted);
        let kept = keep.iter().filter(|&&k| k).count();
        self.drop_superseded(&superseded, kept);
        let start = self.len();
        for j in (0..new.len()).filter(|&j| keep[j]) {
            let (u, m) = (new.user[j], new.movie[j]);
            self.ratings.user.push(u);
            self.ratings.movie.push(m);
            self.ratings.halves.push(new.halves[j]);
            self.ratings.ts.push(new.ts[j]);
            self.rating_lines.push(cleaned.rating_lines[j]);
            self.user_ratings[u as usize] += 1;
            self.movie_ratings[m as usize] += 1;
        }
        self.appended_from.push(start);
        self.recalendar(start);
        start..self.len()
    }

    /// The reject row of old row `r`, a duplicate.
    fn duplicate(&self, r: usize, line: u64, detail: String) -> Reject {
        Reject {
            file: FileKind::Ratings,
            line,
            reason: RejectReason::DuplicateRating,
            detail,
            raw: format!(
                "{}::{}::{}::{}",
                self.users.id[self.ratings.user[r] as usize],
                self.movies.id[self.ratings.movie[r] as usize],
                self.ratings.halves[r],
                self.ratings.ts[r]
            ),
        }
    }

    /// The superseded ratings that counted for a while join the history,
    /// their lines counted through the files in order (as if the files
    /// were one). A pair the new file shares with an old rating is
    /// threaded again: its events of both files (the old current rating,
    /// its old history, the new file's) in (timestamp, line) order, each
    /// counting until the next one's timestamp.
    fn keep_history(
        &mut self,
        cleaned: &crate::clean::Cleaned,
        superseded: &[(u32, u32)],
        outlasted: &[(u32, u32)],
    ) {
        let offsets = self.line_offsets();
        let base = offsets[offsets.len() - 2];
        let (new, nh) = (&cleaned.ratings, &cleaned.history);
        let pair = |u: u32, m: u32| (u64::from(u) << 32) | u64::from(m);
        // Per shared pair, its events as (time << 32 | line, half stars):
        // sorted with the (u64, u32) instance the wasm already has.
        let ev = |ts: u32, line: u32, s: u8| (u64::from(ts) << 32 | u64::from(line), u32::from(s));
        let mut chains: HashMap<u64, Vec<(u64, u32)>> = HashMap::new();
        for &(r, j) in superseded.iter().chain(outlasted) {
            let (r, j) = (r as usize, j as usize);
            let file = self.appended_from.partition_point(|&s| s <= r);
            let old = &self.ratings;
            let first = ev(
                old.ts[r],
                offsets[file] + self.rating_lines[r],
                old.halves[r],
            );
            let second = ev(new.ts[j], base + cleaned.rating_lines[j], new.halves[j]);
            chains.insert(pair(old.user[r], old.movie[r]), vec![first, second]);
        }
        let h = std::mem::take(&mut self.history);
        let mut rows: Vec<(u32, u32, u8, u32, u32, u32)> = Vec::with_capacity(h.len() + nh.len());
        let old_rows = (0..h.len()).map(|i| {
            (
                h.user[i],
                h.movie[i],
                h.halves[i],
                h.ts[i],
                h.line[i],
                h.until[i],
            )
        });
        let new_rows = (0..nh.len()).map(|i| {
            let line = base + nh.line[i];
            (
                nh.user[i],
                nh.movie[i],
                nh.halves[i],
                nh.ts[i],
                line,
                nh.until[i],
            )
        });
        for (u, m, s, ts, line, until) in old_rows.chain(new_rows) {
            match chains.get_mut(&pair(u, m)) {
                Some(chain) => chain.push(ev(ts, line, s)),
                None => rows.push((u, m, s, ts, line, until)),
            }
        }
        for (&p, chain) in &mut chains {
            chain.sort_unstable();
            for w in chain.windows(2) {
                let ((key, s), next) = (w[0], w[1].0);
                let (ts, line, until) = ((key >> 32) as u32, key as u32, (next >> 32) as u32);
                if until > ts {
                    rows.push(((p >> 32) as u32, p as u32, s as u8, ts, line, until));
                }
            }
        }
        let mut h = crate::clean::History {
            first_month: h.first_month,
            ..Default::default()
        };
        for (u, m, s, ts, line, until) in rows {
            h.user.push(u);
            h.movie.push(m);
            h.halves.push(s);
            h.ts.push(ts);
            h.line.push(line);
            h.until.push(until);
        }
        self.history = h;
        // Sorted by (timestamp, line) again.
        let h = &mut self.history;
        // (timestamp << 32 | line, row) pairs: the sort the load has
        // already (the bundle carries one copy of it).
        let mut keyed: Vec<(u64, u32)> = (0..h.ts.len())
            .map(|i| ((u64::from(h.ts[i]) << 32) | u64::from(h.line[i]), i as u32))
            .collect();
        keyed.sort_unstable();
        let order: Vec<usize> = keyed.iter().map(|k| k.1 as usize).collect();
        fn permute<T: Copy>(col: &mut Vec<T>, order: &[usize]) {
            *col = order.iter().map(|&i| col[i]).collect();
        }
        permute(&mut h.user, &order);
        permute(&mut h.movie, &order);
        permute(&mut h.halves, &order);
        permute(&mut h.ts, &order);
        permute(&mut h.line, &order);
        permute(&mut h.until, &order);
    }

    /// Per ratings file, in order (the loaded one, then each appended):
    /// the lines of the files before it, and last the lines of all. A
    /// row's line counted through the files is its file's offset plus its
    /// line (history lines are counted so).
    pub(crate) fn line_offsets(&self) -> Vec<u32> {
        let files = std::iter::once(&self.lineage.ratings).chain(&self.lineage.appended);
        let mut offsets = vec![0u32];
        for f in files {
            offsets.push(offsets[offsets.len() - 1] + f.lines as u32);
        }
        offsets
    }

    /// Removes the superseded rows (sorted), keeping the others' order,
    /// and makes room for `extra` more rows (no reallocation when the new
    /// rows are pushed).
    fn drop_superseded(&mut self, superseded: &[(u32, u32)], extra: usize) {
        for &(r, _) in superseded {
            let r = r as usize;
            self.user_ratings[self.ratings.user[r] as usize] -= 1;
            self.movie_ratings[self.ratings.movie[r] as usize] -= 1;
        }
        // The runs between dead rows move down in place, a block copy
        // each; then room for the new rows (a reallocation moves pages,
        // it does not copy them, where the allocator can).
        fn keep<T: Copy>(col: &mut Vec<T>, dead: &[(u32, u32)], extra: usize) {
            if let Some(&(first, _)) = dead.first() {
                let mut to = first as usize;
                for (k, &(r, _)) in dead.iter().enumerate() {
                    let end = dead.get(k + 1).map_or(col.len(), |d| d.0 as usize);
                    col.copy_within(r as usize + 1..end, to);
                    to += end - r as usize - 1;
                }
                col.truncate(to);
            }
            col.reserve_exact(extra);
        }
        for s in &mut self.appended_from {
            *s -= superseded.partition_point(|&(r, _)| (r as usize) < *s);
        }
        keep(&mut self.ratings.user, superseded, extra);
        keep(&mut self.ratings.movie, superseded, extra);
        keep(&mut self.ratings.halves, superseded, extra);
        keep(&mut self.ratings.ts, superseded, extra);
        keep(&mut self.rating_lines, superseded, extra);
        keep(&mut self.month, superseded, extra);
        keep(&mut self.weekhour, superseded, extra);
    }

    /// The rating-time span again, the old rows' months moved if the first
    /// month moved, the new rows' (from `start`) calendar, the history's.
    fn recalendar(&mut self, start: usize) {
        let span = self
            .ratings
            .ts
            .iter()
            .fold(None, |span: Option<(u32, u32)>, &t| match span {
                Some((lo, hi)) => Some((lo.min(t), hi.max(t))),
                None => Some((t, t)),
            });
        self.first_ts = span.map(|s| s.0);
        self.last_ts = span.map(|s| s.1);
        let first_month = self.first_ts.map_or(0, month_index);
        if first_month != self.first_month {
            let shift = i64::from(self.first_month) - i64::from(first_month);
            for m in &mut self.month[..start] {
                *m = (i64::from(*m) + shift) as u16;
            }
            self.first_month = first_month;
        }
        let (month, weekhour) = calendar(&self.ratings.ts[start..], first_month);
        self.month.extend(month);
        self.weekhour.extend(weekhour);
        self.months = self
            .last_ts
            .map_or(0, |t| (month_index(t) - first_month) as usize + 1);
        let h = &mut self.history;
        h.first_month =
            h.ts.first()
                .map_or(first_month, |&t| month_index(t).min(first_month));
        (h.month, h.weekhour) = calendar(&h.ts, h.first_month);
    }
}
