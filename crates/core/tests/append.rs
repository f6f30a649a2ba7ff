//! Append equals a full load of the files concatenated: a generated
//! ratings file (dirty: rejects and re-ratings) split in two, with
//! re-ratings across the cut (later, older and same timestamps, unknown
//! users and movies), loaded as the first part plus the second appended,
//! against one load of both. Rows, derived columns, lineage counts and
//! every dashboard field (for several filters, the state followed
//! incrementally) are equal.

use movielens_core::analytics::{dashboard, DashboardState, Filter};
use movielens_core::demo::{generate, DemoConfig, Rng};
use movielens_core::load::Loader;
use movielens_core::model::Gender;
use movielens_core::table::Dataset;
use movielens_core::FileKind;

fn load(users: &[u8], movies: &[u8], ratings: &[u8]) -> Dataset {
    let mut l = Loader::new();
    for (kind, bytes) in FileKind::ALL.into_iter().zip([users, movies, ratings]) {
        l.begin(kind, kind.file_name()).unwrap();
        l.feed(bytes);
    }
    Dataset::new(l.finish())
}

/// The ratings split at a line boundary, and the second part given
/// re-ratings of lines of the first (later, older, the same time), lines
/// of unknown users and movies, and a rating in a month after all others.
fn split(ratings: &[u8], rng: &mut Rng) -> (Vec<u8>, Vec<u8>) {
    let lines: Vec<&[u8]> = ratings.split_inclusive(|&b| b == b'\n').collect();
    let cut = 1 + rng.below(lines.len() as u64 - 1) as usize;
    let a: Vec<u8> = lines[..cut].concat();
    let mut b: Vec<u8> = lines[cut..].concat();
    for _ in 0..40 {
        let line = std::str::from_utf8(lines[rng.below(cut as u64) as usize]).unwrap();
        let f: Vec<&str> = line.trim_end().split("::").collect();
        let Some(ts) = f.get(3).and_then(|t| t.parse::<i64>().ok()) else {
            continue;
        };
        let ts = (ts + [-5000, 0, 7000][rng.below(3) as usize]).max(0);
        b.extend(format!("{}::{}::{}::{ts}\n", f[0], f[1], 1 + rng.below(5)).as_bytes());
    }
    b.extend(b"999999::1::4::978300760\n1::999999::4::978300760\n1::1::5::1200000000\n");
    (a, b)
}

fn mid(ds: &Dataset) -> u32 {
    ds.first_ts.unwrap_or(0) / 2 + ds.last_ts.unwrap_or(0) / 2
}

fn filters(ds: &Dataset) -> Vec<Filter> {
    let mid = mid(ds);
    vec![
        Filter::default(),
        Filter {
            genders: vec![Gender::F],
            genres: vec![7],
            ..Filter::default()
        },
        Filter {
            time: Some((0, mid)),
            ..Filter::default()
        },
        Filter {
            min_ratings: 5,
            ..Filter::default()
        },
    ]
}

fn check(seed: u64, ratings: u64) {
    let files = generate(&DemoConfig {
        ratings,
        seed,
        dirty: true,
    });
    let (a, b) = split(&files.ratings, &mut Rng::new(seed));
    let whole = load(
        &files.users,
        &files.movies,
        &[a.clone(), b.clone()].concat(),
    );
    let mut ds = load(&files.users, &files.movies, &a);
    let lines_a = ds.lineage.ratings.lines;
    let mut state = DashboardState::new(&ds, &Filter::default());
    state.update(&ds, 0..ds.len());
    let appended = ds.append("ratings2.dat", &b, Some(&mut state));
    assert!(
        appended.older > 0 || !appended.superseded.is_empty(),
        "cross-file re-ratings"
    );
    assert_eq!(ds.ratings, whole.ratings, "seed {seed}");
    let from = ds.appended_from[0];
    let lines: Vec<u32> = ds
        .rating_lines
        .iter()
        .enumerate()
        .map(|(r, &l)| if r >= from { l + lines_a as u32 } else { l })
        .collect();
    assert_eq!(lines, whole.rating_lines);
    assert_eq!(
        (
            &ds.month,
            &ds.weekhour,
            ds.first_month,
            ds.months,
            ds.first_ts,
            ds.last_ts
        ),
        (
            &whole.month,
            &whole.weekhour,
            whole.first_month,
            whole.months,
            whole.first_ts,
            whole.last_ts
        )
    );
    assert_eq!(
        (&ds.user_ratings, &ds.movie_ratings),
        (&whole.user_ratings, &whole.movie_ratings)
    );
    let (l, w) = (&ds.lineage, &whole.lineage.ratings);
    let both = [&l.ratings, &l.appended[0]];
    assert_eq!(both.iter().map(|f| f.lines).sum::<u64>(), w.lines);
    assert_eq!(both.iter().map(|f| f.accepted).sum::<u64>(), w.accepted);
    assert_eq!(both.iter().map(|f| f.blank).sum::<u64>(), w.blank);
    for reason in 0..w.rejected.len() {
        let sum: u64 = both.iter().map(|f| f.rejected[reason]).sum();
        assert_eq!(sum, w.rejected[reason], "reason {reason}");
    }
    assert_eq!(l.rejected_total(), whole.lineage.rejected_total());
    // As of instants too: the superseded ratings kept in the history count.
    let as_of = [Some(mid(&whole)), whole.last_ts].map(|as_of| Filter {
        as_of,
        min_ratings: 2,
        ..Filter::default()
    });
    for f in filters(&whole).into_iter().chain(as_of) {
        assert_eq!(dashboard(&ds, &f, 3), dashboard(&whole, &f, 3), "{f:?}");
    }
    assert_eq!(
        state.finish(&ds, 3),
        dashboard(&whole, &Filter::default(), 3)
    );
    check_as_of(&ds, &whole, seed);
}

/// Time travel after an append: the history (the superseded ratings with
/// the instant each stopped counting, lines counted through the files in
/// order) is the one of a load of the concatenation, so every instant's
/// dashboard is too; the instants are at, just after and just before each
/// superseded rating's events, where a chain not threaded across the files
/// would count a pair twice.
fn check_as_of(ds: &Dataset, whole: &Dataset, seed: u64) {
    let (h, w) = (&ds.history, &whole.history);
    assert_eq!(
        (&h.user, &h.movie, &h.halves, &h.ts, &h.line, &h.until),
        (&w.user, &w.movie, &w.halves, &w.ts, &w.line, &w.until),
        "seed {seed}: history"
    );
    assert_eq!(
        (&h.month, &h.weekhour, h.first_month),
        (&w.month, &w.weekhour, w.first_month)
    );
    let mut instants: Vec<u32> = (0..w.len())
        .step_by(w.len().div_ceil(12).max(1))
        .flat_map(|i| [w.ts[i], w.ts[i] + 1, w.until[i], w.until[i] + 1])
        .collect();
    instants.push(ds.last_ts.unwrap_or(0) + 1);
    assert!(instants.len() > 8, "seed {seed}: {instants:?}");
    for t in instants {
        let then = ds.as_of(t);
        let whole_then = whole.as_of(t);
        assert_eq!(then.ratings, whole_then.ratings, "seed {seed}, as of {t}");
        assert_eq!(
            then.rating_lines, whole_then.rating_lines,
            "seed {seed}, as of {t}"
        );
        let f = Filter {
            as_of: Some(t),
            ..Filter::default()
        };
        assert_eq!(
            dashboard(ds, &f, 3),
            dashboard(whole, &f, 3),
            "seed {seed}, as of {t}"
        );
    }
}

/// Each filter's state follows the append incrementally.
fn check_states(seed: u64) {
    let files = generate(&DemoConfig {
        ratings: 3_000,
        seed,
        dirty: true,
    });
    let (a, b) = split(&files.ratings, &mut Rng::new(seed + 100));
    let whole = load(
        &files.users,
        &files.movies,
        &[a.clone(), b.clone()].concat(),
    );
    let base = load(&files.users, &files.movies, &a);
    for f in filters(&base) {
        let mut ds = base.clone();
        let mut s = DashboardState::new(&ds, &f);
        s.update(&ds, 0..ds.len());
        let a = ds.append("ratings2.dat", &b, Some(&mut s));
        assert_eq!(
            s.finish(&ds, 3),
            dashboard(&whole, &f, 3),
            "seed {seed}, {f:?}"
        );
        // Without a minimum or an instant nothing forces a recompute: the
        // state followed the append row by row.
        if f.min_ratings == 0 && f.as_of.is_none() {
            assert!(a.incremental, "seed {seed}, {f:?}");
        }
    }
    // A rating a month and more before every other moves the first month:
    // the state's months move with it.
    // A user of the data and a movie they have not rated.
    let r = &base.ratings;
    let u0 = r.user[0];
    let m0 = (0..base.movies.len() as u32)
        .find(|&m| !(0..r.len()).any(|i| r.user[i] == u0 && r.movie[i] == m))
        .expect("an unrated movie");
    let (u, m) = (base.users.id[u0 as usize], base.movies.id[m0 as usize]);
    let early = base.first_ts.unwrap_or(0).saturating_sub(40 * 86_400);
    let b = format!("{u}::{m}::4::{early}\n");
    // (On a line of its own: the first part may end without a newline.)
    let whole = load(
        &files.users,
        &files.movies,
        &[a.clone(), b"\n".to_vec(), b.as_bytes().to_vec()].concat(),
    );
    let f = Filter::default();
    let mut ds = base.clone();
    let mut s = DashboardState::new(&ds, &f);
    s.update(&ds, 0..ds.len());
    let r = ds.append("early.dat", b.as_bytes(), Some(&mut s));
    assert!(
        r.incremental && ds.first_month < base.first_month,
        "seed {seed}"
    );
    assert_eq!(s.finish(&ds, 3), dashboard(&whole, &f, 3), "seed {seed}");
}

#[test]
fn append_equals_a_load_of_the_files_concatenated() {
    for seed in 1..=4 {
        check(seed, 5_000);
    }
}

#[test]
fn every_filters_state_follows_the_append() {
    for seed in 1..=6 {
        check_states(seed);
    }
}

#[test]
fn appending_a_file_of_only_old_and_bad_lines_changes_no_rating() {
    let files = generate(&DemoConfig {
        ratings: 1_000,
        seed: 9,
        dirty: false,
    });
    let mut ds = load(&files.users, &files.movies, &files.ratings);
    let before = dashboard(&ds, &Filter::default(), 3);
    let a = ds.append("bad.dat", b"\nnot a rating\n1::1::9::1\n", None);
    assert_eq!((a.added.len(), a.superseded.len()), (0, 0));
    assert_eq!(dashboard(&ds, &Filter::default(), 3), before);
    assert_eq!(ds.lineage.appended[0].lines, 3);
    assert_eq!(ds.lineage.appended[0].rejected_total(), 2);
}

/// More user × movie pairs than the bitmap's 2^27 bits: pairs share bits
/// (a hash), and a shared bit is only a hint; the answer is the same as a
/// load of the files concatenated.
#[test]
fn with_more_pairs_than_bits_the_answer_is_the_same() {
    let mut users = String::new();
    for id in 1..=12_000 {
        users += &format!("{id}::F::25::1::12345\n");
    }
    let mut movies = String::new();
    for id in 1..=12_000 {
        movies += &format!("{id}::Film {id} (1995)::Drama\n");
    }
    let mut rng = Rng::new(5);
    let (mut first, mut second) = (String::new(), String::new());
    for k in 0..3_000u64 {
        let (u, m) = (1 + rng.below(12_000), 1 + rng.below(12_000));
        first += &format!("{u}::{m}::{}::{}\n", 1 + k % 5, 978_000_000 + k);
        // A third re-rated later, a third earlier (the old one stays).
        match k % 3 {
            0 => second += &format!("{u}::{m}::5::{}\n", 979_000_000 + k),
            1 => second += &format!("{u}::{m}::1::{}\n", 977_000_000 + k),
            _ => {}
        }
        second += &format!(
            "{}::{}::4::{}\n",
            1 + rng.below(12_000),
            1 + rng.below(12_000),
            978_500_000 + k
        );
    }
    let (u, m) = (users.as_bytes(), movies.as_bytes());
    let mut ds = load(u, m, first.as_bytes());
    ds.append("r2.dat", second.as_bytes(), None);
    let whole = load(u, m, format!("{first}{second}").as_bytes());
    assert_eq!(ds.len(), whole.len());
    let f = Filter::default();
    assert_eq!(dashboard(&ds, &f, 1), dashboard(&whole, &f, 1));
    // Every file's rejects (a superseded rating counts in its own file).
    assert_eq!(ds.lineage.rejected_total(), whole.lineage.rejected_total());
    assert_eq!(ds.lineage.appended[0].accepted, 4_000);
}
