//! The live engine on generated data: play, pause, step, seek, late
//! events, checkpoints, a filter set mid-stream, and the end of the stream
//! serving exactly the batch dashboard.

use movielens_core::analytics::{dashboard, Filter};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::lineage::native_clock;
use movielens_core::model::Gender;
use movielens_core::table::Dataset;

use super::*;

fn dataset(ratings: u64, dirty: bool) -> Dataset {
    let files = generate(&DemoConfig {
        ratings,
        seed: 5,
        dirty,
    });
    Dataset::new(files.load(native_clock))
}

fn engine(settings: LiveSettings) -> Engine {
    Engine::new(dataset(20_000, true), settings, &Filter::default(), 10)
}

/// Plays as fast as possible to the end of the stream.
fn play_out(live: &mut Engine) -> Frame {
    live.play(0);
    for _ in 0..10_000 {
        live.tick(100.0, native_clock);
        if !live.is_playing() {
            break;
        }
    }
    live.frame(native_clock(), native_clock)
}

#[test]
fn at_the_end_of_the_stream_merged_is_batch_in_every_order() {
    for settings in [
        LiveSettings::default(),
        LiveSettings {
            file_order: true,
            weekly: true,
            ..LiveSettings::default()
        },
        LiveSettings {
            jitter: 6 * 3600,
            lateness: 600,
            seed: 9,
            ..LiveSettings::default()
        },
    ] {
        let mut live = engine(settings);
        let frame = play_out(&mut live);
        assert!(frame.done && !frame.playing, "{settings:?}");
        assert_eq!(frame.events, frame.total);
        let batch = dashboard(live.dataset(), &Filter::default(), 10);
        assert_eq!(*frame.dashboard, batch, "{settings:?}");
        let (equal, detail) = live.verify(native_clock);
        assert!(equal, "{settings:?}: {detail}");
        assert!(frame.badge.starts_with("batch to "), "{}", frame.badge);
    }
}

#[test]
fn the_clock_moves_by_speed_times_wall_time_and_pause_holds_it() {
    let mut live = engine(LiveSettings::default());
    let start = live.frame(0.0, || 0.0);
    assert_eq!(start.events, 0);
    assert_eq!(
        start.clock + 1,
        start.span.0,
        "paused before the first arrival"
    );
    // Paused: ticks change nothing.
    live.tick(1000.0, native_clock);
    assert_eq!(live.frame(0.0, || 0.0).clock, start.clock);
    // 7 event seconds per second, in ticks of 100 ms: 0.7 s each, carried.
    live.play(7);
    for _ in 0..10 {
        live.tick(100.0, native_clock);
    }
    assert_eq!(live.frame(0.0, || 0.0).clock, start.clock + 7);
    live.play(DAY);
    live.tick(1000.0, native_clock);
    let moved = live.frame(0.0, || 0.0);
    assert_eq!(moved.clock, start.clock + 7 + DAY);
    let arrived = live.replay().arrivals().arrived_by(moved.clock) as u64;
    assert_eq!(moved.events, arrived);
    live.pause();
    live.tick(1000.0, native_clock);
    let held = live.frame(0.0, || 0.0);
    assert_eq!((held.clock, held.events), (moved.clock, moved.events));
}

#[test]
fn step_and_seek_move_the_clock_there() {
    let mut live = engine(LiveSettings::default());
    let (first, last) = live.frame(0.0, || 0.0).span;
    live.play(HOUR);
    live.step(WEEK, native_clock);
    let stepped = live.frame(0.0, || 0.0);
    assert!(!stepped.playing, "a step pauses");
    assert_eq!(stepped.clock, first - 1 + WEEK);
    let middle = first + (last - first) / 2;
    for target in [middle, first + DAY, last] {
        live.seek(target, native_clock);
        let f = live.frame(0.0, || 0.0);
        assert_eq!(f.clock, target);
        assert_eq!(f.events, live.replay().arrivals().arrived_by(target) as u64);
        let (equal, detail) = live.verify(native_clock);
        assert!(equal, "after a seek to {target}: {detail}");
    }
    assert!(
        live.frame(0.0, || 0.0).done,
        "seeking to the last arrival ends the stream"
    );
}

#[test]
fn checkpoints_follow_the_simulated_days_and_weeks() {
    for (weekly, period) in [(false, DAY), (true, WEEK)] {
        let mut live = engine(LiveSettings {
            weekly,
            ..LiveSettings::default()
        });
        let (first, last) = live.frame(0.0, || 0.0).span;
        live.seek(first + (last - first) / 3, native_clock);
        let t1 = live
            .replay()
            .lambda()
            .checkpoint_at()
            .expect("a checkpoint");
        assert_eq!(u64::from(t1) % period, 0, "at a boundary");
        let wm = live.replay().watermark().expect("a watermark");
        assert!(i64::from(t1) <= wm && wm < i64::from(t1) + period as i64);
        assert!(live.frame(0.0, || 0.0).badge.starts_with("batch to "));
    }
}

#[test]
fn file_order_and_jitter_beyond_the_lateness_make_late_events() {
    let on_time = play_out(&mut engine(LiveSettings::default()));
    assert_eq!(on_time.late, 0, "time order, no jitter: nothing late");
    for settings in [
        LiveSettings {
            file_order: true,
            ..LiveSettings::default()
        },
        LiveSettings {
            jitter: 2 * DAY as u32,
            lateness: 60,
            ..LiveSettings::default()
        },
    ] {
        let frame = play_out(&mut engine(settings));
        assert!(frame.late > 0, "{settings:?}");
        let late = frame.tables.last().expect("the late table");
        assert!(late.title.starts_with("Late events: "), "{}", late.title);
        assert!(!late.rows.is_empty());
    }
}

#[test]
fn a_filter_set_mid_stream_is_served_and_verified() {
    let mut live = engine(LiveSettings::default());
    let (first, last) = live.frame(0.0, || 0.0).span;
    live.seek(first + (last - first) / 2, native_clock);
    let filter = Filter {
        genders: vec![Gender::F],
        as_of: Some(1),
        ..Filter::default()
    };
    live.set_filter(&filter, 5);
    assert!(live.verify(native_clock).0);
    let frame = play_out(&mut live);
    let served = Filter {
        as_of: None,
        ..filter
    };
    assert_eq!(*frame.dashboard, dashboard(live.dataset(), &served, 5));
}

#[test]
fn the_speed_tables_are_all_there() {
    let mut live = engine(LiveSettings::default());
    let (first, last) = live.frame(0.0, || 0.0).span;
    live.seek(first + (last - first) / 2, native_clock);
    let frame = live.frame(0.0, || 0.0);
    let titles: Vec<&str> = frame.tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles.len(), 7, "{titles:?}");
    for t in &frame.tables {
        assert!(
            t.rows.iter().all(|r| r.len() <= t.head.len()),
            "{}",
            t.title
        );
    }
    let sliding = &frame.tables[0];
    assert_eq!(sliding.rows.len(), 2);
    assert!(frame.tables[1].rows.len() <= 12 && !frame.tables[1].rows.is_empty());
}

#[test]
fn files_read_whole_clean_as_the_demo_load_does() {
    let files = generate(&DemoConfig {
        ratings: 5_000,
        seed: 3,
        dirty: true,
    });
    let want = files.load(|| 0.0);
    let got = read_whole(
        &[
            ("ml/ratings.dat", &files.ratings[..]),
            ("ml/README", b"SUMMARY\n"),
            ("ml/users.dat", &files.users[..]),
            ("ml/movies.dat", &files.movies[..]),
        ],
        || 0.0,
    )
    .expect("the generated files load");
    assert_eq!(got.ratings, want.ratings);
    assert_eq!(got.lineage.ratings, want.lineage.ratings);
}

#[test]
fn checkpoint_due_is_the_last_boundary_not_yet_batched() {
    assert_eq!(
        checkpoint_due(Some(WEEK as i64 * 3 + 5), None, WEEK),
        Some(WEEK as u32 * 3)
    );
    assert_eq!(checkpoint_due(Some(i64::MAX), None, DAY), None);
}
