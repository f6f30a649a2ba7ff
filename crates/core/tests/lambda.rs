//! The lambda property, on many random small datasets and streams (seeded):
//! merge(batch(≤ T1), speed(T1, t]) equals batch(≤ t), state and every
//! dashboard field, exactly, for random checkpoints T1 and clocks t, with
//! events out of order. batch(≤ t) here is computed plainly: a fresh state
//! over the rows whose timestamp is at most t.

use std::collections::{BTreeMap, BTreeSet};

use movielens_core::analytics::{dashboard, Dashboard, DashboardState, Filter};
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

/// A replay in `order` with the page's windows and `lateness`.
fn config(order: Order, lateness: u32) -> ReplayConfig {
    ReplayConfig {
        order,
        speed: SpeedConfig {
            lateness,
            ..SpeedConfig::default()
        },
    }
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
        let mut replay = Replay::new(&ds, config(order, lateness), &filter);
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

// ---------------------------------------------------------------------
// Re-ratings: events are the current ratings and the superseded ones.

/// The users and movies files of a generated dataset: the reference writes
/// its own ratings file against them.
struct Files {
    users: String,
    movies: String,
}

/// A random small dataset with re-ratings: pairs rated up to four times,
/// timestamp ties within a pair and across pairs, over some months so that
/// superseded ratings can be older than every current one; a third of them
/// are built by appending a second ratings file.
fn rerated_dataset(rng: &mut Rng) -> (Dataset, Files) {
    let (users, movies) = (1 + rng.below(6), 1 + rng.below(8));
    let mut files = Files {
        users: String::new(),
        movies: String::new(),
    };
    for id in 1..=users {
        let g = if rng.below(2) == 0 { "F" } else { "M" };
        let age = [1, 18, 25, 35, 45, 50, 56][rng.below(7) as usize];
        files.users += &format!("{id}::{g}::{age}::{}::12345\n", rng.below(21));
    }
    for id in 1..=movies {
        let genre = GENRES[rng.below(GENRES.len() as u64) as usize];
        files.movies += &format!("{id}::Film {id} ({})::{genre}\n", 1990 + rng.below(10));
    }
    let base = 978_000_000 + rng.below(100_000);
    // Few distinct instants (ties), spread over up to half a year.
    let step = [100, 86_400, 20 * 86_400][rng.below(3) as usize];
    let instants = 1 + rng.below(12);
    let mut lines = Vec::new();
    for _ in 0..1 + rng.below(25) {
        let (user, movie) = (1 + rng.below(users), 1 + rng.below(movies));
        for _ in 0..1 + rng.below(4) {
            let ts = base + rng.below(instants) * step;
            lines.push(format!("{user}::{movie}::{}::{ts}\n", 1 + rng.below(5)));
        }
    }
    // The file's order is not time order.
    for i in (1..lines.len()).rev() {
        lines.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let split = match rng.below(3) {
        0 => 1 + rng.below(lines.len() as u64) as usize,
        _ => lines.len(),
    };
    let (first, second) = (lines[..split].concat(), lines[split..].concat());
    let cleaned = load_bytes(&[
        ("users.dat", files.users.as_bytes()),
        ("movies.dat", files.movies.as_bytes()),
        ("ratings.dat", first.as_bytes()),
    ])
    .expect("generated files load");
    let mut ds = Dataset::new(cleaned);
    if split < lines.len() {
        ds.append("ratings2.dat", second.as_bytes(), None);
    }
    (ds, files)
}

/// One event of the lambda: a current rating row (`0..n`) or a history
/// row (`n..`), with its line counted through the files.
#[derive(Debug, Clone, Copy)]
struct Ev {
    user: u32,
    movie: u32,
    stars: u8,
    ts: u32,
    line: u32,
}

fn events(ds: &Dataset) -> Vec<Ev> {
    let files = std::iter::once(&ds.lineage.ratings).chain(&ds.lineage.appended);
    let mut offsets = vec![0u32];
    for f in files {
        offsets.push(offsets[offsets.len() - 1] + f.lines as u32);
    }
    let (r, h) = (&ds.ratings, &ds.history);
    let current = (0..ds.len()).map(|i| {
        let file = ds.appended_from.partition_point(|&s| s <= i);
        Ev {
            user: r.user[i],
            movie: r.movie[i],
            stars: r.halves[i],
            ts: r.ts[i],
            line: offsets[file] + ds.rating_lines[i],
        }
    });
    let history = (0..h.len()).map(|i| Ev {
        user: h.user[i],
        movie: h.movie[i],
        stars: h.halves[i],
        ts: h.ts[i],
        line: h.line[i],
    });
    current.chain(history).collect()
}

/// A filter without the minimum ratings (which counts the dataset's
/// current ratings, not the ratings as they stood at t).
fn rerated_filter(rng: &mut Rng, ds: &Dataset) -> Filter {
    Filter {
        min_ratings: 0,
        ..random_filter(rng, ds)
    }
}

/// The plain reference: the arrived events with ts ≤ t, per pair the
/// latest (timestamp, line), written as a ratings file against the same
/// users and movies, loaded and summed up by `dashboard`.
fn reference(
    ds: &Dataset,
    files: &Files,
    evs: &[Ev],
    arrived: &[bool],
    t: i64,
    f: &Filter,
) -> Dashboard {
    let mut latest: BTreeMap<(u32, u32), Ev> = BTreeMap::new();
    for (e, _) in evs
        .iter()
        .zip(arrived)
        .filter(|(e, a)| **a && i64::from(e.ts) <= t)
    {
        let best = latest.entry((e.user, e.movie)).or_insert(*e);
        if (e.ts, e.line) > (best.ts, best.line) {
            *best = *e;
        }
    }
    let ratings: String = latest
        .values()
        .map(|e| {
            let (u, m) = (ds.users.id[e.user as usize], ds.movies.id[e.movie as usize]);
            format!("{u}::{m}::{}::{}\n", e.stars / 2, e.ts)
        })
        .collect();
    if ratings.is_empty() {
        // No file of no ratings loads: the dataset's users and movies alone.
        return dashboard(&ds.restricted(&vec![false; ds.len()]), f, 2);
    }
    let fresh = Dataset::new(
        load_bytes(&[
            ("users.dat", files.users.as_bytes()),
            ("movies.dat", files.movies.as_bytes()),
            ("ratings.dat", ratings.as_bytes()),
        ])
        .expect("the reference loads"),
    );
    dashboard(&fresh, f, 2)
}

/// The dashboard with the months that have no rating left out: datasets
/// of other ratings span other months, with nothing in the others.
fn rated_months(mut d: Dashboard) -> Dashboard {
    d.by_month.retain(|m| m.ratings > 0);
    d
}

/// A checkpoint up to `t`, often exactly an event's timestamp.
fn event_checkpoint(rng: &mut Rng, evs: &[Ev], t: i64) -> u32 {
    let lo = evs.iter().map(|e| e.ts).min().unwrap_or(1) - 1;
    let hi = t.clamp(0, i64::from(u32::MAX)) as u32;
    if rng.below(2) == 0 {
        let ts = evs[rng.below(evs.len() as u64) as usize].ts;
        if ts <= hi {
            return ts;
        }
    }
    lo + rng.below(u64::from(hi.saturating_sub(lo)) + 1) as u32
}

/// Lambda driven directly: every event (current and superseded) arrives
/// in a random order, the frontier moves by random steps, checkpoints and
/// filter changes at random; served = the plain reference at the frontier.
#[test]
fn rerated_lambda_equals_the_reference_out_of_order() {
    let mut rng = Rng::new(11);
    let (mut rerated, mut retracted, mut appended) = (0, 0, 0);
    for case in 0..300 {
        let (ds, files) = rerated_dataset(&mut rng);
        let evs = events(&ds);
        let mut filter = rerated_filter(&mut rng, &ds);
        let mut lambda = Lambda::new(&ds, &filter);
        assert_eq!(lambda.events(), evs.len());
        rerated += u32::from(!ds.history.is_empty());
        appended += u32::from(!ds.appended_from.is_empty());
        // Arrival: by timestamp plus a random delay, so often out of order.
        let delay = [0, 86_400, 100 * 86_400][rng.below(3) as usize];
        let mut order: Vec<(u64, u32)> = (0..evs.len() as u32)
            .map(|e| (u64::from(evs[e as usize].ts) + rng.below(delay + 1), e))
            .collect();
        order.sort_unstable();
        let mut arrived = vec![false; evs.len()];
        let first = i64::from(evs.iter().map(|e| e.ts).min().unwrap_or(0));
        let (mut pos, mut t) = (0, first - 1);
        while pos < order.len() {
            let k = (pos + 1 + rng.below(4) as usize).min(order.len());
            for &(_, e) in &order[pos..k] {
                lambda.arrive(&ds, e);
                arrived[e as usize] = true;
            }
            pos = k;
            if let (0, Some(t2)) = (rng.below(4), lambda.frontier()) {
                // Before the frontier moves: arrivals at or before T1 wait.
                lambda.checkpoint(&ds, event_checkpoint(&mut rng, &evs, t2), native_clock);
            }
            let step = [1000, 2 * 86_400, 40 * 86_400][rng.below(3) as usize];
            t += rng.below(step) as i64;
            lambda.advance(&ds, t);
            if rng.below(3) == 0 {
                lambda.checkpoint(&ds, event_checkpoint(&mut rng, &evs, t), native_clock);
            }
            if rng.below(5) == 0 {
                filter = rerated_filter(&mut rng, &ds);
                lambda.set_filter(&ds, &filter);
            }
            retracted += u32::from(lambda.superseded().rows() > 0);
            let context = format!("case {case} at t {t}, T1 {:?}", lambda.checkpoint_at());
            assert!(lambda.verify(&ds, native_clock).equal, "{context}");
            assert_eq!(
                rated_months(lambda.serve(&ds, 2)),
                rated_months(reference(&ds, &files, &evs, &arrived, t, &filter)),
                "{context}"
            );
        }
        lambda.advance(&ds, i64::MAX);
        assert_eq!(
            lambda.serve(&ds, 2),
            dashboard(&ds, &filter, 2),
            "case {case}: end"
        );
    }
    assert!(
        rerated > 200 && retracted > 100 && appended > 50,
        "{rerated} {retracted} {appended}"
    );
}

/// Replay feeds the superseded ratings too: at every step the served
/// dashboard is the reference over what arrived, up to the watermark; at
/// the end it is the batch dashboard, exactly (months included).
#[test]
fn rerated_replay_equals_the_reference() {
    let mut rng = Rng::new(12);
    for case in 0..200 {
        let (ds, files) = rerated_dataset(&mut rng);
        let evs = events(&ds);
        let mut filter = rerated_filter(&mut rng, &ds);
        let order = random_order(&mut rng);
        let lateness = [0, 100, 86_400, 30 * 86_400][rng.below(4) as usize];
        let mut replay = Replay::new(&ds, config(order, lateness), &filter);
        let n = replay.len();
        while replay.position() < n {
            replay.step(&ds, 1 + rng.below(n as u64 / 3 + 1) as usize);
            let Some(t2) = replay.watermark() else {
                continue;
            };
            if rng.below(2) == 0 {
                let t1 = event_checkpoint(&mut rng, &evs, t2);
                replay.checkpoint(&ds, t1, native_clock);
            }
            if rng.below(6) == 0 {
                filter = rerated_filter(&mut rng, &ds);
                replay.set_filter(&ds, &filter);
            }
            let mut arrived = vec![false; evs.len()];
            for &r in &replay.arrivals().rows[..replay.position()] {
                arrived[r as usize] = true;
            }
            for h in replay.history_arrived() {
                arrived[ds.len() + h as usize] = true;
            }
            let l = replay.lambda();
            let context = format!(
                "case {case}: {order:?}, T1 {:?}, T2 {t2}",
                l.checkpoint_at()
            );
            assert!(l.verify(&ds, native_clock).equal, "{context}");
            assert_eq!(
                rated_months(l.serve(&ds, 2)),
                rated_months(reference(&ds, &files, &evs, &arrived, t2, &filter)),
                "{context}"
            );
        }
        assert_eq!(
            replay.history_arrived().count(),
            ds.history.len(),
            "case {case}"
        );
        replay.finish(&ds);
        assert_eq!(
            replay.lambda().serve(&ds, 2),
            dashboard(&ds, &filter, 2),
            "case {case}: end"
        );
    }
}

/// A second, independent path: every event arrived in time order, the
/// served dashboard at frontier t is the dashboard as of t + 1 (time
/// travel over the full dataset, `Filter::as_of`).
#[test]
fn rerated_lambda_in_time_order_equals_as_of() {
    let mut rng = Rng::new(13);
    let mut checked = 0;
    for case in 0..300 {
        let (ds, _) = rerated_dataset(&mut rng);
        let evs = events(&ds);
        let filter = rerated_filter(&mut rng, &ds);
        let mut order: Vec<(u32, u32, u32)> = evs
            .iter()
            .enumerate()
            .map(|(e, ev)| (ev.ts, ev.line, e as u32))
            .collect();
        order.sort_unstable();
        let mut lambda = Lambda::new(&ds, &filter);
        let mut pos = 0;
        while pos < order.len() {
            // Every event up to t: a whole group of equal timestamps.
            let t = order[pos + rng.below((order.len() - pos) as u64 / 2 + 1) as usize].0;
            while pos < order.len() && order[pos].0 <= t {
                lambda.arrive(&ds, order[pos].2);
                pos += 1;
            }
            lambda.advance(&ds, i64::from(t));
            if rng.below(2) == 0 {
                lambda.checkpoint(
                    &ds,
                    event_checkpoint(&mut rng, &evs, i64::from(t)),
                    native_clock,
                );
            }
            let as_of = Filter {
                as_of: Some(t + 1),
                ..filter.clone()
            };
            assert_eq!(
                rated_months(lambda.serve(&ds, 2)),
                rated_months(dashboard(&ds, &as_of, 2)),
                "case {case} at {t}, T1 {:?}",
                lambda.checkpoint_at()
            );
            checked += 1;
        }
    }
    assert!(checked > 600, "{checked}");
}
