//! Criterion benchmark of a provisional dashboard during a progressive
//! load, at 1 M and 3 M ratings read (generated, seed 5: the e2e test's
//! file): `cargo bench -p movielens-core --bench progressive`.
//!
//! - *snapshot*: what the worker did before: the cleaning so far as a
//!   dataset ([`Load::snapshot`](movielens_core::load::Load::snapshot),
//!   duplicates resolved), its dashboard; O(ratings read).
//! - *incremental*: a [`ProgressiveDashboard`] finishes the dashboard of
//!   the ratings it took (O(users + movies)); before that it takes each
//!   chunk the worker reads (256 KB, about 11,000 ratings: O(chunk)),
//!   timed chunk by chunk over the whole file and printed first (`walk`).
//!
//! The spec wants a provisional dashboard at least every 250 ms; the
//! worker waits three times the last one's cost when that is longer.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};

use movielens_core::analytics::{dashboard, Filter, ProgressiveDashboard};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::ingest::CHUNK_BYTES;
use movielens_core::load::Loader;
use movielens_core::report::DEFAULT_MIN_RATINGS;
use movielens_core::table::Dataset;
use movielens_core::FileKind;

fn progressive(c: &mut Criterion) {
    let files = generate(&DemoConfig {
        ratings: 3_000_000,
        seed: 5,
        dirty: false,
    });
    let filter = Filter::default();
    walk(&files, &filter);
    let mut g = c.benchmark_group("progressive");
    g.sample_size(10);
    for (label, lines) in [("1M", 1_000_000), ("3M", 3_000_000)] {
        // The bytes of the first `lines` ratings.
        let end = files
            .ratings
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(lines - 1)
            .map_or(files.ratings.len(), |(i, _)| i + 1);
        let before = end.saturating_sub(CHUNK_BYTES);
        let mut load = Loader::new();
        load.begin(FileKind::Users, "users.dat").unwrap();
        load.feed(&files.users);
        load.begin(FileKind::Movies, "movies.dat").unwrap();
        load.feed(&files.movies);
        load.begin(FileKind::Ratings, "ratings.dat").unwrap();
        let mut live = ProgressiveDashboard::new(load.cleaner());
        for chunk in files.ratings[..before].chunks(CHUNK_BYTES) {
            load.feed(chunk);
            live.push(load.cleaner());
        }
        live.dashboard(&filter, DEFAULT_MIN_RATINGS);
        load.feed(&files.ratings[before..end]);
        g.bench_function(format!("snapshot → dashboard, {label} read"), |b| {
            b.iter(|| {
                let ds = Dataset::new(load.snapshot());
                dashboard(&ds, &filter, DEFAULT_MIN_RATINGS)
            })
        });
        live.push(load.cleaner());
        g.bench_function(format!("incremental: dashboard only, {label} read"), |b| {
            b.iter(|| live.dashboard(&filter, DEFAULT_MIN_RATINGS))
        });
    }
    g.finish();
}

/// The worker's way, timed chunk by chunk (not a criterion benchmark: a
/// chunk is taken once): the whole file fed in 256 KB chunks, each taken
/// by the [`ProgressiveDashboard`] and a dashboard finished after it.
/// Prints the median and the worst push, dashboard and both, over the
/// chunks around 1 M and up to 3 M ratings read, and what the pushes cost
/// in all against the cleaning.
fn walk(files: &movielens_core::demo::DemoFiles, filter: &Filter) {
    let mut load = Loader::new();
    load.begin(FileKind::Users, "users.dat").unwrap();
    load.feed(&files.users);
    load.begin(FileKind::Movies, "movies.dat").unwrap();
    load.feed(&files.movies);
    load.begin(FileKind::Ratings, "ratings.dat").unwrap();
    let mut live = ProgressiveDashboard::new(load.cleaner());
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    // (ratings read, push ms, dashboard ms) per chunk.
    let mut steps = Vec::new();
    let (mut feeding, mut pushing) = (0.0, 0.0);
    for chunk in files.ratings.chunks(CHUNK_BYTES) {
        let t = Instant::now();
        load.feed(chunk);
        feeding += ms(t);
        let t = Instant::now();
        live.push(load.cleaner());
        let push = ms(t);
        pushing += push;
        let t = Instant::now();
        std::hint::black_box(live.dashboard(filter, DEFAULT_MIN_RATINGS));
        steps.push((load.cleaner().accepted(FileKind::Ratings), push, ms(t)));
    }
    for (label, from, to) in [
        ("0.9-1.1M", 900_000, 1_100_000),
        ("2.8-3M", 2_800_000, 3_000_001),
    ] {
        let at: Vec<_> = steps.iter().filter(|s| (from..to).contains(&s.0)).collect();
        let stat = |f: &dyn Fn(&(usize, f64, f64)) -> f64| {
            let mut v: Vec<f64> = at.iter().map(|s| f(s)).collect();
            v.sort_by(f64::total_cmp);
            (v[v.len() / 2], v[v.len() - 1])
        };
        let (p, d, b) = (stat(&|s| s.1), stat(&|s| s.2), stat(&|s| s.1 + s.2));
        eprintln!(
            "progressive walk, {label} read ({} chunks): push median {:.2} max {:.2} ms; dashboard {:.2} / {:.2} ms; both {:.2} / {:.2} ms",
            at.len(), p.0, p.1, d.0, d.1, b.0, b.1
        );
    }
    eprintln!(
        "progressive walk: pushes {pushing:.0} ms in all, feeding (read + clean) {feeding:.0} ms"
    );
}

criterion_group!(benches, progressive);
criterion_main!(benches);
