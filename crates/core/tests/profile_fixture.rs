//! The profile of a tiny fixture (4 users, 4 movies, 8 ratings), with every
//! number worked out by hand and written down as a literal.

use movielens_core::load::load_bytes;
use movielens_core::profile::{profile, Bin, Column, ColumnType, Distribution, Finding, Profile};
use movielens_core::table::Dataset;

// UserIDs 1, 2, 4, 6 (gaps 3, 5). Zips: 55117 twice.
const USERS: &str = "\
1::F::1::10::48067
2::M::56::16::70072
4::M::25::15::55117
6::F::25::20::55117
";

// MovieIDs 1, 2, 5, 9 (gaps 3, 4, 6, 7, 8). Sabrina has no year and no
// genres; Nixon is never rated.
const MOVIES: &str = "\
1::Toy Story (1995)::Animation|Children's|Comedy
2::Jumanji (1995)::Adventure|Children's|Fantasy
5::Nixon (1990)::Comedy
9::Sabrina::
";

// Per user: 1 → 3 ratings, 2 → 1, 4 → 2, 6 → 2. Per movie: 1 → 4, 2 → 2,
// 5 → 0, 9 → 2. Stars: 1 ×1, 3 ×2, 4 ×3, 5 ×2. Times (UTC):
// 2000-12-31 22:12:40 (twice), 2000-12-31 22:35:09, 2001-01-06 23:38:11,
// 2001-01-20 14:13:20, 2001-03-01 00:00:00, 2000-11-23 17:20:00,
// 2001-02-28 23:59:59.
const RATINGS: &str = "\
1::1::5::978300760
1::2::4::978302109
1::9::3::978824291
2::1::1::978300760
4::1::4::980000000
4::2::4::983404800
6::1::3::975000000
6::9::5::983404799
";

fn fixture() -> Profile {
    let cleaned = load_bytes(&[
        ("users.dat", USERS.as_bytes()),
        ("movies.dat", MOVIES.as_bytes()),
        ("ratings.dat", RATINGS.as_bytes()),
    ])
    .unwrap();
    assert!(cleaned.rejects.is_empty());
    profile(&Dataset::new(cleaned))
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

/// Checks a column's header numbers.
fn head(c: &Column, name: &str, kind: ColumnType, count: u64, missing: u64, distinct: u64) {
    assert_eq!(c.name, name);
    assert_eq!(c.kind, kind, "{name}");
    assert_eq!(
        (c.count, c.missing, c.distinct),
        (count, missing, distinct),
        "{name}: count, missing, distinct"
    );
}

/// Checks min, max, mean (exactly) and std (to 1e-12).
fn numeric(c: &Column, min: f64, max: f64, mean: f64, std: f64) {
    let n = c.numeric.as_ref().unwrap_or_else(|| panic!("{}", c.name));
    assert_eq!((n.min, n.max, n.mean), (min, max, mean), "{}", c.name);
    assert!(close(n.std, std), "{} std {} vs {std}", c.name, n.std);
}

fn top(c: &Column, want: &[(&str, u64)]) {
    let got: Vec<(&str, u64)> = c.top.iter().map(|v| (v.value.as_str(), v.count)).collect();
    assert_eq!(got, want, "{} top values", c.name);
}

fn bins(got: &[Bin], want: &[(&str, f64, f64, u64)], what: &str) {
    let got: Vec<(&str, f64, f64, u64)> = got
        .iter()
        .map(|b| (b.label.as_str(), b.from, b.to, b.count))
        .collect();
    assert_eq!(got, want, "{what} histogram");
}

/// A histogram of single values `from..=to` with these counts.
fn unit_bins(from: u64, counts: &[u64]) -> Vec<(String, f64, f64, u64)> {
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let v = from + i as u64;
            (v.to_string(), v as f64, v as f64, c)
        })
        .collect()
}

fn unit_bins_ref(v: &[(String, f64, f64, u64)]) -> Vec<(&str, f64, f64, u64)> {
    v.iter()
        .map(|(l, a, b, c)| (l.as_str(), *a, *b, *c))
        .collect()
}

/// A categorical histogram: bin `i` is `[i, i]`.
fn category_bins<'a>(labels: &[&'a str], counts: &[u64]) -> Vec<(&'a str, f64, f64, u64)> {
    assert_eq!(labels.len(), counts.len());
    labels
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (l, &c))| (*l, i as f64, i as f64, c))
        .collect()
}

#[test]
fn tables_and_rows() {
    let p = fixture();
    let shape: Vec<(&str, u64, Vec<&str>)> = p
        .tables
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.rows,
                t.columns.iter().map(|c| c.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (
                "users",
                4,
                vec!["user_id", "gender", "age", "occupation", "zip"]
            ),
            ("movies", 4, vec!["movie_id", "title", "year", "genres"]),
            (
                "ratings",
                8,
                vec!["user_id", "movie_id", "rating", "timestamp"]
            ),
        ]
    );
}

#[test]
fn users_columns() {
    let p = fixture();
    let c = &p.tables[0].columns;

    // user_id: 1, 2, 4, 6. Sum 13, sum of squares 57: n·Σx² − (Σx)² = 59.
    head(&c[0], "user_id", ColumnType::Integer, 4, 0, 4);
    numeric(&c[0], 1.0, 6.0, 3.25, (59.0f64 / 12.0).sqrt());
    top(&c[0], &[("1", 1), ("2", 1), ("4", 1), ("6", 1)]);
    bins(
        &c[0].histogram,
        &unit_bins_ref(&unit_bins(1, &[1, 1, 0, 1, 0, 1])),
        "user_id",
    );

    head(&c[1], "gender", ColumnType::Categorical, 4, 0, 2);
    assert_eq!(c[1].numeric, None);
    top(&c[1], &[("F", 2), ("M", 2)]);
    bins(
        &c[1].histogram,
        &category_bins(&["F", "M"], &[2, 2]),
        "gender",
    );

    let ages = [
        "1 (Under 18)",
        "18 (18-24)",
        "25 (25-34)",
        "35 (35-44)",
        "45 (45-49)",
        "50 (50-55)",
        "56 (56+)",
    ];
    head(&c[2], "age", ColumnType::Categorical, 4, 0, 3);
    assert_eq!(c[2].numeric, None);
    top(
        &c[2],
        &[("25 (25-34)", 2), ("1 (Under 18)", 1), ("56 (56+)", 1)],
    );
    bins(
        &c[2].histogram,
        &category_bins(&ages, &[1, 0, 2, 0, 0, 0, 1]),
        "age",
    );

    let occupations = [
        "0 (other or not specified)",
        "1 (academic/educator)",
        "2 (artist)",
        "3 (clerical/admin)",
        "4 (college/grad student)",
        "5 (customer service)",
        "6 (doctor/health care)",
        "7 (executive/managerial)",
        "8 (farmer)",
        "9 (homemaker)",
        "10 (K-12 student)",
        "11 (lawyer)",
        "12 (programmer)",
        "13 (retired)",
        "14 (sales/marketing)",
        "15 (scientist)",
        "16 (self-employed)",
        "17 (technician/engineer)",
        "18 (tradesman/craftsman)",
        "19 (unemployed)",
        "20 (writer)",
    ];
    head(&c[3], "occupation", ColumnType::Categorical, 4, 0, 4);
    top(
        &c[3],
        &[
            ("10 (K-12 student)", 1),
            ("15 (scientist)", 1),
            ("16 (self-employed)", 1),
            ("20 (writer)", 1),
        ],
    );
    let mut occ_counts = [0u64; 21];
    for o in [10, 15, 16, 20] {
        occ_counts[o] = 1;
    }
    bins(
        &c[3].histogram,
        &category_bins(&occupations, &occ_counts),
        "occupation",
    );

    // zip: numbers and histogram are of lengths (all 5 characters).
    head(&c[4], "zip", ColumnType::Text, 4, 0, 3);
    numeric(&c[4], 5.0, 5.0, 5.0, 0.0);
    top(&c[4], &[("55117", 2), ("48067", 1), ("70072", 1)]);
    bins(&c[4].histogram, &[("5", 5.0, 5.0, 4)], "zip");
}

#[test]
fn movies_columns() {
    let p = fixture();
    let c = &p.tables[1].columns;

    // movie_id: 1, 2, 5, 9. Sum 17, squares 111: 4·111 − 17² = 155.
    head(&c[0], "movie_id", ColumnType::Integer, 4, 0, 4);
    numeric(&c[0], 1.0, 9.0, 4.25, (155.0f64 / 12.0).sqrt());
    top(&c[0], &[("1", 1), ("2", 1), ("5", 1), ("9", 1)]);
    bins(
        &c[0].histogram,
        &unit_bins_ref(&unit_bins(1, &[1, 1, 0, 0, 1, 0, 0, 0, 1])),
        "movie_id",
    );

    // title lengths: 16, 14, 12, 7. Sum 49, squares 645: 4·645 − 49² = 179.
    head(&c[1], "title", ColumnType::Text, 4, 0, 4);
    numeric(&c[1], 7.0, 16.0, 12.25, (179.0f64 / 12.0).sqrt());
    top(
        &c[1],
        &[
            ("Jumanji (1995)", 1),
            ("Nixon (1990)", 1),
            ("Sabrina", 1),
            ("Toy Story (1995)", 1),
        ],
    );
    bins(
        &c[1].histogram,
        &unit_bins_ref(&unit_bins(7, &[1, 0, 0, 0, 0, 1, 0, 1, 0, 1])),
        "title",
    );

    // year: 1995, 1995, 1990 and one unknown. Mean 1993⅓; deviations
    // 5/3, 5/3, −10/3 square to 50/3 in all; n·Σ(x−m)² = 50 over n(n−1) = 6.
    head(&c[2], "year", ColumnType::Integer, 3, 1, 2);
    numeric(&c[2], 1990.0, 1995.0, 5980.0 / 3.0, (50.0f64 / 6.0).sqrt());
    top(&c[2], &[("1995", 2), ("1990", 1)]);
    bins(
        &c[2].histogram,
        &unit_bins_ref(&unit_bins(1990, &[1, 0, 0, 0, 0, 2])),
        "year",
    );

    // genres: Sabrina has none (missing); three distinct combinations.
    head(&c[3], "genres", ColumnType::GenreSet, 3, 1, 3);
    assert_eq!(c[3].numeric, None);
    top(
        &c[3],
        &[
            ("Children's", 2),
            ("Comedy", 2),
            ("Adventure", 1),
            ("Animation", 1),
            ("Fantasy", 1),
        ],
    );
    let genres = [
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
    bins(
        &c[3].histogram,
        &category_bins(
            &genres,
            &[0, 1, 1, 2, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ),
        "genres",
    );
}

#[test]
fn ratings_columns() {
    let p = fixture();
    let c = &p.tables[2].columns;

    // user_id per rating: 1 ×3, 2 ×1, 4 ×2, 6 ×2. Sum 25, squares 111:
    // 8·111 − 25² = 263 over 8·7 = 56.
    head(&c[0], "user_id", ColumnType::Integer, 8, 0, 4);
    numeric(&c[0], 1.0, 6.0, 3.125, (263.0f64 / 56.0).sqrt());
    top(&c[0], &[("1", 3), ("4", 2), ("6", 2), ("2", 1)]);
    assert!(c[0].histogram.is_empty());

    // movie_id per rating: 1 ×4, 2 ×2, 9 ×2 (5 unrated). Sum 26, squares
    // 174: 8·174 − 26² = 716.
    head(&c[1], "movie_id", ColumnType::Integer, 8, 0, 3);
    numeric(&c[1], 1.0, 9.0, 3.25, (716.0f64 / 56.0).sqrt());
    top(&c[1], &[("1", 4), ("2", 2), ("9", 2)]);
    assert!(c[1].histogram.is_empty());

    head(&c[2], "rating", ColumnType::Categorical, 8, 0, 4);
    assert_eq!(c[2].numeric, None);
    top(&c[2], &[("4", 3), ("3", 2), ("5", 2), ("1", 1)]);
    bins(
        &c[2].histogram,
        &category_bins(&["1", "2", "3", "4", "5"], &[1, 0, 2, 3, 2]),
        "rating",
    );

    // Timestamps: sum 7,835,537,519 (mean 979,442,189.875); seven distinct
    // (978300760 twice); n·Σx² − (Σx)² = 445,888,486,733,943.
    head(&c[3], "timestamp", ColumnType::Timestamp, 8, 0, 7);
    numeric(
        &c[3],
        975_000_000.0,
        983_404_800.0,
        979_442_189.875,
        (445_888_486_733_943.0f64 / 56.0).sqrt(),
    );
    assert!(c[3].top.is_empty());
    // By UTC month, February (one second before March) included.
    bins(
        &c[3].histogram,
        &[
            ("2000-11", 973_036_800.0, 975_628_800.0, 1),
            ("2000-12", 975_628_800.0, 978_307_200.0, 3),
            ("2001-01", 978_307_200.0, 980_985_600.0, 2),
            ("2001-02", 980_985_600.0, 983_404_800.0, 1),
            ("2001-03", 983_404_800.0, 986_083_200.0, 1),
        ],
        "timestamp",
    );
}

fn finding(f: &Finding) -> (u64, Vec<u32>) {
    (f.count, f.examples.clone())
}

fn summary(d: &Distribution) -> (u64, f64, f64, u64) {
    (d.min, d.median, d.mean, d.max)
}

#[test]
fn dataset_findings() {
    let p = fixture();
    let d = &p.dataset;
    assert_eq!(finding(&d.movie_id_gaps), (5, vec![3, 4, 6, 7, 8]));
    assert_eq!(finding(&d.user_id_gaps), (2, vec![3, 5]));
    assert_eq!(finding(&d.unrated_movies), (1, vec![5]));
    assert_eq!(finding(&d.users_below_20), (4, vec![1, 2, 4, 6]));

    // Per user: 1, 2, 2, 3.
    assert_eq!(summary(&d.ratings_per_user), (1, 2.0, 2.0, 3));
    bins(
        &d.ratings_per_user.log2_bins,
        &[("1–1", 1.0, 1.0, 1), ("2–3", 2.0, 3.0, 3)],
        "ratings per user",
    );
    // Per movie: 0, 2, 2, 4 (the unrated movie is in no bin).
    assert_eq!(summary(&d.ratings_per_movie), (0, 2.0, 2.0, 4));
    bins(
        &d.ratings_per_movie.log2_bins,
        &[
            ("1–1", 1.0, 1.0, 0),
            ("2–3", 2.0, 3.0, 2),
            ("4–7", 4.0, 7.0, 1),
        ],
        "ratings per movie",
    );
}

#[test]
fn findings_keep_at_most_fifty_examples() {
    // MovieIDs 100 and 103 only: 99 + 2 missing ids, the first 50 shown.
    let cleaned = load_bytes(&[
        ("users.dat", &b"7::F::1::10::48067\n"[..]),
        (
            "movies.dat",
            b"100::A (1990)::Drama\n103::B (1991)::Drama\n",
        ),
        ("ratings.dat", b"7::103::2::978300760\n"),
    ])
    .unwrap();
    let p = profile(&Dataset::new(cleaned));
    let d = &p.dataset;
    assert_eq!(finding(&d.movie_id_gaps), (101, (1..=50).collect()));
    assert_eq!(finding(&d.user_id_gaps), (6, vec![1, 2, 3, 4, 5, 6]));
    assert_eq!(finding(&d.unrated_movies), (1, vec![100]));
    assert_eq!(finding(&d.users_below_20), (1, vec![7]));
    // Per movie: 0 and 1, median 0.5.
    assert_eq!(summary(&d.ratings_per_movie), (0, 0.5, 0.5, 1));
    bins(
        &d.ratings_per_movie.log2_bins,
        &[("1–1", 1.0, 1.0, 1)],
        "ratings per movie",
    );
}
