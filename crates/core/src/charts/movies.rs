//! Movies as horizontal bars: the most rated, the best by damped mean, and
//! those women rate higher than men.

use plotters::prelude::DrawingBackend;

use super::bars::{rows, Axis, Item, Scale};
use super::frame::{finite, Frame, Swatch};
use super::theme::{count, plural, signed};
use super::{ChartError, HitKey, HitMap, NO_RATINGS};
use crate::analytics::{Dashboard, TopMovie};

type Res<T> = Result<T, ChartError>;

/// `"Title (1999)"`, shortened to `max_w` pixels: first without a trailing
/// parenthesised alternative title, then with an ellipsis, keeping the year.
fn movie_label<DB: DrawingBackend>(
    frame: &Frame<DB>,
    display: &str,
    year: Option<u16>,
    max_w: i32,
) -> Res<String> {
    let style = frame.t.label(frame.t.fg);
    let year = year.map(|y| format!(" ({y})")).unwrap_or_default();
    let full = format!("{display}{year}");
    if frame.measure(&full, &style)?.0 <= max_w {
        return Ok(full);
    }
    let mut title = display;
    if let Some(open) = display.rfind(" (") {
        if display.ends_with(')') && open > 0 {
            title = &display[..open];
            let shorter = format!("{title}{year}");
            if frame.measure(&shorter, &style)?.0 <= max_w {
                return Ok(shorter);
            }
        }
    }
    let year_w = frame.measure(&year, &style)?.0;
    let head = frame.fit(title, &style, max_w - year_w)?;
    Ok(if head.is_empty() {
        frame.fit(&full, &style, max_w)?
    } else {
        format!("{head}{year}")
    })
}

fn movie_tip(m: &TopMovie) -> String {
    let year = m.year.map(|y| format!(" ({y})")).unwrap_or_default();
    let std = m.std.map(|s| format!(", std {s:.3}")).unwrap_or_default();
    format!(
        "{}{year}: {}, mean {:.3}, damped mean {:.3}{std}",
        m.display,
        plural(m.ratings, "rating", "ratings"),
        m.mean,
        m.damped
    )
}

fn movie_label_width<DB: DrawingBackend>(frame: &Frame<DB>) -> i32 {
    frame.w * 2 / 5
}

/// The most rated movies.
pub(crate) fn top_count<DB: DrawingBackend>(frame: &Frame<DB>, dash: &Dashboard) -> Res<HitMap> {
    let t = &frame.t;
    let max_w = movie_label_width(frame);
    let mut items = Vec::with_capacity(dash.top_by_count.len());
    for m in &dash.top_by_count {
        items.push(Item {
            short_label: String::new(),
            label: movie_label(frame, &m.display, m.year, max_w)?,
            value: m.ratings as f64,
            note: format!("mean {:.2}", m.mean),
            short_note: format!("{:.2}", m.mean),
            fill: t.primary,
            label_color: t.fg,
            marker: None,
            key: Some(HitKey::Movie(m.movie_id)),
            tip: movie_tip(m),
        });
    }
    let max = dash
        .top_by_count
        .iter()
        .map(|m| m.ratings)
        .max()
        .unwrap_or(0);
    rows(frame, &items, &Axis::counts(max, "ratings"), &[])
}

/// The best movies by damped mean, with the raw mean marked.
pub(crate) fn top_damped<DB: DrawingBackend>(frame: &Frame<DB>, dash: &Dashboard) -> Res<HitMap> {
    let t = &frame.t;
    let list = &dash.top_by_damped;
    if list.is_empty() {
        if dash.kpis.ratings == 0 {
            return frame.message(NO_RATINGS);
        }
        return frame.message(&format!(
            "No movie has {}+ ratings",
            count(dash.top_min_ratings.max(1))
        ));
    }
    let max_w = movie_label_width(frame);
    let mut items = Vec::with_capacity(list.len());
    for m in list {
        items.push(Item {
            short_label: String::new(),
            label: movie_label(frame, &m.display, m.year, max_w)?,
            value: m.damped,
            note: format!("{:.2} (n={})", m.damped, count(m.ratings)),
            short_note: format!("{:.2}", m.damped),
            fill: t.primary,
            label_color: t.fg,
            marker: Some(m.mean),
            key: Some(HitKey::Movie(m.movie_id)),
            tip: movie_tip(m),
        });
    }
    // Zoom on the range the values span, in half stars within 1..=5.
    let low = list
        .iter()
        .flat_map(|m| [m.damped, m.mean])
        .filter(|v| v.is_finite())
        .fold(5.0f64, f64::min);
    let lo = (((low - 0.1) * 2.0).floor() / 2.0).clamp(0.0, 4.5);
    let axis = Axis {
        lo,
        hi: 5.0,
        base: lo,
        scale: Scale::Stars,
        desc: "damped mean (stars)".to_owned(),
    };
    let mut legend = vec![(Swatch::Box(t.primary), "damped mean")];
    if list.iter().any(|m| m.mean.is_finite()) {
        legend.push((Swatch::Ring(t.fg), "raw mean"));
    }
    rows(frame, &items, &axis, &legend)
}

/// Movies by women-minus-men mean: bars diverging from zero.
pub(crate) fn gender_gap<DB: DrawingBackend>(frame: &Frame<DB>, dash: &Dashboard) -> Res<HitMap> {
    let t = &frame.t;
    let list = &dash.gender_gap;
    if list.is_empty() {
        if dash.kpis.ratings == 0 {
            return frame.message(NO_RATINGS);
        }
        return frame.message(&format!(
            "No movie has {}+ ratings from both women and men",
            count(dash.top_min_ratings.max(1))
        ));
    }
    let max_w = movie_label_width(frame);
    let mut items = Vec::with_capacity(list.len());
    for g in list {
        let year = g.year;
        let y = year.map(|y| format!(" ({y})")).unwrap_or_default();
        items.push(Item {
            short_label: String::new(),
            label: movie_label(frame, &g.display, year, max_w)?,
            value: g.diff,
            note: signed(g.diff, 2),
            short_note: String::new(),
            fill: if g.diff >= 0.0 { t.warm } else { t.cool },
            label_color: t.fg,
            marker: None,
            key: Some(HitKey::Movie(g.movie_id)),
            tip: format!(
                "{}{y}: women {:.3} ({}), men {:.3} ({}), gap {}",
                g.display,
                g.mean_f,
                plural(g.ratings_f, "rating", "ratings"),
                g.mean_m,
                plural(g.ratings_m, "rating", "ratings"),
                signed(g.diff, 3)
            ),
        });
    }
    let (min, max) = list
        .iter()
        .map(|g| finite(g.diff, 0.0))
        .fold((0.0f64, 0.0f64), |(a, b), d| (a.min(d), b.max(d)));
    let pad = ((max - min) * 0.08).max(0.05);
    let axis = Axis {
        lo: if min < 0.0 { min - pad } else { 0.0 },
        hi: if max > 0.0 { max + pad } else { pad },
        base: 0.0,
        scale: Scale::Signed,
        desc: "mean rating, women \u{2212} men (stars)".to_owned(),
    };
    // Only the series that appear: the list is sorted by the gap, so
    // usually every movie in it is rated higher by women.
    let mut legend = Vec::new();
    if list.iter().any(|g| g.diff >= 0.0) {
        legend.push((Swatch::Box(t.warm), "women rate higher"));
    }
    if list.iter().any(|g| g.diff < 0.0) {
        legend.push((Swatch::Box(t.cool), "men rate higher"));
    }
    rows(frame, &items, &axis, &legend)
}
