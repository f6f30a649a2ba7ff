//! A flood of rejects through the real binary: the same 256 ratings
//! repeated 10,000 times (2.56 M lines, 51 MB). It used to keep every
//! reject with its own text (hundreds of MB here; 6 GB and an abort on the
//! 1.95 GB file of issue 11). Now the counts are exact and the peak memory
//! stays small. Alone in its test binary, so that the peak memory of the
//! children is this run's.

mod common;

use common::{movielens, parse_csv, read_json, TempDir};

/// The largest resident set of any child process so far, in MB.
#[allow(
    unsafe_code,
    reason = "getrusage is the only way to read the children's peak memory"
)]
fn children_peak_mb() -> f64 {
    // SAFETY: a zeroed `rusage` is a valid value: it is a plain C struct of
    // integers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes the struct it is given, which lives
    // through the call.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage.ru_maxrss as f64 / 1024.0 // kilobytes on Linux
}

#[test]
fn repeated_ratings_keep_memory_small_and_counts_exact() {
    let tmp = TempDir::new("flood");
    let dir = tmp.join("ml");
    std::fs::create_dir_all(&dir).unwrap();
    let users: String = (1..=16)
        .map(|u| format!("{u}::M::25::1::12345\n"))
        .collect();
    let movies: String = (1..=16)
        .map(|m| format!("{m}::Movie {m} (1999)::Drama\n"))
        .collect();
    let mut block = String::new();
    for u in 1..=16 {
        for m in 1..=16 {
            block.push_str(&format!("{u}::{m}::{}::978300760\n", (u + m) % 5 + 1));
        }
    }
    let repeats = 10_000u64;
    std::fs::write(dir.join("users.dat"), users).unwrap();
    std::fs::write(dir.join("movies.dat"), movies).unwrap();
    std::fs::write(dir.join("ratings.dat"), block.repeat(repeats as usize)).unwrap();
    let json = tmp.join("report.json");
    let csv = tmp.join("rejects.csv");
    let before = children_peak_mb();
    let run = movielens([
        "report".as_ref(),
        dir.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
        "--rejects".as_ref(),
        csv.as_os_str(),
    ])
    .ok();
    let peak = children_peak_mb();
    eprintln!("peak resident memory of the report: {peak:.1} MB");
    assert!(before < 40.0, "an earlier child used {before:.0} MB");
    // The ratings file alone is 51 MB; what the run holds is the 2 M
    // provisional rows of the compaction floor (~35 MB) and the 1,000
    // rejects listed.
    assert!(peak < 100.0, "peak resident memory {peak:.0} MB");

    let lines = 256 * repeats;
    let r = read_json(&json);
    assert_eq!(r["lineage"]["ratings"]["lines"], lines);
    assert_eq!(r["lineage"]["ratings"]["accepted"], 256);
    assert_eq!(
        r["lineage"]["ratings"]["rejected"]["duplicate_rating"],
        lines - 256
    );
    assert_eq!(r["summary"]["rejected"], lines - 256);
    assert_eq!(r["summary"]["rejects_listed"], 1_000);
    let rows = parse_csv(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(rows.len(), 1 + 1_000 + 1);
    assert_eq!(rows[1][1], "1");
    assert_eq!(rows[1_000][1], "1000");
    assert_eq!(
        rows[1_001][3],
        "only the first 1,000 of 2,559,744 rows rejected for this reason are listed"
    );
    let summary = run.stdout_text();
    assert!(summary.contains("duplicate_rating 2,559,744"), "{summary}");
    assert!(
        summary.contains("--rejects lists the first 1,000 rows of each reason"),
        "{summary}"
    );
}
