//! The dashboard's charts on the page: the grid of cards, drawing the
//! model's dashboard into them (and the lineage chart; input on them is
//! [`brush`]'s), PNG downloads, and redrawing on a resize or a switch of
//! colour scheme.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, MouseEvent};

use movielens_core::charts::ChartKind;
use movielens_core::lineage::Lineage;

use crate::app::{with_app, App};
use crate::dom::{body_data, by_id, by_id_as, child, download_url, failed, log, now, on, window};
use crate::{brush, filters, panels, view};

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
        brush::wire(kind, &canvas)?;
    }
    Ok(())
}

/// Shows the charts the release has data for: without a users file, those
/// that need demographics are hidden (a note above the grid says why).
pub fn fit_to(schema: &movielens_core::model::Schema) -> Result<(), JsValue> {
    for kind in ChartKind::ALL.into_iter().filter(|k| k.needs_users()) {
        let card = by_id(&format!("card-{}", kind.id()))?;
        if schema.demographics {
            card.remove_attribute("hidden")?;
        } else {
            card.set_attribute("hidden", "")?;
        }
    }
    Ok(())
}

/// Draws one chart of the model's dashboard, its hit map kept and its
/// numbers as the canvas' fallback text.
fn draw_one(app: &mut App, kind: ChartKind, dark: bool) -> Result<(), JsValue> {
    let Some(d) = app.page.dashboard() else {
        return Ok(());
    };
    let c = by_id_as::<HtmlCanvasElement>(&format!("chart-{}", kind.id()))?;
    let drawn = view::draw(kind, &c, d, &app.page.drawn_filter(), dark);
    crate::alt::fill(&c, kind, d)?;
    let h = drawn?;
    // The hit map, in canvas pixels, as JSON for tests and tools.
    let hits = h
        .hits
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    let json: String = js_sys::JSON::stringify(&hits)?.into();
    c.set_attribute("data-hits", &json)?;
    // The brushable x axis likewise (`null` on other charts).
    let axis = h
        .axis
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    let json: String = js_sys::JSON::stringify(&axis)?.into();
    c.set_attribute("data-axis", &json)?;
    app.hits.push((kind, h));
    Ok(())
}

/// Draws every chart of the model's dashboard.
pub(crate) fn redraw(app: &mut App) {
    // A hidden tab's canvases have no size: drawn when it is shown.
    let shown = by_id("charts").is_ok_and(|c| c.client_width() > 0);
    if app.page.dashboard().is_none() || !shown {
        return;
    }
    let t0 = now();
    app.hits.clear();
    let dark = view::dark();
    let users = app.page.loaded().is_none_or(|l| l.schema.demographics);
    for kind in ChartKind::ALL
        .into_iter()
        .filter(|k| users || !k.needs_users())
    {
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
    brush::describe(app);
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
    let schema = app.page.loaded().map(|l| l.schema).unwrap_or_default();
    filters::show_active(app.page.filter(), &schema);
}

/// The lineage chart of the quality panel.
pub fn draw_lineage(lineage: &Lineage) {
    let drawn = by_id_as::<HtmlCanvasElement>("chart-lineage").and_then(|c| {
        // Drawn when its tab is shown.
        if c.client_width() == 0 {
            return Ok(());
        }
        view::draw_lineage(&c, lineage).map(drop)
    });
    if let Err(e) = drawn {
        failed("the lineage chart", &e);
    }
}

/// Every canvas again (a resize, a switch of colour scheme, a tab shown).
pub fn redraw_all(app: &mut App) {
    redraw(app);
    // A dashboard that came while the charts were hidden: the brushes'
    // descriptions follow the axes just drawn.
    brush::describe(app);
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
