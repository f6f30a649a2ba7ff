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

thread_local! {
    /// The file offered to be added, until a choice is made.
    static OFFERED: std::cell::RefCell<Option<web_sys::File>> = const { std::cell::RefCell::new(None) };
}

/// One file, not a zip, given while data is shown: offers to add it to
/// the data or replace the data (`true`: offered, not loaded yet).
pub fn offer(files: &[web_sys::File]) -> bool {
    let [file] = files else { return false };
    let name = file.name().to_lowercase();
    let ratings_like = name.ends_with(".dat") || name.ends_with(".csv") || !name.contains('.');
    let shown = crate::app::with_app(|a| a.page.loaded().is_some()) == Some(true);
    if !ratings_like || !shown {
        return false;
    }
    let text = format!(
        "{}: add its ratings to the data shown, or replace the data?",
        file.name()
    );
    crate::dom::set_text("append-text", &text);
    OFFERED.with(|o| *o.borrow_mut() = Some(file.clone()));
    crate::dom::show("append-offer", true);
    if let Ok(add) = crate::dom::by_id_as::<web_sys::HtmlElement>("append-add") {
        or_failed("the add button", add.focus());
    }
    true
}

/// The offer's choice: hides it and says which file it was for.
fn chosen() -> Option<web_sys::File> {
    crate::dom::show("append-offer", false);
    OFFERED.with(|o| o.borrow_mut().take())
}

/// Add to current data, Replace, Cancel (and Escape) of the offer.
pub fn wire() -> Result<(), JsValue> {
    use crate::app::dispatch;
    use movielens_web::loads::Source;
    use movielens_web::page::Msg;
    use web_sys::{KeyboardEvent, MouseEvent};
    crate::dom::on::<MouseEvent>(&by_id("append-add")?, "click", |_| {
        if let Some(f) = chosen() {
            dispatch(Msg::Append(JsFile(f)));
        }
    });
    crate::dom::on::<MouseEvent>(&by_id("append-replace")?, "click", |_| {
        if let Some(f) = chosen() {
            dispatch(Msg::Load(Source::Files(vec![JsFile(f)])));
        }
    });
    crate::dom::on::<MouseEvent>(&by_id("append-dismiss")?, "click", |_| {
        chosen();
    });
    crate::dom::on::<KeyboardEvent>(&by_id("append-offer")?, "keydown", |ev| {
        if ev.key() == "Escape" {
            chosen();
        }
    });
    Ok(())
}
