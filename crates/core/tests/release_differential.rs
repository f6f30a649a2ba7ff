//! Every MovieLens release format, loaded through the core with every file
//! of the release and read from the report's JSON, against a plain
//! reference written here (its own line splitting, CSV quoting, Latin-1,
//! acceptance and duplicate rules, sums per star, genre, month, age group,
//! occupation). Inputs: the generator's release shapes (as written, and with
//! duplicates and unknown ids appended) and tests/fixtures/releases.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use movielens_core::demo::releases::{write_release, MemoryOutput, Release, ReleaseConfig};
use movielens_core::load::Plan;
use movielens_core::report::Report;
use movielens_core::table::Dataset;
use serde_json::{json, Value};

/// `(path, bytes)` of every file of a release.
type Files = Vec<(String, Vec<u8>)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Tabs,
    Dat1m,
    Dat10m,
    Csv,
}

/// One accepted user: age group and occupation as the report keys them.
type User = (String, String);

/// What the reference reads, and the counts each table file has.
#[derive(Default)]
struct Reference {
    users: Option<HashMap<u32, User>>,
    movies: HashMap<u32, Vec<String>>,
    /// `(user, movie)` → `(timestamp, line, half stars)` of the winner.
    ratings: HashMap<(u32, u32), (u32, usize, u32)>,
    /// Lines of each table's file, as `(kind, lines)`.
    lines: Vec<(&'static str, u64)>,
}

fn format_of(files: &Files) -> Format {
    let has = |base: &str| files.iter().any(|f| name(&f.0) == base);
    if has("u.data") {
        Format::Tabs
    } else if has("ratings.csv") {
        Format::Csv
    } else if has("users.dat") {
        Format::Dat1m
    } else {
        Format::Dat10m
    }
}

/// The file of a table in a format.
fn base(fmt: Format, kind: &str) -> &'static str {
    match (fmt, kind) {
        (Format::Tabs, "movies") => "u.item",
        (Format::Tabs, _) => "u.data",
        (Format::Csv, "movies") => "movies.csv",
        (Format::Csv, _) => "ratings.csv",
        (_, "movies") => "movies.dat",
        _ => "ratings.dat",
    }
}

/// The field separator of a table in a format.
fn sep(fmt: Format, kind: &str) -> &'static str {
    match (fmt, kind) {
        (Format::Tabs, "ratings") => "\t",
        (Format::Tabs, _) => "|",
        (Format::Csv, _) => ",",
        _ => "::",
    }
}

/// A path's file name.
fn name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn file<'a>(files: &'a Files, base: &str) -> &'a [u8] {
    let found = files.iter().find(|f| name(&f.0) == base);
    found.map_or_else(|| panic!("no {base}"), |(_, b)| &b[..])
}

/// Lines split on LF, CR stripped, UTF-8 or else Latin-1 decoded; a last
/// line without LF counts.
fn text_lines(bytes: &[u8]) -> Vec<String> {
    let mut parts: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        parts.pop();
    }
    parts
        .into_iter()
        .map(|l| {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            match std::str::from_utf8(l) {
                Ok(s) => s.to_owned(),
                Err(_) => l.iter().map(|&b| char::from(b)).collect(),
            }
        })
        .collect()
}

/// RFC 4180 fields of one line.
fn csv_split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let (mut quoted, mut chars) = (false, line.chars().peekable());
    while let Some(c) = chars.next() {
        let field = fields.last_mut().expect("one field at least");
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            c => field.push(c),
        }
    }
    fields
}

fn num(s: &str) -> Option<u32> {
    s.trim().parse().ok()
}

/// Stars `4`, `4.0`, `3.5`, `0.5` in half stars, 1..=10.
fn halves(s: &str) -> Option<u32> {
    let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), "0"));
    let h = num(whole)? * 2 + u32::from(frac == "5");
    (["0", "5"].contains(&frac) && (1..=10).contains(&h)).then_some(h)
}

/// ML-1M's age group code of an age in years: 1 (under 18), 18 (18-24),
/// 25, 35, 45 (45-49), 50 (50-55), 56 (56+).
fn age_group(age: u32) -> u32 {
    let groups = [(18, 1), (25, 18), (35, 25), (45, 35), (50, 45), (56, 50)];
    groups.iter().find(|g| age < g.0).map_or(56, |g| g.1)
}

/// `YYYY-MM` (UTC) of Unix seconds.
fn month(ts: u32) -> String {
    let z = i64::from(ts / 86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}")
}

/// Data lines of a table file (blank lines and a CSV header skipped),
/// split into fields, with their line numbers; records its line count.
fn records(r: &mut Reference, kind: &'static str, bytes: &[u8], fmt: Format) -> Vec<Vec<String>> {
    let lines = text_lines(bytes);
    r.lines.push((kind, lines.len() as u64));
    let skip = usize::from(fmt == Format::Csv);
    let body = lines.iter().skip(skip).filter(|l| !l.trim().is_empty());
    let split = |l: &String| l.split(sep(fmt, kind)).map(str::to_owned).collect();
    let csv = fmt == Format::Csv;
    body.map(|l| if csv { csv_split(l) } else { split(l) })
        .collect()
}

fn read_users(r: &mut Reference, files: &Files, fmt: Format) {
    let bases = [(Format::Tabs, "u.user"), (Format::Dat1m, "users.dat")];
    let Some(&(_, base)) = bases.iter().find(|b| b.0 == fmt) else {
        return;
    };
    let mut users = HashMap::new();
    for f in records(r, "users", file(files, base), fmt) {
        assert_eq!(f.len(), 5, "users line {f:?}");
        let (id, age) = (num(&f[0]).expect("user id"), |a: &str| num(a).expect("age"));
        // ML-100K: id|age|gender|occupation name|zip; ML-1M: id::gender::age code::code::zip.
        let user = match fmt {
            Format::Tabs => (age_group(age(&f[1])).to_string(), f[3].clone()),
            _ => (f[2].clone(), f[3].clone()),
        };
        assert!(users.insert(id, user).is_none(), "user {id} twice");
    }
    r.users = Some(users);
}

fn read_movies(r: &mut Reference, files: &Files, fmt: Format) {
    let base = base(fmt, "movies");
    let flags: Vec<String> = match fmt {
        Format::Tabs => text_lines(file(files, "u.genre"))
            .iter()
            .filter_map(|l| l.split_once('|').map(|(g, _)| g.to_owned()))
            .collect(),
        _ => Vec::new(),
    };
    for f in records(r, "movies", file(files, base), fmt) {
        let id = num(&f[0]).expect("movie id");
        let mut genres: Vec<String> = match fmt {
            Format::Tabs => {
                assert_eq!(f.len(), 5 + flags.len(), "u.item line {f:?}");
                let set = flags.iter().zip(&f[5..]).filter(|(_, v)| v.as_str() == "1");
                set.map(|(g, _)| g.clone()).collect()
            }
            _ => {
                assert_eq!(f.len(), 3, "movies line {f:?}");
                f[2].split('|').map(str::to_owned).collect()
            }
        };
        genres.retain(|g| g != "unknown" && g != "(no genres listed)");
        assert!(r.movies.insert(id, genres).is_none(), "movie {id} twice");
    }
}

fn read_ratings(r: &mut Reference, files: &Files, fmt: Format) {
    let rows = records(r, "ratings", file(files, base(fmt, "ratings")), fmt);
    for (line, f) in rows.into_iter().enumerate() {
        assert_eq!(f.len(), 4, "ratings line {f:?}");
        let (u, m) = (num(&f[0]).expect("user"), num(&f[1]).expect("movie"));
        let (h, ts) = (halves(&f[2]).expect("stars"), num(&f[3]).expect("time"));
        let known_user = r.users.as_ref().is_none_or(|us| us.contains_key(&u));
        if !known_user || !r.movies.contains_key(&m) {
            continue;
        }
        let slot = r.ratings.entry((u, m)).or_insert((ts, line, h));
        if (ts, line) >= (slot.0, slot.1) {
            *slot = (ts, line, h);
        }
    }
}

fn reference(files: &Files) -> Reference {
    let fmt = format_of(files);
    let mut r = Reference::default();
    read_users(&mut r, files, fmt);
    read_movies(&mut r, files, fmt);
    read_ratings(&mut r, files, fmt);
    r
}

/// The release key the report must give: the format's, or a CSV
/// release's by folder name, else by its exact rating count.
fn release_key(files: &Files, r: &Reference) -> &'static str {
    let folder = files[0].0.split('/').next().unwrap_or("");
    let named = ["ml-20m", "ml-25m", "ml-32m", "ml-latest-small", "ml-latest"];
    let counts = [20_000_263, 25_000_095, 32_000_204, 100_836];
    let records = r.lines.last().map_or(0, |l| l.1 - 1);
    let by_count = counts.iter().position(|&c| c == records).map(|i| named[i]);
    let by_name = named.into_iter().find(|n| folder.starts_with(n));
    match format_of(files) {
        Format::Tabs => "ml-100k",
        Format::Dat1m => "ml-1m",
        Format::Dat10m => "ml-10m",
        Format::Csv => by_name.or(by_count).unwrap_or("unknown"),
    }
}

/// Sum of half stars and count per key.
type Tally<K> = BTreeMap<K, (u64, u64)>;

fn add<K: Ord>(t: &mut Tally<K>, k: K, h: u32) {
    let e = t.entry(k).or_default();
    e.0 += u64::from(h);
    e.1 += 1;
}

fn close(got: &Value, halves: u64, n: u64, what: &str) {
    let want = halves as f64 / 2.0 / n as f64;
    let got = got.as_f64().unwrap_or(f64::NAN);
    assert!((got - want).abs() <= 1e-12, "{what}: {got} vs {want}");
}

/// Rows `[{key, ratings, mean, ...}]` against a tally: every key of the
/// tally with its count and mean, any other row empty.
fn check_rows(rows: &Value, t: &Tally<String>, what: &str) {
    let mut seen = HashSet::new();
    let Some(rows) = rows.as_array() else {
        panic!("{what}: not a list")
    };
    for row in rows {
        let key = row["key"].to_string().trim_matches('"').to_owned();
        let (sum, want) = t.get(&key).copied().unwrap_or((0, 0));
        assert_eq!(row["ratings"], json!(want), "{what} {key}: ratings");
        if want > 0 {
            close(&row["mean"], sum, want, &format!("{what} {key}"));
        }
        seen.insert(key);
    }
    let missing: Vec<_> = t.keys().filter(|k| !seen.contains(*k)).collect();
    assert!(missing.is_empty(), "{what}: keys {missing:?} missing");
}

fn check_summary(rep: &Value, r: &Reference, half: bool, what: &str) {
    let s = &rep["summary"];
    let raters: HashSet<u32> = r.ratings.keys().map(|k| k.0).collect();
    let users = r.users.as_ref().map_or(raters.len(), HashMap::len);
    assert_eq!(s["users"], json!(users), "{what}: users");
    assert_eq!(s["movies"], json!(r.movies.len()), "{what}: movies");
    let n = r.ratings.len();
    assert_eq!(s["ratings"], json!(n), "{what}: ratings");
    let sum: u64 = r.ratings.values().map(|v| u64::from(v.2)).sum();
    let mean = format!("{what}: mean_rating");
    close(&s["mean_rating"], sum, n as u64, &mean);
    let mut hist = serde_json::Map::new();
    for h in (1..=10).filter(|h| half || h % 2 == 0) {
        let key = format!("{}{}", h / 2, if h % 2 == 1 { ".5" } else { "" });
        hist.insert(key, json!(r.ratings.values().filter(|v| v.2 == h).count()));
    }
    let what = format!("{what}: histogram");
    assert_eq!(rep["rating_histogram"], Value::Object(hist), "{what}");
}

fn check_genres(rep: &Value, r: &Reference, fmt: Format, what: &str) {
    let (mut t, mut movies): (Tally<String>, BTreeMap<&str, u64>) = Default::default();
    for g in r.movies.values().flatten() {
        *movies.entry(g).or_default() += 1;
    }
    for (&(_, m), &(_, _, h)) in &r.ratings {
        for g in &r.movies[&m] {
            add(&mut t, g.clone(), h);
        }
    }
    check_rows(&rep["by_genre"], &t, &format!("{what} by_genre"));
    let rows = rep["by_genre"].as_array().cloned().unwrap_or_default();
    let keys: Vec<&str> = rows.iter().filter_map(|g| g["key"].as_str()).collect();
    for (row, key) in rows.iter().zip(&keys) {
        let want = movies.get(key).copied().unwrap_or(0);
        assert_eq!(row["movies"], json!(want), "{what} by_genre {key}: movies");
    }
    let missing: Vec<_> = movies.keys().filter(|g| !keys.contains(g)).collect();
    assert!(
        missing.is_empty(),
        "{what}: genres {missing:?} not in by_genre"
    );
    let old = matches!(fmt, Format::Tabs | Format::Dat1m);
    let children = if old { "Children's" } else { "Children" };
    assert!(
        keys.contains(&children),
        "{what}: no {children} in {keys:?}"
    );
    assert_eq!(keys.contains(&"IMAX"), !old, "{what}: IMAX in {keys:?}");
    let mut t: Tally<String> = BTreeMap::new();
    for &(ts, _, h) in r.ratings.values() {
        add(&mut t, month(ts), h);
    }
    let months: Vec<&str> = rep["by_month"]
        .as_array()
        .iter()
        .flat_map(|a| a.iter())
        .filter_map(|m| m["key"].as_str())
        .collect();
    assert_eq!(
        months,
        t.keys().map(String::as_str).collect::<Vec<_>>(),
        "{what}: months"
    );
    check_rows(&rep["by_month"], &t, &format!("{what} by_month"));
}

fn check_demographics(rep: &Value, r: &Reference, what: &str) {
    let keys = ["by_gender", "by_age", "by_occupation", "gender_gap"];
    let Some(users) = &r.users else {
        for k in keys {
            assert!(rep.get(k).is_none(), "{what}: {k} without a users file");
        }
        return;
    };
    for k in keys {
        assert!(rep.get(k).is_some(), "{what}: no {k}");
    }
    let (mut ages, mut occupations): (Tally<String>, Tally<String>) = Default::default();
    for (&(u, _), &(_, _, h)) in &r.ratings {
        add(&mut ages, users[&u].0.clone(), h);
        add(&mut occupations, users[&u].1.clone(), h);
    }
    check_rows(&rep["by_age"], &ages, &format!("{what} by_age"));
    check_rows(
        &rep["by_occupation"],
        &occupations,
        &format!("{what} by_occupation"),
    );
}

fn check_lineage(rep: &Value, r: &Reference, what: &str) {
    let lineage = rep["lineage"]
        .as_object()
        .unwrap_or_else(|| panic!("{what}: no lineage"));
    let tables: Vec<&str> = ["users", "movies", "ratings"]
        .into_iter()
        .filter(|k| lineage.get(*k).is_some_and(|t| t.get("lines").is_some()))
        .collect();
    let want: Vec<&str> = r.lines.iter().map(|l| l.0).collect();
    assert_eq!(tables, want, "{what}: lineage tables");
    for &(kind, lines) in &r.lines {
        let (t, what) = (&lineage[kind], format!("{what} {kind}"));
        let n = |f: &str| t.get(f).map_or(0, |v| v.as_u64().unwrap_or(u64::MAX));
        assert_eq!(n("lines"), lines, "{what}: lines");
        let sum = n("header") + n("blank") + n("accepted") + n("rejected_total");
        assert_eq!(
            n("lines"),
            sum,
            "{what}: lines != header+blank+accepted+rejected"
        );
        assert_ne!(t.get("header"), Some(&json!(0)), "{what}: header 0 shown");
        let accepted = match kind {
            "users" => r.users.as_ref().map_or(0, HashMap::len),
            "movies" => r.movies.len(),
            _ => r.ratings.len(),
        };
        assert_eq!(n("accepted"), accepted as u64, "{what}: accepted");
    }
}

/// Every check of a report against the reference of its files.
fn check(rep: &Value, files: &Files, what: &str) {
    let r = reference(files);
    let fmt = format_of(files);
    let key = json!(release_key(files, &r));
    assert_eq!(rep["release"], key, "{what}: release");
    check_summary(rep, &r, matches!(fmt, Format::Dat10m | Format::Csv), what);
    check_genres(rep, &r, fmt, what);
    check_demographics(rep, &r, what);
    check_lineage(rep, &r, what);
}

fn json_of(cleaned: movielens_core::clean::Cleaned) -> Value {
    let report = Report::new(&Dataset::new(cleaned), 1);
    serde_json::from_str(&report.to_json()).expect("the report is JSON")
}

/// Loads every file as a folder is loaded (the CLI's folder and the
/// page's files): what is not a table is ignored.
fn load_folder(files: &Files) -> Value {
    let mut plan = Plan::new(files.len());
    for (i, (name, bytes)) in files.iter().enumerate() {
        plan.offer(i, name, name, bytes)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let mut load = plan.start(|| 0.0).unwrap_or_else(|e| panic!("start: {e}"));
    while let Some((_, i)) = load.next_table() {
        load.feed_all(&files[i].1);
    }
    json_of(load.finish())
}

fn generate(release: Release, ratings: u64, movies: Option<u64>) -> Files {
    let config = ReleaseConfig {
        ratings: Some(ratings),
        movies,
        ..ReleaseConfig::new(release)
    };
    let mut out = MemoryOutput::default();
    write_release(&config, &mut out).unwrap_or_else(|e| panic!("{release:?}: {e}"));
    out.files
}

/// Each release shape, small (at most 4,000 movies), as written and with
/// duplicates and unknown ids appended.
fn generated() -> Vec<(String, Files)> {
    let mut all = Vec::new();
    for (i, release) in Release::ALL.into_iter().enumerate() {
        let movies = (release.shape().movies > 10_000).then_some(4_000);
        let files = generate(release, 3_000 + 1_000 * i as u64, movies);
        all.push((format!("{release:?}"), files.clone()));
        all.push((format!("{release:?} with duplicates"), dirty(files)));
    }
    all
}

/// Appends to the ratings file: the first rating again later (twice at
/// the same time: the later line wins), once earlier (it loses), one of
/// an unknown movie, one of an unknown user.
fn dirty(mut files: Files) -> Files {
    let fmt = format_of(&files);
    let (sep, ratings) = (sep(fmt, "ratings"), base(fmt, "ratings"));
    let at = files.iter().position(|f| name(&f.0) == ratings);
    let at = at.expect("a ratings file");
    let lines = text_lines(&files[at].1);
    let first = &lines[usize::from(fmt == Format::Csv)];
    let f: Vec<&str> = first.split(sep).collect();
    let ts = num(f[3]).expect("time");
    let stars = |whole: u32, half: bool| match (fmt, half) {
        (Format::Csv, true) | (Format::Dat10m, true) => format!("{whole}.5"),
        (Format::Csv, false) => format!("{whole}.0"),
        _ => whole.to_string(),
    };
    let half = matches!(fmt, Format::Csv | Format::Dat10m);
    let extra = [
        [f[0], f[1], &stars(1, false), &(ts + 100).to_string()].join(sep),
        [f[0], f[1], &stars(2, half), &(ts + 100).to_string()].join(sep),
        [f[0], f[1], &stars(5, false), &(ts + 50).to_string()].join(sep),
        [f[0], "999999", &stars(3, false), f[3]].join(sep),
        ["999999", f[1], &stars(4, false), f[3]].join(sep),
    ];
    for line in extra {
        files[at].1.extend_from_slice(line.as_bytes());
        files[at].1.push(b'\n');
    }
    files
}

fn fixtures() -> Vec<(String, Files, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/releases");
    let mut all = Vec::new();
    for folder in ["ml-latest-small", "ml-25m-crlf", "ml-10m", "ml-100k"] {
        let dir = root.join(folder);
        let mut files = Vec::new();
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(entry.path()).unwrap_or_else(|e| panic!("{name}: {e}"));
            if name != "expected.json" {
                files.push((format!("{folder}/{name}"), bytes));
            }
        }
        files.sort();
        let expected = std::fs::read_to_string(dir.join("expected.json")).unwrap_or_default();
        let expected = serde_json::from_str(&expected).unwrap_or_else(|e| panic!("{folder}: {e}"));
        all.push((folder.to_owned(), files, expected));
    }
    all
}

#[test]
fn generated_releases_agree_with_the_reference() {
    for (what, files) in generated() {
        check(&load_folder(&files), &files, &what);
    }
    // Without a folder name, a CSV release is named by its rating count only.
    let files = generate(Release::Ml25m, 3_000, Some(2_000)).into_iter();
    let bare: Files = files.map(|(p, b)| (p.replace("ml-25m/", ""), b)).collect();
    check(&load_folder(&bare), &bare, "Ml25m without its folder");
}

#[test]
fn fixtures_agree_with_the_reference_and_their_expected_json() {
    for (what, files, expected) in fixtures() {
        let rep = load_folder(&files);
        check(&rep, &files, &what);
        for k in ["ratings", "users", "movies"] {
            assert_eq!(
                rep["summary"][k], expected[k],
                "{what}: {k} vs expected.json"
            );
        }
        let hist = rep["rating_histogram"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (star, n) in hist {
            let want = expected["rating_histogram"]
                .get(&star)
                .map_or(0, |v| v.as_u64().unwrap_or(0));
            assert_eq!(n, json!(want), "{what}: stars {star} vs expected.json");
        }
    }
}
