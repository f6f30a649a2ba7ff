//! Progressive load: a snapshot taken while the ratings are fed equals the
//! batch load of the lines fed so far — at many cut points (inside lines
//! and at their ends), with duplicates and rejects, with and without
//! compaction part-way.

use movielens_core::analytics::{dashboard, Filter};
use movielens_core::clean::Cleaned;
use movielens_core::demo::{generate, DemoConfig, Rng};
use movielens_core::lineage::FileLineage;
use movielens_core::load::{load_bytes, Loader};
use movielens_core::table::Dataset;
use movielens_core::FileKind;

/// The lineage counts that a snapshot knows (bytes are counted when a
/// file ends).
fn counts(f: &FileLineage) -> (u64, u64, u64, Vec<u64>, Vec<u64>) {
    (
        f.lines,
        f.blank,
        f.accepted,
        f.rejected.to_vec(),
        f.warnings.to_vec(),
    )
}

fn assert_same(snap: &Cleaned, batch: &Cleaned, at: usize) {
    assert_eq!(snap.users, batch.users, "users at byte {at}");
    assert_eq!(snap.movies, batch.movies, "movies at byte {at}");
    assert_eq!(snap.ratings, batch.ratings, "ratings at byte {at}");
    assert_eq!(
        snap.rating_lines, batch.rating_lines,
        "rating lines at byte {at}"
    );
    assert_eq!(snap.user_lines, batch.user_lines);
    assert_eq!(snap.movie_lines, batch.movie_lines);
    for kind in FileKind::ALL {
        assert_eq!(
            counts(snap.lineage.file(kind)),
            counts(batch.lineage.file(kind)),
            "{kind} lineage at byte {at}"
        );
    }
    let (s, b) = (Dataset::new(snap.clone()), Dataset::new(batch.clone()));
    let filter = Filter::default();
    assert_eq!(
        dashboard(&s, &filter, 3),
        dashboard(&b, &filter, 3),
        "dashboard at byte {at}"
    );
}

/// The ratings of `ratings` up to the last line ending before `cut`.
fn whole_lines(ratings: &[u8], cut: usize) -> &[u8] {
    match ratings[..cut].iter().rposition(|&b| b == b'\n') {
        Some(i) => &ratings[..=i],
        None => &[],
    }
}

/// The batch load of the three tables (an empty ratings table too, which
/// [`load_bytes`] refuses as an input).
fn batch(users: &[u8], movies: &[u8], ratings: &[u8]) -> Cleaned {
    let mut load = Loader::new();
    for (kind, bytes) in FileKind::ALL.into_iter().zip([users, movies, ratings]) {
        load.begin(kind, kind.file_name()).unwrap();
        load.feed(bytes);
    }
    load.finish()
}

/// Feeds users and movies whole, then the ratings in chunks ending at each
/// cut, snapshotting at each and comparing with the batch load of the
/// whole lines before it.
fn check(users: &[u8], movies: &[u8], ratings: &[u8], cuts: &[usize], floor: Option<usize>) {
    let mut load = Loader::new();
    if let Some(rows) = floor {
        load = load.with_compaction_floor(rows);
    }
    load.begin(FileKind::Users, "users.dat").unwrap();
    load.feed(users);
    load.begin(FileKind::Movies, "movies.dat").unwrap();
    load.feed(movies);
    load.begin(FileKind::Ratings, "ratings.dat").unwrap();
    let mut fed = 0;
    for &cut in cuts {
        load.feed(&ratings[fed..cut]);
        fed = cut;
        let batch = batch(users, movies, whole_lines(ratings, cut));
        assert_same(&load.snapshot(), &batch, cut);
    }
    load.feed(&ratings[fed..]);
    let end = load.finish();
    let batch = load_bytes(&[("u", users), ("m", movies), ("r", ratings)]).unwrap();
    assert_eq!(end.ratings, batch.ratings);
}

/// Sorted random cut points, some of them just after a line ending.
fn cuts(ratings: &[u8], n: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<usize> = (0..n)
        .map(|i| {
            let at = rng.below(ratings.len() as u64) as usize;
            match (i % 3 == 0, ratings[at..].iter().position(|&b| b == b'\n')) {
                (true, Some(nl)) => at + nl + 1,
                _ => at,
            }
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn snapshots_of_dirty_data_equal_batch_loads_of_the_lines_so_far() {
    for seed in [1, 2] {
        let files = generate(&DemoConfig {
            ratings: 6_000,
            seed,
            dirty: true,
        });
        let at = cuts(&files.ratings, 40, seed);
        check(&files.users, &files.movies, &files.ratings, &at, None);
        // Compacting part-way (a tiny floor) changes nothing either.
        check(&files.users, &files.movies, &files.ratings, &at, Some(50));
    }
}

#[test]
fn re_ratings_across_cut_points_resolve_as_in_batch() {
    let users = b"1::F::1::10::48067\n2::M::25::3::11111\n";
    let movies = b"1::A (1995)::Drama\n2::B (1996)::Comedy\n";
    // User 1 rates movie 1 four times (later, older, a tie, later again);
    // an unknown user, a bad rating, a blank line between.
    let ratings = b"1::1::3::100\n2::2::4::50\n1::1::5::90\n\n9::1::4::10\n1::1::2::100\n2::2::6::1\n1::1::1::300\n";
    let every: Vec<usize> = (0..=ratings.len()).collect();
    check(users, movies, ratings, &every, None);
    check(users, movies, ratings, &every, Some(1));
}

#[test]
fn a_snapshot_before_any_rating_has_the_users_and_movies() {
    let files = generate(&DemoConfig {
        ratings: 1_000,
        seed: 3,
        dirty: false,
    });
    check(&files.users, &files.movies, &files.ratings, &[0, 1], None);
}
