//! Reading the three tables straight out of the `ml-1m.zip` GroupLens
//! distributes (entries `ml-1m/users.dat` and so on), with limits that
//! refuse zip bombs.
//!
//! [`Archive::open`] recognises the entries and plans the load;
//! [`Archive::next_entry`] opens the next table's entry, and
//! [`Entry::step`] inflates it into the load as a stream, stopping every
//! [`PAUSE_BYTES`] (and at the start and the end of each entry) with where
//! it is. Between steps the caller does what it needs: the web worker
//! reports progress and yields to the event loop, so a cancel or a newer
//! load is seen; [`load_zip`] just steps to the end.

use std::io::{Read, Seek};

use super::{Load, Offered, Plan};
use crate::clean::Cleaned;
use crate::error::{Error, ErrorKind};
use crate::ingest::{read_prefix, CHUNK_BYTES};
use crate::lineage::Clock;

/// The most bytes one entry may expand to (ML-1M's ratings.dat is 24 MB;
/// the page could not hold much more than this anyway).
pub const MAX_ENTRY_BYTES: u64 = 2_000_000_000;

/// The largest expansion ratio accepted for entries over 1 MB. MovieLens
/// text compresses about 4:1; zip bombs reach 1000:1 and more.
pub const MAX_RATIO: u64 = 100;

/// Inflated bytes between two stops of [`Entry::step`] (it also stops at
/// the start and the end of each table entry).
pub const PAUSE_BYTES: u64 = 4 * 1024 * 1024;

/// Where unpacking is, as [`Entry::step`] stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpacking {
    /// The entry being inflated, e.g. `ml-1m/ratings.dat`.
    pub entry: String,
    /// Bytes of this entry inflated so far.
    pub inflated: u64,
    /// The entry's size as its header states it (headers can lie: the
    /// limits hold whatever it says).
    pub expected: u64,
    /// Lines read so far, in all entries.
    pub lines: u64,
}

/// Loads users, movies and ratings from a zip archive, in one go. Entries
/// are found by content; entries that are not MovieLens tables (the README)
/// are skipped, but an entry named like a table must hold that table.
///
/// # Errors
/// [`ErrorKind::BadZip`] for bytes that are not a readable zip,
/// [`ErrorKind::ZipBomb`] for an entry over the limits, and the errors of
/// [`super::load_bytes`] for the tables in it.
pub fn load_zip<R: Read + Seek>(reader: R, name: &str, clock: Clock) -> Result<Cleaned, Error> {
    let (mut archive, mut load) = Archive::open(reader, name, clock)?;
    while let Some(mut entry) = archive.next_entry(&mut load)? {
        while entry.step()?.is_some() {}
    }
    Ok(load.finish())
}

/// A zip whose table entries have been recognised, to be read one after the
/// other into the [`Load`] planned for them.
///
/// ```
/// use std::io::{Cursor, Write};
/// use movielens_core::load::archive::Archive;
/// # let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
/// # for (name, text) in [("users.dat", "1::F::1::10::48067\n"),
/// #     ("movies.dat", "1::Toy Story (1995)::Comedy\n"), ("ratings.dat", "1::1::5::978300760\n")] {
/// #     zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
/// #     zip.write_all(text.as_bytes()).unwrap();
/// # }
/// # let bytes = zip.finish().unwrap().into_inner();
/// let (mut archive, mut load) = Archive::open(Cursor::new(bytes), "ml-1m.zip", || 0.0).unwrap();
/// let mut stops = Vec::new();
/// while let Some(mut entry) = archive.next_entry(&mut load).unwrap() {
///     // Between two steps: report progress, yield, or stop (drop it all).
///     while let Some(at) = entry.step().unwrap() {
///         stops.push(at.entry);
///     }
/// }
/// assert_eq!(stops, ["users.dat", "users.dat", "movies.dat", "movies.dat", "ratings.dat", "ratings.dat"]);
/// assert_eq!(load.finish().ratings.len(), 1);
/// ```
#[derive(Debug)]
pub struct Archive<R> {
    zip: zip::ZipArchive<R>,
    name: String,
    /// Index and name of each table entry.
    entries: Vec<(usize, String)>,
}

impl<R: Read + Seek> Archive<R> {
    /// Opens the zip named `name` (in messages), recognises its entries from
    /// their first bytes, and plans the load of its tables, timed with
    /// `clock`.
    ///
    /// # Errors
    /// As [`load_zip`], for everything found before inflating the tables.
    pub fn open(reader: R, name: &str, clock: Clock) -> Result<(Self, Load), Error> {
        let mut zip = zip::ZipArchive::new(reader).map_err(|e| unreadable(e, name))?;
        let (plan, entries) = find_tables(&mut zip, name)?;
        let load = plan.start(clock).map_err(|e| e.in_file(name))?;
        let archive = Archive {
            zip,
            name: name.to_owned(),
            entries,
        };
        Ok((archive, load))
    }

    /// Begins the next table of `load` and opens its entry; `None` once
    /// every table has been read.
    ///
    /// # Errors
    /// [`ErrorKind::BadZip`] when the entry cannot be opened.
    pub fn next_entry<'a>(&'a mut self, load: &'a mut Load) -> Result<Option<Entry<'a, R>>, Error> {
        let Some((_, i)) = load.next_table() else {
            return Ok(None);
        };
        let file = self
            .zip
            .by_index(i)
            .map_err(|e| unreadable(e, &self.name))?;
        let entry = self
            .entries
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        let limit = expansion_limit(file.compressed_size());
        let at = Unpacking {
            entry,
            inflated: 0,
            expected: file.size(),
            lines: load.lines(),
        };
        Ok(Some(Entry {
            label: format!("{}/{}", self.name, at.entry),
            file: LimitedRead::new(file, limit),
            load,
            at,
            next_stop: 0,
            buf: vec![0u8; CHUNK_BYTES],
            ended: false,
        }))
    }
}

/// One table entry being inflated into the load.
pub struct Entry<'a, R: Read> {
    file: LimitedRead<zip::read::ZipFile<'a, R>>,
    load: &'a mut Load,
    /// The entry in messages: `zip/entry`.
    label: String,
    at: Unpacking,
    /// Inflated bytes at which the next step stops.
    next_stop: u64,
    buf: Vec<u8>,
    ended: bool,
}

impl<R: Read> std::fmt::Debug for Entry<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("at", &self.at)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl<R: Read> Entry<'_, R> {
    /// The load the entry is inflated into (for a provisional
    /// [`Load::snapshot`] between steps).
    pub fn load(&self) -> &Load {
        self.load
    }

    /// Inflates into the load until the next stop: before the first byte,
    /// after every [`PAUSE_BYTES`] inflated, and once the entry's table is
    /// ended. Returns where unpacking is at that stop; `None` after the
    /// last one.
    ///
    /// # Errors
    /// [`ErrorKind::ZipBomb`] when the entry expands beyond its limit,
    /// [`ErrorKind::Io`] when it cannot be inflated (damaged data), naming
    /// the entry within the zip.
    pub fn step(&mut self) -> Result<Option<Unpacking>, Error> {
        self.step_with(|_, _| {})
    }

    /// [`step`](Self::step), calling `read` with the load and where
    /// unpacking is after each read fed to the load (at most
    /// [`CHUNK_BYTES`] inflated): between stops, which come only every
    /// [`PAUSE_BYTES`], the page's worker follows the ratings read for its
    /// provisional dashboards.
    ///
    /// # Errors
    /// As [`step`](Self::step).
    pub fn step_with(
        &mut self,
        mut read: impl FnMut(&Load, &Unpacking),
    ) -> Result<Option<Unpacking>, Error> {
        if self.ended {
            return Ok(None);
        }
        loop {
            if self.at.inflated >= self.next_stop {
                self.at.lines = self.load.lines();
                self.next_stop = self.at.inflated + PAUSE_BYTES;
                return Ok(Some(self.at.clone()));
            }
            match self.file.read(&mut self.buf) {
                Ok(0) => {
                    self.load.end_table();
                    self.at.lines = self.load.lines();
                    self.ended = true;
                    return Ok(Some(self.at.clone()));
                }
                Ok(n) => {
                    self.load.feed(&self.buf[..n]);
                    self.at.inflated += n as u64;
                    read(self.load, &self.at);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let e = Error::io(e).in_file(&self.label);
                    return Err(bomb_or(e, &self.file, &self.label));
                }
            }
        }
    }
}

/// The first pass: sniffs every entry and plans the tables found, with the
/// index and name of each table entry.
fn find_tables<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<(Plan, Vec<(usize, String)>), Error> {
    let mut plan = Plan::new(zip.len());
    let mut names: Vec<(usize, String)> = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| unreadable(e, name))?;
        let entry_name = entry.name().map_err(|e| unreadable(e, name))?.into_owned();
        // Zips made on Windows may separate folders with '\'.
        let base = entry_name.rsplit(['/', '\\']).next().unwrap_or(&entry_name);
        let resource_fork =
            entry_name.starts_with("__MACOSX/") || entry_name.starts_with("__MACOSX\\");
        if entry.is_dir() || resource_fork {
            continue;
        }
        if base.starts_with('.') {
            // .DS_Store, ._users.dat (AppleDouble): said, not read.
            plan.ignore(&entry_name);
            continue;
        }
        check_size(entry.size(), entry.compressed_size(), name, &entry_name)?;
        let label = format!("{name}/{entry_name}");
        let limit = expansion_limit(entry.compressed_size());
        // By value, as in `Entry`: one copy of the limited read in wasm.
        let mut limited = LimitedRead::new(entry, limit);
        let prefix = read_prefix(&mut limited, &label).map_err(|e| bomb_or(e, &limited, &label))?;
        // A README, a licence, links.csv, a zip in the zip: not read, but
        // listed (and telling of the release when tables are missing).
        if let Offered::Table(_) = plan.offer(i, &label, &entry_name, &prefix)? {
            names.push((i, entry_name));
        }
    }
    Ok((plan, names))
}

/// A zip the `zip` crate cannot read (not a zip, truncated, damaged).
fn unreadable(e: zip::result::ZipError, zip: &str) -> Error {
    Error::new(ErrorKind::BadZip(format!(
        "not a readable zip archive ({e})"
    )))
    .in_file(zip)
    .caused_by(e)
}

fn check_size(size: u64, compressed: u64, zip: &str, entry: &str) -> Result<(), Error> {
    let bomb = size > expansion_limit(compressed);
    if bomb {
        return Err(Error::new(ErrorKind::ZipBomb {
            limit: MAX_ENTRY_BYTES,
        })
        .in_file(&format!("{zip}/{entry}")));
    }
    Ok(())
}

fn bomb_or<R: Read>(e: Error, limited: &LimitedRead<R>, label: &str) -> Error {
    if limited.exceeded {
        Error::new(ErrorKind::ZipBomb {
            limit: MAX_ENTRY_BYTES,
        })
        .in_file(label)
    } else {
        e
    }
}

/// The most bytes an entry of this compressed size may expand to.
fn expansion_limit(compressed: u64) -> u64 {
    compressed
        .saturating_mul(MAX_RATIO)
        .clamp(1_000_000, MAX_ENTRY_BYTES)
}

/// Reads an entry but fails once it yields more than its limit: the sizes in
/// a zip's headers can lie.
struct LimitedRead<R: Read> {
    inner: R,
    left: u64,
    exceeded: bool,
}

impl<R: Read> LimitedRead<R> {
    fn new(inner: R, limit: u64) -> Self {
        LimitedRead {
            inner,
            left: limit,
            exceeded: false,
        }
    }
}

impl<R: Read> Read for LimitedRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            self.exceeded = true;
            return Err(std::io::Error::other(
                "entry expands beyond the safety limit (a zip bomb?)",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}
