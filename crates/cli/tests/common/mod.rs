//! Helpers shared by the CLI's integration tests: running the real binary,
//! temporary folders, JSON comparison with readable failures, an RFC 4180
//! CSV reader and an independent recomputation of the report.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

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
        let path = std::env::temp_dir().join(format!(
            "{TEMP_PREFIX}{}-{tag}-{n}",
            std::process::id()
        ));
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
    all.extend([OsStr::new("--json"), json.as_os_str(), OsStr::new("--quiet")]);
    all.extend(extra.iter().map(OsStr::new));
    let run = movielens(all).ok();
    assert!(run.stdout.is_empty(), "--quiet printed: {}", run.stdout_text());
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

fn first_difference(a: &Value, e: &Value, path: &str) -> Option<String> {
    match (a, e) {
        (Value::Object(am), Value::Object(em)) => {
            for k in em.keys() {
                if !am.contains_key(k) {
                    return Some(format!("{path}.{k} is missing"));
                }
            }
            for k in am.keys() {
                if !em.contains_key(k) {
                    return Some(format!("{path}.{k} is unexpected: {}", am[k]));
                }
            }
            em.keys()
                .find_map(|k| first_difference(&am[k], &em[k], &format!("{path}.{k}")))
        }
        (Value::Array(av), Value::Array(ev)) => {
            let shared = av.iter().zip(ev).enumerate();
            for (i, (x, y)) in shared {
                if let Some(d) = first_difference(x, y, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (av.len() != ev.len()).then(|| {
                format!(
                    "{path} has {} elements, expected {}",
                    av.len(),
                    ev.len()
                )
            })
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
