//! [`Windower`]: one window spec over a stream, with the watermark, the
//! late-event verdict and the windows it closes.

use super::session::Sessions;
use super::sliding::Sliding;
use super::tumbling::Tumbling;
use super::{Event, Window, WindowSpec};

/// Counts of a windower so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Events pushed.
    pub events: u64,
    /// Of them, late (not added to any window).
    pub late: u64,
    /// Windows closed and emitted.
    pub windows: u64,
}

/// The three window operators behind one interface.
#[derive(Debug, Clone)]
enum Op {
    Tumbling(Tumbling),
    Sliding(Sliding),
    Session(Sessions),
}

/// One window spec over a stream of [`Event`]s, with Flink's bounded
/// out-of-orderness watermark (see the [module docs](super)).
///
/// ```
/// use movielens_core::stream::{Event, Windower, WindowSpec};
/// let mut w = Windower::new(WindowSpec::Tumbling { size: 10 }, 0, 1, 2);
/// let at = |ts, movie| Event { ts, user: 0, movie, halves: 8 };
/// assert!(w.push(at(3, 0)));
/// assert!(w.push(at(12, 1))); // the watermark reaches 12: [0, 10) closes
/// assert!(!w.push(at(9, 1))); // its window ended at or before 12: late
/// w.flush(); // [10, 20) closes
/// let closed: Vec<_> = w.drain().map(|w| (w.start, w.end, w.ratings)).collect();
/// assert_eq!(closed, [(0, 10, 1), (10, 20, 1)]);
/// assert_eq!((w.totals().events, w.totals().late), (3, 1));
/// ```
#[derive(Debug, Clone)]
pub struct Windower {
    spec: WindowSpec,
    lateness: u32,
    max_ts: Option<u32>,
    op: Op,
    closed: Vec<Window>,
    totals: Totals,
}

impl Windower {
    /// A windower for `spec` with allowed `lateness` (seconds), over a
    /// dataset of `users` users and `movies` movies (events hold row
    /// indices below these).
    pub fn new(spec: WindowSpec, lateness: u32, users: usize, movies: usize) -> Windower {
        // Sizes, slides and gaps of 0 s act as 1 s (`WindowSpec::parse`
        // refuses them; this keeps a hand-made spec from dividing by zero).
        let spec = match spec {
            WindowSpec::Tumbling { size } => WindowSpec::Tumbling { size: size.max(1) },
            WindowSpec::Sliding { size, slide } => WindowSpec::Sliding {
                size: size.max(1),
                slide: slide.max(1),
            },
            WindowSpec::Session { gap } => WindowSpec::Session { gap: gap.max(1) },
        };
        let op = match spec {
            WindowSpec::Tumbling { size } => Op::Tumbling(Tumbling::new(size, users, movies)),
            WindowSpec::Sliding { size, slide } => {
                Op::Sliding(Sliding::new(size, slide, users, movies))
            }
            WindowSpec::Session { gap } => Op::Session(Sessions::new(gap, users, movies)),
        };
        Windower {
            spec,
            lateness,
            max_ts: None,
            op,
            closed: Vec::new(),
            totals: Totals::default(),
        }
    }

    /// The spec.
    pub fn spec(&self) -> WindowSpec {
        self.spec
    }

    /// The watermark: largest timestamp seen − lateness; `None` before the
    /// first event.
    #[inline(always)]
    pub fn watermark(&self) -> Option<i64> {
        self.max_ts.map(|m| i64::from(m) - i64::from(self.lateness))
    }

    /// Feeds one event. Returns `false` when it is late (all its windows
    /// ended at or before the watermark): it is counted, not added; the side
    /// output is the caller's. Windows the new watermark passes close.
    ///
    /// # Panics
    /// When the event's user or movie is not below the counts given to
    /// [`new`](Self::new).
    #[inline(always)]
    pub fn push(&mut self, e: Event) -> bool {
        self.totals.events += 1;
        let wm = self.watermark();
        let late = match &mut self.op {
            Op::Tumbling(op) => !op.add(e, wm),
            Op::Sliding(op) => !op.add(e, wm),
            Op::Session(op) => !op.add(e, wm),
        };
        if late {
            self.totals.late += 1;
            return false;
        }
        if self.max_ts.is_none_or(|m| e.ts > m) {
            self.max_ts = Some(e.ts);
            let wm = i64::from(e.ts) - i64::from(self.lateness);
            let next = match &self.op {
                Op::Tumbling(op) => op.next_close(),
                Op::Sliding(op) => op.next_close(),
                Op::Session(op) => op.next_close(),
            };
            if next <= wm {
                self.close(wm);
            }
        }
        true
    }

    /// The end of the stream: every open window closes.
    pub fn flush(&mut self) {
        self.close(i64::MAX);
    }

    /// Windows closed since the last drain, in the order they closed (by
    /// end; sessions ending together by user).
    pub fn drain(&mut self) -> std::vec::Drain<'_, Window> {
        self.closed.drain(..)
    }

    /// Windows closed and not drained yet.
    pub fn closed(&self) -> &[Window] {
        &self.closed
    }

    /// Counts so far.
    pub fn totals(&self) -> Totals {
        self.totals
    }

    /// Sliding windows: the window the running aggregate stands at (the
    /// last one the watermark passed, with the events that reached its
    /// panes since): `(start, end, ratings, per-movie counts)`.
    pub(super) fn sliding_now(&self) -> Option<(i64, i64, u64, &[u32])> {
        match &self.op {
            Op::Sliding(op) => Some(op.now()),
            _ => None,
        }
    }

    /// Sessions: how many are open.
    pub(super) fn open_sessions(&self) -> usize {
        match &self.op {
            Op::Session(op) => op.open(),
            _ => 0,
        }
    }

    fn close(&mut self, wm: i64) {
        let before = self.closed.len();
        match &mut self.op {
            Op::Tumbling(op) => op.close(wm, &mut self.closed),
            Op::Sliding(op) => op.close(wm, &mut self.closed),
            Op::Session(op) => op.close(wm, &mut self.closed),
        }
        self.totals.windows += (self.closed.len() - before) as u64;
    }
}

/// Bits per word of a membership set.
const WORD: usize = 64;

/// A set of row indices as bits, for distinct counts.
#[derive(Debug, Clone, Default)]
pub(super) struct Bits(Vec<u64>);

impl Bits {
    pub(super) fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(WORD)])
    }

    /// Adds `i`; whether it was new.
    #[inline(always)]
    pub(super) fn insert(&mut self, i: u32) -> bool {
        let (w, b) = (i as usize / WORD, 1u64 << (i as usize % WORD));
        let word = &mut self.0[w];
        let new = *word & b == 0;
        *word |= b;
        new
    }

    pub(super) fn clear(&mut self) {
        self.0.fill(0);
    }
}
