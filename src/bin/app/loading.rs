//! Loads and the worker that runs them: files given by the input or a drop,
//! the demo, Cancel, the progress bar, and starting the worker (again,
//! after it died) with the handlers that turn its answers and its death
//! into messages. Which load's answers count is the model's business
//! (`movielens_web::loads`).

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    DragEvent, File, HtmlButtonElement, HtmlInputElement, MessageEvent, MouseEvent, Worker,
};

use movielens_web::loads::Source;
use movielens_web::page::{Msg, Status};
use movielens_web::{JsFile, Progress, Response};

use crate::app::{dispatch, with_app};
use crate::dom::{
    by_id, by_id_as, document, failed, log, on, set_status, show, style, thousands, window,
};

fn file_list(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn load_files(mut files: Vec<File>) {
    if crate::append::may_offer(&files) {
        if let Some(file) = files.pop() {
            return crate::append::given(file);
        }
    }
    if !files.is_empty() {
        let files = files.into_iter().map(JsFile).collect();
        dispatch(Msg::Load(Source::Files(files)));
    }
}

/// A button that opens a hidden file input, whose files are loaded:
/// `folder` names them by their path in the picked folder.
fn wire_picker(button: &str, input: &str, folder: bool) -> Result<(), JsValue> {
    let input: HtmlInputElement = by_id_as(input)?;
    on::<web_sys::Event>(&input, "change", {
        let input = input.clone();
        move |_| {
            let files = file_list(input.files());
            load_files(if folder {
                crate::folders::picked(files)
            } else {
                files
            });
            // The same file may be picked again later.
            input.set_value("");
        }
    });
    let open: HtmlButtonElement = by_id_as(button)?;
    on::<MouseEvent>(&open, "click", move |_| input.click());
    Ok(())
}

/// A drop: a folder's files are found (the walk goes on after the event),
/// loose files are loaded as they are.
fn dropped(ev: &DragEvent) {
    let Some(dt) = ev.data_transfer() else { return };
    let Some(entries) = crate::folders::dropped_folders(&dt) else {
        load_files(file_list(dt.files()));
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        match crate::folders::walk(entries).await {
            Ok(files) if files.is_empty() => set_status(
                "The dropped folder holds no files. Drop ml-1m.zip or the ml-1m folder.",
                Status::Error,
            ),
            Ok(files) => load_files(files),
            Err(e) => {
                log("could not read the dropped folder", &e);
                set_status(
                    "The browser could not read the dropped folder; try Open folder… instead.",
                    Status::Error,
                );
            }
        }
    });
}

/// Open files…, Open folder…, Demo data, Cancel and drops anywhere.
pub fn wire() -> Result<(), JsValue> {
    wire_picker("open", "files", false)?;
    wire_picker("open-folder", "folder", true)?;
    on::<MouseEvent>(&by_id("demo")?, "click", |_| {
        dispatch(Msg::Load(Source::Demo))
    });
    on::<MouseEvent>(&by_id("cancel")?, "click", |_| dispatch(Msg::Cancel));
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
        dropped(&ev);
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
    on::<MouseEvent>(&b, "click", |_| dispatch(Msg::ExhaustMemory));
    Ok(())
}

/// Where the current load is: the progress bar and the status line.
pub fn show_progress(p: &Progress) {
    show("progress", true);
    let pct = if p.bytes_total > 0 {
        (100.0 * p.bytes_read as f64 / p.bytes_total as f64).min(100.0)
    } else {
        0.0
    };
    let bar = by_id("progress-bar").and_then(|bar| {
        style(&bar, "width", &format!("{pct:.1}%"));
        by_id("progress")?.set_attribute("aria-valuenow", &format!("{pct:.0}"))
    });
    if let Err(e) = bar {
        failed("the progress bar", &e);
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
    set_status(&format!("{}{bytes}", capitalise(&p.stage)), Status::Loading);
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Starts the worker: a module worker from a `blob:` script that loads
/// the page's own wasm module (`app.js`, `app_bg.wasm`, from the browser's
/// cache) and runs its worker entry point, `worker_start`. One module for
/// both sides: the core, serde and std are downloaded once. A worker started from a URL of the site would take its
/// Content-Security-Policy from its own response headers (GitHub Pages
/// sends none); one started from a blob inherits the page's, so the code
/// holding the data cannot connect anywhere either. `generation` numbers
/// the workers: events of a worker that was replaced are ignored.
pub fn start_worker(generation: u64) -> Result<Worker, JsValue> {
    let worker = module_worker("app", "worker_start")?;
    // Before the app exists (the first worker) every event is its worker's.
    let current = move || with_app(|app| app.page.generation() == generation) != Some(false);
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if !current() {
            return;
        }
        match Response::from_js(ev.data()) {
            Ok(r) => dispatch(Msg::Response(r)),
            Err(e) => {
                log(
                    "an unreadable answer from the worker",
                    &JsValue::from_str(&e),
                );
                dispatch(Msg::Unreadable);
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
        with_app(|app| app.worker.terminate());
        dispatch(Msg::WorkerDied);
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Ok(worker)
}

/// A module worker from a `blob:` script that loads the wasm module
/// `NAME.js` / `NAME_bg.wasm` of the site and calls its export `entry`
/// (the app's worker, and Live mode's worker, `live`).
pub fn module_worker(name: &str, entry: &str) -> Result<Worker, JsValue> {
    let base = document().base_uri()?.unwrap_or_default();
    // The files' URLs as JS string literals.
    let literal = |file: String| -> Result<String, JsValue> {
        let url = web_sys::Url::new_with_base(&file, &base)?.href();
        Ok(js_sys::JSON::stringify(&url.into())?.into())
    };
    let js = literal(format!("{name}.js"))?;
    let wasm = literal(format!("{name}_bg.wasm"))?;
    let parts = Array::of1(&JsValue::from_str(&format!(
        "import init,{{{entry}}} from {js};await init({{module_or_path:{wasm}}});{entry}();"
    )));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    let script = web_sys::Url::create_object_url_with_blob(&blob)?;
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    Worker::new_with_options(&script, &options)
}
