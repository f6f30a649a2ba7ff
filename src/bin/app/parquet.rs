//! "Download as Parquet (zip)" (issue 9, point 4): the page's side. The
//! button starts the Parquet worker, a wasm module of its own
//! (`bin/parquet/`, fetched only now: the Parquet writer is not in the
//! first view's bundle), gives it the data the page shows, offers the zip
//! it answers with as a download and ends it. The markup is in index.html
//! (`#export-parquet`). The messages are ones the page knows already (see
//! `bin/parquet/`): no new message code in the first view.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, MessageEvent, Worker};

use movielens_core::analytics::Filter;
use movielens_web::live::{LiveData, LiveRequest, LiveSettings};
use movielens_web::loads::Source;
use movielens_web::{JsFile, Response};

use crate::app::with_app;
use crate::dom::{by_id, log, now, on, set_text};

const STATUS: &str = "export-parquet-status";

/// The running export: its worker, the request to post once it is ready,
/// and when it started. One at a time: a second press while one runs does
/// nothing.
struct Running {
    worker: Worker,
    request: Option<LiveRequest<JsFile>>,
    t0: f64,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

pub fn wire() -> Result<(), JsValue> {
    on::<Event>(&by_id("export-parquet")?, "click", |_| {
        if let Err(e) = start() {
            finish(&format!("The Parquet worker could not start: {e:?}"));
        }
    });
    Ok(())
}

fn start() -> Result<(), JsValue> {
    if RUNNING.with_borrow(Option::is_some) {
        return Ok(());
    }
    let Some((source, appended)) = with_app(|app| {
        let source = app.page.loads().shown().cloned()?;
        Some((source, app.page.appended().to_vec()))
    })
    .flatten() else {
        set_text(STATUS, "Load data first.");
        return Ok(());
    };
    let data = match source {
        Source::Demo => LiveData::Demo,
        Source::Files(files) => LiveData::Files(files),
    };
    let worker = crate::loading::module_worker("parquet", "parquet_start")?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        if ev.data().as_string().as_deref() == Some("ready") {
            return ready();
        }
        match Response::from_js(ev.data()) {
            Ok(r) => respond(r),
            Err(e) => log(
                "an unreadable answer from the Parquet worker",
                &JsValue::from_str(&e),
            ),
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(Event)>::new(|ev: Event| {
        ev.prevent_default();
        finish("The Parquet worker stopped (most likely it ran out of memory).");
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    // Live mode's start describes the data shown; the worker ignores the
    // replay's settings.
    let request = LiveRequest::Start {
        data,
        appended,
        settings: LiveSettings::default(),
        filter: Filter::default(),
        top_min_ratings: 0,
    };
    RUNNING.set(Some(Running {
        worker,
        request: Some(request),
        t0: now(),
    }));
    set_text(STATUS, "Reading the data again and writing Parquet…");
    Ok(())
}

/// The worker's handler is installed: the request goes now.
fn ready() {
    RUNNING.with_borrow_mut(|r| {
        let Some(running) = r else { return };
        let Some(request) = running.request.take() else {
            return;
        };
        let posted = request
            .to_js()
            .map_err(|e| JsValue::from_str(&e))
            .and_then(|m| running.worker.post_message(&m));
        if let Err(e) = posted {
            log("could not post to the Parquet worker", &e);
        }
    });
}

fn respond(response: Response) {
    match response {
        Response::Exported { name, mime, bytes } => {
            crate::exports::download(&name, &mime, &bytes.0);
            let t0 = RUNNING.with_borrow(|r| r.as_ref().map_or(0.0, |r| r.t0));
            finish(&format!(
                "{name}: {:.1} MB, made in {:.1} s.",
                bytes.0.len() as f64 / 1e6,
                (now() - t0) / 1e3
            ));
        }
        Response::Failed { message, .. } => finish(&message),
        _ => log(
            "an unexpected answer from the Parquet worker",
            &JsValue::NULL,
        ),
    }
}

/// Ends the worker and says how it went.
fn finish(status: &str) {
    if let Some(running) = RUNNING.take() {
        running.worker.terminate();
    }
    set_text(STATUS, status);
}
