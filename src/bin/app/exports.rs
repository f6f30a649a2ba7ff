//! Downloads: the buttons that ask the worker for a file (report JSON,
//! rejects CSV, cleaned ratings CSV), and the file it sends back.

use wasm_bindgen::prelude::*;
use web_sys::MouseEvent;

use movielens_web::page::Msg;
use movielens_web::Export;

use crate::app::{dispatch, with_app};
use crate::dom::{by_id, failed, on};

pub fn wire() -> Result<(), JsValue> {
    for (id, what) in [
        ("export-report", None),
        ("export-rejects", Some(Export::RejectsCsv)),
        ("export-ratings", Some(Export::RatingsCsv)),
    ] {
        on::<MouseEvent>(&by_id(id)?, "click", move |_| {
            // The report's top lists use the page's minimum at click time.
            let what = what.or_else(|| {
                with_app(|app| Export::ReportJson {
                    min_ratings: app.page.top_min(),
                })
            });
            if let Some(what) = what {
                dispatch(Msg::Export(what));
            }
        });
    }
    Ok(())
}

/// Offers a file the worker made as a download.
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    if let Err(e) = crate::dom::download(name, mime, bytes) {
        failed(&format!("the download of {name}"), &e);
    }
}
