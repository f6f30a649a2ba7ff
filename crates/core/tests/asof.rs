//! Time travel: the history of superseded ratings (`until` on hand-made
//! fixtures), `Dataset::as_of` against a plain reference that reads the
//! lines, and the as-of dashboard against the dashboard of the as-of
//! dataset.

mod common;

use std::collections::HashMap;

use movielens_core::analytics::{dashboard, movie_detail, Dashboard, Filter};
use movielens_core::demo::{generate, DemoConfig, Rng};
use movielens_core::model::Gender;
use movielens_core::table::Dataset;
use movielens_core::FileKind;

const USERS: &[u8] = b"1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n";
const MOVIES: &[u8] =
    b"1::Toy Story (1995)::Comedy\n2::Heat (1995)::Action\n3::Fargo (1996)::Crime\n";
/// Line by line: pair (1, 1) rated at 100, 300, 200 (winner 300); pair
/// (1, 2) twice at 150 (the later line wins, the first never counts); pair
/// (2, 1) at 50, then twice at 80; pair (2, 2) at 500 then 400 (an older
/// line after the winner); (3, 3) once; a rejected re-rating of an unknown
/// movie, which is no event at all.
const RATINGS: &[u8] = b"1::1::2::100\n\
1::1::4::300\n\
1::1::3::200\n\
1::2::5::150\n\
1::2::1::150\n\
2::1::3::50\n\
2::1::4::80\n\
2::1::2::80\n\
2::2::5::500\n\
2::2::1::400\n\
3::3::4::250\n\
3::9::1::260\n";

fn dataset(ratings: &[u8], floor: Option<usize>) -> Dataset {
    let files = [
        (FileKind::Users, USERS, Vec::new()),
        (FileKind::Movies, MOVIES, Vec::new()),
        (FileKind::Ratings, ratings, Vec::new()),
    ];
    Dataset::new(common::load_cut_compacting(&files, floor))
}

/// (user id, movie id, stars, ts) of a dataset's history or ratings.
type Row = (u32, u32, u8, u32);

#[test]
fn until_is_the_next_event_of_the_pair_and_ties_never_count() {
    for floor in [None, Some(1), Some(3)] {
        let ds = dataset(RATINGS, floor);
        let h = &ds.history;
        let rows: Vec<(Row, u32, u32)> = (0..h.len())
            .map(|i| {
                let row = (
                    ds.users.id[h.user[i] as usize],
                    ds.movies.id[h.movie[i] as usize],
                    h.halves[i] / 2,
                    h.ts[i],
                );
                (row, h.line[i], h.until[i])
            })
            .collect();
        // Sorted by (ts, line): 50, 100, 200, 400.
        assert_eq!(
            rows,
            vec![
                ((2, 1, 3, 50), 6, 80),
                ((1, 1, 2, 100), 1, 200),
                ((1, 1, 3, 200), 3, 300),
                ((2, 2, 1, 400), 10, 500),
            ],
            "compaction floor {floor:?}"
        );
        // The dataset's months follow the history too.
        assert_eq!((h.month.len(), h.weekhour.len()), (4, 4));
        assert_eq!(ds.ratings.len(), 5);
    }
}

#[test]
fn a_file_repeating_one_rating_keeps_no_history() {
    let many = "1::1::4::100\n".repeat(5000);
    let ds = dataset(many.as_bytes(), Some(64));
    assert!(ds.history.is_empty());
    assert_eq!(ds.as_of(101).ratings.halves, vec![8]);
}

/// The plain reference: every line of a valid ratings file (user, movie,
/// stars, ts), those made before `t`, the latest per pair (a tie: the
/// later line), skipping pairs of unknown movies.
fn reference(ratings: &[u8], known_movies: &[u32], t: u32) -> Vec<Row> {
    let mut best: HashMap<(u32, u32), (u32, usize, u8)> = HashMap::new();
    for (line, text) in std::str::from_utf8(ratings).unwrap().lines().enumerate() {
        let f: Vec<u32> = text.split("::").map(|x| x.parse().unwrap()).collect();
        let (user, movie, stars, ts) = (f[0], f[1], f[2] as u8, f[3]);
        if ts >= t || !known_movies.contains(&movie) {
            continue;
        }
        let e = best.entry((user, movie)).or_insert((ts, line, stars));
        if (ts, line) >= (e.0, e.1) {
            *e = (ts, line, stars);
        }
    }
    let mut rows: Vec<Row> = best
        .into_iter()
        .map(|((u, m), (ts, _, s))| (u, m, s, ts))
        .collect();
    rows.sort_unstable();
    rows
}

fn rows_of(ds: &Dataset) -> Vec<Row> {
    let r = &ds.ratings;
    let mut rows: Vec<Row> = (0..r.len())
        .map(|i| {
            (
                ds.users.id[r.user[i] as usize],
                ds.movies.id[r.movie[i] as usize],
                r.halves[i] / 2,
                r.ts[i],
            )
        })
        .collect();
    rows.sort_unstable();
    rows
}

#[test]
fn as_of_equals_the_plain_reference_at_every_instant() {
    let ds = dataset(RATINGS, None);
    for t in [
        0,
        50,
        51,
        80,
        81,
        100,
        101,
        150,
        151,
        199,
        200,
        201,
        299,
        300,
        301,
        400,
        401,
        500,
        501,
        u32::MAX,
    ] {
        let asof = ds.as_of(t);
        assert_eq!(
            rows_of(&asof),
            reference(RATINGS, &[1, 2, 3], t),
            "as of {t}"
        );
        assert_eq!(ds.ratings_as_of(t), asof.len() as u64);
        // Lines stay in file order, and the files' lineage stays whole.
        assert!(asof.rating_lines.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(asof.lineage, ds.lineage);
        let f = Filter {
            as_of: Some(t),
            ..Filter::default()
        };
        assert_eq!(
            dashboard(&ds, &f, 1).kpis.ratings,
            asof.len() as u64,
            "as of {t}"
        );
    }
    // Between the two events of (1, 1) at 100 and 200 its 2 stars count,
    // and the later line of (2, 1) at 80 (2 stars too).
    let d = dashboard(
        &ds,
        &Filter {
            as_of: Some(150),
            ..Filter::default()
        },
        1,
    );
    assert_eq!(d.histogram, [0, 0, 0, 2, 0, 0, 0, 0, 0, 0]);
}

/// Re-rates random pairs of a generated file at random times (earlier,
/// later or the same instant), appending the lines.
fn with_rerates(ratings: &[u8], rng: &mut Rng, n: usize) -> Vec<u8> {
    let text = std::str::from_utf8(ratings).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.split("::").count() == 4)
        .collect();
    let mut out = ratings.to_vec();
    for _ in 0..n {
        let line = lines[rng.below(lines.len() as u64) as usize];
        let f: Vec<&str> = line.split("::").collect();
        let Ok(ts) = f[3].parse::<u32>() else {
            continue;
        };
        let ts2 = match rng.below(3) {
            0 => ts.saturating_sub(rng.below(86_400 * 60) as u32),
            1 => ts.saturating_add(rng.below(86_400 * 60) as u32),
            _ => ts,
        };
        out.extend_from_slice(
            format!("{}::{}::{}::{ts2}\n", f[0], f[1], 1 + rng.below(5)).as_bytes(),
        );
    }
    out
}

/// The dashboard of the as-of dataset, with the month chart compared by
/// its months that have ratings (the as-of dataset's axis is shorter).
fn same_dashboard(a: &Dashboard, b: &Dashboard, what: &str) {
    let months = |d: &Dashboard| -> Vec<(String, u64)> {
        d.by_month
            .iter()
            .filter(|m| m.ratings > 0)
            .map(|m| (m.key.clone(), m.ratings))
            .collect()
    };
    assert_eq!(months(a), months(b), "{what}: by_month");
    let strip = |d: &Dashboard| Dashboard {
        by_month: Vec::new(),
        ..d.clone()
    };
    assert_eq!(strip(a), strip(b), "{what}");
}

#[test]
fn the_as_of_dashboard_is_the_dashboard_of_the_as_of_ratings() {
    let files = generate(&DemoConfig {
        ratings: 30_000,
        seed: 7,
        dirty: true,
    });
    let mut rng = Rng::new(11);
    let ratings = with_rerates(&files.ratings, &mut rng, 3000);
    let files = [
        (FileKind::Users, &files.users[..], Vec::new()),
        (FileKind::Movies, &files.movies[..], Vec::new()),
        (FileKind::Ratings, &ratings[..], Vec::new()),
    ];
    let ds = Dataset::new(common::load_cut_compacting(&files, Some(5000)));
    assert!(ds.history.len() > 1000, "history: {}", ds.history.len());
    let (lo, hi) = (ds.first_ts.unwrap(), ds.last_ts.unwrap());
    let filters = [
        Filter::default(),
        Filter {
            genders: vec![Gender::F],
            min_ratings: 20,
            ..Filter::default()
        },
        Filter {
            genres: vec![7],
            time: Some((lo + (hi - lo) / 4, hi)),
            ..Filter::default()
        },
        Filter {
            movies: vec![1, 260, 2571],
            ..Filter::default()
        },
    ];
    for k in 0..12u32 {
        let t = if k == 0 {
            lo
        } else {
            lo + (hi - lo) / 11 * k + rng.below(3600) as u32
        };
        let asof = ds.as_of(t);
        for f in &filters {
            let with = Filter {
                as_of: Some(t),
                ..f.clone()
            };
            same_dashboard(
                &dashboard(&ds, &with, 10),
                &dashboard(&asof, f, 10),
                &format!("as of {t}, {f:?}"),
            );
        }
        let f = Filter {
            as_of: Some(t),
            ..Filter::default()
        };
        let movie = ds.movies.id[0];
        assert_eq!(
            movie_detail(&ds, &f, movie),
            movie_detail(&asof, &Filter::default(), movie)
        );
    }
}

#[test]
fn a_superseded_rating_older_than_every_current_one_shows_in_its_month() {
    // 1970-01-01, re-rated 1970-03-01.
    let ds = dataset(b"1::1::3::0\n1::1::5::5097600\n", None);
    let plain = dashboard(&ds, &Filter::default(), 1);
    let keys = |d: &Dashboard| -> Vec<(String, u64)> {
        d.by_month
            .iter()
            .map(|m| (m.key.clone(), m.ratings))
            .collect()
    };
    assert_eq!(keys(&plain), vec![("1970-03".to_owned(), 1)]);
    let then = dashboard(
        &ds,
        &Filter {
            as_of: Some(100),
            ..Filter::default()
        },
        1,
    );
    assert_eq!(
        keys(&then),
        vec![
            ("1970-01".to_owned(), 1),
            ("1970-02".to_owned(), 0),
            ("1970-03".to_owned(), 0)
        ]
    );
    assert_eq!(then.histogram, [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
}
