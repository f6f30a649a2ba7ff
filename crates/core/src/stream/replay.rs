//! [`Replay`]: the dataset's ratings replayed as a stream through the speed
//! layer and the lambda layers, advanced by events or by simulated time.

use super::{arrivals, history_arrivals, Arrivals, Event, Lambda, Order, SpeedConfig, SpeedLayer};
use crate::analytics::Filter;
use crate::lineage::Clock;
use crate::table::Dataset;

/// How to replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplayConfig {
    /// Arrival order.
    pub order: Order,
    /// The speed layer's settings (lateness, session gap, late events kept).
    pub speed: SpeedConfig,
}

impl Default for ReplayConfig {
    fn default() -> Self {
        ReplayConfig {
            order: Order::Time { jitter: 0, seed: 1 },
            speed: SpeedConfig::default(),
        }
    }
}

/// A replay of a dataset's accepted ratings: arrivals in order, each event
/// through the [`SpeedLayer`] and into the [`Lambda`] layers, whose
/// event-time frontier follows the watermark. The superseded ratings
/// ([`Dataset::history`]) arrive too, into the lambda layers only, among
/// the others ([`history_arrivals`]): the windows, positions and clock are
/// those of the accepted ratings.
///
/// The worker drives it: [`new`](Self::new) once per dataset and settings;
/// each frame [`advance_to`](Self::advance_to) the simulated clock (or
/// [`step`](Self::step) N events), read [`speed`](Self::speed); at a
/// checkpoint [`checkpoint`](Self::checkpoint); serve and verify through
/// [`lambda`](Self::lambda); [`seek`](Self::seek) jumps (back: a replay from
/// the start); [`finish`](Self::finish) at the end of the stream.
///
/// ```
/// use movielens_core::analytics::{dashboard, Filter};
/// use movielens_core::lineage::native_clock;
/// use movielens_core::stream::{Replay, ReplayConfig};
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::A (1995)::Drama\n2::B (1995)::Drama\n"),
///     ("ratings.dat", b"1::1::5::978300000\n1::2::3::978400000\n"),
/// ]).unwrap());
/// let filter = Filter::default();
/// let mut replay = Replay::new(&ds, ReplayConfig::default(), &filter);
/// assert_eq!(replay.step(&ds, 1), 1);
/// replay.checkpoint(&ds, 978_300_000, native_clock);
/// replay.step(&ds, 10);
/// replay.finish(&ds);
/// assert!(replay.is_done());
/// assert_eq!(replay.lambda().serve(&ds, 1), dashboard(&ds, &filter, 1));
/// ```
#[derive(Debug, Clone)]
pub struct Replay {
    config: ReplayConfig,
    arrivals: Arrivals,
    /// The events in arrival order: one sequential pass per replay, not a
    /// gather from the columns (rows in time order are scattered).
    events: Vec<Event>,
    pos: usize,
    /// (position, history row): superseded ratings, each arriving with the
    /// accepted one at its position.
    history: Vec<(u32, u32)>,
    /// History rows arrived so far.
    history_pos: usize,
    speed: SpeedLayer,
    lambda: Lambda,
    finished: bool,
}

impl Replay {
    /// A replay of `ds` with `config`, serving `filter`; nothing arrived yet.
    pub fn new(ds: &Dataset, config: ReplayConfig, filter: &Filter) -> Replay {
        let arrivals = arrivals(ds, config.order);
        let events = arrivals
            .rows
            .iter()
            .map(|&r| Event::of_row(ds, r))
            .collect();
        let history = history_arrivals(ds, config.order, &arrivals);
        Replay {
            config,
            arrivals,
            events,
            pos: 0,
            history,
            history_pos: 0,
            speed: SpeedLayer::new(ds, config.speed),
            lambda: Lambda::new(ds, filter),
            finished: false,
        }
    }

    /// The settings.
    pub fn config(&self) -> ReplayConfig {
        self.config
    }

    /// The arrival order and times.
    pub fn arrivals(&self) -> &Arrivals {
        &self.arrivals
    }

    /// Events in the stream.
    pub fn len(&self) -> usize {
        self.arrivals.len()
    }

    /// Whether the stream has no events.
    pub fn is_empty(&self) -> bool {
        self.arrivals.is_empty()
    }

    /// Events arrived so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether [`finish`](Self::finish) ran (the stream ended, every window
    /// closed).
    pub fn is_done(&self) -> bool {
        self.finished
    }

    /// The simulated processing time: when the last event arrived (`None`
    /// before the first).
    pub fn clock(&self) -> Option<u64> {
        self.pos.checked_sub(1).map(|i| self.arrivals.at[i])
    }

    /// Processing times of the first and the last arrival (the seek range).
    pub fn span(&self) -> Option<(u64, u64)> {
        Some((*self.arrivals.at.first()?, *self.arrivals.at.last()?))
    }

    /// The watermark: largest timestamp seen − lateness.
    pub fn watermark(&self) -> Option<i64> {
        self.speed.watermark()
    }

    /// Feeds up to `n` more events; returns how many.
    pub fn step(&mut self, ds: &Dataset, n: usize) -> usize {
        let end = self.pos.saturating_add(n).min(self.arrivals.len());
        self.feed(ds, end)
    }

    /// Feeds every event arriving by processing time `clock`; returns how
    /// many.
    pub fn advance_to(&mut self, ds: &Dataset, clock: u64) -> usize {
        let end = self.arrivals.arrived_by(clock).max(self.pos);
        self.feed(ds, end)
    }

    /// Jumps to processing time `clock`: forward by feeding, back by a
    /// replay from the start (checkpoints are lost).
    pub fn seek(&mut self, ds: &Dataset, clock: u64) {
        if self.arrivals.arrived_by(clock) < self.pos || self.finished {
            let filter = self.lambda.batch().filter().clone();
            self.pos = 0;
            self.history_pos = 0;
            self.speed = SpeedLayer::new(ds, self.config.speed);
            self.lambda = Lambda::new(ds, &filter);
            self.finished = false;
        }
        self.advance_to(ds, clock);
    }

    /// The end of the stream: feeds what is left, closes every window and
    /// moves the lambda frontier past every rating.
    pub fn finish(&mut self, ds: &Dataset) {
        self.feed(ds, self.arrivals.len());
        self.speed.flush();
        self.lambda.advance(ds, i64::MAX);
        self.finished = true;
    }

    fn feed(&mut self, ds: &Dataset, end: usize) -> usize {
        let start = self.pos;
        if self.finished {
            return 0;
        }
        let rows = &self.arrivals.rows[start..end];
        for (&e, &row) in self.events[start..end].iter().zip(rows) {
            self.speed.push(e, row);
            self.lambda.arrive_event(row);
        }
        self.pos = end;
        let n = ds.len() as u32;
        while let Some(&(_, i)) = self
            .history
            .get(self.history_pos)
            .filter(|h| (h.0 as usize) < end)
        {
            self.lambda.arrive_event(n + i);
            self.history_pos += 1;
        }
        // Arrivals wait in the lambda until the frontier moves: one pass.
        if let Some(wm) = self.watermark() {
            self.lambda.advance(ds, wm);
        }
        end - start
    }

    /// The superseded ratings arrived so far (rows of [`Dataset::history`];
    /// in the lambda, events `ds.len() + row`).
    pub fn history_arrived(&self) -> impl Iterator<Item = u32> + '_ {
        self.history[..self.history_pos].iter().map(|h| h.1)
    }

    /// The speed layer.
    pub fn speed(&self) -> &SpeedLayer {
        &self.speed
    }

    /// The lambda layers (serve, verify, T1 and T2).
    pub fn lambda(&self) -> &Lambda {
        &self.lambda
    }

    /// A checkpoint at `t1` (clamped to the frontier): the batch recomputed
    /// from the master data; returns the milliseconds it took.
    pub fn checkpoint(&mut self, ds: &Dataset, t1: u32, clock: Clock) -> f64 {
        self.lambda.checkpoint(ds, t1, clock)
    }

    /// Serves another filter from now on (the layers rebuilt for it).
    pub fn set_filter(&mut self, ds: &Dataset, filter: &Filter) {
        self.lambda.set_filter(ds, filter);
    }
}
