//! The Parquet files read back with the parquet crate's own reader: each
//! partition holds exactly the ratings of its UTC month, in file order,
//! with their user's and movie's attributes; the aggregates over all
//! partitions equal the report's; users, movies, rejects and lineage are
//! whole.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};

use movielens_core::analytics::month_start;
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::load::load_bytes;
use movielens_core::model::genre_names;
use movielens_core::report::Report;
use movielens_core::table::Dataset;
use movielens_export::write_parquet;

const MIN_RATINGS: u64 = 20;

fn dataset(ratings: u64, seed: u64) -> Dataset {
    let files = generate(&DemoConfig {
        ratings,
        seed,
        dirty: true,
    });
    Dataset::new(
        load_bytes(&[
            ("users.dat", &files.users[..]),
            ("movies.dat", &files.movies[..]),
            ("ratings.dat", &files.ratings[..]),
        ])
        .expect("generated data loads"),
    )
}

fn export(ds: &Dataset) -> (movielens_export::Exported, BTreeMap<String, Vec<u8>>) {
    let mut files = BTreeMap::new();
    let out = write_parquet(ds, &mut |path, bytes| {
        assert!(
            files.insert(path.to_owned(), bytes).is_none(),
            "{path} written twice"
        );
        Ok(())
    })
    .expect("export succeeds");
    (out, files)
}

/// Every row of a Parquet file, each as its fields by column name.
fn rows(bytes: &[u8]) -> Vec<HashMap<String, Field>> {
    let reader = SerializedFileReader::new(Bytes::from(bytes.to_vec())).expect("a Parquet file");
    let n = reader.metadata().file_metadata().num_rows();
    let rows: Vec<HashMap<String, Field>> = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|r| fields(&r.expect("a row")))
        .collect();
    assert_eq!(rows.len() as i64, n, "rows read = rows in the footer");
    rows
}

fn fields(row: &Row) -> HashMap<String, Field> {
    row.get_column_iter()
        .map(|(name, f)| (name.clone(), f.clone()))
        .collect()
}

fn long(r: &HashMap<String, Field>, k: &str) -> i64 {
    match &r[k] {
        Field::Long(v) => *v,
        other => panic!("{k}: {other:?} is not an INT64"),
    }
}

fn int(r: &HashMap<String, Field>, k: &str) -> Option<i32> {
    match &r[k] {
        Field::Int(v) => Some(*v),
        Field::Null => None,
        other => panic!("{k}: {other:?} is not an INT32"),
    }
}

fn text(r: &HashMap<String, Field>, k: &str) -> Option<String> {
    match &r[k] {
        Field::Str(v) => Some(v.clone()),
        Field::Null => None,
        other => panic!("{k}: {other:?} is not a string"),
    }
}

fn list(r: &HashMap<String, Field>, k: &str) -> Vec<String> {
    match &r[k] {
        Field::ListInternal(l) => l
            .elements()
            .iter()
            .map(|e| match e {
                Field::Str(s) => s.clone(),
                other => panic!("{k}: element {other:?}"),
            })
            .collect(),
        other => panic!("{k}: {other:?} is not a list"),
    }
}

#[derive(Default, Clone, Copy)]
struct Acc {
    count: u64,
    sum: f64,
}

impl Acc {
    fn add(&mut self, v: f64) {
        self.count += 1;
        self.sum += v;
    }
    fn mean(self) -> Option<f64> {
        (self.count > 0).then(|| self.sum / self.count as f64)
    }
}

#[test]
fn each_partition_holds_its_months_ratings_in_file_order() {
    let ds = dataset(40_000, 5);
    let (out, files) = export(&ds);
    assert!(out.partitions.len() > 20, "the data spans years of months");
    let mut seen = 0u64;
    for p in &out.partitions {
        assert_eq!(
            p.path,
            format!(
                "ratings/year={:04}/month={:02}/part-0.parquet",
                p.year, p.month
            )
        );
        let index = (p.year - 1970) * 12 + p.month - 1;
        let (from, to) = (month_start(index), month_start(index + 1));
        // The oracle: the dataset's ratings in this month, in file order.
        let want: Vec<usize> = (0..ds.len())
            .filter(|&i| (from..to).contains(&ds.ratings.ts[i]))
            .collect();
        let got = rows(&files[&p.path]);
        assert_eq!(got.len(), want.len(), "{}", p.path);
        assert_eq!(p.rows, want.len() as u64);
        for (r, &i) in got.iter().zip(&want) {
            let (u, m) = (ds.ratings.user[i] as usize, ds.ratings.movie[i] as usize);
            assert_eq!(long(r, "user_id"), i64::from(ds.users.id[u]));
            assert_eq!(long(r, "movie_id"), i64::from(ds.movies.id[m]));
            assert_eq!(
                r["rating"],
                Field::Double(f64::from(ds.ratings.halves[i]) / 2.0)
            );
            let ts = long(r, "timestamp");
            assert!(
                (i64::from(from)..i64::from(to)).contains(&ts),
                "{ts} in {}",
                p.path
            );
            assert_eq!(ts, i64::from(ds.ratings.ts[i]));
            assert_eq!(
                text(r, "gender").as_deref(),
                Some(ds.users.gender[u].code())
            );
            assert_eq!(int(r, "age"), Some(i32::from(ds.users.age[u])));
            assert_eq!(
                int(r, "occupation"),
                Some(i32::from(ds.users.occupation[u]))
            );
            assert_eq!(int(r, "release_year"), ds.movies.year[m].map(i32::from));
            let names: Vec<&str> = genre_names(ds.movies.genres[m]).collect();
            assert_eq!(list(r, "genres"), names);
        }
        seen += got.len() as u64;
    }
    assert_eq!(seen, ds.len() as u64, "every rating in one partition");
    let months: Vec<(u32, u32)> = out.partitions.iter().map(|p| (p.year, p.month)).collect();
    assert!(
        months.windows(2).all(|w| w[0] < w[1]),
        "months ascending, once each"
    );
}

#[test]
fn aggregates_read_back_equal_the_report() {
    let ds = dataset(60_000, 11);
    let report = Report::new(&ds, MIN_RATINGS);
    let (out, files) = export(&ds);
    let (mut all, mut stars) = (Acc::default(), BTreeMap::<String, u64>::new());
    let mut by_gender: BTreeMap<String, Acc> = BTreeMap::new();
    let mut by_genre: BTreeMap<String, Acc> = BTreeMap::new();
    let mut by_month: Vec<(String, Acc)> = Vec::new();
    let mut per_movie: HashMap<i64, u64> = HashMap::new();
    for p in &out.partitions {
        let mut month = Acc::default();
        for r in rows(&files[&p.path]) {
            let Field::Double(v) = r["rating"] else {
                panic!("rating is a DOUBLE")
            };
            all.add(v);
            month.add(v);
            *stars.entry(format!("{v}")).or_default() += 1;
            by_gender
                .entry(text(&r, "gender").expect("every user has one"))
                .or_default()
                .add(v);
            for g in list(&r, "genres") {
                by_genre.entry(g).or_default().add(v);
            }
            *per_movie.entry(long(&r, "movie_id")).or_default() += 1;
        }
        by_month.push((format!("{:04}-{:02}", p.year, p.month), month));
    }
    let s = &report.summary;
    assert_eq!(all.count, s.ratings);
    assert_eq!(all.mean(), s.mean_rating, "sums of whole stars are exact");
    assert_eq!(per_movie.len() as u64, s.rated_movies);
    let want_stars: BTreeMap<String, u64> = report
        .rating_histogram
        .iter()
        .filter(|(_, &n)| n > 0)
        .map(|(k, &n)| (k.clone(), n))
        .collect();
    assert_eq!(stars, want_stars);
    for b in report.by_gender.iter().flatten() {
        let got = by_gender.get(b.key.code()).copied().unwrap_or_default();
        assert_eq!(
            (got.count, got.mean()),
            (b.ratings, b.mean),
            "{}",
            b.key.code()
        );
    }
    for g in &report.by_genre {
        let got = by_genre.get(g.key).copied().unwrap_or_default();
        assert_eq!((got.count, got.mean()), (g.ratings, g.mean), "{}", g.key);
    }
    let want_months: Vec<(String, u64, Option<f64>)> = report
        .by_month
        .iter()
        .map(|m| (m.key.clone(), m.ratings, m.mean))
        .collect();
    let got_months: Vec<(String, u64, Option<f64>)> = by_month
        .into_iter()
        .map(|(k, a)| (k, a.count, a.mean()))
        .collect();
    assert_eq!(got_months, want_months);
    for t in &report.top_by_count {
        assert_eq!(per_movie[&i64::from(t.movie_id)], t.ratings, "{}", t.title);
    }
    let popular = per_movie.values().filter(|&&n| n >= MIN_RATINGS).count();
    assert_eq!(popular as u64, report.movies_with_min_ratings);
}

#[test]
fn users_movies_rejects_and_lineage_are_whole() {
    let ds = dataset(20_000, 7);
    let (out, files) = export(&ds);
    let names: Vec<&str> = out.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        &names[names.len() - 4..],
        [
            "users.parquet",
            "movies.parquet",
            "rejects.parquet",
            "lineage.json"
        ]
    );
    assert_eq!(
        out.bytes(),
        files.values().map(|b| b.len() as u64).sum::<u64>()
    );

    let users = rows(&files["users.parquet"]);
    assert_eq!(users.len(), ds.users.len());
    for (i, r) in users.iter().enumerate() {
        assert_eq!(long(r, "user_id"), i64::from(ds.users.id[i]));
        assert_eq!(
            text(r, "gender").as_deref(),
            Some(ds.users.gender[i].code())
        );
        assert_eq!(int(r, "age"), Some(i32::from(ds.users.age[i])));
        assert_eq!(
            int(r, "occupation"),
            Some(i32::from(ds.users.occupation[i]))
        );
        assert_eq!(text(r, "zip").as_ref(), Some(&ds.users.zip[i]));
    }

    let movies = rows(&files["movies.parquet"]);
    assert_eq!(movies.len(), ds.movies.len());
    let mut without_genres = 0;
    for (i, r) in movies.iter().enumerate() {
        assert_eq!(long(r, "movie_id"), i64::from(ds.movies.id[i]));
        assert_eq!(text(r, "title").as_ref(), Some(&ds.movies.title[i]));
        assert_eq!(text(r, "display").as_ref(), Some(&ds.movies.display[i]));
        assert_eq!(int(r, "release_year"), ds.movies.year[i].map(i32::from));
        let want: Vec<&str> = genre_names(ds.movies.genres[i]).collect();
        assert_eq!(list(r, "genres"), want);
        without_genres += usize::from(want.is_empty());
    }
    assert!(
        without_genres > 0,
        "the dirty data has movies without genres: empty lists"
    );
    assert!(
        ds.movies.year.iter().any(Option::is_none),
        "and movies without a year: nulls"
    );

    let rejects = rows(&files["rejects.parquet"]);
    assert_eq!(rejects.len(), ds.rejects.len());
    assert!(!rejects.is_empty());
    for (r, want) in rejects.iter().zip(&ds.rejects) {
        assert_eq!(text(r, "file").as_deref(), Some(want.file.file_name()));
        assert_eq!(long(r, "line"), want.line as i64);
        assert_eq!(text(r, "reason").as_deref(), Some(want.reason.code()));
        assert_eq!(text(r, "detail").as_ref(), Some(&want.detail));
        assert_eq!(text(r, "raw").as_ref(), Some(&want.raw));
    }

    let lineage = std::str::from_utf8(&files["lineage.json"]).expect("UTF-8");
    assert_eq!(lineage.lines().count(), 1, "one line: JSON Lines as well");
    let got: serde_json::Value = serde_json::from_str(lineage).expect("JSON");
    assert_eq!(got, serde_json::to_value(&ds.lineage).expect("serialises"));
}

#[test]
fn no_ratings_no_partitions() {
    let ds = Dataset::new(
        load_bytes(&[
            ("users.dat", &b"1::F::1::10::48067\n"[..]),
            ("movies.dat", b"1::Toy Story (1995)::Animation\n"),
            ("ratings.dat", b"1::9::5::978300760\n"),
        ])
        .expect("loads"),
    );
    let (out, files) = export(&ds);
    assert!(out.partitions.is_empty());
    assert_eq!(rows(&files["rejects.parquet"]).len(), 1);
    assert_eq!(rows(&files["movies.parquet"]).len(), 1);
}
