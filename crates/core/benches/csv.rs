//! Criterion benchmarks of reading the CSV releases: `ratings.csv` and
//! `movies.csv` of a generated ML-25M-shaped set of 1,000,000 ratings
//! (`4.0`/`3.5` stars, quoted titles), parsed and cleaned into the dataset,
//! beside ML-10M's `::` files of the same size: `cargo bench -p
//! movielens-core --bench csv`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use movielens_core::demo::releases::{write_release, MemoryOutput, Release, ReleaseConfig};
use movielens_core::load::Plan;
use movielens_core::table::Dataset;

const RATINGS: u64 = 1_000_000;

fn files(release: Release) -> MemoryOutput {
    let mut out = MemoryOutput::default();
    let config = ReleaseConfig {
        ratings: Some(RATINGS),
        movies: Some(20_000),
        ..ReleaseConfig::new(release)
    };
    write_release(&config, &mut out).expect("the generator makes the counts asked");
    out
}

/// Loads every file as a folder is loaded (the tables; the rest ignored).
fn load(out: &MemoryOutput) -> movielens_core::Cleaned {
    let mut plan = Plan::new(out.files.len());
    for (i, (name, bytes)) in out.files.iter().enumerate() {
        plan.offer(i, name, name, bytes).expect("generated files");
    }
    let mut load = plan.start(|| 0.0).expect("the tables are there");
    while let Some((_, i)) = load.next_table() {
        load.feed_all(&out.files[i].1);
    }
    load.finish()
}

fn csv(c: &mut Criterion) {
    let mut g = c.benchmark_group("releases");
    g.sample_size(10);
    for (name, release) in [
        ("ml-25m CSV", Release::Ml25m),
        ("ml-10m ::", Release::Ml10m),
    ] {
        let out = files(release);
        let bytes: usize = out.files.iter().map(|(_, b)| b.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(format!("{name}: parse + clean 1M ratings"), |b| {
            b.iter(|| load(black_box(&out)))
        });
        g.bench_function(format!("{name}: bytes -> dataset"), |b| {
            b.iter(|| Dataset::new(load(black_box(&out))))
        });
    }
    g.finish();
}

criterion_group!(benches, csv);
criterion_main!(benches);
