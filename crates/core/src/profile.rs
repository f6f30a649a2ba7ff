//! Catalog and profile: per table and column, the type, count, missing,
//! distinct values, numeric summary, most frequent values and a histogram;
//! and for the dataset, id gaps, unrated movies, light users and the
//! ratings-per-user and per-movie distributions.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{star_text, GenreVocab};
use crate::table::Dataset;
use crate::time::month_key;

mod dataset;
mod users;

use dataset::findings;
pub use dataset::{DatasetFindings, Distribution, Finding};

/// Most frequent values kept per column.
pub const TOP_VALUES: usize = 10;
/// Bins of a numeric histogram, at most.
pub const BINS: usize = 20;
/// Examples kept of each dataset finding.
pub const MAX_EXAMPLES: usize = 50;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Whole numbers (ids): numeric summary and a histogram of values.
    Integer,
    /// A code from a fixed list (gender, age group, occupation, stars).
    Categorical,
    /// Free text (titles, zip codes): summary and histogram of lengths.
    Text,
    /// Unix seconds.
    Timestamp,
    /// A set of genres.
    GenreSet,
}

/// What a column is to its table (`"key"`, `"reference"` or `"value"` in
/// JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The table's identifier: one row per value (users' `user_id`,
    /// movies' `movie_id`), so its most frequent values say nothing.
    Key,
    /// An identifier of another table's rows (ratings' `user_id` and
    /// `movie_id`): its most frequent values are the most active users and
    /// the most rated movies.
    Reference,
    /// Anything else.
    Value,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Key, Role::Reference, Role::Value];

    /// Its name in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Role::Key => "key",
            Role::Reference => "reference",
            Role::Value => "value",
        }
    }
}

impl Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// From its name as a string: the page's deserializer then needs no enum
/// code for it (serde's derive would link some, 2 KB of the page).
impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
        let name = String::deserialize(d)?;
        Role::ALL
            .into_iter()
            .find(|r| r.name() == name)
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, &["key", "reference", "value"]))
    }
}

/// Mean and spread of a numeric column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Numeric {
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// The arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n - 1); 0 for a single value.
    pub std: f64,
}

/// One histogram bin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    /// What the bin holds: `"3–5"`, a category's label, a `YYYY-MM` month.
    pub label: String,
    /// The first value in the bin. Integer and distribution bins hold
    /// `from..=to`; a timestamp column's monthly bins hold `[from, to)` in
    /// Unix seconds; a categorical or genre bin has its index in both.
    pub from: f64,
    /// The last value in the bin, or the end of a month (see `from`).
    pub to: f64,
    /// Values in the bin.
    pub count: u64,
}

/// A value and how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    /// The value as text.
    pub value: String,
    /// Rows with that value.
    pub count: u64,
}

/// The profile of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The column's name, e.g. `"user_id"`.
    pub name: String,
    /// What the column holds (`type` in JSON).
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// Whether it identifies rows, of its table or another.
    pub role: Role,
    /// Rows with a value.
    pub count: u64,
    /// Rows without one (empty, or unknown as a movie's year can be).
    pub missing: u64,
    /// Distinct values (for genres: distinct genre combinations).
    pub distinct: u64,
    /// Min, max, mean and spread of numbers (of lengths for text); `None`
    /// for categories and genres.
    pub numeric: Option<Numeric>,
    /// Most frequent values, most frequent first (ties: value order).
    pub top: Vec<ValueCount>,
    /// The values binned: at most [`BINS`] ranges for numbers and text
    /// lengths, one bin per category, genre or month.
    pub histogram: Vec<Bin>,
}

/// The profile of one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// `"users"`, `"movies"` or `"ratings"`.
    pub name: String,
    /// Accepted rows.
    pub rows: u64,
    /// One profile per column, in file order.
    pub columns: Vec<Column>,
}

/// The whole profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Users, movies and ratings, in that order.
    pub tables: Vec<Table>,
    /// What only the tables together show.
    pub dataset: DatasetFindings,
}

/// Profiles the dataset.
pub fn profile(ds: &Dataset) -> Profile {
    let u = &ds.users;
    let m = &ds.movies;
    let r = &ds.ratings;
    let users = Table {
        name: "users".to_owned(),
        rows: u.len() as u64,
        columns: {
            let mut columns = vec![key(integer(
                "user_id",
                u.id.iter().map(|&v| u64::from(v)),
                u.len(),
            ))];
            if ds.schema.demographics {
                columns.extend(users::demographics(ds));
            }
            columns
        },
    };
    let movies = Table {
        name: "movies".to_owned(),
        rows: m.len() as u64,
        columns: vec![
            key(integer(
                "movie_id",
                m.id.iter().map(|&v| u64::from(v)),
                m.len(),
            )),
            text("title", m.title.iter().map(String::as_str)),
            {
                let years: Vec<u64> = m.year.iter().flatten().map(|&y| u64::from(y)).collect();
                let mut c = integer("year", years.iter().copied(), years.len());
                c.missing = (m.len() - years.len()) as u64;
                c
            },
            genre_set(&m.genres, ds.schema.genres),
        ],
    };
    let ratings = Table {
        name: "ratings".to_owned(),
        rows: r.len() as u64,
        columns: vec![
            weighted_ids("user_id", &u.id, &ds.user_ratings),
            weighted_ids("movie_id", &m.id, &ds.movie_ratings),
            {
                let steps: Vec<u8> = ds.schema.scale.halves().collect();
                let mut at = [0usize; 11];
                for (i, &h) in steps.iter().enumerate() {
                    at[usize::from(h)] = i;
                }
                categorical(
                    "rating",
                    r.halves.iter().map(|&h| at[usize::from(h)]),
                    &steps.iter().map(|&h| star_text(h)).collect::<Vec<_>>(),
                )
            },
            timestamp(ds),
        ],
    };
    Profile {
        tables: vec![users, movies, ratings],
        dataset: findings(ds),
    }
}

/// A table's identifier column.
fn key(column: Column) -> Column {
    Column {
        role: Role::Key,
        ..column
    }
}

fn numeric(values: impl Iterator<Item = u64> + Clone) -> Option<(Numeric, u64, u64)> {
    let (mut n, mut sum, mut sum_sq, mut lo, mut hi) = (0u64, 0u128, 0u128, u64::MAX, 0u64);
    for v in values {
        n += 1;
        sum += u128::from(v);
        sum_sq += u128::from(v) * u128::from(v);
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if n == 0 {
        return None;
    }
    let mean = sum as f64 / n as f64;
    let std = if n > 1 {
        let num = u128::from(n) * sum_sq - sum * sum;
        (num as f64 / (n as f64 * (n as f64 - 1.0))).sqrt()
    } else {
        0.0
    };
    Some((
        Numeric {
            min: lo as f64,
            max: hi as f64,
            mean,
            std,
        },
        lo,
        hi,
    ))
}

fn histogram(values: impl Iterator<Item = u64>, lo: u64, hi: u64) -> Vec<Bin> {
    let span = hi - lo + 1;
    let width = span.div_ceil(BINS as u64).max(1);
    let bins = span.div_ceil(width) as usize;
    let mut counts = vec![0u64; bins];
    for v in values {
        counts[((v - lo) / width) as usize] += 1;
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let from = lo + i as u64 * width;
            let to = (from + width - 1).min(hi);
            Bin {
                label: if from == to {
                    from.to_string()
                } else {
                    format!("{from}–{to}")
                },
                from: from as f64,
                to: to as f64,
                count,
            }
        })
        .collect()
}

fn top_values<K: Ord + Clone + std::hash::Hash>(
    counts: HashMap<K, u64>,
    show: impl Fn(&K) -> String,
) -> Vec<ValueCount> {
    let mut v: Vec<(K, u64)> = counts.into_iter().collect();
    crate::sorting::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter()
        .take(TOP_VALUES)
        .map(|(k, count)| ValueCount {
            value: show(&k),
            count,
        })
        .collect()
}

fn integer(name: &'static str, values: impl Iterator<Item = u64> + Clone, len: usize) -> Column {
    let mut counts: HashMap<u64, u64> = HashMap::new();
    for v in values.clone() {
        *counts.entry(v).or_default() += 1;
    }
    let distinct = counts.len() as u64;
    let (numeric, histogram) = match numeric(values.clone()) {
        Some((n, lo, hi)) => (Some(n), histogram(values, lo, hi)),
        None => (None, Vec::new()),
    };
    Column {
        name: name.to_owned(),
        kind: ColumnType::Integer,
        role: Role::Value,
        count: len as u64,
        missing: 0,
        distinct,
        numeric,
        top: top_values(counts, u64::to_string),
        histogram,
    }
}

/// A column of ids that repeat (ratings' user and movie ids), from the
/// count of each id: no per-rating hashing.
fn weighted_ids(name: &'static str, ids: &[u32], counts: &[u32]) -> Column {
    let (mut n, mut sum, mut sum_sq, mut lo, mut hi) = (0u64, 0u128, 0u128, u64::MAX, 0u64);
    let mut distinct = 0;
    for (&id, &c) in ids.iter().zip(counts) {
        if c == 0 {
            continue;
        }
        let (v, c) = (u64::from(id), u64::from(c));
        distinct += 1;
        n += c;
        sum += u128::from(v * c);
        sum_sq += u128::from(v) * u128::from(v) * u128::from(c);
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let numeric = (n > 0).then(|| Numeric {
        min: lo as f64,
        max: hi as f64,
        mean: sum as f64 / n as f64,
        std: if n > 1 {
            let num = u128::from(n) * sum_sq - sum * sum;
            (num as f64 / (n as f64 * (n as f64 - 1.0))).sqrt()
        } else {
            0.0
        },
    });
    let mut order: Vec<usize> = (0..ids.len()).filter(|&i| counts[i] > 0).collect();
    crate::sorting::sort_by(&mut order, |&a, &b| {
        counts[b].cmp(&counts[a]).then(ids[a].cmp(&ids[b]))
    });
    Column {
        name: name.to_owned(),
        kind: ColumnType::Integer,
        role: Role::Reference,
        count: n,
        missing: 0,
        distinct,
        numeric,
        top: order
            .iter()
            .take(TOP_VALUES)
            .map(|&i| ValueCount {
                value: ids[i].to_string(),
                count: u64::from(counts[i]),
            })
            .collect(),
        histogram: Vec::new(),
    }
}

fn categorical(
    name: &'static str,
    codes: impl Iterator<Item = usize>,
    labels: &[String],
) -> Column {
    let mut counts = vec![0u64; labels.len()];
    let mut n = 0;
    for c in codes {
        counts[c] += 1;
        n += 1;
    }
    let mut top: Vec<ValueCount> = labels
        .iter()
        .zip(&counts)
        .filter(|(_, c)| **c > 0)
        .map(|(l, &count)| ValueCount {
            value: l.clone(),
            count,
        })
        .collect();
    let histogram = labels
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(i, (l, &count))| Bin {
            label: l.clone(),
            from: i as f64,
            to: i as f64,
            count,
        })
        .collect();
    let distinct = top.len() as u64;
    crate::sorting::sort_by_key(&mut top, |v| std::cmp::Reverse(v.count));
    top.truncate(TOP_VALUES);
    Column {
        name: name.to_owned(),
        kind: ColumnType::Categorical,
        role: Role::Value,
        count: n,
        missing: 0,
        distinct,
        numeric: None,
        top,
        histogram,
    }
}

fn text<'a>(name: &'static str, values: impl Iterator<Item = &'a str>) -> Column {
    let mut counts: HashMap<&str, u64> = HashMap::new();
    let mut n = 0;
    let mut lengths: Vec<u64> = Vec::new();
    for v in values {
        n += 1;
        lengths.push(v.chars().count() as u64);
        *counts.entry(v).or_default() += 1;
    }
    let distinct = counts.len() as u64;
    let (numeric, histogram) = match numeric(lengths.iter().copied()) {
        Some((num, lo, hi)) => (Some(num), histogram(lengths.iter().copied(), lo, hi)),
        None => (None, Vec::new()),
    };
    Column {
        name: name.to_owned(),
        kind: ColumnType::Text,
        role: Role::Value,
        count: n,
        missing: 0,
        distinct,
        // For text: the numbers and histogram are of lengths in characters.
        numeric,
        top: top_values(counts, |s| (*s).to_owned()),
        histogram,
    }
}

fn genre_set(genres: &[u32], vocab: GenreVocab) -> Column {
    let names: Vec<&str> = vocab.genres().map(|g| vocab.name(g)).collect();
    let mut per_genre = vec![0u64; names.len()];
    let mut combos: HashMap<u32, u64> = HashMap::new();
    let mut missing = 0;
    for &g in genres {
        if g == 0 {
            missing += 1;
        }
        *combos.entry(g).or_default() += 1;
        for (i, c) in per_genre.iter_mut().enumerate() {
            if g & (1 << i) != 0 {
                *c += 1;
            }
        }
    }
    let mut top: Vec<ValueCount> = names
        .iter()
        .zip(per_genre.iter().copied())
        .filter(|(_, c)| *c > 0)
        .map(|(g, count)| ValueCount {
            value: (*g).to_owned(),
            count,
        })
        .collect();
    crate::sorting::sort_by_key(&mut top, |v| std::cmp::Reverse(v.count));
    top.truncate(TOP_VALUES);
    Column {
        name: "genres".to_owned(),
        kind: ColumnType::GenreSet,
        role: Role::Value,
        count: genres.len() as u64 - missing,
        missing,
        // Distinct genre combinations.
        distinct: combos.keys().filter(|g| **g != 0).count() as u64,
        numeric: None,
        top,
        histogram: names
            .iter()
            .zip(per_genre)
            .enumerate()
            .map(|(i, (g, count))| Bin {
                label: (*g).to_owned(),
                from: i as f64,
                to: i as f64,
                count,
            })
            .collect(),
    }
}

fn timestamp(ds: &Dataset) -> Column {
    let ts = &ds.ratings.ts;
    let mut c = match numeric(ts.iter().map(|&t| u64::from(t))) {
        Some((n, _, _)) => Column {
            name: "timestamp".to_owned(),
            kind: ColumnType::Timestamp,
            role: Role::Value,
            count: ts.len() as u64,
            missing: 0,
            distinct: 0,
            numeric: Some(n),
            top: Vec::new(),
            histogram: Vec::new(),
        },
        None => Column {
            name: "timestamp".to_owned(),
            kind: ColumnType::Timestamp,
            role: Role::Value,
            count: 0,
            missing: 0,
            distinct: 0,
            numeric: None,
            top: Vec::new(),
            histogram: Vec::new(),
        },
    };
    let mut sorted = crate::sorting::sorted_u32(ts.iter().copied());
    sorted.dedup();
    c.distinct = sorted.len() as u64;
    // By month: the natural bins of rating time.
    let mut months = vec![0u64; ds.months];
    for &mo in &ds.month {
        months[usize::from(mo)] += 1;
    }
    c.histogram = months
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let index = ds.first_month + i as u32;
            Bin {
                label: month_key(index),
                from: f64::from(crate::analytics::month_start(index)),
                to: f64::from(crate::analytics::month_start(index + 1)),
                count,
            }
        })
        .collect();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_by_name() {
        for r in Role::ALL {
            let json = serde_json::to_string(&r).expect("serialises");
            assert_eq!(json, format!("\"{}\"", r.name()));
            assert_eq!(serde_json::from_str::<Role>(&json).expect("parses"), r);
        }
        assert!(serde_json::from_str::<Role>("\"primary\"").is_err());
    }
}
