//! Ingestion: bytes in chunks → lines → the cleansing sink, one file at a
//! time, with the file kind recognised from content.

pub mod archive;
pub mod kind;
pub mod lines;

use std::io::Read;

use crate::clean::{Cleaned, Cleaner};
use crate::error::{Error, ErrorKind};
use crate::lineage::{native_clock, Clock};
use kind::{sniff, FileKind, Sniffed, SNIFF_BYTES};
use lines::LineSplitter;

/// Bytes read at a time by the helpers that pull from a reader.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Drives the whole load: `begin` a file, `feed` its chunks, `end` it; users
/// and movies before ratings (ratings are checked against them); then
/// `finish`.
///
/// ```
/// use movielens_core::ingest::{kind::FileKind, Loader};
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
    /// already. Users or movies after ratings have begun are refused the
    /// same way, since ratings have already been checked against them.
    pub fn begin(&mut self, kind: FileKind, name: &str) -> Result<(), Error> {
        self.end();
        let slot = kind_slot(kind);
        if let Some(first) = &self.done[slot] {
            return Err(Error::new(ErrorKind::DuplicateKind {
                kind,
                first: first.clone(),
            })
            .in_file(name));
        }
        if kind != FileKind::Ratings {
            if let Some(ratings) = &self.done[kind_slot(FileKind::Ratings)] {
                return Err(Error::new(ErrorKind::Io(format!(
                    "{kind} must be loaded before the ratings ({ratings})"
                )))
                .in_file(name));
            }
        }
        self.done[slot] = Some(name.to_owned());
        self.cleaner.lineage_mut().file_mut(kind).name = name.to_owned();
        self.splitter = LineSplitter::new();
        self.current = Some(kind);
        self.started = (self.clock)();
        Ok(())
    }

    /// Feeds the next chunk of the current file (ignored when none is begun).
    // Never inlined: the line loop is inside, and every way of loading
    // (bytes, files, the zip's async load) shares one copy of it in wasm.
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

    /// Lines read so far of the current file.
    pub fn lines_read(&self) -> u64 {
        self.splitter.lines()
    }

    /// The cleaner, for progress (rows accepted so far).
    pub fn cleaner(&self) -> &Cleaner {
        &self.cleaner
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

/// Reads up to [`SNIFF_BYTES`] from `reader` (fewer only at its end).
///
/// # Errors
/// [`ErrorKind::Io`] when reading fails.
pub fn read_prefix(reader: &mut dyn Read, name: &str) -> Result<Vec<u8>, Error> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    reader
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| Error::new(ErrorKind::Io(e.to_string())).in_file(name))?;
    Ok(prefix)
}

/// Feeds `prefix` and then the rest of `reader` to the loader's current file.
///
/// # Errors
/// [`ErrorKind::Io`] when reading fails.
pub fn feed_reader(
    loader: &mut Loader,
    prefix: &[u8],
    reader: &mut dyn Read,
    name: &str,
) -> Result<(), Error> {
    loader.feed(prefix);
    let mut buf = vec![0u8; CHUNK_BYTES];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => loader.feed(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::new(ErrorKind::Io(e.to_string())).in_file(name)),
        }
    }
}

/// Sniffs each named input, checks that the three tables are there once
/// each (a name such as `users.dat` must hold users), and loads them in
/// order. An input may also be a whole zip archive.
///
/// ```
/// use movielens_core::ingest::load_bytes;
/// let cleaned = load_bytes(&[
///     ("r.dat", &b"1::1::5::978300760\n"[..]),
///     ("u.dat", b"1::F::1::10::48067\n"),
///     ("m.dat", b"1::Toy Story (1995)::Animation|Children's|Comedy\n"),
/// ]).unwrap();
/// assert_eq!((cleaned.users.len(), cleaned.movies.len(), cleaned.ratings.len()), (1, 1, 1));
/// ```
///
/// # Errors
/// The first bad input: unreadable, not MovieLens, of the wrong or a
/// repeated kind, a missing table, or a bad zip.
pub fn load_bytes(inputs: &[(&str, &[u8])]) -> Result<Cleaned, Error> {
    load_bytes_with_clock(inputs, native_clock)
}

/// [`load_bytes`] with a given clock.
///
/// # Errors
/// As [`load_bytes`].
pub fn load_bytes_with_clock(inputs: &[(&str, &[u8])], clock: Clock) -> Result<Cleaned, Error> {
    let mut set = InputSet::new(inputs.len());
    for (i, (name, bytes)) in inputs.iter().enumerate() {
        if set.add(i, name, sniff(bytes, name)?)? {
            return archive::load_zip(std::io::Cursor::new(bytes), name, clock);
        }
    }
    let mut loader = Loader::with_clock(clock);
    for (kind, i) in set.in_load_order()? {
        let (name, bytes) = inputs[i];
        loader.begin(kind, name)?;
        for chunk in bytes.chunks(CHUNK_BYTES) {
            loader.feed(chunk);
        }
    }
    Ok(loader.finish())
}

/// Which input holds which table: the checks every way of loading shares
/// (bytes in memory, files on disk, the page's `File`s, zip entries). Add
/// each input as it is sniffed, then ask for the load order.
#[derive(Debug)]
pub struct InputSet {
    inputs: usize,
    tables: Vec<(FileKind, usize, String)>,
}

impl InputSet {
    /// For `inputs` inputs in all.
    pub fn new(inputs: usize) -> Self {
        InputSet {
            inputs,
            tables: Vec::new(),
        }
    }

    /// Records what input `index`, named `name`, holds. `Ok(true)` means it
    /// is a zip, to be loaded on its own instead.
    ///
    /// # Errors
    /// A zip among other inputs ([`ErrorKind::BadZip`]), a name that says
    /// another table ([`ErrorKind::WrongKind`]), or a table given twice
    /// ([`ErrorKind::DuplicateKind`]), naming the input.
    pub fn add(&mut self, index: usize, name: &str, sniffed: Sniffed) -> Result<bool, Error> {
        match sniffed {
            Sniffed::Zip if self.inputs == 1 => Ok(true),
            Sniffed::Zip => Err(Error::new(ErrorKind::BadZip(
                "give the zip on its own, not together with other files".to_owned(),
            ))
            .in_file(name)),
            Sniffed::Table(kind) => {
                check_name(kind, name)?;
                if let Some((_, _, first)) = self.tables.iter().find(|(k, _, _)| *k == kind) {
                    return Err(Error::new(ErrorKind::DuplicateKind {
                        kind,
                        first: first.clone(),
                    })
                    .in_file(name));
                }
                self.tables.push((kind, index, name.to_owned()));
                Ok(false)
            }
        }
    }

    /// The inputs in the order they must be cleaned (users, movies,
    /// ratings), as `(kind, index)`.
    ///
    /// # Errors
    /// [`ErrorKind::Missing`] for the first table not given.
    pub fn in_load_order(mut self) -> Result<Vec<(FileKind, usize)>, Error> {
        for kind in FileKind::ALL {
            if !self.tables.iter().any(|(k, _, _)| *k == kind) {
                return Err(Error::new(ErrorKind::Missing(kind)));
            }
        }
        self.tables.sort_by_key(|(k, _, _)| *k);
        Ok(self.tables.into_iter().map(|(k, i, _)| (k, i)).collect())
    }
}

/// A file named like one table (`users.dat`) must hold that table.
///
/// # Errors
/// [`ErrorKind::WrongKind`] naming the file.
pub fn check_name(found: FileKind, name: &str) -> Result<(), Error> {
    match FileKind::from_file_name(name) {
        Some(expected) if expected != found => {
            Err(Error::new(ErrorKind::WrongKind { expected, found }).in_file(name))
        }
        _ => Ok(()),
    }
}

/// The parsing half of ingest alone, for benchmarks: split into lines,
/// decode, split on `::`, no rules. Returns the number of fields seen.
pub fn parse_only(inputs: &[(&str, &[u8])]) -> usize {
    let mut fields = 0;
    for (_, bytes) in inputs {
        let mut split = LineSplitter::new();
        let mut count = |line: lines::Line<'_>| {
            let (text, _) = lines::decode(line.bytes);
            let mut f = [""; 5];
            fields += lines::split_fields(&text, &mut f);
        };
        for chunk in bytes.chunks(CHUNK_BYTES) {
            split.feed(chunk, &mut count);
        }
        split.finish(&mut count);
    }
    fields
}
