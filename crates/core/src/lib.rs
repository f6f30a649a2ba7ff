//! The pure-Rust core of the MovieLens browser app and CLI: ingest (chunked
//! `::` parsing, encodings, recognising files), cleansing (rules, rejects,
//! lineage), the load path above both (order of tables, zip), the demo data
//! generator and the batch report. No web dependency; compiles natively and
//! for wasm32.
//!
//! No two modules import each other (a test reads the sources and checks
//! it): the vocabulary they share lives in [`vocab`], which imports nothing
//! else of the crate.

// Shipped code does not unwrap: input errors are returned, and what cannot
// fail says why with `expect` (see the workspace lints in Cargo.toml).
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
// Every public item documented, public fields and enum variants included:
// the core is the library the CLI and the web shell read (clippy's
// `-D warnings` makes a gap fail the build).
#![warn(missing_docs)]

pub mod analytics;
pub mod append;
pub mod charts;
pub mod clean;
pub mod demo;
pub mod error;
pub mod expect;
pub mod ingest;
pub mod lineage;
pub mod load;
pub mod model;
pub mod numbers;
pub mod profile;
pub mod report;
pub mod search;
pub mod sorting;
pub mod stream;
pub mod table;
pub mod time;
pub mod vocab;

pub use clean::{Cleaned, Reject, RejectReason, Warning};
pub use error::{Error, ErrorKind};
pub use lineage::Lineage;
pub use vocab::FileKind;
