//! Downloads: the buttons that ask the worker for a file (report JSON,
//! rejects CSV, cleaned ratings CSV), the choice beside the report and the
//! ratings of which ratings they cover (all data, or the ratings the
//! dashboard shows), and the file the worker sends back.
//!
//! A button's label always says what it downloads: "all" until the person
//! picks "the ratings the dashboard shows", then the count of those.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlSelectElement};

use movielens_web::page::Msg;
use movielens_web::Export;

use crate::app::{dispatch, with_app};
use crate::dom::{by_id, by_id_as, failed, log, on, thousands};

thread_local! {
    /// Ratings the dashboard shows (passing the filter), and all accepted
    /// ratings: the numbers the labels quote.
    static COUNTS: Cell<(u64, u64)> = const { Cell::new((0, 0)) };
}

/// The two downloads that can follow the filter: button, its choice, and
/// the button's label for all data and for `n` ratings shown.
type Label = fn(Option<&str>) -> String;

const SCOPED: [(&str, &str, Label); 2] = [
    ("export-report", "export-report-scope", |n| match n {
        None => "Download the report of all data (JSON)".into(),
        Some(n) => format!("Download the report of the {n} ratings shown (JSON)"),
    }),
    ("export-ratings", "export-ratings-scope", |n| match n {
        None => "Download all cleaned ratings (CSV)".into(),
        Some(n) => format!("Download the {n} cleaned ratings shown (CSV)"),
    }),
];

/// Whether the choice beside `scope` is "the ratings the dashboard shows".
fn filtered(scope: &str) -> bool {
    by_id_as::<HtmlSelectElement>(scope).is_ok_and(|s| s.value() == "shown")
}

pub fn wire() -> Result<(), JsValue> {
    // One handler (a plain function) for every button and one for every
    // choice: one copy of the listener's code in the page.
    for id in ["export-rejects", "export-report", "export-ratings"] {
        on::<Event>(&by_id(id)?, "click", clicked as fn(Event));
    }
    for (_, scope, _) in SCOPED {
        on::<Event>(&by_id(scope)?, "change", (|_| relabel()) as fn(Event));
    }
    relabel();
    Ok(())
}

/// A download button: asks the worker for its file, with the page's
/// filter and minimum at click time when its choice says "shown" (the
/// worker applies them, whatever it drew last).
fn clicked(e: Event) {
    let id = e
        .current_target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .map(|t| t.id())
        .unwrap_or_default();
    let what = with_app(|app| {
        let filter = |scope| filtered(scope).then(|| app.page.filter().clone());
        match id.as_str() {
            "export-report" => Some(Export::ReportJson {
                min_ratings: app.page.top_min(),
                filter: filter("export-report-scope"),
            }),
            "export-ratings" => Some(Export::RatingsCsv {
                filter: filter("export-ratings-scope"),
            }),
            "export-rejects" => Some(Export::RejectsCsv),
            _ => None,
        }
    });
    if let Some(what) = what.flatten() {
        dispatch(Msg::Export(what));
    }
}

/// A dataset is loaded: all its accepted ratings.
pub fn set_total(total: u64) {
    COUNTS.with(|c| c.set((c.get().0, total)));
}

/// The dashboard drawn counts `shown` ratings.
pub fn set_shown(shown: u64) {
    COUNTS.with(|c| c.set((shown, c.get().1)));
    relabel();
}

/// The choices and buttons say the counts of now.
fn relabel() {
    let (shown, total) = COUNTS.with(Cell::get);
    let (shown, total) = (thousands(shown), thousands(total));
    for (button, scope, label) in SCOPED {
        let done = by_id_as::<HtmlSelectElement>(scope).and_then(|s| {
            if let Some(o) = s.item(1) {
                o.set_text_content(Some(&format!(
                    "the ratings the dashboard shows ({shown} of {total})"
                )));
            }
            let text = label((s.value() == "shown").then_some(shown.as_str()));
            by_id(button)?.set_text_content(Some(&text));
            Ok(())
        });
        if let Err(e) = done {
            log(&format!("could not label #{button}"), &e);
        }
    }
}

/// Offers a file the worker made as a download.
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    if let Err(e) = crate::dom::download(name, mime, bytes) {
        failed(&format!("the download of {name}"), &e);
    }
}
