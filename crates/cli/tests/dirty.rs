//! `--dirty` data: the lineage the generator promises, and the rejects CSV.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use common::{
    assert_json_eq, assert_no_panic, assert_report_shape, generate, movielens, oracle, parse_csv,
    read_json, report_json, TempDir,
};

const FILES: [&str; 3] = ["users", "movies", "ratings"];

#[test]
fn lineage_equals_expected_lineage_json() {
    let tmp = TempDir::new("dirty-lineage");
    for (seed, ratings) in [("1", "1000"), ("5", "30000"), ("77", "120000")] {
        let data = tmp.join(format!("seed-{seed}"));
        generate(&data, &["--dirty", "--seed", seed, "--ratings", ratings]);
        let r = report_json(&[&data], &tmp.join(format!("{seed}.json")), &[]);
        assert_report_shape(&r);
        let expected = read_json(&data.join("expected-lineage.json"));
        assert_json_eq(&r["lineage"], &expected, &format!("seed {seed}"));
        assert_eq!(
            r["summary"]["ratings"].as_u64().unwrap().to_string(),
            ratings
        );

        // Every fault the cleaner knows is in the data.
        for file in FILES {
            for (reason, n) in r["lineage"][file]["rejected"].as_object().unwrap() {
                if reason != "line_too_long" || file == "ratings" {
                    assert!(n.as_u64().unwrap() > 0, "seed {seed}: no {file} {reason}");
                }
            }
            assert!(r["lineage"][file]["blank"].as_u64().unwrap() > 0);
        }
    }
}

#[test]
fn zip_of_dirty_data_has_the_same_lineage() {
    let tmp = TempDir::new("dirty-zip");
    let data = tmp.join("ml");
    generate(
        &data,
        &["--dirty", "--zip", "--ratings", "20000", "--seed", "3"],
    );
    let folder = report_json(&[&data], &tmp.join("folder.json"), &[]);
    let zip = report_json(&[&data.join("ml-1m.zip")], &tmp.join("zip.json"), &[]);
    let mut expected = read_json(&data.join("expected-lineage.json"));
    for file in FILES {
        expected[file]["file"] = format!("ml-1m/{file}.dat").into();
    }
    assert_json_eq(&zip["lineage"], &expected, "zip lineage");
    let mut zip = zip;
    zip["lineage"] = folder["lineage"].clone();
    assert_json_eq(&zip, &folder, "zip vs folder");
}

/// Runs the report with `--rejects`, parses the CSV and checks it against
/// the lineage and against the recomputed list of rejects.
fn check_rejects(tmp: &TempDir, data: &Path) -> Vec<Vec<String>> {
    let csv_path = tmp.join("rejects.csv");
    let r = report_json(
        &[data],
        &tmp.join("report.json"),
        &["--rejects", csv_path.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(&csv_path).expect("the rejects CSV is UTF-8");
    let records = parse_csv(&text);
    assert_eq!(records[0], ["file", "line", "reason", "detail", "raw"]);
    let rows = &records[1..];
    for row in rows {
        assert_eq!(row.len(), 5, "a rejects row has 5 fields: {row:?}");
        assert!(!row[3].is_empty(), "a reject has a detail: {row:?}");
    }

    // One row per rejected line, with the lineage's reasons.
    let mut counted: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in rows {
        *counted.entry((row[0].clone(), row[2].clone())).or_default() += 1;
    }
    let mut from_lineage: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut total = 0;
    for file in FILES {
        for (reason, n) in r["lineage"][file]["rejected"].as_object().unwrap() {
            let n = n.as_u64().unwrap();
            total += n;
            if n > 0 {
                from_lineage.insert((format!("{file}.dat"), reason.clone()), n);
            }
        }
    }
    assert_eq!(counted, from_lineage, "rejects CSV rows by file and reason");
    assert_eq!(rows.len() as u64, total);
    assert_eq!(r["summary"]["rejected"], total);

    // The very rows, in file and line order, with the raw lines.
    let want = oracle::expected(data, 250).rejects;
    let got: Vec<oracle::Reject> = rows
        .iter()
        .map(|row| oracle::Reject {
            file: oracle::FILE_NAMES
                .iter()
                .position(|n| *n == row[0])
                .unwrap_or_else(|| panic!("unknown file {}", row[0])),
            line: row[1].parse().expect("line is a number"),
            reason: oracle::RATING_REASONS
                .iter()
                .chain(&oracle::USER_REASONS)
                .chain(&oracle::MOVIE_REASONS)
                .copied()
                .find(|r| *r == row[2])
                .unwrap_or_else(|| panic!("unknown reason {}", row[2])),
            raw: row[4].clone(),
        })
        .collect();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        // A raw line a spreadsheet would run as a formula is written with a
        // leading single quote.
        let mut w = w.clone();
        if w.raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            w.raw.insert(0, '\'');
        }
        assert_eq!(*g, w, "rejects CSV row");
    }

    // `--rejects -` writes the same CSV to stdout.
    let run = movielens([
        "report".as_ref(),
        data.as_os_str(),
        "--rejects".as_ref(),
        "-".as_ref(),
        "--quiet".as_ref(),
    ])
    .ok();
    assert_eq!(run.stdout_text(), text);
    records
}

#[test]
fn rejects_csv_has_one_row_per_rejected_line() {
    let tmp = TempDir::new("dirty-rejects");
    let data = tmp.join("ml");
    generate(&data, &["--dirty", "--ratings", "30000", "--seed", "5"]);
    let records = check_rejects(&tmp, &data);
    // The detail of a wrong field count has a comma: quoted fields occur.
    assert!(records.iter().any(|r| r[3].contains(',')));
    assert!(records
        .iter()
        .any(|r| r[2] == "line_too_long" && r[4].len() == 4096));
}

#[test]
fn rejects_csv_quotes_commas_quotes_and_odd_bytes() {
    let tmp = TempDir::new("dirty-quotes");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "3000", "--seed", "11"]);
    let append = |name: &str, bytes: &[u8]| {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join(name))
            .unwrap();
        f.write_all(bytes).unwrap();
    };
    append(
        "users.dat",
        b"70000::F::25::7::\"12,345\"::x\n 70001::\"M\"::25::7::1\n70002::F::25::7::, \n",
    );
    append(
        "movies.dat",
        b"99001::He said \"hi\", twice (1999)::Drama::Extra\n\
          99002::\"\"\"\" (1999)::Drama|x::y\n\
          99003::Caf\xE9, \"Le\"::Comedy::\n",
    );
    append(
        "ratings.dat",
        b"\"1\",\"2\",\"3\",\"4\"\n1::2::\",\"::978300760\n1::1::5::\"\r\n1,1::1::5::978300760  \r\n",
    );
    let records = check_rejects(&tmp, &data);
    let raws: Vec<&str> = records.iter().map(|r| r[4].as_str()).collect();
    for want in [
        "70000::F::25::7::\"12,345\"::x",
        "\"1\",\"2\",\"3\",\"4\"",
        "99003::Café, \"Le\"::Comedy::",
        "1,1::1::5::978300760  ",
    ] {
        assert!(raws.contains(&want), "no raw {want:?} in {raws:?}");
    }
}

#[test]
fn unwritable_rejects_file_is_an_error() {
    let tmp = TempDir::new("dirty-unwritable");
    let data = tmp.join("ml");
    generate(&data, &["--ratings", "1000"]);
    let target = tmp.join("no such folder").join("rejects.csv");
    let run = movielens([
        "report".as_ref(),
        data.as_os_str(),
        "--rejects".as_ref(),
        target.as_os_str(),
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_no_panic(&run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("rejects.csv"), "{}", run.stderr);
}
