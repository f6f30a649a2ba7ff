//! The two bar layouts the bar charts share: vertical columns (stars,
//! gender, age) and horizontal rows (genres, occupations, movies), each bar
//! an [`Item`] along a value [`Axis`].

use plotters::prelude::{DrawingBackend, RGBColor, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::frame::{
    finite, nice_step, nice_ticks, slot, tick_count, Axes, Chart, Frame, Layout, Swatch, Ticked,
};
use super::theme::{count_f, signed};
use super::{ChartError, Hit, HitKey, HitMap, NO_RATINGS};

type Res<T> = Result<T, ChartError>;

/// One bar.
pub(crate) struct Item {
    pub label: String,
    /// Shown below a column too narrow for `label` even in two lines
    /// (empty: the label, shortened with an ellipsis).
    pub short_label: String,
    pub value: f64,
    /// Written beside the bar when it fits, else `short_note`, else nothing.
    pub note: String,
    pub short_note: String,
    pub fill: RGBColor,
    pub label_color: RGBColor,
    /// A second value marked on the bar (a dot).
    pub marker: Option<f64>,
    pub key: Option<HitKey>,
    pub tip: String,
}

/// How a value axis labels its ticks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scale {
    /// Whole numbers with thousands separators.
    Count,
    /// Star means: decimals as the step needs.
    Stars,
    /// Differences: an explicit sign.
    Signed,
}

impl Scale {
    fn integer(self) -> bool {
        self == Scale::Count
    }

    fn format(self, v: f64, step: f64) -> String {
        let decimals = if step >= 1.0 {
            0
        } else if step >= 0.1 {
            1
        } else {
            2
        };
        match self {
            Scale::Count => count_f(v),
            Scale::Stars => format!("{v:.decimals$}"),
            Scale::Signed => signed(v, decimals),
        }
    }
}

/// The value axis of a bar chart: bars run from `base` to their value
/// within `lo..hi`.
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub base: f64,
    pub scale: Scale,
    pub desc: String,
}

impl Axis {
    /// A count axis from zero to a little above `max`.
    pub fn counts(max: u64, desc: &str) -> Axis {
        Axis {
            lo: 0.0,
            hi: (max as f64 * 1.05).max(1.0),
            base: 0.0,
            scale: Scale::Count,
            desc: desc.to_owned(),
        }
    }

    /// A sane copy: finite, increasing, base inside.
    fn sane(&self) -> (f64, f64, f64) {
        let lo = finite(self.lo, 0.0);
        let mut hi = finite(self.hi, lo + 1.0);
        if hi <= lo {
            hi = lo + 1.0;
        }
        (lo, hi, finite(self.base, lo).clamp(lo, hi))
    }

    fn ticks(&self, n: usize) -> (Vec<f64>, f64) {
        let (lo, hi, _) = self.sane();
        let ticks = nice_ticks(lo, hi, n, self.scale.integer());
        let step = match ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => nice_step(hi - lo, self.scale.integer()),
        };
        (ticks, step)
    }
}

/// A dashed marker across the columns at a (fractional) category position.
pub(crate) struct Marker {
    pub at: f64,
    pub label: String,
}

/// A bar plot laid out: the chart and the value axis' range.
struct Plot<'a, DB: DrawingBackend> {
    chart: Chart<'a, DB>,
    lo: f64,
    hi: f64,
    base: f64,
    /// Lines of each column's label (2 when one does not fit on one).
    label_lines: i32,
}

impl<DB: DrawingBackend> Plot<'_, DB> {
    /// A bar's value, within the axis.
    fn value(&self, it: &Item) -> f64 {
        finite(it.value, self.base).clamp(self.lo, self.hi)
    }
}

/// The first of an item's notes that fits in `room` pixels, if any.
fn fitting_note<'i, DB: DrawingBackend>(
    frame: &Frame<DB>,
    it: &'i Item,
    room: i32,
) -> Res<Option<&'i str>> {
    for candidate in [&it.note, &it.short_note] {
        if !candidate.is_empty() && frame.measure(candidate, &frame.t.note())?.0 <= room {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

/// Vertical bars, one per category, labels below, notes above.
pub(crate) fn columns<DB: DrawingBackend>(
    frame: &Frame<DB>,
    items: &[Item],
    axis: &Axis,
    marker: Option<Marker>,
) -> Res<HitMap> {
    let t = &frame.t;
    let n = items.len();
    if n == 0 {
        return frame.message(NO_RATINGS);
    }
    let top = t.line_height(11.0) + t.px(8.0);
    let (lo, hi, base) = axis.sane();
    // The tick labels' width hardly depends on how many there are.
    let (ticks, step) = axis.ticks(tick_count(frame.h / 2, t.px(36.0)));
    let labels: Vec<String> = ticks.iter().map(|v| axis.scale.format(*v, step)).collect();
    let left = t.y_axis_width(frame.widest(labels.iter().map(String::as_str), &t.tick())?);
    let slot_w = (frame.w - left - t.px(12.0)) / n as i32;
    let label_w = frame.widest(items.iter().map(|i| i.label.as_str()), &t.label(t.fg))?;
    let label_lines = if label_w <= slot_w - t.px(4.0) { 1 } else { 2 };
    let bottom = t.category_height() + (label_lines - 1) * t.line_height(12.0);
    let plot_h = frame.h - top - bottom - t.px(8.0);
    let (ticks, step) = axis.ticks(tick_count(plot_h, t.px(36.0)));
    if !frame.room(left + t.px(16.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }
    let layout = Layout::new(t, top, t.px(12.0), bottom, left);
    let x = Ticked::bare(-0.5..n as f64 - 0.5);
    let mut chart = frame.chart(&layout, x, Ticked::new(lo..hi, ticks))?;
    let fmt = |v: &f64| axis.scale.format(*v, step);
    let axes = Axes {
        x_grid: false,
        y_format: Some(&fmt),
        y_desc: Some(&axis.desc),
        ..Axes::default()
    };
    frame.axes(&mut chart, &axes)?;
    let plot = Plot {
        chart,
        lo,
        hi,
        base,
        label_lines,
    };
    draw_columns(frame, &plot, items)?;
    let hits = column_texts(frame, &plot, items)?;
    if let Some(m) = marker {
        column_marker(frame, &plot, &m, n)?;
    }
    Ok(hits)
}

/// The columns themselves, at most 90 CSS pixels wide however few.
fn draw_columns<DB: DrawingBackend>(frame: &Frame<DB>, plot: &Plot<DB>, items: &[Item]) -> Res<()> {
    let (chart, lo) = (&plot.chart, plot.lo);
    let slot_px =
        f64::from((chart.backend_coord(&(1.0, lo)).0 - chart.backend_coord(&(0.0, lo)).0).max(1));
    let half = (f64::from(frame.t.px(45.0)) / slot_px).min(0.36);
    for (i, it) in items.iter().enumerate() {
        let x = i as f64;
        let bar = Rectangle::new(
            [(x - half, plot.base), (x + half, plot.value(it))],
            it.fill.filled(),
        );
        chart.plotting_area().draw(&bar)?;
    }
    Ok(())
}

/// Each column's note above it and label below it; a hit over its slot
/// and label.
fn column_texts<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: &Plot<DB>,
    items: &[Item],
) -> Res<HitMap> {
    let t = &frame.t;
    let chart = &plot.chart;
    let (_, yr) = chart.plotting_area().get_pixel_range();
    let plot_bottom = yr.end;
    let mut hits = HitMap::default();
    for (i, it) in items.iter().enumerate() {
        let x = i as f64;
        let (left_px, right_px) = slot(chart, x, plot.lo, plot.hi);
        let slot_w = (right_px.0 - left_px.0).max(0);
        let (cx, vy) = chart.backend_coord(&(x, plot.value(it)));
        if let Some(note) = fitting_note(frame, it, slot_w - t.px(2.0))? {
            let at = (cx, vy - t.px(3.0));
            frame.text(note, at, &t.note(), HPos::Center, VPos::Bottom)?;
        }
        let style = t.label(it.label_color);
        let room = slot_w - t.px(4.0);
        let mut lines = if plot.label_lines > 1 && frame.measure(&it.label, &style)?.0 > room {
            wrap_in_two(&it.label)
        } else {
            vec![it.label.as_str()]
        };
        if !it.short_label.is_empty() && frame.widest(lines.iter().copied(), &style)? > room {
            lines = vec![it.short_label.as_str()];
        }
        for (k, line) in lines.iter().enumerate() {
            let label = frame.fit(line, &style, slot_w - t.px(4.0))?;
            let at = (cx, plot_bottom + t.px(6.0) + k as i32 * t.line_height(12.0));
            frame.text(&label, at, &style, HPos::Center, VPos::Top)?;
        }
        hits.hits.push(Hit::new(
            left_px,
            (
                right_px.0,
                plot_bottom + t.px(6.0) + plot.label_lines * t.line_height(12.0),
            ),
            it.key.clone(),
            it.tip.clone(),
        ));
    }
    Ok(hits)
}

/// A label in two lines, broken at the space or after the hyphen nearest
/// its middle (`"Under 18"`: `"Under"`, `"18"`); one line when it has
/// neither.
fn wrap_in_two(label: &str) -> Vec<&str> {
    let mid = label.len() / 2;
    let best = label
        .char_indices()
        .filter(|&(_, c)| c == ' ' || c == '-' || c == '/')
        .min_by_key(|&(i, _)| i.abs_diff(mid));
    match best {
        Some((i, ' ')) => vec![&label[..i], &label[i + 1..]],
        Some((i, c)) => vec![&label[..i + c.len_utf8()], &label[i + c.len_utf8()..]],
        None => vec![label],
    }
}

/// The marker: a dashed line across the columns, labelled near its top
/// on whichever side is clear of the notes and labels already drawn (the
/// columns' notes sit at the same height), on a patch of background.
fn column_marker<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: &Plot<DB>,
    m: &Marker,
    n: usize,
) -> Res<()> {
    if !m.at.is_finite() {
        return Ok(());
    }
    let t = &frame.t;
    let chart = &plot.chart;
    let (x, y_top) = chart.backend_coord(&(m.at.clamp(-0.5, n as f64 - 0.5), plot.hi));
    let (_, y_bottom) = chart.backend_coord(&(m.at, plot.lo));
    frame.dashed_vline(x, y_top, y_bottom, t.fg)?;
    let style = t.note();
    let mut spots = Vec::new();
    for k in 0..6 {
        let y = y_top - t.px(2.0) + k * t.line_height(11.0);
        spots.push(((x + t.px(4.0), y), HPos::Left));
        spots.push(((x - t.px(4.0), y), HPos::Right));
    }
    let mut chosen = spots[0];
    for &(at, h) in &spots {
        if frame.is_free(&frame.text_box(&m.label, at, &style, h, VPos::Bottom)?)? {
            chosen = (at, h);
            break;
        }
    }
    let b = frame.text_box(&m.label, chosen.0, &style, chosen.1, VPos::Bottom)?;
    let pad = t.px(2.0);
    frame.rect((b.x0 - pad, b.y0), (b.x1 + pad, b.y1), t.bg.filled())?;
    frame.text(&m.label, chosen.0, &style, chosen.1, VPos::Bottom)
}

/// Horizontal bars, one per category from the top, labels on the left and
/// notes after the bars; an optional legend above.
pub(crate) fn rows<DB: DrawingBackend>(
    frame: &Frame<DB>,
    items: &[Item],
    axis: &Axis,
    legend: &[(Swatch, &str)],
) -> Res<HitMap> {
    let t = &frame.t;
    let n = items.len();
    if n == 0 {
        return frame.message(NO_RATINGS);
    }
    let label_w = frame
        .widest(items.iter().map(|i| i.label.as_str()), &t.label(t.fg))?
        .min(frame.w * 2 / 5);
    let note_w = frame
        .widest(items.iter().map(|i| i.note.as_str()), &t.note())?
        .min(frame.w / 4);
    let legend_h = if legend.is_empty() {
        0
    } else {
        t.line_height(11.0) + t.px(4.0)
    };
    let top = t.px(8.0) + legend_h;
    let left = label_w + t.px(10.0);
    let bottom = t.x_axis_height();
    let right = note_w + t.px(10.0);
    let plot_w = frame.w - left - right - t.px(8.0);
    let (lo, hi, base) = axis.sane();
    // Tick spacing from the widest label the axis could show.
    let widest_tick = frame
        .measure(&axis.scale.format(hi.abs().max(lo.abs()), 0.01), &t.tick())?
        .0;
    let (ticks, step) = axis.ticks(tick_count(plot_w, widest_tick + t.px(24.0)));
    if !frame.room(left + right + t.px(4.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }
    let layout = Layout::new(t, top, right, bottom, left);
    let y = Ticked::bare(-0.5..n as f64 - 0.5);
    let mut chart = frame.chart(&layout, Ticked::new(lo..hi, ticks), y)?;
    let fmt = |v: &f64| axis.scale.format(*v, step);
    let axes = Axes {
        y_grid: false,
        x_format: Some(&fmt),
        x_desc: Some(&axis.desc),
        ..Axes::default()
    };
    frame.axes(&mut chart, &axes)?;
    let plot = Plot {
        chart,
        lo,
        hi,
        base,
        label_lines: 1,
    };
    let row_px = draw_rows(frame, &plot, items)?;
    if !legend.is_empty() {
        let (xr, _) = plot.chart.plotting_area().get_pixel_range();
        let y = frame.y0 + t.px(8.0) + t.line_height(11.0) / 2;
        frame.legend(xr.end, y, legend)?;
    }
    let widths = RowWidths {
        label: label_w,
        note: note_w,
        left,
    };
    row_texts(frame, &plot, items, widths, row_px)
}

/// The y value of the `i`th of `n` rows: the first on top.
fn row_y(i: usize, n: usize) -> f64 {
    (n - 1 - i) as f64
}

/// The bars themselves, at most 26 CSS pixels thick however few; returns
/// the rows' pitch in pixels.
fn draw_rows<DB: DrawingBackend>(frame: &Frame<DB>, plot: &Plot<DB>, items: &[Item]) -> Res<i32> {
    let (chart, lo, n) = (&plot.chart, plot.lo, items.len());
    let row_px = (chart.backend_coord(&(lo, 0.0)).1 - chart.backend_coord(&(lo, 1.0)).1).abs();
    let half = (f64::from(frame.t.px(13.0)) / f64::from(row_px.max(1))).min(0.34);
    for (i, it) in items.iter().enumerate() {
        let y = row_y(i, n);
        let bar = Rectangle::new(
            [(plot.base, y - half), (plot.value(it), y + half)],
            it.fill.filled(),
        );
        chart.plotting_area().draw(&bar)?;
    }
    Ok(row_px)
}

/// Widths of the parts beside the rows, in pixels.
#[derive(Clone, Copy)]
struct RowWidths {
    /// The labels' column, left of the plot.
    label: i32,
    /// The widest note, right of the plot.
    note: i32,
    /// The label area left of the plot.
    left: i32,
}

/// Each row's label on the left (thinned when rows are shorter than a
/// line of text), its marker and note; a hit over its label, bar and note.
fn row_texts<DB: DrawingBackend>(
    frame: &Frame<DB>,
    plot: &Plot<DB>,
    items: &[Item],
    widths: RowWidths,
    row_px: i32,
) -> Res<HitMap> {
    let t = &frame.t;
    let (chart, lo, hi, n) = (&plot.chart, plot.lo, plot.hi, items.len());
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let plot_left = xr.start;
    let every = usize::try_from((t.line_height(12.0) + row_px - 1) / row_px.max(1))
        .unwrap_or(1)
        .max(1);
    let mut hits = HitMap::default();
    for (i, it) in items.iter().enumerate() {
        let y = row_y(i, n);
        let (_, cy) = chart.backend_coord(&(lo, y));
        if i % every == 0 {
            let style = t.label(it.label_color);
            let label = frame.fit(&it.label, &style, widths.label)?;
            let at = (plot_left - t.px(8.0), cy);
            frame.text(&label, at, &style, HPos::Right, VPos::Center)?;
        }
        row_note(frame, plot, it, y)?;
        let a = chart.backend_coord(&(lo, y + 0.5));
        let b = chart.backend_coord(&(hi, y - 0.5));
        hits.hits.push(Hit::new(
            (plot_left - widths.left + t.px(2.0), a.1),
            ((b.0 + widths.note).min(frame.x1()), b.1),
            it.key.clone(),
            it.tip.clone(),
        ));
    }
    Ok(hits)
}

/// A row's marker (an open circle) and its note, after the bar end (and
/// after a marker beyond it), or past the base for bars going left.
fn row_note<DB: DrawingBackend>(frame: &Frame<DB>, plot: &Plot<DB>, it: &Item, y: f64) -> Res<()> {
    let t = &frame.t;
    let chart = &plot.chart;
    let v = plot.value(it);
    let (end_x, cy) = chart.backend_coord(&(v, y));
    let (base_x, _) = chart.backend_coord(&(plot.base, y));
    let mut marker_end = i32::MIN;
    if let Some(m) = it.marker.filter(|m| m.is_finite()) {
        let (mx, my) = chart.backend_coord(&(m.clamp(plot.lo, plot.hi), y));
        frame.circle((mx, my), t.px(3.5), t.bg.filled())?;
        frame.circle((mx, my), t.px(3.5), t.fg.stroke_width(t.stroke(1.5)))?;
        marker_end = mx + t.px(3.5);
    }
    let note_x = if v >= plot.base {
        end_x.max(marker_end)
    } else {
        base_x
    } + t.px(4.0);
    let room = frame.x1() - note_x - t.px(2.0);
    if let Some(note) = fitting_note(frame, it, room)? {
        // Rows closer than a line of text: a note where the row above has
        // its own is left to the tooltip.
        let b = frame.text_box(note, (note_x, cy), &t.note(), HPos::Left, VPos::Center)?;
        if frame.is_free(&b)? {
            frame.text(note, (note_x, cy), &t.note(), HPos::Left, VPos::Center)?;
        }
    }
    Ok(())
}
