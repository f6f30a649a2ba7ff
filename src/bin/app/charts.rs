//! The dashboard's charts on the page: the grid of cards, drawing the
//! model's dashboard into them (and the lineage chart), tooltips, clicks
//! that filter, PNG downloads, and redrawing on a resize or a switch of
//! colour scheme.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, MouseEvent};

use movielens_core::charts::{ChartKind, HitKey};
use movielens_core::lineage::Lineage;

use crate::app::{with_app, App};
use crate::dom::{
    body_data, by_id, by_id_as, child, download_url, failed, log, now, on, set_hidden, style,
    window,
};
use crate::{filters, panels, view};

/// A card per chart: its title, a PNG button and the canvas.
pub fn build() -> Result<(), JsValue> {
    let grid = by_id("charts")?;
    for kind in ChartKind::ALL {
        let card = child(&grid, "figure", &format!("card chart {}", kind.id()), "")?;
        card.set_id(&format!("card-{}", kind.id()));
        let cap = child(&card, "figcaption", "", "")?;
        child(&cap, "span", "title", kind.title())?;
        let png = child(&cap, "button", "png", "PNG")?;
        png.set_attribute("type", "button")?;
        png.set_attribute("title", &format!("Download “{}” as PNG", kind.title()))?;
        png.set_attribute("aria-label", &format!("Download “{}” as PNG", kind.title()))?;
        let c = child(&card, "canvas", "", "")?;
        c.set_id(&format!("chart-{}", kind.id()));
        // No role="img": that would hide the canvas' fallback table (its
        // numbers, filled after each draw) from screen readers.
        let canvas: HtmlCanvasElement = c.dyn_into()?;
        on::<MouseEvent>(&png, "click", {
            let canvas = canvas.clone();
            move |_| {
                let name = format!("movielens-{}.png", kind.id());
                let saved = canvas
                    .to_data_url()
                    .and_then(|url| download_url(&name, &url));
                if let Err(e) = saved {
                    failed(&format!("the PNG of “{}”", kind.title()), &e);
                }
            }
        });
        wire_canvas(kind, canvas)?;
    }
    Ok(())
}

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

/// The tooltip under the pointer, or none.
fn hover(kind: ChartKind, canvas: &HtmlCanvasElement, tip: &web_sys::Element, ev: &MouseEvent) {
    let (x, y) = view::canvas_point(canvas, ev);
    let shown = match hit_at(kind, x, y) {
        Some((key, text)) => {
            tip.set_text_content(Some(&view::shorten(&text, 300)));
            view::place_tip(tip, ev.page_x(), ev.page_y());
            let clickable = key
                .as_ref()
                .is_some_and(|k| !matches!(k, HitKey::Stars(_) | HitKey::Cell { .. }));
            let cursor = if clickable { "pointer" } else { "default" };
            style(canvas, "cursor", cursor);
            set_hidden(tip, false)
        }
        None => {
            style(canvas, "cursor", "default");
            set_hidden(tip, true)
        }
    };
    if let Err(e) = shown {
        log("could not show the tooltip", &e);
    }
}

fn wire_canvas(kind: ChartKind, canvas: HtmlCanvasElement) -> Result<(), JsValue> {
    let tip = by_id("tooltip")?;
    on::<MouseEvent>(&canvas, "mousemove", {
        let canvas = canvas.clone();
        let tip = tip.clone();
        move |ev| hover(kind, &canvas, &tip, &ev)
    });
    on::<MouseEvent>(&canvas, "mouseleave", move |_| {
        if let Err(e) = set_hidden(&tip, true) {
            log("could not hide the tooltip", &e);
        }
    });
    on::<MouseEvent>(&canvas, "click", {
        let canvas = canvas.clone();
        move |ev| {
            let (x, y) = view::canvas_point(&canvas, &ev);
            match hit_at(kind, x, y) {
                // A movie of a top list opens its detail.
                Some((Some(HitKey::Movie(id)), _)) => {
                    crate::app::dispatch(movielens_web::page::Msg::OpenMovie(id))
                }
                Some((Some(key), _)) => filters::click_key(&key),
                _ => {}
            }
        }
    });
    Ok(())
}

/// Draws one chart of the model's dashboard, its hit map kept and its
/// numbers as the canvas' fallback text.
fn draw_one(app: &mut App, kind: ChartKind, dark: bool) -> Result<(), JsValue> {
    let Some(d) = app.page.dashboard() else {
        return Ok(());
    };
    let c = by_id_as::<HtmlCanvasElement>(&format!("chart-{}", kind.id()))?;
    let drawn = view::draw(kind, &c, d, app.page.filter(), dark);
    crate::alt::fill(&c, kind, d)?;
    let h = drawn?;
    // The hit map, in canvas pixels, as JSON for tests and tools.
    let hits = h
        .hits
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    let json: String = js_sys::JSON::stringify(&hits)?.into();
    c.set_attribute("data-hits", &json)?;
    app.hits.push((kind, h));
    Ok(())
}

/// Draws every chart of the model's dashboard.
fn redraw(app: &mut App) {
    if app.page.dashboard().is_none() {
        return;
    }
    let t0 = now();
    app.hits.clear();
    let dark = view::dark();
    for kind in ChartKind::ALL {
        if let Err(e) = draw_one(app, kind, dark) {
            failed(&format!("the chart “{}”", kind.title()), &e);
        }
    }
    body_data("draw-ms", &format!("{:.1}", now() - t0));
}

/// The model's new dashboard: KPIs, charts, the timings for the
/// benchmarks, the active filters.
pub fn show_dashboard(
    app: &mut App,
    seq: u64,
    worker_ms: f64,
    first: bool,
    load_started: Option<f64>,
) {
    if let Some(d) = app.page.dashboard() {
        if let Err(e) = panels::kpis(d) {
            failed("the KPIs", &e);
        }
    }
    redraw(app);
    let t = now();
    body_data("query-ms", &format!("{worker_ms:.1}"));
    body_data("redraw-ms", &format!("{:.1}", t - app.query_sent));
    body_data("dashboard-seq", &seq.to_string());
    if first {
        body_data("first-chart-ms", &format!("{t:.1}"));
    }
    if let Some(t0) = load_started {
        body_data("load-ms", &format!("{:.1}", t - t0));
    }
    filters::show_active(app.page.filter());
}

/// The lineage chart of the quality panel.
pub fn draw_lineage(lineage: &Lineage) {
    let drawn = by_id_as::<HtmlCanvasElement>("chart-lineage")
        .and_then(|c| view::draw_lineage(&c, lineage));
    if let Err(e) = drawn {
        failed("the lineage chart", &e);
    }
}

/// Every canvas again (a resize, a switch of colour scheme).
fn redraw_all(app: &mut App) {
    redraw(app);
    if let Some(l) = app.page.loaded() {
        draw_lineage(&l.lineage);
    }
}

/// Redraws after a resize (once per animation frame: resizing fires many
/// events) and a switch between light and dark mode.
pub fn wire_redraws() -> Result<(), JsValue> {
    let pending = std::rc::Rc::new(std::cell::Cell::new(false));
    on::<web_sys::Event>(&window(), "resize", move |_| {
        if pending.replace(true) {
            return;
        }
        let pending = pending.clone();
        let frame = Closure::once_into_js(move || {
            pending.set(false);
            with_app(redraw_all);
        });
        if let Err(e) = window().request_animation_frame(frame.unchecked_ref()) {
            log("could not redraw after a resize", &e);
        }
    });
    if let Some(scheme) = window().match_media("(prefers-color-scheme: dark)")? {
        on::<web_sys::Event>(&scheme, "change", |_| {
            with_app(redraw_all);
        });
    }
    Ok(())
}
