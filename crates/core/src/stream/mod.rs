//! The event stream and its windows: the accepted ratings replayed as a
//! stream (the seed's message bus, simulated honestly: a replay of the
//! files), event-time windows with a watermark (the speed layer), and the
//! lambda architecture's batch and serving layers over the mergeable
//! [`DashboardState`](crate::analytics::DashboardState).
//!
//! Window semantics follow Apache Flink's event-time windows with bounded
//! out-of-orderness:
//!
//! - windows are aligned to the Unix epoch, start-inclusive, end-exclusive;
//! - before each event the watermark is (largest timestamp seen so far) −
//!   lateness; windows whose end is at or before it close and are emitted;
//! - an event all of whose windows have ended at or before the watermark is
//!   late: counted and kept in a side output, never added;
//! - sessions: each event opens `[t, t + gap)`; a user's windows that
//!   overlap *or touch* merge (Flink's `TimeWindow::intersects`), so two
//!   ratings exactly `gap` apart are one session; as in Flink, an event's
//!   window is merged first and the event is late only when the merged
//!   window ended at or before the watermark (its own `[t, t + gap)` did
//!   and it meets none of the user's open sessions);
//! - at the end of the stream every open window closes (a flush).
//!
//! Layers: [`order`] puts the ratings in arrival order; [`Windower`] runs one
//! window spec over events; [`SpeedLayer`] runs the page's windows;
//! [`Lambda`] keeps the batch and speed dashboard states; [`Replay`] drives
//! all of them from a dataset.

mod lambda;
pub mod order;
mod replay;
mod rerated;
mod session;
mod sliding;
mod spec;
mod speed;
mod tumbling;
mod windower;

pub use lambda::{Lambda, Verify};
pub use order::{arrivals, history_arrivals, Arrivals, Order};
pub use replay::{Replay, ReplayConfig};
pub use spec::{parse_duration, WindowSpec};
pub use speed::{LateEvent, LateSummary, SessionSummary, SpeedConfig, SpeedLayer, Trend, Trending};
pub use windower::{Totals, Windower};

/// One event of the stream: a rating, with the user and movie as dense row
/// indices of the dataset (not ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Event {
    /// Event time, Unix seconds.
    pub ts: u32,
    /// The user's row.
    pub user: u32,
    /// The movie's row.
    pub movie: u32,
    /// The rating in half stars, 1..=10.
    pub halves: u8,
}

impl Event {
    /// The event of rating row `row` of `ds`.
    ///
    /// # Panics
    /// When `row` is not a rating row of `ds`.
    pub fn of_row(ds: &crate::table::Dataset, row: u32) -> Event {
        let (r, i) = (&ds.ratings, row as usize);
        Event {
            ts: r.ts[i],
            user: r.user[i],
            movie: r.movie[i],
            halves: r.halves[i],
        }
    }
}

/// The kind of a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowKind {
    /// Fixed-size, non-overlapping.
    Tumbling,
    /// Fixed-size, one every slide.
    Sliding,
    /// Per user, closed by a gap of inactivity.
    Session,
}

impl WindowKind {
    /// `"tumbling"`, `"sliding"` or `"session"`.
    pub fn name(self) -> &'static str {
        match self {
            WindowKind::Tumbling => "tumbling",
            WindowKind::Sliding => "sliding",
            WindowKind::Session => "session",
        }
    }
}

/// A closed window's aggregate: integer counts and the sum of half stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Its kind.
    pub kind: WindowKind,
    /// First second inside, Unix seconds.
    pub start: i64,
    /// First second after (exclusive); for a session, its last rating + gap.
    pub end: i64,
    /// Ratings in it.
    pub ratings: u64,
    /// Their half stars, summed (the mean is `halves / 2 / ratings`).
    pub halves: u64,
    /// Distinct users.
    pub users: u32,
    /// Distinct movies.
    pub movies: u32,
    /// A session's user (row index); `None` for other kinds.
    pub user: Option<u32>,
}

impl Window {
    /// The mean stars, or `None` for an empty window (never emitted).
    pub fn mean(&self) -> Option<f64> {
        (self.ratings > 0).then(|| self.halves as f64 / self.ratings as f64 / 2.0)
    }
}
