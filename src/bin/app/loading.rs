//! Loads and the worker that runs them: files given by the input or a drop,
//! the demo, Cancel, the worker's answers about loads, and starting the
//! worker (again, after it died).
//!
//! Each load gets a number ([`Loads`]) and the worker's answers carry it:
//! only the current load's answers change the progress bar, Cancel and the
//! status, so an old load's late answer cannot end a newer one.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    DragEvent, File, HtmlButtonElement, HtmlInputElement, MessageEvent, MouseEvent, Worker,
};

use movielens_web::loads::{AfterCrash, Ended, Source};
use movielens_web::{Loaded, Progress, Request, Response};

use crate::dom::{by_id, by_id_as, document, now, on, show, style, thousands, window};
use crate::page::{self, post, send, set_status, with_app, App};

/// Asks the worker for load `id` of `source`.
fn post_load(app: &mut App, id: u64, source: &Source<File>) {
    match source {
        Source::Demo => send(app, &Request::LoadDemo { load: id }),
        Source::Files(files) => {
            let msg = Object::new();
            let list = Array::new();
            for f in files {
                list.push(f);
            }
            let json = Request::LoadFiles { load: id }.to_json();
            let _ = Reflect::set(&msg, &"json".into(), &json.into());
            let _ = Reflect::set(&msg, &"files".into(), &list);
            post(app, msg.into());
        }
    }
}

fn names(files: &[File]) -> String {
    files.iter().map(File::name).collect::<Vec<_>>().join(", ")
}

/// Starts a load the person asked for (it supersedes any other).
fn start(source: Source<File>) {
    with_app(|app| {
        app.note = None;
        let id = app.loads.start(source.clone(), now(), None);
        post_load(app, id, &source);
        if let Source::Files(files) = &source {
            show("progress", true);
            show("cancel", true);
            set_status(&format!("Reading {}…", names(files)), "loading");
        }
    });
}

fn file_list(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn load_files(files: Vec<File>) {
    if !files.is_empty() {
        start(Source::Files(files));
    }
}

/// The file input, Open files…, Demo data, Cancel and drops anywhere.
pub fn wire() -> Result<(), JsValue> {
    let input: HtmlInputElement = by_id_as("files")?;
    on::<web_sys::Event>(&input, "change", {
        let input = input.clone();
        move |_| {
            load_files(file_list(input.files()));
            // The same file may be picked again later.
            input.set_value("");
        }
    });
    let open: HtmlButtonElement = by_id_as("open")?;
    on::<MouseEvent>(&open, "click", move |_| input.click());
    on::<MouseEvent>(&by_id("demo")?, "click", |_| start(Source::Demo));
    on::<MouseEvent>(&by_id("cancel")?, "click", |_| {
        with_app(|app| {
            if let Some(load) = app.loads.current() {
                send(app, &Request::Cancel { load });
            }
        });
    });
    let doc = document();
    // Only drags that carry files show the drop overlay.
    let has_files = |ev: &DragEvent| {
        ev.data_transfer()
            .is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0))
    };
    on::<DragEvent>(&doc, "dragover", move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            show("drop", true);
        }
    });
    // dragleave also fires when the pointer moves onto the overlay's own
    // text: hide only when it leaves the window.
    on::<DragEvent>(&by_id("drop")?, "dragleave", |ev| {
        if ev.related_target().is_none() {
            show("drop", false);
        }
    });
    on::<DragEvent>(&doc, "drop", |ev| {
        ev.prevent_default();
        show("drop", false);
        load_files(file_list(ev.data_transfer().and_then(|d| d.files())));
    });
    wire_debug()
}

/// With `?debug=oom` in the URL the page gets a button that makes the
/// worker allocate until its memory runs out, to try the recovery (the
/// end-to-end tests press it). Without the flag the page never asks.
fn wire_debug() -> Result<(), JsValue> {
    let search = window().location().search().unwrap_or_default();
    if !search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "debug=oom")
    {
        return Ok(());
    }
    let actions = document()
        .query_selector(".actions")?
        .ok_or("no .actions in the page")?;
    let b = crate::dom::child(
        &actions,
        "button",
        "",
        "Exhaust the worker's memory (debug)",
    )?;
    b.set_id("debug-oom");
    b.set_attribute("type", "button")?;
    on::<MouseEvent>(&b, "click", |_| {
        with_app(|app| send(app, &Request::ExhaustMemory));
    });
    Ok(())
}

/// The worker's answers about loads (and Ready).
pub fn on_response(r: Response) {
    match r {
        Response::Ready => {
            with_app(|app| {
                app.ready = true;
                for message in std::mem::take(&mut app.queue) {
                    post(app, message);
                }
                // Files given before the first worker was ready go first;
                // the demo only when nothing else was asked for.
                if app.loads.current().is_none() && app.generation == 1 {
                    let id = app.loads.start(Source::Demo, now(), None);
                    send(app, &Request::LoadDemo { load: id });
                }
            });
        }
        Response::Progress { load, progress } => {
            let current = with_app(|app| app.loads.is_current(load)) == Some(true);
            if current {
                show_progress(&progress);
            }
        }
        Response::Loaded { load, info } => {
            with_app(|app| {
                let ended = app.loads.loaded(load);
                on_loaded(app, *info, ended);
            });
        }
        Response::Failed { load, message } => {
            let ours = with_app(|app| match load {
                Some(id) => app.loads.ended(id).is_some(),
                None => true,
            });
            if ours == Some(true) {
                if load.is_some() {
                    show("progress", false);
                    show("cancel", false);
                }
                let keep = with_app(|app| app.loaded.is_some()) == Some(true);
                set_status(&movielens_web::failure_status(&message, keep), "error");
            }
        }
        Response::Cancelled { load } => {
            let current = with_app(|app| app.loads.ended(load).is_some()) == Some(true);
            if current {
                show("progress", false);
                show("cancel", false);
                set_status(
                    "Load cancelled; the data shown before is still here.",
                    "ready",
                );
            }
        }
        _ => {}
    }
}

fn show_progress(p: &Progress) {
    show("progress", true);
    let pct = if p.bytes_total > 0 {
        (100.0 * p.bytes_read as f64 / p.bytes_total as f64).min(100.0)
    } else {
        0.0
    };
    if let Ok(bar) = by_id("progress-bar") {
        style(&bar, "width", &format!("{pct:.1}%"));
    }
    if let Ok(bar) = by_id("progress") {
        let _ = bar.set_attribute("aria-valuenow", &format!("{pct:.0}"));
    }
    let bytes = if p.bytes_total > 0 {
        format!(
            " — {:.1} of {:.1} MB, {} lines",
            p.bytes_read as f64 / 1e6,
            p.bytes_total as f64 / 1e6,
            thousands(p.rows)
        )
    } else {
        String::new()
    };
    set_status(&format!("{}{bytes}", capitalise(&p.stage)), "loading");
}

/// A dataset is in the worker: show it. When it is the current load's, the
/// loading ends; an older load's dataset (it finished before the newer
/// request reached the worker) is shown while the current load goes on, so
/// that the page always shows what the worker holds.
fn on_loaded(app: &mut App, l: Loaded, ended: Option<Ended>) {
    if let Some(ended) = ended {
        show("progress", false);
        show("cancel", false);
        app.first_after_load = Some(ended.started);
        app.note = ended.note;
    }
    page::show_loaded(app, l);
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The worker died (out of memory, or a trap): start a new one and load
/// the data shown before into it, once.
fn worker_died(app: &mut App) {
    app.worker.terminate();
    if !app.ready {
        // It never started: a new one would not either.
        set_status(
            "The background worker could not start; please reload the page.",
            "error",
        );
        return;
    }
    let during = app
        .loads
        .current()
        .and_then(|id| match app.loads.source(id) {
            Some(Source::Files(files)) => Some(names(files)),
            _ => None,
        });
    let after = app.loads.crashed();
    app.generation += 1;
    app.ready = false;
    app.queue.clear();
    app.in_flight = None;
    app.stale = false;
    // The new worker holds nothing until the reload is done.
    app.loaded = None;
    show("progress", false);
    show("cancel", false);
    match start_worker(app.generation) {
        Ok(w) => app.worker = w,
        Err(e) => {
            web_sys::console::error_1(&e);
            set_status(
                "The background worker stopped and could not be restarted; please reload the page.",
                "error",
            );
            return;
        }
    }
    match after {
        AfterCrash::Reload(source) => {
            let while_loading = during.map_or(String::new(), |n| format!(" while loading {n}"));
            let note = format!(
                "The background worker stopped{while_loading} (most likely it ran out of memory) and was restarted with the data shown before."
            );
            set_status(&format!("{note} Loading it again…"), "loading");
            let id = app.loads.start(source.clone(), now(), Some(note));
            post_load(app, id, &source);
        }
        AfterCrash::GiveUp => set_status(
            "The background worker stopped again while loading the data shown before. Open files or press Demo data.",
            "error",
        ),
    }
}

/// Starts the worker from a `blob:` script that loads `worker.js` next
/// to the page. A worker started from a URL of the site would take its
/// Content-Security-Policy from its own response headers (GitHub Pages
/// sends none); one started from a blob inherits the page's, so the code
/// holding the data cannot connect anywhere either. `generation` numbers
/// the workers: events of a worker that was replaced are ignored.
pub fn start_worker(generation: u64) -> Result<Worker, JsValue> {
    let base = document().base_uri()?.unwrap_or_default();
    let url = |file: &str| -> Result<String, JsValue> {
        Ok(web_sys::Url::new_with_base(file, &base)?.href())
    };
    let js = serde_json::to_string(&url("worker.js")?).map_err(|e| e.to_string())?;
    let wasm = serde_json::to_string(&url("worker_bg.wasm")?).map_err(|e| e.to_string())?;
    let parts = Array::new();
    parts.push(&JsValue::from_str(&format!(
        "importScripts({js});wasm_bindgen({wasm});"
    )));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    let script = web_sys::Url::create_object_url_with_blob(&blob)?;
    let worker = Worker::new(&script)?;
    // Before the app exists (the first worker) every event is its worker's.
    let current = move || with_app(|app| app.generation == generation) != Some(false);
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if !current() {
            return;
        }
        let Some(text) = ev.data().as_string() else {
            return;
        };
        match Response::from_json(&text) {
            Ok(r) => page::on_response(r),
            Err(e) => {
                web_sys::console::error_1(&JsValue::from_str(&e));
                with_app(|app| app.in_flight = None);
                set_status(
                    "Internal error: an unreadable answer from the worker; please reload the page.",
                    "error",
                );
            }
        }
    });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    // A wasm trap (memory exhausted, a panic) in the worker is an uncaught
    // exception there, which the Worker object reports as an `error` event;
    // the worker's wasm instance is unusable afterwards.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if !current() {
            return;
        }
        ev.prevent_default();
        with_app(worker_died);
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Ok(worker)
}
