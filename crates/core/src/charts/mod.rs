//! The dashboard's charts, drawn with plotters on any backend.
//!
//! Every function here is generic over [`DrawingBackend`]: the web shell
//! passes a drawing area over a `plotters_canvas::CanvasBackend`, native tests
//! an `SVGBackend` writing to a string. Nothing here depends on the web.
//!
//! Drawing returns a [`HitMap`]: one rectangle per bar, cell or point, in
//! backend pixels (the canvas' own pixels, not CSS pixels), with the filter
//! key it stands for and a tooltip that states its value precisely. The
//! rectangles come from plotters' coordinate mapping of the very values that
//! were drawn, so they line up with what is on screen.
//!
//! Sizes (fonts, margins, line widths, marker radii) are CSS-pixel sizes
//! multiplied by [`Style::scale`]: draw into a canvas of
//! `css size × devicePixelRatio` pixels with `scale = devicePixelRatio` and
//! the chart looks the same at any pixel density.
//!
//! Text: on wasm32 plotters measures text by laying out a `<span>` in the
//! page's DOM, so charts can only be drawn on the main thread (in a Web
//! Worker plotters panics); the fonts are the browser's `sans-serif`.
//! Natively, text sizes are plotters' rough estimate.
//!
//! ```
//! use movielens_core::analytics::{dashboard, Filter};
//! use movielens_core::charts::{draw, ChartKind, HitKey, Style};
//! use movielens_core::demo::{generate, DemoConfig};
//! use movielens_core::model::Genre;
//! use movielens_core::{load, table::Dataset, FileKind};
//! use plotters::prelude::*;
//!
//! let files = generate(&DemoConfig { ratings: 2_000, seed: 1, dirty: false });
//! let kinds = [FileKind::Users, FileKind::Movies, FileKind::Ratings];
//! let inputs: Vec<(&str, &[u8])> = kinds.iter().map(|k| (k.file_name(), files.file(*k))).collect();
//! let ds = Dataset::new(load::load_bytes(&inputs)?);
//! let filter = Filter::default();
//! let dash = dashboard(&ds, &filter, 50);
//!
//! let mut svg = String::new();
//! let area = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
//! let hits = draw(ChartKind::Genres, &area, &dash, &filter, &Style::default())?;
//! let drama = hits.find(&HitKey::Genre(Genre::from_index(7).unwrap())).expect("a bar per genre");
//! assert!(drama.tip.starts_with("Drama: "));
//! let (x, y) = drama.center();
//! assert_eq!(hits.at(x, y), Some(drama));
//! # drop(area);
//! # assert!(svg.contains("Drama"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod axis;
mod bars;
mod breakdown;
mod frame;
mod heat;
mod lineage;
mod movies;
mod tail;
mod texts;
mod theme;
mod time;

#[cfg(test)]
mod layout_tests;

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::prelude::DrawingBackend;
use serde::{Deserialize, Serialize};

use crate::analytics::{Dashboard, Filter, Pick};
use crate::lineage::Lineage;
use crate::model::{AgeGroup, Gender, Genre, Occupation, AGE_GROUPS};

pub use axis::{month_of, Axis, BrushKey, Unit};
use frame::Frame;

/// One chart of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChartKind {
    /// Ratings per star, 1..5.
    Histogram,
    /// Ratings per month (bars) and the monthly mean (line).
    Months,
    /// Ratings and mean per genre.
    Genres,
    /// Ratings and mean per gender.
    Gender,
    /// Ratings and mean per age group.
    Age,
    /// Ratings and mean per occupation.
    Occupation,
    /// Ratings per weekday and hour (UTC), a heatmap.
    WeekHour,
    /// Mean rating per genre and age group, a heatmap.
    GenreAge,
    /// The most rated movies.
    TopCount,
    /// The best movies by damped mean.
    TopDamped,
    /// Movies women rate higher than men, by the largest gap.
    GenderGap,
    /// How many users have how many ratings (log-log).
    UserTail,
    /// How many movies have how many ratings (log-log).
    MovieTail,
    /// Mean rating per release year.
    Years,
}

impl ChartKind {
    /// Whether the chart needs the users' demographics (a users file):
    /// gender, age, occupation, genre × age, the gender gap.
    pub fn needs_users(self) -> bool {
        matches!(
            self,
            ChartKind::Gender
                | ChartKind::Age
                | ChartKind::Occupation
                | ChartKind::GenreAge
                | ChartKind::GenderGap
        )
    }

    /// Every chart, in dashboard order.
    pub const ALL: [ChartKind; 14] = [
        ChartKind::Histogram,
        ChartKind::Months,
        ChartKind::Genres,
        ChartKind::Gender,
        ChartKind::Age,
        ChartKind::Occupation,
        ChartKind::WeekHour,
        ChartKind::GenreAge,
        ChartKind::TopCount,
        ChartKind::TopDamped,
        ChartKind::GenderGap,
        ChartKind::UserTail,
        ChartKind::MovieTail,
        ChartKind::Years,
    ];

    /// A stable identifier (lower case, `-` separated), fit for DOM ids.
    pub fn id(self) -> &'static str {
        match self {
            ChartKind::Histogram => "histogram",
            ChartKind::Months => "months",
            ChartKind::Genres => "genres",
            ChartKind::Gender => "gender",
            ChartKind::Age => "age",
            ChartKind::Occupation => "occupation",
            ChartKind::WeekHour => "weekhour",
            ChartKind::GenreAge => "genre-age",
            ChartKind::TopCount => "top-count",
            ChartKind::TopDamped => "top-damped",
            ChartKind::GenderGap => "gender-gap",
            ChartKind::UserTail => "user-tail",
            ChartKind::MovieTail => "movie-tail",
            ChartKind::Years => "years",
        }
    }

    /// The chart with this [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<ChartKind> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// A heading for the chart (the charts draw no title themselves).
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Histogram => "Ratings by stars",
            ChartKind::Months => "Ratings per month",
            ChartKind::Genres => "Genres",
            ChartKind::Gender => "Gender",
            ChartKind::Age => "Age group",
            ChartKind::Occupation => "Occupation",
            ChartKind::WeekHour => "Weekday and hour (UTC)",
            ChartKind::GenreAge => "Mean rating by genre and age",
            ChartKind::TopCount => "Most rated movies",
            ChartKind::TopDamped => "Best rated movies (damped mean)",
            ChartKind::GenderGap => "Movies women rate higher than men",
            ChartKind::UserTail => "Ratings per user",
            ChartKind::MovieTail => "Ratings per movie",
            ChartKind::Years => "Mean rating by release year",
        }
    }
}

/// How to draw: pixel density and colour scheme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Backend pixels per CSS pixel (`window.devicePixelRatio`): fonts,
    /// margins, line widths and markers scale by it. Values that are not
    /// finite and positive count as 1; the rest is clamped to 0.25..=8.
    pub scale: f64,
    /// Light text on a dark background.
    pub dark: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            scale: 1.0,
            dark: false,
        }
    }
}

/// What a bar, cell or point stands for: the filter value a click selects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HitKey {
    /// A gender.
    Gender(Gender),
    /// An age group.
    Age(AgeGroup),
    /// An occupation.
    Occupation(Occupation),
    /// A genre.
    Genre(Genre),
    /// A month: ratings made in `[from, to)`, Unix seconds (as in
    /// [`Filter::time`]).
    Month {
        /// The month's first second.
        from: u32,
        /// The next month's first second.
        to: u32,
    },
    /// A release year.
    Year(u16),
    /// A movie id.
    Movie(u32),
    /// A star rating, 1..=5.
    Stars(u8),
    /// A heatmap cell. [`ChartKind::WeekHour`]: `row` is the weekday
    /// (0 = Monday), `col` the hour (UTC). [`ChartKind::GenreAge`]: `row` is
    /// the genre index into [`GENRES`], `col` the age-group index into
    /// [`AGE_GROUPS`] (not its code).
    Cell {
        /// Weekday or genre index.
        row: u8,
        /// Hour or age-group index.
        col: u8,
    },
}

impl HitKey {
    /// The filter value a click on this key selects, if any (movies, stars
    /// and cells have no filter dimension).
    pub fn pick(&self) -> Option<Pick> {
        Some(match *self {
            HitKey::Gender(g) => Pick::Gender(g),
            HitKey::Age(a) => Pick::Age(a),
            HitKey::Occupation(o) => Pick::Occupation(o),
            HitKey::Genre(g) => Pick::Genre(g),
            HitKey::Month { from, to } => Pick::Time(from, to),
            HitKey::Year(y) => Pick::Year(y),
            HitKey::Movie(_) | HitKey::Stars(_) | HitKey::Cell { .. } => return None,
        })
    }

    /// Whether the filter selects this key: `None` when the filter does not
    /// restrict this key's dimension (or the key has no filter dimension).
    pub fn selected(&self, filter: &Filter) -> Option<bool> {
        self.pick().and_then(|p| filter.selects(p))
    }

    /// Applies a click on this key to the filter ([`Filter::toggle`]).
    /// Returns whether the filter changed (movies, stars and cells have no
    /// filter dimension: `false`).
    pub fn toggle(&self, filter: &mut Filter) -> bool {
        self.pick().map(|p| filter.toggle(p)).is_some()
    }
}

/// A rectangle of a chart, in backend pixels: `x0 <= x < x1`, `y0 <= y < y1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Left edge (inclusive).
    pub x0: i32,
    /// Top edge (inclusive).
    pub y0: i32,
    /// Right edge (exclusive).
    pub x1: i32,
    /// Bottom edge (exclusive).
    pub y1: i32,
    /// The filter value behind it, if any.
    pub key: Option<HitKey>,
    /// Tooltip text, e.g. `"Drama: 354,529 ratings, mean 3.766"`.
    pub tip: String,
}

impl Hit {
    /// A hit over the rectangle spanned by two corners (in any order); an
    /// empty rectangle grows to one pixel so that it can still be hit.
    pub fn new(a: (i32, i32), b: (i32, i32), key: Option<HitKey>, tip: String) -> Hit {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        Hit {
            x0,
            y0,
            x1: x1.max(x0 + 1),
            y1: y1.max(y0 + 1),
            key,
            tip,
        }
    }

    /// Whether the point is inside.
    pub fn contains(&self, x: i32, y: i32) -> bool {
        self.x0 <= x && x < self.x1 && self.y0 <= y && y < self.y1
    }

    /// The centre, in backend pixels.
    pub fn center(&self) -> (i32, i32) {
        (
            self.x0 + (self.x1 - self.x0) / 2,
            self.y0 + (self.y1 - self.y0) / 2,
        )
    }
}

/// The hit rectangles of one drawn chart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HitMap {
    /// The rectangles, in drawing order.
    pub hits: Vec<Hit>,
    /// The x axis a drag can select a range on ([`ChartKind::Months`] and
    /// [`ChartKind::Years`] with data), in the same backend pixels.
    #[serde(default)]
    pub axis: Option<Axis>,
}

impl HitMap {
    /// The hit under a point in backend pixels (convert CSS pixels first:
    /// `x = offsetX * canvas.width / rect.width`). Where rectangles overlap
    /// (scatter points), the one whose centre is nearest wins.
    pub fn at(&self, x: i32, y: i32) -> Option<&Hit> {
        self.hits
            .iter()
            .filter(|h| h.contains(x, y))
            .min_by_key(|h| {
                let (cx, cy) = h.center();
                let (dx, dy) = (i64::from(cx - x), i64::from(cy - y));
                dx * dx + dy * dy
            })
    }

    /// The first hit with this key.
    pub fn find(&self, key: &HitKey) -> Option<&Hit> {
        self.hits.iter().find(|h| h.key.as_ref() == Some(key))
    }

    /// Whether nothing can be hit (an empty chart).
    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }

    /// Number of hits.
    pub fn len(&self) -> usize {
        self.hits.len()
    }
}

/// Why a chart could not be drawn: the backend failed. Data never causes
/// an error (empty or odd data draws a message or an empty chart).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChartError {
    /// The backend failed to draw (for the canvas: a JavaScript exception)
    /// or to lay text out.
    Backend(String),
    /// The drawing area was in use by another drawing operation.
    Sharing,
    /// plotters rejected the layout.
    Layout,
}

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChartError::Backend(e) => write!(f, "chart backend error: {e}"),
            ChartError::Sharing => f.write_str("chart drawing area is in use"),
            ChartError::Layout => f.write_str("chart layout error"),
        }
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        match e {
            // The backend's own message, or the font's ("Font loading error").
            DrawingAreaErrorKind::BackendError(e) => ChartError::Backend(e.to_string()),
            DrawingAreaErrorKind::SharingError => ChartError::Sharing,
            DrawingAreaErrorKind::LayoutError => ChartError::Layout,
        }
    }
}

/// Draws one chart of the dashboard over the whole area (its background
/// included) and returns what can be hovered or clicked. Items that `active`
/// selects are drawn in the accent colour and the others muted, on the
/// dimensions `active` restricts. A chart without data draws a message and
/// returns no hits.
///
/// # Errors
/// Only when the backend fails.
pub fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    area: &DrawingArea<DB, Shift>,
    dash: &Dashboard,
    active: &Filter,
    style: &Style,
) -> Result<HitMap, ChartError> {
    let frame = Frame::new(area, style);
    draw_frame(kind, &frame, dash, active)
}

/// [`draw`] into a frame (tests then read the frame's texts).
fn draw_frame<DB: DrawingBackend>(
    kind: ChartKind,
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Result<HitMap, ChartError> {
    frame.clear()?;
    if frame.too_small() {
        return Ok(HitMap::default());
    }
    match kind {
        ChartKind::Histogram => breakdown::histogram(frame, dash),
        ChartKind::Months => time::months(frame, dash, active),
        ChartKind::Genres => breakdown::genres(frame, dash, active),
        ChartKind::Gender => breakdown::gender(frame, dash, active),
        ChartKind::Age => breakdown::age(frame, dash, active),
        ChartKind::Occupation => breakdown::occupation(frame, dash, active),
        ChartKind::WeekHour => heat::weekhour(frame, dash),
        ChartKind::GenreAge => heat::genre_age(frame, dash, active),
        ChartKind::TopCount => movies::top_count(frame, dash),
        ChartKind::TopDamped => movies::top_damped(frame, dash),
        ChartKind::GenderGap => movies::gender_gap(frame, dash),
        ChartKind::UserTail => tail::tail(frame, &dash.ratings_per_user, tail::Unit::Users),
        ChartKind::MovieTail => tail::tail(frame, &dash.ratings_per_movie, tail::Unit::Movies),
        ChartKind::Years => time::years(frame, dash, active),
    }
}

/// Draws the load's lineage over the whole area: per file, one bar of its
/// lines split into accepted, rejected and blank, with the counts written
/// out (rejected rows get a visible sliver however few they are).
///
/// # Errors
/// Only when the backend fails.
pub fn draw_lineage<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lineage: &Lineage,
    style: &Style,
) -> Result<HitMap, ChartError> {
    let frame = Frame::new(area, style);
    frame.clear()?;
    if frame.too_small() {
        return Ok(HitMap::default());
    }
    lineage::lineage(&frame, lineage)
}

/// The message drawn where a chart has no data.
pub const NO_RATINGS: &str = "No ratings match the filters";

/// An age group's label by index (`"?"` past the end of [`AGE_GROUPS`]).
fn age_label(i: usize) -> &'static str {
    AGE_GROUPS.get(i).map(|a| a.1).unwrap_or("?")
}
