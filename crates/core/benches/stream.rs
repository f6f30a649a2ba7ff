//! Criterion benchmarks of the stream core on generated data of MovieLens
//! 1M size (1,000,209 ratings): `cargo bench -p movielens-core --bench stream`.
//!
//! Budget (release, one core): replay with every window of the page
//! maintained (tumbling hour and day, sliding 24 h and 7 days by the hour,
//! sessions of 30 min, the late side output) at least 10 M events/s.
//!
//! The "cpu" benches report the thread's CPU time (Linux
//! `/proc/thread-self/schedstat`), not wall time: on a shared machine a
//! busy neighbour stretches wall time, not the work done.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};

use movielens_core::analytics::Filter;
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::lineage::native_clock;
use movielens_core::load::load_bytes;
use movielens_core::stream::{
    arrivals, Event, Order, Replay, ReplayConfig, SpeedConfig, SpeedLayer,
};
use movielens_core::table::Dataset;

/// CPU time of this thread so far, nanoseconds (`None` off Linux).
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Runs `f` `iters` times; the thread's CPU time (wall time off Linux).
fn cpu_time(iters: u64, mut f: impl FnMut()) -> Duration {
    let (t0, w0) = (cpu_ns(), Instant::now());
    for _ in 0..iters {
        f();
    }
    match (t0, cpu_ns()) {
        (Some(a), Some(b)) => Duration::from_nanos(b - a),
        _ => w0.elapsed(),
    }
}

fn stream(c: &mut Criterion) {
    let files = generate(&DemoConfig::default());
    let inputs = [
        ("users.dat", &files.users[..]),
        ("movies.dat", &files.movies[..]),
        ("ratings.dat", &files.ratings[..]),
    ];
    let ds = Dataset::new(load_bytes(&inputs).expect("generated data loads"));
    let order = Order::Time {
        jitter: 3600,
        seed: 7,
    };
    let config = ReplayConfig {
        order,
        speed: SpeedConfig::default(),
    };
    let arrived = arrivals(&ds, order);
    let events: Vec<(Event, u32)> = arrived
        .rows
        .iter()
        .map(|&r| (Event::of_row(&ds, r), r))
        .collect();

    let mut g = c.benchmark_group("stream ml1m");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ds.len() as u64));
    g.bench_function("speed layer: every page window (events/s)", |b| {
        b.iter(|| {
            let mut speed = SpeedLayer::new(&ds, config.speed);
            for &(e, row) in black_box(&events) {
                speed.push(e, row);
            }
            speed.flush();
            speed.sessions()
        })
    });
    g.bench_function("cpu: speed layer: every page window (events/s)", |b| {
        b.iter_custom(|iters| {
            cpu_time(iters, || {
                let mut speed = SpeedLayer::new(&ds, config.speed);
                for &(e, row) in black_box(&events) {
                    speed.push(e, row);
                }
                speed.flush();
                black_box(speed.sessions());
            })
        })
    });
    let fresh = Replay::new(&ds, config, &Filter::default());
    g.bench_function(
        "cpu: replay feed: windows + lambda speed state (events/s)",
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut replay = fresh.clone();
                    total += cpu_time(1, || replay.finish(&ds));
                }
                total
            })
        },
    );
    // A tenth of the ratings re-rated a day later (an appended file): the
    // lambda's re-rated path, 100 k superseded ratings among the events.
    let mut rerated = ds.clone();
    rerated.append("ratings2.dat", &re_ratings(&files.ratings, 10), None);
    let fresh = Replay::new(&rerated, config, &Filter::default());
    g.bench_function(
        "cpu: replay feed, a tenth re-rated: windows + lambda (events/s)",
        |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut replay = fresh.clone();
                    total += cpu_time(1, || replay.finish(&rerated));
                }
                total
            })
        },
    );
    g.bench_function("arrival order: time with 1 h jitter", |b| {
        b.iter(|| arrivals(black_box(&ds), order))
    });
    g.bench_function("replay: arrivals + windows + lambda speed state", |b| {
        b.iter(|| {
            let mut replay = Replay::new(&ds, config, &Filter::default());
            replay.finish(&ds);
            replay.position()
        })
    });
    let mut replay = Replay::new(&ds, config, &Filter::default());
    replay.step(&ds, ds.len() / 2);
    let t1 = replay.watermark().expect("half the stream ran") as u32;
    g.throughput(Throughput::Elements(ds.len() as u64 / 2));
    g.bench_function("checkpoint: batch recompute over half the ratings", |b| {
        b.iter(|| {
            let mut r = replay.clone();
            r.checkpoint(&ds, t1, native_clock)
        })
    });
    g.finish();
}

/// Every `every`-th line of a ratings file again, a day later and one star
/// more (5 wraps to 1).
fn re_ratings(ratings: &[u8], every: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for line in ratings.split(|&b| b == b'\n').step_by(every) {
        let text = String::from_utf8_lossy(line);
        let f: Vec<&str> = text.trim_end().split("::").collect();
        if let [u, m, s, t] = f[..] {
            let (s, t): (u8, u32) = (s.parse().unwrap_or(1), t.parse().unwrap_or(0));
            out.extend(format!("{u}::{m}::{}::{}\n", s % 5 + 1, t + 86_400).bytes());
        }
    }
    out
}

criterion_group!(benches, stream);
criterion_main!(benches);
