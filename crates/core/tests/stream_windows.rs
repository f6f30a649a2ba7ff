//! Event-time windows against a naive reference: for each candidate window,
//! the events that reached it (replaying the watermark plainly, event by
//! event) are filtered and aggregated. Random seeded streams in time order
//! with bounded disorder and in shuffled order, for tumbling, sliding and
//! session windows, boundaries and late events included; and a small
//! hand-checked fixture.

use std::collections::{BTreeMap, BTreeSet};

use movielens_core::demo::Rng;
use movielens_core::stream::{Event, Window, WindowKind, WindowSpec, Windower};

const USERS: usize = 5;
const MOVIES: usize = 7;

/// The watermark before each event: largest timestamp so far − lateness.
fn watermarks(events: &[Event], lateness: u32) -> Vec<Option<i64>> {
    let mut max: Option<u32> = None;
    events
        .iter()
        .map(|e| {
            let wm = max.map(|m| i64::from(m) - i64::from(lateness));
            max = Some(max.map_or(e.ts, |m| m.max(e.ts)));
            wm
        })
        .collect()
}

/// After which event a window ending at `end` closes: the first whose
/// watermark after it reaches `end`; `events.len()` for the flush.
fn close_position(events: &[Event], lateness: u32, end: i64) -> usize {
    let mut max = i64::MIN;
    for (i, e) in events.iter().enumerate() {
        max = max.max(i64::from(e.ts));
        if max - i64::from(lateness) >= end {
            return i;
        }
    }
    events.len()
}

/// A window's aggregate over the events given.
fn aggregate(
    kind: WindowKind,
    start: i64,
    end: i64,
    events: &[Event],
    user: Option<u32>,
) -> Window {
    Window {
        kind,
        start,
        end,
        ratings: events.len() as u64,
        halves: events.iter().map(|e| u64::from(e.halves)).sum(),
        users: events.iter().map(|e| e.user).collect::<BTreeSet<_>>().len() as u32,
        movies: events
            .iter()
            .map(|e| e.movie)
            .collect::<BTreeSet<_>>()
            .len() as u32,
        user,
    }
}

/// The reference for tumbling and sliding windows: every window that may
/// hold an event, filled with the events that arrived while it was open.
/// Returns the windows in closing order and the late count.
fn reference_aligned(
    events: &[Event],
    kind: WindowKind,
    (size, slide): (u32, u32),
    lateness: u32,
) -> (Vec<Window>, u64) {
    let (size, slide) = (i64::from(size), i64::from(slide));
    let wms = watermarks(events, lateness);
    let mut windows: BTreeMap<i64, Vec<Event>> = BTreeMap::new();
    let mut late = 0;
    for (e, wm) in events.iter().zip(&wms) {
        let t = i64::from(e.ts);
        // Every start at a multiple of slide in (t - size, t].
        let mut added = false;
        let mut s = t.div_euclid(slide) * slide;
        while s > t - size {
            if wm.is_none_or(|wm| s + size > wm) {
                windows.entry(s).or_default().push(*e);
                added = true;
            }
            s -= slide;
        }
        late += u64::from(!added);
    }
    let mut out: Vec<(usize, Window)> = windows
        .iter()
        .map(|(&s, evs)| {
            let pos = close_position(events, lateness, s + size);
            (pos, aggregate(kind, s, s + size, evs, None))
        })
        .collect();
    out.sort_by_key(|(pos, w)| (*pos, w.end));
    (out.into_iter().map(|x| x.1).collect(), late)
}

/// An open session of the reference.
struct Open {
    user: u32,
    start: i64,
    end: i64,
    events: Vec<Event>,
}

/// The reference for sessions: before each event, the sessions whose end
/// the watermark reached close; the event merges with every open session
/// of its user that its `[t, t + gap)` overlaps or touches, and is late
/// (not added) only when it meets none and its own window has ended.
fn reference_sessions(events: &[Event], gap: u32, lateness: u32) -> (Vec<Window>, u64) {
    let gap = i64::from(gap);
    let wms = watermarks(events, lateness);
    let mut open: Vec<Open> = Vec::new();
    let mut out: Vec<Window> = Vec::new();
    let mut late = 0;
    let close = |open: &mut Vec<Open>, out: &mut Vec<Window>, wm: i64| {
        let mut closing: Vec<Open> = Vec::new();
        let mut i = 0;
        while i < open.len() {
            if open[i].end <= wm {
                closing.push(open.remove(i));
            } else {
                i += 1;
            }
        }
        closing.sort_by_key(|s| (s.end, s.user));
        for s in closing {
            out.push(aggregate(
                WindowKind::Session,
                s.start,
                s.end,
                &s.events,
                Some(s.user),
            ));
        }
    };
    for (e, wm) in events.iter().zip(&wms) {
        if let Some(wm) = *wm {
            close(&mut open, &mut out, wm);
        }
        let (start, end) = (i64::from(e.ts), i64::from(e.ts) + gap);
        // Flink: late only if the window merged with the user's open
        // sessions has ended; open sessions end after the watermark.
        let meets = |s: &Open| s.user == e.user && s.start <= end && s.end >= start;
        if wm.is_some_and(|wm| end <= wm) && !open.iter().any(meets) {
            late += 1;
            continue;
        }
        let mut merged = Open {
            user: e.user,
            start,
            end,
            events: vec![*e],
        };
        let mut i = 0;
        while i < open.len() {
            let s = &open[i];
            if s.user == e.user && s.start <= merged.end && s.end >= merged.start {
                let s = open.remove(i);
                merged.start = merged.start.min(s.start);
                merged.end = merged.end.max(s.end);
                merged.events.extend(s.events);
                i = 0; // the wider window may now meet another
            } else {
                i += 1;
            }
        }
        open.push(merged);
    }
    close(&mut open, &mut out, i64::MAX);
    (out, late)
}

fn reference(events: &[Event], spec: WindowSpec, lateness: u32) -> (Vec<Window>, u64) {
    match spec {
        WindowSpec::Tumbling { size } => {
            reference_aligned(events, WindowKind::Tumbling, (size, size), lateness)
        }
        WindowSpec::Sliding { size, slide } => {
            reference_aligned(events, WindowKind::Sliding, (size, slide), lateness)
        }
        WindowSpec::Session { gap } => reference_sessions(events, gap, lateness),
    }
}

fn run(events: &[Event], spec: WindowSpec, lateness: u32) -> (Vec<Window>, u64) {
    let mut w = Windower::new(spec, lateness, USERS, MOVIES);
    let mut out = Vec::new();
    for e in events {
        w.push(*e);
        out.extend(w.drain());
    }
    w.flush();
    out.extend(w.drain());
    let t = w.totals();
    assert_eq!(t.events, events.len() as u64);
    assert_eq!(t.windows, out.len() as u64);
    (out, t.late)
}

/// A random stream: timestamps from a small range (many ties, events at
/// window ends), arrival by timestamp + a random delay, or shuffled.
fn random_stream(rng: &mut Rng) -> Vec<Event> {
    let n = 1 + rng.below(60) as usize;
    let base = 1_000_000_000 + rng.below(1000) as u32;
    let span = 1 + rng.below(400) as u32;
    let mut events: Vec<(u64, Event)> = (0..n)
        .map(|_| {
            let e = Event {
                // Multiples of 5 hit window edges often.
                ts: base + rng.below(u64::from(span)) as u32 / 5 * 5,
                user: rng.below(USERS as u64) as u32,
                movie: rng.below(MOVIES as u64) as u32,
                halves: 1 + rng.below(5) as u8,
            };
            (0, e)
        })
        .collect();
    let shuffled = rng.below(4) == 0;
    let jitter = rng.below(80);
    for (key, e) in &mut events {
        *key = if shuffled {
            rng.next_u64()
        } else {
            u64::from(e.ts) + rng.below(jitter + 1)
        };
    }
    events.sort_by_key(|(key, _)| *key);
    events.into_iter().map(|(_, e)| e).collect()
}

fn random_spec(rng: &mut Rng) -> WindowSpec {
    let pick = |rng: &mut Rng, xs: &[u32]| xs[rng.below(xs.len() as u64) as usize];
    match rng.below(3) {
        0 => WindowSpec::Tumbling {
            size: pick(rng, &[1, 5, 10, 30, 60, 100]),
        },
        1 => {
            let (size, slide) = pick_sliding(rng);
            WindowSpec::Sliding { size, slide }
        }
        _ => WindowSpec::Session {
            gap: pick(rng, &[1, 5, 10, 20, 45]),
        },
    }
}

fn pick_sliding(rng: &mut Rng) -> (u32, u32) {
    let pairs = [
        (10, 5),
        (30, 10),
        (60, 20),
        (90, 60),
        (50, 15),
        (20, 20),
        (100, 7),
    ];
    pairs[rng.below(pairs.len() as u64) as usize]
}

#[test]
fn random_streams_match_the_reference() {
    let mut rng = Rng::new(8);
    for case in 0..3000 {
        let events = random_stream(&mut rng);
        let spec = random_spec(&mut rng);
        let lateness = [0, 0, 5, 10, 25, 60, 1000][rng.below(7) as usize];
        let got = run(&events, spec, lateness);
        let want = reference(&events, spec, lateness);
        assert_eq!(
            got, want,
            "case {case}: {spec:?}, lateness {lateness}, events {events:?}"
        );
    }
}

#[test]
fn the_reference_sees_late_events_and_boundaries() {
    // The random cases above must exercise what they claim to.
    let mut rng = Rng::new(8);
    let (mut late, mut at_end, mut merged) = (0, 0, 0);
    for _ in 0..3000 {
        let events = random_stream(&mut rng);
        let spec = random_spec(&mut rng);
        let lateness = [0, 0, 5, 10, 25, 60, 1000][rng.below(7) as usize];
        let (windows, l) = reference(&events, spec, lateness);
        late += l;
        at_end += events.iter().filter(|e| i64::from(e.ts) % 10 == 0).count();
        merged += windows
            .iter()
            .filter(|w| w.kind == WindowKind::Session && w.ratings > 1)
            .count();
    }
    assert!(
        late > 1000 && at_end > 1000 && merged > 500,
        "{late} {at_end} {merged}"
    );
}

fn ev(ts: u32, user: u32, movie: u32, halves: u8) -> Event {
    Event {
        ts,
        user,
        movie,
        halves,
    }
}

fn win(start: i64, end: i64, ratings: u64, halves: u64, users: u32, movies: u32) -> Window {
    Window {
        kind: WindowKind::Tumbling,
        start,
        end,
        ratings,
        halves,
        users,
        movies,
        user: None,
    }
}

/// Worked by hand: tumbling 10 s, lateness 5 s.
#[test]
fn hand_checked_tumbling_fixture() {
    let events = [
        ev(3, 0, 0, 4),  // no watermark yet
        ev(12, 1, 0, 2), // wm -2; after it wm 7
        ev(9, 1, 1, 5),  // wm 7 < 10: [0, 10) still open
        ev(20, 0, 1, 3), // exactly at [20, 30)'s start; after it wm 15: [0, 10) closes
        ev(8, 0, 0, 1),  // wm 15 ≥ 10: late
        ev(15, 1, 1, 4), // wm 15 < 20: [10, 20) open
        ev(25, 0, 0, 5), // after it wm 20: [10, 20) closes (end = watermark)
        ev(14, 0, 0, 2), // wm 20 ≥ 20: late, at the lateness edge
    ];
    let (windows, late) = run(&events, WindowSpec::Tumbling { size: 10 }, 5);
    assert_eq!(
        windows,
        [
            win(0, 10, 2, 9, 2, 2),
            win(10, 20, 2, 6, 1, 2),
            win(20, 30, 2, 8, 1, 2),
        ]
    );
    assert_eq!(late, 2);
    assert_eq!(
        reference(&events, WindowSpec::Tumbling { size: 10 }, 5),
        (windows, late)
    );
}

/// Worked by hand: sessions with a 10 s gap, lateness 0.
#[test]
fn hand_checked_session_fixture() {
    let events = [
        ev(100, 0, 0, 4),
        ev(110, 0, 1, 2), // touches [100, 110): same session, now [100, 120)
        ev(105, 1, 0, 5), // wm 110 < 115: opens [105, 115) for user 1
        ev(131, 0, 2, 3), // after it wm 131: user 0's [100, 120) and user 1's close
        ev(125, 0, 3, 1), // [125, 135) ends after 131: not late, merges with [131, 141)
        ev(120, 1, 0, 1), // [120, 130) ends at or before 131: late
    ];
    let (windows, late) = run(&events, WindowSpec::Session { gap: 10 }, 0);
    let s = |user, start, end, ratings, halves, movies| Window {
        kind: WindowKind::Session,
        start,
        end,
        ratings,
        halves,
        users: 1,
        movies,
        user: Some(user),
    };
    assert_eq!(
        windows,
        [
            s(1, 105, 115, 1, 5, 1),
            s(0, 100, 120, 2, 6, 2),
            s(0, 125, 141, 2, 4, 2)
        ]
    );
    assert_eq!(late, 1);
}

/// Worked by hand: sliding 20 s every 10 s, lateness 0.
#[test]
fn hand_checked_sliding_fixture() {
    let events = [
        ev(5, 0, 0, 4),  // windows [-10, 10) and [0, 20)
        ev(10, 1, 1, 2), // [0, 20) and [10, 30); after it wm 10: [-10, 10) closes
        ev(7, 1, 0, 5),  // [-10, 10) closed, [0, 20) open: added there only
        ev(40, 0, 0, 3), // after it wm 40: [0, 20), [10, 30) close ([20, 40) has nothing)
    ];
    let (windows, late) = run(
        &events,
        WindowSpec::Sliding {
            size: 20,
            slide: 10,
        },
        0,
    );
    let s = |start, end, ratings, stars, users, movies| Window {
        kind: WindowKind::Sliding,
        ..win(start, end, ratings, stars, users, movies)
    };
    assert_eq!(
        windows,
        [
            s(-10, 10, 1, 4, 1, 1),
            s(0, 20, 3, 11, 2, 2),
            s(10, 30, 1, 2, 1, 1),
            s(30, 50, 1, 3, 1, 1),
            s(40, 60, 1, 3, 1, 1),
        ]
    );
    assert_eq!(late, 0);
}

/// Sizes, slides and gaps of 0 s (which `WindowSpec::parse` refuses) act
/// as 1 s through the API instead of dividing by zero.
#[test]
fn zero_sizes_act_as_one_second() {
    // One-second sessions that touch merge (Flink's `intersects`).
    let one_second: &[(i64, i64, u64)] = &[(5, 6, 2), (6, 7, 1)];
    for (spec, expected) in [
        (WindowSpec::Tumbling { size: 0 }, one_second),
        (WindowSpec::Sliding { size: 0, slide: 0 }, one_second),
        (WindowSpec::Session { gap: 0 }, &[(5, 7, 3)][..]),
    ] {
        let mut w = Windower::new(spec, 0, 1, 1);
        for ts in [5, 5, 6] {
            assert!(
                w.push(Event {
                    ts,
                    user: 0,
                    movie: 0,
                    halves: 4
                }),
                "{spec:?}"
            );
        }
        w.flush();
        let closed: Vec<(i64, i64, u64)> = w.drain().map(|x| (x.start, x.end, x.ratings)).collect();
        assert_eq!(closed, expected, "{spec:?}");
    }
}

/// Flink merges before it decides lateness: an event whose own window has
/// ended joins its user's session that is still open (A rates at 0 and 8:
/// session [0, 18); B's rating at 17 moves the watermark to 17; A's rating
/// at 5, whose own [5, 15) has ended, belongs to [0, 18)). One that meets
/// no open session is late.
#[test]
fn a_late_window_that_meets_an_open_session_joins_it() {
    let mut w = Windower::new(WindowSpec::Session { gap: 10 }, 0, 2, 1);
    let ev = |ts, user| Event {
        ts,
        user,
        movie: 0,
        halves: 3,
    };
    for e in [ev(0, 0), ev(8, 0), ev(17, 1), ev(5, 0)] {
        assert!(w.push(e), "{e:?} is on time");
    }
    assert!(!w.push(ev(2, 1)), "B's [2, 12) meets no open session of B");
    w.flush();
    let closed: Vec<(i64, i64, u64, Option<u32>)> = w
        .drain()
        .map(|x| (x.start, x.end, x.ratings, x.user))
        .collect();
    assert_eq!(closed, [(0, 18, 3, Some(0)), (17, 27, 1, Some(1))]);
    assert_eq!(w.totals().late, 1);
}
