//! The filtered exports (the page's "the ratings the dashboard shows"):
//! seeded random demo files and random filters, the filtered ratings CSV
//! compared line by line with a brute-force filter of the raw `::` files
//! written below from the filter's documentation alone (users, movies and
//! ratings parsed from the bytes, ratings counted per movie by hand), and
//! the filtered report's counts compared with the same rows.

use std::collections::HashMap;

use proptest::prelude::*;

use movielens_core::analytics::{dashboard, Filter};
use movielens_core::demo::{generate, DemoConfig, DemoFiles};
use movielens_core::lineage::native_clock;
use movielens_core::model::Gender;
use movielens_core::report::{write_ratings_csv, write_ratings_csv_where, Report};
use movielens_core::table::Dataset;

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
const AGE_CODES: [u8; 7] = [1, 18, 25, 35, 45, 50, 56];

struct User {
    female: bool,
    age: u8,
    occupation: u8,
}

struct Movie {
    year: Option<u16>,
    genres: Vec<u8>,
}

/// A rating line, its fields as written.
struct Rating {
    user: u32,
    movie: u32,
    stars: u8,
    ts: u32,
}

fn lines(bytes: &[u8]) -> impl Iterator<Item = Vec<String>> + '_ {
    bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            // Titles may be Latin-1; only the digits of the year matter.
            String::from_utf8_lossy(l)
                .trim_end_matches('\r')
                .split("::")
                .map(str::to_owned)
                .collect()
        })
}

fn year_of(title: &str) -> Option<u16> {
    let t = title.trim();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let digits = &inner[open + 1..];
    (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fn parse(files: &DemoFiles) -> (HashMap<u32, User>, HashMap<u32, Movie>, Vec<Rating>) {
    let users = lines(&files.users)
        .map(|f| {
            (
                f[0].parse().expect("a user id"),
                User {
                    female: f[1] == "F",
                    age: f[2].parse().expect("an age code"),
                    occupation: f[3].parse().expect("an occupation"),
                },
            )
        })
        .collect();
    let movies = lines(&files.movies)
        .map(|f| {
            let genres = f[2]
                .split('|')
                .filter_map(|g| GENRE_NAMES.iter().position(|n| *n == g))
                .map(|i| i as u8)
                .collect();
            (
                f[0].parse().expect("a movie id"),
                Movie {
                    year: year_of(&f[1]),
                    genres,
                },
            )
        })
        .collect();
    let ratings = lines(&files.ratings)
        .map(|f| Rating {
            user: f[0].parse().expect("a user id"),
            movie: f[1].parse().expect("a movie id"),
            stars: f[2].parse().expect("stars"),
            ts: f[3].parse().expect("a timestamp"),
        })
        .collect();
    (users, movies, ratings)
}

/// The rows a filter lets through, decided rating by rating from the raw
/// fields: every list empty or holding the value, the genres any-of, the
/// year known and in range, the movie rated often enough in the whole file,
/// the time in `[from, to)`, the movie among the picked ones.
fn brute_force(files: &DemoFiles, f: &Filter) -> Vec<String> {
    let (users, movies, ratings) = parse(files);
    let mut per_movie: HashMap<u32, u32> = HashMap::new();
    for r in &ratings {
        *per_movie.entry(r.movie).or_default() += 1;
    }
    let mut out = Vec::new();
    for r in &ratings {
        let u = &users[&r.user];
        let m = &movies[&r.movie];
        let gender = if u.female { Gender::F } else { Gender::M };
        let pass = (f.genders.is_empty() || f.genders.contains(&gender))
            && (f.ages.is_empty() || f.ages.contains(&u.age))
            && (f.occupations.is_empty() || f.occupations.contains(&u.occupation))
            && (f.genres.is_empty() || m.genres.iter().any(|g| f.genres.contains(g)))
            && f.years
                .is_none_or(|(a, b)| m.year.is_some_and(|y| a <= y && y <= b))
            && per_movie[&r.movie] >= f.min_ratings
            && (f.movies.is_empty() || f.movies.contains(&r.movie))
            && f.time.is_none_or(|(a, b)| a <= r.ts && r.ts < b);
        if pass {
            out.push(format!("{},{},{},{}", r.user, r.movie, r.stars, r.ts));
        }
    }
    out
}

fn csv_rows(ds: &Dataset, keep: Option<&[bool]>) -> Vec<String> {
    let mut out = Vec::new();
    write_ratings_csv_where(ds, keep, &mut out).expect("a Vec takes every byte");
    let text = String::from_utf8(out).expect("the CSV is UTF-8");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert_eq!(lines.remove(0), "user_id,movie_id,rating,timestamp");
    lines
}

#[allow(
    clippy::too_many_arguments,
    reason = "one argument per dimension the strategy draws"
)]
fn filter_of(
    ds: &Dataset,
    genders: u8,
    ages: u8,
    occupations: u32,
    genres: u32,
    time: Option<(f64, f64)>,
    years: Option<(u16, u16)>,
    min_ratings: u32,
) -> Filter {
    let bits = |mask: u32, n: u32| (0..n).filter(move |i| mask & (1 << i) != 0);
    Filter {
        genders: bits(u32::from(genders), 2)
            .map(|i| Gender::ALL[i as usize])
            .collect(),
        ages: bits(u32::from(ages), 7)
            .map(|i| AGE_CODES[i as usize])
            .collect(),
        occupations: bits(occupations, 21).map(|i| i as u8).collect(),
        genres: bits(genres, 18).map(|i| i as u8).collect(),
        time: match (time, ds.first_ts, ds.last_ts) {
            (Some((a, b)), Some(first), Some(last)) => {
                let at = |x: f64| first + (f64::from(last - first) * x) as u32;
                Some((at(a), at(b)))
            }
            _ => None,
        },
        years,
        min_ratings,
        movies: Vec::new(),
        as_of: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_filtered_csv_is_a_brute_force_filter_of_the_files(
        seed in any::<u64>(),
        ratings in 1u64..4_000,
        genders in prop::option::weighted(0.4, 1u8..4),
        ages in prop::option::weighted(0.4, 1u8..128),
        occupations in prop::option::weighted(0.3, 1u32..(1 << 21)),
        genres in prop::option::weighted(0.4, 1u32..(1 << 18)),
        time in prop::option::weighted(0.3, (0.0f64..1.1, 0.0f64..1.1)),
        years in prop::option::weighted(0.3, (1915u16..2005, 1915u16..2005)),
        min_ratings in prop::option::weighted(0.3, 0u32..30),
        movies in prop::option::weighted(0.2, prop::collection::vec(1u32..4_000, 1..4)),
        top_min in 1u64..30,
    ) {
        let files = generate(&DemoConfig { ratings, seed, dirty: false });
        let ds = Dataset::new(files.load(native_clock));
        let mut filter = filter_of(
            &ds,
            genders.unwrap_or(0),
            ages.unwrap_or(0),
            occupations.unwrap_or(0),
            genres.unwrap_or(0),
            time,
            years,
            min_ratings.unwrap_or(0),
        );
        filter.movies = movies.unwrap_or_default();
        filter.movies.sort_unstable();
        filter.movies.dedup();
        let expected = brute_force(&files, &filter);
        let mask = filter.mask(&ds);
        prop_assert_eq!(csv_rows(&ds, Some(&mask)), expected.clone());
        // The dashboard counts the same ratings.
        let shown = dashboard(&ds, &filter, top_min).kpis.ratings;
        prop_assert_eq!(shown, expected.len() as u64);
        // The filtered report is the report of exactly those ratings.
        let r = Report::filtered(&ds, &filter, top_min);
        let note = r.filter.as_ref().expect("a filtered report says its filter");
        prop_assert_eq!(note.ratings, expected.len() as u64);
        prop_assert_eq!(note.ratings_all, ds.len() as u64);
        prop_assert_eq!(&note.criteria, &filter);
        prop_assert_eq!(r.summary.ratings, expected.len() as u64);
        let mut stars = [0u64; 5];
        for row in &expected {
            let s: usize = row.split(',').nth(2).and_then(|s| s.parse().ok()).expect("stars");
            stars[s - 1] += 1;
        }
        let hist: Vec<u64> = r.rating_histogram.values().copied().collect();
        prop_assert_eq!(hist, stars.to_vec());
        prop_assert_eq!(r.lineage.ratings.accepted, ds.len() as u64);
    }
}

#[test]
fn no_filter_gives_every_rating_and_the_plain_report() {
    let files = generate(&DemoConfig {
        ratings: 20_000,
        seed: 7,
        dirty: true,
    });
    let ds = Dataset::new(files.load(native_clock));
    let all = Filter::default();
    let mut plain = Vec::new();
    write_ratings_csv(&ds, &mut plain).expect("a Vec takes every byte");
    let mask = all.mask(&ds);
    assert!(mask.iter().all(|k| *k));
    let mut masked = Vec::new();
    write_ratings_csv_where(&ds, Some(&mask), &mut masked).expect("a Vec takes every byte");
    assert_eq!(plain, masked);

    let filtered = Report::filtered(&ds, &all, 25);
    let mut value = serde_json::to_value(&filtered).expect("serialises");
    let note = value
        .as_object_mut()
        .and_then(|o| o.remove("filter"))
        .expect("a filter object");
    assert_eq!(note["ratings"], note["ratings_all"]);
    let plain = serde_json::to_value(Report::new(&ds, 25)).expect("serialises");
    assert_eq!(value, plain);
    // The key comes first in the document.
    assert!(filtered.to_json().starts_with("{\n  \"filter\": {"));
}

#[test]
fn a_filter_that_passes_nothing_gives_a_header_and_an_empty_report() {
    let files = generate(&DemoConfig {
        ratings: 2_000,
        seed: 3,
        dirty: false,
    });
    let ds = Dataset::new(files.load(native_clock));
    let none = Filter {
        years: Some((1800, 1801)),
        ..Filter::default()
    };
    assert!(csv_rows(&ds, Some(&none.mask(&ds))).is_empty());
    let r = Report::filtered(&ds, &none, 25);
    assert_eq!(r.summary.ratings, 0);
    assert_eq!(r.summary.mean_rating, None);
    assert_eq!(r.summary.users, ds.users.len() as u64);
}
