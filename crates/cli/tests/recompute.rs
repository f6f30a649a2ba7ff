//! The report's numbers against an independent recomputation from the
//! generated `.dat` files (see `common/oracle.rs`), for a clean and a dirty
//! data set and several `--min-ratings`.

mod common;

use common::{assert_json_covers, generate, movielens, oracle, report_json, TempDir};
use serde_json::Value;

/// Reports `dir` with each `--min-ratings` and compares every number with
/// the recomputation.
fn check_against_oracle(dir: &TempDir, data: &std::path::Path, mins: &[u64]) -> Vec<Value> {
    let mut reports = Vec::new();
    for &min in mins {
        let json_path = dir.join(format!("report-{min}.json"));
        let min_arg = min.to_string();
        let got = report_json(&[data], &json_path, &["--min-ratings", &min_arg]);
        let want = oracle::expected(data, min);
        assert_json_covers(&got, &want.report, &format!("--min-ratings {min}"));
        reports.push(got);
    }
    reports
}

#[test]
fn clean_data_matches_an_independent_recomputation() {
    let tmp = TempDir::new("recompute-clean");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "30000", "--seed", "5"]);
    let reports = check_against_oracle(&tmp, &data, &[250, 40, 5, 1]);

    let r = &reports[0];
    assert_eq!(r["summary"]["ratings"], 30_000);
    assert_eq!(r["summary"]["users"], 181, "ML-1M's ~166 ratings per user");
    assert_eq!(r["summary"]["movies"], 3_883);
    assert_eq!(r["lineage"]["ratings"]["rejected_total"], 0);
    // The recomputation is only as good as what it is given: the lists it
    // checks must not be trivially empty.
    for (report, min) in reports.iter().zip([250u64, 40, 5, 1]) {
        let qualifying = report["movies_with_min_ratings"].as_u64().unwrap();
        let top = report["top_by_mean"].as_array().unwrap();
        assert_eq!(top.len() as u64, qualifying.min(10), "--min-ratings {min}");
        assert!(top.iter().all(|m| m["ratings"].as_u64().unwrap() >= min));
    }
    assert!(reports[1]["movies_with_min_ratings"].as_u64().unwrap() > 10);
    assert_eq!(reports[1]["gender_gap"].as_array().unwrap().len(), 10);
    // --min-ratings 1: every rated movie qualifies.
    assert_eq!(
        reports[3]["movies_with_min_ratings"],
        reports[3]["summary"]["rated_movies"]
    );
}

#[test]
fn dirty_data_matches_an_independent_recomputation() {
    let tmp = TempDir::new("recompute-dirty");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "30000", "--seed", "5", "--dirty"]);
    let reports = check_against_oracle(&tmp, &data, &[250, 40]);
    let lineage = &reports[0]["lineage"];
    for file in ["users", "movies", "ratings"] {
        assert!(
            lineage[file]["rejected_total"].as_u64().unwrap() > 0,
            "{file}: the dirty data has rejects"
        );
    }
    assert!(
        lineage["ratings"]["rejected"]["duplicate_rating"]
            .as_u64()
            .unwrap()
            >= 5
    );
}

#[test]
fn min_ratings_zero_ranks_only_rated_movies() {
    // A movie without ratings has no mean: `--min-ratings 0` acts as 1.
    let tmp = TempDir::new("recompute-min0");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "2000", "--seed", "9"]);
    let reports = check_against_oracle(&tmp, &data, &[0]);
    assert_eq!(
        reports[0]["movies_with_min_ratings"],
        reports[0]["summary"]["rated_movies"]
    );
    assert_eq!(reports[0]["min_ratings"], 0);
}

#[test]
fn min_ratings_must_be_a_whole_number() {
    let tmp = TempDir::new("recompute-minbad");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "2000", "--seed", "9"]);
    for bad in ["-1", "ten", "2.5", ""] {
        let run = movielens([
            "report".as_ref(),
            data.as_os_str(),
            "--min-ratings".as_ref(),
            bad.as_ref(),
        ]);
        assert_eq!(run.code, Some(2), "--min-ratings {bad:?}: {}", run.stderr);
        assert!(run.stderr.contains("--min-ratings"), "{}", run.stderr);
        common::assert_no_panic(&run.stderr);
    }
}
