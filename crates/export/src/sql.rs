//! The report of `movielens report --json` as SQL over the layout that
//! [`crate::write_parquet`] writes, for DuckDB and Spark SQL.
//!
//! Each query gives one report key, with the report's definitions: means are
//! `SUM(rating) / COUNT(*)` (as the report divides its integer sums), the
//! sample standard deviation is worked out from the count, sum and sum of
//! squares as the report does, the damped mean is
//! `(sum + 25 × overall mean) / (count + 25)`, and the top lists break ties
//! as the report does (more ratings first, then the lower movie id). So the
//! numbers are the report's to the last bit where the sums are exact
//! (ratings in half stars: always), and the order of the lists with them.

use std::fmt::Write as _;

/// A SQL dialect the queries are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB (the `duckdb` CLI or its Python package).
    DuckDb,
    /// Spark SQL (`spark-sql`, or `spark.sql` in pyspark).
    Spark,
}

impl Dialect {
    /// The dialect of a name: `duckdb` or `spark`.
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name {
            "duckdb" => Some(Dialect::DuckDb),
            "spark" => Some(Dialect::Spark),
            _ => None,
        }
    }

    /// `"DuckDB"` or `"Spark SQL"`.
    pub fn label(self) -> &'static str {
        match self {
            Dialect::DuckDb => "DuckDB",
            Dialect::Spark => "Spark SQL",
        }
    }

    /// A string literal.
    fn literal(self, s: &str) -> String {
        match self {
            Dialect::DuckDb => format!("'{}'", s.replace('\'', "''")),
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        }
    }

    /// The query text with the dialect's spelling of each placeholder.
    fn spell(self, template: &str) -> String {
        let words: [(&str, &str); 4] = match self {
            Dialect::DuckDb => [
                ("{ts}", "\"timestamp\""),
                ("{explode}", "unnest"),
                ("{div}", "//"),
                ("{format}", "printf"),
            ],
            Dialect::Spark => [
                ("{ts}", "`timestamp`"),
                ("{explode}", "explode"),
                ("{div}", "div"),
                ("{format}", "format_string"),
            ],
        };
        words
            .iter()
            .fold(template.to_owned(), |t, (from, to)| t.replace(from, to))
    }
}

/// One query of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The report key it gives, e.g. `by_genre`.
    pub key: &'static str,
    /// What its rows are, compared with the report.
    pub about: &'static str,
    /// The query, without a final `;`.
    pub sql: String,
}

/// The report's numeric keys that have no query here, and why.
pub const LEFT_OUT: [(&str, &str); 5] = [
    (
        "summary.warnings",
        "the warnings are counted per file in lineage.json, by kinds that differ per file; the Parquet tables carry no per-row warnings",
    ),
    (
        "lineage",
        "it is lineage.json itself (the counts of the files' lines, which the Parquet tables, cleaned, cannot give)",
    ),
    (
        "expectations",
        "they are rules over the files' lines, rejected ones included (the rejects listed are only the first 1,000 of each file and reason)",
    ),
    (
        "profile",
        "its histograms, top values and distinct counts per column are many queries of their own, not a report of the ratings",
    ),
    (
        "genre_age, ratings_per_user, ratings_per_movie",
        "the page's charts, not keys of the report",
    ),
];

/// The statements that name the layout's tables (`ratings`, `users`,
/// `movies`, `rejects`, `lineage`) as views over the files under `path`.
pub fn setup(dialect: Dialect, path: &str) -> Vec<String> {
    let at = |rel: &str| {
        let base = path.trim_end_matches('/');
        dialect.literal(&if base.is_empty() {
            rel.to_owned()
        } else {
            format!("{base}/{rel}")
        })
    };
    match dialect {
        Dialect::DuckDb => vec![
            format!(
                "CREATE OR REPLACE VIEW ratings AS SELECT * FROM read_parquet({}, hive_partitioning = true, \
                 hive_types = {{'year': INTEGER, 'month': INTEGER}})",
                at("ratings/*/*/*.parquet")
            ),
            format!("CREATE OR REPLACE VIEW users AS SELECT * FROM read_parquet({})", at("users.parquet")),
            format!("CREATE OR REPLACE VIEW movies AS SELECT * FROM read_parquet({})", at("movies.parquet")),
            format!("CREATE OR REPLACE VIEW rejects AS SELECT * FROM read_parquet({})", at("rejects.parquet")),
            format!("CREATE OR REPLACE VIEW lineage AS SELECT * FROM read_json_auto({})", at("lineage.json")),
        ],
        Dialect::Spark => [
            ("ratings", "parquet", "ratings"),
            ("users", "parquet", "users.parquet"),
            ("movies", "parquet", "movies.parquet"),
            ("rejects", "parquet", "rejects.parquet"),
            ("lineage", "json", "lineage.json"),
        ]
        .iter()
        .map(|(view, format, rel)| {
            format!(
                "CREATE OR REPLACE TEMPORARY VIEW {view} USING {format} OPTIONS (path {})",
                at(rel)
            )
        })
        .collect(),
    }
}

/// Per movie with ratings: count, mean, sample standard deviation (as the
/// report works it out: from integer-exact sums) and damped mean.
const MOVIE_STATS: &str = "WITH m AS (
  SELECT movie_id, COUNT(*) AS ratings, SUM(rating) AS total, SUM(rating * rating) AS total_sq
  FROM ratings GROUP BY movie_id
), o AS (
  SELECT SUM(rating) / COUNT(*) AS overall FROM ratings
), s AS (
  SELECT m.movie_id, m.ratings, m.total / m.ratings AS mean,
    CASE WHEN m.ratings > 1 THEN sqrt(GREATEST(CAST(m.ratings AS DOUBLE) * m.total_sq - m.total * m.total, 0)
      / (CAST(m.ratings AS DOUBLE) * (CAST(m.ratings AS DOUBLE) - 1))) END AS std,
    (m.total + CAST(25 AS DOUBLE) * o.overall) / (CAST(m.ratings AS DOUBLE) + 25) AS damped
  FROM m CROSS JOIN o
)
SELECT s.movie_id, v.title, s.ratings, s.mean, s.std, s.damped
FROM s JOIN movies v ON v.movie_id = s.movie_id";

/// The report's queries, in the order of its keys; `min_ratings` as
/// `movielens report --min-ratings` (at least 1 counts).
pub fn queries(dialect: Dialect, min_ratings: u64) -> Vec<Query> {
    let min = min_ratings.max(1);
    let top = |filter: &str, order: &str| {
        format!("{MOVIE_STATS}\n{filter}ORDER BY {order}, s.movie_id\nLIMIT 10")
    };
    let popular = format!("WHERE s.ratings >= {min}\n");
    let list = [
        ("summary", "one row: the summary's counts, mean and time span (users: the users file's, or the distinct raters without one)",
         "SELECT CASE WHEN (SELECT COUNT(*) FROM users) > 0 THEN (SELECT COUNT(*) FROM users)
    ELSE COUNT(DISTINCT user_id) END AS users,
  (SELECT COUNT(*) FROM movies) AS movies,
  COUNT(*) AS ratings,
  COUNT(DISTINCT movie_id) AS rated_movies,
  SUM(rating) / COUNT(*) AS mean_rating,
  MIN({ts}) AS first_ts,
  MAX({ts}) AS last_ts,
  (SELECT l.users.rejected_total + l.movies.rejected_total + l.ratings.rejected_total FROM lineage l) AS rejected,
  (SELECT COUNT(*) FROM rejects) AS rejects_listed
FROM ratings".to_owned()),
        ("rating_histogram", "per star value (written shortest: 1, 1.5, ...): ratings",
         "SELECT CASE WHEN rating = floor(rating) THEN CAST(CAST(rating AS BIGINT) AS STRING)
    ELSE CAST(rating AS STRING) END AS key, COUNT(*) AS ratings
FROM ratings GROUP BY rating ORDER BY rating".to_owned()),
        ("by_gender", "per gender with ratings: ratings and mean", by("gender")),
        ("by_age", "per age group with ratings: ratings and mean", by("age")),
        ("by_occupation", "per occupation with ratings: ratings and mean", by("occupation")),
        ("by_genre", "per genre of the movies: movies (rated or not), ratings and mean",
         "WITH g AS (
  SELECT genre, COUNT(*) AS movies FROM (SELECT {explode}(genres) AS genre FROM movies) t GROUP BY genre
), r AS (
  SELECT genre, COUNT(*) AS ratings, SUM(rating) AS total
  FROM (SELECT {explode}(genres) AS genre, rating FROM ratings) t GROUP BY genre
)
SELECT g.genre AS key, g.movies, COALESCE(r.ratings, 0) AS ratings, r.total / r.ratings AS mean
FROM g LEFT JOIN r ON r.genre = g.genre ORDER BY key".to_owned()),
        ("by_month", "per UTC month with ratings (the partitions): ratings and mean",
         "SELECT {format}('%04d-%02d', year, month) AS key, COUNT(*) AS ratings, SUM(rating) / COUNT(*) AS mean
FROM ratings GROUP BY year, month ORDER BY year, month".to_owned()),
        ("by_year", "per release year with ratings: ratings, mean and movies rated",
         "SELECT release_year AS year, COUNT(*) AS ratings, SUM(rating) / COUNT(*) AS mean,
  COUNT(DISTINCT movie_id) AS movies
FROM ratings WHERE release_year IS NOT NULL GROUP BY release_year ORDER BY year".to_owned()),
        ("top_by_count", "the 10 most rated movies", top("", "s.ratings DESC")),
        ("top_by_mean", "the 10 best means among movies with min_ratings", top(&popular, "s.mean DESC, s.ratings DESC")),
        ("top_by_damped", "the 10 best damped means among movies with min_ratings", top(&popular, "s.damped DESC, s.ratings DESC")),
        ("most_divisive", "the 10 largest spreads among movies with min_ratings", top(&popular, "COALESCE(s.std, 0) DESC, s.ratings DESC")),
        ("movies_with_min_ratings", "one row: movies with at least min_ratings ratings",
         format!("SELECT COUNT(*) AS movies_with_min_ratings FROM (\n  SELECT movie_id FROM ratings GROUP BY movie_id HAVING COUNT(*) >= {min}\n) t")),
        ("gender_gap", "the 10 movies with min_ratings that women rate highest against men",
         format!("WITH g AS (
  SELECT movie_id, COUNT(*) AS ratings,
    COUNT(CASE WHEN gender = 'F' THEN 1 END) AS ratings_f, SUM(CASE WHEN gender = 'F' THEN rating END) AS total_f,
    COUNT(CASE WHEN gender = 'M' THEN 1 END) AS ratings_m, SUM(CASE WHEN gender = 'M' THEN rating END) AS total_m
  FROM ratings GROUP BY movie_id
)
SELECT movie_id, ratings_f, ratings_m, total_f / ratings_f AS mean_f, total_m / ratings_m AS mean_m,
  total_f / ratings_f - total_m / ratings_m AS diff
FROM g WHERE ratings >= {min} AND ratings_f > 0 AND ratings_m > 0
ORDER BY diff DESC, movie_id
LIMIT 10")),
        ("weekhour", "per weekday (0 = Monday) * 24 + hour, UTC, with ratings: ratings",
         "SELECT wh AS key, COUNT(*) AS ratings
FROM (SELECT ((({ts} {div} 86400) + 3) % 7) * 24 + ({ts} % 86400) {div} 3600 AS wh FROM ratings) t
GROUP BY wh ORDER BY wh".to_owned()),
    ];
    list.into_iter()
        .map(|(key, about, sql)| Query {
            key,
            about,
            sql: dialect.spell(&sql),
        })
        .collect()
}

/// A user breakdown: the groups of `column` that have ratings.
fn by(column: &str) -> String {
    format!(
        "SELECT {column} AS key, COUNT(*) AS ratings, SUM(rating) / COUNT(*) AS mean
FROM ratings WHERE {column} IS NOT NULL GROUP BY {column} ORDER BY key"
    )
}

/// The whole script `movielens sql` prints: the views over the files under
/// `path`, then each query after a `-- report: KEY` line, each statement
/// ended by `;` at the end of a line; the keys left out are listed in a
/// comment at the top.
///
/// ```
/// use movielens_export::{report_sql, Dialect};
/// let sql = report_sql(Dialect::Spark, "out", 250);
/// assert!(sql.contains("CREATE OR REPLACE TEMPORARY VIEW ratings USING parquet OPTIONS (path 'out/ratings');"));
/// assert!(sql.contains("-- report: top_by_damped\n"));
/// ```
pub fn report_sql(dialect: Dialect, path: &str, min_ratings: u64) -> String {
    let mut out = format!(
        "-- The report of `movielens report --json --min-ratings {min_ratings}` as {} over the files of\n\
         -- `movielens export --parquet` in {}.\n\
         -- Each query follows a `-- report: KEY` line naming the report key it gives.\n\
         -- Left out:\n",
        dialect.label(),
        if path.is_empty() { "." } else { path },
    );
    for (key, why) in LEFT_OUT {
        let _ = writeln!(out, "--   {key}: {why}");
    }
    out.push('\n');
    for statement in setup(dialect, path) {
        let _ = writeln!(out, "{statement};");
    }
    for q in queries(dialect, min_ratings) {
        let _ = write!(out, "\n-- report: {}\n-- {}\n{};\n", q.key, q.about, q.sql);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_spelled_and_every_key_queried_once() {
        for dialect in [Dialect::DuckDb, Dialect::Spark] {
            let qs = queries(dialect, 250);
            for q in &qs {
                for word in ["{ts}", "{explode}", "{div}", "{format}"] {
                    assert!(
                        !q.sql.contains(word),
                        "{}: {word} left in {:?}",
                        q.key,
                        dialect
                    );
                }
                assert!(
                    !q.sql.contains(';'),
                    "{}: a `;` would end the statement",
                    q.key
                );
            }
            let mut keys: Vec<&str> = qs.iter().map(|q| q.key).collect();
            keys.dedup();
            assert_eq!(keys.len(), 15);
        }
    }

    #[test]
    fn paths_are_quoted_per_dialect() {
        assert_eq!(Dialect::DuckDb.literal("a'b"), "'a''b'");
        assert_eq!(Dialect::Spark.literal("a'b\\c"), "'a\\'b\\\\c'");
        let spark = setup(Dialect::Spark, "out/");
        assert!(
            spark[0].ends_with("OPTIONS (path 'out/ratings')"),
            "{}",
            spark[0]
        );
        let duck = setup(Dialect::DuckDb, "");
        assert!(
            duck[1].contains("read_parquet('users.parquet')"),
            "{}",
            duck[1]
        );
    }

    #[test]
    fn min_ratings_of_zero_counts_as_one() {
        let q = queries(Dialect::DuckDb, 0);
        let m = q
            .iter()
            .find(|q| q.key == "movies_with_min_ratings")
            .expect("a query");
        assert!(m.sql.contains(">= 1"), "{}", m.sql);
    }
}
