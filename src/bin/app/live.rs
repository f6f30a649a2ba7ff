//! Live mode (issue 8, point 2): the page's side. Opening it starts the
//! live worker, a wasm module of its own (`bin/live/`, fetched only now),
//! and gives it the data the page shows; its frames are drawn through the
//! dashboard's own path (KPIs, charts, the count) and its speed-layer
//! tables beside the controls. Cross-filter clicks go to it too. Leaving
//! terminates it and the dashboard drawn before is back. The markup is in
//! index.html (`#live`).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, MessageEvent, MouseEvent, Worker};

use movielens_core::analytics::Filter;
use movielens_web::live::{Frame, LiveData, LiveRequest, LiveResponse, LiveSettings};
use movielens_web::loads::Source;
use movielens_web::JsFile;

use crate::app::{with_app, App};
use crate::dom::{by_id, by_id_as, child, clear, log, on, or_failed, set_text, show, thousands};
use crate::filters::minutes;

struct Live {
    /// Which opening of Live mode this is: a closed session's worker's
    /// late messages and errors are ignored.
    session: u64,
    worker: Worker,
    ready: bool,
    /// Requests made before the worker was ready.
    queue: Vec<LiveRequest<JsFile>>,
    /// The filter the worker serves.
    filter: (Filter, u64),
    playing: bool,
    /// The newest frame not drawn yet, and whether a draw is scheduled.
    pending: Option<Frame>,
    drawing: bool,
}

thread_local! {
    static LIVE: RefCell<Option<Live>> = const { RefCell::new(None) };
    static SESSIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Whether `session` is the open one.
fn current(session: u64) -> bool {
    LIVE.with_borrow(|l| l.as_ref().is_some_and(|l| l.session == session))
}

/// Posts to the live worker (queued until it is ready).
fn send(request: LiveRequest<JsFile>) {
    LIVE.with_borrow_mut(|live| {
        let Some(live) = live else { return };
        if !live.ready {
            return live.queue.push(request);
        }
        let posted = request
            .to_js()
            .map_err(|e| JsValue::from_str(&e))
            .and_then(|m| live.worker.post_message(&m));
        if let Err(e) = posted {
            log("could not post to the live worker", &e);
        }
    });
}

fn select(id: &str) -> String {
    by_id_as::<HtmlSelectElement>(id).map_or_else(|_| String::new(), |s| s.value())
}

fn number(id: &str) -> u64 {
    select(id).parse().unwrap_or(0)
}

/// The settings the controls show.
fn settings() -> LiveSettings {
    let seed = by_id_as::<HtmlInputElement>("live-seed").map_or(1.0, |i| i.value_as_number());
    LiveSettings {
        file_order: select("live-order") == "file",
        jitter: number("live-jitter") as u32,
        lateness: number("live-lateness") as u32,
        weekly: select("live-checkpoint") == "week",
        seed: if seed.is_finite() { seed as u64 } else { 1 },
    }
}

/// Opens Live mode on the data the page shows.
fn open() -> Result<(), JsValue> {
    if LIVE.with_borrow(Option::is_some) {
        return Ok(());
    }
    let Some((source, appended, filter, top)) = with_app(|app| {
        let source = app.page.loads().shown().cloned()?;
        let appended = app.page.appended().to_vec();
        Some((
            source,
            appended,
            app.page.filter().clone(),
            app.page.top_min(),
        ))
    })
    .flatten() else {
        set_text(
            "live-status",
            "Load data first: Live mode replays the data shown.",
        );
        return Ok(());
    };
    let worker = crate::loading::module_worker("live", "live_start")?;
    let session = SESSIONS.get() + 1;
    SESSIONS.set(session);
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if !current(session) {
            return;
        }
        match LiveResponse::from_js(ev.data()) {
            Ok(r) => respond(r),
            Err(e) => log(
                "an unreadable answer from the live worker",
                &JsValue::from_str(&e),
            ),
        }
    });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        if !current(session) {
            return;
        }
        close();
        set_text(
            "live-status",
            "The live worker stopped (most likely it ran out of memory).",
        );
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let filter_as_of = filter.as_of.is_some();
    let data = match source {
        Source::Demo => LiveData::Demo,
        Source::Files(files) => LiveData::Files(files),
    };
    let start = LiveRequest::Start {
        data,
        appended,
        settings: settings(),
        filter: filter.clone(),
        top_min_ratings: top,
    };
    LIVE.set(Some(Live {
        session,
        worker,
        ready: false,
        queue: vec![start],
        filter: (filter, top),
        playing: false,
        pending: None,
        drawing: false,
    }));
    show("live", true);
    show("live-open", false);
    let as_of = if filter_as_of { AS_OF } else { "" };
    set_text(
        "live-status",
        &format!("Starting the live worker and reading the data…{as_of}"),
    );
    set_text("live-verified", "");
    Ok(())
}

/// Leaves Live mode: the worker ends, the dashboard drawn before is back.
pub fn close_in(app: &mut App) {
    let Some(live) = LIVE.take() else { return };
    live.worker.terminate();
    show("live", false);
    show("live-open", true);
    app.page.set_live(None);
    redraw(app);
}

fn close() {
    with_app(close_in);
}

/// The dashboard of the page's model, drawn: KPIs, charts, the count.
fn redraw(app: &mut App) {
    if let Some(d) = app.page.dashboard() {
        or_failed("the KPIs", crate::panels::kpis(d));
    }
    crate::charts::redraw(app);
    crate::brush::describe(app);
    let schema = app.page.loaded().map(|l| l.schema).unwrap_or_default();
    crate::filters::show_active(app.page.filter(), &schema);
    crate::bar::show_count(&app.page);
}

/// A cross-filter click (any filter change) while live: the live worker
/// serves the new filter.
pub fn filter_changed(page: &movielens_web::page::Page<JsFile>) {
    let now = (page.filter().clone(), page.top_min());
    let changed = LIVE.with_borrow_mut(|live| match live {
        Some(live) if live.filter != now => {
            live.filter = now.clone();
            true
        }
        _ => false,
    });
    if changed {
        send(LiveRequest::SetFilter {
            filter: now.0,
            top_min_ratings: now.1,
        });
    }
}

fn respond(r: LiveResponse) {
    match r {
        LiveResponse::Ready => {
            let queue = LIVE.with_borrow_mut(|live| {
                live.as_mut().map_or_else(Vec::new, |l| {
                    l.ready = true;
                    std::mem::take(&mut l.queue)
                })
            });
            queue.into_iter().for_each(send);
        }
        LiveResponse::Frame(frame) => {
            let schedule = LIVE.with_borrow_mut(|live| {
                let live = live.as_mut()?;
                live.playing = frame.playing;
                live.pending = Some(*frame);
                Some(!std::mem::replace(&mut live.drawing, true))
            });
            if schedule == Some(true) {
                // Drawn at the next animation frame, the newest frame
                // only: the page never falls behind the worker.
                let f = Closure::once_into_js(draw_pending);
                if let Err(e) = crate::dom::window().request_animation_frame(f.unchecked_ref()) {
                    log("could not draw the live frame", &e);
                }
            }
        }
        LiveResponse::Verified { equal, detail } => {
            let mark = if equal {
                "✓ merged = recomputed"
            } else {
                "✗ merged ≠ recomputed"
            };
            set_text("live-verified", &format!("{mark} ({detail})"));
        }
        LiveResponse::Failed(message) => set_text("live-status", &message),
    }
}

fn draw_pending() {
    let frame = LIVE.with_borrow_mut(|live| {
        let live = live.as_mut()?;
        live.drawing = false;
        live.pending.take()
    });
    if let Some(f) = frame {
        let as_of = with_app(|app| app.page.filter().as_of.is_some()).unwrap_or(false);
        or_failed("the live readouts", readouts(&f, as_of));
        with_app(|app| {
            app.page.set_live(Some(*f.dashboard));
            redraw(app);
        });
    }
}

/// Said while an as-of instant is set (the live worker serves the
/// filter without it).
const AS_OF: &str =
    " Time travel does not apply while Live mode is open: it has a clock of its own.";

/// `YYYY-MM-DD HH:MM` of Unix seconds (clamped to what a u32 holds).
fn when(t: i64) -> String {
    minutes(t.clamp(0, i64::from(u32::MAX)) as u32, " ")
}

fn readouts(f: &Frame, as_of: bool) -> Result<(), JsValue> {
    let panel = by_id("live")?;
    for (key, value) in [
        ("clock", f.clock.to_string()),
        ("events", f.events.to_string()),
        ("total", f.total.to_string()),
        ("late", f.late.to_string()),
        ("done", f.done.to_string()),
    ] {
        panel.set_attribute(&format!("data-{key}"), &value)?;
    }
    let ended = if f.done { "The stream ended." } else { "" };
    let note = if as_of { AS_OF } else { "" };
    set_text("live-status", format!("{ended}{note}").trim_start());
    set_text("live-clock", &when(f.clock as i64));
    set_text("live-watermark", &f.watermark.map_or("–".into(), when));
    set_text(
        "live-events",
        &format!("{} of {}", thousands(f.events), thousands(f.total)),
    );
    set_text("live-eps", &thousands(f.eps as u64));
    set_text("live-late", &thousands(f.late));
    set_text("live-badge", &f.badge);
    set_text("live-batch", &format!("{:.1} ms", f.batch_ms));
    set_text("live-frame", &format!("{:.1} ms", f.frame_ms));
    let tables = by_id("live-tables")?;
    clear(&tables);
    for t in &f.tables {
        let figure = child(&tables, "figure", "", "")?;
        child(&figure, "figcaption", "", &t.title)?;
        let table = child(&figure, "table", "data", "")?;
        crate::panels::row(&table, &t.head, true)?;
        for r in &t.rows {
            crate::panels::row(&table, r, false)?;
        }
    }
    Ok(())
}

fn seek() {
    let value =
        by_id_as::<HtmlInputElement>("live-seek").map_or_else(|_| String::new(), |i| i.value());
    match movielens_core::time::parse_instant(&value) {
        Some(t) => send(LiveRequest::Seek { unix: t.into() }),
        None => set_text("live-status", "Seek to: give a date and time."),
    }
}

/// The buttons and controls of `#live`.
pub fn wire() -> Result<(), JsValue> {
    let click = |id: &str, f: fn()| -> Result<(), JsValue> {
        on::<MouseEvent>(&by_id(id)?, "click", move |_| f());
        Ok(())
    };
    click("live-open", || or_failed("Live mode", open()))?;
    click("live-close", close)?;
    click("live-play", || {
        send(LiveRequest::Play {
            speed: number("live-speed"),
        })
    })?;
    click("live-pause", || send(LiveRequest::Pause))?;
    // One second of play at the chosen speed (a day as fast as possible).
    click("live-step", || {
        let speed = number("live-speed");
        let seconds = if speed == 0 {
            movielens_web::live::DAY
        } else {
            speed
        };
        send(LiveRequest::Step { seconds })
    })?;
    click("live-go", seek)?;
    click("live-verify", || {
        set_text("live-verified", "Verifying…");
        send(LiveRequest::Verify)
    })?;
    for id in [
        "live-order",
        "live-jitter",
        "live-lateness",
        "live-checkpoint",
        "live-seed",
    ] {
        on::<web_sys::Event>(&by_id(id)?, "change", |_| {
            send(LiveRequest::Settings(settings()))
        });
    }
    on::<web_sys::Event>(&by_id("live-speed")?, "change", |_| {
        if LIVE.with_borrow(|l| l.as_ref().is_some_and(|l| l.playing)) {
            send(LiveRequest::Play {
                speed: number("live-speed"),
            });
        }
    });
    Ok(())
}
