//! [`DashboardState`]: the integer counts and sums every chart needs, for
//! one filter, over any subset of the ratings.

use std::ops::Range;

use super::{Dimension, Filter, Tally};
use crate::model::AGE_GROUPS;
use crate::table::Dataset;

/// User groups (gender × age group) of the per-movie cells.
pub(super) const GROUPS: usize = 2 * AGE_GROUPS.len();

/// The movie dimension's bit.
const MOVIE: u8 = Dimension::Movie.bit();

/// The dashboard's state for one filter over a set of ratings (rows of a
/// [`Dataset`]), in the shape of DataFusion's accumulators: [`update`] with
/// any ratings in any order, [`merge`] the state of other ratings,
/// [`retract`] ratings that were added, [`finish`] into a
/// [`Dashboard`](super::Dashboard).
///
/// Everything kept is an integer count or sum, so for disjoint sets of
/// ratings A and B, `state(A)` merged with `state(B)` *equals* `state(A ∪
/// B)`, and adding then retracting a set gives back the state before. What
/// depends on totals (top lists, the minimum-ratings thresholds, damped
/// means, the gender gap) is worked out by `finish`, never kept.
///
/// A state belongs to the dataset and filter it was made for: its per-user
/// and per-movie arrays are indexed by that dataset's rows, and which
/// dimensions each user and movie fails is worked out once, in [`new`].
///
/// ```
/// use movielens_core::analytics::{dashboard, DashboardState, Filter};
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n2::M::56::16::70072\n"[..]),
///     ("movies.dat", b"1::Toy Story (1995)::Animation|Children's|Comedy\n"),
///     ("ratings.dat", b"1::1::5::978300760\n2::1::3::978302109\n"),
/// ]).unwrap());
/// let filter = Filter::default();
/// let (mut first, mut second) = (DashboardState::new(&ds, &filter), DashboardState::new(&ds, &filter));
/// first.update(&ds, 0..1);
/// second.update_rows(&ds, &[1]);
/// first.merge(&second);
/// assert_eq!(first.finish(&ds, 1), dashboard(&ds, &filter, 1));
/// first.retract_rows(&ds, &[1]);
/// assert_eq!(first.finish(&ds, 1).kpis.mean, Some(5.0));
/// ```
///
/// [`update`]: DashboardState::update
/// [`merge`]: DashboardState::merge
/// [`retract`]: DashboardState::retract
/// [`finish`]: DashboardState::finish
/// [`new`]: DashboardState::new
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardState {
    pub(super) filter: Filter,
    /// Per user: the user dimensions (gender, age, occupation) it fails.
    pub(super) ufail: Vec<u8>,
    /// Per movie: the movie dimensions (genre, year, minimum ratings) it fails.
    pub(super) mfail: Vec<u8>,
    /// Per user: ratings passing every movie and time dimension.
    pub(super) per_user: Vec<Tally>,
    /// Per movie, `[movie * 10 + halves - 1]`: ratings passing every user and
    /// time dimension.
    pub(super) movie_hist: Vec<u32>,
    /// Per movie and user group, `[movie * GROUPS + group]`: count and sum
    /// of the ratings passing every dimension but the movie one.
    pub(super) cells: Vec<[u32; 2]>,
    /// Per month of the dataset: ratings passing every user and movie
    /// dimension (the month chart ignores the time filter). As of an
    /// instant, `month_lead` months come first, for superseded ratings
    /// older than every current one.
    pub(super) months: Vec<Tally>,
    /// Months before the dataset's first month in `months`.
    pub(super) month_lead: u16,
    /// Per `weekday * 24 + hour`: ratings passing every dimension.
    pub(super) weekhour: Vec<u64>,
    /// Ratings added and not retracted, whatever the filter (superseded
    /// ones included).
    rows: u64,
}

/// One rating's columns: user, movie, stars, time, month, weekday-hour.
type Row = (u32, u32, u8, u32, u16, u8);

impl DashboardState {
    /// The state of no ratings, for `filter` over `ds`.
    pub fn new(ds: &Dataset, filter: &Filter) -> DashboardState {
        let month_lead = match filter.as_of {
            Some(_) => history_lead(ds),
            None => 0,
        };
        DashboardState {
            filter: filter.clone(),
            ufail: filter.user_fails(ds),
            mfail: filter.movie_fails(ds),
            per_user: vec![Tally::default(); ds.users.len()],
            movie_hist: vec![0; ds.movies.len() * 10],
            cells: vec![[0, 0]; ds.movies.len() * GROUPS],
            months: vec![Tally::default(); ds.months + usize::from(month_lead)],
            month_lead,
            weekhour: vec![0; 7 * 24],
            rows: 0,
        }
    }

    /// The state of no ratings, for `filter` over `ds`, that superseded
    /// ratings can join ([`update_history_rows`](Self::update_history_rows)):
    /// its months begin at the history's first month, as an as-of state's
    /// do (the lambda's layers, whose events include the history).
    pub fn with_history(ds: &Dataset, filter: &Filter) -> DashboardState {
        let mut state = DashboardState::new(ds, filter);
        let lead = history_lead(ds);
        if state.month_lead != lead {
            state.months = vec![Tally::default(); ds.months + usize::from(lead)];
            state.month_lead = lead;
        }
        state
    }

    /// The filter this state counts for.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// Adds the ratings in `rows` (row indices of `ds`).
    ///
    /// # Panics
    /// When `rows` reaches past the dataset's ratings, or `ds` is not the
    /// dataset the state was made for.
    pub fn update(&mut self, ds: &Dataset, rows: Range<usize>) {
        self.accumulate::<false>(&ds.user_group, range_rows(ds, rows), self.month_lead);
    }

    /// Adds the ratings with these row indices, in any order.
    ///
    /// # Panics
    /// As [`update`](Self::update).
    pub fn update_rows(&mut self, ds: &Dataset, rows: &[u32]) {
        self.accumulate::<false>(
            &ds.user_group,
            listed_rows(Columns::of(ds), rows),
            self.month_lead,
        );
    }

    /// Adds the superseded ratings of `ds` ([`Dataset::history`]) that
    /// stood at the filter's [`as_of`](Filter::as_of) instant; nothing
    /// without one. With [`update`](Self::update) over every row, the state
    /// then counts the ratings as they stood at that instant (current rows
    /// made at or after it are skipped by every update).
    ///
    /// # Panics
    /// When `ds` is not the dataset the state was made for.
    pub fn update_history(&mut self, ds: &Dataset) {
        let Some(t) = self.filter.as_of else {
            return;
        };
        let rows: Vec<u32> = ds.history.stood_at(t).map(|i| i as u32).collect();
        self.history_rows::<false>(ds, &rows);
    }

    /// Adds superseded ratings: these rows of [`Dataset::history`], in any
    /// order.
    ///
    /// # Panics
    /// When `ds` is not the dataset the state was made for, or the state's
    /// months do not reach back to the history's first month (make it with
    /// [`with_history`](Self::with_history)).
    pub fn update_history_rows(&mut self, ds: &Dataset, rows: &[u32]) {
        self.history_rows::<false>(ds, rows);
    }

    /// Removes superseded ratings (rows of [`Dataset::history`]) that were
    /// added before.
    ///
    /// # Panics
    /// As [`update_history_rows`](Self::update_history_rows) and
    /// [`retract`](Self::retract).
    pub fn retract_history_rows(&mut self, ds: &Dataset, rows: &[u32]) {
        self.history_rows::<true>(ds, rows);
    }

    fn history_rows<const RETRACT: bool>(&mut self, ds: &Dataset, rows: &[u32]) {
        let h = &ds.history;
        let columns = Columns {
            user: &h.user,
            movie: &h.movie,
            halves: &h.halves,
            ts: &h.ts,
            month: &h.month,
            weekhour: &h.weekhour,
        };
        // History months count from the history's first month.
        let lead = self
            .month_lead
            .checked_sub(history_lead(ds))
            .expect("a state with the history's months (with_history)");
        // The listed rows' loop, not one of its own (wasm size).
        let rows = listed_rows(columns, rows);
        self.accumulate::<RETRACT>(&ds.user_group, rows, lead);
    }

    /// Removes the ratings in `rows`, which were added before.
    ///
    /// # Panics
    /// As [`update`](Self::update); retracting a rating that was not added
    /// is a logic error (an overflow panic in debug builds, wrong numbers
    /// otherwise).
    pub fn retract(&mut self, ds: &Dataset, rows: Range<usize>) {
        self.accumulate::<true>(&ds.user_group, range_rows(ds, rows), self.month_lead);
    }

    /// Removes the ratings with these row indices, which were added before.
    ///
    /// # Panics
    /// As [`retract`](Self::retract).
    pub fn retract_rows(&mut self, ds: &Dataset, rows: &[u32]) {
        self.accumulate::<true>(
            &ds.user_group,
            listed_rows(Columns::of(ds), rows),
            self.month_lead,
        );
    }

    /// Adds the ratings another state counted (disjoint from this one's).
    ///
    /// # Panics
    /// When the states were made for different filters or datasets.
    pub fn merge(&mut self, other: &DashboardState) {
        self.combine::<false>(other);
    }

    /// Removes the ratings another state counted (all of them counted here
    /// too): the expired slide of a sliding window, say.
    ///
    /// # Panics
    /// As [`merge`](Self::merge).
    pub fn retract_state(&mut self, other: &DashboardState) {
        self.combine::<true>(other);
    }

    /// How many ratings were added and not retracted, passing the filter
    /// or not.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The one pass over ratings that every update and retraction makes;
    /// `month_lead` is added to each row's month.
    /// Const-generic over the direction so the add loop stays as tight as a
    /// hand-written one.
    #[inline(always)]
    fn accumulate<const RETRACT: bool>(
        &mut self,
        user_group: &[u8],
        rows: impl Iterator<Item = Row>,
        month_lead: u16,
    ) {
        let (has_time, lo, span) = match self.filter.time {
            Some((from, to)) => (true, from, to.saturating_sub(from)),
            None => (false, 0, 0),
        };
        // Made at or after the as-of instant: not there yet.
        let as_of = self.filter.as_of.map_or(u64::MAX, u64::from);
        let DashboardState {
            ufail,
            mfail,
            per_user,
            movie_hist,
            cells,
            months,
            weekhour,
            rows: count,
            ..
        } = self;
        for (u, m, s, ts, month, wh) in rows {
            step::<RETRACT, u64>(count, 1);
            if u64::from(ts) >= as_of {
                continue;
            }
            let (u, m) = (u as usize, m as usize);
            let um = ufail[u];
            let mm = mfail[m];
            if um | mm == 0 {
                tally::<RETRACT>(&mut months[usize::from(month + month_lead)], s);
            }
            if has_time && ts.wrapping_sub(lo) >= span {
                continue;
            }
            if mm == 0 {
                tally::<RETRACT>(&mut per_user[u], s);
            }
            if um == 0 {
                step::<RETRACT, u32>(&mut movie_hist[m * 10 + usize::from(s) - 1], 1);
                // The movie lists ignore the movie filter (crossfilter).
                if mm & !MOVIE == 0 {
                    let c = &mut cells[m * GROUPS + usize::from(user_group[u])];
                    step::<RETRACT, u32>(&mut c[0], 1);
                    step::<RETRACT, u32>(&mut c[1], u32::from(s));
                    if mm == 0 {
                        step::<RETRACT, u64>(&mut weekhour[usize::from(wh)], 1);
                    }
                }
            }
        }
    }

    fn combine<const RETRACT: bool>(&mut self, other: &DashboardState) {
        assert!(
            self.filter == other.filter
                && self.ufail == other.ufail
                && self.mfail == other.mfail
                && self.months.len() == other.months.len(),
            "dashboard states of different filters or datasets do not combine"
        );
        for (a, b) in self.per_user.iter_mut().zip(&other.per_user) {
            combine_tally::<RETRACT>(a, b);
        }
        for (a, b) in self.months.iter_mut().zip(&other.months) {
            combine_tally::<RETRACT>(a, b);
        }
        for (a, b) in self.movie_hist.iter_mut().zip(&other.movie_hist) {
            step::<RETRACT, u32>(a, *b);
        }
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            step::<RETRACT, u32>(&mut a[0], b[0]);
            step::<RETRACT, u32>(&mut a[1], b[1]);
        }
        for (a, b) in self.weekhour.iter_mut().zip(&other.weekhour) {
            step::<RETRACT, u64>(a, *b);
        }
        step::<RETRACT, u64>(&mut self.rows, other.rows);
    }
}

/// Months from the history's first month to the dataset's.
fn history_lead(ds: &Dataset) -> u16 {
    ds.first_month.saturating_sub(ds.history.first_month) as u16
}

/// The ratings of a range of rows, as zipped columns: no bounds checks in
/// the loop, which matters in the size-optimised wasm build.
fn range_rows(ds: &Dataset, rows: Range<usize>) -> impl Iterator<Item = Row> + '_ {
    let r = &ds.ratings;
    r.user[rows.clone()]
        .iter()
        .zip(&r.movie[rows.clone()])
        .zip(&r.halves[rows.clone()])
        .zip(&r.ts[rows.clone()])
        .zip(&ds.month[rows.clone()])
        .zip(&ds.weekhour[rows])
        .map(|(((((&u, &m), &s), &ts), &month), &wh)| (u, m, s, ts, month, wh))
}

/// The columns of rating rows: a dataset's ratings or its history.
struct Columns<'a> {
    user: &'a [u32],
    movie: &'a [u32],
    halves: &'a [u8],
    ts: &'a [u32],
    month: &'a [u16],
    weekhour: &'a [u8],
}

impl<'a> Columns<'a> {
    fn of(ds: &'a Dataset) -> Columns<'a> {
        let r = &ds.ratings;
        Columns {
            user: &r.user,
            movie: &r.movie,
            halves: &r.halves,
            ts: &r.ts,
            month: &ds.month,
            weekhour: &ds.weekhour,
        }
    }
}

/// The ratings of listed rows.
fn listed_rows<'a>(c: Columns<'a>, rows: &'a [u32]) -> impl Iterator<Item = Row> + 'a {
    rows.iter().map(move |&i| {
        let i = i as usize;
        (
            c.user[i],
            c.movie[i],
            c.halves[i],
            c.ts[i],
            c.month[i],
            c.weekhour[i],
        )
    })
}

#[inline(always)]
fn tally<const RETRACT: bool>(t: &mut Tally, stars: u8) {
    if RETRACT {
        t.remove(stars)
    } else {
        t.add(stars)
    }
}

#[inline(always)]
fn combine_tally<const RETRACT: bool>(t: &mut Tally, other: &Tally) {
    if RETRACT {
        t.retract(other)
    } else {
        t.merge(other)
    }
}

#[inline(always)]
fn step<const RETRACT: bool, T>(x: &mut T, v: T)
where
    T: std::ops::AddAssign + std::ops::SubAssign,
{
    if RETRACT {
        *x -= v
    } else {
        *x += v
    }
}
