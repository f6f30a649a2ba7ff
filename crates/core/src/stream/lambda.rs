//! [`Lambda`]: the lambda architecture over the mergeable dashboard state.
//!
//! Events are ratings: the dataset's current rows and its superseded ones
//! (the history), so a (user, movie) pair can have several, re-ratings.
//! The master data is what has arrived. The ratings as they stand at `t`
//! over it, batch(≤ t): per pair, the arrived event with the largest
//! (timestamp, line through the files) among those with timestamp ≤ t.
//!
//! Batch layer: batch(≤ T1) at a checkpoint T1, recomputed from the master
//! data. Speed layer: the standing events the batch does not hold, up to
//! the event-time frontier T2 (the watermark), a late one at or before T1
//! included. A speed event that supersedes a pair's batch-held rating puts
//! that rating in R, the batch's superseded ones. Serving layer:
//! finish(batch ⊕ speed ⊖ R), which equals batch(≤ T2). An event older
//! than its pair's standing one never stands; one that displaces a speed
//! event retracts it from the speed layer.
//!
//! Only re-rated pairs (those of the history rows) are tracked one by one
//! ([`Rerated`]); every other pair has one event, which stands once it is
//! due: the plain path.

use super::rerated::{Rerated, NONE};
use crate::analytics::{Dashboard, DashboardState, Filter};
use crate::lineage::Clock;
use crate::table::Dataset;

/// A verify: the served dashboard against a recompute from scratch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verify {
    /// Whether the merged state equals the recomputed one, exactly.
    pub equal: bool,
    /// Milliseconds to merge batch and speed.
    pub merge_ms: f64,
    /// Milliseconds to recompute from the master data.
    pub recompute_ms: f64,
    /// Ratings counted by the recompute.
    pub ratings: u64,
}

/// Batch, speed and serving layers for one filter.
///
/// Events are numbered `0..n` for the dataset's rating rows and
/// `n..n + h` for its history rows ([`Dataset::history`]).
///
/// ```
/// use movielens_core::analytics::{DashboardState, Filter};
/// use movielens_core::lineage::native_clock;
/// use movielens_core::stream::Lambda;
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::A (1995)::Drama\n2::B (1995)::Drama\n3::C (1995)::Drama\n"),
///     ("ratings.dat", b"1::1::5::100\n1::2::3::200\n1::3::4::300\n"),
/// ]).unwrap());
/// let mut lambda = Lambda::new(&ds, &Filter::default());
/// for row in [0, 1, 2] {
///     lambda.arrive(&ds, row);
/// }
/// lambda.advance(&ds, 250); // the watermark: speed holds ts ≤ 250
/// lambda.checkpoint(&ds, 150, native_clock); // batch: ts ≤ 150
/// assert_eq!((lambda.batch().rows(), lambda.speed().rows()), (1, 1));
/// assert!(lambda.verify(&ds, native_clock).equal);
/// ```
///
/// A re-rating: movie 1 rated 2 stars at 100 (history row 0, event 1),
/// then 5 stars at 200 (rating row 0, event 0).
///
/// ```
/// # use movielens_core::analytics::Filter;
/// # use movielens_core::lineage::native_clock;
/// # use movielens_core::stream::Lambda;
/// # use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::A (1995)::Drama\n"),
///     ("ratings.dat", b"1::1::2::100\n1::1::5::200\n"),
/// ]).unwrap());
/// let mut lambda = Lambda::new(&ds, &Filter::default());
/// lambda.arrive(&ds, 1);
/// lambda.advance(&ds, 150);
/// lambda.checkpoint(&ds, 150, native_clock); // the batch holds the 2
/// lambda.arrive(&ds, 0);
/// lambda.advance(&ds, 200); // the 5 supersedes it
/// assert_eq!(lambda.serve(&ds, 1).kpis.mean, Some(5.0));
/// assert!(lambda.verify(&ds, native_clock).equal);
/// ```
#[derive(Debug, Clone)]
pub struct Lambda {
    /// Per event: its timestamp.
    ts: Vec<u32>,
    /// Events by (timestamp, event): the time index.
    by_time: Vec<u32>,
    /// Per event: whether it has arrived (is master data).
    arrived: Vec<bool>,
    /// The re-rated pairs and their events' ranks.
    rerated: Rerated,
    /// Per re-rated pair: the rank of its standing event (the latest due
    /// one, or the batch's), or [`NONE`].
    standing: Vec<u32>,
    /// Per re-rated pair: the rank of the event the batch holds, or
    /// [`NONE`].
    held: Vec<u32>,
    /// T1: the batch holds batch(≤ T1) over what had arrived by the
    /// checkpoint.
    checkpoint: Option<u32>,
    batch: DashboardState,
    batch_ms: f64,
    /// T2: the speed layer holds the standing events with ts ≤ T2 that the
    /// batch does not.
    frontier: Option<i64>,
    speed: DashboardState,
    /// Events added to the speed layer (a re-rated pair's may have been
    /// displaced and retracted since: it is there iff it stands).
    speed_rows: Vec<u32>,
    /// R: batch-held events a later arrival superseded.
    superseded: DashboardState,
    /// Arrived events past the frontier.
    pending: Vec<u32>,
}

impl Lambda {
    /// Empty layers for `filter` over `ds` (no checkpoint yet: the batch is
    /// empty, every arrival goes to the speed layer).
    pub fn new(ds: &Dataset, filter: &Filter) -> Lambda {
        let ts: Vec<u32> = ds
            .ratings
            .ts
            .iter()
            .chain(&ds.history.ts)
            .copied()
            .collect();
        // (ts, event) packed in a u64: one unstable sort, ties by event.
        let mut keyed: Vec<u64> = ts
            .iter()
            .enumerate()
            .map(|(e, &t)| u64::from(t) << 32 | e as u64)
            .collect();
        keyed.sort_unstable();
        let by_time = keyed.iter().map(|&k| k as u32).collect();
        let rerated = Rerated::new(ds);
        let state = DashboardState::with_history(ds, filter);
        Lambda {
            arrived: vec![false; ts.len()],
            ts,
            by_time,
            standing: vec![NONE; rerated.pairs()],
            held: vec![NONE; rerated.pairs()],
            rerated,
            checkpoint: None,
            batch: state.clone(),
            batch_ms: 0.0,
            frontier: None,
            speed: state.clone(),
            speed_rows: Vec::new(),
            superseded: state,
            pending: Vec::new(),
        }
    }

    /// Events: the dataset's rating rows and history rows.
    pub fn events(&self) -> usize {
        self.ts.len()
    }

    /// An event (a rating row of `ds`, or `ds.len() + i` for history row
    /// `i`) arrived: it joins the master data and waits for the next
    /// [`advance`](Self::advance), which adds it to the speed layer once
    /// the frontier reaches it (at once if it is late: at or before T1, the
    /// next checkpoint moves it to the batch). Each event arrives once.
    pub fn arrive(&mut self, _ds: &Dataset, event: u32) {
        self.arrive_event(event);
    }

    /// [`arrive`](Self::arrive) without the dataset.
    pub(super) fn arrive_event(&mut self, event: u32) {
        self.arrived[event as usize] = true;
        self.pending.push(event);
    }

    /// Moves the event-time frontier T2 forward to `frontier` (never back)
    /// and adds the arrived events up to it to the speed layer. One pass
    /// over the waiting ones: call it once per batch of arrivals, as
    /// [`Replay`](super::Replay) does, not once per event.
    pub fn advance(&mut self, ds: &Dataset, frontier: i64) {
        let frontier = self.frontier.map_or(frontier, |t2| t2.max(frontier));
        self.frontier = Some(frontier);
        let start = self.speed_rows.len();
        let (ts, rerated) = (&self.ts, &self.rerated);
        let speed_rows = &mut self.speed_rows;
        let mut tracked = Vec::new();
        self.pending.retain(|&e| {
            let due = i64::from(ts[e as usize]) <= frontier;
            if due {
                match rerated.rank(e) {
                    None => speed_rows.push(e),
                    Some(rank) => tracked.push(rank),
                }
            }
            !due
        });
        // Re-rated pairs: what stands changes, in arrival order.
        let (mut displaced, mut superseded) = (Vec::new(), Vec::new());
        for rank in tracked {
            let s = self.rerated.slot(rank);
            let old = self.standing[s];
            if old != NONE && old >= rank {
                continue; // older than what stands: it never stands
            }
            if old != NONE {
                let e = self.rerated.event(old);
                if old == self.held[s] {
                    superseded.push(e);
                } else {
                    displaced.push(e);
                }
            }
            self.standing[s] = rank;
            self.speed_rows.push(self.rerated.event(rank));
        }
        // Added before retracted: the counts never go below zero.
        change(&mut self.speed, ds, &self.speed_rows[start..], false);
        change(&mut self.speed, ds, &displaced, true);
        change(&mut self.superseded, ds, &superseded, false);
    }

    /// A checkpoint at T1 = `t1` (clamped to the frontier; never back):
    /// the batch layer is recomputed from the master data, batch(≤ T1)
    /// over every arrived event, and the speed layer and R are derived
    /// again from what stands.
    /// Returns the milliseconds it took.
    pub fn checkpoint(&mut self, ds: &Dataset, t1: u32, clock: Clock) -> f64 {
        // No frontier yet, or one before the epoch (a lateness larger than
        // every timestamp): nothing is final, so there is nothing to batch.
        let Some(t2) = self.frontier.filter(|&t2| t2 >= 0) else {
            return 0.0;
        };
        let t1 = i64::from(t1).min(t2).clamp(0, i64::from(u32::MAX)) as u32;
        if self.checkpoint.is_some_and(|old| old >= t1) {
            return 0.0;
        }
        let t0 = clock();
        self.checkpoint = Some(t1);
        let filter = self.batch.filter().clone();
        self.rederive(ds, &filter);
        self.batch_ms = clock() - t0;
        self.batch_ms
    }

    /// The layers again from the master data, for `filter`, at the
    /// checkpoint: the batch recomputed; the speed layer keeps the standing
    /// events past T1, a re-rated pair's other standing event is the
    /// batch's; R holds the batch's events that no longer stand.
    fn rederive(&mut self, ds: &Dataset, filter: &Filter) {
        let t1 = self.checkpoint.map_or(i64::MIN, i64::from);
        let (rows, held) = match self.checkpoint {
            Some(t1) => self.standing_to(i64::from(t1)),
            None => (Vec::new(), vec![NONE; self.rerated.pairs()]),
        };
        self.batch = self.state_of(ds, filter, &rows);
        let (ts, rerated, standing) = (&self.ts, &self.rerated, &self.standing);
        self.speed_rows.retain(|&e| {
            i64::from(ts[e as usize]) > t1
                && rerated
                    .rank(e)
                    .is_none_or(|r| standing[rerated.slot(r)] == r)
        });
        let mut superseded = Vec::new();
        for (stands, &held) in self.standing.iter_mut().zip(&held) {
            if *stands == NONE || i64::from(ts[rerated.event(*stands) as usize]) <= t1 {
                *stands = held;
            }
            if held != NONE && *stands != held {
                superseded.push(rerated.event(held));
            }
        }
        self.held = held;
        self.speed = self.state_of(ds, filter, &self.speed_rows);
        self.superseded = self.state_of(ds, filter, &superseded);
        // Arrived and not yet added: the batch holds those up to T1 now.
        let ts = &self.ts;
        self.pending.retain(|&e| i64::from(ts[e as usize]) > t1);
    }

    /// batch(≤ t) over the master data: the standing events, and per
    /// re-rated pair the rank of its standing one (or [`NONE`]).
    fn standing_to(&self, t: i64) -> (Vec<u32>, Vec<u32>) {
        let ts = &self.ts;
        let n = self
            .by_time
            .partition_point(|&e| i64::from(ts[e as usize]) <= t);
        let mut best = vec![NONE; self.rerated.pairs()];
        let mut rows = Vec::with_capacity(n);
        for &e in self.by_time[..n]
            .iter()
            .filter(|&&e| self.arrived[e as usize])
        {
            match self.rerated.rank(e) {
                None => rows.push(e),
                Some(rank) => {
                    let b = &mut best[self.rerated.slot(rank)];
                    if *b == NONE || *b < rank {
                        *b = rank;
                    }
                }
            }
        }
        rows.extend(
            best.iter()
                .filter(|&&r| r != NONE)
                .map(|&r| self.rerated.event(r)),
        );
        (rows, best)
    }

    /// The state of `events` for `filter`.
    fn state_of(&self, ds: &Dataset, filter: &Filter, events: &[u32]) -> DashboardState {
        let mut state = DashboardState::with_history(ds, filter);
        change(&mut state, ds, events, false);
        state
    }

    /// T1, the checkpoint (`None`: no batch yet).
    pub fn checkpoint_at(&self) -> Option<u32> {
        self.checkpoint
    }

    /// T2, the event-time frontier (`None` before the first advance).
    pub fn frontier(&self) -> Option<i64> {
        self.frontier
    }

    /// Milliseconds the last batch recompute took.
    pub fn batch_ms(&self) -> f64 {
        self.batch_ms
    }

    /// The batch layer's state.
    pub fn batch(&self) -> &DashboardState {
        &self.batch
    }

    /// The speed layer's state.
    pub fn speed(&self) -> &DashboardState {
        &self.speed
    }

    /// R: the state of the batch's ratings that later arrivals superseded.
    pub fn superseded(&self) -> &DashboardState {
        &self.superseded
    }

    /// Events that arrived past the frontier and wait for it.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The serving layer's state: batch ⊕ speed ⊖ R.
    pub fn merged(&self) -> DashboardState {
        let mut state = self.batch.clone();
        state.merge(&self.speed);
        if self.superseded.rows() > 0 {
            state.retract_state(&self.superseded);
        }
        state
    }

    /// The serving layer: finish(batch ⊕ speed ⊖ R). The months before
    /// the dataset's first, which only superseded ratings can have, are
    /// left out when none stands (as in the batch
    /// [`dashboard`](crate::analytics::dashboard)).
    pub fn serve(&self, ds: &Dataset, top_min_ratings: u64) -> Dashboard {
        let mut d = self.merged().finish(ds, top_min_ratings);
        let lead = ds.first_month.saturating_sub(ds.history.first_month) as usize;
        if self.batch.filter().as_of.is_none()
            && d.by_month
                .get(..lead)
                .is_some_and(|m| m.iter().all(|m| m.ratings == 0))
        {
            d.by_month.drain(..lead);
        }
        d
    }

    /// Recomputes the state to the frontier from scratch and compares it
    /// with the merged one.
    pub fn verify(&self, ds: &Dataset, clock: Clock) -> Verify {
        let t0 = clock();
        let merged = self.merged();
        let t1 = clock();
        let (rows, _) = self.standing_to(self.frontier.unwrap_or(i64::MIN));
        let fresh = self.state_of(ds, self.batch.filter(), &rows);
        let t2 = clock();
        Verify {
            equal: merged == fresh,
            merge_ms: t1 - t0,
            recompute_ms: t2 - t1,
            ratings: fresh.rows(),
        }
    }

    /// The same layers for another filter: batch recomputed, speed and R
    /// rebuilt from their events.
    pub fn set_filter(&mut self, ds: &Dataset, filter: &Filter) {
        self.rederive(ds, filter);
    }
}

/// Adds (or retracts) events to a state: rating rows and history rows,
/// each kind in one pass.
fn change(state: &mut DashboardState, ds: &Dataset, events: &[u32], retract: bool) {
    let n = ds.len() as u32;
    let split: (Vec<u32>, Vec<u32>);
    let (current, history) = if events.iter().all(|&e| e < n) {
        (events, &[][..])
    } else {
        split = events.iter().partition(|&&e| e < n);
        (&split.0[..], &split.1[..])
    };
    let history: Vec<u32> = history.iter().map(|&e| e - n).collect();
    if retract {
        state.retract_rows(ds, current);
        state.retract_history_rows(ds, &history);
    } else {
        state.update_rows(ds, current);
        state.update_history_rows(ds, &history);
    }
}
