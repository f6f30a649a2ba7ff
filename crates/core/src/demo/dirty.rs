//! The faults injected by `--dirty`, each with the outcome it must have.

use super::*;

/// What the cleaner must do with an injected line.
#[derive(Clone, Copy)]
enum Outcome {
    Reject(RejectReason),
    Blank,
}

struct Injection {
    line: Vec<u8>,
    outcome: Outcome,
}

fn reject(line: impl Into<Vec<u8>>, reason: RejectReason) -> Injection {
    Injection {
        line: line.into(),
        outcome: Outcome::Reject(reason),
    }
}

fn blank(line: &str) -> Injection {
    Injection {
        line: line.as_bytes().to_vec(),
        outcome: Outcome::Blank,
    }
}

/// Ids the injected lines use: users and movies beyond the generated
/// ones (so their ratings are unknown), and a gap among the movie ids.
struct NewIds {
    last_user: u32,
    last_movie: u32,
    gap: u32,
}

impl NewIds {
    fn user(&self, k: u32) -> u32 {
        self.last_user + 1 + k
    }
    fn movie(&self, k: u32) -> u32 {
        self.last_movie + 100 + k
    }
    /// A user refused for its gender; ratings by it become unknown_user.
    fn bad_gender(&self) -> u32 {
        self.user(0)
    }
    /// A movie refused for its title.
    fn bad_title(&self) -> u32 {
        self.movie(1)
    }
}

pub(super) fn inject(
    rng: &mut Rng,
    files: &mut DemoFiles,
    last_user: u32,
    movie_ids: &[u32],
    ratings: &[(u32, u32, u8, u32)],
) {
    let ids = NewIds {
        last_user,
        last_movie: movie_ids.last().copied().unwrap_or(0),
        gap: (1..=movie_ids.last().copied().unwrap_or(1) + 1)
            .find(|id| movie_ids.binary_search(id).is_err())
            .unwrap_or(u32::MAX - 1),
    };
    splice(
        rng,
        &mut files.users,
        user_faults(&ids),
        &mut files.expected[0],
        10,
    );
    // One user's zip gets a Latin-1 byte: still accepted, with a warning.
    add_latin1_zip(&mut files.users, &mut files.expected[0]);
    // A UTF-8 byte-order mark and CRLF line ends must not change a thing.
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(&crlf_some(&files.users, 7));
    files.users = with_bom;

    // Warnings first, so that no injected line is rewritten.
    rewrite_movies(&mut files.movies, &mut files.expected[1]);
    let movies = movie_faults(&ids, movie_ids);
    splice(rng, &mut files.movies, movies, &mut files.expected[1], 10);
    // No newline after the last line.
    if files.movies.last() == Some(&b'\n') {
        files.movies.pop();
    }

    // Not at the very start: a first line over 64 KiB would hide the
    // file's kind from the sniffer.
    let rows = rating_faults(&ids, ratings);
    splice(rng, &mut files.ratings, rows, &mut files.expected[2], 1);
    files.ratings = crlf_some(&files.ratings, 101);
}

fn user_faults(ids: &NewIds) -> Vec<Injection> {
    use RejectReason::*;
    vec![
        reject(format!("{}::M::25::7", ids.user(10)), WrongFieldCount),
        reject(
            format!("{}::F::25::7::12345::extra", ids.user(11)),
            WrongFieldCount,
        ),
        reject("this line has no separators at all", WrongFieldCount),
        reject("0::M::25::7::12345", InvalidId),
        reject("-4::F::25::1::12345", InvalidId),
        reject("abc::M::25::1::12345", InvalidId),
        reject("4294967296::M::25::1::12345", InvalidId),
        reject(
            format!("{}::X::25::7::12345", ids.bad_gender()),
            InvalidGender,
        ),
        reject(format!("{}::m::25::7::12345", ids.user(1)), InvalidGender),
        reject(format!("{}::M::30::7::12345", ids.user(2)), InvalidAge),
        reject(format!("{}::F::::7::12345", ids.user(3)), InvalidAge),
        reject(
            format!("{}::F::25::21::12345", ids.user(4)),
            InvalidOccupation,
        ),
        reject(
            format!("{}::F::25::x::12345", ids.user(5)),
            InvalidOccupation,
        ),
        reject(format!("{}::M::25::7::", ids.user(6)), MissingZip),
        reject(format!("{}::M::25::7::   ", ids.user(7)), MissingZip),
        reject("3::F::35::1::99999", DuplicateId),
        reject("5::M::18::4::55555", DuplicateId),
        reject(format!("{}::F::25::7::12\x0045", ids.user(12)), NulByte),
        blank(""),
        blank("   "),
        blank("\t\r"),
    ]
}

fn movie_faults(ids: &NewIds, movie_ids: &[u32]) -> Vec<Injection> {
    use RejectReason::*;
    vec![
        reject(
            format!("{}::Two Fields Only (1999)", ids.movie(2)),
            WrongFieldCount,
        ),
        reject(
            format!("{}::Four (1999)::Drama::Fields", ids.movie(3)),
            WrongFieldCount,
        ),
        reject("x12::Not an Id (1999)::Drama", InvalidId),
        reject("0::Zero Id (1999)::Comedy", InvalidId),
        reject(format!("{}::::Drama", ids.bad_title()), InvalidTitle),
        reject(format!("{}::   ::Comedy", ids.movie(4)), InvalidTitle),
        reject(format!("{}::(1999)::Drama", ids.movie(5)), InvalidTitle),
        reject(
            format!("{}::Copy of an Earlier Movie (1990)::Drama", movie_ids[1]),
            DuplicateId,
        ),
        reject(
            format!("{}::Another Copy (1991)::Comedy", movie_ids[2]),
            DuplicateId,
        ),
        reject(
            format!("{}::Nul\x00 In Title (1999)::Drama", ids.movie(6)),
            NulByte,
        ),
        blank(""),
        blank("  "),
    ]
}

fn rating_faults(ids: &NewIds, ratings: &[(u32, u32, u8, u32)]) -> Vec<Injection> {
    use RejectReason::*;
    // Five (user, movie) pairs rated again: later, earlier, same time.
    let mut dups = Vec::new();
    let step = (ratings.len() / 6).max(1);
    for (k, &(user, movie, stars, ts)) in ratings.iter().step_by(step).take(5).enumerate() {
        let ts2 = match k % 3 {
            0 => ts.saturating_add(3_600),
            1 => ts.saturating_sub(3_600),
            _ => ts,
        };
        let stars2 = stars % 5 + 1;
        dups.push(reject(
            format!("{user}::{movie}::{stars2}::{ts2}"),
            DuplicateRating,
        ));
    }
    let (user, movie) = ratings.first().map_or((1, 1), |r| (r.0, r.1));
    let ts = FIRST_TS + 86_400;
    let mut rows = vec![
        reject(format!("{user}::{movie}::5"), WrongFieldCount),
        reject(format!("{user}::{movie}::5::{ts}::9"), WrongFieldCount),
        reject("hello", WrongFieldCount),
        reject(format!("0::{movie}::5::{ts}"), InvalidId),
        reject(format!("{user}::-1::5::{ts}"), InvalidId),
        reject(format!("x::{movie}::5::{ts}"), InvalidId),
        // A byte-order mark in the middle of the file (two files joined).
        reject(format!("\u{FEFF}{user}::{movie}::5::{ts}"), InvalidId),
        reject(format!("{user}::{movie}::4::{ts}\x00\x00"), NulByte),
        reject(format!("{user}::{movie}::6::{ts}"), InvalidRating),
        reject(format!("{user}::{movie}::0::{ts}"), InvalidRating),
        reject(format!("{user}::{movie}::4.5::{ts}"), InvalidRating),
        reject(format!("{user}::{movie}::five::{ts}"), InvalidRating),
        reject(format!("{user}::{movie}::4::-1"), InvalidTimestamp),
        reject(format!("{user}::{movie}::4::yesterday"), InvalidTimestamp),
        reject(format!("{user}::{movie}::4::99999999999"), InvalidTimestamp),
        reject(
            format!("{}::{movie}::4::{ts}", ids.bad_gender()),
            UnknownUser,
        ),
        reject(format!("99999::{movie}::4::{ts}"), UnknownUser),
        reject(format!("{}::{movie}::3::{ts}", ids.user(3)), UnknownUser),
        reject(format!("{user}::{}::4::{ts}", ids.gap), UnknownMovie),
        reject(
            format!("{user}::{}::4::{ts}", ids.bad_title()),
            UnknownMovie,
        ),
        reject(format!("{user}::{}::2::{ts}", ids.movie(99)), UnknownMovie),
        reject(
            format!("{user}::{movie}::4::{ts}{}", " 1".repeat(40_000)),
            LineTooLong,
        ),
        blank(""),
        blank(" "),
        blank("\r"),
    ];
    rows.extend(dups);
    rows
}

/// Inserts the lines at random line boundaries after the first
/// `skip_percent` of the file, and counts their outcomes.
fn splice(
    rng: &mut Rng,
    file: &mut Vec<u8>,
    injections: Vec<Injection>,
    expected: &mut FileLineage,
    skip_percent: usize,
) {
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(
            file.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .filter(|&i| i < file.len() || i == 0)
        .collect();
    starts.retain(|&s| s * 100 >= file.len() * skip_percent);
    let mut at: Vec<(usize, Injection)> = injections
        .into_iter()
        .map(|inj| {
            let s = if starts.is_empty() {
                file.len()
            } else {
                starts[rng.below(starts.len() as u64) as usize]
            };
            (s, inj)
        })
        .collect();
    // Stable by position, so injections at the same place keep their order.
    crate::sorting::sort_by_key(&mut at, |(s, _)| *s);
    let mut out = Vec::with_capacity(file.len() + at.len() * 64);
    let mut from = 0;
    for (s, inj) in at {
        out.extend_from_slice(&file[from..s]);
        from = s;
        out.extend_from_slice(&inj.line);
        out.push(b'\n');
        match inj.outcome {
            Outcome::Reject(reason) => expected.rejected[reason.index()] += 1,
            Outcome::Blank => expected.blank += 1,
        }
    }
    out.extend_from_slice(&file[from..]);
    *file = out;
}

/// Turns every `every`-th line end into CRLF and gives some lines
/// trailing spaces: neither may change what is accepted.
fn crlf_some(file: &[u8], every: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(file.len() + file.len() / 20);
    for (i, line) in file.split_inclusive(|b| *b == b'\n').enumerate() {
        match line.strip_suffix(b"\n") {
            Some(body) if i % every == 3 => {
                out.extend_from_slice(body);
                out.extend_from_slice(b"  \r\n");
            }
            Some(body) if i % every == 5 => {
                out.extend_from_slice(body);
                out.extend_from_slice(b"\r\n");
            }
            _ => out.extend_from_slice(line),
        }
    }
    out
}

fn add_latin1_zip(users: &mut Vec<u8>, expected: &mut FileLineage) {
    // The second line: "2::…::zip\n" → zip gains a Latin-1 'é'.
    let mut lines: Vec<Vec<u8>> = users
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if let Some(line) = lines.iter_mut().find(|l| l.starts_with(b"2::")) {
        let at = line.len() - 1;
        line.insert(at, 0xE9);
        expected.warnings[Warning::Latin1.index()] += 1;
    }
    *users = lines.concat();
}

/// Rewrites a few accepted movies so they carry each movie warning.
fn rewrite_movies(movies: &mut Vec<u8>, expected: &mut FileLineage) {
    let mut lines: Vec<Vec<u8>> = movies
        .split_inclusive(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let mut edited = 0;
    for line in lines.iter_mut() {
        // Only plain ASCII, well-formed lines, spread through the file.
        let Ok(text) = std::str::from_utf8(line) else {
            continue;
        };
        let text = text.trim_end_matches('\n');
        let parts: Vec<&str> = text.split("::").collect();
        if parts.len() != 3 || !parts[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let id: u32 = parts[0].parse().unwrap_or(0);
        if id % 97 != 13 {
            continue;
        }
        let (name, _) = crate::clean::title::split_year(parts[1]);
        let new = match edited {
            0..=2 => {
                expected.warnings[Warning::MissingYear.index()] += 1;
                format!("{}::{name}::{}", parts[0], parts[2])
            }
            3..=5 => {
                expected.warnings[Warning::UnknownGenre.index()] += 1;
                format!("{}::{}::{}|Space Opera", parts[0], parts[1], parts[2])
            }
            6 | 7 => {
                expected.warnings[Warning::NoGenres.index()] += 1;
                format!("{}::{}::", parts[0], parts[1])
            }
            8 => {
                // Both: the only genre is unknown.
                expected.warnings[Warning::UnknownGenre.index()] += 1;
                expected.warnings[Warning::NoGenres.index()] += 1;
                format!("{}::{}::Mumblecore", parts[0], parts[1])
            }
            9 => format!("{}::{}::{}", parts[0], parts[1], parts[2].to_uppercase()),
            _ => break,
        };
        *line = format!("{new}\n").into_bytes();
        edited += 1;
    }
    *movies = lines.concat();
}
