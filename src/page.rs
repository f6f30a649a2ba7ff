//! The page's model, in the shape of the Elm architecture: every event (a
//! click, a worker's answer, the worker dying) is a [`Msg`]; [`Page::update`]
//! changes the model and returns the [`Effect`]s to carry out (post to the
//! worker, show a panel, set the status line), in order. The page's DOM
//! code (`bin/app/`) turns events into messages and carries out effects;
//! it keeps no state of its own but what it draws.
//!
//! Nothing here needs the DOM: generic over the file handle
//! (`web_sys::File` in the page), it is tested natively.

use movielens_core::analytics::{Dashboard, Filter, MovieDetail, MovieRef};
use movielens_core::expect::Outcome;
use movielens_core::profile::Profile;

use crate::loads::{names, Loads, NamedFile, Source};
use crate::query::{Answered, Queries};
use crate::{failure_status, Export, Loaded, Progress, Request, Response};

/// The page's link to its worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Link<F> {
    /// The worker is starting. Messages wait for its [`Response::Ready`]:
    /// posted to a wasm worker before its handler exists, they would be
    /// lost.
    Starting {
        queue: Vec<Request<F>>,
    },
    Ready,
    /// It died before it was ready, or no new one could be started:
    /// nothing can be posted any more.
    Dead,
}

/// The kind of the status line (its class, and the body's `data-status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Loading,
    Ready,
    Error,
}

impl Status {
    pub fn class(self) -> &'static str {
        match self {
            Status::Loading => "loading",
            Status::Ready => "ready",
            Status::Error => "error",
        }
    }
}

/// Everything that happens to the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg<F> {
    /// Files given or Demo data pressed: a load that supersedes any other.
    Load(Source<F>),
    /// Cancel pressed.
    Cancel,
    /// A new filter and minimum ratings of the top lists (from a control,
    /// a click on a chart, the URL hash).
    Filter(Filter, u64),
    /// A download asked for.
    Export(Export),
    /// The debugging button of `?debug=oom`.
    ExhaustMemory,
    /// The title search's text changed.
    Search(String),
    /// A movie picked (a search, a top list, any `data-movie` element):
    /// open its detail.
    OpenMovie(u32),
    /// The movie view closed.
    CloseMovie,
    /// An answer of the current worker.
    Response(Response),
    /// An answer of the current worker could not be read.
    Unreadable,
    /// The current worker died (a wasm trap: out of memory, a panic).
    WorkerDied,
    /// No new worker could be started after one died.
    WorkerLost,
    /// append: one file given, its first bytes ratings ([`Page::can_append`]).
    Ratings(F),
    /// append: the person's answer to the offer to add the ratings.
    Offer(append::Choice),
}

/// What the page does after an update, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect<F> {
    /// Post this to the worker (now: the model queues while it starts).
    Post(Request<F>),
    /// Start worker number `generation` (the one before is terminated).
    StartWorker(u64),
    Status(String, Status),
    /// A load of files began: show the progress bar and Cancel.
    LoadBegun,
    /// Where the current load is: the progress bar and the status line.
    Progress(Progress),
    /// The current load ended: hide the progress bar and Cancel.
    LoadEnded,
    /// The filter changed: the URL hash and the controls show it.
    FilterChanged,
    /// A dataset is in the worker: show its panels ([`Page::loaded`]).
    ShowLoaded,
    /// Draw the dashboard ([`Page::dashboard`]) and the active filters.
    ShowDashboard {
        seq: u64,
        /// The worker's time for the query.
        worker_ms: f64,
        /// No dashboard was drawn before (for the first-chart time).
        first: bool,
        /// It is the first of a newly loaded dataset: when the load was
        /// asked for (for the load time).
        load_started: Option<f64>,
    },
    ShowProfile {
        profile: Box<Profile>,
        expectations: Vec<Outcome>,
        ms: f64,
    },
    Download {
        name: String,
        mime: String,
        bytes: Vec<u8>,
    },
    /// The newest search's matches.
    ShowSearch(Vec<MovieRef>),
    /// Open the movie view for this movie (its detail follows).
    OpenMovie(u32),
    /// The detail of the open movie, for the current filter (`None`: the
    /// dataset has no such movie).
    ShowMovie(Option<Box<MovieDetail>>),
    /// Close the movie view.
    CloseMovie,
    /// ingest: draw [`Page::dashboard`] again with its marker
    /// ([`Page::provisional`]): a provisional dashboard arrived, or a
    /// failed load's were dropped and the data shown before is back.
    ShowProvisional,
    /// append: show the offer to add the ratings of this file, or hide it.
    Offer(Option<String>),
}

/// The page's model.
#[derive(Debug)]
pub struct Page<F> {
    filter: Filter,
    top_min: u64,
    /// Numbers the workers started (a new one after a crash): events of a
    /// replaced worker are not the current one's.
    generation: u64,
    link: Link<F>,
    /// The loads asked for, the current one, what the data came from.
    loads: Loads<F>,
    queries: Queries,
    /// The dataset the worker holds (`None` while a new worker has none).
    loaded: Option<Loaded>,
    /// The dashboard shown.
    dashboard: Option<Dashboard>,
    /// Said before the ready text (after a recovery from a crash).
    note: Option<String>,
    /// The next dashboard is the first of a newly loaded dataset: when
    /// that load was asked for.
    load_started: Option<f64>,
    /// The movie the movie view shows, if open.
    movie: Option<u32>,
    /// The number of the newest search (older answers are dropped).
    search_seq: u64,
    /// The number of the newest movie request: an answer for a movie or
    /// filter since replaced is dropped.
    movie_seq: u64,
    /// Ratings that stood at an instant, as the worker counted them last.
    as_of_ratings: Option<(u32, u64)>,
    /// ingest: the current load's newest provisional dashboard, shown
    /// instead of [`Self::dashboard`] until the load ends.
    provisional: Option<ingest::Provisional>,
    /// append: the ratings file offered to add, until the person answers.
    offer: Option<F>,
    /// append: the load that adds a file, while it runs, and the file.
    appending: Option<(u64, F)>,
    /// append: the files added to the data shown, in order.
    appended: Vec<F>,
    // ---- live (issue 8, point 2) ----
    /// Live mode's newest served dashboard (batch and speed merged), shown
    /// instead of the others while Live mode is open.
    live: Option<Dashboard>,
}

type Effects<F> = Vec<Effect<F>>;

impl<F: Clone + NamedFile> Page<F> {
    /// The page as it opens, with the filter of its URL; worker number 1
    /// is starting.
    pub fn new(filter: Filter, top_min: u64) -> Self {
        Page {
            filter,
            top_min,
            generation: 1,
            link: Link::Starting { queue: Vec::new() },
            loads: Loads::default(),
            queries: Queries::default(),
            loaded: None,
            dashboard: None,
            note: None,
            load_started: None,
            movie: None,
            search_seq: 0,
            movie_seq: 0,
            as_of_ratings: None,
            provisional: None,
            offer: None,
            appending: None,
            appended: Vec::new(),
            live: None,
        }
    }

    /// The movie the movie view shows, if open.
    pub fn movie(&self) -> Option<u32> {
        self.movie
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn top_min(&self) -> u64 {
        self.top_min
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn link(&self) -> &Link<F> {
        &self.link
    }

    pub fn loads(&self) -> &Loads<F> {
        &self.loads
    }

    pub fn queries(&self) -> &Queries {
        &self.queries
    }

    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    /// (instant, ratings that stood then), as the worker counted them last.
    pub fn as_of_ratings(&self) -> Option<(u32, u64)> {
        self.as_of_ratings
    }

    /// The dashboard to draw: Live mode's served one while it is open,
    /// else the current load's provisional one while it reads its ratings,
    /// else the dataset's.
    pub fn dashboard(&self) -> Option<&Dashboard> {
        if let Some(live) = &self.live {
            return Some(live);
        }
        match &self.provisional {
            Some(p) => Some(&p.dashboard),
            None => self.dashboard.as_ref(),
        }
    }

    /// live: Live mode's newest served dashboard, drawn instead of the
    /// others; `None` when Live mode closes (the dashboard drawn before
    /// is back).
    pub fn set_live(&mut self, dashboard: Option<Dashboard>) {
        self.live = dashboard;
    }

    /// live: whether Live mode's dashboard is the one drawn.
    pub fn is_live(&self) -> bool {
        self.live.is_some()
    }

    /// The filter the drawn dashboard was computed for: Live mode serves
    /// the filter without its as-of instant (the replay has a clock of its
    /// own).
    pub fn drawn_filter(&self) -> Filter {
        match self.live {
            Some(_) => Filter {
                as_of: None,
                ..self.filter.clone()
            },
            None => self.filter.clone(),
        }
    }

    /// Changes the model for `msg` (at time `now`, in ms) and says what to
    /// do.
    pub fn update(&mut self, msg: Msg<F>, now: f64) -> Vec<Effect<F>> {
        let mut fx = Vec::new();
        match msg {
            Msg::Load(source) => self.load(source, now, &mut fx),
            Msg::Ratings(file) => self.ratings_given(file, now, &mut fx),
            Msg::Offer(choice) => self.answered(choice, now, &mut fx),
            Msg::Cancel => {
                if let Some(load) = self.loads.current() {
                    self.post(Request::Cancel { load }, &mut fx);
                }
            }
            Msg::Filter(filter, top_min) => {
                self.filter = filter;
                self.top_min = top_min;
                fx.push(Effect::FilterChanged);
                self.query(&mut fx);
                self.ask_movie(&mut fx);
            }
            Msg::Search(query) => {
                self.search_seq += 1;
                let seq = self.search_seq;
                if self.loaded.is_some() {
                    self.post(Request::Search { seq, query }, &mut fx);
                } else {
                    fx.push(Effect::ShowSearch(Vec::new()));
                }
            }
            Msg::OpenMovie(id) => {
                self.movie = Some(id);
                fx.push(Effect::OpenMovie(id));
                self.ask_movie(&mut fx);
            }
            Msg::CloseMovie => {
                self.movie = None;
                fx.push(Effect::CloseMovie);
            }
            Msg::Export(what) => self.post(Request::Export(what), &mut fx),
            Msg::ExhaustMemory => self.post(Request::ExhaustMemory, &mut fx),
            Msg::Response(r) => self.respond(r, now, &mut fx),
            Msg::Unreadable => {
                self.queries.forget();
                fx.push(Effect::Status(
                    "Internal error: an unreadable answer from the worker; please reload the page."
                        .into(),
                    Status::Error,
                ));
            }
            Msg::WorkerDied => self.worker_died(now, &mut fx),
            Msg::WorkerLost => {
                self.link = Link::Dead;
                fx.push(Effect::Status(
                    "The background worker stopped and could not be restarted; please reload the page."
                        .into(),
                    Status::Error,
                ));
            }
        }
        fx
    }

    /// The status line once the newest dashboard is shown.
    pub fn ready_text(&self) -> String {
        let shown = match &self.loaded {
            Some(l) if l.demo => format!(
                "Showing demo data: synthetic, in the shape of MovieLens 1M{}.",
                append::added(l)
            ),
            Some(l) => format!("Showing your files: {}", l.source),
            None => String::new(),
        };
        match &self.note {
            Some(note) => format!("{note} {shown}"),
            None => shown,
        }
    }

    /// Asks for the open movie's detail under the current filter.
    fn ask_movie(&mut self, fx: &mut Effects<F>) {
        if let (Some(id), Some(_)) = (self.movie, &self.loaded) {
            self.movie_seq += 1;
            let (seq, filter) = (self.movie_seq, self.filter.clone());
            self.post(Request::Movie { seq, id, filter }, fx);
        }
    }

    /// Posts to the worker, or queues until it is ready.
    fn post(&mut self, request: Request<F>, fx: &mut Effects<F>) {
        match &mut self.link {
            Link::Ready => fx.push(Effect::Post(request)),
            Link::Starting { queue } => queue.push(request),
            Link::Dead => fx.push(Effect::Status(
                "The background worker is gone; please reload the page.".into(),
                Status::Error,
            )),
        }
    }

    /// Asks the worker for load `id` of `source`.
    fn post_load(&mut self, id: u64, source: &Source<F>, fx: &mut Effects<F>) {
        match source {
            Source::Demo => self.post(Request::LoadDemo { load: id }, fx),
            Source::Files(files) => {
                let files = files.clone();
                self.post(Request::LoadFiles { load: id, files }, fx);
            }
        }
    }

    /// A load the person asked for (it supersedes any other).
    fn load(&mut self, source: Source<F>, now: f64, fx: &mut Effects<F>) {
        self.note = None;
        self.close_offer(fx);
        let id = self.loads.start(source.clone(), now, None);
        if let Source::Files(_) = &source {
            self.follow(fx);
        }
        self.post_load(id, &source, fx);
        if let Source::Files(files) = &source {
            fx.push(Effect::LoadBegun);
            fx.push(Effect::Status(
                format!("Reading {}…", names(files)),
                Status::Loading,
            ));
        }
    }

    /// Queries the dashboard of the current filter, if the worker holds a
    /// dataset and no query is unanswered.
    fn query(&mut self, fx: &mut Effects<F>) {
        if self.loaded.is_none() {
            return;
        }
        if let Some(seq) = self.queries.ask() {
            self.post_query(seq, fx);
        }
    }

    fn post_query(&mut self, seq: u64, fx: &mut Effects<F>) {
        let request = Request::Query {
            seq,
            filter: self.filter.clone(),
            top_min_ratings: self.top_min,
        };
        self.post(request, fx);
    }

    fn respond(&mut self, r: Response, now: f64, fx: &mut Effects<F>) {
        match r {
            Response::Ready => self.ready(now, fx),
            Response::Progress { load, progress } => {
                if self.loads.is_current(load) {
                    fx.push(Effect::Progress(progress));
                }
            }
            Response::Loaded { load, info } => self.show_loaded(load, *info, fx),
            Response::Profiled {
                profile,
                expectations,
                ms,
            } => fx.push(Effect::ShowProfile {
                profile,
                expectations,
                ms,
            }),
            Response::AsOf { as_of, ratings } => self.as_of_ratings = Some((as_of, ratings)),
            Response::Dashboard { seq, dashboard, ms } => {
                self.show_dashboard(seq, *dashboard, ms, fx);
            }
            Response::Failed { load, message } => {
                let ours = match load {
                    Some(id) => self.loads.ended(id).is_some(),
                    None => true,
                };
                if ours && load.is_some() {
                    self.drop_provisional(fx);
                }
                if ours {
                    if load.is_some() {
                        fx.push(Effect::LoadEnded);
                    }
                    let keep = self.loaded.is_some();
                    fx.push(Effect::Status(
                        failure_status(&message, keep),
                        Status::Error,
                    ));
                }
            }
            Response::Cancelled { load } => {
                if self.loads.ended(load).is_some() {
                    self.drop_provisional(fx);
                    fx.push(Effect::LoadEnded);
                    fx.push(Effect::Status(
                        "Load cancelled; the data shown before is still here.".into(),
                        Status::Ready,
                    ));
                }
            }
            Response::Exported { name, mime, bytes } => {
                fx.push(Effect::Download {
                    name,
                    mime,
                    bytes: bytes.0,
                });
            }
            Response::Search { seq, hits } => {
                if seq == self.search_seq {
                    fx.push(Effect::ShowSearch(hits));
                }
            }
            // Only the newest request's answer, while the view is open.
            Response::Movie { seq, mut detail } => {
                if self.movie.is_some() && seq == self.movie_seq {
                    // The scale does not cross: it is the loaded release's.
                    if let (Some(d), Some(l)) = (detail.as_mut(), self.loaded.as_ref()) {
                        d.scale = l.schema.scale;
                    }
                    fx.push(Effect::ShowMovie(detail));
                }
            }
            Response::Provisional {
                load,
                dashboard,
                read,
                total,
            } => self.take_provisional(load, *dashboard, read, total, fx),
        }
    }

    /// The worker's handler is installed: what waited is posted. Files
    /// given before the first worker was ready go first; the demo only
    /// when nothing else was asked for.
    fn ready(&mut self, now: f64, fx: &mut Effects<F>) {
        if let Link::Starting { queue } = std::mem::replace(&mut self.link, Link::Ready) {
            fx.extend(queue.into_iter().map(Effect::Post));
        }
        if self.loads.current().is_none() && self.generation == 1 {
            let id = self.loads.start(Source::Demo, now, None);
            self.post_load(id, &Source::Demo, fx);
        }
    }

    /// A dataset is in the worker: show it and query its dashboard. When it
    /// is the current load's, the loading ends; an older load's dataset (it
    /// finished before the newer request reached the worker) is shown while
    /// the current load goes on, so that the page always shows what the
    /// worker holds.
    fn show_loaded(&mut self, load: u64, info: Loaded, fx: &mut Effects<F>) {
        self.track_appended(load);
        if let Some(ended) = self.loads.loaded(load) {
            fx.push(Effect::LoadEnded);
            self.load_started = Some(ended.started);
            self.note = ended.note;
        }
        // A filter on what the release lacks (demographics without a users
        // file, IMAX before ML-10M) would select nothing: it is dropped.
        let fitted = self.filter.fit(&info.schema);
        self.loaded = Some(info);
        fx.push(Effect::ShowLoaded);
        if fitted != self.filter {
            self.filter = fitted;
            fx.push(Effect::FilterChanged);
        }
        // A new dataset: an unanswered query was for the old one.
        let seq = self.queries.restart();
        self.post_query(seq, fx);
        self.ask_movie(fx);
    }

    /// A dashboard arrived: it is shown (whichever query it answers, it is
    /// what the worker holds), then the newest filter is asked for if it
    /// changed meanwhile.
    fn show_dashboard(&mut self, seq: u64, d: Dashboard, worker_ms: f64, fx: &mut Effects<F>) {
        let first = self.dashboard.is_none();
        self.dashboard = Some(d);
        if self.loads.current().is_none() {
            self.provisional = None;
        }
        fx.push(Effect::ShowDashboard {
            seq,
            worker_ms,
            first,
            load_started: self.load_started.take(),
        });
        match self.queries.answered(seq) {
            Answered::Query(next) => self.post_query(next, fx),
            Answered::Waiting => {}
            Answered::Settled => {
                if self.loads.current().is_none() {
                    fx.push(Effect::Status(self.ready_text(), Status::Ready));
                }
            }
        }
    }
}

pub mod append;
mod crash;
mod ingest;
#[cfg(test)]
mod tests;
