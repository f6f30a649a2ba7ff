//! The page: owns the DOM, talks to the worker, draws the charts.
//!
//! State lives in one `App` per page (a thread-local: the page has one
//! thread). Every number shown comes from the worker's responses.

#[cfg(target_arch = "wasm32")]
mod alt;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod loading;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod view;

#[cfg(target_arch = "wasm32")]
mod page {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlCanvasElement, HtmlInputElement, MouseEvent, Worker};

    use movielens_core::analytics::{Dashboard, Dimension, Filter, Pick};
    use movielens_core::charts::{ChartKind, HitKey, HitMap};
    use movielens_core::model::{
        AgeGroup, Gender, Genre, Occupation, AGE_GROUPS, GENRES, OCCUPATIONS,
    };
    use movielens_core::time::civil;
    use movielens_web::hash::{from_hash, to_hash};
    use movielens_web::loads::Loads;
    use movielens_web::{Export, Loaded, Request, Response};

    use crate::dom::{
        by_id, by_id_as, child, clear, document, download, download_url, now, on, set_text, show,
        style, thousands, window,
    };
    use crate::{panels, view};

    pub(crate) struct App {
        pub(crate) worker: Worker,
        /// Numbers the workers started (a new one after a crash).
        pub(crate) generation: u64,
        filter: Filter,
        top_min: u64,
        seq: u64,
        pub(crate) in_flight: Option<u64>,
        /// The filter changed while a query was in flight.
        pub(crate) stale: bool,
        /// The dataset the worker holds (None while a new worker has none).
        pub(crate) loaded: Option<Loaded>,
        dash: Option<Dashboard>,
        hits: Vec<(ChartKind, HitMap)>,
        /// The loads asked for, the current one, what the data came from.
        pub(crate) loads: Loads<web_sys::File>,
        /// Said before the ready text (after a recovery from a crash).
        pub(crate) note: Option<String>,
        /// When the newest query was sent (for the redraw time).
        query_sent: f64,
        drawn_once: bool,
        /// The worker said it is ready; messages before that are queued.
        pub(crate) ready: bool,
        pub(crate) queue: Vec<JsValue>,
        /// The next dashboard is the first of a newly loaded dataset: when
        /// that load was asked for.
        pub(crate) first_after_load: Option<f64>,
    }

    thread_local! {
        static APP: RefCell<Option<App>> = const { RefCell::new(None) };
    }

    pub(crate) fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
        APP.with(|a| a.borrow_mut().as_mut().map(f))
    }

    fn body_data(key: &str, value: &str) {
        if let Some(b) = document().body() {
            let _ = b.set_attribute(&format!("data-{key}"), value);
        }
    }

    /// Posts to the worker, or queues until it is ready: messages posted to
    /// a wasm worker before its handler exists are lost.
    pub(crate) fn post(app: &mut App, message: JsValue) {
        if app.ready {
            if app.worker.post_message(&message).is_err() {
                set_status(
                    "The background worker is gone; please reload the page.",
                    "error",
                );
            }
        } else {
            app.queue.push(message);
        }
    }

    pub(crate) fn send(app: &mut App, request: &Request) {
        post(app, JsValue::from_str(&request.to_json()));
    }

    pub(crate) fn set_status(text: &str, kind: &str) {
        if let Ok(s) = by_id("status") {
            s.set_text_content(Some(text));
            s.set_class_name(kind);
        }
        body_data("status", kind);
    }

    // ---- queries ------------------------------------------------------

    fn query(app: &mut App) {
        if app.loaded.is_none() {
            return;
        }
        if app.in_flight.is_some() {
            app.stale = true;
            return;
        }
        app.seq += 1;
        app.in_flight = Some(app.seq);
        app.stale = false;
        app.query_sent = now();
        let request = Request::Query {
            seq: app.seq,
            filter: app.filter.clone(),
            top_min_ratings: app.top_min,
        };
        send(app, &request);
    }

    /// A new filter from a control or a click: into the URL, then query.
    fn set_filter(filter: Filter, top_min: u64) {
        with_app(|app| {
            app.filter = filter;
            app.top_min = top_min;
            let hash = to_hash(&app.filter, app.top_min);
            let url = if hash.is_empty() {
                window().location().pathname().unwrap_or_default()
                    + &window().location().search().unwrap_or_default()
            } else {
                format!("#{hash}")
            };
            // replaceState: no hashchange event, the state is already applied.
            if let Ok(h) = window().history() {
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
            sync_controls(app);
            query(app);
        });
    }

    fn current() -> (Filter, u64) {
        with_app(|a| (a.filter.clone(), a.top_min)).unwrap_or_default()
    }

    fn click_key(key: &HitKey) {
        let (mut f, top) = current();
        if key.toggle(&mut f) {
            set_filter(f, top);
        }
    }

    // ---- drawing ------------------------------------------------------

    fn canvas(kind: ChartKind) -> Option<HtmlCanvasElement> {
        by_id_as::<HtmlCanvasElement>(&format!("chart-{}", kind.id())).ok()
    }

    fn redraw(app: &mut App) {
        let Some(d) = &app.dash else { return };
        let t0 = now();
        app.hits.clear();
        let dark = view::dark();
        for kind in ChartKind::ALL {
            let Some(c) = canvas(kind) else { continue };
            match view::draw(kind, &c, d, &app.filter, dark) {
                Ok(h) => {
                    // The hit map, in canvas pixels, for tests and tools.
                    if let Ok(json) = serde_json::to_string(&h.hits) {
                        let _ = c.set_attribute("data-hits", &json);
                    }
                    app.hits.push((kind, h));
                }
                Err(e) => web_sys::console::error_1(&e),
            }
            crate::alt::fill(&c, kind, d);
        }
        body_data("draw-ms", &format!("{:.1}", now() - t0));
    }

    fn show_dashboard(app: &mut App, seq: u64, d: Dashboard, worker_ms: f64) {
        if app.in_flight == Some(seq) {
            app.in_flight = None;
        }
        let _ = panels::kpis(&d);
        app.dash = Some(d);
        redraw(app);
        let t = now();
        body_data("query-ms", &format!("{worker_ms:.1}"));
        body_data("redraw-ms", &format!("{:.1}", t - app.query_sent));
        body_data("dashboard-seq", &seq.to_string());
        if !app.drawn_once {
            app.drawn_once = true;
            body_data("first-chart-ms", &format!("{t:.1}"));
        }
        if let Some(t0) = app.first_after_load.take() {
            body_data("load-ms", &format!("{:.1}", t - t0));
        }
        active_filters(app);
        if app.stale {
            query(app);
        } else if app.loads.current().is_none() {
            set_status(&ready_text(app), "ready");
        }
    }

    fn ready_text(app: &App) -> String {
        let shown = match &app.loaded {
            Some(l) if l.demo => {
                "Showing demo data: synthetic, in the shape of MovieLens 1M.".into()
            }
            Some(l) => format!("Showing your files: {}", l.source),
            None => String::new(),
        };
        match &app.note {
            Some(note) => format!("{note} {shown}"),
            None => shown,
        }
    }

    fn draw_lineage(l: &Loaded) {
        if let Ok(c) = by_id_as::<HtmlCanvasElement>("chart-lineage") {
            if let Err(e) = view::draw_lineage(&c, &l.lineage) {
                web_sys::console::error_1(&e);
            }
        }
    }

    /// Every canvas again (a resize, a switch of colour scheme).
    fn redraw_all(app: &mut App) {
        redraw(app);
        if let Some(l) = &app.loaded {
            draw_lineage(l);
        }
    }

    /// Shows a dataset the worker installed, and queries its dashboard.
    pub(crate) fn show_loaded(app: &mut App, l: Loaded) {
        let _ = panels::quality(&l);
        panels::pending();
        body_data("profiled", "0");
        draw_lineage(&l);
        show("demo-note", l.demo);
        set_text("source", &l.source);
        let _ = panels::alerts(&l.alerts);
        body_data("source", if l.demo { "demo" } else { "files" });
        set_month_bounds(l.first_ts, l.last_ts);
        for id in ["f-year-from", "f-year-to"] {
            if let Ok(i) = by_id_as::<HtmlInputElement>(id) {
                i.set_placeholder(&format!("{}–{}", l.first_year, l.last_year));
            }
        }
        app.loaded = Some(l);
        // A new dataset: the last answer is for the old one.
        app.in_flight = None;
        query(app);
    }

    fn set_month_bounds(first: u32, last: u32) {
        for id in ["f-from", "f-to"] {
            if let Ok(i) = by_id_as::<HtmlInputElement>(id) {
                i.set_min(&ym(first));
                i.set_max(&ym(last));
            }
        }
    }

    // ---- controls -----------------------------------------------------

    fn chip(parent: &Element, pick: Pick, label: &str, title: &str) -> Result<(), JsValue> {
        let key = match pick {
            Pick::Gender(g) => g.code().to_owned(),
            Pick::Age(a) => a.code().to_string(),
            Pick::Occupation(o) => o.code().to_string(),
            Pick::Genre(g) => g.index().to_string(),
            Pick::Time(..) | Pick::Year(_) => String::new(),
        };
        let b = crate::dom::child(parent, "button", "chip", label)?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-dim", pick.dimension().name())?;
        b.set_attribute("data-key", &key)?;
        b.set_attribute("aria-pressed", "false")?;
        if !title.is_empty() {
            b.set_attribute("title", title)?;
        }
        on::<MouseEvent>(&b, "click", move |_| {
            let (mut f, top) = current();
            f.toggle(pick);
            set_filter(f, top);
        });
        Ok(())
    }

    fn build_controls() -> Result<(), JsValue> {
        let g = by_id("f-gender")?;
        for gender in Gender::ALL {
            chip(&g, Pick::Gender(gender), gender.label(), "")?;
        }
        let a = by_id("f-age")?;
        for age in AgeGroup::ALL {
            chip(&a, Pick::Age(age), age.label(), "")?;
        }
        let o = by_id("f-occupation")?;
        for occupation in Occupation::all() {
            chip(&o, Pick::Occupation(occupation), occupation.label(), "")?;
        }
        let ge = by_id("f-genre")?;
        for genre in Genre::all() {
            chip(&ge, Pick::Genre(genre), genre.name(), "")?;
        }
        for id in [
            "f-from",
            "f-to",
            "f-year-from",
            "f-year-to",
            "f-min",
            "f-top",
        ] {
            on::<web_sys::Event>(&by_id(id)?, "change", move |_| read_inputs());
        }
        on::<MouseEvent>(&by_id("clear")?, "click", |_| {
            set_filter(Filter::default(), current().1)
        });
        Ok(())
    }

    fn input_value(id: &str) -> String {
        by_id_as::<HtmlInputElement>(id)
            .map(|i| i.value())
            .unwrap_or_default()
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

    /// Reads the range and number inputs. A value that does not parse, or a
    /// range that ends before it starts, gets one message and changes
    /// nothing (the inputs keep what was typed).
    fn read_inputs() {
        let (mut f, top) = current();
        let text = |id: &str| input_value(id).trim().to_owned();
        let month = |id: &str, next: bool| -> Result<Option<u32>, String> {
            let v = text(id);
            if v.is_empty() {
                return Ok(None);
            }
            month_ts(&v, next)
                .map(Some)
                .ok_or_else(|| format!("“{v}” is not a month: write it as YYYY-MM, e.g. 2000-11."))
        };
        let number = |id: &str, what: &str| -> Result<Option<u64>, String> {
            let v = text(id);
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<u64>()
                .map(Some)
                .map_err(|_| format!("“{v}” is not a whole number of {what}."))
        };
        let parsed = (|| -> Result<(Filter, u64), String> {
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
            let year = |id: &str| -> Result<Option<u16>, String> {
                Ok(number(id, "years")?.map(|y| y.min(u64::from(u16::MAX)) as u16))
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
            f.min_ratings =
                number("f-min", "ratings")?.map_or(0, |v| v.min(u64::from(u32::MAX)) as u32);
            let top = number("f-top", "ratings")?.unwrap_or(top).max(1);
            Ok((f, top))
        })();
        match parsed {
            Ok((f, top)) => set_filter(f, top),
            Err(message) => set_status(&message, "error"),
        }
    }

    fn ym(ts: u32) -> String {
        let c = civil(ts);
        format!("{:04}-{:02}", c.year, c.month)
    }

    fn sync_controls(app: &App) {
        let f = &app.filter;
        let chips = document().query_selector_all("button.chip").ok();
        if let Some(list) = chips {
            for i in 0..list.length() {
                let Some(b) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let dim = b.get_attribute("data-dim").unwrap_or_default();
                let key = b.get_attribute("data-key").unwrap_or_default();
                let n: u8 = key.parse().unwrap_or(255);
                let on = match dim.as_str() {
                    "gender" => f.genders.iter().any(|g| g.code() == key),
                    "age" => f.ages.contains(&n),
                    "occupation" => f.occupations.contains(&n),
                    "genre" => f.genres.contains(&n),
                    _ => false,
                };
                let _ = b.set_attribute("aria-pressed", if on { "true" } else { "false" });
            }
        }
        let set = |id: &str, v: String| {
            if let Ok(i) = by_id_as::<HtmlInputElement>(id) {
                if i.value() != v {
                    i.set_value(&v);
                }
            }
        };
        match f.time {
            Some((a, b)) => {
                set("f-from", if a == 0 { String::new() } else { ym(a) });
                set(
                    "f-to",
                    if b == u32::MAX {
                        String::new()
                    } else {
                        ym(b.saturating_sub(1))
                    },
                );
            }
            None => {
                set("f-from", String::new());
                set("f-to", String::new());
            }
        }
        match f.years {
            Some((a, b)) => {
                set(
                    "f-year-from",
                    if a == 0 { String::new() } else { a.to_string() },
                );
                set(
                    "f-year-to",
                    if b == u16::MAX {
                        String::new()
                    } else {
                        b.to_string()
                    },
                );
            }
            None => {
                set("f-year-from", String::new());
                set("f-year-to", String::new());
            }
        }
        set(
            "f-min",
            if f.min_ratings > 0 {
                f.min_ratings.to_string()
            } else {
                String::new()
            },
        );
        set("f-top", app.top_min.to_string());
    }

    /// The list of active filters, each removable, and "clear all".
    /// Removes one dimension from the current filter (the ✕ of an active
    /// filter; read at click time, so a newer filter is never undone).
    fn remove_dimension(dim: &str) {
        let Some(dim) = Dimension::from_name(dim) else {
            return;
        };
        let (mut f, top) = current();
        f.clear(dim);
        set_filter(f, top);
    }

    /// The list of active filters, each removable, and "clear all". One
    /// delegated click listener on `#active` (installed in `start`) serves
    /// every ✕ button.
    fn active_filters(app: &App) {
        let Ok(out) = by_id("active") else { return };
        // Rebuilding the list drops the focus of a ✕ just pressed: keep the
        // keyboard user in the list (or on the first filter control).
        let had_focus = document()
            .active_element()
            .is_some_and(|e| out.contains(Some(&e)) || e.id() == "clear");
        clear(&out);
        let f = &app.filter;
        let mut items: Vec<(String, &str)> = Vec::new();
        if !f.genders.is_empty() {
            let v: Vec<&str> = f.genders.iter().map(|g| g.label()).collect();
            items.push((format!("gender: {}", v.join(", ")), "gender"));
        }
        if !f.ages.is_empty() {
            let v: Vec<&str> = f
                .ages
                .iter()
                .filter_map(|a| AGE_GROUPS.iter().find(|(c, _)| c == a).map(|(_, l)| *l))
                .collect();
            items.push((format!("age: {}", v.join(", ")), "age"));
        }
        if !f.occupations.is_empty() {
            let v: Vec<&str> = f
                .occupations
                .iter()
                .filter_map(|o| OCCUPATIONS.get(usize::from(*o)).copied())
                .collect();
            items.push((format!("occupation: {}", v.join(", ")), "occupation"));
        }
        if !f.genres.is_empty() {
            let v: Vec<&str> = f
                .genres
                .iter()
                .filter_map(|o| GENRES.get(usize::from(*o)).copied())
                .collect();
            items.push((format!("genre: {}", v.join(" or ")), "genre"));
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
        show("clear", !items.is_empty());
        if items.is_empty() {
            let _ = child(&out, "span", "none", "No filters: every rating counts.");
        }
        let list = out.clone();
        let refocus = move || {
            if !had_focus {
                return;
            }
            let next = list
                .query_selector("button")
                .ok()
                .flatten()
                .or_else(|| document().query_selector("button.chip").ok().flatten());
            if let Some(h) = next.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = h.focus();
            }
        };
        for (label, dim) in items {
            if let Ok(b) = child(&out, "button", "active-chip", &label) {
                let _ = b.set_attribute("type", "button");
                let _ = b.set_attribute("data-remove", dim);
                let _ = b.set_attribute("aria-label", &format!("Remove the filter {label}"));
                let _ = child(&b, "span", "x", " ✕");
            }
        }
        refocus();
    }

    // ---- charts grid, tooltips, clicks ----------------------------------

    fn build_charts() -> Result<(), JsValue> {
        let grid = by_id("charts")?;
        for kind in ChartKind::ALL {
            let card = child(&grid, "figure", &format!("card chart {}", kind.id()), "")?;
            card.set_id(&format!("card-{}", kind.id()));
            let cap = child(&card, "figcaption", "", "")?;
            child(&cap, "span", "title", kind.title())?;
            let png = child(&cap, "button", "png", "PNG")?;
            png.set_attribute("type", "button")?;
            png.set_attribute("title", &format!("Download “{}” as PNG", kind.title()))?;
            png.set_attribute("aria-label", &format!("Download “{}” as PNG", kind.title()))?;
            let c = child(&card, "canvas", "", "")?;
            c.set_id(&format!("chart-{}", kind.id()));
            // No role="img": that would hide the canvas' fallback table (its
            // numbers, filled after each draw) from screen readers.
            let canvas: HtmlCanvasElement = c.dyn_into()?;
            on::<MouseEvent>(&png, "click", {
                let canvas = canvas.clone();
                move |_| {
                    if let Ok(url) = canvas.to_data_url() {
                        let _ = download_url(&format!("movielens-{}.png", kind.id()), &url);
                    }
                }
            });
            wire_canvas(kind, canvas);
        }
        Ok(())
    }

    fn hit_at(kind: ChartKind, x: i32, y: i32) -> Option<(Option<HitKey>, String)> {
        with_app(|app| {
            app.hits
                .iter()
                .find(|(k, _)| *k == kind)
                .and_then(|(_, h)| h.at(x, y))
                .map(|h| (h.key.clone(), h.tip.clone()))
        })
        .flatten()
    }

    fn wire_canvas(kind: ChartKind, canvas: HtmlCanvasElement) {
        let tip = by_id("tooltip").ok();
        on::<MouseEvent>(&canvas, "mousemove", {
            let canvas = canvas.clone();
            let tip = tip.clone();
            move |ev| {
                let Some(tip) = &tip else { return };
                let (x, y) = view::canvas_point(&canvas, &ev);
                match hit_at(kind, x, y) {
                    Some((key, text)) => {
                        tip.set_text_content(Some(&view::shorten(&text, 300)));
                        let _ = tip.remove_attribute("hidden");
                        view::place_tip(tip, ev.page_x(), ev.page_y());
                        let clickable = key.as_ref().is_some_and(|k| {
                            !matches!(k, HitKey::Movie(_) | HitKey::Stars(_) | HitKey::Cell { .. })
                        });
                        style(
                            &canvas,
                            "cursor",
                            if clickable { "pointer" } else { "default" },
                        );
                    }
                    None => {
                        let _ = tip.set_attribute("hidden", "");
                        style(&canvas, "cursor", "default");
                    }
                }
            }
        });
        on::<MouseEvent>(&canvas, "mouseleave", {
            let tip = tip.clone();
            move |_| {
                if let Some(t) = &tip {
                    let _ = t.set_attribute("hidden", "");
                }
            }
        });
        on::<MouseEvent>(&canvas, "click", {
            let canvas = canvas.clone();
            move |ev| {
                let (x, y) = view::canvas_point(&canvas, &ev);
                if let Some((Some(key), _)) = hit_at(kind, x, y) {
                    click_key(&key);
                }
            }
        });
    }

    // ---- exports ------------------------------------------------------

    fn wire_exports() -> Result<(), JsValue> {
        for (id, what) in [
            ("export-report", None),
            ("export-rejects", Some(Export::RejectsCsv)),
            ("export-ratings", Some(Export::RatingsCsv)),
        ] {
            on::<MouseEvent>(&by_id(id)?, "click", move |_| {
                with_app(|app| {
                    let what = what.unwrap_or(Export::ReportJson {
                        min_ratings: app.top_min,
                    });
                    send(app, &Request::Export(what));
                });
            });
        }
        Ok(())
    }

    // ---- the worker's answers ------------------------------------------

    pub(crate) fn on_response(r: Response) {
        match r {
            Response::Profiled {
                profile,
                expectations,
                ms,
            } => {
                let _ = panels::profile(&profile);
                let _ = panels::expectations(&expectations);
                if let Ok(tl) = by_id("timings") {
                    let _ = child(
                        &tl,
                        "li",
                        "",
                        &format!("profile + expectations (after the first chart): {ms:.1} ms"),
                    );
                }
                body_data("profiled", "1");
            }
            Response::Dashboard { seq, dashboard, ms } => {
                with_app(|app| show_dashboard(app, seq, *dashboard, ms));
            }
            Response::Exported { name, mime, text } => {
                if let Err(e) = download(&name, &mime, &text) {
                    web_sys::console::error_1(&e);
                }
            }
            load => crate::loading::on_response(load),
        }
    }

    pub fn start() -> Result<(), JsValue> {
        build_charts()?;
        build_controls()?;
        crate::loading::wire()?;
        wire_exports()?;
        let hash = window().location().hash().unwrap_or_default();
        let (filter, top_min) = from_hash(&hash);
        let worker = crate::loading::start_worker(1)?;
        APP.with(|a| {
            *a.borrow_mut() = Some(App {
                worker,
                generation: 1,
                filter,
                top_min,
                seq: 0,
                in_flight: None,
                stale: false,
                loaded: None,
                dash: None,
                hits: Vec::new(),
                loads: Loads::default(),
                note: None,
                query_sent: 0.0,
                drawn_once: false,
                ready: false,
                queue: Vec::new(),
                first_after_load: None,
            })
        });
        with_app(|app| sync_controls(app));
        on::<web_sys::Event>(&window(), "hashchange", |_| {
            let hash = window().location().hash().unwrap_or_default();
            let (f, top) = from_hash(&hash);
            if (f.clone(), top) != current() {
                set_filter(f, top);
            }
        });
        // Resizing fires many events: redraw once per animation frame.
        let pending = std::rc::Rc::new(std::cell::Cell::new(false));
        on::<web_sys::Event>(&window(), "resize", move |_| {
            if pending.replace(true) {
                return;
            }
            let pending = pending.clone();
            let frame = Closure::once_into_js(move || {
                pending.set(false);
                with_app(redraw_all);
            });
            let _ = window().request_animation_frame(frame.unchecked_ref());
        });
        // A switch between light and dark mode redraws the charts.
        if let Ok(Some(scheme)) = window().match_media("(prefers-color-scheme: dark)") {
            on::<web_sys::Event>(&scheme, "change", |_| {
                with_app(redraw_all);
            });
        }
        on::<MouseEvent>(&by_id("active")?, "click", |ev| {
            let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
            let button = target.and_then(|t| t.closest("[data-remove]").ok().flatten());
            if let Some(dim) = button.and_then(|b| b.get_attribute("data-remove")) {
                remove_dimension(&dim);
            }
        });
        if let Ok(buttons) = document().query_selector_all("nav.tabs button") {
            for i in 0..buttons.length() {
                let Some(b) = buttons.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let target = b.get_attribute("data-target").unwrap_or_default();
                on::<MouseEvent>(&b, "click", move |_| {
                    if let Ok(t) = by_id(&target) {
                        t.scroll_into_view();
                    }
                });
            }
        }
        Ok(())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    if let Err(e) = page::start() {
        web_sys::console::error_1(&e);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser: scripts/serve.sh builds and serves it");
}
