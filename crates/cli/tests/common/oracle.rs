//! An independent recomputation of `movielens report --json`, written
//! plainly from the documented rules (split on `::`, HashMaps, integer
//! sums) and sharing no code with the core.
//!
//! Cleansing, in the documented order (the first failed check is the
//! reason): line over 64 KiB; field count; positive 32-bit ids; users'
//! gender, age code, occupation 0..=20, non-empty zip; movies' non-empty
//! title (a title that is only a year counts as empty); ratings' whole
//! stars 1..=5 and 32-bit timestamp; duplicate ids (the first wins);
//! unknown user / movie; duplicate (user, movie) ratings (the latest
//! timestamp wins, a tie the later line). Fields are trimmed of spaces and
//! tabs, trailing whitespace and `\r` are ignored, whitespace-only lines are
//! blank, a UTF-8 BOM at the start of a file is skipped, and a line that is
//! not UTF-8 is read as Latin-1.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::{json, Map, Value};

pub const GENRES: [&str; 18] = [
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
];

/// The age codes of the ML-1M README, with their labels.
const AGES: [(u32, &str); 7] = [
    (1, "Under 18"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-49"),
    (50, "50-55"),
    (56, "56+"),
];

/// The occupations of the ML-1M README, by code.
const OCCUPATIONS: [&str; 21] = [
    "other or not specified",
    "academic/educator",
    "artist",
    "clerical/admin",
    "college/grad student",
    "customer service",
    "doctor/health care",
    "executive/managerial",
    "farmer",
    "homemaker",
    "K-12 student",
    "lawyer",
    "programmer",
    "retired",
    "sales/marketing",
    "scientist",
    "self-employed",
    "technician/engineer",
    "tradesman/craftsman",
    "unemployed",
    "writer",
];

/// Reject codes each file can have, and warning codes.
pub const USER_REASONS: [&str; 9] = [
    "wrong_field_count",
    "invalid_id",
    "invalid_gender",
    "invalid_age",
    "invalid_occupation",
    "missing_zip",
    "duplicate_id",
    "line_too_long",
    "nul_byte",
];
pub const MOVIE_REASONS: [&str; 6] = [
    "wrong_field_count",
    "invalid_id",
    "invalid_title",
    "duplicate_id",
    "line_too_long",
    "nul_byte",
];
pub const RATING_REASONS: [&str; 9] = [
    "wrong_field_count",
    "invalid_id",
    "invalid_rating",
    "invalid_timestamp",
    "unknown_user",
    "unknown_movie",
    "duplicate_rating",
    "line_too_long",
    "nul_byte",
];
pub const USER_WARNINGS: [&str; 1] = ["latin1"];
pub const MOVIE_WARNINGS: [&str; 4] = ["missing_year", "unknown_genre", "no_genres", "latin1"];
pub const RATING_WARNINGS: [&str; 1] = ["latin1"];

const MAX_LINE: usize = 64 * 1024;
const MAX_RAW: usize = 4096;

/// One rejected line as the rejects CSV must list it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reject {
    /// 0 users, 1 movies, 2 ratings (the CSV's order).
    pub file: usize,
    pub line: u64,
    pub reason: &'static str,
    /// The line as read, without `\r\n`, at most 4096 bytes.
    pub raw: String,
}

pub const FILE_NAMES: [&str; 3] = ["users.dat", "movies.dat", "ratings.dat"];

#[derive(Default)]
struct FileCounts {
    bytes: u64,
    lines: u64,
    blank: u64,
    accepted: u64,
    rejected: HashMap<&'static str, u64>,
    warnings: HashMap<&'static str, u64>,
}

impl FileCounts {
    fn json(&self, name: &str, reasons: &[&str], warnings: &[&str]) -> Value {
        let count = |m: &HashMap<&'static str, u64>, k: &str| m.get(k).copied().unwrap_or(0);
        let rejected: Map<String, Value> = reasons
            .iter()
            .map(|r| (r.to_string(), json!(count(&self.rejected, r))))
            .collect();
        let warned: Map<String, Value> = warnings
            .iter()
            .map(|w| (w.to_string(), json!(count(&self.warnings, w))))
            .collect();
        // Every rejected line must have one of the file's reasons.
        for r in self.rejected.keys() {
            assert!(reasons.contains(r), "oracle: {r} in {name}");
        }
        json!({
            "file": name,
            "bytes": self.bytes,
            "lines": self.lines,
            "blank": self.blank,
            "accepted": self.accepted,
            "rejected_total": self.rejected.values().sum::<u64>(),
            "rejected": rejected,
            "warnings": warned,
        })
    }
}

struct User {
    female: bool,
    age: u32,
    occupation: u32,
}

struct Movie {
    id: u32,
    title: String,
    genres: Vec<usize>,
}

#[derive(Clone, Copy)]
struct Rating {
    line: u64,
    user: u32,
    movie: u32,
    stars: u32,
    ts: u32,
}

/// The recomputed report and the rejects.
pub struct Expected {
    pub report: Value,
    pub rejects: Vec<Reject>,
}

/// Lines of a file: split on `\n`, a BOM at the start skipped, the empty
/// piece after a final `\n` dropped.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    if out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// UTF-8, or else Windows-1252 (every byte one char: Latin-1 but for
/// 0x80..=0x9F); true when not UTF-8.
fn decode(bytes: &[u8]) -> (String, bool) {
    // WHATWG's index for 0x80..=0x9F (0 where the byte keeps its Latin-1 code).
    const HIGH: [u32; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    let char_of = |b: u8| match b {
        0x80..=0x9F if HIGH[usize::from(b - 0x80)] != 0 => {
            char::from_u32(HIGH[usize::from(b - 0x80)]).unwrap()
        }
        _ => b as char,
    };
    match String::from_utf8(bytes.to_vec()) {
        Ok(s) => (s, false),
        Err(_) => (bytes.iter().map(|&b| char_of(b)).collect(), true),
    }
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok()
}

fn positive(s: &str) -> Option<u32> {
    number(s).filter(|&n| n > 0)
}

/// A line of a file: blank, or its fields; `Err` with the raw text when it
/// is too long.
enum Parsed {
    Blank,
    TooLong(String),
    /// The line holds a NUL byte (the raw text shows it as U+2400).
    Nul(String),
    Fields {
        fields: Vec<String>,
        latin1: bool,
        raw: String,
    },
}

fn parse(line: &[u8]) -> Parsed {
    let keep = &line[..line.len().min(MAX_LINE)];
    let (text, latin1) = decode(keep);
    let raw = text.strip_suffix('\r').unwrap_or(&text);
    let nul = line.len() <= MAX_LINE && line.contains(&0);
    let mut clipped = if nul {
        raw.replace('\0', "\u{2400}")
    } else {
        raw.to_owned()
    };
    if clipped.len() > MAX_RAW {
        let mut end = MAX_RAW;
        while !clipped.is_char_boundary(end) {
            end -= 1;
        }
        clipped.truncate(end);
    }
    if line.len() > MAX_LINE {
        return Parsed::TooLong(clipped);
    }
    if nul {
        return Parsed::Nul(clipped);
    }
    let record = text.trim_end_matches([' ', '\t', '\r']);
    if record.trim_start_matches([' ', '\t', '\r']).is_empty() {
        return Parsed::Blank;
    }
    Parsed::Fields {
        fields: record
            .split("::")
            .map(|f| f.trim_matches([' ', '\t']).to_owned())
            .collect(),
        latin1,
        raw: clipped,
    }
}

fn mean(sum: u64, count: u64) -> Value {
    if count == 0 {
        Value::Null
    } else {
        json!(sum as f64 / count as f64)
    }
}

/// `YYYY-MM` (UTC) of a Unix timestamp, counted out day by day from 1970.
fn month_of(ts: u32) -> String {
    let leap = |y: u32| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let mut days = ts / 86_400;
    let mut year = 1970;
    loop {
        let len = if leap(year) { 366 } else { 365 };
        if days < len {
            break;
        }
        days -= len;
        year += 1;
    }
    let feb = if leap(year) { 29 } else { 28 };
    let lengths = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 0;
    while days >= lengths[month] {
        days -= lengths[month];
        month += 1;
    }
    format!("{year:04}-{:02}", month + 1)
}

/// A count and an integer sum of stars.
#[derive(Clone, Copy, Default)]
struct Acc {
    count: u64,
    sum: u64,
}

impl Acc {
    fn add(&mut self, stars: u32) {
        self.count += 1;
        self.sum += u64::from(stars);
    }
    fn mean(&self) -> Value {
        mean(self.sum, self.count)
    }
    /// Compares means exactly, as fractions.
    fn cmp_mean(&self, other: &Acc) -> Ordering {
        (u128::from(self.sum) * u128::from(other.count))
            .cmp(&(u128::from(other.sum) * u128::from(self.count)))
    }
}

/// Recomputes the report of the three files in `dir` (named as GroupLens
/// names them) with this `--min-ratings`.
pub fn expected(dir: &Path, min_ratings: u64) -> Expected {
    expected_at(dir, min_ratings, None)
}

/// [`expected`] of `--as-of T` when `as_of` is `Some(T)`: the lineage and
/// the rejects still describe the files; every other number counts the
/// ratings as they stood at `T` (the checked rows made before `T`, the
/// latest per user and movie, a tie the later line).
pub fn expected_at(dir: &Path, min_ratings: u64, as_of: Option<u32>) -> Expected {
    let read = |name: &str| {
        std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name} can be read: {e}"))
    };
    let (users_bytes, movies_bytes, ratings_bytes) =
        (read("users.dat"), read("movies.dat"), read("ratings.dat"));
    let mut counts: [FileCounts; 3] = Default::default();
    counts[0].bytes = users_bytes.len() as u64;
    counts[1].bytes = movies_bytes.len() as u64;
    counts[2].bytes = ratings_bytes.len() as u64;
    let mut rejects: Vec<Reject> = Vec::new();
    let mut reject = |counts: &mut [FileCounts; 3],
                      file: usize,
                      line: u64,
                      reason: &'static str,
                      raw: String| {
        *counts[file].rejected.entry(reason).or_default() += 1;
        rejects.push(Reject {
            file,
            line,
            reason,
            raw,
        });
    };

    // Users.
    let mut users: HashMap<u32, User> = HashMap::new();
    for (i, line) in lines(&users_bytes).into_iter().enumerate() {
        let n = i as u64 + 1;
        counts[0].lines += 1;
        let (f, latin1, raw) = match parse(line) {
            Parsed::Blank => {
                counts[0].blank += 1;
                continue;
            }
            Parsed::TooLong(raw) => {
                reject(&mut counts, 0, n, "line_too_long", raw);
                continue;
            }
            Parsed::Nul(raw) => {
                reject(&mut counts, 0, n, "nul_byte", raw);
                continue;
            }
            Parsed::Fields {
                fields,
                latin1,
                raw,
            } => (fields, latin1, raw),
        };
        let verdict = if f.len() != 5 {
            Err("wrong_field_count")
        } else if positive(&f[0]).is_none() {
            Err("invalid_id")
        } else if f[1] != "F" && f[1] != "M" {
            Err("invalid_gender")
        } else if !number(&f[2]).is_some_and(|a| AGES.iter().any(|(c, _)| *c == a)) {
            Err("invalid_age")
        } else if number(&f[3]).is_none_or(|o| o > 20) {
            Err("invalid_occupation")
        } else if f[4].is_empty() {
            Err("missing_zip")
        } else if users.contains_key(&positive(&f[0]).unwrap()) {
            Err("duplicate_id")
        } else {
            Ok(())
        };
        match verdict {
            Err(reason) => reject(&mut counts, 0, n, reason, raw),
            Ok(()) => {
                users.insert(
                    positive(&f[0]).unwrap(),
                    User {
                        female: f[1] == "F",
                        age: number(&f[2]).unwrap(),
                        occupation: number(&f[3]).unwrap(),
                    },
                );
                counts[0].accepted += 1;
                if latin1 {
                    *counts[0].warnings.entry("latin1").or_default() += 1;
                }
            }
        }
    }

    // Movies.
    let mut movies: Vec<Movie> = Vec::new();
    let mut movie_row: HashMap<u32, usize> = HashMap::new();
    for (i, line) in lines(&movies_bytes).into_iter().enumerate() {
        let n = i as u64 + 1;
        counts[1].lines += 1;
        let (f, latin1, raw) = match parse(line) {
            Parsed::Blank => {
                counts[1].blank += 1;
                continue;
            }
            Parsed::TooLong(raw) => {
                reject(&mut counts, 1, n, "line_too_long", raw);
                continue;
            }
            Parsed::Nul(raw) => {
                reject(&mut counts, 1, n, "nul_byte", raw);
                continue;
            }
            Parsed::Fields {
                fields,
                latin1,
                raw,
            } => (fields, latin1, raw),
        };
        if f.len() != 3 {
            reject(&mut counts, 1, n, "wrong_field_count", raw);
            continue;
        }
        let Some(id) = positive(&f[0]) else {
            reject(&mut counts, 1, n, "invalid_id", raw);
            continue;
        };
        // A trailing "(YYYY)" is the year; the rest must not be empty.
        let title = f[1].trim_end();
        let tail = title.len().checked_sub(6).map(|at| &title.as_bytes()[at..]);
        let has_year = tail.is_some_and(|t| {
            t[0] == b'(' && t[5] == b')' && t[1..5].iter().all(u8::is_ascii_digit)
        });
        let name = if has_year {
            title[..title.len() - 6].trim_end()
        } else {
            title
        };
        if name.is_empty() {
            reject(&mut counts, 1, n, "invalid_title", raw);
            continue;
        }
        if movie_row.contains_key(&id) {
            reject(&mut counts, 1, n, "duplicate_id", raw);
            continue;
        }
        let mut genres: Vec<usize> = Vec::new();
        let mut unknown = false;
        if !f[2].eq_ignore_ascii_case("(no genres listed)") {
            for token in f[2].split('|').map(str::trim).filter(|t| !t.is_empty()) {
                match GENRES.iter().position(|g| g.eq_ignore_ascii_case(token)) {
                    Some(g) if !genres.contains(&g) => genres.push(g),
                    Some(_) => {}
                    None => unknown = true,
                }
            }
        }
        let warn = [
            ("missing_year", !has_year),
            ("unknown_genre", unknown),
            ("no_genres", genres.is_empty()),
            ("latin1", latin1),
        ];
        for (w, on) in warn {
            if on {
                *counts[1].warnings.entry(w).or_default() += 1;
            }
        }
        movie_row.insert(id, movies.len());
        movies.push(Movie {
            id,
            title: f[1].clone(),
            genres,
        });
        counts[1].accepted += 1;
    }

    // Ratings: checked rows, then one per (user, movie).
    let mut checked: Vec<(Rating, String)> = Vec::new();
    for (i, line) in lines(&ratings_bytes).into_iter().enumerate() {
        let n = i as u64 + 1;
        counts[2].lines += 1;
        let (f, raw) = match parse(line) {
            Parsed::Blank => {
                counts[2].blank += 1;
                continue;
            }
            Parsed::TooLong(raw) => {
                reject(&mut counts, 2, n, "line_too_long", raw);
                continue;
            }
            Parsed::Nul(raw) => {
                reject(&mut counts, 2, n, "nul_byte", raw);
                continue;
            }
            Parsed::Fields { fields, raw, .. } => (fields, raw),
        };
        let verdict = if f.len() != 4 {
            Err("wrong_field_count")
        } else if positive(&f[0]).is_none() || positive(&f[1]).is_none() {
            Err("invalid_id")
        } else if !number(&f[2]).is_some_and(|s| (1..=5).contains(&s)) {
            Err("invalid_rating")
        } else if number(&f[3]).is_none() {
            Err("invalid_timestamp")
        } else if !users.contains_key(&positive(&f[0]).unwrap()) {
            Err("unknown_user")
        } else if !movie_row.contains_key(&positive(&f[1]).unwrap()) {
            Err("unknown_movie")
        } else {
            Ok(Rating {
                line: n,
                user: positive(&f[0]).unwrap(),
                movie: positive(&f[1]).unwrap(),
                stars: number(&f[2]).unwrap(),
                ts: number(&f[3]).unwrap(),
            })
        };
        match verdict {
            Err(reason) => reject(&mut counts, 2, n, reason, raw),
            Ok(r) => checked.push((r, raw)),
        }
    }
    let before: Vec<Rating> = checked
        .iter()
        .map(|(r, _)| *r)
        .filter(|r| as_of.is_some_and(|t| r.ts < t))
        .collect();
    let mut winner: HashMap<(u32, u32), usize> = HashMap::new();
    let mut dead: HashSet<usize> = HashSet::new();
    for (i, (r, _)) in checked.iter().enumerate() {
        match winner.get(&(r.user, r.movie)) {
            Some(&w) if checked[w].0.ts > r.ts => {
                dead.insert(i);
            }
            Some(&w) => {
                dead.insert(w);
                winner.insert((r.user, r.movie), i);
            }
            None => {
                winner.insert((r.user, r.movie), i);
            }
        }
    }
    let mut ratings: Vec<Rating> = Vec::new();
    for (i, (r, raw)) in checked.into_iter().enumerate() {
        if dead.contains(&i) {
            reject(&mut counts, 2, r.line, "duplicate_rating", raw);
        } else {
            ratings.push(r);
        }
    }
    counts[2].accepted = ratings.len() as u64;
    rejects.sort();
    if as_of.is_some() {
        // The latest before the instant per pair (rows are in line order).
        let mut latest: HashMap<(u32, u32), Rating> = HashMap::new();
        for r in before {
            match latest.get(&(r.user, r.movie)) {
                Some(kept) if kept.ts > r.ts => {}
                _ => {
                    latest.insert((r.user, r.movie), r);
                }
            }
        }
        ratings = latest.into_values().collect();
        ratings.sort_by_key(|r| r.line);
    }

    // The report.
    let mut total = Acc::default();
    let mut stars = [0u64; 5];
    let (mut female, mut male) = (Acc::default(), Acc::default());
    let mut by_age: HashMap<u32, Acc> = HashMap::new();
    let mut by_occupation: HashMap<u32, Acc> = HashMap::new();
    let mut by_genre = [Acc::default(); 18];
    let mut by_month: BTreeMap<String, Acc> = BTreeMap::new();
    let mut per_movie: HashMap<usize, Acc> = HashMap::new();
    let mut per_movie_f: HashMap<usize, Acc> = HashMap::new();
    let mut per_movie_m: HashMap<usize, Acc> = HashMap::new();
    let mut first_ts: Option<u32> = None;
    let mut last_ts: Option<u32> = None;
    for r in &ratings {
        let user = &users[&r.user];
        let m = movie_row[&r.movie];
        total.add(r.stars);
        stars[r.stars as usize - 1] += 1;
        if user.female {
            female.add(r.stars);
            per_movie_f.entry(m).or_default().add(r.stars);
        } else {
            male.add(r.stars);
            per_movie_m.entry(m).or_default().add(r.stars);
        }
        by_age.entry(user.age).or_default().add(r.stars);
        by_occupation
            .entry(user.occupation)
            .or_default()
            .add(r.stars);
        for &g in &movies[m].genres {
            by_genre[g].add(r.stars);
        }
        by_month.entry(month_of(r.ts)).or_default().add(r.stars);
        per_movie.entry(m).or_default().add(r.stars);
        first_ts = Some(first_ts.map_or(r.ts, |t| t.min(r.ts)));
        last_ts = Some(last_ts.map_or(r.ts, |t| t.max(r.ts)));
    }

    let group = |key: Value, label: &str, acc: Option<&Acc>| {
        let acc = acc.copied().unwrap_or_default();
        json!({"key": key, "label": label, "ratings": acc.count, "mean": acc.mean()})
    };
    let movie_json = |m: usize| {
        let acc = per_movie[&m];
        json!({
            "movie_id": movies[m].id,
            "title": movies[m].title,
            "ratings": acc.count,
            "mean": acc.mean(),
        })
    };
    let mut by_count: Vec<usize> = per_movie.keys().copied().collect();
    by_count.sort_by(|&a, &b| {
        per_movie[&b]
            .count
            .cmp(&per_movie[&a].count)
            .then(movies[a].id.cmp(&movies[b].id))
    });
    // A movie without ratings has no mean to rank: at least one is needed.
    let threshold = min_ratings.max(1);
    let mut popular: Vec<usize> = per_movie
        .iter()
        .filter(|(_, acc)| acc.count >= threshold)
        .map(|(&m, _)| m)
        .collect();
    popular.sort_by(|&a, &b| {
        per_movie[&b]
            .cmp_mean(&per_movie[&a])
            .then(per_movie[&b].count.cmp(&per_movie[&a].count))
            .then(movies[a].id.cmp(&movies[b].id))
    });
    let mut gaps: Vec<(f64, u32, Value)> = popular
        .iter()
        .filter_map(|&m| {
            let (f, male) = (per_movie_f.get(&m)?, per_movie_m.get(&m)?);
            let mean_f = f.sum as f64 / f.count as f64;
            let mean_m = male.sum as f64 / male.count as f64;
            let diff = mean_f - mean_m;
            Some((
                diff,
                movies[m].id,
                json!({
                    "movie_id": movies[m].id,
                    "title": movies[m].title,
                    "mean_f": mean_f,
                    "mean_m": mean_m,
                    "diff": diff,
                    "ratings_f": f.count,
                    "ratings_m": male.count,
                }),
            ))
        })
        .collect();
    gaps.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap().then(a.1.cmp(&b.1)));

    let genre_movies = |g: usize| movies.iter().filter(|m| m.genres.contains(&g)).count();
    let rejected_total: u64 = counts.iter().flat_map(|c| c.rejected.values()).sum();
    let report = json!({
        "min_ratings": min_ratings,
        "lineage": {
            "users": counts[0].json("users.dat", &USER_REASONS, &USER_WARNINGS),
            "movies": counts[1].json("movies.dat", &MOVIE_REASONS, &MOVIE_WARNINGS),
            "ratings": counts[2].json("ratings.dat", &RATING_REASONS, &RATING_WARNINGS),
        },
        "summary": {
            "users": users.len(),
            "movies": movies.len(),
            "ratings": ratings.len(),
            "rated_movies": per_movie.len(),
            "mean_rating": total.mean(),
            "first_ts": first_ts,
            "last_ts": last_ts,
            "rejected": rejected_total,
        },
        "rating_histogram": (1..=5)
            .map(|s| (s.to_string(), json!(stars[s - 1])))
            .collect::<Map<String, Value>>(),
        "by_gender": [
            group(json!("F"), "Female", Some(&female)),
            group(json!("M"), "Male", Some(&male)),
        ],
        "by_age": AGES
            .iter()
            .map(|(code, label)| group(json!(code), label, by_age.get(code)))
            .collect::<Vec<_>>(),
        "by_occupation": OCCUPATIONS
            .iter()
            .enumerate()
            .map(|(code, label)| {
                group(json!(code), label, by_occupation.get(&(code as u32)))
            })
            .collect::<Vec<_>>(),
        "by_genre": GENRES
            .iter()
            .enumerate()
            .map(|(g, name)| json!({
                "key": name,
                "movies": genre_movies(g),
                "ratings": by_genre[g].count,
                "mean": by_genre[g].mean(),
            }))
            .collect::<Vec<_>>(),
        "by_month": by_month
            .iter()
            .map(|(k, acc)| json!({"key": k, "ratings": acc.count, "mean": acc.mean()}))
            .collect::<Vec<_>>(),
        "top_by_count": by_count.iter().take(10).map(|&m| movie_json(m)).collect::<Vec<_>>(),
        "top_by_mean": popular.iter().take(10).map(|&m| movie_json(m)).collect::<Vec<_>>(),
        "movies_with_min_ratings": popular.len(),
        "gender_gap": gaps.into_iter().take(10).map(|g| g.2).collect::<Vec<_>>(),
    });
    Expected { report, rejects }
}
