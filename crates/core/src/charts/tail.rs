//! Long-tail distributions: how many users (movies) have how many ratings,
//! on log-log axes.

use plotters::prelude::{ChartBuilder, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::frame::{Frame, Ticked};
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
    points.sort_by_key(|f| f.ratings);
    let (Some(min_r), Some(max_r), Some(max_c)) = (
        points.iter().map(|f| f.ratings).min(),
        points.iter().map(|f| f.ratings).max(),
        points.iter().map(|f| f.count).max(),
    ) else {
        return frame.message(NO_RATINGS);
    };
    let t = &frame.t;
    let (tick, desc) = (t.tick(), t.desc());
    let tick_size = t.px(4.0);
    let (x_lo, x_hi) = decades((min_r as f64).log10(), (max_r as f64).log10());
    let (y_lo, y_hi) = decades(0.0, (max_c as f64).log10());
    let (x_bold, x_light) = key_points(x_lo, x_hi);
    let (y_bold, y_light) = key_points(y_lo, y_hi);
    let y_labels: Vec<String> = y_bold.iter().map(|k| decade(*k)).collect();
    let tick_w = frame.widest(y_labels.iter().map(String::as_str), &tick)?;
    let summary_h = t.line_height(11.0) + t.px(6.0);
    let top = t.px(8.0) + summary_h;
    let left = t.line_height(12.0) + t.px(6.0) + tick_w + 2 * tick_size;
    let bottom = 2 * tick_size + t.line_height(11.0) + t.line_height(12.0) + t.px(4.0);
    // A little room so that points on the first or last decade show whole.
    let (px, py) = ((x_hi - x_lo) * 0.03, (y_hi - y_lo) * 0.03);
    let fmt = |v: &f64| decade(*v);
    if !frame.room(left + t.px(20.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }
    let x_desc = format!("ratings per {} (log scale)", unit.one());
    let y_desc = format!("{} (log scale)", unit.many());

    let mut chart = ChartBuilder::on(frame.area)
        .margin_top(top)
        .margin_left(t.px(4.0))
        .margin_right(t.px(16.0))
        .margin_bottom(t.px(4.0))
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(
            Ticked::new(x_lo - px..x_hi + px, x_bold).with_light(x_light),
            Ticked::new(y_lo - py..y_hi + py, y_bold).with_light(y_light),
        )?;
    chart
        .configure_mesh()
        .bold_line_style(t.grid.stroke_width(t.stroke(1.0)))
        .light_line_style(t.grid.mix(0.45).stroke_width(t.stroke(1.0)))
        .axis_style(t.axis.stroke_width(t.stroke(1.0)))
        .set_all_tick_mark_size(tick_size)
        .x_label_formatter(&fmt)
        .y_label_formatter(&fmt)
        .label_style(tick.clone())
        .x_desc(x_desc.as_str())
        .y_desc(y_desc.as_str())
        .axis_desc_style(desc.clone())
        .draw()?;

    let r = t.px(3.0).max(1);
    let fill = t.primary.mix(0.7).filled();
    let mut hits = HitMap::default();
    for f in &points {
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

    // Total and median, above the plot.
    let total = total(points.iter().map(|f| f.count));
    let mut seen = 0u64;
    let mut median = 0;
    for f in &points {
        seen = seen.saturating_add(f.count);
        if u128::from(seen) * 2 >= u128::from(total) {
            median = f.ratings;
            break;
        }
    }
    let (xr, _) = chart.plotting_area().get_pixel_range();
    frame.text(
        &format!(
            "{}, median {} each, most {}",
            plural(total, unit.one(), unit.many()),
            plural(median, "rating", "ratings"),
            count(max_r)
        ),
        (xr.end, frame.y0 + t.px(8.0) + summary_h / 2),
        &t.note(),
        HPos::Right,
        VPos::Center,
    )?;
    Ok(hits)
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
