//! ingest (issue 8): the worker's side of a progressive load. While the
//! ratings are read, at least every [`EVERY_MS`] the load so far is
//! snapshotted (duplicates so far resolved), its dashboard computed for the
//! followed filter and posted as [`Response::Provisional`] — unless one
//! costs more than a third of that wait (millions of ratings on a slow
//! machine): then the wait grows to three times the cost, so that they
//! never take more than a quarter of the load. The dataset loaded before
//! stays installed: a failed or cancelled load leaves it.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::File;

use movielens_core::analytics::{dashboard, Dashboard, DashboardState, Filter};
use movielens_core::ingest::kind::{sniff, Sniffed, SNIFF_BYTES};
use movielens_core::lineage::StageTiming;
use movielens_core::load::Load;
use movielens_core::table::Dataset;
use movielens_core::FileKind;
use movielens_web::Response;

use crate::worker::scope::{in_chunks, loaded, now, post, progress, send_profile, State};

/// The longest wait between provisional dashboards, in ms.
pub(crate) const EVERY_MS: f64 = 250.0;

/// When the next provisional dashboard is due, and what they cost.
pub(crate) struct Ticker {
    /// When the last one was begun (or the ratings were).
    last: f64,
    /// When the last step (a chunk read and cleaned) ended.
    prev: f64,
    /// Provisional dashboards posted, and the ms they took in all.
    posted: u32,
    spent: f64,
    /// What the last one cost.
    cost: f64,
}

impl Ticker {
    pub(crate) fn new() -> Self {
        let t = now();
        Ticker {
            last: t,
            prev: t,
            posted: 0,
            spent: 0.0,
            cost: 0.0,
        }
    }

    /// A table begins: the wait starts now.
    pub(crate) fn restart(&mut self) {
        self.last = now();
        self.prev = self.last;
    }

    /// After each step of the ratings: posts a provisional dashboard when
    /// waiting for the next step would take the wait past [`EVERY_MS`]
    /// (steps take about as long as the one before), or past three times
    /// the cost of the last one if that is longer.
    pub(crate) fn tick(
        &mut self,
        load: u64,
        plan: &Load,
        (filter, top_min): &(Filter, u64),
        read: f64,
        total: f64,
    ) {
        let t = now();
        let step = t - self.prev;
        self.prev = t;
        if t - self.last + step < EVERY_MS.max(3.0 * self.cost) || read >= total {
            return;
        }
        let ds = Dataset::new(plan.snapshot());
        let d = dashboard(&ds, filter, *top_min);
        drop(ds);
        post(&Response::Provisional {
            load,
            dashboard: Box::new(d),
            read: read as u64,
            total: total as u64,
        });
        let done = now();
        self.posted += 1;
        self.cost = done - t;
        self.spent += self.cost;
        self.last = t;
        self.prev = done;
    }

    /// Says in the dataset's stage timings what the provisional
    /// dashboards cost.
    pub(crate) fn time(&self, ds: &mut Dataset) {
        if self.posted > 0 {
            ds.lineage.stages.push(StageTiming {
                stage: format!("provisional dashboards ({})", self.posted),
                ms: self.spent,
            });
        }
    }
}

/// The dashboard of a query, and its state kept for an append (not for an
/// as-of instant, whose state counts history rows an append would move).
pub(crate) fn query(
    ds: &Dataset,
    filter: &Filter,
    top_min: u64,
) -> (Dashboard, Option<DashboardState>) {
    if filter.as_of.is_some() {
        return (dashboard(ds, filter, top_min), None);
    }
    let mut state = DashboardState::new(ds, filter);
    state.update(ds, 0..ds.len());
    (state.finish(ds, top_min), Some(state))
}

/// Starts appending `file` as load `load` (see [`append`]).
pub(crate) fn start(state: &Rc<RefCell<State>>, file: File, load: u64, seq: u64) {
    state.borrow_mut().running = Some(load);
    wasm_bindgen_futures::spawn_local(append(state.clone(), file, load, seq));
}

/// Appends ratings file `file` to the dataset (load `load`): read in
/// chunks (a cancel takes effect between them; the file is held while it
/// is cleaned), checked to be ratings, appended with the kept state
/// followed incrementally, then `Appended` and the dashboard as the answer
/// to query `seq`.
pub(crate) async fn append(state: Rc<RefCell<State>>, file: File, load: u64, seq: u64) {
    let cancelled = || state.borrow().running != Some(load);
    let path = file.name();
    let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
    let size = file.size();
    let mut bytes = Vec::with_capacity(size as usize);
    let read = in_chunks(&file, &cancelled, |chunk, at| {
        bytes.extend_from_slice(chunk);
        progress(load, "reading the ratings to add", &name, at, size, 0);
    })
    .await;
    let failed = |message: String| {
        state.borrow_mut().running = None;
        post(&Response::Failed {
            load: Some(load),
            message,
        });
    };
    match read {
        Ok(true) => {}
        Ok(false) => return post(&Response::Cancelled { load }),
        Err(e) => return failed(e.to_string()),
    }
    let prefix = &bytes[..bytes.len().min(SNIFF_BYTES)];
    match sniff(prefix, &name) {
        Ok(Sniffed::Table(FileKind::Ratings)) => {}
        Ok(_) => {
            return failed(format!(
                "{name}: only a ratings file can be added to the data"
            ))
        }
        Err(e) => return failed(e.to_string()),
    }
    let t0 = now();
    let mut guard = state.borrow_mut();
    let s = &mut *guard;
    let Some(ds) = s.dataset.as_mut() else {
        drop(guard);
        return failed("no dataset is loaded to add to".into());
    };
    let (filter, top_min) = s.follow.clone();
    let mut kept = match s.cached.take() {
        Some(c) if c.filter() == &filter => c,
        _ => query(ds, &filter, top_min)
            .1
            .unwrap_or_else(|| DashboardState::new(ds, &filter)),
    };
    let t1 = now();
    ds.append(&name, &bytes, Some(&mut kept));
    let d = kept.finish(ds, top_min);
    let ms = now() - t1;
    ds.lineage
        .time(&format!("append {name} (dashboard updated)"), ms);
    let source = format!("{} + {name}", s.source.0);
    let info = loaded(ds, source.clone(), s.source.1, now() - t0, Vec::new());
    s.cached = Some(kept);
    s.source.0 = source;
    s.profile_due = true;
    s.running = None;
    drop(guard);
    post(&Response::Appended {
        load,
        info: Box::new(info),
    });
    post(&Response::Dashboard {
        seq,
        dashboard: Box::new(d),
        ms,
    });
    send_profile(&state);
}
