//! Criterion benchmarks of every pipeline stage on generated data of
//! MovieLens 1M size (1,000,209 ratings): `cargo bench -p movielens-core`.
//!
//! Budgets (release, one core): bytes to dashboard at most 150 ms, one
//! filtered dashboard query at most 8 ms.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use movielens_core::analytics::{dashboard, DashboardState, Filter};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::ingest::parse_only;
use movielens_core::lineage::native_clock;
use movielens_core::load::load_bytes;
use movielens_core::model::Gender;
use movielens_core::report::{Report, DEFAULT_MIN_RATINGS};
use movielens_core::table::Dataset;

fn stages(c: &mut Criterion) {
    let files = generate(&DemoConfig::default());
    let inputs = [
        ("users.dat", &files.users[..]),
        ("movies.dat", &files.movies[..]),
        ("ratings.dat", &files.ratings[..]),
    ];
    let bytes = (files.users.len() + files.movies.len() + files.ratings.len()) as u64;
    let cleaned = load_bytes(&inputs).expect("generated data loads");
    let ratings = cleaned.ratings.len() as u64;
    let ds = Dataset::new(cleaned.clone());
    let three = Filter {
        genders: vec![Gender::F],
        ages: vec![18, 25],
        genres: vec![7, 13],
        ..Filter::default()
    };

    let mut g = c.benchmark_group("ml1m");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("parse (lines, decoding, fields; no rules)", |b| {
        b.iter(|| parse_only(black_box(&inputs)))
    });
    g.bench_function("parse + clean", |b| {
        b.iter(|| load_bytes(black_box(&inputs)).expect("loads"))
    });
    g.bench_function("pipeline: bytes -> dashboard", |b| {
        b.iter(|| {
            let ds = Dataset::new(load_bytes(black_box(&inputs)).expect("loads"));
            dashboard(&ds, &Filter::default(), DEFAULT_MIN_RATINGS)
        })
    });
    g.bench_function("pipeline: bytes -> report", |b| {
        b.iter(|| {
            let ds = Dataset::new(load_bytes(black_box(&inputs)).expect("loads"));
            Report::new(&ds, DEFAULT_MIN_RATINGS)
        })
    });
    g.throughput(Throughput::Elements(ratings));
    g.bench_function("build dataset", |b| {
        b.iter_batched(
            || cleaned.clone(),
            Dataset::new,
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("profile", |b| {
        b.iter(|| movielens_core::profile::profile(black_box(&ds)))
    });
    g.bench_function("dashboard, no filter", |b| {
        b.iter(|| dashboard(black_box(&ds), &Filter::default(), DEFAULT_MIN_RATINGS))
    });
    g.bench_function("dashboard, three filters", |b| {
        b.iter(|| dashboard(black_box(&ds), &three, DEFAULT_MIN_RATINGS))
    });
    g.finish();
}

/// The dashboard state's operations on ML-1M size: `update` over every
/// rating (the batch pass), `update_rows` over a tenth of them given as a
/// shuffled list, `merge` of two halves, and `finish`.
fn state(c: &mut Criterion) {
    let ds = Dataset::new(generate(&DemoConfig::default()).load(native_clock));
    let n = ds.len();
    let filter = Filter {
        genders: vec![Gender::F],
        ages: vec![18, 25],
        genres: vec![7, 13],
        ..Filter::default()
    };
    // Every tenth row, in a scrambled order (a multiplicative walk).
    let tenth: Vec<u32> = (0..n / 10)
        .map(|i| ((i * 7_919) % (n / 10) * 10) as u32)
        .collect();
    let mut first = DashboardState::new(&ds, &filter);
    first.update(&ds, 0..n / 2);
    let mut second = DashboardState::new(&ds, &filter);
    second.update(&ds, n / 2..n);
    let mut whole = first.clone();
    whole.merge(&second);

    let mut g = c.benchmark_group("state");
    g.sample_size(20);
    g.bench_function("new (filter masks, zeroed counts)", |b| {
        b.iter(|| DashboardState::new(black_box(&ds), &filter))
    });
    g.bench_function("update, all 1M rows (range)", |b| {
        b.iter_batched(
            || DashboardState::new(&ds, &filter),
            |mut s| {
                s.update(&ds, 0..n);
                s
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("update_rows, 100K listed rows", |b| {
        b.iter_batched(
            || DashboardState::new(&ds, &filter),
            |mut s| {
                s.update_rows(&ds, &tenth);
                s
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("merge two halves", |b| {
        b.iter_batched(
            || first.clone(),
            |mut s| {
                s.merge(&second);
                s
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("finish", |b| {
        b.iter(|| black_box(&whole).finish(&ds, DEFAULT_MIN_RATINGS))
    });
    g.finish();
}

criterion_group!(benches, stages, state);
criterion_main!(benches);
