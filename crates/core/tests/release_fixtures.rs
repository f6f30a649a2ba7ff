//! The hand-written release fixtures (tests/fixtures/releases, made by
//! make_fixtures.py there, no MovieLens data) hold what their
//! expected.json says, read by a plain parser: counts, distinct users,
//! the rating histogram, and ML-100K's split files partitioning u.data.
//! Readers of the releases test against these files; this keeps the files
//! and their expectations honest.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/releases")
        .join(name)
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Lines without their LF or CRLF end (and the file's line end).
fn lines(bytes: &[u8]) -> (Vec<String>, &'static str) {
    let crlf = bytes.windows(2).any(|w| w == b"\r\n");
    let text = String::from_utf8_lossy(bytes);
    let end = if crlf { "\r\n" } else { "\n" };
    assert!(text.ends_with(end));
    let body = &text[..text.len() - end.len()];
    (
        body.split(end).map(str::to_owned).collect(),
        if crlf { "CRLF" } else { "LF" },
    )
}

/// Stars written shortest: `4.0` → `4`, `3.5` → `3.5`.
fn shortest(stars: &str) -> String {
    stars.strip_suffix(".0").unwrap_or(stars).to_owned()
}

fn expected(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&read(dir, "expected.json")).unwrap()
}

/// (user, stars) of each rating line split on `sep`.
fn check(dir: &Path, ratings: &[String], sep: &str, movies: usize, tags: usize) {
    let want = expected(dir);
    let mut histogram: BTreeMap<String, u64> = BTreeMap::new();
    let mut users = BTreeSet::new();
    for line in ratings {
        let f: Vec<&str> = line.split(sep).collect();
        assert_eq!(f.len(), 4, "{line}");
        users.insert(f[0].to_owned());
        *histogram.entry(shortest(f[2])).or_default() += 1;
    }
    assert_eq!(want["ratings"], ratings.len());
    assert_eq!(want["users"], users.len());
    assert_eq!(want["movies"], movies);
    assert_eq!(want["tags"], tags);
    let got: serde_json::Value = serde_json::to_value(&histogram).unwrap();
    assert_eq!(want["rating_histogram"], got);
}

#[test]
fn csv_fixtures_hold_what_they_expect() {
    for name in ["ml-latest-small", "ml-25m-crlf"] {
        let dir = folder(name);
        let (ratings, end) = lines(&read(&dir, "ratings.csv"));
        assert_eq!(expected(&dir)["line_ends"], end);
        assert_eq!(ratings[0], "userId,movieId,rating,timestamp");
        let (movies, _) = lines(&read(&dir, "movies.csv"));
        assert_eq!(movies[0], "movieId,title,genres");
        assert!(movies.iter().any(|m| m.contains("\"\"")));
        assert!(movies.iter().any(|m| m.ends_with(",(no genres listed)")));
        let (tags, _) = lines(&read(&dir, "tags.csv"));
        assert_eq!(tags[0], "userId,movieId,tag,timestamp");
        check(&dir, &ratings[1..], ",", movies.len() - 1, tags.len() - 1);
    }
}

#[test]
fn ml10m_fixture_holds_what_it_expects() {
    let dir = folder("ml-10m");
    let (ratings, _) = lines(&read(&dir, "ratings.dat"));
    let (movies, _) = lines(&read(&dir, "movies.dat"));
    let (tags, _) = lines(&read(&dir, "tags.dat"));
    check(&dir, &ratings, "::", movies.len(), tags.len());
}

#[test]
fn ml100k_fixture_holds_what_it_expects_and_its_splits_partition_u_data() {
    let dir = folder("ml-100k");
    let (data, _) = lines(&read(&dir, "u.data"));
    let item = read(&dir, "u.item");
    assert!(
        std::str::from_utf8(&item).is_err(),
        "u.item has Latin-1 bytes"
    );
    let (items, _) = lines(&item);
    assert!(items.iter().all(|l| l.split('|').count() == 24));
    check(&dir, &data, "\t", items.len(), 0);
    let all: BTreeSet<&String> = data.iter().collect();
    let mut tested = BTreeMap::new();
    for k in 1..=5 {
        let (test, _) = lines(&read(&dir, &format!("u{k}.test")));
        let (base, _) = lines(&read(&dir, &format!("u{k}.base")));
        assert_eq!(test.len() + base.len(), data.len());
        let rows: BTreeSet<String> = test.iter().chain(&base).cloned().collect();
        assert_eq!(rows.iter().collect::<BTreeSet<_>>(), all);
        for t in test {
            *tested.entry(t).or_insert(0) += 1;
        }
    }
    assert_eq!(tested.len(), data.len());
    assert!(tested.values().all(|&n| n == 1));
    let (ua, _) = lines(&read(&dir, "ua.test"));
    let (ub, _) = lines(&read(&dir, "ub.test"));
    assert_eq!((ua.len(), ub.len()), (30, 30));
    assert!(ua.iter().all(|l| !ub.contains(l)));
}
