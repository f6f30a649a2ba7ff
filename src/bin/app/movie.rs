//! The movie view: the title search in the header (an ARIA combobox whose
//! listbox the worker's matches fill), one movie's detail in
//! `<aside id="movie-view">`, and the page's shared contract: a click on
//! any element with `data-movie="ID"` opens that movie. The detail is
//! computed by the worker over the ratings that pass the dashboard's
//! filters (its movie filter aside), and drawn here as plain HTML bars.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, MouseEvent};

use movielens_core::analytics::{Dimension, Filter, MovieDetail, MovieRef, Pick, DAMPING};
use movielens_web::page::Msg;

use crate::app::{dispatch, with_app};
use crate::dom::{
    by_id, by_id_as, child, clear, document, log, mean, on, or_failed, set_hidden, style, thousands,
};

thread_local! {
    /// Where the focus was before the view opened: it returns there.
    static BACK: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
    /// The highlighted option of the search's listbox.
    static ACTIVE: Cell<Option<usize>> = const { Cell::new(None) };
    /// The movies the filter picks, by name (for the active-filter chip).
    static NAMES: RefCell<Vec<MovieRef>> = const { RefCell::new(Vec::new()) };
}

/// The search box, the delegated `data-movie` clicks, the view's close
/// button and Escape, and its filter button.
pub fn wire() -> Result<(), JsValue> {
    let input = by_id_as::<HtmlInputElement>("movie-search")?;
    on::<web_sys::Event>(&input, "input", {
        let input = input.clone();
        move |_| dispatch(Msg::Search(input.value()))
    });
    on::<KeyboardEvent>(&input, "keydown", {
        let input = input.clone();
        move |ev| key(&input, &ev)
    });
    on::<web_sys::Event>(&input, "blur", |_| set_open(false));
    // Keeps the focus in the box while an option is clicked.
    on::<MouseEvent>(&by_id("movie-options")?, "mousedown", |ev| {
        ev.prevent_default()
    });
    on::<MouseEvent>(&document(), "click", |ev| {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let hit = target.and_then(|t| {
            t.closest("[data-movie], [data-filter-movie]")
                .ok()
                .flatten()
        });
        if let Some(el) = hit {
            match el.get_attribute("data-filter-movie") {
                Some(id) => filter_to(&id),
                None => pick(&el),
            }
        }
    });
    on::<MouseEvent>(&by_id("movie-close")?, "click", |_| {
        dispatch(Msg::CloseMovie)
    });
    on::<KeyboardEvent>(&document(), "keydown", |ev| {
        // An Escape another control used (folding the filters, clearing a
        // brush) is not also a close.
        if ev.key() == "Escape" && is_open() && !ev.default_prevented() {
            dispatch(Msg::CloseMovie);
        }
    });
    Ok(())
}

/// Opens the movie of a `data-movie` element (an option of the search:
/// its title goes into the box).
fn pick(el: &Element) {
    let Some(id) = el.get_attribute("data-movie").and_then(|v| v.parse().ok()) else {
        return;
    };
    if let (Some(label), Ok(input)) = (
        el.get_attribute("data-label"),
        by_id_as::<HtmlInputElement>("movie-search"),
    ) {
        input.set_value(&label);
        set_open(false);
    }
    dispatch(Msg::OpenMovie(id));
}

/// The view's filter button: the movie joins the dashboard's filter, or
/// leaves it.
fn filter_to(id: &str) {
    let Ok(id) = id.parse::<u32>() else { return };
    let current = with_app(|a| (a.page.filter().clone(), a.page.top_min()));
    if let Some((mut f, top)) = current {
        f.toggle(Pick::Movie(id));
        dispatch(Msg::Filter(f, top));
    }
}

/// The listbox's options that name a movie.
fn options() -> Vec<Element> {
    let found = document().query_selector_all("#movie-options [data-movie]");
    let Ok(list) = found else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect()
}

/// Up and Down move through the matches, Enter opens the one highlighted
/// (or the first), Escape closes the list (then empties the box).
fn key(input: &HtmlInputElement, ev: &KeyboardEvent) {
    let options = options();
    let listed = by_id("movie-options").is_ok_and(|l| !l.has_attribute("hidden"));
    match ev.key().as_str() {
        k @ ("ArrowDown" | "ArrowUp") if !options.is_empty() => {
            ev.prevent_default();
            let n = options.len();
            let next = match (ACTIVE.get(), k == "ArrowDown") {
                (None, true) => 0,
                (None, false) => n - 1,
                (Some(i), true) => (i + 1) % n,
                (Some(i), false) => (i + n - 1) % n,
            };
            set_open(true);
            ACTIVE.set(Some(next));
            for (i, o) in options.iter().enumerate() {
                let on = if i == next { "true" } else { "false" };
                or_failed("the movie search", o.set_attribute("aria-selected", on));
            }
            or_failed(
                "the movie search",
                input.set_attribute("aria-activedescendant", &options[next].id()),
            );
        }
        "Enter" if listed => {
            if let Some(o) = options.get(ACTIVE.get().unwrap_or(0)) {
                ev.prevent_default();
                pick(o);
            }
        }
        "Escape" if listed => {
            // The list closes, not the movie view behind it.
            ev.stop_propagation();
            set_open(false);
        }
        "Escape" if !is_open() => input.set_value(""),
        _ => {}
    }
}

/// Shows or hides the listbox.
fn set_open(open: bool) {
    let set = || -> Result<(), JsValue> {
        let list = by_id("movie-options")?;
        let input = by_id("movie-search")?;
        let open = open && list.first_element_child().is_some();
        set_hidden(&list, !open)?;
        input.set_attribute("aria-expanded", if open { "true" } else { "false" })?;
        if !open {
            ACTIVE.set(None);
            input.remove_attribute("aria-activedescendant")?;
        }
        Ok(())
    };
    or_failed("the movie search", set());
}

/// The newest search's matches, as the listbox's options.
pub fn show_search(hits: &[MovieRef]) {
    let fill = || -> Result<(), JsValue> {
        let list = by_id("movie-options")?;
        let input = by_id_as::<HtmlInputElement>("movie-search")?;
        clear(&list);
        set_open(false);
        if input.value().trim().is_empty() {
            return Ok(());
        }
        for (i, m) in hits.iter().enumerate() {
            let li = child(&list, "li", "", &m.label())?;
            li.set_id(&format!("movie-opt-{i}"));
            li.set_attribute("role", "option")?;
            li.set_attribute("aria-selected", "false")?;
            li.set_attribute("data-movie", &m.movie_id.to_string())?;
            li.set_attribute("data-label", &m.label())?;
            let count = format!(" · {} ratings", thousands(u64::from(m.ratings)));
            child(&li, "span", "movie-count", &count)?;
        }
        if hits.is_empty() {
            let li = child(&list, "li", "movie-none", "No title matches")?;
            li.set_attribute("role", "option")?;
            li.set_attribute("aria-disabled", "true")?;
        }
        // Open only while the box has the focus (a late answer after a
        // pick does not reopen the list).
        let focused = document()
            .active_element()
            .is_some_and(|e| e.id() == "movie-search");
        set_open(focused);
        Ok(())
    };
    or_failed("the movie search", fill());
}

fn is_open() -> bool {
    by_id("movie-view").is_ok_and(|v| !v.has_attribute("hidden"))
}

fn focus(id: &str) {
    if let Ok(e) = by_id_as::<HtmlElement>(id) {
        if let Err(err) = e.focus() {
            log(&format!("could not focus #{id}"), &err);
        }
    }
}

/// Opens the view for a movie (its detail follows): the focus moves to
/// its heading and remembers where it was.
pub fn open(id: u32) {
    let shown = || -> Result<(), JsValue> {
        let view = by_id("movie-view")?;
        if view.has_attribute("hidden") {
            let back = document().active_element().and_then(|e| e.dyn_into().ok());
            BACK.with_borrow_mut(|b| *b = back);
            set_hidden(&view, false)?;
        }
        view.set_attribute("data-shown", &id.to_string())?;
        view.remove_attribute("data-ready")?;
        view.set_attribute("aria-busy", "true")?;
        by_id("movie-title")?.set_text_content(Some("Loading…"));
        clear(&by_id("movie-body")?);
        focus("movie-title");
        Ok(())
    };
    or_failed("the movie view", shown());
}

/// Closes the view; the focus returns where it was.
pub fn close() {
    if let Ok(view) = by_id("movie-view") {
        or_failed("the movie view", set_hidden(&view, true));
    }
    let back = BACK
        .with_borrow_mut(Option::take)
        .filter(|e| e.is_connected() && e.tag_name() != "BODY");
    match back {
        Some(e) => {
            if let Err(err) = e.focus() {
                log("could not give the focus back", &err);
            }
        }
        // It was nowhere (a click on a chart): the search box.
        None => focus("movie-search"),
    }
}

/// Remembers the names of the movies a new dashboard's filter picks.
pub fn remember(picked: &[MovieRef]) {
    NAMES.with_borrow_mut(|n| *n = picked.to_vec());
}

/// A picked movie's name for its filter chip.
pub fn name(id: u32) -> String {
    NAMES.with_borrow(|n| {
        n.iter()
            .find(|m| m.movie_id == id)
            .map_or_else(|| format!("#{id}"), MovieRef::label)
    })
}

/// Draws the open movie's detail (`None`: not in this dataset).
pub fn show(detail: Option<&MovieDetail>, filter: &Filter) {
    or_failed("the movie view", render(detail, filter));
}

fn render(detail: Option<&MovieDetail>, filter: &Filter) -> Result<(), JsValue> {
    let view = by_id("movie-view")?;
    let body = by_id("movie-body")?;
    let title = by_id("movie-title")?;
    let refocus = document()
        .active_element()
        .is_some_and(|e| e.id() == "movie-filter");
    clear(&body);
    view.remove_attribute("aria-busy")?;
    let Some(d) = detail else {
        title.set_text_content(Some("Movie not found"));
        let text = "This dataset has no movie with that id (a link made with other data?).";
        child(&body, "p", "note", text)?;
        return Ok(());
    };
    title.set_text_content(Some(&d.movie.label()));
    facts(&body, d, filter)?;
    histogram(&body, d)?;
    months(&body, d)?;
    who(&body, d)?;
    similar(&body, d)?;
    view.set_attribute("data-ready", &d.movie.movie_id.to_string())?;
    if refocus {
        focus("movie-filter");
    }
    Ok(())
}

/// What is counted, the headline numbers and the filter button.
fn facts(body: &Element, d: &MovieDetail, filter: &Filter) -> Result<(), JsValue> {
    let genres: Vec<&str> = d.genres.iter().map(|g| g.name()).collect();
    let about = format!(
        "{} · movie {} · in movies.dat: “{}”",
        genres.join(", "),
        d.movie.movie_id,
        d.title
    );
    child(body, "p", "note", &about)?;
    let others = Dimension::ALL
        .iter()
        .any(|&dim| dim != Dimension::Movie && filter.is_active(dim));
    let scope = if others {
        "Counted over the ratings that pass the dashboard’s current filters (not its movie filter)."
    } else {
        "Counted over every rating: the dashboard has no other filter."
    };
    child(body, "p", "movie-scope", scope)?;
    let stats = child(body, "dl", "movie-stats", "")?;
    for (key, label, value) in [
        ("ratings", "Ratings", thousands(d.ratings)),
        ("mean", "Mean", mean(d.mean)),
        ("damped", "Damped mean", format!("{:.3}", d.damped)),
    ] {
        let item = child(&stats, "div", "", "")?;
        child(&item, "dt", "", label)?;
        child(&item, "dd", "", &value)?.set_attribute("data-stat", key)?;
    }
    let why = format!(
        "The damped mean pulls the mean toward the mean of every rating counted ({}) as if the movie had {DAMPING} more ratings at it, as “Best rated movies” ranks them.",
        mean(d.overall_mean)
    );
    child(body, "p", "note", &why)?;
    let picked = filter.selects(Pick::Movie(d.movie.movie_id)) == Some(true);
    let label = if picked {
        "Stop filtering the dashboard to this movie"
    } else {
        "Filter the dashboard to this movie"
    };
    let b = child(body, "button", "primary", label)?;
    b.set_id("movie-filter");
    b.set_attribute("type", "button")?;
    b.set_attribute("data-filter-movie", &d.movie.movie_id.to_string())?;
    Ok(())
}

/// A horizontal bar: a label, the bar at `share` of the track, the value.
fn bar(parent: &Element, label: &str, share: f64, value: &str) -> Result<Element, JsValue> {
    let row = child(parent, "div", "movie-bar", "")?;
    child(&row, "span", "movie-bar-label", label)?;
    let track = child(&row, "span", "movie-track", "")?;
    let fill = child(&track, "span", "movie-fill", "")?;
    style(&fill, "width", &format!("{:.1}%", share * 100.0));
    child(&row, "span", "movie-bar-value", value)?;
    Ok(row)
}

fn histogram(body: &Element, d: &MovieDetail) -> Result<(), JsValue> {
    child(body, "h3", "", "Ratings by stars")?;
    let bars = child(body, "div", "movie-bars", "")?;
    bars.set_id("movie-histogram");
    let max = d.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    for halves in d.scale.halves().rev() {
        let c = d.histogram[usize::from(halves) - 1];
        let stars = movielens_core::model::star_text(halves);
        let pct = if d.ratings > 0 {
            format!(" ({:.0} %)", c as f64 * 100.0 / d.ratings as f64)
        } else {
            String::new()
        };
        let row = bar(
            &bars,
            &format!("{stars} ★"),
            c as f64 / max,
            &format!("{}{pct}", thousands(c)),
        )?;
        row.set_attribute("data-stars", &stars)?;
        row.set_attribute("data-count", &c.to_string())?;
    }
    Ok(())
}

fn months(body: &Element, d: &MovieDetail) -> Result<(), JsValue> {
    child(body, "h3", "", "Ratings per month")?;
    let (Some(first), Some(last)) = (d.months.first(), d.months.last()) else {
        child(body, "p", "note", "No ratings counted.")?;
        return Ok(());
    };
    let peak = d.months.iter().max_by_key(|m| m.ratings).unwrap_or(first);
    let strip = child(body, "div", "movie-months", "")?;
    strip.set_id("movie-months");
    strip.set_attribute("role", "img")?;
    let summary = format!(
        "Ratings per month from {} to {}; most in {} ({})",
        first.key,
        last.key,
        peak.key,
        thousands(peak.ratings)
    );
    strip.set_attribute("aria-label", &summary)?;
    let max = peak.ratings.max(1) as f64;
    for m in &d.months {
        let col = child(&strip, "span", "", "")?;
        style(
            &col,
            "height",
            &format!("{:.1}%", m.ratings as f64 * 100.0 / max),
        );
        let tip = format!(
            "{}: {} ratings, mean {}",
            m.key,
            thousands(m.ratings),
            mean(m.mean)
        );
        col.set_attribute("title", &tip)?;
        col.set_attribute("data-count", &m.ratings.to_string())?;
    }
    let axis = child(body, "div", "movie-axis", "")?;
    child(&axis, "span", "", &first.key)?;
    child(&axis, "span", "", &last.key)?;
    Ok(())
}

/// Who rated it: gender × age group, counts with their means.
fn who(body: &Element, d: &MovieDetail) -> Result<(), JsValue> {
    child(body, "h3", "", "Who rated it (gender × age)")?;
    let wrap = child(body, "div", "scroll", "")?;
    let table = child(&wrap, "table", "data movie-who", "")?;
    let head = child(&table, "tr", "", "")?;
    child(&head, "th", "", "")?;
    for b in d.by_gender_age.first().into_iter().flatten() {
        child(&head, "th", "", &b.label)?;
    }
    for (row, gender) in d.by_gender_age.iter().zip(["Female", "Male"]) {
        let tr = child(&table, "tr", "", "")?;
        child(&tr, "th", "", gender)?;
        for b in row {
            let text = match b.mean {
                Some(m) => format!("{} ({m:.2})", thousands(b.ratings)),
                None => "–".to_owned(),
            };
            child(&tr, "td", "", &text)?.set_attribute("data-count", &b.ratings.to_string())?;
        }
    }
    child(body, "p", "note", "Ratings, and their mean in brackets.")?;
    Ok(())
}

fn similar(body: &Element, d: &MovieDetail) -> Result<(), JsValue> {
    child(body, "h3", "", "Similar movies (rated by the same people)")?;
    if d.similar.is_empty() {
        child(
            body,
            "p",
            "note",
            "No one who rated it rated another movie.",
        )?;
        return Ok(());
    }
    let list = child(body, "ol", "movie-similar", "")?;
    list.set_id("movie-similar");
    for s in &d.similar {
        let li = child(&list, "li", "", "")?;
        li.set_attribute("data-both", &s.both.to_string())?;
        let b = child(&li, "button", "link", &s.movie.label())?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-movie", &s.movie.movie_id.to_string())?;
        let text = format!(" {} in common · lift {:.2}", thousands(s.both), s.lift);
        child(&li, "span", "note", &text)?;
    }
    let how = format!(
        "In common: people who rated both. Lift: how many times more often the two are rated together than if the {} people with a rating counted rated them independently, P(both) / (P(this) · P(that)).",
        thousands(d.users)
    );
    child(body, "p", "note", &how)?;
    Ok(())
}
