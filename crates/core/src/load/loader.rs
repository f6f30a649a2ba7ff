//! The loader: one table at a time through the line splitter into the
//! cleaner, timing each, with the order of tables checked.

use crate::clean::{Cleaned, Cleaner};
use crate::error::{Error, ErrorKind};
use crate::ingest::lines::LineSplitter;
use crate::lineage::{native_clock, Clock};
use crate::vocab::FileKind;

/// Drives the cleaning of tables whose kinds are known: `begin` a file,
/// `feed` its chunks, `end` it; users and movies before ratings (ratings are
/// checked against them); then `finish`. A [`Plan`](super::Plan) decides
/// the kinds and the order from the inputs themselves and drives one.
///
/// ```
/// use movielens_core::load::Loader;
/// use movielens_core::FileKind;
/// let mut load = Loader::new();
/// load.begin(FileKind::Users, "users.dat").unwrap();
/// load.feed(b"1::F::1::10::48067\n");
/// load.end();
/// load.begin(FileKind::Movies, "movies.dat").unwrap();
/// load.feed(b"1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n");
/// load.end();
/// load.begin(FileKind::Ratings, "ratings.dat").unwrap();
/// load.feed(b"1::1193::5::978300760\n1::1193::9::978300760\n");
/// load.end();
/// let cleaned = load.finish();
/// assert_eq!(cleaned.ratings.len(), 1);
/// assert_eq!(cleaned.rejects[0].reason.code(), "invalid_rating");
/// ```
#[derive(Debug)]
pub struct Loader {
    cleaner: Cleaner,
    splitter: LineSplitter,
    current: Option<FileKind>,
    done: [Option<String>; 3],
    clock: Clock,
    started: f64,
}

impl Default for Loader {
    fn default() -> Self {
        Self::new()
    }
}

impl Loader {
    /// A loader timing its stages with [`native_clock`].
    pub fn new() -> Self {
        Self::with_clock(native_clock)
    }

    /// A loader timing its stages with `clock` (the web shell passes
    /// `performance.now`).
    pub fn with_clock(clock: Clock) -> Self {
        Loader {
            cleaner: Cleaner::new(),
            splitter: LineSplitter::new(),
            current: None,
            done: [None, None, None],
            clock,
            started: 0.0,
        }
    }

    /// Resolves duplicate ratings whenever this many provisional ones have
    /// piled up (see [`Cleaner::with_compaction_floor`]); for tests and
    /// memory-tight callers.
    pub fn with_compaction_floor(mut self, rows: usize) -> Self {
        self.cleaner = self.cleaner.with_compaction_floor(rows);
        self
    }

    /// Starts a file of `kind`, named `name` in lineage and messages. Ends
    /// the file in progress, if any.
    ///
    /// # Errors
    /// [`ErrorKind::DuplicateKind`] when a file of this kind was given
    /// already, and [`ErrorKind::OutOfOrder`] for users or movies after
    /// ratings have begun (the ratings have been checked against the users
    /// and movies accepted before them).
    pub fn begin(&mut self, kind: FileKind, name: &str) -> Result<(), Error> {
        self.end();
        if let Some(first) = &self.done[kind_slot(kind)] {
            return Err(Error::new(ErrorKind::DuplicateKind {
                kind,
                first: first.clone(),
            })
            .in_file(name));
        }
        if kind != FileKind::Ratings {
            if let Some(ratings) = &self.done[kind_slot(FileKind::Ratings)] {
                return Err(Error::new(ErrorKind::OutOfOrder {
                    kind,
                    ratings: ratings.clone(),
                })
                .in_file(name));
            }
        }
        self.start(kind, name);
        Ok(())
    }

    /// [`Self::begin`] without its checks, for a plan that has made them:
    /// ends the file in progress and starts this one.
    pub(super) fn start(&mut self, kind: FileKind, name: &str) {
        self.end();
        self.done[kind_slot(kind)] = Some(name.to_owned());
        self.cleaner.lineage_mut().file_mut(kind).name = name.to_owned();
        self.splitter = LineSplitter::new();
        self.current = Some(kind);
        self.started = (self.clock)();
    }

    /// Says the release's schema (ML-1M's unless told): before the first
    /// file.
    pub fn set_schema(&mut self, schema: crate::model::Schema) {
        self.cleaner.set_schema(schema);
    }

    /// Says how the file of `kind` writes its records (`::` unless told).
    pub fn set_format(&mut self, kind: FileKind, format: crate::vocab::Format) {
        self.cleaner.set_format(kind, format);
    }

    /// Feeds the next chunk of the current file (ignored when none is begun).
    // Never inlined: the line loop is inside, and every way of loading
    // (bytes, files, zip entries) shares one copy of it in wasm.
    #[inline(never)]
    pub fn feed(&mut self, chunk: &[u8]) {
        let Some(kind) = self.current else { return };
        let cleaner = &mut self.cleaner;
        self.splitter.feed(chunk, |line| cleaner.line(kind, line));
    }

    /// Ends the current file.
    pub fn end(&mut self) {
        let Some(kind) = self.current.take() else {
            return;
        };
        let cleaner = &mut self.cleaner;
        self.splitter.finish(|line| cleaner.line(kind, line));
        let bytes = self.splitter.bytes();
        let ms = (self.clock)() - self.started;
        let lineage = self.cleaner.lineage_mut();
        lineage.file_mut(kind).bytes = bytes;
        lineage.time(&format!("read + clean {}", kind.file_name()), ms);
    }

    /// The kind of the file in progress.
    pub fn current(&self) -> Option<FileKind> {
        self.current
    }

    /// Lines read so far of the current (or the last ended) file.
    pub fn lines_read(&self) -> u64 {
        self.splitter.lines()
    }

    /// The cleaner, for progress (rows accepted so far).
    pub fn cleaner(&self) -> &Cleaner {
        &self.cleaner
    }

    /// The cleaned tables of the complete lines fed so far (a line cut by
    /// the end of the last chunk waits for the next), without ending the
    /// load: see [`Cleaner::snapshot`].
    pub fn snapshot(&self) -> Cleaned {
        self.cleaner.snapshot()
    }

    /// Kinds not given.
    pub fn missing(&self) -> Vec<FileKind> {
        FileKind::ALL
            .into_iter()
            .filter(|k| self.done[kind_slot(*k)].is_none())
            .collect()
    }

    /// Ends the current file, resolves duplicate ratings, and returns the
    /// cleaned tables.
    pub fn finish(mut self) -> Cleaned {
        self.end();
        let t0 = (self.clock)();
        let mut cleaned = self.cleaner.finish();
        cleaned
            .lineage
            .time("de-duplicate ratings", (self.clock)() - t0);
        cleaned
    }
}

fn kind_slot(kind: FileKind) -> usize {
    match kind {
        FileKind::Users => 0,
        FileKind::Movies => 1,
        FileKind::Ratings => 2,
    }
}
