//! The page's speed layer against plain recomputation on generated data:
//! its hourly and daily series and late counts equal standalone windowers
//! (themselves checked against a naive reference in stream_windows.rs), its
//! session summary equals one computed from the session windows, and in
//! time order without disorder its trending counts equal a plain count of
//! the ratings in the sliding window where it stands.

use std::collections::BTreeMap;

use movielens_core::demo::{generate, DemoConfig};
use movielens_core::load::load_bytes;
use movielens_core::stream::{
    arrivals, Event, Order, SpeedConfig, SpeedLayer, Window, WindowSpec, Windower,
};
use movielens_core::table::Dataset;

fn demo(ratings: u64, seed: u64) -> Dataset {
    let files = generate(&DemoConfig {
        ratings,
        seed,
        dirty: false,
    });
    Dataset::new(
        load_bytes(&[
            ("users.dat", &files.users[..]),
            ("movies.dat", &files.movies[..]),
            ("ratings.dat", &files.ratings[..]),
        ])
        .expect("generated data loads"),
    )
}

fn standalone(
    ds: &Dataset,
    events: &[(Event, u32)],
    spec: WindowSpec,
    lateness: u32,
) -> (Vec<Window>, u64) {
    let mut w = Windower::new(spec, lateness, ds.users.len(), ds.movies.len());
    let mut out = Vec::new();
    for &(e, _) in events {
        w.push(e);
        out.extend(w.drain());
    }
    w.flush();
    out.extend(w.drain());
    (out, w.totals().late)
}

#[test]
fn speed_layer_equals_its_windows_computed_alone() {
    let ds = demo(20_000, 3);
    for (order, lateness, gap) in [
        (Order::Time { jitter: 0, seed: 1 }, 0, 1800),
        (
            Order::Time {
                jitter: 7200,
                seed: 2,
            },
            3600,
            600,
        ),
        (Order::File, 86_400, 1800),
    ] {
        let config = SpeedConfig {
            lateness,
            session_gap: gap,
            late_kept: 50,
        };
        let events: Vec<(Event, u32)> = arrivals(&ds, order)
            .rows
            .iter()
            .map(|&r| (Event::of_row(&ds, r), r))
            .collect();
        let mut speed = SpeedLayer::new(&ds, config);
        for &(e, row) in &events {
            speed.push(e, row);
        }
        speed.flush();
        let specs = [
            WindowSpec::Tumbling { size: 3600 },
            WindowSpec::Tumbling { size: 86_400 },
            WindowSpec::Sliding {
                size: 86_400,
                slide: 3600,
            },
            WindowSpec::Sliding {
                size: 604_800,
                slide: 3600,
            },
            WindowSpec::Session { gap },
        ];
        let alone: Vec<(Vec<Window>, u64)> = specs
            .iter()
            .map(|&s| standalone(&ds, &events, s, lateness))
            .collect();
        assert_eq!(speed.hourly(), &alone[0].0[..], "{order:?}");
        assert_eq!(speed.daily(), &alone[1].0[..], "{order:?}");
        assert_eq!(speed.last_day(), alone[2].0.last(), "{order:?}");
        assert_eq!(speed.last_week(), alone[3].0.last(), "{order:?}");
        let late = speed.late();
        let per: Vec<u64> = alone.iter().map(|a| a.1).collect();
        assert_eq!(late.per_window.to_vec(), per, "{order:?}");
        assert!(late.events >= *per.iter().max().unwrap());
        assert_eq!(late.first.len() as u64, late.events.min(50));
        // The session summary, from the session windows.
        let sessions = &alone[4].0;
        let s = speed.sessions();
        assert_eq!(s.closed, sessions.len() as u64);
        assert_eq!(s.open, 0, "the flush closes every session");
        assert_eq!(s.ratings, sessions.iter().map(|w| w.ratings).sum::<u64>());
        let lengths: Vec<u64> = sessions
            .iter()
            .map(|w| (w.end - i64::from(gap) - w.start) as u64)
            .collect();
        assert_eq!(s.length, lengths.iter().sum::<u64>());
        assert_eq!(s.longest, lengths.iter().copied().max().unwrap_or(0));
        assert_eq!(s.sizes.iter().sum::<u64>(), s.closed);
        assert_eq!(
            s.sizes[0],
            sessions.iter().filter(|w| w.ratings == 1).count() as u64
        );
    }
}

#[test]
fn trending_counts_the_ratings_of_the_window() {
    let ds = demo(20_000, 4);
    let rows = arrivals(&ds, Order::Time { jitter: 0, seed: 1 }).rows;
    let mut speed = SpeedLayer::new(&ds, SpeedConfig::default());
    let mut lifted = 0;
    for (i, &row) in rows.iter().enumerate() {
        speed.push(Event::of_row(&ds, row), row);
        if i % 2_500 != 1_000 {
            continue;
        }
        for week in [false, true] {
            let t = speed.trending(&ds, week, 10, 3);
            // Sorted arrivals: the window holds exactly the ratings made in it.
            let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
            for &r in &rows[..=i] {
                let ts = i64::from(ds.ratings.ts[r as usize]);
                if (t.start..t.end).contains(&ts) {
                    *counts.entry(ds.ratings.movie[r as usize]).or_default() += 1;
                }
            }
            assert_eq!(
                t.ratings,
                counts.values().map(|&c| u64::from(c)).sum::<u64>()
            );
            let mut want: Vec<(u32, u32)> = counts.iter().map(|(&m, &c)| (m, c)).collect();
            want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            want.truncate(10);
            let got: Vec<(u32, u32)> = t.by_count.iter().map(|x| (x.movie, x.count)).collect();
            assert_eq!(got, want, "at {i}, week {week}");
            for x in &t.by_lift {
                assert!(x.count >= 3);
                let share = f64::from(x.count) / t.ratings as f64;
                let all = f64::from(ds.movie_ratings[x.movie as usize]) / ds.len() as f64;
                assert!((x.lift - share / all).abs() < 1e-9);
            }
            assert!(t.by_lift.windows(2).all(|p| p[0].lift >= p[1].lift));
            lifted += t.by_lift.len();
        }
    }
    assert!(
        lifted > 20,
        "the windows checked hold movies rated 3 times: {lifted}"
    );
}
