//! Tumbling windows: `[k·size, (k+1)·size)`, each event in exactly one.

use super::windower::Bits;
use super::{Event, Window, WindowKind};

/// One open tumbling window.
#[derive(Debug, Clone)]
struct Open {
    start: i64,
    ratings: u64,
    halves: u64,
    users: u32,
    movies: u32,
    user_seen: Bits,
    movie_seen: Bits,
}

/// The open windows, oldest first; few at a time (lateness / size + 1).
#[derive(Debug, Clone)]
pub(super) struct Tumbling {
    size: i64,
    open: Vec<Open>,
    /// Closed windows' bit sets, cleared, for reuse.
    spare: Vec<(Bits, Bits)>,
    users: usize,
    movies: usize,
    /// Start of the window of the last event.
    last: i64,
}

impl Tumbling {
    pub(super) fn new(size: u32, users: usize, movies: usize) -> Tumbling {
        Tumbling {
            size: i64::from(size),
            open: Vec::new(),
            spare: Vec::new(),
            users,
            movies,
            last: i64::MIN,
        }
    }

    /// Adds the event unless its window ended at or before the watermark;
    /// whether it was added.
    #[inline(always)]
    pub(super) fn add(&mut self, e: Event, wm: Option<i64>) -> bool {
        let ts = i64::from(e.ts);
        // The last window's start serves most events without a division.
        let start = if self.last <= ts && ts < self.last + self.size {
            self.last
        } else {
            self.last = ts - ts.rem_euclid(self.size);
            self.last
        };
        if wm.is_some_and(|wm| start + self.size <= wm) {
            return false;
        }
        // Newest windows are the likeliest: search from the back.
        let at = self.open.iter().rposition(|w| w.start <= start);
        let i = match at {
            Some(i) if self.open[i].start == start => i,
            _ => {
                let i = at.map_or(0, |i| i + 1);
                let (user_seen, movie_seen) = self
                    .spare
                    .pop()
                    .unwrap_or_else(|| (Bits::new(self.users), Bits::new(self.movies)));
                self.open.insert(
                    i,
                    Open {
                        start,
                        ratings: 0,
                        halves: 0,
                        users: 0,
                        movies: 0,
                        user_seen,
                        movie_seen,
                    },
                );
                i
            }
        };
        let w = &mut self.open[i];
        w.ratings += 1;
        w.halves += u64::from(e.halves);
        w.users += u32::from(w.user_seen.insert(e.user));
        w.movies += u32::from(w.movie_seen.insert(e.movie));
        true
    }

    /// The end of the oldest open window (`i64::MAX` without one).
    #[inline(always)]
    pub(super) fn next_close(&self) -> i64 {
        self.open.first().map_or(i64::MAX, |w| w.start + self.size)
    }

    /// Emits the windows whose end is at or before `wm`, oldest first.
    pub(super) fn close(&mut self, wm: i64, out: &mut Vec<Window>) {
        let n = self
            .open
            .iter()
            .take_while(|w| w.start + self.size <= wm)
            .count();
        for mut w in self.open.drain(..n) {
            out.push(Window {
                kind: WindowKind::Tumbling,
                start: w.start,
                end: w.start + self.size,
                ratings: w.ratings,
                halves: w.halves,
                users: w.users,
                movies: w.movies,
                user: None,
            });
            w.user_seen.clear();
            w.movie_seen.clear();
            self.spare.push((w.user_seen, w.movie_seen));
        }
    }
}
