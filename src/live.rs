//! Live mode (issue 8, point 2): the loaded ratings replayed as an event
//! stream through the speed layer and the lambda layers of
//! `movielens_core::stream`, in a worker of its own.
//!
//! The live worker is a separate wasm module (`bin/live/`), fetched only
//! when the person opens Live mode: the stream core is not part of the
//! first view's bundle. The page and the live worker talk with
//! [`LiveRequest`] and [`LiveResponse`], JS values as the app's own
//! messages are. The worker's logic ([`Engine`]: the simulated clock, the
//! checkpoints, what a frame shows) is here, apart from the browser, so it
//! is tested natively; only the messages reach the page's module.

mod engine;
mod read;
#[cfg(target_arch = "wasm32")]
pub mod reread;
mod tables;

use serde::{Deserialize, Serialize};

use movielens_core::analytics::{Dashboard, Filter};

pub use engine::{checkpoint_due, Engine, DAY, HOUR, WEEK};
pub use read::read_whole;
pub use tables::speed_tables;

/// What the live worker replays: the data the page shows, read again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LiveData<F> {
    /// The demo dataset, generated again (the same seed: the same data).
    Demo,
    /// The page's files (the same handles), read whole and cleaned by the
    /// same rules.
    Files(Vec<F>),
}

/// How to replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveSettings {
    /// The files' own order; else event-time order with a seeded jitter.
    pub file_order: bool,
    /// The largest random delay of an event, seconds (time order only).
    pub jitter: u32,
    /// The allowed lateness, seconds: the watermark trails the largest
    /// timestamp seen by this much.
    pub lateness: u32,
    /// A checkpoint (a batch recompute) every simulated week; else every
    /// simulated day.
    pub weekly: bool,
    /// Seed of the jitter.
    pub seed: u64,
}

impl Default for LiveSettings {
    fn default() -> Self {
        LiveSettings {
            file_order: false,
            jitter: 0,
            lateness: 3600,
            weekly: false,
            seed: 1,
        }
    }
}

/// From the page to the live worker. `F` is a file handle (a `JsFile` in
/// the browser).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LiveRequest<F> {
    /// Read `data` and set up a replay, paused before the first event.
    Start {
        data: LiveData<F>,
        /// Ratings files added to that data (the page's append), in
        /// order: appended again.
        appended: Vec<F>,
        settings: LiveSettings,
        filter: Filter,
        top_min_ratings: u64,
    },
    /// Replay again from the start with other settings (paused).
    Settings(LiveSettings),
    /// Play at `speed` seconds of event time per second; 0: as fast as
    /// the worker can.
    Play {
        speed: u64,
    },
    Pause,
    /// Pause and move the clock `seconds` of event time on.
    Step {
        seconds: u64,
    },
    /// Jump the clock to `unix` (back: a replay from the start).
    Seek {
        unix: u64,
    },
    /// Serve another filter (a cross-filter click while live).
    SetFilter {
        filter: Filter,
        top_min_ratings: u64,
    },
    /// Recompute from scratch and compare with what is served.
    Verify,
}

/// A table of the speed layer's readouts, formatted by the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveTable {
    pub title: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// What the page shows of the replay, once per tick of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// The simulated processing time, Unix seconds.
    pub clock: u64,
    /// The first and the last arrival (the seek range).
    pub span: (u64, u64),
    /// Largest timestamp seen − lateness (`None` before the first event).
    pub watermark: Option<i64>,
    /// Events arrived, of all.
    pub events: u64,
    pub total: u64,
    /// Events late for at least one window (the side output).
    pub late: u64,
    /// Events per second of wall time, over the last second.
    pub eps: f64,
    pub playing: bool,
    /// The stream ended: every window closed, everything served.
    pub done: bool,
    /// "batch to T1 · speed T1 → T2".
    pub badge: String,
    /// Milliseconds of the last batch recompute.
    pub batch_ms: f64,
    /// Milliseconds the worker took for this frame (the replay's step,
    /// the checkpoint, the serving and the readouts).
    pub frame_ms: f64,
    pub tables: Vec<LiveTable>,
    /// The serving layer: merge(batch, speed), finished.
    pub dashboard: Box<Dashboard>,
}

/// From the live worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LiveResponse {
    /// The handler is installed (messages posted before would be lost).
    Ready,
    Frame(Box<Frame>),
    /// A verify: whether merged equals recomputed, and the numbers.
    Verified {
        equal: bool,
        detail: String,
    },
    /// The data could not be read (the message says why).
    Failed(String),
}

#[cfg(target_arch = "wasm32")]
impl<F: Serialize + serde::de::DeserializeOwned> LiveRequest<F> {
    /// As a JS value, for `postMessage`.
    ///
    /// # Errors
    /// When a value cannot be a JS value (serde-wasm-bindgen's message).
    pub fn to_js(&self) -> Result<wasm_bindgen::JsValue, String> {
        self.serialize(&crate::WIRE).map_err(|e| e.to_string())
    }

    /// From a message's data.
    ///
    /// # Errors
    /// When the value is not a request.
    pub fn from_js(value: wasm_bindgen::JsValue) -> Result<Self, String> {
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }
}

#[cfg(target_arch = "wasm32")]
impl LiveResponse {
    /// As a JS value, for `postMessage`.
    ///
    /// # Errors
    /// When a value cannot be a JS value (serde-wasm-bindgen's message).
    pub fn to_js(&self) -> Result<wasm_bindgen::JsValue, String> {
        self.serialize(&crate::WIRE).map_err(|e| e.to_string())
    }

    /// From a message's data.
    ///
    /// # Errors
    /// When the value is not a response.
    pub fn from_js(value: wasm_bindgen::JsValue) -> Result<Self, String> {
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests;
