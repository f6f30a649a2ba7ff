//! The release generator (`demo::releases`): for every MovieLens release
//! shape, the files it writes are read back by a plain parser written
//! here from the formats' descriptions, and must hold exactly the counts
//! asked for, in the release's format to the byte (headers, separators,
//! quoting, star spelling, line ends), with the release's guarantees
//! (at least 20 ratings per user, timestamps within its period, each user
//! rating a movie once). Counts that cannot be met fail with a reason.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Cursor, Read};

use movielens_core::demo::releases::{
    write_release, Counts, MemoryOutput, Release, ReleaseConfig, ZipOutput,
};
use movielens_core::demo::{generate, DemoConfig};

/// A rating as read back: user, movie, stars in halves, time.
type Row = (u32, u32, u8, u32);

/// A release with ratings, users and movies asked for (`None`: default).
type Ask = (Release, Option<u64>, Option<u64>, Option<u64>);

fn config(release: Release, ratings: Option<u64>) -> ReleaseConfig {
    ReleaseConfig {
        ratings,
        ..ReleaseConfig::new(release)
    }
}

fn write(config: &ReleaseConfig) -> (Counts, MemoryOutput) {
    let mut out = MemoryOutput::default();
    let counts = write_release(config, &mut out).unwrap();
    (counts, out)
}

fn text<'a>(out: &'a MemoryOutput, path: &str) -> &'a str {
    let bytes = out.file(path).unwrap_or_else(|| panic!("{path} missing"));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Lines of a file that ends with LF, none with CR.
fn lines<'a>(out: &'a MemoryOutput, path: &str) -> Vec<&'a str> {
    let t = text(out, path);
    assert!(t.is_empty() || t.ends_with('\n'), "{path} ends without LF");
    assert!(!t.contains('\r'), "{path} has a CR");
    t.lines().collect()
}

/// Stars as the release spells them: `4.0`/`3.5` (CSV), `4`/`3.5`
/// (ML-10M), `4` (ML-100K).
fn half_stars(s: &str, csv: bool) -> u8 {
    let half = match s.split_once('.') {
        Some((whole, "5")) => whole.parse::<u8>().unwrap() * 2 + 1,
        Some((whole, "0")) if csv => whole.parse::<u8>().unwrap() * 2,
        None if !csv => s.parse::<u8>().unwrap() * 2,
        _ => panic!("rating `{s}` is not spelled as the release does"),
    };
    assert!((1..=10).contains(&half), "rating `{s}`");
    half
}

/// Splits a CSV line into fields (RFC 4180 quoting).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => fields.last_mut().unwrap().push(c),
        }
    }
    assert!(!quoted, "unbalanced quotes in {line}");
    fields
}

/// The ratings and movie ids of a release's files, read back plainly.
fn read_back(release: Release, out: &MemoryOutput) -> (Vec<Row>, BTreeSet<u32>) {
    let shape = release.shape();
    let folder = shape.folder;
    let number = |s: &str| s.parse::<u32>().unwrap_or_else(|_| panic!("`{s}`"));
    match release {
        Release::Ml100k => {
            let rows = lines(out, "ml-100k/u.data")
                .iter()
                .map(|l| {
                    let f: Vec<&str> = l.split('\t').collect();
                    assert_eq!(f.len(), 4, "{l}");
                    (
                        number(f[0]),
                        number(f[1]),
                        half_stars(f[2], false),
                        number(f[3]),
                    )
                })
                .collect();
            let item = out.file("ml-100k/u.item").unwrap();
            let movies = item
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let fields: Vec<&[u8]> = l.split(|&b| b == b'|').collect();
                    assert_eq!(fields.len(), 24);
                    number(std::str::from_utf8(fields[0]).unwrap())
                })
                .collect();
            (rows, movies)
        }
        Release::Ml1m | Release::Ml10m => {
            let ratings = lines(out, &format!("{folder}/ratings.dat"));
            let rows = ratings
                .iter()
                .map(|l| {
                    let f: Vec<&str> = l.split("::").collect();
                    assert_eq!(f.len(), 4, "{l}");
                    (
                        number(f[0]),
                        number(f[1]),
                        half_stars(f[2], false),
                        number(f[3]),
                    )
                })
                .collect();
            let movies = out
                .file(&format!("{folder}/movies.dat"))
                .unwrap()
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let l = String::from_utf8_lossy(l);
                    let f: Vec<&str> = l.split("::").collect();
                    assert_eq!(f.len(), 3, "{l}");
                    number(f[0])
                })
                .collect();
            (rows, movies)
        }
        _ => {
            let ratings = lines(out, &format!("{folder}/ratings.csv"));
            assert_eq!(ratings[0], "userId,movieId,rating,timestamp");
            let rows = ratings[1..]
                .iter()
                .map(|l| {
                    let f: Vec<&str> = l.split(',').collect();
                    assert_eq!(f.len(), 4, "{l}");
                    (
                        number(f[0]),
                        number(f[1]),
                        half_stars(f[2], true),
                        number(f[3]),
                    )
                })
                .collect();
            let movies = lines(out, &format!("{folder}/movies.csv"));
            assert_eq!(movies[0], "movieId,title,genres");
            let movies = movies[1..]
                .iter()
                .map(|l| {
                    let f = csv_fields(l);
                    assert_eq!(f.len(), 3, "{l}");
                    number(&f[0])
                })
                .collect();
            (rows, movies)
        }
    }
}

/// Everything a release promises, checked on its files.
fn assert_release(config: &ReleaseConfig, counts: &Counts, out: &MemoryOutput) {
    let release = config.release;
    let shape = release.shape();
    let (rows, movies) = read_back(release, out);
    assert_eq!(rows.len() as u64, counts.ratings, "{release:?} ratings");
    assert_eq!(movies.len() as u64, counts.movies, "{release:?} movies");
    let mut per_user: BTreeMap<u32, u64> = BTreeMap::new();
    let mut pairs = HashSet::new();
    for &(user, movie, half, ts) in &rows {
        *per_user.entry(user).or_default() += 1;
        assert!(pairs.insert((user, movie)), "{user} rates {movie} twice");
        assert!(
            movies.contains(&movie),
            "movie {movie} not in the movies file"
        );
        assert!((shape.first_ts..=shape.last_ts).contains(&ts), "time {ts}");
        if !shape.half_stars || ts < 1_045_526_400 {
            assert_eq!(half % 2, 0, "half star {half} in a whole-star time");
        }
    }
    assert_eq!(per_user.len() as u64, counts.users, "{release:?} users");
    let floor = shape.min_per_user.min(counts.ratings / counts.users);
    assert!(
        per_user.values().all(|&n| n >= floor),
        "a user below {floor}"
    );
    match release {
        // u.data is in random order.
        Release::Ml100k => {}
        // ML-1M's ratings are grouped by user (the page's demo, unchanged).
        Release::Ml1m => assert!(rows.windows(2).all(|w| w[0].0 <= w[1].0)),
        // Sorted by user, then movie, as the releases are.
        _ => {
            let keys: Vec<(u32, u32)> = rows.iter().map(|r| (r.0, r.1)).collect();
            assert!(
                keys.windows(2).all(|w| w[0] < w[1]),
                "{release:?} not sorted"
            );
        }
    }
}

#[test]
fn every_release_makes_exactly_the_counts_asked_for() {
    let cases: &[Ask] = &[
        (Release::Ml100k, Some(5_000), None, None),
        (Release::Ml100k, Some(4_321), Some(50), Some(300)),
        (Release::Ml1m, Some(7_777), None, None),
        (Release::Ml10m, Some(20_011), None, None),
        (Release::Ml10m, Some(1_234), Some(60), Some(25)),
        (Release::Ml20m, Some(30_000), None, None),
        (Release::Ml25m, Some(12_345), Some(100), None),
        (Release::Ml32m, Some(40_003), None, Some(2_000)),
        (Release::MlLatestSmall, Some(3_000), None, None),
        (Release::MlLatest, Some(9_999), Some(5_000), None),
        // Every pair taken: each user rates every movie.
        (Release::Ml25m, Some(600), Some(20), Some(30)),
        (Release::MlLatest, Some(1), Some(1), Some(1)),
    ];
    for &(release, ratings, users, movies) in cases {
        let config = ReleaseConfig {
            users,
            movies,
            ..config(release, ratings)
        };
        let (counts, out) = write(&config);
        assert_eq!(Some(counts.ratings), ratings);
        if let Some(u) = users {
            assert_eq!(counts.users, u);
        }
        if let Some(m) = movies {
            assert_eq!(counts.movies, m);
        }
        assert_release(&config, &counts, &out);
    }
}

#[test]
fn small_releases_have_their_real_counts_by_default() {
    for (release, ratings, users, movies) in [
        (Release::Ml100k, 100_000, 943, 1682),
        (Release::MlLatestSmall, 100_836, 610, 9_742),
    ] {
        let config = ReleaseConfig::new(release);
        let (counts, out) = write(&config);
        assert_eq!(
            (counts.ratings, counts.users, counts.movies),
            (ratings, users, movies)
        );
        assert_release(&config, &counts, &out);
    }
}

#[test]
fn large_releases_default_to_their_readmes_counts() {
    let expect = [
        (Release::Ml100k, 100_000, 943, 1_682, 0),
        (Release::Ml1m, 1_000_209, 6_040, 3_883, 0),
        (Release::Ml10m, 10_000_054, 69_878, 10_681, 95_580),
        (Release::Ml20m, 20_000_263, 138_493, 27_278, 465_564),
        (Release::Ml25m, 25_000_095, 162_541, 62_423, 1_093_360),
        (Release::Ml32m, 32_000_204, 200_948, 87_585, 2_000_072),
        (Release::MlLatestSmall, 100_836, 610, 9_742, 3_683),
        (Release::MlLatest, 33_832_162, 330_975, 86_537, 2_328_315),
    ];
    for (release, ratings, users, movies, tags) in expect {
        let c = ReleaseConfig::new(release).resolve().unwrap();
        assert_eq!(
            (c.ratings, c.users, c.movies, c.tags),
            (ratings, users, movies, tags),
            "{release:?}"
        );
        assert_eq!(Release::from_name(release.name()), Some(release));
    }
}

#[test]
fn impossible_counts_fail_saying_why() {
    let cases: &[(Ask, &str)] = &[
        ((Release::Ml1m, Some(25_000_000), None, None), "14,067,160"),
        ((Release::Ml1m, Some(0), None, None), "at least one rating"),
        ((Release::Ml25m, Some(0), None, None), "at least one rating"),
        (
            (Release::Ml25m, Some(1_000), Some(10), Some(5)),
            "only 50 pairs",
        ),
        (
            (Release::Ml100k, Some(100_000), Some(10), None),
            "10 users × 1,682 movies",
        ),
        (
            (Release::Ml32m, Some(1_000), Some(100), None),
            "at least 2,000 ratings",
        ),
        ((Release::Ml10m, None, Some(0), None), "at least one user"),
    ];
    for &((release, ratings, users, movies), why) in cases {
        let config = ReleaseConfig {
            users,
            movies,
            ..config(release, ratings)
        };
        let err = config.resolve().unwrap_err().to_string();
        assert!(err.contains(why), "{release:?}: `{err}` should say `{why}`");
        assert!(err.starts_with(release.name()), "{err}");
        let mut out = MemoryOutput::default();
        assert!(write_release(&config, &mut out).is_err());
        assert!(out.files.is_empty(), "nothing is written when counts fail");
    }
    // ml-latest promises one rating per user, not 20.
    let ok = ReleaseConfig {
        users: Some(100),
        ..config(Release::MlLatest, Some(100))
    };
    assert_eq!(ok.resolve().unwrap().users, 100);
    let tags = ReleaseConfig {
        tags: Some(5),
        ..config(Release::Ml100k, None)
    };
    assert!(tags.resolve().unwrap_err().to_string().contains("no tags"));
}

#[test]
fn ml1m_through_the_release_writer_is_the_demo_generator() {
    let (_, out) = write(&config(Release::Ml1m, Some(5_000)));
    let files = generate(&DemoConfig {
        ratings: 5_000,
        seed: 1,
        dirty: false,
    });
    assert_eq!(out.file("ml-1m/ratings.dat").unwrap(), &files.ratings[..]);
    assert_eq!(out.file("ml-1m/users.dat").unwrap(), &files.users[..]);
    assert_eq!(out.file("ml-1m/movies.dat").unwrap(), &files.movies[..]);
}

#[test]
fn csv_files_follow_the_real_format() {
    let (counts, out) = write(&config(Release::Ml25m, Some(200_000)));
    let movies = lines(&out, "ml-25m/movies.csv");
    let mut genres = BTreeSet::new();
    let (mut quoted, mut doubled) = (0, 0);
    for line in &movies[1..] {
        let f = csv_fields(line);
        quoted += usize::from(line.contains(",\""));
        doubled += usize::from(line.contains("\"\""));
        // Quoted exactly when the title holds a comma or a quote.
        assert_eq!(line.contains(",\""), f[1].contains([',', '"']), "{line}");
        if f[2] == "(no genres listed)" {
            genres.insert(f[2].clone());
        } else {
            genres.extend(f[2].split('|').map(str::to_owned));
        }
    }
    assert!(
        quoted > 100 && doubled > 0,
        "{quoted} quoted, {doubled} doubled"
    );
    for g in [
        "(no genres listed)",
        "IMAX",
        "Children",
        "Film-Noir",
        "Sci-Fi",
    ] {
        assert!(genres.contains(g), "no {g}");
    }
    assert!(!genres.contains("Children's"));
    let links = lines(&out, "ml-25m/links.csv");
    assert_eq!(links[0], "movieId,imdbId,tmdbId");
    assert_eq!(links.len() as u64, counts.movies + 1);
    assert!(links[1..]
        .iter()
        .all(|l| l.split(',').nth(1).unwrap().len() >= 7));
    let tags = lines(&out, "ml-25m/tags.csv");
    assert_eq!(tags[0], "userId,movieId,tag,timestamp");
    assert_eq!(tags.len() as u64, counts.tags + 1);
    assert!(tags.iter().any(|l| l.contains("\"funny, but long\"")));
    assert!(tags[1..].iter().all(|l| csv_fields(l).len() == 4));
    let ratings = text(&out, "ml-25m/ratings.csv");
    for spelled in [",4.0,", ",3.5,", ",0.5,", ",5.0,"] {
        assert!(ratings.contains(spelled), "no {spelled}");
    }
    assert!(text(&out, "ml-25m/README.txt").contains("SYNTHETIC"));
}

#[test]
fn ml10m_files_follow_the_real_format() {
    let (counts, out) = write(&config(Release::Ml10m, Some(100_000)));
    assert!(out.file("ml-10M100K/users.dat").is_none());
    let ratings = text(&out, "ml-10M100K/ratings.dat");
    assert!(ratings.contains("::3.5::") && ratings.contains("::4::"));
    assert!(!ratings.contains(".0::"));
    let tags = lines(&out, "ml-10M100K/tags.dat");
    assert_eq!(tags.len() as u64, counts.tags);
    assert!(tags.iter().all(|l| l.split("::").count() == 4));
    let movies = lines(&out, "ml-10M100K/movies.dat");
    assert!(movies.iter().all(|l| l.split("::").count() == 3));
    assert!(movies
        .iter()
        .all(|l| l.contains(" (1") || l.contains(" (2")));
}

#[test]
fn ml100k_has_its_files_and_splits() {
    let (counts, out) = write(&ReleaseConfig::new(Release::Ml100k));
    let data = lines(&out, "ml-100k/u.data");
    let all: BTreeSet<&str> = data.iter().copied().collect();
    assert_eq!(all.len(), 100_000);
    // Five folds: each rating in exactly one test set; base = the rest.
    let mut tested: BTreeMap<&str, u32> = BTreeMap::new();
    for k in 1..=5 {
        let test = lines(&out, &format!("ml-100k/u{k}.test"));
        let base = lines(&out, &format!("ml-100k/u{k}.base"));
        assert_eq!(test.len(), 20_000);
        assert_eq!(test.len() + base.len(), 100_000);
        let base: BTreeSet<&str> = base.into_iter().collect();
        for line in &test {
            *tested.entry(line).or_default() += 1;
            assert!(!base.contains(line));
        }
    }
    assert_eq!(tested.len(), 100_000);
    assert!(tested.values().all(|&n| n == 1));
    assert!(tested.keys().all(|l| all.contains(l)));
    // ua, ub: ten per user in each test set, disjoint.
    let mut test_sets = Vec::new();
    for name in ["ua", "ub"] {
        let test = lines(&out, &format!("ml-100k/{name}.test"));
        let base = lines(&out, &format!("ml-100k/{name}.base"));
        assert_eq!(test.len() + base.len(), 100_000);
        let mut per_user: BTreeMap<&str, u32> = BTreeMap::new();
        for l in &test {
            *per_user.entry(l.split('\t').next().unwrap()).or_default() += 1;
        }
        assert_eq!(per_user.len(), 943);
        assert!(per_user.values().all(|&n| n == 10));
        test_sets.push(test.into_iter().collect::<BTreeSet<_>>());
    }
    assert!(test_sets[0].is_disjoint(&test_sets[1]));
    // u.user: ages as numbers, occupations by name from u.occupation.
    let occupations = lines(&out, "ml-100k/u.occupation");
    assert_eq!(occupations.len(), 21);
    let users = lines(&out, "ml-100k/u.user");
    assert_eq!(users.len() as u64, counts.users);
    for l in &users {
        let f: Vec<&str> = l.split('|').collect();
        assert_eq!(f.len(), 5, "{l}");
        assert!((7..=73).contains(&f[1].parse::<u32>().unwrap()));
        assert!(f[2] == "M" || f[2] == "F");
        assert!(occupations.contains(&f[3]), "{l}");
    }
    // u.item: Latin-1 bytes in some titles, 19 flags, `unknown` first.
    let item = out.file("ml-100k/u.item").unwrap();
    assert!(std::str::from_utf8(item).is_err(), "no Latin-1 title");
    let genre = lines(&out, "ml-100k/u.genre");
    assert_eq!(genre[0], "unknown|0");
    assert_eq!(genre[4], "Children's|4");
    assert_eq!(genre[18], "Western|18");
    assert_eq!(
        text(&out, "ml-100k/u.info"),
        "943 users\n1682 items\n100000 ratings\n"
    );
}

#[test]
fn crlf_is_the_same_files_with_crlf_line_ends() {
    for release in [Release::Ml100k, Release::Ml10m, Release::MlLatestSmall] {
        let lf = write(&config(release, Some(3_000))).1;
        let crlf = write(&ReleaseConfig {
            crlf: true,
            ..config(release, Some(3_000))
        })
        .1;
        assert_eq!(lf.files.len(), crlf.files.len());
        for ((path, a), (path_b, b)) in lf.files.iter().zip(&crlf.files) {
            assert_eq!(path, path_b);
            let lines = a.iter().filter(|&&c| c == b'\n').count();
            assert_eq!(b.len(), a.len() + lines, "{path}");
            let stripped: Vec<u8> = b.iter().copied().filter(|&c| c != b'\r').collect();
            assert_eq!(&stripped, a, "{path}");
            assert!(b
                .windows(2)
                .filter(|w| w[1] == b'\n')
                .all(|w| w[0] == b'\r'));
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let a = write(&config(Release::Ml20m, Some(5_000))).1;
    let b = write(&config(Release::Ml20m, Some(5_000))).1;
    let c = write(&ReleaseConfig {
        seed: 2,
        ..config(Release::Ml20m, Some(5_000))
    })
    .1;
    assert_eq!(a.files, b.files);
    assert_ne!(a.file("ml-20m/ratings.csv"), c.file("ml-20m/ratings.csv"));
}

#[test]
fn the_zip_is_laid_out_as_grouplens_ships_it() {
    for (release, names) in [
        (
            Release::Ml32m,
            &[
                "ml-32m/",
                "ml-32m/links.csv",
                "ml-32m/movies.csv",
                "ml-32m/ratings.csv",
                "ml-32m/README.txt",
                "ml-32m/tags.csv",
            ][..],
        ),
        (
            Release::Ml10m,
            &[
                "ml-10M100K/",
                "ml-10M100K/movies.dat",
                "ml-10M100K/ratings.dat",
                "ml-10M100K/README.html",
                "ml-10M100K/tags.dat",
            ][..],
        ),
    ] {
        let config = config(release, Some(4_000));
        let mut zip = ZipOutput::new(Cursor::new(Vec::new()), false);
        write_release(&config, &mut zip).unwrap();
        let bytes = zip.close().unwrap().into_inner();
        let memory = write(&config).1;
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let got: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got_sorted, want);
        for (path, bytes) in &memory.files {
            let mut entry = archive.by_name(path).unwrap();
            let mut inflated = Vec::new();
            entry.read_to_end(&mut inflated).unwrap();
            assert_eq!(&inflated, bytes, "{path}");
        }
    }
}
