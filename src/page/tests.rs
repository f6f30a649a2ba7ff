//! The page's transitions, natively: loads superseded, cancelled, failed;
//! filters while a query is in flight; the worker dying.

use std::sync::OnceLock;

use movielens_core::analytics::{dashboard, Dashboard, Filter};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::lineage::native_clock;
use movielens_core::model::Gender;
use movielens_core::table::Dataset;

use super::*;
use crate::loads::LoadState;
use crate::query::QueryState;

type Name = &'static str;

impl NamedFile for Name {
    fn file_name(&self) -> String {
        (*self).to_owned()
    }
}

fn dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        let files = generate(&DemoConfig {
            ratings: 2_000,
            seed: 3,
            dirty: false,
        });
        Dataset::new(files.load(native_clock))
    })
}

fn info(source: &str) -> Box<Loaded> {
    info_of(dataset(), source)
}

/// What the worker says of `ds` loaded from `source` ("demo": the demo).
pub(crate) fn info_of(ds: &Dataset, source: &str) -> Box<Loaded> {
    Box::new(Loaded {
        source: source.to_owned(),
        demo: source == "demo",
        lineage: ds.lineage.clone(),
        timings: Vec::new(),
        rejects: Vec::new(),
        rejects_total: 0,
        rejects_kept: 0,
        alerts: Vec::new(),
        flags: Vec::new(),
        first_ts: 0,
        last_ts: 0,
        first_year: 1919,
        last_year: 2000,
        ms: 1.0,
        ignored: Vec::new(),
        schema: ds.schema,
    })
}

fn dash() -> Box<Dashboard> {
    Box::new(dashboard(dataset(), &Filter::default(), 10))
}

fn women() -> Filter {
    Filter {
        genders: vec![Gender::F],
        ..Filter::default()
    }
}

fn files(names: &[Name]) -> Source<Name> {
    Source::Files(names.to_vec())
}

/// The requests among the effects (but ingest's `Follow`, tested in
/// `page/ingest_tests.rs`).
fn requests(fx: &[Effect<Name>]) -> Vec<Request<Name>> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Post(Request::Follow { .. }) => None,
            Effect::Post(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn load_files(load: u64, files: &[Name]) -> Request<Name> {
    Request::LoadFiles {
        load,
        files: files.to_vec(),
    }
}

fn statuses(fx: &[Effect<Name>]) -> Vec<(String, Status)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Status(text, kind) => Some((text.clone(), *kind)),
            _ => None,
        })
        .collect()
}

fn query(seq: u64, filter: Filter) -> Request<Name> {
    Request::Query {
        seq,
        filter,
        top_min_ratings: 250,
    }
}

struct Session {
    page: Page<Name>,
    now: f64,
}

impl Session {
    fn new() -> Self {
        Session {
            page: Page::new(Filter::default(), 250),
            now: 0.0,
        }
    }

    /// Opened, its demo shown: load 1, query 1.
    fn with_demo() -> Self {
        let mut s = Session::new();
        assert_eq!(
            requests(&s.respond(Response::Ready)),
            [Request::LoadDemo { load: 1 }]
        );
        s.loaded(1, "demo");
        s.dashboard(1);
        s
    }

    fn send(&mut self, msg: Msg<Name>) -> Vec<Effect<Name>> {
        self.now += 10.0;
        self.page.update(msg, self.now)
    }

    fn respond(&mut self, r: Response) -> Vec<Effect<Name>> {
        self.send(Msg::Response(r))
    }

    fn loaded(&mut self, load: u64, source: &str) -> Vec<Effect<Name>> {
        self.respond(Response::Loaded {
            load,
            info: info(source),
        })
    }

    fn dashboard(&mut self, seq: u64) -> Vec<Effect<Name>> {
        self.respond(Response::Dashboard {
            seq,
            dashboard: dash(),
            ms: 5.0,
        })
    }
}

#[test]
fn the_page_opens_on_the_demo_once_the_worker_is_ready() {
    let mut s = Session::new();
    // A filter before any data: shown, not queried.
    assert_eq!(s.send(Msg::Filter(women(), 250)), [Effect::FilterChanged]);
    // The worker's handler is not there yet: the export waits.
    assert!(s.send(Msg::Export(Export::RejectsCsv)).is_empty());
    let fx = s.respond(Response::Ready);
    assert_eq!(
        requests(&fx),
        [
            Request::Export(Export::RejectsCsv),
            Request::LoadDemo { load: 1 }
        ]
    );
    assert_eq!(s.page.link(), &Link::Ready);
    let fx = s.loaded(1, "demo");
    assert_eq!(&fx[..2], [Effect::LoadEnded, Effect::ShowLoaded]);
    assert_eq!(requests(&fx), [query(1, women())]);
    let fx = s.dashboard(1);
    assert_eq!(
        fx[0],
        Effect::ShowDashboard {
            seq: 1,
            worker_ms: 5.0,
            first: true,
            load_started: Some(30.0),
        }
    );
    assert_eq!(
        statuses(&fx),
        [(
            "Showing demo data: synthetic, in the shape of MovieLens 1M.".into(),
            Status::Ready
        )]
    );
    // The load time is the first dashboard's only.
    let fx = s.send(Msg::Filter(Filter::default(), 250));
    assert_eq!(requests(&fx), [query(2, Filter::default())]);
    assert!(matches!(
        s.dashboard(2)[0],
        Effect::ShowDashboard {
            first: false,
            load_started: None,
            ..
        }
    ));
}

#[test]
fn files_given_before_the_worker_is_ready_go_first_and_the_demo_never() {
    let mut s = Session::new();
    let fx = s.send(Msg::Load(files(&["u", "m", "r"])));
    assert_eq!(
        fx,
        [
            Effect::LoadBegun,
            Effect::Status("Reading u, m, r…".into(), Status::Loading)
        ]
    );
    let fx = s.respond(Response::Ready);
    assert_eq!(requests(&fx), [load_files(1, &["u", "m", "r"])]);
}

#[test]
fn a_load_superseded_by_a_newer_one() {
    let mut s = Session::with_demo();
    let fx = s.send(Msg::Load(files(&["big.zip"])));
    assert_eq!(requests(&fx), [load_files(2, &["big.zip"])]);
    assert_eq!(
        requests(&s.send(Msg::Load(files(&["u2", "m2", "r2"])))),
        [load_files(3, &["u2", "m2", "r2"])]
    );
    // The superseded load's answers change nothing of the loading shown.
    let progress = Progress {
        stage: "unpacking".into(),
        file: "big.zip".into(),
        bytes_read: 1,
        bytes_total: 2,
        rows: 0,
    };
    assert!(s
        .respond(Response::Progress {
            load: 2,
            progress: progress.clone()
        })
        .is_empty());
    assert!(s.respond(Response::Cancelled { load: 2 }).is_empty());
    assert_eq!(s.page.loads().current(), Some(3));
    assert_eq!(
        s.respond(Response::Progress {
            load: 3,
            progress: progress.clone()
        }),
        [Effect::Progress(progress)]
    );
    let fx = s.loaded(3, "u2, m2, r2");
    assert_eq!(fx[0], Effect::LoadEnded);
    assert_eq!(requests(&fx), [query(2, Filter::default())]);
    assert_eq!(
        statuses(&s.dashboard(2)),
        [("Showing your files: u2, m2, r2".into(), Status::Ready)]
    );
    assert_eq!(s.page.loads().shown(), Some(&files(&["u2", "m2", "r2"])));
}

#[test]
fn an_old_load_that_finished_first_is_shown_while_the_new_one_goes_on() {
    let mut s = Session::with_demo();
    s.send(Msg::Load(files(&["a.zip"])));
    s.send(Msg::Load(files(&["b.zip"])));
    let fx = s.loaded(2, "a.zip");
    // Shown and queried, but the loading goes on: no end, no ready status.
    assert_eq!(fx[0], Effect::ShowLoaded);
    assert!(!fx.contains(&Effect::LoadEnded));
    assert_eq!(requests(&fx), [query(2, Filter::default())]);
    assert!(statuses(&s.dashboard(2)).is_empty());
    assert_eq!(s.page.loaded().map(|l| l.source.as_str()), Some("a.zip"));
    assert!(matches!(
        s.page.loads().state(),
        LoadState::Loading { id: 3, .. }
    ));
}

#[test]
fn a_cancelled_load_keeps_the_data_shown_before() {
    let mut s = Session::with_demo();
    s.send(Msg::Load(files(&["big.zip"])));
    assert_eq!(
        requests(&s.send(Msg::Cancel)),
        [Request::Cancel { load: 2 }]
    );
    assert_eq!(
        s.respond(Response::Cancelled { load: 2 }),
        [
            Effect::LoadEnded,
            Effect::Status(
                "Load cancelled; the data shown before is still here.".into(),
                Status::Ready
            )
        ]
    );
    assert_eq!(s.page.loads().state(), &LoadState::Idle);
    assert!(s.page.loaded().is_some_and(|l| l.demo));
    // Nothing runs: Cancel asks nothing.
    assert!(s.send(Msg::Cancel).is_empty());
}

#[test]
fn a_failed_load_says_why_once_and_keeps_the_data() {
    let mut s = Session::new();
    s.respond(Response::Ready);
    // Before any data: nothing is said to stay.
    assert_eq!(
        statuses(&s.respond(Response::Failed {
            load: Some(1),
            message: "the demo failed".into()
        })),
        [("the demo failed.".into(), Status::Error)]
    );
    let mut s = Session::with_demo();
    s.send(Msg::Load(files(&["x.dat"])));
    let failed = Response::Failed {
        load: Some(2),
        message: "x.dat: the file is empty".into(),
    };
    assert_eq!(
        s.respond(failed.clone()),
        [
            Effect::LoadEnded,
            Effect::Status(
                "x.dat: the file is empty. The data shown before is still here.".into(),
                Status::Error
            )
        ]
    );
    // A second answer about that load changes nothing.
    assert!(s.respond(failed).is_empty());
    // A failure of another request (an export) leaves the loading alone.
    s.send(Msg::Load(files(&["y.zip"])));
    assert_eq!(
        s.respond(Response::Failed {
            load: None,
            message: "no dataset is loaded yet".into()
        }),
        [Effect::Status(
            "no dataset is loaded yet. The data shown before is still here.".into(),
            Status::Error
        )]
    );
    assert_eq!(s.page.loads().current(), Some(3));
}

#[test]
fn a_query_in_flight_when_new_filters_arrive_asks_for_the_newest_after_it() {
    let mut s = Session::with_demo();
    let fx = s.send(Msg::Filter(women(), 250));
    assert_eq!(fx[0], Effect::FilterChanged);
    assert_eq!(requests(&fx), [query(2, women())]);
    // Two more filters while query 2 runs: shown, not sent.
    let young = Filter {
        ages: vec![18],
        ..women()
    };
    assert_eq!(
        s.send(Msg::Filter(Filter::default(), 100)),
        [Effect::FilterChanged]
    );
    assert_eq!(
        s.send(Msg::Filter(young.clone(), 100)),
        [Effect::FilterChanged]
    );
    assert_eq!(
        s.page.queries().state(),
        QueryState::InFlight {
            seq: 2,
            newer: true
        }
    );
    // Query 2's dashboard is shown, then the newest filter is asked for;
    // the status waits for it.
    let fx = s.dashboard(2);
    assert!(matches!(fx[0], Effect::ShowDashboard { seq: 2, .. }));
    assert_eq!(
        requests(&fx),
        [Request::Query {
            seq: 3,
            filter: young,
            top_min_ratings: 100
        }]
    );
    assert!(statuses(&fx).is_empty());
    assert_eq!(statuses(&s.dashboard(3)).len(), 1);
    assert_eq!(s.page.queries().state(), QueryState::Idle);
}

#[test]
fn a_worker_crash_reloads_the_data_shown_before_into_a_new_worker() {
    let mut s = Session::with_demo();
    s.send(Msg::Load(files(&["u", "m", "r"])));
    s.loaded(2, "u, m, r");
    s.dashboard(2);
    s.send(Msg::Load(files(&["huge"])));
    s.send(Msg::Filter(women(), 250));
    let fx = s.send(Msg::WorkerDied);
    let note = "The background worker stopped while loading huge (most likely it ran out of memory) and was restarted with the data shown before.";
    assert_eq!(
        fx,
        [
            Effect::LoadEnded,
            Effect::StartWorker(2),
            Effect::Status(format!("{note} Loading it again…"), Status::Loading)
        ]
    );
    assert_eq!(s.page.generation(), 2);
    assert!(s.page.loaded().is_none());
    assert_eq!(s.page.queries().state(), QueryState::Idle);
    // Until the new worker holds data, a filter is not queried.
    assert_eq!(s.send(Msg::Filter(women(), 250)), [Effect::FilterChanged]);
    // Ready: the reload goes (and no demo: it is not the first worker).
    assert_eq!(
        requests(&s.respond(Response::Ready)),
        [load_files(4, &["u", "m", "r"])]
    );
    // Query numbers go on counting across workers.
    assert_eq!(requests(&s.loaded(4, "u, m, r")), [query(4, women())]);
    assert_eq!(
        statuses(&s.dashboard(4)),
        [(format!("{note} Showing your files: u, m, r"), Status::Ready)]
    );
    // A load the person asks for drops the note.
    s.send(Msg::Load(Source::Demo));
    s.loaded(5, "demo");
    assert_eq!(
        s.page.ready_text(),
        "Showing demo data: synthetic, in the shape of MovieLens 1M."
    );
}

#[test]
fn a_worker_that_dies_again_while_reloading_is_not_restarted_twice() {
    let mut s = Session::with_demo();
    let fx = s.send(Msg::WorkerDied);
    assert!(fx.contains(&Effect::StartWorker(2)));
    s.respond(Response::Ready);
    let fx = s.send(Msg::WorkerDied);
    assert_eq!(
        fx,
        [
            Effect::LoadEnded,
            Effect::StartWorker(3),
            Effect::Status(
                "The background worker stopped again while loading the data shown before. Open files or press Demo data.".into(),
                Status::Error
            )
        ]
    );
    // Demo data works in the third worker.
    s.respond(Response::Ready);
    assert_eq!(
        requests(&s.send(Msg::Load(Source::Demo))),
        [Request::LoadDemo { load: 3 }]
    );
}

#[test]
fn a_worker_that_never_started_or_cannot_be_restarted_is_said_once() {
    let mut s = Session::new();
    assert_eq!(
        statuses(&s.send(Msg::WorkerDied)),
        [(
            "The background worker could not start; please reload the page.".into(),
            Status::Error
        )]
    );
    assert_eq!(s.page.link(), &Link::Dead);
    // Nothing waits for a worker that will not come.
    assert_eq!(
        statuses(&s.send(Msg::Load(Source::Demo))),
        [(
            "The background worker is gone; please reload the page.".into(),
            Status::Error
        )]
    );
    let mut s = Session::with_demo();
    s.send(Msg::WorkerDied);
    assert_eq!(statuses(&s.send(Msg::WorkerLost)).len(), 1);
    assert_eq!(s.page.link(), &Link::Dead);
}

#[test]
fn an_unreadable_answer_is_an_error_and_the_next_filter_goes_at_once() {
    let mut s = Session::with_demo();
    s.send(Msg::Filter(women(), 250));
    assert_eq!(
        statuses(&s.send(Msg::Unreadable)),
        [(
            "Internal error: an unreadable answer from the worker; please reload the page.".into(),
            Status::Error
        )]
    );
    assert_eq!(
        requests(&s.send(Msg::Filter(Filter::default(), 250))),
        [query(3, Filter::default())]
    );
}

#[test]
fn the_movie_view_follows_the_filter_and_drops_stale_answers() {
    let mut s = Session::with_demo();
    let movie = |seq: u64, id: u32, filter: Filter| Request::Movie { seq, id, filter };
    // Searches are numbered; only the newest one's matches are shown.
    let fx = s.send(Msg::Search("mat".into()));
    assert_eq!(
        requests(&fx),
        [Request::Search {
            seq: 1,
            query: "mat".into()
        }]
    );
    s.send(Msg::Search("matr".into()));
    let stale = Response::Search {
        seq: 1,
        hits: Vec::new(),
    };
    assert!(s.respond(stale).is_empty());
    let fx = s.respond(Response::Search {
        seq: 2,
        hits: Vec::new(),
    });
    assert_eq!(fx, [Effect::ShowSearch(Vec::new())]);
    // Opening asks for the detail under the current filter.
    let fx = s.send(Msg::OpenMovie(7));
    assert_eq!(fx[0], Effect::OpenMovie(7));
    assert_eq!(requests(&fx), [movie(1, 7, Filter::default())]);
    // A new filter: the dashboard and the open movie again.
    let fx = s.send(Msg::Filter(women(), 250));
    assert_eq!(requests(&fx), [query(2, women()), movie(2, 7, women())]);
    // The answer for the old filter is dropped; the new one shown.
    let answer = |seq: u64| Response::Movie { seq, detail: None };
    assert!(s.respond(answer(1)).is_empty());
    assert_eq!(s.respond(answer(2)), [Effect::ShowMovie(None)]);
    // Closed: nothing more is asked for it, and late answers are dropped.
    assert_eq!(s.send(Msg::CloseMovie), [Effect::CloseMovie]);
    assert_eq!(s.page.movie(), None);
    assert!(s.respond(answer(2)).is_empty());
    let fx = s.send(Msg::Filter(Filter::default(), 250));
    assert!(!requests(&fx)
        .iter()
        .any(|r| matches!(r, Request::Movie { .. })));
}

#[test]
fn an_as_of_filter_is_queried_and_its_count_kept() {
    let mut s = Session::with_demo();
    let then = Filter {
        as_of: Some(975_628_800),
        ..Filter::default()
    };
    let fx = s.send(Msg::Filter(then.clone(), 250));
    assert_eq!(requests(&fx), [query(2, then)]);
    assert_eq!(s.page.as_of_ratings(), None);
    // The count comes before the dashboard, and draws nothing by itself.
    assert!(s
        .respond(Response::AsOf {
            as_of: 975_628_800,
            ratings: 1234
        })
        .is_empty());
    assert_eq!(s.page.as_of_ratings(), Some((975_628_800, 1234)));
    s.dashboard(2);
    assert_eq!(s.page.filter().as_of, Some(975_628_800));
}

// ---- live (issue 8, point 2) ----
mod live;
