//! Long-tail distributions: how many users (movies) have how many ratings,
//! on log-log axes.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::frame::{Axes, Chart, Frame, Layout, Ticked};
use super::theme::{count, plural, total};
use super::{ChartError, Hit, HitMap, NO_RATINGS};
use crate::analytics::Frequency;

type Res<T> = Result<T, ChartError>;

/// Whose ratings are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Users,
    Movies,
}

impl Unit {
    fn one(self) -> &'static str {
        match self {
            Unit::Users => "user",
            Unit::Movies => "movie",
        }
    }

    fn many(self) -> &'static str {
        match self {
            Unit::Users => "users",
            Unit::Movies => "movies",
        }
    }
}

/// `10^k` as a label: `1`, `10`, `1,000`.
fn decade(k: f64) -> String {
    let k = k.round();
    if (0.0..=19.0).contains(&k) {
        count(10u64.pow(k as u32))
    } else {
        format!("1e{k:.0}")
    }
}

/// Whole decades covering `lo..=hi` (log10 values), at least one apart.
fn decades(lo: f64, hi: f64) -> (f64, f64) {
    let a = lo.floor();
    let b = hi.ceil().max(a + 1.0);
    (a, b)
}

/// Bold key points at each decade, light ones at 2..9 times it.
fn key_points(lo: f64, hi: f64) -> (Vec<f64>, Vec<f64>) {
    let mut bold = Vec::new();
    let mut light = Vec::new();
    let mut k = lo;
    while k <= hi && bold.len() < 40 {
        bold.push(k);
        for m in 2..10 {
            let v = k + f64::from(m).log10();
            if v < hi {
                light.push(v);
            }
        }
        k += 1.0;
    }
    (bold, light)
}

/// The frequency table as a log-log scatter, with the total and median.
pub(crate) fn tail<DB: DrawingBackend>(
    frame: &Frame<DB>,
    freq: &[Frequency],
    unit: Unit,
) -> Res<HitMap> {
    let mut points: Vec<&Frequency> = freq
        .iter()
        .filter(|f| f.ratings > 0 && f.count > 0)
        .collect();
    crate::sorting::sort_by_key(&mut points, |f| f.ratings);
    let (Some(min_r), Some(max_r), Some(max_c)) = (
        points.iter().map(|f| f.ratings).min(),
        points.iter().map(|f| f.ratings).max(),
        points.iter().map(|f| f.count).max(),
    ) else {
        return frame.message(NO_RATINGS);
    };
    let t = &frame.t;
    let (x_lo, x_hi) = decades((min_r as f64).log10(), (max_r as f64).log10());
    let (y_lo, y_hi) = decades(0.0, (max_c as f64).log10());
    let (x_bold, x_light) = key_points(x_lo, x_hi);
    let (y_bold, y_light) = key_points(y_lo, y_hi);
    let y_labels: Vec<String> = y_bold.iter().map(|k| decade(*k)).collect();
    let tick_w = frame.widest(y_labels.iter().map(String::as_str), &t.tick())?;
    let top = t.px(8.0) + t.legend_height();
    let left = t.y_axis_width(tick_w);
    let bottom = t.x_axis_height();
    if !frame.room(left + t.px(20.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }
    // A little room so that points on the first or last decade show whole.
    let (px, py) = ((x_hi - x_lo) * 0.03, (y_hi - y_lo) * 0.03);
    let x = Ticked::new(x_lo - px..x_hi + px, x_bold).with_light(x_light);
    let y = Ticked::new(y_lo - py..y_hi + py, y_bold).with_light(y_light);
    let layout = Layout::new(t, top, t.px(16.0), bottom, left);
    let mut chart = frame.chart(&layout, x, y)?;
    let fmt = |v: &f64| decade(*v);
    let x_desc = format!("ratings per {} (log scale)", unit.one());
    let y_desc = format!("{} (log scale)", unit.many());
    let axes = Axes {
        light_grid: true,
        x_format: Some(&fmt),
        y_format: Some(&fmt),
        x_desc: Some(&x_desc),
        y_desc: Some(&y_desc),
        ..Axes::default()
    };
    frame.axes(&mut chart, &axes)?;
    let hits = draw_points(frame, &chart, &points, unit)?;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let summary = summary(&points, unit, max_r);
    frame.text(
        &summary,
        (xr.end, frame.top_line()),
        &t.note(),
        HPos::Right,
        VPos::Center,
    )?;
    Ok(hits)
}

/// A dot per frequency, with a hit a little larger than the dot.
fn draw_points<DB: DrawingBackend>(
    frame: &Frame<DB>,
    chart: &Chart<DB>,
    points: &[&Frequency],
    unit: Unit,
) -> Res<HitMap> {
    let t = &frame.t;
    let r = t.px(3.0).max(1);
    let fill = t.primary.mix(0.7).filled();
    let mut hits = HitMap::default();
    for f in points {
        let at = ((f.ratings as f64).log10(), (f.count as f64).log10());
        let c = chart.backend_coord(&at);
        frame.circle(c, r, fill)?;
        let reach = r + t.px(2.0);
        hits.hits.push(Hit::new(
            (c.0 - reach, c.1 - reach),
            (c.0 + reach + 1, c.1 + reach + 1),
            None,
            format!(
                "{} {} exactly {}",
                plural(f.count, unit.one(), unit.many()),
                if f.count == 1 { "has" } else { "have" },
                plural(f.ratings, "rating", "ratings")
            ),
        ));
    }
    Ok(hits)
}

/// The total, the median and the most ratings, written above the plot.
fn summary(points: &[&Frequency], unit: Unit, max_r: u64) -> String {
    let total = total(points.iter().map(|f| f.count));
    let mut seen = 0u64;
    let mut median = 0;
    for f in points {
        seen = seen.saturating_add(f.count);
        if u128::from(seen) * 2 >= u128::from(total) {
            median = f.ratings;
            break;
        }
    }
    format!(
        "{}, median {} each, most {}",
        plural(total, unit.one(), unit.many()),
        plural(median, "rating", "ratings"),
        count(max_r)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_axes() {
        assert_eq!(decade(0.0), "1");
        assert_eq!(decade(3.0), "1,000");
        assert_eq!(decade(25.0), "1e25");
        assert_eq!(decades(0.0, 0.0), (0.0, 1.0));
        assert_eq!(decades(1.3, 3.4), (1.0, 4.0));
        let (bold, light) = key_points(0.0, 2.0);
        assert_eq!(bold, vec![0.0, 1.0, 2.0]);
        assert_eq!(light.len(), 16);
    }
}
