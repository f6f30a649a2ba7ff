//! The checklist under the status line: what a load of files was found
//! to be, each item leading to its place (the model is
//! `movielens_web::checklist`).

use wasm_bindgen::prelude::*;

use movielens_core::expect::Outcome;
use movielens_web::checklist::{checklist, Item};
use movielens_web::Loaded;

use crate::dom::{by_id, child, clear, or_failed};

/// The checklist of `l`, with the expectations' outcomes once known.
pub fn show(l: &Loaded, outcomes: Option<&[Outcome]>) {
    or_failed("the checklist", draw(&checklist(l, outcomes)));
}

fn draw(items: &[Item]) -> Result<(), JsValue> {
    let list = by_id("checklist")?;
    clear(&list);
    for item in items {
        let li = child(&list, "li", item.tone.class(), "")?;
        let e = match item.place {
            // The shared contract: the tabs open on `data-open-tab` and
            // move to `data-focus`.
            Some(place) => {
                let b = child(&li, "button", "link", &item.text)?;
                b.set_attribute("type", "button")?;
                b.set_attribute("data-open-tab", place.tab)?;
                b.set_attribute("data-focus", place.focus)?;
                b
            }
            None => child(&li, "span", "", &item.text)?,
        };
        e.set_attribute("title", &item.detail)?;
    }
    crate::dom::show("checklist", !items.is_empty());
    Ok(())
}
