//! The progressive load's incremental dashboard against its O(rows read)
//! reference: on random users, movies and ratings (re-ratings, ties,
//! out-of-order timestamps, timestamps that move the first and the last
//! month either way, unknown users, bad lines), fed in random chunks cut
//! anywhere (with and without compaction part-way), after every chunk
//! [`ProgressiveDashboard::dashboard`] equals the dashboard of
//! [`Cleaner::snapshot`](movielens_core::clean::Cleaner::snapshot) for a
//! random filter, which may change part-way; at the end it equals the
//! batch dashboard.

use proptest::prelude::*;

use movielens_core::analytics::{dashboard, Filter, ProgressiveDashboard};
use movielens_core::demo::Rng;
use movielens_core::load::{load_bytes, Loader};
use movielens_core::model::{Gender, AGE_GROUPS, GENRES};
use movielens_core::table::Dataset;
use movielens_core::FileKind;

/// 2000-01-01T00:00:00Z.
const T0: u64 = 946_684_800;
const DAY: u64 = 86_400;

/// The three files of a random little dataset.
struct Files {
    users: Vec<u8>,
    movies: Vec<u8>,
    ratings: Vec<u8>,
    /// Timestamps used (for filters at or between them).
    stamps: Vec<u32>,
}

/// `ratings` lines over up to 6 users and `movies` movies.
fn files(rng: &mut Rng, ratings: usize, movies: u64) -> Files {
    let n_users = 1 + rng.below(6);
    let n_movies = 1 + rng.below(movies);
    let mut users = Vec::new();
    for id in 1..=n_users {
        let gender = if rng.below(2) == 0 { "F" } else { "M" };
        let age = AGE_GROUPS[rng.below(3) as usize].0;
        let occupation = rng.below(3);
        users.extend(format!("{id}::{gender}::{age}::{occupation}::12345\n").as_bytes());
    }
    let mut movies = Vec::new();
    for id in 1..=n_movies {
        let year = 1990 + rng.below(4);
        let genres: Vec<&str> = (0..1 + rng.below(2))
            .map(|_| GENRES[rng.below(4) as usize])
            .collect();
        movies.extend(format!("{id}::M{id} ({year})::{}\n", genres.join("|")).as_bytes());
    }
    // Months 0..36 after T0, some timestamps shared (ties), some far out
    // (the first or last month moves when they come or go).
    let pool: Vec<u64> = (0..8).map(|_| T0 + rng.below(36 * 30) * DAY).collect();
    let mut text = Vec::new();
    let mut stamps = Vec::new();
    for _ in 0..ratings {
        let ts = match rng.below(10) {
            0..=3 => pool[rng.below(pool.len() as u64) as usize],
            4 => T0 - rng.below(400) * DAY,
            5 => T0 + (36 * 30 + rng.below(400)) * DAY,
            _ => T0 + rng.below(36 * 30 * DAY),
        };
        stamps.push(ts as u32);
        // Now and then an unknown user or a rating of 6 stars.
        let unknown = u64::from(rng.below(20) == 0);
        let user = 1 + rng.below(n_users + unknown);
        let movie = 1 + rng.below(n_movies);
        let bad = u64::from(rng.below(30) == 0);
        let stars = 1 + rng.below(5 + bad);
        text.extend(format!("{user}::{movie}::{stars}::{ts}\n").as_bytes());
        if rng.below(40) == 0 {
            text.extend(b"garbage\n\n");
        }
    }
    Files {
        users,
        movies,
        ratings: text,
        stamps,
    }
}

/// A random filter over the dataset's codes and ids.
fn filter(rng: &mut Rng, stamps: &[u32]) -> Filter {
    let mut f = Filter::default();
    let on = |rng: &mut Rng| rng.below(3) == 0;
    let stamp = |rng: &mut Rng| match stamps.len() {
        0 => T0 as u32,
        n => stamps[rng.below(n as u64) as usize] + rng.below(2) as u32,
    };
    if on(rng) {
        f.genders = vec![if rng.below(2) == 0 {
            Gender::F
        } else {
            Gender::M
        }];
    }
    if on(rng) {
        f.ages = vec![AGE_GROUPS[rng.below(3) as usize].0];
    }
    if on(rng) {
        f.occupations = vec![rng.below(3) as u8];
    }
    if on(rng) {
        f.genres = vec![rng.below(4) as u8];
    }
    if on(rng) {
        let (a, b) = (stamp(rng), stamp(rng));
        f.time = Some((a.min(b), a.max(b)));
    }
    if on(rng) {
        f.years = Some((1990 + rng.below(2) as u16, 1991 + rng.below(3) as u16));
    }
    if on(rng) {
        f.min_ratings = 1 + rng.below(4) as u32;
    }
    if on(rng) {
        f.movies = vec![1 + rng.below(3) as u32];
    }
    if rng.below(5) == 0 {
        f.as_of = Some(stamp(rng));
    }
    f
}

/// Feeds the files in random chunks; after each, compares the
/// incremental dashboard with the snapshot's; then with the batch one.
fn check(seed: u64, ratings: usize, movies: u64, floor: Option<usize>) {
    let mut rng = Rng::new(seed);
    let f = files(&mut rng, ratings, movies);
    let mut load = Loader::new();
    if let Some(rows) = floor {
        load = load.with_compaction_floor(rows);
    }
    load.begin(FileKind::Users, "users.dat").unwrap();
    load.feed(&f.users);
    load.begin(FileKind::Movies, "movies.dat").unwrap();
    load.feed(&f.movies);
    load.begin(FileKind::Ratings, "ratings.dat").unwrap();
    let mut live = ProgressiveDashboard::new(load.cleaner());
    let (first, second) = (filter(&mut rng, &f.stamps), filter(&mut rng, &f.stamps));
    let change = rng.below(6);
    let top = 1 + rng.below(3);
    let mut fed = 0;
    let mut chunk = 0;
    while fed < f.ratings.len() {
        let to = (fed + 1 + rng.below(120) as usize).min(f.ratings.len());
        load.feed(&f.ratings[fed..to]);
        fed = to;
        live.push(load.cleaner());
        // Not every chunk asks for a dashboard: pushes pile up between.
        if rng.below(3) == 0 {
            continue;
        }
        let filter = if chunk < change { &first } else { &second };
        chunk += 1;
        let reference = dashboard(&Dataset::new(load.snapshot()), filter, top);
        assert_eq!(
            live.dashboard(filter, top),
            reference,
            "seed {seed}, byte {fed}, filter {filter:?}"
        );
    }
    load.end();
    live.push(load.cleaner());
    let got = live.dashboard(&second, top);
    let batch =
        Dataset::new(load_bytes(&[("u", &f.users), ("m", &f.movies), ("r", &f.ratings)]).unwrap());
    // As of an instant, the batch dashboard counts superseded ratings that
    // stood then (its history), which a provisional one does not keep.
    if second.as_of.is_none() {
        assert_eq!(
            got,
            dashboard(&batch, &second, top),
            "seed {seed} at the end"
        );
    }
    assert_eq!(
        got,
        dashboard(&Dataset::new(load.snapshot()), &second, top),
        "seed {seed} at the end"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_incremental_dashboard_equals_the_snapshots_after_every_chunk(
        seed in any::<u64>(),
        ratings in 1usize..160,
        floor in prop::option::of(1usize..40),
    ) {
        check(seed, ratings, 7, floor);
    }

    /// Users with many movies each.
    #[test]
    fn users_with_many_movies_too(seed in any::<u64>(), ratings in 100usize..600) {
        check(seed, ratings, 90, None);
    }
}

#[test]
fn users_and_movies_given_after_the_first_push_start_it_over() {
    use movielens_core::clean::Cleaner;
    use movielens_core::ingest::lines::Line;
    let line = |bytes, number| Line {
        bytes,
        number,
        truncated: false,
    };
    let mut c = Cleaner::new();
    c.line(FileKind::Users, line(b"1::F::1::10::48067", 1));
    c.line(FileKind::Movies, line(b"7::Heat (1995)::Action", 1));
    let mut live = ProgressiveDashboard::new(&c);
    c.line(FileKind::Ratings, line(b"1::7::3::100", 1));
    live.push(&c);
    c.line(FileKind::Users, line(b"2::M::1::10::48067", 2));
    c.line(FileKind::Ratings, line(b"2::7::5::200", 2));
    live.push(&c);
    let all = Filter::default();
    assert_eq!(live.len(), 2);
    assert_eq!(
        live.dashboard(&all, 1),
        dashboard(&Dataset::new(c.snapshot()), &all, 1)
    );
}
