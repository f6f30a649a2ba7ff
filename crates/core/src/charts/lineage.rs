//! The load's lineage: per file, its lines split into accepted, rejected
//! and blank.

use plotters::prelude::{DrawingBackend, RGBColor, Rectangle};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

use super::frame::{Chart, Frame, Layout, Swatch, Ticked};
use super::theme::{count, percent, plural, total};
use super::{ChartError, Hit, HitMap};
use crate::clean::{RejectReason, Warning};
use crate::lineage::{FileLineage, Lineage};

type Res<T> = Result<T, ChartError>;

/// One part of a file's bar.
struct Segment {
    rows: u64,
    color: RGBColor,
    tip: String,
}

/// Lines of a file, from its parts (equal to `lines` for a consistent
/// lineage).
fn lines_of(f: &FileLineage) -> u64 {
    total([f.accepted, f.rejected_total(), f.blank])
}

fn segments(f: &FileLineage, good: RGBColor, bad: RGBColor, blank: RGBColor) -> [Segment; 3] {
    let total = lines_of(f);
    let list = |pairs: Vec<(&str, u64)>| -> String {
        let parts: Vec<String> = pairs
            .into_iter()
            .filter(|p| p.1 > 0)
            .map(|(code, n)| format!("{} {code}", count(n)))
            .collect();
        parts.join(", ")
    };
    let reasons = list(
        RejectReason::ALL
            .iter()
            .map(|r| (r.code(), f.rejected(*r)))
            .collect(),
    );
    let warnings = list(
        Warning::ALL
            .iter()
            .map(|w| (w.code(), f.warned(*w)))
            .collect(),
    );
    let lines = |n: u64, what: &str| {
        format!(
            "{}: {} {what} ({})",
            f.name,
            plural(n, "line", "lines"),
            percent(n, total)
        )
    };
    let with = |head: String, label: &str, tail: String| {
        if tail.is_empty() {
            head
        } else {
            format!("{head}; {label}{tail}")
        }
    };
    [
        Segment {
            rows: f.accepted,
            color: good,
            tip: with(lines(f.accepted, "accepted"), "warnings: ", warnings),
        },
        Segment {
            rows: f.rejected_total(),
            color: bad,
            tip: with(lines(f.rejected_total(), "rejected"), "", reasons),
        },
        Segment {
            rows: f.blank,
            color: blank,
            tip: lines(f.blank, "blank"),
        },
    ]
}

/// Percent widths of non-empty parts, each at least `min` so that a
/// handful of rejects among a million rows stays visible.
fn widths(rows: &[u64], min: f64) -> Vec<f64> {
    let total = total(rows.iter().copied());
    if total == 0 {
        return vec![0.0; rows.len()];
    }
    let mut w: Vec<f64> = rows
        .iter()
        .map(|&r| {
            if r == 0 {
                0.0
            } else {
                (r as f64 * 100.0 / total as f64).max(min)
            }
        })
        .collect();
    let excess: f64 = w.iter().sum::<f64>() - 100.0;
    if excess > 0.0 {
        if let Some(big) = w.iter_mut().max_by(|a, b| a.total_cmp(b)) {
            *big -= excess;
        }
    }
    w
}

/// The lineage chart (see [`super::draw_lineage`]).
pub(crate) fn lineage<DB: DrawingBackend>(frame: &Frame<DB>, lin: &Lineage) -> Res<HitMap> {
    let files = [&lin.users, &lin.movies, &lin.ratings];
    if files.iter().all(|f| f.lines == 0 && lines_of(f) == 0) {
        return frame.message("No files loaded");
    }
    let t = &frame.t;
    let texts = files.map(FileTexts::new);
    let label_w = frame
        .widest(files.iter().map(|f| f.name.as_str()), &t.label(t.fg))?
        .max(frame.widest(texts.iter().map(|x| x.size.as_str()), &t.note())?)
        .min(frame.w / 3);
    let note_w = frame
        .widest(texts.iter().map(|x| x.note.as_str()), &t.note())?
        .min(frame.w / 3);
    let legend_h = t.legend_height();
    if !frame.room(label_w + note_w + t.px(28.0), legend_h + t.px(16.0)) {
        return Ok(HitMap::default());
    }
    let layout = Layout {
        top: t.px(8.0) + legend_h,
        right: note_w + t.px(14.0),
        bottom: t.px(8.0),
        left: label_w + t.px(14.0),
        ..Layout::default()
    };
    let chart = frame.chart(&layout, Ticked::bare(0.0..100.0), Ticked::bare(-0.5..2.5))?;
    let mut hits = HitMap::default();
    for (i, (f, texts)) in files.iter().zip(&texts).enumerate() {
        let y = (2 - i) as f64;
        hits.hits.extend(file_bar(frame, &chart, f, y)?);
        file_texts(frame, &chart, f, texts, (y, label_w))?;
    }
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let legend = [
        (Swatch::Box(t.good), "accepted"),
        (Swatch::Box(t.bad), "rejected"),
        (Swatch::Box(t.blank), "blank"),
    ];
    frame.legend(xr.end, frame.top_line(), &legend)?;
    Ok(hits)
}

/// What is written beside a file's bar: its size on the left and its
/// rejected and blank counts on the right.
struct FileTexts {
    size: String,
    note: String,
}

impl FileTexts {
    fn new(f: &FileLineage) -> FileTexts {
        FileTexts {
            size: plural(lines_of(f), "line", "lines"),
            note: format!(
                "{} rejected \u{00b7} {} blank",
                count(f.rejected_total()),
                count(f.blank)
            ),
        }
    }
}

/// A file's bar at `y`, at most 28 CSS pixels thick: its non-empty parts
/// side by side, each at least 4 CSS pixels wide, with the accepted count
/// inside its part when it fits. Returns the parts' hits.
fn file_bar<DB: DrawingBackend>(
    frame: &Frame<DB>,
    chart: &Chart<DB>,
    f: &FileLineage,
    y: f64,
) -> Res<Vec<Hit>> {
    let t = &frame.t;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let plot_w = (xr.end - xr.start).max(1);
    let min_pct = 100.0 * f64::from(t.px(4.0)) / f64::from(plot_w);
    let row_px = (chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 1.0)).1).abs();
    let half = (f64::from(t.px(14.0)) / f64::from(row_px.max(1))).min(0.3);
    let segs = segments(f, t.good, t.bad, t.blank);
    let w = widths(&segs.iter().map(|s| s.rows).collect::<Vec<_>>(), min_pct);
    let mut x = 0.0;
    let mut hits = Vec::new();
    let mut accepted_px = None;
    for (j, (seg, width)) in segs.iter().zip(w).enumerate() {
        if seg.rows == 0 {
            continue;
        }
        let (x0, x1) = (x, (x + width).min(100.0));
        x = x1;
        chart.plotting_area().draw(&Rectangle::new(
            [(x0, y - half), (x1, y + half)],
            seg.color.filled(),
        ))?;
        let hit = Hit::new(
            chart.backend_coord(&(x0, y + half)),
            chart.backend_coord(&(x1, y - half)),
            None,
            seg.tip.clone(),
        );
        if j == 0 {
            accepted_px = Some((hit.x0, hit.x1));
        }
        hits.push(hit);
    }
    if let Some((ax0, ax1)) = accepted_px {
        let ink = t.font(11.0, t.ink_on(t.good));
        let text = format!("{} accepted", count(f.accepted));
        if frame.measure(&text, &ink)?.0 + t.px(8.0) <= ax1 - ax0 {
            let (_, cy) = chart.backend_coord(&(0.0, y));
            frame.text(&text, (ax0 + t.px(4.0), cy), &ink, HPos::Left, VPos::Center)?;
        }
    }
    Ok(hits)
}

/// A file's name and size left of its bar at `y` (in `label_w` pixels),
/// its rejected and blank counts right of it (in red when it has rejects).
fn file_texts<DB: DrawingBackend>(
    frame: &Frame<DB>,
    chart: &Chart<DB>,
    f: &FileLineage,
    texts: &FileTexts,
    (y, label_w): (f64, i32),
) -> Res<()> {
    let t = &frame.t;
    let (xr, _) = chart.plotting_area().get_pixel_range();
    let (left, cy) = chart.backend_coord(&(0.0, y));
    let (name_style, note) = (t.label(t.fg), t.note());
    let name = frame.fit(&f.name, &name_style, label_w)?;
    let at = (left - t.px(8.0), cy);
    frame.text(&name, at, &name_style, HPos::Right, VPos::Bottom)?;
    frame.text(&texts.size, at, &note, HPos::Right, VPos::Top)?;
    let style = if f.rejected_total() > 0 {
        t.font(11.0, t.bad)
    } else {
        note
    };
    let at = (xr.end + t.px(6.0), cy);
    frame.text(&texts.note, at, &style, HPos::Left, VPos::Center)
}

#[cfg(test)]
mod tests {
    use super::widths;

    #[test]
    fn tiny_parts_stay_visible() {
        let w = widths(&[1_000_000, 3, 0], 1.0);
        assert_eq!(w[2], 0.0);
        assert_eq!(w[1], 1.0);
        assert!((w.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        assert_eq!(widths(&[0, 0, 0], 1.0), vec![0.0; 3]);
        assert_eq!(widths(&[5, 5, 0], 1.0), vec![50.0, 50.0, 0.0]);
    }
}
