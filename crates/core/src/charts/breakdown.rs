//! Breakdowns of the ratings as bars: per star, gender and age group
//! (columns), per occupation and genre (rows), each with its count and mean.

use plotters::prelude::DrawingBackend;

use super::bars::{columns, rows, Axis, Item, Marker};
use super::frame::Frame;
use super::theme::{percent, plural, total, Theme};
use super::{ChartError, HitKey, HitMap, NO_RATINGS};
use crate::analytics::{Bar, Dashboard, Filter};
use crate::model::{star_text, Scale};

type Res<T> = Result<T, ChartError>;

/// The note `"mean 3.77"`, its short form `"3.77"` and the tip's
/// `"mean 3.766"`; no notes and `"no mean"` without ratings.
fn mean_texts(mean: Option<f64>) -> (String, String, String) {
    match mean {
        Some(m) => (
            format!("mean {m:.2}"),
            format!("{m:.2}"),
            format!("mean {m:.3}"),
        ),
        None => (String::new(), String::new(), "no mean".to_owned()),
    }
}

/// A count-and-mean bar of a breakdown.
fn breakdown_item<K>(
    theme: &Theme,
    bar: &Bar<K>,
    label: &str,
    key: HitKey,
    active: &Filter,
    total: u64,
) -> Item {
    let sel = key.selected(active);
    let (note, short_note, mean_tip) = mean_texts(bar.mean);
    let share = if total > 0 {
        format!(" ({})", percent(bar.ratings, total))
    } else {
        String::new()
    };
    Item {
        short_label: String::new(),
        label: label.to_owned(),
        value: bar.ratings as f64,
        note,
        short_note,
        fill: theme.fill(sel),
        label_color: theme.label_color(sel),
        marker: None,
        key: Some(key),
        tip: format!(
            "{label}: {}{share}, {mean_tip}",
            plural(bar.ratings, "rating", "ratings")
        ),
    }
}

fn max_ratings<K>(bars: &[Bar<K>]) -> u64 {
    bars.iter().map(|b| b.ratings).max().unwrap_or(0)
}

/// Ratings per star.
pub(crate) fn histogram<DB: DrawingBackend>(frame: &Frame<DB>, dash: &Dashboard) -> Res<HitMap> {
    let total = total(dash.histogram);
    if total == 0 {
        return frame.message(NO_RATINGS);
    }
    let t = &frame.t;
    let items: Vec<Item> = dash
        .scale
        .halves()
        .map(|s| {
            let c = dash.histogram[usize::from(s) - 1];
            let label = if s == 2 {
                "1 star".to_owned()
            } else {
                format!("{} stars", star_text(s))
            };
            Item {
                short_label: String::new(),
                tip: format!(
                    "{label}: {} ({})",
                    plural(c, "rating", "ratings"),
                    percent(c, total)
                ),
                label,
                value: c as f64,
                note: percent(c, total),
                short_note: String::new(),
                fill: t.primary,
                label_color: t.fg,
                marker: None,
                key: Some(HitKey::Stars(s)),
            }
        })
        .collect();
    let max = dash.histogram.iter().copied().max().unwrap_or(0);
    // The bars' positions count from 0 at the lowest rating.
    let (first, step) = match dash.scale {
        Scale::Whole => (2.0, 2.0),
        Scale::Half => (1.0, 1.0),
    };
    let marker = dash.kpis.mean.map(|m| Marker {
        at: (m * 2.0 - first) / step,
        label: format!("mean {m:.2}"),
    });
    columns(frame, &items, &Axis::counts(max, "ratings"), marker)
}

/// Ratings and mean per gender.
pub(crate) fn gender<DB: DrawingBackend>(
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Res<HitMap> {
    let total = total(dash.by_gender.iter().map(|b| b.ratings));
    if total == 0 {
        return frame.message(NO_RATINGS);
    }
    let items: Vec<Item> = dash
        .by_gender
        .iter()
        .map(|b| {
            let key = HitKey::Gender(b.key);
            breakdown_item(&frame.t, b, &b.label, key, active, total)
        })
        .collect();
    let axis = Axis::counts(max_ratings(&dash.by_gender), "ratings");
    columns(frame, &items, &axis, None)
}

/// Ratings and mean per age group.
pub(crate) fn age<DB: DrawingBackend>(
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Res<HitMap> {
    let total = total(dash.by_age.iter().map(|b| b.ratings));
    if total == 0 {
        return frame.message(NO_RATINGS);
    }
    let items: Vec<Item> = dash
        .by_age
        .iter()
        .map(|b| {
            let label = b.key.label();
            let mut item = breakdown_item(&frame.t, b, label, HitKey::Age(b.key), active, total);
            // "Under 18" in a phone's narrow column.
            if let Some(age) = label.strip_prefix("Under ") {
                item.short_label = format!("<{age}");
            }
            item
        })
        .collect();
    let axis = Axis::counts(max_ratings(&dash.by_age), "ratings");
    columns(frame, &items, &axis, None)
}

/// Ratings and mean per occupation.
pub(crate) fn occupation<DB: DrawingBackend>(
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Res<HitMap> {
    let total = total(dash.by_occupation.iter().map(|b| b.ratings));
    if total == 0 {
        return frame.message(NO_RATINGS);
    }
    let items: Vec<Item> = dash
        .by_occupation
        .iter()
        .map(|b| {
            let label = if b.label.is_empty() {
                b.key.label()
            } else {
                b.label.as_str()
            };
            breakdown_item(&frame.t, b, label, HitKey::Occupation(b.key), active, total)
        })
        .collect();
    let axis = Axis::counts(max_ratings(&dash.by_occupation), "ratings");
    rows(frame, &items, &axis, &[])
}

/// Ratings and mean per genre (a movie counts in each of its genres).
pub(crate) fn genres<DB: DrawingBackend>(
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Res<HitMap> {
    if dash.by_genre.iter().all(|b| b.ratings == 0) {
        return frame.message(NO_RATINGS);
    }
    let items: Vec<Item> = dash
        .by_genre
        .iter()
        .map(|b| {
            // Genres overlap: shares of the total would not add up to 100%.
            breakdown_item(&frame.t, b, &b.label, HitKey::Genre(b.key), active, 0)
        })
        .collect();
    let axis = Axis::counts(max_ratings(&dash.by_genre), "ratings");
    rows(frame, &items, &axis, &[])
}
