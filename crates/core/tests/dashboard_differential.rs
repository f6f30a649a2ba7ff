//! Differential test of the dashboard: seeded random datasets (written as
//! `::` text and loaded through the crate's ingest) and random filters, with
//! every number of [`Dashboard`] compared against a naive reference written
//! below from the spec alone: ratings are plain `(user, movie, stars, ts)`
//! rows joined to their user and movie through `HashMap`s, group-bys are
//! `HashMap`s and `BTreeMap`s, and the UTC calendar is a table of month
//! starts built by adding up month lengths. Nothing of the crate's analytics
//! is used but its output types.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use movielens_core::analytics::{dashboard, Dashboard, Filter, TopMovie};
use movielens_core::demo::{generate, DemoConfig, Rng};
use movielens_core::load::load_bytes;
use movielens_core::model::Gender;
use movielens_core::table::Dataset;

// ---------------------------------------------------------------------------
// The domain, restated.

const AGE_CODES: [u8; 7] = [1, 18, 25, 35, 45, 50, 56];
const AGE_LABELS: [&str; 7] = [
    "Under 18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+",
];
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
const OCCUPATION_COUNT: usize = 21;
/// Articles MovieLens moves behind a comma ("Matrix, The").
const ARTICLES: [&str; 22] = [
    "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Lo", "Gli", "I", "Das", "Der", "Die", "Den",
    "Det", "El", "Los", "Las", "Un", "Une", "Una",
];
const DAMPING: f64 = 25.0;
const TOP: usize = 10;

// ---------------------------------------------------------------------------
// A dataset as plain rows.

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: u32,
    female: bool,
    age: u8,
    occupation: u8,
}

#[derive(Debug, Clone, PartialEq)]
struct Movie {
    id: u32,
    title: String,
    display: String,
    year: Option<u16>,
    /// Genre indices, ascending, no repeats.
    genres: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rating {
    user: u32,
    movie: u32,
    stars: u8,
    ts: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct World {
    users: Vec<User>,
    movies: Vec<Movie>,
    ratings: Vec<Rating>,
}

impl World {
    /// The three files; the ratings file ends with a few lines the cleaner
    /// must refuse (they must not count anywhere): bad or unknown ids, a bad
    /// star, and earlier duplicates of the first ratings (the latest wins).
    fn text(&self) -> (String, String, String) {
        let mut users = String::new();
        for u in &self.users {
            let g = if u.female { "F" } else { "M" };
            users.push_str(&format!(
                "{}::{g}::{}::{}::{:05}\n",
                u.id,
                u.age,
                u.occupation,
                u.id * 7 % 100_000
            ));
        }
        let mut movies = String::new();
        for m in &self.movies {
            let genres: Vec<&str> = m.genres.iter().map(|&g| GENRE_NAMES[g]).collect();
            movies.push_str(&format!("{}::{}::{}\n", m.id, m.title, genres.join("|")));
        }
        let mut ratings = String::new();
        for r in &self.ratings {
            ratings.push_str(&format!("{}::{}::{}::{}\n", r.user, r.movie, r.stars, r.ts));
        }
        let (u0, m0) = (self.users[0].id, self.movies[0].id);
        ratings.push_str(&format!("0::{m0}::5::978300760\n"));
        ratings.push_str(&format!("{u0}::999999::3::978300760\n"));
        ratings.push_str(&format!("99999::{m0}::4::978300760\n"));
        ratings.push_str(&format!("{u0}::{m0}::7::978300760\n"));
        for r in self.duplicated() {
            let stars = r.stars % 5 + 1;
            ratings.push_str(&format!("{}::{}::{stars}::{}\n", r.user, r.movie, r.ts - 1));
        }
        (users, movies, ratings)
    }

    /// The ratings that [`World::text`] repeats with an earlier timestamp.
    fn duplicated(&self) -> impl Iterator<Item = &Rating> {
        self.ratings.iter().filter(|r| r.ts > 0).take(3)
    }

    fn load(&self) -> Dataset {
        let (u, m, r) = self.text();
        let cleaned = load_bytes(&[
            ("users.dat", u.as_bytes()),
            ("movies.dat", m.as_bytes()),
            ("ratings.dat", r.as_bytes()),
        ])
        .expect("a generated dataset loads");
        let ds = Dataset::new(cleaned);
        assert_eq!(ds.users.len(), self.users.len());
        assert_eq!(ds.movies.len(), self.movies.len());
        assert_eq!(ds.len(), self.ratings.len());
        assert_eq!(ds.rejects.len(), 4 + self.duplicated().count());
        ds
    }
}

/// Parses `::` files the plain way (for the demo generator's output).
fn parse_world(users: &[u8], movies: &[u8], ratings: &[u8]) -> World {
    fn lines(bytes: &[u8]) -> Vec<String> {
        bytes
            .split(|&b| b == b'\n')
            .map(|l| match std::str::from_utf8(l) {
                Ok(s) => s.to_owned(),
                Err(_) => l.iter().map(|&b| char::from(b)).collect(),
            })
            .map(|s| s.trim_end().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }
    let mut w = World::default();
    for l in lines(users) {
        let f: Vec<&str> = l.split("::").collect();
        assert_eq!(f.len(), 5, "{l}");
        w.users.push(User {
            id: f[0].parse().unwrap(),
            female: f[1] == "F",
            age: f[2].parse().unwrap(),
            occupation: f[3].parse().unwrap(),
        });
    }
    for l in lines(movies) {
        let f: Vec<&str> = l.split("::").collect();
        assert_eq!(f.len(), 3, "{l}");
        let title = f[1].trim().to_owned();
        let (name, year) = match title.len().checked_sub(6).map(|i| title.split_at(i)) {
            Some((head, tail))
                if tail.starts_with('(')
                    && tail.ends_with(')')
                    && tail[1..5].chars().all(|c| c.is_ascii_digit()) =>
            {
                (
                    head.trim_end().to_owned(),
                    Some(tail[1..5].parse().unwrap()),
                )
            }
            _ => (title.clone(), None),
        };
        let mut genres: Vec<usize> = f[2]
            .split('|')
            .filter(|g| !g.is_empty())
            .map(|g| GENRE_NAMES.iter().position(|n| n == &g).unwrap())
            .collect();
        genres.sort_unstable();
        genres.dedup();
        w.movies.push(Movie {
            id: f[0].parse().unwrap(),
            display: display_of(&name),
            title,
            year,
            genres,
        });
    }
    for l in lines(ratings) {
        let f: Vec<u32> = l.split("::").map(|x| x.parse().unwrap()).collect();
        w.ratings.push(Rating {
            user: f[0],
            movie: f[1],
            stars: f[2] as u8,
            ts: f[3],
        });
    }
    w
}

/// "Matrix, The" → "The Matrix"; alternate titles in parentheses stay.
fn display_of(name: &str) -> String {
    let (main, rest) = match name.find(" (") {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    for a in ARTICLES {
        if let Some(head) = main.strip_suffix(&format!(", {a}")) {
            let sep = if a.ends_with('\'') { "" } else { " " };
            return format!("{a}{sep}{head}{rest}");
        }
    }
    name.to_owned()
}

// ---------------------------------------------------------------------------
// Random datasets.

const WORDS: [&str; 16] = [
    "Quiet", "River", "Iron", "Summer", "Ghost", "Harbor", "Velvet", "Storm", "Paper", "Moon",
    "Garden", "Echo", "Wild", "Saint", "Blue", "Thief",
];

fn pick<T: Copy>(rng: &mut Rng, from: &[T]) -> T {
    from[rng.below(from.len() as u64) as usize]
}

/// The last second the random timestamps go to (2104-09): the month after
/// the last one still starts below 2^32.
const MAX_TS: u32 = 4_250_000_000;

fn random_world(rng: &mut Rng, cal: &Calendar) -> World {
    let n_users = 20 + rng.below(181) as usize;
    let n_movies = 10 + rng.below(91) as usize;
    let target = match rng.below(10) {
        0 => 0,
        1 => 1 + rng.below(20),
        2..=4 => rng.below(400),
        _ => rng.below(3001),
    } as usize;

    let gender_mode = rng.below(8);
    let occupations: Vec<u8> = if rng.below(3) == 0 {
        (0..3).map(|_| rng.below(21) as u8).collect()
    } else {
        (0..21).collect()
    };
    let mut seen = HashSet::new();
    let mut users = Vec::new();
    while users.len() < n_users {
        let id = 1 + rng.below(9_999) as u32;
        if !seen.insert(id) {
            continue;
        }
        let female = match gender_mode {
            0 => true,
            1 => false,
            _ => rng.below(3) == 0,
        };
        users.push(User {
            id,
            female,
            age: pick(rng, &AGE_CODES),
            occupation: pick(rng, &occupations),
        });
    }

    // Few distinct years, so that years are shared.
    let years: Vec<u16> = (0..1 + rng.below(8))
        .map(|_| 1930 + rng.below(76) as u16)
        .collect();
    let genre_palette: Vec<usize> = if rng.below(2) == 0 {
        (0..4).map(|_| rng.below(18) as usize).collect()
    } else {
        (0..18).collect()
    };
    let mut seen = HashSet::new();
    let mut movies = Vec::new();
    while movies.len() < n_movies {
        let id = 1 + rng.below(5_000) as u32;
        if !seen.insert(id) {
            continue;
        }
        let mut name = format!("{} {}", pick(rng, &WORDS), pick(rng, &WORDS));
        if rng.below(4) == 0 {
            name = format!("{name} {}", movies.len());
        }
        let display = name.clone();
        let (name, display) = match rng.below(10) {
            0 => (format!("{name}, The"), format!("The {display}")),
            1 => (format!("{name}, A"), format!("A {display}")),
            _ => (name, display),
        };
        let year = (rng.below(5) != 0).then(|| pick(rng, &years));
        let title = match year {
            Some(y) => format!("{name} ({y})"),
            None => name,
        };
        let mut genres: Vec<usize> = if rng.below(8) == 0 {
            Vec::new()
        } else {
            (0..1 + rng.below(3))
                .map(|_| pick(rng, &genre_palette))
                .collect()
        };
        genres.sort_unstable();
        genres.dedup();
        movies.push(Movie {
            id,
            title,
            display,
            year,
            genres,
        });
    }

    // Some users and movies never rate / are never rated.
    let activity: Vec<f64> = (0..n_users)
        .map(|_| {
            if rng.below(7) == 0 {
                0.0
            } else {
                1.0 + rng.below(10) as f64
            }
        })
        .collect();
    let popularity: Vec<f64> = (0..n_movies)
        .map(|_| match rng.below(10) {
            0 | 1 => 0.0,
            2 => 30.0,
            _ => 1.0 + rng.below(6) as f64,
        })
        .collect();
    let star_mode = rng.below(4);
    let ts_mode = rng.below(4);
    let (lo, hi) = match ts_mode {
        0 => (956_703_932u32, 1_046_454_590u32),
        1 => {
            let start = 900_000_000 + rng.below(100_000_000) as u32;
            (start, start + rng.below(120 * 86_400) as u32)
        }
        2 => (0, MAX_TS),
        _ => (978_000_000, 979_000_000),
    };
    // A handful of shared instants (exact month starts and their neighbours
    // among them) for ties and boundaries.
    let instants: Vec<u32> = (0..6)
        .map(|_| {
            let t = lo + rng.below(u64::from(hi - lo) + 1) as u32;
            let m = cal.month(t);
            let start = cal.starts[m] as u32;
            match rng.below(3) {
                0 => start,
                1 => start.saturating_sub(1),
                _ => t,
            }
        })
        .collect();

    let mut pairs = HashSet::new();
    let mut ratings = Vec::new();
    let can_rate = activity.iter().any(|&a| a > 0.0) && popularity.iter().any(|&p| p > 0.0);
    let mut tries = 0;
    while can_rate && ratings.len() < target && tries < target * 20 {
        tries += 1;
        let u = rng.weighted(&activity);
        let m = rng.weighted(&popularity);
        if activity[u] == 0.0 || popularity[m] == 0.0 || !pairs.insert((u, m)) {
            continue;
        }
        let stars = match star_mode {
            0 => 1 + rng.below(5) as u8,
            1 => 3 + rng.below(2) as u8,
            2 => [1, 5, 5, 4][rng.below(4) as usize],
            _ => 1 + rng.weighted(&[1.0, 1.0, 3.0, 6.0, 4.0]) as u8,
        };
        let ts = if rng.below(4) == 0 {
            pick(rng, &instants)
        } else {
            lo + rng.below(u64::from(hi - lo) + 1) as u32
        };
        ratings.push(Rating {
            user: users[u].id,
            movie: movies[m].id,
            stars,
            ts,
        });
    }
    World {
        users,
        movies,
        ratings,
    }
}

fn random_filter(rng: &mut Rng, w: &World, cal: &Calendar) -> (Filter, u64) {
    let p = [15, 35, 60][rng.below(3) as usize];
    let on = |rng: &mut Rng| rng.below(100) < p;
    let mut f = Filter::default();
    if on(rng) {
        f.genders = match rng.below(4) {
            0 => vec![Gender::F],
            1 => vec![Gender::M],
            2 => vec![Gender::M, Gender::F],
            _ => vec![Gender::F, Gender::F],
        };
    }
    if on(rng) {
        f.ages = (0..1 + rng.below(3))
            .map(|_| pick(rng, &AGE_CODES))
            .collect();
        if rng.below(15) == 0 {
            f.ages.push(30);
        }
    }
    if on(rng) {
        f.occupations = (0..1 + rng.below(6)).map(|_| rng.below(21) as u8).collect();
        if rng.below(15) == 0 {
            f.occupations.push(21 + rng.below(200) as u8);
        }
    }
    if on(rng) {
        f.genres = (0..1 + rng.below(3)).map(|_| rng.below(18) as u8).collect();
        if rng.below(15) == 0 {
            f.genres.push(18 + rng.below(200) as u8);
        }
    }
    if on(rng) && !w.ratings.is_empty() {
        let end = |rng: &mut Rng| -> u32 {
            let t = pick(rng, &w.ratings).ts;
            match rng.below(5) {
                0 => t.saturating_add(1),
                1 => cal.starts[cal.month(t)] as u32,
                2 => t.saturating_add(rng.below(40 * 86_400) as u32),
                _ => t,
            }
        };
        let (a, b) = (end(rng), end(rng));
        f.time = Some(match rng.below(10) {
            0 => (a.max(b), a.min(b)),
            1 => (a, a),
            _ => (a.min(b), a.max(b)),
        });
    }
    if on(rng) {
        let years: Vec<u16> = w.movies.iter().filter_map(|m| m.year).collect();
        let end = |rng: &mut Rng| -> u16 {
            if years.is_empty() || rng.below(5) == 0 {
                1920 + rng.below(90) as u16
            } else {
                pick(rng, &years)
            }
        };
        let (a, b) = (end(rng), end(rng));
        f.years = Some(if rng.below(10) == 0 {
            (a.max(b), a.min(b))
        } else {
            (a.min(b), a.max(b))
        });
    }
    if on(rng) {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for r in &w.ratings {
            *counts.entry(r.movie).or_default() += 1;
        }
        let max = counts.values().copied().max().unwrap_or(0);
        f.min_ratings = rng.below(u64::from(max) + 2) as u32;
    }
    if on(rng) && !w.movies.is_empty() {
        // Movie ids, some not in the dataset (a stale link).
        f.movies = (0..1 + rng.below(3))
            .map(|_| match rng.below(8) {
                0 => 100_000 + rng.below(100) as u32,
                // A rated movie (the movie of a random rating) when there
                // are ratings: most movies of a sparse world have none.
                1..=5 if !w.ratings.is_empty() => {
                    w.ratings[rng.below(w.ratings.len() as u64) as usize].movie
                }
                _ => w.movies[rng.below(w.movies.len() as u64) as usize].id,
            })
            .collect();
        f.movies.sort_unstable();
        f.movies.dedup();
    }
    let top_min = match rng.below(6) {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3 + rng.below(4),
        _ => rng.below(40),
    };
    (f, top_min)
}

// ---------------------------------------------------------------------------
// A UTC calendar from month lengths.

struct Calendar {
    /// Unix seconds of the first instant of month `i` (months since 1970-01).
    starts: Vec<u64>,
}

impl Calendar {
    fn new() -> Self {
        let leap =
            |y: u64| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
        let mut starts = Vec::new();
        let mut t = 0u64;
        for year in 1970..2110u64 {
            for month in 1..=12 {
                starts.push(t);
                let days = match month {
                    4 | 6 | 9 | 11 => 30,
                    2 if leap(year) => 29,
                    2 => 28,
                    _ => 31,
                };
                t += days * 86_400;
            }
        }
        Calendar { starts }
    }

    /// Month index (months since 1970-01) of a timestamp.
    fn month(&self, ts: u32) -> usize {
        self.starts.partition_point(|&s| s <= u64::from(ts)) - 1
    }

    fn key(index: usize) -> String {
        format!("{:04}-{:02}", 1970 + index / 12, index % 12 + 1)
    }
}

/// `weekday * 24 + hour`, UTC, Monday = 0 (1970-01-01 was a Thursday).
fn weekhour(ts: u32) -> usize {
    let days = ts / 86_400;
    let weekday = (days + 3) % 7;
    (weekday * 24 + ts % 86_400 / 3_600) as usize
}

#[test]
fn reference_calendar_facts() {
    let cal = Calendar::new();
    // 2000-12-31 22:12:40 UTC, a Sunday.
    assert_eq!(Calendar::key(cal.month(978_300_760)), "2000-12");
    assert_eq!(weekhour(978_300_760), 6 * 24 + 22);
    // 2000-02-29 exists (2000 is a leap year); 2100-02-29 does not.
    assert_eq!(
        cal.starts[30 * 12 + 2] - cal.starts[30 * 12 + 1],
        29 * 86_400
    );
    assert_eq!(
        cal.starts[130 * 12 + 2] - cal.starts[130 * 12 + 1],
        28 * 86_400
    );
    // 2001-03-01 00:00:00 UTC, a Thursday, and the second before it.
    assert_eq!(cal.starts[31 * 12 + 2], 983_404_800);
    assert_eq!(Calendar::key(cal.month(983_404_799)), "2001-02");
    assert_eq!(weekhour(983_404_800), 3 * 24);
    // 1970-01-05 was a Monday.
    assert_eq!(weekhour(4 * 86_400 + 3_600), 1);
    assert_eq!(Calendar::key(cal.month(0)), "1970-01");
    assert_eq!(Calendar::key(cal.month(MAX_TS)), "2104-09");
}

// ---------------------------------------------------------------------------
// The reference.

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Acc {
    n: u64,
    sum: u64,
}

impl Acc {
    fn add(&mut self, stars: u8) {
        self.n += 1;
        self.sum += u64::from(stars);
    }
    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }
}

/// All-pass ratings of one movie.
#[derive(Debug, Clone, Default)]
struct MovieAcc {
    stars: Vec<u8>,
    female: Acc,
    male: Acc,
}

impl MovieAcc {
    fn n(&self) -> u64 {
        self.stars.len() as u64
    }
    fn sum(&self) -> u64 {
        self.stars.iter().map(|&s| u64::from(s)).sum()
    }
    /// The sample variance as an exact fraction: sum of (n x - S)^2 over
    /// n^2 (n - 1); 0/1 with one rating.
    fn variance(&self) -> (u128, u128) {
        let n = self.stars.len() as i128;
        if n < 2 {
            return (0, 1);
        }
        let s = self.sum() as i128;
        let num: i128 = self
            .stars
            .iter()
            .map(|&x| (n * i128::from(x) - s).pow(2))
            .sum();
        (num as u128, (n * n * (n - 1)) as u128)
    }
}

mod bit {
    pub const GENDER: u8 = 1;
    pub const AGE: u8 = 2;
    pub const OCCUPATION: u8 = 4;
    pub const GENRE: u8 = 8;
    pub const YEAR: u8 = 16;
    pub const MIN_RATINGS: u8 = 32;
    pub const TIME: u8 = 64;
    pub const MOVIE: u8 = 128;
}

/// Lookups built once per world.
struct Index<'a> {
    users: HashMap<u32, &'a User>,
    movies: HashMap<u32, &'a Movie>,
    /// Ratings per movie in the whole dataset.
    totals: HashMap<u32, u64>,
}

impl<'a> Index<'a> {
    fn new(w: &'a World) -> Self {
        let mut totals = HashMap::new();
        for r in &w.ratings {
            *totals.entry(r.movie).or_default() += 1;
        }
        Index {
            users: w.users.iter().map(|u| (u.id, u)).collect(),
            movies: w.movies.iter().map(|m| (m.id, m)).collect(),
            totals,
        }
    }

    /// The dimensions a rating fails.
    fn fails(&self, f: &Filter, r: &Rating) -> u8 {
        let u = self.users[&r.user];
        let m = self.movies[&r.movie];
        let gender = if u.female { Gender::F } else { Gender::M };
        let mut bits = 0;
        if !f.genders.is_empty() && !f.genders.contains(&gender) {
            bits |= bit::GENDER;
        }
        if !f.ages.is_empty() && !f.ages.contains(&u.age) {
            bits |= bit::AGE;
        }
        if !f.occupations.is_empty() && !f.occupations.contains(&u.occupation) {
            bits |= bit::OCCUPATION;
        }
        if !f.genres.is_empty() && !m.genres.iter().any(|&g| f.genres.contains(&(g as u8))) {
            bits |= bit::GENRE;
        }
        if let Some((from, to)) = f.years {
            if !m.year.is_some_and(|y| from <= y && y <= to) {
                bits |= bit::YEAR;
            }
        }
        if self.totals[&r.movie] < u64::from(f.min_ratings) {
            bits |= bit::MIN_RATINGS;
        }
        if let Some((from, to)) = f.time {
            if !(from <= r.ts && r.ts < to) {
                bits |= bit::TIME;
            }
        }
        if !f.movies.is_empty() && !f.movies.contains(&r.movie) {
            bits |= bit::MOVIE;
        }
        bits
    }
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// Compares a top list with the reference's movies, in order.
fn assert_top(
    ctx: &str,
    what: &str,
    got: &[TopMovie],
    want: &[(u32, &MovieAcc)],
    idx: &Index,
    damped: &dyn Fn(&MovieAcc) -> f64,
) {
    let got_ids: Vec<u32> = got.iter().map(|t| t.movie_id).collect();
    let want_ids: Vec<u32> = want.iter().map(|(id, _)| *id).collect();
    assert_eq!(got_ids, want_ids, "{what} order: {ctx}");
    for (t, (id, acc)) in got.iter().zip(want) {
        let movie = idx.movies[id];
        assert_eq!(t.title, movie.title, "{what} title of {id}: {ctx}");
        assert_eq!(t.display, movie.display, "{what} display of {id}: {ctx}");
        assert_eq!(t.year, movie.year, "{what} year of {id}: {ctx}");
        assert_eq!(t.ratings, acc.n(), "{what} ratings of {id}: {ctx}");
        assert_eq!(
            t.mean,
            acc.sum() as f64 / acc.n() as f64,
            "{what} mean of {id}: {ctx}"
        );
        let (num, den) = acc.variance();
        match t.std {
            None => assert_eq!(acc.n(), 1, "{what} std of {id} is None: {ctx}"),
            Some(s) => {
                assert!(acc.n() > 1, "{what} std of {id} with one rating: {ctx}");
                let want = (num as f64 / den as f64).sqrt();
                assert!(close(s, want), "{what} std of {id}: {s} vs {want}: {ctx}");
            }
        }
        let want = damped(acc);
        assert!(
            close(t.damped, want),
            "{what} damped of {id}: {} vs {want}: {ctx}",
            t.damped
        );
    }
}

fn check(
    w: &World,
    idx: &Index,
    cal: &Calendar,
    f: &Filter,
    top_min: u64,
    d: &Dashboard,
    ctx: &str,
) {
    let fails: Vec<u8> = w.ratings.iter().map(|r| idx.fails(f, r)).collect();
    let passes_but = |i: usize, except: u8| fails[i] & !except == 0;

    // --- Charts not filtered by their own dimension.
    let mut gender = [Acc::default(); 2];
    let mut age = [Acc::default(); 7];
    let mut occupation = [Acc::default(); OCCUPATION_COUNT];
    let mut genre = [Acc::default(); 18];
    let mut years: BTreeMap<u16, (Acc, BTreeSet<u32>)> = BTreeMap::new();
    let first = w.ratings.iter().map(|r| cal.month(r.ts)).min();
    let last = w.ratings.iter().map(|r| cal.month(r.ts)).max();
    let mut months: BTreeMap<usize, Acc> = BTreeMap::new();
    if let (Some(a), Some(b)) = (first, last) {
        for m in a..=b {
            months.insert(m, Acc::default());
        }
    }
    for (i, r) in w.ratings.iter().enumerate() {
        let u = idx.users[&r.user];
        let m = idx.movies[&r.movie];
        if passes_but(i, bit::GENDER) {
            gender[usize::from(!u.female)].add(r.stars);
        }
        if passes_but(i, bit::AGE) {
            let a = AGE_CODES.iter().position(|&c| c == u.age).unwrap();
            age[a].add(r.stars);
        }
        if passes_but(i, bit::OCCUPATION) {
            occupation[usize::from(u.occupation)].add(r.stars);
        }
        if passes_but(i, bit::GENRE) {
            for &g in &m.genres {
                genre[g].add(r.stars);
            }
        }
        if passes_but(i, bit::YEAR) {
            if let Some(y) = m.year {
                let e = years.entry(y).or_default();
                e.0.add(r.stars);
                e.1.insert(m.id);
            }
        }
        if passes_but(i, bit::TIME) {
            months.get_mut(&cal.month(r.ts)).unwrap().add(r.stars);
        }
    }
    let bars = |what: &str, got: Vec<(String, u64, Option<f64>)>, want: Vec<(String, Acc)>| {
        assert_eq!(got.len(), want.len(), "{what} length: {ctx}");
        for (g, (key, acc)) in got.iter().zip(&want) {
            assert_eq!(&g.0, key, "{what} key: {ctx}");
            assert_eq!(g.1, acc.n, "{what} {key} ratings: {ctx}");
            assert_eq!(g.2, acc.mean(), "{what} {key} mean: {ctx}");
        }
    };
    bars(
        "by_gender",
        d.by_gender
            .iter()
            .map(|b| (format!("{}/{}", b.key, b.label), b.ratings, b.mean))
            .collect(),
        vec![("F/Female".into(), gender[0]), ("M/Male".into(), gender[1])],
    );
    bars(
        "by_age",
        d.by_age
            .iter()
            .map(|b| (format!("{}/{}", b.key, b.label), b.ratings, b.mean))
            .collect(),
        (0..7)
            .map(|a| (format!("{}/{}", AGE_CODES[a], AGE_LABELS[a]), age[a]))
            .collect(),
    );
    bars(
        "by_occupation",
        d.by_occupation
            .iter()
            .map(|b| (b.key.to_string(), b.ratings, b.mean))
            .collect(),
        (0..OCCUPATION_COUNT)
            .map(|o| (o.to_string(), occupation[o]))
            .collect(),
    );
    bars(
        "by_genre",
        d.by_genre
            .iter()
            .map(|b| (format!("{}/{}", b.key, b.label), b.ratings, b.mean))
            .collect(),
        (0..18)
            .map(|g| (format!("{0}/{0}", GENRE_NAMES[g]), genre[g]))
            .collect(),
    );
    let got_years: Vec<(u16, u64, Option<f64>, u64)> = d
        .by_year
        .iter()
        .map(|y| (y.year, y.ratings, y.mean, y.movies))
        .collect();
    let want_years: Vec<(u16, u64, Option<f64>, u64)> = years
        .iter()
        .map(|(&y, (acc, movies))| (y, acc.n, acc.mean(), movies.len() as u64))
        .collect();
    assert_eq!(got_years, want_years, "by_year: {ctx}");
    let got_months: Vec<(String, u32, u32, u64, Option<f64>)> = d
        .by_month
        .iter()
        .map(|m| (m.key.clone(), m.from, m.to, m.ratings, m.mean))
        .collect();
    let want_months: Vec<(String, u32, u32, u64, Option<f64>)> = months
        .iter()
        .map(|(&m, acc)| {
            (
                Calendar::key(m),
                u32::try_from(cal.starts[m]).unwrap(),
                u32::try_from(cal.starts[m + 1]).unwrap(),
                acc.n,
                acc.mean(),
            )
        })
        .collect();
    assert_eq!(got_months, want_months, "by_month: {ctx}");

    // --- Everything else: ratings passing every dimension.
    let mut total = Acc::default();
    let mut users: HashMap<u32, u64> = HashMap::new();
    let mut movies: BTreeMap<u32, MovieAcc> = BTreeMap::new();
    let mut histogram = [0u64; 10];
    let mut week = vec![0u64; 7 * 24];
    let mut genre_age = [[Acc::default(); 7]; 18];
    // The movie lists ignore the movie filter: their movies and the mean
    // their damped means pull toward.
    let mut listed: BTreeMap<u32, MovieAcc> = BTreeMap::new();
    let mut listed_total = Acc::default();
    for (i, r) in w.ratings.iter().enumerate() {
        if !passes_but(i, bit::MOVIE) {
            continue;
        }
        let u = idx.users[&r.user];
        listed_total.add(r.stars);
        let acc = listed.entry(r.movie).or_default();
        acc.stars.push(r.stars);
        if u.female {
            acc.female.add(r.stars);
        } else {
            acc.male.add(r.stars);
        }
    }
    for (i, r) in w.ratings.iter().enumerate() {
        if fails[i] != 0 {
            continue;
        }
        let u = idx.users[&r.user];
        let m = idx.movies[&r.movie];
        total.add(r.stars);
        *users.entry(r.user).or_default() += 1;
        movies.entry(r.movie).or_default().stars.push(r.stars);
        histogram[usize::from(r.stars) * 2 - 1] += 1;
        week[weekhour(r.ts)] += 1;
        let a = AGE_CODES.iter().position(|&c| c == u.age).unwrap();
        for &g in &m.genres {
            genre_age[g][a].add(r.stars);
        }
    }
    assert_eq!(d.kpis.ratings, total.n, "kpis.ratings: {ctx}");
    assert_eq!(d.kpis.users, users.len() as u64, "kpis.users: {ctx}");
    assert_eq!(d.kpis.movies, movies.len() as u64, "kpis.movies: {ctx}");
    assert_eq!(d.kpis.mean, total.mean(), "kpis.mean: {ctx}");
    assert_eq!(
        d.kpis.ratings_per_user,
        (!users.is_empty()).then(|| total.n as f64 / users.len() as f64),
        "kpis.ratings_per_user: {ctx}"
    );
    assert_eq!(d.histogram, histogram, "histogram: {ctx}");
    assert_eq!(d.weekhour, week, "weekhour: {ctx}");
    assert_eq!(d.genre_age.len(), 18, "genre_age rows: {ctx}");
    for (g, row) in d.genre_age.iter().enumerate() {
        let got: Vec<(u8, String, u64, Option<f64>)> = row
            .iter()
            .map(|b| (b.key.code(), b.label.clone(), b.ratings, b.mean))
            .collect();
        let want: Vec<(u8, String, u64, Option<f64>)> = (0..7)
            .map(|a| {
                let acc = genre_age[g][a];
                (AGE_CODES[a], AGE_LABELS[a].to_owned(), acc.n, acc.mean())
            })
            .collect();
        assert_eq!(got, want, "genre_age[{}]: {ctx}", GENRE_NAMES[g]);
    }

    // Top lists.
    let all: Vec<(u32, &MovieAcc)> = listed.iter().map(|(&id, acc)| (id, acc)).collect();
    let floor = top_min.max(1);
    let popular: Vec<(u32, &MovieAcc)> = all
        .iter()
        .copied()
        .filter(|(_, a)| a.n() >= floor)
        .collect();
    assert_eq!(d.top_min_ratings, top_min, "top_min_ratings: {ctx}");
    assert_eq!(
        d.movies_with_min_ratings,
        popular.len() as u64,
        "movies_with_min_ratings: {ctx}"
    );

    // The damped mean as the spec writes it, in f64.
    let overall = listed_total.mean().unwrap_or(0.0);
    let damped = |a: &MovieAcc| (a.sum() as f64 + DAMPING * overall) / (a.n() as f64 + DAMPING);

    let mut by_count = all.clone();
    by_count.sort_by(|a, b| b.1.n().cmp(&a.1.n()).then(a.0.cmp(&b.0)));
    by_count.truncate(TOP);
    assert_top(
        ctx,
        "top_by_count",
        &d.top_by_count,
        &by_count,
        idx,
        &damped,
    );

    // Means compared as exact fractions.
    let mut by_mean = popular.clone();
    by_mean.sort_by(|a, b| {
        (u128::from(b.1.sum()) * u128::from(a.1.n()))
            .cmp(&(u128::from(a.1.sum()) * u128::from(b.1.n())))
            .then(b.1.n().cmp(&a.1.n()))
            .then(a.0.cmp(&b.0))
    });
    by_mean.truncate(TOP);
    assert_top(ctx, "top_by_mean", &d.top_by_mean, &by_mean, idx, &damped);

    let mut by_damped = popular.clone();
    by_damped.sort_by(|a, b| {
        damped(b.1)
            .total_cmp(&damped(a.1))
            .then(b.1.n().cmp(&a.1.n()))
            .then(a.0.cmp(&b.0))
    });
    by_damped.truncate(TOP);
    assert_top(
        ctx,
        "top_by_damped",
        &d.top_by_damped,
        &by_damped,
        idx,
        &damped,
    );

    // Variances compared as exact fractions.
    let mut divisive = popular.clone();
    divisive.sort_by(|a, b| {
        let (na, da) = a.1.variance();
        let (nb, db) = b.1.variance();
        (nb * da)
            .cmp(&(na * db))
            .then(b.1.n().cmp(&a.1.n()))
            .then(a.0.cmp(&b.0))
    });
    divisive.truncate(TOP);
    assert_top(
        ctx,
        "most_divisive",
        &d.most_divisive,
        &divisive,
        idx,
        &damped,
    );

    // Gender gap.
    let mut gaps: Vec<(u32, &MovieAcc, f64, f64, f64)> = popular
        .iter()
        .filter(|(_, a)| a.female.n > 0 && a.male.n > 0)
        .map(|&(id, a)| {
            let mf = a.female.sum as f64 / a.female.n as f64;
            let mm = a.male.sum as f64 / a.male.n as f64;
            (id, a, mf, mm, mf - mm)
        })
        .collect();
    gaps.sort_by(|a, b| b.4.total_cmp(&a.4).then(a.0.cmp(&b.0)));
    gaps.truncate(TOP);
    assert_eq!(
        d.gender_gap.iter().map(|g| g.movie_id).collect::<Vec<_>>(),
        gaps.iter().map(|g| g.0).collect::<Vec<_>>(),
        "gender_gap order: {ctx}"
    );
    for (g, (id, a, mf, mm, diff)) in d.gender_gap.iter().zip(&gaps) {
        let movie = idx.movies[id];
        assert_eq!(g.title, movie.title, "gap title: {ctx}");
        assert_eq!(g.display, movie.display, "gap display: {ctx}");
        assert_eq!(
            (g.ratings_f, g.ratings_m, g.mean_f, g.mean_m, g.diff),
            (a.female.n, a.male.n, *mf, *mm, *diff),
            "gender_gap {id}: {ctx}"
        );
    }

    // Long tails.
    let mut per_user: BTreeMap<u64, u64> = BTreeMap::new();
    for &c in users.values() {
        *per_user.entry(c).or_default() += 1;
    }
    let mut per_movie: BTreeMap<u64, u64> = BTreeMap::new();
    for a in movies.values() {
        *per_movie.entry(a.n()).or_default() += 1;
    }
    let freq = |v: &[movielens_core::analytics::Frequency]| -> Vec<(u64, u64)> {
        v.iter().map(|f| (f.ratings, f.count)).collect()
    };
    assert_eq!(
        freq(&d.ratings_per_user),
        per_user.into_iter().collect::<Vec<_>>(),
        "ratings_per_user: {ctx}"
    );
    assert_eq!(
        freq(&d.ratings_per_movie),
        per_movie.into_iter().collect::<Vec<_>>(),
        "ratings_per_movie: {ctx}"
    );
    let picked: Vec<u32> = f
        .movies
        .iter()
        .copied()
        .filter(|id| idx.movies.contains_key(id))
        .collect();
    let got: Vec<u32> = d.picked_movies.iter().map(|m| m.movie_id).collect();
    assert_eq!(got, picked, "picked_movies: {ctx}");
}

// ---------------------------------------------------------------------------
// The tests.

/// What the random filters reached, so the test cannot pass vacuously.
#[derive(Debug, Default)]
struct Reach {
    dashboards: u64,
    nonempty: u64,
    filtered_nonempty: u64,
    gaps: u64,
    top_by_mean: u64,
    years: u64,
    multi_rating_divisive: u64,
    /// A movie filter kept some ratings, and a movie list showed other movies.
    movie_filtered: u64,
}

fn run(
    w: &World,
    ds: &Dataset,
    rng: &mut Rng,
    cal: &Calendar,
    n: usize,
    label: &str,
    reach: &mut Reach,
) {
    let idx = Index::new(w);
    for k in 0..n {
        let (f, top_min) = if k == 0 {
            (Filter::default(), rng.below(5))
        } else if k == 1 && !w.ratings.is_empty() {
            // The movie filter alone, on a rated movie.
            let movies = vec![w.ratings[0].movie];
            (
                Filter {
                    movies,
                    ..Filter::default()
                },
                1,
            )
        } else {
            random_filter(rng, w, cal)
        };
        let d = dashboard(ds, &f, top_min);
        let ctx = format!("{label}, filter {k}: {f:?}, top_min_ratings {top_min}");
        check(w, &idx, cal, &f, top_min, &d, &ctx);
        reach.dashboards += 1;
        if d.kpis.ratings > 0 {
            reach.nonempty += 1;
            if !f.is_empty() {
                reach.filtered_nonempty += 1;
            }
        }
        reach.gaps += u64::from(!d.gender_gap.is_empty());
        reach.top_by_mean += u64::from(!d.top_by_mean.is_empty());
        reach.years += u64::from(!d.by_year.is_empty());
        reach.multi_rating_divisive += u64::from(d.most_divisive.iter().any(|t| t.ratings > 1));
        reach.movie_filtered += u64::from(
            d.kpis.ratings > 0
                && d.top_by_count
                    .iter()
                    .any(|t| !f.movies.is_empty() && !f.movies.contains(&t.movie_id)),
        );
    }
}

#[test]
fn random_datasets_match_the_reference() {
    let cal = Calendar::new();
    let mut reach = Reach::default();
    let mut empty_worlds = 0;
    for seed in 0..250u64 {
        let mut rng = Rng::new(0xDA5B_0A2D + seed);
        let w = random_world(&mut rng, &cal);
        empty_worlds += u64::from(w.ratings.is_empty());
        let ds = w.load();
        // The plain parser (used on the demo files) agrees with the generator.
        let (u, m, _) = w.text();
        let parsed = parse_world(u.as_bytes(), m.as_bytes(), b"");
        assert_eq!(parsed.users, w.users, "seed {seed}");
        assert_eq!(parsed.movies, w.movies, "seed {seed}");
        run(
            &w,
            &ds,
            &mut rng,
            &cal,
            16,
            &format!("seed {seed}"),
            &mut reach,
        );
    }
    assert!(empty_worlds > 0, "no dataset without ratings: {reach:?}");
    assert!(reach.nonempty > reach.dashboards / 3, "{reach:?}");
    assert!(reach.filtered_nonempty > reach.dashboards / 4, "{reach:?}");
    assert!(reach.gaps > reach.dashboards / 5, "{reach:?}");
    assert!(reach.top_by_mean > reach.dashboards / 5, "{reach:?}");
    assert!(reach.years > reach.dashboards / 5, "{reach:?}");
    assert!(
        reach.multi_rating_divisive > reach.dashboards / 5,
        "{reach:?}"
    );
    assert!(reach.movie_filtered > reach.dashboards / 20, "{reach:?}");
}

#[test]
fn demo_datasets_match_the_reference() {
    let cal = Calendar::new();
    let mut reach = Reach::default();
    for seed in [1u64, 2, 3] {
        let files = generate(&DemoConfig {
            ratings: 20_000,
            seed,
            dirty: false,
        });
        let cleaned = load_bytes(&[
            ("users.dat", &files.users[..]),
            ("movies.dat", &files.movies),
            ("ratings.dat", &files.ratings),
        ])
        .expect("demo data loads");
        let ds = Dataset::new(cleaned);
        let w = parse_world(&files.users, &files.movies, &files.ratings);
        assert_eq!(ds.len(), w.ratings.len());
        assert_eq!(ds.len(), 20_000);
        let mut rng = Rng::new(0xDE70 + seed);
        run(
            &w,
            &ds,
            &mut rng,
            &cal,
            16,
            &format!("demo seed {seed}"),
            &mut reach,
        );
    }
    assert!(reach.filtered_nonempty >= 10, "{reach:?}");
    assert!(reach.gaps >= 10, "{reach:?}");
    assert!(reach.movie_filtered >= 3, "{reach:?}");
}

/// Loads a tiny dataset from literal lines.
fn tiny(users: &str, movies: &str, ratings: &str) -> Dataset {
    let cleaned = load_bytes(&[
        ("users.dat", users.as_bytes()),
        ("movies.dat", movies.as_bytes()),
        ("ratings.dat", ratings.as_bytes()),
    ])
    .unwrap();
    Dataset::new(cleaned)
}

type Counts = Vec<(u64, Option<f64>)>;

fn gender_chart(d: &Dashboard) -> Counts {
    d.by_gender.iter().map(|b| (b.ratings, b.mean)).collect()
}

/// The 25-34 and 35-44 bars (the other age groups are empty here).
fn age_chart(d: &Dashboard) -> Counts {
    for b in &d.by_age {
        if b.key.code() != 25 && b.key.code() != 35 {
            assert_eq!((b.ratings, b.mean), (0, None), "age {}", b.key);
        }
    }
    d.by_age
        .iter()
        .filter(|b| b.key.code() == 25 || b.key.code() == 35)
        .map(|b| (b.ratings, b.mean))
        .collect()
}

#[test]
fn each_chart_ignores_its_own_filter_and_honours_the_others() {
    let ds = tiny(
        "1::F::25::1::11111\n2::M::25::2::22222\n3::F::35::3::33333\n4::M::35::4::44444\n",
        "10::Alpha (1999)::Drama\n20::Beta (2001)::Comedy\n",
        "1::10::5::978300760\n1::20::4::978300760\n2::10::3::978300760\n\
         3::10::4::978300760\n3::20::2::978300760\n4::20::1::978300760\n",
    );
    // F: 5, 4, 4, 2; M: 3, 1. Age 25: 5, 4, 3; age 35: 4, 2, 1.
    let d = dashboard(&ds, &Filter::default(), 1);
    assert_eq!(gender_chart(&d), [(4, Some(3.75)), (2, Some(2.0))]);
    assert_eq!(age_chart(&d), [(3, Some(4.0)), (3, Some(7.0 / 3.0))]);
    assert_eq!(d.kpis.ratings, 6);

    // Women only: the gender chart still shows men; the age chart does not.
    let women = Filter {
        genders: vec![Gender::F],
        ..Filter::default()
    };
    let d = dashboard(&ds, &women, 1);
    assert_eq!(gender_chart(&d), [(4, Some(3.75)), (2, Some(2.0))]);
    assert_eq!(age_chart(&d), [(2, Some(4.5)), (2, Some(3.0))]);
    assert_eq!(
        (d.kpis.ratings, d.kpis.users, d.kpis.mean),
        (4, 2, Some(3.75))
    );

    // 25-34 only: the age chart still shows 35-44; the gender chart does not.
    let young = Filter {
        ages: vec![25],
        ..Filter::default()
    };
    let d = dashboard(&ds, &young, 1);
    assert_eq!(age_chart(&d), [(3, Some(4.0)), (3, Some(7.0 / 3.0))]);
    assert_eq!(gender_chart(&d), [(2, Some(4.5)), (1, Some(3.0))]);
    assert_eq!(
        (d.kpis.ratings, d.kpis.users, d.kpis.mean),
        (3, 2, Some(4.0))
    );

    // Both: each chart takes only the other's filter.
    let both = Filter {
        genders: vec![Gender::F],
        ages: vec![25],
        ..Filter::default()
    };
    let d = dashboard(&ds, &both, 1);
    assert_eq!(gender_chart(&d), [(2, Some(4.5)), (1, Some(3.0))]);
    assert_eq!(age_chart(&d), [(2, Some(4.5)), (2, Some(3.0))]);
    assert_eq!(
        (d.kpis.ratings, d.kpis.users, d.kpis.mean),
        (2, 1, Some(4.5))
    );
    assert_eq!(d.histogram, [0, 0, 0, 0, 0, 0, 0, 1, 0, 1]);

    // Comedy only: the genre chart still shows Drama; gender and age do not.
    let comedy = Filter {
        genres: vec![4],
        ..Filter::default()
    };
    let d = dashboard(&ds, &comedy, 1);
    let genre = |name: &str| {
        let b = d.by_genre.iter().find(|b| b.key.name() == name).unwrap();
        (b.ratings, b.mean)
    };
    assert_eq!(genre("Drama"), (3, Some(4.0)));
    assert_eq!(genre("Comedy"), (3, Some(7.0 / 3.0)));
    assert_eq!(genre("Action"), (0, None));
    assert_eq!(gender_chart(&d), [(2, Some(3.0)), (1, Some(1.0))]);
    assert_eq!(age_chart(&d), [(1, Some(4.0)), (2, Some(1.5))]);
    // The year chart honours the genre filter: only Beta (2001).
    let years: Vec<(u16, u64, u64)> = d
        .by_year
        .iter()
        .map(|y| (y.year, y.ratings, y.movies))
        .collect();
    assert_eq!(years, [(2001, 3, 1)]);
}
