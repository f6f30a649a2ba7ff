//! The offer to add a ratings file, in the page's model: Add appends (a
//! load of its own), Replace loads, Dismiss changes nothing; a failed
//! append keeps the data shown.

use movielens_core::analytics::{dashboard, Dashboard, Filter};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::lineage::native_clock;
use movielens_core::table::Dataset;

use super::super::{Effect, Msg, Page, Status};
use super::Choice;
use crate::loads::{NamedFile, Source};
use crate::page::tests::info_of;
use crate::{Loaded, Request, Response};

#[derive(Debug, Clone, PartialEq)]
struct F(&'static str);
impl NamedFile for F {
    fn file_name(&self) -> String {
        self.0.into()
    }
}

fn dataset() -> Dataset {
    let files = generate(&DemoConfig {
        ratings: 500,
        seed: 4,
        dirty: false,
    });
    Dataset::new(files.load(native_clock))
}

fn dash(ds: &Dataset) -> Box<Dashboard> {
    Box::new(dashboard(ds, &Filter::default(), 10))
}

fn respond(page: &mut Page<F>, r: Response) -> Vec<Effect<F>> {
    page.update(Msg::Response(r), 1.0)
}

/// A page showing the demo (load 1, query 1).
fn showing(ds: &Dataset) -> Page<F> {
    let mut page = Page::new(Filter::default(), 10);
    respond(&mut page, Response::Ready);
    let info = info_of(ds, "demo");
    respond(&mut page, Response::Loaded { load: 1, info });
    let dashboard = dash(ds);
    respond(
        &mut page,
        Response::Dashboard {
            seq: 1,
            dashboard,
            ms: 1.0,
        },
    );
    page
}

fn posts(fx: &[Effect<F>]) -> Vec<Request<F>> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Post(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn offered(page: &mut Page<F>) {
    let fx = page.update(Msg::Ratings(F("r2.dat")), 2.0);
    assert_eq!(fx, [Effect::Offer(Some("r2.dat".into()))]);
    assert_eq!(page.offered(), Some(&F("r2.dat")));
}

#[test]
fn add_appends_and_the_workers_answer_shows_like_a_load() {
    let mut ds = dataset();
    let mut page = showing(&ds);
    assert!(page.can_append());
    offered(&mut page);
    let fx = page.update(Msg::Offer(Choice::Add), 3.0);
    assert_eq!(
        posts(&fx),
        [Request::Append {
            load: 2,
            file: F("r2.dat")
        }]
    );
    assert_eq!(fx[0], Effect::Offer(None));
    assert!(fx.contains(&Effect::LoadBegun));
    assert!(fx.contains(&Effect::Status(
        "Adding the ratings of r2.dat to the data shown…".into(),
        Status::Loading
    )));
    assert_eq!(page.offered(), None);
    assert_eq!(page.loads().current(), Some(2));
    // The worker appended: its answer is a finished load.
    ds.append("r2.dat", b"1::1::5::999999999\n999999::1::3::1\n", None);
    let before = page.loaded().map(Loaded::ratings);
    let fx = respond(
        &mut page,
        Response::Loaded {
            load: 2,
            info: info_of(&ds, "demo"),
        },
    );
    assert!(fx.contains(&Effect::LoadEnded) && fx.contains(&Effect::ShowLoaded));
    let [Request::Query { seq, .. }] = posts(&fx)[..] else {
        panic!("one query: {fx:?}");
    };
    let l = page.loaded().expect("loaded");
    assert_eq!(l.ratings(), ds.len() as u64);
    assert!(Some(l.ratings()) >= before);
    let fx = respond(
        &mut page,
        Response::Dashboard {
            seq,
            dashboard: dash(&ds),
            ms: 1.0,
        },
    );
    assert!(fx.contains(&Effect::Status(
        "Showing demo data: synthetic, in the shape of MovieLens 1M, with r2.dat added.".into(),
        Status::Ready
    )));
    // After a crash the data shown before the append is loaded again.
    assert_eq!(page.loads().shown(), Some(&Source::Demo));
    // Live mode reads the added file again.
    assert_eq!(page.appended(), [F("r2.dat")]);
    // Another load's data has no file added.
    page.update(Msg::Load(Source::Files(vec![F("ratings.dat")])), 6.0);
    assert_eq!(page.appended(), [F("r2.dat")], "shown until it is replaced");
    respond(
        &mut page,
        Response::Loaded {
            load: 3,
            info: info_of(&ds, "ratings.dat"),
        },
    );
    assert!(page.appended().is_empty());
}

#[test]
fn a_crash_while_adding_names_the_file_added() {
    let ds = dataset();
    let mut page = showing(&ds);
    offered(&mut page);
    page.update(Msg::Offer(Choice::Add), 3.0);
    let fx = page.update(Msg::WorkerDied, 4.0);
    assert!(fx.contains(&Effect::Status(
        "The background worker stopped while loading r2.dat (most likely it ran out of memory) and was restarted with the data shown before. Loading it again…".into(),
        Status::Loading
    )), "{fx:?}");
    assert!(page.appended().is_empty());
}

#[test]
fn dismiss_changes_nothing_and_replace_loads_the_file() {
    let ds = dataset();
    let mut page = showing(&ds);
    offered(&mut page);
    let fx = page.update(Msg::Offer(Choice::Dismiss), 3.0);
    assert_eq!(fx, [Effect::Offer(None)]);
    assert!(page.can_append());
    assert_eq!(page.loads().current(), None);
    // A second answer to the same offer does nothing.
    assert!(page.update(Msg::Offer(Choice::Add), 4.0).is_empty());
    offered(&mut page);
    let fx = page.update(Msg::Offer(Choice::Replace), 5.0);
    assert_eq!(fx[0], Effect::Offer(None));
    assert!(posts(&fx).contains(&Request::LoadFiles {
        load: 2,
        files: vec![F("r2.dat")]
    }));
}

#[test]
fn without_data_shown_or_during_a_load_a_ratings_file_loads_at_once() {
    let mut page = Page::new(Filter::default(), 10);
    respond(&mut page, Response::Ready);
    // The demo (load 1) is loading.
    let fx = page.update(Msg::Ratings(F("r.dat")), 2.0);
    assert!(posts(&fx).contains(&Request::LoadFiles {
        load: 2,
        files: vec![F("r.dat")]
    }));
    assert_eq!(page.offered(), None);
}

#[test]
fn another_load_closes_the_offer() {
    let ds = dataset();
    let mut page = showing(&ds);
    offered(&mut page);
    let fx = page.update(Msg::Load(Source::Demo), 3.0);
    assert_eq!(fx[0], Effect::Offer(None));
    assert_eq!(page.offered(), None);
}

#[test]
fn a_failed_or_cancelled_append_keeps_the_data_shown() {
    for end in [
        Response::Failed {
            load: Some(2),
            message: "r2.dat: could not be read".into(),
        },
        Response::Cancelled { load: 2 },
    ] {
        let ds = dataset();
        let mut page = showing(&ds);
        offered(&mut page);
        page.update(Msg::Offer(Choice::Add), 3.0);
        let fx = respond(&mut page, end.clone());
        assert!(fx.contains(&Effect::LoadEnded));
        let kept = fx.iter().any(|e| {
            matches!(e, Effect::Status(t, _) if t.ends_with("the data shown before is still here.")
                || t.ends_with("The data shown before is still here."))
        });
        assert!(kept, "{fx:?}");
        assert_eq!(page.loaded().map(|l| l.lineage.appended.len()), Some(0));
        assert!(page.can_append());
    }
}

#[test]
fn a_crash_after_an_append_says_the_added_file_is_not_loaded_again() {
    let mut ds = dataset();
    let mut page = showing(&ds);
    offered(&mut page);
    page.update(Msg::Offer(Choice::Add), 3.0);
    ds.append("r2.dat", b"1::1::5::999999999\n", None);
    let info = info_of(&ds, "demo");
    respond(&mut page, Response::Loaded { load: 2, info });
    let fx = page.update(Msg::WorkerDied, 4.0);
    assert!(fx.contains(&Effect::Status(
        "The background worker stopped (most likely it ran out of memory) and was restarted with the data shown before (without the ratings of r2.dat: add them again). Loading it again…".into(),
        Status::Loading
    )), "{fx:?}");
    assert!(posts(&fx).is_empty(), "the new worker is not ready yet");
    let fx = respond(&mut page, Response::Ready);
    assert_eq!(posts(&fx), [Request::LoadDemo { load: 3 }]);
}
