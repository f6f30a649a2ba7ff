//! Input made by a hostile or careless hand (issue 11): formulas in
//! rejected lines, a flood of rejects, a users file of another dataset.

mod common;

use std::path::{Path, PathBuf};

use common::{movielens, parse_csv, TempDir};

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(path, bytes).expect("file written");
    path.to_path_buf()
}

const USERS: &str = "1::F::1::10::48067\n2::M::56::16::70072\n";
const MOVIES: &str =
    "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n";

/// Characters a spreadsheet takes as the start of a formula (OWASP).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

#[test]
fn rejects_csv_neutralises_formulas() {
    let tmp = TempDir::new("formula");
    let dir = tmp.join("ml");
    write(&dir.join("users.dat"), USERS.as_bytes());
    write(&dir.join("movies.dat"), MOVIES.as_bytes());
    let hostile = [
        "=HYPERLINK(\"http://x\",\"y\")::1::5::978300760",
        "@SUM(1+1)::1::5::978300760",
        "+1::2::3::4::5",
        "-1::2::5::978300760",
        "\t=1+1",
        "1::1::=2+3::978300760",
    ];
    // Enough good lines that the file is recognised as ratings.
    let mut ratings: String = (1..=2)
        .flat_map(|u| (1..=2).map(move |m| format!("{u}::{m}::4::97830076{m}\n")))
        .collect();
    ratings.push_str("2::1::3::978300770\n2::2::3::978300770\n1::2::1::978300780\n");
    for h in hostile {
        ratings.push_str(h);
        ratings.push('\n');
    }
    write(&dir.join("ratings.dat"), ratings.as_bytes());
    let csv = tmp.join("rejects.csv");
    movielens([
        "report".as_ref(),
        dir.as_os_str(),
        "--quiet".as_ref(),
        "--rejects".as_ref(),
        csv.as_os_str(),
    ])
    .ok();
    let text = std::fs::read_to_string(&csv).expect("rejects CSV");
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 1 + hostile.len() + 3, "{text}");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(FORMULA_STARTS),
                "a cell starts a formula: {cell:?}\n{text}"
            );
        }
    }
    // Each raw line is kept, after the single quote that neutralises it.
    let raws: Vec<&str> = rows[1..].iter().map(|r| r[4].as_str()).collect();
    for h in hostile {
        let want = if h.starts_with(FORMULA_STARTS) {
            format!("'{h}")
        } else {
            h.to_owned()
        };
        assert!(raws.contains(&want.as_str()), "no {want:?} in {raws:?}");
    }
    // And in the file itself every such cell is quoted.
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")::1::5::978300760\""),
        "{text}"
    );
    assert!(text.contains(",\"'@SUM(1+1)::1::5::978300760\""), "{text}");
}

/// A users file of one data set with the ratings of another: the report
/// still runs (exit 0), but the referential-integrity expectation fails
/// with the counts and the summary opens with a warning.
#[test]
fn mixed_datasets_are_flagged() {
    let tmp = TempDir::new("mixed");
    let small = tmp.join("small");
    let large = tmp.join("large");
    common::generate(&small, &["--ratings", "20000", "--seed", "1"]);
    common::generate(&large, &["--ratings", "300000", "--seed", "1"]);
    let mixed = tmp.join("mixed");
    std::fs::create_dir_all(&mixed).unwrap();
    for (name, from) in [
        ("users.dat", &small),
        ("movies.dat", &large),
        ("ratings.dat", &large),
    ] {
        std::fs::copy(from.join(name), mixed.join(name)).unwrap();
    }
    let json = tmp.join("mixed.json");
    let run = movielens([
        "report".as_ref(),
        mixed.as_os_str(),
        "--json".as_ref(),
        json.as_os_str(),
    ])
    .ok();
    let r = common::read_json(&json);
    let unknown = r["lineage"]["ratings"]["rejected"]["unknown_user"]
        .as_u64()
        .unwrap();
    let records = 300_000;
    assert!(unknown > records / 2, "{unknown} of {records}");
    let known = r["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["expectation"]["rule"] == "known_users")
        .expect("a known_users expectation");
    assert_eq!(known["success"], false);
    assert_eq!(known["unexpected_count"], unknown);
    assert_eq!(known["element_count"], 300_000);
    assert_eq!(known["unexpected"].as_array().unwrap().len(), 20);
    let text = run.stdout_text();
    let head: Vec<&str> = text.lines().take(4).collect();
    let warning = head
        .iter()
        .find(|l| l.trim_start().starts_with("WARNING:"))
        .unwrap_or_else(|| panic!("no warning at the top:\n{text}"));
    assert!(
        warning.contains("name users that users.dat does not hold (unknown_user)"),
        "{warning}"
    );
    assert!(
        warning.contains(&movielens_core::numbers::thousands(unknown)),
        "{warning}"
    );
    // --quiet still says it, on stderr.
    let quiet = movielens(["report".as_ref(), mixed.as_os_str(), "--quiet".as_ref()]).ok();
    assert!(quiet.stdout.is_empty());
    assert!(
        quiet.stderr.starts_with("movielens: warning: "),
        "{}",
        quiet.stderr
    );
    // Files that belong together raise no warning.
    let fine = movielens(["report".as_ref(), large.as_os_str()]).ok();
    assert!(!fine.stdout_text().contains("WARNING"));
}

#[test]
fn help_after_any_command() {
    for cmd in ["generate", "report", "bench"] {
        for flag in ["--help", "-h"] {
            let run = movielens([cmd, flag]).ok();
            assert!(
                run.stdout_text()
                    .starts_with("movielens: MovieLens cleansing"),
                "{cmd} {flag}: {}",
                run.stdout_text()
            );
        }
    }
}
