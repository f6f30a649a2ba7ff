//! The cleaned MovieLens data as the seed's preparation outputs: the rating
//! fact table as Parquet, hive-partitioned by the rating's UTC month, its
//! dimension tables, the rejects and the lineage ([`write_parquet`]); and
//! the report of `movielens report --json` as SQL over that layout, for
//! DuckDB and Spark ([`report_sql`]).
//!
//! A crate of its own so that the core, and the page's first bundle, do not
//! carry the Parquet writer: the CLI links it, and the page can load it
//! later as a separate wasm module. It writes through the arrow-rs `parquet`
//! crate's low-level column writer (no arrow arrays) with Snappy in pure
//! Rust, so it builds for `wasm32-unknown-unknown`.
//!
//! The layout (`OUT` is whatever the caller writes the files under):
//!
//! ```text
//! OUT/ratings/year=YYYY/month=MM/part-0.parquet   user_id, movie_id, rating, timestamp,
//!                                                 gender, age, occupation, release_year, genres
//! OUT/users.parquet     user_id, gender, age, occupation, zip
//! OUT/movies.parquet    movie_id, title, display, release_year, genres
//! OUT/rejects.parquet   file, line, reason, detail, raw
//! OUT/lineage.json      the report's `lineage` object, on one line
//! ```

// Shipped code does not unwrap (see the workspace lints in Cargo.toml).
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

mod columns;
mod error;
pub mod sql;
mod write;

pub use error::{Error, ErrorKind};
pub use sql::{report_sql, Dialect, Query};
pub use write::{write_parquet, Exported, Partition};
