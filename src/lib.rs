//! The web shell of the MovieLens browser app.
//!
//! Two binaries share this library: the page (`bin/app/`) owns the DOM
//! and draws the charts; the Web Worker (`bin/worker.rs`) owns the dataset
//! and runs the core. They talk with the typed messages below, which cross
//! `postMessage` as JS values (serde-wasm-bindgen, [`Request::to_js`]): no
//! JSON text on either side, numbers exact (64-bit integers as `BigInt`s),
//! a load's `File`s inside its request and an export's bytes in a
//! transferred `ArrayBuffer`. Every number shown comes from
//! `movielens-core`. The page's model and its transitions
//! ([`page`], [`loads`], [`query`]) live here too, apart from the DOM, so
//! they are tested natively.

// Shipped code does not unwrap (see the workspace lints in Cargo.toml).
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

#[cfg(target_arch = "wasm32")]
pub mod canvas;
pub mod checklist;
pub mod hash;
// ---- live (issue 8, point 2: live replay) ----
pub mod live;
pub mod loads;
pub mod page;
pub mod query;
pub mod sort;

use serde::{Deserialize, Serialize};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsValue;

use movielens_core::analytics::{Dashboard, Filter, MovieDetail, MovieRef};
use movielens_core::clean::{Flag, Reject};
use movielens_core::expect::Outcome;
use movielens_core::lineage::{Lineage, StageTiming};
use movielens_core::load::release::Ignored;
use movielens_core::profile::Profile;

/// Rejected rows sent to the page at most (all of them are in the CSV).
pub const REJECTS_SHOWN: usize = 2_000;

/// Movies a title search offers at most.
pub const SEARCH_HITS: usize = 8;

/// From the page to the worker. `F` is the file handle of a load: a
/// [`JsFile`] in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request<F> {
    /// Generate and load the synthetic demo dataset. `load` numbers the
    /// load (the page counts up); every answer about it carries the number.
    LoadDemo { load: u64 },
    /// Load these files (any order, any names, or one zip). A newer load
    /// supersedes it: the newest request wins.
    LoadFiles { load: u64, files: Vec<F> },
    /// Stop load `load` if it is still running; the dataset loaded before
    /// stays.
    Cancel { load: u64 },
    /// Compute the dashboard for a filter; `seq` comes back with it.
    Query {
        seq: u64,
        filter: Filter,
        top_min_ratings: u64,
    },
    /// Make a file to download.
    Export(Export),
    /// The movies whose title matches `query` (at most [`SEARCH_HITS`]);
    /// `seq` comes back with them.
    Search { seq: u64, query: String },
    /// The detail of movie `id` under `filter` (its movie dimension
    /// aside); `seq` comes back with it.
    Movie { seq: u64, id: u32, filter: Filter },
    /// A debugging aid: allocate until the worker's memory is exhausted, so
    /// that the worker dies as it would on a file too large for the tab.
    /// Only a page opened with `?debug=oom` sends it (the end-to-end test
    /// of the page's recovery).
    ExhaustMemory,
    // ---- ingest (issue 8: progressive load, append) ----
    /// The filter and minimum of the provisional dashboards a load of
    /// files posts while its ratings are read (the page's current ones;
    /// each `Query` sets them too).
    Follow {
        filter: Filter,
        top_min_ratings: u64,
    },
    // ---- append (issue 8) ----
    /// Add the ratings of `file` to the dataset the worker holds (load
    /// `load`: answered like a load, by `Loaded`, `Failed` or
    /// `Cancelled`; on `Failed` and `Cancelled` the dataset is unchanged).
    Append { load: u64, file: F },
}

/// What can be downloaded. With `filter: None` a download is of all the
/// data; with `Some`, of the ratings that pass the filter (the ones the
/// dashboard counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Export {
    /// Unfiltered: the same document as `movielens report --json
    /// --min-ratings N`. Filtered: the report of the ratings that pass, with
    /// a `filter` object first (`movielens_core::report::Report::filtered`).
    ReportJson {
        min_ratings: u64,
        filter: Option<Filter>,
    },
    RejectsCsv,
    /// The cleaned ratings (those that pass the filter, if any), in file
    /// order.
    RatingsCsv {
        filter: Option<Filter>,
    },
}

/// Where a load is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: String,
    pub file: String,
    pub bytes_read: u64,
    pub bytes_total: u64,
    /// Lines parsed so far in all files.
    pub rows: u64,
}

/// What the page needs to know about a newly loaded dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    /// e.g. "Demo data (synthetic)" or the file names.
    pub source: String,
    pub demo: bool,
    pub lineage: Lineage,
    pub timings: Vec<StageTiming>,
    /// The first [`REJECTS_SHOWN`] rejected rows kept.
    pub rejects: Vec<Reject>,
    /// Rejected rows counted in all files.
    pub rejects_total: u64,
    /// Rejected rows kept (the first of each file and reason; the rejects
    /// CSV lists these).
    pub rejects_kept: u64,
    /// Sentences about files that do not belong together (referential
    /// integrity), shown prominently.
    pub alerts: Vec<String>,
    pub flags: Vec<Flag>,
    /// Rating-time span (Unix seconds) and release-year span, for the
    /// filter controls.
    pub first_ts: u32,
    pub last_ts: u32,
    pub first_year: u16,
    pub last_year: u16,
    /// Milliseconds from the request to the dataset being ready.
    pub ms: f64,
    /// The files given that were not read (a README, `links.csv`), and why.
    pub ignored: Vec<Ignored>,
    /// The release: its rating steps, genres, occupations, and whether
    /// users have demographics (the page hides what needs them).
    #[serde(default, with = "schema_code")]
    pub schema: movielens_core::model::Schema,
}

impl Loaded {
    /// The ratings accepted in all the ratings files (the loaded one and
    /// those appended): the ratings the dataset holds.
    pub fn ratings(&self) -> u64 {
        let l = &self.lineage;
        l.ratings.accepted + l.appended.iter().map(|f| f.accepted).sum::<u64>()
    }
}

/// A [`Schema`](movielens_core::model::Schema) crosses as one number (its
/// [`code`](movielens_core::model::Schema::code)): small in the bundle.
mod schema_code {
    use movielens_core::model::Schema;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(schema: &Schema, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(schema.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Schema, D::Error> {
        let code = u16::deserialize(d)?;
        Schema::from_code(code).ok_or_else(|| serde::de::Error::custom("not a schema code"))
    }
}

/// From the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker's message handler is installed (messages posted before it
    /// would be lost).
    Ready,
    /// Where load `load` is.
    Progress { load: u64, progress: Progress },
    /// Load `load` is done and its dataset installed in the worker.
    Loaded { load: u64, info: Box<Loaded> },
    /// The profile and expectations of the dataset loaded last. They follow
    /// the first dashboard, so the charts appear without waiting for them.
    Profiled {
        profile: Box<Profile>,
        expectations: Vec<Outcome>,
        ms: f64,
    },
    Dashboard {
        seq: u64,
        dashboard: Box<Dashboard>,
        ms: f64,
    },
    /// A load (`load: Some`) or another request (an export) failed; the
    /// dataset loaded before stays.
    Failed { load: Option<u64>, message: String },
    /// Load `load` stopped, cancelled or superseded by a newer one; the
    /// dataset loaded before stays. Every load gets exactly one answer:
    /// `Loaded`, `Failed` or `Cancelled`.
    Cancelled { load: u64 },
    Exported {
        name: String,
        mime: String,
        bytes: Bytes,
    },
    /// The answer to search `seq`.
    Search { seq: u64, hits: Vec<MovieRef> },
    /// The answer to movie request `seq`; `None` when the dataset has no
    /// such movie.
    Movie {
        seq: u64,
        detail: Option<Box<MovieDetail>>,
    },
    // ---- asof (issue 8, point 4: time travel) ----
    /// Sent before the dashboard of a query as of an instant: how many
    /// ratings stood then (the "of M" of the filter bar's count).
    AsOf { as_of: u32, ratings: u64 },
    // ---- ingest (issue 8: progressive load, append) ----
    /// While load `load` reads its ratings: the dashboard of the ratings
    /// read so far (duplicates so far resolved) for the followed filter,
    /// with `read` of `total` bytes read. Not installed: the dataset
    /// loaded before stays until the load ends.
    Provisional {
        load: u64,
        dashboard: Box<Dashboard>,
        read: u64,
        total: u64,
    },
}

/// The bytes of a file, serialised as bytes (a `Uint8Array` in JS, whose
/// buffer the worker transfers), not as a list of numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Bytes, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Bytes, A::Error> {
                let mut v = Vec::new();
                while let Some(b) = seq.next_element()? {
                    v.push(b);
                }
                Ok(Bytes(v))
            }
        }
        d.deserialize_byte_buf(Visitor)
    }
}

/// A browser `File` in a [`Request`]: it crosses `postMessage` as itself
/// (a structured clone of the handle, not its bytes).
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsFile(#[serde(with = "serde_wasm_bindgen::preserve")] pub web_sys::File);

#[cfg(target_arch = "wasm32")]
impl loads::NamedFile for JsFile {
    fn file_name(&self) -> String {
        self.0.name()
    }
}

/// How messages become JS values: 64-bit integers as `BigInt`s, so that
/// every `u64` arrives exactly (a JS number holds 53 bits).
#[cfg(target_arch = "wasm32")]
const WIRE: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);

/// The status line for a failed load: the message as one sentence (the
/// browser's own messages end with a full stop, the core's do not), and
/// whether the data shown before stays.
///
/// ```
/// use movielens_web::failure_status;
/// assert_eq!(failure_status("x.dat: the file is empty", false), "x.dat: the file is empty.");
/// assert_eq!(
///     failure_status("r.dat: could not be read: ... after a reference to a file was acquired.", true),
///     "r.dat: could not be read: ... after a reference to a file was acquired. The data shown before is still here."
/// );
/// ```
pub fn failure_status(message: &str, keep: bool) -> String {
    let message = message.trim_end();
    let stop = if message.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    let tail = if keep {
        " The data shown before is still here."
    } else {
        ""
    };
    format!("{message}{stop}{tail}")
}

#[cfg(target_arch = "wasm32")]
impl Request<JsFile> {
    /// As a JS value, for `postMessage`.
    ///
    /// # Errors
    /// When a value cannot be a JS value (serde-wasm-bindgen's message).
    pub fn to_js(&self) -> Result<JsValue, String> {
        self.serialize(&WIRE).map_err(|e| e.to_string())
    }

    /// From a message's data.
    ///
    /// # Errors
    /// When the value is not a request.
    pub fn from_js(value: JsValue) -> Result<Self, String> {
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
impl Response {
    /// As a JS value for `postMessage`, and what to transfer with it (the
    /// buffer of an export's bytes, so they are moved, not copied).
    ///
    /// # Errors
    /// When a value cannot be a JS value (serde-wasm-bindgen's message).
    pub fn to_js(&self) -> Result<(JsValue, js_sys::Array), String> {
        use wasm_bindgen::JsCast;
        let value = self.serialize(&WIRE).map_err(|e| e.to_string())?;
        let transfer = js_sys::Array::new();
        if let Response::Exported { .. } = self {
            // An externally tagged variant: { Exported: { ..., bytes } }.
            let bytes = js_sys::Reflect::get(&value, &"Exported".into())
                .and_then(|v| js_sys::Reflect::get(&v, &"bytes".into()))
                .map_err(|e| format!("{e:?}"))?;
            if let Some(bytes) = bytes.dyn_ref::<js_sys::Uint8Array>() {
                transfer.push(&bytes.buffer());
            }
        }
        Ok((value, transfer))
    }

    /// From a message's data.
    ///
    /// # Errors
    /// When the value is not a response.
    pub fn from_js(value: JsValue) -> Result<Response, String> {
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }
}
