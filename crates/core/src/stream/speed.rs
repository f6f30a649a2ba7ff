//! [`SpeedLayer`]: the page's windows over the stream, kept incrementally,
//! with summaries the page reads each frame.

use super::{Event, Window, WindowSpec, Windower};
use crate::table::Dataset;

/// One hour, one day, one week, in seconds.
const HOUR: u32 = 3600;
const DAY: u32 = 24 * HOUR;
const WEEK: u32 = 7 * DAY;

/// The speed layer's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeedConfig {
    /// Allowed lateness, seconds: the watermark is the largest timestamp
    /// seen minus this.
    pub lateness: u32,
    /// Inactivity that ends a user's session, seconds (30 min by default).
    pub session_gap: u32,
    /// How many late events the side output keeps (all are counted).
    pub late_kept: usize,
}

impl Default for SpeedConfig {
    fn default() -> Self {
        SpeedConfig {
            lateness: HOUR,
            session_gap: 30 * 60,
            late_kept: 100,
        }
    }
}

/// A late event in the side output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateEvent {
    /// The event.
    pub event: Event,
    /// Its rating row in the dataset.
    pub row: u32,
    /// The watermark it arrived under.
    pub watermark: i64,
    /// Which windows it was late for, bits in [`SpeedLayer::KINDS`] order.
    pub late_for: u8,
}

/// The late side output: counts per window and the first events kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateSummary<'a> {
    /// Events late for at least one window.
    pub events: u64,
    /// Per window, in [`SpeedLayer::KINDS`] order: events late for it.
    pub per_window: [u64; 5],
    /// The first late events, in arrival order.
    pub first: &'a [LateEvent],
}

/// Sessions per user, so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionSummary {
    /// The gap, seconds.
    pub gap: u32,
    /// Sessions closed.
    pub closed: u64,
    /// Sessions open now.
    pub open: u64,
    /// Ratings in the closed sessions.
    pub ratings: u64,
    /// Summed lengths (last rating − first rating) of the closed sessions,
    /// seconds.
    pub length: u64,
    /// The longest closed session, seconds.
    pub longest: u64,
    /// Closed sessions by ratings: 1, 2, 3–4, 5–8, 9–16, 17–32, 33–64, 65+.
    pub sizes: [u64; 8],
}

impl SessionSummary {
    /// Mean ratings per closed session.
    pub fn mean_ratings(&self) -> Option<f64> {
        (self.closed > 0).then(|| self.ratings as f64 / self.closed as f64)
    }

    /// Mean length of a closed session, seconds.
    pub fn mean_length(&self) -> Option<f64> {
        (self.closed > 0).then(|| self.length as f64 / self.closed as f64)
    }

    fn add(&mut self, w: &Window) {
        let length = (w.end - i64::from(self.gap) - w.start).max(0) as u64;
        self.closed += 1;
        self.ratings += w.ratings;
        self.length += length;
        self.longest = self.longest.max(length);
        let bucket = (64 - (w.ratings.max(1) - 1).leading_zeros()) as usize;
        self.sizes[bucket.min(7)] += 1;
    }
}

/// A movie of a trending list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    /// The movie's row.
    pub movie: u32,
    /// Its ratings in the window.
    pub count: u32,
    /// Its share of the window's ratings over its share of all ratings.
    pub lift: f64,
}

/// Trending movies of a sliding window.
#[derive(Debug, Clone, PartialEq)]
pub struct Trending {
    /// The window: start, end (Unix seconds) and ratings in it.
    pub start: i64,
    /// Its end (exclusive).
    pub end: i64,
    /// Ratings in it.
    pub ratings: u64,
    /// Most rated in the window, ties by movie row.
    pub by_count: Vec<Trend>,
    /// Highest lift among movies with at least `min_count` ratings in it.
    pub by_lift: Vec<Trend>,
}

/// The page's speed layer: tumbling windows per hour and per day, sliding
/// windows of the last 24 hours and the last 7 days (sliding by one hour),
/// sessions per user, and the late side output; each window kept
/// incrementally as events arrive.
#[derive(Debug, Clone)]
pub struct SpeedLayer {
    config: SpeedConfig,
    windows: [Windower; 5],
    hourly: Vec<Window>,
    daily: Vec<Window>,
    last_day: Option<Window>,
    last_week: Option<Window>,
    sessions: SessionSummary,
    late_events: u64,
    late_per: [u64; 5],
    late: Vec<LateEvent>,
}

impl SpeedLayer {
    /// The windows, in the order of every per-window array here.
    pub const KINDS: [&'static str; 5] = ["hour", "day", "last 24 h", "last 7 days", "session"];

    /// An empty speed layer for the ratings of `ds`.
    pub fn new(ds: &Dataset, config: SpeedConfig) -> SpeedLayer {
        let (u, m) = (ds.users.len(), ds.movies.len());
        let w = |spec| Windower::new(spec, config.lateness, u, m);
        SpeedLayer {
            config,
            windows: [
                w(WindowSpec::Tumbling { size: HOUR }),
                w(WindowSpec::Tumbling { size: DAY }),
                w(WindowSpec::Sliding {
                    size: DAY,
                    slide: HOUR,
                }),
                w(WindowSpec::Sliding {
                    size: WEEK,
                    slide: HOUR,
                }),
                w(WindowSpec::Session {
                    gap: config.session_gap.max(1),
                }),
            ],
            hourly: Vec::new(),
            daily: Vec::new(),
            last_day: None,
            last_week: None,
            sessions: SessionSummary {
                gap: config.session_gap.max(1),
                ..SessionSummary::default()
            },
            late_events: 0,
            late_per: [0; 5],
            late: Vec::new(),
        }
    }

    /// The settings.
    pub fn config(&self) -> SpeedConfig {
        self.config
    }

    /// Feeds one event (rating row `row`).
    pub fn push(&mut self, e: Event, row: u32) {
        let mut late_for = 0u8;
        for (i, w) in self.windows.iter_mut().enumerate() {
            if !w.push(e) {
                late_for |= 1 << i;
            }
        }
        if late_for != 0 {
            self.late_events += 1;
            for (i, n) in self.late_per.iter_mut().enumerate() {
                *n += u64::from(late_for >> i & 1);
            }
            if self.late.len() < self.config.late_kept {
                self.late.push(LateEvent {
                    event: e,
                    row,
                    watermark: self.watermark().unwrap_or(i64::MIN),
                    late_for,
                });
            }
        }
        if self.windows.iter().any(|w| !w.closed().is_empty()) {
            self.collect();
        }
    }

    /// The end of the stream: every open window closes.
    pub fn flush(&mut self) {
        for w in &mut self.windows {
            w.flush();
        }
        self.collect();
    }

    /// Moves closed windows into the summaries.
    fn collect(&mut self) {
        let [hour, day, last_day, last_week, session] = &mut self.windows;
        self.hourly.extend(hour.drain());
        self.daily.extend(day.drain());
        if let Some(w) = last_day.drain().next_back() {
            self.last_day = Some(w);
        }
        if let Some(w) = last_week.drain().next_back() {
            self.last_week = Some(w);
        }
        for w in session.drain() {
            self.sessions.add(&w);
        }
    }

    /// The watermark (largest timestamp seen − lateness).
    pub fn watermark(&self) -> Option<i64> {
        self.windows[0].watermark()
    }

    /// Closed hourly windows, oldest first (hours without ratings have no
    /// window).
    pub fn hourly(&self) -> &[Window] {
        &self.hourly
    }

    /// Closed daily windows, oldest first.
    pub fn daily(&self) -> &[Window] {
        &self.daily
    }

    /// The latest closed "last 24 hours" window.
    pub fn last_day(&self) -> Option<&Window> {
        self.last_day.as_ref()
    }

    /// The latest closed "last 7 days" window.
    pub fn last_week(&self) -> Option<&Window> {
        self.last_week.as_ref()
    }

    /// Sessions so far.
    pub fn sessions(&self) -> SessionSummary {
        SessionSummary {
            open: self.windows[4].open_sessions() as u64,
            ..self.sessions
        }
    }

    /// The late side output.
    pub fn late(&self) -> LateSummary<'_> {
        LateSummary {
            events: self.late_events,
            per_window: self.late_per,
            first: &self.late,
        }
    }

    /// Events pushed.
    pub fn events(&self) -> u64 {
        self.windows[0].totals().events
    }

    /// Trending movies of the last 24 hours (`week: false`) or the last 7
    /// days, where the sliding window stands: the `k` most rated, and the
    /// `k` of highest lift among those with at least `min_count` ratings.
    pub fn trending(&self, ds: &Dataset, week: bool, k: usize, min_count: u32) -> Trending {
        let (start, end, ratings, counts) = self.windows[2 + usize::from(week)]
            .sliding_now()
            .expect("windows 2 and 3 are sliding");
        let all = ds.len().max(1) as f64;
        let mut trends: Vec<Trend> = counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(m, &c)| Trend {
                movie: m as u32,
                count: c,
                lift: f64::from(c) / ratings as f64 / (f64::from(ds.movie_ratings[m].max(1)) / all),
            })
            .collect();
        trends.sort_by(|a, b| b.count.cmp(&a.count).then(a.movie.cmp(&b.movie)));
        let by_count = trends.iter().take(k).copied().collect();
        trends.retain(|t| t.count >= min_count);
        trends.sort_by(|a, b| b.lift.total_cmp(&a.lift).then(a.movie.cmp(&b.movie)));
        trends.truncate(k);
        Trending {
            start,
            end,
            ratings,
            by_count,
            by_lift: trends,
        }
    }
}
