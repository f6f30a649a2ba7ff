//! The stream core's replay in wasm, for node to time (the page's profile,
//! `wasm-release`: opt-level z): `scripts/wasm-bench.sh` builds it, runs
//! `wasm-bindgen --target nodejs` and times [`Bench`]'s runs with
//! `performance.now()` in `bench.mjs`. Nothing here times itself: wasm32
//! has no clock without the host.

use movielens_core::analytics::Filter;
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::load::load_bytes_with_clock;
use movielens_core::stream::{arrivals, Event, Order, Replay, ReplayConfig, SpeedLayer};
use movielens_core::table::Dataset;
use wasm_bindgen::prelude::*;

/// The generated demo (ML-1M size by default) and its events in arrival
/// order, as the native `stream` bench has them: time order, 1 h jitter,
/// the page's windows with 1 h lateness.
#[wasm_bindgen]
pub struct Bench {
    ds: Dataset,
    config: ReplayConfig,
    events: Vec<Event>,
    rows: Vec<u32>,
}

#[wasm_bindgen]
impl Bench {
    /// Generates `ratings` demo ratings (seed 1, clean) and orders them.
    ///
    /// # Errors
    /// When the generated files do not load (a bug of the generator).
    #[wasm_bindgen(constructor)]
    pub fn new(ratings: u32) -> Result<Bench, JsError> {
        let files = generate(&DemoConfig {
            ratings: u64::from(ratings),
            ..DemoConfig::default()
        });
        let inputs = [
            ("users.dat", &files.users[..]),
            ("movies.dat", &files.movies[..]),
            ("ratings.dat", &files.ratings[..]),
        ];
        let ds = Dataset::new(
            load_bytes_with_clock(&inputs, || 0.0).map_err(|e| JsError::new(&e.to_string()))?,
        );
        let order = Order::Time {
            jitter: 3600,
            seed: 7,
        };
        let config = ReplayConfig {
            order,
            ..ReplayConfig::default()
        };
        let rows = arrivals(&ds, order).rows;
        let events = rows.iter().map(|&r| Event::of_row(&ds, r)).collect();
        Ok(Bench {
            ds,
            config,
            events,
            rows,
        })
    }

    /// Events in the stream.
    pub fn events(&self) -> u32 {
        self.events.len() as u32
    }

    /// Every page window over every event (the native bench's "speed
    /// layer"); returns the sessions closed, so nothing is optimised away.
    pub fn speed_layer(&self) -> f64 {
        let mut speed = SpeedLayer::new(&self.ds, self.config.speed);
        for (&e, &row) in self.events.iter().zip(&self.rows) {
            speed.push(e, row);
        }
        speed.flush();
        speed.sessions().closed as f64
    }

    /// A whole replay as the worker runs it: arrivals, windows and the
    /// lambda's speed state, in steps of `step` events; returns the events
    /// fed.
    pub fn replay(&self, step: u32) -> f64 {
        let mut replay = Replay::new(&self.ds, self.config, &Filter::default());
        let mut fed = 0;
        while !replay.is_done() {
            let n = replay.step(&self.ds, step.max(1) as usize);
            fed += n;
            if n == 0 {
                replay.finish(&self.ds);
            }
        }
        fed as f64
    }
}
