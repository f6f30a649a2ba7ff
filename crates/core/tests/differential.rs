//! Differential test: a seeded generator of messy MovieLens files (valid
//! rows, rows broken in every way the rules know, duplicates, unknown
//! references, whitespace, blank lines, CRLF, BOMs, Latin-1, over-long
//! lines) is cleaned by the crate, fed in random chunks, and by a naive
//! reference written below from the rules alone (plain `String` splitting
//! and `HashMap`s; nothing of the crate is used but its output types).

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use common::{assert_invariants, assert_same, load_cut, load_cut_compacting};
use movielens_core::model::GENRES;
use movielens_core::{Cleaned, FileKind, RejectReason, Warning};

/// The rules' limits, restated (checked against the crate's constants below).
const LINE_CAP: usize = 64 * 1024;
const RAW_CAP: usize = 4096;
const KEPT_CAP: usize = 1000;

/// The 18 genres, in bit order.
const GENRE_NAMES: [&str; 18] = [
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

/// Articles MovieLens moves behind a comma ("Matrix, The").
const ARTICLES: [&str; 22] = [
    "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Lo", "Gli", "I", "Das", "Der", "Die", "Den",
    "Det", "El", "Los", "Las", "Un", "Une", "Una",
];

const AGES: [u32; 7] = [1, 18, 25, 35, 45, 50, 56];

// ---------------------------------------------------------------------------
// A tiny deterministic generator (SplitMix64).

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------
// The generator of messy files.

struct Gen {
    rng: Rng,
    users: usize,
    movies: usize,
    /// A few timestamps shared by many rows, so that ties happen.
    stamps: Vec<u32>,
}

impl Gen {
    fn id(&mut self, max: usize) -> Vec<u8> {
        let r = &mut self.rng;
        if r.chance(88) {
            let id = 1 + r.below(max);
            if r.chance(4) {
                format!("00{id}").into_bytes()
            } else {
                id.to_string().into_bytes()
            }
        } else {
            r.pick(&[
                "0",
                "00",
                "-3",
                "+4",
                "1.5",
                "abc",
                "",
                "4294967296",
                "4294967295",
                "99999999999999999999",
                "0000000000000000000007",
            ])
            .as_bytes()
            .to_vec()
        }
    }

    fn user_fields(&mut self) -> Vec<Vec<u8>> {
        let id = self.id(self.users);
        let r = &mut self.rng;
        let gender: &[u8] = if r.chance(92) {
            r.pick(&[b"M", b"F"])
        } else {
            r.pick(&[&b"m"[..], b"X", b"", b" ", b"MF", b"f"])
        };
        let age = if r.chance(92) {
            r.pick(&AGES).to_string()
        } else {
            r.pick(&["30", "", "x", "-1", "018", "0", "100", "25.0"])
                .to_string()
        };
        let occupation = if r.chance(92) {
            r.below(21).to_string()
        } else {
            r.pick(&["21", "x", "", "-1", "007", "4294967296", "20"])
                .to_string()
        };
        let zip: Vec<u8> = if r.chance(88) {
            format!("{:05}", r.below(100_000)).into_bytes()
        } else {
            r.pick(&[
                &b""[..],
                b"   ",
                b"Caf\xE9",
                b"12345-6789",
                b"a:b",
                b"x y",
                "Montréal".as_bytes(),
                b"\xFF\xFE",
            ])
            .to_vec()
        };
        vec![
            id,
            gender.to_vec(),
            age.into_bytes(),
            occupation.into_bytes(),
            zip,
        ]
    }

    fn movie_fields(&mut self) -> Vec<Vec<u8>> {
        let id = self.id(self.movies);
        let r = &mut self.rng;
        let title: Vec<u8> = if r.chance(6) {
            r.pick(&[&b""[..], b"   ", b"(1999)", b" (2000) "]).to_vec()
        } else {
            let base: &[u8] = r.pick(&[
                &b"Toy Story"[..],
                b"Matrix, The",
                b"Star Wars: Episode IV - A New Hope",
                b"1900 (Novecento)",
                b":Colon",
                b"Colon:",
                b"Caf\xE9 Society",
                "Café Society".as_bytes(),
                b"City of Lost Children, The (Cit\xE9 des enfants perdus, La)",
                b"Homme d'a cote, L'",
                b"Untitled",
                b"Crying Game, Them",
                "Misérables, Les".as_bytes(),
                b"(Untitled)",
            ]);
            let year: &[u8] = r.pick(&[
                &b" (1999)"[..],
                b" (1995)",
                b" (2000)",
                b"(1987)",
                b"",
                b" (199)",
                b" (1999) (Cut)",
                b" (19x9)",
                b" (1999)  ",
            ]);
            [base, year].concat()
        };
        let genres: Vec<u8> = if r.chance(5) {
            r.pick(&[
                &b"(no genres listed)"[..],
                b"(NO GENRES LISTED)",
                b"",
                b"|",
                b" | ",
            ])
            .to_vec()
        } else {
            let n = 1 + r.below(3);
            let mut tokens = Vec::new();
            for _ in 0..n {
                let t = if r.chance(90) {
                    let g = r.pick(&GENRE_NAMES).to_string();
                    match r.below(6) {
                        0 => g.to_uppercase(),
                        1 => g.to_lowercase(),
                        2 => format!(" {g} "),
                        _ => g,
                    }
                } else {
                    r.pick(&[
                        "Space Opera",
                        "",
                        "Mumblecore",
                        "(no genres listed)",
                        "Dram",
                    ])
                    .to_string()
                };
                tokens.push(t);
            }
            tokens.join("|").into_bytes()
        };
        vec![id, title, genres]
    }

    fn rating_fields(&mut self) -> Vec<Vec<u8>> {
        let user = self.id(self.users + 3);
        let movie = self.id(self.movies + 3);
        let r = &mut self.rng;
        let stars = if r.chance(90) {
            (1 + r.below(5)).to_string()
        } else {
            r.pick(&["0", "6", "4.5", "", "x", "05", "-1", "10"])
                .to_string()
        };
        let ts = if r.chance(90) {
            if r.chance(60) {
                r.pick(&self.stamps).to_string()
            } else {
                (r.next() as u32).to_string()
            }
        } else {
            r.pick(&[
                "-1",
                "99999999999",
                "4294967296",
                "4294967295",
                "0",
                "x",
                "",
                "0978300760",
                "1e9",
            ])
            .to_string()
        };
        vec![user, movie, stars.into_bytes(), ts.into_bytes()]
    }

    /// One line of a file of `kind`, without its line ending.
    fn line(&mut self, kind: FileKind) -> Vec<u8> {
        let r = &mut self.rng;
        if r.chance(4) {
            return r
                .pick(&[&b""[..], b" ", b"\t", b"  \t ", b"\r", b" \r"])
                .to_vec();
        }
        if r.chance(2) {
            // Garbage from a small alphabet.
            let n = r.below(24);
            return (0..n).map(|_| r.pick(b":1 x\t\xE9\rM5|(\0\x93")).collect();
        }
        let mut fields = match kind {
            FileKind::Users => self.user_fields(),
            FileKind::Movies => self.movie_fields(),
            FileKind::Ratings => self.rating_fields(),
        };
        let r = &mut self.rng;
        if r.chance(3) {
            let at = r.below(fields.len());
            fields.remove(at);
        }
        if r.chance(3) {
            let at = r.below(fields.len() + 1);
            fields.insert(at, b"extra".to_vec());
        }
        let mut line = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                line.extend_from_slice(b"::");
            }
            if r.chance(5) {
                line.extend_from_slice(r.pick(&[&b" "[..], b"\t", b"  "]));
            }
            line.extend_from_slice(f);
            if r.chance(5) {
                line.extend_from_slice(r.pick(&[&b" "[..], b"\t", b" \t"]));
            }
        }
        if r.chance(4) {
            line.extend_from_slice(r.pick(&[&b" "[..], b"\t", b"   "]));
        }
        line
    }

    /// A line around the 64 KiB cap: a valid record padded to `len` bytes.
    fn long_line(&mut self, kind: FileKind) -> Vec<u8> {
        let len = self.rng.pick(&[
            LINE_CAP - 1,
            LINE_CAP,
            LINE_CAP + 1,
            LINE_CAP + 2,
            LINE_CAP + 5000,
            3 * LINE_CAP,
        ]);
        let (head, fill) = match kind {
            FileKind::Users => ("1::F::25::1::".to_owned(), b'z'),
            FileKind::Movies => ("7::A Long Title (1999)::Drama|".to_owned(), b'|'),
            FileKind::Ratings => (format!("1::1::5::{}", self.stamps[0]), b' '),
        };
        let mut line = head.into_bytes();
        line.resize(len, fill);
        if self.rng.chance(30) {
            // A Latin-1 byte somewhere in the padding.
            let at = line.len() - 1 - self.rng.below(100);
            line[at] = 0xE9;
        }
        line
    }

    fn file(&mut self, kind: FileKind, max_lines: usize) -> Vec<u8> {
        let mut out = Vec::new();
        if self.rng.chance(20) {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let n = self.rng.below(max_lines + 1);
        let long_at = if self.rng.chance(25) {
            Some(self.rng.below(n + 1))
        } else {
            None
        };
        for i in 0..=n {
            let line = if Some(i) == long_at {
                self.long_line(kind)
            } else if i < n {
                self.line(kind)
            } else {
                break;
            };
            out.extend_from_slice(&line);
            let r = &mut self.rng;
            out.extend_from_slice(r.pick(&[&b"\n"[..], b"\n", b"\n", b"\r\n", b"\r\n", b" \n"]));
        }
        if self.rng.chance(30) && out.ends_with(b"\n") {
            out.pop();
            if self.rng.chance(50) && out.ends_with(b"\r") {
                out.pop();
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// The naive reference.

/// Everything compared, in a form both sides can produce.
#[derive(Debug, Default, PartialEq)]
struct Outcome {
    users: Vec<(u32, String, u8, u8, String)>,
    movies: Vec<(u32, String, String, Option<u16>, u32)>,
    ratings: Vec<(u32, u32, u8, u32)>,
    rejects: Vec<(FileKind, u64, String, String)>,
    /// Warnings on accepted rows: file, line, code.
    flags: Vec<(FileKind, u64, String)>,
    counts: Vec<Counts>,
}

#[derive(Debug, Default, PartialEq)]
struct Counts {
    bytes: u64,
    lines: u64,
    blank: u64,
    accepted: u64,
    rejected: BTreeMap<String, u64>,
    warnings: BTreeMap<String, u64>,
}

fn reference_decode(bytes: &[u8]) -> (String, bool) {
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => (text, false),
        Err(_) => (bytes.iter().map(|&b| reference_cp1252(b)).collect(), true),
    }
}

/// Windows-1252 as the WHATWG index gives it (0x81, 0x8D, 0x8F, 0x90, 0x9D
/// stay the C1 code points).
fn reference_cp1252(b: u8) -> char {
    let code: u32 = match b {
        0x80 => 0x20AC,
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x8E => 0x017D,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9E => 0x017E,
        0x9F => 0x0178,
        other => u32::from(other),
    };
    char::from_u32(code).unwrap()
}

/// At most `RAW_CAP` bytes, cut at a character boundary.
fn reference_clip(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if out.len() + c.len_utf8() > RAW_CAP {
            break;
        }
        out.push(c);
    }
    out
}

fn reference_number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let significant = s.trim_start_matches('0');
    if significant.is_empty() {
        return Some(0);
    }
    if significant.len() > 10 {
        return None;
    }
    let v: u64 = significant.parse().ok()?;
    u32::try_from(v).ok()
}

fn reference_id(s: &str) -> Option<u32> {
    reference_number(s).filter(|&id| id > 0)
}

/// A line as the rules see it.
enum Seen {
    Blank,
    TooLong {
        raw: String,
    },
    Nul {
        raw: String,
    },
    Record {
        raw: String,
        fields: Vec<String>,
        latin1: bool,
    },
}

fn see(line: &[u8], has_newline: bool) -> Seen {
    let without_cr = if has_newline {
        line.strip_suffix(b"\r").unwrap_or(line)
    } else {
        line
    };
    if without_cr.len() > LINE_CAP {
        let (text, _) = reference_decode(&line[..LINE_CAP]);
        return Seen::TooLong {
            raw: reference_clip(&text),
        };
    }
    let (text, latin1) = reference_decode(line);
    let raw = text.strip_suffix('\r').unwrap_or(&text).to_string();
    if line.contains(&0) {
        return Seen::Nul {
            raw: reference_clip(&raw.replace('\0', "\u{2400}")),
        };
    }
    let record = raw.trim_end_matches([' ', '\t', '\r']);
    if record.chars().all(|c| c == ' ' || c == '\t' || c == '\r') {
        return Seen::Blank;
    }
    let fields = record
        .split("::")
        .map(|f| f.trim_matches([' ', '\t']).to_string())
        .collect();
    Seen::Record {
        raw,
        fields,
        latin1,
    }
}

/// The lines of a file: BOM dropped, split on `\n`, no empty last line
/// after a final `\n`. Each with whether a `\n` ended it.
fn split_lines(bytes: &[u8]) -> Vec<(&[u8], bool)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<(&[u8], bool)> = bytes.split(|&b| b == b'\n').map(|l| (l, true)).collect();
    if bytes.ends_with(b"\n") {
        lines.pop();
    } else if let Some(last) = lines.last_mut() {
        last.1 = false;
    }
    lines
}

fn reference_year(title: &str) -> (String, Option<u16>) {
    let t = title.trim_end();
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len();
    if n >= 6
        && chars[n - 6] == '('
        && chars[n - 1] == ')'
        && chars[n - 5..n - 1].iter().all(|c| c.is_ascii_digit())
    {
        let year: String = chars[n - 5..n - 1].iter().collect();
        let name: String = chars[..n - 6].iter().collect();
        return (name.trim_end().to_string(), year.parse().ok());
    }
    (t.to_string(), None)
}

fn reference_display(name: &str) -> String {
    let (main, rest) = match name.find(" (") {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    if let Some(comma) = main.rfind(", ") {
        let article = &main[comma + 2..];
        if ARTICLES.contains(&article) {
            let space = if article.ends_with('\'') { "" } else { " " };
            return format!("{article}{space}{}{rest}", &main[..comma]);
        }
    }
    name.to_string()
}

/// The genre mask and whether an unknown token was dropped.
fn reference_genres(field: &str) -> (u32, bool) {
    if field.to_lowercase() == "(no genres listed)" {
        return (0, false);
    }
    let mut mask = 0;
    let mut unknown = false;
    for token in field.split('|') {
        let token = token.trim();
        if token.is_empty() {
            continue;
        }
        match GENRE_NAMES
            .iter()
            .position(|g| g.to_lowercase() == token.to_lowercase())
        {
            Some(i) => mask |= 1 << i,
            None => unknown = true,
        }
    }
    (mask, unknown)
}

fn reference(users: &[u8], movies: &[u8], ratings: &[u8]) -> Outcome {
    let mut out = Outcome::default();
    let mut counts: Vec<Counts> = (0..3).map(|_| Counts::default()).collect();
    let mut rejects: Vec<(FileKind, u64, String, String)> = Vec::new();
    let mut reject = |counts: &mut Counts, kind: FileKind, line: u64, code: &str, raw: &str| {
        *counts.rejected.entry(code.to_string()).or_default() += 1;
        rejects.push((kind, line, code.to_string(), reference_clip(raw)));
    };
    let mut flags: Vec<(FileKind, u64, String)> = Vec::new();
    let mut warn = |counts: &mut Counts, kind: FileKind, line: u64, code: &str| {
        *counts.warnings.entry(code.to_string()).or_default() += 1;
        flags.push((kind, line, code.to_string()));
    };

    // Users.
    let mut user_ids: HashSet<u32> = HashSet::new();
    let c = &mut counts[0];
    c.bytes = users.len() as u64;
    for (i, (line, nl)) in split_lines(users).into_iter().enumerate() {
        let number = i as u64 + 1;
        c.lines += 1;
        let (raw, f, latin1) = match see(line, nl) {
            Seen::Blank => {
                c.blank += 1;
                continue;
            }
            Seen::TooLong { raw } => {
                reject(c, FileKind::Users, number, "line_too_long", &raw);
                continue;
            }
            Seen::Nul { raw } => {
                reject(c, FileKind::Users, number, "nul_byte", &raw);
                continue;
            }
            Seen::Record {
                raw,
                fields,
                latin1,
            } => (raw, fields, latin1),
        };
        let verdict = if f.len() != 5 {
            Err("wrong_field_count")
        } else if reference_id(&f[0]).is_none() {
            Err("invalid_id")
        } else if f[1] != "M" && f[1] != "F" {
            Err("invalid_gender")
        } else if !reference_number(&f[2]).is_some_and(|a| AGES.contains(&a)) {
            Err("invalid_age")
        } else if reference_number(&f[3]).is_none_or(|o| o > 20) {
            Err("invalid_occupation")
        } else if f[4].is_empty() {
            Err("missing_zip")
        } else if user_ids.contains(&reference_id(&f[0]).unwrap()) {
            Err("duplicate_id")
        } else {
            Ok(())
        };
        match verdict {
            Err(code) => reject(c, FileKind::Users, number, code, &raw),
            Ok(()) => {
                let id = reference_id(&f[0]).unwrap();
                user_ids.insert(id);
                out.users.push((
                    id,
                    f[1].clone(),
                    reference_number(&f[2]).unwrap() as u8,
                    reference_number(&f[3]).unwrap() as u8,
                    f[4].clone(),
                ));
                c.accepted += 1;
                if latin1 {
                    warn(c, FileKind::Users, number, "latin1");
                }
            }
        }
    }

    // Movies.
    let mut movie_ids: HashSet<u32> = HashSet::new();
    let c = &mut counts[1];
    c.bytes = movies.len() as u64;
    for (i, (line, nl)) in split_lines(movies).into_iter().enumerate() {
        let number = i as u64 + 1;
        c.lines += 1;
        let (raw, f, latin1) = match see(line, nl) {
            Seen::Blank => {
                c.blank += 1;
                continue;
            }
            Seen::TooLong { raw } => {
                reject(c, FileKind::Movies, number, "line_too_long", &raw);
                continue;
            }
            Seen::Nul { raw } => {
                reject(c, FileKind::Movies, number, "nul_byte", &raw);
                continue;
            }
            Seen::Record {
                raw,
                fields,
                latin1,
            } => (raw, fields, latin1),
        };
        if f.len() != 3 {
            reject(c, FileKind::Movies, number, "wrong_field_count", &raw);
            continue;
        }
        let Some(id) = reference_id(&f[0]) else {
            reject(c, FileKind::Movies, number, "invalid_id", &raw);
            continue;
        };
        let (name, year) = reference_year(&f[1]);
        if name.is_empty() {
            reject(c, FileKind::Movies, number, "invalid_title", &raw);
            continue;
        }
        if movie_ids.contains(&id) {
            reject(c, FileKind::Movies, number, "duplicate_id", &raw);
            continue;
        }
        movie_ids.insert(id);
        let (mask, unknown) = reference_genres(&f[2]);
        out.movies
            .push((id, f[1].clone(), reference_display(&name), year, mask));
        c.accepted += 1;
        if year.is_none() {
            warn(c, FileKind::Movies, number, "missing_year");
        }
        if unknown {
            warn(c, FileKind::Movies, number, "unknown_genre");
        }
        if mask == 0 {
            warn(c, FileKind::Movies, number, "no_genres");
        }
        if latin1 {
            warn(c, FileKind::Movies, number, "latin1");
        }
    }

    // Ratings: provisional rows, then duplicates resolved.
    struct Provisional {
        line: u64,
        user: u32,
        movie: u32,
        stars: u8,
        ts: u32,
        raw: String,
        latin1: bool,
    }
    let mut rows: Vec<Provisional> = Vec::new();
    let c = &mut counts[2];
    c.bytes = ratings.len() as u64;
    for (i, (line, nl)) in split_lines(ratings).into_iter().enumerate() {
        let number = i as u64 + 1;
        c.lines += 1;
        let (raw, f, latin1) = match see(line, nl) {
            Seen::Blank => {
                c.blank += 1;
                continue;
            }
            Seen::TooLong { raw } => {
                reject(c, FileKind::Ratings, number, "line_too_long", &raw);
                continue;
            }
            Seen::Nul { raw } => {
                reject(c, FileKind::Ratings, number, "nul_byte", &raw);
                continue;
            }
            Seen::Record {
                raw,
                fields,
                latin1,
            } => (raw, fields, latin1),
        };
        let code = if f.len() != 4 {
            "wrong_field_count"
        } else if reference_id(&f[0]).is_none() || reference_id(&f[1]).is_none() {
            "invalid_id"
        } else if !reference_number(&f[2]).is_some_and(|s| (1..=5).contains(&s)) {
            "invalid_rating"
        } else if reference_number(&f[3]).is_none() {
            "invalid_timestamp"
        } else if !user_ids.contains(&reference_id(&f[0]).unwrap()) {
            "unknown_user"
        } else if !movie_ids.contains(&reference_id(&f[1]).unwrap()) {
            "unknown_movie"
        } else {
            rows.push(Provisional {
                line: number,
                user: reference_id(&f[0]).unwrap(),
                movie: reference_id(&f[1]).unwrap(),
                stars: reference_number(&f[2]).unwrap() as u8,
                ts: reference_number(&f[3]).unwrap(),
                raw,
                latin1,
            });
            continue;
        };
        reject(c, FileKind::Ratings, number, code, &raw);
    }
    let mut by_pair: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        by_pair.entry((row.user, row.movie)).or_default().push(i);
    }
    let mut losers: HashSet<usize> = HashSet::new();
    for group in by_pair.values() {
        let winner = *group
            .iter()
            .max_by_key(|&&i| (rows[i].ts, rows[i].line))
            .unwrap();
        losers.extend(group.iter().copied().filter(|&i| i != winner));
    }
    for (i, row) in rows.iter().enumerate() {
        if losers.contains(&i) {
            reject(c, FileKind::Ratings, row.line, "duplicate_rating", &row.raw);
        } else {
            out.ratings.push((row.user, row.movie, row.stars, row.ts));
            c.accepted += 1;
            if row.latin1 {
                warn(c, FileKind::Ratings, row.line, "latin1");
            }
        }
    }
    rejects.sort_by_key(|r| (r.0 as usize, r.1));
    // Every reject is counted, the first KEPT_CAP of each file and reason listed.
    let mut listed: HashMap<(FileKind, String), usize> = HashMap::new();
    rejects.retain(|r| {
        let n = listed.entry((r.0, r.2.clone())).or_default();
        *n += 1;
        *n <= KEPT_CAP
    });
    out.rejects = rejects;
    out.flags = flags;
    out.counts = counts;
    out
}

// ---------------------------------------------------------------------------
// The crate's result in the same form.

fn outcome(c: &Cleaned) -> Outcome {
    let u = &c.users;
    let m = &c.movies;
    let r = &c.ratings;
    Outcome {
        users: (0..u.len())
            .map(|i| {
                (
                    u.id[i],
                    u.gender[i].code().to_string(),
                    u.age[i],
                    u.occupation[i],
                    u.zip[i].clone(),
                )
            })
            .collect(),
        movies: (0..m.len())
            .map(|i| {
                (
                    m.id[i],
                    m.title[i].clone(),
                    m.display[i].clone(),
                    m.year[i],
                    m.genres[i],
                )
            })
            .collect(),
        ratings: (0..r.len())
            .map(|i| {
                (
                    u.id[r.user[i] as usize],
                    m.id[r.movie[i] as usize],
                    r.halves[i] / 2,
                    r.ts[i],
                )
            })
            .collect(),
        rejects: c
            .rejects
            .iter()
            .map(|r| (r.file, r.line, r.reason.code().to_string(), r.raw.clone()))
            .collect(),
        flags: c
            .flags
            .iter()
            .map(|f| (f.file, f.line, f.warning.code().to_string()))
            .collect(),
        counts: FileKind::ALL
            .iter()
            .map(|&k| {
                let f = c.lineage.file(k);
                Counts {
                    bytes: f.bytes,
                    lines: f.lines,
                    blank: f.blank,
                    accepted: f.accepted,
                    rejected: RejectReason::ALL
                        .iter()
                        .filter(|r| f.rejected(**r) > 0)
                        .map(|r| (r.code().to_string(), f.rejected(*r)))
                        .collect(),
                    warnings: Warning::ALL
                        .iter()
                        .filter(|w| f.warned(**w) > 0)
                        .map(|w| (w.code().to_string(), f.warned(*w)))
                        .collect(),
                }
            })
            .collect(),
    }
}

/// Compares part by part, so that a failure shows the first difference.
fn assert_agree(got: &Outcome, want: &Outcome, seed: u64) {
    assert_eq!(got.counts, want.counts, "seed {seed}: lineage counts");
    let first_diff = |a: usize, b: usize, differ: &dyn Fn(usize) -> bool| {
        (0..a.min(b)).find(|&i| differ(i)).unwrap_or(a.min(b))
    };
    let i = first_diff(got.users.len(), want.users.len(), &|i| {
        got.users[i] != want.users[i]
    });
    assert_eq!(
        got.users.get(i),
        want.users.get(i),
        "seed {seed}: users row {i}"
    );
    let i = first_diff(got.movies.len(), want.movies.len(), &|i| {
        got.movies[i] != want.movies[i]
    });
    assert_eq!(
        got.movies.get(i),
        want.movies.get(i),
        "seed {seed}: movies row {i}"
    );
    let i = first_diff(got.ratings.len(), want.ratings.len(), &|i| {
        got.ratings[i] != want.ratings[i]
    });
    assert_eq!(
        got.ratings.get(i),
        want.ratings.get(i),
        "seed {seed}: ratings row {i}"
    );
    let i = first_diff(got.rejects.len(), want.rejects.len(), &|i| {
        got.rejects[i] != want.rejects[i]
    });
    assert_eq!(
        got.rejects.get(i),
        want.rejects.get(i),
        "seed {seed}: reject {i}"
    );
    assert_eq!(got, want, "seed {seed}");
}

/// Random cut points for a file of `len` bytes.
fn random_cuts(rng: &mut Rng, len: usize) -> Vec<usize> {
    let n = rng.below(6);
    (0..n).map(|_| rng.below(len + 1)).collect()
}

fn run(seed: u64, max_lines: [usize; 3]) -> Outcome {
    let mut rng = Rng(seed);
    let users = 5 + rng.below(60);
    let movies = 5 + rng.below(80);
    let stamps = (0..4).map(|_| rng.next() as u32 % 2_000_000_000).collect();
    let mut gen = Gen {
        rng: Rng(seed ^ 0xD1FF),
        users,
        movies,
        stamps,
    };
    let files: Vec<Vec<u8>> = FileKind::ALL
        .iter()
        .zip(max_lines)
        .map(|(&k, max)| gen.file(k, max))
        .collect();
    let want = reference(&files[0], &files[1], &files[2]);
    let cut: Vec<(FileKind, &[u8], Vec<usize>)> = FileKind::ALL
        .iter()
        .zip(&files)
        .map(|(&k, f)| (k, &f[..], random_cuts(&mut rng, f.len())))
        .collect();
    let cleaned = load_cut(&cut);
    assert_invariants(&cleaned);
    let got = outcome(&cleaned);
    assert_agree(&got, &want, seed);
    // Resolving duplicates part-way, however often, changes nothing.
    let floor = 1 + rng.below(40);
    let compacted = load_cut_compacting(&cut, Some(floor));
    assert_same(
        &compacted,
        &cleaned,
        &format!("seed {seed}, compacting from {floor} rows"),
    );
    got
}

#[test]
fn limits_match_the_crate() {
    assert_eq!(LINE_CAP, movielens_core::ingest::lines::MAX_LINE_BYTES);
    assert_eq!(RAW_CAP, movielens_core::clean::MAX_RAW_BYTES);
    assert_eq!(KEPT_CAP, movielens_core::clean::MAX_KEPT_PER_REASON);
    assert_eq!(GENRE_NAMES, GENRES);
}

#[test]
fn cleaner_agrees_with_the_naive_reference() {
    let mut seen_reasons: BTreeMap<String, u64> = BTreeMap::new();
    let mut seen_warnings: BTreeMap<String, u64> = BTreeMap::new();
    let mut accepted = [0u64; 3];
    for seed in 0..1_500 {
        let got = run(seed, [80, 120, 900]);
        for (i, c) in got.counts.iter().enumerate() {
            accepted[i] += c.accepted;
            for (k, v) in &c.rejected {
                *seen_reasons.entry(k.clone()).or_default() += v;
            }
            for (k, v) in &c.warnings {
                *seen_warnings.entry(k.clone()).or_default() += v;
            }
        }
    }
    // The generator is only meaningful if it reaches every outcome often.
    for reason in RejectReason::ALL {
        let n = seen_reasons.get(reason.code()).copied().unwrap_or(0);
        assert!(n >= 20, "{} seen only {n} times", reason.code());
    }
    for warning in Warning::ALL {
        let n = seen_warnings.get(warning.code()).copied().unwrap_or(0);
        // No rating line can be accepted with a Latin-1 byte, so `latin1`
        // comes from users and movies.
        assert!(n >= 20, "{} seen only {n} times", warning.code());
    }
    assert!(accepted.iter().all(|&a| a > 1_000), "{accepted:?}");
}

#[test]
fn agrees_on_large_files() {
    for seed in 10_000..10_008 {
        run(seed, [400, 600, 20_000]);
    }
}
