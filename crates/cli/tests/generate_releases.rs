//! `movielens generate --release R`: the folder and the zip as GroupLens
//! lays them out, exact counts from the command line, clear refusals, and
//! ML-1M (the default) still the page's demo byte for byte.

mod common;

use std::io::Read;

use common::{generate, movielens, TempDir};
use movielens_core::demo::demo;

#[test]
fn a_csv_release_writes_its_folder_and_its_zip_with_the_same_bytes() {
    let dir = TempDir::new("gen-csv");
    let run = movielens([
        "generate",
        "--out",
        dir.path().to_str().unwrap(),
        "--release",
        "ml-latest-small",
        "--ratings",
        "5_000",
        "--users",
        "40",
        "--zip",
    ])
    .ok();
    assert_eq!(
        run.stdout_text(),
        format!(
            "wrote {}: 40 users, 9,742 movies, 5,000 ratings, 182 tags\n",
            dir.join("ml-latest-small").display()
        )
    );
    let ratings = std::fs::read_to_string(dir.join("ml-latest-small/ratings.csv")).unwrap();
    assert_eq!(ratings.lines().count(), 5_001);
    let zip = std::fs::File::open(dir.join("ml-latest-small.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ml-latest-small/",
            "ml-latest-small/README.txt",
            "ml-latest-small/links.csv",
            "ml-latest-small/movies.csv",
            "ml-latest-small/ratings.csv",
            "ml-latest-small/tags.csv",
        ]
    );
    for name in &names[1..] {
        let mut inflated = Vec::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated, std::fs::read(dir.join(name)).unwrap(), "{name}");
    }
}

#[test]
fn zip_only_and_crlf() {
    let dir = TempDir::new("gen-zip-only");
    generate(
        dir.path(),
        &[
            "--release",
            "ml-100k",
            "--zip-only",
            "--crlf",
            "--ratings",
            "2500",
        ],
    );
    assert!(!dir.join("ml-100k").exists());
    let zip = std::fs::File::open(dir.join("ml-100k.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(zip).unwrap();
    let mut data = String::new();
    archive
        .by_name("ml-100k/u.data")
        .unwrap()
        .read_to_string(&mut data)
        .unwrap();
    assert_eq!(data.matches("\r\n").count(), 2_500);
    assert_eq!(data.matches('\n').count(), 2_500);
}

#[test]
fn impossible_counts_and_unknown_releases_are_refused_saying_why() {
    let dir = TempDir::new("gen-refused");
    let out = dir.path().to_str().unwrap();
    let cases: [(&[&str], &str); 6] = [
        (&["--ratings", "25000000"], "at most 6,040 users"),
        (
            &["--release", "ml-25m", "--ratings", "1000", "--users", "100"],
            "at least 2,000 ratings",
        ),
        (
            &[
                "--release",
                "ml-32m",
                "--ratings",
                "1000",
                "--users",
                "10",
                "--movies",
                "5",
            ],
            "only 50 pairs",
        ),
        (
            &["--release", "ml-2m"],
            "not a release; one of ml-100k, ml-1m",
        ),
        (
            &["--release", "ml-25m", "--dirty"],
            "--dirty makes ML-1M data only",
        ),
        (&["--dirty", "--ratings", "500"], "at least 1,000 ratings"),
    ];
    for (args, why) in cases {
        let mut all = vec!["generate", "--out", out];
        all.extend_from_slice(args);
        let run = movielens(&all);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        let first = run.stderr.lines().next().unwrap_or_default();
        assert!(
            first.contains(why),
            "{args:?}: `{first}` should say `{why}`"
        );
    }
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn the_default_is_ml1m_and_still_the_page_demo() {
    let dir = TempDir::new("gen-default");
    generate(dir.path(), &[]);
    let files = demo();
    assert_eq!(
        std::fs::read(dir.join("ratings.dat")).unwrap(),
        files.ratings
    );
    assert_eq!(std::fs::read(dir.join("users.dat")).unwrap(), files.users);
    assert_eq!(std::fs::read(dir.join("movies.dat")).unwrap(), files.movies);
    assert!(dir.join("expected-lineage.json").exists());
}
