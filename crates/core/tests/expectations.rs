//! The README's expectations, evaluated on a fixture with known violations
//! (every outcome written out by hand), on clean generated data (all pass)
//! and on dirty generated data (exactly the injected faults fail).

use movielens_core::demo::{generate, DemoConfig, DemoFiles};
use movielens_core::expect::{evaluate_all, Example, Expectation, Outcome, MAX_EXAMPLES};
use movielens_core::load::load_bytes;
use movielens_core::table::Dataset;
use movielens_core::{FileKind, RejectReason, Warning};

fn load(users: &[u8], movies: &[u8], ratings: &[u8]) -> Dataset {
    let cleaned = load_bytes(&[
        ("users.dat", users),
        ("movies.dat", movies),
        ("ratings.dat", ratings),
    ])
    .expect("the fixture loads");
    Dataset::new(cleaned)
}

const USERS: &str = "\
1::F::25::10::12345
2::M::35::7::54321
0::M::25::1::11111
3::X::25::1::11111
4::M::30::1::11111
5::F::18::21::11111
7000::M::56::13::22222
";
// Line 1-2: fine. 3: invalid id. 4: invalid gender. 5: invalid age.
// 6: invalid occupation. 7: accepted, but outside 1..6040.

/// Lines 1-25: movies 1..=25. 26: MovieID 4000 (accepted, outside 1..3952).
/// 27: an unknown genre token (accepted, with a warning). 28: invalid id.
fn movies() -> String {
    let mut s = String::new();
    for id in 1..=25 {
        s.push_str(&format!("{id}::Movie {id} (1995)::Drama\n"));
    }
    s.push_str("4000::Far Out (1999)::Comedy\n");
    s.push_str("26::Odd One (1990)::Drama|Space Opera\n");
    s.push_str("0::Zero (1990)::Drama\n");
    s
}

/// Lines 1-20: user 1 rates movies 1..=20. 21-39: user 2 rates 1..=19 (one
/// short of 20). 40-42: user 7000 rates 4000, 26 (at the last second
/// a 32-bit timestamp holds) and 1 (at 0, in 1970). 43: six stars.
/// 44: a user that was refused (unknown). 45: zero stars.
fn ratings() -> String {
    let mut s = String::new();
    for m in 1..=20 {
        s.push_str(&format!("1::{m}::{}::978300760\n", m % 5 + 1));
    }
    for m in 1..=19 {
        s.push_str(&format!("2::{m}::{}::978300761\n", m % 4 + 1));
    }
    s.push_str("7000::4000::4::978300762\n7000::26::3::4294967295\n7000::1::5::0\n");
    s.push_str("1::21::6::978300000\n");
    s.push_str("3::1::4::978300000\n");
    s.push_str("2::20::0::978300000\n");
    s
}

fn ex(file: FileKind, line: u64, value: &str) -> Example {
    Example {
        file,
        line,
        value: value.to_owned(),
    }
}

fn outcome(expectation: Expectation, element_count: u64, unexpected: Vec<Example>) -> Outcome {
    Outcome {
        description: expectation.describe(),
        expectation,
        success: unexpected.is_empty(),
        element_count,
        unexpected_count: unexpected.len() as u64,
        unexpected,
    }
}

#[test]
fn fixture_outcomes_are_exact() {
    let ds = load(USERS.as_bytes(), movies().as_bytes(), ratings().as_bytes());
    // The fixture is what its comments say.
    assert_eq!(ds.users.id, [1, 2, 7000]);
    assert_eq!(ds.movies.len(), 27);
    assert_eq!(ds.len(), 42);
    assert_eq!(ds.user_ratings, [20, 19, 3]);

    use FileKind::{Movies, Ratings, Users};
    let want = vec![
        outcome(
            Expectation::UserIdBetween { min: 1, max: 6040 },
            7,
            vec![
                ex(Users, 3, "0::M::25::1::11111"),
                ex(Users, 7, "UserID 7000"),
            ],
        ),
        outcome(
            Expectation::MovieIdBetween { min: 1, max: 3952 },
            28,
            vec![
                ex(Movies, 26, "MovieID 4000"),
                ex(Movies, 28, "0::Zero (1990)::Drama"),
            ],
        ),
        outcome(
            Expectation::RatingsWholeStars,
            45,
            vec![
                ex(Ratings, 43, "1::21::6::978300000"),
                ex(Ratings, 45, "2::20::0::978300000"),
            ],
        ),
        outcome(
            Expectation::MinRatingsPerUser { min: 20 },
            3,
            vec![
                ex(Users, 2, "UserID 2 has 19 ratings"),
                ex(Users, 7, "UserID 7000 has 3 ratings"),
            ],
        ),
        outcome(
            Expectation::GenresKnown,
            27,
            vec![ex(Movies, 27, "26::Odd One (1990)::Drama|Space Opera")],
        ),
        outcome(
            Expectation::GenderMF,
            7,
            vec![ex(Users, 4, "3::X::25::1::11111")],
        ),
        outcome(
            Expectation::AgeCodes,
            7,
            vec![ex(Users, 5, "4::M::30::1::11111")],
        ),
        outcome(
            Expectation::OccupationCodes,
            7,
            vec![ex(Users, 6, "5::F::18::21::11111")],
        ),
        // One rating record in 45 (2.2 %) names a user users.dat lacks.
        outcome(
            Expectation::KnownUsers { max_percent: 1 },
            45,
            vec![ex(Ratings, 44, "3::1::4::978300000")],
        ),
        outcome(Expectation::KnownMovies { max_percent: 1 }, 45, vec![]),
        outcome(
            Expectation::RatedBetween {
                from: 788_918_400,
                to: 1_046_476_800,
            },
            42,
            vec![
                ex(
                    Ratings,
                    41,
                    "UserID 7000 rated MovieID 26 at 2106-02-07 06:28:15 UTC (timestamp 4294967295)",
                ),
                ex(
                    Ratings,
                    42,
                    "UserID 7000 rated MovieID 1 at 1970-01-01 00:00:00 UTC (timestamp 0)",
                ),
            ],
        ),
    ];
    let got = evaluate_all(&ds);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    // Spelled out once more, for the flags and counts alone.
    let flags: Vec<(bool, u64, u64)> = got
        .iter()
        .map(|o| (o.success, o.element_count, o.unexpected_count))
        .collect();
    assert_eq!(
        flags,
        [
            (false, 7, 2),
            (false, 28, 2),
            (false, 45, 2),
            (false, 3, 2),
            (false, 27, 1),
            (false, 7, 1),
            (false, 7, 1),
            (false, 7, 1),
            (false, 45, 1),
            (true, 45, 0),
            (false, 42, 2),
        ]
    );
    assert_eq!(
        got[0].description, "UserIDs range between 1 and 6040",
        "description"
    );
}

#[test]
fn a_clean_fixture_passes_everything() {
    let users = "1::F::25::10::12345\n6040::M::56::20::54321\n";
    let mut movies = String::new();
    for id in 1..=20 {
        movies.push_str(&format!("{id}::Movie {id} (1995)::Drama|Sci-Fi\n"));
    }
    movies.push_str("3952::Last (2000)::western\n");
    let mut ratings = String::new();
    for user in [1, 6040] {
        for m in 1..=20 {
            ratings.push_str(&format!("{user}::{m}::{}::978300760\n", m % 5 + 1));
        }
    }
    let ds = load(users.as_bytes(), movies.as_bytes(), ratings.as_bytes());
    let got: Vec<(bool, u64, u64, usize)> = evaluate_all(&ds)
        .iter()
        .map(|o| {
            (
                o.success,
                o.element_count,
                o.unexpected_count,
                o.unexpected.len(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (true, 2, 0, 0),
            (true, 21, 0, 0),
            (true, 40, 0, 0),
            (true, 2, 0, 0),
            (true, 21, 0, 0),
            (true, 2, 0, 0),
            (true, 2, 0, 0),
            (true, 2, 0, 0),
            (true, 40, 0, 0),
            (true, 40, 0, 0),
            (true, 40, 0, 0),
        ]
    );
}

#[test]
fn examples_are_capped_but_the_count_is_not() {
    // 25 users with an invalid age on lines 2..=26, then a fine one.
    let mut users = String::from("1::F::25::10::12345\n");
    for id in 2..=26 {
        users.push_str(&format!("{id}::M::30::10::12345\n"));
    }
    users.push_str("27::M::25::10::12345\n");
    let movies = "1::Alpha (1999)::Drama\n";
    let ratings = "1::1::5::978300760\n27::1::4::978300760\n";
    let ds = load(users.as_bytes(), movies.as_bytes(), ratings.as_bytes());
    let age = evaluate_all(&ds)
        .into_iter()
        .find(|o| o.expectation == Expectation::AgeCodes)
        .unwrap();
    assert_eq!(MAX_EXAMPLES, 20);
    assert!(!age.success);
    assert_eq!(age.element_count, 27);
    assert_eq!(age.unexpected_count, 25);
    let lines: Vec<u64> = age.unexpected.iter().map(|e| e.line).collect();
    assert_eq!(lines, (2..=21).collect::<Vec<u64>>());
    assert_eq!(age.unexpected[0].value, "2::M::30::10::12345");
    assert_eq!(age.unexpected[19].value, "21::M::30::10::12345");
}

fn demo(seed: u64, dirty: bool) -> (DemoFiles, Dataset) {
    let files = generate(&DemoConfig {
        ratings: 20_000,
        seed,
        dirty,
    });
    let ds = load(&files.users, &files.movies, &files.ratings);
    (files, ds)
}

#[test]
fn clean_demo_data_meets_every_expectation() {
    for seed in [1, 2, 3] {
        let (_, ds) = demo(seed, false);
        assert_eq!(
            (ds.users.len(), ds.movies.len(), ds.len()),
            (121, 3883, 20_000)
        );
        let got: Vec<(bool, u64, u64)> = evaluate_all(&ds)
            .iter()
            .map(|o| (o.success, o.element_count, o.unexpected_count))
            .collect();
        assert_eq!(
            got,
            [
                (true, 121, 0),
                (true, 3883, 0),
                (true, 20_000, 0),
                (true, 121, 0),
                (true, 3883, 0),
                (true, 121, 0),
                (true, 121, 0),
                (true, 121, 0),
                (true, 20_000, 0),
                (true, 20_000, 0),
                (true, 20_000, 0),
            ],
            "seed {seed}"
        );
        assert!(evaluate_all(&ds).iter().all(|o| o.unexpected.is_empty()));
    }
}

/// Line `n` (1-based) of a file, without BOM, line end and trailing blanks.
fn line_of(file: &[u8], n: u64) -> String {
    let file = file.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(file);
    let line = file.split(|&b| b == b'\n').nth(n as usize - 1).unwrap();
    String::from_utf8_lossy(line).trim_end().to_owned()
}

#[test]
fn dirty_demo_data_fails_exactly_the_injected_faults() {
    for seed in [1, 2, 3] {
        let (files, ds) = demo(seed, true);
        let got = evaluate_all(&ds);
        let summary: Vec<(bool, u64, u64)> = got
            .iter()
            .map(|o| (o.success, o.element_count, o.unexpected_count))
            .collect();
        // Users: 121 accepted (20,000 ratings at ML-1M's ~166 per user) + 18
        // refused; movies: 3883 + 10; ratings:
        // 20,000 + 27 (a NUL line in each file; a byte-order mark mid-file). Injected: four bad user ids (0, -4, abc, 2^32), two
        // bad movie ids (x12, 0), four bad ratings (6, 0, 4.5, five), four
        // unknown genre tokens (three "Space Opera", one "Mumblecore"), two
        // bad genders, ages and occupations each. Every user keeps 20+
        // ratings.
        assert_eq!(
            summary,
            [
                (false, 139, 4),
                (false, 3893, 2),
                (false, 20_027, 4),
                (true, 121, 0),
                (false, 3883, 4),
                (false, 139, 2),
                (false, 139, 2),
                (false, 139, 2),
                // Three unknown users and three unknown movies among 20,025
                // rating records: well under 1 %, so the files belong together.
                (true, 20_027, 3),
                (true, 20_027, 3),
                (true, 20_000, 0),
            ],
            "seed {seed}"
        );
        // The same numbers, from the generator's own account of what it did.
        let [eu, em, er] = &files.expected;
        let records = |e: &movielens_core::lineage::FileLineage| e.accepted + e.rejected_total();
        assert_eq!(got[0].element_count, records(eu));
        assert_eq!(got[1].element_count, records(em));
        assert_eq!(got[2].element_count, records(er));
        assert_eq!(
            got[0].unexpected_count,
            eu.rejected(RejectReason::InvalidId)
        );
        assert_eq!(
            got[1].unexpected_count,
            em.rejected(RejectReason::InvalidId)
        );
        assert_eq!(
            got[2].unexpected_count,
            er.rejected(RejectReason::InvalidRating)
        );
        assert_eq!(got[4].unexpected_count, em.warned(Warning::UnknownGenre));
        assert_eq!(
            got[5].unexpected_count,
            eu.rejected(RejectReason::InvalidGender)
        );
        assert_eq!(
            got[6].unexpected_count,
            eu.rejected(RejectReason::InvalidAge)
        );
        assert_eq!(
            got[7].unexpected_count,
            eu.rejected(RejectReason::InvalidOccupation)
        );

        // Every example points at its line, in file order.
        for o in &got {
            assert!(o.unexpected.windows(2).all(|w| w[0].line < w[1].line));
            let file = files.file(o.expectation.file());
            for e in &o.unexpected {
                assert_eq!(e.file, o.expectation.file());
                assert_eq!(line_of(file, e.line), e.value.trim_end(), "{e:?}");
            }
        }
        let values = |i: usize| -> Vec<String> {
            let mut v: Vec<String> = got[i]
                .unexpected
                .iter()
                .map(|e| e.value.trim_end().to_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            values(0),
            [
                "-4::F::25::1::12345",
                "0::M::25::7::12345",
                "4294967296::M::25::1::12345",
                "abc::M::25::1::12345",
            ]
        );
        assert_eq!(
            values(1),
            ["0::Zero Id (1999)::Comedy", "x12::Not an Id (1999)::Drama"]
        );
        let stars: Vec<String> = values(2)
            .iter()
            .map(|v| v.split("::").nth(2).unwrap().to_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(stars, ["0", "4.5", "6", "five"]);
        let genres: Vec<String> = values(4)
            .iter()
            .map(|v| {
                v.rsplit("::")
                    .next()
                    .unwrap()
                    .rsplit('|')
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            genres.iter().filter(|g| *g == "Space Opera").count(),
            3,
            "{genres:?}"
        );
        assert_eq!(
            genres.iter().filter(|g| *g == "Mumblecore").count(),
            1,
            "{genres:?}"
        );
        assert_eq!(values(5), ["122::X::25::7::12345", "123::m::25::7::12345"]);
        assert_eq!(values(6), ["124::M::30::7::12345", "125::F::::7::12345"]);
        assert_eq!(values(7), ["126::F::25::21::12345", "127::F::25::x::12345"]);
    }
}
