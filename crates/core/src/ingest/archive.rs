//! Reading the three tables straight out of the `ml-1m.zip` GroupLens
//! distributes (entries `ml-1m/users.dat` and so on), with limits that
//! refuse zip bombs.
//!
//! The load is written once, as [`load_zip_paused`]: an `async fn` that
//! inflates each table entry as a stream into the [`Loader`] and, every
//! [`PAUSE_BYTES`] of inflated data, awaits a `pause` callback given where
//! it is. The web worker's pause yields to the event loop (so a cancel or a
//! newer load is seen) and says whether to go on; [`load_zip`] is the same
//! load with a pause that is always ready, run to completion at once.

use std::future::Future;
use std::io::{Read, Seek};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use super::kind::{sniff, FileKind, Sniffed};
use super::{read_prefix, InputSet, Loader, CHUNK_BYTES};
use crate::clean::Cleaned;
use crate::error::{Error, ErrorKind};
use crate::lineage::Clock;

/// The most bytes one entry may expand to (ML-1M's ratings.dat is 24 MB;
/// the page could not hold much more than this anyway).
pub const MAX_ENTRY_BYTES: u64 = 2_000_000_000;

/// The largest expansion ratio accepted for entries over 1 MB. MovieLens
/// text compresses about 4:1; zip bombs reach 1000:1 and more.
pub const MAX_RATIO: u64 = 100;

/// Inflated bytes between two calls of the pause callback of
/// [`load_zip_paused`] (it is also called at the start and the end of each
/// table entry).
pub const PAUSE_BYTES: u64 = 4 * 1024 * 1024;

/// Where unpacking is, given to the pause callback of [`load_zip_paused`].
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

/// Loads users, movies and ratings from a zip archive. Entries are found by
/// content; entries that are not MovieLens tables (the README) are skipped,
/// but an entry named like a table must hold that table.
///
/// # Errors
/// [`ErrorKind::BadZip`] for bytes that are not a readable zip,
/// [`ErrorKind::ZipBomb`] for an entry over the limits, and the errors of
/// [`super::load_bytes`] for the tables in it.
pub fn load_zip<R: Read + Seek>(reader: R, name: &str, clock: Clock) -> Result<Cleaned, Error> {
    let load = pin!(load_zip_paused(reader, name, clock, |_| {
        std::future::ready(true)
    }));
    // Nothing in the load waits but the pause, which is always ready: one
    // poll runs it to the end.
    match load.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(Some(cleaned))) => Ok(cleaned),
        Poll::Ready(Err(e)) => Err(e),
        Poll::Ready(Ok(None)) | Poll::Pending => Err(Error::new(ErrorKind::Io(
            "internal: the zip load stopped although nothing asked it to".to_owned(),
        ))
        .in_file(name)),
    }
}

/// [`load_zip`], pausing as it inflates: `pause` is awaited at the start
/// and end of each table entry and after every [`PAUSE_BYTES`] inflated,
/// and resolves to whether to go on. `Ok(None)` when a pause said stop.
///
/// ```
/// use std::future::Future;
/// use std::io::{Cursor, Write};
/// use movielens_core::ingest::archive::load_zip_paused;
/// # let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
/// # for (name, text) in [("users.dat", "1::F::1::10::48067\n"),
/// #     ("movies.dat", "1::Toy Story (1995)::Comedy\n"), ("ratings.dat", "1::1::5::978300760\n")] {
/// #     zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
/// #     zip.write_all(text.as_bytes()).unwrap();
/// # }
/// # let bytes = zip.finish().unwrap().into_inner();
/// let mut seen = Vec::new();
/// let load = load_zip_paused(Cursor::new(bytes), "ml-1m.zip", || 0.0, |at| {
///     seen.push(at.entry);
///     std::future::ready(true)
/// });
/// // Any executor runs it; this one is always ready, so one poll is enough.
/// let waker = std::task::Waker::noop();
/// let done = std::pin::pin!(load).poll(&mut std::task::Context::from_waker(waker));
/// assert!(matches!(done, std::task::Poll::Ready(Ok(Some(_)))));
/// assert_eq!(seen, ["users.dat", "users.dat", "movies.dat", "movies.dat", "ratings.dat", "ratings.dat"]);
/// ```
///
/// # Errors
/// As [`load_zip`].
pub async fn load_zip_paused<R, P, F>(
    reader: R,
    name: &str,
    clock: Clock,
    mut pause: P,
) -> Result<Option<Cleaned>, Error>
where
    R: Read + Seek,
    P: FnMut(Unpacking) -> F,
    F: Future<Output = bool>,
{
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| unreadable(&e, name))?;
    let tables = find_tables(&mut zip, name)?;
    let mut loader = Loader::with_clock(clock);
    let mut lines = 0;
    for (kind, i, entry_name) in tables {
        let mut entry = zip.by_index(i).map_err(|e| unreadable(&e, name))?;
        loader.begin(kind, &entry_name)?;
        let mut at = Unpacking {
            entry: entry_name,
            inflated: 0,
            expected: entry.size(),
            lines,
        };
        let limit = expansion_limit(entry.compressed_size());
        let mut limited = LimitedRead::new(&mut entry, limit);
        let label = format!("{name}/{}", at.entry);
        let mut buf = vec![0u8; CHUNK_BYTES];
        let mut next_pause = 0;
        loop {
            if at.inflated >= next_pause {
                at.lines = lines + loader.lines_read();
                if !pause(at.clone()).await {
                    return Ok(None);
                }
                next_pause = at.inflated + PAUSE_BYTES;
            }
            match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    loader.feed(&buf[..n]);
                    at.inflated += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let e = Error::new(ErrorKind::Io(e.to_string())).in_file(&label);
                    return Err(bomb_or(e, &limited, &label));
                }
            }
        }
        loader.end();
        lines += loader.lines_read();
        at.lines = lines;
        if !pause(at).await {
            return Ok(None);
        }
    }
    Ok(Some(loader.finish()))
}

/// The first pass: sniffs every entry and returns the tables in load order
/// as `(kind, index, entry name)`.
fn find_tables<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<(FileKind, usize, String)>, Error> {
    let mut set = InputSet::new(zip.len());
    let mut names: Vec<(usize, String)> = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| unreadable(&e, name))?;
        let entry_name = entry.name().map_err(|e| unreadable(&e, name))?.into_owned();
        // Zips made on Windows may separate folders with '\'.
        let base = entry_name.rsplit(['/', '\\']).next().unwrap_or(&entry_name);
        let resource_fork =
            entry_name.starts_with("__MACOSX/") || entry_name.starts_with("__MACOSX\\");
        if entry.is_dir() || resource_fork || base.starts_with('.') {
            continue;
        }
        check_size(entry.size(), entry.compressed_size(), name, &entry_name)?;
        let label = format!("{name}/{entry_name}");
        let limit = expansion_limit(entry.compressed_size());
        let mut limited = LimitedRead::new(&mut entry, limit);
        let prefix = read_prefix(&mut limited, &label).map_err(|e| bomb_or(e, &limited, &label))?;
        match sniff(&prefix, &label) {
            Ok(sniffed @ Sniffed::Table(_)) => {
                set.add(i, &label, sniffed)?;
                names.push((i, entry_name));
            }
            // A zip in the zip, a README, a licence: not ours, skip.
            Ok(Sniffed::Zip) => {}
            Err(e) if FileKind::from_file_name(&entry_name).is_some() => return Err(e),
            Err(_) => {}
        }
    }
    let order = set.in_load_order().map_err(|e| e.in_file(name))?;
    Ok(order
        .into_iter()
        .map(|(kind, i)| {
            let entry_name = names
                .iter()
                .find(|(j, _)| *j == i)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            (kind, i, entry_name)
        })
        .collect())
}

/// A zip the `zip` crate cannot read (not a zip, truncated, damaged).
fn unreadable(e: &zip::result::ZipError, zip: &str) -> Error {
    Error::new(ErrorKind::BadZip(format!(
        "not a readable zip archive ({e})"
    )))
    .in_file(zip)
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

fn bomb_or<R: Read>(e: Error, limited: &LimitedRead<'_, R>, label: &str) -> Error {
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
struct LimitedRead<'a, R: Read> {
    inner: &'a mut R,
    left: u64,
    exceeded: bool,
}

impl<'a, R: Read> LimitedRead<'a, R> {
    fn new(inner: &'a mut R, limit: u64) -> Self {
        LimitedRead {
            inner,
            left: limit,
            exceeded: false,
        }
    }
}

impl<R: Read> Read for LimitedRead<'_, R> {
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
