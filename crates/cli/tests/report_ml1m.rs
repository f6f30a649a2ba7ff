//! `movielens report` on a generated data set of ML-1M's size (1,000,209
//! ratings), read as a folder, as `ml-1m.zip` and as three loose files.

mod common;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use std::sync::OnceLock;

use common::{
    assert_json_covers, assert_json_eq, assert_report_shape, generate, movielens, oracle,
    read_json, report_json, TempDir,
};
use serde_json::Value;

/// The big data set, generated once for this test binary, and its report
/// read as a folder with the default `--min-ratings`.
struct Big {
    tmp: TempDir,
    data: PathBuf,
    report: Value,
}

/// Tests that call [`big`]: the last of them to finish removes the data.
/// (If some are filtered out, the folder stays until the next run, which
/// removes folders of finished test processes.)
const TESTS_USING_BIG: usize = 7;
static BIG: OnceLock<Big> = OnceLock::new();
static BIG_LEFT: AtomicUsize = AtomicUsize::new(TESTS_USING_BIG);

struct Lease(&'static Big);

impl std::ops::Deref for Lease {
    type Target = Big;
    fn deref(&self) -> &Big {
        self.0
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if BIG_LEFT.fetch_sub(1, AtomicOrdering::SeqCst) == 1 {
            let _ = std::fs::remove_dir_all(self.0.tmp.path());
        }
    }
}

fn big() -> Lease {
    Lease(BIG.get_or_init(|| {
        let tmp = TempDir::new("ml1m");
        let data = tmp.join("ml-1m");
        generate(&data, &["--zip"]);
        let report = report_json(&[&data], &tmp.join("folder.json"), &[]);
        Big { tmp, data, report }
    }))
}

fn count(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

fn float(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn sum_of(rows: &Value, key: &str) -> u64 {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| count(&r[key]))
        .sum()
}

/// The report with the lineage's file names replaced by `names`.
fn with_file_names(report: &Value, names: [&str; 3]) -> Value {
    let mut r = report.clone();
    for (file, name) in ["users", "movies", "ratings"].into_iter().zip(names) {
        r["lineage"][file]["file"] = name.into();
    }
    r
}

fn file_names(report: &Value) -> Vec<&str> {
    ["users", "movies", "ratings"]
        .map(|f| report["lineage"][f]["file"].as_str().unwrap())
        .to_vec()
}

/// Checks a top list is ordered by `cmp` (which must say Less for a pair in
/// order) and that `mean` is a whole number of stars over `ratings`.
fn assert_ordered(list: &[Value], what: &str, cmp: impl Fn(&Value, &Value) -> Ordering) {
    for pair in list.windows(2) {
        assert_eq!(
            cmp(&pair[0], &pair[1]),
            Ordering::Less,
            "{what} out of order: {} then {}",
            pair[0],
            pair[1]
        );
    }
}

fn assert_means_are_fractions(list: &[Value], what: &str) {
    for m in list {
        let (mean, n) = (float(&m["mean"]), count(&m["ratings"]) as f64);
        let stars = mean * n;
        assert!(
            (stars - stars.round()).abs() < 1e-6 && stars.round() / n == mean,
            "{what}: mean {mean} is not whole stars over {n} ratings"
        );
    }
}

#[test]
fn folder_report_has_the_specified_shape_and_numbers() {
    let big = big();
    let r = &big.report;
    assert_report_shape(r);

    let s = &r["summary"];
    assert_eq!(s["users"], 6040);
    assert_eq!(s["movies"], 3883);
    assert_eq!(s["ratings"], 1_000_209);
    assert_eq!(s["rejected"], 0);
    let ratings = 1_000_209u64;
    let rated = count(&s["rated_movies"]);
    assert!(rated > 3_000 && rated <= 3883, "rated_movies {rated}");
    assert!(count(&s["first_ts"]) <= count(&s["last_ts"]));

    // The lineage: every line accepted, exactly as the generator says.
    let expected = read_json(&big.data.join("expected-lineage.json"));
    assert_json_eq(&r["lineage"], &expected, "lineage vs expected-lineage.json");
    for (file, n) in [("users", 6040), ("movies", 3883), ("ratings", ratings)] {
        let f = &r["lineage"][file];
        assert_eq!(f["lines"], n, "{file} lines");
        assert_eq!(f["accepted"], n, "{file} accepted");
        assert_eq!(f["blank"], 0, "{file} blank");
        assert_eq!(f["rejected_total"], 0, "{file} rejected");
        let size = std::fs::metadata(big.data.join(format!("{file}.dat")))
            .unwrap()
            .len();
        assert_eq!(f["bytes"], size, "{file} bytes");
    }

    // The histogram sums to the ratings, and gives the mean exactly.
    let h = &r["rating_histogram"];
    let hist: Vec<u64> = (1..=5).map(|k| count(&h[k.to_string()])).collect();
    assert_eq!(hist.iter().sum::<u64>(), ratings);
    let stars: u64 = hist.iter().zip(1..).map(|(n, k)| n * k).sum();
    assert_eq!(float(&s["mean_rating"]), stars as f64 / ratings as f64);

    for group in ["by_gender", "by_age", "by_occupation"] {
        assert_eq!(
            sum_of(&r[group], "ratings"),
            ratings,
            "{group} sums to ratings"
        );
        // The means, weighted by the counts, give back the total stars.
        let weighted: f64 = r[group]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| count(&g["ratings"]) > 0)
            .map(|g| float(&g["mean"]) * count(&g["ratings"]) as f64)
            .sum();
        assert!(
            (weighted - stars as f64).abs() < 1e-3,
            "{group}: {weighted} stars"
        );
    }

    // Genres: a rating counts once per genre of its movie.
    let genre_ratings = sum_of(&r["by_genre"], "ratings");
    assert!(genre_ratings >= ratings, "by_genre counts {genre_ratings}");
    assert!(
        sum_of(&r["by_genre"], "movies") >= 3883,
        "every movie has a genre"
    );
    for g in r["by_genre"].as_array().unwrap() {
        assert!(count(&g["ratings"]) > 0, "every genre is rated: {g}");
    }

    // Months ascend and sum to the ratings.
    let months = r["by_month"].as_array().unwrap();
    let keys: Vec<&str> = months.iter().map(|m| m["key"].as_str().unwrap()).collect();
    assert!(
        keys.windows(2).all(|k| k[0] < k[1]),
        "months ascend: {keys:?}"
    );
    assert_eq!(sum_of(&r["by_month"], "ratings"), ratings);
    assert_eq!(keys.first(), Some(&"2000-04"), "ML-1M starts in April 2000");
    assert!(
        keys.last().unwrap() <= &"2003-02",
        "ML-1M ends by February 2003"
    );

    // Most rated: ratings descending, then movie id ascending.
    let by_count = r["top_by_count"].as_array().unwrap();
    assert_eq!(by_count.len(), 10);
    assert_ordered(by_count, "top_by_count", |a, b| {
        count(&b["ratings"])
            .cmp(&count(&a["ratings"]))
            .then(count(&a["movie_id"]).cmp(&count(&b["movie_id"])))
    });
    assert_means_are_fractions(by_count, "top_by_count");

    // Highest mean among movies with at least 250 ratings.
    assert_eq!(r["min_ratings"], 250);
    let qualifying = count(&r["movies_with_min_ratings"]);
    assert!((10..=rated).contains(&qualifying), "{qualifying} qualify");
    assert!(count(&by_count[9]["ratings"]) >= 250);
    let by_mean = r["top_by_mean"].as_array().unwrap();
    assert_eq!(by_mean.len(), 10);
    assert!(by_mean.iter().all(|m| count(&m["ratings"]) >= 250));
    assert_ordered(by_mean, "top_by_mean", |a, b| {
        float(&b["mean"])
            .total_cmp(&float(&a["mean"]))
            .then(count(&b["ratings"]).cmp(&count(&a["ratings"])))
            .then(count(&a["movie_id"]).cmp(&count(&b["movie_id"])))
    });
    assert_means_are_fractions(by_mean, "top_by_mean");
    // The best mean of a list that includes all movies of the top by count.
    let best_mean = float(&by_mean[0]["mean"]);
    assert!(by_count.iter().all(|m| float(&m["mean"]) <= best_mean));

    // Gender gap: diff = mean_f - mean_m, descending.
    let gaps = r["gender_gap"].as_array().unwrap();
    assert_eq!(gaps.len(), 10);
    for g in gaps {
        assert_eq!(float(&g["diff"]), float(&g["mean_f"]) - float(&g["mean_m"]));
        assert!(count(&g["ratings_f"]) + count(&g["ratings_m"]) >= 250);
        assert!(count(&g["ratings_f"]) > 0 && count(&g["ratings_m"]) > 0);
    }
    assert_ordered(gaps, "gender_gap", |a, b| {
        float(&b["diff"])
            .total_cmp(&float(&a["diff"]))
            .then(count(&a["movie_id"]).cmp(&count(&b["movie_id"])))
    });
    assert!(
        float(&gaps[0]["diff"]) > 0.0,
        "some movie women rate higher"
    );
}

#[test]
fn folder_report_equals_an_independent_recomputation() {
    let big = big();
    let want = oracle::expected(&big.data, 250);
    assert_json_covers(&big.report, &want.report, "ML-1M-sized report");
}

#[test]
fn zip_report_equals_folder_report_except_file_names() {
    let big = big();
    let tmp = TempDir::new("zip");
    let zip = big.data.join("ml-1m.zip");
    let from_zip = report_json(&[&zip], &tmp.join("zip.json"), &[]);
    assert_report_shape(&from_zip);
    assert_eq!(
        file_names(&from_zip),
        ["ml-1m/users.dat", "ml-1m/movies.dat", "ml-1m/ratings.dat"]
    );
    assert_eq!(
        file_names(&big.report),
        ["users.dat", "movies.dat", "ratings.dat"]
    );
    let renamed = with_file_names(&from_zip, ["users.dat", "movies.dat", "ratings.dat"]);
    assert_json_eq(&renamed, &big.report, "zip report vs folder report");

    // A folder holding only the zip reads the zip.
    let only_zip = tmp.join("only-zip");
    std::fs::create_dir(&only_zip).unwrap();
    std::fs::copy(&zip, only_zip.join("ml-1m.zip")).unwrap();
    let via_folder = report_json(&[&only_zip], &tmp.join("only-zip.json"), &[]);
    assert_json_eq(&via_folder, &from_zip, "folder holding only the zip");
}

/// Links (or copies) a file of the big data set into `dir` as `name`.
fn place(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    if std::fs::hard_link(from, &to).is_err() {
        std::fs::copy(from, &to).unwrap();
    }
    to
}

#[test]
fn three_dat_files_in_any_order_from_a_renamed_folder() {
    let big = big();
    let tmp = TempDir::new("loose");
    let renamed = tmp.join("somewhere else");
    std::fs::create_dir(&renamed).unwrap();
    let [users, movies, ratings] =
        ["users.dat", "movies.dat", "ratings.dat"].map(|n| place(&big.data.join(n), &renamed, n));
    let got = report_json(&[&ratings, &users, &movies], &tmp.join("a.json"), &[]);
    assert_json_eq(&got, &big.report, "ratings, users, movies");
    let got = report_json(&[&movies, &ratings, &users], &tmp.join("b.json"), &[]);
    assert_json_eq(&got, &big.report, "movies, ratings, users");

    // Other names: the tables are told apart by their content.
    let other = tmp.join("other names");
    std::fs::create_dir(&other).unwrap();
    let [u, m, r] = [
        ("users.dat", "a.txt"),
        ("movies.dat", "b"),
        ("ratings.dat", "c.data"),
    ]
    .map(|(from, to)| place(&big.data.join(from), &other, to));
    let got = report_json(&[&r, &m, &u], &tmp.join("c.json"), &[]);
    assert_eq!(file_names(&got), ["a.txt", "b", "c.data"]);
    let renamed = with_file_names(&got, ["users.dat", "movies.dat", "ratings.dat"]);
    assert_json_eq(&renamed, &big.report, "files with other names");
}

#[test]
fn min_ratings_changes_only_the_ranked_lists() {
    let big = big();
    let tmp = TempDir::new("min");
    let mut previous: Option<u64> = None;
    for min in [1u64, 100, 250, 1000, 3000, 1_000_000_000] {
        let arg = min.to_string();
        let r = report_json(
            &[&big.data],
            &tmp.join(format!("{min}.json")),
            &["--min-ratings", &arg],
        );
        assert_report_shape(&r);
        assert_eq!(r["min_ratings"], min);
        let qualifying = count(&r["movies_with_min_ratings"]);
        if let Some(p) = previous {
            assert!(
                qualifying <= p,
                "fewer movies qualify at {min}: {qualifying} > {p}"
            );
        }
        previous = Some(qualifying);
        if min == 1 {
            assert_eq!(qualifying, count(&r["summary"]["rated_movies"]));
        }
        if min == 1_000_000_000 {
            assert_eq!(qualifying, 0);
        }
        let by_mean = r["top_by_mean"].as_array().unwrap();
        assert_eq!(
            by_mean.len() as u64,
            qualifying.min(10),
            "--min-ratings {min}"
        );
        assert!(by_mean.iter().all(|m| count(&m["ratings"]) >= min));
        let gaps = r["gender_gap"].as_array().unwrap();
        assert!(gaps.len() as u64 <= qualifying.min(10));
        assert!(gaps
            .iter()
            .all(|g| count(&g["ratings_f"]) + count(&g["ratings_m"]) >= min));

        // The rest of the specified report is as with the default.
        for k in [
            "lineage",
            "summary",
            "rating_histogram",
            "by_gender",
            "by_age",
            "by_occupation",
            "by_genre",
            "by_month",
            "top_by_count",
        ] {
            assert_json_eq(
                &r[k],
                &big.report[k],
                &format!("{k} with --min-ratings {min}"),
            );
        }
        if min == 250 {
            assert_json_eq(&r, &big.report, "--min-ratings 250 is the default");
        }
        if min == 100 {
            assert_ne!(r["top_by_mean"], big.report["top_by_mean"]);
            let best_100 = float(&by_mean[0]["mean"]);
            assert!(best_100 >= float(&big.report["top_by_mean"][0]["mean"]));
        }
    }
    // `--min-ratings=N` is the same option.
    let r = report_json(&[&big.data], &tmp.join("eq.json"), &["--min-ratings=1_000"]);
    assert_eq!(r["min_ratings"], 1000);
}

#[test]
fn json_dash_writes_the_json_to_stdout() {
    let big = big();
    let data = big.data.as_os_str();
    let run = movielens([
        "report".as_ref(),
        data,
        "--json".as_ref(),
        "-".as_ref(),
        "--quiet".as_ref(),
    ])
    .ok();
    let got: Value = serde_json::from_slice(&run.stdout).expect("stdout is JSON");
    assert_json_eq(&got, &big.report, "--json - --quiet");
    assert_eq!(run.stderr, "");

    // Without --quiet the human summary goes to stderr, keeping stdout JSON.
    let run = movielens(["report".as_ref(), data, "--json".as_ref(), "-".as_ref()]).ok();
    let got: Value = serde_json::from_slice(&run.stdout).expect("stdout is JSON");
    assert_json_eq(&got, &big.report, "--json -");
    assert!(run.stderr.contains("MovieLens report"), "{}", run.stderr);

    // Rejects to stdout: a clean data set has the header only.
    let tmp = TempDir::new("dash");
    let json = tmp.join("r.json");
    let run = movielens([
        "report".as_ref(),
        data,
        "--rejects".as_ref(),
        "-".as_ref(),
        "--json".as_ref(),
        json.as_os_str(),
    ])
    .ok();
    assert_eq!(run.stdout_text(), "file,line,reason,detail,raw\n");
    assert_json_eq(
        &read_json(&json),
        &big.report,
        "--json FILE with --rejects -",
    );
}

#[test]
fn human_summary_goes_to_stdout() {
    let big = big();
    let run = movielens(["report".as_ref(), big.data.as_os_str()]).ok();
    let text = run.stdout_text();
    assert_eq!(run.stderr, "");
    for want in [
        "MovieLens report",
        "6,040 users, 3,883 movies",
        "1,000,209 ratings",
        "Most rated",
        "Highest mean (at least 250 ratings",
    ] {
        assert!(text.contains(want), "summary lacks {want:?}:\n{text}");
    }
    let top = big.report["top_by_count"][0]["title"].as_str().unwrap();
    assert!(
        text.contains(top),
        "summary lacks the most rated movie {top}"
    );
}
