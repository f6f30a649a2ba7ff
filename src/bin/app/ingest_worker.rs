//! ingest (issue 8): the worker's side of a progressive load. While the
//! ratings are read, a [`ProgressiveDashboard`] takes each chunk's new
//! ratings (duplicates so far resolved: a re-rating retracts the rating it
//! supersedes), and at least every [`EVERY_MS`] its dashboard for the
//! followed filter is posted as [`Response::Provisional`]. That costs the
//! chunk and the users and movies, not the ratings read before; should
//! one still cost more than a third of that wait (a slow machine), the
//! wait grows to three times the cost, so that they never take more than
//! a quarter of the load. The dataset loaded before stays installed: a
//! failed or cancelled load leaves it.

use movielens_core::analytics::{Filter, ProgressiveDashboard};
use movielens_core::ingest::CHUNK_BYTES;
use movielens_core::lineage::StageTiming;
use movielens_core::load::Load;
use movielens_core::table::Dataset;
use movielens_web::Response;

use crate::worker::scope::{now, post};

/// The longest wait between provisional dashboards, in ms.
pub(crate) const EVERY_MS: f64 = 250.0;

/// The wait aimed at, under [`EVERY_MS`]: the step after a 4 MB read
/// waits for the read too, and the page draws each dashboard when it can
/// (measured in the page, gaps aimed at 250 ms came at 190–300 ms).
const AIM_MS: f64 = 0.8 * EVERY_MS;

/// When the next provisional dashboard is due, and what they cost.
pub(crate) struct Ticker {
    /// When the last one was begun (or the ratings were).
    last: f64,
    /// When the last step (a chunk read and cleaned) ended.
    prev: f64,
    /// Provisional dashboards posted, and the ms they took in all (the
    /// ratings taken for them included).
    posted: u32,
    spent: f64,
    /// What the last one cost.
    cost: f64,
    /// The dashboard of the ratings so far, once they are read.
    progressive: Option<ProgressiveDashboard>,
}

impl Ticker {
    pub(crate) fn new() -> Self {
        let t = now();
        Ticker {
            last: t,
            prev: t,
            posted: 0,
            spent: 0.0,
            cost: 0.0,
            progressive: None,
        }
    }

    /// A table begins: the wait starts now.
    pub(crate) fn restart(&mut self) {
        self.last = now();
        self.prev = self.last;
    }

    /// Feeds a read of the ratings file (megabytes: cleaning it can
    /// outlast the wait between provisional dashboards) to the load,
    /// [`tick`](Self::tick)ing after every 256 KB of it.
    pub(crate) fn feed(
        &mut self,
        load: u64,
        plan: &mut Load,
        follow: &(Filter, u64),
        chunk: &[u8],
        total: f64,
    ) {
        for piece in chunk.chunks(CHUNK_BYTES) {
            plan.feed(piece);
            self.tick(load, plan, follow, plan.bytes() as f64, total);
        }
    }

    /// After each step of the ratings: takes the step's ratings, and posts
    /// a provisional dashboard when waiting for the next step would take
    /// the wait past [`AIM_MS`] (steps take about as long as the one
    /// before), or past three times the cost of the last one if that is
    /// longer. After the last step the ratings taken are let go (the
    /// dataset is about to be built).
    pub(crate) fn tick(
        &mut self,
        load: u64,
        plan: &Load,
        (filter, top_min): &(Filter, u64),
        read: f64,
        total: f64,
    ) {
        if read >= total {
            self.progressive = None;
            return;
        }
        let t0 = now();
        let cleaner = plan.cleaner();
        let progressive = self
            .progressive
            .get_or_insert_with(|| ProgressiveDashboard::new(cleaner));
        progressive.push(cleaner);
        let t = now();
        self.spent += t - t0;
        let step = t - self.prev;
        self.prev = t;
        if t - self.last + step < AIM_MS.max(3.0 * self.cost) {
            return;
        }
        let d = progressive.dashboard(filter, *top_min);
        post(&Response::Provisional {
            load,
            dashboard: Box::new(d),
            read: read as u64,
            total: total as u64,
        });
        let done = now();
        self.posted += 1;
        self.cost = done - t;
        self.spent += self.cost;
        self.last = t;
        self.prev = done;
    }

    /// Says in the dataset's stage timings what the provisional
    /// dashboards cost.
    pub(crate) fn time(&self, ds: &mut Dataset) {
        if self.posted > 0 {
            ds.lineage.stages.push(StageTiming {
                stage: format!("provisional dashboards ({})", self.posted),
                ms: self.spent,
            });
        }
    }
}
