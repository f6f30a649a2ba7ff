//! [`write_parquet`]: the dataset as the layout's files, handed one by one
//! to a sink (files on disk for the CLI, zip entries for the page).

use parquet::data_type::ByteArray;

use movielens_core::table::Dataset;

use crate::columns::{list_of_strings, parquet_file, Column};
use crate::error::{in_file, Error, ErrorKind};

/// One month's file of the rating fact table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    /// Its path in the layout, `ratings/year=YYYY/month=MM/part-0.parquet`.
    pub path: String,
    /// The UTC year of its ratings.
    pub year: u32,
    /// The UTC month of its ratings, 1..=12.
    pub month: u32,
    /// Its ratings.
    pub rows: u64,
}

/// What [`write_parquet`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    /// The rating partitions, by month ascending.
    pub partitions: Vec<Partition>,
    /// Every file handed to the sink, in the order written, with its size
    /// in bytes.
    pub files: Vec<(String, u64)>,
}

impl Exported {
    /// Bytes written, all files together.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, b)| b).sum()
    }
}

/// The schema of the rating fact table: the rating, blended with its user's
/// and its movie's attributes (null where the data has none).
fn ratings_schema() -> String {
    format!(
        "message rating {{
            REQUIRED INT64 user_id;
            REQUIRED INT64 movie_id;
            REQUIRED DOUBLE rating;
            REQUIRED INT64 timestamp;
            OPTIONAL BYTE_ARRAY gender (STRING);
            OPTIONAL INT32 age;
            OPTIONAL INT32 occupation;
            OPTIONAL INT32 release_year;
            {}
        }}",
        list_of_strings("genres")
    )
}

/// Writes the layout of the crate docs: one Parquet file per UTC month of
/// the ratings (rows in the order of the ratings file), the users, movies
/// and rejects, and the lineage as JSON. Each file goes to `sink` whole,
/// with its path relative to the layout's root (`/`-separated), as soon as
/// it is made: at most one partition is held in memory besides the dataset.
///
/// # Errors
/// When the sink fails (the error names the file), or the Parquet writer
/// does (a bug).
///
/// ```
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::Toy Story (1995)::Animation|Children's|Comedy\n"),
///     ("ratings.dat", b"1::1::5::978300760\n1::2::5::978300761\n"),
/// ]).unwrap());
/// let mut files = Vec::new();
/// let out = movielens_export::write_parquet(&ds, &mut |path, bytes| {
///     files.push((path.to_owned(), bytes.len()));
///     Ok(())
/// }).unwrap();
/// assert_eq!(out.partitions[0].path, "ratings/year=2000/month=12/part-0.parquet");
/// assert_eq!(files.len(), 5);
/// ```
pub fn write_parquet(
    ds: &Dataset,
    sink: &mut dyn FnMut(&str, Vec<u8>) -> std::io::Result<()>,
) -> Result<Exported, Error> {
    let mut out = Exported::default();
    let mut put = |path: &str, bytes: Vec<u8>, out: &mut Exported| {
        out.files.push((path.to_owned(), bytes.len() as u64));
        sink(path, bytes).map_err(|e| Error {
            file: path.to_owned(),
            kind: ErrorKind::Sink(e),
        })
    };
    let genres = movie_genres(ds);
    let schema = ratings_schema();
    for (month, rows) in rows_by_month(ds) {
        let index = ds.first_month + month as u32;
        let (year, month) = (1970 + index / 12, index % 12 + 1);
        let path = format!("ratings/year={year:04}/month={month:02}/part-0.parquet");
        let bytes =
            parquet_file(&schema, rating_columns(ds, &rows, &genres)).map_err(in_file(&path))?;
        put(&path, bytes, &mut out)?;
        out.partitions.push(Partition {
            path,
            year,
            month,
            rows: rows.len() as u64,
        });
    }
    for (name, file) in [
        (
            "users.parquet",
            users_file as fn(&Dataset, &[Vec<ByteArray>]) -> _,
        ),
        ("movies.parquet", movies_file),
        ("rejects.parquet", rejects_file),
    ] {
        let bytes = file(ds, &genres).map_err(in_file(name))?;
        put(name, bytes, &mut out)?;
    }
    let mut lineage = serde_json::to_vec(&ds.lineage).expect("the lineage always serialises");
    // One line: JSON Lines as Spark reads it without options, and JSON.
    lineage.push(b'\n');
    put("lineage.json", lineage, &mut out)?;
    Ok(out)
}

/// The rows of each month that has ratings, in file order, months
/// ascending (month as months since [`Dataset::first_month`]).
fn rows_by_month(ds: &Dataset) -> Vec<(usize, Vec<u32>)> {
    let mut by_month: Vec<Vec<u32>> = vec![Vec::new(); ds.months];
    for (row, &m) in ds.month.iter().enumerate() {
        by_month[usize::from(m)].push(row as u32);
    }
    by_month
        .into_iter()
        .enumerate()
        .filter(|(_, rows)| !rows.is_empty())
        .collect()
}

/// Each movie's genre names, made once (a rating's list shares them).
fn movie_genres(ds: &Dataset) -> Vec<Vec<ByteArray>> {
    ds.movies
        .genres
        .iter()
        .map(|&mask| {
            // The release's own spelling (`Children` from ML-10M on).
            let vocab = ds.schema.genres;
            vocab
                .genres()
                .filter(|g| mask & (1 << g.index()) != 0)
                .map(|g| ByteArray::from(vocab.name(g)))
                .collect()
        })
        .collect()
}

fn rating_columns(ds: &Dataset, rows: &[u32], genres: &[Vec<ByteArray>]) -> Vec<Column> {
    let r = &ds.ratings;
    let user = |i: &u32| r.user[*i as usize] as usize;
    let movie = |i: &u32| r.movie[*i as usize] as usize;
    let gender: [ByteArray; 2] = ["F".into(), "M".into()];
    // Without a users file there are no demographics: null, not placeholders.
    let known = ds.schema.demographics;
    vec![
        Column::int64(rows.iter().map(|i| i64::from(ds.users.id[user(i)]))),
        Column::int64(rows.iter().map(|i| i64::from(ds.movies.id[movie(i)]))),
        Column::double(
            rows.iter()
                .map(|&i| movielens_core::model::stars(r.halves[i as usize])),
        ),
        Column::int64(rows.iter().map(|&i| i64::from(r.ts[i as usize]))),
        Column::opt_text(
            rows.iter()
                .map(|i| known.then(|| gender[ds.users.gender[user(i)] as usize].clone())),
        ),
        Column::opt_int32(
            rows.iter()
                .map(|i| known.then(|| i32::from(ds.users.age[user(i)]))),
        ),
        Column::opt_int32(
            rows.iter()
                .map(|i| known.then(|| i32::from(ds.users.occupation[user(i)]))),
        ),
        Column::opt_int32(rows.iter().map(|i| ds.movies.year[movie(i)].map(i32::from))),
        Column::list_of_text(rows.iter().map(|i| &genres[movie(i)][..])),
    ]
}

fn users_file(ds: &Dataset, _: &[Vec<ByteArray>]) -> parquet::errors::Result<Vec<u8>> {
    let u = &ds.users;
    let known = ds.schema.demographics;
    parquet_file(
        "message user {
            REQUIRED INT64 user_id;
            OPTIONAL BYTE_ARRAY gender (STRING);
            OPTIONAL INT32 age;
            OPTIONAL INT32 occupation;
            OPTIONAL BYTE_ARRAY zip (STRING);
        }",
        vec![
            Column::int64(u.id.iter().map(|&id| i64::from(id))),
            Column::opt_text(u.gender.iter().map(|g| known.then(|| g.code().into()))),
            Column::opt_int32(u.age.iter().map(|&a| known.then(|| i32::from(a)))),
            Column::opt_int32(u.occupation.iter().map(|&o| known.then(|| i32::from(o)))),
            Column::opt_text(u.zip.iter().map(|z| known.then(|| z.as_str().into()))),
        ],
    )
}

fn movies_file(ds: &Dataset, genres: &[Vec<ByteArray>]) -> parquet::errors::Result<Vec<u8>> {
    let m = &ds.movies;
    parquet_file(
        &format!(
            "message movie {{
                REQUIRED INT64 movie_id;
                REQUIRED BYTE_ARRAY title (STRING);
                REQUIRED BYTE_ARRAY display (STRING);
                OPTIONAL INT32 release_year;
                {}
            }}",
            list_of_strings("genres")
        ),
        vec![
            Column::int64(m.id.iter().map(|&id| i64::from(id))),
            Column::text(m.title.iter()),
            Column::text(m.display.iter()),
            Column::opt_int32(m.year.iter().map(|y| y.map(i32::from))),
            Column::list_of_text(genres.iter().map(Vec::as_slice)),
        ],
    )
}

/// The rejected rows listed (the first of each file and reason, as the
/// rejects CSV; the lineage counts them all). The raw line as read: unlike
/// the CSV, nothing here is a spreadsheet formula.
fn rejects_file(ds: &Dataset, _: &[Vec<ByteArray>]) -> parquet::errors::Result<Vec<u8>> {
    let r = &ds.rejects;
    parquet_file(
        "message reject {
            REQUIRED BYTE_ARRAY file (STRING);
            REQUIRED INT64 line;
            REQUIRED BYTE_ARRAY reason (STRING);
            REQUIRED BYTE_ARRAY detail (STRING);
            REQUIRED BYTE_ARRAY raw (STRING);
        }",
        vec![
            Column::text(r.iter().map(|x| x.file.file_name())),
            Column::int64(r.iter().map(|x| i64::try_from(x.line).unwrap_or(i64::MAX))),
            Column::text(r.iter().map(|x| x.reason.code())),
            Column::text(r.iter().map(|x| x.detail.as_str())),
            Column::text(r.iter().map(|x| x.raw.as_str())),
        ],
    )
}
