//! Sorting and search for every table of the page (profile, lineage,
//! rejects, the expectations' examples), on the rows already built: a
//! header cell's text becomes a button that sorts by its column (the
//! header says `aria-sort`), and a search field above the table hides the
//! rows that do not contain its text, with a "N of M rows" count.
//!
//! Numbers sort as numbers ("1,234", "36.2 %", "12.5 days" by their
//! leading number), text case-insensitively, and empty or "–" cells last
//! in both directions. Two listeners on the document serve every table,
//! present and future (the panels rebuild their tables on each load).

use std::cell::Cell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement};

use movielens_web::sort::{order, Key};

use crate::dom::{child, document, el, log, on, set_hidden};

thread_local! {
    static WIRED: Cell<bool> = const { Cell::new(false) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// Makes `table` sortable and searchable; `what` names its rows for the
/// search field ("rejected rows"). A header cell with `data-nosort` stays
/// as it is. Again on a rebuilt table: its search field stays, and its
/// text applies to the new rows.
pub fn enhance(table: &Element, what: &str) -> Result<(), JsValue> {
    wire_once();
    if table.id().is_empty() {
        let n = NEXT_ID.with(|c| c.replace(c.get() + 1));
        table.set_id(&format!("table-{n}"));
    }
    let id = table.id();
    for th in elements(table, ":scope > tr > th, :scope > thead > tr > th")? {
        if th.has_attribute("data-nosort") || th.query_selector("button").ok().flatten().is_some() {
            continue;
        }
        let label = th.text_content().unwrap_or_default();
        th.set_text_content(None);
        let b = child(&th, "button", "sort", &label)?;
        b.set_attribute("type", "button")?;
        b.set_attribute("title", &format!("Sort by {label}"))?;
        th.set_attribute("aria-sort", "none")?;
    }
    let tools = match document().query_selector(&format!(".table-tools[data-table=\"{id}\"]"))? {
        Some(t) => t,
        None => {
            let tools = el("div", "table-tools", "")?;
            tools.set_attribute("data-table", &id)?;
            let label = child(&tools, "label", "", "Search ")?;
            let input = child(&label, "input", "table-search", "")?;
            input.set_attribute("type", "search")?;
            input.set_attribute("data-table", &id)?;
            input.set_attribute("placeholder", &format!("in the {what}"))?;
            input.set_attribute("aria-label", &format!("Search the {what}"))?;
            input.set_attribute("aria-controls", &id)?;
            let count = child(&tools, "span", "table-count", "")?;
            count.set_attribute("aria-live", "polite")?;
            // Above the scrolling box the table may sit in.
            let anchor = match table.parent_element() {
                Some(p) if p.class_list().contains("scroll") => p,
                _ => table.clone(),
            };
            anchor.before_with_node_1(&tools)?;
            tools
        }
    };
    let query = tools
        .query_selector("input")?
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default();
    search(table, &query)
}

/// The elements under `root` matching `selector`.
fn elements(root: &Element, selector: &str) -> Result<Vec<Element>, JsValue> {
    let list = root.query_selector_all(selector)?;
    Ok((0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect())
}

/// The rows of data (those without header cells).
fn data_rows(table: &Element) -> Result<Vec<Element>, JsValue> {
    Ok(elements(table, ":scope > tr, :scope > tbody > tr")?
        .into_iter()
        .filter(|tr| tr.query_selector(":scope > th").ok().flatten().is_none())
        .collect())
}

/// One listener for the sort buttons and one for the search fields of
/// every table.
fn wire_once() {
    if WIRED.with(|w| w.replace(true)) {
        return;
    }
    let doc = document();
    // Plain functions: one copy of the listener's code for both.
    on::<Event>(&doc, "click", clicked as fn(Event));
    on::<Event>(&doc, "input", typed as fn(Event));
}

/// A click anywhere: on a header's sort button, it sorts.
fn clicked(e: Event) {
    let button = e
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|t| t.closest("th > button.sort").ok().flatten());
    if let Some(b) = button {
        if let Err(err) = sort_by(&b) {
            log("could not sort the table", &err);
        }
    }
}

/// Typing anywhere: in a table's search field, it searches.
fn typed(e: Event) {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        .filter(|i| i.class_list().contains("table-search"))
    else {
        return;
    };
    let id = input.get_attribute("data-table").unwrap_or_default();
    let searched = crate::dom::by_id(&id).and_then(|t| search(&t, &input.value()));
    if let Err(err) = searched {
        log("could not search the table", &err);
    }
}

/// Hides the rows without `query` (case-insensitive), shows the others,
/// and counts them.
fn search(table: &Element, query: &str) -> Result<(), JsValue> {
    // The browser's lower case (all of Unicode: "É" finds "é") costs the
    // page no case tables.
    let query: String = js_sys::JsString::from(query.trim()).to_lower_case().into();
    let rows = data_rows(table)?;
    let mut shown = 0;
    for tr in &rows {
        let text = js_sys::JsString::from(tr.text_content().unwrap_or_default()).to_lower_case();
        let hit = query.is_empty() || text.includes(&query, 0);
        set_hidden(tr, !hit)?;
        shown += usize::from(hit);
    }
    let count = document().query_selector(&format!(
        ".table-tools[data-table=\"{}\"] .table-count",
        table.id()
    ))?;
    if let Some(c) = count {
        let (shown, all) = (shown as u64, rows.len() as u64);
        let (shown, all) = (crate::dom::thousands(shown), crate::dom::thousands(all));
        c.set_text_content(Some(&format!("{shown} of {all} rows")));
    }
    Ok(())
}

/// A click on a header's button: sorts its table by that column, ascending
/// first, then the other way.
fn sort_by(button: &Element) -> Result<(), JsValue> {
    let (Some(th), Some(table)) = (button.parent_element(), button.closest("table")?) else {
        return Ok(());
    };
    let Some(header) = th.parent_element() else {
        return Ok(());
    };
    let headers = elements(&header, ":scope > th")?;
    let Some(column) = headers.iter().position(|h| *h == th) else {
        return Ok(());
    };
    let descending = th.get_attribute("aria-sort").as_deref() == Some("ascending");
    for h in &headers {
        if h.has_attribute("aria-sort") {
            h.set_attribute("aria-sort", "none")?;
        }
    }
    th.set_attribute(
        "aria-sort",
        if descending {
            "descending"
        } else {
            "ascending"
        },
    )?;
    let rows = data_rows(&table)?;
    let keys: Vec<Option<Key>> = rows
        .iter()
        .map(|tr| {
            let cell = elements(tr, ":scope > td")
                .ok()
                .and_then(|cells| cells.into_iter().nth(column));
            Key::of(&cell.and_then(|c| c.text_content()).unwrap_or_default())
        })
        .collect();
    for i in order(&keys, descending) {
        let tr = &rows[i];
        if let Some(parent) = tr.parent_node() {
            parent.append_child(tr)?;
        }
    }
    Ok(())
}
