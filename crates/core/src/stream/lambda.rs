//! [`Lambda`]: the lambda architecture over the mergeable dashboard state.
//! The master data is what has arrived (the replay's ratings so far).
//! Batch layer: the state of the arrived ratings up to a checkpoint T1,
//! recomputed from the master data. Speed layer: the state of the arrived
//! ratings the batch does not hold, up to the event-time frontier T2 (the
//! watermark), a late one at or before T1 included. Serving layer:
//! finish(merge(batch, speed)), which equals the arrived ratings up to T2.

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
#[derive(Debug, Clone)]
pub struct Lambda {
    /// Rating rows by (timestamp, row): the time index of the dataset.
    by_time: Vec<u32>,
    /// Per row: whether it has arrived (is master data).
    arrived: Vec<bool>,
    /// T1: the batch holds every arrived rating with `ts ≤ T1` (as of the
    /// checkpoint).
    checkpoint: Option<u32>,
    batch: DashboardState,
    batch_ms: f64,
    /// T2: the speed layer holds the arrived ratings with ts ≤ T2 that the
    /// batch does not.
    frontier: Option<i64>,
    speed: DashboardState,
    speed_rows: Vec<u32>,
    /// Arrived ratings past the frontier.
    pending: Vec<u32>,
}

impl Lambda {
    /// Empty layers for `filter` over `ds` (no checkpoint yet: the batch is
    /// empty, every arrival goes to the speed layer).
    pub fn new(ds: &Dataset, filter: &Filter) -> Lambda {
        let ts = &ds.ratings.ts;
        // (ts, row) packed in a u64: one unstable sort, ties by row.
        let mut keyed: Vec<u64> = ts
            .iter()
            .enumerate()
            .map(|(r, &t)| u64::from(t) << 32 | r as u64)
            .collect();
        keyed.sort_unstable();
        let by_time = keyed.iter().map(|&k| k as u32).collect();
        Lambda {
            by_time,
            arrived: vec![false; ts.len()],
            checkpoint: None,
            batch: DashboardState::new(ds, filter),
            batch_ms: 0.0,
            frontier: None,
            speed: DashboardState::new(ds, filter),
            speed_rows: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// A rating (row of `ds`) arrived: it joins the master data and waits
    /// for the next [`advance`](Self::advance), which adds it to the speed
    /// layer once the frontier reaches it (at once if it is late: at or
    /// before T1, the next checkpoint moves it to the batch).
    pub fn arrive(&mut self, _ds: &Dataset, row: u32) {
        self.arrive_event(row);
    }

    /// [`arrive`](Self::arrive) with the rating's timestamp at hand.
    pub(super) fn arrive_event(&mut self, row: u32) {
        self.arrived[row as usize] = true;
        self.pending.push(row);
    }

    /// Moves the event-time frontier T2 forward to `frontier` (never back)
    /// and adds the arrived ratings up to it to the speed layer. One pass
    /// over the waiting ones: call it once per batch of arrivals, as
    /// [`Replay`](super::Replay) does, not once per event.
    pub fn advance(&mut self, ds: &Dataset, frontier: i64) {
        let frontier = self.frontier.map_or(frontier, |t2| t2.max(frontier));
        self.frontier = Some(frontier);
        let start = self.speed_rows.len();
        let ts = &ds.ratings.ts;
        let speed_rows = &mut self.speed_rows;
        self.pending.retain(|&row| {
            let due = i64::from(ts[row as usize]) <= frontier;
            if due {
                speed_rows.push(row);
            }
            !due
        });
        self.speed.update_rows(ds, &self.speed_rows[start..]);
    }

    /// A checkpoint at T1 = `t1` (clamped to the frontier; never back):
    /// the batch layer is recomputed from the master data over every
    /// arrived rating with `ts ≤ T1`, and the speed layer drops what the
    /// batch now holds.
    /// Returns the milliseconds the recompute took.
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
        self.batch = self.state_to(ds, i64::from(t1));
        self.batch_ms = clock() - t0;
        self.checkpoint = Some(t1);
        let ts = &ds.ratings.ts;
        let (gone, kept): (Vec<u32>, Vec<u32>) =
            self.speed_rows.iter().partition(|&&r| ts[r as usize] <= t1);
        self.speed.retract_rows(ds, &gone);
        self.speed_rows = kept;
        // Arrived and not yet added: the batch holds those up to T1 now.
        self.pending.retain(|&r| ts[r as usize] > t1);
        self.batch_ms
    }

    /// The state of every arrived rating with `ts ≤ t`, from the master
    /// data.
    fn state_to(&self, ds: &Dataset, t: i64) -> DashboardState {
        let ts = &ds.ratings.ts;
        let n = self
            .by_time
            .partition_point(|&r| i64::from(ts[r as usize]) <= t);
        let rows: Vec<u32> = self.by_time[..n]
            .iter()
            .copied()
            .filter(|&r| self.arrived[r as usize])
            .collect();
        let mut state = DashboardState::new(ds, self.batch.filter());
        state.update_rows(ds, &rows);
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

    /// Ratings that arrived past the frontier and wait for it.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The serving layer's state: merge(batch, speed).
    pub fn merged(&self) -> DashboardState {
        let mut state = self.batch.clone();
        state.merge(&self.speed);
        state
    }

    /// The serving layer: finish(merge(batch, speed)).
    pub fn serve(&self, ds: &Dataset, top_min_ratings: u64) -> Dashboard {
        self.merged().finish(ds, top_min_ratings)
    }

    /// Recomputes the state to the frontier from scratch and compares it
    /// with the merged one.
    pub fn verify(&self, ds: &Dataset, clock: Clock) -> Verify {
        let t0 = clock();
        let merged = self.merged();
        let t1 = clock();
        let fresh = self.state_to(ds, self.frontier.unwrap_or(i64::MIN));
        let t2 = clock();
        Verify {
            equal: merged == fresh,
            merge_ms: t1 - t0,
            recompute_ms: t2 - t1,
            ratings: fresh.rows(),
        }
    }

    /// The same layers for another filter: batch recomputed, speed rebuilt
    /// from its rows.
    pub fn set_filter(&mut self, ds: &Dataset, filter: &Filter) {
        self.batch = DashboardState::new(ds, filter);
        if let Some(t1) = self.checkpoint {
            // The batch is recomputed over what has arrived up to T1 now,
            // late arrivals the speed layer held included.
            self.batch = self.state_to(ds, i64::from(t1));
            let ts = &ds.ratings.ts;
            self.speed_rows.retain(|&r| ts[r as usize] > t1);
        }
        self.speed = DashboardState::new(ds, filter);
        self.speed.update_rows(ds, &self.speed_rows);
    }
}
