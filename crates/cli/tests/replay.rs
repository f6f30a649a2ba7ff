//! `movielens replay` on a small fixture whose windows were worked out by
//! hand: NDJSON lines, the summary line, file order's late events, sessions,
//! and clear usage errors for bad specs.

mod common;

use common::{movielens, TempDir};
use serde_json::{json, Value};

const USERS: &str = "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n";
const MOVIES: &str = "1::Toy Story (1995)::Animation|Children's|Comedy\n\
                      2::Jumanji (1995)::Adventure|Children's|Fantasy\n\
                      3::Heat (1995)::Action|Crime|Thriller\n";
/// Grouped by user, as MovieLens files are; 3599 and 3600 sit on each side
/// of an hour's end.
const RATINGS: &str = "1::1::5::1000\n1::2::3::4000\n2::1::4::2000\n2::3::2::3600\n\
                       3::2::5::3599\n3::3::1::7300\n";

fn fixture() -> TempDir {
    let dir = TempDir::new("replay");
    std::fs::write(dir.join("users.dat"), USERS).unwrap();
    std::fs::write(dir.join("movies.dat"), MOVIES).unwrap();
    std::fs::write(dir.join("ratings.dat"), RATINGS).unwrap();
    dir
}

/// The NDJSON lines of a replay to stdout.
fn replay(dir: &TempDir, args: &[&str]) -> Vec<Value> {
    let path = dir.path().to_str().unwrap();
    let mut all = vec!["replay", path, "--json", "-"];
    all.extend_from_slice(args);
    let run = movielens(&all).ok();
    run.stdout_text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn window(
    kind: &str,
    start: i64,
    end: i64,
    ratings: u64,
    mean: f64,
    users: u32,
    movies: u32,
) -> Value {
    json!({"kind": kind, "start": start, "end": end, "ratings": ratings, "mean": mean,
           "users": users, "movies": movies})
}

#[test]
fn tumbling_hours_in_time_order() {
    let dir = fixture();
    let lines = replay(&dir, &["--window", "tumbling:1h"]);
    assert_eq!(
        lines,
        [
            window("tumbling", 0, 3600, 3, 14.0 / 3.0, 3, 2),
            window("tumbling", 3600, 7200, 2, 2.5, 2, 2),
            window("tumbling", 7200, 10800, 1, 1.0, 1, 1),
            json!({"events": 6, "late": 0, "windows": 3, "watermark": 7300}),
        ]
    );
}

#[test]
fn file_order_makes_late_events() {
    let dir = fixture();
    let lines = replay(&dir, &["--window", "tumbling:3600", "--order", "file"]);
    assert_eq!(
        lines,
        [
            window("tumbling", 0, 3600, 1, 5.0, 1, 1),
            window("tumbling", 3600, 7200, 2, 2.5, 2, 2),
            window("tumbling", 7200, 10800, 1, 1.0, 1, 1),
            json!({"events": 6, "late": 2, "windows": 3, "watermark": 7300}),
        ]
    );
    // With an hour of lateness nothing is late, and [0, 3600) holds all.
    let lines = replay(
        &dir,
        &[
            "--window",
            "tumbling:1h",
            "--order",
            "file",
            "--lateness",
            "60m",
        ],
    );
    assert_eq!(lines[0], window("tumbling", 0, 3600, 3, 14.0 / 3.0, 3, 2));
    assert_eq!(
        lines[3],
        json!({"events": 6, "late": 0, "windows": 3, "watermark": 3700})
    );
}

#[test]
fn sessions_carry_the_user_id() {
    let dir = fixture();
    let lines = replay(&dir, &["--window", "session:30m"]);
    let s = |user: u32, start: i64, end: i64, ratings: u64, mean: f64, movies: u32| {
        let mut w = window("session", start, end, ratings, mean, 1, movies);
        w["user"] = json!(user);
        w
    };
    assert_eq!(
        lines,
        [
            s(1, 1000, 2800, 1, 5.0, 1),
            s(3, 3599, 5399, 1, 5.0, 1),
            s(2, 2000, 5400, 2, 3.0, 2),
            s(1, 4000, 5800, 1, 3.0, 1),
            s(3, 7300, 9100, 1, 1.0, 1),
            json!({"events": 6, "late": 0, "windows": 5, "watermark": 7300}),
        ]
    );
}

#[test]
fn sliding_windows_and_the_key_order() {
    let dir = fixture();
    let path = dir.path().to_str().unwrap();
    let run = movielens(["replay", path, "--window", "sliding:2h/1h", "--json", "-"]).ok();
    let text = run.stdout_text();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        r#"{"kind":"sliding","start":-3600,"end":3600,"ratings":3,"mean":4.666666666666667,"users":3,"movies":2}"#
    );
    assert_eq!(text.lines().count(), 5, "{text}");
    // The human summary goes to stderr when the NDJSON takes stdout.
    assert!(run.stderr.contains("late events: 0"), "{}", run.stderr);
}

#[test]
fn human_summary_without_json() {
    let dir = fixture();
    let path = dir.path().to_str().unwrap();
    let run = movielens(["replay", path, "--window", "tumbling:1h", "--order", "file"]).ok();
    let text = run.stdout_text();
    assert!(text.contains("6 events (file order)"), "{text}");
    assert!(text.contains("windows closed: 3"), "{text}");
    assert!(text.contains("late events: 2 (33.3 %)"), "{text}");
}

#[test]
fn bad_specs_are_one_clear_usage_error() {
    let dir = fixture();
    let path = dir.path().to_str().unwrap();
    for (args, says) in [
        (vec!["--window", "hopping:1h"], "unknown kind `hopping`"),
        (vec!["--window", "tumbling:0"], "must not be zero"),
        (vec!["--window", "tumbling:1y"], "not a duration"),
        (vec!["--window", "sliding:1h"], "SIZE/SLIDE"),
        (vec!["--window", "sliding:1h/2h"], "must not exceed"),
        (vec!["--window", "session"], "want tumbling:SIZE"),
        (
            vec!["--window", "tumbling:1h", "--lateness", "soon"],
            "--lateness",
        ),
        (
            vec!["--window", "tumbling:1h", "--order", "random"],
            "--order wants time or file",
        ),
        (vec![], "replay needs --window"),
    ] {
        let mut all = vec!["replay", path];
        all.extend(args.iter());
        let run = movielens(&all);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.matches("movielens: ").count(),
            2,
            "one error, then the help: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}
