//! Criterion benchmark of an append: 100,000 ratings (with 1,000
//! re-ratings of older rows) appended to 1,000,000, from the new file's
//! bytes to the updated dashboard (the state followed incrementally):
//! `cargo bench -p movielens-core --bench append`. Budget: 30 ms.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

use movielens_core::analytics::{DashboardState, Filter};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::load::load_bytes;
use movielens_core::table::Dataset;

fn append(c: &mut Criterion) {
    let files = generate(&DemoConfig {
        ratings: 1_100_000,
        seed: 1,
        dirty: false,
    });
    let lines: Vec<&[u8]> = files.ratings.split_inclusive(|&b| b == b'\n').collect();
    let base = lines[..1_000_000].concat();
    let mut new = lines[1_000_000..].concat();
    // Re-ratings of older rows, a day later.
    for line in lines.iter().step_by(1000).take(1000) {
        let f: Vec<&str> = std::str::from_utf8(line)
            .unwrap()
            .trim_end()
            .split("::")
            .collect();
        let ts: u64 = f[3].parse().unwrap();
        new.extend(format!("{}::{}::{}::{}\n", f[0], f[1], f[2], ts + 86_400).as_bytes());
    }
    let ds = Dataset::new(
        load_bytes(&[
            ("u", &files.users[..]),
            ("m", &files.movies[..]),
            ("r", &base[..]),
        ])
        .unwrap(),
    );
    let filter = Filter::default();
    let mut state = DashboardState::new(&ds, &filter);
    state.update(&ds, 0..ds.len());
    let mut g = c.benchmark_group("append");
    g.sample_size(10);
    g.bench_function("101,000 ratings to 1,000,000 → updated dashboard", |b| {
        b.iter_batched(
            || (ds.clone(), state.clone()),
            |(mut ds, mut state)| {
                ds.append("ratings2.dat", &new, Some(&mut state));
                state.finish(&ds, 250)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, append);
criterion_main!(benches);
