//! [`ProgressiveDashboard`]: the dashboard of a load in progress, kept up
//! to date as the ratings come, at a cost per chunk that grows with the
//! chunk, not with the ratings read before it.

use super::standing::{Arrival, Rated, Standing};
use super::{Dashboard, DashboardState, Dimension, Filter};
use crate::clean::{Cleaned, Cleaner};
use crate::model::Ratings;
use crate::table::{calendar, Dataset};

/// Ratings gathered to be added to or retracted from the state at a time
/// (a dashboard rebuilt over millions of ratings needs no copy of them
/// all).
const BATCH: usize = 1 << 16;

/// The dashboard of the ratings a [`Cleaner`] has accepted so far, for one
/// filter at a time, equal to the batch dashboard of those ratings: for
/// each (user, movie) the latest rating stands (a tie: the later line),
/// as [`Cleaner::snapshot`] resolves them.
///
/// [`push`](Self::push) takes the ratings accepted since the last push:
/// each new pair's rating is added to a [`DashboardState`]; a re-rating
/// that is not older than the rating standing for its pair retracts that
/// one and is added, an older one is dropped. The months of the chart
/// follow the span of the standing ratings as it grows (or shrinks: the
/// only rating of the first month superseded by a later one). A movie
/// whose count crosses the filter's minimum has its ratings counted again
/// under its new standing. [`dashboard`](Self::dashboard) finishes the
/// state: no pass over the ratings, unless the filter changed (then the
/// state is rebuilt once from the standing ratings).
///
/// Users and movies must be complete before the first push (the load
/// plan reads them first); if more came later, the next push starts over.
///
/// ```
/// use movielens_core::analytics::{dashboard, Filter, ProgressiveDashboard};
/// use movielens_core::clean::Cleaner;
/// use movielens_core::ingest::lines::Line;
/// use movielens_core::table::Dataset;
/// use movielens_core::FileKind;
/// let mut c = Cleaner::new();
/// let line = |bytes, number| Line { bytes, number, truncated: false };
/// c.line(FileKind::Users, line(b"1::F::1::10::48067", 1));
/// c.line(FileKind::Movies, line(b"7::Heat (1995)::Action", 1));
/// let mut live = ProgressiveDashboard::new(&c);
/// c.line(FileKind::Ratings, line(b"1::7::3::100", 1));
/// live.push(&c);
/// c.line(FileKind::Ratings, line(b"1::7::5::3000000", 2));
/// live.push(&c);
/// let all = Filter::default();
/// let d = live.dashboard(&all, 1);
/// assert_eq!((d.kpis.ratings, d.kpis.mean), (1, Some(5.0)));
/// assert_eq!(d, dashboard(&Dataset::new(c.snapshot()), &all, 1));
/// ```
#[derive(Debug, Clone)]
pub struct ProgressiveDashboard {
    /// The users and movies, the standing ratings' month span and count
    /// per movie: what the dashboard reads (no rating columns, no counts
    /// per user).
    ds: Dataset,
    /// The standing rating of each (user, movie) rated.
    standing: Standing,
    /// Per movie: the users with a standing rating of it, while the
    /// state's filter has a minimum of ratings (empty otherwise).
    raters: Vec<Vec<u32>>,
    /// Per month index (months since 1970-01): standing ratings made in it.
    month_rows: Vec<u32>,
    /// The line of the last rating taken (lines count from 1).
    taken: u32,
    /// The state of the filter asked for last, if any.
    state: Option<DashboardState>,
    /// With the state's filter as of an instant: per movie, the standing
    /// ratings made before it (the minimum-ratings test counts those; not
    /// followed without an instant).
    before: Vec<u32>,
}

/// Ratings gathered from wherever they are kept.
#[derive(Debug, Default)]
struct Batch {
    user: Vec<u32>,
    movie: Vec<u32>,
    halves: Vec<u8>,
    ts: Vec<u32>,
    /// Per rating, once [`dated`](Batch::dated): its month index (months
    /// since 1970-01) and `weekday * 24 + hour`.
    month: Vec<u16>,
    weekhour: Vec<u8>,
}

impl Batch {
    #[inline]
    fn push(&mut self, user: u32, r: Rated) {
        self.user.push(user);
        self.movie.push(r.movie);
        self.halves.push(r.halves);
        self.ts.push(r.ts);
    }

    /// Works out the calendar of the ratings gathered (once).
    fn dated(&mut self) -> &[u16] {
        if self.month.len() != self.ts.len() {
            (self.month, self.weekhour) = calendar(&self.ts, 0);
        }
        &self.month
    }

    /// Adds (`retract`: removes) the ratings gathered to `state`, their
    /// months counted from `ds`'s first month, and forgets them. They pass
    /// through the rating columns of `ds` (empty otherwise), so that the
    /// state's own passes over a dataset's rows count them: no other copy
    /// of that loop in the page's wasm.
    fn apply(&mut self, state: &mut DashboardState, ds: &mut Dataset, retract: bool) {
        if self.user.is_empty() {
            return;
        }
        let first = ds.first_month as u16;
        self.dated();
        // Each rating's month is in the dataset's span (it stands, or it
        // was standing until this chunk, whose months the span covers).
        ds.month.clear();
        ds.month.extend(self.month.iter().map(|&m| m - first));
        self.swap(ds);
        if retract {
            let rows: Vec<u32> = (0..ds.len() as u32).collect();
            state.retract_rows(ds, &rows);
        } else {
            state.update(ds, 0..ds.len());
        }
        self.swap(ds);
        ds.month.clear();
        self.clear();
    }

    /// Swaps the columns gathered with those of `ds`.
    fn swap(&mut self, ds: &mut Dataset) {
        std::mem::swap(&mut self.user, &mut ds.ratings.user);
        std::mem::swap(&mut self.movie, &mut ds.ratings.movie);
        std::mem::swap(&mut self.halves, &mut ds.ratings.halves);
        std::mem::swap(&mut self.ts, &mut ds.ratings.ts);
        std::mem::swap(&mut self.weekhour, &mut ds.weekhour);
    }

    fn clear(&mut self) {
        self.user.clear();
        self.movie.clear();
        self.halves.clear();
        self.ts.clear();
        self.month.clear();
        self.weekhour.clear();
    }
}

impl ProgressiveDashboard {
    /// Starts following `cleaner`, whose users and movies are complete
    /// (its ratings so far are taken by the first [`push`](Self::push)).
    pub fn new(cleaner: &Cleaner) -> ProgressiveDashboard {
        let (users, movies) = cleaner.tables();
        let ds = Dataset::new(Cleaned {
            users: users.clone(),
            movies: movies.clone(),
            ratings: Ratings::default(),
            rejects: Vec::new(),
            flags: Vec::new(),
            user_lines: Vec::new(),
            movie_lines: Vec::new(),
            rating_lines: Vec::new(),
            history: crate::clean::History::default(),
            lineage: crate::lineage::Lineage::default(),
            schema: cleaner.schema(),
        });
        ProgressiveDashboard {
            // Made with the state that needs them.
            raters: Vec::new(),
            standing: Standing::new(ds.users.len(), ds.movies.len()),
            ds,
            month_rows: Vec::new(),
            taken: 0,
            state: None,
            before: Vec::new(),
        }
    }

    /// Standing ratings: one per (user, movie) rated so far.
    pub fn len(&self) -> usize {
        self.standing.len()
    }

    /// Whether no rating was taken yet.
    pub fn is_empty(&self) -> bool {
        self.standing.len() == 0
    }

    /// Takes the ratings `cleaner` accepted since the last push (the same
    /// cleaner every time), updating the state of the filter followed.
    pub fn push(&mut self, cleaner: &Cleaner) {
        let (users, movies) = cleaner.tables();
        if users.len() != self.ds.users.len() || movies.len() != self.ds.movies.len() {
            *self = ProgressiveDashboard::new(cleaner);
        }
        let (ratings, lines) = cleaner.provisional_ratings();
        let from = lines.partition_point(|&l| l <= self.taken);
        if let Some(&last) = lines.last().filter(|_| from < lines.len()) {
            self.taken = last;
            self.take(ratings, from);
        }
    }

    /// The dashboard of the standing ratings for `filter` (see
    /// [`dashboard`](super::dashboard)); a filter other than the last one
    /// asked for costs one pass over them, later pushes follow it.
    pub fn dashboard(&mut self, filter: &Filter, top_min_ratings: u64) -> Dashboard {
        let state = match self.state.take() {
            Some(state) if state.filter() == filter => state,
            _ => self.rebuild(filter),
        };
        // A picked movie's count is its ratings as they stood then: the
        // counts before the instant stand in for the dataset's meanwhile.
        let as_of = filter.as_of.is_some();
        if as_of {
            std::mem::swap(&mut self.ds.movie_ratings, &mut self.before);
        }
        let d = state.finish(&self.ds, top_min_ratings);
        if as_of {
            std::mem::swap(&mut self.ds.movie_ratings, &mut self.before);
        }
        self.state = Some(state);
        d
    }

    /// Resolves the ratings of `ratings` from row `from` on against the
    /// standing ones and follows the changes in the state.
    fn take(&mut self, ratings: &Ratings, from: usize) {
        let mut added = Batch::default();
        let mut gone = Batch::default();
        // With a minimum of ratings: movies whose count changed.
        let minimum = self
            .state
            .as_ref()
            .is_some_and(|s| s.filter().min_ratings > 0);
        let mut counted = Vec::new();
        let new = ratings.user[from..]
            .iter()
            .zip(&ratings.movie[from..])
            .zip(&ratings.halves[from..])
            .zip(&ratings.ts[from..]);
        for (((&u, &movie), &halves), &ts) in new {
            let rated = Rated { movie, ts, halves };
            match self.standing.offer(u, rated) {
                Arrival::New => {
                    self.ds.movie_ratings[movie as usize] += 1;
                    if minimum {
                        self.raters[movie as usize].push(u);
                        counted.push(movie);
                    }
                }
                Arrival::Supersedes(old) => gone.push(u, old),
                Arrival::Older => continue,
            }
            added.push(u, rated);
        }
        self.follow(added, gone, counted);
    }

    /// Moves the months, the counts and the state from the standing
    /// ratings before to after: `added` came, `gone` were superseded.
    fn follow(&mut self, mut added: Batch, mut gone: Batch, mut counted: Vec<u32>) {
        self.count(&mut added, 1);
        // Months of every rating added or retracted: a superseded rating
        // may be the only one of the first month.
        self.remonth();
        self.count(&mut gone, u32::MAX);
        if self
            .state
            .as_ref()
            .is_some_and(|s| s.filter().as_of.is_some())
        {
            counted.extend(&gone.movie);
        }
        if let Some(state) = self.state.as_mut() {
            added.apply(state, &mut self.ds, false);
            gone.apply(state, &mut self.ds, true);
        }
        self.recount(&counted);
        self.remonth();
    }

    /// Counts the ratings of `batch` in their months and, as of an
    /// instant, in their movies' counts before it: `step` is 1 to add
    /// them, `u32::MAX` (wrapping: -1) to take them away.
    fn count(&mut self, batch: &mut Batch, step: u32) {
        for &m in batch.dated() {
            let m = usize::from(m);
            if m >= self.month_rows.len() {
                self.month_rows.resize(m + 1, 0);
            }
            self.month_rows[m] = self.month_rows[m].wrapping_add(step);
        }
        if let Some(t) = self.state.as_ref().and_then(|s| s.filter().as_of) {
            for (&m, &ts) in batch.movie.iter().zip(&batch.ts) {
                let n = &mut self.before[m as usize];
                *n = n.wrapping_add(step * u32::from(ts < t));
            }
        }
    }

    /// Sets the dataset's (and the state's) months to the span of the
    /// months counted.
    fn remonth(&mut self) {
        let rated = |&(_, &n): &(usize, &u32)| n > 0;
        let mut it = self.month_rows.iter().enumerate();
        let (first, months) = match (it.clone().find(rated), it.rfind(rated)) {
            (Some((a, _)), Some((b, _))) => (a as u32, b - a + 1),
            _ => (0, 0),
        };
        if (first, months) == (self.ds.first_month, self.ds.months) {
            return;
        }
        if let Some(state) = self.state.as_mut() {
            state.remonth(i64::from(self.ds.first_month) - i64::from(first), months);
        }
        self.ds.first_month = first;
        self.ds.months = months;
        // No history: as of an instant the months begin at the first too.
        self.ds.history.first_month = first;
    }

    /// Movies whose count changed: those that crossed the filter's
    /// minimum ratings count again, under their new standing.
    fn recount(&mut self, movies: &[u32]) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let min = state.filter().min_ratings;
        if min == 0 {
            return;
        }
        let as_of = state.filter().as_of.is_some();
        let bit = Dimension::MinRatings.bit();
        let mut rows = Batch::default();
        let gather = |rows: &mut Batch, m: usize| {
            for &u in &self.raters[m] {
                if let Some(r) = self.standing.get(u, m as u32) {
                    rows.push(u, r);
                }
            }
        };
        for &m in movies {
            let m = m as usize;
            let count = match as_of {
                true => self.before[m],
                false => self.ds.movie_ratings[m],
            };
            let fails = (state.mfail[m] & !bit) | if count < min { bit } else { 0 };
            if fails == state.mfail[m] {
                continue;
            }
            gather(&mut rows, m);
            rows.apply(state, &mut self.ds, true);
            state.mfail[m] = fails;
            gather(&mut rows, m);
            rows.apply(state, &mut self.ds, false);
        }
    }

    /// The state of `filter` over the standing ratings, from scratch.
    fn rebuild(&mut self, filter: &Filter) -> DashboardState {
        let mut state = DashboardState::new(&self.ds, filter);
        // One pass for the counts before the instant (without one, before
        // the end of time: not used) and the users of each movie.
        let t = filter.as_of.unwrap_or(u32::MAX);
        let minimum = filter.min_ratings > 0;
        self.before = vec![0u32; self.ds.movies.len()];
        self.raters.clear();
        // Not `vec![Vec::new(); n]`: no clone of a vector in the wasm.
        self.raters.resize_with(self.ds.movies.len(), Vec::new);
        for (u, r) in self.standing.iter() {
            self.before[r.movie as usize] += u32::from(r.ts < t);
            if minimum {
                self.raters[r.movie as usize].push(u);
            }
        }
        // The minimum counts the standing ratings (as of the instant):
        // the dataset has none of its own to count.
        let counts = match filter.as_of {
            Some(_) => &self.before,
            None => &self.ds.movie_ratings,
        };
        let bit = Dimension::MinRatings.bit();
        for (fails, &n) in state.mfail.iter_mut().zip(counts) {
            *fails = (*fails & !bit) | if n < filter.min_ratings { bit } else { 0 };
        }
        let mut batch = Batch::default();
        for (u, r) in self.standing.iter() {
            batch.push(u, r);
            if batch.user.len() == BATCH {
                batch.apply(&mut state, &mut self.ds, false);
            }
        }
        batch.apply(&mut state, &mut self.ds, false);
        state
    }
}
