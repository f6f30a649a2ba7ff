//! A flood of rejects (issue 11): the same ratings repeated a million
//! times. Counts stay exact, the rows listed are the first of each reason,
//! and the provisional ratings never pile up beyond the compaction bound.

mod common;

use movielens_core::clean::MAX_KEPT_PER_REASON;
use movielens_core::load::Loader;
use movielens_core::report::write_rejects_csv;
use movielens_core::table::Dataset;
use movielens_core::{FileKind, RejectReason};

const USERS: u32 = 16;
const MOVIES: u32 = 16;

fn tables() -> (String, String) {
    let users = (1..=USERS)
        .map(|u| format!("{u}::F::25::1::12345\n"))
        .collect();
    let movies = (1..=MOVIES)
        .map(|m| format!("{m}::Movie {m} (1999)::Drama\n"))
        .collect();
    (users, movies)
}

/// The 256 ratings, every user rating every movie once.
fn block() -> String {
    let mut s = String::new();
    for u in 1..=USERS {
        for m in 1..=MOVIES {
            s.push_str(&format!("{u}::{m}::{}::978300760\n", (u + m) % 5 + 1));
        }
    }
    s
}

#[test]
fn repeated_ratings_stay_bounded_and_exact() {
    let (users, movies) = tables();
    let block = block();
    let repeats = 4_000; // 1,024,000 rating lines
    let floor = 10_000;
    let mut load = Loader::new().with_compaction_floor(floor);
    load.begin(FileKind::Users, "users.dat").unwrap();
    load.feed(users.as_bytes());
    load.begin(FileKind::Movies, "movies.dat").unwrap();
    load.feed(movies.as_bytes());
    load.begin(FileKind::Ratings, "ratings.dat").unwrap();
    let mut most = 0;
    for _ in 0..repeats {
        load.feed(block.as_bytes());
        most = most.max(load.cleaner().accepted(FileKind::Ratings));
    }
    // Provisional rows are resolved whenever they reach the floor (or twice
    // the survivors): they never pile up past it.
    assert!(most <= floor, "{most} provisional ratings piled up");
    let cleaned = load.finish();
    common::assert_invariants(&cleaned);
    let lines = u64::from(USERS * MOVIES) * repeats;
    let r = &cleaned.lineage.ratings;
    assert_eq!(r.lines, lines);
    assert_eq!(r.accepted, 256);
    assert_eq!(r.rejected(RejectReason::DuplicateRating), lines - 256);
    // The survivors are the last block (a tie on the timestamp: the later
    // line wins), in file order.
    assert_eq!(cleaned.rating_lines[0] as u64, lines - 255);
    assert_eq!(*cleaned.rating_lines.last().unwrap() as u64, lines);
    // The rows listed are the first MAX_KEPT_PER_REASON by line, each
    // naming the rating finally kept.
    assert_eq!(cleaned.rejects.len(), MAX_KEPT_PER_REASON);
    for (i, rej) in cleaned.rejects.iter().enumerate() {
        assert_eq!(rej.line, i as u64 + 1);
        assert_eq!(rej.reason, RejectReason::DuplicateRating);
        assert_eq!(rej.raw, block.lines().nth(i % 256).unwrap());
        let kept = lines - 256 + (i as u64 % 256) + 1;
        assert!(
            rej.detail.ends_with(&format!(
                "again on line {kept} with the same timestamp; that one is kept"
            )),
            "{}",
            rej.detail
        );
    }
    // The rejects CSV says what it leaves out.
    let ds = Dataset::new(cleaned);
    let mut csv = Vec::new();
    write_rejects_csv(&ds.rejects, &ds.lineage, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 1 + MAX_KEPT_PER_REASON + 1);
    assert_eq!(
        csv.lines().last().unwrap(),
        "ratings.dat,,duplicate_rating,\"only the first 1,000 of 1,023,744 rows rejected for this reason are listed\","
    );
}

#[test]
fn a_flood_of_unknown_users_is_counted_not_kept() {
    let (users, movies) = tables();
    let mut load = Loader::new();
    load.begin(FileKind::Users, "users.dat").unwrap();
    load.feed(users.as_bytes());
    load.begin(FileKind::Movies, "movies.dat").unwrap();
    load.feed(movies.as_bytes());
    load.begin(FileKind::Ratings, "ratings.dat").unwrap();
    let n = 300_000u64;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("{}::1::5::978300760\n", 100 + i));
    }
    text.push_str("1::1::5::978300760\n");
    load.feed(text.as_bytes());
    let cleaned = load.finish();
    common::assert_invariants(&cleaned);
    assert_eq!(
        cleaned.lineage.ratings.rejected(RejectReason::UnknownUser),
        n
    );
    assert_eq!(cleaned.rejects.len(), MAX_KEPT_PER_REASON);
    assert_eq!(
        cleaned.rejects.last().unwrap().line,
        MAX_KEPT_PER_REASON as u64
    );
    assert_eq!(cleaned.ratings.len(), 1);
}

#[test]
fn expectations_count_every_reject_not_just_the_listed() {
    let mut users = String::from("1::F::25::10::12345\n");
    for id in 2..=2_501 {
        users.push_str(&format!("{id}::M::30::10::12345\n"));
    }
    let cleaned = movielens_core::load::load_bytes(&[
        ("users.dat", users.as_bytes()),
        ("movies.dat", b"1::Alpha (1999)::Drama\n"),
        ("ratings.dat", b"1::1::5::978300760\n"),
    ])
    .unwrap();
    assert_eq!(cleaned.rejects.len(), MAX_KEPT_PER_REASON);
    let ds = Dataset::new(cleaned);
    let age = movielens_core::expect::evaluate_all(&ds)
        .into_iter()
        .find(|o| o.expectation == movielens_core::expect::Expectation::AgeCodes)
        .unwrap();
    assert_eq!((age.element_count, age.unexpected_count), (2_501, 2_500));
    assert_eq!(age.unexpected.len(), movielens_core::expect::MAX_EXAMPLES);
    assert_eq!(age.unexpected[0].line, 2);
}
