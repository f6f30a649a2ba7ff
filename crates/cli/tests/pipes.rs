//! Inputs that are pipes, not files: process substitution, `/dev/stdin`
//! and `-`. Each input is read exactly once, so a pipe loses nothing: the
//! report equals the one made from the same files on disk, lineage (bytes,
//! lines) included.

mod common;

use std::process::{Command, Stdio};

use common::{assert_json_eq, generate, read_json, report_json, TempDir};
use serde_json::Value;

/// Runs `bash -c SCRIPT` with `$M` the movielens binary and `$D` the data
/// folder; the script must write the report to `$J`. Returns it.
fn via_bash(tmp: &TempDir, script: &str) -> Value {
    let json = tmp.join(format!("pipe-{}.json", script.len()));
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("M", env!("CARGO_BIN_EXE_movielens"))
        .env("D", tmp.join("ml"))
        .env("J", &json)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{script}\nexit {:?}\n{stderr}",
        out.status
    );
    common::assert_no_panic(&stderr);
    read_json(&json)
}

fn setup(tag: &str) -> (TempDir, Value) {
    let tmp = TempDir::new(tag);
    let data = tmp.join("ml");
    // Enough data that every file is larger than the 64 KiB read to
    // recognise it (the users file too).
    generate(
        &data,
        &["--ratings", "600000", "--seed", "5", "--dirty", "--zip"],
    );
    let size = |n: &str| {
        std::fs::metadata(data.join(n))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    for n in ["users.dat", "movies.dat", "ratings.dat"] {
        assert!(size(n) > 70_000, "{n} is only {} bytes", size(n));
    }
    let on_disk = report_json(&[&data], &tmp.join("disk.json"), &[]);
    (tmp, on_disk)
}

/// File names differ (`63`, `stdin` for pipes); everything else must not.
fn without_names(mut v: Value) -> Value {
    if let Some(l) = v.get_mut("lineage").and_then(Value::as_object_mut) {
        for f in l.values_mut() {
            if let Some(f) = f.as_object_mut() {
                f.remove("file");
            }
        }
    }
    v
}

#[test]
fn process_substitution_reads_every_byte() {
    let (tmp, on_disk) = setup("procsub");
    let piped = via_bash(
        &tmp,
        r#"exec "$M" report <(cat "$D/users.dat") <(cat "$D/movies.dat") <(cat "$D/ratings.dat") --json "$J" --quiet"#,
    );
    assert_json_eq(
        &without_names(piped.clone()),
        &without_names(on_disk.clone()),
        "report from process substitution",
    );
    // The lineage counts every byte of every file.
    for kind in ["users", "movies", "ratings"] {
        let bytes = std::fs::metadata(tmp.join("ml").join(format!("{kind}.dat")))
            .map(|m| m.len())
            .unwrap_or(0);
        assert_eq!(piped["lineage"][kind]["bytes"], bytes, "{kind}");
    }
    // Process substitution in another order: recognised from content.
    let shuffled = via_bash(
        &tmp,
        r#"exec "$M" report <(cat "$D/ratings.dat") <(cat "$D/users.dat") <(cat "$D/movies.dat") --json "$J" --quiet"#,
    );
    assert_json_eq(
        &without_names(shuffled),
        &without_names(on_disk),
        "shuffled process substitution",
    );
}

#[test]
fn ratings_on_standard_input() {
    let (tmp, on_disk) = setup("stdin");
    for script in [
        r#"cat "$D/ratings.dat" | exec "$M" report "$D/users.dat" "$D/movies.dat" /dev/stdin --json "$J" --quiet"#,
        r#"cat "$D/ratings.dat" | exec "$M" report "$D/users.dat" "$D/movies.dat" - --json "$J" --quiet"#,
    ] {
        let piped = via_bash(&tmp, script);
        assert_json_eq(
            &without_names(piped),
            &without_names(on_disk.clone()),
            script,
        );
    }
}

#[test]
fn zip_through_a_pipe() {
    let (tmp, _) = setup("zip-pipe");
    let zip = tmp.join("ml").join("ml-1m.zip");
    let from_file = report_json(&[&zip], &tmp.join("zip.json"), &[]);
    let piped = via_bash(
        &tmp,
        r#"cat "$D/ml-1m.zip" | exec "$M" report - --json "$J" --quiet"#,
    );
    assert_json_eq(&piped, &from_file, "zip on standard input");
    let piped = via_bash(
        &tmp,
        r#"exec "$M" report <(cat "$D/ml-1m.zip") --json "$J" --quiet"#,
    );
    assert_json_eq(&piped, &from_file, "zip through process substitution");
}
