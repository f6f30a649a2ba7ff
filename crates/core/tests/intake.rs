//! Smart intake: a whole folder or zip, side files included, loads the
//! three tables and lists what it ignored; the files of another release
//! (ML-100K, ML-10M, the CSV releases) are named as that release, never
//! as a missing users.dat nor by a side file. Fixtures are hand-written in
//! the shape of each release (never real MovieLens data).

use std::io::{Cursor, Write};

use movielens_core::load::archive::load_zip;
use movielens_core::load::release::Unneeded;
use movielens_core::load::{Load, Offered, Plan};
use movielens_core::model::{ReleaseKey, Schema};
use movielens_core::{Error, ErrorKind, FileKind};
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

const USERS: &[u8] = b"1::F::1::10::48067\n2::M::56::16::70072\n";
const MOVIES: &[u8] =
    b"1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n";
const RATINGS: &[u8] = b"1::1::5::978300760\n2::1::3::978300761\n2::2::4::978300762\n";
const README: &[u8] = b"SUMMARY\n================================================================================\n\nThese files contain 1,000,209 anonymous ratings...\n";
const DS_STORE: &[u8] = b"\0\0\0\x01Bud1\0\0\x10\0\0\0\x08\0\0\0\x10\0";

const U_USER: &[u8] = b"1|24|M|technician|85711\n2|53|F|other|94043\n";
const U_ITEM: &[u8] = b"1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n";
const U_INFO: &[u8] = b"943 users\n1682 items\n100000 ratings\n";

const RATINGS_10M: &[u8] = b"1::122::5::838985046\n1::185::4.5::838983525\n1::231::3.5::838983392\n1::292::2.5::838983421\n";
const WHOLE_10M: &[u8] = b"1::122::5::838985046\n1::185::5::838983525\n";
const TAGS_10M: &[u8] = b"15::4973::excellent!::1215184630\n20::1747::politics::1188263867\n";

const RATINGS_CSV: &[u8] =
    b"userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.0,964981247\n";
const MOVIES_CSV: &[u8] = b"movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n";
const LINKS_CSV: &[u8] = b"movieId,imdbId,tmdbId\n1,0114709,862\n";
const TAGS_CSV: &[u8] = b"userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n";

type Files<'a> = [(&'a str, &'a [u8])];

/// Offers every file as a folder would give them; a zip alone among
/// them is read instead.
fn offer_all(files: &Files) -> Result<(Load, Vec<&'static str>), Error> {
    let mut plan = Plan::new(files.len());
    for (i, (path, bytes)) in files.iter().enumerate() {
        let base = path.rsplit('/').next().unwrap();
        plan.offer(i, path, base, bytes)?;
    }
    let load = plan.start(|| 0.0)?;
    Ok((load, Vec::new()))
}

fn load_folder(files: &Files) -> Result<(movielens_core::Cleaned, Vec<String>), Error> {
    let (mut load, _) = offer_all(files)?;
    let ignored: Vec<String> = load.ignored().iter().map(|i| i.name.clone()).collect();
    while let Some((_, i)) = load.next_table() {
        load.feed_all(files[i].1);
    }
    Ok((load.finish(), ignored))
}

fn zip_of(entries: &Files) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, SimpleFileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A release missing one of its tables is named, with what to give.
#[test]
fn a_release_missing_a_table_is_named() {
    let e = load_folder(&[("ml-100k/u.data", U_DATA_1), ("ml-100k/u.item", U_ITEM)]).unwrap_err();
    match e.kind() {
        ErrorKind::OtherRelease(r) => assert_eq!(*r, movielens_core::vocab::Release::Ml100k),
        other => panic!("not a release message: {other:?} ({e})"),
    }
    let text = e.to_string();
    assert!(
        text.starts_with("This looks like MovieLens 100K (u.data"),
        "{text}"
    );
    assert!(text.contains("give all of its files"), "{text}");
}

#[test]
fn a_folder_with_side_files_loads_and_lists_them() {
    let folder: &Files = &[
        ("ml-1m/.DS_Store", DS_STORE),
        ("ml-1m/README", README),
        ("ml-1m/README.txt", README),
        ("ml-1m/links.csv", LINKS_CSV),
        ("ml-1m/movies.dat", MOVIES),
        ("ml-1m/ratings.dat", RATINGS),
        ("ml-1m/users.dat", USERS),
        ("ml-1m/expected-lineage.json", b"{\n  \"users\": {}\n}\n"),
        ("ml-1m/empty.txt", b""),
    ];
    let (cleaned, ignored) = load_folder(folder).unwrap();
    assert_eq!(
        (
            cleaned.users.len(),
            cleaned.movies.len(),
            cleaned.ratings.len()
        ),
        (2, 2, 3)
    );
    assert_eq!(
        ignored,
        [
            ".DS_Store",
            "README",
            "README.txt",
            "links.csv",
            "expected-lineage.json",
            "empty.txt"
        ]
    );
    assert_eq!(cleaned.lineage.users.name, "users.dat");
}

#[test]
fn offer_says_what_each_input_is() {
    let mut plan = Plan::new(4);
    let offered = [
        plan.offer(0, "README.txt", "README.txt", README).unwrap(),
        plan.offer(1, "ml-1m.zip", "ml-1m.zip", b"PK\x03\x04...")
            .unwrap(),
        plan.offer(2, "u", "u", USERS).unwrap(),
        plan.offer(3, "tags.csv", "tags.csv", TAGS_CSV).unwrap(),
    ];
    assert_eq!(
        offered,
        [
            Offered::Ignored,
            Offered::Zip,
            Offered::Table(FileKind::Users),
            Offered::Ignored
        ]
    );
    assert_eq!(plan.zip_alone(), None, "tables were given beside the zip");
    assert_eq!(plan.ignored()[1].why, Unneeded::NotATable);
}

#[test]
fn a_zip_beside_a_readme_is_read_alone_and_beside_the_tables_ignored() {
    let mut plan = Plan::new(2);
    plan.offer(0, "README.txt", "README.txt", README).unwrap();
    plan.offer(1, "ml-1m.zip", "ml-1m.zip", b"PK\x03\x04...")
        .unwrap();
    assert_eq!(plan.zip_alone(), Some(1));

    let (load, _) = offer_all(&[
        ("ml-1m.zip", b"PK\x03\x04..."),
        ("users.dat", USERS),
        ("movies.dat", MOVIES),
        ("ratings.dat", RATINGS),
    ])
    .unwrap();
    assert_eq!(load.ignored()[0].name, "ml-1m.zip");
    assert_eq!(load.ignored()[0].why, Unneeded::ZipBesideTables);
}

#[test]
fn a_broken_table_still_fails_and_is_named() {
    let e = load_folder(&[
        ("ml-1m/README", README),
        ("ml-1m/users.dat", DS_STORE),
        ("ml-1m/movies.dat", MOVIES),
        ("ml-1m/ratings.dat", RATINGS),
    ])
    .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Binary);
    assert_eq!(e.file(), Some("ml-1m/users.dat"));
}

#[test]
fn an_ml1m_folder_without_users_says_users_dat_is_missing() {
    let e = load_folder(&[
        ("ml-1m/README", README),
        ("ml-1m/movies.dat", MOVIES),
        ("ml-1m/ratings.dat", RATINGS),
    ])
    .unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Missing(FileKind::Users));
    assert!(!e.to_string().contains("README"), "{e}");
}

#[test]
fn one_file_that_is_not_a_table_gets_its_own_error() {
    let e = load_folder(&[("notes.txt", b"hello\nworld\n")]).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NotMovieLens);
    assert_eq!(e.file(), Some("notes.txt"));
    // Among other files, the side file is not the problem.
    let e = load_folder(&[("notes.txt", b"hello\n"), ("poster.png", b"\x89PNG\r\n")]).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Missing(FileKind::Users));
}

/// A load's release key, users, movies, accepted and rejected ratings.
fn outcome(c: &movielens_core::Cleaned) -> (ReleaseKey, usize, usize, usize, u64) {
    (
        c.schema.release,
        c.users.len(),
        c.movies.len(),
        c.ratings.len(),
        c.lineage.ratings.rejected_total(),
    )
}

const U_DATA_1: &[u8] = b"1\t1\t3\t881250949\n2\t1\t5\t891717742\n2\t9\t1\t878887116\n";

#[test]
fn ml_100k_loads_from_its_content_its_splits_ignored() {
    let folder: &Files = &[
        ("ml-100k/README", README),
        ("ml-100k/u.data", U_DATA_1),
        ("ml-100k/u.info", U_INFO),
        ("ml-100k/u.item", U_ITEM),
        ("ml-100k/u.user", U_USER),
        ("ml-100k/u1.base", U_DATA_1),
        ("ml-100k/ua.test", U_DATA_1),
        ("ml-100k/allbut.pl", b"#!/usr/local/bin/perl\n"),
    ];
    let (cleaned, ignored) = load_folder(folder).unwrap();
    // Movie 9 is not in u.item: one unknown_movie.
    assert_eq!(outcome(&cleaned), (ReleaseKey::Ml100k, 2, 1, 2, 1));
    assert_eq!(cleaned.schema, Schema::ML100K);
    // Ages in years become ML-1M's groups; occupations are coded by name.
    assert_eq!(cleaned.users.age, [18, 50]);
    assert_eq!(cleaned.users.occupation, [19, 13]);
    assert_eq!(cleaned.movies.genres, [0b1_1100]);
    assert_eq!(cleaned.ratings.halves, [6, 10]);
    assert_eq!(
        ignored,
        ["README", "u.info", "u1.base", "ua.test", "allbut.pl"]
    );
    // The splits are named as such (their ratings are u.data's).
    let (mut load, _) = offer_all(folder).unwrap();
    let why: Vec<Unneeded> = load.ignored().iter().map(|i| i.why).collect();
    assert_eq!(why[2], Unneeded::Split);
    while load.next_table().is_some() {}
    // Loose files without their folder, and under other names.
    let (cleaned, _) =
        load_folder(&[("data", U_DATA_1), ("user", U_USER), ("item", U_ITEM)]).unwrap();
    assert_eq!(outcome(&cleaned), (ReleaseKey::Ml100k, 2, 1, 2, 1));
}

const MOVIES_10M: &[u8] = b"122::Boomerang (1992)::Comedy|Romance\n185::Net, The (1995)::Action|Crime|Thriller\n231::Dumb & Dumber (1994)::Comedy\n292::Outbreak (1995)::Action|Drama|Sci-Fi|Thriller|IMAX\n";

#[test]
fn ml_10m_is_known_by_half_stars_or_tags_and_has_no_users_file() {
    let (cleaned, ignored) = load_folder(&[
        ("ratings.dat", RATINGS_10M),
        ("movies.dat", MOVIES_10M),
        ("tags.dat", TAGS_10M),
        ("README.html", b"<html><body>MovieLens 10M</body></html>\n"),
    ])
    .unwrap();
    assert_eq!(outcome(&cleaned), (ReleaseKey::Ml10m, 1, 4, 4, 0));
    assert_eq!(cleaned.ratings.halves, [10, 9, 7, 5]);
    assert!(!cleaned.schema.demographics);
    assert!(cleaned.lineage.users.absent());
    // IMAX is a genre of the release (bit 18).
    assert_eq!(cleaned.movies.genres[3] >> 18, 1);
    assert_eq!(ignored, ["tags.dat", "README.html"]);
    // Whole stars only (the early users): the tags tell.
    let (cleaned, _) = load_folder(&[
        ("ratings.dat", WHOLE_10M),
        ("movies.dat", MOVIES_10M),
        ("tags.dat", TAGS_10M),
    ])
    .unwrap();
    assert_eq!(outcome(&cleaned), (ReleaseKey::Ml10m, 1, 4, 2, 0));
    // Half stars alone, without tags.
    let (cleaned, _) =
        load_folder(&[("ratings.dat", RATINGS_10M), ("movies.dat", MOVIES_10M)]).unwrap();
    assert_eq!(outcome(&cleaned), (ReleaseKey::Ml10m, 1, 4, 4, 0));
    // Neither: ML-1M's files without users.dat, which ML-1M needs.
    let e = load_folder(&[("ratings.dat", WHOLE_10M), ("movies.dat", MOVIES_10M)]).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Missing(FileKind::Users));
}

#[test]
fn csv_releases_load_numbered_by_their_folder() {
    let files = |dir: &'static str| -> Vec<(String, &'static [u8])> {
        [
            ("README.txt", README),
            ("links.csv", LINKS_CSV),
            ("movies.csv", MOVIES_CSV),
            ("ratings.csv", RATINGS_CSV),
            ("tags.csv", TAGS_CSV),
        ]
        .into_iter()
        .map(|(n, b)| (format!("{dir}{n}"), b))
        .collect()
    };
    for (dir, release) in [
        ("ml-latest-small/", ReleaseKey::MlLatestSmall),
        ("ml-25m/", ReleaseKey::Ml25m),
        ("ml-32m/", ReleaseKey::Ml32m),
        // No name, and not the count of a fixed release.
        ("", ReleaseKey::Unknown),
    ] {
        let owned = files(dir);
        let folder: Vec<(&str, &[u8])> = owned.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        let (cleaned, ignored) = load_folder(&folder).unwrap();
        // Movie 3 is not in movies.csv.
        assert_eq!(outcome(&cleaned), (release, 1, 1, 1, 1), "{dir}");
        assert_eq!(cleaned.lineage.ratings.header, 1);
        assert_eq!(cleaned.ratings.halves, [8]);
        assert_eq!(ignored, ["README.txt", "links.csv", "tags.csv"]);
    }
}

#[test]
fn the_zips_grouplens_ships_load() {
    let ml1m = zip_of(&[
        ("ml-1m/", b""),
        ("ml-1m/README", README),
        ("ml-1m/.DS_Store", DS_STORE),
        ("ml-1m/users.dat", USERS),
        ("ml-1m/movies.dat", MOVIES),
        ("ml-1m/ratings.dat", RATINGS),
    ]);
    let (mut archive, mut load) =
        movielens_core::load::archive::Archive::open(Cursor::new(ml1m), "ml-1m.zip", || 0.0)
            .unwrap();
    let ignored: Vec<String> = load.ignored().iter().map(|i| i.name.clone()).collect();
    assert_eq!(ignored, ["ml-1m/README", "ml-1m/.DS_Store"]);
    while let Some(mut entry) = archive.next_entry(&mut load).unwrap() {
        while entry.step().unwrap().is_some() {}
    }
    assert_eq!(outcome(&load.finish()), (ReleaseKey::Ml1m, 2, 2, 3, 0));

    for (zip_name, entries, want) in [
        (
            "ml-100k.zip",
            zip_of(&[
                ("ml-100k/README", README),
                ("ml-100k/u.data", U_DATA_1),
                ("ml-100k/u.user", U_USER),
                ("ml-100k/u.item", U_ITEM),
                ("ml-100k/u1.test", U_DATA_1),
            ]),
            (ReleaseKey::Ml100k, 2, 1, 2, 1),
        ),
        (
            "ml-10m.zip",
            zip_of(&[
                ("ml-10M100K/ratings.dat", RATINGS_10M),
                ("ml-10M100K/movies.dat", MOVIES_10M),
                ("ml-10M100K/tags.dat", TAGS_10M),
            ]),
            (ReleaseKey::Ml10m, 1, 4, 4, 0),
        ),
        (
            "ml-latest-small.zip",
            zip_of(&[
                ("ml-latest-small/README.txt", README),
                ("ml-latest-small/ratings.csv", RATINGS_CSV),
                ("ml-latest-small/movies.csv", MOVIES_CSV),
                ("ml-latest-small/links.csv", LINKS_CSV),
            ]),
            (ReleaseKey::MlLatestSmall, 1, 1, 1, 1),
        ),
    ] {
        let cleaned = load_zip(Cursor::new(entries), zip_name, || 0.0).unwrap();
        assert_eq!(outcome(&cleaned), want, "{zip_name}");
    }
}
