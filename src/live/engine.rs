//! [`Engine`]: the live worker's replay, driven by a simulated clock.

use std::collections::VecDeque;

use movielens_core::analytics::Filter;
use movielens_core::lineage::Clock;
use movielens_core::stream::{Order, Replay, ReplayConfig, SpeedConfig};
use movielens_core::table::Dataset;
use movielens_core::time::format_utc;

use super::{speed_tables, Frame, LiveSettings};

/// One hour, one day, one week, in seconds.
pub const HOUR: u64 = 3600;
pub const DAY: u64 = 24 * HOUR;
pub const WEEK: u64 = 7 * DAY;

/// Events fed per step when playing as fast as possible; between steps
/// the engine looks at the time it has spent.
const MAX_CHUNK: usize = 10_000;
/// Wall milliseconds a tick feeds events for, as fast as possible.
const MAX_FEED_MS: f64 = 25.0;
/// As fast as possible, the batch layer recomputes at most once per this
/// many wall milliseconds (each recompute reads every arrived rating up
/// to T1: at every tick it would take most of the frame).
const MAX_BATCH_EVERY_MS: f64 = 1000.0;

/// The replay of one dataset, played, paused, stepped and sought by the
/// live worker; each tick makes a [`Frame`].
///
/// ```
/// use movielens_core::analytics::{dashboard, Filter};
/// use movielens_core::{load::load_bytes, table::Dataset};
/// use movielens_web::live::{Engine, LiveSettings, DAY};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
///     ("movies.dat", b"1::A (1995)::Drama\n2::B (1995)::Drama\n"),
///     ("ratings.dat", b"1::1::5::978300000\n1::2::3::978400000\n"),
/// ]).unwrap());
/// let want = dashboard(&ds, &Filter::default(), 1);
/// let mut live = Engine::new(ds, LiveSettings::default(), &Filter::default(), 1);
/// live.play(DAY);
/// live.tick(2000.0, || 0.0); // two seconds of play: two days of event time
/// let frame = live.frame(0.0, || 0.0);
/// assert!(frame.done && frame.events == 2);
/// assert_eq!(*frame.dashboard, want);
/// ```
#[derive(Debug)]
pub struct Engine {
    ds: Dataset,
    settings: LiveSettings,
    replay: Replay,
    top_min: u64,
    /// The simulated processing time, Unix seconds.
    clock: u64,
    /// Event milliseconds not yet added to the clock (under a second).
    carry: f64,
    /// Event seconds per second of play; 0: as fast as possible.
    speed: u64,
    playing: bool,
    /// (wall ms, events arrived) at the last frames, over about a second.
    samples: VecDeque<(f64, usize)>,
    /// When the last checkpoint ran (wall ms).
    batched_at: f64,
}

impl Engine {
    /// A replay of `ds`, paused before its first event, serving `filter`.
    pub fn new(ds: Dataset, settings: LiveSettings, filter: &Filter, top_min: u64) -> Engine {
        let replay = Replay::new(&ds, config(settings), &live_filter(filter));
        let mut engine = Engine {
            ds,
            settings,
            replay,
            top_min,
            clock: 0,
            carry: 0.0,
            speed: DAY,
            playing: false,
            samples: VecDeque::new(),
            batched_at: f64::NEG_INFINITY,
        };
        engine.clock = engine.start();
        engine
    }

    /// The dataset replayed.
    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }

    /// The replay.
    pub fn replay(&self) -> &Replay {
        &self.replay
    }

    /// The clock before the first arrival.
    fn start(&self) -> u64 {
        self.replay
            .span()
            .map_or(0, |(first, _)| first.saturating_sub(1))
    }

    /// Replays again from the start with `settings`, paused.
    pub fn restart(&mut self, settings: LiveSettings) {
        let filter = self.replay.lambda().batch().filter().clone();
        self.settings = settings;
        self.replay = Replay::new(&self.ds, config(settings), &filter);
        self.clock = self.start();
        self.carry = 0.0;
        self.playing = false;
        self.samples.clear();
    }

    /// Plays at `speed` event seconds per second (0: as fast as possible);
    /// at the end of the stream, from the start again.
    pub fn play(&mut self, speed: u64) {
        if self.replay.is_done() {
            self.restart(self.settings);
        }
        self.speed = speed;
        self.playing = true;
    }

    /// Pauses (the events per second start again from the next play).
    pub fn pause(&mut self) {
        self.playing = false;
        self.samples.clear();
    }

    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Pauses and moves the clock `seconds` on.
    pub fn step(&mut self, seconds: u64, now: Clock) {
        self.pause();
        self.clock = self.clock.saturating_add(seconds);
        self.replay.advance_to(&self.ds, self.clock);
        self.after(now);
    }

    /// Jumps the clock to `unix`: forward by feeding, back by a replay
    /// from the start.
    pub fn seek(&mut self, unix: u64, now: Clock) {
        self.replay.seek(&self.ds, unix);
        self.clock = unix;
        self.carry = 0.0;
        self.samples.clear();
        self.after(now);
    }

    /// Serves another filter from now on.
    pub fn set_filter(&mut self, filter: &Filter, top_min: u64) {
        self.top_min = top_min;
        self.replay.set_filter(&self.ds, &live_filter(filter));
    }

    /// `wall_ms` of play: the clock moves `speed × wall_ms` on and what
    /// arrived by then is fed (as fast as possible: events for about 25
    /// ms); a checkpoint if a simulated day or week ended; the end of the
    /// stream when everything arrived.
    pub fn tick(&mut self, wall_ms: f64, now: Clock) {
        if !self.playing {
            return;
        }
        if self.speed == 0 {
            let t0 = now();
            while self.replay.step(&self.ds, MAX_CHUNK) > 0 && now() - t0 < MAX_FEED_MS {}
            self.clock = self.replay.clock().unwrap_or(self.clock);
        } else {
            // In event milliseconds: whole wall milliseconds add up exactly.
            let ms = self.speed as f64 * wall_ms.max(0.0) + self.carry;
            let seconds = (ms / 1000.0).floor();
            self.carry = ms - seconds * 1000.0;
            self.clock = self.clock.saturating_add(seconds as u64);
            self.replay.advance_to(&self.ds, self.clock);
        }
        self.after(now);
    }

    /// After the clock moved: the checkpoint due, and the end of the
    /// stream when every event arrived.
    fn after(&mut self, now: Clock) {
        // As fast as possible the batch layer lags (the speed layer holds
        // the rest meanwhile).
        let lagging =
            self.playing && self.speed == 0 && now() - self.batched_at < MAX_BATCH_EVERY_MS;
        let due = checkpoint_due(
            self.replay.watermark(),
            self.replay.lambda().checkpoint_at(),
            self.period(),
        );
        if let Some(t1) = due.filter(|_| !lagging) {
            self.replay.checkpoint(&self.ds, t1, now);
            self.batched_at = now();
        }
        if self.replay.position() == self.replay.len() && !self.replay.is_done() {
            self.replay.finish(&self.ds);
            self.playing = false;
        }
    }

    fn period(&self) -> u64 {
        if self.settings.weekly {
            WEEK
        } else {
            DAY
        }
    }

    /// Recomputes from scratch and compares with what is served: (equal,
    /// what was compared).
    pub fn verify(&self, now: Clock) -> (bool, String) {
        let v = self.replay.lambda().verify(&self.ds, now);
        let detail = format!(
            "{} ratings to T2 recomputed in {:.1} ms; batch + speed merged in {:.1} ms",
            movielens_core::numbers::thousands(v.ratings),
            v.recompute_ms,
            v.merge_ms
        );
        (v.equal, detail)
    }

    /// What the page shows now; `t0` is when this tick began (for the
    /// frame's time).
    pub fn frame(&mut self, t0: f64, now: Clock) -> Frame {
        let eps = self.events_per_second(now());
        let (ds, replay) = (&self.ds, &self.replay);
        let lambda = replay.lambda();
        let dashboard = Box::new(lambda.serve(ds, self.top_min));
        let tables = speed_tables(ds, replay.speed());
        let badge = badge(lambda.checkpoint_at(), lambda.frontier());
        Frame {
            clock: self.clock,
            span: replay.span().unwrap_or_default(),
            watermark: replay.watermark(),
            events: replay.position() as u64,
            total: replay.len() as u64,
            late: replay.speed().late().events,
            eps,
            playing: self.playing,
            done: replay.is_done(),
            badge,
            batch_ms: lambda.batch_ms(),
            frame_ms: now() - t0,
            tables,
            dashboard,
        }
    }

    /// Events per second of wall time over about the last second.
    fn events_per_second(&mut self, at: f64) -> f64 {
        let pos = self.replay.position();
        self.samples.push_back((at, pos));
        while self.samples.len() > 2 && self.samples[1].0 <= at - 1000.0 {
            self.samples.pop_front();
        }
        match self.samples.front() {
            Some(&(t, p)) if at > t => (pos - p.min(pos)) as f64 * 1000.0 / (at - t),
            _ => 0.0,
        }
    }
}

/// The replay's settings.
fn config(s: LiveSettings) -> ReplayConfig {
    ReplayConfig {
        order: if s.file_order {
            Order::File
        } else {
            Order::Time {
                jitter: s.jitter,
                seed: s.seed,
            }
        },
        speed: SpeedConfig {
            lateness: s.lateness,
            ..SpeedConfig::default()
        },
    }
}

/// The filter served live: the replay is its own time, so time travel
/// ("as of") does not apply.
fn live_filter(filter: &Filter) -> Filter {
    Filter {
        as_of: None,
        ..filter.clone()
    }
}

/// The checkpoint due: the last boundary of a simulated `period` (aligned
/// to the epoch) at or before the watermark, if the batch does not reach
/// it yet.
///
/// ```
/// use movielens_web::live::{checkpoint_due, DAY};
/// assert_eq!(checkpoint_due(None, None, DAY), None);
/// assert_eq!(checkpoint_due(Some(-5), None, DAY), None);
/// assert_eq!(checkpoint_due(Some(86_400 * 3 + 7), None, DAY), Some(86_400 * 3));
/// assert_eq!(checkpoint_due(Some(86_400 * 3 + 7), Some(86_400 * 3), DAY), None);
/// assert_eq!(checkpoint_due(Some(86_400 * 4), Some(86_400 * 3), DAY), Some(86_400 * 4));
/// ```
pub fn checkpoint_due(watermark: Option<i64>, done: Option<u32>, period: u64) -> Option<u32> {
    let wm = u64::try_from(watermark?).ok()?;
    let t1 = u32::try_from(wm / period * period).ok()?;
    done.is_none_or(|d| d < t1).then_some(t1)
}

/// "batch to T1 · speed T1 → T2", the times in UTC.
fn badge(t1: Option<u32>, t2: Option<i64>) -> String {
    let at = |t: i64| format_utc(t.clamp(0, i64::from(u32::MAX)) as u32);
    match (t1, t2) {
        (_, None) => "nothing arrived yet".to_owned(),
        (None, Some(t2)) => format!("no batch yet · speed → {}", at(t2)),
        (Some(t1), Some(t2)) if t2 == i64::MAX => {
            format!(
                "batch to {} · speed {} → the end",
                at(t1.into()),
                at(t1.into())
            )
        }
        (Some(t1), Some(t2)) => format!(
            "batch to {} · speed {} → {}",
            at(t1.into()),
            at(t1.into()),
            at(t2)
        ),
    }
}
