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
