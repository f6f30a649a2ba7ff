//! The Web Worker: owns the dataset, reads files in chunks, runs the core
//! and answers the page's requests. Nothing here touches the DOM (there is
//! none in a worker; plotters' text measurement needs it, so charts are
//! drawn by the page).

#[cfg(target_arch = "wasm32")]
pub(crate) mod scope {
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

    use crate::ingest_worker::Ticker;
    use movielens_core::analytics::{
        dashboard_state, finish_dashboard, movie_detail, DashboardState,
    };
    use movielens_core::demo::demo;
    use movielens_core::expect::evaluate_all;
    use movielens_core::ingest::kind::SNIFF_BYTES;
    use movielens_core::load::archive::{Archive, Unpacking};
    use movielens_core::load::release::Ignored;
    use movielens_core::load::{Load, Offered, Plan};
    use movielens_core::profile::profile;
    use movielens_core::search::TitleIndex;
    use movielens_core::table::Dataset;
    use movielens_core::FileKind;
    use movielens_core::{Error, ErrorKind};
    use movielens_web::{JsFile, Loaded, Progress, Request, Response, REJECTS_SHOWN, SEARCH_HITS};

    /// Bytes read from a file per step; between steps the worker handles
    /// messages, so a load can be cancelled.
    const CHUNK: f64 = 4.0 * 1024.0 * 1024.0;

    #[derive(Default)]
    pub(crate) struct State {
        pub(crate) dataset: Option<Dataset>,
        /// The state of the dataset's dashboard for the filter queried
        /// last: an append updates it, the next query finishes it.
        pub(crate) view: Option<DashboardState>,
        /// The dataset's titles, folded for search.
        titles: TitleIndex,
        /// The profile of the dataset is still to be sent (after the first
        /// dashboard).
        profile_due: bool,
        /// The load that may go on (the page's number): a newer load or a
        /// cancel replaces it, and a load that is no longer the running one
        /// stops at its next step.
        pub(crate) running: Option<u64>,
        /// asof: the instant the profile is (or is to be) made for.
        pub(crate) profiled_as_of: Option<u32>,
        /// ingest: the filter and minimum of provisional dashboards.
        pub(crate) follow: (movielens_core::analytics::Filter, u64),
        /// append: what the dataset was loaded from, and whether it is the
        /// demo (an append names it before the file added).
        pub(crate) source: (String, bool),
        /// append: the files the load left out (kept in the lineage
        /// after an append).
        pub(crate) ignored: Vec<Ignored>,
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    pub(crate) fn now() -> f64 {
        scope().performance().map_or(0.0, |p| p.now())
    }

    pub(crate) fn post(response: &Response) {
        let posted = response
            .to_js()
            .map_err(|e| JsValue::from_str(&e))
            .and_then(|(value, transfer)| scope().post_message_with_transfer(&value, &transfer));
        if let Err(e) = posted {
            web_sys::console::error_2(&"the worker could not post its answer:".into(), &e);
            // Tell the page, if that can be posted; if not there is no one
            // to tell but the console.
            if !matches!(response, Response::Failed { load: None, .. }) {
                post(&Response::Failed {
                    load: None,
                    message: "internal: the worker could not post its answer".into(),
                });
            }
        }
    }

    pub(crate) async fn read(file: &File, from: f64, to: f64) -> Result<Vec<u8>, Error> {
        let blob = file
            .slice_with_f64_and_f64(from, to)
            .map_err(|e| io_error(&file.name(), &e))?;
        let buf = JsFuture::from(blob.array_buffer())
            .await
            .map_err(|e| io_error(&file.name(), &e))?;
        Ok(Uint8Array::new(&buf).to_vec())
    }

    /// Reads a file [`CHUNK`] bytes at a time, giving each chunk and the
    /// bytes read so far to `each`. Between chunks the worker handles
    /// messages; `Ok(false)` when the load was cancelled meanwhile.
    /// Reads a whole file in chunks (progress said as `stage`; a cancel
    /// takes effect between chunks). `Ok(None)` when cancelled.
    pub(crate) async fn read_whole(
        file: &File,
        stage: &str,
        load: u64,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<Vec<u8>>, Error> {
        let path = file.name();
        let name = base(&path);
        let mut bytes = Vec::with_capacity(file.size() as usize);
        let read_all = in_chunks(file, cancelled, |chunk, at| {
            bytes.extend_from_slice(chunk);
            progress(load, stage, name, at, file.size(), 0);
        });
        if !read_all.await? {
            return Ok(None);
        }
        Ok(Some(bytes))
    }

    async fn in_chunks(
        file: &File,
        cancelled: &dyn Fn() -> bool,
        mut each: impl FnMut(&[u8], f64),
    ) -> Result<bool, Error> {
        let size = file.size();
        let mut at = 0.0;
        while at < size {
            let to = (at + CHUNK).min(size);
            let chunk = read(file, at, to).await?;
            if cancelled() {
                return Ok(false);
            }
            at = to;
            each(&chunk, at);
        }
        Ok(true)
    }

    fn progress(load: u64, stage: &str, file: &str, bytes_read: f64, bytes_total: f64, rows: u64) {
        post(&Response::Progress {
            load,
            progress: Progress {
                stage: stage.to_owned(),
                file: file.to_owned(),
                bytes_read: bytes_read as u64,
                bytes_total: bytes_total as u64,
                rows,
            },
        });
    }

    /// Resolves in a new task of the event loop, after the messages that
    /// arrived meanwhile were handled (a resolved promise would not do: its
    /// callback runs before any message). A message to a channel of its own
    /// is that task; `setTimeout(0)` would be too, but nested timeouts wait
    /// at least 4 ms each.
    async fn next_task() {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            return;
        };
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            channel.port1().set_onmessage(Some(&resolve));
        });
        if channel.port2().post_message(&JsValue::NULL).is_ok() {
            let _ = JsFuture::from(promise).await;
        }
    }

    fn io_error(name: &str, e: &JsValue) -> Error {
        // DOMException (NotReadableError, …) has a readable message.
        let why = e
            .as_string()
            .or_else(|| {
                Reflect::get(e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_else(|| "the browser could not read the file".to_owned());
        Error::new(ErrorKind::Io(why)).in_file(name)
    }

    pub(crate) fn loaded(
        ds: &Dataset,
        source: String,
        demo: bool,
        ms: f64,
        ignored: Vec<Ignored>,
    ) -> Loaded {
        let years = ds.movies.year.iter().flatten();
        Loaded {
            source,
            demo,
            lineage: ds.lineage.clone(),
            timings: ds.lineage.stages.clone(),
            rejects: ds.rejects.iter().take(REJECTS_SHOWN).cloned().collect(),
            rejects_total: ds.lineage.rejected_total(),
            rejects_kept: ds.rejects.len() as u64,
            alerts: movielens_core::expect::integrity_alerts(&ds.lineage),
            flags: ds.flags.iter().take(REJECTS_SHOWN).cloned().collect(),
            first_ts: ds.first_ts.unwrap_or(0),
            last_ts: ds.last_ts.unwrap_or(0),
            first_year: years.clone().copied().min().unwrap_or(1900),
            last_year: years.copied().max().unwrap_or(2000),
            ms,
            ignored,
            schema: ds.schema,
        }
    }

    /// Installs a dataset read from files (`read`) or the demo (`None`).
    fn install(state: &Rc<RefCell<State>>, load: u64, ds: Dataset, read: Option<Read>, t0: f64) {
        let info = match read {
            Some(read) => loaded(&ds, read.source, false, now() - t0, read.ignored),
            None => {
                let source = "Demo data (synthetic, generated in your browser)".to_owned();
                loaded(&ds, source, true, now() - t0, Vec::new())
            }
        };
        put(state, load, ds, info);
    }

    /// Installs a dataset and tells the page (`Loaded`).
    pub(crate) fn put(state: &Rc<RefCell<State>>, load: u64, ds: Dataset, info: Loaded) {
        {
            let mut s = state.borrow_mut();
            s.source = (info.source.clone(), info.demo);
            s.ignored = info.ignored.clone();
            s.titles = TitleIndex::new(&ds);
            s.dataset = Some(ds);
            s.view = None;
            s.profile_due = true;
            s.running = None;
        }
        post(&Response::Loaded {
            load,
            info: Box::new(info),
        });
    }

    // ---- asof (issue 8, point 4: time travel) ----
    /// A query as of an instant: the count of the ratings that stood then
    /// goes first, and the profile follows the instant.
    fn as_of_query(state: &Rc<RefCell<State>>, as_of: Option<u32>) {
        let mut s = state.borrow_mut();
        if s.profiled_as_of != as_of {
            s.profiled_as_of = as_of;
            s.profile_due = true;
        }
        if let (Some(t), Some(ds)) = (as_of, &s.dataset) {
            post(&Response::AsOf {
                as_of: t,
                ratings: ds.ratings_as_of(t),
            });
        }
    }

    /// Profiles the dataset if that is still due (after a dashboard).
    fn send_profile(state: &Rc<RefCell<State>>) {
        let mut s = state.borrow_mut();
        if !s.profile_due {
            return;
        }
        s.profile_due = false;
        let Some(ds) = &s.dataset else { return };
        let t0 = now();
        // asof: the ratings table's profile as the data stood then.
        let then = s.profiled_as_of.map(|t| ds.as_of(t));
        let p = profile(then.as_ref().unwrap_or(ds));
        let expectations = evaluate_all(ds);
        post(&Response::Profiled {
            profile: Box::new(p),
            expectations,
            ms: now() - t0,
        });
    }

    fn load_demo(state: &Rc<RefCell<State>>, load: u64) {
        let t0 = now();
        progress(load, "generating demo data", "", 0.0, 0.0, 0);
        let files = demo();
        let t_gen = now() - t0;
        let mut ds = Dataset::timed(files.load(now), now);
        ds.lineage.stages.insert(
            0,
            movielens_core::lineage::StageTiming {
                stage: "generate demo data".into(),
                ms: t_gen,
            },
        );
        install(state, load, ds, None, t0);
    }

    async fn load_files(state: Rc<RefCell<State>>, files: Vec<File>, load: u64) {
        let t0 = now();
        match read_files(&state, &files, load).await {
            Ok(Some((cleaned, read))) => {
                let mut ds = Dataset::timed(cleaned, now);
                read.ticker.time(&mut ds);
                install(&state, load, ds, Some(read), t0);
            }
            Ok(None) => post(&Response::Cancelled { load }),
            Err(e) => failed(&state, load, e.to_string()),
        }
    }

    /// Load `load` failed: it runs no more, and the page is told why (the
    /// dataset loaded before stays).
    pub(crate) fn failed(state: &Rc<RefCell<State>>, load: u64, message: String) {
        let mut s = state.borrow_mut();
        if s.running == Some(load) {
            s.running = None;
        }
        post(&Response::Failed {
            load: Some(load),
            message,
        });
    }

    /// What a load of files read besides its tables: the files the
    /// tables came from and those not read.
    struct Read {
        source: String,
        ignored: Vec<Ignored>,
        /// ingest: the provisional dashboards posted.
        ticker: Ticker,
    }

    /// A file's name without the folder the page put before it (a picked
    /// or dropped folder's files are named by their path in it).
    pub(crate) fn base(path: &str) -> &str {
        path.rsplit('/').next().unwrap_or(path)
    }

    /// Reads the tables among `files`, or the one zip among them; a
    /// README, `links.csv`, `.DS_Store` beside them are not read but
    /// listed. `Ok(None)` when cancelled or superseded.
    async fn read_files(
        state: &Rc<RefCell<State>>,
        files: &[File],
        load: u64,
    ) -> Result<Option<(movielens_core::Cleaned, Read)>, Error> {
        let cancelled = || state.borrow().running != Some(load);
        let mut plan = Plan::new(files.len());
        let mut tables = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let path = file.name();
            let name = base(&path);
            if name.starts_with('.') {
                // .DS_Store, ._users.dat (AppleDouble): said, not read.
                plan.ignore(name);
                continue;
            }
            let prefix = read(file, 0.0, SNIFF_BYTES as f64).await?;
            if cancelled() {
                return Ok(None);
            }
            if let Offered::Table(_) = plan.offer(i, &path, name, &prefix)? {
                tables.push(i);
            }
        }
        if let Some(i) = plan.zip_alone() {
            let ignored = plan.ignored().to_vec();
            return read_zip(state, &files[i], ignored, load, &cancelled).await;
        }
        let total: f64 = tables.iter().map(|&i| files[i].size()).sum();
        let mut load_plan = plan.start(now)?;
        let mut ticker = Ticker::new();
        while let Some((kind, i)) = load_plan.next_table() {
            let file = &files[i];
            let name = file.name();
            let stage = format!("reading and cleaning {}", kind.file_name());
            ticker.restart();
            let read_all = in_chunks(file, &cancelled, |chunk, _| {
                if kind == FileKind::Ratings {
                    ticker.feed(load, &mut load_plan, &state.borrow().follow, chunk, total);
                } else {
                    load_plan.feed(chunk);
                }
                let (bytes, lines) = (load_plan.bytes() as f64, load_plan.lines());
                progress(load, &stage, &name, bytes, total, lines);
            });
            if !read_all.await? {
                return Ok(None);
            }
        }
        let source = tables
            .iter()
            .map(|&i| base(&files[i].name()).to_owned())
            .collect::<Vec<_>>()
            .join(", ");
        let ignored = load_plan.ignored().to_vec();
        let read = Read {
            source,
            ignored,
            ticker,
        };
        Ok(Some((load_plan.finish(), read)))
    }

    /// Reads a zip in chunks (progress, and a cancel takes effect between
    /// them), then unpacks and cleans it as a stream. `ignored`: the files
    /// given beside it.
    async fn read_zip(
        state: &Rc<RefCell<State>>,
        file: &File,
        mut ignored: Vec<Ignored>,
        load: u64,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<(movielens_core::Cleaned, Read)>, Error> {
        let path = file.name();
        let name = base(&path);
        let Some(bytes) = read_whole(file, "reading the zip", load, cancelled).await? else {
            return Ok(None);
        };
        let mut ticker = Ticker::new();
        // After every read inflated (at most 256 KB), not only at the
        // unpacking's stops (every 4 MB: cleaning that outlasts the wait).
        let Some((cleaned, in_zip)) = unpack(bytes, name, load, cancelled, |plan, at| {
            if plan.current() == Some(FileKind::Ratings) {
                let (inflated, expected) = (at.inflated as f64, at.expected as f64);
                ticker.tick(load, plan, &state.borrow().follow, inflated, expected);
            } else {
                ticker.restart();
            }
        })
        .await?
        else {
            return Ok(None);
        };
        ignored.extend(in_zip);
        let source = name.to_owned();
        let read = Read {
            source,
            ignored,
            ticker,
        };
        Ok(Some((cleaned, read)))
    }

    /// Unpacks and cleans a zip read into memory, entry by entry as a
    /// stream: at each stop of the unpacking (every few MB inflated) the
    /// worker posts progress, lets the event loop run (a cancel or a newer
    /// load arrives) and stops if this load is no longer the running one.
    /// `Ok(None)` when it stopped.
    async fn unpack(
        bytes: Vec<u8>,
        name: &str,
        load: u64,
        cancelled: &dyn Fn() -> bool,
        mut each: impl FnMut(&Load, &Unpacking),
    ) -> Result<Option<(movielens_core::Cleaned, Vec<Ignored>)>, Error> {
        let (mut archive, mut tables) = Archive::open(std::io::Cursor::new(bytes), name, now)?;
        while let Some(mut entry) = archive.next_entry(&mut tables)? {
            while let Some(at) = entry.step_with(&mut each)? {
                let stage = format!("unpacking and cleaning {}", at.entry);
                let (inflated, expected) = (at.inflated as f64, at.expected as f64);
                progress(load, &stage, name, inflated, expected, at.lines);
                each(entry.load(), &at);
                next_task().await;
                if cancelled() {
                    return Ok(None);
                }
            }
        }
        let ignored = tables.ignored().to_vec();
        Ok(Some((tables.finish(), ignored)))
    }

    /// Allocates until the memory is exhausted: the allocation failure
    /// aborts the wasm instance (a trap), as a file too large for the tab
    /// would. Each request is as large as one can be (2 GB on wasm32) and
    /// is never written: the second cannot fit in the 4 GB a wasm32 memory
    /// may have, so it fails after two grows of the memory, without the
    /// browser copying or touching gigabytes (64 MB steps took 6 s and
    /// 4 GB of resident memory).
    fn exhaust_memory() {
        let mut hold: Vec<Vec<u8>> = Vec::new();
        loop {
            hold.push(Vec::with_capacity(isize::MAX as usize));
            std::hint::black_box(&hold);
        }
    }

    /// Makes a download. A filtered one follows the filter the page sent
    /// with the request (the page's filter at the click), whatever the
    /// dashboard drawn last; the unfiltered ones are byte for byte what
    /// `movielens report` writes.
    fn handle(state: &Rc<RefCell<State>>, ev: MessageEvent) {
        let request = match Request::<JsFile>::from_js(ev.data()) {
            Ok(r) => r,
            Err(e) => {
                post(&Response::Failed {
                    load: None,
                    message: format!("internal: bad request ({e})"),
                });
                return;
            }
        };
        match request {
            Request::LoadDemo { load } => {
                state.borrow_mut().running = Some(load);
                load_demo(state, load);
            }
            Request::LoadFiles { load, files } => {
                state.borrow_mut().running = Some(load);
                let files = files.into_iter().map(|f| f.0).collect();
                wasm_bindgen_futures::spawn_local(load_files(state.clone(), files, load));
            }
            Request::Append { load, file } => {
                state.borrow_mut().running = Some(load);
                let append = crate::worker_append::scope::append(state.clone(), file.0, load);
                wasm_bindgen_futures::spawn_local(append);
            }
            // A load that already ended has answered; nothing to stop.
            Request::Cancel { load } => {
                let mut s = state.borrow_mut();
                if s.running == Some(load) {
                    s.running = None;
                }
            }
            // In a task of its own, as a load runs: the trap surfaces from a
            // microtask, not from this message handler.
            Request::ExhaustMemory => wasm_bindgen_futures::spawn_local(async { exhaust_memory() }),
            Request::Follow {
                filter,
                top_min_ratings,
            } => state.borrow_mut().follow = (filter, top_min_ratings),
            Request::Query {
                seq,
                filter,
                top_min_ratings,
            } => {
                state.borrow_mut().follow = (filter.clone(), top_min_ratings);
                let t0 = now();
                as_of_query(state, filter.as_of);
                {
                    let mut s = state.borrow_mut();
                    let s = &mut *s;
                    if let Some(ds) = &s.dataset {
                        // The kept state when it is this filter's.
                        let view = match s.view.take() {
                            Some(v) if v.filter() == &filter => v,
                            _ => dashboard_state(ds, &filter),
                        };
                        let d = finish_dashboard(&view, ds, top_min_ratings);
                        s.view = Some(view);
                        post(&Response::Dashboard {
                            seq,
                            dashboard: Box::new(d),
                            ms: now() - t0,
                        });
                    }
                }
                send_profile(state);
            }
            Request::Export(what) => {
                let response =
                    crate::worker_export::scope::export(state.borrow().dataset.as_ref(), what);
                post(&response);
            }
            Request::Search { seq, query } => {
                let s = state.borrow();
                let hits = match &s.dataset {
                    Some(ds) => s.titles.search(ds, &query, SEARCH_HITS),
                    None => Vec::new(),
                };
                post(&Response::Search { seq, hits });
            }
            Request::Movie { seq, id, filter } => {
                let s = state.borrow();
                if let Some(ds) = &s.dataset {
                    let detail = movie_detail(ds, &filter, id).map(Box::new);
                    post(&Response::Movie { seq, detail });
                }
            }
        }
    }

    pub fn start() {
        let state = Rc::new(RefCell::new(State::default()));
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev| handle(&state, ev));
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The worker lives as long as the page: keep the handler.
        on_message.forget();
        // Messages posted to a wasm worker before this handler exists are
        // dropped (its script yields while the wasm loads), so announce it.
        post(&Response::Ready);
    }
}
