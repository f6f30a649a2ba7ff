//! Pointer and keyboard input on the charts: hovering shows a tooltip, a
//! click filters, a drag across the month or release-year chart selects a
//! range (a brush, as in crossfilter and Mosaic), arrow keys on those two
//! charts move and resize the range, and on a touch screen a first tap
//! shows the tooltip and a second tap on the same bar filters.
//!
//! Pointer events serve mouse, pen and touch alike. The pixel → unit
//! arithmetic is the core's [`Axis`], from the same drawing as the bars.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlElement, KeyboardEvent, PointerEvent};

use movielens_core::charts::{Axis, BrushKey, ChartKind, HitKey};

use crate::app::with_app;
use crate::dom::{body_data, by_id, child, log, on, set_hidden, style};
use crate::{filters, view};

/// The charts a drag can select a range on.
pub const BRUSHABLE: [ChartKind; 2] = [ChartKind::Months, ChartKind::Years];

/// A press on a chart, until it is released.
struct Press {
    kind: ChartKind,
    pointer: i32,
    /// Where it started, in canvas pixels.
    x: i32,
    /// Whether it has moved far enough to be a drag (brushable charts only).
    dragging: bool,
}

thread_local! {
    static PRESS: RefCell<Option<Press>> = const { RefCell::new(None) };
    /// The last bar tapped on a touch screen (its tooltip shows).
    static TAPPED: RefCell<Option<(ChartKind, Option<HitKey>)>> = const { RefCell::new(None) };
}

/// How far (CSS pixels) a press moves before it is a drag, not a click.
const DRAG_CSS_PX: f64 = 5.0;

fn hit_at(kind: ChartKind, x: i32, y: i32) -> Option<(Option<HitKey>, String)> {
    with_app(|app| {
        app.hits
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, h)| h.at(x, y))
            .map(|h| (h.key.clone(), h.tip.clone()))
    })
    .flatten()
}

fn axis_of(kind: ChartKind) -> Option<Axis> {
    with_app(|app| {
        app.hits
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, h)| h.axis)
    })
    .flatten()
}

fn filterable(key: &HitKey) -> bool {
    key.pick().is_some() || matches!(key, HitKey::Movie(_))
}

fn tooltip() -> Option<Element> {
    by_id("tooltip")
        .map_err(|e| log("the tooltip is missing", &e))
        .ok()
}

fn hide_tip() {
    if let Some(tip) = tooltip() {
        if let Err(e) = set_hidden(&tip, true) {
            log("could not hide the tooltip", &e);
        }
    }
}

fn show_tip(text: &str, page_x: i32, page_y: i32) {
    let Some(tip) = tooltip() else { return };
    tip.set_text_content(Some(&view::shorten(text, 300)));
    view::place_tip(&tip, page_x, page_y);
    if let Err(e) = set_hidden(&tip, false) {
        log("could not show the tooltip", &e);
    }
}

/// The tooltip under a mouse or pen, or none.
fn hover(kind: ChartKind, canvas: &HtmlCanvasElement, ev: &PointerEvent) {
    let (x, y) = view::canvas_point(canvas, ev);
    match hit_at(kind, x, y) {
        Some((key, text)) => {
            show_tip(&text, ev.page_x(), ev.page_y());
            let cursor = if key.as_ref().is_some_and(filterable) {
                "pointer"
            } else {
                "default"
            };
            style(canvas, "cursor", cursor);
        }
        None => {
            style(canvas, "cursor", "default");
            hide_tip();
        }
    }
}

/// A tap on a touch screen: the first on a bar shows its tooltip, a second
/// on the same bar filters by it; a tap beside the bars hides the tooltip.
fn tap(kind: ChartKind, canvas: &HtmlCanvasElement, ev: &PointerEvent) {
    let (x, y) = view::canvas_point(canvas, ev);
    let Some((key, text)) = hit_at(kind, x, y) else {
        TAPPED.set(None);
        hide_tip();
        return;
    };
    let tapped = Some((kind, key.clone()));
    if TAPPED.with_borrow(|t| *t == tapped) && key.as_ref().is_some_and(filterable) {
        TAPPED.set(None);
        hide_tip();
        if let Some(key) = key {
            filters::click_key(&key);
        }
    } else {
        TAPPED.set(tapped);
        show_tip(&text, ev.page_x(), ev.page_y());
    }
}

/// The selection rectangle over a brushable chart, made on first use.
fn rect_of(canvas: &HtmlCanvasElement) -> Option<HtmlElement> {
    let card = canvas.parent_element()?;
    let existing = card.query_selector(".brush").ok().flatten();
    let el = match existing {
        Some(e) => e,
        None => {
            let e = child(&card, "div", "brush", "").ok()?;
            e.set_attribute("aria-hidden", "true").ok()?;
            e
        }
    };
    el.dyn_into().ok()
}

/// Backend pixels per CSS pixel of the canvas.
fn scale(canvas: &HtmlCanvasElement) -> f64 {
    f64::from(canvas.width()) / canvas.get_bounding_client_rect().width().max(1.0)
}

/// Draws the selection rectangle from canvas x `a` to `b` over the plot.
fn show_rect(canvas: &HtmlCanvasElement, axis: &Axis, a: i32, b: i32) {
    let Some(el) = rect_of(canvas) else { return };
    let s = scale(canvas);
    let clamp = |x: i32| x.clamp(axis.x0_px, axis.x1_px);
    let (l, r) = (clamp(a.min(b)), clamp(a.max(b)));
    let css = |v: i32| f64::from(v) / s;
    let (left, top) = (
        f64::from(canvas.offset_left()) + css(l),
        f64::from(canvas.offset_top()) + css(axis.y0_px),
    );
    style(&el, "left", &format!("{left:.1}px"));
    style(&el, "top", &format!("{top:.1}px"));
    style(&el, "width", &format!("{:.1}px", css(r - l).max(1.0)));
    style(
        &el,
        "height",
        &format!("{:.1}px", css(axis.y1_px - axis.y0_px)),
    );
    if let Err(e) = set_hidden(&el, false) {
        log("could not show the selection", &e);
    }
}

fn hide_rect(canvas: &HtmlCanvasElement) {
    if let Some(el) = canvas
        .parent_element()
        .and_then(|c| c.query_selector(".brush").ok().flatten())
    {
        if let Err(e) = set_hidden(&el, true) {
            log("could not hide the selection", &e);
        }
    }
}

fn down(kind: ChartKind, canvas: &HtmlCanvasElement, ev: &PointerEvent) {
    if ev.button() != 0 {
        return;
    }
    let (x, _) = view::canvas_point(canvas, ev);
    if BRUSHABLE.contains(&kind) {
        // Keeps the moves coming when the pointer leaves the canvas.
        if let Err(e) = canvas.set_pointer_capture(ev.pointer_id()) {
            log("could not capture the pointer", &e);
        }
    }
    PRESS.set(Some(Press {
        kind,
        pointer: ev.pointer_id(),
        x,
        dragging: false,
    }));
}

/// A move: the rectangle follows a drag, the tooltip says its range.
fn moved(kind: ChartKind, canvas: &HtmlCanvasElement, ev: &PointerEvent) {
    let (x, _) = view::canvas_point(canvas, ev);
    let start = PRESS.with_borrow_mut(|p| match p {
        Some(p) if p.kind == kind && p.pointer == ev.pointer_id() => {
            let far = f64::from((x - p.x).abs()) >= DRAG_CSS_PX * scale(canvas);
            p.dragging |= far && BRUSHABLE.contains(&kind);
            p.dragging.then_some(p.x)
        }
        _ => None,
    });
    match (start, axis_of(kind)) {
        (Some(start), Some(axis)) => {
            show_rect(canvas, &axis, start, x);
            let text = format!("Select {}", axis.describe(axis.range(start, x)));
            show_tip(&text, ev.page_x(), ev.page_y());
        }
        _ if ev.pointer_type() != "touch" => hover(kind, canvas, ev),
        _ => {}
    }
}

/// A release: a drag sets the range, a click filters by the bar under it,
/// a tap shows its tooltip first.
fn up(kind: ChartKind, canvas: &HtmlCanvasElement, ev: &PointerEvent) {
    let press = PRESS.take();
    let Some(press) = press.filter(|p| p.kind == kind && p.pointer == ev.pointer_id()) else {
        return;
    };
    hide_rect(canvas);
    let (x, y) = view::canvas_point(canvas, ev);
    if press.dragging {
        hide_tip();
        if let Some(axis) = axis_of(kind) {
            let range = axis.range(press.x, x);
            filters::change(|f| axis.select(f, Some(range)));
        }
    } else if ev.pointer_type() == "touch" {
        tap(kind, canvas, ev);
    } else if let Some((Some(key), _)) = hit_at(kind, x, y) {
        TAPPED.set(None);
        filters::click_key(&key);
    }
}

fn cancel(canvas: &HtmlCanvasElement) {
    PRESS.set(None);
    hide_rect(canvas);
}

/// Arrow keys and Escape on a brushable chart.
fn key(kind: ChartKind, canvas: &HtmlCanvasElement, ev: &KeyboardEvent) {
    let k = match (ev.key().as_str(), ev.shift_key()) {
        ("ArrowRight", true) => Some(BrushKey::Grow),
        ("ArrowLeft", true) => Some(BrushKey::Shrink),
        ("ArrowRight", false) => Some(BrushKey::Later),
        ("ArrowLeft", false) => Some(BrushKey::Earlier),
        ("Escape", _) => None,
        _ => return,
    };
    let Some(axis) = axis_of(kind) else { return };
    ev.prevent_default();
    cancel(canvas);
    let current = with_app(|app| axis.selected(app.page.filter())).flatten();
    if k.is_none() && current.is_none() {
        return;
    }
    let range = k.map(|k| axis.key(current, k));
    filters::change(|f| axis.select(f, range));
}

/// Hover, click, drag, tap and keys on one chart's canvas.
pub fn wire(kind: ChartKind, canvas: &HtmlCanvasElement) -> Result<(), JsValue> {
    let c = canvas.clone();
    on::<PointerEvent>(canvas, "pointerdown", move |ev| down(kind, &c, &ev));
    let c = canvas.clone();
    on::<PointerEvent>(canvas, "pointermove", move |ev| moved(kind, &c, &ev));
    let c = canvas.clone();
    on::<PointerEvent>(canvas, "pointerup", move |ev| up(kind, &c, &ev));
    let c = canvas.clone();
    // The browser took the gesture over (a scroll) or the capture was lost.
    on::<PointerEvent>(canvas, "pointercancel", move |_| cancel(&c));
    on::<PointerEvent>(canvas, "pointerleave", |ev| {
        // A finger leaves when it lifts: its tooltip stays until the next tap.
        if ev.pointer_type() != "touch" {
            hide_tip();
        }
    });
    if BRUSHABLE.contains(&kind) {
        canvas.set_attribute("tabindex", "0")?;
        let status = format!("brush-{}", kind.id());
        canvas.set_attribute("aria-describedby", &status)?;
        canvas.set_attribute(
            "aria-keyshortcuts",
            "Shift+ArrowRight Shift+ArrowLeft ArrowLeft ArrowRight Escape",
        )?;
        let card = canvas
            .parent_element()
            .ok_or_else(|| JsValue::from_str("a chart canvas outside its card"))?;
        let p = child(&card, "p", "brush-status", "")?;
        p.set_id(&status);
        p.set_attribute("aria-live", "polite")?;
        let c = canvas.clone();
        on::<KeyboardEvent>(canvas, "keydown", move |ev| key(kind, &c, &ev));
    }
    Ok(())
}

/// Says what the brushable charts select (for screen readers, and in
/// `document.body.dataset` as `brushMonths` / `brushYears`, e.g.
/// `2000-05..2000-08`, for tests); after each redraw.
pub fn describe(app: &crate::app::App) {
    for kind in BRUSHABLE {
        let Some(axis) = app
            .hits
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, h)| h.axis)
        else {
            continue;
        };
        let what = if kind == ChartKind::Months {
            "months"
        } else {
            "release years"
        };
        let (text, data) = match axis.selected(app.page.filter()) {
            Some(r) => (
                format!(
                    "Selected {}. Shift+Right and Shift+Left grow and shrink it, Left and Right move it, Escape clears it.",
                    axis.describe(r)
                ),
                format!("{}..{}", axis.label(r.0), axis.label(r.1)),
            ),
            None => (
                format!("No {what} selected: drag across the chart, or press Shift+Right, to select a range."),
                String::new(),
            ),
        };
        let key = if kind == ChartKind::Months {
            "brush-months"
        } else {
            "brush-years"
        };
        body_data(key, &data);
        if let Ok(p) = by_id(&format!("brush-{}", kind.id())) {
            if p.text_content().as_deref() != Some(text.as_str()) {
                p.set_text_content(Some(&text));
            }
        }
    }
}
