//! Label geometry, from the charts' own layout: the texts a chart places
//! itself (notes, category labels, markers, legends) neither overlap one
//! another nor leave the chart, at a desktop card's size and a phone's,
//! at two pixel densities. (Sizes are plotters' native estimate, close
//! to a browser's sans-serif at these sizes.)

use plotters::prelude::*;

use super::frame::Frame;
use super::{draw_frame, ChartKind, Style};
use crate::analytics::{dashboard, Dashboard, Filter};
use crate::demo::{generate, DemoConfig};
use crate::lineage::native_clock;
use crate::table::Dataset;

fn dataset() -> Dataset {
    let files = generate(&DemoConfig {
        ratings: 30_000,
        seed: 5,
        dirty: false,
    });
    Dataset::new(files.load(native_clock))
}

/// The texts of one chart drawn at `size` CSS pixels and `scale`.
fn texts(
    kind: ChartKind,
    dash: &Dashboard,
    size: (u32, u32),
    scale: f64,
) -> (Vec<super::texts::TextBox>, (i32, i32)) {
    let px = (
        (f64::from(size.0) * scale) as u32,
        (f64::from(size.1) * scale) as u32,
    );
    let mut svg = String::new();
    let area = SVGBackend::with_string(&mut svg, px).into_drawing_area();
    let frame = Frame::new(&area, &Style { scale, dark: false });
    draw_frame(kind, &frame, dash, &Filter::default()).expect("draws");
    let out = frame.texts().expect("measures");
    drop(frame);
    drop(area);
    (out, (px.0 as i32, px.1 as i32))
}

/// Card sizes: the desktop grid's, a phone's, a narrow phone's.
const SIZES: [(u32, u32); 3] = [(640, 340), (358, 300), (300, 280)];

#[test]
fn chart_texts_neither_overlap_nor_leave_the_chart() {
    let ds = dataset();
    let dash = dashboard(&ds, &Filter::default(), 20);
    for kind in ChartKind::ALL {
        for size in SIZES {
            for scale in [1.0, 2.0] {
                let (boxes, (w, h)) = texts(kind, &dash, size, scale);
                let at = format!("{kind:?} at {size:?} × {scale}");
                for (i, a) in boxes.iter().enumerate() {
                    assert!(
                        a.x0 >= 0 && a.y0 >= 0 && a.x1 <= w && a.y1 <= h,
                        "{at}: {a:?} leaves the {w}×{h} chart"
                    );
                    for b in &boxes[i + 1..] {
                        assert!(!a.overlaps(b), "{at}: {a:?} overlaps {b:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn the_stars_mean_marker_keeps_clear_of_the_percentages() {
    let ds = dataset();
    let dash = dashboard(&ds, &Filter::default(), 20);
    for size in SIZES {
        let (boxes, _) = texts(ChartKind::Histogram, &dash, size, 1.0);
        let mean = boxes
            .iter()
            .find(|b| b.text.starts_with("mean "))
            .expect("the mean is labelled");
        let percents = boxes.iter().filter(|b| b.text.ends_with('%')).count();
        assert_eq!(percents, 5, "{size:?}: a share above every column");
        assert!(boxes.iter().all(|b| b == mean || !b.overlaps(mean)));
    }
}

#[test]
fn age_labels_are_whole_at_phone_width() {
    let ds = dataset();
    let dash = dashboard(&ds, &Filter::default(), 20);
    // Down to a column narrower than "Under" (the phone's, in the browser).
    for size in [SIZES[0], SIZES[1], SIZES[2], (220, 260)] {
        let (boxes, _) = texts(ChartKind::Age, &dash, size, 1.0);
        let shown: Vec<&str> = boxes.iter().map(|b| b.text.as_str()).collect();
        assert!(
            shown.iter().all(|t| !t.contains('\u{2026}')),
            "{size:?}: cut labels in {shown:?}"
        );
        // "Under 18" whole, on one line or two, or "<18".
        assert!(
            shown.contains(&"Under 18")
                || (shown.contains(&"Under") && shown.contains(&"18"))
                || shown.contains(&"<18"),
            "{size:?}: {shown:?}"
        );
    }
}
