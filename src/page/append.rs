//! append (issue 8): the page's side of adding a ratings file to the data
//! shown. One file given while data is shown and no load runs, its first
//! bytes ratings (the page sniffs them), is not loaded at once: the page
//! offers to add it or to replace the data with it. Adding is a load of its
//! own (numbered, cancellable, answered by `Loaded`, `Failed` or
//! `Cancelled`): the worker appends the file to its dataset and answers
//! like a finished load, so every view is drawn again; on a failure the
//! data shown before stays. Dismissing the offer changes nothing.

use super::{Effect, Effects, Page};
use crate::loads::{NamedFile, Source};
use crate::{Loaded, Request};

/// The person's answer to the offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Add the file's ratings to the data shown.
    Add,
    /// Load the file in place of the data shown (what any other file
    /// given does).
    Replace,
    /// Escape or Dismiss: nothing changes.
    Dismiss,
}

/// The names of the ratings files appended to the data, if any.
fn appended(l: &Loaded) -> Option<String> {
    let names: Vec<&str> = l.lineage.appended.iter().map(|f| f.name.as_str()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// ", with r2.dat added" after the demo's ready text ("" when no file was
/// appended).
pub(super) fn added(l: &Loaded) -> String {
    appended(l).map_or(String::new(), |n| format!(", with {n} added"))
}

/// After a worker crash the data is loaded again without the files added:
/// " (without the ratings of r2.dat: add them again)", or "".
pub(super) fn lost(l: &Loaded) -> String {
    appended(l).map_or(String::new(), |n| {
        format!(" (without the ratings of {n}: add them again)")
    })
}

impl<F: Clone + NamedFile> Page<F> {
    /// Whether one ratings file given now is offered to add: data is
    /// shown and no load runs.
    pub fn can_append(&self) -> bool {
        self.loaded.is_some() && self.loads.current().is_none()
    }

    /// The files added to the data shown, in order (Live mode reads them
    /// again).
    pub fn appended(&self) -> &[F] {
        &self.appended
    }

    /// Load `load` put its dataset in the worker: an append's adds its
    /// file to the data shown; any other load's data has none added.
    pub(super) fn track_appended(&mut self, load: u64) {
        match self.appending.take() {
            Some((id, file)) if id == load => self.appended.push(file),
            other => {
                // An older load's answer: the append may still come.
                self.appending = other.filter(|a| a.0 > load);
                self.appended.clear();
            }
        }
    }

    /// The file offered to add, while the offer is open.
    pub fn offered(&self) -> Option<&F> {
        self.offer.as_ref()
    }

    /// One file given whose first bytes are ratings: offered to add when
    /// it can be (else loaded, as any other file).
    pub(super) fn ratings_given(&mut self, file: F, now: f64, fx: &mut Effects<F>) {
        if !self.can_append() {
            return self.load(Source::Files(vec![file]), now, fx);
        }
        fx.push(Effect::Offer(Some(file.file_name())));
        self.offer = Some(file);
    }

    /// The person answered the offer.
    pub(super) fn answered(&mut self, choice: Choice, now: f64, fx: &mut Effects<F>) {
        let Some(file) = self.offer.take() else {
            return;
        };
        fx.push(Effect::Offer(None));
        match choice {
            Choice::Add => self.append(file, now, fx),
            Choice::Replace => self.load(Source::Files(vec![file]), now, fx),
            Choice::Dismiss => {}
        }
    }

    /// Another load, or the worker died: the offer goes.
    pub(super) fn close_offer(&mut self, fx: &mut Effects<F>) {
        if self.offer.take().is_some() {
            fx.push(Effect::Offer(None));
        }
    }

    /// Asks the worker to append `file`: a load of its own. What it reads
    /// is kept as the data shown before (after a crash, that is loaded
    /// again, without the appended files).
    fn append(&mut self, file: F, now: f64, fx: &mut Effects<F>) {
        self.note = None;
        let shown = self.loads.shown().cloned().unwrap_or(Source::Demo);
        let name = file.file_name();
        let load = self.loads.start(shown, now, None);
        self.appending = Some((load, file.clone()));
        self.post(Request::Append { load, file }, fx);
        fx.push(Effect::LoadBegun);
        fx.push(Effect::Status(
            format!("Adding the ratings of {name} to the data shown…"),
            super::Status::Loading,
        ));
    }
}

#[cfg(test)]
#[path = "append_tests.rs"]
mod tests;
