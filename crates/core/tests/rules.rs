//! A hand-written fixture that trips every reject reason and every warning
//! at least once, with the exact lineage counts, the exact reject list (raw
//! text included) and the values of the surviving rows.

mod common;

use common::{assert_invariants, assert_same, counts, load, load_cut};
use movielens_core::load::load_bytes;
use movielens_core::model::{genre_names, Gender};
use movielens_core::{Cleaned, FileKind, RejectReason, Warning};

/// users.dat, one line per element (line numbers in the comments).
const USERS: &[&[u8]] = &[
    /* 1 */ b"1::F::1::10::48067\n",
    /* 2 */ b"2::M::56::16::70072\n",
    /* 3 */ b"3::M::25::15::55117\r\n",
    /* 4 */ b"\n",
    /* 5 */ b"4::M::45::7::02460\n",
    /* 6 */ b"5::M::25::20::55455::extra\n",
    /* 7 */ b"6::F::50::9\n",
    /* 8 */ b"0::F::25::1::12345\n",
    /* 9 */ b"-7::F::25::1::12345\n",
    /* 10 */ b"4294967296::M::25::1::12345\n",
    /* 11 */ b"abc::M::25::1::12345\n",
    /* 12 */ b"8::X::25::1::12345\n",
    /* 13 */ b"9::m::25::1::12345\n",
    /* 14 */ b"10::M::30::1::12345\n",
    /* 15 */ b"11::F::::1::12345\n",
    /* 16 */ b"12::F::25::21::12345\n",
    /* 17 */ b"13::F::25::x::12345\n",
    /* 18 */ b"14::M::25::7::\n",
    /* 19 */ b"15::M::25::7::   \t\n",
    /* 20 */ b"   \n",
    /* 21 */ b"2::F::35::1::99999\n",
    /* 22 */ b"16::F::18::4::Caf\xE9\n",
    /* 23 */ b"\t\n",
    /* 24 */ b"4294967295::F::56::0::00000\n",
    /* 25 */ b"\r\n",
    // User 8 was refused on line 12, so this is not a duplicate.
    /* 26 */
    b"8::M::18::3::11111",
];

/// movies.dat.
const MOVIES: &[&[u8]] = &[
    /* 1 */ b"1::Toy Story (1995)::Animation|Children's|Comedy\n",
    /* 2 */ b"2::Jumanji (1995)::Adventure|Children's|Fantasy\n",
    /* 3 */ b"2571::Matrix, The (1999)::Action|Sci-Fi|Thriller\n",
    /* 4 */
    b"260::Star Wars: Episode IV - A New Hope (1977)::Action|Adventure|Fantasy|Sci-Fi\n",
    /* 5 */
    "29::City of Lost Children, The (Cité des enfants perdus, La) (1995)::Adventure|Sci-Fi\n"
        .as_bytes(),
    /* 6 */ b"\n",
    /* 7 */ b"100::Untitled Project::Drama\n",
    /* 8 */ b"101::Space Movie (2001)::Sci-Fi|Space Opera\n",
    /* 9 */ b"102::No Genre Movie (1990)::\n",
    /* 10 */ b"103::Mumble (2005)::Mumblecore\n",
    /* 11 */ b"104::Newer Movie (2015)::(no genres listed)\n",
    /* 12 */ b"105::Caf\xE9 Society (2016)::comedy|DRAMA\n",
    /* 13 */ b"106::1900 (Novecento) (1976)::Drama\n",
    /* 14 */ b"107::Two Fields (1999)\n",
    /* 15 */ b"108::Four (1999)::Drama::Extra\n",
    /* 16 */ b"x12::Not an Id (1999)::Drama\n",
    /* 17 */ b"0::Zero (1999)::Drama\n",
    /* 18 */ b"109::::Drama\n",
    /* 19 */ b"110::   ::Comedy\n",
    /* 20 */ b"111::(1999)::Drama\n",
    /* 21 */ b"2::Jumanji Copy (1996)::Comedy\n",
    /* 22 */ b"112::  Padded Title (1998)  ::  Drama | Comedy ||  \r\n",
    /* 23 */ "113::Dernier Métro, Le (Last Metro, The) (1980)::Drama|Romance\n".as_bytes(),
    /* 24 */ b"114::Nul\0 Title (1999)::Drama\n",
];

/// Line 33 of ratings.dat: far over 64 KiB.
fn long_rating_line() -> Vec<u8> {
    format!("1::1::4::978300760{}\n", " 1".repeat(40_000)).into_bytes()
}

/// ratings.dat.
fn ratings_lines() -> Vec<Vec<u8>> {
    let lines: [&[u8]; 40] = [
        /* 1 */ b"1::1::5::978300760\n",
        // (1, 2571): line 7 is later in the file and in time, it wins.
        /* 2 */
        b"1::2571::3::978300000\n",
        // (2, 2571): line 3 is earlier in the file but later in time, it wins.
        /* 3 */
        b"2::2571::5::978400000\n",
        // (3, 2571): the same time; the later line (9) wins.
        /* 4 */
        b"3::2571::1::978300000\n",
        // (4, 260): spaces and leading zeros; displaced by line 10, and its
        // reject must keep this text.
        /* 5 */
        b" 4 :: 0260 ::  3 :: 0978300000  \r\n",
        /* 6 */ b"\n",
        /* 7 */ b"1::2571::4::978300100\n",
        /* 8 */ b"2::2571::2::978300000\n",
        /* 9 */ b"3::2571::2::978300000\n",
        /* 10 */ b"4::260::5::978300001\n",
        /* 11 */ b"1::1::5\n",
        /* 12 */ b"1::1::5::978300760::9\n",
        /* 13 */ b"hello\n",
        /* 14 */ b"0::1::5::978300760\n",
        /* 15 */ b"1::-1::5::978300760\n",
        /* 16 */ b"x::1::5::978300760\n",
        /* 17 */ b"4294967296::1::5::978300760\n",
        /* 18 */ b"1::1::0::978300760\n",
        /* 19 */ b"1::1::6::978300760\n",
        /* 20 */ b"1::1::4.5::978300760\n",
        /* 21 */ b"1::1::::978300760\n",
        /* 22 */ b"1::1::4::-1\n",
        /* 23 */ b"1::1::4::99999999999\n",
        /* 24 */ b"1::1::4::yesterday\n",
        /* 25 */ b"1::1::4::4294967296\n",
        // User 9 was refused (gender `m`).
        /* 26 */ b"9::1::4::978300760\n",
        /* 27 */ b"99999::1::4::978300760\n",
        // The rating is checked before the user, the user before the movie.
        /* 28 */
        b"99999::3953::6::1\n",
        /* 29 */ b"99999::3953::4::1\n",
        // Movie 109 was refused (empty title).
        /* 30 */ b"1::109::4::978300760\n",
        /* 31 */ b"1::3953::4::978300760\n",
        /* 32 */ b" \n",
        /* 33 */ b"", // long_rating_line()
        // (16, 1) three times: the latest (line 35) wins.
        /* 34 */
        b"16::1::3::100\n",
        /* 35 */ b"16::1::4::300\n",
        /* 36 */ b"16::1::5::200\n",
        /* 37 */ b"8::105::3::0\n",
        /* 38 */ b"4294967295::104::2::4294967295\n",
        /* 39 */ b"\r\n",
        /* 40 */ b"2::1::4::978298413",
    ];
    let mut lines: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
    lines[32] = long_rating_line();
    lines
}

struct Fixture {
    users: Vec<u8>,
    movies: Vec<u8>,
    ratings: Vec<u8>,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            users: USERS.concat(),
            movies: MOVIES.concat(),
            ratings: ratings_lines().concat(),
        }
    }

    fn files(&self) -> [(FileKind, &[u8]); 3] {
        [
            (FileKind::Users, &self.users[..]),
            (FileKind::Movies, &self.movies[..]),
            (FileKind::Ratings, &self.ratings[..]),
        ]
    }

    fn load(&self) -> Cleaned {
        load(&self.files())
    }
}

#[test]
fn fixture_lines_are_numbered_as_commented() {
    assert_eq!(USERS.len(), 26);
    assert_eq!(MOVIES.len(), 24);
    let ratings = ratings_lines();
    assert_eq!(ratings.len(), 40);
    // Every element is exactly one line.
    for line in USERS
        .iter()
        .chain(MOVIES)
        .copied()
        .chain(ratings.iter().map(|l| &l[..]))
    {
        let newlines = line.iter().filter(|&&b| b == b'\n').count();
        assert!(newlines == 1 && line.ends_with(b"\n") || newlines == 0);
    }
}

#[test]
fn lineage_counts_are_exact() {
    let f = Fixture::new();
    let c = f.load();
    assert_invariants(&c);
    assert_eq!(
        counts(&c.lineage.users),
        "lines 26 blank 4 accepted 7 wrong_field_count 2 invalid_id 4 invalid_gender 2 \
         invalid_age 2 invalid_occupation 2 missing_zip 2 duplicate_id 1 latin1 1"
    );
    assert_eq!(
        counts(&c.lineage.movies),
        "lines 24 blank 1 accepted 14 wrong_field_count 2 invalid_id 2 invalid_title 3 \
         duplicate_id 1 nul_byte 1 missing_year 1 unknown_genre 2 no_genres 3 latin1 1"
    );
    assert_eq!(
        counts(&c.lineage.ratings),
        "lines 40 blank 3 accepted 9 wrong_field_count 3 invalid_id 4 invalid_rating 5 \
         invalid_timestamp 4 unknown_user 3 unknown_movie 2 duplicate_rating 6 line_too_long 1"
    );
    // The same, field by field, and the invariant.
    let u = &c.lineage.users;
    assert_eq!(
        (u.lines, u.blank, u.accepted, u.rejected_total()),
        (26, 4, 7, 15)
    );
    let m = &c.lineage.movies;
    assert_eq!(
        (m.lines, m.blank, m.accepted, m.rejected_total()),
        (24, 1, 14, 9)
    );
    let r = &c.lineage.ratings;
    assert_eq!(
        (r.lines, r.blank, r.accepted, r.rejected_total()),
        (40, 3, 9, 28)
    );
    for file in [u, m, r] {
        assert_eq!(
            file.lines,
            file.blank + file.accepted + file.rejected_total()
        );
    }
    assert_eq!(m.warned(Warning::MissingYear), 1);
    assert_eq!(m.warned(Warning::UnknownGenre), 2);
    assert_eq!(m.warned(Warning::NoGenres), 3);
    assert_eq!(m.warned(Warning::Latin1), 1);
    assert_eq!(u.warned(Warning::Latin1), 1);
    assert_eq!(r.rejected(RejectReason::DuplicateRating), 6);
    assert_eq!(r.rejected(RejectReason::LineTooLong), 1);
    // Every reason and every warning is exercised somewhere.
    for reason in RejectReason::ALL {
        assert!(
            FileKind::ALL
                .iter()
                .any(|k| c.lineage.file(*k).rejected(reason) > 0),
            "{} not exercised",
            reason.code()
        );
    }
    for warning in Warning::ALL {
        assert!(
            FileKind::ALL
                .iter()
                .any(|k| c.lineage.file(*k).warned(warning) > 0),
            "{} not exercised",
            warning.code()
        );
    }
    // Bytes and names.
    assert_eq!(u.bytes, f.users.len() as u64);
    assert_eq!(m.bytes, f.movies.len() as u64);
    assert_eq!(r.bytes, f.ratings.len() as u64);
    assert_eq!(
        [&u.name, &m.name, &r.name],
        ["users.dat", "movies.dat", "ratings.dat"]
    );
}

#[test]
fn reject_list_is_exact() {
    use FileKind::{Movies as M, Ratings as R, Users as U};
    use RejectReason::*;
    let c = Fixture::new().load();
    let long = long_rating_line();
    let long_raw = std::str::from_utf8(&long[..movielens_core::clean::MAX_RAW_BYTES]).unwrap();
    let want: Vec<(FileKind, u64, RejectReason, &str)> = vec![
        (U, 6, WrongFieldCount, "5::M::25::20::55455::extra"),
        (U, 7, WrongFieldCount, "6::F::50::9"),
        (U, 8, InvalidId, "0::F::25::1::12345"),
        (U, 9, InvalidId, "-7::F::25::1::12345"),
        (U, 10, InvalidId, "4294967296::M::25::1::12345"),
        (U, 11, InvalidId, "abc::M::25::1::12345"),
        (U, 12, InvalidGender, "8::X::25::1::12345"),
        (U, 13, InvalidGender, "9::m::25::1::12345"),
        (U, 14, InvalidAge, "10::M::30::1::12345"),
        (U, 15, InvalidAge, "11::F::::1::12345"),
        (U, 16, InvalidOccupation, "12::F::25::21::12345"),
        (U, 17, InvalidOccupation, "13::F::25::x::12345"),
        (U, 18, MissingZip, "14::M::25::7::"),
        (U, 19, MissingZip, "15::M::25::7::   \t"),
        (U, 21, DuplicateId, "2::F::35::1::99999"),
        (M, 14, WrongFieldCount, "107::Two Fields (1999)"),
        (M, 15, WrongFieldCount, "108::Four (1999)::Drama::Extra"),
        (M, 16, InvalidId, "x12::Not an Id (1999)::Drama"),
        (M, 17, InvalidId, "0::Zero (1999)::Drama"),
        (M, 18, InvalidTitle, "109::::Drama"),
        (M, 19, InvalidTitle, "110::   ::Comedy"),
        (M, 20, InvalidTitle, "111::(1999)::Drama"),
        (M, 21, DuplicateId, "2::Jumanji Copy (1996)::Comedy"),
        (M, 24, NulByte, "114::Nul\u{2400} Title (1999)::Drama"),
        (R, 2, DuplicateRating, "1::2571::3::978300000"),
        (R, 4, DuplicateRating, "3::2571::1::978300000"),
        (R, 5, DuplicateRating, " 4 :: 0260 ::  3 :: 0978300000  "),
        (R, 8, DuplicateRating, "2::2571::2::978300000"),
        (R, 11, WrongFieldCount, "1::1::5"),
        (R, 12, WrongFieldCount, "1::1::5::978300760::9"),
        (R, 13, WrongFieldCount, "hello"),
        (R, 14, InvalidId, "0::1::5::978300760"),
        (R, 15, InvalidId, "1::-1::5::978300760"),
        (R, 16, InvalidId, "x::1::5::978300760"),
        (R, 17, InvalidId, "4294967296::1::5::978300760"),
        (R, 18, InvalidRating, "1::1::0::978300760"),
        (R, 19, InvalidRating, "1::1::6::978300760"),
        (R, 20, InvalidRating, "1::1::4.5::978300760"),
        (R, 21, InvalidRating, "1::1::::978300760"),
        (R, 22, InvalidTimestamp, "1::1::4::-1"),
        (R, 23, InvalidTimestamp, "1::1::4::99999999999"),
        (R, 24, InvalidTimestamp, "1::1::4::yesterday"),
        (R, 25, InvalidTimestamp, "1::1::4::4294967296"),
        (R, 26, UnknownUser, "9::1::4::978300760"),
        (R, 27, UnknownUser, "99999::1::4::978300760"),
        (R, 28, InvalidRating, "99999::3953::6::1"),
        (R, 29, UnknownUser, "99999::3953::4::1"),
        (R, 30, UnknownMovie, "1::109::4::978300760"),
        (R, 31, UnknownMovie, "1::3953::4::978300760"),
        (R, 33, LineTooLong, long_raw),
        (R, 34, DuplicateRating, "16::1::3::100"),
        (R, 36, DuplicateRating, "16::1::5::200"),
    ];
    let got: Vec<(FileKind, u64, RejectReason, &str)> = c
        .rejects
        .iter()
        .map(|r| (r.file, r.line, r.reason, r.raw.as_str()))
        .collect();
    assert_eq!(got, want);
    for r in &c.rejects {
        assert!(!r.detail.is_empty(), "{r:?} has no detail");
    }
}

#[test]
fn warnings_are_flagged_on_their_lines() {
    use FileKind::{Movies as M, Users as U};
    use Warning::*;
    let c = Fixture::new().load();
    let got: Vec<(FileKind, u64, Warning, &str)> = c
        .flags
        .iter()
        .map(|f| (f.file, f.line, f.warning, f.raw.as_str()))
        .collect();
    let want: Vec<(FileKind, u64, Warning, &str)> = vec![
        (U, 22, Latin1, "16::F::18::4::Café"),
        (M, 7, MissingYear, "100::Untitled Project::Drama"),
        (
            M,
            8,
            UnknownGenre,
            "101::Space Movie (2001)::Sci-Fi|Space Opera",
        ),
        (M, 9, NoGenres, "102::No Genre Movie (1990)::"),
        (M, 10, UnknownGenre, "103::Mumble (2005)::Mumblecore"),
        (M, 10, NoGenres, "103::Mumble (2005)::Mumblecore"),
        (
            M,
            11,
            NoGenres,
            "104::Newer Movie (2015)::(no genres listed)",
        ),
        (M, 12, Latin1, "105::Café Society (2016)::comedy|DRAMA"),
    ];
    assert_eq!(got, want);
}

#[test]
fn duplicate_rating_details_name_the_kept_line() {
    let c = Fixture::new().load();
    let detail = |line: u64| {
        c.rejects
            .iter()
            .find(|r| r.file == FileKind::Ratings && r.line == line)
            .unwrap()
            .detail
            .clone()
    };
    assert!(detail(2).contains("line 7"), "{}", detail(2));
    assert!(detail(4).contains("line 9"), "{}", detail(4));
    assert!(detail(5).contains("line 10"), "{}", detail(5));
    assert!(detail(8).contains("line 3"), "{}", detail(8));
    assert!(detail(34).contains("line 35"), "{}", detail(34));
    assert!(detail(36).contains("line 35"), "{}", detail(36));
}

#[test]
fn surviving_users() {
    let c = Fixture::new().load();
    let u = &c.users;
    let rows: Vec<(u32, Gender, u8, u8, &str)> = (0..u.len())
        .map(|i| {
            (
                u.id[i],
                u.gender[i],
                u.age[i],
                u.occupation[i],
                u.zip[i].as_str(),
            )
        })
        .collect();
    use Gender::{F, M};
    assert_eq!(
        rows,
        [
            (1, F, 1, 10, "48067"),
            (2, M, 56, 16, "70072"),
            (3, M, 25, 15, "55117"),
            (4, M, 45, 7, "02460"),
            (16, F, 18, 4, "Café"),
            (4_294_967_295, F, 56, 0, "00000"),
            (8, M, 18, 3, "11111"),
        ]
    );
}

/// A genre list as names, `-` for none.
fn genres(mask: u32) -> String {
    let names: Vec<&str> = genre_names(mask).collect();
    if names.is_empty() {
        "-".to_owned()
    } else {
        names.join("|")
    }
}

#[test]
fn surviving_movies_and_titles() {
    let c = Fixture::new().load();
    let m = &c.movies;
    let rows: Vec<(u32, &str, &str, Option<u16>, String)> = (0..m.len())
        .map(|i| {
            (
                m.id[i],
                m.title[i].as_str(),
                m.display[i].as_str(),
                m.year[i],
                genres(m.genres[i]),
            )
        })
        .collect();
    let want: Vec<(u32, &str, &str, Option<u16>, &str)> = vec![
        (
            1,
            "Toy Story (1995)",
            "Toy Story",
            Some(1995),
            "Animation|Children's|Comedy",
        ),
        (
            2,
            "Jumanji (1995)",
            "Jumanji",
            Some(1995),
            "Adventure|Children's|Fantasy",
        ),
        (
            2571,
            "Matrix, The (1999)",
            "The Matrix",
            Some(1999),
            "Action|Sci-Fi|Thriller",
        ),
        (
            260,
            "Star Wars: Episode IV - A New Hope (1977)",
            "Star Wars: Episode IV - A New Hope",
            Some(1977),
            "Action|Adventure|Fantasy|Sci-Fi",
        ),
        (
            29,
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            "The City of Lost Children (Cité des enfants perdus, La)",
            Some(1995),
            "Adventure|Sci-Fi",
        ),
        (100, "Untitled Project", "Untitled Project", None, "Drama"),
        (
            101,
            "Space Movie (2001)",
            "Space Movie",
            Some(2001),
            "Sci-Fi",
        ),
        (
            102,
            "No Genre Movie (1990)",
            "No Genre Movie",
            Some(1990),
            "-",
        ),
        (103, "Mumble (2005)", "Mumble", Some(2005), "-"),
        (104, "Newer Movie (2015)", "Newer Movie", Some(2015), "-"),
        (
            105,
            "Café Society (2016)",
            "Café Society",
            Some(2016),
            "Comedy|Drama",
        ),
        (
            106,
            "1900 (Novecento) (1976)",
            "1900 (Novecento)",
            Some(1976),
            "Drama",
        ),
        (
            112,
            "Padded Title (1998)",
            "Padded Title",
            Some(1998),
            "Comedy|Drama",
        ),
        (
            113,
            "Dernier Métro, Le (Last Metro, The) (1980)",
            "Le Dernier Métro (Last Metro, The)",
            Some(1980),
            "Drama|Romance",
        ),
    ];
    let rows: Vec<(u32, &str, &str, Option<u16>, &str)> = rows
        .iter()
        .map(|(id, t, d, y, g)| (*id, *t, *d, *y, g.as_str()))
        .collect();
    assert_eq!(rows, want);
}

#[test]
fn surviving_ratings_in_file_order() {
    let c = Fixture::new().load();
    let r = &c.ratings;
    let rows: Vec<(u32, u32, u8, u32)> = (0..r.len())
        .map(|i| {
            (
                c.users.id[r.user[i] as usize],
                c.movies.id[r.movie[i] as usize],
                r.halves[i] / 2,
                r.ts[i],
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (1, 1, 5, 978_300_760),
            (2, 2571, 5, 978_400_000),
            (1, 2571, 4, 978_300_100),
            (3, 2571, 2, 978_300_000),
            (4, 260, 5, 978_300_001),
            (16, 1, 4, 300),
            (8, 105, 3, 0),
            (4_294_967_295, 104, 2, 4_294_967_295),
            (2, 1, 4, 978_298_413),
        ]
    );
}

#[test]
fn genres_are_compared_case_insensitively() {
    let movies = b"1::A (1999)::sci-fi|ACTION|film-noir|children's\n\
2::B (1999)::(No Genres Listed)\n\
3::C (1999)::|| Drama |\n\
4::D (1999)::Drama|Space Opera|drama\n";
    let c = load(&[(FileKind::Movies, &movies[..])]);
    let g: Vec<String> = c.movies.genres.iter().map(|&m| genres(m)).collect();
    assert_eq!(
        g,
        ["Action|Children's|Film-Noir|Sci-Fi", "-", "Drama", "Drama"]
    );
    assert_eq!(
        counts(&c.lineage.movies),
        "lines 4 blank 0 accepted 4 unknown_genre 1 no_genres 1"
    );
}

#[test]
fn the_first_of_duplicate_ids_wins() {
    let users = b"7::F::1::10::11111\n7::M::56::16::22222\n7::M::25::1::33333\n";
    let movies = b"7::First (1990)::Drama\n7::Second (1991)::Comedy\n";
    let c = load(&[
        (FileKind::Users, &users[..]),
        (FileKind::Movies, &movies[..]),
    ]);
    assert_eq!(c.users.zip, ["11111"]);
    assert_eq!(c.movies.title, ["First (1990)"]);
    let lines: Vec<(FileKind, u64)> = c.rejects.iter().map(|r| (r.file, r.line)).collect();
    assert_eq!(
        lines,
        [
            (FileKind::Users, 2),
            (FileKind::Users, 3),
            (FileKind::Movies, 2)
        ]
    );
    assert!(c
        .rejects
        .iter()
        .all(|r| r.reason == RejectReason::DuplicateId));
}

#[test]
fn chunking_does_not_change_the_fixture() {
    let f = Fixture::new();
    let whole = f.load();
    for (i, (kind, bytes)) in f.files().into_iter().enumerate() {
        // Every offset of the small files; of ratings (with its 80 kB line),
        // every offset near a line boundary and a spread in between.
        let mut offsets: Vec<usize> = if bytes.len() <= 4096 {
            (0..=bytes.len()).collect()
        } else {
            let mut v: Vec<usize> = (0..bytes.len()).step_by(509).collect();
            for (at, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
                v.extend(at.saturating_sub(3)..=(at + 3).min(bytes.len()));
            }
            v
        };
        offsets.push(bytes.len());
        for k in offsets {
            let cut: Vec<(FileKind, &[u8], Vec<usize>)> = f
                .files()
                .into_iter()
                .enumerate()
                .map(|(j, (kd, b))| (kd, b, if i == j { vec![k] } else { Vec::new() }))
                .collect();
            assert_same(&whole, &load_cut(&cut), &format!("{kind} split at {k}"));
        }
    }
}

#[test]
fn load_bytes_agrees_with_the_loader() {
    let f = Fixture::new();
    let whole = f.load();
    // Given in another order, with other names: recognised by content.
    let via_sniff = load_bytes(&[
        ("r", &f.ratings[..]),
        ("m", &f.movies[..]),
        ("u", &f.users[..]),
    ])
    .unwrap();
    assert_eq!(whole.users, via_sniff.users);
    assert_eq!(whole.movies, via_sniff.movies);
    assert_eq!(whole.ratings, via_sniff.ratings);
    assert_eq!(whole.rejects, via_sniff.rejects);
    for kind in FileKind::ALL {
        let (a, b) = (whole.lineage.file(kind), via_sniff.lineage.file(kind));
        assert_eq!(counts(a), counts(b));
        assert_eq!(a.bytes, b.bytes);
    }
}
