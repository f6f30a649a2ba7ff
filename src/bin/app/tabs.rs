//! The tabs (Dashboard, Data quality, Profile, Export) as the ARIA
//! Authoring Practices describe them: one panel shown at a time, the
//! selected tab the only one in the Tab order (roving tabindex), Left,
//! Right, Home and End move between tabs and select them (automatic
//! activation: a panel shows at once), Tab moves into the panel. The tab
//! shown is in the URL hash (`tab=quality`).
//!
//! Any element with `data-open-tab="dashboard|quality|profile|export"`
//! opens that tab when clicked (one listener on the document), and with
//! `data-focus="ID"` moves the focus to that element of the panel.

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, MouseEvent};

use movielens_web::hash::Tab;

use crate::app::with_app;
use crate::dom::{by_id, document, log, on, or_failed, set_hidden};

thread_local! {
    static CURRENT: Cell<Tab> = const { Cell::new(Tab::Dashboard) };
}

/// The tab shown.
pub fn current() -> Tab {
    CURRENT.get()
}

/// Shows `tab`'s panel, hides the others, and says so in the tab bar and
/// the URL. Canvases have no size in a hidden panel: the charts of the
/// panel shown are drawn again.
pub fn select(tab: Tab) {
    let before = CURRENT.replace(tab);
    or_failed("the tabs", mark(tab));
    if before != tab {
        with_app(|app| {
            crate::charts::redraw_all(app);
            crate::filters::write_url(&app.page);
        });
    }
}

fn mark(tab: Tab) -> Result<(), JsValue> {
    for t in Tab::ALL {
        let on = t == tab;
        let button = by_id(t.tab_id())?;
        button.set_attribute("aria-selected", if on { "true" } else { "false" })?;
        button.set_attribute("tabindex", if on { "0" } else { "-1" })?;
        set_hidden(&by_id(t.panel_id())?, !on)?;
    }
    Ok(())
}

/// The tab a key moves to from `from`, if the key moves.
fn moved(from: Tab, key: &str) -> Option<Tab> {
    let i = Tab::ALL.iter().position(|t| *t == from)?;
    let n = Tab::ALL.len();
    let to = match key {
        "ArrowRight" => (i + 1) % n,
        "ArrowLeft" => (i + n - 1) % n,
        "Home" => 0,
        "End" => n - 1,
        _ => return None,
    };
    Some(Tab::ALL[to])
}

fn focus(id: &str) {
    match by_id(id).map(|e| e.dyn_into::<HtmlElement>()) {
        Ok(Ok(h)) => {
            if let Err(e) = h.focus() {
                log("could not move the focus", &e);
            }
        }
        _ => log("nothing to focus", &JsValue::from_str(id)),
    }
}

/// Opens the tab of a `data-open-tab` element; with `data-focus`, focuses
/// that element (made focusable when it is not) and scrolls to it.
fn open(el: &Element) {
    let Some(tab) = el
        .get_attribute("data-open-tab")
        .and_then(|t| Tab::from_name(&t))
    else {
        return;
    };
    select(tab);
    let Some(id) = el.get_attribute("data-focus") else {
        return;
    };
    match by_id(&id) {
        Ok(target) => {
            let focusable = target
                .matches("a[href], button, input, select, textarea, summary, [tabindex]")
                .unwrap_or(false);
            if !focusable {
                if let Err(e) = target.set_attribute("tabindex", "-1") {
                    log("could not make an element focusable", &e);
                }
            }
            focus(&id);
            target.scroll_into_view();
        }
        Err(e) => log("a data-focus without its element", &e),
    }
}

/// The tab bar's keys, the document's `data-open-tab` clicks, and the tab
/// of the URL the page opened with.
pub fn wire(initial: Tab) -> Result<(), JsValue> {
    CURRENT.set(initial);
    or_failed("the tabs", mark(initial));
    on::<MouseEvent>(&document(), "click", |ev| {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        if let Some(el) = target.and_then(|t| t.closest("[data-open-tab]").ok().flatten()) {
            open(&el);
        }
    });
    let bar = document()
        .query_selector("[role=tablist]")?
        .ok_or_else(|| JsValue::from_str("no tab list in the page"))?;
    on::<KeyboardEvent>(&bar, "keydown", |ev| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        if let Some(tab) = moved(current(), &ev.key()) {
            ev.prevent_default();
            select(tab);
            focus(tab.tab_id());
        }
    });
    Ok(())
}
