//! append (issue 8) on the page: one file given while data is shown is
//! sniffed (its first 64 KiB, by the core's recogniser); a ratings file is
//! offered to add (`#append-offer`, in the status bar: Add to current
//! data, Replace, Dismiss; Escape dismisses), anything else loads as
//! before. The model decides ([`movielens_web::page::Page::can_append`]).

use wasm_bindgen::prelude::*;
use web_sys::{File, HtmlElement, KeyboardEvent, MouseEvent};

use movielens_core::ingest::kind::{sniff, Sniffed, SNIFF_BYTES};
use movielens_core::vocab::Format;
use movielens_core::FileKind;
use movielens_web::loads::Source;
use movielens_web::page::append::Choice;
use movielens_web::page::Msg;
use movielens_web::JsFile;

use crate::app::{dispatch, with_app};
use crate::dom::{by_id, by_id_as, document, on, or_failed, set_hidden};

/// One file given while data is shown: offered if it holds ratings.
pub fn given(file: File) {
    wasm_bindgen_futures::spawn_local(async move {
        let prefix = crate::worker::scope::read(&file, 0.0, SNIFF_BYTES as f64).await;
        let ratings = match prefix {
            Ok(p) => matches!(
                sniff(&p, &file.name()),
                Ok(Sniffed::Table(FileKind::Ratings, Format::Dat))
            ),
            // Unreadable here: the load says why.
            Err(_) => false,
        };
        let file = JsFile(file);
        dispatch(if ratings {
            Msg::Ratings(file)
        } else {
            Msg::Load(Source::Files(vec![file]))
        });
    });
}

/// Shows the offer for the file `name` (focus on Add), or hides it (focus
/// back on Open files… if it was in the offer).
pub fn show_offer(name: Option<&str>) {
    or_failed("the offer to add ratings", try_show(name));
}

fn try_show(name: Option<&str>) -> Result<(), JsValue> {
    let offer = by_id("append-offer")?;
    if let Some(name) = name {
        by_id("append-offer-text")?.set_text_content(Some(&format!(
            "{name} holds ratings. Add them to the data shown (a re-rating replaces the older one; unknown users or movies are rejected), or replace the data with this file?"
        )));
        set_hidden(&offer, false)?;
        return by_id_as::<HtmlElement>("append-add")?.focus();
    }
    let inside = document()
        .active_element()
        .is_some_and(|a| offer.contains(Some(&*a)));
    set_hidden(&offer, true)?;
    if inside {
        by_id_as::<HtmlElement>("open")?.focus()?;
    }
    Ok(())
}

/// The offer's buttons, and Escape anywhere while it is open.
pub fn wire() -> Result<(), JsValue> {
    for (id, choice) in [
        ("append-add", Choice::Add),
        ("append-replace", Choice::Replace),
        ("append-dismiss", Choice::Dismiss),
    ] {
        on::<MouseEvent>(&by_id(id)?, "click", move |_| dispatch(Msg::Offer(choice)));
    }
    on::<KeyboardEvent>(&document(), "keydown", |ev| {
        let open = with_app(|app| app.page.offered().is_some()) == Some(true);
        // Not when a control nearer the focus used it (a brush, a menu).
        if open && ev.key() == "Escape" && !ev.default_prevented() {
            ev.prevent_default();
            dispatch(Msg::Offer(Choice::Dismiss));
        }
    });
    Ok(())
}

/// Whether one file given now may be offered to add.
pub fn may_offer(files: &[File]) -> bool {
    files.len() == 1 && with_app(|app| app.page.can_append()) == Some(true)
}
