//! Heatmaps: ratings per weekday and hour, mean rating per genre and age.

use plotters::prelude::{DrawingBackend, RGBColor};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::frame::{finite, Chart, Frame, Layout, Ticked};
use super::theme::{count, percent, plural, total, Theme};
use super::{age_label, ChartError, Hit, HitKey, HitMap, NO_RATINGS};
use crate::analytics::{Dashboard, Filter};
use crate::model::{AgeGroup, Genre, AGE_GROUPS};

type Res<T> = Result<T, ChartError>;

/// A row or column label: the long form, a short one for narrow cells.
struct Label {
    long: String,
    short: String,
    color: RGBColor,
}

/// One cell: `None` fill leaves it blank (no data).
struct Cell {
    fill: Option<RGBColor>,
    text: String,
    key: HitKey,
    tip: String,
}

/// The colour legend: colours from low to high and labelled positions.
struct Legend {
    colors: Vec<RGBColor>,
    /// Positions in 0..=1 (low to high) and their labels.
    labels: Vec<(f64, String)>,
}

/// A grid of `rows × cols` cells (row-major), row labels on the left,
/// column labels below, a colour legend on the right.
fn heatmap<DB: DrawingBackend>(
    frame: &Frame<DB>,
    rows: &[Label],
    cols: &[Label],
    cells: &[Cell],
    x_desc: &str,
    legend: &Legend,
) -> Res<HitMap> {
    let t = &frame.t;
    let (nr, nc) = (rows.len(), cols.len());
    if nr == 0 || nc == 0 || cells.len() != nr * nc {
        return frame.message(NO_RATINGS);
    }
    let row_w = frame
        .widest(rows.iter().map(|r| r.long.as_str()), &t.label(t.fg))?
        .min(frame.w * 2 / 5);
    let legend_w = frame.widest(legend.labels.iter().map(|l| l.1.as_str()), &t.tick())?;
    let left = row_w + t.px(10.0);
    let right = t.px(12.0) + t.px(10.0) + t.px(4.0) + legend_w + t.px(4.0);
    let bottom = t.px(6.0) + t.line_height(12.0) + t.line_height(12.0) + t.px(4.0);
    if !frame.room(left + right + t.px(4.0), bottom + t.px(12.0)) {
        return Ok(HitMap::default());
    }
    let layout = Layout::new(t, t.px(8.0), right, bottom, left);
    let (x, y) = (Ticked::bare(0.0..nc as f64), Ticked::bare(0.0..nr as f64));
    let grid = Grid {
        chart: frame.chart(&layout, x, y)?,
        rows: nr,
    };
    let hits = draw_cells(frame, &grid, cells, nc)?;
    row_labels(frame, &grid, rows, row_w)?;
    column_labels(frame, &grid, cols)?;
    let (xr, _) = grid.chart.plotting_area().get_pixel_range();
    let at = ((xr.start + xr.end) / 2, frame.y1() - t.px(4.0));
    frame.text(x_desc, at, &t.desc(), HPos::Center, VPos::Bottom)?;
    color_legend(frame, &grid, legend)?;
    Ok(hits)
}

/// The laid-out grid: a plot with one unit per cell, row 0 on top.
struct Grid<'a, DB: DrawingBackend> {
    chart: Chart<'a, DB>,
    rows: usize,
}

impl<DB: DrawingBackend> Grid<'_, DB> {
    /// Corners of cell (r, c): top-left and bottom-right, in backend pixels.
    fn corners(&self, r: usize, c: usize) -> ((i32, i32), (i32, i32)) {
        let y = self.rows as f64 - r as f64;
        (
            self.chart.backend_coord(&(c as f64, y)),
            self.chart.backend_coord(&(c as f64 + 1.0, y - 1.0)),
        )
    }

    /// A cell's width and height in pixels.
    fn cell_size(&self) -> (i32, i32) {
        let ((x0, y0), (x1, y1)) = self.corners(0, 0);
        (x1 - x0, y1 - y0)
    }
}

/// The cells, `nc` per row: filled with their text when it fits, or
/// outlined when blank; a hit over each.
fn draw_cells<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &Grid<DB>,
    cells: &[Cell],
    nc: usize,
) -> Res<HitMap> {
    let t = &frame.t;
    let gap = t.px(1.0).max(1);
    // Cell texts share a format ("3.62"): one measurement sizes them all.
    let (text_w, text_h) = frame.measure("0.00", &t.font(11.0, t.fg))?;
    let mut hits = HitMap::default();
    for (i, cell) in cells.iter().enumerate() {
        let (a, b) = grid.corners(i / nc, i % nc);
        let inner = ((b.0 - gap).max(a.0), (b.1 - gap).max(a.1));
        match cell.fill {
            Some(fill) => {
                frame.rect(a, inner, fill.filled())?;
                let fits = text_w + t.px(4.0) <= inner.0 - a.0 && text_h <= inner.1 - a.1;
                if !cell.text.is_empty() && fits {
                    let center = ((a.0 + inner.0) / 2, (a.1 + inner.1) / 2);
                    let ink = t.font(11.0, t.ink_on(fill));
                    frame.text(&cell.text, center, &ink, HPos::Center, VPos::Center)?;
                }
            }
            None => frame.rect(a, inner, t.grid.stroke_width(t.stroke(1.0)))?,
        }
        hits.hits
            .push(Hit::new(a, b, Some(cell.key.clone()), cell.tip.clone()));
    }
    Ok(hits)
}

/// Row labels, thinned when rows are shorter than a line.
fn row_labels<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &Grid<DB>,
    rows: &[Label],
    row_w: i32,
) -> Res<()> {
    let t = &frame.t;
    let (xr, _) = grid.chart.plotting_area().get_pixel_range();
    let (_, cell_h) = grid.cell_size();
    let every_row = usize::try_from((t.line_height(12.0) + cell_h - 1) / cell_h.max(1))
        .unwrap_or(1)
        .max(1);
    for (r, label) in rows.iter().enumerate().step_by(every_row) {
        let (a, b) = grid.corners(r, 0);
        let style = t.label(label.color);
        let text = frame.fit(&label.long, &style, row_w)?;
        let at = (xr.start - t.px(6.0), (a.1 + b.1) / 2);
        frame.text(&text, at, &style, HPos::Right, VPos::Center)?;
    }
    Ok(())
}

/// Column labels: long, else short, else every few columns.
fn column_labels<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &Grid<DB>,
    cols: &[Label],
) -> Res<()> {
    let t = &frame.t;
    let label_style = t.label(t.fg);
    let (_, yr) = grid.chart.plotting_area().get_pixel_range();
    let (cell_w, _) = grid.cell_size();
    let long_w = frame.widest(cols.iter().map(|c| c.long.as_str()), &label_style)?;
    let short_w = frame.widest(cols.iter().map(|c| c.short.as_str()), &label_style)?;
    let use_long = long_w + t.px(6.0) <= cell_w;
    let w = if use_long { long_w } else { short_w } + t.px(6.0);
    let every_col = [1, 2, 3, 4, 6, 12, 24]
        .into_iter()
        .find(|k| w <= cell_w * *k as i32)
        .unwrap_or(cols.len().max(1));
    for (c, label) in cols.iter().enumerate().step_by(every_col) {
        let (a, b) = grid.corners(grid.rows - 1, c);
        let style = t.label(label.color);
        let text = if use_long { &label.long } else { &label.short };
        let at = ((a.0 + b.0) / 2, yr.end + t.px(6.0));
        frame.text(text, at, &style, HPos::Center, VPos::Top)?;
    }
    Ok(())
}

/// The colour legend: a vertical colour bar right of the grid, high at the
/// top, with its labelled ticks.
fn color_legend<DB: DrawingBackend>(
    frame: &Frame<DB>,
    grid: &Grid<DB>,
    legend: &Legend,
) -> Res<()> {
    let t = &frame.t;
    let (xr, yr) = grid.chart.plotting_area().get_pixel_range();
    let (lx0, lx1) = (xr.end + t.px(12.0), xr.end + t.px(22.0));
    let (ly0, ly1) = (yr.start, yr.end);
    let steps = legend.colors.len().max(1);
    let height = f64::from(ly1 - ly0);
    for (j, color) in legend.colors.iter().enumerate() {
        let top = ly1 - (height * (j + 1) as f64 / steps as f64).round() as i32;
        let bottom = ly1 - (height * j as f64 / steps as f64).round() as i32;
        frame.rect((lx0, top), (lx1, bottom), color.filled())?;
    }
    for (pos, text) in &legend.labels {
        let y = ly1 - (height * finite(*pos, 0.0).clamp(0.0, 1.0)).round() as i32;
        frame.path(&[(lx1, y), (lx1 + t.px(3.0), y)], t.axis, t.stroke(1.0))?;
        frame.text(
            text,
            (lx1 + t.px(5.0), y),
            &t.note(),
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// Samples a colour scale for the legend.
fn sample(theme: &Theme, f: impl Fn(&Theme, f64) -> RGBColor) -> Vec<RGBColor> {
    (0..48)
        .map(|j| f(theme, (f64::from(j) + 0.5) / 48.0))
        .collect()
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Ratings per weekday (rows, Monday first) and hour (columns), UTC.
pub(crate) fn weekhour<DB: DrawingBackend>(frame: &Frame<DB>, dash: &Dashboard) -> Res<HitMap> {
    let at = |d: usize, h: usize| dash.weekhour.get(d * 24 + h).copied().unwrap_or(0);
    let total = total((0..7 * 24).map(|i| at(i / 24, i % 24)));
    if total == 0 {
        return frame.message(NO_RATINGS);
    }
    let t = &frame.t;
    let max = (0..7 * 24)
        .map(|i| at(i / 24, i % 24))
        .max()
        .unwrap_or(0)
        .max(1);
    let rows: Vec<Label> = WEEKDAYS
        .iter()
        .map(|d| Label {
            long: (*d).to_owned(),
            short: (*d).to_owned(),
            color: t.fg,
        })
        .collect();
    let cols: Vec<Label> = (0..24)
        .map(|h| Label {
            long: h.to_string(),
            short: h.to_string(),
            color: t.sub,
        })
        .collect();
    let mut cells = Vec::with_capacity(7 * 24);
    for (d, day) in WEEKDAYS.iter().enumerate() {
        for h in 0..24usize {
            let c = at(d, h);
            cells.push(Cell {
                fill: Some(t.sequential(c as f64 / max as f64)),
                text: String::new(),
                key: HitKey::Cell {
                    row: d as u8,
                    col: h as u8,
                },
                tip: format!(
                    "{day} {h:02}:00\u{2013}{:02}:00 UTC: {} ({})",
                    (h + 1) % 24,
                    plural(c, "rating", "ratings"),
                    percent(c, total)
                ),
            });
        }
    }
    let legend = Legend {
        colors: sample(t, Theme::sequential),
        labels: vec![
            (0.0, "0".to_owned()),
            (0.5, count(max / 2)),
            (1.0, count(max)),
        ],
    };
    heatmap(frame, &rows, &cols, &cells, "hour of day (UTC)", &legend)
}

/// Mean rating per genre (rows) and age group (columns), coloured around
/// the overall mean; cells without ratings stay blank.
pub(crate) fn genre_age<DB: DrawingBackend>(
    frame: &Frame<DB>,
    dash: &Dashboard,
    active: &Filter,
) -> Res<HitMap> {
    let cell = |g: usize, a: usize| dash.genre_age.get(g).and_then(|row| row.get(a));
    let stats = |g: usize, a: usize| -> (u64, Option<f64>) {
        cell(g, a).map_or((0, None), |b| (b.ratings, b.mean.filter(|m| m.is_finite())))
    };
    let (ng, na) = (dash.genre_age.len(), AGE_GROUPS.len());
    // The release's own genre names, in the rows' order.
    let genre_label = |g: usize| dash.by_genre.get(g).map_or("?", |b| b.label.as_str());
    let any = (0..ng).any(|g| (0..na).any(|a| stats(g, a).0 > 0));
    if !any {
        return frame.message(NO_RATINGS);
    }
    let t = &frame.t;
    let center = dash.kpis.mean.filter(|m| m.is_finite()).unwrap_or(3.5);
    let spread = (0..ng)
        .flat_map(|g| (0..na).map(move |a| (g, a)))
        .filter_map(|(g, a)| stats(g, a).1)
        .map(|m| (m - center).abs())
        .fold(0.0f64, f64::max)
        .clamp(0.1, 2.0);
    let rows: Vec<Label> = (0..ng)
        .map(|g| {
            let sel = Genre::from_index(g as u8).and_then(|g| HitKey::Genre(g).selected(active));
            Label {
                long: genre_label(g).to_owned(),
                short: genre_label(g).to_owned(),
                color: t.label_color(sel),
            }
        })
        .collect();
    let cols: Vec<Label> = AgeGroup::ALL
        .iter()
        .map(|&age| {
            let sel = HitKey::Age(age).selected(active);
            let label = age.label();
            Label {
                long: label.to_owned(),
                short: if age.code() == 1 {
                    "<18".to_owned()
                } else {
                    label.to_owned()
                },
                color: t.label_color(sel),
            }
        })
        .collect();
    let mut cells = Vec::with_capacity(ng * na);
    for g in 0..ng {
        for a in 0..na {
            let (n, mean) = stats(g, a);
            let name = format!("{}, {}", genre_label(g), age_label(a));
            let key = HitKey::Cell {
                row: g as u8,
                col: a as u8,
            };
            cells.push(match mean.filter(|_| n > 0) {
                Some(m) => Cell {
                    fill: Some(t.diverging((m - center) / spread)),
                    text: format!("{m:.2}"),
                    key,
                    tip: format!("{name}: {}, mean {m:.3}", plural(n, "rating", "ratings")),
                },
                None => Cell {
                    fill: None,
                    text: String::new(),
                    key,
                    tip: format!("{name}: no ratings"),
                },
            });
        }
    }
    let legend = Legend {
        colors: sample(t, |th, x| th.diverging(x * 2.0 - 1.0)),
        labels: vec![
            (0.0, format!("{:.2}", center - spread)),
            (0.5, format!("{center:.2}")),
            (1.0, format!("{:.2}", center + spread)),
        ],
    };
    heatmap(frame, &rows, &cols, &cells, "age group", &legend)
}
