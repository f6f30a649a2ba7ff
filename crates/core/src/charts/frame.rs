//! The drawing area of one chart, with helpers that take absolute backend
//! pixels (what plotters' coordinate mapping returns), the plotters set-up
//! every chart shares (the plot's layout, its axes and grid) and the layout
//! arithmetic of ticks.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::{
    Cartesian2d, ChartBuilder, ChartContext, Circle, DrawingArea, DrawingBackend, PathElement,
    RGBColor, Rectangle, ShapeStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, TextStyle};

use super::texts::Drawn;
use super::theme::Theme;
use super::{ChartError, HitMap, Style};

/// A chart's drawing area and theme.
pub(crate) struct Frame<'a, DB: DrawingBackend> {
    pub area: &'a DrawingArea<DB, Shift>,
    pub t: Theme,
    /// Top-left corner of the area, in backend pixels.
    pub x0: i32,
    pub y0: i32,
    pub w: i32,
    pub h: i32,
    /// Text sizes by text and font size: in the browser each measurement
    /// is a DOM layout, so a chart measures each text once.
    sizes: RefCell<HashMap<(String, u64), (i32, i32)>>,
    /// Every text drawn through [`Frame::text`] (text, anchor, font size,
    /// anchoring), so that later labels can avoid them and tests can check
    /// none overlap. Measured only when asked: most are measured anyway,
    /// and a heatmap's cell values need not be.
    pub(crate) texts: RefCell<Vec<Drawn>>,
}

type Res<T> = Result<T, ChartError>;

/// A plot over two [`Ticked`] axes, as plotters lays it out in a frame.
pub(crate) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<Ticked, Ticked>>;

/// Where a plot sits in its frame, in backend pixels: the margins around
/// it and the label areas plotters keeps beside it for tick labels and
/// axis descriptions.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout {
    /// Margin above the plot (room for a legend).
    pub top: i32,
    /// Margin right of the plot (and of a secondary axis).
    pub right: i32,
    /// Margin below the x axis' labels.
    pub bottom: i32,
    /// Margin left of the y axis' labels.
    pub left: i32,
    /// Below the plot: x tick labels and description.
    pub x_labels: i32,
    /// Left of the plot: y tick labels and description.
    pub y_labels: i32,
    /// Right of the plot: a secondary y axis.
    pub y2_labels: i32,
}

impl Layout {
    /// Margins of `top` and `right` pixels, the usual 4 CSS pixels left
    /// and below, and label areas of `x_labels` below and `y_labels` left.
    pub fn new(t: &Theme, top: i32, right: i32, x_labels: i32, y_labels: i32) -> Layout {
        Layout {
            top,
            right,
            bottom: t.px(4.0),
            left: t.px(4.0),
            x_labels,
            y_labels,
            y2_labels: 0,
        }
    }
}

/// What a plot's axes show besides the lines and ticks every chart has:
/// grid lines, tick label formats and descriptions.
#[derive(Clone, Copy)]
pub(crate) struct Axes<'f> {
    /// Vertical grid lines at the x axis' bold key points.
    pub x_grid: bool,
    /// Horizontal grid lines at the y axis' bold key points.
    pub y_grid: bool,
    /// Fainter grid lines at the axes' light key points (log axes).
    pub light_grid: bool,
    /// The x tick labels (plotters' own format without).
    pub x_format: Option<&'f dyn Fn(&f64) -> String>,
    /// The y tick labels (plotters' own format without).
    pub y_format: Option<&'f dyn Fn(&f64) -> String>,
    /// What the x axis measures, written below it.
    pub x_desc: Option<&'f str>,
    /// What the y axis measures, written along it.
    pub y_desc: Option<&'f str>,
}

impl Default for Axes<'_> {
    /// Both grids, no light grid, plotters' labels, no descriptions.
    fn default() -> Self {
        Axes {
            x_grid: true,
            y_grid: true,
            light_grid: false,
            x_format: None,
            y_format: None,
            x_desc: None,
            y_desc: None,
        }
    }
}

/// The corners of category `x`'s slot (`x - 0.5` to `x + 0.5`) across the
/// values `lo..hi`, in backend pixels: top left, bottom right.
pub(crate) fn slot<DB: DrawingBackend>(
    chart: &Chart<DB>,
    x: f64,
    lo: f64,
    hi: f64,
) -> ((i32, i32), (i32, i32)) {
    (
        chart.backend_coord(&(x - 0.5, hi)),
        chart.backend_coord(&(x + 0.5, lo)),
    )
}

impl<'a, DB: DrawingBackend> Frame<'a, DB> {
    /// The frame over a whole drawing area.
    pub fn new(area: &'a DrawingArea<DB, Shift>, style: &Style) -> Self {
        let (x0, y0) = area.get_base_pixel();
        let (x, y) = area.get_pixel_range();
        Frame {
            area,
            t: Theme::new(style),
            x0,
            y0,
            w: (x.end - x.start).max(0),
            h: (y.end - y.start).max(0),
            sizes: RefCell::default(),
            texts: RefCell::default(),
        }
    }

    /// Right edge, exclusive.
    pub fn x1(&self) -> i32 {
        self.x0 + self.w
    }

    /// Bottom edge, exclusive.
    pub fn y1(&self) -> i32 {
        self.y0 + self.h
    }

    /// The middle of the line above the plot where legends and summaries
    /// go ([`Theme::legend_height`] high, below an 8 CSS pixel margin).
    pub fn top_line(&self) -> i32 {
        self.y0 + self.t.px(8.0) + self.t.legend_height() / 2
    }

    /// Lays a plot over the axes `x` and `y` out in the frame.
    pub fn chart(&self, layout: &Layout, x: Ticked, y: Ticked) -> Res<Chart<'a, DB>> {
        Ok(ChartBuilder::on(self.area)
            .margin_top(layout.top)
            .margin_right(layout.right)
            .margin_bottom(layout.bottom)
            .margin_left(layout.left)
            .x_label_area_size(layout.x_labels)
            .y_label_area_size(layout.y_labels)
            .right_y_label_area_size(layout.y2_labels)
            .build_cartesian_2d(x, y)?)
    }

    /// Draws a plot's axes, ticks, tick labels and grid in the theme's
    /// colours and sizes.
    pub fn axes(&self, chart: &mut Chart<'a, DB>, axes: &Axes) -> Res<()> {
        let t = &self.t;
        let mut mesh = chart.configure_mesh();
        mesh.bold_line_style(t.grid.stroke_width(t.stroke(1.0)))
            .axis_style(t.axis.stroke_width(t.stroke(1.0)))
            .set_all_tick_mark_size(t.tick_size())
            .label_style(t.tick())
            .axis_desc_style(t.desc());
        if !axes.x_grid {
            mesh.disable_x_mesh();
        }
        if !axes.y_grid {
            mesh.disable_y_mesh();
        }
        if axes.light_grid {
            mesh.light_line_style(t.grid.mix(0.45).stroke_width(t.stroke(1.0)));
        }
        if let Some(format) = axes.x_format {
            mesh.x_label_formatter(format);
        }
        if let Some(format) = axes.y_format {
            mesh.y_label_formatter(format);
        }
        if let Some(desc) = axes.x_desc {
            mesh.x_desc(desc);
        }
        if let Some(desc) = axes.y_desc {
            mesh.y_desc(desc);
        }
        mesh.draw()?;
        Ok(())
    }

    /// Paints the background.
    pub fn clear(&self) -> Res<()> {
        self.area.fill(&self.t.bg)?;
        Ok(())
    }

    /// Too small for axes and labels: drawn blank.
    pub fn too_small(&self) -> bool {
        self.w < self.t.px(80.0) || self.h < self.t.px(50.0)
    }

    /// Whether a plot still has room once `used_w` × `used_h` pixels go to
    /// labels and margins. Charts that do not fit draw nothing more (and
    /// have nothing to hit).
    pub fn room(&self, used_w: i32, used_h: i32) -> bool {
        self.w.saturating_sub(used_w) >= self.t.px(24.0)
            && self.h.saturating_sub(used_h) >= self.t.px(16.0)
    }

    /// Width and height of a text, in backend pixels.
    pub fn measure(&self, text: &str, style: &TextStyle) -> Res<(i32, i32)> {
        if text.is_empty() {
            return Ok((0, 0));
        }
        // Every font here is the same family and style: the size decides.
        let key = (text.to_owned(), style.font.get_size().to_bits());
        if let Some(size) = self.sizes.borrow().get(&key) {
            return Ok(*size);
        }
        let (w, h) = self.area.estimate_text_size(text, style)?;
        // At least the line box of the font size, as the page's canvas
        // backend measures it (plotters' native estimate is shorter).
        let line = (style.font.get_size() * 1.2).ceil() as u32;
        let size = (
            i32::try_from(w).unwrap_or(i32::MAX),
            i32::try_from(h.max(line)).unwrap_or(i32::MAX),
        );
        self.sizes.borrow_mut().insert(key, size);
        Ok(size)
    }

    /// The widest of some texts.
    pub fn widest<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t str>,
        style: &TextStyle,
    ) -> Res<i32> {
        let mut max = 0;
        for t in texts {
            max = max.max(self.measure(t, style)?.0);
        }
        Ok(max)
    }

    /// The text, shortened with an ellipsis to fit `max_w` pixels.
    pub fn fit(&self, text: &str, style: &TextStyle, max_w: i32) -> Res<String> {
        let w = self.measure(text, style)?.0;
        if w <= max_w {
            return Ok(text.to_owned());
        }
        let chars: Vec<char> = text.chars().collect();
        if max_w <= 0 || chars.is_empty() {
            return Ok(String::new());
        }
        // Proportional first guess, then a few shrinking steps.
        let mut n = ((chars.len() as i64 * i64::from(max_w)) / i64::from(w.max(1))) as usize;
        n = n.min(chars.len().saturating_sub(1));
        for _ in 0..16 {
            let head: String = chars[..n].iter().collect();
            let candidate = format!("{}\u{2026}", head.trim_end());
            if n == 0 || self.measure(&candidate, style)?.0 <= max_w {
                return Ok(if n == 0 { String::new() } else { candidate });
            }
            n -= (n / 8).max(1);
        }
        Ok(String::new())
    }

    /// Draws a text anchored at `(x, y)` (absolute backend pixels).
    pub fn text(
        &self,
        text: &str,
        (x, y): (i32, i32),
        style: &TextStyle,
        h: HPos,
        v: VPos,
    ) -> Res<()> {
        if text.is_empty() {
            return Ok(());
        }
        self.texts.borrow_mut().push(Drawn {
            text: text.to_owned(),
            at: (x, y),
            size: style.font.get_size(),
            h,
            v,
        });
        let style = style.pos(Pos::new(h, v));
        self.area
            .draw_text(text, &style, (x - self.x0, y - self.y0))?;
        Ok(())
    }

    /// Fills a rectangle between two corners (absolute backend pixels).
    pub fn rect(&self, a: (i32, i32), b: (i32, i32), style: ShapeStyle) -> Res<()> {
        let shift = |p: (i32, i32)| (p.0 - self.x0, p.1 - self.y0);
        self.area
            .draw(&Rectangle::new([shift(a), shift(b)], style))?;
        Ok(())
    }

    /// A polyline (absolute backend pixels).
    pub fn path(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> Res<()> {
        if points.len() < 2 {
            return Ok(());
        }
        let pts: Vec<(i32, i32)> = points
            .iter()
            .map(|p| (p.0 - self.x0, p.1 - self.y0))
            .collect();
        self.area
            .draw(&PathElement::new(pts, color.stroke_width(width)))?;
        Ok(())
    }

    /// A dashed horizontal line from `x0` to `x1` at `y`.
    pub fn dashed_hline(&self, x0: i32, x1: i32, y: i32, color: RGBColor) -> Res<()> {
        for (from, to) in self.dashes(x0, x1) {
            self.path(&[(from, y), (to, y)], color, self.t.stroke(1.0))?;
        }
        Ok(())
    }

    /// A dashed vertical line from `y0` down to `y1` at `x`.
    pub fn dashed_vline(&self, x: i32, y0: i32, y1: i32, color: RGBColor) -> Res<()> {
        for (from, to) in self.dashes(y0, y1) {
            self.path(&[(x, from), (x, to)], color, self.t.stroke(1.0))?;
        }
        Ok(())
    }

    /// The dashes of a dashed line from `start` to `end`.
    fn dashes(&self, start: i32, end: i32) -> Vec<(i32, i32)> {
        let (dash, gap) = (self.t.px(5.0).max(2), self.t.px(4.0).max(2));
        let mut out = Vec::new();
        let mut at = start;
        while at < end {
            let stop = (at + dash).min(end);
            out.push((at, stop));
            at = stop + gap;
        }
        out
    }

    /// A circle (absolute backend pixels).
    pub fn circle(&self, c: (i32, i32), r: i32, style: ShapeStyle) -> Res<()> {
        let r = u32::try_from(r.max(1)).unwrap_or(1);
        self.area
            .draw(&Circle::new((c.0 - self.x0, c.1 - self.y0), r, style))?;
        Ok(())
    }

    /// Centres a message in the area; the chart then has nothing to hit.
    pub fn message(&self, msg: &str) -> Res<HitMap> {
        let style = self.t.font(14.0, self.t.sub);
        let text = self.fit(msg, &style, self.w - self.t.px(16.0))?;
        self.text(
            &text,
            (self.x0 + self.w / 2, self.y0 + self.h / 2),
            &style,
            HPos::Center,
            VPos::Center,
        )?;
        Ok(HitMap::default())
    }

    /// A row of legend entries ending at `right` (absolute pixels), centred
    /// on `y`: a swatch then its text, for each entry.
    pub fn legend(&self, right: i32, y: i32, entries: &[(Swatch, &str)]) -> Res<()> {
        let style = self.t.note();
        let sw = self.t.px(10.0);
        let gap = self.t.px(5.0);
        let space = self.t.px(12.0);
        let mut widths = Vec::with_capacity(entries.len());
        for (_, text) in entries {
            widths.push(self.measure(text, &style)?.0);
        }
        let total = widths
            .iter()
            .fold(0i32, |acc, w| {
                acc.saturating_add(sw + gap).saturating_add(*w)
            })
            .saturating_add(space * (entries.len() as i32 - 1).max(0));
        let mut x = (right - total).max(self.x0 + self.t.px(4.0));
        for ((swatch, text), w) in entries.iter().zip(widths) {
            match *swatch {
                Swatch::Box(c) => self.rect((x, y - sw / 2), (x + sw, y + sw / 2), c.filled())?,
                Swatch::Line(c) => self.path(&[(x, y), (x + sw, y)], c, self.t.stroke(2.0))?,
                Swatch::Dot(c) => self.circle((x + sw / 2, y), sw / 3, c.filled())?,
                Swatch::Ring(c) => {
                    let r = self.t.px(3.5);
                    self.circle((x + sw / 2, y), r, self.t.bg.filled())?;
                    self.circle((x + sw / 2, y), r, c.stroke_width(self.t.stroke(1.5)))?;
                }
                Swatch::Dashed(c) => {
                    let half = sw / 2;
                    self.path(&[(x, y), (x + half - 1, y)], c, self.t.stroke(1.0))?;
                    self.path(&[(x + half + 2, y), (x + sw + 2, y)], c, self.t.stroke(1.0))?;
                }
            }
            x += sw + gap;
            self.text(text, (x, y), &style, HPos::Left, VPos::Center)?;
            x += w + space;
        }
        Ok(())
    }
}

/// A legend entry's symbol.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    Box(RGBColor),
    Line(RGBColor),
    Dot(RGBColor),
    /// An open circle.
    Ring(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
}

/// A linear axis over `f64` with the key points we choose. (plotters' own
/// `f64` axis picks its ticks itself, and its key-point wrapper loses the
/// label formatter.) Bold points get grid lines and labels, light points
/// grid lines only.
pub(crate) struct Ticked {
    inner: RangedCoordf64,
    range: Range<f64>,
    bold: Vec<f64>,
    light: Vec<f64>,
}

impl Ticked {
    /// An axis over `range` with labelled key points `bold`.
    pub fn new(range: Range<f64>, bold: Vec<f64>) -> Ticked {
        Ticked {
            inner: range.clone().into(),
            range,
            bold,
            light: Vec::new(),
        }
    }

    /// Without key points: no ticks, labels or grid lines.
    pub fn bare(range: Range<f64>) -> Ticked {
        Ticked::new(range, Vec::new())
    }

    /// Adds unlabelled grid lines.
    pub fn with_light(mut self, light: Vec<f64>) -> Ticked {
        self.light = light;
        self
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

/// Round tick values covering `lo..=hi`: steps of 1, 2 or 5 times a power
/// of ten, about `max_n` of them (at least 1 apart for integers). Any input
/// gives a finite, bounded list.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_n: usize, integer: bool) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return if lo.is_finite() { vec![lo] } else { vec![0.0] };
    }
    let step = nice_step((hi - lo) / max_n.max(1) as f64, integer);
    let first = (lo / step - 1e-9).ceil();
    let mut out = Vec::new();
    for k in 0..200 {
        let v = (first + f64::from(k)) * step;
        if v > hi + step * 1e-9 {
            break;
        }
        // Avoid "-0" labels.
        out.push(if v == 0.0 { 0.0 } else { v });
    }
    out
}

/// The round step (1, 2 or 5 times a power of ten) at least `raw`.
pub(crate) fn nice_step(raw: f64, integer: bool) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = 10.0 * mag;
    for m in [1.0, 2.0, 5.0] {
        if m * mag >= raw * (1.0 - 1e-9) {
            step = m * mag;
            break;
        }
    }
    if integer {
        step.max(1.0)
    } else {
        step
    }
}

/// How many ticks fit along `len` pixels with `spacing` pixels per label.
pub(crate) fn tick_count(len: i32, spacing: i32) -> usize {
    usize::try_from(len / spacing.max(1))
        .unwrap_or(0)
        .clamp(2, 10)
}

/// A finite `v`, or `fallback`.
pub(crate) fn finite(v: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_bounded() {
        assert_eq!(
            nice_ticks(0.0, 10.0, 5, true),
            vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        );
        assert_eq!(nice_ticks(0.0, 1.2, 5, true), vec![0.0, 1.0]);
        assert_eq!(
            nice_ticks(1.0, 5.0, 4, false),
            vec![1.0, 2.0, 3.0, 4.0, 5.0]
        );
        assert_eq!(nice_ticks(0.0, 363_000.0, 5, true).last(), Some(&300_000.0));
        assert_eq!(nice_ticks(5.0, 5.0, 5, true), vec![5.0]);
        assert_eq!(nice_ticks(f64::NAN, 1.0, 5, true), vec![0.0]);
        assert!(nice_ticks(0.0, 1e300, 5, false).len() <= 7);
        let signed = nice_ticks(-0.9, 0.9, 6, false);
        assert!(signed.contains(&0.0) && signed.len() <= 10);
        assert_eq!(nice_step(0.0, false), 1.0);
        assert_eq!(nice_step(0.3, true), 1.0);
    }
}
