//! The lambda property, on many random small datasets and streams (seeded):
//! merge(batch(≤ T1), speed(T1, t]) equals batch(≤ t), state and every
//! dashboard field, exactly, for random checkpoints T1 and clocks t, with
//! events out of order. batch(≤ t) here is computed plainly: a fresh state
//! over the rows whose timestamp is at most t.

use std::collections::BTreeSet;

use movielens_core::analytics::{dashboard, DashboardState, Filter};
use movielens_core::demo::Rng;
use movielens_core::lineage::native_clock;
use movielens_core::load::load_bytes;
use movielens_core::model::Gender;
use movielens_core::stream::{arrivals, Lambda, Order, Replay, ReplayConfig, SpeedConfig};
use movielens_core::table::Dataset;

const GENRES: [&str; 5] = ["Action", "Comedy", "Drama", "Horror", "Romance"];

/// A random small dataset: a few users and movies, ratings with many
/// timestamp ties over a short span.
fn random_dataset(rng: &mut Rng) -> Dataset {
    let users = 1 + rng.below(8);
    let movies = 1 + rng.below(10);
    let mut u = String::new();
    for id in 1..=users {
        let g = if rng.below(2) == 0 { "F" } else { "M" };
        let age = [1, 18, 25, 35, 45, 50, 56][rng.below(7) as usize];
        u += &format!("{id}::{g}::{age}::{}::12345\n", rng.below(21));
    }
    let mut m = String::new();
    for id in 1..=movies {
        let genre = GENRES[rng.below(GENRES.len() as u64) as usize];
        m += &format!("{id}::Film {id} ({})::{genre}\n", 1990 + rng.below(10));
    }
    let mut pairs = BTreeSet::new();
    let mut r = String::new();
    let base = 978_000_000 + rng.below(100_000);
    let span = 1 + rng.below(20_000);
    for _ in 0..1 + rng.below(60) {
        let (user, movie) = (1 + rng.below(users), 1 + rng.below(movies));
        if pairs.insert((user, movie)) {
            let ts = base + rng.below(span) / 100 * 100;
            r += &format!("{user}::{movie}::{}::{ts}\n", 1 + rng.below(5));
        }
    }
    let cleaned = load_bytes(&[
        ("users.dat", u.as_bytes()),
        ("movies.dat", m.as_bytes()),
        ("ratings.dat", r.as_bytes()),
    ])
    .expect("generated files load");
    Dataset::new(cleaned)
}

/// No filter most of the time; otherwise one or two dimensions.
fn random_filter(rng: &mut Rng, ds: &Dataset) -> Filter {
    let mut f = Filter::default();
    if rng.below(3) == 0 {
        f.genders = vec![Gender::ALL[rng.below(2) as usize]];
    }
    if rng.below(4) == 0 {
        f.genres = vec![rng.below(18) as u8];
    }
    if rng.below(4) == 0 {
        f.min_ratings = rng.below(4) as u32;
    }
    if let (0, Some(first), Some(last)) = (rng.below(4), ds.first_ts, ds.last_ts) {
        let a = first + rng.below(u64::from(last - first) + 1) as u32;
        f.time = Some((a, a + rng.below(10_000) as u32));
    }
    f
}

/// batch(≤ t), plainly: the rows with ts ≤ t, in file order.
fn batch_to(ds: &Dataset, filter: &Filter, t: i64) -> DashboardState {
    let rows: Vec<u32> = (0..ds.len() as u32)
        .filter(|&r| i64::from(ds.ratings.ts[r as usize]) <= t)
        .collect();
    let mut state = DashboardState::new(ds, filter);
    state.update_rows(ds, &rows);
    state
}

/// What the layers must hold together whatever the disorder: the arrived
/// rows (the master data) with ts ≤ T2.
fn expected(ds: &Dataset, filter: &Filter, arrived: &[u32], t2: i64) -> DashboardState {
    let rows: Vec<u32> = arrived
        .iter()
        .copied()
        .filter(|&r| i64::from(ds.ratings.ts[r as usize]) <= t2)
        .collect();
    let mut state = DashboardState::new(ds, filter);
    state.update_rows(ds, &rows);
    state
}

fn random_order(rng: &mut Rng) -> Order {
    if rng.below(5) == 0 {
        Order::File
    } else {
        Order::Time {
            jitter: [0, 100, 1000, 5000][rng.below(4) as usize],
            seed: rng.next_u64(),
        }
    }
}

/// A checkpoint up to `t`: often exactly a rating's timestamp (the edge
/// between the layers), otherwise anywhere from before the first rating.
fn random_checkpoint(rng: &mut Rng, ds: &Dataset, t: i64) -> u32 {
    let (lo, hi) = (
        ds.first_ts.unwrap_or(1) - 1,
        t.clamp(0, i64::from(u32::MAX)) as u32,
    );
    if rng.below(2) == 0 {
        let ts = ds.ratings.ts[rng.below(ds.len() as u64) as usize];
        if ts <= hi {
            return ts;
        }
    }
    lo + rng.below(u64::from(hi.saturating_sub(lo)) + 1) as u32
}

#[test]
fn merged_layers_equal_batch_at_random_checkpoints_and_clocks() {
    let mut rng = Rng::new(5);
    let (mut complete, mut checkpoints_inside) = (0, 0);
    for case in 0..400 {
        let ds = random_dataset(&mut rng);
        let filter = random_filter(&mut rng, &ds);
        let order = random_order(&mut rng);
        let lateness = [0, 100, 1000, 5000, 20_000][rng.below(5) as usize];
        let config = ReplayConfig {
            order,
            speed: SpeedConfig {
                lateness,
                ..SpeedConfig::default()
            },
        };
        let mut replay = Replay::new(&ds, config, &filter);
        let n = replay.len();
        while replay.position() < n {
            replay.step(&ds, 1 + rng.below(n as u64 / 3 + 1) as usize);
            let Some(t2) = replay.watermark() else {
                continue;
            };
            if rng.below(2) == 0 {
                let t1 = random_checkpoint(&mut rng, &ds, t2);
                replay.checkpoint(&ds, t1, native_clock);
                checkpoints_inside += u32::from(replay.lambda().checkpoint_at().is_some());
            }
            let l = replay.lambda();
            assert_eq!(
                l.frontier(),
                Some(t2),
                "case {case}: T2 follows the watermark"
            );
            let arrived = &replay.arrivals().rows[..replay.position()];
            let merged = l.merged();
            let context = format!(
                "case {case}: {order:?}, lateness {lateness}, T1 {:?}, T2 {t2}",
                l.checkpoint_at()
            );
            assert_eq!(merged, expected(&ds, &filter, arrived, t2), "{context}");
            // Complete: every rating up to t has arrived.
            let arrived_set: BTreeSet<u32> = arrived.iter().copied().collect();
            if (0..ds.len() as u32)
                .all(|r| i64::from(ds.ratings.ts[r as usize]) > t2 || arrived_set.contains(&r))
            {
                complete += 1;
                let batch = batch_to(&ds, &filter, t2);
                assert_eq!(merged, batch, "{context}");
                assert_eq!(l.serve(&ds, 2), batch.finish(&ds, 2), "{context}");
                assert!(l.verify(&ds, native_clock).equal, "{context}");
            }
        }
        replay.finish(&ds);
        assert_eq!(
            replay.lambda().serve(&ds, 2),
            dashboard(&ds, &filter, 2),
            "case {case}: end"
        );
        assert!(
            replay.lambda().verify(&ds, native_clock).equal,
            "case {case}: end"
        );
    }
    assert!(
        complete > 300 && checkpoints_inside > 300,
        "{complete} {checkpoints_inside}"
    );
}

/// The layers driven directly, with clocks t anywhere (not only at the
/// watermark) and several checkpoints.
#[test]
fn lambda_at_arbitrary_clocks() {
    let mut rng = Rng::new(6);
    for case in 0..300 {
        let ds = random_dataset(&mut rng);
        let filter = random_filter(&mut rng, &ds);
        let arr = arrivals(&ds, random_order(&mut rng));
        let mut lambda = Lambda::new(&ds, &filter);
        let first = i64::from(ds.first_ts.unwrap_or(0));
        let (mut pos, mut t) = (0, first - 1);
        while pos < arr.len() {
            let k = (pos + 1 + rng.below(5) as usize).min(arr.len());
            for &row in &arr.rows[pos..k] {
                lambda.arrive(&ds, row);
            }
            pos = k;
            t += rng.below(3000) as i64;
            lambda.advance(&ds, t);
            let arrived = &arr.rows[..pos];
            if rng.below(3) == 0 {
                let t1 = random_checkpoint(&mut rng, &ds, t);
                let before = lambda.checkpoint_at();
                lambda.checkpoint(&ds, t1, native_clock);
                // A checkpoint that ran holds what has arrived up to T1.
                if let Some(t1) = lambda
                    .checkpoint_at()
                    .filter(|_| lambda.checkpoint_at() != before)
                {
                    let batch = expected(&ds, &filter, arrived, i64::from(t1));
                    assert_eq!(lambda.batch(), &batch, "case {case}: batch to {t1}");
                }
            }
            if rng.below(4) == 0 {
                lambda.set_filter(&ds, &filter);
            }
            assert!(
                lambda.verify(&ds, native_clock).equal,
                "case {case} at t {t}"
            );
            let want = expected(&ds, &filter, arrived, t);
            assert_eq!(lambda.merged(), want, "case {case} at t {t}");
            if pos == arr.len() {
                assert_eq!(lambda.merged(), batch_to(&ds, &filter, t), "case {case}");
            }
        }
    }
}

/// A frontier before the epoch (a lateness larger than every timestamp)
/// makes nothing final: a checkpoint then batches nothing, and a rating at
/// second 0 stays out of the merged state until the frontier reaches it.
#[test]
fn a_checkpoint_before_the_epoch_batches_nothing() {
    let ds = Dataset::new(
        load_bytes(&[
            ("users.dat", &b"1::F::1::10::48067\n"[..]),
            (
                "movies.dat",
                b"1::Toy Story (1995)::Comedy\n2::Heat (1995)::Action\n",
            ),
            ("ratings.dat", b"1::1::5::0\n1::2::3::10\n"),
        ])
        .expect("the fixture loads"),
    );
    let filter = Filter::default();
    let mut lambda = Lambda::new(&ds, &filter);
    lambda.arrive(&ds, 0);
    lambda.advance(&ds, -5);
    assert_eq!(lambda.checkpoint(&ds, 0, native_clock), 0.0);
    assert_eq!(lambda.checkpoint_at(), None);
    assert_eq!(lambda.merged(), DashboardState::new(&ds, &filter));
    assert!(lambda.verify(&ds, native_clock).equal);
    lambda.advance(&ds, 0);
    lambda.checkpoint(&ds, 0, native_clock);
    assert_eq!(lambda.checkpoint_at(), Some(0));
    assert_eq!(lambda.merged().rows(), 1);
    assert!(lambda.verify(&ds, native_clock).equal);
}
