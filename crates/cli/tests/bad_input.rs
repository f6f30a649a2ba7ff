//! Bad input: `movielens report` exits 1 with one line on stderr naming the
//! file; a bad command line exits 2 with the usage. Nothing panics.

mod common;

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{assert_no_panic, generate, movielens, Run, TempDir};

/// The bytes of small valid files to build bad inputs from: users.dat,
/// movies.dat, ratings.dat and ml-1m.zip, generated once.
fn small_file(name: &str) -> Vec<u8> {
    static SMALL: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    let files = SMALL.get_or_init(|| {
        let tmp = TempDir::new("bad-small");
        let data = tmp.join("ml");
        generate(&data, &["--ratings", "3000", "--seed", "2", "--zip"]);
        ["users.dat", "movies.dat", "ratings.dat", "ml-1m.zip"]
            .into_iter()
            .map(|n| (n, std::fs::read(data.join(n)).unwrap()))
            .collect()
    });
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a small file");
    bytes.clone()
}

/// A folder `ml` in `tmp` holding the three small tables.
fn small_dir(tmp: &TempDir) -> PathBuf {
    let dir = tmp.join("ml");
    for name in ["users.dat", "movies.dat", "ratings.dat"] {
        write(&dir.join(name), &small_file(name));
    }
    dir
}

/// Runs `report ARGS...` and checks it failed on input: exit 1, stdout
/// empty, stderr one line that starts `movielens: ` and contains
/// `mentions`.
fn assert_input_error(args: &[&OsStr], mentions: &[&str]) -> String {
    let mut all = vec![OsStr::new("report")];
    all.extend_from_slice(args);
    let run = movielens(&all);
    assert_failure(&run, 1, &all);
    let line = run.stderr.trim_end_matches('\n');
    assert!(
        !line.contains('\n') && run.stderr.ends_with('\n'),
        "{all:?}: stderr is not one line:\n{}",
        run.stderr
    );
    assert!(line.starts_with("movielens: "), "{line}");
    for m in mentions {
        assert!(line.contains(m), "{all:?}: message lacks {m:?}: {line}");
    }
    line.to_owned()
}

fn assert_failure(run: &Run, code: i32, args: &[&OsStr]) {
    assert_no_panic(&run.stderr);
    assert_eq!(
        run.code,
        Some(code),
        "{args:?}: exit code; stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "{args:?}: stdout: {}",
        run.stdout_text()
    );
}

fn os(p: &Path) -> &OsStr {
    p.as_os_str()
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

#[test]
fn missing_folder_or_file() {
    let tmp = TempDir::new("bad-missing");
    let nope = tmp.join("no-such-folder");
    assert_input_error(&[os(&nope)], &["no-such-folder"]);
    let nope = tmp.join("ratings.dat");
    assert_input_error(&[os(&nope)], &["ratings.dat"]);
}

#[test]
fn folder_without_a_table() {
    let tmp = TempDir::new("bad-folder");
    let dir = tmp.join("no-ratings");
    write(&dir.join("users.dat"), &small_file("users.dat"));
    write(&dir.join("movies.dat"), &small_file("movies.dat"));
    assert_input_error(&[os(&dir)], &["no-ratings", "ratings.dat"]);

    let empty = tmp.join("empty-folder");
    std::fs::create_dir(&empty).unwrap();
    assert_input_error(&[os(&empty)], &["empty-folder"]);

    // Two of the three files given.
    let users = dir.join("users.dat");
    let movies = dir.join("movies.dat");
    assert_input_error(&[os(&users), os(&movies)], &["ratings.dat"]);
}

#[test]
fn users_dat_holding_ratings() {
    let tmp = TempDir::new("bad-kind");
    let dir = tmp.join("swapped");
    let users = write(&dir.join("users.dat"), &small_file("ratings.dat"));
    let movies = write(&dir.join("movies.dat"), &small_file("movies.dat"));
    let ratings = write(&dir.join("ratings.dat"), &small_file("ratings.dat"));
    let msg = assert_input_error(&[os(&dir)], &["users.dat", "ratings"]);
    assert!(!msg.contains("ratings.dat:"), "names the wrong file: {msg}");
    assert_input_error(&[os(&ratings), os(&movies), os(&users)], &["users.dat"]);

    // Two files of ratings under other names: one too many.
    let a = write(&tmp.join("a.dat"), &small_file("ratings.dat"));
    let users = write(&tmp.join("users.dat"), &small_file("users.dat"));
    assert_input_error(&[os(&users), os(&movies), os(&ratings), os(&a)], &["a.dat"]);
}

#[test]
fn binary_files() {
    let tmp = TempDir::new("bad-binary");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0u32..4000).map(|i| (i * 7 % 251) as u8));
    let poster = write(&tmp.join("poster.png"), &png);
    assert_input_error(&[os(&poster)], &["poster.png", "binary"]);

    let dir = tmp.join("png-as-users");
    write(&dir.join("users.dat"), &png);
    write(&dir.join("movies.dat"), &small_file("movies.dat"));
    write(&dir.join("ratings.dat"), &small_file("ratings.dat"));
    assert_input_error(&[os(&dir)], &["users.dat"]);

    let gz = write(&tmp.join("ratings.dat.gz"), b"\x1f\x8b\x08\x00rest");
    assert_input_error(&[os(&gz)], &["ratings.dat.gz"]);
    let nul = write(&tmp.join("ratings.dat"), b"1::1::5::978300760\n\0\0\0\n");
    assert_input_error(&[os(&nul)], &["ratings.dat"]);
}

#[test]
fn csv_and_other_text() {
    let tmp = TempDir::new("bad-csv");
    let csv = write(
        &tmp.join("links.csv"),
        b"movieId,imdbId,tmdbId\n1,0114709,862\n2,0113497,8844\n",
    );
    assert_input_error(&[os(&csv)], &["links.csv", "comma"]);

    let text = write(&tmp.join("notes.txt"), b"Dear diary,\nnothing here.\n");
    assert_input_error(&[os(&text)], &["notes.txt"]);
    let empty = write(&tmp.join("movies.dat"), b"");
    assert_input_error(&[os(&empty)], &["movies.dat"]);
    let blank = write(&tmp.join("users.dat"), b"\n  \n\r\n");
    assert_input_error(&[os(&blank)], &["users.dat"]);
}

#[test]
fn broken_zips() {
    let tmp = TempDir::new("bad-zip");
    let zip = small_file("ml-1m.zip");

    let truncated = write(&tmp.join("truncated/ml-1m.zip"), &zip[..zip.len() / 2]);
    assert_input_error(&[os(&truncated)], &["ml-1m.zip"]);
    // Only the very end missing.
    let short = write(&tmp.join("short/ml-1m.zip"), &zip[..zip.len() - 10]);
    assert_input_error(&[os(&short)], &["ml-1m.zip"]);
    // A folder holding only a truncated zip.
    assert_input_error(&[os(&tmp.join("truncated"))], &["ml-1m.zip"]);

    // Damaged data with intact directories: the error names the entry.
    let mut damaged = zip.clone();
    let mid = damaged.len() / 2;
    for b in &mut damaged[mid..mid + 4096] {
        *b = !*b;
    }
    let damaged = write(&tmp.join("damaged/ml-1m.zip"), &damaged);
    assert_input_error(&[os(&damaged)], &["ml-1m.zip"]);

    // Random bytes, and random bytes after the zip magic.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let random: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let noise = write(&tmp.join("noise/ml-1m.zip"), &random);
    assert_input_error(&[os(&noise)], &["ml-1m.zip"]);
    let mut fake = b"PK\x03\x04".to_vec();
    fake.extend_from_slice(&random);
    let fake = write(&tmp.join("fake/ml-1m.zip"), &fake);
    assert_input_error(&[os(&fake)], &["ml-1m.zip", "zip"]);

    // A zip together with other files.
    let ratings = small_dir(&tmp).join("ratings.dat");
    let good = write(&tmp.join("good/ml-1m.zip"), &zip);
    assert_input_error(&[os(&good), os(&ratings)], &["ml-1m.zip"]);
}

/// Writes the body of a zip entry.
type Body<'a> = &'a dyn Fn(&mut dyn Write);

/// A zip with these entries, each deflated.
fn make_zip(path: &Path, entries: &[(&str, Body<'_>)]) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in entries {
        zip.start_file(*name, options).unwrap();
        body(&mut zip);
    }
    zip.finish().unwrap();
}

/// Writes `total` bytes of a repeated ratings line.
fn repeated(total: usize) -> impl Fn(&mut dyn Write) {
    move |out: &mut dyn Write| {
        let line = b"1::1::5::978300760\n";
        let chunk: Vec<u8> = line
            .iter()
            .copied()
            .cycle()
            .take(line.len() * 55_189)
            .collect();
        let mut left = total;
        while left > 0 {
            let n = left.min(chunk.len());
            out.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
    }
}

fn bytes_of(data: Vec<u8>) -> impl Fn(&mut dyn Write) {
    move |out: &mut dyn Write| out.write_all(&data).unwrap()
}

#[test]
fn zip_bomb() {
    let tmp = TempDir::new("bad-bomb");
    let users = bytes_of(small_file("users.dat"));
    let movies = bytes_of(small_file("movies.dat"));
    let bomb = repeated(200_000_000);
    let path = tmp.join("ml-1m.zip");
    make_zip(
        &path,
        &[
            ("ml-1m/users.dat", &users),
            ("ml-1m/movies.dat", &movies),
            ("ml-1m/ratings.dat", &bomb),
        ],
    );
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 2_000_000, "the bomb is small: {size} bytes");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let entry = archive.by_name("ml-1m/ratings.dat").unwrap();
    assert_eq!(entry.size(), 200_000_000, "and expands to 200 MB");
    assert_input_error(&[os(&path)], &["ml-1m.zip", "ratings.dat", "zip bomb"]);
}

/// Sets the uncompressed size of every entry named `name` to `size`, in
/// the local headers and the central directory: a zip whose headers lie.
fn lie_about_size(zip: &mut [u8], name: &[u8], size: u32) -> usize {
    let u16_at = |z: &[u8], i: usize| usize::from(u16::from_le_bytes([z[i], z[i + 1]]));
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        let (name_len_at, size_at, name_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (i + 26, i + 22, i + 30),
            b"PK\x01\x02" => (i + 28, i + 24, i + 46),
            _ => continue,
        };
        let len = u16_at(zip, name_len_at);
        if zip.get(name_at..name_at + len) == Some(name) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    patched
}

#[test]
fn zip_bomb_with_lying_headers() {
    let tmp = TempDir::new("bad-liar");
    let users = bytes_of(small_file("users.dat"));
    let movies = bytes_of(small_file("movies.dat"));
    let bomb = repeated(60_000_000);
    let honest = tmp.join("honest.zip");
    make_zip(
        &honest,
        &[
            ("ml-1m/users.dat", &users),
            ("ml-1m/movies.dat", &movies),
            ("ml-1m/ratings.dat", &bomb),
        ],
    );
    let mut zip = std::fs::read(&honest).unwrap();
    assert_eq!(lie_about_size(&mut zip, b"ml-1m/ratings.dat", 50_000), 2);
    let liar = write(&tmp.join("liar/ml-1m.zip"), &zip);
    assert_input_error(&[os(&liar)], &["ml-1m.zip", "ratings.dat"]);
}

#[test]
fn zip_without_the_tables() {
    let tmp = TempDir::new("bad-zip-tables");
    let users = bytes_of(small_file("users.dat"));
    let movies = bytes_of(small_file("movies.dat"));
    let ratings = bytes_of(small_file("ratings.dat"));
    let readme = bytes_of(b"just a README\n".to_vec());
    let path = tmp.join("no-ratings.zip");
    make_zip(
        &path,
        &[
            ("ml-1m/README", &readme),
            ("ml-1m/users.dat", &users),
            ("ml-1m/movies.dat", &movies),
        ],
    );
    assert_input_error(&[os(&path)], &["no-ratings.zip", "ratings.dat"]);

    let path = tmp.join("swapped.zip");
    make_zip(
        &path,
        &[
            ("ml-1m/users.dat", &ratings),
            ("ml-1m/movies.dat", &movies),
            ("ml-1m/ratings.dat", &ratings),
        ],
    );
    assert_input_error(&[os(&path)], &["swapped.zip", "users.dat"]);

    let png = bytes_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec());
    let path = tmp.join("png.zip");
    make_zip(
        &path,
        &[
            ("ml-1m/users.dat", &users),
            ("ml-1m/movies.dat", &png),
            ("ml-1m/ratings.dat", &ratings),
        ],
    );
    assert_input_error(&[os(&path)], &["png.zip", "movies.dat"]);

    // A README that is binary or a picture is not a table: skipped.
    let path = tmp.join("with-picture.zip");
    make_zip(
        &path,
        &[
            ("ml-1m/poster.png", &png),
            ("ml-1m/users.dat", &users),
            ("ml-1m/movies.dat", &movies),
            ("ml-1m/ratings.dat", &ratings),
        ],
    );
    let run = movielens([OsStr::new("report"), os(&path), OsStr::new("--quiet")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn unwritable_outputs() {
    let tmp = TempDir::new("bad-output");
    let data = &small_dir(&tmp);
    let json = tmp.join("missing-folder").join("report.json");
    assert_input_error(
        &[os(data), OsStr::new("--json"), os(&json)],
        &["report.json"],
    );

    // generate --out over a file.
    let file = write(&tmp.join("a-file"), b"x");
    let args = [OsStr::new("generate"), OsStr::new("--out"), os(&file)];
    let run = movielens(args);
    assert_failure(&run, 1, &args);
    assert!(run.stderr.contains("a-file"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn bad_command_lines_exit_2_with_the_usage() {
    let tmp = TempDir::new("bad-usage");
    let data = small_dir(&tmp);
    let data = data.as_os_str();
    let cases: Vec<Vec<&OsStr>> = vec![
        vec![],
        vec!["frobnicate".as_ref()],
        vec!["--bogus".as_ref()],
        vec!["report".as_ref()],
        vec!["report".as_ref(), data, "--bogus".as_ref()],
        vec!["report".as_ref(), data, "--bogus=1".as_ref()],
        vec!["report".as_ref(), data, "-x".as_ref()],
        vec!["report".as_ref(), data, "--json".as_ref()],
        vec![
            "report".as_ref(),
            data,
            "--min-ratings".as_ref(),
            "lots".as_ref(),
        ],
        vec!["report".as_ref(), data, "--quiet=yes".as_ref()],
        vec!["generate".as_ref()],
        vec![
            "generate".as_ref(),
            "--out".as_ref(),
            "x".as_ref(),
            "extra".as_ref(),
        ],
        vec![
            "generate".as_ref(),
            "--out".as_ref(),
            "x".as_ref(),
            "--ratings".as_ref(),
            "many".as_ref(),
        ],
        vec![
            "generate".as_ref(),
            "--out".as_ref(),
            "x".as_ref(),
            "--seed".as_ref(),
            "-1".as_ref(),
        ],
        vec![
            "generate".as_ref(),
            "--out".as_ref(),
            "x".as_ref(),
            "--zip=yes".as_ref(),
        ],
    ];
    for args in cases {
        let run = movielens(&args);
        assert_failure(&run, 2, &args);
        assert!(
            run.stderr.starts_with("movielens: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("USAGE:"),
            "{args:?}: no usage:\n{}",
            run.stderr
        );
    }
    assert!(!Path::new("x").exists(), "a refused generate wrote nothing");
}

#[test]
fn help_and_version() {
    for flag in ["--help", "-h", "help"] {
        let run = movielens([flag]).ok();
        assert!(run.stdout_text().contains("USAGE:"));
    }
    let run = movielens(["--version"]).ok();
    assert!(run.stdout_text().starts_with("movielens "));
}
