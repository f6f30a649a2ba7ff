//! `movielens export --parquet` and `movielens sql` as a user runs them:
//! the layout on disk, one clear message for a bad OUT, and no OUT (nor
//! staging folder) left behind when the export fails.

mod common;

use std::path::Path;

use common::{generate, movielens, TempDir};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn export_writes_the_layout() {
    let tmp = TempDir::new("export-layout");
    let data = tmp.join("data");
    generate(&data, &["--ratings", "5000", "--dirty"]);
    let out = tmp.join("deep/out");
    let run = movielens([
        "export".as_ref(),
        data.as_os_str(),
        "--parquet".as_ref(),
        out.as_os_str(),
    ])
    .ok();
    assert!(
        run.stdout_text().contains("5,000 ratings in"),
        "{}",
        run.stdout_text()
    );
    assert_eq!(
        names(&out),
        [
            "lineage.json",
            "movies.parquet",
            "ratings",
            "rejects.parquet",
            "users.parquet"
        ]
    );
    for year in names(&out.join("ratings")) {
        assert!(year.starts_with("year=") && year.len() == 9, "{year}");
        for month in names(&out.join("ratings").join(&year)) {
            assert!(month.starts_with("month=") && month.len() == 8, "{month}");
            assert_eq!(
                names(&out.join("ratings").join(&year).join(&month)),
                ["part-0.parquet"]
            );
        }
    }
    // Nothing else beside OUT: the staging folder became it.
    assert_eq!(names(&tmp.join("deep")), ["out"]);

    // An empty folder may be the target; a non-empty one is refused whole.
    let empty = tmp.join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    movielens([
        "export".as_ref(),
        data.as_os_str(),
        "--parquet".as_ref(),
        empty.as_os_str(),
    ])
    .ok();
    assert!(empty.join("ratings").is_dir());
    let again = movielens([
        "export".as_ref(),
        data.as_os_str(),
        "--parquet".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(again.code, Some(1));
    assert!(
        again.stderr.contains("already exists and is not empty"),
        "{}",
        again.stderr
    );
    assert_eq!(
        again.stderr.lines().count(),
        1,
        "one line: {}",
        again.stderr
    );
}

#[test]
fn a_bad_out_gives_one_line_and_leaves_nothing() {
    let tmp = TempDir::new("export-bad-out");
    let data = tmp.join("data");
    generate(&data, &["--ratings", "2000"]);
    let file = tmp.join("a-file");
    std::fs::write(&file, "x").expect("write");
    for (out, says) in [
        (file.clone(), "already exists and is not a folder"),
        (file.join("under-a-file"), "could not be created"),
    ] {
        let run = movielens([
            "export".as_ref(),
            data.as_os_str(),
            "--parquet".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains(says),
            "{}: {}",
            out.display(),
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    // Bad input: the error is the input's, and no OUT nor staging folder stays.
    let out = tmp.join("out");
    let run = movielens([
        "export".as_ref(),
        tmp.join("missing").as_os_str(),
        "--parquet".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("no such file or folder"),
        "{}",
        run.stderr
    );
    assert_eq!(names(tmp.path()), ["a-file", "data"]);
    // Without --parquet: a usage error.
    assert_eq!(
        movielens(["export".as_ref(), data.as_os_str()]).code,
        Some(2)
    );
}

#[test]
fn sql_prints_a_script_per_dialect() {
    let duck = movielens(["sql", "--dialect", "duckdb", "--path", "out's"])
        .ok()
        .stdout_text();
    assert!(
        duck.contains("read_parquet('out''s/ratings/*/*/*.parquet'"),
        "{duck}"
    );
    let spark = movielens(["sql", "--dialect", "spark", "--min-ratings", "7"])
        .ok()
        .stdout_text();
    assert!(spark.contains("OPTIONS (path 'ratings')"), "{spark}");
    assert!(spark.contains("HAVING COUNT(*) >= 7"), "{spark}");
    assert_eq!(
        spark
            .lines()
            .filter(|l| l.starts_with("-- report: "))
            .count(),
        15
    );
    let bad = movielens(["sql", "--dialect", "postgres"]);
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("wants duckdb or spark"),
        "{}",
        bad.stderr
    );
}
