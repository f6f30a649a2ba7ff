//! The live worker (issue 8, point 2): a wasm module of its own, which the
//! page fetches and starts only when the person opens Live mode, so the
//! stream core costs the first view nothing. It reads the data the page
//! shows again (the demo generated again, or the page's files read whole),
//! replays its accepted ratings through `movielens_web::live::Engine`, and
//! posts a frame ten times a second while playing. Nothing here touches
//! the DOM.

#[cfg(target_arch = "wasm32")]
mod scope {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    use movielens_core::analytics::Filter;
    use movielens_web::live::{reread, Engine, LiveData, LiveRequest, LiveResponse, LiveSettings};
    use movielens_web::JsFile;

    /// Milliseconds between frames while playing: 10 frames a second.
    const FRAME_MS: f64 = 100.0;
    /// Wall time a tick counts at most (a throttled tab's long pause does
    /// not jump the clock).
    const MAX_TICK_MS: f64 = 250.0;

    #[derive(Default)]
    struct State {
        engine: Option<Engine>,
        /// A tick is scheduled.
        ticking: bool,
        /// When the last tick ran (wall ms).
        last_tick: f64,
        /// Requests made while the data was read: carried out once the
        /// engine is there.
        waiting: Vec<LiveRequest<JsFile>>,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::default();
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn now() -> f64 {
        scope().performance().map_or(0.0, |p| p.now())
    }

    fn post(response: &LiveResponse) {
        let posted = response
            .to_js()
            .map_err(|e| JsValue::from_str(&e))
            .and_then(|v| scope().post_message(&v));
        if let Err(e) = posted {
            web_sys::console::error_2(&"the live worker could not post:".into(), &e);
        }
    }

    /// Posts the engine's frame (`t0`: when the work for it began).
    fn post_frame(engine: &mut Engine, t0: f64) {
        let frame = engine.frame(t0, now);
        post(&LiveResponse::Frame(Box::new(frame)));
    }

    async fn start(
        data: LiveData<JsFile>,
        appended: Vec<JsFile>,
        settings: LiveSettings,
        filter: Filter,
        top_min: u64,
    ) {
        let t0 = now();
        let ds = reread::dataset(data, appended, now).await;
        match ds {
            Ok(ds) => {
                let waiting = STATE.with_borrow_mut(|s| {
                    let mut engine = Engine::new(ds, settings, &filter, top_min);
                    post_frame(&mut engine, t0);
                    s.engine = Some(engine);
                    std::mem::take(&mut s.waiting)
                });
                waiting.into_iter().for_each(apply);
            }
            Err(e) => post(&LiveResponse::Failed(e.to_string())),
        }
    }

    /// One frame of play: the clock moves by the wall time since the last
    /// tick, a frame is posted, and the next tick is scheduled.
    fn tick() {
        let t0 = now();
        let playing = STATE.with_borrow_mut(|s| {
            s.ticking = false;
            let wall = (t0 - s.last_tick).clamp(0.0, MAX_TICK_MS);
            s.last_tick = t0;
            let Some(engine) = &mut s.engine else {
                return false;
            };
            if !engine.is_playing() {
                return false;
            }
            engine.tick(wall, now);
            post_frame(engine, t0);
            engine.is_playing()
        });
        if playing {
            schedule((FRAME_MS - (now() - t0)).max(0.0));
        }
    }

    fn schedule(delay: f64) {
        let already = STATE.with_borrow_mut(|s| std::mem::replace(&mut s.ticking, true));
        if already {
            return;
        }
        let f = Closure::once_into_js(tick);
        let timer = scope()
            .set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), delay as i32);
        if let Err(e) = timer {
            web_sys::console::error_2(&"the live worker could not schedule a frame:".into(), &e);
        }
    }

    fn handle(ev: MessageEvent) {
        let request = match LiveRequest::<JsFile>::from_js(ev.data()) {
            Ok(r) => r,
            Err(e) => {
                return post(&LiveResponse::Failed(format!(
                    "internal: bad request ({e})"
                )))
            }
        };
        if let LiveRequest::Start {
            data,
            appended,
            settings,
            filter,
            top_min_ratings,
        } = request
        {
            wasm_bindgen_futures::spawn_local(start(
                data,
                appended,
                settings,
                filter,
                top_min_ratings,
            ));
            return;
        }
        apply(request);
    }

    /// Carries out a request other than `Start` (kept for later while the
    /// data is read).
    fn apply(request: LiveRequest<JsFile>) {
        let t0 = now();
        let play = STATE.with_borrow_mut(|s| {
            let Some(engine) = s.engine.as_mut() else {
                s.waiting.push(request);
                return None;
            };
            let was_playing = engine.is_playing();
            match request {
                LiveRequest::Start { .. } => {}
                LiveRequest::Settings(settings) => engine.restart(settings),
                LiveRequest::Play { speed } => engine.play(speed),
                LiveRequest::Pause => engine.pause(),
                LiveRequest::Step { seconds } => engine.step(seconds, now),
                LiveRequest::Seek { unix } => engine.seek(unix, now),
                LiveRequest::SetFilter {
                    filter,
                    top_min_ratings,
                } => engine.set_filter(&filter, top_min_ratings),
                LiveRequest::Verify => {
                    let (equal, detail) = engine.verify(now);
                    post(&LiveResponse::Verified { equal, detail });
                    return None;
                }
            }
            post_frame(engine, t0);
            // The clock counts wall time from when play began; a request
            // while playing does not reset it (it would lose time).
            if !was_playing {
                s.last_tick = t0;
            }
            Some(engine.is_playing())
        });
        if play == Some(true) {
            schedule(FRAME_MS);
        }
    }

    pub fn start_worker() {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle);
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // Messages posted before the handler exists are lost: say it is
        // there.
        post(&LiveResponse::Ready);
    }
}

/// The live worker's entry point: its script (the page's `live::open`)
/// calls it once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn live_start() {
    console_error_panic_hook::set_once();
    scope::start_worker();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the live worker runs in the browser: the page starts it in Live mode");
}
