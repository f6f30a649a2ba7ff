//! ingest (issue 8): the page's side of a progressive load. While the
//! current load reads its ratings the worker sends provisional dashboards;
//! the page draws the newest with a marker ("provisional — N % read") until
//! the load's own dashboard comes. A load that fails or is cancelled drops
//! them: the data shown before is drawn again.

use movielens_core::analytics::Dashboard;

use super::{Effect, Effects, Page};
use crate::loads::NamedFile;
use crate::Request;

/// A provisional dashboard of the current load.
#[derive(Debug, Clone, PartialEq)]
pub struct Provisional {
    pub dashboard: Dashboard,
    /// Percent of the load's bytes read, 0..=100.
    pub percent: u8,
}

impl<F: Clone + NamedFile> Page<F> {
    /// Percent read of the load whose provisional dashboard is shown, if
    /// one is.
    pub fn provisional(&self) -> Option<u8> {
        self.provisional.as_ref().map(|p| p.percent)
    }

    /// Tells the worker the filter its provisional dashboards are for.
    pub(super) fn follow(&mut self, fx: &mut Effects<F>) {
        let request = Request::Follow {
            filter: self.filter.clone(),
            top_min_ratings: self.top_min,
        };
        self.post(request, fx);
    }

    /// A provisional dashboard: shown if it is the current load's.
    pub(super) fn take_provisional(
        &mut self,
        load: u64,
        dashboard: Dashboard,
        read: u64,
        total: u64,
        fx: &mut Effects<F>,
    ) {
        if !self.loads.is_current(load) {
            return;
        }
        // Floor, and never 100 before the end: provisional is not final.
        let percent = (read.saturating_mul(100) / total.max(1)).min(99) as u8;
        self.provisional = Some(Provisional { dashboard, percent });
        fx.push(Effect::ShowProvisional);
    }

    /// The current load failed or stopped: its provisional dashboards go,
    /// and the data shown before is drawn again.
    pub(super) fn drop_provisional(&mut self, fx: &mut Effects<F>) {
        if self.provisional.take().is_some() {
            fx.push(Effect::ShowProvisional);
        }
    }
}

#[cfg(test)]
#[path = "ingest_tests.rs"]
mod tests;
