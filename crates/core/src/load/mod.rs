//! The one load path, above ingest (bytes → lines → fields) and cleansing
//! (rules, rejects, de-duplication): which input holds which table, the
//! order tables are cleaned in, and the reading of each into the cleaner.
//!
//! It does no I/O: callers read bytes (from a slice, a `std::io::Read`, a
//! zip entry, a browser `File`) and hand them over. A load has two phases:
//!
//! 1. a [`Plan`]: each input is added with its first bytes (up to
//!    [`SNIFF_BYTES`](crate::ingest::kind::SNIFF_BYTES)); the plan
//!    recognises its table, or says it is a zip to load on its own, or
//!    refuses it (not MovieLens, a name that says another table, a table
//!    given twice). [`Plan::start`] then fixes the order (users, movies,
//!    ratings) or says which table is missing;
//! 2. a [`Load`]: [`Load::next_table`] says which input to read next, the
//!    caller feeds its bytes, and [`Load::finish`] returns the cleaned
//!    tables with their lineage and stage timings.
//!
//! [`load_bytes`] is that path for inputs in memory; [`archive`] reads the
//! tables out of a zip the same way; the CLI feeds files and pipes, the web
//! worker the page's `File`s.

pub mod archive;
mod loader;
pub mod release;

use std::io::Read;

use crate::clean::Cleaned;
use crate::error::{Error, ErrorKind};
use crate::ingest::kind::{sniff, Sniffed};
use crate::ingest::CHUNK_BYTES;
use crate::lineage::{native_clock, Clock};
use crate::model::{ReleaseKey, Schema};
use crate::vocab::{FileKind, Format, Release};
pub use loader::Loader;
use release::{Evidence, Ignored, Unneeded};

/// Sniffs each named input, checks that the three tables are there once
/// each (a name such as `users.dat` must hold users), and loads them in
/// order. An input may also be a whole zip archive.
///
/// ```
/// use movielens_core::load::load_bytes;
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
    let mut plan = Plan::new(inputs.len());
    for (i, (name, bytes)) in inputs.iter().enumerate() {
        if plan.add(i, name, bytes)? == Sniffed::Zip {
            return archive::load_zip(std::io::Cursor::new(bytes), name, clock);
        }
    }
    let mut load = plan.start(clock)?;
    while let Some((_, i)) = load.next_table() {
        load.feed_all(inputs[i].1);
    }
    Ok(load.finish())
}

/// One input that holds a table.
#[derive(Debug)]
struct Table {
    kind: FileKind,
    format: Format,
    /// The caller's number for the input.
    id: usize,
    /// The name in messages.
    name: String,
    /// The name in the lineage.
    lineage_name: String,
}

/// Which input holds which table: the checks every way of loading shares
/// (bytes in memory, files on disk, the page's `File`s, zip entries). Add
/// each input with its first bytes, then [`start`](Self::start) the load.
///
/// ```
/// use movielens_core::load::Plan;
/// use movielens_core::FileKind;
/// let inputs: [(&str, &[u8]); 3] = [
///     ("r.dat", b"1::1::5::978300760\n"),
///     ("u.dat", b"1::F::1::10::48067\n"),
///     ("m.dat", b"1::Toy Story (1995)::Comedy\n"),
/// ];
/// let mut plan = Plan::new(inputs.len());
/// for (i, (name, bytes)) in inputs.iter().enumerate() {
///     plan.add(i, name, bytes).unwrap(); // only the first 64 KiB are needed
/// }
/// let mut load = plan.start(|| 0.0).unwrap();
/// let mut order = Vec::new();
/// while let Some((kind, i)) = load.next_table() {
///     order.push(kind);
///     load.feed(inputs[i].1); // in chunks of any size
/// }
/// assert_eq!(order, FileKind::ALL);
/// assert_eq!(load.finish().ratings.len(), 1);
/// ```
#[derive(Debug)]
pub struct Plan {
    inputs: usize,
    tables: Vec<Table>,
    /// Zips [`offered`](Self::offer) (number, name in messages, in the lineage).
    zips: Vec<(usize, String, String)>,
    /// Inputs offered that are not tables.
    ignored: Vec<Ignored>,
    /// Why the first of them is not a table.
    refused: Option<Error>,
    evidence: Evidence,
}

/// What [`Plan::offer`] made of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    /// One of the three tables: it will be read.
    Table(FileKind),
    /// A zip: read on its own when no table is given
    /// ([`Plan::zip_alone`]), else ignored.
    Zip,
    /// Not a table (a README, `links.csv`, a picture): not read.
    Ignored,
}

impl Plan {
    /// For `inputs` inputs in all.
    pub fn new(inputs: usize) -> Self {
        Plan {
            inputs,
            tables: Vec::new(),
            zips: Vec::new(),
            ignored: Vec::new(),
            refused: None,
            evidence: Evidence::default(),
        }
    }

    /// Offers input `id`, as a whole folder or zip holds it beside files
    /// that are not tables: like [`Self::add`], but what is not a table is
    /// [ignored](Self::ignored) instead of refused, unless its name says a
    /// table (`users.dat` holding a picture is a broken table) and its
    /// content no other release. `name` is used in messages and to
    /// recognise a release (a path such as `ml-100k/u.info` tells more
    /// than `u.info`), `lineage_name` in the lineage and the ignored list.
    ///
    /// ```
    /// use movielens_core::load::{Offered, Plan};
    /// use movielens_core::FileKind;
    /// let mut plan = Plan::new(4);
    /// assert_eq!(plan.offer(0, "ml-1m/README", "README", b"SUMMARY\n").unwrap(), Offered::Ignored);
    /// plan.offer(1, "u", "u", b"1::F::1::10::48067\n").unwrap();
    /// plan.offer(2, "m", "m", b"1::Toy Story (1995)::Comedy\n").unwrap();
    /// assert_eq!(plan.offer(3, "r", "r", b"1::1::5::978300760\n").unwrap(), Offered::Table(FileKind::Ratings));
    /// assert_eq!(plan.ignored()[0].name, "README");
    /// let mut load = plan.start(|| 0.0).unwrap();
    /// while load.next_table().is_some() {}
    /// assert_eq!(load.ignored().len(), 1);
    /// ```
    ///
    /// # Errors
    /// A broken table (the errors of [`sniff`] for an input named like a
    /// table), and those of [`Self::add_sniffed`] for a table.
    pub fn offer(
        &mut self,
        id: usize,
        name: &str,
        lineage_name: &str,
        prefix: &[u8],
    ) -> Result<Offered, Error> {
        // One look at the prefix serves the table and the release.
        let sniffed = sniff(prefix, name);
        let content = release::from_sniffed(prefix, sniffed.as_ref().ok().copied());
        self.evidence.note(name, content);
        match sniffed {
            Ok(sniffed @ Sniffed::Table(kind, _)) if !release::is_split(name) => {
                self.add_sniffed(id, name, lineage_name, sniffed)?;
                Ok(Offered::Table(kind))
            }
            Ok(Sniffed::Table(..)) => {
                self.ignored.push(Ignored {
                    name: lineage_name.to_owned(),
                    why: Unneeded::Split,
                });
                Ok(Offered::Ignored)
            }
            Ok(Sniffed::Zip) => {
                self.zips
                    .push((id, name.to_owned(), lineage_name.to_owned()));
                Ok(Offered::Zip)
            }
            Err(e) => {
                if FileKind::from_file_name(name).is_some() && content.is_none() {
                    return Err(e);
                }
                self.ignore(lineage_name);
                self.refused.get_or_insert(e);
                Ok(Offered::Ignored)
            }
        }
    }

    /// Records an input not read at all (a hidden file such as
    /// `.DS_Store`): it is only listed as ignored.
    pub fn ignore(&mut self, lineage_name: &str) {
        self.ignored.push(Ignored {
            name: lineage_name.to_owned(),
            why: Unneeded::NotATable,
        });
    }

    /// The inputs offered that are not read.
    pub fn ignored(&self) -> &[Ignored] {
        &self.ignored
    }

    /// The zip to load on its own instead, when the inputs
    /// [offered](Self::offer) hold no table but one zip (beside a README,
    /// say): its number.
    pub fn zip_alone(&self) -> Option<usize> {
        match self.zips.as_slice() {
            [(id, _, _)] if self.tables.is_empty() => Some(*id),
            _ => None,
        }
    }

    /// Recognises input `id`, named `name` (in messages and in the lineage),
    /// from its first bytes, `prefix` (at most
    /// [`SNIFF_BYTES`](crate::ingest::kind::SNIFF_BYTES) are looked at).
    /// `Ok(Sniffed::Zip)` means it is a zip, the only input, to be loaded
    /// on its own with [`archive`] instead.
    ///
    /// # Errors
    /// The errors of [`sniff`] (empty, binary, UTF-16, CSV, not
    /// MovieLens), and those of [`Self::add_sniffed`].
    pub fn add(&mut self, id: usize, name: &str, prefix: &[u8]) -> Result<Sniffed, Error> {
        self.add_sniffed(id, name, name, sniff(prefix, name)?)
    }

    /// Records what input `id` holds, already recognised: `name` is used
    /// in messages, `lineage_name` in the lineage (the CLI shows the path
    /// in messages and the file name in reports; a zip entry is named with
    /// its zip in messages). `Ok(Sniffed::Zip)` as for [`Self::add`].
    ///
    /// # Errors
    /// A zip among other inputs ([`ErrorKind::BadZip`]), a name that says
    /// another table ([`ErrorKind::WrongKind`]), or a table given twice
    /// ([`ErrorKind::DuplicateKind`]), naming the input.
    pub fn add_sniffed(
        &mut self,
        id: usize,
        name: &str,
        lineage_name: &str,
        sniffed: Sniffed,
    ) -> Result<Sniffed, Error> {
        let (kind, format) = match sniffed {
            Sniffed::Zip if self.inputs == 1 => return Ok(sniffed),
            Sniffed::Zip => {
                return Err(Error::new(ErrorKind::BadZip(
                    "give the zip on its own, not together with other files".to_owned(),
                ))
                .in_file(name))
            }
            Sniffed::Table(kind, format) => (kind, format),
        };
        check_name(kind, name)?;
        if let Some(first) = self.tables.iter().find(|t| t.kind == kind) {
            return Err(Error::new(ErrorKind::DuplicateKind {
                kind,
                first: first.name.clone(),
            })
            .in_file(name));
        }
        self.tables.push(Table {
            kind,
            format,
            id,
            name: name.to_owned(),
            lineage_name: lineage_name.to_owned(),
        });
        Ok(sniffed)
    }

    /// Fixes the order the tables are cleaned in (users, movies, ratings:
    /// ratings are checked against the accepted users and movies) and
    /// starts the load, timing its stages with `clock`.
    ///
    /// # Errors
    /// When a table is missing: [`ErrorKind::OtherRelease`] when the inputs
    /// are those of another release (ML-100K, ML-10M, a CSV release); the
    /// error of the one input given when it is not a table at all; else
    /// [`ErrorKind::Missing`] for the first table not given. None is tied
    /// to a side file: the caller knows what was given.
    pub fn start(mut self, clock: Clock) -> Result<Load, Error> {
        let schema = self.schema();
        let mut order = Vec::with_capacity(FileKind::ALL.len());
        for kind in FileKind::ALL {
            let Some(at) = self.tables.iter().position(|t| t.kind == kind) else {
                if kind == FileKind::Users && !schema.demographics {
                    continue;
                }
                return Err(self.missing(kind));
            };
            order.push(self.tables.swap_remove(at));
        }
        for (_, _, lineage_name) in self.zips {
            self.ignored.push(Ignored {
                name: lineage_name,
                why: Unneeded::ZipBesideTables,
            });
        }
        let mut loader = Loader::with_clock(clock);
        loader.set_schema(schema);
        Ok(Load {
            loader,
            named: self.evidence.named(),
            order: order.into_iter(),
            lines_before: 0,
            bytes: 0,
            ignored: self.ignored,
        })
    }

    /// The release the tables are from, as far as their formats and the
    /// evidence tell before reading them: ML-100K's `u.data`, a CSV
    /// release's `ratings.csv`, ML-10M's `::` ratings (half stars, tags,
    /// a name) without a users file, else ML-1M.
    fn schema(&self) -> Schema {
        let ratings = self.tables.iter().find(|t| t.kind == FileKind::Ratings);
        let has_users = self.tables.iter().any(|t| t.kind == FileKind::Users);
        match ratings.map(|t| t.format) {
            Some(Format::Tab) => Schema::ML100K,
            // A users file given beside a newer release's ratings blends in.
            Some(Format::Csv) => Schema {
                demographics: has_users,
                ..Schema::MODERN
            },
            _ if !has_users && self.evidence.release() == Some(Release::Ml10m) => Schema {
                release: ReleaseKey::Ml10m,
                ..Schema::MODERN
            },
            _ => Schema::ML1M,
        }
    }

    /// Why a load without a `kind` table cannot start.
    fn missing(&mut self, kind: FileKind) -> Error {
        if let Some(release) = self.evidence.release().filter(|r| *r != Release::Ml1m) {
            return Error::new(ErrorKind::OtherRelease(release));
        }
        if self.zips.len() > 1 && self.tables.is_empty() {
            return Error::new(ErrorKind::BadZip(
                "several zips were given: give one zip, or the files of one release".to_owned(),
            ));
        }
        match self.refused.take() {
            Some(refused) if self.inputs == 1 => refused,
            _ => Error::new(ErrorKind::Missing(kind)),
        }
    }
}

/// A file named like one table (`users.dat`) must hold that table.
fn check_name(found: FileKind, name: &str) -> Result<(), Error> {
    match FileKind::from_file_name(name) {
        Some(expected) if expected != found => {
            Err(Error::new(ErrorKind::WrongKind { expected, found }).in_file(name))
        }
        _ => Ok(()),
    }
}

/// A planned load under way: the tables in order, each fed by the caller,
/// with the progress so far.
#[derive(Debug)]
pub struct Load {
    loader: Loader,
    /// The release a file or folder name says.
    named: Option<Release>,
    order: std::vec::IntoIter<Table>,
    /// Lines of the tables already ended.
    lines_before: u64,
    /// Bytes fed so far, in all tables.
    bytes: u64,
    /// The inputs offered that are not read.
    ignored: Vec<Ignored>,
}

impl Load {
    /// Ends the table in progress and begins the next one: the kind and the
    /// number of the input to feed now. `None` once every table is begun.
    pub fn next_table(&mut self) -> Option<(FileKind, usize)> {
        self.end_table();
        let table = self.order.next()?;
        self.loader.start(table.kind, &table.lineage_name);
        self.loader.set_format(table.kind, table.format);
        Some((table.kind, table.id))
    }

    /// Ends the table in progress (its lines are then counted in
    /// [`Self::lines`] for good); the next [`Self::next_table`] or
    /// [`Self::finish`] does it too.
    pub fn end_table(&mut self) {
        if self.loader.current().is_some() {
            self.loader.end();
            self.lines_before += self.loader.lines_read();
        }
    }

    /// Feeds the next chunk of the current table; chunks may be cut
    /// anywhere, even inside a line or a UTF-8 character.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.bytes += chunk.len() as u64;
        self.loader.feed(chunk);
    }

    /// Feeds a whole table held in memory, in chunks as a file is read.
    pub fn feed_all(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(CHUNK_BYTES) {
            self.feed(chunk);
        }
    }

    /// Feeds the rest of `reader` to the current table, to its end. Each
    /// byte is read once, so a pipe works: feed what was read to sniff it
    /// first.
    ///
    /// # Errors
    /// [`ErrorKind::Io`] naming `name` when reading fails (the I/O error
    /// is its source).
    pub fn feed_reader(&mut self, reader: &mut dyn Read, name: &str) -> Result<(), Error> {
        let mut buf = vec![0u8; CHUNK_BYTES];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(()),
                Ok(n) => self.feed(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(e).in_file(name)),
            }
        }
    }

    /// The kind of the table in progress.
    pub fn current(&self) -> Option<FileKind> {
        self.loader.current()
    }

    /// The inputs offered to the plan that are not read, and why.
    pub fn ignored(&self) -> &[Ignored] {
        &self.ignored
    }

    /// Lines read so far, in all tables (for progress).
    pub fn lines(&self) -> u64 {
        match self.loader.current() {
            Some(_) => self.lines_before + self.loader.lines_read(),
            None => self.lines_before,
        }
    }

    /// Bytes fed so far, in all tables (for progress).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The cleaner of the load, for a provisional dashboard that follows
    /// the ratings as they come
    /// ([`ProgressiveDashboard`](crate::analytics::ProgressiveDashboard)).
    pub fn cleaner(&self) -> &crate::clean::Cleaner {
        self.loader.cleaner()
    }

    /// A provisional result while the load goes on: the cleaned tables of
    /// the complete lines fed so far, duplicates so far resolved, equal to
    /// a whole load of those lines (without the rejected rows and warnings
    /// themselves, only their counts): see
    /// [`Cleaner::snapshot`](crate::clean::Cleaner::snapshot).
    pub fn snapshot(&self) -> Cleaned {
        self.loader.snapshot()
    }

    /// Ends the table in progress, resolves duplicate ratings, and returns
    /// the cleaned tables, their release decided from the content, a name
    /// and the counts ([`release::key`]). Tables not begun stay empty (a
    /// caller that stops early gets what it fed).
    pub fn finish(self) -> Cleaned {
        let mut cleaned = self.loader.finish();
        cleaned.schema.release = release::key(cleaned.schema.release, self.named, &cleaned.lineage);
        cleaned
    }
}
