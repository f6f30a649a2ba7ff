//! Drawing the core's charts into canvases: HiDPI backing stores, the
//! plotters canvas backend, and the hit maps for tooltips and clicks.

use movielens_web::canvas::Canvas;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use movielens_core::analytics::{Dashboard, Filter};
use movielens_core::charts::{self, ChartKind, HitMap, Style};
use movielens_core::lineage::Lineage;

use crate::dom::window;

/// Sizes the canvas' backing store to its CSS size times the device pixel
/// ratio, so lines and text are crisp on HiDPI screens; returns the ratio.
fn fit(canvas: &HtmlCanvasElement) -> f64 {
    let dpr = window().device_pixel_ratio().max(1.0);
    let rect = canvas.get_bounding_client_rect();
    let w = (rect.width() * dpr).round().max(1.0) as u32;
    let h = (rect.height() * dpr).round().max(1.0) as u32;
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    dpr
}

fn backend(canvas: &HtmlCanvasElement) -> Result<Canvas, JsValue> {
    Canvas::new(canvas).ok_or_else(|| JsValue::from_str("the canvas has no 2d context"))
}

/// Whether the person's system asks for a dark colour scheme (the page's
/// CSS follows it too).
pub fn dark() -> bool {
    match window().match_media("(prefers-color-scheme: dark)") {
        Ok(m) => m.is_some_and(|m| m.matches()),
        Err(e) => {
            crate::dom::log("could not read the colour scheme (light assumed)", &e);
            false
        }
    }
}

/// Draws one dashboard chart.
pub fn draw(
    kind: ChartKind,
    canvas: &HtmlCanvasElement,
    dash: &Dashboard,
    filter: &Filter,
    dark: bool,
) -> Result<HitMap, JsValue> {
    let scale = fit(canvas);
    let area = backend(canvas)?.into_drawing_area();
    let hits = charts::draw(kind, &area, dash, filter, &Style { scale, dark })
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    area.present()
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(hits)
}

/// Draws the lineage chart of the quality panel.
pub fn draw_lineage(canvas: &HtmlCanvasElement, lineage: &Lineage) -> Result<HitMap, JsValue> {
    let scale = fit(canvas);
    let area = backend(canvas)?.into_drawing_area();
    let hits = charts::draw_lineage(
        &area,
        lineage,
        &Style {
            scale,
            dark: dark(),
        },
    )
    .map_err(|e| JsValue::from_str(&e.to_string()))?;
    area.present()
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(hits)
}

/// Canvas pixels under a mouse event: offsets are in CSS pixels, the
/// backing store is `devicePixelRatio` times larger.
pub fn canvas_point(canvas: &HtmlCanvasElement, ev: &web_sys::MouseEvent) -> (i32, i32) {
    let rect = canvas.get_bounding_client_rect();
    let sx = f64::from(canvas.width()) / rect.width().max(1.0);
    let sy = f64::from(canvas.height()) / rect.height().max(1.0);
    (
        (f64::from(ev.offset_x()) * sx).round() as i32,
        (f64::from(ev.offset_y()) * sy).round() as i32,
    )
}

/// `text` cut to about `max` characters, its start and end kept (a tooltip
/// ends with the numbers; a title from a file can be 10,000 characters).
pub fn shorten(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max / 2).collect();
    let tail: String = text.chars().skip(count - max / 2).collect();
    format!("{head}…{tail}")
}

/// Puts the tooltip below right of the pointer (page coordinates), moved
/// left as far as needed to stay inside the viewport: a tooltip past the
/// right edge would widen the page.
pub fn place_tip(tip: &web_sys::Element, page_x: i32, page_y: i32) {
    let doc = crate::dom::document();
    let scroll_x = window().scroll_x().unwrap_or_else(|e| {
        crate::dom::log("could not read the page's scroll position", &e);
        0.0
    });
    let view_width = doc
        .document_element()
        .map_or(0.0, |e| f64::from(e.client_width()));
    // Measured at the left edge, where it has the whole width to take.
    crate::dom::style(tip, "left", &format!("{scroll_x:.0}px"));
    let width = tip.get_bounding_client_rect().width();
    let right = scroll_x + view_width - width - 4.0;
    let left = (f64::from(page_x) + 14.0).min(right).max(scroll_x + 4.0);
    crate::dom::style(tip, "left", &format!("{left:.0}px"));
    crate::dom::style(tip, "top", &format!("{}px", page_y + 14));
}
