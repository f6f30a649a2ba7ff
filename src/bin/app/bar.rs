//! The filter bar that stays in view over the dashboard: the button that
//! unfolds the filter controls, the active filters (filters.rs), how many
//! ratings pass ("82,319 of 1,000,209 ratings"), Clear all and Copy link.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent, MouseEvent};

use movielens_web::page::Page;
use movielens_web::JsFile;

use crate::dom::{by_id, by_id_as, log, on, or_failed, set_hidden, set_text, thousands, window};

/// How many ratings pass the filter, of all the dataset's (its accepted
/// ratings: the dashboard of no filter counts exactly those; as of an
/// instant, of the ratings that stood then).
pub fn show_count(page: &Page<JsFile>) {
    let (Some(d), Some(l)) = (page.dashboard(), page.loaded()) else {
        return;
    };
    let (shown, mut total) = (d.kpis.ratings, l.ratings());
    // asof: M counts the ratings that stood at the instant.
    // Live mode serves the whole stream: the instant does not apply.
    let as_of = page.drawn_filter().as_of;
    if let Some((_, m)) = page.as_of_ratings().filter(|a| Some(a.0) == as_of) {
        total = m;
        let others = movielens_core::analytics::Filter {
            as_of: None,
            ..page.filter().clone()
        };
        if shown == total && others.is_empty() {
            return set_text("count", &format!("all {} ratings then", thousands(total)));
        }
    }
    let text = if shown == total && page.filter().is_empty() {
        format!("all {} ratings", thousands(total))
    } else {
        format!("{} of {} ratings", thousands(shown), thousands(total))
    };
    set_text("count", &text);
}

/// Unfolds or folds the filter controls.
fn toggle() -> Result<(), JsValue> {
    let button = by_id("filters-toggle")?;
    let open = button.get_attribute("aria-expanded").as_deref() != Some("true");
    button.set_attribute("aria-expanded", if open { "true" } else { "false" })?;
    set_hidden(&by_id("filter-controls")?, !open)
}

/// Says something beside Copy link for a few seconds.
fn say(text: &str) {
    set_text("copied", text);
    let clear = Closure::once_into_js(|| set_text("copied", ""));
    let timer =
        window().set_timeout_with_callback_and_timeout_and_arguments_0(clear.unchecked_ref(), 4000);
    if let Err(e) = timer {
        log("could not clear the copy confirmation", &e);
    }
}

/// Where the clipboard is not available (an insecure origin, an old
/// browser, permission refused): the link in a text field, selected, for
/// the person to copy.
fn show_link(url: &str) {
    let shown = by_id_as::<HtmlInputElement>("link-text").and_then(|input| {
        input.set_value(url);
        set_hidden(&input, false)?;
        input.focus()?;
        input.select();
        Ok(())
    });
    or_failed("the link", shown);
    say("Copy the selected link (Ctrl+C or ⌘C).");
}

/// `navigator.clipboard.writeText`, if the browser has it.
fn write_text(text: &str) -> Option<js_sys::Promise> {
    let navigator = js_sys::Reflect::get(&window(), &"navigator".into()).ok()?;
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    if clipboard.is_undefined() || clipboard.is_null() {
        return None;
    }
    let write: js_sys::Function = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()?
        .dyn_into()
        .ok()?;
    write.call1(&clipboard, &text.into()).ok()?.dyn_into().ok()
}

/// Copies the page's URL (the hash holds the filter and the tab).
fn copy_link() {
    let url = match window().location().href() {
        Ok(url) => url,
        Err(e) => return log("could not read the URL", &e),
    };
    let Some(promise) = write_text(&url) else {
        return show_link(&url);
    };
    // Promise callbacks, not an async block: the page links no futures
    // executor (its bytes count against the bundle budget).
    let copied = Closure::once_into_js(|_: JsValue| {
        if let Ok(input) = by_id("link-text") {
            or_failed("the link", set_hidden(&input, true));
        }
        say("Link copied");
    });
    let refused = Closure::once_into_js(move |e: JsValue| {
        log("could not copy the link", &e);
        show_link(&url);
    });
    // Promise.prototype.then with both callbacks (once-closures, freed
    // when called).
    let then = js_sys::Reflect::get(&promise, &"then".into())
        .and_then(|t| t.dyn_into::<js_sys::Function>())
        .and_then(|then| then.call2(&promise, &copied, &refused));
    if let Err(e) = then {
        log("could not wait for the clipboard", &e);
    }
}

/// The bar's buttons.
pub fn wire() -> Result<(), JsValue> {
    on::<MouseEvent>(&by_id("filters-toggle")?, "click", |_| {
        or_failed("the filter controls", toggle())
    });
    // Escape in the unfolded controls folds them, back on their button.
    on::<KeyboardEvent>(&by_id("filter-controls")?, "keydown", |ev| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            let folded = toggle().and_then(|()| by_id_as::<HtmlElement>("filters-toggle")?.focus());
            or_failed("the filter controls", folded);
        }
    });
    on::<MouseEvent>(&by_id("copy-link")?, "click", |_| copy_link());
    Ok(())
}
