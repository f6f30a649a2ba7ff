//! Helpers shared by the CLI's integration tests: running the real binary,
//! temporary folders, JSON comparison with readable failures, an RFC 4180
//! CSV reader and an independent recomputation of the report.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod oracle;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use serde_json::Value;

/// Prefix of every folder these tests make under the system temp dir.
const TEMP_PREFIX: &str = "movielens-cli-test-";

/// What a run of `movielens` returned.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Panics with the output unless the run exited 0.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "movielens failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout_text(),
            self.stderr
        );
        assert_no_panic(&self.stderr);
        self
    }
}

/// Runs the real binary with these arguments.
pub fn movielens<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out: Output = Command::new(env!("CARGO_BIN_EXE_movielens"))
        .args(args)
        .output()
        .expect("the movielens binary runs");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked"),
        "movielens panicked:\n{stderr}"
    );
}

/// A fresh folder under the system temp dir, removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static CLEANUP: Once = Once::new();
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        CLEANUP.call_once(remove_stale_dirs);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("{TEMP_PREFIX}{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir can be created");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Removes folders left by test processes that are gone (a shared fixture
/// kept in a static is never dropped when its tests are filtered out or
/// the run is interrupted). Only where `/proc` tells which processes live.
fn remove_stale_dirs() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// `movielens generate --out DIR ARGS...`, which must succeed.
pub fn generate(dir: &Path, args: &[&str]) {
    let mut all: Vec<&OsStr> = vec![OsStr::new("generate"), OsStr::new("--out"), dir.as_os_str()];
    all.extend(args.iter().map(OsStr::new));
    movielens(all).ok();
}

/// `movielens report INPUTS... --json FILE --quiet EXTRA...`, which must
/// succeed; returns the parsed JSON.
pub fn report_json(inputs: &[&Path], json: &Path, extra: &[&str]) -> Value {
    let mut all: Vec<&OsStr> = vec![OsStr::new("report")];
    all.extend(inputs.iter().map(|p| p.as_os_str()));
    all.extend([
        OsStr::new("--json"),
        json.as_os_str(),
        OsStr::new("--quiet"),
    ]);
    all.extend(extra.iter().map(OsStr::new));
    let run = movielens(all).ok();
    assert!(
        run.stdout.is_empty(),
        "--quiet printed: {}",
        run.stdout_text()
    );
    read_json(json)
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} can be read: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is JSON: {e}", path.display()))
}

/// Asserts two JSON values are equal, naming the first differing path.
pub fn assert_json_eq(actual: &Value, expected: &Value, what: &str) {
    if let Some(diff) = first_difference(actual, expected, "$") {
        panic!("{what}: {diff}");
    }
}

/// Asserts `actual` holds everything in `expected`: objects may have more
/// keys (the report has sections and fields beyond what the recomputation
/// covers), all else must be equal, arrays element by element.
pub fn assert_json_covers(actual: &Value, expected: &Value, what: &str) {
    if let Some(diff) = difference(actual, expected, "$", true) {
        panic!("{what}: {diff}");
    }
}

fn first_difference(a: &Value, e: &Value, path: &str) -> Option<String> {
    difference(a, e, path, false)
}

fn difference(a: &Value, e: &Value, path: &str, more_keys_ok: bool) -> Option<String> {
    match (a, e) {
        (Value::Object(am), Value::Object(em)) => {
            for k in em.keys() {
                if !am.contains_key(k) {
                    return Some(format!("{path}.{k} is missing"));
                }
            }
            for k in am.keys() {
                if !more_keys_ok && !em.contains_key(k) {
                    return Some(format!("{path}.{k} is unexpected: {}", am[k]));
                }
            }
            em.keys()
                .find_map(|k| difference(&am[k], &em[k], &format!("{path}.{k}"), more_keys_ok))
        }
        (Value::Array(av), Value::Array(ev)) => {
            let shared = av.iter().zip(ev).enumerate();
            for (i, (x, y)) in shared {
                if let Some(d) = difference(x, y, &format!("{path}[{i}]"), more_keys_ok) {
                    return Some(d);
                }
            }
            (av.len() != ev.len())
                .then(|| format!("{path} has {} elements, expected {}", av.len(), ev.len()))
        }
        _ => (a != e).then(|| format!("{path} is {a}, expected {e}")),
    }
}

/// Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line
/// breaks) into records of fields.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            '"' => panic!("a bare quote inside an unquoted CSV field: {field}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    assert!(!in_quotes, "the CSV ends inside a quoted field");
    if !at_field_start || !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// Asserts an object has these keys: the ones the report's spec requires
/// and the extras these tests rely on. More keys are fine: the report may
/// grow.
fn assert_keys(v: &Value, required: &[&str], relied_on: &[&str], what: &str) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {v}"));
    for k in required.iter().chain(relied_on) {
        assert!(obj.contains_key(*k), "{what} has no key {k:?}: {v}");
    }
}

/// Asserts a map (code → count and the like) has exactly these keys.
fn assert_exact_keys(v: &Value, keys: &[&str], what: &str) {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {v}"));
    let mut want: Vec<&str> = keys.to_vec();
    want.sort_unstable();
    let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
    got.sort_unstable();
    assert_eq!(got, want, "keys of {what}");
}

fn assert_count(v: &Value, what: &str) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what} is not a count: {v}"))
}

fn assert_mean(v: &Value, what: &str) {
    assert!(
        v.is_null() || v.as_f64().is_some_and(|m| (1.0..=5.0).contains(&m)),
        "{what} is not a mean of stars or null: {v}"
    );
}

fn assert_rows(v: &Value, required: &[&str], extras: &[&str], what: &str) -> Vec<Value> {
    let rows = v
        .as_array()
        .unwrap_or_else(|| panic!("{what} is not an array: {v}"))
        .clone();
    for (i, row) in rows.iter().enumerate() {
        assert_keys(row, required, extras, &format!("{what}[{i}]"));
    }
    rows
}

/// Checks the report's JSON has the specified shape:
/// `lineage.{users,movies,ratings}` with `lines`, `blank`, `accepted`,
/// `rejected` (code → count), `warnings` (code → count); `summary`;
/// `rating_histogram` "1".."5"; `by_gender`, `by_age`, `by_occupation`
/// ascending by key; `by_genre`; `by_month`; the two top lists;
/// `movies_with_min_ratings`; `gender_gap`.
///
/// Every key the spec names must be there with that exact name; maps of
/// codes (reasons, warnings, stars) must have exactly their codes. Keys
/// beyond the spec are allowed (the report grows); those these tests rely
/// on are checked too: `min_ratings`; per file `file`, `bytes`,
/// `rejected_total`; `summary.rejected`; `gender_gap[].ratings_f`,
/// `ratings_m`.
pub fn assert_report_shape(r: &Value) {
    assert_keys(
        r,
        &[
            "lineage",
            "summary",
            "rating_histogram",
            "by_gender",
            "by_age",
            "by_occupation",
            "by_genre",
            "by_month",
            "top_by_count",
            "top_by_mean",
            "movies_with_min_ratings",
            "gender_gap",
        ],
        &["min_ratings"],
        "the report",
    );
    assert_count(&r["min_ratings"], "min_ratings");
    assert_count(&r["movies_with_min_ratings"], "movies_with_min_ratings");

    assert_exact_keys(&r["lineage"], &["users", "movies", "ratings"], "lineage");
    let files: [(&str, &[&str], &[&str]); 3] = [
        ("users", &oracle::USER_REASONS, &oracle::USER_WARNINGS),
        ("movies", &oracle::MOVIE_REASONS, &oracle::MOVIE_WARNINGS),
        ("ratings", &oracle::RATING_REASONS, &oracle::RATING_WARNINGS),
    ];
    for (file, reasons, warnings) in files {
        let f = &r["lineage"][file];
        let what = format!("lineage.{file}");
        assert_keys(
            f,
            &["lines", "blank", "accepted", "rejected", "warnings"],
            &["file", "bytes", "rejected_total"],
            &what,
        );
        assert!(f["file"].is_string(), "{what}.file");
        for k in ["lines", "blank", "accepted", "bytes", "rejected_total"] {
            assert_count(&f[k], &format!("{what}.{k}"));
        }
        assert_exact_keys(&f["rejected"], reasons, &format!("{what}.rejected"));
        assert_exact_keys(&f["warnings"], warnings, &format!("{what}.warnings"));
        let rejected: u64 = f["rejected"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| assert_count(v, &format!("{what}.rejected.{k}")))
            .sum();
        for (k, v) in f["warnings"].as_object().unwrap() {
            assert_count(v, &format!("{what}.warnings.{k}"));
        }
        assert_eq!(f["rejected_total"], rejected, "{what}.rejected_total");
        assert_eq!(
            f["lines"],
            f["blank"].as_u64().unwrap() + f["accepted"].as_u64().unwrap() + rejected,
            "{what}: lines = blank + accepted + rejected"
        );
    }

    let s = &r["summary"];
    assert_keys(
        s,
        &[
            "users",
            "movies",
            "ratings",
            "rated_movies",
            "mean_rating",
            "first_ts",
            "last_ts",
        ],
        &["rejected"],
        "summary",
    );
    for k in ["users", "movies", "ratings", "rated_movies", "rejected"] {
        assert_count(&s[k], &format!("summary.{k}"));
    }
    assert_mean(&s["mean_rating"], "summary.mean_rating");
    for k in ["first_ts", "last_ts"] {
        assert!(s[k].is_null() || s[k].is_u64(), "summary.{k} is {}", s[k]);
    }

    assert_exact_keys(
        &r["rating_histogram"],
        &["1", "2", "3", "4", "5"],
        "rating_histogram",
    );
    for k in ["1", "2", "3", "4", "5"] {
        assert_count(&r["rating_histogram"][k], "rating_histogram");
    }

    let group_keys: [(&str, Vec<Value>); 3] = [
        ("by_gender", vec!["F".into(), "M".into()]),
        (
            "by_age",
            [1, 18, 25, 35, 45, 50, 56].map(Value::from).to_vec(),
        ),
        ("by_occupation", (0..=20).map(Value::from).collect()),
    ];
    for (name, keys) in group_keys {
        let rows = assert_rows(&r[name], &["key", "label", "ratings", "mean"], &[], name);
        let got: Vec<Value> = rows.iter().map(|g| g["key"].clone()).collect();
        assert_eq!(got, keys, "{name}: keys ascending");
        for (i, g) in rows.iter().enumerate() {
            assert!(g["label"].as_str().is_some_and(|l| !l.is_empty()));
            assert_count(&g["ratings"], &format!("{name}[{i}].ratings"));
            assert_mean(&g["mean"], &format!("{name}[{i}].mean"));
        }
    }

    let genres = assert_rows(
        &r["by_genre"],
        &["key", "movies", "ratings", "mean"],
        &[],
        "by_genre",
    );
    let names: Vec<&str> = genres.iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        oracle::GENRES,
        "by_genre: the 18 genres in seed order"
    );
    for (i, g) in genres.iter().enumerate() {
        assert_count(&g["movies"], &format!("by_genre[{i}].movies"));
        assert_count(&g["ratings"], &format!("by_genre[{i}].ratings"));
        assert_mean(&g["mean"], &format!("by_genre[{i}].mean"));
    }

    let months = assert_rows(&r["by_month"], &["key", "ratings", "mean"], &[], "by_month");
    for (i, m) in months.iter().enumerate() {
        let key = m["key"].as_str().expect("by_month key is a string");
        let b = key.as_bytes();
        assert!(
            b.len() == 7
                && b[4] == b'-'
                && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
                && (1..=12).contains(&key[5..].parse::<u32>().unwrap()),
            "by_month key {key} is not YYYY-MM"
        );
        assert!(assert_count(&m["ratings"], "by_month ratings") > 0);
        assert_mean(&m["mean"], &format!("by_month[{i}].mean"));
    }

    for list in ["top_by_count", "top_by_mean"] {
        let rows = assert_rows(
            &r[list],
            &["movie_id", "title", "ratings", "mean"],
            &[],
            list,
        );
        assert!(rows.len() <= 10, "{list} has at most 10 entries");
        for (i, m) in rows.iter().enumerate() {
            assert_count(&m["movie_id"], &format!("{list}[{i}].movie_id"));
            assert!(m["title"].is_string());
            assert!(assert_count(&m["ratings"], list) > 0);
            assert_mean(&m["mean"], &format!("{list}[{i}].mean"));
        }
    }
    let gaps = assert_rows(
        &r["gender_gap"],
        &["movie_id", "title", "mean_f", "mean_m", "diff"],
        &["ratings_f", "ratings_m"],
        "gender_gap",
    );
    assert!(gaps.len() <= 10);
    for g in &gaps {
        assert!(g["title"].is_string());
        for k in ["mean_f", "mean_m"] {
            assert!(g[k].is_f64(), "gender_gap {k} is {}", g[k]);
        }
        assert!(g["diff"].is_f64());
    }
}
