//! Sliding windows `[k·slide, k·slide + size)` over panes: the stream is cut
//! into panes of gcd(size, slide) seconds, and one running aggregate moves
//! from window to window by adding the new panes and retracting the expired
//! ones, so each event is added once and retracted once whatever size/slide
//! is.

use std::collections::VecDeque;

use super::{Event, Window, WindowKind};

/// Euclid's gcd.
fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The running aggregate over panes `[lo, hi)` and the panes kept.
#[derive(Debug, Clone)]
pub(super) struct Sliding {
    size: i64,
    slide: i64,
    pane: i64,
    /// Events of panes `base..`, by pane index − base.
    panes: VecDeque<Vec<Event>>,
    base: i64,
    /// Panes `[lo, hi)` are in the running aggregate; panes below `lo` are
    /// dropped.
    lo: i64,
    hi: i64,
    user_count: Vec<u32>,
    movie_count: Vec<u32>,
    ratings: u64,
    halves: u64,
    users: u32,
    movies: u32,
    /// End of the next window to emit; `i64::MAX` when nothing is pending.
    next_end: i64,
    /// Cleared pane buffers, for reuse.
    spare: Vec<Vec<Event>>,
    /// The last event's pane: its start, index, the end of the last window
    /// holding it and of the first.
    at: (i64, i64, i64, i64),
}

impl Sliding {
    pub(super) fn new(size: u32, slide: u32, users: usize, movies: usize) -> Sliding {
        let (size, slide) = (i64::from(size), i64::from(slide));
        Sliding {
            size,
            slide,
            pane: gcd(size, slide),
            panes: VecDeque::new(),
            base: 0,
            // Before the first window: nothing in the running aggregate.
            lo: i64::MIN,
            hi: i64::MIN,
            user_count: vec![0; users],
            movie_count: vec![0; movies],
            ratings: 0,
            halves: 0,
            users: 0,
            movies: 0,
            next_end: i64::MAX,
            spare: Vec::new(),
            at: (i64::MIN, 0, 0, 0),
        }
    }

    /// Where the running aggregate stands: `(start, end, ratings,
    /// per-movie counts)`.
    pub(super) fn now(&self) -> (i64, i64, u64, &[u32]) {
        // Before the first window the aggregate stands nowhere: (0, 0).
        let end = self.hi.checked_mul(self.pane).unwrap_or(self.size);
        (end - self.size, end, self.ratings, &self.movie_count)
    }

    /// The end of the first window that contains `t` and ends after `after`.
    fn first_end(&self, t: i64, after: i64) -> i64 {
        // Windows holding t start in (t - size, t], at multiples of slide.
        let first_start = (t - self.size).div_euclid(self.slide) * self.slide + self.slide;
        let end = first_start + self.size;
        if end > after {
            end
        } else {
            // Skip whole slides up to the first end past `after`.
            end + (after - end).div_euclid(self.slide) * self.slide + self.slide
        }
    }

    /// Adds the event unless every window holding it ended at or before the
    /// watermark; whether it was added.
    #[inline(always)]
    pub(super) fn add(&mut self, e: Event, wm: Option<i64>) -> bool {
        let t = i64::from(e.ts);
        // Every second of a pane lies in the same windows: the last pane's
        // numbers serve most events without a division.
        if !(self.at.0 <= t && t < self.at.0 + self.pane) {
            let p = t.div_euclid(self.pane);
            let last_end = t.div_euclid(self.slide) * self.slide + self.size;
            self.at = (p * self.pane, p, last_end, self.first_end(t, i64::MIN));
        }
        let (_, p, last_end, first_end) = self.at;
        if wm.is_some_and(|wm| last_end <= wm) {
            return false;
        }
        if self.panes.is_empty() {
            self.base = p;
        }
        while p < self.base {
            self.panes.push_front(self.spare.pop().unwrap_or_default());
            self.base -= 1;
        }
        let i = (p - self.base) as usize;
        if i >= self.panes.len() {
            let spare = &mut self.spare;
            self.panes
                .resize_with(i + 1, || spare.pop().unwrap_or_default());
        }
        self.panes[i].push(e);
        if (self.lo..self.hi).contains(&p) {
            self.count::<false>(e);
        }
        if first_end < self.next_end {
            let first = self.first_end(t, wm.unwrap_or(i64::MIN));
            self.next_end = self.next_end.min(first);
        }
        true
    }

    #[inline(always)]
    fn count<const RETRACT: bool>(&mut self, e: Event) {
        let (u, m) = (
            &mut self.user_count[e.user as usize],
            &mut self.movie_count[e.movie as usize],
        );
        if RETRACT {
            *u -= 1;
            *m -= 1;
            self.users -= u32::from(*u == 0);
            self.movies -= u32::from(*m == 0);
            self.ratings -= 1;
            self.halves -= u64::from(e.halves);
        } else {
            self.users += u32::from(*u == 0);
            self.movies += u32::from(*m == 0);
            *u += 1;
            *m += 1;
            self.ratings += 1;
            self.halves += u64::from(e.halves);
        }
    }

    /// Adds (or retracts) the events of panes `[from, to)` to the running
    /// aggregate.
    fn apply<const RETRACT: bool>(&mut self, from: i64, to: i64) {
        let end = self.base + self.panes.len() as i64;
        for p in from.max(self.base)..to.min(end) {
            // The pane out and back: a slice loop, not an index per event
            // (wasm at opt-level z does not inline the indexing).
            let i = (p - self.base) as usize;
            let pane = std::mem::take(&mut self.panes[i]);
            for &e in &pane {
                self.count::<RETRACT>(e);
            }
            self.panes[i] = pane;
        }
    }

    /// Moves the running aggregate forward to panes `[lo, hi)`: retracts
    /// the expired panes (and drops them), adds the new ones.
    fn move_to(&mut self, lo: i64, hi: i64) {
        if lo >= self.hi {
            self.apply::<true>(self.lo, self.hi);
            (self.lo, self.hi) = (lo, lo);
        } else if lo > self.lo {
            self.apply::<true>(self.lo, lo);
            self.lo = lo;
        }
        if hi > self.hi {
            self.apply::<false>(self.hi, hi);
            self.hi = hi;
        }
        while self.base < self.lo {
            let Some(mut pane) = self.panes.pop_front() else {
                break;
            };
            pane.clear();
            self.spare.push(pane);
            self.base += 1;
        }
    }

    /// The end of the next window to emit (`i64::MAX` without one).
    #[inline(always)]
    pub(super) fn next_close(&self) -> i64 {
        self.next_end
    }

    /// Emits, oldest first, every window with content whose end is at or
    /// before `wm`.
    pub(super) fn close(&mut self, wm: i64, out: &mut Vec<Window>) {
        while self.next_end <= wm && self.next_end != i64::MAX {
            let end = self.next_end;
            let start = end - self.size;
            self.move_to(start.div_euclid(self.pane), end.div_euclid(self.pane));
            if self.ratings > 0 {
                out.push(Window {
                    kind: WindowKind::Sliding,
                    start,
                    end,
                    ratings: self.ratings,
                    halves: self.halves,
                    users: self.users,
                    movies: self.movies,
                    user: None,
                });
            }
            self.next_end = self.next_after(end);
        }
    }

    /// The end of the next window that may have content after the one
    /// ending at `end` (where the running aggregate stands), or `i64::MAX`
    /// when no pane kept has events.
    fn next_after(&self, end: i64) -> i64 {
        if self.ratings > 0 {
            return end + self.slide;
        }
        // Every pane below `hi` is empty: jump to the next one with events.
        let from = (self.hi - self.base).max(0) as usize;
        match self.panes.iter().skip(from).position(|p| !p.is_empty()) {
            Some(k) => self.first_end((self.base + (from + k) as i64) * self.pane, end),
            None => i64::MAX,
        }
    }
}
