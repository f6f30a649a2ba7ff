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
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
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
