//! Bar charts: vertical columns (stars, gender, age) and horizontal rows
//! (genres, occupations, top movies, the gender gap).

use plotters::prelude::{ChartBuilder, DrawingBackend, RGBColor, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::frame::{finite, nice_step, nice_ticks, tick_count, Frame, Swatch, Ticked};
use super::theme::{count, count_f, percent, plural, signed, total, Theme};
use super::{ChartError, Hit, HitKey, HitMap, NO_RATINGS};
use crate::analytics::{Bar, Dashboard, Filter, TopMovie};

type Res<T> = Result<T, ChartError>;

/// One bar.
pub(crate) struct Item {
    pub label: String,
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
    fn counts(max: u64, desc: &str) -> Axis {
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
    let (tick, note, desc) = (t.tick(), t.note(), t.desc());
    let tick_size = t.px(4.0);
    let label_h = t.line_height(12.0);
    let top = t.line_height(11.0) + t.px(8.0);
    let bottom = t.px(6.0) + label_h + t.px(2.0);
    let plot_h = frame.h - top - bottom - t.px(8.0);
    let (lo, hi, base) = axis.sane();
    let (ticks, step) = axis.ticks(tick_count(plot_h, t.px(36.0)));
    let labels: Vec<String> = ticks.iter().map(|v| axis.scale.format(*v, step)).collect();
    let tick_w = frame.widest(labels.iter().map(String::as_str), &tick)?;
    let left = t.line_height(12.0) + t.px(6.0) + tick_w + 2 * tick_size;
    let fmt = |v: &f64| axis.scale.format(*v, step);
    if !frame.room(left + t.px(16.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }

    let mut chart = ChartBuilder::on(frame.area)
        .margin_top(top)
        .margin_right(t.px(12.0))
        .margin_left(t.px(4.0))
        .margin_bottom(t.px(4.0))
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(
            Ticked::bare(-0.5..n as f64 - 0.5),
            Ticked::new(lo..hi, ticks),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(t.grid.stroke_width(t.stroke(1.0)))
        .axis_style(t.axis.stroke_width(t.stroke(1.0)))
        .set_all_tick_mark_size(tick_size)
        .y_label_formatter(&fmt)
        .label_style(tick.clone())
        .y_desc(axis.desc.as_str())
        .axis_desc_style(desc.clone())
        .draw()?;

    // Bars at most 90 CSS pixels wide, however few.
    let slot_px =
        f64::from((chart.backend_coord(&(1.0, lo)).0 - chart.backend_coord(&(0.0, lo)).0).max(1));
    let half = (f64::from(t.px(45.0)) / slot_px).min(0.36);
    chart.draw_series(items.iter().enumerate().map(|(i, it)| {
        let x = i as f64;
        let v = finite(it.value, base).clamp(lo, hi);
        Rectangle::new([(x - half, base), (x + half, v)], it.fill.filled())
    }))?;

    let (_, yr) = chart.plotting_area().get_pixel_range();
    let plot_bottom = yr.end;
    let mut hits = HitMap::default();
    for (i, it) in items.iter().enumerate() {
        let x = i as f64;
        let left_px = chart.backend_coord(&(x - 0.5, hi));
        let right_px = chart.backend_coord(&(x + 0.5, lo));
        let slot = (right_px.0 - left_px.0).max(0);
        let (cx, vy) = chart.backend_coord(&(x, finite(it.value, base).clamp(lo, hi)));
        for candidate in [&it.note, &it.short_note] {
            if !candidate.is_empty() && frame.measure(candidate, &note)?.0 <= slot - t.px(2.0) {
                frame.text(
                    candidate,
                    (cx, vy - t.px(3.0)),
                    &note,
                    HPos::Center,
                    VPos::Bottom,
                )?;
                break;
            }
        }
        let style = t.label(it.label_color);
        let label = frame.fit(&it.label, &style, slot - t.px(4.0))?;
        frame.text(
            &label,
            (cx, plot_bottom + t.px(6.0)),
            &style,
            HPos::Center,
            VPos::Top,
        )?;
        hits.hits.push(Hit::new(
            left_px,
            (right_px.0, plot_bottom + t.px(6.0) + label_h),
            it.key.clone(),
            it.tip.clone(),
        ));
    }
    if let Some(m) = marker {
        if m.at.is_finite() {
            let (x, y_top) = chart.backend_coord(&(m.at.clamp(-0.5, n as f64 - 0.5), hi));
            let (_, y_bottom) = chart.backend_coord(&(m.at, lo));
            let mut y = y_top;
            let (dash, gap) = (t.px(5.0).max(2), t.px(4.0).max(2));
            while y < y_bottom {
                let end = (y + dash).min(y_bottom);
                frame.path(&[(x, y), (x, end)], t.fg, t.stroke(1.0))?;
                y = end + gap;
            }
            frame.text(
                &m.label,
                (x + t.px(4.0), y_top - t.px(2.0)),
                &note,
                HPos::Left,
                VPos::Bottom,
            )?;
        }
    }
    Ok(hits)
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
    let (tick, note, desc) = (t.tick(), t.note(), t.desc());
    let tick_size = t.px(4.0);
    let label_style = t.label(t.fg);
    let label_max = frame.w * 2 / 5;
    let label_w = frame
        .widest(items.iter().map(|i| i.label.as_str()), &label_style)?
        .min(label_max);
    let note_max = frame.w / 4;
    let note_w = frame
        .widest(items.iter().map(|i| i.note.as_str()), &note)?
        .min(note_max);
    let legend_h = if legend.is_empty() {
        0
    } else {
        t.line_height(11.0) + t.px(4.0)
    };
    let top = t.px(8.0) + legend_h;
    let left = label_w + t.px(10.0);
    let bottom = 2 * tick_size + t.line_height(11.0) + t.line_height(12.0) + t.px(4.0);
    let right = note_w + t.px(10.0);
    let plot_w = frame.w - left - right - t.px(8.0);
    let (lo, hi, base) = axis.sane();
    // Tick spacing from the widest label the axis could show.
    let widest_tick = frame
        .measure(&axis.scale.format(hi.abs().max(lo.abs()), 0.01), &tick)?
        .0;
    let (ticks, step) = axis.ticks(tick_count(plot_w, widest_tick + t.px(24.0)));
    let fmt = |v: &f64| axis.scale.format(*v, step);
    if !frame.room(left + right + t.px(4.0), top + bottom + t.px(4.0)) {
        return Ok(HitMap::default());
    }

    let mut chart = ChartBuilder::on(frame.area)
        .margin_top(top)
        .margin_right(right)
        .margin_left(t.px(4.0))
        .margin_bottom(t.px(4.0))
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(
            Ticked::new(lo..hi, ticks),
            Ticked::bare(-0.5..n as f64 - 0.5),
        )?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(t.grid.stroke_width(t.stroke(1.0)))
        .axis_style(t.axis.stroke_width(t.stroke(1.0)))
        .set_all_tick_mark_size(tick_size)
        .x_label_formatter(&fmt)
        .label_style(tick.clone())
        .x_desc(axis.desc.as_str())
        .axis_desc_style(desc.clone())
        .draw()?;

    let row = |i: usize| (n - 1 - i) as f64;
    // Rows at most 26 CSS pixels thick, however few.
    let row_px = (chart.backend_coord(&(lo, 0.0)).1 - chart.backend_coord(&(lo, 1.0)).1).abs();
    let half = (f64::from(t.px(13.0)) / f64::from(row_px.max(1))).min(0.34);
    chart.draw_series(items.iter().enumerate().map(|(i, it)| {
        let y = row(i);
        let v = finite(it.value, base).clamp(lo, hi);
        Rectangle::new([(base, y - half), (v, y + half)], it.fill.filled())
    }))?;

    let (xr, _) = chart.plotting_area().get_pixel_range();
    let (plot_left, plot_right) = (xr.start, xr.end);
    if !legend.is_empty() {
        let y = frame.y0 + t.px(8.0) + t.line_height(11.0) / 2;
        frame.legend(plot_right, y, legend)?;
    }
    // Thin the labels when rows are shorter than a line of text.
    let every = usize::try_from((t.line_height(12.0) + row_px - 1) / row_px.max(1))
        .unwrap_or(1)
        .max(1);
    let mut hits = HitMap::default();
    for (i, it) in items.iter().enumerate() {
        let y = row(i);
        let v = finite(it.value, base).clamp(lo, hi);
        let (_, cy) = chart.backend_coord(&(lo, y));
        if i % every == 0 {
            let style = t.label(it.label_color);
            let label = frame.fit(&it.label, &style, label_w)?;
            frame.text(
                &label,
                (plot_left - t.px(8.0), cy),
                &style,
                HPos::Right,
                VPos::Center,
            )?;
        }
        let (end_x, _) = chart.backend_coord(&(v, y));
        let (base_x, _) = chart.backend_coord(&(base, y));
        let mut marker_end = i32::MIN;
        if let Some(m) = it.marker.filter(|m| m.is_finite()) {
            let (mx, my) = chart.backend_coord(&(m.clamp(lo, hi), y));
            frame.circle((mx, my), t.px(3.5), t.bg.filled())?;
            frame.circle((mx, my), t.px(3.5), t.fg.stroke_width(t.stroke(1.5)))?;
            marker_end = mx + t.px(3.5);
        }
        // Notes go after the bar end (and after a marker beyond it), or past
        // the base for bars going left.
        let note_x = if v >= base {
            end_x.max(marker_end)
        } else {
            base_x
        } + t.px(4.0);
        let room = frame.x1() - note_x - t.px(2.0);
        for candidate in [&it.note, &it.short_note] {
            if !candidate.is_empty() && frame.measure(candidate, &note)?.0 <= room {
                frame.text(candidate, (note_x, cy), &note, HPos::Left, VPos::Center)?;
                break;
            }
        }
        let a = chart.backend_coord(&(lo, y + 0.5));
        let b = chart.backend_coord(&(hi, y - 0.5));
        hits.hits.push(Hit::new(
            (plot_left - left + t.px(2.0), a.1),
            ((b.0 + note_w).min(frame.x1()), b.1),
            it.key.clone(),
            it.tip.clone(),
        ));
    }
    Ok(hits)
}

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
    let items: Vec<Item> = (1u8..=5)
        .zip(dash.histogram)
        .map(|(s, c)| {
            let label = if s == 1 {
                "1 star".to_owned()
            } else {
                format!("{s} stars")
            };
            Item {
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
    let marker = dash.kpis.mean.map(|m| Marker {
        at: m - 1.0,
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
        .map(|b| breakdown_item(&frame.t, b, &b.label, HitKey::Gender(b.key), active, total))
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
            breakdown_item(
                &frame.t,
                b,
                b.key.label(),
                HitKey::Age(b.key),
                active,
                total,
            )
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
        return frame.message(NO_RATINGS);
    }
    let max_w = movie_label_width(frame);
    let mut items = Vec::with_capacity(list.len());
    for m in list {
        items.push(Item {
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
    rows(
        frame,
        &items,
        &axis,
        &[
            (Swatch::Box(t.primary), "damped mean"),
            (Swatch::Ring(t.fg), "raw mean"),
        ],
    )
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
    rows(
        frame,
        &items,
        &axis,
        &[
            (Swatch::Box(t.warm), "women rate higher"),
            (Swatch::Box(t.cool), "men rate higher"),
        ],
    )
}
