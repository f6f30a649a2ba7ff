//! The page: owns the DOM, talks to the worker, draws the charts.
//!
//! The model and its transitions are the library's [`Page`]: every event
//! becomes a [`Msg`], [`dispatch`] runs [`Page::update`] and carries out the
//! [`Effect`]s it returns. What the page keeps beside the model is what it
//! draws with: the worker, the charts' hit maps. Every number shown comes
//! from the worker's responses.

#[cfg(target_arch = "wasm32")]
mod alt;
#[cfg(target_arch = "wasm32")]
mod append;
#[cfg(target_arch = "wasm32")]
mod bar;
#[cfg(target_arch = "wasm32")]
mod brush;
#[cfg(target_arch = "wasm32")]
mod charts;
#[cfg(target_arch = "wasm32")]
mod checklist;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod exports;
#[cfg(target_arch = "wasm32")]
mod filters;
#[cfg(target_arch = "wasm32")]
mod folders;
#[cfg(target_arch = "wasm32")]
mod ingest;
#[cfg(target_arch = "wasm32")]
mod ingest_worker;
#[cfg(target_arch = "wasm32")]
mod live;
#[cfg(target_arch = "wasm32")]
mod loading;
#[cfg(target_arch = "wasm32")]
mod movie;
#[cfg(target_arch = "wasm32")]
mod panels;
#[cfg(target_arch = "wasm32")]
mod parquet;
#[cfg(target_arch = "wasm32")]
mod tables;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
mod view;
#[cfg(target_arch = "wasm32")]
mod worker;
#[cfg(target_arch = "wasm32")]
mod worker_append;
#[cfg(target_arch = "wasm32")]
mod worker_export;

#[cfg(target_arch = "wasm32")]
mod app {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use wasm_bindgen::prelude::*;
    use web_sys::Worker;

    use movielens_core::charts::{ChartKind, HitMap};
    use movielens_web::hash::UrlState;
    use movielens_web::page::{Effect, Msg, Page, Status};
    use movielens_web::{JsFile, Request};

    use crate::dom::{log, now, set_status, show, window};
    use crate::{
        bar, charts, checklist, exports, filters, ingest, live, loading, movie, panels, parquet,
        tabs,
    };

    /// The model, and what the page draws with.
    pub(crate) struct App {
        pub(crate) page: Page<JsFile>,
        pub(crate) worker: Worker,
        /// The charts' hit maps, in canvas pixels (tooltips and clicks).
        pub(crate) hits: Vec<(ChartKind, HitMap)>,
        /// When the newest query was posted (for the redraw time).
        pub(crate) query_sent: f64,
    }

    thread_local! {
        static APP: RefCell<Option<App>> = const { RefCell::new(None) };
    }

    /// Runs `f` on the app (`None` before it exists). Not re-entrant: `f`
    /// must not dispatch.
    pub(crate) fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
        APP.with(|a| a.borrow_mut().as_mut().map(f))
    }

    /// Handles an event: updates the model and carries out its effects, in
    /// order. An effect that fails (no new worker could be started) is
    /// itself an event, handled after the others.
    pub(crate) fn dispatch(msg: Msg<JsFile>) {
        let mut pending = VecDeque::from([msg]);
        while let Some(msg) = pending.pop_front() {
            with_app(|app| {
                for effect in app.page.update(msg, now()) {
                    if let Some(next) = run(app, effect) {
                        pending.push_back(next);
                    }
                }
            });
        }
    }

    fn run(app: &mut App, effect: Effect<JsFile>) -> Option<Msg<JsFile>> {
        match effect {
            Effect::Post(request) => post(app, request),
            Effect::StartWorker(generation) => match loading::start_worker(generation) {
                Ok(w) => app.worker = w,
                Err(e) => {
                    log("could not start a new worker", &e);
                    return Some(Msg::WorkerLost);
                }
            },
            Effect::Status(text, kind) => set_status(&text, kind),
            Effect::LoadBegun => {
                // Live mode replays the data shown: a new load ends it.
                live::close_in(app);
                show("progress", true);
                show("cancel", true);
            }
            Effect::Progress(p) => loading::show_progress(&p),
            Effect::LoadEnded => {
                show("progress", false);
                show("cancel", false);
            }
            Effect::FilterChanged => {
                filters::show_filter(&app.page);
                live::filter_changed(&app.page);
            }
            Effect::ShowLoaded => {
                // Live mode replays the data it was opened on: it ends.
                live::close_in(app);
                if let Some(l) = app.page.loaded() {
                    panels::show_loaded(l);
                    checklist::show(l, None);
                    if let Err(e) =
                        filters::fit_to(&l.schema).and_then(|()| charts::fit_to(&l.schema))
                    {
                        crate::dom::failed("the controls of the release", &e);
                    }
                }
            }
            Effect::ShowDashboard {
                seq,
                worker_ms,
                first,
                load_started,
            } => {
                if let Some(d) = app.page.dashboard() {
                    movie::remember(&d.picked_movies);
                }
                charts::show_dashboard(app, seq, worker_ms, first, load_started);
                bar::show_count(&app.page);
                ingest::mark(&app.page);
            }
            Effect::ShowProvisional => ingest::show_provisional(app),
            Effect::ShowProfile {
                profile,
                expectations,
                ms,
            } => {
                panels::show_profile(&profile, &expectations, ms);
                panels::profile_as_of(app.page.filter().as_of);
                if let Some(l) = app.page.loaded() {
                    checklist::show(l, Some(&expectations));
                }
            }
            Effect::Download { name, mime, bytes } => exports::download(&name, &mime, &bytes),
            Effect::ShowSearch(hits) => movie::show_search(&hits),
            Effect::OpenMovie(id) => movie::open(id),
            Effect::ShowMovie(detail) => movie::show(detail.as_deref(), app.page.filter()),
            Effect::CloseMovie => movie::close(),
            Effect::Offer(name) => crate::append::show_offer(name.as_deref()),
        }
        None
    }

    /// Posts to the worker (the model queued it until the worker was
    /// ready); a load's files travel inside the request.
    fn post(app: &mut App, request: Request<JsFile>) {
        if let Request::Query { .. } = request {
            app.query_sent = now();
        }
        let message = match request.to_js() {
            Ok(m) => m,
            Err(e) => {
                log("could not make a request", &JsValue::from_str(&e));
                set_status(
                    "Internal error: a request for the worker could not be made; please reload the page.",
                    Status::Error,
                );
                return;
            }
        };
        if let Err(e) = app.worker.post_message(&message) {
            log("could not post to the worker", &e);
            set_status(
                "The background worker is gone; please reload the page.",
                Status::Error,
            );
        }
    }

    pub fn start() -> Result<(), JsValue> {
        charts::build()?;
        filters::build()?;
        loading::wire()?;
        exports::wire()?;
        movie::wire()?;
        crate::append::wire()?;
        live::wire()?;
        parquet::wire()?;
        let hash = window().location().hash().unwrap_or_else(|e| {
            log("could not read the URL hash", &e);
            String::new()
        });
        let state = UrlState::from_hash(&hash);
        tabs::wire(state.tab)?;
        let page = Page::new(state.filter, state.top_min);
        let worker = loading::start_worker(page.generation())?;
        APP.with(|a| {
            *a.borrow_mut() = Some(App {
                page,
                worker,
                hits: Vec::new(),
                query_sent: 0.0,
            })
        });
        // An old link is rewritten in the readable form at once.
        with_app(|app| filters::show_filter(&app.page));
        filters::wire_hash()?;
        charts::wire_redraws()?;
        bar::wire()?;
        Ok(())
    }
}

/// Runs when the module is instantiated, in the page and in the worker
/// alike: the worker (no `window`) waits for [`worker_start`].
#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    if web_sys::window().is_none() {
        return;
    }
    if let Err(e) = app::start() {
        dom::failed("the page", &e);
    }
}

/// The worker's entry point: the worker's script (see
/// `loading::start_worker`) calls it once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn worker_start() {
    worker::scope::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser: scripts/serve.sh builds and serves it");
}
