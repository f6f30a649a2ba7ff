//! `movielens report --as-of WHEN` against the independent recomputation
//! (`common/oracle.rs`, which reads the .dat lines, applies the rules, keeps
//! the rows made before WHEN and de-duplicates them, latest before WHEN),
//! at instants between a re-rating's two events, at a tie, and before and
//! after everything; and a bad WHEN is a usage error.

mod common;

use std::fmt::Write as _;

use common::{assert_json_covers, generate, movielens, oracle, report_json, TempDir};

/// Appends re-ratings to the generated ratings.dat: for every 40th line
/// among the first 4,000, the same user and movie rated again one day
/// later, one day earlier, or at the same second. Returns the
/// (first, second) timestamps of the later ones.
fn add_rerates(data: &std::path::Path) -> Vec<(u32, u32)> {
    let path = data.join("ratings.dat");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut extra = String::new();
    let mut later = Vec::new();
    for (i, line) in text.lines().take(4000).step_by(40).enumerate() {
        let f: Vec<&str> = line.split("::").collect();
        let Some(ts) = f.get(3).and_then(|t| t.parse::<u32>().ok()) else {
            continue;
        };
        let ts2 = match i % 3 {
            0 => ts + 86_400,
            1 => ts - 86_400,
            _ => ts,
        };
        if i % 3 == 0 {
            later.push((ts, ts2));
        }
        let stars: u32 = f[2].parse().unwrap_or(1);
        writeln!(extra, "{}::{}::{}::{ts2}", f[0], f[1], stars % 5 + 1).unwrap();
    }
    std::fs::write(&path, text + &extra).unwrap();
    later
}

#[test]
fn as_of_reports_match_an_independent_recomputation() {
    let tmp = TempDir::new("asof");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "20000", "--seed", "9", "--dirty"]);
    let later = add_rerates(&data);
    let (a, b) = later[3];
    let plain = report_json(&[&data], &tmp.join("plain.json"), &["--min-ratings", "5"]);
    let (first, last) = (
        plain["summary"]["first_ts"].as_u64().unwrap() as u32,
        plain["summary"]["last_ts"].as_u64().unwrap() as u32,
    );
    let instants = [
        ("before everything", first),
        ("just after the first rating", first + 1),
        ("between a re-rating's two events", a + 43_200),
        ("at the re-rating", b),
        ("just after the re-rating", b + 1),
        ("at the first event", a),
        ("in the middle", first + (last - first) / 2),
        ("after everything", last + 1),
    ];
    let mut counts = Vec::new();
    for (what, t) in instants {
        let json = tmp.join(format!("asof-{t}.json"));
        let got = report_json(
            &[&data],
            &json,
            &["--min-ratings", "5", "--as-of", &t.to_string()],
        );
        let want = oracle::expected_at(&data, 5, Some(t));
        assert_json_covers(&got, &want.report, &format!("--as-of {t} ({what})"));
        let note = &got["as_of"];
        assert_eq!(note["unix"], t, "{what}");
        assert_eq!(note["ratings"], got["summary"]["ratings"], "{what}");
        assert_eq!(note["ratings_now"], plain["lineage"]["ratings"]["accepted"]);
        assert_eq!(
            got["lineage"], plain["lineage"],
            "{what}: the lineage describes the files"
        );
        counts.push(note["ratings"].as_u64().unwrap());
    }
    // The oracle is only as good as its cases: nothing, then something,
    // then everything.
    assert_eq!(counts[0], 0);
    assert!(counts[1] >= 1);
    assert_eq!(counts[7], plain["summary"]["ratings"].as_u64().unwrap());
    assert_eq!(
        report_json(
            &[&data],
            &tmp.join("after.json"),
            &["--min-ratings", "5", "--as-of", &(last + 1).to_string()]
        )["by_genre"],
        plain["by_genre"]
    );
    // Between the two events the first rating counts, with its own stars.
    let between = report_json(
        &[&data],
        &tmp.join("b.json"),
        &["--as-of", &(a + 43_200).to_string()],
    );
    let at = report_json(
        &[&data],
        &tmp.join("c.json"),
        &["--as-of", &(b + 1).to_string()],
    );
    assert!(between["as_of"]["superseded"].as_u64().unwrap() >= 1);
    assert_eq!(
        at["as_of"]["when"],
        movielens_core::time::format_instant(b + 1)
    );
}

#[test]
fn when_may_be_a_date_or_an_iso_instant() {
    let tmp = TempDir::new("asof-forms");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "3000", "--seed", "2"]);
    let by_seconds = report_json(&[&data], &tmp.join("s.json"), &["--as-of", "975628800"]);
    let by_date = report_json(&[&data], &tmp.join("d.json"), &["--as-of", "2000-12-01"]);
    let by_iso = report_json(
        &[&data],
        &tmp.join("i.json"),
        &["--as-of", "2000-12-01T00:00:00Z"],
    );
    assert_eq!(by_seconds["as_of"]["when"], "2000-12-01T00:00:00Z");
    assert_eq!(by_seconds, by_date);
    assert_eq!(by_seconds, by_iso);
    assert!(by_seconds["summary"]["ratings"].as_u64().unwrap() > 0);
}

#[test]
fn a_bad_when_is_one_usage_error() {
    let tmp = TempDir::new("asof-bad");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "300", "--seed", "2"]);
    for bad in [
        "yesterday",
        "2000-13-01",
        "2000-02-30",
        "2000-12-01T25:00:00Z",
        "-5",
        "99999999999",
        "",
    ] {
        let run = movielens([
            std::ffi::OsStr::new("report"),
            data.as_os_str(),
            std::ffi::OsStr::new("--as-of"),
            std::ffi::OsStr::new(bad),
        ]);
        assert_eq!(run.code, Some(2), "--as-of `{bad}`: {}", run.stderr);
        let lines: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.contains("--as-of"))
            .collect();
        assert!(
            lines.iter().any(|l| l.contains("wants Unix seconds")),
            "--as-of `{bad}`: {}",
            run.stderr
        );
        common::assert_no_panic(&run.stderr);
    }
}
