//! Charts over time: ratings per month with the monthly mean, and the mean
//! rating per release year.

use plotters::chart::DualCoordChartContext;
use plotters::prelude::{Cartesian2d, Circle, DrawingBackend, PathElement, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::frame::{
    finite, nice_ticks, slot, tick_count, Axes, Chart, Frame, Layout, Swatch, Ticked,
};
use super::theme::{count_f, plural};
use super::{month_of, Axis, ChartError, Hit, HitKey, HitMap, Unit, NO_RATINGS};
use crate::analytics::{Dashboard, Filter, Month};

type Res<T> = Result<T, ChartError>;

/// Months since year 0 of a `YYYY-MM` key.
fn month_index(key: &str) -> Option<i64> {
    let (y, m) = key.split_once('-')?;
    let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

/// Every how many months to label, so that labels of `label_w` pixels do
/// not overlap along `len` pixels; steps align with the calendar.
fn month_step(n: usize, len: i32, label_w: i32) -> i64 {
    let fit = i64::from((len / label_w.max(1)).max(1));
    let n = n as i64;
    let mut step = 1;
    for s in [1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600, 1200] {
        step = s;
        if (n + s - 1) / s <= fit {
            break;
        }
    }
    step
}

fn month_tip(m: &Month) -> String {
    let mean = m
        .mean
        .map_or_else(String::new, |v| format!(", mean {v:.3}"));
    format!(
        "{}: {}{mean}",
        m.key,
        plural(m.ratings, "rating", "ratings")
    )
}

/// The months chart: ratings on the primary axes, means on the secondary.
type MonthChart<'a, DB> =
    DualCoordChartContext<'a, DB, Cartesian2d<Ticked, Ticked>, Cartesian2d<Ticked, Ticked>>;

/// Ratings per month (bars, left axis) and the monthly mean (line, right
/// axis, 1..5 stars).
pub(crate) fn months<DB: DrawingBackend>(
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Res<HitMap> {
    // As of an instant, the months up to it: none after it holds a
    // rating then.
    let shown = active.as_of.map_or(dash.by_month.len(), |t| {
        dash.by_month.iter().take_while(|m| m.from < t).count()
    });
    let months = &dash.by_month[..shown];
    if months.iter().all(|m| m.ratings == 0) {
        return frame.message(NO_RATINGS);
    }
    let t = &frame.t;
    let n = months.len();
    let tick = t.tick();
    let top = t.px(8.0) + t.legend_height();
    let bottom = t.category_height();
    let plot_h = frame.h - top - bottom - t.px(8.0);
    let max = months.iter().map(|m| m.ratings).max().unwrap_or(0);
    let hi = (max as f64 * 1.05).max(1.0);
    let ticks = nice_ticks(0.0, hi, tick_count(plot_h, t.px(36.0)), true);
    let labels: Vec<String> = ticks.iter().map(|v| count_f(*v)).collect();
    let left = t.y_axis_width(frame.widest(labels.iter().map(String::as_str), &tick)?);
    let right = t.y_axis_width(frame.measure("5", &tick)?.0);
    if !frame.room(left + right + t.px(8.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }
    let layout = Layout {
        y2_labels: right,
        ..Layout::new(t, top, t.px(4.0), bottom, left)
    };
    let x_range = -0.5..n as f64 - 0.5;
    let mut chart = frame
        .chart(
            &layout,
            Ticked::bare(x_range.clone()),
            Ticked::new(0.0..hi, ticks),
        )?
        .set_secondary_coord(
            Ticked::bare(x_range),
            Ticked::new(1.0..5.0, vec![1.0, 2.0, 3.0, 4.0, 5.0]),
        );
    let fmt_count = |v: &f64| count_f(*v);
    let axes = Axes {
        x_grid: false,
        y_format: Some(&fmt_count),
        y_desc: Some("ratings"),
        ..Axes::default()
    };
    frame.axes(&mut chart, &axes)?;
    mean_axis(frame, &mut chart)?;
    let first = month_of(months[0].from);
    let axis = brush_axis(&chart, Unit::Month, (first, first + n as u32 - 1), -0.5, n);
    band(frame, &axis, active)?;
    month_bars(frame, &mut chart, months, active)?;
    mean_line(frame, &mut chart, months)?;
    let mut hits = month_labels(frame, &chart, months, hi)?;
    hits.axis = Some(axis);
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let legend = [
        (Swatch::Box(t.primary), "ratings"),
        (Swatch::Line(t.line), "mean stars"),
    ];
    frame.legend(xr.end, frame.top_line(), &legend)?;
    Ok(hits)
}

/// The right axis: mean stars, 1..5.
fn mean_axis<DB: DrawingBackend>(frame: &Frame<DB>, chart: &mut MonthChart<DB>) -> Res<()> {
    let t = &frame.t;
    let fmt_mean = |v: &f64| format!("{v:.0}");
    chart
        .configure_secondary_axes()
        .axis_style(t.axis.stroke_width(t.stroke(1.0)))
        .set_all_tick_mark_size(t.tick_size())
        .y_label_formatter(&fmt_mean)
        .label_style(t.tick())
        .y_desc("mean stars")
        .axis_desc_style(t.desc())
        .draw()?;
    Ok(())
}

/// A bar per month, coloured by whether the time filter selects it.
fn month_bars<DB: DrawingBackend>(
    frame: &Frame<DB>,
    chart: &mut MonthChart<DB>,
    months: &[Month],
    active: &Filter,
) -> Res<()> {
    let t = &frame.t;
    let half = 0.4;
    chart.draw_series(months.iter().enumerate().map(|(i, m)| {
        let x = i as f64;
        let sel = HitKey::Month {
            from: m.from,
            to: m.to,
        }
        .selected(active);
        Rectangle::new(
            [(x - half, 0.0), (x + half, m.ratings as f64)],
            t.fill(sel).filled(),
        )
    }))?;
    Ok(())
}

/// The monthly mean: a line that breaks where a month has no ratings, with
/// a dot per month when there are few (and for lone months).
fn mean_line<DB: DrawingBackend>(
    frame: &Frame<DB>,
    chart: &mut MonthChart<DB>,
    months: &[Month],
) -> Res<()> {
    let t = &frame.t;
    let line = t.line.stroke_width(t.stroke(2.0));
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    for (i, m) in months.iter().enumerate() {
        match m.mean.filter(|v| v.is_finite()) {
            Some(v) => run.push((i as f64, v.clamp(1.0, 5.0))),
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    for r in runs.iter().filter(|r| !r.is_empty()) {
        chart.draw_secondary_series(std::iter::once(PathElement::new(r.clone(), line)))?;
        if months.len() <= 60 || r.len() == 1 {
            chart.draw_secondary_series(
                r.iter()
                    .map(|p| Circle::new(*p, t.px(2.5).max(1), t.line.filled())),
            )?;
        }
    }
    Ok(())
}

/// Month labels below the bars, as many as fit and aligned with the
/// calendar; a hit over each month's slot and label.
fn month_labels<DB: DrawingBackend>(
    frame: &Frame<DB>,
    chart: &Chart<DB>,
    months: &[Month],
    hi: f64,
) -> Res<HitMap> {
    let t = &frame.t;
    let label_style = t.label(t.sub);
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let plot_bottom = yr.end;
    let label_w = frame.measure("0000-00", &label_style)?.0 + t.px(12.0);
    let step = month_step(months.len(), xr.end - xr.start, label_w);
    let mut hits = HitMap::default();
    for (i, m) in months.iter().enumerate() {
        let x = i as f64;
        let (a, b) = slot(chart, x, 0.0, hi);
        if month_index(&m.key).unwrap_or(i as i64) % step == 0 {
            let (cx, _) = chart.backend_coord(&(x, 0.0));
            let tick_end = plot_bottom + t.px(4.0);
            frame.path(&[(cx, plot_bottom), (cx, tick_end)], t.axis, t.stroke(1.0))?;
            let at = (cx, plot_bottom + t.px(6.0));
            frame.text(&m.key, at, &label_style, HPos::Center, VPos::Top)?;
        }
        hits.hits.push(Hit::new(
            a,
            (b.0, plot_bottom + t.px(6.0) + t.line_height(12.0)),
            Some(HitKey::Month {
                from: m.from,
                to: m.to,
            }),
            month_tip(m),
        ));
    }
    Ok(hits)
}

/// The brushable axis of a plot whose `n` unit slots start at `x_lo` (in
/// the plot's x values, one per unit) and stand for the units `first..=last`.
fn brush_axis<DB: DrawingBackend>(
    chart: &Chart<DB>,
    unit: Unit,
    (first, last): (u32, u32),
    x_lo: f64,
    n: usize,
) -> Axis {
    let (_, yr) = chart.plotting_area().get_pixel_range();
    // Only x matters here.
    let y = 0.0;
    Axis {
        unit,
        first,
        last: last.max(first),
        x0_px: chart.backend_coord(&(x_lo, y)).0,
        x1_px: chart.backend_coord(&(x_lo + n as f64, y)).0,
        y0_px: yr.start,
        y1_px: yr.end,
    }
}

/// The range the filter selects on a brushable axis, as a translucent
/// band over the plot's full height (behind the marks).
fn band<DB: DrawingBackend>(frame: &Frame<DB>, axis: &Axis, active: &Filter) -> Res<()> {
    let Some((lo, hi)) = axis.selected(active) else {
        return Ok(());
    };
    let t = &frame.t;
    let (x0, x1) = (axis.slot(lo).0, axis.slot(hi).1);
    let fill = t.accent.mix(if t.dark { 0.22 } else { 0.14 }).filled();
    frame.rect((x0, axis.y0_px), (x1, axis.y1_px), fill)?;
    frame.path(
        &[(x0, axis.y0_px), (x0, axis.y1_px)],
        t.accent,
        t.stroke(1.0),
    )?;
    frame.path(
        &[(x1, axis.y0_px), (x1, axis.y1_px)],
        t.accent,
        t.stroke(1.0),
    )
}

/// The years with ratings and a finite mean: year, ratings, movies, mean.
fn rated_years(dash: &Dashboard) -> Vec<(u16, u64, u64, f64)> {
    dash.by_year
        .iter()
        .filter_map(|y| {
            let mean = y.mean.filter(|m| m.is_finite())?;
            (y.ratings > 0).then_some((y.year, y.ratings, y.movies, mean))
        })
        .collect()
}

/// The mean axis' range: the means' range in half stars, at least one
/// star wide, within 0..=5.5.
fn mean_range(years: &[(u16, u64, u64, f64)]) -> (f64, f64) {
    let (mut lo, mut hi) = years
        .iter()
        .fold((5.0f64, 1.0f64), |(a, b), y| (a.min(y.3), b.max(y.3)));
    lo = ((lo - 0.1) * 2.0).floor() / 2.0;
    hi = ((hi + 0.1) * 2.0).ceil() / 2.0;
    if hi - lo < 1.0 {
        let mid = (hi + lo) / 2.0;
        (lo, hi) = (mid - 0.5, mid + 0.5);
    }
    (finite(lo, 1.0).max(0.0), finite(hi, 5.0).min(5.5))
}

/// Mean rating per release year: one point per year, sized by its ratings.
pub(crate) fn years<DB: DrawingBackend>(
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Res<HitMap> {
    let years = rated_years(dash);
    let (Some(first), Some(last)) = (
        years.iter().map(|y| y.0).min(),
        years.iter().map(|y| y.0).max(),
    ) else {
        return frame.message(NO_RATINGS);
    };
    let t = &frame.t;
    let tick = t.tick();
    let top = t.px(8.0) + t.legend_height();
    let bottom = t.x_axis_height();
    let left = t.y_axis_width(frame.measure("5.0", &tick)?.0);
    let plot_w = frame.w - left - t.px(16.0);
    if !frame.room(left + t.px(16.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }
    let plot_h = frame.h - top - bottom - t.px(8.0);

    let (x_lo, x_hi) = (f64::from(first) - 0.5, f64::from(last) + 0.5);
    let year_w = frame.measure("0000", &tick)?.0 + t.px(24.0);
    let x_count = tick_count(plot_w, year_w);
    let x_ticks = nice_ticks(f64::from(first), f64::from(last), x_count, true);
    let (lo, hi) = mean_range(&years);
    let y_ticks = nice_ticks(lo, hi, tick_count(plot_h, t.px(32.0)), false);
    let y_step = match y_ticks.as_slice() {
        [a, b, ..] => b - a,
        _ => 1.0,
    };
    let fmt_year = |v: &f64| format!("{v:.0}");
    let fmt_mean = |v: &f64| {
        if y_step >= 1.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    };
    let layout = Layout::new(t, top, t.px(12.0), bottom, left);
    let (x, y) = (
        Ticked::new(x_lo..x_hi, x_ticks),
        Ticked::new(lo..hi, y_ticks),
    );
    let mut chart = frame.chart(&layout, x, y)?;
    let axes = Axes {
        x_format: Some(&fmt_year),
        y_format: Some(&fmt_mean),
        x_desc: Some("release year"),
        y_desc: Some("mean rating (stars)"),
        ..Axes::default()
    };
    frame.axes(&mut chart, &axes)?;
    let span = usize::from(last - first) + 1;
    let units = (u32::from(first), u32::from(last));
    let axis = brush_axis(&chart, Unit::Year, units, x_lo, span);
    band(frame, &axis, active)?;
    let overall = dash
        .kpis
        .mean
        .filter(|m| m.is_finite() && (lo..=hi).contains(m));
    let (xr, _) = chart.plotting_area().get_pixel_range();
    if let Some(overall) = overall {
        let (_, y) = chart.backend_coord(&(x_lo, overall));
        frame.dashed_hline(xr.start, xr.end, y, t.sub)?;
    }
    year_points(frame, &chart, &years, (lo, hi), active)?;
    let mut hits = year_hits(&chart, &years, (lo, hi));
    hits.axis = Some(axis);
    let overall_label = overall.map(|m| format!("mean of all ratings {m:.2}"));
    let mut legend = vec![(Swatch::Dot(t.primary), "one year, sized by ratings")];
    if let Some(label) = &overall_label {
        legend.push((Swatch::Dashed(t.sub), label.as_str()));
    }
    frame.legend(xr.end, frame.top_line(), &legend)?;
    Ok(hits)
}

/// A point per year, its area in proportion to its ratings, the largest
/// drawn first so that small ones stay visible.
fn year_points<DB: DrawingBackend>(
    frame: &Frame<DB>,
    chart: &Chart<DB>,
    years: &[(u16, u64, u64, f64)],
    (lo, hi): (f64, f64),
    active: &Filter,
) -> Res<()> {
    let t = &frame.t;
    let max = years.iter().map(|y| y.1).max().unwrap_or(1).max(1) as f64;
    let (r_min, r_max) = (f64::from(t.px(2.0)), f64::from(t.px(7.0)));
    let mut by_size: Vec<&(u16, u64, u64, f64)> = years.iter().collect();
    crate::sorting::sort_by_key(&mut by_size, |y| std::cmp::Reverse(y.1));
    for &&(year, ratings, _, mean) in &by_size {
        let sel = HitKey::Year(year).selected(active);
        let r = (r_min + (r_max - r_min) * (ratings as f64 / max).sqrt()).round() as i32;
        let c = chart.backend_coord(&(f64::from(year), mean.clamp(lo, hi)));
        let fill = t.fill(sel);
        frame.circle(c, r, fill.mix(0.75).filled())?;
        frame.circle(c, r, fill.stroke_width(t.stroke(1.0)))?;
    }
    Ok(())
}

/// A hit over each year's slot, the plot's full height.
fn year_hits<DB: DrawingBackend>(
    chart: &Chart<DB>,
    years: &[(u16, u64, u64, f64)],
    (lo, hi): (f64, f64),
) -> HitMap {
    let mut hits = HitMap::default();
    for &(year, ratings, movies, mean) in years {
        let (a, b) = slot(chart, f64::from(year), lo, hi);
        hits.hits.push(Hit::new(
            a,
            b,
            Some(HitKey::Year(year)),
            format!(
                "{year}: {}, {}, mean {mean:.3}",
                plural(movies, "movie", "movies"),
                plural(ratings, "rating", "ratings")
            ),
        ));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_align_with_the_calendar() {
        assert_eq!(month_index("2000-04"), Some(2000 * 12 + 3));
        assert_eq!(month_index("2000-13"), None);
        assert_eq!(month_index("junk"), None);
        assert_eq!(month_step(35, 1000, 60), 3);
        assert_eq!(month_step(35, 3000, 60), 1);
        assert_eq!(month_step(35, 100, 60), 36);
        assert_eq!(month_step(0, 0, 0), 1);
    }
}
