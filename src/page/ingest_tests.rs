//! Provisional dashboards in the page's model: shown while the current
//! load reads, replaced by the load's own, dropped when it fails.

use movielens_core::analytics::{dashboard, Filter};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::lineage::native_clock;
use movielens_core::table::Dataset;

use super::super::{Effect, Msg, Page};
use crate::loads::{NamedFile, Source};
use crate::{Loaded, Request, Response};

#[derive(Debug, Clone, PartialEq)]
struct F;
impl NamedFile for F {
    fn file_name(&self) -> String {
        "r.dat".into()
    }
}

fn dashboards() -> (Dataset, Box<movielens_core::analytics::Dashboard>) {
    let files = generate(&DemoConfig {
        ratings: 500,
        seed: 4,
        dirty: false,
    });
    let ds = Dataset::new(files.load(native_clock));
    let d = Box::new(dashboard(&ds, &Filter::default(), 10));
    (ds, d)
}

fn loaded(ds: &Dataset) -> Box<Loaded> {
    Box::new(Loaded {
        source: "demo".into(),
        demo: true,
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

/// A page showing a dashboard, then loading files (load 2).
fn loading() -> (Page<F>, Box<movielens_core::analytics::Dashboard>) {
    let (ds, d) = dashboards();
    let mut page = Page::new(Filter::default(), 10);
    page.update(Msg::Response(Response::Ready), 0.0);
    page.update(
        Msg::Response(Response::Loaded {
            load: 1,
            info: loaded(&ds),
        }),
        1.0,
    );
    page.update(
        Msg::Response(Response::Dashboard {
            seq: 1,
            dashboard: d.clone(),
            ms: 1.0,
        }),
        2.0,
    );
    let fx = page.update(Msg::Load(Source::Files(vec![F])), 3.0);
    // The worker is told the filter its provisional dashboards follow.
    assert!(fx.contains(&Effect::Post(Request::Follow {
        filter: Filter::default(),
        top_min_ratings: 10,
    })));
    (page, d)
}

fn provisional(load: u64, ratings: u64, read: u64) -> Msg<F> {
    let (_, mut d) = dashboards();
    d.kpis.ratings = ratings;
    Msg::Response(Response::Provisional {
        load,
        dashboard: d,
        read,
        total: 200,
    })
}

#[test]
fn a_provisional_dashboard_shows_until_the_loads_own() {
    let (mut page, _) = loading();
    let fx = page.update(provisional(2, 7, 50), 4.0);
    assert_eq!(fx, [Effect::ShowProvisional]);
    assert_eq!(page.provisional(), Some(25));
    assert_eq!(page.dashboard().map(|d| d.kpis.ratings), Some(7));
    // An older load's provisional dashboard is not shown.
    assert!(page.update(provisional(1, 3, 10), 5.0).is_empty());
    // Never 100 % before the end.
    page.update(provisional(2, 9, 200), 6.0);
    assert_eq!(page.provisional(), Some(99));
    let (ds, d) = dashboards();
    page.update(
        Msg::Response(Response::Loaded {
            load: 2,
            info: loaded(&ds),
        }),
        7.0,
    );
    // Until the load's own dashboard comes, the provisional one stays.
    assert_eq!(page.provisional(), Some(99));
    page.update(
        Msg::Response(Response::Dashboard {
            seq: 2,
            dashboard: d.clone(),
            ms: 1.0,
        }),
        8.0,
    );
    assert_eq!(page.provisional(), None);
    assert_eq!(page.dashboard(), Some(&*d));
}

#[test]
fn a_failed_load_draws_the_data_shown_before_again() {
    for end in [
        Response::Failed {
            load: Some(2),
            message: "bad".into(),
        },
        Response::Cancelled { load: 2 },
    ] {
        let (mut page, before) = loading();
        page.update(provisional(2, 7, 50), 4.0);
        let fx = page.update(Msg::Response(end), 5.0);
        assert!(fx.contains(&Effect::ShowProvisional));
        assert_eq!(page.provisional(), None);
        assert_eq!(page.dashboard(), Some(&*before));
    }
}
