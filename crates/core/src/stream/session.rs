//! Session windows per user, merged as Flink merges them: each event opens
//! `[t, t + gap)`, and a user's windows that overlap or touch become one.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Event, Window, WindowKind};

/// No session (end of a user's list).
const NONE: u32 = u32::MAX;

/// One open session, in a slot of the slab.
#[derive(Debug, Clone, Default)]
struct Session {
    user: u32,
    start: i64,
    end: i64,
    ratings: u64,
    halves: u64,
    /// Movies rated (with repeats), for the distinct count at close.
    movies: Vec<u32>,
    /// The user's next open session, or [`NONE`].
    next: u32,
    /// Bumped when the slot is freed: heap entries of an older generation
    /// are stale.
    generation: u32,
}

/// The open sessions: a slab with per-user lists (a user has one open
/// session, more only when events come out of order) and a heap of ends.
#[derive(Debug, Clone)]
pub(super) struct Sessions {
    gap: i64,
    slots: Vec<Session>,
    free: Vec<u32>,
    /// Per user: the first open session's slot, or [`NONE`].
    head: Vec<u32>,
    /// `(end, user, slot, generation)`. An entry's end is at most its
    /// session's (ends only grow): a popped entry whose session grew is
    /// pushed again with the new end.
    ends: BinaryHeap<Reverse<(i64, u32, u32, u32)>>,
    /// Per movie: the number of the last closing session that counted it
    /// (distinct movies without sorting).
    seen: Vec<u32>,
    closing: u32,
}

impl Sessions {
    pub(super) fn new(gap: u32, users: usize, movies: usize) -> Sessions {
        Sessions {
            gap: i64::from(gap),
            slots: Vec::new(),
            free: Vec::new(),
            head: vec![NONE; users],
            ends: BinaryHeap::new(),
            seen: vec![0; movies],
            closing: 0,
        }
    }

    /// Sessions open now.
    pub(super) fn open(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// Adds the event unless it is late: as in Flink, its `[t, t + gap)` is
    /// first merged with the user's open sessions, and the event is late
    /// only when the merged window ended at or before the watermark. Open
    /// sessions end after the watermark, so that is when its own window
    /// did and it meets none of them. Whether it was added.
    #[inline(always)]
    pub(super) fn add(&mut self, e: Event, wm: Option<i64>) -> bool {
        let (start, end) = (i64::from(e.ts), i64::from(e.ts) + self.gap);
        let user = e.user as usize;
        if wm.is_some_and(|wm| end <= wm) && !self.meets_open(user, start, end) {
            return false;
        }
        // Merge every open session of the user that meets [start, end).
        let (mut target, mut prev, mut at) = (NONE, NONE, self.head[user]);
        while at != NONE {
            let next = self.slots[at as usize].next;
            let s = &self.slots[at as usize];
            if s.start <= end && s.end >= start {
                if target == NONE {
                    target = at;
                    prev = at;
                } else {
                    self.absorb(target, at, prev);
                }
            } else {
                prev = at;
            }
            at = next;
        }
        if target == NONE {
            target = self.open_slot(e.user, start, end);
        }
        let s = &mut self.slots[target as usize];
        s.start = s.start.min(start);
        s.end = s.end.max(end);
        s.ratings += 1;
        s.halves += u64::from(e.halves);
        s.movies.push(e.movie);
        true
    }

    /// Whether an open session of `user` overlaps or touches `[start, end)`.
    fn meets_open(&self, user: usize, start: i64, end: i64) -> bool {
        let mut at = self.head[user];
        while at != NONE {
            let s = &self.slots[at as usize];
            if s.start <= end && s.end >= start {
                return true;
            }
            at = s.next;
        }
        false
    }

    /// A new session for `user`, at the head of its list, with its heap
    /// entry.
    fn open_slot(&mut self, user: u32, start: i64, end: i64) -> u32 {
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(Session::default());
                (self.slots.len() - 1) as u32
            }
        };
        let head = &mut self.head[user as usize];
        let s = &mut self.slots[slot as usize];
        s.user = user;
        s.start = start;
        s.end = end;
        s.next = *head;
        *head = slot;
        self.ends.push(Reverse((end, user, slot, s.generation)));
        slot
    }

    /// Merges session `from` into `into` and unlinks it (`prev` precedes it
    /// in the user's list).
    fn absorb(&mut self, into: u32, from: u32, prev: u32) {
        let mut gone = std::mem::take(&mut self.slots[from as usize]);
        let generation = gone.generation + 1;
        self.slots[prev as usize].next = gone.next;
        let s = &mut self.slots[into as usize];
        s.start = s.start.min(gone.start);
        s.end = s.end.max(gone.end);
        s.ratings += gone.ratings;
        s.halves += gone.halves;
        s.movies.append(&mut gone.movies);
        self.release(from, generation, gone.movies);
    }

    /// Frees a slot, keeping its movie buffer's allocation.
    fn release(&mut self, slot: u32, generation: u32, mut movies: Vec<u32>) {
        movies.clear();
        let s = &mut self.slots[slot as usize];
        s.movies = movies;
        s.generation = generation;
        s.next = NONE;
        self.free.push(slot);
    }

    /// The smallest end in the heap (at most the next session to close;
    /// `i64::MAX` without one).
    #[inline(always)]
    pub(super) fn next_close(&self) -> i64 {
        self.ends.peek().map_or(i64::MAX, |e| e.0 .0)
    }

    /// Emits every session whose end is at or before `wm`, by end (then
    /// user).
    pub(super) fn close(&mut self, wm: i64, out: &mut Vec<Window>) {
        while let Some(&Reverse((end, user, slot, generation))) = self.ends.peek() {
            if end > wm {
                break;
            }
            self.ends.pop();
            let s = &self.slots[slot as usize];
            if s.generation != generation {
                continue; // merged into another session
            }
            if s.end > end {
                self.ends.push(Reverse((s.end, user, slot, generation)));
                continue;
            }
            self.unlink(user, slot);
            let movies = std::mem::take(&mut self.slots[slot as usize].movies);
            self.closing = self.closing.wrapping_add(1);
            if self.closing == 0 {
                // Wrapped: old marks could match again.
                self.seen.fill(0);
                self.closing = 1;
            }
            let mut distinct = 0u32;
            for &m in &movies {
                let mark = &mut self.seen[m as usize];
                distinct += u32::from(*mark != self.closing);
                *mark = self.closing;
            }
            let s = &self.slots[slot as usize];
            out.push(Window {
                kind: WindowKind::Session,
                start: s.start,
                end: s.end,
                ratings: s.ratings,
                halves: s.halves,
                users: 1,
                movies: distinct,
                user: Some(user),
            });
            let s = &mut self.slots[slot as usize];
            (s.ratings, s.halves) = (0, 0);
            self.release(slot, generation + 1, movies);
        }
    }

    /// Takes `slot` out of `user`'s list.
    fn unlink(&mut self, user: u32, slot: u32) {
        let next = self.slots[slot as usize].next;
        let head = &mut self.head[user as usize];
        if *head == slot {
            *head = next;
            return;
        }
        let mut at = *head;
        while at != NONE {
            let s = &mut self.slots[at as usize];
            if s.next == slot {
                s.next = next;
                return;
            }
            at = s.next;
        }
    }
}
