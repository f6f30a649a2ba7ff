//! Time travel on ML-1M size: a plain dashboard query against the same
//! query as of an instant in the middle of the data, on the dirty demo
//! (few re-ratings) and on the demo with 100,000 re-ratings appended (a
//! history of tens of thousands of superseded ratings):
//! `cargo bench -p movielens-core --bench asof`.
//!
//! Budget: an as-of query costs at most 2x the plain one.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use movielens_core::analytics::{dashboard, Filter};
use movielens_core::demo::{generate, DemoConfig, Rng};
use movielens_core::load::load_bytes;
use movielens_core::model::Gender;
use movielens_core::table::Dataset;

/// The generated files, with `n` re-ratings of random lines appended (at
/// a random time within 60 days either side, or the same instant).
fn demo(n: usize) -> Dataset {
    let files = generate(&DemoConfig {
        dirty: true,
        ..DemoConfig::default()
    });
    let mut ratings = files.ratings.clone();
    let text = String::from_utf8_lossy(&files.ratings).into_owned();
    let lines: Vec<Vec<&str>> = text
        .lines()
        .map(|l| l.split("::").collect::<Vec<_>>())
        .filter(|f| f.len() == 4 && f[3].parse::<u32>().is_ok())
        .collect();
    let mut rng = Rng::new(3);
    for _ in 0..n {
        let f = &lines[rng.below(lines.len() as u64) as usize];
        let ts: u32 = f[3].parse().expect("filtered above");
        let shift = rng.below(86_400 * 60) as u32;
        let ts2 = match rng.below(3) {
            0 => ts.saturating_sub(shift),
            1 => ts.saturating_add(shift),
            _ => ts,
        };
        let line = format!("{}::{}::{}::{ts2}\n", f[0], f[1], 1 + rng.below(5));
        ratings.extend_from_slice(line.as_bytes());
    }
    Dataset::new(
        load_bytes(&[
            ("users.dat", &files.users[..]),
            ("movies.dat", &files.movies[..]),
            ("ratings.dat", &ratings[..]),
        ])
        .expect("generated data loads"),
    )
}

fn queries(c: &mut Criterion) {
    for (name, rerates) in [("dirty demo", 0), ("demo + 100K re-ratings", 100_000)] {
        let ds = demo(rerates);
        let (lo, hi) = (ds.first_ts.expect("ratings"), ds.last_ts.expect("ratings"));
        let mid = lo + (hi - lo) / 2;
        eprintln!(
            "{name}: {} ratings, {} superseded, {} as of the middle",
            ds.len(),
            ds.history.len(),
            ds.ratings_as_of(mid)
        );
        let three = Filter {
            genders: vec![Gender::F],
            ages: vec![18, 25],
            genres: vec![7, 13],
            ..Filter::default()
        };
        let popular = Filter {
            min_ratings: 25,
            ..Filter::default()
        };
        let mut g = c.benchmark_group(format!("asof/{name}"));
        g.sample_size(20);
        for (fname, f) in [
            ("no filter", Filter::default()),
            ("3 dims", three),
            ("min 25", popular),
        ] {
            let then = Filter {
                as_of: Some(mid),
                ..f.clone()
            };
            g.bench_function(format!("plain dashboard, {fname}"), |b| {
                b.iter(|| dashboard(black_box(&ds), &f, 25))
            });
            g.bench_function(format!("as-of dashboard, {fname}"), |b| {
                b.iter(|| dashboard(black_box(&ds), &then, 25))
            });
        }
        g.bench_function("Dataset::as_of (the report's ratings)", |b| {
            b.iter(|| black_box(&ds).as_of(mid))
        });
        g.finish();
    }
}

criterion_group!(benches, queries);
criterion_main!(benches);
