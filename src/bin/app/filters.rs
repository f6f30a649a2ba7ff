//! The filter controls: the chips, the range and number inputs, clicks on
//! charts, the URL hash, and the list of active filters. Each turns into a
//! new filter for the model ([`Msg::Filter`]); the controls and the URL
//! show the model's filter.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, MouseEvent};

use movielens_core::analytics::{Dimension, Filter, Pick};
use movielens_core::charts::HitKey;
use movielens_core::model::{AgeGroup, Gender, Genre, Occupation, Schema, AGE_GROUPS};
use movielens_core::time::{civil, parse_instant};
use movielens_web::hash::UrlState;
use movielens_web::page::{Msg, Page, Status};
use movielens_web::JsFile;

use crate::app::{dispatch, with_app};
use crate::dom::{
    by_id, by_id_as, child, clear, document, failed, log, on, or_failed, set_status, show,
    thousands, window,
};

/// The model's filter and minimum ratings of the top lists.
fn current() -> (Filter, u64) {
    with_app(|a| (a.page.filter().clone(), a.page.top_min())).unwrap_or_default()
}

fn set_filter(filter: Filter, top_min: u64) {
    dispatch(Msg::Filter(filter, top_min));
}

/// A click on a chart's bar, cell or point that names a dimension.
/// A movie of a top list opens its detail instead.
pub fn click_key(key: &HitKey) {
    if let HitKey::Movie(id) = key {
        return dispatch(Msg::OpenMovie(*id));
    }
    let (mut f, top) = current();
    if key.toggle(&mut f) {
        set_filter(f, top);
    }
}

/// A brush on a chart (a drag, a key): the filter with `change` applied.
pub fn change(change: impl FnOnce(&mut Filter)) {
    let (mut f, top) = current();
    change(&mut f);
    if f != current().0 {
        set_filter(f, top);
    }
}

/// The filter changed: into the URL, and the controls show it.
pub fn show_filter(page: &Page<JsFile>) {
    write_url(page);
    sync_controls(page);
}

/// The URL's hash says the model's filter and the tab shown.
pub fn write_url(page: &Page<JsFile>) {
    let state = UrlState {
        filter: page.filter().clone(),
        top_min: page.top_min(),
        tab: crate::tabs::current(),
    };
    let hash = state.to_hash();
    let url = if hash.is_empty() {
        let location = window().location();
        location
            .pathname()
            .and_then(|path| Ok(path + &location.search()?))
    } else {
        Ok(format!("#{hash}"))
    };
    // replaceState: no hashchange event, the state is already applied.
    let replaced = url.and_then(|url| {
        window()
            .history()?
            .replace_state_with_url(&JsValue::NULL, "", Some(&url))
    });
    if let Err(e) = replaced {
        log("could not put the filter in the URL", &e);
    }
}

// ---- controls -----------------------------------------------------

fn chip(parent: &Element, pick: Pick, label: &str) -> Result<(), JsValue> {
    let key = match pick {
        Pick::Gender(g) => g.code().to_owned(),
        Pick::Age(a) => a.code().to_string(),
        Pick::Occupation(o) => o.code().to_string(),
        Pick::Genre(g) => g.index().to_string(),
        Pick::Time(..) | Pick::Year(_) | Pick::Movie(_) => String::new(),
    };
    let b = child(parent, "button", "chip", label)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-dim", pick.dimension().name())?;
    b.set_attribute("data-key", &key)?;
    b.set_attribute("aria-pressed", "false")?;
    on::<MouseEvent>(&b, "click", move |_| {
        let (mut f, top) = current();
        f.toggle(pick);
        set_filter(f, top);
    });
    CHIPS.with_borrow_mut(|chips| chips.push((b, pick)));
    Ok(())
}

/// Fits the controls to the release loaded: its genres (IMAX from ML-10M
/// on) and their spelling, its occupations' names, and, without a users
/// file, no gender, age or occupation controls (a one-line note instead).
pub fn fit_to(schema: &Schema) -> Result<(), JsValue> {
    CHIPS.with_borrow(|chips| -> Result<(), JsValue> {
        for (b, pick) in chips {
            match pick {
                Pick::Genre(g) => {
                    b.set_text_content(Some(schema.genres.name(*g)));
                    show_el(b, schema.genres.has(*g))?;
                }
                Pick::Occupation(o) => b.set_text_content(Some(schema.occupations.label(*o))),
                _ => {}
            }
        }
        Ok(())
    })?;
    for id in ["f-gender", "f-age", "f-occupation"] {
        let set = by_id(id)?.closest("fieldset")?;
        if let Some(set) = set {
            show_el(&set, schema.demographics)?;
        }
    }
    let note = by_id("demographics-note")?;
    show_el(&note, !schema.demographics)?;
    crate::dom::body_data(
        "demographics",
        if schema.demographics { "yes" } else { "none" },
    );
    Ok(())
}

fn show_el(el: &Element, shown: bool) -> Result<(), JsValue> {
    if shown {
        el.remove_attribute("hidden")
    } else {
        el.set_attribute("hidden", "")
    }
}

/// The chips and inputs of every filter, and Clear all.
pub fn build() -> Result<(), JsValue> {
    let g = by_id("f-gender")?;
    for gender in Gender::ALL {
        chip(&g, Pick::Gender(gender), gender.label())?;
    }
    let a = by_id("f-age")?;
    for age in AgeGroup::ALL {
        chip(&a, Pick::Age(age), age.label())?;
    }
    let o = by_id("f-occupation")?;
    for occupation in Occupation::all() {
        chip(&o, Pick::Occupation(occupation), occupation.label())?;
    }
    let ge = by_id("f-genre")?;
    for genre in Genre::all() {
        chip(&ge, Pick::Genre(genre), genre.name())?;
    }
    for id in [
        "f-from",
        "f-to",
        "f-year-from",
        "f-year-to",
        "f-min",
        "f-top",
        "f-asof",
    ] {
        on::<web_sys::Event>(&by_id(id)?, "change", move |_| read_inputs());
    }
    // asof: back to now.
    on::<MouseEvent>(&by_id("f-asof-now")?, "click", |_| {
        change(|f| f.as_of = None)
    });
    on::<MouseEvent>(&by_id("clear")?, "click", |_| {
        set_filter(Filter::default(), current().1)
    });
    Ok(())
}

/// A new filter or tab from the URL hash (edited, or a link followed), and the ✕
/// of each active filter: one delegated click listener on `#active`
/// serves them all.
pub fn wire_hash() -> Result<(), JsValue> {
    on::<web_sys::Event>(&window(), "hashchange", |_| {
        let hash = match window().location().hash() {
            Ok(hash) => hash,
            Err(e) => return log("could not read the URL hash", &e),
        };
        let state = UrlState::from_hash(&hash);
        if state.tab != crate::tabs::current() {
            crate::tabs::select(state.tab);
        }
        if (state.filter.clone(), state.top_min) != current() {
            set_filter(state.filter, state.top_min);
        }
    });
    on::<MouseEvent>(&by_id("active")?, "click", |ev| {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let button = target.and_then(|t| t.closest("[data-remove]").ok().flatten());
        if let Some(dim) = button.and_then(|b| b.get_attribute("data-remove")) {
            remove_dimension(&dim);
        }
    });
    Ok(())
}

/// The rating-time and release-year bounds of a new dataset.
pub fn set_bounds(first_ts: u32, last_ts: u32, first_year: u16, last_year: u16) {
    let set = || -> Result<(), JsValue> {
        for id in ["f-from", "f-to"] {
            let i = by_id_as::<HtmlInputElement>(id)?;
            i.set_min(&ym(first_ts));
            i.set_max(&ym(last_ts));
        }
        for id in ["f-year-from", "f-year-to"] {
            by_id_as::<HtmlInputElement>(id)?.set_placeholder(&format!("{first_year}–{last_year}"));
        }
        Ok(())
    };
    or_failed("the bounds of the time filters", set());
}

/// Unix seconds of the first instant of `YYYY-MM` (UTC).
fn month_ts(value: &str, next: bool) -> Option<u32> {
    let (y, m) = value.split_once('-')?;
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    if !(1970..=2105).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let index = (y - 1970) * 12 + m - 1 + u32::from(next);
    Some(movielens_core::analytics::month_start(index))
}

/// The trimmed text of an input.
fn text(id: &str) -> Result<String, String> {
    by_id_as::<HtmlInputElement>(id)
        .map(|i| i.value().trim().to_owned())
        .map_err(|e| {
            log("could not read a filter", &e);
            format!("Internal error: the filter #{id} is missing; please reload the page.")
        })
}

fn month(id: &str, next: bool) -> Result<Option<u32>, String> {
    let v = text(id)?;
    if v.is_empty() {
        return Ok(None);
    }
    month_ts(&v, next)
        .map(Some)
        .ok_or_else(|| format!("“{v}” is not a month: write it as YYYY-MM, e.g. 2000-11."))
}

fn number(id: &str, what: &str) -> Result<Option<u64>, String> {
    let v = text(id)?;
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<u64>()
        .map(Some)
        .map_err(|_| format!("“{v}” is not a whole number of {what}."))
}

fn year(id: &str) -> Result<Option<u16>, String> {
    Ok(number(id, "years")?.map(|y| y.min(u64::from(u16::MAX)) as u16))
}

/// The filter of the range and number inputs over `f`.
fn parse_inputs(mut f: Filter, top: u64) -> Result<(Filter, u64), String> {
    let (from, to) = (month("f-from", false)?, month("f-to", true)?);
    f.time = match (from, to) {
        (None, None) => None,
        (a, b) => {
            let (a, b) = (a.unwrap_or(0), b.unwrap_or(u32::MAX));
            if a >= b {
                return Err("The “rated from” month is after the “to” month.".into());
            }
            Some((a, b))
        }
    };
    f.years = match (year("f-year-from")?, year("f-year-to")?) {
        (None, None) => None,
        (a, b) => {
            let (a, b) = (a.unwrap_or(0), b.unwrap_or(u16::MAX));
            if a > b {
                return Err("The “released from” year is after the “to” year.".into());
            }
            Some((a, b))
        }
    };
    f.min_ratings = number("f-min", "ratings")?.map_or(0, |v| v.min(u64::from(u32::MAX)) as u32);
    let top = number("f-top", "ratings")?.unwrap_or(top).max(1);
    // asof: the datetime-local value (`YYYY-MM-DDTHH:MM`) read as UTC.
    let when = text("f-asof")?;
    f.as_of = match when.as_str() {
        "" => None,
        v => Some(parse_instant(v).ok_or("The “as of” instant is not a date and time.")?),
    };
    Ok((f, top))
}

/// Reads the range and number inputs. A value that does not parse, or a
/// range that ends before it starts, gets one message and changes
/// nothing (the inputs keep what was typed).
fn read_inputs() {
    let (f, top) = current();
    match parse_inputs(f, top) {
        Ok((f, top)) => set_filter(f, top),
        Err(message) => set_status(&message, Status::Error),
    }
}

/// `YYYY-MM-DD HH:MM` (UTC), with `sep` between date and time.
pub fn minutes(ts: u32, sep: &str) -> String {
    let c = civil(ts);
    format!(
        "{:04}-{:02}-{:02}{sep}{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    )
}

fn ym(ts: u32) -> String {
    let c = civil(ts);
    format!("{:04}-{:02}", c.year, c.month)
}

thread_local! {
    /// Every chip with the value it selects, so that syncing asks the
    /// filter ([`Filter::selects`]) instead of reading the DOM back.
    static CHIPS: std::cell::RefCell<Vec<(Element, Pick)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The chips pressed for the filter's dimensions.
fn sync_chips(f: &Filter) -> Result<(), JsValue> {
    CHIPS.with_borrow(|chips| {
        for (b, pick) in chips {
            let on = f.selects(*pick) == Some(true);
            b.set_attribute("aria-pressed", if on { "true" } else { "false" })?;
        }
        Ok(())
    })
}

/// What the range and number inputs show for a filter: (id, value).
fn input_values(f: &Filter, top_min: u64) -> [(&'static str, String); 7] {
    let (from, to) = match f.time {
        Some((a, b)) => (
            if a == 0 { String::new() } else { ym(a) },
            if b == u32::MAX {
                String::new()
            } else {
                ym(b.saturating_sub(1))
            },
        ),
        None => Default::default(),
    };
    let (year_from, year_to) = match f.years {
        Some((a, b)) => (
            if a == 0 { String::new() } else { a.to_string() },
            if b == u16::MAX {
                String::new()
            } else {
                b.to_string()
            },
        ),
        None => Default::default(),
    };
    let min = if f.min_ratings > 0 {
        f.min_ratings.to_string()
    } else {
        String::new()
    };
    [
        ("f-from", from),
        ("f-to", to),
        ("f-year-from", year_from),
        ("f-year-to", year_to),
        ("f-min", min),
        ("f-top", top_min.to_string()),
        ("f-asof", f.as_of.map_or(String::new(), |t| minutes(t, "T"))),
    ]
}

/// The controls show the model's filter.
pub fn sync_controls(page: &Page<JsFile>) {
    or_failed("the filter chips", sync_chips(page.filter()));
    let set = || -> Result<(), JsValue> {
        for (id, v) in input_values(page.filter(), page.top_min()) {
            let i = by_id_as::<HtmlInputElement>(id)?;
            if i.value() != v {
                i.set_value(&v);
            }
        }
        Ok(())
    };
    or_failed("the filter inputs", set());
}

/// Removes one dimension from the current filter (the ✕ of an active
/// filter; read at click time, so a newer filter is never undone).
fn remove_dimension(dim: &str) {
    if dim == "asof" {
        return change(|f| f.as_of = None);
    }
    let Some(dim) = Dimension::from_name(dim) else {
        return;
    };
    let (mut f, top) = current();
    f.clear(dim);
    set_filter(f, top);
}

/// Names the values of one dimension.
fn labels<T>(values: &[T], name: impl Fn(&T) -> Option<&'static str>, sep: &str) -> String {
    values.iter().filter_map(name).collect::<Vec<_>>().join(sep)
}

/// The active filters as (label, dimension), in the order of the controls.
fn active(f: &Filter, schema: &Schema) -> Vec<(String, &'static str)> {
    let mut items = Vec::new();
    if !f.genders.is_empty() {
        let v = labels(&f.genders, |g| Some(g.label()), ", ");
        items.push((format!("gender: {v}"), "gender"));
    }
    if !f.ages.is_empty() {
        let age = |a: &u8| AGE_GROUPS.iter().find(|(c, _)| c == a).map(|(_, l)| *l);
        items.push((format!("age: {}", labels(&f.ages, age, ", ")), "age"));
    }
    if !f.occupations.is_empty() {
        let v = labels(
            &f.occupations,
            |o| Occupation::from_code(*o).map(|o| schema.occupations.label(o)),
            ", ",
        );
        items.push((format!("occupation: {v}"), "occupation"));
    }
    if !f.genres.is_empty() {
        let name = |g: &u8| Genre::from_index(*g).map(|g| schema.genres.name(g));
        let v = labels(&f.genres, name, " or ");
        items.push((format!("genre: {v}"), "genre"));
    }
    if let Some((a, b)) = f.time {
        let label = match (a, b) {
            (0, b) => format!("rated up to {}", ym(b.saturating_sub(1))),
            (a, u32::MAX) => format!("rated from {}", ym(a)),
            (a, b) => format!("rated {} to {}", ym(a), ym(b.saturating_sub(1))),
        };
        items.push((label, "time"));
    }
    if let Some((a, b)) = f.years {
        let label = match (a, b) {
            (0, b) => format!("released up to {b}"),
            (a, u16::MAX) => format!("released from {a}"),
            (a, b) if a == b => format!("released in {a}"),
            (a, b) => format!("released {a}–{b}"),
        };
        items.push((label, "years"));
    }
    if f.min_ratings > 0 {
        let label = format!(
            "movies with ≥ {} ratings",
            thousands(u64::from(f.min_ratings))
        );
        items.push((label, "min"));
    }
    if !f.movies.is_empty() {
        let names: Vec<String> = f.movies.iter().map(|&id| crate::movie::name(id)).collect();
        items.push((format!("movie: {}", names.join(" or ")), "movie"));
    }
    if let Some(t) = f.as_of {
        items.push((format!("as of {} UTC", minutes(t, " ")), "asof"));
    }
    items
}

/// The list of active filters, each removable (its ✕ is served by the
/// listener of [`wire_hash`]), and "clear all".
pub fn show_active(f: &Filter, schema: &Schema) {
    if let Err(e) = active_list(f, schema) {
        failed("the active filters", &e);
    }
}

fn active_list(f: &Filter, schema: &Schema) -> Result<(), JsValue> {
    let out = by_id("active")?;
    // Rebuilding the list drops the focus of a ✕ just pressed: keep the
    // keyboard user in the list (or on the first filter control).
    let had_focus = document()
        .active_element()
        .is_some_and(|e| out.contains(Some(&e)) || e.id() == "clear");
    clear(&out);
    let items = active(f, schema);
    show("clear", !items.is_empty());
    if items.is_empty() {
        child(&out, "span", "none", "No filters: every rating counts.")?;
    }
    for (label, dim) in items {
        let b = child(&out, "button", "active-chip", &label)?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-remove", dim)?;
        b.set_attribute("aria-label", &format!("Remove the filter {label}"))?;
        child(&b, "span", "x", " ✕")?;
    }
    if had_focus {
        // The chips may be folded away: the button that unfolds them.
        let next = match out.query_selector("button")? {
            Some(b) => Some(b),
            None => Some(by_id("filters-toggle")?),
        };
        if let Some(h) = next.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            h.focus()?;
        }
    }
    Ok(())
}
