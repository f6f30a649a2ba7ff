//! The worker died: the page starts a new one and loads the data shown
//! before into it, once.

use super::{append, Effect, Effects, Link, Page, Status};
use crate::loads::{names, AfterCrash, NamedFile, Source};

impl<F: Clone + NamedFile> Page<F> {
    /// The worker died: start a new one and load the data shown before
    /// into it, once. A worker that dies before it was ready is not
    /// restarted (a new one would not start either).
    pub(super) fn worker_died(&mut self, now: f64, fx: &mut Effects<F>) {
        if !matches!(self.link, Link::Ready) {
            self.link = Link::Dead;
            fx.push(Effect::Status(
                "The background worker could not start; please reload the page.".into(),
                Status::Error,
            ));
            return;
        }
        let during = self.loads.current().and_then(|id| {
            if let Some((_, file)) = self.appending.as_ref().filter(|a| a.0 == id) {
                return Some(file.file_name());
            }
            match self.loads.source(id) {
                Some(Source::Files(files)) => Some(names(files)),
                _ => None,
            }
        });
        // The new worker is given the data shown before, without the
        // files added to it.
        self.appending = None;
        self.appended.clear();
        let after = self.loads.crashed();
        self.generation += 1;
        self.link = Link::Starting { queue: Vec::new() };
        self.queries.forget();
        // The new worker holds nothing until the reload is done.
        let added = self
            .loaded
            .take()
            .map_or(String::new(), |l| append::lost(&l));
        self.provisional = None;
        self.close_offer(fx);
        fx.push(Effect::LoadEnded);
        fx.push(Effect::StartWorker(self.generation));
        match after {
            AfterCrash::Reload(source) => {
                let while_loading = during.map_or(String::new(), |n| format!(" while loading {n}"));
                let note = format!(
                    "The background worker stopped{while_loading} (most likely it ran out of memory) and was restarted with the data shown before{added}."
                );
                fx.push(Effect::Status(
                    format!("{note} Loading it again…"),
                    Status::Loading,
                ));
                let id = self.loads.start(source.clone(), now, Some(note));
                self.post_load(id, &source, fx);
            }
            AfterCrash::GiveUp => fx.push(Effect::Status(
                "The background worker stopped again while loading the data shown before. Open files or press Demo data."
                    .into(),
                Status::Error,
            )),
        }
    }
}
