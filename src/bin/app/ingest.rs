//! ingest (issue 8) on the page: the marker of provisional dashboards
//! ("provisional — N % read", on the dashboard and its KPIs) while a load
//! reads its ratings.

use wasm_bindgen::prelude::*;

use movielens_web::page::Page;
use movielens_web::JsFile;

use crate::app::App;
use crate::dom::{by_id, child, clear, or_failed};
use crate::{bar, brush, charts, panels};

/// Draws the model's dashboard (the provisional one, or the one shown
/// before a failed load) with its marker.
pub fn show_provisional(app: &mut App) {
    if let Some(d) = app.page.dashboard() {
        or_failed("the KPIs", panels::kpis(d));
    }
    charts::redraw(app);
    brush::describe(app);
    bar::show_count(&app.page);
    mark(&app.page);
}

/// The marker: shown while the dashboard is provisional. The live region
/// says once that the numbers are provisional; the percentage, updated
/// four times a second, is hidden from screen readers (the progress bar
/// has it).
pub fn mark(page: &Page<JsFile>) {
    or_failed("the provisional marker", try_mark(page.provisional()));
}

fn try_mark(percent: Option<u8>) -> Result<(), JsValue> {
    let badge = by_id("provisional")?;
    let kpis = by_id("kpis")?;
    let Some(percent) = percent else {
        clear(&badge);
        return kpis.remove_attribute("data-provisional");
    };
    kpis.set_attribute("data-provisional", "")?;
    let text = format!("provisional — {percent} % read");
    match badge.query_selector("[aria-hidden]")? {
        Some(shown) => shown.set_text_content(Some(&text)),
        None => {
            child(
                &badge,
                "span",
                "movie-sr",
                "Provisional numbers: the ratings file is still being read.",
            )?;
            child(&badge, "span", "", &text)?.set_attribute("aria-hidden", "true")?;
        }
    }
    Ok(())
}
