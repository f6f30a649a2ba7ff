//! Arrival order: how the accepted ratings reach the stream.

use crate::demo::Rng;
use crate::table::Dataset;

/// The order events arrive in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Event-time order with bounded disorder: each rating is delayed by a
    /// seeded random `0..=jitter` seconds and arrives at `ts + delay`; ties
    /// keep file order. `jitter: 0` sorts by (timestamp, file order).
    Time {
        /// The largest delay, seconds.
        jitter: u32,
        /// Seed of the delays.
        seed: u64,
    },
    /// The files' own order (row order is line order). MovieLens files are
    /// grouped by user, not by time: most events then arrive late.
    File,
}

/// The ratings in arrival order, with the simulated processing time at
/// which each arrives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrivals {
    /// Rating rows of the dataset, in arrival order.
    pub rows: Vec<u32>,
    /// Per arrival: its processing time, Unix seconds, non-decreasing.
    /// Time order: `ts + delay`; file order: the largest timestamp so far.
    pub at: Vec<u64>,
}

impl Arrivals {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no events.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many events have arrived by processing time `clock`
    /// (arrival time ≤ clock).
    pub fn arrived_by(&self, clock: u64) -> usize {
        self.at.partition_point(|&a| a <= clock)
    }
}

/// The dataset's ratings in arrival order.
///
/// ```
/// use movielens_core::stream::{arrivals, Order};
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::A (1995)::Drama\n2::B (1995)::Drama\n3::C (1995)::Drama\n"),
///     ("ratings.dat", b"1::1::5::300\n1::2::3::100\n1::3::4::200\n"),
/// ]).unwrap());
/// assert_eq!(arrivals(&ds, Order::File).rows, [0, 1, 2]);
/// assert_eq!(arrivals(&ds, Order::File).at, [300, 300, 300]);
/// let by_time = arrivals(&ds, Order::Time { jitter: 0, seed: 1 });
/// assert_eq!((by_time.rows, by_time.at), (vec![1, 2, 0], vec![100, 200, 300]));
/// ```
pub fn arrivals(ds: &Dataset, order: Order) -> Arrivals {
    let ts = &ds.ratings.ts;
    match order {
        Order::File => {
            let mut max = 0u64;
            Arrivals {
                rows: (0..ts.len() as u32).collect(),
                at: ts
                    .iter()
                    .map(|&t| {
                        max = max.max(u64::from(t));
                        max
                    })
                    .collect(),
            }
        }
        Order::Time { jitter, seed } => {
            let mut rng = Rng::new(seed);
            let span = u64::from(jitter) + 1;
            let mut keyed: Vec<(u64, u32)> = ts
                .iter()
                .enumerate()
                .map(|(row, &t)| {
                    let delay = if jitter == 0 { 0 } else { rng.below(span) };
                    (u64::from(t) + delay, row as u32)
                })
                .collect();
            keyed.sort_unstable();
            Arrivals {
                rows: keyed.iter().map(|k| k.1).collect(),
                at: keyed.iter().map(|k| k.0).collect(),
            }
        }
    }
}

/// The dataset's superseded ratings ([`Dataset::history`]) among the
/// arrivals of its current ones: per history row, in arrival order, the
/// position of the current arrival it comes with (it arrives just before
/// that one; after the last, with the last), as `(position, history row)`.
///
/// Time order: by (timestamp + a seeded delay of `0..=jitter`, line
/// through the files), the current ratings' order; file order: by line
/// through the files. The current ratings' arrivals are not changed.
///
/// ```
/// use movielens_core::stream::{arrivals, history_arrivals, Order};
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::A (1995)::Drama\n2::B (1995)::Drama\n"),
///     // Movie 1 rated at 300, then again at 100 (a line later, older).
///     ("ratings.dat", b"1::2::3::200\n1::1::5::300\n1::1::4::100\n"),
/// ]).unwrap());
/// let (file, time) = (Order::File, Order::Time { jitter: 0, seed: 1 });
/// assert_eq!(arrivals(&ds, file).rows, [0, 1]); // rows 2::200, 1::300
/// assert_eq!(history_arrivals(&ds, file, &arrivals(&ds, file)), [(1, 0)]);
/// assert_eq!(history_arrivals(&ds, time, &arrivals(&ds, time)), [(0, 0)]);
/// ```
pub fn history_arrivals(ds: &Dataset, order: Order, arrivals: &Arrivals) -> Vec<(u32, u32)> {
    let h = &ds.history;
    let offsets = ds.line_offsets();
    let line = |row: u32| {
        let file = ds.appended_from.partition_point(|&s| s <= row as usize);
        offsets[file] + ds.rating_lines[row as usize]
    };
    let last = arrivals.len().saturating_sub(1) as u32;
    let mut out: Vec<(u32, u32)> = match order {
        // Rows are in line order.
        Order::File => {
            let mut by_line: Vec<(u32, u32)> = (0..h.len() as u32)
                .map(|i| (h.line[i as usize], i))
                .collect();
            by_line.sort_unstable();
            by_line
                .iter()
                .map(|&(l, i)| {
                    let n = arrivals.rows.partition_point(|&r| line(r) < l);
                    (n as u32, i)
                })
                .collect()
        }
        Order::Time { jitter, seed } => {
            // A stream of delays of its own: the current ratings' stay.
            let mut rng = Rng::new(seed ^ 0x9E37_79B9_7F4A_7C15);
            let span = u64::from(jitter) + 1;
            let mut keyed: Vec<(u64, u32, u32)> = (0..h.len())
                .map(|i| {
                    let delay = if jitter == 0 { 0 } else { rng.below(span) };
                    (u64::from(h.ts[i]) + delay, h.line[i], i as u32)
                })
                .collect();
            keyed.sort_unstable();
            let key = |j: usize| (arrivals.at[j], line(arrivals.rows[j]));
            keyed
                .iter()
                .map(|&(at, l, i)| {
                    let (mut lo, mut hi) = (0, arrivals.len());
                    while lo < hi {
                        let mid = (lo + hi) / 2;
                        if key(mid) < (at, l) {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    (lo as u32, i)
                })
                .collect()
        }
    };
    for p in &mut out {
        p.0 = p.0.min(last);
    }
    out
}
