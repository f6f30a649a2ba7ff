//! The page's bookkeeping of loads: each load it asks the worker for gets
//! a number, and the worker's answers carry it. Only answers about the
//! current load change what the page shows about loading (the progress bar,
//! Cancel, the status), so an old load's late answer cannot end a newer
//! one. What each load reads is kept, so that after a worker crash the data
//! shown before can be loaded again.
//!
//! Generic over the file handle (`web_sys::File` in the page), so it is
//! tested natively.

/// A file handle that has a name (`web_sys::File` in the page).
pub trait NamedFile {
    fn file_name(&self) -> String;
}

/// Files named at most in the status line (a folder can hold dozens).
const NAMED: usize = 4;

/// The names of files as the status line lists them: the first few and
/// how many more.
pub fn names<F: NamedFile>(files: &[F]) -> String {
    let mut named: Vec<String> = files.iter().take(NAMED).map(NamedFile::file_name).collect();
    if files.len() > NAMED {
        named.push(format!("{} more files", files.len() - NAMED));
    }
    named.join(", ")
}

/// What a load reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Source<F> {
    Demo,
    Files(Vec<F>),
}

/// Where the page's loading is.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    /// No load runs: the page shows what the worker holds (or nothing yet).
    Idle,
    /// Load `id` runs; the answers of any other load change nothing of
    /// what the page shows about loading.
    Loading {
        id: u64,
        /// When the load was asked for (for the load time).
        started: f64,
        /// Said when the load ends (a recovery after a crash says so).
        note: Option<String>,
    },
}

/// The end of the current load, for the status line.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    pub started: f64,
    pub note: Option<String>,
}

/// What to do after the worker died.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterCrash<F> {
    /// Load this again (what was shown, or the demo when nothing was).
    Reload(Source<F>),
    /// The worker died again while reloading: do not try a third time.
    GiveUp,
}

/// Every load asked for, the current one, and what the data shown came
/// from.
#[derive(Debug)]
pub struct Loads<F> {
    last: u64,
    state: LoadState,
    /// Loads asked for and not answered yet, with what they read.
    asked: Vec<(u64, Source<F>)>,
    shown: Option<Source<F>>,
}

impl<F> Default for Loads<F> {
    fn default() -> Self {
        Loads {
            last: 0,
            state: LoadState::Idle,
            asked: Vec::new(),
            shown: None,
        }
    }
}

impl<F: Clone> Loads<F> {
    /// A new load, which supersedes any other: returns its number.
    pub fn start(&mut self, source: Source<F>, now: f64, note: Option<String>) -> u64 {
        self.last += 1;
        self.asked.push((self.last, source));
        self.state = LoadState::Loading {
            id: self.last,
            started: now,
            note,
        };
        self.last
    }

    pub fn state(&self) -> &LoadState {
        &self.state
    }

    /// The number of the load in progress.
    pub fn current(&self) -> Option<u64> {
        match self.state {
            LoadState::Loading { id, .. } => Some(id),
            LoadState::Idle => None,
        }
    }

    pub fn is_current(&self, load: u64) -> bool {
        self.current() == Some(load)
    }

    /// What load `load` reads, if it is still unanswered.
    pub fn source(&self, load: u64) -> Option<&Source<F>> {
        self.asked
            .iter()
            .find(|(id, _)| *id == load)
            .map(|(_, s)| s)
    }

    /// What the data shown was loaded from.
    pub fn shown(&self) -> Option<&Source<F>> {
        self.shown.as_ref()
    }

    /// Load `load` installed its dataset in the worker. Even an old load's
    /// dataset is now the worker's (it finished before the newer request
    /// reached it), so the page shows it; but only the current load ends
    /// the loading. `Some` when it was the current one.
    pub fn loaded(&mut self, load: u64) -> Option<Ended> {
        if let Some(source) = self.answered(load) {
            self.shown = Some(source);
        }
        self.end_if_current(load)
    }

    /// Load `load` failed or stopped. `Some` when it was the current one;
    /// an old load's answer changes nothing.
    pub fn ended(&mut self, load: u64) -> Option<Ended> {
        self.answered(load);
        self.end_if_current(load)
    }

    /// The worker died: no load will be answered. Says what to load into
    /// the new worker.
    pub fn crashed(&mut self) -> AfterCrash<F> {
        let recovering = matches!(&self.state, LoadState::Loading { note: Some(_), .. });
        self.asked.clear();
        self.state = LoadState::Idle;
        if recovering {
            self.shown = None;
            return AfterCrash::GiveUp;
        }
        AfterCrash::Reload(self.shown.clone().unwrap_or(Source::Demo))
    }

    fn answered(&mut self, load: u64) -> Option<Source<F>> {
        let at = self.asked.iter().position(|(id, _)| *id == load)?;
        Some(self.asked.remove(at).1)
    }

    fn end_if_current(&mut self, load: u64) -> Option<Ended> {
        match std::mem::replace(&mut self.state, LoadState::Idle) {
            LoadState::Loading { id, started, note } if id == load => Some(Ended { started, note }),
            other => {
                self.state = other;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&'static str]) -> Source<&'static str> {
        Source::Files(names.to_vec())
    }

    #[test]
    fn a_folders_files_are_named_the_first_few() {
        assert_eq!(names(&["u", "m", "r"]), "u, m, r");
        let folder = [
            "ml-1m/README",
            "ml-1m/movies.dat",
            "ml-1m/ratings.dat",
            "ml-1m/users.dat",
            "ml-1m/x",
            "ml-1m/y",
        ];
        assert_eq!(
            names(&folder),
            "ml-1m/README, ml-1m/movies.dat, ml-1m/ratings.dat, ml-1m/users.dat, 2 more files"
        );
    }

    #[test]
    fn an_old_loads_answer_does_not_end_the_current_one() {
        let mut loads = Loads::default();
        let demo = loads.start(Source::Demo, 0.0, None);
        assert_eq!(loads.loaded(demo).map(|e| e.started), Some(0.0));
        let big = loads.start(files(&["big.zip"]), 1.0, None);
        // Cancel, then at once other files: the cancelled load's answer
        // arrives while the new one runs.
        let small = loads.start(files(&["u", "m", "r"]), 2.0, None);
        assert_eq!(loads.ended(big), None);
        assert!(loads.is_current(small));
        assert_eq!(loads.shown(), Some(&Source::Demo));
        assert_eq!(loads.loaded(small).map(|e| e.started), Some(2.0));
        assert_eq!(loads.state(), &LoadState::Idle);
        assert_eq!(loads.shown(), Some(&files(&["u", "m", "r"])));
    }

    #[test]
    fn an_old_load_that_finished_first_is_shown_but_the_new_one_goes_on() {
        let mut loads = Loads::default();
        let a = loads.start(files(&["a.zip"]), 0.0, None);
        let b = loads.start(files(&["b.zip"]), 1.0, None);
        assert_eq!(loads.loaded(a), None);
        assert_eq!(loads.shown(), Some(&files(&["a.zip"])));
        assert!(loads.is_current(b));
        // The newer load fails: what is shown is what the worker holds.
        assert!(loads.ended(b).is_some());
        assert_eq!(loads.shown(), Some(&files(&["a.zip"])));
        // A second answer about a load changes nothing.
        assert_eq!(loads.loaded(a), None);
        assert_eq!(loads.ended(b), None);
    }

    #[test]
    fn a_crash_reloads_what_was_shown_once() {
        let mut loads = Loads::default();
        assert_eq!(loads.crashed(), AfterCrash::Reload(Source::Demo));
        let a = loads.start(files(&["a"]), 0.0, None);
        loads.loaded(a);
        // A crash during a newer load: the data shown before comes back.
        loads.start(files(&["huge"]), 1.0, None);
        assert_eq!(loads.crashed(), AfterCrash::Reload(files(&["a"])));
        assert_eq!(loads.current(), None);
        let again = loads.start(files(&["a"]), 2.0, Some("restarted".into()));
        assert_eq!(loads.source(again), Some(&files(&["a"])));
        // Dying while reloading: no loop of restarts.
        assert_eq!(loads.crashed(), AfterCrash::GiveUp);
        assert_eq!(loads.shown(), None);
        assert_eq!(loads.crashed(), AfterCrash::Reload(Source::Demo));
        let ok = loads.start(Source::Demo, 3.0, Some("restarted".into()));
        let ended = loads.loaded(ok).expect("current");
        assert_eq!(ended.note.as_deref(), Some("restarted"));
    }
}
