//! The pure-Rust core of the MovieLens browser app and CLI: ingest (chunked
//! `::` parsing, encodings, zip), cleansing (rules, rejects, lineage), the
//! demo data generator and the batch report. No web dependency; compiles
//! natively and for wasm32.

pub mod analytics;
pub mod charts;
pub mod clean;
pub mod demo;
pub mod error;
pub mod expect;
pub mod ingest;
pub mod lineage;
pub mod model;
pub mod numbers;
pub mod profile;
pub mod report;
pub mod table;
pub mod time;

pub use clean::{Cleaned, Reject, RejectReason, Warning};
pub use error::{Error, ErrorKind};
pub use ingest::kind::FileKind;
pub use lineage::Lineage;
